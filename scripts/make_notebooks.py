"""Write the notebooks in notebooks/ (one per user job) from the cells below.

    python scripts/make_notebooks.py

The notebooks are saved without outputs; tests/test_notebooks.py executes them, copied into
an empty folder (with and without POLICYTEXT_CORPUS) and checks they are this script's.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent

SETUP = '''\
# The corpus: $POLICYTEXT_CORPUS, or corpora/ next to this notebook (in a policytext
# checkout). Anywhere else, set POLICYTEXT_CORPUS first: without it this cell stops here
# with one line, before anything runs on empty tables.
import os
from pathlib import Path

import pandas as pd

import policytext
from policytext import store
from policytext.corpus import Corpus, find_corpus
from policytext.errors import StoreError

CORPUS = find_corpus()
# The database: $POLICYTEXT_DB when set, else policytext-notebook.db next to the notebook.
DB = Path(os.environ.get("POLICYTEXT_DB", "policytext-notebook.db"))
report = store.ingest([CORPUS], db=DB)
print(report.summary())
if not report.ok:
    raise StoreError("; ".join(f"{path}: {why}" for path, why in report.failed))
pd.set_option("display.max_colwidth", 60)
'''

SHOW = '''\
from IPython.display import Image, display

from policytext.compare import charts

CHARTS = Path("charts")
CHARTS.mkdir(exist_ok=True)
'''

RESEARCHER = [
    new_markdown_cell("""\
# Researcher: compare the years of a series

Read a corpus (a folder of documents, `$POLICYTEXT_CORPUS`; the bundled one by default),
store it, then look at each series year by year: items, theme shares (by items and by
characters), how often terms occur, the words key to one year against another, and what
changed between two years. Every pair of years says how many years lie between
(`gap_years`), so that a gap is never read as one year's change."""),
    new_code_cell(SETUP),
    new_markdown_cell("## The documents, by series and year"),
    new_code_cell('''\
corpus = Corpus.load(CORPUS)
docs = store.documents_frame(DB)[["series", "year", "title", "n_items", "n_requirements",
                                  "synthetic"]]
docs.sort_values(["series", "year"])
'''),
    new_markdown_cell("""\
## Theme shares year by year

`share` is the share of a document's items whose primary theme it is; `share_chars` the
share of its characters (items run from a few dozen characters to thousands)."""),
    new_code_cell('''\
from policytext.compare.tables import keyness, term_counts, theme_shares

shares = theme_shares(corpus)
shares.pivot_table(index=["series", "year"], columns="theme", values="share_chars",
                   fill_value=0).round(3)
'''),
    new_code_cell(SHOW + '''\
display(Image(charts.plot_theme_shares(shares, CHARTS / "theme_shares.png", by="chars")))
'''),
    new_markdown_cell("""\
## How often do terms occur?

`occurrences` counts the term in the text as a substring (what Ctrl-F finds);
`tokens` how often jieba cut exactly this word; `documents` how many documents hold it."""),
    new_code_cell('''\
terms = ["党建", "全面从严治党", "创新", "高质量发展", "改革"]
counts = term_counts(corpus, terms)
counts.pivot_table(index="year", columns="term", values="occurrences", aggfunc="sum")
'''),
    new_markdown_cell("## Words key to the last year against the first"),
    new_code_cell('''\
series = max(corpus.series.values(), key=len)
first, last = series[0].year, series[-1].year
key = keyness(corpus, a=first, b=last, series=series[0].series, min_count=3)
display(Image(charts.plot_keyness(key, CHARTS / "keyness.png", top=15)))
key.head(10)
'''),
    new_markdown_cell("## What changed between consecutive years?"),
    new_code_cell('''\
changes = corpus.changes_frame()
changes.pivot_table(index=["series", "old_year", "new_year", "gap_years"], columns="type",
                    values="similarity", aggfunc="count", fill_value=0)
'''),
]

STAFF = [
    new_markdown_cell("""\
# Staff: find requirements by theme

Store the work points of a corpus (`$POLICYTEXT_CORPUS`; the bundled one by default), pick a
theme, and list what the documents require under it: who must do what, how often, by when,
and how strongly (必须/要/鼓励)."""),
    new_code_cell(SETUP),
    new_markdown_cell("## The themes, and how many items each one leads"),
    new_code_cell('''\
items = store.items_frame(DB)
items[items["depth"] == 0].groupby("primary").size().rename("items").to_frame()
'''),
    new_markdown_cell("## Requirements under one theme"),
    new_code_cell('''\
everything = store.requirements_frame(DB)
# a party theme for work points; for another corpus, its most frequent theme
THEME = ("grassroots" if (everything["theme"] == "grassroots").any()
         else everything["theme"].value_counts().index[0])
reqs = everything[everything["theme"] == THEME]
print(len(reqs), "requirements under", THEME)
reqs[["year", "path", "actor", "action", "frequency", "strength"]].head(15)
'''),
    new_markdown_cell("## Only those with a frequency or a number (for the calendar)"),
    new_code_cell('''\
timed = everything[everything.frequency.notna() | everything.quantity.notna()]
timed[["year", "path", "theme", "actor", "frequency", "quantity", "text"]]
'''),
    new_markdown_cell("## Search the requirements for a phrase"),
    new_code_cell('''\
hits = store.search(DB, "每半年", requirements=True)
pd.DataFrame([{"path": h.path, "year": h.year, "theme": h.primary,
               "requirement": h.snippet_text(), **{k: h.requirement[k] for k in
               ("actor", "frequency", "strength")}} for h in hits])
'''),
    new_markdown_cell("## By strength: how many 必须 (must), 要 (should), 鼓励 (may) per theme"),
    new_code_cell('''\
everything.pivot_table(index="theme", columns="strength", values="text", aggfunc="count",
                       fill_value=0)
'''),
]

INSTRUMENTS = [
    new_markdown_cell("""\
# Researcher: policy instruments (政策工具)

Code every sentence of a corpus (`$POLICYTEXT_CORPUS`; the bundled one by default) as a
Rothwell–Zegveld instrument — supply 供给型, environment 环境型, demand 需求型 and their
sub-types (人才培养, 资金投入 … 示范工程, 消费引导) — with the words that decided it, then
count them per document and year and cross them with the themes. The codebook is
`policytext/data/instruments.toml`; check a sample of sentences by hand before citing."""),
    new_code_cell(SETUP),
    new_markdown_cell("## The codebook"),
    new_code_cell('''\
from policytext import instruments

book = instruments.load_codebook()
pd.DataFrame([{"type": s.type, "subtype": s.id, "label": s.label_zh,
               "definition": s.definition} for s in book.subtypes])
'''),
    new_markdown_cell("## Sentences of one document, with their evidence"),
    new_code_cell('''\
corpus = Corpus.load(CORPUS)
doc = corpus.entries[-1].doc
coded = instruments.to_frame(policytext.instruments(doc))
print(repr(doc))
coded[coded["type"] != "none"][["path", "type", "subtype", "evidence", "text"]].head(12)
'''),
    new_markdown_cell("## Counts per document and year"),
    new_code_cell('''\
from policytext.compare.tables import instrument_counts, instrument_themes

counts = instrument_counts(corpus)
counts.pivot_table(index=["series", "year"], columns="type", values="sentences",
                   aggfunc="sum", fill_value=0)
'''),
    new_code_cell(SHOW + '''\
display(Image(charts.plot_instruments(counts, CHARTS / "instruments.png")))
'''),
    new_markdown_cell("## Instrument × theme"),
    new_code_cell('''\
instrument_themes(corpus)
'''),
]

#: Notebook name → cells, one per user job.
NOTEBOOKS = {"researcher-compare-years": RESEARCHER, "staff-requirements-by-theme": STAFF,
             "researcher-policy-instruments": INSTRUMENTS}


def render(name: str) -> str:
    """The notebook ``name`` as JSON text (cell ids numbered, so a rebuild is identical)."""
    cells = [cell.copy() for cell in NOTEBOOKS[name]]
    for k, cell in enumerate(cells):
        cell["id"] = f"cell-{k:02d}"
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    return nbformat.writes(nb) + "\n"


def main() -> None:
    out = ROOT / "notebooks"
    out.mkdir(exist_ok=True)
    for name in NOTEBOOKS:
        (out / f"{name}.ipynb").write_text(render(name), encoding="utf-8")
        print("wrote", out / f"{name}.ipynb")


if __name__ == "__main__":
    main()
