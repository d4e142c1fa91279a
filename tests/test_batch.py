"""Batch runs: inputs, error lines, equality with analyze(), jobs, resume after a kill."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GOLD_DIR, ROOT, SEED

from summarizer.analyze import Analyzer
from summarizer.batch import iter_inputs, read_results, run_batch, segmentation_from_dict
from summarizer.cli import main
from summarizer.errors import InputError, OutputError, SummarizerError
from summarizer.summarize import Backend, ExtractiveBackend

DEV = sorted(GOLD_DIR.glob("dev-*.json"))


def _dev_text(i: int) -> str:
    return json.loads(DEV[i].read_text(encoding="utf-8"))["text"]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer("extractive")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Four good articles (one in GB18030) and every kind of bad input, in a folder and a JSONL file."""
    d = tmp_path_factory.mktemp("corpus")
    (d / "articles" / "sub").mkdir(parents=True)
    for i in range(3):
        (d / "articles" / f"a{i}.txt").write_text(_dev_text(i), encoding="utf-8")
    (d / "articles" / "sub" / "gbk.txt").write_bytes(_dev_text(3).encode("gb18030"))
    (d / "articles" / "sub" / "empty.txt").write_bytes(b"")
    (d / "articles" / "sub" / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (d / "articles" / "sub" / "huge.txt").write_bytes(("会议指出，要加强基层治理。" * 140_000).encode("utf-8"))
    (d / "articles" / "sub" / "nobody.html").write_text(
        "<html><head><script>var a = 1;</script></head><body><nav><a href='/'>首页</a></nav>"
        "<div class='share'>分享到微信</div><footer>版权所有</footer></body></html>", encoding="utf-8")
    (d / "articles" / ".hidden.txt").write_text(_dev_text(0), encoding="utf-8")
    (d / "articles" / "notes.md").write_text("not an article", encoding="utf-8")
    lines = [
        json.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")}, ensure_ascii=False),
        "{this is not json",
        json.dumps([1, 2]),
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"id": "seed", "text": _dev_text(4)}, ensure_ascii=False),
        json.dumps({"id": 7, "text": _dev_text(5)}, ensure_ascii=False),
    ]
    (d / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def _inputs(corpus: Path) -> list[str]:
    return [str(corpus / "articles"), str(corpus / "more.jsonl")]


@pytest.fixture(scope="module")
def reference(corpus, analyzer, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ref") / "out.jsonl"
    stats = run_batch(_inputs(corpus), out, analyzer=analyzer)
    assert (stats.ok, stats.failed, stats.skipped) == (6, 8, 0)
    return out


def test_inputs_in_order_with_ids(corpus):
    items = list(iter_inputs(_inputs(corpus)))
    a = corpus / "articles"
    assert [i.id for i in items[:8]] == [str(a / f) for f in (
        "a0.txt", "a1.txt", "a2.txt", "sub/binary.txt", "sub/empty.txt", "sub/gbk.txt", "sub/huge.txt",
        "sub/nobody.html")]
    assert [i.id for i in items[8:]] == ["seed", f"{corpus}/more.jsonl:2", f"{corpus}/more.jsonl:3", "no-text",
                                         "seed", "7"]
    with pytest.raises(InputError, match="missing.txt: no such file or folder"):
        list(iter_inputs([str(corpus / "missing.txt")]))


def test_lines_equal_analyze_and_errors_name_input_and_reason(reference, corpus, analyzer):
    lines = [json.loads(x) for x in reference.read_text(encoding="utf-8").splitlines()]
    by_input = {x["input"]: x for x in lines}
    assert len(lines) == 14
    for name in ("a0.txt", "a1.txt", "a2.txt", "sub/gbk.txt"):
        path = str(corpus / "articles" / name)
        line = by_input[path]
        from summarizer.article import read_text

        expected = analyzer.analyze(read_text(path), path).to_dict()
        assert line["id"] == path and {k: v for k, v in line.items() if k not in ("id", "input")} == \
            json.loads(json.dumps(expected, ensure_ascii=False))
    assert by_input[str(corpus / "articles" / "sub" / "gbk.txt")]["speakers"]  # GB18030 decoded
    j = f"{corpus}/more.jsonl"
    errors = {x["input"].replace(str(corpus) + "/", ""): x["error"] for x in lines if "error" in x}
    assert errors == {
        "articles/sub/binary.txt": f"{corpus}/articles/sub/binary.txt: looks like binary data, not text (contains NUL bytes)",
        "articles/sub/empty.txt": f"{corpus}/articles/sub/empty.txt: the input is empty",
        "articles/sub/huge.txt": errors["articles/sub/huge.txt"],
        "articles/sub/nobody.html": errors["articles/sub/nobody.html"],
        "more.jsonl:2": f"{j}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        "more.jsonl:3": f"{j}:3: expected an object {{\"id\", \"text\"}}, got a JSON list",
        "more.jsonl:4": f"{j}:4: \"text\" must be a string, got nothing",
        "more.jsonl:6": f"{j}:6: duplicate id 'seed' (first given by {j}:1); ids must be unique",
    }
    assert "too large for one article" in errors["articles/sub/huge.txt"]
    assert "no article body" in errors["articles/sub/nobody.html"]
    assert [s["name"] for s in by_input[f"{j}:1"]["speakers"]][:3] == ["陈存根", "马瑞民", "罗华"]
    assert by_input[f"{j}:7"]["id"] == "7"
    # Every output line has an id of its own: the duplicate is named by where it stands.
    assert by_input[f"{j}:6"]["id"] == f"{j}:6"
    assert len({x["id"] for x in lines}) == len(lines)


def test_jobs_two_gives_the_same_file(reference, corpus, analyzer, tmp_path):
    out = tmp_path / "out.jsonl"
    stats = run_batch(_inputs(corpus), out, analyzer=analyzer, jobs=2, group=3)
    assert (stats.ok, stats.failed) == (6, 8)
    assert out.read_bytes() == reference.read_bytes()


def test_resume_after_a_partial_line(reference, corpus, analyzer, tmp_path):
    full = reference.read_bytes()
    cut = [i for i, b in enumerate(full) if b == 0x0A][4] + 1  # five whole lines
    out = tmp_path / "out.jsonl"
    out.write_bytes(full[:cut] + full[cut:cut + 300])  # ...and the start of the sixth
    notes = []
    stats = run_batch(_inputs(corpus), out, analyzer=analyzer, on_message=notes.append)
    assert out.read_bytes() == full
    assert stats.skipped == 5 and stats.ok + stats.failed == 9 and stats.truncated_bytes == 300
    assert notes == ["dropped an incomplete last line (300 bytes) left by an interrupted run"]
    # Run again: nothing to do.
    again = run_batch(_inputs(corpus), out, analyzer=analyzer)
    assert (again.ok, again.failed, again.skipped) == (0, 0, 14) and out.read_bytes() == full


def test_retry_errors_and_foreign_output(corpus, analyzer, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(_dev_text(0), encoding="utf-8")
    (src / "b.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert run_batch([str(src)], out, analyzer=analyzer).failed == 1
    (src / "b.txt").write_text(_dev_text(1), encoding="utf-8")
    assert run_batch([str(src)], out, analyzer=analyzer).skipped == 2  # error lines count as done
    stats = run_batch([str(src)], out, analyzer=analyzer, retry_errors=True)
    assert (stats.ok, stats.failed, stats.skipped) == (1, 0, 1)
    assert [("error" in x, x["id"]) for x in read_results(out)] == [(False, str(src / "a.txt")),
                                                                    (False, str(src / "b.txt"))]
    foreign = tmp_path / "notes.jsonl"
    foreign.write_text('{"id": "x"}\nhello\n', encoding="utf-8")
    with pytest.raises(InputError, match="notes.jsonl: line 2 is not a line of a summarizer batch output"):
        run_batch([str(src)], foreign, analyzer=analyzer)
    with pytest.raises(OutputError, match="must be a .jsonl file"):
        run_batch([str(src)], tmp_path / "out.json", analyzer=analyzer)
    with pytest.raises(InputError, match="jobs must be a positive integer, got 0"):
        run_batch([str(src)], out, analyzer=analyzer, jobs=0)


class FlakyBackend(Backend):
    """Fails on any batch holding a text with 陈存根's words, as a model might on one input."""

    method = "extractive"

    def summarize_batch(self, texts):
        texts = list(texts)
        if any("社会工作作为" in t for t in texts):
            raise SummarizerError("model failed on this text")
        return ExtractiveBackend().summarize_batch(texts)


def test_jobs_with_a_backend_kept_in_the_main_process(corpus, tmp_path):
    """A backend that is not model-free stays here (workers spawned, only preparing); same file."""
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(_inputs(corpus), one, analyzer=Analyzer(backend=FlakyBackend()))
    stats = run_batch(_inputs(corpus), two, analyzer=Analyzer(backend=FlakyBackend()), jobs=2, group=3)
    assert (stats.ok, stats.failed) == (5, 9)  # the seed's summary fails, as a model might
    assert two.read_bytes() == one.read_bytes()


def test_a_summary_failure_fails_only_its_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(_dev_text(0), encoding="utf-8")
    (src / "b.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "c.txt").write_text(_dev_text(1), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = run_batch([str(src)], out, analyzer=Analyzer(backend=FlakyBackend()))
    lines = list(read_results(out))
    assert (stats.ok, stats.failed) == (2, 1)
    assert lines[1] == {"id": str(src / "b.txt"), "input": str(src / "b.txt"),
                        "error": f"{src / 'b.txt'}: model failed on this text"}


def test_progress_bar_only_when_asked_or_on_a_terminal(corpus, analyzer, tmp_path):
    src = corpus / "articles" / "a0.txt"
    quiet = io.StringIO()
    run_batch([str(src)], tmp_path / "a.jsonl", analyzer=analyzer, stream=quiet)
    assert quiet.getvalue() == ""  # not a terminal
    shown = io.StringIO()
    run_batch([str(src)], tmp_path / "b.jsonl", analyzer=analyzer, stream=shown, progress=True)
    assert shown.getvalue().startswith("\r[") and "1/1" in shown.getvalue() and "ok 1" in shown.getvalue()


def test_cli_batch_then_compare_from_the_output(reference, corpus, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["batch", *_inputs(corpus), "--out", str(out), "--method", "extractive", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert out.read_bytes() == reference.read_bytes()
    assert err.strip().splitlines()[-1].startswith("summarizer: batch: 6 ok, 8 failed, 0 skipped in ")
    # compare reads the segmentations back instead of recomputing them.
    assert main(["compare", str(out), "--format", "json"]) == 0
    cap = capsys.readouterr()
    from_batch = json.loads(cap.out)
    assert "skipped 8 error line(s)" in cap.err
    a0 = str(corpus / "articles" / "a0.txt")
    assert from_batch["articles"] == [x["id"] for x in read_results(out) if "error" not in x]
    files = [a0, str(SEED)]
    assert main(["compare", *files, "--format", "json"]) == 0
    direct = json.loads(capsys.readouterr().out)
    sub = tmp_path / "two.jsonl"
    sub.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in read_results(out)
                           if x["id"] in (a0, "seed")), encoding="utf-8")
    assert main(["compare", str(sub), "--format", "json"]) == 0
    two = json.loads(capsys.readouterr().out)
    assert two["theme_matrix"]["values"] == direct["theme_matrix"]["values"]
    assert two["similarity"]["values"] == direct["similarity"]["values"]


def test_segmentation_round_trip(reference):
    line = next(x for x in read_results(reference) if x["id"] == "seed")
    seg = segmentation_from_dict(line, "seed")
    speakers = [{k: v for k, v in sp.items() if k != "summary"} for sp in line["speakers"]]
    assert seg.to_dict() == {**{k: line[k] for k in seg.to_dict()}, "speakers": speakers}
    assert seg.text == line["text"] and len(seg.speakers_with_remarks) == 5
    line["speakers"][0]["remarks"][0]["start"] += 1
    with pytest.raises(InputError, match="remark of 陈存根 at .* does not match the text"):
        segmentation_from_dict(line, "seed")


def test_sigkill_half_way_then_resume_gives_the_uninterrupted_output(tmp_path, analyzer):
    """A real interruption: the command killed while writing, then the same command again."""
    rows = [{"id": f"doc-{i:03d}", "text": _dev_text(i % len(DEV))} for i in range(60)]
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cmd = [sys.executable, "-m", "summarizer", "batch", str(inp), "--method", "extractive", "--group", "4"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    full, cut = tmp_path / "full.jsonl", tmp_path / "cut.jsonl"
    proc = subprocess.Popen(cmd + ["--out", str(cut)], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not cut.exists() or cut.read_bytes().count(b"\n") < 20):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = cut.read_bytes().count(b"\n")
    assert 20 <= done < 60, "the run was not interrupted half-way"
    r = subprocess.run(cmd + ["--out", str(cut)], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert f"{60 - done} ok, 0 failed, {done} skipped" in r.stderr
    run_batch([str(inp)], full, analyzer=analyzer, group=4)  # what the command does, uninterrupted
    assert cut.read_bytes() == full.read_bytes()


# ----------------------------------------------------------------------------- runners


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=300)


def test_ray_is_imported_only_for_the_ray_runner(tmp_path):
    out = tmp_path / "out.jsonl"
    r = _python("import sys; from summarizer.cli import main; "
                f"rc = main(['batch', {str(SEED)!r}, '--out', {str(out)!r}, '--method', 'extractive']); "
                "print(rc, sorted(m for m in ('ray', 'torch') if m in sys.modules))")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[0] == "0 []"


def test_the_ray_runner_without_ray_is_one_line_naming_the_extra(tmp_path):
    out = tmp_path / "out.jsonl"
    r = _python("import sys; sys.modules['ray'] = None; from summarizer.cli import main; "
                f"sys.exit(main(['batch', {str(SEED)!r}, '--out', {str(out)!r}, '--method', 'extractive', "
                "'--runner', 'ray']))")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("summarizer: error: --runner ray needs Ray Data"), r.stderr
    assert r.stderr.rstrip().endswith("install the ray extra: pip install -e '.[ray]'")
    assert not out.exists() or out.read_bytes() == b""


@pytest.mark.parametrize("args, message", [
    (["--actors", "2"], "actors (--actors) is for --runner ray, not --runner local"),
    (["--address", "127.0.0.1:6379"], "address (--address) is for --runner ray, not --runner local"),
    (["--gpus-per-actor", "1"], "gpus_per_actor (--gpus-per-actor) is for --runner ray, not --runner local"),
    (["--runner", "ray", "--jobs", "2"], "jobs (--jobs) is for --runner local, not --runner ray"),
    (["--runner", "ray", "--actors", "0"], "actors must be a positive integer, got 0"),
    (["--runner", "ray", "--gpus-per-actor", "-1"], "gpus_per_actor must be a number of GPUs, 0 or more, got -1.0"),
])
def test_options_of_the_other_runner_are_refused_before_any_work(args, message, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(SEED), "--out", str(out), "--method", "extractive", *args]) == 2
    assert capsys.readouterr().err == f"summarizer: error: {message}\n"
    assert not out.exists()
