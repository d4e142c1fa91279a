"""One self-contained HTML page for the analysis of one article.

Method. The page is built as a string from an :class:`~summarizer.analyze.Analysis`:
everything it shows is inline (CSS in a ``<style>`` element, the theme figure as a base64
PNG ``data:`` URI), there is no script, and a Content-Security-Policy forbids every fetch
but ``data:`` images, so the page shows the same offline, from an e-mail attachment or in
ten years. Every piece of text goes through :func:`html.escape`.

The article text is shown as read (``white-space: pre-wrap``, so the offsets the analysis
reports are the offsets on the page); each remark is a ``<mark>`` in its speaker's colour,
with an id (``s2-r1``: speaker 2, remark 1) and a numbered link back to the speaker's entry
(``speaker-2``), and page clutter (site names, captions, widgets) is dimmed. Colours repeat
after ten speakers; the number on each remark tells them apart. The layout is one column
on a phone and prints without the navigation, with the highlight colours kept.

The theme heatmap and similarity matrix are HTML tables with coloured cells (readable and
searchable at any width), followed by the matplotlib figure of the same numbers when a font
with Chinese glyphs is found; without one the page says why the figure is missing.
"""

from __future__ import annotations

import base64
import html
import tempfile
from pathlib import Path

from ._version import __version__

__all__ = ["PALETTE", "render_html", "write_html", "speaker_anchor", "remark_anchor"]

#: (highlight background, border) per speaker; light enough for black text, distinct in print.
PALETTE = (
    ("#ffe08a", "#c99a00"),
    ("#a8d8ff", "#2b7bbf"),
    ("#b9efb1", "#3c9a2e"),
    ("#ffc2d1", "#d0456b"),
    ("#dcccff", "#7a55d6"),
    ("#ffd3ad", "#d9751c"),
    ("#a9efe6", "#1e9a8a"),
    ("#e6f09e", "#8a9a10"),
    ("#f3c9f0", "#b040a8"),
    ("#cfd9e6", "#52708f"),
)

_CSS = """
:root { --fg:#1d1d1f; --muted:#6b6b70; --line:#d9d9de; --bg:#fff; --soft:#f5f5f7; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 62rem; padding: 1rem; color: var(--fg); background: var(--bg);
  font: 16px/1.7 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "WenQuanYi Micro Hei", sans-serif; overflow-wrap: anywhere; }
h1 { font-size: 1.45rem; line-height: 1.4; margin: .2rem 0 .4rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.02rem; margin: 1.2rem 0 .4rem; }
a { color: #0b5cad; }
.meta, .how, .note, .gen { color: var(--muted); font-size: .88rem; }
nav.toc { display: flex; flex-wrap: wrap; gap: .4rem 1rem; padding: .5rem .8rem; background: var(--soft);
  border-radius: .5rem; font-size: .92rem; }
ol.speakers { list-style: none; padding: 0; margin: 0; display: grid; gap: .7rem;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 27rem), 1fr)); }
.speaker { border: 1px solid var(--line); border-left: .45rem solid var(--c2); border-radius: .5rem;
  padding: .55rem .8rem; background: var(--bg); }
.speaker .head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .6rem; }
.speaker .name { font-weight: 700; font-size: 1.08rem; }
.speaker .titles { color: var(--muted); font-size: .9rem; }
.speaker .summary { margin: .4rem 0 0; padding: .4rem .6rem; background: var(--soft); border-radius: .4rem; }
.speaker .summary p { margin: 0; }
.speaker .links { font-size: .85rem; margin-top: .3rem; }
.speaker .links a { margin-right: .35rem; }
ol.silent { list-style: none; padding: 0; margin: 0; font-size: .92rem; }
ol.silent li { padding: .2rem 0; border-bottom: 1px dotted var(--line); }
ol.silent .titles { color: var(--muted); font-size: .85rem; }
.num { display: inline-block; min-width: 1.6rem; text-align: center; border-radius: .8rem;
  background: var(--c1); border: 1px solid var(--c2); font-size: .85rem; font-weight: 600; }
.role { font-size: .85rem; padding: 0 .4rem; border-radius: .3rem; background: var(--soft); }
ol.silent .name { font-weight: 600; }
ul.others { padding-left: 1.2rem; }
.text { white-space: pre-wrap; font-size: 1.02rem; line-height: 1.9; padding: .8rem; border: 1px solid var(--line);
  border-radius: .5rem; }
.text mark { background: var(--c1); border-bottom: 2px solid var(--c2); color: inherit; padding: .05rem 0; }
.text mark:target { outline: 3px solid var(--c2); }
.text sup a { text-decoration: none; font-size: .72rem; font-weight: 700; color: var(--fg); background: var(--bg);
  border: 1px solid var(--c2); border-radius: .6rem; padding: 0 .25rem; margin-right: .1rem; }
.text .clutter { color: #9a9aa0; font-size: .9em; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .4rem 0; }
table { border-collapse: collapse; font-size: .88rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: center; white-space: nowrap; }
th[scope=row] { text-align: left; }
td.undefined { background: #e4e4e4; color: var(--muted); }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: .4rem; }
figcaption { color: var(--muted); font-size: .85rem; }
dl.terms dt { font-weight: 700; margin-top: .5rem; }
dl.terms dd { margin: 0 0 .2rem 0; }
.term { display: inline-block; margin: .1rem .2rem .1rem 0; padding: 0 .4rem; border-radius: .3rem;
  background: var(--soft); font-size: .9rem; }
.term small { color: var(--muted); }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 40rem) {
  body { padding: .6rem; font-size: 15px; }
  h1 { font-size: 1.25rem; }
  .text { padding: .5rem; }
}
@media print {
  @page { margin: 1.5cm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.toc, .speaker .links, .text sup { display: none; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .speaker, figure, tr, dl.terms dd { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .scroll { overflow: visible; }
}
"""


def speaker_anchor(i: int) -> str:
    """Id of the ``i``-th speaker's entry (1-based)."""
    return f"speaker-{i}"


def remark_anchor(i: int, k: int) -> str:
    """Id of the ``k``-th remark (1-based) of the ``i``-th speaker in the article text."""
    return f"s{i}-r{k}"


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _colour_style(i: int) -> str:
    light, dark = PALETTE[(i - 1) % len(PALETTE)]
    return f"--c1:{light};--c2:{dark}"


def _summary_how(summary, result) -> str:
    model = summary.model or result.model
    how = summary.method + (f" · {model}" if model else "")
    if summary.chunks > 1:
        how += f" · {summary.chunks} chunks, {summary.rounds} rounds"
    if result.fallback:
        how += " · fallback (no model available)"
    return how


def _speakers_section(analysis) -> list[str]:
    seg = analysis.segmentation
    result = analysis.summaries
    by_name = {s.speaker.name: s.summary for s in result.summaries}
    out = ['<section id="speakers">', f"<h2>发言人 Speakers ({len(seg.speakers)})</h2>"]
    if not seg.speakers:
        out.append('<p class="note">No speaker found: the article reports nobody speaking.</p>')
    else:
        with_words = len(seg.speakers_with_remarks)
        out.append(f'<p class="note">{with_words} with reported words; the number and colour of each '
                   "speaker mark their remarks in the article text below.</p>")
        out.append('<ol class="speakers">' if with_words else "")
        for i, sp in enumerate(seg.speakers, 1):
            if not sp.remarks:
                continue
            out.append(f'<li class="speaker" id="{speaker_anchor(i)}" style="{_colour_style(i)}">')
            name = _e(sp.name)
            if sp.remarks:
                name = f'<a class="name" href="#{remark_anchor(i, 1)}">{name}</a>'
            else:
                name = f'<span class="name">{name}</span>'
            role = f'<span class="role">{_e(sp.role)}</span>' if sp.role else ""
            out.append(f'<div class="head"><span class="num">{i}</span>{name}{role}</div>')
            if sp.titles:
                out.append(f'<div class="titles">{_e("、".join(sp.titles))}</div>')
            summary = by_name.get(sp.name) if sp.remarks else None
            if summary is not None:
                text = _e(summary.text) if summary.text else '<span class="note">(empty summary)</span>'
                out.append(f'<div class="summary"><p>{text}</p><p class="how">summary: {_e(_summary_how(summary, result))}'
                           f" · {len(sp.remarks)} remark(s), {len(sp.text)} characters</p></div>")
                links = " ".join(
                    f'<a href="#{remark_anchor(i, k)}">remark {k}</a>' for k in range(1, len(sp.remarks) + 1)
                )
                out.append(f'<div class="links">{links}</div>')
            else:
                out.append('<p class="how">no words reported</p>')
            out.append("</li>")
        out.append("</ol>" if with_words else "")
        silent = [(i, sp) for i, sp in enumerate(seg.speakers, 1) if not sp.remarks]
        if silent:
            # Listed speakers (致辞 in a roster, 交流发言, 主持) whose words the report does not give.
            out.append(f"<h3>Speakers without reported words ({len(silent)})</h3>")
            out.append('<ol class="silent">')
            for i, sp in silent:
                role = f' <span class="role">{_e(sp.role)}</span>' if sp.role else ""
                titles = f' <span class="titles">{_e("、".join(sp.titles))}</span>' if sp.titles else ""
                out.append(f'<li id="{speaker_anchor(i)}" style="{_colour_style(i)}"><span class="num">{i}</span> '
                           f'<span class="name">{_e(sp.name)}</span>{role}{titles}</li>')
            out.append("</ol>")
    if seg.others:
        out.append("<h3>Named, not speaking</h3>")
        out.append('<ul class="others">')
        for p in seg.others:
            titles = f"（{_e('、'.join(p.titles))}）" if p.titles else ""
            out.append(f"<li>{_e(p.name)}{titles}: {_e(p.role)}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out


def _spans(analysis) -> list[tuple[int, int, str, str]]:
    """(start, end, opening tag, closing tag) of remarks and clutter, in order, not overlapping."""
    seg = analysis.segmentation
    marks = []
    for i, sp in enumerate(seg.speakers, 1):
        for k, r in enumerate(sp.remarks, 1):
            open_ = (f'<mark id="{remark_anchor(i, k)}" style="{_colour_style(i)}" title="{_e(sp.name)}">'
                     f'<sup><a href="#{speaker_anchor(i)}">{i}</a></sup>')
            marks.append((r.start, r.end, open_, "</mark>"))
    marks.sort()
    taken = [(a, b) for a, b, _, _ in marks]
    for c in getattr(seg.article, "clutter", ()):
        if not any(c.start < b and a < c.end for a, b in taken):
            marks.append((c.start, c.end, f'<span class="clutter" data-kind="{_e(c.kind)}">', "</span>"))
    marks.sort()
    out, pos = [], 0
    for a, b, o, c in marks:
        # Remarks never overlap; should two ever do, the later one starts where the earlier
        # ends, so that no text is shown twice or dropped.
        a = max(a, pos)
        if a < b:
            out.append((a, b, o, c))
            pos = b
    return out


def _article_section(analysis) -> list[str]:
    text = analysis.text
    parts, pos = [], 0
    for a, b, o, c in _spans(analysis):
        parts.append(_e(text[pos:a]))
        parts.append(o + _e(text[a:b]) + c)
        pos = b
    parts.append(_e(text[pos:]))
    body = "".join(parts).strip("\n")
    return ['<section id="article">', "<h2>原文 Article</h2>",
            '<p class="note">Highlighted: the sentences that carry each speaker\'s words; '
            "dimmed: page clutter (site names, captions, widgets).</p>",
            f'<div class="text" lang="zh">{body}</div>', "</section>"]


def _heat(value: float, vmax: float, rgb: tuple[int, int, int]) -> str:
    alpha = 0.0 if not vmax else min(max(value / vmax, 0.0), 1.0)
    colour = "#fff" if alpha > 0.6 else "inherit"
    return f"background:rgba({rgb[0]},{rgb[1]},{rgb[2]},{alpha:.2f});color:{colour}"


def _themes_section(analysis, plot: bool, font) -> list[str]:
    cmp = analysis.comparison
    out = ['<section id="themes">', "<h2>主题 Themes</h2>"]
    if cmp is None:
        out += ['<p class="note">No speaker has reported words: no themes to compare.</p>', "</section>"]
        return out
    keys = list(cmp.keys)
    present = list(cmp.present_themes)
    out.append(f'<p class="note">Lexicon: {_e(cmp.lexicon)}. Theme occurrences in each speaker\'s remarks.</p>')
    if present:
        cols = [cmp.themes.index(t) for t in present]
        vmax = max((r[j] for r in cmp.theme_counts for j in cols), default=0)
        out.append('<div class="scroll"><table class="heatmap"><thead><tr><th scope="col">speaker</th>')
        out += [f'<th scope="col">{_e(t)}</th>' for t in present]
        out.append("</tr></thead><tbody>")
        for key, row in zip(keys, cmp.theme_counts):
            cells = "".join(
                f'<td style="{_heat(row[j], vmax, (33, 102, 172))}">{row[j] if row[j] else "·"}</td>' for j in cols
            )
            out.append(f'<tr><th scope="row">{_e(key)}</th>{cells}</tr>')
        out.append("</tbody></table></div>")
        absent = [t for t in cmp.themes if t not in present]
        if absent:
            out.append(f'<p class="note">Not found: {_e("、".join(absent))}</p>')
    else:
        out.append('<p class="note">No theme of the lexicon occurs in any speaker\'s remarks.</p>')

    out.append("<h3>Similarity (cosine of TF-IDF vectors)</h3>")
    out.append('<div class="scroll"><table class="similarity"><thead><tr><th scope="col"></th>')
    out += [f'<th scope="col">{_e(k)}</th>' for k in keys]
    out.append("</tr></thead><tbody>")
    for key, row in zip(keys, cmp.similarity):
        tds = []
        for v in row:
            if v is None:
                tds.append('<td class="undefined">—</td>')
            else:
                tds.append(f'<td style="{_heat(v, 1.0, (217, 72, 1))}">{v:.2f}</td>')
        out.append(f'<tr><th scope="row">{_e(key)}</th>{"".join(tds)}</tr>')
    out.append("</tbody></table></div>")
    if plot:
        out += _figure(cmp, font)
    out.append("</section>")
    return out


def _figure(cmp, font) -> list[str]:
    from .errors import FontError
    from .plot import find_cjk_font, plot_comparison

    try:
        info = font if font is not None and not isinstance(font, (str, Path)) else find_cjk_font(font)
    except FontError as e:
        return [f'<p class="note">Figure left out: {_e(e)}</p>']
    with tempfile.TemporaryDirectory(prefix="summarizer-report-") as d:
        path = Path(d) / "themes.png"
        plot_comparison(cmp, path, font=info, dpi=110, title="")
        data = base64.b64encode(path.read_bytes()).decode("ascii")
    return [
        "<figure>",
        f'<img src="data:image/png;base64,{data}" alt="Theme heatmap and similarity matrix of the speakers">',
        f"<figcaption>Theme occurrences and similarity, drawn with {_e(info.family)}.</figcaption>",
        "</figure>",
    ]


def _terms_section(analysis) -> list[str]:
    cmp = analysis.comparison
    out = ['<section id="terms">', "<h2>用词 Distinctive terms</h2>"]
    if cmp is None:
        out += ['<p class="note">No speaker has reported words.</p>', "</section>"]
        return out
    basis = ("a background corpus" if cmp.idf_source == "background" else "the speakers' remarks")
    out.append(f'<p class="note">Each speaker\'s highest TF-IDF terms that not every speaker uses '
               f"(IDF fitted on {basis}, {cmp.idf_documents} documents).</p>")
    out.append('<dl class="terms">')
    for s, terms in zip(cmp.speakers, cmp.distinctive):
        items = "".join(f'<span class="term">{_e(t.term)} <small>{t.weight:.2f}</small></span>' for t in terms)
        out.append(f"<dt>{_e(s.key)}</dt><dd>{items or '—'}</dd>")
    out.append("</dl>")
    if len(cmp.speakers) > 1:
        out.append("<h3>Shared terms (used by more than half of the speakers)</h3>")
        if cmp.shared:
            n = len(cmp.speakers)
            items = "".join(
                f'<span class="term">{_e(t.term)} <small>{len(t.speakers)}/{n}</small></span>' for t in cmp.shared
            )
            out.append(f"<p>{items}</p>")
        else:
            out.append('<p class="note">None.</p>')
    out.append("</section>")
    return out


def render_html(analysis, *, plot: bool = True, font=None, title: str | None = None) -> str:
    """The report page for one :class:`~summarizer.analyze.Analysis`, as a string.

    ``plot=False`` leaves out the matplotlib figure (the tables carry the same numbers);
    ``font`` is a :class:`~summarizer.plot.FontInfo` or font file for it.
    """
    a = analysis.article
    head = title or a.headline or analysis.name
    meta = " · ".join(_e(x) for x in (a.published, a.source and f"来源: {a.source}", a.dateline) if x)
    result = analysis.summaries
    how = result.method + (f" ({result.model})" if result.model else "")
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hans">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be fetched when the page is viewed: images come inline, scripts never.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">",
        f'<meta name="generator" content="summarizer {_e(__version__)}">',
        f"<title>{_e(head)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(head)}</h1>",
    ]
    if meta:
        out.append(f'<p class="meta">{meta}</p>')
    out.append(f'<p class="gen">Input: {_e(analysis.name)} · summaries: {_e(how)}'
               + (f" — fallback: {_e(result.fallback)}" if result.fallback else "") + "</p>")
    out.append("</header>")
    out.append('<nav class="toc"><a href="#speakers">Speakers</a><a href="#article">Article</a>'
               '<a href="#themes">Themes</a><a href="#terms">Terms</a></nav>')
    out.append("<main>")
    out += _speakers_section(analysis)
    out += _article_section(analysis)
    out += _themes_section(analysis, plot, font)
    out += _terms_section(analysis)
    out.append("</main>")
    out.append(f"<footer>Generated by summarizer {_e(__version__)}. Offsets in the JSON output index the "
               "article text exactly as shown above.</footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write_html(analysis, path, **options) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8); returns the path."""
    from .errors import InputError

    out = Path(path)
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: directory for the report does not exist")
    out.write_text(render_html(analysis, **options), encoding="utf-8")
    return out
