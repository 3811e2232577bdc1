"""Lineage graph, graph/history commands."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from synth import load

import policytext
from policytext.cli import main
from policytext.compare import compare
from policytext.compare.graph import history, item_node, lineage_graph
from policytext.corpus import Corpus

SYN = load()


@pytest.fixture(scope="module")
def corpus():
    return Corpus.load(SYN.DEMO_OLD.parent)


@pytest.fixture(scope="module")
def graph(corpus):
    return lineage_graph(corpus)


def test_nodes_and_edges(corpus, graph):
    kinds = {}
    for _, d in graph.nodes(data=True):
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    assert kinds["document"] == 2 and kinds["section"] == 8 and kinds["item"] == 31
    assert kinds["term"] > 0
    edge_kinds = {d["kind"] for *_, d in graph.edges(data=True)}
    assert edge_kinds >= {"contains", "continues", "mentions", "next"}
    # every item is contained by its section, every section by its document
    for node, d in graph.nodes(data=True):
        if d["kind"] in ("item", "section"):
            parents = [p for p in graph.predecessors(node)
                       if graph.edges[p, node]["kind"] == "contains"]
            assert len(parents) == 1


def test_continues_edges_are_the_alignment(corpus, graph):
    old, new = corpus.entries
    cmp = compare(old.doc, new.doc)
    want = {(item_node(old.path, o), item_node(new.path, n), t) for o, n, t in cmp.links}
    got = {(a, b, d["type"]) for a, b, d in graph.edges(data=True) if d["kind"] == "continues"}
    assert got == want
    assert graph.nodes[item_node(old.path, "二/7")]["fate"] == "removed"
    assert graph.nodes[item_node(new.path, "四/13")]["origin"] == "added"


def test_theme_tags(graph):
    assert graph.graph["themes"] == "tagged"
    tagged = [(a, b, d) for a, b, d in graph.edges(data=True) if d["kind"] == "tagged"]
    items = [n for n, d in graph.nodes(data=True) if d["kind"] == "item"]
    primaries = {a for a, _, d in tagged if d["primary"]}
    assert primaries == set(items)
    assert all(graph.nodes[b]["kind"] == "theme" for _, b, _ in tagged)
    from policytext.themes import tag

    doc = policytext.read(SYN.SEED)
    first = tag(doc)[0]
    node = item_node("2025-江苏省科技社团党的建设工作要点.txt", first.path)
    assert graph.edges[node, f"theme:{first.primary}"]["primary"] is True


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_graph_command_writes(tmp_path, suffix, capsys):
    out = tmp_path / f"g{suffix}"
    assert main(["graph", str(SYN.DEMO_OLD.parent), "-o", str(out)]) == 0
    assert "15 continues links" in capsys.readouterr().err
    if suffix == ".graphml":
        g = nx.read_graphml(out)
    elif suffix == ".gexf":
        g = nx.read_gexf(out)
    else:
        g = nx.node_link_graph(json.loads(out.read_text("utf-8")), edges="links")
    assert sum(1 for *_, d in g.edges(data=True) if d["kind"] == "continues") == 15


def test_graph_command_bad_suffix(tmp_path, capsys):
    assert main(["graph", str(SYN.DEMO_OLD.parent), "-o", str(tmp_path / "g.png")]) == 2
    assert "use .graphml, .gexf or .json" in capsys.readouterr().err


def test_history_follows_split_and_merge(corpus):
    steps = history(corpus, "2024#二/8")
    assert [(s.year, s.paths, s.change) for s in steps] == [
        (2024, ("二/8",), ""), (2025, ("三/10", "三/11"), "split")]
    steps = history(corpus, "一/3")  # one series: the latest year's item
    assert [(s.year, s.paths, s.change) for s in steps] == [
        (2024, ("一/3", "一/4"), ""), (2025, ("一/3",), "merged")]


def test_history_command(capsys):
    assert main(["history", str(SYN.DEMO_OLD.parent), "2025#二/6"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2024  三/11  [first seen]")
    assert out[2].startswith("2025  二/6  [modified ")
    assert main(["history", str(SYN.DEMO_OLD.parent), "2025#九/9"]) == 2
    assert "no item '九/9'" in capsys.readouterr().err


def test_a_series_of_six_years():
    """A generated series of years: every consecutive pair is linked."""
    docs = []
    spec = SYN.seed_spec()
    text, _ = SYN.render(spec, "workpoints")
    for year in range(2020, 2026):
        docs.append(policytext.read_text(text.replace("2025", str(year)), name=f"{year}.txt"))
    corpus = Corpus.from_documents(docs, series="s")
    g = lineage_graph(corpus, terms=False, themes=False)
    cont = [d for *_, d in g.edges(data=True) if d["kind"] == "continues"]
    assert len(cont) == 5 * 15 and {d["type"] for d in cont} == {"unchanged"}
    assert len(history(corpus, "2022.txt#三/10", graph=g)) == 6
