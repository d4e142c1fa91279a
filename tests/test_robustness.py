"""A fresh machine, a careless user, a hostile input: set-up, one-line errors, no silent mistakes.

Each test reproduces one way the toolkit once failed: an HTML reader that hid why it could
not load, jieba's chatter on stderr, a plot font matplotlib had not cached, outputs that
could not be written, lone surrogates that broke every report at the end, an unclosed
quotation that swallowed the next speakers, theme hits whose text did not match their
offsets, summaries one character over their budget, duplicate batch ids, quadratic work on
big inputs, and a missing model found out slowly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from summarizer.analyze import Analyzer, analyze
from summarizer.article import html_to_text
from summarizer.batch import read_results, run_batch
from summarizer.cli import main
from summarizer.errors import InputError, ModelError
from summarizer.segment import Segmenter, segment
from summarizer.summarize import ExtractiveBackend, LeadBackend
from summarizer.themes import Comparer, compare

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _run(args: list[str], env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=full, cwd=ROOT,
                          timeout=300, **kw)


def _cli(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return _run(["-m", "summarizer", *args], env)


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder where creating a file fails, even for root (who ignores permission bits)."""
    d = tmp_path / "locked"
    d.mkdir()
    d.chmod(0o500)
    try:
        (d / "probe").write_text("x")
    except OSError:
        return d
    (d / "probe").unlink()
    for candidate in (Path("/sys"), Path("/proc/sys")):
        try:
            (candidate / "summarizer-probe").write_text("x")
        except OSError:
            return candidate
    pytest.skip("no folder here refuses new files")


# ----------------------------------------------------------------------------- set-up


def test_html_pages_read_with_the_declared_dependencies():
    import trafilatura  # noqa: F401  (fails where lxml_html_clean is missing)

    page = "<html><body><article><p>" + "王明表示，要坚持党建引领基层治理。" * 4 + "</p></article></body></html>"
    assert "王明表示" in html_to_text(page, "page.html")


def test_html_reader_names_the_real_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import of trafilatura halted
    with pytest.raises(InputError) as e:
        html_to_text("<html><body><p>王明表示，要做好工作。</p></body></html>", "page.html")
    msg = str(e.value)
    assert msg.startswith("page.html: reading HTML pages needs trafilatura, which cannot be imported: ")
    assert "halted" in msg and "lxml_html_clean" in msg


def test_setup_section_lists_the_system_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"apt-get install[^\n]*fonts-noto-cjk[^\n]*chromium", setup)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # CI installs exactly what the README tells a user to, with the pip the venv comes with.
    for command in ("pip install torch==2.13.0", "pip install -e '.[test,ray]'", "python -m pytest -q"):
        assert command in setup and command in ci
    assert "--upgrade pip" not in ci


def test_auto_decides_from_the_cache_without_importing_torch(tmp_path):
    probe = ("import sys; from summarizer.summarize import load_backend; "
             "b = load_backend('auto', on_warning=lambda m: None); "
             "print(b.method, 'torch' in sys.modules)")
    r = _run(["-c", probe], env={"HF_HOME": str(tmp_path / "hf")})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["extractive", "False"]


def test_commands_print_only_their_own_lines(tmp_path):
    seed = str(SEED)
    for args in (["-m", "summarizer", "compare", seed], ["-m", "summarizer", "segment", str(_needs_tagger(tmp_path))],
                 [str(ROOT / "eval" / "evaluate.py"), str(ROOT / "eval" / "data" / "dev-01-linjiang-fengqiao-forum.json")]):
        r = _run(args)
        assert r.returncode == 0, r.stderr
        assert r.stderr == "", f"{args}: {r.stderr}"


def _needs_tagger(tmp_path: Path) -> Path:
    # A bare untitled name makes the segmenter ask jieba's tagger.
    p = tmp_path / "bare.txt"
    p.write_text("座谈会召开。\n文件指出，要加强基层治理。王建国表示，要做好工作。\n", encoding="utf-8")
    return p


# ----------------------------------------------------------------------------- crashes


@pytest.mark.skipif(not NOTO.is_file() and not os.environ.get("CI"), reason="fonts-noto-cjk not installed")
def test_plot_with_a_font_matplotlib_has_not_cached(tmp_path):
    font = tmp_path / "copy-of-noto.ttc"
    shutil.copy(NOTO, font)
    mpl = tmp_path / "mplconfig"
    mpl.mkdir()
    # Build matplotlib's font cache in the fresh config folder before the font exists there.
    _run(["-c", "import matplotlib.font_manager"], env={"MPLCONFIGDIR": str(mpl)})
    out = tmp_path / "p.png"
    r = _cli(["compare", str(SEED), "--plot", str(out), "--font", str(font)], env={"MPLCONFIGDIR": str(mpl)})
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and str(font) in r.stderr


@pytest.mark.parametrize("args", [
    ["analyze", str(SEED), "--method", "extractive", "-o", "{locked}/r.html"],
    ["analyze", str(SEED), "--method", "extractive", "-o", "{tmp}"],
    ["batch", str(SEED), "--method", "extractive", "--out", "{locked}/b.jsonl"],
    ["compare", str(SEED), "--plot", "{locked}/p.png"],
    ["compare", str(SEED), "--csv", "{locked}/csv"],
    ["compare", str(SEED), "--csv", "{tmp}/no/such/dir"],
])
def test_an_output_that_cannot_be_written_is_one_line(args, tmp_path, capsys):
    locked = _unwritable_folder(tmp_path)
    args = [a.format(locked=locked, tmp=tmp_path) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("summarizer: error: ") and err.count("\n") == 1, err
    assert not (tmp_path / "no").exists()  # --csv creates one folder level at most


def test_outputs_are_written_whole(tmp_path):
    out = tmp_path / "r.md"
    out.write_text("an older report\n", encoding="utf-8")
    assert main(["analyze", str(SEED), "--method", "extractive", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]  # no temporary file left


@pytest.mark.parametrize("call", [
    lambda t: segment(t),
    lambda t: analyze(t, method="extractive"),
    lambda t: compare(segment(t)),
    lambda t: ExtractiveBackend().summarize_batch([t]),
])
def test_lone_surrogates_are_refused_at_the_door(call):
    text = "座谈会召开。\n王明表示，要做好\ud83d工作。\n"
    with pytest.raises(InputError, match=r"lone surrogate U\+D83D at character \d+"):
        call(text)


# ----------------------------------------------------------------------------- silently wrong


def test_an_unclosed_quotation_ends_with_its_paragraph():
    text = ("座谈会召开。\n王明表示：“我们要做好基层工作。\n李华指出，要坚持党建引领。\n"
            "赵刚强调，要推进共建共治共享。\n")
    seg = segment(text)
    assert [s.name for s in seg.speakers] == ["王明", "李华", "赵刚"]
    assert [len(s.remarks) for s in seg.speakers] == [1, 1, 1]


def test_a_quotation_over_paragraphs_goes_on_where_the_next_one_opens_with_a_quote():
    text = ("座谈会召开。\n王明表示：“我们要做好基层工作。\n“还要把服务送到群众家门口。”\n"
            "李华指出，要坚持党建引领。\n")
    seg = segment(text)
    assert [len(s.remarks) for s in seg.speakers] == [2, 1]


def test_theme_hits_in_a_traditional_article_match_their_offsets(seed_text):
    import opencc

    traditional = opencc.OpenCC("s2t").convert(seed_text)
    assert len(traditional) == len(seed_text)
    cmp = Comparer().compare(segment(traditional))
    hits = [h for row in cmp.theme_hits for h in row]
    assert len(hits) > 20
    for h in hits:
        assert traditional[h.start : h.end] == h.text


@pytest.mark.parametrize("budget", [12, 30, 80])
@pytest.mark.parametrize("backend", [ExtractiveBackend, LeadBackend])
def test_summaries_stay_within_the_budget(budget, backend, seed_text):
    long_sentence = "要坚持党建引领，推动社会治理重心向基层下移，把更多资源、服务、管理放到社区，" * 4 + "为群众提供精准有效的服务。"
    one_clause = "要" + "坚持党建引领推进基层治理" * 10 + "。"  # no clause boundary to cut at
    texts = [long_sentence, seed_text, long_sentence + long_sentence, one_clause, one_clause + long_sentence]
    for s in backend(budget).summarize_batch(texts):
        assert 0 < len(s.text) <= budget, (budget, s.text)


def test_duplicate_batch_ids_get_ids_of_their_own_and_resume(tmp_path):
    src = tmp_path / "in.jsonl"
    text = SEED.read_text(encoding="utf-8")
    src.write_text("".join(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n" for i in ("a", "b", "a")),
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = run_batch([str(src)], out, analyzer=Analyzer("extractive"))
    assert (stats.ok, stats.failed) == (2, 1)
    ids = [x["id"] for x in read_results(out)]
    assert ids == ["a", "b", f"{src}:3"] and len(set(ids)) == 3
    before = out.read_bytes()
    again = run_batch([str(src)], out, analyzer=Analyzer("extractive"))
    assert (again.ok, again.failed, again.skipped) == (0, 0, 3) and out.read_bytes() == before


# ----------------------------------------------------------------------------- big inputs


def _work(fn) -> int:
    """Lines of Python that ``fn()`` executes, loop iterations and comprehensions included:
    a measure of work that does not depend on the machine or its load."""
    n = 0

    def trace(frame, event, arg):
        nonlocal n
        n += 1
        return trace

    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(None)
    return n


def _no_punctuation(size: int) -> str:
    body = "".join(p.text for p in segment(SEED.read_text(encoding="utf-8")).article.paragraphs)
    flat = re.sub(r"[\s，,。；;：:、“”（）()！？!?《》—…·]", "", body)
    return (flat * (size // len(flat) + 1))[:size]


def test_segmenting_one_endless_sentence_is_linear():
    seg = Segmenter(tagger=False)
    small, large = (_work(lambda n=n: seg(_no_punctuation(n))) for n in (20_000, 80_000))
    assert large / small < 6, (small, large)  # 4× the text: linear ≈ 4, quadratic ≈ 16


def test_extractive_summary_of_one_long_speaker_is_linear():
    sentences = [f"要{'坚持党建引领推进基层治理'[k % 7:]}第{k}项工作落实到位。" for k in range(4000)]
    backend = ExtractiveBackend()
    small, large = (_work(lambda n=n: backend.summarize_text("".join(sentences[:n]))) for n in (1000, 4000))
    assert large / small < 6, (small, large)


def test_compare_reuses_the_loaded_dictionary(monkeypatch, seed_text):
    import jieba

    seg = segment(seed_text)
    compare(seg)  # the first call may load jieba's dictionary
    loads = []
    original = jieba.Tokenizer.initialize

    def counting(self, dictionary=None):
        if not self.initialized:
            loads.append(self)
        return original(self, dictionary)

    monkeypatch.setattr(jieba.Tokenizer, "initialize", counting)
    compare(seg)
    compare(seg)
    assert loads == []


# ----------------------------------------------------------------------------- missing models


def test_batch_with_a_missing_model_fails_before_the_first_article(tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(ModelError, match="does not exist"):
        run_batch([str(SEED)], out, analyzer=Analyzer("seq2seq", str(tmp_path / "no-model")))
    assert not out.exists() or out.read_bytes() == b""


def test_seq2seq_without_a_reachable_hub_fails_at_once(tmp_path):
    env = {"HF_HOME": str(tmp_path / "hf"), "HF_ENDPOINT": "http://127.0.0.1:9", "HF_HUB_OFFLINE": "0"}
    r = _cli(["summarize", str(SEED), "--method", "seq2seq", "--model", "org/not-cached"], env=env)
    assert r.returncode == 3
    assert r.stderr.count("\n") == 1 and "the hub cannot be reached (127.0.0.1:9" in r.stderr
    assert "Retrying" not in r.stderr


def test_auto_with_no_model_is_one_warning_line(tmp_path):
    r = _cli(["summarize", str(SEED)], env={"HF_HOME": str(tmp_path / "hf")})
    assert r.returncode == 0
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("summarizer: warning: no summarization model")
    assert "summaries: extractive" in r.stdout or "extractive" in r.stdout


def test_a_transcript_searches_the_text_once_per_label_name(monkeypatch):
    # Every label of a transcript may ask for the whole text to be searched (a short form's
    # full name, a title written elsewhere); thousands of labels must not mean thousands of
    # searches, or a long record is quadratic.
    from summarizer.segment import Segmenter
    from summarizer.segment.names import People

    calls: dict[str, int] = {}
    for method in ("_find_full_name", "_find_titled", "_find_host"):
        original = getattr(People, method)

        def counted(self, *args, _original=original, _name=method):
            calls[_name] = calls.get(_name, 0) + 1
            return _original(self, *args)

        monkeypatch.setattr(People, method, counted)
    turns = "".join(f"周大使：第{k}个问题我来回答。\n笪云舒：谢谢。\n记者：还有问题吗？\n" for k in range(300))
    r = Segmenter()("发布会实录\n驻外使节周衡远大使出席，新闻发言人笪云舒主持。\n" + turns)
    assert len(r.speaker("周衡远").remarks) == 300
    assert calls and sum(calls.values()) <= 10, calls  # 900 labels, three names
