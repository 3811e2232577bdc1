"""Years that are not consecutive are compared as a gap, and every output says so.

The fixture is the founding document re-dated to 2013 and 2023 (made here, in tmp):
a folder with the two years of one series and nothing between them.
"""

from __future__ import annotations

import json

import pytest

from policytext.cli import main
from policytext.compare import compare
from policytext.compare.diff import to_html, to_json, to_markdown, to_text
from policytext.corpus import Corpus, gap_between, gap_note

NOTE = "gap: 10 years between the documents (not consecutive years)"


@pytest.fixture(scope="module")
def gap_folder(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("gap")
    text = seed_path.read_text(encoding="utf-8")
    for year in (2013, 2023):
        (folder / f"{year}-江苏省科技社团党的建设工作要点.txt").write_text(
            text.replace("2025", str(year)), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def gap_cmp(gap_folder):
    return compare(gap_folder / "2013-江苏省科技社团党的建设工作要点.txt",
                   gap_folder / "2023-江苏省科技社团党的建设工作要点.txt")


def test_gap_counting():
    assert gap_between(2019, 2021) == 2 and gap_between(2024, 2025) == 1
    assert gap_between(None, 2025) is None
    assert gap_note(1) == "" and gap_note(None) == ""
    assert gap_note(10) == NOTE


def test_every_diff_format_says_gap(gap_cmp):
    assert gap_cmp.gap_years == 10 and gap_cmp.is_gap
    assert to_text(gap_cmp).splitlines()[1] == NOTE
    assert f"**{NOTE}**" in to_markdown(gap_cmp)
    assert f'<div class="gap">非连续年份 · {NOTE}</div>' in to_html(gap_cmp)
    data = json.loads(to_json(gap_cmp))
    assert data["gap_years"] == 10 and data["gap"] is True
    assert set(gap_cmp.to_frame()["gap_years"]) == {10}


def test_consecutive_years_say_nothing(seed_path):
    from synth import load

    cmp = compare(load().DEMO_OLD, seed_path)
    assert cmp.gap_years == 1 and not cmp.is_gap
    assert "gap" not in to_text(cmp).splitlines()[1]
    assert json.loads(to_json(cmp))["gap"] is False


def test_graph_tables_and_history_say_gap(gap_folder, capsys):
    from policytext.compare.graph import history, lineage_graph
    from policytext.compare.tables import changes_per_pair

    corpus = Corpus.load(gap_folder)
    g = lineage_graph(corpus, terms=False, themes=False)
    kinds = {d["kind"]: d["gap_years"] for *_, d in g.edges(data=True)
             if d["kind"] in ("next", "continues")}
    assert kinds == {"next": 10, "continues": 10}
    table = changes_per_pair(corpus)
    assert table["gap_years"].tolist() == [10]
    steps = history(corpus, "2023#三/10")
    assert [s.gap_years for s in steps] == [None, 10]
    assert main(["history", str(gap_folder), "2023#三/10"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == ("2023  三/10  [unchanged 1.00, gap of 10 years]  "
                      "2023-江苏省科技社团党的建设工作要点.txt")
