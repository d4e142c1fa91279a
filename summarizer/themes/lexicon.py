"""Theme lexicon: canonical governance themes, their surface forms, and where they occur.

A theme is a canonical name with literal surface variants and *enumerations* (items that,
listed together in any order, express the theme: 自治、法治、德治 → 三治融合). The bundled
lexicon is ``data/themes.toml``; a user lexicon replaces or extends it. A :class:`Lexicon`
is validated once, when it is built, with file and line in every error where it came from
a file.

Detection folds quotation marks and white space away (新时代“枫桥经验” → 枫桥经验) and
matches theme by theme, so one phrase can carry two themes (市域社会治理现代化 →
市域社会治理现代化 and 治理现代化). Offsets index the searched text.
"""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import InputError, LexiconError
from ..records import Record

__all__ = ["Theme", "ThemeMatch", "Lexicon", "load_lexicon", "default_lexicon", "load_stopwords", "fold"]

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
class ThemeMatch(Record):
    """One occurrence of a theme: offsets into the searched text and the text as written."""

    theme: str
    start: int
    end: int
    text: str


def fold(text: str) -> tuple[str, list[int] | None]:
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
    #: The line of each ``[[theme]]`` in ``source``, where it was read from a file: errors name it.
    lines: tuple[int, ...] | None = field(default=None, repr=False, compare=False)
    _patterns: tuple = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self):
        # The one place a lexicon is validated: read from a file or built from Theme objects.
        _validate(self.themes, self.source, self.lines)
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
        folded, index = fold(text)
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
    alts += [re.escape(fold(s)[0]) for s in literals]
    return re.compile("|".join(alts))


def _validate(themes, source: str, lines: tuple[int, ...] | None) -> None:
    """Raise LexiconError for the first problem, naming the file, line and what is allowed."""

    def where(i: int) -> str:
        if lines is not None and i < len(lines):
            return f"{source}: line {lines[i]}"
        return f"{source}: theme #{i + 1}"

    if not themes:
        raise LexiconError(f"{source}: the lexicon defines no themes; add at least one [[theme]] with a name")
    names: dict[str, int] = {}
    owners: dict[str, str] = {}
    for i, t in enumerate(themes):
        if not isinstance(t.name, str) or not t.name.strip():
            raise LexiconError(f"{where(i)}: theme name must be a non-empty string, got {t.name!r}")
        if t.name in names:
            raise LexiconError(
                f"{where(i)}: duplicate theme name {t.name!r} (first defined at "
                f"{where(names[t.name]).split(': ', 1)[1]}); canonical names must be unique"
            )
        names[t.name] = i
        _check_forms(t, where(i), owners)
        _check_enumerations(t, where(i))


def _check_forms(t: Theme, where: str, owners: dict[str, str]) -> None:
    """A theme's name and variants: long enough, and no form of another theme (``owners``)."""
    for v in (t.name, *t.variants):
        if not isinstance(v, str) or len(fold(v)[0]) < 2:
            raise LexiconError(
                f"{where}: variant {v!r} of theme {t.name!r} is too short; "
                "variants must be strings of at least 2 characters"
            )
        if v in owners and owners[v] != t.name:
            raise LexiconError(
                f"{where}: variant {v!r} of theme {t.name!r} is already a form of theme "
                f"{owners[v]!r}; a surface form may belong to one theme only"
            )
        owners[v] = t.name


def _check_enumerations(t: Theme, where: str) -> None:
    for e in t.enumerations:
        if not (2 <= len(e) <= MAX_ENUMERATION_ITEMS) or len(set(e)) != len(e):
            raise LexiconError(
                f"{where}: enumeration {list(e)!r} of theme {t.name!r} must list 2 to "
                f"{MAX_ENUMERATION_ITEMS} different items"
            )
        for item in e:
            if not isinstance(item, str) or len(fold(item)[0]) < 2:
                raise LexiconError(
                    f"{where}: enumeration item {item!r} of theme {t.name!r} must be a "
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


def _parse_lexicon(raw: str, source: str) -> tuple[Lexicon, bool]:
    """The lexicon a TOML text defines, and whether it extends the bundled one.

    Only the file's shape is checked here (keys, types); :class:`Lexicon` checks the themes.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the project runs on 3.11+, tomli is the same parser
        import tomli as tomllib
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        line, msg = _toml_error_line(str(e), raw)
        raise LexiconError(f"{source}: {line}TOML syntax error: {msg}") from None
    words, extend, entries = _top_level(data, source)
    found = _theme_lines(raw)
    # Themes written as inline tables have no [[theme]] line: errors give their number instead.
    lines = tuple(found) if len(found) == len(entries) else None
    themes = tuple(
        _theme_entry(entry, f"{source}: line {lines[i]}" if lines else f"{source}: theme #{i + 1}")
        for i, entry in enumerate(entries)
    )
    return Lexicon(themes, source=source, words=words, lines=lines or None), extend


def _top_level(data: dict, source: str) -> tuple[tuple[str, ...], bool, list[dict]]:
    """The ``words``, ``extend`` and ``[[theme]]`` entries of a lexicon file, their types checked."""
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise LexiconError(
            f"{source}: unknown top-level key(s) {sorted(unknown)}; allowed: 'extend', 'words' and [[theme]] tables"
        )
    words = data.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and len(w.strip()) >= 2 for w in words):
        raise LexiconError(f"{source}: 'words' must be a list of strings of at least 2 characters, got {words!r}")
    extend = data.get("extend", False)
    if not isinstance(extend, bool):
        raise LexiconError(f"{source}: 'extend' must be true or false, got {extend!r}")
    entries = data.get("theme", [])
    if not isinstance(entries, list) or not all(isinstance(t, dict) for t in entries):
        raise LexiconError(f"{source}: 'theme' must be an array of tables written as [[theme]]")
    return _unique(w.strip() for w in words), extend, entries


def _theme_entry(entry: dict, where: str) -> Theme:
    """One ``[[theme]]`` table as a Theme, its keys and their types checked."""
    unknown = set(entry) - _THEME_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)} in [[theme]]; allowed: {sorted(_THEME_KEYS)}")
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
    return Theme(name, _unique(variants), enums, description.strip())


def default_lexicon() -> Lexicon:
    """The bundled lexicon (``summarizer/data/themes.toml``)."""
    raw = resources.files("summarizer").joinpath("data/themes.toml").read_text(encoding="utf-8")
    return _parse_lexicon(raw, "themes.toml (bundled)")[0]


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
    own, extend = _parse_lexicon(raw, str(p))
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
