"""Themes: tag every item with every theme of a taxonomy, a score, and the words that earned it.

A taxonomy is data (``data/taxonomies/*.toml``, or the user's own file): themes
with Chinese and English labels and seed keywords.  The tagger combines two
signals, both explainable:

* **lexicon** — the taxonomy's keywords found in the width-folded text
  (leftmost-longest, so 秘书处党支部 is not also counted as 党支部);
* **classifier** — TF-IDF over jieba tokens and character n-grams and one
  linear model per theme (one-vs-rest) giving probabilities: a linear SVM with
  sigmoid calibration (3-fold) once a theme has enough examples, logistic
  regression before that; trained on *weak labels*: items (and their
  sentences) under a section whose heading maps to a theme, and items with
  strong keyword evidence of one theme.

The final score is ``lexicon_weight`` (0.7) × the keyword share plus the rest ×
the classifier's probability.  On the seed the classifier alone is weak (15
items; leave-one-item-out it gets 2–4 of 15 right, the combination 14): the
keywords carry the tags and the classifier breaks ties and learns a
corpus's own words when trained on more documents.

:class:`ThemeModel` is a scikit-learn estimator (``BaseEstimator`` +
``ClassifierMixin``: ``__init__`` stores parameters, ``fit`` returns ``self``, learned
state ends in ``_``; it works in ``Pipeline``, ``clone``, ``cross_val_score`` and
``GridSearchCV``).  It is defined in :mod:`policytext.estimator` and reached here by
name, so that tagging with the shipped weights — a fitted :class:`ThemeTagger`, the
class ThemeModel extends — never imports scikit-learn.  A model
is saved with :func:`save_model` and loaded with :func:`load_model`, which
refuses a file written by another version.  With no model given, :func:`tag`
uses the default one: for the ``party`` taxonomy the model trained on the
bundled seed training set (``data/training/party-seed.json``, built by
``scripts/build_training_data.py``), whose weights ship as plain arrays
(``data/models/party-default.npz``, built by ``scripts/build_model.py``, no
pickle) so tagging needs no scikit-learn import; if those weights do not match
the shipped taxonomy, dictionary and training set, it is retrained on demand.
For ``government`` the weights were fit on the weak labels of the national work
reports 2014–2022 (``data/models/government-default.npz``; the reports are not
shipped, the weights name their digest), so every report is tagged by one model
and nothing is trained at tag time.  For any other taxonomy the model is fit on the
documents' own weak labels, once per content (cached, see :func:`default_model`).
Everything is deterministic.

Hands on :class:`ItemTags` records (one per top-level item) and, for
researchers, :func:`to_frame`.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ModelError
from .patterns import fold, split_sentences

if TYPE_CHECKING:  # at run time ThemeModel comes through __getattr__ (scikit-learn is slow)
    from .estimator import ThemeModel

__all__ = [
    "Theme",
    "Taxonomy",
    "load_taxonomy",
    "taxonomy_names",
    "AUTO",
    "pick_taxonomy",
    "resolve_taxonomy",
    "is_auto",
    "ThemeScore",
    "ItemTags",
    "UNCLASSIFIED",
    "taxonomy_for_kind",
    "document_taxonomy",
    "taxonomy_key",
    "tags_to_json",
    "tags_from_json",
    "tag_documents",
    "ThemeModel",  # noqa: F822 (module __getattr__)
    "ThemeTagger",
    "lexicon_scores",
    "heading_theme",
    "weak_labels",
    "default_model",
    "train",
    "save_model",
    "load_model",
    "save_weights",
    "load_weights",
    "shipped_key",
    "weights_training",
    "training_set",
    "training_record",
    "tag",
    "tag_texts",
    "to_frame",
]

def _estimator():
    """:class:`ThemeModel` (imports scikit-learn)."""
    from .estimator import ThemeModel

    return ThemeModel


def __getattr__(name: str):
    # ThemeModel subclasses scikit-learn's BaseEstimator: importing it costs scikit-learn's
    # import (1–2 s), which tagging with the shipped weights must not pay.
    if name == "ThemeModel":
        return _estimator()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Bumped whenever the fitted layout of ThemeModel changes (it keys the shipped weights).
MODEL_FORMAT = 1
#: Bumped whenever the layout of a model file (:func:`save_model`) changes; 2: an ``.npz``
#: with JSON metadata, no pickle (1 was a pickle, now refused).
SAVED_FORMAT = 2


# ---------------------------------------------------------------------------
# Taxonomies


@dataclass(frozen=True)
class Theme:
    """One theme: an ASCII id, labels, and the seed keywords that signal it."""

    id: str
    label_zh: str
    label_en: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """A named, ordered set of themes (see ``data/taxonomies/party.toml``)."""

    name: str
    themes: tuple[Theme, ...]
    description: str = ""
    source: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise ModelError(f"taxonomy {self.name!r} has no theme {theme_id!r}; "
                         f"it has {', '.join(self.ids)}")


def taxonomy_names() -> list[str]:
    """The taxonomies shipped with policytext."""
    folder = resources.files("policytext.data").joinpath("taxonomies")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_taxonomy(name_or_path: str | Path | Taxonomy | None = None) -> Taxonomy:
    """A shipped taxonomy by name (``party``, the default, or ``government``) or a TOML file.

    Raises :class:`ModelError` naming the file and the problem when the file is
    missing, is not TOML, or lacks a field.
    """
    if isinstance(name_or_path, Taxonomy):
        return name_or_path
    if name_or_path is None:
        name_or_path = "party"
    text_name = str(name_or_path)
    if text_name in taxonomy_names():
        return _builtin_taxonomy(text_name)
    path = Path(name_or_path)
    if not path.is_file():
        raise ModelError(f"no taxonomy {text_name!r}: not a file, and not one of "
                         f"{', '.join(taxonomy_names())}")
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"cannot read taxonomy {path}: {exc}") from exc
    return _parse_taxonomy(raw, str(path))


@lru_cache(maxsize=8)
def _builtin_taxonomy(name: str) -> Taxonomy:
    raw = (resources.files("policytext.data").joinpath("taxonomies", f"{name}.toml")
           .read_text("utf-8"))
    return _parse_taxonomy(raw, f"{name} (built in)")


def _toml_loads(raw: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(raw)


_RE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _parse_taxonomy(raw: str, source: str) -> Taxonomy:
    try:
        data = _toml_loads(raw)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise ModelError(f"taxonomy {source} is not valid TOML: {exc}") from exc
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ModelError(f"taxonomy {source}: missing 'name' (a string)")
    entries = data.get("themes")
    if not isinstance(entries, list) or not entries:
        raise ModelError(f"taxonomy {source}: needs at least one [[themes]] table")
    themes = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ModelError(f"taxonomy {source}: theme {n} is not a table")
        tid = entry.get("id")
        if not isinstance(tid, str) or not _RE_ID.match(tid):
            raise ModelError(f"taxonomy {source}: theme {n} needs an ASCII 'id' "
                             f"(letters, digits, _), got {tid!r}")
        keywords = entry.get("keywords", [])
        if (not isinstance(keywords, list) or not keywords
                or not all(isinstance(k, str) and k.strip() for k in keywords)):
            raise ModelError(f"taxonomy {source}: theme {tid!r} needs 'keywords', "
                             "a non-empty list of strings")
        themes.append(Theme(id=tid, label_zh=str(entry.get("label_zh", tid)),
                            label_en=str(entry.get("label_en", tid)),
                            keywords=tuple(dict.fromkeys(k.strip() for k in keywords))))
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids):
        raise ModelError(f"taxonomy {source}: duplicate theme ids in {ids}")
    return Taxonomy(name=name, themes=tuple(themes),
                    description=str(data.get("description", "")), source=source)


# ---------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class ThemeScore:
    """A theme's score for one item (0–1) and the terms that drove it."""

    id: str
    score: float
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": self.score, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class ItemTags:
    """Every theme for one item, sorted by score (highest first), and the primary one.

    ``primary`` is None when nothing in the text speaks for any theme.
    """

    path: str
    primary: str | None
    themes: tuple[ThemeScore, ...]

    def score(self, theme_id: str) -> float:
        for t in self.themes:
            if t.id == theme_id:
                return t.score
        raise KeyError(theme_id)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "primary": self.primary,
                "themes": [t.to_dict() for t in self.themes]}


# ---------------------------------------------------------------------------
# Lexicon


@lru_cache(maxsize=16)
def _lexicon(taxonomy: Taxonomy) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]],
                                          dict[str, str]]:
    """One alternation of every folded keyword, longest first; keyword -> theme ids."""
    owners: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for theme in taxonomy.themes:
        for kw in theme.keywords:
            key = fold(kw)
            owners.setdefault(key, [])
            if theme.id not in owners[key]:
                owners[key].append(theme.id)
            shown.setdefault(key, kw)
    keys = sorted(owners, key=lambda k: (-len(k), k))
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return pattern, {k: tuple(v) for k, v in owners.items()}, shown


def lexicon_scores(text: str, taxonomy: Taxonomy, *, title_weight: float = 2.0
                   ) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Keyword evidence per theme: (weight, keywords found, most frequent first).

    Each hit weighs 1 + (characters − 2) / 4 (a long, specific keyword counts
    more than a short one), shared equally by the themes that list it.  Hits in
    the first sentence of a longer text count ``title_weight`` times: a work
    point opens with its title, which says what the point is about.
    """
    pattern, owners, shown = _lexicon(taxonomy)
    weights = {t.id: 0.0 for t in taxonomy.themes}
    found: dict[str, dict[str, int]] = {t.id: {} for t in taxonomy.themes}
    folded = fold(text)
    head = _first_sentence_end(folded)
    for m in pattern.finditer(folded):
        key = m.group()
        ids = owners[key]
        w = (1.0 + max(len(key) - 2, 0) / 4) / len(ids)
        if m.end() <= head:
            w *= title_weight
        for tid in ids:
            weights[tid] += w
            found[tid][shown[key]] = found[tid].get(shown[key], 0) + 1
    return {tid: (weights[tid], tuple(sorted(found[tid], key=lambda k: (-found[tid][k], k))))
            for tid in weights}


def _first_sentence_end(text: str) -> int:
    """End of the first sentence when more text follows, else 0 (no title bonus)."""
    m = re.search(r"[。！？；]", text)
    if not m or not text[m.end():].strip():
        return 0
    return m.end()


def heading_theme(heading: str, taxonomy: Taxonomy) -> str | None:
    """The theme a section heading names, if its keywords point to one theme only."""
    scores = lexicon_scores(heading, taxonomy)
    ranked = sorted(((w, tid) for tid, (w, _) in scores.items()), reverse=True)
    if not ranked or ranked[0][0] <= 0:
        return None
    if len(ranked) > 1 and ranked[1][0] >= ranked[0][0]:
        return None
    return ranked[0][1]


def _strong_theme(text: str, taxonomy: Taxonomy, *, minimum: float = 3.0,
                  margin: float = 2.0) -> str | None:
    """A theme with strong keyword evidence: weight ≥ ``minimum`` and ``margin``× the next."""
    ranked = sorted(((w, tid) for tid, (w, _) in lexicon_scores(text, taxonomy).items()),
                    reverse=True)
    if not ranked or ranked[0][0] < minimum:
        return None
    if len(ranked) > 1 and ranked[0][0] < margin * ranked[1][0]:
        return None
    return ranked[0][1]


def weak_labels(docs: Iterable[Any], taxonomy: Taxonomy | str | None = None, *,
                exclude: Iterable[str] = (), sentences: bool = False
                ) -> tuple[list[str], list[str], list[str]]:
    """Training data from documents: (texts, theme ids, "source#path") of labelled items.

    An item is labelled by the heading of its section when that heading maps to
    one theme (:func:`heading_theme`), else by strong keyword evidence in its
    own title and text; other items are left out.  ``exclude`` drops items by
    path (leave-one-out evaluation).  ``sentences=True`` adds each labelled
    item's sentences as units of their own (more, shorter examples).
    """
    tax = load_taxonomy(taxonomy)
    skip = set(exclude)
    texts, labels, keys = [], [], []
    for doc in docs:
        source = getattr(doc, "source", "") or ""
        for section in doc.iter_sections():
            label = heading_theme(section.title or "", tax)
            for item in section.items:
                if item.path in skip:
                    continue
                theme = label or _strong_theme(f"{item.title}。{item.text}", tax)
                if theme:
                    texts.append(item.text)
                    labels.append(theme)
                    keys.append(f"{source}#{item.path}")
                    if sentences:
                        for n, sent in enumerate(split_sentences(item.text), 1):
                            if len(sent) >= 8:
                                texts.append(sent)
                                labels.append(theme)
                                keys.append(f"{source}#{item.path}#{n}")
    return texts, labels, keys


# ---------------------------------------------------------------------------
# The model


def _analyzer(text: str) -> list[str]:
    """Module-level (picklable) word analyzer: jieba tokens of the width-folded text."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Tokenised once per text: features and evidence both need the tokens."""
    from .text import tokenize

    return tuple(fold(t) for t in tokenize(text, added=False))


class ThemeTagger:
    """Lexicon + calibrated linear classifier over one taxonomy: what tags.

    The shipped weights load as one (:func:`load_weights`); :class:`ThemeModel`, the
    scikit-learn estimator, extends it with ``fit``, ``predict`` and ``score``.

    Parameters (stored as given; nothing is computed in ``__init__``):

    taxonomy
        a :class:`Taxonomy`, a shipped name or a TOML path (default ``party``).
    lexicon_weight
        share of the keyword signal in the final score (the rest is the classifier's).
    C
        inverse regularisation of the linear models (logistic regression uses 10 × C).
    char_ngrams
        range of character n-grams (besides jieba words).
    min_df
        minimum document frequency of a feature.
    """

    def __init__(self, *, taxonomy: Taxonomy | str | None = None, lexicon_weight: float = 0.7,
                 C: float = 1.0, char_ngrams: tuple[int, int] = (2, 3), min_df: int = 1):
        self.taxonomy = taxonomy
        self.lexicon_weight = lexicon_weight
        self.C = C
        self.char_ngrams = char_ngrams
        self.min_df = min_df

    def _params(self) -> dict[str, Any]:
        """The parameters in declaration order (they key the shipped weights, see
        :func:`shipped_key`; ThemeModel's ``get_params`` is scikit-learn's)."""
        return {"taxonomy": self.taxonomy, "lexicon_weight": self.lexicon_weight,
                "C": self.C, "char_ngrams": self.char_ngrams, "min_df": self.min_df}

    def __repr__(self) -> str:
        tax = self.taxonomy.name if isinstance(self.taxonomy, Taxonomy) else self.taxonomy
        return f"{type(self).__name__}(taxonomy={tax!r}, lexicon_weight={self.lexicon_weight})"

    def fit(self, X: Sequence[str], y: Sequence[str]) -> ThemeModel:
        """Learn from texts ``X`` and theme ids ``y`` (e.g. from :func:`weak_labels`)."""
        tax = load_taxonomy(self.taxonomy)
        X = list(X)
        y = list(y)
        if len(X) != len(y):
            raise ModelError(f"fit: {len(X)} texts but {len(y)} labels")
        unknown = sorted(set(y) - set(tax.ids))
        if unknown:
            raise ModelError(f"fit: labels {unknown} are not themes of {tax.name!r} "
                             f"({', '.join(tax.ids)})")
        self.taxonomy_ = tax
        self.classes_ = tax.ids
        self.n_train_ = len(X)
        trained = sorted(set(y))
        self.trained_classes_ = tuple(c for c in tax.ids if c in trained)
        if len(self.trained_classes_) < 2:
            # nothing to discriminate: the lexicon alone decides
            self.vectorizer_ = None
            self.classifier_ = None
            self.scorer_ = None
            self.word_coef_ = {}
            return self
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion

        self.vectorizer_ = FeatureUnion([
            ("words", TfidfVectorizer(analyzer=_analyzer, token_pattern=None,
                                      sublinear_tf=True, min_df=self.min_df)),
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=tuple(self.char_ngrams),
                                      preprocessor=fold, sublinear_tf=True,
                                      min_df=self.min_df)),
        ])
        features = self.vectorizer_.fit_transform(X)
        self.classifier_ = {}
        for cls in self.trained_classes_:
            target = [1 if label == cls else 0 for label in y]
            self.classifier_[cls] = _binary_classifier(features, target, C=self.C)
        self.scorer_ = _Scorer.from_sklearn(self.vectorizer_, self.classifier_,
                                            self.trained_classes_, tuple(self.char_ngrams),
                                            len(X))
        self.word_coef_ = self.scorer_.word_coefficients()
        return self

    @classmethod
    def from_scorer(cls, scorer: _Scorer, taxonomy: Taxonomy, **params: Any) -> ThemeModel:
        """A fitted model from exported weights (no scikit-learn needed to tag)."""
        model = cls(taxonomy=taxonomy, **params)
        model.taxonomy_ = taxonomy
        model.classes_ = taxonomy.ids
        model.trained_classes_ = scorer.classes
        model.n_train_ = scorer.n_train
        model.vectorizer_ = None
        model.classifier_ = None
        model.scorer_ = scorer
        model.word_coef_ = scorer.word_coefficients()
        return model

    def _check_fitted(self) -> None:
        if not hasattr(self, "classes_"):
            raise ModelError("this ThemeModel is not fitted yet: call fit() or train() first")

    def classifier_scores(self, X: Sequence[str]) -> list[dict[str, float]]:
        """The classifier's calibrated probability per theme (0 for untrained themes)."""
        self._check_fitted()
        X = list(X)
        out = [{c: 0.0 for c in self.classes_} for _ in X]
        if self.scorer_ is None or not X:
            return out
        for row, probs in zip(out, self.scorer_.proba(X), strict=True):
            row.update(probs)
        return out

    def score(self, X: Sequence[str], y: Sequence[str]) -> float:
        """Accuracy of the primary theme (scikit-learn's classifier ``score``)."""
        pred = self.predict(X)
        return sum(p == t for p, t in zip(pred, y, strict=False)) / max(len(y), 1)

    def predict(self, X: Sequence[str]) -> list[str | None]:
        """The primary theme of each text."""
        return [t.primary for t in self.tag_texts(X)]

    def predict_proba(self, X: Sequence[str]) -> list[list[float]]:
        """Combined scores in the order of ``classes_``."""
        tags = self.tag_texts(X)
        return [[t.score(c) for c in self.classes_] for t in tags]

    def tag_texts(self, X: Sequence[str], paths: Sequence[str] | None = None,
                  *, evidence: int = 6) -> list[ItemTags]:
        """Every theme with a score and evidence for each text."""
        self._check_fitted()
        X = list(X)
        paths = list(paths) if paths is not None else [str(i + 1) for i in range(len(X))]
        clf_scores = self.classifier_scores(X)
        tokens = [set(_analyzer(x)) for x in X] if self.word_coef_ else [set() for _ in X]
        out = []
        w = self.lexicon_weight if self.scorer_ is not None else 1.0
        for path, text, probs, toks in zip(paths, X, clf_scores, tokens, strict=False):
            top = max(probs.values(), default=0.0)
            lex = lexicon_scores(text, self.taxonomy_)
            total = sum(v for v, _ in lex.values())
            scores = []
            for cls in self.classes_:
                weight, found = lex[cls]
                # the keyword signal: this theme's share of the keyword weight,
                # damped when there is little keyword evidence at all
                lex_score = (weight / total) * (1 - math.exp(-total / 2)) if total else 0.0
                s = w * lex_score + (1 - w) * probs[cls]
                # the classifier's words are evidence for the theme it ranks first only
                coef = self.word_coef_.get(cls, {}) if probs[cls] >= top > 0 else {}
                learned = sorted((t for t in toks if t in coef and t not in found),
                                 key=lambda t: (-coef[t], t))
                ev = tuple(found[:evidence]) + tuple(learned[:evidence - len(found)])
                scores.append(ThemeScore(cls, round(s, 4), ev[:evidence] if s > 0 else ()))
            scores.sort(key=lambda t: (-t.score, self.classes_.index(t.id)))
            primary = scores[0].id if scores and scores[0].score > 0 and text.strip() else None
            if primary is None:
                scores = [ThemeScore(t.id, 0.0, ()) for t in scores]
            out.append(ItemTags(path=path, primary=primary, themes=tuple(scores)))
        return out


class _Scorer:
    """The fitted classifier as plain arrays: TF-IDF and calibrated linear scores in numpy.

    Exactly what scikit-learn's ``FeatureUnion`` of two ``TfidfVectorizer`` s
    (sublinear tf, l2 norm each) and the calibrated linear SVMs compute, so a
    shipped model tags without importing scikit-learn (a fast start).  Column m
    of ``weights`` is one fold's linear model; its probability is
    ``expit(-(a[m] * d + b[m]))`` for the decision ``d``; a theme's probability
    is the mean over its columns (``group``).
    """

    FIELDS = ("word_terms", "word_idf", "char_terms", "char_idf", "weights", "intercept",
              "a", "b", "group", "classes", "ngrams", "n_train")

    def __init__(self, **arrays: Any):
        import numpy as np

        for key in self.FIELDS:
            setattr(self, key, arrays[key])
        self.classes = tuple(str(c) for c in self.classes)
        self.ngrams = tuple(int(n) for n in self.ngrams)
        self.n_train = int(self.n_train)
        self.word_index = {str(t): j for j, t in enumerate(self.word_terms)}
        offset = len(self.word_terms)
        self.char_index = {str(t): offset + j for j, t in enumerate(self.char_terms)}
        self.group = np.asarray(self.group, dtype=np.int64)
        self._idf = [float(v) for v in self.word_idf] + [float(v) for v in self.char_idf]

    @classmethod
    def from_sklearn(cls, vectorizer, classifiers: dict, classes: tuple[str, ...],
                     ngrams: tuple[int, int], n_train: int) -> _Scorer:
        import numpy as np

        words = vectorizer.transformer_list[0][1]
        chars = vectorizer.transformer_list[1][1]
        columns, intercept, a, b, group = [], [], [], [], []
        for k, cls_id in enumerate(classes):
            clf = classifiers[cls_id]
            if hasattr(clf, "calibrated_classifiers_"):
                for cc in clf.calibrated_classifiers_:
                    columns.append(cc.estimator.coef_.ravel())
                    intercept.append(float(cc.estimator.intercept_[0]))
                    a.append(float(cc.calibrators[0].a_))
                    b.append(float(cc.calibrators[0].b_))
                    group.append(k)
            else:  # logistic regression: p = expit(d)
                columns.append(clf.coef_.ravel())
                intercept.append(float(clf.intercept_[0]))
                a.append(-1.0)
                b.append(0.0)
                group.append(k)
        return cls(word_terms=np.array(words.get_feature_names_out(), dtype=str),
                   word_idf=words.idf_, char_terms=np.array(chars.get_feature_names_out(),
                                                            dtype=str),
                   char_idf=chars.idf_, weights=np.column_stack(columns),
                   intercept=np.array(intercept), a=np.array(a), b=np.array(b),
                   group=np.array(group), classes=np.array(classes, dtype=str),
                   ngrams=np.array(ngrams), n_train=n_train)

    def arrays(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.FIELDS}

    def _features(self, text: str) -> tuple[list[int], list[float]]:
        """Column indices and TF-IDF values of one text (each half l2-normalised)."""
        from collections import Counter

        cols: list[int] = []
        vals: list[float] = []
        for index, grams in ((self.word_index, _tokens(text)),
                             (self.char_index, self._char_ngrams(text))):
            part = []
            for g, c in Counter(grams).items():
                j = index.get(g)
                if j is not None:
                    part.append((j, (1.0 + math.log(c)) * self._idf[j]))
            norm = math.sqrt(sum(v * v for _, v in part)) or 1.0
            cols.extend(j for j, _ in part)
            vals.extend(v / norm for _, v in part)
        return cols, vals

    def _char_ngrams(self, text: str) -> list[str]:
        doc = _RE_WHITE.sub(" ", fold(text))
        lo, hi = self.ngrams
        return [doc[i:i + n] for n in range(lo, min(hi + 1, len(doc) + 1))
                for i in range(len(doc) - n + 1)]

    def proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        import numpy as np

        out = []
        for text in texts:
            cols, vals = self._features(text)
            d = (np.asarray(vals) @ self.weights[cols] if cols else 0.0) + self.intercept
            p = 1.0 / (1.0 + np.exp(self.a * d + self.b))
            sums = np.bincount(self.group, weights=p, minlength=len(self.classes))
            n = np.bincount(self.group, minlength=len(self.classes))
            out.append({c: float(sums[k] / n[k]) for k, c in enumerate(self.classes)})
        return out

    def word_coefficients(self) -> dict[str, dict[str, float]]:
        """Per theme, the positive mean weights of words worth showing as evidence."""
        import numpy as np

        n = len(self.word_terms)
        out = {}
        for k, c in enumerate(self.classes):
            coef = self.weights[:n, self.group == k].mean(axis=1)
            out[c] = {str(self.word_terms[j]): float(coef[j]) for j in np.flatnonzero(coef > 0)
                      if _is_evidence_word(str(self.word_terms[j]))}
        return out


_RE_WHITE = re.compile(r"\s\s+")


def _is_evidence_word(token: str) -> bool:
    """A learned feature worth showing: a word of two or more characters, not a stop word."""
    from .terms import stopwords

    return len(token) >= 2 and not token.isdigit() and token not in stopwords()


#: Positives and negatives a theme needs before its SVM is calibrated by 3-fold
#: cross-validation; below that a sigmoid fitted on a handful of held-out scores
#: comes out inverted as often as not, and logistic regression (whose scores are
#: probabilities by construction) is used instead.
MIN_CALIBRATION = 30


def _binary_classifier(features, target: list[int], *, C: float):
    """A linear SVM with sigmoid-calibrated scores; logistic regression when data are too few.

    Positives and negatives are weighted equally (balanced sample weights, for
    the model and its calibration alike), so a score means the same for every
    theme however many training items it had.
    """
    import numpy as np
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    y = np.asarray(target)
    pos = int(y.sum())
    neg = len(y) - pos
    weight = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    if min(pos, neg) >= MIN_CALIBRATION:
        clf = CalibratedClassifierCV(LinearSVC(C=C, random_state=0), method="sigmoid",
                                     cv=3, ensemble=True)
    else:
        clf = LogisticRegression(C=C * 10, random_state=0)
    return clf.fit(features, y, sample_weight=weight)


# ---------------------------------------------------------------------------
# Training, persistence and the default model


def train(docs: Iterable[Any], *, taxonomy: Taxonomy | str | None = None,
          exclude: Iterable[str] = (), sentences: bool = True, **params: Any) -> ThemeModel:
    """Fit a :class:`ThemeModel` on the weak labels of ``docs`` (see :func:`weak_labels`).

    By default each labelled item's sentences are added as examples of their own.
    """
    tax = load_taxonomy(taxonomy)
    texts, labels, _ = weak_labels(docs, tax, exclude=exclude, sentences=sentences)
    return _estimator()(taxonomy=tax, **params).fit(texts, labels)


def save_model(model: ThemeModel, path: str | Path) -> None:
    """Write a fitted model as a numpy ``.npz`` with no pickle in it: the classifier's
    arrays (see :func:`save_weights`) and a JSON ``meta`` entry (format, versions,
    parameters, the taxonomy).  :func:`load_model` reads it back."""
    import numpy as np

    from ._version import __version__

    model._check_fitted()
    tax = model.taxonomy_
    params = {k: v for k, v in model._params().items() if k != "taxonomy"}
    params["char_ngrams"] = list(params["char_ngrams"])
    meta = {"format": SAVED_FORMAT, "kind": "policytext theme model",
            "policytext": __version__, "params": params, "n_train": int(model.n_train_),
            "trained_classes": list(model.trained_classes_),
            "taxonomy": {"name": tax.name, "description": tax.description,
                         "source": tax.source,
                         "themes": [{"id": t.id, "label_zh": t.label_zh,
                                     "label_en": t.label_en, "keywords": list(t.keywords)}
                                    for t in tax.themes]}}
    arrays = dict(model.scorer_.arrays()) if model.scorer_ is not None else {}
    import io

    from ._atomic import write_atomic

    buf = io.BytesIO()
    np.savez_compressed(buf, meta=np.array(json.dumps(meta, ensure_ascii=False)), **arrays)
    try:
        write_atomic(path, buf.getvalue())  # whole or not at all (a full disk)
    except OSError as exc:
        raise ModelError(f"cannot write model {path}: {exc.strerror or exc}") from exc


def load_model(path: str | Path) -> ThemeTagger:
    """Load a model saved by :func:`save_model`; :class:`ModelError` if it is not one or
    was written in another model format (retrain it with ``policytext themes train``).

    The file is read with ``allow_pickle=False``: it holds numbers, strings and JSON,
    never code, so loading a file from elsewhere cannot run anything.
    """
    import numpy as np

    try:
        fh = Path(path).open("rb")
    except OSError as exc:
        raise ModelError(f"cannot read model {path}: {exc.strerror or exc}") from exc
    try:
        with fh, np.load(fh, allow_pickle=False) as npz:
            if "meta" not in npz.files:
                raise ModelError(f"{path} is not a policytext theme model")
            meta = json.loads(str(npz["meta"]))
            arrays = {k: npz[k] for k in _Scorer.FIELDS if k in npz.files}
    except ModelError:
        raise
    except Exception as exc:  # not an .npz, a pickle (refused), a damaged file
        why = ("it holds pickled data, which is never loaded" if "pickle" in str(exc)
               else type(exc).__name__)
        raise ModelError(f"{path} is not a policytext theme model ({why}; save one with "
                         "'policytext themes train')") from exc
    if not isinstance(meta, dict) or meta.get("kind") != "policytext theme model":
        raise ModelError(f"{path} is not a policytext theme model")
    if meta.get("format") != SAVED_FORMAT:
        raise ModelError(f"model {path} was written in model format {meta.get('format')}; "
                         f"this is format {SAVED_FORMAT}: retrain it with "
                         "'policytext themes train'")
    try:
        t = meta["taxonomy"]
        tax = Taxonomy(name=str(t["name"]), description=str(t.get("description", "")),
                       source=str(t.get("source", "")),
                       themes=tuple(Theme(id=str(e["id"]), label_zh=str(e["label_zh"]),
                                          label_en=str(e["label_en"]),
                                          keywords=tuple(str(k) for k in e["keywords"]))
                                    for e in t["themes"]))
        params = dict(meta["params"])
        params["char_ngrams"] = tuple(int(n) for n in params["char_ngrams"])
        if len(arrays) == len(_Scorer.FIELDS):
            return ThemeTagger.from_scorer(_Scorer(**arrays), tax, **params)
        model = ThemeTagger(taxonomy=tax, **params)  # the lexicon alone
        model.taxonomy_ = tax
        model.classes_ = tax.ids
        model.trained_classes_ = tuple(str(c) for c in meta["trained_classes"])
        model.n_train_ = int(meta["n_train"])
        model.vectorizer_ = model.classifier_ = model.scorer_ = None
        model.word_coef_ = {}
        return model
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{path} is a damaged policytext theme model "
                         f"({type(exc).__name__}: {exc})") from exc


def training_set(name: str) -> list[Any]:
    """A shipped training set (``data/training/<name>.json``) as lightweight documents."""
    try:
        raw = resources.files("policytext.data").joinpath("training", f"{name}.json").read_text(
            "utf-8")
    except FileNotFoundError as exc:
        raise ModelError(f"no shipped training set {name!r}") from exc
    data = json.loads(raw)
    return [_TrainingDoc.from_dict(d) for d in data["documents"]]


@dataclass(frozen=True)
class _TrainingItem:
    path: str
    title: str
    text: str


@dataclass(frozen=True)
class _TrainingSection:
    title: str
    items: tuple[_TrainingItem, ...]


@dataclass(frozen=True)
class _TrainingDoc:
    """Just enough of a Document for :func:`weak_labels`: sections, headings, items."""

    source: str
    sections: tuple[_TrainingSection, ...]

    def iter_sections(self):
        return iter(self.sections)

    @classmethod
    def from_dict(cls, d: dict) -> _TrainingDoc:
        return cls(source=d["source"], sections=tuple(
            _TrainingSection(s["title"], tuple(_TrainingItem(**i) for i in s["items"]))
            for s in d["sections"]))


def training_record(doc: Any) -> dict[str, Any]:
    """A document reduced to what training needs (for ``data/training/*.json``)."""
    return {"source": Path(getattr(doc, "source", "") or "").name,
            "sha256": getattr(doc, "sha256", None),
            "sections": [{"title": s.title or "",
                          "items": [{"path": i.path, "title": i.title, "text": i.text}
                                    for i in s.items]}
                         for s in doc.iter_sections()]}


#: Shipped training sets by taxonomy name.
_TRAINING_SETS = {"party": "party-seed"}

#: The shipped taxonomies whose default weights ship (``data/models/<name>-default.npz``,
#: built by ``scripts/build_model.py``), with the parameters they were fit with.  ``party``
#: is fit on its shipped training set; ``government`` on the weak labels of the national
#: work reports (2014–2022) of ``../shared/corpora`` — public documents that are not ours to
#: ship, so the weights ship with the digest of the files they came from, and the key
#: names that digest instead of a training file.  ``min_df=3`` keeps the n-grams of at least
#: three training texts (an item and its own sentence are two): 29,000 features instead of
#: 80,000, a 2 MB file instead of 7.
_SHIPPED = {"party": {}, "government": {"min_df": 3}}

#: Models fit in this process on documents' own weak labels, by :func:`_fit_key`.
_FITTED: dict[str, ThemeTagger] = {}


def default_model(taxonomy: Taxonomy | str | None = None, *,
                  docs: Sequence[Any] = ()) -> ThemeModel:
    """The model :func:`tag` uses when none is given.

    For a shipped taxonomy it is the shipped model (its weights, or for ``party``
    when they are stale, the model fit on its shipped training set once per process),
    so nothing is trained at tag time.  For any other taxonomy — a user's TOML, or a
    shipped one whose weights are stale — it is fit on the weak labels of ``docs``
    (the documents being tagged), or is the lexicon alone when they label nothing; such
    a fit is done once per content: kept for the process and, where the cache is on
    (:func:`policytext.text.cache_dir`), in ``models/`` there, keyed by the texts,
    labels, taxonomy, parameters and the versions of the libraries that fit it.
    """
    tax = load_taxonomy(taxonomy)
    if tax.name in _SHIPPED and _is_builtin(tax):
        model = _shipped_model(tax.name)
        if model is not None:
            return model
    return _fit_once(docs, tax)


def _is_builtin(tax: Taxonomy) -> bool:
    return tax.name in taxonomy_names() and _builtin_taxonomy(tax.name) == tax


@lru_cache(maxsize=4)
def _shipped_model(name: str) -> ThemeTagger | None:
    """The default model: shipped weights when they match the shipped data; else, with a
    shipped training set, trained on it; else None."""
    tax = _builtin_taxonomy(name)
    path = _weights_file(name)
    model = load_weights(path, taxonomy=tax, key=shipped_key(name, weights_training(path)),
                         **_SHIPPED[name])
    if model is None and name in _TRAINING_SETS:
        model = train(training_set(_TRAINING_SETS[name]), taxonomy=tax)
    return model


def _weights_file(name: str):
    return resources.files("policytext.data").joinpath("models", f"{name}-default.npz")


def shipped_key(name: str, training: str | None = None) -> str:
    """What the shipped weights were built from: the taxonomy, the training data (the
    shipped training set, or ``training``: the digest of the documents they were fit on,
    for a taxonomy without one), the dictionary, the parameters and the model format."""
    import hashlib

    data = resources.files("policytext.data")
    h = hashlib.sha256()
    h.update(data.joinpath("taxonomies", f"{name}.toml").read_bytes())
    if name in _TRAINING_SETS:
        h.update(data.joinpath("training", f"{_TRAINING_SETS[name]}.json").read_bytes())
    else:
        h.update(f"training {training}".encode())
    h.update(data.joinpath("dict.txt").read_bytes())
    params = {**ThemeTagger()._params(), **_SHIPPED.get(name, {})}
    h.update(f"format {MODEL_FORMAT}; {params}".encode())
    return h.hexdigest()


def save_weights(model: ThemeModel, path, *, key: str, training: str | None = None,
                 dtype: str = "float64") -> None:
    """Write a fitted model's weights as a numpy ``.npz`` (no pickle), tagged with ``key``
    (and ``training``, the digest of its training documents, when given); ``dtype`` of the
    linear weights (``float32`` halves a big model's file)."""
    import numpy as np

    if model.scorer_ is None:
        raise ModelError("this model has no classifier weights to save (lexicon only)")
    arrays = dict(model.scorer_.arrays())
    arrays["weights"] = np.asarray(arrays["weights"], dtype=dtype)
    extra = {"training": np.array(training)} if training is not None else {}
    with open(path, "wb") as fh:
        np.savez_compressed(fh, key=np.array(key), **extra, **arrays)


def weights_training(path) -> str | None:
    """The training digest a weights file records (see :func:`save_weights`), or None."""
    import numpy as np

    try:
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
            return str(npz["training"]) if "training" in npz.files else None
    except (OSError, ValueError):
        return None


def load_weights(path, *, taxonomy: Taxonomy, key: str, **params: Any) -> ThemeModel | None:
    """A model from weights written by :func:`save_weights`; None if absent or stale.
    ``params`` are the parameters the weights were fit with (they are not in the file)."""
    import numpy as np

    try:
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
            if str(npz["key"]) != key:
                return None
            arrays = {k: npz[k] for k in _Scorer.FIELDS}
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return None
    return ThemeTagger.from_scorer(_Scorer(**arrays), taxonomy, **params)


def _fit_key(tax: Taxonomy, texts: Sequence[str], labels: Sequence[str]) -> str:
    """What a fit on weak labels depends on: the examples, the taxonomy, the parameters,
    the dictionary, and the versions of the code and libraries that fit and tokenise."""
    import hashlib
    from importlib import metadata

    from ._version import __version__

    h = hashlib.sha256()
    versions = [__version__]
    for lib in ("scikit-learn", "scipy", "numpy", "jieba"):
        try:
            versions.append(f"{lib} {metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{lib} -")
    h.update(f"format {MODEL_FORMAT}; {ThemeTagger()._params()}; {versions}; ".encode())
    h.update(repr((tax.name, tax.themes)).encode())
    h.update(resources.files("policytext.data").joinpath("dict.txt").read_bytes())
    for text, label in zip(texts, labels, strict=True):
        h.update(f"\x00{label}\x01{text}".encode())
    return h.hexdigest()


def _fit_once(docs: Sequence[Any], tax: Taxonomy) -> ThemeTagger:
    """:func:`train` on ``docs``, once per content (see :func:`default_model`)."""
    from .text import cache_dir

    texts, labels, _ = weak_labels(docs, tax, sentences=True)
    key = _fit_key(tax, texts, labels)
    model = _FITTED.get(key)
    if model is not None:
        return model
    if len(set(labels)) < 2:
        model = ThemeTagger(taxonomy=tax).fit(texts, labels)  # the lexicon alone
    else:
        folder = cache_dir()
        path = folder / "models" / f"themes-{key[:32]}.npz" if folder else None
        if path is not None:
            model = load_weights(path, taxonomy=tax, key=key)
        if model is None:
            model = _estimator()(taxonomy=tax).fit(texts, labels)
            if path is not None:
                _cache_weights(model, path, key)
    _FITTED[key] = model
    return model


def _cache_weights(model: ThemeTagger, path: Path, key: str) -> None:
    """Keep a fit's weights in the cache (atomically); say so; never fail the caller."""
    import logging
    import os
    import tempfile

    log = logging.getLogger(__name__)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
        os.close(fd)
        try:
            save_weights(model, Path(tmp), key=key)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        log.info("cached a theme model fit on the documents' own labels in %s "
                 "(POLICYTEXT_CACHE_DIR=off disables)", path)
    except OSError as exc:
        log.info("could not cache a theme model in %s: %s", path, exc)


#: ``taxonomy="auto"``: the shipped taxonomy that fits the text best (:func:`pick_taxonomy`).
AUTO = "auto"


def pick_taxonomy(texts: Iterable[str]) -> str:
    """The shipped taxonomy whose keywords are densest in ``texts`` (keyword weight per
    character): ``government`` for a government work report (about 30–50 per 1,000
    characters against 4–15 for ``party``), ``party`` for party-building work points
    (about 90 against 12).  With no keyword at all it is ``party``, the default."""
    texts = [t for t in texts if t]
    chars = sum(len(t) for t in texts) or 1

    def density(name: str) -> float:
        tax = load_taxonomy(name)
        return sum(w for t in texts for w, _ in lexicon_scores(t, tax).values()) / chars

    return max(taxonomy_names(), key=lambda n: (density(n), n == "party"))


def is_auto(taxonomy: Any) -> bool:
    """Whether ``taxonomy`` asks for :func:`pick_taxonomy` (the string ``"auto"``)."""
    return isinstance(taxonomy, str) and taxonomy == AUTO


def resolve_taxonomy(taxonomy: Taxonomy | str | Path | None,
                     texts: Iterable[str] = ()) -> Taxonomy:
    """:func:`load_taxonomy`, where ``"auto"`` is the :func:`pick_taxonomy` of ``texts``."""
    if is_auto(taxonomy):
        return load_taxonomy(pick_taxonomy(texts))
    return load_taxonomy(taxonomy)


def _resolve_model(model: ThemeModel | str | Path | None, taxonomy, docs) -> ThemeModel:
    if model is None:
        return default_model(taxonomy, docs=docs)
    if isinstance(model, (str, Path)):
        model = load_model(model)
    if not isinstance(model, ThemeTagger):
        raise ModelError(f"model must be a ThemeModel or a path, not {type(model).__name__}")
    model._check_fitted()
    if taxonomy is not None and load_taxonomy(taxonomy).ids != model.classes_:
        raise ModelError(f"the model was trained on taxonomy {model.taxonomy_.name!r} "
                         f"({', '.join(model.classes_)}), not {load_taxonomy(taxonomy).name!r}")
    return model


#: The primary theme of an item no theme fits: a law's article under a taxonomy made for
#: work plans and reports, or an item whose best theme is no better than chance.
UNCLASSIFIED = "unclassified"
#: The best theme must score this many times chance (1 / number of themes), and be
#: earned by some words, to be an item's primary theme.
CONFIDENCE_FLOOR = 1.25
#: The shipped taxonomy each kind of document is read with (see :mod:`policytext.kind`);
#: a kind not listed is read with the one that fits it best; a law with none.
_KIND_TAXONOMY = {"work_report": "government"}


def taxonomy_for_kind(kind: str | None, texts: Iterable[str]) -> str | None:
    """The shipped taxonomy for a document of this kind (``None`` for a law: the shipped
    taxonomies are made for work plans and reports, and force no theme on an article, nor
    on a form's fields)."""
    if kind in ("law", "form"):
        return None
    return _KIND_TAXONOMY.get(kind or "") or pick_taxonomy(texts)


def document_taxonomy(doc: Any, taxonomy: Taxonomy | str | Path | None = AUTO) -> Taxonomy:
    """The taxonomy :func:`tag` tags ``doc`` with (no model given): for ``"auto"`` the
    taxonomy of its kind (:func:`taxonomy_for_kind`, ``government`` for a law), else
    ``taxonomy`` loaded.  ``tag(doc, taxonomy=document_taxonomy(doc, t))`` is
    ``tag(doc, taxonomy=t)``."""
    if is_auto(taxonomy):
        return load_taxonomy(taxonomy_for_kind(getattr(doc, "kind", None),
                                               [i.text for i in doc.items]) or "government")
    return load_taxonomy(taxonomy)


def taxonomy_key(taxonomy: Taxonomy) -> str:
    """What tags made with ``taxonomy`` are valid for (stored tags are used again only
    under the same key): the taxonomy's whole content and this policytext's version
    (whose shipped models and tagger made them)."""
    import hashlib

    from ._version import __version__

    return hashlib.sha256(f"{__version__}\x00{taxonomy!r}".encode()).hexdigest()


def tags_to_json(tags: Sequence[ItemTags]) -> str:
    """A document's tags as JSON (:func:`tags_from_json` gives them back exactly)."""
    return json.dumps([t.to_dict() for t in tags], ensure_ascii=False)


def tags_from_json(text: str) -> list[ItemTags]:
    """The tags of :func:`tags_to_json`."""
    return [ItemTags(t["path"], t["primary"],
                     tuple(ThemeScore(s["id"], s["score"], tuple(s["evidence"]))
                           for s in t["themes"])) for t in json.loads(text)]


def _floored(tags: ItemTags, n_themes: int) -> ItemTags:
    best = tags.themes[0] if tags.themes else None
    if best is None or tags.primary is None:
        return tags
    if best.score < CONFIDENCE_FLOOR / max(1, n_themes) or not best.evidence:
        return replace(tags, primary=UNCLASSIFIED)
    return tags


def tag(doc: Any, *, taxonomy: Taxonomy | str | None = None,
        model: ThemeModel | str | Path | None = None) -> list[ItemTags]:
    """Tag every top-level item of ``doc`` (document order) with every theme.

    The item's text (which begins with its title) is scored alone; its section
    heading is not used, so a tag says what the item itself is about.  ``taxonomy``
    is a :class:`Taxonomy`, a shipped name, a TOML path, ``None`` (``party``) or
    ``"auto"`` (the taxonomy of the document's kind: ``government`` for a work
    report, for others the shipped one that fits it best, :func:`pick_taxonomy`).

    The primary theme is :data:`UNCLASSIFIED` where the best theme scores below
    :data:`CONFIDENCE_FLOOR` times chance or no word earned it, and for every item
    of a law tagged with a shipped taxonomy (they are made for plans and reports);
    a taxonomy of your own (a TOML file) tags a law as any document.
    """
    return tag_documents([doc], taxonomy=taxonomy, model=model)[0]


def tag_documents(docs: Iterable[Any], *, taxonomy: Taxonomy | str | None = None,
                  model: ThemeModel | str | Path | None = None) -> list[list[ItemTags]]:
    """:func:`tag` of each document of ``docs``, with one transform over all the items
    that share a model (a corpus is scored at once, not document by document).

    Each document's taxonomy and model are resolved as :func:`tag` resolves them, so the
    tags are the same as tagging the documents one by one.
    """
    docs = list(docs)
    items_of = [list(doc.items) for doc in docs]
    models: list[ThemeTagger] = []
    for doc, items in zip(docs, items_of, strict=True):
        tax = taxonomy
        if is_auto(tax) and model is None:
            tax = taxonomy_for_kind(getattr(doc, "kind", None),
                                    [i.text for i in items]) or "government"
        elif is_auto(tax):
            tax = None
        models.append(_resolve_model(model, tax, [doc]))
    out: list[list[ItemTags]] = [[] for _ in docs]
    for m in {id(m): m for m in models}.values():
        group = [k for k, mk in enumerate(models) if mk is m]
        items = [it for k in group for it in items_of[k]]
        tags = iter(m.tag_texts([i.text for i in items], [i.path for i in items]))
        for k in group:
            mine = [next(tags) for _ in items_of[k]]
            if getattr(docs[k], "kind", None) == "law" and _is_builtin(m.taxonomy_):
                out[k] = [replace(t, primary=UNCLASSIFIED) if t.primary else t for t in mine]
            else:
                out[k] = [_floored(t, len(m.classes_)) for t in mine]
    return out


def tag_texts(texts: Sequence[str], *, taxonomy: Taxonomy | str | None = None,
              model: ThemeModel | str | Path | None = None) -> list[ItemTags]:
    """Tag plain texts; paths are "1", "2", … in input order."""
    if is_auto(taxonomy):
        texts = list(texts)
        taxonomy = None if model is not None else resolve_taxonomy(AUTO, texts)
    m = _resolve_model(model, taxonomy, [])
    return m.tag_texts(list(texts))


def to_frame(tags: Sequence[ItemTags]):
    """One row per item: path, primary, then a score column per theme (pandas)."""
    import pandas as pd

    rows = []
    for t in tags:
        row: dict[str, Any] = {"path": t.path, "primary": t.primary}
        for s in t.themes:
            row[s.id] = s.score
        row["evidence"] = "; ".join(f"{s.id}: {'、'.join(s.evidence)}" for s in t.themes
                                    if s.evidence)
        rows.append(row)
    return pd.DataFrame(rows)
