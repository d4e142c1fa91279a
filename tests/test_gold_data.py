"""Validation of the gold evaluation set in ``eval/data/``.

Every ``*.json`` file there must follow the gold format described in the shared gold
README: remarks and borderline entries are whole sentences as produced by
``summarizer.metrics.split_sentences``, titles are verbatim, themes come from the
canonical list, and no sentence is credited to two speakers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summarizer.metrics import split_sentences  # noqa: E402

DATA_DIR = ROOT / "eval" / "data"
# The held-out sets (eval/heldout*/) are validated the same way: they are scored apart.
GOLD_FILES = sorted(DATA_DIR.glob("*.json")) + sorted(ROOT.glob("eval/heldout*/*.json"))

CANONICAL_THEMES = {
    "枫桥经验",
    "共建共治共享",
    "三治融合",
    "党建引领",
    "基层治理",
    "社会治理创新",
    "社会工作",
    "以人民为中心",
    "市域社会治理现代化",
    "网上社会治理",
    "治理现代化",
}
TOP_KEYS = {"id", "language", "not_speakers", "speakers"}
SPEAKER_KEYS = {"name", "titles", "role", "remarks", "borderline", "themes", "reference_summary"}


def _load(path: Path) -> tuple[dict, str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("text") is not None:
        text = doc["text"]
    else:
        text = (ROOT / doc["source"]).read_text(encoding="utf-8")
    return doc, text


def test_set_size():
    assert len(sorted(DATA_DIR.glob("*.json"))) >= 18, f"expected at least 18 gold files, found {len(GOLD_FILES)}"


def test_ids_unique():
    ids = [json.loads(p.read_text(encoding="utf-8"))["id"] for p in GOLD_FILES]
    assert len(ids) == len(set(ids))


@pytest.fixture(params=GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def gold(request):
    path = request.param
    doc, text = _load(path)
    return path, doc, text


def test_required_keys(gold):
    path, doc, text = gold
    missing = TOP_KEYS - doc.keys()
    assert not missing, f"{path.name}: missing keys {missing}"
    assert ("text" in doc) or ("source" in doc), f"{path.name}: needs text or source"
    assert doc["id"] == path.stem
    assert doc["language"] == "zh-Hans"
    assert isinstance(text, str) and text.strip()
    assert isinstance(doc["not_speakers"], list)
    assert isinstance(doc["speakers"], list) and doc["speakers"]
    for sp in doc["speakers"]:
        missing = SPEAKER_KEYS - sp.keys()
        assert not missing, f"{path.name}: speaker {sp.get('name')!r} missing {missing}"
        for key in ("titles", "remarks", "borderline", "themes"):
            assert isinstance(sp[key], list), f"{path.name}: {sp['name']}.{key} not a list"
            assert all(isinstance(x, str) and x for x in sp[key])


def test_speaker_names(gold):
    path, doc, text = gold
    names = [sp["name"] for sp in doc["speakers"]]
    assert all(isinstance(n, str) and n.strip() == n and n for n in names)
    assert len(names) == len(set(names)), f"{path.name}: duplicate speaker names"
    for n in names:
        assert n in text, f"{path.name}: speaker {n} not in text"


def test_not_speakers(gold):
    path, doc, text = gold
    names = {sp["name"] for sp in doc["speakers"]}
    for n in doc["not_speakers"]:
        assert isinstance(n, str) and n, f"{path.name}: empty not_speaker"
        assert n not in names, f"{path.name}: {n} is both speaker and not_speaker"
        assert n in text, f"{path.name}: not_speaker {n} not in text"
    assert len(doc["not_speakers"]) == len(set(doc["not_speakers"]))


def test_titles_verbatim(gold):
    path, doc, text = gold
    for sp in doc["speakers"]:
        assert len(sp["titles"]) == len(set(sp["titles"]))
        for t in sp["titles"]:
            assert t in text, f"{path.name}: title {t!r} of {sp['name']} not in text"


def test_remarks_are_whole_sentences(gold):
    path, doc, text = gold
    sentences = split_sentences(text)
    sentence_texts = {s.text for s in sentences}
    start_of = {}
    for s in sentences:
        start_of.setdefault(s.text, s.start)
    for sp in doc["speakers"]:
        for key in ("remarks", "borderline"):
            for r in sp[key]:
                assert r in text, f"{path.name}: {sp['name']} {key} not verbatim: {r!r}"
                assert r in sentence_texts, (
                    f"{path.name}: {sp['name']} {key} is not exactly one sentence: {r!r}"
                )
            assert len(sp[key]) == len(set(sp[key])), f"{path.name}: duplicate {key} in {sp['name']}"
        starts = [start_of[r] for r in sp["remarks"]]
        assert starts == sorted(starts), f"{path.name}: remarks of {sp['name']} not in text order"


def test_sentences_not_shared(gold):
    path, doc, text = gold
    owner: dict[str, str] = {}
    for sp in doc["speakers"]:
        for r in sp["remarks"] + sp["borderline"]:
            assert r not in owner, (
                f"{path.name}: sentence claimed by {owner.get(r)} and {sp['name']}: {r!r}"
            )
            owner[r] = sp["name"]


def test_themes(gold):
    path, doc, text = gold
    for sp in doc["speakers"]:
        unknown = set(sp["themes"]) - CANONICAL_THEMES
        assert not unknown, f"{path.name}: {sp['name']} has non-canonical themes {unknown}"
        assert len(sp["themes"]) == len(set(sp["themes"]))
        if not sp["remarks"]:
            assert sp["themes"] == [], f"{path.name}: {sp['name']} has themes but no remarks"


def test_reference_summary(gold):
    path, doc, text = gold
    for sp in doc["speakers"]:
        summary = sp["reference_summary"]
        if sp["remarks"]:
            assert isinstance(summary, str) and summary.strip(), (
                f"{path.name}: {sp['name']} has remarks but no reference_summary"
            )
        else:
            assert summary is None, f"{path.name}: {sp['name']} has no remarks but a summary"
