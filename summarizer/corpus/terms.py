"""Terms: document frequencies over the whole corpus, and each leading person's distinctive terms.

Method. Every article is one document: the terms of all its speakers' remarks (tokenized
while reading, :mod:`.records`). Terms are interned to integer ids and each mention keeps its
counts as two compact arrays, so ten thousand articles hold a few megabytes of counts, never
their texts. IDF is the smooth IDF of ``compare`` and scikit-learn, ``ln((1+n)/(1+df))+1``,
fitted on every article read (``n`` = articles with remarks), or on a background corpus (one
document per text, as ``compare --background``). A person's terms are the raw counts over
their remarks in the report's scope; weights are counts × IDF, L2-normalised, and the
distinctive terms are the highest weights among terms that not every one of the compared
people uses (as in ``compare``).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from typing import Iterable, Sequence

from ..themes import TermWeight

__all__ = ["TermTable", "background_df", "distinctive_terms"]


class TermTable:
    """Interned terms with their document frequencies."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.df = array("I")
        self.documents = 0

    def pack(self, pairs: Iterable[tuple[str, int]]) -> tuple[array, array]:
        """(term ids, counts) of ``(term, count)`` pairs, interning new terms."""
        ids, counts = array("I"), array("I")
        for term, n in pairs:
            i = self.ids.get(term)
            if i is None:
                i = self.ids[term] = len(self.terms)
                self.terms.append(term)
                self.df.append(0)
            ids.append(i)
            counts.append(n)
        return ids, counts

    def add_document(self, ids: Iterable[int]) -> None:
        """Count one document holding the terms ``ids`` (each once, however often it occurs)."""
        seen = set(ids)
        if not seen:
            return
        self.documents += 1
        for i in seen:
            self.df[i] += 1

    def idf(self, i: int, df: Sequence[int] | None = None, documents: int | None = None) -> float:
        df = self.df if df is None else df
        n = self.documents if documents is None else documents
        return math.log((1 + n) / (1 + df[i])) + 1.0


def background_df(table: TermTable, texts: Sequence[str], tokenizer) -> array:
    """Document frequencies of the table's terms over background texts (one document each)."""
    df = array("I", bytes(4 * len(table.terms)))
    for text in texts:
        for term in set(tokenizer(text)):
            i = table.ids.get(term)
            if i is not None:
                df[i] += 1
        tokenizer.clear_cache()
    return df


def distinctive_terms(counts: Sequence[Counter], table: TermTable, top: int, *, df=None,
                      documents: int | None = None) -> list[tuple[TermWeight, ...]]:
    """The ``top`` distinctive terms of each of several people (term-id counters)."""
    n = len(counts)
    users = Counter(i for c in counts for i in c)
    out = []
    for c in counts:
        weights = {i: k * table.idf(i, df, documents) for i, k in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        cands = [TermWeight(table.terms[i], w / norm, c[i]) for i, w in weights.items() if n < 2 or users[i] < n]
        cands.sort(key=lambda t: (-t.weight, t.term))
        out.append(tuple(cands[:top]))
    return out
