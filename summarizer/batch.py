"""Batch runs: the whole analysis of many articles into one JSON Lines file, resumably.

Inputs are files (``.txt``, ``.html``/``.htm``, read with :func:`~summarizer.article.read_text`),
folders (searched recursively for those three suffixes, in sorted order, hidden entries
skipped) and ``.jsonl`` files of ``{"id": …, "text": …}`` lines. A file's id is its path
as found; a JSONL line's id is its ``id``.

Output: one line per article, in input order: ``{"id", "input", …}`` followed by exactly
``Analysis.to_dict()`` (see :mod:`summarizer.analyze`), or an error line
``{"id", "input", "error"}`` naming the input and the reason. One failing article never
stops the batch.

Method.

* **Whole lines.** Each line is encoded completely and handed to the kernel with one
  ``os.write`` on a file opened with ``O_APPEND``, so a killed run leaves at most one
  partial last line (only if killed inside that call); the next run truncates it
  before appending.
* **Resume.** On start the output's ids are counted (ok and error lines alike) and as many
  occurrences of each id in the input are skipped, so re-running the same command after an
  interruption ends with the same file as an uninterrupted run. ``retry_errors`` first
  rewrites the output without its error lines (atomically) and tries those again.
* **Processes.** With ``jobs > 1`` reading, segmentation and the theme comparison run in a
  pool of worker processes (spawned, so no model or thread state is forked), results come
  back in input order, and the main process summarizes groups of articles with one
  ``summarize_batch`` call each (a seq2seq model batches across articles and is loaded
  once). Summaries that need no model (extractive, lead) are made in the workers too,
  which then send back finished lines. Each article is analysed independently of the
  others (see ``analyze``), so the output does not depend on ``jobs``.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .errors import InputError, OutputError, SummarizerError

__all__ = [
    "FILE_SUFFIXES",
    "BatchItem",
    "BatchStats",
    "iter_inputs",
    "count_inputs",
    "run_batch",
    "read_results",
    "segmentation_from_dict",
]

#: Suffixes of the article files a folder is searched for.
FILE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class BatchItem:
    """One article to analyse: a file to read, or a text from a JSONL line, or a bad line."""

    id: str
    input: str  # the path, or "FILE.jsonl:LINE"
    path: str | None = None
    text: str | None = None
    error: str | None = None  # why the input line itself is unusable


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


# ----------------------------------------------------------------------------- inputs


def _folder_files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in files:
            if not f.startswith(".") and f.lower().endswith(FILE_SUFFIXES):
                found.append(Path(root) / f)
    return sorted(found, key=lambda p: p.parts)


def _check_inputs(inputs: Sequence[str | os.PathLike]) -> list[Path]:
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    paths = [Path(p) for p in inputs]
    if not paths:
        raise InputError("no input given: name files, folders or .jsonl files")
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir() and not _folder_files(p):
            raise InputError(f"{p}: folder holds no {', '.join(FILE_SUFFIXES)} files")
    return paths


def _jsonl_items(path: Path) -> Iterator[BatchItem]:
    try:
        fh = path.open("rb")
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror})") from None
    with fh:
        for n, raw in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield BatchItem(where, where, error=f"{where}: line is not UTF-8")
                continue
            except json.JSONDecodeError as e:
                yield BatchItem(where, where, error=f"{where}: invalid JSON: {e.msg} (column {e.colno})")
                continue
            if not isinstance(obj, dict):
                yield BatchItem(where, where, error=f"{where}: expected an object {{\"id\", \"text\"}}, "
                                f"got a JSON {type(obj).__name__}")
                continue
            ident = obj.get("id")
            if isinstance(ident, bool) or not isinstance(ident, (str, int)) or not str(ident).strip():
                yield BatchItem(where, where, error=f"{where}: \"id\" must be a non-empty string or an integer, "
                                f"got {ident!r}")
                continue
            text = obj.get("text")
            if not isinstance(text, str):
                yield BatchItem(str(ident), where, error=f"{where}: \"text\" must be a string, got "
                                f"{type(text).__name__ if text is not None else 'nothing'}")
                continue
            yield BatchItem(str(ident), where, text=text)


def iter_inputs(inputs: Sequence[str | os.PathLike]) -> Iterator[BatchItem]:
    """The articles of files, folders (recursive) and JSONL files, in order.

    Missing paths and folders without article files are refused at once (``InputError``);
    problems of single articles or lines become items with ``error`` set, or surface when
    the article is read.
    """
    for p in _check_inputs(inputs):
        if p.is_dir():
            for f in _folder_files(p):
                yield BatchItem(str(f), str(f), path=str(f))
        elif p.suffix.lower() == ".jsonl":
            yield from _jsonl_items(p)
        else:
            yield BatchItem(str(p), str(p), path=str(p))


def count_inputs(inputs: Sequence[str | os.PathLike]) -> int:
    """How many items :func:`iter_inputs` yields, without parsing JSON (for progress)."""
    n = 0
    for p in _check_inputs(inputs):
        if p.is_dir():
            n += len(_folder_files(p))
        elif p.suffix.lower() == ".jsonl":
            with p.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        else:
            n += 1
    return n


def _duplicate(item: BatchItem, seen: dict[str, str]) -> BatchItem:
    """The error item for a second use of an id, under an id of its own.

    Output ids stay unique, so resuming by id never confuses the two: the duplicate is
    named by where it stands (``FILE.jsonl:LINE``), or, for a file given twice, by its
    path and how often it came.
    """
    ident, n = item.input, 2
    while ident in seen:
        ident, n = f"{item.input} #{n}", n + 1
    return BatchItem(ident, item.input, error=f"{item.input}: duplicate id {item.id!r} "
                     f"(first given by {seen[item.id]}); ids must be unique")


def _item_text(item: BatchItem) -> str:
    from .article import MAX_BYTES, MAX_HTML_BYTES, html_to_text, looks_like_html, read_text

    if item.path is not None:
        return read_text(item.path)
    text = item.text
    html = looks_like_html(text)
    limit = MAX_HTML_BYTES if html else MAX_BYTES
    size = len(text.encode("utf-8"))
    if size > limit:
        raise InputError(f"{item.input}: {size:,} bytes is too large for one article (limit {limit:,} bytes)")
    if not text.strip():
        raise InputError(f"{item.input}: the text is empty")
    return html_to_text(text, item.input) if html else text


def _error_message(item: BatchItem, e: BaseException) -> str:
    msg = str(e) if isinstance(e, SummarizerError) else f"internal error: {type(e).__name__}: {e}"
    # Library messages usually start with the input's name; make sure every line names it.
    return msg if item.input in msg else f"{item.input}: {msg}"


# ----------------------------------------------------------------------------- workers

# Each worker process of the pool holds one Analyzer, built by the pool's initializer;
# this is process-local state of the worker, never used in the main process.
_WORKER = None


def _init_worker(options: dict, parent: int) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group; only the main process should handle it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker whose main process was killed (SIGKILL) would wait for work forever.
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    from .analyze import Analyzer

    _WORKER = Analyzer(**options) if "backend" in options else Analyzer("extractive", **options)


def _prepare(analyzer, item: BatchItem):
    if item.error is not None:
        return item, None, item.error
    try:
        return item, analyzer.prepare(_item_text(item), item.id), None
    except Exception as e:  # one bad article is an error line, never the end of the batch
        return item, None, _error_message(item, e)


def _prepare_in_worker(item: BatchItem):
    return _prepare(_WORKER, item)


def _line_in_worker(item: BatchItem):
    """The finished output line (bytes), for backends without a model, which workers can run."""
    line = _finish(_WORKER, [_prepare(_WORKER, item)])[0]
    return item, _dumps(line), "error" in line


# ----------------------------------------------------------------------------- output


def _dumps(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _write_all(fd: int, data: bytes, path: Path) -> None:
    view = memoryview(data)
    try:
        while view:
            n = os.write(fd, view)
            view = view[n:]
    except OSError as e:  # a full disk, a quota, a file system gone read-only
        raise OutputError(f"{path}: cannot write the batch output ({e.strerror or e}); "
                          "run the same command again to resume") from None


def _recover(path: Path) -> tuple[Counter, int]:
    """Ids already in the output, after truncating a partial last line; (ids, bytes dropped)."""
    done: Counter = Counter()
    if not path.exists():
        return done, 0
    if path.is_dir():
        raise InputError(f"{path}: output is a folder; give a .jsonl file")
    size = path.stat().st_size
    good = 0
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break  # the partial last line of a killed run
            try:
                obj = json.loads(line)
                ident = obj["id"]
                if not isinstance(ident, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise InputError(f"{path}: line {n} is not a line of a summarizer batch output; "
                                 "give a new file or the output of an earlier run of this batch") from None
            done[ident] += 1
            good += len(line)
    if good < size:
        os.truncate(path, good)
    return done, size - good


def _drop_error_lines(path: Path) -> int:
    if not path.exists():
        return 0
    tmp = path.with_name(path.name + ".tmp")
    dropped = 0
    with path.open("rb") as src, tmp.open("wb") as dst:
        for line in src:
            if b'"error"' in line and "error" in json.loads(line):
                dropped += 1
                continue
            dst.write(line)
    os.replace(tmp, path)
    return dropped


# ----------------------------------------------------------------------------- progress


class _Progress:
    """A one-line progress bar on a terminal (stderr); silent otherwise."""

    def __init__(self, total: int, stream, enabled: bool):
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, done: int, ok: int, failed: int, skipped: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        elapsed = now - self.start
        worked = ok + failed
        rate = worked / elapsed if elapsed > 0 else 0.0
        left = self.total - done
        eta = f"{left / rate:.0f} s" if rate > 0 else "?"
        frac = done / self.total if self.total else 1.0
        bar = "#" * int(frac * 24)
        self.stream.write(f"\r[{bar:<24}] {done}/{self.total} {rate:5.1f}/s  ok {ok}  failed {failed}  "
                          f"skipped {skipped}  eta {eta}   ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


# ----------------------------------------------------------------------------- run


def run_batch(
    inputs: Sequence[str | os.PathLike],
    output: str | os.PathLike,
    *,
    analyzer=None,
    jobs: int = 1,
    group: int = 32,
    retry_errors: bool = False,
    progress: bool | None = None,
    stream=None,
    on_message: Callable[[str], None] | None = None,
) -> BatchStats:
    """Analyse every article of ``inputs`` into the JSONL file ``output``; see the module docstring.

    ``analyzer`` (an :class:`~summarizer.analyze.Analyzer`; default: extractive summaries,
    bundled lexicon) does the summaries, and all the work when ``jobs == 1``; with more
    jobs each worker builds a copy of its segmentation and comparison settings. ``group`` articles are summarized per backend call. ``progress``: draw a bar on
    ``stream`` (default stderr; ``None``: only when it is a terminal). ``on_message``
    receives notes (a dropped partial line, retried errors).
    """
    from .analyze import Analyzer

    for name, v in (("jobs", jobs), ("group", group)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise InputError(f"{name} must be a positive integer, got {v!r}")
    from .output import check_output_file

    out = check_output_file(output, "batch output", (".jsonl",))
    if any(Path(p).resolve() == out.resolve() for p in ([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs)):
        raise InputError(f"{out}: the output is also an input; give another output file")
    total = count_inputs(inputs)
    if analyzer is None:
        analyzer = Analyzer("extractive")
    elif not isinstance(analyzer, Analyzer):
        raise InputError(f"analyzer must be a summarizer Analyzer, got {type(analyzer).__name__}")
    options = analyzer.worker_options()
    # The summarizer is loaded before the first article: a model that cannot be loaded
    # fails the whole run at once, rather than as an error line for every article.
    backend = analyzer.backend
    say = on_message or (lambda msg: None)
    stream = stream or sys.stderr

    start = time.monotonic()
    if retry_errors:
        n = _drop_error_lines(out)
        if n:
            say(f"retrying {n} article(s) that failed before")
    done, truncated = _recover(out)
    if truncated:
        say(f"dropped an incomplete last line ({truncated} bytes) left by an interrupted run")
    bar = _Progress(total, stream, stream.isatty() if progress is None else progress)
    ok = failed = skipped = 0
    seen: dict[str, str] = {}

    def todo() -> Iterator[BatchItem]:
        nonlocal skipped
        for item in iter_inputs(inputs):
            if item.id in seen:
                item = _duplicate(item, seen)
            seen.setdefault(item.id, item.input)
            if done[item.id] > 0:
                done[item.id] -= 1
                skipped += 1
                bar.update(ok + failed + skipped, ok, failed, skipped)
                continue
            yield item

    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as e:
        raise OutputError(f"{out}: cannot write the batch output ({e.strerror or e})") from None
    pool = None
    pending: list = []

    def flush() -> None:
        nonlocal ok, failed
        waiting = [r for r in pending if not isinstance(r[1], bytes)]
        finished = iter(_finish(analyzer, waiting) if waiting else ())
        for r in pending:
            if isinstance(r[1], bytes):  # finished by a worker
                data, bad = r[1], r[2]
            else:
                line = next(finished)
                data, bad = _dumps(line), "error" in line
            _write_all(fd, data, out)
            if bad:
                failed += 1
            else:
                ok += 1
        pending.clear()
        bar.update(ok + failed + skipped, ok, failed, skipped)

    try:
        items = todo()
        window = max(2 * group, 8 * jobs)
        if jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            from .summarize import ExtractiveBackend, LeadBackend

            # Without a model, summaries are cheap CPU work like the rest: workers do it all and
            # send back finished lines. A seq2seq model stays here, batched across articles.
            local = type(backend) in (ExtractiveBackend, LeadBackend)
            if local:
                options = {**options, "backend": backend}
            task = _line_in_worker if local else _prepare_in_worker
            pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker, initargs=(options, os.getpid()))

            def submit():
                # Inputs are read here, a window at a time, so memory stays bounded; the next
                # window is queued before the current one is consumed, so workers keep busy
                # while this process summarizes and writes.
                batch = list(itertools.islice(items, window))
                return pool.map(task, batch, chunksize=max(1, min(8, len(batch) // (4 * jobs)))) \
                    if batch else None

            try:
                current = submit()
                while current is not None:
                    upcoming = submit()
                    for result in current:
                        pending.append(result)
                        if len(pending) >= group:
                            flush()
                    current = upcoming
            except BrokenProcessPool:
                raise SummarizerError(
                    f"the worker processes of --jobs {jobs} stopped (killed, out of memory, or unable to start: "
                    "they import the main module, so a program run from standard input cannot use jobs > 1); "
                    "run the same command again to resume"
                ) from None
        else:
            for item in items:
                pending.append(_prepare(analyzer, item))
                if len(pending) >= group:
                    flush()
        flush()
    except KeyboardInterrupt:
        bar.close()
        say(f"interrupted after {ok} ok, {failed} failed, {skipped} skipped; "
            "run the same command again to resume")
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        os.close(fd)
    bar.update(ok + failed + skipped, ok, failed, skipped, force=True)
    bar.close()
    return BatchStats(ok, failed, skipped, time.monotonic() - start, str(out), truncated)


def _finish(analyzer, results: list) -> list[dict]:
    """The output lines of a group of prepared results, in order; summaries in one call."""
    ready = [k for k, (_, _, err) in enumerate(results) if err is None]
    analyses: dict[int, object] = {}
    errors: dict[int, str] = {}
    try:
        analyses = dict(zip(ready, analyzer.finish([results[k][1] for k in ready])))
    except Exception:
        # Find the article(s) the summarizer fails on; the others still get their lines.
        for k in ready:
            try:
                analyses[k] = analyzer.finish([results[k][1]])[0]
            except Exception as e:
                errors[k] = _error_message(results[k][0], e)
    lines = []
    for k, (item, _, err) in enumerate(results):
        err = err or errors.get(k)
        if err is not None:
            lines.append({"id": item.id, "input": item.input, "error": err})
        else:
            lines.append({"id": item.id, "input": item.input, **analyses[k].to_dict()})
    return lines


# ----------------------------------------------------------------------------- reading results


def read_results(path: str | os.PathLike) -> Iterator[dict]:
    """The lines of a batch output (dicts), without a partial last line; malformed lines raise."""
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as e:
        raise InputError(f"{p}: cannot be read ({e.strerror})") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                return
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise InputError(f"{p}:{n}: invalid JSON ({e})") from None
            if not isinstance(obj, dict) or "id" not in obj:
                raise InputError(f"{p}:{n}: not a batch line (an object with an \"id\")")
            yield obj


def segmentation_from_dict(d: dict, name: str = "<input>"):
    """Rebuild a :class:`~summarizer.segment.Segmentation` from a batch line (see ``Segmentation.from_dict``)."""
    from .segment import Segmentation

    return Segmentation.from_dict(d, name)
