"""What the corpus view returns: people, themes over time, articles, as frozen dataclasses.

``Corpus.to_dict()`` is the ``--format json`` output and the source of every figure on the
HTML page and in the Markdown view, so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..themes import TermWeight

__all__ = ["TitleSpell", "PersonMention", "ThemeUse", "CorpusPerson", "PeriodRow", "CorpusArticle",
           "CorpusFilters", "CorpusCounts", "Corpus"]


def _per_100(count: int, sentences: int) -> float | None:
    return round(100.0 * count / sentences, 2) if sentences else None


@dataclass(frozen=True)
class TitleSpell:
    """A stretch of a person's title history: one title chain, from its first to its last article."""

    titles: tuple[str, ...]
    first: str | None  # ISO date; None when every article of the spell is undated
    last: str | None
    articles: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"titles": list(self.titles), "first": self.first, "last": self.last, "articles": list(self.articles)}


@dataclass(frozen=True)
class PersonMention:
    """One article in which a person speaks, and why that mention was taken for this person."""

    article: str
    slot: int  # the speaker's number in the article (speaker-N on its page)
    date: str | None
    titles: tuple[str, ...]
    role: str | None
    remarks: int
    remark_chars: int
    why: str
    notes: tuple[str, ...] = ()  # how titles naming a unit by its level alone were read

    def to_dict(self) -> dict:
        return {"article": self.article, "speaker": self.slot, "date": self.date, "titles": list(self.titles),
                "role": self.role, "remarks": self.remarks, "remark_chars": self.remark_chars, "why": self.why,
                "title_readings": list(self.notes)}


@dataclass(frozen=True)
class ThemeUse:
    """How often a person used a theme, and the first and last dated article where they did."""

    theme: str
    count: int
    first: str | None
    last: str | None
    first_article: str | None
    last_article: str | None
    undated: int = 0  # uses in undated articles

    def to_dict(self) -> dict:
        return {"theme": self.theme, "count": self.count, "first": self.first, "last": self.last,
                "first_article": self.first_article, "last_article": self.last_article, "undated": self.undated}


@dataclass(frozen=True)
class CorpusPerson:
    """One person across the corpus."""

    id: str
    name: str
    label: str  # the name, with what tells namesakes apart
    titles: tuple[str, ...]  # every title held, in order of first use
    title_history: tuple[TitleSpell, ...]
    articles: tuple[str, ...]
    remarks: int
    remark_chars: int
    remark_sentences: int
    themes: tuple[tuple[str, int], ...]  # theme occurrences in their remarks, lexicon order, non-zero only
    theme_use: tuple[ThemeUse, ...]
    mentions: tuple[PersonMention, ...]
    kept_apart: tuple[tuple[str, str], ...] = ()  # (id of a namesake, why they are two people)
    ambiguous: bool = False
    distinctive_terms: tuple[TermWeight, ...] = ()

    def theme_count(self, theme: str) -> int:
        return dict(self.themes).get(theme, 0)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "label": self.label, "titles": list(self.titles),
            "title_history": [t.to_dict() for t in self.title_history], "articles": list(self.articles),
            "remarks": self.remarks, "remark_chars": self.remark_chars, "remark_sentences": self.remark_sentences,
            "themes": dict(self.themes), "theme_use": [u.to_dict() for u in self.theme_use],
            "mentions": [m.to_dict() for m in self.mentions],
            "kept_apart": [{"person": p, "why": why} for p, why in self.kept_apart],
            "ambiguous": self.ambiguous,
            "distinctive_terms": [t.to_dict() for t in self.distinctive_terms],
        }


@dataclass(frozen=True)
class PeriodRow:
    """Theme occurrences in one period, and the remark sentences they are normalised by."""

    period: str  # 2024-03, 2024-Q1, 2024, or "undated"
    start: str | None
    end: str | None
    articles: int
    remark_sentences: int
    counts: tuple[tuple[str, int], ...]  # every reported theme, in lexicon order

    def per_100(self) -> tuple[tuple[str, float | None], ...]:
        """Occurrences per 100 remark sentences (None for a period without remark sentences)."""
        return tuple((t, _per_100(n, self.remark_sentences)) for t, n in self.counts)

    def to_dict(self) -> dict:
        return {"period": self.period, "start": self.start, "end": self.end, "articles": self.articles,
                "remark_sentences": self.remark_sentences, "counts": dict(self.counts),
                "per_100_sentences": dict(self.per_100())}


@dataclass(frozen=True)
class CorpusArticle:
    """One article of the report."""

    id: str
    where: str  # FILE:LINE of its batch line
    date: str | None
    date_from: str | None  # see summarizer.article.PUBLISHED_FROM
    published: str | None
    headline: str | None
    source: str | None
    speakers: tuple[tuple[str, str | None, int], ...]  # (name, person id or None when filtered out, slot)
    remark_sentences: int
    themes: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "where": self.where, "date": self.date, "date_from": self.date_from,
                "published": self.published, "headline": self.headline, "source": self.source,
                "speakers": [{"name": n, "person": p, "speaker": s} for n, p, s in self.speakers],
                "remark_sentences": self.remark_sentences, "themes": dict(self.themes)}


@dataclass(frozen=True)
class CorpusFilters:
    since: str | None = None  # ISO date, inclusive
    until: str | None = None
    people: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"since": self.since, "until": self.until, "person": list(self.people), "theme": list(self.themes)}


@dataclass(frozen=True)
class CorpusCounts:
    """What was read and what the filters left out."""

    lines: int  # analysis lines read
    error_lines: int  # error lines of the batch (articles that failed), left out
    articles: int  # articles in the report
    undated: int  # of those, without a date
    outside_filters: int  # articles read but left out by --since/--until/--person/--theme

    def to_dict(self) -> dict:
        return {"lines": self.lines, "error_lines": self.error_lines, "articles": self.articles,
                "undated": self.undated, "outside_filters": self.outside_filters}


@dataclass(frozen=True)
class Corpus:
    """The corpus view: people, themes over time, the leading people's themes and terms, articles."""

    sources: tuple[str, ...]
    period: str
    themes: tuple[str, ...]
    people: tuple[CorpusPerson, ...]  # ranked: most articles, then most remark characters
    periods: tuple[PeriodRow, ...]
    articles: tuple[CorpusArticle, ...]  # by date, undated last
    top: tuple[str, ...]  # ids of the leading people with remarks (theme × person, distinctive terms)
    filters: CorpusFilters
    counts: CorpusCounts
    idf_source: str  # "corpus" or "background"
    idf_documents: int

    def person(self, pid: str) -> CorpusPerson:
        for p in self.people:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def theme_by_person(self) -> dict:
        """Theme occurrences of the leading people, raw and per 100 of their remark sentences."""
        rows = [self.person(pid) for pid in self.top]
        return {
            "people": list(self.top),
            "themes": list(self.themes),
            "counts": [[p.theme_count(t) for t in self.themes] for p in rows],
            "per_100_sentences": [[_per_100(p.theme_count(t), p.remark_sentences) for t in self.themes]
                                  for p in rows],
        }

    def to_dict(self) -> dict:
        return {
            "sources": list(self.sources),
            "period": self.period,
            "filters": self.filters.to_dict(),
            "counts": self.counts.to_dict(),
            "themes": list(self.themes),
            "people": [p.to_dict() for p in self.people],
            "themes_by_period": [r.to_dict() for r in self.periods],
            "theme_by_person": self.theme_by_person(),
            "idf": {"fitted_on": self.idf_source, "documents": self.idf_documents},
            "articles": [a.to_dict() for a in self.articles],
        }
