"""summarizer: speakers, summaries and governance themes in Chinese official news reports.

The pipeline, one stage per module or package, each taking the record of the stage before:

    load_article (article)  ->  Article
    segment      (segment/) ->  Segmentation      who speaks, and which sentences are theirs
    summarize    (summarize/) -> ArticleSummary   one summary per speaker
    compare      (themes/)  ->  Comparison        themes, distinctive terms, similarity
    analyze      (analyze)  ->  Analysis          all of it for one article (text in)
    run_batch    (batch/)   ->  JSON lines        all of it for many articles
    corpus       (corpus/)  ->  Corpus            people and themes across batch output

The names below are the public API. Each is loaded on first use, so ``import summarizer``
loads no stage module and never torch, transformers or scikit-learn; everything else is
importable from its module (``summarizer.errors``, ``summarizer.segment``, …).
"""

from __future__ import annotations

import importlib
import sys
import types

from ._version import __version__

_EXPORTS = {
    "load_article": "article",
    "Article": "article",
    "segment": "segment",
    "Segmenter": "segment",
    "Segmentation": "segment",
    "summarize": "summarize",
    "load_backend": "summarize",
    "ArticleSummary": "summarize",
    "compare": "themes",
    "Comparer": "themes",
    "Comparison": "themes",
    "load_lexicon": "themes",
    "analyze": "analyze",
    "Analyzer": "analyze",
    "Analysis": "analyze",
    "render_html": "htmlreport",
    "run_batch": "batch",
    "corpus": "corpus",
    "SummarizerError": "errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"summarizer.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(__all__) | set(globals()))


class _Package(types.ModuleType):
    """The package, whose stage functions keep their names when their modules are imported.

    Four public functions share their module's name (``segment``, ``summarize``,
    ``analyze``, ``corpus``). Importing such a module binds it as an attribute of the
    package, which would leave ``summarizer.segment`` the module rather than the function;
    here that binding is skipped (the module stays in ``sys.modules``, which is what
    ``from summarizer.segment import …`` reads), so the function is found on first use.
    """

    def __setattr__(self, name: str, value) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
