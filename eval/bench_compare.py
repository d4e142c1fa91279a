#!/usr/bin/env python3
"""Benchmark of ``summarizer compare``: 1,000 seed-sized articles on one core.

    python eval/bench_compare.py [--articles 1000] [--json OUT]

Inputs are the seed and the gold articles of ``eval/data/``, segmented once with
``segment()``. Each benchmark article is the size of the seed: its five speakers with
remarks, each given remarks drawn (by a seeded generator) from all the segmented articles
until they have as many characters as in the seed, so every article is a different text
and no cache helps; the tokenizer's cache is also cleared before each timed phase. Timed separately:

* imports (jieba, scikit-learn) and jieba's one-time dictionary load with the lexicon terms
  (``ChineseTokenizer.load``), paid once per process;
* ``segment()`` of the real articles (per article), to put the comparison in proportion;
* 1,000 per-article comparisons (all speakers with remarks, one ``Comparer`` reused);
* one comparison across all 1,000 articles grouped by name, and one across 200 articles
  keyed by article and name (about 1,000 speakers, a 1,000 × 1,000 similarity matrix).

The process is pinned to one CPU and BLAS to one thread before numpy is imported.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _sources() -> list[tuple[str, str]]:
    from summarizer.article import read_text

    out = [("seed", read_text(ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"))]
    for p in sorted((ROOT / "eval" / "data").glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        if d.get("source"):
            continue  # the seed, already in
        out.append((p.stem, d["text"]))
    return out


def _variants(seed, segs, n: int, rng: random.Random):
    """n distinct seed-sized articles: the seed's speakers, remarks drawn from all articles."""
    from summarizer.segment import Segmentation, Speaker

    pool = [r for s in segs for sp in s.speakers_with_remarks for r in sp.remarks]
    out = []
    for _ in range(n):
        speakers = []
        for sp in seed.speakers_with_remarks:
            want = sum(len(r.text) for r in sp.remarks)
            remarks = []
            while sum(len(r.text) for r in remarks) < want:
                remarks.append(rng.choice(pool))
            speakers.append(Speaker(sp.name, sp.titles, sp.role, tuple(remarks)))
        out.append(Segmentation(seed.article, tuple(speakers), seed.others))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles to compare one by one (default: 1000)")
    ap.add_argument("--json", metavar="OUT", help="also write the numbers as JSON to OUT")
    args = ap.parse_args(argv)
    t = {}

    t0 = time.perf_counter()
    import jieba  # noqa: F401  (timed with the other imports)
    import sklearn.feature_extraction.text  # noqa: F401

    from summarizer.segment import Segmenter
    from summarizer.themes import ChineseTokenizer, Comparer, default_lexicon

    t["imports_s"] = time.perf_counter() - t0

    lexicon = default_lexicon()
    t0 = time.perf_counter()
    tokenizer = ChineseTokenizer(lexicon).load()
    t["jieba_dictionary_load_s"] = time.perf_counter() - t0

    sources = _sources()
    # One segmenter with its tagger loaded first, so the per-article figure is not the
    # one-time dictionary load spread over a handful of articles.
    segmenter = Segmenter()
    segmenter.tagger.is_name("王建国", "王建国表示")
    t0 = time.perf_counter()
    segs = [segmenter(text, name=name) for name, text in sources]
    t["segment_per_article_ms"] = 1000 * (time.perf_counter() - t0) / len(sources)
    seed = segs[0]
    segs = [s for s in segs if s.speakers_with_remarks]

    articles = _variants(seed, segs, args.articles, random.Random(0))
    n_speakers = sum(len(a.speakers_with_remarks) for a in articles)
    n_chars = sum(len(r.text) for a in articles for sp in a.speakers_with_remarks for r in sp.remarks)
    comparer = Comparer(lexicon, tokenizer=tokenizer)

    tokenizer.clear_cache()
    t0 = time.perf_counter()
    for a in articles:
        comparer.compare(a)
    t["per_article_total_s"] = time.perf_counter() - t0
    t["per_article_ms"] = 1000 * t["per_article_total_s"] / len(articles)

    tokenizer.clear_cache()
    t0 = time.perf_counter()
    grouped = comparer.compare(articles, labels=[f"a{i}" for i in range(len(articles))], group_by_name=True)
    t["all_grouped_by_name_s"] = time.perf_counter() - t0

    sub = articles[:200]
    tokenizer.clear_cache()
    t0 = time.perf_counter()
    keyed = comparer.compare(sub, labels=[f"a{i}" for i in range(len(sub))])
    t["200_articles_keyed_s"] = time.perf_counter() - t0

    report = {
        "articles": len(articles),
        "source_articles": len(segs),
        "speakers_with_remarks": n_speakers,
        "remark_characters": n_chars,
        "speakers_per_article": round(n_speakers / len(articles), 2),
        "remark_characters_per_article": round(n_chars / len(articles)),
        "grouped_documents": len(grouped.speakers),
        "keyed_documents": len(keyed.speakers),
        "cpu": "1 core (sched_setaffinity), BLAS 1 thread",
        **{k: round(v, 3) for k, v in t.items()},
    }
    seed_chars = sum(len(r.text) for sp in seed.speakers_with_remarks for r in sp.remarks)
    print(f"Compared {report['articles']} articles ({report['speakers_per_article']} speakers with remarks, "
          f"{report['remark_characters_per_article']} remark characters each; the seed: "
          f"{len(seed.speakers_with_remarks)} and {seed_chars}) on one core:")
    print(f"  imports (jieba, scikit-learn)           {t['imports_s']:8.2f} s  (once per process)")
    print(f"  jieba dictionary load + lexicon terms   {t['jieba_dictionary_load_s']:8.2f} s  (once per tokenizer)")
    print(f"  segment(), for scale                    {t['segment_per_article_ms']:8.1f} ms per article")
    print(f"  {len(articles)} per-article comparisons         {t['per_article_total_s']:8.2f} s  "
          f"({t['per_article_ms']:.1f} ms per article)")
    print(f"  all {len(articles)} in one, grouped by name      {t['all_grouped_by_name_s']:8.2f} s  "
          f"({report['grouped_documents']} documents)")
    print(f"  200 articles in one, keyed by article   {t['200_articles_keyed_s']:8.2f} s  "
          f"({report['keyed_documents']} documents, {report['keyed_documents']}² similarities)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
