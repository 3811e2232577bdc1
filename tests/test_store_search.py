"""Settings of the connections search reads through."""

from __future__ import annotations

from policytext import store
from policytext.store.schema import READ_MMAP


def test_read_connections_map_the_file_and_writers_do_not(tmp_path, seed_path):
    db = tmp_path / "m.db"
    store.ingest([seed_path], db=db, tag=False)
    reader = store.connect(db, readonly=True)
    mapped = reader.execute("PRAGMA mmap_size").fetchone()[0]
    assert 0 < mapped <= READ_MMAP  # SQLite caps it at its compile-time limit
    assert store.connect(db).execute("PRAGMA mmap_size").fetchone()[0] == 0
    assert [h.path for h in store.search(reader, "三会一课")] == ["一/5"]


SPACED = """2025年空格测试工作要点（合成样本）
一、格式
1．推进Data Center建设，推进档案工作。
2．推进DataCenter建设。
3．推进DataCenter。
4．DataCenter建设。
"""


def test_long_and_short_terms_found_through_either_index(tmp_path, seed_path, monkeypatch):
    """A query with terms of three characters or more and shorter ones is answered from
    the trigram index (the short terms checked on its matches) or, when the long terms
    are common, from one query over fts_chars — which skips spaces, so the long terms are
    still checked as substrings: item 1 (Data Center, spaced) is no hit for datacenter."""
    import importlib

    search_module = importlib.import_module("policytext.store.search")
    (tmp_path / "spaced.txt").write_text(SPACED, encoding="utf-8")
    db = tmp_path / "s.db"
    store.ingest([seed_path, tmp_path / "spaced.txt"], db=db, tag=False)
    queries = ["datacenter 推进", "推进 建设", "党支部 建设", "三会一课 党", "党 纪 政治纪律"]

    def run():
        return [[(h.path, h.score) for h in store.search(db, q, limit=100)] for q in queries]

    trigram = run()
    monkeypatch.setattr(search_module, "MANY", 1)
    assert run() == trigram
    assert sorted(p for p, _ in trigram[0]) == ["一/2", "一/3"]
    assert all(trigram)
    # the guard matters: fts_chars alone holds item 1 for datacenter
    conn = store.connect(db, readonly=True)
    assert "一/1" in {r[0] for r in conn.execute(
        "SELECT i.path FROM fts_chars JOIN items i ON i.id = fts_chars.rowid "
        "WHERE fts_chars MATCH '\"d a t a c e n t e r\"'")}
