#!/usr/bin/env python3
"""How the library's cost grows with the size of one input: it must stay linear.

    python eval/bench_scaling.py [--sizes 1000,10000,100000,1000000] [--ops segment,extractive,compare,analyze]
                                 [--limit 60] [--json OUT]

For each *shape* of text and each size (in characters), one call of each operation is
timed on a text of that size, with everything loaded beforehand (jieba's dictionaries,
the tagger), so the figure is the cost of the call itself:

* ``seed``: the seed article's body repeated (many speakers, page clutter, rosters);
* ``one-speaker``: one speaker whose remarks run for the whole text (continuation
  paragraphs), the worst case for per-speaker work such as extractive summaries;
* ``many-speakers``: a new speaker every paragraph, each with a cue and two sentences;
* ``no-punctuation``: the seed's body with every punctuation mark and line break removed,
  one endless sentence;
* ``transcript``: a press conference's record, labelled turns of two officials, a host
  named only by a short form (周大使：) and a reporter, repeated: every label asks for the
  whole text to be searched once (the short form's full name, a title written elsewhere).

Operations: ``segment`` (``Segmenter``), ``extractive`` (summaries of a segmentation),
``compare`` (``Comparer`` on a segmentation), ``analyze`` (``Analyzer("extractive")`` on
the text: all three plus the article's parse). A call still running after ``--limit``
seconds is stopped and reported as ``null`` with ``"stopped": true``.

The report gives, per shape and operation, seconds per size and the ratio of the largest
size to the one ten times smaller (linear: about 10; quadratic: about 100), and the time
at the command line's cap of 1 MB of UTF-8 (``MAX_BYTES``).
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"

SHAPES = ("seed", "one-speaker", "many-speakers", "no-punctuation", "transcript")
OPS = ("segment", "extractive", "compare", "analyze")
_PUNCT = re.compile(r"[\s，,。；;：:、“”\"‘’（）()！？!?《》【】—…·]")
# Syllables for invented given names: every speaker of ``many-speakers`` is a new person.
_GIVEN = "建国晓明海涛志强丽华文杰春燕立新红梅永刚玉兰秀英德华宏伟俊峰"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"


def _remark_sentences() -> list[str]:
    """Subjectless sentences of speech from the seed, reused as remark material."""
    from summarizer.metrics import split_sentences

    text = SEED.read_text(encoding="utf-8")
    out = [s.text for s in split_sentences(text) if s.text.startswith("要") and len(s.text) > 20]
    return out or ["要坚持党建引领基层治理，推动社会治理重心向基层下移。"]


def _repeat_to(parts: list[str], size: int, sep: str = "\n\n") -> str:
    out, n, i = [], 0, 0
    while n < size:
        piece = parts[i % len(parts)]
        out.append(piece)
        n += len(piece) + len(sep)
        i += 1
    return sep.join(out)[:size]


def make_text(shape: str, size: int) -> str:
    from summarizer.article import parse_article

    seed = SEED.read_text(encoding="utf-8")
    body = [p.text for p in parse_article(seed).paragraphs]
    if shape == "seed":
        return _repeat_to(body, size)
    if shape == "no-punctuation":
        return _repeat_to([_PUNCT.sub("", "".join(body))], size, sep="")
    remarks = _remark_sentences()
    if shape == "one-speaker":
        paras = ["王明在会上表示，" + remarks[0]]
        paras += ["".join(remarks[(k + j) % len(remarks)] for j in range(4)) for k in range(len(remarks))]
        return _repeat_to(paras, size)
    if shape == "many-speakers":
        paras = []
        for k in range(400):
            name = _SURNAMES[k % len(_SURNAMES)] + _GIVEN[2 * (k % 15) : 2 * (k % 15) + 2]
            paras.append(f"{name}表示，" + remarks[k % len(remarks)] + remarks[(k + 1) % len(remarks)])
        return _repeat_to(paras, size)
    if shape == "transcript":
        head = "新闻发布会实录\n驻外使节周衡远大使出席发布会，新闻发言人笪云舒主持。\n"
        turns = [f"笪云舒：{remarks[0]}", "记者：请问下一步有什么打算？", f"周大使：{remarks[1 % len(remarks)]}",
                 f"市交通局局长 宋立恒：{remarks[2 % len(remarks)]}", "海州晚报：票价会调整吗？",
                 f"宋立恒：{remarks[3 % len(remarks)]}"]
        return head + _repeat_to(turns, size - len(head), sep="\n")
    raise ValueError(f"unknown shape {shape!r}; allowed: {', '.join(SHAPES)}")


class _Stopped(Exception):
    pass


def _timed(fn, limit: float) -> float | None:
    def stop(signum, frame):
        raise _Stopped

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0
    except _Stopped:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _tools():
    from summarizer.analyze import Analyzer
    from summarizer.segment import Segmenter
    from summarizer.summarize import ExtractiveBackend, summarize_segmentations
    from summarizer.themes import Comparer

    segmenter, comparer, analyzer = Segmenter(), Comparer(), Analyzer("extractive")
    backend = ExtractiveBackend()
    # Load everything lazy now, so no call below pays for a dictionary.
    warm = make_text("seed", 3000)
    seg = segmenter(warm)
    comparer.compare(seg)
    analyzer.analyze(warm)
    segmenter.tagger.is_name("王建国", "王建国表示")

    def run(op: str, text: str, seg):
        if op == "segment":
            return lambda: segmenter(text)
        if op == "extractive":
            return lambda: summarize_segmentations([seg], backend)
        if op == "compare":
            return lambda: comparer.compare(seg) if seg.speakers_with_remarks else None
        return lambda: analyzer.analyze(text)

    return segmenter, run


def measure(shapes, sizes, ops, limit: float) -> dict:
    from summarizer.article import MAX_BYTES

    segmenter, run = _tools()
    cap_chars = {shape: _chars_in_bytes(make_text(shape, MAX_BYTES), MAX_BYTES) for shape in shapes}
    report: dict = {"sizes": sizes, "limit_s": limit, "shapes": {}}
    for shape in shapes:
        rows: dict = {}
        for size in [*sizes, "cap"]:
            n = cap_chars[shape] if size == "cap" else size
            text = make_text(shape, n)
            seg = segmenter(text)
            for op in ops:
                seconds = _timed(run(op, text, seg), limit)
                rows.setdefault(op, {})[str(size)] = None if seconds is None else round(seconds, 4)
                print(f"{shape:15} {op:10} {size!s:>8} chars {'stopped' if seconds is None else f'{seconds:.3f} s'}",
                      file=sys.stderr, flush=True)
        for op, times in rows.items():
            big, small = str(sizes[-1]), str(sizes[-2]) if len(sizes) > 1 else None
            ratio = times[big] / times[small] if small and times.get(big) and times.get(small) else None
            rows[op] = {"seconds": times, "ratio_last_two": None if ratio is None else round(ratio, 2),
                        "cap_chars": cap_chars[shape]}
        report["shapes"][shape] = rows
    return report


def _chars_in_bytes(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` bytes of UTF-8."""
    total = 0
    for i, ch in enumerate(text):
        total += len(ch.encode("utf-8"))
        if total > limit:
            return i
    return len(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--ops", default=",".join(OPS))
    ap.add_argument("--limit", type=float, default=60.0, help="seconds before a call is stopped (default 60)")
    ap.add_argument("--json", metavar="OUT", help="write the report here (- for stdout)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    ops = args.ops.split(",")
    bad = [x for x in shapes if x not in SHAPES] + [x for x in ops if x not in OPS]
    if bad:
        ap.error(f"unknown shape or operation {bad}; shapes: {', '.join(SHAPES)}; ops: {', '.join(OPS)}")
    report = measure(shapes, sizes, ops, args.limit)
    out = json.dumps(report, ensure_ascii=False, indent=1)
    if args.json == "-":
        print(out)
    elif args.json:
        Path(args.json).write_text(out + "\n", encoding="utf-8")
    for shape, rows in report["shapes"].items():
        for op, r in rows.items():
            print(f"{shape:15} {op:10} ratio {r['ratio_last_two']}  cap {r['seconds'].get('cap')} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
