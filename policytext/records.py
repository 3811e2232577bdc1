"""The records the early stages pass on: reader → cleaning → structure.

A reader turns a file into :class:`Line` records carrying whatever *position*
evidence its format has — a PDF line's :class:`Box` (where its glyphs sit), a
plain-text line's :class:`TextPos` (its leading blanks, width, blank lines above)
— and hands them on in a :class:`RawDocument` with what it removed itself
(glyph-level marks only it can see: watermarks, seals, fake bold).  The cleaning
stage decides page furniture, turns positions into paragraph evidence (indent,
fullness, gaps) and joins lines into :class:`Paragraph` records, which the
structure stage reads.

Every record is frozen and hashable; ``meta`` mappings are :class:`FrozenMap`
(see :func:`freeze`), so nothing downstream can change what a stage handed on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import FrozenMap, Removal, freeze

__all__ = ["Box", "TextPos", "Line", "Paragraph", "RawDocument", "FrozenMap", "freeze"]


@dataclass(frozen=True)
class Box:
    """Where a PDF line's glyphs sit (points; ``top``/``bottom`` from the top of the page).

    ``size`` is the line's median glyph size, ``lead`` the width of the Latin word
    it starts with (0 if none: a line ending short because that word did not fit
    still runs on), ``red`` whether its main style is red (the 发文机关标志).
    """

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page_height: float
    lead: float = 0.0
    red: bool = False


@dataclass(frozen=True)
class TextPos:
    """What a plain-text line shows of its layout (hard-wrapped text only).

    ``indent`` is its leading whitespace in ems beyond the text's margin (an
    extractor's half-em page mark already taken off), ``width`` its display width
    in ems, ``blanks`` the blank lines right above it, ``spaced_end`` whether it
    ends with whitespace, ``page_start`` whether a page starts at it.
    """

    indent: float
    width: float
    blanks: int = 0
    spaced_end: bool = False
    page_start: bool = False


@dataclass(frozen=True)
class Line:
    """One physical line as a reader saw it.

    ``indent``/``full`` are layout evidence (``None`` when not known yet): a
    paragraph's first line is indented, a wrapped line runs to the right margin.
    ``gap_before`` marks more space above than between wrapped lines.  ``role`` is
    a reader's hint (``org_mark`` for the red 发文机关标志, ``title`` for a large
    centred title, ``table`` for a row of cells joined by tabs).  ``box`` and
    ``pos`` carry the positions from which the cleaning stage sets the flags once
    it has decided which lines are page furniture.
    """

    text: str
    page: int = 1
    indent: bool | None = None
    full: bool | None = None
    gap_before: bool = False
    role: str = ""
    centered: bool | None = None
    box: Box | None = None
    pos: TextPos | None = None


@dataclass(frozen=True)
class Paragraph:
    """A cleaned paragraph: lines joined, page furniture gone, in-text damage repaired."""

    text: str
    page_start: int = 1
    page_end: int = 1
    role: str = ""
    centered: bool | None = None


@dataclass(frozen=True)
class RawDocument:
    """What a reader hands on: lines plus what it learned and removed on the way.

    ``chars_in`` is the non-whitespace characters the reader took in (for the
    conservation check), when the reader counts them itself.  ``degraded_pages``
    names the pages whose text layer cannot be trusted, in page order, as
    ``(page, reason)``: ``private_use`` (mostly private-use code points),
    ``placeholders`` (mostly ``(cid:N)`` or U+FFFD) or ``layers`` (glyphs from many
    distinct layers drawn over each other), or ``garbled`` (an OFD page whose
    characters are not language) — pages no OCR read again from their image
    (with OCR on, a PDF's such pages are OCR'd and so are not named).
    """

    lines: tuple[Line, ...]
    format: str
    encoding: str | None = None
    pages: int = 0
    removed: tuple[Removal, ...] = ()
    warnings: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=FrozenMap)
    chars_in: int | None = None
    degraded_pages: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        # Readers build lists; what they hand on cannot change afterwards.
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "removed", tuple(self.removed))
        object.__setattr__(self, "warnings", tuple(self.warnings))
        object.__setattr__(self, "degraded_pages",
                           tuple((int(p), str(r)) for p, r in self.degraded_pages))
        object.__setattr__(self, "meta", freeze(self.meta))
