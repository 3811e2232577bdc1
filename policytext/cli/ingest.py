"""``policytext ingest PATH…``: read, structure, tag and store documents in the database."""

from __future__ import annotations

import argparse
import os

from . import add_ocr_option, count

DEFAULT_DB = "policytext.db"


def default_db() -> str:
    """``$POLICYTEXT_DB`` when set, else ``policytext.db`` in the current folder."""
    return os.environ.get("POLICYTEXT_DB") or DEFAULT_DB


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="store documents (files or folders) in the corpus database",
                       description="Read, structure, tag and store documents in a SQLite "
                                   "database; each document is stored whole or not at all. "
                                   "Unchanged files are "
                                   "skipped; changed files replace their old version. A bad "
                                   "file is reported at the end (exit 1) and does not stop the "
                                   "batch.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders to walk")
    p.add_argument("--db", default=None, help=f"database file (default ${{POLICYTEXT_DB}} or "
                                              f"{DEFAULT_DB})")
    p.add_argument("--jobs", "-j", type=count(1, 1024), default=1,
                   help="parse in N worker processes (default 1)")
    p.add_argument("--dask", metavar="local|ADDRESS", default=None,
                   help="parse and tag on a Dask cluster: 'local' (a LocalCluster of --jobs "
                        "worker processes, at least 2) or a scheduler's address "
                        "(tcp://host:8786); files are sent as bytes. Needs "
                        "pip install 'policytext[dask]'")
    p.add_argument("--no-tag", dest="tag", action="store_false",
                   help="skip themes and requirements (faster)")
    p.add_argument("--taxonomy", default="auto",
                   help="themes: party, government, a TOML file, or auto (the default: per "
                        "document, the shipped taxonomy that fits it)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    add_ocr_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..store import ingest
    from ._output import ProgressBar, safe

    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing and len(missing) == len(args.paths):  # nothing to read: a usage error
        from ..errors import InputError

        raise InputError(f"no such file or folder: {missing[0]}"
                         + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    show = sys.stderr.isatty() if args.progress is None else args.progress
    report = ingest(args.paths, db=args.db or default_db(), jobs=args.jobs, tag=args.tag,
                    taxonomy=args.taxonomy, ocr=args.ocr, engine=args.engine, dask=args.dask,
                    progress=ProgressBar(sys.stderr) if show else None)
    print(report.summary(), file=sys.stderr)
    for path, message in report.failed:
        print(f"failed: {safe(path)}: {safe(message)}", file=sys.stderr)
    return 1 if report.failed else 0
