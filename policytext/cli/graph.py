"""``policytext graph CORPUS -o FILE``: the lineage graph of a corpus."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("graph", help="build the lineage graph of a corpus folder",
                       description="Documents, sections, items, themes and terms of a corpus, "
                                   "with 'continues' links between items of consecutive years.")
    p.add_argument("corpus", help="a folder of documents (optional manifest.csv/.toml/.json)")
    p.add_argument("-o", "--output", required=True, help="FILE.graphml, FILE.gexf or FILE.json")
    p.add_argument("--manifest", help="a manifest outside the folder")
    p.add_argument("--taxonomy", default="auto",
                   help="themes: party, government, a TOML file, or auto (the default: per "
                        "series, the shipped taxonomy that fits it)")
    p.add_argument("--reuse", action="store_true",
                   help="also 'reuse' edges: passages an item shares with an item of another "
                        "document (policytext reuse)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..compare.graph import lineage_graph, write_graph
    from ..corpus import Corpus

    corpus = Corpus.load(args.corpus, manifest=args.manifest)
    g = lineage_graph(corpus, taxonomy=args.taxonomy, reuse=args.reuse)
    write_graph(g, args.output)
    kinds: dict[str, int] = {}
    for _, data in g.nodes(data=True):
        kinds[data["kind"]] = kinds.get(data["kind"], 0) + 1
    links = sum(1 for *_, d in g.edges(data=True) if d.get("kind") == "continues")
    print(f"wrote {args.output}: " + ", ".join(f"{v} {k}s" for k, v in sorted(kinds.items()))
          + f", {links} continues links"
          + (f", {sum(1 for *_, d in g.edges(data=True) if d.get('kind') == 'reuse')} reuse"
             " links" if args.reuse else "")
          + f"; themes {g.graph['themes']}", file=sys.stderr)
    for path, message in corpus.errors:
        print(f"error: {path}: {message}", file=sys.stderr)
    return 1 if corpus.errors else 0
