"""The batch output: whole lines appended in input order, counted, with a progress bar.

Each line is encoded completely and handed to the kernel with one ``os.write`` on a file
opened with ``O_APPEND``, so a killed run leaves at most one partial last line (only if
killed inside that call), which :func:`~summarizer.batch.resume.recover` drops next time.
Lines are written as they arrive, so a kill loses nothing already written.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..errors import OutputError
from .lines import Line

__all__ = ["Writer", "Progress"]


class Progress:
    """A one-line progress bar on a terminal (stderr); silent otherwise."""

    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, ok: int, failed: int, skipped: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        elapsed = now - self.start
        done = ok + failed + skipped
        rate = (ok + failed) / elapsed if elapsed > 0 else 0.0
        eta = f"{(self.total - done) / rate:.0f} s" if rate > 0 else "?"
        bar = "#" * int((done / self.total if self.total else 1.0) * 24)
        self.stream.write(f"\r[{bar:<24}] {done}/{self.total} {rate:5.1f}/s  ok {ok}  failed {failed}  "
                          f"skipped {skipped}  eta {eta}   ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class Writer:
    """Appends whole lines to ``path`` and counts them (and the inputs skipped as done)."""

    def __init__(self, path: Path, progress: Progress):
        self.path = path
        self.progress = progress
        self.ok = self.failed = self.skipped = 0
        try:
            self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as e:
            raise OutputError(f"{path}: cannot write the batch output ({e.strerror or e})") from None

    def write(self, line: Line) -> None:
        view = memoryview(line.data)
        assert self._fd is not None  # lines are written only before close
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as e:  # a full disk, a quota, a file system gone read-only
            raise OutputError(f"{self.path}: cannot write the batch output ({e.strerror or e}); "
                              "run the same command again to resume") from None
        if line.failed:
            self.failed += 1
        else:
            self.ok += 1
        self.progress.update(self.ok, self.failed, self.skipped)

    def skip(self) -> None:
        self.skipped += 1
        self.progress.update(self.ok, self.failed, self.skipped)

    def counts(self) -> str:
        return f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped"

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
