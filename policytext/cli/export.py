"""``policytext export DB --format parquet -o DIR``: the store's frames as Parquet (or CSV)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the store's documents, items, requirements and "
                                      "changes as Parquet (or CSV) files",
                       description="One file per frame (documents, items, requirements, "
                                   "changes) for pandas, DuckDB or Dask.")
    p.add_argument("db", nargs="?", help="the database (default $POLICYTEXT_DB or "
                                         "policytext.db)")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p.add_argument("-o", "--output", required=True, help="a folder")
    p.add_argument("--frames", default="documents,items,requirements,changes",
                   help="comma-separated frames to write (default: all four)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store.export import export
    from .ingest import default_db

    db = args.db or default_db()
    frames = tuple(f.strip() for f in args.frames.split(",") if f.strip())
    written = export(db, args.output, format=args.format, frames=frames)
    for path, rows in written.values():
        print(f"{path}  {rows} rows")
    return 0
