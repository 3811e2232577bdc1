"""The link decision's features (policytext.compare.linking) on small hand-made units."""

from __future__ import annotations

import numpy as np

from policytext.compare.linking import FEATURES, LinkUnit, _sentence_votes, link_features

OLD = ["稳定就业岗位。抓好粮食生产。", "深化国企改革。"]
NEW = ["深化国企改革。稳定就业岗位。", "抓好粮食生产工作。"]


def test_sentence_votes_follow_each_sentence_to_its_unit():
    """A re-cut item: new 0 takes one sentence from each old unit, new 1 the rest of old 0."""
    votes_new, votes_old, sentence_max = _sentence_votes(OLD, NEW)
    assert votes_new.round(3).tolist() == [[0.5, 0.776], [0.5, 0.0]]
    assert votes_old.round(3).tolist() == [[0.5, 0.388], [1.0, 0.0]]
    assert sentence_max.round(3).tolist() == [[1.0, 0.776], [1.0, 0.0]]


def test_family_features_are_zero_across_parts_of_a_report():
    old = [LinkUnit("一/（一）", OLD[0], role="review"),
           LinkUnit("二/（一）", OLD[1], role="tasks")]
    new = [LinkUnit("一/（一）", NEW[0], role="review"),
           LinkUnit("二/（一）", NEW[1], role="tasks")]
    feats = link_features(old, new)
    rel = feats[:, :, FEATURES.index("family_rel_row")]
    assert rel[0, 1] == rel[1, 0] == 0.0          # review ↔ tasks: another family
    assert rel[0, 0] == 1.0                       # the best (only) candidate of its family
    assert np.all(feats[:, :, FEATURES.index("family_votes_col")] <= 1.0)


def test_residual_features_count_only_what_the_links_so_far_leave_uncovered():
    """Old 0 went to new 1 (its grain sentence); its jobs sentence is left, and new 0
    carries it on: the gain of (0, 0) is that sentence's share, the rest is covered."""
    from policytext.compare.linking import EXTEND_FEATURES, extend_features

    old = [LinkUnit("1", OLD[0]), LinkUnit("2", OLD[1])]
    new = [LinkUnit("1", NEW[0]), LinkUnit("2", NEW[1])]
    feats = link_features(old, new)
    prob = np.full((2, 2), 0.1)
    ext = extend_features(old, new, feats, prob, {(0, 1)})
    f = {name: ext[:, :, k] for k, name in enumerate(EXTEND_FEATURES)}
    assert f["old_free"][:, 0].tolist() == [0.0, 1.0]
    assert f["new_free"][0].tolist() == [1.0, 0.0]
    assert 0.3 < f["gain_old"][0, 0] < 0.7       # one of old 0's two sentences
    assert f["gain_old"][0, 1] == 0.0            # new 1 covers nothing more of old 0
    assert f["gain_old_rel"][0, 0] == 1.0
    assert f["terms_old"][0, 0] > 0 and f["terms_old"][0, 1] == 0.0
    # without links the gain is the whole coverage: new 1 covers old 0's grain sentence
    free = extend_features(old, new, feats, prob, set())
    assert free[0, 1, EXTEND_FEATURES.index("gain_old")] > 0.3


def test_further_links_join_splits_merges_or_become_partial_links():
    """The third decision's moves: a free new item joins a one-to-one change (a split), a
    free old item joins it (a merge), two changed items get a partial link; a pair the
    link decision judged already, or an item fixed by hand, stays as it was."""
    from policytext.compare.align import _extend

    prob = np.zeros((4, 4))
    prob[0, 0] = prob[1, 1] = 0.9
    groups, cross = [([0], [0]), ([1], [1])], []
    ext = np.zeros((4, 4))
    ext[0, 2] = 0.8     # new 2 is free: old 0 splits into 0 and 2
    ext[3, 1] = 0.7     # old 3 is free: merges with old 1 into new 1
    ext[1, 0] = 0.6     # both in other changes: a partial link
    ext[1, 1] = 0.99    # already a link
    g, c = _extend(ext, prob, 0.5, groups, cross)
    assert g == [([0], [0, 2]), ([1, 3], [1])] and c == [(1, 0)]
    g, c = _extend(ext, prob, 0.5, groups, cross, frozen_old={0}, frozen_new={1})
    assert g == [([0], [0]), ([1], [1])] and c == [(1, 0)]
    ext[2, 2] = ext[2, 3] = 0.9   # old 2 into old 0's split (many-to-many), or to a free
    g, c = _extend(ext, prob, 0.5, groups, cross)  # new 3 (no further link of either): no
    assert g == [([0], [0, 2]), ([1, 3], [1])] and c == [(1, 0)]



# a web copy prints a five-year review's bold lead sentence as a line of its own
LEADS_OLD = """2025年政府工作报告

一、2024年工作回顾

经济运行稳中有进。全省地区生产总值增长5%，进出口总额增长9.8%。

做好今年工作，要把握好以下三点。

第一，稳定宏观经济政策。继续实施积极的财政政策和稳健的货币政策。
"""
LEADS_NEW = """2026年政府工作报告

一、“十四五”时期工作回顾

这是经济实力持续提升的五年。

全省地区生产总值增长5%，进出口总额增长9.8%，经济运行稳中有进。

做好今年工作，要把握好以下三点。

第一，稳定宏观经济政策。继续实施积极的财政政策和稳健的货币政策。
"""


def test_a_lead_line_and_the_paragraph_it_heads_are_one_item_and_align_as_one():
    import policytext

    new = policytext.read_text(LEADS_NEW)
    # the lead line takes in its paragraph; a line announcing a list (以下) does not
    assert [(i.path, i.title) for i in new.items] == [
        ("一/¶1", "这是经济实力持续提升的五年"), ("一/¶2", "做好今年工作，要把握好以下三点"),
        ("一/¶3", "第一，稳定宏观经济政策")]
    assert new.item("一/¶1").text.endswith("\n全省地区生产总值增长5%，进出口总额增长9.8%，经济运行稳中有进。")
    cmp = policytext.compare(policytext.read_text(LEADS_OLD), new, overrides=None)
    assert [(ch.type, ch.old, ch.new) for ch in cmp.changes][0] == ("modified", ("一/¶1",),
                                                                    ("一/¶1",))


def test_a_law_revision_has_a_decision_the_report_roles_cannot_move():
    """Two documents of articles (第X条) take the shipped model's law decision, fitted
    without the features that tell the parts of a report (its weights on them are 0, so
    no change to the roles of reports can move a law's links); a report, or a law
    against a report, the reports'."""
    from policytext.compare.linking import EXTEND_FEATURES, PART_FEATURES, default_model

    model = default_model()
    law = model.articles_
    articles = [LinkUnit(f"第{k}条", OLD[k % 2], kind="article") for k in range(3)]
    items = [LinkUnit(f"一/（{k}）", OLD[k % 2], role="tasks", kind="paren_cn") for k in range(3)]
    assert model.for_units(articles, articles) is law
    assert model.for_units(items, items) is model
    assert model.for_units(articles, items) is model
    for f in PART_FEATURES:
        k = FEATURES.index(f)
        assert law.coef_[k] == law.cross_coef_[k] == 0.0, f
        assert model.coef_[k] != 0.0, f
    for f in ("same_family", "same_role"):  # the later decisions' copies of two of them
        k = EXTEND_FEATURES.index(f)
        assert law.extend_coef_[k] == law.free_coef_[k] == 0.0, f


def test_a_mutual_best_link_taken_out_of_a_merge_stays_linked():
    """Old 0 ↔ new 0 is each one's most probable partner (0.995); old 1 merges into new 0,
    then old 0's weaker partner new 1 takes old 0 out of the merge, leaving 0 → 0 partial.
    The second decision (here one that refuses every partial link) must not drop it."""
    from types import SimpleNamespace

    from policytext.compare.align import _decode, decide

    units = [SimpleNamespace(index=k) for k in range(2)]
    prob = np.array([[0.995, 0.8], [0.9, 0.0]])
    groups, cross = _decode(prob, 0.5, units, units)
    assert (groups, cross) == ([([1], [0]), ([0], [1])], [(0, 0)])  # what the bug needs

    class RefusesPartial:
        def predict_cross_proba(self, X):
            return np.zeros(len(X))

    feats = np.zeros((2, 2, len(FEATURES)))
    groups, cross = decide(units, units, feats, prob, model=RefusesPartial(), threshold=0.5,
                           extend=False)
    assert (groups, cross) == ([([1], [0]), ([0], [1])], [(0, 0)])
