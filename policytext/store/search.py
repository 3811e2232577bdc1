"""Search that understands Chinese: exact substrings, BM25 ranking, highlights, filters.

How a query runs (all keys folded with :func:`policytext.clean.fold`, so
full-width and half-width forms, and letter case, match each other):

* The query is split on whitespace into terms; every term must occur in an item
  as an exact substring (terms are ANDed).
* A term of three or more characters is looked up in the ``trigram`` index as a
  quoted phrase.  A shorter term cannot be (a trigram index needs three
  characters), so it is looked up in ``fts_chars``, an index with one token per
  character, as a phrase of its characters (``"党 建"``): exact and indexed.
  Where a short term holds punctuation (which that index does not keep), or
  where a longer term already narrowed the candidates, it is checked with
  ``instr()`` on the plain ``item_search`` table — never with ``LIKE`` on the
  trigram table, which on SQLite 3.40 returned no rows where the same ``LIKE``
  on a plain table found them.
* Ranking is FTS5's BM25 over the jieba-segmented ``fts_words`` index.  The
  query is cut into words by longest match against that index's own vocabulary
  (``search_terms``), so it is segmented the way the index was, and the
  search path never loads jieba's dictionary (a cold command starts fast).
* Every term goes to FTS5 inside double quotes (quotes doubled), so operators,
  brackets, ``NEAR``, ``*`` or ``:`` typed by a user are text, never syntax:
  any string returns hits or an empty list, never an SQL error.

Highlights are computed on the document's own text (the index holds folded
text, which must never be shown): :func:`highlight` maps folded matches back to
the original characters and returns ``(text, is_match)`` segments, which the CLI
marks with ``**`` and the web page with ``<mark>`` (escaped).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..patterns import fold
from .schema import connect

__all__ = ["Hit", "search", "parse_query", "highlight", "segment", "parse_years"]

#: Characters stripped from both ends of a term: quotes and brackets a user may type
#: around a phrase, and FTS5 syntax characters.
_EDGE = "\"'`“”‘’「」『』()[]{}（）【】《》<>*^:+-~!?,;，。；：、！？"
_MAX_TERM = 64          # characters of one term that are used
_MAX_TERMS = 16
_MAX_WORD = 12          # the longest vocabulary word tried when segmenting a query
#: How many matching items are ranked at most (the most recently stored ones).
RANK_LIMIT = 500


@dataclass(frozen=True)
class Hit:
    """One search result: an item (or, with ``requirements=True``, one of its requirements)."""

    item_id: int
    path: str
    year: int | None
    series: str | None
    title: str
    doc_title: str | None
    source: str
    section: str | None
    text: str
    snippet: tuple[tuple[str, bool], ...]
    themes: tuple[str, ...]
    score: float
    primary: str | None = None
    requirement: dict[str, Any] | None = None
    evidence: dict[str, list[str]] = field(default_factory=dict)
    synthetic: bool = False

    def snippet_text(self, mark: tuple[str, str] = ("**", "**")) -> str:
        """The snippet with matches wrapped in ``mark`` (``**…**`` by default)."""
        return "".join(f"{mark[0]}{s}{mark[1]}" if hit else s for s, hit in self.snippet)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "path": self.path,
            "year": self.year,
            "series": self.series,
            "title": self.title,
            "snippet": self.snippet_text(),
            "themes": list(self.themes),
            "primary": self.primary,
            "score": round(self.score, 4),
            "doc_title": self.doc_title,
            "source": self.source,
            "section": self.section,
            "item_id": self.item_id,
            "synthetic": self.synthetic,
        }
        if self.requirement is not None:
            d["requirement"] = self.requirement
        return d


def parse_years(value: str | int | tuple[int, int] | None) -> tuple[int, int] | None:
    """``2025`` → (2025, 2025); ``"2019-2022"`` → (2019, 2022); ``None`` → None."""
    if value is None or value == "":
        return None
    if isinstance(value, tuple):
        lo, hi = value
        return (min(lo, hi), max(lo, hi))
    if isinstance(value, int):
        return (value, value)
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~:]\s*(\d{4})\s*)?", str(value))
    if not m:
        raise StoreError(f"year must be YYYY or YYYY-YYYY, not {value!r}")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return (min(lo, hi), max(lo, hi))


def parse_query(query: str) -> list[str]:
    """The folded terms of a query (whitespace-separated, edge quotes/brackets stripped)."""
    terms = []
    for raw in fold(query or "").replace("\ue000", " ").split():
        term = raw.strip(_EDGE)
        if term and term not in terms:
            terms.append(term[:_MAX_TERM])
    return terms[:_MAX_TERMS]


def _quote(term: str) -> str:
    """An FTS5 string: double quotes around, inner quotes doubled (never syntax)."""
    return '"' + term.replace('"', '""') + '"'


def segment(conn: sqlite3.Connection, term: str) -> list[str]:
    """Cut a folded term into words of the index vocabulary, longest match first.

    Characters no indexed word starts with are skipped (they cannot rank anything).
    """
    subs = {term[i:j] for i in range(len(term))
            for j in range(i + 1, min(len(term), i + _MAX_WORD) + 1)}
    subs = {s for s in subs if not s.isspace()}
    if not subs:
        return []
    marks = ",".join("?" for _ in subs)
    vocab = {r[0] for r in conn.execute(
        f"SELECT term FROM search_terms WHERE term IN ({marks})", tuple(subs))}
    words, i = [], 0
    while i < len(term):
        for j in range(min(len(term), i + _MAX_WORD), i, -1):
            if term[i:j] in vocab:
                words.append(term[i:j])
                i = j
                break
        else:
            i += 1
    return words


def search(db: str | Path | sqlite3.Connection, query: str, *, theme: str | None = None,
           year: str | int | tuple[int, int] | None = None, series: str | None = None,
           issuer: str | None = None, section: str | None = None,
           requirements: bool = False, limit: int = 20, offset: int = 0,
           rank_limit: int | None = RANK_LIMIT) -> list[Hit]:
    """Items matching every term of ``query``, best first (see the module docstring).

    Filters: ``theme`` (the primary theme of the item's top-level item), ``year``
    (``2025``, ``"2019-2022"`` or a tuple), ``series`` and ``issuer`` (substrings),
    ``section`` (a section path such as ``二`` or words of its heading),
    ``requirements`` (only requirements: one hit per matching requirement).

    ``rank_limit``: a query matching more items than this ranks only the most
    recently stored ``rank_limit`` of them (filters apply first, so every hit
    still matches; ``None`` ranks all, exactly but slower on common words).
    """
    conn = db if isinstance(db, sqlite3.Connection) else connect(db, readonly=True)
    try:
        return _search(conn, query, theme=theme, years=parse_years(year), series=series,
                       issuer=issuer, section=section, requirements=requirements,
                       limit=max(0, int(limit)), offset=max(0, int(offset)),
                       rank_limit=rank_limit)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"search failed: {exc}") from exc
    finally:
        if conn is not db:
            conn.close()


def _search(conn, query, *, theme, years, series, issuer, section, requirements, limit,
            offset, rank_limit) -> list[Hit]:
    terms = parse_query(query)
    if not terms or limit == 0:
        return []
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    words: list[str] = []
    for t in terms:
        for w in segment(conn, t):
            if w not in words:
                words.append(w)

    params: dict[str, Any] = {}
    where: list[str] = []
    if long_terms:
        table = "fts_trigram"
        params["m"] = " AND ".join(_quote(t) for t in long_terms)
        scan = short_terms            # few candidates left: check the short terms on them
    else:
        indexed = [t for t in short_terms if all(c.isalnum() for c in t)]
        scan = [t for t in short_terms if t not in indexed]
        table = "fts_chars" if indexed else None
        params["m"] = " AND ".join(_quote(" ".join(t)) for t in indexed)
    for k, t in enumerate(scan):
        params[f"s{k}"] = t
        where.append(f"instr(x.folded, :s{k}) > 0")
    if years:
        params["y0"], params["y1"] = years
        where.append("d.year BETWEEN :y0 AND :y1")
    if series:
        params["series"] = series
        where.append("instr(d.series, :series) > 0")
    if issuer:
        params["issuer"] = issuer
        where.append("instr(d.issuer, :issuer) > 0")
    if section:
        params["section"] = section
        where.append("(s.path = :section OR instr(s.title, :section) > 0)")
    if theme:
        params["theme"] = theme
        where.append("EXISTS (SELECT 1 FROM item_themes th WHERE th.item_id = i.top_id "
                     "AND th.theme = :theme AND th.primary_ = 1)")
    if requirements:
        where.append("EXISTS (SELECT 1 FROM requirements r WHERE r.item_id = i.id)")

    fetch = limit + offset
    params["fetch"] = fetch * 4 if requirements else fetch
    params["cap"] = max(rank_limit, params["fetch"]) if rank_limit else -1
    # Join only what the filters need: on a capped candidate list every lookup counts.
    joins = ""
    if years or series or issuer or section or theme or requirements:
        joins = "JOIN items i ON i.id = {id} JOIN documents d ON d.id = i.doc_id "
        if section:
            joins += "LEFT JOIN sections s ON s.id = i.section_id "
    if scan:
        joins += "JOIN item_search x ON x.item_id = {id} "
    if table:
        where.insert(0, f"{table} MATCH :m")
        cand = (f"SELECT {table}.rowid AS item_id FROM {table} "
                + joins.format(id=f"{table}.rowid") + "WHERE " + " AND ".join(where)
                + f" ORDER BY {table}.rowid DESC LIMIT :cap")
    else:
        cand = ("SELECT x.item_id AS item_id FROM item_search x "
                + joins.format(id="x.item_id").replace("JOIN item_search x ON x.item_id = "
                                                       "x.item_id ", "")
                + "WHERE " + " AND ".join(where or ["1"]) + " ORDER BY x.item_id DESC LIMIT :cap")
    if words:
        params["w"] = " OR ".join(_quote(w) for w in words)
        # The rowid range is one FTS5 seeks to, so only the part of a long posting list
        # around the candidates is read (the tail when they were capped, next to nothing
        # when they are few); ``+rowid IN`` is a plain filter (as a
        # constraint, FTS5 would run the whole MATCH once per value).
        ranked = ("SELECT rowid AS item_id, bm25(fts_words) AS wscore FROM fts_words "
                  "WHERE fts_words MATCH :w AND rowid >= (SELECT min(item_id) FROM cand) "
                  "AND rowid <= (SELECT max(item_id) FROM cand) "
                  "AND +rowid IN (SELECT item_id FROM cand)")
    else:
        ranked = "SELECT NULL AS item_id, NULL AS wscore WHERE 0"
    sql = f"""
        WITH cand AS MATERIALIZED ({cand}), ranked AS MATERIALIZED ({ranked}),
        top AS MATERIALIZED (
            SELECT item_id, 0 AS unranked, wscore AS bm25 FROM ranked
            UNION ALL
            SELECT item_id, 1, 0.0 FROM cand WHERE item_id NOT IN (SELECT item_id FROM ranked)
            ORDER BY unranked, bm25, item_id LIMIT :fetch)
        SELECT i.id, i.path, i.title, i.text, i.top_id, d.year, d.series, d.title AS doc_title,
               d.synthetic, d.path AS source, s.path AS section_path, s.title AS section_title,
               -t.bm25 AS score
        FROM top t
        JOIN items i ON i.id = t.item_id
        JOIN documents d ON d.id = i.doc_id
        LEFT JOIN sections s ON s.id = i.section_id
        ORDER BY t.unranked, t.bm25, t.item_id
    """
    rows = conn.execute(sql, params).fetchall()
    themes = _themes(conn, {row["top_id"] for row in rows})
    hits: list[Hit] = []
    for row in rows:
        base = dict(item_id=row["id"], path=row["path"], year=row["year"],
                    series=row["series"], title=row["title"] or "",
                    doc_title=row["doc_title"], source=row["source"],
                    synthetic=bool(row["synthetic"]),
                    section=row["section_path"],
                    themes=tuple(t for t, _, _ in themes.get(row["top_id"], ())),
                    primary=next((t for t, _, p in themes.get(row["top_id"], ()) if p), None),
                    evidence={t: e for t, e, _ in themes.get(row["top_id"], ())},
                    score=float(row["score"] or 0.0))
        if not requirements:
            hits.append(Hit(text=row["text"], snippet=highlight(row["text"], terms), **base))
            continue
        for req in conn.execute("SELECT * FROM requirements WHERE item_id = ? ORDER BY seq",
                                (row["id"],)):
            folded = fold(req["text"])
            if all(t in folded for t in terms):
                rd = {k: req[k] for k in ("path", "actor", "actor_source", "target", "action",
                                           "frequency", "quantity", "deadline", "strength",
                                           "text")}
                hits.append(Hit(text=req["text"], snippet=highlight(req["text"], terms),
                                requirement=rd, **base))
    return hits[offset:offset + limit]


def _themes(conn: sqlite3.Connection, top_ids: set[int]
            ) -> dict[int, list[tuple[str, list, int]]]:
    if not top_ids:
        return {}
    marks = ",".join("?" for _ in top_ids)
    out: dict[int, list[tuple[str, list, int]]] = {}
    for r in conn.execute(f"SELECT item_id, theme, evidence, primary_ FROM item_themes "
                          f"WHERE item_id IN ({marks}) ORDER BY item_id, rank", tuple(top_ids)):
        out.setdefault(r[0], []).append((r[1], json.loads(r[2]), r[3]))
    return out


def highlight(text: str, terms: Sequence[str], *, width: int = 80
              ) -> tuple[tuple[str, bool], ...]:
    """A window of ``text`` around the first match, as ``(segment, is_match)`` pairs.

    Matching is on folded text (``terms`` are folded); the segments are the
    original characters.  ``…`` marks a cut.  With no match, the text's start.
    """
    if not text:
        return ()
    pieces = [fold(c) for c in text]
    owner: list[int] = []
    for i, p in enumerate(pieces):
        owner.extend([i] * len(p))
    folded = "".join(pieces)
    marked = [False] * len(text)
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start >= 0:
            for k in range(owner[start], owner[start + len(term) - 1] + 1):
                marked[k] = True
            start = folded.find(term, start + 1)
    first = marked.index(True) if True in marked else 0
    lo = max(0, first - width // 4)
    hi = min(len(text), lo + width)
    lo = max(0, min(lo, hi - width))
    segments: list[tuple[str, bool]] = []
    if lo > 0:
        segments.append(("…", False))
    for k in range(lo, hi):
        if segments and segments[-1][1] == marked[k] and not (k == lo and lo > 0):
            segments[-1] = (segments[-1][0] + text[k], marked[k])
        else:
            segments.append((text[k], marked[k]))
    if hi < len(text):
        segments.append(("…", False))
    return tuple(segments)
