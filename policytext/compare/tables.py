"""Research tables over a corpus (pandas; written as CSV files or one Excel workbook).

- :func:`items_per_year` — items and sections of each document;
- :func:`theme_shares` — share of items per primary theme per year (:mod:`policytext.themes`);
- :func:`term_frequencies` and :func:`keyness` — word counts per year and Dunning's
  log-likelihood (G²) between two years;
- :func:`slogan_changes` — quoted slogans that appear or disappear between consecutive years;
- :func:`changes_per_pair` — change types per pair of consecutive years;
- :func:`requirement_changes` — requirements whose frequency or strength changed
  along a ``continues`` link (:mod:`policytext.requirements`).

The themes and requirements stages are optional here: while they are not
installed, the tables that need them raise :class:`~policytext.errors.ModelError`.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError, ModelError

__all__ = [
    "items_per_year",
    "theme_shares",
    "series_taxonomies",
    "term_frequencies",
    "keyness",
    "slogan_changes",
    "changes_per_pair",
    "requirement_changes",
    "all_tables",
    "write_tables",
]


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


def theme_shares(corpus, *, taxonomy: Any = "auto"):
    """Per series and year: items whose primary theme is each theme, and their share
    (``taxonomy``: see :func:`series_taxonomies`)."""
    import pandas as pd

    themes = _need("themes")
    taxes = series_taxonomies(corpus, taxonomy)
    rows = []
    for e in corpus:
        tags = themes.tag(e.doc, taxonomy=taxes[e.series])
        counts = Counter(t.primary or "(none)" for t in tags)
        total = sum(counts.values()) or 1
        for theme, n in sorted(counts.items()):
            rows.append({"series": e.series, "year": e.year, "taxonomy": taxes[e.series].name,
                         "theme": theme, "items": n, "share": n / total})
    return pd.DataFrame(rows, columns=["series", "year", "taxonomy", "theme", "items", "share"])


def _words(doc) -> Counter:
    from ..patterns import fold
    from ..text import tokenize

    return Counter(w for it in doc.items for w in tokenize(fold(it.text)) if len(w) > 1)


def term_frequencies(corpus, *, top: int = 200):
    """The ``top`` words of each document (two characters or more), count and per 10,000."""
    import pandas as pd

    rows = []
    for e in corpus:
        counts = _words(e.doc)
        total = sum(counts.values()) or 1
        for word, n in counts.most_common(top):
            rows.append({"series": e.series, "year": e.year, "term": word, "count": n,
                         "per_10k": 1e4 * n / total})
    return pd.DataFrame(rows, columns=["series", "year", "term", "count", "per_10k"])


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


def keyness(old_doc, new_doc, *, min_count: int = 2):
    """Words more frequent in one year than the other, by log-likelihood (G² ≥ 3.84 is p < .05)."""
    import pandas as pd

    a, b = _words(old_doc), _words(new_doc)
    ta, tb = sum(a.values()) or 1, sum(b.values()) or 1
    rows = []
    for word in set(a) | set(b):
        if a[word] + b[word] < min_count:
            continue
        g2 = log_likelihood(a[word], b[word], ta, tb)
        rel_a, rel_b = a[word] / ta, b[word] / tb
        rows.append({"term": word, "old": a[word], "new": b[word], "log_likelihood": g2,
                     "direction": "up" if rel_b > rel_a else "down"})
    df = pd.DataFrame(rows, columns=["term", "old", "new", "log_likelihood", "direction"])
    return df.sort_values(["log_likelihood", "term"], ascending=[False, True],
                          ignore_index=True)


def keyness_per_pair(corpus, *, top: int = 30):
    import pandas as pd

    frames = []
    for old, new in corpus.pairs():
        df = keyness(old.doc, new.doc).head(top)
        df.insert(0, "new_year", new.year)
        df.insert(0, "old_year", old.year)
        df.insert(0, "series", old.series)
        frames.append(df)
    if not frames:
        return pd.DataFrame(columns=["series", "old_year", "new_year", "term", "old", "new",
                                     "log_likelihood", "direction"])
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
                         "slogan": term, "status": "appeared" if b[term] else "disappeared",
                         "old": a[term], "new": b[term]})
    return pd.DataFrame(rows, columns=["series", "old_year", "new_year", "slogan", "status",
                                       "old", "new"])


def changes_per_pair(corpus, *, comparisons: dict | None = None):
    import pandas as pd

    from .align import CHANGE_TYPES, compare

    rows = []
    for old, new in corpus.pairs():
        cmp = (comparisons or {}).get((old.path, new.path)) or compare(old.doc, new.doc)
        rows.append({"series": old.series, "old_year": old.year, "new_year": new.year,
                     "old": old.path, "new": new.path, **cmp.summary})
    return pd.DataFrame(rows, columns=["series", "old_year", "new_year", "old", "new",
                                       *CHANGE_TYPES])


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
    from .align import compare

    columns = ["series", "old_year", "new_year", "old_path", "new_path", "change",
               "frequency_old", "frequency_new", "strength_old", "strength_new",
               "text_old", "text_new"]
    rows = []
    for old, new in corpus.pairs():
        by_old: dict[str, list[Any]] = {}
        for r in reqs.extract_requirements(old.doc):
            by_old.setdefault(r.path, []).append(r)
        by_new: dict[str, list[Any]] = {}
        for r in reqs.extract_requirements(new.doc):
            by_new.setdefault(r.path, []).append(r)
        for ch in compare(old.doc, new.doc).changes:
            olds = [r for p in ch.old for r in by_old.get(p, ())]
            for n in ch.new:
                for y in by_new.get(n, ()):
                    yb = _bigrams(y.action)
                    best, best_j = None, min_overlap
                    for x in olds:
                        xb = _bigrams(x.action)
                        j = len(xb & yb) / min(len(xb), len(yb)) if xb and yb else 0.0
                        if j >= best_j:
                            best, best_j = x, j
                    if best is None:
                        continue
                    if (best.frequency, best.strength) != (y.frequency, y.strength):
                        rows.append({"series": old.series, "old_year": old.year,
                                     "new_year": new.year, "old_path": best.path,
                                     "new_path": y.path, "change": ch.type,
                                     "frequency_old": best.frequency,
                                     "frequency_new": y.frequency,
                                     "strength_old": best.strength, "strength_new": y.strength,
                                     "text_old": best.text, "text_new": y.text})
    return pd.DataFrame(rows, columns=columns)


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
