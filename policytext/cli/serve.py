"""``policytext serve``: the local web page over the corpus database (127.0.0.1 only)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="a local web page to search and compare the corpus",
                       description="Serve the corpus database on http://127.0.0.1:PORT/ "
                                   "(search, items with themes and requirements, diffs). "
                                   "Listens on 127.0.0.1 only; works offline.")
    p.add_argument("--db", default=None, help="database file (default $POLICYTEXT_DB or "
                                              "policytext.db)")
    p.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 = any free)")
    p.set_defaults(func=run)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be a number from 0 to 65535, not {value!r}")
    return port


def run(args: argparse.Namespace) -> int:
    from ..web import serve
    from .ingest import default_db

    try:
        serve(args.db or default_db(), port=args.port)
    except OSError as exc:
        from ..errors import StoreError

        raise StoreError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}") \
            from exc
    return 0
