"""One serialiser for the result records: frozen dataclasses to JSON-ready dicts.

Every stage returns frozen dataclasses with ``to_dict()``. A record whose JSON is its
fields in order inherits :class:`Record`; a record whose JSON differs (renamed keys, rounded
weights, derived values) writes its own ``to_dict`` and turns its parts into JSON with
:func:`jsonable`, so that tuples become lists and nested records their dicts the same way
everywhere. JSON is written with ``ensure_ascii=False`` by :func:`summarizer.report.to_json`.
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePath

__all__ = ["Record", "jsonable"]


def jsonable(value):
    """``value`` as JSON-ready data: records as their ``to_dict()``, tuples as lists."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    return value


class Record:
    """Mixin for dataclass records: ``to_dict()`` is every field, in order, as :func:`jsonable`.

    A field declared with ``metadata={"json": False}`` (caches, working state) is left out.
    """

    __slots__ = ()

    def to_dict(self) -> dict:
        return {
            f.name: jsonable(getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.metadata.get("json", True)
        }
