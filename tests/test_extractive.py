"""The extractive summary against the lead baseline on every gold set of the project.

The claim of the README's Summaries section, checked on the real gold files: over all
gold sets together, extractive ROUGE-L is at least lead's + 0.02, on the segmenter's
remarks and on the gold remarks, and it is not below lead on any single set. Scored as
``eval/evaluate.py`` scores (character ROUGE-L F1 against each speaker's reference
summary; a speaker the segmenter misses scores 0 for both methods).
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "eval"))
import evaluate as E  # noqa: E402

GOLD_SETS = ("data", "heldout", "heldout2", "heldout3", "heldout4")


@pytest.fixture(scope="module")
def rouge_l():
    from summarizer.segment import segment
    from summarizer.summarize import ExtractiveBackend, LeadBackend, summarize_segmentations

    backends = {"lead": LeadBackend(), "extractive": ExtractiveBackend()}
    scores: dict = {}
    for name in GOLD_SETS:
        golds = [E.load_gold(p) for p in E.find_gold_files([str(ROOT / "eval" / name)])]
        inputs = {"segmenter": [segment(g.text, name=str(g.path)) for g in golds],
                  "gold": [E.gold_segmentation(g) for g in golds]}
        for input_name, segs in inputs.items():
            for method, backend in backends.items():
                values = []
                for g, res in zip(golds, summarize_segmentations(segs, backend)):
                    got = {s.speaker.name: s.summary.text for s in res.summaries}
                    values += [E.score_summary(got.get(sp.name), sp.reference_summary)["rougeL"]
                               for sp in g.speakers if sp.reference_summary]
                scores[name, input_name, method] = values
    return scores


@pytest.mark.parametrize("input_name", E.SUMMARY_INPUTS)
def test_extractive_beats_lead_over_all_gold_sets(rouge_l, input_name):
    def mean(method, sets=GOLD_SETS):
        values = [v for s in sets for v in rouge_l[s, input_name, method]]
        return sum(values) / len(values)

    assert mean("extractive") >= mean("lead") + 0.02, (mean("extractive"), mean("lead"))
    for s in GOLD_SETS:
        assert mean("extractive", [s]) >= mean("lead", [s]), (s, mean("extractive", [s]), mean("lead", [s]))
    assert sum(len(rouge_l[s, input_name, "lead"]) for s in GOLD_SETS) > 150  # every set was scored


def test_sparse_similarities_give_the_dense_result(monkeypatch, seed_text):
    """Long remarks never build the n × n matrix; the summaries must not change for it."""
    from summarizer.segment import segment
    from summarizer.summarize import ExtractiveBackend
    from summarizer.summarize.textrank import Similarity

    texts = [s.text for s in segment(seed_text).speakers_with_remarks]
    texts.append("".join(texts) * 3)
    dense = ExtractiveBackend(60).summarize_batch(texts)
    monkeypatch.setattr(Similarity, "DENSE_MAX", 0)
    assert ExtractiveBackend(60).summarize_batch(texts) == dense
