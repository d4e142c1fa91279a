"""jieba's dictionary, loaded once per process and without chatter.

Two stages use jieba: the segmenter's part-of-speech tagger (does this candidate read as a
person's name?) and the theme tokenizer (which needs the lexicon's terms kept whole).
Loading jieba's dictionary costs about a second and 500,000 entries, so it is loaded once:
the tagger uses jieba's default tokenizer, and every theme tokenizer is a private copy of
that dictionary (a dict copy, milliseconds) to which its lexicon's terms are added, so jieba's
default dictionary is never changed by this package.

jieba announces each load on stderr ("Building prefix dict …") through a handler of its
own at DEBUG level. The announcement is held back only for the duration of our own loads;
the level the application chose for the ``jieba`` logger is restored right after.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterable, Iterator

__all__ = ["default_tokenizer", "private_tokenizer", "pos_tokenizer"]


@contextmanager
def _quiet() -> Iterator[None]:
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def default_tokenizer():
    """jieba's default tokenizer, its dictionary loaded (once per process)."""
    import jieba  # before _quiet: jieba's import sets its logger's level itself

    if not jieba.dt.initialized:
        with _quiet():
            jieba.dt.initialize()
    return jieba.dt


def private_tokenizer(words: Iterable[str] = ()):
    """A ``jieba.Tokenizer`` of its own: the default dictionary copied, plus ``words``.

    ``add_word``'s default frequency (suggest_freq) keeps each word whole against jieba's
    own split (枫桥经验, not 枫桥/经验).
    """
    import jieba

    base = default_tokenizer()
    tk = jieba.Tokenizer()
    # A copy of the loaded prefix dictionary stands for loading it again: same entries,
    # same total, and jieba skips loading once ``initialized`` is set.
    tk.FREQ = dict(base.FREQ)
    tk.total = base.total
    tk.initialized = True
    for w in words:
        tk.add_word(w)
    return tk


def pos_tokenizer():
    """jieba's part-of-speech tokenizer over the default dictionary."""
    default_tokenizer()
    with _quiet():
        import jieba.posseg

    return jieba.posseg.dt
