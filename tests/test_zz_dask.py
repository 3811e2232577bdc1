"""Ingest on a Dask cluster (a 2-worker LocalCluster): the same database as one job,
files sent as bytes, a killed run resumed, and the CLI's ``--dask``."""

# Named to run last: a dask.distributed Client leaves threads behind after it closes (its
# "IO loop" and "Dask-Offload" threads), and a process with other threads reads documents
# in a spawned child instead of a forked one (policytext.read.limits.start_method) — the
# limits tests that check the forked path must run before this file.

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from storehelp import dump, incomplete_documents, stored_documents, synthetic_corpus

from policytext import store
from policytext.store.ingest import load_source, prepare, prepare_source

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("dask") / "docs"
    synthetic_corpus(folder, docs=16, items=5, seed=3)
    shutil.copy(seed_path, folder / seed_path.name)  # a real document beside them
    first = sorted(folder.glob("synthetic-*.txt"))[0]  # and a sidecar, which travels too
    first.with_name(first.name + ".meta.json").write_text(
        '{"synthetic": true, "made_by": "scripts/make_synthetic_corpus.py"}', encoding="utf-8")
    one = folder.parent / "one.db"
    report = store.ingest([folder], db=one, jobs=1)
    assert len(report.added) == 17 and not report.failed
    return folder, dump(one)


def test_dask_gives_the_database_of_one_job(client, corpus, tmp_path):
    folder, want = corpus
    seen = []
    report = store.ingest([folder], db=tmp_path / "dask.db", dask=client,
                          progress=lambda done, total, path: seen.append((done, total)))
    assert len(report.added) == 17 and not report.failed
    assert dump(tmp_path / "dask.db") == want
    assert seen == [(k, 17) for k in range(1, 18)]
    again = store.ingest([folder], db=tmp_path / "dask.db", dask=client)
    assert len(again.unchanged) == 17 and not again.added  # by content hash


def test_a_task_is_the_file_s_bytes_and_needs_no_disk(corpus, tmp_path):
    folder, _ = corpus
    path = sorted(folder.glob("synthetic-*.txt"))[0]
    src = load_source(path)
    assert src.data == path.read_bytes() and src.sidecar is not None  # synthetic: sidecar
    want = prepare(path)
    moved = tmp_path / "moved"
    shutil.copytree(folder, moved)
    shutil.rmtree(folder)  # the worker has no such file any more
    try:
        got = prepare_source(src)
    finally:
        shutil.copytree(moved, folder)
    assert got == want and got.document["synthetic"] == 1


def test_a_bad_file_fails_alone_on_dask(client, tmp_path, seed_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seed_path, folder / "good.txt")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 not really")
    report = store.ingest([folder], db=tmp_path / "b.db", dask=client)
    assert [p.rsplit("/", 1)[-1] for p in report.added] == ["good.txt"]
    assert [p.rsplit("/", 1)[-1] for p, _ in report.failed] == ["bad.pdf"]



def test_killed_dask_ingest_resumes(corpus, tmp_path):
    """``policytext ingest --dask local`` killed (its whole process group, cluster and
    all) once some documents are in; a rerun stores the rest and the database is the
    one of an uninterrupted run."""
    folder, want = corpus
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytext", "ingest", str(folder), "--db", str(db),
         "--dask", "local", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if db.exists() and stored_documents(db) >= 3:
            break
        time.sleep(0.01)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    present = stored_documents(db)
    assert incomplete_documents(db) == []
    code = subprocess.run(
        [sys.executable, "-m", "policytext", "ingest", str(folder), "--db", str(db),
         "--dask", "local", "--no-progress"], capture_output=True, text=True)
    assert code.returncode == 0, code.stderr
    assert f"{17 - present} added, 0 replaced, {present} unchanged, 0 failed" in code.stderr
    assert dump(db) == want


def test_dask_without_a_scheduler_is_one_error(tmp_path, seed_path, capsys):
    from policytext.cli import main

    code = main(["ingest", str(seed_path), "--db", str(tmp_path / "x.db"),
                 "--dask", "tcp://127.0.0.1:9", "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(err.strip().splitlines()) == 1
