"""The links the link model misses and the false ones it makes, on the labelled real pairs.

For every pair of ``tests/data/links/`` (documents from ../shared/corpora): each gold link
not predicted (a *miss*) and each predicted link the scorer calls false
(:mod:`policytext.compare.evaluate`), with the two units' roles, the first decision's
probability and the evidence the text gives (similarity, best sentence pair, where the
sentences went), sorted into the kinds that ask for different remedies:

- ``review5``: a review unit and a five-year review unit of the other year (either way);
- ``many``: a unit with two or more gold links on either end (a split, merge or regrouping);
- ``one``: a one-to-one continuation.

``OL`` / ``ol`` says whether the old (new) unit has some other link.  With ``--lopo`` each
pair is scored by a model fitted without it (scripts/fit_align.py's leave-one-pair-out,
a few minutes); without it, by the shipped model.  Read-only: writes nothing.

    .venv/bin/python scripts/align_misses.py --lopo [PAIR ...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import fit_align as fa  # noqa: E402


def _kind(ro: str, rn: str, many: bool) -> str:
    if {ro, rn} == {"review", "review5"}:
        return "review5"
    return "many" if many else "one"


def misses(pair: fa.Pair, model) -> list[tuple[str, str]]:
    """Print the misses and false links of one pair; return (kind, line) of each."""
    from policytext.compare.align import compare
    from policytext.compare.evaluate import judge, score_links, unit_links
    from policytext.compare.linking import FEATURES

    cmp = compare(pair.old, pair.new, model=model, overrides=None)
    predicted = unit_links(cmp)
    s = score_links(pair.labels, predicted, pair.old, pair.new)
    ou, nu, feats, _ = pair.units
    oi = {u.path: k for k, u in enumerate(ou)}
    ni = {u.path: k for k, u in enumerate(nu)}
    prob = model.predict_proba(feats)
    ix = {f: k for k, f in enumerate(FEATURES)}
    gold = judge(pair.labels, pair.old, pair.new).gold
    per_old, per_new = Counter(o for o, _ in gold), Counter(n for _, n in gold)
    linked_old, linked_new = {o for o, _ in predicted}, {n for _, n in predicted}
    print(s.line())
    out = []
    for verdict, links in (("miss", s.missed), ("false", s.false_positives)):
        for o, n in links:
            if o not in oi or n not in ni:
                out.append(("unreachable", f"  {verdict:5} unreachable {o} -> {n}"))
                print(out[-1][1])
                continue
            i, j = oi[o], ni[n]
            a, b = ou[i], nu[j]
            kind = _kind(a.role, b.role, per_old[o] > 1 or per_new[n] > 1)
            f = feats[i, j]
            status = ("O" if o in linked_old else "o") + ("L" if n in linked_new else "l")
            line = (f"  {verdict:5} {kind:7} {a.role or '-':>7}->{b.role or '-':7} {status} "
                    f"{o}->{n}  p {prob[i, j]:.3f} sim {f[ix['sim']]:.2f} "
                    f"best sentence {f[ix['sentence_max']]:.2f} "
                    f"votes {f[ix['votes_new']]:.2f}/{f[ix['votes_old']]:.2f} | "
                    f"{a.text[:20]} || {b.text[:20]}")
            out.append((f"{verdict} {kind}", line.replace("\n", " ")))
            print(out[-1][1])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="*", help="pair names (default: every labelled pair)")
    ap.add_argument("--lopo", action="store_true",
                    help="score each pair by a model fitted without it")
    args = ap.parse_args(argv)
    corpora = fa.shared_corpora()
    real = fa.real_pairs(corpora)
    pairs = real + (fa.law_pairs(corpora) + fa.synthetic_pairs() if args.lopo else [])
    if not args.lopo:
        from policytext.compare.linking import default_model

        shipped = default_model()
    kinds: Counter[str] = Counter()
    for p in real:
        if args.pairs and p.name not in args.pairs:
            continue
        model = (fa.fit([q for q in pairs if q is not p], reports=True, laws=False)
                 if args.lopo else shipped)
        kinds.update(k for k, _ in misses(p, model))
    print("by kind:", dict(sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
