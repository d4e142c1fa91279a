"""Summaries: backends, presets, chunking, batching, fallbacks and the command line.

The seq2seq tests run the tiny random-weight models of ``conftest.py`` through the same
loading path as ``--model PATH``; their summaries are gibberish, so the tests check the
mechanics (what goes into the model, what comes out, in which order), not quality.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import summarizer
from summarizer.cli import main
from summarizer.errors import InputError, ModelError
from summarizer.metrics import split_sentences
from summarizer.segment import segment
from summarizer.summarize import (
    PRESETS,
    ExtractiveBackend,
    FallbackWarning,
    LeadBackend,
    Seq2SeqBackend,
    _strip_cue,
    load_backend,
    resolve_preset,
    summarize_segmentations,
)
from summarizer.summarize.clauses import clauses_of, join_clauses
from summarizer.summarize.engines.extractive import Weights

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"


@pytest.fixture(scope="module")
def seg(seed_text):
    return segment(seed_text)


@pytest.fixture(scope="module")
def texts(seg):
    return [s.text for s in seg.speakers_with_remarks]


# Random weights never emit </s>, so every summary runs to max_length: keep it short.
FAST = {"max_length": 16, "generation": {"num_beams": 1}}


@pytest.fixture(scope="module")
def mt5(tiny_mt5_dir):
    return load_backend("seq2seq", str(tiny_mt5_dir), **FAST)


@pytest.fixture(scope="module")
def bart(tiny_bart_dir):
    return load_backend("seq2seq", str(tiny_bart_dir), **FAST)


# ----------------------------------------------------------------------------- presets


def test_presets_resolve_by_short_name_hub_id_and_local_copy():
    assert resolve_preset(None).model_id == "csebuetnlp/mT5_multilingual_XLSum"
    assert resolve_preset("heack").prefix == "summarize: "
    assert resolve_preset("IDEA-CCNL/Randeng-BART-139M-SUMMARY").prefix == "summary:"
    snapshot = "/home/u/.cache/huggingface/hub/models--fnlp--bart-base-chinese/snapshots/abc123"
    assert resolve_preset(snapshot).vocabulary == "bert"
    assert resolve_preset("/models/Randeng-BART-139M-SUMMARY").name == "randeng"
    assert resolve_preset("/models/my-own-model") is None
    assert resolve_preset("someone/other-model") is None
    xlsum = PRESETS["xlsum"].generation_kwargs
    assert xlsum == {"num_beams": 4, "max_new_tokens": 84, "no_repeat_ngram_size": 2}
    assert PRESETS["xlsum"].max_input_tokens == 512


def test_tiny_mt5_tokenizer_is_converted_from_spiece(mt5, tiny_mt5_dir):
    assert not (tiny_mt5_dir / "tokenizer.json").exists()  # loaded the way the mT5 hub repos are
    tok = mt5.tokenizer
    assert len(tok) == 600  # a v5 tokenizer built from nothing would hold only its specials
    sentence = "要加快推进市域社会治理现代化,提高市域社会治理能力。"
    ids = tok(sentence)["input_ids"]
    assert ids[-1] == tok.eos_token_id and tok.unk_token_id not in ids
    assert tok.decode(ids, skip_special_tokens=True) == sentence


@pytest.mark.parametrize("name", list(PRESETS))
def test_each_preset_prefix_generation_and_decoding(name, tiny_mt5_dir, tiny_bart_dir, texts):
    preset = PRESETS[name]
    path = tiny_bart_dir if preset.vocabulary == "bert" else tiny_mt5_dir
    b = Seq2SeqBackend.from_pretrained(str(path), preset=name)
    assert b.prefix == preset.prefix
    # The prefix goes in front of every input, and so counts against the input length.
    direct = b.tokenizer(preset.prefix + texts[0])["input_ids"]
    assert b.count_tokens([texts[0]]) == [len(direct)]
    assert b.count_tokens([""]) == [len(b.tokenizer(preset.prefix)["input_ids"])]
    gc = b.generation_config
    for key, value in preset.generation_kwargs.items():
        assert getattr(gc, key) == value
    assert gc.do_sample is False
    assert b.wordpiece == (preset.vocabulary == "bert")
    out = b.summarize_batch(texts[:2])  # with the preset's own settings
    assert [s.method for s in out] == ["seq2seq", "seq2seq"]
    assert all(s.model == str(path) and s.chunks == 1 for s in out)
    if preset.vocabulary == "bert":
        # A BERT vocabulary decodes to "中 国"; the summary must read "中国". (A BART
        # given token_type_ids would have raised in generate.)
        assert not any(" " in s.text for s in out)


def test_wordpiece_spaces_removed_only_between_non_latin(bart):
    assert bart._clean(" 中 国 abc def 2023 年 。") == "中国abc def 2023年。"


def test_bart_input_length_capped_by_position_embeddings(bart):
    assert bart.max_input_tokens == 256  # config.max_position_embeddings of the tiny BART


def test_generation_settings_come_from_us_not_the_checkpoint(tiny_mt5_dir):
    b = Seq2SeqBackend.from_pretrained(str(tiny_mt5_dir), max_length=20, generation={"num_beams": 1})
    assert b.generation_config.max_new_tokens == 20 and b.generation_config.num_beams == 1
    assert b.generation_config.decoder_start_token_id == 0 and b.generation_config.eos_token_id == 1


# ----------------------------------------------------------------------------- long remarks


def test_chunks_fit_the_real_tokenizer_and_cover_the_text(tiny_mt5_dir, seg):
    b = Seq2SeqBackend.from_pretrained(str(tiny_mt5_dir), max_input_tokens=40, max_length=8)
    text = seg.speaker("马瑞民").text
    chunks = b._chunk(text)
    assert len(chunks) > 2
    assert all(n <= 40 for n in b.count_tokens(chunks))
    assert "".join(chunks) == "".join(s.text for s in split_sentences(text))
    # Every chunk starts at a sentence or clause start: nothing is cut mid-clause here.
    assert all(c[0] not in "，,；;" for c in chunks)
    s = b.summarize_text(text)
    assert s.chunks == len(chunks) and s.rounds >= 2 and s.text


def test_unpunctuated_run_is_split_by_tokens_not_truncated(tiny_mt5_dir):
    b = Seq2SeqBackend.from_pretrained(str(tiny_mt5_dir), max_input_tokens=30, max_length=8)
    text = "社会治理创新基层治理现代化" * 40  # no sentence or clause boundary at all
    chunks = b._chunk(text)
    assert "".join(chunks) == text
    assert all(n <= 30 for n in b.count_tokens(chunks))


def test_twenty_thousand_characters(mt5, texts):
    long = "".join(texts) * 40
    assert len(long) > 20_000
    s = mt5.summarize_text(long)
    assert s.chunks > 10 and s.rounds >= 2 and s.text
    e = ExtractiveBackend().summarize_text(long)
    assert 0 < len(e.text) <= 80


def test_max_length_must_leave_room_to_reduce(tiny_mt5_dir):
    with pytest.raises(InputError, match="max_length 30 is too long.*at most"):
        Seq2SeqBackend.from_pretrained(str(tiny_mt5_dir), max_input_tokens=40, max_length=30)


def test_generate_refuses_input_longer_than_the_model(mt5):
    with pytest.raises(InputError, match="exceeds the model input"):
        mt5.generate(["要" * 3000])


# ----------------------------------------------------------------------------- batching


@pytest.mark.parametrize("which", ["mt5", "bart"])
def test_batched_equals_one_at_a_time_and_is_deterministic(which, request, texts, tiny_mt5_dir, tiny_bart_dir):
    path = tiny_mt5_dir if which == "mt5" else tiny_bart_dir
    # Beam search (the presets' default) with padding is where batch effects would show.
    b = Seq2SeqBackend.from_pretrained(str(path), batch_size=3, max_length=24)
    inputs = texts + ["好。", texts[0][:30]]
    batched = b.summarize_batch(inputs)
    single = [b.summarize_text(t) for t in inputs]
    assert batched == single
    reversed_ = b.summarize_batch(inputs[::-1])[::-1]
    assert reversed_ == batched  # batch neighbours do not change a result
    again = Seq2SeqBackend.from_pretrained(str(path), batch_size=7, max_length=24).summarize_batch(inputs)
    assert again == batched


def test_summarize_batch_takes_a_list(mt5):
    with pytest.raises(InputError, match="list of texts"):
        mt5.summarize_batch("一段话。")
    assert mt5.summarize_batch([]) == []
    empty = mt5.summarize_text("  ")
    assert empty.text == "" and empty.chunks == 0


# ----------------------------------------------------------------------------- extractive and lead


def test_strip_cue():
    assert _strip_cue("陈存根在致辞中表示,必须坚持社会治理创新。") == "必须坚持社会治理创新。"
    assert _strip_cue("他指出：要做好。") == "要做好。"
    assert _strip_cue("要坚持系统观念。") == "要坚持系统观念。"
    assert _strip_cue("他说：") == "他说："  # nothing left: keep it


def test_clauses_drop_frames_stock_phrases_and_fillers():
    text = ("陈存根在致辞中表示,必须坚持社会治理创新。近年来,临江市以试点为抓手,建成四级中心。他强调,要发挥作用。"
            "在他看来,只有线上线下结合起来。新时代新征程上,要对干部提出更高要求。一是要加强领导；二是要压实责任。")
    assert [(c.text, c.sentence, c.first) for c in clauses_of(text)] == [
        ("必须坚持社会治理创新", 0, True),
        ("临江市以试点为抓手", 1, True),  # 近年来 alone is a clause of its own here: dropped
        ("建成四级中心", 1, False),
        ("要发挥作用", 2, True),
        ("只有线上线下结合起来", 3, True),
        ("要对干部提出更高要求", 4, True),  # ends in 要求 but is no frame: its subject is too long
        ("要加强领导", 5, True),
        ("要压实责任", 5, False),
    ]
    assert [c.text for c in clauses_of("近年来自治区持续加大投入。")] == ["自治区持续加大投入"]


def test_clauses_join_in_order_within_their_length_with_questions_and_balanced_quotes():
    parts = clauses_of("“数字化工具越来越多，负担是减轻了还是加重了？”主持人问。要坚持！“治理好不好，最终看群众。”")
    assert [c.text for c in parts] == ["“数字化工具越来越多", "负担是减轻了还是加重了”", "要坚持", "“治理好不好",
                                       "最终看群众”"]
    joined = join_clauses(parts)
    assert joined == "“数字化工具越来越多，负担是减轻了还是加重了？”要坚持！“治理好不好，最终看群众”。"
    assert len(joined) == sum(len(c.text) + 1 for c in parts)
    # A clause picked without its partner loses the lone quotation mark.
    assert join_clauses([parts[0], parts[2]]) == "数字化工具越来越多，要坚持！"


def test_short_clauses_lean_on_the_next_and_marks_follow_the_text():
    parts = clauses_of("去年以来,长春市坚持党建引领,推动基层治理共建共治共享,见人见事见物。要坚持,不懈怠。")
    assert [c.text for c in parts] == ["去年以来,长春市坚持党建引领", "推动基层治理共建共治共享", "见人见事见物",
                                       "要坚持,不懈怠"]
    # Neighbours keep the mark between them; others get the text's own comma (here ",").
    assert join_clauses(parts[:2]) == "去年以来,长春市坚持党建引领,推动基层治理共建共治共享。"
    assert join_clauses([parts[0], parts[3]]) == "去年以来,长春市坚持党建引领,要坚持,不懈怠。"
    assert join_clauses(clauses_of("要抓好安全生产；要做好防汛工作。")) == "要抓好安全生产；要做好防汛工作。"


def test_extractive_prefers_central_clauses_and_avoids_repeats():
    a = "要推进基层治理现代化。"
    b = "要推进基层治理现代化！"  # the same bigrams as a: cosine 1
    c = "要发展社会工作推进基层治理。"  # 5 of its 12 bigrams are a's 9: cosine 5/sqrt(108) = 0.481
    # PageRank (d=0.85): by symmetry a = b = x, c = y with x = 0.05 + 0.85(x/1.481 + 0.481y/0.962),
    # 2x + y = 1: x = 0.3722, y = 0.2555, so c scores 0.687 of the best. Centrality alone, and
    # MMR with lam=0.5 after a (tie, earlier): b 0.5*1 - 0.5*1 = 0, c 0.5*0.687 - 0.5*0.481
    # = 0.103, so c; with lam=1 b comes first. Both pairs fit 25 characters, marks included.
    centrality = Weights(centrality=1, themes=0, position=0, first=0)
    relevance = ExtractiveBackend(weights=centrality).relevance(clauses_of(a + b + c))
    assert [round(r, 3) for r in relevance] == [1.0, 1.0, 0.687]
    assert ExtractiveBackend(25, lam=0.5, weights=centrality).summarize_text(a + b + c).text == \
        "要推进基层治理现代化，要发展社会工作推进基层治理。"
    assert ExtractiveBackend(25, lam=1.0, weights=centrality).summarize_text(a + b + c).text == \
        "要推进基层治理现代化，要推进基层治理现代化！"


def test_extractive_themes_and_position_decide_and_order_is_kept():
    text = "要抓好安全生产，要坚持党建引领，要做好防汛工作。"
    budget = 16  # two clauses of 7 characters, each with its mark
    themes = Weights(centrality=0, themes=1, position=0, first=0)
    # 党建引领 is a theme: relevance 0, 1, 0; then the tie goes to the earlier clause, and
    # the picked clauses come out in the speaker's order.
    assert ExtractiveBackend(budget, lam=1.0, weights=themes).summarize_text(text).text == "要抓好安全生产，要坚持党建引领。"
    later = "要抓好安全生产，要做好防汛工作，要坚持党建引领。"
    assert ExtractiveBackend(budget, lam=1.0, weights=themes).summarize_text(later).text == "要抓好安全生产，要坚持党建引领。"
    # Position alone: 1, 1/sqrt(2), 1/sqrt(3): the first two.
    position = Weights(centrality=0, themes=0, position=1, first=0)
    assert ExtractiveBackend(budget, lam=1.0, weights=position).summarize_text(later).text == "要抓好安全生产，要做好防汛工作。"


def test_extractive_keeps_order_budget_and_is_deterministic(texts):
    e = ExtractiveBackend(max_length=60)
    out = e.summarize_batch(texts)
    assert out == e.summarize_batch(texts)
    for t, s in zip(texts, out):
        assert 0 < len(s.text) <= 60 and s.method == "extractive" and s.model is None and s.engine is None
        # Every clause of the summary is the speaker's own, in the speaker's order.
        pieces = [p.strip("“”") for p in re.split(r"[，,；;：:。！？]", s.text) if p.strip("“”")]
        positions = [t.find(p) for p in pieces]
        assert all(p >= 0 for p in positions), (pieces, t)
        assert positions == sorted(positions)
        assert not re.search(r"(?:^|，)(?:他|她)(?:指出|强调|表示)", s.text)


def test_extractive_short_and_oversized_clauses():
    assert ExtractiveBackend().summarize_text("好。").text == "好。"
    assert ExtractiveBackend().summarize_text("他指出，要做好。").text == "要做好。"
    long = "要" + "，".join(["坚持党建引领"] * 30) + "。"
    s = ExtractiveBackend(max_length=20).summarize_text(long)
    assert len(s.text) <= 20 and s.text.endswith("。")
    one_clause = "要" + "坚持党建引领推进基层治理" * 10 + "。"
    assert ExtractiveBackend(max_length=20).summarize_text(one_clause).text == "要坚持党建引领推进基层治理坚持党建引。"


def test_lead_takes_first_sentences_and_cuts():
    text = "王书记表示,要坚持党建引领。要推进基层治理。要发展社会工作。"
    assert LeadBackend(max_length=20).summarize_text(text).text == "要坚持党建引领。要推进基层治理。"
    # One sentence longer than the budget is cut at a clause boundary.
    assert LeadBackend(max_length=9).summarize_text("要坚持党建引领,推进基层治理。").text == "要坚持党建引领。"


def test_bad_parameters_name_the_value():
    with pytest.raises(InputError, match="max_length must be a positive integer, got 0"):
        ExtractiveBackend(max_length=0)
    with pytest.raises(InputError, match="unknown method 'abstractive'; allowed: auto, seq2seq, extractive, lead"):
        load_backend("abstractive")
    with pytest.raises(InputError, match="unknown device 'tpu'"):
        Seq2SeqBackend.from_pretrained("xlsum", device="tpu")


# ----------------------------------------------------------------------------- missing models


def test_missing_model_error_says_how_to_get_it(tmp_path):
    with pytest.raises(ModelError) as e:
        load_backend("seq2seq", "xlsum", local_files_only=True, cache_dir=str(tmp_path))
    msg = str(e.value)
    assert "\n" not in msg
    for part in ("csebuetnlp/mT5_multilingual_XLSum", "hf download", "--model PATH", "--method extractive"):
        assert part in msg


def test_offline_mode_is_named(tmp_path, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelError, match="HF_HUB_OFFLINE"):
        load_backend("seq2seq", "heack", cache_dir=str(tmp_path))


def test_auto_falls_back_with_one_warning(tmp_path):
    seen = []
    b = load_backend("auto", "xlsum", cache_dir=str(tmp_path), on_warning=seen.append, max_length=50)
    assert isinstance(b, ExtractiveBackend) and b.max_length == 50
    assert len(seen) == 1 and "\n" not in seen[0] and "using extractive summaries" in seen[0]
    assert "csebuetnlp/mT5_multilingual_XLSum" in b.fallback
    with pytest.warns(FallbackWarning, match="extractive"):
        load_backend("auto", "xlsum", cache_dir=str(tmp_path))


def test_model_directory_without_tokenizer(tiny_mt5_dir, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    for f in ("config.json", "model.safetensors"):
        shutil.copy(tiny_mt5_dir / f, bare / f)
    with pytest.raises(ModelError, match="has no tokenizer"):
        load_backend("seq2seq", str(bare))
    with pytest.raises(ModelError, match="does not exist"):
        load_backend("seq2seq", str(tmp_path / "nowhere"))


def test_non_seq2seq_model_is_refused(tmp_path, tiny_bart_dir):
    from transformers import BertConfig, BertModel

    d = tmp_path / "bert"
    BertModel(BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=32)).save_pretrained(d)
    shutil.copy(tiny_bart_dir / "vocab.txt", d / "vocab.txt")
    with pytest.raises(ModelError, match="is a 'bert' model, not a sequence-to-sequence model"):
        load_backend("seq2seq", str(d))


# ----------------------------------------------------------------------------- library and CLI


def test_summarize_takes_the_segmenters_record_not_text(seed_text):
    # Each stage takes the previous stage's record: summarizing never segments on its own.
    with pytest.raises(InputError, match="summarize takes a Segmentation, not article text"):
        summarizer.summarize(seed_text, method="extractive")
    res = summarizer.summarize(summarizer.segment(seed_text), method="extractive")
    assert [s.speaker.name for s in res.summaries] == ["陈存根", "马瑞民", "罗华", "赵明", "邵波"]


def test_summarize_article_one_summary_per_speaker_with_remarks(seed_text, tiny_mt5_dir):
    res = summarizer.summarize(summarizer.segment(seed_text), method="seq2seq", model=str(tiny_mt5_dir), max_length=16)
    names = [s.speaker.name for s in res.summaries]
    assert names == ["陈存根", "马瑞民", "罗华", "赵明", "邵波"]
    assert res.method == "seq2seq" and res.fallback is None
    d = res.to_dict()
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    by_name = {s["name"]: s["summary"] for s in d["speakers"]}
    assert by_name["徐冬儿"] is None  # a speaker without reported words gets no summary
    assert by_name["陈存根"]["method"] == "seq2seq"


def test_summaries_of_many_articles_in_one_batch(seed_text, gold_files):
    texts = [seed_text, "今天天气很好。会议结束。"]
    segs = [segment(t) for t in texts]
    res = summarize_segmentations(segs, ExtractiveBackend())
    assert len(res[0].summaries) == 5
    assert res[1].summaries == ()  # an article with no speakers: a correct, empty result
    from summarizer.report import summary_markdown

    assert "_No speakers found._" in summary_markdown(res[1])


def test_cli_summarize_with_model_path(tiny_mt5_dir, capsys):
    argv = ["summarize", str(SEED), "--model", str(tiny_mt5_dir), "--show-remarks", "--max-length", "16"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"summaries: seq2seq ({tiny_mt5_dir})" in out
    assert out.count("**Summary:**") == 5
    assert "陈存根在致辞中表示" in out  # --show-remarks


def test_cli_summarize_extractive_json(capsys):
    assert main(["summarize", str(SEED), str(SEED), "--method", "extractive", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 2 and data[0]["method"] == "extractive"
    summaries = [s["summary"] for s in data[0]["speakers"] if s["summary"]]
    assert len(summaries) == 5 and all(0 < len(s["text"]) <= 80 for s in summaries)


def _run_cli(args, tmp_path, **env):
    e = {**os.environ, "HF_HOME": str(tmp_path / "hf"), **env}
    e.pop("HF_HUB_OFFLINE", None) if "HF_HUB_OFFLINE" not in env else None
    return subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, text=True,
                          env=e, cwd=ROOT, timeout=120)


def test_cli_fresh_machine_falls_back_and_seq2seq_fails_in_one_line(tmp_path):
    r = _run_cli(["summarize", str(SEED)], tmp_path)
    assert r.returncode == 0, r.stderr
    warnings_ = [line for line in r.stderr.splitlines() if line.startswith("summarizer: warning:")]
    assert len(warnings_) == 1 and "hf download csebuetnlp/mT5_multilingual_XLSum" in warnings_[0]
    assert "summaries: extractive" in r.stdout and r.stdout.count("**Summary:**") == 5
    r = _run_cli(["summarize", str(SEED), "--method", "seq2seq"], tmp_path, HF_HUB_OFFLINE="1")
    assert r.returncode == ModelError.exit_code
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert r.stderr.startswith("summarizer: error: model 'csebuetnlp/mT5_multilingual_XLSum'")


def test_import_stays_light():
    code = ("import sys, summarizer, summarizer.summarize, summarizer.cli; "
            "summarizer.cli.build_parser(); summarizer.summarize; "
            "print(sorted(m for m in ('torch', 'transformers', 'numpy', 'sklearn', 'jieba') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    assert callable(summarizer.summarize)
