"""``policytext search QUERY``: full-text search of the corpus database."""

from __future__ import annotations

import argparse

from . import count


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="search the corpus database (Chinese full text)",
                       description="Find items holding every word of QUERY (exact substrings, "
                                   "full-width and half-width alike), ranked by BM25, with "
                                   "highlights. With no exact match, items holding all the "
                                   "words of the query (数据出境 → 数据, 出境) are shown, closest "
                                   "together first, and a note says so; a term in quotes stays "
                                   "exact. Of a law, only its latest stored version is searched "
                                   "unless --all-versions.")
    p.add_argument("query", help="words separated by spaces; all must occur")
    p.add_argument("--theme", help="only items whose primary theme is this id (e.g. grassroots)")
    p.add_argument("--year", help="a year (2025) or a range (2019-2022)")
    p.add_argument("--series", help="only this series (a substring of the title without year)")
    p.add_argument("--issuer", help="only documents whose issuer contains this")
    p.add_argument("--section", help="only this section (path such as 二, or heading words)")
    p.add_argument("--requirements", action="store_true",
                   help="only requirements (one result per matching requirement)")
    p.add_argument("--all-versions", action="store_true",
                   help="search every stored version of a law, not only the latest")
    p.add_argument("--limit", type=count(1), default=20, help="at most N results (default 20)")
    p.add_argument("--db", default=None, help="database file (default $POLICYTEXT_DB or "
                                              "policytext.db)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.set_defaults(func=run)


#: The CSV columns (the page's export uses the same, see policytext.web).
CSV_COLUMNS = ["path", "year", "series", "title", "snippet", "themes", "score", "source",
               "synthetic"]


def run(args: argparse.Namespace) -> int:
    import sys

    from ..store.search import search
    from ._output import safe, safe_json
    from .ingest import default_db

    hits = search(args.db or default_db(), args.query, theme=args.theme, year=args.year,
                  series=args.series, issuer=args.issuer, section=args.section,
                  requirements=args.requirements, all_versions=args.all_versions,
                  limit=args.limit)
    out = sys.stdout
    if hits.note:
        print(f"note: {safe(hits.note)}", file=sys.stderr)
    if args.format == "json":
        import json

        out.write(safe_json(json.dumps([h.to_dict() for h in hits], ensure_ascii=False,
                                       indent=1)) + "\n")
    elif args.format == "csv":
        import csv

        w = csv.writer(out, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for h in hits:
            w.writerow([safe(v) for v in (h.path, h.year, h.series, h.title, h.snippet_text(),
                                          " ".join(h.themes), f"{h.score:.4f}", h.source,
                                          int(h.synthetic))])
    else:
        if not hits:
            print("no results", file=sys.stderr)
        elif hits.total > len(hits):
            more = "more than " if hits.total_capped else ""
            print(f"{len(hits)} of {more}{hits.total} results (--limit N for more)",
                  file=sys.stderr)
        for h in hits:
            themes = f"  [{h.primary}]" if h.primary else ""
            mark = " [SYNTHETIC]" if h.synthetic else ""
            # a paragraph break inside an item is a space here; anything else is escaped
            line = (f"{h.year or '----'}{mark} {h.series or h.doc_title or ''} {h.label}  "
                    f"{h.title}{themes}  ({h.score:.2f})")
            out.write(safe(line.replace("\n", " ")) + "\n    "
                      + safe(h.snippet_text().replace("\n", " ")) + "\n")
            if h.requirement:
                r = h.requirement
                facets = ", ".join(
                    f"{k}: {r[k]}" + (f" ({r['actor_source']})" if k == "actor" and r.get(
                        "actor_source") not in (None, "stated") else "")
                    for k in ("actor", "target", "frequency", "quantity", "deadline",
                              "strength")
                    if r.get(k))
                if facets:
                    out.write(f"    requirement: {safe(facets)}\n")
    return 0
