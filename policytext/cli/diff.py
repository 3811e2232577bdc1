"""``policytext diff OLD NEW``: align two years of a document and show what changed."""

from __future__ import annotations

import argparse
import os
import sys

from . import add_ocr_option, ocr_kwargs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diff", help="compare two documents item by item",
                       description="Align the items of two documents (e.g. two years of the "
                                   "same work points) and show every change: unchanged, "
                                   "modified, moved, split, merged, added, removed.")
    p.add_argument("old", help="the earlier document (PDF, TXT, DOCX, Markdown)")
    p.add_argument("new", help="the later document")
    p.add_argument("--format", choices=("text", "md", "html", "json", "table"), default="text",
                   help="table: the 新旧条文对照表 (old article → new article), as CSV on "
                        "stdout or, by the suffix of -o, .csv, .xlsx, .md or .json")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour text output (auto: only on a terminal and without NO_COLOR)")
    p.add_argument("--summary", action="store_true",
                   help="text: print only the counts and one line per change")
    p.add_argument("--threshold", type=float, default=None,
                   help="least link probability (default: the link model's, 0.5); for experts")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    add_ocr_option(p)
    p.set_defaults(func=run)


def use_color(choice: str, output: str | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or output or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def run(args: argparse.Namespace) -> int:
    from ..compare import compare
    from ..compare.diff import to_html, to_json, to_markdown, to_text
    from ..corpus import read_document
    from . import write_output

    kw = {} if args.threshold is None else {"threshold": args.threshold}
    if args.format == "table":
        from ..compare.correspondence import table_format

        fmt = table_format(args.output)  # a bad file name fails before any work
    read_kw = ocr_kwargs(args)
    cmp = compare(read_document(args.old, **read_kw), read_document(args.new, **read_kw), **kw)
    if args.format == "table":
        from ..compare.correspondence import render_table

        table = render_table(cmp, fmt)
        if isinstance(table, bytes):
            from .._atomic import write_atomic
            from ..errors import InputError

            try:
                write_atomic(args.output, table)
            except OSError as exc:
                raise InputError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
        else:
            write_output(table, args.output)
        if args.output:
            print(f"wrote {args.output} ({', '.join(f'{k} {v}' for k, v in cmp.summary.items())})",
                  file=sys.stderr)
        return 0
    if args.format == "json":
        text = to_json(cmp)
    elif args.format == "md":
        text = to_markdown(cmp)
    elif args.format == "html":
        text = to_html(cmp)
    elif args.summary:
        text = to_text(cmp, color=use_color(args.color, args.output), brief=True)
    else:
        text = to_text(cmp, color=use_color(args.color, args.output))
    if not args.output and args.format == "text" and use_color(args.color, None):
        from ._output import write_raw

        write_raw(sys.stdout, text)  # to_text escaped the documents' controls; colours stay
        return 0
    write_output(text, args.output)
    if args.output:
        print(f"wrote {args.output} ({', '.join(f'{k} {v}' for k, v in cmp.summary.items())})",
              file=sys.stderr)
    return 0
