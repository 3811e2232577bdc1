"""A bounded fuzz run: mutated PDFs never raise anything but a PolicyTextError.

Hypothesis edits small good PDFs (one Latin, one Chinese) — overwriting, inserting
and deleting bytes, often at the places parsers trust (xref offsets, /Length,
stream bodies, object numbers) — and reads each through the whole pipeline
(reader in its child process, cleaning, structure).  ``derandomize`` keeps the
run the same on every machine.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfgen import hello_pdf

import policytext
from policytext.errors import PolicyTextError
from policytext.read.limits import Limits
from policytext.records import Line

BASES = [hello_pdf(), hello_pdf(b"\\(nested\\) text 2025 (8)")]
HOTSPOTS = [sorted({m.start() for m in re.finditer(rb"\d+|/Length|stream|obj|xref|R\b", b)})
            for b in BASES]


@st.composite
def mutated_pdf(draw):
    k = draw(st.integers(0, len(BASES) - 1))
    data = bytearray(BASES[k])
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            at = draw(st.sampled_from(HOTSPOTS[k]))
        else:
            at = draw(st.integers(0, len(data) - 1))
        at = min(at, len(data) - 1)
        op = draw(st.sampled_from(["overwrite", "insert", "delete"]))
        blob = draw(st.binary(min_size=1, max_size=12) | st.sampled_from(
            [b"0", b"9999999999", b"-1", b"R", b"<<", b">>", b"[", b"endstream", b"%%EOF",
             b"/Filter /FlateDecode", b"obj", b"1 0 R"]))
        if op == "overwrite":
            data[at: at + len(blob)] = blob
        elif op == "insert":
            data[at:at] = blob
        else:
            del data[at: at + len(blob)]
    return bytes(data)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pdf())
def test_no_untyped_exception(data):
    try:
        doc = policytext.read_bytes(data, name="fuzz.pdf", limits=Limits(deadline=5))
    except PolicyTextError as exc:
        assert str(exc)
        return
    assert isinstance(doc.text, str)
    doc.to_json()  # the record serialises too


@pytest.mark.slow
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pdf())
def test_no_untyped_exception_in_process(data):
    """Without the child process, errors are mapped where they are raised."""
    try:
        policytext.read_bytes(data, name="fuzz.pdf", limits=Limits(deadline=5, isolate=False))
    except PolicyTextError:
        pass


_ALPHABET = st.sampled_from(list(
    "一二三四五六七八九十百〇零（）()、．.。，；：第章节条编是123456789 \u3000《》“”〔〕„‟"
    "http://w.c/a?b=1号年月日发抄送印附件：-—~·党委省市⼀"))
_LINE = st.builds(
    Line,
    text=st.text(_ALPHABET, max_size=30), page=st.integers(1, 4),
    indent=st.none() | st.booleans(), full=st.none() | st.booleans(),
    gap_before=st.booleans(), role=st.sampled_from(["", "title", "org_mark"]),
    centered=st.none() | st.booleans())


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=25))
def test_any_lines_a_reader_hands_on_build_a_document(lines):
    """Whatever lines the PDF reader produces, cleaning and structure do not raise."""
    from policytext.pipeline import build
    from policytext.records import RawDocument

    doc = build(RawDocument(lines=lines, format="pdf", pages=4), source="f.pdf")
    assert isinstance(doc.to_json(), str)
