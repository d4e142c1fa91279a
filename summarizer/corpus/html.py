"""The corpus view as one self-contained HTML page (and, beside it, one page per article).

Method. The page follows the rules of :mod:`summarizer.htmlreport`: its style inline, its
figures ``data:`` PNGs, every text escaped, a Content-Security-Policy that forbids every
request; it adds one small inline script, allowed by its SHA-256 hash in that policy, that
sorts the tables when a column's button is pressed and filters their rows as one types
(without it the tables are still complete and in a sensible order). Every number comes from
:class:`~summarizer.corpus.Corpus` (what ``--format json`` writes), so page and JSON agree;
cells carry their exact values in ``data-v``.

Each article of the list links to its analysis: with ``pages="embed"`` a section at the end
of the page (its speakers, titles, summaries, remarks and themes, read again from the batch
output, one line at a time); with ``pages="files"`` a full analysis page per article
(:func:`summarizer.htmlreport.render_html`) that :func:`write_corpus_html` writes into
``articles/`` beside the report.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Iterator

from .._version import __version__
from ..htmlreport import _CSS, _e, _heat

__all__ = ["render_corpus_html", "iter_corpus_html", "write_corpus_html", "article_page_name"]

PAGE_MODES = ("embed", "files", "none")

_EXTRA_CSS = """
.lead { font-size: 1.02rem; }
.filter { width: 100%; max-width: 24rem; font: inherit; padding: .3rem .5rem; margin: .3rem 0 .5rem;
  border: 1px solid var(--line); border-radius: .4rem; }
th button.sort { font: inherit; font-weight: 700; background: none; border: 0; padding: 0; cursor: pointer;
  color: inherit; }
th button.sort::after { content: " ⇅"; color: var(--muted); font-weight: 400; }
th[aria-sort=descending] button.sort::after { content: " ↓"; }
th[aria-sort=ascending] button.sort::after { content: " ↑"; }
td.wrap, th.wrap { white-space: normal; text-align: left; min-width: 12rem; max-width: 28rem; }
td small { color: inherit; opacity: .75; margin-left: .2rem; }
details.person { border: 1px solid var(--line); border-radius: .5rem; padding: .3rem .7rem; margin: .4rem 0; }
details.person summary { cursor: pointer; font-weight: 600; }
details.person ul { padding-left: 1.2rem; margin: .3rem 0; }
.why { color: var(--muted); font-size: .85rem; }
section.article { border-top: 2px solid var(--line); margin-top: 1.5rem; }
.speaker ol.remarks { padding-left: 1.2rem; margin: .3rem 0; font-size: .92rem; }
@media print { .filter, th button.sort::after { display: none; } }
"""

# Sorting and filtering of the tables; allowed by its hash in the Content-Security-Policy.
_SCRIPT = """(function () {
  function key(cell, numeric) {
    var v = cell.getAttribute('data-v');
    if (v === null) { v = cell.textContent.trim(); }
    if (!numeric) { return v; }
    var n = parseFloat(v);
    return isNaN(n) ? -Infinity : n;
  }
  document.querySelectorAll('th[data-sort] button.sort').forEach(function (button) {
    button.addEventListener('click', function () {
      var th = button.parentElement, table = th.closest('table'), body = table.tBodies[0];
      var col = th.cellIndex, numeric = th.getAttribute('data-sort') === 'num';
      var down = th.getAttribute('aria-sort') !== 'descending';
      table.querySelectorAll('th[aria-sort]').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
        var c = x < y ? -1 : (x > y ? 1 : 0);
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  document.querySelectorAll('input[data-filter]').forEach(function (input) {
    var table = document.getElementById(input.getAttribute('data-filter'));
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== '' && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
})();"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
_PERIOD_WORD = {"month": "月", "quarter": "季度", "year": "年"}


def article_page_name(n: int) -> str:
    """File name, under ``articles/``, of the ``n``-th article's page (1-based)."""
    return f"{n:05d}.html"


def _links(corpus, pages: str):
    """Functions giving the href of an article (by its number) and of one of its speakers."""
    if pages == "files":
        return (lambda n: f"articles/{article_page_name(n)}",
                lambda n, slot: f"articles/{article_page_name(n)}#speaker-{slot}")
    if pages == "embed":
        return lambda n: f"#a{n}", lambda n, slot: f"#a{n}-s{slot}"
    return lambda n: None, lambda n, slot: None


def _a(href: str | None, text: str) -> str:
    return f'<a href="{_e(href)}">{text}</a>' if href else text


def _sort_th(label: str, kind: str = "text", cls: str = "") -> str:
    extra = f' class="{cls}"' if cls else ""
    return f'<th scope="col" data-sort="{kind}"{extra}><button type="button" class="sort">{label}</button></th>'


def _head(title: str) -> list[str]:
    return [
        "<!DOCTYPE html>", '<html lang="zh-Hans">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be fetched when the page is viewed; the one script is allowed by its hash.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        f"style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'\">",
        f'<meta name="generator" content="summarizer {_e(__version__)}">',
        f"<title>{_e(title)}</title>", f"<style>{_CSS}{_EXTRA_CSS}</style>", "</head>", "<body>",
    ]


def _header(corpus) -> list[str]:
    c, f = corpus.counts, corpus.filters
    dated = [a.date for a in corpus.articles if a.date]
    span = f"{min(dated)} – {max(dated)}" if dated else "no dated article"
    chosen = [f"since {f.since}" if f.since else "", f"until {f.until}" if f.until else "",
              ("person " + "、".join(f.people)) if f.people else "", ("theme " + "、".join(f.themes)) if f.themes else ""]
    out = ["<header>", f"<h1>语料 Corpus: {c.articles} articles, {len(corpus.people)} people</h1>",
           f'<p class="meta lead">{_e(span)} · {c.undated} undated · by {_e(corpus.period)}</p>',
           f'<p class="gen">Read: {_e(", ".join(corpus.sources))} ({c.lines} analysed articles'
           + (f", {c.error_lines} error lines left out" if c.error_lines else "") + ")"
           + (f" · filters: {_e(' · '.join(x for x in chosen if x))} ({c.outside_filters} articles left out)"
              if any(chosen) else "") + "</p>", "</header>",
           '<nav class="toc"><a href="#people">People</a><a href="#over-time">Themes over time</a>'
           '<a href="#by-person">Theme × person</a><a href="#terms">Terms</a><a href="#articles">Articles</a></nav>']
    return out


def _figure(png: bytes | None, alt: str, caption: str) -> list[str]:
    if png is None:
        return []
    data = base64.b64encode(png).decode("ascii")
    return ["<figure>", f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">',
            f"<figcaption>{_e(caption)}</figcaption>", "</figure>"]


def _font(plot: bool, font):
    """The font for the figures, or (None, why there are none)."""
    if not plot:
        return None, None
    from ..errors import FontError
    from ..plot import FontInfo, find_cjk_font

    try:
        return (font if isinstance(font, FontInfo) else find_cjk_font(font)), None
    except FontError as e:
        return None, str(e)


def _people_section(corpus, article_number, speaker_href) -> list[str]:
    out = ['<section id="people">', f"<h2>人物 People ({len(corpus.people)})</h2>",
           '<p class="note">One entry per person: mentions of a name are joined when their titles share a place, '
           "an organisation or a title and name no two different units of one level; the entry says why. Ranked "
           "by articles, then remark characters; press a column to sort.</p>",
           '<input type="search" class="filter" data-filter="people-table" placeholder="filter people…" '
           'aria-label="filter people">',
           '<div class="scroll"><table id="people-table" class="sortable"><thead><tr>',
           _sort_th("#", "num"), _sort_th("person"), _sort_th("titles", cls="wrap"), _sort_th("articles", "num"),
           _sort_th("remark chars", "num"), _sort_th("remark sentences", "num"), _sort_th("themes", cls="wrap"),
           "</tr></thead><tbody>"]
    for rank, p in enumerate(corpus.people, 1):
        themes = "、".join(f"{t} {n}" for t, n in sorted(p.themes, key=lambda x: -x[1])[:4])
        out.append(f'<tr id="row-{p.id}"><td data-v="{rank}">{rank}</td>'
                   f'<th scope="row" data-v="{_e(p.label)}"><a href="#person-{p.id}">{_e(p.label)}</a></th>'
                   f'<td class="wrap">{_e("、".join(p.titles))}</td><td data-v="{len(p.articles)}">{len(p.articles)}</td>'
                   f'<td data-v="{p.remark_chars}">{p.remark_chars}</td>'
                   f'<td data-v="{p.remark_sentences}">{p.remark_sentences}</td><td class="wrap">{_e(themes)}</td></tr>')
    out.append("</tbody></table></div>")
    for p in corpus.people:
        out += _person_details(p, corpus, article_number, speaker_href)
    out.append("</section>")
    return out


def _person_details(p, corpus, article_number, speaker_href) -> list[str]:
    out = [f'<details class="person" id="person-{p.id}"><summary>{_e(p.label)} '
           f'<span class="why">{len(p.articles)} article(s), {p.remark_chars} remark characters</span></summary>']
    out.append("<p><b>Titles over time</b></p><ul>")
    for spell in p.title_history:
        when = f"{spell.first} – {spell.last}" if spell.first else "undated"
        out.append(f"<li>{_e('、'.join(spell.titles) or '(no title)')} <span class=\"why\">{_e(when)}, "
                   f"{len(spell.articles)} article(s)</span></li>")
    out.append("</ul><p><b>Articles</b> (remarks and summaries on the article's page)</p><ul>")
    for m in p.mentions:
        n = article_number.get(m.article)
        label = f"{_e(m.date or 'undated')} · {_e(m.article)} · {m.remarks} remark(s)"
        notes = "".join(f"<br>{_e(x)}" for x in m.notes)
        out.append(f"<li>{_a(speaker_href(n, m.slot) if n else None, label)} "
                   f'<span class="why">why this person: {_e(m.why)}{notes}</span></li>')
    out.append("</ul>")
    if p.theme_use:
        uses = "".join(f"<li>{_e(u.theme)} ×{u.count}: first {_e(u.first or '—')}, last {_e(u.last or '—')}"
                       + (f", {u.undated} undated" if u.undated else "") + "</li>" for u in p.theme_use)
        out.append(f"<p><b>Themes</b></p><ul>{uses}</ul>")
    if p.kept_apart:
        apart = "".join(f'<li><a href="#person-{o}">{_e(corpus.person(o).label)}</a>: {_e(why)}</li>'
                        for o, why in p.kept_apart)
        out.append(f"<p><b>Kept apart from</b></p><ul>{apart}</ul>")
    out.append("</details>")
    return out


def _periods_section(corpus, font, no_font: str | None) -> list[str]:
    out = ['<section id="over-time">', f"<h2>主题随时间 Themes over time (by {_e(corpus.period)})</h2>",
           '<p class="note">Theme occurrences in the remarks of each period, per 100 remark sentences '
           "(the count in small type); a period without remark sentences shows —.</p>"]
    if font is not None:
        from .figures import themes_over_time_png

        out += _figure(themes_over_time_png(corpus, font), "Themes per 100 remark sentences over time",
                       f"Occurrences per 100 remark sentences, drawn with {font.family}.")
    elif no_font:
        out.append(f'<p class="note">Figure left out: {_e(no_font)}</p>')
    out += ['<div class="scroll"><table id="periods-table" class="sortable"><thead><tr>', _sort_th("period"),
            _sort_th("articles", "num"), _sort_th("remark sentences", "num")]
    out += [_sort_th(_e(t), "num") for t in corpus.themes]
    out.append("</tr></thead><tbody>")
    vmax = max((v or 0 for r in corpus.periods for _, v in r.per_100()), default=0)
    for r in corpus.periods:
        cells = "".join(
            f'<td data-v="{"" if v is None else v}" data-count="{n}" style="{_heat(v or 0, vmax, (33, 102, 172))}">'
            f'{"—" if v is None else f"{v:g}"}<small>{n}</small></td>'
            for (t, n), (_, v) in zip(r.counts, r.per_100()))
        out.append(f'<tr><th scope="row" data-v="{_e(r.period)}">{_e(r.period)}</th><td data-v="{r.articles}">'
                   f'{r.articles}</td><td data-v="{r.remark_sentences}">{r.remark_sentences}</td>{cells}</tr>')
    out.append("</tbody></table></div></section>")
    return out


def _by_person_section(corpus, font) -> list[str]:
    table = corpus.theme_by_person()
    out = ['<section id="by-person">', f"<h2>主题 × 人物 Theme × person (top {len(table['people'])})</h2>"]
    if not table["people"]:
        return out + ['<p class="note">No person in the report has remarks.</p>', "</section>"]
    out.append('<p class="note">Theme occurrences in the remarks of the people with most articles (per 100 of '
               "their remark sentences in small type), and each one's first and last use.</p>")
    if font is not None:
        from .figures import theme_person_png

        out += _figure(theme_person_png(corpus, font), "Theme occurrences of the leading people",
                       f"Theme occurrences per person, drawn with {font.family}.")
    out += ['<div class="scroll"><table id="person-theme-table" class="heatmap"><thead><tr>'
            '<th scope="col">person</th>'] + [f'<th scope="col">{_e(t)}</th>' for t in table["themes"]]
    out.append("</tr></thead><tbody>")
    vmax = max((v for row in table["counts"] for v in row), default=0)
    for pid, counts, rates in zip(table["people"], table["counts"], table["per_100_sentences"]):
        p = corpus.person(pid)
        uses = {u.theme: u for u in p.theme_use}
        cells = "".join(
            f'<td data-v="{n}" style="{_heat(n, vmax, (33, 102, 172))}" title="{_e(_use_text(uses.get(t)))}">'
            f'{n if n else "·"}<small>{"" if not n or r is None else f"{r:g}"}</small></td>'
            for t, n, r in zip(table["themes"], counts, rates))
        out.append(f'<tr data-person="{pid}"><th scope="row"><a href="#person-{pid}">{_e(p.label)}</a></th>{cells}</tr>')
    out.append("</tbody></table></div>")
    out += _first_last_table(corpus, table["people"])
    out.append("</section>")
    return out


def _use_text(u) -> str:
    return "" if u is None else f"first {u.first or '—'}, last {u.last or '—'}"


def _first_last_table(corpus, pids) -> list[str]:
    out = ["<h3>First and last use</h3>", '<div class="scroll"><table id="first-last-table"><thead><tr>'
           '<th scope="col">person</th><th scope="col">theme</th><th scope="col">first</th><th scope="col">last</th>'
           '<th scope="col">uses</th></tr></thead><tbody>']
    for pid in pids:
        p = corpus.person(pid)
        for u in p.theme_use:
            out.append(f'<tr><th scope="row">{_e(p.label)}</th><td>{_e(u.theme)}</td><td>{_e(u.first or "—")}</td>'
                       f'<td>{_e(u.last or "—")}</td><td data-v="{u.count}">{u.count}</td></tr>')
    out.append("</tbody></table></div>")
    return out


def _terms_section(corpus) -> list[str]:
    basis = "a background corpus" if corpus.idf_source == "background" else "every article read"
    out = ['<section id="terms">', "<h2>用词 Distinctive terms</h2>",
           f'<p class="note">The leading people\'s highest TF-IDF terms that not all of them use (IDF fitted on '
           f"{basis}, {corpus.idf_documents} documents).</p>", '<dl class="terms">']
    for pid in corpus.top:
        p = corpus.person(pid)
        items = "".join(f'<span class="term" data-weight="{t.weight:.6f}">{_e(t.term)} <small>{t.weight:.2f}</small>'
                        "</span>" for t in p.distinctive_terms)
        out.append(f'<dt><a href="#person-{pid}">{_e(p.label)}</a></dt><dd>{items or "—"}</dd>')
    out += ["</dl>", "</section>"]
    return out


def _articles_section(corpus, article_href, person_label) -> list[str]:
    out = ['<section id="articles">', f"<h2>文章 Articles ({len(corpus.articles)})</h2>",
           '<p class="note">Dated from the date line under the headline, another line of the page head, or the '
           "dateline with the year from elsewhere (hover the date); undated articles last. Press a column to sort.</p>",
           '<input type="search" class="filter" data-filter="articles-table" placeholder="filter articles…" '
           'aria-label="filter articles">',
           '<div class="scroll"><table id="articles-table" class="sortable"><thead><tr>', _sort_th("#", "num"),
           _sort_th("date"), _sort_th("headline", cls="wrap"), _sort_th("source"), _sort_th("speakers", cls="wrap"),
           _sort_th("remark sentences", "num"), "</tr></thead><tbody>"]
    for n, a in enumerate(corpus.articles, 1):
        speakers = "、".join(f'<a href="#person-{pid}">{_e(person_label(pid))}</a>' if pid else _e(name)
                            for name, pid, _ in a.speakers)
        date = f'<span title="{_e(a.date_from)}: {_e(a.published)}">{_e(a.date)}</span>' if a.date else "undated"
        out.append(f'<tr id="row-a{n}"><td data-v="{n}">{n}</td><td data-v="{_e(a.date or "")}">{date}</td>'
                   f'<td class="wrap">{_a(article_href(n), _e(a.headline or a.id))}</td><td>{_e(a.source or "")}</td>'
                   f'<td class="wrap">{speakers}</td><td data-v="{a.remark_sentences}">{a.remark_sentences}</td></tr>')
    out.append("</tbody></table></div></section>")
    return out


def _lines_of(corpus, speakers_only: bool = False) -> Iterator[tuple[int, dict]]:
    """(article number, batch line) of the report's articles, streaming the batch outputs again.

    ``speakers_only``: just the line's ``speakers``, decoded without decoding its text (the
    bulk of the line), where the line is laid out as ``summarizer batch`` writes it.
    """
    from .records import iter_lines

    number = {a.where: n for n, a in enumerate(corpus.articles, 1)}
    for raw, where in iter_lines(corpus.sources):
        n = number.get(where)
        if n is not None:
            yield n, (_speakers(raw) if speakers_only else json.loads(raw))


_SPEAKERS = ',"speakers":['
_DECODER = json.JSONDecoder()


def _speakers(raw: bytes) -> dict:
    # A JSON string cannot hold an unescaped quote, so this key is the top level's, or that of
    # an object before it (another tool's layout): then the list is checked, or the line decoded.
    line = raw.decode("utf-8")
    i = line.find(_SPEAKERS)
    if i >= 0:
        speakers, _ = _DECODER.raw_decode(line, i + len(_SPEAKERS) - 1)
        if all(isinstance(s, dict) and isinstance(s.get("remarks"), list) for s in speakers):
            return {"speakers": speakers}
    return json.loads(line)


def _embedded(corpus) -> Iterator[str]:
    """A compact analysis of each article: speakers, titles, summaries, remarks, themes."""
    pid = {(a.id, slot): p for a in corpus.articles for _, p, slot in a.speakers if p}
    for n, line in _lines_of(corpus, speakers_only=True):
        a = corpus.articles[n - 1]
        parts = [f'<section class="article" id="a{n}"><h3>{n}. {_e(a.headline or a.id)}</h3>',
                 f'<p class="meta">{_e(a.date or "undated")}'
                 + (f" ({_e(a.date_from)})" if a.date_from else "")
                 + (f" · 来源: {_e(a.source)}" if a.source else "") + f" · {_e(a.id)}</p>"]
        for slot, sp in enumerate(line["speakers"], 1):
            parts.append(_embedded_speaker(n, slot, sp, pid.get((a.id, slot)), corpus))
        if not line["speakers"]:
            parts.append('<p class="note">No speaker found: the article reports nobody speaking.</p>')
        parts.append("</section>")
        yield "\n".join(parts) + "\n"


def _embedded_speaker(n: int, slot: int, sp: dict, person: str | None, corpus) -> str:
    name = _e(sp["name"])
    if person:
        name = f'<a href="#person-{person}">{_e(corpus.person(person).label)}</a>'
    head = (f'<div class="speaker" id="a{n}-s{slot}" style="--c2:#52708f"><div class="head"><span class="num">{slot}'
            f'</span><span class="name">{name}</span>' + (f'<span class="role">{_e(sp["role"])}</span>' if sp.get("role")
                                                           else "") + "</div>")
    titles = f'<div class="titles">{_e("、".join(sp.get("titles") or ()))}</div>' if sp.get("titles") else ""
    summary = sp.get("summary")
    text = (f'<div class="summary"><p>{_e(summary["text"])}</p><p class="how">summary: {_e(summary.get("method"))}'
            + (f' · {_e(summary["model"])}' if summary.get("model") else "") + "</p></div>") if summary else ""
    remarks = "".join(f"<li>{_e(r['text'])}</li>" for r in sp.get("remarks") or ())
    remarks = f'<ol class="remarks">{remarks}</ol>' if remarks else '<p class="how">no words reported</p>'
    return head + titles + text + remarks + "</div>"


def iter_corpus_html(corpus, *, pages: str = "embed", plot: bool = True, font=None) -> Iterator[str]:
    """The page in pieces (embedded articles are read again from the batch outputs, one at a time)."""
    if pages not in PAGE_MODES:
        from ..errors import InputError

        raise InputError(f"pages must be one of {', '.join(PAGE_MODES)}, got {pages!r}")
    article_href, speaker_href = _links(corpus, pages)
    number = {a.id: n for n, a in enumerate(corpus.articles, 1)}
    labels = {p.id: p.label for p in corpus.people}
    info, no_font = _font(plot, font)
    title = f"语料 Corpus: {corpus.counts.articles} articles"
    yield "\n".join(_head(title) + _header(corpus) + ["<main>"]
                    + _people_section(corpus, number, speaker_href)
                    + _periods_section(corpus, info, no_font) + _by_person_section(corpus, info)
                    + _terms_section(corpus) + _articles_section(corpus, article_href, labels.get)) + "\n"
    if pages == "embed":
        yield '<section id="article-pages"><h2>Articles, one by one</h2>\n'
        yield from _embedded(corpus)
        yield "</section>\n"
    yield (f"</main>\n<footer>Generated by summarizer {_e(__version__)} from {len(corpus.sources)} batch output(s); "
           f"the JSON output (--format json) holds the same figures.</footer>\n<script>{_SCRIPT}</script>\n"
           "</body>\n</html>\n")


def render_corpus_html(corpus, **options) -> str:
    """The whole page as one string (see :func:`iter_corpus_html` for the options)."""
    return "".join(iter_corpus_html(corpus, **options))


def write_corpus_html(corpus, out: str | Path, *, pages: str | None = None, plot: bool = True, font=None) -> Path:
    """Write the report: ``out`` a ``.html`` file (articles embedded), or a folder (``index.html`` and
    ``articles/NNNNN.html``, one analysis page per article). Returns the report's path."""
    from ..output import check_output_dir, check_output_file, replacing

    out = Path(out)
    as_dir = out.is_dir() or out.suffix.lower() not in (".html", ".htm")
    pages = pages or ("files" if as_dir else "embed")
    target = (check_output_dir(out, "corpus report") / "index.html") if as_dir else check_output_file(out, "report")
    if pages == "files":
        _write_article_pages(corpus, target.parent / "articles")
    with replacing(target, "report") as tmp, tmp.open("w", encoding="utf-8") as fh:
        for piece in iter_corpus_html(corpus, pages=pages, plot=plot, font=font):
            fh.write(piece)
    return target


def _write_article_pages(corpus, folder: Path) -> None:
    from ..htmlreport import render_html
    from ..output import check_output_dir, write_text
    from .pages import analysis_from_line

    check_output_dir(folder, "article pages")
    for n, line in _lines_of(corpus):
        analysis = analysis_from_line(line, corpus.articles[n - 1].where)
        write_text(folder / article_page_name(n), render_html(analysis, plot=False), "article page")
