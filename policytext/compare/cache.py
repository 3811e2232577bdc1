"""Alignments kept by content, so that ``history``, ``graph`` and ``tables`` do not align
the same two documents again on every call.

A comparison is stored under a key made of both documents' content (their items'
paths and texts and the preamble, so a re-read file that gives the same structure
hits), the link model, the threshold and the hand-fixed links in force.  The store is
one SQLite file, ``alignments.sqlite``, in the project's cache folder
(``$POLICYTEXT_CACHE_DIR``, default ``~/.cache/policytext``; ``off`` keeps comparisons in
memory for the process only).  A stored comparison is rebuilt exactly: the same
changes, similarities, confidences, inline diffs, partial links and section map.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Document
from .align import Change, Comparison, Link, compare

__all__ = ["content_key", "cached_compare", "corpus_comparisons", "cache_path", "clear_memory"]

log = logging.getLogger(__name__)
FORMAT = 3  # bump when the stored shape of a comparison changes
_MEMORY: dict[str, dict[str, Any]] = {}


def cache_path() -> Path | None:
    """The SQLite file of stored alignments, or None when caching is off."""
    from ..text import cache_dir

    folder = cache_dir()
    return folder / "alignments.sqlite" if folder else None


def _doc_key(doc: Document) -> str:
    h = hashlib.sha256()
    h.update((doc.preamble or "").encode("utf-8"))
    for section in doc.iter_sections():
        h.update(f"\x00S{section.path}\x00{section.title}".encode())
        for item in section.items:
            h.update(f"\x00I{item.path}\x00{item.title}\x00{item.text}".encode())
    h.update(f"\x00Y{doc.year}".encode())
    return h.hexdigest()


def _default_model_text() -> str:
    from importlib import resources

    from .linking import MODEL_FILE

    return resources.files("policytext.data").joinpath("models", MODEL_FILE).read_text("utf-8")


def content_key(old: Document, new: Document, *, threshold: float | None,
                overrides: Any, model=None) -> str:
    """The key of a comparison: both documents' content and everything that decides links."""
    from .._version import __version__

    # the shipped model by its file (no need to load numpy to hash it), another by its numbers
    fitted = json.dumps(model.to_dict(), sort_keys=True) if model else _default_model_text()
    parts = [str(FORMAT), __version__, _doc_key(old), _doc_key(new), fitted, repr(threshold),
             json.dumps(overrides, ensure_ascii=False)]
    return hashlib.sha256("\x01".join(parts).encode("utf-8")).hexdigest()


def _to_data(cmp: Comparison) -> dict[str, Any]:
    return {"changes": [c.to_dict() for c in cmp.changes],
            "preamble": cmp.preamble.to_dict() if cmp.preamble else None,
            "sections": [list(p) for p in cmp.section_map],
            "partial_links": [lk.to_dict() for lk in cmp.partial_links],
            "gap_years": cmp.gap_years,
            "roles": [[list(r) for r in side] for side in cmp.roles]}


def _change(d: dict[str, Any]) -> Change:
    return Change(d["type"], tuple(d["old"]), tuple(d["new"]), d["similarity"],
                  tuple(tuple(op) for op in d["inline"]), d.get("confidence"), d.get("note", ""),
                  tuple(_change(p) for p in d.get("parts", ())))


def _from_data(old: Document, new: Document, d: dict[str, Any]) -> Comparison:
    return Comparison(old, new, tuple(_change(c) for c in d["changes"]),
                      tuple(tuple(p) for p in d["sections"]),
                      _change(d["preamble"]) if d["preamble"] else None,
                      partial_links=tuple(Link(**lk) for lk in d["partial_links"]),
                      gap_years=d["gap_years"],
                      roles=tuple(tuple(tuple(r) for r in side) for side in d["roles"]))


def _connect(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=5)
        conn.execute("CREATE TABLE IF NOT EXISTS alignments "
                     "(key TEXT PRIMARY KEY, data TEXT NOT NULL)")
        return conn
    except (OSError, sqlite3.Error) as exc:
        log.info("alignment cache %s not usable: %s", path, exc)
        return None


def cached_compare(old: Document, new: Document, *, threshold: float | None = None,
                   overrides: Any = "auto", model=None, gap_years: int | None = None
                   ) -> Comparison:
    """:func:`policytext.compare.compare`, answered from the alignment cache when the same
    two documents were compared before under the same model and hand-fixed links."""
    if overrides == "auto":
        from .overrides import find_overrides

        overrides = find_overrides(old, new)
    key = content_key(old, new, threshold=threshold, overrides=overrides, model=model)
    data = _MEMORY.get(key)
    path = cache_path()
    conn = _connect(path) if path and data is None else None
    if data is None and conn is not None:
        row = conn.execute("SELECT data FROM alignments WHERE key = ?", (key,)).fetchone()
        if row:
            data = json.loads(row[0])
    if data is not None:
        cmp = _from_data(old, new, data)
    else:
        cmp = compare(old, new, threshold=threshold, overrides=overrides, model=model)
        data = _to_data(cmp)
        if conn is not None:
            try:
                with conn:
                    conn.execute("INSERT OR REPLACE INTO alignments VALUES (?, ?)",
                                 (key, json.dumps(data, ensure_ascii=False)))
                log.info("stored an alignment in %s (POLICYTEXT_CACHE_DIR=off disables)", path)
            except sqlite3.Error as exc:
                log.info("could not store an alignment in %s: %s", path, exc)
    _MEMORY[key] = data
    if conn is not None:
        conn.close()
    if gap_years is not None and gap_years != cmp.gap_years:
        cmp = dataclasses.replace(cmp, gap_years=gap_years)
    return cmp


def corpus_comparisons(corpus, **compare_kw: Any) -> Iterator[tuple[Any, Any, Comparison]]:
    """(old entry, new entry, comparison) for each consecutive pair of each series of a
    :class:`~policytext.corpus.Corpus`, from the alignment cache where it can; the gap is
    counted from the entries' years (a manifest's years win over the documents')."""
    from ..corpus import gap_between

    for old, new in corpus.pairs():
        yield old, new, cached_compare(old.doc, new.doc,
                                       gap_years=gap_between(old.year, new.year), **compare_kw)


def clear_memory() -> None:
    """Forget the comparisons kept in this process (the file stays)."""
    _MEMORY.clear()
