"""Command line: parse arguments, call the library, format the result.

Each subcommand is a pair of functions, ``_add_<name>(subparsers)`` and
``_run_<name>(args) -> int``. Library errors (``SummarizerError``) become one line on
stderr and a non-zero exit; nothing here imports torch unless a command needs a model.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .errors import SummarizerError

__all__ = ["main"]


def _write(text: str, out=None) -> None:
    out = out or sys.stdout
    out.write(text)
    if not text.endswith("\n"):
        out.write("\n")


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
    p.set_defaults(run=_run_segment)


def _run_segment(args) -> int:
    from .article import read_text
    from .report import segmentation_markdown, to_json
    from .segment import segment

    results = []
    for f in args.files:
        results.append((f, segment(read_text(f), name=f)))
    if args.format == "json":
        payload = [{"file": f, **seg.to_dict()} for f, seg in results]
        _write(to_json(payload[0] if len(payload) == 1 else payload))
    else:
        _write("\n".join(segmentation_markdown(seg) for _, seg in results))
    return 0


# ----------------------------------------------------------------------------- main

_COMMANDS = [_add_segment]


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
