"""Figures of the corpus view: themes over time, and the theme × person heatmap, as PNG bytes.

Method. Drawn with ``matplotlib.figure.Figure`` on the Agg canvas (pyplot and the global
backend are never touched), with a font that holds Chinese glyphs found and registered by
:func:`summarizer.plot.find_cjk_font` and set only for the drawing. The numbers are those of
:class:`~summarizer.corpus.Corpus` (the page's tables show the same ones). Themes over time
plots occurrences per 100 remark sentences of each dated period, one line per theme that
occurs; a period without remark sentences is a gap, not a zero.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["themes_over_time_png", "theme_person_png"]

_RC: dict[RcKeyType, Any] = {"axes.unicode_minus": False, "font.size": 10}  # U+2212 is missing from some CJK fonts


def _png(fig, dpi: int) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, dpi=dpi, format="png")
    return buf.getvalue()


def themes_over_time_png(corpus, font, dpi: int = 110) -> bytes | None:
    """Lines of theme occurrences per 100 remark sentences over the dated periods (None: nothing to draw)."""
    import matplotlib
    from matplotlib.figure import Figure

    rows = [r for r in corpus.periods if r.start]
    used = [t for t in corpus.themes if any(dict(r.counts)[t] for r in rows)]
    if not rows or not used:
        return None
    labels = [r.period for r in rows]
    with matplotlib.rc_context({**_RC, "font.family": [font.family, "DejaVu Sans"]}):
        fig = Figure(figsize=(min(4 + 0.35 * len(rows), 16), 4.8), layout="constrained")
        ax = fig.subplots()
        for theme in used:
            ys = [dict(r.per_100())[theme] for r in rows]
            ax.plot(range(len(rows)), [math.nan if y is None else y for y in ys], marker="o", markersize=3,
                    label=theme)
        step = max(1, len(rows) // 24)
        ax.set_xticks(range(0, len(rows), step), labels[::step], rotation=45, ha="right", rotation_mode="anchor")
        ax.set_ylabel("每百句发言中的出现次数")
        ax.set_title(f"主题随时间变化（按{ {'month': '月', 'quarter': '季度', 'year': '年'}[corpus.period] }）")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, ncol=2, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _png(fig, dpi)


def theme_person_png(corpus, font, dpi: int = 110) -> bytes | None:
    """Heatmap of the leading people's theme occurrences (None: no leading person or no theme)."""
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    table = corpus.theme_by_person()
    themes = [t for j, t in enumerate(table["themes"]) if any(row[j] for row in table["counts"])]
    if not table["people"] or not themes:
        return None
    cols = [table["themes"].index(t) for t in themes]
    counts = np.array([[row[j] for j in cols] for row in table["counts"]], dtype=float)
    labels = [corpus.person(pid).label for pid in table["people"]]
    n, m = counts.shape
    vmax = max(float(counts.max()), 1.0)
    with matplotlib.rc_context({**_RC, "font.family": [font.family, "DejaVu Sans"]}):
        fig = Figure(figsize=(min(3 + 0.16 * max(map(len, labels)) + 0.6 * m, 20), min(1.8 + 0.42 * n, 24)),
                     layout="constrained")
        ax = fig.subplots()
        im = ax.imshow(counts, cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
        ax.set_xticks(range(m), themes, rotation=45, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(n), labels)
        for i in range(n):
            for j in range(m):
                v = counts[i, j]
                ax.text(j, i, f"{int(v)}" if v else "·", ha="center", va="center", fontsize=8,
                        color="white" if v / vmax > 0.6 else "black")
        ax.set_title("主题出现次数（人物 × 主题）")
        fig.colorbar(im, ax=ax, shrink=0.7, label="次数")
        return _png(fig, dpi)
