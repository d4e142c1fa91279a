"""Plots of a comparison: real Chinese glyphs from a registered CJK font, or a clear error.

CI installs Debian's fonts-noto-cjk (.ci/run). Where no CJK font is installed (a developer
machine), the tests that draw are skipped with the reason, except under CI=true, where a
missing font is a failure: the plot must work on a fresh machine set up by .ci/run.
"""

from __future__ import annotations

import os
import struct
import warnings
from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.errors import FontError, OutputError
from summarizer.plot import SAMPLE, find_cjk_font, plot_comparison
from summarizer.segment import segment
from summarizer.themes import Comparer

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"


@pytest.fixture(scope="module")
def font():
    try:
        return find_cjk_font()
    except FontError as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide a CJK font (.ci/run installs fonts-noto-cjk): {e}")
        pytest.skip(str(e))


@pytest.fixture(scope="module")
def comparer():
    return Comparer()


@pytest.fixture(scope="module")
def seed_comparison(comparer):
    return comparer.compare(segment(SEED.read_text(encoding="utf-8")), labels=["seed"])


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_font_is_a_cjk_font_with_the_glyphs(font):
    from matplotlib import ft2font
    from matplotlib.font_manager import FontProperties, fontManager

    face = ft2font.FT2Font(font.path, face_index=font.face_index)
    charmap = face.get_charmap()
    assert all(ord(c) in charmap for c in SAMPLE + "陈存根马瑞民罗华赵明邵波枫桥共享")
    # The family name resolves, through matplotlib, to that very file and face.
    found = fontManager.findfont(FontProperties(family=font.family), fallback_to_default=False)
    assert os.path.realpath(found) == os.path.realpath(font.path)
    assert getattr(found, "face_index", font.face_index) == font.face_index


def test_seed_plot_uses_the_cjk_font_without_missing_glyphs(font, seed_comparison, tmp_path):
    import matplotlib

    out = tmp_path / "themes.png"
    rc_before = list(matplotlib.rcParams["font.family"])
    backend_before = matplotlib.get_backend()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        info = plot_comparison(seed_comparison, out)
    assert [str(w.message) for w in caught if "missing from" in str(w.message)] == []
    assert info.missing_glyphs == ()
    assert info.font == font
    width, height = _png_size(out)
    assert width > 1000 and height > 400
    # Only the duration of the drawing saw the CJK font; the user's settings are untouched.
    assert list(matplotlib.rcParams["font.family"]) == rc_before
    assert matplotlib.get_backend() == backend_before


def test_without_a_cjk_font_the_drawing_would_show_boxes(font, seed_comparison, tmp_path):
    """The control: with DejaVu Sans alone matplotlib does warn, so the warning check above bites."""
    import matplotlib
    from matplotlib.figure import Figure

    fig = Figure()
    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        warnings.simplefilter("always")
        fig.text(0.1, 0.5, seed_comparison.keys[1])
        fig.savefig(tmp_path / "boxes.png")
    assert any("missing from" in str(w.message) for w in caught)


def test_plot_with_undefined_similarity(font, comparer, tmp_path):
    from summarizer.article import parse_article
    from summarizer.segment import Remark, Segmentation, Speaker

    text = "好。坚持以人民为中心。"
    seg = Segmentation(parse_article(text), (
        Speaker("甲", remarks=(Remark("好。", 0, 2, "direct"),)),
        Speaker("乙", remarks=(Remark("坚持以人民为中心。", 2, len(text), "direct"),)),
    ))
    r = comparer.compare(seg)
    info = plot_comparison(r, tmp_path / "p.png", font=font)
    assert info.missing_glyphs == () and (tmp_path / "p.png").stat().st_size > 0


def test_explicit_font_must_have_chinese_glyphs(tmp_path):
    from matplotlib import font_manager

    dejavu = font_manager.findfont("DejaVu Sans")
    with pytest.raises(FontError, match="not a font with Chinese glyphs"):
        find_cjk_font(dejavu)
    with pytest.raises(FontError, match="font file not found"):
        find_cjk_font(tmp_path / "none.ttf")


def test_no_font_anywhere_is_a_clear_error(monkeypatch):
    import matplotlib.font_manager

    import summarizer.plot as plot

    monkeypatch.delenv("SUMMARIZER_CJK_FONT", raising=False)
    monkeypatch.setattr(plot, "_KNOWN_FONTS", ())
    monkeypatch.setattr(matplotlib.font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(FontError, match=r"no font with Chinese glyphs found .*apt-get install fonts-noto-cjk"):
        find_cjk_font()


def test_bad_plot_path(seed_comparison, tmp_path):
    with pytest.raises(OutputError, match="must be a .png file"):
        plot_comparison(seed_comparison, tmp_path / "x.jpg")
    with pytest.raises(OutputError, match="does not exist"):
        plot_comparison(seed_comparison, tmp_path / "missing" / "x.png")


def test_cli_plot(font, tmp_path, capsys):
    out = tmp_path / "themes.png"
    assert main(["compare", str(SEED), "--plot", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {out} (font: {font.family}" in err and "missing" not in err
    assert _png_size(out)[0] > 1000


def test_cli_plot_bad_font_is_one_line(tmp_path, capsys):
    assert main(["compare", str(SEED), "--plot", str(tmp_path / "t.png"), "--font", str(tmp_path / "no.ttf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("summarizer: error: ") and err.count("\n") == 1 and "font file not found" in err
