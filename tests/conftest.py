"""Shared fixtures: paths to the bundled corpus, the shared gold and the shared corpora.

Tests that need ``../shared`` skip cleanly when it is absent (it is never copied
into this repository).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED = CORPORA / "2025-江苏省科技社团党的建设工作要点.txt"


def _find_shared() -> Path:
    """``../shared`` next to the checkout (or further up, for git worktrees); env overrides."""
    env = os.environ.get("POLICYTEXT_SHARED")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        if (parent / "shared" / "gold").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED = _find_shared()
GOLD = SHARED / "gold" / "seed-2025.json"
SHARED_CORPORA = SHARED / "corpora"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.exists():
        pytest.skip("../shared/gold is absent")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    if not SHARED_CORPORA.exists():
        pytest.skip("../shared/corpora is absent")
    return SHARED_CORPORA


@pytest.fixture(scope="session")
def seed_doc():
    import policytext

    return policytext.read(SEED)
