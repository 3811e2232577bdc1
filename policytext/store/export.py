"""The corpus frames from a store, and their export to Parquet (or CSV).

The same frames as :mod:`policytext.frames`, read from the database instead of recomputed:

- :func:`documents_frame` — one row per stored document (its metadata, without the JSON
  record);
- :func:`items_frame` — one row per stored item, sub-items and preambles included (one row
  per row of the ``items`` table): document, series, year, kind, path, title, text,
  ``length``, the primary theme and a ``score_<theme>`` column per theme (a sub-item
  carries its top-level item's themes);
- :func:`requirements_frame` — one row per row of ``requirements``, with the primary theme;
- :func:`changes_frame` — one row per change between consecutive stored documents of a
  series (compared from their stored records, :func:`policytext.compare.compare`).

:func:`export` writes each as ``DIR/<name>.parquet`` (pyarrow; readable by
``pandas.read_parquet``, DuckDB's ``read_parquet`` and Dask) or ``.csv``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, StoreError
from .schema import connect, load_json, reading

__all__ = ["documents_frame", "items_frame", "requirements_frame", "changes_frame", "export",
           "FRAMES", "FORMATS"]

FORMATS = ("parquet", "csv")


def _conn(db):
    return connect(db, readonly=True) if isinstance(db, (str, Path)) else db


def documents_frame(db):
    """One row per stored document: path, name, title, year, series, issuer, counts."""
    import pandas as pd

    conn = _conn(db)
    df = pd.read_sql_query(
        "SELECT id AS doc_id, path, name, sha256, format, title, year, series, issuer, "
        "doc_number, signed_date, status, warnings, n_sections, n_items, n_sentences, "
        "n_requirements, tagged, synthetic, ingested_at FROM documents ORDER BY id", conn)
    df["synthetic"] = df["synthetic"].astype(bool)
    df["warnings"] = [load_json(w, "documents.warnings", conn) if w else []
                      for w in df["warnings"]]
    return df


#: An item's primary theme; an item tagged without one is ``unclassified`` (as in
#: :data:`policytext.themes.UNCLASSIFIED` and the corpus frames), an untagged one NULL.
_PRIMARY = ("CASE WHEN t.theme IS NOT NULL THEN t.theme WHEN EXISTS (SELECT 1 FROM item_themes x "
            "WHERE x.item_id = i.top_id) THEN 'unclassified' END")


def items_frame(db):
    """One row per stored item (see the module docstring)."""
    import pandas as pd

    conn = _conn(db)
    df = pd.read_sql_query(
        "SELECT d.path AS document, d.series, d.year, d.issuer, d.synthetic, i.id AS item_id, "
        "i.top_id, i.seq, i.depth, i.kind, i.path, s.path AS section, i.number, i.title, "
        f"i.text, length(i.text) AS length, {_PRIMARY} AS \"primary\" FROM items i "
        "JOIN documents d ON d.id = i.doc_id LEFT JOIN sections s ON s.id = i.section_id "
        "LEFT JOIN item_themes t ON t.item_id = i.top_id AND t.primary_ = 1 "
        "ORDER BY i.doc_id, i.seq", conn)
    df["synthetic"] = df["synthetic"].astype(bool)
    scores = pd.read_sql_query("SELECT item_id, theme, score FROM item_themes", conn)
    if len(scores):
        wide = scores.pivot(index="item_id", columns="theme", values="score")
        wide.columns = [f"score_{c}" for c in wide.columns]
        df = df.join(wide, on="top_id")
    return df


def requirements_frame(db):
    """One row per stored requirement, with its document and its item's primary theme."""
    import pandas as pd

    conn = _conn(db)
    return pd.read_sql_query(
        "SELECT d.path AS document, d.series, d.year, d.issuer, r.id AS requirement_id, "
        f"r.item_id, r.seq, r.path, {_PRIMARY} AS theme, r.actor, r.actor_source, r.target, "
        "r.action, "
        "r.frequency, r.quantity, r.deadline, r.strength, r.text FROM requirements r "
        "JOIN documents d ON d.id = r.doc_id LEFT JOIN items i ON i.id = r.item_id "
        "LEFT JOIN item_themes t ON t.item_id = i.top_id AND t.primary_ = 1 "
        "ORDER BY r.doc_id, r.seq", conn)


def changes_frame(db):
    """One row per change between consecutive stored documents of each series (columns
    as :data:`policytext.frames.CHANGE_COLUMNS`, documents named by their stored path)."""
    from ..corpus import Corpus, CorpusEntry
    from ..frames import changes_frame as corpus_changes
    from .browse import load_document

    conn = _conn(db)
    entries = [CorpusEntry(r["path"], r["series"] or "", r["year"], r["issuer"],
                           load_document(conn, r["id"]))
               for r in conn.execute("SELECT id, path, series, year, issuer FROM documents "
                                     "ORDER BY series, year, path")]
    entries.sort(key=lambda e: (e.series, e.year if e.year is not None else 10**6, e.path))
    return corpus_changes(Corpus("", tuple(entries)))


#: The frames :func:`export` writes, by file name.
FRAMES = {"documents": documents_frame, "items": items_frame,
          "requirements": requirements_frame, "changes": changes_frame}


def export(db, out: str | Path, *, format: str = "parquet",
           frames: tuple[str, ...] = tuple(FRAMES)) -> dict[str, tuple[Path, int]]:
    """Write the store's frames into the folder ``out``; returns name → (file, rows)."""
    if format not in FORMATS:
        raise InputError(f"export format must be one of {', '.join(FORMATS)}, not {format!r}")
    unknown = [f for f in frames if f not in FRAMES]
    if unknown:
        raise InputError(f"no frame {unknown[0]!r}; there are {', '.join(FRAMES)}")
    if format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise InputError("Parquet export needs pyarrow (pip install pyarrow)") from exc
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"export into a folder, not the file {out}")
    conn = _conn(db)
    written: dict[str, tuple[Path, int]] = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in frames:
            with reading(conn):
                df = FRAMES[name](conn)
            target = out / f"{name}.{format}"
            if format == "parquet":
                df.to_parquet(target, index=False)
            else:
                df.to_csv(target, index=False, encoding="utf-8-sig")
            written[name] = (target, len(df))
    except OSError as exc:
        raise InputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    except Exception as exc:
        if type(exc).__module__.startswith("pyarrow"):
            raise StoreError(f"cannot write Parquet into {out}: {exc}") from exc
        raise
    return written
