"""Session fixtures: tiny random-weight seq2seq models saved the way hub models are.

No hub is reachable in tests, so two tiny models stand in for the real families:

* an mT5 whose SentencePiece vocabulary is trained on the seed article and stored as
  ``spiece.model`` + ``tokenizer_config.json`` only, as the mT5 hub repositories do, so
  loading converts it exactly as it converts theirs;
* a BART with a character ``vocab.txt`` and ``tokenizer_class: BertTokenizer``, the layout
  of fnlp/bart-base-chinese.

Both are saved with ``save_pretrained`` and loaded through the same code path as
``--model PATH``. Their weights are random (seeded), so their summaries are gibberish but
deterministic: tests check mechanics (chunking, batching, prefixes, decoding), not quality.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"
GOLD_DIR = ROOT / "eval" / "data"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _torch_one_thread():
    """Matrices of 32 columns gain nothing from threads, and on a busy 2-core CI machine
    torch's spinning worker threads made generation several times slower."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def tiny_mt5_dir(tmp_path_factory, seed_text, _torch_one_thread) -> Path:
    import sentencepiece as spm
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration

    out = tmp_path_factory.mktemp("tiny-mt5")
    lines = [line for line in seed_text.splitlines() if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(out / "spiece"),
        vocab_size=600,
        character_coverage=1.0,
        model_type="unigram",
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        minloglevel=2,
    )
    (out / "spiece.vocab").unlink()
    (out / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "T5Tokenizer", "extra_ids": 0, "model_max_length": 512}))
    (out / "special_tokens_map.json").write_text(
        json.dumps({"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}))
    torch.manual_seed(0)
    config = MT5Config(
        vocab_size=600, d_model=32, d_ff=64, d_kv=8, num_heads=2, num_layers=1, num_decoder_layers=1,
        decoder_start_token_id=0, pad_token_id=0, eos_token_id=1, tie_word_embeddings=False,
    )
    MT5ForConditionalGeneration(config).save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def tiny_bart_dir(tmp_path_factory, seed_text, _torch_one_thread) -> Path:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    out = tmp_path_factory.mktemp("tiny-bart")
    chars = sorted({c for c in seed_text if not c.isspace()} - set(string.ascii_letters + string.digits))
    alnum = list(string.ascii_lowercase + string.digits)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars + alnum + ["##" + c for c in alnum]
    (out / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (out / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 256}))
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=256, pad_token_id=0, bos_token_id=2, eos_token_id=3,
        decoder_start_token_id=3, forced_eos_token_id=3, tokenizer_class="BertTokenizer",
    )
    BartForConditionalGeneration(config).save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))
