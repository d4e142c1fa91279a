"""Where results are written: checked before the work, written whole after it.

Every file the toolkit writes for a user (``analyze -o``, ``compare --plot`` and ``--csv``,
``batch --out``) goes through here, so an output that cannot be written is one
:class:`~summarizer.errors.OutputError` naming the path and the reason, raised before any
slow work starts, never a ``PermissionError`` traceback after it. Writability is probed by
creating (and removing) a file beside the target, which is the only reliable test: a
permission check says yes to root on a read-only file system. Files are written to a
temporary name in the same folder and renamed into place, so a failure or a kill never
leaves half a report where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from .errors import OutputError

__all__ = ["check_output_file", "check_output_dir", "write_text", "replacing"]


def _probe(folder: Path, what: str, target: Path) -> None:
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".summarizer-probe-")
    except OSError as e:
        raise OutputError(f"{target}: cannot write the {what} there ({e.strerror or e})") from None
    os.close(fd)
    os.unlink(probe)


def check_output_file(path: str | os.PathLike, what: str = "output", suffixes: Sequence[str] = ()) -> Path:
    """``path`` as a file the toolkit can write: not a folder, in a folder that exists and takes files."""
    p = Path(path)
    if suffixes and p.suffix.lower() not in suffixes:
        raise OutputError(f"{p}: the {what} must be a {' or '.join(suffixes)} file")
    if p.is_dir():
        raise OutputError(f"{p}: is a folder; the {what} must be a file")
    folder = p.parent
    if not folder.is_dir():
        raise OutputError(f"{folder}: folder for the {what} does not exist")
    if p.exists() and not os.access(p, os.W_OK):
        raise OutputError(f"{p}: cannot write the {what} there (permission denied)")
    _probe(folder, what, p)
    return p


def check_output_dir(path: str | os.PathLike, what: str = "output") -> Path:
    """``path`` as a folder to write into; created if missing, but only its last level."""
    d = Path(path)
    if d.exists() and not d.is_dir():
        raise OutputError(f"{d}: is a file; the {what} needs a folder")
    if not d.exists():
        if not d.parent.is_dir():
            raise OutputError(f"{d.parent}: folder for the {what} does not exist")
        try:
            d.mkdir()
        except OSError as e:
            raise OutputError(f"{d}: cannot create the folder for the {what} ({e.strerror or e})") from None
    _probe(d, what, d)
    return d


@contextmanager
def replacing(path: str | os.PathLike, what: str = "output") -> Iterator[Path]:
    """A temporary path beside ``path`` to write; renamed onto ``path`` when the block succeeds."""
    p = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=p.suffix)
        os.close(fd)
    except OSError as e:
        raise OutputError(f"{p}: cannot write the {what} ({e.strerror or e})") from None
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, p)
    except OSError as e:
        raise OutputError(f"{p}: cannot write the {what} ({e.strerror or e})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: str | os.PathLike, text: str, what: str = "output") -> Path:
    """Write ``text`` (UTF-8) to ``path`` whole, or raise OutputError."""
    with replacing(path, what) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def _umask() -> int:
    # mkstemp creates files readable by their owner only; a report is an ordinary file.
    mask = os.umask(0)
    os.umask(mask)
    return mask
