"""Batch benchmark: 2,000 articles with --jobs 1 and --jobs 2, a kill half-way and a resume.

The corpus is built by recombining the gold articles' texts (``eval/data``, ``eval/heldout*``):
article k takes the page head of one text and the body paragraphs of two others, so speakers,
remarks and themes vary from article to article; it is written as one JSONL input file
(``{"id", "text"}`` lines). Then, with ``summarizer batch --method extractive``:

1. an uninterrupted run with ``--jobs 1`` and one with ``--jobs 2`` (articles per second
   measured from the command's own final line, and wall time including start-up);
2. the ``--jobs 2`` run again, killed (SIGINT or SIGKILL, ``--signal``) once half of the
   lines are written, then the same command again to resume;
3. a comparison: the resumed file, the ``--jobs 2`` file and the ``--jobs 1`` file must be
   byte-identical, and every id must occur once, in input order.

Prints one JSON object; exits non-zero if a comparison fails.

    python eval/bench_batch.py                  # 2,000 articles in a temporary folder
    python eval/bench_batch.py -n 500 --signal SIGKILL --keep out/
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="articles (default: 2000)")
    ap.add_argument("--signal", choices=("SIGINT", "SIGKILL"), default="SIGKILL", help="how to interrupt")
    ap.add_argument("--keep", metavar="DIR", help="keep the corpus and outputs in DIR")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    build_corpus(args.n, corpus)
    outs = {k: work / f"{k}.jsonl" for k in ("jobs1", "jobs2", "resumed")}
    for p in outs.values():
        p.unlink(missing_ok=True)
    base = [sys.executable, "-m", "summarizer", "batch", str(corpus), "--method", "extractive", "--quiet"]
    report: dict = {"articles": args.n, "cpus": os.cpu_count(), "corpus": str(corpus)}

    report["jobs1"] = run(base + ["--jobs", "1", "--out", str(outs["jobs1"])])
    report["jobs2"] = run(base + ["--jobs", "2", "--out", str(outs["jobs2"])])
    # Start-up (imports, jieba's dictionaries in every process, spawning workers) is paid once
    # per run: a run of the first 40 articles measures it, and the difference gives the rate
    # of a long run.
    small = work / "small.jsonl"
    small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:40]), encoding="utf-8")
    for jobs in ("1", "2"):
        tmp = work / f"small-{jobs}.jsonl"
        tmp.unlink(missing_ok=True)
        short = run([*base[:4], str(small), *base[5:], "--jobs", jobs, "--out", str(tmp)])
        long = report[f"jobs{jobs}"]
        report[f"jobs{jobs}"]["startup_seconds"] = short["seconds"]
        report[f"jobs{jobs}"]["articles_per_second_after_startup"] = round(
            (args.n - 40) / max(long["seconds"] - short["seconds"], 1e-9), 1)

    cmd = base + ["--jobs", "2", "--out", str(outs["resumed"])]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    half = args.n // 2
    while proc.poll() is None:
        if outs["resumed"].exists() and outs["resumed"].read_bytes().count(b"\n") >= half:
            break
        time.sleep(0.02)
    proc.send_signal(getattr(signal, args.signal))
    _, err = proc.communicate()
    data = outs["resumed"].read_bytes()
    report["interrupted"] = {
        "signal": args.signal,
        "exit_status": proc.returncode,
        "lines_written": data.count(b"\n"),
        "partial_last_line_bytes": len(data) - (data.rfind(b"\n") + 1),
        "message": err.strip().splitlines()[-1] if err.strip() else "",
    }
    report["resume"] = run(cmd)

    ids = [json.loads(x)["id"] for x in corpus.read_text(encoding="utf-8").splitlines()]
    got = [json.loads(x)["id"] for x in outs["resumed"].read_text(encoding="utf-8").splitlines()]
    b1, b2, b3 = (outs[k].read_bytes() for k in ("jobs1", "jobs2", "resumed"))
    report["comparison"] = {
        "jobs2_equals_jobs1": b2 == b1,
        "resumed_equals_uninterrupted": b3 == b2,
        "ids_once_in_input_order": got == ids,
        "bytes": len(b1),
    }
    report["speedup_jobs2"] = round(report["jobs2"]["articles_per_second"] / report["jobs1"]["articles_per_second"], 2)
    report["speedup_jobs2_after_startup"] = round(report["jobs2"]["articles_per_second_after_startup"]
                                                  / report["jobs1"]["articles_per_second_after_startup"], 2)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not args.keep:
        shutil.rmtree(work)
    return 0 if all(v for k, v in report["comparison"].items() if k != "bytes") else 1


if __name__ == "__main__":
    sys.exit(main())
