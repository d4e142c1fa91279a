"""Constructions of real news reports, each written anew in our own words.

The project's real-world loop (eval/README.md) found these layouts in reports from news sites;
no sentence here is taken from one. Every test states one construction and what the
segmenter must make of it: who speaks, with which titles, which sentences are theirs, and
by which rule.
"""

from __future__ import annotations

import json

import pytest

from summarizer.cli import main
from summarizer.segment import RULES, Segmenter


@pytest.fixture(scope="module")
def seg():
    return Segmenter()


def _said(result, name: str) -> list[str]:
    return [r.text for r in result.speaker(name).remarks]


def _names(result) -> list[str]:
    return [s.name for s in result.speakers]


# ----------------------------------------------------------------------------- transcripts


def test_press_conference_labels_alone_on_their_lines(seg):
    text = (
        "东川市新闻发布会实录\n"
        "东川市政府新闻办副主任、新闻发言人 许文澜：\n"
        "各位记者朋友，上午好。今天我们请到市交通局局长宋立恒先生介绍公交优化情况。\n"
        "东川市交通局局长 宋立恒：\n"
        "谢谢主持人。今年我们新开公交线路十二条。\n"
        "明年还要在城郊增设站点。\n"
        "记者：\n"
        "请问票价会调整吗？\n"
        "东川市交通局局长 宋立恒：\n"
        "票价保持不变。\n"
    )
    r = seg(text)
    assert _names(r) == ["许文澜", "宋立恒"]
    assert r.speaker("许文澜").titles == ("东川市政府新闻办副主任", "新闻发言人")
    assert _said(r, "宋立恒") == ["谢谢主持人。", "今年我们新开公交线路十二条。", "明年还要在城郊增设站点。",
                                "票价保持不变。"]
    assert all("票价会调整" not in t for s in r.speakers for t in _said(r, s.name))  # a question is nobody's
    assert {x.rule for x in r.speaker("宋立恒").remarks} == {"transcript-turn"}


def test_inline_labels_name_first_and_brackets(seg):
    text = (
        "访谈实录\n"
        "记者就乡村治理采访了青石村党支部书记方明远。\n"
        "[主持人]方书记，您好！请谈谈村里的变化。\n"
        "[方明远]大家好！这几年村里路修通了。\n"
        "我们还办起了合作社。\n"
        "[主持人]下一步有什么打算？\n"
        "[方明远]要把乡村旅游做起来。\n"
    )
    r = seg(text)
    assert _names(r) == ["方明远"]
    assert _said(r, "方明远") == ["[方明远]大家好！", "这几年村里路修通了。", "我们还办起了合作社。",
                                "[方明远]要把乡村旅游做起来。"]
    first = r.speaker("方明远").remarks[0]
    assert first.rule == "transcript-label" and r.text[first.source[0]:first.source[1]] == "方明远"


def test_a_named_interviewer_who_only_asks_is_not_a_speaker(seg):
    text = (
        "专访\n"
        "贺思齐：您当初为什么回乡创业？\n"
        "邹海川：家乡需要年轻人，我就回来了。\n"
        "贺思齐：遇到的最大困难是什么？\n"
        "邹海川：资金。后来靠合作社解决了。\n"
    )
    r = seg(text)
    assert _names(r) == ["邹海川"]
    assert [p.name for p in r.others if p.role == "提问"] == ["贺思齐"]


def test_a_roster_under_a_presenters_heading_and_a_label_without_colon(seg):
    text = (
        "发布会召开。\n"
        "发布人：\n"
        "蒋怀远 市卫生健康委主任\n"
        "孔令萱 市疾控中心副主任\n"
        "市政府新闻办主任 温若川\n"
        "女士们、先生们，大家好！欢迎出席新闻发布会。\n"
    )
    r = seg(text)
    assert _names(r) == ["蒋怀远", "孔令萱", "温若川"]
    assert r.speaker("蒋怀远").remarks == () and r.speaker("蒋怀远").role == "发布"
    assert _said(r, "温若川") == ["女士们、先生们，大家好！", "欢迎出席新闻发布会。"]


@pytest.mark.parametrize("line", ["江南：“小网格”托起“大平安”", "时间：2023年5月8日", "本报记者 林秋实"])
def test_headings_dates_and_bylines_are_not_labels(seg, line):
    text = f"会议召开。\n{line}\n市委书记周海平表示，要抓好基层治理。\n要抓落实。\n"
    r = seg(text)
    assert _names(r) == ["周海平"]
    assert _said(r, "周海平") == ["市委书记周海平表示，要抓好基层治理。", "要抓落实。"]


def test_a_label_broken_over_lines_and_the_guests_a_host_introduces(seg):
    text = (
        "海州市新闻发布会（实录）\n"
        "海州市政府新闻办今天举行新闻发布会，介绍义务教育有关情况。\n"
        "主持人\n"
        "海州市政府新闻办副主任、新闻发言人\n"
        "祁远帆\n"
        "各位记者朋友：\n"
        "大家上午好！今天我们请来了：\n"
        "市教育局副局长、一级调研员蔡明澄先生；\n"
        "市疾控中心主任医师甘若溪女士，请他们回答大家的提问。\n"
        "海州晚报记者\n"
        "请问学校的午餐补助会提高吗？\n"
    )
    r = seg(text)
    assert r.speaker("祁远帆").titles == ("海州市政府新闻办副主任", "新闻发言人")
    assert _said(r, "祁远帆")[:2] == ["各位记者朋友：", "大家上午好！"]
    assert all("午餐补助" not in t for t in _said(r, "祁远帆"))  # the reporter's label ends the turn
    for guest in ("蔡明澄", "甘若溪"):
        assert r.speaker(guest).remarks == () and r.speaker(guest).role == "答问"


def test_labels_with_bracketed_titles_outlets_and_short_forms(seg):
    text = (
        "专访实录\n"
        "驻外使节周衡远大使接受了海州晚报的专访。\n"
        "海州晚报：您怎样看待今年的合作？\n"
        "周大使：合作的基础很牢固。\n"
        "我们会继续推进。\n"
        "海州晚报：下一步有什么计划？\n"
        "周大使：要办好人文交流。\n"
        "另一场访谈：\n"
        "青禾村党支部书记谭秀屏接受了采访。\n"
        "谭秀屏（青禾村党支部书记）：各位好，欢迎来青禾村。\n"
    )
    r = seg(text)
    assert _said(r, "周衡远") == ["周大使：合作的基础很牢固。", "我们会继续推进。", "周大使：要办好人文交流。"]
    assert "周大使" not in _names(r)  # the short form resolves to the full name written before
    assert r.speaker("谭秀屏").titles == ("青禾村党支部书记",)
    assert _said(r, "谭秀屏") == ["谭秀屏（青禾村党支部书记）：各位好，欢迎来青禾村。"]


def test_a_programme_host_and_a_rare_surname_named_elsewhere(seg):
    text = (
        "节目实录\n"
        "新闻发言人笪云舒日前接受海州电视台《周末对话》节目主持人穆清和的采访。\n"
        "穆清和：今天的话题是老旧小区改造。\n"
        "笪云舒：今年全市要改造小区三百个。\n"
        "穆清和：资金从哪里来？\n"
        "笪云舒：财政和社会资本共同投入。\n"
    )
    r = seg(text)
    assert _names(r) == ["笪云舒"]  # 笪 is no listed surname; the title before it vouches
    assert _said(r, "笪云舒") == ["笪云舒：今年全市要改造小区三百个。", "笪云舒：财政和社会资本共同投入。"]
    assert all("资金从哪里来" not in t for t in _said(r, "笪云舒"))  # the host asks


# ----------------------------------------------------------------------------- names and titles


def test_a_title_after_the_name(seg):
    text = ("座谈会召开。\n江河大学教授、中科院院士黎望舒委员说，科研评价要破“五唯”。\n"
            "汪静宜教授在发言中指出，青年人才需要稳定支持。\n")
    r = seg(text)
    assert r.speaker("黎望舒").titles == ("江河大学教授", "中科院院士", "委员")
    assert r.speaker("汪静宜").titles == ("教授",)
    assert len(_said(r, "汪静宜")) == 1


def test_a_short_form_resolves_to_the_person_named_before(seg):
    text = ("培训班开班。\n市财政局局长郁长风出席并讲话。郁局长强调，要严守纪律。\n"
            "林校长表示欢迎。\n")
    r = seg(text)
    assert _said(r, "郁长风") == ["郁局长强调，要严守纪律。"]
    assert "林校长" not in _names(r)  # a short form nobody was named with is never a speaker


def test_titles_before_a_comma_and_shared_by_a_list(seg):
    text = ("会议召开。\n省委农办副主任，省农业农村厅党组成员、副厅长乔望北表示，要抓好秋粮收购。\n"
            "住鄂全国政协委员姚千帆、喻晓岚、仇怀瑾交流学习体会。\n")
    r = seg(text)
    assert r.speaker("乔望北").titles == ("省委农办副主任", "省农业农村厅党组成员", "副厅长")
    for name in ("喻晓岚", "仇怀瑾"):
        assert r.speaker(name).titles == ("住鄂全国政协委员",)


def test_rare_surnames_and_bodies_that_look_like_names(seg):
    text = "会议召开。\n全国人大代表怀振宇表示，要办好民生实事。\n市委常委、宣传部部长蓟晓棠说，要讲好故事。\n"
    r = seg(text)
    assert _names(r) == ["怀振宇", "蓟晓棠"]
    assert r.speaker("蓟晓棠").titles == ("市委常委", "宣传部部长")


def test_caption_marks_and_inviting_verbs_stay_out_of_titles(seg):
    text = ("论坛开幕。\n▲市委副书记、市长秦望川\n秦望川在致辞中表示，欢迎各位嘉宾。\n"
            "今天我们邀请到省交通厅副厅长柯千里作报告。柯千里说，交通要先行。\n")
    r = seg(text)
    assert r.speaker("秦望川").titles == ("市委副书记", "市长")
    assert r.speaker("柯千里").titles == ("省交通厅副厅长",)


def test_qualified_titles_shared_bodies_and_words_that_start_posts(seg):
    text = ("研讨会召开。\n海州研究院副院长（主持工作）颜若水说，要补齐短板。\n"
            "中共海州市委台办、海州市政府台办主任宁远舟在致辞中表示，欢迎各位来宾。\n"
            "县委常委、常务副县长柴如松，副县长黎清应邀出席并讲话。\n")
    r = seg(text)
    assert r.speaker("颜若水").titles == ("海州研究院副院长（主持工作）",)
    assert r.speaker("宁远舟").titles == ("中共海州市委台办", "海州市政府台办主任")
    assert "常务" not in _names(r) and "应邀" not in _names(r)
    assert r.speaker("柴如松").titles == ("县委常委", "常务副县长")


def test_a_two_character_name_after_a_title_and_a_name_ending_like_a_place(seg):
    text = ("部长通道开启。\n市交通局局长卢岩是第一位走到话筒前的官员。卢岩一口气回答了5个问题。\n"
            "典礼由副校长许州主持。\n")
    r = seg(text)
    assert r.speaker("卢岩").titles == ("市交通局局长",) and r.speaker("卢岩").role == "答问"
    assert r.speaker("许州").role == "主持"


# ----------------------------------------------------------------------------- speech


def test_speech_acts_reported_with_their_content(seg):
    text = ("座谈会召开。\n县委书记鲁怀安代表县委、县政府对各位企业家的到来表示热烈欢迎。\n"
            "他回顾了全县民营经济的发展历程。\n"
            "副县长钟离晓对企业的贡献给予了充分肯定。\n")
    r = seg(text)
    assert len(_said(r, "鲁怀安")) == 2
    assert [x.rule for x in r.speaker("鲁怀安").remarks] == ["subject-act", "pronoun-act"]
    assert len(_said(r, "钟离晓")) == 1


def test_a_topic_frame_is_not_a_remark(seg):
    text = "推进会召开。\n市委常委、组织部部长邹望川介绍了全市基层党建的做法。\n"
    r = seg(text)
    assert _said(r, "邹望川") == []


def test_a_quotation_paragraph_attributed_by_the_next_paragraph(seg):
    text = ("部长通道开启。\n“今年的粮食产量还会稳中有增。”\n在第二场通道上，农业农村部部长宗怀远的话让人安心。\n")
    r = seg(text)
    assert _said(r, "宗怀远")[0] == "“今年的粮食产量还会稳中有增。”"
    assert r.speaker("宗怀远").remarks[0].rule == "quote-then-speaker"


def test_a_quoted_term_is_not_a_quotation(seg):
    text = ("发布会召开。\n发言人滕远山表示，会认真研究。\n“两个市场”的问题在会上得到回应。\n"
            "提出这个问题的记者白沐风对回答感到满意。\n")
    r = seg(text)
    assert _names(r) == ["滕远山"]


def test_a_question_is_not_said_by_the_one_who_answers_it(seg):
    text = "专访\n“有人说这里会成为第二个深圳？”市长苗远航对这个问题给予了否定。他表示，城市要走自己的路。\n"
    r = seg(text)
    assert _said(r, "苗远航") == ["市长苗远航对这个问题给予了否定。", "他表示，城市要走自己的路。"]


def test_a_byline_inside_a_paragraph_ends_the_speech(seg):
    text = "会议召开。\n区长谷雨生表示，要办好实事。要抓落实。记者 林秋实\n"
    r = seg(text)
    assert _said(r, "谷雨生") == ["区长谷雨生表示，要办好实事。", "要抓落实。"]


# ----------------------------------------------------------------------------- explanation


def test_every_remark_names_a_rule_of_the_table(seg, seed_text):
    names = {r.name for r in RULES}
    r = seg(seed_text)
    for s in r.speakers:
        for x in s.remarks:
            assert x.rule in names
            for span in (x.cue, x.source):
                assert span is None or 0 <= span[0] < span[1] <= len(r.text)
    d = r.to_dict()["speakers"][0]["remarks"][0]
    assert d["rule"] == "subject-cue" and r.text[d["source"][0]:d["source"][1]] == "陈存根"


def test_cli_explain_shows_rule_source_and_cue(tmp_path, capsys, seed_text):
    f = tmp_path / "a.txt"
    f.write_text(seed_text, encoding="utf-8")
    assert main(["segment", str(f), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "rule `subject-cue` · source 「陈存根」 · cue 「在致辞中表示」" in out
    assert "rule `continuation`" in out
    assert main(["segment", str(f), "--format", "json"]) == 0
    remark = json.loads(capsys.readouterr().out)["speakers"][0]["remarks"][0]
    assert remark["rule"] == "subject-cue" and remark["cue"] == [488, 494]


def test_every_rule_name_the_reader_writes_is_in_the_table():
    # A rule name written anywhere in the segmenter but missing from RULES would leave
    # `segment --explain` pointing at an undocumented rule.
    import importlib
    import re
    from pathlib import Path

    # (summarizer.segment the attribute is the segment() function; the package is wanted)
    pkg = importlib.import_module("summarizer.segment")
    names = {r.name for r in RULES}
    used = set()
    for path in Path(pkg.__file__).parent.glob("*.py"):
        used |= set(re.findall(r'"((?:subject|pronoun|description|quote|quotation|paraphrase|act|view|'
                               r'continuation|clause|transcript)-[a-z-]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= names, sorted(used - names)


def test_a_view_framed_by_its_holder(seg):
    text = ("讨论热烈。\n在海州大学教授宋清扬看来，基层治理的关键在人。\n"
            "会议开得很及时，正如该镇镇长蒋一鸣所言，今年的任务清楚了。\n")
    r = seg(text)
    assert [x.rule for x in r.speaker("宋清扬").remarks] == ["view-frame"]
    assert _said(r, "蒋一鸣") == ["会议开得很及时，正如该镇镇长蒋一鸣所言，今年的任务清楚了。"]


def test_speech_after_a_clause_of_manner_and_a_leading_clause_with_a_person(seg):
    text = ("座谈会召开。\n教师代表严若兰结合自身经历，动情地表达了对乡村教育的热爱。\n"
            "受市长邬清远的委托，副市长饶知秋代表市政府向大家致以节日问候。\n"
            "在代表们发言后，市委书记杭望舒讲话指出，要把实事办好。\n"
            "人大代表韩北辰翻开报告第8页“办好民生实事”一节看了又看，“这一节写得实在。”\n")
    r = seg(text)
    assert [x.rule for x in r.speaker("严若兰").remarks] == ["subject-then-cue"]
    assert "邬清远" not in _names(r) and len(_said(r, "饶知秋")) == 1
    assert _said(r, "杭望舒") == ["在代表们发言后，市委书记杭望舒讲话指出，要把实事办好。"]
    assert [x.rule for x in r.speaker("韩北辰").remarks] == ["subject-quote"]


def test_a_quote_attributed_by_a_sentence_without_a_cue_verb_and_a_spaced_dateline(seg):
    text = ("中新社 海州5月6日电 (记者 程一帆)“交流让我们越走越近。”海州大学教授柳若岚接受采访时如是说。\n"
            "“大家畅所欲言，收获很大。”初次参会的海州医院副院长秦观澜感触颇深。\n")
    r = seg(text)
    assert r.article.dateline == "中新社 海州5月6日电"
    assert _said(r, "柳若岚")[0] == "“交流让我们越走越近。”"
    assert _said(r, "秦观澜")[0] == "“大家畅所欲言，收获很大。”"


def test_a_quoted_paragraph_is_not_attributed_by_a_paragraph_that_answers_it(seg):
    text = ("分组讨论。\n代表石振邦表示，要关注老城区的改造。\n"
            "“老城区还有不少棚户区。希望尽快改造。”\n"
            "在听完石振邦代表的建议后，市长冯远山说，“这件事我们正在研究。”\n")
    r = seg(text)
    assert "“老城区还有不少棚户区。" in _said(r, "石振邦")
    assert all("棚户区" not in t for t in _said(r, "冯远山"))


def test_a_transcript_whose_lines_a_page_joined_with_spaces(seg):
    # Old pages flatten an interview into one paragraph: each label follows a run of spaces.
    text = ("青禾村访谈录 简介 谭秀屏二〇〇八年回村任职，带领村民发展茶叶种植，把一个欠债的空壳村变成了远近闻名的"
            "富裕村，她的做法多次被省里的报纸介绍，也有不少外地干部专门前来学习取经。  邵明远：谭书记，您当初为什么"
            "决定回村？  谭秀屏：村里需要有人站出来。我是在这里长大的，不能看着它一直落后下去。  邵明远：最难的是什么？"
            "  谭秀屏：是让大家相信我。头两年几乎没有人愿意跟着干。\n")
    r = seg(text)
    assert _said(r, "谭秀屏") == ["谭秀屏：村里需要有人站出来。", "我是在这里长大的，不能看着它一直落后下去。",
                                "谭秀屏：是让大家相信我。", "头两年几乎没有人愿意跟着干。"]
    assert "邵明远" not in _names(r)  # every turn of his asks


def test_credits_and_signatures_close_a_turn_and_words_are_never_names(seg):
    text = (
        "校长答问\n"
        "记者：学生课外补习有必要吗？\n"
        "卢远志：没有必要。要把课堂上的时间用好。\n"
        "（记者沈一鸣 校园记者任小禾）\n"
        "——马小舟 市第五中学 E00010437\n"
        "（文：徐晴，图：刘远）\n"
        "卢远志：谢谢大家。\n"
        "另悉，市长明确表示支持；社区的王爷爷说，这是好事；熊副部长马上表示赞同。\n"
    )
    r = seg(text)
    assert _said(r, "卢远志") == ["卢远志：没有必要。", "要把课堂上的时间用好。", "卢远志：谢谢大家。"]
    for word in ("明确", "王爷爷", "熊副", "马上"):
        assert word not in _names(r)


def test_the_answer_frame_and_an_act_after_a_clause_of_what_the_subject_did(seg):
    text = ("发布会举行。\n市长胡远山的回答是：紧扣两大定位，打造六个片区。\n"
            "县委书记徐启明主持座谈会，并代表县委向老同志们致以节日的问候。\n"
            "教师代表王一舟教授用生动的语言与新生们分享了三十年教学的感悟。\n")
    r = seg(text)
    assert _said(r, "胡远山") == ["市长胡远山的回答是：紧扣两大定位，打造六个片区。"]
    assert [x.rule for x in r.speaker("徐启明").remarks] == ["subject-then-cue"]
    assert [x.rule for x in r.speaker("王一舟").remarks] == ["subject-act"]


def test_a_subject_nobody_was_introduced_as_takes_the_pronoun_after_it(seg):
    text = ("论坛开幕。\n研究生院党委书记柯望舒主持开幕式。\n"
            "苏院长首先对来宾表示热烈的欢迎。他说，科技创新离不开国际合作。\n"
            "Maurer校长感谢各方的努力。他说，交流让大家走得更近。\n")
    r = seg(text)
    assert all("国际合作" not in t and "走得更近" not in t for t in _said(r, "柯望舒"))


def test_a_live_record_with_time_stamps_and_glued_representative_titles(seg):
    text = ("记者招待会文字直播 [09:40] | [网站报道] 今天上午十时，记者招待会将在新闻发布厅举行，多位部长"
            "将就农业问题回答记者提问，各媒体记者已经陆续进入会场做好准备。 [09:56] | [蒋怀舟] 记者招待会马上"
            "开始，我先宣布几条注意事项。 [09:59] | [蒋怀舟] 请关闭手机。\n"
            "签约仪式上，签约企业代表海州市青禾新能源有限公司总经理曾远帆发言说，将尽快开工。\n"
            "社区居民王先生说，电梯装好了很方便。\n")
    r = seg(text)
    assert _said(r, "蒋怀舟") == ["[09:56] | [蒋怀舟] 记者招待会马上开始，我先宣布几条注意事项。",
                                "[09:59] | [蒋怀舟] 请关闭手机。"]
    assert r.speaker("曾远帆").titles == ("签约企业代表", "海州市青禾新能源有限公司总经理")
    assert "王先生" not in _names(r)  # never given a full name
