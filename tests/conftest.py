"""Shared fixtures: the founding sample and its gold, the shared corpora, a tokenizer.

The founding sample is the project's own: the seed is ``corpora/`` (a copy of
``../shared/seed/000_959617dea5a7a9d8.txt``) and its gold ``tests/data/seed-2025.json``
(a copy of ``../shared/gold/seed-2025.json``), so the founding tests always run.
The real documents of ``../shared/corpora`` are never copied into this
repository: tests that need them skip when it is absent, except in CI
(``CI=true``), where a missing ``../shared`` fails them loudly instead of
turning them into skips.
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
GOLD = ROOT / "tests" / "data" / "seed-2025.json"
SHARED_GOLD = SHARED / "gold" / "seed-2025.json"
SHARED_CORPORA = SHARED / "corpora"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def need_shared(path: Path, what: str = "") -> Path:
    """``path`` under ``../shared``, or a skip when it is absent — a failure in CI."""
    if not path.exists():
        message = f"{what or path} is absent (looked in {SHARED})"
        if in_ci():
            pytest.fail(f"{message}: CI needs ../shared (or POLICYTEXT_SHARED)", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    return need_shared(SHARED_CORPORA, "../shared/corpora")


@pytest.fixture()
def fresh_tokenizer():
    """The corpus tokenizer as built, for a test that adds terms to it: the terms go
    when the test ends, so no other test depends on the order tests run in."""
    from policytext import text

    text.forget_terms()
    yield text.tokenizer()
    text.forget_terms()


@pytest.fixture(scope="session")
def seed_doc():
    import policytext

    return policytext.read(SEED)
