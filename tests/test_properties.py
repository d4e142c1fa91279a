"""Properties that hold for any input, checked on generated report-shaped Chinese text.

Articles are put together from the constructions of meeting reports (titled speakers with
cues, quotations before and after their speaker, transcript labels, rosters, pronoun
continuations, narration) and then roughened the way real input is: traditional script,
CRLF line breaks, a byte-order mark, zero-width and astral characters, ASCII punctuation,
unbalanced quotation marks. For every such text:

* ``segment``, extractive ``summarize``, ``compare`` and ``analyze`` either work or raise
  a documented input error (``SummarizerError``), never anything else;
* every remark and every theme hit is exactly the text its offsets point at;
* every result serialises to JSON and UTF-8, and the HTML report renders.

Run with ``HYPOTHESIS_PROFILE=long`` for a longer search (5,000 examples) and
``--hypothesis-seed N`` to replay one; CI runs the default profile (200 examples).
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.analyze import Analyzer
from summarizer.errors import SummarizerError
from summarizer.htmlreport import render_html
from summarizer.segment import Segmenter
from summarizer.summarize import ExtractiveBackend
from summarizer.themes import Comparer

settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭欧阳司马"
GIVEN = "建国晓明海涛志强丽华文杰春燕立新红梅永刚玉兰德"
TITLES = ("市委书记", "区长", "主任", "大学教授", "社区党委书记", "局长", "全国人大代表", "研究员", "董事长")
CUES = ("表示", "指出", "强调", "认为", "说", "介绍", "坦言", "呼吁")
PHRASES = ("坚持和发展新时代“枫桥经验”", "共建共治共享", "自治、法治、德治相结合", "党建引领基层治理",
           "要把矛盾化解在基层", "推动社会治理重心向基层下移", "让群众办事更方便", "加强和创新社会治理")
NOISE = ("\u200b", "\ufeff", "𠮷", "😀", "“", "”", "\u3000", " ", ",", ".", "!", "?", ":", "\t")

names = st.builds(lambda s, g: s + g, st.sampled_from(["王", "李", "张", "刘", "陈", "赵", "欧阳", "司马"]),
                  st.text(GIVEN, min_size=1, max_size=2))
content = st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4).map("，".join)


@st.composite
def sentences(draw) -> str:
    name, body = draw(names), draw(content)
    title, cue = draw(st.sampled_from(TITLES)), draw(st.sampled_from(CUES))
    form = draw(st.integers(0, 9))
    return [
        f"{title}{name}{cue}，{body}。",
        f"{name}在致辞中{cue}：“{body}。”",
        f"“{body}。”{name}{title}说。",
        f"{name}：{body}。",
        f"他{cue}，{body}。",
        f"{name}、{draw(names)}分别致辞。",
        f"要{body}。",
        f"据了解，{body}。",
        f"问：{body}？",
        f"{draw(names)}（{title}）{cue}，{body}。",
    ][form]


@st.composite
def articles(draw) -> tuple[str, bool]:
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=4).map("".join), min_size=1, max_size=8))
    text = "座谈会召开\n" + "\n".join(paragraphs) + "\n"
    for _ in range(draw(st.integers(0, 6))):  # roughen
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(NOISE)) + text[pos:]
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text, draw(st.booleans())


@pytest.fixture(scope="module")
def tools():
    import opencc

    return Segmenter(), Comparer(), ExtractiveBackend(), Analyzer("extractive"), opencc.OpenCC("s2t")


def _json(obj) -> None:
    json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _article(tools, drawn) -> str:
    text, traditional = drawn
    return tools[4].convert(text) if traditional else text


@given(drawn=articles())
def test_segment_remarks_match_their_offsets(tools, drawn):
    text = _article(tools, drawn)
    try:
        seg = tools[0](text)
    except SummarizerError:
        return
    for sp in seg.speakers:
        for r in sp.remarks:
            assert seg.text[r.start : r.end] == r.text
    _json(seg.to_dict(include_text=True))


@given(drawn=articles())
def test_extractive_summaries_and_comparison(tools, drawn):
    segmenter, comparer, backend = tools[0], tools[1], tools[2]
    try:
        seg = segmenter(_article(tools, drawn))
    except SummarizerError:
        return
    texts = [sp.text for sp in seg.speakers_with_remarks]
    for s in backend.summarize_batch(texts):
        assert len(s.text) <= backend.max_length
        _json(s.to_dict())
    if not texts:
        return
    cmp = comparer.compare(seg)
    for row in cmp.theme_hits:
        for h in row:
            assert seg.text[h.start : h.end] == h.text
    _json(cmp.to_dict())


@given(drawn=articles())
def test_analysis_serialises_and_renders(tools, drawn):
    try:
        analysis = tools[3].analyze(_article(tools, drawn))
    except SummarizerError:
        return
    _json(analysis.to_dict())
    render_html(analysis, plot=False).encode("utf-8")
