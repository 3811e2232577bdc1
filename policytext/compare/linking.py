"""The link decision: how likely one old unit continues in one new unit.

Every (old unit, new unit) pair gets a few features — text similarity (words and
character n-grams), title similarity, how the pair ranks among each unit's candidates,
how much of one unit's text is drawn from the other (splits and merges), the numbers
both cite (5%左右, 1200万人), whether the two are in the same part of the report
(:mod:`policytext.compare.roles`) and how the pair ranks among the candidates of that
part, where each unit's sentences went (the old unit holding each new sentence's closest
match: a re-cut task carries its sentences into one or two new items), length and
position — and a logistic model turns them into a probability. The model is fitted by
``scripts/fit_align.py`` on the hand-labelled real pairs (``tests/data/links/``), the
hand-checked law revisions and the synthetic pairs, and ships as a few numbers in
``data/models/align.json``: a link is made where the probability reaches the model's
threshold (0.5), the same for reports, work points and laws.  A law's revision (both
documents structured by articles, 第X条) has a decision of its own, of the same form,
fitted on the same pairs without the features that tell the parts of a report
(:data:`PART_FEATURES`, :meth:`LinkModel.for_units`): a law has no report parts, so what
the roles teach about reports would otherwise move its links.  A third decision
(:func:`extend_features`, :meth:`LinkModel.fit_extend`) then judges further successors and
predecessors of linked units from what their links so far leave uncovered.

:class:`LinkModel` follows scikit-learn's contract (``fit`` returns ``self``, learned
state ends in ``_``); predicting needs only numpy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .roles import FAMILY

__all__ = ["FEATURES", "EXTEND_FEATURES", "LinkUnit", "LinkModel", "link_features",
           "extend_features", "default_model", "by_articles", "PART_FEATURES"]

#: The features, in the order of the model's coefficients.
FEATURES = ("sim", "title", "rel_row", "rel_col", "gap_row", "gap_col", "rank_row", "rank_col",
            "drawn_new", "drawn_old", "novel_new", "novel_old", "numbers", "same_role",
            "same_family", "length", "position", "stability", "stable_gap", "stable_neither",
            "section_title", "topic", "votes_new", "votes_old", "sentence_max", "family_rel_row",
            "family_rel_col", "family_votes_row", "family_votes_col", "size_old", "size_new",
            "votes_old_rel", "votes_new_rel")

#: The features that tell which parts of a report a pair's units are in: their roles
#: (:mod:`.roles`) and their sections' headings.  The law decision is fitted with them 0
#: (:meth:`LinkModel.for_units`), so its weights on them are 0.
PART_FEATURES = ("same_role", "same_family", "family_rel_row", "family_rel_col",
                 "family_votes_row", "family_votes_col", "section_title")

# a sentence (or a clause ending in ；) of a report's item
_RE_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")

# numbers as a report cites them: 5%左右, 1200万人, 3.5万亿元, 6.5%－7%
_RE_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:\s*[%％]|万亿|亿|万|个百分点|倍|千|百)?")


@dataclass(frozen=True)
class LinkUnit:
    """What the link decision sees of one unit."""

    path: str
    text: str
    title: str = ""
    role: str = ""
    index: int = 0
    section_title: str = ""
    kind: str = ""  # the item's numbering style (``article`` for a law's 第X条)


def _numbers(text: str) -> frozenset[str]:
    return frozenset(m.group().replace("％", "%").replace(" ", "")
                     for m in _RE_NUMBER.finditer(text) if len(m.group()) > 1)


def _trigrams(old_keys: Sequence[str], new_keys: Sequence[str]):
    """Binary character-trigram matrices of the old and the new keys (sparse)."""
    import numpy as np
    import scipy.sparse as sp

    # what CountVectorizer(analyzer="char", ngram_range=(3, 3), binary=True,
    # lowercase=False) gives, without importing scikit-learn for it
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for r, key in enumerate([*old_keys, *new_keys]):
        key = _RE_SPACES.sub(" ", key)
        for g in dict.fromkeys(key[i: i + 3] for i in range(len(key) - 2)):
            rows.append(r)
            cols.append(vocab.setdefault(g, len(vocab)))
    m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)),
                      shape=(len(old_keys) + len(new_keys), max(1, len(vocab))))
    return m[: len(old_keys)], m[len(old_keys):]


_RE_SPACES = re.compile(r"\s\s+")


def _novel(a, b, score):
    """For each pair (i, j): the share of row j of ``b`` that it shares with row i of ``a``
    but not with i's best other partner in ``b`` (by ``score``) — what j takes from i
    that i's other continuation does not (a real part of a split, not shared phrasing)."""
    import numpy as np

    m, n = score.shape
    if n < 2:
        return np.zeros((m, n))
    size = np.maximum(np.asarray(b.sum(1)).ravel(), 1.0)
    order = np.argsort(-score, axis=1, kind="stable")
    best, second = order[:, 0], order[:, 1]
    shared = (a @ b.T).toarray()
    # trigrams of i also in its best (second best) partner, then shared with each j
    with_best = (a.multiply(b[best]) @ b.T).toarray()
    with_second = (a.multiply(b[second]) @ b.T).toarray()
    rows = np.arange(m)
    with_best[rows, best] = with_second[rows, best]  # for the best itself: the runner-up
    return np.clip((shared - with_best) / size[None, :], 0.0, 1.0)


@lru_cache(maxsize=1)
def _topic_keywords() -> tuple[tuple[str, ...], ...]:
    """The keywords of every theme of the shipped taxonomies (party work, government
    reports): the topics a unit can be about."""
    from ..themes import load_taxonomy

    return tuple(tuple(theme.keywords) for name in ("government", "party")
                 for theme in load_taxonomy(name).themes)


def _topics(texts: Sequence[str]):
    """Keyword hits per topic of each text, rows scaled to length 1."""
    import numpy as np

    vectors = np.array([[sum(t.count(k) for k in kws) for kws in _topic_keywords()]
                        for t in texts], dtype=float)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def _sentences(text: str) -> list[str]:
    return [s for s in (m.group().strip() for m in _RE_SENTENCE.finditer(text)) if len(s) >= 4]


def _sentence_matrix(old_texts: Sequence[str], new_texts: Sequence[str]):
    """The similarity of every old sentence to every new one (character 2–3-gram TF-IDF
    over the sentences of both documents), with each sentence's unit and length:
    ``(sim, unit_o, unit_n, len_o, len_n)``, or None when a side has no sentence."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .align import _key

    so = [(i, _key(s)) for i, t in enumerate(old_texts) for s in _sentences(t)]
    sn = [(j, _key(s)) for j, t in enumerate(new_texts) for s in _sentences(t)]
    so, sn = [x for x in so if x[1]], [x for x in sn if x[1]]
    if not so or not sn:
        return None
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                          lowercase=False)
    matrix = vec.fit_transform([k for _, k in so] + [k for _, k in sn])
    sim = (matrix[: len(so)] @ matrix[len(so):].T).toarray()
    return (sim, np.array([i for i, _ in so]), np.array([j for j, _ in sn]),
            np.array([len(k) for _, k in so], dtype=float),
            np.array([len(k) for _, k in sn], dtype=float))


def _sentence_votes(old_texts: Sequence[str], new_texts: Sequence[str]):
    """Where each sentence went: ``(votes_new, votes_old, sentence_max)``.

    Every sentence of a new unit votes for the old unit holding its most similar old
    sentence (character 2–3-gram TF-IDF over the sentences of both documents), with the
    weight of its length times that similarity; ``votes_new[i, j]`` is the share of unit
    j's text voting for old unit i, ``votes_old`` the mirror image.  A report that re-cuts
    its items carries a task's sentences into one or two new items, so the votes point
    to a task's continuations even where the units' whole texts share little.
    ``sentence_max`` is the best similarity of a sentence of i with one of j.
    """
    import numpy as np

    m, n = len(old_texts), len(new_texts)
    zeros = np.zeros((m, n))
    pairs = _sentence_matrix(old_texts, new_texts)
    if pairs is None:
        return zeros, zeros.copy(), zeros.copy()
    sim, unit_o, unit_n, len_o, len_n = pairs
    votes_new = np.zeros((m, n))
    np.add.at(votes_new, (unit_o[sim.argmax(0)], unit_n), len_n * sim.max(0))
    votes_new /= np.maximum(np.bincount(unit_n, len_n, minlength=n), 1.0)[None, :]
    votes_old = np.zeros((m, n))
    np.add.at(votes_old, (unit_o, unit_n[sim.argmax(1)]), len_o * sim.max(1))
    votes_old /= np.maximum(np.bincount(unit_o, len_o, minlength=m), 1.0)[:, None]
    # best sentence pair of each unit pair: maxima over the (sorted) runs of units
    starts_o = np.flatnonzero(np.r_[True, unit_o[1:] != unit_o[:-1]])
    starts_n = np.flatnonzero(np.r_[True, unit_n[1:] != unit_n[:-1]])
    best = np.maximum.reduceat(np.maximum.reduceat(sim, starts_o, axis=0), starts_n, axis=1)
    sentence_max = zeros.copy()
    sentence_max[np.ix_(unit_o[starts_o], unit_n[starts_n])] = best
    return votes_new, votes_old, sentence_max


def _family_relative(score, fam_o, fam_n):
    """``score`` relative to the best of each row (column) among the candidates of the same
    family of roles (0 across families): how a pair ranks where links are expected."""
    import numpy as np

    same = fam_o[:, None] == fam_n[None, :]
    within = np.where(same, score, -1.0)
    eps = 1e-9
    row = np.where(same, score / np.maximum(within.max(1, keepdims=True), eps), 0.0)
    col = np.where(same, score / np.maximum(within.max(0, keepdims=True), eps), 0.0)
    return np.clip(row, 0.0, 1.0), np.clip(col, 0.0, 1.0)


def _ranks(sim):
    """For each cell, how many cells of its row score strictly higher."""
    import numpy as np

    asc = np.sort(sim, axis=1)
    return np.stack([sim.shape[1] - np.searchsorted(asc[i], sim[i], side="right")
                     for i in range(sim.shape[0])])


def link_features(old: Sequence[LinkUnit], new: Sequence[LinkUnit], *, sim=None):
    """The features of every pair: an array of shape (len(old), len(new), len(FEATURES)).

    ``sim`` may give the text similarity already computed
    (:func:`policytext.compare.align.similarity_matrix` of the texts).
    """
    import numpy as np

    from .align import _key, similarity_matrix

    m, n = len(old), len(new)
    if not m or not n:
        return np.zeros((m, n, len(FEATURES)))
    if sim is None:
        sim = similarity_matrix([u.text for u in old], [u.text for u in new])
    title = similarity_matrix([u.title or u.text for u in old], [u.title or u.text for u in new])
    # candidates are ranked on the body similarity lifted by agreeing titles (a report's
    # long item rewritten under a similar title)
    lifted = np.maximum(sim, (sim + title) / 2.0)
    eps = 1e-9
    rel_row = lifted / np.maximum(lifted.max(1, keepdims=True), eps)
    rel_col = lifted / np.maximum(lifted.max(0, keepdims=True), eps)
    # rank among each unit's candidates (0 for its best), on a log scale; ties share a rank
    rank_row, rank_col = _ranks(lifted), _ranks(lifted.T).T
    a, b = _trigrams([_key(u.text) for u in old], [_key(u.text) for u in new])
    shared = (a @ b.T).toarray()
    n_old = np.maximum(np.asarray(a.sum(1)).ravel(), 1.0)
    n_new = np.maximum(np.asarray(b.sum(1)).ravel(), 1.0)
    drawn_new = shared / n_new[None, :]   # share of the new unit's text found in the old
    drawn_old = shared / n_old[:, None]   # share of the old unit's text found in the new
    novel_new = _novel(a, b, lifted)
    novel_old = _novel(b, a, lifted.T).T
    gap_row = lifted.max(1, keepdims=True) - lifted
    gap_col = lifted.max(0, keepdims=True) - lifted
    # how much of the old document carries on nearly word for word (a law's revision,
    # work points re-issued): there a second partner of an item is shared phrasing,
    # in a rewritten report it may be a real continuation
    stability = np.full((m, n), float(np.median(lifted.max(1))))
    stable_gap = stability * np.maximum(gap_row, gap_col)
    stable_neither = stability * ((rank_row > 0) & (rank_col > 0))  # neither's best partner
    nums_o = [_numbers(u.text) for u in old]
    nums_n = [_numbers(u.text) for u in new]
    numbers = np.array([[len(a & b) / len(a | b) if a | b else 0.0 for b in nums_n]
                        for a in nums_o])
    roles_o = np.array([u.role for u in old], dtype=object)
    roles_n = np.array([u.role for u in new], dtype=object)
    same_role = (roles_o[:, None] == roles_n[None, :]).astype(float)
    fam_o = np.array([FAMILY.get(r, r) for r in roles_o], dtype=object)
    fam_n = np.array([FAMILY.get(r, r) for r in roles_n], dtype=object)
    same_family = (fam_o[:, None] == fam_n[None, :]).astype(float)
    len_o = np.array([len(_key(u.text)) for u in old], dtype=float)
    len_n = np.array([len(_key(u.text)) for u in new], dtype=float)
    length = np.abs(np.log((len_o[:, None] + 10) / (len_n[None, :] + 10)))
    pos_o = np.array([u.index for u in old], dtype=float) / max(m - 1, 1)
    pos_n = np.array([u.index for u in new], dtype=float) / max(n - 1, 1)
    position = np.abs(pos_o[:, None] - pos_n[None, :])
    from .align import _title_sim

    stitles_o = [u.section_title for u in old]
    stitles_n = [u.section_title for u in new]
    cache: dict[tuple[str, str], float] = {}
    section_title = np.array([[cache.setdefault((a, b), _title_sim(a, b)) for b in stitles_n]
                              for a in stitles_o])
    topic = _topics([u.text for u in old]) @ _topics([u.text for u in new]).T
    votes_new, votes_old, sentence_max = _sentence_votes([u.text for u in old],
                                                         [u.text for u in new])
    family_rel_row, family_rel_col = _family_relative(sim, fam_o, fam_n)
    family_votes_row, family_votes_col = _family_relative(votes_new + votes_old, fam_o, fam_n)
    # a long item is the one a report splits; what share of its sentences go to this
    # partner, against the partner taking most of them
    size_old = np.repeat(np.log1p(len_o)[:, None], n, axis=1)
    size_new = np.repeat(np.log1p(len_n)[None, :], m, axis=0)
    votes_old_rel = votes_old / np.maximum(votes_old.max(1, keepdims=True), eps)
    votes_new_rel = votes_new / np.maximum(votes_new.max(0, keepdims=True), eps)
    return np.stack([sim, title, rel_row, rel_col, gap_row, gap_col, np.log1p(rank_row),
                     np.log1p(rank_col), drawn_new, drawn_old, novel_new, novel_old, numbers,
                     same_role, same_family, length, position, stability, stable_gap,
                     stable_neither, section_title, topic, votes_new, votes_old, sentence_max,
                     family_rel_row, family_rel_col, family_votes_row, family_votes_col,
                     size_old, size_new, votes_old_rel, votes_new_rel], axis=2)


#: The features of the second decision, on a further successor (predecessor) of a unit:
#: what of the unit its links so far leave uncovered, and how much of that the candidate
#: carries on (sentence by sentence and in the unit's rarer words).
EXTEND_FEATURES = ("logit", "old_free", "new_free", "gain_old", "gain_new", "gain_old_rel",
                   "gain_new_rel", "terms_old", "terms_new", "terms_old_rel", "terms_new_rel",
                   "covered_old", "covered_new", "same_family", "same_role", "sim",
                   "sentence_max", "topic", "position", "size_old", "size_new")


def _residual_gain(sim, unit_a, len_a, unit_b, m: int, n: int, partners):
    """For each unit i of side a (m units) and j of side b (n units): the share of i's
    text (sentences weighted by length) that j matches better than i's ``partners`` do —
    ``sum_s len_s * max(0, best(s, j) - best(s, partners of i)) / len(i)`` — and the share
    of i matched by its partners already (``covered``)."""
    import numpy as np

    # best match of each sentence of a within each unit of b
    best = np.zeros((sim.shape[0], n))
    starts = np.flatnonzero(np.r_[True, unit_b[1:] != unit_b[:-1]])
    best[:, unit_b[starts]] = np.maximum.reduceat(sim, starts, axis=1)
    base = np.zeros(sim.shape[0])
    for s, i in enumerate(unit_a):
        if partners[i]:
            base[s] = best[s, sorted(partners[i])].max()
    weight = np.bincount(unit_a, len_a, minlength=m)
    gain = np.zeros((m, n))
    np.add.at(gain, unit_a, np.maximum(best - base[:, None], 0.0) * len_a[:, None])
    covered = np.bincount(unit_a, len_a * base, minlength=m)
    scale = np.maximum(weight, 1.0)
    return gain / scale[:, None], covered / scale


def _terms(texts: Sequence[str]):
    """The words (two characters or more) of each text, as sets."""
    from .align import _features

    return [frozenset(w for w in _features(t) if len(w) >= 2) for t in texts]


def _terms_idf(old_texts: Sequence[str], new_texts: Sequence[str]):
    """Each text's words (:func:`_terms`) and their idf over the units of both years."""
    import math

    terms_o, terms_n = _terms(old_texts), _terms(new_texts)
    df: dict[str, int] = {}
    for t in (*terms_o, *terms_n):
        for w in t:
            df[w] = df.get(w, 0) + 1
    total = len(terms_o) + len(terms_n)
    idf = {w: math.log((total + 1) / (c + 1)) + 1.0 for w, c in df.items()}
    return terms_o, terms_n, idf


def _residual_terms(terms_a, terms_b, idf, partners):
    """For each unit i of side a and j of side b: the share of i's words (weighted by
    idf) that its partners lack and j has."""
    import numpy as np

    out = np.zeros((len(terms_a), len(terms_b)))
    for i, ta in enumerate(terms_a):
        have = frozenset().union(*(terms_b[k] for k in partners[i])) if partners[i] else frozenset()
        left = ta - have
        total = sum(idf[w] for w in ta) or 1.0
        for j, tb in enumerate(terms_b):
            out[i, j] = sum(idf[w] for w in left & tb) / total
    return out


def extend_features(old: Sequence[LinkUnit], new: Sequence[LinkUnit], feats, prob, links):
    """The features of every pair for the second decision: shape (len(old), len(new),
    len(EXTEND_FEATURES)).  ``feats`` are the pairs' :func:`link_features`, ``prob`` their
    link probabilities and ``links`` the (old index, new index) links made so far."""
    import numpy as np

    m, n = len(old), len(new)
    if not m or not n:
        return np.zeros((m, n, len(EXTEND_FEATURES)))
    succ: list[set[int]] = [set() for _ in range(m)]
    pred: list[set[int]] = [set() for _ in range(n)]
    for i, j in links:
        succ[i].add(j)
        pred[j].add(i)
    zeros = np.zeros((m, n))
    gain_old, gain_new = zeros, zeros
    covered_old, covered_new = np.zeros(m), np.zeros(n)
    pairs = _sentence_matrix([u.text for u in old], [u.text for u in new])
    if pairs is not None:
        sim, unit_o, unit_n, len_o, len_n = pairs
        gain_old, covered_old = _residual_gain(sim, unit_o, len_o, unit_n, m, n, succ)
        gain_new, covered_new = _residual_gain(sim.T, unit_n, len_n, unit_o, n, m, pred)
        gain_new = gain_new.T
    terms_o, terms_n, idf = _terms_idf([u.text for u in old], [u.text for u in new])
    terms_old = _residual_terms(terms_o, terms_n, idf, succ)
    terms_new = _residual_terms(terms_n, terms_o, idf, pred).T
    eps = 1e-9

    def rel_row(x):
        return x / np.maximum(x.max(1, keepdims=True), eps)

    def rel_col(x):
        return x / np.maximum(x.max(0, keepdims=True), eps)

    p = np.clip(prob, 1e-6, 1 - 1e-6)
    idx = {f: k for k, f in enumerate(FEATURES)}
    old_free = np.repeat(np.array([not s for s in succ], dtype=float)[:, None], n, axis=1)
    new_free = np.repeat(np.array([not s for s in pred], dtype=float)[None, :], m, axis=0)
    return np.stack([np.log(p / (1 - p)), old_free, new_free, gain_old, gain_new,
                     rel_row(gain_old), rel_col(gain_new), terms_old, terms_new,
                     rel_row(terms_old), rel_col(terms_new),
                     np.repeat(covered_old[:, None], n, axis=1),
                     np.repeat(covered_new[None, :], m, axis=0),
                     feats[:, :, idx["same_family"]], feats[:, :, idx["same_role"]],
                     feats[:, :, idx["sim"]], feats[:, :, idx["sentence_max"]],
                     feats[:, :, idx["topic"]], feats[:, :, idx["position"]],
                     feats[:, :, idx["size_old"]], feats[:, :, idx["size_new"]]], axis=2)


def by_articles(units: Sequence[Any]) -> bool:
    """Whether a document's units are a law's articles (第X条): most of them numbered so."""
    return bool(units) and 2 * sum(getattr(u, "kind", "") == "article" for u in units) > len(units)


class LinkModel:
    """A logistic link decision over :data:`FEATURES`.

    ``C`` is the inverse regularisation strength of the fit; ``threshold`` the least
    probability for a link.  ``articles_`` (when fitted) is the decision for two
    documents structured by articles (:func:`by_articles`: a law's revision).
    """

    def __init__(self, *, C: float = 1.0, threshold: float = 0.5):
        self.C = C
        self.threshold = threshold

    def fit(self, X, y, *, sample_weight=None) -> LinkModel:
        """Fit on rows of features ``X`` (n, len(FEATURES)) and labels ``y`` (0/1)."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        clf = LogisticRegression(C=self.C, max_iter=5000)
        clf.fit(np.asarray(X), np.asarray(y), sample_weight=sample_weight)
        self.coef_ = clf.coef_[0].astype(float)
        self.intercept_ = float(clf.intercept_[0])
        self.features_ = FEATURES
        return self

    def fit_cross(self, X, y, *, sample_weight=None) -> LinkModel:
        """Fit the second decision, on links that would join two items already in other
        changes (``partial`` links): shared phrasing between parallel articles looks like a
        link, and only what one takes from the other that its own partner lacks
        (``novel_*``) tells a real regrouping."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y)
        if len(set(y.tolist())) < 2:  # nothing to learn from: keep every such link
            self.cross_coef_, self.cross_intercept_ = np.zeros(len(FEATURES)), 10.0
            return self
        clf = LogisticRegression(C=self.C, max_iter=5000)
        clf.fit(np.asarray(X), y, sample_weight=sample_weight)
        self.cross_coef_ = clf.coef_[0].astype(float)
        self.cross_intercept_ = float(clf.intercept_[0])
        return self

    def fit_extend(self, X, y, *, sample_weight=None) -> LinkModel:
        """Fit the third decision, on further successors and predecessors of units
        (:data:`EXTEND_FEATURES`): a task split in two or three, review items merged."""
        self.extend_coef_, self.extend_intercept_ = self._fit_later(X, y, sample_weight)
        return self

    def fit_free(self, X, y, *, sample_weight=None) -> LinkModel:
        """Fit the fourth decision, on pairs of units that no decision has linked to
        anything (:data:`EXTEND_FEATURES`): a task carried on in words the first decision
        found too far apart, where neither unit has a better partner."""
        self.free_coef_, self.free_intercept_ = self._fit_later(X, y, sample_weight)
        return self

    def _fit_later(self, X, y, sample_weight):
        """Coefficients and intercept of a later decision's logistic regression on
        :data:`EXTEND_FEATURES`; with one class only (no such links to learn from) zero
        weights and an intercept that says no."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y)
        if len(set(y.tolist())) < 2:
            return np.zeros(len(EXTEND_FEATURES)), -10.0
        clf = LogisticRegression(C=self.C, max_iter=5000)
        clf.fit(np.asarray(X), y, sample_weight=sample_weight)
        return clf.coef_[0].astype(float), float(clf.intercept_[0])

    def predict_free_proba(self, X):
        """Probability that a link between two units linked to nothing is real (0 without
        a fitted fourth decision)."""
        import numpy as np

        coef = getattr(self, "free_coef_", None)
        if coef is None:
            return np.zeros(np.asarray(X).shape[:-1])
        z = np.asarray(X) @ np.asarray(coef) + self.free_intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict_extend_proba(self, X):
        """Probability that a further link of a unit is real (0 without a fitted third
        decision)."""
        import numpy as np

        coef = getattr(self, "extend_coef_", None)
        if coef is None:
            return np.zeros(np.asarray(X).shape[:-1])
        z = np.asarray(X) @ np.asarray(coef) + self.extend_intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict_proba(self, X):
        """Link probability of each row (or of each pair, for a 3-d feature array)."""
        import numpy as np

        z = np.asarray(X) @ np.asarray(self.coef_) + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict_cross_proba(self, X):
        """Probability that a link between two items of other changes is real."""
        import numpy as np

        coef = getattr(self, "cross_coef_", None)
        if coef is None:
            return np.ones(np.asarray(X).shape[:-1])
        z = np.asarray(X) @ np.asarray(coef) + self.cross_intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def for_units(self, old: Sequence[Any], new: Sequence[Any]) -> LinkModel:
        """The decision for these two lists of units: ``articles_`` when both are a law's
        articles and the model has one, else this one."""
        articles = getattr(self, "articles_", None)
        return articles if articles is not None and by_articles(old) and by_articles(new) \
            else self

    def to_dict(self) -> dict[str, Any]:
        d = {"features": list(self.features_), "coef": [round(float(c), 6) for c in self.coef_],
             "intercept": round(self.intercept_, 6), "threshold": self.threshold, "C": self.C}
        if getattr(self, "cross_coef_", None) is not None:
            d["cross_coef"] = [round(float(c), 6) for c in self.cross_coef_]
            d["cross_intercept"] = round(self.cross_intercept_, 6)
        if getattr(self, "extend_coef_", None) is not None:
            d["extend_features"] = list(EXTEND_FEATURES)
            d["extend_coef"] = [round(float(c), 6) for c in self.extend_coef_]
            d["extend_intercept"] = round(self.extend_intercept_, 6)
        if getattr(self, "free_coef_", None) is not None:
            d["free_coef"] = [round(float(c), 6) for c in self.free_coef_]
            d["free_intercept"] = round(self.free_intercept_, 6)
        if getattr(self, "review5_", None) is not None:  # the fifth decision (.review5)
            d["review5"] = self.review5_.to_dict()
        if getattr(self, "articles_", None) is not None:
            d["articles"] = self.articles_.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinkModel:
        import numpy as np

        if tuple(d.get("features", ())) != FEATURES:
            raise ModelError(f"link model features {d.get('features')} are not {list(FEATURES)}: "
                             "refit it with scripts/fit_align.py")
        model = cls(C=float(d.get("C", 1.0)), threshold=float(d.get("threshold", 0.5)))
        model.coef_ = np.array(d["coef"], dtype=float)
        model.intercept_ = float(d["intercept"])
        model.features_ = FEATURES
        if "cross_coef" in d:
            model.cross_coef_ = np.array(d["cross_coef"], dtype=float)
            model.cross_intercept_ = float(d["cross_intercept"])
        if "extend_coef" in d:
            if tuple(d.get("extend_features", ())) != EXTEND_FEATURES:
                raise ModelError(f"link model extension features {d.get('extend_features')} "
                                 f"are not {list(EXTEND_FEATURES)}: refit it with "
                                 "scripts/fit_align.py")
            model.extend_coef_ = np.array(d["extend_coef"], dtype=float)
            model.extend_intercept_ = float(d["extend_intercept"])
        if "free_coef" in d:
            model.free_coef_ = np.array(d["free_coef"], dtype=float)
            model.free_intercept_ = float(d["free_intercept"])
        if "review5" in d:  # the fifth decision (.review5)
            from .review5 import Review5Decision

            model.review5_ = Review5Decision.from_dict(d["review5"])
        if "articles" in d:  # the decision of a law's revision
            model.articles_ = cls.from_dict(d["articles"])
        return model


MODEL_FILE = "align.json"


@lru_cache(maxsize=1)
def default_model() -> LinkModel:
    """The shipped link model (``policytext/data/models/align.json``)."""
    raw = resources.files("policytext.data").joinpath("models", MODEL_FILE).read_text("utf-8")
    return LinkModel.from_dict(json.loads(raw))


def load_model(path: str | Path) -> LinkModel:
    """A link model written by ``scripts/fit_align.py``."""
    try:
        return LinkModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot read link model {path}: {exc}") from exc
