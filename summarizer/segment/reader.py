"""Attribution and continuation: one article read sentence by sentence.

The reader keeps the state that runs across sentences — whose speech is running, whose
quotation is still open, who was last named as a subject (the antecedent of 他/她) — and
applies the rules of :mod:`.rules` to each sentence in turn:

1. an open quotation takes the sentence (it ends at its closing mark, or with its paragraph
   unless the next paragraph opens with a quotation mark);
2. a clause rule may open reported speech in each ；-clause;
3. a sentence that opens with a quotation mark is a quotation: attributed inside it, by the
   sentence right after it, or to the current speaker;
4. rosters give speakers without words (A、B分别致辞) and silent acts mark attendees;
5. a sentence without a subject of its own continues the current speaker, within a paragraph,
   or across a paragraph break when it opens like a continuation (要……, 一是……).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from ..article import Article
from ..text import Sentence, split_sentences
from .names import Mention, People
from .patterns import (
    ACTS,
    CONTINUATION,
    CREDIT_LINE,
    END_MARK,
    HAN_RE,
    NARRATION,
    PRONOUN,
    SURNAME_CHAR,
    act_role,
    speech_act_at,
)
from .records import Person, Remark, Segmentation, Speaker
from .rules import (
    Attribution,
    Clause,
    attribute_clause,
    attribution_verb,
    clauses,
    first_person_subject,
    is_quotation,
    quote_balance,
    speech_after,
)
from .tagger import Tagger
from .transcript import PRESENTER_HEADING, Label, find_labels, spaced_turns

__all__ = ["Reader"]

_QUOTE_OPEN = "“\"「"
_ACT_RULES = frozenset(("subject-act", "pronoun-act"))
_MODIFIER = re.compile(r"(?:率领|带领|率|带队|领衔|陪同)的")
_BARE_END = re.compile(r"[。！!]?")
_SPACE_BREAK = re.compile(r"[ \u3000]+")
# Words of someone addressing an audience, not narrating: 我们, 大家, 各位, 您.
_ADDRESS = re.compile(r"我|咱们|大家|各位|你们|您")


def _opens_with_speech(text: str, start: int, end: int) -> bool:
    """表达了…祝愿 / 强调，… / 希望大家…: a sentence that begins with a speech act or a cue."""
    return speech_act_at(text, start, end) is not None or speech_after(text, start, end) is not None


def _addresses(sentence: str) -> bool:
    return _ADDRESS.search(sentence) is not None and NARRATION.match(sentence) is None


@dataclass
class _State:
    """Where the reading of an article stands between one sentence and the next."""

    cur: str | None = None  # whose reported speech is running
    chain: bool = False  # the previous sentence was cur's
    last_person: str | None = None  # antecedent for 他/她
    quote_owner: str | None = None  # whose quotation is still open
    skip_to: int = -1  # sentences up to here were attributed with a quotation already
    turn: Label | None = None  # the transcript label whose turn is running
    act_speaker: str | None = None  # the one person a sentence said spoke (致辞, 讲话)…
    act_at: int = -9  # …and that sentence
    last_at: int = -9  # the sentence that last named a subject


class _At(NamedTuple):
    """One sentence of the loop and where it stands in the layout."""

    idx: int  # its number in the article
    pi: int  # its paragraph's number
    s: Sentence
    new_para: bool  # the first sentence of its paragraph
    spaced: bool  # set apart from the one before by spaces (a page that joins paragraphs)


class Reader:
    """Reads one article; all state lives here, per call."""

    def __init__(self, article: Article, tagger: Tagger | None = None, tag_cache: dict | None = None):
        self.a = article
        self.text = article.text
        self.people = People(self.text, tagger, {} if tag_cache is None else tag_cache, self._speaks_at)
        self.remarks: dict[str, list[Remark]] = {}
        self.paras = spaced_turns(self.text, [(p.start, p.end) for p in article.paragraphs])
        self.layout = find_labels(self.text, self.paras, self.people.label_person)
        self.labels: dict[int, Label] = self.layout.labels
        for label in self.labels.values():
            # A person a label names is known from the start, so narration before the first
            # turn (由新闻发言人袭某主持) finds them even under a surname the name list lacks.
            if label.person is not None and label.role == "speaker":
                self.people.register(label.person.name, label.person.span[0], label.person.titles)
        self.transcript = self.layout.is_transcript
        self.turns: list[tuple[str, list[str]]] = []  # (speaker, sentences) of each named turn

    def _speaks_at(self, j: int, limit: int) -> bool:
        """Whether speech opens at ``j`` (a cue, or a speech act with its content): what makes
        a bare candidate right before it a person."""
        return speech_after(self.text, j, limit) is not None or speech_act_at(self.text, j, limit) is not None

    def mentions(self, s_start: int, s_end: int) -> list[Mention]:
        ms = self.people.mentions(s_start, s_end)
        for m in ms:
            self.people.register(m.name, m.start, m.titles, m.title_after)
        return ms

    def _add(self, name: str, start: int, end: int, kind: str, rule: str,
             found: Attribution | None = None) -> None:
        self.people[name].spoke = True
        cue = found.cue if found else None
        source = found.source if found else None
        self.remarks.setdefault(name, []).append(
            Remark(self.text[start:end], start, end, kind, rule=rule, cue=cue, source=source))

    def _clause(self, mentions, cs: int, ce: int, last_person: str | None) -> Attribution | None:
        subject = first_person_subject(mentions, cs, self.text)
        return attribute_clause(Clause(self.text, cs, ce, mentions, subject, last_person))

    def _attribution_sentence(self, s_start: int, s_end: int, last_person) -> Attribution | None:
        """Who a sentence right after a quotation names as its speaker: 王某说。/ 他表示，…"""
        ms = self.mentions(s_start, s_end)
        found = self._clause(ms, s_start, s_end, last_person)
        if found and found.rule not in _ACT_RULES:
            # A speech act (王某对这个问题给予了否定) answers a quotation; it does not say it.
            return found
        # “……”常委会委员孙某率先发问。/ …院长贺某在主旨演讲中开门见山。: no cue verb, but
        # the sentence says the person named is the one who just spoke.
        m = first_person_subject(ms, s_start, self.text)
        if m is not None and attribution_verb(self.text, m.tail, min(s_end, m.tail + 24)):
            return Attribution(m.name, "quote-then-speaker", source=(m.start, m.end))
        return None

    # -- the sentence loop

    def read(self) -> None:
        text = self.text
        sents = [(pi, s) for pi, (a, b) in enumerate(self.paras) for s in split_sentences(text, a, b)]
        st = _State()
        prev_pi = -1
        for idx, (pi, s) in enumerate(sents):
            new_para, prev_pi = pi != prev_pi, pi
            # Pages that join paragraphs with spaces (…敞亮了！” 像秦某一样…): a break all the same
            # for carrying speech on, though not for labels and rosters, which are per line.
            spaced = idx > 0 and not new_para and bool(_SPACE_BREAK.fullmatch(text, sents[idx - 1][1].end, s.start))
            if idx <= st.skip_to:
                continue
            at = _At(idx, pi, s, new_para, spaced)
            if self._layout_step(st, at) or self._open_quote_step(st, at):
                continue
            ms = self.mentions(s.start, s.end)
            if self._opens_with_someone_unknown(s, ms):
                # 苏院长首先…。他说，…: 他 is whoever 苏院长 is, not the person named before.
                st.last_person, st.chain = None, False
            if not (self._reported_step(st, at, ms, sents) or self._quotation_step(st, at, ms, sents)):
                self._narration_step(st, at, ms)

    def _opens_with_someone_unknown(self, s, ms) -> bool:
        """Whether the sentence's subject is a person the segmenter could not name: a short
        form nobody was introduced with (苏院长), or a foreign name in Latin letters (Maurer校长)."""
        m = _UNKNOWN_SUBJECT.match(self.text, s.start, s.end)
        if m is None or not (SURNAME_CHAR.match(self.text, m.start("who")) or self.text[m.start("who")].isascii()):
            return False
        return not any(x.head <= m.start("who") < x.end for x in ms)

    def _layout_step(self, st: _State, at: _At) -> bool:
        """Transcript turns and roster lines, which the page's layout decides."""
        # A label alone on its line opens a turn that runs to the next label; a label with
        # its words on the same line (王某：……) holds its paragraph, and further ones only
        # while they still address the audience (我们…, 大家…): reports set such quotes
        # between paragraphs of their own narration.
        turn = st.turn
        if at.new_para and (at.pi in self.labels or not self.transcript
                            or (turn is not None and not turn.alone and not _addresses(at.s.text))):
            st.turn = self._open_turn(self.labels.get(at.pi))
            if st.turn is not None:
                st.cur, st.chain, st.quote_owner = None, False, None
        if st.turn is not None:
            self._turn_sentence(st.turn, at.pi, at.s)
            return True
        if at.new_para and at.pi in self.layout.roster:
            self._roster_line(*self.layout.roster[at.pi])
            return True
        return False

    def _open_quote_step(self, st: _State, at: _At) -> bool:
        """A quotation still open from an earlier sentence, and the end marks of a report."""
        s = at.s
        if st.quote_owner and at.new_para and s.text[0] not in _QUOTE_OPEN:
            # An unclosed quotation ends with its paragraph; only a paragraph that opens
            # with a quotation mark carries it on (quotes over several paragraphs).
            st.quote_owner = None
        if st.quote_owner:
            self._add(st.quote_owner, s.start, s.end, "direct", "quotation-runs-on")
            if quote_balance(s.text) < 0 or s.text.endswith(("”", "\"")):
                st.quote_owner = None
            st.chain = True
            return True
        if END_MARK.match(s.text):
            st.chain = False
            return True
        return False

    def _reported_step(self, st: _State, at: _At, ms: list[Mention], sents) -> bool:
        """1. Reported speech opened in this sentence (possibly one per ；-clause)."""
        s = at.s
        spans = clauses(self.text, s.start, s.end)
        found = [self._clause(ms, cs, ce, st.last_person) for cs, ce in spans]
        if not any(found):
            return False
        self._paraphrase_before(sents, at.idx, found[0])
        holder = self._clauses(spans, found, st.cur if st.chain else None)
        st.cur, st.chain, st.last_person = holder, True, holder
        if quote_balance(s.text) > 0:
            st.quote_owner = holder
        return True

    def _quotation_step(self, st: _State, at: _At, ms: list[Mention], sents) -> bool:
        """2. A quotation: attributed inside (“……，”王某说，“……”), by the next sentence
        (“……。”王某说。), or carrying on the current speaker's words."""
        if not is_quotation(at.s.text):
            return False
        introduced = st.last_person if at.idx - st.last_at <= 2 else None
        done = self._quotation(sents, at.idx, ms, st.last_person, st.cur if st.chain else None, introduced)
        if done is None:
            return False
        owner, st.skip_to, rule = done
        # A sound bite after an introduction does not make the narration after it speech.
        st.cur, st.chain, st.last_person = owner, rule != "quote-after-introduction", owner
        return True

    def _narration_step(self, st: _State, at: _At, ms: list[Mention]) -> None:
        """3. Acts (rosters of speakers: 分别致辞, 主持, 交流发言; silent acts), then
        4. the continuation of the running speech."""
        text, s, idx = self.text, at.s, at.idx
        subject = first_person_subject(ms, s.start, text)
        if subject is None and st.act_speaker and st.act_at == idx - 1 and not (st.cur and st.chain) and not ms \
                and _opens_with_speech(text, s.start, s.end):
            # 储某代表学院致辞。表达了……祝愿。: what the one who just spoke said.
            self._add(st.act_speaker, s.start, s.end, "indirect", "act-then-speech")
            st.cur, st.chain = st.act_speaker, True
            return
        acted = self._acts(ms, s.start, s.end)
        st.act_speaker, st.act_at = (acted[0], idx) if acted and len(acted) == 1 else (None, -9)
        if subject is not None:
            st.last_person, st.last_at = subject.name, idx
        others = any(m.name != st.cur for m in ms)
        if st.cur and st.chain and subject is None and acted is None and not others \
                and self._continues(s.text, at.new_para or at.spaced):
            self._add(st.cur, s.start, s.end, "indirect", "continuation")
            return
        st.chain = False

    # -- transcripts

    def _open_turn(self, label: Label | None) -> Label | None:
        if label is None:
            return None
        if label.person is not None:
            p = label.person
            self.people.register(p.name, p.span[0], p.titles)
            self.turns.append((p.name, []))
        elif label.role == "answer" and (answerer := self._answerer()) is not None:
            self.turns.append((answerer, []))
        else:
            self.turns.append(("", []))  # a question or an unnamed host: nobody's words
        return label

    def _roster_line(self, person, heading: str) -> None:
        """A line of a list of people (阚全程 省…主任); under 发布人： they are presenters."""
        p = self.people.register(person.name, person.span[0], person.titles)
        if PRESENTER_HEADING.search(heading):
            p.spoke = True
            p.roles.append("主持" if heading.startswith("主持") else "发布")

    def _answerer(self) -> str | None:
        """Who answers 答： turns: the one person introduced as answering (答记者问, 接受采访)."""
        found = [p.name for p in self.people.values() if "答问" in p.roles]
        return found[0] if len(found) == 1 else None

    def _turn_sentence(self, label: Label, pi: int, s) -> None:
        # The label's own titles are read by the label; mentions begin after it.
        ms = self.mentions(max(s.start, label.content) if self.labels.get(pi) is label else s.start, s.end)
        name, said = self.turns[-1]
        if name:
            self._introduced_guests(ms)
        if not name or s.end <= label.content or CREDIT_LINE.match(s.text):
            return  # a question, an unnamed host, the label standing alone, or the credits
        first = not said and self.labels.get(pi) is label
        found = None
        if first and label.person is not None:
            found = Attribution(name, "transcript-label", cue=(label.start, label.end), source=label.person.span)
        self._add(name, s.start, s.end, "direct", "transcript-label" if first else "transcript-turn", found)
        said.append(s.text)

    def _introduced_guests(self, mentions) -> None:
        """我们请来了：教育部…司副司长刘某先生；…: guests a host introduces with their posts
        take part in the conference, whether or not the record reaches their answers."""
        for m in mentions:
            if m.titles and self.text.startswith(_COURTESY_AFTER, m.end):
                p = self.people[m.name]
                if not p.spoke:
                    p.spoke = True
                    p.roles.append("答问")

    def _demote_interviewers(self) -> None:
        """A labelled person whose every turn asks a question, while another answers, is the
        interviewer: not a speaker, and their questions nobody's remarks."""
        asks: dict[str, bool] = {}
        for name, said in self.turns:
            if name and said:
                asks[name] = asks.get(name, True) and said[-1].rstrip("”\"").endswith(("？", "?"))
        if len(asks) < 2 or all(asks.values()):
            return
        for name, only_questions in asks.items():
            if only_questions and name in self.people.people:
                p = self.people[name]
                p.spoke = False
                p.silent.append("提问")
                self.remarks.pop(name, None)

    def _clauses(self, spans, found: list[Attribution | None], holder: str | None) -> str | None:
        """Add the clauses of a sentence in which some clause opened speech; the last holder."""
        for (cs, ce), own in zip(spans, found):
            if own:
                holder = own.name
                if own.role:
                    self.people[holder].roles.append(own.role)
                self._add(holder, cs, ce, own.kind, own.rule, own)
            elif holder is not None:
                self._add(holder, cs, ce, "indirect", "clause-continuation")
        return holder

    def _quotation(self, sents, idx: int, ms, last_person, current,
                   introduced: str | None = None) -> tuple[str, int, str] | None:
        """Attribute the quotation opening at sentence ``idx``; (owner, last sentence) or None."""
        text = self.text
        pi, s = sents[idx]
        found = None
        for m in ms:
            if m.head > s.start and text[m.head - 1] in "”\"」":
                sp = speech_after(text, m.tail, s.end)
                if sp:
                    found = Attribution(m.name, "quote-speaker-inside", "direct", sp.role, (sp.start, sp.end),
                                        (m.start, m.end))
                    break
        # The quotation may run over several sentences; its attribution, if any, is the
        # sentence right after it (“……。……。”王某说。).
        last, bal = idx, quote_balance(s.text)
        while bal > 0 and last + 1 < len(sents) and sents[last + 1][0] == pi:
            last += 1
            bal += quote_balance(sents[last][1].text)
        if found is None and last + 1 < len(sents) and self._attribution_follows(sents, idx, last):
            n = sents[last + 1][1]
            after = self._attribution_sentence(n.start, n.end, last_person)
            # A next paragraph that opens a quotation of its own answers this one; it does not
            # attribute it (“……”。 / 在听完胡某的建议后，夏某说，“……”).
            if after is not None and (sents[last + 1][0] == pi or not _QUOTE_OPEN_RE.search(
                    self.text, after.source[1] if after.source else n.start, n.end)):
                found = Attribution(after.name, "quote-then-speaker", "direct", after.role, after.cue, after.source)
        if found is None and current:
            found = Attribution(current, "quote-of-current-speaker", "direct")
        if found is None and introduced and sents[idx - 1][0] == pi:
            found = Attribution(introduced, "quote-after-introduction", "direct")
        if found is None:
            return None
        for k, (_, q) in enumerate(sents[idx : last + 1]):
            # The spans of the attribution sentence belong to the sentence that holds them.
            self._add(found.name, q.start, q.end, "direct", found.rule, found if k == 0 else None)
        return found.name, last, found.rule

    def _paraphrase_before(self, sents, idx: int, found: Attribution | None) -> None:
        """……仍将延续。昨日，在见面会上，发言人赵某说。: a sentence that ends on its speaker and
        cue, saying nothing itself, attributes the sentence before it (same paragraph, nobody's)."""
        if found is None or found.cue is None or idx == 0 or found.rule != "subject-cue":
            return
        pi, s = sents[idx]
        if not _BARE_END.fullmatch(self.text, found.cue[1], s.end):
            return
        ppi, prev = sents[idx - 1]
        taken = any(r.start == prev.start for rs in self.remarks.values() for r in rs)
        if ppi == pi and not taken and not is_quotation(prev.text):
            self._add(found.name, prev.start, prev.end, "indirect", "paraphrase-then-speaker")

    def _attribution_follows(self, sents, first: int, last: int) -> bool:
        """Whether the sentence after a quotation may name its speaker: in the same paragraph,
        or opening the next one when the quotation is a paragraph of its own."""
        pi = sents[first][0]
        if sents[last + 1][0] == pi:
            return True
        para_start, para_end = self.paras[pi]
        return sents[first][1].start == para_start and sents[last][1].end == para_end \
            and sents[last + 1][0] == pi + 1

    def _continues(self, t: str, new_para: bool) -> bool:
        narr = NARRATION.match(t) or PRONOUN.match(t) or t.startswith(("他们", "她们")) or not HAN_RE.search(t) \
            or CREDIT_LINE.match(t)
        return not narr and (not new_para or CONTINUATION.match(t) is not None)

    # -- rosters and acts

    def _acts(self, mentions, s_start: int, s_end: int) -> list[str] | None:
        """Give each listed person the act that follows them; who got a speaking act ([] when
        only silent acts applied, None when no act did).

        Mentions and acts are both in text order, so each lookup is a binary search: the
        cost stays linear however many names and acts one (unpunctuated) sentence holds.
        """
        if not mentions:
            return None
        text = self.text
        heads = [m.head for m in mentions]
        # An act word inside a title (二级调研员) is no act.
        acts = [a for a in ACTS.finditer(text, s_start, s_end) if not _inside_mention(mentions, heads, a.start())]
        if not acts:
            return None
        act_starts = [a.start() for a in acts]
        starts = [m.start for m in mentions]
        applied: list[str] | None = None
        for m in mentions:
            k = bisect_left(act_starts, m.end)
            if k == len(acts) or _MODIFIER.match(text, m.tail):
                continue  # 王某率领的考察团: a person inside another's object does not act
            first = acts[k]
            j = bisect_right(starts, first.start())
            nxt = starts[j] if j < len(starts) else s_end
            speak = next((a for a in acts[k : bisect_left(act_starts, nxt)] if a.group("speak")), None)
            p = self.people[m.name]
            applied = applied if applied is not None else []
            if speak is not None:
                p.roles.append(act_role(speak.group("speak")))
                p.spoke = True
                applied.append(m.name)
            else:
                p.silent.append(first.group("silent"))
        return applied

    # -- result

    def result(self) -> Segmentation:
        self._demote_interviewers()
        speakers, others = [], []
        for p in sorted(self.people.values(), key=lambda p: p.first):
            if p.spoke:
                role = next(iter(p.roles), None)
                remarks = tuple(sorted(self.remarks.get(p.name, ()), key=lambda r: r.start))
                speakers.append(Speaker(p.name, p.all_titles(), role, remarks))
            elif p.silent:
                others.append(Person(p.name, p.silent[0], p.all_titles()))
        for c in self.a.credits:
            if not any(o.name == c.name and o.role == c.role for o in others):
                others.append(Person(c.name, c.role))
        return Segmentation(self.a, tuple(speakers), tuple(others))


# A sentence's opening person, after an optional adverb or short leading clause: a surname and
# up to two more characters, or a Latin name, right before a title word.
_UNKNOWN_SUBJECT = re.compile(r"(?:[^，,。；;：:“”]{1,16}[，,])?(?:首先|随后|接着|最后|同时)?"
                              r"(?P<who>[\u4e00-\u9fff]{1,3}?|[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)"
                              r"(?=副?(?:院长|校长|主席|书记|主任|部长|局长|厅长|市长|县长|区长|会长|理事长|委员|代表|教授|总理|省长))")
_COURTESY_AFTER = ("先生", "女士")
_QUOTE_OPEN_RE = re.compile(f"[{_QUOTE_OPEN}]")


def _inside_mention(mentions, heads: list[int], pos: int) -> bool:
    """Whether ``pos`` lies within a mention, its title chain included (mentions in order)."""
    k = bisect_right(heads, pos) - 1
    return any(mentions[j].head <= pos < mentions[j].end for j in (k, k - 1) if j >= 0)
