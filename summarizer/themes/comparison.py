"""Comparison: who stresses which themes, which words set each speaker apart, how alike they are.

One document per speaker with reported words (their remarks joined, names and titles left
out). TF-IDF (raw counts, smooth IDF ``ln((1+n)/(1+df))+1``, rows L2-normalised) with IDF
fitted on those documents or on a background corpus; distinctive terms are a speaker's
highest-weighted terms that not every speaker uses; shared terms are those used by a
majority of speakers; similarity is the cosine of the TF-IDF rows, undefined (``None``) for
a speaker left with no terms at all. Theme counts come from the lexicon's matches over the
whole remark, as the gold annotation counts them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ..errors import InputError, NoSpeakersError, SummarizerError, check_positive
from ..records import Record
from .lexicon import Lexicon, load_lexicon
from .tokenizer import ChineseTokenizer

if TYPE_CHECKING:
    from ..segment import Segmentation

__all__ = ["ThemeHit", "ComparedSpeaker", "TermWeight", "SharedTerm", "Comparison", "Comparer", "compare"]


@dataclass(frozen=True)
class ThemeHit(Record):
    """One theme occurrence in a speaker's remarks; offsets index the article's text."""

    theme: str
    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ComparedSpeaker(Record):
    """One compared document: a speaker of one article, or one name across articles."""

    key: str
    name: str
    articles: tuple[str, ...]
    remarks: int
    characters: int
    terms: int  # tokens left after stop words: 0 means nothing to compare


@dataclass(frozen=True)
class TermWeight:
    term: str
    weight: float  # TF-IDF weight in the speaker's L2-normalised row
    count: int  # occurrences in the speaker's remarks

    def to_dict(self) -> dict:
        return {"term": self.term, "weight": round(self.weight, 6), "count": self.count}


@dataclass(frozen=True)
class SharedTerm(Record):
    term: str
    speakers: tuple[str, ...]  # keys of the speakers who use it
    count: int  # occurrences over all of them


@dataclass(frozen=True)
class Comparison:
    """Themes and TF-IDF comparison of the speakers of one or more articles.

    Matrices are tuples of rows in speaker order (``keys``); ``theme_matrix`` and
    ``similarity_matrix`` give them as plain lists, ``theme_frame()`` and
    ``similarity_frame()`` as pandas DataFrames where pandas is installed.
    """

    speakers: tuple[ComparedSpeaker, ...]
    themes: tuple[str, ...]
    theme_counts: tuple[tuple[int, ...], ...]
    theme_hits: tuple[tuple[ThemeHit, ...], ...]
    distinctive: tuple[tuple[TermWeight, ...], ...]
    shared: tuple[SharedTerm, ...]
    similarity: tuple[tuple[float | None, ...], ...]
    articles: tuple[str, ...]
    skipped: tuple[str, ...] = ()  # articles without any speaker with reported words
    idf_source: str = "speakers"  # "speakers" or "background"
    idf_documents: int = 0
    lexicon: str = ""
    grouped: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.speakers)

    @property
    def theme_matrix(self) -> list[list[int]]:
        return [list(r) for r in self.theme_counts]

    @property
    def similarity_matrix(self) -> list[list[float | None]]:
        return [list(r) for r in self.similarity]

    @property
    def present_themes(self) -> tuple[str, ...]:
        """Themes that occur for at least one speaker, in lexicon order."""
        return tuple(t for j, t in enumerate(self.themes) if any(r[j] for r in self.theme_counts))

    def themes_of(self, key: str) -> list[str]:
        """The themes one speaker's remarks carry, in lexicon order."""
        row = self.theme_counts[self.keys.index(key)]
        return [t for t, c in zip(self.themes, row) if c]

    def _frame(self, values, columns):
        try:
            import pandas as pd
        except ImportError:
            raise SummarizerError(
                "pandas is not installed; use the plain-list matrices (theme_matrix, "
                "similarity_matrix) or `pip install pandas`"
            ) from None
        return pd.DataFrame(values, index=list(self.keys), columns=list(columns))

    def theme_frame(self):
        """Speaker × theme counts as a pandas DataFrame (requires pandas)."""
        return self._frame(self.theme_matrix, self.themes)

    def similarity_frame(self):
        """Pairwise cosine similarity as a pandas DataFrame; undefined pairs are NaN."""
        return self._frame(self.similarity_matrix, self.keys).astype(float)

    def to_dict(self) -> dict:
        keys = list(self.keys)
        return {
            "articles": list(self.articles),
            "skipped": list(self.skipped),
            "grouped_by_name": self.grouped,
            "lexicon": self.lexicon,
            "idf": {"fitted_on": self.idf_source, "documents": self.idf_documents},
            "themes": list(self.themes),
            "speakers": [
                {
                    **s.to_dict(),
                    "themes": self.themes_of(s.key),
                    "theme_hits": [h.to_dict() for h in hits],
                    "distinctive_terms": [t.to_dict() for t in terms],
                }
                for s, hits, terms in zip(self.speakers, self.theme_hits, self.distinctive)
            ],
            "shared_terms": [t.to_dict() for t in self.shared],
            "theme_matrix": {"rows": keys, "columns": list(self.themes), "values": self.theme_matrix},
            "similarity": {
                "rows": keys,
                "columns": keys,
                "values": [[None if v is None else round(v, 6) for v in r] for r in self.similarity],
            },
        }


@dataclass
class _Doc:
    key: str
    name: str
    articles: list[str]
    remarks: int
    characters: int
    text_parts: list[str]
    hits: list[ThemeHit]


# Comparison is the stage after segmentation and takes its records: segmenting here would
# use a default Segmenter behind the caller's back (its tagger, its traditional-script rule).
_TEXT_GIVEN = (
    "compare takes segmentations, not article text: segment first "
    "(summarizer.segment(text), or a Segmenter you keep) and pass the Segmentation"
)


class Comparer:
    """Compares speakers; keeps its tokenizer (and so jieba's loaded dictionary) for reuse.

    ``top_terms`` distinctive terms are listed per speaker and ``top_shared`` shared terms
    overall. ``background`` (texts, one document each) replaces the compared speakers as
    the basis of IDF.
    """

    def __init__(
        self,
        lexicon: Lexicon | str | Path | None = None,
        *,
        tokenizer: ChineseTokenizer | None = None,
        background: Sequence[str] | None = None,
        top_terms: int = 10,
        top_shared: int = 15,
    ):
        check_positive("top_terms", top_terms)
        check_positive("top_shared", top_shared)
        if lexicon is None or isinstance(lexicon, (str, Path)):
            lexicon = load_lexicon(lexicon)
        if not isinstance(lexicon, Lexicon):
            raise InputError(f"lexicon must be a Lexicon, a path to a TOML file or None, got {type(lexicon).__name__}")
        if tokenizer is not None and tokenizer.lexicon is not lexicon and tokenizer.lexicon != lexicon:
            raise InputError("tokenizer was built on a different lexicon than the one given; pass one lexicon")
        self.lexicon = lexicon
        self.tokenizer = tokenizer or ChineseTokenizer(lexicon)
        self.background = _check_background(background)
        self.top_terms = top_terms
        self.top_shared = top_shared

    # -- inputs

    def _segmentations(self, items, labels) -> list[tuple[str, "Segmentation"]]:
        from ..segment import Segmentation

        if isinstance(items, Segmentation):
            items = [items]
        if isinstance(items, str):
            raise InputError(_TEXT_GIVEN)
        items = list(items)
        if not items:
            raise InputError("nothing to compare: give at least one Segmentation")
        if labels is None:
            labels = [f"article {i}" for i in range(1, len(items) + 1)] if len(items) > 1 else ["article"]
        labels = [str(x) for x in labels]
        if len(labels) != len(items):
            raise InputError(f"{len(labels)} labels given for {len(items)} articles; give one label per article")
        if len(set(labels)) != len(labels):
            dup = next(x for x in labels if labels.count(x) > 1)
            raise InputError(f"article label {dup!r} is given twice; labels key the speakers and must be unique")
        for label, item in zip(labels, items):
            if isinstance(item, str):
                raise InputError(f"{label}: {_TEXT_GIVEN}")
            if not isinstance(item, Segmentation):
                raise InputError(f"cannot compare a {type(item).__name__} ({label}); give Segmentation objects")
        return list(zip(labels, items))

    def _documents(self, segs, group_by_name: bool) -> tuple[list[_Doc], list[str]]:
        docs: dict[str, _Doc] = {}
        skipped = []
        several = len(segs) > 1
        for label, seg in segs:
            speakers = seg.speakers_with_remarks
            if not speakers:
                skipped.append(label)
                continue
            # "市报总编辑王某在致辞中表示" opens a remark: names and titles say who speaks, not
            # what, and jieba would cut names into odd words (陈/存根). They stay out of TF-IDF
            # (theme detection still sees the whole remark, as the gold annotation does).
            who = {p.name for p in (*seg.speakers, *seg.others)}
            who |= {t for p in (*seg.speakers, *seg.others) for t in p.titles if len(t) >= 2}
            names_re = re.compile("|".join(map(re.escape, sorted(who, key=len, reverse=True))))
            for sp in speakers:
                key = sp.name if (group_by_name or not several) else f"{label}/{sp.name}"
                n = 2
                while key in docs and not group_by_name:  # the same name twice in one article
                    key = f"{sp.name} ({n})" if not several else f"{label}/{sp.name} ({n})"
                    n += 1
                doc = docs.setdefault(key, _Doc(key, sp.name, [], 0, 0, [], []))
                if label not in doc.articles:
                    doc.articles.append(label)
                doc.remarks += len(sp.remarks)
                for r in sp.remarks:
                    # A traditional article is matched in its simplified form (same offsets);
                    # a hit reports the text as written, so text[start:end] is the hit.
                    said = r.normalized or r.text
                    doc.characters += len(said)
                    doc.text_parts.append(names_re.sub(" ", said))
                    doc.hits += [
                        ThemeHit(m.theme, label, m.start, m.end, r.text[m.start - r.start : m.end - r.start])
                        for m in self.lexicon.find(said, r.start)
                    ]
        return list(docs.values()), skipped

    # -- the comparison

    def compare(self, items, *, labels: Sequence[str] | None = None, group_by_name: bool = False) -> Comparison:
        """Compare the speakers with reported words of one or more articles.

        ``items``: a :class:`~summarizer.segment.Segmentation` or a sequence of them.
        ``labels`` name the articles (default
        ``article 1``…); speakers are keyed by name in a single article and by
        ``label/name`` across several, or by name alone with ``group_by_name`` (the remarks
        of one name in all articles form one document). Articles without a speaker with
        reported words are listed in ``skipped``; if no article has one,
        :class:`NoSpeakersError` is raised.
        """
        segs = self._segmentations(items, labels)
        docs, skipped = self._documents(segs, group_by_name)
        if not docs:
            which = ", ".join(label for label, _ in segs)
            raise NoSpeakersError(f"no speaker with reported words in {which}; nothing to compare")
        texts = ["".join(d.text_parts) for d in docs]
        tokens = [self.tokenizer(t) for t in texts]
        vocab, weights = self._tfidf(texts, tokens)
        counts = [Counter(t) for t in tokens]
        names = self.lexicon.names
        theme_counts = [_theme_row(d.hits, names) for d in docs]
        df = Counter(term for c in counts for term in c)
        distinctive = _distinctive(vocab, weights, counts, df, self.top_terms)
        shared = _shared([d.key for d in docs], counts, df)
        return Comparison(
            speakers=tuple(
                ComparedSpeaker(d.key, d.name, tuple(d.articles), d.remarks, d.characters, len(tok))
                for d, tok in zip(docs, tokens)
            ),
            themes=names,
            theme_counts=tuple(theme_counts),
            theme_hits=tuple(tuple(d.hits) for d in docs),
            distinctive=tuple(distinctive),
            shared=tuple(shared[: self.top_shared]),
            similarity=_cosine(weights, [bool(t) for t in tokens]),
            articles=tuple(label for label, _ in segs),
            skipped=tuple(skipped),
            idf_source="background" if self.background else "speakers",
            idf_documents=len(self.background) if self.background else len(docs),
            lexicon=self.lexicon.source,
            grouped=group_by_name,
        )

    def _tfidf(self, texts: list[str], tokens: list[list[str]]):
        """Vocabulary and TF-IDF rows (sparse CSR, L2-normalised) of the speakers' documents."""
        if not any(tokens):
            from scipy.sparse import csr_matrix

            # scikit-learn refuses an empty vocabulary; every row is then the zero vector.
            return [], csr_matrix((len(texts), 0))
        from sklearn.feature_extraction.text import TfidfVectorizer

        options = dict(tokenizer=self.tokenizer, token_pattern=None, lowercase=False, norm="l2", smooth_idf=True)
        if self.background:
            vocab = sorted({t for toks in tokens for t in toks})
            vec = TfidfVectorizer(vocabulary=vocab, **options)
            vec.fit(self.background)
            matrix = vec.transform(texts)
        else:
            vec = TfidfVectorizer(**options)
            matrix = vec.fit_transform(texts)
        return list(vec.get_feature_names_out()), matrix.tocsr()


def _theme_row(hits: list[ThemeHit], names: tuple[str, ...]) -> tuple[int, ...]:
    counts = Counter(h.theme for h in hits)
    return tuple(counts.get(n, 0) for n in names)


def _distinctive(vocab: list[str], weights, counts: list[Counter], df: Counter, top: int) -> list[tuple[TermWeight, ...]]:
    """Each speaker's highest-weighted terms that not every speaker uses."""
    n = len(counts)
    out = []
    for i in range(n):
        a, b = weights.indptr[i], weights.indptr[i + 1]
        cands = [
            TermWeight(vocab[j], float(w), counts[i][vocab[j]])
            for j, w in zip(weights.indices[a:b], weights.data[a:b])
            if n < 2 or df[vocab[j]] < n
        ]
        cands.sort(key=lambda t: (-t.weight, t.term))
        out.append(tuple(cands[:top]))
    return out


def _shared(keys: list[str], counts: list[Counter], df: Counter) -> list[SharedTerm]:
    """Terms used by a strict majority of the speakers (at least two); none with one speaker."""
    n = len(keys)
    need = n // 2 + 1
    shared = [
        SharedTerm(term, tuple(k for k, c in zip(keys, counts) if term in c), sum(c[term] for c in counts))
        for term, k in df.items()
        if n >= 2 and k >= max(2, need)
    ]
    shared.sort(key=lambda s: (-len(s.speakers), -s.count, s.term))
    return shared


def _check_background(background):
    if background is None:
        return None
    if isinstance(background, (str, Path)):
        raise InputError(
            "background must be a sequence of texts (summarizer.article.read_background(paths) reads files and directories)"
        )
    texts = list(background)
    if not texts:
        raise InputError("background corpus is empty; give at least one document or leave it out")
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise InputError(f"background document #{i + 1} is a {type(t).__name__}; give texts (str)")
    return texts


def _cosine(weights, nonempty: list[bool]) -> tuple[tuple[float | None, ...], ...]:
    import numpy as np

    n = len(nonempty)
    if weights.shape[1]:
        sims = (weights @ weights.T).toarray()
        np.clip(sims, 0.0, 1.0, out=sims)  # rounding can leave 1.0000000000000002
    else:
        sims = np.zeros((n, n))
    np.fill_diagonal(sims, 1.0)
    rows = sims.tolist()
    # A speaker with no terms is a zero vector: its cosine with anyone is undefined.
    empty = [i for i, ok in enumerate(nonempty) if not ok]
    for i in empty:
        rows[i] = [None] * n
    if empty:
        for row in rows:
            for i in empty:
                row[i] = None
    return tuple(map(tuple, rows))


def compare(
    segmentations,
    lexicon: Lexicon | str | Path | None = None,
    background: Sequence[str] | None = None,
    *,
    labels: Sequence[str] | None = None,
    group_by_name: bool = False,
    top_terms: int = 10,
    tokenizer: ChineseTokenizer | None = None,
) -> Comparison:
    """Compare the themes and vocabulary of the speakers of one or more articles.

    A convenience over :class:`Comparer`, which should be kept and reused for many calls:
    each call here loads jieba's dictionary afresh unless a ``tokenizer`` is given.
    ``background`` is a sequence of texts (see :func:`summarizer.article.read_background`)
    to fit IDF on.
    """
    return Comparer(lexicon, tokenizer=tokenizer, background=background, top_terms=top_terms).compare(
        segmentations, labels=labels, group_by_name=group_by_name
    )

