"""The cleaning stage's repairs and its one furniture rule, table by table."""

from __future__ import annotations

import pytest

from policytext.clean import (
    drop_furniture,
    find_furniture,
    join_lines,
    remove_cjk_spaces,
    remove_links,
    repair_doc_number,
    repair_glyphs,
    repair_text,
)
from policytext.records import Line

LINK = "http://www.baidu.com/link?url=F3Qk"


@pytest.mark.parametrize("raw, clean, removed", [
    ("2025 年", "2025年", 1),
    ("第 3 页", "第3页", 2),
    ("全年 GDP 增长 5%", "全年GDP增长5%", 3),
    ("江苏 省科协", "江苏省科协", 1),
    ("中 文", "中文", 1),
    ("（ 一 ）", "（一）", 2),
    ("5 ％以上", "5％以上", 1),
    ("增长\u3000\u30005%", "增长5%", 1),
    ("第一条　为了规范", "第一条　为了规范", 0),      # a law's own separator after 第X条
    ("第三章 附则", "第三章 附则", 0),
    ("第一条规定 的", "第一条规定的", 1),            # no leading article: the space is damage
    ("PM 2.5", "PM 2.5", 0),                           # between Latin and digits: a word space
    ("a b", "a b", 0),
    ("1 000", "1 000", 0),
    ("增长 5 %", "增长5 %", 1),
    ("", "", 0),
])
def test_remove_cjk_spaces(raw, clean, removed):
    text, log = remove_cjk_spaces(raw, 1)
    assert (text, len(log)) == (clean, removed)
    assert all(r.kind == "space" and not r.text.strip() for r in log)


@pytest.mark.parametrize("raw, clean", [
    ("⼀、总体要求", "一、总体要求"), ("⼆是", "二是"), ("⼈民", "人民"), ("⻓江", "长江"),
    ("⺠主", "民主"), ("\uf9b4", "\u9818"), ("一二三", "一二三"), ("", ""),
])
def test_repair_glyphs(raw, clean):
    text, log = repair_glyphs(raw, 1)
    assert text == clean
    assert [(r.text, r.replacement) for r in log] == [
        (a, b) for a, b in zip(raw, clean, strict=True) if a != b]


@pytest.mark.parametrize("raw, fixed, brackets", [
    ("苏科协发„2025‟8号", "苏科协发〔2025〕8号", [("„", "〔"), ("‟", "〕")]),
    ("苏科协发[2025]8号", "苏科协发〔2025〕8号", [("[", "〔"), ("]", "〕")]),
    ("苏科协发（2025）8号", "苏科协发〔2025〕8号", [("（", "〔"), ("）", "〕")]),
    ("国发【2024】10号", "国发〔2024〕10号", [("【", "〔"), ("】", "〕")]),
    ("苏科协发 2025 8号", "苏科协发〔2025〕8号", [("", "〔"), ("", "〕")]),
    ("苏科协发〔2025〕8号", "苏科协发〔2025〕8号", []),
    ("苏科协〔2025〕8号", "苏科协〔2025〕8号", []),       # no 发/字/函/办/令: not repaired
    ("关于2025年8号", "关于2025年8号", []),
    ("正文。", "正文。", []),
])
def test_repair_doc_number(raw, fixed, brackets):
    text, log = repair_doc_number(raw, 1)
    assert text == fixed
    assert [(r.text, r.replacement) for r in log] == brackets


@pytest.mark.parametrize("raw, clean, between", [
    (f"全面提升政{LINK}治功能和组织功能。", "全面提升政治功能和组织功能。",
     [("全面提升政", "治功能和组织功能。")]),
    (f"正文。{LINK}", "正文。", [("", "")]),
    ("网址：http://www.jsast.org.cn。", "网址：http://www.jsast.org.cn。", []),
    ("登录www.jsast.org.cn填报。", "登录www.jsast.org.cn填报。", []),
    ("详见www.gov.cn。", "详见www.gov.cn。", []),
    ("没有链接。", "没有链接。", []),
])
def test_remove_links(raw, clean, between):
    text, log = remove_links(raw, 2)
    assert text == clean
    assert [r.between for r in log] == between and all(r.page == 2 for r in log)


def test_repair_text_runs_every_repair_in_order():
    text, log = repair_text(f"⼀、全年 GDP {LINK}增长5%，发\u200b展。", 1)
    assert text == "一、全年GDP增长5%，发展。"
    assert [r.kind for r in log] == ["link", "zero_width", "glyph", "space", "space"]


def _pages(*pages: list[str]) -> list[Line]:
    return [Line(t, p) for p, texts in enumerate(pages, 1) for t in texts]


BODY = ["正文一。", "正文二。", "正文三。", "正文四。"]


def _body(page: int) -> list[str]:
    """Body lines that differ from page to page, as real ones do."""
    return [f"{'甲乙丙丁'[page - 1]}页的{t}" for t in BODY]


@pytest.mark.parametrize("lines, verdicts", [
    # page numbers at a page's edge of a multi-page text
    (_pages(["— 1 —", *BODY], [*BODY, "— 2 —"]),
     {"— 1 —": "page_number", "— 2 —": "page_number"}),
    # a bare number inside a page is body text
    (_pages([*BODY[:2], "3", *BODY[2:]], BODY), {}),
    # one page: a lone number is no page number
    (_pages(["1", *BODY]), {}),
    # a running header on every page of three
    (_pages(["某某工作要点（2025）", *_body(1)], ["某某工作要点（2025）", *_body(2)],
            ["某某工作要点（2025）", *_body(3)]),
     {"某某工作要点（2025）": "header"}),
    # a repeated line on two pages only is not a header
    (_pages(["某某工作要点", *BODY], ["某某工作要点", *BODY]), {}),
    # headers that differ only in their page number
    (_pages(["第1页 要点", *_body(1)], ["第2页 要点", *_body(2)], ["第3页 要点", *_body(3)]),
     {"第1页 要点": "header", "第2页 要点": "header", "第3页 要点": "header"}),
    # a link stamp anywhere
    (_pages([*BODY[:2], LINK, *BODY[2:]]), {LINK: "link"}),
    (_pages(["网址：http://www.jsast.org.cn"]), {}),
])
def test_find_furniture(lines, verdicts):
    got = {ln.text: v[0] for ln, v in zip(lines, find_furniture(lines), strict=True) if v}
    assert got == verdicts
    kept, removed = drop_furniture(lines)
    assert [r.text for r in removed] == [ln.text for ln in lines if ln.text in verdicts]
    assert len(kept) + len(removed) == len(lines)


@pytest.mark.parametrize("lines, paragraphs", [
    # a wrapped line runs on; a short one ends its paragraph
    ([Line("第一行很长", full=True), Line("接着。", full=False), Line("新段。")],
     ["第一行很长接着。", "新段。"]),
    # an indent or a gap starts a paragraph
    ([Line("甲", full=True), Line("乙", indent=True)], ["甲", "乙"]),
    ([Line("甲", full=True), Line("乙", gap_before=True)], ["甲", "乙"]),
    # a marker after a sentence end starts one; after running text it does not
    ([Line("甲。"), Line("二、乙")], ["甲。", "二、乙"]),
    ([Line("包括"), Line("1．乙")], ["包括1．乙"]),
    ([Line("甲。"), Line("第一千条　乙")], ["甲。", "第一千条　乙"]),
    # a heading is never continued by the item under it
    ([Line("一、总体要求", full=True), Line("1．甲。")], ["一、总体要求", "1．甲。"]),
    # 抄送 after a sentence end; a table row stands alone
    ([Line("正文。"), Line("抄送：甲")], ["正文。", "抄送：甲"]),
    ([Line("甲", full=True), Line("a\tb", role="table")], ["甲", "a\tb"]),
    # Latin words joined with one space, Chinese with none
    ([Line("the", full=True), Line("end")], ["the end"]),
    ([Line("中", full=True), Line("文")], ["中文"]),
])
def test_join_lines(lines, paragraphs):
    assert [p.text for p in join_lines(lines)] == paragraphs
