"""Output stage: turn results into Markdown or JSON for people and programs.

Formatting lives here, apart from the analysis, so the command line, the library and the
evaluation script print the same thing. JSON keeps Chinese readable (ensure_ascii=False).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = [
    "to_json",
    "segmentation_markdown",
    "summary_markdown",
    "comparison_markdown",
    "write_comparison_csv",
    "analysis_markdown",
]


def to_json(obj: Any, indent: int | None = 2) -> str:
    """JSON with Chinese left readable; dataclass results are converted via ``to_dict``."""
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _why(text: str, r) -> str:
    """How a remark was attributed: its rule, and the source and cue it names, as written."""
    parts = [f"rule `{r.rule}`"]
    if r.source:
        parts.append(f"source 「{text[r.source[0]:r.source[1]]}」")
    if r.cue:
        parts.append(f"cue 「{text[r.cue[0]:r.cue[1]]}」")
    return "  - " + " · ".join(parts)


def segmentation_markdown(seg, title: str | None = None, explain: bool = False) -> str:
    """A readable view of one segmentation: speakers, titles, role and their remarks.

    With ``explain``, each remark is followed by the rule that attributed it and the source
    (who) and cue (the speech verb or label) it was read from.
    """
    a = seg.article
    out = [f"# {title or a.headline or '(untitled)'}", ""]
    meta = [x for x in (a.published, a.source and f"来源: {a.source}", a.dateline) if x]
    if meta:
        out += [" · ".join(meta), ""]
    with_words = sum(1 for s in seg.speakers if s.remarks)
    if not seg.speakers:
        out += ["No speakers found: the article reports nobody speaking.", ""]
    else:
        n = len(seg.speakers)
        out += [f"{n} speaker{'s' if n != 1 else ''}, {with_words} with reported words.", ""]
    for i, s in enumerate(seg.speakers, 1):
        titles = "、".join(s.titles) if s.titles else "—"
        role = f" ({s.role})" if s.role else ""
        out.append(f"## {i}. {s.name}{role}")
        out.append(f"*{titles}*")
        out.append("")
        if not s.remarks:
            out += ["_No words reported._", ""]
            continue
        for r in s.remarks:
            mark = "“”" if r.kind == "direct" else ""
            out.append(f"- {mark}[{r.start}–{r.end}] {r.text}")
            if explain and r.rule:
                out.append(_why(seg.text, r))
        out.append("")
    if seg.others:
        out.append("## Named, not speaking")
        out.append("")
        for p in seg.others:
            titles = f" ({'、'.join(p.titles)})" if p.titles else ""
            out.append(f"- {p.name}{titles}: {p.role}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def summary_markdown(result, show_remarks: bool = False, title: str | None = None) -> str:
    """One article's speakers with titles, role and the summary of their remarks.

    ``result`` is a ``summarizer.summarize.ArticleSummary``. The method (and model) that
    produced the summaries is stated, so a fallback to extractive summaries is visible.
    """
    seg = result.segmentation
    a = seg.article
    out = [f"# {title or a.headline or '(untitled)'}", ""]
    meta = [x for x in (a.published, a.source and f"来源: {a.source}", a.dateline) if x]
    if meta:
        out += [" · ".join(meta), ""]
    how = result.method + (f" ({result.model})" if result.model else "")
    out += [f"{len(seg.speakers)} speakers, {len(result.summaries)} with reported words; summaries: {how}.", ""]
    if not seg.speakers:
        out += ["_No speakers found._", ""]
    by_name = {s.speaker.name: s.summary for s in result.summaries}
    for i, sp in enumerate(seg.speakers, 1):
        titles = "、".join(sp.titles) if sp.titles else "—"
        role = f" ({sp.role})" if sp.role else ""
        out += [f"## {i}. {sp.name}{role}", f"*{titles}*", ""]
        summary = by_name.get(sp.name) if sp.remarks else None
        if summary is None:
            out += ["_No words reported._", ""]
            continue
        note = f" _(from {summary.chunks} chunks)_" if summary.chunks > 1 else ""
        out += [f"**Summary:** {summary.text or '_(empty)_'}{note}", ""]
        if show_remarks:
            for r in sp.remarks:
                mark = "“”" if r.kind == "direct" else ""
                out.append(f"- {mark}[{r.start}–{r.end}] {r.text}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# ----------------------------------------------------------------------------- themes


def _fmt_sim(v) -> str:
    return "—" if v is None else f"{v:.2f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(str(c)) for c in r) + " |" for r in rows]
    return out


def comparison_markdown(cmp, title: str | None = None) -> str:
    """A theme comparison (``summarizer.themes.Comparison``) as Markdown tables.

    The theme table shows only themes found for some speaker (the JSON and CSV carry all);
    "where" lists each theme's surface forms with their offsets in the article text.
    """
    out = [f"# {title or 'Themes: ' + '、'.join(cmp.articles)}", ""]
    out += _comparison_basis(cmp)
    out += _theme_section(cmp)
    out += ["## Distinctive terms (TF-IDF weight)", ""]
    rows = [
        [s.key, " · ".join(f"{t.term} {t.weight:.3f}" for t in terms) or "—"]
        for s, terms in zip(cmp.speakers, cmp.distinctive)
    ]
    out += _table(["speaker", "terms"], rows) + [""]
    n = len(cmp.speakers)
    out += ["## Shared terms (used by more than half of the speakers)", ""]
    if cmp.shared:
        rows = [[t.term, f"{len(t.speakers)}/{n}", "、".join(t.speakers), str(t.count)] for t in cmp.shared]
        out += _table(["term", "speakers", "who", "occurrences"], rows)
    else:
        out.append("_None._" if n > 1 else "_A single speaker: nothing to share._")
    out.append("")
    out += ["## Similarity (cosine of TF-IDF vectors)", ""]
    rows = [[s.key] + [_fmt_sim(v) for v in row] for s, row in zip(cmp.speakers, cmp.similarity)]
    out += _table(["", *cmp.keys], rows)
    return "\n".join(out).rstrip() + "\n"


def _comparison_basis(cmp) -> list[str]:
    """What was compared, on which IDF and lexicon, and which articles or speakers had nothing."""
    basis = (
        f"IDF fitted on a background corpus of {cmp.idf_documents} documents"
        if cmp.idf_source == "background"
        else f"IDF fitted on the {cmp.idf_documents} speakers' remarks"
    )
    grouped = ", remarks grouped by name across articles" if cmp.grouped else ""
    out = [
        f"{len(cmp.speakers)} speakers with reported words in {len(cmp.articles)} article(s){grouped}; "
        f"{basis}; lexicon: {cmp.lexicon}.",
        "",
    ]
    if cmp.skipped:
        out += [f"Skipped (no speaker with reported words): {'、'.join(cmp.skipped)}", ""]
    empty = [s.key for s in cmp.speakers if not s.terms]
    if empty:
        out += [f"No content terms (similarity undefined): {'、'.join(empty)}", ""]
    return out


def _theme_section(cmp) -> list[str]:
    """The speaker × theme counts and where each theme was said."""
    present = cmp.present_themes
    out = ["## Themes (occurrences per speaker)", ""]
    if not present:
        return out + ["_No theme of the lexicon occurs in any speaker's remarks._", ""]
    cols = [cmp.themes.index(t) for t in present]
    rows = [[s.key] + [str(r[j]) if r[j] else "·" for j in cols] for s, r in zip(cmp.speakers, cmp.theme_counts)]
    out += _table(["speaker", *present], rows)
    absent = [t for t in cmp.themes if t not in present]
    if absent:
        out += ["", f"Not found: {'、'.join(absent)}"]
    out += ["", "### Where", ""]
    several = len(cmp.articles) > 1
    for s, hits in zip(cmp.speakers, cmp.theme_hits):
        if not hits:
            continue
        by_theme: dict[str, list[str]] = {}
        for h in hits:
            where = f"{h.article}:{h.start}" if several else str(h.start)
            by_theme.setdefault(h.theme, []).append(f"{h.text} @{where}")
        parts = [f"{t} ({'; '.join(v)})" for t, v in by_theme.items()]
        out.append(f"- **{_cell(s.key)}**: " + " · ".join(parts))
    return out + [""]


def write_comparison_csv(cmp, directory) -> list:
    """Write ``themes.csv``, ``similarity.csv`` and ``distinctive_terms.csv`` (UTF-8) into ``directory``.

    The directory is created if needed (its parent must exist); existing files of those
    names are replaced.
    Undefined similarities are empty cells. Returns the paths written.
    """
    import csv

    from .output import check_output_dir, replacing

    d = check_output_dir(directory, "CSV files")
    written = []

    def write(name, header, rows):
        path = d / name
        with replacing(path, "CSV file") as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        written.append(path)

    write("themes.csv", ["speaker", *cmp.themes], [[k, *r] for k, r in zip(cmp.keys, cmp.theme_counts)])
    write(
        "similarity.csv",
        ["speaker", *cmp.keys],
        [[k, *("" if v is None else f"{v:.6f}" for v in r)] for k, r in zip(cmp.keys, cmp.similarity)],
    )
    write(
        "distinctive_terms.csv",
        ["speaker", "rank", "term", "weight", "count"],
        [[k, i, t.term, f"{t.weight:.6f}", t.count] for k, terms in zip(cmp.keys, cmp.distinctive)
         for i, t in enumerate(terms, 1)],
    )
    return written


# ----------------------------------------------------------------------------- analysis


def _marked_text(analysis) -> str:
    """The article text with each remark in bold followed by its speaker's number, 〔n〕."""
    seg = analysis.segmentation
    text = seg.text
    spans = sorted((r.start, r.end, i) for i, sp in enumerate(seg.speakers, 1) for r in sp.remarks)
    parts, pos = [], 0
    for a, b, i in spans:
        a = max(a, pos)
        if a >= b:
            continue
        parts += [text[pos:a], f"**{text[a:b]}**〔{i}〕"]
        pos = b
    parts.append(text[pos:])
    # One Markdown paragraph per line of the article: a single newline would join lines.
    return "\n\n".join(line.strip() for line in "".join(parts).splitlines() if line.strip())


def analysis_markdown(analysis) -> str:
    """The whole analysis of one article (``summarizer.analyze.Analysis``) as Markdown.

    Speakers with titles, role and summary (and how it was made), the article text with
    each remark in bold and numbered by speaker, then the theme comparison.
    """
    out = [summary_markdown(analysis.summaries, show_remarks=True).rstrip(), "", "## Article", "",
           "Remarks are in bold, followed by the speaker's number 〔n〕.", "", _marked_text(analysis), ""]
    if analysis.comparison is not None:
        themes = comparison_markdown(analysis.comparison, title="Themes")
        out.append("\n".join("#" + line if line.startswith("#") else line for line in themes.splitlines()))
    else:
        out += ["## Themes", "", "_No speaker has reported words: nothing to compare._"]
    return "\n".join(out).rstrip() + "\n"
