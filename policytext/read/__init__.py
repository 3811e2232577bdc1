"""Readers: bytes of a PDF, OFD, TXT, DOCX or Markdown file → :class:`RawDocument`.

A reader only turns a file into :class:`~policytext.records.Line` records with
the positions its format carries (and logs what only it can see and drops, e.g.
watermarks seen by glyph geometry).  Readers import the records, the errors and
the shared patterns, never a later stage: page furniture, paragraph evidence,
joining and repairs are decided once for every format in :mod:`policytext.clean`,
the outline in :mod:`policytext.structure`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError, UnsupportedFormatError
from ..records import RawDocument

__all__ = ["RawDocument", "detect_format", "prepare", "read_file", "load", "load_bytes",
           "FORMATS", "TEXT_FORMATS"]

FORMATS = ("pdf", "ofd", "txt", "docx", "md")
#: Formats whose file is the text itself (held to ``Limits.max_text_bytes`` as a file).
TEXT_FORMATS = ("txt", "md")
#: The modules a format's reader needs, imported before a child is forked, so that it
#: inherits them instead of importing them again for each document (the plain-text
#: reader alone takes some 30 ms to import).  The OCR engine is not among them: it is
#: imported only by a reading that has pages to OCR (and then shared, see
#: :func:`policytext.read.ocr.ocr_pdf_pages`).
_MODULES = {"pdf": ("pdfplumber", "pypdfium2", ".pdf", ".pdfium", ".ocr"),
            "docx": ("docx", ".docx"), "ofd": (".docx", ".pdf", ".ocr", ".ofd"),
            "txt": (".plain",), "md": (".plain",)}

#: The signature of an OLE2 compound file: Word 97–2003 .doc, WPS .wps, .xls, .ppt.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, name: str = "") -> str:
    """The format of a file from its magic bytes, else its suffix."""
    head = data[:1024].lstrip()
    suffix = Path(name).suffix.lower().lstrip(".")
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "ofd" if _zip_has(data, "OFD.xml") or (suffix == "ofd" and not _zip_has(
            data, "word/document.xml")) else "docx"
    if data.startswith(OLE_MAGIC):
        raise UnsupportedFormatError(_legacy_message(data, name))
    if suffix in ("txt", "text", ""):
        return "txt"
    if suffix in ("md", "markdown"):
        return "md"
    if suffix in ("pdf", "docx", "ofd"):
        return suffix  # wrong magic: the reader will say the file is damaged
    raise UnsupportedFormatError(
        f"cannot read {name or 'input'}: unsupported file type {suffix!r} "
        f"(readable: {', '.join(FORMATS)})")


def _zip_has(data: bytes, member: str) -> bool:
    """Whether the ZIP ``data`` names ``member`` (its central directory only is read)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return member in zf.namelist()
    except Exception:  # any damage: the reader says what it is
        return False


def _legacy_message(data: bytes, name: str) -> str:
    """One line naming a legacy OLE binary and how to convert it."""
    what = name or "input"
    suffix = Path(name).suffix.lower()
    if suffix == ".wps":
        fmt, ext = "a WPS Office 文字 document (.wps, an OLE binary)", "docx"
    elif b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data[:1 << 20] \
            or suffix in (".doc", ".docx", ".dot"):
        fmt, ext = "a Word 97–2003 document (.doc, an OLE binary)", "docx"
    else:
        fmt, ext = "a legacy Office binary (OLE: .doc, .xls, .ppt or .wps)", "docx"
    named = " named .docx" if suffix == ".docx" else ""
    return (f"cannot read {what}: it is {fmt}{named}, not a readable format; convert it "
            f"first, e.g. 'libreoffice --headless --convert-to {ext} {what}', or save it as "
            f".docx or PDF in Word or WPS")


def prepare(data: bytes, *, name: str = "", fmt: str | None = None,
            limits: Any = None, ocr: str = "auto", engine: str = "pdfium") -> str:
    """Checks made before a document is read, in the calling process; its format.

    Refuses empty input, input over the size limits of ``limits``
    (:class:`~policytext.errors.TooLargeError`) and an ``ocr`` mode that is not one
    of ``auto``, ``always``, ``never`` (or a PDF ``engine`` not one of
    :data:`~policytext.read.pdfium.ENGINES`), and imports the reader's library and reader
    so that a forked child inherits them.
    """
    from .limits import check_input_size
    from .ocr import check_mode
    from .pdfium import check_engine

    check_mode(ocr)
    check_engine(engine)
    fmt = fmt or detect_format(data, name)
    if fmt not in FORMATS:
        raise UnsupportedFormatError(f"unsupported format {fmt!r} "
                                     f"(readable: {', '.join(FORMATS)})")
    check_input_size(len(data), _limits(limits), name, text=fmt in TEXT_FORMATS)
    if not data or data.isspace():  # (no copy of a large file, as strip() would make)
        raise InputError(f"{name or 'input'} is empty")
    import importlib

    for module in (*_MODULES[fmt], ".chars"):
        importlib.import_module(module, __name__)
    if fmt == "pdf" and engine == "pdfium":
        from .pdfium import warm

        warm()
    return fmt


def load_bytes(data: bytes, *, name: str = "", password: str | None = None,
               fmt: str | None = None, limits: Any = None, ocr: str = "auto",
               progress: Any = None, engine: str = "pdfium") -> RawDocument:
    """Run the reader for ``data``'s format under ``limits`` (in a child process).

    ``ocr`` (``auto``, ``always``, ``never``) says which pages are read by OCR
    (:mod:`policytext.read.ocr`), in the same child; ``progress(done, total)`` is
    called here, in the calling process, as OCR'd pages finish.  ``engine``
    (``pdfium`` or ``pdfplumber``) is where a PDF's glyphs come from
    (:func:`policytext.read.pdf.read_pdf`).
    """
    from .limits import run_limited

    fmt = prepare(data, name=name, fmt=fmt, limits=limits, ocr=ocr, engine=engine)
    return run_limited(_load, data, limits=_limits(limits), name=name, progress=progress,
                       fmt=fmt, source=name, password=password, ocr=ocr, engine=engine)


def _limits(limits: Any) -> Any:
    from .limits import DEFAULT_LIMITS, Limits

    return limits if isinstance(limits, Limits) else DEFAULT_LIMITS


def _load(data: bytes, *, budget: Any, fmt: str, source: str = "",
          password: str | None = None, ocr: str = "auto",
          engine: str = "pdfium") -> RawDocument:
    """The reader of ``fmt`` (with OCR of the pages that need it), then what holds for
    every format: no control characters in the text (logged), no more text than the
    limit."""
    from .chars import drop_controls
    from .limits import check_text_size

    name = source
    if fmt == "txt":
        from .plain import read_txt
        raw = read_txt(data, name=name)
    elif fmt == "md":
        from .plain import read_md
        raw = read_md(data, name=name)
    elif fmt == "pdf":
        from .pdf import read_pdf
        raw = read_pdf(data, name=name, password=password, limits=budget.limits, ocr=ocr,
                       progress=budget.progress, engine=engine)
    elif fmt == "ofd":
        from .ofd import read_ofd
        raw = read_ofd(data, name=name, limits=budget.limits, ocr=ocr)
    elif fmt == "docx":
        from .docx import read_docx
        raw = read_docx(data, name=name, limits=budget.limits)
    else:  # pragma: no cover - prepare() let only FORMATS through
        raise UnsupportedFormatError(f"unsupported format {fmt!r} "
                                     f"(readable: {', '.join(FORMATS)})")
    budget.check_time()
    if fmt not in TEXT_FORMATS:
        check_text_size(sum(len(line.text.encode("utf-8")) for line in raw.lines),
                        budget.limits, name)
    return drop_controls(raw)


def read_file(path: str | Path, *, limits: Any = None) -> bytes:
    """The bytes of ``path``, with file-system failures as :class:`InputError`;
    a file over ``Limits.max_input_bytes``, or a text file over
    ``Limits.max_text_bytes``, is refused by its size before it is read."""
    from .limits import check_input_size, check_text_size

    path = Path(path)
    try:
        if path.is_file():
            size = path.stat().st_size
            check_input_size(size, _limits(limits), str(path))
            if size > _limits(limits).max_text_bytes:  # a text file that large: not read
                with path.open("rb") as fh:
                    if detect_format(fh.read(1024), str(path)) in TEXT_FORMATS:
                        check_text_size(size, _limits(limits), str(path))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory, not a document") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def load(path: str | Path, *, password: str | None = None, fmt: str | None = None,
         limits: Any = None, ocr: str = "auto", progress: Any = None,
         engine: str = "pdfium") -> RawDocument:
    return load_bytes(read_file(path, limits=limits), name=str(path), password=password,
                      fmt=fmt, limits=limits, ocr=ocr, progress=progress, engine=engine)
