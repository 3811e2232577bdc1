"""Build the default theme models' weights: policytext/data/models/<name>-default.npz.

- ``party``: trained on policytext/data/training/party-seed.json (see
  build_training_data.py) with the shipped taxonomy and dictionary;
- ``government``: trained on the weak labels of the national work reports of
  ``../shared/corpora/national-work-reports`` (2014–2022).  They are public documents
  that are not ours to ship, so only the weights ship, with the SHA-256 digest of the
  files they were fit on (``training`` in the file); the key hashes that digest.

The weights are plain numpy arrays (no pickle) with a key hashing their inputs, so a
stale file is ignored (party is then retrained from its training set; government is
fit on the documents being tagged, once per content).  Run from the repository root
after changing a taxonomy, the dictionary or a training set:

    python scripts/build_model.py [party] [government] [--shared ../shared/corpora]

tests/test_themes.py checks that a fresh build gives the shipped weights.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from policytext import themes

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "policytext" / "data" / "models"
OUT = MODELS / "party-default.npz"
#: The government model's weights are stored as float32: the file is half the size and the
#: scores (rounded to 4 decimals) are the same.
DTYPES = {"party": "float64", "government": "float32"}


def default_shared() -> Path:
    """``../shared/corpora`` next to the checkout (or further up, for git worktrees)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared" / "corpora"
    return ROOT.parent / "shared" / "corpora"


def government_files(shared: Path | None = None) -> list[Path]:
    return sorted((shared or default_shared()).joinpath("national-work-reports").glob("*.txt"))


def training_digest(files: list[Path]) -> str:
    """The documents a model was fit on: their names and the SHA-256 of their bytes."""
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.name}\x00{hashlib.sha256(f.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def build(name: str = "party", shared: Path | None = None
          ) -> tuple[themes.ThemeModel, str | None]:
    """The fitted model and its training digest (None for a shipped training set)."""
    import policytext

    tax = themes.load_taxonomy(name)
    if name == "party":
        return themes.train(themes.training_set("party-seed"), taxonomy=tax), None
    files = government_files(shared)
    if not files:
        raise SystemExit(f"no national work reports under {shared or default_shared()}")
    docs = [policytext.read(f) for f in files]
    return (themes.train(docs, taxonomy=tax, **themes._SHIPPED[name]),
            training_digest(files))


def write(name: str, shared: Path | None = None) -> Path:
    model, training = build(name, shared)
    out = MODELS / f"{name}-default.npz"
    themes.save_weights(model, out, key=themes.shipped_key(name, training), training=training,
                        dtype=DTYPES[name])
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", default=["party", "government"])
    ap.add_argument("--shared", type=Path, default=None)
    args = ap.parse_args()
    for name in args.names:
        out = write(name, args.shared)
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size} bytes)")
