"""Plots of a theme comparison: the speaker × theme heatmap and the similarity matrix.

Chinese labels need a font with CJK glyphs, which matplotlib does not ship (its DejaVu Sans
draws every Han character as an empty box). The font is looked up, in order, as: the file
given (``font=`` or ``--font``), the ``SUMMARIZER_CJK_FONT`` environment variable, the
usual install paths of Noto Sans CJK (Debian's ``fonts-noto-cjk``, which the project's CI
installs), WenQuanYi, and the macOS and Windows system fonts, then any system font whose
file name marks it as CJK. Every candidate must actually hold the glyphs; the chosen file is
registered with matplotlib explicitly (its font cache may predate the install) and, in a
collection (.ttc), the Simplified Chinese face is preferred. No font: :class:`FontError`
with what to install.

Figures are drawn with ``matplotlib.figure.Figure`` and the Agg canvas directly: pyplot and
the global backend are never touched, and the font is set only for the duration of the
drawing (``rc_context``).
"""

from __future__ import annotations

import math
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FontError, InputError
from .output import replacing
from .records import Record

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["FontInfo", "PlotInfo", "find_cjk_font", "check_plot_path", "plot_comparison"]

#: Characters every candidate font must have: common in labels of governance themes.
SAMPLE = "中国社会治理经验共建党人民为心网上现代化"

_KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch noto-fonts-cjk
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)
_CJK_FILE = re.compile(
    r"(?i)(cjk|sourcehan|source-han|notosans(sc|tc|hk)|notoserif(sc|tc)|wqy|wenquanyi|droidsansfallback"
    r"|msyh|yahei|simhei|simsun|simkai|fangsong|pingfang|hiragino|heiti|songti|ukai|uming|zenhei|microhei)"
)
# Prefer the Simplified Chinese face of a collection (Noto Sans CJK holds JP, KR, SC, TC, HK).
_SIMPLIFIED = re.compile(r"(?i)(\bSC\b|GB|\bCN\b|Simplified|Hans)")
_INSTALL_HINT = (
    "install a font with Chinese glyphs (Debian/Ubuntu: apt-get install fonts-noto-cjk, or the "
    "smaller fonts-wqy-microhei), or pass a .ttf/.otf/.ttc file with --font or SUMMARIZER_CJK_FONT"
)


@dataclass(frozen=True)
class FontInfo(Record):
    """The font used for Chinese labels: its file and the family name matplotlib knows it by."""

    path: str
    family: str
    face_index: int = 0


@dataclass(frozen=True)
class PlotInfo(Record):
    """What :func:`plot_comparison` wrote, with which font, and any glyph it lacked."""

    path: str
    font: FontInfo
    missing_glyphs: tuple[str, ...] = ()


def _faces(path: str):
    """(face_index, family_name) of each face of a font file that holds the sample glyphs."""
    from matplotlib import ft2font

    try:
        first = ft2font.FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return []
    out = []
    for i in range(first.num_faces):
        face = first if i == 0 else ft2font.FT2Font(path, face_index=i)
        charmap = face.get_charmap()
        if all(ord(c) in charmap for c in SAMPLE):
            out.append((i, face.family_name))
    return out


def _register(path: str) -> FontInfo | None:
    faces = _faces(path)
    if not faces:
        return None
    from matplotlib import font_manager

    fm = font_manager.fontManager
    # matplotlib's font list is cached on disk and may predate the font's install: add it.
    if not any(os.path.realpath(e.fname) == os.path.realpath(path) for e in fm.ttflist):
        fm.addfont(path)
    index, family = next(((i, f) for i, f in faces if _SIMPLIFIED.search(f)), faces[0])
    for e in fm.ttflist:
        if os.path.realpath(e.fname) == os.path.realpath(path) and e.index == index:
            family = e.name
            break
    return FontInfo(str(path), family, index)


def find_cjk_font(path: str | os.PathLike | None = None) -> FontInfo:
    """Find, check and register a font with Chinese glyphs; see the module docstring for the order.

    An explicit ``path`` (or ``SUMMARIZER_CJK_FONT``) must exist and hold Chinese glyphs, or
    :class:`FontError` is raised rather than silently using another font.
    """
    explicit = path if path is not None else os.environ.get("SUMMARIZER_CJK_FONT") or None
    if explicit is not None:
        p = Path(explicit)
        origin = "--font" if path is not None else "SUMMARIZER_CJK_FONT"
        if not p.is_file():
            raise FontError(f"{p}: font file not found (from {origin}); {_INSTALL_HINT}")
        info = _register(str(p))
        if info is None:
            raise FontError(f"{p}: not a font with Chinese glyphs (from {origin}); {_INSTALL_HINT}")
        return info
    for candidate in _KNOWN_FONTS:
        if os.path.isfile(candidate):
            info = _register(candidate)
            if info is not None:
                return info
    from matplotlib import font_manager

    for candidate in sorted(font_manager.findSystemFonts()):
        if _CJK_FILE.search(os.path.basename(candidate)):
            info = _register(candidate)
            if info is not None:
                return info
    raise FontError(f"no font with Chinese glyphs found for the plot; {_INSTALL_HINT}")


def _text_color(value: float, vmax: float) -> str:
    return "white" if vmax and value / vmax > 0.6 else "black"


def check_plot_path(path: str | os.PathLike) -> Path:
    """The plot's path, if it can be written: a .png file in an existing, writable folder."""
    from .output import check_output_file

    return check_output_file(path, "plot", (".png",))


def plot_comparison(comparison, path: str | os.PathLike, *, font: FontInfo | str | os.PathLike | None = None,
                    dpi: int = 150, title: str | None = None) -> PlotInfo:
    """Draw the speaker × theme heatmap and the similarity matrix of a comparison into a PNG.

    ``font``: a :class:`FontInfo` from :func:`find_cjk_font`, a font file, or ``None`` to
    look one up. Only themes that occur for some speaker are drawn (all of them if none occurs). Cells
    hold their values; undefined similarities (a speaker without terms) are grey. Glyphs the
    font lacks are warned about by matplotlib and listed in the result's ``missing_glyphs``.
    """
    out = check_plot_path(path)
    if not isinstance(dpi, int) or not 50 <= dpi <= 600:
        raise InputError(f"dpi must be an integer from 50 to 600, got {dpi!r}")
    info = font if isinstance(font, FontInfo) else find_cjk_font(font)

    import matplotlib
    from matplotlib.figure import Figure

    keys, themes, counts, sims = _matrices(comparison)
    n, m = len(keys), len(themes)
    rc: dict[RcKeyType, Any] = {
        "font.family": [info.family, "DejaVu Sans"],
        "axes.unicode_minus": False,  # U+2212 is missing from some CJK fonts
        "font.size": 10,
    }
    # Inches: room for the row labels, one cell per theme / speaker, the rotated column labels.
    label = 0.5 + 0.16 * max((len(k) for k in keys), default=2)
    width = 2 * label + _CELL * (m + n) + 2.5
    height = 1.2 + _CELL * max(n, 3) + 0.12 * max(len(t) for t in themes + keys)
    if title is None:
        title = "、".join(comparison.articles) if len(comparison.articles) <= 3 else f"{len(comparison.articles)} 篇文章"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context(rc):
            fig = Figure(figsize=(min(width, 60), min(height, 60)), layout="constrained")
            ax1, ax2 = fig.subplots(1, 2, width_ratios=[max(m, 1), max(n, 1)])
            annotate = n <= 30 and m <= 40
            _theme_heatmap(fig, ax1, counts, keys, themes, annotate)
            _similarity_matrix(fig, ax2, sims, keys, comparison.idf_source, annotate)
            fig.suptitle(title)
            with replacing(out, "plot") as tmp:
                fig.savefig(tmp, dpi=dpi, format="png")
    missing = []
    for w in caught:
        if "missing from" in str(w.message):
            missing.append(str(w.message))
        # Recorded to report missing glyphs, not to hide anything: pass every warning on.
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return PlotInfo(str(out), info, tuple(dict.fromkeys(missing)))


_CELL = 0.6  # inches per heatmap cell


def _matrices(comparison):
    """Speaker keys, the themes drawn, their counts and the similarities (NaN where undefined)."""
    import numpy as np

    keys = list(comparison.keys)
    themes = list(comparison.present_themes) or list(comparison.themes)
    cols = [comparison.themes.index(t) for t in themes]
    counts = np.array([[row[j] for j in cols] for row in comparison.theme_counts], dtype=float)
    sims = np.array([[np.nan if v is None else v for v in row] for row in comparison.similarity], dtype=float)
    return keys, themes, counts, sims


def _theme_heatmap(fig, ax, counts, keys: list[str], themes: list[str], annotate: bool) -> None:
    n, m = len(keys), len(themes)
    vmax = max(float(counts.max()) if counts.size else 0.0, 1.0)
    im = ax.imshow(counts, cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(m), themes, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n), keys)
    ax.set_title("主题出现次数（发言人 × 主题）")
    if annotate:
        for i in range(n):
            for j in range(m):
                v = counts[i, j]
                ax.text(j, i, f"{int(v)}" if v else "·", ha="center", va="center",
                        color=_text_color(v, vmax), fontsize=9)
    fig.colorbar(im, ax=ax, shrink=0.7, label="次数")


def _similarity_matrix(fig, ax, sims, keys: list[str], idf_source: str, annotate: bool) -> None:
    import matplotlib
    import numpy as np

    n = len(keys)
    cmap = matplotlib.colormaps["YlOrRd"].with_extremes(bad="#d0d0d0")
    im = ax.imshow(np.ma.masked_invalid(sims), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(n), keys, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n), keys)
    basis = "背景语料" if idf_source == "background" else "发言"
    ax.set_title(f"发言相似度（TF-IDF 余弦，IDF 基于{basis}）")
    if annotate:
        for i in range(n):
            for j in range(n):
                v = sims[i, j]
                text = "—" if math.isnan(v) else f"{v:.2f}"
                ax.text(j, i, text, ha="center", va="center",
                        color="black" if math.isnan(v) else _text_color(v, 1.0), fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.7, label="余弦相似度")
