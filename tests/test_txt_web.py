"""Text saved from web pages: furniture removed and logged, body text never touched."""

from __future__ import annotations

import re

import pytest

import policytext
from policytext.clean import drop_web_furniture, looks_like_web_page
from policytext.clean.layout import join_inline_breaks
from policytext.records import Line

# A synthetic page in the shape of the provincial 2026 extractions.
PAGE = """下载
打印
全屏
收藏
【字号：
加大
还原
减小
】
2026年某省政府工作报告
——2026年1月20日在某省第十四届人民代表大会第五次会议上
来源：某省日报
时间：2026-02-09
某省省长 张三
张三代表省人民政府向大会作政府工作报告。本报记者 李四 摄
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
一、2025年工作回顾
来源于基层的创新经验要及时总结推广，下载、打印、收藏等便民服务全面上线。
时间：这一年我们争分夺秒。
（一）稳增长。空气质量持续改善，PM
2.5
浓度下降到28微克。
（二）促改革。深化改革。
各位代表！让我们团结奋斗！
相关报道：
某省干部群众热议政府工作报告
"""

FURNITURE = [
    ("下载", "web page control"), ("打印", "web page control"), ("全屏", "web page control"),
    ("收藏", "web page control"), ("【字号：", "font-size control of the web page"),
    ("加大", "font-size control of the web page"), ("还原", "font-size control of the web page"),
    ("减小", "font-size control of the web page"), ("】", "font-size control of the web page"),
    ("来源：某省日报", "来源 line of the web page"),
    ("时间：2026-02-09", "时间 line of the web page"),
    ("张三代表省人民政府向大会作政府工作报告。本报记者 李四 摄", "photo caption"),
    ("相关报道：", "page trailer after the article (related links, editor, share)"),
    ("某省干部群众热议政府工作报告",
     "page trailer after the article (related links, editor, share)"),
]


def test_web_page_furniture_removed_and_logged():
    doc = policytext.read_bytes(PAGE.encode("utf-8"), name="page.web.txt")
    assert [(r.kind, r.text, r.reason) for r in doc.removed
            if r.kind not in ("space", "line_break")] == [
        ("web_furniture", text, reason) for text, reason in FURNITURE]
    # the two breaks around the page's subscript (PM / 2.5 / 浓度…) are logged repairs
    assert [r.between for r in doc.removed if r.kind == "line_break"] == [
        ("PM", "2.5"), ("2.5", "浓度下降到28微克。")]
    assert doc.meta["web_page"] is True
    assert doc.meta["source_name"] == "某省日报" and doc.meta["published"] == "2026-02-09"
    assert doc.title == "2026年某省政府工作报告"


def test_body_paragraphs_survive():
    doc = policytext.read_bytes(PAGE.encode("utf-8"), name="page.web.txt")
    body = doc.text.splitlines()
    # paragraphs that *mention* furniture words, or start like a label, are body text
    assert "来源于基层的创新经验要及时总结推广，下载、打印、收藏等便民服务全面上线。" in body
    assert "时间：这一年我们争分夺秒。" in body
    assert doc.closing == "各位代表！让我们团结奋斗！"
    assert doc.item("一/（一）").text == "稳增长。空气质量持续改善，PM2.5浓度下降到28微克。"
    assert [s.path for s in doc.sections] == ["一", "closing"]


def test_plain_text_is_not_taken_for_a_web_page():
    text = "一、总体要求\n下载安装政务客户端。\n打印\n（一）稳增长。\n"
    lines = [Line(t) for t in text.splitlines()]
    assert not looks_like_web_page(lines)  # one lone control word is not a page
    doc = policytext.read_bytes(text.encode("utf-8"), name="x.txt")
    assert doc.removed == ()
    assert "打印" in doc.text.splitlines()


@pytest.mark.parametrize("lines, kept", [
    (["下载", "打印", "正文第一段。"], ["正文第一段。"]),
    (["【字体：", "大", "中", "小", "】", "分享：", "正文。"], ["正文。"]),
    (["来源:", "四川日报", "下载", "正文。"], ["正文。"]),
    (["2026年02月10日 07时41分", "打印", "收藏", "正文。"], ["正文。"]),
    # a bare date may be a 成文日期: kept
    (["下载", "打印", "正文。", "2026年2月10日"], ["正文。", "2026年2月10日"]),
    # the trailer is only cut when it is short and holds no heading
    (["下载", "打印", "正文。", "相关链接>>", "一、这是正文标题", "正文。"],
     ["正文。", "相关链接>>", "一、这是正文标题", "正文。"]),
])
def test_drop_web_furniture_table(lines, kept):
    out, removed, _ = drop_web_furniture([Line(t) for t in lines])
    assert [ln.text for ln in out] == kept
    assert [r.text for r in removed] == [t for t in lines if t not in kept]
    assert all(r.kind == "web_furniture" and r.reason for r in removed)


def test_web_page_meta_reads_split_labels():
    _, _, meta = drop_web_furniture([Line(t) for t in ("来源:", "四川日报", "分享：", "正文。")])
    assert meta == {"source_name": "四川日报"}


@pytest.mark.parametrize("lines, joined", [
    (["空气质量持续改善，以PM", "2.5", "浓度下降为主线。"],
     ["空气质量持续改善，以PM2.5浓度下降为主线。"]),
    (["“十五五”时期经济社会发展的", "主要目标", "是：增长5%左右。"],
     ["“十五五”时期经济社会发展的主要目标是：增长5%左右。"]),
    # a short line after a sentence end, or with a space, or a heading is no fragment
    (["正文结束。", "名词解释", "1.甲：乙。"], ["正文结束。", "名词解释", "1.甲：乙。"]),
    (["——2026年2月3日在某省人民代表大会上", "省长 张三", "各位代表："],
     ["——2026年2月3日在某省人民代表大会上", "省长 张三", "各位代表："]),
    (["附件2", "名词解释", "1.甲：乙。"], ["附件2", "名词解释", "1.甲：乙。"]),
    # a bold run longer than a subscript, with the sentence going on after it (广东 2026)
    (["2026年是开局之年。今年经济社会发展的", "主要预期目标", "是：增长5%左右。"],
     ["2026年是开局之年。今年经济社会发展的主要预期目标是：增长5%左右。"]),
    # a bold run opening its paragraph: only the break after it goes
    (["上年工作全面完成。", "主要预期目标", "是：增长5%左右。"],
     ["上年工作全面完成。", "主要预期目标是：增长5%左右。"]),
    (["今年各项工作都要", "突出重点", "，兼顾一般。"], ["今年各项工作都要突出重点，兼顾一般。"]),
    # a heading or a title with no sentence end never runs on, whatever follows it
    (["三、2026年工作安排", "主要预期目标", "是：增长5%左右。"],
     ["三、2026年工作安排", "主要预期目标是：增长5%左右。"]),
    (["三、2026年工作安排", "是年，全省上下团结奋斗。"],
     ["三、2026年工作安排", "是年，全省上下团结奋斗。"]),
    (["（一）久久为功推动大湾区建设，打造城市群。", "是：增长。"],
     ["（一）久久为功推动大湾区建设，打造城市群。", "是：增长。"]),
    (["某省政府工作报告", "的说明", "是：增长。"], ["某省政府工作报告", "的说明是：增长。"]),
    (["政府工作报告", "——2026年1月26日在广东省第十四届", "人民代表大会第五次会议上",
      "广东省省长 孟凡利"],
     ["政府工作报告", "——2026年1月26日在广东省第十四届", "人民代表大会第五次会议上",
      "广东省省长 孟凡利"]),
    # a line longer than a bold run, or one before a line that may open a paragraph
    (["今年经济社会发展的", "主要预期目标和十四个方面重点任务", "是：增长5%左右。"],
     ["今年经济社会发展的", "主要预期目标和十四个方面重点任务是：增长5%左右。"]),
    (["今年经济社会发展的", "主要预期目标", "是否实现取决于落实。"],
     ["今年经济社会发展的", "主要预期目标", "是否实现取决于落实。"]),
    (["今年经济社会发展的", "主要预期目标", "的确，困难不少。"],
     ["今年经济社会发展的", "主要预期目标", "的确，困难不少。"]),
])
def test_join_inline_breaks(lines, joined):
    out, _ = join_inline_breaks([Line(t, full=False) for t in lines])
    doc_text = policytext.clean.join_lines(out)
    assert [p.text for p in doc_text] == joined


def test_join_inline_breaks_logs_each_break():
    lines = [Line(t, page=1, full=False)
             for t in ("今年经济社会发展的", "主要预期目标", "是：增长5%左右。")]
    _, removed = join_inline_breaks(lines)
    assert [(r.kind, r.text, r.page, r.between) for r in removed] == [
        ("line_break", "\n", 1, ("今年经济社会发展的", "主要预期目标")),
        ("line_break", "\n", 1, ("主要预期目标", "是："))]
    assert all("inline element (主要预期目标)" in r.reason for r in removed)


def test_join_inline_breaks_logs_only_what_it_changes():
    # a wrapped line that ran to the margin was joined anyway: nothing to log for it
    lines = [Line("今年经济社会发展的", full=True), Line("主要预期目标", full=False),
             Line("是：增长5%左右。", full=False)]
    out, removed = join_inline_breaks(lines)
    assert [p.text for p in policytext.clean.join_lines(out)] == [
        "今年经济社会发展的主要预期目标是：增长5%左右。"]
    assert [r.between for r in removed] == [("主要预期目标", "是：")]


def _saved_page(html: str) -> str:
    """The text a browser saves from a page of ``<p>`` paragraphs: every inline element
    (``<b>``, ``<em>``, ``<sub>``) on a line of its own, as the provincial 2026 copies are."""
    out = []
    for para in re.findall(r"<p>(.*?)</p>", html, re.S):
        out += [piece for piece in re.split(r"</?(?:b|em|sub)>", para) if piece]
    return "\n".join(out) + "\n"


BOLD_PAGE = (
    "<p>政府工作报告</p>"
    "<p>——2026年1月26日在某省第十四届</p><p>人民代表大会第五次会议上</p>"
    "<p>某省省长 张三</p><p>各位代表：</p>"
    "<p>现在，我代表省人民政府，向大会报告工作，请予审议。</p>"
    "<p>一、2025年工作回顾</p>"
    "<p>过去一年，空气质量持续改善，PM<sub>2.5</sub>浓度下降到20微克。</p>"
    "<p>三、2026年工作安排</p>"
    "<p>2026年是开局之年，开好局起好步十分重要。今年经济社会发展的<b>主要预期目标</b>"
    "是：地区生产总值增长4.5%—5%。</p>"
    "<p><b>主要任务</b>是：抓好以下14个方面的工作。</p>"
    "<p>（一）久久为功推动大湾区建设，打造世界级城市群。</p>"
    "<p>深化广州、深圳<em>双城</em>联动。</p>"
)


def test_bold_run_on_its_own_line_rejoined():
    text = _saved_page(BOLD_PAGE)
    assert "的\n主要预期目标\n是：" in text  # the damage, as the fixture makes it
    doc = policytext.read_bytes(text.encode("utf-8"), name="bold.web.txt")
    assert doc.item("三/¶1").text == ("2026年是开局之年，开好局起好步十分重要。今年经济社会发展"
                                     "的主要预期目标是：地区生产总值增长4.5%—5%。")
    assert doc.item("三/¶2").text == "主要任务是：抓好以下14个方面的工作。"
    assert doc.item("三/（一）").text == ("久久为功推动大湾区建设，打造世界级城市群。\n"
                                        "深化广州、深圳双城联动。")
    assert doc.item("一/¶1").text == "过去一年，空气质量持续改善，PM2.5浓度下降到20微克。"
    # headings, the title and the lines under it stay lines of their own
    assert [s.title for s in doc.sections[:2]] == ["2025年工作回顾", "2026年工作安排"]
    assert doc.title == "政府工作报告"
    # every break taken out is logged, and the words are the page's own
    logged = [r.between for r in doc.removed if r.kind == "line_break"]
    assert logged == [("PM", "2.5"), ("2.5", "浓度下降到20微克。"),
                      ("今年经济社会发展的", "主要预期目标"), ("主要预期目标", "是："),
                      ("主要任务", "是："), ("深圳", "双城"), ("双城", "联动。")]
    assert re.sub(r"\s", "", doc.text).count("的主要预期目标是：") == 1


@pytest.mark.parametrize("raw, clean, n", [
    ("各位代表：\u200d", "各位代表：", 1),
    ("国内生产总值达到74.4\u200b万亿元", "国内生产总值达到74.4万亿元", 1),
    ("\ufeff一、总则", "一、总则", 1),
    ("没有隐形字符。", "没有隐形字符。", 0),
])
def test_remove_zero_width(raw, clean, n):
    from policytext.clean import remove_zero_width

    text, removed = remove_zero_width(raw)
    assert text == clean and len(removed) == n
    assert all(r.kind == "zero_width" and r.reason.startswith("invisible U+") for r in removed)
