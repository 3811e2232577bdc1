"""PDF: characters and their positions (pdfplumber) → lines with layout evidence.

Only the geometry of the glyphs is used, not ``extract_text`` (the glyphs are
the ``LTChar`` objects behind pdfplumber's ``page.chars``, read directly): glyphs are
grouped into physical lines by their vertical position and ordered by ``x``;
spaces come only from space glyphs the PDF draws or, between two Latin
characters, from a real gap (so no space is invented between Chinese and
digits).  Each :class:`~policytext.records.Line` carries its page and its
:class:`~policytext.records.Box` (where its glyphs sit, its size, whether it is
red); a row of cells far apart is marked a ``table`` row.  The cleaning stage
turns the boxes into paragraph evidence (indent, fullness, gaps, centring, the
``org_mark`` and ``title`` roles of GB/T 9704-2012 §7.2.4, §7.3.1) once it has
decided which lines are page furniture (:mod:`policytext.clean.layout`).

What the reader drops itself is logged as a :class:`~policytext.model.Removal`
with its page: seals drawn as red rotated text, watermarks (rotated or
light-coloured text, unless most of the
page is printed so; text three times the page's usual size that is grey or
printed over other text) and fake-bold glyphs (the same glyph overprinted at
nearly the same place): glyph-level marks that only the reader can see.  Page
numbers, running headers and link stamps are left in the lines for the cleaning
stage (:func:`policytext.clean.find_furniture`, :func:`policytext.clean.remove_links`);
a stamp printed over a body line is kept in one piece at its place, so
``remove_links`` removes it with the words on both sides as context.

Reading runs under :mod:`policytext.read.limits` (child process, deadline,
caps); every failure comes out as a :mod:`policytext.errors` exception.
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptFileError, NoTextLayerError, PasswordError
from ..model import Removal
from ..patterns import count_visible
from ..records import Box, Line, RawDocument
from .limits import Budget, Limits, pdf_guards, run_limited

__all__ = ["read_pdf"]

#: The share of ``(cid:N)`` placeholders above which the text layer is unusable.
CID_ERROR_SHARE = 0.9
_RE_CID = re.compile(r"^\(cid:\d+\)$")


def read_pdf(data: bytes, *, name: str = "", password: str | None = None,
             limits: Limits | None = None, ocr: str = "auto",
             progress: Callable[[int, int], None] | None = None) -> RawDocument:
    """Read a PDF's text layer into lines with layout evidence (see the module doc).

    ``ocr`` says which pages are read from their image instead
    (:mod:`policytext.read.ocr`): ``auto`` (pages with no text layer, or a garbled
    one), ``always`` or ``never``; ``progress(done, total)`` is called as OCR'd pages
    finish.  Raises :class:`~policytext.errors.NoTextLayerError` for an image-only PDF
    that OCR cannot read (or may not),
    :class:`~policytext.errors.PasswordError` for an encrypted one without the
    right ``password``, :class:`~policytext.errors.CorruptFileError` for a damaged
    one and :class:`~policytext.errors.LimitError` when a limit of ``limits`` is hit.
    """
    what = name or "input"
    if b"%PDF" not in data[:1024]:
        raise CorruptFileError(f"{what} is not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        # pdfminer would rebuild what it can of a cut-off file and say nothing; a
        # document missing its end must not pass for a complete one.
        raise CorruptFileError(f"{what} is truncated (no %%EOF at its end)")
    import pdfplumber  # noqa: F401  (imported before forking, so the child need not)

    from .ocr import check_mode

    check_mode(ocr)
    results, n_pages, log_messages, cmaps = run_limited(_read, data, limits=limits, name=name,
                                                         password=password)
    _warm_cmaps(cmaps)
    ocr_meta = None
    if ocr != "never":
        from .ocr import ocr_pdf_pages

        results, ocr_meta = ocr_pdf_pages(data, results, mode=ocr, password=password,
                                          limits=limits, name=name, progress=progress)
    raw = _assemble(results, n_pages, name or "input", log_messages, ocr=ocr)
    if ocr_meta:
        from dataclasses import replace

        from .ocr import describe

        raw = replace(raw, meta={**raw.meta, "ocr": ocr_meta},
                      warnings=(describe(ocr_meta), *raw.warnings))
    return raw


def _warm_cmaps(names: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
    """Load here the predefined CMaps a child needed, so later children inherit them.

    pdfminer caches CMaps per process; a child's cache dies with it, and the
    Adobe-GB1 map alone takes a third of a second to load.
    """
    from pdfminer.cmapdb import CMapDB

    cmaps, umaps = names
    safe = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{0,63}$")  # Adobe CMap names only
    for name in cmaps[:16]:
        if safe.match(name) and name not in CMapDB._cmap_cache:
            try:
                CMapDB.get_cmap(name)
            except Exception:  # a name the child could load; never fail reading over a cache
                pass
    for name in umaps[:16]:
        if safe.match(name) and name not in CMapDB._umap_cache:
            try:
                CMapDB.get_unicode_map(name)
            except Exception:
                pass


# ---------------------------------------------------------------------------
# Glyphs


@dataclass(slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    style: tuple
    seq: int = 0  # drawing order on the page


@dataclass(slots=True)
class _Row:
    """A physical line on a page, before its layout flags are known."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    red: bool
    page_height: float
    lead: float = 0.0  # width of the Latin word the line starts with (0 if none)
    cells: bool = False  # a table row: its cells, far apart, are joined by tabs


def _luminance(color: Any) -> float:
    """0 (black) … 1 (white) for a pdfplumber colour (grey, RGB or CMYK tuple)."""
    if not isinstance(color, (tuple, list)) or not color:
        return 0.0
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return 0.0
    if len(vals) == 1:
        return vals[0]
    if len(vals) == 3:
        r, g, b = vals
    elif len(vals) == 4:
        c, m, y, k = vals
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return 0.0
    return 0.299 * r + 0.587 * g + 0.114 * b


def _is_red(color: Any) -> bool:
    if not isinstance(color, (tuple, list)):
        return False
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(vals) == 3:
        r, g, b = vals
    elif len(vals) == 4:
        c, m, y, k = vals
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return False
    return r >= 0.6 and g <= 0.35 and b <= 0.35


def _is_cjk(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch[0]) in "WF"


def _is_latin(ch: str) -> bool:
    """A character between which and another Latin one a gap means a word space."""
    return bool(ch) and not _is_cjk(ch) and not ch.isspace() and not ch.startswith("(cid:")


# ---------------------------------------------------------------------------
# Reading (runs in the limited child)


@dataclass
class _PageResult:
    rows: list[_Row]
    removed: list[Removal]
    sizes: Counter
    chars_in: int
    cids: int
    replacement: int
    notes: list[str] = field(default_factory=list)
    #: Share of the page covered by images, and their resolution (for OCR).
    image_cover: float = 0.0
    image_dpi: float = 0.0


def _read(data: bytes, *, budget: Budget, password: str | None = None
          ) -> tuple[list[_PageResult], int, list[str], tuple[tuple[str, ...], tuple[str, ...]]]:
    import pdfplumber
    from pdfminer.cmapdb import CMapDB

    had = (set(CMapDB._cmap_cache), set(CMapDB._umap_cache))

    what = budget.name
    with pdf_guards(budget) as log:
        try:
            pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
        except Exception as exc:
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
            if type(inner).__name__ == "PDFPasswordIncorrect":
                msg = (f"{what} is encrypted and the password given is wrong" if password else
                       f"{what} is encrypted: give its password with --password")
                raise PasswordError(msg) from inner
            raise
        with pdf:
            pages = pdf.pages
            results: list[_PageResult] = []
            for page in pages:
                budget.new_page()
                results.append(_read_page(page))
                results[-1].image_cover, results[-1].image_dpi = _images(page)
                page.close()  # release the page's layout objects as we go
            n_pages = len(pages)
            pdf.flush_cache()
    loaded = (tuple(sorted(set(CMapDB._cmap_cache) - had[0])),
              tuple(sorted(set(CMapDB._umap_cache) - had[1])))
    return results, n_pages, list(log.messages), loaded


def _images(page: Any) -> tuple[float, float]:
    """The share of ``page`` its images cover, and the resolution of the largest (dpi)."""
    area = float(page.width) * float(page.height) or 1.0
    cover, dpi, largest = 0.0, 0.0, 0.0
    for im in page.images:
        w, h = float(im["x1"]) - float(im["x0"]), float(im["bottom"]) - float(im["top"])
        if w <= 0 or h <= 0:
            continue
        cover += w * h / area
        src = im.get("srcsize") or (0, 0)
        if w * h > largest and src and src[0]:
            largest, dpi = w * h, float(src[0]) * 72 / w
    return min(cover, 1.0), dpi


def _chars(page: Any) -> Iterator[tuple]:
    """The page's glyphs as pdfplumber has them, in drawing order.

    These are the ``LTChar`` objects of pdfplumber's ``Page.layout`` — the objects
    behind ``page.chars`` — read directly, with ``page.chars``' coordinates
    (``top``/``bottom`` from the top of the page, MediaBox offsets applied).
    Turning every attribute of every glyph into a dict, as ``page.chars`` does,
    costs about a third of the reading time and we need only ten of them.
    """
    from pdfminer.layout import LTChar, LTContainer

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    stack = [iter(page.layout._objs)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                color = obj.graphicstate.ncolor
                if not isinstance(color, tuple):
                    color = (color,)
                font = obj.fontname
                if isinstance(font, bytes):
                    font = font.decode("latin-1")
                yield (obj.get_text(), obj.x0 + mb_x0, obj.x1 + mb_x0,
                       height - obj.y1 + mb_top, height - obj.y0 + mb_top, obj.size, font,
                       obj.upright, obj.matrix, color)
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
        else:
            stack.pop()


def _read_page(page: Any) -> _PageResult:
    """Glyphs of one page → rows, with watermarks and fake-bold duplicates logged."""
    page_no = page.page_number
    height = float(page.height)
    glyphs: list[_Glyph] = []
    removed: list[Removal] = []
    sizes: Counter = Counter()
    chars_in = cids = replacement = 0
    marks: dict[str, list[_Glyph]] = {}
    paint: dict[Any, tuple[float, bool]] = {}  # colour → (luminance, red), computed once
    notes: list[str] = []
    for text, x0, x1, top, bottom, size, font, upright, matrix, color in _chars(page):
        if not text:
            continue
        visible = count_visible(text)
        chars_in += visible
        if text[0] == "(" and _RE_CID.match(text):
            cids += 1
        if "\ufffd" in text:
            replacement += 1
        try:
            lum, red = paint[color]
        except (KeyError, TypeError):
            lum, red = _luminance(color), _is_red(color)
            try:
                paint[color] = (lum, red)
            except TypeError:  # an unhashable colour (pattern): not cached
                pass
        glyph = _Glyph(text, x0, x1, top, bottom, size, (font, round(size, 1), red, lum > 0.3),
                       len(glyphs) + sum(map(len, marks.values())))
        a, b, d = matrix[0], matrix[1], matrix[3]
        if not upright or abs(b) > 0.05 * max(abs(a), abs(d), 1e-9):
            if visible:
                # red text set along a curve is a seal (印章) drawn as text
                reason = "seal (red rotated text)" if red else "rotated text (watermark)"
                marks.setdefault(reason, []).append(glyph)
            continue
        if lum >= 0.75:
            if visible:
                marks.setdefault("light-coloured text (watermark)", []).append(glyph)
            continue
        if visible:
            sizes[round(size * 2) / 2] += 1
        glyphs.append(glyph)
    seal = marks.get("seal (red rotated text)")
    if seal:
        # the seal's upright red glyphs (the top of its ring, its centre) go with it
        pad = max(g.size for g in seal)
        box = (min(g.x0 for g in seal) - pad, min(g.top for g in seal) - pad,
               max(g.x1 for g in seal) + pad, max(g.bottom for g in seal) + pad)
        inside = [g for g in glyphs if g.style[2] and box[0] <= (g.x0 + g.x1) / 2 <= box[2]
                  and box[1] <= (g.top + g.bottom) / 2 <= box[3] and g.size <= 2 * pad]
        if inside:
            moved = set(map(id, inside))
            glyphs = [g for g in glyphs if id(g) not in moved]
            seal.extend(g for g in inside if not g.text.isspace())
            seal.sort(key=lambda g: g.seq)
            for g in inside:
                if not g.text.isspace():
                    sizes[round(g.size * 2) / 2] -= 1
    # A watermark is the exception on its page: when most of a page's text is rotated
    # or light, that is how the page is printed, and it is kept (with a note).
    for reason in list(marks):
        if len(marks[reason]) > 1.5 * len(glyphs) and len(marks[reason]) >= 20:
            kept = marks.pop(reason)
            glyphs.extend(kept)
            for g in kept:
                sizes[round(g.size * 2) / 2] += 1
            notes.append(f"page {page_no}: most text is {reason.split(' (')[0]}; "
                         f"kept as text (reading order may be wrong)")
    if sizes:
        # Very large text (≥ 3× the page's usual size) printed over other text, or in
        # grey, is a watermark; the red 发文机关标志 at the top of page 1 (GB/T 9704-2012
        # §7.2.4) and a large title standing on its own are not.
        page_body = max(sizes.items(), key=lambda kv: (kv[1], -kv[0]))[0]
        large = [g for g in glyphs if g.size >= 3 * page_body and not g.text.isspace()
                 and not (page_no == 1 and g.style[2] and g.top < 0.45 * height)]
        if large:
            normal = [g for g in glyphs if g.size < 3 * page_body and not g.text.isspace()]
            large = [g for g in large if g.style[3] or _overlaps(g, normal)]
        if large:
            big = set(map(id, large))
            glyphs = [g for g in glyphs if id(g) not in big]
            marks["very large text (watermark)"] = large
            for g in large:
                sizes[round(g.size * 2) / 2] -= 1
    for reason, items in marks.items():
        kind = "seal" if reason.startswith("seal") else "watermark"
        removed.append(Removal(kind, _join_marks(items), page_no, reason))
    rows = []
    styles = Counter(g.style for g in glyphs if not g.text.isspace())
    page_style = styles.most_common(1)[0][0] if styles else None
    for line in _group(glyphs):
        row, dup = _row(line, page_no, height, page_style)
        if dup:
            removed.append(Removal("fake_bold", dup, page_no,
                                   "overprinted (fake-bold) duplicate glyphs"))
        if row is not None:
            rows.append(row)
    return _PageResult(rows, removed, sizes, chars_in, cids, replacement, notes)


def _overlaps(g: _Glyph, others: Sequence[_Glyph]) -> bool:
    """Whether ``g``'s box covers part of any glyph of ``others``."""
    return any(o.x0 < g.x1 and g.x0 < o.x1 and o.top < g.bottom and g.top < o.bottom
               for o in others)


def _join_marks(items: Sequence[_Glyph]) -> str:
    """Watermark glyphs in drawing order; a space where one stamp ends and another starts."""
    out: list[str] = []
    prev = None
    for g in items:
        text, x, y, size = g.text, g.x0, g.top, g.size
        if prev is not None and (abs(x - prev[0]) > 3 * max(size, 1) or
                                 abs(y - prev[1]) > 3 * max(size, 1)):
            out.append(" ")
        out.append(text)
        prev = (x, y)
    return "".join(out)


def _group(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs → physical lines: sorted by vertical centre, split where it jumps."""
    glyphs.sort(key=lambda g: g.top + g.bottom)
    lines: list[list[_Glyph]] = []
    mid = size = 0.0
    for g in glyphs:
        gm = (g.top + g.bottom) / 2
        if lines and abs(gm - mid) <= 0.4 * max(g.size, size, 1.0):
            lines[-1].append(g)
            if g.size > size:
                size = g.size
        else:
            lines.append([g])
            mid, size = gm, g.size
    return lines


def _dedup(line: list[_Glyph]) -> tuple[list[_Glyph], str]:
    """Drop overprinted copies: the same glyph within a quarter em of one kept."""
    kept: list[_Glyph] = []
    dropped: list[str] = []
    for g in line:
        # within a quarter em, and within half the glyph's own width ("tt" is no overprint)
        tol = min(0.25 * max(g.size, 1.0), 0.5 * max(g.x1 - g.x0, 0.1))
        for k in kept[-4:]:
            if k.text == g.text and abs(k.x0 - g.x0) < tol and abs(k.top - g.top) < tol:
                dropped.append(g.text)
                break
        else:
            kept.append(g)
    return kept, "".join(dropped)


def _order(line: list[_Glyph], page_style: tuple | None) -> list[_Glyph]:
    """Reading order: by x, except that a run in another style printed *over* the main
    text (a download site's link stamp) is kept in one piece where it starts."""
    styles = Counter(g.style for g in line if not g.text.isspace())
    if len(styles) <= 1:
        return line
    main = page_style if page_style in styles else styles.most_common(1)[0][0]
    body = [g for g in line if g.style == main and not g.text.isspace()]
    starts = [g.x0 for g in body]
    segments: list[list[_Glyph]] = []
    open_seg: dict[tuple, list[_Glyph]] = {}
    for g in line:
        if g.style == main or g.text.isspace():
            continue
        seg = open_seg.get(g.style)
        if seg is not None and g.x0 - seg[-1].x1 <= 1.0 * max(g.size, 1.0):
            seg.append(g)
        else:
            seg = [g]
            segments.append(seg)
            open_seg[g.style] = seg

    def covered(g: _Glyph) -> bool:
        mid = (g.x0 + g.x1) / 2
        k = bisect.bisect_right(starts, mid) - 1
        return k >= 0 and body[k].x1 > mid

    blocks = [seg for seg in segments if len(seg) > 1
              and sum(map(covered, seg)) >= max(2, 0.2 * len(seg))]
    if not blocks:
        return line
    in_block = {id(g) for seg in blocks for g in seg}
    rest = [g for g in line if id(g) not in in_block]
    out: list[_Glyph] = []
    k = 0
    for g in rest:
        while k < len(blocks) and blocks[k][0].x0 <= g.x0:
            out.extend(blocks[k])
            k += 1
        out.append(g)
    for seg in blocks[k:]:
        out.extend(seg)
    return out


def _row(line: list[_Glyph], page: int, height: float,
         page_style: tuple | None, *, dedup: bool = True) -> tuple[_Row | None, str]:
    line.sort(key=lambda g: g.x0)
    line, dup = _dedup(line) if dedup else (line, "")  # (OCR reads each glyph once)
    line = _order(line, page_style)
    # Letter-spaced Latin text (a character spacing set for the line) is not a row of
    # words: a word space is a gap wider than the line's usual gap between letters.
    gaps = sorted(b.x0 - a.x1 for a, b in zip(line, line[1:], strict=False)
                  if _is_latin(a.text[-1]) and _is_latin(b.text[0])
                  and not a.text.isspace() and not b.text.isspace())
    usual = max(0.0, gaps[len(gaps) // 2]) if len(gaps) >= 4 else 0.0
    parts: list[str] = []
    prev: _Glyph | None = None
    space = False
    ink: list[_Glyph] = []
    tabs: dict[int, str] = {}  # parts index of a cell gap → what it is if no table
    for g in line:
        if g.text.isspace():
            space = True
            continue
        word_space = prev is not None and _is_latin(prev.text[-1]) and _is_latin(g.text[0]) \
            and (space or g.x0 - prev.x1 - usual > 0.2 * min(g.size, prev.size))
        if prev is not None and not space \
                and g.x0 - prev.x1 > CELL_GAP * max(g.size, prev.size):
            tabs[len(parts)] = " " if word_space else ""
            parts.append("\t")  # far apart: another cell of a table row (checked below)
        elif word_space:
            parts.append(" ")  # a word space in Latin text; never next to Chinese
        parts.append(g.text)
        ink.append(g)
        prev, space = g, False
    if not ink:
        return None, dup
    cells = bool(tabs)
    if cells and all(len(c) == 1 for c in "".join(parts).split("\t")):
        for k, alt in tabs.items():  # a letter-spaced word (通　　知, — 5 —), not cells
            parts[k] = alt
        cells = False
    text = "".join(parts)
    lead = 0.0
    if _is_latin(ink[0].text[0]) and not ink[0].text[0].isdigit():
        k = 0
        while k + 1 < len(ink) and _is_latin(ink[k + 1].text[0]) \
                and ink[k + 1].x0 - ink[k].x1 - usual <= 0.2 * ink[k].size:
            k += 1
        lead = ink[k].x1 - ink[0].x0
    sizes = sorted(g.size for g in ink)
    main_style = Counter(g.style for g in ink).most_common(1)[0][0]
    return _Row(page=page, text=text, x0=min(g.x0 for g in ink),
                x1=max(g.x1 for g in ink), top=min(g.top for g in ink),
                bottom=max(g.bottom for g in ink), size=sizes[len(sizes) // 2],
                red=bool(main_style[2]), page_height=height, lead=lead, cells=cells), dup


#: A gap wider than this many ems between two glyphs of a line, with no space typed in
#: it, separates table cells (or a 发文字号 from a 签发人): text, even justified, never
#: spaces its words so far, and typed spacing (第一条　为了…, 总　　则) has space glyphs.
CELL_GAP = 1.5


# ---------------------------------------------------------------------------
# The whole document


def _assemble(results: list[_PageResult], n_pages: int, what: str,
              log_messages: Sequence[str], *, ocr: str = "never") -> RawDocument:
    sizes: Counter = Counter()
    removed: list[Removal] = []
    chars_in = cids = replacement = 0
    rows: list[_Row] = []
    empty_pages = []
    notes: list[str] = []
    for i, res in enumerate(results, 1):
        notes.extend(res.notes)
        sizes.update(res.sizes)
        removed.extend(res.removed)
        chars_in += res.chars_in
        cids += res.cids
        replacement += res.replacement
        rows.extend(res.rows)
        if not res.rows:
            empty_pages.append(i)
    if n_pages == 0:
        raise CorruptFileError(f"{what} is damaged: no page could be read"
                               + (f" (pdfminer: {log_messages[0]})" if log_messages else ""))
    if chars_in == 0 and log_messages:
        raise CorruptFileError(f"{what} is damaged: no text could be read "
                               f"(pdfminer: {log_messages[0]})")
    why_not = ("OCR found no text in its images" if ocr != "never"
               else "OCR was turned off (--ocr never)")
    if chars_in == 0:
        raise NoTextLayerError(f"{what}: no text layer: scanned/image-only PDF, and {why_not}")
    total = sum(sizes.values())
    if total and cids / total >= CID_ERROR_SHARE:
        raise NoTextLayerError(
            f"{what}: the text layer is unreadable ({cids} of {total} characters are "
            f"(cid:N) placeholders: fonts without a Unicode map), and "
            + ("OCR could not read its pages" if ocr != "never" else why_not))
    warnings: list[str] = []
    if cids:
        warnings.append(f"{cids} of {total} characters are (cid:N) placeholders "
                        f"(fonts without a Unicode map): text is incomplete")
    if replacement:
        warnings.append(f"{replacement} characters decoded as replacement characters")
    if empty_pages:
        warnings.append(f"no text on page(s) {_ranges(empty_pages)} ("
                        + ("OCR found none)" if ocr != "never" else "OCR turned off)"))
    warnings.extend(notes[:5])
    warnings.extend(f"pdfminer: {m}" for m in log_messages)

    body = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0] if sizes else 12.0
    lines = [_line(r) for r in rows]
    return RawDocument(lines=lines, format="pdf", pages=n_pages, removed=removed,
                       warnings=warnings, meta={"body_font_size": body},
                       chars_in=chars_in)


def _ranges(pages: Sequence[int]) -> str:
    out, start, prev = [], None, None
    for p in pages:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = p
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ", ".join(out)


def _line(r: _Row) -> Line:
    """A row as a line with its box: the cleaning stage sets its flags from the box
    once it knows which lines are page furniture.  A row of cells is a table row."""
    return Line(text=r.text, page=r.page, role="table" if r.cells else "",
                box=Box(x0=r.x0, x1=r.x1, top=r.top, bottom=r.bottom, size=r.size,
                        page_height=r.page_height, lead=r.lead, red=r.red))
