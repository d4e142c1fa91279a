"""summarizer: speakers, summaries and governance themes in Chinese official news reports.

The pipeline has one module per stage: ``article`` (decoding and page clutter),
``segment`` (speakers and their remark sentences), ``summarize`` (per-speaker summaries),
``themes`` (theme lexicon and TF-IDF comparison), ``report`` (output formats) and ``cli``.
Public names are loaded lazily so that ``import summarizer`` stays cheap and never pulls
in torch or transformers.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "read_text": "article",
    "decode_bytes": "article",
    "parse_article": "article",
    "Article": "article",
    "segment": "segment",
    "Segmentation": "segment",
    "Segmenter": "segment",
    "Speaker": "segment",
    "Remark": "segment",
    "Person": "segment",
    "summarize": "summarize",
    "summarize_segmentations": "summarize",
    "load_backend": "summarize",
    "Summary": "summarize",
    "SpeakerSummary": "summarize",
    "ArticleSummary": "summarize",
    "Backend": "summarize",
    "Seq2SeqBackend": "summarize",
    "ExtractiveBackend": "summarize",
    "LeadBackend": "summarize",
    "CTranslate2Backend": "summarize",
    "ConversionError": "summarize",
    "Preset": "summarize",
    "PRESETS": "summarize",
    "FallbackWarning": "summarize",
    "compare": "themes",
    "Comparer": "themes",
    "Comparison": "themes",
    "ComparedSpeaker": "themes",
    "ChineseTokenizer": "themes",
    "Lexicon": "themes",
    "Theme": "themes",
    "ThemeMatch": "themes",
    "ThemeHit": "themes",
    "load_lexicon": "themes",
    "read_background": "article",
    "plot_comparison": "plot",
    "find_cjk_font": "plot",
    "analyze": "analyze",
    "Analysis": "analyze",
    "Analyzer": "analyze",
    "render_html": "htmlreport",
    "write_html": "htmlreport",
    "run_batch": "batch",
    "BatchStats": "batch",
    "read_results": "batch",
    "corpus": "corpus",
    "Corpus": "corpus",
    "CorpusPerson": "corpus",
    "CorpusArticle": "corpus",
    "SummarizerError": "errors",
    "InputError": "errors",
    "EncodingError": "errors",
    "NoSpeakersError": "errors",
    "ModelError": "errors",
    "LexiconError": "errors",
    "FontError": "errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"summarizer.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__


# The function ``summarize`` shares its name with its module: importing the module
# ``summarizer.summarize`` (which any ``from summarizer.summarize import …`` does) would
# otherwise leave the module, not the function, as ``summarizer.summarize``. Binding the
# function here first settles it; the module imports nothing heavy at load time.
from .segment import segment  # noqa: E402  (same reason; only regular expressions load)
from .summarize import summarize  # noqa: E402
from .analyze import analyze  # noqa: E402  (same reason: function and module share the name)
from .corpus import corpus  # noqa: E402  (same reason; reading and counting only, nothing heavy)
