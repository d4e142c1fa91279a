"""The clauses of a speaker's remarks that can stand in a summary, and how they are joined.

A sentence (reporting frame at its start left out, as ``sentences.strip_cue`` does) is
split after ，；： into clauses. Clauses that only frame or pad the remarks are dropped,
by the tables below: a reporting frame anywhere in the sentence (他指出, 王书记强调, 在他
看来), a stock phrase standing alone (新时代新征程, 会上); a leading filler word (近年来,
同时, 一是, 下一步) is cut off the clause it opens. Picked clauses are joined in the
speaker's order with the marks that stood between them (a comma where they did not
follow each other) and a closing 。; quotation marks left without their partner by the
cut are removed, and a clause that ended with ？ or ！ keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import sentences, strip_cue

__all__ = ["Clause", "clauses_of", "join_clauses", "CUE_VERBS", "FILLERS", "BOILERPLATE"]

#: Verbs that report speech: a clause that is a subject plus one of them is a frame.
CUE_VERBS = ("表示", "指出", "强调", "说", "介绍", "认为", "提出", "要求", "希望", "谈到", "坦言", "直言",
             "建议", "呼吁", "表态", "透露", "补充", "问道", "问")
#: Words that open a clause without adding to it; cut off its start.
FILLERS = ("与此同时", "另一方面", "一方面", "近年来", "近年", "近期", "目前", "当前", "同时", "此外", "另外",
           "对此", "为此", "总之", "因此", "首先", "其次", "再次", "最后", "下一步", "今后", "其中",
           "一是", "二是", "三是", "四是", "五是", "六是", "第一", "第二", "第三")
#: Stock phrases that say nothing when they stand alone as a clause.
BOILERPLATE = ("新时代新征程", "在新时代新征程上", "新时代新征程上", "站在新的历史起点上", "在新的历史起点上",
               "今天", "会上", "会议上", "总的来看", "总的来说", "总而言之", "大家知道", "我们知道", "众所周知")

#: Clauses shorter than this (in characters) are joined to the clause after them.
SHORT = 5
_SPLIT = re.compile(r"[^，,；;：:]+[，,；;：:]*|[，,；;：:]+")
_CLOSERS = "”’」』"
_FRAME = re.compile(
    rf"^[{_CLOSERS}]*(?:"
    rf"[^，,。；;：:“”\"‘’「」要的]{{0,8}}?(?:在[^，,。；;]{{1,12}}?(?:中|时|上))?(?:还|也|又|进一步|同时|最后|并|则)?"
    rf"(?:{'|'.join(CUE_VERBS)})"
    r"|在[^，,。；;]{0,8}看来)$"
)
_FILLER = re.compile(rf"^(?:{'|'.join(sorted(FILLERS, key=len, reverse=True))})[，,、]?")
_BOILERPLATE = frozenset(BOILERPLATE)
_END = re.compile(r"[。！？!?…]+(?=[”’」』）)]*$)")
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_QUESTION = {"？": "？", "?": "？", "！": "！", "!": "！"}


@dataclass(frozen=True)
class Clause:
    """A clause that may go into a summary: its text (closing mark removed), the index of
    its sentence, whether it is the first clause kept from that sentence, the ？ or ！
    that ended it, if one did (a question stays a question), the ，；： that closed it in
    the text, and its position among all the pieces of the text (dropped ones included)."""

    text: str
    sentence: int
    first: bool
    end: str = ""
    mark: str = ""
    position: int = 0


def clauses_of(text: str) -> list[Clause]:
    """The clauses of ``text`` that carry content, in order; one too short to stand alone
    (去年以来，/ 要坚持，) is joined to the clause after it."""
    out: list[Clause] = []
    position = 0
    for si, sentence in enumerate(sentences(text)):
        parts = _SPLIT.findall(strip_cue(sentence))
        out.extend(_join_short(_kept_clauses(parts, si, position)))
        position += len(parts)
    return out


def _kept_clauses(parts: list[str], si: int, position: int) -> list[Clause]:
    out: list[Clause] = []
    first = True
    for part in parts:
        position += 1
        body = part.rstrip("，,；;：: ")
        closing = part[len(body):].strip()[:1]
        mark = _END.search(body)
        body = _END.sub("", body).rstrip("，,；;：: ")
        if _FRAME.match(body) or body in _BOILERPLATE:
            continue
        body = _FILLER.sub("", body)
        if any(ch.isalnum() for ch in body):
            end = next((_QUESTION[c] for c in mark.group(0) if c in _QUESTION), "") if mark else ""
            out.append(Clause(body, si, first, end, closing, position))
            first = False
    return out


def _join_short(parts: list[Clause]) -> list[Clause]:
    """Each clause of fewer than ``SHORT`` characters joined to the one right after it."""
    out: list[Clause] = []
    carry: Clause | None = None
    positions = {c.position for c in parts}
    for c in parts:
        if carry is not None:
            c = Clause(carry.text + carry.mark + c.text, c.sentence, carry.first, c.end, c.mark, c.position)
            carry = None
        if len(c.text) < SHORT and not c.end and c.position + 1 in positions:
            carry = c
        else:
            out.append(c)
    return out


def join_clauses(parts: list[Clause]) -> str:
    """The clauses as one summary, closed with 。 and quotation marks balanced.

    Between two clauses that follow each other in the text stands the mark that stood
    there; elsewhere a comma in the text's style (， or ,). Its length is at most
    ``sum(len(c.text) + 1)``: one mark per clause.
    """
    if not parts:
        return ""
    comma = "," if any(c.mark == "," for c in parts) and not any(c.mark == "，" for c in parts) else "，"
    pieces = []
    for k, c in enumerate(parts):
        if c.end:  # its own ？ or ！, before any closing quotation marks
            body = c.text.rstrip(_CLOSERS)
            pieces.append(body + c.end + c.text[len(body):])
        elif k == len(parts) - 1:
            pieces.append(c.text + "。")
        elif c.mark and (parts[k + 1].position == c.position + 1 or c.mark in "，,；;"):
            pieces.append(c.text + c.mark)
        else:
            pieces.append(c.text + comma)
    return _balance_quotes("".join(pieces))


def _balance_quotes(text: str) -> str:
    """``text`` without the quotation marks whose partner is not in it."""
    drop: set[int] = set()
    open_at: dict[str, list[int]] = {o: [] for o in _PAIRS}
    closer_of = {c: o for o, c in _PAIRS.items()}
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            open_at[ch].append(i)
        elif ch in closer_of:
            if open_at[closer_of[ch]]:
                open_at[closer_of[ch]].pop()
            else:
                drop.add(i)
    for stack in open_at.values():
        drop.update(stack)
    return "".join(ch for i, ch in enumerate(text) if i not in drop) if drop else text
