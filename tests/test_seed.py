"""The founding document parses to the gold, through the library and the CLI."""

from __future__ import annotations

import json

from goldcheck import differences

import policytext
from policytext.cli import main
from policytext.pipeline import conservation


def test_seed_equals_gold(seed_doc, gold):
    assert differences(seed_doc.to_dict(), gold) == []


def test_seed_cli_json_equals_gold(seed_path, gold, capsys):
    assert main(["parse", str(seed_path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert differences(out, gold) == []
    assert [it["path"] for s in out["sections"] for it in s["items"]][:6] == [
        "一/1", "一/2", "一/3", "一/4", "一/5", "二/6"]


def test_seed_conserves_characters(seed_path, seed_doc):
    raw = seed_path.read_text(encoding="utf-8")
    chars_in, accounted = conservation(raw, seed_doc)
    assert chars_in == accounted


def test_seed_json_round_trip(seed_doc):
    again = policytext.Document.from_json(seed_doc.to_json())
    assert again == seed_doc


def test_seed_other_encodings(seed_path, gold, tmp_path):
    text = seed_path.read_text(encoding="utf-8")
    for enc in ("gb18030", "utf-16", "utf-16-le", "utf-8-sig"):
        path = tmp_path / f"seed-{enc}.txt"
        path.write_bytes(text.encode(enc))
        doc = policytext.read(path)
        assert differences(doc.to_dict(), gold) == [], enc


def test_seed_pages(seed_doc):
    assert seed_doc.pages == 10
    assert seed_doc.item("一/1").pages == (2, 3)
    assert seed_doc.item("四/15").pages == (9, 9)


# -- the founding sample is the project's own: no ../shared needed, no silent skips ----------

def _pytest(args: list[str], tmp_path, ci: bool):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["POLICYTEXT_SHARED"] = str(tmp_path / "no-shared")  # as in a clone without ../shared
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_seed_tests_run_without_shared(tmp_path):
    run = _pytest(["tests/test_seed.py", "-k", "not _without_shared and not _fail_in_ci"],
                  tmp_path, ci=True)
    assert run.returncode == 0, run.stdout[-2000:]
    assert "passed" in run.stdout and "skipped" not in run.stdout


def test_tests_needing_shared_fail_in_ci(tmp_path):
    test = "tests/test_compare_shared.py::test_provincial_2025_2026_pairs"
    run = _pytest([test], tmp_path, ci=True)
    assert run.returncode == 1 and "CI needs ../shared" in run.stdout, run.stdout[-2000:]
    run = _pytest([test], tmp_path, ci=False)
    assert run.returncode == 0 and "1 skipped" in run.stdout, run.stdout[-2000:]
