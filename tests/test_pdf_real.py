"""The real PDFs of ../shared/corpora/real-files lose no line of body text.

Reference: pdfplumber's own ``extract_text()``, line by line.  Every one of its
lines must be found in the parsed text, compared without whitespace and folded
(NFKC, look-alike radicals), or be accounted for by what the reader logged
(page numbers, watermarks, headers).
"""

from __future__ import annotations

import re

import pytest
from conftest import need_shared

import policytext
from policytext.patterns import cn_to_int, fold

NAMES = ("中华人民共和国网络安全法.pdf", "党政机关公文格式.pdf",
         "2_第十届“LSCAT杯江苏省笔译大赛通知2024.3.18.pdf")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


@pytest.fixture(scope="module")
def real_docs(shared_corpora):
    folder = shared_corpora / "real-files"
    docs = {}
    for name in NAMES:
        path = need_shared(folder / name)
        # the text layers as they are: GB/T 9704's figure pages are images, whose OCR
        # is tested (slow) in tests/test_ocr.py
        docs[name] = (path, policytext.read(path, ocr="never"))
    return docs


@pytest.mark.parametrize("name", NAMES)
def test_no_body_line_lost(real_docs, name):
    import pdfplumber

    path, doc = real_docs[name]
    text = _key(doc.text)
    logged = [_key(r.text) for r in doc.removed if r.kind != "space" and r.text.strip()]
    lines = missing = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for line in (page.extract_text() or "").splitlines():
                key = _key(line)
                if not key:
                    continue
                lines += 1
                if key in text or key in logged:
                    continue
                rest = key
                for piece in logged:  # a line partly furniture (e.g. a logo beside text)
                    if piece and piece in rest:
                        rest = rest.replace(piece, "", 1)
                if rest and rest not in text:
                    missing += 1
                    print("missing", page.page_number, line)
    print(f"{name}: {lines} lines of extract_text, {missing} missing, "
          f"{len(doc.removed)} removals logged")
    assert lines > 100
    assert missing == 0
    assert doc.status == "ok"


def test_cybersecurity_law_articles_once_in_order(real_docs):
    _, doc = real_docs["中华人民共和国网络安全法.pdf"]
    numbers = [cn_to_int(m.group(1))
               for m in re.finditer(r"(?m)^第([一二三四五六七八九十百零]+)条", doc.text)]
    assert numbers == list(range(1, 80))  # the law has 79 articles
    articles = [it.ordinal for it in doc.iter_items(deep=True) if it.kind == "article"]
    assert articles == list(range(1, 80))


def test_page_numbers_logged_with_pages(real_docs):
    """The notice (bare ``1``) and the standard (``–– - 1 - ––``) number every page; the
    law prints none."""
    for name, (_, doc) in real_docs.items():
        pages = [r.page for r in doc.removed if r.kind == "page_number"]
        expected = [] if "网络安全法" in name else list(range(1, doc.pages + 1))
        assert pages == expected, name


def test_lscat_notice_outline(real_docs):
    _, doc = real_docs["2_第十届“LSCAT杯江苏省笔译大赛通知2024.3.18.pdf"]
    numbers = [s.number for s in doc.sections]
    assert numbers[:9] == ["一", "二", "三", "四", "五", "六", "七", "八", "九"]
    assert "www.lscat.cn" in doc.text  # the document's own address is not a link stamp
