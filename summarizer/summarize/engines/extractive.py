"""Extractive summaries: the speaker's own clauses, ranked, within a character budget.

No model, deterministic; the fallback when no seq2seq model is available. Reference
summaries of official remarks keep the main clause of each point and drop the frames
(他指出，), stock phrases and fillers around it, so the unit here is the clause, not the
sentence (``clauses``). Each clause gets a relevance

    centrality × PageRank (cosine of character bigrams, normalised to the best clause)
  + themes × (1 if it names a governance theme of the lexicon, else 0)
  + position × 1/√(1 + its index among the clauses)
  + first × (1 if it opens its sentence)

(weights in ``Weights``); clauses are then picked by maximal marginal relevance
(``lam × relevance − (1 − lam) × similarity to what is picked``) while they fit the
budget, and joined in the speaker's order. Remarks whose clauses all fit are kept whole,
less their frames and fillers; when no clause fits, the best one is cut at a boundary.
Work is linear in the number of clauses (``textrank``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ...errors import InputError, check_positive
from ...records import Record
from ..base import DEFAULT_CHARS, Backend, check_texts
from ..clauses import Clause, clauses_of, join_clauses
from ..results import Summary
from ..sentences import cut, sentences, strip_cue
from ..textrank import Similarity, bigram_matrix, mmr, pagerank

__all__ = ["ExtractiveBackend", "Weights"]


@dataclass(frozen=True)
class Weights(Record):
    """How much each signal counts in a clause's relevance (they need not sum to 1)."""

    centrality: float = 0.4
    themes: float = 0.3
    position: float = 0.2
    first: float = 0.1

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise InputError(f"weight {f.name} must be a number >= 0, got {value!r}")


class ExtractiveBackend(Backend):
    """Clause selection by centrality, themes and position within ``max_length`` characters.

    ``lam`` trades relevance against repetition (1: relevance only); ``damping`` is
    PageRank's; ``weights`` a :class:`Weights`; ``lexicon`` the theme lexicon (default:
    the bundled one, loaded on first use).
    """

    method = "extractive"

    def __init__(self, max_length: int | None = None, lam: float = 0.6, damping: float = 0.85,
                 weights: Weights | None = None, lexicon=None):
        self.max_length = check_positive("max_length", DEFAULT_CHARS if max_length is None else max_length)
        if not 0.0 <= lam <= 1.0:
            raise InputError(f"lam must be between 0 and 1, got {lam!r}")
        if not 0.0 < damping < 1.0:
            raise InputError(f"damping must be between 0 and 1 (exclusive), got {damping!r}")
        if weights is not None and not isinstance(weights, Weights):
            raise InputError(f"weights must be an ExtractiveBackend Weights, got {type(weights).__name__}")
        self.lam = lam
        self.damping = damping
        self.weights = weights or Weights()
        self._lexicon = lexicon

    @property
    def lexicon(self):
        if self._lexicon is None:
            from ...themes import load_lexicon

            self._lexicon = load_lexicon()
        return self._lexicon

    def summarize_batch(self, texts) -> list[Summary]:
        return [self._summary(t) for t in check_texts(texts)]

    def _summary(self, text: str) -> Summary:
        if not text.strip():
            return Summary("", self.method, None, chunks=0, rounds=0)
        units = clauses_of(text)
        if not units:  # nothing but frames: the first sentence as it is
            return Summary(cut(strip_cue(sentences(text)[0]), self.max_length), self.method, None)
        whole = join_clauses(units)
        if len(whole) <= self.max_length:
            return Summary(whole, self.method, None)
        return Summary(self._pick(units), self.method, None)

    def _pick(self, units: list[Clause]) -> str:
        sim = Similarity(bigram_matrix([u.text for u in units]))
        relevance = self.relevance(units, sim)
        lengths = [len(u.text) + 1 for u in units]  # each clause brings its closing mark
        chosen = mmr(sim, relevance, lengths, self.max_length, self.lam)
        if not chosen:  # no clause fits: the best one, cut at a boundary, closed by the join's 。
            best = int(np.argmax(relevance))
            head = cut(units[best].text, self.max_length - 1).rstrip("。")
            return join_clauses([Clause(head, units[best].sentence, True)]) if head else ""
        return join_clauses([units[i] for i in sorted(chosen)])

    def relevance(self, units: list[Clause], sim: Similarity | None = None) -> np.ndarray:
        """Each clause's relevance (see the module docstring)."""
        if sim is None:
            sim = Similarity(bigram_matrix([u.text for u in units]))
        rank = pagerank(sim, self.damping)
        rank = rank / (rank.max() or 1.0)
        w = self.weights
        themes = np.array([1.0 if self.lexicon.find(u.text) else 0.0 for u in units])
        position = 1.0 / np.sqrt(1.0 + np.arange(len(units)))
        first = np.array([1.0 if u.first else 0.0 for u in units])
        return w.centrality * rank + w.themes * themes + w.position * position + w.first * first
