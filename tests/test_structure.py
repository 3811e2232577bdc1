"""Structure when parts are missing: small generated documents with exact expected outlines."""

from __future__ import annotations

import pytest

import policytext
from policytext.records import Paragraph
from policytext.structure import outline_warnings, parse_outline, split_annexes

# Synthetic fixtures (written for these tests, not real documents).
BARE_ARABIC = "1．加强理论学习。\n2．完善工作制度。\n3．强化监督检查。\n"
BARE_CN = "一、加强理论学习，全年开展集中学习12次。\n二、完善工作制度。\n三、强化监督检查。\n"
NO_HEADER = """一、总体要求
坚持稳中求进工作总基调。
（一）稳增长。扩大有效需求。
（二）促改革。深化重点领域改革。
二、主要任务
（一）抓创新。建设创新平台。
1．实施重大科技专项。
2．培育创新型企业。
（二）惠民生。办好民生实事。
"""
LIST_REPORT = """政府工作报告
各位代表：
现在，我代表市人民政府向大会报告工作。
一、2024年工作回顾
过去一年，我们主要做了以下工作。
一是稳增长。全年地区生产总值增长5%。
二是促改革。深化重点领域改革。
三是惠民生。新增就业10万人。
二、2025年工作安排
（一）扩大内需。
（二）发展新质生产力。
"""
LAW_MD = """# 中华人民共和国示例法

2020年1月1日 第十三届全国人民代表大会常务委员会第一次会议通过

2024年6月28日 第十四届全国人民代表大会常务委员会第十次会议修订

<!-- INFO END -->

## 第一章 总则

第一条 为了规范示例活动，制定本法。

第二条 本法所称示例，包括：

（一）书面示例；

（二）口头示例。

## 第二章 示例管理

### 第一节 一般规定

第三条 国务院主管部门负责全国示例管理工作。

前款规定以外的部门，在各自职责范围内负责有关工作。

### 第二节 特别规定

第四条 第三条规定的部门应当公开示例目录。

第五条 本法自2025年1月1日起施行。
"""
UNNUMBERED = """过去一年工作回顾
一年来主要做了以下工作：
（一）稳增长。全年增长5%。
（二）促改革。深化改革。
今年工作安排
（一）扩内需。实施专项行动。
（二）强创新。建设创新平台。
（三）惠民生。办好实事。
"""
WITH_ANNEX = """一、工作回顾
（一）稳增长。全年增长5%。
（二）促改革。深化改革。
二、工作安排
（一）扩内需。实施专项行动。
附件1
2025年十件民生实事
一、为老年人提供健康服务。
二、提升困难群众保障水平。
附件2 名词解释
1．“两重”：是指国家重大战略实施和重点领域安全能力建设。
2．“两新”：是指大规模设备更新和消费品以旧换新。
"""
GAPPY = """一、工作回顾
（一）稳增长。全年增长5%。
（三）惠民生。办好实事。
三、工作安排
（一）扩内需。实施专项行动。
"""

FIXTURES = {
    "bare_arabic": BARE_ARABIC, "bare_cn": BARE_CN, "no_header": NO_HEADER,
    "list_report": LIST_REPORT, "unnumbered": UNNUMBERED, "with_annex": WITH_ANNEX,
    "gappy": GAPPY,
}


def _paths(doc: policytext.Document) -> list[str]:
    return [it.path for it in doc.iter_items(deep=True)]


def test_bare_numbered_list():
    doc = policytext.read_text(BARE_ARABIC)
    assert [(s.path, s.kind) for s in doc.sections] == [("", "implicit")]
    assert _paths(doc) == ["1", "2", "3"]
    assert [it.title for it in doc.items] == ["加强理论学习", "完善工作制度", "强化监督检查"]
    assert doc.preamble == "" and doc.title is None and doc.warnings == ()


def test_bare_list_of_cn_items():
    doc = policytext.read_text(BARE_CN)
    assert _paths(doc) == ["一", "二", "三"]
    assert doc.item("一").title == "加强理论学习，全年开展集中学习12次"
    assert [it.kind for it in doc.items] == ["cn", "cn", "cn"]


def test_document_with_no_header():
    doc = policytext.read_text(NO_HEADER)
    assert doc.title is None and doc.doc_number is None and doc.preamble == ""
    assert [(s.path, s.title, s.text) for s in doc.sections] == [
        ("一", "总体要求", ""), ("二", "主要任务", "")]
    # the lead paragraph under 一、 is an item of its own, before the numbered ones
    assert _paths(doc) == ["一/¶1", "一/（一）", "一/（二）", "二/（一）", "二/（一）/1",
                           "二/（一）/2", "二/（二）"]
    assert doc.item("一/¶1").text == "坚持稳中求进工作总基调。"
    assert doc.item("二/（一）").text == (
        "抓创新。建设创新平台。\n1．实施重大科技专项。\n2．培育创新型企业。")
    assert doc.item("二/（一）/2").title == "培育创新型企业"
    assert doc.warnings == ()


def test_report_with_yishi_lists():
    doc = policytext.read_text(LIST_REPORT)
    assert doc.title == "政府工作报告"
    assert doc.recipients == ("各位代表",)
    assert doc.preamble == "现在，我代表市人民政府向大会报告工作。"
    assert _paths(doc) == ["一/¶1", "一/一是", "一/二是", "一/三是", "二/（一）", "二/（二）"]
    assert [(it.number, it.ordinal, it.kind) for it in doc.sections[0].items] == [
        (None, 1, "paragraph"), ("一是", 1, "list"), ("二是", 2, "list"), ("三是", 3, "list")]
    assert doc.item("一/二是").text == "二是促改革。深化重点领域改革。"


def test_law_markdown(tmp_path):
    path = tmp_path / "示例法(2024-06-28).md"
    path.write_text(LAW_MD, encoding="utf-8")
    doc = policytext.read(path)
    assert doc.title == "中华人民共和国示例法"
    # the 题注 (adoption, revisions) are metadata, not a preamble; the last one names the issuer
    assert doc.preamble == ""
    assert doc.kind == "law" and doc.issuer == "全国人民代表大会常务委员会"
    assert [r["event"] for r in doc.meta["revisions"]] == ["通过", "修订"]
    assert [(s.path, s.title) for s in doc.iter_sections()] == [
        ("第一章", "总则"), ("第二章", "示例管理"), ("第二章/第一节", "一般规定"),
        ("第二章/第二节", "特别规定")]
    assert _paths(doc) == ["第一章/第一条", "第一章/第二条", "第一章/第二条/（一）",
                           "第一章/第二条/（二）", "第二章/第一节/第三条", "第二章/第二节/第四条",
                           "第二章/第二节/第五条"]
    assert doc.item("第二章/第一节/第三条").text == (
        "国务院主管部门负责全国示例管理工作。\n前款规定以外的部门，在各自职责范围内负责有关工作。")
    # an article that opens by citing another is still its own article
    assert doc.item("第二章/第二节/第四条").text == "第三条规定的部门应当公开示例目录。"
    assert [(r.kind, r.text) for r in doc.removed if r.kind == "markup"] == [
        ("markup", "<!-- INFO END -->"), ("markup", "#"), ("markup", "##"), ("markup", "##"),
        ("markup", "###"), ("markup", "###")]
    assert doc.warnings == ()


def test_unnumbered_headings_become_sections():
    doc = policytext.read_text(UNNUMBERED)
    assert [(s.path, s.number, s.kind, s.title) for s in doc.sections] == [
        ("§1", None, "heading", "过去一年工作回顾"), ("§2", None, "heading", "今年工作安排")]
    assert _paths(doc) == ["§1/¶1", "§1/（一）", "§1/（二）", "§2/（一）", "§2/（二）",
                           "§2/（三）"]
    assert doc.item("§1/¶1").text == "一年来主要做了以下工作："
    assert doc.warnings == (
        "no numbered 一、 headings: 2 unnumbered headings taken as sections §1–§2",)


def test_annexes():
    doc = policytext.read_text(WITH_ANNEX)
    assert [(s.path, s.kind, s.title) for s in doc.sections] == [
        ("一", "cn", "工作回顾"), ("二", "cn", "工作安排"),
        ("附件1", "annex", "2025年十件民生实事"), ("附件2", "annex", "名词解释")]
    assert _paths(doc) == ["一/（一）", "一/（二）", "二/（一）", "附件1/一", "附件1/二",
                           "附件2/1", "附件2/2"]
    assert doc.item("附件2/2").title == "“两新”：是指大规模设备更新和消费品以旧换新"


def test_numbering_gaps_are_reported_not_invented():
    doc = policytext.read_text(GAPPY)
    assert _paths(doc) == ["一/（一）", "一/（三）", "三/（一）"]
    assert doc.warnings == ("numbering of 一、 headings skips: 一 → 三",
                            "numbering of items in 一 skips: （一） → （三）")


def test_report_without_any_heading_says_so():
    doc = policytext.read_text("2025年某市政府工作报告\n各位代表：\n今年要稳增长。\n要促改革。\n")
    assert doc.sections == ()
    assert "no 一、 section headings found (the source may have lost them)" in doc.warnings


def test_split_annexes_needs_an_outline_first():
    paras = [Paragraph(t) for t in ("附件1", "某某表", "一、内容。")]
    body, annexes = split_annexes(paras)
    assert [p.text for p in body] == ["附件1", "某某表", "一、内容。"] and annexes == []


def test_parse_outline_returns_annex_sections():
    paras = [Paragraph(t) for t in ("一、总则", "正文。", "名词解释", "1．甲：乙。")]
    preamble, sections, closing = parse_outline(paras)
    assert [(s.path, s.kind) for s in sections] == [("一", "cn"), ("名词解释", "annex")]
    assert outline_warnings(sections) == []


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_items_have_unique_paths(name):
    doc = policytext.read_text(FIXTURES[name])
    paths = _paths(doc)
    assert len(paths) == len(set(paths))


@pytest.mark.parametrize("preamble, date", [
    ("——2022年3月5日在第十三届全国人民代表大会第五次会议上\n国务院总理\n李克强", "2022-03-05"),
    ("----2025年1月15日龚正市长在上海市第十六届人民代表大会第三次会议的政府工作报告",
     "2025-01-15"),
    ("——2026年1月26日在广东省第十四届", "2026-01-26"),
    ("现在，我代表国务院，向大会报告政府工作。", None),
    ("2025年是“十四五”规划收官之年，我们在会议上部署了工作。", None),
])
def test_delivered_date(preamble, date):
    from policytext.structure import delivered_date

    assert delivered_date(preamble) == date


def test_closing_appeal_split_off():
    text = LIST_REPORT + "各位代表！\n让我们团结奋斗，再创佳绩！\n"
    doc = policytext.read_text(text)
    assert doc.closing == "各位代表！\n让我们团结奋斗，再创佳绩！"
    assert doc.item("二/（二）").text == "发展新质生产力。"
    # the closing's paragraphs are items too, in a section of their own
    assert [(s.path, s.kind) for s in doc.sections][-1] == ("closing", "closing")
    assert [(it.path, it.text) for it in doc.sections[-1].items] == [
        ("closing/¶1", "各位代表！"), ("closing/¶2", "让我们团结奋斗，再创佳绩！")]
    # 各位代表： (the salutation) and a closing long before the end are not the closing
    assert policytext.read_text(LIST_REPORT).closing == ""


THROUGH = """一、总体要求
（一）坚持稳中求进。
（二）坚持改革创新。
二、重点任务
（三）扩大有效需求。
（四）发展新质生产力。
（五）保障改善民生。
三、保障措施
（六）加强组织领导。
"""


def test_items_numbered_straight_through_sections_are_a_style_not_a_warning():
    doc = policytext.read_text(THROUGH)
    assert [it.path for it in doc.iter_items()] == [
        "一/（一）", "一/（二）", "二/（三）", "二/（四）", "二/（五）", "三/（六）"]
    assert doc.warnings == ()
    # a gap in such a sequence is still reported
    gappy = policytext.read_text(
        THROUGH.replace("（五）保障", "（七）保障").replace("（六）", "（八）"))
    assert gappy.warnings == ("numbering of items numbered through the sections skips: "
                              "（四） → （七）",)


@pytest.mark.parametrize("lead, body, joined", [
    # a bold lead sentence printed as a line of its own heads the paragraph after it
    ("这是经济实力持续提升的五年。", "地区生产总值从11.37万亿元提高到14.58万亿元，人均地区生产总值提高。", True),
    # a line that announces what follows is not a lead of the first of them
    ("做好今年政府工作，要把握好以下三点。", "第一，稳定和完善宏观经济政策。继续实施积极的财政政策。", False),
    ("主要做了以下工作：", "一年来，我们坚持稳中求进，经济运行总体平稳，发展质量稳步提升。", False),
    # an address opens a new topic; two sentences are a paragraph, not a lead
    ("各位代表！", "我们要加强政府自身建设，提高行政效能，建设人民满意的服务型政府。", False),
    ("经济运行稳中有进。就业形势稳定。", "地区生产总值增长5%，城镇新增就业149万人，物价总体平稳。", False),
    # a lead needs a paragraph to head: not one about as short as itself
    ("这是经济实力持续提升的五年。", "经济实力持续提升。", False),
])
def test_a_lead_line_is_one_item_with_the_paragraph_it_heads(lead, body, joined):
    doc = policytext.read_text(f"2026年政府工作报告\n\n一、工作回顾\n\n{lead}\n\n{body}\n")
    texts = [i.text for i in doc.items]
    assert texts == ([f"{lead}\n{body}"] if joined else [lead, body])
