"""Corpus-level frames for researchers: every item, requirement and change of a corpus as one
pandas DataFrame (``Corpus.items_frame()``, ``.requirements_frame()``, ``.changes_frame()``).

One row per unit, the unit's document beside it (``document`` is its path in the corpus,
``series``, ``year``, ``issuer``), so a frame filters, groups and pivots without joins, and
writes to Parquet for pandas, DuckDB or Dask as it is.  The same frames from a store are
:mod:`policytext.store.export`.

- :func:`items_frame` — each top-level item (and the preamble, path ``preamble``, when the
  document has one): kind, path, section, title, text, ``length`` (characters), the primary
  theme and one ``score_<theme>`` column per theme of the series' taxonomy;
- :func:`requirements_frame` — each requirement clause (:mod:`policytext.requirements`) with
  its item's primary theme;
- :func:`changes_frame` — each change between consecutive documents of a series
  (:func:`policytext.compare.compare`), with ``gap_years``.

The themes follow ``taxonomy`` (``"auto"``: per series, the shipped taxonomy that fits it).
"""

from __future__ import annotations

from typing import Any

from .model import PREAMBLE_PATH

__all__ = ["ITEM_COLUMNS", "REQUIREMENT_COLUMNS", "CHANGE_COLUMNS", "items_frame",
           "requirements_frame", "changes_frame"]

ITEM_COLUMNS = ("document", "series", "year", "issuer", "synthetic", "seq", "kind", "path",
                "section", "title", "text", "length", "taxonomy", "primary")
REQUIREMENT_COLUMNS = ("document", "series", "year", "issuer", "path", "theme", "actor",
                       "actor_source", "target", "action", "frequency", "quantity",
                       "deadline", "strength", "kind", "text")
CHANGE_COLUMNS = ("series", "old_year", "new_year", "gap_years", "old_document",
                  "new_document", "type", "old_paths", "new_paths", "similarity",
                  "old_text", "new_text")


def _doc_columns(entry) -> dict[str, Any]:
    return {"document": entry.path, "series": entry.series, "year": entry.year,
            "issuer": entry.issuer, "synthetic": bool(entry.doc.meta.get("synthetic", False))}


def _tags(corpus, taxonomy):
    """(taxonomy per series, {document path: {item path: ItemTags}})."""
    from . import themes
    from .compare.tables import series_taxonomies

    taxes = series_taxonomies(corpus, taxonomy)
    tags = {e.path: {t.path: t for t in themes.tag(e.doc, taxonomy=taxes[e.series])}
            for e in corpus}
    return taxes, tags


def items_frame(corpus, *, taxonomy: Any = "auto"):
    """One row per top-level item (preamble first): see the module docstring."""
    import pandas as pd

    taxes, tags = _tags(corpus, taxonomy)
    theme_ids = list(dict.fromkeys(i for t in taxes.values() for i in t.ids))
    rows = []
    for e in corpus:
        doc = e.doc
        units = []
        if doc.preamble and doc.preamble.strip():
            units.append((PREAMBLE_PATH, PREAMBLE_PATH, "", doc.preamble))
        for section in doc.iter_sections():
            units.extend((it.kind, it.path, section.path, it) for it in section.items)
        for seq, (kind, path, section, it) in enumerate(units):
            text = it if isinstance(it, str) else it.text
            title = "" if isinstance(it, str) else it.title
            t = tags[e.path].get(path)
            row = {**_doc_columns(e), "seq": seq, "kind": kind, "path": path,
                   "section": section, "title": title, "text": text, "length": len(text),
                   "taxonomy": taxes[e.series].name, "primary": t.primary if t else None}
            for tid in theme_ids:
                row[f"score_{tid}"] = (t.score(tid) if t and tid in taxes[e.series].ids
                                       else None)
            rows.append(row)
    return pd.DataFrame(rows, columns=[*ITEM_COLUMNS, *(f"score_{t}" for t in theme_ids)])


def requirements_frame(corpus, *, taxonomy: Any = "auto", statements: bool = False):
    """One row per requirement clause (``statements=True`` adds the review's statements)."""
    import pandas as pd

    from .requirements import extract_requirements

    _, tags = _tags(corpus, taxonomy)
    rows = []
    for e in corpus:
        for r in extract_requirements(e.doc, statements=statements):
            t = tags[e.path].get(r.path)
            rows.append({**_doc_columns(e), "theme": t.primary if t else None,
                         **{k: getattr(r, k) for k in REQUIREMENT_COLUMNS
                            if k not in ("document", "series", "year", "issuer", "theme")}})
    return pd.DataFrame(rows, columns=list(REQUIREMENT_COLUMNS))


def _text(doc, path: str) -> str:
    from .compare.align import item_text

    return doc.preamble if path == PREAMBLE_PATH else item_text(doc, path)


def changes_frame(corpus, *, comparisons: dict | None = None):
    """One row per change between consecutive documents of each series; ``old_paths`` and
    ``new_paths`` join a split's or merge's paths with `` + ``."""
    import pandas as pd

    from .compare.align import compare
    from .compare.tables import gap_years

    rows = []
    for old, new in corpus.pairs():
        cmp = (comparisons or {}).get((old.path, new.path)) or compare(old.doc, new.doc)
        for ch in cmp.every_change:
            rows.append({"series": old.series, "old_year": old.year, "new_year": new.year,
                         "gap_years": gap_years(old.year, new.year),
                         "old_document": old.path, "new_document": new.path, "type": ch.type,
                         "old_paths": " + ".join(ch.old), "new_paths": " + ".join(ch.new),
                         "similarity": round(ch.similarity, 4),
                         "old_text": "\n".join(_text(old.doc, p) for p in ch.old),
                         "new_text": "\n".join(_text(new.doc, p) for p in ch.new)})
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
