"""Corpus-level frames (Corpus.items_frame …), the same from a store, and the Parquet export."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import CORPORA

from policytext import store, themes
from policytext.compare import compare
from policytext.corpus import Corpus
from policytext.errors import InputError, StoreError
from policytext.requirements import extract_requirements


def _none(column) -> list:
    """A column's values with pandas' missing markers as None."""
    import pandas as pd

    return [None if pd.isna(v) else v for v in column]


@pytest.fixture(scope="module")
def corpus():
    return Corpus.load(CORPORA)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("frames") / "c.db"
    assert store.ingest([CORPORA], db=path).ok
    return path


def test_items_frame(corpus):
    df = corpus.items_frame()
    want = []
    for e in corpus:
        tags = {t.path: t for t in themes.tag(e.doc, taxonomy="party")}
        if e.doc.preamble:
            want.append((e.path, "preamble", e.doc.preamble, None))
        want += [(e.path, it.path, it.text, tags[it.path].primary) for it in e.doc.items]
    got = list(zip(df["document"], df["path"], df["text"], _none(df["primary"]), strict=True))
    assert got == want
    assert list(df["length"]) == [len(t) for t in df["text"]]
    assert set(df["year"]) == {2024, 2025} and set(df["taxonomy"]) == {"party"}
    row = df[(df["year"] == 2025) & (df["path"] == "四/13")].iloc[0]
    tag = next(t for t in themes.tag(corpus.entries[1].doc, taxonomy="party")
               if t.path == "四/13")
    assert {s.id: s.score for s in tag.themes} == {
        c[len("score_"):]: row[c] for c in df.columns if c.startswith("score_")}


def test_requirements_and_changes_frames(corpus):
    reqs = corpus.requirements_frame()
    want = [(e.path, r.path, r.text) for e in corpus for r in extract_requirements(e.doc)]
    assert list(zip(reqs["document"], reqs["path"], reqs["text"], strict=True)) == want
    changes = corpus.changes_frame()
    (old, new), = corpus.pairs()
    cmp = compare(old.doc, new.doc)
    assert list(changes["type"]) == [c.type for c in cmp.every_change]
    assert set(changes["gap_years"]) == {1}
    split = changes[changes["type"] == "split"].iloc[0]
    assert split["new_paths"].count(" + ") == 1 and "\n" in split["new_text"]


def test_store_frames_match_the_store_and_the_corpus(db, corpus):
    conn = sqlite3.connect(db)
    count = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("documents", "items", "requirements")}
    items = store.items_frame(db)
    assert len(items) == count["items"] and len(store.requirements_frame(db)) == count[
        "requirements"] and len(store.documents_frame(db)) == count["documents"]
    top = items[items["depth"] == 0]
    ours = corpus.items_frame()
    assert list(zip(top["path"], top["text"], _none(top["primary"]), strict=True)) == list(
        zip(ours["path"], ours["text"], _none(ours["primary"]), strict=True))
    assert list(store.changes_frame(db)["type"]) == list(corpus.changes_frame()["type"])


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_reads_back_with_the_store_counts(db, tmp_path, fmt):
    import pandas as pd

    written = store.export(db, tmp_path / "out", format=fmt)
    assert set(written) == {"documents", "items", "requirements", "changes"}
    conn = sqlite3.connect(db)
    for name in ("documents", "items", "requirements"):
        path, rows = written[name]
        n = conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        frame = pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path)
        assert rows == len(frame) == n
    if fmt == "parquet":
        duckdb = pytest.importorskip("duckdb")
        for path, rows in written.values():
            assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall() == [
                (rows,)]
        texts = duckdb.sql(f"SELECT text FROM read_parquet('{written['items'][0]}') "
                           "WHERE path = '四/13'").fetchall()
        assert len(texts) == 1 and "每半年" in texts[0][0]


def test_export_errors(db, tmp_path):
    with pytest.raises(InputError, match="one of parquet, csv"):
        store.export(db, tmp_path, format="xml")
    with pytest.raises(InputError, match="no frame 'x'"):
        store.export(db, tmp_path, frames=("x",))
    (tmp_path / "f").write_text("x")
    with pytest.raises(InputError, match="into a folder"):
        store.export(db, tmp_path / "f")
    with pytest.raises(StoreError, match="no database"):
        store.export(tmp_path / "none.db", tmp_path / "o")


def test_export_cli(db, tmp_path, capsys):
    from policytext.cli import main

    assert main(["export", str(db), "--format", "parquet", "-o", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "items.parquet  33 rows" in out and "documents.parquet  2 rows" in out
    assert main(["export", str(tmp_path / "none.db"), "-o", str(tmp_path / "q")]) == 2
    assert capsys.readouterr().err.startswith("error: no database")
