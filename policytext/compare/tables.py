"""Research tables over a corpus (pandas; written as CSV files or one Excel workbook).

- :func:`items_per_year` — items and sections of each document;
- :func:`theme_shares` — share of items, and of characters, per primary theme per year
  (:mod:`policytext.themes`);
- :func:`term_frequencies` and :func:`term_counts` — occurrences of terms in the text (what
  Ctrl-F counts) beside jieba token counts and document frequency (:data:`TERM_COLUMNS`);
- :func:`keyness` — words key to any year or group of years against another
  (``keyness(corpus, a=2015, b=2019)``): Dunning's log-likelihood (G²) and the Log Ratio
  effect size, a minimum frequency and stop words (:func:`table_stopwords`);
- :func:`slogan_changes` — quoted slogans that appear or disappear between consecutive years;
- :func:`changes_per_pair` — change types per pair of consecutive documents, with the
  ``gap_years`` between them (more than 1 where years are missing);
- :func:`requirement_changes` — requirements whose frequency or strength changed
  along a ``continues`` link (:mod:`policytext.requirements`);
- :func:`instrument_counts` and :func:`instrument_themes` — policy instruments per
  document and year, and instrument × theme (:mod:`policytext.instruments`).

Every table of pairs of years has ``gap_years``: the years missing between the two
(2019 → 2021 is 1), so that a gap is never read as one year's change.

The themes and requirements stages are optional here: while they are not
installed, the tables that need them raise :class:`~policytext.errors.ModelError`.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..corpus import gap_between as gap_years  # the one definition of a gap (2019 → 2021: 2)
from ..errors import InputError, ModelError

__all__ = [
    "items_per_year",
    "theme_shares",
    "series_taxonomies",
    "term_frequencies",
    "term_counts",
    "occurrences",
    "table_stopwords",
    "TERM_COLUMNS",
    "keyness",
    "keyness_between",
    "keyness_per_pair",
    "log_likelihood",
    "log_ratio",
    "gap_years",
    "slogan_changes",
    "changes_per_pair",
    "requirement_changes",
    "instrument_counts",
    "instrument_themes",
    "all_tables",
    "write_tables",
]



#: What the tables compute per document (tokens, tags, requirements), kept while the
#: document lives: ``all_tables`` makes eight tables from one corpus, and each document is
#: both the old and the new side of a pair, so each is tokenised, tagged and read for
#: requirements once, not once per table.
_MEMO: dict[tuple[Any, int], tuple[weakref.ref, Any]] = {}


def _per_doc(what: Any, doc, make):
    """``make(doc)``, computed once per document object and ``what``."""
    key = (what, id(doc))
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is doc:
        return hit[1]
    if len(_MEMO) >= 4096:  # forget the documents that are gone
        for k in [k for k, (ref, _) in _MEMO.items() if ref() is None]:
            del _MEMO[k]
    value = make(doc)
    _MEMO[key] = (weakref.ref(doc), value)
    return value


def items_per_year(corpus):
    import pandas as pd

    rows = [{"series": e.series, "year": e.year, "document": e.path,
             "sections": sum(1 for _ in e.doc.iter_sections()), "items": len(e.doc.items),
             "synthetic": bool(e.doc.meta.get("synthetic", False))} for e in corpus]
    return pd.DataFrame(rows, columns=["series", "year", "document", "sections", "items",
                                       "synthetic"])


def _need(module: str):
    import importlib

    try:
        return importlib.import_module(f"policytext.{module}")
    except ImportError as exc:
        raise ModelError(f"this table needs policytext.{module}, which is not installed "
                         "in this build") from exc


def series_taxonomies(corpus, taxonomy: Any = "auto") -> dict[str, Any]:
    """Series name → the taxonomy to tag it with: ``taxonomy`` for every series, or with
    ``"auto"`` the shipped taxonomy that fits the series' items (one per series, so that
    every year of a series is tagged alike)."""
    themes = _need("themes")
    if not themes.is_auto(taxonomy):
        tax = themes.load_taxonomy(taxonomy)
        return dict.fromkeys(corpus.series, tax)
    return {name: themes.load_taxonomy(themes.pick_taxonomy(
                it.text for e in entries for it in e.doc.items))
            for name, entries in corpus.series.items()}


def corpus_tags(corpus, taxes: dict[str, Any]) -> list[list[Any]]:
    """:func:`policytext.themes.tag` of every document of ``corpus`` with its series'
    taxonomy (``taxes``, :func:`series_taxonomies`), in corpus order: one transform per
    model over all the corpus's items, and each document tagged once per taxonomy.  A
    corpus from a database (``Corpus.tags``) gives the tags stored with a document
    where they were made with the same taxonomy (and policytext version)."""
    themes = _need("themes")
    entries = list(corpus)
    out: list[Any] = [None] * len(entries)
    todo: dict[Any, list[int]] = {}
    stored = getattr(corpus, "tags", None) or {}
    keys: dict[Any, str] = {}
    for k, e in enumerate(entries):
        tax = taxes[e.series]  # a Taxonomy: frozen, hashed by its content
        hit = _MEMO.get((("tags", tax), id(e.doc)))
        if hit is not None and hit[0]() is e.doc:
            out[k] = hit[1]
            continue
        kept = stored.get(e.path)
        if kept is not None:  # tags stored with the document: used if of this taxonomy
            if tax not in keys:
                keys[tax] = themes.taxonomy_key(tax)
            if kept[0] == keys[tax]:
                try:
                    tags = themes.tags_from_json(kept[1])
                except (ValueError, KeyError, TypeError):  # a damaged value: tag again
                    tags = None
                if tags is not None:
                    out[k] = _per_doc(("tags", tax), e.doc, lambda _, t=tags: t)
                    continue
        todo.setdefault(tax, []).append(k)
    for tax, group in todo.items():
        tagged = themes.tag_documents([entries[k].doc for k in group], taxonomy=tax)
        for k, tags in zip(group, tagged, strict=True):
            out[k] = _per_doc(("tags", tax), entries[k].doc, lambda _, t=tags: t)
    return out


def theme_shares(corpus, *, taxonomy: Any = "auto"):
    """Per series and year, for each primary theme: its ``items`` and their ``share`` of the
    document's items, and its ``chars`` (characters of those items' text) and their
    ``share_chars`` — items run from a few dozen characters to several thousand, so the
    two shares can differ a lot (``taxonomy``: see :func:`series_taxonomies`)."""
    import pandas as pd

    taxes = series_taxonomies(corpus, taxonomy)
    rows = []
    for e, tags in zip(corpus, corpus_tags(corpus, taxes), strict=True):
        length = {it.path: len(it.text) for it in e.doc.items}
        counts = Counter(t.primary or "(none)" for t in tags)
        chars: Counter = Counter()
        for t in tags:
            chars[t.primary or "(none)"] += length.get(t.path, 0)
        total = sum(counts.values()) or 1
        total_chars = sum(chars.values()) or 1
        for theme, n in sorted(counts.items()):
            rows.append({"series": e.series, "year": e.year, "taxonomy": taxes[e.series].name,
                         "theme": theme, "items": n, "share": n / total,
                         "chars": chars[theme], "share_chars": chars[theme] / total_chars})
    return pd.DataFrame(rows, columns=["series", "year", "taxonomy", "theme", "items", "share",
                                       "chars", "share_chars"])


#: What the term tables count, in their column names' words:
#:
#: - ``occurrences``: times the term occurs in the document's text as a substring
#:   (width-folded, non-overlapping: 数字 in 数字经济 and 数字化 counts) — what a reader
#:   counts with Ctrl-F;
#: - ``tokens``: times jieba (the project's tokenizer and dictionary) cut the text into
#:   exactly this word (数字经济 is one token, so it adds nothing to 数字);
#: - ``documents``: documents of the corpus whose text holds the term (document frequency);
#: - ``items``: items of this document whose text holds it.
#:
#: Candidate terms are jieba tokens of two or more characters that are not numbers and not
#: stop words (``data/stopwords.txt`` and ``data/stopwords-tables.txt``: function words and
#: report boilerplate such as 各位代表).
TERM_COLUMNS = ("series", "year", "term", "occurrences", "tokens", "per_10k_chars",
                "documents", "items")


@lru_cache(maxsize=1)
def table_stopwords() -> frozenset[str]:
    """Words the term tables and keyness leave out: the keyword stop words plus function
    words and report boilerplate (package data ``stopwords-tables.txt``)."""
    from importlib import resources

    from ..terms import stopwords

    raw = resources.files("policytext.data").joinpath("stopwords-tables.txt").read_text("utf-8")
    extra = {w for line in raw.splitlines() if not line.startswith("#") for w in line.split()}
    return stopwords() | frozenset(extra)


_RE_TERM = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9+＋]+$")


def _tokens(doc) -> Counter:
    """jieba tokens of the document's items, candidates only (see :data:`TERM_COLUMNS`);
    computed once per document (the caller must not change it)."""
    return _per_doc("tokens", doc, _candidate_tokens)


def _candidate_tokens(doc) -> Counter:
    from ..patterns import fold
    from ..text import tokenize

    stop = table_stopwords()
    return Counter(w for it in _items_with_preamble(doc) for w in tokenize(fold(it))
                   if _RE_TERM.match(w) and w not in stop)


def _items_with_preamble(doc) -> list[str]:
    return ([doc.preamble] if getattr(doc, "preamble", "") else []) + [it.text for it in doc.items]


def occurrences(text: str, term: str) -> int:
    """Non-overlapping occurrences of ``term`` in ``text``, both width-folded."""
    from ..patterns import fold

    return fold(text).count(fold(term)) if term else 0


def _term_rows(entry, terms, texts: dict[str, str]) -> list[dict[str, Any]]:
    from ..patterns import fold

    text = texts[entry.path]
    tokens = _per_doc("token_counts", entry.doc, lambda d: Counter(_all_tokens(d)))
    items = [fold(i) for i in _items_with_preamble(entry.doc)]
    chars = len(text) or 1
    rows = []
    for t in terms:
        key = fold(t)
        n = text.count(key)
        rows.append({"series": entry.series, "year": entry.year, "term": t, "occurrences": n,
                     "tokens": tokens[t], "per_10k_chars": 1e4 * n / chars,
                     "documents": sum(key in x for x in texts.values()),
                     "items": sum(key in i for i in items)})
    return rows


def _texts(corpus) -> dict[str, str]:
    from ..patterns import fold

    return {e.path: fold(e.doc.text) for e in corpus}


def term_counts(corpus, terms):
    """Given terms in every document of ``corpus`` (columns: :data:`TERM_COLUMNS`)."""
    import pandas as pd

    terms = list(dict.fromkeys(terms))
    texts = _texts(corpus)
    rows = [r for e in corpus for r in _term_rows(e, terms, texts)]
    return pd.DataFrame(rows, columns=list(TERM_COLUMNS))


def _all_tokens(doc) -> tuple[str, ...]:
    from ..patterns import fold
    from ..text import tokenize

    return _per_doc("all_tokens", doc, lambda d: tuple(tokenize(fold(d.text))))


def term_frequencies(corpus, *, top: int = 200):
    """The ``top`` terms of each document by occurrences in its text, with jieba token
    counts and document frequency beside them (columns: :data:`TERM_COLUMNS`)."""
    import pandas as pd

    from ..patterns import fold

    texts = _texts(corpus)
    rows = []
    for e in corpus:
        text = texts[e.path]
        occ = {t: text.count(fold(t)) for t in _tokens(e.doc)}
        rows.extend(_term_rows(e, sorted(occ, key=lambda t: (-occ[t], t))[:top], texts))
    return pd.DataFrame(rows, columns=list(TERM_COLUMNS))


def log_likelihood(a: int, b: int, total_a: int, total_b: int) -> float:
    """Dunning's G² for a word seen ``a`` times in corpus A and ``b`` in B."""
    e1 = total_a * (a + b) / (total_a + total_b)
    e2 = total_b * (a + b) / (total_a + total_b)
    g2 = 0.0
    if a:
        g2 += a * math.log(a / e1)
    if b:
        g2 += b * math.log(b / e2)
    return 2.0 * g2


def log_ratio(a: int, b: int, total_a: int, total_b: int) -> float:
    """Hardie's Log Ratio, the effect size beside G²: log2 of B's relative frequency over
    A's (+1 is twice as frequent in B, −1 half); a zero count is taken as 0.5."""
    return math.log2((max(b, 0.5) / total_b) / (max(a, 0.5) / total_a))


KEYNESS_COLUMNS = ("term", "a", "b", "a_per_10k", "b_per_10k", "log_likelihood", "log_ratio",
                   "direction")


def keyness_between(a, b, *, min_count: int = 5):
    """Keyness of jieba words between two documents or two groups of documents.

    Columns: ``a`` and ``b`` the token counts, per 10,000 tokens, Dunning's
    ``log_likelihood`` (G² ≥ 3.84 is p < .05, ≥ 15.13 p < .0001), ``log_ratio`` (the
    effect size, see :func:`log_ratio`) and ``direction``: ``up`` when the word is more
    frequent in B, ``down`` when in A.  Words seen fewer than ``min_count`` times in A and B
    together, and stop words (:func:`table_stopwords`), are left out.  Sorted by G².
    """
    import pandas as pd

    ca, cb = Counter(), Counter()
    for doc in _as_docs(a):
        ca.update(_tokens(doc))
    for doc in _as_docs(b):
        cb.update(_tokens(doc))
    ta, tb = sum(ca.values()) or 1, sum(cb.values()) or 1
    rows = []
    for word in set(ca) | set(cb):
        if ca[word] + cb[word] < min_count:
            continue
        rows.append({"term": word, "a": ca[word], "b": cb[word],
                     "a_per_10k": 1e4 * ca[word] / ta, "b_per_10k": 1e4 * cb[word] / tb,
                     "log_likelihood": log_likelihood(ca[word], cb[word], ta, tb),
                     "log_ratio": log_ratio(ca[word], cb[word], ta, tb),
                     "direction": "up" if cb[word] / tb > ca[word] / ta else "down"})
    df = pd.DataFrame(rows, columns=list(KEYNESS_COLUMNS))
    return df.sort_values(["log_likelihood", "term"], ascending=[False, True],
                          ignore_index=True)


def _as_docs(x) -> list:
    if hasattr(x, "items") and hasattr(x, "sections"):
        return [x]
    return list(x)


def _select(corpus, which, series: str | None) -> list:
    """The documents of ``corpus`` for a year, a collection of years, or a series' years."""
    years = {which} if isinstance(which, int) else set(which)
    bad = [y for y in years if not isinstance(y, int)]
    if bad:
        raise InputError(f"keyness: a side is a year or a collection of years, not {bad[0]!r}")
    picked = [e.doc for e in corpus if e.year in years and (series is None or e.series == series)]
    if not picked:
        have = sorted({e.year for e in corpus if e.year is not None
                       and (series is None or e.series == series)})
        raise InputError(f"keyness: no document of {sorted(years)}"
                         + (f" in series {series!r}" if series else "")
                         + f"; the corpus has {have}")
    return picked


def keyness(corpus, a, b, *, series: str | None = None, min_count: int = 5, top: int | None = None):
    """Words key to year (or years) ``a`` against ``b`` in ``corpus``: ``keyness(corpus, a=2015,
    b=2019)``, or groups ``a=(2014, 2015, 2016), b=(2021, 2022)``; ``series`` keeps one series.
    Columns as :func:`keyness_between`, plus ``a_years``, ``b_years`` and ``gap_years`` (the
    years missing between the latest of A and the earliest of B, 0 when consecutive)."""
    ya = {a} if isinstance(a, int) else set(a)
    yb = {b} if isinstance(b, int) else set(b)
    df = keyness_between(_select(corpus, a, series), _select(corpus, b, series),
                         min_count=min_count)
    if top is not None:
        df = df.head(top)
    df.insert(1, "a_years", _years_label(ya))
    df.insert(2, "b_years", _years_label(yb))
    df.insert(3, "gap_years", gap_years(max(ya), min(yb)) if ya and yb else None)
    return df


def _years_label(years) -> str:
    ys = sorted(years)
    return str(ys[0]) if len(ys) == 1 else ",".join(str(y) for y in ys)


def keyness_per_pair(corpus, *, top: int = 30, min_count: int = 5):
    """:func:`keyness_between` for each pair of consecutive documents of a series (its
    ``top`` words), with ``gap_years``."""
    import pandas as pd

    frames = []
    for old, new in corpus.pairs():
        df = keyness_between(old.doc, new.doc, min_count=min_count).head(top)
        df.insert(0, "gap_years", gap_years(old.year, new.year))
        df.insert(0, "new_year", new.year)
        df.insert(0, "old_year", old.year)
        df.insert(0, "series", old.series)
        frames.append(df)
    if not frames:
        return pd.DataFrame(columns=["series", "old_year", "new_year", "gap_years",
                                     *KEYNESS_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def slogan_changes(corpus):
    """Quoted slogans (“…”) that appear in or disappear from each next year."""
    import pandas as pd

    from ..text import quoted_terms

    rows = []
    for old, new in corpus.pairs():
        a = Counter(quoted_terms(old.doc.text))
        b = Counter(quoted_terms(new.doc.text))
        for term in sorted(set(a) | set(b)):
            if a[term] and b[term]:
                continue
            rows.append({"series": old.series, "old_year": old.year, "new_year": new.year,
                         "gap_years": gap_years(old.year, new.year),
                         "slogan": term, "status": "appeared" if b[term] else "disappeared",
                         "old": a[term], "new": b[term]})
    return pd.DataFrame(rows, columns=["series", "old_year", "new_year", "gap_years", "slogan",
                                       "status", "old", "new"])


def changes_per_pair(corpus, *, comparisons: dict | None = None):
    """Change types (:data:`~policytext.compare.align.CHANGE_TYPES`) per pair of consecutive
    documents of a series; ``gap_years`` > 0 marks a pair with years missing between them
    (2019 → 2021), whose changes add up more than one year's."""
    import pandas as pd

    from ..corpus import gap_between
    from .align import CHANGE_TYPES
    from .cache import cached_compare

    rows = []
    for old, new in corpus.pairs():
        gap = gap_between(old.year, new.year)
        cmp = ((comparisons or {}).get((old.path, new.path))
               or cached_compare(old.doc, new.doc, gap_years=gap))
        rows.append({"series": old.series, "old_year": old.year, "new_year": new.year,
                     "gap_years": gap, "old": old.path, "new": new.path, **cmp.summary})
    return pd.DataFrame(rows, columns=["series", "old_year", "new_year", "gap_years", "old",
                                       "new", *CHANGE_TYPES])


def _bigrams(text: str) -> set[str]:
    return {text[i: i + 2] for i in range(len(text) - 1)}


def requirement_changes(corpus, *, min_overlap: float = 0.6):
    """Requirements whose frequency or strength changed along a link between years.

    Each requirement of a linked new item is paired with the old item's requirement
    whose action is most alike (character bigrams, overlap coefficient ≥ ``min_overlap``,
    so 鼓励落实 and 必须落实 still pair); a row
    is written when their ``frequency`` or ``strength`` differ (每年1次 → 每半年1次,
    要 → 必须).
    """
    import pandas as pd

    reqs = _need("requirements")
    from .cache import corpus_comparisons

    columns = ["series", "old_year", "new_year", "gap_years", "old_path", "new_path", "change",
               "frequency_old", "frequency_new", "strength_old", "strength_new",
               "text_old", "text_new"]
    rows = []
    def by_item(doc) -> dict[str, list[tuple[Any, set[str]]]]:
        out: dict[str, list[tuple[Any, set[str]]]] = {}
        for r in reqs.extract_requirements(doc):
            out.setdefault(r.path, []).append((r, _bigrams(r.action)))
        return out

    for old, new, cmp in corpus_comparisons(corpus):
        by_old = _per_doc("requirements", old.doc, by_item)
        by_new = _per_doc("requirements", new.doc, by_item)
        for ch in cmp.changes:
            olds = [r for p in ch.old for r in by_old.get(p, ())]
            for n in ch.new:
                for y, yb in by_new.get(n, ()):
                    best, best_j = None, min_overlap
                    for x, xb in olds:
                        j = len(xb & yb) / min(len(xb), len(yb)) if xb and yb else 0.0
                        if j >= best_j:
                            best, best_j = x, j
                    if best is None:
                        continue
                    if (best.frequency, best.strength) != (y.frequency, y.strength):
                        rows.append({"series": old.series, "old_year": old.year,
                                     "new_year": new.year, "gap_years": cmp.gap_years,
                                     "old_path": best.path,
                                     "new_path": y.path, "change": ch.type,
                                     "frequency_old": best.frequency,
                                     "frequency_new": y.frequency,
                                     "strength_old": best.strength, "strength_new": y.strength,
                                     "text_old": best.text, "text_new": y.text})
    return pd.DataFrame(rows, columns=columns)


INSTRUMENT_COLUMNS = ("series", "year", "document", "type", "subtype", "label", "sentences",
                      "share")


def instrument_counts(corpus, *, codebook: Any = None):
    """Policy instruments per document (series, year): sentences of each sub-type (and of
    ``none``), and their ``share`` of the document's instrument sentences (``none``'s share
    is of all its sentences).  See :mod:`policytext.instruments`."""
    import pandas as pd

    from .. import instruments

    book = instruments.load_codebook(codebook)
    labels = {s.id: (s.type, s.label_zh) for s in book.subtypes}
    labels["none"] = ("none", "非政策工具")
    rows = []
    for e in corpus:
        counts = Counter(c.subtype or "none" for c in instruments.code(e.doc, codebook=book))
        total = sum(counts.values()) or 1
        coded = (total - counts["none"]) or 1
        for sid in (*book.ids, "none"):
            n = counts[sid]
            rows.append({"series": e.series, "year": e.year, "document": e.path,
                         "type": labels[sid][0], "subtype": sid, "label": labels[sid][1],
                         "sentences": n, "share": n / (total if sid == "none" else coded)})
    return pd.DataFrame(rows, columns=list(INSTRUMENT_COLUMNS))


def instrument_themes(corpus, *, codebook: Any = None, taxonomy: Any = "auto",
                      level: str = "type"):
    """Instrument × theme, the usual two-dimensional table: sentences of each instrument
    ``type`` (or ``subtype``) in the top-level items of each primary theme, over the corpus
    (rows instruments, columns themes; ``none`` sentences left out)."""
    import pandas as pd

    from .. import instruments

    if level not in ("type", "subtype"):
        raise InputError(f"level must be 'type' or 'subtype', not {level!r}")
    book = instruments.load_codebook(codebook)
    taxes = series_taxonomies(corpus, taxonomy)
    rows = []
    for e, tags in zip(corpus, corpus_tags(corpus, taxes), strict=True):
        primary = {t.path: t.primary or "(none)" for t in tags}
        for c in instruments.code(e.doc, codebook=book):
            if c.type != "none" and c.path in primary:
                rows.append((c.type if level == "type" else c.subtype, primary[c.path]))
    df = pd.DataFrame(rows, columns=["instrument", "theme"])
    table = pd.crosstab(df["instrument"], df["theme"])
    order = [t.id for t in book.types] if level == "type" else list(book.ids)
    return table.reindex([i for i in order if i in table.index])


def all_tables(corpus, *, taxonomy: Any = "auto") -> dict[str, Any]:
    """Every table that this build can make (themes/requirements only when installed);
    ``taxonomy`` for the theme shares (see :func:`series_taxonomies`; a bad one is a
    :class:`~policytext.errors.ModelError`)."""
    try:
        themes = _need("themes")
    except ModelError:
        themes = None
    if themes is not None and not themes.is_auto(taxonomy):
        themes.load_taxonomy(taxonomy)  # raises for a bad name or file
    tables = {
        "items_per_year": items_per_year(corpus),
        "term_frequencies": term_frequencies(corpus),
        "keyness": keyness_per_pair(corpus),
        "slogans": slogan_changes(corpus),
        "changes": changes_per_pair(corpus),
        "instruments": instrument_counts(corpus),
    }
    for name, make in (("theme_shares", lambda c: theme_shares(c, taxonomy=taxonomy)),
                       ("requirements", requirement_changes)):
        try:
            tables[name] = make(corpus)
        except ModelError:
            pass
    return tables


def write_tables(tables: dict[str, Any], path: str | Path) -> list[Path]:
    """One ``.xlsx`` workbook (a sheet per table) or a folder of CSV files."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".xlsx":
            import pandas as pd

            with pd.ExcelWriter(path, engine="openpyxl") as xl:
                for name, df in tables.items():
                    df.to_excel(xl, sheet_name=name[:31], index=False)
            return [path]
        if path.suffix:
            raise InputError(f"write tables to a .xlsx file or a folder, not {path.name}")
        path.mkdir(parents=True, exist_ok=True)
        out = []
        for name, df in tables.items():
            target = path / f"{name}.csv"
            df.to_csv(target, index=False, encoding="utf-8-sig")
            out.append(target)
        return out
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
