"""Where a model comes from: a local directory, or a hub id in the Hugging Face cache.

Every engine starts here. Whether a model is usable is decided from the file system and
the Hugging Face cache (and, only when a download is allowed, one connection attempt to
the hub) before torch, transformers or ctranslate2 is imported: a missing model is known
in milliseconds, and ``method="auto"`` falls back without loading anything heavy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import InputError, ModelError
from .base import first_line
from .presets import PRESETS, Preset, preset_of

__all__ = ["ModelSource", "locate_model"]

# What a model directory must hold for its tokenizer to load.
TOKENIZER_FILES = ("tokenizer.json", "spiece.model", "sentencepiece.bpe.model", "vocab.txt", "vocab.json")


@dataclass(frozen=True)
class ModelSource:
    """A model found (or allowed to be downloaded): what transformers is given to load it."""

    source: str  # a hub id, or an expanded local directory
    is_path: bool
    preset: Preset | None
    offline: bool  # downloads are off: local files only, or HF_HUB_OFFLINE
    cache_dir: str | None = None

    @property
    def load_kwargs(self) -> dict:
        return {"local_files_only": self.offline, **({"cache_dir": self.cache_dir} if self.cache_dir else {})}

    def missing(self, e: Exception) -> ModelError:
        """The error for a model transformers could not find, naming how to get it."""
        from huggingface_hub import constants as hub

        if self.is_path:
            return ModelError(f"cannot load model from {self.source!r}: {first_line(e)}")
        where = self.cache_dir or hub.HF_HUB_CACHE
        why = ("not in the Hugging Face cache (" + where + ")"
               + (" and downloads are off (HF_HUB_OFFLINE or local files only)" if self.offline
                  else " and could not be downloaded"))
        return ModelError(f"model {self.source!r} is {why}: {hub_hint(self.source)}")

    def local_dir(self) -> str:
        """The directory holding the model's files: the path itself, or its cache snapshot
        (a folder named by the commit, so it changes when the model on the hub does)."""
        if self.is_path:
            return os.path.realpath(self.source)
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(self.source, "config.json", cache_dir=self.cache_dir)
        if not isinstance(found, str):
            raise ModelError(f"model {self.source!r} is not in the Hugging Face cache: {hub_hint(self.source)}")
        return os.path.dirname(found)


def locate_model(
    model: str | None,
    *,
    preset: Preset | str | None = None,
    cache_dir: str | None = None,
    local_files_only: bool | None = None,
) -> ModelSource:
    """Find ``model`` (preset short name, hub id or directory) or fail with a ModelError
    that says how to get it; imports nothing heavy."""
    from huggingface_hub import constants as hub

    preset = preset_of(preset, model)
    source = preset.model_id if preset is not None and (model is None or model in PRESETS) else model
    if not isinstance(source, str) or not source.strip():
        raise InputError(f"model must be a preset name, hub id or directory, got {model!r}")
    is_path = looks_like_path(source)
    if is_path:
        source = os.path.expanduser(source)
        check_model_dir(source)
    offline = bool(local_files_only) or hub.is_offline_mode()
    if not is_path:
        check_available(source, cache_dir, offline)
    return ModelSource(source, is_path, preset, offline, cache_dir)


def looks_like_path(model: str) -> bool:
    return (
        os.path.exists(model)
        or model.startswith((".", "~", os.sep))
        or model.count("/") > 1
        or (os.sep != "/" and os.sep in model)
    )


def check_model_dir(source: str) -> None:
    if not os.path.isdir(source):
        raise ModelError(f"model directory {source!r} does not exist (or is not a directory); "
                         f"allowed: a directory saved with save_pretrained, or one of: {', '.join(PRESETS)}")
    if not os.path.isfile(os.path.join(source, "config.json")):
        raise ModelError(f"model directory {source!r} has no config.json; save the model there "
                         "with model.save_pretrained(DIR)")
    if not any(os.path.isfile(os.path.join(source, f)) for f in TOKENIZER_FILES):
        raise ModelError(f"model directory {source!r} has no tokenizer (none of "
                         f"{', '.join(TOKENIZER_FILES)}); save it there with tokenizer.save_pretrained(DIR)")


def check_available(model_id: str, cache_dir: str | None, offline: bool) -> None:
    """Raise ModelError at once when a hub model is neither cached nor downloadable."""
    from huggingface_hub import constants as hub
    from huggingface_hub import try_to_load_from_cache

    if isinstance(try_to_load_from_cache(model_id, "config.json", cache_dir=cache_dir), str):
        return
    where = cache_dir or hub.HF_HUB_CACHE
    if offline:
        raise ModelError(f"model {model_id!r} is not in the Hugging Face cache ({where}) and downloads are off "
                         f"(HF_HUB_OFFLINE or local files only): {hub_hint(model_id)}")
    reason = hub_unreachable(hub.ENDPOINT)
    if reason:
        raise ModelError(f"model {model_id!r} is not in the Hugging Face cache ({where}) and the hub "
                         f"cannot be reached ({reason}): {hub_hint(model_id)}")


def hub_unreachable(endpoint: str, timeout: float = 3.0) -> str | None:
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


def hub_hint(model_id: str) -> str:
    return (
        f"download it with `hf download {model_id}` (or `huggingface-cli download {model_id}`), "
        "pass --model PATH to a saved copy, or use --method extractive"
    )

