"""Reading a batch output back: its lines, and an article's segmentation from its line.

``summarizer compare`` and the corpus view read batch outputs instead of analysing again;
a line's segmentation is rebuilt with every remark's offsets checked against the text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from ..errors import InputError

__all__ = ["read_results", "segmentation_from_dict"]


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
    from ..segment import Segmentation

    return Segmentation.from_dict(d, name)
