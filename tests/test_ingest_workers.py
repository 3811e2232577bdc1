"""``ingest --jobs N``'s workers: forked warm, the first documents read ahead while the
parent warms, and the database and failures the same as with one job."""

from __future__ import annotations

import os
import shutil

from storehelp import dump, synthetic_corpus

from policytext import store
from policytext.store import workers
from policytext.store.ingest import prepare_task, read_task


def _read_or_die(task):
    if task.endswith("die"):
        os._exit(3)
    return task.upper()


def test_read_ahead_gives_the_database_and_failures_of_one_job(tmp_path, seed_path,
                                                                 monkeypatch):
    folder = tmp_path / "docs"
    synthetic_corpus(folder, docs=6, items=4, seed=5)
    shutil.copy(seed_path, folder / "real.txt")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 not really")  # fails in the reading stage
    seen = []
    outcomes = workers._ReadAhead.outcomes

    def spy(self):
        got = outcomes(self)
        seen.append(sorted(kind for kind, _ in got.values()))
        return got

    monkeypatch.setattr(workers._ReadAhead, "outcomes", spy)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = store.ingest([folder], db=one, jobs=1)
    assert seen == []  # one job reads nothing ahead
    r2 = store.ingest([folder], db=two, jobs=2)
    assert len(seen) == 1 and seen[0].count("error") <= 1  # bad.pdf, if it was read ahead
    assert r1.added == r2.added and len(r1.added) == 7
    assert r1.failed == r2.failed and [p.rsplit("/", 1)[-1] for p, _ in r2.failed] == ["bad.pdf"]
    assert dump(one) == dump(two)


def test_a_read_ahead_outcome_fails_the_way_reading_fails(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    want = prepare_task(str(bad))
    try:
        read_task(str(bad))
    except Exception as exc:
        got = prepare_task(str(bad), read=("error", exc))
    assert isinstance(want, tuple) and got == want


def test_a_read_ahead_document_is_prepared_as_it_would_be(seed_path):
    doc = read_task(str(seed_path))
    assert prepare_task(str(seed_path), read=("ok", doc)) == prepare_task(str(seed_path))


def test_read_ahead_stops_when_told_and_a_dead_reader_costs_nothing():
    tasks = [f"t{k}" for k in range(4)]
    ahead = workers._ReadAhead(_read_or_die, tasks)
    got = ahead.outcomes()  # (it may have read any number of them when it was stopped)
    assert [got[id(t)] for t in tasks if id(t) in got] == [
        ("ok", t.upper()) for t in tasks[:len(got)]]
    tasks = ["a", "b-die", "c"]
    assert workers._ReadAhead(_read_or_die, tasks).outcomes() == {}  # each prepared anew
