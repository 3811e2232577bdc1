"""``policytext parse FILE``: read one document and print its structure."""

from __future__ import annotations

import argparse

from . import add_ocr_option, ocr_kwargs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("parse", help="read a PDF/TXT/DOCX/MD file and print its structure",
                       description="Read a document, repair extraction damage and print its "
                                   "GB/T 9704 elements and outline.")
    p.add_argument("file", help="PDF (text or scanned), OFD, TXT (any Chinese encoding), "
                                "DOCX or Markdown file")
    p.add_argument("--format", choices=("json", "md", "text"), default="json")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--show-removed", action="store_true",
                   help="list every removed or repaired span (md/text; JSON always has it)")
    p.add_argument("--timeout", type=float, default=None,
                   help="reading deadline in seconds (default 60)")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    add_ocr_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import read
    from ..render import to_markdown, to_text
    from . import write_output

    limits = None
    if args.timeout is not None:
        from ..read.limits import Limits

        limits = Limits(deadline=args.timeout)
    doc = read(args.file, password=args.password, limits=limits, **ocr_kwargs(args))
    if args.format == "json":
        text = doc.to_json() + "\n"
    elif args.format == "md":
        text = to_markdown(doc, show_removed=args.show_removed)
    else:
        text = to_text(doc, show_removed=args.show_removed)
    write_output(text, args.output)
    return 0
