"""Tokens for TF-IDF: lexicon terms whole, jieba for the rest.

Theme matches are rewritten to their canonical names, then jieba (a private
``jieba.Tokenizer`` whose user dictionary holds the lexicon's terms, so they stay whole)
cuts the rest; single characters, numbers and the stop words of official prose
(``data/stopwords.txt``) are dropped. The tokenizer is handed to scikit-learn explicitly:
its default ``token_pattern`` takes a whole run of Chinese characters as one token.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..errors import check_positive
from .lexicon import Lexicon, default_lexicon, fold, load_stopwords

__all__ = ["ChineseTokenizer"]

# A token worth counting has a Chinese character or a letter; numbers and punctuation do not.
_CONTENT_RE = re.compile(r"[\u3400-\u9fffA-Za-z]")


class ChineseTokenizer:
    """``text -> list[str]`` for scikit-learn: lexicon terms whole, jieba for the rest.

    Theme occurrences become one token each, their canonical name, whatever surface form
    the speaker used, so 人人有责、人人尽责、人人享有 and 共建共治共享 count as the same term.
    jieba is loaded on first use (:meth:`load` does it on demand) into a private
    ``jieba.Tokenizer``: a copy of the dictionary the process has loaded once (see
    :mod:`summarizer.dictionary`) plus the lexicon's terms; jieba's default one is never changed.
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        stopwords: Iterable[str] | None = None,
        *,
        min_chars: int = 2,
        hmm: bool = True,
        cache_size: int = 4096,
    ):
        check_positive("min_chars", min_chars)
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.stopwords = frozenset(stopwords) if stopwords is not None else load_stopwords()
        self.min_chars = min_chars
        self.hmm = hmm
        self._jieba = None
        self._names = frozenset(self.lexicon.names)
        # The same remarks are tokenized for fitting and for transforming; remember a bounded
        # number of recent texts rather than cutting them twice.
        self._cache: dict[str, tuple[str, ...]] = {}
        self._cache_size = cache_size

    def load(self) -> "ChineseTokenizer":
        """Load jieba's dictionary and add the lexicon's terms to it (once per tokenizer)."""
        if self._jieba is None:
            from ..dictionary import private_tokenizer

            self._jieba = private_tokenizer(fold(word)[0] for word in self.lexicon.terms)
        return self

    @property
    def jieba(self):
        """The private ``jieba.Tokenizer``, loaded."""
        return self.load()._jieba

    def normalize(self, text: str) -> str:
        """``text`` with every theme occurrence replaced by its canonical name, set apart by spaces.

        Overlapping occurrences of different themes (基层治理现代化) become both names.
        """
        out = []
        pos = 0
        cluster_end = -1
        for m in self.lexicon.find(text):
            if m.start >= cluster_end:
                out.append(text[pos : m.start])
                pos = m.start
            out.append(f" {m.theme} ")
            cluster_end = max(cluster_end, m.end)
            pos = max(pos, m.end)
        out.append(text[pos:])
        return "".join(out)

    def __call__(self, text: str) -> list[str]:
        cached = self._cache.get(text)
        if cached is None:
            cached = tuple(self._tokens(text))
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[text] = cached
        return list(cached)

    def clear_cache(self) -> None:
        """Forget the remembered tokenizations (for benchmarks, or to free memory)."""
        self._cache.clear()

    def _tokens(self, text: str):
        for tok in self.jieba.cut(self.normalize(text), HMM=self.hmm):
            if tok in self._names:
                yield tok
            elif len(tok) >= self.min_chars and tok not in self.stopwords and _CONTENT_RE.search(tok):
                yield tok

    def __repr__(self) -> str:
        return f"ChineseTokenizer(lexicon={self.lexicon.source!r}, stopwords={len(self.stopwords)})"
