"""Acceptance 4: the government taxonomy tags the （一） items of the national work reports."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from policytext import themes


def paren_items(doc):
    """The （一）（二）… items of a report (its work tasks), in document order."""
    return [i for i in doc.items if i.kind == "paren_cn"]


def theme_shares(folder) -> tuple[dict[int, dict[str, float]], dict[int, int], themes.Taxonomy]:
    """Per year: the share of （一） items whose primary theme is each theme.

    One model is trained on the weak labels of all the reports (their item
    titles name their themes often enough), then every （一） item is tagged.
    """
    import policytext

    tax = themes.load_taxonomy("government")
    docs = {int(re.match(r"\d{4}", p.name).group()): policytext.read(p)
            for p in sorted(folder.glob("*.txt"))}
    model = themes.train(docs.values(), taxonomy=tax)
    shares, counts = {}, {}
    for year, doc in docs.items():
        items = paren_items(doc)
        if not items:
            continue
        tags = model.tag_texts([i.text for i in items], [i.path for i in items])
        c = Counter(t.primary for t in tags)
        shares[year] = {tid: c[tid] / len(tags) for tid in tax.ids}
        counts[year] = len(tags)
    return shares, counts, tax


def shares_table(shares, counts, tax) -> str:
    head = "| year | items | " + " | ".join(tax.ids) + " |"
    rule = "|---|---|" + "---|" * len(tax.ids)
    rows = [f"| {y} | {counts[y]} | " + " | ".join(f"{shares[y][t]:.2f}" for t in tax.ids) + " |"
            for y in sorted(shares)]
    return "\n".join([head, rule, *rows])


def test_government_theme_shares_per_year(shared_corpora, capsys):
    folder = shared_corpora / "national-work-reports"
    if not folder.is_dir():
        pytest.skip("national-work-reports absent")
    shares, counts, tax = theme_shares(folder)
    with capsys.disabled():
        print("\n" + shares_table(shares, counts, tax))
    # every report but 2015 (whose tasks are 三–六 sections, with no （一） items) is covered
    assert sorted(shares) == [2014, 2016, 2017, 2018, 2019, 2021, 2022]
    for year, row in shares.items():
        assert sum(row.values()) == pytest.approx(1.0), year
        assert counts[year] >= 8
    # the economy and reform are never absent from a year's tasks
    assert all(row["economy"] + row["reform_opening"] > 0 for row in shares.values())
