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
  When FTS5 would have to walk long posting lists to score a few scattered
  candidates, :mod:`policytext.store.rank` computes the same BM25 numbers
  from FTS5's own counts instead (see there).
* A query with both kinds of terms starts from the trigram index, unless its long
  terms are common (:data:`MANY` items): then one ``fts_chars`` query holds them
  all and the long terms are checked as substrings on its matches.
* Every term goes to FTS5 inside double quotes (quotes doubled), so operators,
  brackets, ``NEAR``, ``*`` or ``:`` typed by a user are text, never syntax:
  any string returns hits or an empty list, never an SQL error.
* When no item holds the exact query, search falls back to the words of each
  unquoted term (数据出境 → 数据, 出境: its words in the index vocabulary, and any
  characters between them), all of which must occur in the same item, ranked by
  BM25 plus their proximity (closest first), and says so in ``Results.note``.  A
  term in quotes (``"数据出境"``, “数据出境”, 「数据出境」) stays exact.
* Of a law (a series of versioned texts) only the latest version is searched
  unless ``all_versions=True``.
* Counting and ranking are bounded and say so: ``Results.total`` counts matches up
  to ``COUNT_LIMIT`` (``total_capped`` beyond); BM25 ranks the ``RANK_LIMIT`` most
  recently stored matches (``rank_capped`` when there are more, with a note), and
  the other matches follow them, newest first.  Pages are slices of that one
  order, so paging never repeats or skips a hit.

Highlights are computed on the document's own text (the index holds folded
text, which must never be shown): :func:`highlight` maps folded matches back to
the original characters and returns ``(text, is_match)`` segments, which the CLI
marks with ``**`` and the web page with ``<mark>`` (escaped).
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..patterns import fold
from .rank import bm25
from .schema import connect, database_error, database_path, load_json

__all__ = ["Hit", "Results", "search", "parse_query", "highlight", "segment", "parse_years",
           "display_path", "RANK_LIMIT", "COUNT_LIMIT"]

#: Characters stripped from both ends of a term: quotes and brackets a user may type
#: around a phrase, and FTS5 syntax characters.
_EDGE = "\"'`“”‘’「」『』()[]{}（）【】《》<>*^:+-~!?,;，。；：、！？"
_MAX_TERM = 64          # characters of one term that are used
_MAX_TERMS = 16
_MAX_WORD = 12          # the longest vocabulary word tried when segmenting a query
#: How many matching items BM25 ranks at most (the most recently stored ones): FTS5's
#: bm25() costs some 5 µs a row (its document-size lookup), so ranking the 35,000 items
#: holding 发展 in 100,000 took 175 ms; 500 keep a search of a common word near 10 ms.
RANK_LIMIT = 500
#: How many candidates :func:`policytext.store.rank.bm25` scores at most (past that, FTS5
#: walking the words' posting lists is the cheaper way): ``rank_limit=None`` may ask for
#: every match.
RANK_HERE = 4 * RANK_LIMIT
#: Long terms found in this many items are looked up with the short ones in
#: ``fts_chars`` (see :func:`_many`).
MANY = 4000
_CHOOSE = True  # False: rank.bm25 scores whatever it can (tests compare it with FTS5)
#: How many matching items are counted at most (``Results.total_capped`` beyond);
#: counted only when the ranked window is full.
COUNT_LIMIT = 1000
#: Quote pairs that make a term exact (no fallback to its words).
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "'": "'", "‘": "’"}
_RE_TERMS = re.compile("|".join(f"{re.escape(a)}[^{re.escape(b)}]+{re.escape(b)}"
                                for a, b in _QUOTES.items()) + r"|\S+")
#: Weight of proximity (1 when a fallback's words are adjacent) added to BM25.
PROXIMITY_WEIGHT = 2.0


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
    doc_id: int | None = None
    name: str | None = None               # the source file's name
    pages: tuple[int, int] | None = None  # first and last page of the item in the source
    superseded: bool = False              # a later version of this law is stored

    @property
    def label(self) -> str:
        """The item's path as people read it (no internal ``~2`` suffixes)."""
        return display_path(self.path)

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
            "name": self.name,
            "pages": list(self.pages) if self.pages else None,
            "superseded": self.superseded,
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
    return [t for t, _ in _parse(query)]


def _parse(query: str) -> list[tuple[str, bool]]:
    """``(term, quoted)`` pairs: a phrase in quotes is one exact term (inner spaces kept)."""
    terms: list[tuple[str, bool]] = []
    for raw in _RE_TERMS.findall(fold(query or "").replace("\ue000", " ")):
        quoted = len(raw) > 2 and _QUOTES.get(raw[0]) == raw[-1]
        term = " ".join(raw[1:-1].split()) if quoted else raw
        term = term.strip(_EDGE).strip()
        if term and term not in [t for t, _ in terms]:
            terms.append((term[:_MAX_TERM], quoted))
    return terms[:_MAX_TERMS]


def display_path(path: str) -> str:
    """An item path for people: ``一/5~2`` (the second item numbered 5) → ``一/5（第2个）``."""
    return re.sub(r"~(\d+)", r"（第\1个）", path or "")


def _pieces(conn: sqlite3.Connection, term: str) -> list[str]:
    """A term cut into index words by longest match, keeping the characters between them."""
    words = segment(conn, term)
    out, i = [], 0
    for w in words:
        j = term.find(w, i)
        if j > i and term[i:j].strip():
            out.append(term[i:j].strip())
        out.append(w)
        i = j + len(w)
    if term[i:].strip():
        out.append(term[i:].strip())
    return list(dict.fromkeys(p for p in out if p.strip(_EDGE)))


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


class Results(list):
    """The hits of one page (a list of :class:`Hit`), with what was found in all.

    ``total``: matching items (at most ``COUNT_LIMIT``; ``total_capped`` when there
    are more); ``mode``: ``"exact"``, ``"words"`` (the fallback to the query's words)
    or ``""`` (nothing found); ``words``: the fallback's words; ``note``: what a
    person should be told (the fallback, a ranking cap), or ``None``;
    ``rank_capped``: BM25 ranked only the ``RANK_LIMIT`` most recent matches.
    """

    def __init__(self, hits=(), *, total: int = 0, total_capped: bool = False,
                 mode: str = "", words: tuple[str, ...] = (), note: str | None = None,
                 rank_capped: bool = False):
        super().__init__(hits)
        self.total = total
        self.total_capped = total_capped
        self.mode = mode
        self.words = words
        self.note = note
        self.rank_capped = rank_capped


def search(db: str | Path | sqlite3.Connection, query: str, *, theme: str | None = None,
           year: str | int | tuple[int, int] | None = None, series: str | None = None,
           issuer: str | None = None, section: str | None = None,
           requirements: bool = False, all_versions: bool = False, limit: int = 20,
           offset: int = 0, rank_limit: int | None = RANK_LIMIT) -> Results:
    """Items matching every term of ``query``, best first (see the module docstring).

    Filters: ``theme`` (the primary theme of the item's top-level item), ``year``
    (``2025``, ``"2019-2022"`` or a tuple), ``series`` and ``issuer`` (substrings),
    ``section`` (a section path such as ``二`` or words of its heading),
    ``requirements`` (only requirements: one hit per matching requirement),
    ``all_versions`` (every stored version of a law, not only the latest).

    ``rank_limit``: BM25 ranks at most this many matches, the most recently stored
    (``None`` ranks all: exact, but slow on words found in tens of thousands of items).
    """
    conn = db if isinstance(db, sqlite3.Connection) else connect(db, readonly=True)
    try:
        return _search(conn, query, theme=theme, years=parse_years(year), series=series,
                       issuer=issuer, section=section, requirements=requirements,
                       all_versions=all_versions, limit=_rows(limit),
                       offset=_rows(offset), rank_limit=rank_limit)
    except sqlite3.DatabaseError as exc:
        raise database_error(exc, database_path(conn), "search failed on") from exc
    finally:
        if conn is not db:
            conn.close()


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + " and " + items[-1]


def _rows(n: int) -> int:
    """A limit or offset as SQLite takes it: negative is 0, a huge one is capped (so
    ``limit=10**20`` means "all", not an OverflowError)."""
    return min(max(0, int(n)), 1 << 40)


def _search(conn, query, *, limit, offset, **filters) -> Results:
    parsed = _parse(query)
    terms = [t for t, _ in parsed]
    if not terms:
        return Results()
    found = _find(conn, terms, limit=limit, offset=offset, **filters)
    if found.total or limit == 0:
        return found
    pieces: list[str] = []
    for term, quoted in parsed:
        for p in ([term] if quoted else _pieces(conn, term)):
            if p not in pieces:
                pieces.append(p)
    if pieces == terms or len(pieces) <= len(terms):
        return found
    fallback = _find(conn, pieces, limit=limit, offset=offset, proximity=True, **filters)
    if not fallback.total:
        return found
    fallback.mode, fallback.words = "words", tuple(pieces)
    note = f"no exact match for {' '.join(terms)}; showing items with {_and(pieces)}"
    fallback.note = note + (f"; {fallback.note}" if fallback.note else "")
    return fallback


def _find(conn, terms, *, theme, years, series, issuer, section, requirements, all_versions,
          limit, offset, rank_limit, proximity: bool = False) -> Results:
    """One exact search for ``terms`` (each an exact substring of the item)."""
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    words: list[str] = []
    for t in terms:
        for w in segment(conn, t):
            if w not in words:
                words.append(w)

    params: dict[str, Any] = {}
    where: list[str] = []
    indexed = [t for t in short_terms if all(c.isalnum() for c in t)]
    by_chars = " AND ".join(_quote(" ".join(t)) for t in indexed)
    if long_terms:
        table = "fts_trigram"
        params["m"] = " AND ".join(_quote(t) for t in long_terms)
        scan = short_terms            # few candidates left: check the short terms on them
        spelled = [t for t in long_terms if all(c.isalnum() for c in t)]
        if indexed and spelled and _many(conn, params["m"]):
            # one FTS5 query over fts_chars for every term it can hold; the long terms
            # are still checked as substrings (fts_chars skips spaces: 革 发展 ≠ 革发展)
            table = "fts_chars"
            params["m"] = " AND ".join([by_chars] + [_quote(" ".join(t)) for t in spelled])
            scan = [t for t in short_terms if t not in indexed] + long_terms
    else:
        scan = [t for t in short_terms if t not in indexed]
        table = "fts_chars" if indexed else None
        params["m"] = by_chars
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
    latest_only = not all_versions and _has_superseded(conn)
    if latest_only:
        where.append("d.superseded = 0")

    # Join only what the filters need: on a long candidate list every lookup counts.
    joins = ""
    if years or series or issuer or section or theme or requirements or latest_only:
        joins = "JOIN items i ON i.id = {id} JOIN documents d ON d.id = i.doc_id "
        if section:
            joins += "LEFT JOIN sections s ON s.id = i.section_id "
    if scan:
        joins += "JOIN item_search x ON x.item_id = {id} "
    if table:
        where.insert(0, f"{table} MATCH :m")
        cand = (f"SELECT {table}.rowid AS item_id FROM {table} "
                + joins.format(id=f"{table}.rowid") + "WHERE " + " AND ".join(where))
        id_col = f"{table}.rowid"
    else:
        cand = ("SELECT x.item_id AS item_id FROM item_search x "
                + joins.format(id="x.item_id").replace("JOIN item_search x ON x.item_id = "
                                                       "x.item_id ", "")
                + "WHERE " + " AND ".join(where or ["1"]))
        id_col = "x.item_id"
    order = f" ORDER BY {id_col} DESC"

    params["cap"] = -1 if rank_limit is None else max(1, int(rank_limit))
    ids = _column(conn, f"{cand}{order} LIMIT :cap", params)
    window = len(ids)
    fetch = (limit + offset) * (4 if requirements else 1)
    total = window
    if rank_limit is not None and window == params["cap"]:  # more may match: count them
        # only the older part: FTS5 seeks to the rowid range instead of reading it again
        params["oldest"] = ids[-1]
        params["count_cap"] = COUNT_LIMIT + 1 - window
        total = window + conn.execute(
            f"SELECT count(*) FROM ({cand} AND {id_col} < :oldest LIMIT :count_cap)",
            params).fetchone()[0]
    capped = total > COUNT_LIMIT and total > window
    if total == 0 or limit == 0:
        return Results(total=total if not capped else COUNT_LIMIT, total_capped=capped)
    scores = _rank(conn, ids, words)
    rows = [(i, scores.get(i, 0.0)) for i in ids]
    if proximity:
        rows.sort(key=lambda r: (-r[1], -r[0]))
        scored = _with_proximity(conn, rows, terms, fetch)
    else:
        scored = sorted((-score, -item_id) for item_id, score in rows)[:fetch]
    page = [(-neg_id, -neg_score) for neg_score, neg_id in scored][:fetch]
    if len(page) < fetch and total > window:  # past the ranked window: the older matches
        params["below"] = ids[-1]
        params["more"] = fetch - len(page)
        page += [(r[0], 0.0) for r in conn.execute(
            f"SELECT item_id FROM ({cand}) WHERE item_id < :below "
            f"ORDER BY item_id DESC LIMIT :more", params)]
    if requirements:  # an item gives one hit per matching requirement: page the hits
        hits = _hits(conn, page, terms, requirements)[offset:offset + limit]
    else:  # one hit per item: only the page's items are read and highlighted
        hits = _hits(conn, page[offset:offset + limit], terms, requirements)
    note = None
    rank_capped = total > window
    shown_total = COUNT_LIMIT if capped else total
    if rank_capped:
        note = (f"ranked the {window:,} most recently stored of "
                f"{'more than ' if capped else ''}{shown_total:,} "
                f"matches; the others follow, newest first")
    return Results(hits, total=shown_total, total_capped=capped, mode="exact", note=note,
                   rank_capped=rank_capped)


def _rank(conn: sqlite3.Connection, ids: list[int], words: list[str]) -> dict[int, float]:
    """BM25 of the candidates ``ids`` (newest first) for the query's ``words``.

    Up to :data:`RANK_HERE` candidates are scored by :func:`policytext.store.rank.bm25`
    (FTS5's formula on FTS5's numbers, without walking the words' posting lists) when
    that is cheaper; more, or when FTS5 reads little (rare words, or the newest matches
    of a common word close together), or a row ``bm25`` cannot reproduce, by FTS5
    itself.  Both give the same numbers.
    """
    if not ids or not words:
        return {}
    if len(ids) <= RANK_HERE:
        scores = bm25(conn, ids, words, choose=_CHOOSE)
        if scores is not None:
            return scores
    # The rowid range is one FTS5 seeks to, so only the part of a long posting list
    # around the candidates is read; ``+rowid IN`` is a plain filter (as a constraint,
    # FTS5 would run the whole MATCH once per value).
    return {r[0]: -r[1] for r in conn.execute(
        "SELECT rowid, bm25(fts_words) FROM fts_words WHERE fts_words MATCH :w "
        "AND rowid >= :lo AND rowid <= :hi "
        "AND +rowid IN (SELECT value FROM json_each(:ids))",
        {"w": " OR ".join(_quote(w) for w in words), "lo": min(ids), "hi": max(ids),
         "ids": json.dumps(ids)})}


def _with_proximity(conn: sqlite3.Connection, rows: Sequence[tuple], terms: Sequence[str],
                    fetch: int, *, batch: int = 64) -> list[tuple[float, int]]:
    """``(-score, -item_id)`` sorted, the score BM25 plus :data:`PROXIMITY_WEIGHT` times
    :func:`_proximity`, for the rows (``item_id, bm25, …``, best BM25 first) that can
    reach the first ``fetch``: proximity adds at most the weight, so once ``fetch`` rows
    score more than the next row's BM25 plus the weight, no later row can pass them and
    their texts are not read (a common word's window is 500 rows; the page is 20)."""
    scored: list[tuple[float, int]] = []
    for start in range(0, len(rows), batch):
        if len(scored) >= fetch:
            scored.sort()
            if rows[start][1] + PROXIMITY_WEIGHT < -scored[fetch - 1][0]:
                break
        chunk = rows[start:start + batch]
        ids = [r[0] for r in chunk]
        folded = dict(conn.execute(
            f"SELECT item_id, folded FROM item_search WHERE item_id IN "
            f"({','.join('?' * len(ids))})", ids))
        scored += [(-(score + PROXIMITY_WEIGHT * _proximity(folded.get(item_id), terms)),
                    -item_id) for item_id, score, *_ in chunk]
    scored.sort()
    return scored


def _many(conn: sqlite3.Connection, long_match: str) -> bool:
    """Whether the long terms of a query that also has short ones are found in so many
    items (:data:`MANY`) that reading each to check the short terms costs more than
    one FTS5 query over ``fts_chars`` for all of them: FTS5 intersects the terms' lists
    by seeking (对军 建成小: 13,097 items hold 建成小, 20 both; 41.7 → 12.4 ms)."""
    n = _column(conn, "SELECT count(*) FROM (SELECT 1 FROM fts_trigram "
                "WHERE fts_trigram MATCH ? LIMIT ?)", (long_match, MANY))[0]
    return n >= MANY


def _column(conn: sqlite3.Connection, sql: str, params: Any) -> list:
    """The first column of a query's rows, read without ``sqlite3.Row`` (500 Row objects
    cost more than the query that finds them)."""
    cur = conn.cursor()
    cur.row_factory = None
    return [r[0] for r in cur.execute(sql, params)]


def _has_superseded(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM documents WHERE superseded = 1 LIMIT 1").fetchone() \
        is not None


def _proximity(folded: str | None, terms: Sequence[str]) -> float:
    """How close together the terms are in a text: their length over the shortest window
    holding them all (1.0 when adjacent)."""
    if not folded or not terms:
        return 0.0
    spots = sorted((i, k, len(t)) for k, t in enumerate(terms)
                   for i in _occurrences(folded, t))
    need, have, best = len(terms), {}, None
    lo = 0
    for hi in range(len(spots)):
        have[spots[hi][1]] = have.get(spots[hi][1], 0) + 1
        while len(have) == need:
            start = spots[lo][0]
            end = max(i + n for i, _, n in spots[lo:hi + 1])
            best = end - start if best is None else min(best, end - start)
            k = spots[lo][1]
            have[k] -= 1
            if not have[k]:
                del have[k]
            lo += 1
    if best is None:
        return 0.0
    return min(1.0, sum(len(t) for t in terms) / best)


def _occurrences(text: str, term: str) -> list[int]:
    out, i = [], text.find(term)
    while i >= 0 and len(out) < 50:
        out.append(i)
        i = text.find(term, i + 1)
    return out


def _hits(conn, page: list[tuple[int, float]], terms: Sequence[str], requirements: bool
          ) -> list[Hit]:
    """The page's items (in ``page`` order) as hits; requirement hits when asked."""
    if not page:
        return []
    marks = ",".join("?" for _ in page)
    rows = {r["id"]: r for r in conn.execute(
        "SELECT i.id, i.path, i.title, i.text, i.top_id, i.page_first, i.page_last, d.id AS "
        "doc_id, d.year, d.series, d.title AS doc_title, d.synthetic, d.path AS source, "
        "d.name, d.superseded, s.path AS section_path FROM items i "
        "JOIN documents d ON d.id = i.doc_id LEFT JOIN sections s ON s.id = i.section_id "
        f"WHERE i.id IN ({marks})", [i for i, _ in page])}
    themes = _themes(conn, {r["top_id"] for r in rows.values()})
    hits: list[Hit] = []
    for item_id, score in page:
        row = rows[item_id]
        mine = themes.get(row["top_id"], ())
        pages = (row["page_first"], row["page_last"]) if row["page_first"] else None
        base = dict(item_id=row["id"], path=row["path"], year=row["year"],
                    series=row["series"], title=row["title"] or "",
                    doc_title=row["doc_title"], source=row["source"],
                    synthetic=bool(row["synthetic"]), section=row["section_path"],
                    themes=tuple(t for t, _, _ in mine),
                    primary=next((t for t, _, p in mine if p), None),
                    evidence={t: e for t, e, _ in mine}, score=float(score or 0.0),
                    doc_id=row["doc_id"], name=row["name"], pages=pages,
                    superseded=bool(row["superseded"]))
        if not requirements:
            hits.append(Hit(text=row["text"], snippet=highlight(row["text"], terms), **base))
            continue
        for req in conn.execute("SELECT * FROM requirements WHERE item_id = ? ORDER BY seq",
                                (item_id,)):
            folded = fold(req["text"])
            if all(t in folded for t in terms):
                rd = {k: req[k] for k in ("path", "actor", "actor_source", "target", "action",
                                           "frequency", "quantity", "deadline", "strength",
                                           "text")}
                hits.append(Hit(text=req["text"], snippet=highlight(req["text"], terms),
                                requirement=rd, **base))
    return hits


def _themes(conn: sqlite3.Connection, top_ids: set[int]
            ) -> dict[int, list[tuple[str, list, int]]]:
    if not top_ids:
        return {}
    marks = ",".join("?" for _ in top_ids)
    out: dict[int, list[tuple[str, list, int]]] = {}
    for r in conn.execute(f"SELECT item_id, theme, evidence, primary_ FROM item_themes "
                          f"WHERE item_id IN ({marks}) ORDER BY item_id, rank", tuple(top_ids)):
        out.setdefault(r[0], []).append((r[1], load_json(r[2], "item_themes.evidence", conn),
                                         r[3]))
    return out


@functools.lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    """``fold`` of one character, cached: highlighting folds every character of a hit."""
    return fold(c)


def highlight(text: str, terms: Sequence[str], *, width: int = 80
              ) -> tuple[tuple[str, bool], ...]:
    """A window of ``text`` around the first match, as ``(segment, is_match)`` pairs.

    Matching is on folded text (``terms`` are folded); the segments are the
    original characters.  ``…`` marks a cut.  With no match, the text's start.
    """
    if not text:
        return ()
    pieces = [_fold_char(c) for c in text]
    folded = "".join(pieces)
    owner: list[int] | None = None  # folded index → text index; None: one to one
    if len(folded) != len(text):
        owner = []
        for i, p in enumerate(pieces):
            owner.extend([i] * len(p))
    spans: list[tuple[int, int]] = []  # matched ranges of text, end exclusive
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start >= 0:
            end = start + len(term) - 1
            spans.append((start, end + 1) if owner is None else (owner[start], owner[end] + 1))
            start = folded.find(term, start + 1)
    first = min(spans)[0] if spans else 0
    lo = max(0, first - width // 4)
    hi = min(len(text), lo + width)
    lo = max(0, min(lo, hi - width))
    marked = [False] * (hi - lo)
    for a, b in spans:
        for k in range(max(a, lo), min(b, hi)):
            marked[k - lo] = True
    segments: list[tuple[str, bool]] = [("…", False)] if lo > 0 else []
    run_start = lo
    for k in range(lo + 1, hi + 1):
        if k == hi or marked[k - lo] != marked[run_start - lo]:
            segments.append((text[run_start:k], marked[run_start - lo]))
            run_start = k
    if hi < len(text):
        segments.append(("…", False))
    return tuple(segments)
