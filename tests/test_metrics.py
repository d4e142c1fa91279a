"""Metric definitions checked against values computed by hand."""

import pytest

from summarizer.metrics import Counts, char_tokens, prf, rouge_l, rouge_n, split_sentences


def texts(s):
    return [x.text for x in split_sentences(s)]


def test_split_keeps_closing_quote_with_its_sentence():
    assert texts("他说：“要做好。”会议要求") == ["他说：“要做好。”", "会议要求"]


def test_split_at_line_breaks_and_ascii_marks_but_not_ascii_period():
    assert texts("增长3.5个百分点!真的吗?\n  第二行  \n\n") == ["增长3.5个百分点!", "真的吗?", "第二行"]


def test_split_offsets_index_the_text():
    s = "  甲。（乙！）\r\n丙？"
    for sent in split_sentences(s):
        assert s[sent.start : sent.end] == sent.text
    assert texts(s) == ["甲。", "（乙！）", "丙？"]


def test_prf_micro_and_empty_conventions():
    c = Counts(tp=3, fp=1, fn=2)
    r = prf(c)
    assert r["precision"] == pytest.approx(0.75)
    assert r["recall"] == pytest.approx(0.6)
    assert r["f1"] == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert prf(Counts()) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert prf(Counts(fn=2))["f1"] == 0.0
    total = Counts(1, 0, 1).add(Counts(1, 2, 0))
    assert (total.tp, total.fp, total.fn) == (2, 2, 1)


def test_counts_of_sets():
    c = Counts.of_sets(["a", "b", "c"], ["b", "c", "d", "e"])
    assert (c.tp, c.fp, c.fn) == (2, 1, 2)


def test_char_tokens_keep_han_letters_digits_only():
    assert char_tokens("共建，共治 A1！") == ["共", "建", "共", "治", "a", "1"]


def test_rouge_by_hand():
    # pred 甲乙丙丁 vs ref 甲乙戊丁丙: unigrams overlap 4 of 4 and 4 of 5.
    pred, ref = "甲乙丙丁", "甲乙戊丁丙"
    assert rouge_n(pred, ref, 1, char_tokens) == pytest.approx(2 * 1 * 0.8 / 1.8)
    # bigrams pred {甲乙, 乙丙, 丙丁}, ref {甲乙, 乙戊, 戊丁, 丁丙}: overlap 1 -> P 1/3, R 1/4.
    assert rouge_n(pred, ref, 2, char_tokens) == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))
    # LCS 甲乙丁 (or 甲乙丙) = 3 -> P 3/4, R 3/5.
    assert rouge_l(pred, ref, char_tokens) == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert rouge_n("", ref, 1, char_tokens) == 0.0
    assert rouge_l("。，", ref, char_tokens) == 0.0


def test_bootstrap_interval_of_one_file_is_its_own_f1():
    from summarizer.metrics import bootstrap_f1

    c = Counts(tp=3, fp=1, fn=2)  # P 0.75, R 0.6, F1 2*0.45/1.35 = 0.6667
    lo, hi = bootstrap_f1([c], resamples=200)
    assert lo == hi == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_bootstrap_interval_spans_what_resampling_the_files_can_give():
    from summarizer.metrics import bootstrap_f1

    perfect, missed = Counts(tp=1), Counts(fn=1)
    # Resamples are {perfect, perfect} (F1 1), {missed, missed} (F1 0) or one of each
    # (P 1, R 0.5, F1 2/3), with chances 1/4, 1/4, 1/2: the 95% interval runs from 0 to 1.
    assert bootstrap_f1([perfect, missed], resamples=1000) == (0.0, 1.0)
    # A 40% interval stays on the middle value.
    assert bootstrap_f1([perfect, missed], resamples=1000, level=0.4) == pytest.approx((2 / 3, 2 / 3))
    # Deterministic for a seed.
    many = [Counts(tp=i % 3, fp=i % 2, fn=1) for i in range(20)]
    assert bootstrap_f1(many, seed=1) == bootstrap_f1(many, seed=1)
    lo, hi = bootstrap_f1(many)
    assert lo < prf(_total(many))["f1"] < hi


def _total(counts):
    total = Counts()
    for c in counts:
        total.add(c)
    return total
