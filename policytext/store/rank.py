"""FTS5's BM25 for a short list of candidate items, without scanning the index.

Search ranks the (at most ``RANK_LIMIT``) items that hold a query by FTS5's
``bm25()`` over ``fts_words``.  Asking FTS5 for it means a ``MATCH`` on the OR of
the query's words, and FTS5 then walks every posting of every word between the
oldest and the newest candidate: for a common word (和 is in 46 % of 10⁶ items)
that is hundreds of thousands of rows read to score a few hundred, some 20 ms.
FTS5 cannot take a list of rowids instead (each value would rerun the whole
query), so :func:`bm25` computes the same score itself, from the same numbers:

* the row count and total token count: FTS5's own "averages" record;
* each word's document count (the IDF): fts5vocab's ``doc`` of its token (or a
  ``count(*)`` of its ``MATCH``), which FTS5 also counts for every ``bm25()`` query
  (``xQueryPhrase``) — here it is kept per index state
  (:data:`_HITS`), so a long-running reader (the web server, a benchmark)
  counts a common word once, not on every query;
* each candidate's token count: FTS5's ``docsize`` record;
* each word's frequency in a candidate: the candidate's ``words`` re-tokenized
  the way FTS5's ``unicode61`` tokenizer does it.  Which characters are token
  characters, and how they fold, is asked of SQLite's own tokenizer
  (:func:`_classify`), once per character per process, so the copy cannot drift
  from the library; and a candidate whose token count differs from FTS5's own
  makes :func:`bm25` return ``None`` (the caller then asks FTS5).

The arithmetic is FTS5's ``fts5Bm25Function`` (``ext/fts5/fts5_aux.c``, k1 = 1.2,
b = 0.75, an IDF of at most 0 replaced by 1e-6) in the same order, so the scores are
the same floating-point numbers (a test compares them with FTS5's).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import threading
from collections.abc import Sequence

__all__ = ["bm25", "tokens"]

_K1 = 1.2
_B = 0.75
#: FTS5's record ids in ``%_data``: the averages (row and token counts), the structure.
_AVERAGES_ID = 1
_STRUCTURE_ID = 10

_lock = threading.RLock()
#: character → what FTS5's unicode61 makes of it: " " (a separator) or its folded form
#: (possibly "", a diacritic dropped inside a token); ``_known`` says which were asked.
_FOLD: dict[int, str] = {}
_known: set[str] = set()
_SEPARATORS: set[str] = set()
_tokenizer_db: sqlite3.Connection | None = None
#: Character ranges most of an index's words are made of, which unicode61 neither
#: splits nor folds (checked against SQLite once per process: :func:`_plain_pattern`).
_PLAIN = (("\u4e00", "\u9fff"), ("\u3400", "\u4dbf"), ("0", "9"), ("a", "z"))
_re_not_plain: re.Pattern | None = None
#: (database, index state, phrase) → the number of rows holding the phrase.
_HITS: dict[tuple, int] = {}
_HITS_MAX = 50_000
#: What scoring one candidate here costs, in postings FTS5 reads in the same time
#: (≈ 7 µs against 25-45 ns, measured on 10⁶ items): below it FTS5 is asked.
POSTINGS_PER_ROW = 200


def _tokenizer() -> sqlite3.Connection:
    """An in-memory FTS5 table with fts_words's tokenizer and its ``instance`` vocabulary."""
    global _tokenizer_db
    if _tokenizer_db is None:
        db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        _tokenizer_db = db
    return _tokenizer_db


def _tokenize(text: str) -> list[str]:
    """``text`` as SQLite's own unicode61 tokenizer cuts it (slow: for checks)."""
    db = _tokenizer()
    db.execute("BEGIN")
    try:
        db.execute("INSERT INTO t(rowid, x) VALUES (1, ?)", (text,))
        return [term for _, term in sorted(db.execute("SELECT offset, term FROM v"))]
    finally:
        db.execute("ROLLBACK")


def _classify(chars: set[str]) -> None:
    """Learn how ``unicode61`` (fts_words's tokenizer) treats each of ``chars``.

    Each character is indexed between two letters (``a…b``): two tokens ``a``, ``b``
    mean a separator; one token ``a…b`` gives its folded form (``ab``: dropped, as a
    diacritic is, inside a token).
    """
    with _lock:
        chars = sorted(c for c in chars if c not in _known)
        if not chars:
            return
        toks = _tokenize(" ".join(f"a{c}b" for c in chars))
        k = 0
        for c in chars:
            if toks[k] == "a":  # "a" alone: c split the token
                _FOLD[ord(c)] = " "
                _SEPARATORS.add(c)
                k += 2
            else:
                if toks[k][1:-1] != c:
                    _FOLD[ord(c)] = toks[k][1:-1]
                k += 1
            _known.add(c)


def _plain_pattern() -> re.Pattern:
    """A pattern for any character but a space and those of :data:`_PLAIN` that
    unicode61 keeps as they are (checked once: a text of only these is one token)."""
    global _re_not_plain
    if _re_not_plain is None:
        with _lock:
            ok = []
            for lo, hi in _PLAIN:
                # in runs of 1,000 characters, one token each (FTS5 cuts a token at 32 KB)
                runs = ["".join(chr(c) for c in range(start, min(start + 1000, ord(hi) + 1)))
                        for start in range(ord(lo), ord(hi) + 1, 1000)]
                if _tokenize(" ".join(runs)) == runs:
                    ok.append(f"{re.escape(lo)}-{re.escape(hi)}")
            _re_not_plain = re.compile(f"[^ {''.join(ok)}]")
    return _re_not_plain


def _unfolded_tokens(text: str) -> list[str] | None:
    """The tokens of a text that unicode61 only splits (ideographs, digits, a-z, and
    separators it has been seen to split at: 80%, a.b), or None (it folds or is new)."""
    not_plain = _plain_pattern()
    odd = not_plain.findall(text)
    if not odd:
        return text.split()
    if _SEPARATORS.issuperset(odd):
        return not_plain.sub(" ", text).split()
    return None


def tokens(text: str) -> list[str]:
    """``text`` cut into tokens as FTS5's ``unicode61`` tokenizer cuts it."""
    toks = _unfolded_tokens(text)
    if toks is not None:
        return toks
    new = set(text) - _known
    if new:
        _classify(new)
    return text.translate(_FOLD).split()


def _varint(blob: bytes, i: int) -> tuple[int, int]:
    """One SQLite varint (big-endian, 7 bits a byte, the ninth byte whole) at ``i``."""
    value = 0
    for k in range(8):
        byte = blob[i + k]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, i + k + 1
    return (value << 8) | blob[i + 8], i + 9


def _index_state(conn: sqlite3.Connection) -> tuple[tuple, int, int] | None:
    """(a key that changes whenever fts_words changes, rows, tokens), or None (empty)."""
    row = conn.execute(
        "SELECT (SELECT block FROM fts_words_data WHERE id = ?), "
        "(SELECT block FROM fts_words_data WHERE id = ?), "
        "(SELECT file FROM pragma_database_list WHERE name = 'main')",
        (_AVERAGES_ID, _STRUCTURE_ID)).fetchone()
    averages, structure, path = bytes(row[0] or b""), bytes(row[1] or b""), row[2]
    if not averages:
        return None
    n_rows, i = _varint(averages, 0)
    n_tokens, _ = _varint(averages, i)
    if n_rows <= 0:
        return None
    try:
        st = os.stat(path) if path else None
    except OSError:
        st = None
    # The structure record holds FTS5's write counter: every committed change to the
    # index changes it.  The file's identity tells two databases apart.
    where = (path, st.st_dev, st.st_ino) if st else (path or id(conn),)
    # a digest, not the records: 50,000 cached counts must not each hold a structure
    # record (kilobytes on an index of many segments)
    state = hashlib.blake2b(averages + b"/" + structure, digest_size=16).digest()
    return (*where, len(averages), state), n_rows, n_tokens


def _quote(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def _hits(conn: sqlite3.Connection, key: tuple | None, word: str, n_rows: int) -> int:
    """How many rows hold ``word`` (as FTS5's phrase), kept for the index state ``key``.

    A word of one token is read from fts5vocab (its ``doc`` count: 10-25 % faster than
    counting the MATCH); a phrase of several is counted up to half the rows (an IDF is
    1e-6 from there on)."""
    cache_key = (key, word)
    if key is not None and cache_key in _HITS:
        return _HITS[cache_key]
    toks = tokens(word)
    if not toks:
        n = 0  # an empty phrase matches nothing
    elif len(toks) == 1:
        row = conn.execute("SELECT doc FROM fts_words_vocab WHERE term = ?", (toks[0],)
                           ).fetchone()
        n = row[0] if row else 0
    else:
        n = conn.execute("SELECT count(*) FROM (SELECT 1 FROM fts_words WHERE fts_words "
                         "MATCH ? LIMIT ?)", (_quote(word), (n_rows + 1) // 2)).fetchone()[0]
    if key is not None:
        with _lock:
            if len(_HITS) >= _HITS_MAX:
                for old in list(_HITS)[:_HITS_MAX // 4]:
                    del _HITS[old]
            _HITS[cache_key] = n
    return n


def _frequency(toks: list[str], phrase: tuple[str, ...]) -> int:
    if len(phrase) == 1:
        return toks.count(phrase[0])
    if not phrase:
        return 0
    k = len(phrase)
    first = phrase[0]
    return sum(1 for i in range(len(toks) - k + 1)
               if toks[i] == first and tuple(toks[i:i + k]) == phrase)


def bm25(conn: sqlite3.Connection, ids: Sequence[int], words: Sequence[str], *,
         choose: bool = True) -> dict[int, float] | None:
    """``{item_id: score}`` for ``ids``: minus FTS5's ``bm25(fts_words)`` for the query
    ``"w1" OR "w2" OR …`` (0.0 for an item holding none of the words), or ``None`` when
    the score cannot be reproduced here — or, with ``choose``, when FTS5 will be faster
    (:data:`POSTINGS_PER_ROW`) — then ask FTS5."""
    if not ids or not words:
        return None
    state = _index_state(conn)
    if state is None:
        return None
    key, n_rows, n_tokens = state
    if conn.in_transaction:  # uncommitted writes are not in the key: count afresh
        key = None
    hits = [_hits(conn, key, w, n_rows) for w in words]
    span = max(ids) - min(ids) + 1
    # FTS5 reads each word's list once to count it (its IDF) and again over the span
    if choose and sum(hits) * (1 + span / n_rows) < POSTINGS_PER_ROW * len(ids):
        return None
    phrases = [tuple(tokens(w)) for w in words]
    idf = []
    for n_hit in hits:
        value = math.log((n_rows - n_hit + 0.5) / (n_hit + 0.5))
        idf.append(1e-6 if value <= 0.0 else value)
    avgdl = n_tokens / n_rows
    k1_plus_1 = _K1 + 1.0
    searched = [(i, p) for i, p in enumerate(phrases) if p]  # an empty phrase adds 0
    scores: dict[int, float] = {}
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: sqlite3.Row doubles this loop's time
    for item_id, text, size in cur.execute(
            "SELECT x.item_id, x.words, z.sz FROM item_search x "
            "JOIN fts_words_docsize z ON z.id = x.item_id "
            "WHERE x.item_id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)):
        toks = _unfolded_tokens(text)
        if toks is not None:  # each token is a piece of the text as it is
            present = [(i, p) for i, p in searched if p[0] in text]
            if not present:
                scores[item_id] = 0.0  # none of the words
                continue
        else:
            present = searched
            toks = tokens(text)
        if size is None or len(toks) != _varint(size, 0)[0]:
            return None  # this row was not tokenized as FTS5 did: let FTS5 score
        # fts5Bm25Function: score += idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl))
        # for each phrase in order; the divisor's right part is the same for every phrase,
        # and a phrase not in the row adds exactly 0.0, so both are left out of the loop.
        norm = _K1 * (1 - _B + _B * float(len(toks)) / avgdl)
        score = 0.0
        for i, phrase in present:
            freq = toks.count(phrase[0]) if len(phrase) == 1 else _frequency(toks, phrase)
            if freq:
                score += idf[i] * ((freq * k1_plus_1) / (freq + norm))
        scores[item_id] = score
    if len(scores) != len(set(ids)):
        return None
    return scores
