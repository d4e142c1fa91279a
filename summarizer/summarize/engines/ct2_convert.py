"""A transformers checkpoint converted once into a CTranslate2 model, kept in a cache.

Where: ``ctranslate2/`` beside the Hugging Face hub cache (``~/.cache/huggingface/ctranslate2``
by default; ``SUMMARIZER_CT2_CACHE`` or ``ct2_cache=`` put it elsewhere), one directory per
model and quantization. A hub model is keyed by its cache snapshot (the commit), a local
directory by its real path and the sizes and times of its files, so a changed model is
converted again.

How: ctranslate2's ``TransformersConverter`` writes into a temporary directory beside
the final one; the vocabulary it wrote is checked against the tokenizer, a marker file
listing every file and its size is added, and the directory is renamed into place. A
directory without a valid marker (half-written, truncated, from older code) is never
loaded: it is removed and converted again.

The converter itself (and what it corrects) is in ``ct2_converter``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile

import ctranslate2

from ...errors import ModelError
from ..base import ConversionError, first_line
from ..hub import ModelSource

__all__ = ["cache_root", "converted_model", "is_complete", "discard"]

#: Bump when the conversion changes, so that directories made by older code are rebuilt.
FORMAT = 1
MARKER = "summarizer-ct2.json"



def cache_root(ct2_cache: str | None = None, hf_cache_dir: str | None = None) -> str:
    """``ct2_cache``, else ``$SUMMARIZER_CT2_CACHE``, else ``ctranslate2/`` beside the hub cache."""
    if ct2_cache:
        return os.path.expanduser(ct2_cache)
    if os.environ.get("SUMMARIZER_CT2_CACHE"):
        return os.path.expanduser(os.environ["SUMMARIZER_CT2_CACHE"])
    from huggingface_hub import constants as hub

    hub_cache = os.path.abspath(os.path.expanduser(hf_cache_dir or hub.HF_HUB_CACHE))
    return os.path.join(os.path.dirname(hub_cache.rstrip(os.sep)), "ctranslate2")


def cache_key(where: ModelSource, quantization: str) -> str:
    """Directory name for ``where`` converted with ``quantization``."""
    local = where.local_dir()
    if where.is_path:
        stats = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(local) if e.is_file())
        identity = json.dumps([local, stats])
        slug = os.path.basename(local.rstrip(os.sep)) or "model"
    else:
        identity = json.dumps([where.source, os.path.basename(local)])  # the snapshot's commit
        slug = where.source.replace("/", "--")
    digest = hashlib.sha256(f"{identity}|{ctranslate2.__version__}|{FORMAT}".encode()).hexdigest()[:16]
    return f"{slug}--{quantization}--{digest}"


def converted_model(where: ModelSource, quantization: str, tokenizer, *, ct2_cache: str | None = None,
                    rebuild: bool = False) -> str:
    """The directory of ``where`` converted with ``quantization``: from the cache when a
    complete conversion is there, else converted now (ConversionError when it cannot be)."""
    root = cache_root(ct2_cache, where.cache_dir)
    key = cache_key(where, quantization)
    final = os.path.join(root, key)
    if not rebuild and is_complete(final, quantization):
        return final
    try:
        os.makedirs(root, exist_ok=True)
        _remove_abandoned(root, key)
        tmp = tempfile.mkdtemp(prefix=f".{key}.{os.getpid()}.", suffix=".partial", dir=root)
    except OSError as e:
        raise _unwritable(root, e) from None
    try:
        _convert(where, quantization, tokenizer, tmp)
        _publish(tmp, final, quantization)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def _publish(tmp: str, final: str, quantization: str) -> None:
    """Rename a finished conversion into place, atomically."""
    try:
        discard(final)
        os.rename(tmp, final)
    except OSError as e:
        # Another process renamed its conversion into place first: that one will do.
        if not is_complete(final, quantization):
            raise _unwritable(final, e) from None


def _unwritable(path: str, e: OSError) -> ModelError:
    return ModelError(f"cannot write the CTranslate2 cache {path!r} ({e.strerror or e}); "
                      "set SUMMARIZER_CT2_CACHE to a writable folder with room for the model")


def is_complete(path: str, quantization: str) -> bool:
    """True when ``path`` holds a conversion that finished: marker, files, sizes."""
    try:
        with open(os.path.join(path, MARKER), encoding="utf-8") as f:
            marker = json.load(f)
        files = marker["files"]
        return (marker.get("format") == FORMAT and marker.get("quantization") == quantization
                and "model.bin" in files
                and all(os.path.getsize(os.path.join(path, name)) == size for name, size in files.items()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def discard(path: str) -> None:
    """Remove a cached conversion (or whatever half of one is there)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def _convert(where: ModelSource, quantization: str, tokenizer, out: str) -> None:
    from .ct2_converter import Converter  # torch and transformers load only to convert

    try:
        Converter(where).convert(out, quantization=quantization, force=True)
    except OSError as e:  # weights missing from the cache or the directory, or a full disk
        raise where.missing(e) from None
    except (ValueError, NotImplementedError, KeyError, AttributeError, TypeError, RuntimeError) as e:
        raise ConversionError(f"ctranslate2 cannot convert {where.source!r}: {first_line(e)}; "
                              "use --engine torch") from None
    _check_vocabulary(where, tokenizer, out)
    files = {e.name: e.stat().st_size for e in os.scandir(out) if e.is_file()}
    marker = {"format": FORMAT, "source": where.source, "quantization": quantization,
              "ctranslate2": ctranslate2.__version__, "files": files}
    try:
        with open(os.path.join(out, MARKER), "w", encoding="utf-8") as f:
            json.dump(marker, f, ensure_ascii=False, indent=1)
    except OSError as e:
        raise _unwritable(out, e) from None


def _check_vocabulary(where: ModelSource, tokenizer, out: str) -> None:
    """Token strings go in and come out of ctranslate2; each must be the tokenizer's id."""
    for name in ("shared_vocabulary.json", "source_vocabulary.json", "target_vocabulary.json"):
        path = os.path.join(out, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            tokens = json.load(f)[: len(tokenizer)]
        ids = tokenizer.convert_tokens_to_ids(tokens)
        wrong = next((i for i, t in enumerate(ids) if t != i), None)
        if wrong is not None:
            raise ConversionError(f"ctranslate2 cannot convert {where.source!r}: its vocabulary entry {wrong} "
                                  f"({tokens[wrong]!r}) is token {ids[wrong]} of the tokenizer; use --engine torch")


def _remove_abandoned(root: str, key: str) -> None:
    """Temporary directories of conversions whose process is gone (killed mid-way)."""
    for entry in os.scandir(root):
        if not (entry.name.startswith(f".{key}.") and entry.name.endswith(".partial")):
            continue
        try:
            pid = int(entry.name[len(key) + 2 :].split(".", 1)[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except (ValueError, PermissionError):
            continue
