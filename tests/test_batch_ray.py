"""Batch runs on Ray (``--runner ray``): the local runner's file byte for byte, error lines,
model actors, resume after a kill, a worker that dies, and a real loopback cluster.

Skipped where the ray extra is not installed, except under CI=true, where they must run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GOLD_DIR, ROOT, SEED

try:
    import ray
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip("ray is not installed: pip install -e '.[ray]'", allow_module_level=True)

from summarizer.analyze import Analyzer
from summarizer.batch import read_results, run_batch
from summarizer.errors import InputError, ModelError, SummarizerError
from summarizer.summarize import ExtractiveBackend

RAY = str(Path(sys.executable).with_name("ray"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("RAY_ADDRESS", None)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "eval" / "bench_batch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Words only the last input has: the seed with one character in its traditional form.
MARK = "社会工作作為"


def _marked_seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    assert text.count("社会工作作为") == 1
    return text.replace("社会工作作为", MARK)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """50 articles recombined from the gold texts (as the benchmark builds them), then bad inputs."""
    d = tmp_path_factory.mktemp("ray-corpus")
    _bench().build_corpus(50, d / "articles.jsonl")
    files = d / "files"
    files.mkdir()
    (files / "a.txt").write_text(json.loads(sorted(GOLD_DIR.glob("dev-*.json"))[0].read_text("utf-8"))["text"],
                                 encoding="utf-8")
    (files / "empty.txt").write_bytes(b"")
    (files / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (files / "nobody.html").write_text("<html><body><nav>首页</nav><footer>版权所有</footer></body></html>",
                                       encoding="utf-8")
    bad = [json.dumps({"id": "art-00003", "text": "重复的编号"}, ensure_ascii=False), "{not json",
           json.dumps({"id": "no-text"}), json.dumps({"id": "seed", "text": _marked_seed()}, ensure_ascii=False)]
    (d / "bad.jsonl").write_text("\n".join(bad) + "\n", encoding="utf-8")
    return [str(d / "articles.jsonl"), str(files), str(d / "bad.jsonl")]


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ray-ref") / "local.jsonl"
    stats = run_batch(corpus, out, analyzer=Analyzer("extractive"), jobs=1)
    assert (stats.ok, stats.failed) == (52, 6)
    return out


@pytest.fixture(scope="module")
def ray_here(tmp_path_factory):
    """A local Ray in this process, which run_batch uses as it is (as for any calling program)."""
    temp = tmp_path_factory.mktemp("ray")
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=str(temp), configure_logging=False, log_to_driver=False)
    # Backends defined here travel to the workers by value: this module is not importable there.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield
    ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    ray.shutdown()


def test_ray_writes_the_local_file_byte_for_byte(ray_here, corpus, reference, tmp_path):
    out = tmp_path / "ray.jsonl"
    stats = run_batch(corpus, out, analyzer=Analyzer("extractive"), runner="ray", group=8)
    assert (stats.ok, stats.failed, stats.skipped) == (52, 6, 0)
    assert out.read_bytes() == reference.read_bytes()
    errors = {x["input"].rsplit("/", 1)[-1]: x["error"] for x in read_results(out) if "error" in x}
    assert errors["empty.txt"].endswith("empty.txt: the input is empty")
    assert "duplicate id 'art-00003'" in errors["bad.jsonl:1"] and "invalid JSON" in errors["bad.jsonl:2"]
    assert "no article body" in errors["nobody.html"] and "binary" in errors["binary.txt"]


class Gibberish(ExtractiveBackend):
    """Not one of the model-free backend types, so its summaries are made by the model actors."""

    method = "gibberish"

    def summarize_batch(self, texts):
        return [s.__class__(s.text[::-1], self.method) for s in super().summarize_batch(texts)]


def test_model_actors_write_the_local_file(ray_here, corpus, tmp_path):
    """The actor path (a backend that is not model-free), with an error line and resume by id."""
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run_batch(corpus[1:], local, analyzer=Analyzer(backend=Gibberish()))
    remote.write_bytes(local.read_bytes().split(b"\n", 2)[0] + b"\n")  # one line done before
    stats = run_batch(corpus[1:], remote, analyzer=Analyzer(backend=Gibberish()), runner="ray", actors=1, group=3)
    assert stats.skipped == 1 and stats.ok + stats.failed == 7
    assert remote.read_bytes() == local.read_bytes()
    assert read_results(remote).__next__()["method"] == "gibberish"


def test_a_seq2seq_model_loads_once_per_actor_and_matches_local(ray_here, corpus, tiny_mt5_dir, tmp_path):
    articles = tmp_path / "six.jsonl"
    articles.write_text("".join(Path(corpus[0]).read_text(encoding="utf-8").splitlines(keepends=True)[:6]),
                        encoding="utf-8")
    options = dict(device="cpu", max_length=8)
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run_batch([str(articles)], local, analyzer=Analyzer("seq2seq", str(tiny_mt5_dir), **options), group=4)
    run_batch([str(articles)], remote, analyzer=Analyzer("seq2seq", str(tiny_mt5_dir), **options), runner="ray",
              group=4)
    assert remote.read_bytes() == local.read_bytes()
    lines = list(read_results(remote))
    assert {(x["method"], x["model"]) for x in lines} == {("seq2seq", str(tiny_mt5_dir))}


class DiesOnTheLast(ExtractiveBackend):
    """A summarizer whose process dies (as of a segfault or the OOM killer) on the last input."""

    def summarize_batch(self, texts):
        texts = list(texts)
        if any(MARK in t for t in texts):
            os._exit(1)
        return super().summarize_batch(texts)


def test_a_dying_worker_stops_with_one_line_and_a_rerun_resumes(ray_here, corpus, reference, tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(SummarizerError) as e:
        run_batch(corpus, out, analyzer=Analyzer(backend=DiesOnTheLast()), runner="ray", group=10)
    msg = str(e.value)
    assert msg.startswith("the Ray run stopped: ") and msg.endswith("run the same command again to resume")
    assert "\n" not in msg
    written = out.read_bytes()
    # Whole groups of lines, in order, before the group of ten that holds the last input (the
    # 58th); groups finished but not yet delivered when the actor died are made again.
    assert written.count(b"\n") in (0, 10, 20, 30, 40, 50) and reference.read_bytes().startswith(written)
    stats = run_batch(corpus, out, analyzer=Analyzer("extractive"), runner="ray", group=10)
    assert stats.skipped == written.count(b"\n")
    assert out.read_bytes() == reference.read_bytes()


class MissingOnTheWorkers(ExtractiveBackend):
    """Loads here, but not on the workers: as a model directory only the driver's machine has."""

    def __setstate__(self, state):
        raise ModelError("model directory '/models/randeng' does not exist")


def test_a_model_the_actors_cannot_load_is_one_line_naming_it(ray_here, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(SummarizerError) as e:
        run_batch(corpus, out, analyzer=Analyzer(backend=MissingOnTheWorkers()), runner="ray")
    assert str(e.value) == ("the Ray run stopped: model directory '/models/randeng' does not exist; "
                            "the lines written so far are complete: run the same command again to resume")
    assert out.read_bytes() == b""


def test_a_pool_the_cluster_cannot_hold_is_refused(ray_here, corpus, tmp_path):
    analyzer = Analyzer(backend=Gibberish())
    with pytest.raises(InputError, match=r"--actors 2: the Ray cluster has 2 CPUs; .* \(at most --actors 1\)"):
        run_batch(corpus, tmp_path / "a.jsonl", analyzer=analyzer, runner="ray", actors=2)
    with pytest.raises(InputError, match="--gpus-per-actor 1 need 1 GPUs; the Ray cluster has 0"):
        run_batch(corpus, tmp_path / "b.jsonl", analyzer=analyzer, runner="ray", gpus_per_actor=1)
    with pytest.raises(InputError, match=r"jobs \(--jobs\) is for --runner local, not --runner ray"):
        run_batch(corpus, tmp_path / "c.jsonl", runner="ray", jobs=2)


# ----------------------------------------------------------------------------- the command, its own Ray


def _cli(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "summarizer", "batch", *args], env=env or ENV, capture_output=True,
                          text=True, timeout=300)


def test_sigkill_half_way_then_resume_gives_the_uninterrupted_file(corpus, reference, tmp_path):
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "summarizer", "batch", *corpus, "--out", str(out), "--method", "extractive",
           "--runner", "ray", "--group", "2", "--quiet"]
    # Its own session, so the kill takes the local Ray it started along with it; its own
    # short temporary folder (Ray's socket paths must fit 107 bytes), for the Ray left behind.
    temp = Path(f"/tmp/srt-{os.getpid()}")
    temp.mkdir(exist_ok=True)
    proc = subprocess.Popen(cmd, env={**ENV, "TMPDIR": str(temp)}, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None and (
                not out.exists() or out.read_bytes().count(b"\n") < 16):
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        subprocess.run(["rm", "-rf", str(temp)], check=False)
    done = out.read_bytes().count(b"\n")
    assert 16 <= done < 58, "the run was not interrupted half-way"
    r = _cli([*corpus, "--out", str(out), "--method", "extractive", "--runner", "ray", "--group", "2"])
    assert r.returncode == 1, r.stderr  # some articles are bad: exit 1, as with the local runner
    assert r.stderr.count("\n") == 1, r.stderr
    ok, failed, skipped = map(int, re.search(r"batch: (\d+) ok, (\d+) failed, (\d+) skipped", r.stderr).groups())
    assert skipped == done and ok + failed == 58 - done
    assert out.read_bytes() == reference.read_bytes()


def test_an_unreachable_address_is_one_line(tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = time.monotonic()
    r = _cli([str(SEED), "--out", str(tmp_path / "o.jsonl"), "--method", "extractive", "--runner", "ray",
              "--address", f"127.0.0.1:{port}"])
    assert r.returncode == 1 and time.monotonic() - t < 60
    assert r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith(f"summarizer: error: the Ray cluster at 127.0.0.1:{port} cannot be reached")


#: Token authentication as a cluster's users set it up, with a token of this test's own.
TOKEN = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}


@pytest.fixture
def loopback_cluster(tmp_path):
    """``ray start --head`` on 127.0.0.1 with 2 CPUs and no dashboard, token authentication on;
    stopped at the end.

    Stopped by its own process group rather than ``ray stop``, which would stop every Ray
    on the machine (another test's, another user's)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    temp = Path("/tmp") / f"rayc-{os.getpid()}"  # short: Ray's socket paths must fit 107 bytes
    cmd = [RAY, "start", "--head", "--block", f"--port={port}", "--node-ip-address=127.0.0.1", "--num-cpus=2",
           "--include-dashboard=false", f"--temp-dir={temp}", "--disable-usage-stats"]
    log = (tmp_path / "ray-start.log").open("w")
    head = subprocess.Popen(cmd, env={**ENV, **TOKEN}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if head.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"ray start failed: {(tmp_path / 'ray-start.log').read_text()[-2000:]}")
                time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(head.pid, signal.SIGTERM)
        try:
            head.wait(10)
        except subprocess.TimeoutExpired:  # it drains for up to a minute when the GCS goes first
            pass
        try:
            os.killpg(head.pid, signal.SIGKILL)  # what is left of the group: GCS, raylet, agents
        except ProcessLookupError:
            pass
        head.wait()
        log.close()
        subprocess.run(["rm", "-rf", str(temp)], check=False)


def test_a_loopback_cluster_joined_with_address(loopback_cluster, corpus, reference, tmp_path):
    out = tmp_path / "out.jsonl"
    args = [*corpus, "--out", str(out), "--method", "extractive", "--runner", "ray", "--address", loopback_cluster]
    # Ray sends a token only where told to: without it, one line saying what to set.
    r = _cli(args, env={k: v for k, v in ENV.items() if not k.startswith("RAY_AUTH")})
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert f"the Ray cluster at {loopback_cluster} asks for its token: set RAY_AUTH_MODE=token" in r.stderr
    r = _cli(args, env={**ENV, **TOKEN})
    assert r.returncode == 1 and r.stderr.startswith("summarizer: batch: 52 ok, 6 failed, 0 skipped"), r.stderr
    assert r.stderr.count("\n") == 1, r.stderr
    assert out.read_bytes() == reference.read_bytes()
