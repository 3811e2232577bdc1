"""Planted reuse (issue 16, acceptance 1): a SYNTHETIC corpus from scripts/make_reuse_corpus.py.

Real sentences of ../shared/corpora planted with small edits into other real documents,
and three real boilerplate formulas planted into 55–85% of them.  Precision and recall
of the planted passages of ≥ 20 characters with ≤ 15% edits must reach 0.95; planted
boilerplate is reported as boilerplate or not at all; the earlier document is always
the source; vertical/horizontal follows the issuer levels of the sidecars.
"""

from __future__ import annotations

import json

import pytest
from reusehelp import locate, score

from policytext.compare.reuse import find_reuse
from policytext.corpus import Corpus


@pytest.fixture(scope="module", params=[16, 17])
def planted(request, shared_corpora, tmp_path_factory):
    from make_reuse_corpus import planted as generate

    out = tmp_path_factory.mktemp(f"planted{request.param}")
    truth = generate(out, shared_corpora, seed=request.param)
    corpus = Corpus.load(out)
    assert corpus.errors == ()
    return truth, corpus, find_reuse(corpus)


def test_the_corpus_is_labelled_synthetic(planted):
    truth, corpus, _ = planted
    assert truth["synthetic"] is True
    assert all(e.doc.meta["synthetic"] is True and e.path.startswith("synthetic-reuse-")
               and e.doc.title.startswith("合成样本") for e in corpus)
    assert len(truth["plants"]) == 150
    assert all(len(b["docs"]) >= 0.5 * len(corpus) for b in truth["boilerplate"])


def test_precision_and_recall_of_planted_passages(planted):
    truth, _, result = planted
    sc = score(result, truth)
    assert sc.unlocated == 0
    assert sc.plants >= 140
    assert sc.precision >= 0.95, [(e.source.text, e.target.text) for e in sc.wrong]
    assert sc.recall >= 0.95, [(p["source_text"], p["target_text"]) for p, _ in sc.missed]
    assert sc.wrong_direction == 0


def test_planted_boilerplate_is_boilerplate_or_nothing(planted):
    truth, _, result = planted
    sc = score(result, truth)
    assert sc.in_boilerplate == []
    formulas = [b["text"].rstrip("。") for b in truth["boilerplate"]]
    for e in result.edges:
        if any(f in e.target.text for f in formulas):
            # a reused sentence may stand next to a formula, never contain one
            assert e.boilerplate, e.target.text
    # and what is marked boilerplate is (mostly) planted boilerplate
    spans = [locate(result.passages, doc, b["text"]) for b in truth["boilerplate"]
             for doc in b["docs"]]
    for e in (e for e in result.edges if e.boilerplate):
        t = e.target
        inside = sum(max(0, min(t.end, s.end) - max(t.start, s.start)) for s in spans
                     if (s.doc, s.path) == (t.doc, t.path))
        assert inside * 2 >= t.end - t.start, t.text


def test_direction_lag_and_levels_follow_the_documents(planted, shared_corpora):
    truth, corpus, result = planted
    meta = {e.path: e for e in corpus}
    for e in result.edges:
        s, t = meta[e.source.doc], meta[e.target.doc]
        assert e.lag_years == t.year - s.year >= 0
        assert e.directed == (t.year != s.year)
        levels = {s.doc.meta["issuer_level"], t.doc.meta["issuer_level"]}
        assert e.relation == ("horizontal" if len(levels) == 1 else "vertical")


def test_candidates_are_a_small_part_of_all_pairs(planted):
    _, _, result = planted
    st = result.stats
    assert st["candidate_passage_pairs"] * 50 < st["all_passage_pairs"]


def test_truth_file_is_written(planted, tmp_path_factory):
    truth, corpus, _ = planted
    on_disk = json.loads((__import__("pathlib").Path(corpus.root) / "truth.json")
                         .read_text("utf-8"))
    assert on_disk == truth
