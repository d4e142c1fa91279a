"""Resume: what an earlier run already wrote, and which inputs still need a line.

The output's ids are counted (ok and error lines alike) and as many occurrences of each id
in the input are skipped, so re-running the same command after an interruption ends with
the same file as an uninterrupted run. A partial last line (a kill inside the one ``write``
of a line) is truncated first. Ids stay unique in the output: a second use of an id is an
error line under an id of its own, so resuming never confuses the two.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..errors import InputError
from .inputs import BatchItem, iter_inputs

__all__ = ["recover", "drop_error_lines", "pending"]


def recover(path: Path) -> tuple[Counter, int]:
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
                ident = json.loads(line)["id"]
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


def drop_error_lines(path: Path) -> int:
    """Rewrite the output (atomically) without its error lines, so they are tried again."""
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


def _duplicate(item: BatchItem, seen: dict[str, str]) -> BatchItem:
    """The error item for a second use of an id, named by where it stands (``FILE.jsonl:LINE``),
    or, for a file given twice, by its path and how often it came."""
    ident, n = item.input, 2
    while ident in seen:
        ident, n = f"{item.input} #{n}", n + 1
    return BatchItem(ident, item.input, error=f"{item.input}: duplicate id {item.id!r} "
                     f"(first given by {seen[item.id]}); ids must be unique")


def pending(inputs: Sequence, done: Counter, on_skip: Callable[[], None]) -> Iterator[BatchItem]:
    """The items of ``inputs`` still without a line, in order; ``on_skip`` is called for each one done.

    ``done`` (from :func:`recover`) is consumed as ids are matched.
    """
    seen: dict[str, str] = {}
    for item in iter_inputs(inputs):
        if item.id in seen:
            item = _duplicate(item, seen)
        seen.setdefault(item.id, item.input)
        if done[item.id] > 0:
            done[item.id] -= 1
            on_skip()
            continue
        yield item
