"""The Ray runner (``--runner ray``): the same batch on Ray Data, on this machine or a cluster.

Method. The items still to do (resume has already skipped the ids in the output) become a
Ray dataset of blocks of ``group`` articles, in input order. Two stages:

1. **Tasks** (one CPU each, as many at once as the cluster has CPUs): read, segment and
   compare each article of a block. Without a model (extractive, lead) the task also makes
   the summaries and returns finished lines; otherwise it returns the prepared articles.
2. **Model actors**, only with a model: ``actors`` actors (``gpus_per_actor`` GPUs each)
   that load the model once and summarize all speakers of a block of articles per call.

The driver iterates the result in input order (Ray Data's ``preserve_order``) and writes
each line as it arrives, so a kill loses nothing already written. Every line is made by the
same functions as the local runners (:mod:`summarizer.batch.lines`), so the output is
byte-identical to ``--runner local`` (on the same devices).

Connection: ``address`` (or ``$RAY_ADDRESS``) joins an existing cluster, after a quick check
that it answers; without it a local Ray starts with this machine's cores, no dashboard,
its logs in a temporary folder, and is shut down at the end. A Ray that the calling program
already initialised is used as it is. Inputs named as files are read by the tasks, so on a
cluster they must be at the same path on every node; JSONL texts travel with the rows.

Failures: a task whose worker dies is tried once more; an actor that dies is not restarted.
Either way the run stops with one line saying how to resume; the lines written before are
whole and in order, so a rerun continues where the run stopped, never losing or repeating a
line. Ray's own console output (progress, tracebacks) is held back for the run; its log
files keep everything, and a failure names where they are.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import re
import shutil
import socket
import tempfile
import uuid
import warnings
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import Iterable, Iterator

from ..errors import InputError, SummarizerError
from .inputs import BatchItem
from .lines import Line, finish, finished_line, needs_no_model, prepare, worker_analyzer

__all__ = ["RayRunner", "import_ray"]

#: How to install what this runner needs.
EXTRA = "pip install -e '.[ray]'"

#: Seconds to wait for a cluster's address to answer before ``ray.init``, which itself
#: would wait many minutes for an address that never answers.
PROBE_TIMEOUT = 5.0


def import_ray():
    """The ``ray`` module with Ray Data loaded, or a one-line error naming the extra."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"--runner ray needs Ray Data, which cannot be imported ({reason}); "
                         f"install the ray extra: {EXTRA}") from None
    return ray


# ----------------------------------------------------------------------------- worker side

# The analyzer of this Ray worker process for the current run: building one loads jieba's
# dictionary (a second or more), and Ray reuses a worker process for many tasks. Keyed by
# the run, so a later run in the same worker builds its own; process-local by nature.
_TASK_ANALYZER: dict = {}


def _task_analyzer(run: str, options_ref):
    if run not in _TASK_ANALYZER:
        import ray

        _TASK_ANALYZER.clear()
        _TASK_ANALYZER[run] = worker_analyzer(ray.get(options_ref))
    return _TASK_ANALYZER[run]


def _readable(item: BatchItem, driver_host: str) -> BatchItem:
    """The item, or its error when its file is missing on a node other than the driver's."""
    if item.path is None or os.path.exists(item.path) or socket.gethostname() == driver_host:
        return item
    return replace(item, path=None, error=f"{item.input}: no such file on the Ray node {socket.gethostname()}; "
                   "on a cluster, files must be at the same path on every node (or give a .jsonl file)")


def _prepare_block(table, *, run: str, options_ref, finish_here: bool, driver_host: str):
    """Stage 1 (a task): finished lines, or prepared articles pickled for the model actors."""
    import pyarrow as pa

    analyzer = _task_analyzer(run, options_ref)
    lines: list[bytes | None] = []
    failed: list[bool] = []
    ready: list[bytes | None] = []
    for row in table.to_pylist():
        item = _readable(BatchItem(row["id"], row["input"], row["path"], row["text"], row["error"]), driver_host)
        if finish_here:
            line = finished_line(analyzer, item)
            lines.append(line.data)
            failed.append(line.failed)
            ready.append(None)
        else:
            r = prepare(analyzer, item)
            lines.append(None)
            failed.append(r.error is not None)
            # The text travels inside the prepared article; the item needs only its names.
            ready.append(pickle.dumps(replace(r, item=replace(item, text=None)), protocol=pickle.HIGHEST_PROTOCOL))
    return pa.table({"seq": table.column("seq"), "line": pa.array(lines, pa.binary()),
                     "failed": pa.array(failed, pa.bool_()), "ready": pa.array(ready, pa.binary())})


class _ModelActor:
    """Stage 2: loads the summarization model once, then finishes blocks of prepared articles."""

    def __init__(self, options: dict):
        from ..analyze import Analyzer

        self._analyzer = Analyzer(**options)
        self._analyzer.backend  # noqa: B018  (load the model now, once per actor)

    def __call__(self, table):
        import pyarrow as pa

        lines = finish(self._analyzer, [pickle.loads(b) for b in table.column("ready").to_pylist()])
        return pa.table({"seq": table.column("seq"), "line": pa.array([x.data for x in lines], pa.binary()),
                         "failed": pa.array([x.failed for x in lines], pa.bool_())})


# ----------------------------------------------------------------------------- driver side


class _MuteConsole(logging.Filter):
    def filter(self, record) -> bool:
        return False


@contextmanager
def _quiet_ray() -> Iterator[None]:
    """Hold back Ray's console output (notices, progress, tracebacks) for the run; the batch
    reports progress and failures itself, and Ray's log files still get everything."""
    core = logging.getLogger("ray")
    level = core.level
    core.setLevel(logging.CRITICAL)
    mute = _MuteConsole()
    consoles = [h for h in logging.getLogger("ray.data").handlers if type(h).__name__ != "SessionFileHandler"]
    for h in consoles:
        h.addFilter(mute)
    try:
        yield
    finally:
        for h in consoles:
            h.removeFilter(mute)
        core.setLevel(level)


def _probe(address: str) -> None:
    """Fail at once when a ``HOST:PORT`` address does not answer (``auto`` is left to Ray)."""
    m = re.fullmatch(r"(?:ray://)?\[?([^\]\s/]+?)\]?:(\d+)/?", address)
    if not m:
        return
    try:
        socket.create_connection((m.group(1), int(m.group(2))), timeout=PROBE_TIMEOUT).close()
    except OSError as e:
        raise SummarizerError(f"the Ray cluster at {address} cannot be reached ({e.strerror or e}); "
                              "start it with `ray start --head` or check --address / RAY_ADDRESS") from None


def _join(ray, address: str) -> None:
    """Connect to the cluster at ``address``, or fail with one line saying why."""
    import sys

    _probe(address)
    # While it retries a cluster that refuses it, Ray's C++ client prints a warning a second
    # to stderr (fd 2) for half a minute; held here, and read to name the cause.
    with tempfile.TemporaryFile() as held:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(held.fileno(), 2)
        try:
            ray.init(address=address, configure_logging=False, log_to_driver=False)
            return
        except Exception as e:
            error = e
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        held.seek(0)
        said = held.read().decode("utf-8", "replace")
    if "InvalidAuthToken" in said or "Unauthenticated" in said:
        raise SummarizerError(f"the Ray cluster at {address} asks for its token: set RAY_AUTH_MODE=token and give "
                              "the cluster's token (~/.ray/auth_token, RAY_AUTH_TOKEN or RAY_AUTH_TOKEN_PATH)")
    raise SummarizerError(f"cannot join the Ray cluster at {address}: {_first_line(error)}")


class _Session:
    """This run's connection to Ray: joined, started locally, or the caller's own."""

    def __init__(self, ray, address: str | None):
        self._ray = ray
        self.owned = False
        self.logs: str | None = None
        self._tmp: str | None = None
        if ray.is_initialized():
            return  # the calling program's Ray, used as it is and left running
        address = address or os.environ.get("RAY_ADDRESS") or None
        try:
            if address:
                _join(ray, address)
            else:
                self._tmp = tempfile.mkdtemp(prefix="summarizer-ray-")
                cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
                ray.init(num_cpus=cpus, include_dashboard=False, _temp_dir=self._tmp,
                         configure_logging=False, log_to_driver=False)
                self.logs = os.path.join(self._tmp, "session_latest", "logs")
        except SummarizerError:
            raise
        except Exception as e:
            where = f"join the Ray cluster at {address}" if address else "start a local Ray"
            raise SummarizerError(f"cannot {where}: {_first_line(e)}") from None
        self.owned = True

    def close(self, failed: bool) -> None:
        if self.owned:
            self._ray.shutdown()
            self.owned = False
        if self._tmp and not failed:  # kept after a failure: the error names its logs
            shutil.rmtree(self._tmp, ignore_errors=True)


_OUR_ERROR = re.compile(r"^summarizer\.errors\.\w+: (.+)$", re.M)
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def _reason(e: BaseException) -> str:
    """One line for a failure inside Ray: our own error where a worker raised one (a model an
    actor cannot load), else the first line of Ray's."""
    cause = getattr(e, "cause", None)  # a task's own exception, inside Ray's wrapper
    if isinstance(cause, SummarizerError):
        return str(cause)
    text = _COLOUR.sub("", str(e))
    ours = _OUR_ERROR.findall(text)  # an actor's constructor failed: only its traceback's text
    return ours[-1] if ours else _first_line(text)


def _first_line(e: BaseException | str) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _check_resources(ray, actors: int, gpus_per_actor: float) -> None:
    """Refuse a model actor pool the cluster cannot hold, which Ray would wait for forever."""
    resources = ray.cluster_resources()
    cpus, gpus = resources.get("CPU", 0), resources.get("GPU", 0)
    if gpus_per_actor and actors * gpus_per_actor > gpus:
        raise InputError(f"--actors {actors} with --gpus-per-actor {gpus_per_actor:g} need "
                         f"{actors * gpus_per_actor:g} GPUs; the Ray cluster has {gpus:g}")
    if actors >= cpus:
        raise InputError(f"--actors {actors}: the Ray cluster has {cpus:g} CPUs; each model actor takes one "
                         f"and reading and segmenting need at least one more (at most --actors {max(int(cpus) - 1, 0)})")


class RayRunner:
    """Items to lines on Ray; see the module docstring. Connects (or starts Ray) on construction."""

    def __init__(self, analyzer, *, group: int, actors: int, gpus_per_actor: float, address: str | None):
        ray = import_ray()
        self._ray = ray
        self._group = group
        self._actors = actors
        self._gpus = gpus_per_actor
        self._failed = False
        task_options = analyzer.worker_options()
        # Summaries without a model are made in the tasks, like the pool's workers do.
        self._finish_here = needs_no_model(analyzer.backend)
        if self._finish_here:
            task_options["backend"] = analyzer.backend
        self._model_options = None if self._finish_here else analyzer.summary_options()
        _check_portable(ray, task_options, self._model_options)
        self._stack = ExitStack()
        self._stack.enter_context(_quiet_ray())
        try:
            self._session = _Session(ray, address)
            self._stack.callback(lambda: self._session.close(self._failed))
            if self._model_options is not None:
                _check_resources(ray, actors, gpus_per_actor)
            self._options_ref = ray.put(task_options)
        except BaseException:
            self._failed = True
            self._stack.close()
            raise

    def _dataset(self, items: list[BatchItem]):
        import pyarrow as pa

        ray = self._ray
        table = pa.table({
            "seq": pa.array(range(len(items)), pa.int64()),
            "id": pa.array([i.id for i in items], pa.string()),
            "input": pa.array([i.input for i in items], pa.string()),
            "path": pa.array([i.path for i in items], pa.string()),
            "text": pa.array([i.text for i in items], pa.string()),
            "error": pa.array([i.error for i in items], pa.string()),
        })
        blocks = [table.slice(k * self._group, self._group) for k in range(math.ceil(len(items) / self._group))]
        stage1 = dict(run=uuid.uuid4().hex, options_ref=self._options_ref, finish_here=self._finish_here,
                      driver_host=socket.gethostname())
        with warnings.catch_warnings():
            # Ray Data's first context warns about its own deprecated settings.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"ray\.")
            ds = ray.data.from_arrow(blocks)
            # Retry limits have no named parameter yet; Ray Data's default retries forever.
            warnings.filterwarnings("ignore", message=r".*ray_remote_args.*deprecated")
            ds = ds.map_batches(_prepare_block, fn_kwargs=stage1, batch_size=None, batch_format="pyarrow",
                                num_cpus=1, max_retries=1)
            if not self._finish_here:
                ds = ds.map_batches(_ModelActor, fn_constructor_kwargs={"options": self._model_options},
                                    batch_size=None, batch_format="pyarrow",
                                    compute=ray.data.ActorPoolStrategy(size=self._actors),
                                    num_cpus=1, num_gpus=self._gpus or None, max_restarts=0)
        ds.context.execution_options.preserve_order = True
        ds.context.enable_progress_bars = False
        return ds

    def lines(self, items: Iterable[BatchItem]) -> Iterator[Line]:
        items = list(items)
        if not items:
            return
        expected = 0
        try:
            for table in self._dataset(items).iter_batches(batch_size=None, batch_format="pyarrow"):
                for seq, data, failed in zip(*(table.column(c).to_pylist() for c in ("seq", "line", "failed"))):
                    if seq != expected:  # never a lost or repeated line, whatever Ray does
                        raise SummarizerError(f"Ray returned article {seq + 1} where article {expected + 1} was due")
                    expected += 1
                    yield Line(data, failed)
        except Exception as e:
            self._failed = True
            raise SummarizerError(self._stopped(e)) from None
        if expected != len(items):
            self._failed = True
            raise SummarizerError(self._stopped(f"Ray returned {expected} of {len(items)} articles"))

    def _stopped(self, e) -> str:
        reason = str(e) if isinstance(e, (str, SummarizerError)) else _reason(e)
        logs = f" (Ray's logs: {self._session.logs})" if self._session.logs else ""
        return f"the Ray run stopped: {reason}{logs}; the lines written so far are complete: " \
               "run the same command again to resume"

    def close(self) -> None:
        self._stack.close()


def _check_portable(ray, *options) -> None:
    """What the workers need must pickle: a backend a program built in memory might not."""
    try:
        ray.cloudpickle.dumps(options)
    except Exception as e:
        raise SummarizerError(f"the analysis settings cannot be sent to Ray workers ({_first_line(e)}); "
                              "use --runner local, or a summarization backend that can be pickled") from None
