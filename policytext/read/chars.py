"""Characters no official document's words contain: control and bidi formatting codes.

Whatever the format, a reader's lines may carry C0 and C1 control characters
(U+0000–U+001F, U+007F–U+009F) and the bidirectional formatting codes
(U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, and the marks
U+200E, U+200F, U+061C).  None belongs to a Chinese official document's words;
a bidi override can make a line display differently from the order of its
characters (the "Trojan Source" trick, CVE-2021-42574), and a control character
can split a word invisibly.  :func:`drop_controls` removes them from every line
and logs each removal (kind ``control``, with its page and the code points in
the reason).  Tabs stay (they separate table cells); a control that is white
space (vertical tab, form feed, U+001C–U+001F, U+0085) becomes a space, so the
words on both sides stay apart.  Zero-width characters are a repair of the
cleaning stage, not removed here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from ..model import Removal

__all__ = ["RE_CONTROL", "drop_controls", "strip_controls"]

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Control characters (not tab or newline) and bidi formatting codes.
RE_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]+")
_RE_BIDI = re.compile(f"[{_BIDI}]")


def _names(chars: str) -> str:
    seen = list(dict.fromkeys(chars))
    shown = [f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "")
                                   else "") for ch in seen[:4]]
    return ", ".join(shown) + (" …" if len(seen) > 4 else "")


def strip_controls(text: str, page: int | None = None) -> tuple[str, list[Removal]]:
    """``text`` without control and bidi characters, and the removals (one per line)."""
    if not RE_CONTROL.search(text):
        return text, []
    found: list[str] = []

    def one(m: re.Match[str]) -> str:
        found.append(m.group())
        return " " if any(ch.isspace() for ch in m.group()) else ""

    cleaned = RE_CONTROL.sub(one, text)
    chars = "".join(found)
    bidi = bool(_RE_BIDI.search(chars))
    what = ("bidi formatting" if bidi and not _RE_BIDI.sub("", chars) else
            "control and bidi formatting" if bidi else "control")
    spaced = sum(1 for run in found if any(ch.isspace() for ch in run))
    reason = f"{what} characters ({_names(chars)}): never a document's words"
    if spaced:
        reason += "; white-space controls became a space"
    return cleaned, [Removal("control", chars, page, reason, replacement=" " if spaced else "")]


def drop_controls(raw: Any) -> Any:
    """The reader's output with no control or bidi character in its lines (each logged)."""
    if not any(RE_CONTROL.search(line.text) for line in raw.lines):
        return raw
    lines = []
    removed = list(raw.removed)
    for line in raw.lines:
        text, log = strip_controls(line.text, line.page)
        removed.extend(log)
        if text is line.text:
            lines.append(line)
        elif text.strip():
            lines.append(replace(line, text=text))
    return replace(raw, lines=lines, removed=removed)
