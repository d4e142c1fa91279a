"""What segmentation returns: speakers, their remarks, and who else is named.

Every record is a frozen dataclass with ``to_dict()``. A :class:`Remark` carries, besides its
text and offsets, why it was given to its speaker, in the terms of PARC-style attribution:
the *source* (the span naming the speaker: a name, a pronoun, a transcript label), the *cue*
(the span of the speech verb or construction: 表示, 在致辞中指出, a colon after a label) and
the *rule* of :mod:`.rules` that made the attribution. A remark carried on from an earlier
sentence (continuation, a quotation running on) has no cue or source of its own; its rule
says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..article import Article
from ..errors import InputError
from ..records import Record

__all__ = ["Remark", "Speaker", "Person", "Segmentation"]

Span = tuple[int, int]


def _span(s: Span | None) -> list[int] | None:
    return None if s is None else [s[0], s[1]]


@dataclass(frozen=True)
class Remark:
    """One stretch of reported (indirect) or quoted (direct) speech, with offsets into the text."""

    text: str
    start: int
    end: int
    kind: str  # "indirect" or "direct"
    #: The simplified-Chinese form used for matching, when the article was traditional.
    normalized: str | None = None
    #: Name of the rule that attributed this remark (see ``summarizer.segment.RULES``).
    rule: str | None = None
    #: Offsets of the speech cue (表示, 在致辞中指出, a label's colon), when this sentence has one.
    cue: Span | None = None
    #: Offsets of the mention that names the speaker (name, pronoun, label), when in this sentence.
    source: Span | None = None

    def to_dict(self) -> dict:
        d: dict = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}
        if self.normalized is not None:
            d["normalized"] = self.normalized
        if self.rule is not None:
            d["rule"] = self.rule
            d["cue"] = _span(self.cue)
            d["source"] = _span(self.source)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Remark":
        cue, source = d.get("cue"), d.get("source")
        return cls(d["text"], d["start"], d["end"], d["kind"], d.get("normalized"), d.get("rule"),
                   tuple(cue) if cue else None, tuple(source) if source else None)


@dataclass(frozen=True)
class Speaker(Record):
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

    @classmethod
    def from_dict(cls, d: dict) -> "Speaker":
        return cls(d["name"], tuple(d.get("titles") or ()), d.get("role"),
                   tuple(Remark.from_dict(r) for r in d["remarks"]))


@dataclass(frozen=True)
class Person(Record):
    """A named person who is not a speaker: reporter, photographer, editor or participant."""

    name: str
    role: str
    titles: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> "Person":
        return cls(d["name"], d["role"], tuple(d.get("titles") or ()))


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

    @classmethod
    def from_dict(cls, d: dict, name: str = "<input>") -> "Segmentation":
        """Rebuild a segmentation from ``to_dict(include_text=True)`` (or a batch output line).

        Every remark's offsets must point at its text, so a line that was edited or belongs
        to another text is refused rather than used wrongly.
        """
        try:
            text = d["text"]
            article = Article(text, d.get("headline"), d.get("published"), d.get("source"), d.get("dateline"))
            speakers = tuple(Speaker.from_dict(s) for s in d["speakers"])
            others = tuple(Person.from_dict(o) for o in d.get("others", ()))
        except (KeyError, TypeError) as e:
            raise InputError(f"{name}: not an analysis line (missing or malformed {e})") from None
        for sp in speakers:
            for r in sp.remarks:
                if text[r.start : r.end] != r.text:
                    raise InputError(f"{name}: remark of {sp.name} at {r.start}-{r.end} does not match the text")
        return cls(article, speakers, others, d.get("script", "simplified"))
