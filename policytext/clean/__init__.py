"""Cleaning: a reader's lines → paragraphs, every removal and repair logged.

The one stage that decides what is not the document's text and how lines make
paragraphs, whatever the format:

1. web-page furniture of a saved web page (TXT and DOCX copies), see
   :mod:`policytext.clean.web`;
2. page furniture — page numbers, running headers and footers, link stamps —
   decided once, see :mod:`policytext.clean.furniture`;
3. paragraph evidence (indent, fullness, gaps, geometric roles) from the
   readers' positions, measured without the furniture, see
   :mod:`policytext.clean.layout`;
4. the furniture removed and logged, hard-wrapped lines joined into
   paragraphs, also across page breaks (:mod:`policytext.clean.join`), and a
   sentence a web page broke at an inline element (a bold run on a line of its
   own) run on again, each such break logged as a ``line_break`` repair;
5. in-text repairs of extraction damage (:mod:`policytext.clean.repairs`);
6. a table of contents (目录) removed and logged (:mod:`policytext.clean.toc`);
   a text that lost its line breaks cut back into lines (:mod:`policytext.clean.runon`).

Each step is a small function that returns what it removed, so the audit trail
is built where the change is made.  The document's words are never changed:
only characters the extraction added or garbled.  :func:`clean` composes them;
readers never call any of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import FrozenMap, Removal, freeze
from ..patterns import count_visible, fold
from ..records import Line, Paragraph, RawDocument
from .furniture import drop_furniture, find_furniture
from .join import join_lines
from .layout import flag_boxes, flag_wrapped_text, join_inline_breaks
from .repairs import (
    TABLE_REPAIRS,
    TEXT_REPAIRS,
    clause_context,
    remove_cjk_spaces,
    remove_links,
    remove_zero_width,
    repair_doc_number,
    repair_glyphs,
    repair_text,
)
from .runon import is_run_on, split_run_on
from .toc import drop_table_of_contents
from .web import WEB_WIDGETS, drop_source_line, drop_web_furniture, looks_like_web_page

__all__ = [
    "Cleaned",
    "clean",
    "clean_lines",
    "find_furniture",
    "drop_furniture",
    "join_lines",
    "drop_table_of_contents",
    "looks_like_web_page",
    "drop_web_furniture",
    "drop_source_line",
    "WEB_WIDGETS",
    "repair_text",
    "TEXT_REPAIRS",
    "TABLE_REPAIRS",
    "clause_context",
    "remove_links",
    "remove_zero_width",
    "repair_glyphs",
    "repair_doc_number",
    "remove_cjk_spaces",
    "count_visible",
    "fold",
]


#: Formats a web page is saved as (a browser's "save as text", a DOCX made from the page).
WEB_COPY_FORMATS = ("txt", "docx")


@dataclass(frozen=True)
class Cleaned:
    """What cleaning hands to structure: paragraphs, the audit log, what it learned."""

    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]
    meta: Mapping[str, Any] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", freeze(self.meta))


def clean_lines(raw: RawDocument) -> tuple[list[Line], list[Removal], dict[str, Any]]:
    """Steps 1–4 up to the joining: the lines that stay, with their paragraph evidence set."""
    lines = list(raw.lines)
    removed: list[Removal] = []
    meta: dict[str, Any] = {}
    if raw.format in WEB_COPY_FORMATS:
        if looks_like_web_page(lines):
            lines, dropped, found = drop_web_furniture(lines)
            meta["web_page"] = True
        else:  # a page saved as a document keeps only its 来源 line
            lines, dropped, found = drop_source_line(lines)
        removed += dropped
        meta.update(found)

    verdicts = find_furniture(lines)
    furniture = [v is not None for v in verdicts]
    layout = raw.meta.get("layout") or {}
    if lines and all(ln.box is not None for ln in lines):
        lines = flag_boxes(lines, furniture, float(raw.meta.get("body_font_size") or 12.0))
    elif lines and all(ln.pos is not None for ln in lines) and layout.get("wrap_width"):
        lines = flag_wrapped_text(lines, furniture, wrap=float(layout["wrap_width"]),
                                  alternating=bool(layout.get("alternating")))
        if raw.format == "txt" and not layout.get("alternating"):
            # a web text hard-wrapped keeps the page's inline breaks (…广义货币M / 2 /
            # 增长…) too
            lines, joined = join_inline_breaks(lines, furniture)
            removed += joined
    elif raw.format == "txt" and not layout.get("alternating") \
            and not layout.get("blank_separated"):
        lines, joined = join_inline_breaks(lines)
        removed += joined

    kept, dropped = drop_furniture(lines, verdicts)
    removed += dropped
    return kept, removed, meta


def _split_run_ons(paras: list[Paragraph], meta: dict[str, Any]) -> list[Paragraph]:
    """Paragraphs with a run of text that lost its line breaks cut back into lines."""
    if not any(is_run_on(p.text, len(paras)) for p in paras):
        return paras
    out: list[Paragraph] = []
    for p in paras:
        if is_run_on(p.text, len(paras)):
            pieces = split_run_on(p.text)
            meta["run_on"] = meta.get("run_on", 0) + len(pieces)  # lines recovered
            # (the reader's role, a Markdown title's, is the first line's alone)
            out += [replace(p, text=t, role=p.role if k == 0 else "")
                    for k, t in enumerate(pieces)]
        else:
            out.append(p)
    return out


def clean(raw: RawDocument) -> Cleaned:
    """Clean a reader's output: furniture out, lines joined, extraction damage repaired."""
    lines, removed, meta = clean_lines(raw)
    paragraphs: list[Paragraph] = []
    joined = join_lines(lines)
    for para in _split_run_ons(joined, meta):
        text, log = repair_text(para.text, para.page_start,
                                TABLE_REPAIRS if para.role == "table" else TEXT_REPAIRS)
        removed.extend(log)
        if text:
            paragraphs.append(Paragraph(text, para.page_start, para.page_end, para.role,
                                        para.centered))
    paragraphs, toc = drop_table_of_contents(paragraphs)
    removed.extend(toc)
    return Cleaned(tuple(paragraphs), tuple(removed), meta)
