"""The corpus database: schema, settings, ingest (hashes, replacement, bad files, jobs)."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest
from storehelp import dump, incomplete_documents, synthetic_corpus

import policytext
from policytext import store
from policytext.cli import main
from policytext.errors import StoreError


@pytest.fixture()
def seed_db(tmp_path, seed_path):
    db = tmp_path / "seed.db"
    report = store.ingest([seed_path], db=db)
    assert report.added == (str(seed_path.resolve()),)
    return db


def test_connection_settings_are_explicit(tmp_path):
    conn = store.connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL, set on purpose
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == store.schema.BUSY_TIMEOUT_MS


def test_schema_opens_as_ordinary_tables(seed_db, seed_doc):
    conn = sqlite3.connect(seed_db)  # plain sqlite3, no policytext code
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "sections", "items", "sentences", "requirements", "item_themes",
            "removals", "ingest_log", "item_search", "fts_words", "fts_trigram"} <= names
    title, year, series, issuer = conn.execute(
        "SELECT title, year, series, issuer FROM documents").fetchone()
    assert (title, year, issuer) == (seed_doc.title, 2025, seed_doc.issuer)
    assert series == "江苏省科技社团党的建设工作要点"
    # the preamble (总体要求) first, searchable like an item, then the items
    paths = [r[0] for r in conn.execute("SELECT path FROM items WHERE depth = 0 ORDER BY seq")]
    assert paths == ["preamble"] + [it.path for it in seed_doc.items]
    texts = [r[0] for r in conn.execute("SELECT text FROM items ORDER BY seq")]
    assert texts == [seed_doc.preamble] + [it.text for it in seed_doc.iter_items(deep=True)]
    sentences = [r[0] for r in conn.execute(
        "SELECT s.text FROM sentences s JOIN items i ON i.id = s.item_id ORDER BY i.seq, s.seq")]
    assert sentences == [seed_doc.preamble] + [
        s for it in seed_doc.iter_items(deep=True) for s in it.sentences]
    removals = [tuple(r) for r in conn.execute(
        "SELECT kind, text, replacement FROM removals ORDER BY seq")]
    assert removals == [(r.kind, r.text, r.replacement) for r in seed_doc.removed]
    assert removals  # the seed has a stamped-in link, page furniture, „‟ brackets
    sections = [tuple(r) for r in conn.execute("SELECT path, title FROM sections ORDER BY seq")]
    assert sections == [("preamble", "")] + [(s.path, s.title) for s in seed_doc.iter_sections()]


@pytest.mark.parametrize("order", [("2014", "2017"), ("2017", "2014")])
def test_ingest_unifies_a_series_under_two_titles(tmp_path, order):
    # Whichever comes first, a folder's 政府工作报告 joins its 国务院政府工作报告.
    titles = {"2014": "2014年国务院政府工作报告", "2017": "2017年政府工作报告"}
    folder = tmp_path / "reports"
    folder.mkdir()
    db = tmp_path / "s.db"
    for year in order:
        path = folder / f"{year}.txt"
        path.write_text(f"{titles[year]}\n\n一、工作回顾\n\n（一）稳定增长。加强调控。\n",
                        encoding="utf-8")
        store.ingest([path], db=db, tag=False)
    rows = sqlite3.connect(db).execute("SELECT year, series FROM documents ORDER BY year")
    assert rows.fetchall() == [(2014, "国务院政府工作报告"), (2017, "国务院政府工作报告")]


def test_series_are_unified_only_within_one_folder_and_issuer(tmp_path):
    # the writer's look-up of a folder's stored series is filtered in SQL (issue 15):
    # a subfolder's report keeps its own series, the same folder's joins it
    titles = {"a/2014": "2014年国务院政府工作报告", "a/sub/2017": "2017年政府工作报告",
              "a/2019": "2019年政府工作报告"}
    db = tmp_path / "s.db"
    for name, title in titles.items():
        path = tmp_path / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{title}\n\n一、工作回顾\n\n（一）稳定增长。加强调控。\n",
                        encoding="utf-8")
        store.ingest([path], db=db, tag=False)
    rows = sqlite3.connect(db).execute("SELECT year, series FROM documents ORDER BY year")
    assert rows.fetchall() == [(2014, "国务院政府工作报告"), (2017, "政府工作报告"),
                               (2019, "国务院政府工作报告")]


REPORT = ("2025年政府工作报告\n\n一、今年工作任务\n\n"
          "（一）着力扩大国内需求。稳定经济增长，促进消费，扩大有效投资，推动财政金融协同。\n\n"
          "（二）加快建设现代化产业体系。推动科技创新和产业创新融合，培育新质生产力。\n\n"
          "（三）持续保障和改善民生。稳定就业，办好教育，完善社会保障和医疗卫生服务。\n")


def test_ingest_tags_each_document_with_the_taxonomy_that_fits(tmp_path, seed_path, capsys):
    from policytext.themes import load_taxonomy

    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    db = tmp_path / "t.db"
    store.ingest([report, seed_path], db=db)
    rows = sqlite3.connect(db).execute(
        "SELECT d.name, t.theme FROM item_themes t JOIN items i ON i.id = t.item_id "
        "JOIN documents d ON d.id = i.doc_id").fetchall()
    assert {t for n, t in rows if n == "report.txt"} == set(load_taxonomy("government").ids)
    assert {t for n, t in rows if n == seed_path.name} == set(load_taxonomy("party").ids)
    forced = tmp_path / "f.db"
    store.ingest([report], db=forced, taxonomy="party")
    assert {r[0] for r in sqlite3.connect(forced).execute("SELECT theme FROM item_themes")} == set(
        load_taxonomy("party").ids)
    assert main(["ingest", str(report), "--db", str(tmp_path / "x.db"), "--taxonomy", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no taxonomy 'nope'") and err.count("\n") == 1


def test_stored_record_rebuilds_the_document(seed_db, seed_doc):
    conn = sqlite3.connect(seed_db)
    record = conn.execute("SELECT json FROM documents").fetchone()[0]
    rebuilt = policytext.Document.from_json(record)
    assert rebuilt.to_dict() == dict(seed_doc.to_dict(), source=rebuilt.source)


def test_documented_schema_names_every_table():
    doc = store.schema.__doc__
    conn = sqlite3.connect(":memory:")
    for statement in store.schema._statements(store.SCHEMA):
        conn.execute(statement)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table') "
                                "AND name NOT LIKE 'fts_%\\_%' ESCAPE '\\'"):
        assert f"``{name}``" in doc, name


def test_unchanged_file_does_nothing(tmp_path, seed_path, seed_db):
    before = dump(seed_db)
    report = store.ingest([seed_path], db=seed_db)
    assert report.unchanged == (str(seed_path.resolve()),) and not report.added
    assert dump(seed_db) == before
    log = [tuple(r) for r in sqlite3.connect(seed_db).execute(
        "SELECT path, action, sha256 FROM ingest_log ORDER BY id")]
    digest = policytext.read(seed_path).sha256
    # skipped by hash before reading, and logged as such (ingest_log's documentation)
    assert log == [(str(seed_path.resolve()), "added", digest),
                   (str(seed_path.resolve()), "unchanged", digest)]


def test_changed_file_replaces_its_old_version(tmp_path, seed_path):
    path = tmp_path / "doc.txt"
    shutil.copy(seed_path, path)
    db = tmp_path / "c.db"
    store.ingest([path], db=db)
    assert [h.path for h in store.search(db, "三会一课")] == ["一/5"]
    text = path.read_text(encoding="utf-8").replace("三会一课", "四会两课")
    path.write_text(text, encoding="utf-8")
    report = store.ingest([path], db=db)
    assert report.replaced == (str(path.resolve()),)
    assert store.search(db, "三会一课") == []
    assert [h.path for h in store.search(db, "四会两课")] == ["一/5"]
    conn = store.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 15 + 1  # + preamble
    assert store.integrity_check(conn) == []
    # The replacement equals a fresh ingest of the new file.
    fresh = tmp_path / "fresh.db"
    store.ingest([path], db=fresh)
    assert dump(fresh)["documents"] == dump(db)["documents"]


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path, seed_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / "a-seed.txt")
    (folder / "b-broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    (folder / "c-empty.docx").write_bytes(b"")
    shutil.copy(seed_path, folder / "d-seed-copy.txt")
    db = tmp_path / "b.db"
    report = store.ingest([folder], db=db)
    assert [p.rsplit("/", 1)[-1] for p in report.added] == ["a-seed.txt", "d-seed-copy.txt"]
    assert sorted(p.rsplit("/", 1)[-1] for p, _ in report.failed) == ["b-broken.pdf",
                                                                     "c-empty.docx"]
    logged = sqlite3.connect(db).execute(
        "SELECT count(*) FROM ingest_log WHERE action = 'failed'").fetchone()[0]
    assert logged == 2
    code = main(["ingest", str(folder), "--db", str(tmp_path / "cli.db"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    assert "2 added, 0 replaced, 0 unchanged, 2 failed" in err
    assert err.count("failed: ") == 2 and "Traceback" not in err


def test_missing_path_is_a_failure_not_a_crash(tmp_path, capsys):
    # the only input missing: nothing to read, a usage error (probe 13 F6); a missing path
    # beside good ones is a failure of the batch, exit 1 (tests/test_cli_args.py)
    code = main(["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.db")])
    assert code == 2
    assert capsys.readouterr().err.startswith("error: no such file or folder: ")


def test_jobs_give_the_same_database(tmp_path):
    paths = synthetic_corpus(tmp_path / "syn", docs=12, items=6)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = store.ingest(paths, db=one, jobs=1)
    r2 = store.ingest(paths, db=two, jobs=2)
    assert len(r1.added) == len(r2.added) == 12 and r1.items == r2.items == 12 * (6 + 1)
    assert dump(one) == dump(two)
    # input order is kept: ids follow the order of the paths
    conn = sqlite3.connect(two)
    assert [r[0] for r in conn.execute("SELECT path FROM documents ORDER BY id")] == [
        str(p.resolve()) for p in paths]


def test_workers_submit_and_yield_in_order():
    # submitted in input order, so the first result (written first) is the first to be
    # ready; a largest-first submission made the writer wait for the smallest file and
    # write everything at the end
    from concurrent.futures import Future

    from policytext.store.workers import _in_order

    submitted = []

    def submit(task):
        submitted.append(task)
        fut = Future()
        fut.set_result(task.upper())
        return fut

    tasks = ["bb", ("bad", "cannot read"), "a", "dddd", "ccc", "ee", "f"]
    out = list(_in_order(tasks, submit, 5, lambda: None))
    assert submitted == ["bb", "a", "dddd", "ccc", "ee", "f"]
    assert out == ["BB", ("bad", "cannot read"), "A", "DDDD", "CCC", "EE", "F"]


def test_progress_bar_reports_each_file(tmp_path, seed_path):
    import io

    from policytext.cli._output import ProgressBar

    stream = io.StringIO()
    store.ingest([seed_path], db=tmp_path / "p.db", progress=ProgressBar(stream))
    assert stream.getvalue().endswith("] 1/1 2025-江苏省科技社团党的建设工作要点.txt\x1b[K\n")


def test_default_db_comes_from_the_environment(tmp_path, seed_path, monkeypatch):
    monkeypatch.setenv("POLICYTEXT_DB", str(tmp_path / "env.db"))
    assert main(["ingest", str(seed_path), "--no-progress"]) == 0
    assert (tmp_path / "env.db").exists()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICYTEXT_DB")
    assert main(["ingest", str(seed_path), "--no-progress"]) == 0
    assert (tmp_path / "policytext.db").exists()


def test_integrity_check_catches_text_changed_behind_the_index(seed_db):
    conn = store.connect(seed_db)
    assert store.integrity_check(conn) == []
    # item_search has no UPDATE trigger: a direct update leaves both indexes stale.
    conn.execute("UPDATE item_search SET folded = '完全不同的文字', words = '完全 不同 文字' "
                 "WHERE item_id = (SELECT id FROM items WHERE path = '一/5')")
    problems = store.integrity_check(conn)
    assert len(problems) == 2
    assert problems[0].startswith("fts_words:") and problems[1].startswith("fts_trigram:")
    assert all("database disk image is malformed" in p for p in problems)


def test_not_a_database_is_a_store_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        store.connect(bad)
    with pytest.raises(StoreError, match="no database at"):
        store.search(tmp_path / "absent.db", "党")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)")
    with pytest.raises(StoreError, match="not a policytext database"):
        store.search(other, "党")


def test_two_writers_and_a_reader_are_never_locked(tmp_path):
    """Two ingest processes write while this process searches: nobody sees 'locked'."""
    import subprocess
    import sys

    a = synthetic_corpus(tmp_path / "a", docs=10, items=6, seed=1)
    b = synthetic_corpus(tmp_path / "b", docs=10, items=6, seed=2)
    db = tmp_path / "shared.db"
    store.connect(db).close()
    errors: list[BaseException] = []
    stop = threading.Event()
    searches = [0]

    def reader():
        try:
            while not stop.is_set():
                store.search(db, "党支部")
                searches[0] += 1
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    r = threading.Thread(target=reader)
    r.start()
    writers = [subprocess.Popen([sys.executable, "-m", "policytext", "ingest", *map(str, paths),
                                 "--db", str(db), "--no-progress"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for paths in (a, b)]
    outputs = [w.communicate(timeout=300) for w in writers]
    stop.set()
    r.join()
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert all("locked" not in err for _, err in outputs)
    assert errors == []
    assert searches[0] > 0
    conn = store.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 20
    assert store.integrity_check(conn) == [] and incomplete_documents(db) == []


def test_a_database_of_another_schema_version_is_refused(tmp_path, capsys):
    db = tmp_path / "old.db"
    store.connect(db).execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="has schema version 1; this policytext reads version 7"):
        store.connect(db)
    assert main(["search", "党", "--db", str(db)]) == 2
    assert "ingest the documents into a new database" in capsys.readouterr().err


def test_law_versions_are_marked_and_the_older_superseded(tmp_path, shared_corpora):
    """Regression: the record's revisions became frozen maps, and no law was versioned."""
    folder = shared_corpora / "law-versions" / "体育法"
    db = tmp_path / "laws.db"
    store.ingest([folder], db=db, tag=False)
    rows = sqlite3.connect(db).execute(
        "SELECT year, versioned, version_date, superseded FROM documents ORDER BY year")
    assert rows.fetchall() == [(2016, 1, "2016-11-07", 1), (2022, 1, "2022-06-24", 0)]
    assert {h.year for h in store.search(db, "学校体育")} == {2022}
    assert {h.year for h in store.search(db, "学校体育", all_versions=True)} == {2016, 2022}


@pytest.mark.parametrize("paths, labels", [
    (["/srv/a/corpora/2024.txt", "/srv/a/corpora/2025.txt"],
     ["corpora/2024.txt", "corpora/2025.txt"]),
    (["/srv/a/corpora/2024.txt", "/srv/a/other/x/2025.txt"],
     ["a/corpora/2024.txt", "a/other/x/2025.txt"]),
    # a clone under /ci/work/… and a temporary folder share only /: names alone
    (["/ci/work/repo/corpora/2024.txt", "/tmp/pytest-of-x/served0/2025.txt"],
     ["2024.txt", "2025.txt"]),
    (["/tmp/ci1/fresh/corpora/2024.txt", "/tmp/pytest-of-x/served0/2025.txt"],
     ["2024.txt", "2025.txt"]),
])
def test_source_labels_never_show_a_path_from_the_top(paths, labels):
    import sqlite3

    from policytext.store.browse import source_labels

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT)")
    conn.executemany("INSERT INTO documents (id, path) VALUES (?, ?)", enumerate(paths, 1))
    got = source_labels(conn, {1, 2})
    assert [got[1], got[2]] == labels


def test_import_policytext_does_not_load_compare_or_the_corpus():
    # issue 15: the serial part of ``ingest --jobs 2`` — the top-level verbs load on first use
    import subprocess
    import sys

    code = ("import sys, policytext; heavy = sorted(m for m in sys.modules if m.split('.')[:2] "
            "in (['policytext', 'compare'], "
            "['policytext', 'instruments'], ['policytext', 'requirements'], "
            "['policytext', 'corpus'])); print(heavy); "
            "print(callable(policytext.compare), policytext.read.__module__, "
            "policytext.Corpus.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["[]", "True policytext.pipeline policytext.corpus"]


def _place_series_whole_folder(conn, prep):
    """The writer's series placement as first written: every stored series of the folder
    and issuer read and unified with the new one (the reference for the narrowed read)."""
    from policytext.corpus import unify_series

    series = prep.document["series"]
    if series is None:
        return None, set()
    from pathlib import Path

    folder, issuer = str(Path(prep.path).parent), prep.document["issuer"]
    rows = [(i, s, y) for i, p, s, y in conn.execute(
        "SELECT id, path, series, year FROM documents WHERE series IS NOT NULL "
        "AND issuer IS ? ORDER BY path", (issuer,)) if str(Path(p).parent) == folder]
    names = {series: [prep.document["year"]]}
    for _, s, y in rows:
        names.setdefault(s, []).append(y)
    renamed = unify_series(names)
    for doc_id, s, _ in rows:
        if s in renamed:
            conn.execute("UPDATE documents SET series = ? WHERE id = ?", (renamed[s], doc_id))
    return renamed.get(series, series), {s for s in renamed if s != series}


def test_series_placement_reads_only_the_names_that_can_unify(tmp_path, monkeypatch):
    # the writer reads only the stored series a new one can be unified with (issue 15: a
    # folder of 10,000 series read whole per document was quadratic); the series it
    # stores are those of reading the whole folder, whatever order the files come in
    import importlib
    import random

    ingest_module = importlib.import_module("policytext.store.ingest")
    rng = random.Random(15)
    issuers = ["", "", "国务院", "中共中央", "中华人民共和国", "上海市", "江苏省人民", "测试协会"]
    titles = ["政府工作报告", "人民政府工作报告", "工作要点"]
    # first a fixed case: 政府工作报告 stored after two longer forms keeps its name, and a
    # third longer form must not take it (its other longer forms are read too)
    # (a title's province or county is its issuer, so these prefixes are ones with none)
    fixed = ["2015年国务院政府工作报告", "2016年中共中央政府工作报告", "2014年政府工作报告",
             "2017年中华人民共和国政府工作报告"]
    for trial in range(4):
        folder = tmp_path / f"f{trial}"
        folder.mkdir()
        files = []
        for k in range(len(fixed) if trial == 0 else 9):
            title = fixed[k] if trial == 0 else (f"{rng.choice([2014, 2015, 2016, 2017])}年"
                                                 f"{rng.choice(issuers)}{rng.choice(titles)}")
            path = folder / f"{k:02d}.txt"
            path.write_text(f"{title}\n\n一、工作回顾\n\n（一）稳定增长。加强调控。\n",
                            encoding="utf-8")
            files.append(path)
        if trial:
            rng.shuffle(files)
        got = {}
        for name, place in (("narrow", ingest_module._place_series),
                            ("whole", _place_series_whole_folder)):
            monkeypatch.setattr(ingest_module, "_place_series", place)
            db = tmp_path / f"{name}{trial}.db"
            for path in files:
                store.ingest([path], db=db, tag=False)
            got[name] = sqlite3.connect(db).execute(
                "SELECT path, series FROM documents ORDER BY path").fetchall()
        assert got["narrow"] == got["whole"]
        if trial:
            assert len({s for _, s in got["whole"]}) < len(files)  # some were unified
