"""The page ``/reuse/<item id>``: where else an item's passages appear (text reuse).

The stored documents are searched with :func:`policytext.compare.reuse.find_reuse` once
per state of the database file (its size and modification time) and kept in memory;
the page lists, for one item, every passage another document shares with it: the
span in this item, the span there (with a link to that item), the similarity, which
came first; boilerplate is listed apart, as boilerplate.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

__all__ = ["page", "stored_reuse"]

_CACHE: dict[str, tuple[tuple[int, int], Any]] = {}
_LOCK = threading.Lock()


def stored_reuse(conn, db: Path):
    """The ReuseResult of every document stored in ``db`` (cached per file state)."""
    from ..compare.reuse import find_reuse
    from ..corpus import Corpus, CorpusEntry
    from ..store.browse import document_from_json

    st = db.stat()
    state = (st.st_size, st.st_mtime_ns)
    with _LOCK:
        hit = _CACHE.get(str(db))
        if hit and hit[0] == state:
            return hit[1]
        entries = [CorpusEntry(r[0], r[1] or r[0], r[2], r[3], document_from_json(r[4], conn))
                   for r in conn.execute("SELECT path, series, year, issuer, json "
                                         "FROM documents ORDER BY path")]
        result = find_reuse(Corpus("", tuple(entries)))
        _CACHE[str(db)] = (state, result)
        return result


def page(app, rest: list[str], q: dict[str, str]) -> str:
    from ..store.browse import get_item
    from . import HTTPError, _int

    if len(rest) != 1:
        raise HTTPError(404, "Not found")
    item_id = _int(rest[0], default=None, lo=1, hi=2**62)
    conn = app._connect()
    try:
        item = get_item(conn, item_id) if item_id else None
        if item is None:
            raise HTTPError(404, "No such item")
        doc_path = conn.execute("SELECT path FROM documents WHERE id = ?",
                                (item["doc_id"],)).fetchone()[0]
        result = stored_reuse(conn, app.db)
        docs = {r[0]: {"id": r[1], "title": r[2], "name": r[3], "year": r[4], "issuer": r[5]}
                for r in conn.execute("SELECT path, id, title, name, year, issuer "
                                      "FROM documents")}
        matches = []
        for e in result.edges:
            for here, there, role in ((e.target, e.source, "source"),
                                      (e.source, e.target, "target")):
                if (here.doc, here.path) != (doc_path, item["path"]):
                    continue
                other = docs.get(there.doc, {})
                row = conn.execute("SELECT id FROM items WHERE doc_id = ? AND path = ?",
                                   (other.get("id"), there.path)).fetchone()
                matches.append({"here": here, "there": there, "doc": other,
                                "item_id": row[0] if row else None,
                                "earlier": role == "source" and e.directed,
                                "later": role == "target" and e.directed,
                                "similarity": e.similarity, "boilerplate": e.boilerplate,
                                "lag": e.lag_years, "relation": e.relation})
        matches.sort(key=lambda m: (m["boilerplate"], m["here"].start, -m["similarity"]))
        return app.render("reuse.html", item=item, matches=matches)
    finally:
        conn.close()
