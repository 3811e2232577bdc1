"""DOCX reader: paragraphs, automatic numbering, indents, header lines, hostile archives."""

from __future__ import annotations

import io
import zipfile

import pytest
from docxmaker import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    build_docx,
    many_members,
    numbering_xml,
    para,
    table,
    zip_bomb,
)

import policytext
from policytext.clean import clean_lines
from policytext.cli import main
from policytext.errors import CorruptFileError, UnsafeInputError
from policytext.pipeline import conservation
from policytext.read import load_bytes
from policytext.read.docx import ZipLimits, check_zip, read_docx, render_number


@pytest.mark.parametrize("n, fmt, printed", [
    (1, "chineseCounting", "一"),
    (10, "chineseCounting", "十"),
    (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"),
    (21, "chineseCountingThousand", "二十一"),
    (105, "chineseCounting", "一百零五"),
    (3, "ideographTraditional", "丙"),
    (11, "ideographTraditional", "甲"),
    (2, "ideographZodiac", "丑"),
    (12, "decimal", "12"),
    (3, "decimalEnclosedCircle", "③"),
    (2, "decimalEnclosedCircleChinese", "②"),
    (12, "decimalFullWidth", "１２"),
    (2025, "ideographDigital", "二〇二五"),
    (4, "chineseLegalSimplified", "肆"),
    (4, "lowerRoman", "iv"),
    (28, "upperLetter", "BB"),
    (5, "none", ""),
])
def test_render_number(n, fmt, printed):
    assert render_number(n, fmt) == printed


REPORT_LEVELS = {1: [(1, "chineseCounting", "%1、"), (1, "chineseCounting", "（%2）"),
                     (1, "decimal", "%3．"), (1, "decimalEnclosedCircle", "%4")]}


def _numbered_report() -> bytes:
    body = "".join([
        para("标题：2025年某省政府工作报告"[3:], center=True),
        para("来源：某某日报"),
        para("\u3000\u3000各位代表：现在，我代表省人民政府向大会报告工作。"),
        para("2024年工作回顾", num=(1, 0)),
        para("稳增长。全年地区生产总值增长5%。", num=(1, 1)),
        para("促改革。深化重点领域改革。", num=(1, 1)),
        para("\u2003\u2003这一段没有编号，属于上一项。"),
        para("2025年工作安排", num=(1, 0)),
        para("扩内需。", num=(1, 1)),
        para("消费。", num=(1, 2)),
        para("投资。", num=(1, 2)),
        para("一件具体的事。", num=(1, 3)),
        para("强创新。", num=(1, 1)),
        para("创新平台。", num=(1, 2)),
    ])
    return build_docx(body, numbering=numbering_xml(REPORT_LEVELS))


def test_numbering_rendered_as_printed():
    raw = read_docx(_numbered_report(), name="report.docx")
    # The reader keeps the 来源 line; the cleaning stage takes it out as web furniture.
    assert raw.lines[1].text == "来源：某某日报" and not raw.removed
    lines, removed, meta = clean_lines(raw)
    texts = [ln.text for ln in lines]
    assert texts == [
        "2025年某省政府工作报告",
        "各位代表：现在，我代表省人民政府向大会报告工作。",
        "一、2024年工作回顾",
        "（一）稳增长。全年地区生产总值增长5%。",
        "（二）促改革。深化重点领域改革。",
        "这一段没有编号，属于上一项。",
        "二、2025年工作安排",
        "（一）扩内需。",
        "1．消费。",
        "2．投资。",
        "①一件具体的事。",
        "（二）强创新。",
        "1．创新平台。",
    ]
    assert all(ln.full is False for ln in lines)
    assert [ln.indent for ln in lines][:3] == [False, True, True]
    assert lines[0].centered is True
    assert meta == {"source_name": "某某日报"}
    assert raw.meta["numbering_labels"] == 10
    assert [(r.kind, r.text) for r in removed] == [("header", "来源：某某日报")]


def test_numbered_docx_structure():
    doc = policytext.read_bytes(_numbered_report(), name="report.docx")
    assert doc.format == "docx"
    assert doc.title == "2025年某省政府工作报告"
    assert doc.year == 2025
    assert [(s.path, s.title) for s in doc.sections] == [
        ("一", "2024年工作回顾"), ("二", "2025年工作安排")]
    assert [it.path for it in doc.iter_items(deep=True)] == [
        "一/（一）", "一/（二）", "二/（一）", "二/（一）/1", "二/（一）/2", "二/（一）/2/①",
        "二/（二）", "二/（二）/1"]
    assert doc.item("一/（二）").text == "促改革。深化重点领域改革。\n这一段没有编号，属于上一项。"
    assert doc.preamble == "各位代表：现在，我代表省人民政府向大会报告工作。"
    chars_in, accounted = conservation(read_docx(_numbered_report()).chars_in, doc)
    assert chars_in == accounted


def test_numbering_start_override_and_shared_abstract():
    levels = {7: [(3, "decimal", "%1.")]}
    body = "".join([para("a", num=(1, 0)), para("b", num=(1, 0)),
                    para("c", num=(2, 0)), para("d", num=(3, 0))])
    numbering = numbering_xml(levels, nums={1: 7, 2: 7, 3: 7}, overrides={3: {0: 1}})
    raw = read_docx(build_docx(body, numbering=numbering))
    # numIds sharing an abstract list continue it; a startOverride restarts it.
    assert [ln.text for ln in raw.lines] == ["3. a", "4. b", "5. c", "1. d"]


def test_numbering_off_and_unknown_ids():
    body = para("零号", num=(0, 0)) + para("未知", num=(9, 0)) + para("普通")
    raw = read_docx(build_docx(body, numbering=numbering_xml(REPORT_LEVELS)))
    assert [ln.text for ln in raw.lines] == ["零号", "未知", "普通"]


def test_tables_breaks_and_empty_paragraphs():
    body = para("表前。") + para("") + table([["甲", "乙"], ["丙", ""]]) + para("上行\n下行")
    raw = read_docx(build_docx(body))
    # a row of two filled cells is one line, cells tab-separated; a row with one is a paragraph
    assert [(ln.text, ln.full, ln.role) for ln in raw.lines] == [
        ("表前。", False, ""), ("甲\t乙", False, "table"), ("丙", False, ""),
        ("上行", True, ""), ("下行", False, "")]
    doc = policytext.read_bytes(build_docx(body), name="t.docx")
    assert doc.text.splitlines() == ["表前。", "甲\t乙", "丙", "上行下行"]


def test_docx_without_header_lines_keeps_every_paragraph():
    body = para("第一段正文。") + para("来源于基层的经验要推广。")
    doc = policytext.read_bytes(build_docx(body), name="x.docx")
    assert doc.text.splitlines() == ["第一段正文。", "来源于基层的经验要推广。"]
    assert doc.removed == ()


# ---------------------------------------------------------------------------
# Hostile and damaged archives


def test_zip_bomb_refused_before_inflating():
    data = zip_bomb(300 * 2**20)
    assert len(data) < 2 * 2**20
    with pytest.raises(UnsafeInputError, match="uncompressed bytes|compression ratio"):
        read_docx(data, name="bomb.docx")


def test_compression_ratio_refused():
    data = zip_bomb(40 * 2**20)  # under the size caps, but 1000:1
    with pytest.raises(UnsafeInputError, match="compression ratio"):
        read_docx(data, name="bomb.docx")


def test_tighter_caps_from_limits():
    class Limits:
        max_document_bytes = 10_000

    data = build_docx(para("正文" * 3000))
    with pytest.raises(UnsafeInputError, match="at most 10000"):
        read_docx(data, limits=Limits())


def test_member_count_refused():
    with pytest.raises(UnsafeInputError, match="zip members"):
        check_zip(zipfile.ZipFile(io.BytesIO(many_members(50))),
                  limits=ZipLimits(max_members=20))
    read_docx(many_members(50))  # the default cap is far above that


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_entity_declarations_refused(prolog):
    body = "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>" if "lol" in prolog else \
        "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"
    data = build_docx(body, prolog=prolog)
    with pytest.raises(UnsafeInputError, match="DTD or entity declaration"):
        read_docx(data, name="evil.docx")


def test_entity_declaration_in_other_part_and_utf16():
    evil = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY a "b">]><x/>'
            ).encode("utf-16")
    data = build_docx(para("正文"), extra={"word/settings.xml": evil})
    with pytest.raises(UnsafeInputError, match="word/settings.xml"):
        read_docx(data)


def test_missing_document_part_is_corrupt():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a docx")
    with pytest.raises(CorruptFileError, match="no word/document.xml"):
        read_docx(buf.getvalue(), name="x.docx")


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9, 0.99])
def test_truncated_zip_is_corrupt(cut):
    data = _numbered_report()
    with pytest.raises(CorruptFileError) as info:
        load_bytes(data[: int(len(data) * cut)], name="cut.docx")
    assert info.value.__cause__ is not None or "document.xml" in str(info.value)


def test_corrupt_member_is_corrupt():
    data = bytearray(build_docx(para("正文" * 200), compression=zipfile.ZIP_DEFLATED))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    for k in range(start + 10, start + 60):
        data[k] ^= 0x5A  # garble the deflate stream of word/document.xml
    with pytest.raises(CorruptFileError) as info:
        read_docx(bytes(data), name="bad.docx")
    assert info.value.__cause__ is not None


def test_broken_xml_is_corrupt():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", build_docx_types())
        zf.writestr("_rels/.rels", zipfile.ZipFile(io.BytesIO(build_docx(para("x"))))
                    .read("_rels/.rels"))
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    with pytest.raises(CorruptFileError, match="not a readable DOCX") as info:
        read_docx(buf.getvalue(), name="broken.docx")
    assert info.value.__cause__ is not None


def build_docx_types() -> bytes:
    return zipfile.ZipFile(io.BytesIO(build_docx(para("x")))).read("[Content_Types].xml")


def test_not_a_zip_named_docx_is_corrupt():
    with pytest.raises(CorruptFileError, match="not a readable DOCX"):
        load_bytes(b"PK\x03\x04 this is no zip at all", name="x.docx")
    with pytest.raises(CorruptFileError):
        load_bytes(b"plain bytes", name="x.docx")


@pytest.mark.parametrize("make, message", [
    (lambda: zip_bomb(300 * 2**20), "refused"),
    (lambda: build_docx("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=BILLION_LAUGHS),
     "DTD or entity"),
    (lambda: _numbered_report()[:700], "not a readable DOCX"),
    (lambda: b"PK\x05\x06" + b"\0" * 18, "no word/document.xml|not a readable DOCX"),
], ids=["bomb", "laughs", "truncated", "empty-zip"])
def test_cli_one_line_exit_2(make, message, tmp_path, capsys):
    path = tmp_path / "hostile.docx"
    path.write_bytes(make())
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "Traceback" not in err
    import re

    assert re.search(message, err)


def test_bullets_print_as_bullets():
    numbering = numbering_xml({1: [(1, "bullet", "\uf0b7"), (1, "bullet", "●")]})
    raw = read_docx(build_docx(para("要点", num=(1, 0)) + para("细则", num=(1, 1)),
                               numbering=numbering))
    assert [ln.text for ln in raw.lines] == ["• 要点", "● 细则"]


def test_byte_mutants_end_as_text_or_typed_error():
    """300 byte-level mutants of a good DOCX (fixed seed): a Document or a PolicyTextError."""
    import random

    from policytext.errors import PolicyTextError

    good = _numbered_report()
    rnd = random.Random(20251128)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rnd.choice((1, 2, 4, 16))):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        if rnd.random() < 0.2:
            data = data[: rnd.randrange(len(data))]
        try:
            policytext.read_bytes(bytes(data), name="mutant.docx")
            outcomes["ok"] += 1
        except PolicyTextError:
            outcomes["error"] += 1
    assert outcomes["ok"] + outcomes["error"] == 300
    assert outcomes["ok"] > 0 and outcomes["error"] > 0


def test_parsing_runs_under_the_deadline():
    """python-docx parses in the limited child: a huge document ends as TooSlowError."""
    import time

    from policytext.errors import TooSlowError
    from policytext.read.limits import Limits

    data = build_docx("".join(para(f"第{i}段正文。") for i in range(100_000)))
    start = time.monotonic()
    with pytest.raises(TooSlowError, match="deadline"):
        read_docx(data, name="huge.docx", limits=Limits(deadline=0.2))
    assert time.monotonic() - start < 5  # ended near the limit, not after the full parse


def test_text_boxes_read_once():
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = "<w:txbxContent>" + para("中共某某委员会文件") + "</w:txbxContent>"
    anchored = (f'<w:p><w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps">'
                f"{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback></mc:AlternateContent>"
                "</w:r><w:r><w:t>正文第一段。</w:t></w:r></w:p>")
    raw = read_docx(build_docx(anchored + para("正文第二段。")))
    assert [ln.text for ln in raw.lines] == ["正文第一段。", "中共某某委员会文件", "正文第二段。"]
    assert raw.chars_in == len("正文第一段。中共某某委员会文件正文第二段。")


def test_page_headers_and_footers_are_logged_not_read_as_text():
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "江苏省科学技术协会文件"
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    d.add_paragraph("一、总体要求")
    d.add_paragraph("1．加强学习。深入学习。")
    second = d.add_section()  # linked to the first: nothing of its own to log
    assert second.header.is_linked_to_previous
    d.add_paragraph("2．开展活动。组织活动。")
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    doc = policytext.read_bytes(data, name="x.docx")
    assert doc.text == "一、总体要求\n1．加强学习。深入学习。\n2．开展活动。组织活动。"
    assert [(r.kind, r.text, r.page) for r in doc.removed] == [
        ("header", "江苏省科学技术协会文件", None), ("page_number", "— 1 —", None)]
    assert conservation(load_bytes(data, name="x.docx").chars_in, doc) == (30 + 11 + 3,) * 2


@pytest.mark.parametrize("red", [True, False])
def test_red_header_document(red):
    """A 红头 document saved as Word: the 发文机关标志 (red, or only by its 文件 ending),
    the 发文字号 and the title are three elements, not one long title."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    d = docx.Document()

    def centred(text: str, size: int | None = None, colour: bool = False) -> None:
        p = d.add_paragraph()
        run = p.add_run(text)
        if size:
            run.font.size = Pt(size)
        if colour:
            run.font.color.rgb = RGBColor(0xE6, 0x00, 0x12)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    centred("中共江苏省科技社团委员会文件", 26, colour=red)
    centred("苏科技社团党发〔2025〕8号")
    centred("关于印发《2025年江苏省科技社团党的建设工作要点》的通知", 22)
    d.add_paragraph("各省级学会党组织：")
    d.add_paragraph("　　现将《2025年江苏省科技社团党的建设工作要点》印发给你们，请认真贯彻落实。")
    for text in ("中共江苏省科技社团委员会", "2025年4月15日"):
        d.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph("一、突出政治引领")
    d.add_paragraph("1．深入学习。加强学习。")
    buf = io.BytesIO()
    d.save(buf)
    doc = policytext.read_bytes(buf.getvalue(), name="red.docx").to_dict()
    assert {k: doc[k] for k in ("org_mark", "doc_number", "title", "issuer", "recipients",
                                "signed_date", "cover_letter")} == {
        "org_mark": "中共江苏省科技社团委员会文件",
        "doc_number": "苏科技社团党发〔2025〕8号",
        "title": "关于印发《2025年江苏省科技社团党的建设工作要点》的通知",
        "issuer": "中共江苏省科技社团委员会",
        "recipients": ["各省级学会党组织"],
        "signed_date": "2025-04-15",
        "cover_letter": "现将《2025年江苏省科技社团党的建设工作要点》印发给你们，请认真贯彻落实。",
    }
    assert [s["title"] for s in doc["sections"]] == ["突出政治引领"]


def test_imprint_in_a_table():
    """The 版记 set as a Word table (抄送 in one row; 印发机关 | 印发日期 in two cells):
    a row is one line, so the closing elements are read, not left in the last item."""
    import docx

    d = docx.Document()
    for text in ("关于做好2025年党建工作的通知", "各省级学会党组织：", "　　现就有关事项通知如下。",
                 "一、加强学习", "1．深入学习。加强学习。", "中共江苏省科技社团委员会",
                 "2025年4月15日"):
        d.add_paragraph(text)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "抄送：省科协办公室，省委组织部。"
    t.cell(1, 0).text = "江苏省科协办公室"
    t.cell(1, 1).text = "2025年4月16日印发"
    buf = io.BytesIO()
    d.save(buf)
    doc = policytext.read_bytes(buf.getvalue(), name="imprint.docx")
    got = doc.to_dict()
    assert {k: got[k] for k in ("issuer", "signed_date", "cc", "printed_by", "printed_date")} == {
        "issuer": "中共江苏省科技社团委员会", "signed_date": "2025-04-15",
        "cc": ["省科协办公室", "省委组织部"], "printed_by": "江苏省科协办公室",
        "printed_date": "2025-04-16"}
    assert [it.text for it in doc.items] == ["深入学习。加强学习。"]
    assert doc.removed == ()  # the tab between the cells is no extraction damage
