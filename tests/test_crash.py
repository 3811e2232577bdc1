"""kill -9 during ingest: the database stays sound and a re-run finishes the job.

Twenty trials kill an ``ingest`` subprocess (its whole process group, so also its
workers when ``--jobs 2``) at a random point of a 200-document SYNTHETIC corpus.
Most trials run with ``--no-tag`` (theme tagging costs ~0.1 s a document and
adds rows, not transactions); two run the full pipeline with themes and
requirements.
After each kill the database must open, pass ``PRAGMA integrity_check`` and
FTS5's full integrity check, hold only complete documents, and a second ingest
must finish the rest and give exactly the database of an uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from storehelp import dump, incomplete_documents, stored_documents, synthetic_corpus

from policytext import store

TRIALS = 20
DOCS = 200


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    folder = root / "docs"
    synthetic_corpus(folder, docs=DOCS, items=4, seed=7)
    clean = {}
    for tag in (False, True):
        db = root / f"clean-{tag}.db"
        report = store.ingest([folder], db=db, tag=tag, jobs=2)
        assert len(report.added) == DOCS and not report.failed
        clean[tag] = dump(db)
    assert clean[True]["counts"]["requirements"] > clean[False]["counts"]["requirements"] == 0
    return root, folder, clean



@pytest.mark.slow
def test_kill_9_at_random_points_then_resume(corpus):
    root, folder, clean = corpus
    rng = random.Random(9)
    killed_midway = 0
    for trial in range(TRIALS):
        db = root / f"trial{trial}.db"
        jobs = 2 if trial % 5 == 4 else 1
        tag = trial in (3, 14)
        target = rng.randrange(0, DOCS)          # kill once this many documents are in
        proc = subprocess.Popen(
            [sys.executable, "-m", "policytext", "ingest", str(folder), "--db", str(db),
             "--jobs", str(jobs), "--no-progress", *([] if tag else ["--no-tag"])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if target == 0 or (db.exists() and stored_documents(db) >= target):
                break
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.02))        # land anywhere inside the next document
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # it finished first: then it must have finished well
            assert proc.wait() == 0, trial
        proc.wait()

        if db.exists():
            conn = store.connect(db)  # opens (and recovers the WAL)
            assert store.integrity_check(conn) == [], trial
            conn.close()
            assert incomplete_documents(db) == [], trial
        present = stored_documents(db) if db.exists() else 0
        killed_midway += 0 < present < DOCS

        report = store.ingest([folder], db=db, tag=tag)
        assert not report.failed
        assert len(report.added) + len(report.unchanged) == DOCS
        assert len(report.unchanged) == present, trial
        conn = store.connect(db)
        assert store.integrity_check(conn) == [], trial
        conn.close()
        assert dump(db) == clean[tag], trial
    assert killed_midway >= TRIALS // 2  # most kills landed in the middle of the batch
