"""``policytext reuse CORPUS``: passages that documents of a corpus share, and who took them
from whom."""

from __future__ import annotations

import argparse
import sys

from . import count


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reuse", help="find passages reused across the documents of a corpus",
                       description="Passages of at least --min-chars characters that two "
                                   "documents of a corpus share (small edits allowed), with "
                                   "the earlier one as source, the lag in years, vertical or "
                                   "horizontal by issuer level; boilerplate (a run found in "
                                   "many sources) is marked, never counted as reuse.")
    p.add_argument("corpus", help="a folder of documents (optional manifest.csv/.toml/.json)")
    p.add_argument("--format", choices=("text", "json", "csv", "md", "html"), default="text")
    p.add_argument("--min-chars", type=count(1), default=20,
                   help="shortest passage reported (characters; default 20)")
    p.add_argument("--min-similarity", type=float, default=0.75,
                   help="least similarity of a reused passage (default 0.75)")
    p.add_argument("--boilerplate", type=float, default=0.2, metavar="SHARE",
                   help="a 10-character run found in this share of sources (series), and in "
                        "3 at least, is boilerplate (default 0.2)")
    p.add_argument("--level", choices=("passage", "sentence"), default="passage",
                   help="whole aligned passages, or cut at the target's sentence ends")
    p.add_argument("--within-series", action="store_true",
                   help="also pair documents of one series (one issuer's years)")
    p.add_argument("--no-boilerplate", action="store_true",
                   help="leave boilerplate spans out (default: listed, marked boilerplate)")
    p.add_argument("--documents", action="store_true",
                   help="text/json/csv: the per-document table (share reused, top sources) "
                        "instead of the edges")
    p.add_argument("--limit", type=count(1), default=500,
                   help="html: at most this many edges, longest first (default 500)")
    p.add_argument("--manifest", help="a manifest outside the folder")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..compare import reuse_report as report
    from ..compare.reuse import find_reuse
    from ..corpus import Corpus
    from . import write_output

    corpus = Corpus.load(args.corpus, manifest=args.manifest)
    result = find_reuse(corpus, min_chars=args.min_chars, min_similarity=args.min_similarity,
                        boilerplate=args.boilerplate, level=args.level,
                        within_series=args.within_series,
                        include_boilerplate=not args.no_boilerplate)
    if args.format == "json":
        text = report.to_json(result, documents=args.documents)
    elif args.format == "csv":
        text = report.to_csv(result, documents=args.documents)
    elif args.format == "md":
        text = report.to_markdown(result)
    elif args.format == "html":
        text = report.to_html(result, limit=args.limit)
    else:
        text = report.to_text(result, documents=args.documents)
    write_output(text, args.output)
    st = result.stats
    print(f"{'wrote ' + args.output + ': ' if args.output else ''}"
          f"{len(result.edges)} edges; {st['candidate_passage_pairs']} of "
          f"{st['all_passage_pairs']} passage pairs aligned", file=sys.stderr)
    for path, message in corpus.errors:
        print(f"error: {path}: {message}", file=sys.stderr)
    return 1 if corpus.errors else 0
