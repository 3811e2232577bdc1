"""Visible escapes for the characters a terminal or a page must never get raw.

A document or a file name may hold ESC sequences (clear the screen, set a window
title), CR (overwrite a line), BEL, NUL, bidi overrides (U+202E shows a name
backwards) or a newline (forge a second line of a report).  The stored text keeps
them (faithful text); what is printed or served shows each as an escape:
``\\x1b``, ``\\r``, ``\\n``, ``\\u202e``.  DEL and C1 controls become ``\\u007f``
… ``\\u009f`` and a lone surrogate ``\\udXXX`` — also JSON escapes, so escaping a
JSON text leaves it valid JSON with the same data; a surrogate-escaped byte of a
name that was not UTF-8 shows as ``\\xNN``.

:func:`escape_controls` is the one escaping; ``keep`` names what is layout in the
text at hand (a report's newlines and tabs).  :func:`visible_markup` is the form
for an HTML page: inside text, attributes, scripts and styles an escape is plain
visible text (or the same JS/CSS escape), never a raw control.
"""

from __future__ import annotations

import re

__all__ = ["escape_controls", "visible_markup", "UNSAFE_CHARS"]

#: C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides,
#: isolates and marks, the BOM, and lone surrogates (a name the OS could not decode).
UNSAFE_CHARS = ("\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                "\u2066-\u2069\ufeff\ud800-\udfff")
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_PATTERNS: dict[str, re.Pattern] = {"": _UNSAFE}


def _escape(m: re.Match) -> str:
    c = m.group()
    if c in _NAMED:
        return _NAMED[c]
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def _pattern(keep: str) -> re.Pattern:
    pat = _PATTERNS.get(keep)
    if pat is None:
        # a kept "\r" is layout only as part of "\r\n" (a CSV line end)
        lone_cr = "|\r(?!\n)" if "\r" in keep else ""
        kept = "".join(re.escape(c) for c in keep)
        pat = _PATTERNS[keep] = re.compile(f"(?![{kept}])[{UNSAFE_CHARS}]{lone_cr}")
    return pat


def escape_controls(text: str, *, keep: str = "") -> str:
    """``text`` with every control, bidi or undecodable character escaped visibly,
    except the layout characters in ``keep`` (e.g. ``"\\n\\t"``).

    >>> escape_controls("a\\x1b[2Jb\\nc\\u202e")
    'a\\\\x1b[2Jb\\\\nc\\\\u202e'
    >>> escape_controls("a\\nb\\x85", keep="\\n")
    'a\\nb\\\\u0085'
    """
    return _pattern(keep).sub(_escape, text)


def visible_markup(page: str) -> str:
    """An HTML page (already HTML-escaped) with no raw control or bidi character left:
    each shows as its escape, as text; the page's own newlines and tabs stay."""
    return escape_controls(page, keep="\n\t")
