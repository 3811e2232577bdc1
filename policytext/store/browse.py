"""Look-ups over the corpus database for the web page and notebooks.

Plain functions over a connection that return plain dicts and lists: facets
(years, series, themes), one item with its themes, evidence, requirements and
sub-items, one document, the documents of a series, a stored ``Document``
rebuilt from its JSON record, and an item's lineage across the years of its
series (with :func:`policytext.compare.compare` when it is installed).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Document
from .schema import REBUILD, database_path, load_json, reading

__all__ = ["facets", "get_item", "get_document", "series_documents", "load_document",
           "lineage", "compare_available", "requirements_frame", "source_labels", "versions",
           "diffable_series", "stored_corpus"]


def facets(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, int]]]:
    """Values to filter by, with how many documents (years, series) or items (themes)."""
    years = [(r[0], r[1]) for r in conn.execute(
        "SELECT year, count(*) FROM documents WHERE year IS NOT NULL GROUP BY year "
        "ORDER BY year DESC")]
    series = [(r[0], r[1]) for r in conn.execute(
        "SELECT series, count(*) FROM documents WHERE series IS NOT NULL GROUP BY series "
        "ORDER BY series")]
    themes = [(r[0], r[1]) for r in conn.execute(
        "SELECT theme, count(*) FROM item_themes WHERE primary_ = 1 GROUP BY theme "
        "ORDER BY theme")]
    return {"years": years, "series": series, "themes": themes}


def _row(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


def get_item(conn: sqlite3.Connection, item_id: int) -> dict[str, Any] | None:
    """An item with its document, section, sentences, themes, requirements and sub-items."""
    item = _row(conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone())
    if item is None:
        return None
    item["document"] = _row(conn.execute(
        "SELECT id, path, name, title, year, series, issuer, doc_number, synthetic, "
        "superseded, versioned FROM documents WHERE id = ?", (item["doc_id"],)).fetchone())
    item["section"] = _row(conn.execute("SELECT id, path, title FROM sections WHERE id = ?",
                                        (item["section_id"],)).fetchone())
    item["sentences"] = [r[0] for r in conn.execute(
        "SELECT text FROM sentences WHERE item_id = ? ORDER BY seq", (item_id,))]
    item["themes"] = [
        {"theme": r["theme"], "rank": r["rank"], "primary": bool(r["primary_"]),
         "score": r["score"],
         "evidence": load_json(r["evidence"], "item_themes.evidence", conn)}
        for r in conn.execute("SELECT * FROM item_themes WHERE item_id = ? ORDER BY rank",
                              (item["top_id"],))]
    item["requirements"] = [dict(r) for r in conn.execute(
        "SELECT * FROM requirements WHERE item_id = ? ORDER BY seq", (item_id,))]
    item["children"] = [dict(r) for r in conn.execute(
        "SELECT id, path, title FROM items WHERE parent_id = ? ORDER BY seq", (item_id,))]
    item["parent"] = _row(conn.execute("SELECT id, path, title FROM items WHERE id = ?",
                                       (item["parent_id"],)).fetchone()) \
        if item["parent_id"] else None
    return item


def get_document(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any] | None:
    """A document's metadata and its items (with primary themes), in order."""
    doc = _row(conn.execute(
        "SELECT id, path, name, title, year, series, issuer, doc_number, signed_date, status, "
        "n_items, n_requirements, tagged, synthetic FROM documents WHERE id = ?",
        (doc_id,)).fetchone())
    if doc is None:
        return None
    doc["items"] = [dict(r) for r in conn.execute(
        "SELECT i.id, i.path, i.depth, i.title, s.path AS section, s.title AS section_title, "
        "(SELECT theme FROM item_themes t WHERE t.item_id = i.top_id AND t.primary_ = 1) "
        "AS theme, "
        "(SELECT count(*) FROM requirements r WHERE r.item_id = i.id) AS n_requirements "
        "FROM items i LEFT JOIN sections s ON s.id = i.section_id "
        "WHERE i.doc_id = ? ORDER BY i.seq", (doc_id,))]
    return doc


def series_documents(conn: sqlite3.Connection, series: str) -> list[dict[str, Any]]:
    """The documents of one series, oldest first."""
    return [dict(r) for r in conn.execute(
        "SELECT id, year, title, name, series, sha256, superseded FROM documents "
        "WHERE series = ? ORDER BY year, version_date, id", (series,))]


def diffable_series(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Every series with two documents or more, each with its documents oldest first."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute("SELECT id, year, title, name, series, sha256, superseded "
                          "FROM documents WHERE series IN (SELECT series FROM documents "
                          "GROUP BY series HAVING count(*) > 1) "
                          "ORDER BY series, year, version_date, id"):
        out.setdefault(r["series"], []).append(dict(r))
    return out


def source_labels(conn: sqlite3.Connection, doc_ids: set[int]) -> dict[int, str]:
    """Where each document came from, for people: its path from the folder above the
    one all stored documents share (``corpora/2025-….txt``), never an absolute path."""
    ids = [i for i in doc_ids if i]
    if not ids:
        return {}
    # min and max share the prefix all paths share (in string order, that is the rule)
    lo, hi = conn.execute("SELECT min(path), max(path) FROM documents").fetchone()
    try:
        common = os.path.commonpath([lo, hi])
    except (TypeError, ValueError):  # no documents, or relative and absolute paths mixed
        common = ""
    folder = os.path.dirname(common) if common in (lo, hi) else common
    root = os.path.dirname(folder)
    if len(Path(folder).parts) < 3:  # documents from unrelated places (/tmp and /home/…):
        root = ""                    # their file names alone, not a path from near the top
    marks = ",".join("?" for _ in ids)
    out = {}
    for doc_id, path in conn.execute(f"SELECT id, path FROM documents WHERE id IN ({marks})",
                                     ids):
        rel = path[len(root):].lstrip("/") if root and path.startswith(root) else path
        out[doc_id] = rel if not os.path.isabs(rel) else os.path.basename(rel)
    return out


def versions(conn: sqlite3.Connection, item_id: int) -> list[dict[str, Any]]:
    """Of an article of a law: the stored versions of the law, oldest first, each with its
    article of the same path (``None`` where that version has none).  Empty for a
    document that is not versioned."""
    row = conn.execute("SELECT i.path, d.id, d.series, d.versioned FROM items i "
                       "JOIN documents d ON d.id = i.doc_id WHERE i.id = ?",
                       (item_id,)).fetchone()
    if row is None or not row["versioned"] or not row["series"]:
        return []
    out = []
    for r in conn.execute("SELECT id, year, version_date, superseded FROM documents "
                          "WHERE series = ? AND versioned = 1 ORDER BY version_date, year, id",
                          (row["series"],)):
        out.append({"doc_id": r["id"], "year": r["year"], "version_date": r["version_date"],
                    "superseded": bool(r["superseded"]), "current": r["id"] == row["id"],
                    "item": _item_ref(conn, r["id"], row["path"])})
    return out if len(out) > 1 else []


def load_document(conn: sqlite3.Connection, doc_id: int) -> Document:
    """The stored ``Document`` record, rebuilt."""
    with reading(conn):
        row = conn.execute("SELECT json FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    return document_from_json(row[0], conn)


def document_from_json(text: str, conn: sqlite3.Connection) -> Document:
    """A ``Document`` from its stored JSON; a damaged one is a ``StoreError`` naming the
    database."""
    from ..errors import PolicyTextError

    try:
        return Document.from_json(text)
    except (PolicyTextError, ValueError, TypeError, KeyError, AttributeError) as exc:
        load_json(text, "documents.json", conn)  # names bad JSON as such
        raise StoreError(f"damaged record in documents.json of {database_path(conn)} "
                         f"({type(exc).__name__}: {exc}): {REBUILD}") from exc


def stored_corpus(db, *, like_folder: bool = False):
    """The stored documents as a :class:`~policytext.corpus.Corpus`, without reading any
    file again, with their stored theme tags (``Corpus.tags``).

    By default series and years are as stored and paths are the stored (resolved) paths:
    what ``history --db`` uses.  ``like_folder=True`` makes the corpus that
    :meth:`Corpus.load <policytext.corpus.Corpus.load>` makes of the folder the documents
    were ingested from (paths from the folder all stored documents share, series and
    years inferred alike), so that ``tables --db`` and ``graph --db`` write what
    ``tables`` and ``graph`` of that folder write."""
    import dataclasses

    from ..corpus import Corpus, CorpusEntry, folder_entries
    from .schema import connect

    conn = connect(db, readonly=True)
    try:
        with reading(conn):
            rows = conn.execute("SELECT id, path, series, year, issuer, json, taxonomy, tags "
                                "FROM documents ORDER BY series, year, path").fetchall()
        docs, tags = [], {}
        for r in rows:
            doc = document_from_json(r["json"], conn)
            docs.append((r, dataclasses.replace(doc, source=doc.source or r["path"])))
    finally:
        conn.close()
    if not like_folder:
        entries = [CorpusEntry(r["path"], r["series"] or "", r["year"], r["issuer"], doc)
                   for r, doc in docs]
        paths = [r["path"] for r, _ in docs]
    else:
        folder = _shared_folder([r["path"] for r, _ in docs])
        paths = [os.path.relpath(r["path"], folder) if folder else r["path"]
                 for r, _ in docs]
        paths = [Path(p).as_posix() for p in paths]
        entries = folder_entries([(p, doc, {}) for p, (_, doc) in zip(paths, docs, strict=True)])
    for p, (r, _) in zip(paths, docs, strict=True):
        if r["taxonomy"] and r["tags"]:
            tags[p] = (r["taxonomy"], r["tags"])
    return Corpus(str(db), tuple(entries), tags=tags)


def _shared_folder(paths: list[str]) -> str:
    """The folder that holds every one of ``paths`` (``""`` when none does)."""
    if not paths:
        return ""
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # relative and absolute paths mixed
        return ""
    return os.path.dirname(common) if common in paths else common


def compare_available() -> bool:
    """Whether policytext.compare (the comparison) is installed."""
    import importlib

    try:
        importlib.import_module("policytext.compare")
    except ModuleNotFoundError as exc:
        if exc.name == "policytext.compare":
            return False
        raise
    return True


_CACHE: dict[tuple[str, str], Any] = {}


def _compare(conn: sqlite3.Connection, old_id: int, new_id: int):
    """compare() of two stored documents, cached by their content hashes."""
    from ..compare import compare

    key = tuple(conn.execute("SELECT sha256 FROM documents WHERE id = ?", (i,)).fetchone()[0]
                for i in (old_id, new_id))
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = compare(load_document(conn, old_id), load_document(conn, new_id))
    return _CACHE[key]


def lineage(conn: sqlite3.Connection, item_id: int) -> list[dict[str, Any]] | None:
    """The item followed through the other years of its series, oldest first.

    Each step is ``{year, doc_id, paths, items, change}`` where ``change`` says how
    that year's item(s) came from the year before (``unchanged``, ``modified``,
    ``moved``, ``split`` …, from :func:`policytext.compare.compare`; ``added`` when
    it had no predecessor, ``removed`` for the year it is gone; empty for the
    first year shown).  ``None`` when the comparison is not installed.
    """
    if not compare_available():
        return None
    item = conn.execute("SELECT i.path, i.depth, d.id AS doc_id, d.series, d.year FROM items i "
                        "JOIN documents d ON d.id = i.doc_id WHERE i.id = ?",
                        (item_id,)).fetchone()
    if item is None or not item["series"]:
        return []
    docs = series_documents(conn, item["series"])
    index = next(k for k, d in enumerate(docs) if d["id"] == item["doc_id"])
    here = {"year": item["year"], "doc_id": item["doc_id"], "paths": [item["path"]],
            "change": ""}
    steps = [here]
    # backwards: how this year's item came from the years before
    paths, k = [item["path"]], index
    while k > 0:
        found, kinds = _follow(conn, docs[k - 1]["id"], docs[k]["id"], paths, forward=False)
        steps[0]["change"] = kinds if found else "added"
        if not found:  # show the year before, without an item
            steps.insert(0, {"year": docs[k - 1]["year"], "doc_id": docs[k - 1]["id"],
                             "paths": [], "change": ""})
            break
        steps.insert(0, {"year": docs[k - 1]["year"], "doc_id": docs[k - 1]["id"],
                         "paths": found, "change": ""})
        paths, k = found, k - 1
    # forwards: what became of it
    paths = [item["path"]]
    for k in range(index, len(docs) - 1):
        found, kinds = _follow(conn, docs[k]["id"], docs[k + 1]["id"], paths, forward=True)
        steps.append({"year": docs[k + 1]["year"], "doc_id": docs[k + 1]["id"],
                      "paths": found, "change": kinds if found else "removed"})
        if not found:
            break
        paths = found
    for step in steps:
        step["items"] = [_item_ref(conn, step["doc_id"], p) for p in step["paths"]]
    return steps


def _follow(conn, old_id: int, new_id: int, paths: list[str], *, forward: bool):
    comparison = _compare(conn, old_id, new_id)
    found: list[str] = []
    kinds: list[str] = []
    for change in comparison.every_change:
        mine = change.old if forward else change.new
        other = change.new if forward else change.old
        if any(p in mine for p in paths):
            kinds.append(change.type)
            found.extend(p for p in other if p not in found)
    return found, ", ".join(dict.fromkeys(kinds))


def _item_ref(conn, doc_id: int, path: str) -> dict[str, Any] | None:
    return _row(conn.execute("SELECT id, path, title FROM items WHERE doc_id = ? AND path = ?",
                             (doc_id, path)).fetchone())


def requirements_frame(conn: sqlite3.Connection, *, theme: str | None = None):
    """Requirements as a pandas DataFrame (with the primary theme of their item)."""
    import pandas as pd

    sql = ("SELECT d.year, d.series, r.path, t.theme, r.actor, r.target, r.action, r.frequency, "
           "r.quantity, r.deadline, r.strength, r.text FROM requirements r "
           "JOIN documents d ON d.id = r.doc_id JOIN items i ON i.id = r.item_id "
           "LEFT JOIN item_themes t ON t.item_id = i.top_id AND t.primary_ = 1")
    params: tuple = ()
    if theme:
        sql += " WHERE t.theme = ?"
        params = (theme,)
    return pd.read_sql_query(sql + " ORDER BY d.year, d.series, r.doc_id, r.seq", conn,
                             params=params)
