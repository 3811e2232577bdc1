"""The theme model as a scikit-learn estimator.

:class:`ThemeModel` is :class:`policytext.themes.ThemeTagger` (the lexicon + calibrated
linear classifier that tags) made a real ``BaseEstimator`` + ``ClassifierMixin``: it
clones, grid-searches and cross-validates like any scikit-learn classifier, on plain
texts and theme ids::

    >>> from sklearn.model_selection import cross_val_score
    >>> from policytext.themes import ThemeModel, training_set, weak_labels
    >>> X, y, _ = weak_labels(training_set("party-seed"), "party")
    >>> cross_val_score(ThemeModel(taxonomy="party"), X, y, cv=3)  # doctest: +SKIP

It lives in its own module because importing scikit-learn takes a second or two;
``policytext.themes.ThemeModel`` imports it on first use, and tagging with the shipped
weights never does.
"""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.base import BaseEstimator, ClassifierMixin

from .themes import ThemeTagger

__all__ = ["ThemeModel"]


class ThemeModel(ClassifierMixin, BaseEstimator, ThemeTagger):
    """Lexicon + calibrated linear classifier over one taxonomy, a scikit-learn classifier.

    The parameters are :class:`~policytext.themes.ThemeTagger`'s (``taxonomy``,
    ``lexicon_weight``, ``C``, ``char_ngrams``, ``min_df``), stored as given.

    ``X`` is a sequence of texts, ``y`` of theme ids of the taxonomy; ``classes_`` are
    all the taxonomy's ids (a theme without examples is scored by its keywords alone).
    ``predict`` always names a class: for a text with no evidence at all, the first theme
    (the argmax of all-zero scores), where :meth:`tag_texts` says ``primary=None``.
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def predict(self, X: Sequence[str]):
        """The highest-scoring theme of each text (a numpy array of ids)."""
        import numpy as np

        return np.asarray([t.themes[0].id for t in self.tag_texts(X)], dtype=object)

    def predict_proba(self, X: Sequence[str]):
        """The combined scores, one column per theme of ``classes_`` (rows do not sum to 1:
        a score is a theme's own strength, every theme being scored)."""
        import numpy as np

        tags = self.tag_texts(X)
        return np.asarray([[t.score(c) for c in self.classes_] for t in tags], dtype=float)
