"""The bulk load (policytext.store.bulk) writes what ingest writes, content for content."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from storehelp import dump, synthetic_corpus

from policytext import store
from policytext.errors import StoreError
from policytext.store.bulk import FTS_TABLES, bulk_load
from policytext.store.ingest import prepare

QUERIES = ["党建", "工作", "三会一课", "学会 建设", "稳定增长", "国务院"]


def _corpus(tmp_path):
    """SYNTHETIC documents (scripts/make_synthetic_corpus.py) and one folder whose two
    reports are one series under two titles (the writer unifies them)."""
    paths = synthetic_corpus(tmp_path / "syn", docs=6, items=5)
    folder = tmp_path / "reports"
    folder.mkdir()
    for year, title in (("2014", "2014年国务院政府工作报告"), ("2017", "2017年政府工作报告")):
        path = folder / f"{year}.txt"
        path.write_text(f"{title}\n\n一、工作回顾\n\n（一）稳定增长。加强调控。\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def _fts_state(db):
    conn = sqlite3.connect(db)
    try:
        config = {t: sorted(conn.execute(f"SELECT k, v FROM {t}_config")) for t in FTS_TABLES}
        log = sorted(conn.execute("SELECT path, sha256, action, message FROM ingest_log"))
        return config, log
    finally:
        conn.close()


def test_bulk_load_writes_the_rows_ingest_writes(tmp_path):
    paths = _corpus(tmp_path)
    ingested, bulk = tmp_path / "ingested.db", tmp_path / "bulk.db"
    report = store.ingest(paths, db=ingested)
    assert len(report.added) == len(paths) and not report.failed
    seen = []
    written = bulk_load((prepare(p) for p in paths), db=bulk, batch=3,
                        progress=lambda docs, items: seen.append(docs))
    assert written == (len(paths), report.items)
    assert seen == [3, 6, 8]  # after each full batch of 3, then once at the end
    assert dump(bulk) == dump(ingested)
    # the FTS settings deferred during the build are gone again, the log says the same
    assert _fts_state(bulk) == _fts_state(ingested)
    assert store.integrity_check(store.connect(bulk)) == []
    for q in QUERIES:
        a, b = store.search(ingested, q, limit=50), store.search(bulk, q, limit=50)
        assert [(h.source, h.path, h.score) for h in b] == \
            [(h.source, h.path, h.score) for h in a], q
        assert b.total == a.total
    conn = sqlite3.connect(bulk)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_bulk_load_onto_an_ingested_database_adds_the_rest(tmp_path):
    paths = _corpus(tmp_path)
    ingested, mixed = tmp_path / "ingested.db", tmp_path / "mixed.db"
    store.ingest(paths, db=ingested)
    store.ingest(paths[:3], db=mixed)
    bulk_load((prepare(p) for p in paths[3:]), db=mixed)
    assert dump(mixed) == dump(ingested)


def test_a_document_that_cannot_be_stored_ends_the_load(tmp_path):
    paths = _corpus(tmp_path)[:3]
    preps = [prepare(p) for p in paths]
    bad = dataclasses.replace(preps[2], items=preps[2].items + preps[2].items[:1])
    db = tmp_path / "b.db"
    with pytest.raises(StoreError, match="cannot store document 3 .*UNIQUE.*"
                                         "2 documents committed before it"):
        bulk_load([preps[0], preps[1], bad], db=db, batch=2)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_bulk_load_batch_must_be_positive(tmp_path):
    with pytest.raises(StoreError, match="batch must be at least 1, not 0"):
        bulk_load([], db=tmp_path / "x.db", batch=0)
