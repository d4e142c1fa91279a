"""Titles: the chain of positions written before a name (…会长、…原副书记王某某).

The chain is the run of text back from the name to the nearest stop character, cut after
words that end a clause rather than a title (由, 邀请, 的, 会上, …), and split at 、; it is
kept from the last part backwards while each part ends in a title word.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .patterns import TITLE_END, TITLE_LAST, title_ends

__all__ = ["CHAIN_STOP_RE", "title_chain", "split_titles", "EVENT_ROLES", "is_event_role"]

# Caption marks (▲中共上海市委副书记、市长应勇) stop a chain like punctuation does.
_CHAIN_STOP = set("，,。；;：:！？!?“”\"\n\r\t ▲△■□●○◆◇★☆▶►※—")
CHAIN_STOP_RE = re.compile("[" + re.escape("".join(sorted(_CHAIN_STOP))) + "]")
_CHAIN_CUT = re.compile(
    r"(?<=[会议节动坛式典礼])由|邀请到|请到|邀请|环节|会上|期间|了|的|(?:受|应)邀|特邀|点名|要求|包括|欢迎|感谢|随着|听取|听完|正如|诚如|就像|结合|采访|专访|是"
    # 校长和|副校长: 和 between two posts, not inside a body's name (住房和城乡建设部).
    r"|(?<=[长任记授员席理裁委])和"
)
# A part before a comma may continue the chain (省委农办副主任，省农业农村厅党组成员、副厅长刘某),
# unless it addresses or counts people rather than naming a post.
_NOT_A_TITLE_START = ("各位", "全体", "广大", "与会", "在座", "尊敬的", "亲爱的")
# Verbs that make a run before a comma a clause (韦某担任主持人，…), not a chain of posts.
_NOT_IN_A_TITLE = re.compile(r"担任|出席|主持|参加|作为|是|在|由|为|有|和|与")
# A word before the chain that leads into it (由…主持, 据…介绍, 受…委托), never a title's start;
# 受表彰代表 is a title.
_CHAIN_LEAD = re.compile(r"就[和与同]?|[由据请是在]|受(?!表彰|聘|奖)")
_CHAIN_CUT_WORDS = ("其中", "以及", "还有", "随后", "同时", "接着", "最后", "首先", "此外",
                    "另外", "期间")


# 中共中央台办、国务院台办副主任: a body sharing the post that follows it (one office, two names).
_SHARED_BODY = re.compile(r"[\u4e00-\u9fff]{2,12}(?:办|委|部|局|厅|院|总局|中心|工商联|商会)")
_OUR_UNIT = ("我校", "本校", "我院", "本院")
_SUB_UNIT = re.compile(r"学院|学部|系|研究所|研究院|中心|处|部")


def title_chain(text: str, floor: int, i: int, stops: list[int] | None = None) -> tuple[tuple[str, ...], int]:
    """The titles before the name at ``i``, and where they begin (``i`` when there are none).

    The run goes back to a stop character and is split at 、; a run before a comma that is
    a whole chain of titles itself continues it. ``stops`` (sorted positions of stop
    characters in ``text``) makes finding a run's start a binary search, not a walk back.
    """
    j = _run_start(text, floor, i, stops)
    titles = _chain_titles(text[j:i])
    head = i - len("、".join(titles))
    # Parts before commas that are whole title chains themselves belong to the same name.
    while titles and j - 1 > floor and text[j - 1] in "，," and len(titles) < 8 and text[j - 2] in TITLE_LAST:
        k = _run_start(text, floor, j - 1, stops)
        part = text[k : j - 1]
        before = _chain_titles(part)
        if not before or "、".join(before) != part or part.startswith(_NOT_A_TITLE_START) \
                or len(part) > 30 or _NOT_IN_A_TITLE.search(part):
            break
        titles, j, head = before + titles, k, k
    return tuple(titles), head


def _run_start(text: str, floor: int, i: int, stops: list[int] | None) -> int:
    if stops is not None:
        k = bisect_left(stops, i)
        return max(floor, stops[k - 1] + 1) if k else floor
    j = i
    while j > floor and text[j - 1] not in _CHAIN_STOP:
        j -= 1
    return j


def _chain_titles(chain: str) -> list[str]:
    """The titles at the end of a run of text, split at 、, after cutting what is no title."""
    cut = 0
    for m in _CHAIN_CUT.finditer(chain):
        cut = m.end()
    chain = chain[cut:]
    if chain.startswith(_CHAIN_CUT_WORDS):
        for w in _CHAIN_CUT_WORDS:
            if chain.startswith(w):
                chain = chain[len(w) :]
    if chain.startswith(_OUR_UNIT) and _SUB_UNIT.search(chain, 2):
        # 我校党委书记 is the post as the page names it; in 我校公共管理学院副教授 the unit
        # after 我校 names the body, and 我校 is only the page's point of view.
        chain = chain[2:]
    lead = _CHAIN_LEAD.match(chain)
    if lead:
        chain = chain[lead.end() :]
    parts = [q for p in chain.split("、") for q in _split_representative(p)]
    titles: list[str] = []
    for k, p in enumerate(reversed(parts)):
        if len(p) < 2 or not (title_ends(p) or (k > 0 and _SHARED_BODY.fullmatch(p))):
            break
        titles.append(p)
    return titles[::-1]


# 签约企业代表东莞市某公司总经理: a representative's role glued to the post that follows it.
_REPRESENTATIVE = re.compile(r"(.{2,8}?代表)(.{4,})")


def _split_representative(part: str) -> list[str]:
    m = _REPRESENTATIVE.fullmatch(part)
    if m is None or not TITLE_END.ends(m.group(2)) or m.group(2).startswith(("大会", "团", "处")) \
            or m.group(2).endswith(("老师", "同学")):
        return [part]
    return [m.group(1), m.group(2)]


#: Roles at the event, not positions: a label or chain may carry them, titles do not.
EVENT_ROLES = frozenset(("主持人", "主持", "嘉宾", "发言嘉宾", "主讲人", "主讲嘉宾", "特邀嘉宾", "对话嘉宾"))
_TITLE_SEP = re.compile(r"[、，,；;/]")


def split_titles(s: str) -> list[str] | None:
    """The titles of a run of positions (…副局长、新闻发言人), or None if a part is no title.

    Event roles (主持人, 嘉宾) are dropped: they are what the person does here, not a post.
    """
    parts = [p for p in _TITLE_SEP.split(s) if p]
    if not parts or any(len(p) < 2 or not title_ends(p) for p in parts):
        return None
    return [p for p in parts if p not in EVENT_ROLES]


_EVENT_ROLE = re.compile(r"(?:^|会|论坛|典礼|仪式|活动|式|赛|节目)(?:主持人|嘉宾)$")


def is_event_role(title: str) -> bool:
    """主持人, 嘉宾, 新闻发布会主持人: what someone does at this event, not a post they hold
    (a television station's 主持人 is a post)."""
    return title in EVENT_ROLES or _EVENT_ROLE.search(title) is not None
