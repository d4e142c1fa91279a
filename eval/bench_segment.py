#!/usr/bin/env python3
"""Benchmark segmentation: throughput on one core and command-line cold start.

    python eval/bench_segment.py [--articles 1000] [--runs 5] [--json OUT]

The corpus is built deterministically from the gold articles' texts (eval/data): body
paragraphs are recombined until each article is at least as long as the seed, so the
articles are seed-sized, varied, and in the genre. Throughput is measured in this process
pinned to one core, after a warm-up article (start-up: imports and any lazy dictionary
load, reported separately). Cold start is the wall time of fresh processes running
``summarizer segment SEED`` and ``summarizer --help`` (median of --runs).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"


def build_corpus(n: int, rng_seed: int = 7) -> list[str]:
    from summarizer.article import parse_article, read_text

    seed_text = read_text(SEED)
    texts = [seed_text]
    for p in sorted((ROOT / "eval" / "data").glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        if "text" in d:
            texts.append(d["text"])
    paragraphs = [[para.text for para in parse_article(t).paragraphs] for t in texts]
    rng = random.Random(rng_seed)
    corpus = []
    for i in range(n):
        if i % 10 == 0:
            corpus.append(seed_text)  # the seed itself, page clutter and all
            continue
        parts, size = [], 0
        while size < len(seed_text):
            src = rng.randrange(len(paragraphs))
            start = rng.randrange(len(paragraphs[src]))
            chunk = paragraphs[src][start : start + rng.randint(2, 6)]
            parts += chunk
            size += sum(map(len, chunk))
        corpus.append("\n\n".join(parts))
    return corpus


def throughput(corpus: list[str], repeats: int = 3) -> dict:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    t0 = time.perf_counter()
    from summarizer.segment import Segmenter

    seg = Segmenter()
    seg(corpus[0])
    # Load the tagger now if no warm-up article needed it, so it is not timed below.
    seg.tagger.is_name("王建国", "王建国表示")
    startup = time.perf_counter() - t0
    # The corpus is run `repeats` times; the best run is the least disturbed by whatever
    # else the machine does (all runs are reported).
    walls, cpus = [], []
    for _ in range(repeats):
        t1, c1 = time.perf_counter(), time.process_time()
        speakers = 0
        for text in corpus:
            speakers += len(seg(text).speakers)
        walls.append(time.perf_counter() - t1)
        cpus.append(time.process_time() - c1)
    elapsed, cpu = min(walls), min(cpus)
    chars = sum(map(len, corpus))
    return {
        "articles": len(corpus),
        "mean_chars": round(chars / len(corpus)),
        "seconds": round(elapsed, 3),
        "articles_per_second": round(len(corpus) / elapsed, 1),
        "cpu_seconds": round(cpu, 3),
        "articles_per_cpu_second": round(len(corpus) / cpu, 1),
        "chars_per_second": round(chars / elapsed),
        "speakers_found": speakers,
        "all_runs_articles_per_second": [round(len(corpus) / w, 1) for w in walls],
        "startup_seconds_incl_jieba": round(startup, 3),
    }


def cold_start(runs: int) -> dict:
    exe = shutil.which("summarizer") or ""
    base = [exe] if exe else [sys.executable, "-m", "summarizer"]

    def median_wall(args):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(base + args, check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - t)
        return round(statistics.median(times), 3)

    return {
        "command": " ".join(base),
        "segment_seed_seconds": median_wall(["segment", str(SEED)]),
        "help_seconds": median_wall(["--help"]),
        "python_startup_seconds": round(
            statistics.median(
                [
                    (lambda t: (subprocess.run([sys.executable, "-c", "pass"]), time.perf_counter() - t)[1])(
                        time.perf_counter()
                    )
                    for _ in range(runs)
                ]
            ),
            3,
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5, help="cold-start runs (median reported)")
    ap.add_argument("--repeats", type=int, default=3, help="passes over the corpus (best reported)")
    ap.add_argument("--json", metavar="OUT")
    args = ap.parse_args()
    if args.articles < 1 or args.runs < 1 or args.repeats < 1:
        ap.error("--articles, --runs and --repeats must be at least 1")
    cold = cold_start(args.runs)  # first, before this process pins itself to one core
    corpus = build_corpus(args.articles)
    result = {"throughput_one_core": throughput(corpus, args.repeats), "cold_start": cold}
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
