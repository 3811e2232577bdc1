"""The corpus database: SQLite schema, connection settings and integrity checks.

Everything is an ordinary table that opens in ``sqlite3`` or Datasette; the
full-text indexes are FTS5 *external-content* tables over ``item_search``, so
they hold no second copy of the text and FTS5's full integrity check
(``('integrity-check', 1)``) compares each index against the stored text.

Tables (``SCHEMA`` below is the DDL, the single source of truth):

``meta``           key/value: ``schema_version``.
``documents``      one row per ingested file: ``path`` (unique, absolute), ``sha256`` of the
                   bytes, GB/T 9704 metadata (title, year, issuer, doc_number, signed_date),
                   ``series`` (the title without its year: one annual series), counts of
                   items/sentences/requirements written with it (``n_*``, so a reader can
                   check that a document is complete), ``tagged`` (1 when themes and
                   requirements were extracted), ``synthetic`` (1 for generated data: a
                   sidecar ``<file>.meta.json`` says ``"synthetic": true``), and ``json``:
                   the whole ``Document`` record (``Document.from_json`` rebuilds it, e.g.
                   for comparisons).
``sections``       outline divisions (一、, 第X章), ``parent_id`` for nesting.
``items``          numbered items, depth first; ``parent_id`` for sub-items, ``top_id`` the
                   top-level item they belong to (themes are tagged on top-level items).
                   A document's preamble (the opening paragraph, a work plan's 总体要求)
                   comes first as an item and a section of kind and path ``preamble``,
                   so it is searched and followed across years like the items.
``sentences``      the sentences of each item, in order.
``requirements``   what an item requires: actor (``actor_source``: stated, carried,
                   beneficiary, or implied — the issuer, when the clause names no one),
                   action, frequency, quantity, deadline, strength, and ``target``: the body
                   the actor makes act (推动学会建立… → 学会) (policytext.requirements).
``item_themes``    every theme of every top-level item (policytext.themes.tag): ``score``,
                   ``rank`` (0 = highest), ``primary_`` (1 for the primary theme; an item
                   with no evidence for any theme has none), ``evidence`` (a JSON list of
                   the words that earned the score).
``removals``       the cleaning audit log of each document (``Removal`` records).
``ingest_log``     the ingest audit log: one row per file per run (added, replaced,
                   unchanged, failed) with the reason of a failure.
``item_search``    the search keys of each item: ``words`` (jieba search-mode words of the
                   folded text, space-separated), ``folded`` (``clean.fold`` of the text)
                   and ``chars`` (the folded characters, space-separated).
``fts_words``      FTS5 over ``item_search.words``, ``unicode61`` tokenizer: BM25 ranking.
``fts_trigram``    FTS5 over ``item_search.folded``, ``trigram`` tokenizer: exact substrings
                   of three characters or more.
``fts_chars``      FTS5 over ``item_search.chars``: one token per character, so a phrase
                   query finds the one- and two-character substrings a trigram index
                   cannot (党, 党建) without scanning every row.
``fts_words_vocab`` fts5vocab over ``fts_words``: each indexed word with its counts (for
                   inspection; counting reads whole posting lists, so search does not use it).
``search_terms``   every word ever indexed in ``fts_words``: a query is cut into these words
                   (longest match) without loading jieba, so it is segmented the way the
                   index was.  Words of deleted documents stay (they then match nothing).

Writes are one ``BEGIN IMMEDIATE`` transaction per document; the database runs in WAL
mode with ``synchronous=NORMAL`` (durable across a killed process, which is what an
interrupted ingest is; a power cut may lose the last transactions but never corrupts),
``foreign_keys=ON`` and a busy timeout so that concurrent writers wait instead of
failing with ``database is locked``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import StoreError

__all__ = ["SCHEMA", "SCHEMA_VERSION", "SYNCHRONOUS", "BUSY_TIMEOUT_MS", "connect",
           "integrity_check"]

SCHEMA_VERSION = 5  # 2: per-character index, search_terms, explicit primary theme; 3: synthetic;
#                    4: requirements.target, the preamble stored as an item; 5: documents.kind
#: ``PRAGMA synchronous`` value set on every connection (1 = NORMAL; asserted by a test).
SYNCHRONOUS = "NORMAL"
BUSY_TIMEOUT_MS = 60_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    format        TEXT,
    title         TEXT,
    kind          TEXT,            -- work_plan, work_report, law, notice, compilation, standard, other
    year          INTEGER,
    series        TEXT,
    issuer        TEXT,
    doc_number    TEXT,
    signed_date   TEXT,
    status        TEXT,
    warnings      TEXT,            -- JSON list
    n_sections    INTEGER NOT NULL,
    n_items       INTEGER NOT NULL,
    n_sentences   INTEGER NOT NULL,
    n_requirements INTEGER NOT NULL,
    tagged        INTEGER NOT NULL, -- 1: themes and requirements were extracted
    synthetic     INTEGER NOT NULL DEFAULT 0, -- 1: generated data, never a real document
    json          TEXT NOT NULL,    -- Document.to_json()
    ingested_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE INDEX IF NOT EXISTS documents_series ON documents(series, year);
CREATE TABLE IF NOT EXISTS sections (
    id        INTEGER PRIMARY KEY,
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    path      TEXT NOT NULL,
    number    TEXT,
    kind      TEXT,
    title     TEXT,
    text      TEXT
);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id);
CREATE TABLE IF NOT EXISTS items (
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES items(id) ON DELETE CASCADE,
    top_id     INTEGER,             -- the top-level item (itself when top-level)
    seq        INTEGER NOT NULL,    -- document order, depth first
    depth      INTEGER NOT NULL,
    path       TEXT NOT NULL,
    number     TEXT,
    kind       TEXT,
    title      TEXT,
    text       TEXT NOT NULL,
    UNIQUE (doc_id, path)
);
CREATE INDEX IF NOT EXISTS items_top ON items(top_id);
CREATE TABLE IF NOT EXISTS sentences (
    id      INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    text    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_item ON sentences(item_id);
CREATE TABLE IF NOT EXISTS requirements (
    id        INTEGER PRIMARY KEY,
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item_id   INTEGER REFERENCES items(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    path      TEXT NOT NULL,
    actor     TEXT,
    actor_source TEXT,             -- stated, carried, beneficiary or implied (the issuer)
    action    TEXT,
    frequency TEXT,
    quantity  TEXT,
    deadline  TEXT,
    strength  TEXT,
    text      TEXT NOT NULL,
    target    TEXT                 -- the body made to act: 推动学会建立… → 学会
);
CREATE INDEX IF NOT EXISTS requirements_item ON requirements(item_id);
CREATE TABLE IF NOT EXISTS item_themes (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    theme    TEXT NOT NULL,
    rank     INTEGER NOT NULL,      -- 0 = highest score
    primary_ INTEGER NOT NULL,      -- 1 for the item's primary theme (none when no evidence)
    score    REAL NOT NULL,
    evidence TEXT NOT NULL,         -- JSON list of strings
    PRIMARY KEY (item_id, theme)
);
CREATE INDEX IF NOT EXISTS item_themes_theme ON item_themes(theme, primary_);
CREATE TABLE IF NOT EXISTS removals (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    page        INTEGER,
    reason      TEXT,
    replacement TEXT,
    before      TEXT,
    after       TEXT
);
CREATE INDEX IF NOT EXISTS removals_doc ON removals(doc_id);
CREATE TABLE IF NOT EXISTS ingest_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    path    TEXT NOT NULL,
    sha256  TEXT,
    action  TEXT NOT NULL,          -- added | replaced | unchanged | failed
    message TEXT
);
CREATE TABLE IF NOT EXISTS item_search (
    item_id INTEGER PRIMARY KEY REFERENCES items(id),
    words   TEXT NOT NULL,
    folded  TEXT NOT NULL,
    chars   TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_words USING fts5(
    words, content='item_search', content_rowid='item_id', tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_trigram USING fts5(
    folded, content='item_search', content_rowid='item_id', tokenize='trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_chars USING fts5(
    chars, content='item_search', content_rowid='item_id',
    tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS fts_words_vocab USING fts5vocab(fts_words, 'row');
CREATE TABLE IF NOT EXISTS search_terms (
    term TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS item_search_ai AFTER INSERT ON item_search BEGIN
    INSERT INTO fts_words(rowid, words) VALUES (new.item_id, new.words);
    INSERT INTO fts_trigram(rowid, folded) VALUES (new.item_id, new.folded);
    INSERT INTO fts_chars(rowid, chars) VALUES (new.item_id, new.chars);
END;
CREATE TRIGGER IF NOT EXISTS item_search_ad AFTER DELETE ON item_search BEGIN
    INSERT INTO fts_words(fts_words, rowid, words) VALUES ('delete', old.item_id, old.words);
    INSERT INTO fts_trigram(fts_trigram, rowid, folded)
        VALUES ('delete', old.item_id, old.folded);
    INSERT INTO fts_chars(fts_chars, rowid, chars) VALUES ('delete', old.item_id, old.chars);
END;
"""


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) the corpus database with the store's settings.

    The connection is in autocommit mode: writers open their own
    ``BEGIN IMMEDIATE`` transactions.  ``readonly=True`` opens an existing file
    read-only (the web server and searches use it) and never creates one.
    """
    path = Path(path)
    try:
        if readonly:
            if not path.exists():
                raise StoreError(f"no database at {path} (run 'policytext ingest' first)")
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"cannot switch {path} to WAL mode (got {mode!r})")
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        conn.row_factory = sqlite3.Row
        if not readonly:
            _ensure_schema(conn, path)
        else:
            _check_version(conn, path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    return conn


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    have = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
    if have:
        _check_version(conn, path)
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(SCHEMA):
            conn.execute(statement)
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path} is not a policytext database ({exc})") from exc
    if row is None or int(row[0]) != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise StoreError(f"{path} has schema version {found}; this policytext reads "
                         f"version {SCHEMA_VERSION} (ingest the documents into a new database)")


def _statements(script: str) -> list[str]:
    """Split the DDL into statements (triggers contain ';' inside BEGIN … END)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` and FTS5's full integrity check.

    An empty list means the database and both full-text indexes match the stored
    text.  ``('integrity-check', 1)`` also compares each external-content index
    with ``item_search``, so text changed behind the index's back is caught.
    """
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    for table in ("fts_words", "fts_trigram", "fts_chars"):
        try:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"{table}: {exc}")
    return problems
