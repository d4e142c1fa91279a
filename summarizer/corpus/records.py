"""Reading: batch output lines into compact article records, one line at a time.

Method. Each line of a ``summarizer batch`` output is parsed and checked: it must be an
analysis line (error lines are counted and left out), and its segmentation is rebuilt with
``segmentation_from_dict``, which refuses remark offsets that do not point at the text. The
line is then reduced to what the corpus view needs, and its text dropped:

* the article: id, where it was read (``FILE:LINE``), headline, source, and its date with
  where that came from (:func:`summarizer.article.published_date`: the head's date line, another
  line of the page head, or the dateline with a year from elsewhere);
* per speaker (a *mention*): name, titles and what they say about identity
  (:mod:`.titles`), role, remarks, remark characters, remark sentences (split as everywhere
  in the toolkit, :func:`summarizer.text.split_sentences`), theme occurrences (the line's own
  theme hits, so the corpus counts exactly what ``analyze`` reported), and the speaker's terms
  (the toolkit's :class:`~summarizer.themes.ChineseTokenizer` over the remarks, with names and
  titles of the article's people taken out, as ``compare`` does).

A :class:`LineReader` holds the tokenizer; each worker process of a parallel run has its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from ..article import PublishedDate, iso_date, published_date
from ..batch import (
    segmentation_from_dict,  # the one place a batch line becomes a Segmentation
)
from ..errors import InputError
from ..text import split_sentences
from .titles import Anchor, ArticlePlaces, read_titles

if TYPE_CHECKING:
    from array import array

__all__ = ["Mention", "ArticleRecord", "LineReader", "iter_lines"]

# What tells an analysis line from other JSON lines (a batch input, another tool's output).
_ANALYSIS_KEYS = ("text", "speakers", "comparison")


@dataclass(frozen=True)
class Mention:
    """One speaker of one article, reduced to what the corpus view counts."""

    name: str
    titles: tuple[str, ...]
    role: str | None
    slot: int  # 1-based place among the article's speakers (its anchor on the article's page)
    remarks: int
    chars: int
    sentences: int
    themes: tuple[tuple[str, int], ...]  # theme occurrences in the remarks
    anchors: tuple[Anchor, ...]
    notes: tuple[str, ...]  # how units named by their level alone were read
    # ((term, count), …) as read; packed term ids and counts (TermTable.pack) once collected
    terms: tuple[tuple[str, int], ...] | tuple[array, array]


@dataclass(frozen=True)
class ArticleRecord:
    """One analysed article without its text."""

    id: str
    where: str  # FILE:LINE
    date: PublishedDate
    headline: str | None
    source: str | None
    dateline: str | None
    mentions: tuple[Mention, ...]
    theme_names: tuple[str, ...]  # the lexicon the batch run used, in its order

    @property
    def remark_sentences(self) -> int:
        return sum(m.sentences for m in self.mentions)


def iter_lines(paths: Sequence[str | Path], on_warning=None) -> Iterator[tuple[bytes, str]]:
    """The non-blank lines of the batch outputs, as bytes with ``FILE:LINE``.

    Missing files, folders and empty files are refused. A last line without a newline is
    kept when it is whole JSON and dropped with a warning when it is not (a batch run killed
    while writing it leaves such a line; the batch resumes from it).
    """
    for path in map(Path, paths):
        if path.is_dir():
            raise InputError(f"{path}: is a folder; give the .jsonl files of `summarizer batch --out`")
        try:
            fh = path.open("rb")
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as e:
            raise InputError(f"{path}: cannot be read ({e.strerror})") from None
        seen = 0
        with fh:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                if not raw.endswith(b"\n") and not _is_json(raw):
                    if on_warning:
                        on_warning(f"{path}:{n}: left out an incomplete last line (an interrupted batch run?)")
                    continue
                seen += 1
                yield raw, f"{path}:{n}"
        if not seen:
            raise InputError(f"{path}: is empty; give the output of `summarizer batch`")


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


class LineReader:
    """Turns batch lines into :class:`ArticleRecord` objects; keep one per process."""

    def __init__(self, tokenizer=None):
        if tokenizer is None:
            from ..themes import ChineseTokenizer

            tokenizer = ChineseTokenizer()
        self.tokenizer = tokenizer

    def read(self, raw: bytes, where: str) -> ArticleRecord | None:
        """The record of one line, or None for an error line of the batch (an article that failed)."""
        line = _parse(raw, where)
        if "error" in line:
            return None
        missing = [k for k in _ANALYSIS_KEYS if k not in line]
        if missing:
            raise InputError(f"{where}: not a line of a `summarizer batch` output (no {', '.join(missing)}); "
                             "run `summarizer batch INPUT… --out results.jsonl` first")
        seg = segmentation_from_dict(line, where)
        ident = str(line["id"])
        try:
            return ArticleRecord(ident, where, _date(line, seg.article.text, ident), line.get("headline"),
                                 line.get("source"), line.get("dateline"), self._mentions(line, seg, where),
                                 tuple((line.get("comparison") or {}).get("themes") or ()))
        finally:
            # Each text is tokenized once; a cache would only hold memory (and would make
            # repeated texts, as in a benchmark of recombined lines, look cheaper than they are).
            self.tokenizer.clear_cache()

    def _mentions(self, line: dict, seg, where: str) -> tuple[Mention, ...]:
        hits = _hits_by_speaker(line, seg, where)
        people = (*seg.speakers, *seg.others)
        places = ArticlePlaces(seg.article.text, tuple(t for p in people for t in p.titles))
        unsaid = _names_pattern(people)
        out = []
        for slot, sp in enumerate(seg.speakers, 1):
            reading = read_titles(sp.titles, places)
            said = [r.normalized or r.text for r in sp.remarks]
            terms = Counter(self.tokenizer(unsaid.sub(" ", "".join(said)))) if said else Counter()
            out.append(Mention(
                sp.name, sp.titles, sp.role, slot, len(sp.remarks), sum(len(r.text) for r in sp.remarks),
                sum(len(split_sentences(r.text)) for r in sp.remarks), tuple(sorted(hits.get(slot, Counter()).items())),
                reading.anchors, reading.notes, tuple(terms.items()),
            ))
        return tuple(out)


def _parse(raw: bytes, where: str) -> dict:
    try:
        line = json.loads(raw)
    except UnicodeDecodeError:
        raise InputError(f"{where}: line is not UTF-8") from None
    except ValueError as e:
        raise InputError(f"{where}: invalid JSON ({e})") from None
    if not isinstance(line, dict) or "id" not in line:
        raise InputError(f"{where}: not a line of a `summarizer batch` output (an object with an \"id\")")
    return line


def _date(line: dict, text: str, ident: str) -> PublishedDate:
    origin = line.get("published_from")
    if origin and line.get("published"):  # batch lines that record it (Article.published_from)
        return PublishedDate(iso_date(line["published"]), line["published"], origin)
    return published_date(text, published=line.get("published"), dateline=line.get("dateline"), name=ident)


def _hits_by_speaker(line: dict, seg, where: str) -> dict[int, Counter]:
    """Theme occurrences per speaker slot, from the line's comparison of its speakers.

    The comparison lists the speakers with remarks in the order of the segmentation; any
    other order means the line was edited or assembled wrongly, and it is refused.
    """
    comparison = line.get("comparison")
    with_words = [(slot, sp) for slot, sp in enumerate(seg.speakers, 1) if sp.remarks]
    if comparison is None:
        if with_words:
            raise InputError(f"{where}: has speakers with remarks but no theme comparison")
        return {}
    compared = comparison.get("speakers") if isinstance(comparison, dict) else None
    if not isinstance(compared, list) or [c.get("name") for c in compared] != [sp.name for _, sp in with_words]:
        raise InputError(f"{where}: the comparison's speakers do not match the speakers with remarks")
    return {slot: Counter(h["theme"] for h in c.get("theme_hits") or ()) for (slot, _), c in zip(with_words, compared)}


def _names_pattern(people) -> re.Pattern:
    """Names and titles of the article's people: they say who speaks, not what (as in ``compare``)."""
    who = {p.name for p in people} | {t for p in people for t in p.titles if len(t) >= 2}
    if not who:
        return re.compile(r"(?!)")
    return re.compile("|".join(map(re.escape, sorted(who, key=len, reverse=True))))
