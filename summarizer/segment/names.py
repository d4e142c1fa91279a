"""Names: where a person is mentioned, how long the name is, and who it is.

A name is a surname (single or compound, from :mod:`.words`), or a name with a middle dot,
followed by one or two given-name characters, and it is accepted only where the structure
vouches for it: after a chain of titles ending in a title word, as an item of a list of
names, or right before a speech cue or an act. What follows the name settles its length
(罗华|在致辞中表示, 庞德良|围绕). Once accepted, a name is recognised bare anywhere in the
article, and surname + title short forms (王书记) resolve to the one person with that surname
and title. The part-of-speech tagger is consulted only where the structure is not enough.

:class:`People` holds the people of one article while it is read.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from typing import Callable, Iterator, NamedTuple

from .patterns import (
    ACTS,
    ATTRIBUTION_VERB,
    DELIMS,
    DOT,
    LEAD_CHARS,
    MANNER,
    SURNAME_CHAR,
    TITLE_END,
    TITLE_LAST,
    Words,
    alt,
    title_ends,
)
from .tagger import Tagger
from .titles import CHAIN_STOP_RE, is_event_role, split_titles, title_chain
from .transcript import LabelPerson
from .words import (
    COMPOUND_SURNAMES,
    COURTESY_WORDS,
    SHARED_TITLE_ENDS,
    SILENT_ACTS,
    SINGLE_SURNAMES,
    SPEAKING_ACTS,
    SPEECH_CUES,
    TIBETAN_NAME_STARTS,
    TITLE_PREFIXES,
    TITLED_ONLY_SURNAMES,
    TITLES_AFTER_NAME,
    WORD_SURNAMES,
)

__all__ = ["Mention", "PersonRecord", "People", "name_length", "follow_strength"]

# A "given name" ending like this is a place: 江东区, 石门村.
_BODY_END = set("司局厅部处办委院校所站队组社")
_PLACE_END = set("区县市省镇村乡州盟旗街巷屯寨")
# Characters that do not begin a given name: after a surname character they make a word.
_NOT_GIVEN = set("于在的了与对是将把被从以及等则也还就都而之其")
_NOT_A_GIVEN_NAME = re.compile("[街道路区县市省村镇乡社委局厅部院校所站队组办司处]")
_NAME_START = re.compile(
    rf"(?<=[{re.escape(''.join(sorted(DELIMS | LEAD_CHARS | TITLE_LAST | {'的'})))}]){SURNAME_CHAR.pattern}"
    # After a connective or time word that opens a clause (不过秦某觉得…, 今年春节秦某仍会…).
    rf"|(?<=不过|但是|可是|而且|今年|去年|目前|如今|春节|现在|当时|后来|于是|因此|为此|对此|此时|随后|同时|其中)"
    rf"{SURNAME_CHAR.pattern}"
)
_CLAUSE_WORD_BEFORE = re.compile(
    r"(?:不过|但是|可是|而且|今年|去年|目前|如今|春节|现在|当时|后来|于是|因此|为此|对此|此时|随后|同时|其中)$"
)
# What may directly follow a name. Strong followers settle the name's length; weak ones
# (single function characters) only when nothing stronger fits.
# A regular expression, not a word index: re's literal-prefix search over this alternation
# is faster than any lookup written in Python.
_STRONG_FOLLOW = re.compile(
    rf"[，,、。；;：:（(“”\"！？!? ]|在|于|分别|共同|一行|同志|首先|随后|最后|担任|围绕|结合|"
    rf"率|带领|进行|先后|一同|接受|来到|现场|作|代表|主讲|到|赴|前往|深入|走进|听取|察看|看望|带队|召开|"
    rf"检查|督导|指导|部署|宣布|告诉|充分|高度|汇报|回应|回答|逐一|一一|亲自|随即|当即|特意|"
    rf"获得|荣获|获评|被评为|当选|第一个|这样|如是|接过|抛出|率先|带头|紧接着|接着|谈起|说起|感慨|直言|"
    rf"笑言|开门见山|交流|现身说法|看来|所言|所说|"
    rf"(?:{alt(MANNER)})(?=说|讲|表示)|"
    rf"(?:{alt(SPEECH_CUES)})|(?:{alt(a for a, _ in SPEAKING_ACTS)})|(?:{alt(SILENT_ACTS)})|"
    rf"(?:{alt(TITLES_AFTER_NAME)})"
)
_TITLES_AFTER = Words(TITLES_AFTER_NAME)
# After a title that follows a name comes what may follow a name: punctuation, a cue, an act…
_AFTER_TITLE_WORDS = Words((
    *SPEECH_CUES, *(a for a, _ in SPEAKING_ACTS), *SILENT_ACTS, "首先", "随后", "最后", "代表", "分别", "作为",
    "宣布", "回顾", "总结", "阐述", "分享", "表达", "给予", "畅谈", "讲述", "致", "率", "带领",
))
_AFTER_TITLE_CHARS = frozenset("在于对向就从为以和与同用、，,。：:（(“也还则又并")
_ADVERB_DI = re.compile(r"[\u4e00-\u9fff]{1,5}地")
_VERBS_LIKE_NAMES = ("应邀", "应约", "应声", "应对", "时任", "原任", "向记者", "全体", "全程", "全力", "马上", "宣传",
                     "方面", "周边", "高度", "包括", "许多", "任何", "任务", "万一", "安排", "安全", "全面", "全部",
                     "程序", "林业", "水平", "平安", "明确", "郑重", "严肃", "严格", "简要", "简单", "常常", "经常",
                     "周密", "项目", "计划", "文明", "毛病", "明显", "明白", "高兴", "万分", "史上", "陆续")
_NOT_NAME_STARTS = frozenset((*TITLE_PREFIXES, *_VERBS_LIKE_NAMES))
# 王爷爷, 吴奶奶, 李阿姨: what a report calls someone, never their name.
_KIN_WORDS = frozenset(("爷爷", "奶奶", "大爷", "大妈", "大娘", "阿姨", "叔叔", "大姐", "大哥", "阿婆", "阿公", "婆婆",
                        "老伯", "伯伯", "姐", "哥", "叔", "婶"))
_SPOKE_AFTER = re.compile(r"主持|致辞|讲话|发言|表示|指出|强调|说|介绍|作报告|宣布")
_NEVER_THIRD = set("是也都就已把被给这那")
_WEAK_FOLLOW = set("和与及等为对向就也还则又同以从均都")
_NAME_LIKE_WEAK = set("和为同")  # also common in given names: 王文和, 李为民
_NON_NAME_CHARS = set("在说讲称和与及等为对向就作也还则将把被从是的了率并分主表指强认")
_TAG_WINDOW = 6  # characters after a candidate name that the tagger sees
_TIBETAN = frozenset(TIBETAN_NAME_STARTS)
_CREDIT_WORDS = ("记者", "通讯员", "摄影", "实习生", "编辑")
_WORK_WORDS = frozenset("工合创操写动运制协")  # + 作: 工作, 合作, 创作, …
_AS_ROLE = re.compile(r"作为[^，,。；;]{1,16}?代表")
# 今年春节秦某仍会坚守在一线，她说：…: the person's own words after a comma.
_SPEAKS_AFTER_COMMA = re.compile(r"[，,](?:他|她)(?:说|表示|坦言|笑着说|告诉记者)")
# 熊某教授代表教师致辞: speaking on someone's behalf.
_ON_BEHALF_ACT = re.compile(r"代表[^，,。；;]{1,12}?(?:致辞|发言|讲话|致欢迎辞|作[^，,。；;]{0,8}?发言)")
# A body written before a known name whose post follows it (县委王某书记, 市政府李某副市长).
_ORG_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,5}(?:党委|委|政府|府|办|局|厅|院|部|校)$")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})+")
_TOKEN = re.compile(r"[^\s\u3000]+")
# Courtesy words after a name in a label or an introduction: not titles (王志清先生).
_COURTESY = ("先生", "女士", "同志")
_HOST_TITLES = ("记者", "节目主持人", "栏目主持人", "电台主持人", "电视台主持人")


def plausible_name(s: str) -> bool:
    """Whether ``s`` has the shape of a personal name: any surname, one or two more
    characters (or a name with a middle dot). Used where the structure already says that a
    name stands here (a transcript label), so everyday-word surnames count too."""
    if _DOT_NAME.fullmatch(s):
        return True
    if not _HAN_ONLY.fullmatch(s) or not 2 <= len(s) <= 4 or s[-1] in _PLACE_END or s[-1] in _BODY_END \
            or _form_of_address(s):
        return False  # 宣传司|副司长: a body before its post; 王先生, 王爷爷: no full name
    if s[:2] in COMPOUND_SURNAMES:
        return len(s) >= 3
    return len(s) <= 3 and (s[0] in SINGLE_SURNAMES or s[0] in TITLED_ONLY_SURNAMES or s[0] in WORD_SURNAMES)


@dataclass
class PersonRecord:
    """Mutable working record of one person while an article is read."""

    name: str
    first: int
    titles: tuple[str, ...] = ()
    roles: list = field(default_factory=list)
    silent: list = field(default_factory=list)
    spoke: bool = False

    after: list = field(default_factory=list)  # titles written after the name (姚某委员)

    def offer_titles(self, titles: tuple[str, ...]) -> bool:
        # The fullest chain wins: more titles, then more characters.
        if titles and (len(titles), sum(map(len, titles))) > (len(self.titles), sum(map(len, self.titles))):
            self.titles = titles
            return True
        return False

    def all_titles(self) -> tuple[str, ...]:
        """The chain, then each title written after the name that the chain does not already
        state more fully (市公安局局长张某 … 张某局长: 市公安局局长 only); event roles dropped."""
        out = [t for t in self.titles if not is_event_role(t)]
        for t in self.after:
            if not any(x.endswith(t) or x.endswith(t.lstrip("副")) for x in self.titles) and t not in out:
                out.append(t)
        return tuple(out)


class Mention(NamedTuple):
    """A person named in the text: the name's span, where the mention begins (its titles
    before the name) and where it ends (a title after the name: 陈云英|会长|在致辞中说).

    A named tuple: one is built for every candidate name of every sentence."""

    start: int
    end: int
    name: str
    titles: tuple[str, ...]
    bare: bool  # no title chain vouches for it
    head: int  # start of the titles before the name; the name's start when none
    tail: int  # end of a title word after the name; the name's end when none
    title_after: str = ""


def _follow_len(text: str, j: int, limit: int) -> int:
    """Length of the strong follower at ``j`` (a word, a punctuation mark), or 0."""
    m = _STRONG_FOLLOW.match(text, j, limit)
    return m.end() - j if m else 0


def follow_strength(text: str, j: int, limit: int) -> int:
    if j >= limit or _STRONG_FOLLOW.match(text, j):
        return 2
    return 1 if text[j] in _WEAK_FOLLOW else 0


def name_length(text: str, i: int, limit: int, titled: bool = False) -> int:
    """Length of the name starting at ``i`` (0 if none): surname plus one or two characters,
    or, after a title, a Tibetan name of four characters (雪原州州长|白玛央金|表示)."""
    if titled and text[i : i + 2] in _TIBETAN and i + 4 <= limit and _HAN_ONLY.fullmatch(text, i, i + 4) \
            and follow_strength(text, i + 4, limit) == 2:
        return 4
    if text[i : i + 2] in COMPOUND_SURNAMES:
        sl = 2
    elif text[i] in SINGLE_SURNAMES or (titled and text[i] in TITLED_ONLY_SURNAMES):
        sl = 1
    else:
        return 0
    opts = _name_readings(text, i, sl, limit, titled)
    if len(opts) < 2:
        return opts[0][0] if opts else 0
    return _longer_or_shorter(text, i, limit, *opts)


def _name_readings(text: str, i: int, sl: int, limit: int, titled: bool) -> list[tuple[int, int]]:
    """(length, strength of what follows) of the one- and two-character given names after the surname."""
    opts = []
    for k in (sl + 1, sl + 2):
        j = i + k
        if j > limit or not ("\u4e00" <= text[j - 1] <= "\u9fff"):
            break
        if text[j - 1] in _PLACE_END and not (titled and _SPOKE_AFTER.match(text, j, limit)):
            continue  # 副市长|杭州…: a place, unless a speech act follows (副校长许州|主持)
        if k == sl + 1 and text[j - 1] in _NOT_GIVEN:
            continue  # 关于, 高于: a word, though 毕于坤 is a name
        f = follow_strength(text, j, limit)
        if f and text[j : j + 1] == "作" and text[j - 1] in _WORK_WORDS:
            continue  # 包翔|工作已经17年了: 工作 is a word, not a name and a follower
        if not f and titled and text[j : j + 1] == "的":
            f = 1  # 局长康义|的话: after a title only, and the tagger must agree (see _vouched)
        if f:
            opts.append((k, f))
    return opts


def _longer_or_shorter(text: str, i: int, limit: int, first: tuple[int, int], second: tuple[int, int]) -> int:
    """Of two readings a name could have, the one the followers make likelier."""
    (k1, f1), (k2, f2) = first, second
    if f1 == 2 and f2 == 2:
        if text[i + k1] in _NON_NAME_CHARS:
            return k1
        # 温婷|谈到 rather than 温婷谈|到: the reading whose follower is the longer word.
        return k1 if _follow_len(text, i + k1, limit) > _follow_len(text, i + k2, limit) else k2
    if f1 == 1 and text[i + k1] not in _NAME_LIKE_WEAK:
        return k1  # 邬江|则认为: 则 is no name character
    # 包信和|以…: both followers weak, the second being a name character too: the longer name.
    return k2 if f2 > f1 or (f2 == f1 == 1 and text[i + k1] in _NAME_LIKE_WEAK) else k1


class People:
    """The people of one article: who has been named, their titles, and their short forms.

    ``vouches(position, limit)`` tells whether what follows a bare candidate name (a speech
    cue) makes it a person; ``tagger`` (may be None) vetoes common words, and its verdicts
    go into ``tag_cache``, shared across articles.
    """

    def __init__(self, text: str, tagger: Tagger | None, tag_cache: dict,
                 vouches: Callable[[int, int], object]):
        self.text = text
        self.tagger = tagger
        self._tag_cache = tag_cache
        self._vouches = vouches
        self.people: dict[str, PersonRecord] = {}
        self.aliases: dict[str, str] = {}
        self._by_first: dict[str, list[str]] = {}
        self._other_firsts: set[str] = set()
        # Every place a surname (single or compound) starts, found once per article.
        self._surname_pos = [m.start() for m in SURNAME_CHAR.finditer(text)]
        # Where a new name may start: a surname right after a title word or a delimiter.
        self._name_pos = [m.start() for m in _NAME_START.finditer(text)]
        self._stops = [m.start() for m in CHAIN_STOP_RE.finditer(text)]
        self._elsewhere: dict[tuple[str, str], str | bool | None] = {}  # answers that read the whole text

    def __getitem__(self, name: str) -> PersonRecord:
        return self.people[name]

    def values(self):
        return self.people.values()

    # -- registry

    def register(self, name: str, pos: int, titles: tuple[str, ...], after: str = "") -> PersonRecord:
        p = self.people.get(name)
        if p is None:
            p = self.people[name] = PersonRecord(name, pos)
            self._index(name)
        if after and after not in COURTESY_WORDS and after not in p.after:
            p.after.append(after)
            self._add_aliases(p)
        if p.offer_titles(titles):
            self._add_aliases(p)
        return p

    def _index(self, key: str) -> None:
        if key[0] not in SINGLE_SURNAMES and key[0] not in TITLED_ONLY_SURNAMES:
            self._other_firsts.add(key[0])
        keys = self._by_first.setdefault(key[0], [])
        if key not in keys:
            keys.append(key)
            keys.sort(key=len, reverse=True)

    def _add_aliases(self, p: PersonRecord) -> None:
        surname = p.name[:2] if p.name[:2] in COMPOUND_SURNAMES else p.name[0]
        for t in (*p.titles, *p.after):
            word = t[max(0, TITLE_END.start(t)):]
            for w in {word, word.lstrip("副").lstrip("原")}:
                if len(w) < 2:
                    continue
                alias = surname + w
                if alias == p.name:
                    continue
                owner = self.aliases.get(alias)
                if owner is None:
                    self.aliases[alias] = p.name
                    self._index(alias)
                elif owner != p.name:
                    self.aliases[alias] = ""  # ambiguous between two people: never resolve

    # -- the tagger

    def _tagged_as_name(self, name: str, context: str) -> bool:
        if self.tagger is None:
            return True
        # The tagger sees the candidate and the few characters after it, and the verdict is
        # cached under exactly that, so a reused Segmenter answers the same for any order
        # of articles.
        window = context[: len(name) + _TAG_WINDOW]
        key = (name, window)
        if key not in self._tag_cache:
            self._tag_cache[key] = self.tagger.is_name(name, window)
        return self._tag_cache[key]

    def _tagged_name_length(self, window: str) -> int:
        if self.tagger is None:
            return 0
        key = ("", window)
        if key not in self._tag_cache:
            self._tag_cache[key] = self.tagger.name_at(window)
        return self._tag_cache[key]

    # -- mentions

    def _candidate_starts(self, s_start: int, s_end: int) -> list[int]:
        # Every known name starts with a surname or is a dot name (first characters indexed).
        pos = self._surname_pos
        starts = pos[bisect_left(pos, s_start) : bisect_left(pos, s_end)]
        extra = self._other_firsts
        for ch in extra:
            j = self.text.find(ch, s_start, s_end)
            while j >= 0:
                starts.append(j)
                j = self.text.find(ch, j + 1, s_end)
        return sorted(set(starts)) if extra else starts

    def _known_at(self, i: int) -> str | None:
        """The longest known name or short form starting at ``i``."""
        for key in self._by_first.get(self.text[i], ()):
            if self.text.startswith(key, i):
                return key
        return None

    def mentions(self, s_start: int, s_end: int) -> list[Mention]:
        """Every person mentioned in ``text[s_start:s_end]`` (one sentence), in text order."""
        text = self.text
        starts = self._candidate_starts(s_start, s_end)
        if not starts and DOT.search(text, s_start, s_end) is None:
            return []
        found = self._known_mentions(starts, s_start, s_end)
        dotted = [men for m in DOT.finditer(text, s_start, s_end)
                  if (men := self._dot_name(m.start(), s_start, s_end)) is not None]
        for men in dotted:
            # A name with a middle dot is read whole; no shorter reading of its start stands.
            for k in [k for k, x in found.items() if x.start < men.end and men.start < x.end]:
                del found[k]
            found[men.start] = men
        self._new_mentions(found, starts, s_start, s_end)
        return sorted(found.values(), key=lambda x: x.start)

    def _known_mentions(self, starts: list[int], s_start: int, s_end: int) -> dict[int, Mention]:
        text = self.text
        found: dict[int, Mention] = {}
        for i in starts:
            if text[i] not in self._by_first:
                continue
            key = self._known_at(i)
            if key is None:
                continue
            name = self.people[key].name if key in self.people else self.aliases.get(key, "")
            if name:
                titles: tuple[str, ...] = ()
                head = i
                if key in self.people and title_ends(text, max(s_start, i - 13), i):
                    titles, head = title_chain(text, s_start, i, self._stops)
                word = self._title_after(i + len(key), s_end) if key in self.people else ""
                after = word
                if word and not titles:
                    org = _ORG_BEFORE.search(text, max(s_start, i - 7), i)
                    if org is not None and (org.start() == s_start or text[org.start() - 1] in DELIMS):
                        # 县委|王某|书记: the body before the name and the post after it, one title.
                        head, after = org.start(), org.group(0) + word
                found[i] = Mention(i, i + len(key), name, titles, not titles, head, i + len(key) + len(word), after)
        return found

    def _title_after(self, j: int, s_end: int) -> str:
        """A title word right after a name (陈云英|会长), when what follows it may follow a name."""
        text = self.text
        n = _TITLES_AFTER.longest(text, j, s_end)
        if not n:
            return ""
        k = j + n
        if k < s_end and not (text[k] in _AFTER_TITLE_CHARS or _AFTER_TITLE_WORDS.longest(text, k, s_end)
                              or _ADVERB_DI.match(text, k, s_end)):
            return ""
        return text[j:k]

    def _new_mentions(self, found: dict[int, Mention], starts: list[int], s_start: int, s_end: int) -> None:
        text = self.text
        cand = self._name_pos
        new_starts = cand[bisect_left(cand, s_start) : bisect_left(cand, s_end)]
        if starts and starts[0] == s_start and (not new_starts or new_starts[0] != s_start):
            new_starts.insert(0, s_start)
        if not new_starts:
            return
        covered = {j for m in found.values() for j in range(m.start, m.end)}
        ends = sorted(m.end for m in found.values())
        for i in new_starts:
            if i in covered:
                continue
            before = text[i - 1] if i > s_start else "。"
            titled = (before in TITLE_LAST or before in ")）") and title_ends(text, max(s_start, i - 13), i)
            if before in " \u3000" and i - 1 > s_start and TITLE_END.ends(text, max(s_start, i - 7), i - 1):
                before, titled = text[i - 2], True  # 人大代表 雷某: a space between title and name
            after_word = not titled and _CLAUSE_WORD_BEFORE.search(text, max(s_start, i - 2), i) is not None
            if not titled and before not in DELIMS and before not in LEAD_CHARS and before != "的" and not after_word:
                continue
            if after_word:
                before = "的"  # vouched as strictly as a name after 的: speech or a courtesy word
            if titled and _longer_title(text, s_start, i):
                continue  # 董事|长管益武 is 董事长|管益武: the name starts after the longer title
            k = self._new_name_length(i, s_end, titled)
            if not k:
                continue
            k_end = bisect_right(ends, i)  # the nearest mention ending before this one
            floor = ends[k_end - 1] if k_end else s_start
            listed = before == "、" and any(x.tail == i - 1 for x in found.values())
            mention = self._vouched(i, k, floor, titled, before, s_start, s_end, listed)
            if mention is not None:
                if before == "、" and not mention.titles:
                    mention = _shared_title(mention, found, i - 1)
                found[i] = mention
                insort(ends, i + k)

    def _new_name_length(self, i: int, s_end: int, titled: bool) -> int:
        text = self.text
        k = name_length(text, i, s_end, titled)
        if not k and titled and text[i + 1 : i + 2] not in _NOT_GIVEN:
            # A title vouches for a name here but nothing after it settles its length
            # (…县委书记汤明远接过话题): ask the tagger where the name ends.
            k = self._tagged_name_length(text[i : min(s_end, i + 4 + _TAG_WINDOW)])
            # Only full three- or four-character names (two after a surname that is also a
            # word: 副校长强薇|就), never the first half of a name with a middle dot (the dot-name
            # scan reads those whole), and never a place or body (临港区长|宁街道).
            # A two-character name also when the word after it can hardly end a name (局长张茅|是).
            shortest = 2 if (text[i] in WORD_SURNAMES and follow_strength(text, i + 2, s_end)) \
                or text[i + 2 : i + 3] in _NEVER_THIRD else 3
            if k < shortest or DOT.search(text, i, i + k + 1) or _NOT_A_GIVEN_NAME.search(text, i + 1, i + k):
                k = 0
        return k

    def _list_acts(self, j: int, s_end: int, listed: bool) -> bool:
        """A name in a list (A、B、C) is a person when the list is of people: one of its names was
        vouched for already (``listed``), or an act follows it (分别致辞, 出席). 获得感、幸福感、
        安全感 is a list too."""
        return listed or ACTS.search(self.text, j, min(s_end, j + 60)) is not None

    def _vouched(self, i: int, k: int, floor: int, titled: bool, before: str,
                 s_start: int, s_end: int, listed: bool = False) -> Mention | None:
        """The mention of the new name ``text[i:i+k]``, if a title or the structure vouches for it."""
        text = self.text
        name = text[i : i + k]
        if _never_a_new_name(name):
            return None
        at = i - 1 if text[i - 1] in " \u3000" else i  # where the chain ends
        titles, head = title_chain(text, floor, at, self._stops) if titled else ((), i)
        if floor > s_start and titles and text[floor] in "和与及同、":
            titles, head = title_chain(text, floor + 1, at, self._stops)
        if titled and not titles:
            return None
        if titles and titles[0][:1] in "(（" and titles[-1].endswith(_CREDIT_WORDS):
            return None  # （记者 方某）: a page credit the dateline holds, never a speaker
        n_after = _TITLES_AFTER.longest(text, i + k, s_end)
        if n_after and _NOT_A_GIVEN_NAME.search(text, i + 1, i + k):
            return None  # 宣传部|部长: a body, not a name
        after = self._title_after(i + k, s_end) if n_after else ""
        tail = i + k + len(after)
        if not titles:
            # A bare name needs the structure to vouch for it: a cue or an act right
            # after it (or after its title: 姚某委员说), or membership in a list of names;
            # and the tagger must not read it as a common word (文件指出, 方案提出, 马上表示).
            # After 的 (在一旁的杨某告诉记者, 中文系的郭某同学作为…) only speech or a courtesy word does.
            nxt = text[tail : tail + 1]
            if before == "的":
                if not (self._vouches(tail, s_end) or after or _AS_ROLE.match(text, tail, s_end)
                        or _SPEAKS_AFTER_COMMA.search(text, tail, min(s_end, tail + 30))):
                    return None
            elif not (self._vouches(tail, s_end) or ACTS.match(text, tail)
                      or ((nxt == "、" or before == "、") and self._list_acts(tail, s_end, listed))
                      or (after and (nxt in "，,（(在对向就" or _ON_BEHALF_ACT.match(text, tail, s_end)
                                     or ATTRIBUTION_VERB.match(text, tail, min(s_end, tail + 6))))):
                return None
            if name not in self.people and not self._tagged_as_name(name, text[i:s_end]):
                return None
        elif name not in self.people and (follow_strength(text, i + k, s_end) < 2 or name[0] in TITLED_ONLY_SURNAMES) \
                and not self._tagged_as_name(name, text[i:s_end]):
            # 居民关心的…, 各成员单位和联络员: with only a function word after it (的, 和), only
            # the tagger tells a name (局长康义的话) from a word.
            return None
        return Mention(i, i + k, name, titles, not titles, head, tail, after)

    def _dot_name(self, dot: int, s_start: int, s_end: int) -> Mention | None:
        """A transliterated name with a middle dot (艾力·买买提), bounded by title or delimiter."""
        text = self.text
        i, titled = dot, False
        while i > s_start and dot - i < 8 and "\u4e00" <= text[i - 1] <= "\u9fff":
            i -= 1
            titled = TITLE_END.ends(text, max(s_start, i - 6), i)
            if titled:
                break
        if dot - i < 1:
            return None
        if not titled and i > s_start and text[i - 1] not in DELIMS and text[i - 1] not in LEAD_CHARS:
            return None
        ends = []
        for j in range(dot + 2, min(s_end, dot + 6) + 1):
            if not ("\u4e00" <= text[j - 1] <= "\u9fff"):
                break
            if follow_strength(text, j, s_end) == 2:
                ends.append(j)
        if not ends:
            return None
        # Grow past a follower only when it is one letter longer and that letter is not a
        # function word: 买买提|出席 rather than 买买|提出, but 买买提|在讲话中.
        j = ends[0]
        while j + 1 in ends and text[j] not in _NON_NAME_CHARS:
            j += 1
        if not _transliterated(text[i:j]):
            return None  # 读懂中国·湾区: a brand with a dot, not a transliterated name
        titles, head = title_chain(text, s_start, i) if titled else ((), i)
        return Mention(i, j, text[i:j], titles, not titles, head, j)

    # -- labels

    def label_person(self, a: int, b: int) -> LabelPerson | None:
        """The person a transcript label names (``text[a:b]``, the label without its colon):
        titles, a space, a name (寿小丽); a name, a space, titles; a title chain glued to the
        name; or a known person or short form. Every other word of the label must be a title."""
        text = self.text
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, a, b)]
        tokens = _join_spaced_name(text, tokens)
        # A token that is a name by itself wins over a name read inside a token (东川|市交通局局长).
        alone = [k for k, (ts, te) in enumerate(tokens) if self._whole_name(ts, te) is not None]
        order = alone[:1] or range(len(tokens))
        found, at = None, -1
        for k in order:
            found = self._whole_name(*tokens[k]) if alone else self._name_in_token(*tokens[k])
            if found is not None:
                at = k
                break
        if found is None:
            found, at = self._unknown_surname(tokens)
        if found is None:
            return None
        titles = list(found.titles)
        for k, (ts, te) in enumerate(tokens):
            if k == at:
                continue
            parts = split_titles(text[ts:te])
            if parts is None:
                return None
            titles += parts
        if found is None or (not titles and not self._bare_label_name(found.name)):
            return None
        asks = not titles and self.named_host(found.name)
        return LabelPerson(found.name, found.span, tuple(dict.fromkeys(titles)), asks)

    def _unknown_surname(self, tokens: list[tuple[int, int]]) -> tuple[LabelPerson | None, int]:
        """主持人 教育部新闻发言人 续梅: with titles beside it, the one token of two or three
        characters that is no title is the name, whatever its surname."""
        text = self.text
        rest = [k for k, (ts, te) in enumerate(tokens) if split_titles(text[ts:te]) is None]
        if len(rest) != 1 or len(tokens) < 2:
            return None, -1
        ts, te = tokens[rest[0]]
        name = re.sub(r"\s", "", text[ts:te])
        if not (2 <= len(name) <= 3 and _HAN_ONLY.fullmatch(name)) or _TITLES_AFTER.longest(name, 1):
            return None, -1
        return LabelPerson(name, (ts, te), ()), rest[0]

    def _bare_label_name(self, name: str) -> bool:
        """A label that is a name and nothing else (严龙宝：) must be a name by the tagger's
        reading too, or a person already named: 江南：…, 时间：… are headings."""
        if name in self.people or self.titled_elsewhere(name):
            return True
        return name[0] not in TITLED_ONLY_SURNAMES and name[0] not in WORD_SURNAMES and self._tagged_as_name(name, name)

    def _whole_name(self, ts: int, te: int) -> LabelPerson | None:
        """The token as a whole is a name (courtesy word after it allowed), or a known person."""
        tok = re.sub(r"\s", "", self.text[ts:te])
        for c in _COURTESY:
            if tok.endswith(c) and len(tok) > len(c) + 1:
                tok, te = tok[: -len(c)], te - len(c)
        known = self.people.get(tok) or (self.people.get(self.aliases.get(tok, "")) if tok in self.aliases else None)
        if known is not None:
            return LabelPerson(known.name, (ts, te), ())
        if 0 < _TITLES_AFTER.longest(tok, 1) == len(tok) - 1:
            # 崔大使：, a short form: the one person the text names with that surname and post.
            full = self._full_name(tok[0], tok[1:])
            return LabelPerson(full, (ts, te), ()) if full else None
        if plausible_name(tok) or (2 <= len(tok) <= 3 and _HAN_ONLY.fullmatch(tok) and self.titled_elsewhere(tok)):
            # A rare surname (袭艳春：) reads as a name when the text gives it a title elsewhere.
            return LabelPerson(tok, (ts, te), ())
        return None

    def _full_name(self, surname: str, title: str) -> str | None:
        """The one full name written with ``title`` right before or after it that starts with
        ``surname`` (崔天凯大使, 大使崔天凯), or None when there is none or more than one."""
        found = self._remembered("full", surname + title, lambda: self._find_full_name(surname, title))
        return found if isinstance(found, str) else None

    def _remembered(self, kind: str, key: str, find: Callable[[], str | bool | None]) -> str | bool | None:
        # Each of these answers looks through the whole text; a transcript repeats its labels
        # thousands of times, so every answer is kept for the article.
        if (kind, key) not in self._elsewhere:
            self._elsewhere[kind, key] = find()
        return self._elsewhere[kind, key]

    def _find_full_name(self, surname: str, title: str) -> str | None:
        pattern = rf"(?<={re.escape(title)}){surname}[\u4e00-\u9fff]{{1,2}}|{surname}[\u4e00-\u9fff]{{1,2}}(?={re.escape(title)})"
        names = {m.group(0) for m in re.finditer(pattern, self.text)}
        names = {n for n in names if plausible_name(n)}
        return names.pop() if len(names) == 1 else None

    def named_host(self, name: str) -> bool:
        """Whether the text elsewhere gives ``name`` a reporter's or programme host's title
        (节目主持人英斯基普, 记者王某): such a label asks the questions."""
        return bool(self._remembered("host", name, lambda: self._find_host(name)))

    def _find_host(self, name: str) -> bool:
        for j in self._occurrences(name):
            titles, _ = title_chain(self.text, max(0, j - 40), j, self._stops)
            if titles and titles[-1].endswith(_HOST_TITLES):
                return True
        return False

    def titled_elsewhere(self, name: str) -> bool:
        """Whether the text elsewhere writes a title right before ``name`` (新闻发言人袭艳春主持)."""
        return bool(self._remembered("titled", name, lambda: self._find_titled(name)))

    def _find_titled(self, name: str) -> bool:
        return any(j > 0 and title_ends(self.text, max(0, j - 13), j) for j in self._occurrences(name))

    def _occurrences(self, name: str) -> Iterator[int]:
        """Where ``name`` is written in the text, in order."""
        j = self.text.find(name)
        while j >= 0:
            yield j
            j = self.text.find(name, j + len(name))

    def _name_in_token(self, ts: int, te: int) -> LabelPerson | None:
        """A name read inside a token: after a chain of titles, or before one title."""
        tok = self.text[ts:te]
        for k in (3, 2, 4):  # a title chain glued to the name: …四级调研员茹英英
            name, before = tok[-k:], tok[:-k]
            if len(before) >= 2 and plausible_name(name) and TITLE_END.ends(before):
                parts = split_titles(before)
                if parts:
                    return LabelPerson(name, (te - k, te), tuple(parts))
        for k in (3, 2):  # the name, then its title: 陈云英会长
            name, after = tok[:k], tok[k:]
            if plausible_name(name) and name[0] not in WORD_SURNAMES and after and split_titles(after) == [after]:
                return LabelPerson(name, (ts, ts + k), (after,))
        return None


# Characters that spell transliterated names (艾格尼丝·纳林, 阿依古丽·托合提, 让-皮埃尔·拉法兰).
_TRANSLIT = frozenset(
    "阿艾安奥澳巴拜班邦贝本比宾波伯博布查达戴丹道德迪蒂丁东杜多厄尔法凡菲费芬弗福盖冈戈格古哈海汉豪赫亨"
    "胡华怀霍基吉加贾杰金卡凯坎康考柯科克肯孔库夸拉莱兰朗劳勒雷黎李里利丽连列林琳卢鲁伦罗洛马玛迈麦曼梅"
    "门蒙米密敏明缪莫默姆穆纳娜奈南内妮尼宁纽努诺欧帕潘佩彭皮珀普齐奇乔琴丘萨塞赛桑瑟森沙莎舍什史斯松"
    "苏索塔泰坦汤唐特提汀图托瓦万威韦维温沃乌伍西希谢辛休雅亚扬耶伊因尤约泽扎詹兹佐丝蒂莉薇娅茨基耶夫"
    "买热合吐逊木力孜依夏江别克汗哲帖穆罕默德努尔艾尼瓦古斯曼买提拜合"
)


def _form_of_address(name: str) -> bool:
    """王爷爷, 吴奶奶, 王先生: a surname and what a report calls someone, never a full name."""
    return name[1:] in _KIN_WORDS or name[1:] in COURTESY_WORDS


def _never_a_new_name(name: str) -> bool:
    """常务 (县委常委、常务|副县长), 应邀 (a verb), 姜院长 (a short form, which only a known
    person's alias resolves): never read as the name of someone new."""
    k = len(name)
    return name[:2] in _NOT_NAME_STARTS or name[:3] in _NOT_NAME_STARTS or _form_of_address(name) \
        or name[-1] == "副" \
        or 0 < _TITLES_AFTER.longest(name, 1) == k - 1 or (k > 2 and 0 < _TITLES_AFTER.longest(name, 2) == k - 2)


def _transliterated(name: str) -> bool:
    han = [c for c in name if "\u4e00" <= c <= "\u9fff"]
    return bool(han) and sum(c in _TRANSLIT for c in han) * 5 >= len(han) * 3


def _longer_title(text: str, s_start: int, i: int) -> bool:
    """Whether the title before ``i`` goes on into ``text[i]`` (董事 + 长 = 董事长)."""
    a = TITLE_END.start(text, max(s_start, i - 5), i + 1)
    return 0 <= a < i


def _shared_title(m: Mention, found: dict[int, Mention], sep: int) -> Mention:
    """住苏全国政协委员洪某、刘某、宋某: a name listed right after a titled one whose title names
    a category of people carries that title too."""
    prev = next((x for x in found.values() if x.tail == sep), None)
    if prev is None or not prev.titles or not prev.titles[-1].endswith(SHARED_TITLE_ENDS):
        return m
    return Mention(m.start, m.end, m.name, (prev.titles[-1],), False, m.head, m.tail, m.title_after)


def _join_spaced_name(text: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single characters written apart (崔 梅) joined into one token where they make a name."""
    out: list[tuple[int, int]] = []
    for ts, te in tokens:
        if out and te - ts == 1 and out[-1][1] - out[-1][0] == 1 and plausible_name(text[out[-1][0]] + text[ts]):
            out[-1] = (out[-1][0], te)
        else:
            out.append((ts, te))
    return out
