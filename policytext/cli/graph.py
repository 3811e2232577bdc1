"""``policytext graph CORPUS -o FILE``: the lineage graph of a corpus."""

from __future__ import annotations

import argparse
import sys

from . import add_ocr_option, ocr_kwargs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("graph", help="build the lineage graph of a corpus folder",
                       description="Documents, sections, items, themes and terms of a corpus, "
                                   "with 'continues' links between items of consecutive years.")
    p.add_argument("corpus", nargs="?",
                   help="a folder of documents (optional manifest.csv/.toml/.json), or give --db")
    p.add_argument("-o", "--output", required=True, help="FILE.graphml, FILE.gexf or FILE.json")
    add_source_options(p)
    p.add_argument("--taxonomy", default="auto",
                   help="themes: party, government, a TOML file, or auto (the default: per "
                        "series, the shipped taxonomy that fits it)")
    p.add_argument("--issuers", action="store_true",
                   help="write the co-issuing network instead: agencies, joined by an edge "
                        "weighted by the documents they issued together (联合发文)")
    p.add_argument("--aliases", metavar="FILE",
                   help="with --issuers: an alias table of agency names (TOML, as "
                        "policytext/data/agencies.toml) instead of the shipped one")
    p.add_argument("--reuse", action="store_true",
                   help="also 'reuse' edges: passages an item shares with an item of another "
                        "document (policytext reuse)")
    add_ocr_option(p)
    p.set_defaults(func=run)


def add_source_options(p: argparse.ArgumentParser) -> None:
    """--manifest and --db: where a corpus command takes its documents from."""
    p.add_argument("--manifest", help="a manifest outside the folder")
    p.add_argument("--db", help="the documents of a database made by 'policytext ingest' "
                                "(no file is read again; the themes stored with them are "
                                "used where the taxonomy is the same)")


def load_source(args: argparse.Namespace, *, like_folder: bool = False):
    """The corpus of a folder, or of the store with --db (``like_folder``: named and
    grouped as the folder the documents were ingested from, see ``stored_corpus``)."""
    from ..corpus import Corpus
    from ..errors import InputError

    if args.db:
        from ..store.browse import stored_corpus

        return stored_corpus(args.db, like_folder=like_folder)
    if args.corpus:
        return Corpus.load(args.corpus, manifest=args.manifest, **ocr_kwargs(args))
    raise InputError("give a corpus folder or --db")


def run(args: argparse.Namespace) -> int:
    from ..compare.graph import lineage_graph, write_graph

    corpus = load_source(args, like_folder=True)  # (the same graph as of the folder)
    if args.issuers:
        return _run_issuers(args, corpus)
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


def _run_issuers(args: argparse.Namespace, corpus) -> int:
    from ..compare.graph import write_graph
    from ..issuers import issuer_graph, load_aliases

    g = issuer_graph(corpus, aliases=load_aliases(args.aliases))
    write_graph(g, args.output)
    print(f"wrote {args.output}: {g.number_of_nodes()} agencies, {g.number_of_edges()} "
          f"co-issuing links; {g.graph['joint']} of {g.graph['documents']} documents issued "
          "jointly", file=sys.stderr)
    for path, message in corpus.errors:
        print(f"error: {path}: {message}", file=sys.stderr)
    return 1 if corpus.errors else 0
