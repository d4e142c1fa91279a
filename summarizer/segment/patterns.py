"""Compiled patterns over the word lists: the shared vocabulary of the segmenter's stages.

Everything here is built once from :mod:`.words` at import (regular expressions, character
sets) and never changes afterwards.
"""

from __future__ import annotations

import re

from .words import (
    COMPOUND_SURNAMES,
    CONTINUATION_STARTS,
    NARRATION_STARTS,
    SILENT_ACTS,
    SINGLE_SURNAMES,
    SPEAKING_ACTS,
    SPEECH_CUES,
    TIBETAN_NAME_STARTS,
    TITLE_WORDS,
    TITLED_ONLY_SURNAMES,
)


def alt(words) -> str:
    """A regular-expression alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class Words:
    """A set of literal words indexed by first character: the longest word at a position in
    one dictionary lookup and a few ``startswith`` calls, where a regular expression
    alternation of hundreds of words would try them one by one."""

    def __init__(self, words):
        self._by_first: dict[str, tuple[str, ...]] = {}
        for w in sorted(set(words), key=len, reverse=True):
            self._by_first[w[0]] = self._by_first.get(w[0], ()) + (w,)

    def longest(self, text: str, j: int, limit: int | None = None) -> int:
        """Length of the longest word starting at ``text[j]`` (within ``limit``), or 0."""
        if j >= len(text):
            return 0
        end = len(text) if limit is None else limit
        for w in self._by_first.get(text[j], ()):
            if j + len(w) <= end and text.startswith(w, j):
                return len(w)
        return 0


class Endings:
    """A set of literal words matched where a stretch of text ends, indexed by last character:
    whether a title word ends right before a name is asked for nearly every candidate, and a
    ``(?:…)$`` alternation of hundreds of words tries them all at every start position."""

    def __init__(self, words):
        by_last: dict[str, list[str]] = {}
        for w in sorted(set(words), key=len, reverse=True):
            by_last.setdefault(w[-1], []).append(w)
        self._by_last = {c: tuple(ws) for c, ws in by_last.items()}

    def start(self, text: str, pos: int = 0, endpos: int | None = None) -> int:
        """Where the longest word ending at ``endpos`` and starting at or after ``pos`` starts, or -1."""
        end = len(text) if endpos is None else min(endpos, len(text))
        if end <= pos:
            return -1
        for w in self._by_last.get(text[end - 1], ()):
            a = end - len(w)
            if a >= pos and text.startswith(w, a):
                return a
        return -1

    def ends(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether one of the words ends at ``endpos`` (and starts at or after ``pos``)."""
        return self.start(text, pos, endpos) >= 0


HAN = "\u4e00-\u9fff"
HAN_RE = re.compile(f"[{HAN}]")
SURNAME_CHAR = re.compile(
    "[" + "".join(sorted(SINGLE_SURNAMES | TITLED_ONLY_SURNAMES | {c[0] for c in COMPOUND_SURNAMES}
                         | {c[0] for c in TIBETAN_NAME_STARTS})) + "]"
)
DOT = re.compile(r"[·•・]")
TITLE_END = Endings(TITLE_WORDS)
TITLE_LAST = {w[-1] for w in TITLE_WORDS}
# A bracketed qualifier that is part of a post: 副所长（主持工作）, 副主任（正厅级）, 副县长（挂职）.
QUALIFIER = re.compile(r"[（(](?:主持工作|[正副][部厅局处科]级|兼|挂职|代)[)）]$")


def title_ends(text: str, pos: int = 0, endpos: int | None = None) -> bool:
    """Whether a title word ends at ``endpos``, or right before a qualifier that does."""
    end = len(text) if endpos is None else endpos
    if TITLE_END.ends(text, pos, end):
        return True
    if end == 0 or text[end - 1] not in ")）":
        return False
    q = QUALIFIER.search(text, max(pos, end - 7), end)
    return q is not None and TITLE_END.ends(text, pos, q.start())
SEMICOLON = re.compile(r"[；;]")
DELIMS = set("、，,：:；;（(“”\"‘’。！？!? \t\n\r　")
LEAD_CHARS = set("由据和与及同请邀")

# Manner before a speech verb: 笑着说, 动情地表示, 深有感触地说.
MANNER = (
    "笑着", "激动地", "动情地", "感慨地", "深有感触地", "坦率地", "高兴地", "风趣地", "郑重地",
    "语重心长地", "兴奋地", "自豪地", "诚恳地", "坚定地", "直截了当地", "开门见山地",
)

# Speech frame between subject and cue: 还/也/则…, 在致辞中/在讲话时/在会上, 致辞时,
# 就…问题 (the topic), 笑着 (manner).
FRAME = re.compile(
    r"(?:还|也|则|又|同时|进一步|特别|特意|最后|首先|随后|接着|再次|专门|明确|充分|高度|忍不住|不禁|随即|当即|一再|多次|反复)?"
    r"(?:在(?P<frame>[^，,。；;：:“”]{0,24}?)(?:中|时|上|后|之际|结尾|末尾|最后|之初)[，,]?"
    # 致辞时, 讲话中, and 讲话指出 / 发言表示 with the act glued to the cue.
    r"|(?P<frame2>致辞|讲话|发言|总结讲话|总结|主持|点评|答问|受访|接受采访)(?:(?:时|中)[，,]?|(?=指出|强调|表示|说))"
    r")?"
    r"(?:(?:就|围绕|针对)[^，,。；;：:“”]{1,20}?)?"
    r"(?:还|也|则|又|同时|进一步|特别|最后|首先|再次|专门|明确|深刻|郑重|充分|高度|这样|如是|如此)?"
    # The addressee before the verb: 向毕业生们提出了几点忠告, 对青年干部说.
    r"(?:(?:向|对|给)[^，,。；;：:“”]{1,12}?(?=提出|提了|说|表示|强调|指出|寄语|嘱咐|讲|谈))?"
    rf"(?:(?:{alt(MANNER)}|[\u4e00-\u9fff]{{1,2}}着)(?=说|讲|表示|谈|回忆|感慨|坦言|介绍))?"
    # An adverb of manner, with or without 地, before the verb: 温情嘱咐, 深情地告诉.
    r"(?:(?:温情|深情|真诚|热情|亲切|诚恳|动情|郑重|欣慰|由衷|满怀深情)地?|[\u4e00-\u9fff]{1,4}地)?"
)
CUE = re.compile(
    # 告诉调研组： / 提出三点要求： / 谈了三点体会： first, then the plain cue verbs.
    rf"(?P<cue>告诉[^，,。：:“”]{{1,12}}?(?=[：:，,])"
    rf"|(?:提出|谈了|谈到|讲了|提了|发表)(?:了)?[^，,。：:“”]{{0,10}}?"
    rf"(?:要求|意见|建议|希望|体会|看法|认识|感受|想法|忠告|嘱托|期望|见解|观点|主张|倡议|寄语)"
    rf"(?=[：:，,。])"
    rf"|{alt(SPEECH_CUES)})"
)
# Frame and cue in one pattern, so a topic frame (就…) can stretch to wherever the cue is.
SPEECH = re.compile(FRAME.pattern + CUE.pattern)
CUE_TAIL_BAD = set("了过着的得")
# Cues that report content even with 了: 充分肯定了……成绩 is an evaluation voiced at the event.
CUES_WITH_LE = frozenset(("肯定",))
ACTS = re.compile(
    # 作学术报告, 作了题为《…》的报告, 作表态发言, 展开了深入交流, 交流…的体会: an act split by its object.
    rf"(?P<speak>{alt(a for a, _ in SPEAKING_ACTS)}|[作做]了?[^，,。；;]{{1,20}}?(?:报告|讲座|发言|演讲)"
    rf"|(?:展开|进行)了?[^，,。；;]{{0,8}}?(?:交流|研讨|讨论|座谈|对话|小结|总结|点评)"
    rf"|回答(?:了|完)?[^，,。；;]{{0,6}}?(?:提问|问题)|(?:讲|说)了[^，,。；;]{{0,6}}?话"
    rf"|介绍[^，,。；;了]{{1,40}}?(?:有关情况|相关情况|情况|做法|经验|进展|成效|举措)"
    rf"|交流(?:了)?[^，,。；;]{{1,24}}?(?:体会|心得|经验|做法|感受|想法))"
    rf"|(?P<silent>{alt(SILENT_ACTS)})"
)
_ACT_ROLE = dict(SPEAKING_ACTS)


def act_role(act: str) -> str:
    """The role a speaking act gives (致辞, 主持, 作报告, …)."""
    if act in _ACT_ROLE:
        return _ACT_ROLE[act]
    if "交流" in act and act.endswith("发言"):
        return "交流发言"  # 做交流发言
    for ends, role in ((("报告", "讲座"), "作报告"), (("发言",), "发言"), (("演讲",), "演讲")):
        if act.endswith(ends):
            return role
    return "交流发言"


# 他/她, after a connective that may open the clause before it (同时他要求…, 随后她表示…).
PRONOUN = re.compile(r"(?:同时|随后|接着|此外|另外|最后|而|还|今天|昨天|当天|此时|这时)?(?:他|她)(?!们)")
NARRATION = re.compile(rf"(?:{alt(NARRATION_STARTS)})")
# 第三，要…… is the third point of a speech; 第三位发言的是…… is narration.
CONTINUATION = re.compile(
    rf"(?:{alt(CONTINUATION_STARTS)}|第[一二三四五六七八九十]{{1,2}}(?:[，,、：:]|是|要|个方面|条))"
)
LEADING_CLAUSE = re.compile(r"[^，,。；;：:！？!?]{1,40}?[，,]")
ATTRIBUTION_VERB = re.compile(
    r"发问|提问|开门见山|开宗明义|接过话题|开场白|说起|谈起|感慨|感触|深有体会|直言|笑言|坦言|回应|回答|答道|问道|一语道破|总结道"
    r"|的话|如是说|这样说|这样表示|说道|抛出"
)
END_MARK = re.compile(r"[（(]完[）)]$")  # a wire story's end mark
# A credit left in the body (…王市长表示，…。记者 金蓉): never anyone's words.
CREDIT_LINE = re.compile(r"^[（(]?(?:本报|本台|新华社|本网)?(?:记者|通讯员|实习生|特约记者|摄影)[\s　]*"
                         r"[\u4e00-\u9fff]{2,4}(?:[、\s　]+[\u4e00-\u9fff]{2,4})*[）)]?$"
                         # （总台央视记者 陈某 吴某）, （陈某 党某 王某）: the credits in brackets closing a report;
                         r"|^[（(][\u4e00-\u9fff]{0,10}[\s　]*[\u4e00-\u9fff]{2,10}(?:[、\s　]+[\u4e00-\u9fff]{2,10})+[）)]$"
                         r"|^[（(](?:[\u4e00-\u9fff]{0,8}记者[\u4e00-\u9fff]{2,4}){1,3}[）)]$"
                         r"|^[（(](?:文|图|文字|摄影|编辑|审核|责编|撰稿|供稿)[:：][^（）()]{1,40}[）)]$"
                         # ——王某 某某中学 E0001: a young reporter's signature under a question.
                         r"|^——[\u4e00-\u9fff]{2,4}[\s　][^，,。！？!?]{0,30}$")
RELATIVE = re.compile(r"[^，,。；;：:“”]{1,20}的")
DEMONSTRATIVE = re.compile(r"这位|这名|该名")
# An adverb of manner ending in 地 before a speech verb: 深情地告诉大家, 语重心长地说.
_MANNER_DI = r"(?:[\u4e00-\u9fff]{1,5}地)"
# 陈某汇报了…情况，他介绍，… / 何某就…作了回答，表示… / 包某以…为例，深情地告诉大家，…:
# the subject speaks after a comma.
MID_PRONOUN = re.compile(
    rf"[，,](?:(?:他|她)(?!们)|(?=(?:并|还|也|同时)?(?:{_MANNER_DI}|[\u4e00-\u9fff]{{1,3}}着)?"
    rf"(?:表示|指出|强调|认为|说|希望|要求|告诉|勉励|鼓励|寄语|呼吁|建议|坦言|透露|提醒|叮嘱)))"
)
_ADVERB = rf"(?:首先|还|也|又|并|则|随后|接着|同时|最后|专门|特别|简要|再次|充分|高度|{_MANNER_DI})?"
# Reporting a speech act with its content, after a subject: 王某对…表示热烈欢迎 / 给予了充分肯定 /
# 回顾了… / 宣布了… / 作为新生代表，表达了… . (介绍了… is left out: it names a topic, 介绍了…做法.)
# Every speech act has one of these words; looking for one first spares the full pattern.
SPEECH_ACT_WORD = re.compile(r"表示|致以|给予|回顾了|总结了|阐述了|强调了|分享了|表达|畅谈了|讲述了|阐释了|分析了|展望了|"
                             r"勉励了|寄语了|叮嘱了|鼓励了|称赞了|赞扬了|道出了|肯定了|进行了|作了|做了|作出了|做出了|宣布")
SPEECH_ACT = re.compile(
    _ADVERB + r"(?:在[^，,。；;：:“”]{0,20}?(?:中|时|上)[，,]?)?" + _ADVERB
    + r"(?:作为[^，,。；;：:“”]{1,14}?[，,]?)?"
    + r"(?:代表[^，,。；;：:“”]{1,40}?[，,]?)?"
    + r"(?:(?:对|向|为|就|用|与|同)[^，,。；;：:“”]{1,40}?)?" + _ADVERB
    + r"(?P<act>表示(?:了)?(?:热烈|热情|衷心|诚挚|最诚挚|崇高|亲切|深切|真诚|由衷)?(?:的|地)?"
    r"(?:欢迎|感谢|祝贺|慰问|敬意|谢意|问候|哀悼|肯定|支持)"
    r"|致以[^，,。；;]{0,10}?(?:问候|敬意|感谢|祝贺)"
    r"|给予(?:了)?[^，,。；;：:“”]{0,6}?(?:充分|高度|很高)?(?:的)?(?:肯定|评价|赞扬|赞赏|认可|否定)"
    r"|(?:回顾|总结|阐述|强调|分享|表达|畅谈|讲述|阐释|分析|展望|勉励|寄语|叮嘱|鼓励|称赞|赞扬|道出|肯定)了"
    r"|表达(?=对|出)"
    r"|进行了[^，,。；;：:]{0,6}?(?:强调|部署|阐述|总结)"
    r"|(?:作|做)出?了[^，,。；;：:]{0,6}?(?:部署|安排|强调|阐述|要求)"
    r"|宣布(?:了)?)"
)


def speech_act_at(text: str, j: int, limit: int):
    """SPEECH_ACT matched at ``j`` within ``limit``, or None (checked cheaply first)."""
    if SPEECH_ACT_WORD.search(text, j, min(limit, j + 120)) is None:
        return None
    return SPEECH_ACT.match(text, j, limit)
