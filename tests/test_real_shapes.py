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
    assert doc.meta["published"] == "2024-03-12 10:20"


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
    text = "分享：\n打印\n2026年某市政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n"
    doc = policytext.read_bytes(text.encode(), name="page.web.txt")
    assert doc.recipients == ("各位代表",)
    assert [r.text for r in doc.removed if r.kind == "web_furniture"] == ["分享：", "打印"]
