"""Stage 3: one summary per speaker, from the sentences that carry their words.

Method. Every summarizer is a *backend* with one batch method, ``summarize_batch(texts)``
(texts in, ``Summary`` results out, in order); ``summarize_text`` and the article-level
functions are built on it. Three backends:

* ``Seq2SeqBackend``: a Chinese encoder-decoder model through ``transformers`` (mT5 or
  BART families; see ``PRESETS``). Remarks longer than the model's input are never
  truncated: they are split at sentence boundaries (then clause boundaries, then by
  tokens as a last resort) into chunks whose length is measured with the model's own
  tokenizer, the chunks are summarized, and the joined chunk summaries are summarized
  again while they are longer than the target (map-reduce). Every chunk of every text in
  one call goes through ``generate`` together, in length-sorted batches with attention
  masks, so the result of a text does not depend on what it was batched with.
  Generation settings are always passed explicitly: transformers 5 no longer applies
  the settings stored in a checkpoint's ``config.json``.
* ``ExtractiveBackend``: TextRank over the speaker's own sentences (cosine similarity
  of character bigrams) with maximal marginal relevance against repetition, filled up
  to a character budget and returned in the speaker's order. Deterministic, no torch;
  it is the baseline and the fallback when no model is available.
* ``LeadBackend``: the speaker's first sentence(s), cut to the budget; evaluation only.

``method="auto"`` loads the model only from local files (a path, or the Hugging Face
cache) and otherwise falls back to extractive summaries with a one-line warning; it
never starts a multi-gigabyte download on its own. ``method="seq2seq"`` may download
(unless ``HF_HUB_OFFLINE`` is set) and fails with a ``ModelError`` saying how to get the
model. Heavy libraries (torch, transformers, numpy) are imported only when used.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from .article import check_text
from .errors import InputError, ModelError
from .text import char_tokens, split_sentences

__all__ = [
    "Preset",
    "PRESETS",
    "DEFAULT_MODEL",
    "METHODS",
    "resolve_preset",
    "Summary",
    "SpeakerSummary",
    "ArticleSummary",
    "Backend",
    "Seq2SeqBackend",
    "ExtractiveBackend",
    "LeadBackend",
    "FallbackWarning",
    "load_backend",
    "summarize",
    "summarize_segmentations",
]

METHODS = ("auto", "seq2seq", "extractive")
#: Default summary budget of the extractive and lead backends, in characters; the gold
#: reference summaries are 50-80 characters long.
DEFAULT_CHARS = 80


class FallbackWarning(UserWarning):
    """``method="auto"`` could not load the model and used extractive summaries instead."""


# ----------------------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    """A known Chinese summarization model and what it needs to be used correctly."""

    name: str
    model_id: str
    family: str  # "mt5" or "bart": architecture, for the README and error messages
    vocabulary: str  # "sentencepiece" or "bert" (character WordPiece: spaces removed from output)
    prefix: str = ""
    max_input_tokens: int = 512
    generation: tuple[tuple[str, object], ...] = ()
    params: str = ""
    size: str = ""
    licence: str = ""
    note: str = ""

    @property
    def generation_kwargs(self) -> dict:
        return dict(self.generation)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "model_id": self.model_id,
            "family": self.family,
            "vocabulary": self.vocabulary,
            "prefix": self.prefix,
            "max_input_tokens": self.max_input_tokens,
            "generation": self.generation_kwargs,
            "params": self.params,
            "size": self.size,
            "licence": self.licence,
            "note": self.note,
        }


_XLSUM_GENERATION = (("num_beams", 4), ("max_new_tokens", 84), ("no_repeat_ngram_size", 2))

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "xlsum",
            "csebuetnlp/mT5_multilingual_XLSum",
            "mt5",
            "sentencepiece",
            generation=_XLSUM_GENERATION,
            params="580M",
            size="2.3 GB",
            licence="CC-BY-NC-SA-4.0",
            note="mT5-base fine-tuned on XL-Sum (45 languages, incl. Chinese BBC news); the default",
        ),
        Preset(
            "heack",
            "heack/HeackMT5-ZhSum100k",
            "mt5",
            "sentencepiece",
            prefix="summarize: ",
            generation=(("num_beams", 4), ("max_new_tokens", 84), ("length_penalty", 0.6),
                        ("no_repeat_ngram_size", 2)),
            params="580M",
            size="2.3 GB",
            licence="CC-BY-NC-SA-4.0",
            note="mT5-base fine-tuned on Chinese (mostly financial) news",
        ),
        Preset(
            "randeng",
            "IDEA-CCNL/Randeng-BART-139M-SUMMARY",
            "bart",
            "sentencepiece",
            prefix="summary:",
            generation=(("num_beams", 1), ("max_new_tokens", 50)),
            params="139M",
            size="0.56 GB",
            licence="Apache-2.0",
            note="Chinese BART fine-tuned on LCSTS; small and fast on CPU",
        ),
        Preset(
            "fnlp-bart",
            "fnlp/bart-base-chinese",
            "bart",
            "bert",
            generation=(("num_beams", 4), ("max_new_tokens", 84), ("no_repeat_ngram_size", 3)),
            params="140M",
            size="0.6 GB",
            licence="not stated on the model card",
            note="pretrained (denoising) Chinese BART, not fine-tuned for summarization: "
            "a base for fine-tuning; BertTokenizer vocabulary",
        ),
    )
}
DEFAULT_MODEL = "xlsum"

# What a model directory must hold for its tokenizer to load.
_TOKENIZER_FILES = ("tokenizer.json", "spiece.model", "sentencepiece.bpe.model", "vocab.txt", "vocab.json")


def resolve_preset(model: str | None) -> Preset | None:
    """The preset for a short name, a hub id, or a local copy of a preset model.

    A local directory matches a preset when it is a Hugging Face cache snapshot of the
    preset's repository (``models--org--name``) or is named like the repository; other
    ids and paths have no preset and get generic settings.
    """
    if model is None:
        return PRESETS[DEFAULT_MODEL]
    if model in PRESETS:
        return PRESETS[model]
    for p in PRESETS.values():
        if model == p.model_id:
            return p
    norm = os.path.normpath(os.path.expanduser(model))
    parts = norm.split(os.sep)
    for p in PRESETS.values():
        if "models--" + p.model_id.replace("/", "--") in parts:
            return p
        if parts and parts[-1] == p.model_id.rsplit("/", 1)[-1]:
            return p
    return None


def _looks_like_path(model: str) -> bool:
    return (
        os.path.exists(model)
        or model.startswith((".", "~", os.sep))
        or model.count("/") > 1
        or (os.sep != "/" and os.sep in model)
    )


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Summary:
    """A summary of one text and how it was produced.

    ``chunks`` is the number of pieces the text was split into to fit the model's input
    (0 for an empty text); ``rounds`` the number of generation passes (1: the chunks
    were summarized once; 2 or more: their summaries were summarized again).
    """

    text: str
    method: str
    model: str | None = None
    chunks: int = 1
    rounds: int = 1

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "method": self.method,
            "model": self.model,
            "chunks": self.chunks,
            "rounds": self.rounds,
        }


@dataclass(frozen=True)
class SpeakerSummary:
    """A speaker with remarks and the summary of those remarks."""

    speaker: object  # summarizer.segment.Speaker
    summary: Summary

    def to_dict(self) -> dict:
        return {**self.speaker.to_dict(), "summary": self.summary.to_dict()}


@dataclass(frozen=True)
class ArticleSummary:
    """The segmentation of one article plus one summary per speaker with remarks."""

    segmentation: object  # summarizer.segment.Segmentation
    summaries: tuple[SpeakerSummary, ...]
    method: str
    model: str | None = None
    fallback: str | None = None  # why ``auto`` did not use the model, when it did not

    def summary_of(self, name: str) -> Summary:
        for s in self.summaries:
            if s.speaker.name == name:
                return s.summary
        raise KeyError(name)

    def to_dict(self) -> dict:
        by_name = {s.speaker.name: s.summary for s in self.summaries}
        seg = self.segmentation.to_dict()
        speakers = []
        for sp in self.segmentation.speakers:
            summary = by_name.get(sp.name) if sp.remarks else None
            speakers.append({**sp.to_dict(), "summary": summary.to_dict() if summary else None})
        return {
            **seg,
            "method": self.method,
            "model": self.model,
            "fallback": self.fallback,
            "speakers": speakers,
        }


# ----------------------------------------------------------------------------- protocol


class Backend:
    """What every summarizer provides: one batch method, and helpers built on it."""

    method: str = ""
    model: str | None = None
    #: Set by ``load_backend`` when ``auto`` fell back to this backend, with the reason.
    fallback: str | None = None

    def summarize_batch(self, texts: Sequence[str]) -> list[Summary]:
        raise NotImplementedError

    def summarize_text(self, text: str) -> Summary:
        return self.summarize_batch([text])[0]


def _check_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise InputError("summarize_batch takes a list of texts, got one str; use summarize_text")
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise InputError(f"text {i} is a {type(t).__name__}, not a str")
        if t.strip():
            check_text(t, f"text {i}")
    return out


def _check_positive(name: str, value, allowed: str = "a positive integer") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{name} must be {allowed}, got {value!r}")
    return value


# ----------------------------------------------------------------------------- sentences

# A reporting frame at the start of a remark ("王某在致辞中表示，", "他指出：") names the
# speaker, not what they said; summaries leave it out.
_CUE = re.compile(
    r"^[^，,。；;：:“”\"‘’「」！？!?]{1,24}?"
    r"(?:表示|指出|强调|说|介绍|认为|提出|要求|希望|谈到|坦言|直言|建议|呼吁)[，,：:]\s*"
)
_CLAUSE = re.compile(r"[^，,；;：:、]+[，,；;：:、]*|[，,；;：:、]+")


def _strip_cue(sentence: str) -> str:
    rest = _CUE.sub("", sentence, count=1)
    # A bare frame ("他说：") carries nothing; keep the sentence as it was.
    return rest if any(ch.isalnum() for ch in rest) else sentence


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def _clauses(sentence: str) -> list[str]:
    return [m.group(0) for m in _CLAUSE.finditer(sentence)] or [sentence]


def _cut(text: str, budget: int) -> str:
    """At most ``budget`` characters, ending at a clause boundary when there is one.

    A cut text ends with 。, which counts against the budget like any other character.
    """
    if len(text) <= budget:
        return text
    room = budget - 1  # for the closing 。
    head = ""
    for c in _clauses(text):
        if len(head) + len(c) > room:
            break
        head += c
    head = (head or text[:room]).rstrip("，,；;：:、")
    if not head:
        return text[:budget]
    return head if head[-1] in "。！？!?" else head + "。"


# ----------------------------------------------------------------------------- lead


class _SentencePicker(Backend):
    """Backends that pick from the speaker's own sentences (reporting frame left out)."""

    def __init__(self, max_length: int | None = None):
        self.max_length = _check_positive("max_length", DEFAULT_CHARS if max_length is None else max_length)

    def summarize_batch(self, texts: Sequence[str]) -> list[Summary]:
        out = []
        for text in _check_texts(texts):
            sents = [_strip_cue(s) for s in _sentences(text)]
            out.append(self._pick(sents) if sents else Summary("", self.method, None, chunks=0, rounds=0))
        return out

    def _pick(self, sents: list[str]) -> Summary:
        raise NotImplementedError


class LeadBackend(_SentencePicker):
    """The first sentence(s) of the remarks, within ``max_length`` characters (evaluation only)."""

    method = "lead"

    def _pick(self, sents: list[str]) -> Summary:
        out = ""
        for s in sents:
            if len(out) + len(s) > self.max_length:
                break
            out += s
        return Summary(out or _cut(sents[0], self.max_length), self.method, None)


# ----------------------------------------------------------------------------- extractive


class ExtractiveBackend(_SentencePicker):
    """TextRank + MMR sentence selection within ``max_length`` characters; no model needed.

    Sentences are ranked by PageRank over a graph weighted by the cosine similarity of
    their character bigrams; they are then picked greedily by
    ``lam * rank - (1 - lam) * max similarity to what is already picked`` while they fit
    the budget, and returned in the speaker's order without the reporting frame. When no
    sentence fits, the best one is cut at a clause boundary.
    """

    method = "extractive"

    def __init__(self, max_length: int | None = None, lam: float = 0.5, damping: float = 0.85):
        super().__init__(max_length)
        if not 0.0 <= lam <= 1.0:
            raise InputError(f"lam must be between 0 and 1, got {lam!r}")
        if not 0.0 < damping < 1.0:
            raise InputError(f"damping must be between 0 and 1 (exclusive), got {damping!r}")
        self.lam = lam
        self.damping = damping

    def _pick(self, sents: list[str]) -> Summary:
        if sum(map(len, sents)) <= self.max_length:
            return Summary("".join(sents), self.method, None)
        vectors = _bigram_matrix(sents)
        rank = _pagerank(vectors, self.damping)
        top = rank.max() or 1.0
        chosen = _mmr(vectors, rank / top, [len(s) for s in sents], self.max_length, self.lam)
        if not chosen:
            best = max(range(len(sents)), key=lambda i: (rank[i], -i))
            return Summary(_cut(sents[best], self.max_length), self.method, None)
        return Summary("".join(sents[i] for i in sorted(chosen)), self.method, None)


def _bigrams(sentence: str) -> dict[str, int]:
    chars = char_tokens(sentence)
    grams: dict[str, int] = {}
    for a, b in zip(chars, chars[1:]):
        grams[a + b] = grams.get(a + b, 0) + 1
    return grams


def _bigram_matrix(units: Sequence[str]):
    """Sparse rows of L2-normalised character-bigram counts, one per unit.

    Cosine similarities are products of these rows; they are never stored as an n × n
    matrix, so the cost grows with the text, not with its square.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, unit in enumerate(units):
        for g, c in _bigrams(unit).items():
            rows.append(i)
            cols.append(vocab.setdefault(g, len(vocab)))
            vals.append(float(c))
    m = csr_matrix((vals, (rows, cols)), shape=(len(units), max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(m.multiply(1.0 / norms[:, None]))


def _pagerank(m, damping: float, iters: int = 200, tol: float = 1e-10):
    """PageRank over the cosine-similarity graph of the rows of ``m`` (no self-loops).

    Each step is two sparse products (``m @ (m.T @ x)``) minus the diagonal, i.e. linear in
    the number of bigrams. A unit sharing nothing with the others spreads its weight evenly
    (dangling node).
    """
    import numpy as np

    n = m.shape[0]
    self_sim = (m.getnnz(axis=1) > 0).astype(float)  # a non-empty row's cosine with itself
    out_w = m @ (m.T @ np.ones(n)) - self_sim
    dangling = out_w <= 1e-12
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out_w))
    score = np.full(n, 1.0 / n)
    for _ in range(iters):
        x = score * inv
        spread = m @ (m.T @ x) - self_sim * x
        new = (1 - damping) / n + damping * (spread + score[dangling].sum() / n)
        done = np.abs(new - score).max() < tol
        score = new
        if done:
            break
    return score


def _mmr(m, rank, lengths: list[int], budget: int, lam: float) -> list[int]:
    """Indices picked greedily by ``lam * rank - (1 - lam) * redundancy`` while they fit.

    Redundancy is a unit's highest similarity to what is already picked, updated with one
    sparse product per pick; a unit that does not fit the budget left never will, so each
    step takes the best unit that fits, and the loop ends when none does.
    """
    import numpy as np

    lengths_ = np.asarray(lengths)
    redundancy = np.zeros(len(lengths))
    open_ = np.ones(len(lengths), dtype=bool)
    chosen: list[int] = []
    used = 0
    while True:
        fits = open_ & (lengths_ <= budget - used)
        if not fits.any():
            return chosen
        score = np.where(fits, lam * rank - (1 - lam) * redundancy, -np.inf)
        best = int(np.argmax(score))  # the first maximum: ties go to the earlier unit
        chosen.append(best)
        used += lengths[best]
        open_[best] = False
        redundancy = np.maximum(redundancy, (m @ m[best].T).toarray().ravel())


# ----------------------------------------------------------------------------- seq2seq


def _check_device_name(device: str | None) -> None:
    if device not in (None, "auto") and (not isinstance(device, str) or not re.fullmatch(r"cpu|cuda(:\d+)?|mps", device)):
        raise InputError(f"unknown device {device!r}; allowed: auto, cpu, cuda, cuda:N, mps")


_DTYPES = ("auto", "float32", "bfloat16", "float16")


def _check_dtype_name(dtype: str | None) -> None:
    if dtype not in (None, *_DTYPES):
        raise InputError(f"unknown dtype {dtype!r}; allowed: {', '.join(_DTYPES)}")


def _resolve_device(device: str | None):
    import torch

    _check_device_name(device)
    if device in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"device {device!r} requested but CUDA is not available here; use --device cpu")
    if device == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise InputError("device 'mps' requested but MPS is not available here; use --device cpu")
    return torch.device(device)


def _resolve_dtype(dtype: str | None, device, model_type: str | None):
    import torch

    _check_dtype_name(dtype)
    if dtype in (None, "auto"):
        if device.type == "cuda" and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        return torch.float32
    if dtype == "float16" and model_type and "t5" in model_type:
        # T5-family activations exceed the float16 range and turn into inf/NaN.
        raise InputError(f"dtype float16 is not usable with {model_type} models (they overflow); "
                         "use bfloat16 or float32")
    return getattr(torch, dtype)


def _check_available(model_id: str, cache_dir: str | None, offline: bool) -> None:
    """Raise ModelError at once when a hub model is neither cached nor downloadable."""
    from huggingface_hub import constants as hub, try_to_load_from_cache

    if isinstance(try_to_load_from_cache(model_id, "config.json", cache_dir=cache_dir), str):
        return
    where = cache_dir or hub.HF_HUB_CACHE
    if offline:
        raise ModelError(f"model {model_id!r} is not in the Hugging Face cache ({where}) and downloads are off "
                         f"(HF_HUB_OFFLINE or local files only): {_hub_hint(model_id)}")
    reason = _hub_unreachable(hub.ENDPOINT)
    if reason:
        raise ModelError(f"model {model_id!r} is not in the Hugging Face cache ({where}) and the hub "
                         f"cannot be reached ({reason}): {_hub_hint(model_id)}")


def _hub_unreachable(endpoint: str, timeout: float = 3.0) -> str | None:
    """Why the hub at ``endpoint`` cannot be reached, or None if a connection opens.

    huggingface_hub retries a failed request five times with back-off (about 25 s) before
    giving up; one connection attempt tells the same in a fraction of that.
    """
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(endpoint)
    host = url.hostname or ""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as e:
        return f"{host}:{port}: {e.strerror or e}"


def _hub_hint(model_id: str) -> str:
    return (
        f"download it with `hf download {model_id}` (or `huggingface-cli download {model_id}`), "
        "pass --model PATH to a saved copy, or use --method extractive"
    )


_WORDPIECE_SPACE = re.compile(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])")


class Seq2SeqBackend(Backend):
    """Summaries from a transformers encoder-decoder model, batched and map-reduced.

    Build it with ``Seq2SeqBackend.from_pretrained(name_or_path)``, or wrap a model and
    tokenizer already in memory. ``max_length`` is the summary length in new tokens;
    ``max_input_tokens`` the chunk size (prefix and special tokens included); the preset
    supplies both unless given. ``generation`` overrides single generation settings
    (e.g. ``{"num_beams": 1, "min_new_tokens": 32}``).
    """

    method = "seq2seq"

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
        from transformers import GenerationConfig

        self._model = model
        self.tokenizer = tokenizer
        self.preset = preset
        self.model = name or (preset.model_id if preset else getattr(model.config, "_name_or_path", None))
        self.prefix = preset.prefix if preset else ""
        self.batch_size = _check_positive("batch_size", batch_size)
        config = model.config
        self.wordpiece = (preset is not None and preset.vocabulary == "bert") or type(tokenizer).__name__.startswith("Bert")

        limit = _check_positive("max_input_tokens", max_input_tokens) if max_input_tokens else (
            preset.max_input_tokens if preset else 512)
        for cap in (getattr(config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None)):
            if isinstance(cap, int) and 0 < cap < limit:
                limit = cap
        self.max_input_tokens = limit
        self._overhead = len(self._encode([""])[0])
        if self._overhead + 8 > limit:
            raise InputError(f"max_input_tokens {limit} leaves no room for text after the prefix "
                             f"{self.prefix!r} and special tokens ({self._overhead} tokens)")

        gen = dict(preset.generation_kwargs if preset else _XLSUM_GENERATION)
        if max_length is not None:
            gen["max_new_tokens"] = _check_positive("max_length", max_length)
        gen.update(generation or {})
        self.max_length = int(gen["max_new_tokens"])
        # Map-reduce shrinks only if at least two chunk summaries fit one input.
        if 2 * self.max_length > limit - self._overhead:
            raise InputError(
                f"max_length {self.max_length} is too long for the model's input of {limit} tokens: "
                f"it must be at most {(limit - self._overhead) // 2} so that summaries of long remarks "
                "can be summarized again"
            )
        gen.setdefault("do_sample", False)
        if gen.get("num_beams", 1) > 1:
            gen.setdefault("early_stopping", True)
        # Start from the token ids only: every generation setting is ours, not the checkpoint's.
        ids = {}
        for key in ("decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id",
                    "forced_bos_token_id", "forced_eos_token_id"):
            value = getattr(model.generation_config, key, None)
            if value is None:
                value = getattr(config, key, None)
            if value is not None:
                ids[key] = value
        if ids.get("pad_token_id") is None and tokenizer.pad_token_id is not None:
            ids["pad_token_id"] = tokenizer.pad_token_id
        try:
            self.generation_config = GenerationConfig(**ids, **gen)
            self.generation_config.validate(strict=True)
        except (ValueError, TypeError) as e:
            raise InputError(f"invalid generation settings {gen}: {e}") from None

    # -- loading

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
        from huggingface_hub import constants as hub

        preset = preset or resolve_preset(model)
        if isinstance(preset, str):
            if preset not in PRESETS:
                raise InputError(f"unknown preset {preset!r}; allowed: {', '.join(PRESETS)}")
            preset = PRESETS[preset]
        source = preset.model_id if model is None or model in PRESETS else model
        if not isinstance(source, str) or not source.strip():
            raise InputError(f"model must be a preset name, hub id or directory, got {model!r}")
        _check_device_name(device)
        _check_dtype_name(dtype)
        is_path = _looks_like_path(source)
        if is_path:
            source = os.path.expanduser(source)
            if not os.path.isdir(source):
                raise ModelError(f"model directory {source!r} does not exist (or is not a directory); "
                                 f"allowed: a directory saved with save_pretrained, or one of: {', '.join(PRESETS)}")
            if not os.path.isfile(os.path.join(source, "config.json")):
                raise ModelError(f"model directory {source!r} has no config.json; save the model there "
                                 "with model.save_pretrained(DIR)")
            if not any(os.path.isfile(os.path.join(source, f)) for f in _TOKENIZER_FILES):
                raise ModelError(f"model directory {source!r} has no tokenizer (none of "
                                 f"{', '.join(_TOKENIZER_FILES)}); save it there with tokenizer.save_pretrained(DIR)")
        offline = bool(local_files_only) or hub.is_offline_mode()
        load = {"local_files_only": offline, **({"cache_dir": cache_dir} if cache_dir else {})}
        if not is_path:
            # Decided from the cache (and, if a download is allowed, the hub's reachability)
            # before torch is imported: a missing model is known in milliseconds.
            _check_available(source, cache_dir, offline)
        device_ = _resolve_device(device)

        from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.models.auto.modeling_auto import MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING

        def missing(e: Exception) -> ModelError:
            if is_path:
                return ModelError(f"cannot load model from {source!r}: {_first_line(e)}")
            where = cache_dir or hub.HF_HUB_CACHE
            why = ("not in the Hugging Face cache (" + where + ")"
                   + (" and downloads are off (HF_HUB_OFFLINE or local files only)" if offline
                      else " and could not be downloaded"))
            return ModelError(f"model {source!r} is {why}: {_hub_hint(source)}")

        try:
            config = AutoConfig.from_pretrained(source, **load)
        except (OSError, ValueError) as e:
            if "does not appear to have a file named config.json" in str(e) or isinstance(e, OSError):
                raise missing(e) from None
            raise ModelError(f"cannot read the configuration of {source!r}: {_first_line(e)}") from None
        if type(config) not in MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING:
            raise ModelError(
                f"{source!r} is a {config.model_type!r} model, not a sequence-to-sequence model; "
                f"use an encoder-decoder summarization model such as {', '.join(p.model_id for p in PRESETS.values())}"
            )
        torch_dtype = _resolve_dtype(dtype, device_, config.model_type)
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, **load)
        except (OSError, ValueError, TypeError, KeyError) as e:
            raise ModelError(f"cannot load the tokenizer of {source!r}: {_first_line(e)}") from None
        # transformers 5 can build a tokenizer with only its special tokens when the
        # vocabulary file is not understood; summaries from it would be garbage.
        if len(tokenizer) <= len(tokenizer.all_special_tokens) + 2:
            raise ModelError(f"the tokenizer of {source!r} has an empty vocabulary "
                             f"({len(tokenizer)} tokens); check its tokenizer files")
        try:
            net = AutoModelForSeq2SeqLM.from_pretrained(source, dtype=torch_dtype, **load)
        except (OSError, ValueError, RuntimeError) as e:
            raise ModelError(f"cannot load the weights of {source!r}: {_first_line(e)}") from None
        net.to(device_).eval()
        return cls(net, tokenizer, name=source, preset=preset, **kwargs)

    # -- summarizing

    @property
    def device(self):
        return self._model.device

    def _encode(self, texts: Sequence[str]) -> list[list[int]]:
        # verbose=False: measuring a text longer than the model is the point here, not a mistake.
        return self.tokenizer([self.prefix + t for t in texts], add_special_tokens=True,
                              return_token_type_ids=False, verbose=False)["input_ids"]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Input length of each text as the model sees it (prefix and special tokens included)."""
        return [len(ids) for ids in self._encode(list(texts))] if texts else []

    def summarize_batch(self, texts: Sequence[str]) -> list[Summary]:
        texts = _check_texts(texts)
        pieces: dict[int, list[str]] = {}
        for i, t in enumerate(texts):
            if t.strip():
                pieces[i] = self._chunk(t.strip())
        first = {i: len(p) for i, p in pieces.items()}
        rounds = {i: 0 for i in pieces}
        final: dict[int, str] = {}
        while pieces:
            order = [(i, k) for i in sorted(pieces) for k in range(len(pieces[i]))]
            outs = self.generate([pieces[i][k] for i, k in order])
            grouped: dict[int, list[str]] = {}
            for (i, _), out in zip(order, outs):
                grouped.setdefault(i, []).append(out)
            nxt: dict[int, list[str]] = {}
            for i, sums in grouped.items():
                rounds[i] += 1
                if len(sums) == 1:
                    final[i] = sums[0]
                    continue
                joined = _join(sums)
                if self.count_tokens([joined])[0] - self._overhead <= self.max_length:
                    final[i] = joined
                    continue
                again = self._chunk(joined)
                if len(again) >= len(sums) and len(again) > 1:
                    raise ModelError(
                        f"summaries of the {len(sums)} chunks of text {i} do not get shorter "
                        f"({self.model}); lower --max-length (now {self.max_length})")
                nxt[i] = again
            pieces = nxt
        out = []
        for i, t in enumerate(texts):
            if i in final:
                out.append(Summary(final[i], self.method, self.model, chunks=first[i], rounds=rounds[i]))
            else:
                out.append(Summary("", self.method, self.model, chunks=0, rounds=0))
        return out

    def generate(self, texts: Sequence[str]) -> list[str]:
        """One summary per input that fits the model, in order; longest inputs batched together."""
        import torch

        texts = list(texts)
        if not texts:
            return []
        lengths = self.count_tokens(texts)
        too_long = [n for n in lengths if n > self.max_input_tokens]
        if too_long:
            raise InputError(f"an input of {too_long[0]} tokens exceeds the model input of "
                             f"{self.max_input_tokens}; use summarize_batch, which splits long texts")
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

    def _clean(self, text: str) -> str:
        text = text.strip()
        if self.wordpiece:
            # BERT vocabularies decode Chinese with a space between every character.
            text = _WORDPIECE_SPACE.sub("", text)
        return text

    def _chunk(self, text: str) -> list[str]:
        """Split ``text`` at sentence, then clause, then token boundaries into pieces that fit."""
        limit = self.max_input_tokens
        if self.count_tokens([text])[0] <= limit:
            return [text]
        units: list[str] = []
        sents = _sentences(text)
        for s, n in zip(sents, self.count_tokens(sents)):
            if n <= limit:
                units.append(s)
                continue
            clauses = _clauses(s)
            for c, m in zip(clauses, self.count_tokens(clauses)):
                units.extend([c] if m <= limit else self._hard_split(c))
        return self._pack(units)

    def _hard_split(self, text: str) -> list[str]:
        """Longest prefixes that fit, found by bisection on the real token count."""
        out = []
        while text:
            if self.count_tokens([text])[0] <= self.max_input_tokens:
                out.append(text)
                break
            lo, hi = 1, len(text)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self.count_tokens([text[:mid]])[0] <= self.max_input_tokens:
                    lo = mid
                else:
                    hi = mid - 1
            out.append(text[:lo])
            text = text[lo:]
        return out

    def _pack(self, units: list[str]) -> list[str]:
        sizes = [n - self._overhead for n in self.count_tokens(units)]
        groups: list[list[str]] = []
        cur: list[str] = []
        used = self._overhead
        for u, n in zip(units, sizes):
            if cur and used + n > self.max_input_tokens:
                groups.append(cur)
                cur, used = [], self._overhead
            cur.append(u)
            used += n
        if cur:
            groups.append(cur)
        # Token counts of joined text can differ from the sum of its parts at the seams;
        # any group that ends up too long is halved until it fits.
        out: list[str] = []
        for g in groups:
            out.extend(self._fit(g))
        return out

    def _fit(self, group: list[str]) -> list[str]:
        text = "".join(group)
        if len(group) == 1 or self.count_tokens([text])[0] <= self.max_input_tokens:
            return [text]
        half = len(group) // 2
        return self._fit(group[:half]) + self._fit(group[half:])


def _join(summaries: Iterable[str]) -> str:
    out = []
    for s in summaries:
        s = s.strip()
        if s and s[-1] not in "。！？!?；;…”":
            s += "。"
        out.append(s)
    return "".join(out)


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


# ----------------------------------------------------------------------------- entry points


def load_backend(
    method: str = "auto",
    model: str | None = None,
    *,
    device: str | None = None,
    max_length: int | None = None,
    batch_size: int = 8,
    on_warning: Callable[[str], None] | None = None,
    **kwargs,
) -> Backend:
    """The backend for ``method`` (auto, seq2seq, extractive or lead).

    ``auto`` uses the seq2seq model if it loads from local files and otherwise returns
    an ``ExtractiveBackend`` whose ``fallback`` says why, after reporting that reason
    through ``on_warning`` (default: a ``FallbackWarning``). ``max_length`` counts new
    tokens for seq2seq and characters for extractive and lead.
    """
    allowed = METHODS + ("lead",)
    if method not in allowed:
        raise InputError(f"unknown method {method!r}; allowed: {', '.join(allowed)}")
    if method == "extractive":
        return ExtractiveBackend(max_length)
    if method == "lead":
        return LeadBackend(max_length)
    opts = dict(device=device, max_length=max_length, batch_size=batch_size, **kwargs)
    if method == "seq2seq":
        return Seq2SeqBackend.from_pretrained(model, **opts)
    try:
        return Seq2SeqBackend.from_pretrained(model, local_files_only=True, **opts)
    except ModelError as e:
        backend = ExtractiveBackend(max_length)
        backend.fallback = str(e)
        message = f"no summarization model ({e}); using extractive summaries"
        if on_warning is None:
            warnings.warn(message, FallbackWarning, stacklevel=2)
        else:
            on_warning(message)
        return backend


def summarize_segmentations(segmentations: Sequence, backend: Backend) -> list[ArticleSummary]:
    """Summaries for every speaker with remarks of every segmentation, in one batch call."""
    segs = list(segmentations)
    jobs = [(k, sp) for k, seg in enumerate(segs) for sp in seg.speakers_with_remarks]
    results = backend.summarize_batch([sp.text for _, sp in jobs])
    per: list[list[SpeakerSummary]] = [[] for _ in segs]
    for (k, sp), res in zip(jobs, results):
        per[k].append(SpeakerSummary(sp, res))
    return [
        ArticleSummary(seg, tuple(items), backend.method, backend.model, backend.fallback)
        for seg, items in zip(segs, per)
    ]


def summarize(
    text,
    *,
    name: str | None = None,
    method: str = "auto",
    model: str | None = None,
    backend: Backend | None = None,
    max_length: int | None = None,
    device: str | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> ArticleSummary:
    """Segment an article (text or an existing ``Segmentation``) and summarize each speaker.

    Pass ``backend`` (from ``load_backend``) to reuse a loaded model across articles;
    otherwise one is loaded for ``method`` and ``model``.
    """
    from .segment import Segmentation, segment

    if isinstance(text, Segmentation):
        seg = text
    elif isinstance(text, str):
        seg = segment(text, name=name) if name is not None else segment(text)
    else:
        raise InputError(f"summarize takes an article text or a Segmentation, got {type(text).__name__}")
    if backend is None:
        backend = load_backend(method, model, device=device, max_length=max_length, on_warning=on_warning)
    return summarize_segmentations([seg], backend)[0]
