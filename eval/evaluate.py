#!/usr/bin/env python3
"""Score the toolkit against gold annotations.

    python eval/evaluate.py [GOLD_FILES_OR_DIRS ...] [--json OUT]

Gold files follow ``eval/GOLD_FORMAT.md``; with no paths, every ``*.json`` under
``eval/data/`` is scored. Metrics are exactly those the format defines, micro-averaged
over the files scored: ``speakers``, ``content_speakers``, ``titles``, ``attribution`` and
``themes`` (precision/recall/F1), each F1 with its 95% bootstrap interval over the files
(``f1_ci95``: the gold sets are small, and the interval shows how far a figure could move). Each file is scored for the segmenter and for a naive baseline
("a sentence that begins with a name followed by a cue verb belongs to that name"), so the
table shows what the segmenter adds. ``--json -`` writes the numbers to stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import SummarizerError
from summarizer.metrics import Counts, bootstrap_f1, prf, split_sentences

ROOT = Path(__file__).resolve().parent.parent

SEGMENTATION_METRICS = ("speakers", "content_speakers", "titles", "attribution")


class GoldError(SummarizerError):
    """A gold file is missing, unreadable or not in the gold format."""


# ----------------------------------------------------------------------------- gold


@dataclass
class GoldSpeaker:
    name: str
    titles: list
    role: str | None
    remarks: list
    borderline: list
    themes: list
    reference_summary: str | None


@dataclass
class GoldArticle:
    id: str
    path: Path
    text: str
    speakers: list
    not_speakers: list = field(default_factory=list)


def find_gold_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files += sorted(path.rglob("*.json"))
        elif path.is_file():
            files.append(path)
        else:
            raise GoldError(f"{p}: no such gold file or directory")
    if not files:
        raise GoldError(f"no gold files (*.json) found in {', '.join(paths)}")
    return files


def _resolve_source(source: str, gold_path: Path) -> Path:
    # "source" is relative to the project root; a gold file copied elsewhere may also sit
    # beside its article or below a root of its own, so look upwards from it too.
    candidates = [ROOT / source, Path.cwd() / source]
    candidates += [parent / source for parent in gold_path.resolve().parents]
    for c in candidates:
        if c.is_file():
            return c
    raise GoldError(f"{gold_path}: source {source!r} not found (looked relative to {ROOT} and the gold file)")


def load_gold(path: Path) -> GoldArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(f"{path}: cannot be read: {e}") from None
    except json.JSONDecodeError as e:
        raise GoldError(f"{path}: not valid JSON: {e.msg} at line {e.lineno}") from None
    if not isinstance(data, dict) or not isinstance(data.get("speakers"), list):
        raise GoldError(f"{path}: not a gold file (needs an object with a 'speakers' list)")
    if "text" in data and isinstance(data["text"], str):
        text = data["text"]
    elif "source" in data:
        from summarizer.article import read_text

        text = read_text(_resolve_source(data["source"], path))
    else:
        raise GoldError(f"{path}: has neither 'text' nor 'source'")
    speakers = []
    for i, s in enumerate(data["speakers"]):
        if not isinstance(s, dict) or not isinstance(s.get("name"), str):
            raise GoldError(f"{path}: speaker #{i + 1} has no 'name'")
        speakers.append(
            GoldSpeaker(
                name=s["name"],
                titles=list(s.get("titles") or []),
                role=s.get("role"),
                remarks=list(s.get("remarks") or []),
                borderline=list(s.get("borderline") or []),
                themes=list(s.get("themes") or []),
                reference_summary=s.get("reference_summary"),
            )
        )
    return GoldArticle(
        id=str(data.get("id") or path.stem),
        path=path,
        text=text,
        speakers=speakers,
        not_speakers=list(data.get("not_speakers") or []),
    )


# ----------------------------------------------------------------------------- systems


@dataclass
class PredSpeaker:
    name: str
    titles: list
    spans: list  # (start, end) offsets of remark text


def run_segmenter(text: str) -> list[PredSpeaker]:
    from summarizer.segment import segment

    seg = segment(text)
    return [PredSpeaker(s.name, list(s.titles), [(r.start, r.end) for r in s.remarks]) for s in seg.speakers]


_BASELINE_CUE = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,3}?)(?:在[^，,。]{1,12}?中)?"
    r"(?:表示|指出|强调|认为|说|介绍|要求|希望|提出|谈到)[，,:：“\"]"
)


def run_baseline(text: str) -> list[PredSpeaker]:
    """A sentence that begins with a name followed by a cue verb belongs to that name."""
    found: dict[str, PredSpeaker] = {}
    for s in split_sentences(text):
        m = _BASELINE_CUE.match(s.text)
        if m:
            name = m.group("name")
            found.setdefault(name, PredSpeaker(name, [], [])).spans.append((s.start, s.end))
    return list(found.values())


SYSTEMS = {"segmenter": run_segmenter, "baseline": run_baseline}


# ----------------------------------------------------------------------------- scoring


def _sentence_owner_gold(gold: GoldArticle, sentences) -> tuple[dict[int, str], set[int]]:
    by_text: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_text.setdefault(s.text, []).append(i)
    used: set[int] = set()
    owner: dict[int, str] = {}
    borderline: set[int] = set()

    def locate(sentence: str, what: str, speaker: str) -> int:
        for i in by_text.get(sentence.strip(), []):
            if i not in used:
                used.add(i)
                return i
        raise GoldError(f"{gold.path}: {what} of {speaker} is not a sentence of the text: {sentence[:30]}…")

    for sp in gold.speakers:
        for r in sp.remarks:
            owner[locate(r, "a remark", sp.name)] = sp.name
        for r in sp.borderline:
            borderline.add(locate(r, "a borderline sentence", sp.name))
    return owner, borderline


def _sentence_owner_pred(pred: list[PredSpeaker], sentences) -> dict[int, str]:
    owner: dict[int, str] = {}
    for i, s in enumerate(sentences):
        length = s.end - s.start
        for sp in pred:
            covered = sum(max(0, min(e, s.end) - max(b, s.start)) for b, e in sp.spans)
            if covered * 2 > length:
                owner[i] = sp.name
                break
    return owner


def score_segmentation(gold: GoldArticle, pred: list[PredSpeaker]) -> dict[str, Counts]:
    gold_names = {s.name for s in gold.speakers}
    pred_names = {s.name for s in pred}
    out = {
        "speakers": Counts.of_sets(pred_names, gold_names),
        "content_speakers": Counts.of_sets(
            {s.name for s in pred if s.spans}, {s.name for s in gold.speakers if s.remarks}
        ),
    }
    titles = Counts()
    pred_by_name = {s.name: s for s in pred}
    for g in gold.speakers:
        p = pred_by_name.get(g.name)
        if p is not None:
            titles.add(Counts.of_sets(p.titles, g.titles))
    out["titles"] = titles
    sentences = split_sentences(gold.text)
    g_owner, borderline = _sentence_owner_gold(gold, sentences)
    p_owner = _sentence_owner_pred(pred, sentences)
    correct = sum(1 for i, n in p_owner.items() if g_owner.get(i) == n)
    n_pred = sum(1 for i in p_owner if i not in borderline)
    out["attribution"] = Counts(tp=correct, fp=n_pred - correct, fn=len(g_owner) - correct)
    return out


def segmentation_errors(gold: GoldArticle, pred: list[PredSpeaker]) -> list[str]:
    """Every disagreement with the gold, one line each, for a developer reading the misses."""
    gold_by = {s.name: s for s in gold.speakers}
    pred_by = {s.name: s for s in pred}
    out = [f"missed speaker {n} {gold_by[n].titles}" for n in gold_by if n not in pred_by]
    out += [f"extra speaker {n} {pred_by[n].titles}" for n in pred_by if n not in gold_by]
    for n in gold_by.keys() & pred_by.keys():
        if set(gold_by[n].titles) != set(pred_by[n].titles):
            out.append(f"titles of {n}: gold {gold_by[n].titles} predicted {pred_by[n].titles}")
    sentences = split_sentences(gold.text)
    g_owner, borderline = _sentence_owner_gold(gold, sentences)
    p_owner = _sentence_owner_pred(pred, sentences)
    for i, s in enumerate(sentences):
        g, p = g_owner.get(i), p_owner.get(i)
        if g != p and not (g is None and i in borderline):
            out.append(f"sentence {i} gold {g or '-'} predicted {p or '-'}: {s.text[:70]}")
    return out


def false_speakers(gold: GoldArticle, pred: list[PredSpeaker]) -> list[str]:
    """Predicted speakers the gold names as people who did not speak."""
    gold_names = {s.name for s in gold.speakers}
    return sorted({p.name for p in pred} & (set(gold.not_speakers) - gold_names))


def _numbers(c: Counts, per_file: list[Counts] | None = None) -> dict:
    """Precision, recall, F1 and counts; with the per-file counts, the F1's 95% bootstrap interval."""
    out = {**{k: round(v, 4) for k, v in prf(c).items()}, "tp": c.tp, "fp": c.fp, "fn": c.fn}
    if per_file:
        out["f1_ci95"] = [round(x, 4) for x in bootstrap_f1(per_file)]
    return out


def evaluate(files: list[Path], systems: list[str]) -> dict:
    per_file: dict[str, dict] = {}
    totals = {s: {m: Counts() for m in SEGMENTATION_METRICS} for s in systems}
    by_file: dict[str, dict[str, list[Counts]]] = {s: {m: [] for m in SEGMENTATION_METRICS} for s in systems}
    not_speakers: dict[str, list[str]] = {s: [] for s in systems}
    for path in files:
        gold = load_gold(path)
        row = {}
        for sysname in systems:
            pred = SYSTEMS[sysname](gold.text)
            counts = score_segmentation(gold, pred)
            for m, c in counts.items():
                totals[sysname][m].add(c)
                by_file[sysname][m].append(c)
            bad = false_speakers(gold, pred)
            not_speakers[sysname] += [f"{gold.id}:{n}" for n in bad]
            row[sysname] = {m: _numbers(c) for m, c in counts.items()}
            row[sysname]["not_speakers_reported"] = bad
        per_file[gold.id] = row
    overall = {
        s: {**{m: _numbers(c, by_file[s][m]) for m, c in totals[s].items()}, "not_speakers_reported": not_speakers[s]}
        for s in systems
    }
    return {"files": per_file, "overall": overall, "n_files": len(files)}


# ----------------------------------------------------------------------------- summaries

SUMMARY_METHODS = ("lead", "extractive", "seq2seq")
ROUGE_METRICS = ("rouge1", "rouge2", "rougeL")
# "segmenter": summaries of the remarks the segmenter found (the metric the gold README
# defines: a speaker it misses scores 0). "gold": summaries of the gold remarks, which
# isolates the summarizer from segmentation errors.
SUMMARY_INPUTS = ("segmenter", "gold")


def score_summary(pred: str | None, ref: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 on characters (CJK, letters, digits); a missing summary scores 0."""
    from summarizer.metrics import char_tokens, rouge_l, rouge_n

    if not pred:
        return {m: 0.0 for m in ROUGE_METRICS}
    return {
        "rouge1": rouge_n(pred, ref, 1, char_tokens),
        "rouge2": rouge_n(pred, ref, 2, char_tokens),
        "rougeL": rouge_l(pred, ref, char_tokens),
    }


def gold_segmentation(gold: GoldArticle):
    """A Segmentation whose speakers say exactly their gold remarks."""
    from summarizer.article import parse_article
    from summarizer.segment import Remark, Segmentation, Speaker

    speakers = []
    for g in gold.speakers:
        remarks = []
        for r in g.remarks:
            start = gold.text.find(r)
            remarks.append(Remark(r, start, start + len(r), "indirect"))
        speakers.append(Speaker(g.name, tuple(g.titles), g.role, tuple(remarks)))
    return Segmentation(parse_article(gold.text, name=str(gold.path)), tuple(speakers))


def evaluate_summaries(files: list[Path], methods: list[str], model: str | None = None,
                       device: str | None = None, engine: str | None = None) -> dict:
    """ROUGE of each summary method over every gold speaker with a reference summary.

    ``lead`` (the first sentence) is the baseline the other methods have to beat."""
    from summarizer.segment import segment
    from summarizer.summarize import load_backend, summarize_segmentations

    golds = [load_gold(p) for p in files]
    inputs = {
        "segmenter": [segment(g.text, name=str(g.path)) for g in golds],
        "gold": [gold_segmentation(g) for g in golds],
    }
    rows, per_file = [], {g.id: {} for g in golds}
    for method in methods:
        backend = load_backend(method, model, device=device, engine=engine)
        for input_name in SUMMARY_INPUTS:
            results = summarize_segmentations(inputs[input_name], backend)
            totals = {m: 0.0 for m in ROUGE_METRICS}
            n = 0
            for g, res in zip(golds, results):
                predicted = {s.speaker.name: s.summary.text for s in res.summaries}
                scored = []
                for sp in g.speakers:
                    if not sp.reference_summary:
                        continue
                    sc = score_summary(predicted.get(sp.name), sp.reference_summary)
                    scored.append({"speaker": sp.name, "summary": predicted.get(sp.name), **sc})
                    for m in ROUGE_METRICS:
                        totals[m] += sc[m]
                n += len(scored)
                per_file[g.id][f"{method}/{input_name}"] = scored
            rows.append({
                "method": method,
                "model": backend.model,
                "input": input_name,
                "speakers": n,
                **{m: round(totals[m] / n, 4) if n else 0.0 for m in ROUGE_METRICS},
            })
    return {"rows": rows, "files": per_file}


def format_rouge_table(report: dict) -> str:
    lines = [
        "ROUGE F1 (character level), averaged over gold speakers with a reference summary:",
        "",
        "| method | model | remarks from | speakers | rouge1 | rouge2 | rougeL |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        lines.append(
            f"| {r['method']} | {r['model'] or '—'} | {r['input']} | {r['speakers']} | "
            f"{r['rouge1']:.3f} | {r['rouge2']:.3f} | {r['rougeL']:.3f} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------- themes

# "segmenter"/"baseline": themes of the remarks that system attributes to the gold speaker's
# name (the metric the gold README defines); "gold": themes of the gold remarks themselves,
# which isolates the lexicon from segmentation errors.
THEME_INPUTS = (*SYSTEMS, "gold")


def predicted_themes(lexicon, text: str, spans) -> set[str]:
    return set(lexicon.themes_in("".join(text[b:e] for b, e in spans)))


def evaluate_themes(files: list[Path], lexicon_path: str | None = None) -> dict:
    """themes.precision/recall/f1: per gold speaker with remarks, predicted vs gold theme names."""
    from summarizer.themes import load_lexicon

    lexicon = load_lexicon(lexicon_path)
    totals = {k: Counts() for k in THEME_INPUTS}
    by_file: dict[str, list[Counts]] = {k: [] for k in THEME_INPUTS}
    per_file: dict[str, dict] = {}
    for path in files:
        gold = load_gold(path)
        spans = {name: {p.name: p.spans for p in SYSTEMS[name](gold.text)} for name in SYSTEMS}
        row: dict[str, dict] = {}
        misses = []
        for key in THEME_INPUTS:
            c = Counts()
            for g in gold.speakers:
                if not g.remarks:
                    continue
                if key == "gold":
                    found = set(lexicon.themes_in("".join(g.remarks)))
                else:
                    found = predicted_themes(lexicon, gold.text, spans[key].get(g.name, []))
                c.add(Counts.of_sets(found, g.themes))
                if key == "segmenter" and found != set(g.themes):
                    misses.append({"speaker": g.name, "extra": sorted(found - set(g.themes)),
                                   "missing": sorted(set(g.themes) - found)})
            totals[key].add(c)
            by_file[key].append(c)
            row[key] = _numbers(c)
        row["segmenter_differences"] = misses
        per_file[gold.id] = row
    return {"lexicon": lexicon.source, "files": per_file, "overall": {k: _numbers(c, by_file[k]) for k, c in totals.items()}}


def format_themes_table(themes: dict) -> str:
    lines = [
        "Themes (per gold speaker with remarks, predicted canonical themes vs gold `themes`; "
        f"lexicon: {themes['lexicon']}):",
        "",
        "| file | " + " | ".join(f"{k} P | {k} R | {k} F1" for k in THEME_INPUTS) + " |",
        "|---|" + "---|---|---|" * len(THEME_INPUTS),
    ]

    def cells(r: dict) -> str:
        return " | ".join(f"{r[k]['precision']:.3f} | {r[k]['recall']:.3f} | {r[k]['f1']:.3f}" for k in THEME_INPUTS)

    for fid, r in themes["files"].items():
        lines.append(f"| {fid} | {cells(r)} |")
    lines.append(f"| **overall** | {cells(themes['overall'])} |")
    lines += ["", "F1 95% bootstrap interval over the files: "
              + ", ".join(f"{k} {_ci(themes['overall'][k])}" for k in THEME_INPUTS)]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- output


def _ci(n: dict) -> str:
    lo, hi = n["f1_ci95"]
    return f"{lo:.3f}–{hi:.3f}"


def format_table(report: dict) -> str:
    systems = list(report["overall"])
    head = "| file | system | speakers F1 | content F1 | titles F1 | attribution P | attribution R | attribution F1 | not-speakers reported |"
    lines = [head, "|" + "---|" * 9]

    def row(label: str, sysname: str, r: dict) -> str:
        a = r["attribution"]
        ns = len(r["not_speakers_reported"])
        return (
            f"| {label} | {sysname} | {r['speakers']['f1']:.3f} | {r['content_speakers']['f1']:.3f} | "
            f"{r['titles']['f1']:.3f} | {a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} | {ns} |"
        )

    for fid, r in report["files"].items():
        for s in systems:
            lines.append(row(fid, s, r[s]))
    lines.append("")
    lines.append(f"Overall ({report['n_files']} files, micro-averaged):")
    lines.append("")
    lines.append("| system | metric | precision | recall | f1 | f1 95% CI | tp | fp | fn |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for s in systems:
        for m in SEGMENTATION_METRICS:
            n = report["overall"][s][m]
            lines.append(
                f"| {s} | {m} | {n['precision']:.3f} | {n['recall']:.3f} | {n['f1']:.3f} | {_ci(n)} "
                f"| {n['tp']} | {n['fp']} | {n['fn']} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", metavar="GOLD", help="gold JSON files or directories (default: eval/data)")
    ap.add_argument("--json", metavar="OUT", help="also write the numbers as JSON to OUT (- for stdout)")
    ap.add_argument("--method", action="append", choices=SUMMARY_METHODS, metavar="METHOD",
                    help="summary method to score with ROUGE: lead, extractive or seq2seq; repeat for "
                    "several (default: lead and extractive)")
    ap.add_argument("--model", metavar="NAME|PATH", help="model for --method seq2seq (default: the xlsum preset)")
    ap.add_argument("--device", metavar="DEVICE", help="device for --method seq2seq (default: auto)")
    ap.add_argument("--engine", metavar="ENGINE", help="engine for --method seq2seq: torch (default) or ctranslate2")
    ap.add_argument("--lexicon", metavar="FILE", help="theme lexicon for the themes metrics (default: the bundled one)")
    ap.add_argument("--errors", action="store_true",
                    help="list every disagreement of the segmenter with the gold (speakers, titles, sentences) "
                    "instead of the scores")
    args = ap.parse_args(argv)
    paths = args.paths or [str(ROOT / "eval" / "data")]
    try:
        files = find_gold_files(paths)
        if args.errors:
            for path in files:
                gold = load_gold(path)
                for line in segmentation_errors(gold, run_segmenter(gold.text)):
                    print(f"{gold.id}: {line}")
            return 0
        report = evaluate(files, list(SYSTEMS))
        report["themes"] = evaluate_themes(files, args.lexicon)
        for sysname in SYSTEMS:
            report["overall"][sysname]["themes"] = report["themes"]["overall"][sysname]
        report["summaries"] = evaluate_summaries(files, args.method or ["lead", "extractive"],
                                                 args.model, args.device, args.engine)
    except SummarizerError as e:
        print(f"evaluate: error: {e}", file=sys.stderr)
        return 2
    if args.json == "-":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
        print()
        print(format_themes_table(report["themes"]))
        print()
        print(format_rouge_table(report["summaries"]))
        if args.json:
            Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
