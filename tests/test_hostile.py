"""Hostile PDFs end within their deadline as text or as one typed error.

The set is generated in tests/pdfgen.py (hand-written PDF syntax): a Flate bomb,
millions of operands, 60,000 glyphs on a page, loops in the page tree, the
XObjects, /Length and the xref chain, shifted and absurd xref pointers, an
unknown security handler, deep nesting; then byte-level mutants (fixed seed)
of small good files.  Deadlines are short here to keep the run modest.
"""

from __future__ import annotations

import io
import random
import time

import pytest
from limitshelp import START_METHODS, hoard
from pdfgen import hello_pdf, hostile_pdfs

import policytext
from policytext.errors import (
    CorruptFileError,
    LimitError,
    PolicyTextError,
    TooLargeError,
    TooSlowError,
    UnsupportedFormatError,
)
from policytext.read.limits import Limits, ReaderFailure

DEADLINE = 4.0
HOSTILE = hostile_pdfs()


def _outcome(data: bytes, name: str, limits: Limits) -> tuple[str, float, BaseException | None]:
    start = time.monotonic()
    try:
        doc = policytext.read_bytes(data, name=name, limits=limits)
    except PolicyTextError as exc:
        return type(exc).__name__, time.monotonic() - start, exc
    assert isinstance(doc.text, str)
    return "text", time.monotonic() - start, None


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_case_ends_in_time_typed(case):
    kind, elapsed, exc = _outcome(HOSTILE[case], f"{case}.pdf", Limits(deadline=DEADLINE))
    assert elapsed < 2 * DEADLINE + 1, (case, elapsed)
    if exc is not None:
        assert "\n" not in str(exc).strip() and str(exc)
        # the original cause travels with the typed error (across the process boundary)
        assert exc.__cause__ is None or isinstance(exc.__cause__, (ReaderFailure,
                                                                    PolicyTextError))
    print(case, kind, f"{elapsed:.2f}s")


@pytest.mark.parametrize("method", START_METHODS)
def test_flate_bomb_is_too_large(method):
    with pytest.raises(TooLargeError, match="inflates beyond") as info:
        policytext.read_bytes(HOSTILE["flate-bomb"], name="bomb.pdf",
                              limits=Limits(start_method=method))
    assert isinstance(info.value.__cause__, ReaderFailure)


def test_flate_bomb_document_total_cap():
    limits = Limits(max_stream_bytes=512 * 1024 * 1024, max_document_bytes=32 * 1024 * 1024)
    with pytest.raises(TooLargeError, match="per-document"):
        policytext.read_bytes(HOSTILE["flate-bomb"], name="bomb.pdf", limits=limits)


@pytest.mark.parametrize("method", START_METHODS)
def test_operand_flood_hits_the_deadline(method):
    start = time.monotonic()
    with pytest.raises(TooSlowError, match=r"^ops.pdf: reading took longer than the 1 s "
                                           r"deadline$"):
        policytext.read_bytes(HOSTILE["million-operands"], name="ops.pdf",
                              limits=Limits(deadline=1.0, start_method=method))
    # a spawned interpreter's start is not counted in the deadline, but it is bounded
    assert time.monotonic() - start < 2 * 1.0 + (1.0 if method == "fork" else 10.0)


def test_glyph_flood_hits_the_page_cap():
    with pytest.raises(TooLargeError, match="characters"):
        policytext.read_bytes(HOSTILE["60k-glyphs"], name="glyphs.pdf",
                              limits=Limits(max_chars_per_page=20_000, deadline=30))


@pytest.mark.parametrize("method", START_METHODS)
def test_memory_cap(method):
    """A reader that allocates without end is stopped by the child's address-space cap,
    whether the child is forked or spawned (``hoard`` pickles by name, so it reaches both)."""
    from policytext.read.limits import run_limited

    with pytest.raises(TooLargeError, match=r"^greedy needs more memory than the reading "
                                            r"limit allows$"):
        run_limited(hoard, name="greedy", limits=Limits(max_memory_bytes=256 * 1024 * 1024,
                                                        deadline=20, start_method=method))


def test_unknown_encryption_is_typed():
    with pytest.raises(UnsupportedFormatError, match="encryption|unsupported"):
        policytext.read_bytes(HOSTILE["unknown-encryption-filter"], name="enc.pdf")


def test_loops_are_typed_or_read():
    for case in ("length-points-to-itself", "xref-prev-loop"):
        with pytest.raises(CorruptFileError):
            policytext.read_bytes(HOSTILE[case], name=f"{case}.pdf")
    for case in ("page-tree-loop", "self-referencing-xobject", "absurd-startxref"):
        doc = policytext.read_bytes(HOSTILE[case], name=f"{case}.pdf")
        assert doc.text


def test_in_process_mode_is_typed_too():
    """Without a child process the same caps apply and errors are mapped in place."""
    limits = Limits(isolate=False, deadline=DEADLINE)
    with pytest.raises(TooLargeError):
        policytext.read_bytes(HOSTILE["flate-bomb"], name="bomb.pdf", limits=limits)
    with pytest.raises(CorruptFileError) as info:
        policytext.read_bytes(HOSTILE["xref-prev-loop"], name="loop.pdf", limits=limits)
    assert isinstance(info.value.__cause__, RecursionError)
    with pytest.raises(LimitError):
        policytext.read_bytes(HOSTILE["60k-glyphs"], name="glyphs.pdf",
                              limits=Limits(isolate=False, max_chars_per_page=10_000))


# ---------------------------------------------------------------------------
# Byte-level mutants of good files


def _small_cjk_pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("STSong-Light", 16)
    for k, line in enumerate(["苏科技社团党发〔2025〕8号", "一、突出政治引领",
                              "1．深入学习贯彻习近平总书记重要讲话精神。", "— 1 —"]):
        c.drawString(72, 760 - 30 * k, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def _mutants(seed: int, count: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    bases = [("hello", hello_pdf()), ("cjk", _small_cjk_pdf())]
    out = []
    for k in range(count):
        name, data = bases[k % len(bases)]
        buf = bytearray(data)
        op = rng.choice(("flip", "delete", "insert", "duplicate", "digit", "truncate"))
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(buf))
            if op == "flip":
                buf[i] ^= 1 << rng.randrange(8)
            elif op == "delete":
                del buf[i: i + rng.randint(1, 64)]
            elif op == "insert":
                buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
            elif op == "duplicate":
                j = rng.randrange(len(buf))
                buf[i:i] = buf[j: j + rng.randint(1, 200)]
            elif op == "digit":
                digits = [m for m in range(len(buf)) if 48 <= buf[m] <= 57]
                m = rng.choice(digits)
                buf[m] = 48 + rng.randrange(10)
            else:
                buf = buf[: rng.randrange(len(buf))] + b"\n%%EOF\n"
                break
        out.append((f"{name}-{op}-{k}", bytes(buf)))
    return out


@pytest.mark.slow
def test_mutants_end_as_text_or_typed_error():
    counts: dict[str, int] = {}
    # a mutant pdfminer cannot parse may still render: its one page is then read by OCR,
    # which has a deadline of its own (ocr_deadline) beside the reading's
    limits = Limits(deadline=DEADLINE, ocr_deadline=DEADLINE)
    worst = 0.0
    for name, data in _mutants(seed=20251230, count=300):
        kind, elapsed, exc = _outcome(data, f"{name}.pdf", limits)
        assert elapsed < 3 * DEADLINE + 1, name
        worst = max(worst, elapsed)
        counts[kind] = counts.get(kind, 0) + 1
    print("mutants:", dict(sorted(counts.items())), f"slowest {worst:.2f}s")
    assert sum(counts.values()) == 300
    assert counts.get("text", 0) > 0 and len(counts) > 2  # the mutants really vary
