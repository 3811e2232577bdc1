"""Build policytext/data/training/party-seed.json from the bundled seed (corpora/).

The default party-theme model is trained on demand from this file (deterministic,
a fraction of a second), so the package needs no pickled model.  Run from the
repository root:  python scripts/build_training_data.py  (the output is checked
by tests/test_themes.py, so a stale file fails the suite).
"""

from __future__ import annotations

import json
from pathlib import Path

import policytext
from policytext.themes import training_record

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"
OUT = ROOT / "policytext" / "data" / "training" / "party-seed.json"


def build() -> dict:
    doc = policytext.read(SEED)
    return {
        "about": "Items of the founding 2025 Jiangsu science-society party work points "
                 "(corpora/), grouped by section; the default 'party' theme model is "
                 "trained on their weak labels. Built by scripts/build_training_data.py.",
        "documents": [training_record(doc)],
    }


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
