"""Load scripts/make_synthetic.py (the generator of synthetic pairs) for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "scripts" / "make_synthetic.py"


def load():
    if "make_synthetic" in sys.modules:
        return sys.modules["make_synthetic"]
    spec = importlib.util.spec_from_file_location("make_synthetic", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_synthetic"] = module
    spec.loader.exec_module(module)
    return module


def truth_set(truth) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {(t["type"], tuple(t["old"]), tuple(t["new"])) for t in truth}


def change_set(cmp) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {(c.type, c.old, c.new) for c in cmp.changes}
