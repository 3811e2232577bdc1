"""OFD files (GB/T 33190-2016) for the OFD tests: 公文 laid out by tests/pdfgen.py, and a
hostile set.  Synthetic fixtures, generated here so anyone can see how each was made.

:func:`ofd_from_blocks` lays out pdfgen ``Block``s exactly as the PDF fixtures are
laid out (GB/T 9704-2012: A4, 156 × 225 mm block, 3号 body, 28 characters a line)
and writes each line as one ``TextObject`` whose ``TextCode`` has its characters'
advances in ``DeltaX`` (millimetres, y downwards), with the red 发文机关标志 and its
rule, the page numbers ``— N —`` and, where asked, a watermark annotation and a
template holding the red header.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from pdfgen import A4, ORG_MARK, Block, Layout, _layout_blocks, _register_fonts

MM = 72 / 25.4
NS = "http://www.ofdspec.org/2016"


def _num(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _text_object(oid: int, text: str, x_mm: float, baseline_mm: float, size_mm: float,
                 advances: list[float], colour: str = "0 0 0", ctm: str = "") -> str:
    box = f"{_num(x_mm)} {_num(baseline_mm - size_mm)} {_num(sum(advances) + size_mm)} " \
          f"{_num(size_mm * 1.2)}"
    delta = " ".join(_num(a) for a in advances[:-1])
    ctm_attr = f' CTM="{ctm}"' if ctm else ""
    fill = f'<ofd:FillColor Value="{colour}"/>' if colour != "0 0 0" else ""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{box}" Font="1" Size="{_num(size_mm)}"'
            f'{ctm_attr}>{fill}<ofd:TextCode X="0" Y="{_num(size_mm)}"'
            + (f' DeltaX="{delta}"' if delta else "") + f">{escape(text)}</ofd:TextCode>"
            "</ofd:TextObject>")


def _page_xml(objects: list[str], template: str | None = None) -> str:
    tpl = f'<ofd:Template TemplateID="{template}" ZOrder="Background"/>' if template else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{tpl}'
            f'<ofd:Content><ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content>'
            "</ofd:Page>")


def package(pages: list[str], *, extra: dict[str, str] | None = None,
            document_tail: str = "", common_tail: str = "",
            ofd_xml: str | None = None) -> bytes:
    """An OFD ZIP: OFD.xml, Doc_0/Document.xml, PublicRes.xml, the pages' Content.xml."""
    page_list = "".join(f'<ofd:Page ID="{100 + k}" BaseLoc="Pages/Page_{k}/Content.xml"/>'
                        for k in range(len(pages)))
    files = {
        "OFD.xml": ofd_xml or (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" '
                               'DocType="OFD" Version="1.1"><ofd:DocBody><ofd:DocInfo>'
                               "<ofd:Title>synthetic: tests/ofdgen.py</ofd:Title></ofd:DocInfo>"
                               "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
                               "</ofd:OFD>"),
        "Doc_0/Document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document '
                               f'xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>999'
                               "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                               "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml"
                               f"</ofd:PublicRes>{common_tail}</ofd:CommonData><ofd:Pages>"
                               f"{page_list}</ofd:Pages>{document_tail}</ofd:Document>"),
        "Doc_0/PublicRes.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" '
                                'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" '
                                'FamilyName="宋体"/></ofd:Fonts></ofd:Res>'),
    }
    for k, page in enumerate(pages):
        files[f"Doc_0/Pages/Page_{k}/Content.xml"] = page
    files.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8") if isinstance(text, str) else text)
    return buf.getvalue()


def ofd_from_blocks(blocks: list[Block], *, red_header: str | None = ORG_MARK,
                    page_numbers: bool = True, watermark: str | None = None,
                    header_template: bool = False, layout: Layout | None = None) -> bytes:
    """A 公文 as an OFD, laid out as tests/pdfgen.py lays out its PDFs.

    ``header_template``: the red 发文机关标志 is drawn by a template every page uses (as
    红头 OFD producers do), not by page 1's content; ``watermark``: a watermark
    annotation on page 1.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    layout = layout or Layout()
    chars = "".join(b.text for b in blocks) + (red_header or "") + "—0123456789 "
    fonts = _register_fonts(chars)
    pager, _ = _layout_blocks(blocks, layout, fonts, frozenset())
    height = A4[1]
    oid = 10
    header = ""
    if red_header:
        size = 36 / MM
        w = stringWidth(red_header, fonts[0], 36) / MM
        x = (layout.left + (layout.width - w * MM) / 2) / MM
        header = _text_object(9, red_header, x, layout.top / MM - 20 / MM, size,
                              [size] * len(red_header), colour="230 13 13")
    pages = []
    for p, glyphs in enumerate(pager.pages, 1):
        objects = [header] if p == 1 and header and not header_template else []
        lines: dict[int, list] = {}
        for g in glyphs:
            lines.setdefault(g.line, []).append(g)
        for line in lines.values():
            line.sort(key=lambda g: g.x)
            # one object per run of glyphs placed one after the other (a centred or
            # right-aligned part of a line is its own run, as the PDF draws it)
            runs: list[list] = [[line[0]]]
            for g in line[1:]:
                prev = runs[-1][-1]
                end = prev.x + stringWidth(prev.text, prev.font, prev.size) + prev.cs
                if abs(g.x - end) > 0.5:
                    runs.append([g])
                else:
                    runs[-1].append(g)
            for run in runs:
                adv = [(b.x - a.x) / MM for a, b in zip(run, run[1:], strict=False)]
                last = run[-1]
                adv.append(stringWidth(last.text, last.font, last.size) / MM)
                text = "".join(g.text for g in run)
                objects.append(_text_object(oid, text, run[0].x / MM,
                                            (height - run[0].y) / MM, run[0].size / MM, adv))
                oid += 1
        if page_numbers:
            text = f"— {p} —"
            size = 14 / MM
            w = stringWidth(text, fonts[0], 14) / MM
            y = (layout.top + layout.block_height) / MM + 7 + 14 / MM
            x = (layout.left + layout.width) / MM - 5 - w if p % 2 else layout.left / MM + 5
            adv = [stringWidth(ch, fonts[0], 14) / MM for ch in text]
            objects.append(_text_object(oid, text, x, y, size, adv))
            oid += 1
        pages.append(_page_xml(objects, template="900" if header_template else None))
    extra: dict[str, str] = {}
    document_tail = common_tail = ""
    if header_template and header:
        common_tail = '<ofd:TemplatePage ID="900" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
        extra["Doc_0/Tpls/Tpl_0/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="3">{header}</ofd:Layer></ofd:Content></ofd:Page>')
    if watermark:
        document_tail = "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>"
        extra["Doc_0/Annots/Annotations.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations xmlns:ofd="{NS}">'
            '<ofd:Page PageID="100"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page>'
            "</ofd:Annotations>")
        adv = [12.0] * len(watermark)
        extra["Doc_0/Annots/Page_0/Annotation.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot xmlns:ofd="{NS}">'
            '<ofd:Annot Type="Watermark" ID="950"><ofd:Appearance Boundary="30 120 150 40">'
            f"{_text_object(951, watermark, 0, 20, 12.0, adv, colour='200 200 200')}"
            "</ofd:Appearance></ofd:Annot></ofd:PageAnnot>")
    return package(pages, extra=extra, document_tail=document_tail, common_tail=common_tail)


# ---------------------------------------------------------------------------
# Hostile OFD


def _unit(uid: str, inner: str) -> str:
    return (f'<ofd:CompositeGraphicUnit ID="{uid}" Width="210" Height="297">'
            f"<ofd:Content>{inner}</ofd:Content></ofd:CompositeGraphicUnit>")


def _composite(uid: str) -> str:
    return f'<ofd:CompositeObject ID="c{uid}" Boundary="0 0 210 297" ResourceID="{uid}"/>'


def _with_units(units: str, page_objects: str) -> bytes:
    res = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
           f"<ofd:CompositeGraphicUnits>{units}</ofd:CompositeGraphicUnits></ofd:Res>")
    return package([_page_xml([page_objects])],
                   common_tail="<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>",
                   extra={"Doc_0/DocumentRes.xml": res})


def hostile_ofds() -> dict[str, bytes]:
    """Each must end within its deadline as a typed error."""
    hello = _text_object(5, "你好", 30, 30, 5, [5, 5])
    cases: dict[str, bytes] = {}
    # A zip bomb: one page part that inflates to 300 MiB of blanks.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", "<x/>")
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", b" " * (300 << 20))
    cases["zip-bomb"] = buf.getvalue()
    # Billion laughs in a page.
    laughs = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {chr(98 + k)} "' + f"&{chr(97 + k)};" * 10 + '">'
                        for k in range(8)) + ']><ofd:Page xmlns:ofd="' + NS + '">&i;</ofd:Page>')
    cases["entities"] = package([laughs])
    # An external entity (a file of the reader's machine).
    xxe = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<ofd:Page xmlns:ofd="{NS}">&x;</ofd:Page>')
    cases["external-entity"] = package([xxe])
    # Elements nested 100,000 deep.
    deep = (f'<?xml version="1.0"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            + "<ofd:PageBlock>" * 100_000 + hello + "</ofd:PageBlock>" * 100_000
            + "</ofd:Content></ofd:Page>")
    cases["deep-xml"] = package([deep])
    # Composite units nested 200 deep (each draws the next).
    units = "".join(_unit(str(k), _composite(str(k + 1))) for k in range(200))
    cases["deep-composites"] = _with_units(units + _unit("200", hello), _composite("0"))
    # A unit that draws itself, and two that draw each other.
    cases["unit-self-loop"] = _with_units(_unit("7", _composite("7")), _composite("7"))
    cases["unit-loop"] = _with_units(_unit("7", _composite("8")) + _unit("8", _composite("7")),
                                     _composite("7"))
    # Missing parts: no OFD.xml, a DocRoot that is not there, a page that is not there.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Doc_0/Document.xml", "<x/>")
    cases["no-ofd-xml"] = buf.getvalue()
    cases["missing-docroot"] = package([_page_xml([hello])], ofd_xml=(
        f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>Doc_9/Document.xml'
        "</ofd:DocRoot></ofd:DocBody></ofd:OFD>"))
    data = package([_page_xml([hello])])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            if "Pages/" not in info.filename:
                zf.writestr(info, src.read(info))
    cases["missing-page"] = buf.getvalue()
    # Broken XML, a truncated archive, and a page that draws millions of characters.
    cases["broken-xml"] = package(["<ofd:Page><ofd:Content>"])
    cases["truncated"] = data[: len(data) // 2]
    text = "".join(chr(0x4E00 + k * 7919 % 20000) for k in range(300_000))
    many = _text_object(5, text, 0, 10, 1, [k % 997 / 1000 for k in range(300_000)])
    cases["300k-characters"] = package([_page_xml([many])])
    return cases
