"""The public API: a short list of names, each loaded on first use."""

from __future__ import annotations

import subprocess
import sys

import summarizer


def test_the_public_names_are_few_and_all_resolve():
    assert len(summarizer.__all__) <= 20
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name


def test_import_loads_no_stage_module_nor_anything_heavy():
    code = (
        "import sys, summarizer\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('summarizer') or m.split('.')[0] in "
        "('torch', 'transformers', 'sklearn', 'jieba', 'numpy'))))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["summarizer", "summarizer._version"]


def test_stage_functions_stay_functions_when_their_modules_are_imported():
    code = (
        "import summarizer.segment, summarizer.summarize, summarizer.analyze, summarizer.corpus, summarizer\n"
        "from summarizer.segment import Segmenter\n"
        "assert all(callable(f) and not isinstance(f, type(summarizer)) for f in "
        "(summarizer.segment, summarizer.summarize, summarizer.analyze, summarizer.corpus))\n"
        "seg = summarizer.segment('市长何冬梅指出，要加强网格建设。')\n"
        "print(seg.speakers[0].name, type(Segmenter()).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["何冬梅", "Segmenter"]


def test_an_unknown_name_is_an_attribute_error():
    try:
        summarizer.read_txt  # noqa: B018
    except AttributeError as e:
        assert "has no attribute 'read_txt'" in str(e)
    else:  # pragma: no cover
        raise AssertionError("no AttributeError")
