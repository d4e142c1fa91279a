"""Sentences of a speaker's remarks and where they may be cut.

Sentences are the toolkit's (``summarizer.text``); ``clauses`` here are the pieces of a
sentence between ，；：、 (each keeps its closing mark), the boundaries at which long
text is chunked or cut. The reporting frame at the start of a remark (某某在致辞中表示，/
他指出：) names the speaker, not what they said, and is left out of every picked
summary. ``cut`` shortens a text to a budget at a clause boundary.
"""

from __future__ import annotations

import re

from ..text import split_sentences

__all__ = ["strip_cue", "sentences", "clauses", "cut"]

# A reporting frame at the start of a remark ("王某在致辞中表示，", "他指出：").
_CUE = re.compile(
    r"^[^，,。；;：:“”\"‘’「」！？!?]{1,24}?"
    r"(?:表示|指出|强调|说|介绍|认为|提出|要求|希望|谈到|坦言|直言|建议|呼吁)[，,：:]\s*"
)
_CLAUSE = re.compile(r"[^，,；;：:、]+[，,；;：:、]*|[，,；;：:、]+")


def strip_cue(sentence: str) -> str:
    rest = _CUE.sub("", sentence, count=1)
    # A bare frame ("他说：") carries nothing; keep the sentence as it was.
    return rest if any(ch.isalnum() for ch in rest) else sentence


def sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def clauses(sentence: str) -> list[str]:
    return [m.group(0) for m in _CLAUSE.finditer(sentence)] or [sentence]


def cut(text: str, budget: int) -> str:
    """At most ``budget`` characters, ending at a clause boundary when there is one.

    A cut text ends with 。, which counts against the budget like any other character.
    """
    if len(text) <= budget:
        return text
    room = budget - 1  # for the closing 。
    head = ""
    for c in clauses(text):
        if len(head) + len(c) > room:
            break
        head += c
    head = (head or text[:room]).rstrip("，,；;：:、")
    if not head:
        return text[:budget]
    return head if head[-1] in "。！？!?" else head + "。"
