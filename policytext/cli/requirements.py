"""``policytext requirements FILE``: requirement clauses with actor, action and frequency."""

from __future__ import annotations

import argparse

from . import add_ocr_option, ocr_kwargs

FIELDS = ("path", "actor", "action", "frequency", "quantity", "deadline", "strength", "text",
          "actor_source", "kind", "target")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("requirements", help="list the requirement clauses of a document",
                       description="Split every item into requirement clauses and give each "
                                   "its actor, action, frequency, quantity, deadline and "
                                   "strength (must / should / encouraged).")
    p.add_argument("file", help="PDF, TXT, DOCX or Markdown file")
    p.add_argument("--theme", help="only items whose primary theme is this id")
    p.add_argument("--taxonomy", default="auto",
                   help="taxonomy for --theme: party, government, a TOML file, or auto (the "
                        "default: the shipped taxonomy that has the theme)")
    p.add_argument("--with-frequency", action="store_true",
                   help="only requirements with a frequency or a quantity")
    p.add_argument("--statements", action="store_true",
                   help="keep statements too (review sections, past results), kind=statement")
    p.add_argument("--no-implied", action="store_true",
                   help="no implied actor (the issuer) for clauses that name none")
    p.add_argument("--format", choices=("json", "csv", "table"), default="json")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    add_ocr_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import csv
    import io
    import json

    from .. import read
    from ..requirements import extract_requirements
    from . import write_output
    from .tag import announce_cache

    announce_cache()
    doc = read(args.file, **ocr_kwargs(args))
    reqs = extract_requirements(doc, theme=args.theme, taxonomy=args.taxonomy,
                                statements=args.statements, implied=not args.no_implied)
    if args.with_frequency:
        reqs = [r for r in reqs if r.frequency or r.quantity]
    if args.format == "json":
        out = json.dumps([r.to_dict() for r in reqs], ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(FIELDS)
        for r in reqs:
            w.writerow(["" if getattr(r, f) is None else getattr(r, f) for f in FIELDS])
        out = buf.getvalue()
    else:
        out = "".join(
            f"{r.path:<8} {r.strength:<10} {_actor_cell(r)} | {r.action}"
            + "".join(f" | {k}: {v}" for k, v in (("target", r.target),
                                                  ("frequency", r.frequency),
                                                  ("quantity", r.quantity),
                                                  ("deadline", r.deadline)) if v)
            + "\n" for r in reqs)
    write_output(out, args.output)
    return 0


def _actor_cell(r) -> str:
    """The actor, marked where the clause does not state it: (carried), (implied) …"""
    if not r.actor:
        return "-"
    mark = "" if r.actor_source in (None, "stated") else f" ({r.actor_source})"
    kind = "" if r.kind == "requirement" else f" [{r.kind}]"
    return f"{r.actor}{mark}{kind}"
