"""Stage 1: read an article as people have it and set aside what is not the report.

Input is decoded without asking (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK,
Big5), then split into lines. Lines that belong to the web page rather than the report
(site names, 小字号, ``IMG_…`` placeholders, photo captions ending in 摄, (责编:…),
分享让更多人看到, 返回顶部), the headline, the date/source line and the dateline with
reporter names (新华社杭州3月5日电（记者张某、李某）) are recognised by their shape and
recorded as spans; everything else is the body. The text itself is never rewritten, so
every offset the later stages report indexes the decoded input exactly.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable

from .errors import EncodingError, InputError
from .records import Record

__all__ = [
    "MAX_BYTES",
    "MAX_HTML_BYTES",
    "looks_like_html",
    "html_to_text",
    "Span",
    "Credit",
    "Article",
    "decode_bytes",
    "read_text",
    "load_article",
    "article_from_text",
    "check_size",
    "is_traditional",
    "read_background",
    "parse_article",
    "check_text",
    "PUBLISHED_FROM",
    "PublishedDate",
    "published_date",
    "iso_date",
]

#: Inputs larger than this are refused: a news report is a few KB, and a multi-megabyte
#: file is almost always a dump or a mistake that would be slow to process for nothing.
MAX_BYTES = 1_000_000
#: Saved web pages carry scripts, styles and inline images around the article.
MAX_HTML_BYTES = 5_000_000

# The most frequent simplified characters: a correct decoding of a Chinese news text is
# dense in them, a wrong one (GB bytes read as Big5 or the reverse) is not.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物"
    "现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全"
    "表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无"
    "系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基"
    "资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取"
    "据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离"
    "华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低"
    "持音众书布复容儿须际商非验连断深难近千周委素技备半办青省列习响约支般史感劳便团往历市克"
    "何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状"
    "育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)


@dataclass(frozen=True)
class Span(Record):
    """A stretch of the input with what it was recognised as."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Credit(Record):
    """A named person credited for the page, not the event: reporter, photographer, editor."""

    name: str
    role: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """A decoded article: the original text, its metadata and where its body lies."""

    text: str
    headline: str | None = None
    published: str | None = None
    source: str | None = None
    dateline: str | None = None
    credits: tuple[Credit, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    clutter: tuple[Span, ...] = field(default=(), repr=False)
    #: Where ``published`` was read: a key of :data:`PUBLISHED_FROM`, or None without a date.
    published_from: str | None = None
    #: "simplified", or "traditional" where the article is written in traditional characters
    #: (the segmenter then matches a simplified copy; see :mod:`summarizer.segment.script`).
    script: str = "simplified"

    @property
    def captions(self) -> tuple[Span, ...]:
        return tuple(s for s in self.clutter if s.kind == "caption")

    def to_dict(self, include_text: bool = False) -> dict:
        d = {
            "headline": self.headline,
            "published": self.published,
            "published_from": self.published_from,
            "source": self.source,
            "dateline": self.dateline,
            "credits": [c.to_dict() for c in self.credits],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "clutter": [c.to_dict() for c in self.clutter],
        }
        if include_text:
            d = {"text": self.text, **d}
        return d


# Frequent characters that exist only in traditional script: enough of them marks an
# article as traditional, without loading a converter for every simplified one. (部, 域,
# 境, 源 are written alike in both scripts and must not be here: they are in every article.)
_TRADITIONAL_ONLY = frozenset(
    "們個這來時說為國會對發開經義與東車長門問間際過還進區縣鄉鎮書黨記員處幹專業實現關係體機構"
    "場務請議論讓談話標準權織導統計劃設觀點應該當頭從條單確認變歷歸總將辦幫衛產兩鄰層並萬隊爭"
    "興學習運動參與務課題組織領導幹區網絡產業環資農會議協調調處險營濟費達選舉傳統歡樂"
)
_TRADITIONAL_RE = re.compile("[" + "".join(sorted(_TRADITIONAL_ONLY)) + "]")


def is_traditional(text: str) -> bool:
    """Whether an article is written in traditional characters (enough frequent ones that
    exist only in traditional script, against all its Chinese characters)."""
    if _TRADITIONAL_RE.search(text) is None:  # the common case, decided in one scan
        return False
    trad = len(_TRADITIONAL_RE.findall(text))
    return trad >= 3 and trad * 50 >= len(_HAN.findall(text))


# ----------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, name: str = "<input>", max_bytes: int | None = MAX_BYTES) -> str:
    """Decode the bytes of a Chinese text file, detecting its encoding.

    Raises InputError for empty or oversized input and EncodingError for binary data or
    bytes that are no supported encoding.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is too large for one article (limit {max_bytes:,} bytes)"
        )
    if not data.strip():
        raise InputError(f"{name}: the input is empty")
    text = _decode(data, name)
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    if bad > max(2, len(text) // 200):
        raise EncodingError(f"{name}: looks like binary data, not text ({bad} control characters)")
    return text


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decode(data: bytes, name: str) -> str:
    """The text of ``data``: a byte-order mark decides, then NUL bytes (UTF-16 without a
    mark), then UTF-8, then the better of GB18030 and Big5 by their share of common characters."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise EncodingError(f"{name}: starts with a {enc} byte-order mark but is not {enc}: {e.reason}") from None
    if b"\x00" in data:
        # UTF-16 without BOM: one NUL in every other byte of ASCII-range text.
        for enc in ("utf-16-le", "utf-16-be"):
            text = _best_decoding(data, (enc,))
            if text is not None and _cjk_score(text) > 0.3:
                return text
        raise EncodingError(f"{name}: looks like binary data, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = _best_decoding(data, ("gb18030", "big5"))
    if best is None:
        raise EncodingError(f"{name}: not valid UTF-8, UTF-16, GB18030 or Big5 text")
    return best


def _best_decoding(data: bytes, encodings: tuple[str, ...]) -> str | None:
    """The decoding with the highest share of common Chinese characters (the first on a tie)."""
    best, best_score = None, -1.0
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _cjk_score(text)
        if score > best_score:
            best, best_score = text, score
    return best


def _cjk_score(text: str) -> float:
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


def read_text(source: str | Path | BinaryIO, max_bytes: int | None = MAX_BYTES) -> str:
    """Read and decode a file path, ``-`` for standard input, or a binary stream."""
    if hasattr(source, "read"):
        name = getattr(source, "name", "<stream>")
        data = source.read(max_bytes + 1 if max_bytes else -1)
    elif str(source) == "-":
        import sys

        name = "<stdin>"
        data = sys.stdin.buffer.read(max_bytes + 1 if max_bytes else -1)
    else:
        path = Path(source)
        name = str(path)
        if path.is_dir():
            raise InputError(f"{name}: is a directory, not a file")
        if max_bytes and path.suffix.lower() in (".html", ".htm", ".xhtml", ".shtml"):
            max_bytes = max(max_bytes, MAX_HTML_BYTES)
        try:
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1 if max_bytes else -1)
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except OSError as e:
            raise InputError(f"{name}: cannot be read ({e.strerror})") from None
    if max_bytes and len(data) > MAX_BYTES and not looks_like_html(data[:5000].decode("latin-1")):
        max_bytes = MAX_BYTES
    if max_bytes and len(data) > max_bytes:
        size = Path(source).stat().st_size if isinstance(source, (str, Path)) and str(source) != "-" else None
        what = f"{size:,} bytes" if size else f"more than {max_bytes:,} bytes"
        raise InputError(f"{name}: {what} is too large for one article (limit {max_bytes:,} bytes)")
    text = decode_bytes(data, name, max_bytes)
    if looks_like_html(text):
        text = html_to_text(text, name)
    return text


def load_article(source: str | Path | BinaryIO, name: str | None = None) -> Article:
    """An article from a file path, ``-`` (standard input) or a binary stream.

    Every input rule is applied here, once: the size limit, the encoding, a saved web page's
    article extracted, lone surrogates and text without Chinese refused, the script
    detected (:attr:`Article.script`). Raises :class:`InputError` or :class:`EncodingError`
    naming the input.
    """
    if name is None:
        name = getattr(source, "name", None) if hasattr(source, "read") else None
        name = str(name if name is not None else ("<stdin>" if str(source) == "-" else source))
    return parse_article(read_text(source), name)


def article_from_text(text: str, name: str = "<input>") -> Article:
    """An article from text already in memory (a JSONL item, a string): the rules of
    :func:`load_article`, the size limit counted in UTF-8 bytes."""
    check_size(text, name)
    return parse_article(text, name)


def check_size(text: str, name: str = "<input>") -> None:
    """Refuse text over the size limit of one article (a web page's larger one for HTML)."""
    if not isinstance(text, str):
        raise InputError(f"{name}: expected text (str), got {type(text).__name__}")
    limit = MAX_HTML_BYTES if looks_like_html(text) else MAX_BYTES
    # A character is at most 4 bytes: most texts are decided without encoding them.
    if len(text) * 4 > limit and (size := len(text.encode("utf-8", "surrogatepass"))) > limit:
        raise InputError(f"{name}: {size:,} bytes is too large for one article (limit {limit:,} bytes)")


def read_background(paths: Iterable[str | Path]) -> list[str]:
    """Texts of a background corpus (for IDF): files as given, directories for their ``*.txt`` files.

    Each file goes through :func:`read_text`, so the size, encoding and HTML rules of one
    article hold for every background document.
    """
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


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page (or fragment) rather than an article's plain text."""
    return bool(_HTML.search(text[:5000]))


def html_to_text(html: str, name: str = "<input>") -> str:
    """The article of a saved web page as plain text, headline and date line first.

    The body is found by trafilatura (navigation, scripts, share widgets and footers are
    dropped); its title, date and site name become the first two lines, in the shape
    ``parse_article`` reads. Offsets of later stages index this text, not the HTML.
    """
    try:
        import trafilatura
    except ImportError as e:
        # Name the real failure: trafilatura may be installed while a module it imports is
        # not (lxml's html.clean moved to the separate lxml_html_clean package).
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"{name}: reading HTML pages needs trafilatura, which cannot be imported: {reason} "
                         "(pip install trafilatura lxml_html_clean)") from None
    body = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False, favor_precision=True
    )
    if not body or len(_HAN.findall(body)) < 30 or not re.search(r"[。！？!?]", body):
        raise InputError(f"{name}: HTML page with no article body (no paragraphs of Chinese text found)")
    meta = trafilatura.extract_metadata(html)
    head = []
    title = (meta.title or "").strip() if meta else ""
    if title and not body.startswith(title):
        head.append(title)
    date = (meta.date or "").strip() if meta else ""
    site = (meta.sitename or "").strip() if meta else ""
    if date:
        head.append(f"{date} | 来源:{site}" if site else date)
    elif site:
        head.append(f"来源:{site}")
    return "\n".join(head + ["", body.strip()]) + "\n"


# ----------------------------------------------------------------------------- layout

_HTML = re.compile(r"<\s*(html|body|div|p|head|script|!doctype)\b", re.I)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_IMAGE = re.compile(r"^(IMG_\d+|\[?图片\]?|图\d*)$", re.I)
_PAGE_WIDGETS = re.compile(
    r"^(小字号|中字号|大字号|字号[:：]?\s*[大中小\s]*|分享让更多人看到|分享到[:：]?.*|返回顶部|打印|打印本页|关闭|关闭窗口|"
    r"【?纠错】?|【?打印】?|【?关闭】?|扫一扫.*|推荐阅读|相关新闻|点击.*查看.*|上一篇.*|下一篇.*|[（(]完[)）])$"
)
_EDITOR = re.compile(
    r"^[（(]?\s*(责编|责任编辑|编辑|校对|审核|审校|值班编辑)\s*[:：]\s*([^()（）]+?)\s*[)）]?$"
)
_DATE_SOURCE = re.compile(
    r"^(?P<date>\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)"
    r"\s*(?:[|｜丨]\s*)?(?:来源\s*[:：]\s*(?P<source>.*))?$"
)
_SOURCE_ONLY = re.compile(r"^来源\s*[:：]\s*(?P<source>.+)$")
_CAPTION = re.compile(r"^(?P<body>.*?)(?P<credit>[^。！？!?\s]*?\s*(?:记者|通讯员)?\s*[^。！？!?\s]{2,16})\s*摄\s*[)）]?$")
_DATELINE = re.compile(
    # 新华社北京3月5日电, also with a space after the agency (中新社 北京8月28日电).
    r"^(?P<line>[^\s，,。（(](?:[^\s，,。（(]| (?! )){1,23}?(?:\d{1,2}\s*月\s*\d{1,2}\s*日\s*电|讯))"
    r"\s*(?:[（(](?P<credit>[^（）()\n]{1,60})[)）])?\s*"
)
_SITE = re.compile(r"(>>|＞＞|>|＞|»)|^[\u4e00-\u9fffA-Za-z]{1,8}(网|报|社|台|频道|新闻|日报|在线)$")
_CREDIT_PREFIX = re.compile(r"^.*?(记者|通讯员|摄影|特约|见习|实习生)\s*")
_ORG_PREFIX = re.compile(r"^.*(网|社|报|台|站)(?=[\u4e00-\u9fff]{2,4}$)")


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        a, b = pos, pos + len(body)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            yield a, b
        pos += len(line)


def _split_names(s: str) -> list[str]:
    return [n for n in re.split(r"[、，,;；/\s]+", s) if n]


def _credit_names(raw: str) -> list[str]:
    names = []
    for part in re.split(r"[、，,/]+", raw.strip()):
        part = part.strip()
        part = _CREDIT_PREFIX.sub("", part)
        part = _ORG_PREFIX.sub("", part).strip()
        for piece in part.split():
            if 2 <= len(piece) <= 8:
                names.append(piece)
    return names


def _credit_spans(text: str, a: int, b: int, names: list[str], role: str) -> list[Credit]:
    out, pos = [], a
    for n in names:
        i = text.find(n, pos, b)
        if i < 0:
            continue
        out.append(Credit(n, role, i, i + len(n)))
        pos = i + len(n)
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: str, name: str = "<input>") -> str:
    """``text`` if it is a usable article text: a non-empty ``str`` of valid Unicode.

    A lone surrogate (from bytes decoded with ``surrogateescape``, or a JSON escape of half
    a pair) could be matched and sliced like any character but never written as UTF-8, so
    every report of it would fail at the end; it is refused here instead.
    """
    if not isinstance(text, str):
        raise InputError(f"{name}: expected text (str), got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{name}: the input is empty")
    bad = _SURROGATE.search(text)
    if bad:
        raise InputError(
            f"{name}: not valid Unicode text: a lone surrogate U+{ord(bad.group()):04X} at character "
            f"{bad.start()} (decode the input with errors='replace', or fix its source)"
        )
    return text


def parse_article(text: str, name: str = "<input>") -> Article:
    """Recognise headline, metadata, page clutter and body paragraphs of an article."""
    check_text(text, name)
    if looks_like_html(text):
        text = html_to_text(text, name)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise InputError(f"{name}: contains no Chinese text")
    lines = list(_lines(text))
    page = _Page(text)
    _read_body(page, lines[_read_head(page, lines):])
    page.clutter.sort(key=lambda s: s.start)
    published, published_from = page.published, "head" if page.published else None
    if published is None:
        # No date/source line under the headline: another line of the page head, or the
        # dateline with a year found elsewhere (see published_date).
        found = published_date(text, dateline=page.dateline, name=name)
        published, published_from = found.published, found.origin
    return Article(
        text=text,
        headline=page.headline,
        published=published,
        source=page.source,
        dateline=page.dateline,
        credits=tuple(page.credits),
        paragraphs=tuple(Span("paragraph", a, b, text[a:b]) for a, b in page.body),
        clutter=tuple(page.clutter),
        published_from=published_from,
        script="traditional" if is_traditional(text) else "simplified",
    )


@dataclass
class _Page:
    """What :func:`parse_article` collects while it reads the lines of a page."""

    text: str
    clutter: list[Span] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    body: list[tuple[int, int]] = field(default_factory=list)
    headline: str | None = None
    published: str | None = None
    source: str | None = None
    dateline: str | None = None


def _read_head(page: _Page, lines: list[tuple[int, int]]) -> int:
    """Headline, site names and the date/source line above the body; returns the body's first line."""
    text = page.text
    # The headline and site names sit above the date/source line when there is one.
    date_idx = next((i for i, (a, b) in enumerate(lines[:12])
                     if _DATE_SOURCE.match(text[a:b]) and (i > 0 or "来源" in text[a:b])), None)
    top = date_idx if date_idx is not None else _head_without_date(text, lines)
    for i in range(top):
        a, b = lines[i]
        s = text[a:b]
        kind = "site" if (i < top - 1 and (_SITE.search(s) or len(s) <= 8)) else "headline"
        if kind == "headline" and (page.headline is None or i == top - 1):
            page.headline = s
        page.clutter.append(Span(kind, a, b, s))
    if date_idx is None:
        return top
    a, b = lines[date_idx]
    m = _DATE_SOURCE.match(text[a:b])
    assert m is not None  # date_idx is the first line that matches
    page.published = m.group("date").strip()
    page.source = (m.group("source") or "").strip() or None
    page.clutter.append(Span("date-source", a, b, text[a:b]))
    return date_idx + 1


def _head_without_date(text: str, lines: list[tuple[int, int]]) -> int:
    """Without a date line, the short unpunctuated lines at the top (at most three: site
    names, then the headline) are the page head; how many they are."""
    top = 0
    while top < min(3, len(lines) - 1):
        a, b = lines[top]
        line = text[a:b]
        if len(line) > 60 or re.search(r"[。！？!?；;，,：:]$|[。！？!?；;，,]", line) \
                or any(p.match(line) for p in (_DATELINE, _SOURCE_ONLY, _IMAGE, _PAGE_WIDGETS)):
            break
        top += 1
    return top


def _image(page: _Page, a: int, b: int, s: str) -> bool:
    return _clutter_line(page, "image", a, b, s) if _IMAGE.match(s) else False


def _widget(page: _Page, a: int, b: int, s: str) -> bool:
    return _clutter_line(page, "widget", a, b, s) if _PAGE_WIDGETS.match(s) else False


def _editor(page: _Page, a: int, b: int, s: str) -> bool:
    m = _EDITOR.match(s) if len(s) <= 60 else None
    if m:
        page.credits += _credit_spans(page.text, a, b, _split_names(m.group(2)), "editor")
    return _clutter_line(page, "editor", a, b, s) if m else False


def _source_line(page: _Page, a: int, b: int, s: str) -> bool:
    m = _SOURCE_ONLY.match(s) if len(s) <= 60 else None
    if m:
        page.source = page.source or m.group("source").strip()
    return _clutter_line(page, "date-source", a, b, s) if m else False


def _caption(page: _Page, a: int, b: int, s: str) -> bool:
    # Cheap test first: the caption pattern backtracks badly on long paragraphs.
    is_caption = len(s) <= 120 and s.rstrip(")）").rstrip().endswith("摄")
    m = _CAPTION.match(s) if is_caption else None
    if not m or s.endswith(("。摄", "，摄")):
        return False
    ca = a + m.start("credit")
    page.credits += _credit_spans(page.text, ca, b, _credit_names(m.group("credit")), "photographer")
    return _clutter_line(page, "caption", a, b, s)


def _clutter_line(page: _Page, kind: str, a: int, b: int, s: str) -> bool:
    page.clutter.append(Span(kind, a, b, s))
    return True


#: Lines of the body that are page clutter, tried in this order: each records what it found.
_CLUTTER_LINES = (_image, _widget, _editor, _source_line, _caption)


def _read_body(page: _Page, lines: list[tuple[int, int]]) -> None:
    """Body paragraphs, with the clutter lines among them and the dateline before the first."""
    seen_body = False
    for a, b in lines:
        s = page.text[a:b]
        if any(rule(page, a, b, s) for rule in _CLUTTER_LINES):
            continue
        if not seen_body:
            a = _dateline(page, a, b, s)
            if a >= b:
                continue
        seen_body = True
        page.body.append((a, b))


def _dateline(page: _Page, a: int, b: int, s: str) -> int:
    """Where the first paragraph's text starts after its dateline (新华社北京3月5日电（记者 …）)."""
    m = _DATELINE.match(s)
    if not (m and (m.group("credit") or "电" in m.group("line"))):
        return a
    page.dateline = m.group("line")
    page.clutter.append(Span("dateline", a, a + m.end(), page.text[a : a + m.end()].rstrip()))
    if m.group("credit"):
        ca = a + m.start("credit")
        page.credits += _credit_spans(page.text, ca, a + m.end("credit"), _credit_names(m.group("credit")), "reporter")
    return a + m.end()


# ----------------------------------------------------------------------------- dates

#: Where ``Article.published`` was read (``Article.published_from``), most reliable first.
PUBLISHED_FROM = {
    "head": "the date/source line under the headline (2024年03月12日09:30 | 来源:…)",
    "date-line": "another line of the page head with a full date (发布时间：2024-04-18, 发布日期：…, "
    "淮川日报 2025年06月09日 第01版)",
    "dateline+text": "month and day from the dateline (新华社北京3月5日电), the year from that day "
    "written in full in the text",
    "dateline+name": "month and day from the dateline, the year from the file name or id (…-2019-…)",
    "dateline+year": "month and day from the dateline, the year the latest one the text names "
    "(not the end of a range or a target: 2025—2027年, 到2035年)",
}

_FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})(?!\d)"
    r"(?:\s*日)?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
_MONTH_DAY = re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_NAME_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d{2})(?!\d)")
# A year as the text names it (2025年), not where a range or a target ends (2025—2027年, 到2035年).
_TEXT_YEAR = re.compile(r"(?<![\d到至—–\-~～])(19[5-9]\d|20\d{2})\s*年")
#: Lines of the page head searched for a date line; the head ends at the first sentence.
_HEAD_LINES = 12


@dataclass(frozen=True)
class PublishedDate(Record):
    """When an article was published as far as its text tells, and where that was read."""

    date: str | None  # ISO 8601 (YYYY-MM-DD), None when no date could be read
    published: str | None  # as written; from a dateline, the ISO date it gives
    origin: str | None  # a key of PUBLISHED_FROM


def iso_date(s: str | None) -> str | None:
    """The first full date written in ``s`` (2024年03月12日, 2024-3-12, 2024.03.12) as YYYY-MM-DD,
    or None when there is none or it is no calendar date."""
    m = _FULL_DATE.search(s or "")
    return _iso(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def _iso(y: int, m: int, d: int) -> str | None:
    import datetime

    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def _head_lines(text: str):
    """The page head: the first lines, up to the first one that holds a sentence."""
    n = 0
    for a, b in _lines(text):
        line = text[a:b]
        if re.search(r"[。！？]", line) or n >= _HEAD_LINES:
            return
        n += 1
        yield line


def _is_head_date(text: str, published: str) -> bool:
    """Whether ``published`` is the date of a date/source line of the head (what parse_article reads)."""
    for a, b in itertools.islice(_lines(text), _HEAD_LINES):
        m = _DATE_SOURCE.match(text[a:b])
        if m and m.group("date").strip() == published:
            return True
    return False


def published_date(text: str, *, published: str | None = None, dateline: str | None = None,
                   name: str | None = None) -> PublishedDate:
    """The publication date of an article, and where it was read (see :data:`PUBLISHED_FROM`).

    ``published`` is the date already read from the head's date/source line, if any (kept
    when it is one and holds a calendar date); otherwise a line of the page head with a full
    date; otherwise the month and day of the ``dateline`` (新华社北京3月5日电) with the year
    from that day written in full in the text, from ``name`` (file name or id), or the latest
    year the text names. No date at all gives ``PublishedDate(None, None, None)``.
    """
    if published and _is_head_date(text, published) and iso_date(published):
        return PublishedDate(iso_date(published), published, "head")
    for line in _head_lines(text):
        m = _FULL_DATE.search(line)
        if m and _iso(int(m["y"]), int(m["m"]), int(m["d"])):
            return PublishedDate(_iso(int(m["y"]), int(m["m"]), int(m["d"])), m.group(0).strip(), "date-line")
    md = _MONTH_DAY.search(dateline or "")
    if md:
        month, day = int(md["m"]), int(md["d"])
        for year, origin in _dateline_years(text, month, day, name):
            date = _iso(year, month, day)
            if date:
                return PublishedDate(date, date, origin)
    return PublishedDate(None, None, None)


def _dateline_years(text: str, month: int, day: int, name: str | None):
    """Candidate years for a dateline's month and day, most reliable first."""
    for m in _FULL_DATE.finditer(text):
        if (int(m["m"]), int(m["d"])) == (month, day):
            yield int(m["y"]), "dateline+text"
            break
    years = _NAME_YEAR.findall(Path(name).name if name else "")
    if years:
        yield int(years[-1]), "dateline+name"
    years = [int(y) for y in _TEXT_YEAR.findall(text)]
    if years:
        yield max(years), "dateline+year"
