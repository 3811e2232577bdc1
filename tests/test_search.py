"""Search: exact substrings whatever the length, ranking, highlights, filters, hostile input."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from storehelp import synthetic_corpus

from policytext import store
from policytext.cli import main
from policytext.patterns import fold
from policytext.store.search import highlight, parse_query, parse_years, segment

FULLWIDTH = """各单位：
现将《2024年全角测试党的建设工作要点（合成样本）》印发给你们，请认真贯彻落实。
中共全角测试委员会
2024年3月1日
2024年，全角测试工作总体要求是：坚持ＡＢＣ１２３标准。
一、全角与半角
1．统一ＡＢＣ１２３编码。推进ＰＤＦ与Ｗｏｒｄ文件入库，落实“党建＋科创”项目。
2．半角对照。推进PDF与Word文件入库，共建abc123标准。
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_path):
    root = tmp_path_factory.mktemp("search")
    paths = [seed_path, *synthetic_corpus(root / "syn", docs=16, items=8)]
    (root / "fw.txt").write_text(FULLWIDTH, encoding="utf-8")
    paths.append(root / "fw.txt")
    db = root / "s.db"
    report = store.ingest(paths, db=db)
    assert not report.failed and len(report.added) == 18
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT i.id, i.text, d.year, d.series, d.issuer, s.path "
                        "FROM items i JOIN documents d ON d.id = i.doc_id "
                        "JOIN sections s ON s.id = i.section_id").fetchall()
    return db, rows


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, seed_path):
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    store.ingest([seed_path], db=db)
    return db


def oracle(rows, query, keep=lambda row: True):
    """Item ids whose folded text holds every term: what search must return."""
    terms = parse_query(query)
    return {r[0] for r in rows if terms and keep(r) and all(t in fold(r[1]) for t in terms)}


def ids(db, query, **kw):
    return {h.item_id for h in store.search(db, query, limit=10_000, **kw)}


def check_any(db, rows, query):
    """Exact hits when some item holds the query; else the fallback's, which must hold
    every word it names (and those words cover the query's terms)."""
    hits = store.search(db, query, limit=10_000)
    expected = oracle(rows, query)
    if hits.mode == "words":
        assert expected == set() and hits.note.startswith("no exact match for ")
        assert all(any(w in t for t in parse_query(query)) for w in hits.words)
        expected = {r[0] for r in rows if all(w in fold(r[1]) for w in hits.words)}
    assert {h.item_id for h in hits} == expected
    assert hits.total == len(expected)


def test_acceptance_sanhui_yike_gives_item_5_first(seed_db):
    hits = store.search(seed_db, "三会一课")
    assert hits[0].path == "一/5" and hits[0].year == 2025
    assert hits[0].series == "江苏省科技社团党的建设工作要点"
    assert "**三会一课**" in hits[0].snippet_text()


@pytest.mark.parametrize("query", [
    "党", "党建", "党支部", "三会一课", "每半年", "党支部 建设", "党 纪", "科技社团党建",
    "五聚焦五落实", "“四强”", "1次", "党建+", "的", "科协青年学堂", "不存在的词语组合",
])
def test_hits_are_exactly_the_items_holding_every_term(corpus, query):
    db, rows = corpus
    expected = oracle(rows, query)
    assert ids(db, query) == expected
    if query not in ("不存在的词语组合",):
        assert expected  # the oracle itself is not empty: the test can fail


def test_one_and_two_character_queries_work(corpus):
    db, rows = corpus
    for q in ("党", "党建"):
        hits = store.search(db, q, limit=5)
        assert len(hits) == 5
        assert all(f"**{q}**" in h.snippet_text() or "**" in h.snippet_text() for h in hits)
    assert len(ids(db, "党")) == len(oracle(rows, "党")) > len(oracle(rows, "党建"))


def test_ranking_is_by_score(corpus):
    db, _ = corpus
    hits = store.search(db, "党建", limit=50)
    assert len(hits) == 50
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].score > hits[-1].score > 0


@pytest.mark.parametrize("query, other", [
    ("abc123", "ＡＢＣ１２３"), ("ＰＤＦ与Ｗｏｒｄ", "pdf与word"), ("党建＋科创", "党建+科创"),
])
def test_full_width_and_half_width_match_each_other(corpus, query, other):
    db, rows = corpus
    assert ids(db, query) == ids(db, other) == oracle(rows, query)
    assert len(ids(db, query)) >= 2 or query.startswith("党建")


def test_highlight_shows_the_documents_own_characters(corpus):
    db, _ = corpus
    snippets = {h.snippet_text() for h in store.search(db, "abc123")}
    assert any("**ＡＢＣ１２３**" in s for s in snippets)  # the document's full-width form
    assert any("**abc123**" in s for s in snippets)


@pytest.mark.parametrize("text, terms, expected", [
    ("严明政治纪律和政治规矩", ["政治"], "严明**政治**纪律和**政治**规矩"),
    ("统一ＡＢＣ编码", ["abc"], "统一**ＡＢＣ**编码"),
    ("党建工作", ["党建", "建工"], "**党建工**作"),
    ("没有命中", ["党"], "没有命中"),
    ("", ["党"], ""),
])
def test_highlight(text, terms, expected):
    assert "".join(f"**{s}**" if hit else s for s, hit in highlight(text, terms)) == expected


def test_highlight_windows_long_text():
    text = "甲" * 100 + "目标" + "乙" * 100
    segments = highlight(text, ["目标"], width=40)
    rendered = "".join(f"[{s}]" if hit else s for s, hit in segments)
    assert rendered == "…" + "甲" * 10 + "[目标]" + "乙" * 28 + "…"


@pytest.mark.parametrize("query", [
    '"', "'", "(", ")", "*", "**", "-", "^", ":",
    "NEAR", "NEAR(党建 工作)", 'NEAR("党建" "工作", 2)',
    "党建 OR 工作", "党建 AND", "NOT 党建", "AND", "items:党建", "{words}: 党", '"unterminated',
    "党建*", "^党建", "[党建]", "党建)", "\\", "%", "_", "'; DROP TABLE items; --", "\x00",
    "　", "", "   ", "“三会一课”", "(三会一课)", "【党建】",
])
def test_any_string_returns_results_or_nothing(corpus, query):
    db, rows = corpus
    check_any(db, rows, query)


def test_quotes_and_brackets_around_a_phrase_are_dropped(seed_db):
    assert [h.path for h in store.search(seed_db, "“三会一课”")] == ["一/5"]
    assert [h.path for h in store.search(seed_db, '"三会一课"')] == ["一/5"]
    assert [h.path for h in store.search(seed_db, "（三会一课）")] == ["一/5"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list('党建工作三会一课"\'()*:^-+ NEARORAND{}[]\\%_　，。ＡＢ')
                                + ["NEAR", " OR ", " AND ", " NOT ", "NEAR(", "党建"]),
                max_size=12).map("".join))
def test_hostile_queries_never_raise(corpus, query):
    db, rows = corpus
    check_any(db, rows, query)


def test_year_filters(corpus):
    db, rows = corpus
    assert ids(db, "党支部", year=2018) == oracle(rows, "党支部", lambda r: r[2] == 2018)
    assert ids(db, "党支部", year="2017-2019") == oracle(rows, "党支部",
                                                        lambda r: 2017 <= r[2] <= 2019)
    assert ids(db, "党支部", year="2019-2017") == ids(db, "党支部", year=(2017, 2019))
    assert ids(db, "党支部", year=2018) and ids(db, "党支部", year=2018) != ids(db, "党支部")


def test_series_issuer_and_section_filters(corpus):
    db, rows = corpus
    s = "某市社会组织党的建设工作要点（合成样本）"
    assert ids(db, "党员", series=s) == oracle(rows, "党员", lambda r: r[3] == s) != set()
    assert ids(db, "党员", series="某市社会组织") == ids(db, "党员", series=s)
    assert ids(db, "党员", issuer="某市社会组织") == oracle(
        rows, "党员", lambda r: r[4] and "某市社会组织" in r[4]) != set()
    assert ids(db, "党员", section="二") == oracle(rows, "党员", lambda r: r[5] == "二") != set()


def test_bad_year_is_a_one_line_error(corpus, capsys):
    db, _ = corpus
    assert parse_years("2019-2022") == (2019, 2022)
    assert main(["search", "党", "--db", str(db), "--year", "last year"]) == 2
    assert capsys.readouterr().err == (
        "error: year must be YYYY or YYYY-YYYY, not 'last year'\n")


def test_query_is_cut_into_the_index_vocabulary(corpus):
    db, _ = corpus
    conn = store.connect(db, readonly=True)
    assert segment(conn, "三会一课") == ["三会一课"]
    assert segment(conn, fold("党建＋科创")) == ["党建+", "科创"]  # the dictionary word
    assert segment(conn, "zzz") == []


def test_cli_json_and_csv(seed_db, capsys):
    db = seed_db
    assert main(["search", "三会一课", "--db", str(db), "--format", "json", "--limit", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [set(h) >= {"path", "year", "series", "title", "snippet", "themes", "score"}
            for h in out] == [True]
    assert out[0]["path"] == "一/5" and out[0]["title"] == "严明政治纪律和政治规矩"
    assert main(["search", "三会一课", "--db", str(db), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "path,year,series,title,snippet,themes,score,source,synthetic"
    assert lines[1].startswith("一/5,2025,江苏省科技社团党的建设工作要点,严明政治纪律和政治规矩,")


def test_cli_text_says_when_nothing_matched(corpus, capsys):
    db, _ = corpus
    assert main(["search", "不存在的词语组合", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "no results\n"


# -- acceptance items that need the theme tagger and requirement extractor ----------------

def _tagged_seed_db(tmp_path, seed_path):
    db = tmp_path / "tagged.db"
    store.ingest([seed_path], db=db)
    return db


def test_acceptance_theme_filter_gives_only_grassroots_items(tmp_path, seed_path, seed_doc):
    db = _tagged_seed_db(tmp_path, seed_path)
    from policytext.themes import tag

    primary = {t.path: t.primary for t in tag(seed_doc)}
    expected = sorted(p for p, th in primary.items()
                      if th == "grassroots" and "党支部" in seed_doc.item(p).text)
    hits = store.search(db, "党支部", theme="grassroots")
    assert sorted(h.path for h in hits) == expected and expected
    assert all(h.primary == "grassroots" for h in hits)
    unfiltered = {h.path for h in store.search(db, "党支部")}
    assert unfiltered - set(expected)  # the filter removed other themes' items


def test_acceptance_requirements_every_half_year(tmp_path, seed_path):
    db = _tagged_seed_db(tmp_path, seed_path)
    hits = store.search(db, "每半年", requirements=True)
    assert [h.path for h in hits] == ["四/13"]
    req = hits[0].requirement
    assert "每半年" in req["text"] and "每半年" in (req["frequency"] or req["text"])
    assert (req["actor"], req["actor_source"], req["frequency"]) == (
        "党委书记", "carried", "每半年至少1次")  # stated in the clause before
    assert "**每半年**" in hits[0].snippet_text()
    # the text output says where the actor came from
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["search", "每半年", "--requirements", "--db", str(db)]) == 0
    assert out.getvalue().splitlines()[-1] == (
        "    requirement: actor: 党委书记 (carried), frequency: 每半年至少1次, strength: must")


def test_synthetic_documents_say_so(tmp_path, capsys):
    """Honest data: the bundled synthetic 2024 year is marked in the store, the search output
    and the web page (its sidecar says ``"synthetic": true``)."""
    import json as _json

    from policytext import store
    from policytext.cli import main as cli_main

    root = Path(__file__).resolve().parent.parent / "corpora"
    db = tmp_path / "c.db"
    store.ingest([root], db=db, tag=False)
    hits = store.search(db, "第一议题")
    assert {(h.year, h.synthetic) for h in hits} == {(2024, True), (2025, False)}
    assert cli_main(["search", "第一议题", "--db", str(db), "--format", "json"]) == 0
    rows = _json.loads(capsys.readouterr().out)
    assert {(r["year"], r["synthetic"]) for r in rows} == {(2024, True), (2025, False)}
    assert cli_main(["search", "第一议题", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "2024 [SYNTHETIC]" in text and "2025 [SYNTHETIC]" not in text


def test_two_character_phrase_does_not_match_across_punctuation(tmp_path):
    """Regression: 创建“党建 indexed as 创 建 党 建 (unicode61 drops the quote), so 建党 matched."""
    path = tmp_path / "p.txt"
    path.write_text("1．通过创建“党建+科创”品牌，推动发展。\n\n2．建党百年以来，成就巨大。\n",
                    encoding="utf-8")
    db = tmp_path / "p.db"
    store.ingest([path], db=db, tag=False)
    assert [h.path for h in store.search(db, "建党")] == ["2"]
    assert [h.path for h in store.search(db, "党建")] == ["1"]


def test_a_capped_ranking_says_so_and_paging_never_repeats_a_hit(corpus):
    """Regression: a common word was ranked among its 500 most recent matches silently, and
    a deep page changed that window (hits repeated or were never reachable)."""
    db, rows = corpus
    expected = oracle(rows, "党")
    first = store.search(db, "党", limit=7, rank_limit=30)
    assert first.rank_capped and first.total == len(expected)
    assert first.note.startswith("ranked the 30 most recently stored of ")
    seen: list[int] = []
    for page in range(0, len(expected) // 7 + 2):
        hits = store.search(db, "党", limit=7, offset=page * 7, rank_limit=30)
        seen += [h.item_id for h in hits]
    assert len(seen) == len(set(seen)) == len(expected) and set(seen) == expected
    # the window is ranked by score, the rest follow newest first
    window = store.search(db, "党", limit=30, rank_limit=30)
    assert [h.score for h in window] == sorted((h.score for h in window), reverse=True)
    rest = store.search(db, "党", limit=20, offset=30, rank_limit=30)
    assert [h.item_id for h in rest] == sorted((h.item_id for h in rest), reverse=True)
    assert max(h.item_id for h in rest) < min(h.item_id for h in window)
    # uncapped: every match ranked, no note
    every = store.search(db, "党", limit=10_000, rank_limit=None)
    assert not every.rank_capped and every.note is None and every.total == len(expected)
    assert [h.score for h in every] == sorted((h.score for h in every), reverse=True)
