"""The backend interface every summarizer implements, and the checks they share.

A backend has one abstract method, ``summarize_batch(texts)``: texts in, one
:class:`~summarizer.summarize.results.Summary` per text out, in order. Everything else
(``summarize_text``, the article-level functions, batch runs) is built on it, so a new
engine is one class with one method.
"""

from __future__ import annotations

import abc
import re
from typing import Sequence

from ..article import check_text
from ..errors import InputError, ModelError
from .results import Summary

__all__ = ["Backend", "FallbackWarning", "ConversionError", "DEFAULT_CHARS"]

#: Default summary budget of the extractive and lead backends, in characters; the gold
#: reference summaries are 50-80 characters long.
DEFAULT_CHARS = 80


class FallbackWarning(UserWarning):
    """``method="auto"`` could not load the model and used extractive summaries instead."""


class ConversionError(ModelError):
    """A model is there but the chosen engine cannot convert or run it.

    Unlike a missing model, ``method="auto"`` does not fall back on this: the engine was
    chosen explicitly, and another engine (``--engine torch``) is the remedy.
    """


class Backend(abc.ABC):
    """What every summarizer provides: one batch method, and helpers built on it."""

    method: str = ""
    #: What runs the model ("torch", "ctranslate2"); None for methods without a model.
    engine: str | None = None
    model: str | None = None
    #: Set by ``load_backend`` when ``auto`` fell back to this backend, with the reason.
    fallback: str | None = None

    @abc.abstractmethod
    def summarize_batch(self, texts: Sequence[str]) -> list[Summary]:
        """One summary per text, in order; an empty text gets an empty summary."""

    def summarize_text(self, text: str) -> Summary:
        return self.summarize_batch([text])[0]


def check_texts(texts) -> list[str]:
    """``texts`` as a list of usable strings, or an InputError naming the bad one."""
    if isinstance(texts, str):
        raise InputError("summarize_batch takes a list of texts, got one str; use summarize_text")
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise InputError(f"text {i} is a {type(t).__name__}, not a str")
        if t.strip():
            check_text(t, f"text {i}")
    return out


def check_device_name(device: str | None) -> None:
    if device not in (None, "auto") and (not isinstance(device, str) or not re.fullmatch(r"cpu|cuda(:\d+)?|mps", device)):
        raise InputError(f"unknown device {device!r}; allowed: auto, cpu, cuda, cuda:N, mps")


def first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
