"""The OFD reader: real OFD files (../shared/corpora/ofd), 公文 generated as OFD by
tests/ofdgen.py, the hostile set, and legacy OLE binaries named for what they are."""

from __future__ import annotations

import difflib
import json
import re
import time
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from goldcheck import differences
from ofdgen import hostile_ofds, ofd_from_blocks
from pdfgen import ORG_MARK, Block, gold_blocks

import policytext
from policytext.clean import count_visible
from policytext.cli import main
from policytext.errors import (
    CorruptFileError,
    LimitError,
    PolicyTextError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from policytext.pipeline import conservation
from policytext.read import load_bytes
from policytext.read.limits import Limits

DATA = Path(__file__).parent / "data" / "ofd"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def textcode_text(path) -> str:
    """The TextCode text of an OFD in page order, composite units followed where drawn
    (written here independently of the reader, from the XML alone)."""
    zf = zipfile.ZipFile(path)
    units = {}
    for name in zf.namelist():
        if name.endswith("Res.xml"):
            for el in ET.fromstring(zf.read(name)).iter():
                if _local(el.tag) == "CompositeGraphicUnit":
                    units[el.get("ID")] = el
    texts: list[str] = []

    def walk(el):
        for c in el:
            tag = _local(c.tag)
            if tag == "TextCode":
                texts.append(c.text or "")
            elif tag == "CompositeObject":
                walk(units[c.get("ResourceID")])
            else:
                walk(c)

    document = ET.fromstring(zf.read("Doc_0/Document.xml"))
    for page in document.iter():
        if _local(page.tag) == "Page" and page.get("BaseLoc"):
            walk(ET.fromstring(zf.read("Doc_0/" + page.get("BaseLoc"))))
    return "".join(texts)


def _only_logged_deletions(expected: str, doc) -> list[str]:
    """How ``doc``'s text differs from ``expected`` other than by logged removals."""
    want = re.sub(r"\s", "", expected)
    got = re.sub(r"\s", "", doc.text)
    logged = [re.sub(r"\s", "", r.text) for r in doc.removed if r.text]
    problems = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, got,
                                                      autojunk=False).get_opcodes():
        if op == "equal":
            continue
        gone = want[i1:i2]
        if op != "delete" or not any(gone in text or text in gone for text in logged):
            problems.append(f"{op}: {gone[:40]!r} → {got[j1:j2][:40]!r}")
    return problems


def test_y_ofd_reads_as_its_article_in_reading_order(shared_corpora):
    """The magazine pages of y.ofd in the order a reader reads them (hand-written from the
    pages drawn, tests/data/ofd/y-reading-order.json): the producer writes page 2's right
    column first and page 1's editor's note last; columns are read by their geometry."""
    path = shared_corpora / "ofd" / "y.ofd"
    want = json.loads((DATA / "y-reading-order.json").read_text(encoding="utf-8"))
    doc = policytext.read(path)
    assert doc.format == "ofd" and doc.pages == 3 and doc.status == "ok"
    paragraphs = doc.text.split("\n")
    got = [next((s for s in want["paragraphs"] if p.startswith(s)), f"?? {p[:30]}")
           for p in paragraphs]
    assert got == want["paragraphs"]
    # sentences running from one column (or page) into the next are joined
    assert [s for s in want["seams"] if s not in doc.text] == []
    removed = [(r.kind, r.page, r.text) for r in doc.removed]
    assert [(k, p, t) for k, p, t in removed if k == "caption"] == \
        [("caption", p, t) for p, t in want["captions"]]
    assert [(k, p, t) for k, p, t in removed if k == "header"] == \
        [("header", p, t) for p, t in want["headers"]]
    assert [p for k, p, _ in removed if k == "page_number"] == [1, 2, 3]  # the folios
    # nothing lost or invented: the XML's characters are the text's and the log's
    expected = Counter(re.sub(r"\s", "", textcode_text(path)))
    kept = Counter(re.sub(r"\s", "", doc.text + "".join(r.text for r in doc.removed)))
    assert count_visible(textcode_text(path)) > 4000 and kept == expected


def test_watermark_annotation_is_logged_and_the_title_found(shared_corpora):
    """AddWatermarkAnnot.ofd: a picture laid over pages 1, 3 and 5 as Watermark annotations
    (Annotations.xml), and a title set flush left in the body's type, apart from the text
    by the space under it, with the author's name set off the same way."""
    doc = policytext.read(shared_corpora / "ofd" / "AddWatermarkAnnot.ofd")
    assert [(r.kind, r.page, r.text) for r in doc.removed] == [
        ("watermark", 1, ""), ("watermark", 3, ""), ("watermark", 5, "")]
    assert doc.title == "拿来主义" and doc.status == "ok"
    assert doc.text.split("\n")[:2] == ["拿来主义", "鲁迅"]


def test_certificate_lines_wrapped_in_their_own_type_are_joined(shared_corpora):
    """zsbk.ofd (a licence, read off its geometry): the wording on the left half, in a type
    larger than the form's labels, wraps once (…经审 / 查，…); the notes on the right
    (注意事项) are seven items, four of them over two lines."""
    doc = policytext.read(shared_corpora / "ofd" / "zsbk.ofd")
    paragraphs = doc.text.split("\n")
    assert "根据《中华人民共和国建筑法》第八条规定，经审查，本建筑工程符合施工条件，准予施工。" \
        in paragraphs
    notes = [p for p in paragraphs if re.match(r"^[一二三四五六七]、", p)]
    assert [p[:2] for p in notes] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    assert all(p.endswith("。") for p in notes)
    assert notes[6] == ("七、凡未取得本证擅自施工的属违法建设，将按《中华人民共和国建筑法》"
                        "的规定予以处罚。")


def test_every_shared_ofd_parses_or_fails_in_one_line(shared_corpora, capsys):
    files = sorted((shared_corpora / "ofd").glob("*.ofd"))
    assert len(files) == 8
    statuses = {}
    for path in files:
        code = main(["parse", str(path), "--format", "json", "-o", "/dev/null"])
        err = capsys.readouterr().err
        assert code == 0 or (code == 2 and len(err.splitlines()) == 1
                             and err.startswith("error: ")), (path.name, err)
        if code == 0:
            statuses[path.name] = policytext.read(path).status
    # every one of them is readable, and the font with its own encoding is not passed off
    assert len(statuses) == 8
    assert statuses.pop("SplitParagraph.ofd") == "degraded"
    assert set(statuses.values()) == {"ok"}


def test_garbled_font_is_degraded_with_a_warning(shared_corpora):
    doc = policytext.read(shared_corpora / "ofd" / "SplitParagraph.ofd")
    assert doc.status == "degraded"
    assert doc.warnings[0].startswith("garbled text on page(s) 1–2")


def test_sideways_text_reads_along_its_direction(shared_corpora):
    doc = policytext.read(shared_corpora / "ofd" / "文字横向-数科.ofd")
    assert doc.text.replace("\t", "\n").split("\n") == ["121212", "一二三四", "一二三四",
                                                        "一二三四"]


def test_gold_as_ofd_parses_to_the_gold(gold):
    data = ofd_from_blocks(gold_blocks(gold))
    raw = load_bytes(data, name="gold.ofd")
    doc = policytext.read_bytes(data, name="gold.ofd")
    # (the gold's removals are those of its download-site text; this file has none)
    assert differences(doc.to_dict(), dict(gold, removed=[])) == []
    assert doc.org_mark == ORG_MARK and doc.status == "ok" and doc.format == "ofd"
    assert [r.text for r in doc.removed if r.kind == "page_number"] == \
        [f"— {p} —" for p in range(1, doc.pages + 1)]
    assert conservation(raw.chars_in, doc) == (raw.chars_in, raw.chars_in)


NOTICE = [
    Block("苏科协发〔2026〕3号", "center"),
    Block("关于开展学会党建工作评估的通知", "title"),
    Block("各省级学会：", "flush"),
    Block("为深入推进科技社团党建工作，现就开展年度评估有关事项通知如下。"),
    Block("一、评估对象", "heading"),
    Block("（一）省级学会。全省各省级学会党建工作领导小组及秘书处党支部。"),
    Block("（二）学会联合体。依托学会联合体成立的功能型党组织。"),
    Block("二、工作安排", "heading"),
    Block("（一）自查自评。各学会对照评估细则开展自查，形成自评报告。"),
    Block("（二）集中评估。省科协组织专家开展集中评估，并反馈评估意见。"),
    Block("江苏省科学技术协会", "signature"),
    Block("2026年3月2日", "date"),
    Block("抄送：省委两新工委。", "cc"),
    Block("江苏省科协办公室|2026年3月3日印发", "printed"),
]


def test_generated_notice_ofd_parses_to_its_structure():
    data = ofd_from_blocks(NOTICE, red_header="江苏省科学技术协会文件", watermark="内部资料",
                           header_template=True)
    doc = policytext.read_bytes(data, name="notice.ofd")
    outline = [(s.number, s.title, [(i.path, i.title) for i in s.items]) for s in doc.sections]
    assert outline == [
        ("一", "评估对象", [("一/（一）", "省级学会"), ("一/（二）", "学会联合体")]),
        ("二", "工作安排", [("二/（一）", "自查自评"), ("二/（二）", "集中评估")]),
    ]
    assert (doc.org_mark, doc.doc_number, doc.title, doc.recipients, doc.issuer,
            doc.signed_date, doc.cc, doc.printed_by, doc.printed_date) == (
        "江苏省科学技术协会文件", "苏科协发〔2026〕3号", "关于开展学会党建工作评估的通知",
        ("各省级学会",), "江苏省科学技术协会", "2026-03-02", ("省委两新工委",),
        "江苏省科协办公室", "2026-03-03")
    kinds = [(r.kind, r.text) for r in doc.removed]
    assert ("watermark", "内部资料") in kinds  # the annotation: furniture, logged
    assert ("page_number", "— 1 —") in kinds
    # the template's red header is read once, though both pages use it
    assert doc.pages == 2 and doc.text.count("江苏省科学技术协会文件") == 1


@pytest.mark.parametrize("case", sorted(hostile_ofds()))
def test_hostile_ofd_ends_in_a_typed_error_within_the_deadline(case):
    data = hostile_ofds()[case]
    start = time.monotonic()
    with pytest.raises(PolicyTextError) as info:
        load_bytes(data, name=f"{case}.ofd", limits=Limits(deadline=20))
    assert time.monotonic() - start < 25
    expected = {"zip-bomb": UnsafeInputError, "entities": UnsafeInputError,
                "external-entity": UnsafeInputError, "deep-xml": UnsafeInputError,
                "deep-composites": UnsafeInputError, "300k-characters": LimitError}
    assert isinstance(info.value, expected.get(case, CorruptFileError)), info.value


def test_hostile_ofd_cli_one_line(tmp_path, capsys):
    for case, data in hostile_ofds().items():
        path = tmp_path / f"{case}.ofd"
        path.write_bytes(data)
        assert main(["parse", str(path)]) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and err.startswith("error: "), (case, err)


def _ole(word: bool) -> bytes:
    """The start of an OLE2 compound file (the header and a directory naming its streams)."""
    name = "WordDocument" if word else "Workbook"
    entry = name.encode("utf-16-le").ljust(64, b"\0")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + entry + bytes(448)


@pytest.mark.parametrize("name, word, says", [
    ("report.doc", True, "a Word 97–2003 document (.doc, an OLE binary)"),
    ("report.docx", True, "a Word 97–2003 document (.doc, an OLE binary) named .docx"),
    ("report.wps", True, "a WPS Office 文字 document (.wps, an OLE binary)"),
    ("table.xls", False, "a legacy Office binary"),
])
def test_legacy_ole_binaries_are_named_with_how_to_convert(name, word, says, tmp_path,
                                                           capsys):
    with pytest.raises(UnsupportedFormatError, match=re.escape(says)):
        load_bytes(_ole(word), name=name)
    path = tmp_path / name
    path.write_bytes(_ole(word))
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "libreoffice --headless --convert-to docx" in err
    assert "damaged" not in err and "zip" not in err.lower()
