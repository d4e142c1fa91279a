"""The corpus view as Markdown: the figures of the HTML page as tables, for reading in a terminal."""

from __future__ import annotations

__all__ = ["corpus_markdown"]


def _cell(value) -> str:
    return ("—" if value is None else str(value)).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return out + [""]


def _people(corpus) -> list[str]:
    out = [f"## People ({len(corpus.people)})", "",
           "Ranked by articles, then remark characters. Namesakes kept apart are labelled by what tells them apart.", ""]
    rows = [[p.id, p.label, "、".join(p.titles), len(p.articles), p.remark_chars, p.remark_sentences,
             "、".join(f"{t} {n}" for t, n in p.themes)] for p in corpus.people]
    out += _table(["id", "person", "titles", "articles", "remark chars", "remark sentences", "themes"], rows)
    split = [p for p in corpus.people if p.kept_apart or p.ambiguous]
    if split:
        out += ["### Namesakes kept apart", ""]
        # Each pair once, explained from the side of its first-listed person.
        pairs = {(p.id, other): why for p in split for other, why in p.kept_apart if p.id == min(p.id, other)}
        out += [f"- {a} {corpus.person(a).label} / {b} {corpus.person(b).label}: {why}"
                for (a, b), why in pairs.items()]
        out.append("")
    return out


def _periods(corpus) -> list[str]:
    out = [f"## Themes over time (by {corpus.period})", "",
           "Occurrences per 100 remark sentences (occurrences in brackets).", ""]
    rows = [[r.period, r.articles, r.remark_sentences]
            + [f"{'—' if v is None else f'{v:g}'} ({n})" for (_, n), (_, v) in zip(r.counts, r.per_100())]
            for r in corpus.periods]
    return out + _table(["period", "articles", "remark sentences", *corpus.themes], rows)


def _leading(corpus) -> list[str]:
    table = corpus.theme_by_person()
    out = [f"## Theme × person (top {len(table['people'])})", ""]
    rows = [[corpus.person(pid).label, *counts] for pid, counts in zip(table["people"], table["counts"])]
    out += _table(["person", *table["themes"]], rows)
    basis = "a background corpus" if corpus.idf_source == "background" else "every article read"
    out += [f"## Distinctive terms (IDF fitted on {basis}, {corpus.idf_documents} documents)", ""]
    out += [f"- **{corpus.person(pid).label}**: "
            + ("、".join(f"{t.term} ({t.weight:.2f})" for t in corpus.person(pid).distinctive_terms) or "—")
            for pid in corpus.top]
    return out + [""]


def corpus_markdown(corpus) -> str:
    """The corpus view (a :class:`~summarizer.corpus.Corpus`) as Markdown."""
    c = corpus.counts
    out = [f"# Corpus: {c.articles} articles, {len(corpus.people)} people", "",
           f"Read {', '.join(corpus.sources)}: {c.lines} analysed articles, {c.error_lines} error lines left out, "
           f"{c.outside_filters} left out by the filters; {c.undated} undated.", ""]
    out += _people(corpus) + _periods(corpus) + _leading(corpus)
    out += [f"## Articles ({len(corpus.articles)})", ""]
    rows = [[a.date or "undated", a.date_from, a.headline or a.id, a.source,
             "、".join(name for name, _, _ in a.speakers), a.id] for a in corpus.articles]
    out += _table(["date", "date from", "headline", "source", "speakers", "id"], rows)
    return "\n".join(out).rstrip() + "\n"
