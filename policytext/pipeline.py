"""The one entry verb: ``read(path) -> Document``.

read (format reader) → clean (furniture, joining, in-text repairs) → structure
(GB/T 9704 elements, outline).  Each stage's removals are gathered into
``Document.removed`` so that every dropped or repaired character is accounted for.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .clean import clean
from .kind import document_kind, report_issuer
from .model import Document, Removal
from .patterns import RE_DATE, count_visible, parse_date
from .read import load_bytes
from .records import RawDocument
from .structure import (
    annex_section,
    delivered_date,
    outline_warnings,
    parse_elements,
    parse_outline,
    part_section,
    split_documents,
)

__all__ = ["read", "read_bytes", "read_text", "build", "conservation"]

_RE_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def read(path: str | Path, *, password: str | None = None, fmt: str | None = None,
         limits: Any = None, ocr: str = "auto",
         progress: Callable[[int, int], None] | None = None) -> Document:
    """Read a PDF, OFD, TXT, DOCX or Markdown file into a structured :class:`Document`.

    ``ocr``: ``auto`` reads pages with no (or a garbled) text layer by OCR,
    ``always`` every page, ``never`` none; ``progress(done, total)`` is called as
    OCR'd pages finish.  Raises a :class:`~policytext.errors.PolicyTextError`
    subclass on bad input.
    """
    from .read import read_file

    data = read_file(path)  # once: the reader and the content hash share the bytes
    return read_bytes(data, name=str(path), password=password, fmt=fmt, limits=limits,
                      ocr=ocr, progress=progress)


def read_bytes(data: bytes, *, name: str = "", password: str | None = None,
               fmt: str | None = None, limits: Any = None, ocr: str = "auto",
               progress: Callable[[int, int], None] | None = None) -> Document:
    """Like :func:`read`, for bytes already in memory (``name`` gives the format a hint)."""
    raw = load_bytes(data, name=name, password=password, fmt=fmt, limits=limits, ocr=ocr,
                     progress=progress)
    return build(raw, source=name, sha256=hashlib.sha256(data).hexdigest())


def read_text(text: str, *, name: str = "") -> Document:
    """Structure text that is already decoded (e.g. pasted)."""
    from .read.plain import _from_text

    raw = _from_text(text, fmt="txt", encoding="str", warnings=())
    return build(raw, source=name, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def build(raw: RawDocument, *, source: str = "", sha256: str = "") -> Document:
    """Clean and structure a reader's output: the one place the stages are composed."""
    cleaned = clean(raw)
    paragraphs = cleaned.paragraphs
    removed: list[Removal] = [*raw.removed, *cleaned.removed]

    el = parse_elements(paragraphs)
    body = paragraphs[el.body_start: el.body_end]
    front, parts = split_documents(body)
    if parts:  # a compilation: each document with its own title, 文号 and outline
        preamble, closing = "\n".join(p.text for p in front), ""
        sections = tuple(part_section(part) for part in parts)
    else:
        preamble, sections, closing = parse_outline(body)
    if el.annex is not None:  # the attached document after the 署名 (附：名单 …)
        first, last = el.annex
        sections += (annex_section("附件", paragraphs[first].text.strip(),
                                   paragraphs[first + 1: last]),)

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
        title = _RE_YEAR_IN_NAME.sub("", _file_title(stem)).strip(" -_.") or None
    if year is None and stem:
        m = _RE_YEAR_IN_NAME.search(stem)
        if m:
            meta["year_source"] = "filename"
            year = int(m.group(1))
    preamble, notes = _law_notes(preamble)
    if notes and not meta.get("revisions"):
        meta["revisions"] = notes
    if el.delivered:
        meta["delivered"] = el.delivered["date"]  # a report's 在…会议上 subtitle
        meta["event"] = el.delivered["event"]
        meta["subtitle"] = el.delivered["line"]
        if el.delivered.get("speaker"):
            meta["speaker"] = el.delivered["speaker"]
    else:
        delivered = delivered_date(preamble)
        if delivered:
            meta.setdefault("delivered", delivered)
    kind = document_kind(title=title if meta.get("title_source") != "filename" else None,
                         sections=sections, head=[p.text for p in paragraphs[:12]],
                         recipients=el.recipients, delivered=el.delivered is not None,
                         parts=len(parts))
    issuer = el.issuer
    if issuer is None and kind == "work_report":
        opening = preamble or next((it.text for it in _iter_items(sections)), "")
        issuer = report_issuer(title=title, delivered=el.delivered, opening=opening)
    elif issuer is None and kind == "law" and meta.get("revisions"):
        issuer = _enacted_by(meta["revisions"])
    if year is None:
        m = re.search(r"((?:19|20)\d\d)年", preamble)
        if m:
            meta["year_source"] = "preamble"
            year = int(m.group(1))

    status = "ocr" if raw.meta.get("ocr") else "ok"  # machine-read text: say so
    if any(w.startswith(("no text", "ambiguous encoding", "garbled")) or
           "replacement characters" in w or "(cid:" in w for w in warnings):
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
        kind=kind,
        year=year,
        issuer=issuer,
        recipients=el.recipients,
        cover_letter=el.cover_letter,
        signed_date=el.signed_date,
        cc=el.cc,
        printed_by=el.printed_by,
        printed_date=el.printed_date,
        # the annexes' own titles when no 附件： line lists them (a report's 名词解释)
        attachments=el.attachments or tuple(s.title for s in sections
                                            if s.kind == "annex" and s.title),
        preamble=preamble,
        closing=closing,
        sections=sections,
        text="\n".join(p.text for p in paragraphs),
        removed=tuple(removed),
        status=status,
        warnings=tuple(warnings),
        meta=meta,
    )


#: What a file name carries beside a title: .web (a saved page), (1), _副本, - 副本.
_RE_NAME_TAIL = re.compile(r"(?:\.[A-Za-z]{1,6}|[（(]\d{1,2}[)）]|[\s_-]*副本|[\s_-]*copy)+$",
                           re.IGNORECASE)


def _file_title(stem: str) -> str:
    """A title from a file name without what the file system or a browser added."""
    return _RE_NAME_TAIL.sub("", stem)


def _iter_items(sections):
    for section in sections:
        yield from section.iter_items()


#: A law's 题注: （2016年11月7日第十二届全国人民代表大会常务委员会第二十四次会议通过）.
_RE_LAW_NOTE = re.compile(
    rf"^[（(]?\s*(?P<date>{RE_DATE.pattern})\s*(?P<text>[^（）()]*?会议[^（）()]*?"
    r"(?P<event>通过|修正|修订|公布|批准))[^（）()]*?[）)]?$")
_RE_ENACTED_BY = re.compile(r"第[一二三四五六七八九十]+届(全国人民代表大会(?:常务委员会)?|"
                            r"[\u4e00-\u9fff]{2,12}?人民代表大会(?:常务委员会)?|国务院)")


def _law_notes(preamble: str) -> tuple[str, list[dict[str, str]]]:
    """The preamble without a law's 题注 lines (adoption and revisions), and those as records."""
    kept, notes = [], []
    for line in preamble.splitlines():
        m = _RE_LAW_NOTE.match(line.strip())
        if m and parse_date(m.group("date")):
            notes.append({"date": parse_date(m.group("date")) or "", "event": m.group("event"),
                          "text": line.strip().strip("（）()")})
        else:
            kept.append(line)
    return "\n".join(kept), notes


def _enacted_by(revisions) -> str | None:
    """The body that adopted a law's text as it stands: that of its latest 题注."""
    for rev in reversed(list(revisions)):
        m = _RE_ENACTED_BY.search(rev.get("text", ""))
        if m:
            return m.group(1)
    return None


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
