"""The store under faults: hostile names, unreadable files, concurrent creation, damaged
databases and JSON, a full disk, control characters on the terminal (issue 13)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from storehelp import dump, incomplete_documents, synthetic_corpus

from policytext import store
from policytext.cli import main
from policytext.errors import StoreError

GBK_NAME = "2024年数据安全工作要点".encode("gbk") + b".txt"   # an archive unzipped from Windows
LONG_NAME = "长" * 82 + ".txt"                                # 82 × 3 + 4 = 250 bytes


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policytext", *args], capture_output=True,
                          cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> list[Path]:
    """Three SYNTHETIC documents (scripts/make_synthetic_corpus.py)."""
    return synthetic_corpus(tmp_path_factory.mktemp("good"), docs=3, items=4, seed=13)


def hostile_folder(root: Path, good: list[Path]) -> tuple[Path, dict[str, str]]:
    """Good files under a GBK name, a 250-byte name and a plain name, plus unreadable ones."""
    folder = root / "in"
    folder.mkdir()
    texts = [p.read_bytes() for p in good]
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "wb") as f:
        f.write(texts[0])
    (folder / LONG_NAME).write_bytes(texts[1])
    (folder / "good.txt").write_bytes(texts[2])
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")   # unreadable: no target
    os.mkfifo(folder / "pipe.txt")                                # would block a reader
    bad = {"dangling.txt": "cannot read: No such file or directory",
           "pipe.txt": "cannot read: not a regular file"}
    if os.geteuid() != 0:  # root reads a mode-000 file anyway
        (folder / "locked.txt").write_bytes(texts[2])
        (folder / "locked.txt").chmod(0)
        bad["locked.txt"] = "cannot read: Permission denied"
    return folder, bad


def test_a_batch_never_stops_for_one_file(tmp_path, good):
    folder, bad = hostile_folder(tmp_path, good)
    db = tmp_path / "h.db"
    run = cli("ingest", str(folder), "--db", str(db), "--no-progress")
    assert run.returncode == 1, run.stderr
    err = run.stderr.decode("utf-8")  # everything printed is valid UTF-8 …
    lines = err.splitlines()
    assert lines[0].startswith(f"3 added, 0 replaced, 0 unchanged, {len(bad)} failed; ")
    failed = sorted(lines[1:])
    assert failed == sorted(f"failed: {folder.resolve() / name}: {why}"
                            for name, why in bad.items())
    # … and the undecodable name is stored bytes-faithfully, shown with escapes
    conn = sqlite3.connect(db)
    rows = {r[0]: r[1] for r in conn.execute("SELECT name, path_bytes FROM documents")}
    shown = GBK_NAME.decode("utf-8", "backslashreplace")
    assert rows == {shown: os.fsencode(folder.resolve()) + b"/" + GBK_NAME, LONG_NAME: None,
                    "good.txt": None}
    log = sorted((Path(p).name, a) for p, a in conn.execute(
        "SELECT path, action FROM ingest_log"))
    assert log == sorted([(shown, "added"), (LONG_NAME, "added"), ("good.txt", "added")]
                         + [(name, "failed") for name in bad])
    assert incomplete_documents(db) == []
    # the stored items are those of the good files
    import policytext

    stored = sorted(r[0] for r in conn.execute("SELECT text FROM items"))
    assert stored == sorted([policytext.read(p).preamble for p in good]
                            + [it.text for p in good
                               for it in policytext.read(p).iter_items(deep=True)])
    # a second run: the good ones are unchanged, the bad ones fail again, once each
    again = cli("ingest", str(folder), "--db", str(db), "--no-progress")
    assert again.returncode == 1
    assert again.stderr.decode().splitlines()[0].startswith(
        f"0 added, 0 replaced, 3 unchanged, {len(bad)} failed; ")


def _ingest_at_once(db: Path, folders: list[Path]) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "policytext", "ingest", str(f), "--db",
                               str(db), "--no-progress", "--no-tag"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for f in folders]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def _equal_content(a: Path, b: Path) -> None:
    da, db_ = dump(a), dump(b)
    assert da == db_


@pytest.mark.slow
def test_simultaneous_ingests_into_a_new_database(tmp_path, good):
    """Ten trials of two ingests at once into a new database; then three and four at once
    on new and existing databases: all succeed and equal a clean ingest."""
    folder = good[0].parent
    clean = tmp_path / "clean.db"
    store.ingest([folder], db=clean, tag=False)
    for trial in range(10):
        db = tmp_path / f"t{trial}.db"
        runs = _ingest_at_once(db, [folder, folder])
        assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
        assert all(b"locked" not in r.stderr for r in runs)
        _equal_content(db, clean)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".t")) == []
    for n in (3, 4):
        db = tmp_path / f"n{n}.db"
        assert [r.returncode for r in _ingest_at_once(db, [folder] * n)] == [0] * n
        _equal_content(db, clean)
        assert [r.returncode for r in _ingest_at_once(db, [folder] * n)] == [0] * n  # existing
        _equal_content(db, clean)


def _flip(db: Path, offset: int, length: int = 16) -> None:
    with open(db, "r+b") as f:
        f.seek(offset)
        data = f.read(length)
        f.seek(offset)
        f.write(bytes(b ^ 0xFF for b in data))


def _page_of(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                        (table,)).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return (root - 1) * page_size


@pytest.fixture()
def small_db(tmp_path, good):
    db = tmp_path / "d.db"
    store.ingest(good, db=db, tag=True)
    return db


def _damage_indexed_text(db: Path) -> None:
    """Change characters of one item's search key in the file (valid UTF-8 still)."""
    conn = sqlite3.connect(db)
    chars = conn.execute("SELECT chars FROM item_search ORDER BY item_id LIMIT 1").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    needle = chars[:20].encode("utf-8")
    data = db.read_bytes()
    at = data.index(needle)
    damaged = "".join("错" if len(c.encode()) == 3 else c for c in chars[:20]).encode("utf-8")
    assert len(damaged) == len(needle) and damaged != needle
    db.write_bytes(data[:at] + damaged + data[at + len(needle):])


@pytest.mark.parametrize("where", ["items", "item_search", "fts_trigram_data"])
def test_ingest_refuses_a_database_with_flipped_bytes(tmp_path, small_db, good, where):
    if where == "item_search":
        _damage_indexed_text(small_db)
    else:
        _flip(small_db, _page_of(small_db, where))
    if where == "item_search":  # bytes inside the indexed text: only the FTS check sees them
        conn = sqlite3.connect(small_db)
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        conn.close()
    before = small_db.read_bytes()
    extra = tmp_path / "extra.txt"
    shutil.copy(good[0], extra)
    run = cli("ingest", str(extra), "--db", str(small_db), "--no-progress")
    err = run.stderr.decode()
    assert run.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: {small_db} is damaged (")
    assert "rebuild it by ingesting the documents into a new database" in err
    assert small_db.read_bytes() == before  # nothing written
    # search: a typed error, one line
    found = cli("search", "党", "--db", str(small_db))
    if found.returncode != 0:  # a flip the query never reads is not seen by a search
        assert found.returncode == 2 and found.stderr.decode().count("\n") == 1
        assert found.stderr.decode().startswith("error: ")
        with pytest.raises(StoreError, match="is damaged"):
            store.search(small_db, "党", limit=100_000)


@pytest.mark.parametrize("table, column", [("item_themes", "evidence"),
                                           ("documents", "json"),
                                           ("documents", "warnings")])
def test_a_json_column_damaged_by_hand_is_a_typed_error(small_db, table, column, capsys):
    conn = sqlite3.connect(small_db)
    conn.execute(f"UPDATE {table} SET {column} = '{{\"broken'")
    conn.commit()
    conn.close()
    from policytext.store import browse

    conn = store.connect(small_db, readonly=True)
    item_id = conn.execute("SELECT min(id) FROM items WHERE depth = 0 AND path != 'preamble'"
                           ).fetchone()[0]
    if table == "item_themes":
        with pytest.raises(StoreError, match=f"damaged JSON in {table}.{column}"):
            store.search(small_db, "党")
        with pytest.raises(StoreError, match=f"damaged JSON in {table}.{column}"):
            browse.get_item(conn, item_id)
        assert main(["search", "党", "--db", str(small_db)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1
    elif column == "json":
        with pytest.raises(StoreError, match="damaged JSON in documents.json"):
            browse.load_document(conn, 1)
    # ingest refuses to write into it
    with pytest.raises(StoreError, match=f"is damaged \\(damaged JSON in {table}.{column}"):
        store.ingest([Path(__file__)], db=small_db)


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


FULL_DISK = r"""
set -e
mkdir -p "$ROOT/small"
mount -t tmpfs -o size=$SIZE tmpfs "$ROOT/small"
cd "$ROOT/small"
set +e
"$PY" -m policytext ingest "$DOCS" --db corpus.db --no-progress --no-tag 2> "$ROOT/err.txt"
echo "rc=$?" > "$ROOT/rc.txt"
ls -a > "$ROOT/ls.txt"
"$PY" -m policytext search 党 --db corpus.db > "$ROOT/search.txt" 2> "$ROOT/search-err.txt"
echo "rc=$?" >> "$ROOT/rc.txt"
"""


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rm (user namespaces)")
@pytest.mark.parametrize("size", ["24k", "180k", "600k"])
def test_disk_full_is_one_line_and_leaves_nothing_half_made(tmp_path, size):
    """A real full disk: a tiny tmpfs in a private mount namespace (unshare -rm).

    24k cannot hold the schema; 180k fills during the first documents; 600k later."""
    docs = tmp_path / "docs"
    synthetic_corpus(docs, docs=12, items=12, seed=3)
    env = dict(os.environ, ROOT=str(tmp_path), SIZE=size, PY=sys.executable,
               DOCS=str(docs))
    subprocess.run(["unshare", "-rm", "bash", "-c", FULL_DISK], env=env, check=True,
                   timeout=600, cwd=Path(__file__).resolve().parent.parent)
    err = (tmp_path / "err.txt").read_text()
    codes = (tmp_path / "rc.txt").read_text().split()
    listing = set((tmp_path / "ls.txt").read_text().split())
    assert codes[0] == "rc=2", err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: disk full: ") and "corpus.db" in err
    assert not [n for n in listing if n.endswith(".tmp")]  # no half-made temporary file
    search_err = (tmp_path / "search-err.txt").read_text()
    if "corpus.db" not in listing:  # not even the schema fitted: nothing was left
        assert codes[1] == "rc=2" and search_err.startswith("error: no database at")
    else:  # what was stored before the disk filled is complete and searchable
        assert codes[1] == "rc=0", search_err


CONTROL = {"ESC": "\x1b]0;owned\x07\x1b[2J", "CR": "\r", "NUL": "\x00", "RLO": "\u202e"}


def test_no_raw_control_character_reaches_the_terminal(tmp_path):
    folder = tmp_path / "ctl"
    folder.mkdir()
    def text(body: str) -> str:
        return ("各单位：\n现将《2025年控制字符测试工作要点》印发给你们。\n"
                f"一、第一部分\n1．测试控制{body}字符条目。内容{body}包括数据安全。\n")

    names = ["esc\x1b[2Jname.txt", "cr\rname.txt", "rlo\u202etxt.exe.txt",
             "newline\nfailed: forged.txt"]
    for name in names:
        (folder / name).write_text(text(CONTROL["ESC"] + CONTROL["CR"] + CONTROL["RLO"]),
                                   encoding="utf-8")
    # NUL bytes make a text file binary: refused by the reader, a failure like any other
    (folder / "nul.txt").write_text(text("".join(CONTROL.values())), encoding="utf-8")
    (folder / "bad\x1b]0;x\x07\nfailed: forged.pdf").write_bytes(b"%PDF-1.7 broken")
    db = tmp_path / "c.db"
    outputs = [cli("ingest", str(folder), "--db", str(db), "--no-progress"),
               cli("ingest", str(folder), "--db", str(db), "--progress")]
    for fmt in ("text", "json", "csv"):
        outputs.append(cli("search", "测试控制", "--db", str(db), "--format", fmt))
    outputs.append(cli("search", "数据安全", "--db", str(db)))
    for run in outputs:
        for stream in (run.stdout, run.stderr):
            shown = stream.decode("utf-8")
            raw = [c for c in shown if c not in "\n" and (ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0
                                                           or c in "\u202e\u2066\u200f")]
            # the progress bar's own \r and erase-line are the only controls allowed
            if "--progress" in run.args:
                shown = shown.replace("\r[", "[").replace("\x1b[K", "")
                raw = [c for c in shown if c != "\n" and (ord(c) < 0x20 or c == "\u202e")]
            assert raw == [], (run.args, shown)
    first = outputs[0].stderr.decode()
    # one failure, one line: the newline in the name never forges a report line
    assert first.splitlines()[0].startswith("4 added, 0 replaced, 0 unchanged, 2 failed; ")
    assert len(first.splitlines()) == 3 and first.count("\nfailed: ") == 2
    assert "\\x1b]0;x\\x07\\nfailed: forged.pdf" in first
    listed = json.loads(outputs[3].stdout)
    # the file names are data and kept; control characters in the text never were the
    # document's words: the reader removes them and logs them as `control` (issue 9)
    assert len(listed) == 4 and all("\x1b" not in h["snippet"] for h in listed)
    assert {h["series"] for h in listed} >= {"rlo\u202etxt"}


def _flip_inside_document_json(db: Path) -> None:
    """Flip bytes inside the first stored document record: the page stays well formed
    (``quick_check`` says ok) but the value is no longer UTF-8 (probe 13, F3)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    at = data.index(b'"schema_version"')
    for k in range(at + 60, at + 124):
        data[k] ^= 0xFF
    db.write_bytes(bytes(data))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.parametrize("damage", ["flipped", "json", "warnings"])
def test_a_damaged_value_quick_check_misses_is_one_typed_line(tmp_path, small_db, damage,
                                                              capsys):
    if damage == "flipped":
        _flip_inside_document_json(small_db)
    else:
        conn = sqlite3.connect(small_db)
        conn.execute(f"UPDATE documents SET {damage} = '[[[ not json'")
        conn.commit()
        conn.close()
    commands = [["export", str(small_db), "--format", "csv", "-o", str(tmp_path / "ex")]]
    if damage != "warnings":  # the document records themselves
        commands += [["history", "一/1", "--db", str(small_db)],
                     ["graph", "--db", str(small_db), "-o", str(tmp_path / "g.json")]]
    for argv in commands:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: "), (argv, err)
        assert "internal error" not in err and str(small_db) in err, (argv, err)
        assert "rebuild it" in err, (argv, err)
    if damage == "warnings":
        return
    from webhelp import wsgi

    from policytext.web import make_app

    app = make_app(small_db)
    for path, query in [("/item/1", ""), ("/diff", "old=1&new=2"), ("/reuse/1", "")]:
        status, _, body = wsgi(app, path, query)
        page = body.decode("utf-8")
        assert status == 503 and "damaged" in page and "rebuild it" in page, (path, page)
        assert str(small_db.parent) not in page  # no server paths on a page


LEFTOVERS = r"""
set -e
mkdir -p "$ROOT/tiny"
mount -t tmpfs -o size=16k tmpfs "$ROOT/tiny"
export POLICYTEXT_CACHE_DIR="$ROOT/tiny/cache"
set +e
for i in 1 2; do "$PY" -m policytext diff "$OLD" "$NEW" --summary > /dev/null 2>&1; done
printf "old" > "$ROOT/tiny/keep.json"
cat /dev/zero > "$ROOT/tiny/fill" 2> /dev/null  # the disk is full from here on
"$PY" -m policytext diff "$OLD" "$NEW" --format html -o "$ROOT/tiny/d.html" 2> "$ROOT/err.txt"
echo "rc=$?" > "$ROOT/rc.txt"
"$PY" -m policytext diff "$OLD" "$NEW" --format json -o "$ROOT/tiny/keep.json" 2>> "$ROOT/err.txt"
echo "rc=$?" >> "$ROOT/rc.txt"
find "$ROOT/tiny" -printf '%P %s\n' > "$ROOT/ls.txt"
"""


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rm (user namespaces)")
def test_a_full_disk_leaves_no_partial_cache_or_output_file(tmp_path, good):
    """Probe 13 F5: the jieba cache and an output that do not fit leave nothing behind,
    and a file that was there before is kept whole (written aside, then renamed)."""
    env = dict(os.environ, ROOT=str(tmp_path), PY=sys.executable, OLD=str(good[0]),
               NEW=str(good[1]))
    subprocess.run(["unshare", "-rm", "bash", "-c", LEFTOVERS], env=env, check=True,
                   timeout=600, cwd=Path(__file__).resolve().parent.parent)
    listing = dict(line.rsplit(" ", 1) for line in (tmp_path / "ls.txt").read_text()
                   .splitlines() if line.strip())
    assert not [n for n in listing if Path(n).name.startswith(".tmp-")], listing
    assert "d.html" not in listing and listing.get("keep.json") == "3", listing
    err = (tmp_path / "err.txt").read_text()
    assert (tmp_path / "rc.txt").read_text().split() == ["rc=2", "rc=2"], err
    assert err.count("\n") == 2 and err.startswith("error: cannot write "), err
