"""The heads of documents that are no 公文 (issue 10): a form's name and fields, an essay's
byline — on PDFs made here with reportlab (STSong-Light) and on the real OFD files of
``../shared/corpora/ofd``, which the structure labels do not cover."""

from __future__ import annotations

import io

import pytest

import policytext
from policytext.kind import form_title
from tests.ofdgen import _page_xml, _text_object, package
from tests.pdfgen import song_canvas
from tests.structure_truth import coverage

_WIDTH, _HEIGHT = 595.0, 842.0


def _pdf(lines: list[tuple[str, float, float, bool]]) -> bytes:
    """A one-page PDF: each line ``(text, size, x or -1 for centred, red)``, top down."""
    buf = io.BytesIO()
    c = song_canvas(buf)
    y = _HEIGHT - 90
    for text, size, x, red in lines:
        c.setFont("STSong-Light", size)
        c.setFillColorRGB(*((0.8, 0.1, 0.1) if red else (0, 0, 0)))
        if x < 0:
            c.drawCentredString(_WIDTH / 2, y, text)
        else:
            c.drawString(x, y, text)
        y -= size * 1.8
    c.save()
    return buf.getvalue()


#: Two paragraphs set 32 characters to the line (the first line indented two).
_PARAS = ["我们的城市有一条河，河水从西山流下来，穿过老城，向东流进平原。春天两岸开满了花，夏天"
          "河水涨起来。",
          "小时候我们在河边读书，也在河边游戏。后来河道修整了，岸边种上了柳树，夜里有灯，"
          "人们在那里散步。"]


def _body_lines() -> list[tuple[str, float, float, bool]]:
    out = []
    for para in _PARAS:
        out.append((para[:30], 14, 72 + 28, False))
        out += [(para[k: k + 32], 14, 72, False) for k in range(30, len(para), 32)]
    return out


def _essay(byline_size: float) -> bytes:
    return _pdf([("城市的河", 24, -1, False), ("张小明", byline_size, -1, False)]
                + _body_lines())


def test_a_byline_in_small_type_under_a_title_is_its_author():
    doc = policytext.read_bytes(_essay(10.5), name="essay.pdf")
    assert (doc.title, doc.meta.get("author"), doc.kind) == ("城市的河", "张小明", "other")
    assert doc.preamble == "\n".join(_PARAS)
    assert coverage(doc) == (1.0, [])


def test_a_second_title_line_in_the_titles_type_stays_part_of_the_title():
    doc = policytext.read_bytes(_essay(24), name="essay.pdf")
    assert (doc.title, doc.meta.get("author")) == ("城市的河张小明", None)


def _invoice() -> bytes:
    return _pdf([("示例市增值税电子普通发票", 18, -1, True), ("发票代码：", 9, 400, True),
                 ("开票日期：", 9, 400, True), ("名称：", 9, 40, True),
                 ("纳税人识别号：", 9, 40, True), ("示例科技有限公司", 9, 110, False),
                 ("2024年5月6日", 9, 460, False), ("合计\t¥120.00", 9, 60, False)])


def test_a_form_is_named_by_its_first_line_and_gets_no_letterhead_elements():
    doc = policytext.read_bytes(_invoice(), name="invoice.pdf")
    got = (doc.kind, doc.title, doc.org_mark, doc.issuer, doc.doc_number, doc.recipients,
           doc.signed_date, doc.attachments)
    assert got == ("form", "示例市增值税电子普通发票", None, None, None, (), None, ())
    assert doc.preamble.splitlines()[:4] == ["发票代码：", "开票日期：", "名称：", "纳税人识别号："]
    assert coverage(doc) == (1.0, [])


@pytest.mark.parametrize("head, want", [
    (["重庆增值税电子普通发票", "机器编号：", "发票代码：", "发票号码："],
     ("重庆增值税电子普通发票", 1)),
    (["中华人民共和国", "建筑工程施工许可证", "根据《建筑法》规定，准予施工。"],
     ("中华人民共和国建筑工程施工许可证", 2)),
    (["学生信息登记表", "姓名", "性别"], ("学生信息登记表", 1)),
    (["某某单位", "收款人：\t复核：\t开票人："], ("某某单位", 1)),  # three empty cells of a row
    # a notice's 主送 and a web page's controls are no form's fields
    (["示例市人民政府文件", "关于做好防汛工作的通知", "各区县人民政府：", "现将有关事项通知如下。"],
     None),
    (["首页", "分享到：", "打印：", "来源：", "关于做好防汛工作的通知"], None),
    (["关于印发《申请表》填写说明的通知", "各单位："], None),
])
def test_form_title(head, want):
    assert form_title(head) == want


# ---------------------------------------------------------------------------
# The real OFD files


def _head(doc) -> tuple:
    return (doc.kind, doc.title, doc.org_mark, doc.issuer, doc.doc_number, doc.recipients,
            doc.signed_date, doc.attachments, doc.meta.get("author"))


def test_real_invoice_is_a_form_without_an_issuer(shared_corpora):
    doc = policytext.read(shared_corpora / "ofd" / "发票示例.ofd")
    assert _head(doc) == ("form", "重庆增值税电子普通发票", None, None, None, (), None, (), None)
    assert doc.preamble.splitlines()[:5] == ["机器编号：", "发票代码：", "发票号码：", "开票日期：",
                                             "校验码："]
    assert coverage(doc) == (1.0, [])


def test_real_certificate_is_a_form_named_over_two_lines(shared_corpora):
    doc = policytext.read(shared_corpora / "ofd" / "zsbk.ofd")
    assert _head(doc) == ("form", "中华人民共和国建筑工程施工许可证", None, None, None, (), None,
                          (), None)
    assert coverage(doc) == (1.0, [])


def test_real_essay_byline_is_its_author_not_its_title(shared_corpora):
    doc = policytext.read(shared_corpora / "ofd" / "拿来主义_page6.ofd")
    assert _head(doc) == ("other", "拿来主义", None, None, None, (), None, (), "鲁迅")
    assert doc.preamble.startswith("中国一向是所谓“闭关主义”，自己不去，别人也不许来。")
    assert coverage(doc) == (1.0, [])


# ---------------------------------------------------------------------------
# A standard (GB/T 1.1): its cover is its metadata, its clauses its outline

#: A synthetic standard's text (written for this test), one paragraph a line as a PDF's
#: text comes out: the space after a clause number lost, 2.1 alone on its line, the title
#: repeated over 1 范围.
_STANDARD_LINES = """ICS 01.140.20
中华人民共和国国家标准
GB/T 99999—2030
代替GB/T 99999—2020
示例文件编排规则
Layout rules for sample documents
2030-01-15发布2030-07-01实施
国家市场监督管理总局
发布
国家标准化管理委员会
前言
本标准按照GB/T 1.1—2009给出的规则起草。
本标准代替GB/T 99999—2020。
示例文件编排规则
1范围
本标准规定了示例文件的编排规则。
2术语和定义
下列术语和定义适用于本标准。
2.1
页边margin
版心与纸张边缘之间的空白。
3编排规则
3.1字体
正文用3号仿宋体字。
3.2行距
一般每面排22行。
图1示例页版式
注：版心实线框仅为示意。
附录A
（资料性附录）
示例页的式样
A.1页面
示例页用A4纸。
参考文献
[1] GB/T 1.1—2009标准化工作导则"""
_STANDARD = "\n\n".join(_STANDARD_LINES.splitlines())


def test_a_standards_cover_and_clauses():
    doc = policytext.read_text(_STANDARD, name="standard.txt")
    got = (doc.kind, doc.title, doc.org_mark, doc.doc_number, doc.issuer, doc.signed_date,
           doc.recipients, doc.attachments, doc.preamble)
    assert got == ("standard", "示例文件编排规则", "中华人民共和国国家标准", "GB/T 99999—2030",
                   "国家市场监督管理总局、国家标准化管理委员会", "2030-01-15", (), (), "")
    assert {k: doc.meta[k] for k in ("ics", "replaces", "english_title", "effective")} == {
        "ics": "ICS 01.140.20", "replaces": "GB/T 99999—2020",
        "english_title": "Layout rules for sample documents", "effective": "2030-07-01"}
    assert [(s.path, s.kind, s.title) for s in doc.sections] == [
        ("前言", "heading", "前言"), ("1", "clause", "范围"), ("2", "clause", "术语和定义"),
        ("3", "clause", "编排规则"), ("附录A", "annex", "示例页的式样"),
        ("参考文献", "heading", "参考文献")]
    assert [(it.path, it.kind, it.text) for it in doc.iter_items()] == [
        ("前言/¶1", "paragraph", "本标准按照GB/T 1.1—2009给出的规则起草。"),
        ("前言/¶2", "paragraph", "本标准代替GB/T 99999—2020。"),
        ("1/¶1", "paragraph", "本标准规定了示例文件的编排规则。"),
        ("2/¶1", "paragraph", "下列术语和定义适用于本标准。"),
        ("2/2.1", "clause", "2.1\n页边margin\n版心与纸张边缘之间的空白。"),
        ("3/3.1", "clause", "3.1字体\n正文用3号仿宋体字。"),
        ("3/3.2", "clause", "3.2行距\n一般每面排22行。\n图1示例页版式\n注：版心实线框仅为示意。"),
        ("附录A/¶1", "paragraph", "（资料性附录）"), ("附录A/¶2", "paragraph", "示例页的式样"),
        ("附录A/A.1", "clause", "A.1页面\n示例页用A4纸。"),
        ("参考文献/¶1", "paragraph", "[1] GB/T 1.1—2009标准化工作导则")]
    assert coverage(doc) == (1.0, [])


@pytest.mark.slow
def test_real_standard_gbt_9704(shared_corpora):
    """GB/T 9704-2012 as a real PDF: cover, 前言 and chapters 1-11, its figure pages (read
    by OCR) sections of kind figure; its running header GB/T 9704—2012 logged on every
    page, also where the producer wrote it mid-page (the cover's own code line stays)."""
    doc = policytext.read(shared_corpora / "real-files" / "党政机关公文格式.pdf")
    got = (doc.kind, doc.title, doc.org_mark, doc.doc_number, doc.issuer, doc.signed_date,
           doc.attachments, doc.preamble, doc.meta["effective"], doc.meta["replaces"])
    assert got == ("standard", "党政机关公文格式", "中华人民共和国国家标准", "GB/T 9704—2012",
                   "中华人民共和国国家质量监督检验检疫总局、中国国家标准化管理委员会",
                   "2012-06-29", (), "", "2012-07-01", "GB/T 9704—1999")
    assert [s.path for s in doc.sections if s.kind != "figure"] == [
        "前言", *[str(n) for n in range(1, 12)]]
    assert [it.path for it in doc.sections[6].items] == ["6/6.1", "6/6.2", "6/6.3"]
    assert [s.path for s in doc.sections if s.kind == "figure"] == [
        "图2", "图3", "图4", "图5", "图6", "图7", "图@18", "图9", "图10", "图11", "图12"]
    headers = [r.page for r in doc.removed if r.text == "GB/T 9704—2012"]
    assert headers == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "~" not in "".join(it.path for it in doc.iter_items(deep=True))
    assert coverage(doc) == (1.0, [])


# ---------------------------------------------------------------------------
# Found on ofd/y.ofd (a magazine article): 1. 2. restarting under unnumbered headings


def test_arabic_items_restarting_under_unnumbered_headings_make_sections():
    """1.…2. run again under each unnumbered heading (三大趋势，迎来机遇 / 四大优势，绘制蓝图):
    the headings are sections, so no path carries ~2 and no run swallows the next heading."""
    text = "\n\n".join([
        "近年来，我们推进数字档案室建设，取得了一些经验。", "三大趋势，迎来机遇", "1.数字化",
        "当机关的数字档案信息成为其档案的主要形态时，就必须建设数字档案室。", "2.规范化",
        "各单位使用的软件版本各异，数据标准不统一。", "四大优势，绘制蓝图", "1.领导重视是保障",
        "署领导担任领导小组组长。", "2.科技发展是支撑", "科技发展体现在3个方面。"])
    doc = policytext.read_text(text, name="article.txt")
    assert doc.preamble == "近年来，我们推进数字档案室建设，取得了一些经验。"
    assert [(s.path, s.kind, s.title, [(it.path, it.text) for it in s.items])
            for s in doc.sections] == [
        ("§1", "heading", "三大趋势，迎来机遇", [
            ("§1/1", "数字化\n当机关的数字档案信息成为其档案的主要形态时，就必须建设数字档案室。"),
            ("§1/2", "规范化\n各单位使用的软件版本各异，数据标准不统一。")]),
        ("§2", "heading", "四大优势，绘制蓝图", [
            ("§2/1", "领导重视是保障\n署领导担任领导小组组长。"),
            ("§2/2", "科技发展是支撑\n科技发展体现在3个方面。")])]
    assert doc.warnings == ("no numbered 一、 headings: 2 unnumbered headings taken as sections "
                            "§1–§2",)


def test_a_label_over_the_title_is_no_recipient(shared_corpora):
    """ofd/SplitParagraph.ofd prints 报告： above its title: a label, not a 主送."""
    doc = policytext.read(shared_corpora / "ofd" / "SplitParagraph.ofd")
    assert doc.recipients == ()


# ---------------------------------------------------------------------------
# Found on ofd/y.ofd: a page set in columns (a magazine, a gazette)

#: Four paragraphs (written for this test), two to a column.
_COLUMN_PARAS = [
    "当前，随着信息技术的飞速发展和互联网的无限延伸，数字化、网络化、信息化已深刻影响着人们的"
    "工作和生活，社会已进入了大数据时代。",
    "近年来，海关总署高度重视档案工作，将档案信息化建设纳入整体规划，并划拨专项经费、引进专业"
    "人才，推动了建设工作。",
    "在具体指导下，数字档案室率先通过项目验收，并被批准为全国示范数字档案室，成为全国首家获此"
    "称号的机关档案室。",
    "数字档案室建设是新形势下加强机关档案工作、开展电子文件和电子档案管理的一项重要举措，各地"
    "正在推广这些经验。",
]


def _two_columns() -> bytes:
    """One OFD page (made with tests/ofdgen.py's parts), two columns of 15 characters (5 mm)
    a line, a paragraph's first line indented two characters, written column by column."""
    objects = []
    for col, paras in ((20.0, _COLUMN_PARAS[:2]), (110.0, _COLUMN_PARAS[2:])):
        baseline = 40.0
        for para in paras:
            lines = [para[:13]] + [para[k: k + 15] for k in range(13, len(para), 15)]
            for n, line in enumerate(lines):
                objects.append(_text_object(len(objects) + 1, line, col + (10 if n == 0 else 0),
                                            baseline, 5.0, [5.0] * len(line)))
                baseline += 8.0
    return package([_page_xml(objects)])


def test_lines_of_a_page_in_columns_are_joined_within_their_column():
    doc = policytext.read_bytes(_two_columns(), name="columns.ofd")
    assert doc.text.splitlines() == _COLUMN_PARAS
