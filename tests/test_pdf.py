"""The PDF reader: the gold document rendered with each kind of damage and in other
layouts parses to the gold, every character is accounted for, and bad PDFs fail
with one typed error."""

from __future__ import annotations

import io
import subprocess
import sys
from functools import cache

import pytest
from goldcheck import differences
from pdfgen import DAMAGES, LINK, ORG_MARK, Layout, Variant, render

import policytext
from policytext.cli import main
from policytext.errors import (
    CorruptFileError,
    InputError,
    NoTextLayerError,
    PasswordError,
)
from policytext.patterns import count_visible
from policytext.pipeline import build
from policytext.read import load_bytes

LAYOUTS = {
    "official": Layout(),
    "narrow-12pt": Layout(width=20 * 12.0, chars_per_line=20, size=12.0, lines_per_page=30),
    "wide-18pt": Layout(width=22 * 18.0, chars_per_line=22, size=18.0, lines_per_page=18),
    "paragraph-gaps": Layout(indent=False, para_gap=0.6),
    "glyph-by-glyph": Layout(glyph_by_glyph=True),
    "truetype": Layout(font="ttf"),
    "no-title": Layout(title=False),
    "mirrored-margins": Layout(mirror=24.0),
}

VARIANTS = {f"damage-{d}": Variant(damages=frozenset([d])) for d in DAMAGES}
VARIANTS["damage-all"] = Variant(damages=frozenset(DAMAGES))
VARIANTS.update({f"layout-{k}": Variant(layout=v) for k, v in LAYOUTS.items()})
VARIANTS["all-damage-glyph-by-glyph"] = Variant(layout=LAYOUTS["glyph-by-glyph"],
                                                damages=frozenset(DAMAGES))
VARIANTS["all-damage-mirrored-narrow"] = Variant(
    layout=Layout(mirror=-18.0, width=20 * 12.0, chars_per_line=20, size=12.0, lines_per_page=30),
    damages=frozenset(DAMAGES))
VARIANTS["all-damage-truetype-gaps"] = Variant(
    layout=Layout(font="ttf", indent=False, para_gap=0.6), damages=frozenset(DAMAGES))


@cache
def _rendered(key: str, gold_json: str):
    import json

    return render(json.loads(gold_json), VARIANTS[key])


def _parse(data: bytes):
    raw = load_bytes(data, name="synthetic.pdf")
    return raw, build(raw, source="synthetic.pdf")


@pytest.fixture(scope="module")
def gold_json(gold):
    import json

    return json.dumps(gold, ensure_ascii=False)


@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_variant_parses_to_gold(key, gold, gold_json):
    data, expected_removed = _rendered(key, gold_json)
    raw, doc = _parse(data)
    want = dict(gold, removed=expected_removed)
    assert differences(doc.to_dict(), want) == []
    assert doc.status == "ok" and doc.warnings == ()
    # conservation: every non-whitespace glyph of the PDF is kept or logged
    kept = count_visible(doc.text)
    logged = sum(count_visible(r.text) - count_visible(r.replacement) for r in doc.removed)
    assert raw.chars_in == kept + logged
    # every logged removal from the reader names its page
    assert all(r.page for r in doc.removed if r.kind in
               ("watermark", "fake_bold", "page_number", "header", "link"))
    damages = VARIANTS[key].damages
    assert (doc.org_mark == ORG_MARK) == ("red_header" in damages)
    assert ORG_MARK not in doc.preamble


def test_damage_is_really_in_the_pdf(gold, gold_json):
    """The fixtures are damaged: pdfplumber's own text shows what the reader repairs."""
    import pdfplumber

    def text_of(key):
        with pdfplumber.open(io.BytesIO(_rendered(key, gold_json)[0])) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)

    assert "„2025‟" in text_of("damage-bracket_quotes")
    assert "⼀" in text_of("damage-kangxi")
    assert LINK in text_of("damage-link_page_break")
    assert "— 2 —" in text_of("damage-page_numbers")
    assert "2025 年" in text_of("damage-digit_spaces")
    bold = text_of("damage-fake_bold")
    assert "11．．" in bold or "一一、、" in bold


def test_link_inside_a_line_is_logged_with_context(gold, gold_json):
    _, doc = _parse(_rendered("damage-link_in_line", gold_json)[0])
    links = [r for r in doc.removed if r.kind == "link"]
    assert [(r.text, r.between, r.page) for r in links] == [
        (LINK, ("全面提升政", "治功能和组织功能。"), links[0].page)]
    assert LINK not in doc.text


def test_sentence_broken_by_a_page_break_joins(gold, gold_json):
    _, doc = _parse(_rendered("damage-all", gold_json)[0])
    item = doc.item("二/7")
    assert "全面提升政治功能和组织功能。" in item.text
    assert item.pages[1] > item.pages[0]


def test_watermark_and_fake_bold_logged_per_page(gold, gold_json):
    _, doc = _parse(_rendered("damage-all", gold_json)[0])
    kinds = {}
    for r in doc.removed:
        kinds.setdefault(r.kind, set()).add(r.page)
    assert kinds["watermark"] == set(range(1, doc.pages + 1))
    assert kinds["page_number"] == set(range(1, doc.pages + 1))
    assert kinds["header"] == set(range(1, doc.pages + 1))
    assert {"fake_bold", "bracket", "glyph", "link"} <= set(kinds)


def test_password(gold, gold_json, tmp_path):
    data = _encrypted(gold)
    with pytest.raises(PasswordError, match="encrypted"):
        load_bytes(data, name="locked.pdf")
    with pytest.raises(PasswordError, match="wrong"):
        load_bytes(data, name="locked.pdf", password="nope")
    doc = policytext.read_bytes(data, name="locked.pdf", password="s3cret")
    assert differences(doc.to_dict(), dict(gold, removed=[])) == []
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    assert main(["parse", str(path), "--password", "s3cret", "--format", "text"]) == 0


def _encrypted(gold) -> bytes:
    """The gold in official layout, encrypted with a user password.

    (TrueType: pdfminer cannot map the predefined CMap of an encrypted CID font.)
    """
    return render(gold, Variant(layout=Layout(font="ttf")), password="s3cret")[0]


# ---------------------------------------------------------------------------
# Bad input: one typed error; in the CLI one line and exit 2


def _image_only() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("RGB", (200, 100), (240, 240, 240))
    for x in range(20, 180):
        img.putpixel((x, 50), (0, 0, 0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(img), 72, 600, 400, 200)
    c.showPage()
    c.save()
    return buf.getvalue()


def _bad_inputs(gold):
    import random

    good = render(gold, Variant(layout=Layout(title=False)))[0]
    rng = random.Random(7)
    return {
        "empty.pdf": (b"", InputError, "empty"),
        "random.pdf": (bytes(rng.randrange(256) for _ in range(4096)), CorruptFileError,
                       "not a PDF"),
        "truncated.pdf": (good[: len(good) * 2 // 5], CorruptFileError, "truncated"),
        "scan.pdf": (_image_only(), NoTextLayerError, "no text layer"),
        "locked.pdf": (_encrypted(gold), PasswordError, "password"),
    }


def test_bad_inputs_raise_typed_errors(gold):
    for name, (data, error, message) in _bad_inputs(gold).items():
        with pytest.raises(error, match=message):
            policytext.read_bytes(data, name=name)


def test_bad_inputs_cli_one_line_exit_2(gold, tmp_path, capsys):
    for name, (data, _, message) in _bad_inputs(gold).items():
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["parse", str(path)]) == 2, name
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, captured.err)
        assert message in lines[0]


def test_bad_inputs_subprocess_no_traceback(gold, tmp_path):
    for name, (data, _, _) in _bad_inputs(gold).items():
        path = tmp_path / name
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-m", "policytext", "parse", str(path)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, (name, proc.stderr)
        assert proc.stdout == ""
        assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("error: ")
        assert "Traceback" not in proc.stderr


def test_cid_placeholders_are_not_silent_success(monkeypatch):
    """A text layer of (cid:N) placeholders is an error; a few make the status degraded."""
    from policytext.read import pdf as pdfmod

    def results(cid_share):
        rows = [pdfmod._Row(1, "正文" * 10, 72, 500, 100 + 20 * k, 116 + 20 * k, 16, False,
                            842) for k in range(10)]
        total = 200
        cids = int(total * cid_share)
        from collections import Counter

        return [pdfmod._PageResult(rows, [], Counter({16.0: total}), 200, cids, 0)]

    with pytest.raises(NoTextLayerError, match="cid"):
        pdfmod._assemble(results(0.95), 1, "x.pdf", [])
    raw = pdfmod._assemble(results(0.2), 1, "x.pdf", [])
    doc = build(raw, source="x.pdf")
    assert doc.status == "degraded" and any("(cid:" in w for w in doc.warnings)


def test_fonts_without_unicode_map_make_the_status_degraded(gold, gold_json):
    """A real fixture: the TrueType subsets lose their /ToUnicode, so their glyphs come out
    as (cid:N); the document is read but never reported as plain success."""
    for key in ("damage-kangxi", "layout-truetype"):
        data = _rendered(key, gold_json)[0].replace(b"/ToUnicode", b"/ToUnicodX")
        raw, doc = _parse(data)
        assert doc.status == "degraded", key
        assert any("(cid:N) placeholders" in w for w in doc.warnings), key
        assert "(cid:" in doc.text
        kept = count_visible(doc.text)
        logged = sum(count_visible(r.text) - count_visible(r.replacement) for r in doc.removed)
        assert raw.chars_in == kept + logged


def _canvas_pdf(draw) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


SENTENCES = ["一、总体要求", "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。",
             "二、重点任务", "加快建设现代化产业体系，扩大国内需求。"]


def test_page_printed_sideways_is_kept_not_taken_for_a_watermark():
    def draw(c):
        c.rotate(90)
        c.setFont("STSong-Light", 14)
        for k, line in enumerate(SENTENCES):
            c.drawString(72, -100 - 24 * k, line)

    doc = policytext.read_bytes(_canvas_pdf(draw), name="sideways.pdf")
    assert [r for r in doc.removed if r.kind == "watermark"] == []
    assert count_visible(doc.text) == sum(map(count_visible, SENTENCES))
    assert any("rotated" in w for w in doc.warnings)


def test_large_title_on_its_own_is_text_large_text_over_body_is_a_watermark():
    def draw(c):
        c.setFont("STSong-Light", 48)
        c.drawString(72, 700, "工作要点")
        c.setFont("STSong-Light", 12)
        for k, line in enumerate(SENTENCES):
            c.drawString(72, 600 - 20 * k, line)
        c.setFont("STSong-Light", 72)
        c.drawString(100, 540, "样本")  # printed over the body lines

    doc = policytext.read_bytes(_canvas_pdf(draw), name="cover.pdf")
    assert doc.text.startswith("工作要点")
    assert [(r.kind, r.text) for r in doc.removed if r.kind == "watermark"] == [
        ("watermark", "样本")]
