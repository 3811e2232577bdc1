"""How far two blind labellers agree on the links of a pair: the ceiling of issue 11's figures.

``tests/data/links/agreement/`` holds a second labelling, by a helper who had read neither
the tool nor the first labels, of pairs already in ``tests/data/links/`` (same instructions,
the five-year-review convention included).  Each labelling's links are mapped onto the
reader's units (:func:`policytext.compare.evaluate.judge`) and scored as a prediction
against the other, as the tool is scored; the tool's own links are scored against both.

    .venv/bin/python scripts/label_agreement.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policytext.compare.align import compare  # noqa: E402
from policytext.compare.evaluate import (  # noqa: E402
    find_corpora, judge, label_files, load_labels, score_links, unit_links)
from policytext.pipeline import read  # noqa: E402


def _links(labels, old, new) -> set[tuple[str, str]]:
    """A labelling's links between units, those whose two ends the reader has."""
    return {g for g in judge(labels, old, new).gold if "?" not in (g[0][0], g[1][0])}


def main() -> int:
    corpora = find_corpora(ROOT)
    if corpora is None:
        print("no shared corpora found (set POLICYTEXT_SHARED)", file=sys.stderr)
        return 2
    for path in label_files(ROOT / "tests" / "data" / "links" / "agreement"):
        second = load_labels(path)
        first = load_labels(ROOT / "tests" / "data" / "links" / path.name)
        old, new = read(corpora / first.old), read(corpora / first.new)
        tool = unit_links(compare(old, new))
        print(path.stem)
        for what, labels, predicted in (
                ("second as prediction, first as truth", first, _links(second, old, new)),
                ("first as prediction, second as truth", second, _links(first, old, new)),
                ("tool, first labels as truth", first, tool),
                ("tool, second labels as truth", second, tool)):
            s = score_links(labels, predicted, old, new)
            print(f"  {what:38} P {s.precision:.3f}  R {s.recall:.3f}  "
                  f"(tp {s.tp}, fp {s.fp}, gold {s.gold}, unjudged {s.unjudged})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
