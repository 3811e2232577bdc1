"""BM25 computed beside FTS5 (policytext.store.rank) gives FTS5's own numbers."""

from __future__ import annotations

import importlib

import pytest
from storehelp import synthetic_corpus

from policytext import store
from policytext.store import rank
from policytext.store.search import parse_query, segment

search_module = importlib.import_module("policytext.store.search")

#: Words with what unicode61 splits or folds: separators inside a word (80%, a.b, 党建+),
#: letters with a diacritic, full-width forms (folded before indexing), an underscore.
ODD = """2025年特殊字符测试工作要点（合成样本）
一、符号与字母
1．占比达到80%以上，推进“党建+科创”，落实a.b方案与Café计划。
2．推进ＰＤＦ与Ｗｏｒｄ文件入库，x_y编码，党建+品牌，naïve做法，80%达标。
3．党建工作推进会，推进党建与业务融合，推进推进再推进。
"""
QUERIES = ["党", "党建", "推进", "工作", "三会一课", "党支部 建设", "80%", "a.b", "café", "naïve",
           "党建+", "pdf与word", "x_y", "推进党建", "建设 工作 推进", "的", "落实"]


@pytest.fixture(scope="module")
def db(tmp_path_factory, seed_path):
    root = tmp_path_factory.mktemp("rank")
    (root / "odd.txt").write_text(ODD, encoding="utf-8")
    paths = [seed_path, root / "odd.txt", *synthetic_corpus(root / "syn", docs=8, items=6)]
    path = root / "r.db"
    report = store.ingest(paths, db=path, tag=False)
    assert not report.failed
    return path


def _fts5_scores(conn, ids, words):
    """FTS5's own bm25 for the candidates (the way search ranked before rank.py)."""
    saved = search_module.RANK_HERE
    search_module.RANK_HERE = 0
    try:
        return search_module._rank(conn, ids, words)
    finally:
        search_module.RANK_HERE = saved


def _candidates(conn, query):
    terms = parse_query(query)
    ids = [r[0] for r in conn.execute("SELECT item_id, folded FROM item_search ORDER BY item_id "
                                      "DESC") if all(t in r[1] for t in terms)]
    words = list(dict.fromkeys(w for t in terms for w in segment(conn, t)))
    return ids, words


@pytest.mark.parametrize("query", QUERIES)
def test_scores_are_fts5s_own(db, query):
    conn = store.connect(db, readonly=True)
    ids, words = _candidates(conn, query)
    assert ids and words  # the test can fail: there is something to rank
    ours = rank.bm25(conn, ids, words, choose=False)
    theirs = _fts5_scores(conn, ids, words)
    assert ours is not None
    # FTS5 leaves out the items holding none of the words; both call them 0
    assert {i: s for i, s in ours.items() if s} == theirs
    assert any(theirs.values())


def test_tokens_are_unicode61s(db):
    conn = store.connect(db, readonly=True)
    texts = [r[0] for r in conn.execute("SELECT words FROM item_search")]
    texts += ["党建+ 科创 80% a.b café naïve x_y ＡＢ Ǆ ǅ ß İ \u0301x 〇 ㈠ ⅷ ½ \ue000 𠀀 🙂"]
    for text in texts:
        assert rank.tokens(text) == rank._tokenize(text)


def test_search_order_is_the_same_either_way(db, monkeypatch):
    """The whole search — hits, order, scores, totals — with either ranking."""
    def run():
        return [[(h.item_id, h.score) for h in store.search(db, q, limit=50)] + [
            (r.total, r.note) for r in [store.search(db, q, limit=3, rank_limit=7)]]
            for q in QUERIES]

    monkeypatch.setattr(search_module, "_CHOOSE", False)  # every window ranked by rank.bm25
    here = run()
    monkeypatch.setattr(search_module, "RANK_HERE", 0)  # every window ranked by FTS5
    assert run() == here


def test_counts_follow_a_changed_index(tmp_path, seed_path):
    """Document counts are kept per index state: after another ingest they are counted
    again (the scores still equal FTS5's)."""
    db = tmp_path / "c.db"
    store.ingest([seed_path], db=db, tag=False)
    conn = store.connect(db, readonly=True)
    ids, words = _candidates(conn, "党建")
    before = rank.bm25(conn, ids, words, choose=False)
    assert {i: s for i, s in before.items() if s} == _fts5_scores(conn, ids, words)
    extra = tmp_path / "more.txt"
    extra.write_text("2026年补充工作要点（合成样本）\n一、补充\n1．党建党建党建。\n2．党建工作。\n",
                     encoding="utf-8")
    store.ingest([extra], db=db, tag=False)
    conn2 = store.connect(db, readonly=True)
    ids, words = _candidates(conn2, "党建")
    after = rank.bm25(conn2, ids, words, choose=False)
    assert {i: s for i, s in after.items() if s} == _fts5_scores(conn2, ids, words)
    assert after[ids[-1]] != before[ids[-1]]  # the same item scores otherwise now
