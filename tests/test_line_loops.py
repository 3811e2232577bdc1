"""The compiled line building (policytext/read/_line_loops.c) gives what the Python code
of policytext/read/pdf.py gives.

Every PDF fixture of tests/test_pdfium.py and every corpus PDF is read with the compiled
glyph and passes and with the Python ones (``POLICYTEXT_LINE_LOOPS=python``, as a user
without a compiler has them), with each engine: the reader's whole outcome (every line
with its box, to the last bit of every number, the removed log, the warnings, or the
error) must be the same.  Lines made up here check the cases a fixture may not have
(an overprint, cells, a letter-spaced word, a NaN coordinate, an integer one).
"""

from __future__ import annotations

import importlib.util
import math

import pytest
from test_pdfium import GOLD, _cases, _corpus_pdfs, _params

from policytext.errors import PolicyTextError
from policytext.read import load_bytes, pdf


def _built() -> bool:
    return importlib.util.find_spec("policytext.read._line_loops") is not None


def _raw(data: bytes, engine: str, ocr: str = "never") -> tuple:
    try:
        raw = load_bytes(data, name="fixture.pdf", engine=engine, ocr=ocr)
    except PolicyTextError as exc:
        return ("error", type(exc).__name__, str(exc))
    return ("ok", repr(raw))  # (repr: every float to its last bit, NaN equal to NaN)


def _both(monkeypatch, data: bytes, engine: str, ocr: str = "never") -> tuple:
    """The outcome with the compiled line building, then with the Python one (resolved
    here, before the reader's child process is forked from this one)."""
    if not _built():
        pytest.skip("policytext.read._line_loops was not built (no compiler at install)")
    monkeypatch.setattr(pdf, "_LINES", [])
    assert pdf._line_loops() is not None
    compiled = _raw(data, engine, ocr)
    monkeypatch.setattr(pdf, "_LINES", [])
    monkeypatch.setenv("POLICYTEXT_LINE_LOOPS", "python")
    assert pdf._line_loops() is None
    python = _raw(data, engine, ocr)
    return compiled, python


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("key", _params())
def test_compiled_line_building_reads_every_fixture_as_the_python_one(key, engine,
                                                                      monkeypatch):
    compiled, python = _both(monkeypatch, _cases()[key](), engine)
    assert compiled == python


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.name)
def test_compiled_line_building_reads_every_corpus_pdf_as_the_python_one(path, engine,
                                                                         monkeypatch):
    compiled, python = _both(monkeypatch, path.read_bytes(), engine)
    assert compiled == python


@pytest.mark.slow
def test_compiled_line_building_reads_a_scan_by_ocr_as_the_python_one(monkeypatch):
    from scangen import gold_scan

    compiled, python = _both(monkeypatch, gold_scan(GOLD, "official-200dpi", pages=1),
                             "pdfium", ocr="auto")
    assert compiled == python


S, T, R = ("F", 12.0, False, False), ("G", 12.0, False, False), ("F", 12.0, True, True)

#: Lines as (text, x0, width, top, size, style) a glyph, in no particular order.
LINES = {
    "chinese": [(c, 10.0 + 12 * k, 12.0, 50.0, 12.0, S) for k, c in enumerate("为了规范公文")],
    "repeats": [(c, 10.0 + 12 * k, 12.0, 50.0, 12.0, S) for k, c in enumerate("的的一的了的")],
    "fake-bold": [(c, 10.0 + 12 * k + d, 12.0, 50.0 + d, 12.0, S)
                  for d in (0.0, 0.4) for k, c in enumerate("通知通知")],
    "cells": [("甲", 10.0, 12.0, 50.0, 12.0, S), ("乙", 22.0, 12.0, 50.0, 12.0, S),
              ("丙", 90.0, 12.0, 50.0, 12.0, S), ("丁", 200.0, 12.0, 50.0, 12.0, S)],
    "letter-spaced": [("通", 10.0, 12.0, 50.0, 12.0, S), ("知", 60.0, 12.0, 50.0, 12.0, S)],
    "latin": [(c, 10.0 + 6 * k, 6.0, 50.0, 12.0, S) for k, c in enumerate("GB/T 9704 号")],
    "digits": [(c, 10.0 + 6 * k, 6.0, 50.0, 12.0, S) for k, c in enumerate("2025年")],
    "space": [("一", 10.0, 12.0, 50.0, 12.0, S), ("\u3000", 22.0, 12.0, 50.0, 12.0, S),
              ("二", 34.0, 12.0, 50.0, 12.0, S)],
    "styles": [(c, 10.0 + 12 * k, 12.0, 50.0, 12.0, S if k % 3 else T)
               for k, c in enumerate("一二三四五六")],
    "red": [(c, 10.0 + 12 * k, 12.0, 50.0, 12.0, R) for k, c in enumerate("文件")],
    "ties": [("乙", 10.0, 12.0, 50.0, 12.0, S), ("甲", 10.0, 12.0, 50.0, 12.0, S),
             ("丙", -0.0, 12.0, 50.0, 12.0, S), ("丁", 0.0, 12.0, 50.0, 12.0, S)],
    "nan": [("甲", math.nan, 12.0, 50.0, 12.0, S), ("乙", 22.0, 12.0, 50.0, 12.0, S),
            ("丙", 10.0, 12.0, math.nan, 12.0, S)],
    "nan-gap": [(c, 10.0 + 6 * k, math.nan if k == 2 else 6.0, 50.0, 12.0, S)
                for k, c in enumerate("abcdefg")],
    "integers": [("甲", 10, 12, 50, 12, S), ("乙", 22.0, 12.0, 50.0, 12.0, S)],
    "ligature": [("ﬁ", 10.0, 6.0, 50.0, 12.0, S), ("fi", 16.0, 6.0, 50.0, 12.0, S)],
    "digits-in-another-font": [(c, 10.0 + 9 * k, 9.0, 50.0, 12.0, T if c.isdigit() else S)
                               for k, c in enumerate("第12条　2025年")],
    "stamp-over-text": [(c, 10.0 + 12 * k, 12.0, 50.0, 12.0, S)
                        for k, c in enumerate("正文正文正文")]
    + [(c, 14.0 + 8 * k, 8.0, 52.0, 10.0, T) for k, c in enumerate("www.gov")],
    "one-glyph-over-text": [("正", 10.0, 12.0, 50.0, 12.0, S), ("文", 22.0, 12.0, 50.0, 12.0, S),
                            ("x", 14.0, 6.0, 50.0, 12.0, T)],
    "latin-words": [(c, 10.0 + 6 * k + (3.0 if c == "|" else 0.0), 6.0, 50.0, 12.0, S)
                    for k, c in enumerate("Lead word|and|more")],
    "latin-cells": [(c, 10.0 + 6 * k + (60.0 if k > 2 else 0.0), 6.0, 50.0, 12.0, S)
                    for k, c in enumerate("abcdef")],
    "letter-spaced-latin": [(c, 10.0 + 9 * k, 6.0, 50.0, 12.0, S) for k, c in enumerate("ABCDEFG")],
    "spaces-only": [(" ", 10.0, 3.0, 50.0, 12.0, S), ("\u3000", 13.0, 12.0, 50.0, 12.0, T)],
    "two-lines": [(c, 10.0 + 12 * k, 12.0, 50.0 + 20 * (k % 2), 12.0 + k, S)
                  for k, c in enumerate("上下上下上下")],
}


def _glyphs(make, spec) -> list:
    return [make(text, x0, x0 + w, top, top + size, size, style, seq)
            for seq, (text, x0, w, top, size, style) in enumerate(spec)]


def _built_lines(make, spec) -> list:
    out = []
    for line in pdf._group(_glyphs(make, spec)):
        for dedup in (True, False):
            for page_style in (S, T, None):
                row, dup = pdf._row(list(line), 1, 800.0, page_style, dedup=dedup)
                out.append((repr(row), dup))
    return out


@pytest.mark.parametrize("name", sorted(LINES))
def test_compiled_group_and_row_give_the_python_rows(name, monkeypatch):
    if not _built():
        pytest.skip("policytext.read._line_loops was not built (no compiler at install)")
    from policytext.read import _line_loops

    spec = LINES[name]
    monkeypatch.setattr(pdf, "_LINES", [_line_loops])
    compiled = _built_lines(_line_loops.Glyph, spec)
    monkeypatch.setattr(pdf, "_LINES", [None])
    python = _built_lines(pdf._Glyph, spec)
    assert repr(compiled) == repr(python)  # (repr: NaN equal to NaN)
    glyphs = _glyphs(_line_loops.Glyph, spec)
    lines = _line_loops.group(glyphs)  # (None: a NaN or an integer, left to the Python code)
    if lines is not None:
        python = _glyphs(pdf._Glyph, spec)
        assert repr(lines) == repr(pdf._group(python))
        assert repr(glyphs) == repr(python)  # (both sorted in place the same way)


def test_compiled_glyph_is_the_python_glyph():
    if not _built():
        pytest.skip("policytext.read._line_loops was not built (no compiler at install)")
    from policytext.read import _line_loops

    args = ("字", 1.0, 2.0, 3.0, 4.0, 5.0, S)
    for made in (_line_loops.Glyph(*args), _line_loops.Glyph(*args, 7),
                 _line_loops.Glyph(*args[:6], style=S, seq=7)):
        python = pdf._Glyph(*args, seq=made.seq)
        assert repr(made) == repr(python)
        made.size = 6.0  # (OCR sets its glyphs' sizes and styles after making them)
        assert made.size == 6.0
    with pytest.raises(TypeError, match="7 or 8 arguments"):
        _line_loops.Glyph("字", 1.0)
    for field in ("text", "x0", "size", "style"):  # (a field deleted: left to Python, no crash)
        g = _line_loops.Glyph(*args)
        delattr(g, field)
        assert _line_loops.row([g], S, True, pdf._has_latin, pdf._is_latin, 1.5) is None
        assert _line_loops.ink([g]) is None or field in ("x0", "size")
        assert _line_loops.group([g]) is None or field in ("text", "x0", "style")
