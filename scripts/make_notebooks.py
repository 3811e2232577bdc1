"""Write the notebooks in notebooks/ (one per user job) from the cells below.

    python scripts/make_notebooks.py

The notebooks are saved without outputs; tests/test_notebooks.py executes them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent

SETUP = '''\
import os
from pathlib import Path

import pandas as pd

from policytext import store

ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
CORPORA = ROOT / "corpora"
# The database: $POLICYTEXT_DB when set, else policytext-notebook.db next to the notebook.
DB = Path(os.environ.get("POLICYTEXT_DB", "policytext-notebook.db"))
pd.set_option("display.max_colwidth", 60)
'''

RESEARCHER = [
    new_markdown_cell("""\
# Researcher: compare the years of a series

Ingest the bundled corpus (and, when this checkout sits next to `../shared`, the national
government work reports 2014–2022), then look at each series year by year: how many items,
which themes dominate, how often key terms appear, and what changed between two years."""),
    new_code_cell(SETUP + '''\
paths = [CORPORA]
reports = ROOT.parent / "shared" / "corpora" / "national-work-reports"
report = store.ingest(paths, db=DB)
print(report.summary())
extra = None
if reports.is_dir():  # real documents for the year-by-year view (not shipped with policytext)
    extra = store.ingest([reports], db=DB, tag=False)
    print("national work reports:", extra.summary())
'''),
    new_markdown_cell("## The documents, by series and year"),
    new_code_cell('''\
conn = store.connect(DB)
docs = pd.read_sql_query(
    "SELECT series, year, title, n_items AS items, n_requirements AS requirements, tagged "
    "FROM documents ORDER BY series, year", conn)
docs
'''),
    new_markdown_cell("## Themes year by year (primary theme of each top-level item)"),
    new_code_cell('''\
themes = pd.read_sql_query(
    "SELECT d.series, d.year, t.theme, count(*) AS items FROM item_themes t "
    "JOIN items i ON i.id = t.item_id JOIN documents d ON d.id = i.doc_id "
    "WHERE t.primary_ = 1 GROUP BY d.series, d.year, t.theme", conn)
profile = themes.pivot_table(index=["series", "year"], columns="theme", values="items",
                             fill_value=0)
profile
'''),
    new_code_cell('''\
import matplotlib.pyplot as plt
from matplotlib import font_manager

cjk = [f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name or "WenQuanYi" in f.name]
if cjk:
    plt.rcParams["font.family"] = cjk[0]
share = profile.div(profile.sum(axis=1), axis=0)
ax = share.plot(kind="barh", stacked=True, figsize=(8, 1 + 0.5 * len(share)))
ax.set_xlabel("share of items")
ax.set_title("Primary themes by document")
plt.tight_layout()
plt.show()
'''),
    new_markdown_cell("## How often do key terms appear, year by year?"),
    new_code_cell('''\
terms = ["党建", "全面从严治党", "创新", "高质量发展", "改革"]
rows = []
for term in terms:
    for hit in store.search(DB, term, limit=100_000):
        rows.append({"term": term, "series": hit.series, "year": hit.year})
counts = (pd.DataFrame(rows).groupby(["series", "term", "year"]).size()
          .rename("items").reset_index())
trend = counts.pivot_table(index="year", columns="term", values="items", fill_value=0,
                           aggfunc="sum")
trend
'''),
    new_code_cell('''\
ax = trend.plot(marker="o", figsize=(8, 4))
ax.set_ylabel("items mentioning the term")
ax.set_title("Key terms by year (all series)")
plt.tight_layout()
plt.show()
'''),
    new_markdown_cell("## What changed between two years of a series?"),
    new_code_cell('''\
from policytext.store import browse

multi = docs.groupby("series").year.nunique()
multi = multi[multi >= 2]
if multi.empty:
    print("no series has two years yet")
elif not browse.compare_available():
    print("policytext.compare is not installed; the year-to-year diff needs it")
else:
    from policytext.compare import compare

    series = multi.index[0]
    old, new = browse.series_documents(conn, series)[-2:]
    comparison = compare(browse.load_document(conn, old["id"]),
                         browse.load_document(conn, new["id"]))
    print(series, old["year"], "→", new["year"])
    display(pd.Series(comparison.summary, name="changes").to_frame())
'''),
]

STAFF = [
    new_markdown_cell("""\
# Staff: find requirements by theme

Ingest the bundled work points, pick a theme of the taxonomy, and list what the documents
require under it: who must do what, how often, by when, and how strongly (必须/要/鼓励)."""),
    new_code_cell(SETUP + '''\
report = store.ingest([CORPORA], db=DB)
print(report.summary())
conn = store.connect(DB)
'''),
    new_markdown_cell("## The themes, and how many items each one leads"),
    new_code_cell('''\
from policytext.themes import load_taxonomy

taxonomy = load_taxonomy("party")
counts = dict(conn.execute(
    "SELECT theme, count(*) FROM item_themes WHERE primary_ = 1 GROUP BY theme").fetchall())
pd.DataFrame([{"theme": t.id, "label": t.label_zh, "items": counts.get(t.id, 0)}
              for t in taxonomy.themes])
'''),
    new_markdown_cell("## Requirements under one theme"),
    new_code_cell('''\
from policytext.store.browse import requirements_frame

THEME = "grassroots"
reqs = requirements_frame(conn, theme=THEME)
print(len(reqs), "requirements under", THEME)
reqs[["year", "path", "actor", "action", "frequency", "strength"]].head(15)
'''),
    new_markdown_cell("## Only those with a frequency or a number (for the calendar)"),
    new_code_cell('''\
everything = requirements_frame(conn)
timed = everything[everything.frequency.notna() | everything.quantity.notna()]
timed[["path", "theme", "actor", "frequency", "quantity", "text"]]
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


def main() -> None:
    out = ROOT / "notebooks"
    out.mkdir(exist_ok=True)
    for name, cells in (("researcher-compare-years", RESEARCHER),
                        ("staff-requirements-by-theme", STAFF)):
        nb = new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}})
        nbformat.write(nb, out / f"{name}.ipynb")
        print("wrote", out / f"{name}.ipynb")


if __name__ == "__main__":
    main()
