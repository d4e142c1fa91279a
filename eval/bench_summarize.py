#!/usr/bin/env python3
"""Throughput of the toolkit's batched seq2seq path against the usual one-text-at-a-time loop.

    python eval/bench_summarize.py [--dims base|small|tiny] [--n 48] [--batch-size 16] [--new-tokens 32]
    python eval/bench_summarize.py --dims tiny --save-model DIR   # a random model for path checks

No model can be downloaded here, so the model has random weights but the real architecture
of the default preset (mT5-base: d_model 768, 12+12 layers, vocabulary 250,112; mT5-small
with ``--dims small``). Its SentencePiece vocabulary is trained on the gold articles and
padded with filler pieces to the model's vocabulary size, so any generated id decodes.
Speed does not depend on the weights; the summaries are gibberish.

The inputs are the remarks of the gold speakers (``eval/data``), each fitting the model's
input in one piece, repeated in order until there are ``--n``. Both paths use the
default preset's settings made greedy (num_beams=1, no_repeat_ngram_size=2) with
``min_new_tokens = max_new_tokens`` so that every summary has the same length; the loop is
``tokenizer(text)`` then ``model.generate`` per remark. The script asserts that both give
identical summaries and reports remarks per second and the peak resident memory of each
phase. It is a benchmark, not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DIMS = {
    "base": dict(d_model=768, d_ff=2048, d_kv=64, num_heads=12, num_layers=12, num_decoder_layers=12),
    "small": dict(d_model=512, d_ff=1024, d_kv=64, num_heads=6, num_layers=8, num_decoder_layers=8),
    "tiny": dict(d_model=64, d_ff=128, d_kv=16, num_heads=4, num_layers=2, num_decoder_layers=2),
}
MT5_VOCAB = 250_112


def gold_remarks() -> list[str]:
    out = []
    for path in sorted((ROOT / "eval" / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out += ["".join(s["remarks"]) for s in data["speakers"] if s.get("remarks")]
    return out


def build_tokenizer(texts: list[str], vocab_size: int, workdir: Path):
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


def build_model(dims: str, vocab_size: int):
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration

    torch.manual_seed(0)
    config = MT5Config(vocab_size=vocab_size, decoder_start_token_id=0, pad_token_id=0, eos_token_id=1,
                       feed_forward_proj="gated-gelu", **DIMS[dims])
    model = MT5ForConditionalGeneration(config).eval()
    # transformers 5 forces MT5Config.tie_word_embeddings=True, but real mT5 checkpoints
    # have a separate output matrix (and load untied because theirs differs from the
    # embedding): give the random model one too, so that memory matches the real model.
    model.lm_head.weight = torch.nn.Parameter(torch.randn_like(model.shared.weight))
    return model


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dims", choices=list(DIMS), default="base", help="model dimensions (default: base = mT5-base)")
    ap.add_argument("--n", type=int, default=48, help="number of speaker remarks (default: 48)")
    ap.add_argument("--batch-size", type=int, default=16, help="batch size of the toolkit path (default: 16)")
    ap.add_argument("--new-tokens", type=int, default=32, help="tokens generated per summary (default: 32)")
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    ap.add_argument("--save-model", metavar="DIR", help="save the random model and tokenizer to DIR and exit")
    args = ap.parse_args(argv)

    import tempfile

    import torch

    from summarizer.summarize import PRESETS, Seq2SeqBackend

    if args.threads:
        torch.set_num_threads(args.threads)
    texts = gold_remarks()
    vocab = MT5_VOCAB if args.dims != "tiny" else 4000
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer = build_tokenizer(texts, vocab, Path(tmp))
    model = build_model(args.dims, vocab)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: random-weight mT5 ({args.dims} dims), {n_params / 1e6:.0f}M parameters, vocabulary {vocab}; "
          f"built in {time.perf_counter() - t0:.0f}s; torch threads {torch.get_num_threads()}")

    if args.save_model:
        out = Path(args.save_model)
        model.save_pretrained(out)
        tokenizer.save_pretrained(out)
        (out / "README.md").write_text("Random weights (eval/bench_summarize.py): for checking code paths only; "
                                       "its summaries are meaningless.\n", encoding="utf-8")
        print(f"saved to {out} (RANDOM WEIGHTS)")
        return 0

    preset = PRESETS["xlsum"]
    settings = {"num_beams": 1, "min_new_tokens": args.new_tokens, "max_new_tokens": args.new_tokens}
    backend = Seq2SeqBackend(model, tokenizer, name=f"random mT5-{args.dims}", preset=preset,
                             batch_size=args.batch_size, generation=settings, max_length=args.new_tokens)
    fitting = [t for t, n in zip(texts, backend.count_tokens(texts)) if n <= backend.max_input_tokens]
    remarks = [fitting[i % len(fitting)] for i in range(args.n)]
    lengths = backend.count_tokens(remarks)
    print(f"inputs: {len(remarks)} speaker remarks ({len(fitting)} distinct gold remarks that fit "
          f"{backend.max_input_tokens} tokens), {min(lengths)}-{max(lengths)} tokens, "
          f"mean {sum(lengths) / len(lengths):.0f}; {args.new_tokens} new tokens each")
    print(f"generation: {backend.generation_config.to_diff_dict()}")

    # Warm-up (allocator, kernels) so that neither side pays it inside the timing.
    backend.generate(remarks[:2])

    def loop() -> list[str]:
        out = []
        for text in remarks:
            enc = tokenizer(preset.prefix + text, return_tensors="pt")
            ids = model.generate(**enc, generation_config=backend.generation_config)
            out.append(tokenizer.decode(ids[0], skip_special_tokens=True).strip())
        return out

    with PeakRSS() as mem_loop:
        t = time.perf_counter()
        loop_out = loop()
        loop_s = time.perf_counter() - t
    with PeakRSS() as mem_batch:
        t = time.perf_counter()
        batch_out = [s.text for s in backend.summarize_batch(remarks)]
        batch_s = time.perf_counter() - t

    same = sum(a == b for a, b in zip(loop_out, batch_out))
    print()
    print("| path | seconds | remarks/s | peak RSS (GiB) |")
    print("|---|---|---|---|")
    print(f"| per-text loop | {loop_s:.1f} | {len(remarks) / loop_s:.2f} | {mem_loop.peak / 2**30:.2f} |")
    print(f"| toolkit, batch {args.batch_size} | {batch_s:.1f} | {len(remarks) / batch_s:.2f} | "
          f"{mem_batch.peak / 2**30:.2f} |")
    print()
    print(f"speed-up: {loop_s / batch_s:.2f}x; identical summaries: {same}/{len(remarks)}; "
          f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB")
    print(f"example summary (random weights): {batch_out[0][:40]}…")
    if same != len(remarks):
        first = next(i for i, (a, b) in enumerate(zip(loop_out, batch_out)) if a != b)
        print(f"MISMATCH at remark {first}:\n  loop:  {loop_out[first]}\n  batch: {batch_out[first]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
