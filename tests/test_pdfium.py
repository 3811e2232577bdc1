"""The pdfium engine gives the same output as the pdfplumber engine.

Every PDF the tests generate (the gold in each layout and with each damage, the
hidden-text cases, the hostile files, the private-use and layered text layers,
tables, kinsoku, a law with its table of contents, a scan read by OCR) and every
PDF of the shared corpora is read with ``engine="pdfium"`` and with
``engine="pdfplumber"``: the whole outcome — the document (text, sections,
metadata, the removed log, warnings) or the error raised — must be the same.
The pdfium engine must also really be the one that reads the ordinary files
(not its fallback to pdfminer).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pdfgen import (
    Variant,
    hello_pdf,
    hostile_pdfs,
    layered_pdf,
    private_use_pdf,
    render,
)

import policytext
from policytext.errors import InputError, PolicyTextError

ROOT = Path(__file__).resolve().parent
GOLD = json.loads((ROOT / "data" / "seed-2025.json").read_text(encoding="utf-8"))


def _variants() -> dict:
    from test_hidden import PDF_CASES
    from test_pdf import VARIANTS

    cases = {f"gold-{k}": (lambda v=v: render(GOLD, v)[0]) for k, v in VARIANTS.items()}
    cases.update({f"hidden-{k}": (lambda d=d: render(GOLD, Variant(damages=d))[0])
                  for k, d in PDF_CASES.items()})
    return cases


def _others() -> dict:
    from test_pdf_kinsoku import _layout
    from test_pdf_kinsoku import _pdf as kinsoku_pdf
    from test_pdf_tables import _pdf as tables_pdf
    from test_real_shapes import _law_pdf

    cases = {f"hostile-{k}": (lambda d=d: d) for k, d in hostile_pdfs().items()}
    cases.update({
        "hello": hello_pdf,
        "private-use": private_use_pdf,
        "layered": layered_pdf,
        "kinsoku": lambda: kinsoku_pdf(_layout()),
        "table": tables_pdf,
        "law-with-contents": _law_pdf,
    })
    return cases


#: A few of each kind run in the fast suite; all of them in the slow one.
FAST = ("gold-layout-official", "gold-damage-fake_bold", "gold-damage-seal",
        "gold-layout-truetype", "hidden-pdf-all", "table", "hostile-truncated", "layered")


@cache
def _cases() -> dict:
    return {**_variants(), **_others()}


def _outcome(data: bytes, engine: str, *, ocr: str = "never") -> tuple:
    try:
        doc = policytext.read_bytes(data, name="fixture.pdf", engine=engine, ocr=ocr)
    except PolicyTextError as exc:
        return ("error", type(exc).__name__, str(exc))
    return ("ok", doc.to_dict())


def _same(data: bytes, *, ocr: str = "never") -> None:
    plumber = _outcome(data, "pdfplumber", ocr=ocr)
    pdfium = _outcome(data, "pdfium", ocr=ocr)
    assert pdfium == plumber


def _params() -> list:
    return [pytest.param(k, marks=() if k in FAST else pytest.mark.slow)
            for k in sorted(_cases())]


@pytest.mark.parametrize("key", _params())
def test_pdfium_engine_reads_every_fixture_as_pdfplumber(key):
    _same(_cases()[key]())


def _corpus_pdfs() -> list:
    from conftest import SHARED

    corpora = SHARED / "corpora"
    return sorted(corpora.rglob("*.pdf")) if corpora.is_dir() else []


@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.name)
def test_pdfium_engine_reads_every_corpus_pdf_as_pdfplumber(path):
    _same(path.read_bytes())


@pytest.mark.slow
def test_pdfium_engine_ocr_of_a_scan_as_pdfplumber():
    from scangen import gold_scan

    _same(gold_scan(GOLD, "official-200dpi", pages=1), ocr="auto")


@pytest.mark.parametrize("key", ["gold-layout-official", "gold-damage-fake_bold",
                                 "gold-damage-watermark_rotated", "hidden-pdf-all"])
def test_pdfium_really_reads_the_ordinary_files(key, monkeypatch):
    """No silent fallback: with pdfminer's reading made to fail, the pdfium engine still
    reads these files (in-process, so the stand-in is seen), the pdfplumber one not."""
    import importlib

    pdf = importlib.import_module("policytext.read.pdf")
    from policytext.read import load_bytes
    from policytext.read.limits import Limits

    def no_pdfminer(*args, **kwargs):
        raise AssertionError("pdfminer was asked to read")

    monkeypatch.setattr(pdf, "_text_layer", no_pdfminer)
    data = _cases()[key]()
    raw = load_bytes(data, name="f.pdf", engine="pdfium", ocr="never",
                     limits=Limits(isolate=False))
    assert raw.lines and raw.pages > 1
    with pytest.raises((AssertionError, PolicyTextError), match="pdfminer was asked"):
        load_bytes(data, name="f.pdf", engine="pdfplumber", ocr="never",
                   limits=Limits(isolate=False))


def test_unknown_engine_is_refused():
    with pytest.raises(InputError, match="unknown PDF engine 'mupdf'"):
        policytext.read_bytes(hello_pdf(), name="x.pdf", engine="mupdf")


def test_cli_engine_option(tmp_path, capsys):
    from policytext.cli import main

    path = tmp_path / "gold.pdf"
    path.write_bytes(_cases()["gold-layout-official"]())
    outs = []
    for engine in ("pdfplumber", "pdfium"):
        assert main(["parse", str(path), "--format", "json", "--engine", engine]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1] and json.loads(outs[0])["title"]
    assert main(["parse", str(path), "--engine", "mupdf"]) == 2
    assert "invalid choice: 'mupdf'" in capsys.readouterr().err


def test_pdfium_engine_gives_back_the_installed_fonts_for_rendering():
    """The engine reads with no installed font (policytext.read.pdfium._no_system_fonts:
    ten times faster with Noto CJK installed); OCR's rendering of a page set in a
    non-embedded CJK font draws the same pixels before and after such a reading (on a
    machine with no CJK font both draw boxes: then this cannot tell)."""
    from policytext.read.pdfium import pages
    from policytext.read.raster import render_pdf_page

    data = _cases()["gold-layout-official"]()
    before, _ = render_pdf_page(data, 0, dpi=50)
    n, it = pages(data)
    assert len(list(it)) == n
    after, _ = render_pdf_page(data, 0, dpi=50)
    assert after.tobytes() == before.tobytes()


def test_a_page_whose_text_page_fails_is_closed(monkeypatch):
    """pdfium loads the page but cannot make its text page: the page is closed, and the
    document is said to be damaged."""
    from policytext.errors import CorruptFileError
    from policytext.read import pdfium

    raw = pdfium._r()
    real_close = raw.FPDF_ClosePage
    closed = []
    monkeypatch.setattr(raw, "FPDFText_LoadPage", lambda page: None)
    monkeypatch.setattr(raw, "FPDF_ClosePage", lambda page: (closed.append(page),
                                                             real_close(page)))
    n, it = pdfium.pages(hello_pdf())
    with pytest.raises(CorruptFileError, match="page 1 cannot be read"):
        list(it)
    assert len(closed) == 1 and closed[0]


def test_fonts_given_back_once_a_parse_past_its_time_has_ended(monkeypatch):
    """A page pdfium parses for longer than PAGE_SECONDS is left to finish in its thread
    (the document goes to pdfminer); once it has ended, settle() closes what it loaded
    and gives pdfium the installed fonts again: OCR's rendering draws what it drew
    before (see the test above for a machine with no CJK font)."""
    import time

    from policytext.read import pdfium
    from policytext.read.raster import render_pdf_page

    page_data = _cases()["gold-layout-official"]()
    before, _ = render_pdf_page(page_data, 0, dpi=50)
    monkeypatch.setattr(pdfium, "PAGE_SECONDS", 0.001)
    n, it = pdfium.pages(hostile_pdfs()["million-operands"])
    with pytest.raises(pdfium.Unfaithful, match="takes more than"):
        list(it)
    assert pdfium._LATE
    parse = pdfium._LATE[0][0]
    for _ in range(200):  # (pdfium parses this page in a tenth of a second)
        if parse.done():
            break
        time.sleep(0.05)
    pdfium.settle()
    assert not pdfium._LATE
    after, _ = render_pdf_page(page_data, 0, dpi=50)
    assert after.tobytes() == before.tobytes()


# The compiled loops (policytext/read/_pdfium_loops.c) and the Python ones give the
# same glyphs, to the last bit of every number, on every fixture and corpus PDF.


def _built() -> bool:
    import importlib.util

    return importlib.util.find_spec("policytext.read._pdfium_loops") is not None


def _glyphs_of(data: bytes) -> tuple:
    from policytext.read import pdfium

    try:
        n, it = pdfium.pages(data)
        return ("ok", n, [(p.page_number, p.width, p.height, p.glyphs, p.grounds)
                          for p in it])
    except Exception as exc:  # (the same error either way, or the same glyphs)
        return ("error", type(exc).__name__, str(exc))


def _page_objects(doc) -> Iterator[tuple]:
    """``(pdfium functions, page index, _Objects of the page)`` for each page of an open
    ``pypdfium2.PdfDocument``, the page closed after its turn."""
    from policytext.read import pdfium

    raw = pdfium._r()
    for i in range(len(doc)):
        page = raw.FPDF_LoadPage(doc.raw, i)
        try:
            media = pdfium._page_box(raw, page, "FPDFPage_GetMediaBox") or (0, 0, 1, 1)
            ctm = pdfium._page_ctm((raw.FPDFPage_GetRotation(page) % 4) * 90, media)
            yield raw, i, pdfium._Objects(raw, page, ctm, {})
        finally:
            raw.FPDF_ClosePage(page)


def _objects_of(data: bytes) -> tuple:
    """What :class:`policytext.read.pdfium._Objects` finds on each page: every text
    object's drawing order, style (by value), CTM, place among its siblings, clip box,
    and the page's grounds (the compiled ``texts`` fills these in, or the Python walk)."""
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        return ("error", str(exc))
    out = []
    try:
        for _, _, o in _page_objects(doc):
            # (by drawing order: the handles differ from one opening to the next)
            texts = [(i, (t.font.name, t.size, t.m4, t.upright, t.mode, t.color),
                      o.ctm[k], o.clip[k], len(o.before[k][0]), o.before[k][1])
                     for k, i in o.order.items() if (t := o.info[k])]
            out.append((texts, o.grounds))
    finally:
        doc.close()
    return ("ok", out)


def _both_loops(monkeypatch, read, data: bytes) -> tuple:
    """``read(data)`` with the compiled loops, then with the Python ones (asked for by
    the environment, as a user without a compiler has them)."""
    from policytext.read import pdfium

    if not _built():
        pytest.skip("policytext.read._pdfium_loops was not built (no compiler at install)")
    monkeypatch.setattr(pdfium, "_LOOPS", [])
    compiled = read(data)
    assert None not in pdfium._LOOPS  # (empty: a file left to pdfminer before)
    monkeypatch.setattr(pdfium, "_LOOPS", [])
    monkeypatch.setenv("POLICYTEXT_PDFIUM_LOOPS", "python")
    python = read(data)
    assert pdfium._LOOPS in ([], [None])  # (empty: a file left to pdfminer before)
    return compiled, python


@pytest.mark.parametrize("key", [k for k in _params() if not k.values[0].startswith("hostile-")])
def test_compiled_loops_give_the_python_loops_glyphs(key, monkeypatch):
    compiled, python = _both_loops(monkeypatch, _glyphs_of, _cases()[key]())
    assert compiled == python  # (or the same Unfaithful: a page pdfium cannot give)


@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.name)
def test_compiled_loops_give_the_python_loops_glyphs_of_corpus_pdfs(path, monkeypatch):
    compiled, python = _both_loops(monkeypatch, _glyphs_of, path.read_bytes())
    assert compiled == python


@pytest.mark.parametrize("key", [k for k in _params() if not k.values[0].startswith("hostile-")])
def test_compiled_walk_finds_the_python_walks_text_objects(key, monkeypatch):
    compiled, python = _both_loops(monkeypatch, _objects_of, _cases()[key]())
    assert compiled == python


@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.name)
def test_compiled_walk_finds_the_python_walks_text_objects_of_corpus_pdfs(path, monkeypatch):
    compiled, python = _both_loops(monkeypatch, _objects_of, path.read_bytes())
    assert compiled[0] == "ok"
    assert compiled == python


@pytest.mark.parametrize("key", [k for k in _params() if k.values[0].startswith("hostile-")])
def test_compiled_loops_read_hostile_files_as_the_python_loops(key, monkeypatch):
    compiled, python = _both_loops(monkeypatch, lambda d: _outcome(d, "pdfium"),
                                   _cases()[key]())
    assert compiled == python


def _dropped_both(data: bytes) -> tuple[list, list]:
    """What the compiled ``dropped`` gives of every page's text objects (those of every
    other one in ``runs``, which it passes over) and what the Python code asks of each
    (:func:`policytext.read.pdfium._extent`, ``FPDFPageObj_GetMatrix``), by drawing order."""
    import pypdfium2

    from policytext.read import pdfium

    loops = pdfium._loops()
    doc = pypdfium2.PdfDocument(data)
    compiled, python = [], []
    try:
        for raw, _, o in _page_objects(doc):
            runs = {k: [] for k, j in o.order.items() if j % 2}
            compiled.extend((o.order[v[0]], *v[1:]) for v in loops.dropped(o.order, runs))
            for k, j in o.order.items():
                if k in runs:
                    continue
                m = raw.FS_MATRIX()
                own = (m.e, m.f) if raw.FPDFPageObj_GetMatrix(k, m) else (0.0, 0.0)
                python.append((j, *pdfium._extent(k, o.info[k])[0], *own))
    finally:
        doc.close()
    return compiled, python


@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.name)
def test_compiled_dropped_asks_what_the_python_code_asks(path):
    """The bounds and own e, f that ``_restore_dropped`` takes of ``dropped``, object by
    object, to the last bit, where the Python code asks them one by one."""
    if not _built():
        pytest.skip("policytext.read._pdfium_loops was not built (no compiler at install)")
    compiled, python = _dropped_both(path.read_bytes())
    assert python and len({v[1:] for v in python}) > 1
    assert compiled == python


@pytest.mark.parametrize("path", _corpus_pdfs(), ids=lambda p: p.name)
def test_fonts_faces_carried_from_the_page_before_give_the_same_glyphs(path, monkeypatch):
    """A font of the page before (open while the next is read) is not asked its name and
    descent again (:class:`policytext.read.pdfium._Carry`): the glyphs are those of
    asking every page's fonts anew."""
    from policytext.read import pdfium

    asked = []
    face = pdfium._face
    monkeypatch.setattr(pdfium, "_face", lambda raw, handle: (asked.append(1),
                                                             face(raw, handle))[1])
    carried = _glyphs_of(path.read_bytes())
    n_carried = len(asked)
    page_glyphs = pdfium._page_glyphs
    monkeypatch.setattr(pdfium, "_page_glyphs", lambda *a: page_glyphs(*a[:6], None))
    anew = _glyphs_of(path.read_bytes())
    assert carried[0] == "ok"
    assert carried == anew
    if carried[1] > 1:
        assert 0 < n_carried < len(asked) - n_carried


def test_compiled_loops_are_built_where_there_is_a_compiler():
    """``pip install`` builds them (optional: an install without a C compiler still
    works, with the Python loops); where a compiler is found they must be there."""
    import shutil
    import sysconfig

    cc = (sysconfig.get_config_var("CC") or "").split()
    if not cc or shutil.which(cc[0]) is None:
        pytest.skip("no C compiler here: the Python loops are the engine's")
    assert _built()
