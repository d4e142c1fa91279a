"""Exception types of the toolkit.

Every error a user can cause (bad input file, unknown model, malformed lexicon) is one
of these, so the command line can print one line and exit non-zero instead of a
traceback, and library users can catch ``SummarizerError`` alone.
"""

from __future__ import annotations

__all__ = [
    "SummarizerError",
    "InputError",
    "EncodingError",
    "NoSpeakersError",
    "ModelError",
    "LexiconError",
    "FontError",
    "OutputError",
    "check_positive",
]


class SummarizerError(Exception):
    """Base class of every error the toolkit raises on purpose."""

    exit_code = 1


class InputError(SummarizerError, ValueError):
    """An input file or text cannot be used (empty, binary, too large, not an article)."""

    exit_code = 2


class EncodingError(InputError):
    """The bytes of an input cannot be decoded as any supported Chinese text encoding."""


class NoSpeakersError(InputError):
    """The article names nobody who speaks; raised only where speakers are required."""


class ModelError(SummarizerError):
    """A summarization model cannot be found, loaded or run."""

    exit_code = 3


class LexiconError(SummarizerError, ValueError):
    """A theme lexicon file is malformed; the message names the file, line and problem."""


class FontError(SummarizerError):
    """No font with Chinese glyphs is available for plotting."""


class OutputError(SummarizerError):
    """A result cannot be written where asked: no such folder, a folder named as a file,
    no permission, a full disk. The message names the path and the reason."""

    exit_code = 2


def check_positive(name: str, value, allowed: str = "a positive integer") -> int:
    """``value`` if it is a positive integer (not a bool), else an InputError naming ``name``.

    The one check behind every count a caller gives (terms, jobs, batch sizes, lengths)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{name} must be {allowed}, got {value!r}")
    return value
