# ruff: noqa: E501
# (OOXML boilerplate lines are long by nature)
"""Build small DOCX files from raw WordprocessingML, for tests (good and hostile).

python-docx cannot write automatic numbering, and hostile archives need
control over every byte, so fixtures are assembled here with ``zipfile``.
"""

from __future__ import annotations

import functools
import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""


def para(text: str, *, num: tuple[int, int] | None = None, center: bool = False,
         style: str | None = None) -> str:
    """One ``w:p``; ``num=(numId, ilvl)`` numbers it automatically."""
    ppr = ""
    if num or center or style:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        if center:
            ppr += '<w:jc w:val="center"/>'
        ppr += "</w:pPr>"
    runs = ""
    for k, piece in enumerate(text.split("\n")):
        if k:
            runs += "<w:r><w:br/></w:r>"
        runs += f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>'
    return f"<w:p>{ppr}{runs}</w:p>"


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def document_xml(body: str, *, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


def numbering_xml(levels: dict[int, list[tuple[int, str, str]]],
                  nums: dict[int, int] | None = None,
                  overrides: dict[int, dict[int, int]] | None = None) -> str:
    """``levels``: abstractNumId → [(start, numFmt, lvlText) per ilvl];
    ``nums``: numId → abstractNumId (default: numId = abstractNumId);
    ``overrides``: numId → {ilvl: startOverride}."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">']
    for aid, lvls in levels.items():
        out.append(f'<w:abstractNum w:abstractNumId="{aid}">')
        for ilvl, (start, fmt, text) in enumerate(lvls):
            out.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
                       f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{escape(text)}"/></w:lvl>')
        out.append("</w:abstractNum>")
    for num_id, aid in (nums or {a: a for a in levels}).items():
        out.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>')
        for ilvl, start in (overrides or {}).get(num_id, {}).items():
            out.append(f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/>'
                       "</w:lvlOverride>")
        out.append("</w:num>")
    out.append("</w:numbering>")
    return "".join(out)


def build_docx(body: str, *, numbering: str | None = None, prolog: str = "",
               extra: dict[str, bytes] | None = None,
               compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal valid DOCX around ``body`` (``w:p``/``w:tbl`` elements)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", document_xml(body, prolog=prolog))
        if numbering is not None:
            zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
            zf.writestr("word/numbering.xml", numbering)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


@functools.lru_cache(maxsize=4)
def zip_bomb(size: int = 300 * 2**20) -> bytes:
    """A DOCX whose one extra member inflates ``size`` zero bytes (synthetic zip bomb)."""
    body = para("正文")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", document_xml(body))
        with zf.open("word/media/bomb.bin", "w", force_zip64=True) as fh:
            chunk = b"\0" * 2**20
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


def many_members(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", document_xml(para("正文")))
        for k in range(n):
            zf.writestr(f"word/media/m{k}.bin", b"")
    return buf.getvalue()


BILLION_LAUGHS = """<!DOCTYPE w:document [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""

EXTERNAL_ENTITY = """<!DOCTYPE w:document [
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
"""
