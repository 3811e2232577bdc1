"""Raw text extractions in many layouts: each parses to the gold, every character counted.

The gold document is rendered by :mod:`txtgen` the way PDF-to-text tools leave a
GB/T 9704 document (hard-wrapped lines of one width, blank lines or none, page
breaks as form feeds, leading spaces, page-number lines or running headers, link
stamps, spaces around digits, mis-mapped glyphs) and read back with
``policytext.read``: the result must equal the gold on every gold key, log what
the generator put in (links with their context, page numbers, headers, glyph and
bracket repairs), and balance characters in against characters kept + logged.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from goldcheck import differences
from txtgen import DAMAGES, PAGE_NUMBER_STYLES, TxtLayout, TxtVariant, page_count, render

import policytext
from policytext.pipeline import conservation

L = TxtLayout
ALL = frozenset({"link_page_break", "link_in_page", "digit_spaces", "bracket_quotes", "kangxi"})

CASES: dict[str, tuple[TxtVariant, str]] = {
    "seed-layout": (TxtVariant(), "utf-8"),
    "seed-layout-all-damage": (TxtVariant(damages=ALL), "utf-8"),
}
# each damage class alone, on the founding document's own layout
CASES.update({f"damage-{d}": (TxtVariant(damages=frozenset([d])), "utf-8") for d in DAMAGES})
# each width, with and without blank lines
for w in (20, 24, 32, 38):
    CASES[f"width-{w}"] = (TxtVariant(L(width=w)), "utf-8")
    CASES[f"width-{w}-no-blanks-all-damage"] = (
        TxtVariant(L(width=w, blanks="none"), ALL, seed=w), "utf-8")
# first-line indents, blank-line styles, line ends
CASES.update({
    "indent-fullwidth": (TxtVariant(L(indent="fullwidth")), "utf-8"),
    "indent-ascii": (TxtVariant(L(indent="ascii")), "utf-8"),
    "blanks-none": (TxtVariant(L(blanks="none")), "utf-8"),
    "blanks-paragraph": (TxtVariant(L(blanks="paragraph")), "utf-8"),
    "blanks-paragraph-indent": (TxtVariant(L(blanks="paragraph", indent="fullwidth")), "utf-8"),
    "crlf": (TxtVariant(L(newline="\r\n")), "utf-8"),
    "cr": (TxtVariant(L(newline="\r"), ALL), "utf-8"),
    "no-trailing-spaces": (TxtVariant(L(trailing=False)), "utf-8"),
    "no-trailing-spaces-no-blanks": (TxtVariant(L(trailing=False, blanks="none")), "utf-8"),
    "title-repeated": (TxtVariant(L(title=True)), "utf-8"),
    "short-pages": (TxtVariant(L(page_lines=12), ALL), "utf-8"),
    "long-pages": (TxtVariant(L(page_lines=40), ALL, seed=3), "utf-8"),
})
# page breaks shown in each way
CASES.update({
    "formfeed": (TxtVariant(L(formfeed=True, leading_space=False)), "utf-8"),
    "formfeed-no-blanks": (TxtVariant(L(formfeed=True, leading_space=False, blanks="none"),
                                      ALL), "utf-8"),
    "formfeed-and-leading-space": (TxtVariant(L(formfeed=True)), "utf-8"),
    "invisible-page-breaks": (TxtVariant(L(leading_space=False)), "utf-8"),
    "leading-space-no-blanks": (TxtVariant(L(blanks="none"), ALL), "utf-8"),
    "header": (TxtVariant(L(header=True)), "utf-8"),
    "header-no-blanks": (TxtVariant(L(header=True, leading_space=False, blanks="none")),
                         "utf-8"),
})
for style in PAGE_NUMBER_STYLES:
    CASES[f"page-number-{style}"] = (TxtVariant(L(page_number=style)), "utf-8")
    CASES[f"page-number-{style}-only"] = (
        TxtVariant(L(page_number=style, leading_space=False, blanks="none")), "utf-8")
# combinations, as real tools and documents mix them
CASES.update({
    "pdftotext-like": (TxtVariant(L(formfeed=True, leading_space=False, blanks="none",
                                    indent="fullwidth", page_number="dash", header=True,
                                    trailing=False), ALL, seed=1), "utf-8"),
    "word-export-crlf": (TxtVariant(L(width=32, blanks="paragraph", indent="ascii",
                                      newline="\r\n", page_number="of"), ALL, seed=2), "utf-8"),
    "narrow-bare-numbers": (TxtVariant(L(width=20, blanks="none", page_number="bare",
                                         header=True, page_lines=30), ALL, seed=4), "utf-8"),
    "wide-cr-slash": (TxtVariant(L(width=38, indent="fullwidth", newline="\r",
                                   page_number="slash", page_lines=18), ALL, seed=5), "utf-8"),
    "blank-brackets-hyphen": (TxtVariant(L(width=24, page_number="hyphen", header=True),
                                         frozenset({"bracket_blanks", "digit_spaces",
                                                    "link_page_break", "kangxi"}), seed=6),
                              "utf-8"),
    "title-indent-paragraph": (TxtVariant(L(width=32, title=True, blanks="paragraph",
                                            indent="fullwidth", formfeed=True,
                                            leading_space=False), ALL, seed=7), "utf-8"),
    "everything": (TxtVariant(L(width=24, indent="ascii", newline="\r\n", formfeed=True,
                                page_number="dash", header=True, title=True), ALL, seed=8),
                   "utf-8"),
    # 避头尾 by squeezing the mark onto the line (as the founding document does)
    "kinsoku-squeeze": (TxtVariant(L(kinsoku="squeeze"), ALL, seed=11), "utf-8"),
    "kinsoku-squeeze-narrow-no-blanks": (TxtVariant(L(width=20, kinsoku="squeeze",
                                                      blanks="none", trailing=False,
                                                      page_number="dash"), ALL, seed=12),
                                         "utf-8"),
    # pdftotext -layout: a left margin, centred and right-aligned lines, double blank lines
    "layout-margin-aligned": (TxtVariant(L(margin=8, align=True, blanks="none",
                                           leading_space=False, formfeed=True,
                                           page_number="dash", header=True, trailing=False),
                                         ALL, seed=13), "utf-8"),
    "layout-aligned-narrow-indent": (TxtVariant(L(width=20, align=True, indent="fullwidth",
                                                  blanks="none", page_number="slash",
                                                  header=True, trailing=False), ALL, seed=14),
                                     "utf-8"),
    "blanks-double": (TxtVariant(L(blanks="double", margin=4, align=True, trailing=False),
                                 ALL, seed=15), "utf-8"),
    # the narrowest page, and a title line as wide as the text above a paragraph
    "width-18": (TxtVariant(L(width=18, blanks="none", trailing=False, page_number="of"), ALL,
                            seed=16), "utf-8"),
    "title-narrow-no-blanks": (TxtVariant(L(width=22, title=True, blanks="none",
                                            trailing=False), ALL, seed=17), "utf-8"),
    # other encodings
    "seed-layout-gb18030": (TxtVariant(damages=ALL), "gb18030"),
    "seed-layout-utf-16": (TxtVariant(damages=ALL), "utf-16"),
    "pdftotext-like-gb18030": (TxtVariant(L(formfeed=True, leading_space=False, blanks="none",
                                            indent="fullwidth", page_number="of", header=True),
                                          ALL, seed=9), "gb18030"),
    "word-export-utf-16-le": (TxtVariant(L(width=32, blanks="paragraph", indent="ascii",
                                           newline="\r\n", page_number="dash"), ALL, seed=10),
                              "utf-16-le"),
})


@pytest.fixture(scope="module")
def gold_json(gold):
    return json.dumps(gold, ensure_ascii=False)


@cache
def _rendered(key: str, gold_json: str) -> tuple[str, list[dict]]:
    return render(json.loads(gold_json), CASES[key][0])


@pytest.mark.parametrize("key", sorted(CASES))
def test_layout_parses_to_gold(key, gold, gold_json, tmp_path):
    text, expected = _rendered(key, gold_json)
    path = tmp_path / f"{key}.txt"
    path.write_bytes(text.encode(CASES[key][1]))
    doc = policytext.read(path)
    assert differences(doc.to_dict(), dict(gold, removed=expected)) == []
    assert doc.status == "ok" and doc.warnings == ()
    chars_in, accounted = conservation(text, doc)
    assert chars_in == accounted
    layout = CASES[key][0].layout
    if layout.formfeed or layout.leading_space or layout.page_number or layout.header:
        assert doc.pages == page_count(gold, layout)  # every page break was seen


def test_damage_is_really_in_the_text(gold_json):
    """The fixtures are damaged as they claim (a generator that did nothing would pass)."""
    def text_of(**kw) -> str:
        damages = frozenset(kw.pop("damages", ()))
        return render(json.loads(gold_json), TxtVariant(L(**kw), damages))[0]

    plain = text_of()
    assert "〔2025〕" in plain and "„" not in plain and "http" not in plain
    assert "„2025‟" in text_of(damages={"bracket_quotes"})
    assert "〔" not in text_of(damages={"bracket_blanks"})
    assert any("\u2f00" <= ch <= "\u2fdf" for ch in text_of(damages={"kangxi"}))
    assert "2025 年" in text_of(damages={"digit_spaces"}) and "2025 年" not in plain
    assert text_of(damages={"link_page_break", "link_in_page"}).count("http://") == 2
    assert "\f" in text_of(formfeed=True) and "\f" not in plain
    assert "\r\n" in text_of(newline="\r\n") and "\n" not in text_of(newline="\r")
    assert "\n\n" not in text_of(blanks="none")
    assert "\n\u3000\u30001．" in text_of(indent="fullwidth", leading_space=False)
    assert "— 3 —" in text_of(page_number="dash") and "第3页 共" in text_of(page_number="of")


@pytest.mark.parametrize("width", [20, 24, 28, 32, 38])
def test_lines_fill_the_width_and_keep_kinsoku(gold_json, width):
    """Wrapped lines run to the width, a character or two short where 避头尾 pushes one down."""
    from txtgen import NO_LINE_START, text_width

    text = render(json.loads(gold_json), TxtVariant(L(width=width, blanks="none",
                                                       leading_space=False, trailing=False)))[0]
    lines = text.split("\n")
    widths = [text_width(ln) for ln in lines]
    assert max(widths) == width
    assert not any(ln[:1] in NO_LINE_START for ln in lines if ln)
    short = [w for w, ln, nxt in zip(widths, lines, lines[1:], strict=False)
             if width - 2.5 <= w < width - 0.5 and nxt[:1] not in "一二三四1234567890"]
    assert short, "no line was shortened by the line-breaking rule"


# A PDF-to-text dump of the official PDFs that tests/pdfgen.py renders, as pdfplumber's
# own extract_text() writes it (pages joined by a newline or a form feed): a layout
# this module's generator did not make.  pdfgen's ``link_page_break`` is left out: it
# forces a page break in the middle of a line, which leaves a short line ending
# mid-sentence at the foot of the page -- from text alone that is a paragraph end.
PDF_DUMPS = {
    "official": ({}, ("page_numbers", "header", "digit_spaces", "bracket_quotes", "kangxi")),
    "official-plain": ({}, ()),
    "narrow": ({"width": 20 * 12.0, "chars_per_line": 20, "size": 12.0, "lines_per_page": 30},
               ("page_numbers", "header", "bracket_blanks", "kangxi")),
    "wide": ({"width": 22 * 18.0, "chars_per_line": 22, "size": 18.0, "lines_per_page": 18},
             ("page_numbers", "digit_spaces", "bracket_quotes")),
    "paragraph-gaps": ({"indent": False, "para_gap": 0.6}, ("header", "kangxi")),
}


@pytest.mark.parametrize("sep", ["\n", "\f"])
@pytest.mark.parametrize("key", sorted(PDF_DUMPS))
def test_pdfplumber_text_dump_parses_to_gold(key, sep, gold):
    import io

    import pdfplumber
    from pdfgen import Layout, Variant
    from pdfgen import render as render_pdf

    layout, damages = PDF_DUMPS[key]
    data, expected = render_pdf(gold, Variant(layout=Layout(**layout),
                                              damages=frozenset(damages)))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = sep.join(page.extract_text() for page in pdf.pages)
    doc = policytext.read_text(text, name=f"{key}.txt")
    assert differences(doc.to_dict(), dict(gold, removed=expected)) == []
    chars_in, accounted = conservation(text, doc)
    assert chars_in == accounted


def _random_variant(rng) -> TxtVariant:
    lay = L(width=rng.choice([18, 20, 22, 24, 26, 28, 30, 32, 34, 38, 40]),
            indent=rng.choice(["none", "fullwidth", "ascii"]),
            blanks=rng.choice(["every", "none", "paragraph", "double"]),
            newline=rng.choice(["\n", "\r\n", "\r"]),
            page_lines=rng.choice([10, 15, 18, 22, 26, 30]),
            formfeed=rng.random() < 0.4, leading_space=rng.random() < 0.5,
            page_number=rng.choice(["", *PAGE_NUMBER_STYLES]), header=rng.random() < 0.4,
            trailing=rng.random() < 0.5, title=rng.random() < 0.3,
            kinsoku=rng.choice(["push", "squeeze"]), margin=rng.choice([0, 0, 4, 8]),
            align=rng.random() < 0.4)
    damages = {d for d in DAMAGES if rng.random() < 0.5}
    if {"bracket_quotes", "bracket_blanks"} <= damages:
        damages.discard("bracket_blanks")
    return TxtVariant(lay, frozenset(damages), seed=rng.randrange(1000))


def test_random_layouts_parse_to_gold(gold):
    """120 layouts drawn at random (fixed seed) from every option of the generator."""
    import random

    rng = random.Random(2025)
    failed = []
    for k in range(120):
        variant = _random_variant(rng)
        text, expected = render(gold, variant)
        doc = policytext.read_text(text, name=f"random-{k}.txt")
        diff = differences(doc.to_dict(), dict(gold, removed=expected))
        chars_in, accounted = conservation(text, doc)
        if diff or chars_in != accounted or doc.warnings:
            failed.append((k, variant, diff[:2]))
    assert failed == []
