"""Batch inputs: the articles of files, folders and JSONL files, in order, and reading one.

A file's id is its path as found; a folder is searched recursively for ``FILE_SUFFIXES``
(sorted, hidden entries skipped); a ``.jsonl`` line ``{"id": …, "text": …}`` gives its own
id and text. Missing paths are refused at once; a bad line or file becomes an item with
``error`` set, or fails when it is read, and so becomes that article's error line.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import InputError, SummarizerError

__all__ = ["FILE_SUFFIXES", "BatchItem", "iter_inputs", "count_inputs", "input_paths", "item_text", "error_message"]

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


def _folder_files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in files:
            if not f.startswith(".") and f.lower().endswith(FILE_SUFFIXES):
                found.append(Path(root) / f)
    return sorted(found, key=lambda p: p.parts)


def input_paths(inputs: Sequence[str | os.PathLike] | str | os.PathLike) -> list[Path]:
    """The inputs as paths, each checked to exist (folders to hold article files)."""
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


def _jsonl_item(raw: bytes, where: str) -> BatchItem:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return BatchItem(where, where, error=f"{where}: line is not UTF-8")
    except json.JSONDecodeError as e:
        return BatchItem(where, where, error=f"{where}: invalid JSON: {e.msg} (column {e.colno})")
    if not isinstance(obj, dict):
        return BatchItem(where, where, error=f"{where}: expected an object {{\"id\", \"text\"}}, "
                         f"got a JSON {type(obj).__name__}")
    ident = obj.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int)) or not str(ident).strip():
        return BatchItem(where, where, error=f"{where}: \"id\" must be a non-empty string or an integer, "
                         f"got {ident!r}")
    text = obj.get("text")
    if not isinstance(text, str):
        return BatchItem(str(ident), where, error=f"{where}: \"text\" must be a string, got "
                         f"{type(text).__name__ if text is not None else 'nothing'}")
    return BatchItem(str(ident), where, text=text)


def _jsonl_items(path: Path) -> Iterator[BatchItem]:
    try:
        fh = path.open("rb")
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror})") from None
    with fh:
        for n, raw in enumerate(fh, 1):
            if raw.strip():
                yield _jsonl_item(raw, f"{path}:{n}")


def iter_inputs(inputs: Sequence[str | os.PathLike]) -> Iterator[BatchItem]:
    """The articles of files, folders (recursive) and JSONL files, in order.

    Missing paths and folders without article files are refused at once (``InputError``);
    problems of single articles or lines become items with ``error`` set, or surface when
    the article is read.
    """
    for p in input_paths(inputs):
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
    for p in input_paths(inputs):
        if p.is_dir():
            n += len(_folder_files(p))
        elif p.suffix.lower() == ".jsonl":
            with p.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        else:
            n += 1
    return n


def item_text(item: BatchItem) -> str:
    """The article text of an item: its file read and decoded, or its JSONL text checked."""
    from ..article import check_size, html_to_text, looks_like_html, read_text

    if item.path is not None:
        return read_text(item.path)
    text = item.text
    assert text is not None  # an item without an error has a path or a text
    check_size(text, item.input)
    if not text.strip():
        raise InputError(f"{item.input}: the text is empty")
    return html_to_text(text, item.input) if looks_like_html(text) else text


def error_message(item: BatchItem, e: BaseException) -> str:
    """The error line's message: the library's own, or the internal error, naming the input."""
    msg = str(e) if isinstance(e, SummarizerError) else f"internal error: {type(e).__name__}: {e}"
    # Library messages usually start with the input's name; make sure every line names it.
    return msg if item.input in msg else f"{item.input}: {msg}"
