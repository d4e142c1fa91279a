"""The part-of-speech tagger the segmenter asks where sentence structure is not enough.

Two questions only: is this bare, untitled candidate a person's name or a common word
(文件指出, 党中央强调, 马上表示)? And where does a name end after a title when nothing after it
says (…县委书记汤明远接过话题)? Any object with those two methods can stand in (a
:class:`Tagger`); the default asks jieba, whose dictionary is loaded only on the first
question (most articles never ask).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["Tagger", "JiebaTagger"]


@runtime_checkable
class Tagger(Protocol):
    def is_name(self, candidate: str, context: str) -> bool:
        """``context`` starts with ``candidate`` and goes on a few characters."""

    def name_at(self, context: str) -> int:
        """Length of the person's name that opens ``context``, or 0."""


class JiebaTagger:
    """Asks jieba's part-of-speech tagger whether a bare name candidate is a person.

    Only consulted for a name that no title vouches for and that the article has not
    named before, so most articles never load jieba's dictionary. It vetoes a candidate
    only when jieba reads exactly that string as one word of another kind (文件/n,
    党中央/nt, 马上/d); where jieba splits differently (a surname/nr then a common noun, as it does
    with names whose given part is a word) the structure wins.
    """

    def __init__(self, tokenizer=None):
        self._tokenizer = tokenizer

    def _posseg(self):
        if self._tokenizer is None:
            from ..dictionary import pos_tokenizer

            self._tokenizer = pos_tokenizer()
        return self._tokenizer

    def is_name(self, candidate: str, context: str) -> bool:
        """``context`` starts with ``candidate`` and goes on a few characters."""
        words = list(self._posseg().cut(context))
        if words and words[0].word == candidate:
            return words[0].flag.startswith("nr")
        return True

    def name_at(self, context: str) -> int:
        """Length of the person's name that opens ``context`` by jieba's reading, or 0.

        Either a word tagged as a person's name, or a single character (the surname, cut
        off) followed by a short word of a kind a given name can be read as (罗/振华,
        汤/明远), never a verb, preposition or function word.
        """
        words = list(self._posseg().cut(context))
        if not words:
            return 0
        first = words[0]
        if first.flag.startswith("nr") and 2 <= len(first.word) <= 4:
            return len(first.word)
        if len(first.word) == 1 and len(words) > 1:
            given = words[1]
            if 1 <= len(given.word) <= 2 and given.flag[:1] in ("n", "a", "j", "t", "s"):
                return 1 + len(given.word)
        return 0
