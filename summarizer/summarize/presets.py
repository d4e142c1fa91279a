"""Known Chinese summarization models and the settings each needs to be used correctly.

A preset names a hub model, its family and vocabulary, the input prefix it was trained
with, its input length and its generation settings. ``resolve_preset`` finds the preset
of a short name, a hub id or a local copy; ``generation_settings`` merges a preset's
settings with the caller's. Every engine reads the same settings, so an engine changes
how fast a summary is made, not which summary it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from ..errors import InputError, check_positive

__all__ = ["Preset", "PRESETS", "DEFAULT_MODEL", "resolve_preset", "generation_settings"]


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


XLSUM_GENERATION = (("num_beams", 4), ("max_new_tokens", 84), ("no_repeat_ngram_size", 2))

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "xlsum",
            "csebuetnlp/mT5_multilingual_XLSum",
            "mt5",
            "sentencepiece",
            generation=XLSUM_GENERATION,
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


def preset_of(preset: Preset | str | None, model: str | None) -> Preset | None:
    """``preset`` given by name or object, else the one ``model`` resolves to."""
    if preset is None:
        return resolve_preset(model)
    if isinstance(preset, str):
        if preset not in PRESETS:
            raise InputError(f"unknown preset {preset!r}; allowed: {', '.join(PRESETS)}")
        return PRESETS[preset]
    return preset


def generation_settings(preset: Preset | None, max_length: int | None, overrides: Mapping | None) -> dict:
    """The preset's generation settings (XL-Sum's for models without one), then
    ``max_length`` as ``max_new_tokens``, then single ``overrides``; greedy or beam search,
    never sampling, unless the overrides ask for it."""
    gen = dict(preset.generation_kwargs if preset else XLSUM_GENERATION)
    if max_length is not None:
        check_positive("max_length", max_length)
        gen["max_new_tokens"] = max_length
    gen.update(overrides or {})
    gen.setdefault("do_sample", False)
    if gen.get("num_beams", 1) > 1:
        gen.setdefault("early_stopping", True)
    return gen
