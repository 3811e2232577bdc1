"""OFD (GB/T 33190-2016): text objects and their positions → the PDF reader's lines.

An ``.ofd`` is a ZIP of XML parts: ``OFD.xml`` names the document root
(``Document.xml``), which lists the pages (each a ``Content.xml`` of layers), the
templates, the resources (``PublicRes.xml``, ``DocumentRes.xml``: fonts, images,
composite graphic units) and the annotations.  Text is ``TextObject``/``TextCode``:
a run of characters at ``X``/``Y`` with per-character advances ``DeltaX``/``DeltaY``
(``g n d`` repeats ``d`` n times), in the object's space, which its ``CTM`` and
its ``Boundary`` place on the page (millimetres, y downwards, §7–§11 of the
standard).  Composite objects draw a unit of ``DocumentRes`` with their own CTM,
and may nest.

Every character becomes a glyph of :mod:`policytext.read.pdf` (page points,
top-down) and runs of glyphs become rows in the *document's* order — the order
the producer wrote them, which is its reading order (a magazine's columns come
out column by column); only where that order jumps about (more than a third of
the steps go back up the page) are rows sorted by position instead.  A run set
sideways (a CTM that turns it, or one glyph object after another down the page)
is read along its own direction.  Then the PDF reader's text block, indents,
centring, red 发文机关标志 and title, and downstream the furniture (page numbers
such as ``— 1 —``), structure and 版记 work as for a PDF.

* A template is read once, on the first page that uses it (a letterhead repeated
  on every page is one letterhead).
* Annotations (``Annot``: watermarks, stamps, links …) are furniture: their text is
  logged (``watermark`` or ``annotation``), never body text.  Seals and signatures
  (``Signs/``) are not read.
* A page whose text is not language (a font with its own encoding: the TextCode
  characters are not the glyphs shown; see :func:`policytext.read.ocr.implausible`)
  makes the document *degraded*, with a warning naming the pages and the pages in
  ``RawDocument.degraded_pages`` (reason ``garbled``): OFD pages have no renderer
  here to OCR them from.

Hostile files are contained as DOCX files are (:func:`policytext.read.docx.check_zip`:
zip bombs and DTD/entity declarations refused before parsing), and the parsing runs
under the reading limits (:func:`~policytext.read.limits.run_limited`: inside
:func:`policytext.read`'s one limited reading, with its caps on the text and its
removal of control characters, as every format); nesting
deeper than :data:`MAX_DEPTH`, a composite unit that draws itself and a missing
part are each one typed error.
"""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import CorruptFileError, UnsafeInputError
from ..model import Removal
from . import RawDocument

__all__ = ["read_ofd", "is_ofd", "MAX_DEPTH"]

MM = 72 / 25.4
#: Objects nested deeper than this (composites inside composites) are refused.
MAX_DEPTH = 64
#: Pages of one document at most.
MAX_PAGES = 20_000


def is_ofd(zf: zipfile.ZipFile) -> bool:
    return "OFD.xml" in zf.namelist()


def read_ofd(data: bytes, *, name: str = "", limits: Any = None,
             ocr: str = "auto") -> RawDocument:
    """Read an OFD file into lines with layout evidence (see the module doc)."""
    from .docx import _zip_limits, check_zip
    from .limits import run_limited

    what = name or "OFD"
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFileError(f"{what} is damaged: not a valid ZIP archive ({exc})") from exc
    with zf:
        check_zip(zf, name=what, limits=_zip_limits(limits), required="OFD.xml",
                  kind="an OFD document")
    return run_limited(_read, data, limits=limits, name=name)


# ---------------------------------------------------------------------------
# XML


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: ET.Element | None, name: str) -> ET.Element | None:
    if el is None:
        return None
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _find(el: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        el = _child(el, name)
    return el


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _floats(value: str | None) -> list[float]:
    out = []
    for v in (value or "").replace(",", " ").split():
        try:
            out.append(float(v))
        except ValueError:
            continue
    return out


def _deltas(value: str | None, need: int) -> list[float]:
    """``DeltaX``/``DeltaY``: numbers, ``g n d`` meaning ``d`` repeated ``n`` times (only
    the ``need`` first: one per character but the last)."""
    tokens = (value or "").split()
    out: list[float] = []
    k = 0
    while k < len(tokens) and len(out) < need:
        if tokens[k] == "g" and k + 2 < len(tokens):
            try:
                n, d = int(float(tokens[k + 1])), float(tokens[k + 2])
            except ValueError:
                break
            out.extend([d] * max(0, min(n, need - len(out))))
            k += 3
            continue
        try:
            out.append(float(tokens[k]))
        except ValueError:
            pass
        k += 1
    return out


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(value: str | None) -> Matrix:
    v = _floats(value)
    return tuple(v) if len(v) == 6 else IDENTITY  # type: ignore[return-value]


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` applied first, then ``outer`` (row vectors, as in PDF and OFD)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _placed(el: ET.Element, outer: Matrix) -> Matrix:
    """An object's own space onto the page: its CTM, then its Boundary's origin."""
    box = _floats(el.get("Boundary"))
    bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    return _then(_then(_matrix(el.get("CTM")), (1, 0, 0, 1, bx, by)), outer)


# ---------------------------------------------------------------------------
# The package


class _Package:
    """The parts of an OFD, parsed on demand, with paths resolved as the standard says."""

    def __init__(self, zf: zipfile.ZipFile, budget: Any) -> None:
        self.zf = zf
        self.budget = budget
        self.names = set(zf.namelist())
        self.cache: dict[str, ET.Element] = {}

    def resolve(self, base: str, loc: str) -> str:
        loc = loc.strip().replace("\\", "/")
        path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
        return posixpath.normpath(path).lstrip("/")

    def xml(self, path: str, *, what: str) -> ET.Element:
        if path in self.cache:
            return self.cache[path]
        if path not in self.names:
            raise CorruptFileError(f"{self.budget.name}: the {what} {path!r} is missing")
        self.budget.check_time()
        try:
            root = ET.fromstring(self.zf.read(path))
        except ET.ParseError as exc:
            raise CorruptFileError(f"{self.budget.name}: the {what} {path!r} is not "
                                   f"well-formed XML ({exc})") from exc
        _check_depth(root, self.budget.name, path)
        self.cache[path] = root
        return root


def _check_depth(root: ET.Element, name: str, path: str) -> None:
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth > 4 * MAX_DEPTH:
            raise UnsafeInputError(f"{name}: refused, {path!r} nests XML elements more than "
                                   f"{4 * MAX_DEPTH} deep")
        stack.extend((c, depth + 1) for c in el)


@dataclass
class _Res:
    """Fonts (id → name), composite graphic units (id → element) and their bases."""

    fonts: dict[str, str] = field(default_factory=dict)
    units: dict[str, ET.Element] = field(default_factory=dict)

    def load(self, pkg: _Package, path: str) -> None:
        root = pkg.xml(path, what="resource file")
        for el in root.iter():
            tag = _local(el.tag)
            if tag == "Font" and el.get("ID"):
                self.fonts[el.get("ID", "")] = el.get("FontName") or el.get("FamilyName") or ""
            elif tag == "CompositeGraphicUnit" and el.get("ID"):
                self.units[el.get("ID", "")] = el


# ---------------------------------------------------------------------------
# Text objects → glyphs


@dataclass
class _Run:
    """Glyphs of one TextCode (or of several one-glyph objects in a row)."""

    glyphs: list  # of policytext.read.pdf._Glyph, in reading order
    direction: tuple[float, float]  # unit vector along the run, page space
    size: float


def _fill(el: ET.Element, inherited: tuple[int, int, int]) -> tuple[int, int, int]:
    fc = _child(el, "FillColor")
    if fc is None:
        return inherited
    v = _floats(fc.get("Value"))
    if len(v) >= 3:
        return int(v[0]), int(v[1]), int(v[2])
    if len(v) == 1:
        return int(v[0]), int(v[0]), int(v[0])
    return inherited


def _text_runs(obj: ET.Element, m: Matrix, res: _Res, budget: Any,
               colour: tuple[int, int, int]) -> list[_Run]:
    from .pdf import _Glyph

    colour = _fill(obj, colour)
    rgb = tuple(c / 255 for c in colour)
    size = _floats(obj.get("Size"))
    size = size[0] if size else 3.5
    scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
    font = res.fonts.get(obj.get("Font", ""), obj.get("Font", ""))
    runs: list[_Run] = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        if code.get("X") is not None:
            x = (_floats(code.get("X")) or [x])[0]
        if code.get("Y") is not None:
            y = (_floats(code.get("Y")) or [y])[0]
        dx = _deltas(code.get("DeltaX"), len(text))
        dy = _deltas(code.get("DeltaY"), len(text))
        glyphs = []
        start = (x, y)
        for k, ch in enumerate(text):
            budget.add_char()
            px, py = _apply(m, x, y)
            em = size * scale * MM
            adv = dx[k] if k < len(dx) else (size if ord(ch) > 0x2E7F else size / 2)
            glyphs.append(_Glyph(ch, px * MM, px * MM + max(adv * scale * MM, 0.1),
                                 py * MM - 0.88 * em, py * MM + 0.12 * em, em,
                                 (font, round(em, 1), rgb, 0.0), 0))
            x += adv
            if k < len(dy):
                y += dy[k]
        if not glyphs:
            continue
        ax, ay = _apply(m, *start)
        bx, by = _apply(m, x if (x, y) != start else x + size, y)
        length = math.hypot(bx - ax, by - ay) or 1.0
        runs.append(_Run(glyphs, ((bx - ax) / length, (by - ay) / length),
                         size * scale * MM))
    return runs


def _walk(container: ET.Element, m: Matrix, res: _Res, pkg: _Package, depth: int,
          units: tuple[str, ...], out: list[_Run], colour: tuple[int, int, int],
          images: list[tuple[float, float, float, float]] | None = None) -> None:
    """Text runs of a layer, page block or composite unit, in drawing order (and, into
    ``images``, the page box in points of each image drawn: x0, top, x1, bottom)."""
    if depth > MAX_DEPTH:
        raise UnsafeInputError(f"{pkg.budget.name}: refused, objects nested more than "
                               f"{MAX_DEPTH} deep")
    for el in container:
        tag = _local(el.tag)
        if tag == "TextObject":
            out.extend(_text_runs(el, _placed(el, m), res, pkg.budget, colour))
        elif tag == "ImageObject" and images is not None:
            # an image fills the unit square of its CTM (GB/T 33190 §10.1)
            im = _placed(el, m)
            corners = [_apply(im, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs, ys = [c[0] * MM for c in corners], [c[1] * MM for c in corners]
            images.append((min(xs), min(ys), max(xs), max(ys)))
        elif tag == "PageBlock":
            _walk(el, _placed(el, m) if el.get("Boundary") else m, res, pkg, depth + 1, units,
                  out, colour, images)
        elif tag == "CompositeObject":
            rid = el.get("ResourceID", "")
            unit = res.units.get(rid)
            if unit is None:
                continue  # a unit the resources do not hold draws nothing
            if rid in units:
                raise CorruptFileError(f"{pkg.budget.name}: composite unit {rid} draws itself "
                                       f"(a loop of references)")
            content = _child(unit, "Content")
            if content is not None:
                _walk(content, _placed(el, m), res, pkg, depth + 1, units + (rid,), out,
                      colour, images)


# ---------------------------------------------------------------------------
# Runs → rows, in reading order


def _merge_runs(runs: list[_Run]) -> list[_Run]:
    """Consecutive runs that continue one another (one glyph per object, common in OFD
    from converters; or a line set in pieces) become one."""
    out: list[_Run] = []
    for run in runs:
        if out:
            prev = out[-1]
            a, b = prev.glyphs[-1], run.glyphs[0]
            em = max(prev.size, run.size, 0.1)
            step = ((b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2, (b.top + b.bottom) / 2
                    - (a.top + a.bottom) / 2)
            dist = math.hypot(*step)
            if 0 < dist <= 1.6 * em and abs(run.size - prev.size) <= 0.2 * em:
                ux, uy = step[0] / dist, step[1] / dist
                single = len(prev.glyphs) == 1 and len(run.glyphs) == 1
                along = prev.direction if not single else (ux, uy)
                if ux * along[0] + uy * along[1] > 0.9 and (
                        len(run.glyphs) == 1 or
                        run.direction[0] * along[0] + run.direction[1] * along[1] > 0.9):
                    prev.glyphs.extend(run.glyphs)
                    prev.direction = along
                    continue
        out.append(_Run(list(run.glyphs), run.direction, run.size))
    return out


def _upright(run: _Run) -> None:
    """Lay a run read along another direction level from its first glyph, as it reads."""
    ux, uy = run.direction
    if ux > 0.99:
        return
    g0 = run.glyphs[0]
    x, top, bottom = g0.x0, g0.top, g0.bottom
    for g in run.glyphs:
        width = g.x1 - g.x0 if abs(uy) < 0.1 else g.size
        g.x0, g.x1, g.top, g.bottom = x, x + width, top, bottom
        x += width


@dataclass
class _Block:
    """Lines set one under the other at the text's leading: a paragraph or a column's run."""

    lines: list[list]  # of glyphs
    index: int  # the first line's place in the producer's order
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    def add(self, line: list, box: tuple[float, float, float, float, float]) -> None:
        self.lines.append(line)
        self.x0, self.x1 = min(self.x0, box[0]), max(self.x1, box[2])
        self.bottom = max(self.bottom, box[3])


def _line_box(line: list) -> tuple[float, float, float, float, float]:
    sizes = sorted(g.size for g in line)
    return (min(g.x0 for g in line), min(g.top for g in line), max(g.x1 for g in line),
            max(g.bottom for g in line), sizes[len(sizes) // 2])


def _blocks(lines: list[list]) -> list[_Block]:
    """Consecutive lines in one size, each right under the one before (a gap of at most
    about a line: the leading) and overlapping it across: one block."""
    out: list[_Block] = []
    for k, line in enumerate(lines):
        box = _line_box(line)
        if out:
            b = out[-1]
            size = max(box[4], b.size, 0.1)
            overlap = min(box[2], b.x1) - max(box[0], b.x0)
            if abs(box[4] - b.size) <= 0.15 * size and -0.2 * size <= box[1] - b.bottom \
                    <= 1.2 * size and overlap >= 0.5 * min(box[2] - box[0], b.x1 - b.x0):
                b.add(line, box)
                continue
        out.append(_Block([line], k, box[0], box[1], box[2], box[3], box[4]))
    return out


def _captions(blocks: list[_Block], images: list[tuple[float, float, float, float]],
              body: float) -> list[_Block]:
    """Blocks that caption an image: a line or two in a smaller type than the body, set
    just under (or over) an image and within its width."""
    out = []
    for b in blocks:
        if len(b.lines) > 2 or b.size > 0.85 * body:
            continue
        for x0, top, x1, bottom in images:
            across = min(b.x1, x1) - max(b.x0, x0)
            near = -0.5 * b.size <= b.top - bottom <= 2 * b.size \
                or -0.5 * b.size <= top - b.bottom <= 2 * b.size
            if near and across >= 0.5 * (b.x1 - b.x0):
                out.append(b)
                break
    return out


def _is_column(part: list[_Block]) -> bool:
    """A column of text: three or more of its lines run from its left edge to its right."""
    x0, x1 = min(b.x0 for b in part), max(b.x1 for b in part)
    full = 0
    for b in part:
        for line in b.lines:
            lx0, _, lx1, _, size = _line_box(line)
            full += abs(lx0 - x0) <= 0.6 * size and abs(lx1 - x1) <= 0.6 * size
    return full >= 3


def _cut(blocks: list[_Block], out: list[_Block]) -> bool:
    """Blocks in reading order by recursive XY-cut: bands split by a gap across the page
    (top to bottom), each band's columns split by a gutter no block crosses (left to
    right); a group neither splits keeps the producer's order.  True if some band is set
    in two or more columns of text."""
    if len(blocks) <= 1:
        out.extend(blocks)
        return False
    by_top = sorted(blocks, key=lambda b: (b.top, b.index))
    bands, reach = [[by_top[0]]], by_top[0].bottom
    for b in by_top[1:]:
        if b.top > reach:
            bands.append([b])
        else:
            bands[-1].append(b)
        reach = max(reach, b.bottom)
    if len(bands) > 1:
        found = False
        for band in bands:
            found = _cut(band, out) or found
        return found
    by_x = sorted(blocks, key=lambda b: (b.x0, b.index))
    parts, reach = [[by_x[0]]], by_x[0].x1
    for b in by_x[1:]:
        if b.x0 > reach:
            parts.append([b])
        else:
            parts[-1].append(b)
        reach = max(reach, b.x1)
    if len(parts) == 1:
        out.extend(sorted(blocks, key=lambda b: b.index))
        return False
    found = sum(map(_is_column, parts)) >= 2
    for part in parts:
        found = _cut(part, out) or found
    return found


def _by_columns(lines: list[list], images: list[tuple[float, float, float, float]]
                ) -> tuple[list[list], list[_Block]] | None:
    """A page set in columns of text (a magazine's, around its pictures), in reading order
    by the geometry of its text blocks, and the captions of its pictures taken out of
    the flow; None for a page not set in columns (the producer's order stands)."""
    if len(lines) < 6:
        return None
    blocks = _blocks(lines)
    sizes: Counter = Counter()
    for b in blocks:
        for line in b.lines:
            sizes[round(_line_box(line)[4] * 2) / 2] += len(line)
    body = sizes.most_common(1)[0][0]
    captions = _captions(blocks, images, body)
    flow = [b for b in blocks if b not in captions]
    ordered: list[_Block] = []
    if not _cut(flow, ordered):
        return None
    return [line for b in ordered for line in b.lines], captions


def _rows(runs: list[_Run], page: int, height: float,
          images: list[tuple[float, float, float, float]] | None = None
          ) -> tuple[list, list[Removal]]:
    """Runs → the PDF reader's rows: runs on one baseline that follow each other are one
    row; rows in the document's order unless the page is set in columns (then by the
    geometry of its text blocks) or the order jumps about (then by position)."""
    from .pdf import _group, _row

    removed: list[Removal] = []
    runs = _merge_runs(runs)
    for run in runs:
        _upright(run)
    lines: list[list] = []
    for run in runs:
        if lines:
            last = lines[-1][-1]
            first = run.glyphs[0]
            em = max(first.size, last.size, 0.1)
            if abs((first.top + first.bottom) - (last.top + last.bottom)) / 2 <= 0.3 * em \
                    and first.x0 >= last.x1 - 0.5 * em:
                lines[-1].extend(run.glyphs)
                continue
        lines.append(list(run.glyphs))
    columns = _by_columns(lines, images or [])
    ups = sum(1 for a, b in zip(lines, lines[1:], strict=False)
              if b[0].bottom < a[0].top - 2 * max(a[0].size, 0.1))
    if columns is not None:
        lines, captions = columns
        # pieces of one line the producer wrote apart (a folio: page number, issue) and
        # the cut left side by side are one row, as in a PDF
        merged: list[list] = []
        for line in lines:
            if merged:
                a, b = _line_box(merged[-1]), _line_box(line)
                em = max(a[4], b[4], 0.1)
                if abs((a[1] + a[3]) - (b[1] + b[3])) / 2 <= 0.3 * em:
                    merged[-1] = merged[-1] + line
                    continue
            merged.append(line)
        lines = merged
        for cap in captions:
            text = "".join(g.text for line in cap.lines for g in line
                           if not g.text.isspace())
            removed.append(Removal("caption", text, page, "a picture's caption, set beside "
                                   "the image out of the columns' text flow"))
    elif len(lines) > 3 and ups > len(lines) / 3:
        # the producer's order is not a reading order: by position, as a PDF's
        lines = _group([g for line in lines for g in line])
    styles = Counter(g.style for line in lines for g in line if not g.text.isspace())
    page_style = styles.most_common(1)[0][0] if styles else None
    rows = []
    for line in lines:
        row, dup = _row(line, page, height, page_style)
        if dup:
            removed.append(Removal("fake_bold", dup, page,
                                   "overprinted (fake-bold) duplicate glyphs"))
        if row is not None:
            rows.append(row)
    return rows, removed


# ---------------------------------------------------------------------------
# Reading (runs in the limited child)


def _read(data: bytes, *, budget: Any) -> RawDocument:
    from .ocr import garbled_share, implausible
    from .pdf import _assemble, _luminance, _PageResult, _ranges

    zf = zipfile.ZipFile(io.BytesIO(data))
    pkg = _Package(zf, budget)
    root = pkg.xml("OFD.xml", what="entry file")
    doc_root = _text(_find(root, "DocBody", "DocRoot"))
    if not doc_root:
        raise CorruptFileError(f"{budget.name}: OFD.xml names no document (no DocRoot)")
    doc_path = pkg.resolve("", doc_root)
    doc = pkg.xml(doc_path, what="document")
    base = posixpath.dirname(doc_path)
    common = _child(doc, "CommonData")
    res = _Res()
    for tag in ("PublicRes", "DocumentRes"):
        for el in _children(common, tag) if common is not None else []:
            if _text(el):
                res.load(pkg, pkg.resolve(base, _text(el)))
    templates = {t.get("ID", ""): pkg.resolve(base, t.get("BaseLoc", ""))
                 for t in (_children(common, "TemplatePage") if common is not None else [])}
    default_box = _floats(_text(_find(common, "PageArea", "PhysicalBox")))
    pages = _children(_child(doc, "Pages") or ET.Element("x"), "Page")
    if not pages:
        raise CorruptFileError(f"{budget.name}: the document has no pages")
    if len(pages) > MAX_PAGES:
        raise UnsafeInputError(f"{budget.name}: refused, {len(pages)} pages (at most "
                               f"{MAX_PAGES})")
    annots = _annotations(pkg, doc, base)
    seen_templates: set[str] = set()
    results = []
    garbled: list[int] = []
    for n, page_el in enumerate(pages, 1):
        budget.new_page()
        path = pkg.resolve(base, page_el.get("BaseLoc", ""))
        page = pkg.xml(path, what="page")
        box = _floats(_text(_find(page, "Area", "PhysicalBox"))) or default_box
        height = (box[3] if len(box) == 4 else 297.0) * MM
        runs: list[_Run] = []
        removed: list[Removal] = []
        layers: list[tuple[int, ET.Element, str]] = []  # (z, layer, where)
        for tpl in _children(page, "Template"):
            tid = tpl.get("TemplateID", "")
            if tid in seen_templates or tid not in templates:
                continue  # a template is read once, where it is first used
            seen_templates.add(tid)
            content = _child(pkg.xml(templates[tid], what="template"), "Content")
            z = 1 if tpl.get("ZOrder", "Background") == "Foreground" else -1
            for layer in _children(content, "Layer") if content is not None else []:
                layers.append((z, layer, posixpath.dirname(templates[tid])))
        content = _child(page, "Content")
        for layer in _children(content, "Layer") if content is not None else []:
            layers.append((0, layer, posixpath.dirname(path)))
        layers.sort(key=lambda t: t[0])  # stable: background, body, foreground
        images: list[tuple[float, float, float, float]] = []
        for _z, layer, _where in layers:
            _walk(layer, IDENTITY, res, pkg, 0, (), runs, (0, 0, 0), images)
        glyphs_kept: list[_Run] = []
        sizes: Counter = Counter()
        marks: list = []
        chars_in = 0
        for run in runs:
            visible = [g for g in run.glyphs if not g.text.isspace()]
            chars_in += len(visible)
            rgb = run.glyphs[0].style[2]
            ux, uy = run.direction
            off_axis = min(abs(ux), abs(uy)) > 0.2  # neither level nor sideways: a stamp
            if _luminance(rgb) >= 0.75 or off_axis:
                marks.extend(visible)
                continue
            glyphs_kept.append(run)
            for g in visible:
                sizes[round(g.size * 2) / 2] += 1
        for run in glyphs_kept:
            for g in run.glyphs:
                red = _is_red(g.style[2])
                g.style = (g.style[0], g.style[1], red, _luminance(g.style[2]) > 0.3)
        if marks:
            removed.append(Removal("watermark", "".join(g.text for g in marks), n,
                                   "light-coloured or slanted text (watermark)"))
        for kind, text, reason in annots.get(page_el.get("ID", ""), []):
            chars_in += sum(1 for ch in text if not ch.isspace())
            removed.append(Removal(kind, text, n, reason))
        rows, dups = _rows(glyphs_kept, n, height, images)
        removed.extend(dups)
        text = "".join(r.text for r in rows)
        if implausible(text) or garbled_share(text) >= 0.3:
            garbled.append(n)
        results.append(_PageResult(rows, removed, sizes, chars_in, 0, 0))
    raw = _assemble(results, len(pages), budget.name, [], ocr="never") \
        if any(r.chars_in for r in results) else None
    if raw is None:
        raise CorruptFileError(f"{budget.name}: no text in the OFD document (its pages hold "
                               f"images or paths only, and OFD pages are not rendered for OCR)")
    warnings = [w for w in raw.warnings if "OCR turned off" not in w]
    if garbled:
        warnings.insert(0, f"garbled text on page(s) {_ranges(garbled)}: the characters "
                           f"are not language (a font with its own encoding?); OFD pages "
                           f"are not rendered here, so they cannot be OCR'd")
    return replace(raw, format="ofd", warnings=warnings,
                   degraded_pages=tuple((n, "garbled") for n in garbled))


def _is_red(rgb: Any) -> bool:
    from .pdf import _is_red as red

    return red(rgb)


def _annotations(pkg: _Package, doc: ET.Element, base: str
                 ) -> dict[str, list[tuple[str, str, str]]]:
    """Page id → the (kind, text, reason) of each annotation with text on it."""
    loc = _text(_child(doc, "Annotations"))
    if not loc:
        return {}
    path = pkg.resolve(base, loc)
    if path not in pkg.names:
        return {}  # a missing annotation list hides no body text
    root = pkg.xml(path, what="annotation list")
    out: dict[str, list[tuple[str, str, str]]] = {}
    for page in _children(root, "Page"):
        file_loc = _text(_child(page, "FileLoc"))
        if not file_loc:
            continue
        apath = pkg.resolve(posixpath.dirname(path), file_loc)
        if apath not in pkg.names:
            continue
        for annot in pkg.xml(apath, what="annotation").iter():
            if _local(annot.tag) != "Annot":
                continue
            kind_attr = annot.get("Type", "")
            runs: list[_Run] = []
            images: list[tuple[float, float, float, float]] = []
            appearance = _child(annot, "Appearance")
            if appearance is not None:
                _walk(appearance, _placed(appearance, IDENTITY), _Res(), pkg, 0, (), runs,
                      (0, 0, 0), images)
            text = "".join(g.text for r in runs for g in r.glyphs).strip()
            kind = "watermark" if kind_attr == "Watermark" else "annotation"
            if text:
                out.setdefault(page.get("PageID", ""), []).append(
                    (kind, text, f"OFD annotation ({kind_attr or 'untyped'}), not body text"))
            elif images and kind == "watermark":
                # a picture laid over the page as a watermark: no text to keep out of the
                # body, but the reader says it set the layer aside
                out.setdefault(page.get("PageID", ""), []).append(
                    (kind, "", f"OFD annotation ({kind_attr}): {len(images)} image(s), "
                               f"no text; not body text"))
    return out

