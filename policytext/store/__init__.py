"""The corpus database: ingest documents into SQLite and search them.

    >>> from policytext import store
    >>> report = store.ingest(["corpora/"], db="policytext.db")
    >>> [h.path for h in store.search("policytext.db", "三会一课")]
    ['一/5']
    >>> store.search("policytext.db", "支部书记述职").note
    'no exact match for 支部书记述职; showing items with 支部书记 and 述职'

``schema`` holds the documented DDL and connection settings, ``ingest`` the
read → structure → tag → store pipeline, ``search`` the Chinese full-text
search, ``browse`` the look-ups the web page and notebooks use, ``export`` the corpus
frames (``store.items_frame(db)`` …) and their Parquet export.
"""

from __future__ import annotations

from .export import changes_frame, documents_frame, export, items_frame, requirements_frame
from .ingest import IngestReport, ingest
from .schema import SCHEMA, SCHEMA_VERSION, connect, integrity_check
from .search import Hit, Results, highlight, parse_query, search

__all__ = [
    "ingest",
    "IngestReport",
    "search",
    "Hit",
    "Results",
    "highlight",
    "parse_query",
    "connect",
    "integrity_check",
    "export",
    "documents_frame",
    "items_frame",
    "requirements_frame",
    "changes_frame",
    "SCHEMA",
    "SCHEMA_VERSION",
]
