"""Batch benchmark: 2,000 articles through each runner side by side, a kill half-way and a resume.

The corpus is built by recombining the gold articles' texts (``eval/data``, ``eval/heldout*``):
article k takes the page head of one text and the body paragraphs of two others, so speakers,
remarks and themes vary from article to article; it is written as one JSONL input file
(``{"id", "text"}`` lines). Then, with ``summarizer batch --method extractive``:

1. one uninterrupted run per runner (``local1`` = ``--jobs 1``, ``local2`` = ``--jobs 2``,
   ``localN``, ``ray`` = ``--runner ray`` with a local Ray), in the order given: articles per
   second from the command's own final line, and wall time including start-up. With
   ``--repeat N`` the runners take turns N times and the best run of each is reported (other
   work on the machine only ever slows a run down), with every run's rate;
2. start-up: a run of the first 40 articles per runner measures what a run pays before its
   articles (imports, jieba's dictionary in every process, spawning workers, starting Ray);
   the difference gives the rate after start-up. Separately, the phases of one worker's
   start-up are timed in a fresh process (imports, jieba's dictionary, its POS tagger, a
   theme tokenizer, scikit-learn, the first article);
3. the ``--interrupt`` runner's run again, killed (SIGINT or SIGKILL, ``--signal``) once half
   of the lines are written, then the same command again to resume;
4. a comparison: every runner's file and the resumed file must be byte-identical, and
   every id must occur once, in input order.

Prints one JSON object (and writes it to ``--json OUT``); exits non-zero if a comparison fails.

    python eval/bench_batch.py --runners local1,local2,ray --json out.json   # 2,000 articles
    python eval/bench_batch.py -n 500 --runners local1,local2 --signal SIGINT --keep out/
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = 40  # articles of the start-up run

#: Runner name -> its options of ``summarizer batch``.
RUNNERS = {
    r"local(\d+)": lambda m: ["--jobs", m.group(1)],
    r"ray": lambda m: ["--runner", "ray"],
}

#: One worker's start-up, phase by phase, in a fresh interpreter (printed as JSON).
STARTUP_PROBE = """
import json, time
t = [time.perf_counter()]
from summarizer.analyze import Analyzer
from summarizer.dictionary import default_tokenizer, pos_tokenizer, private_tokenizer
a = Analyzer("extractive"); t.append(time.perf_counter())
default_tokenizer(); t.append(time.perf_counter())
pos_tokenizer(); t.append(time.perf_counter())
private_tokenizer(["枫桥经验"]); t.append(time.perf_counter())
import sklearn.feature_extraction.text; t.append(time.perf_counter())
a.analyze(open(%r, encoding="utf-8").read(), "seed"); t.append(time.perf_counter())
names = ["imports", "jieba_dictionary", "pos_tagger", "theme_tokenizer_copy", "scikit_learn", "first_article"]
print(json.dumps({n: round(b - a_, 3) for n, a_, b in zip(names, t, t[1:])}))
"""


def gold_texts() -> list[str]:
    texts = []
    for folder in ("eval/data", "eval/heldout", "eval/heldout2"):
        for f in sorted((ROOT / folder).glob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            if isinstance(d.get("text"), str):
                texts.append(d["text"])
            elif d.get("source"):
                texts.append((ROOT / d["source"]).read_text(encoding="utf-8"))
    return texts


def build_corpus(n: int, path: Path) -> None:
    texts = gold_texts()
    paras = [[p for p in re.split(r"\n\s*\n", t) if p.strip()] for t in texts]
    m = len(texts)
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            a, b, c = paras[k % m], paras[(k * 7 + 3) % m], paras[(k * 13 + 5) % m]
            head, body_a = a[:2], a[2:]
            # Whole paragraphs only: a speaker's continuation never loses its opening sentence.
            body = body_a[: 1 + k % max(1, len(body_a))] + b[2:][: 2 + k % 3] + c[2:][: 1 + k % 2]
            text = "\n\n".join(head + body) + "\n"
            fh.write(json.dumps({"id": f"art-{k:05d}", "text": text}, ensure_ascii=False) + "\n")


def runner_args(name: str) -> list[str]:
    for pattern, args in RUNNERS.items():
        if m := re.fullmatch(pattern, name):
            return args(m)
    raise SystemExit(f"unknown runner {name!r}; allowed: local1, local2, localN, ray")


def final_line(stderr: str) -> dict:
    m = re.search(r"batch: (\d+) ok, (\d+) failed, (\d+) skipped in ([\d.]+) s \(([\d.]+) articles/s\)", stderr)
    if not m:
        raise SystemExit(f"no final line in the output:\n{stderr[-2000:]}")
    ok, failed, skipped, secs, rate = m.groups()
    return {"ok": int(ok), "failed": int(failed), "skipped": int(skipped), "seconds": float(secs),
            "articles_per_second": float(rate)}


def run(cmd: list[str]) -> dict:
    t = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return {**final_line(r.stderr), "wall_seconds": round(wall, 2)}


def measure(name: str, base: list[str], corpus: Path, small: Path, out: Path) -> dict:
    """A full run and a start-up run of one runner."""
    out.unlink(missing_ok=True)
    full = run([*base, str(corpus), *runner_args(name), "--out", str(out)])
    tmp = out.with_name(f"small-{name}.jsonl")
    tmp.unlink(missing_ok=True)
    short = run([*base, str(small), *runner_args(name), "--out", str(tmp)])
    return {**full, "startup_seconds": short["seconds"], "startup_wall_seconds": short["wall_seconds"]}


def best(runs: list[dict], n: int) -> dict:
    """The best of repeated runs (others on the machine only ever slow a run down), with all rates."""
    top = dict(max(runs, key=lambda r: r["articles_per_second"]))
    top["startup_seconds"] = min(r["startup_seconds"] for r in runs)
    top["startup_wall_seconds"] = min(r["startup_wall_seconds"] for r in runs)
    left = top["seconds"] - top["startup_seconds"]  # not positive only on a machine too busy to measure
    top["articles_per_second_after_startup"] = round((n - SMALL) / left, 1) if left > 0 else None
    top["all_articles_per_second"] = [r["articles_per_second"] for r in runs]
    return top


def interrupt(cmd: list[str], out: Path, n: int, sig: str) -> dict:
    out.unlink(missing_ok=True)
    # Its own session: a SIGKILL takes the runner's helpers (a local Ray) along with it.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    while proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= n // 2:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, getattr(signal, sig)) if sig == "SIGKILL" else proc.send_signal(getattr(signal, sig))
    _, err = proc.communicate()
    data = out.read_bytes()
    return {"signal": sig, "exit_status": proc.returncode, "lines_written": data.count(b"\n"),
            "partial_last_line_bytes": len(data) - (data.rfind(b"\n") + 1),
            "message": err.strip().splitlines()[-1] if err.strip() else ""}


def startup_phases() -> dict:
    code = STARTUP_PROBE % str(ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if r.returncode:
        raise SystemExit(f"start-up probe failed:\n{r.stderr[-2000:]}")
    phases = json.loads(r.stdout)
    return {**phases, "total": round(sum(phases.values()), 3)}


def compare(corpus: Path, outs: dict[str, Path], resumed: Path, names: list[str]) -> dict:
    """Every runner's file and the resumed one against the first runner's, byte for byte."""
    first = names[0]
    ids = [json.loads(x)["id"] for x in corpus.read_text(encoding="utf-8").splitlines()]
    got = [json.loads(x)["id"] for x in resumed.read_text(encoding="utf-8").splitlines()]
    reference = outs[first].read_bytes()
    return {
        **{f"{name}_equals_{first}": outs[name].read_bytes() == reference for name in names[1:]},
        "resumed_equals_uninterrupted": resumed.read_bytes() == reference,
        "ids_once_in_input_order": got == ids,
        "bytes": len(reference),
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="articles (default: 2000)")
    ap.add_argument("--runners", default="local1,local2", help="comma-separated: local1, local2, localN, ray "
                    "(default: local1,local2); the first is the baseline of the speed-ups")
    ap.add_argument("--interrupt", default=None, metavar="RUNNER",
                    help="runner killed half-way and resumed (default: the second runner, else the first)")
    ap.add_argument("--signal", choices=("SIGINT", "SIGKILL"), default="SIGKILL", help="how to interrupt")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="runs per runner, interleaved; the best is reported, with every rate (default: 1)")
    ap.add_argument("--json", metavar="OUT", help="also write the report here")
    ap.add_argument("--keep", metavar="DIR", help="keep the corpus and outputs in DIR")
    args = ap.parse_args()
    names = [r.strip() for r in args.runners.split(",") if r.strip()]
    for name in names:
        runner_args(name)
    victim = args.interrupt or names[min(1, len(names) - 1)]

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, small = work / "corpus.jsonl", work / "small.jsonl"
    build_corpus(args.n, corpus)
    small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:SMALL]), encoding="utf-8")
    base = [sys.executable, "-m", "summarizer", "batch", "--method", "extractive", "--quiet"]
    report: dict = {"articles": args.n, "cpus": os.cpu_count(), "corpus": str(corpus),
                    "repeats": args.repeat,
                    "worker_startup_phases_seconds": startup_phases()}
    outs = {name: work / f"{name}.jsonl" for name in names}
    runs: dict[str, list] = {name: [] for name in names}
    for _ in range(args.repeat):  # interleaved, so a busy spell of the machine hits every runner alike
        for name in names:
            runs[name].append(measure(name, base, corpus, small, outs[name]))
    report["runners"] = {name: best(r, args.n) for name, r in runs.items()}

    resumed = work / "resumed.jsonl"
    cmd = [*base, str(corpus), *runner_args(victim), "--out", str(resumed)]
    report["interrupted"] = {"runner": victim, **interrupt(cmd, resumed, args.n, args.signal)}
    report["resume"] = run(cmd)

    first = names[0]
    report["comparison"] = compare(corpus, outs, resumed, names)
    base_run = report["runners"][first]
    report["speedup_over_" + first] = {name: {
        "overall": _ratio(r["articles_per_second"], base_run["articles_per_second"]),
        "after_startup": _ratio(r["articles_per_second_after_startup"], base_run["articles_per_second_after_startup"]),
    } for name, r in report["runners"].items()}
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work)
    return 0 if all(v for k, v in report["comparison"].items() if k != "bytes") else 1


if __name__ == "__main__":
    sys.exit(main())
