"""``policytext history CORPUS ITEM``: one item's line through the years."""

from __future__ import annotations

import argparse
import sys

from . import add_ocr_option, ocr_kwargs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="follow one item through the years of a corpus",
                       description="Print an item's line through the years: where it was, "
                                   "how it changed (modified, moved, split, merged …).")
    p.add_argument("corpus", help="a folder of documents")
    p.add_argument("item", help="DOC#PATH (DOC: file name or year, e.g. 2025#二/6), "
                                "or PATH when the corpus holds one series")
    p.add_argument("--manifest", help="a manifest outside the folder")
    p.add_argument("--full", action="store_true", help="print whole texts, not titles")
    add_ocr_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..compare.graph import history
    from ..corpus import Corpus

    corpus = Corpus.load(args.corpus, manifest=args.manifest, **ocr_kwargs(args))
    for step in history(corpus, args.item):
        how = f"{step.change} {step.similarity:.2f}" if step.change else "first seen"
        print(f"{step.year or '?'}  {' + '.join(step.paths)}  [{how}]  {step.document}")
        for text in step.text:
            shown = text if args.full else text.split("。", 1)[0][:60]
            print(f"    {shown}")
    for path, message in corpus.errors:
        print(f"error: {path}: {message}", file=sys.stderr)
    return 0
