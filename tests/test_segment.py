"""Stage 2: speakers and their remark sentences.

The seed is checked against its gold annotation exactly; the small articles below each
isolate one construction of the genre.
"""

import json
from pathlib import Path

import pytest

import summarizer
from summarizer.metrics import split_sentences
from summarizer.segment import Segmenter, segment

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f82fa1c4dfe540c7.txt"
GOLD = json.loads((ROOT / "eval" / "data" / "people-2023-changchun.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed():
    return segment(summarizer.load_article(SEED))


def test_seed_speakers_titles_and_order_match_gold(seed):
    got = [(s.name, list(s.titles)) for s in seed.speakers]
    want = [(s["name"], s["titles"]) for s in GOLD["speakers"]]
    assert got == want


def test_seed_remark_sentences_match_gold(seed):
    for s, g in zip(seed.speakers, GOLD["speakers"]):
        assert [r.text for r in s.remarks] == g["remarks"], s.name


def test_seed_offsets_index_the_input(seed):
    text = seed.text
    for s in seed.speakers:
        for r in s.remarks:
            assert text[r.start : r.end] == r.text
            assert r.kind == "indirect"


def test_seed_no_not_speaker_is_a_speaker(seed):
    names = {s.name for s in seed.speakers}
    gold_names = {s["name"] for s in GOLD["speakers"]}
    assert names & (set(GOLD["not_speakers"]) - gold_names) == set()
    # The photographer 李洋 is listed apart from the speaker 李洋, who keeps their titles.
    li = seed.speaker("李洋")
    assert li.titles == ("北京市大兴区委社会工委委员", "二级调研员")
    assert ("李洋", "photographer") in {(p.name, p.role) for p in seed.others}
    assert {"戴俭明", "朱思雄", "凌争"} <= {p.name for p in seed.others}


def test_seed_roles(seed):
    roles = {s.name: s.role for s in seed.speakers}
    assert roles["陈存根"] == "致辞"
    assert roles["陶建群"] == "主持"
    assert roles["黄建新"] == "交流发言"
    assert roles["毛寿龙"] == "研讨"


def test_to_dict_is_plain_json(seed):
    d = seed.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["speakers"][0]["remarks"][0]["start"] == seed.speakers[0].remarks[0].start
    assert d["headline"].startswith("2023年创新党建")


def remarks(seg):
    return {s.name: [r.text for r in s.remarks] for s in seg.speakers}


def test_cue_verbs_frames_and_subjectless_continuation():
    text = (
        "会议由县委副书记周立新主持。\n"
        "县委书记孟庆和在讲话中指出，基层治理是国家治理的基石。要坚持党建引领。要做实网格。\n"
        "县长方雅琴强调，要以人民为中心。她认为，矛盾要就地化解。\n"
        "据了解，全县已建成网格320个。\n"
    )
    r = remarks(segment(text))
    assert r["周立新"] == []
    assert r["孟庆和"] == [
        "县委书记孟庆和在讲话中指出，基层治理是国家治理的基石。",
        "要坚持党建引领。",
        "要做实网格。",
    ]
    assert r["方雅琴"] == ["县长方雅琴强调，要以人民为中心。", "她认为，矛盾要就地化解。"]


@pytest.mark.parametrize("cue", ["表示", "指出", "强调", "认为", "说", "介绍", "要求", "希望", "提出", "谈到"])
def test_every_cue_verb(cue):
    text = f"市委书记石家宁{cue}，要推进市域社会治理现代化。"
    seg = segment(text)
    assert remarks(seg) == {"石家宁": [text]}


def test_cue_with_le_is_narration_not_speech():
    text = "区委书记曹文远介绍了全区基层治理做法。\n区长何冬梅指出，要加强网格建设。"
    seg = segment(text)
    assert remarks(seg) == {"曹文远": [], "何冬梅": ["区长何冬梅指出，要加强网格建设。"]}
    assert seg.speaker("曹文远").role == "介绍"


def test_pronoun_reaches_back_over_narration():
    text = (
        "市长谢维国表示，要推进网上群众工作。\n"
        "会议还通报了上半年信访工作情况。\n"
        "他强调，要坚持和发展新时代“枫桥经验”。"
    )
    r = remarks(segment(text))
    assert r == {"谢维国": ["市长谢维国表示，要推进网上群众工作。", "他强调，要坚持和发展新时代“枫桥经验”。"]}


def test_direct_quote_over_sentences_with_attribution_after():
    text = "“过去办事要跑好几趟。现在一次就办好了。”居民代表苗春燕说。\n会上，街道主任常晓东说：“我们还要再快一点。下一步要推进一网通办。”"
    seg = segment(text)
    r = remarks(seg)
    assert r["苗春燕"][:2] == ["“过去办事要跑好几趟。", "现在一次就办好了。”"]
    assert r["常晓东"] == ["会上，街道主任常晓东说：“我们还要再快一点。", "下一步要推进一网通办。”"]
    assert {x.kind for x in seg.speaker("常晓东").remarks} == {"direct"}


def test_roster_makes_speakers_without_words_and_silent_acts_do_not():
    text = (
        "会上，市委书记卢振华，市长柏青，市政协主席祁连生分别致辞。"
        "省委政法委副书记党文斌、省民政厅副厅长温雅出席会议并共同启动了试点。\n"
        "研讨环节由江州大学教授欧阳明主持，专家司马远、阿依古丽·托合提围绕网格治理进行了交流分享。"
    )
    seg = segment(text)
    assert [(s.name, s.role) for s in seg.speakers] == [
        ("卢振华", "致辞"),
        ("柏青", "致辞"),
        ("祁连生", "致辞"),
        ("欧阳明", "主持"),
        ("司马远", "研讨"),
        ("阿依古丽·托合提", "研讨"),
    ]
    assert {p.name for p in seg.others} == {"党文斌", "温雅"}
    assert seg.speaker("卢振华").titles == ("市委书记",)
    assert seg.speaker("欧阳明").titles == ("江州大学教授",)


def test_same_surname_and_short_form():
    text = (
        "县委书记王建国，县长王丽华分别讲话。\n"
        "王建国指出，要夯实基层基础。\n"
        "王县长要求，各乡镇要压实责任。"
    )
    r = remarks(segment(text))
    assert r == {"王建国": ["王建国指出，要夯实基层基础。"], "王丽华": ["王县长要求，各乡镇要压实责任。"]}


def test_titles_are_kept_when_named_bare_later_and_split_at_dunhao():
    text = "省社会工作联合会会长、省民政厅原副厅长柯明远出席并致辞。\n柯明远表示，要大力发展社会工作。"
    seg = segment(text)
    assert seg.speaker("柯明远").titles == ("省社会工作联合会会长", "省民政厅原副厅长")


def test_reporter_and_photographer_sharing_a_speaker_name():
    text = (
        "新华网\n基层治理座谈会召开\n"
        "新华社南昌5月2日电（记者黎明、苏丹）5月1日，座谈会召开。\n"
        "IMG_1\n座谈会现场。新华社记者黎明 摄\n"
        "南昌市委副书记黎明表示，要推进共建共治共享。\n"
    )
    seg = segment(text)
    assert [s.name for s in seg.speakers] == ["黎明"]
    assert seg.speaker("黎明").titles == ("南昌市委副书记",)
    assert {(p.name, p.role) for p in seg.others} >= {("黎明", "reporter"), ("苏丹", "reporter")}


def test_captions_never_make_speakers():
    text = "会议召开。\nIMG_2\n市委书记林海峰致辞。本网记者侯静 摄\n会议要求，各地要抓好落实。"
    assert segment(text).speakers == ()


def test_two_speakers_in_one_sentence_split_at_semicolon():
    text = "市长邱岚表示，要办好民生实事；副市长邬江则认为，要加强基层队伍建设。"
    seg = segment(text)
    a, b = seg.speakers
    assert (a.name, b.name) == ("邱岚", "邬江")
    assert text[a.remarks[0].start : a.remarks[0].end].endswith("；")
    assert b.remarks[0].text.startswith("副市长邬江则认为")


def test_tagger_vetoes_common_words_but_not_names():
    text = "文件指出，要加强基层治理。\n会上，贺建军表示，要抓落实。"
    assert [s.name for s in segment(text).speakers] == ["贺建军"]
    # Without the tagger the structure alone would take 文件 for a name.
    assert "文件" in [s.name for s in Segmenter(tagger=False)(text).speakers]


def test_speakerless_article_gives_empty_result():
    seg = segment("近年来，全市基层治理成效明显。据了解，全市已建成网格5000个。")
    assert seg.speakers == () and seg.speakers_with_remarks == ()


def test_every_remark_is_whole_sentences_on_gold_files():
    # Predicted remarks never cut a sentence except at a semicolon between speakers.
    for path in sorted((ROOT / "eval" / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "text" not in data:
            continue
        text = data["text"]
        bounds = {(s.start, s.end) for s in split_sentences(text)}
        for sp in segment(text).speakers:
            for r in sp.remarks:
                inside = any(a <= r.start and r.end <= b for a, b in bounds)
                assert inside, (path.name, r.text)


TRADITIONAL = """人民網>>地方頻道
基層治理座談會召開
2024年03月12日09:30 | 來源：人民網-浙江頻道
人民網杭州3月11日電（記者張曉、李華）3月11日，基層治理座談會在杭州召開。市委書記王建國，市長陳立群分別致辭。
IMG_12
座談會現場。人民網記者李華 攝
王建國在致辭中表示，要堅持和發展新時代「楓橋經驗」，推進基層治理現代化。要堅持以人民為中心。
他強調，要推動自治、法治、德治相結合。
(責編：周敏)"""


def test_traditional_article_is_analysed_in_simplified_and_reported_in_original(tmp_path):
    f = tmp_path / "big5.txt"
    f.write_bytes(TRADITIONAL.encode("big5"))
    text = summarizer.load_article(f).text
    seg = segment(text)
    assert seg.script == "traditional"
    assert [(s.name, s.titles, s.role) for s in seg.speakers] == [
        ("王建國", ("市委書記",), "致辞"),
        ("陳立群", ("市長",), "致辞"),
    ]
    wang = seg.speakers[0]
    for r in wang.remarks:
        assert text[r.start : r.end] == r.text
    assert wang.remarks[0].text.startswith("王建國在致辭中表示")
    assert "楓橋經驗" in wang.text
    assert "“枫桥经验”" in wang.normalized_text and "他强调" in wang.normalized_text
    assert {(p.name, p.role) for p in seg.others} == {
        ("張曉", "reporter"), ("李華", "reporter"), ("李華", "photographer"), ("周敏", "editor")
    }
    assert seg.article.headline == "基層治理座談會召開"


def test_simplified_article_is_not_converted():
    seg = segment("市长何冬梅指出，要加强网格建设。")
    assert seg.script == "simplified"
    assert seg.speakers[0].remarks[0].normalized is None
    assert "normalized" not in seg.to_dict()["speakers"][0]["remarks"][0]


def test_colon_then_numbered_points_over_paragraphs():
    text = "市委书记王建国指出：\n一是要抓好党建引领。二是要推进网格化管理。\n三是要做好矛盾化解。\n据了解，全市已建成网格5000个。"
    seg = segment(text)
    assert remarks(seg) == {
        "王建国": ["市委书记王建国指出：", "一是要抓好党建引领。", "二是要推进网格化管理。", "三是要做好矛盾化解。"]
    }
    assert seg.article.headline is None


def test_package_attribute_stays_the_function_after_importing_the_module():
    import importlib

    importlib.import_module("summarizer.segment")
    assert callable(summarizer.segment)
    assert summarizer.segment("市长何冬梅指出，要加强网格建设。").speakers[0].name == "何冬梅"


def test_reused_segmenter_gives_the_same_result_in_any_order():
    a = "文件指出，要加强基层治理。\n会上，贺建军表示，要抓落实。"
    b = "会议召开。\n文件要求，各地抓好落实。\n会上，贺建军说，要抓落实。"
    one = Segmenter()
    first = (one(a).to_dict(), one(b).to_dict())
    other = Segmenter()
    second = (other(b).to_dict(), other(a).to_dict())
    assert first == (second[1], second[0])


def test_descriptions_relative_clauses_and_wire_end_mark():
    text = (
        "调解员白秀英获评“金牌调解员”。这位从事调解工作18年的“老娘舅”说：“调解就是把群众的事当成自己的事。”\n"
        "参加会议的省社会科学院研究员裴立森认为，边界地区是基层治理的薄弱环节。\n"
        "在回答记者关于网格员负担的提问时，市委政法委副书记毕于坤回应说，清单以外的事项不得摊派给社区。\n"
        "对于今年的工作，省司法厅厅长周文清提出三点要求。一是建强调解组织。二是加强队伍建设。（完）"
    )
    r = remarks(segment(text))
    assert r["白秀英"] == ["这位从事调解工作18年的“老娘舅”说：“调解就是把群众的事当成自己的事。”"]
    assert r["裴立森"] == ["参加会议的省社会科学院研究员裴立森认为，边界地区是基层治理的薄弱环节。"]
    assert r["毕于坤"][0].startswith("在回答记者关于")
    assert r["周文清"] == ["对于今年的工作，省司法厅厅长周文清提出三点要求。", "一是建强调解组织。", "二是加强队伍建设。"]
    assert "关于" not in r
    seg = segment(text)
    assert seg.speaker("裴立森").titles == ("省社会科学院研究员",)


def test_quote_attributed_by_the_next_sentence_in_several_ways():
    text = (
        "“网格员就是群众身边的自家人。”赛后接受采访时，网格员符小琴这样说。她告诉记者，每天要走访20户。\n"
        "“我家住六楼，下不了楼。”居民代表钱桂英第一个发言，她说，希望社区多牵线。"
    )
    r = remarks(segment(text))
    assert r["符小琴"][0] == "“网格员就是群众身边的自家人。”"
    assert r["符小琴"][-1] == "她告诉记者，每天要走访20户。"
    assert r["钱桂英"] == ["“我家住六楼，下不了楼。”", "居民代表钱桂英第一个发言，她说，希望社区多牵线。"]


def test_questions_topic_frames_and_attribution_by_description():
    text = (
        "“一些小区的探头多年没人维护。请问有什么安排？”常委会委员孙海英率先发问。\n"
        "市公安局局长方启明回答说，明年将把老旧小区全部纳入改造。\n"
        "常委会委员罗振华关注纠纷化解。他问：“司法局如何提升调解的公信力？”\n"
        "市委书记申国强就学员如何学有所获提出四点要求。\n"
        "第一，要坚定理想信念。\n"
        "第三位发言的是社区书记杨晓清。\n"
        "南屏大学党委书记廖春燕致辞时表示，学校将组建乡村治理研究团队。"
    )
    seg = segment(text)
    r = remarks(seg)
    # The quotation is hers; the sentence that only says so carries no words of its own.
    assert r["孙海英"] == ["“一些小区的探头多年没人维护。", "请问有什么安排？”"]
    assert r["方启明"] == ["市公安局局长方启明回答说，明年将把老旧小区全部纳入改造。"]
    assert r["罗振华"] == ["他问：“司法局如何提升调解的公信力？”"]
    assert r["申国强"] == ["市委书记申国强就学员如何学有所获提出四点要求。", "第一，要坚定理想信念。"]
    assert r["廖春燕"] == ["南屏大学党委书记廖春燕致辞时表示，学校将组建乡村治理研究团队。"]
    assert seg.speaker("廖春燕").role == "致辞"
    assert "杨晓清" not in r
