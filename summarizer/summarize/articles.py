"""Summaries of whole articles: every speaker with remarks, all articles in one batch."""

from __future__ import annotations

from typing import Callable, Sequence

from ..errors import InputError
from .base import Backend
from .registry import load_backend
from .results import ArticleSummary, SpeakerSummary

__all__ = ["summarize", "summarize_segmentations"]


def summarize_segmentations(segmentations: Sequence, backend: Backend) -> list[ArticleSummary]:
    """Summaries for every speaker with remarks of every segmentation, in one batch call."""
    segs = list(segmentations)
    jobs = [(k, sp) for k, seg in enumerate(segs) for sp in seg.speakers_with_remarks]
    results = backend.summarize_batch([sp.text for _, sp in jobs])
    per: list[list[SpeakerSummary]] = [[] for _ in segs]
    for (k, sp), res in zip(jobs, results):
        per[k].append(SpeakerSummary(sp, res))
    return [
        ArticleSummary(seg, tuple(items), backend.method, backend.model, backend.fallback, backend.engine)
        for seg, items in zip(segs, per)
    ]


def summarize(
    segmentation,
    *,
    method: str = "auto",
    model: str | None = None,
    engine: str | None = None,
    backend: Backend | None = None,
    max_length: int | None = None,
    device: str | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> ArticleSummary:
    """Summarize each speaker of a :class:`~summarizer.segment.Segmentation`.

    Pass ``backend`` (from ``load_backend``) to reuse a loaded model across articles;
    otherwise one is loaded for ``method``, ``model`` and ``engine``.
    """
    from ..segment import Segmentation

    if isinstance(segmentation, str):
        raise InputError("summarize takes a Segmentation, not article text: segment first "
                         "(summarizer.segment(text)), or use summarizer.analyze for the whole pipeline")
    if not isinstance(segmentation, Segmentation):
        raise InputError(f"summarize takes a Segmentation, got {type(segmentation).__name__}")
    seg = segmentation
    if backend is None:
        backend = load_backend(method, model, engine=engine, device=device, max_length=max_length,
                               on_warning=on_warning)
    return summarize_segmentations([seg], backend)[0]
