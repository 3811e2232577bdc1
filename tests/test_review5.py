"""The fifth decision (policytext.compare.review5): review units and five-year review units."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from synth import change_set, load

import policytext
from policytext.compare import compare
from policytext.compare.align import _units, decide, pair_features
from policytext.compare.linking import LinkModel, default_model
from policytext.compare.review5 import (
    CAP,
    FEATURES,
    Review5Decision,
    add_links,
    candidates,
    review5_features,
)
from policytext.errors import ModelError

SYN = load()

# a made-up pair of reports (not real documents): last year's review in topic
# paragraphs, then one catch-all paragraph reviewing the five years
OLD = """关于2024年工作的报告

一、2024年工作回顾

过去一年，全市经济运行稳中有进，地区生产总值增长5%左右。

一是科技创新取得新进展，集成电路、人工智能产业规模扩大，研发投入强度提高。

二是乡村振兴扎实推进，粮食产量稳定，农村人居环境整治成效明显。

三是生态环境持续改善，细颗粒物平均浓度下降，长江保护修复攻坚战深入推进。

四是民生保障不断加强，城镇新增就业超过50万人，养老托育服务扩容。

二、2025年重点工作

（一）加快建设科技创新中心。推动集成电路、人工智能产业集群发展。
"""

NEW = """关于2025年工作的报告

一、“十四五”时期工作回顾

过去五年，我们推动科技创新，集成电路、人工智能产业规模扩大，研发投入强度提高；乡村振兴扎实推进，粮食产量稳定，农村人居环境明显改善；细颗粒物平均浓度下降，长江保护修复攻坚战取得成效；城镇新增就业持续扩大，养老托育服务扩容。

二、2026年重点工作

（一）加快建设科技创新中心。推动集成电路、人工智能产业集群发展。
"""


def _pair():
    old, new = policytext.read_text(OLD), policytext.read_text(NEW)
    ou, nu = _units(old), _units(new)
    _, feats = pair_features(ou, nu)
    return ou, nu, feats


def _yes(threshold: float = 0.5) -> Review5Decision:
    """A decision that links every candidate pair."""
    d = Review5Decision(threshold=threshold)
    d.coef_, d.intercept_ = np.zeros(len(FEATURES)), 10.0
    return d


def test_roles_of_the_made_up_pair():
    ou, nu, _ = _pair()
    assert [u.role for u in ou[:5]] == ["review"] * 5
    assert nu[0].role == "review5"


def test_candidates_are_review_to_review5_pairs_not_linked():
    ou, nu, feats = _pair()
    mask = candidates(ou, nu, [([1], [0])], [])
    assert mask[:, 0].tolist()[:5] == [True, False, True, True, True]
    assert not mask[:, 1:].any()       # the tasks unit is no five-year review
    assert not mask[5:].any()          # nor is the old tasks unit a review


def test_features_follow_the_topic():
    ou, nu, feats = _pair()
    prob = default_model().predict_proba(feats)
    x = review5_features(ou, nu, feats, prob, [], [])
    k = {f: n for n, f in enumerate(FEATURES)}
    # the topic paragraphs' words are in the catch-all paragraph; the one five-year unit
    assert (x[1:5, 0, k["terms_cover"]] > 0.3).all()
    assert (x[:5, 0, k["one_five"]] == 1.0).all()
    assert (x[:5, 0, k["mirror"]] == 0.0).all()
    assert (x[:5, 0, k["sim_rel"]] == 1.0).all()
    assert not x[:, 1:].any() and not x[5:].any()   # nothing outside the candidates


def test_add_links_joins_every_review_unit_to_the_five_years():
    ou, nu, feats = _pair()
    prob = np.zeros(feats.shape[:2])
    groups, cross = add_links(ou, nu, feats, prob, [([5], [1])], [], decision=_yes())
    links = {(i, j) for o, nw in groups for i in o for j in nw} | set(cross)
    assert links == {(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 1)}
    assert sorted(groups) == [([0, 1, 2, 3, 4], [0]), ([5], [1])]   # one merge
    # units fixed by hand stay as they are; nothing passes a threshold above 1
    groups, _ = add_links(ou, nu, feats, prob, [], [], decision=_yes(), frozen_old={0, 1})
    assert sorted(groups) == [([2, 3, 4], [0])]
    assert add_links(ou, nu, feats, prob, [], [], decision=_yes(1.1)) == ([], [])


def test_add_links_caps_an_old_unit():
    ou, nu, feats = _pair()
    # three five-year units of the new year, the old unit already linked twice elsewhere
    nu = [nu[0], dataclasses.replace(nu[0], index=1), dataclasses.replace(nu[0], index=2), nu[1]]
    feats = np.concatenate([feats[:, :1]] * 3 + [feats[:, 1:]], axis=1)
    prob = np.zeros(feats.shape[:2])
    groups, cross = add_links(ou[:1], nu, feats[:1], prob[:1], [([0], [3])], [],
                              decision=_yes())
    links = {(i, j) for o, nw in groups for i in o for j in nw} | set(cross)
    assert len(links) == CAP


@pytest.mark.parametrize("style", SYN.STYLES)
@pytest.mark.parametrize("seed", (0, 5))
def test_nothing_to_do_without_five_year_reviews(style, seed):
    """The synthetic pairs have no five-year review: the decision must not act (every
    link and type as without it)."""
    pair = SYN.make_pair(SYN.seed_spec(), seed=seed, style=style)
    old, new = policytext.read_text(pair["old_text"]), policytext.read_text(pair["new_text"])
    ou, nu = _units(old), _units(new)
    _, feats = pair_features(ou, nu)
    model = default_model()
    prob = model.predict_proba(feats)
    groups, cross = decide(ou, nu, feats, prob, model=model, threshold=model.threshold)
    assert not candidates(ou, nu, groups, cross).any()
    assert add_links(ou, nu, feats, prob, groups, cross, decision=_yes()) == (groups, cross)
    without = LinkModel.from_dict({k: v for k, v in model.to_dict().items() if k != "review5"})
    assert change_set(compare(old, new)) == change_set(compare(old, new, model=without))


def test_shipped_model_has_the_decision_and_round_trips():
    model = default_model()
    assert isinstance(model.review5_, Review5Decision)
    again = LinkModel.from_dict(model.to_dict())
    assert again.review5_.to_dict() == model.review5_.to_dict()


def test_wrong_features_are_refused():
    d = _yes().to_dict()
    d["features"] = d["features"][:-1]
    with pytest.raises(ModelError, match="review5 decision features"):
        Review5Decision.from_dict(d)


def test_one_class_says_no():
    d = Review5Decision().fit(np.zeros((3, len(FEATURES))), [0, 0, 0])
    assert (d.predict_proba(np.zeros((2, len(FEATURES)))) < 0.01).all()


def test_the_catch_all_five_year_paragraph_gets_predecessors(shared_corpora):
    """National 2019→2021: 2021's 十三五 review is one paragraph with about a dozen
    labelled predecessors among 2019's review units; the decision finds some of them
    (and only review → review5 links change)."""
    from pathlib import Path

    from policytext.compare.evaluate import load_labels, score_links, unit_links

    labels = load_labels(Path(__file__).parent / "data" / "links" / "national-2019__2021.json")
    old = policytext.read(shared_corpora / labels.old)
    new = policytext.read(shared_corpora / labels.new)
    model = default_model()
    without = LinkModel.from_dict({k: v for k, v in model.to_dict().items() if k != "review5"})
    got, base = unit_links(compare(old, new)), unit_links(compare(old, new, model=without))
    cmp = compare(old, new)
    ro, rn = dict(cmp.roles[0]), dict(cmp.roles[1])
    assert base <= got
    assert {(ro[o], rn[n]) for o, n in got - base} == {("review", "review5")}
    assert {n for _, n in got - base} == {"二/¶1"}
    s, s0 = (score_links(labels, x, old, new) for x in (got, base))
    assert s.tp - s0.tp >= 3 and s.tp - s0.tp > s.fp - s0.fp
