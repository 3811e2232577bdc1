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

Text nobody can see is not the document's text (an injected clause hides so):
glyphs in render mode 3 or 7, outside the clipping path (``W``, a form's
``BBox``), outside the page's CropBox, or white on a page with nothing dark
under them are removed before lines are built — so invisible text drawn over
visible text cannot garble it — and logged per line as ``invisible`` with
their page.  A string partly in view (a title running over the edge) is kept
whole, and so is the invisible text layer of a scanned page (OCR), which
stands for what the page's image shows.  A page whose text layer cannot be
trusted — mostly private-use code points, mostly ``(cid:N)``/U+FFFD, or glyphs
drawn in many distinct layers over each other — gets that verdict
(``_PageResult.verdict``), and OCR (:mod:`policytext.read.ocr`) reads it again
from its image; with OCR turned off it is named in
``RawDocument.degraded_pages`` and in a warning.

Reading, and the OCR of the pages that need it, run as one call under
:mod:`policytext.read.limits` (child process, deadline, caps; OCR'd pages in
workers of that child, each with a deadline of its own); every failure comes
out as a :mod:`policytext.errors` exception.
"""

from __future__ import annotations

import bisect
import functools
import io
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptFileError, NoTextLayerError, PasswordError
from ..model import Removal
from ..patterns import count_visible
from ..records import Box, Line, RawDocument
from ._compiled import compiled
from .limits import Budget, Limits, pdf_guards, run_limited, share_with_parent

__all__ = ["read_pdf"]

#: The share of ``(cid:N)`` placeholders above which the text layer is unusable.
CID_ERROR_SHARE = 0.9
_RE_CID = re.compile(r"^\(cid:\d+\)$")


def read_pdf(data: bytes, *, name: str = "", password: str | None = None,
             limits: Limits | None = None, ocr: str = "auto",
             progress: Callable[[int, int], None] | None = None,
             engine: str = "pdfium") -> RawDocument:
    """Read a PDF's text layer into lines with layout evidence (see the module doc).

    ``ocr`` says which pages are read from their image instead
    (:mod:`policytext.read.ocr`): ``auto`` (pages with no text layer, a garbled
    one, or one whose verdict is that it cannot be trusted), ``always`` or
    ``never``; ``progress(done, total)`` is called, in the calling process, as
    OCR'd pages finish.  Raises :class:`~policytext.errors.NoTextLayerError` for an image-only PDF
    that OCR cannot read (or may not),
    :class:`~policytext.errors.PasswordError` for an encrypted one without the
    right ``password``, :class:`~policytext.errors.CorruptFileError` for a damaged
    one and :class:`~policytext.errors.LimitError` when a limit of ``limits`` is hit.

    ``engine`` says where the glyphs come from: ``pdfium`` (pypdfium2, several times
    faster; :mod:`policytext.read.pdfium`) or ``pdfplumber`` (pdfminer).  Both give
    the same output; a document pdfium cannot give as pdfminer does is read with
    pdfminer whichever is asked.
    """
    from .pdfium import check_engine

    check_engine(engine)
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
    return run_limited(_read, data, limits=limits, name=name, progress=progress,
                       password=password, ocr=ocr, engine=engine)


#: Predefined CMaps this process loaded while reading (handed to the parent process,
#: see :func:`_warm_cmaps`).
_LOADED_CMAPS: tuple[set[str], set[str]] = (set(), set())


def _loaded_cmaps() -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    cmaps, umaps = _LOADED_CMAPS
    return (tuple(sorted(cmaps)), tuple(sorted(umaps))) if cmaps or umaps else None


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


share_with_parent(f"{__name__}:_warm_cmaps", _loaded_cmaps)


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


#: The compiled line building (:func:`_line_loops`), once resolved: the module, or ``None``.
_LINES: list = []
#: The ``VERSION`` of ``_line_loops.c`` this module calls as it is written.
_LINES_VERSION = 1


def _line_loops() -> Any:
    """``policytext.read._line_loops`` (``_line_loops.c``: the glyph and the per-glyph
    passes of :func:`_group` and :func:`_row` in C), or ``None`` where it was not built
    (no compiler at install) or the environment says ``POLICYTEXT_LINE_LOOPS=python``:
    the Python code then, which gives the same output (a test compares them on every
    PDF fixture and corpus file)."""
    if not _LINES:
        loops = compiled("_line_loops", "POLICYTEXT_LINE_LOOPS", _LINES_VERSION)
        _LINES.append(loops)
    return _LINES[0]


def _glyph_type() -> Callable[..., _Glyph]:
    """What makes a glyph: the compiled one (made without a Python call, read by the
    compiled passes) where :func:`_line_loops` is there, else :class:`_Glyph`."""
    loops = _line_loops()
    return _Glyph if loops is None else loops.Glyph


#: A glyph's attributes, read in C (sort keys, ``map``): the loops asked of every glyph.
_TEXT, _STYLE, _SIZE = (operator.attrgetter(a) for a in ("text", "style", "size"))
_X0, _X1, _TOP, _BOTTOM = (operator.attrgetter(a) for a in ("x0", "x1", "top", "bottom"))


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


@functools.lru_cache(maxsize=8192)  # (asked of every glyph of every line, a few at a time)
def _is_latin(ch: str) -> bool:
    """A character between which and another Latin one a gap means a word space."""
    return bool(ch) and not _is_cjk(ch) and not ch.isspace() and not ch.startswith("(cid:")


#: Characters seen that are not Latin (:func:`_is_latin`): most lines have only these.
_NOT_LATIN: set[str] = set()


def _has_latin(text: str) -> bool:
    """``any(map(_is_latin, text))``: the characters already known not to be Latin are
    told by one C loop over ``text``, only the others asked one by one."""
    if _NOT_LATIN.issuperset(text):
        return False
    new = set(text) - _NOT_LATIN
    latin = [ch for ch in new if _is_latin(ch)]
    if len(_NOT_LATIN) < 65536:  # (bounded: a hostile file's many code points)
        _NOT_LATIN.update(new.difference(latin))
    return bool(latin)


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
    verdict: str = ""  # why the page's text layer cannot be trusted (DEGRADED), if so
    #: Share of the page covered by images, and their resolution (for OCR).
    image_cover: float = 0.0
    image_dpi: float = 0.0


def _read(data: bytes, *, budget: Budget, password: str | None = None,
          ocr: str = "never", engine: str = "pdfplumber") -> RawDocument:
    """The text layer of every page, the pages that need it read by OCR (in workers of
    this same limited call), and the document assembled from them."""
    layer = None
    if engine == "pdfium":
        from .pdfium import text_layer

        layer = text_layer(data, budget, password, _read_page)
    results, n_pages, log_messages = layer or _text_layer(data, budget, password)
    ocr_meta = None
    if ocr != "never":
        from .ocr import ocr_pdf_pages
        from .pdfium import settle

        settle()  # (the installed fonts back for rendering, after a pdfium parse timed out)

        results, ocr_meta = ocr_pdf_pages(data, results, mode=ocr, password=password,
                                          limits=budget.limits, name=budget.name,
                                          progress=budget.progress)
    raw = _assemble(results, n_pages, budget.name, log_messages, ocr=ocr)
    if ocr_meta:
        from dataclasses import replace

        from .ocr import describe

        raw = replace(raw, meta={**raw.meta, "ocr": ocr_meta},
                      warnings=(describe(ocr_meta), *raw.warnings))
    return raw


def _text_layer(data: bytes, budget: Budget, password: str | None
                ) -> tuple[list[_PageResult], int, list[str]]:
    """Each page's text layer (:func:`_read_page`), the page count and pdfminer's warnings."""
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
                results.append(_read_page(page, _layout(pdf, page, budget)))
                page.close()  # release the page's layout objects as we go
            n_pages = len(pages)
            pdf.flush_cache()
    _LOADED_CMAPS[0].update(set(CMapDB._cmap_cache) - had[0])
    _LOADED_CMAPS[1].update(set(CMapDB._umap_cache) - had[1])
    return results, n_pages, list(log.messages)


# ---------------------------------------------------------------------------
# What pdfminer does not tell: glyphs no one can see

#: Why a glyph cannot be seen (the reason logged with it), by the verdict's name.
INVISIBLE = {
    "render_mode": "invisible text (render mode 3: neither filled nor stroked)",
    "clipped": "text outside the clipping path (clipped away)",
    "off_page": "text drawn outside the visible page",
    "white": "white text on a white page",
}
#: Luminance from which text is white (0 black … 1 white).
WHITE = 0.97


def _box(points: Sequence[tuple[float, float]], ctm: Any) -> tuple[float, float, float, float]:
    """The device-space bounding box of user-space ``points`` under ``ctm``."""
    from pdfminer.utils import apply_matrix_pt

    xs, ys = zip(*(apply_matrix_pt(ctm, p) for p in points), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _intersect(a: tuple | None, b: tuple) -> tuple:
    if a is None:
        return b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _within(box: tuple | None, x: float, y: float) -> bool:
    return box is None or (box[0] <= x <= box[2] and box[1] <= y <= box[3])


@functools.lru_cache(maxsize=1)
def _machinery() -> tuple[type, type]:
    """pdfminer's page aggregator and interpreter, extended to see what is invisible.

    pdfminer draws every glyph and ignores clipping.  The interpreter here keeps
    the bounding box of the clipping path (``W``/``W*``, a form XObject's
    ``BBox``) through ``q``/``Q``; the device counts each glyph against the
    budget and marks on it why it cannot be seen (``ptx_hidden``: render mode 3
    or 7, its centre outside the clip or outside the page's CropBox) and its
    render mode (``ptx_mode``, for the colour that paints it).  The box of a
    clipping path contains the path, so only glyphs surely clipped away are
    marked.  These are subclasses for our own pages: nothing of pdfminer changes
    for anyone else.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import list_value, stream_value
    from pdfminer.psparser import literal_name
    from pdfminer.utils import mult_matrix

    class Device(PDFPageAggregator):
        def __init__(self, rsrcmgr: Any, *, pageno: int, laparams: Any,
                     budget: Budget) -> None:
            super().__init__(rsrcmgr, pageno=pageno, laparams=laparams)
            self.budget = budget
            self.mode = 0
            self.clip: tuple | None = None
            self.view: tuple | None = None

        def begin_page(self, page: Any, ctm: Any) -> None:
            super().begin_page(page, ctm)
            try:
                mx0, my0, mx1, my1 = (float(v) for v in page.mediabox)
                cx0, cy0, cx1, cy1 = (float(v) for v in (page.cropbox or page.mediabox))
                box = (max(mx0, cx0), max(my0, cy0), min(mx1, cx1), min(my1, cy1))
                if box[0] < box[2] and box[1] < box[3]:
                    self.view = _box([(box[0], box[1]), (box[2], box[3])], ctm)
            except (TypeError, ValueError):
                self.view = None

        def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
            self.mode = textstate.render
            start = len(self.cur_item._objs)
            super().render_string(textstate, *args, **kwargs)
            drawn = self.cur_item._objs[start:]
            if any(getattr(o, "ptx_hidden", None) == "" for o in drawn):
                # A string partly in view runs over the edge of the page or of its
                # clip (a title too wide, a cell's text): it is one visible string.
                for o in drawn:
                    if getattr(o, "ptx_hidden", "") in ("clipped", "off_page"):
                        o.ptx_hidden = ""

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            self.budget.add_char()
            adv = super().render_char(*args, **kwargs)
            item = self.cur_item._objs[-1]
            x, y = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2
            item.ptx_mode = self.mode
            item.ptx_hidden = ("render_mode" if self.mode in (3, 7) else
                               "clipped" if not _within(self.clip, x, y) else
                               "off_page" if not _within(self.view, x, y) else "")
            return adv

    class Interpreter(PDFPageInterpreter):
        inherited_clip: tuple | None = None
        form_clip: tuple | None = None

        def init_state(self, ctm: Any) -> None:
            super().init_state(ctm)
            self.clip = self.inherited_clip
            self.clips: list[tuple | None] = []
            self.device.clip = self.clip

        def dup(self) -> Any:  # the interpreter of a form XObject: clipped as its caller
            interp = super().dup()
            interp.inherited_clip = self.form_clip if self.form_clip is not None else self.clip
            return interp

        def do_q(self) -> None:
            self.clips.append(self.clip)
            super().do_q()

        def do_Q(self) -> None:
            if self.gstack and self.clips:
                self.clip = self.clips.pop()
                self.device.clip = self.clip
            super().do_Q()

        def _clip_to_path(self) -> None:
            points = [(seg[i], seg[i + 1]) for seg in self.curpath
                      for i in range(1, len(seg) - 1, 2)]
            try:
                box = _box(points, self.ctm)
            except (TypeError, ValueError):  # no points, or not numbers
                return
            self.clip = _intersect(self.clip, box)
            self.device.clip = self.clip

        def do_W(self) -> None:
            self._clip_to_path()

        def do_W_a(self) -> None:
            self._clip_to_path()

        def do_Do(self, xobjid_arg: Any) -> None:
            self.form_clip = None
            try:
                xobj = stream_value(self.xobjmap[literal_name(xobjid_arg)])
                if literal_name(xobj.get("Subtype")) == "Form" and "BBox" in xobj:
                    x0, y0, x1, y1 = (float(v) for v in list_value(xobj["BBox"]))
                    matrix = tuple(float(v) for v in list_value(
                        xobj.get("Matrix", (1, 0, 0, 1, 0, 0))))
                    box = _box([(x0, y0), (x1, y1), (x0, y1), (x1, y0)],
                               mult_matrix(matrix, self.ctm))  # type: ignore[arg-type]
                    self.form_clip = _intersect(self.clip, box)
            except Exception:  # pdfminer decides what to make of a broken XObject
                self.form_clip = None
            try:
                super().do_Do(xobjid_arg)
            finally:
                self.form_clip = None
                self.device.clip = self.clip

    return Device, Interpreter


def _layout(pdf: Any, page: Any, budget: Budget) -> Any:
    """The page's layout objects (as pdfplumber's ``page.layout``), glyphs marked;
    a failure wrapped as pdfplumber wraps it (``PdfminerException``)."""
    from pdfplumber.utils.exceptions import PdfminerException

    device_cls, interpreter_cls = _machinery()
    device = device_cls(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams,
                        budget=budget)
    try:
        interpreter_cls(pdf.rsrcmgr, device).process_page(page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    return device.get_result()


def _paint(color: Any, space: Any = None) -> tuple:
    """A colour as a tuple of components, in a form :func:`_luminance` reads.

    A tint in a Separation or DeviceN space is an amount of ink (1 is full
    colour, not white): it becomes the grey it prints as.  Indexed and Pattern
    colours cannot be told here and count as black.
    """
    if not isinstance(color, (tuple, list)):
        color = (color,)
    name = getattr(space, "name", "") or ""
    if name in ("Separation", "DeviceN"):
        try:
            return (1.0 - max(float(v) for v in color),)
        except (TypeError, ValueError):
            return (0.0,)
    if name in ("Indexed", "Pattern"):
        return (0.0,)
    return tuple(color)


def _objects(page: Any, layout: Any) -> tuple[list[tuple], list[tuple]]:
    """The page's glyphs in drawing order, and the boxes a white glyph may stand on.

    The glyphs are the ``LTChar`` objects behind pdfplumber's ``page.chars``, read
    directly, with ``page.chars``' coordinates (``top``/``bottom`` from the top of
    the page, MediaBox offsets applied): turning every attribute of every glyph
    into a dict, as ``page.chars`` does, costs about a third of the reading time
    and we need only a dozen of them.  Each is a record ``(text, x0, x1, top,
    bottom, why, attrs)``: ``why`` it cannot be seen ("" if it can), ``attrs`` its
    ``(size, font, upright, matrix, colour)`` (of the matrix only ``a, b, c, d`` are
    read), a tuple the glyphs of one string may share (the pdfium engine's do): what
    depends on them only is then worked out once a string.  A glyph's colour is the
    one that paints it (the stroke colour in render modes 1 and 5, the darker one in 2
    and 6).  The boxes are images and shapes filled in a dark colour, in the same
    coordinates, with whether each is an image (and its size in pixels, for OCR).
    """
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    glyphs: list[tuple] = []
    grounds: list[tuple] = []
    stack = [iter(layout._objs)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                gs = obj.graphicstate
                mode = getattr(obj, "ptx_mode", 0)
                fill = _paint(gs.ncolor, gs.ncs)
                stroke = _paint(gs.scolor, gs.scs) if mode in (1, 2, 5, 6) else fill
                color = stroke if mode in (1, 5) or (
                    mode in (2, 6) and _luminance(stroke) < _luminance(fill)) else fill
                font = obj.fontname
                if isinstance(font, bytes):
                    font = font.decode("latin-1")
                glyphs.append((obj.get_text(), obj.x0 + mb_x0, obj.x1 + mb_x0,
                               height - obj.y1 + mb_top, height - obj.y0 + mb_top,
                               getattr(obj, "ptx_hidden", ""),
                               (obj.size, font, obj.upright, obj.matrix, color)))
                continue
            if isinstance(obj, LTImage) or (isinstance(obj, LTCurve) and obj.fill and _luminance(
                    _paint(obj.non_stroking_color, getattr(obj, "ncs", None))) < 0.6):
                image = isinstance(obj, LTImage)
                grounds.append((obj.x0 + mb_x0, height - obj.y1 + mb_top, obj.x1 + mb_x0,
                                height - obj.y0 + mb_top, image,
                                getattr(obj, "srcsize", None) if image else None))
            if isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
        else:
            stack.pop()
    return glyphs, grounds


def _read_page(page: Any, layout: Any) -> _PageResult:
    """Glyphs of one page → rows, with invisible text, watermarks and fake-bold
    duplicates logged, and the page's verdict on its own text layer.  ``layout`` is
    pdfminer's (pdfplumber engine), or ``None`` for a page of the pdfium engine, which
    carries its glyphs and grounds itself."""
    page_no = page.page_number
    height = float(page.height)
    loops = _line_loops()
    make = _glyph_type()
    # (in C: the plain glyphs of a string, see below; None for the Python loop alone)
    take = loops.take if loops is not None else None
    plain = False  # the string's glyphs are upright and not light (nor white)
    objects, grounds = _objects(page, layout) if layout is not None else (page.glyphs,
                                                                          page.grounds)
    glyphs: list[_Glyph] = []
    removed: list[Removal] = []
    sizes: Counter = Counter()
    chars_in = cids = replacement = 0
    marks: dict[str, list[_Glyph]] = {}
    hidden: dict[str, list[_Glyph]] = {}
    paint: dict[Any, tuple[float, bool]] = {}  # colour → (luminance, red), computed once
    styles_of: dict[tuple, tuple] = {}  # (font, size, red, dark) → the style, made once
    half: dict[float, float] = {}  # size → to the half point (the sizes' key), made once
    notes: list[str] = []
    last = None
    h, counted = 0.0, 0  # the visible glyphs of size ``h`` not yet added to ``sizes``
    seq, end = -1, len(objects)
    while True:  # (over the records by index: the compiled take() moves on by many)
        seq += 1
        if seq >= end:
            break
        text, x0, x1, top, bottom, why, attrs = objects[seq]
        if not text:
            continue
        if attrs is not last:  # (what depends on the string only, once a string)
            if counted:  # (a string's glyphs counted at once: the keys in the same order)
                sizes[h] += counted
                counted = 0
            last = attrs
            size, font, upright, matrix, color = attrs
            try:
                lum, red = paint[color]
            except (KeyError, TypeError):
                lum, red = _luminance(color), _is_red(color)
                try:
                    paint[color] = (lum, red)
                except TypeError:  # an unhashable colour (pattern): not cached
                    pass
            key = (font, size, red, lum > 0.3)
            style = styles_of.get(key)
            if style is None:
                style = styles_of[key] = (font, round(size, 1), red, lum > 0.3)
            b = matrix[1]
            # (b == 0, nearly every glyph, is never rotated: the product is not computed)
            rotated = not upright or bool(
                b and abs(b) > 0.05 * max(abs(matrix[0]), abs(matrix[3]), 1e-9))
            white, light = lum >= WHITE, lum >= 0.75
            h = half.get(size)
            if h is None:
                h = half[size] = round(size * 2) / 2
            plain = not rotated and not light
        if plain and take is not None:
            # the string's visible glyphs of one character (not U+FFFD) from here on: what
            # the code below does with them is to count and keep them
            k, shown = take(objects, seq, attrs, size, style, glyphs)
            if k > seq:
                chars_in += shown
                counted += shown
                seq = k - 1
                continue
        visible = (0 if text.isspace() else 1) if len(text) == 1 else count_visible(text)
        chars_in += visible
        glyph = make(text, x0, x1, top, bottom, size, style, seq)
        if not why and white and not _on_ground(glyph, grounds):
            why = "white"
        if why:  # nobody can see it: not the document's text
            hidden.setdefault(why, []).append(glyph)
            continue
        if text[0] == "(" and _RE_CID.match(text):
            cids += 1
        if "\ufffd" in text:
            replacement += 1
        if rotated:
            if visible:
                # red text set along a curve is a seal (印章) drawn as text
                reason = "seal (red rotated text)" if red else "rotated text (watermark)"
                marks.setdefault(reason, []).append(glyph)
            continue
        if light and not _on_ground(glyph, grounds, images=False):
            if visible:
                marks.setdefault("light-coloured text (watermark)", []).append(glyph)
            continue
        if visible:
            counted += 1
        glyphs.append(glyph)
    if counted:
        sizes[h] += counted
    ocr = _ocr_layer(hidden.get("render_mode", []), glyphs, marks, grounds, page)
    if ocr:
        # A scanned page made searchable: its invisible text is the page's text.
        del hidden["render_mode"]
        glyphs.extend(ocr)
        glyphs.sort(key=lambda g: g.seq)
        for g in ocr:
            if count_visible(g.text):
                sizes[round(g.size * 2) / 2] += 1
                cids += bool(g.text[0] == "(" and _RE_CID.match(g.text))
                replacement += "\ufffd" in g.text
        notes.append(f"page {page_no}: the text is an invisible layer over a scanned "
                     f"image (OCR); kept as the page's text")
    for why, items in hidden.items():  # one removal per line of hidden text
        for line in _group([g for g in items if not g.text.isspace()]):
            line.sort(key=lambda g: g.seq)
            removed.append(Removal("invisible", _join_marks(line), page_no, INVISIBLE[why]))
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
        limit = 3 * page_body  # (the same product, made once)
        large = [g for g in glyphs if g.size >= limit and not g.text.isspace()
                 and not (page_no == 1 and g.style[2] and g.top < 0.45 * height)]
        if large:
            normal = [g for g in glyphs if g.size < limit and not g.text.isspace()]
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
    found = loops.ink(glyphs) if loops is not None else None  # (the same, in C)
    if found is None:
        ink = [g for g in glyphs if not g.text.isspace()]
        styles = Counter(map(_STYLE, ink))
        page_style = styles.most_common(1)[0][0] if styles else None
    else:
        ink, page_style = found
    verdict = _verdict(glyphs, ink)
    rows = []
    for line in _group(glyphs):
        row, dup = _row(line, page_no, height, page_style)
        if dup:
            removed.append(Removal("fake_bold", dup, page_no,
                                   "overprinted (fake-bold) duplicate glyphs"))
        if row is not None:
            rows.append(row)
    cover, dpi = _images(grounds, page)
    return _PageResult(rows, removed, sizes, chars_in, cids, replacement, notes, verdict,
                       image_cover=cover, image_dpi=dpi)


def _images(grounds: Sequence[tuple], page: Any) -> tuple[float, float]:
    """The share of ``page`` its images cover, and the resolution of the largest (dpi):
    what OCR needs to know of a page (the images are among :func:`_objects`' grounds)."""
    area = float(page.width) * float(page.height) or 1.0
    cover, dpi, largest = 0.0, 0.0, 0.0
    for x0, top, x1, bottom, image, src in grounds:
        w, h = x1 - x0, bottom - top
        if not image or w <= 0 or h <= 0:
            continue
        cover += w * h / area
        try:
            px = float(src[0]) if src else 0.0
        except (TypeError, ValueError, IndexError):  # a damaged /Width
            px = 0.0
        if w * h > largest and px > 0:
            largest, dpi = w * h, px * 72 / w
    return min(cover, 1.0), dpi


def _on_ground(g: _Glyph, grounds: Sequence[tuple], *, images: bool = True) -> bool:
    """Whether ``g`` stands on a dark filled shape, or an image (light text there shows;
    an image may be light, so a light watermark over a scan is still one)."""
    x, y = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in grounds if images or not b[4])


def _ocr_layer(layer: list[_Glyph], glyphs: list[_Glyph], marks: dict[str, list[_Glyph]],
               grounds: Sequence[tuple], page: Any) -> list[_Glyph]:
    """``layer`` (invisible glyphs) when it is the OCR text of a scanned page, else ``[]``.

    A searchable scan draws its recognised text invisibly (render mode 3) over
    the page's image; that text stands for what the image shows.  Taken as such
    only when an image covers half the page or more, nearly all the invisible
    glyphs lie on images, and the page has hardly any visible text of its own:
    invisible text beside visible text, or over a blank page, stays hidden.
    """
    ink = [g for g in layer if not g.text.isspace()]
    if len(ink) < 5:
        return []
    area = float(page.width) * float(page.height)
    images = [b for b in grounds if b[4]]
    if not area or not any((b[2] - b[0]) * (b[3] - b[1]) >= 0.5 * area for b in images):
        return []
    on_image = sum(1 for g in ink if _on_ground(g, images))
    shown = sum(1 for g in glyphs if not g.text.isspace()) + sum(map(len, marks.values()))
    if on_image < 0.9 * len(ink) or shown > 0.1 * len(ink):
        return []
    return layer


#: Why a page's text layer cannot be trusted (the reasons of ``degraded_pages``).
DEGRADED = {
    "private_use": "mostly private-use code points (a font without a real Unicode map)",
    "placeholders": "mostly (cid:N) placeholders or U+FFFD (fonts without a Unicode map)",
    "layers": "text drawn in many overlapping layers (distinct glyphs at the same place)",
}
#: A page says too little to judge its text layer below this many glyphs.
VERDICT_MIN_GLYPHS = 10
#: The median number of distinct glyphs drawn at one place from which text is layered.
LAYERS = 3


_RE_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]*")
_RE_PRIVATE_CHAR = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]")


def _is_private(text: str) -> bool:
    """Every character of ``text`` is of a private use area (BMP, planes 15 and 16)."""
    return _RE_PRIVATE.fullmatch(text) is not None


def _verdict(glyphs: Sequence[_Glyph], ink: Sequence[_Glyph] | None = None) -> str:
    """``""`` when a page's text layer can be read as text, else why not (see DEGRADED);
    ``ink``: its glyphs that are not spaces, if known."""
    if ink is None:
        ink = [g for g in glyphs if not g.text.isspace()]
    if len(ink) < VERDICT_MIN_GLYPHS:
        return ""
    texts = [g.text for g in ink]
    page = "".join(texts)  # (most pages have none of these characters: counted only if)
    if (_RE_PRIVATE_CHAR.search(page) or "" in texts) and \
            sum(1 for t in texts if _is_private(t)) >= 0.5 * len(ink):
        return "private_use"
    if ("\ufffd" in page or "(cid:" in page) and \
            sum(1 for t in texts if "\ufffd" in t or _RE_CID.match(t)) >= 0.5 * len(ink):
        return "placeholders"
    if _layers(ink) >= LAYERS:
        return "layers"
    return ""


def _layers(ink: Sequence[_Glyph]) -> int:
    """The median number of distinct glyphs drawn at the place of a glyph.

    Places are cells of half the page's usual glyph size: two neighbours in a
    line of text never share one, an overprint (fake bold) is the same glyph
    again, so ordinary text has 1; text drawn over itself in many layers has as
    many as there are layers with different glyphs.  Below LAYERS it says only that
    (1: when the glyphs are spread over too many places to be layered).
    """
    sizes = sorted(map(_SIZE, ink))
    cell = max(0.5 * sizes[len(sizes) // 2], 0.5)
    # a glyph's depth is at most the number of glyphs at its place: for half of them to
    # be LAYERS deep or more, they fill no more than a LAYERS-th as many places, and the
    # others at most one each; with more places (ordinary text) the median is below
    n = len(ink)
    loops = _line_loops()
    places = loops.places(ink, cell) if loops is not None and type(ink) is list else None
    if places is not None and places > n // 2 + (n - n // 2) // LAYERS:
        return 1  # (counted in C, without a key a glyph: the same count)
    keys = [(int((g.x0 + g.x1) / 2 // cell), int((g.top + g.bottom) / 2 // cell)) for g in ink]
    if len(set(keys)) > n // 2 + (n - n // 2) // LAYERS:
        return 1
    # distinct glyphs at each place: the distinct (place, text) pairs, counted by place
    distinct = Counter(key for key, _ in set(zip(keys, (g.text for g in ink), strict=True)))
    depths = sorted(map(distinct.__getitem__, keys))
    return depths[len(depths) // 2]


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
    loops = _line_loops()
    if loops is not None:
        lines = loops.group(glyphs)  # (the same, in C; None where it does not apply)
        if lines is not None:
            return lines
    glyphs.sort(key=lambda g: g.top + g.bottom)
    lines: list[list[_Glyph]] = []
    line: list[_Glyph] = []
    mid = size = 0.0
    for g in glyphs:
        gm = (g.top + g.bottom) / 2
        gs = g.size
        # max(gs, size, 1.0), written out (this runs for every glyph): the same value
        big = size if size > gs else gs
        if line and abs(gm - mid) <= 0.4 * (1.0 if 1.0 > big else big):
            line.append(g)
            if gs > size:
                size = gs
        else:
            line = [g]
            lines.append(line)
            mid, size = gm, gs
    return lines


def _dedup(line: list[_Glyph]) -> tuple[list[_Glyph], str]:
    """Drop overprinted copies: the same glyph within a quarter em of one kept."""
    texts = list(map(_TEXT, line))
    if len(set(texts)) == len(texts):  # no glyph twice (most lines): nothing to drop
        return line, ""
    kept: list[_Glyph] = []
    dropped: list[str] = []
    t1 = t2 = t3 = t4 = None  # the texts of the last four kept, the latest first
    for g, text in zip(line, texts, strict=True):
        # (the look at the glyphs kept only where one has the same text)
        if (text == t1 or text == t2 or text == t3 or text == t4) \
                and _overprints(g, text, kept[-4:]):
            dropped.append(text)
            continue
        kept.append(g)
        t4, t3, t2, t1 = t3, t2, t1, text
    return kept, "".join(dropped)


def _overprints(g: _Glyph, text: str, recent: list[_Glyph]) -> bool:
    """Whether ``g`` (of ``text``) repeats one of the ``recent`` glyphs: the same text within
    a quarter em, and within half the glyph's own width ("tt" is no overprint)."""
    for k in recent:
        if k.text == text:
            tol = min(0.25 * max(g.size, 1.0), 0.5 * max(g.x1 - g.x0, 0.1))
            if abs(k.x0 - g.x0) < tol and abs(k.top - g.top) < tol:
                return True
    return False


def _order(line: list[_Glyph], page_style: tuple | None) -> list[_Glyph]:
    """Reading order: by x, except that a run in another style printed *over* the main
    text (a download site's link stamp) is kept in one piece where it starts."""
    if len(set(map(_STYLE, line))) == 1:  # (one style, nearly every line: no count made)
        return line
    first = None
    for g in line:
        if not g.text.isspace():
            if first is None:
                first = g.style
            elif g.style != first:
                break
    else:
        return line
    styles = Counter(g.style for g in line if not g.text.isspace())
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
    loops = _line_loops()
    # (in C, the same: all of it for a line _order leaves as it is; the sort and _dedup
    # only for one it reorders, which goes on below; None where it does not apply)
    done = (loops.row(line, page_style, dedup, _has_latin, _is_latin, CELL_GAP)
            if loops is not None else None)
    if done is None:
        line.sort(key=_X0)
        line, dup = _dedup(line) if dedup else (line, "")  # (OCR reads each glyph once)
    elif len(done) == 10:
        text, cells, x0, x1, top, bottom, size, style, lead, dup = done
        return _Row(page, text, x0, x1, top, bottom, size, bool(style[2]), height,
                    lead, cells), dup
    elif len(done) == 1:  # (only spaces)
        return None, done[0]
    else:
        line, dup = done
    # (one style, nearly every line: already in reading order, and its main style known)
    mixed = len(set(map(_STYLE, line))) > 1
    if mixed:
        line = _order(line, page_style)
    # A word space is only ever between two Latin characters: a line with none (most
    # lines of a Chinese document) has no gap to measure and no word space to find,
    # which one C loop over its text tells (no Python per glyph).
    joined = "".join(map(_TEXT, line))
    latin = _has_latin(joined)
    if not latin and _RE_SPACE.search(joined) is None:
        return _plain_row(line, joined, page, height, mixed), dup
    # Letter-spaced Latin text (a character spacing set for the line) is not a row of
    # words: a word space is a gap wider than the line's usual gap between letters.
    gaps = sorted(b.x0 - a.x1 for a, b in zip(line, line[1:], strict=False)
                  if _is_latin(a.text[-1]) and _is_latin(b.text[0])
                  and not a.text.isspace() and not b.text.isspace()) if latin else []
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
        if prev is None:
            word_space = False
        else:
            # min() and max() of the two sizes, written out (this runs for every glyph)
            gs, ps = g.size, prev.size
            word_space = latin and _is_latin(prev.text[-1]) and _is_latin(g.text[0]) \
                and (space or g.x0 - prev.x1 - usual > 0.2 * (ps if ps < gs else gs))
        if prev is not None and not space \
                and g.x0 - prev.x1 > CELL_GAP * (ps if ps > gs else gs):
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
    return _line_row(ink, text, page, height, mixed, lead=lead, cells=cells), dup


def _line_row(ink: list[_Glyph], text: str, page: int, height: float, mixed: bool, *,
              lead: float, cells: bool) -> _Row:
    """The row of a line's inked glyphs and its text: their box, median size and main style
    (``mixed``: the line had glyphs of more than one style)."""
    sizes = sorted(map(_SIZE, ink))
    main_style = ink[0].style
    if mixed and len(set(map(_STYLE, ink))) > 1:
        main_style = Counter(map(_STYLE, ink)).most_common(1)[0][0]
    return _Row(page=page, text=text, x0=min(map(_X0, ink)), x1=max(map(_X1, ink)),
                top=min(map(_TOP, ink)), bottom=max(map(_BOTTOM, ink)),
                size=sizes[len(sizes) // 2], red=bool(main_style[2]), page_height=height,
                lead=lead, cells=cells)


#: Any character of which ``str.isspace`` is true (the same test, in C, over a line's text).
_RE_SPACE = re.compile(r"\s")


def _plain_row(line: list[_Glyph], joined: str, page: int, height: float,
               mixed: bool) -> _Row | None:
    """:func:`_row` of a line with no Latin character and no space glyph (most lines of a
    Chinese document): no word space or Latin word to look for, only the cell gaps; the
    same row, by the same operations on the same figures, in fewer steps a glyph."""
    if not line:
        return None
    at: list[int] = []  # the glyphs far from the one before: a cell starts there
    k = 0
    for prev, g in zip(line, line[1:], strict=False):
        k += 1
        gs, ps = g.size, prev.size
        if g.x0 - prev.x1 > CELL_GAP * (ps if ps > gs else gs):
            at.append(k)
    text, cells = joined, False
    if at:
        texts = list(map(_TEXT, line))
        parts: list[str] = []
        start = 0
        for k in at:
            parts.extend(texts[start:k])
            parts.append("\t")
            start = k
        parts.extend(texts[start:])
        # a letter-spaced word (通　　知, — 5 —) when every cell is one glyph: not cells
        if not all(len(c) == 1 for c in "".join(parts).split("\t")):
            text, cells = "".join(parts), True
    return _line_row(line, text, page, height, mixed, lead=0.0, cells=cells)


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
    # (with OCR on, every such page was read again from its image: none is left)
    degraded = tuple((i, res.verdict) for i, res in enumerate(results, 1) if res.verdict)
    for why, text in DEGRADED.items():
        pages = [page for page, verdict in degraded if verdict == why]
        if pages:
            warnings.append(f"text layer unreliable on page(s) {_ranges(pages)}: {text}; "
                            f"those pages need OCR (OCR turned off)")
    warnings.extend(notes[:5])
    warnings.extend(f"pdfminer: {m}" for m in log_messages)

    body = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0] if sizes else 12.0
    lines = [_line(r) for r in rows]
    return RawDocument(lines=lines, format="pdf", pages=n_pages, removed=removed,
                       warnings=warnings, meta={"body_font_size": body},
                       chars_in=chars_in, degraded_pages=degraded)


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
