"""Stage 6: the corpus view of many analysed articles: who says what, and how it changes.

Method. The input is what ``summarizer batch`` wrote (one analysis per JSON line); nothing is
segmented or summarized again. The files are streamed once (:mod:`.records`): each line is
reduced to its date, headline and source and, per speaker, the name, titles, remark counts,
theme occurrences and terms, and its text is dropped. Then:

* **people** (:mod:`.people`, :mod:`.titles`): mentions of one name are one person when their
  titles share a place, organisation or title and name no two different units of one level;
  every join and every split is explained;
* **themes over time** (:mod:`.periods`): theme occurrences per month, quarter or year,
  normalised per 100 remark sentences, and each person's first and last use of each theme;
* **leading people** (:mod:`.terms`): the theme counts and distinctive terms (IDF fitted on the
  whole corpus, or a background corpus) of the people with most articles;
* **dates**: the head's date line, another line of the page head, or the dateline with a year
  from elsewhere (:func:`summarizer.article.published_date`), and which it was; undated
  articles are kept and listed as undated.

``corpus()`` returns a :class:`Corpus`; :mod:`.html` and :mod:`.markdown` render it.
"""

from __future__ import annotations

import importlib

# Public names and the module of the package that defines each; loaded on first use, so that
# ``import summarizer`` (which binds ``summarizer.corpus``, the function) stays cheap.
_EXPORTS = {
    "Corpus": "results", "CorpusPerson": "results", "CorpusArticle": "results", "CorpusFilters": "results",
    "CorpusCounts": "results", "PeriodRow": "results", "PersonMention": "results", "ThemeUse": "results",
    "TitleSpell": "results", "render_corpus_html": "html", "write_corpus_html": "html",
    "corpus_markdown": "markdown",
}

__all__ = ["corpus", *_EXPORTS]


def corpus(paths, **options):
    """The corpus view (a :class:`Corpus`) of ``summarizer batch`` outputs (JSON Lines files).

    Options: ``period`` (month, quarter, year), ``since``/``until`` (2024, 2024-03, 2024-03-05;
    inclusive), ``people`` (names), ``themes`` (canonical theme names), ``top`` (leading
    people, default 10), ``top_terms`` (distinctive terms each, default 10), ``background``
    (texts to fit IDF on, see :func:`summarizer.read_background`), ``jobs`` (processes that
    read and tokenize; default: one per CPU, at most 4, from 8 MB of input on, else 1), ``on_warning`` (receives notes: left-out error lines, an
    incomplete last line).
    """
    from .build import build_corpus

    return build_corpus(paths, **options)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer.corpus' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__():
    return __all__
