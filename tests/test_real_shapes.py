"""Real documents' shapes, on generated fixtures with exact expected outputs (issue 10):
a 印发 notice copied from a university web page into Word (site lines and all),
a PDF law with a 目录, a compilation of three regulations, and a work-point document
taken from a dataset as one line of text.

Every fixture is SYNTHETIC, built here from text written for these tests (the
one-line text from the founding document in ``corpora/``, its line breaks deleted).
"""

from __future__ import annotations

import pytest

import policytext
from tests.docxmaker import build_docx, para

# ---------------------------------------------------------------------------
# A 印发 notice copied from a web page into Word

NOTICE_LINES = [
    "首页 > 通知公告 > 正文",
    "关于印发《示例大学学生奖学金评审办法》的通知",
    "作者：学生工作处  发布时间：2024-03-12 10:20  阅读次数：3677",
    "分享到：",
    "关于印发《示例大学学生奖学金评审办法》的通知",
    "示大学发〔2024〕15号",
    "各学院、各部门：",
    "现将《示例大学学生奖学金评审办法》印发给你们，请认真遵照执行。",
    "附件：示例大学学生奖学金评审办法",
    "示例大学",
    "2024年3月12日",
    "示例大学学生奖学金评审办法",
    "第一章 总则",
    "第一条 为了规范学生奖学金评审工作，制定本办法。",
    "第二条 本办法适用于本校全日制在读学生。",
    "第二章 评审",
    "第三条 学院应当每学年组织一次奖学金评审。",
    "第四条 评审结果应当公示五个工作日。",
    "附件下载：/accessory/20240312/示例大学学生奖学金评审办法.doc",
    "【打印】【关闭】",
]
#: The site's lines, in order, as the audit log must give them.
NOTICE_FURNITURE = [
    "首页 > 通知公告 > 正文",
    "关于印发《示例大学学生奖学金评审办法》的通知",
    "作者：学生工作处  发布时间：2024-03-12 10:20  阅读次数：3677",
    "分享到：",
    "附件下载：/accessory/20240312/示例大学学生奖学金评审办法.doc",
    "【打印】【关闭】",
]


def _notice() -> policytext.Document:
    data = build_docx("".join(para(t) for t in NOTICE_LINES))
    return policytext.read_bytes(data, name="关于印发奖学金评审办法的通知.docx")


def test_web_copied_notice_metadata_exact():
    doc = _notice()
    assert doc.title == "关于印发《示例大学学生奖学金评审办法》的通知"
    assert doc.kind == "notice"
    assert doc.doc_number == "示大学发〔2024〕15号"
    assert doc.recipients == ("各学院", "各部门")
    assert doc.attachments == ("示例大学学生奖学金评审办法",)
    assert doc.issuer == "示例大学"
    assert doc.signed_date == "2024-03-12"
    assert doc.cover_letter == "现将《示例大学学生奖学金评审办法》印发给你们，请认真遵照执行。"
    assert (doc.meta["published"], doc.meta["author"]) == ("2024-03-12 10:20", "学生工作处")


def test_web_copied_notice_site_lines_logged():
    doc = _notice()
    logged = [r.text for r in doc.removed if r.kind == "web_furniture"]
    assert logged == NOTICE_FURNITURE
    for line in NOTICE_FURNITURE[2:]:
        assert line not in doc.text.splitlines()


def test_web_copied_notice_body_is_the_attached_regulation():
    doc = _notice()
    assert [s.path for s in doc.sections] == ["第一章", "第二章"]
    assert [it.path for it in doc.iter_items()] == [
        "第一章/第一条", "第一章/第二条", "第二章/第三条", "第二章/第四条"]
    assert doc.preamble == ""
    # the attached regulation's articles are read as a law's
    from policytext.requirements import extract_requirements

    assert [(r.path, r.actor, r.frequency) for r in extract_requirements(doc)] == [
        ("第二章/第三条", "学院", "每学年一次"), ("第二章/第四条", None, None)]


def test_text_format_prints_the_cover_letter(tmp_path, capsys):
    from policytext.cli import main

    path = tmp_path / "notice.docx"
    path.write_bytes(build_docx("".join(para(t) for t in NOTICE_LINES)))
    assert main(["parse", str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "  印发说明: 现将《示例大学学生奖学金评审办法》印发给你们，请认真遵照执行。" in out


@pytest.mark.parametrize("line", [
    "作者：学生工作处  发布时间：2024-03-12 10:20  阅读次数：3677",
    "发布者：admin 浏览次数：125",
    "来源：教务处 | 发布日期：2024-03-12 | 点击数：88",
    "附件下载：/accessory/20240312/评审办法.doc",
    "评审办法.pdf",
    "首页 > 通知公告 > 正文",
    "当前位置：首页 > 新闻中心",
    "【打印】【关闭】",
    "分享到：",
    "打印本页 | 关闭窗口",
])
def test_site_lines_are_furniture(line):
    from policytext.clean.web import is_site_line

    assert is_site_line(line)


@pytest.mark.parametrize("line", [
    "各学院要在发布时间前完成评审。",
    "首页设计应当简洁。",
    "附件：示例大学学生奖学金评审办法",
    "现将《评审办法》印发给你们，请认真遵照执行。",
])
def test_document_lines_are_not_site_lines(line):
    from policytext.clean.web import is_site_line

    assert not is_site_line(line)


@pytest.mark.parametrize("name, title", [
    ("2026-政府工作报告.web.txt", "政府工作报告"),
    ("工作要点(1).txt", "工作要点"),
    ("工作要点 - 副本.txt", "工作要点"),
])
def test_no_file_name_suffix_in_a_title(name, title):
    doc = policytext.read_bytes("各位代表：\n现在，我代表市人民政府向大会报告工作。\n".encode(),
                                name=name)
    assert doc.title == title and doc.meta["title_source"] == "filename"


def test_a_share_widget_is_never_the_recipients():
    text = ("分享：\n打印\n2026年某市政府工作报告\n各位代表：\n"
            "现在，我代表市人民政府向大会报告工作。\n")
    doc = policytext.read_bytes(text.encode(), name="page.web.txt")
    assert doc.recipients == ("各位代表",)
    assert [r.text for r in doc.removed if r.kind == "web_furniture"] == ["分享：", "打印"]


# ---------------------------------------------------------------------------
# A compilation of three regulations, with a 前言 and a 目录

HANDBOOK = """示例大学学生手册
前言
本手册汇编了学校有关学生管理的主要规章制度，供同学们学习遵守。
目录
示例大学学生奖学金评审办法……1
示例大学学生违纪处分规定……3
示例大学学生宿舍管理细则……5
示例大学学生奖学金评审办法
（2023年9月1日校长办公会议通过）
示大学发〔2023〕21号
第一章 总则
第一条 为了规范奖学金评审，制定本办法。
第二条 本办法适用于全日制在读学生。
第二章 评审
第三条 学院应当每学年组织一次评审。
第四条 评审结果应当公示五个工作日。
示例大学学生违纪处分规定
示大学发〔2023〕22号
第一条 为了维护教学秩序，制定本规定。
第二条 学生不得在考试中作弊。
第三条 处分决定应当书面送达学生本人。
示例大学学生宿舍管理细则
第一章 总则
第一条 为了加强宿舍管理，制定本细则。
第二章 管理
第二条 学生应当遵守作息制度。
第三条 禁止在宿舍使用大功率电器。
"""


def _handbook(text: str = HANDBOOK) -> str:
    return text.replace("\n", "\n\n")  # one paragraph per line, blank lines between


def test_compilation_split_into_its_documents():
    doc = policytext.read_text(_handbook(), name="示例大学学生手册.txt")
    assert doc.title == "示例大学学生手册" and doc.kind == "compilation"
    assert [(s.path, s.kind, s.number) for s in doc.sections] == [
        ("示例大学学生奖学金评审办法", "document", "示大学发〔2023〕21号"),
        ("示例大学学生违纪处分规定", "document", "示大学发〔2023〕22号"),
        ("示例大学学生宿舍管理细则", "document", None)]
    assert [it.path for it in doc.iter_items()] == [
        "示例大学学生奖学金评审办法/第一章/第一条", "示例大学学生奖学金评审办法/第一章/第二条",
        "示例大学学生奖学金评审办法/第二章/第三条", "示例大学学生奖学金评审办法/第二章/第四条",
        "示例大学学生违纪处分规定/第一条", "示例大学学生违纪处分规定/第二条",
        "示例大学学生违纪处分规定/第三条",
        "示例大学学生宿舍管理细则/第一章/第一条", "示例大学学生宿舍管理细则/第二章/第二条",
        "示例大学学生宿舍管理细则/第二章/第三条"]
    # each regulation ends at the next one's title: no article runs into another
    last = doc.item("示例大学学生奖学金评审办法/第二章/第四条")
    assert last.text == "评审结果应当公示五个工作日。"
    assert doc.sections[0].text == "（2023年9月1日校长办公会议通过）"
    assert doc.preamble == "前言\n本手册汇编了学校有关学生管理的主要规章制度，供同学们学习遵守。"
    assert [r.text for r in doc.removed if r.kind == "toc"] == [
        "目录", "示例大学学生奖学金评审办法……1", "示例大学学生违纪处分规定……3",
        "示例大学学生宿舍管理细则……5"]
    assert doc.warnings == ()


def test_compilation_series_is_its_title_not_the_preface():
    from policytext.corpus import infer_series

    doc = policytext.read_text(_handbook(HANDBOOK.replace("示例大学学生手册\n", "")),
                               name="2024-手册.txt")
    assert doc.title != "前言" and doc.kind == "compilation"
    assert infer_series(doc) != "前言"


# ---------------------------------------------------------------------------
# A PDF law with a 目录

LAW_PDF_LINES = [
    "中华人民共和国示例管理法",
    "（2024年6月28日第十四届全国人民代表大会常务委员会第十次会议通过）",
    "目录",
    "第一章 总则",
    "第二章 管理",
    "第三章 附则",
    "第一章 总则",
    "第一条 为了规范示例管理，制定本法。",
    "第二条 国务院主管部门负责全国示例管理工作。",
    "第二章 管理",
    "第三条 示例单位应当每年报告管理情况。",
    "第三章 附则",
    "第四条 本法自2025年1月1日起施行。",
]


def _law_pdf() -> bytes:
    import io

    from tests.pdfgen import song_canvas

    buf = io.BytesIO()
    c = song_canvas(buf)
    y = 760.0
    for text in LAW_PDF_LINES:
        x = 90.0 if not text.startswith(("中华", "（", "目录")) else 110.0
        for ch in text:  # a 题注 as long as a full line, then 目录: the two must stay apart
            c.drawString(x, y, ch)
            x += 6 if ch.isascii() else 12
        y -= 30
    c.save()
    return buf.getvalue()


def test_pdf_law_with_a_table_of_contents():
    doc = policytext.read_bytes(_law_pdf(), name="示例管理法.pdf")
    assert doc.title == "中华人民共和国示例管理法" and doc.kind == "law"
    assert [s.path for s in doc.sections] == ["第一章", "第二章", "第三章"]
    assert [it.path for it in doc.iter_items()] == [
        "第一章/第一条", "第一章/第二条", "第二章/第三条", "第三章/第四条"]
    assert not any("~" in it.path for it in doc.iter_items(deep=True))
    assert [r.text for r in doc.removed if r.kind == "toc"] == [
        "目录", "第一章总则", "第二章管理", "第三章附则"]
    assert doc.issuer == "全国人民代表大会常务委员会"
    assert doc.meta["revisions"][0]["date"] == "2024-06-28" and doc.preamble == ""


# ---------------------------------------------------------------------------
# A work-point document taken from a dataset as one line (its line breaks deleted)


def _one_line(*, spaces: bool = True) -> str:
    from tests.conftest import SEED

    text = SEED.read_text(encoding="utf-8").replace("\r", "").replace("\n", "")
    return text if spaces else "".join(text.split())


@pytest.mark.parametrize("spaces", [True, False], ids=["breaks deleted", "all blanks deleted"])
def test_one_line_text_gives_the_fifteen_items(gold, spaces):
    doc = policytext.read_text(_one_line(spaces=spaces), name="dataset-row.txt")
    want = [(f"{s['number']}/{it['number']}", it["title"], it["text"])
            for s in gold["sections"] for it in s["items"]]
    got = [(it.path, it.title, it.text) for it in doc.iter_items()]
    assert len(got) == 15
    assert got == want
    assert (doc.title, doc.doc_number, doc.recipients, doc.issuer, doc.signed_date) == (
        gold["title"], gold["doc_number"], tuple(gold["recipients"]), gold["issuer"],
        gold["signed_date"])
    assert doc.cover_letter == gold["cover_letter"] and doc.preamble == gold["preamble"]
    assert (doc.cc, doc.printed_by, doc.printed_date) == (
        tuple(gold["cc"]), gold["printed_by"], gold["printed_date"])
    assert doc.warnings == ()


def test_glued_markers_are_found_in_order():
    from policytext.clean.runon import split_run_on

    text = ("一、总体要求做好今年工作要坚持稳中求进，统一、规范推进各项工作，确保质量。" * 30
            + "二、重点任务加强组织领导三、保障措施确保工作准确四、不断推进落实")
    lines = split_run_on(text)
    assert [ln[:2] for ln in lines] == ["一、", "二、", "三、", "四、"]
