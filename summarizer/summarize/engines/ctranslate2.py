"""The ctranslate2 engine: the same model converted to CTranslate2, int8 on CPUs.

CTranslate2 runs T5/mT5 and BART with int8 weights and fused kernels; on a CPU it makes
summaries several times faster than PyTorch, from a model file a quarter the size. The
model is converted once into a cache (``ct2_convert``); the transformers tokenizer,
prefix, chunking, map-reduce and the preset's generation settings are the toolkit's, as
for the torch engine, so in float32 a greedy summary is the torch engine's, token for
token. (The one difference: transformers counts the decoder's start token in
``no_repeat_ngram_size``'s history and CTranslate2 does not, which matters only for a
model that generates its start token, ``<pad>`` in mT5: a trained model never does.)

Settings map one to one (``_OPTIONS``); transformers' forced ``</s>`` as the last new
token (BART) becomes one new token less, its forced first token a target prefix.
Default compute type: int8 on CPU; on CUDA int8 weights with float16 activations, or
bfloat16 for T5-family models, whose activations overflow float16.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import ctranslate2
from transformers import GenerationConfig

from ...errors import InputError
from ..base import ConversionError, check_device_name, first_line
from ..chunking import Seq2SeqBase
from ..hub import ModelSource, locate_model
from ..presets import Preset
from ..registry import COMPUTE_TYPES
from .ct2_convert import converted_model
from .hf import load_config, load_tokenizer

__all__ = ["CTranslate2Backend"]

# transformers generation setting -> translate_batch option
_OPTIONS = {
    "num_beams": "beam_size",
    "max_new_tokens": "max_decoding_length",
    "min_new_tokens": "min_decoding_length",
    "no_repeat_ngram_size": "no_repeat_ngram_size",
    "length_penalty": "length_penalty",
    "repetition_penalty": "repetition_penalty",
}
# Settings CTranslate2 has fixed: no sampling; beam search ends when num_beams
# hypotheses are finished (patience 1), which is transformers' early_stopping=True.
_FIXED = {"do_sample": False, "early_stopping": True}
# (device, family) -> default compute type
_DEFAULT_COMPUTE = {("cpu", "bart"): "int8", ("cpu", "t5"): "int8",
                    ("cuda", "bart"): "int8_float16", ("cuda", "t5"): "int8_bfloat16"}
_FLOAT16 = ("float16", "int8_float16")


class CTranslate2Backend(Seq2SeqBase):
    """Summaries from a CTranslate2 model, batched and map-reduced like the torch engine's.

    Build it with ``CTranslate2Backend.from_pretrained(name_or_path)`` (converting into
    the cache on first use), or wrap a ``ctranslate2.Translator`` with the model's
    tokenizer and special token ids (``decoder_start_token_id``, ``eos_token_id``,
    ``forced_bos_token_id``, ``forced_eos_token_id``).
    """

    engine = "ctranslate2"

    def __init__(
        self,
        translator,
        tokenizer,
        token_ids: Mapping,
        *,
        name: str | None = None,
        preset: Preset | None = None,
        max_length: int | None = None,
        max_input_tokens: int | None = None,
        batch_size: int = 8,
        generation: Mapping | None = None,
        position_limit: int | None = None,
    ):
        self._translator = translator
        self.compute_type = translator.compute_type
        super().__init__(tokenizer, name=name, preset=preset, max_length=max_length,
                         max_input_tokens=max_input_tokens, batch_size=batch_size,
                         generation=generation, position_limit=position_limit)
        self._options, self._prefix_token = translate_options(self.generation, token_ids, tokenizer)
        self._options["max_batch_size"] = self.batch_size

    @classmethod
    def from_pretrained(
        cls,
        model: str | None = None,
        *,
        device: str | None = None,
        compute_type: str | None = None,
        local_files_only: bool | None = None,
        cache_dir: str | None = None,
        ct2_cache: str | None = None,
        preset: Preset | str | None = None,
        threads: int | None = None,
        **kwargs,
    ) -> "CTranslate2Backend":
        """Load a preset, hub id or directory as ``Seq2SeqBackend.from_pretrained`` does,
        converted into ``ct2_cache`` (default: beside the Hugging Face cache) on first use.

        Failures are ModelErrors naming the model; a model the converter cannot handle is
        a ``ConversionError``.
        """
        check_device_name(device)
        check_compute_type_name(compute_type)
        where = locate_model(model, preset=preset, cache_dir=cache_dir, local_files_only=local_files_only)
        dev, index = resolve_device(device)
        config = load_config(where)
        compute = resolve_compute_type(compute_type, dev, index, config.model_type)
        tokenizer = load_tokenizer(where)
        translator = open_translator(where, compute, tokenizer, device=dev, index=index,
                                     threads=threads, ct2_cache=ct2_cache)
        return cls(translator, tokenizer, generation_token_ids(where, config), name=where.source,
                   preset=where.preset, position_limit=getattr(config, "max_position_embeddings", None), **kwargs)

    def generate(self, texts: Sequence[str]) -> list[str]:
        """One summary per input that fits the model, in order (CTranslate2 batches them
        by length itself, ``batch_size`` at a time)."""
        texts = list(texts)
        if not texts:
            return []
        ids = self._encode(texts)
        self.check_fits([len(i) for i in ids])
        tokens = [self.tokenizer.convert_ids_to_tokens(i) for i in ids]
        prefix = [[self._prefix_token]] * len(texts) if self._prefix_token else None
        results = self._translator.translate_batch(tokens, prefix, **self._options)
        return [self._clean(self.tokenizer.decode(self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]),
                                                  skip_special_tokens=True)) for r in results]


def translate_options(gen: Mapping, token_ids: Mapping, tokenizer) -> tuple[dict, str | None]:
    """``translate_batch`` options for transformers generation settings, and the forced
    first token (as a target prefix) if the model has one."""
    opts = {"beam_size": 1, "min_decoding_length": 0, "max_input_length": 0}
    for key, value in gen.items():
        if key in _OPTIONS:
            opts[_OPTIONS[key]] = value
        elif _FIXED.get(key, object()) != value:
            allowed = ", ".join([*_OPTIONS, *(f"{k}={v}" for k, v in _FIXED.items())])
            raise InputError(f"generation setting {key}={value!r} is not available with the ctranslate2 "
                             f"engine; allowed: {allowed}")
    eos = token_ids.get("eos_token_id")
    if eos is not None:
        opts["end_token"] = tokenizer.convert_ids_to_tokens(eos if isinstance(eos, list) else [eos])
    if token_ids.get("forced_eos_token_id") is not None:
        # transformers spends the last new token on the forced </s>, which is not text.
        opts["max_decoding_length"] = max(1, opts["max_decoding_length"] - 1)
    forced_bos = token_ids.get("forced_bos_token_id")
    return opts, tokenizer.convert_ids_to_tokens(forced_bos) if forced_bos is not None else None


def generation_token_ids(where: ModelSource, config) -> dict:
    """The special token ids transformers would generate with: the checkpoint's
    generation_config.json, else its config."""
    try:
        gen = GenerationConfig.from_pretrained(where.source, **where.load_kwargs)
    except (OSError, ValueError):
        gen = GenerationConfig.from_model_config(config)
    ids = {}
    for key in ("decoder_start_token_id", "eos_token_id", "pad_token_id", "forced_bos_token_id",
                "forced_eos_token_id"):
        value = getattr(gen, key, None)
        ids[key] = value if value is not None else getattr(config, key, None)
    return ids


def open_translator(where: ModelSource, compute_type: str, tokenizer, *, device: str, index: int,
                    threads: int | None, ct2_cache: str | None):
    """A Translator on the cached conversion; a conversion that fails to load (corrupt
    despite its marker) is converted again once."""
    for rebuild in (False, True):
        path = converted_model(where, compute_type, tokenizer, ct2_cache=ct2_cache, rebuild=rebuild)
        try:
            return ctranslate2.Translator(path, device=device, device_index=index, compute_type=compute_type,
                                          intra_threads=threads or 0, inter_threads=1)
        except Exception as e:  # noqa: BLE001  (ctranslate2 turns C++ errors into varied Python types)
            error = e
    raise ConversionError(f"ctranslate2 cannot load its conversion of {where.source!r}: {first_line(error)}; "
                          "use --engine torch")


def check_compute_type_name(compute_type: str | None) -> None:
    if compute_type not in (None, *COMPUTE_TYPES):
        raise InputError(f"unknown compute type {compute_type!r}; allowed: {', '.join(COMPUTE_TYPES)}")


def resolve_device(device: str | None) -> tuple[str, int]:
    """CTranslate2's device name and index for ours (cpu, cuda, cuda:N; no mps)."""
    check_device_name(device)
    cuda = ctranslate2.get_cuda_device_count()
    if device in (None, "auto"):
        return ("cuda", 0) if cuda else ("cpu", 0)
    if device == "mps":
        raise InputError("device 'mps' is not available with the ctranslate2 engine (cpu or cuda); "
                         "use --engine torch --device mps")
    m = re.fullmatch(r"cuda(?::(\d+))?", device)
    if not m:
        return "cpu", 0
    index = int(m.group(1) or 0)
    if index >= cuda:
        raise InputError(f"device {device!r} requested but ctranslate2 sees {cuda} CUDA device(s) here; "
                         "use --device cpu")
    return "cuda", index


def resolve_compute_type(compute_type: str | None, device: str, index: int, model_type: str) -> str:
    family = "t5" if "t5" in model_type else "bart"
    if compute_type in (None, "auto"):
        compute_type = _DEFAULT_COMPUTE[(device, family)]
    if family == "t5" and compute_type in _FLOAT16:
        # T5-family activations exceed the float16 range and turn into inf/NaN.
        raise InputError(f"compute type {compute_type} is not usable with {model_type} models (they overflow "
                         "float16); use int8_bfloat16, bfloat16, int8 or float32")
    supported = ctranslate2.get_supported_compute_types(device, index)
    if compute_type not in supported:
        raise InputError(f"compute type {compute_type} is not supported on {device} here; "
                         f"allowed: {', '.join(sorted(supported))}")
    return compute_type
