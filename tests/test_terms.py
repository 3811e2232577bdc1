"""Terms: TF-IDF keywords per item and per document; quoted slogans with counts."""

from __future__ import annotations

import pytest

from policytext import terms


def test_seed_slogans_with_counts(seed_doc):
    got = terms.slogans(seed_doc)
    assert got[0] == ("四强", 2)
    counted = dict(got)
    assert counted["五聚焦五落实"] == 1 and counted["头雁领航"] == 1 and counted["三个一线"] == 1
    assert counted["党建+科创"] == 1 and counted["党建＋"] == 1
    assert len(got) == len(counted) == 41
    assert sum(counted.values()) == 42


def test_slogans_of_a_string_keep_first_seen_order_for_ties():
    assert terms.slogans("“乙”和“甲”，再说“甲”与“丙”") == [("甲", 2), ("乙", 1), ("丙", 1)]


def test_item_keywords(seed_doc):
    got = dict(terms.keywords(seed_doc, top_k=5))
    assert list(got) == [i.path for i in seed_doc.items]
    assert "第一议题" in [t for t, _ in got["一/1"]]
    assert "年轻党员" == got["一/4"][0][0]
    for pairs in got.values():
        weights = [w for _, w in pairs]
        assert weights == sorted(weights, reverse=True) and len(pairs) == 5
        assert not {t for t, _ in pairs} & terms.stopwords()


def test_document_keywords_against_a_corpus(seed_doc, shared_corpora):
    import policytext

    reports = shared_corpora / "national-work-reports"
    report = policytext.read(reports / "2014-国务院政府工作报告.txt")
    alone = [t for t, _ in terms.keywords(seed_doc, per="document", top_k=10)]
    against = [t for t, _ in terms.keywords(seed_doc, corpus=[report], per="document", top_k=10)]
    assert "科技社团" in alone and "科技社团" in against
    assert "发展" not in against  # a stop word
    assert alone != against  # the corpus's IDF pushes shared words down


def test_bad_per(seed_doc):
    with pytest.raises(ValueError, match="per must be"):
        terms.keywords(seed_doc, per="sentence")
