"""Compare benchmark: aligning two 50-item documents, and the lineage graph of 30 documents.

Each is timed against a naive baseline run in the same process: every old item
against every new item with difflib's ``SequenceMatcher.ratio()`` (characters),
best match kept (for the graph: the same over each consecutive pair, plus
networkx nodes and edges).  Documents are SYNTHETIC, made by
scripts/make_synthetic.py from the founding 2025 work points.

    .venv/bin/python bench/bench_compare.py
"""

from __future__ import annotations

import difflib
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import policytext  # noqa: E402
from policytext.compare import compare  # noqa: E402
from policytext.compare.align import _words_cached  # noqa: E402
from policytext.compare.graph import lineage_graph  # noqa: E402
from policytext.corpus import Corpus  # noqa: E402


def _synth():
    spec = importlib.util.spec_from_file_location("make_synthetic",
                                                  ROOT / "scripts" / "make_synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_synthetic"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def naive_align(old, new) -> list[tuple[str, str, float]]:
    """All pairs with difflib, best new item for each old item."""
    out = []
    for a in old.items:
        best, score = None, 0.0
        for b in new.items:
            r = difflib.SequenceMatcher(None, a.text, b.text).ratio()
            if r > score:
                best, score = b.path, r
        out.append((a.path, best, score))
    return out


def naive_graph(docs):
    import networkx as nx

    g = nx.DiGraph()
    for d in docs:
        for it in d.items:
            g.add_node((d.source, it.path), text=it.text)
    for a, b in zip(docs, docs[1:], strict=False):
        for o, n, s in naive_align(a, b):
            if n is not None and s >= 0.3:
                g.add_edge((a.source, o), (b.source, n), similarity=s)
    return g


def timed(fn, *, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    syn = _synth()
    # 1. two 50-item documents
    spec = syn.random_spec(50, seed=1, n_sections=5)
    pair = syn.make_pair(spec, seed=1, style="workpoints")
    old, new = policytext.read_text(pair["old_text"]), policytext.read_text(pair["new_text"])
    compare(old, new)  # warm up: jieba's dictionary, scikit-learn imports

    def cold_compare():
        _words_cached.cache_clear()  # no help from words segmented in an earlier run
        compare(old, new)

    ours = timed(cold_compare, repeat=7)
    base = timed(lambda: naive_align(old, new), repeat=7)
    print(f"align {len(old.items)}×{len(new.items)} items: {ours * 1e3:.0f} ms "
          f"(naive all-pairs difflib {base * 1e3:.0f} ms; ratio {ours / base:.2f})")

    # 2. a 30-document series, each year made from the next by recorded edits
    docs = []
    text = syn.render(syn.random_spec(30, seed=2, n_sections=5), "workpoints")[0]
    year = 2025
    for k in range(30):
        doc = policytext.read_text(text.replace("2025年", f"{year}年", 1),
                                   name=f"{year}-synthetic.txt")
        docs.append(doc)
        pair = syn.make_pair(syn.spec_from_document(doc), seed=100 + k, style="workpoints",
                             old_year=year - 1, new_year=year)
        text, year = pair["old_text"], year - 1
    docs.reverse()
    corpus = Corpus.from_documents(docs, series="synthetic")
    n_items = sum(len(d.items) for d in docs)
    g = lineage_graph(corpus)  # warm up the themes model

    def cold_graph():
        _words_cached.cache_clear()
        lineage_graph(corpus)

    ours = timed(cold_graph, repeat=2)
    base = timed(lambda: naive_graph(docs), repeat=2)
    print(f"graph of {len(docs)} documents ({n_items} items, {g.number_of_nodes()} nodes, "
          f"{g.number_of_edges()} edges, themes {g.graph['themes']}): {ours:.2f} s "
          f"(naive all-pairs difflib {base:.2f} s; ratio {ours / base:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
