"""Acceptance 5 (non-PDF): characters in = characters kept + characters logged.

Over every non-PDF fixture the tests generate and every file of ../shared/corpora:
non-whitespace characters of the input (decoded text; for DOCX the paragraph
text with numbering labels as printed) equal those of ``Document.text`` plus
those of every ``Removal`` (a repair counts its original as logged and its
replacement as kept).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from docxmaker import build_docx, numbering_xml, para, table
from test_docx import _numbered_report
from test_structure import FIXTURES, LAW_MD
from test_txt_web import PAGE

import policytext
from policytext.patterns import count_visible
from policytext.pipeline import conservation
from policytext.read import load_bytes
from policytext.read.plain import decode


def _balance(data: bytes, name: str) -> tuple[int, int, policytext.Document]:
    doc = policytext.read_bytes(data, name=name)
    if name.endswith(".docx"):
        chars_in: str | int = load_bytes(data, name=name).chars_in  # type: ignore[assignment]
    else:
        chars_in = decode(data).text
    a, b = conservation(chars_in, doc)
    return a, b, doc


def _generated() -> dict[str, bytes]:
    out = {f"{k}.txt": v.encode("utf-8") for k, v in FIXTURES.items()}
    out["law.md"] = LAW_MD.encode("utf-8")
    out["law-gb18030.md"] = LAW_MD.encode("gb18030")
    out["page.web.txt"] = PAGE.encode("utf-8")
    out["page-utf16.web.txt"] = PAGE.encode("utf-16")
    out["numbered.docx"] = _numbered_report()
    out["table.docx"] = build_docx(para("来源：某报") + para("表前。") + table([["甲", "乙"]])
                                   + para("上行\n下行"))
    out["bullets.docx"] = build_docx(
        para("要点", num=(1, 0)) + para("细则", num=(1, 1)),
        numbering=numbering_xml({1: [(1, "bullet", "●"), (1, "decimalEnclosedCircle", "%2")]}))
    out["glyphs.txt"] = "一、总则\n⼀是加强学习，见 http://www.example.com/x 链接。\n".encode()
    return out


GENERATED = _generated()


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_fixtures_conserve(name):
    a, b, doc = _balance(GENERATED[name], name)
    assert a == b, name
    assert a > 0


def test_seed_copies_conserve(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    for enc in ("utf-8", "gb18030", "utf-16"):
        a, b, doc = _balance(text.encode(enc), f"seed-{enc}.txt")
        assert a == b, enc
        assert any(r.kind == "link" for r in doc.removed)


def _corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".docx", ".md")
                  and p.name != "README.md")


def test_every_shared_corpus_file_conserves(shared_corpora):
    files = _corpus_files(shared_corpora)
    assert len(files) == 32
    kinds: Counter[str] = Counter()
    for path in files:
        a, b, doc = _balance(path.read_bytes(), str(path))
        assert a == b, path.name
        kinds.update(r.kind for r in doc.removed)
    # what the pipeline drops from the corpora, by kind (each logged with its text)
    assert set(kinds) == {"web_furniture", "markup", "header", "space", "zero_width",
                          "page_number",  # the cached PAGE fields of the Word footers
                          "line_break"}  # a repair: no character of its own is lost
    # breaks a web page put around an inline element: 6 in 四川 (揭榜 ×3), 8 in 广东
    # (PM / 2.5 ×2, 主要目标, 主要预期目标)
    assert kinds["line_break"] == 14
    assert kinds["zero_width"] == 49  # 33 + 14 U+200B (2017, 2021), U+200D, U+200C
    assert kinds["header"] == 6  # one 来源 line per provincial DOCX


def test_corpus_documents_validate_against_schema(shared_corpora):
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources

    schema = json.loads(resources.files("policytext.data").joinpath("document.schema.json")
                        .read_text("utf-8"))
    for path in _corpus_files(shared_corpora)[::4]:
        doc = policytext.read(path)
        jsonschema.validate(json.loads(doc.to_json()), schema)
        assert policytext.Document.from_json(doc.to_json()) == doc


def test_a_dropped_line_would_be_caught():
    """The check is not vacuous: forget one removal and it fails."""
    a, b, doc = _balance(PAGE.encode("utf-8"), "page.web.txt")
    first = doc.removed[0]
    assert a == b and count_visible(first.text) > 0
    from dataclasses import replace

    forgetful = replace(doc, removed=doc.removed[1:])
    a2, b2 = conservation(decode(PAGE.encode("utf-8")).text, forgetful)
    assert a2 - b2 == count_visible(first.text)
