"""An article's own analysis, rebuilt from its batch line, for its page beside the corpus report.

Method. A batch line is ``Analysis.to_dict()`` plus ``id`` and ``input``: the segmentation
comes back through ``segmentation_from_dict`` (offsets checked), the summaries and the theme
comparison from their dictionaries, field by field, so the page is the one ``analyze`` made,
without running any stage again.
"""

from __future__ import annotations

from ..errors import InputError

__all__ = ["analysis_from_line", "comparison_from_dict"]


def comparison_from_dict(d: dict):
    """A :class:`~summarizer.themes.Comparison` from its ``to_dict()``."""
    from ..themes import ComparedSpeaker, Comparison, SharedTerm, TermWeight, ThemeHit

    speakers = d["speakers"]
    return Comparison(
        speakers=tuple(ComparedSpeaker(s["key"], s["name"], tuple(s["articles"]), s["remarks"], s["characters"],
                                       s["terms"]) for s in speakers),
        themes=tuple(d["themes"]),
        theme_counts=tuple(tuple(row) for row in d["theme_matrix"]["values"]),
        theme_hits=tuple(tuple(ThemeHit(h["theme"], h["article"], h["start"], h["end"], h["text"])
                               for h in s["theme_hits"]) for s in speakers),
        distinctive=tuple(tuple(TermWeight(t["term"], t["weight"], t["count"]) for t in s["distinctive_terms"])
                          for s in speakers),
        shared=tuple(SharedTerm(t["term"], tuple(t["speakers"]), t["count"]) for t in d["shared_terms"]),
        similarity=tuple(tuple(row) for row in d["similarity"]["values"]),
        articles=tuple(d["articles"]),
        skipped=tuple(d.get("skipped") or ()),
        idf_source=d["idf"]["fitted_on"],
        idf_documents=d["idf"]["documents"],
        lexicon=d.get("lexicon", ""),
        grouped=d.get("grouped_by_name", False),
    )


def analysis_from_line(line: dict, where: str):
    """The :class:`~summarizer.analyze.Analysis` a batch line was written from."""
    from ..analyze import Analysis
    from ..summarize import ArticleSummary, SpeakerSummary, Summary
    from .records import segmentation_from_dict

    seg = segmentation_from_dict(line, where)
    try:
        summaries = tuple(
            SpeakerSummary(sp, Summary(d["summary"]["text"], d["summary"]["method"], d["summary"].get("model"),
                                       d["summary"].get("chunks", 1), d["summary"].get("rounds", 1)))
            for sp, d in zip(seg.speakers, line["speakers"]) if d.get("summary")
        )
        result = ArticleSummary(seg, summaries, line.get("method") or "", line.get("model"), line.get("fallback"))
        comparison = comparison_from_dict(line["comparison"]) if line.get("comparison") else None
    except (KeyError, TypeError) as e:
        raise InputError(f"{where}: not an analysis line (missing or malformed {e})") from None
    return Analysis(str(line["id"]), result, comparison)
