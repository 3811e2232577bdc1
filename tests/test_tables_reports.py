"""Acceptance (issue 14, item 1) on the national government work reports of ../shared/corpora:
term counts are occurrences in the text, keyness leaves stop words out, theme shares by
characters sum to 1 per year, and the 2019 → 2021 pair is marked as a gap."""

from __future__ import annotations

import dataclasses

import pytest

from policytext.compare.tables import (
    changes_per_pair,
    keyness,
    keyness_per_pair,
    slogan_changes,
    table_stopwords,
    term_counts,
    term_frequencies,
    theme_shares,
)
from policytext.corpus import Corpus

TERMS = ["数字", "创新", "改革", "高质量发展", "就业", "一带一路", "减税降费", "各位代表"]


@pytest.fixture(scope="module")
def reports(shared_corpora):
    return Corpus.load(shared_corpora / "national-work-reports")


def _text(reports, year: int) -> str:
    """The document's text (the source with its wrapped lines joined: 政府工作报\n告)."""
    return next(e.doc.text for e in reports if e.year == year)


def test_term_counts_are_occurrences_in_the_text(reports):
    df = term_counts(reports, TERMS)
    for row in df.itertuples():
        assert row.occurrences == _text(reports, row.year).count(row.term), (row.year, row.term)
        assert row.documents == sum(row.term in e.doc.text for e in reports)
        doc = next(e.doc for e in reports if e.year == row.year)
        units = [doc.preamble] * bool(doc.preamble) + [i.text for i in doc.items]
        assert row.items == sum(row.term in u for u in units)
    # what a token count misses: 数字 inside 数字经济, 数字化 … (2022: 21 in the text)
    digits = df[(df["term"] == "数字") & (df["year"] == 2022)].iloc[0]
    assert digits.occurrences > digits.tokens
    top = term_frequencies(reports, top=20)
    for row in top.itertuples():
        assert row.occurrences == _text(reports, row.year).count(row.term)
    assert not set(top["term"]) & table_stopwords()


def test_keyness_2015_2019_has_no_stop_word_in_its_top_30(reports, capsys):
    df = keyness(reports, a=2015, b=2019)
    top = df.head(30)
    with capsys.disabled():
        print("\nkeyness 2015 vs 2019:", "、".join(f"{t}({d[0]})" for t, d in
                                                 zip(top["term"], top["direction"], strict=True)))
    assert len(top) == 30 and not set(top["term"]) & table_stopwords()
    assert not set(top["term"]) & {"各位", "以上", "一年", "各位代表", "我们", "今年"}
    assert (top["a"] + top["b"] >= 5).all()  # the minimum frequency
    assert set(df["gap_years"]) == {4}
    assert ((top["log_ratio"] > 0) == (top["direction"] == "up")).all()


def test_theme_shares_by_characters_sum_to_one_per_year(reports):
    df = theme_shares(reports)
    assert set(df["taxonomy"]) == {"government"}
    for year, part in df.groupby("year"):
        assert part["share_chars"].sum() == pytest.approx(1.0), year
        assert part["share"].sum() == pytest.approx(1.0), year
        doc = next(e.doc for e in reports if e.year == year)
        assert part["chars"].sum() == sum(len(i.text) for i in doc.items)
        assert part["items"].sum() == len(doc.items)


def test_the_2019_2021_pair_is_marked_as_a_gap(reports):
    gaps = {(r.old_year, r.new_year): r.gap_years
            for r in slogan_changes(reports).drop_duplicates(["old_year", "new_year"])
            .itertuples()}
    assert gaps[(2019, 2021)] == 2
    assert all(g == 1 for pair, g in gaps.items() if pair != (2019, 2021))
    per_pair = keyness_per_pair(reports)
    assert set(per_pair[per_pair["new_year"] == 2021]["gap_years"]) == {2}
    assert set(per_pair[per_pair["new_year"] != 2021]["gap_years"]) == {1}
    two = dataclasses.replace(reports, entries=tuple(e for e in reports
                                                      if e.year in (2019, 2021)))
    assert list(changes_per_pair(two)["gap_years"]) == [2]
