"""The import graph runs one way: read → clean → structure → … → web/cli.

Every ``import`` in ``policytext/`` (also those inside functions, which a lazy
import hides from a quick look) is checked against the stage order below: a
module may import its own stage or an earlier one, never a later one.  So a
reader can never again run the cleaning stage's furniture rule, and the data
model never learns about the stages that use it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "policytext"

#: Stages in data-flow order; each entry names top-level modules or subpackages.
STAGES: tuple[tuple[str, ...], ...] = (
    ("errors", "model", "records", "patterns", "_version", "_verbs", "data",
     "visible", "_atomic"),                  # escaping for output; whole-file writes
    ("read",),
    ("clean",),
    ("structure", "kind", "standard"),
    ("pipeline",),                          # composes read → clean → structure
    ("text", "terms", "themes", "estimator", "requirements", "instruments", "issuers"),
    # a corpus hands on its frames (items, requirements, changes): after compare
    ("compare", "render", "corpus", "frames"),
    ("store",),
    ("web", "cli", "__main__", "__init__"),
)
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}


def _unit(module: str) -> str:
    """``policytext.read.pdf`` → ``read``; the package itself → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute policytext module) of every import in ``path`` (or in ``source``,
    read as if it were ``path``)."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names
                      if a.name.split(".")[0] == "policytext"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "policytext":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                # ``from . import themes`` imports a module; ``from . import __version__`` a name
                is_module = (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists() \
                    or (PACKAGE.parent / Path(*sub.split("."))).is_dir()
                found.append((node.lineno, sub if is_module else target))
    return found


def _violations() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _unit(_module_name(path))
        for line, target in _imports(path):
            there = _unit(target)
            if RANK[there] > RANK[here]:
                out.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({here}) imports "
                           f"{target} ({there}), a later stage")
    return out


def test_every_module_has_a_stage():
    units = {_unit(_module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert units - set(RANK) == set()


def test_no_stage_imports_a_later_one():
    assert _violations() == []


def test_readers_import_only_records_errors_patterns_and_their_own_helpers():
    allowed = {"errors", "model", "records", "patterns", "read"}
    bad = [f"{p.name}:{line} imports {target}"
           for p in sorted((PACKAGE / "read").glob("*.py"))
           for line, target in _imports(p) if _unit(target) not in allowed]
    assert bad == []


@pytest.mark.parametrize("source, target", [
    ("from ..clean import Line\n", "policytext.clean"),
    ("from .. import structure\n", "policytext.structure"),
    ("def f():\n    from ..pipeline import build\n", "policytext.pipeline"),
    ("import policytext.clean.layout\n", "policytext.clean.layout"),
])
def test_the_walk_sees_every_form_of_import(source, target):
    """The check itself can fail: a reader importing a later stage, in any spelling, is found."""
    probe = PACKAGE / "read" / "probe.py"  # never written: the source is given
    assert [t for _, t in _imports(probe, source)] == [target]
    assert RANK[_unit(target)] > RANK["read"]
