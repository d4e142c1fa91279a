"""Stage 2: find the speakers of a meeting report and the sentences that carry their words.

Method (rules over sentence structure, no statistical model, so every decision can be traced):

1. Names (:mod:`.names`, titles in :mod:`.titles`): a surname plus one or two characters, or
   a name with a middle dot, accepted only where the structure vouches for it (a title
   chain, a list of names, a speech cue right after it); short forms (王书记) resolve to the
   one person with that surname and title. A part-of-speech tagger (:mod:`.tagger`) is asked
   only where structure is not enough.
2. Speech (:mod:`.rules`): an ordered table of named constructions — a subject, a frame and
   a cue verb (王某在致辞中表示，…); a pronoun or description for the person last named; a
   quotation attributed inside, before or after it.
3. Attribution and continuation (:mod:`.reader`): quotations run to their closing mark;
   subjectless sentences carry on the current speaker; rosters give speakers without words
   and silent acts mark attendees.
4. Script (:mod:`.script`): a traditional article is read in a simplified copy made
   character for character, and reported in its original text.

Every :class:`Remark` records the rule that attributed it and the spans of its cue and
source, so an analyst can see why a sentence went to a person (``summarizer segment --explain``).
"""

from __future__ import annotations

from ..article import Article, check_text, parse_article
from ..errors import InputError
from .reader import Reader
from .records import Person, Remark, Segmentation, Speaker
from .rules import RULES, Rule
from .script import opencc_converter, restore, to_simplified
from .tagger import JiebaTagger, Tagger

__all__ = ["Remark", "Speaker", "Person", "Segmentation", "Segmenter", "JiebaTagger", "Tagger", "RULES",
           "Rule", "segment"]


class Segmenter:
    """Reusable segmenter; holds the (lazily loaded) tagger across articles.

    ``tagger`` is a :class:`Tagger` (``is_name`` and ``name_at``); the default uses jieba,
    ``tagger=False`` relies on sentence structure alone.
    """

    def __init__(self, tagger: Tagger | bool | None = None):
        if tagger is not None and tagger is not False and not isinstance(tagger, Tagger):
            raise TypeError(f"tagger must have is_name(candidate, context) and name_at(context) methods, "
                            f"got {tagger!r}")
        self.tagger: Tagger | None = JiebaTagger() if tagger is None else (tagger or None)
        # Whether a string reads as a person's name hardly depends on the article, so the
        # tagger's verdicts are kept for the life of this segmenter.
        self._tag_cache: dict = {}
        self._opencc = None

    def __call__(self, article: "Article | str", name: str = "<input>") -> Segmentation:
        """Segment an :class:`~summarizer.article.Article` (from :func:`~summarizer.article.load_article`).

        A string is taken as an article's text and parsed first
        (:func:`~summarizer.article.parse_article`: HTML, lone surrogates, text without
        Chinese); the size limit is the input layer's, for files and JSONL items
        (:func:`~summarizer.article.load_article`), not the library's.
        """
        if isinstance(article, str):
            article = parse_article(article, name)
        elif not isinstance(article, Article):
            raise InputError(f"{name}: expected an Article or its text (str), got {type(article).__name__}")
        else:
            check_text(article.text, name)
        if article.script == "traditional":
            return self._traditional(article.text, name)
        return self._read(article)

    def _read(self, article: Article) -> Segmentation:
        reader = Reader(article, self.tagger, self._tag_cache)
        reader.read()
        return reader.result()

    def _traditional(self, original: str, name: str) -> Segmentation:
        """Analyse a simplified copy of a traditional article; report the original text."""
        if self._opencc is None:
            self._opencc = opencc_converter()
        simplified = to_simplified(original, self._opencc)
        return restore(self._read(parse_article(simplified, name)), original)


def segment(text: "str | Article", name: str = "<input>", segmenter: Segmenter | None = None) -> Segmentation:
    """Find the speakers of a Chinese meeting report and the sentences that carry their words.

    ``text`` is the article as decoded text (see ``read_text``) or a parsed ``Article``.
    Returns speakers in order of first appearance, each with titles, role and remarks whose
    offsets index ``text``; an article that names no speaker gives an empty ``speakers``.
    Pass a ``Segmenter`` to reuse one across many articles.
    """
    return (segmenter or Segmenter())(text, name)
