"""``policytext history CORPUS ITEM``: one item's line through the years."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="follow one item through the years of a corpus",
                       description="Print an item's line through the years: where it was, "
                                   "how it changed (modified, moved, split, merged …).")
    p.add_argument("corpus", nargs="?", help="a folder of documents (or give --db)")
    p.add_argument("item", help="DOC#PATH (DOC: file name or year, e.g. 2025#二/6), "
                                "or PATH when the corpus holds one series")
    p.add_argument("--manifest", help="a manifest outside the folder")
    p.add_argument("--db", help="follow the item in a database made by 'policytext ingest' "
                                "(no file is read again)")
    p.add_argument("--full", action="store_true", help="print whole texts, not titles")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..compare.graph import history
    from ..corpus import Corpus
    from ..errors import InputError

    if args.db:
        from ..store.browse import stored_corpus

        corpus = stored_corpus(args.db)
    elif args.corpus:
        corpus = Corpus.load(args.corpus, manifest=args.manifest)
    else:
        raise InputError("give a corpus folder or --db")
    for step in history(corpus, args.item):
        how = f"{step.change} {step.similarity:.2f}" if step.change else "first seen"
        if step.gap_years and step.gap_years > 1:
            how += f", gap of {step.gap_years} years"
        print(f"{step.year or '?'}  {' + '.join(step.paths)}  [{how}]  {step.document}")
        for text in step.text:
            shown = text if args.full else text.split("。", 1)[0][:60]
            print(f"    {shown}")
    for path, message in corpus.errors:
        print(f"error: {path}: {message}", file=sys.stderr)
    return 0
