"""Build policytext/data/models/party-default.npz: the default party model's weights.

The weights come from training on policytext/data/training/party-seed.json (see
build_training_data.py) with the shipped taxonomy and dictionary; they are saved
as plain numpy arrays (no pickle) with a key hashing those inputs, so a stale
file is ignored (and the model retrained on demand).  Run from the repository
root after changing the taxonomy, the dictionary or the training set:
    python scripts/build_model.py
tests/test_themes.py checks that a fresh build gives the shipped weights.
"""

from __future__ import annotations

from pathlib import Path

from policytext import themes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "policytext" / "data" / "models" / "party-default.npz"


def build() -> themes.ThemeModel:
    tax = themes.load_taxonomy("party")
    return themes.train(themes.training_set("party-seed"), taxonomy=tax)


if __name__ == "__main__":
    themes.save_weights(build(), OUT, key=themes.shipped_key("party"))
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")
