"""DOCX: Word paragraphs → lines, with automatic numbering rendered as printed.

A ``.docx`` is a zip of XML parts, so it is checked *before* anything is
inflated or parsed (ECMA-376 leaves both to the reader's discretion):

* a zip bomb is refused on the central directory alone: too many members, a
  member or the whole archive declaring too many uncompressed bytes, or a
  compression ratio no real document reaches (zipfile never inflates a member
  past its declared size, so the declared sizes bound what we read);
* any ``<!DOCTYPE``/``<!ENTITY`` in an XML part is refused (billion laughs,
  external entities): WordprocessingML never needs a DTD.

Both raise :class:`~policytext.errors.UnsafeInputError`; a damaged archive
(truncated, bad CRC, no ``word/document.xml``) raises
:class:`~policytext.errors.CorruptFileError` with the cause chained.  The XML is
then parsed by python-docx in a child process under the reading limits
(:func:`~policytext.read.limits.run_limited`: deadline, memory cap).

Then each body paragraph (also inside tables) becomes one :class:`Line` with
``full=False``: Word already knows where paragraphs end, so nothing is joined
across them.  A paragraph numbered by Word (``w:numPr``) gets its label rendered
from ``numbering.xml`` (``一、``, ``（一）``, ``1．`` …) so it reads as printed.
Leading U+2003/U+3000 indents are stripped and kept as paragraph-start evidence.
The provincial reports saved from news sites start with 标题/来源/日期 lines:
the cleaning stage takes the ``来源：`` line out as web-page furniture
(:func:`policytext.clean.drop_source_line`).  The page headers and footers
(页眉/页脚, page numbers) are page furniture that only the reader sees (Word keeps
them apart from the body): each of their lines is logged once (``header``,
``footer``, ``page_number``), never body text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import CorruptFileError, PolicyTextError, UnsafeInputError
from ..model import Removal
from ..patterns import int_to_cn
from ..records import Line, RawDocument

__all__ = ["ZipLimits", "check_zip", "read_docx", "render_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class ZipLimits:
    """Caps checked on a DOCX's central directory before anything is inflated."""

    max_members: int = 2000
    max_member_bytes: int = 128 * 2**20
    max_total_bytes: int = 256 * 2**20
    #: Uncompressed/compressed size; real XML parts stay under ~30, a bomb runs to 1000.
    max_ratio: float = 200.0
    #: Members smaller than this are not judged by ratio (tiny parts compress oddly).
    ratio_floor_bytes: int = 2**20


def _zip_limits(limits: Any) -> ZipLimits:
    """Take caps from a shared ``Limits`` object where it has them."""
    base = ZipLimits()
    if limits is None:
        return base
    total = getattr(limits, "max_document_bytes", None) or getattr(
        limits, "max_decompressed_bytes", None)
    member = getattr(limits, "max_stream_bytes", None)
    return ZipLimits(
        max_members=base.max_members,
        max_member_bytes=int(member) if member else base.max_member_bytes,
        max_total_bytes=int(total) if total else base.max_total_bytes,
        max_ratio=base.max_ratio,
        ratio_floor_bytes=base.ratio_floor_bytes,
    )


_RE_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _as_utf8(data: bytes) -> bytes:
    """XML parts may be UTF-16; scan them as UTF-8 so a declaration cannot hide."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        for enc in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                return data.decode(enc).encode("utf-8")
            except UnicodeDecodeError:
                continue
    return data


def check_zip(zf: zipfile.ZipFile, *, name: str = "", limits: ZipLimits | None = None,
              required: str = "word/document.xml", kind: str = "a Word document") -> None:
    """Refuse zip bombs and DTD/entity declarations; raise on a damaged archive.

    ``required`` is the part the format cannot do without (``kind`` names the format
    in the message when it is missing): DOCX and OFD share this check.
    """
    limits = limits or ZipLimits()
    where = name or "DOCX"
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeInputError(f"{where}: refused, {len(infos)} zip members "
                               f"(at most {limits.max_members} accepted)")
    total = 0
    for info in infos:
        if info.file_size > limits.max_member_bytes:
            raise UnsafeInputError(
                f"{where}: refused, zip member {info.filename!r} declares "
                f"{info.file_size} uncompressed bytes (at most {limits.max_member_bytes})")
        total += info.file_size
        if info.file_size >= limits.ratio_floor_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise UnsafeInputError(
                    f"{where}: refused, zip member {info.filename!r} has compression ratio "
                    f"{ratio:.0f}:1 (a zip bomb; at most {limits.max_ratio:.0f}:1 accepted)")
    if total > limits.max_total_bytes:
        raise UnsafeInputError(f"{where}: refused, zip members declare {total} uncompressed "
                               f"bytes in all (at most {limits.max_total_bytes})")
    names = {info.filename for info in infos}
    if required not in names:
        raise CorruptFileError(f"{where} is not {kind}: no {required}")
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(info) as fh:
                data = fh.read(info.file_size + 1)  # never more than declared
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise CorruptFileError(f"{where} is damaged: cannot inflate {info.filename!r} "
                                   f"({exc})") from exc
        except Exception as exc:  # zlib.error and friends
            raise CorruptFileError(f"{where} is damaged: cannot inflate {info.filename!r} "
                                   f"({type(exc).__name__}: {exc})") from exc
        if _RE_DTD.search(_as_utf8(data)):
            raise UnsafeInputError(f"{where}: refused, {info.filename!r} contains a DTD or "
                                   f"entity declaration (not allowed in {kind})")


# ---------------------------------------------------------------------------
# Numbering: numbering.xml levels rendered as Word prints them.

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def render_number(n: int, fmt: str) -> str:
    """One counter value in a ``w:numFmt`` (ECMA-376 §17.18.59)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return int_to_cn(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return int_to_cn(n, digits=_CN_LEGAL, units="拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "koreanDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("decimalEnclosedParen",):
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and anything unknown


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False


class _Numbering:
    """Counters for ``w:numPr`` paragraphs, rendered into printed labels."""

    def __init__(self, root: Any) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        for an in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in an.iter(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
                    start=int(_val(lvl, "start") or 1),
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else "",
                    legal=lvl.find(f"{_W}isLgl") is not None,
                )
            self.abstract[an.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            self.num_to_abstract[num_id] = _val(num, "abstractNumId") or ""
            for ov in num.iter(f"{_W}lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    self.overrides.setdefault(num_id, {})[int(ov.get(f"{_W}ilvl", "0"))] = \
                        int(start)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``(num_id, ilvl)`` and return the printed label."""
        if num_id in ("", "0"):
            return ""  # numId 0 switches numbering off
        abstract_id = self.num_to_abstract.get(num_id)
        levels = self.abstract.get(abstract_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})  # type: ignore[arg-type]
        if num_id not in self.used:
            self.used.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level restarts the levels below it
        if level.fmt == "bullet":
            # Symbol-font bullets live in the private-use area: print them as •
            return "".join("•" if "\uf000" <= ch <= "\uf0ff" else ch for ch in level.text)

        def one(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters.get(k, lv.start)
            fmt = "decimal" if level.legal and lv.fmt != "decimalZero" else lv.fmt
            return render_number(value, fmt)

        return re.sub(r"%([1-9])", one, level.text)


def _val(el: Any, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}")
    return None if child is None else child.get(f"{_W}val")


# ---------------------------------------------------------------------------
# Paragraphs

_INDENT = "\u2003\u3000\u2002\u00a0 \t"


def _num_pr(p: Any, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """The (numId, ilvl) of a paragraph, directly or through its paragraph style."""
    ppr = p.find(f"{_W}pPr")
    num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
    style = _val(ppr, "pStyle") if ppr is not None else None
    if num_pr is not None:
        num_id = _val(num_pr, "numId")
        ilvl = _val(num_pr, "ilvl")
        if num_id is None and style in styles:
            return styles[style][0], int(ilvl or styles[style][1])
        if num_id is not None:
            return num_id, int(ilvl or 0)
    if style in styles:
        return styles[style]
    return None


def _style_numbering(styles_root: Any) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    if styles_root is None:
        return out
    for st in styles_root.iter(f"{_W}style"):
        ppr = st.find(f"{_W}pPr")
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is not None and _val(num_pr, "numId") is not None:
            out[st.get(f"{_W}styleId", "")] = (_val(num_pr, "numId") or "",
                                              int(_val(num_pr, "ilvl") or 0))
    return out


_T, _TAB, _BR, _CR, _NBH, _SYM = (f"{_W}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen",
                                                         "sym"))
#: Text under these is not printed in the paragraph (deletions, text boxes, properties).
_SKIP = (f"{_W}del", f"{_W}txbxContent", f"{_W}pPr", f"{_W}rPr")


def _visible(text: str) -> int:
    """Non-whitespace characters (as :func:`~policytext.patterns.count_visible`, faster)."""
    return len("".join(text.split()))


def _paragraph_text(p: Any) -> str:
    """Run text of a paragraph, tabs and breaks included, in document order."""
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR, _NBH, _SYM):
        tag = el.tag[len(_W):]
        run = el.getparent()
        # fast path: w:p/w:r/w:t; anything deeper may sit in a deletion or a text box
        if run is None or run.getparent() is not p and _inside(el, p, _SKIP):
            continue
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "sym":
            code = el.get(f"{_W}char")
            if code:
                try:
                    parts.append(chr(int(code, 16)))
                except ValueError:
                    pass
    return "".join(parts)


def _inside(el: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TXBX = f"{_W}txbxContent"


def _with_text_boxes(p: Any) -> Iterator[Any]:
    """A paragraph, then the paragraphs of text boxes anchored in it.

    A text box is stored twice (``mc:Choice`` for new Word, ``mc:Fallback`` as
    VML); only the first copy is read.
    """
    yield p
    for box in p.iter(_TXBX):
        if _inside(box, p, (_MC_FALLBACK,)) or _inside(box, p, (_TXBX,)):
            continue
        yield from box.iter(f"{_W}p")


@dataclass(frozen=True)
class _TableRow:
    """A table row whose cells hold one paragraph each: read as one line, cells tab-separated."""

    cells: tuple[Any, ...]


def _block_paragraphs(body: Any) -> Iterator[Any]:
    """Body paragraphs in order, also those in table cells, content controls and text boxes;
    a table row of single-paragraph cells comes as one :class:`_TableRow`."""
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield from _with_text_boxes(child)
        elif tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                yield from _row_blocks(row)
        elif tag in (f"{_W}sdt", f"{_W}customXml"):
            for p in child.iter(f"{_W}p"):
                if not _inside(p, child, (_TXBX,)):
                    yield from _with_text_boxes(p)


def _row_blocks(row: Any) -> Iterator[Any]:
    """One table row: a :class:`_TableRow` when each cell has at most one paragraph with
    text (the 版记 row 江苏省科协办公室 | 2025年4月16日印发, a 任务分工表 row) and two or more
    cells have text; else its paragraphs one by one (a cell of several paragraphs, a
    nested table, a row with one filled cell)."""
    cells = []
    simple = True
    for tc in row.iterchildren(f"{_W}tc"):
        if tc.find(f".//{_W}tbl") is not None or tc.find(f".//{_TXBX}") is not None:
            simple = False
            break
        filled = [p for p in tc.iter(f"{_W}p") if _paragraph_text(p).strip(_INDENT + " ")]
        if len(filled) > 1:
            simple = False
            break
        cells.extend(filled)
    if simple and len(cells) >= 2:
        yield _TableRow(tuple(cells))
        return
    for p in row.iter(f"{_W}p"):
        if not _inside(p, row, (_TXBX,)):
            yield from _with_text_boxes(p)


def _centered(p: Any) -> bool | None:
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        return None
    jc = _val(ppr, "jc")
    return jc == "center" if jc is not None else None


def read_docx(data: bytes, *, name: str = "", limits: Any = None) -> RawDocument:
    """A Word document: one :class:`Line` per paragraph, numbering labels rendered."""
    where = name or "DOCX"
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, NotImplementedError (version), struct.error, …
        raise CorruptFileError(f"{where} is not a readable DOCX (damaged or truncated zip: "
                               f"{type(exc).__name__}: {exc})") from exc
    with zf:
        try:
            check_zip(zf, name=where, limits=_zip_limits(limits))
        except PolicyTextError:
            raise
        except Exception as exc:  # NotImplementedError (compression), RuntimeError …
            raise CorruptFileError(f"{where} is damaged: {type(exc).__name__}: {exc}") from exc
    import docx  # noqa: F401  (imported here so the forked child inherits it)

    from .limits import Limits, run_limited

    # python-docx/lxml parse in a child process under the deadline and memory cap.
    return run_limited(_parse, data, limits=limits if isinstance(limits, Limits) else None,
                       name=where)


def _parse(data: bytes, *, budget: Any = None) -> RawDocument:
    """Parse a DOCX that :func:`check_zip` accepted (run under :func:`run_limited`)."""
    where = budget.name if budget is not None and getattr(budget, "name", "") else "DOCX"
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        part = document.part
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_root = None
        try:
            styles_root = part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles_root = None
        lines, removed, meta, chars_in = _lines(body, numbering_root, styles_root)
        for kind, text in _page_furniture(document):
            chars_in += _visible(text)
            removed.append(Removal(kind, text, None, _FURNITURE_REASON[kind]))
    except PolicyTextError:
        raise
    except RecursionError as exc:
        raise CorruptFileError(f"{where} is damaged: XML nested too deeply") from exc
    except MemoryError:
        raise
    except Exception as exc:  # lxml XMLSyntaxError, KeyError from a broken package, …
        raise CorruptFileError(f"{where} is not a readable DOCX: {type(exc).__name__}: "
                               f"{' '.join(str(exc).split())}") from exc
    warnings: list[str] = []
    if any("\ufffd" in ln.text for ln in lines):
        n = sum(ln.text.count("\ufffd") for ln in lines)
        warnings.append(f"{n} replacement characters (U+FFFD) in the text: it was damaged "
                        "before it reached us")
    return RawDocument(lines=lines, format="docx", encoding=None, pages=1 if lines else 0,
                       removed=removed, warnings=warnings, meta=meta, chars_in=chars_in)


_FURNITURE_REASON = {
    "header": "Word page header (页眉), repeated on the pages: page furniture, not body text",
    "footer": "Word page footer (页脚), repeated on the pages: page furniture, not body text",
    "page_number": "page number in the Word page footer or header",
}
_RE_PAGE_NUMBER = re.compile(r"^[\s—\-–－第页共/0-9]*$")


def _page_furniture(document: Any) -> list[tuple[str, str]]:
    """(kind, text) of every line of the page headers and footers, each text once.

    Word keeps them apart from the body; they are read only to be logged, so that
    nothing the file holds is dropped silently.  A page number is usually a field
    (PAGE) whose cached digits are the text, if any.
    """
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for section in document.sections:
        for attr in ("header", "first_page_header", "even_page_header",
                     "footer", "first_page_footer", "even_page_footer"):
            part = getattr(section, attr)
            if part.is_linked_to_previous:  # no part of its own (nothing to read)
                continue
            kind = "header" if attr.endswith("header") else "footer"
            for p in part._element.iter(f"{_W}p"):
                text = _paragraph_text(p).strip()
                if not text:
                    continue
                k = "page_number" if _RE_PAGE_NUMBER.match(text) else kind
                if (k, text) not in seen:
                    seen.add((k, text))
                    out.append((k, text))
    return out


def _lines(body: Any, numbering_root: Any, styles_root: Any
           ) -> tuple[list[Line], list[Removal], dict[str, Any], int]:
    numbering = _Numbering(numbering_root)
    style_nums = _style_numbering(styles_root)
    lines: list[Line] = []
    removed: list[Removal] = []
    meta: dict[str, Any] = {}
    chars_in = 0
    n_labels = 0
    first_text = True
    for p in _block_paragraphs(body):
        if isinstance(p, _TableRow):
            text = "\t".join(_paragraph_text(c).strip(_INDENT + " ") for c in p.cells)
            chars_in += _visible(text)
            lines.append(Line(text=text.replace("\n", " "), page=1, indent=False, full=False,
                              role="table", centered=None))
            first_text = False
            continue
        text = _paragraph_text(p)
        num = _num_pr(p, style_nums)
        label = numbering.label(*num) if num else ""
        if not text.strip() and not label:
            continue
        stripped = text.lstrip(_INDENT)
        indented = len(stripped) < len(text)
        if label:
            n_labels += 1
            sep = " " if label[-1:].isascii() and label[-1:].isalnum() or label[-1:] in ".)•●○■" \
                else ""
            stripped = label + sep + stripped
            indented = True
        chars_in += _visible(stripped)
        segments = stripped.split("\n")
        for k, seg in enumerate(segments):
            seg = seg.strip(_INDENT)
            if not seg:
                continue
            role = ""
            if len(lines) < _HEAD_LINES and _is_red(p):
                role = "org_mark"  # the red 发文机关标志 of a 红头 document
            elif first_text and _is_title_style(p):
                role = "title"
            lines.append(Line(text=seg, page=1, indent=indented if k == 0 else False,
                              full=k < len(segments) - 1, gap_before=False,
                              role=role, centered=_centered(p)))
        first_text = False
    if n_labels:
        meta["numbering_labels"] = n_labels
    return lines, removed, meta, chars_in


#: The 发文机关标志 is among the first lines of a document (GB/T 9704 §7.2.2).
_HEAD_LINES = 4


def _is_red(p: Any) -> bool:
    """Most of the paragraph's visible text is set in red (w:color, e.g. FF0000)."""
    red = total = 0
    for run in p.iter(f"{_W}r"):
        text = "".join(t.text or "" for t in run.iter(_T))
        n = _visible(text)
        if not n:
            continue
        total += n
        rpr = run.find(f"{_W}rPr")
        color = _val(rpr, "color") if rpr is not None else None
        if color and len(color) == 6:
            try:
                r, g, b = (int(color[k:k + 2], 16) for k in (0, 2, 4))
            except ValueError:
                continue
            if r >= 0xB0 and g <= 0x60 and b <= 0x60:
                red += n
    return total > 0 and red * 2 > total


def _is_title_style(p: Any) -> bool:
    ppr = p.find(f"{_W}pPr")
    style = (_val(ppr, "pStyle") or "") if ppr is not None else ""
    return style.lower() in ("title", "标题")
