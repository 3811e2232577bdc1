"""The corpus database: SQLite schema, connection settings and integrity checks.

Everything is an ordinary table that opens in ``sqlite3`` or Datasette; the
full-text indexes are FTS5 *external-content* tables over ``item_search``, so
they hold no second copy of the text and FTS5's full integrity check
(``('integrity-check', 1)``) compares each index against the stored text.

Tables (``SCHEMA`` below is the DDL, the single source of truth):

``meta``           key/value: ``schema_version``.
``documents``      one row per ingested file: ``path`` (unique: the resolved path; a name
                   that is not UTF-8 shows its undecodable bytes as ``\\xNN`` and keeps its
                   exact bytes in ``path_bytes``), ``sha256`` of the bytes, GB/T 9704
                   metadata (title, year, issuer, doc_number, signed_date),
                   ``series`` (the title without its year: one annual series), counts of
                   items/sentences/requirements written with it (``n_*``, so a reader can
                   check that a document is complete), ``tagged`` (1 when themes and
                   requirements were extracted), ``synthetic`` (1 for generated data: a
                   sidecar ``<file>.meta.json`` says ``"synthetic": true``), ``versioned``
                   (1 for a text published in revised versions — a law whose record lists
                   its 沿革 — ``version_date`` the date of its latest revision) and
                   ``superseded`` (1 when a later version of the same series is stored:
                   search shows the latest version unless asked for all), and ``json``:
                   the whole ``Document`` record (``Document.from_json`` rebuilds it, e.g.
                   for comparisons); ``taxonomy`` and ``tags``: the tagger's output as it
                   was (``policytext.themes.tags_to_json``) and the key of the taxonomy it
                   was made with (``taxonomy_key``: its content and policytext's version),
                   so ``tables --db`` and ``graph --db`` use it again where they tag with
                   the same taxonomy — ``item_themes`` cannot tell an item no theme fits
                   (``unclassified``) from one without evidence, nor say the taxonomy.
``sections``       outline divisions (一、, 第X章), ``parent_id`` for nesting.
``items``          numbered items, depth first; ``parent_id`` for sub-items, ``top_id`` the
                   top-level item they belong to (themes are tagged on top-level items),
                   ``page_first``/``page_last`` the pages of the source it was printed on.
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
``originals``      the bytes of each ingested file up to ``MAX_ORIGINAL`` bytes (the page
                   offers them for download; a larger file is not kept and the page shows
                   where it was).
``ingest_log``     the ingest audit log: one row per file per run — added, replaced,
                   unchanged (skipped by hash) or failed, with the reason of a failure;
                   ``path`` is the resolved path (escaped as in ``documents``).
``item_search``    the search keys of each item: ``words`` (jieba search-mode words of the
                   folded text, space-separated), ``folded`` (``clean.fold`` of the text)
                   and ``chars`` (the folded characters, space-separated).
``fts_words``      FTS5 over ``item_search.words``, ``unicode61`` tokenizer: BM25 ranking.
``fts_trigram``    FTS5 over ``item_search.folded``, ``trigram`` tokenizer: exact substrings
                   of three characters or more.
``fts_chars``      FTS5 over ``item_search.chars``: one token per character, so a phrase
                   query finds the one- and two-character substrings a trigram index
                   cannot (党, 党建) without scanning every row.
``fts_words_vocab`` fts5vocab over ``fts_words``: each indexed word with its counts (a
                   count reads the word's whole posting list: search asks it only for the
                   document count BM25 needs, once per word per index state).
``search_terms``   every word ever indexed in ``fts_words``: a query is cut into these words
                   (longest match) without loading jieba, so it is segmented the way the
                   index was.  Words of deleted documents stay (they then match nothing).

A new database is built in a temporary file beside the target and linked into place
only when complete, so concurrent first ingests never see a half-made file and a
failure (a full disk) leaves nothing behind.  Writes are one ``BEGIN IMMEDIATE``
transaction per document; the database runs in WAL
mode with ``synchronous=NORMAL`` (durable across a killed process, which is what an
interrupted ingest is; a power cut may lose the last transactions but never corrupts),
``foreign_keys=ON`` and a busy timeout so that concurrent writers wait instead of
failing with ``database is locked``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from ..errors import StoreError

__all__ = ["SCHEMA", "SCHEMA_VERSION", "SYNCHRONOUS", "BUSY_TIMEOUT_MS", "MAX_ORIGINAL",
           "connect", "integrity_check", "check_writable", "database_error", "load_json",
           "database_path", "reading"]

SCHEMA_VERSION = 7  # 2: per-character index, search_terms, explicit primary theme; 3: synthetic;
#                    4: requirements.target, the preamble stored as an item; 5: path_bytes,
#                    item pages, originals, versioned/superseded documents; 6: documents.kind;
#                    7: documents.taxonomy and .tags (the tagger's whole output)
#: ``PRAGMA synchronous`` value set on every connection (1 = NORMAL; asserted by a test).
SYNCHRONOUS = "NORMAL"
BUSY_TIMEOUT_MS = 60_000
#: ``PRAGMA mmap_size`` of read-only connections (SQLite caps it at its compile-time
#: limit, 2 GB by default): searching 10⁶ items reads a few thousand scattered pages per
#: query, and through the memory map each is a memory access, not a read() into
#: SQLite's 2 MB page cache (issue 15: CPU p95 −20 %).  Writers keep ordinary reads.
READ_MMAP = 1 << 34
#: Files up to this size are kept in ``originals`` (the page offers them for download).
MAX_ORIGINAL = 50 * 1024 * 1024

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
    kind          TEXT,            -- work_plan, work_report, law, notice, compilation, …
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
    path_bytes    BLOB,             -- the exact bytes of a path that is not UTF-8
    versioned     INTEGER NOT NULL DEFAULT 0, -- 1: one version of a revised text (a law)
    version_date  TEXT,             -- the date of its latest revision (ISO)
    superseded    INTEGER NOT NULL DEFAULT 0, -- 1: a later version is stored
    json          TEXT NOT NULL,    -- Document.to_json()
    taxonomy      TEXT,             -- policytext.themes.taxonomy_key of the tags' taxonomy
    tags          TEXT,             -- policytext.themes.tags_to_json of its tags
    ingested_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE INDEX IF NOT EXISTS documents_series ON documents(series, year);
CREATE INDEX IF NOT EXISTS documents_superseded ON documents(superseded) WHERE superseded = 1;
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
    page_first INTEGER,
    page_last  INTEGER,
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
CREATE TABLE IF NOT EXISTS originals (
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    bytes  BLOB NOT NULL
);
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
    A database that does not exist yet is built in a temporary file and linked
    into place when complete (see the module docstring).
    """
    path = Path(path)
    if readonly and not path.exists():
        raise StoreError(f"no database at {path} (run 'policytext ingest' first)")
    if not readonly and not _nonempty(path):
        _create(path)
    try:
        conn = _open(path, readonly=readonly)
    except sqlite3.DatabaseError as exc:
        raise database_error(exc, path, "cannot open database") from exc
    try:
        if not readonly:
            _ensure_wal(conn, path)
            _ensure_schema(conn, path)
        else:
            _check_version(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise database_error(exc, path, "cannot open database") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def database_error(exc: BaseException, path: str | Path, doing: str) -> StoreError:
    """A one-line ``StoreError`` for an SQLite or OS error met while ``doing`` (on ``path``).

    A full disk says so (and names the database); a damaged file says how to rebuild it.
    """
    text = " ".join(str(exc).split())
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) in _FULL_ERRNOS \
            or "database or disk is full" in text or (
                code is not None and code & 0xFF == sqlite3.SQLITE_IOERR and _no_space(path)):
        return StoreError(f"disk full: {doing} {path} failed ({text}); free some space and "
                          f"run the command again")
    if code == sqlite3.SQLITE_NOTADB or "file is not a database" in text:
        return StoreError(f"cannot open database {path}: not an SQLite database, or its "
                          f"header is damaged; if it was a policytext database, {REBUILD}")
    if code == sqlite3.SQLITE_CORRUPT or "malformed" in text:
        return StoreError(f"{path} is damaged ({text}): {REBUILD}")
    if text.startswith("Could not decode to UTF-8"):  # bytes damaged inside a text value
        column = text.split("'")[1] if text.count("'") >= 2 else "a text"
        return StoreError(f"{path} is damaged (column {column!r} holds bytes that are not "
                          f"UTF-8 text): {REBUILD}")
    return StoreError(f"{doing} {path}: {text}")


@contextlib.contextmanager
def reading(db: sqlite3.Connection | str | Path):
    """``with reading(conn): …`` — an SQLite error met while reading the store (a value
    damaged where ``quick_check`` does not look) becomes one typed ``StoreError`` naming
    the database, also when pandas wrapped it (``pandas.errors.DatabaseError``)."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        cause = exc if isinstance(exc, sqlite3.Error) else exc.__cause__
        if not isinstance(cause, sqlite3.Error):
            raise
        path = database_path(db) if isinstance(db, sqlite3.Connection) else str(db)
        raise database_error(cause, path, "cannot read") from exc


def database_path(conn: sqlite3.Connection) -> str:
    """The file behind a connection (for messages)."""
    try:
        return next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"),
                    "the database") or "the database"
    except sqlite3.Error:
        return "the database"


def load_json(text: str | None, where: str, conn: sqlite3.Connection | None = None) -> Any:
    """A stored JSON value; a damaged one is a ``StoreError`` naming the column."""
    try:
        return json.loads(text) if text is not None else None
    except (TypeError, ValueError) as exc:
        name = database_path(conn) if conn is not None else "the database"
        raise StoreError(f"damaged JSON in {where} of {name} ({exc}): {REBUILD}") from exc


_FULL_ERRNOS = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def _no_space(path: str | Path) -> bool:
    """Whether the file system of ``path`` is (nearly) full: SQLite reports a full disk
    met while growing its WAL index or journal as an I/O error, not as SQLITE_FULL."""
    try:
        st = os.statvfs(Path(path).absolute().parent)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 1 << 20


#: How to get a working database back, said by every "damaged" message.
REBUILD = ("rebuild it by ingesting the documents into a new database "
           "(policytext ingest FOLDER --db NEW.db), or restore a copy")


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise database_error(exc, path, "cannot open database") from exc


def _open(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if readonly:
        conn.execute(f"PRAGMA mmap_size = {READ_MMAP}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    conn.row_factory = sqlite3.Row
    return conn


def _create(path: Path) -> None:
    """Build a complete empty database beside ``path`` and link it into place.

    ``os.link`` fails when ``path`` appeared meanwhile (another ingest made it first):
    then that one is used.  On any failure the temporary file is removed, so a full
    disk leaves no half-made database that a later command would misread.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            _create_schema(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first: use theirs
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
                raise
            if not _nonempty(path):  # no hard links here: a rename is the next best
                os.replace(tmp, path)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise database_error(exc, path, "cannot create database") from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                pass  # best effort: a hidden .tmp file is never opened as a database


def _ensure_wal(conn: sqlite3.Connection, path: Path) -> None:
    """WAL mode (persistent in the file): switch an older file, retrying while it is busy.

    Changing the journal mode needs an exclusive lock, which SQLite's busy timeout
    does not wait for; so retry until ``BUSY_TIMEOUT_MS`` has passed.
    """
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) \
                    or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
            continue
        if mode.lower() != "wal":
            raise StoreError(f"cannot switch {path} to WAL mode (got {mode!r})")
        return


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(SCHEMA):
            conn.execute(statement)
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite has already rolled back after SQLITE_FULL
            conn.execute("ROLLBACK")
        raise


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    have = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
    if have:
        _check_version(conn, path)
        return
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables:
        raise StoreError(f"{path} is not a policytext database (it holds other tables)")
    _create_schema(conn)  # an empty file given by the user


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path} is not a policytext database ({exc})") from exc
    if row is None or not str(row[0]).isdigit() or int(row[0]) != SCHEMA_VERSION:
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


FTS_TABLES = ("fts_words", "fts_trigram", "fts_chars")


def integrity_check(conn: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` and FTS5's full integrity check.

    An empty list means the database and every full-text index match the stored
    text.  ``('integrity-check', 1)`` also compares each external-content index
    with ``item_search``, so text changed behind the index's back is caught.
    ``quick=True`` runs ``PRAGMA quick_check`` (no index-to-table cross-check:
    linear time) instead of ``integrity_check``.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        return [f"{pragma}: {exc}"]
    for table in FTS_TABLES:
        try:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"{table}: {exc}")
    for table, column in JSON_COLUMNS:
        try:
            bad = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL "
                               f"AND NOT json_valid({column})").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            problems.append(f"{table}.{column}: {exc}")
            continue
        if bad:
            problems.append(f"damaged JSON in {table}.{column} ({bad} rows)")
    return problems


#: The columns that hold JSON (checked before writing; read with :func:`load_json`).
JSON_COLUMNS = (("documents", "json"), ("documents", "warnings"), ("item_themes", "evidence"))


def check_writable(conn: sqlite3.Connection, path: str | Path) -> None:
    """Refuse (``StoreError``, one line) to write into a damaged database.

    Runs ``quick_check`` and the FTS integrity checks; the message names the first
    problem and how to rebuild.
    """
    problems = integrity_check(conn, quick=True)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        first = " ".join(problems[0].split())[:200]
        raise StoreError(f"{path} is damaged ({first}{more}): {REBUILD}")
