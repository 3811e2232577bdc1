"""``policytext instruments FILE``: the policy instrument (政策工具) of every sentence."""

from __future__ import annotations

import argparse

FIELDS = ("path", "n", "type", "subtype", "evidence", "also", "reason", "text")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("instruments", help="code every sentence as a policy instrument "
                                           "(supply, environment, demand)",
                       description="Rothwell–Zegveld policy instruments (赵筱媛、苏竣 2007) per "
                                   "sentence, with the words that decided each code; the "
                                   "codebook is policytext/data/instruments.toml.")
    p.add_argument("file", help="PDF, TXT, DOCX or Markdown file")
    p.add_argument("--codebook", help="your own codebook (TOML, as data/instruments.toml)")
    p.add_argument("--all", action="store_true", help="also the sentences coded none")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import csv
    import io
    import json
    from collections import Counter

    from .. import read
    from ..instruments import code, load_codebook
    from . import write_output

    book = load_codebook(args.codebook)
    codes = code(read(args.file), codebook=book)
    counts = Counter(c.type for c in codes)
    shown = codes if args.all else [c for c in codes if c.type != "none"]
    if args.format == "json":
        out = json.dumps({"counts": {t: counts.get(t, 0) for t in (*[t.id for t in book.types],
                                                                   "none")},
                          "sentences": [c.to_dict() for c in shown]},
                         ensure_ascii=False, indent=1) + "\n"
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(FIELDS)
        for c in shown:
            row = c.to_dict()
            w.writerow(["、".join(row[f]) if f in ("evidence", "also") else
                        ("" if row[f] is None else row[f]) for f in FIELDS])
        out = buf.getvalue()
    else:
        out = "".join(f"{c.path:<10} {c.type:<11} {c.subtype or '-':<14} "
                      f"{'、'.join(c.evidence) or c.reason}  | {c.text}\n" for c in shown)
        out += ", ".join(f"{t} {counts.get(t, 0)}" for t in (*[t.id for t in book.types],
                                                              "none")) + " sentences\n"
    write_output(out, args.output)
    return 0
