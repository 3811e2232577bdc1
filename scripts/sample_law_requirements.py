"""Write a fixed-seed sample of 50 law requirements for a blind hand check (issue 10).

Every requirement ``policytext.requirements.extract_requirements`` finds in the
laws of ``../shared/corpora/law-versions`` is listed; 50 are drawn with a fixed
seed and written as JSON (the article's text, the sentence, the clause, actor,
frequency, strength, action) for a person to mark right or wrong without seeing
the code.  ``--exclude`` leaves out every clause of an earlier sample (in any
version of a law: the same words in the 2015 and the 2023 text are one
requirement), so a second sample measures clauses never looked at; a clause that
reads the same in two versions is drawn at most once.

    .venv/bin/python scripts/sample_law_requirements.py ../shared/corpora -o sample.json
    .venv/bin/python scripts/sample_law_requirements.py ../shared/corpora --seed 20 \\
        --exclude /work/labels/law-req-sample.json -o sample2.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import policytext
from policytext.requirements import extract_requirements

NOTE = ("50 requirements drawn with seed {seed} from every law of law-versions{fresh}; mark "
        "each right if the clause is an obligation/prohibition/permission (应当/必须/不得/禁止/"
        "可以) of the article, the actor is who the article names as bound (null is right "
        "only if the article names no one), the strength (must = 必须/不得/禁止, should = 应当, "
        "encouraged = 可以) and the action fit.")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sample(corpora: Path, *, n: int = 50, seed: int = 10,
           exclude: frozenset[str] = frozenset()) -> list[dict]:
    found, seen = [], set()
    for path in sorted((corpora / "law-versions").glob("*/*.md")):
        doc = policytext.read(path)
        for req in extract_requirements(doc):
            article = doc.item(req.path)
            sentence = next((s for s in article.sentences if req.text in s), req.text)
            key = (_flat(req.text), _flat(sentence))
            if _flat(req.text) in exclude or key in seen:
                continue
            seen.add(key)
            found.append({"file": path.relative_to(corpora).as_posix(), "article": req.path,
                          "article_text": article.text, "sentence": _flat(sentence),
                          "clause": req.text, "actor": req.actor,
                          "actor_source": req.actor_source, "frequency": req.frequency,
                          "strength": req.strength, "action": req.action})
    return random.Random(seed).sample(found, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="an earlier sample whose clauses are left out")
    args = parser.parse_args()
    exclude = frozenset(_flat(row["clause"]) for path in args.exclude
                        for row in json.loads(path.read_text("utf-8"))["sample"])
    rows = sample(args.corpora, seed=args.seed, exclude=exclude)
    fresh = ", none of whose clauses is in an earlier sample" if exclude else ""
    note = NOTE.format(seed=args.seed, fresh=fresh)
    args.output.write_text(json.dumps({"note": note, "sample": rows}, ensure_ascii=False,
                                      indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} requirements to {args.output}")


if __name__ == "__main__":
    main()
