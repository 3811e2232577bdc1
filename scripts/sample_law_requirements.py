"""Write a fixed-seed sample of 50 law requirements for a blind hand check (issue 10).

Every requirement ``policytext.requirements.extract_requirements`` finds in the
laws of ``../shared/corpora/law-versions`` is listed; 50 are drawn with seed 10
and written as JSON (sentence, article, actor, frequency, strength) for a person
to mark right or wrong without seeing the code.

    .venv/bin/python scripts/sample_law_requirements.py ../shared/corpora -o sample.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import policytext
from policytext.requirements import extract_requirements


def sample(corpora: Path, *, n: int = 50, seed: int = 10) -> list[dict]:
    found = []
    for path in sorted((corpora / "law-versions").glob("*/*.md")):
        doc = policytext.read(path)
        for req in extract_requirements(doc):
            article = doc.item(req.path)
            sentence = next((s for s in article.sentences if req.text in s), req.text)
            found.append({"file": path.relative_to(corpora).as_posix(), "article": req.path,
                          "sentence": re.sub(r"\s+", "", sentence), "clause": req.text,
                          "actor": req.actor, "actor_source": req.actor_source,
                          "frequency": req.frequency, "strength": req.strength})
    return random.Random(seed).sample(found, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    rows = sample(args.corpora)
    note = ("50 requirements drawn with seed 10 from every law of law-versions; mark each "
            "right if the clause is an obligation/prohibition/permission (应当/必须/不得/禁止/"
            "可以) of the article, the actor is who the article names as bound (null is right "
            "only if the article names no one), the frequency and strength fit.")
    args.output.write_text(json.dumps({"note": note, "sample": rows}, ensure_ascii=False,
                                      indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} requirements to {args.output}")


if __name__ == "__main__":
    main()
