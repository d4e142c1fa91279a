"""ROUGE as the gold README defines it: F1 over characters, punctuation and spaces dropped.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from summarizer.metrics import char_tokens, rouge_l, rouge_n

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def evaluate():
    spec = importlib.util.spec_from_file_location("evaluate_script", ROOT / "eval" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_char_tokens_keep_chinese_drop_punctuation():
    # A whitespace or ASCII-word tokenizer would see no tokens at all here.
    assert char_tokens("基层，治理！ AB 2023。") == ["基", "层", "治", "理", "a", "b", "2", "0", "2", "3"]


def test_rouge_hand_computed():
    pred, ref = "基层治理创新", "创新基层治理"
    # Unigrams: all 6 shared -> P = R = 1.
    assert rouge_n(pred, ref, 1, char_tokens) == 1.0
    # Bigrams: pred 基层 层治 治理 理创 创新, ref 创新 新基 基层 层治 治理: 4 shared of 5 and 5.
    assert rouge_n(pred, ref, 2, char_tokens) == pytest.approx(0.8)
    # LCS 基层治理 = 4 of 6 and 6 -> F1 = 4/6.
    assert rouge_l(pred, ref, char_tokens) == pytest.approx(4 / 6)


def test_rouge_clipped_counts_and_unequal_lengths():
    pred, ref = "治理治理治理", "社会治理"
    # Unigrams: pred 治x3 理x3, ref 社 会 治 理: clipped overlap 2. P = 2/6, R = 2/4, F1 = 0.4.
    assert rouge_n(pred, ref, 1, char_tokens) == pytest.approx(0.4)
    # Bigrams: pred 治理x3 理治x2 (5), ref 社会 会治 治理 (3): overlap 1. P = 1/5, R = 1/3, F1 = 0.25.
    assert rouge_n(pred, ref, 2, char_tokens) == pytest.approx(0.25)
    # LCS 治理 = 2: P = 2/6, R = 2/4, F1 = 0.4.
    assert rouge_l(pred, ref, char_tokens) == pytest.approx(0.4)
    # Punctuation never counts: the same text with and without it scores 1.
    assert rouge_l("要以人民为中心。", "要以人民为中心", char_tokens) == 1.0


def test_missing_summary_scores_zero(evaluate):
    assert evaluate.score_summary(None, "要以人民为中心") == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    assert evaluate.score_summary("", "要以人民为中心")["rougeL"] == 0.0


def test_rouge_rows_average_over_gold_speakers_with_a_reference(evaluate, tmp_path):
    text = "会议在北京举行。\n张三表示,要坚持党建引领基层治理。\n李四指出,要发展社会工作。\n"
    gold = {
        "id": "tiny",
        "text": text,
        "speakers": [
            {"name": "张三", "titles": [], "remarks": ["张三表示,要坚持党建引领基层治理。"],
             "reference_summary": "坚持党建引领基层治理。"},
            {"name": "李四", "titles": [], "remarks": ["李四指出,要发展社会工作。"],
             "reference_summary": "发展社会工作的重要性。"},
            {"name": "王五", "titles": [], "remarks": [], "reference_summary": None},
        ],
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    report = evaluate.evaluate_summaries([path], ["lead"])
    row = next(r for r in report["rows"] if r["input"] == "gold")
    assert row["speakers"] == 2  # 王五 has no reference summary and is not averaged
    # Lead drops the frame: 张三 -> 要坚持党建引领基层治理 vs 坚持党建引领基层治理:
    #   R1: 10 shared, P 10/11, R 1 -> 20/21; R2: 9 shared of 10 and 9 -> 18/19; RL 10 -> 20/21.
    # 李四 -> 要发展社会工作 (7) vs 发展社会工作的重要性 (10): R1 all 7 shared (要 is in 重要性),
    #   P 1, R 7/10 -> 14/17; R2 5 shared of 6 and 9 -> 10/15; RL 发展社会工作 = 6 -> 12/17
    #   (要 comes first in one, last in the other, so it is not in the common subsequence).
    assert row["rouge1"] == pytest.approx(round((20 / 21 + 14 / 17) / 2, 4))
    assert row["rouge2"] == pytest.approx(round((18 / 19 + 10 / 15) / 2, 4))
    assert row["rougeL"] == pytest.approx(round((20 / 21 + 12 / 17) / 2, 4))


def test_every_gold_speaker_with_remarks_has_a_reference_summary(gold_files):
    for path in gold_files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for sp in data["speakers"]:
            if sp.get("remarks"):
                assert sp.get("reference_summary"), f"{path.name}: {sp['name']} has no reference_summary"
