"""Build ``policytext/data/box.ttf``: the font the pdfium engine gives pdfium for a CJK
font a PDF does not embed (see ``policytext.read.pdfium._no_system_fonts``).

One box glyph (1 em wide, from the descent −0.12 em to the ascent 0.88 em) for
every code point from U+0021 to U+10FFFF (a format 13 ``cmap``: many codes, one
glyph), and an empty glyph for the space, so that pdfium measures a string of
spaces as having no extent, as it does with an installed font.  Its shapes are
never text: the reader takes advances, descent and origins from the PDF.

    .venv/bin/python scripts/make_box_font.py   (needs fontTools, a test dependency)
"""

from __future__ import annotations

import io
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "policytext" / "data" / "box.ttf"


def box_font() -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_13

    def box() -> object:
        pen = TTGlyphPen(None)
        pen.moveTo((0, -120))
        pen.lineTo((0, 880))
        pen.lineTo((1000, 880))
        pen.lineTo((1000, -120))
        pen.closePath()
        return pen.glyph()

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "box", "space"])
    fb.setupCharacterMap({0x20: "space", 0x41: "box"})
    fb.setupGlyf({".notdef": box(), "box": box(), "space": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "box": (1000, 0), "space": (500, 0)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "PolicytextBox", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    every = cmap_format_13(13)
    every.platformID, every.platEncID, every.language = 3, 10, 0
    every.cmap = dict.fromkeys(range(0x21, 0x110000), "box")
    fb.font["cmap"].tables.append(every)
    fb.font["head"].created = fb.font["head"].modified = 0  # (the same bytes every build)
    fb.font.recalcTimestamp = False
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(box_font())
    print(f"{OUT} ({OUT.stat().st_size} bytes)")
