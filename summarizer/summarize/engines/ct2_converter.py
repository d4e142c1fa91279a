"""The CTranslate2 converter for transformers checkpoints, as the toolkit loads them.

ctranslate2's ``TransformersConverter`` loads the model through transformers and writes
the CTranslate2 model. This subclass loads through our model source (its cache and
offline settings) and corrects, on the loaded config, what transformers 5 changed and the
converter still reads (``_CONFIG_FIXES``): BART configs no longer carry
``normalize_before``; ``MT5Config`` forces ``tie_word_embeddings=True``, which the
converter takes as "scale the decoder output by d_model^-0.5", although transformers 5
never scales mT5's (and scales T5's only with ``scale_decoder_outputs``). Tokenizers
without ``bos``/``eos`` tokens (BERT vocabularies) get them named from the config's token
ids. Imported only to convert: it loads torch.
"""

from __future__ import annotations

from ctranslate2.converters import TransformersConverter

from ..hub import ModelSource

__all__ = ["Converter"]

# (model types, config attribute, its value from the config, set only when missing)
_CONFIG_FIXES = (
    (("bart",), "normalize_before", lambda c: False, True),  # BART is post-norm
    (("mt5",), "tie_word_embeddings", lambda c: False, False),
    (("t5",), "tie_word_embeddings", lambda c: bool(getattr(c, "scale_decoder_outputs", False)), False),
)


class Converter(TransformersConverter):
    """The transformers converter, loading through our model source (cache, offline
    mode) and correcting what transformers 5 changed; see the module docstring."""

    def __init__(self, where: ModelSource):
        # The converter reads config.json from this directory; weights and tokenizer
        # come through ``where`` below, with its cache and offline settings.
        super().__init__(where.local_dir())
        self._where = where
        self._config = None

    def load_model(self, model_class, model_name_or_path, **kwargs):
        model = super().load_model(model_class, self._where.source, **kwargs, **self._where.load_kwargs)
        fix_config(model.config)
        self._config = model.config
        return model

    def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
        tokenizer = super().load_tokenizer(tokenizer_class, self._where.source, **kwargs, **self._where.load_kwargs)
        name_special_tokens(tokenizer, self._config)
        return tokenizer


def fix_config(config) -> None:
    for types, attribute, value, only_if_missing in _CONFIG_FIXES:
        if config.model_type in types and not (only_if_missing and hasattr(config, attribute)):
            setattr(config, attribute, value(config))


def name_special_tokens(tokenizer, config) -> None:
    """bos/eos/unk/pad tokens the tokenizer lacks, named from the config's token ids."""
    for kind in ("bos", "eos", "unk", "pad"):
        token_id = getattr(config, f"{kind}_token_id", None)
        if getattr(tokenizer, f"{kind}_token") is None and isinstance(token_id, int):
            setattr(tokenizer, f"{kind}_token", tokenizer.convert_ids_to_tokens(token_id))
