"""Bulk load: prepared documents into a database, fast, with the rows ingest writes.

:func:`bulk_load` is for building a big database in one go (a benchmark's million
items, a corpus re-built from prepared rows): it stores each :class:`Prepared`
document with the ingest's own per-document writer (``_write_in_tx``: the same
tables, the same rows, series placed and versions marked the same way, one
``ingest_log`` row per document), so a bulk-built database has the content of an
ingested one (``tests/test_store_bulk.py`` compares them).  What it changes is only
how the work is committed:

* documents are written in large transactions (``batch`` documents each, no
  savepoints: a document that cannot be stored ends the load with an error instead
  of being skipped — the input is prepared rows, not users' files);
* FTS5's incremental merging is deferred (``automerge=0``, a high ``crisismerge``),
  so the segments of each index are not re-merged after every batch; at the end
  every index is merged once (``'optimize'``) and the two settings are removed
  again (FTS5 keeps them in the database), as an ingested database has none;
* ``PRAGMA synchronous = OFF`` during the build only (a crash mid-build can corrupt
  the file, so the load is for a database you can build again; the connection
  setting goes back to the store's ``NORMAL`` before the last commit).

Interrupting a bulk load leaves the committed batches; it is not resumable the way
:func:`~policytext.store.ingest` is.  For users' files use ``ingest``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import StoreError
from .ingest import Prepared, _log, _write_in_tx
from .schema import SYNCHRONOUS, check_writable, connect, database_error

__all__ = ["bulk_load", "FTS_TABLES"]

#: The FTS5 indexes of the schema (all external-content over ``item_search``).
FTS_TABLES = ("fts_words", "fts_trigram", "fts_chars")

#: https://sqlite.org/fts5.html#fts5_configuration_options (defaults 4 and 16)
_BULK_FTS = {"automerge": 0, "crisismerge": 64}


def _fts_config(conn: sqlite3.Connection, settings: dict[str, int]) -> None:
    for table in FTS_TABLES:
        for key, value in settings.items():
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (key, value))


def bulk_load(prepared: Iterable[Prepared], *, db: str | Path, batch: int = 2000,
              progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Store ``prepared`` documents in ``db`` in large transactions; returns
    ``(documents, items)`` written.  ``progress(documents, items)`` is called after each
    committed batch.  A document that cannot be stored raises
    :class:`~policytext.errors.StoreError` (its batch is rolled back; earlier batches
    stay)."""
    if batch < 1:
        raise StoreError(f"batch must be at least 1, not {batch}")
    conn = connect(db)
    n_docs = n_items = in_batch = 0
    try:
        check_writable(conn, db)
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MB of page cache while building
        conn.execute("BEGIN IMMEDIATE")
        _fts_config(conn, _BULK_FTS)
        for prep in prepared:
            action = _write_in_tx(conn, prep)
            _log(conn, prep.path, action, sha256=prep.sha256)
            n_docs += 1
            n_items += len(prep.items)
            in_batch += 1
            if in_batch >= batch:
                conn.execute("COMMIT")
                if progress:
                    progress(n_docs, n_items)
                conn.execute("BEGIN IMMEDIATE")
                in_batch = 0
        conn.execute("COMMIT")
        # one merge of each index, then the settings an ingested database has
        for table in FTS_TABLES:
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        conn.execute("BEGIN IMMEDIATE")
        for table in FTS_TABLES:  # back to FTS5's defaults: no row, as after an ingest
            conn.execute(f"DELETE FROM {table}_config WHERE k IN ('automerge', 'crisismerge')")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if progress:
            progress(n_docs, n_items)
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError) as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreError(f"bulk load into {db}: cannot store document {n_docs + 1} "
                         f"({exc}); {n_docs - in_batch} documents committed before it") from exc
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise database_error(exc, db, f"bulk loading ({n_docs} documents written)") from exc
    finally:
        conn.close()
    return n_docs, n_items


