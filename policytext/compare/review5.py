"""The fifth decision: last year's review and the five years' review.

In a five-year plan's first year a report reviews the past five years (十三五时期…,
过去五年…, role ``review5`` in :mod:`policytext.compare.roles`) beside or instead of the
past year, often in one catch-all paragraph that sums up every topic of the year before.
By the labels' convention (``tests/data/links/README.md``, "Five-year reviews") a review
unit of year N continues in every review unit of N+1 on its topic, of one year or of
five; the pairwise link decision, which ranks each unit's candidates, cannot give one
such paragraph a dozen predecessors.  This decision looks at each (review unit, review5
unit) pair across the two years — either way round — that no link holds yet after the
first four decisions (:func:`policytext.compare.align.decide`), with features of its own
(:data:`FEATURES`): how much of the review unit's rarer words and topics the five-year
unit carries, how it ranks among the five-year units, how many five-year units there are
(one catch-all paragraph or one per topic), whether the review unit already has its
one-year partner.  A logistic regression fitted by ``scripts/fit_align.py`` on the
labelled pairs (key ``review5`` of ``data/models/align.json``) makes the link where its
probability reaches 0.5.  Documents without five-year review units (laws, work points,
most years' reports) have no such pair: the decision does nothing there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import ModelError

__all__ = ["FEATURES", "Review5Decision", "candidates", "review5_features", "add_links"]

#: The features, in the order of the decision's coefficients.
FEATURES = ("logit", "sim", "sim_rel", "sentence_max", "topic", "topic_cover", "terms_cover",
            "terms_rel", "one_five", "partner_linked", "size_five", "mirror")

#: The most successors a unit gets from this decision (the labels' cap).
CAP = 3

_PAIRS = {("review", "review5"): 0.0, ("review5", "review"): 1.0}


def _linked(m: int, n: int, groups, cross):
    import numpy as np

    made = np.zeros((m, n), dtype=bool)
    for o, nw in groups:
        for i in o:
            made[i, list(nw)] = True
    for i, j in cross:
        made[i, j] = True
    return made


def candidates(ou: Sequence[Any], nu: Sequence[Any], groups, cross):
    """The (old, new) pairs this decision judges: a review unit and a five-year review
    unit of the other year (either way round) that no change or partial link holds."""
    import numpy as np

    ro = np.array([u.role for u in ou], dtype=object)
    rn = np.array([u.role for u in nu], dtype=object)
    mask = np.zeros((len(ou), len(nu)), dtype=bool)
    for a, b in _PAIRS:
        mask |= (ro[:, None] == a) & (rn[None, :] == b)
    return mask & ~_linked(len(ou), len(nu), groups, cross)


def review5_features(ou: Sequence[Any], nu: Sequence[Any], feats, prob, groups, cross):
    """The features of every (old, new) pair, shape (len(ou), len(nu), len(FEATURES));
    only the :func:`candidates` pairs mean anything.  ``feats`` are the pairs'
    :func:`.linking.link_features`, ``prob`` their link probabilities."""
    import numpy as np

    from .linking import FEATURES as LINK_FEATURES
    from .linking import _residual_terms, _terms_idf, _topics

    m, n = len(ou), len(nu)
    out = np.zeros((m, n, len(FEATURES)))
    cand = candidates(ou, nu, groups, cross)
    if not cand.any():
        return out
    idx = {f: k for k, f in enumerate(LINK_FEATURES)}
    sim = feats[:, :, idx["sim"]]
    made = _linked(m, n, groups, cross)
    ro = np.array([u.role for u in ou], dtype=object)
    rn = np.array([u.role for u in nu], dtype=object)
    terms_o, terms_n, idf = _terms_idf([u.text for u in ou], [u.text for u in nu])
    # the share of each review unit's words found in each unit of the other year
    cover_o = _residual_terms(terms_o, terms_n, idf, [set()] * m)      # old words in new
    cover_n = _residual_terms(terms_n, terms_o, idf, [set()] * n).T    # new words in old
    top_o, top_n = _topics([u.text for u in ou]), _topics([u.text for u in nu])
    # the share of one unit's topic mass (rows have length 1) in topics the other names
    tcover_o = (top_o ** 2) @ (top_n > 0).T.astype(float)
    tcover_n = ((top_n ** 2) @ (top_o > 0).T.astype(float)).T
    p = np.clip(prob, 1e-6, 1 - 1e-6)
    logit = np.log(p / (1 - p))
    size_o = np.log1p([len(u.text) for u in ou])
    size_n = np.log1p([len(u.text) for u in nu])
    eps = 1e-9
    for i, j in zip(*np.nonzero(cand), strict=True):
        mirror = _PAIRS[(ro[i], rn[j])]
        if not mirror:   # old review unit i, new five-year units
            fives = rn == "review5"
            s_all, t_all = sim[i, fives], cover_o[i, fives]
            tc, tr = tcover_o[i, j], cover_o[i, j]
            partner = bool((made[i] & (rn == "review")).any())
            size_five = size_n[j]
        else:            # new review unit j, old five-year units
            fives = ro == "review5"
            s_all, t_all = sim[fives, j], cover_n[fives, j]
            tc, tr = tcover_n[i, j], cover_n[i, j]
            partner = bool((made[:, j] & (ro == "review")).any())
            size_five = size_o[i]
        out[i, j] = (logit[i, j], sim[i, j], sim[i, j] / max(s_all.max(), eps),
                     feats[i, j, idx["sentence_max"]], feats[i, j, idx["topic"]], tc, tr,
                     tr / max(t_all.max(), eps), 1.0 / fives.sum(), float(partner),
                     size_five, mirror)
    return out


class Review5Decision:
    """A logistic decision over :data:`FEATURES` (scikit-learn's contract: ``fit``
    returns ``self``, learned state ends in ``_``; predicting needs only numpy)."""

    def __init__(self, *, C: float = 1.0, threshold: float = 0.5):
        self.C = C
        self.threshold = threshold

    def fit(self, X, y, *, sample_weight=None) -> Review5Decision:
        """Fit on rows of features ``X`` (k, len(FEATURES)) and labels ``y`` (0/1); with one
        class only (nothing to learn from) zero weights and an intercept that says no."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y)
        if len(set(y.tolist())) < 2:
            self.coef_, self.intercept_ = np.zeros(len(FEATURES)), -10.0
            return self
        clf = LogisticRegression(C=self.C, max_iter=5000)
        clf.fit(np.asarray(X).reshape(-1, len(FEATURES)), y, sample_weight=sample_weight)
        self.coef_, self.intercept_ = clf.coef_[0].astype(float), float(clf.intercept_[0])
        return self

    def predict_proba(self, X):
        """Probability of a link for each row (or each pair of a 3-d feature array)."""
        import numpy as np

        z = np.asarray(X) @ np.asarray(self.coef_) + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "coef": [round(float(c), 6) for c in self.coef_],
                "intercept": round(self.intercept_, 6), "threshold": self.threshold,
                "C": self.C}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Review5Decision:
        import numpy as np

        if tuple(d.get("features", ())) != FEATURES:
            raise ModelError(f"review5 decision features {d.get('features')} are not "
                             f"{list(FEATURES)}: refit it with scripts/fit_align.py")
        out = cls(C=float(d.get("C", 1.0)), threshold=float(d.get("threshold", 0.5)))
        out.coef_, out.intercept_ = np.array(d["coef"], dtype=float), float(d["intercept"])
        return out


def add_links(ou, nu, feats, prob, groups, cross, *, decision, frozen_old=(), frozen_new=()):
    """The changes and partial links after the fifth decision, most probable first: two
    free units become a change; a unit joins its partner's change when that stays a split
    or a merge; otherwise the link is partial.  An old unit gets at most :data:`CAP`
    links in all; units fixed by hand are left as they are."""
    import numpy as np

    cand = candidates(ou, nu, groups, cross)
    if decision is None or not cand.any():
        return groups, cross
    p = np.where(cand, decision.predict_proba(review5_features(ou, nu, feats, prob, groups,
                                                                cross)), -1.0)
    groups = [(list(o), list(nw)) for o, nw in groups]
    cross = list(cross)
    of_old = {i: g for g, (o, _) in enumerate(groups) for i in o}
    of_new = {j: g for g, (_, nw) in enumerate(groups) for j in nw}
    count = _linked(len(ou), len(nu), groups, cross).sum(1)
    rows, cols = np.nonzero(p >= decision.threshold)
    for _, i, j in sorted((-float(p[i, j]), int(i), int(j))
                          for i, j in zip(rows, cols, strict=True)):
        if i in frozen_old or j in frozen_new or count[i] >= CAP:
            continue
        gi, gj = of_old.get(i), of_new.get(j)
        if gi is None and gj is None:
            of_old[i] = of_new[j] = len(groups)
            groups.append(([i], [j]))
        elif gj is None and len(groups[gi][0]) == 1:
            groups[gi][1].append(j)
            of_new[j] = gi
        elif gi is None and len(groups[gj][1]) == 1:
            groups[gj][0].append(i)
            of_old[i] = gj
        else:
            cross.append((i, j))
        count[i] += 1
    return [(sorted(o), sorted(nw)) for o, nw in groups], cross
