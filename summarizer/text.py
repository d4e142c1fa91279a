"""Sentences and characters: the units every stage and the evaluation agree on.

Sentences are cut after 。！？!? (keeping any closing quotes or brackets that follow) and
at every line break, exactly as the gold format defines them, so remarks, summaries and
scores all count the same sentences. ``char_tokens`` is the character tokenization for
Chinese: what ROUGE counts and what extractive summaries compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Record

__all__ = ["Sentence", "split_sentences", "char_tokens"]

_ENDERS = "。！？!?"
_CLOSERS = "”’」』）)]"
# A sentence ends after a run of enders plus any closers; a line break always ends one.
_BOUNDARY = re.compile(rf"[{_ENDERS}]+[{re.escape(_CLOSERS)}]*|\r\n|\n|\r")


@dataclass(frozen=True)
class Sentence(Record):
    text: str
    start: int
    end: int


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split ``text[start:end]`` into stripped sentences with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        is_break = m.group(0)[0] in "\r\n"
        piece_end = m.start() if is_break else m.end()
        _append_stripped(text, pos, piece_end, out)
        pos = m.end()
    _append_stripped(text, pos, end, out)
    return out


def _append_stripped(text: str, a: int, b: int, out: list[Sentence]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(text[a:b], a, b))


def char_tokens(text: str) -> list[str]:
    """Characters that count for ROUGE: CJK ideographs, letters and digits (lower-cased)."""
    return [ch.lower() for ch in text if ch.isalnum()]
