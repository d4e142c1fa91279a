"""The evaluation script: scoring by hand-computed cases, and runs on gold files anywhere."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
import evaluate as E  # noqa: E402

TEXT = "会议召开。\n市长甲乙丙表示，要做好。要抓落实。\n丙丁戊补充。\n据了解，全市很好。"


def gold_article(tmp_path):
    return E.GoldArticle(
        id="t",
        path=tmp_path / "t.json",
        text=TEXT,
        speakers=[
            E.GoldSpeaker("甲乙丙", ["市长", "市委副书记"], "讲话", ["市长甲乙丙表示，要做好。", "要抓落实。"], ["丙丁戊补充。"], [], None),
            E.GoldSpeaker("丁戊己", [], "主持", [], [], [], None),
        ],
        not_speakers=["庚辛"],
    )


def span(s):
    i = TEXT.index(s)
    return (i, i + len(s))


def test_scores_by_hand(tmp_path):
    g = gold_article(tmp_path)
    s2 = span("要抓落实。")
    pred = [
        # s1 fully, s2 only 2 of 5 characters (not attributed), the borderline sentence fully.
        E.PredSpeaker("甲乙丙", ["市长"], [span("市长甲乙丙表示，要做好。"), (s2[0], s2[0] + 2), span("丙丁戊补充。")]),
        E.PredSpeaker("丁戊己", [], [span("据了解，全市很好。")]),
        E.PredSpeaker("庚辛", [], []),
    ]
    c = E.score_segmentation(g, pred)
    assert (c["speakers"].tp, c["speakers"].fp, c["speakers"].fn) == (2, 1, 0)
    assert (c["content_speakers"].tp, c["content_speakers"].fp, c["content_speakers"].fn) == (1, 1, 0)
    assert (c["titles"].tp, c["titles"].fp, c["titles"].fn) == (1, 0, 1)
    # Predicted remark sentences: s1 (right), narration (wrong); the borderline one is left out.
    assert (c["attribution"].tp, c["attribution"].fp, c["attribution"].fn) == (1, 1, 1)
    assert E.false_speakers(g, pred) == ["庚辛"]


def test_exactly_half_is_not_more_than_half():
    s = span("要抓落实。")  # 5 characters: 2 is less than half, 3 is more
    for covered, owned in ((2, False), (3, True)):
        owner = E._sentence_owner_pred([E.PredSpeaker("甲乙丙", [], [(s[0], s[0] + covered)])], E.split_sentences(TEXT))
        assert (2 in owner) == owned


def test_a_remark_that_is_not_a_sentence_is_a_gold_error(tmp_path):
    g = gold_article(tmp_path)
    g.speakers[0].remarks.append("要做好")
    with pytest.raises(E.GoldError, match="not a sentence"):
        E.score_segmentation(g, [])


def test_gold_file_placed_anywhere_with_source_or_text(tmp_path):
    seed_gold = json.loads((ROOT / "eval" / "data" / "people-2023-changchun.json").read_text(encoding="utf-8"))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "seed.json").write_text(json.dumps(seed_gold, ensure_ascii=False), encoding="utf-8")
    inline = {
        "id": "inline",
        "text": "市长何冬梅指出，要加强网格建设。\n会议要求，各地抓好落实。",
        "language": "zh-Hans",
        "not_speakers": [],
        "speakers": [{"name": "何冬梅", "titles": ["市长"], "role": "讲话", "remarks": ["市长何冬梅指出，要加强网格建设。"],
                      "borderline": [], "themes": [], "reference_summary": "加强网格建设。"}],
    }
    (tmp_path / "b.json").write_text(json.dumps(inline, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.json"
    r = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "evaluate.py"), str(tmp_path), "--json", str(out)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["files"]) == {"people-2023-changchun", "inline"}
    seg = report["overall"]["segmenter"]
    for m in ("speakers", "titles", "attribution"):
        assert seg[m]["f1"] == 1.0, m
    assert seg["not_speakers_reported"] == []
    assert report["overall"]["baseline"]["speakers"]["recall"] < 0.5
    assert "| people-2023-changchun | segmenter | 1.000 |" in r.stdout


def test_bad_gold_paths_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for arg in (str(bad), str(tmp_path / "missing.json")):
        r = subprocess.run([sys.executable, str(ROOT / "eval" / "evaluate.py"), arg], capture_output=True, text=True)
        assert r.returncode == 2
        assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1
