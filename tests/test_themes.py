"""Stage 4: theme lexicon, tokenization, detection and the TF-IDF comparison.

Expectations are computed by hand (TF-IDF, cosine), taken from the gold files (themes), or
are the variant and near-miss forms that real articles use.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.article import parse_article
from summarizer.cli import main
from summarizer.errors import InputError, LexiconError, NoSpeakersError, SummarizerError
from summarizer.segment import Remark, Segmentation, Speaker, segment
from summarizer.themes import (
    ChineseTokenizer,
    Comparer,
    Lexicon,
    Theme,
    compare,
    default_lexicon,
    load_lexicon,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"
GOLD_DIR = ROOT / "eval" / "data"
SEED_GOLD = GOLD_DIR / "people-2023-changchun.json"

REQUIRED = {
    "枫桥经验", "共建共治共享", "三治融合", "党建引领", "基层治理", "社会治理创新", "社会工作",
    "以人民为中心", "市域社会治理现代化", "网上社会治理", "治理现代化",
}


def gold_segmentation(path: Path) -> tuple[dict, Segmentation]:
    """A Segmentation built from a gold file: its remarks are verbatim sentences of the text."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    text = (ROOT / doc["source"]).read_text(encoding="utf-8") if doc.get("source") else doc["text"]
    speakers = []
    for s in doc["speakers"]:
        remarks = []
        for r in s["remarks"]:
            start = text.find(r)
            assert start >= 0, r
            remarks.append(Remark(r, start, start + len(r), "indirect"))
        speakers.append(Speaker(s["name"], tuple(s["titles"]), s.get("role"), tuple(remarks)))
    return doc, Segmentation(parse_article(text), tuple(speakers))


def toy_segmentation(remarks: dict[str, str]) -> Segmentation:
    """One article whose speakers say exactly the given texts, one remark each."""
    text = "".join(remarks.values())
    speakers, pos = [], 0
    for name, said in remarks.items():
        speakers.append(Speaker(name, (), None, (Remark(said, pos, pos + len(said), "direct"),)))
        pos += len(said)
    return Segmentation(parse_article(text), tuple(speakers))


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return default_lexicon()


@pytest.fixture(scope="module")
def comparer(lexicon) -> Comparer:
    return Comparer(lexicon)


@pytest.fixture(scope="module")
def tokenizer(comparer) -> ChineseTokenizer:
    return comparer.tokenizer.load()


# ----------------------------------------------------------------------------- lexicon


def test_bundled_lexicon_has_the_canonical_themes(lexicon):
    assert REQUIRED <= set(lexicon.names)
    assert lexicon.source.endswith("(bundled)")


@pytest.mark.parametrize(
    "text, themes",
    [
        ("坚持和发展新时代“枫桥经验”", {"枫桥经验"}),
        ("坚持和发展新时代'枫桥经验'", {"枫桥经验"}),
        ("推动自治、法治、德治有机结合", {"三治融合"}),
        ("自治法治德治相结合", {"三治融合"}),
        ("推动法治、德治、自治相融合", {"三治融合"}),
        ("坚持德治为先、法治为本、自治为基", {"三治融合"}),
        ("推进“三治”融合", {"三治融合"}),
        ("自治、法治和德治", {"三治融合"}),
        ("建设人人有责、人人尽责、人人享有的社会治理共同体", {"共建共治共享"}),
        ("打造共建共治共享的基层治理格局", {"共建共治共享", "基层治理"}),
        ("加强和创新社会治理", {"社会治理创新"}),
        ("坚持社会治理创新", {"社会治理创新"}),
        ("建设网上群众工作平台", {"网上社会治理"}),
        ("统筹做好网上社会治理", {"网上社会治理"}),
        ("推进国家治理体系和治理能力现代化", {"治理现代化"}),
        ("加快推进基层治理现代化", {"基层治理", "治理现代化"}),
        ("加快推进市域社会治理现代化", {"市域社会治理现代化", "治理现代化"}),
        ("推动“党建引领”与物业服务深度融合", {"党建引领"}),
        ("坚持以人民为中心的发展思想", {"以人民为中心"}),
        ("持证社会工作者从1300余人增加到4100余人", {"社会工作"}),
        ("积极创新党建引领城乡基层治理领导体制", {"党建引领", "基层治理"}),
    ],
)
def test_variant_forms_match(lexicon, text, themes):
    assert set(lexicon.themes_in(text)) == themes


@pytest.mark.parametrize(
    "text",
    [
        "深化“枫桥式公安派出所”创建",  # 枫桥 without 经验
        "枫桥路社区在老旧小区改造中探索",  # a place name
        "邻里之间共建共享的意识还比较薄弱",  # two of the three 共
        "推动多元主体共治",
        "人人有责,人人参与",  # one item of the enumeration
        "要完善村民自治制度",
        "在自治区党委的坚强领导下",
        "村民自治的关键是让村民自己的事自己定,德治的作用不可小看",  # 自治 and 德治, no 法治
        "推动依法治理向村组延伸,加强社区法治宣传教育",
        "技术不能替代面对面的群众工作",  # 群众工作 without 网上
        "城市党建与基层党建必须与时俱进、不断创新",  # 创新 alone is not 社会治理创新
        "建好党建阵地",
        "网上办理,数据共享",
    ],
)
def test_near_misses_do_not_match(lexicon, text):
    assert lexicon.themes_in(text) == []


def test_offsets_point_into_the_original_text_through_quotes(lexicon):
    text = "要在社会基层坚持和发展新时代“枫桥经验”;推动自治、法治、德治有机结合"
    hits = lexicon.find(text, offset=100)
    assert [(h.theme, h.text) for h in hits] == [("枫桥经验", "枫桥经验"), ("三治融合", "自治、法治、德治")]
    for h in hits:
        assert text[h.start - 100 : h.end - 100] == h.text


def test_gold_themes_of_every_gold_file_from_gold_remarks(lexicon):
    """On gold remarks, detected themes equal the annotated ones for every speaker of every file."""
    files = sorted(GOLD_DIR.glob("*.json"))
    assert files
    wrong = []
    for path in files:
        doc, seg = gold_segmentation(path)
        for s in doc["speakers"]:
            if s["remarks"]:
                found = lexicon.themes_in("".join(s["remarks"]))
                if set(found) != set(s["themes"]):
                    wrong.append((path.name, s["name"], found, s["themes"]))
    assert wrong == []


# ----------------------------------------------------------------------------- lexicon files


def _write(tmp_path: Path, text: str, name: str = "lex.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_empty_lexicon_is_an_error_naming_the_file(tmp_path):
    p = _write(tmp_path, "# nothing here\n")
    with pytest.raises(LexiconError, match=r"lex\.toml: the lexicon defines no themes"):
        load_lexicon(p)


def test_duplicate_canonical_name_names_both_lines(tmp_path):
    p = _write(tmp_path, '[[theme]]\nname = "甲乙"\n\n[[theme]]\nname = "丙丁"\n\n[[theme]]\nname = "甲乙"\n')
    with pytest.raises(LexiconError) as e:
        load_lexicon(p)
    assert str(e.value).startswith(f"{p}: line 7: duplicate theme name '甲乙' (first defined at line 1)")


def test_toml_syntax_error_names_the_line(tmp_path):
    p = _write(tmp_path, '[[theme]]\nname = "甲乙"\nvariants = [丙丁]\n\n[[theme]]\nname = "戊己"\n')
    with pytest.raises(LexiconError, match=r"lex\.toml: line 3: TOML syntax error: Invalid value at column 13"):
        load_lexicon(p)
    p = _write(tmp_path, '[[theme]]\nname = "甲乙"\nvariants = ["丙丁",\n')
    with pytest.raises(LexiconError, match=r"lex\.toml: line 3: TOML syntax error: .* at end of file"):
        load_lexicon(p)


@pytest.mark.parametrize(
    "body, problem",
    [
        ('[[theme]]\nname = "甲乙"\nvariant = ["丙丁"]\n', r"line 1: unknown key\(s\) \['variant'\]"),
        ('[[theme]]\nname = "甲乙"\nvariants = ["丙"]\n', r"line 1: variant '丙' of theme '甲乙' is too short"),
        ('[[theme]]\nname = "甲乙"\nvariants = "丙丁"\n', r"line 1: variants of theme '甲乙' must be a list"),
        ('[[theme]]\nname = "甲乙"\nenumerations = [["自治"]]\n', r"line 1: enumeration \['自治'\] .* 2 to 5"),
        ('[[theme]]\nname = ""\n', r"line 1: every \[\[theme\]\] needs a non-empty string 'name'"),
        ('[[theme]]\nname = "甲乙"\n[[theme]]\nname = "丙丁"\nvariants = ["甲乙"]\n',
         r"line 3: variant '甲乙' of theme '丙丁' is already a form of theme '甲乙'"),
        ('themes = []\n', r"unknown top-level key\(s\) \['themes'\]"),
    ],
)
def test_malformed_lexicon_errors(tmp_path, body, problem):
    p = _write(tmp_path, body)
    with pytest.raises(LexiconError, match=problem):
        load_lexicon(p)


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(LexiconError, match="lexicon file not found"):
        load_lexicon(tmp_path / "nope.toml")


def test_user_lexicon_replaces_or_extends(tmp_path):
    own = _write(tmp_path, '[[theme]]\nname = "接诉即办"\nvariants = ["12345热线"]\n')
    lex = load_lexicon(own)
    assert lex.names == ("接诉即办",)
    assert lex.themes_in("依托12345热线推动接诉即办") == ["接诉即办"]

    ext = _write(
        tmp_path,
        'extend = true\n[[theme]]\nname = "接诉即办"\n\n[[theme]]\nname = "枫桥经验"\nvariants = ["枫桥式"]\n',
        "ext.toml",
    )
    lex = load_lexicon(ext)
    assert lex.names[-1] == "接诉即办" and REQUIRED <= set(lex.names)
    assert lex.themes_in("深化枫桥式派出所创建") == ["枫桥经验"]  # the user's variant, added


# ----------------------------------------------------------------------------- tokenizer


def test_jieba_alone_splits_the_terms_but_our_tokenizer_keeps_them(tokenizer):
    import jieba

    plain = jieba.Tokenizer()
    assert plain.lcut("枫桥经验") == ["枫桥", "经验"]
    assert plain.lcut("共建共治共享") == ["共建", "共治", "共享"]
    assert tokenizer.jieba is not jieba.dt  # a private tokenizer, not jieba's global one
    assert tokenizer.jieba.lcut("枫桥经验") == ["枫桥经验"]
    assert tokenizer("新时代“枫桥经验”") == ["时代", "枫桥经验"]
    assert tokenizer("共建共治共享") == ["共建共治共享"]


def test_tokenizer_normalises_variants_and_drops_stop_words(tokenizer):
    assert tokenizer("要推动自治、法治、德治有机结合") == ["三治融合", "有机", "结合"]
    assert tokenizer("建设人人有责、人人尽责、人人享有的社会治理共同体") == [
        "建设", "共建共治共享", "社会治理共同体",
    ]
    # Both themes of an overlapping phrase; numbers, single characters and 表示/要 dropped.
    assert tokenizer("他表示,2023年要加快推进基层治理现代化") == ["基层治理", "治理现代化"]


def test_scikit_learn_needs_the_tokenizer():
    """Why the tokenizer is passed explicitly: the default pattern takes a Chinese run as one token."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer().fit(["坚持社会治理创新大力发展社会工作"])
    assert list(vec.get_feature_names_out()) == ["坚持社会治理创新大力发展社会工作"]


# ----------------------------------------------------------------------------- TF-IDF by hand


TOY = {"甲": "枫桥经验，群众，枫桥经验。", "乙": "群众，社会工作。", "丙": "社会工作。"}


def _idf(n: int, df: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1


def _unit(v: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / norm for k, x in v.items()}


def test_tfidf_and_cosine_against_hand_computation(comparer, tokenizer):
    seg = toy_segmentation(TOY)
    assert [tokenizer(t) for t in TOY.values()] == [["枫桥经验", "群众", "枫桥经验"], ["群众", "社会工作"], ["社会工作"]]
    # n = 3 documents; df: 枫桥经验 1, 群众 2, 社会工作 2; tf are raw counts.
    a = _unit({"枫桥经验": 2 * _idf(3, 1), "群众": 1 * _idf(3, 2)})  # 0.934702, 0.355433
    b = _unit({"群众": _idf(3, 2), "社会工作": _idf(3, 2)})  # 1/√2 each
    assert a["枫桥经验"] == pytest.approx(0.934702, abs=1e-6)

    r = comparer.compare(seg)
    assert r.keys == ("甲", "乙", "丙")
    weights = {(s.key, t.term): t.weight for s, terms in zip(r.speakers, r.distinctive) for t in terms}
    assert weights[("甲", "枫桥经验")] == pytest.approx(a["枫桥经验"])
    assert weights[("甲", "群众")] == pytest.approx(a["群众"])
    assert weights[("乙", "群众")] == pytest.approx(b["群众"])
    assert weights[("丙", "社会工作")] == pytest.approx(1.0)
    assert [t.term for t in r.distinctive[0]] == ["枫桥经验", "群众"]
    assert r.distinctive[0][0].count == 2

    ab = a["群众"] * b["群众"]  # 0.251329
    bc = b["社会工作"] * 1.0  # 0.707107
    expected = [[1.0, ab, 0.0], [ab, 1.0, bc], [0.0, bc, 1.0]]
    for got_row, want_row in zip(r.similarity_matrix, expected):
        assert got_row == pytest.approx(want_row, abs=1e-9)
    assert ab == pytest.approx(0.251329, abs=1e-6)

    # Used by 2 of 3 speakers = a majority; ties by occurrences, then by term.
    assert [(s.term, s.speakers, s.count) for s in r.shared] == [
        ("社会工作", ("乙", "丙"), 2), ("群众", ("甲", "乙"), 2),
    ]
    assert r.theme_matrix[0][r.themes.index("枫桥经验")] == 2


def test_tfidf_with_background_idf(lexicon, tokenizer):
    background = ["群众。", "群众，社会工作。", "社会工作。"]
    r = Comparer(lexicon, tokenizer=tokenizer, background=background).compare(toy_segmentation(TOY))
    # Background: N = 3, df 群众 2, 社会工作 2, 枫桥经验 0 (absent: the largest IDF).
    a = _unit({"枫桥经验": 2 * _idf(3, 0), "群众": _idf(3, 2)})
    got = {t.term: t.weight for t in r.distinctive[0]}
    assert got["枫桥经验"] == pytest.approx(a["枫桥经验"])  # 0.965476
    assert got["群众"] == pytest.approx(a["群众"])
    assert r.idf_source == "background" and r.idf_documents == 3


# ----------------------------------------------------------------------------- the seed


def test_seed_theme_matrix_equals_gold_from_segment(comparer):
    """End to end: segment() on the seed, then the speaker × theme matrix equals the gold themes."""
    doc = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    gold = {s["name"]: set(s["themes"]) for s in doc["speakers"] if s["remarks"]}
    r = comparer.compare(segment(SEED.read_text(encoding="utf-8")))
    assert {s.key: set(r.themes_of(s.key)) for s in r.speakers} == gold
    # The numbers behind the picture.
    col = r.themes.index("共建共治共享")
    assert all(row[col] == 1 for row in r.theme_matrix)
    ma = r.theme_hits[r.keys.index("马瑞民")]
    assert [h.text for h in ma if h.theme == "共建共治共享"] == ["人人有责、人人尽责、人人享有"]
    fq = r.themes.index("枫桥经验")
    assert [k for k, row in zip(r.keys, r.theme_matrix) if row[fq]] == ["马瑞民"]
    text = SEED.read_text(encoding="utf-8")
    assert all(text[h.start : h.end] == h.text for hits in r.theme_hits for h in hits)


def test_seed_from_gold_segmentation_and_to_dict(comparer):
    doc, seg = gold_segmentation(SEED_GOLD)
    r = comparer.compare(seg, labels=["seed"])
    d = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert d["theme_matrix"]["rows"] == ["陈存根", "马瑞民", "罗华", "赵明", "邵波"]
    assert d["theme_matrix"]["columns"] == list(default_lexicon().names)
    for sp in d["speakers"]:
        assert set(sp["themes"]) == set(next(s["themes"] for s in doc["speakers"] if s["name"] == sp["key"]))
    sims = d["similarity"]["values"]
    assert all(sims[i][i] == 1.0 for i in range(5))
    assert all(sims[i][j] == sims[j][i] for i in range(5) for j in range(5))
    assert d["shared_terms"][0] == {
        "term": "共建共治共享", "speakers": ["陈存根", "马瑞民", "罗华", "赵明", "邵波"], "count": 5,
    }


def test_several_articles_keyed_by_article_and_grouped_by_name(comparer):
    _, seg = gold_segmentation(SEED_GOLD)
    r = comparer.compare([seg, seg], labels=["a", "b"])
    assert r.keys[:2] == ("a/陈存根", "a/马瑞民") and len(r.keys) == 10
    i, j = r.keys.index("a/马瑞民"), r.keys.index("b/马瑞民")
    assert r.similarity[i][j] == pytest.approx(1.0)
    g = comparer.compare([seg, seg], labels=["a", "b"], group_by_name=True)
    assert g.keys == ("陈存根", "马瑞民", "罗华", "赵明", "邵波")
    assert g.speakers[1].articles == ("a", "b") and g.speakers[1].remarks == 4
    assert g.theme_matrix[0][g.themes.index("社会工作")] == 2 * r.theme_matrix[0][r.themes.index("社会工作")]


# ----------------------------------------------------------------------------- bad input


def test_speaker_with_one_character_remarks(comparer):
    r = comparer.compare(toy_segmentation({"甲": "好。", "乙": "群众，社会工作。", "丙": "社会工作，基层。"}))
    assert r.speakers[0].terms == 0 and r.distinctive[0] == ()
    assert r.similarity[0] == (None, None, None)
    assert r.similarity[1][0] is None and r.similarity[1][1] == 1.0
    assert r.similarity[1][2] == pytest.approx(r.similarity[2][1]) and 0 < r.similarity[1][2] < 1


def test_nobody_with_terms_gives_undefined_similarities(comparer):
    r = comparer.compare(toy_segmentation({"甲": "好。", "乙": "是。"}))
    assert r.similarity_matrix == [[None, None], [None, None]]
    assert r.distinctive == ((), ())


def test_single_speaker(comparer):
    r = comparer.compare(toy_segmentation({"甲": "坚持以人民为中心，服务群众。"}))
    assert r.similarity_matrix == [[1.0]]
    assert r.shared == ()
    assert r.themes_of("甲") == ["以人民为中心"]
    assert [t.term for t in r.distinctive[0]] == ["以人民为中心", "服务", "群众"]


def test_no_speakers_at_all(comparer):
    empty = Segmentation(parse_article("会议在长春举行。"), ())
    with pytest.raises(NoSpeakersError, match="no speaker with reported words in article"):
        comparer.compare(empty)
    # Among several articles, one without speakers is listed, not silently dropped.
    r = comparer.compare([empty, toy_segmentation(TOY)], labels=["empty", "toy"])
    assert r.skipped == ("empty",) and r.keys == ("toy/甲", "toy/乙", "toy/丙")


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda c: c.compare([]), "nothing to compare"),
        (lambda c: c.compare([toy_segmentation(TOY)], labels=["a", "b"]), "2 labels given for 1 articles"),
        (lambda c: c.compare([toy_segmentation(TOY)] * 2, labels=["a", "a"]), "label 'a' is given twice"),
        (lambda c: c.compare([42]), "cannot compare a int"),
        # comparison takes the segmenter's records: it never segments behind the caller's back
        (lambda c: c.compare("王明表示，要做好工作。"), "compare takes segmentations, not article text"),
        (lambda c: c.compare([toy_segmentation(TOY), "王明表示。"], labels=["a", "b"]), "b: compare takes segm"),
        (lambda c: Comparer(c.lexicon, top_terms=0), "top_terms must be a positive integer"),
        (lambda c: Comparer(c.lexicon, background=[]), "background corpus is empty"),
        (lambda c: Comparer(c.lexicon, background="bg/"), "background must be a sequence of texts"),
    ],
)
def test_bad_arguments(comparer, call, message):
    with pytest.raises(InputError, match=message):
        call(comparer)


def test_read_background(tmp_path):
    from summarizer.article import read_background

    (tmp_path / "a.txt").write_text("群众。", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("社会工作。", encoding="utf-8")
    assert read_background([tmp_path]) == ["群众。", "社会工作。"]
    with pytest.raises(InputError, match="background path not found"):
        read_background([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no .txt files"):
        read_background([tmp_path / "empty"])


def test_frames_need_pandas_or_say_so(comparer, monkeypatch):
    r = comparer.compare(toy_segmentation(TOY))
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(SummarizerError, match="pandas is not installed"):
        r.theme_frame()


def test_frames_with_pandas(comparer):
    pytest.importorskip("pandas")
    r = comparer.compare(toy_segmentation({"甲": "好。", "乙": "群众，社会工作。"}))
    f = r.similarity_frame()
    assert list(f.index) == ["甲", "乙"] and math.isnan(f.loc["甲", "乙"]) and f.loc["乙", "乙"] == 1.0
    assert r.theme_frame().loc["乙", "社会工作"] == 1


def test_library_compare_function(lexicon, tokenizer):
    r = compare(toy_segmentation(TOY), lexicon=lexicon, tokenizer=tokenizer, top_terms=1)
    assert [len(t) for t in r.distinctive] == [1, 1, 1]
    lex = Lexicon((Theme("群众工作", ("群众",)),), source="inline")
    with pytest.raises(InputError, match="different lexicon"):
        compare(toy_segmentation(TOY), lexicon=lex, tokenizer=tokenizer)


# ----------------------------------------------------------------------------- command line


def test_cli_compare_json_and_csv(tmp_path, capsys):
    assert main(["compare", str(SEED), "--format", "json", "--csv", str(tmp_path / "csv")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["articles"] == ["000_f82fa1c4dfe540c7"]
    ma = next(s for s in out["speakers"] if s["key"] == "马瑞民")
    assert "枫桥经验" in ma["themes"] and "三治融合" in ma["themes"]
    rows = (tmp_path / "csv" / "themes.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split(",")[:3] == ["speaker", "枫桥经验", "共建共治共享"]
    assert rows[2].startswith("马瑞民,1,1,1,")
    sim = (tmp_path / "csv" / "similarity.csv").read_text(encoding="utf-8").splitlines()
    assert len(sim) == 6 and sim[1].split(",")[1] == "1.000000"
    assert (tmp_path / "csv" / "distinctive_terms.csv").read_text(encoding="utf-8").startswith("speaker,rank,term")


def test_cli_compare_markdown(capsys):
    assert main(["compare", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "| 马瑞民 | 1 | 1 | 1 |" in out
    assert "共建共治共享 (人人有责、人人尽责、人人享有 @" in out
    assert "| 共建共治共享 | 5/5 |" in out


def test_cli_bad_lexicon_is_one_line(tmp_path, capsys):
    p = _write(tmp_path, '[[theme]]\nname = "甲乙"\n[[theme]]\nname = "甲乙"\n')
    assert main(["compare", str(SEED), "--lexicon", str(p)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"summarizer: error: {p}: line 3: duplicate theme name '甲乙' (first defined at line 1); " \
                  "canonical names must be unique"


def test_cli_no_speakers(tmp_path, capsys):
    p = tmp_path / "plain.txt"
    p.write_text("长春市今天天气晴朗，气温适宜。\n市民纷纷外出游玩。\n", encoding="utf-8")
    assert main(["compare", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no speaker with reported words in plain" in err


def test_importing_themes_and_plot_stays_light():
    code = (
        "import sys, summarizer, summarizer.themes, summarizer.plot\n"
        "print(sorted(m for m in ('jieba', 'sklearn', 'matplotlib', 'numpy', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_evaluate_reports_themes_f1_on_the_gold_set():
    """eval/evaluate.py's themes metric: segmenter-predicted remarks vs gold, over eval/data."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("evaluate_for_test", ROOT / "eval" / "evaluate.py")
    evaluate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = evaluate  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(evaluate)
    finally:
        del sys.modules[spec.name]
    report = evaluate.evaluate_themes(sorted(GOLD_DIR.glob("*.json")))
    assert report["overall"]["segmenter"]["f1"] >= 0.95
    assert report["overall"]["gold"]["f1"] == 1.0
    assert report["files"]["people-2023-changchun"]["segmenter"]["f1"] == 1.0


def test_traditional_article_themes_match_through_simplified_form():
    text = (
        "市委書記王建國，市長陳立群分別致辭。\n"
        "王建國在致辭中表示，要堅持和發展新時代「楓橋經驗」，推進基層治理現代化。要堅持以人民為中心。\n"
        "他強調，要推動自治、法治、德治相結合。"
    )
    from summarizer.themes import compare

    cmp = compare(segment(text))
    got = set(cmp.themes_of("王建國"))
    assert {"枫桥经验", "三治融合", "以人民为中心", "基层治理", "治理现代化"} <= got
