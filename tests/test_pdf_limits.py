"""Reading limits: typed errors across the process boundary, in time."""

from __future__ import annotations

import time

import pytest

from policytext.errors import CorruptFileError, PasswordError, TooLargeError, TooSlowError
from policytext.read.limits import Budget, Limits, ReaderFailure, map_exception, run_limited


def _sleep(seconds, *, budget):
    time.sleep(seconds)
    return "late"


def _raise(exc, *, budget):
    raise exc


def test_defaults_and_validation():
    lim = Limits()
    assert lim.deadline == 60.0 and lim.isolate
    assert lim.max_stream_bytes <= lim.max_document_bytes
    with pytest.raises(ValueError, match="deadline"):
        Limits(deadline=0)
    with pytest.raises(ValueError, match="max_chars_per_page"):
        Limits(max_chars_per_page=-1)


def test_result_comes_back():
    assert run_limited(_sleep, 0.0, limits=Limits(deadline=5)) == "late"


def test_deadline_kills_within_twice_the_limit():
    start = time.monotonic()
    with pytest.raises(TooSlowError, match="0.5 s deadline"):
        run_limited(_sleep, 30, limits=Limits(deadline=0.5), name="slow.pdf")
    assert time.monotonic() - start < 2 * 0.5 + 1.0  # killed, not waited for


@pytest.mark.parametrize("exc, typed", [
    (IndexError("list index out of range"), CorruptFileError),
    (KeyError("Root"), CorruptFileError),
    (TypeError("unsupported operand"), CorruptFileError),
    (ValueError("bad value"), CorruptFileError),
    (RecursionError("maximum recursion depth exceeded"), CorruptFileError),
    (MemoryError(), TooLargeError),
])
def test_untyped_errors_are_mapped_with_cause(exc, typed):
    with pytest.raises(typed) as info:
        run_limited(_raise, exc, limits=Limits(deadline=5), name="x.pdf")
    cause = info.value.__cause__
    if not isinstance(exc, MemoryError):
        assert isinstance(cause, ReaderFailure) and cause.type_name == type(exc).__name__
        assert "x.pdf" in str(info.value)
    # and in-process, the original itself is the cause
    with pytest.raises(typed) as info:
        run_limited(_raise, exc, limits=Limits(isolate=False), name="x.pdf")
    assert info.value.__cause__ is exc


def test_zlib_and_pdfminer_errors_are_mapped():
    import zlib

    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psexceptions import PSEOF

    assert isinstance(map_exception(zlib.error("bad data")), CorruptFileError)
    assert isinstance(map_exception(PSEOF("Unexpected EOF")), CorruptFileError)
    assert isinstance(map_exception(PDFPasswordIncorrect()), PasswordError)


def test_budget_counts_bytes_and_chars():
    budget = Budget(Limits(max_document_bytes=100, max_chars_per_page=3), "b.pdf")
    budget.add_bytes(60)
    with pytest.raises(TooLargeError, match="per-document"):
        budget.add_bytes(60)
    budget.new_page()
    for _ in range(3):
        budget.add_char()
    with pytest.raises(TooLargeError, match="3 characters"):
        budget.add_char()
