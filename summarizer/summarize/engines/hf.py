"""Loading a transformers checkpoint's configuration and tokenizer, for every seq2seq engine.

Both engines tokenize with the model's own transformers tokenizer, so chunk lengths,
prefixes and decoding are the same whichever engine runs the model. Every failure is a
``ModelError`` naming the model.
"""

from __future__ import annotations

from transformers import AutoConfig, AutoTokenizer
from transformers.models.auto.modeling_auto import MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING

from ...errors import ModelError
from ..base import first_line
from ..hub import ModelSource
from ..presets import PRESETS

__all__ = ["load_config", "load_tokenizer"]


def load_config(where: ModelSource):
    """The model's configuration; refused unless it is an encoder-decoder model."""
    try:
        config = AutoConfig.from_pretrained(where.source, **where.load_kwargs)
    except (OSError, ValueError) as e:
        if "does not appear to have a file named config.json" in str(e) or isinstance(e, OSError):
            raise where.missing(e) from None
        raise ModelError(f"cannot read the configuration of {where.source!r}: {first_line(e)}") from None
    if type(config) not in MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING:
        raise ModelError(
            f"{where.source!r} is a {config.model_type!r} model, not a sequence-to-sequence model; "
            f"use an encoder-decoder summarization model such as {', '.join(p.model_id for p in PRESETS.values())}"
        )
    return config


def load_tokenizer(where: ModelSource):
    try:
        tokenizer = AutoTokenizer.from_pretrained(where.source, **where.load_kwargs)
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise ModelError(f"cannot load the tokenizer of {where.source!r}: {first_line(e)}") from None
    # transformers 5 can build a tokenizer with only its special tokens when the
    # vocabulary file is not understood; summaries from it would be garbage.
    if len(tokenizer) <= len(tokenizer.all_special_tokens) + 2:
        raise ModelError(f"the tokenizer of {where.source!r} has an empty vocabulary "
                         f"({len(tokenizer)} tokens); check its tokenizer files")
    return tokenizer
