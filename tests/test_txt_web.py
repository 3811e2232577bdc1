"""Text saved from web pages: furniture removed and logged, body text never touched."""

from __future__ import annotations

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
    assert [(r.kind, r.text, r.reason) for r in doc.removed if r.kind != "space"] == [
        ("web_furniture", text, reason) for text, reason in FURNITURE]
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
])
def test_join_inline_breaks(lines, joined):
    out = join_inline_breaks([Line(t, full=False) for t in lines])
    doc_text = policytext.clean.join_lines(out)
    assert [p.text for p in doc_text] == joined


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
