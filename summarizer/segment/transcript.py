"""Transcripts: paragraphs opened by a speaker's label, whose words run to the next label.

Press-conference records (发布会实录), interviews (访谈实录, 答记者问) and ceremony speeches
give each turn a label instead of a reporting verb:

    国务院新闻办新闻局副局长、新闻发言人 寿小丽：          (titles, a space, the name, a colon)
    任永蔚 中央电视台记者：好的，……                      (the name, then the titles)
    [温家宝]各位网友好！ / 【主持人】…… / 严龙宝：…… / 问：…… / 答：……
    省委宣传部副部长、省政府新闻办主任 平萍               (a label alone on its line, no colon)

A label is recognised by its shape alone, per paragraph: what precedes the colon (or fills
the brackets, or the whole short line) must read as a person (a name with titles before or
after it) or as a questioner's role (问, 记者, 主持人, 网友). An article is read as a transcript
only when at least two paragraphs carry labels; a single labelled paragraph is just that
paragraph. Turns of a role without a name (主持人, 记者, 问) are nobody's remarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from .titles import split_titles

__all__ = ["Label", "LabelPerson", "Layout", "find_labels", "spaced_turns", "QUESTION_ROLES", "PRESENTER_HEADING"]

Span = tuple[int, int]

#: Label words of a turn that asks rather than speaks for the event (no personal name).
QUESTION_ROLES = frozenset(("问", "提问", "记者", "记者问", "主持人", "主持", "网友", "网友提问", "观众", "听众",
                            "主持人问", "媒体", "提问者"))
ANSWER_ROLES = frozenset(("答", "回答"))

_BRACKET = re.compile(r"[【\[［〔]\s*(?P<body>[^】\]］〕\n]{1,30}?)\s*[】\]］〕]")
# The colon of a label comes within the first 60 characters, before any sentence end.
_COLON = re.compile(r"(?P<body>[^：:。！？!?；;“”\"\n]{1,60}?)\s*[：:]")
#: A heading over a roster of presenters (发布人：): they speak at the event.
PRESENTER_HEADING = re.compile(r"(?:发布人|主讲人|主讲|主持人|主持|发言人|发言嘉宾|报告人|答问嘉宾)\s*[：:]?$")
_ANY_COLON = re.compile(r"[：:]")
# The first word of a row of an event's header table (主持人 …, 出席人员 …).
_FIELD = re.compile(r"(?:主持人|主持|主讲人|主讲|发布人|出席人员|出席嘉宾|嘉宾)[\s\u3000]")
_ENDS_WITH_CUE = re.compile(r"(?:说|表示|指出|强调|认为|介绍|问|答道|谈到|提到|坦言|呼吁|建议|称)\s*$")
_WRAPPED = re.compile(r"(?P<role>[\u4e00-\u9fff]{0,6})\s*[（(](?P<inner>[^（）()]{2,40})[）)]")
_FIRST_SENTENCE = re.compile(r"(?P<body>[^。！？!?；;“”\"]{2,60}?)[。；;]")
# Titles of the publishing outlet's own reporter (本台记者 王某：): the one who asks or narrates.
_OWN_REPORTER = ("本台", "本报", "本网", "本刊", "本社")
_QUESTIONER = re.compile(r"^(?:[\u4e00-\u9fffA-Za-z]{1,12}?)(?:记者|网友|主持人)$")
# 华西都市报, 中央电视台记者: an outlet (or its reporter, unnamed) asking in an interview's record.
_OUTLET = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,10}?(?:日报|晚报|早报|都市报|时报|商报|电视台|广播电台|通讯社|新闻社"
                     r"|新闻网|杂志|周刊|卫视|频道|总台|央视)(?:记者)?")
# 马春霞（某村党支部书记）：: a name, then the titles in brackets.
_NAME_THEN_TITLES = re.compile(r"(?P<name>[^\s（()）]{2,4})\s*[（(](?P<inner>[^（）()]{2,40})[）)]")
# A line opened by one of these is a photo caption, never a label (▲中共上海市委副书记、市长应勇).
_CAPTION_MARKS = frozenset("▲△■□●○◆◇★☆▶►※")
_CREDIT_TITLES = ("记者", "通讯员", "摄影", "摄影记者", "编辑", "实习生")
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;“”\"（）()《》]")


@dataclass(frozen=True)
class LabelPerson:
    """A person read from a label's body: the name's span and the titles around it."""

    name: str
    span: Span
    titles: tuple[str, ...]
    asks: bool = False  # named elsewhere as a reporter or programme host: the one who asks


@dataclass(frozen=True)
class Label:
    """The label that opens a paragraph, and where that paragraph's words begin."""

    start: int
    end: int  # end of the label, colon or closing bracket included
    content: int  # first character of the turn's words in the paragraph (== paragraph end if none)
    role: str  # "speaker", "question" or "answer"
    person: LabelPerson | None = None
    alone: bool = False  # the label is the whole line: the words follow in the next paragraphs


def _role_label(body: str) -> str | None:
    compact = re.sub(r"\s+", "", body)
    if compact in QUESTION_ROLES or _QUESTIONER.match(compact):
        return "question"
    if compact in ANSWER_ROLES:
        return "answer"
    return None


def _label_at(text: str, a: int, b: int, read_person: Callable[[int, int], LabelPerson | None],
              bare_line: bool) -> Label | None:
    """The label opening the paragraph ``text[a:b]``, if it has one."""
    found = _label_span(text, a, b, bare_line)
    if found is None:
        return None
    m, body_a, body_b = found
    end = m.end() if m else b
    content = end
    while content < b and text[content] in " \u3000\t":
        content += 1
    role = _role_label(text[body_a:body_b])
    if _ENDS_WITH_CUE.search(text, body_a, body_b) and role is None:
        return None  # 人大代表余某说：“……”: reported speech with a colon, not a label
    if _OUTLET.fullmatch(text, body_a, body_b):
        # 华西都市报：, and a line that is only an outlet's reporter (海州晚报记者): they ask.
        return Label(a, end, content, "question", None, content >= b)
    person, body_a, body_b = _label_body(text, body_a, body_b, read_person)
    if person is not None and person.asks:
        return Label(a, end, content, "question", None, content >= b)
    if person is None:
        return Label(a, end, content, role, None, content >= b) if role is not None and m is not None else None
    if m is None and (not person.titles or any(t.endswith(_CREDIT_TITLES) for t in person.titles)):
        return None  # a line of a name alone, or a byline (本报记者 王某)
    if any(t.startswith(_OWN_REPORTER) and t.endswith("记者") for t in person.titles):
        return Label(a, end, content, "question", None, content >= b)  # the outlet's own reporter
    if m is not None and _is_profile(text, content, b):
        return None  # 郁某：浙江某大学校长，…教授。 introduces the person; it is no turn
    return Label(a, end, content, "speaker", person, content >= b)


def _label_span(text: str, a: int, b: int, bare_line: bool) -> tuple[re.Match | None, int, int] | None:
    """Where a label's body lies in the paragraph ``text[a:b]``: before a colon, inside brackets,
    or (``bare_line``) the whole short line; the match of the colon or brackets, if any."""
    if b - a > 40 and text[a] not in "【[［〔" and _ANY_COLON.search(text, a, min(b, a + 62)) is None:
        return None  # the common case: a paragraph of prose
    stamp = _TIME_STAMP.match(text, a, b)
    if stamp is not None:
        a = stamp.end()  # [09:56] | [彭某] …: a live record's time before the label
    m = _BRACKET.match(text, a, b) or _COLON.match(text, a, b)
    if m is not None:
        return m, m.start("body"), m.end("body")
    if bare_line and b - a <= 40 and not _SENTENCE_PUNCT.search(text, a, b) and text[a] not in _CAPTION_MARKS \
            and not _FIELD.match(text, a, b):  # 主持人 教育部新闻发言人 续梅: a row of a table, a roster line
        return None, a, b
    return None


def _label_body(text: str, a: int, b: int, read_person: Callable[[int, int], LabelPerson | None]
                ) -> tuple[LabelPerson | None, int, int]:
    """The person a label's body names, and the body's bounds once marks and wrappers are off."""
    while a < b and text[a] in _CAPTION_MARKS:
        a += 1  # ■■全国政协委员，…馆长吴某：, a section's label set off by marks
    person = _name_then_titles(text, a, b, read_person)
    if person is None:
        a, b = _unwrap(text, a, b)
        person = read_person(a, b)
    return person, a, b


def _name_then_titles(text: str, a: int, b: int,
                      read_person: Callable[[int, int], LabelPerson | None]) -> LabelPerson | None:
    """马春霞（中庄镇某村支部书记）: a name, and its titles in brackets after it."""
    m = _NAME_THEN_TITLES.fullmatch(text, a, b)
    titles = split_titles(m.group("inner")) if m is not None else None
    if m is None or not titles:
        return None
    person = read_person(*m.span("name"))
    if person is None or person.titles:
        return None
    return LabelPerson(person.name, person.span, tuple(titles))


def _unwrap(text: str, a: int, b: int) -> tuple[int, int]:
    """主持人（省某厅宣教处处长杨某）: the bounds of the person inside the brackets after a role."""
    m = _WRAPPED.match(text, a, b)
    if m is None or m.end() != b:
        return a, b
    return m.start("inner"), m.end("inner")


def _is_profile(text: str, a: int, b: int) -> bool:
    """Whether a label's words are a list of the person's posts (a profile box), not speech."""
    first = _FIRST_SENTENCE.match(text, a, b)
    return first is not None and split_titles(first.group("body")) is not None


@dataclass(frozen=True)
class Layout:
    """The transcript structure of an article: labels and roster lines by paragraph index."""

    labels: dict[int, Label]
    #: Lines of titles and a name in a run (a list of presenters), each with its heading:
    #: the paragraph before the run (发布人：).
    roster: dict[int, tuple[LabelPerson, str]]

    @property
    def is_transcript(self) -> bool:
        """Turns run on over unlabelled paragraphs: two labels or more, or one alone on its line."""
        return len(self.labels) >= 2 or any(lab.alone and lab.person for lab in self.labels.values())


def find_labels(text: str, paragraphs: Sequence[tuple[int, int]],
                read_person: Callable[[int, int], LabelPerson | None]) -> Layout:
    """Labels and roster lines by paragraph index, for the paragraphs (start, end) of an article.

    A label without a colon (a short line of titles and a name) counts only when a paragraph
    follows that is no such line itself: a run of them is a roster, a last one a byline.
    """
    labels: dict[int, Label] = {}
    roster: dict[int, tuple[LabelPerson, str]] = {}
    found = [_label_at(text, a, b, read_person, True) for a, b in paragraphs]
    # Lines of titles and a name without a colon or brackets: labels, roster lines or bylines.
    bare = [lab if lab is not None and lab.end == b and not _COLON.match(text, a, b)
            and not _BRACKET.match(text, a, b) else None for lab, (a, b) in zip(found, paragraphs)]
    for i, (a, b) in enumerate(paragraphs):
        field = _FIELD.match(text, a, b)
        if field is not None and b - a <= 40:
            person = read_person(field.end(), b)
            if person is not None:
                roster[i] = (person, field.group(0).strip())
            continue
        own = bare[i]
        label = found[i] if own is None else None
        in_run = own is not None and ((i + 1 < len(paragraphs) and bare[i + 1] is not None)
                                      or (i > 0 and bare[i - 1] is not None))
        if label is None and own is not None and i + 1 < len(paragraphs) and bare[i + 1] is None:
            label = own
        if label is not None:
            labels[i] = label
        elif in_run and own is not None and own.person is not None:
            k = i
            while k > 0 and bare[k - 1] is not None:
                k -= 1
            heading = text[paragraphs[k - 1][0] : paragraphs[k - 1][1]] if k > 0 else ""
            roster[i] = (own.person, heading)
    _known_bare_labels(text, paragraphs, labels, roster)
    _split_labels(text, paragraphs, labels, roster, read_person)
    return Layout(labels, roster)


# A label set off only by spaces inside a long run of text (pages that join a transcript's
# lines: …读报纸。  陈某：我觉得……  刘某：你能否……), or a live record's time stamp ([09:56] | [彭某] …).
_TIME_STAMP = re.compile(r"[\[［【]\d{1,2}[:：]\d{2}(?:[:：]\d{2})?[\]］】]\s*[|｜]?\s*")
_SPACED_LABEL = re.compile(r"[ \u3000]+(?:(?P<body>[\u4e00-\u9fff·]{2,8})[：:]|(?P<stamp>[\[［【]\d{1,2}[:：]\d{2}))")


def spaced_turns(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraphs, with those that join a transcript's turns cut before each label.

    Only a long paragraph with two such labels or more is cut: one ``某某：`` after a space
    is just a colon. What is cut off is read as its own paragraph, label or not."""
    out: list[tuple[int, int]] = []
    for a, b in paragraphs:
        cuts = [m.start("body") if m.group("body") else m.start("stamp")
                for m in _SPACED_LABEL.finditer(text, a, b)] if b - a > 120 else []
        if len(cuts) < 2:
            out.append((a, b))
            continue
        starts = [a, *cuts]
        for x, y in zip(starts, [*cuts, b]):
            while y > x and text[y - 1] in " \u3000":
                y -= 1
            if y > x:
                out.append((x, y))
    return out


def _split_labels(text: str, paragraphs: Sequence[tuple[int, int]], labels: dict[int, Label],
                  roster: dict[int, tuple[LabelPerson, str]],
                  read_person: Callable[[int, int], LabelPerson | None]) -> None:
    """A label broken over lines, titles on one and the name alone on the next:

        国家卫生健康委新闻发言人、宣传司副司长
        米锋
        各位媒体朋友：……
    """
    for i in range(1, len(paragraphs) - 1):
        (pa, pb), (a, b) = paragraphs[i - 1], paragraphs[i]
        if i in labels or i in roster or i - 1 in labels or i - 1 in roster or b - a > 6 or pb - pa > 40:
            continue
        if _SENTENCE_PUNCT.search(text, pa, b) or split_titles(text[pa:pb].strip()) is None:
            continue
        person = read_person(pa, b)
        if person is not None and person.titles and person.span[0] >= a and not person.asks:
            labels[i] = Label(a, b, b, "speaker", person, True)


def _known_bare_labels(text: str, paragraphs: Sequence[tuple[int, int]], labels: dict[int, Label],
                       roster: dict[int, tuple[LabelPerson, str]]) -> None:
    """续梅：…, where a label or roster line with titles has named 续梅 before: a label too."""
    named = {lab.person.name for lab in labels.values() if lab.person and lab.person.titles}
    named |= {person.name for person, _ in roster.values()}
    for i, (a, b) in enumerate(paragraphs):
        m = None if i in labels else (_BRACKET.match(text, a, b) or _COLON.match(text, a, b))
        if m is None:
            continue
        body = re.sub(r"\s", "", text[m.start("body") : m.end("body")])
        if body in named:
            content = m.end()
            while content < b and text[content] in " \u3000\t":
                content += 1
            span = m.span("body")
            labels[i] = Label(a, m.end(), content, "speaker", LabelPerson(body, span, ()), content >= b)
