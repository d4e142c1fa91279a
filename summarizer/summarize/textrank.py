"""Graph ranking of text units (sentences or clauses) without an n × n matrix.

Units are rows of L2-normalised character-bigram counts, so their cosine similarities
are products of sparse rows (``Similarity``). PageRank over that similarity graph
(``pagerank``) gives each unit's centrality; maximal marginal relevance (``mmr``) picks
units by a relevance score minus their similarity to what is already picked. Past a few
hundred units no n × n matrix is built: every step is a pair of sparse products, so the
work grows with the length of the text, not with its square.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy.sparse import csr_matrix

from ..text import char_tokens

__all__ = ["bigram_matrix", "Similarity", "pagerank", "mmr"]


def _bigrams(unit: str) -> dict[str, int]:
    chars = char_tokens(unit)
    grams: dict[str, int] = {}
    for a, b in zip(chars, chars[1:]):
        grams[a + b] = grams.get(a + b, 0) + 1
    return grams


def bigram_matrix(units: Sequence[str]) -> csr_matrix:
    """Sparse rows of L2-normalised character-bigram counts, one per unit."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, unit in enumerate(units):
        for g, c in _bigrams(unit).items():
            rows.append(i)
            cols.append(vocab.setdefault(g, len(vocab)))
            vals.append(float(c))
    m = csr_matrix((vals, (rows, cols)), shape=(len(units), max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(m.multiply(1.0 / norms[:, None]))


class Similarity:
    """Cosine similarities of the rows of ``m`` without self-loops, as products.

    Up to ``DENSE_MAX`` units (every speaker of a normal article) the n × n matrix is
    built once, which is fastest; above that it is never built, and each product is two
    sparse ones, so the work stays linear in the size of the text.
    """

    DENSE_MAX = 400

    def __init__(self, m: csr_matrix):
        self.n = m.shape[0]
        self._m = m
        self._mt = m.T.tocsr()  # once: scipy builds a new matrix for every .T
        self._self = (m.getnnz(axis=1) > 0).astype(float)  # a non-empty row's cosine with itself
        self._dense = None
        if self.n <= self.DENSE_MAX:
            self._dense = (m @ self._mt).toarray()
            np.fill_diagonal(self._dense, 0.0)

    def dot(self, x: np.ndarray) -> np.ndarray:
        """``S @ x``."""
        if self._dense is not None:
            return self._dense @ x
        return self._m @ (self._mt @ x) - self._self * x

    def row(self, i: int) -> np.ndarray:
        """Row ``i`` of S (its diagonal entry 0)."""
        if self._dense is not None:
            return self._dense[i]
        out = (self._m @ self._mt[:, i]).toarray().ravel()
        out[i] = 0.0
        return out


def pagerank(sim: Similarity, damping: float, iters: int = 200, tol: float = 1e-10) -> np.ndarray:
    """PageRank over the cosine-similarity graph (weighted, no self-loops).

    A unit sharing nothing with the others spreads its weight evenly (dangling node).
    """
    n = sim.n
    out_w = sim.dot(np.ones(n))
    dangling = out_w <= 1e-12
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out_w))
    score = np.full(n, 1.0 / n)
    for _ in range(iters):
        new = (1 - damping) / n + damping * (sim.dot(score * inv) + score[dangling].sum() / n)
        done = np.abs(new - score).max() < tol
        score = new
        if done:
            break
    return score


def mmr(sim: Similarity, relevance: np.ndarray, lengths: Sequence[int], budget: int, lam: float) -> list[int]:
    """Indices picked greedily by ``lam * relevance - (1 - lam) * redundancy`` while they fit.

    Redundancy is a unit's highest similarity to what is already picked, updated with one
    row of similarities per pick; a unit that does not fit the budget left never will, so
    each step takes the best unit that fits, and the loop ends when none does.
    """
    lengths_ = np.asarray(lengths)
    redundancy = np.zeros(len(lengths))
    open_ = np.ones(len(lengths), dtype=bool)
    chosen: list[int] = []
    used = 0
    while True:
        fits = open_ & (lengths_ <= budget - used)
        if not fits.any():
            return chosen
        score = np.where(fits, lam * relevance - (1 - lam) * redundancy, -np.inf)
        best = int(np.argmax(score))  # the first maximum: ties go to the earlier unit
        chosen.append(best)
        used += lengths[best]
        open_[best] = False
        redundancy = np.maximum(redundancy, sim.row(best))
