"""``tables --db`` and ``graph --db``: from the store, the same output as from the folder.

The corpus is copied into a temporary folder, ingested, and each command is run on the
folder and on the database; the outputs (every CSV file, the whole graph) must be the
same.  The stored tags are used, not made again (the tagger is made to fail), and tags
stored under another taxonomy are not used (the tables are still those of the folder).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from synth import load

import policytext.themes as themes
from policytext.cli import main
from policytext.store import ingest

SYN = load()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in SYN.DEMO_OLD.parent.iterdir():
        if f.is_file():
            shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tables-db")
    folder = _folder(tmp)
    db = tmp / "corpus.db"
    ingest(sorted(folder.iterdir()), db=db)
    return folder, db


def _csvs(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.csv"))}


def _no_tagging(*args, **kwargs):
    raise AssertionError("tagged again")


def test_tables_from_the_store_are_the_tables_of_the_folder(stored, tmp_path, monkeypatch):
    folder, db = stored
    assert main(["tables", str(folder), "-o", str(tmp_path / "folder")]) == 0
    monkeypatch.setattr(themes, "tag_documents", _no_tagging)  # the stored tags serve
    assert main(["tables", "--db", str(db), "-o", str(tmp_path / "db")]) == 0
    want = _csvs(tmp_path / "folder")
    assert "theme_shares.csv" in want and "changes.csv" in want
    assert _csvs(tmp_path / "db") == want


def test_graph_from_the_store_is_the_graph_of_the_folder(stored, tmp_path, monkeypatch):
    folder, db = stored
    assert main(["graph", str(folder), "-o", str(tmp_path / "folder.json")]) == 0
    monkeypatch.setattr(themes, "tag_documents", _no_tagging)
    assert main(["graph", "--db", str(db), "-o", str(tmp_path / "db.json")]) == 0
    want = json.loads((tmp_path / "folder.json").read_text(encoding="utf-8"))
    assert any(n.get("kind") == "theme" for n in want["nodes"])
    assert json.loads((tmp_path / "db.json").read_text(encoding="utf-8")) == want


def test_tags_of_another_taxonomy_are_not_used(tmp_path, monkeypatch, capsys):
    folder = _folder(tmp_path)
    db = tmp_path / "gov.db"
    ingest(sorted(folder.iterdir()), db=db, taxonomy="government")  # not what tables picks
    assert main(["tables", str(folder), "-o", str(tmp_path / "folder")]) == 0
    assert main(["tables", "--db", str(db), "-o", str(tmp_path / "db")]) == 0
    assert _csvs(tmp_path / "db") == _csvs(tmp_path / "folder")
    monkeypatch.setattr(themes, "tag_documents", _no_tagging)  # so they were tagged again
    capsys.readouterr()
    assert main(["tables", "--db", str(db), "-o", str(tmp_path / "again")]) != 0
    assert "tagged again" in capsys.readouterr().err


def test_stored_tags_are_the_tagger_s_output(stored):
    from policytext.store.browse import stored_corpus

    _, db = stored
    corpus = stored_corpus(db, like_folder=True)
    assert sorted(corpus.tags) == sorted(e.path for e in corpus)
    for e in corpus:
        tax = themes.document_taxonomy(e.doc)
        key, text = corpus.tags[e.path]
        assert key == themes.taxonomy_key(tax)
        assert themes.tags_from_json(text) == themes.tag(e.doc)


def test_tables_needs_a_folder_or_a_db(tmp_path, capsys):
    assert main(["tables", "-o", str(tmp_path / "t")]) == 2
    assert "give a corpus folder or --db" in capsys.readouterr().err
