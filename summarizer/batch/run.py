"""A batch run: plan (what is left to do), a runner (items to lines), the writer.

:func:`run_batch` validates everything cheap first, loads the summarizer (a model that
cannot be loaded fails before the first article), recovers the output (resume), then
streams the pending items through the chosen runner into the writer. Runners are a table:
``local`` (serial, or a process pool with ``jobs > 1``) and ``ray``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol, Sequence

from ..errors import InputError, check_positive
from .inputs import count_inputs
from .resume import drop_error_lines, pending, recover
from .writer import Progress, Writer

if TYPE_CHECKING:
    from .inputs import BatchItem
    from .lines import Line

__all__ = ["BatchStats", "RUNNERS", "run_batch"]


@dataclass(frozen=True)
class BatchStats:
    """What a batch run did; ``ok + failed + skipped`` is the number of inputs seen."""

    ok: int
    failed: int
    skipped: int
    seconds: float
    output: str
    truncated_bytes: int = 0  # partial last line of an interrupted run, dropped on start

    @property
    def processed(self) -> int:
        return self.ok + self.failed

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def summary_line(self) -> str:
        return (f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped in {self.seconds:.1f} s "
                f"({self.rate:.1f} articles/s) -> {self.output}")

    def to_dict(self) -> dict:
        return {"ok": self.ok, "failed": self.failed, "skipped": self.skipped,
                "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate, 3),
                "output": self.output, "truncated_bytes": self.truncated_bytes}


@dataclass(frozen=True)
class RunnerOptions:
    """How the articles are spread: ``jobs`` for the local runner, the rest for Ray."""

    jobs: int = 1
    group: int = 32
    actors: int = 1
    gpus_per_actor: float = 0
    address: str | None = None


class Runner(Protocol):
    """What a runner factory builds: the output lines of the items, then close."""

    def lines(self, items: Iterable[BatchItem]) -> Iterator[Line]: ...

    def close(self) -> None: ...


def _local(analyzer, o: RunnerOptions) -> Runner:
    from .local import PoolRunner, SerialRunner

    if o.jobs == 1:
        return SerialRunner(analyzer, group=o.group)
    return PoolRunner(analyzer, jobs=o.jobs, group=o.group)


def _ray(analyzer, o: RunnerOptions) -> Runner:
    from .onray import RayRunner

    return RayRunner(analyzer, group=o.group, actors=o.actors, gpus_per_actor=o.gpus_per_actor, address=o.address)


#: Runner name -> (factory, options it does not use, with their defaults).
RUNNERS: dict[str, tuple[Callable[[Any, RunnerOptions], Runner], dict[str, Any]]] = {
    "local": (_local, {"actors": 1, "gpus_per_actor": 0, "address": None}),
    "ray": (_ray, {"jobs": 1}),
}


def _check_options(runner: str, o: RunnerOptions) -> None:
    if runner not in RUNNERS:
        raise InputError(f"unknown runner {runner!r}; allowed: {', '.join(RUNNERS)}")
    for name in ("jobs", "group", "actors"):
        check_positive(name, getattr(o, name))
    g = o.gpus_per_actor
    if isinstance(g, bool) or not isinstance(g, (int, float)) or not g >= 0:
        raise InputError(f"gpus_per_actor must be a number of GPUs, 0 or more, got {g!r}")
    if o.address is not None and (not isinstance(o.address, str) or not o.address.strip()):
        raise InputError(f"address must be a Ray cluster address such as 127.0.0.1:6379, got {o.address!r}")
    for name, default in RUNNERS[runner][1].items():
        if getattr(o, name) != default:
            other = "ray" if runner == "local" else "local"
            raise InputError(f"{name} ({'--' + name.replace('_', '-')}) is for --runner {other}, "
                             f"not --runner {runner}")


def _output(inputs, output) -> Path:
    from ..output import check_output_file

    out = check_output_file(output, "batch output", (".jsonl",))
    given = [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs
    if any(Path(p).resolve() == out.resolve() for p in given):
        raise InputError(f"{out}: the output is also an input; give another output file")
    return out


def _resume(out: Path, retry_errors: bool, say: Callable[[str], None]):
    """The ids the output already has (error lines dropped first with ``retry_errors``)."""
    if retry_errors and (n := drop_error_lines(out)):
        say(f"retrying {n} article(s) that failed before")
    done, truncated = recover(out)
    if truncated:
        say(f"dropped an incomplete last line ({truncated} bytes) left by an interrupted run")
    return done, truncated


def run_batch(
    inputs: Sequence[str | os.PathLike],
    output: str | os.PathLike,
    *,
    analyzer=None,
    runner: str = "local",
    jobs: int = 1,
    group: int = 32,
    actors: int = 1,
    gpus_per_actor: float = 0,
    address: str | None = None,
    retry_errors: bool = False,
    progress: bool | None = None,
    stream=None,
    on_message: Callable[[str], None] | None = None,
) -> BatchStats:
    """Analyse every article of ``inputs`` into the JSONL file ``output``; see :mod:`summarizer.batch`.

    ``analyzer`` (an :class:`~summarizer.analyze.Analyzer`; default: extractive summaries,
    bundled lexicon) sets the analysis. ``runner``: ``local`` (``jobs`` processes) or
    ``ray`` (``actors`` model actors with ``gpus_per_actor`` GPUs each, on the cluster at
    ``address`` or ``$RAY_ADDRESS``, else a local Ray). ``group`` articles are summarized
    per backend call. ``progress``: draw a bar on ``stream`` (default stderr; ``None``: only
    when it is a terminal). ``on_message`` receives notes (a dropped partial line, retried
    errors, an interruption).
    """
    from ..analyze import Analyzer

    options = RunnerOptions(jobs, group, actors, gpus_per_actor, address)
    _check_options(runner, options)
    out = _output(inputs, output)
    total = count_inputs(inputs)
    if analyzer is None:
        analyzer = Analyzer("extractive")
    elif not isinstance(analyzer, Analyzer):
        raise InputError(f"analyzer must be a summarizer Analyzer, got {type(analyzer).__name__}")
    # The summarizer is loaded before the first article: a model that cannot be loaded
    # fails the whole run at once, rather than as an error line for every article.
    analyzer.backend  # noqa: B018
    say = on_message or (lambda msg: None)
    start = time.monotonic()
    done, truncated = _resume(out, retry_errors, say)
    bar = Progress(total, stream, progress)
    with Writer(out, bar) as writer:
        work = RUNNERS[runner][0](analyzer, options)
        try:
            for line in work.lines(pending(inputs, done, writer.skip)):
                writer.write(line)
        except KeyboardInterrupt:
            bar.close()
            say(f"interrupted after {writer.counts()}; run the same command again to resume")
            raise
        finally:
            work.close()
    bar.update(writer.ok, writer.failed, writer.skipped, force=True)
    bar.close()
    return BatchStats(writer.ok, writer.failed, writer.skipped, time.monotonic() - start, str(out), truncated)
