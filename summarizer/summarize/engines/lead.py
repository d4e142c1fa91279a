"""The lead baseline: the speaker's first sentence(s), cut to the budget.

What a reader gets by reading only the start of the remarks (reporting frame left out);
the evaluation's baseline that every other method has to beat. No model, no numpy.
"""

from __future__ import annotations

from typing import Sequence

from ...errors import check_positive
from ..base import DEFAULT_CHARS, Backend, check_texts
from ..results import Summary
from ..sentences import cut, sentences, strip_cue

__all__ = ["LeadBackend"]


class LeadBackend(Backend):
    """The first sentence(s) of the remarks, within ``max_length`` characters (evaluation only)."""

    method = "lead"

    def __init__(self, max_length: int | None = None):
        self.max_length = check_positive("max_length", DEFAULT_CHARS if max_length is None else max_length)

    def summarize_batch(self, texts: Sequence[str]) -> list[Summary]:
        return [self._lead([strip_cue(s) for s in sentences(t)]) for t in check_texts(texts)]

    def _lead(self, sents: list[str]) -> Summary:
        if not sents:
            return Summary("", self.method, None, chunks=0, rounds=0)
        out = ""
        for s in sents:
            if len(out) + len(s) > self.max_length:
                break
            out += s
        return Summary(out or cut(sents[0], self.max_length), self.method, None)
