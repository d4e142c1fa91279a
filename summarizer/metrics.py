"""Evaluation metrics, exactly as defined in the gold format's README.

Sentences come from :mod:`summarizer.text`, the same splitter for gold and prediction,
so attribution is scored sentence by sentence. Precision/recall/F1 are micro-averaged: callers add up
``Counts`` over files and only then divide. ROUGE is computed on characters (Chinese
characters, letters, digits), with the tokenizer passed in explicitly because the usual
whitespace/ASCII tokenizers drop Chinese entirely.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

# Sentences and characters belong to the text layer; they are re-exported here because
# every metric is defined over them.
from .text import Sentence, char_tokens, split_sentences

__all__ = [
    "Sentence",
    "split_sentences",
    "Counts",
    "prf",
    "bootstrap_f1",
    "char_tokens",
    "rouge_n",
    "rouge_l",
]


@dataclass
class Counts:
    """True positives, false positives and false negatives, summed before dividing."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @classmethod
    def of_sets(cls, predicted: Iterable, gold: Iterable) -> "Counts":
        p, g = set(predicted), set(gold)
        return cls(len(p & g), len(p - g), len(g - p))


def prf(c: Counts) -> dict[str, float]:
    """Precision, recall, F1. An empty side scores 1.0 only when the other is empty too."""
    if c.tp + c.fp:
        p = c.tp / (c.tp + c.fp)
    else:
        p = 1.0 if c.fn == 0 else 0.0
    if c.tp + c.fn:
        r = c.tp / (c.tp + c.fn)
    else:
        r = 1.0 if c.fp == 0 else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def bootstrap_f1(per_file: Sequence[Counts], resamples: int = 1000, level: float = 0.95,
                 seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the micro-averaged F1 over ``per_file`` counts.

    Files (articles), not sentences or speakers, are drawn with replacement: the items of one
    article are not independent of each other. With few files the interval is wide, which is
    the point: it shows how far a figure could move on another sample of articles.
    """
    if not per_file:
        raise ValueError("bootstrap_f1 needs the counts of at least one file")
    if not 0 < level < 1 or resamples < 1:
        raise ValueError(f"level must be in (0, 1) and resamples positive, got {level!r}, {resamples!r}")
    rng = random.Random(seed)
    n = len(per_file)
    scores = []
    for _ in range(resamples):
        total = Counts()
        for _ in range(n):
            total.add(per_file[rng.randrange(n)])
        scores.append(prf(total)["f1"])
    scores.sort()
    alpha = (1 - level) / 2
    lo = scores[int(math.floor(alpha * resamples))]
    hi = scores[max(0, int(math.ceil((1 - alpha) * resamples)) - 1)]
    return lo, hi


def _ngrams(tokens: Sequence[str], n: int) -> dict[tuple, int]:
    grams: dict[tuple, int] = {}
    for i in range(len(tokens) - n + 1):
        g = tuple(tokens[i : i + n])
        grams[g] = grams.get(g, 0) + 1
    return grams


def _f1(overlap: int, n_pred: int, n_ref: int) -> float:
    if not overlap or not n_pred or not n_ref:
        return 0.0
    p, r = overlap / n_pred, overlap / n_ref
    return 2 * p * r / (p + r)


def rouge_n(pred: str, ref: str, n: int, tokenizer: Callable[[str], list[str]]) -> float:
    """ROUGE-N F1 with clipped n-gram counts over the tokens ``tokenizer`` yields."""
    pg, rg = _ngrams(tokenizer(pred), n), _ngrams(tokenizer(ref), n)
    overlap = sum(min(c, rg.get(g, 0)) for g, c in pg.items())
    return _f1(overlap, sum(pg.values()), sum(rg.values()))


def rouge_l(pred: str, ref: str, tokenizer: Callable[[str], list[str]]) -> float:
    """ROUGE-L F1: longest common subsequence over the tokens ``tokenizer`` yields."""
    a, b = tokenizer(pred), tokenizer(ref)
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return _f1(prev[-1], len(a), len(b))
