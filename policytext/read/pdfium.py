"""The pdfium engine: the PDF reader's glyphs from pypdfium2 instead of pdfminer.

:mod:`policytext.read.pdf` builds lines from each glyph's box, size, font,
colour and matrix, in drawing order.  This module gives it the same glyph
records as pdfminer's ``LTChar`` objects (the ones behind pdfplumber's
``page.chars``), computed from pdfium's text page (pypdfium2, Apache/BSD
licensed), so the rest of the reader runs unchanged and its output is the same;
pdfium parses content streams in C++, several times faster than pdfminer.

pdfminer's box of a glyph is not pdfium's: it is the glyph's advance width
(the font's ``Widths``/``W``) by the font size, from the font's ``Descent``
below the baseline, in the glyph's text space (``Tm`` × CTM), with its two
corners mapped to the page.  Here it is rebuilt so from pdfium's parts: the
glyph's origin (``FPDFText_GetCharOrigin``), its text object's matrix, font
size and font (``FPDFFont_GetGlyphWidth``, whose argument is a Unicode value
mapped back to the character code, and ``FPDFFont_GetDescent``).  Characters
pdfium generates (the spaces and line breaks it infers) are not in the file and
are dropped; pdfium's page-space coordinates are turned into pdfplumber's (from
the top of the page, MediaBox offsets and ``/Rotate`` applied as pdfminer
does).  Invisible text is marked as the pdfminer reader marks it: render mode 3
or 7, the glyph's centre outside the bounding box of its clipping path or of
the page's CropBox (a string partly in view kept whole), and the dark filled
shapes and images a white glyph may stand on.

The loops asked of every character and text object run in C where the package was
built with its extension (``_pdfium_loops.c``, see :func:`_loops`), else in Python:
the same numbers either way (a test compares them glyph by glyph).

Where the same output cannot be had, the page says so (:class:`Unfaithful`)
and the document is read with pdfminer: a character pdfium cannot map to
Unicode (pdfminer writes ``(cid:N)``, pdfium guesses from the font file), a
font written vertically, or a glyph pdfium's text page left out.
"""

from __future__ import annotations

import ctypes
import functools
import operator
import struct
from collections.abc import Iterator
from typing import Any

from ..errors import CorruptFileError, PasswordError
from ._compiled import compiled

__all__ = ["ENGINES", "Unfaithful", "check_engine", "pages", "settle", "text_layer", "warm"]

#: The PDF engines, the default first.
ENGINES = ("pdfium", "pdfplumber")


class Unfaithful(Exception):
    """pdfium cannot give this document's glyphs as pdfminer has them (the reason)."""


def check_engine(engine: str) -> None:
    """Raise :class:`~policytext.errors.InputError` unless ``engine`` is one of ENGINES."""
    if engine not in ENGINES:
        from ..errors import InputError

        raise InputError(f"unknown PDF engine {engine!r} (choose from {', '.join(ENGINES)})")


def text_layer(data: bytes, budget: Any, password: str | None,
               read_page: Any) -> tuple[list, int, list[str]] | None:
    """Each page's text layer through ``read_page`` (:func:`policytext.read.pdf._read_page`),
    the page count and no warnings; ``None`` when the document is to be read with
    pdfminer instead: pdfium cannot open it (pdfminer names the damage or asks for
    the password in its own words), it has no glyph at all (pdfminer says whether
    it is damaged or a scan), or a page is :class:`Unfaithful`.
    """
    from ..errors import LimitError

    try:
        expected = _pdfminer_pages(data, password, budget)
        if expected is None:
            return None
        n, it = pages(data, password=password, what=budget.name, budget=budget)
        if n != expected:
            return None
        results = [read_page(page, None) for page in it]
    except LimitError:
        raise
    except Exception:  # pdfminer will say what it is, as the pdfplumber engine does
        return None
    if not any(r.chars_in for r in results):
        return None
    return results, n, []


def _pdfminer_pages(data: bytes, password: str | None, budget: Any) -> int | None:
    """How many pages pdfminer finds in ``data`` (its cross-reference table and page
    tree only: milliseconds), or ``None`` when it fails or warns on the way.

    pdfium repairs a damaged file without a word (a shifted or looping ``xref``, a
    ``/Length`` that points to itself); pdfminer says the file is damaged, and so
    must the reader whatever its engine: such a file is left to pdfminer.
    """
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from .limits import pdf_guards

    count: int | None = None
    try:
        with pdf_guards(budget) as log:
            doc = PDFDocument(PDFParser(io.BytesIO(data)), password=password or "")
            count = sum(1 for _ in PDFPage.create_pages(doc))
        if log.messages:
            count = None
    except Exception:  # (pdfminer's own reading will raise it again, in its words)
        count = None
    return count


class _Lib:
    """pdfium's functions (``pypdfium2.raw``) with its handles as plain integers.

    pypdfium2 returns each handle as a ctypes pointer object, whose making and
    converting costs more than most calls; a text page makes tens of thousands of
    them.  These are fresh function objects from the same library, so pypdfium2's
    own are left as they are.
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw
        import pypdfium2_raw.bindings as bindings

        self._raw = raw
        self._lib = bindings._libs["pdfium"]

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._raw, name)
        if name.startswith("FPDF") and hasattr(value, "argtypes"):
            f = self._lib[name]
            f.argtypes = [_plain(t) for t in value.argtypes or ()]
            f.restype = _plain(value.restype)
            value = f
        setattr(self, name, value)
        return value

    def bare(self, name: str) -> Any:
        """``name`` with no argument types: ctypes then converts nothing, each argument
        must already be a ctypes value or a small int (twice as fast a call, for the
        calls made per character)."""
        f = self._lib[name]
        f.argtypes = None
        f.restype = _plain(getattr(self._raw, name).restype)
        return f


def _plain(kind: Any) -> Any:
    """``c_void_p`` for a pointer to one of pdfium's opaque handle types, else ``kind``."""
    target = getattr(kind, "_type_", None)
    if isinstance(target, type) and target.__name__.startswith("struct_fpdf_"):
        return ctypes.c_void_p
    return kind


_LIB: list[_Lib] = []


def _r() -> Any:
    if not _LIB:
        _LIB.append(_Lib())
    return _LIB[0]


#: The compiled loops (:func:`_loops`), once resolved: the module, or ``None``.
_LOOPS: list = []
#: The ``VERSION`` of ``_pdfium_loops.c`` this module calls as it is written.
_LOOPS_VERSION = 5


def _loops() -> Any:
    """``policytext.read._pdfium_loops`` (``_pdfium_loops.c``: the loops of :func:`_runs`,
    :func:`_records`, :func:`_trailing_charspace` and :class:`_Objects` in C, bound to the
    pdfium functions pypdfium2 has loaded), or ``None`` where it was not built (no compiler
    at install) or the environment says ``POLICYTEXT_PDFIUM_LOOPS=python``: the Python
    loops then, which give the same output (a test compares them on every PDF fixture)."""
    if not _LOOPS:
        loops = compiled("_pdfium_loops", "POLICYTEXT_PDFIUM_LOOPS", _LOOPS_VERSION)
        if loops is not None:
            lib = _r()._lib
            loops.bind(*(ctypes.cast(lib[name], ctypes.c_void_p).value for name in _BOUND))
        _LOOPS.append(loops)
    return _LOOPS[0]


#: The pdfium functions the compiled loops call, in the order ``bind`` takes them.
_BOUND = ("FPDFText_GetTextObject", "FPDFText_IsGenerated", "FPDFText_HasUnicodeMapError",
          "FPDFText_GetCharOrigin", "FPDFPage_CountObjects", "FPDFPage_GetObject",
          "FPDFFormObj_CountObjects", "FPDFFormObj_GetObject", "FPDFPageObj_GetType",
          "FPDFTextObj_GetFont", "FPDFTextObj_GetFontSize", "FPDFPageObj_GetMatrix",
          "FPDFTextObj_GetTextRenderMode", "FPDFPageObj_GetFillColor",
          "FPDFPageObj_GetClipPath", "FPDFClipPath_CountPaths", "FPDFFont_GetGlyphWidth",
          "FPDFPageObj_GetBounds")


class _Page:
    """What :mod:`policytext.read.pdf` needs of a page: number, size, glyphs, grounds."""

    __slots__ = ("page_number", "width", "height", "glyphs", "grounds")

    def __init__(self, number: int, width: float, height: float, glyphs: list[tuple],
                 grounds: list[tuple]) -> None:
        self.page_number = number
        self.width = width
        self.height = height
        self.glyphs = glyphs
        self.grounds = grounds


def pages(data: bytes, *, password: str | None = None, what: str = "input",
          budget: Any = None) -> tuple[int, Iterator[_Page]]:
    """The number of pages of the PDF ``data`` and an iterator over them (see the
    module doc); raises :class:`~policytext.errors.PasswordError` or
    :class:`~policytext.errors.CorruptFileError` when pdfium cannot open it."""
    import pypdfium2 as pdfium

    settle()
    try:
        doc = pdfium.PdfDocument(data, password=password or None)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            msg = (f"{what} is encrypted and the password given is wrong" if password else
                   f"{what} is encrypted: give its password with --password")
            raise PasswordError(msg) from exc
        raise CorruptFileError(f"{what} is damaged: pdfium cannot open it ({exc})") from exc
    return len(doc), _iter_pages(doc, budget)


#: The parses that outlived PAGE_SECONDS (see :class:`_Busy`), each with its document
#: and the pages it had open: never closed or collected while the parse may still
#: work in them (it would read freed memory), nor pdfium's font interface changed
#: under it; :func:`settle` closes them once it has ended.
_LATE: list[tuple[Any, Any, _Carry]] = []


def _iter_pages(doc: Any, budget: Any) -> Iterator[_Page]:
    busy = False
    carry = _Carry()
    _no_system_fonts()
    try:
        for i in range(len(doc)):
            if budget is not None:
                budget.new_page()
            yield _read_page(doc, i, budget, carry)
    except _Busy as exc:
        busy = True
        _LATE.append((exc.parse, doc, carry))
        raise
    finally:
        if not busy:
            carry.close()
            doc.close()
            if not _LATE:  # (under a parse still running: given back by settle())
                _system_fonts()
        if _WORKER:  # no thread outlives the document (a process with threads
            _WORKER.pop().shutdown()  # is not forked: see policytext.read.limits)


def settle() -> None:
    """Close what the parses that outlived PAGE_SECONDS loaded, once they have ended,
    and give pdfium the installed fonts again (:func:`_system_fonts`; OCR renders with
    them): called before this engine reads and before OCR renders.  While such a parse
    still runs nothing is touched: pdfium is not to be called from two threads."""
    if not _LATE:
        return
    while _LATE and _LATE[0][0].done():
        parse, doc, carry = _LATE.pop(0)
        try:
            page, textpage = parse.result()  # (the page and text page it loaded)
        except Exception:  # (a parse that failed loaded nothing to close)
            page = textpage = None
        if page and textpage:
            carry.open.append((page, textpage))
        elif page:
            _r().FPDF_ClosePage(page)
        carry.close()
        doc.close()
    if not _LATE:
        _system_fonts()


def warm() -> None:
    """Load, in the calling process, what this engine loads for every document it
    reads (the thread pool's modules, the compiled loops bound to pdfium, the calls and
    buffer of :func:`_scratch`, the font interface of :func:`_font_info`), pdfium not
    called: :func:`policytext.read.prepare` calls it, so that a forked reading child
    inherits them instead of loading them again and dropping them at its end (a
    4-page file read in children of a process that reads only so: child CPU 33.3 →
    30.9 ms, minor faults 3,268 → 2,889, for ~2 ms once in the caller)."""
    import concurrent.futures.thread  # noqa: F401  (the page parse's worker: _read_page)
    import encodings.utf_16_le  # noqa: F401  (a text page's text: _glyphs)

    raw = _r()
    _loops()
    _scratch(raw)
    _font_info()


#: pdfium's system font interface while this engine reads, one with no installed font
#: (see :func:`_no_system_fonts`), and the platform's own, put back after.
_FONT_INFO: list = []
_DEFAULT_INFO: list = []


def _no_system_fonts() -> None:
    """Let pdfium find no installed font while it reads a document's text.

    A font the PDF does not embed is drawn by pdfium in an installed one it finds
    (fontconfig's folders): with Noto CJK installed, every Chinese glyph of a
    non-embedded 宋体 is loaded from a 20 MB CFF collection, on every page (pdfium
    caches the boxes of codes below 256 only), and parsing the pages takes ten
    times longer (synthetic 50-page file: 0.33 s against 0.04 s).  None of this
    engine's figures needs the drawn shape: codes, Unicode, advances (the PDF's
    ``W``), descent (its descriptor) and origins come from the file, as pdfminer
    has them, whatever is installed.  So pdfium is given no installed font: its
    built-in ones (the standard fonts' own widths) for Latin text, and for a CJK
    font ``policytext/data/box.ttf`` (``scripts/make_box_font.py``), a box for every
    character and an empty space: pdfium's text page leaves out a text object with
    no extent, which must remain a string of spaces, not of Chinese characters.
    Its output no longer depends on the machine's fonts.  Rendering (OCR's
    :mod:`policytext.read.raster`) wants the real ones: :func:`_system_fonts`.
    """
    if _LATE:  # (the box font is still pdfium's, and a parse may be using it)
        return
    _r().FPDF_SetSystemFontInfo(ctypes.byref(_font_info()))


def _font_info() -> Any:
    """The font interface :func:`_no_system_fonts` gives pdfium (``FPDF_SYSFONTINFO``:
    the box font for a CJK font, none for the others), made once (made only: pdfium is
    not called)."""
    raw = _r()
    if not _FONT_INFO:
        kind = raw.FPDF_SYSFONTINFO
        hooks = dict(kind._fields_)
        info = kind()
        info.version = 1
        data = _box_font()
        name = b"PolicytextBox\0"

        def font_data(this: Any, handle: Any, table: int, buf: Any, size: int) -> int:
            if table:  # (a table by its tag: none, the whole file is asked for next)
                return 0
            if buf and size >= len(data):
                ctypes.memmove(buf, data, len(data))
            return len(data)

        def face_name(this: Any, handle: Any, buf: Any, size: int) -> int:
            if buf and size >= len(name):
                ctypes.memmove(buf, name, len(name))
            return len(name)

        calls = {"Release": lambda this: None, "EnumFonts": lambda this, mapper: None,
                 "MapFont": _map_font, "GetFont": lambda this, face: None,
                 "GetFontData": font_data, "GetFaceName": face_name,
                 "GetFontCharset": lambda *args: 1, "DeleteFont": lambda *args: None}
        made = {name: hooks[name](f) for name, f in calls.items()}
        for name, f in made.items():
            setattr(info, name, f)
        _FONT_INFO.extend((info, made))  # (kept alive while pdfium holds them)
    return _FONT_INFO[0]


#: The character sets (``FXFONT_*_CHARSET``) of Chinese, Japanese and Korean fonts.
_CJK_CHARSETS = frozenset({128, 129, 134, 136})


def _map_font(this: Any, weight: int, italic: int, charset: int, family: int, face: Any,
              exact: Any) -> int | None:
    """A CJK font: the box font; any other: none (pdfium's built-in ones, whose widths
    are the standard fonts' own)."""
    return 1 if charset in _CJK_CHARSETS else None


def _box_font() -> bytes:
    from importlib.resources import files

    return files("policytext.data").joinpath("box.ttf").read_bytes()


def _system_fonts() -> None:
    """Give pdfium the platform's installed fonts again (see :func:`_no_system_fonts`)."""
    raw = _r()
    default = raw.FPDF_GetDefaultSystemFontInfo()
    if not default:
        return
    raw.FPDF_SetSystemFontInfo(default)
    # the one replaced before (its own fonts released by pdfium as it was replaced)
    while _DEFAULT_INFO:
        raw.FPDF_FreeDefaultSystemFontInfo(_DEFAULT_INFO.pop())
    _DEFAULT_INFO.append(default)


class _Busy(Unfaithful):
    """pdfium still parses a page after PAGE_SECONDS (``parse``: its future)."""

    def __init__(self, message: str, parse: Any) -> None:
        super().__init__(message)
        self.parse = parse


# ---------------------------------------------------------------------------
# One page


def _page_ctm(rotate: int, box: tuple[float, float, float, float]) -> tuple:
    """pdfminer's initial CTM for a page (``PDFPageInterpreter.process_page``)."""
    x0, y0, x1, y1 = box
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _mult(m1: tuple, m0: tuple) -> tuple:
    """``m1`` then ``m0``: pdfminer's own ``mult_matrix``, so the products are its own."""
    from pdfminer.utils import mult_matrix

    return mult_matrix(m1, m0)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    from pdfminer.utils import apply_matrix_pt

    return apply_matrix_pt(m, (x, y))


def _norm(box: tuple) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _four(getter: Any, handle: Any) -> tuple[float, float, float, float] | None:
    """``getter(handle, &left, &bottom, &right, &top)`` as a tuple (``None`` if it fails)."""
    f = ctypes.c_float
    box = f(), f(), f(), f()
    if not getter(handle, *box):
        return None
    return box[0].value, box[1].value, box[2].value, box[3].value


def _page_box(raw: Any, page: Any, getter: str) -> tuple | None:
    return _four(getattr(raw, getter), page)


#: The calls of :class:`_Objects` made for every page object (``_Lib.bare``).
_WALK: list = []


class _Objects:
    """The page objects in drawing order: each text object's number, its
    :class:`_Style`, what a white glyph may stand on (dark filled shapes, images) and
    each text object's clip box."""

    def __init__(self, raw: Any, page: Any, ctm: tuple, fonts: dict) -> None:
        self.raw = raw
        self.order: dict[int, int] = {}
        self.info: dict[int, _Style] = {}
        self.clip: dict[int, tuple | None] = {}
        self.ctm: dict[int, tuple] = {}  # the CTM its own matrix is in (forms, page)
        #: the text objects drawn before it in the same holder: (their list, its place)
        self.before: dict[int, tuple[list[int], int]] = {}
        self.grounds: list[tuple] = []  # device space: x0, y0, x1, y1, image, srcsize
        self.page_ctm = ctm
        self._fonts = fonts
        self._styles: dict = {}  # (see :func:`_style_of`)
        if not _WALK:
            _WALK.extend(raw.bare(name) for name in (
                "FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFPageObj_GetType",
                "FPDFPageObj_GetClipPath", "FPDFClipPath_CountPaths"))
        loops = _loops()
        if loops is not None:
            self._walk_records(loops, page, False, ctm, None)
            return
        count, get = _WALK[0], _WALK[1]
        self._walk(ctypes.c_void_p(page), count, get, ctm, None)

    def _walk_records(self, loops: Any, holder: int, form: bool, ctm: tuple,
                      form_clip: tuple | None) -> None:
        """:meth:`_walk` with what it asks of each object asked by the compiled loop
        (``texts``: its text objects, up to the next object of another kind, which is
        handed back to be dealt with here)."""
        raw = self.raw
        siblings: list[int] = []
        # (what ``texts`` fills in and calls: this holder's, for all its text objects)
        into = (self.order, self.info, self.ctm, self.before, self.clip, self._styles,
                siblings, ctm, form_clip,
                functools.partial(_new_style, raw, ctm, self._fonts),
                functools.partial(_clip_box, raw, ctm=ctm, outer=form_clip))
        j = 0
        while (other := loops.texts(holder, form, j, into)) is not None:
            j, key, kind = other
            if kind == raw.FPDF_PAGEOBJ_FORM:
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(key, m)
                inner = _mult((m.a, m.b, m.c, m.d, m.e, m.f), ctm)
                self._walk_records(loops, key, True, inner, _clip_box(raw, key, ctm, form_clip))
            else:
                self._other(key, kind, ctm)
            j += 1

    def _walk(self, holder: Any, count: Any, get: Any, ctm: tuple,
              form_clip: tuple | None) -> None:
        """The objects of ``holder`` (the page, or a form: ``count(holder)`` of them,
        ``get(holder, j)``), forms' own in their place."""
        raw = self.raw
        get_type, get_clip, count_paths = _WALK[2], _WALK[3], _WALK[4]
        order, info, clips, ctms, before = (self.order, self.info, self.clip, self.ctm,
                                            self.before)
        fonts, styles = self._fonts, self._styles
        scratch = _scratch(raw)  # (what each text object is asked with, made once)
        siblings: list[int] = []
        for j in range(count(holder)):
            key = get(holder, j)
            obj = ctypes.c_void_p(key)  # (the bare calls take a ctypes value, not a handle)
            kind = get_type(obj)
            if kind == 1:  # FPDF_PAGEOBJ_TEXT
                order[key] = len(order)
                info[key] = _style_of(raw, ctm, fonts, styles, key, *_text_values(obj, scratch))
                ctms[key] = ctm
                before[key] = (siblings, len(siblings))
                siblings.append(key)
                # (every object has a clip path, most an empty one: -1 paths, no clip
                # within its holder's; asked here with bare calls, for each object)
                clip = get_clip(obj)
                clips[key] = (_clip_box(raw, obj, ctm, form_clip)
                              if clip and count_paths(ctypes.c_void_p(clip)) > 0 else form_clip)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(key, m)
                inner = _mult((m.a, m.b, m.c, m.d, m.e, m.f), ctm)
                self._walk(key, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject,
                           inner, _clip_box(raw, key, ctm, form_clip))
            else:
                self._other(key, kind, ctm)

    def _other(self, key: int, kind: int, ctm: tuple) -> None:
        """An object neither text nor form: an image or a dark filled shape is a ground."""
        raw = self.raw
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            w, h = ctypes.c_uint(), ctypes.c_uint()
            src = (w.value, h.value) if raw.FPDFImageObj_GetImagePixelSize(key, w, h) \
                else None
            self._ground(key, ctm, True, src)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            if raw.FPDFPath_GetDrawMode(key, fill, stroke) and fill.value:
                if _luminance(_rgb(raw.FPDFPageObj_GetFillColor, key)) < 0.6:
                    self._ground(key, ctm, False, None)

    def _ground(self, obj: Any, ctm: tuple, image: bool, src: tuple | None) -> None:
        box = _four(self.raw.FPDFPageObj_GetBounds, obj)
        if box is not None:
            x0, y0 = _apply(ctm, box[0], box[1])
            x1, y1 = _apply(ctm, box[2], box[3])
            self.grounds.append((*_norm((x0, y0, x1, y1)), image, src))


def _clip_box(raw: Any, obj: Any, ctm: tuple, outer: tuple | None) -> tuple | None:
    """The bounding box (device space) of ``obj``'s clipping path, within ``outer``."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    box = outer
    if not clip:
        return box
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(raw.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for s in range(raw.FPDFClipPath_CountPathSegments(clip, p)):
            seg = raw.FPDFClipPath_GetPathSegment(clip, p, s)
            if seg and raw.FPDFPathSegment_GetPoint(seg, x, y):
                dx, dy = _apply(ctm, x.value, y.value)
                xs.append(dx)
                ys.append(dy)
        if xs:
            one = (min(xs), min(ys), max(xs), max(ys))
            box = one if box is None else (max(box[0], one[0]), max(box[1], one[1]),
                                           min(box[2], one[2]), min(box[3], one[3]))
    return box


def _rgb(getter: Any, *args: Any) -> tuple:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(*args, r, g, b, a):
        return (0.0,)
    if r.value == g.value == b.value:
        return (r.value / 255,)
    return (r.value / 255, g.value / 255, b.value / 255)


def _luminance(color: tuple) -> float:
    from .pdf import _luminance as lum

    return lum(color)


def _within(box: tuple | None, x: float, y: float) -> bool:
    return box is None or (box[0] <= x <= box[2] and box[1] <= y <= box[3])


class _Font:
    """A font's name, descent and advance widths (by Unicode value, as pdfium maps them).

    pdfminer names a font by its descriptor's ``FontName`` (``ABCDEF+SimSun``), which
    pdfium does not give; the ``BaseFont`` it gives may drop the subset tag, so two
    subsets of one font get distinct names here (``#2``): glyphs are told apart by
    style, and two fonts must not become one.  For the standard 14 fonts pdfminer
    takes the metrics of its own AFM files whatever the PDF says; so does this.
    """

    __slots__ = ("handle", "name", "descent", "widths", "raw", "afm", "_em", "_out")

    def __init__(self, raw: Any, handle: Any, taken: dict[str, int],
                 faces: dict | None = None) -> None:
        self.raw = raw
        self.handle = handle
        # (its base name, descent and AFM metrics: those of the page before where it
        # had this font, ``faces``, see :class:`_Carry`)
        face = None if faces is None else faces.get(handle)
        if face is None:
            face = _face(raw, handle)
            if faces is not None:
                faces[handle] = face
        base, self.descent, self.afm = face
        taken[base] = taken.get(base, 0) + 1
        self.name = base if taken[base] == 1 else f"{base}#{taken[base]}"
        self.widths: dict[int, float] = {}
        self._em, self._out = ctypes.c_float(1000), ctypes.c_float()  # (made once)

    def width(self, code: int) -> float:
        """The advance of Unicode ``code`` in text space per unit of font size."""
        try:
            return self.widths[code]
        except KeyError:
            return self.measure(code)

    def measure(self, code: int) -> float:
        """The advance of Unicode ``code`` asked of pdfium (``FPDFFont_GetGlyphWidth``,
        which maps it back to the character code: the ``W`` of the PDF), kept in
        ``widths``.  The compiled ``records`` asks it so itself, without ctypes."""
        out = self._out
        out.value = 0.0  # (what a fresh c_float holds, should pdfium not set it)
        self.raw.FPDFFont_GetGlyphWidth(self.handle, code, self._em, ctypes.byref(out))
        self.widths[code] = w = out.value / 1000
        return w


def _face(raw: Any, handle: Any) -> tuple[str, float, dict | None]:
    """What :class:`_Font` asks of pdfium of a font: its base name, its descent (per unit
    of font size, not positive) and pdfminer's AFM metrics of a standard font."""
    n = raw.FPDFFont_GetBaseFontName(handle, None, 0)
    buf = ctypes.create_string_buffer(max(n, 1))
    raw.FPDFFont_GetBaseFontName(handle, buf, n)
    base = buf.value.decode("latin-1")
    afm: dict | None = None
    metrics = _standard_metrics(base)
    if metrics is not None:
        descriptor, afm = metrics
        descent = float(descriptor.get("Descent", 0)) / 1000
    else:
        d = ctypes.c_float()
        descent = d.value / 1000 if raw.FPDFFont_GetDescent(
            handle, ctypes.c_float(1000), d) else 0.0
    if descent > 0:
        descent = -descent
    return base, descent, afm


def _standard_metrics(name: str) -> tuple[dict, dict] | None:
    """pdfminer's AFM metrics for a standard font name, else ``None``."""
    if not name or "+" in name:
        return None
    from pdfminer.fontmetrics import FONT_METRICS

    return FONT_METRICS.get(name)


#: Seconds pdfium may take to parse one page (and build its text page) before the
#: document is left to pdfminer: pdfium's parser cannot be stopped or budgeted, and
#: some hostile content (millions of operands) keeps it busy for minutes, where
#: pdfminer's guards answer at once.  An ordinary page takes a few milliseconds.
PAGE_SECONDS = 5.0


#: The thread pdfium parses a document's pages in (one for all its pages: a thread a
#: page costs more than a small page's parse); replaced when a parse outlives
#: PAGE_SECONDS, ended with the document.
_WORKER: list = []


class _Carry:
    """What one page hands the next: the page itself, kept open until the next is read,
    so that the fonts they share stay the same pdfium objects (pdfium frees a font no
    open page uses, and may make another at its address), and the advance widths
    asked of those fonts, by font handle: a handle of the page before is, while that
    page is open, the same font (a font's widths were asked again on every page); and
    so, by handle, what :func:`_face` asked of those fonts (a page of one glyph a text
    object meets its ~5 fonts anew: their names and descents were asked again too)."""

    __slots__ = ("open", "widths", "faces")

    def __init__(self) -> None:
        self.open: list[tuple[Any, Any]] = []
        self.widths: dict[Any, dict[int, float]] = {}
        self.faces: dict[Any, tuple] = {}

    def close(self) -> None:
        raw = _r()
        while self.open:
            page, textpage = self.open.pop()
            raw.FPDFText_ClosePage(textpage)
            raw.FPDF_ClosePage(page)


def _read_page(doc: Any, index: int, budget: Any, carry: _Carry) -> _Page:
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as Timeout

    raw = _r()

    def load() -> tuple[Any, Any]:
        page = raw.FPDF_LoadPage(doc.raw, index)
        return page, (raw.FPDFText_LoadPage(page) if page else None)

    if not _WORKER:
        _WORKER.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdfium"))
    parse = _WORKER[0].submit(load)
    try:
        page, textpage = parse.result(timeout=PAGE_SECONDS)
    except Timeout:  # (left to finish on its own, closed by settle() once it has)
        _WORKER.pop().shutdown(wait=False)
        raise _Busy(f"page {index + 1}: pdfium takes more than {PAGE_SECONDS:g} s",
                    parse) from None
    if not page or not textpage:
        if page:  # (its text page could not be made: the page is closed all the same)
            raw.FPDF_ClosePage(page)
        raise CorruptFileError(f"page {index + 1} cannot be read")
    carry.open.append((page, textpage))
    result = _page_glyphs(raw, page, textpage, index, budget, carry.widths, carry.faces)
    last = carry.open.pop()
    carry.close()  # (the page before)
    carry.open.append(last)
    return result


def _page_glyphs(raw: Any, page: Any, textpage: Any, index: int, budget: Any,
                 widths: dict, faces: dict | None = None) -> _Page:
    media = _page_box(raw, page, "FPDFPage_GetMediaBox")
    if media is None:
        media = (0.0, 0.0, raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page))
    crop = _page_box(raw, page, "FPDFPage_GetCropBox")
    rotate = (raw.FPDFPage_GetRotation(page) % 4) * 90
    # pdfplumber's page size and offsets (pdfplumber.page.Page.__init__)
    nx0, nx1 = sorted((media[0], media[2]))
    ny0, ny1 = sorted((media[1], media[3]))
    if rotate in (90, 270):
        nx0, ny0, nx1, ny1 = ny0, nx0, ny1, nx1
    width, height = nx1 - nx0, ny1 - ny0
    mb_x0, mb_top = nx0, height - ny1
    ctm = _page_ctm(rotate, media)
    view = None
    bx0, by0, bx1, by1 = media
    cx0, cy0, cx1, cy1 = crop or media
    box = (max(bx0, cx0), max(by0, cy0), min(bx1, cx1), min(by1, cy1))
    if box[0] < box[2] and box[1] < box[3]:
        p0, p1 = _apply(ctm, box[0], box[1]), _apply(ctm, box[2], box[3])
        view = (min(p0[0], p1[0]), min(p0[1], p1[1]), max(p0[0], p1[0]), max(p0[1], p1[1]))

    # (by font handle, and under "names" the base names met, "faces" the faces known)
    fonts: dict[Any, Any] = {} if faces is None else {"faces": faces}
    objects = _Objects(raw, page, ctm, fonts)
    out = _glyphs(raw, textpage, objects, fonts, ctm, view, budget, index,
                  (mb_x0, height, mb_top), widths)
    grounds = [(x0 + mb_x0, height - y1 + mb_top, x1 + mb_x0, height - y0 + mb_top, image, src)
               for x0, y0, x1, y1, image, src in objects.grounds]
    return _Page(index + 1, width, height, out, grounds)


#: Why a glyph record (:func:`_records`) cannot be seen ("" if it can).
_WHY = operator.itemgetter(5)
#: No text object (where :func:`_glyphs` has seen none yet: pdfium's is ``None``).
_NO_OBJECT = object()
#: The per-character calls of :func:`_glyphs`, without argument types (``_Lib.bare``).
_BARE: list = []


def _glyphs(raw: Any, tp: Any, objects: _Objects, fonts: dict, ctm: tuple,
            view: tuple | None, budget: Any, index: int, flip: tuple[float, float, float],
            widths: dict) -> list[tuple]:
    """The page's glyphs in drawing order, as :func:`_box` gives them, in pdfplumber's
    coordinates (``flip``: the MediaBox's x offset, the page height, its top offset);
    ``widths``: the advance widths known of the page before's fonts (:class:`_Carry`),
    left with this page's."""
    n = raw.FPDFText_CountChars(tp)
    text = ""
    if n > 0:
        buf = ctypes.create_string_buffer(2 * (n + 1))
        got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        text = buf.raw[:2 * max(got - 1, 0)].decode("utf-16-le", errors="surrogatepass")
        if len(text) != n:
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, k)) for k in range(n))
    loops = _loops()
    if loops is None:
        runs = _runs(raw, tp, text, objects.order, index)
    else:
        runs = loops.runs(tp, text, objects.order)
        if type(runs) is int:
            raise Unfaithful(f"page {index + 1}: " + _RUNS_FAILED[runs])
    order = objects.order
    info = objects.info
    kept = {}
    for handle, font in fonts.items():
        if handle != "names" and handle != "faces":
            font.widths = kept[handle] = widths.get(handle, font.widths)
    widths.clear()
    widths.update(kept)
    faces = fonts.get("faces")
    if faces is not None:  # (this page's fonts only: the page before is closed next)
        faces_kept = {handle: faces[handle] for handle in kept}
        faces.clear()
        faces.update(faces_kept)
    _restore_dropped(raw, objects, runs, info, index)
    keys = sorted(runs, key=order.__getitem__)  # (drawing order)
    _trailing_charspace(keys, runs, info)
    if budget is not None:
        budget.add_chars(sum(map(len, runs.values())))
    return _records(keys, runs, info, objects.clip, ctm, view, flip)


#: Why :func:`_runs` found a page unfaithful, by the compiled loop's number.
_RUNS_FAILED = {1: "a character without its text object", 2: "a character without a Unicode map"}


def _runs(raw: Any, tp: Any, text: str, order: dict[int, int], index: int
          ) -> dict[int, list[list]]:
    """Each character of the text page ``tp`` (``text``: one a character index) with its
    text object, what pdfium generated dropped: {text object: [[text, x, y], ...]}, one
    entry for a glyph several characters map to (the same origin).  The compiled
    ``runs`` of ``_pdfium_loops.c`` does the same, faster (:func:`_loops`)."""
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pox, poy = ctypes.byref(ox), ctypes.byref(oy)
    runs: dict[int, list[list]] = {}  # text object → its glyphs [text, x, y]
    if not _BARE:
        _BARE.extend(raw.bare(name) for name in (
            "FPDFText_GetTextObject", "FPDFText_GetCharOrigin", "FPDFText_HasUnicodeMapError",
            "FPDFText_IsGenerated"))
    get_object, get_origin, map_error, generated = _BARE
    tpv = ctypes.c_void_p(tp)  # (the text page, made a ctypes value once)
    run: list[list] = []
    last_key: Any = _NO_OBJECT  # the text object of ``run`` (one of ``order``)
    lx = ly = None  # the origin of ``run``'s last glyph
    for k, ch in enumerate(text):
        key = get_object(tpv, k)
        # (a character of the text object before, most are: known to be one of ``order``)
        if key != last_key and key not in order:
            if generated(tpv, k) or ch in "\r\n":
                continue
            raise Unfaithful(f"page {index + 1}: a character without its text object")
        if ch.isspace() and generated(tpv, k):
            continue  # a space pdfium inferred from a gap: not in the file
        if map_error(tpv, k):
            raise Unfaithful(f"page {index + 1}: a character without a Unicode map")
        get_origin(tpv, k, pox, poy)
        x, y = ox.value, oy.value
        if key != last_key:
            run = runs.setdefault(key, [])
            last_key = key
            lx, ly = (run[-1][1], run[-1][2]) if run else (None, None)
        if x == lx and y == ly:
            run[-1][0] += ch  # one glyph, several characters (a ligature's ToUnicode)
            continue
        run.append([ch, x, y])
        lx, ly = x, y
    return runs


def _records(keys: list[int], runs: dict[int, list[list]], info: dict[int, _Style],
             clips: dict[int, tuple | None], ctm: tuple, view: tuple | None,
             flip: tuple[float, float, float]) -> list[tuple]:
    """The glyph records of the text objects ``keys``, in that order: each as
    :func:`_box` gives it, moved to pdfplumber's coordinates (``flip``, see
    :func:`_glyphs`).  Upright text on an unrotated page, the most of it, is computed
    here directly: the same numbers, fewer steps (one text object is often one glyph:
    what is the same for the whole page is unpacked once)."""
    ca, cb, cc, cd, ce, cf = ctm
    mb_x0, page_height, mb_top = flip
    plain = ca == 1 and cd == 1 and cb == 0 and cc == 0
    vx0, vy0, vx1, vy1 = view if view is not None else (0.0, 0.0, 0.0, 0.0)
    viewed = view is not None
    loops = _loops()
    if loops is not None:  # (the loop below, compiled)

        def slow(key: int, out: list) -> None:
            drawn = _object_glyphs(runs[key], info[key], ctm, clips.get(key), view, flip)
            out.extend(_in_view(drawn) if len(drawn) > 1 else drawn)

        return loops.records(keys, runs, info, clips, (ce, cf, mb_x0, page_height, mb_top),
                             view, functools.partial(_share, plain=plain), slow)
    out: list[tuple] = []
    append = out.append
    for key in keys:
        run, t = runs[key], info[key]
        clip = clips.get(key)
        shared = t.shared  # (the glyphs of its style share them: see _Style)
        if shared[0] is None:
            _share(shared, t, plain)
        attrs, advances, direct, low, high = shared
        if not direct:
            drawn = _object_glyphs(run, t, ctm, clip, view, flip)
            if len(drawn) > 1:
                drawn = _in_view(drawn)
            out.extend(drawn)
            continue
        font, size, a = t.font, t.size, t.m4[0]
        widths = font.widths
        clipped = clip is not None
        if clipped:
            kx0, ky0, kx1, ky1 = clip
        start = len(out)
        last_y = None
        hidden = False
        for ch, x, y in run:
            if y != last_y:  # (a string's glyphs mostly share their baseline: once a line)
                last_y = y
                fy = y + cf
                y0, y1 = fy + low, fy + high
                cy = (y0 + y1) / 2
                top, bottom = page_height - y1 + mb_top, page_height - y0 + mb_top
                clip_y = clipped and ky0 <= cy <= ky1
                view_y = viewed and vy0 <= cy <= vy1
            ex = x + ce
            adv = advances.get(ch)  # (a * w * size, by glyph text: once a style)
            if adv is None:
                code = ord(ch[0])
                w = widths.get(code)
                if w is None:
                    w = font.width(code)
                adv = advances[ch] = a * w * size
            x1 = adv + ex
            cx = (ex + x1) / 2
            why = ("clipped" if clipped and not (clip_y and kx0 <= cx <= kx1) else
                   "off_page" if viewed and not (view_y and vx0 <= cx <= vx1) else "")
            if why:
                hidden = True
            append((ch, ex + mb_x0, x1 + mb_x0, top, bottom, why, attrs))
        if hidden and len(run) > 1:  # (a string all in view, nearly all: nothing to ask)
            out[start:] = _in_view(out[start:])
    return out


def _share(shared: list, t: _Style, plain: bool) -> None:
    """What :func:`_records` works out once a style (``t``'s, on a page whose CTM is
    ``plain`` or not): its glyphs' attributes, whether it computes them directly (upright
    text, visible by its render mode, on an unrotated page), the bottom and top of a
    glyph's box from its baseline; the advances by glyph text are filled in as met."""
    font, size = t.font, t.size
    d, descent = t.m4[3], font.descent
    low, high = d * descent * size, d * (descent + 1) * size
    shared[:] = [(high - low, font.name, True, t.m4, t.color), shared[1],
                 plain and t.upright and d > 0 and t.mode not in (3, 7), low, high]


def _in_view(drawn: list[tuple]) -> list[tuple]:
    """A string's glyph records, all visible when some are: a string partly in view runs
    over the edge of the page or of its clip (a title too wide, a cell's text)."""
    whys = set(map(_WHY, drawn))  # (a C loop: this is asked of every string)
    if len(whys) > 1 and "" in whys:
        return [g if g[5] not in ("clipped", "off_page") else (*g[:5], "", g[6]) for g in drawn]
    return drawn


class _Style:
    """What the text objects of one style share: font, size, the a, b, c, d of their
    page-space matrix (``m4``), whether that is upright, render mode and colour, and
    what :func:`_records` works out once for their glyphs (``shared``, see :func:`_share`).

    A real PDF often draws each glyph as a text object of its own, so a text object is
    known by its style alone (``_Objects.info``): everything about it that does not
    depend on its place, worked out once a page (:func:`_style_of`, by everything it is
    made of; the CTM by identity, the page's or a form's, each kept by :class:`_Objects`
    while the page is read), its tuples shared, so the reader sees one string's
    attributes.  Its place (the matrix's e, f: :func:`_origin`) and bounds
    (:func:`_extent`) are asked of pdfium only where needed, for a few objects.
    """

    __slots__ = ("font", "size", "m4", "upright", "mode", "color", "shared")

    def __init__(self, font: _Font, size: float, m4: tuple, mode: int, color: tuple) -> None:
        self.font = font
        self.size = size
        self.m4 = m4
        a, b, c, _ = m4
        self.upright = b == 0 and c == 0 and a > 0
        self.mode = mode
        self.color = color
        self.shared: list = [None, {}, False, 0.0, 0.0]  # (filled in by _records)


#: The render modes that stroke the glyphs: their colour is asked of each object.
_STROKED = frozenset({1, 2, 5, 6})


def _style_of(raw: Any, ctm: tuple, fonts: dict, styles: dict, obj: int, handle: Any,
              has_size: int, size: float, has_matrix: int, a1: float, b1: float, c1: float,
              d1: float, mode: int, has_fill: int, red: int, green: int, blue: int
              ) -> _Style:
    """The style of the text object ``obj`` in ``ctm`` from what pdfium says of it
    (:func:`_text_values`, or the compiled ``texts``): its font, whether it has a size
    and the size, whether it has a matrix and its a, b, c, d, its render mode, whether
    it has a fill colour and the colour; looked up in ``styles`` (a page's) or made.
    A stroked mode asks its stroke colour of each object: not kept."""
    key = (handle, id(ctm), mode, has_size, has_matrix, has_fill, size, a1, b1, c1, d1,
           red, green, blue)
    style = styles.get(key)
    if style is None:
        style = _new_style(raw, ctm, fonts, obj, handle, has_size, size, has_matrix, a1, b1,
                           c1, d1, mode, has_fill, red, green, blue)
        if mode not in _STROKED:
            styles[key] = style
    return style


def _new_style(raw: Any, ctm: tuple, fonts: dict, obj: int, handle: Any, has_size: int,
               size: float, has_matrix: int, a1: float, b1: float, c1: float, d1: float,
               mode: int, has_fill: int, red: int, green: int, blue: int) -> _Style:
    """A :class:`_Style` made (see :func:`_style_of`; also what the compiled ``texts``
    calls for a style it has not seen)."""
    font = fonts.get(handle)
    if font is None:
        font = fonts[handle] = _Font(raw, handle, fonts.setdefault("names", {}),
                                     fonts.get("faces"))
    # (pdfium writes nothing where it fails: then what fresh ctypes values hold)
    if not has_size:
        size = 0.0
    if not has_matrix:
        a1 = b1 = c1 = d1 = 0.0
    # the page-space matrix: the object's, then its forms' (``ctm`` is in device
    # space; the page's own rotation is applied to glyphs later); pdfminer's
    # ``mult_matrix`` written out, the same products in the same order
    a0, b0, c0, d0, _, _ = ctm
    a, b, c = a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1
    d = b0 * c1 + d0 * d1
    if has_fill:
        key = red, green, blue
        fill = _FILLS.get(key)
        if fill is None:
            fill = _FILLS[key] = ((red / 255,) if red == green == blue else
                                  (red / 255, green / 255, blue / 255))
    else:
        fill = (0.0,)
    color = fill
    if mode in _STROKED:
        stroke = _rgb(raw.FPDFPageObj_GetStrokeColor, obj)
        if mode in (1, 5) or _luminance(stroke) < _luminance(fill):
            color = stroke
    return _Style(font, size, (a, b, c, d), mode, color)


def _origin(objects: _Objects, key: int, own: tuple[float, float] | None = None
            ) -> tuple[float, float]:
    """The e, f of the text object ``key``'s page-space matrix (device space, with the
    page's CTM): its own matrix's (``own`` where it was asked already, by the compiled
    ``dropped``), then its forms'."""
    if own is not None:
        e1, f1 = own
    else:
        m = objects.raw.FS_MATRIX()
        if objects.raw.FPDFPageObj_GetMatrix(key, m):
            e1, f1 = m.e, m.f
        else:  # (pdfium writes nothing where it fails)
            e1 = f1 = 0.0
    a0, b0, c0, d0, e0, f0 = objects.ctm[key]
    return a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0


def _extent(key: int, t: _Style, bounds: tuple | None = None
            ) -> tuple[tuple[float, float, float, float], float]:
    """The bounds of the text object ``key`` (of style ``t``; ``bounds`` where they were
    asked already, by the compiled ``dropped``) and the width of its glyphs' ink (without
    the stroke's line)."""
    raw = _r()
    if bounds is None:
        scratch = _scratch(raw)
        get_bounds, refs, buf = scratch[5], scratch[7], scratch[8]
        bounds = (_BOUNDS.unpack_from(buf, 44) if get_bounds(ctypes.c_void_p(key), *refs[6:10])
                  else (0.0, 0.0, 0.0, 0.0))
    width = bounds[2] - bounds[0]
    if t.mode in _STROKED:
        w = ctypes.c_float()
        if raw.FPDFPageObj_GetStrokeWidth(key, w):
            width -= w.value
    return bounds, width


#: What :func:`_text_values` reads of a text object (see :func:`_scratch`), and its bounds.
_VALUES = struct.Struct("=7f4I")
_BOUNDS = struct.Struct("=4f")
#: Fill colours by their (r, g, b) bytes, each tuple made once.
_FILLS: dict[tuple[int, int, int], tuple] = {}


_SCRATCH: list = []


def _scratch(raw: Any) -> tuple:
    """What :func:`_text_values` asks of every text object: its calls (``_Lib.bare``), the
    buffer they write to and the reading of it, made once (a text object is often one
    glyph: making them anew, or reading ctypes values one by one, cost more than the
    calls)."""
    if not _SCRATCH:
        # the values written to one buffer, read in one step (``_VALUES``): the font
        # size, the matrix (FS_MATRIX, six floats), the fill (four unsigned ints), and
        # after them the bounds (four floats, ``_BOUNDS``)
        buf = (ctypes.c_char * 60)()
        refs = tuple(ctypes.byref(buf, at) for at in (0, 4, 28, 32, 36, 40, 44, 48, 52, 56))
        calls = tuple(raw.bare(name) for name in (
            "FPDFTextObj_GetFont", "FPDFTextObj_GetFontSize", "FPDFPageObj_GetMatrix",
            "FPDFTextObj_GetTextRenderMode", "FPDFPageObj_GetFillColor",
            "FPDFPageObj_GetBounds"))
        _SCRATCH.append((*calls, functools.partial(_VALUES.unpack_from, buf), refs, buf))
    return _SCRATCH[0]


def _text_values(obj: Any, scratch: tuple) -> tuple:
    """What :func:`_style_of` is given, asked of pdfium with the calls of
    :func:`_scratch` (``obj``: a ctypes value, as they take it)."""
    get_font, get_size, get_matrix, get_mode, get_fill, _, values, refs, _ = scratch
    handle = get_font(obj)
    has_size = get_size(obj, refs[0])
    has_matrix = get_matrix(obj, refs[1])
    mode = get_mode(obj)
    has_fill = get_fill(obj, refs[2], refs[3], refs[4], refs[5])
    size, a1, b1, c1, d1, _, _, red, green, blue, _ = values()
    return (handle, has_size, size, has_matrix, a1, b1, c1, d1, mode, has_fill, red, green,
            blue)


def _restore_dropped(raw: Any, objects: _Objects, runs: dict[int, list[list]],
                     info: dict[int, _Style], index: int) -> None:
    """Put back the text objects pdfium's text page leaves out.

    pdfium skips a text object whose glyphs have no extent (a string of spaces:
    Word draws typed spacing so, ``目    录``) and one that repeats one of the five
    text objects before it at nearly the same place (fake bold).  pdfminer draws
    both; the line builder needs the spaces (typed spacing is no table cell) and
    logs the repetition.  A string with no extent is a space at its origin; a
    repetition is its original's glyphs moved by the difference of their origins.
    """
    ctm_of = objects.ctm
    loops = _loops()
    # (the bounds and own e, f of each object left out: asked in one compiled call a
    # page, or one by one here)
    left_out = ([(key, None, None) for key in objects.order if key not in runs]
                if loops is None else
                [(v[0], v[1:5], v[5:]) for v in loops.dropped(objects.order, runs)])
    for key, bounds, own in left_out:
        t = info[key]
        (x0, y0, x1, y1), width = _extent(key, t, bounds)
        ox, oy = _origin(objects, key, own)  # device space (with the page's CTM)
        ctm = ctm_of[key]
        if width < 1e-3 or y1 - y0 < 1e-3:
            px, py = _inverse_page(objects, ox, oy)
            runs[key] = [[" ", px, py]]
            continue
        dx, dy = _inverse_page(objects, ox, oy)
        siblings, place = objects.before[key]
        for other in reversed(siblings[max(0, place - 5):place]):
            o = info[other]
            if other not in runs or o.font is not t.font or o.size != t.size \
                    or o.m4 != t.m4 or ctm_of[other] != ctm:
                continue
            sx, sy = _inverse_page(objects, *_origin(objects, other))
            if abs(dx - sx) > 0.9 * t.size or abs(dy - sy) > t.size / 8:
                continue
            # the original's glyphs, moved, that fall in this object's bounds (a repeat
            # may cover only the start of the string it repeats)
            moved = [[ch, x + dx - sx, y + dy - sy] for ch, x, y in runs[other]]
            if t.upright:
                px0, _ = _inverse_page(objects, *_apply(ctm_of[key], x0, y0))
                px1, _ = _inverse_page(objects, *_apply(ctm_of[key], x1, y1))
                moved = [g for g in moved if px0 - t.size <= g[1] < px1 - 0.01]
            if moved:
                runs[key] = moved
                break
        else:
            raise Unfaithful(f"page {index + 1}: a text object pdfium's text page left out")


def _inverse_page(objects: _Objects, x: float, y: float) -> tuple[float, float]:
    """Device space → page space (undo the page's initial CTM)."""
    a, b, c, d, e, f = objects.page_ctm
    det = a * d - b * c
    x, y = x - e, y - f
    return (d * x - c * y) / det, (a * y - b * x) / det


def _trailing_charspace(keys: list[int], runs: dict[int, list[list]],
                        info: dict[int, _Style]) -> None:
    """Move glyphs where pdfminer has them: it applies the character spacing (``Tc``)
    between a string's glyphs but not after its last one, so a string shown right
    after another (no ``Td`` between: a change of font in a line) starts ``Tc``
    earlier than the PDF says; the shift adds up along the line.

    ``Tc`` is not given by pdfium: it is the gap, always the same, between the
    glyphs of one string beyond their advances (:func:`_spacing`).  It is measured
    only where a string follows another on its baseline (most strings do not: a
    line of a page is mostly one string), and before the string is moved.
    """
    loops = _loops()
    if loops is not None:  # (the loop below, compiled)
        loops.charspace(keys, runs, info, {})
        return
    gaps: dict[int, float | None] = {}  # a string's spacing, once measured

    def gap_of(key: int) -> float | None:
        if key not in gaps:
            run = runs[key]  # (one glyph, most strings of some files: no spacing)
            gaps[key] = _spacing(run, info[key]) if len(run) > 1 else None
        return gaps[key]

    prev_key = None
    p = None  # the string before, if upright
    shift = 0.0
    # the last spacing seen on this baseline: of the latest string with one among
    # ``line`` (the upright strings of more than one glyph since the baseline changed:
    # a string of one glyph has none), measured up to ``seen``
    line: list[int] = []
    seen, line_tc = 0, 0.0
    for key in keys:
        t = info[key]
        run = runs[key]
        upright = t.upright
        here = 0.0
        if upright and p is not None:
            last = runs[prev_key][-1]
            if p.m4 == t.m4 and last[2] == run[0][2]:
                # (a string of one glyph has no spacing: not asked, no call made)
                tc = gap_of(prev_key) if len(runs[prev_key]) > 1 else None
                if tc is None and len(run) > 1:
                    tc = gap_of(key)
                if tc is None:
                    for k in line[seen:]:
                        if gap_of(k) is not None:
                            line_tc = gaps[k]
                    seen = len(line)
                    tc = line_tc
                # (where the string before ends asked only when there is a spacing)
                if abs(tc) > 1e-3:
                    end = last[1] + t.m4[0] * p.font.width(ord(last[0][0])) * p.size
                    if abs(run[0][1] - (end + tc)) < 1e-3:
                        here = shift - tc
            else:
                line, seen, line_tc = [], 0, 0.0
        if here:
            gap_of(key)  # measured where the PDF has the glyphs, before they move
            for g in run:
                g[1] += here
        if upright and len(run) > 1:
            line.append(key)
        shift = here
        prev_key, p = (key, t) if upright else (None, None)


def _spacing(run: list[list], t: _Style) -> float | None:
    """The character spacing of an upright string (the gap beyond their advances between
    its glyphs, when it is always the same), else ``None``."""
    a, b, c, _ = t.m4
    if not (b == 0 and c == 0 and a > 0) or len(run) < 2:
        return None
    width, widths, size = t.font.width, t.font.widths, t.size
    gaps = [(q[1] - g[1]) - a * (widths[code] if (code := ord(g[0][0])) in widths
                                 else width(code)) * size
            for g, q in zip(run, run[1:], strict=False)
            if q[2] == g[2] and not g[0].isspace()]
    if gaps and max(gaps) - min(gaps) < 1e-3:
        return gaps[0]
    return None


def _object_glyphs(run: list[list], t: _Style, ctm: tuple, clip: tuple | None,
                   view: tuple | None, flip: tuple[float, float, float]) -> list[tuple]:
    """A text object's glyphs as :func:`_box` gives them, moved to pdfplumber's
    coordinates (``flip``, see :func:`_glyphs`): rotated or invisible text, a rotated
    page (the rest is computed by :func:`_records` directly)."""
    mb_x0, page_height, mb_top = flip
    out = []
    for ch, x, y in run:
        g = _box(ch, x, y, t, ctm, clip, view)
        out.append((ch, g[1] + mb_x0, g[3] + mb_x0, page_height - g[4] + mb_top,
                    page_height - g[2] + mb_top, g[10], g[5:10]))
    return out


def _box(ch: str, x: float, y: float, t: _Style, ctm: tuple, clip: tuple | None,
         view: tuple | None) -> tuple:
    """A glyph as pdfminer's ``LTChar`` has it (device space, before pdfplumber's flip):
    the box of its advance by its font size, from the font's descent below the
    baseline, in its text space (the four corners, as ``apply_matrix_rect``)."""
    a, b, c, d = t.m4
    ca, cb, cc, cd, ce, cf = ctm
    ex, fy = ca * x + cc * y + ce, cb * x + cd * y + cf
    size = t.size
    adv = t.font.width(ord(ch[0])) * size
    descent = t.font.descent * size
    top = descent + size
    if b == 0 and c == 0:  # (most glyphs: the same corners, fewer products)
        x0, x1 = sorted((ex, a * adv + ex))
        y0, y1 = sorted((d * descent + fy, d * top + fy))
    else:
        xs = (c * descent + ex, a * adv + c * descent + ex, a * adv + c * top + ex,
              c * top + ex)
        ys = (d * descent + fy, b * adv + d * descent + fy, b * adv + d * top + fy,
              d * top + fy)
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    upright = a * d > 0 and b * c <= 0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    why = ("render_mode" if t.mode in (3, 7) else
           "clipped" if not _within(clip, cx, cy) else
           "off_page" if not _within(view, cx, cy) else "")
    return (ch, x0, y0, x1, y1, y1 - y0, t.font.name, upright, (a, b, c, d, ex, fy), t.color,
            why, None)
