"""The torch engine: a transformers encoder-decoder model run by PyTorch, batched.

Inputs of one ``generate`` call are sorted by length and batched (``batch_size``) with
attention masks, so padding stays small and every result is independent of its batch
neighbours. Generation settings are always passed explicitly: transformers 5 no longer
applies the settings stored in a checkpoint's ``config.json``. CUDA runs in bfloat16 when
the card supports it, the CPU in float32; float16 is refused for T5-family models, whose
activations overflow it.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import torch
from transformers import AutoModelForSeq2SeqLM, GenerationConfig

from ...errors import InputError, ModelError
from ..base import check_device_name, first_line
from ..chunking import Seq2SeqBase
from ..hub import locate_model
from ..presets import Preset
from .hf import load_config, load_tokenizer

__all__ = ["Seq2SeqBackend", "DTYPES"]

DTYPES = ("auto", "float32", "bfloat16", "float16")
# Token ids a checkpoint knows and generation needs; every other setting is ours.
_TOKEN_IDS = ("decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id",
              "forced_bos_token_id", "forced_eos_token_id")


class Seq2SeqBackend(Seq2SeqBase):
    """Summaries from a transformers encoder-decoder model, batched and map-reduced.

    Build it with ``Seq2SeqBackend.from_pretrained(name_or_path)``, or wrap a model and
    tokenizer already in memory. See :class:`~summarizer.summarize.chunking.Seq2SeqBase`
    for ``max_length``, ``max_input_tokens`` and ``generation``.
    """

    engine = "torch"

    def __init__(
        self,
        model,
        tokenizer,
        *,
        name: str | None = None,
        preset: Preset | None = None,
        max_length: int | None = None,
        max_input_tokens: int | None = None,
        batch_size: int = 8,
        generation: Mapping | None = None,
    ):
        self._model = model
        super().__init__(tokenizer, name=name or (None if preset else getattr(model.config, "_name_or_path", None)),
                         preset=preset, max_length=max_length, max_input_tokens=max_input_tokens,
                         batch_size=batch_size, generation=generation,
                         position_limit=getattr(model.config, "max_position_embeddings", None))
        ids = token_ids(model, tokenizer)
        try:
            self.generation_config = GenerationConfig(**ids, **self.generation)
            self.generation_config.validate(strict=True)
        except (ValueError, TypeError) as e:
            raise InputError(f"invalid generation settings {self.generation}: {e}") from None

    @classmethod
    def from_pretrained(
        cls,
        model: str | None = None,
        *,
        device: str | None = None,
        dtype: str | None = None,
        local_files_only: bool | None = None,
        cache_dir: str | None = None,
        preset: Preset | str | None = None,
        **kwargs,
    ) -> "Seq2SeqBackend":
        """Load a preset (short name), a hub id, or a local directory saved with ``save_pretrained``.

        The Hugging Face cache and ``HF_HUB_OFFLINE`` are honoured as transformers does;
        ``local_files_only=True`` never touches the network. Every failure is a
        ``ModelError`` naming the model and how to get it.
        """
        check_device_name(device)
        check_dtype_name(dtype)
        where = locate_model(model, preset=preset, cache_dir=cache_dir, local_files_only=local_files_only)
        device_ = resolve_device(device)
        config = load_config(where)
        torch_dtype = resolve_dtype(dtype, device_, config.model_type)
        tokenizer = load_tokenizer(where)
        try:
            net = AutoModelForSeq2SeqLM.from_pretrained(where.source, dtype=torch_dtype, **where.load_kwargs)
        except (OSError, ValueError, RuntimeError) as e:
            raise ModelError(f"cannot load the weights of {where.source!r}: {first_line(e)}") from None
        net.to(device_).eval()
        return cls(net, tokenizer, name=where.source, preset=where.preset, **kwargs)

    @property
    def device(self):
        return self._model.device

    def generate(self, texts: Sequence[str]) -> list[str]:
        """One summary per input that fits the model, in order; longest inputs batched together."""
        texts = list(texts)
        if not texts:
            return []
        lengths = self.count_tokens(texts)
        self.check_fits(lengths)
        # Sorting by length keeps padding, and so wasted compute, small; the stable sort
        # and the attention mask make every result independent of its batch neighbours.
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])
        results: list[str | None] = [None] * len(texts)
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            enc = self.tokenizer([self.prefix + texts[i] for i in idx], padding=True, return_tensors="pt",
                                 return_token_type_ids=False)
            with torch.inference_mode():
                out = self._model.generate(
                    input_ids=enc["input_ids"].to(self.device),
                    attention_mask=enc["attention_mask"].to(self.device),
                    generation_config=self.generation_config,
                )
            for i, text in zip(idx, self.tokenizer.batch_decode(out, skip_special_tokens=True)):
                results[i] = self._clean(text)
        return results  # type: ignore[return-value]


def token_ids(model, tokenizer) -> dict:
    """The special token ids generation needs, from the model's generation config or config."""
    ids = {}
    for key in _TOKEN_IDS:
        value = getattr(model.generation_config, key, None)
        if value is None:
            value = getattr(model.config, key, None)
        if value is not None:
            ids[key] = value
    if ids.get("pad_token_id") is None and tokenizer.pad_token_id is not None:
        ids["pad_token_id"] = tokenizer.pad_token_id
    return ids


def check_dtype_name(dtype: str | None) -> None:
    if dtype not in (None, *DTYPES):
        raise InputError(f"unknown dtype {dtype!r}; allowed: {', '.join(DTYPES)}")


def resolve_device(device: str | None) -> torch.device:
    check_device_name(device)
    if device in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"device {device!r} requested but CUDA is not available here; use --device cpu")
    if device == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise InputError("device 'mps' requested but MPS is not available here; use --device cpu")
    return torch.device(device)


def resolve_dtype(dtype: str | None, device: torch.device, model_type: str | None) -> torch.dtype:
    check_dtype_name(dtype)
    if dtype in (None, "auto"):
        if device.type == "cuda" and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float32
    if dtype == "float16" and model_type and "t5" in model_type:
        # T5-family activations exceed the float16 range and turn into inf/NaN.
        raise InputError(f"dtype float16 is not usable with {model_type} models (they overflow); "
                         "use bfloat16 or float32")
    return getattr(torch, dtype)
