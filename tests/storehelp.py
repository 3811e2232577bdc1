"""Helpers for the store, search, web and crash tests (not fixtures: plain functions)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def synthetic_corpus(out: Path, *, docs: int, items: int = 12, seed: int = 2025) -> list[Path]:
    """SYNTHETIC documents made by scripts/make_synthetic_corpus.py (labelled so)."""
    from make_synthetic_corpus import generate

    return generate(out, docs=docs, items=items, seed=seed)


def dump(db: Path | str) -> dict:
    """The content of a database without ids or timestamps: equal for equal corpora."""
    conn = sqlite3.connect(str(db))
    try:
        docs = {}
        for d in conn.execute("SELECT id, path, sha256, title, year, series, issuer, json, "
                              "n_items, n_sentences, n_requirements FROM documents"):
            doc_id = d[0]
            items = conn.execute(
                "SELECT i.seq, i.depth, i.path, i.title, i.text, s.folded, s.words, "
                "(SELECT p.path FROM items p WHERE p.id = i.parent_id), "
                "(SELECT t.path FROM items t WHERE t.id = i.top_id), "
                "(SELECT group_concat(text, '|') FROM (SELECT text FROM sentences "
                " WHERE item_id = i.id ORDER BY seq)) "
                "FROM items i JOIN item_search s ON s.item_id = i.id "
                "WHERE i.doc_id = ? ORDER BY i.seq", (doc_id,)).fetchall()
            themes = conn.execute(
                "SELECT i.path, t.theme, t.rank, t.primary_, t.score, t.evidence "
                "FROM item_themes t JOIN items i ON i.id = t.item_id WHERE i.doc_id = ? "
                "ORDER BY i.seq, t.rank",
                (doc_id,)).fetchall()
            reqs = conn.execute("SELECT seq, path, actor, action, frequency, quantity, deadline, "
                                "strength, text FROM requirements WHERE doc_id = ? ORDER BY seq",
                                (doc_id,)).fetchall()
            sections = conn.execute("SELECT seq, path, title, text FROM sections WHERE doc_id = ? "
                                    "ORDER BY seq", (doc_id,)).fetchall()
            removals = conn.execute("SELECT seq, kind, text, page, reason, replacement, before, "
                                    "after FROM removals WHERE doc_id = ? ORDER BY seq",
                                    (doc_id,)).fetchall()
            docs[d[1]] = (d[2:], sections, items, themes, reqs, removals)
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "sections", "items", "sentences", "requirements",
                            "item_themes", "removals", "item_search")}
        return {"documents": docs, "counts": counts}
    finally:
        conn.close()


def incomplete_documents(db: Path | str) -> list[str]:
    """Documents whose stored rows do not add up to the counts written with them."""
    conn = sqlite3.connect(str(db))
    try:
        bad = conn.execute("""
            SELECT d.path FROM documents d
            WHERE d.n_items != (SELECT count(*) FROM items i WHERE i.doc_id = d.id)
               OR d.n_items != (SELECT count(*) FROM item_search s JOIN items i
                                ON i.id = s.item_id WHERE i.doc_id = d.id)
               OR d.n_sections != (SELECT count(*) FROM sections s WHERE s.doc_id = d.id)
               OR d.n_sentences != (SELECT count(*) FROM sentences s JOIN items i
                                    ON i.id = s.item_id WHERE i.doc_id = d.id)
               OR d.n_requirements != (SELECT count(*) FROM requirements r
                                       WHERE r.doc_id = d.id)
        """).fetchall()
        return [r[0] for r in bad]
    finally:
        conn.close()


def stored_documents(db: Path | str) -> int:
    """How many documents a database being written holds (0 before it exists)."""
    try:
        conn = sqlite3.connect(db, timeout=30)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0
