"""Stage 2: find the speakers of a meeting report and the sentences that carry their words.

Method (rules over sentence structure, no statistical model):

1. Person mentions. A name is a surname (single or compound, from a bundled list), or a
   name with a middle dot, followed by one or two given-name characters, and it is accepted
   only where the structure vouches for it: after a chain of titles ending in a title word
   (…会长、…原副书记王某某), as an item of a roster (A、B、C分别致辞), or as the subject of a
   speech cue (李某某表示，…). Once accepted, a name is recognised bare anywhere, and
   surname+title short forms (王书记) resolve to the person with that surname and title.
   jieba's tagger is consulted only where the structure is not enough: it vetoes a bare,
   untitled candidate it reads as a common word (文件指出), and reads where a titled name
   ends when nothing after it settles that (…县委书记汤某某接过话题).
2. Speech. A clause whose subject is a person, a pronoun (他/她), a short form or a
   description (这位…的“老娘舅”), followed by an optional frame (在致辞中, 致辞时, 会上, 就…问题)
   and a cue verb (表示, 指出, 强调, 说, 问, …) not followed by 了, opens reported speech; so
   does a subject's cue after a comma (…汇报了情况，他介绍，…). A quotation runs to its
   closing mark and belongs to whoever opens it, or to the person the next sentence names
   (“……。”王某说。/ “……？”委员孙某率先发问。).
3. Continuation. Following sentences with no subject of their own (要……；必须……；一是……)
   stay with the current speaker until a new speaker, a narration marker (据了解, 会议还…)
   or a paragraph without a continuation opener takes over; a pronoun cue reaches back
   over intervening narration to the last person named as a subject.
4. Rosters and acts. Lists of people with a speaking act (分别致辞, 交流发言, 主持, 进行了交流
   分享) make speakers without words; non-speaking acts (出席, 启动, 签订, 陪同) and page
   credits (reporters, photographers, editors, which stage 1 sets aside) never do.

A traditional-Chinese article is read in a simplified copy made character for character
(OpenCC), so every offset holds; results report the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field

from .article import Article, check_text, parse_article
from .errors import InputError
from .text import split_sentences

__all__ = ["Remark", "Speaker", "Person", "Segmentation", "Segmenter", "JiebaTagger", "segment"]


@dataclass(frozen=True)
class Remark:
    """One stretch of reported (indirect) or quoted (direct) speech, with offsets into the text."""

    text: str
    start: int
    end: int
    kind: str  # "indirect" or "direct"
    #: The simplified-Chinese form used for matching, when the article was traditional.
    normalized: str | None = None

    def to_dict(self) -> dict:
        d = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}
        if self.normalized is not None:
            d["normalized"] = self.normalized
        return d


@dataclass(frozen=True)
class Speaker:
    """Someone reported as speaking at the event, with or without reported words."""

    name: str
    titles: tuple[str, ...] = ()
    role: str | None = None
    remarks: tuple[Remark, ...] = ()

    @property
    def text(self) -> str:
        """The speaker's remarks joined in order, as written in the article."""
        return "".join(r.text for r in self.remarks)

    @property
    def normalized_text(self) -> str:
        """The remarks in simplified Chinese (same as ``text`` unless the article was
        traditional): what theme matching and summaries work on."""
        return "".join(r.normalized or r.text for r in self.remarks)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "titles": list(self.titles),
            "role": self.role,
            "remarks": [r.to_dict() for r in self.remarks],
        }


@dataclass(frozen=True)
class Person:
    """A named person who is not a speaker: reporter, photographer, editor or participant."""

    name: str
    role: str
    titles: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "titles": list(self.titles)}


@dataclass(frozen=True)
class Segmentation:
    """The speakers of one article, in order of first appearance, and who else is named."""

    article: Article
    speakers: tuple[Speaker, ...]
    others: tuple[Person, ...] = ()
    #: "traditional" when the article was converted to simplified Chinese for analysis.
    script: str = "simplified"

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def speakers_with_remarks(self) -> tuple[Speaker, ...]:
        return tuple(s for s in self.speakers if s.remarks)

    def speaker(self, name: str) -> Speaker:
        for s in self.speakers:
            if s.name == name:
                return s
        raise KeyError(name)

    def to_dict(self, include_text: bool = False) -> dict:
        a = self.article
        return {
            "headline": a.headline,
            "published": a.published,
            "source": a.source,
            "dateline": a.dateline,
            "script": self.script,
            "speakers": [s.to_dict() for s in self.speakers],
            "others": [p.to_dict() for p in self.others],
            **({"text": a.text} if include_text else {}),
        }


# ----------------------------------------------------------------------------- patterns

from .cues import (  # noqa: E402  (word lists, kept in their own module)
    COMPOUND_SURNAMES,
    CONTINUATION_STARTS,
    NARRATION_STARTS,
    SILENT_ACTS,
    SINGLE_SURNAMES,
    SPEAKING_ACTS,
    TITLED_ONLY_SURNAMES,
    SPEECH_CUES,
    STRONG_CUES,
    TITLE_WORDS,
)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_HAN = "\u4e00-\u9fff"
_SURNAME_CHAR = re.compile(
    "[" + "".join(sorted(SINGLE_SURNAMES | TITLED_ONLY_SURNAMES | {c[0] for c in COMPOUND_SURNAMES})) + "]"
)
# A "given name" ending like this is a place: 江东区, 石门村.
_PLACE_END = set("区县市省镇村乡州盟旗街巷屯寨")
# Characters that do not begin a given name: after a surname character they make a word.
_NOT_GIVEN = set("于在的了与对是将把被从以及等则也还就都而之其")
_NOT_A_GIVEN_NAME = re.compile("[街道路区县市省村镇乡社委局厅部院校所站队组办]")
_DOT = re.compile(r"[·•・]")
_TITLE_END = re.compile(rf"(?:{_alt(TITLE_WORDS)})$")
_TITLE_LAST = {w[-1] for w in TITLE_WORDS}
_SEMICOLON = re.compile(r"[；;]")
_DELIMS = set("、，,：:；;（(“”\"‘’。！？!? \t\n\r　")
_LEAD_CHARS = set("由据和与及同请邀")
_NAME_START = re.compile(
    rf"(?<=[{re.escape(''.join(sorted(_DELIMS | _LEAD_CHARS | _TITLE_LAST)))}]){_SURNAME_CHAR.pattern}"
)
# What may directly follow a name. Strong followers settle the name's length; weak ones
# (single function characters) only when nothing stronger fits.
_MANNER = (
    "笑着", "激动地", "动情地", "感慨地", "深有感触地", "坦率地", "高兴地", "风趣地", "郑重地",
    "语重心长地", "兴奋地", "自豪地", "诚恳地", "坚定地", "直截了当地", "开门见山地",
)
_STRONG_FOLLOW = re.compile(
    rf"[，,、。；;：:（(“”\"！？!? ]|在|于|分别|共同|一行|同志|首先|随后|最后|担任|围绕|结合|"
    rf"率|带领|进行|先后|一同|接受|来到|现场|作|代表|主讲|到|赴|前往|深入|走进|听取|察看|看望|带队|召开|"
    rf"检查|督导|指导|部署|宣布|一行|同志|告诉|充分|高度|汇报|回应|回答|逐一|一一|亲自|随即|当即|特意|"
    rf"获得|荣获|获评|被评为|当选|第一个|这样|如是|接过|抛出|率先|带头|紧接着|接着|谈起|说起|感慨|直言|"
    rf"笑言|开门见山|"
    rf"(?:{_alt(_MANNER)})(?=说|讲|表示)|"
    rf"(?:{_alt(SPEECH_CUES)})|(?:{_alt(a for a, _ in SPEAKING_ACTS)})|(?:{_alt(SILENT_ACTS)})"
)
_WEAK_FOLLOW = set("和与及等为对向就也还则又同以从均都")
_NAME_LIKE_WEAK = set("和为同")  # also common in given names: 王文和, 李为民
_NON_NAME_CHARS = set("在说讲称和与及等为对向就作也还则将把被从是的了率并分主表指强认")

# Speech frame between subject and cue: 还/也/则…, 在致辞中/在讲话时/在会上, 致辞时,
# 就…问题 (the topic), 笑着 (manner).
_FRAME = re.compile(
    r"(?:还|也|则|又|同时|进一步|特别|最后|首先|随后|接着|再次|专门|明确|充分|高度)?"
    r"(?:在(?P<frame>[^，,。；;：:“”]{0,24}?)(?:中|时|上|后|之际|结尾|末尾|最后|之初)[，,]?"
    r"|(?P<frame2>致辞|讲话|发言|总结讲话|总结|主持|点评|答问|受访|接受采访)(?:时|中)[，,]?)?"
    r"(?:(?:就|围绕|针对)[^，,。；;：:“”]{1,20}?)?"
    r"(?:还|也|则|又|同时|进一步|特别|最后|首先|再次|专门|明确|深刻|郑重|充分|高度|这样|如是|如此)?"
    # Manner before the verb: 笑着说, 动情地表示, 深有感触地说.
    rf"(?:(?:{_alt(_MANNER)})(?=说|讲|表示|谈|回忆|感慨|坦言|介绍))?"
)
_CUE = re.compile(
    # 告诉调研组： / 提出三点要求： / 谈了三点体会： first, then the plain cue verbs.
    rf"(?P<cue>告诉[^，,。：:“”]{{1,8}}?(?=[：:，,])"
    rf"|(?:提出|谈了|谈到|讲了|提了)(?:了)?[^，,。：:“”]{{0,10}}?(?:要求|意见|建议|希望|体会|看法|认识|感受|想法)"
    rf"(?=[：:，,。])"
    rf"|{_alt(SPEECH_CUES)})"
)
# Frame and cue in one pattern, so a topic frame (就…) can stretch to wherever the cue is.
_SPEECH = re.compile(_FRAME.pattern + _CUE.pattern)
_CUE_TAIL_BAD = set("了过着的得")
# Cues that report content even with 了: 充分肯定了……成绩 is an evaluation voiced at the event.
_CUES_WITH_LE = frozenset(("肯定",))
_ACTS = re.compile(
    # 作学术报告, 作了题为《…》的报告, 作表态发言: an act split by its object.
    rf"(?P<speak>{_alt(a for a, _ in SPEAKING_ACTS)}|作了?[^，,。；;]{{1,20}}?(?:报告|讲座|发言|演讲))"
    rf"|(?P<silent>{_alt(SILENT_ACTS)})"
)
_ACT_ROLE = dict(SPEAKING_ACTS)


def _act_role(act: str) -> str:
    if act in _ACT_ROLE:
        return _ACT_ROLE[act]
    return "作报告" if act.endswith(("报告", "讲座")) else "发言" if act.endswith("发言") else "演讲"

_PRONOUN = re.compile(r"(?:他|她)(?!们)")
_NARRATION = re.compile(rf"(?:{_alt(NARRATION_STARTS)})")
# 第三，要…… is the third point of a speech; 第三位发言的是…… is narration.
_CONTINUATION = re.compile(
    rf"(?:{_alt(CONTINUATION_STARTS)}|第[一二三四五六七八九十]{{1,2}}(?:[，,、：:]|是|要|个方面|条))"
)
_LEADING_CLAUSE = re.compile(r"[^，,。；;：:！？!?]{1,40}?[，,]")
_ATTRIBUTION_VERB = re.compile(
    r"发问|提问|开门见山|开宗明义|接过话题|开场白|说起|谈起|感慨|直言|笑言|坦言|回应|回答|答道|问道|一语道破|总结道"
)
_END_MARK = re.compile(r"[（(]完[）)]$")  # a wire story's end mark
_RELATIVE = re.compile(r"[^，,。；;：:“”]{1,20}的")
_DEMONSTRATIVE = re.compile(r"这位|这名|该名")
# 陈某汇报了…情况，他介绍，… / 何某就…作了回答，表示…: the subject speaks after a comma.
_MID_PRONOUN = re.compile(r"[，,](?:(?:他|她)(?!们)|(?=(?:并|还|同时)?(?:表示|指出|强调|认为|说)))")
_CHAIN_STOP = set("，,。；;：:！？!?“”\"\n\r\t ")
_CHAIN_STOP_RE = re.compile("[" + re.escape("".join(sorted(_CHAIN_STOP))) + "]")
_CHAIN_CUT = re.compile(r"(?<=[会议节动坛式典])由|邀请|环节|会上|期间|了|的|(?:受|应)邀")
_CHAIN_LEAD = "由据请是"
_CHAIN_CUT_WORDS = ("其中", "以及", "还有", "我校", "本校", "我院", "本院")


@dataclass
class _Person:
    """Mutable working record of one person while an article is read."""

    name: str
    first: int
    titles: tuple[str, ...] = ()
    roles: list = field(default_factory=list)
    silent: list = field(default_factory=list)
    spoke: bool = False

    def offer_titles(self, titles: tuple[str, ...]) -> bool:
        # The fullest chain wins: more titles, then more characters.
        if titles and (len(titles), sum(map(len, titles))) > (len(self.titles), sum(map(len, self.titles))):
            self.titles = titles
            return True
        return False


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    name: str
    titles: tuple[str, ...]
    bare: bool  # no title chain vouches for it

    @property
    def head(self) -> int:
        """Where the mention begins, title chain included: the titles run, joined by 、,
        right up to the name (that is how ``_title_chain`` finds them)."""
        return self.start - len("、".join(self.titles))


# ----------------------------------------------------------------------------- names


def _follow_strength(text: str, j: int, limit: int) -> int:
    if j >= limit:
        return 2
    if _STRONG_FOLLOW.match(text, j):
        return 2
    return 1 if text[j] in _WEAK_FOLLOW else 0


def _follow_len(text: str, j: int, limit: int) -> int:
    m = _STRONG_FOLLOW.match(text, j, limit)
    return m.end() - j if m else 0


def _name_length(text: str, i: int, limit: int, titled: bool = False) -> int:
    """Length of the name starting at ``i`` (0 if none): surname plus one or two characters."""
    if text[i : i + 2] in COMPOUND_SURNAMES:
        sl = 2
    elif text[i] in SINGLE_SURNAMES or (titled and text[i] in TITLED_ONLY_SURNAMES):
        sl = 1
    else:
        return 0
    opts = []
    for k in (sl + 1, sl + 2):
        j = i + k
        if j > limit or not ("\u4e00" <= text[j - 1] <= "\u9fff"):
            break
        if text[j - 1] in _PLACE_END:
            continue
        if k == sl + 1 and text[j - 1] in _NOT_GIVEN:
            continue  # 关于, 高于: a word, though 毕于坤 is a name
        f = _follow_strength(text, j, limit)
        if f:
            opts.append((k, f))
    if not opts:
        return 0
    if len(opts) == 1:
        return opts[0][0]
    (k1, f1), (k2, f2) = opts
    if f1 == 2 and f2 == 2:
        if text[i + k1] in _NON_NAME_CHARS:
            return k1
        # 温婷|谈到 rather than 温婷谈|到: the reading whose follower is the longer word.
        return k1 if _follow_len(text, i + k1, limit) > _follow_len(text, i + k2, limit) else k2
    if f1 == 1 and text[i + k1] not in _NAME_LIKE_WEAK:
        return k1  # 邬江|则认为: 则 is no name character
    return k2 if f2 > f1 else k1


def _title_chain(text: str, floor: int, i: int, stops: list[int] | None = None) -> tuple[str, ...]:
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
        if len(p) < 2 or not _TITLE_END.search(p):
            break
        titles.append(p)
    return tuple(reversed(titles))


class _Reader:
    """Reads one article sentence by sentence; all state lives here, per call."""

    def __init__(self, article: Article, tagger=None, tag_cache: dict | None = None):
        self.a = article
        self.tagger = tagger
        self._tag_cache: dict[tuple[str, str], bool] = {} if tag_cache is None else tag_cache
        self.text = article.text
        self.people: dict[str, _Person] = {}
        self.aliases: dict[str, str] = {}
        self._by_first: dict[str, list[str]] = {}
        self._other_firsts: set[str] = set()
        # Every place a surname (single or compound) starts, found once per article.
        self._surname_pos = [m.start() for m in _SURNAME_CHAR.finditer(self.text)]
        # Where a new name may start: a surname right after a title word or a delimiter.
        self._name_pos = [m.start() for m in _NAME_START.finditer(self.text)]
        self._stops = [m.start() for m in _CHAIN_STOP_RE.finditer(self.text)]
        self.remarks: dict[str, list[Remark]] = {}

    # -- mentions ---------------------------------------------------------------

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

    def _index(self, key: str) -> None:
        if key[0] not in SINGLE_SURNAMES and key[0] not in TITLED_ONLY_SURNAMES:
            self._other_firsts.add(key[0])
        keys = self._by_first.setdefault(key[0], [])
        if key not in keys:
            keys.append(key)
            keys.sort(key=len, reverse=True)

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
        name_at = getattr(self.tagger, "name_at", None)
        if name_at is None:
            return 0
        key = ("", window)
        if key not in self._tag_cache:
            self._tag_cache[key] = name_at(window)
        return self._tag_cache[key]

    def _register(self, name: str, pos: int, titles: tuple[str, ...]) -> _Person:
        p = self.people.get(name)
        if p is not None and not titles:
            return p  # a known person named bare again: nothing new
        if p is None:
            p = self.people[name] = _Person(name, pos)
            self._index(name)
        if p.offer_titles(titles):
            self._add_aliases(p)
        return p

    def _add_aliases(self, p: _Person) -> None:
        surname = p.name[:2] if p.name[:2] in COMPOUND_SURNAMES else p.name[0]
        for t in p.titles:
            m = _TITLE_END.search(t)
            word = m.group(0)
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

    def mentions(self, s_start: int, s_end: int) -> list[_Mention]:
        text = self.text
        found: dict[int, _Mention] = {}
        starts = self._candidate_starts(s_start, s_end)
        if not starts and _DOT.search(text, s_start, s_end) is None:
            return []
        by_first = self._by_first
        for i in starts:
            if text[i] not in by_first:
                continue
            key = self._known_at(i)
            if key is None:
                continue
            name = self.people[key].name if key in self.people else self.aliases.get(key, "")
            if name:
                titles = ()
                if key in self.people and _TITLE_END.search(text, max(s_start, i - 6), i):
                    titles = _title_chain(text, s_start, i, self._stops)
                found[i] = _Mention(i, i + len(key), name, titles, not titles)
        covered = {j for m in found.values() for j in range(m.start, m.end)}
        ends = sorted(m.end for m in found.values())
        cand = self._name_pos
        new_starts = cand[bisect_left(cand, s_start) : bisect_left(cand, s_end)]
        if starts and starts[0] == s_start and (not new_starts or new_starts[0] != s_start):
            new_starts.insert(0, s_start)
        for i in new_starts:
            if i in covered:
                continue
            before = text[i - 1] if i > s_start else "。"
            titled = before in _TITLE_LAST and bool(_TITLE_END.search(text, max(s_start, i - 6), i))
            if not titled and before not in _DELIMS and before not in _LEAD_CHARS:
                continue
            k = _name_length(text, i, s_end, titled)
            if not k and titled and text[i + 1 : i + 2] not in _NOT_GIVEN:
                # A title vouches for a name here but nothing after it settles its length
                # (…县委书记汤明远接过话题): ask the tagger where the name ends.
                k = self._tagged_name_length(text[i : min(s_end, i + 4 + _TAG_WINDOW)])
                # Only full three- or four-character names, never the first half of a name
                # with a middle dot (the dot-name scan below reads those whole), and never
                # a place or body (临港区长|宁街道).
                if k < 3 or text[i + k : i + k + 1] in "·•・" or _NOT_A_GIVEN_NAME.search(text, i + 1, i + k):
                    k = 0
            if not k:
                continue
            name = text[i : i + k]
            k_end = bisect_right(ends, i)  # the nearest mention ending before this one
            floor = ends[k_end - 1] if k_end else s_start
            titles = _title_chain(text, floor, i, self._stops) if titled else ()
            if floor > s_start and titles and text[floor] in "和与及同、":
                titles = _title_chain(text, floor + 1, i, self._stops)
            if titled and not titles:
                continue
            if not titles:
                # A bare name needs the structure to vouch for it: a cue or an act right
                # after it, or membership in a list of names; and the tagger must not read
                # it as a common word (文件指出, 方案提出, 马上表示).
                after = text[i + k : i + k + 1]
                if not (
                    self._speech_after(i + k, s_end)
                    or _ACTS.match(text, i + k)
                    or after == "、"
                    or before == "、"
                ):
                    continue
                if name not in self.people and not self._tagged_as_name(name, text[i:s_end]):
                    continue
            found[i] = _Mention(i, i + k, name, titles, not titles)
            insort(ends, i + k)
        for m in _DOT.finditer(text, s_start, s_end):
            men = self._dot_name(m.start(), s_start, s_end)
            if men and not any(x.start < men.end and men.start < x.end for x in found.values()):
                found[men.start] = men
        return sorted(found.values(), key=lambda x: x.start)

    def _dot_name(self, dot: int, s_start: int, s_end: int) -> _Mention | None:
        """A transliterated name with a middle dot (艾力·买买提), bounded by title or delimiter."""
        text = self.text
        i, titled = dot, False
        while i > s_start and dot - i < 8 and "\u4e00" <= text[i - 1] <= "\u9fff":
            i -= 1
            titled = bool(_TITLE_END.search(text, max(s_start, i - 6), i))
            if titled:
                break
        if dot - i < 1:
            return None
        if not titled and i > s_start and text[i - 1] not in _DELIMS and text[i - 1] not in _LEAD_CHARS:
            return None
        ends = []
        for j in range(dot + 2, min(s_end, dot + 6) + 1):
            if not ("\u4e00" <= text[j - 1] <= "\u9fff"):
                break
            if _follow_strength(text, j, s_end) == 2:
                ends.append(j)
        if not ends:
            return None
        # Grow past a follower only when it is one letter longer and that letter is not a
        # function word: 买买提|出席 rather than 买买|提出, but 买买提|在讲话中.
        j = ends[0]
        while j + 1 in ends and text[j] not in _NON_NAME_CHARS:
            j += 1
        titles = _title_chain(text, s_start, i) if titled else ()
        return _Mention(i, j, text[i:j], titles, not titles)

    # -- speech -----------------------------------------------------------------

    def _speech_after(self, j: int, limit: int):
        """Match frame + cue at ``j``; return (end, role, cue) or None."""
        text = self.text
        m = _SPEECH.match(text, j, limit)
        if not m:
            return None
        f = m
        cue, end = m.group("cue"), m.end()
        nxt = text[end : end + 1]
        if nxt in _CUE_TAIL_BAD and nxt and cue not in _CUES_WITH_LE:
            return None
        if nxt and nxt not in "，,：:“\"。！？!?" and cue not in STRONG_CUES:
            return None
        if not nxt or nxt in "。！？!?":
            end_ok = True  # a bare attribution: “……。”王某说。
        else:
            end_ok = False
        role = None
        frame = f.group("frame") or f.group("frame2")
        if frame:
            am = _ACTS.search(frame)
            if am and am.group("speak"):
                role = _act_role(am.group("speak"))
            elif frame in ("会上", "会议上", "座谈会上", "论坛上", "大会上"):
                role = None
        return end, role, cue, end_ok


    # -- attribution --------------------------------------------------------------

    def _add(self, name: str, start: int, end: int, kind: str) -> None:
        self.people[name].spoke = True
        self.remarks.setdefault(name, []).append(Remark(self.text[start:end], start, end, kind))

    def _owner_at(self, mentions, cs: int, ce: int, last_person: str | None):
        """Who opens reported speech at clause start ``cs``: (name, role, kind, cue_end) or None."""
        text = self.text
        m = _first_person_subject(mentions, cs, text)
        if m is not None:
            sp = self._speech_after(m.end, ce)
            if sp:
                end, role, cue, _ = sp
                return m.name, role, _kind_after(text, end, ce), end
            # 陈某汇报了…情况，他介绍，…: the subject's own words after a comma.
            for pm in _MID_PRONOUN.finditer(text, m.end, ce):
                sp = self._speech_after(pm.end(), ce)
                if sp:
                    return m.name, sp[1], _kind_after(text, sp[0], ce), sp[0]
            return None
        lead = _LEADING_CLAUSE.match(text, cs, ce)
        for pos in (cs, lead.end() if lead else None):
            if pos is None or not last_person:
                continue
            pm = _PRONOUN.match(text, pos, ce)
            if pm:
                sp = self._speech_after(pm.end(), ce)
                if sp:
                    end, role, cue, _ = sp
                    return last_person, role, _kind_after(text, end, ce), end
            dm = _DEMONSTRATIVE.match(text, pos, ce)
            if dm:
                # 这位从事调解工作18年的“老娘舅”说：…: a description standing for the
                # person just named, up to the first cue that opens speech.
                for j in range(dm.end() + 1, min(ce, dm.end() + 30)):
                    if text[j - 1] in "，,。；;":
                        break
                    sp = self._speech_after(j, ce) if _CUE.match(text, j, ce) else None
                    if sp:
                        return last_person, sp[1], _kind_after(text, sp[0], ce), sp[0]
        return None

    def _attribution_sentence(self, s_start: int, s_end: int, last_person):
        """Who a sentence right after a quotation names as its speaker: 王某说。/ 他表示，…"""
        ms = self.mentions(s_start, s_end)
        for m in ms:
            self._register(m.name, m.start, m.titles)
        owner = self._owner_at(ms, s_start, s_end, last_person)
        if owner:
            return owner[0]
        # “……”常委会委员孙某率先发问。/ …院长贺某在主旨演讲中开门见山。: no cue verb, but
        # the sentence says the person named is the one who just spoke.
        m = _first_person_subject(ms, s_start, self.text)
        if m is not None and _ATTRIBUTION_VERB.search(self.text, m.end, min(s_end, m.end + 24)):
            return m.name
        return None

    def read(self) -> None:
        text = self.text
        sents = [
            (pi, s)
            for pi, p in enumerate(self.a.paragraphs)
            for s in split_sentences(text, p.start, p.end)
        ]
        cur = None  # whose reported speech is running
        chain = False  # the previous sentence was cur's
        last_person = None  # antecedent for 他/她
        quote_owner = None  # whose quotation is still open
        prev_pi = -1
        skip_to = -1
        for idx, (pi, s) in enumerate(sents):
            new_para, prev_pi = pi != prev_pi, pi
            if idx <= skip_to:
                continue
            if quote_owner and new_para and s.text[0] not in "“\"「":
                # An unclosed quotation ends with its paragraph; only a paragraph that opens
                # with a quotation mark carries it on (quotes over several paragraphs).
                quote_owner = None
            if quote_owner:
                self._add(quote_owner, s.start, s.end, "direct")
                if _quote_balance(s.text) < 0 or s.text.endswith(("”", "\"")):
                    quote_owner = None
                cur, chain = cur, True
                continue
            if _END_MARK.match(s.text):
                chain = False
                continue
            ms = self.mentions(s.start, s.end)
            for m in ms:
                self._register(m.name, m.start, m.titles)

            # 1. Reported speech opened in this sentence (possibly one per ；-clause).
            clauses = _clauses(text, s.start, s.end)
            owners = [self._owner_at(ms, cs, ce, last_person) for cs, ce in clauses]
            if any(owners):
                holder = cur if chain else None
                for (cs, ce), own in zip(clauses, owners):
                    if own:
                        holder = own[0]
                        kind = own[2]
                        if own[1]:
                            self.people[holder].roles.append(own[1])
                    elif holder is None:
                        continue
                    else:
                        kind = "indirect"
                    self._add(holder, cs, ce, kind)
                cur, chain, last_person = holder, True, holder
                if _quote_balance(s.text) > 0:
                    quote_owner = holder
                continue

            # 2. A quotation: attributed inside (“……，”王某说，“……”), by the next sentence
            #    (“……。”王某说。), or carrying on the current speaker's words.
            if s.text[0] in "“\"「":
                owner = None
                for m in ms:
                    if m.head > s.start and text[m.head - 1] in "”\"」" and self._speech_after(m.end, s.end):
                        owner = m.name
                        break
                # The quotation may run over several sentences; its attribution, if
                # any, is the sentence right after it (“……。……。”王某说。).
                last, bal = idx, _quote_balance(s.text)
                while bal > 0 and last + 1 < len(sents) and sents[last + 1][0] == pi:
                    last += 1
                    bal += _quote_balance(sents[last][1].text)
                if owner is None and last + 1 < len(sents) and sents[last + 1][0] == pi:
                    n = sents[last + 1][1]
                    owner = self._attribution_sentence(n.start, n.end, last_person)
                if owner is None and chain and cur:
                    owner = cur
                if owner:
                    for _, q in sents[idx : last + 1]:
                        self._add(owner, q.start, q.end, "direct")
                    skip_to = last
                    cur, chain, last_person = owner, True, owner
                    continue

            # 3. Acts: rosters of speakers (分别致辞, 主持, 交流发言) and silent acts.
            acted = self._acts(ms, s.start, s.end)
            subject = _first_person_subject(ms, s.start, text)
            if subject is not None:
                last_person = subject.name

            # 4. Continuation of the running speech.
            if cur and chain and subject is None and not acted:
                t = s.text
                narr = _NARRATION.match(t) or _PRONOUN.match(t) or t.startswith(("他们", "她们"))
                if not narr and (not new_para or _CONTINUATION.match(t)):
                    self._add(cur, s.start, s.end, "indirect")
                    continue
            chain = False

    def _acts(self, mentions, s_start: int, s_end: int) -> bool:
        """Give each listed person the act that follows them; True if any act applied.

        Mentions and acts are both in text order, so each lookup is a binary search: the
        cost stays linear however many names and acts one (unpunctuated) sentence holds.
        """
        if not mentions:
            return False
        text = self.text
        heads = [m.head for m in mentions]
        # An act word inside a title (二级调研员) is no act.
        acts = [a for a in _ACTS.finditer(text, s_start, s_end) if not _inside_mention(mentions, heads, a.start())]
        if not acts:
            return False
        act_starts = [a.start() for a in acts]
        starts = [m.start for m in mentions]
        applied = False
        for m in mentions:
            k = bisect_left(act_starts, m.end)
            if k == len(acts):
                continue
            first = acts[k]
            j = bisect_right(starts, first.start())
            nxt = starts[j] if j < len(starts) else s_end
            speak = next((a for a in acts[k : bisect_left(act_starts, nxt)] if a.group("speak")), None)
            p = self.people[m.name]
            if speak is not None:
                p.roles.append(_act_role(speak.group("speak")))
                p.spoke = True
            else:
                p.silent.append(first.group("silent"))
            applied = True
        return applied

    # -- result -------------------------------------------------------------------

    def result(self) -> "Segmentation":
        speakers, others = [], []
        for p in sorted(self.people.values(), key=lambda p: p.first):
            if p.spoke:
                role = next(iter(p.roles), None)
                speakers.append(
                    Speaker(p.name, p.titles, role, tuple(sorted(self.remarks.get(p.name, ()), key=lambda r: r.start)))
                )
            elif p.silent:
                others.append(Person(p.name, p.silent[0], p.titles))
        for c in self.a.credits:
            if not any(o.name == c.name and o.role == c.role for o in others):
                others.append(Person(c.name, c.role))
        return Segmentation(self.a, tuple(speakers), tuple(others))


def _inside_mention(mentions, heads: list[int], pos: int) -> bool:
    """Whether ``pos`` lies within a mention, its title chain included (mentions in order)."""
    k = bisect_right(heads, pos) - 1
    return any(mentions[j].head <= pos < mentions[j].end for j in (k, k - 1) if j >= 0)


def _kind_after(text: str, cue_end: int, limit: int) -> str:
    j = cue_end
    if j < limit and text[j] in "：:，,":
        j += 1
    return "direct" if j < limit and text[j] in "“\"「" else "indirect"


def _quote_balance(s: str) -> int:
    return s.count("“") + s.count("「") - s.count("”") - s.count("」")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the ；-separated clauses of a sentence (each may open a new speaker)."""
    if _SEMICOLON.search(text, start, end - 1) is None:
        return [(start, end)]
    cuts = [m.end() for m in _SEMICOLON.finditer(text, start, end - 1)]
    bounds = [start, *cuts, end]
    return list(zip(bounds, bounds[1:]))


def _first_person_subject(mentions, clause_start: int, text: str):
    """The mention that opens the clause (after an optional short leading clause)."""
    for m in mentions:
        if m.head == clause_start:
            return m
        if m.head > clause_start:
            lead = _LEADING_CLAUSE.match(text, clause_start)
            if lead and lead.end() == m.head:
                return m
            # 参加会议的…研究员裴某认为: a relative clause in front of the titles.
            rel = _RELATIVE.match(text, lead.end() if lead and lead.end() < m.head else clause_start, m.head)
            if rel and rel.end() == m.head:
                return m
            # 据+name+介绍
            if text[clause_start] == "据" and m.head == clause_start + 1:
                return m
            return None
    return None


# Frequent characters that exist only in traditional script: enough of them marks an
# article as traditional, without loading a converter for every simplified one.
_TRADITIONAL_ONLY = frozenset(
    "們個這來時說為國會對發開經義與東車長門問間際過還進區縣鄉鎮書黨記員處幹專業實現關係體機構"
    "場務請議論讓談話標準權織導統計劃設觀點應該當頭從條單確認變歷歸總將辦幫衛產兩鄰層並萬隊爭"
    "興學習運動參與務課題組織領導幹部區域網絡產業環境資源農會議協調調處險營濟費達選舉傳統歡樂"
)
_TAG_WINDOW = 6  # characters after a candidate name that the tagger sees
_QUOTE_MAP = str.maketrans("「」『』", "“”‘’")


_TRADITIONAL_RE = re.compile("[" + "".join(sorted(_TRADITIONAL_ONLY)) + "]")
_HAN_RE = re.compile(f"[{_HAN}]")


def _is_traditional(text: str) -> bool:
    if _TRADITIONAL_RE.search(text) is None:  # the common case, decided in one scan
        return False
    trad = len(_TRADITIONAL_RE.findall(text))
    return trad >= 3 and trad * 50 >= len(_HAN_RE.findall(text))


def _to_simplified(text: str, converter) -> str:
    """Convert to simplified Chinese keeping every character in place (same length)."""
    out = converter.convert(text)
    if len(out) != len(text):
        # A phrase rule changed the length somewhere: fall back to characters one by one.
        out = "".join(c if len(c2 := converter.convert(c)) != 1 else c2 for c in text)
    return out.translate(_QUOTE_MAP)


def _restore(seg: Segmentation, original: str) -> Segmentation:
    """Put the original (traditional) text back into a result computed on its simplified copy."""
    simplified = seg.article.text

    def back(s: str | None) -> str | None:
        if not s:
            return s
        i = simplified.find(s)
        return original[i : i + len(s)] if i >= 0 else s

    a = seg.article
    article = Article(
        text=original,
        headline=back(a.headline),
        published=back(a.published),
        source=back(a.source),
        dateline=back(a.dateline),
        credits=tuple(type(c)(original[c.start : c.end], c.role, c.start, c.end) for c in a.credits),
        paragraphs=tuple(type(p)(p.kind, p.start, p.end, original[p.start : p.end]) for p in a.paragraphs),
        clutter=tuple(type(p)(p.kind, p.start, p.end, original[p.start : p.end]) for p in a.clutter),
    )
    speakers = tuple(
        Speaker(
            back(sp.name),
            tuple(back(t) for t in sp.titles),
            sp.role,
            tuple(Remark(original[r.start : r.end], r.start, r.end, r.kind, r.text) for r in sp.remarks),
        )
        for sp in seg.speakers
    )
    others = tuple(Person(back(p.name), p.role, tuple(back(t) for t in p.titles)) for p in seg.others)
    return Segmentation(article, speakers, others, script="traditional")


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
            from .dictionary import pos_tokenizer

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


class Segmenter:
    """Reusable segmenter; holds the (lazily loaded) tagger across articles.

    ``tagger`` is any object with ``is_name(candidate, context) -> bool``; the default
    uses jieba, ``tagger=False`` relies on sentence structure alone.
    """

    def __init__(self, tagger=None):
        if tagger is not None and tagger is not False and not callable(getattr(tagger, "is_name", None)):
            raise TypeError(f"tagger must have an is_name(candidate, context) method, got {tagger!r}")
        self.tagger = JiebaTagger() if tagger is None else (tagger or None)
        # Whether a string reads as a person's name hardly depends on the article, so the
        # tagger's verdicts are kept for the life of this segmenter.
        self._tag_cache: dict[tuple[str, str], bool] = {}
        self._opencc = None

    def __call__(self, text: "str | Article", name: str = "<input>") -> Segmentation:
        if isinstance(text, Article):
            article = text
            check_text(article.text, name)
        elif not isinstance(text, str):
            raise InputError(f"{name}: expected text (str) or an Article, got {type(text).__name__}")
        else:
            article = parse_article(text, name)
            if _is_traditional(article.text):
                return self._traditional(article.text, name)
        reader = _Reader(article, self.tagger, self._tag_cache)
        reader.read()
        return reader.result()

    def _traditional(self, original: str, name: str) -> Segmentation:
        """Analyse a simplified copy of a traditional article; report the original text."""
        simplified = _to_simplified(original, self._converter())
        reader = _Reader(parse_article(simplified, name), self.tagger, self._tag_cache)
        reader.read()
        return _restore(reader.result(), original)

    def _converter(self):
        if self._opencc is None:
            try:
                import opencc
            except ImportError:
                raise InputError(
                    "traditional Chinese input needs OpenCC (pip install opencc-python-reimplemented)"
                ) from None
            self._opencc = opencc.OpenCC("t2s")
        return self._opencc


def segment(text: "str | Article", name: str = "<input>", segmenter: Segmenter | None = None) -> Segmentation:
    """Find the speakers of a Chinese meeting report and the sentences that carry their words.

    ``text`` is the article as decoded text (see ``read_text``) or a parsed ``Article``.
    Returns speakers in order of first appearance, each with titles, role and remarks whose
    offsets index ``text``; an article that names no speaker gives an empty ``speakers``.
    Pass a ``Segmenter`` to reuse one across many articles.
    """
    return (segmenter or Segmenter())(text, name)
