"""``policytext tables CORPUS -o FILE.xlsx|FOLDER``: research tables (and charts) of a corpus."""

from __future__ import annotations

import argparse
import sys

from . import add_ocr_option
from .graph import add_source_options, load_source


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tables", help="research tables of a corpus (CSV or Excel) and charts",
                       description="Items per year, theme shares (by items and by characters), "
                                   "term occurrences and keyness, slogans that appear or "
                                   "disappear, changes per pair of years, policy instruments.")
    p.add_argument("corpus", nargs="?", help="a folder of documents, or give --db")
    p.add_argument("-o", "--output", required=True, help="FILE.xlsx, or a folder for CSV files")
    p.add_argument("--charts", metavar="FOLDER", help="also draw PNG charts into this folder")
    add_source_options(p)
    p.add_argument("--taxonomy", default="auto",
                   help="themes for the theme shares: party, government, a TOML file, or auto "
                        "(the default: per series, the shipped taxonomy that fits it)")
    add_ocr_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..compare.tables import all_tables, write_tables

    corpus = load_source(args, like_folder=True)  # (--db: the same tables as of the folder)
    tables = all_tables(corpus, taxonomy=args.taxonomy)
    written = write_tables(tables, args.output)
    print(f"wrote {', '.join(str(p) for p in written)} ({', '.join(tables)})", file=sys.stderr)
    if args.charts:
        from ..compare import charts
        from ..compare.tables import keyness

        folder = Path(args.charts)
        folder.mkdir(parents=True, exist_ok=True)
        charts.plot_items_per_year(tables["items_per_year"], folder / "items_per_year.png")
        if len(tables["changes"]):
            charts.plot_changes(tables["changes"], folder / "changes.png")
        if len(tables.get("theme_shares", ())):
            charts.plot_theme_shares(tables["theme_shares"], folder / "theme_shares.png")
        if len(tables["instruments"]):
            charts.plot_instruments(tables["instruments"], folder / "instruments.png")
        pairs = list(corpus.pairs())
        if pairs:  # the first and the last year of the longest series
            longest = max(corpus.series.values(), key=len)
            first, last = longest[0], longest[-1]
            charts.plot_keyness(keyness(corpus, a=first.year, b=last.year,
                                        series=first.series), folder / "keyness.png")
        print(f"wrote charts to {folder}", file=sys.stderr)
    for path, message in corpus.errors:
        print(f"error: {path}: {message}", file=sys.stderr)
    return 1 if corpus.errors else 0
