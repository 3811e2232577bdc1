"""The README is the user's manual: it shows the two set-up commands and every CLI command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policytext.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_readme_opens_with_the_two_commands():
    head = README[:800]
    assert "make demo" in head and "make test" in head


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command):
    assert re.search(rf"policytext {command}\b", README), f"README does not show {command!r}"


def test_the_python_api_example_prints_what_the_readme_says(capsys, monkeypatch):
    """The README's "Python API" block runs from the repository root, and each print gives
    the output written in the comment lines after it."""
    root = Path(__file__).resolve().parent.parent
    section = README[README.index("## Python API"):]
    block = section[section.index("```python") + len("```python"):]
    block = block[:block.index("```")]
    expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    monkeypatch.chdir(root)
    exec(compile(block, "README.md (Python API)", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed == expected
