"""Terminal-safe output for untrusted strings: document text and file names.

A document or a file name may hold ESC sequences, CR, NUL, bidi overrides or a
newline (see :mod:`policytext.visible`).  A name or text the CLI formats into a
line goes through :func:`safe`, which replaces each such character by a visible
escape (``\\x1b``, ``\\r``, ``\\n``, ``\\u202e``).

:func:`safe_json` does the same for JSON output (as JSON escapes, so the data
is unchanged for a JSON reader); :class:`ProgressBar` draws the ingest
progress line with the name made safe.

:func:`guarded` is the one place that makes this hold for every command:
:func:`policytext.cli.main` runs each command with ``sys.stdout`` and
``sys.stderr`` wrapped in a :class:`TerminalStream`, so whatever a command
prints — reports, messages, errors — has its control and bidi characters
escaped, whether or not the command thought of it.  On stdout a newline and a
tab stay layout; on stderr each write is one line (a newline inside a message,
from a file name, is escaped), so one failure is one line.  Only the progress
bars draw with ``\r`` and ESC, through :meth:`TerminalStream.write_raw`.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from ..visible import escape_controls

__all__ = ["safe", "safe_json", "ProgressBar", "TerminalStream", "guarded", "write_raw"]

# What json.dumps leaves raw: it escapes U+0000–U+001F itself (a raw \n is layout).
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069\ufeff\ud800-\udfff]")


_SURROGATE = re.compile("[\ud800-\udfff]")


def safe(value: object) -> str:
    """``str(value)`` with every control, bidi or undecodable character escaped visibly.

    >>> safe("a\\x1b[2Jb\\nc\\u202e")
    'a\\\\x1b[2Jb\\\\nc\\\\u202e'
    """
    return escape_controls(str(value))


def safe_json(text: str) -> str:
    """JSON text with the characters JSON leaves raw (DEL, C1, bidi) as ``\\uXXXX``.

    ``json.dumps`` already escapes U+0000–U+001F; a reader gets the same data back.
    """
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # all in the BMP


class TerminalStream:
    """A text stream that escapes what it is given before passing it on.

    ``lines=True`` (stdout): newlines and tabs are layout, every other control or bidi
    character is escaped.  ``lines=False`` (stderr, messages): a write is one line, so a
    newline is escaped too, except one ending the write.  Anything else (``buffer``,
    ``isatty``, ``encoding``, ``flush`` …) is the wrapped stream's.
    """

    def __init__(self, stream, *, lines: bool):
        self._stream = stream
        self._lines = lines

    def write(self, text: str) -> int:
        if self._lines:  # a report: its line ends (\n, a CSV's \r\n) and tabs are layout,
            # and so is a byte-order mark opening it (a CSV for Excel)
            # a lone surrogate as \udcNN: still a JSON escape when the report is JSON
            bom = "\ufeff" if text.startswith("\ufeff") else ""
            text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text[len(bom):])
            return self._stream.write(bom + escape_controls(text, keep="\n\r\t"))
        end = "\n" if text.endswith("\n") else ""
        body = text[:-1] if end else text
        return self._stream.write(escape_controls(body, keep="\t") + end)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def write_raw(self, text: str) -> int:
        """Write ``text`` as it is: only for the CLI's own terminal drawing."""
        return self._stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def write_raw(stream, text: str) -> None:
    """Write the CLI's own drawing (``\r``, ESC[K) unescaped, through a TerminalStream."""
    getattr(stream, "write_raw", stream.write)(text)


class guarded:  # noqa: N801 - used as a context manager, like contextlib's helpers
    """``with guarded(): …`` — sys.stdout and sys.stderr escaped (see TerminalStream)."""

    def __enter__(self):
        self._saved = sys.stdout, sys.stderr
        sys.stdout = TerminalStream(sys.stdout, lines=True)
        sys.stderr = TerminalStream(sys.stderr, lines=False)
        return self

    def __exit__(self, *exc) -> None:
        sys.stdout, sys.stderr = self._saved


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
        write_raw(self.stream, f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
                               f"{done}/{total} {name}\033[K" + ("\n" if done >= total else ""))
        self.stream.flush()
