#!/usr/bin/env python3
"""Summary throughput of the engines, side by side on the same inputs in one run.

    python eval/bench_summarize.py --dims small --n 40 --batch-size 20 --new-tokens 16 --json OUT
    python eval/bench_summarize.py --dims tiny --save-model DIR   # a random model for path checks

Four ways of making the same summaries, each in a process of its own (so that its peak
resident memory is its own): ``loop``, the usual per-text ``tokenizer(text)`` then
``model.generate``; ``torch``, the toolkit's batched torch engine; ``ct2-float32`` and
``ct2-int8``, the toolkit's CTranslate2 engine on the model converted with that
quantization (conversion happens before the timing and is reported as ``load_s``). All
four are loaded first; then each makes all ``--n`` summaries in one call (the toolkit's
engines in batches of ``--batch-size``), ``--repeat`` times, the engines taking turns in
a rotating order, and each engine's fastest pass counts: on a shared machine whose load
changes during the run, that slows them all alike and the ratios hold. Each reports
remarks per second, peak RSS while summarizing and how many of its summaries are
identical to the loop's; the JSON (``--json``) has them under ``engines.<name>``.

No model can be downloaded here, so the models have random weights but the real shapes:
mT5-base (``--dims base``: d_model 768, 12+12 layers, vocabulary 250,112; the default
preset's architecture), mT5-small (``--dims small``), BART-base (``--dims bart-base``:
d_model 768, 6+6 layers, a 21,128-character BERT vocabulary like fnlp/bart-base-chinese)
and ``tiny``. The mT5 tokenizer is a SentencePiece model trained on the gold articles and
padded with filler pieces to the vocabulary size, so any generated id decodes. Like every
trained mT5, the random one is made unable to generate ``<pad>`` (its output row is zero):
``<pad>`` is mT5's decoder start token, which transformers counts in
``no_repeat_ngram_size``'s history and CTranslate2 does not (see the engine's docstring).
Speed does not depend on the weights; the summaries are gibberish.

The inputs are the remarks of the gold speakers (``eval/data``), each fitting the model's
input in one piece, repeated in order until there are ``--n``. All engines use the
preset's settings (xlsum for mT5, fnlp-bart for BART) made greedy (num_beams=1; the
preset's no_repeat_ngram_size stays) with ``min_new_tokens = max_new_tokens`` so that
every summary has the same length. It is a benchmark, not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MT5_DIMS = {
    "base": dict(d_model=768, d_ff=2048, d_kv=64, num_heads=12, num_layers=12, num_decoder_layers=12),
    "small": dict(d_model=512, d_ff=1024, d_kv=64, num_heads=6, num_layers=8, num_decoder_layers=8),
    "tiny": dict(d_model=64, d_ff=128, d_kv=16, num_heads=4, num_layers=2, num_decoder_layers=2),
}
BART_DIMS = {
    "bart-base": dict(d_model=768, encoder_layers=6, decoder_layers=6, encoder_attention_heads=12,
                      decoder_attention_heads=12, encoder_ffn_dim=3072, decoder_ffn_dim=3072),
}
MT5_VOCAB = 250_112
BERT_CHINESE_VOCAB = 21_128
ENGINES = ("loop", "torch", "ct2-float32", "ct2-int8")


def gold_remarks() -> list[str]:
    out = []
    for path in sorted((ROOT / "eval" / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out += ["".join(s["remarks"]) for s in data["speakers"] if s.get("remarks")]
    return out


# ----------------------------------------------------------------------------- random models


def build_t5_tokenizer(texts: list[str], vocab_size: int, workdir: Path):
    """A T5 (Unigram) tokenizer: trained pieces, then low-score fillers up to ``vocab_size``."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb
    from transformers import T5Tokenizer

    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    prefix = workdir / "spiece"
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=2000, character_coverage=1.0,
        model_type="unigram", pad_id=0, eos_id=1, unk_id=2, bos_id=-1, minloglevel=2,
        hard_vocab_limit=False,
    )
    proto = pb.ModelProto()
    proto.ParseFromString((workdir / "spiece.model").read_bytes())
    pieces = [(p.piece, p.score) for p in proto.pieces]
    seen = {p for p, _ in pieces}
    chars = sorted({c for t in texts for c in t if "\u4e00" <= c <= "\u9fff"})
    filler = (a + b for a in chars for b in chars)
    while len(pieces) < vocab_size:
        piece = next(filler)
        if piece not in seen:
            pieces.append((piece, -50.0))
    tok = T5Tokenizer(vocab=pieces, extra_ids=0, _spm_precompiled_charsmap=proto.normalizer_spec.precompiled_charsmap)
    tok.model_max_length = 512
    return tok


def build_bert_tokenizer(texts: list[str], vocab_size: int, workdir: Path):
    """A character BERT vocabulary (fnlp/bart-base-chinese's layout), filled up to ``vocab_size``."""
    from transformers import BertTokenizer

    chars = sorted({c for t in texts for c in t if not c.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars
    vocab += [f"[unused{i}]" for i in range(vocab_size - len(vocab))]
    (workdir / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizer(str(workdir / "vocab.txt"), do_lower_case=True)
    tok.model_max_length = 512
    return tok


def build_model(dims: str, vocab_size: int):
    import torch

    torch.manual_seed(0)
    if dims in BART_DIMS:
        from transformers import BartConfig, BartForConditionalGeneration

        config = BartConfig(vocab_size=vocab_size, max_position_embeddings=512, pad_token_id=0, bos_token_id=2,
                            eos_token_id=3, decoder_start_token_id=3, forced_eos_token_id=None, **BART_DIMS[dims])
        return BartForConditionalGeneration(config).eval()
    from transformers import MT5Config, MT5ForConditionalGeneration

    config = MT5Config(vocab_size=vocab_size, decoder_start_token_id=0, pad_token_id=0, eos_token_id=1,
                       feed_forward_proj="gated-gelu", **MT5_DIMS[dims])
    model = MT5ForConditionalGeneration(config).eval()
    # transformers 5 forces MT5Config.tie_word_embeddings=True, but real mT5 checkpoints
    # have a separate output matrix: give the random model one too, so that memory
    # matches the real model. Its <pad> row is zero, as a trained mT5 never emits <pad>.
    model.lm_head.weight = torch.nn.Parameter(torch.randn_like(model.shared.weight))
    with torch.no_grad():
        model.lm_head.weight[config.pad_token_id].zero_()
    return model


def save_random_model(dims: str, out: Path) -> dict:
    """Build the random model of ``dims`` with its tokenizer and save both to ``out``."""
    texts = gold_remarks()
    bart = dims in BART_DIMS
    vocab = BERT_CHINESE_VOCAB if bart else (MT5_VOCAB if dims != "tiny" else 4000)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer = (build_bert_tokenizer if bart else build_t5_tokenizer)(texts, vocab, Path(tmp))
        model = build_model(dims, vocab)
        model.save_pretrained(out)
        tokenizer.save_pretrained(out)
    (out / "README.md").write_text("Random weights (eval/bench_summarize.py): for checking code paths only; "
                                   "its summaries are meaningless.\n", encoding="utf-8")
    params = sum(p.numel() for p in model.parameters())
    return {"family": "bart" if bart else "mt5", "dims": dims, "params_m": round(params / 1e6),
            "vocab": vocab, "built_s": round(time.perf_counter() - t0, 1)}


# ----------------------------------------------------------------------------- one engine (worker)


class PeakRSS:
    """Highest resident set size seen while the block runs (sampled every 10 ms)."""

    def __enter__(self):
        self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    def _watch(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self._rss())

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def load_engine(engine: str, model_dir: str, job: dict):
    """The backend an engine name stands for (the loop uses the torch backend's model)."""
    from summarizer.summarize import load_backend

    opts = dict(max_length=job["new_tokens"], batch_size=job["batch_size"], preset=job["preset"],
                generation={"num_beams": 1, "min_new_tokens": job["new_tokens"]}, device="cpu")
    if engine.startswith("ct2-"):
        return load_backend("seq2seq", model_dir, engine="ctranslate2", compute_type=engine[4:],
                            ct2_cache=job["ct2_cache"], threads=job["threads"], **opts)
    return load_backend("seq2seq", model_dir, **opts)


def per_text_loop(backend, remarks: list[str]) -> list[str]:
    """What most code does: one tokenizer call and one generate call per remark."""
    out = []
    for text in remarks:
        enc = backend.tokenizer(backend.prefix + text, return_tensors="pt", return_token_type_ids=False)
        ids = backend._model.generate(**enc, generation_config=backend.generation_config)
        out.append(backend._clean(backend.tokenizer.decode(ids[0], skip_special_tokens=True)))
    return out


def serve(engine: str, model_dir: str, job: dict, conn) -> None:
    """A worker process: load ``engine``, then summarize the remarks each time it is asked."""
    import torch
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a benchmark's output, not loading bars
    hf_logging.set_verbosity_error()
    torch.set_num_threads(job["threads"])
    t0 = time.perf_counter()
    backend = load_engine(engine, model_dir, job)
    remarks = job["remarks"]
    with torch.inference_mode():
        backend.generate(remarks[:2])  # warm-up (allocator, kernels), outside the timing
    conn.send({"load_s": time.perf_counter() - t0, "generation": dict(backend.generation)})
    peak = 0
    while conn.recv() is not None:
        with torch.inference_mode(), PeakRSS() as mem:
            t = time.perf_counter()
            out = per_text_loop(backend, remarks) if engine == "loop" else [s.text for s in backend.summarize_batch(remarks)]
            seconds = time.perf_counter() - t
        peak = max(peak, mem.peak)
        conn.send((seconds, out))
    conn.send({"peak_rss_mb": peak / 2**20})


def run_engines(model_dir: Path, job: dict, engines: tuple[str, ...]) -> dict:
    """Every engine's summaries, seconds, load time and peak RSS, the engines taking turns."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    workers = {}
    for engine in engines:
        print(f"  loading {engine} …", file=sys.stderr, flush=True)
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=serve, args=(engine, str(model_dir), job, child), daemon=True)
        proc.start()
        workers[engine] = (proc, parent, parent.recv())  # one at a time: loading is not timed
    results = {e: {"passes_s": [], "summaries": None, **info} for e, (_, _, info) in workers.items()}
    for k in range(job["repeat"]):
        order = engines[k % len(engines):] + engines[: k % len(engines)]
        print(f"  pass {k + 1}/{job['repeat']}: {', '.join(order)}", file=sys.stderr, flush=True)
        for engine in order:
            workers[engine][1].send(True)
            seconds, out = workers[engine][1].recv()
            r = results[engine]
            r["passes_s"].append(seconds)
            if r["summaries"] is not None and out != r["summaries"]:
                raise SystemExit(f"{engine}: pass {k + 1} gave other summaries than pass 1")
            r["summaries"] = out
    for engine, (proc, conn, _) in workers.items():
        conn.send(None)
        results[engine].update(conn.recv())
        proc.join()
    return results


# ----------------------------------------------------------------------------- the comparison


def prepare_inputs(model_dir: Path, n: int, preset: str) -> tuple[list[str], list[int], int]:
    """``n`` gold remarks that fit the model's input in one piece, and their token counts."""
    from summarizer.summarize import load_backend

    backend = load_backend("seq2seq", str(model_dir), preset=preset, generation={"num_beams": 1})
    texts = gold_remarks()
    fitting = [t for t, k in zip(texts, backend.count_tokens(texts)) if k <= backend.max_input_tokens]
    remarks = [fitting[i % len(fitting)] for i in range(n)]
    return remarks, backend.count_tokens(remarks), len(fitting)


def file_sizes(model_dir: Path, ct2_cache: str) -> dict:
    sizes = {"torch": sum(f.stat().st_size for f in model_dir.glob("*.safetensors"))}
    for entry in os.scandir(ct2_cache):
        if not entry.name.startswith("."):
            sizes["ct2-" + entry.name.split("--")[1]] = os.path.getsize(os.path.join(entry.path, "model.bin"))
    return {k: round(v / 2**20, 1) for k, v in sizes.items()}


def _common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def summarize_results(results: dict, n: int) -> dict:
    reference = results["loop"]["summaries"]
    engines = {}
    for name, r in results.items():
        engines[name] = {
            "n": n,
            "remarks_per_s": round(n / min(r["passes_s"]), 3),
            "seconds": round(min(r["passes_s"]), 3),  # the fastest pass
            "passes_s": [round(x, 3) for x in r["passes_s"]],
            "load_s": round(r["load_s"], 1),
            "peak_rss_mb": round(r["peak_rss_mb"]),
            "identical": sum(a == b for a, b in zip(reference, r["summaries"])),
            # how far a summary follows the loop's before the first difference (1.0: all of it)
            "prefix_agreement": round(sum(_common_prefix(a, b) / max(len(a), 1)
                                          for a, b in zip(reference, r["summaries"])) / n, 3),
        }
    speed = {k: v["remarks_per_s"] for k, v in engines.items()}
    ratios = {f"{a}/{b}": round(speed[a] / speed[b], 2) for a, b in
              (("torch", "loop"), ("ct2-float32", "torch"), ("ct2-int8", "torch"), ("ct2-int8", "loop"))
              if a in speed and b in speed}
    return {"engines": engines, "ratios": ratios}


def print_table(report: dict) -> None:
    m = report["model"]
    print(f"\nmodel: random-weight {m['family']} ({m['dims']} dims), {m['params_m']}M parameters, "
          f"vocabulary {m['vocab']}; files (MB): {m['files_mb']}")
    i = report["inputs"]
    print(f"inputs: {i['n']} remarks, {i['tokens_min']}-{i['tokens_max']} tokens (mean {i['tokens_mean']}); "
          f"{report['settings']['new_tokens']} new tokens each; threads {report['settings']['threads']}")
    print("\n| engine | remarks/s | seconds (best pass) | peak RSS (MB) | identical to loop | common prefix | load (s) |")
    print("|---|---|---|---|---|---|---|")
    for name, e in report["engines"].items():
        print(f"| {name} | {e['remarks_per_s']:.2f} | {e['seconds']:.1f} | {e['peak_rss_mb']} | "
              f"{e['identical']}/{e['n']} | {e['prefix_agreement']:.0%} | {e['load_s']} |")
    print("\nratios: " + ", ".join(f"{k} {v}x" for k, v in report["ratios"].items()))


def compare(args) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-summarize-") as tmp:
        work = Path(tmp)
        model_dir = work / "model"
        model = save_random_model(args.dims, model_dir)
        preset = "fnlp-bart" if model["family"] == "bart" else "xlsum"
        remarks, lengths, distinct = prepare_inputs(model_dir, args.n, preset)
        job = {"remarks": remarks, "new_tokens": args.new_tokens, "batch_size": args.batch_size, "repeat": args.repeat,
               "threads": args.threads, "preset": preset, "ct2_cache": str(work / "ct2")}
        results = run_engines(model_dir, job, tuple(args.engines))
        model["files_mb"] = file_sizes(model_dir, job["ct2_cache"]) if "ct2" in "".join(args.engines) else {}
    report = {
        "model": model,
        "inputs": {"n": args.n, "distinct": distinct, "tokens_min": min(lengths), "tokens_max": max(lengths),
                   "tokens_mean": round(sum(lengths) / len(lengths))},
        "settings": {"batch_size": args.batch_size, "new_tokens": args.new_tokens, "threads": args.threads,
                     "repeat": args.repeat,
                     "preset": preset, "generation": results[args.engines[0]]["generation"]},
        **summarize_results(results, args.n),
        "example": results[args.engines[0]]["summaries"][0][:40],
    }
    print_table(report)
    if args.json:
        text = json.dumps(report, ensure_ascii=False, indent=2)
        sys.stdout.write(text + "\n") if args.json == "-" else Path(args.json).write_text(text, encoding="utf-8")
    exact = [e for e in ("torch", "ct2-float32") if e in report["engines"]]
    return 0 if all(report["engines"][e]["identical"] == args.n for e in exact) else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dims", choices=[*MT5_DIMS, *BART_DIMS], default="small",
                    help="model shape: base (mT5-base), small (mT5-small), bart-base, tiny (default: small)")
    ap.add_argument("--n", type=int, default=40, help="number of speaker remarks (default: 40)")
    ap.add_argument("--batch-size", type=int, default=20, help="batch size of the toolkit's engines (default: 20)")
    ap.add_argument("--new-tokens", type=int, default=16, help="tokens generated per summary (default: 16)")
    ap.add_argument("--repeat", type=int, default=2,
                    help="passes over the inputs per engine, engines taking turns; the fastest counts (default: 2)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                    help="CPU threads of every engine (default: all cores)")
    ap.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES),
                    help="engines to measure; the loop must be first: the others are compared with it")
    ap.add_argument("--json", metavar="OUT", help="write the numbers as JSON to OUT (- for stdout)")
    ap.add_argument("--save-model", metavar="DIR", help="save the random model and tokenizer to DIR and exit")
    args = ap.parse_args(argv)
    if args.save_model:
        info = save_random_model(args.dims, Path(args.save_model))
        print(f"saved {info} to {args.save_model} (RANDOM WEIGHTS)")
        return 0
    if args.engines[0] != "loop":
        ap.error("--engines must start with loop: the others are compared with it")
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
