"""Runners on this machine: serial (``jobs == 1``) and a pool of worker processes.

Both turn items into output lines in input order. Serial: this process prepares each
article and summarizes ``group`` of them per backend call. Pool: reading, segmentation and
the theme comparison run in ``jobs`` worker processes, a window of items at a time so memory
stays bounded; results come back in input order. Summaries that need no model (extractive,
lead) are made in the workers too, which then send back finished lines; the workers are
then forked (on Linux) from this process once it has loaded jieba's dictionary and
scikit-learn, so each starts warm. A model stays in this process and summarizes ``group``
articles per batched call; its workers are spawned, so no model or thread state is forked.
Each article is analysed independently of the others, so the output does not depend on
``jobs``.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import time
from typing import Iterable, Iterator

from ..errors import SummarizerError
from .inputs import BatchItem
from .lines import Line, finish, finished_line, needs_no_model, prepare, worker_analyzer

__all__ = ["SerialRunner", "PoolRunner"]


def _groups(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class SerialRunner:
    """Everything in this process, ``group`` articles per summary call."""

    def __init__(self, analyzer, *, group: int):
        self._analyzer = analyzer
        self._group = group

    def lines(self, items: Iterable[BatchItem]) -> Iterator[Line]:
        for chunk in _groups(items, self._group):
            yield from finish(self._analyzer, [prepare(self._analyzer, item) for item in chunk])

    def close(self) -> None:
        pass


# Each worker process of the pool holds one Analyzer, set by the pool's initializer.
# Process-local state of the worker, never used in the main process.
_WORKER = None

#: A short article whose analysis loads what every article with remarks needs: jieba's
#: dictionary (copied into the theme tokenizer) and scikit-learn.
_WARM_UP = "座谈会召开。\n市委书记王建国表示，要坚持和发展新时代“枫桥经验”，加强基层治理。\n"


def _init_worker(setup, parent: int) -> None:
    """``setup``: the Analyzer itself (forked workers inherit it, warm), or the options to build one."""
    global _WORKER
    # Ctrl-C reaches the whole process group; only the main process should handle it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import threading

    def watch() -> None:  # a worker whose main process was killed would wait for work forever
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    _WORKER = worker_analyzer(setup) if isinstance(setup, dict) else setup


def _start(options: dict, in_workers: bool) -> tuple[str, object]:
    """How workers start, and what their initializer gets.

    Forked, where that is safe (Linux, no model loaded in this process, and no other thread
    running in it: a model's or a thread's state must not be forked mid-way), from an Analyzer
    this process has warmed up: the workers begin with jieba's dictionary and scikit-learn
    loaded, instead of every worker loading them again at once on cores they share (a second
    or more on 2 cores). Otherwise spawned: each worker builds its own Analyzer.
    """
    import threading

    if in_workers and sys.platform == "linux" and threading.active_count() == 1:
        analyzer = worker_analyzer(options)
        analyzer.prepare(_WARM_UP, "warm-up")
        return "fork", analyzer
    return "spawn", options


def _prepare_in_worker(item: BatchItem):
    return prepare(_WORKER, item)


def _line_in_worker(item: BatchItem) -> Line:
    return finished_line(_WORKER, item)


class PoolRunner:
    """Reading, segmentation and comparison in ``jobs`` worker processes; see the module docstring."""

    def __init__(self, analyzer, *, jobs: int, group: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._analyzer = analyzer
        self._jobs = jobs
        self._group = group
        options = analyzer.worker_options()
        # Without a model, summaries are cheap CPU work like the rest: workers do it all and
        # send back finished lines. A model stays here, batched across articles.
        self._in_workers = needs_no_model(analyzer.backend)
        if self._in_workers:
            options = {**options, "backend": analyzer.backend}
        method, setup = _start(options, self._in_workers)
        self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                         initializer=_init_worker, initargs=(setup, os.getpid()))

    def _submit(self, items: Iterator[BatchItem]):
        # Inputs are read here a window at a time, so memory stays bounded.
        batch = list(itertools.islice(items, max(2 * self._group, 8 * self._jobs)))
        if not batch:
            return None
        task = _line_in_worker if self._in_workers else _prepare_in_worker
        return self._pool.map(task, batch, chunksize=max(1, min(8, len(batch) // (4 * self._jobs))))

    def _results(self, items: Iterable[BatchItem]) -> Iterator:
        from concurrent.futures.process import BrokenProcessPool

        items = iter(items)
        try:
            current = self._submit(items)
            while current is not None:
                # The next window is queued before this one is consumed, so workers keep busy
                # while this process summarizes and writes.
                upcoming = self._submit(items)
                yield from current
                current = upcoming
        except BrokenProcessPool:
            raise SummarizerError(
                f"the worker processes of --jobs {self._jobs} stopped (killed, out of memory, or unable to start: "
                "they import the main module, so a program run from standard input cannot use jobs > 1); "
                "run the same command again to resume"
            ) from None

    def lines(self, items: Iterable[BatchItem]) -> Iterator[Line]:
        if self._in_workers:
            yield from self._results(items)
            return
        for chunk in _groups(self._results(items), self._group):
            yield from finish(self._analyzer, chunk)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
