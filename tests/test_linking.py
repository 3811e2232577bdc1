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
    old = [LinkUnit("一/（一）", OLD[0], role="review"), LinkUnit("二/（一）", OLD[1], role="tasks")]
    new = [LinkUnit("一/（一）", NEW[0], role="review"), LinkUnit("二/（一）", NEW[1], role="tasks")]
    feats = link_features(old, new)
    rel = feats[:, :, FEATURES.index("family_rel_row")]
    assert rel[0, 1] == rel[1, 0] == 0.0          # review ↔ tasks: another family
    assert rel[0, 0] == 1.0                       # the best (only) candidate of its family
    assert np.all(feats[:, :, FEATURES.index("family_votes_col")] <= 1.0)
