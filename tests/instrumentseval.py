"""Score the instrument coder on a hand-labelled set (tests/data/instruments-*.json).

Each labelled sentence is looked up among the sentences of its document as
``policytext.instruments.code`` cuts and codes them (so a sentence of a review section
is coded in its context); a sentence not found there (cut differently) is coded alone.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=64)
def _document_codes(path: str):
    import policytext
    from policytext import instruments

    return instruments.code(policytext.read(path))


def _squash(text: str) -> str:
    return "".join(text.split())


def predict(entry: dict, corpora: Path):
    from policytext import instruments

    target = _squash(entry["text"])
    codes = _document_codes(str(corpora / entry["doc"]))
    for c in codes:
        if _squash(c.text) == target:
            return c
    for c in codes:
        s = _squash(c.text)
        if s and (target in s or s in target):
            return c
    return instruments.code_sentence(entry["text"])


def score(path: Path, corpora: Path) -> dict:
    """Type and sub-type accuracy, and the rows that disagree."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = []
    for e in data["sentences"]:
        c = predict(e, corpora)
        rows.append((e, c))
    n = len(rows)
    type_ok = sum(c.type == e["type"] for e, c in rows)
    sub_ok = sum((c.subtype or None) == (e["subtype"] or None) for e, c in rows)
    wrong = [(e["type"], e["subtype"], c.type, c.subtype, c.evidence, e["text"])
             for e, c in rows if (c.subtype or None) != (e["subtype"] or None)]
    return {"n": n, "type": type_ok, "subtype": sub_ok, "wrong": wrong}


def cross_validate(paths, corpora: Path, *, folds: int = 5, repeats: int = 5) -> dict:
    """Would a model learn better than the rules?  A scikit-learn logistic regression on the
    rule coder's own features (each sub-type's weight, each type's, the coder's type and
    its reason for none), scored by ``repeats`` × ``folds``-fold cross-validation on the
    labelled sets together; beside it the rule coder's accuracy on the same sentences.
    Returns mean accuracies {"rules": (type, sub-type), "model": (type, sub-type)}."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from policytext import instruments

    book = instruments.load_codebook()
    ids = [*book.ids, instruments.OUT_OF_SCOPE, instruments.NEUTRAL]
    types = ("supply", "environment", "demand", "none")
    reasons = ("heading", "statement", "not a measure", "out of scope", "no instrument words")
    X, y_type, y_sub, rules = [], [], [], []
    for path in paths:
        for e in json.loads(Path(path).read_text(encoding="utf-8"))["sentences"]:
            c = predict(e, corpora)
            weights = instruments._scores(e["text"], book)[0]
            X.append([weights.get(i, 0.0) for i in ids]
                     + [sum(weights.get(s.id, 0.0) for s in book.subtypes if s.type == t)
                        for t in types[:3]]
                     + [c.type == t for t in types] + [c.reason == r for r in reasons])
            y_type.append(e["type"])
            y_sub.append(e["subtype"] or "none")
            rules.append((c.type, c.subtype or "none"))
    X = np.array(X, dtype=float)
    out = {"n": len(X), "rules": (np.mean([r[0] == t for r, t in zip(rules, y_type, strict=True)]),
                                  np.mean([r[1] == s for r, s in zip(rules, y_sub, strict=True)]))}
    model = []
    for y in (np.array(y_type), np.array(y_sub)):
        accs = []
        for seed in range(repeats):
            est = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=3000))
            pred = cross_val_predict(est, X, y, cv=KFold(folds, shuffle=True,
                                                         random_state=seed))
            accs.append(float(np.mean(pred == y)))
        model.append(float(np.mean(accs)))
    out["model"] = tuple(model)
    return out


if __name__ == "__main__":
    import sys

    if sys.argv[1] == "--cv":  # instrumentseval.py --cv SET.json SET.json … [CORPORA]
        sets = [a for a in sys.argv[2:] if a.endswith(".json")]
        rest = [a for a in sys.argv[2:] if not a.endswith(".json")]
        cv = cross_validate(sets, Path(rest[0]) if rest else Path("/work/shared/corpora"))
        print(f"{cv['n']} sentences; rules: type {cv['rules'][0]:.1%}, sub-type "
              f"{cv['rules'][1]:.1%}; model, 5×5-fold CV: type {cv['model'][0]:.1%}, "
              f"sub-type {cv['model'][1]:.1%}")
        sys.exit()
    corpora = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/work/shared/corpora")
    r = score(Path(sys.argv[1]), corpora)
    print(f"{sys.argv[1]}: type {r['type']}/{r['n']} ({r['type']/r['n']:.1%}), "
          f"subtype {r['subtype']}/{r['n']} ({r['subtype']/r['n']:.1%})")
    if "-v" in sys.argv:
        for w in r["wrong"]:
            print(" ", w)
