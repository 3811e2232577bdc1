"""The shared grammar of policytext.patterns, one table per pattern (input → output).

The awkward rows are the point: 第一千条 and 第一千零一条 (a law past its
thousandth article), 二〇二五年 (a year in Chinese digits), 两年 (两 is 2, and no
date), 三会一课 and 十四五 (numerals that open no outline marker).
"""

from __future__ import annotations

import pytest
from txtgen import break_lines

import policytext
from policytext.model import DocNumber
from policytext.patterns import (
    RE_ENDS_FINAL,
    RE_SENTENCE_END,
    classify_marker,
    cn_to_int,
    display_width,
    find_links,
    fold,
    int_to_cn,
    is_element_start,
    is_heading_paragraph,
    is_heading_start,
    is_link_line,
    is_page_number,
    list_marker,
    parse_date,
    parse_doc_number,
    split_sentences,
    title_of,
)

# ---------------------------------------------------------------------------
# Numerals


@pytest.mark.parametrize("text, value", [
    ("一", 1), ("二", 2), ("两", 2), ("九", 9), ("十", 10), ("十一", 11), ("十二", 12),
    ("二十", 20), ("二十一", 21), ("九十九", 99), ("一百", 100), ("一百零三", 103),
    ("一百一十", 110), ("两百", 200), ("九百九十八", 998), ("九百九十九", 999),
    ("一千", 1000), ("一千零一", 1001), ("一千零二", 1002), ("一千二百六十", 1260),
    ("两千", 2000), ("一万", 10000), ("万", 10000), ("一万零一", 10001), ("两万三千", 23000),
    ("三十万", 300000), ("十万零五", 100005), ("一亿两千万", 120_000_000),
    ("二〇二五", 2025), ("二○二五", 2025), ("二Ｏ二四", 2024), ("一九九八", 1998),
    ("〇", 0), ("零", 0), ("12", 12), ("１２", 12), (" 十二 ", 12),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "三会一课", "十四五", "一二三四五x", "abc", "①", "第一"])
def test_cn_to_int_refuses_what_is_no_number(text):
    with pytest.raises(ValueError, match="not a Chinese numeral|invalid literal"):
        cn_to_int(text)


@pytest.mark.parametrize("n, text", [
    (1, "一"), (2, "二"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (999, "九百九十九"),
    (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"),
    (9999, "九千九百九十九"), (0, "0"), (10000, "10000"),
])
def test_int_to_cn(n, text):
    assert int_to_cn(n) == text


def test_int_to_cn_legal_digits():
    assert int_to_cn(15, digits="零壹贰叁肆伍陆柒捌玖", units="拾佰仟") == "拾伍"
    assert int_to_cn(1203, digits="零壹贰叁肆伍陆柒捌玖", units="拾佰仟") == "壹仟贰佰零叁"


def test_numerals_round_trip():
    assert [n for n in range(1, 10000) if cn_to_int(int_to_cn(n)) != n] == []


# ---------------------------------------------------------------------------
# Outline markers


@pytest.mark.parametrize("text, marker", [
    ("一、总体要求", ("cn", "一", 1)),
    ("十二、其他事项", ("cn", "十二", 12)),
    ("二十一、附则", ("cn", "二十一", 21)),
    ("（一）加强领导", ("paren_cn", "（一）", 1)),
    ("(三)完善机制", ("paren_cn", "（三）", 3)),
    ("（十）其他", ("paren_cn", "（十）", 10)),
    ("1．消费。", ("arabic", "1", 1)),
    ("12.投资", ("arabic", "12", 12)),
    ("3、做好宣传", ("arabic", "3", 3)),
    ("（1）内容", ("paren_arabic", "（1）", 1)),
    ("(12)时限", ("paren_arabic", "（12）", 12)),
    ("①一件具体的事。", ("circled", "①", 1)),
    ("⑳最后一件", ("circled", "⑳", 20)),
    ("第一编　总则", ("part", "第一编", 1)),
    ("第三章 附则", ("chapter", "第三章", 3)),
    ("第二节　一般规定", ("division", "第二节", 2)),
    ("第一条　为了规范……", ("article", "第一条", 1)),
    ("第十二条 本法自公布之日起施行。", ("article", "第十二条", 12)),
    ("第九百九十九条　为公共利益……", ("article", "第九百九十九条", 999)),
    ("第一千条　行为人……", ("article", "第一千条", 1000)),
    ("第一千零一条　对自然人……", ("article", "第一千零一条", 1001)),
    ("第一千二百六十条　本法自2021年1月1日起施行。", ("article", "第一千二百六十条", 1260)),
    ("第1000条 行为人……", ("article", "第1000条", 1000)),
    ("第五条", ("article", "第五条", 5)),
    ("第十二条规定的情形", None),   # a reference to an article, not one
    ("第二条第一款所列", None),
    ("第三条，", None),
    ("三会一课制度", None),
    ("十四五规划", None),
    ("十四五、十五五", None),       # numerals that are no number
    ("一是加强领导", None),         # a list point: see list_marker
    ("2025年工作安排", None),
    ("8.6个重大科技专项", None),    # a decimal, not item 8
    ("一件具体的事", None),
    ("两年内完成", None),
    ("正文。", None),
])
def test_classify_marker(text, marker):
    got = classify_marker(text)
    assert (None if got is None else (got.kind, got.number, got.ordinal)) == marker


@pytest.mark.parametrize("text, marker", [
    ("一是加强领导", ("一是", 1)), ("二是完善机制", ("二是", 2)), ("十是其他", ("十是", 10)),
    ("十二是最后", ("十二是", 12)), ("三会一课", None), ("是否", None), ("十四五是", None),
    ("一、总体", None),
])
def test_list_marker(text, marker):
    got = list_marker(text)
    assert (None if got is None else (got.number, got.ordinal)) == marker


@pytest.mark.parametrize("text, starts", [
    ("一、总体要求", True), ("　　二、主要任务", True), ("⼀、总体要求", True),  # ⼀: Kangxi 一
    ("（一）加强", True), ("(二)完善", True), ("1．消费", True), ("2.投资", True),
    ("3、宣传", True), ("（1）内容", True), ("①事", True), ("第一章 总则", True),
    ("第一千条　行为人", True), ("第一千零一条　对自然人", True), ("第1000条", True),
    ("一是加强", True), ("两是", True),
    # a line opening with 第X条 starts a new paragraph after a sentence end, even a reference
    ("第十二条规定的", True),
    ("三会一课", False), ("十四五规划", False), ("2025年", False), ("8.6个", False),
    ("正文", False), ("", False), ("一件事", False), ("第一", False), ("两年内", False),
])
def test_is_heading_start(text, starts):
    assert is_heading_start(text) is starts


@pytest.mark.parametrize("text, heading", [
    ("一、突出政治引领，彰显政治底色的“亮度”", True), ("（一）加强组织建设", True),
    ("第三章　附则", True), ("第一千章 总则", True), ("一、加强领导。", False),
    ("（一）加强领导；完善机制", False), ("1．消费", False), ("正文", False),
])
def test_is_heading_paragraph(text, heading):
    assert is_heading_paragraph(text) is heading


def _hard_wrapped(articles: list[tuple[str, str]], width: int) -> str:
    lines: list[str] = []
    for number, text in articles:
        lines += break_lines(f"{number}　{text}", width, 0)
    return "\n".join(lines) + "\n"


#: 中华人民共和国民法典 (2020) 第九百九十八条—第一千零二条, as published (an official
#: document of a state organ, excluded from copyright by Art. 5 of the Copyright Law).
CIVIL_CODE = [
    ("第九百九十八条", "认定行为人承担侵害除生命权、身体权和健康权外的人格权的民事责任，应当考虑"
     "行为人和受害人的职业、影响范围、过错程度，以及行为的目的、方式、后果等因素。"),
    ("第九百九十九条", "为公共利益实施新闻报道、舆论监督等行为的，可以合理使用民事主体的姓名、"
     "名称、肖像、个人信息等；使用不合理侵害民事主体人格权的，应当依法承担民事责任。"),
    ("第一千条", "行为人因侵害人格权承担消除影响、恢复名誉、赔礼道歉等民事责任的，应当与行为的"
     "具体方式和造成的影响范围相当。"),
    ("第一千零一条", "对自然人因婚姻家庭关系等产生的身份权利的保护，适用本法第一编、第五编和"
     "其他法律的相关规定；没有规定的，可以根据其性质参照适用本编人格权保护的有关规定。"),
    ("第一千零二条", "自然人享有生命权。自然人的生命安全和生命尊严受法律保护。任何组织或者个人"
     "不得侵害他人的生命权。"),
]


@pytest.mark.parametrize("width", range(16, 41))
def test_hard_wrapped_civil_code_keeps_its_thousandth_articles(width):
    """Wrapped with no indent shown, only the 第X条 at a line's start after a sentence
    end tells where an article begins: 第一千条 and 第一千零一条 must say so too."""
    doc = policytext.read_text(_hard_wrapped(CIVIL_CODE, width), name="civil-code.txt")
    assert [(it.number, it.ordinal, it.text) for it in doc.iter_items()] == [
        (number, cn_to_int(number[1:-1]), text) for number, text in CIVIL_CODE]
    assert doc.warnings == ("numbering of articles (条) starts at 第九百九十八条",)


# ---------------------------------------------------------------------------
# Dates, elements, 发文字号


@pytest.mark.parametrize("text, iso", [
    ("2025年4月15日", "2025-04-15"), ("2025年04月05日", "2025-04-05"),
    ("2025 年 4 月 16 日", "2025-04-16"), ("二〇二五年四月十五日", "2025-04-15"),
    ("二○二五年十二月三十一日", "2025-12-31"), ("二O二五年一月一日", "2025-01-01"),
    ("二〇二四年十月二十日", "2024-10-20"), ("一九九八年六月三十日", "1998-06-30"),
    ("——2025年1月14日在江苏省第十四届人民代表大会第三次会议上", "2025-01-14"),
    ("于2024年1月14日印发", "2024-01-14"), ("江苏省科协办公室 2025年4月16日印发", "2025-04-16"),
    ("两年内", None), ("2025年", None), ("2025年4月", None), ("4月15日", None),
    ("2025年13月1日", None), ("2025年2月32日", None), ("二〇二五年二十一月一日", None),
    ("三会一课", None), ("", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text, starts", [
    ("抄送：省委组织部", True), ("抄 送：省委组织部", True), ("主送：各学会", True),
    ("附件：1．名单", True), ("附件:名单", True),
    ("江苏省科协办公室 2025年4月16日印发", True),
    ("江苏省科协办公室二〇二五年四月十六日印发", True),
    ("附件", False), ("现将《要点》印发给你们", False), ("2025年4月16日", False), ("正文。", False),
])
def test_is_element_start(text, starts):
    assert is_element_start(text) is starts


@pytest.mark.parametrize("text, parts", [
    ("苏科协发〔2025〕8号", DocNumber("苏科协发", 2025, 8)),
    ("国发〔2024〕10号", DocNumber("国发", 2024, 10)),
    ("苏科协党〔2025〕12号", DocNumber("苏科协党", 2025, 12)),
    (" 苏政办发〔2023〕101号 ", DocNumber("苏政办发", 2023, 101)),
    ("苏科协发[2025]8号", None),        # brackets mis-mapped: repaired first (clean)
    ("苏科协发„2025‟8号", None),
    ("苏科协发〔2025〕号", None), ("〔2025〕8号", None), ("2025年8号文件", None),
])
def test_parse_doc_number(text, parts):
    assert parse_doc_number(text) == parts


# ---------------------------------------------------------------------------
# Sentences


@pytest.mark.parametrize("text, sentences", [
    ("一。二。", ("一。", "二。")),
    ("甲！乙？丙；丁", ("甲！", "乙？", "丙；", "丁")),
    ("深化“四强”党支部建设。推进。", ("深化“四强”党支部建设。", "推进。")),
    ("他说：“好。走。”然后回去。", ("他说：“好。走。”然后回去。",)),
    ("学习《关于……的通知。》精神。", ("学习《关于……的通知。》精神。",)),
    ("（一）甲；（二）乙。", ("（一）甲；", "（二）乙。")),
    ("括号（内有。句号）外。", ("括号（内有。句号）外。",)),
    ("好。”下一句。", ("好。”", "下一句。")),   # a stray closing quote stays with its sentence
    ("真的吗？！是的。", ("真的吗？！", "是的。")),
    ("第一行\n第二行。", ("第一行", "第二行。")),
    ("Latin. text! here? yes;", ("Latin. text!", "here?", "yes;")),
    ("没有句号", ("没有句号",)),
    ("  ", ()),
    ("", ()),
])
def test_split_sentences(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize("text, title", [
    ("深化“四强”党支部建设。推进。", "深化“四强”党支部建设"),
    ("加强领导！全面推进。", "加强领导！"), ("没有句号", "没有句号"), ("", ""),
])
def test_title_of(text, title):
    assert title_of(text) == title


@pytest.mark.parametrize("text, ends", [
    ("好。", True), ("好。”", True), ("好：", True), ("好；", True), ("好！）", True),
    ("好!", True), ("好…", True), ("好", False), ("好，", False), ("好、", False),
])
def test_ends_final(text, ends):
    assert bool(RE_ENDS_FINAL.search(text)) is ends


@pytest.mark.parametrize("text, ends", [
    ("好。", True), ("好？”", True), ("好!", True), ("好：", False), ("好；", False),
])
def test_sentence_end(text, ends):
    assert bool(RE_SENTENCE_END.search(text)) is ends


# ---------------------------------------------------------------------------
# Width folding


@pytest.mark.parametrize("text, folded", [
    ("ＡＢＣ１２３", "abc123"), ("ＰＭ２．５", "pm2.5"), ("⼀⼆三", "一二三"), ("（一）", "(一)"),
    ("　", " "), ("GDP", "gdp"), ("党建", "党建"), ("Ⅳ", "iv"), ("﹙一﹚", "(一)"), ("", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("text, width", [
    ("中文", 2.0), ("ab", 1.0), ("中 a", 1.5), ("…", 1.0), ("“”", 2.0), ("ＡＢ", 2.0),
    ("", 0.0), ("  \t", 0.0), ("2025年", 3.0),
])
def test_display_width(text, width):
    assert display_width(text) == width


# ---------------------------------------------------------------------------
# Page furniture


@pytest.mark.parametrize("text, number", [
    ("— 3 —", True), ("-3-", True), ("- 12 -", True), ("第3页 共8页", True), ("第 3 页", True),
    ("3/8", True), ("3 ／ 8", True), ("Page 2 of 9", True), ("page 2", True), ("12", True),
    ("2025年", False), ("一", False), ("-3", False), ("第3条", False), ("3.", False),
    ("12345", False), ("正文", False),
])
def test_is_page_number(text, number):
    assert is_page_number(text) is number


@pytest.mark.parametrize("text, links, line", [
    ("http://www.baidu.com/link?url=abc", ["http://www.baidu.com/link?url=abc"], True),
    ("  https://x.cn/a  ", ["https://x.cn/a"], True),
    ("www.example.cn", ["www.example.cn"], True),
    ("全面提升政http://w.c/a治功能", ["http://w.c/a"], False),
    ("网址：http://www.jsast.org.cn", [], False),           # the document's own reference
    ("详见 www.gov.cn", [], False),
    ("没有链接。", [], False),
])
def test_links(text, links, line):
    assert [m.group() for m in find_links(text)] == links
    assert is_link_line(text) is line
