"""`summarizer segment` on real files, as a user runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_markdown_on_the_seed(capsys):
    assert main(["segment", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "20 speakers, 5 with reported words." in out
    assert "## 1. 陈存根 (致辞)" in out
    assert "*中国社会工作联合会会长、中央国家机关工委原副书记*" in out
    assert "马瑞民表示,新时代新征程" in out


def test_json_is_readable_chinese_and_complete(capsys):
    assert main(["segment", "--format", "json", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "陈存根" in out  # ensure_ascii=False
    d = json.loads(out)
    assert [s["name"] for s in d["speakers"]][:5] == ["陈存根", "马瑞民", "罗华", "赵明", "邵波"]
    assert d["speakers"][4]["remarks"][0]["text"].startswith("他介绍")


def test_several_files_and_stdin(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("县长方雅琴强调，要以人民为中心。".encode("gbk"))
    r = run("segment", "--format", "json", str(gbk), "-", stdin=SEED.read_bytes())
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert [x["file"] for x in d] == [str(gbk), "-"]
    assert d[0]["speakers"][0]["name"] == "方雅琴"
    assert len(d[1]["speakers"]) == 20
    assert b"Building prefix dict" not in r.stderr


@pytest.mark.parametrize(
    "content, message",
    [(b"", b"empty"), (b"\x00\x01\x02binary\x00", b"binary"), (b"<html><body>x</body></html>", b"HTML")],
)
def test_bad_input_is_one_line_error(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = run("segment", str(f))
    assert r.returncode == 2
    assert r.stderr.count(b"\n") == 1 and message in r.stderr
    assert b"Traceback" not in r.stderr


def test_missing_file(tmp_path):
    r = run("segment", str(tmp_path / "none.txt"))
    assert r.returncode == 2 and b"no such file" in r.stderr and b"Traceback" not in r.stderr


def test_speakerless_article_says_so(tmp_path, capsys):
    f = tmp_path / "none.txt"
    f.write_text("近年来，全市基层治理成效明显。", encoding="utf-8")
    assert main(["segment", str(f)]) == 0
    assert "No speakers found" in capsys.readouterr().out


def test_help_does_not_import_torch():
    code = (
        "import sys; from summarizer.cli import build_parser\n"
        "try:\n    build_parser().parse_args(['--help'])\nexcept SystemExit:\n    pass\n"
        "import summarizer\n"
        "heavy = [m for m in ('torch', 'transformers', 'sklearn', 'matplotlib', 'jieba') if m in sys.modules]\n"
        "print(heavy)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_segmenting_the_seed_needs_no_tagger_dictionary():
    # Every name in the seed is vouched for by its structure, so jieba's dictionary (about
    # a second and a half to load) stays unloaded and the command starts fast.
    code = (
        "import sys, summarizer\n"
        f"summarizer.segment(summarizer.load_article({str(SEED)!r}))\n"
        "print('jieba' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
