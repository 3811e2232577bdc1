"""Settings of the connections search reads through."""

from __future__ import annotations

from policytext import store
from policytext.store.schema import READ_MMAP


def test_read_connections_map_the_file_and_writers_do_not(tmp_path, seed_path):
    db = tmp_path / "m.db"
    store.ingest([seed_path], db=db, tag=False)
    reader = store.connect(db, readonly=True)
    mapped = reader.execute("PRAGMA mmap_size").fetchone()[0]
    assert 0 < mapped <= READ_MMAP  # SQLite caps it at its compile-time limit
    assert store.connect(db).execute("PRAGMA mmap_size").fetchone()[0] == 0
    assert [h.path for h in store.search(reader, "三会一课")] == ["一/5"]
