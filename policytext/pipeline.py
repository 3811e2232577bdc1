"""The one entry verb: ``read(path) -> Document``.

read (format reader) → clean (furniture, joining, in-text repairs) → structure
(GB/T 9704 elements, outline).  Each stage's removals are gathered into
``Document.removed`` so that every dropped or repaired character is accounted for.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from .clean import clean
from .model import Document, Removal
from .patterns import count_visible
from .read import load_bytes
from .records import RawDocument
from .structure import delivered_date, outline_warnings, parse_elements, parse_outline

__all__ = ["read", "read_bytes", "read_text", "build", "conservation"]

_RE_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def read(path: str | Path, *, password: str | None = None, fmt: str | None = None,
         limits: Any = None) -> Document:
    """Read a PDF, TXT, DOCX or Markdown file into a structured :class:`Document`.

    Reading, cleaning and structure run under ``limits`` (a
    :class:`~policytext.read.limits.Limits`; default: 60 s, 512 MB a file, 50 MB of
    text, 1 GB of memory).  Raises a :class:`~policytext.errors.PolicyTextError`
    subclass on bad input.
    """
    from .read import read_file

    data = read_file(path, limits=limits)  # once: the reader and the content hash share it
    return read_bytes(data, name=str(path), password=password, fmt=fmt, limits=limits)


def read_bytes(data: bytes, *, name: str = "", password: str | None = None,
               fmt: str | None = None, limits: Any = None) -> Document:
    """Like :func:`read`, for bytes already in memory (``name`` gives the format a hint)."""
    from .read import prepare
    from .read.limits import run_limited

    fmt = prepare(data, name=name, fmt=fmt, limits=limits)
    return run_limited(_read_and_build, data, limits=limits, name=name, source=name, fmt=fmt,
                       password=password, sha256=hashlib.sha256(data).hexdigest())


def _read_and_build(data: bytes, *, budget: Any, source: str, fmt: str,
                    password: str | None, sha256: str) -> Document:
    """Read, clean and structure (in the limits' child process)."""
    raw = load_bytes(data, name=source, password=password, fmt=fmt, limits=budget.limits)
    budget.check_time()
    return build(raw, source=source, sha256=sha256)


def read_text(text: str, *, name: str = "", limits: Any = None) -> Document:
    """Structure text that is already decoded (e.g. pasted), under ``limits`` as :func:`read`."""
    from .read.limits import check_text_size, run_limited

    data = text.encode("utf-8")
    check_text_size(len(data), limits, name)
    return run_limited(_build_text, text, limits=limits, name=name, source=name,
                       sha256=hashlib.sha256(data).hexdigest())


def _build_text(text: str, *, budget: Any, source: str, sha256: str) -> Document:
    from .read.chars import drop_controls
    from .read.plain import _from_text

    raw = drop_controls(_from_text(text, fmt="txt", encoding="str", warnings=()))
    budget.check_time()
    return build(raw, source=source, sha256=sha256)


def build(raw: RawDocument, *, source: str = "", sha256: str = "") -> Document:
    """Clean and structure a reader's output: the one place the stages are composed."""
    cleaned = clean(raw)
    paragraphs = cleaned.paragraphs
    removed: list[Removal] = [*raw.removed, *cleaned.removed]

    el = parse_elements(paragraphs)
    body = paragraphs[el.body_start: el.body_end]
    preamble, sections, closing = parse_outline(body)

    warnings = list(raw.warnings)
    if not paragraphs:
        warnings.append("no text found")
    elif not any(True for s in sections for _ in s.iter_items()):
        warnings.append("no numbered items found")
    warnings.extend(outline_warnings(sections, title=el.title))
    meta: dict[str, Any] = {**raw.meta, **cleaned.meta}
    title, year = el.title, el.year
    stem = Path(source).stem if source else ""
    if title is None and stem:
        meta["title_source"] = "filename"
        title = _RE_YEAR_IN_NAME.sub("", stem).strip(" -_.") or None
    if year is None and stem:
        m = _RE_YEAR_IN_NAME.search(stem)
        if m:
            meta["year_source"] = "filename"
            year = int(m.group(1))
    delivered = delivered_date(preamble)
    if delivered:
        meta.setdefault("delivered", delivered)  # a report's 在…会议上 date
    if year is None:
        m = re.search(r"((?:19|20)\d\d)年", preamble)
        if m:
            meta["year_source"] = "preamble"
            year = int(m.group(1))

    status = "degraded" if raw.degraded_pages else "ok"
    if any(w.startswith(("no text", "ambiguous encoding")) or "replacement characters" in w
           or "(cid:" in w for w in warnings):
        status = "degraded"
    return Document(
        source=source,
        format=raw.format,
        encoding=raw.encoding,
        sha256=sha256,
        pages=raw.pages,
        org_mark=el.org_mark,
        doc_number=el.doc_number,
        doc_number_parts=el.doc_number_parts,
        title=title,
        year=year,
        issuer=el.issuer,
        recipients=el.recipients,
        cover_letter=el.cover_letter,
        signed_date=el.signed_date,
        cc=el.cc,
        printed_by=el.printed_by,
        printed_date=el.printed_date,
        attachments=el.attachments,
        preamble=preamble,
        closing=closing,
        sections=sections,
        text="\n".join(p.text for p in paragraphs),
        removed=tuple(removed),
        status=status,
        warnings=tuple(warnings),
        meta=meta,
    )


def conservation(raw_text: str | int, doc: Document) -> tuple[int, int]:
    """(characters in, characters kept + net characters logged) — equal when nothing is lost.

    Counted without whitespace.  A repair counts its original text as logged and
    its replacement as kept, so ``„`` → ``〔`` balances.  ``raw_text`` may also be
    a reader's own count (``RawDocument.chars_in``, e.g. a DOCX's paragraph text
    with its numbering labels as printed).
    """
    chars_in = raw_text if isinstance(raw_text, int) else count_visible(raw_text)
    kept = count_visible(doc.text)
    logged = sum(count_visible(r.text) - count_visible(r.replacement) for r in doc.removed)
    return chars_in, kept + logged
