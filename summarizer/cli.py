"""Command line: parse arguments, call the library, format the result.

Each subcommand is a pair of functions, ``_add_<name>(subparsers)`` and
``_run_<name>(args) -> int``. Library errors (``SummarizerError``) become one line on
stderr and a non-zero exit; nothing here imports torch unless a command needs a model.
"""

from __future__ import annotations

import argparse
import sys

from ._version import __version__
from .errors import SummarizerError

__all__ = ["main"]


def _write(text: str, out=None) -> None:
    out = out or sys.stdout
    out.write(text)
    if not text.endswith("\n"):
        out.write("\n")


def _warn(message: str) -> None:
    print(f"summarizer: warning: {message}", file=sys.stderr)


def _emit(text: str, output: str | None = None) -> None:
    """A command's result: on stdout, or written whole to ``output`` (named on stderr)."""
    if not output:
        _write(text)
        return
    from .output import write_text

    path = write_text(output, text if text.endswith("\n") else text + "\n", "report")
    print(f"summarizer: wrote {path}", file=sys.stderr)


def _rendered(fmt: str, record, markdown) -> str:
    """``record`` as JSON, or ``markdown()`` (called only when wanted)."""
    from .report import to_json

    return to_json(record) if fmt == "json" else markdown()


def _per_file(pairs) -> object:
    """The JSON of one record per input file: one object for one file, else a list."""
    payload = [{"file": f, **r.to_dict()} for f, r in pairs]
    return payload[0] if len(payload) == 1 else payload


def _output_format(args, default: str = "html") -> str:
    """--format, else the suffix of --output, else ``default``."""
    from pathlib import Path

    suffix = Path(args.output).suffix.lower() if args.output else ""
    return args.format or {".md": "md", ".markdown": "md", ".json": "json"}.get(suffix, default)


def _segmentations(files: list[str]) -> list:
    """(file, Segmentation) of each article file, all read before any further work."""
    from .article import load_article
    from .segment import Segmenter

    segmenter = Segmenter()
    return [(f, segmenter(load_article(f, f), f)) for f in files]


def _method_option(p, help_text: str) -> None:
    from .summarize import METHODS

    p.add_argument("--method", choices=METHODS, default="auto", help=help_text)


def _quiet_model_loading(method: str) -> None:
    """Application-level choice: no loading progress bars or checkpoint notices from
    transformers in command output (the library leaves logging alone)."""
    if method == "extractive":
        return
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _add_engine_options(p) -> None:
    """What runs a seq2seq model (summarize, analyze, batch)."""
    from .summarize import ENGINES

    p.add_argument("--engine", choices=tuple(ENGINES), default=None,
                   help="what runs the seq2seq model: torch (default) or ctranslate2 (the model converted once "
                   "into a cache beside the Hugging Face cache; int8 on CPU; needs pip install -e '.[ct2]')")
    p.add_argument("--compute-type", default=None, metavar="TYPE",
                   help="ctranslate2 only: int8 (CPU default), int8_float16 (CUDA default; int8_bfloat16 for "
                   "mT5), int8_float32, int16, float16, bfloat16 or float32")


# ----------------------------------------------------------------------------- segment


def _add_segment(sub) -> None:
    p = sub.add_parser(
        "segment",
        help="list the speakers of each article and the sentences that carry their words",
        description="Find every speaker of a Chinese meeting report, their titles and role, "
        "and the sentences that carry their reported or quoted speech.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="article text file(s); - reads stdin")
    p.add_argument("--format", choices=("md", "json"), default="md", help="output format (default: md)")
    p.add_argument("--explain", action="store_true",
                   help="under each remark, the rule that attributed it and its source (who) and cue (the "
                   "speech verb or label); JSON always carries them (rule, source, cue)")
    p.set_defaults(run=_run_segment)


def _run_segment(args) -> int:
    from .report import segmentation_markdown

    results = _segmentations(args.files)
    _emit(_rendered(args.format, _per_file(results) if args.format == "json" else None,
                    lambda: "\n".join(segmentation_markdown(seg, explain=args.explain) for _, seg in results)))
    return 0


# ----------------------------------------------------------------------------- summarize


def _add_summarize(sub) -> None:
    p = sub.add_parser(
        "summarize",
        help="summarize what each speaker of each article said",
        description="Find the speakers of each article and summarize each speaker's remarks with a "
        "Chinese seq2seq model, or extractively when no model is available (--method auto, the default, "
        "falls back with a warning; it never downloads a model by itself).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="article text file(s); - reads stdin")
    p.add_argument("--model", metavar="NAME|PATH", default=None,
                   help="preset name (xlsum, heack, randeng, fnlp-bart), hub id, or a directory saved "
                   "with save_pretrained (default: xlsum = csebuetnlp/mT5_multilingual_XLSum)")
    _method_option(p, "auto: the model if it is available locally, else extractive (default); "
                   "seq2seq: the model or an error; extractive: the speaker's own clauses, ranked, no model")
    p.add_argument("--max-length", type=int, default=None, metavar="N",
                   help="summary length: new tokens for seq2seq (default: the preset's), "
                   "characters for extractive (default: 80)")
    p.add_argument("--device", default=None, metavar="DEVICE",
                   help="auto (default: CUDA when available), cpu, cuda, cuda:N or mps")
    p.add_argument("--batch-size", type=int, default=8, metavar="N", help="texts per generate call (default: 8)")
    _add_engine_options(p)
    p.add_argument("--show-remarks", action="store_true", help="list each speaker's remarks under the summary")
    p.add_argument("--format", choices=("md", "json"), default="md", help="output format (default: md)")
    p.set_defaults(run=_run_summarize)


def _run_summarize(args) -> int:
    from .report import summary_markdown
    from .summarize import load_backend, summarize_segmentations

    # Read and segment every input first, so a bad file fails before a model is loaded.
    segs = _segmentations(args.files)
    _quiet_model_loading(args.method)
    backend = load_backend(
        args.method,
        args.model,
        device=args.device,
        max_length=args.max_length,
        batch_size=args.batch_size,
        engine=args.engine,
        compute_type=args.compute_type,
        on_warning=_warn,
    )
    results = summarize_segmentations([s for _, s in segs], backend)
    pairs = [(f, r) for (f, _), r in zip(segs, results)]
    _emit(_rendered(args.format, _per_file(pairs) if args.format == "json" else None,
                    lambda: "\n".join(summary_markdown(r, show_remarks=args.show_remarks) for r in results)))
    return 0


# ----------------------------------------------------------------------------- compare


def _add_compare(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare the governance themes and vocabulary of the speakers of one or more articles",
        description="Detect the governance themes of each speaker's remarks (lexicon of canonical themes "
        "and their surface forms), list each speaker's most distinctive terms (TF-IDF over jieba tokens), "
        "the terms most speakers share, and the pairwise cosine similarity of their remarks.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="article text file(s); - reads stdin")
    p.add_argument("--lexicon", metavar="FILE",
                   help="theme lexicon (TOML, format of the bundled summarizer/data/themes.toml); it replaces "
                   "the bundled one unless it says extend = true")
    p.add_argument("--background", nargs="+", action="extend", metavar="DIR|FILE",
                   help="fit IDF on these texts (files, or directories of .txt files) instead of on the "
                   "compared speakers")
    p.add_argument("--group-by-name", action="store_true",
                   help="across articles, treat the same name as one speaker (remarks joined)")
    p.add_argument("--top", type=int, default=10, metavar="N", help="distinctive terms per speaker (default: 10)")
    p.add_argument("--format", choices=("md", "json"), default="md", help="output format (default: md)")
    p.add_argument("--csv", metavar="DIR", help="also write themes.csv, similarity.csv, distinctive_terms.csv into DIR")
    p.add_argument("--plot", metavar="FILE.png", help="also draw the theme heatmap and similarity matrix into FILE.png")
    p.add_argument("--font", metavar="FILE", help="font file with Chinese glyphs for --plot (default: found on the system)")
    p.set_defaults(run=_run_compare)


def _labels(files: list[str]) -> list[str]:
    """File stems label the articles, or the paths where two stems coincide."""
    from pathlib import Path

    stems = ["stdin" if f == "-" else Path(f).stem for f in files]
    return stems if len(set(stems)) == len(stems) else list(files)


def _run_compare(args) -> int:
    from .article import read_background
    from .errors import InputError
    from .report import comparison_markdown, write_comparison_csv
    from .themes import Comparer, load_lexicon

    # Validate everything cheap before the slow parts (segmenting, jieba, scikit-learn).
    if args.csv:
        from .output import check_output_dir

        check_output_dir(args.csv, "CSV files")
    font = None
    if args.plot:
        from .plot import check_plot_path, find_cjk_font

        check_plot_path(args.plot)
        font = find_cjk_font(args.font)
    elif args.font:
        raise InputError("--font is only used with --plot FILE.png")
    lexicon = load_lexicon(args.lexicon)
    background = read_background(args.background) if args.background else None
    comparer = Comparer(lexicon, background=background, top_terms=args.top)
    labels, segs = _compare_inputs(args.files)
    result = comparer.compare(segs, labels=labels, group_by_name=args.group_by_name)
    _emit(_rendered(args.format, result, lambda: comparison_markdown(result)))
    if args.csv:
        paths = write_comparison_csv(result, args.csv)
        print(f"summarizer: wrote {', '.join(map(str, paths))}", file=sys.stderr)
    if args.plot:
        from .plot import plot_comparison

        info = plot_comparison(result, args.plot, font=font)
        print(f"summarizer: wrote {info.path} (font: {info.font.family}, {info.font.path})", file=sys.stderr)
        if info.missing_glyphs:
            print(f"summarizer: warning: {len(info.missing_glyphs)} glyph(s) missing from the font", file=sys.stderr)
    return 0


def _compare_inputs(files: list[str]) -> tuple[list[str], list]:
    """Labels and segmentations of article files and of ``.jsonl`` batch outputs or inputs.

    A batch output line gives its segmentation back without recomputing it; a line of a
    batch input (``{"id", "text"}``) is segmented; error lines are skipped with a warning.
    Lines are labelled by their id.
    """
    from pathlib import Path

    from .batch import read_results
    from .errors import InputError
    from .segment import Segmentation, Segmenter

    plain = [f for f in files if not (f != "-" and Path(f).suffix.lower() == ".jsonl")]
    plain_labels = iter(_labels(plain)) if plain else iter(())
    segmented = iter(_segmentations(plain))
    segmenter = Segmenter()
    labels, segs = [], []
    for f in files:
        if f in plain:
            labels.append(next(plain_labels))
            segs.append(next(segmented)[1])
            continue
        errors = 0
        for n, line in enumerate(read_results(f), 1):
            where = f"{f}:{n}"
            if "error" in line:
                errors += 1
            elif "speakers" in line:
                labels.append(str(line["id"]))
                segs.append(Segmentation.from_dict(line, where))
            elif isinstance(line.get("text"), str):
                labels.append(str(line["id"]))
                segs.append(segmenter(line["text"], where))
            else:
                raise InputError(f"{where}: neither a batch output line nor an {{\"id\", \"text\"}} line")
        if errors:
            _warn(f"{f}: skipped {errors} error line(s)")
    return labels, segs


# ----------------------------------------------------------------------------- analyze


def _add_pipeline_options(p) -> None:
    """Options of the commands that run the whole pipeline (analyze, batch)."""
    _method_option(p, "summaries: auto (the model if available locally, else extractive; default), "
                   "seq2seq (the model or an error), extractive (no model)")
    p.add_argument("--model", metavar="NAME|PATH", default=None,
                   help="summarization model: preset name, hub id or saved directory (default: xlsum)")
    p.add_argument("--max-length", type=int, default=None, metavar="N",
                   help="summary length: new tokens for seq2seq, characters for extractive (default: 80)")
    p.add_argument("--device", default=None, metavar="DEVICE", help="auto (default), cpu, cuda, cuda:N or mps")
    p.add_argument("--batch-size", type=int, default=8, metavar="N", help="texts per generate call (default: 8)")
    _add_engine_options(p)
    p.add_argument("--lexicon", metavar="FILE", help="theme lexicon (TOML; default: the bundled one)")
    p.add_argument("--background", nargs="+", action="extend", metavar="DIR|FILE",
                   help="fit IDF on these texts instead of on the article's speakers")
    p.add_argument("--top", type=int, default=10, metavar="N", help="distinctive terms per speaker (default: 10)")


def _analyzer(args):
    from .analyze import Analyzer
    from .article import read_background
    from .themes import load_lexicon

    _quiet_model_loading(args.method)
    return Analyzer(
        args.method,
        args.model,
        max_length=args.max_length,
        device=args.device,
        batch_size=args.batch_size,
        engine=args.engine,
        compute_type=args.compute_type,
        lexicon=load_lexicon(args.lexicon),
        background=read_background(args.background) if args.background else None,
        top_terms=args.top,
        on_warning=_warn,
    )


def _add_analyze(sub) -> None:
    p = sub.add_parser(
        "analyze",
        help="the whole analysis of one article as a self-contained HTML report (or Markdown, JSON)",
        description="Segment one article, summarize each speaker and compare their themes, and write one "
        "self-contained HTML page (inline CSS and images, nothing fetched when viewed): speakers with titles, "
        "roles and summaries, the article text with each speaker's remarks highlighted, the theme heatmap, "
        "similarity matrix and distinctive terms.",
    )
    p.add_argument("file", metavar="FILE", help="article: .txt (any Chinese encoding) or a saved .html page; - reads stdin")
    p.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    p.add_argument("--format", choices=("html", "md", "json"), default=None,
                   help="output format (default: from the suffix of --output, else html)")
    _add_pipeline_options(p)
    p.add_argument("--no-plot", action="store_true", help="HTML: leave out the figure (the tables stay)")
    p.add_argument("--font", metavar="FILE", help="font file with Chinese glyphs for the figure (default: found)")
    p.set_defaults(run=_run_analyze)


def _run_analyze(args) -> int:
    from .article import load_article
    from .errors import InputError

    fmt = _output_format(args)
    if args.output:
        from .output import check_output_file

        check_output_file(args.output, "report")
    font = None
    if args.font:
        if fmt != "html" or args.no_plot:
            raise InputError("--font is only used for the figure of the HTML report")
        from .plot import find_cjk_font

        font = find_cjk_font(args.font)
    name = "stdin" if args.file == "-" else args.file
    article = load_article(args.file, name)  # a bad file fails before any model is loaded
    analysis = _analyzer(args).analyze(article, name)
    if fmt == "html":
        from .htmlreport import render_html

        _emit(render_html(analysis, plot=not args.no_plot, font=font), args.output)
    else:
        from .report import analysis_markdown

        _emit(_rendered(fmt, analysis, lambda: analysis_markdown(analysis)), args.output)
    return 0


# ----------------------------------------------------------------------------- batch


def _add_batch(sub) -> None:
    p = sub.add_parser(
        "batch",
        help="analyse many articles into one JSON Lines file; resumable",
        description="Analyse every article of the inputs (files, folders searched recursively for .txt/.html/.htm, "
        "or .jsonl files of {\"id\", \"text\"} lines) and append one JSON line per article to --out: the "
        "full analysis (as `analyze --format json`) with its id and input, or an error line {\"id\", \"input\", "
        "\"error\"}. Re-running the same command skips the ids already in the output, so an interrupted run "
        "resumes. Exit status: 0 when every article succeeded, 1 when some failed (see their error lines).",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files, folders, or .jsonl files")
    p.add_argument("--out", required=True, metavar="FILE.jsonl", help="output JSON Lines file (appended to)")
    p.add_argument("--runner", choices=("local", "ray"), default="local",
                   help="local: this machine, --jobs processes (default); ray: Ray Data, on this machine or the "
                   "cluster at --address (needs pip install -e '.[ray]')")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="--runner local: processes for reading, segmentation and themes (default: 1); "
                   "a model's summaries stay in the main process")
    p.add_argument("--actors", type=int, default=None, metavar="N",
                   help="--runner ray: model actors, each loading the summarization model once (default: 1)")
    p.add_argument("--gpus-per-actor", type=float, default=None, metavar="G",
                   help="--runner ray: GPUs for each model actor (default: 0; fractions share a GPU)")
    p.add_argument("--address", default=None, metavar="HOST:PORT",
                   help="--runner ray: join this Ray cluster (default: $RAY_ADDRESS, else start a local Ray "
                   "with this machine's cores)")
    p.add_argument("--group", type=int, default=32, metavar="N",
                   help="articles summarized together in one model call (default: 32)")
    p.add_argument("--retry-errors", action="store_true", help="try again the articles with error lines in --out")
    p.add_argument("--quiet", action="store_true", help="no progress bar (there is none when stderr is not a terminal)")
    _add_pipeline_options(p)
    p.set_defaults(run=_run_batch)


def _run_batch(args) -> int:
    from .batch import count_inputs, run_batch

    # Options of the other runner are refused by run_batch; unset ones take their defaults.
    given = {k: v for k, v in (("jobs", args.jobs), ("actors", args.actors), ("gpus_per_actor", args.gpus_per_actor),
                               ("address", args.address)) if v is not None}
    count_inputs(args.inputs)  # bad paths fail before any model is loaded
    stats = run_batch(
        args.inputs,
        args.out,
        analyzer=_analyzer(args),
        runner=args.runner,
        group=args.group,
        **given,
        retry_errors=args.retry_errors,
        progress=False if args.quiet else None,
        on_message=lambda msg: print(f"summarizer: {msg}", file=sys.stderr),
    )
    print(f"summarizer: batch: {stats.summary_line()}", file=sys.stderr)
    return 1 if stats.failed else 0


# ----------------------------------------------------------------------------- corpus


def _add_corpus(sub) -> None:
    p = sub.add_parser(
        "corpus",
        help="who says what across many analysed articles, and how it changes over time (from batch output)",
        description="Read the JSON Lines of `summarizer batch` (nothing is analysed again) and report the people "
        "across articles (mentions of one name joined when their titles are compatible, kept apart when they "
        "conflict, with the reason), theme occurrences per period normalised per 100 remark sentences, the theme "
        "profile and distinctive terms of the leading people, and the list of articles. HTML (one self-contained "
        "page; -o DIR also writes one analysis page per article), JSON or Markdown.",
    )
    p.add_argument("results", nargs="+", metavar="RESULTS.jsonl", help="output(s) of summarizer batch --out")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="report.html (articles embedded), a folder (index.html and articles/*.html), "
                   "report.json or report.md (default: stdout)")
    p.add_argument("--format", choices=("html", "json", "md"), default=None,
                   help="output format (default: from the suffix of --output, else html)")
    p.add_argument("--period", choices=("month", "quarter", "year"), default="month",
                   help="period of the theme counts over time (default: month)")
    p.add_argument("--since", metavar="DATE", help="only articles dated on or after DATE (2024, 2024-03, 2024-03-05)")
    p.add_argument("--until", metavar="DATE", help="only articles dated on or before DATE (2024, 2024-03, 2024-03-05)")
    p.add_argument("--person", action="append", metavar="NAME", help="only the remarks of this name (repeatable)")
    p.add_argument("--theme", action="append", metavar="THEME",
                   help="only this canonical theme, and the people and articles that use it (repeatable)")
    p.add_argument("--top", type=int, default=10, metavar="N",
                   help="people in the theme × person table and with distinctive terms (default: 10)")
    p.add_argument("--terms", type=int, default=10, metavar="N", help="distinctive terms per person (default: 10)")
    p.add_argument("--background", nargs="+", action="extend", metavar="DIR|FILE",
                   help="fit IDF on these texts (files, or directories of .txt files) instead of on the corpus")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processes reading the batch output (default: one per CPU, at most 4, from 8 MB of input on; "
                   "else 1)")
    p.add_argument("--no-plot", action="store_true", help="HTML: leave out the figures (the tables stay)")
    p.add_argument("--font", metavar="FILE", help="font file with Chinese glyphs for the figures (default: found)")
    p.set_defaults(run=_run_corpus)


def _corpus_output(args) -> str:
    """The format, after checking where the output goes (before any work)."""
    from pathlib import Path

    from .errors import InputError
    from .output import check_output_dir, check_output_file

    suffix = Path(args.output).suffix.lower() if args.output else ""
    fmt = _output_format(args)
    if args.output and fmt == "html" and suffix not in (".html", ".htm"):
        check_output_dir(args.output, "corpus report")
    elif args.output:
        check_output_file(args.output, "report")
    if args.font and (fmt != "html" or args.no_plot):
        raise InputError("--font is only used for the figures of the HTML report")
    return fmt


def _run_corpus(args) -> int:
    from .article import read_background
    from .corpus import corpus

    fmt = _corpus_output(args)
    font = None
    if args.font:
        from .plot import find_cjk_font

        font = find_cjk_font(args.font)
    result = corpus(
        args.results, period=args.period, since=args.since, until=args.until, people=args.person or (),
        themes=args.theme or (), top=args.top, top_terms=args.terms,
        background=read_background(args.background) if args.background else None, jobs=args.jobs,
        on_warning=_warn,
    )
    if fmt == "html":
        from .corpus.html import iter_corpus_html, write_corpus_html

        if not args.output:
            for piece in iter_corpus_html(result, plot=not args.no_plot, font=font):
                sys.stdout.write(piece)
            return 0
        path = write_corpus_html(result, args.output, plot=not args.no_plot, font=font)
        print(f"summarizer: wrote {path}", file=sys.stderr)
        return 0
    from .corpus.markdown import corpus_markdown

    _emit(_rendered(fmt, result, lambda: corpus_markdown(result)), args.output)
    return 0


# ----------------------------------------------------------------------------- main

_COMMANDS = [_add_segment, _add_summarize, _add_compare, _add_analyze, _add_batch, _add_corpus]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Speakers, summaries and governance themes in Chinese official news reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SummarizerError as e:
        print(f"summarizer: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("summarizer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
