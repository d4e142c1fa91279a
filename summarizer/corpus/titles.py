"""Titles as evidence of identity: the places and organisations a title chain names.

Method. A title (临江市委常委, 浙江大学公共管理学院教授) is read into *anchors*:

* the administrative units it names, each with its level (临江市: city; 云溪县安宁镇: county
  and township), found as a name of one to seven characters before a unit suffix
  (``UNIT_SUFFIXES``, longest first), never a position (市长, 区长) or a common word (市民);
* for a title that names no unit, the organisation at its head (浙江大学, 人民网, 中国物业管理
  协会), found by ``ORG_SUFFIXES``; a faculty or a research unit named only by its discipline
  (公共管理学院, 国家治理研究院) is a department of some other body, not an organisation;
* the title itself, when it names a unit or an organisation (a bare 教授 or 居民代表 says
  nothing about who someone is).

A unit named by its level alone (县委书记, 市长, 省民政厅厅长) is read as the unit of that level
the article names most often (in the titles of its people, the lines of its page head and
its text), when it names one: 县委书记 in an article of 云溪县人民政府网 is 云溪县's. Otherwise it
stays unnamed and only the title itself is evidence. Every such reading is recorded, so the
merge of two people can be explained.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from ..records import Record

__all__ = ["LEVELS", "UNIT_SUFFIXES", "ORG_SUFFIXES", "Anchor", "TitleReading", "ArticlePlaces", "read_titles"]

#: Administrative levels, highest first.
LEVELS = ("province", "city", "county", "township", "village")

#: Suffix of an administrative unit's name → its level.
UNIT_SUFFIXES = {
    "自治区": "province", "省": "province",
    "自治州": "city", "地区": "city", "市": "city", "州": "city", "盟": "city",
    "自治县": "county", "新区": "county", "县": "county", "区": "county", "旗": "county",
    "街道": "township", "镇": "township", "乡": "township",
    "社区": "village", "村": "village",
}

#: Level names as the explanations print them.
LEVEL_WORDS = {"province": "province", "city": "city", "county": "county", "township": "township",
               "village": "village"}

#: Words that begin with a unit suffix but name no unit (市民 citizen, 市场 market, 村民 villager);
#: regular expressions, so that 市民政局 (the 市's 民政局) is still the 市's.
NOT_UNITS = ("市民(?!政)", "市场", "区域", "县域", "市域", "村民(?!委员会|小组)", "乡村", "乡镇", "镇街", "省城",
             "州府", "市县", "县区", "区县", "县市", "市区", "乡贤", "区块")
#: Endings of words that look like units but are none (农业农村厅, 城乡建设, 景区, 研究联盟).
NOT_UNIT_ENDINGS = ("城乡", "农村", "乡村", "城市", "都市", "山区", "景区", "园区", "小区", "辖区", "片区", "郊区",
                    "矿区", "厂区", "校区", "街区", "联盟", "地区")

#: Suffixes of organisations that identify their members (longest first within the pattern).
ORG_SUFFIXES = ("有限公司", "社会科学院", "科学院", "行政学院", "大学", "学院", "党校", "研究院", "研究会",
                "研究所", "研究中心", "服务中心", "协会", "联合会", "学会", "基金会", "联盟", "公司", "集团",
                "医院", "检察院", "法院", "日报", "报社", "杂志", "周刊", "电视台", "网", "服务社", "事务所",
                "设计院", "中心")

#: A faculty or research unit named by its discipline alone belongs to some other body.
DEPARTMENTS = frozenset(
    "公共管理 法 法学 社会 社会学 人文 政府管理 社会科学 马克思主义 经济 经济管理 管理 新闻 新闻传播 文学 哲学 "
    "历史 教育 社会工作 国家治理 社会治理 公共政策 政治 法律 外国语 商 艺术 信息 国际关系 公共事务 城市 "
    "农业发展 乡村振兴 基层治理 数字治理 法治 党建".split()
)

# Prefixes that say nothing about where: 中共临江市委 is 临江市委; 副市长 is the 市's.
_PREFIX = re.compile(r"^(?:中共|原|前|常务副|副|代理|代)+")
_SUFFIX = re.compile(r"[（(](?:挂职|兼|正厅级|副厅级|正处级)[)）]$")
# A one-character "name" that is a determiner, not a name: 全市, 本县, 我区, 该镇, 各村, 两区, 团省委.
_DETERMINERS = frozenset("全本我该各此其外原副分党政常委驻省市县区镇乡村州两多每跨团")
# In running text a name holding one of these is part of a phrase (来自全省, 在此召开的市, 第二批市).
_FUNCTION_CHARS = frozenset("的了在是和与及将把等这那个们全各自来到从对为由共已并也都又就还要会以其此该每多两几"
                            "上下中内外后前年月日举办召开参加出席发表讲话第批级届期次类项")
_NOT_UNIT = re.compile("|".join(NOT_UNITS))
_SUFFIXES = "|".join(sorted(UNIT_SUFFIXES, key=len, reverse=True))
# 江州市 and 汀州县 are units whose names end in 州: a second suffix right after the first
# belongs to the same unit.
_UNIT = re.compile(f"(?P<name>[\u4e00-\u9fff·]{{1,7}}?)(?P<first>{_SUFFIXES})(?P<suffix>[市县区旗])?")
# A "unit" right before one of these is the name of an organisation (海州大学, 江城日报).
_ORG_AFTER = re.compile("大学|学院|行政学院|师范|职业|日报|电视台|广播|医院|中学|小学")
_ORG = re.compile(
    "^(?P<name>[\u4e00-\u9fff《》·]{2,16}?)(?P<suffix>" + "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True)) + ")"
)
_GENERIC = re.compile("^(?P<suffix>" + "|".join(sorted(UNIT_SUFFIXES, key=len, reverse=True)) + ")")
# In running text a place counts only at the start of a phrase (after punctuation) or right
# after a word that introduces one, so 在浙江省临江市 gives 浙江省 and 临江市, never 在浙江省.
_PHRASE = re.compile(r"[^\s，,。、；;：:“”‘’（()）《》「」！？!?]+")
_INTRODUCERS = re.compile("在|到|赴|于|来自|位于|走进|深入|前往")
_CHAIN = re.compile("(?:" + re.sub(r"\?P<\w+>", "?:", _UNIT.pattern) + ")+")


@dataclass(frozen=True)
class Anchor(Record):
    """One piece of identity evidence: a place (with its level), an organisation or a title."""

    kind: str  # "place", "org" or "title"
    name: str
    level: str | None = None  # for places: one of LEVELS

    @cached_property
    def key(self) -> tuple:
        # 青州 and 青州市 are one city: compare places without their one-character suffix.
        if self.kind == "place" and len(self.name) > 2 and self.name[-1] in "省市县区州":
            return (self.kind, self.level, self.name[:-1])
        return (self.kind, self.level, self.name)

    def describe(self) -> str:
        if self.kind == "place":
            assert self.level is not None  # read_titles gives every place its level
            return f"same {LEVEL_WORDS[self.level]} {self.name}"
        return f"same organisation {self.name}" if self.kind == "org" else f"same title {self.name}"


@dataclass(frozen=True)
class TitleReading:
    """The anchors of one mention's title chain, and how unnamed units were read."""

    anchors: tuple[Anchor, ...]
    notes: tuple[str, ...] = ()  # e.g. "县 read as 云溪县, the county the article names most (3×)"

    def places(self) -> tuple[Anchor, ...]:
        return tuple(a for a in self.anchors if a.kind == "place")


def _named_units(s: str, strict: bool = False) -> list[tuple[str, str]]:
    """(name, level) of every unit named in ``s``, left to right; ``strict`` for running text."""
    out = []
    for m in _UNIT.finditer(s):
        whole, name = m.group(0), m.group("name")
        suffix = m.group("suffix") or m.group("first")
        if (whole in UNIT_SUFFIXES or (len(name) == 1 and name in _DETERMINERS) or _NOT_UNIT.match(whole)
                or whole.endswith(NOT_UNIT_ENDINGS) or _ORG_AFTER.match(s, m.end())):
            continue
        if strict and any(c in _FUNCTION_CHARS for c in name):
            continue
        out.append((whole, UNIT_SUFFIXES[suffix]))
    return out


def _generic(title: str) -> tuple[str, str] | None:
    """(suffix, level) of a unit named by its level alone at the head of a title (县委书记, 市长)."""
    if _NOT_UNIT.match(title):
        return None
    m = _GENERIC.match(title)
    return (m.group("suffix"), UNIT_SUFFIXES[m.group("suffix")]) if m else None


def _organisation(title: str) -> str | None:
    m = _ORG.match(title)
    if not m or m.group("name") in DEPARTMENTS:
        return None
    return m.group(0)


class ArticlePlaces:
    """The units an article names, by level, to read 县委书记 as the county's; computed on first use."""

    def __init__(self, text: str, titles: tuple[str, ...] = ()):
        self._text = text
        self._titles = titles
        self._counts: dict[str, Counter] | None = None

    def _count(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {level: Counter() for level in LEVELS}
        for title in self._titles:
            for name, level in _named_units(_clean(title)):
                counts[level][name] += 1
        for phrase in _PHRASE.finditer(self._text):
            s = phrase.group()
            for start in [0, *(m.end() for m in _INTRODUCERS.finditer(s))]:
                chain = _CHAIN.match(s, start)
                if chain:
                    for name, level in _named_units(chain.group(), strict=True):
                        counts[level][name] += 1
        return counts

    def most_named(self, level: str) -> tuple[str, int] | None:
        """The unit of ``level`` named most often (the first named on a tie), and how often."""
        if self._counts is None:
            self._counts = self._count()
        best = self._counts[level].most_common(1)
        return best[0] if best else None


def _clean(title: str) -> str:
    return _SUFFIX.sub("", _PREFIX.sub("", title.strip()))


def read_titles(titles: tuple[str, ...], places: ArticlePlaces | None = None) -> TitleReading:
    """The anchors of a title chain; ``places`` reads units named by their level alone.

    In a chain, a title without a unit of its own (政法委书记 after 临江市委常委) belongs to the
    units named before it, so the chain's anchors are the union of its titles'.
    """
    anchors: dict[tuple, Anchor] = {}
    notes = []
    for raw in titles:
        title = _clean(raw)
        if not title:
            continue
        named = _named_units(title)
        for name, level in named:
            a = Anchor("place", name, level)
            anchors.setdefault(a.key, a)
        generic = _generic(title) if not named else None
        if generic is not None and places is not None:
            found = places.most_named(generic[1])
            if found:
                a = Anchor("place", found[0], generic[1])
                anchors.setdefault(a.key, a)
                notes.append(f"{title}: {generic[0]} read as {found[0]}, the {LEVEL_WORDS[generic[1]]} "
                             f"the article names most ({found[1]}×)")
        org = _organisation(title) if not named and generic is None else None
        if org:
            a = Anchor("org", org)
            anchors.setdefault(a.key, a)
        if named or generic is not None or org:
            a = Anchor("title", title)
            anchors.setdefault(a.key, a)
    return TitleReading(tuple(anchors.values()), tuple(notes))
