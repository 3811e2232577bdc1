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


if __name__ == "__main__":
    import sys

    corpora = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/work/shared/corpora")
    r = score(Path(sys.argv[1]), corpora)
    print(f"{sys.argv[1]}: type {r['type']}/{r['n']} ({r['type']/r['n']:.1%}), "
          f"subtype {r['subtype']}/{r['n']} ({r['subtype']/r['n']:.1%})")
    if "-v" in sys.argv:
        for w in r["wrong"]:
            print(" ", w)
