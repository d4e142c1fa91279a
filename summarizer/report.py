"""Output stage: turn results into Markdown or JSON for people and programs.

Formatting lives here, apart from the analysis, so the command line, the library and the
evaluation script print the same thing. JSON keeps Chinese readable (ensure_ascii=False).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["to_json", "segmentation_markdown", "summary_markdown"]


def to_json(obj: Any, indent: int | None = 2) -> str:
    """JSON with Chinese left readable; dataclass results are converted via ``to_dict``."""
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def segmentation_markdown(seg, title: str | None = None) -> str:
    """A readable view of one segmentation: speakers, titles, role and their remarks."""
    a = seg.article
    out = [f"# {title or a.headline or '(untitled)'}", ""]
    meta = [x for x in (a.published, a.source and f"来源: {a.source}", a.dateline) if x]
    if meta:
        out += [" · ".join(meta), ""]
    with_words = sum(1 for s in seg.speakers if s.remarks)
    out += [f"{len(seg.speakers)} speakers, {with_words} with reported words.", ""]
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
