"""Speech constructions: an ordered table of named rules.

A *clause rule* looks at one clause of a sentence (sentences are cut at ；so that two
speakers in one sentence stay apart) and says who opens reported speech there, with the
spans of the source (who) and the cue (the speech verb and its frame). The first rule that
matches wins, so the order is part of the table: a named subject is tried before a pronoun,
and a subject that is named but does not speak blocks the pronoun rules (他 then means
someone else).

*Sequence rules* are applied by the reader (:mod:`.reader`) across sentences: a quotation
running on, a quotation whose speaker is named inside or right after it, and subjectless
sentences that continue the current speaker. They are listed here too, so that every
remark's ``rule`` names an entry of :data:`RULES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, NamedTuple

from .patterns import (
    ACTS,
    ATTRIBUTION_VERB,
    CUE,
    CUE_TAIL_BAD,
    CUES_WITH_LE,
    DEMONSTRATIVE,
    LEADING_CLAUSE,
    MID_PRONOUN,
    PRONOUN,
    RELATIVE,
    SEMICOLON,
    SPEECH,
    act_role,
    speech_act_at,
)
from .words import STRONG_CUES

if TYPE_CHECKING:
    from .names import Mention

__all__ = ["is_quotation", "Speech", "Attribution", "Clause", "Rule", "RULES", "CLAUSE_RULES", "speech_after",
           "first_person_subject", "clauses", "kind_after", "quote_balance", "attribution_verb"]

Span = tuple[int, int]


@dataclass(frozen=True)
class Speech:
    """A frame and cue matched at some position: 在致辞中表示, 强调, 告诉记者."""

    start: int
    end: int
    role: str | None  # the act named in the frame (在致辞中 → 致辞)
    bare: bool  # nothing follows the cue in the sentence: “……。”王某说。


@dataclass(frozen=True)
class Attribution:
    """Who speaks in a clause, by which rule, and the source and cue spans that say so."""

    name: str
    rule: str
    kind: str = "indirect"
    role: str | None = None
    cue: Span | None = None
    source: Span | None = None


class Clause(NamedTuple):
    """One clause as the rules see it: text, bounds, mentions, and who was last a subject.

    A named tuple rather than a dataclass: one is built for every clause of every article."""

    text: str
    start: int
    end: int
    mentions: list["Mention"]
    subject: "Mention | None"  # the person who opens the clause, if one does
    last_person: str | None  # antecedent for 他/她 and 这位…


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    find: Callable[[Clause], Attribution | None] | None = None  # None: a sequence rule


# ----------------------------------------------------------------------------- helpers


def speech_after(text: str, j: int, limit: int) -> Speech | None:
    """Frame + cue at ``j`` (在致辞中表示, 强调说, 告诉记者), or None; a space before it is
    allowed (人大代表 雷某 说：…)."""
    if j < limit and text[j] in " \u3000":
        j += 1
    m = SPEECH.match(text, j, limit)
    if not m:
        return None
    cue, end = m.group("cue"), m.end()
    nxt = text[end : end + 1]
    if nxt and nxt in CUE_TAIL_BAD and cue not in CUES_WITH_LE:
        return None
    if nxt and nxt not in "，,：:“\"。！？!?" and cue not in STRONG_CUES:
        return None
    role = None
    frame = m.group("frame") or m.group("frame2")
    if frame:
        am = ACTS.search(frame)
        if am and am.group("speak"):
            role = act_role(am.group("speak"))
    return Speech(j, end, role, not nxt or nxt in "。！？!?")


def kind_after(text: str, cue_end: int, limit: int) -> str:
    """``direct`` when a quotation opens right after the cue (说：“…), else ``indirect``."""
    j = cue_end
    if j < limit and text[j] in "：:，,":
        j += 1
    return "direct" if j < limit and text[j] in "“\"「" else "indirect"


def quote_balance(s: str) -> int:
    return s.count("“") + s.count("「") - s.count("”") - s.count("」")


_CLOSE = re.compile(r"[”」\"]")
# A sound-bite tag before a quotation in broadcast copy: 【录音】“……”, 【同期】“……”.
_TAG = re.compile(r"[【\[［](?:录音|同期|同期声|音频|视频|原声)[】\]］]\s*")
_AFTER_QUOTE = re.compile(r"^[，,。！？!?…—\s]*$")
# 结合自身经历，/ 主持座谈会，/ 上台发言，: a short clause of what the subject did before the act.
_CLAUSE_BEFORE_ACT = re.compile(r"[^，,。；;：:“”\"]{1,24}[，,]")
# 郑某喜出望外，“…… / 朴某代表在报告第10页“…”标上了重点号，“……”: the subject's words after a
# clause of what they did (short, or with only a quoted phrase inside).
_QUOTE_AFTER_SUBJECT = re.compile(r"(?:[^，,。；;：:“”\"]{1,12}|[^，,。；;：:\"]{13,60}?)[，,：:]\s*(?P<open>[“\"])")


def is_quotation(s: str) -> bool:
    """Whether a sentence is a quotation: it opens with a quotation mark (after a tag such as
    【录音】), and the quotation runs to the sentence's end, on into the next sentence, or is
    interrupted by its speaker (“……，”王某说，“……”). “旺角暴乱”的问题得到回应 quotes a term,
    not words, and “乱停车”“乱扔垃圾”等问题 lists quoted phrases."""
    tag = _TAG.match(s)
    if tag:
        s = s[tag.end() :]
    if not s or s[0] not in "“\"「":
        return False
    close = _CLOSE.search(s, 1)
    if close is None:
        return True  # runs on into the next sentence
    rest = s[close.end() :]
    if rest and rest[0] in "“\"":
        again = _CLOSE.search(rest, 1)
        return bool(_AFTER_QUOTE.match(rest[again.end():])) if again else False
    return bool(_AFTER_QUOTE.match(rest)) or close.start() > 0 and s[close.start() - 1] in "，,。！？!?" \
        or "“" in rest or "\"" in rest


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the ；-separated clauses of a sentence (each may open a new speaker)."""
    if SEMICOLON.search(text, start, end - 1) is None:
        return [(start, end)]
    cuts = [m.end() for m in SEMICOLON.finditer(text, start, end - 1)]
    bounds = [start, *cuts, end]
    return list(zip(bounds, bounds[1:]))


# What may stand before the subject of a clause: a quotation (“……”，包某以…为例), one or two
# short leading clauses (昨日，在…会上，), a time or sequence word (随后全国政协副主席…), or the
# agent marker of a passive frame (开幕式首先由…厅长张某致辞).
_OPENING = re.compile(
    r"(?:“[^”]{1,200}”[，,]?)?"
    r"(?:[^，,。；;：:！？!?]{1,40}?[，,]){0,2}"
    r"(?:随后|首先|接着|最后|同时|此外|另外|会上|会议上|期间|当天|今天|昨天|不过|但是|可是|而且|今年|去年|目前|如今|"
    r"春节|现在|当时|后来|于是|因此|为此|对此|此时|其中|[^，,。；;：:“”]{0,16}?由)?"
)


def first_person_subject(mentions, clause_start: int, text: str):
    """The mention that opens the clause, after whatever may stand before a subject."""
    for m in mentions:
        if m.head == clause_start:
            return m
        if m.head > clause_start:
            if _OPENING.fullmatch(text, clause_start, m.head):
                return m
            lead = LEADING_CLAUSE.match(text, clause_start)
            # 参加会议的…研究员裴某认为: a relative clause in front of the titles.
            rel = RELATIVE.match(text, lead.end() if lead and lead.end() < m.head else clause_start, m.head)
            if rel and rel.end() == m.head:
                return m
            # 据+name+介绍
            if text[clause_start] == "据" and m.head == clause_start + 1:
                return m
            # 受王某委托，李某…: a person inside a leading clause; the subject may follow it.
            continue
    return None


def attribution_verb(text: str, start: int, end: int) -> bool:
    """“……”常委会委员孙某率先发问。: a verb that says the person just quoted is the speaker."""
    return ATTRIBUTION_VERB.search(text, start, end) is not None


def _said(c: Clause, name: str, rule: str, sp: Speech, source: Span) -> Attribution:
    return Attribution(name, rule, kind_after(c.text, sp.end, c.end), sp.role, (sp.start, sp.end), source)


# ----------------------------------------------------------------------------- clause rules


def _subject_cue(c: Clause) -> Attribution | None:
    m = c.subject
    if m is None:
        return None
    sp = speech_after(c.text, m.tail, c.end)
    return _said(c, m.name, "subject-cue", sp, (m.start, m.end)) if sp else None


def _subject_then_cue(c: Clause) -> Attribution | None:
    # 陈某汇报了…情况，他介绍，… / 何某就…作了回答，表示…: the subject's own words after a comma.
    m = c.subject
    if m is None:
        return None
    for pm in MID_PRONOUN.finditer(c.text, m.tail, c.end):
        sp = speech_after(c.text, pm.end(), c.end)
        if sp:
            return _said(c, m.name, "subject-then-cue", sp, (m.start, m.end))
    # 樊某结合自身经历，动情地表达了… / 徐某主持座谈会，并代表…致以问候: a speech act after a
    # short clause of what the subject did.
    comma = _CLAUSE_BEFORE_ACT.match(c.text, m.tail, c.end)
    am = speech_act_at(c.text, comma.end(), c.end) if comma else None
    if am is not None:
        return Attribution(m.name, "subject-then-cue", "indirect", None, am.span("act"), (m.start, m.end))
    return None


def _subject_act(c: Clause) -> Attribution | None:
    # 王某对…表示热烈欢迎 / 王某给予了充分肯定 / 王某回顾了…: a speech act reported with its content.
    m = c.subject
    if m is None:
        return None
    am = speech_act_at(c.text, m.tail, c.end)
    if am is None:
        return None
    return Attribution(m.name, "subject-act", "indirect", None, am.span("act"), (m.start, m.end))


def _pronoun_act(c: Clause) -> Attribution | None:
    if c.subject is not None or not c.last_person or not _has_pronoun(c):
        return None
    for pos in _openings(c):
        pm = PRONOUN.match(c.text, pos, c.end)
        if not pm:
            continue
        am = speech_act_at(c.text, pm.end(), c.end)
        if am:
            return Attribution(c.last_person, "pronoun-act", "indirect", None, am.span("act"), pm.span())
    return None


def _subject_quote(c: Clause) -> Attribution | None:
    # 郑某喜出望外，“……” / 秦某觉得很欣慰，“……”: a quotation after its subject and a short
    # clause of manner, with no verb of saying between.
    m = c.subject
    if m is None:
        return None
    q = _QUOTE_AFTER_SUBJECT.match(c.text, m.tail, c.end)
    if q is None:
        return None
    return Attribution(m.name, "subject-quote", "direct", None, q.span("open"), (m.start, m.end))


_VIEW_BEFORE = re.compile(r"(?:在|正如|诚如|就像)$")
_VIEW_AFTER = re.compile(r"(?P<cue>看来|所言|所说|说的那样|所讲)[，,]")


def _view_frame(c: Clause) -> Attribution | None:
    # 在某研究员刘某看来，…… / 正如镇长谢某所言，……: the person framed as the view's holder.
    if not c.mentions or _VIEW_AFTER.search(c.text, c.start, c.end) is None:
        return None
    for m in c.mentions:
        if not c.start <= m.head < c.end:
            continue
        cue = _VIEW_AFTER.match(c.text, m.tail, c.end)
        if cue is not None and _VIEW_BEFORE.search(c.text, max(c.start, m.head - 2), m.head):
            return Attribution(m.name, "view-frame", "indirect", None, cue.span("cue"), (m.start, m.end))
    return None


def _openings(c: Clause) -> tuple[int, ...]:
    """Where a pronoun or description may open the clause: at its start or after a short lead."""
    lead = LEADING_CLAUSE.match(c.text, c.start, c.end)
    return (c.start, lead.end()) if lead else (c.start,)


def _has_pronoun(c: Clause) -> bool:
    return c.text.find("他", c.start, c.end) >= 0 or c.text.find("她", c.start, c.end) >= 0


def _pronoun_cue(c: Clause) -> Attribution | None:
    if c.subject is not None or not c.last_person or not _has_pronoun(c):
        return None
    for pos in _openings(c):
        pm = PRONOUN.match(c.text, pos, c.end)
        if pm is None:
            continue
        sp = speech_after(c.text, pm.end(), c.end)
        if sp:
            return _said(c, c.last_person, "pronoun-cue", sp, pm.span())
        # 他介绍了…，强调…: the speech after a comma, as for a named subject.
        for mid in MID_PRONOUN.finditer(c.text, pm.end(), c.end):
            sp = speech_after(c.text, mid.end(), c.end)
            if sp:
                return _said(c, c.last_person, "pronoun-cue", sp, pm.span())
    return None


def _description_cue(c: Clause) -> Attribution | None:
    # 这位从事调解工作18年的“老娘舅”说：…: a description standing for the person just
    # named, up to the first cue that opens speech.
    if c.subject is not None or not c.last_person or DEMONSTRATIVE.search(c.text, c.start, c.end) is None:
        return None
    text = c.text
    for pos in _openings(c):
        dm = DEMONSTRATIVE.match(text, pos, c.end)
        if not dm:
            continue
        for j in range(dm.end() + 1, min(c.end, dm.end() + 30)):
            if text[j - 1] in "，,。；;":
                break
            sp = speech_after(text, j, c.end) if CUE.match(text, j, c.end) else None
            if sp:
                return _said(c, c.last_person, "description-cue", sp, (dm.start(), j))
    return None


RULES: tuple[Rule, ...] = (
    Rule("subject-cue", "a named person (with titles, after a short leading clause) then a frame and a "
         "cue verb: 王某在致辞中表示，……", _subject_cue),
    Rule("subject-then-cue", "a named person acts, then speaks after a comma: 陈某汇报了情况，他介绍，……; "
         "or reports a speech act after a short clause: 徐某主持座谈会，并代表县委向…致以问候",
         _subject_then_cue),
    Rule("subject-act", "a named person then a speech act reported with its content: 王某对…表示热烈欢迎, "
         "王某给予了充分肯定, 王某回顾了……", _subject_act),
    Rule("subject-quote", "a named person, a short clause of manner, then a quotation: 郑某喜出望外，“……”",
         _subject_quote),
    Rule("view-frame", "a view framed by its holder: 在某研究员刘某看来，……; 正如镇长谢某所言，……", _view_frame),
    Rule("pronoun-cue", "他/她 then a cue verb, for the person last named as a subject: 他强调，……",
         _pronoun_cue),
    Rule("pronoun-act", "他/她 then a speech act with its content: 他回顾了……", _pronoun_act),
    Rule("description-cue", "a description (这位…) then a cue verb, for the person last named: "
         "这位“老娘舅”说：……", _description_cue),
    Rule("quote-speaker-inside", "a quotation whose speaker is named inside it: “……，”王某说，“……”"),
    Rule("quote-then-speaker", "a quotation (one or more sentences) attributed by the sentence right "
         "after it: “……。”王某说。"),
    Rule("quote-of-current-speaker", "a quotation right after the current speaker's words"),
    Rule("paraphrase-then-speaker", "a sentence of nobody's, followed by one that only names its speaker and "
         "cue: ……明年仍将延续。昨日，在见面会上，发言人赵某说。"),
    Rule("quote-after-introduction", "a quotation without a speaker of its own right after a sentence that "
         "introduces a person (features: 民警包某工作已经17年了。……【录音】“……”)"),
    Rule("quotation-runs-on", "the following sentences of a quotation opened in an attributed sentence, "
         "up to its closing mark (or the paragraph's end)"),
    Rule("act-then-speech", "a sentence without a subject that opens with a speech act or cue, right after "
         "one that says a single person spoke: 储某代表学院致辞。表达了……祝愿。"),
    Rule("continuation", "a sentence without a subject of its own (要……, 一是……) carries on the current "
         "speaker, within a paragraph or after a continuation opener"),
    Rule("clause-continuation", "a ；-clause without a speaker of its own in a sentence where "
         "another clause opened speech"),
    Rule("transcript-label", "a turn of a transcript or interview opened by its speaker's label: "
         "王某：……, 【王某】……, 问：/答："),
    Rule("transcript-turn", "the following paragraphs of a labelled turn, up to the next label"),
)
CLAUSE_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r.find is not None)


def attribute_clause(c: Clause) -> Attribution | None:
    """The first clause rule that finds a speaker in ``c``."""
    if c.subject is None and not c.last_person and not (c.mentions and _VIEW_AFTER.search(c.text, c.start, c.end)):
        return None  # nobody the clause could be about
    for rule in CLAUSE_RULES:
        assert rule.find is not None  # CLAUSE_RULES holds only the rules with a finder
        found = rule.find(c)
        if found is not None:
            return found
    return None
