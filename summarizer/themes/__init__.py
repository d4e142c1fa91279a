"""Stage 4: which governance themes each speaker stresses, and how alike their remarks are.

Three parts, in the order they are used:

- :mod:`.lexicon`: the themes and their surface forms (``data/themes.toml`` or a user's
  TOML file), validated once; finding theme occurrences in a text.
- :mod:`.tokenizer`: the jieba-based tokenizer handed to scikit-learn, keeping lexicon
  terms whole and dropping the stop words of official prose.
- :mod:`.comparison`: per-speaker theme counts, TF-IDF distinctive and shared terms, and
  cosine similarity, over the segmentations of one or more articles.

Reading background corpora from disk is input, and lives in :mod:`summarizer.article`.
"""

from __future__ import annotations

from .comparison import ComparedSpeaker, Comparer, Comparison, SharedTerm, TermWeight, ThemeHit, compare
from .lexicon import Lexicon, Theme, ThemeMatch, default_lexicon, load_lexicon, load_stopwords
from .tokenizer import ChineseTokenizer

__all__ = [
    "Theme",
    "Lexicon",
    "ThemeMatch",
    "load_lexicon",
    "default_lexicon",
    "load_stopwords",
    "ChineseTokenizer",
    "ThemeHit",
    "ComparedSpeaker",
    "TermWeight",
    "SharedTerm",
    "Comparison",
    "Comparer",
    "compare",
]
