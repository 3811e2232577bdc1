"""Real documents, whole (issue 10): every body sentence in an addressable unit, scored
against structure labels a helper wrote by hand without seeing the code
(``tests/data/structure``, see :mod:`tests.structure_truth`)."""

from __future__ import annotations

import re

import pytest

import policytext
from policytext.errors import PolicyTextError
from tests.conftest import SHARED_CORPORA
from tests.structure_truth import (
    UNIT_FILES,
    corpus_files,
    coverage,
    load_files,
    load_units,
    squeeze,
    unit_score,
)

_ALL = [p.relative_to(SHARED_CORPORA).as_posix() for p in sorted(SHARED_CORPORA.rglob("*"))
        if p.is_file() and p.name != "README.md"] if SHARED_CORPORA.exists() else []

# Known since the OFD reader met the coverage test (strict: an xfail that passes fails, so
# the marks go as soon as these read right): an invoice's red header lines are taken as a
# 发文机关标志, and an essay's byline (鲁迅) is joined into its title.
_KNOWN = {"ofd/发票示例.ofd": "an invoice's header read as the 发文机关标志",
          "ofd/拿来主义_page6.ofd": "the byline joined into the title"}
_ALL = [pytest.param(rel, marks=pytest.mark.xfail(reason=_KNOWN[rel], strict=True))
        if rel in _KNOWN else rel for rel in _ALL]


def test_labels_cover_every_readable_file(shared_corpora):
    labelled = {r["file"] for r in load_files()}
    assert labelled == {p.relative_to(shared_corpora).as_posix()
                        for p in corpus_files(shared_corpora)}


@pytest.mark.parametrize("rel", _ALL)
def test_every_body_sentence_is_in_an_item_or_the_preamble(shared_corpora, rel):
    """The share of body sentences (split on 。！？；, outline labels removed, headings and
    metadata lines left out) found inside some item or the preamble: 1.0 for every file."""
    try:
        doc = policytext.read(shared_corpora / rel)
    except PolicyTextError:
        if not rel.endswith(".ofd"):
            raise
        return  # an OFD file refused with a typed error (tests/test_ofd.py says which)
    share, lost = coverage(doc)
    assert lost == [] and share == 1.0


@pytest.mark.parametrize("name", sorted(UNIT_FILES))
def test_unit_boundaries_agree_with_the_hand_labels(shared_corpora, name):
    """Every labelled unit (a numbered item or an unnumbered paragraph) starts one of ours."""
    doc = policytext.read(shared_corpora / UNIT_FILES[name])
    score = unit_score(doc, load_units(name))
    assert score.missed == []
    assert score.recall == 1.0


def test_paragraph_items_of_the_2016_report(shared_corpora):
    doc = policytext.read(shared_corpora / UNIT_FILES["national-2016"])
    section = doc.sections[2]
    assert section.path == "三" and section.text == ""
    # the lead paragraphs (总体要求, the 预期目标, the policy stance) are items before （一）
    assert [it.path for it in section.items][:7] == [
        "三/¶1", "三/¶2", "三/¶3", "三/¶4", "三/¶5", "三/（一）", "三/（二）"]
    assert doc.item("三/¶2").text.startswith("今年发展的主要预期目标是：国内生产总值增长6.5%－7%")
    assert doc.item("三/¶2").kind == "paragraph" and doc.item("三/¶2").ordinal == 2
    # （八） ends where the report turns to the deputies: 民族, 国防, 港澳台, 外交 are paragraphs
    assert doc.item("三/（八）").text.splitlines()[-1].startswith("上下同欲者胜")
    assert [it.text[:6] for it in section.items[13:]] == [
        "各位代表！", "中华民族是一", "我们要全面贯", "我们要认真落", "各位代表！", "过去一年，国",
        "各位代表！", "我们将全面准", "我们要继续坚", "各位代表！", "我们将继续高"]
    assert [it.path for it in doc.sections[3].items] == ["closing/¶1", "closing/¶2"]


def test_a_run_of_one_paragraph_points_ends_with_its_last_point(shared_corpora):
    """一是…六是 are one paragraph each: the paragraph after 六是 opens a topic of its own."""
    doc = policytext.read(shared_corpora / UNIT_FILES["national-2016"])
    assert doc.item("一/六是").text.startswith("六是促进社会和谐稳定")
    assert "\n" not in doc.item("一/六是").text
    assert doc.item("一/¶9").text.startswith("我们深入开展“三严三实”专题教育")
    # a point with more paragraphs keeps them (二是 and its two topics)
    assert len(doc.item("一/二是").text.splitlines()) == 3


def test_a_law_article_keeps_its_paragraphs(shared_corpora):
    doc = policytext.read(shared_corpora / UNIT_FILES["科学技术普及法-2024"])
    last = doc.item("第一章/第十三条")
    assert len(last.text.splitlines()) == 2
    assert not any(it.kind == "paragraph" for it in doc.iter_items())


_NUMBER = re.compile(r"\d+(?:\.\d+)?%(?:[－—-]\d+(?:\.\d+)?%)?(?:左右|以上|以内)?")


@pytest.fixture(scope="module")
def national_db(tmp_path_factory, shared_corpora):
    from policytext import store

    db = tmp_path_factory.mktemp("national") / "national.db"
    store.ingest([shared_corpora / "national-work-reports"], db=db, tag=False)
    return db


_NATIONAL = [r for r in load_files() if r["file"].startswith("national-work-reports/")]


@pytest.mark.parametrize("label", _NATIONAL, ids=[r["file"][22:26] for r in _NATIONAL])
def test_targets_paragraph_found_by_search_with_its_number(national_db, label):
    """Each year's 预期目标 paragraph is an item: a search for its GDP figure finds it."""
    from policytext import store

    year = int(label["file"][22:26])
    number = _NUMBER.search(label["targets_quote"]).group()
    hits = store.search(national_db, f"国内生产总值增长{number}", year=year)
    assert hits, number
    assert any(squeeze(label["targets_quote"]) in squeeze(h.text) for h in hits)
