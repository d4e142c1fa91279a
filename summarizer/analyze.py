"""The whole pipeline on one article: segmentation, summaries and theme comparison together.

Method. An :class:`Analyzer` holds what is worth loading once for many articles: the
summarization backend (a seq2seq model, or the extractive backend), jieba's part-of-speech
tagger for the segmenter, and the theme :class:`~summarizer.themes.Comparer` with its jieba
tokenizer. An article goes through two steps:

1. :meth:`Analyzer.prepare`: segmentation and the comparison of its speakers (pure CPU work
   that needs no model, so batch runs spread it over processes);
2. :meth:`Analyzer.finish`: summaries of every speaker of every prepared article in one
   ``summarize_batch`` call, so a seq2seq model batches across articles.

One segmenter serves every article: its memory of tagger verdicts is keyed by exactly what
the tagger saw, so an article's result does not depend on the articles read before it.
An article whose speakers have
no reported words has ``comparison=None``: there is nothing to compare, which is a finding,
not an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from .errors import InputError

if TYPE_CHECKING:
    from .article import Article
    from .segment import Segmentation, Segmenter
    from .summarize import ArticleSummary, Backend
    from .themes import Comparer, Comparison

__all__ = ["Analysis", "Prepared", "Analyzer", "analyze"]


@dataclass(frozen=True)
class Prepared:
    """An article segmented and compared, waiting for its summaries."""

    name: str
    segmentation: Segmentation
    comparison: Comparison | None  # None without remarks


@dataclass(frozen=True)
class Analysis:
    """Everything the toolkit finds in one article.

    ``summaries`` is a :class:`~summarizer.summarize.ArticleSummary` (it carries the
    segmentation); ``comparison`` a :class:`~summarizer.themes.Comparison` of the article's
    speakers, or ``None`` when no speaker has reported words.
    """

    name: str
    summaries: ArticleSummary
    comparison: Comparison | None

    @property
    def segmentation(self) -> Segmentation:
        return self.summaries.segmentation

    @property
    def article(self) -> Article:
        return self.summaries.segmentation.article

    @property
    def text(self) -> str:
        return self.article.text

    def to_dict(self) -> dict:
        """JSON-ready: article metadata and text, speakers with remarks and summaries, comparison.

        Offsets of remarks and theme hits index ``text``. The summary method, model and any
        fallback reason sit at the top level, as in ``summarize --format json``.
        """
        d = self.summaries.to_dict()
        out = {k: d.pop(k) for k in ("headline", "published", "source", "dateline")}
        out["text"] = self.text
        out.update(d)
        out["comparison"] = self.comparison.to_dict() if self.comparison is not None else None
        return out


class Analyzer:
    """Runs the whole pipeline; keep one for many articles so models load once.

    ``method``/``model``/``max_length``/``device``/``batch_size``/``engine``/``compute_type``
    choose the summaries as in
    :func:`~summarizer.summarize.load_backend` (or pass a ready ``backend``); the backend is
    loaded on first use, so segmentation-only work never loads a model. ``lexicon``,
    ``background`` and ``top_terms`` configure the theme comparison as in
    :class:`~summarizer.themes.Comparer`. ``tagger`` is passed to the segmenter
    (``False``: sentence structure alone).
    """

    def __init__(
        self,
        method: str = "auto",
        model: str | None = None,
        *,
        backend=None,
        max_length: int | None = None,
        device: str | None = None,
        batch_size: int = 8,
        engine: str | None = None,
        compute_type: str | None = None,
        lexicon=None,
        background: Sequence[str] | None = None,
        top_terms: int = 10,
        tagger=None,
        on_warning: Callable[[str], None] | None = None,
    ):
        from .summarize import METHODS, Backend

        allowed = METHODS + ("lead",)
        if backend is None and method not in allowed:
            raise InputError(f"unknown method {method!r}; allowed: {', '.join(allowed)}")
        if backend is not None and not isinstance(backend, Backend):
            raise InputError(f"backend must be a summarizer Backend (see load_backend), got {type(backend).__name__}")
        if backend is None:
            from .summarize.registry import check_engine

            check_engine(engine, {"compute_type": compute_type})  # a bad engine fails now, not at the first article
        self.method = method
        self.model = model
        self._backend: Backend | None = backend
        self._given_backend = backend is not None
        self._backend_options: dict[str, Any] = dict(max_length=max_length, device=device, batch_size=batch_size,
                                                     engine=engine, compute_type=compute_type, on_warning=on_warning)
        self._lexicon = lexicon
        self._background = background
        self._top_terms = top_terms
        if tagger is None:
            from .segment import JiebaTagger

            tagger = JiebaTagger()
        self._tagger = tagger
        self._segmenter: Segmenter | None = None
        # Constructing the comparer validates lexicon, background and top_terms now, not
        # after the first article has been segmented; jieba itself still loads lazily.
        self._comparer: Comparer = self._make_comparer()

    def _make_comparer(self) -> Comparer:
        from .themes import Comparer

        return Comparer(self._lexicon, background=self._background, top_terms=self._top_terms)

    @property
    def backend(self) -> Backend:
        """The summarization backend, loaded on first use."""
        if self._backend is None:
            from .summarize import load_backend

            self._backend = load_backend(self.method, self.model, **self._backend_options)
        return self._backend

    @property
    def comparer(self) -> Comparer:
        return self._comparer

    def worker_options(self) -> dict:
        """Keyword arguments that build an Analyzer preparing articles exactly as this one does.

        For worker processes: the summarization backend is left out (workers only prepare),
        and jieba's tagger is rebuilt there rather than copied.
        """
        from .segment import JiebaTagger

        tagger = None if isinstance(self._tagger, JiebaTagger) else self._tagger
        return {"lexicon": self._comparer.lexicon, "background": self._comparer.background,
                "top_terms": self._top_terms, "tagger": tagger}

    def summary_options(self) -> dict:
        """Keyword arguments that build an Analyzer summarizing as this one does, in another process.

        For model workers (``batch --runner ray``): a backend given ready-made travels as it
        is (it must pickle); otherwise the method, model and settings travel and the model is
        loaded there. ``auto`` travels as the method it resolved to here, so a worker that
        cannot load the model fails rather than quietly writing extractive summaries.
        """
        if self._given_backend:
            return {"backend": self._backend}
        method = self.backend.method if self.method == "auto" else self.method
        options = {k: v for k, v in self._backend_options.items() if k != "on_warning"}
        return {"method": method, "model": self.model, **options}

    # -- steps

    def segment(self, text, name: str = "article"):
        if self._segmenter is None:
            from .segment import Segmenter

            self._segmenter = Segmenter(tagger=self._tagger or False)
        return self._segmenter(text, name)

    def compare(self, segmentation, name: str = "article"):
        """The comparison of one article's speakers, or None when none has reported words."""
        if not segmentation.speakers_with_remarks:
            return None
        return self._comparer.compare(segmentation, labels=[name])

    def prepare(self, text, name: str = "article") -> Prepared:
        """Segment and compare one article (text or parsed ``Article``); no summaries yet."""
        _check_name(name)
        if not isinstance(text, str):
            from .article import Article

            if not isinstance(text, Article):
                raise InputError(f"{name}: expected the article text (str), got {type(text).__name__}")
        seg = self.segment(text, name)
        return Prepared(name, seg, self.compare(seg, name))

    def finish(self, prepared: Iterable[Prepared]) -> list["Analysis"]:
        """Summaries for all prepared articles in one backend call, and the analyses."""
        from .summarize import summarize_segmentations

        prepared = list(prepared)
        if not prepared:
            return []
        results = summarize_segmentations([p.segmentation for p in prepared], self.backend)
        return [Analysis(p.name, r, p.comparison) for p, r in zip(prepared, results)]

    def analyze(self, text, name: str = "article") -> "Analysis":
        return self.finish([self.prepare(text, name)])[0]

    def analyze_many(self, texts: Iterable, names: Sequence[str] | None = None) -> list["Analysis"]:
        """Analyses of several articles; seq2seq summaries are batched across all of them."""
        texts = list(texts)
        if names is None:
            names = [f"article {i}" for i in range(1, len(texts) + 1)]
        names = list(names)
        if len(names) != len(texts):
            raise InputError(f"{len(names)} names given for {len(texts)} articles; give one name per article")
        return self.finish(self.prepare(t, n) for t, n in zip(texts, names))


def _check_name(name) -> None:
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"article name must be a non-empty string, got {name!r}")


def analyze(
    text,
    *,
    name: str = "article",
    method: str = "auto",
    model: str | None = None,
    analyzer: Analyzer | None = None,
    lexicon: str | Path | None = None,
    max_length: int | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Analysis:
    """Segmentation, per-speaker summaries and theme comparison of one article text.

    Pass an ``analyzer`` to reuse loaded models across articles; otherwise one is built
    from ``method``, ``model``, ``lexicon`` and ``max_length``.
    """
    if analyzer is None:
        analyzer = Analyzer(method, model, lexicon=lexicon, max_length=max_length, on_warning=on_warning)
    return analyzer.analyze(text, name)
