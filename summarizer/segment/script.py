"""Traditional-Chinese articles: read in a simplified copy, reported in the original.

The copy is made with OpenCC character for character, so every offset of the copy is an
offset of the original; the result computed on the copy then has its texts (names,
titles, remarks, page metadata) taken back from the original at the same offsets, and each
remark keeps its simplified form in ``normalized`` for matching.
"""

from __future__ import annotations

import dataclasses

from ..errors import InputError
from .records import Person, Segmentation, Speaker

__all__ = ["to_simplified", "restore", "opencc_converter"]

_QUOTE_MAP = str.maketrans("「」『』", "“”‘’")


def opencc_converter():
    try:
        import opencc
    except ImportError:
        raise InputError("traditional Chinese input needs OpenCC (pip install opencc-python-reimplemented)") from None
    return opencc.OpenCC("t2s")


def to_simplified(text: str, converter) -> str:
    """Convert to simplified Chinese keeping every character in place (same length)."""
    out = converter.convert(text)
    if len(out) != len(text):
        # A phrase rule changed the length somewhere: fall back to characters one by one.
        out = "".join(c if len(c2 := converter.convert(c)) != 1 else c2 for c in text)
    return out.translate(_QUOTE_MAP)


def restore(seg: Segmentation, original: str) -> Segmentation:
    """Put the original (traditional) text back into a result computed on its simplified copy."""
    simplified = seg.article.text

    def back(s: str | None) -> str | None:
        if not s:
            return s
        i = simplified.find(s)
        return original[i : i + len(s)] if i >= 0 else s

    a = seg.article
    article = dataclasses.replace(
        a,
        text=original,
        headline=back(a.headline),
        published=back(a.published),
        source=back(a.source),
        dateline=back(a.dateline),
        credits=tuple(dataclasses.replace(c, name=original[c.start : c.end]) for c in a.credits),
        paragraphs=tuple(dataclasses.replace(p, text=original[p.start : p.end]) for p in a.paragraphs),
        clutter=tuple(dataclasses.replace(p, text=original[p.start : p.end]) for p in a.clutter),
        script="traditional",
    )
    speakers = tuple(
        Speaker(
            back(sp.name) or sp.name,
            tuple(back(t) or t for t in sp.titles),
            sp.role,
            tuple(dataclasses.replace(r, text=original[r.start : r.end], normalized=r.text) for r in sp.remarks),
        )
        for sp in seg.speakers
    )
    others = tuple(Person(back(p.name) or p.name, p.role, tuple(back(t) or t for t in p.titles)) for p in seg.others)
    return Segmentation(article, speakers, others, script="traditional")
