"""Terminal-safe output for untrusted strings: document text and file names.

A document or a file name may hold ESC sequences (clear the screen, set the
window title), CR (overwrite a line), NUL, bidi overrides (U+202E shows a
name backwards) or a newline (forge a second line of a report).  Everything
the CLI prints that came from a document or a file name goes through
:func:`safe` first, which replaces each such character by a visible escape
(``\\x1b``, ``\\r``, ``\\n``, ``\\u202e``); a path that was not UTF-8
(surrogate-escaped by the OS layer) shows its bytes as ``\\xNN``.

:func:`safe_json` does the same for JSON output (as JSON escapes, so the data
is unchanged for a JSON reader); :class:`ProgressBar` draws the ingest
progress line with the name made safe.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

__all__ = ["safe", "safe_json", "ProgressBar"]

# C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides,
# isolates and marks, and lone surrogates (a name the OS could not decode).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ufeff\ud800-\udfff]")
# What json.dumps leaves raw: it escapes U+0000–U+001F itself (a raw \n is layout).
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069\ufeff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match) -> str:
    c = m.group()
    if c in _NAMED:
        return _NAMED[c]
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(value: object) -> str:
    """``str(value)`` with every control, bidi or undecodable character escaped visibly.

    >>> safe("a\\x1b[2Jb\\nc\\u202e")
    'a\\\\x1b[2Jb\\\\nc\\\\u202e'
    """
    return _UNSAFE.sub(_escape, str(value))


def safe_json(text: str) -> str:
    """JSON text with the characters JSON leaves raw (DEL, C1, bidi) as ``\\uXXXX``.

    ``json.dumps`` already escapes U+0000–U+001F; a reader gets the same data back.
    """
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # all in the BMP


class ProgressBar:
    """A one-line progress bar on a stream (stderr): ``[#####.....] 12/200 name``."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self._last = 0.0

    def __call__(self, done: int, total: int, path: str) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.width * done / total) if total else self.width
        name = safe(Path(path).name)
        if len(name) > 30:
            name = "…" + name[-29:]
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{done}/{total} {name}\033[K")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
