"""What the summary stage returns: a summary per text, per speaker and per article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..segment.records import Segmentation, Speaker

__all__ = ["Summary", "SpeakerSummary", "ArticleSummary"]


@dataclass(frozen=True)
class Summary:
    """A summary of one text and how it was produced.

    ``method`` is how (seq2seq, extractive, lead), ``engine`` what ran the model (torch or
    ctranslate2; None without a model). ``chunks`` is the number of pieces the text was
    split into to fit the model's input (0 for an empty text); ``rounds`` the number of
    generation passes (1: the chunks were summarized once; 2 or more: their summaries
    were summarized again).
    """

    text: str
    method: str
    model: str | None = None
    chunks: int = 1
    rounds: int = 1
    engine: str | None = None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "method": self.method,
            "engine": self.engine,
            "model": self.model,
            "chunks": self.chunks,
            "rounds": self.rounds,
        }


@dataclass(frozen=True)
class SpeakerSummary:
    """A speaker with remarks and the summary of those remarks."""

    speaker: Speaker
    summary: Summary

    def to_dict(self) -> dict:
        return {**self.speaker.to_dict(), "summary": self.summary.to_dict()}


@dataclass(frozen=True)
class ArticleSummary:
    """The segmentation of one article plus one summary per speaker with remarks."""

    segmentation: Segmentation
    summaries: tuple[SpeakerSummary, ...]
    method: str
    model: str | None = None
    fallback: str | None = None  # why ``auto`` did not use the model, when it did not
    engine: str | None = None

    def summary_of(self, name: str) -> Summary:
        for s in self.summaries:
            if s.speaker.name == name:
                return s.summary
        raise KeyError(name)

    def to_dict(self) -> dict:
        by_name = {s.speaker.name: s.summary for s in self.summaries}
        seg = self.segmentation.to_dict()
        speakers = []
        for sp in self.segmentation.speakers:
            summary = by_name.get(sp.name) if sp.remarks else None
            speakers.append({**sp.to_dict(), "summary": summary.to_dict() if summary else None})
        return {
            **seg,
            "method": self.method,
            "engine": self.engine,
            "model": self.model,
            "fallback": self.fallback,
            "speakers": speakers,
        }
