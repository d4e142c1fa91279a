#!/usr/bin/env python3
"""Segmentation speed of the working tree against a git revision, side by side.

    python eval/bench_segment_ab.py REV [--rounds 6] [--articles 200] [--json OUT]

Absolute articles/s move with the machine (a shared host can halve them between two runs of
the same code), so a rule change is judged by a ratio measured in one sitting: the package
at REV is extracted with ``git archive`` into a temporary directory, and fresh processes of
the two versions alternate, each segmenting the same corpus (``bench_segment.build_corpus``)
after a warm-up and timing it in CPU seconds. Prints each run, the medians and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(1, sys.argv[2])
from bench_segment import build_corpus
from summarizer.segment import Segmenter
corpus = build_corpus(int(sys.argv[3]))
seg = Segmenter()
for text in corpus[:10]:
    seg(text)
start = time.process_time()
for text in corpus:
    seg(text)
print(len(corpus) / (time.process_time() - start))
"""


def extract(rev: str, into: Path) -> Path:
    """The ``summarizer`` package as it was at ``rev``, under ``into``."""
    tar = subprocess.run(["git", "archive", rev, "summarizer"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(tar)) as t:
        t.extractall(into, filter="data")
    return into


def run_once(package_root: Path, articles: int) -> float:
    # Run from a neutral directory so that only package_root provides `summarizer`.
    out = subprocess.run([sys.executable, "-c", _RUN, str(package_root), str(ROOT / "eval"), str(articles)],
                         capture_output=True, text=True, cwd=tempfile.gettempdir(), check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rev", help="git revision to compare the working tree with (e.g. HEAD~3)")
    ap.add_argument("--rounds", type=int, default=6, help="alternating runs of each version (default 6)")
    ap.add_argument("--articles", type=int, default=200, help="articles per run (default 200)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON to OUT")
    args = ap.parse_args(argv)
    if args.rounds < 1 or args.articles < 1:
        ap.error("--rounds and --articles must be positive")
    with tempfile.TemporaryDirectory() as tmp:
        old = extract(args.rev, Path(tmp))
        runs: dict[str, list[float]] = {args.rev: [], "working tree": []}
        for _ in range(args.rounds):
            runs[args.rev].append(run_once(old, args.articles))
            runs["working tree"].append(run_once(ROOT, args.articles))
    medians = {k: statistics.median(v) for k, v in runs.items()}
    report = json.dumps({
        "articles_per_cpu_second": {k: [round(x, 1) for x in v] for k, v in runs.items()},
        "median": {k: round(v, 1) for k, v in medians.items()},
        "ratio_working_tree_to_rev": round(medians["working tree"] / medians[args.rev], 3),
    }, ensure_ascii=False, indent=2)
    print(report)
    if args.json:
        Path(args.json).write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
