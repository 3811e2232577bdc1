"""The lineage graph of a corpus: documents, sections, items, themes and terms over the years.

:func:`lineage_graph` returns a plain ``networkx.DiGraph`` (not a subclass):

- nodes have a ``kind``: ``document``, ``section``, ``item``, ``theme``, ``term``;
- ``contains`` edges: document → section → (sub)section → item;
- ``continues`` edges: an item → the item(s) it became in the next year of its
  series, with the change ``type``, ``similarity``, ``confidence`` and ``gap_years``
  (1 for consecutive years; more when years are missing between the two documents);
  splits fan out, merges fan in, ``partial`` links join items of two other changes;
- ``next`` edges: document → the next document of its series, with ``gap_years`` and
  the counts of each change type;
- ``mentions`` edges: item → term (the quoted slogans of :func:`policytext.text.quoted_terms`);
- ``tagged`` edges: item → theme with a ``score``, ``primary`` and ``evidence``,
  from :mod:`policytext.themes` (``graph.graph["themes"]`` says whether it ran);
- ``reuse`` edges (with ``reuse=True``): source item → target item of another
  document, from :func:`policytext.compare.reuse.find_reuse`, boilerplate left out:
  ``chars`` and ``passages`` summed over the pair, the best ``similarity``,
  ``lag_years`` (-1 when unknown), ``directed``, ``relation`` (a preamble or a
  section's own text is its document's or section's node).

Attributes are strings and numbers only, so the graph writes to GraphML and GEXF.
:func:`history` follows ``continues`` edges to give one item's line through the years.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["lineage_graph", "history", "HistoryStep", "item_node", "write_graph",
           "add_reuse_edges", "timeline"]


def doc_node(entry_path: str) -> str:
    return f"doc:{entry_path}"


def item_node(entry_path: str, item_path: str) -> str:
    return f"item:{entry_path}#{item_path}"


def _section_node(entry_path: str, section_path: str) -> str:
    return f"section:{entry_path}#{section_path}"


def _themes_tagger():
    """policytext.themes.tag, or None while the themes stage is not installed."""
    try:
        from .. import themes  # noqa: F401
    except ImportError:
        return None
    return getattr(themes, "tag", None)


def lineage_graph(corpus, *, terms: bool = True, themes: bool = True,
                  taxonomy: Any = "auto", min_theme_score: float = 0.2, reuse: bool = False,
                  **compare_kw: Any):
    """Build the lineage graph of a :class:`~policytext.corpus.Corpus`.

    ``taxonomy`` is passed to :func:`policytext.themes.tag`: ``"party"``,
    ``"government"``, a TOML path, or ``"auto"`` (per series, the shipped taxonomy that
    fits it; :func:`policytext.compare.tables.series_taxonomies`); an item is tagged with
    its primary theme and every other theme scoring at least ``min_theme_score``.
    """
    import networkx as nx

    from ..text import quoted_terms

    g = nx.DiGraph()
    tag = _themes_tagger() if themes else None
    labels: dict[str, str] = {}
    taxes: dict[str, Any] = {}
    if tag is not None:
        from ..themes import UNCLASSIFIED
        from .tables import series_taxonomies

        taxes = series_taxonomies(corpus, taxonomy)
        labels = {t.id: t.label_zh for tax in taxes.values() for t in tax.themes}
    g.graph["themes"] = "tagged" if tag else ("off" if not themes else "unavailable")
    all_tags: list[Any] = []
    if tag is not None:  # (every document at once, or as stored with it: corpus_tags)
        from .tables import corpus_tags

        all_tags = corpus_tags(corpus, taxes)
    for k, entry in enumerate(corpus):
        doc = entry.doc
        d = doc_node(entry.path)
        g.add_node(d, kind="document", label=doc.title or entry.path, path=entry.path,
                   series=entry.series, year=entry.year or 0, issuer=entry.issuer or "",
                   synthetic=bool(doc.meta.get("synthetic", False)))

        def add_section(section, parent: str, entry=entry) -> None:
            s = _section_node(entry.path, section.path)
            g.add_node(s, kind="section", label=section.title, path=section.path,
                       document=entry.path, year=entry.year or 0)
            g.add_edge(parent, s, kind="contains")
            for item in section.items:
                i = item_node(entry.path, item.path)
                g.add_node(i, kind="item", label=item.title, path=item.path,
                           document=entry.path, series=entry.series, year=entry.year or 0,
                           text=item.text)
                g.add_edge(s, i, kind="contains")
                if terms:
                    for term in dict.fromkeys(quoted_terms(item.text)):
                        t = f"term:{term}"
                        if t not in g:
                            g.add_node(t, kind="term", label=term)
                        g.add_edge(i, t, kind="mentions")
            for sub in section.sections:
                add_section(sub, s)

        for section in doc.sections:
            add_section(section, d)
        if tag is not None:
            for tags in all_tags[k]:
                i = item_node(entry.path, tags.path)
                for score in tags.themes:
                    if score.id != tags.primary and score.score < min_theme_score:
                        continue
                    t = f"theme:{score.id}"
                    if t not in g:
                        g.add_node(t, kind="theme", label=labels.get(score.id, score.id),
                                   theme=score.id)
                    g.add_edge(i, t, kind="tagged", score=float(score.score),
                               primary=score.id == tags.primary,
                               evidence="、".join(score.evidence))
                if tags.primary == UNCLASSIFIED:  # no theme fits: said so, not forced
                    t = f"theme:{UNCLASSIFIED}"
                    if t not in g:
                        g.add_node(t, kind="theme", label=UNCLASSIFIED, theme=UNCLASSIFIED)
                    g.add_edge(i, t, kind="tagged", score=0.0, primary=True, evidence="")
    from .cache import corpus_comparisons

    for old, new, cmp in corpus_comparisons(corpus, **compare_kw):
        gap = cmp.gap_years if cmp.gap_years is not None else 0
        g.add_edge(doc_node(old.path), doc_node(new.path), kind="next", gap_years=gap,
                   **{f"n_{k}": v for k, v in cmp.summary.items()})
        for ch in cmp.changes:
            for o in ch.old:
                for n in ch.new:
                    g.add_edge(item_node(old.path, o), item_node(new.path, n), kind="continues",
                               type=ch.type, similarity=float(ch.similarity),
                               confidence=float(ch.confidence or 0.0), gap_years=gap)
            if not ch.new:
                g.nodes[item_node(old.path, ch.old[0])]["fate"] = "removed"
            if not ch.old:
                g.nodes[item_node(new.path, ch.new[0])]["origin"] = "added"
        for lk in cmp.partial_links:
            g.add_edge(item_node(old.path, lk.old), item_node(new.path, lk.new), kind="continues",
                       type="partial", similarity=float(lk.similarity),
                       confidence=float(lk.confidence), gap_years=gap)
    if reuse:
        from .reuse import find_reuse

        add_reuse_edges(g, find_reuse(corpus))
    return g


def add_reuse_edges(g, result) -> None:
    """``reuse`` edges of a :class:`~policytext.compare.reuse.ReuseResult` (not boilerplate)
    between the nodes of passages; an edge already there (``continues``) is kept as is."""
    def node(doc: str, path: str) -> str:
        for candidate in (item_node(doc, path), _section_node(doc, path)):
            if candidate in g:
                return candidate
        return doc_node(doc)

    for e in result.edges:
        if e.boilerplate:
            continue
        u, v = node(e.source.doc, e.source.path), node(e.target.doc, e.target.path)
        if g.has_edge(u, v) and g.edges[u, v].get("kind") != "reuse":
            continue
        if g.has_edge(u, v):
            d = g.edges[u, v]
            d["chars"] += e.chars
            d["passages"] += 1
            d["similarity"] = max(d["similarity"], round(e.similarity, 4))
        else:
            g.add_edge(u, v, kind="reuse", chars=e.chars, passages=1,
                       similarity=round(e.similarity, 4),
                       lag_years=e.lag_years if e.lag_years is not None else -1,
                       directed=e.directed, relation=e.relation or "")


def write_graph(g, path: str | Path) -> None:
    """Write GraphML, GEXF or node-link JSON, by the file's suffix."""
    import json

    import networkx as nx

    path = Path(path)
    suffix = path.suffix.lower()
    import io

    from .._atomic import write_atomic

    buf = io.BytesIO()
    if suffix == ".graphml":
        nx.write_graphml(g, buf)
    elif suffix == ".gexf":
        nx.write_gexf(g, buf)
    elif suffix == ".json":
        data = nx.node_link_data(g, edges="links")
        buf.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    else:
        raise InputError(f"cannot write a graph to {path.name}: "
                         "use .graphml, .gexf or .json")
    try:
        write_atomic(path, buf.getvalue())  # whole or not at all (a full disk)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class HistoryStep:
    """One year of an item's line: its path(s) then, and how it came from the year before."""

    year: int | None
    document: str
    paths: tuple[str, ...]
    change: str          # type of the link from the previous year ('' for the first)
    similarity: float | None
    text: tuple[str, ...]
    gap_years: int | None = None  # years since the previous step (more than 1: a gap)


def _resolve(corpus, ref: str) -> tuple[Any, str]:
    """``DOC#PATH`` (DOC: file, relative path, ``series year`` or a year) or just ``PATH``."""
    if "#" in ref:
        doc_ref, path = ref.rsplit("#", 1)
        if doc_ref.isdigit():
            hits = [e for e in corpus if e.year == int(doc_ref)]
            if len(hits) != 1:
                raise InputError(f"{len(hits)} documents of {doc_ref} in the corpus; "
                                 "name the file instead (FILE#PATH)")
            return hits[0], path
        return corpus.find(doc_ref), path
    series = corpus.series
    if len(series) != 1:
        raise InputError(f"the corpus has {len(series)} series; say which document: "
                         f"FILE#{ref} or YEAR#{ref}")
    return next(iter(series.values()))[-1], ref


def _links_of_corpus(corpus):
    """Item nodes (in document order, with year, path, text, document) and continues links
    of a corpus, from its comparisons (stored alignments where there are): what
    :func:`history` walks when no graph is given, without building one."""
    from .cache import corpus_comparisons

    nodes: dict[str, dict[str, Any]] = {}
    for entry in corpus:
        for item in entry.doc.items:
            nodes[item_node(entry.path, item.path)] = {
                "document": entry.path, "year": entry.year or 0, "path": item.path,
                "text": item.text}
    links = []
    for old, new, cmp in corpus_comparisons(corpus):
        gap = cmp.gap_years or 0
        for o, n, kind in cmp.links:
            sim = next((ch.similarity for ch in cmp.changes if o in ch.old and n in ch.new),
                       None)
            if sim is None:
                sim = next(lk.similarity for lk in cmp.partial_links
                           if (lk.old, lk.new) == (o, n))
            links.append((item_node(old.path, o), item_node(new.path, n),
                          {"kind": "continues", "type": kind, "similarity": float(sim),
                           "gap_years": gap}))
    return nodes, links


def _links_of_graph(g):
    nodes = {n: d for n, d in g.nodes(data=True) if d.get("kind") == "item"}
    return nodes, [(a, b, d) for a, b, d in g.edges(data=True) if d.get("kind") == "continues"]


def history(corpus, ref: str, *, graph=None) -> list[HistoryStep]:
    """One item's line through the years, following ``continues`` links both ways.

    ``ref`` is ``DOC#PATH`` (e.g. ``2025#二/6``, ``2025-….txt#二/6``) or a bare path
    when the corpus holds one series (the latest year's item).  Without ``graph`` the
    links come straight from the corpus's (stored) alignments.
    """
    entry, path = _resolve(corpus, ref)
    nodes, links = _links_of_graph(graph) if graph is not None else _links_of_corpus(corpus)
    start = item_node(entry.path, path)
    if start not in nodes:
        raise InputError(f"no item {path!r} in {entry.path}")
    near: dict[str, list[str]] = {}
    for a, b, _ in links:
        near.setdefault(a, []).append(b)
        near.setdefault(b, []).append(a)
    seen = {start}
    todo = [start]
    while todo:
        for nxt in near.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    incoming: dict[str, list[dict[str, Any]]] = {}
    for a, b, d in links:
        if a in seen and b in seen:
            incoming.setdefault(b, []).append(d)
    position = {n: k for k, n in enumerate(nodes)}
    by_doc: dict[str, list[str]] = {}
    for node in sorted(seen, key=position.get):
        by_doc.setdefault(nodes[node]["document"], []).append(node)
    order = {e.path: k for k, e in enumerate(corpus)}
    steps = []
    for doc_path in sorted(by_doc, key=lambda p: order[p]):
        members = by_doc[doc_path]
        edges = [d for n in members for d in incoming.get(n, ())]
        steps.append(HistoryStep(
            year=nodes[members[0]]["year"] or None, document=doc_path,
            paths=tuple(nodes[n]["path"] for n in members),
            change=edges[0]["type"] if edges else "",
            similarity=min(e["similarity"] for e in edges) if edges else None,
            text=tuple(nodes[n]["text"] for n in members),
            gap_years=(edges[0].get("gap_years") or None) if edges else None))
    return steps


def timeline(corpus, series: str | None = None, *, graph=None
             ) -> tuple[list[Any], list[list[str]]]:
    """Every item's line across all versions of one series (a law's articles through its
    revisions): (the series' entries, one row per line of items).

    A row holds, per version, the item's path(s) then and how it came there
    (``第十五条 (modified)``), '' where the line does not reach; rows follow the order in
    which their items first appear.  ``series`` may be left out when the corpus holds one.
    """
    all_series = corpus.series
    if series is None:
        if len(all_series) != 1:
            raise InputError(f"the corpus has {len(all_series)} series; name one: "
                             + ", ".join(sorted(all_series)))
        series = next(iter(all_series))
    if series not in all_series:
        raise InputError(f"no series {series!r} in the corpus (it has: "
                         f"{', '.join(sorted(all_series))})")
    entries = list(all_series[series])
    g = graph if graph is not None else lineage_graph(corpus, terms=False, themes=False)
    column = {e.path: k for k, e in enumerate(entries)}
    order = {n: k for k, n in enumerate(g.nodes)}
    items = [n for n, d in g.nodes(data=True)
             if d.get("kind") == "item" and d.get("document") in column]
    # lines: connected items along continues edges (partial links are not a line's own)
    parent = {n: n for n in items}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b, d in g.edges(data=True):
        if d.get("kind") == "continues" and d.get("type") != "partial" \
                and a in parent and b in parent:
            parent[find(a)] = find(b)
    lines: dict[str, list[str]] = {}
    for n in items:
        lines.setdefault(find(n), []).append(n)
    rows = []
    for members in sorted(lines.values(), key=lambda ms: min(
            (column[g.nodes[m]["document"]], order[m]) for m in ms)):
        cells = [[] for _ in entries]
        for m in sorted(members, key=order.get):
            col = column[g.nodes[m]["document"]]
            how = [d["type"] for p, _, d in g.in_edges(m, data=True)
                   if d.get("kind") == "continues" and d.get("type") != "partial"]
            label = g.nodes[m]["path"]
            if col and not how:
                how = ["added"]
            cells[col].append(f"{label} ({how[0]})" if how else label)
        rows.append([" + ".join(c) for c in cells])
    return entries, rows
