"""Building the corpus view from batch outputs: read once, then count.

Method.

1. **Read** (:mod:`.records`): the JSON Lines files are streamed; each line becomes an
   article record without its text, and its speakers' terms are interned
   (:mod:`.terms`), counting each article once for document frequencies. With ``jobs > 1``
   lines are parsed and tokenized in worker processes, a window of chunks at a time, and the
   records come back in file order, so the result does not depend on ``jobs``.
2. **Scope**: ``since``/``until`` keep dated articles within the bounds (undated ones have no
   place there and are left out, and counted); ``people`` keeps the mentions of those names.
3. **People** (:mod:`.people`): the mentions in scope are joined into people.
4. **Themes**: ``themes`` narrows the themes reported to those given, and the people and
   articles listed to those whose remarks carry one; the rates of a period stay per 100 of
   all remark sentences in scope, so that they mean the same with or without the filter.
5. **Leading people**: the ``top`` people with remarks, ranked by articles, then remark
   characters; their theme counts and distinctive terms (IDF over the whole corpus read, or
   a background corpus).
"""

from __future__ import annotations

import dataclasses
import os
from array import array
from collections import Counter
from typing import TYPE_CHECKING, Callable, Iterator, Sequence, cast

from ..errors import InputError, SummarizerError, check_positive
from .people import Cluster, Member, apart_reasons, cluster_people
from .periods import PERIODS, UNDATED, date_bound, period_of, periods_between
from .records import ArticleRecord, LineReader, Mention, iter_lines
from .results import (
    Corpus,
    CorpusArticle,
    CorpusCounts,
    CorpusFilters,
    CorpusPerson,
    PeriodRow,
    PersonMention,
    ThemeUse,
    TitleSpell,
)
from .terms import TermTable, background_df, distinctive_terms

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["build_corpus"]

#: Lines per task sent to a worker process.
_CHUNK = 64
#: ``jobs=None`` reads in parallel (one process per CPU, at most ``_MAX_JOBS``) from this much
#: input on (about a thousand batch lines); below it, starting processes costs more than it saves.
_PARALLEL_BYTES = 8_000_000
_MAX_JOBS = 4


def build_corpus(
    paths: Sequence[str | os.PathLike],
    *,
    period: str = "month",
    since: str | None = None,
    until: str | None = None,
    people: Sequence[str] = (),
    themes: Sequence[str] = (),
    top: int = 10,
    top_terms: int = 10,
    background: Sequence[str] | None = None,
    jobs: int | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> "Corpus":
    """The corpus view of batch outputs (see the package docstring); arguments are checked first."""
    paths = _check_args(paths, period, top, top_terms, jobs, background)
    filters = CorpusFilters(date_bound(since, "since") if since else None,
                            date_bound(until, "until") if until else None, tuple(people), ())
    if filters.since and filters.until and filters.since > filters.until:
        raise InputError(f"--since {since} is after --until {until}; nothing can be in between")
    table = TermTable()
    records, error_lines = _read(paths, jobs or _auto_jobs(paths), table, on_warning)
    all_themes = _theme_names(records)
    chosen = _check_themes(themes, all_themes)
    filters = dataclasses.replace(filters, themes=chosen)
    scope = _scope(records, filters)
    clusters = cluster_people(Member(i, records[i].date.date, m, "") for i, kept in scope for m in kept)
    reported = chosen or all_themes
    persons = _persons(clusters, records, reported)
    if chosen:
        persons = [p for p in persons if any(p.theme_count(t) for t in chosen)]
    persons, cluster_of = _ranked(persons, clusters)
    articles = _articles(records, scope, persons, reported, chosen)
    if not articles:
        raise InputError(_nothing_left(filters, len(records)))
    tops = [p for p in persons if p.remark_sentences][:top]
    persons = _with_terms(persons, tops, cluster_of, table, top_terms, background)
    return Corpus(
        sources=tuple(str(p) for p in paths), period=period, themes=reported, people=tuple(persons),
        periods=tuple(_period_rows(records, scope, reported, period)), articles=tuple(articles),
        top=tuple(p.id for p in tops), filters=filters,
        counts=CorpusCounts(len(records), error_lines, len(articles), sum(1 for a in articles if not a.date),
                            len(records) - len(articles)),
        idf_source="background" if background else "corpus",
        idf_documents=len(background) if background else table.documents,
    )


def _check_args(paths, period, top, top_terms, jobs, background) -> list:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    if not paths:
        raise InputError("no input given: name the .jsonl files of `summarizer batch --out`")
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r}; allowed: {', '.join(PERIODS)}")
    for name, v in (("top", top), ("top_terms", top_terms), ("jobs", 1 if jobs is None else jobs)):
        check_positive(name, v)
    if background is not None and (isinstance(background, (str, os.PathLike)) or not list(background)):
        raise InputError("background must be a non-empty sequence of texts (see summarizer.read_background)")
    return paths


def _auto_jobs(paths) -> int:
    size = sum(os.path.getsize(p) for p in paths if os.path.isfile(p))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus, _MAX_JOBS) if size >= _PARALLEL_BYTES else 1


def _nothing_left(filters: CorpusFilters, read: int) -> str:
    given = [f"{k} {v}" for k, v in (("--since", filters.since), ("--until", filters.until)) if v]
    given += [f"--person {p}" for p in filters.people] + [f"--theme {t}" for t in filters.themes]
    return f"no article of the {read} read is left by {' '.join(given)}"


# ----------------------------------------------------------------------------- reading

# Each worker process of a parallel read holds one LineReader (and its jieba tokenizer), set
# by the pool's initializer: process-local state of the worker, never set in the main process.
_WORKER: LineReader | None = None


def _init_worker(reader: LineReader | None) -> None:
    global _WORKER
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _WORKER = reader or LineReader()


def _pool(jobs: int):
    """A pool of ``jobs`` reader processes.

    Where processes can be forked (Linux) and nothing has started a thread, the tokenizer is
    loaded once here and the forked workers share its dictionary (no model, no threads to
    copy); elsewhere each spawned worker loads its own (about two seconds each).
    """
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    reader: LineReader | None
    context: BaseContext
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        reader = LineReader()
        reader.tokenizer.load()
        context = multiprocessing.get_context("fork")
    else:
        reader, context = None, multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(reader,))


def _read_chunk(chunk: list[tuple[bytes, str]]) -> list:
    assert _WORKER is not None  # set by _init_worker in every worker process
    return [_WORKER.read(raw, where) for raw, where in chunk]


def _chunks(lines: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in lines:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _records(paths, jobs: int, on_warning) -> Iterator[ArticleRecord | None]:
    lines = iter_lines(paths, on_warning)
    if jobs == 1:
        reader = LineReader()
        for raw, where in lines:
            yield reader.read(raw, where)
        return
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(jobs)
    try:
        pending = []
        for chunk in _chunks(lines, _CHUNK):
            pending.append(pool.submit(_read_chunk, chunk))
            # A bounded window keeps memory flat and the workers busy.
            if len(pending) >= 4 * jobs:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    except BrokenProcessPool:
        raise SummarizerError(f"the worker processes of --jobs {jobs} stopped (killed, or out of memory)") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read(paths, jobs: int, table: TermTable, on_warning) -> tuple[list[ArticleRecord], int]:
    """Article records (terms interned, document frequencies counted) and the number of error lines."""
    records: list[ArticleRecord] = []
    first_seen: dict[str, str] = {}
    errors = 0
    for rec in _records(paths, jobs, on_warning):
        if rec is None:
            errors += 1
            continue
        if rec.id in first_seen:
            raise InputError(f"{rec.where}: article id {rec.id!r} was already read at {first_seen[rec.id]}; "
                             "give each batch output once (an article counted twice would count twice)")
        first_seen[rec.id] = rec.where
        mentions: list[Mention] = []
        document: set[int] = set()
        for m in rec.mentions:
            # A record straight from the reader holds its terms as read: (term, count) pairs.
            packed = table.pack(cast("tuple[tuple[str, int], ...]", m.terms))
            document.update(packed[0])
            mentions.append(dataclasses.replace(m, terms=packed))
        table.add_document(document)
        records.append(dataclasses.replace(rec, mentions=tuple(mentions)))
    if not records:
        raise InputError(f"no analysed article in {', '.join(map(str, paths))}"
                         + (f" ({errors} error line(s) only)" if errors else ""))
    if errors and on_warning:
        on_warning(f"left out {errors} error line(s) of the batch (articles that failed)")
    return records, errors


def _theme_names(records: list[ArticleRecord]) -> tuple[str, ...]:
    """The bundled lexicon's themes, then any other theme the batch runs used, in their order."""
    from ..themes import default_lexicon

    names = list(default_lexicon().names)
    for rec in records:
        names += [t for t in rec.theme_names if t not in names]
        names += [t for m in rec.mentions for t, _ in m.themes if t not in names]
    return tuple(names)


def _check_themes(themes: Sequence[str], known: tuple[str, ...]) -> tuple[str, ...]:
    for t in themes:
        if t not in known:
            raise InputError(f"--theme {t!r}: no such theme; allowed: {', '.join(known)}")
    return tuple(t for t in known if t in set(themes))


# ----------------------------------------------------------------------------- scope and people


def _scope(records: list[ArticleRecord], filters: CorpusFilters) -> list[tuple[int, tuple]]:
    """(article index, mentions kept) of the articles within the dates and names asked for."""
    names = set(filters.people)
    out = []
    for i, rec in enumerate(records):
        date = rec.date.date
        if (filters.since or filters.until) and (
            not date or (filters.since and date < filters.since) or (filters.until and date > filters.until)
        ):
            continue
        kept = tuple(m for m in rec.mentions if not names or m.name in names)
        if names and not kept:
            continue
        out.append((i, kept))
    if names:
        found = {m.name for _, kept in out for m in kept}
        missing = [n for n in filters.people if n not in found]
        if missing:
            raise InputError(f"--person {missing[0]}: nobody of that name speaks in the articles "
                             f"{'within the dates asked for' if filters.since or filters.until else 'read'}")
    return out


def _persons(clusters: list[Cluster], records: list[ArticleRecord], themes: tuple[str, ...]) -> list[CorpusPerson]:
    apart = apart_reasons(clusters)
    persons = []
    for k, c in enumerate(clusters):
        members = sorted(c.members, key=lambda m: (m.date is None, m.date or "", m.article))
        ids = [records[m.article].id for m in members]
        counts = _theme_counts(m.mention for m in members)
        persons.append(CorpusPerson(
            id=f"#{k}", name=c.name, label=c.name, titles=tuple(dict.fromkeys(t for m in members for t in m.mention.titles)),
            title_history=_history(members, records), articles=tuple(dict.fromkeys(ids)),
            remarks=sum(m.mention.remarks for m in members), remark_chars=sum(m.mention.chars for m in members),
            remark_sentences=sum(m.mention.sentences for m in members),
            themes=tuple((t, counts[t]) for t in themes if counts.get(t)),
            theme_use=tuple(_theme_use(t, members, records) for t in themes if counts.get(t)),
            mentions=tuple(PersonMention(records[m.article].id, m.mention.slot, m.date, m.mention.titles,
                                         m.mention.role, m.mention.remarks, m.mention.chars, m.why, m.mention.notes)
                           for m in members),
            kept_apart=tuple((f"#{j}", why) for j, why in apart.get(k, ())), ambiguous=c.ambiguous,
        ))
    return persons


def _theme_counts(mentions) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in mentions:
        for t, n in m.themes:
            counts[t] = counts.get(t, 0) + n
    return counts


def _history(members: list[Member], records) -> tuple[TitleSpell, ...]:
    spells: dict[tuple, list[Member]] = {}
    for m in members:
        spells.setdefault(m.mention.titles, []).append(m)
    out = []
    for titles, ms in spells.items():
        dates = [m.date for m in ms if m.date]
        out.append(TitleSpell(titles, min(dates, default=None), max(dates, default=None),
                              tuple(dict.fromkeys(records[m.article].id for m in ms))))
    return tuple(out)


def _theme_use(theme: str, members: list[Member], records) -> ThemeUse:
    uses = [(m.date, records[m.article].id, dict(m.mention.themes).get(theme, 0)) for m in members]
    uses = [u for u in uses if u[2]]
    dated = [(date, ident, n) for date, ident, n in uses if date]
    first = min(dated, default=None, key=lambda u: u[0])
    last = max(dated, default=None, key=lambda u: u[0])
    return ThemeUse(theme, sum(u[2] for u in uses), first and first[0], last and last[0], first and first[1],
                    last and last[1], sum(u[2] for u in uses if not u[0]))


def _ranked(persons: list[CorpusPerson], clusters: list[Cluster]) -> tuple[list[CorpusPerson], dict[str, Cluster]]:
    """Most articles first, then most remark characters; ids p1, p2, … in that order; namesakes labelled.

    Also gives each new id's cluster (its mentions, with their terms)."""
    order = sorted(range(len(persons)), key=lambda k: (-len(persons[k].articles), -persons[k].remark_chars, k))
    new_id = {persons[k].id: f"p{r}" for r, k in enumerate(order, 1)}
    out: list[CorpusPerson] = []
    labels: Counter[str] = Counter()
    for k in order:
        p = persons[k]
        label = p.name
        if p.kept_apart:  # namesakes: say which one this is
            label = f"{p.name}（{clusters[int(p.id[1:])].summary(1)}）"
            labels[label] += 1
            if labels[label] > 1:
                label = f"{label} #{labels[label]}"
        out.append(dataclasses.replace(
            p, id=new_id[p.id], label=label,
            kept_apart=tuple((new_id[j], why) for j, why in p.kept_apart if j in new_id),
        ))
    return out, {new_id[p.id]: clusters[int(p.id[1:])] for p in persons}


# ----------------------------------------------------------------------------- articles and periods


def _articles(records, scope, persons: list[CorpusPerson], themes: tuple[str, ...],
              chosen: tuple[str, ...]) -> list[CorpusArticle]:
    """The articles in scope (with --theme, those whose remarks in scope carry a chosen theme), by date."""
    person_of = {(m.article, m.slot): p.id for p in persons for m in p.mentions}
    out = []
    for i, kept in scope:
        rec = records[i]
        counts = _theme_counts(kept)
        if chosen and not any(counts.get(t) for t in chosen):
            continue
        out.append(CorpusArticle(
            rec.id, rec.where, rec.date.date, rec.date.origin, rec.date.published, rec.headline, rec.source,
            tuple((m.name, person_of.get((rec.id, m.slot)), m.slot) for m in rec.mentions),
            sum(m.sentences for m in kept), tuple((t, counts[t]) for t in themes if counts.get(t)),
        ))
    out.sort(key=lambda a: (a.date is None, a.date or ""))
    return out


def _period_rows(records, scope, themes: tuple[str, ...], period: str) -> list[PeriodRow]:
    """Articles, remark sentences and theme occurrences per period, without gaps; undated last."""
    rows: dict[str, list] = {}
    dates = []
    for i, kept in scope:
        date = records[i].date.date
        row = rows.setdefault(period_of(date, period), [0, 0, {}])
        row[0] += 1
        row[1] += sum(m.sentences for m in kept)
        for m in kept:
            for t, n in m.themes:
                row[2][t] = row[2].get(t, 0) + n
        if date:
            dates.append(date)
    keys = periods_between(min(dates), max(dates), period) if dates else []
    if UNDATED in rows:
        keys.append(UNDATED)
    out = []
    empty: tuple[int, int, dict[str, int]] = (0, 0, {})
    for key in keys:
        n, sentences, counts = rows.get(key, empty)
        start, end = PERIODS[period].bounds(key) if key != UNDATED else (None, None)
        out.append(PeriodRow(key, start, end, n, sentences, tuple((t, counts.get(t, 0)) for t in themes)))
    return out


# ----------------------------------------------------------------------------- terms


def _with_terms(persons: list[CorpusPerson], tops: list[CorpusPerson], clusters: dict[str, Cluster],
                table: TermTable, top_terms: int, background) -> list[CorpusPerson]:
    """The leading people with their distinctive terms."""
    if not tops:
        return persons
    counters = []
    for p in tops:
        c: Counter[int] = Counter()
        for m in clusters[p.id].members:
            ids, ns = m.mention.terms
            assert isinstance(ids, array) and isinstance(ns, array)  # packed by _read
            for i, n in zip(ids, ns):
                c[i] += n
        counters.append(c)
    df = documents = None
    if background:
        df, documents = background_df(table, background, LineReader().tokenizer), len(background)
    terms = dict(zip((p.id for p in tops), distinctive_terms(counters, table, top_terms, df=df, documents=documents)))
    return [dataclasses.replace(p, distinctive_terms=terms[p.id]) if p.id in terms else p for p in persons]
