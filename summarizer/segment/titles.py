"""Titles: the chain of positions written before a name (…会长、…原副书记王某某).

The chain is the run of text back from the name to the nearest stop character, cut after
words that end a clause rather than a title (由, 邀请, 的, 会上, …), and split at 、; it is
kept from the last part backwards while each part ends in a title word.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .patterns import TITLE_END

__all__ = ["CHAIN_STOP_RE", "title_chain", "split_titles", "EVENT_ROLES"]

_CHAIN_STOP = set("，,。；;：:！？!?“”\"\n\r\t ")
CHAIN_STOP_RE = re.compile("[" + re.escape("".join(sorted(_CHAIN_STOP))) + "]")
_CHAIN_CUT = re.compile(r"(?<=[会议节动坛式典])由|邀请|环节|会上|期间|了|的|(?:受|应)邀")
_CHAIN_LEAD = "由据请是"
_CHAIN_CUT_WORDS = ("其中", "以及", "还有", "我校", "本校", "我院", "本院")


def title_chain(text: str, floor: int, i: int, stops: list[int] | None = None) -> tuple[str, ...]:
    """The titles before the name at ``i``: the run back to a stop character, split at 、.

    ``stops`` (sorted positions of stop characters in ``text``) makes finding the run's
    start a binary search instead of a walk back.
    """
    if stops is not None:
        k = bisect_left(stops, i)
        j = max(floor, stops[k - 1] + 1) if k else floor
    else:
        j = i
        while j > floor and text[j - 1] not in _CHAIN_STOP:
            j -= 1
    chain = text[j:i]
    cut = 0
    for m in _CHAIN_CUT.finditer(chain):
        cut = m.end()
    chain = chain[cut:]
    for w in _CHAIN_CUT_WORDS:
        if chain.startswith(w):
            chain = chain[len(w) :]
    if chain[:1] in _CHAIN_LEAD:
        chain = chain[1:]
    parts = [p for p in chain.split("、")]
    titles: list[str] = []
    for p in reversed(parts):
        if len(p) < 2 or not TITLE_END.search(p):
            break
        titles.append(p)
    return tuple(reversed(titles))


#: Roles at the event, not positions: a label or chain may carry them, titles do not.
EVENT_ROLES = frozenset(("主持人", "主持", "嘉宾", "发言嘉宾", "主讲人", "主讲嘉宾", "特邀嘉宾", "对话嘉宾"))
_TITLE_SEP = re.compile(r"[、，,；;/]")


def split_titles(s: str) -> list[str] | None:
    """The titles of a run of positions (…副局长、新闻发言人), or None if a part is no title.

    Event roles (主持人, 嘉宾) are dropped: they are what the person does here, not a post.
    """
    parts = [p for p in _TITLE_SEP.split(s) if p]
    if not parts or any(len(p) < 2 or not TITLE_END.search(p) for p in parts):
        return None
    return [p for p in parts if p not in EVENT_ROLES]
