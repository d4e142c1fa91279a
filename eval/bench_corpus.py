"""Corpus benchmark: ``summarizer corpus`` over 10,000 batch lines, time and memory.

The lines are real batch output, recombined and re-dated:

1. ``--sources`` articles (default 400) are recombined from the gold texts exactly as
   ``eval/bench_batch.py`` does (the page head of one text, body paragraphs of two others)
   and analysed by the real ``summarizer batch --method extractive``: every line is what a
   user's batch run writes.
2. Line *k* of the benchmark is source line ``k mod sources`` with a new id and a new date:
   the date the corpus view reads (the head's date line, or another line of the page head)
   is rewritten in the text and in ``published``, digit for digit so that every offset stays
   valid, to a day spread over 2022–2024. Lines dated only by their dateline, or not at all,
   keep that: the mix of date sources stays that of the gold texts.

The corpus view never reuses work across lines (its tokenizer's cache is emptied after each
article), so a recombined line costs what a new one would. Then ``summarizer corpus BENCH.jsonl
-o report.html`` runs with ``--jobs 1`` and ``--jobs 2``, each timed (wall clock) and its
memory sampled every 50 ms (resident set of the command and its worker processes together,
from /proc). Prints one JSON object; exits 1 if a run exceeds the bounds (30 s, 2 GiB).

    python eval/bench_corpus.py                    # 10,000 lines in a temporary folder
    python eval/bench_corpus.py -n 2000 --jobs 2 --keep out/
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# bench_batch sits beside this script (python puts the script's folder first on the path).
from bench_batch import build_corpus as build_inputs  # noqa: E402  (the same recombined texts)

BOUNDS = {"seconds": 30.0, "rss_bytes": 2 * 1024**3}
_DIGITS = re.compile(r"(?P<y>\d{4})(?P<s1>\s*[年\-/.]\s*)(?P<m>\d{1,2})(?P<s2>\s*[月\-/.]\s*)(?P<d>\d{1,2})")


def redate(line: dict, day: datetime.date) -> dict:
    """``line`` with the date the corpus reads moved to ``day``, every offset unchanged."""
    from summarizer.article import published_date

    found = published_date(line["text"], published=line.get("published"), dateline=line.get("dateline"),
                           name=line["id"])
    if found.origin not in ("head", "date-line"):
        return line  # dated by its dateline, or undated: left as the gold text has it
    m = _DIGITS.search(found.published)
    month = day.month if len(m["m"]) == 2 else (day.month - 1) % 9 + 1
    new = (f"{day.year:04d}{m['s1']}{month:0{len(m['m'])}d}{m['s2']}"
           f"{day.day if len(m['d']) == 2 else (day.day - 1) % 9 + 1:0{len(m['d'])}d}")
    raw = found.published[: m.start()] + new + found.published[m.end():]
    assert len(raw) == len(found.published)
    out = dict(line, text=line["text"].replace(found.published, raw, 1))
    if line.get("published") == found.published:
        out["published"] = raw
    return out


def build_lines(sources: Path, n: int, out: Path) -> dict:
    lines = [json.loads(x) for x in sources.open(encoding="utf-8")]
    lines = [x for x in lines if "error" not in x]
    start = datetime.date(2022, 1, 1)
    with out.open("w", encoding="utf-8") as fh:
        for k in range(n):
            src = lines[k % len(lines)]
            line = redate(dict(src, id=f"bench-{k:05d}"), start + datetime.timedelta(days=(k * 7919) % 1096))
            fh.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    return {"source_lines": len(lines), "lines": n, "bytes": out.stat().st_size}


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for row in Path(f"/proc/{pid}/status").read_text().splitlines():
                if row.startswith("VmRSS:"):
                    total += int(row.split()[1]) * 1024
        except OSError:
            pass
    return total


def timed(cmd: list[str]) -> dict:
    import resource

    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.monotonic() - t
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The machine may be shared: the load before the run says how much of it this run had.
    return {"wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), "load_before": round(load, 2),
            "peak_rss_mib": round(peak[0] / 2**20, 1),
            "within_bounds": wall < BOUNDS["seconds"] and peak[0] < BOUNDS["rss_bytes"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="batch lines in the benchmark (default: 10000)")
    ap.add_argument("--sources", type=int, default=400, help="real batch lines they are made from (default: 400)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to time (default: 1 2)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files (default: a temporary folder)")
    ap.add_argument("--reuse", action="store_true", help="with --keep: time the lines already built in DIR")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    exe = [sys.executable, "-m", "summarizer"]
    try:
        if args.reuse and (work / "bench.jsonl").is_file():
            report = {"corpus": {"reused": str(work / "bench.jsonl")}, "runs": {}}
        else:
            build_inputs(args.sources, work / "sources-in.jsonl")
            (work / "sources.jsonl").unlink(missing_ok=True)
            subprocess.run(exe + ["batch", str(work / "sources-in.jsonl"), "--out", str(work / "sources.jsonl"),
                                  "--method", "extractive", "--quiet"], check=True, stderr=subprocess.DEVNULL)
            report = {"corpus": build_lines(work / "sources.jsonl", args.n, work / "bench.jsonl"), "runs": {}}
        for jobs in args.jobs:
            out = work / f"report-jobs{jobs}.html"
            report["runs"][f"jobs {jobs}"] = {
                **timed(exe + ["corpus", str(work / "bench.jsonl"), "-o", str(out), "--jobs", str(jobs)]),
                "report_mib": round(out.stat().st_size / 2**20, 1)}
        report["bounds"] = {"seconds": BOUNDS["seconds"], "rss_mib": BOUNDS["rss_bytes"] // 2**20}
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0 if all(r["within_bounds"] for r in report["runs"].values()) else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
