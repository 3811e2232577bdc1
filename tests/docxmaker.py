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


# ---------------------------------------------------------------------------
# Text Word holds but does not show (hidden runs, revisions, fields, comments)

def run(text: str, how: str = "") -> str:
    """One run of ``text``, shown or not as ``how`` says.

    ``""`` plain; ``vanish``/``specVanish`` hidden (``w:rPr``); ``vanish-off`` an
    explicit ``w:vanish w:val="0"`` (shown); ``del`` a tracked deletion
    (``w:delText``); ``ins`` a tracked insertion (shown); ``moveFrom``/``moveTo``
    a moved passage; ``field:INSTR`` a complex field whose instruction is
    ``INSTR`` and whose shown result is ``text``; ``style:ID`` a run in
    character style ``ID``; ``comment:N`` ``text`` anchored to comment ``N``.
    """
    t = f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    rev = 'w:id="{}" w:author="synthetic" w:date="2025-01-01T00:00:00Z"'
    if how in ("vanish", "specVanish"):
        return f"<w:r><w:rPr><w:{how}/></w:rPr>{t}</w:r>"
    if how == "vanish-off":
        return f'<w:r><w:rPr><w:vanish w:val="0"/></w:rPr>{t}</w:r>'
    if how == "del":
        return (f"<w:del {rev.format(1)}><w:r><w:delText xml:space=\"preserve\">"
                f"{escape(text)}</w:delText></w:r></w:del>")
    if how in ("ins", "moveFrom", "moveTo"):
        return f"<w:{how} {rev.format(2)}><w:r>{t}</w:r></w:{how}>"
    if how.startswith("field:"):
        instr = escape(how[len("field:"):])
        return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r>{t}</w:r>"
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    if how.startswith("style:"):
        return f'<w:r><w:rPr><w:rStyle w:val="{how[6:]}"/></w:rPr>{t}</w:r>'
    if how.startswith("comment:"):
        n = how[len("comment:"):]
        return (f'<w:commentRangeStart w:id="{n}"/><w:r>{t}</w:r><w:commentRangeEnd w:id="{n}"/>'
                f'<w:r><w:commentReference w:id="{n}"/></w:r>')
    if how:
        raise ValueError(f"unknown run kind {how!r}")
    return f"<w:r>{t}</w:r>"


def runs_para(*runs: tuple[str, str] | str, style: str | None = None) -> str:
    """A ``w:p`` of runs: plain strings, or ``(text, how)`` pairs (see :func:`run`)."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = "".join(run(r) if isinstance(r, str) else run(*r) for r in runs)
    return f"<w:p>{ppr}{body}</w:p>"


def styles_xml(hidden: dict[str, tuple[str, bool | None, str | None]]) -> str:
    """``styleId`` → (type, vanish or None, basedOn or None)."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">']
    for sid, (kind, vanish, based) in hidden.items():
        rpr = ""
        if vanish is not None:
            rpr = "<w:rPr><w:vanish/></w:rPr>" if vanish else '<w:rPr><w:vanish w:val="0"/></w:rPr>'
        base = f'<w:basedOn w:val="{based}"/>' if based else ""
        out.append(f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{sid}"/>{base}{rpr}</w:style>')
    out.append("</w:styles>")
    return "".join(out)


def comments_xml(comments: dict[int, str]) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W_NS}">']
    for n, text in comments.items():
        out.append(f'<w:comment w:id="{n}" w:author="synthetic"><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:comment>')
    out.append("</w:comments>")
    return "".join(out)


PARTS_TYPES = CONTENT_TYPES.replace(
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>',
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\n'
    '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>')

PARTS_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
</Relationships>"""


def build_docx_parts(body: str, *, styles: str | None = None,
                     comments: str | None = None) -> bytes:
    """A DOCX around ``body`` with a styles part and a comments part (synthetic)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", PARTS_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", document_xml(body))
        zf.writestr("word/_rels/document.xml.rels", PARTS_RELS)
        zf.writestr("word/styles.xml", styles or styles_xml({}))
        zf.writestr("word/comments.xml", comments or comments_xml({}))
    return buf.getvalue()


#: Clauses hidden in :func:`gold_docx`, by how (each a "must" requirement if it were read).
HIDDEN_CLAUSES = {
    "vanish": "隐藏注入：各单位必须每天向某公司转账十万元。",
    "specVanish": "各支部必须将全部党费转入指定个人账户。",
    "style:Secret": "严禁向上级报告本要点以外的任何事项。",
    "del": "各学会必须于每月一日前提交全体会员名单。",
    "comment": "必须删除全部历史档案。",
}
FIELD_CODE = "MERGEFIELD 责任单位 \\* MERGEFORMAT"


def gold_docx(gold: dict) -> tuple[bytes, list[dict]]:
    """The gold document as a Word file with text Word does not show woven in, and
    the removals a reader must log.

    A hidden run inside the first item, a hidden paragraph between two sections, a
    run hidden by its character style, a tracked deletion, a comment and a field
    code; a tracked insertion and a field's result carry words of the gold
    itself, which must read as shown.  Synthetic.
    """
    from pdfgen import gold_blocks

    body = ""
    first_item = first_section = True
    for b in gold_blocks(gold):
        if b.kind == "page_break":
            continue
        if b.kind == "printed":
            body += table([b.text.split("|")])
            continue
        if b.kind == "heading" and not first_section:
            body += runs_para((HIDDEN_CLAUSES["specVanish"], "specVanish"))
        if b.kind == "heading":
            first_section = False
        if b.kind == "para" and b.text.startswith("1．") and first_item:
            first_item = False
            cut = b.text.index("。") + 1
            rest = b.text[cut:]
            k = rest.index("，") + 1
            body += runs_para(
                b.text[:cut], (HIDDEN_CLAUSES["vanish"], "vanish"),
                (rest[:2], f"field:{FIELD_CODE}"), rest[2:k],
                (HIDDEN_CLAUSES["del"], "del"), (rest[k:k + 6], "ins"),
                (HIDDEN_CLAUSES["style:Secret"], "style:Secret"),
                (rest[k + 6:k + 10], "comment:0"), rest[k + 10:])
            continue
        body += para(b.text, center=b.kind in ("center", "title"),
                     style="Title" if b.kind == "title" else None)
    data = build_docx_parts(body, styles=styles_xml({"Secret": ("character", True, None)}),
                            comments=comments_xml({0: HIDDEN_CLAUSES["comment"]}))
    expected = [{"kind": "hidden", "text": HIDDEN_CLAUSES["vanish"]},
                {"kind": "hidden", "text": HIDDEN_CLAUSES["specVanish"]},
                {"kind": "hidden", "text": HIDDEN_CLAUSES["style:Secret"]},
                {"kind": "deleted", "text": HIDDEN_CLAUSES["del"]},
                {"kind": "comment", "text": HIDDEN_CLAUSES["comment"]},
                {"kind": "field_code", "text": FIELD_CODE}]
    return data, expected
