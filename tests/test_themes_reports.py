"""Acceptance 4: the government taxonomy tags the （一） items of the national work reports."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import need_shared

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
    folder = need_shared(shared_corpora / "national-work-reports")
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


def test_auto_picks_the_taxonomy_that_fits(shared_corpora, seed_doc, capsys):
    """``taxonomy="auto"``: keyword density tells a work report from party work points."""
    import policytext

    picked = {}
    for path in sorted(shared_corpora.glob("*-work-reports/**/*")):
        if path.is_file():
            picked[path.relative_to(shared_corpora).as_posix()] = themes.pick_taxonomy(
                i.text for i in policytext.read(path).items)
    assert len(picked) == 20 and set(picked.values()) == {"government"}, picked
    assert themes.pick_taxonomy(i.text for i in seed_doc.items) == "party"
    assert themes.pick_taxonomy([]) == "party"  # no keyword at all: the default
    economy = ["稳定经济增长，扩大内需，促进消费"]
    assert themes.resolve_taxonomy("auto", economy).name == "government"
    assert themes.resolve_taxonomy("government").name == "government"


def test_cli_tag_and_requirements_pick_the_taxonomy(shared_corpora, capsys):
    import json

    import policytext
    from policytext.cli import main

    report = shared_corpora / "national-work-reports" / "2019-国务院政府工作报告.txt"
    assert main(["tag", str(report)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["taxonomy"] == "government"
    assert {t["id"] for t in out["items"][0]["themes"]} == set(
        themes.load_taxonomy("government").ids)
    # --theme economy names a government theme: no --taxonomy needed
    assert main(["requirements", str(report), "--theme", "economy"]) == 0
    economy = json.loads(capsys.readouterr().out)
    tagged = {t.path for t in themes.tag(policytext.read(report), taxonomy="government")
              if t.primary == "economy"}
    assert economy and {r["path"] for r in economy} <= tagged
