"""Stage 4: which governance themes each speaker stresses, and how alike their remarks are.

Method:

1. Lexicon. A theme is a canonical name with literal surface variants and *enumerations*
   (items that, listed together in any order, express the theme: 自治、法治、德治 → 三治融合).
   The bundled lexicon is ``data/themes.toml``; a user lexicon replaces or extends it.
2. Detection. Remarks are matched with quotation marks and white space folded away
   (新时代“枫桥经验” → 枫桥经验), theme by theme, so one phrase can carry two themes
   (市域社会治理现代化 → 市域社会治理现代化 and 治理现代化). Offsets index the article text.
3. Tokenization. Theme matches are rewritten to their canonical names, then jieba (a private
   ``jieba.Tokenizer`` whose user dictionary holds the lexicon's terms, so they stay whole)
   cuts the rest; single characters, numbers and the stop words of official prose
   (``data/stopwords.txt``) are dropped. The tokenizer is handed to scikit-learn explicitly:
   its default ``token_pattern`` takes a whole run of Chinese characters as one token.
4. Comparison. One document per speaker with reported words (their remarks joined). TF-IDF
   (raw counts, smooth IDF ``ln((1+n)/(1+df))+1``, rows L2-normalised) with IDF fitted on those
   documents or on a background corpus; distinctive terms are a speaker's highest-weighted
   terms that not every speaker uses; shared terms are those used by a majority of speakers;
   similarity is the cosine of the TF-IDF rows, undefined (``None``) for a speaker left with
   no terms at all.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .errors import InputError, LexiconError, NoSpeakersError, SummarizerError

__all__ = [
    "Theme",
    "Lexicon",
    "ThemeMatch",
    "load_lexicon",
    "default_lexicon",
    "load_stopwords",
    "ChineseTokenizer",
    "ThemeHit",
    "ComparedSpeaker",
    "TermWeight",
    "SharedTerm",
    "Comparison",
    "Comparer",
    "compare",
    "read_background",
]

#: Enumerations are matched in every order; past five items the permutations explode and
#: no real slogan is that long.
MAX_ENUMERATION_ITEMS = 5

# Quotation marks of both widths and styles: official prose quotes slogans inside terms.
_FOLDED = frozenset("“”‘’「」『』\"'＂＇")
_FOLD_RE = re.compile("[“”‘’「」『』\"'＂＇\\s]")
# Between enumeration items: a list separator or nothing (自治法治德治相结合), and before a
# separator the one- or two-character qualifier of slogans like 自治为基、法治为本、德治为先.
_ENUM_SEP = "(?:[\u4e00-\u9fff]{1,2}[、，,；;]|以及|[、，,/和与及])?"
_THEME_KEYS = {"name", "description", "variants", "enumerations"}
_TOP_KEYS = {"theme", "extend", "words"}
# A token worth counting has a Chinese character or a letter; numbers and punctuation do not.
_CONTENT_RE = re.compile(r"[\u3400-\u9fffA-Za-z]")


# ----------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Theme:
    """A canonical governance theme and the surface forms that express it."""

    name: str
    variants: tuple[str, ...] = ()
    enumerations: tuple[tuple[str, ...], ...] = ()
    description: str = ""

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "variants": list(self.variants),
            "enumerations": [list(e) for e in self.enumerations],
        }


@dataclass(frozen=True)
class ThemeMatch:
    """One occurrence of a theme: offsets into the searched text and the text as written."""

    theme: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"theme": self.theme, "start": self.start, "end": self.end, "text": self.text}


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Text without quotation marks and white space, and the original index of each kept char."""
    if not _FOLD_RE.search(text):
        return text, None
    index = [i for i, c in enumerate(text) if c not in _FOLDED and not c.isspace()]
    return "".join(text[i] for i in index), index


@dataclass(frozen=True)
class Lexicon:
    """An ordered set of themes with their compiled matchers.

    Build one with :func:`load_lexicon` (validated, with file and line in every error) or
    directly from :class:`Theme` objects, which are validated the same way minus line numbers.
    """

    themes: tuple[Theme, ...]
    source: str = "<themes>"
    words: tuple[str, ...] = ()  # kept whole by the tokenizer, but not themes (社会治理)
    _patterns: tuple = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self):
        _validate(self.themes, self.source, lines=None)
        object.__setattr__(self, "_patterns", tuple((t.name, _compile(t)) for t in self.themes))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.themes)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every literal term of the lexicon: names, variants, enumeration items and words."""
        seen: dict[str, None] = dict.fromkeys(self.words)
        for t in self.themes:
            for w in (t.name, *t.variants, *itertools.chain.from_iterable(t.enumerations)):
                seen.setdefault(w, None)
        return tuple(seen)

    def find(self, text: str, offset: int = 0) -> list[ThemeMatch]:
        """All theme occurrences in ``text``, ordered by position; offsets shifted by ``offset``.

        Within a theme, matches do not overlap and the longest form wins at each position;
        different themes may match overlapping stretches.
        """
        folded, index = _fold(text)
        out = []
        for name, pattern in self._patterns:
            for m in pattern.finditer(folded):
                a, b = m.span()
                if index is not None:
                    a, b = index[a], index[b - 1] + 1
                out.append(ThemeMatch(name, a + offset, b + offset, text[a:b]))
        order = {n: i for i, n in enumerate(self.names)}
        out.sort(key=lambda m: (m.start, -m.end, order[m.theme]))
        return out

    def themes_in(self, text: str) -> list[str]:
        """The canonical names of the themes that occur in ``text``, in lexicon order."""
        found = {m.theme for m in self.find(text)}
        return [n for n in self.names if n in found]

    def merged(self, other: "Lexicon") -> "Lexicon":
        """This lexicon extended by ``other``: new themes appended, known ones given more forms."""
        by_name = {t.name: t for t in self.themes}
        order = list(by_name)
        for t in other.themes:
            if t.name in by_name:
                old = by_name[t.name]
                t = Theme(
                    t.name,
                    _unique(old.variants + t.variants),
                    _unique(old.enumerations + t.enumerations),
                    t.description or old.description,
                )
            else:
                order.append(t.name)
            by_name[t.name] = t
        return Lexicon(
            tuple(by_name[n] for n in order),
            source=f"{self.source} + {other.source}",
            words=_unique(self.words + other.words),
        )

    def to_dict(self) -> dict:
        return {"source": self.source, "themes": [t.to_dict() for t in self.themes], "words": list(self.words)}


def _unique(items):
    return tuple(dict.fromkeys(items))


def _compile(theme: Theme) -> re.Pattern:
    # Enumerations first (they are the longest forms), then literals longest first, so the
    # alternation takes the longest form at each position.
    alts = []
    for items in theme.enumerations:
        for perm in itertools.permutations(items):
            alts.append(_ENUM_SEP.join(re.escape(i) for i in perm))
    literals = sorted(set((theme.name, *theme.variants)), key=lambda s: (-len(s), s))
    alts += [re.escape(_fold(s)[0]) for s in literals]
    return re.compile("|".join(alts))


def _validate(themes, source: str, lines: list[int] | None) -> None:
    """Raise LexiconError for the first problem, naming the file, line and what is allowed."""

    def where(i: int) -> str:
        if lines is not None and i < len(lines):
            return f"{source}: line {lines[i]}"
        return f"{source}: theme #{i + 1}"

    if not themes:
        raise LexiconError(f"{source}: the lexicon defines no themes; add at least one [[theme]] with a name")
    names: dict[str, int] = {}
    owners: dict[str, tuple[str, int]] = {}
    for i, t in enumerate(themes):
        if not isinstance(t.name, str) or not t.name.strip():
            raise LexiconError(f"{where(i)}: theme name must be a non-empty string, got {t.name!r}")
        if t.name in names:
            raise LexiconError(
                f"{where(i)}: duplicate theme name {t.name!r} (first defined at "
                f"{where(names[t.name]).split(': ', 1)[1]}); canonical names must be unique"
            )
        names[t.name] = i
        for v in (t.name, *t.variants):
            if not isinstance(v, str) or len(_fold(v)[0]) < 2:
                raise LexiconError(
                    f"{where(i)}: variant {v!r} of theme {t.name!r} is too short; "
                    "variants must be strings of at least 2 characters"
                )
            if v in owners and owners[v][0] != t.name:
                raise LexiconError(
                    f"{where(i)}: variant {v!r} of theme {t.name!r} is already a form of theme "
                    f"{owners[v][0]!r}; a surface form may belong to one theme only"
                )
            owners[v] = (t.name, i)
        for e in t.enumerations:
            if not (2 <= len(e) <= MAX_ENUMERATION_ITEMS) or len(set(e)) != len(e):
                raise LexiconError(
                    f"{where(i)}: enumeration {list(e)!r} of theme {t.name!r} must list 2 to "
                    f"{MAX_ENUMERATION_ITEMS} different items"
                )
            for item in e:
                if not isinstance(item, str) or len(_fold(item)[0]) < 2:
                    raise LexiconError(
                        f"{where(i)}: enumeration item {item!r} of theme {t.name!r} must be a "
                        "string of at least 2 characters"
                    )


def _toml_error_line(message: str, raw: str) -> tuple[str, str]:
    if message.endswith("(at end of document)"):
        return f"line {max(1, len(raw.splitlines()))}: ", message[: -len("(at end of document)")].strip() + " at end of file"
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if not m:
        return "", message
    return f"line {m.group(1)}: ", message[: m.start()].strip() + f" at column {m.group(2)}"


def _theme_lines(raw: str) -> list[int]:
    return [n for n, line in enumerate(raw.splitlines(), 1) if re.match(r"\s*\[\[\s*theme\s*\]\]", line)]


def _str_list(value, what: str, where: str, theme: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: {what} of theme {theme!r} must be a list of strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _parse_lexicon(raw: str, source: str) -> tuple[tuple[Theme, ...], bool, tuple[str, ...]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the project runs on 3.11+, tomli is the same parser
        import tomli as tomllib
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        line, msg = _toml_error_line(str(e), raw)
        raise LexiconError(f"{source}: {line}TOML syntax error: {msg}") from None
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise LexiconError(
            f"{source}: unknown top-level key(s) {sorted(unknown)}; allowed: 'extend', 'words' and [[theme]] tables"
        )
    words = data.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and len(w.strip()) >= 2 for w in words):
        raise LexiconError(f"{source}: 'words' must be a list of strings of at least 2 characters, got {words!r}")
    words = _unique(w.strip() for w in words)
    extend = data.get("extend", False)
    if not isinstance(extend, bool):
        raise LexiconError(f"{source}: 'extend' must be true or false, got {extend!r}")
    entries = data.get("theme", [])
    if not isinstance(entries, list) or not all(isinstance(t, dict) for t in entries):
        raise LexiconError(f"{source}: 'theme' must be an array of tables written as [[theme]]")
    lines = _theme_lines(raw)
    if len(lines) != len(entries):
        lines = None  # themes written as inline tables: report their number instead

    themes = []
    for i, entry in enumerate(entries):
        where = f"{source}: line {lines[i]}" if lines else f"{source}: theme #{i + 1}"
        unknown = set(entry) - _THEME_KEYS
        if unknown:
            raise LexiconError(
                f"{where}: unknown key(s) {sorted(unknown)} in [[theme]]; allowed: {sorted(_THEME_KEYS)}"
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise LexiconError(f"{where}: every [[theme]] needs a non-empty string 'name', got {name!r}")
        name = name.strip()
        description = entry.get("description", "")
        if not isinstance(description, str):
            raise LexiconError(f"{where}: description of theme {name!r} must be a string")
        variants = _str_list(entry.get("variants", []), "variants", where, name)
        raw_enums = entry.get("enumerations", [])
        if not isinstance(raw_enums, list):
            raise LexiconError(f"{where}: enumerations of theme {name!r} must be a list of lists of strings")
        enums = tuple(_str_list(e, "each enumeration", where, name) for e in raw_enums)
        themes.append(Theme(name, _unique(variants), enums, description.strip()))
    themes = tuple(themes)
    _validate(themes, source, lines)
    return themes, extend, words


def default_lexicon() -> Lexicon:
    """The bundled lexicon (``summarizer/data/themes.toml``)."""
    raw = resources.files("summarizer").joinpath("data/themes.toml").read_text(encoding="utf-8")
    themes, _, words = _parse_lexicon(raw, "themes.toml (bundled)")
    return Lexicon(themes, source="themes.toml (bundled)", words=words)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load a TOML theme lexicon; ``None`` gives the bundled one.

    A file with ``extend = true`` at its top is merged into the bundled lexicon, otherwise it
    replaces it. Errors (unreadable file, TOML syntax, a bad or duplicate theme) raise
    :class:`LexiconError` naming the file and line.
    """
    if path is None:
        return default_lexicon()
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{p}: lexicon file not found") from None
    except UnicodeDecodeError as e:
        raise LexiconError(f"{p}: lexicon must be UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise LexiconError(f"{p}: cannot read lexicon: {e.strerror or e}") from None
    themes, extend, words = _parse_lexicon(raw, str(p))
    own = Lexicon(themes, source=str(p), words=words)
    return default_lexicon().merged(own) if extend else own


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """Stop words, one per line, ``#`` comments; ``None`` gives the bundled list."""
    if path is None:
        raw = resources.files("summarizer").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    else:
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: cannot read stop-word list: {e}") from None
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.lstrip().startswith("#"))


# ----------------------------------------------------------------------------- tokenizer


class ChineseTokenizer:
    """``text -> list[str]`` for scikit-learn: lexicon terms whole, jieba for the rest.

    Theme occurrences become one token each, their canonical name, whatever surface form
    the speaker used, so 人人有责、人人尽责、人人享有 and 共建共治共享 count as the same term.
    jieba is loaded on first use (:meth:`load` does it on demand) into a private
    ``jieba.Tokenizer``: a copy of the dictionary the process has loaded once (see
    :mod:`summarizer.dictionary`) plus the lexicon's terms; jieba's default one is never changed.
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        stopwords: Iterable[str] | None = None,
        *,
        min_chars: int = 2,
        hmm: bool = True,
        cache_size: int = 4096,
    ):
        if not isinstance(min_chars, int) or min_chars < 1:
            raise InputError(f"min_chars must be a positive integer, got {min_chars!r}")
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.stopwords = frozenset(stopwords) if stopwords is not None else load_stopwords()
        self.min_chars = min_chars
        self.hmm = hmm
        self._jieba = None
        self._names = frozenset(self.lexicon.names)
        # The same remarks are tokenized for fitting and for transforming; remember a bounded
        # number of recent texts rather than cutting them twice.
        self._cache: dict[str, tuple[str, ...]] = {}
        self._cache_size = cache_size

    def load(self) -> "ChineseTokenizer":
        """Load jieba's dictionary and add the lexicon's terms to it (once per tokenizer)."""
        if self._jieba is None:
            from .dictionary import private_tokenizer

            self._jieba = private_tokenizer(_fold(word)[0] for word in self.lexicon.terms)
        return self

    @property
    def jieba(self):
        """The private ``jieba.Tokenizer``, loaded."""
        return self.load()._jieba

    def normalize(self, text: str) -> str:
        """``text`` with every theme occurrence replaced by its canonical name, set apart by spaces.

        Overlapping occurrences of different themes (基层治理现代化) become both names.
        """
        out = []
        pos = 0
        cluster_end = -1
        for m in self.lexicon.find(text):
            if m.start >= cluster_end:
                out.append(text[pos : m.start])
                pos = m.start
            out.append(f" {m.theme} ")
            cluster_end = max(cluster_end, m.end)
            pos = max(pos, m.end)
        out.append(text[pos:])
        return "".join(out)

    def __call__(self, text: str) -> list[str]:
        cached = self._cache.get(text)
        if cached is None:
            cached = tuple(self._tokens(text))
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[text] = cached
        return list(cached)

    def clear_cache(self) -> None:
        """Forget the remembered tokenizations (for benchmarks, or to free memory)."""
        self._cache.clear()

    def _tokens(self, text: str):
        for tok in self.jieba.cut(self.normalize(text), HMM=self.hmm):
            if tok in self._names:
                yield tok
            elif len(tok) >= self.min_chars and tok not in self.stopwords and _CONTENT_RE.search(tok):
                yield tok

    def __repr__(self) -> str:
        return f"ChineseTokenizer(lexicon={self.lexicon.source!r}, stopwords={len(self.stopwords)})"


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ThemeHit:
    """One theme occurrence in a speaker's remarks; offsets index the article's text."""

    theme: str
    article: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"theme": self.theme, "article": self.article, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class ComparedSpeaker:
    """One compared document: a speaker of one article, or one name across articles."""

    key: str
    name: str
    articles: tuple[str, ...]
    remarks: int
    characters: int
    terms: int  # tokens left after stop words: 0 means nothing to compare

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "articles": list(self.articles),
            "remarks": self.remarks,
            "characters": self.characters,
            "terms": self.terms,
        }


@dataclass(frozen=True)
class TermWeight:
    term: str
    weight: float  # TF-IDF weight in the speaker's L2-normalised row
    count: int  # occurrences in the speaker's remarks

    def to_dict(self) -> dict:
        return {"term": self.term, "weight": round(self.weight, 6), "count": self.count}


@dataclass(frozen=True)
class SharedTerm:
    term: str
    speakers: tuple[str, ...]  # keys of the speakers who use it
    count: int  # occurrences over all of them

    def to_dict(self) -> dict:
        return {"term": self.term, "speakers": list(self.speakers), "count": self.count}


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


# ----------------------------------------------------------------------------- comparison


@dataclass
class _Doc:
    key: str
    name: str
    articles: list[str]
    remarks: int
    characters: int
    text_parts: list[str]
    hits: list[ThemeHit]


def read_background(paths: Iterable[str | Path]) -> list[str]:
    """Texts of a background corpus: files as given, directories for their ``*.txt`` files."""
    from .article import read_text

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.txt") if f.is_file())
            if not found:
                raise InputError(f"{p}: background directory holds no .txt files")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"{p}: background path not found; give text files or directories of .txt files")
    if not files:
        raise InputError("background corpus is empty; give at least one text file or directory")
    return [read_text(f) for f in files]


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
        for name, v in (("top_terms", top_terms), ("top_shared", top_shared)):
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise InputError(f"{name} must be a positive integer, got {v!r}")
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

    def _segmentations(self, items, labels):
        from .segment import Segmentation

        if isinstance(items, (str, Segmentation)):
            items = [items]
        items = list(items)
        if not items:
            raise InputError("nothing to compare: give at least one article text or segmentation")
        if labels is None:
            labels = [f"article {i}" for i in range(1, len(items) + 1)] if len(items) > 1 else ["article"]
        labels = [str(x) for x in labels]
        if len(labels) != len(items):
            raise InputError(f"{len(labels)} labels given for {len(items)} articles; give one label per article")
        if len(set(labels)) != len(labels):
            dup = next(x for x in labels if labels.count(x) > 1)
            raise InputError(f"article label {dup!r} is given twice; labels key the speakers and must be unique")
        out = []
        for label, item in zip(labels, items):
            if isinstance(item, str):
                from .segment import segment

                item = segment(item, name=label)
            elif not isinstance(item, Segmentation):
                raise InputError(
                    f"cannot compare a {type(item).__name__} ({label}); give article texts (str) or Segmentation objects"
                )
            out.append((label, item))
        return out

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

        ``items``: an article text, a :class:`~summarizer.segment.Segmentation`, or a sequence
        of them; texts are segmented first. ``labels`` name the articles (default
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
        theme_counts = []
        for d in docs:
            c = Counter(h.theme for h in d.hits)
            theme_counts.append(tuple(c.get(n, 0) for n in names))

        n = len(docs)
        df = Counter(term for c in counts for term in c)
        distinctive = []
        for i in range(n):
            a, b = weights.indptr[i], weights.indptr[i + 1]
            cands = [
                TermWeight(vocab[j], float(w), counts[i][vocab[j]])
                for j, w in zip(weights.indices[a:b], weights.data[a:b])
                if n < 2 or df[vocab[j]] < n
            ]
            cands.sort(key=lambda t: (-t.weight, t.term))
            distinctive.append(tuple(cands[: self.top_terms]))

        need = n // 2 + 1  # a strict majority; with one speaker nothing is "shared"
        keys = [d.key for d in docs]
        shared = [
            SharedTerm(term, tuple(k for k, c in zip(keys, counts) if term in c), sum(c[term] for c in counts))
            for term, k in df.items()
            if n >= 2 and k >= max(2, need)
        ]
        shared.sort(key=lambda s: (-len(s.speakers), -s.count, s.term))

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
            idf_documents=len(self.background) if self.background else n,
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


def _check_background(background):
    if background is None:
        return None
    if isinstance(background, (str, Path)):
        raise InputError(
            "background must be a sequence of texts (use read_background(paths) for files and directories)"
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
    texts_or_segmentations,
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
    ``background`` is a sequence of texts (see :func:`read_background`) to fit IDF on.
    """
    return Comparer(lexicon, tokenizer=tokenizer, background=background, top_terms=top_terms).compare(
        texts_or_segmentations, labels=labels, group_by_name=group_by_name
    )
