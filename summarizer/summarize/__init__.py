"""Stage 3: one summary per speaker, from the sentences that carry their words.

Method. Every summarizer is a *backend* with one batch method, ``summarize_batch(texts)``
(texts in, ``Summary`` results out, in order); ``summarize_text`` and the article-level
functions are built on it. The package's files are its parts:

* ``base``: the backend interface (an abstract class with that one method);
  ``results``: the frozen result records;
* ``presets``: the known Chinese models and their prefixes, input lengths and
  generation settings; ``hub``: finding a model (a directory, or the Hugging Face
  cache) before anything heavy is imported;
* ``chunking``: what every seq2seq engine shares: remarks longer than the model's input
  are split at sentence, clause, then token boundaries (measured with the model's own
  tokenizer), summarized, and the summaries summarized again (map-reduce);
* ``engines``: one module per engine. ``torch`` (``Seq2SeqBackend``: transformers on
  PyTorch) and ``ctranslate2`` (``CTranslate2Backend``: the model converted once to
  CTranslate2, int8 on CPUs) run seq2seq models, mT5 or BART; ``extractive``
  (clauses of the speaker's own words, ranked; the fallback) and ``lead`` (the first
  sentence; the evaluation's baseline) need no model. Only the engine modules import
  torch, transformers or ctranslate2;
* ``registry``: methods and engines as tables, and ``load_backend``; ``articles``:
  ``summarize`` and ``summarize_segmentations``.

``method="auto"`` loads the model only from local files (a path, or the Hugging Face
cache) and otherwise falls back to extractive summaries with a one-line warning; it
never starts a multi-gigabyte download on its own. ``method="seq2seq"`` may download
(unless ``HF_HUB_OFFLINE`` is set) and fails with a ``ModelError`` saying how to get the
model. Engine classes are loaded on first use (``import summarizer.summarize`` stays
free of torch and numpy).
"""

from __future__ import annotations

import importlib

from .articles import summarize, summarize_segmentations
from .base import DEFAULT_CHARS, Backend, ConversionError, FallbackWarning
from .presets import DEFAULT_MODEL, PRESETS, Preset, resolve_preset
from .registry import DEFAULT_ENGINE, ENGINES, METHODS, Engine, load_backend
from .results import ArticleSummary, SpeakerSummary, Summary
from .sentences import strip_cue as _strip_cue  # noqa: F401  (its tests import it from here)

__all__ = [
    "Preset",
    "PRESETS",
    "DEFAULT_MODEL",
    "METHODS",
    "ENGINES",
    "DEFAULT_ENGINE",
    "DEFAULT_CHARS",
    "Engine",
    "resolve_preset",
    "Summary",
    "SpeakerSummary",
    "ArticleSummary",
    "Backend",
    "Seq2SeqBackend",
    "CTranslate2Backend",
    "ExtractiveBackend",
    "LeadBackend",
    "FallbackWarning",
    "ConversionError",
    "load_backend",
    "summarize",
    "summarize_segmentations",
]

# Engine classes, imported when first named: an engine module may import torch.
_ENGINE_CLASSES = {
    "Seq2SeqBackend": ".engines.torch",
    "CTranslate2Backend": ".engines.ctranslate2",
    "ExtractiveBackend": ".engines.extractive",
    "LeadBackend": ".engines.lead",
}


def __getattr__(name: str):
    module = _ENGINE_CLASSES.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer.summarize' has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)


def __dir__():
    return sorted(set(globals()) | set(__all__))
