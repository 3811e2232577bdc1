"""Alignment quality on the hand-labelled real pairs: precision and recall of links.

The labels (tests/data/links/, see its README.md) were written by people who never read
the alignment code; the documents are read from ../shared/corpora (or $POLICYTEXT_SHARED).
Prints one line per pair, then the national, provincial (and law) totals, and the totals
again without the links from last year's review to the five years' review (labelled by the
round-7 convention, tests/data/links/README.md: the part the model finds least); give another
folder of label files to score those instead (a held-out set):

    .venv/bin/python bench/bench_align.py [LABELS_DIR] [--corpora DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policytext.compare.evaluate import evaluate, find_corpora  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", nargs="?", default=str(ROOT / "tests" / "data" / "links"))
    ap.add_argument("--corpora", default=None)
    args = ap.parse_args(argv)
    corpora = Path(args.corpora) if args.corpora else find_corpora(ROOT)
    if corpora is None or not corpora.is_dir():
        print(f"skipped: no corpora folder at {corpora}")
        return 0
    t = time.perf_counter()
    result = evaluate(args.labels, corpora)
    for s in result["pairs"]:
        print(s.line())
    for s in result["totals"]:
        print(s.line())
    print(f"({time.perf_counter() - t:.1f} s)")
    # last year's review → the five years' review (the round-7 convention): the totals
    # without those links beside
    print("without links from last year's review to the five years' review:")
    for s in evaluate(args.labels, corpora, leave_out_roles=("review", "review5"))["totals"]:
        print(s.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
