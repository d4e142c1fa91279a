"""Stage 1: decoding and page clutter, on the seed and on hand-made inputs."""

from pathlib import Path

import pytest

from summarizer.article import decode_bytes, parse_article, read_text
from summarizer.errors import EncodingError, InputError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"


@pytest.fixture(scope="module")
def seed_text():
    return read_text(SEED)


def test_seed_metadata(seed_text):
    a = parse_article(seed_text)
    assert a.headline == "2023年创新党建引领城市基层治理经验分享交流暨长春现场会举办"
    assert a.published == "2023年06月28日10:14"
    assert a.source == "人民网-吉林频道"
    assert a.dateline == "人民网长春6月27日电"
    by_role = {}
    for c in a.credits:
        by_role.setdefault(c.role, set()).add(c.name)
        assert seed_text[c.start : c.end] == c.name
    assert by_role == {
        "reporter": {"马俊华", "李成伟"},
        "photographer": {"李洋", "石天蛟"},
        "editor": {"李雪晴", "刘师豪"},
    }


def test_seed_clutter_is_set_aside(seed_text):
    a = parse_article(seed_text)
    kinds = {}
    for s in a.clutter:
        kinds.setdefault(s.kind, []).append(s.text)
        assert seed_text[s.start : s.end] == s.text
    assert kinds["site"] == ["人民网", "人民网>>人民雄安网"]
    assert len(kinds["image"]) == 11 and all(t.startswith("IMG_") for t in kinds["image"])
    assert len(kinds["caption"]) == 11 and all(t.endswith("摄") for t in kinds["caption"])
    assert set(kinds["widget"]) == {"小字号", "分享让更多人看到", "返回顶部"}
    body = " ".join(p.text for p in a.paragraphs)
    for junk in ("IMG_", "摄", "责编", "返回顶部", "马俊华"):
        assert junk not in body
    # The dateline is cut off the first paragraph, which keeps its real start.
    assert a.paragraphs[0].text.startswith("6月27日,2023年")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(seed_text, encoding):
    assert decode_bytes(seed_text.encode(encoding)) == seed_text


def test_big5_traditional_text_is_detected():
    text = "市委書記王建國在會上表示，要堅持和發展新時代楓橋經驗，推進基層治理現代化。"
    assert decode_bytes(text.encode("big5")) == text


def test_full_width_and_ascii_punctuation_both_parse():
    for text in ("新华社北京3月1日电（记者张三）会议召开。", "新华社北京3月1日电(记者张三)会议召开。"):
        a = parse_article(text)
        assert a.dateline == "新华社北京3月1日电"
        assert [c.name for c in a.credits] == ["张三"]
        assert a.paragraphs[0].text == "会议召开。"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00", "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_bytes_are_refused(data, message):
    with pytest.raises(InputError, match=message):
        decode_bytes(data, "x.txt")


def test_huge_input_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes("会议召开。".encode() * 100_000)
    with pytest.raises(InputError, match="too large"):
        read_text(big)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_html_string_is_extracted_and_non_chinese_refused():
    with pytest.raises(InputError, match="no article body"):
        parse_article("<html><body><p>会议召开。</p></body></html>")
    with pytest.raises(InputError, match="no Chinese"):
        parse_article("The meeting was held.")
    with pytest.raises(EncodingError):
        decode_bytes(b"\xff\xff\xff\xff\xff\xff")


PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>基层治理座谈会召开</title>
<meta property="og:site_name" content="人民网"><meta name="publishdate" content="2024-03-12">
<script>var track = "市委书记王建国表示";</script><style>p {{ color: red }}</style></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/a">时政</a> | <a href="/b">地方</a></div>
<h1>基层治理座谈会召开</h1>
<div class="article"><p>人民网杭州3月11日电（记者张三）3月11日，基层治理座谈会在杭州召开，来自全市的基层干部参加会议。</p>
<p>市委书记王建国表示，要坚持和发展新时代“枫桥经验”，推进基层治理现代化。</p>
<p>他强调，要以人民为中心，推动共建共治共享。</p>
<div class="share">分享到：微信 微博 QQ空间</div></div>
<div class="footer">版权所有 人民网 京ICP证000000号</div></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_saved_web_page_gives_the_article_body(tmp_path, charset):
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.format(charset=charset).encode(charset))
    text = read_text(page)
    a = parse_article(text)
    assert a.headline == "基层治理座谈会召开"
    assert a.published == "2024-03-12" and a.source == "人民网"
    assert a.dateline == "人民网杭州3月11日电"
    body = "".join(p.text for p in a.paragraphs)
    assert "市委书记王建国表示" in body and "他强调" in body
    for junk in ("首页", "分享到", "版权所有", "var track", "color"):
        assert junk not in text


def test_html_without_article_body_is_refused(tmp_path):
    page = tmp_path / "nav.html"
    page.write_text("<html><body><div>首页</div><div>时政</div></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no article body"):
        read_text(page)
