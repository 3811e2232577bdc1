"""The command line: thin commands over the library.

Each module in this package defines ``register(subparsers)``; a command parses
its options, calls one public function and prints.  Library errors become one
line ``error: …`` on stderr and exit code 2; a batch that went on past bad
files exits 1.  Set ``POLICYTEXT_DEBUG=1`` to see tracebacks.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from ..errors import PolicyTextError

__all__ = ["main", "build_parser", "add_ocr_option", "ocr_kwargs", "count"]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = _Parser(prog="policytext",
                     description="Chinese policy documents into structured, searchable, "
                                 "comparable data.")
    parser.add_argument("--version", action="version", version=f"policytext {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from ._output import guarded

    with guarded():  # every line printed, usage errors too, is escaped (see cli/_output.py)
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except PolicyTextError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for users; POLICYTEXT_DEBUG shows it
        if os.environ.get("POLICYTEXT_DEBUG"):
            raise
        print(f"error: internal error ({type(exc).__name__}): {_one_line(exc)}", file=sys.stderr)
        return 2


def _one_line(exc: BaseException) -> str:
    """The message on one line, control characters escaped (it may quote a file name)."""
    from ._output import safe

    return safe(" ".join(str(exc).split()) or type(exc).__name__)


def write_output(text: str, path: str | None) -> None:
    """Write to ``path`` (UTF-8, whole or not at all) or stdout."""
    if path:
        from .._atomic import write_atomic

        try:
            write_atomic(path, text)  # a full disk leaves no 0-byte file behind
        except OSError as exc:
            from ..errors import InputError

            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(text)


def count(lo: int = 1, hi: int = 1_000_000_000):
    """An argparse ``type``: a whole number from ``lo`` to ``hi``, else a usage error (one
    line, exit 2) — not a silent empty result for ``-1`` nor an overflow deep in SQLite."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range ({lo} to {hi:,})")
        return value

    parse.__name__ = "count"  # argparse names the type in its message
    return parse


def add_ocr_option(p: argparse.ArgumentParser) -> None:
    """``--ocr auto|always|never`` and ``--engine pdfium|pdfplumber`` for a command that
    reads documents."""
    p.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                   help="read pages by OCR: auto (pages with no or a garbled text layer, "
                        "the default), always (every page), never")
    p.add_argument("--engine", choices=("pdfium", "pdfplumber"), default="pdfium",
                   help="where a PDF's characters come from: pdfium (the default, faster) "
                        "or pdfplumber; the output is the same")


def ocr_kwargs(args: argparse.Namespace) -> dict:
    """The reading options of ``--ocr``: the mode, and on a terminal a progress bar for
    the OCR'd pages of a scan."""
    kw: dict = {"ocr": getattr(args, "ocr", "auto"),
                "engine": getattr(args, "engine", "pdfium")}
    if kw["ocr"] != "never" and sys.stderr.isatty():
        kw["progress"] = _OcrProgress(sys.stderr)
    return kw


class _OcrProgress:
    """``OCR [#####.....] 3/9 pages`` on stderr, for scans of two pages or more."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int) -> None:
        if total < 2:
            return
        filled = 30 * done // total
        from ._output import write_raw

        write_raw(self.stream, f"\rOCR [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} "
                               "pages" + ("\n" if done >= total else "\033[K"))
        self.stream.flush()
