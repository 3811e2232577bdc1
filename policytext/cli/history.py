"""``policytext history CORPUS ITEM``: one item's line through the years."""

from __future__ import annotations

import argparse
import sys

from . import add_ocr_option
from .graph import add_source_options, load_source


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="follow one item through the years of a corpus",
                       description="Print an item's line through the years: where it was, "
                                   "how it changed (modified, moved, split, merged …).")
    p.add_argument("corpus", nargs="?", help="a folder of documents (or give --db)")
    p.add_argument("item", nargs="?",
                   help="DOC#PATH (DOC: file name or year, e.g. 2025#二/6), "
                        "or PATH when the corpus holds one series")
    p.add_argument("--timeline", action="store_true",
                   help="every item's line across all versions of a series (a law's "
                        "articles through its revisions), one row per line")
    p.add_argument("--series", help="with --timeline: which series (when there are several)")
    p.add_argument("-o", "--output", help="with --timeline: write .csv or .md instead of "
                                          "printing")
    add_source_options(p)
    p.add_argument("--full", action="store_true", help="print whole texts, not titles")
    add_ocr_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..compare.graph import history
    from ..errors import InputError
    from ._output import safe

    if args.db and args.item is None:  # 'history ITEM --db FILE': the one positional is the item
        args.item, args.corpus = args.corpus, None
    corpus = load_source(args)
    if args.timeline:
        _print_timeline(corpus, args.series, args.output)
        return 0
    if not args.item:
        raise InputError("name an item (DOC#PATH), or give --timeline")
    for step in history(corpus, args.item):
        how = f"{step.change} {step.similarity:.2f}" if step.change else "first seen"
        if step.gap_years and step.gap_years > 1:
            how += f", gap of {step.gap_years} years"
        # one line per step and per text: a newline in a file name or a text is escaped
        print(safe(f"{step.year or '?'}  {' + '.join(step.paths)}  [{how}]  {step.document}"))
        for text in step.text:
            shown = text if args.full else text.split("。", 1)[0][:60]
            print(f"    {safe(shown)}")
    for path, message in corpus.errors:
        print(f"error: {path}: {message}", file=sys.stderr)
    return 0


def _print_timeline(corpus, series, output) -> None:
    import csv
    import io
    from pathlib import Path

    from ..compare.graph import timeline
    from ..corpus import gap_between
    from ..errors import InputError
    from . import write_output

    entries, rows = timeline(corpus, series)
    heads = []
    for k, e in enumerate(entries):
        gap = gap_between(entries[k - 1].year, e.year) if k else None
        heads.append(f"{e.year or '?'}" + (f" (gap {gap} years)" if gap and gap > 1 else ""))
    if output and Path(output).suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(heads)
        w.writerows(rows)
        write_output("\ufeff" + buf.getvalue(), output)
        return
    if output and Path(output).suffix.lower() not in (".md", ".markdown"):
        raise InputError(f"write a timeline to .csv or .md, not {Path(output).name}")
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(c or "—" for c in row) + " |" for row in rows]
    write_output("\n".join(lines) + "\n", output)
