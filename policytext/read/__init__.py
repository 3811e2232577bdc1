"""Readers: bytes of a PDF, TXT, DOCX or Markdown file → :class:`RawDocument`.

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

__all__ = ["RawDocument", "detect_format", "read_file", "load", "load_bytes", "FORMATS"]

FORMATS = ("pdf", "ofd", "txt", "docx", "md")

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


def load_bytes(data: bytes, *, name: str = "", password: str | None = None,
               fmt: str | None = None, limits: Any = None, ocr: str = "auto",
               progress: Any = None) -> RawDocument:
    """Run the reader for ``data``'s format.

    ``ocr`` (``auto``, ``always``, ``never``) and ``progress(done, total)`` concern
    the pages read by OCR (:mod:`policytext.read.ocr`).
    """
    fmt = fmt or detect_format(data, name)
    if not data.strip():
        raise InputError(f"{name or 'input'} is empty")
    if fmt == "txt":
        from .plain import read_txt
        return read_txt(data, name=name)
    if fmt == "md":
        from .plain import read_md
        return read_md(data, name=name)
    if fmt == "pdf":
        from .pdf import read_pdf
        return read_pdf(data, name=name, password=password, limits=limits, ocr=ocr,
                        progress=progress)
    if fmt == "docx":
        from .docx import read_docx
        return read_docx(data, name=name, limits=limits)
    if fmt == "ofd":
        from .ofd import read_ofd
        return read_ofd(data, name=name, limits=limits, ocr=ocr)
    raise UnsupportedFormatError(f"unsupported format {fmt!r} (readable: {', '.join(FORMATS)})")


def read_file(path: str | Path) -> bytes:
    """The bytes of ``path``, with file-system failures as :class:`InputError`."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"no such file: {path}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory, not a document") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def load(path: str | Path, *, password: str | None = None, fmt: str | None = None,
         limits: Any = None, ocr: str = "auto", progress: Any = None) -> RawDocument:
    return load_bytes(read_file(path), name=str(path), password=password, fmt=fmt,
                      limits=limits, ocr=ocr, progress=progress)
