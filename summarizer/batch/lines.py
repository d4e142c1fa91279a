"""The output line of an article: what every runner does to one, wherever it runs.

An article is prepared (read, segmented, compared: :meth:`Analyzer.prepare`), then
finished with the others of its group (summaries in one backend call:
:meth:`Analyzer.finish`) and encoded as one JSON line. Any failure of one article is
its error line, never the end of the batch; if a group's summary call fails, each
article is summarized alone to find the one(s) the summarizer fails on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

from .inputs import BatchItem, error_message, item_text

__all__ = ["Line", "Ready", "prepare", "finish", "finished_line", "dumps", "needs_no_model", "worker_analyzer"]


@dataclass(frozen=True)
class Line:
    """One whole output line (UTF-8 JSON and its newline) and whether it is an error line."""

    data: bytes
    failed: bool


@dataclass(frozen=True)
class Ready:
    """An item prepared for its summaries (``prepared``), or the error that stopped it."""

    item: BatchItem
    prepared: object | None = None  # summarizer.analyze.Prepared
    error: str | None = None


def dumps(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def prepare(analyzer, item: BatchItem) -> Ready:
    if item.error is not None:
        return Ready(item, error=item.error)
    try:
        return Ready(item, analyzer.prepare(item_text(item), item.id))
    except Exception as e:  # one bad article is an error line, never the end of the batch
        return Ready(item, error=error_message(item, e))


def _summarized(analyzer, ready: Sequence[Ready]) -> tuple[dict, dict]:
    """Analyses (by position) of the prepared items, and error messages of those that failed."""
    todo = [k for k, r in enumerate(ready) if r.error is None]
    try:
        return dict(zip(todo, analyzer.finish([ready[k].prepared for k in todo]))), {}
    except Exception:
        analyses, errors = {}, {}
        for k in todo:
            try:
                analyses[k] = analyzer.finish([ready[k].prepared])[0]
            except Exception as e:
                errors[k] = error_message(ready[k].item, e)
        return analyses, errors


def finish(analyzer, ready: Sequence[Ready]) -> list[Line]:
    """The output lines of a group of prepared items, in order; summaries in one call."""
    analyses, errors = _summarized(analyzer, ready)
    lines = []
    for k, r in enumerate(ready):
        err = r.error or errors.get(k)
        head = {"id": r.item.id, "input": r.item.input}
        if err is not None:
            lines.append(Line(dumps({**head, "error": err}), True))
        else:
            lines.append(Line(dumps({**head, **analyses[k].to_dict()}), False))
    return lines


def finished_line(analyzer, item: BatchItem) -> Line:
    """Prepare and finish one item (for backends without a model, which any worker can run)."""
    return finish(analyzer, [prepare(analyzer, item)])[0]


def needs_no_model(backend) -> bool:
    """Whether summaries are cheap CPU work any worker can do (no model to load once).

    Other backends, a seq2seq model or one a library user supplies, stay where they were
    loaded: the main process, or the model actors of the Ray runner.
    """
    from ..summarize import ExtractiveBackend, LeadBackend

    return type(backend) in (ExtractiveBackend, LeadBackend)


def worker_analyzer(options: dict):
    """An Analyzer built in a worker from ``Analyzer.worker_options()`` (plus ``backend``
    when the worker finishes lines itself)."""
    from ..analyze import Analyzer

    return Analyzer(**options) if "backend" in options else Analyzer("extractive", **options)
