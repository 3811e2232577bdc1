"""Render the gold document as PDFs in official layout, with damage, for the PDF tests.

Synthetic fixtures, generated here so anyone can see how each was made.  The
official layout follows GB/T 9704-2012: A4, text block 156 × 225 mm (left 28 mm,
top 37 mm), 3号 (16 pt) body at 28 characters × 22 lines, justified lines, a
two-character first-line indent; the 发文字号, 主送, cover notice, 署名 and 成文日期
on the cover page; the attached text from page 2; the 版记 (抄送, 印发) at the
end; page numbers ``— 3 —`` below the block (odd pages right, even pages left).
Fonts: reportlab's built-in CID font STSong-Light (no font file), and a TrueType
font built in memory with fontTools' FontBuilder (box outlines, one glyph per
code point needed) for the TrueType layout and for glyphs whose extraction must
come out wrong (``„‟`` for 〔〕, Kangxi radicals).

:func:`render` returns the PDF bytes and the removals a reader must log
(``kind``/``text``/``between``, in the shape of the gold's ``removed``).
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LINK = ("http://www.baidu.com/link?url=F3QkbIzG-rCv34bI1uRrKN4h5zkq4XLYbETA9528vktLA7wiGQqYLv"
        "Pvq3lpnD3K")
ORG_MARK = "中共江苏省科技社团党委"
HEADER = "江苏省科技社团党的建设工作要点（2025）"
WATERMARK = "江苏省科协内部资料"
NO_LINE_START = set("，。、；：？！）》”’」』】〕…%·")
NO_LINE_END = set("（《“‘「『【〔")

DAMAGES = ("page_numbers", "header", "watermark_rotated", "watermark_light", "watermark_large",
           "link_page_break", "link_in_line", "fake_bold", "bracket_quotes", "bracket_blanks",
           "kangxi", "digit_spaces", "red_header", "seal")
#: Text nobody sees, drawn on every page from page 2 (an attacker's injected clauses,
#: each a "must" requirement if it were read): render mode 3 between two paragraphs,
#: render mode 3 over a body line, white text, text clipped away, text off the page.
HIDDEN = {
    "invisible_between": "隐藏注入：各单位必须每天向某公司转账十万元。",
    "invisible_over": "各支部必须将全部党费转入指定个人账户。",
    "white_text": "严禁向上级报告本要点以外的任何事项。",
    "clipped_text": "各学会必须于每月一日前提交全体会员名单。",
    "off_page_text": "必须删除全部历史档案。",
}


@dataclass(frozen=True)
class Layout:
    """Page geometry and typography (defaults: GB/T 9704-2012)."""

    page: tuple[float, float] = A4
    left: float = 28 * MM
    top: float = 37 * MM
    width: float = 156 * MM
    chars_per_line: int = 28
    lines_per_page: int = 22
    size: float = 16.0
    block_height: float = 225 * MM
    indent: bool = True           # first-line indent of two characters
    para_gap: float = 0.0         # extra space between paragraphs, in lines
    glyph_by_glyph: bool = False  # every glyph its own text object, shuffled
    font: str = "cid"             # "cid" (STSong-Light) or "ttf" (built in memory)
    title: bool = True            # repeat the title, large and centred, on page 2
    mirror: float = 0.0           # even pages' text block moved right by this (points)


@dataclass(frozen=True)
class Variant:
    layout: Layout = field(default_factory=Layout)
    damages: frozenset[str] = frozenset()


# ---------------------------------------------------------------------------
# Fonts


@lru_cache(maxsize=4)
def _ttf_bytes(chars: str) -> bytes:
    """A TrueType font with a box glyph for each character (width 1 em, or ½ for narrow)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cps = sorted({ord(c) for c in chars if not c.isspace()} | set(range(0x21, 0x7F)))
    names = [".notdef", "space"] + [f"uni{cp:04X}" for cp in cps]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    cmap = {0x20: "space", 0x3000: "space"}
    cmap.update({cp: f"uni{cp:04X}" for cp in cps})
    fb.setupCharacterMap(cmap)

    def box(width: int):
        pen = TTGlyphPen(None)
        if width:
            pen.moveTo((60, 0))
            pen.lineTo((60, 700))
            pen.lineTo((width - 60, 700))
            pen.lineTo((width - 60, 0))
            pen.closePath()
        return pen.glyph()

    widths = {".notdef": 500, "space": 500}
    for cp in cps:
        widths[f"uni{cp:04X}"] = 1000 if unicodedata.east_asian_width(chr(cp)) in "WF" \
            or chr(cp) in "“”‘’—…" else 500
    fb.setupGlyf({n: box(w if n != "space" else 0) for n, w in widths.items()})
    fb.setupHorizontalMetrics({n: (w, 60) for n, w in widths.items()})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    tag = hashlib.sha1(chars.encode("utf-8")).hexdigest()[:8]
    # reportlab keys embedded faces by PostScript name: one name per glyph set
    fb.setupNameTable({"familyName": f"PolicytextBox{tag}", "styleName": "Regular",
                       "psName": f"PolicytextBox{tag}-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                fsType=0)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def _register_fonts(chars: str) -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = _ttf_bytes(chars)
    ttf_name = "PTBox" + hashlib.sha1(data).hexdigest()[:10]
    if ttf_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(ttf_name, io.BytesIO(data)))
    return "STSong-Light", ttf_name


# ---------------------------------------------------------------------------
# The document as blocks


@dataclass
class Block:
    text: str
    kind: str = "para"       # para, heading, center, right, title, org, cc, printed, page_break
    bold: int = 0            # leading characters overprinted (fake bold)
    break_after: str = ""    # force a line and page break after this substring


def song_canvas(buf):
    """A reportlab canvas writing to ``buf``, set in the built-in CID font STSong-Light, 12 pt."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    return c


def _date_cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def gold_blocks(gold: dict, *, title: bool = True) -> list[Block]:
    """The gold document as GB/T 9704 blocks: cover page, attached text, 版记."""
    blocks = [Block(gold["doc_number"], "center"),
              Block("、".join(gold["recipients"]) + "：", "flush"),
              Block(gold["cover_letter"]),
              Block(gold["issuer"], "signature"),
              Block(_date_cn(gold["signed_date"]), "date"),
              Block("", "page_break")]
    if title:
        blocks.append(Block(gold["title"], "title"))
    blocks.append(Block(gold["preamble"]))
    for s in gold["sections"]:
        head = f"{s['number']}、{s['title']}"
        blocks.append(Block(head, "heading", bold=len(head)))
        for it in s["items"]:
            prefix = f"{it['number']}．"
            blocks.append(Block(prefix + it["text"], bold=len(prefix) + len(it["title"]) + 1))
    blocks.append(Block("抄送：" + "、".join(gold["cc"]) + "。", "cc"))
    blocks.append(Block(f"{gold['printed_by']}|{_date_cn(gold['printed_date'])}印发", "printed"))
    return blocks


_RE_DIGIT_EDGE = re.compile(r"(?<=[\u4e00-\u9fff，。、：；）])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])")

KANGXI = {}
for _cp in range(0x2F00, 0x2FD6):
    KANGXI.setdefault(unicodedata.normalize("NFKC", chr(_cp)), chr(_cp))
KANGXI["长"] = "\u2ed3"  # ⻓ (CJK Radicals Supplement) for 长


# ---------------------------------------------------------------------------
# Layout


@dataclass
class Glyph:
    text: str
    font: str
    size: float
    x: float
    y: float           # baseline, PDF coordinates
    color: tuple = (0, 0, 0)
    cs: float = 0.0    # char spacing of its line (for text-object drawing)
    line: int = 0


class _Pager:
    """Places text lines on pages; collects every glyph and the furniture to add."""

    def __init__(self, layout: Layout, fonts: tuple[str, str]) -> None:
        self.lay = layout
        self.cid, self.ttf = fonts
        self.body_font = self.ttf if layout.font == "ttf" else self.cid
        self.pitch_y = layout.block_height / layout.lines_per_page
        self.pages: list[list[Glyph]] = [[]]
        self.row = 0.0
        self.line_no = 0

    def width(self, ch: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(ch, self.font_for(ch), size)

    def font_for(self, ch: str) -> str:
        if ch in "„‟" or "\u2e80" <= ch <= "\u2fdf":
            return self.ttf  # extraction must yield these code points as they are
        return self.body_font

    def new_page(self) -> None:
        if self.pages[-1] or self.row:
            self.pages.append([])
        self.row = 0.0

    def space(self, lines: float) -> None:
        self.row += lines

    def place(self, chars: str, *, x: float, size: float, cs: float, color=(0, 0, 0),
              advance: float = 1.0, fonts: list[str] | None = None) -> list[Glyph]:
        """One line at the current row; new page first when the block is full."""
        lay = self.lay
        if self.row + advance > lay.lines_per_page + 1e-6:
            self.new_page()
        baseline = lay.page[1] - lay.top - (self.row + 0.78) * self.pitch_y
        self.row += advance
        self.line_no += 1
        out = []
        for i, ch in enumerate(chars):
            font = fonts[i] if fonts else self.font_for(ch)
            out.append(Glyph(ch, font, size, x, baseline, color, cs, self.line_no))
            x += self.width(ch, size) + cs
        self.pages[-1].extend(out)
        return out


def _break_lines(text: str, pager: _Pager, size: float, first: float, width: float,
                 cs0: float, break_after: str = "") -> list[tuple[str, bool]]:
    """Greedy line breaking with 避头尾; returns (line, justified) pairs."""
    cut = text.index(break_after) + len(break_after) if break_after else -1
    lines: list[tuple[str, bool]] = []
    i, avail = 0, width - first
    while i < len(text):
        j, w = i, 0.0
        while j < len(text):
            cw = pager.width(text[j], size) + cs0
            if w + cw - cs0 > avail + 1e-6 and j > i:
                break
            w += cw
            j += 1
            if j == cut:
                break
        if j == cut:
            lines.append((text[i:j], True))
            lines.append(("\f", False))  # page break after this line
            i, avail = j, width
            continue
        if j < len(text):
            if text[j] in NO_LINE_START:
                j += 1          # pull the punctuation up (the line is then squeezed)
            elif text[j - 1] in NO_LINE_END and j - 1 > i:
                j -= 1
        lines.append((text[i:j], j < len(text)))
        i, avail = j, width
    return lines


def _layout_blocks(blocks: list[Block], layout: Layout, fonts: tuple[str, str],
                   damages: frozenset[str]) -> tuple[_Pager, dict]:
    pager = _Pager(layout, fonts)
    size = layout.size
    cpl = layout.chars_per_line
    em = layout.width / cpl           # a full-width character's advance in the block
    cs0 = em - size                   # char spacing that makes cpl characters fill a line
    info: dict = {"bold": [], "link_in_line": None, "link_page_break": None}
    first_para = True
    for block in blocks:
        text = block.text
        if block.kind == "page_break":
            pager.new_page()
            continue
        if block.kind == "title":
            glyphs = pager.place(text, x=0, size=22, cs=0, advance=2.0)
            _center(glyphs, layout, pager)
            pager.space(0.5)
            continue
        if block.kind == "center":
            glyphs = pager.place(text, x=0, size=size, cs=0)
            _center(glyphs, layout, pager)
            pager.space(1.0)
            continue
        if block.kind in ("signature", "date"):
            if block.kind == "signature":
                pager.space(2.0)
            glyphs = pager.place(text, x=0, size=size, cs=cs0)
            right = layout.left + layout.width - 4 * em
            _shift_to(glyphs, right if block.kind == "date" else right - 1 * em, pager)
            continue
        if block.kind == "cc":
            pager.space(1.0)
            small = size * 14 / 16  # 4号 under a 3号 body (GB/T 9704-2012 §7.4.1)
            pager.place(text, x=layout.left + em, size=small, cs=0)
            continue
        if block.kind == "printed":
            by, date = text.split("|")
            small = size * 14 / 16
            g1 = pager.place(by, x=layout.left + em, size=small, cs=0)
            pager.row -= 1
            g2 = pager.place(date, x=0, size=small, cs=0)
            _shift_to(g2, layout.left + layout.width - em, pager)
            del g1
            continue
        # paragraphs and headings
        if layout.para_gap and not first_para:
            pager.space(layout.para_gap)
        first_para = False
        indent = 2 * em if layout.indent and block.kind != "flush" else 0.0
        lines = _break_lines(text, pager, size, indent, layout.width, cs0,
                             block.break_after)
        done = 0
        placed: list[Glyph] = []
        for k, (line, justified) in enumerate(lines):
            if line == "\f":
                pager.row = layout.lines_per_page  # the next line goes to a new page
                continue
            x = layout.left + (indent if k == 0 else 0.0)
            natural = sum(pager.width(ch, size) for ch in line)
            if justified and len(line) > 1:
                cs = (layout.left + layout.width - x - natural) / (len(line) - 1)
            else:
                cs = cs0
            glyphs = pager.place(line, x=x, size=size, cs=cs)
            if block.bold > done:
                info["bold"].extend(glyphs[: block.bold - done])
            done += len(line)
            placed.extend(glyphs)
        joint = "".join(LINK_SPLIT)
        if joint in text:
            info["link_in_line"] = placed[text.index(joint) + len(LINK_SPLIT[0])]
    return pager, info


#: The gold's link stamp sits between these two halves of a sentence.
LINK_SPLIT = ("全面提升政", "治功能和组织功能。")


def _center(glyphs: list[Glyph], layout: Layout, pager: _Pager) -> None:
    if not glyphs:
        return
    width = glyphs[-1].x + pager.width(glyphs[-1].text, glyphs[-1].size) - glyphs[0].x
    _shift(glyphs, layout.left + (layout.width - width) / 2 - glyphs[0].x)


def _shift_to(glyphs: list[Glyph], right: float, pager: _Pager) -> None:
    if glyphs:
        end = glyphs[-1].x + pager.width(glyphs[-1].text, glyphs[-1].size)
        _shift(glyphs, right - end)


def _shift(glyphs: list[Glyph], dx: float) -> None:
    for g in glyphs:
        g.x += dx


# ---------------------------------------------------------------------------
# Rendering


def _apply_text_damage(blocks: list[Block], damages: frozenset[str]) -> list[Block]:
    out = []
    for b in blocks:
        text = b.text
        if b.kind == "center" and "〔" in text:
            if "bracket_quotes" in damages:
                text = text.replace("〔", "„").replace("〕", "‟")
            elif "bracket_blanks" in damages:
                text = text.replace("〔", "\u2003").replace("〕", "\u2003")
        if "kangxi" in damages and b.kind in ("para", "heading"):
            # (the clause the link stamp splits stays as it is, so the stamp can find it)
            joint = "".join(LINK_SPLIT)
            head, sep, tail = text.partition(joint) if joint in text else (text, "", "")
            text = "".join(KANGXI.get(ch, ch) for ch in head) + sep + \
                "".join(KANGXI.get(ch, ch) for ch in tail)
        if "digit_spaces" in damages and b.kind in ("para", "heading", "date", "signature"):
            text = _RE_DIGIT_EDGE.sub(" ", text)
        if "link_page_break" in damages and LINK_SPLIT[0] + LINK_SPLIT[1] in text:
            b = replace(b, break_after=LINK_SPLIT[0])
        out.append(replace(b, text=text))
    return out


def render(gold: dict, variant: Variant = Variant(), *, seed: int = 0,
           password: str | None = None, max_pages: int | None = None
           ) -> tuple[bytes, list[dict]]:
    """The PDF bytes of ``gold`` in ``variant``, and the removals a reader must log.

    With ``password`` the PDF is encrypted (RC4-128) with that user password;
    ``max_pages`` keeps only the first pages (for benchmarks).
    """
    from reportlab.pdfgen import canvas

    lay, damages = variant.layout, variant.damages
    blocks = _apply_text_damage(gold_blocks(gold, title=lay.title), damages)
    if "red_header" in damages:
        blocks.insert(0, Block(ORG_MARK, "org"))
    chars = "".join(b.text for b in blocks) + "".join(KANGXI.values()) + "„‟—" + HEADER \
        + WATERMARK + ORG_MARK + "第页共"
    fonts = _register_fonts(chars)
    org = None
    if blocks[0].kind == "org":
        org = blocks.pop(0)
    pager, info = _layout_blocks(blocks, lay, fonts, damages)
    if max_pages is not None:
        del pager.pages[max_pages:]
    expected: list[dict] = []

    buf = io.BytesIO()
    encrypt = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, ownerPassword=password + "-owner", strength=128)
    c = canvas.Canvas(buf, pagesize=lay.page, invariant=1, encrypt=encrypt)
    c.setTitle("synthetic: gold document rendered by tests/pdfgen.py")
    rng = random.Random(seed)
    bold = {id(g) for g in info["bold"]} if "fake_bold" in damages else set()
    for p, glyphs in enumerate(pager.pages, 1):
        if lay.mirror and p % 2 == 0:
            c.translate(lay.mirror, 0)  # until showPage() resets the page's state
        if p == 1 and org is not None:
            c.setFillColorRGB(0.9, 0.05, 0.05)
            c.setFont(pager.body_font, 36)
            w = c.stringWidth(org.text, pager.body_font, 36)
            c.drawString(lay.left + (lay.width - w) / 2, lay.page[1] - lay.top + 20, org.text)
            c.setStrokeColorRGB(0.9, 0.05, 0.05)
            c.line(lay.left, lay.page[1] - lay.top - 2.2 * pager.pitch_y,
                   lay.left + lay.width, lay.page[1] - lay.top - 2.2 * pager.pitch_y)
            c.setFillColorRGB(0, 0, 0)
        if "header" in damages:
            c.setFont(pager.body_font, 10.5)
            c.drawCentredString(lay.page[0] / 2, lay.page[1] - 18 * MM, HEADER)
            expected.append({"kind": "header", "text": HEADER})
        _draw_glyphs(c, glyphs, lay, rng, bold)
        if p >= 2 and damages & HIDDEN.keys():
            expected.extend(_draw_hidden(c, glyphs, pager, damages))
        if "link_in_line" in damages and info["link_in_line"] in glyphs:
            g = info["link_in_line"]
            c.setFont("Helvetica", 8)
            c.setFillColorRGB(0.1, 0.2, 0.8)
            c.drawString(g.x, g.y, LINK)
            c.setFillColorRGB(0, 0, 0)
            expected.append({"kind": "link", "text": LINK, "between": list(LINK_SPLIT)})
        if "link_page_break" in damages and any(
                g.line == max(x.line for x in glyphs) and LINK_SPLIT[0][-1] == g.text
                for g in glyphs[-1:]):
            c.setFont("Helvetica", 8)
            c.setFillColorRGB(0.1, 0.2, 0.8)
            c.drawString(lay.left, lay.page[1] - lay.top - lay.block_height - 2 * MM, LINK)
            c.setFillColorRGB(0, 0, 0)
            expected.append({"kind": "link", "text": LINK, "between": list(LINK_SPLIT)})
        if "seal" in damages and p == 1:
            _draw_seal(c, pager, lay)
            expected.append({"kind": "seal", "text": SEAL_TEXT})
        if "page_numbers" in damages:
            text = f"— {p} —"
            c.setFont(pager.body_font, 14)
            w = c.stringWidth(text, pager.body_font, 14)
            y = lay.page[1] - lay.top - lay.block_height - 7 * MM - 10
            x = lay.left + lay.width - 14 - w if p % 2 else lay.left + 14
            c.drawString(x, y, text)
            expected.append({"kind": "page_number", "text": text})
        if "watermark_rotated" in damages:
            c.saveState()
            c.setFillColorRGB(0.8, 0.8, 0.8)
            c.translate(lay.page[0] / 2, lay.page[1] / 2)
            c.rotate(35)
            c.setFont(pager.body_font, 48)
            c.drawCentredString(0, 0, WATERMARK)
            c.restoreState()
            expected.append({"kind": "watermark", "text": WATERMARK})
        if "watermark_light" in damages:
            c.setFillColorRGB(0.85, 0.85, 0.85)
            c.setFont(pager.body_font, 16)
            c.drawString(lay.left + 3 * 16, lay.page[1] / 2 + 5, WATERMARK)
            c.setFillColorRGB(0, 0, 0)
            expected.append({"kind": "watermark", "text": WATERMARK})
        if "watermark_large" in damages:
            c.setFillColorRGB(0.55, 0.55, 0.55)
            c.setFont(pager.body_font, 60)
            c.drawCentredString(lay.page[0] / 2, lay.page[1] / 2 - 150, WATERMARK[:4])
            c.setFillColorRGB(0, 0, 0)
            expected.append({"kind": "watermark", "text": WATERMARK[:4]})
        c.showPage()
    c.save()
    if "fake_bold" in damages:
        lines: dict[tuple[int, int], str] = {}
        for p, glyphs in enumerate(pager.pages, 1):
            for g in glyphs:
                if id(g) in bold and not g.text.isspace():
                    lines[(p, g.line)] = lines.get((p, g.line), "") + g.text
        expected.extend({"kind": "fake_bold", "text": t} for t in lines.values())
    return buf.getvalue(), expected


SEAL_TEXT = "中共江苏省科技社团党委"


def _draw_hidden(c, glyphs: list[Glyph], pager: _Pager, damages: frozenset[str]) -> list[dict]:
    """The text of :data:`HIDDEN` a page's damages ask for, drawn where nobody sees it.

    Gaps between paragraphs are half way between a paragraph's last line and the
    next one's first (indented) line; the k-th damage uses the k-th gap, the
    ``invisible_over`` text is drawn on the page's third body line, from its start.
    """
    lay = pager.lay
    lines: dict[int, list[Glyph]] = {}
    for g in glyphs:
        lines.setdefault(g.line, []).append(g)
    rows = sorted(lines.values(), key=lambda gs: -gs[0].y)
    gaps = [((a[0].y + b[0].y) / 2) for a, b in zip(rows, rows[1:], strict=False)
            if b[0].x > lay.left + 1 and abs(b[0].size - lay.size) < 0.1
            and abs(a[0].size - lay.size) < 0.1]
    out = []
    k = 0
    for damage, text in HIDDEN.items():
        if damage not in damages:
            continue
        if damage == "invisible_over":
            body = [r for r in rows if abs(r[0].size - lay.size) < 0.1]
            if len(body) < 3:
                continue
            x, y = body[2][0].x, body[2][0].y
        else:
            if k >= len(gaps):
                continue
            x, y = lay.left, gaps[k]
            k += 1
        c.saveState()
        if damage == "clipped_text":
            path = c.beginPath()
            path.rect(0, 0, 1, 1)
            c.clipPath(path, stroke=0, fill=0)
        if damage == "off_page_text":
            x = -3000.0
        t = c.beginText(x, y)
        t.setFont(pager.cid, lay.size)
        if damage.startswith("invisible"):
            t.setTextRenderMode(3)
        if damage == "white_text":
            t.setFillColorRGB(1, 1, 1)
        t.textOut(text)
        c.drawText(t)
        c.restoreState()
        out.append({"kind": "invisible", "text": text})
    return out


def _draw_seal(c, pager: _Pager, lay: Layout) -> None:
    """A red seal over the 署名 of page 1: an image of a ring and star, and the issuing
    organ's name set as text along the ring (as some PDF producers draw seals)."""
    import math

    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    cx = lay.left + lay.width - 5 * lay.width / lay.chars_per_line
    cy = lay.page[1] - lay.top - 9.5 * pager.pitch_y
    r = 60.0
    img = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((6, 6, 234, 234), outline=(220, 20, 20, 255), width=8)
    draw.polygon([(120, 70), (134, 112), (178, 112), (142, 138), (156, 180), (120, 154),
                  (84, 180), (98, 138), (62, 112), (106, 112)], fill=(220, 20, 20, 255))
    c.drawImage(ImageReader(img), cx - r, cy - r, 2 * r, 2 * r, mask="auto")
    c.saveState()
    c.setFillColorRGB(0.86, 0.08, 0.08)
    c.setFont(pager.body_font, 13)
    n = len(SEAL_TEXT)
    for k, ch in enumerate(SEAL_TEXT):
        angle = math.radians(210 - k * 240 / (n - 1))
        c.saveState()
        c.translate(cx + (r - 18) * math.cos(angle), cy + (r - 18) * math.sin(angle))
        c.rotate(math.degrees(angle) - 90)
        c.drawCentredString(0, 0, ch)
        c.restoreState()
    c.restoreState()


def _draw_glyphs(c, glyphs: list[Glyph], lay: Layout, rng: random.Random, bold: set) -> None:
    if lay.glyph_by_glyph:
        order = list(glyphs)
        rng.shuffle(order)
        for g in order:
            c.setFont(g.font, g.size)
            c.drawString(g.x, g.y, g.text)
            if id(g) in bold:
                c.drawString(g.x + 0.4, g.y, g.text)
        return
    # one text object per line (and per font run), with the line's char spacing
    by_line: dict[int, list[Glyph]] = {}
    for g in glyphs:
        by_line.setdefault(g.line, []).append(g)
    for line in by_line.values():
        for dx in ((0.0, 0.4) if any(id(g) in bold for g in line) else (0.0,)):
            run = [g for g in line if dx == 0.0 or id(g) in bold]
            _draw_run(c, run, dx)


def _draw_run(c, run: list[Glyph], dx: float) -> None:
    if not run:
        return
    t = c.beginText(run[0].x + dx, run[0].y)
    t.setCharSpace(run[0].cs)
    font = None
    pending = ""
    x_expected = run[0].x
    for g in run:
        if abs(g.x - x_expected) > 0.01:  # a jump (e.g. the centred/right parts): new object
            if pending:
                t.textOut(pending)
                pending = ""
            c.drawText(t)
            t = c.beginText(g.x + dx, g.y)
            t.setCharSpace(g.cs)
            font = None
        if g.font != font:
            if pending:
                t.textOut(pending)
                pending = ""
            t.setFont(g.font, g.size)
            font = g.font
        pending += g.text
        from reportlab.pdfbase.pdfmetrics import stringWidth

        x_expected = g.x + stringWidth(g.text, g.font, g.size) + g.cs
    if pending:
        t.textOut(pending)
    c.drawText(t)


# ---------------------------------------------------------------------------
# Hand-written PDFs (for hostile input)


def raw_pdf(objects: dict[int, bytes], *, root: int = 1, trailer: bytes = b"",
            xref_shift: int = 0, startxref: int | None = None, prev: int | None = None,
            eof: bool = True) -> bytes:
    """A PDF from numbered object bodies with a correct xref (unless told otherwise).

    ``xref_shift`` moves every offset; ``startxref`` overrides the pointer to the
    xref table; ``prev`` adds ``/Prev`` to the trailer (e.g. pointing at itself).
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        if num in offsets:
            out += b"%010d 00000 n \n" % (offsets[num] + xref_shift)
        else:
            out += b"0000000000 65535 f \n"
    extra = trailer + (b" /Prev %d" % (xref_at if prev == -1 else prev) if prev is not None
                       else b"")
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\n" % (size, root, extra)
    out += b"startxref\n%d\n" % (xref_at if startxref is None else startxref)
    if eof:
        out += b"%%EOF\n"
    return bytes(out)


def stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def simple_page_objects(content: bytes, *, extra_resources: bytes = b"") -> dict[int, bytes]:
    """Catalog, Pages, one Page with Helvetica as /F1, and its content stream (object 4)."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> " + extra_resources + b">> >>"),
        4: stream(content),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }


def hello_pdf(text: bytes = b"Hello policy text") -> bytes:
    return raw_pdf(simple_page_objects(b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"))


def hostile_pdfs() -> dict[str, bytes]:
    """The hostile set: each must end within its deadline as text or a typed error."""
    import zlib

    cases: dict[str, bytes] = {}
    # A Flate bomb: 256 MiB of zeros in ~250 KiB.
    comp = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    bomb = b"".join(comp.compress(chunk) for _ in range(256)) + comp.flush()
    objs = simple_page_objects(b"")
    objs[4] = stream(bomb, b" /Filter /FlateDecode")
    cases["flate-bomb"] = raw_pdf(objs)
    # A content stream of millions of operands (no operator to consume them).
    cases["million-operands"] = raw_pdf(simple_page_objects(b"1 " * 2_000_000))
    # 60,000 glyphs on one page.
    cases["60k-glyphs"] = raw_pdf(simple_page_objects(
        b"BT /F1 4 Tf 10 830 Td 3 TL " + (b"(" + b"il" * 120 + b") ' ") * 250 + b"ET"))
    # A page tree whose kid is the tree itself.
    objs = simple_page_objects(b"BT /F1 12 Tf 72 720 Td (loop) Tj ET")
    objs[2] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    cases["page-tree-loop"] = raw_pdf(objs)
    # A form XObject that draws itself.
    objs = simple_page_objects(b"/X1 Do", extra_resources=b"/XObject << /X1 6 0 R >> ")
    objs[6] = stream(b"BT /F1 12 Tf 72 720 Td (x) Tj ET /X1 Do",
                     b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                     b"/Resources << /XObject << /X1 6 0 R >> /Font << /F1 5 0 R >> >>")
    cases["self-referencing-xobject"] = raw_pdf(objs)
    # A stream whose /Length is the stream object itself.
    objs = simple_page_objects(b"")
    body = b"BT /F1 12 Tf 72 720 Td (length) Tj ET"
    objs[4] = b"<< /Length 4 0 R >>\nstream\n" + body + b"\nendstream"
    cases["length-points-to-itself"] = raw_pdf(objs)
    # An xref whose /Prev is itself.
    cases["xref-prev-loop"] = raw_pdf(simple_page_objects(
        b"BT /F1 12 Tf 72 720 Td (prev) Tj ET"), prev=-1)
    # Every xref offset shifted by 7 bytes.
    cases["shifted-xref"] = raw_pdf(simple_page_objects(
        b"BT /F1 12 Tf 72 720 Td (shifted) Tj ET"), xref_shift=7)
    # startxref far beyond the end of the file.
    cases["absurd-startxref"] = raw_pdf(simple_page_objects(
        b"BT /F1 12 Tf 72 720 Td (startxref) Tj ET"), startxref=10**15)
    # Encrypted with a security handler nobody knows.
    objs = simple_page_objects(b"BT /F1 12 Tf 72 720 Td (secret) Tj ET")
    objs[7] = b"<< /Filter /NoSuchHandler /V 9 /R 9 /O (x) /U (y) /P -4 /Length 128 >>"
    cases["unknown-encryption-filter"] = raw_pdf(
        objs, trailer=b" /Encrypt 7 0 R /ID [<0123456789abcdef> <0123456789abcdef>]")
    # Deep nesting of arrays (recursion in the parser).
    objs = simple_page_objects(b"BT /F1 12 Tf 72 720 Td (deep) Tj ET")
    objs[8] = b"[" * 50_000 + b"]" * 50_000
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R /Deep 8 0 R >>"
    cases["deep-nesting"] = raw_pdf(objs)
    return cases


# ---------------------------------------------------------------------------
# Text layers that cannot be trusted

def private_use_pdf(pages: int = 2, *, lines: int = 12) -> bytes:
    """A PDF whose every glyph maps (ToUnicode) to a private-use code point U+E0xx.

    The font (built in memory, box glyphs) maps U+E000… to its glyphs, as fonts
    without a real Unicode map do; reportlab writes that map as the ToUnicode
    CMap, so every extracted character is U+E0xx.  Synthetic.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pua = "".join(chr(0xE000 + k) for k in range(200))
    data = _ttf_bytes(pua)
    name = "PTPua" + hashlib.sha1(data).hexdigest()[:10]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    rng = random.Random(5)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("synthetic: private-use text layer (tests/pdfgen.py)")
    for _ in range(pages):
        c.setFont(name, 16)
        for k in range(lines):
            c.drawString(80, 760 - 30 * k, "".join(rng.choice(pua) for _ in range(26)))
        c.showPage()
    c.save()
    return buf.getvalue()


LAYER_TEXT = "各单位要认真贯彻落实本要点确保各项工作任务落到实处取得实效"


def layered_pdf(layers: int = 300, *, clean_pages: int = 1, lines: int = 4,
                width: int = 20) -> bytes:
    """``clean_pages`` pages of ordinary text, then one page whose text is drawn in
    ``layers`` distinct layers over each other: each layer puts different glyphs
    (random common characters) at the same places.  Synthetic."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pool = ("的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子"
            "那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面"
            "起看定天分还进好小部其些主样理心她本前开但因只")
    rng = random.Random(300)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("synthetic: text drawn in many layers (tests/pdfgen.py)")
    for _ in range(clean_pages):
        c.setFont("STSong-Light", 16)
        for k in range(lines):
            c.drawString(80, 760 - 30 * k, LAYER_TEXT[:width] if k % 2 == 0 else LAYER_TEXT[width:])
        c.showPage()
    c.setFont("STSong-Light", 16)
    for _ in range(layers):
        for k in range(lines):
            c.drawString(80, 760 - 30 * k, "".join(rng.choice(pool) for _ in range(width)))
    c.showPage()
    c.save()
    return buf.getvalue()
