"""Engines: the backends package, its registry, and the CTranslate2 engine against the torch one.

The tiny random-weight mT5 and BART of ``conftest.py`` are converted to CTranslate2 through
the same path as ``--engine ctranslate2 --model PATH``, into a cache of the test's own. In
float32 the CTranslate2 engine must give the torch engine's greedy summaries, chunk counts
and rounds; int8 must run, from a model file about a quarter the size, and its agreement
with float32 is recorded (``record_property``: random 32-dimensional weights quantize
badly, so the rate says little about real models; see eval/bench_summarize.py).
Skipped where ctranslate2 is not installed, except under CI=true, where they must run.
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

try:
    import ctranslate2  # noqa: F401
except ImportError as e:  # the test extra installs it; CI must run these tests
    if os.environ.get("CI"):
        raise
    pytest.skip(f"ctranslate2 is not installed (pip install -e '.[test]' or '.[ct2]'): {e}", allow_module_level=True)

from conftest import ROOT, SEED  # noqa: E402

from summarizer.analyze import Analyzer  # noqa: E402
from summarizer.cli import main  # noqa: E402
from summarizer.errors import InputError, ModelError  # noqa: E402
from summarizer.segment import segment  # noqa: E402
from summarizer.summarize import ENGINES, ConversionError, ExtractiveBackend, load_backend  # noqa: E402
from summarizer.summarize.engines import ct2_convert  # noqa: E402
from summarizer.text import split_sentences  # noqa: E402

GREEDY = {"num_beams": 1}  # with the presets' (or XL-Sum's) no_repeat_ngram_size


@pytest.fixture(scope="module")
def texts(seed_text):
    spoken = [s.text for s in segment(seed_text).speakers_with_remarks]
    sentences = [s.text for t in spoken for s in split_sentences(t)][:12]
    return spoken + sentences + ["好。", "   "]


@pytest.fixture(scope="session")
def tiny_mt5_trained_pad_dir(tiny_mt5_dir, tmp_path_factory) -> Path:
    """The tiny mT5 with one property of every trained mT5: it never generates <pad>.

    <pad> is mT5's decoder start token. transformers counts the start token in
    no_repeat_ngram_size's history and CTranslate2 does not, so the engines part ways
    after a generated <pad>, which a trained model (the pad is never a training target)
    does not produce and a random one does (see the test below). Its output row here is
    zero, so its logit is 0, below the best of 599 random logits.
    """
    import torch
    from transformers import MT5ForConditionalGeneration

    out = tmp_path_factory.mktemp("tiny-mt5-trained-pad")
    for f in tiny_mt5_dir.iterdir():
        shutil.copy(f, out / f.name)
    model = MT5ForConditionalGeneration.from_pretrained(tiny_mt5_dir)
    with torch.no_grad():
        model.lm_head.weight[model.config.pad_token_id].zero_()
    model.save_pretrained(out)
    return out


@pytest.fixture(scope="module")
def ct2_cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("ct2-cache"))


def _pair(path, ct2_cache, compute_type="float32", **kw):
    opts = {"max_length": 16, "generation": GREEDY, **kw}
    torch_engine = load_backend("seq2seq", str(path), **opts)
    ct2_engine = load_backend("seq2seq", str(path), engine="ctranslate2", compute_type=compute_type,
                              ct2_cache=ct2_cache, **opts)
    return torch_engine, ct2_engine


def _model(which, tiny_mt5_trained_pad_dir, tiny_bart_dir):
    return tiny_mt5_trained_pad_dir if which == "mt5" else tiny_bart_dir


# ----------------------------------------------------------------------------- same summaries


@pytest.mark.parametrize("which, preset", [("mt5", None), ("mt5", "heack"), ("bart", None), ("bart", "fnlp-bart")])
def test_float32_greedy_summaries_are_the_torch_engines(which, preset, texts, ct2_cache,
                                                        tiny_mt5_trained_pad_dir, tiny_bart_dir):
    path = _model(which, tiny_mt5_trained_pad_dir, tiny_bart_dir)
    # A small input makes the long remarks go through chunking and map-reduce too.
    # (heack's length_penalty means nothing to greedy search, and transformers refuses it there;
    # the random BART would end every summary at once without a minimum length)
    settings = {**GREEDY, "length_penalty": 1.0} if preset == "heack" else (
        {**GREEDY, "min_new_tokens": 6} if which == "bart" else GREEDY)
    torch_engine, ct2_engine = _pair(path, ct2_cache, preset=preset, max_input_tokens=64, generation=settings)
    assert ct2_engine.prefix == torch_engine.prefix and ct2_engine.max_input_tokens == 64
    expected = torch_engine.summarize_batch(texts)
    got = ct2_engine.summarize_batch(texts)
    assert [s.text for s in got] == [s.text for s in expected]
    assert [(s.chunks, s.rounds) for s in got] == [(s.chunks, s.rounds) for s in expected]
    assert max(s.rounds for s in expected) >= 2  # map-reduce was exercised
    assert sum(bool(s.text) for s in expected) >= len(texts) // 2
    assert {s.engine for s in got} == {"ctranslate2"} and {s.engine for s in expected} == {"torch"}
    assert {s.method for s in got} == {"seq2seq"} and got[0].model == str(path)


def test_beam_search_without_ngram_blocking_is_the_same_too(texts, ct2_cache, tiny_mt5_trained_pad_dir):
    # With no_repeat_ngram_size, CTranslate2 renormalises the scores after blocking and
    # transformers does not, so beams can be ranked differently; without it they agree.
    settings = {"num_beams": 3, "no_repeat_ngram_size": 0, "length_penalty": 0.6}
    torch_engine, ct2_engine = _pair(tiny_mt5_trained_pad_dir, ct2_cache, generation=settings)
    assert ct2_engine._options["beam_size"] == 3 and ct2_engine._options["length_penalty"] == 0.6
    assert ct2_engine.generate(texts[:8]) == torch_engine.generate(texts[:8])


def test_bart_forced_tokens_become_a_prefix_and_one_token_less(tiny_bart_dir, tmp_path, texts, ct2_cache):
    # Models with forced_bos_token_id (mBART-style) start with that token; BART's forced
    # </s> takes the last new token in transformers.
    forced = tmp_path / "tiny-bart-forced-bos"
    shutil.copytree(tiny_bart_dir, forced)
    for name in ("config.json", "generation_config.json"):
        data = json.loads((forced / name).read_text())
        data["forced_bos_token_id"] = 2
        (forced / name).write_text(json.dumps(data))
    torch_engine, ct2_engine = _pair(forced, ct2_cache)
    assert ct2_engine._prefix_token == "[CLS]" and ct2_engine._options["max_decoding_length"] == 15
    assert ct2_engine.generate(texts[5:12]) == torch_engine.generate(texts[5:12])


def test_a_generated_start_token_is_where_the_engines_part(tiny_mt5_dir, texts, ct2_cache):
    """The documented difference, on the fixture's random mT5, which does generate <pad>."""
    import torch

    torch_engine, ct2_engine = _pair(tiny_mt5_dir, ct2_cache)
    inputs = [t for t in texts if t.strip()]
    differ = [t for t in inputs if torch_engine.generate([t]) != ct2_engine.generate([t])]
    assert differ, "the random mT5 no longer generates <pad>: pick inputs where it does"
    pad = torch_engine.tokenizer.pad_token_id
    for t in differ:
        enc = torch_engine.tokenizer([t], return_tensors="pt", return_token_type_ids=False)
        with torch.inference_mode():
            ids = torch_engine._model.generate(**enc, generation_config=torch_engine.generation_config)[0]
        assert pad in ids[1:].tolist()  # after the start token
    # Without n-gram blocking there is no history to differ on.
    torch_free, ct2_free = _pair(tiny_mt5_dir, ct2_cache, generation={"num_beams": 1, "no_repeat_ngram_size": 0})
    assert ct2_free.generate(differ) == torch_free.generate(differ)


def test_results_do_not_depend_on_batch_neighbours(texts, ct2_cache, tiny_mt5_trained_pad_dir):
    one = load_backend("seq2seq", str(tiny_mt5_trained_pad_dir), engine="ctranslate2", compute_type="float32",
                       ct2_cache=ct2_cache, max_length=16, generation=GREEDY, batch_size=3)
    batched = one.summarize_batch(texts)
    assert [one.summarize_text(t) for t in texts] == batched
    assert one.summarize_batch(texts[::-1])[::-1] == batched


def test_int8_runs_from_a_smaller_model_and_its_agreement_is_recorded(
        texts, ct2_cache, tiny_mt5_trained_pad_dir, tiny_bart_dir, record_property, capsys):
    rates = {}
    for which, path in (("mt5", tiny_mt5_trained_pad_dir), ("bart", tiny_bart_dir)):
        settings = {**GREEDY, "min_new_tokens": 6} if which == "bart" else GREEDY
        _, f32 = _pair(path, ct2_cache, generation=settings)
        _, int8 = _pair(path, ct2_cache, compute_type="int8", generation=settings)
        assert int8.compute_type.startswith("int8") and f32.compute_type == "float32"
        sizes = {ct: os.path.getsize(os.path.join(_cached(ct2_cache, path.name, ct), "model.bin"))
                 for ct in ("float32", "int8")}
        # A quarter for real shapes (eval/bench_summarize.py); in 32-dimensional models the
        # float parts (norms, biases, positions, per-row scales) weigh more.
        assert sizes["int8"] < 0.55 * sizes["float32"], sizes
        a, b = f32.summarize_batch(texts), int8.summarize_batch(texts)
        assert [(s.chunks, s.rounds, s.engine) for s in b] == [(s.chunks, s.rounds, s.engine) for s in a]
        spoken = [(x.text, y.text) for t, x, y in zip(texts, a, b) if t.strip()]
        rates[which] = sum(x == y for x, y in spoken) / len(spoken)
        record_property(f"int8_agreement_{which}", rates[which])
    with capsys.disabled():
        print("\n  int8 summaries identical to float32 (random tiny models): "
              + ", ".join(f"{k} {v:.0%}" for k, v in rates.items()))


def _cached(root: str, name: str, compute_type: str) -> str:
    (found,) = [e.path for e in os.scandir(root) if e.name.startswith(f"{name}--{compute_type}--")]
    return found


# ----------------------------------------------------------------------------- the conversion cache


@pytest.fixture()
def fresh_cache(tmp_path) -> str:
    return str(tmp_path / "ct2")


def _load(path, cache):
    return load_backend("seq2seq", str(path), engine="ctranslate2", compute_type="float32", ct2_cache=cache,
                        max_length=8, generation=GREEDY)


def test_converted_once_then_loaded_from_the_cache(tiny_bart_dir, fresh_cache, monkeypatch, texts):
    first = _load(tiny_bart_dir, fresh_cache)
    (entry,) = os.listdir(fresh_cache)  # no temporary directory left behind
    assert entry.startswith("tiny-bart") and "--float32--" in entry
    marker = json.loads(Path(fresh_cache, entry, ct2_convert.MARKER).read_text())
    assert marker["quantization"] == "float32" and marker["files"]["model.bin"] > 0

    def no_conversion(*args, **kwargs):
        raise AssertionError("converted again although a complete conversion is cached")

    monkeypatch.setattr(ct2_convert, "_convert", no_conversion)
    again = _load(tiny_bart_dir, fresh_cache)
    assert again.generate(texts[5:8]) == first.generate(texts[5:8])


def _break_and_reload(path, cache, damage) -> list[str]:
    good = _load(path, cache)
    (entry,) = os.listdir(cache)
    damage(Path(cache, entry))
    reloaded = _load(path, cache)
    assert os.listdir(cache) == [entry]
    assert ct2_convert.is_complete(os.path.join(cache, entry), "float32")
    return [good.generate(["要坚持党建引领。"]), reloaded.generate(["要坚持党建引领。"])]


@pytest.mark.parametrize("damage", [
    pytest.param(lambda d: (d / ct2_convert.MARKER).unlink(), id="half-written: no marker"),
    pytest.param(lambda d: os.truncate(d / "model.bin", 1000), id="truncated weights"),
    pytest.param(lambda d: (d / "model.bin").write_bytes(b"\0" * (d / "model.bin").stat().st_size),
                 id="corrupt weights of the right size"),
    pytest.param(lambda d: (d / ct2_convert.MARKER).write_text("{not json"), id="corrupt marker"),
])
def test_a_broken_conversion_is_rebuilt_not_loaded(damage, tiny_bart_dir, fresh_cache):
    before, after = _break_and_reload(tiny_bart_dir, fresh_cache, damage)
    assert after == before


def test_abandoned_temporary_conversions_are_removed_and_never_used(tiny_bart_dir, fresh_cache):
    _load(tiny_bart_dir, fresh_cache)
    (entry,) = os.listdir(fresh_cache)
    shutil.rmtree(Path(fresh_cache, entry))
    # A complete-looking conversion left under a temporary name by a killed process.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = Path(fresh_cache, f".{entry}.{dead.stdout.strip()}.abc.partial")
    stale.mkdir()
    (stale / "model.bin").write_bytes(b"\0" * 10)
    _load(tiny_bart_dir, fresh_cache)
    assert os.listdir(fresh_cache) == [entry]


def test_cache_keyed_by_model_and_quantization(tiny_bart_dir, tmp_path, fresh_cache):
    copy = tmp_path / "tiny-bart"
    shutil.copytree(tiny_bart_dir, copy)
    _load(copy, fresh_cache)
    load_backend("seq2seq", str(copy), engine="ctranslate2", compute_type="int8", ct2_cache=fresh_cache,
                 max_length=8, generation=GREEDY)
    assert sorted(e.split("--")[1] for e in os.listdir(fresh_cache)) == ["float32", "int8"]
    config = json.loads((copy / "config.json").read_text())
    config["dropout"] = 0.2  # a changed model directory is converted again
    (copy / "config.json").write_text(json.dumps(config))
    _load(copy, fresh_cache)
    assert len(os.listdir(fresh_cache)) == 3


def test_default_cache_sits_beside_the_hugging_face_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("SUMMARIZER_CT2_CACHE", raising=False)
    assert ct2_convert.cache_root(None, str(tmp_path / "hf" / "hub")) == str(tmp_path / "hf" / "ctranslate2")
    monkeypatch.setenv("SUMMARIZER_CT2_CACHE", str(tmp_path / "elsewhere"))
    assert ct2_convert.cache_root(None, str(tmp_path / "hf" / "hub")) == str(tmp_path / "elsewhere")


# ----------------------------------------------------------------------------- errors


@pytest.fixture()
def unconvertible_dir(tmp_path, tiny_bart_dir) -> Path:
    """A seq2seq model CTranslate2 has no converter for (BlenderbotSmall)."""
    from transformers import BlenderbotSmallConfig, BlenderbotSmallForConditionalGeneration

    d = tmp_path / "tiny-blenderbot-small"
    vocab = (tiny_bart_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    config = BlenderbotSmallConfig(vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1,
                                   encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                                   decoder_ffn_dim=32, max_position_embeddings=256, pad_token_id=0,
                                   bos_token_id=2, eos_token_id=3, decoder_start_token_id=3)
    BlenderbotSmallForConditionalGeneration(config).save_pretrained(d)
    for f in ("vocab.txt", "tokenizer_config.json"):
        shutil.copy(tiny_bart_dir / f, d / f)
    return d


@pytest.mark.parametrize("method", ["seq2seq", "auto"])
def test_a_model_that_cannot_be_converted_is_one_line_not_a_fallback(method, unconvertible_dir, fresh_cache):
    with pytest.raises(ConversionError) as e:
        load_backend(method, str(unconvertible_dir), engine="ctranslate2", ct2_cache=fresh_cache,
                     on_warning=lambda m: pytest.fail(f"fell back: {m}"))
    msg = str(e.value)
    assert "\n" not in msg and "BlenderbotSmallConfig" in msg and "--engine torch" in msg
    assert os.listdir(fresh_cache) == []  # nothing half-converted left


def test_missing_extra_is_one_line_naming_it_even_for_auto(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    for method in ("seq2seq", "auto"):
        with pytest.raises(ModelError, match=r"--engine ctranslate2 needs the package ctranslate2.*\.\[ct2\]"):
            load_backend(method, "xlsum", engine="ctranslate2", cache_dir=str(tmp_path))
    # extractive summaries need no engine at all
    assert isinstance(load_backend("extractive", engine="ctranslate2"), ExtractiveBackend)


def test_an_engine_that_cannot_be_imported_is_an_error_not_a_fallback(monkeypatch, tiny_bart_dir):
    import dataclasses

    broken = dataclasses.replace(ENGINES["ctranslate2"], module="summarizer.summarize.engines.no_such_engine")
    monkeypatch.setitem(ENGINES, "ctranslate2", broken)
    with pytest.raises(ModelError, match="--engine ctranslate2 cannot import"):
        load_backend("auto", str(tiny_bart_dir), engine="ctranslate2",
                     on_warning=lambda m: pytest.fail(f"fell back: {m}"))


def test_cli_without_the_extra_or_with_an_unconvertible_model(tmp_path, unconvertible_dir):
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "SUMMARIZER_CT2_CACHE": str(tmp_path / "ct2")}
    hide = "import sys; sys.modules['ctranslate2'] = None; from summarizer.cli import main; sys.exit(main(sys.argv[1:]))"
    r = subprocess.run([sys.executable, "-c", hide, "summarize", str(SEED), "--engine", "ctranslate2"],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert r.returncode == ModelError.exit_code and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "pip install -e '.[ct2]'" in r.stderr
    r = subprocess.run([sys.executable, "-m", "summarizer", "summarize", str(SEED), "--engine", "ctranslate2",
                        "--model", str(unconvertible_dir)], capture_output=True, text=True, env=env, cwd=ROOT,
                       timeout=300)
    assert r.returncode == ModelError.exit_code and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("summarizer: error: ctranslate2 cannot convert")


def test_fresh_machine_with_ctranslate2_still_falls_back_with_one_warning(tmp_path):
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf")}
    r = subprocess.run([sys.executable, "-m", "summarizer", "summarize", str(SEED), "--engine", "ctranslate2"],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("summarizer: warning: no summarization model")
    assert "summaries: extractive" in r.stdout
    assert not (tmp_path / "hf" / "ctranslate2").exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "onnx"}, "unknown engine 'onnx'; allowed: torch, ctranslate2"),
    ({"compute_type": "int8"}, r"compute_type \(--compute-type\) is an option of --engine ctranslate2"),
    ({"engine": "ctranslate2", "compute_type": "int4"}, "unknown compute type 'int4'; allowed: auto, int8"),
    ({"engine": "ctranslate2", "compute_type": "float16"}, "float16 is not usable with mt5 models"),
    ({"engine": "ctranslate2", "compute_type": "bfloat16"}, "compute type bfloat16 is not supported on cpu"),
    ({"engine": "ctranslate2", "device": "mps"}, "device 'mps' is not available with the ctranslate2 engine"),
    ({"engine": "ctranslate2", "generation": {"top_k": 5}}, "top_k=5 is not available with the ctranslate2 engine"),
])
def test_bad_engine_options_name_the_value(kwargs, message, tiny_mt5_trained_pad_dir, fresh_cache):
    with pytest.raises(InputError, match=message):
        load_backend("seq2seq", str(tiny_mt5_trained_pad_dir), ct2_cache=fresh_cache, **kwargs)


# ----------------------------------------------------------------------------- the rest of the toolkit


def test_cli_json_records_the_engine(tiny_bart_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMARIZER_CT2_CACHE", str(tmp_path / "ct2"))
    argv = ["summarize", str(SEED), "--model", str(tiny_bart_dir), "--engine", "ctranslate2", "--compute-type",
            "float32", "--max-length", "8", "--format", "json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["method"], data["engine"], data["model"]) == ("seq2seq", "ctranslate2", str(tiny_bart_dir))
    summaries = [s["summary"] for s in data["speakers"] if s["summary"]]
    assert len(summaries) == 5 and {s["engine"] for s in summaries} == {"ctranslate2"}


def test_analyzer_and_batch_choose_the_engine(tiny_bart_dir, tmp_path, monkeypatch, seed_text):
    monkeypatch.setenv("SUMMARIZER_CT2_CACHE", str(tmp_path / "ct2"))
    analyzer = Analyzer("seq2seq", str(tiny_bart_dir), engine="ctranslate2", compute_type="float32", max_length=8)
    assert analyzer.analyze(seed_text).to_dict()["engine"] == "ctranslate2"
    out = tmp_path / "out.jsonl"
    argv = ["batch", str(SEED), "--out", str(out), "--method", "seq2seq", "--model", str(tiny_bart_dir),
            "--engine", "ctranslate2", "--max-length", "8", "--quiet"]
    assert main(argv) == 0
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["engine"] == "ctranslate2" and line["method"] == "seq2seq"
    with pytest.raises(InputError, match="unknown engine"):
        Analyzer("auto", engine="fast")


def test_engines_registry_and_light_imports():
    assert list(ENGINES) == ["torch", "ctranslate2"] and ENGINES["ctranslate2"].extra == "ct2"
    code = ("import sys, summarizer, summarizer.cli; from summarizer.summarize import load_backend, ENGINES; "
            "summarizer.cli.build_parser(); "
            "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    heavy = re.compile(r"^\s*(?:import|from)\s+(?:torch|transformers|ctranslate2)\b", re.M)
    importers = {p.relative_to(ROOT).as_posix() for p in (ROOT / "summarizer" / "summarize").rglob("*.py")
                 if heavy.search(p.read_text(encoding="utf-8"))}
    assert importers == {f"summarizer/summarize/engines/{m}.py" for m in ("torch", "ctranslate2", "ct2_convert", "ct2_converter", "hf")}
