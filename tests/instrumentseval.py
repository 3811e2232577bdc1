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


def _gold_subtype(entry: dict) -> str | None:
    """The labelled sub-type, ``None`` for none (a labeller may write it ``"none"``)."""
    sub = entry.get("subtype")
    return None if entry["type"] == "none" or sub in (None, "", "none") else sub


def score(path: Path, corpora: Path) -> dict:
    """Type and sub-type accuracy, and the rows that disagree."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = []
    for e in data["sentences"]:
        c = predict(e, corpora)
        rows.append((e, c))
    n = len(rows)
    type_ok = sum(c.type == e["type"] for e, c in rows)
    sub_ok = sum((c.subtype or None) == _gold_subtype(e) for e, c in rows)
    wrong = [(e["type"], _gold_subtype(e), c.type, c.subtype, c.evidence, e["text"])
             for e, c in rows if (c.subtype or None) != _gold_subtype(e)]
    return {"n": n, "type": type_ok, "subtype": sub_ok, "wrong": wrong}


def features(entry: dict, corpora: Path, *, ngrams: bool = True) -> tuple[dict, object]:
    """The features a model would learn from, and the rule coder's code of the sentence:
    the coder's type, sub-type and reason; each sub-type's weight in the sentence and in its
    lead clause, each type's; whether it opens with a directive; character 1- and 2-grams of
    the lead clause and 2-grams of the sentence."""
    from policytext import instruments
    from policytext.patterns import fold

    book = instruments.load_codebook()
    kinds = {s.id: s.type for s in book.subtypes}
    c = predict(entry, corpora)
    text = entry["text"]
    f = {f"rule_type={c.type}": 1.0, f"rule_sub={c.subtype}": 1.0,
         f"reason={c.reason or 'measure'}": 1.0}
    folded = fold(text)
    d = book.directive.match(instruments._lead_text(folded)) if book.directive else None
    verb = d.group() if d else None
    frame, lead = instruments._lead_spans(folded)
    head = folded[frame:lead]
    for prefix, part in (("w", text), ("lw", head)):
        for sid, v in instruments._scores(part, book, directive=verb)[0].items():
            f[f"{prefix}:{sid}"] = v
            f[f"{prefix}t:{kinds.get(sid, sid)}"] = f.get(f"{prefix}t:{kinds.get(sid, sid)}",
                                                          0.0) + v
    if verb:
        f["directive"] = 1.0
    if not ngrams:
        return f, c
    for n in (1, 2):
        for i in range(len(head) - n + 1):
            f["L:" + head[i:i + n]] = 1.0
    for i in range(len(folded) - 1):
        f["S:" + folded[i:i + 2]] = 1.0
    return f, c


def cross_validate(paths, corpora: Path, *, folds: int = 5, repeats: int = 5,
                   C: float = 1.0, ngrams: bool = True) -> dict:
    """Would a model generalise better than the rules?  A scikit-learn logistic regression
    (type) on :func:`features`, scored leave-one-set-out (fit on the other sets, score
    this one) and by ``repeats`` × ``folds``-fold cross-validation on all the sets
    together; beside each, the rule coder's accuracy on the same sentences (the rules were
    tuned looking at every set, so theirs is an in-sample figure).  Returns
    {"loso": {set: (n, rules, model)}, "cv": (n, rules, model)}."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    sets = {}
    for path in paths:
        rows = []
        for e in json.loads(Path(path).read_text(encoding="utf-8"))["sentences"]:
            f, c = features(e, corpora, ngrams=ngrams)
            rows.append((f, e["type"], c.type))
        sets[Path(path).stem.removeprefix("instruments-")] = rows

    def fit_predict(train, test):
        vec = DictVectorizer()
        model = LogisticRegression(C=C, max_iter=5000)
        model.fit(vec.fit_transform([r[0] for r in train]), [r[1] for r in train])
        return model.predict(vec.transform([r[0] for r in test]))

    def acc(pred, rows):
        return float(np.mean([p == r[1] for p, r in zip(pred, rows, strict=True)]))

    out: dict = {"loso": {}}
    for held, rows in sets.items():
        train = [r for name, rs in sets.items() if name != held for r in rs]
        out["loso"][held] = (len(rows), acc([r[2] for r in rows], rows),
                             acc(fit_predict(train, rows), rows))
    rows = [r for rs in sets.values() for r in rs]
    accs = []
    for seed in range(repeats):
        pred = [None] * len(rows)
        for train, test in KFold(folds, shuffle=True, random_state=seed).split(rows):
            for i, p in zip(test, fit_predict([rows[i] for i in train],
                                              [rows[i] for i in test]), strict=True):
                pred[i] = p
        accs.append(acc(pred, rows))
    out["cv"] = (len(rows), acc([r[2] for r in rows], rows), float(np.mean(accs)))
    return out


#: The codebook as first written from the literature, before any labelled set was seen.
FIRST_CODEBOOK = "b94634d"
#: The codebook at the end of the third round: its words not in the first were added
#: looking at labelled sentences (those of the fourth round come from the definitions).
THIRD_ROUND_CODEBOOK = "40c6c7a"


def _without(**fields):
    """Patch: the shipped codebook with ``fields`` replaced (neutral=(), …)."""
    def patch(stack):
        import dataclasses

        from policytext import instruments

        book = dataclasses.replace(instruments._builtin_codebook(), **fields)
        stack.enter_context(_setattr(instruments, "_builtin_codebook", lambda: book))
    return patch


def _set(module: str, name: str, value):
    def patch(stack):
        import importlib

        stack.enter_context(_setattr(importlib.import_module(module), name, value))
    return patch


def _setattr(obj, name, value):
    from unittest import mock

    return mock.patch.object(obj, name, value)


class _NoMatch:
    """A regex stand-in that never matches."""

    def match(self, *_a):
        return None

    search = match

    def finditer(self, *_a):
        return iter(())


#: The coder's mechanisms, each switched off (or set otherwise) by a patch: what
#: :func:`ablate` measures set by set, to keep only the rules that pay on sets they were
#: not tuned on.
ABLATIONS = {
    "lead factor 1": [_set("policytext.instruments", "LEAD_FACTOR", 1.0)],
    "no frame clause": [_set("policytext.instruments", "_RE_FRAME", _NoMatch())],
    "modifier factor 1": [_set("policytext.instruments", "MODIFIER_FACTOR", 1.0)],
    "field factor 1": [_set("policytext.instruments", "FIELD_FACTOR", 1.0)],
    "no directive": [_without(directive=None)],
    "directive weight 0.5": [_set("policytext.instruments", "DIRECTIVE_WEIGHT", 0.5)],
    "no neutral": [_without(neutral=(), neutral_patterns=())],
    "no out of scope": [_without(out_of_scope=())],
    "no definition": [_set("policytext.instruments", "_RE_DEFINITION", _NoMatch())],
    "no statement": [_set("policytext.requirements", "clause_kind",
                          lambda *_a, **_k: "requirement")],
    "no review lead": [_set("policytext.requirements", "_RE_REVIEW_LEAD", _NoMatch())],
    "no forward turn": [_set("policytext.instruments", "_RE_FORWARD", _NoMatch())],
    "no heading line": [_set("policytext.instruments", "_is_heading_line", lambda _t: False)],
    # fifth round
    "no verb-phrase head": [_set("policytext.instruments", "_RE_VERB_PHRASE", _NoMatch())],
    "no evaluation": [_set("policytext.instruments", "_RE_EVALUATION", _NoMatch())],
    "no target list": [_set("policytext.instruments", "_RE_TARGETS", _NoMatch())],
    "no source title lines": [_set("policytext.instruments", "_title_lines",
                                   lambda _d: frozenset())],
}


def ablate(paths, corpora: Path, names=None) -> dict:
    """Type accuracy per set with each of ``ABLATIONS`` (or ``names``) applied, beside the
    shipped coder's: {variant: {set: (n, type right)}}, "shipped" first."""
    from contextlib import ExitStack

    sets = {Path(p).stem.removeprefix("instruments-"): p for p in paths}
    out = {}
    for name in ("shipped", *(names or ABLATIONS)):
        with ExitStack() as stack:
            for patch in ABLATIONS.get(name, ()):
                patch(stack)
            _document_codes.cache_clear()
            out[name] = {}
            for s, p in sets.items():
                r = score(Path(p), corpora)
                out[name][s] = (r["n"], r["type"])
        _document_codes.cache_clear()
    return out


def _words(book) -> set[str]:
    return {w for s in book.subtypes for w in (*s.keywords, *s.field, *s.weak)} | {
        *book.out_of_scope, *book.neutral, *book.not_tools}


def _codebook_words(revision: str) -> set[str]:
    import subprocess

    from policytext import instruments
    from policytext.patterns import fold

    raw = subprocess.run(["git", "show", f"{revision}:policytext/data/instruments.toml"],
                         capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent).stdout
    return {fold(w) for w in _words(instruments._parse_codebook(raw, revision))}


def vocabulary_loso(paths, corpora: Path, *, first: str = FIRST_CODEBOOK,
                    tuned: str = THIRD_ROUND_CODEBOOK) -> dict:
    """How much of the coder's accuracy on a set is its vocabulary learnt from that set?
    For each set H: the shipped codebook less the words added to it between ``first`` (the
    git revision of the codebook written from the literature) and ``tuned`` (the end of the
    rounds that looked at labelled sets) that occur in a sentence of H and in no sentence
    of the other sets — the words H could have taught —
    and H scored with that codebook: {set: (n, type shipped, type without, words dropped)}.
    The rules (weights, patterns) stay as they are, so this is an upper bound."""
    import dataclasses

    from policytext import instruments
    from policytext.patterns import fold

    learnt = _codebook_words(tuned) - _codebook_words(first)
    book = instruments._builtin_codebook()
    texts = {Path(p).stem.removeprefix("instruments-"):
             [fold(e["text"]) for e in json.loads(Path(p).read_text(encoding="utf-8"))
              ["sentences"]] for p in paths}
    out = {}
    for held, path in zip(texts, paths, strict=True):
        others = [t for name, ts in texts.items() if name != held for t in ts]

        def taught(w, held=held, others=others):
            k = fold(w)
            return (k in learnt and any(k in t for t in texts[held])
                    and not any(k in t for t in others))

        dropped = sorted({w for w in _words(book) if taught(w)})

        def keep(ws, dropped=dropped):
            return tuple(w for w in ws if w not in dropped)

        less = dataclasses.replace(
            book, subtypes=tuple(dataclasses.replace(s, keywords=keep(s.keywords),
                                                     field=keep(s.field), weak=keep(s.weak))
                                 for s in book.subtypes),
            out_of_scope=keep(book.out_of_scope), neutral=keep(book.neutral))
        shipped = score(Path(path), corpora)
        with _setattr(instruments, "_builtin_codebook", lambda less=less: less):
            _document_codes.cache_clear()
            r = score(Path(path), corpora)
        _document_codes.cache_clear()
        out[held] = (r["n"], shipped["type"], r["type"], dropped)
    return out


def loso_selection(table: dict, held: str) -> list[str]:
    """The ablations of :func:`ablate`'s ``table`` that a tuner looking only at the other
    sets would make: those that score more than the shipped coder on them together."""
    base = sum(k for s, (_n, k) in table["shipped"].items() if s != held)
    return [name for name, row in table.items() if name != "shipped"
            and sum(k for s, (_n, k) in row.items() if s != held) > base]


if __name__ == "__main__":
    import sys

    if sys.argv[1] == "--ablate":  # instrumentseval.py --ablate SET.json … [CORPORA]
        sets = [a for a in sys.argv[2:] if a.endswith(".json")]
        rest = [a for a in sys.argv[2:] if not a.endswith(".json")]
        table = ablate(sets, Path(rest[0]) if rest else Path("/work/shared/corpora"))
        base = table["shipped"]
        for name, row in table.items():
            cells = "  ".join(f"{s} {k:3d}/{n} ({k - base[s][1]:+d})"
                              for s, (n, k) in row.items())
            print(f"{name:22s} {cells}")
        for held in base:
            kept = loso_selection(table, held)
            print(f"held out {held}: switched off, looking at the others: "
                  f"{', '.join(kept) or 'nothing'}")
        sys.exit()
    if sys.argv[1] == "--vocabulary":  # instrumentseval.py --vocabulary SET.json … [CORPORA]
        sets = [a for a in sys.argv[2:] if a.endswith(".json")]
        rest = [a for a in sys.argv[2:] if not a.endswith(".json")]
        table = vocabulary_loso(sets, Path(rest[0]) if rest else Path("/work/shared/corpora"))
        for name, (n, shipped, without, dropped) in table.items():
            print(f"{name} ({n}): type {shipped} shipped, {without} without the "
                  f"{len(dropped)} words only it could have taught ({'、'.join(dropped)})")
        sys.exit()
    if sys.argv[1] == "--cv":  # instrumentseval.py --cv SET.json SET.json … [CORPORA]
        sets = [a for a in sys.argv[2:] if a.endswith(".json")]
        rest = [a for a in sys.argv[2:] if not a.endswith(".json")]
        cv = cross_validate(sets, Path(rest[0]) if rest and rest[0] != "--no-ngrams"
                            else Path("/work/shared/corpora"), ngrams="--no-ngrams" not in rest)
        for name, (n, rules, model) in cv["loso"].items():
            print(f"held out {name} ({n}): rules type {rules:.1%}; model fitted on the "
                  f"others {model:.1%}")
        n, rules, model = cv["cv"]
        print(f"all {n}: rules type {rules:.1%}; model 5×5-fold CV {model:.1%}")
        sys.exit()
    rest = [a for a in sys.argv[2:] if not a.startswith("-")]
    corpora = Path(rest[0]) if rest else Path("/work/shared/corpora")
    r = score(Path(sys.argv[1]), corpora)
    print(f"{sys.argv[1]}: type {r['type']}/{r['n']} ({r['type']/r['n']:.1%}), "
          f"subtype {r['subtype']}/{r['n']} ({r['subtype']/r['n']:.1%})")
    if "-v" in sys.argv:
        for w in r["wrong"]:
            print(" ", w)
