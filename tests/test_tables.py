"""Research tables and charts (Chinese with no missing glyphs)."""

from __future__ import annotations

import math
import warnings

import pytest
from synth import load

import policytext
from policytext.compare.tables import (
    all_tables,
    changes_per_pair,
    items_per_year,
    keyness,
    keyness_between,
    keyness_per_pair,
    log_likelihood,
    requirement_changes,
    slogan_changes,
    write_tables,
)
from policytext.corpus import Corpus
from policytext.errors import InputError

SYN = load()


@pytest.fixture(scope="module")
def corpus():
    return Corpus.load(SYN.DEMO_OLD.parent)


def test_items_and_changes_per_year(corpus):
    df = items_per_year(corpus)
    assert list(df["year"]) == [2024, 2025] and list(df["items"]) == [16, 15]
    assert list(df["synthetic"]) == [True, False]
    ch = changes_per_pair(corpus)
    assert ch.iloc[0][["unchanged", "modified", "moved", "split", "merged", "added",
                       "removed"]].tolist() == [8, 2, 1, 1, 1, 1, 2]


def test_log_likelihood_by_hand():
    # Dunning's G² for a=10 in 1000 words, b=30 in 1000 words
    e = 20.0
    want = 2 * (10 * math.log(10 / e) + 30 * math.log(30 / e))
    assert log_likelihood(10, 30, 1000, 1000) == pytest.approx(want)
    assert log_likelihood(5, 5, 100, 100) == 0.0


def test_keyness_direction_effect_size_and_stop_words():
    old = policytext.read_text("一、总体\n\n1．组织活动。开展调研开展调研开展调研。各位代表。\n")
    new = policytext.read_text("一、总体\n\n1．组织活动。加强督查加强督查加强督查。各位代表。\n")
    df = keyness_between(old, new, min_count=2)
    rows = {r.term: r for r in df.itertuples()}
    assert rows["督查"].direction == "up" and rows["开展调研"].direction == "down"
    assert rows["开展调研"].log_likelihood > 3.84 > rows["活动"].log_likelihood
    # Log Ratio: log2 of B's relative frequency over A's, a zero taken as 0.5
    assert rows["督查"].log_ratio == pytest.approx(math.log2(3 / 0.5))
    assert rows["活动"].log_ratio == pytest.approx(0.0)
    assert "各位代表" not in rows and "各位" not in rows  # report boilerplate
    assert "督查" not in set(keyness_between(old, new, min_count=4)["term"])


def test_keyness_between_any_two_years_or_groups():
    docs = [policytext.read_text(f"{y}年要点\n\n一、总体\n\n1．{w}。\n", name=f"{y}.txt")
            for y, w in ((2013, "督查督查"), (2023, "调研调研"), (2025, "调研督查"))]
    corpus = Corpus.from_documents(docs, series="s")
    df = keyness(corpus, a=2013, b=2025, min_count=1)
    assert set(df["gap_years"]) == {12} and set(df["a_years"]) == {"2013"}
    group = keyness(corpus, a=(2013, 2023), b=2025, min_count=1)
    assert set(group["a_years"]) == {"2013,2023"} and set(group["gap_years"]) == {2}
    assert dict(zip(group["term"], group["a"], strict=True)) == {"督查": 2, "调研": 2}
    with pytest.raises(InputError, match=r"no document of \[2019\].*\[2013, 2023, 2025\]"):
        keyness(corpus, a=2019, b=2025)


def test_year_pairs_mark_gaps():
    docs = [policytext.read_text(f"{y}年要点\n\n一、总体\n\n1．开展“{w}”活动。\n", name=f"{y}.txt")
            for y, w in ((2013, "三会一课"), (2023, "四强"), (2024, "四强"))]
    corpus = Corpus.from_documents(docs, series="s")
    assert list(changes_per_pair(corpus)["gap_years"]) == [10, 1]
    assert list(slogan_changes(corpus)["gap_years"]) == [10, 10]
    assert set(keyness_per_pair(corpus)["gap_years"]) <= {10, 1}


def test_slogans_appear_and_disappear(corpus):
    df = slogan_changes(corpus)
    status = dict(zip(df["slogan"], df["status"], strict=False))
    assert status["三会一课"] == "appeared"  # only in the sentence the old year lacks
    assert all(s in ("appeared", "disappeared") for s in status.values())


def test_requirement_strength_and_frequency_changes():
    old = policytext.read_text("一、总体\n\n1．压实责任。每年至少召开1次专题会议研究党建工作。"
                               "鼓励各学会落实主体责任。\n", name="2024.txt")
    new = policytext.read_text("一、总体\n\n1．压实责任。每半年至少召开1次专题会议研究党建工作。"
                               "各学会必须落实主体责任。\n", name="2025.txt")  # 鼓励 → 必须
    df = requirement_changes(Corpus.from_documents([old, new], series="s"))
    assert len(df) >= 2
    assert any(a != b for a, b in zip(df["frequency_old"], df["frequency_new"], strict=False))
    assert any(a != b for a, b in zip(df["strength_old"], df["strength_new"], strict=False))


def test_theme_shares_per_series_taxonomy(corpus):
    from policytext.compare.tables import theme_shares
    from policytext.themes import tag

    df = theme_shares(corpus)  # auto: the work points fit the party taxonomy
    assert set(df["taxonomy"]) == {"party"} and list(df.columns) == [
        "series", "year", "taxonomy", "theme", "items", "share", "chars", "share_chars"]
    for entry in corpus:
        rows = df[df["year"] == entry.year]
        primaries = [t.primary or "(none)" for t in tag(entry.doc, taxonomy="party")]
        assert dict(zip(rows["theme"], rows["items"], strict=True)) == {
            p: primaries.count(p) for p in set(primaries)}
        assert abs(rows["share"].sum() - 1) < 1e-9
        length = {i.path: len(i.text) for i in entry.doc.items}
        chars = {}
        for t in tag(entry.doc, taxonomy="party"):
            chars[t.primary or "(none)"] = chars.get(t.primary or "(none)", 0) + length[t.path]
        assert dict(zip(rows["theme"], rows["chars"], strict=True)) == chars
        assert abs(rows["share_chars"].sum() - 1) < 1e-9
    forced = theme_shares(corpus, taxonomy="government")
    assert set(forced["taxonomy"]) == {"government"}


def test_write_csv_and_excel(corpus, tmp_path):
    tables = all_tables(corpus)
    files = write_tables(tables, tmp_path / "csv")
    assert {f.name for f in files} >= {"items_per_year.csv", "keyness.csv", "slogans.csv",
                                       "changes.csv", "term_frequencies.csv"}
    import pandas as pd

    xl = write_tables(tables, tmp_path / "t.xlsx")[0]
    sheets = pd.read_excel(xl, sheet_name=None)
    assert set(sheets) == set(tables)
    assert sheets["changes"].iloc[0]["split"] == 1


def test_charts_have_no_missing_glyphs(corpus, tmp_path):
    from policytext.compare.charts import NoCJKFontError, plot_changes, plot_items_per_year

    tables = all_tables(corpus)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            a = plot_items_per_year(tables["items_per_year"], tmp_path / "items.png")
            b = plot_changes(tables["changes"], tmp_path / "changes.png")
        except NoCJKFontError:
            pytest.skip("no CJK font on this machine (make system-deps)")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)
               or "Glyph" in str(w.message)]
    assert missing == []
    assert a.stat().st_size > 5000 and b.stat().st_size > 5000


def test_every_chart_of_the_tables_command_has_its_chinese(corpus, tmp_path):
    from policytext.cli import main
    from policytext.compare.charts import cjk_font

    try:
        cjk_font()
    except policytext.PolicyTextError:
        pytest.skip("no CJK font on this machine (make system-deps)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["tables", str(SYN.DEMO_OLD.parent), "-o", str(tmp_path / "t"),
                     "--charts", str(tmp_path / "charts")]) == 0
    assert not [w for w in caught if "missing from" in str(w.message)]
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "changes.png", "instruments.png", "items_per_year.png", "keyness.png",
        "theme_shares.png"]
    assert (tmp_path / "t" / "instruments.csv").is_file()


@pytest.mark.parametrize(("years", "ticks"), [([2024, 2025], [2024, 2025]),
                                              ([2013, 2023, 2025], [2013, 2023, 2025])])
def test_year_ticks_are_the_years(years, ticks):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from policytext.compare.charts import _year_axis

    fig, ax = plt.subplots()
    ax.plot(years, range(len(years)))
    _year_axis(ax, years)
    assert list(ax.get_xticks()) == ticks
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(t) for t in ticks]
    many = list(range(2000, 2030))
    _year_axis(ax, many)
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())
    plt.close(fig)


def test_charts_say_when_no_cjk_font(monkeypatch, tmp_path):
    from policytext.compare import charts

    monkeypatch.setattr(charts, "_find_font_file", lambda: None)
    with pytest.raises(charts.NoCJKFontError, match="fonts-noto-cjk"):
        charts.plot_items_per_year(items_per_year(Corpus.from_documents([])), tmp_path / "x.png")


def test_default_font_would_miss_glyphs(tmp_path):
    """The check above can fail: matplotlib's own font warns on Chinese."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as caught, plt.rc_context(
            {"font.family": ["DejaVu Sans"]}):
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title("条目数")
        fig.savefig(tmp_path / "x.png")
        plt.close(fig)
    assert any("missing from" in str(w.message) for w in caught)
