#!/usr/bin/env python3
"""Check gold files against the gold format, without running the segmenter.

    python eval/check_gold.py GOLD_FILES_OR_DIRS ...

Annotators run this while writing gold for articles the segmenter has not seen: it reads
only the gold file and the sentence splitter the metrics use, so checking a file never
shows what the tool would predict. Each problem is printed as ``FILE: problem``; the exit
status is 1 when any file has one. ``tests/test_gold_data.py`` applies the same checks to
every committed gold set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from summarizer.metrics import split_sentences

ROOT = Path(__file__).resolve().parent.parent

CANONICAL_THEMES = frozenset(
    {
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
)
TOP_KEYS = frozenset({"id", "language", "not_speakers", "speakers"})
SPEAKER_KEYS = frozenset({"name", "titles", "role", "remarks", "borderline", "themes", "reference_summary"})
LIST_KEYS = ("titles", "remarks", "borderline", "themes")


def load(path: Path) -> tuple[dict, str]:
    """The gold document and its article text (inline ``text`` or the ``source`` file)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(doc.get("text"), str):
        return doc, doc["text"]
    source = doc.get("source")
    for base in [ROOT, *path.resolve().parents]:
        if source and (base / source).is_file():
            return doc, (base / source).read_text(encoding="utf-8")
    raise FileNotFoundError(f"article text not found (source {source!r})")


def _structure(doc: dict, stem: str) -> list[str]:
    out = [f"missing key {k!r}" for k in sorted(TOP_KEYS - doc.keys())]
    if doc.get("id") != stem:
        out.append(f"id {doc.get('id')!r} differs from the file name {stem!r}")
    if doc.get("language") != "zh-Hans":
        out.append("language must be 'zh-Hans'")
    if not isinstance(doc.get("speakers"), list) or not doc.get("speakers"):
        out.append("speakers must be a non-empty list")
        return out
    for sp in doc["speakers"]:
        missing = SPEAKER_KEYS - sp.keys()
        if missing:
            out.append(f"speaker {sp.get('name')!r} misses {sorted(missing)}")
            continue
        for key in LIST_KEYS:
            if not isinstance(sp[key], list) or not all(isinstance(x, str) and x for x in sp[key]):
                out.append(f"{sp['name']}.{key} must be a list of non-empty strings")
    return out


def _people(doc: dict, text: str) -> list[str]:
    out = []
    names = [sp["name"] for sp in doc["speakers"]]
    if len(names) != len(set(names)):
        out.append("duplicate speaker names")
    for n in names:
        if not isinstance(n, str) or not n or n.strip() != n or n not in text:
            out.append(f"speaker name {n!r} is not verbatim in the text")
    for n in doc.get("not_speakers", []):
        if n in names:
            out.append(f"{n} is both a speaker and a not_speaker")
        if not n or n not in text:
            out.append(f"not_speaker {n!r} is not in the text")
    for sp in doc["speakers"]:
        out += _speaker_fields(sp, text)
    return out


def _speaker_fields(sp: dict, text: str) -> list[str]:
    out = [f"title {t!r} of {sp['name']} is not verbatim in the text" for t in sp["titles"] if t not in text]
    unknown = set(sp["themes"]) - CANONICAL_THEMES
    if unknown:
        out.append(f"{sp['name']} has non-canonical themes {sorted(unknown)}")
    if not sp["remarks"] and (sp["themes"] or sp["reference_summary"] is not None):
        out.append(f"{sp['name']} has no remarks, so themes must be [] and reference_summary null")
    if sp["remarks"] and not (isinstance(sp["reference_summary"], str) and sp["reference_summary"].strip()):
        out.append(f"{sp['name']} has remarks but no reference_summary")
    return out


def _sentences(doc: dict, text: str) -> list[str]:
    out = []
    start_of: dict[str, int] = {}
    for s in split_sentences(text):
        start_of.setdefault(s.text, s.start)
    owner: dict[str, str] = {}
    for sp in doc["speakers"]:
        for key in ("remarks", "borderline"):
            for r in sp[key]:
                if r not in start_of:
                    where = "not verbatim in the text" if r not in text else "not exactly one sentence"
                    out.append(f"{sp['name']} {key}: {where}: {r!r}")
                if r in owner:
                    out.append(f"sentence claimed by {owner[r]} and {sp['name']}: {r!r}")
                owner[r] = sp["name"]
        starts = [start_of[r] for r in sp["remarks"] if r in start_of]
        if starts != sorted(starts):
            out.append(f"remarks of {sp['name']} are not in text order")
    return out


def problems(path: Path) -> list[str]:
    """Every way the gold file at ``path`` departs from the gold format."""
    try:
        doc, text = load(path)
    except (OSError, ValueError) as exc:
        return [f"unreadable: {exc}"]
    found = _structure(doc, path.stem)
    if found:
        return found
    return _people(doc, text) + _sentences(doc, text)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    files = [f for a in args for f in (sorted(Path(a).rglob("*.json")) if Path(a).is_dir() else [Path(a)])]
    bad = 0
    for f in files:
        found = problems(f)
        bad += bool(found)
        for p in found:
            print(f"{f}: {p}")
    print(f"{len(files)} gold files checked, {bad} with problems", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
