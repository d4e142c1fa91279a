"""The whole pipeline on one article: the Analysis, its HTML page, Markdown and the CLI."""

from __future__ import annotations

import html.parser
import json
import re

import pytest
from conftest import GOLD_DIR, SEED

import summarizer
from summarizer.analyze import Analysis, Analyzer, analyze
from summarizer.cli import main
from summarizer.errors import InputError
from summarizer.htmlreport import PALETTE, render_html
from summarizer.report import analysis_markdown
from summarizer.summarize import Backend, ExtractiveBackend

GOLD = json.loads((GOLD_DIR / "people-2023-changchun.json").read_text(encoding="utf-8"))
NO_SPEAKER = "近年来，全市基层治理成效明显，社区服务中心覆盖所有街道。\n"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer("extractive")


@pytest.fixture(scope="module")
def seed_analysis(analyzer, seed_text) -> Analysis:
    return analyzer.analyze(seed_text, "seed")


class CountingBackend(Backend):
    """Extractive summaries, counting the batch calls and texts the pipeline makes."""

    method = "extractive"

    def __init__(self):
        self.inner = ExtractiveBackend()
        self.calls: list[int] = []

    def summarize_batch(self, texts):
        texts = list(texts)
        self.calls.append(len(texts))
        return self.inner.summarize_batch(texts)


def test_seed_analysis_matches_gold_and_parts(seed_analysis, seed_text):
    a = seed_analysis
    gold_talkers = [s["name"] for s in GOLD["speakers"] if s["remarks"]]
    assert [s.name for s in a.segmentation.speakers_with_remarks] == gold_talkers
    # One summary per speaker with words, by the method asked for, from that speaker's own sentences.
    assert [s.speaker.name for s in a.summaries.summaries] == gold_talkers
    for s in a.summaries.summaries:
        assert s.summary.method == "extractive" and s.summary.text
        assert s.summary.text[:8] in s.speaker.text
    # The comparison is of exactly those speakers, on this article.
    assert list(a.comparison.keys) == gold_talkers and a.comparison.articles == ("seed",)
    assert "枫桥经验" in a.comparison.themes_of("马瑞民")
    d = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))
    assert d["text"] == seed_text and d["headline"] == a.article.headline and d["method"] == "extractive"
    for sp in d["speakers"]:
        for r in sp["remarks"]:
            assert d["text"][r["start"]:r["end"]] == r["text"]
        assert (sp["summary"] is None) == (not sp["remarks"])
    assert d["comparison"]["speakers"][0]["key"] == "陈存根"


def test_library_entry_points_agree(seed_analysis, seed_text):
    assert summarizer.analyze is analyze
    assert analyze(seed_text, name="seed", method="extractive").to_dict() == seed_analysis.to_dict()


def test_many_articles_one_summary_call_and_order_independence(seed_text):
    dev = json.loads(next(GOLD_DIR.glob("dev-01-*.json")).read_text(encoding="utf-8"))["text"]
    backend = CountingBackend()
    an = Analyzer(backend=backend)
    both = an.analyze_many([dev, seed_text], ["dev", "seed"])
    talkers = sum(len(a.segmentation.speakers_with_remarks) for a in both)
    assert backend.calls == [talkers]  # every speaker of both articles in one batch call
    # The result of an article does not depend on what was analysed before or with it.
    alone = Analyzer(backend=CountingBackend()).analyze(seed_text, "seed")
    assert both[1].to_dict() == alone.to_dict()


def test_article_without_speakers_has_no_comparison(analyzer):
    a = analyzer.analyze(NO_SPEAKER, "plain")
    assert a.segmentation.speakers == () and a.comparison is None
    assert a.to_dict()["comparison"] is None
    assert "No speaker found" in render_html(a, plot=False)
    assert "nothing to compare" in analysis_markdown(a)


def test_bad_arguments_are_named():
    with pytest.raises(InputError, match="'fast'.*allowed: auto, seq2seq, extractive"):
        Analyzer("fast")
    with pytest.raises(InputError, match="top_terms.*0"):
        Analyzer("extractive", top_terms=0)
    with pytest.raises(InputError, match="bytes"):
        Analyzer("extractive").analyze(b"\xe4\xb8\xad", "x")
    with pytest.raises(InputError, match="empty"):
        Analyzer("extractive").analyze("  \n", "x")


# ----------------------------------------------------------------------------- HTML


class _Page(html.parser.HTMLParser):
    """Ids, in-page links, external references and the text inside each <mark>."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.external, self.tags = set(), [], [], []
        self.marks: dict[str, str] = {}
        self._mark: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            v = a.get(key)
            if v and v.startswith("#"):
                self.links.append(v[1:])
            elif v and not v.startswith("data:"):
                self.external.append(v)
        if tag == "mark":
            self._mark = a["id"]
            self.marks[self._mark] = ""
        if tag == "sup" and self._mark:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "mark":
            self._mark = None
        if tag == "sup" and self._mark:
            self._depth -= 1

    def handle_data(self, data):
        if self._mark and not self._depth:
            self.marks[self._mark] += data


def test_html_is_self_contained_and_every_remark_is_highlighted(seed_analysis):
    page = render_html(seed_analysis)  # with the figure
    p = _Page()
    p.feed(page)
    assert p.external == [] and "script" not in p.tags
    assert "default-src 'none'" in page and 'name="viewport"' in page and "@media print" in page
    assert set(p.links) <= p.ids and "speaker-1" in p.links and "s1-r1" in p.links
    seg = seed_analysis.segmentation
    for i, sp in enumerate(seg.speakers, 1):
        assert f'id="speaker-{i}"' in page
        for k, r in enumerate(sp.remarks, 1):
            assert p.marks[f"s{i}-r{k}"] == r.text
    assert len(p.marks) == sum(len(s.remarks) for s in seg.speakers)
    # Each remark has its speaker's colour; colours repeat only after len(PALETTE) speakers.
    style = dict(re.findall(r'<(?:li|mark) (?:class="speaker" )?id="([^"]+)" style="([^"]+)"', page))
    for i, sp in enumerate(seg.speakers, 1):
        assert style[f"speaker-{i}"] == f"--c1:{PALETTE[(i - 1) % len(PALETTE)][0]};--c2:{PALETTE[(i - 1) % len(PALETTE)][1]}"
        for k in range(1, len(sp.remarks) + 1):
            assert style[f"s{i}-r{k}"] == style[f"speaker-{i}"]
    assert len({style[f"speaker-{i}"] for i in range(1, 11)}) == 10
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page)
    # Summaries sit with their speakers, with how they were made.
    assert "summary: extractive" in page and seed_analysis.summaries.summaries[0].summary.text in page
    # The article's text is all there, in order, once the markup is stripped.
    text = html.unescape(re.sub(r"<sup>.*?</sup>|<[^>]+>", "", page.split('<div class="text" lang="zh">')[1]
                                .split("</div>")[0]))
    assert text == seed_analysis.text.strip("\n")


def test_html_escapes_the_article(analyzer):
    text = ("“<b>”与&amp;测试会举办\n\n张三表示，要把<img src=x onerror=alert(1)>写进“A&B”规划。\n")
    a = analyzer.analyze(text, "x<b>&amp;.txt")  # no headline found: the page is titled by the name
    assert a.segmentation.speakers[0].name == "张三"
    page = render_html(a, plot=False)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<h1>x&lt;b&gt;&amp;amp;.txt</h1>" in page and "“&lt;b&gt;”与&amp;amp;测试会举办" in page
    assert "A&amp;B" in page


def test_markdown_has_the_same_content(seed_analysis):
    md = analysis_markdown(seed_analysis)
    first = seed_analysis.segmentation.speakers[0]
    assert md.startswith("# " + seed_analysis.article.headline)
    assert "summaries: extractive" in md and seed_analysis.summaries.summaries[0].summary.text in md
    assert f"**{first.remarks[0].text}**〔1〕" in md
    assert "## Themes" in md and "### Distinctive terms" in md and "### Similarity" in md


# ----------------------------------------------------------------------------- CLI


def test_cli_analyze_writes_html_md_json(tmp_path, capsys, seed_analysis):
    out = tmp_path / "report.html"
    assert main(["analyze", str(SEED), "-o", str(out), "--method", "extractive", "--no-plot"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "陈存根" in page and "<img" not in page
    md = tmp_path / "report.md"
    assert main(["analyze", str(SEED), "-o", str(md), "--method", "extractive"]) == 0
    assert md.read_text(encoding="utf-8").startswith("# 2023年创新党建引领")
    capsys.readouterr()
    assert main(["analyze", str(SEED), "--format", "json", "--method", "extractive"]) == 0
    d = json.loads(capsys.readouterr().out)
    expected = json.loads(json.dumps(seed_analysis.to_dict(), ensure_ascii=False))
    assert d["speakers"] == expected["speakers"] and d["comparison"]["similarity"] == expected["comparison"]["similarity"]


def test_cli_analyze_bad_input(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["analyze", str(empty), "--method", "extractive"]) == 2
    assert "empty.txt: the input is empty" in capsys.readouterr().err
    assert main(["analyze", str(SEED), "-o", str(tmp_path / "no" / "r.html"), "--method", "extractive"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_seq2seq_summaries_in_the_report(tiny_mt5_dir, seed_text):
    an = Analyzer("seq2seq", str(tiny_mt5_dir), max_length=8)
    a = an.analyze(seed_text, "seed")
    s = a.summaries.summaries[0].summary
    assert s.method == "seq2seq" and s.model == str(tiny_mt5_dir)
    page = render_html(a, plot=False)
    assert f"summary: seq2seq · {tiny_mt5_dir}" in page
