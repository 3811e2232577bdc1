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

FORMATS = ("pdf", "txt", "docx", "md")


def detect_format(data: bytes, name: str = "") -> str:
    """The format of a file from its magic bytes, else its suffix."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in ("txt", "text", ""):
        return "txt"
    if suffix in ("md", "markdown"):
        return "md"
    if suffix in ("pdf", "docx"):
        return suffix  # wrong magic: the reader will say the file is damaged
    raise UnsupportedFormatError(
        f"cannot read {name or 'input'}: unsupported file type {suffix!r} "
        f"(readable: {', '.join(FORMATS)})")


def load_bytes(data: bytes, *, name: str = "", password: str | None = None,
               fmt: str | None = None, limits: Any = None) -> RawDocument:
    """Run the reader for ``data``'s format."""
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
        return read_pdf(data, name=name, password=password, limits=limits)
    if fmt == "docx":
        from .docx import read_docx
        return read_docx(data, name=name, limits=limits)
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
         limits: Any = None) -> RawDocument:
    return load_bytes(read_file(path), name=str(path), password=password, fmt=fmt,
                      limits=limits)
