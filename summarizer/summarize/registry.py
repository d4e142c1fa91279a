"""Which backend a method and engine name: two tables, and ``load_backend`` that reads them.

``METHOD_LOADERS`` maps a method (auto, seq2seq, extractive, lead) to how its backend is
made; ``ENGINES`` maps an engine name (torch, ctranslate2) to the module that runs seq2seq
models, what it needs installed and which pip extra provides it. Engine modules are
imported only when chosen, so choosing extractive summaries, or finding that no model is
there, never imports torch.

``auto`` falls back to extractive summaries when there is no model to use (not found
locally, or it does not load); it does not fall back when the chosen engine is missing
its extra or cannot convert a model that is there: those are errors to fix, not
reasons to summarize differently.
"""

from __future__ import annotations

import importlib
import importlib.util
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from ..errors import InputError, ModelError
from .base import Backend, ConversionError, FallbackWarning

__all__ = ["Engine", "ENGINES", "METHODS", "DEFAULT_ENGINE", "COMPUTE_TYPES", "check_engine", "load_backend"]

METHODS = ("auto", "seq2seq", "extractive")
DEFAULT_ENGINE = "torch"


class BackendClass(Protocol):
    """What an engine module provides: a backend class built from a model by ``from_pretrained``."""

    def from_pretrained(self, model: str | None = None, **options: Any) -> Backend: ...


@dataclass(frozen=True)
class Engine:
    """A way of running seq2seq models: its module, what it needs and where that comes from."""

    name: str
    module: str
    backend: str  # class name in ``module``
    requires: tuple[str, ...]
    extra: str | None  # pip extra of this project that installs ``requires``
    options: tuple[str, ...] = ()  # keyword arguments only this engine takes
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # allowed values of some of them
    note: str = ""

    def check_installed(self) -> None:
        """ModelError naming the extra when a required package is not importable."""
        for name in self.requires:
            try:
                missing = importlib.util.find_spec(name) is None
            except (ImportError, ValueError):  # a half-installed package, or one blocked in sys.modules
                missing = True
            if missing:
                how = (f"pip install 'summarizer[{self.extra}]' (from a checkout: pip install -e '.[{self.extra}]')"
                       if self.extra else f"pip install {name}")
                raise ModelError(f"--engine {self.name} needs the package {name}, which is not installed: {how}")

    def backend_class(self) -> BackendClass:
        try:
            module = importlib.import_module(self.module)
        except ImportError as e:
            raise ModelError(f"--engine {self.name} cannot import {e.name or 'its packages'}: {e}") from None
        return getattr(module, self.backend)


#: CTranslate2 compute types (weights_activations); "auto" picks by device and model family.
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                 "float16", "bfloat16", "float32")

ENGINES: dict[str, Engine] = {
    e.name: e
    for e in (
        Engine("torch", "summarizer.summarize.engines.torch", "Seq2SeqBackend", ("torch", "transformers"), None,
               options=("dtype",), note="transformers on PyTorch: float32 on CPU, bfloat16 on CUDA"),
        Engine("ctranslate2", "summarizer.summarize.engines.ctranslate2", "CTranslate2Backend",
               ("ctranslate2", "torch", "transformers"), "ct2", options=("compute_type", "ct2_cache", "threads"),
               choices=(("compute_type", COMPUTE_TYPES),),
               note="the model converted once to CTranslate2: int8 on CPU, int8/float16 on CUDA"),
    )
}


def load_backend(
    method: str = "auto",
    model: str | None = None,
    *,
    engine: str | None = None,
    device: str | None = None,
    max_length: int | None = None,
    batch_size: int = 8,
    on_warning: Callable[[str], None] | None = None,
    **kwargs,
) -> Backend:
    """The backend for ``method`` (auto, seq2seq, extractive or lead) and ``engine``.

    ``auto`` uses the seq2seq model if it loads from local files and otherwise returns
    an ``ExtractiveBackend`` whose ``fallback`` says why, after reporting that reason
    through ``on_warning`` (default: a ``FallbackWarning``). ``max_length`` counts new
    tokens for seq2seq and characters for extractive and lead. ``engine`` (default
    torch) runs the model; options only one engine takes (``compute_type`` for
    ctranslate2, ``dtype`` for torch) are refused for the other.
    """
    allowed = METHODS + ("lead",)
    if method not in allowed:
        raise InputError(f"unknown method {method!r}; allowed: {', '.join(allowed)}")
    spec = check_engine(engine, kwargs)
    opts = dict(device=device, max_length=max_length, batch_size=batch_size, **kwargs)
    return METHOD_LOADERS[method](spec, model, opts, on_warning)


def check_engine(name: str | None, options: dict) -> Engine:
    """The engine called ``name`` (default torch), after checking ``options``: values
    from its ``choices``, and none that belongs to another engine. Options of other
    engines left at None are removed from ``options``."""
    name = DEFAULT_ENGINE if name is None else name
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r}; allowed: {', '.join(ENGINES)}")
    spec = ENGINES[name]
    for other in ENGINES.values():
        for option in other.options:
            if option in spec.options or option not in options:
                continue
            if options[option] is not None:
                flag = "--" + option.replace("_", "-")
                raise InputError(f"{option} ({flag}) is an option of --engine {other.name}, not of --engine {spec.name}")
            del options[option]
    for option, allowed in spec.choices:
        if options.get(option) not in (None, *allowed):
            raise InputError(f"unknown {option.replace('_', ' ')} {options[option]!r}; allowed: {', '.join(allowed)}")
    return spec


def _extractive(spec: Engine, model, opts: dict, on_warning) -> Backend:
    from .engines.extractive import ExtractiveBackend

    return ExtractiveBackend(opts["max_length"])


def _lead(spec: Engine, model, opts: dict, on_warning) -> Backend:
    from .engines.lead import LeadBackend

    return LeadBackend(opts["max_length"])


def _seq2seq(spec: Engine, model, opts: dict, on_warning) -> Backend:
    spec.check_installed()
    return spec.backend_class().from_pretrained(model, **opts)


def _auto(spec: Engine, model, opts: dict, on_warning) -> Backend:
    """The model from local files, or extractive summaries with one warning."""
    from .hub import locate_model

    spec.check_installed()
    try:
        # Decided from the cache before the engine (and torch) is imported: a missing
        # model is known in milliseconds.
        locate_model(model, preset=opts.get("preset"), cache_dir=opts.get("cache_dir"), local_files_only=True)
    except ModelError as e:
        return _fall_back(e, opts, on_warning)
    backend_class = spec.backend_class()  # an engine that cannot be imported is an error, not "no model"
    try:
        return backend_class.from_pretrained(model, **{**opts, "local_files_only": True})
    except ConversionError:
        raise
    except ModelError as e:
        return _fall_back(e, opts, on_warning)


def _fall_back(error: ModelError, opts: dict, on_warning) -> Backend:
    from .engines.extractive import ExtractiveBackend

    backend = ExtractiveBackend(opts["max_length"])
    backend.fallback = str(error)
    message = f"no summarization model ({error}); using extractive summaries"
    if on_warning is None:
        warnings.warn(message, FallbackWarning, stacklevel=4)  # at the caller of load_backend
    else:
        on_warning(message)
    return backend


METHOD_LOADERS: dict[str, Callable[..., Backend]] = {
    "auto": _auto,
    "seq2seq": _seq2seq,
    "extractive": _extractive,
    "lead": _lead,
}
