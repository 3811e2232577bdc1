"""Nothing hidden gets in, nothing garbled passes as ok.

Text a reader of the printed page cannot see is not the document's text: PDF
text in render mode 3, clipped away, off the page or white on white; Word's
hidden runs, tracked deletions, comments and field codes.  It is logged in
``removed`` and reaches no item, requirement or search result, and the visible
text parses exactly as the gold.  A text layer of private-use code points or of
many overlapping layers is ``degraded``, page by page.  Control and bidi
characters are removed and logged; UTF-16 without a byte-order mark is read.
Every fixture is generated here (tests/pdfgen.py, tests/docxmaker.py), synthetic.
"""

from __future__ import annotations

import io
import json

import pytest
from docxmaker import HIDDEN_CLAUSES, build_docx, gold_docx, para, runs_para
from goldcheck import differences
from pdfgen import HIDDEN, Variant, layered_pdf, private_use_pdf, render

import policytext
from policytext import store
from policytext.clean import count_visible
from policytext.pipeline import conservation
from policytext.read import load_bytes
from policytext.read.plain import decode
from policytext.requirements import extract_requirements


@pytest.fixture(scope="module")
def gold_json(gold):
    return json.dumps(gold, ensure_ascii=False)


def _texts_shown(doc) -> list[str]:
    """Every text of the document a reader or a search sees."""
    out = [doc.text, doc.preamble, doc.title or ""]
    for section in doc.sections:
        out.append(section.title or "")
        out.extend(f"{it.title} {it.text}" for it in section.iter_items())
    out.extend(r.text for r in extract_requirements(doc, statements=True))
    return out


def _never_shown(doc, clauses, tmp_path, name):
    """No hidden clause is in the text, an item, a requirement or a search result."""
    for clause in clauses:
        core = clause.rstrip("。")[-8:]  # a distinctive part of it
        assert not any(core in t for t in _texts_shown(doc)), clause
    path = tmp_path / name
    db = tmp_path / "hidden.db"
    report = store.ingest([path], db=db, tag=True)
    assert not report.failed
    for clause in clauses:
        assert store.search(db, clause.rstrip("。")[-8:]) == [], clause
    assert store.search(db, "三会一课")  # while the visible text is found


PDF_CASES = {f"pdf-{k}": frozenset([k]) for k in HIDDEN} | {"pdf-all": frozenset(HIDDEN)}


@pytest.mark.parametrize("key", sorted(PDF_CASES))
def test_invisible_pdf_text_is_logged_not_read(key, gold, gold_json):
    data, expected = render(json.loads(gold_json), Variant(damages=PDF_CASES[key]))
    raw = load_bytes(data, name="hidden.pdf")
    doc = policytext.read_bytes(data, name="hidden.pdf")
    assert expected and all(e["kind"] == "invisible" for e in expected)
    # the visible text parses exactly as the gold; each hidden line is logged with its page
    assert differences(doc.to_dict(), dict(gold, removed=expected)) == []
    assert doc.status == "ok" and doc.warnings == ()
    invisible = [r for r in doc.removed if r.kind == "invisible"]
    assert sorted(r.text for r in invisible) == sorted(e["text"] for e in expected)
    assert all(r.page and r.page >= 2 for r in invisible)
    assert raw.chars_in == count_visible(doc.text) + sum(
        count_visible(r.text) - count_visible(r.replacement) for r in doc.removed)
    for text in {e["text"] for e in expected}:
        assert not any(text[-8:] in t for t in _texts_shown(doc))


def test_invisible_pdf_text_reaches_no_search_result(gold_json, tmp_path):
    data, expected = render(json.loads(gold_json), Variant(damages=frozenset(HIDDEN)))
    (tmp_path / "hidden.pdf").write_bytes(data)
    doc = policytext.read(tmp_path / "hidden.pdf")
    reasons = {r.reason for r in doc.removed if r.kind == "invisible"}
    assert reasons == {"invisible text (render mode 3: neither filled nor stroked)",
                       "text outside the clipping path (clipped away)",
                       "text drawn outside the visible page", "white text on a white page"}
    _never_shown(doc, list(HIDDEN.values()), tmp_path, "hidden.pdf")


def test_invisible_text_over_visible_text_does_not_garble_it(gold_json):
    """Before, the glyphs of both were read as one line, interleaved."""
    gold = json.loads(gold_json)
    data, _ = render(gold, Variant(damages=frozenset(["invisible_over"])))
    doc = policytext.read_bytes(data, name="over.pdf")
    assert doc.preamble == gold["preamble"]
    assert [it.text for s in doc.sections for it in s.iter_items()] == \
        [it["text"] for s in gold["sections"] for it in s["items"]]


def _canvas_pdf(draw) -> bytes:
    from pdfgen import song_canvas

    buf = io.BytesIO()
    c = song_canvas(buf)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_white_text_on_a_dark_box_is_visible():
    def draw(c):
        c.setFillColorRGB(0.1, 0.1, 0.4)
        c.rect(60, 700, 300, 40, fill=1, stroke=0)
        c.setFillColorRGB(1, 1, 1)
        c.drawString(72, 715, "白底反白标题：加强党的建设")
        c.setFillColorRGB(0, 0, 0)
        c.drawString(72, 660, "正文第一段。")

    raw = load_bytes(_canvas_pdf(draw), name="banner.pdf")
    assert [line.text for line in raw.lines] == ["白底反白标题：加强党的建设", "正文第一段。"]
    assert not raw.removed


def test_ocr_layer_of_a_scanned_page_is_its_text():
    """A searchable scan: invisible (render mode 3) text over a full-page image."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(c):
        img = Image.new("RGB", (200, 280), (250, 250, 245))
        c.drawImage(ImageReader(img), 0, 0, 595, 842)
        t = c.beginText(72, 760)
        t.setFont("STSong-Light", 12)
        t.setTextRenderMode(3)
        t.textLine("一、总则")
        t.textLine("扫描件经文字识别后的正文。")
        c.drawText(t)

    doc = policytext.read_bytes(_canvas_pdf(draw), name="scan.pdf")
    assert doc.text == "一、总则\n扫描件经文字识别后的正文。"
    assert not [r for r in doc.removed if r.kind == "invisible"]
    assert any("invisible layer over a scanned image" in w for w in doc.warnings)


def test_invisible_text_over_a_small_picture_stays_hidden():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(c):
        c.drawImage(ImageReader(Image.new("RGB", (20, 20), (200, 0, 0))), 72, 700, 40, 40)
        c.saveState()  # the render mode is graphics state: it would last past the text
        t = c.beginText(72, 710)
        t.setFont("STSong-Light", 12)
        t.setTextRenderMode(3)
        t.textOut("各单位必须立即转账。")
        c.drawText(t)
        c.restoreState()
        c.drawString(72, 600, "正文。")

    doc = policytext.read_bytes(_canvas_pdf(draw), name="pic.pdf")
    assert doc.text == "正文。"
    assert [(r.kind, r.text, r.page) for r in doc.removed] == \
        [("invisible", "各单位必须立即转账。", 1)]


def test_a_string_running_over_the_page_edge_is_kept():
    def draw(c):
        c.drawString(560, 700, "标题过长超出页边")  # runs past the right edge (x 595)
        c.drawString(-900, 650, "整句画在页面之外。")

    doc = policytext.read_bytes(_canvas_pdf(draw), name="edge.pdf")
    assert doc.text == "标题过长超出页边"
    assert [(r.kind, r.text) for r in doc.removed] == [("invisible", "整句画在页面之外。")]


# ---------------------------------------------------------------------------
# Word


def test_word_hidden_text_is_logged_not_read(gold, tmp_path):
    data, expected = gold_docx(gold)
    (tmp_path / "hidden.docx").write_bytes(data)
    doc = policytext.read(tmp_path / "hidden.docx")
    assert differences(doc.to_dict(), dict(gold, removed=expected)) == []
    assert doc.status == "ok"
    kinds = sorted(r.kind for r in doc.removed)
    # the hidden paragraph stands between each pair of sections
    assert kinds == ["comment", "deleted", "field_code", "hidden", "hidden"] + \
        ["hidden"] * (len(gold["sections"]) - 1)
    assert conservation(load_bytes(data, name="h.docx").chars_in, doc)[0] == \
        conservation(load_bytes(data, name="h.docx").chars_in, doc)[1]
    _never_shown(doc, list(HIDDEN_CLAUSES.values()), tmp_path, "hidden.docx")


@pytest.mark.parametrize("runs, shown, logged", [
    ([("甲", "vanish"), "乙"], "乙", [("hidden", "甲")]),
    ([("甲", "specVanish"), "乙"], "乙", [("hidden", "甲")]),
    ([("甲", "vanish-off"), "乙"], "甲乙", []),           # w:vanish w:val="0": shown
    ([("甲", "del"), ("乙", "ins")], "乙", [("deleted", "甲")]),
    ([("甲", "moveFrom"), "乙", ("甲", "moveTo")], "乙甲", [("deleted", "甲")]),
    (["见", ("第三条", "field:REF _Ref9 \\h")], "见第三条", [("field_code", "REF _Ref9 \\h")]),
], ids=["vanish", "specVanish", "vanish-off", "del-ins", "move", "field"])
def test_word_run_kinds(runs, shown, logged):
    doc = policytext.read_bytes(build_docx(runs_para(*runs)), name="r.docx")
    assert doc.text == shown
    assert [(r.kind, r.text) for r in doc.removed] == logged


def test_word_hidden_by_style():
    from docxmaker import build_docx_parts, styles_xml

    styles = styles_xml({"Hide": ("character", True, None), "Base": ("paragraph", True, None),
                         "Note": ("paragraph", None, "Base"), "Show": ("character", False, None)})
    body = (runs_para("正文", ("隐藏一", "style:Hide"), "。")
            + runs_para("整段隐藏。", style="Note")
            + runs_para(("显示", "style:Show"), style="Note"))
    doc = policytext.read_bytes(build_docx_parts(body, styles=styles), name="s.docx")
    assert doc.text == "正文。\n显示"
    assert [(r.kind, r.text) for r in doc.removed] == \
        [("hidden", "隐藏一"), ("hidden", "整段隐藏。")]


# ---------------------------------------------------------------------------
# Text layers that cannot be trusted


def test_private_use_text_layer_is_degraded_by_page():
    """With OCR off; with it on, such pages are read again from their image (test_ocr)."""
    data = private_use_pdf(pages=2)
    raw = load_bytes(data, name="pua.pdf", ocr="never")
    assert raw.degraded_pages == ((1, "private_use"), (2, "private_use"))
    doc = policytext.read_bytes(data, name="pua.pdf", ocr="never")
    assert doc.status == "degraded"
    assert "text layer unreliable on page(s) 1–2: mostly private-use code points (a font " \
           "without a real Unicode map); those pages need OCR (OCR turned off)" in doc.warnings


def test_private_use_text_layer_is_read_again_by_ocr():
    """OCR auto mode takes the reader's verdict: the page is OCR'd, not degraded, and
    the private-use layer it replaced is logged whole (the box glyphs read as nothing)."""
    data = private_use_pdf(pages=1)
    layer = "".join(line.text for line in load_bytes(data, name="pua.pdf", ocr="never").lines)
    raw = load_bytes(data, name="pua.pdf")
    assert raw.degraded_pages == ()
    assert [(p["page"], p["reason"]) for p in raw.meta["ocr"]["pages"]] == \
        [(1, "untrustworthy text layer (private_use)")]
    replaced = [r for r in raw.removed if r.kind == "ocr"]
    assert len(replaced) == 1 and replaced[0].page == 1
    assert "".join(replaced[0].text.split()) == "".join(layer.split())
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for line in raw.lines for ch in line.text)


def test_three_hundred_layers_are_degraded_on_their_page():
    data = layered_pdf(300, clean_pages=1)
    raw = load_bytes(data, name="layers.pdf", ocr="never")
    assert raw.degraded_pages == ((2, "layers"),)
    doc = policytext.read_bytes(data, name="layers.pdf", ocr="never")
    assert doc.status == "degraded"
    assert any(w.startswith("text layer unreliable on page(s) 2: text drawn in many "
                            "overlapping layers") for w in doc.warnings)


def test_few_layers_and_clean_pages_are_ok(gold_json):
    assert load_bytes(layered_pdf(1, clean_pages=1), name="one.pdf").degraded_pages == ()
    data, _ = render(json.loads(gold_json), Variant(damages=frozenset(["fake_bold"])))
    assert load_bytes(data, name="bold.pdf").degraded_pages == ()


# ---------------------------------------------------------------------------
# Control and bidi characters; UTF-16 without a byte-order mark


@pytest.mark.parametrize("dirty, clean, removed", [
    ("一、总则\n\n1．各单位要\u202e加强学习\u202c。\n", "1．各单位要加强学习。", "\u202e\u202c"),
    ("一、总则\n\n1．各单位\u2066要\u2069加强学习。\n", "1．各单位要加强学习。", "\u2066\u2069"),
    ("一、总则\n\n1．各单位要\x07加强\x1b学习。\n", "1．各单位要加强学习。", "\x07\x1b"),
    ("一、总则\n\n1．各单位要\x85加强学习\x9b。\n", "1．各单位要加强学习。", "\x85\x9b"),
    ("一、总则\n\n1．Party\x0bbuilding work。\n", "1．Party building work。", "\x0b"),
], ids=["override", "isolates", "c0", "c1", "vertical-tab"])
def test_control_and_bidi_characters_are_removed_and_logged(dirty, clean, removed):
    doc = policytext.read_bytes(dirty.encode("utf-8"), name="c.txt")
    assert clean in doc.text
    log = [r for r in doc.removed if r.kind == "control"]
    assert "".join(r.text for r in log) == removed and all(r.page == 1 for r in log)
    assert conservation(decode(dirty.encode("utf-8")).text, doc) == \
        (count_visible(dirty),) * 2


def test_control_characters_in_word_text_are_removed():
    doc = policytext.read_bytes(build_docx(para("各单位\u202e要\x85加强学习。")), name="c.docx")
    assert doc.text == "各单位要加强学习。"
    # NEL (U+0085) is white space: it becomes a space, which between Chinese is dropped
    assert [(r.kind, r.text) for r in doc.removed] == [("control", "\u202e\x85"), ("space", " ")]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(encoding, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    want = policytext.read_bytes(text.encode("utf-8"), name="s.txt")
    doc = policytext.read_bytes(text.encode(encoding), name="s.txt")
    assert doc.encoding == encoding and doc.text == want.text
    # several 一 (U+4E00, a NUL byte of its own) among ASCII; and no NUL byte at all
    for sample in ("一、总则\n\n1．一以贯之，统一思想，一律执行 ABC 一次。\n",
                   "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于"):
        assert decode(sample.encode(encoding)) .text == sample


def test_binary_with_nul_bytes_is_still_refused():
    from policytext.errors import EncodingError

    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)) * 8
    with pytest.raises(EncodingError, match="binary data"):
        policytext.read_bytes(png, name="image.txt")
