"""Issuer lists of jointly issued documents and the co-issuing network (GraphML)."""

from __future__ import annotations

import pytest
from jointgen import expected, write

import policytext
from policytext.cli import main
from policytext.errors import InputError
from policytext.issuers import issuer_graph, issuers, load_aliases, split_names


@pytest.mark.parametrize(("text", "names"), [
    ("国家发展改革委 财政部文件", ["国家发展和改革委员会", "财政部"]),
    ("国家发展改革委财政部文件", ["国家发展和改革委员会", "财政部"]),  # run together
    ("国家发展改革委　　财政部", ["国家发展和改革委员会", "财政部"]),  # a 署名, full-width spaces
    ("人社部、财政部、税务总局", ["人力资源和社会保障部", "财政部", "国家税务总局"]),
    ("中共中央办公厅 国务院办公厅", ["中共中央办公厅", "国务院办公厅"]),
    ("江苏省发展改革委江苏省财政厅", ["江苏省发展改革委", "江苏省财政厅"]),  # local, as printed
    ("中共江苏省科技社团党委", ["中共江苏省科技社团党委"]),  # unknown: kept whole
    ("财政部 财政部", ["财政部"]),
    ("", []),
])
def test_split_names(text, names):
    assert split_names(text) == names


def test_issuers_read_the_document_fields(tmp_path):
    (path,) = [p for p in write(tmp_path) if "税收优惠" in p.name]
    doc = policytext.read(path)
    assert issuers(doc) == ("财政部", "国家税务总局", "国家发展和改革委员会")
    seed = policytext.read("corpora/2025-江苏省科技社团党的建设工作要点.txt")
    assert issuers(seed) == ("中共江苏省科技社团党委",)


def test_generated_joint_documents_give_the_expected_network(tmp_path):
    """Acceptance: the GraphML opens in networkx with the right weights."""
    import networkx as nx

    folder = tmp_path / "joint"
    write(folder)
    out = tmp_path / "agencies.graphml"
    assert main(["graph", str(folder), "--issuers", "-o", str(out)]) == 0
    g = nx.read_graphml(out)
    nodes, edges = expected()
    assert {n: d["documents"] for n, d in g.nodes(data=True)} == dict(nodes)
    assert {tuple(sorted((a, b))): d["weight"] for a, b, d in g.edges(data=True)} == dict(edges)
    assert g["国家发展和改革委员会"]["财政部"]["weight"] == 2
    assert g.graph["joint"] == 6 and g.graph["documents"] == 7
    from policytext.corpus import Corpus

    corpus = Corpus.load(folder)
    assert all(e.doc.meta.get("synthetic") for e in corpus)
    assert nx.utils.graphs_equal(issuer_graph(corpus), issuer_graph(corpus.documents))


def test_alias_table_from_a_file(tmp_path, capsys):
    table = tmp_path / "aliases.toml"
    table.write_text('[agencies]\n"财政部" = ["财政"]\n', encoding="utf-8")
    assert split_names("财政 教育部", aliases=table) == ["财政部", "教育部"]
    assert "国家发展和改革委员会" in load_aliases().canonical.values()
    bad = tmp_path / "bad.toml"
    bad.write_text('[agencies]\n"财政部" = "财政"\n', encoding="utf-8")
    with pytest.raises(InputError, match="must map to a list"):
        load_aliases(bad)
    folder = tmp_path / "joint"
    write(folder)
    assert main(["graph", str(folder), "--issuers", "--aliases", str(bad),
                 "-o", str(tmp_path / "x.graphml")]) == 2
    assert capsys.readouterr().err.startswith("error: alias table")
