"""Probe 13 F6: out-of-range numbers and missing inputs are one-line usage errors (exit 2);
a missing path inside a batch stays a failure of the batch (exit 1).  SYNTHETIC documents."""

from __future__ import annotations

import pytest
from storehelp import synthetic_corpus

from policytext import store
from policytext.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("args")
    path = root / "s.db"
    store.ingest(synthetic_corpus(root / "in", docs=1, items=3, seed=6), db=path, tag=False)
    return path


@pytest.mark.parametrize("limit", ["99999999999999999999", "-1", "0", "many"])
def test_a_bad_limit_is_a_usage_error(db, limit, capsys):
    assert main(["search", "党", "--db", str(db), "--limit", limit]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: argument --limit: ") and err.count("\n") == 1, err


def test_the_library_takes_any_limit(db):
    many = store.search(db, "党", limit=10**20, offset=0)
    assert len(many) == len(store.search(db, "党", limit=10_000))
    assert len(store.search(db, "党", limit=10**20, offset=10**30, requirements=True)) == 0


def test_a_missing_only_input_is_a_usage_error(tmp_path, capsys):
    missing = tmp_path / "nonexistent"
    assert main(["ingest", str(missing), "--db", str(tmp_path / "n.db"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err == f"error: no such file or folder: {missing}\n"
    assert not (tmp_path / "n.db").exists()


def test_a_missing_path_in_a_batch_is_a_failure_of_the_batch(tmp_path, capsys):
    (good,) = synthetic_corpus(tmp_path / "in", docs=1, items=3, seed=7)
    missing = tmp_path / "nonexistent.txt"
    code = main(["ingest", str(good), str(missing), "--db", str(tmp_path / "b.db"),
                 "--no-progress", "--no-tag"])
    err = capsys.readouterr().err
    assert code == 1 and "1 added" in err and f"failed: {missing}: " in err, err
