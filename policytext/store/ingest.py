"""Ingest: read → structure → tag → store; each document whole or absent.

:func:`prepare` does the expensive part (reading, structuring, theme tagging,
requirement extraction, jieba segmentation of every item) and returns plain,
picklable rows, so it runs in worker processes (``jobs > 1``) or on a Dask cluster
(``dask=``; :mod:`policytext.store.workers`) while this process alone writes.  The
writer commits batches of documents, each batch one ``BEGIN IMMEDIATE`` transaction
and each document a savepoint in it (:func:`write` stores one document in a
transaction of its own): a killed ingest leaves each document either wholly present
or absent, and running ingest again finishes the rest.

A file whose bytes hash to the stored ``sha256`` is skipped before it is even
read (and logged ``unchanged``); a changed file replaces its old version (same
transaction).  A bad file — unreadable, undecodable, a name too long for its
sidecar, a folder that cannot be listed — is logged (``ingest_log``) and
reported once at the end; the batch goes on.  A file name that is not UTF-8
(an archive unzipped from Windows) is stored by :func:`path_text`: its
undecodable bytes shown as ``\\xNN``, its exact bytes kept in ``path_bytes``.

Before the first write the database is checked (``quick_check`` and the FTS
integrity checks): a damaged one is refused with a message that says how to
rebuild it.  A full disk ends the run with one ``disk full`` error naming the
database; every document written before it is complete, none is half-written.

The phases — :func:`collect_paths`, ``_plan`` (hash, skip unchanged; lazy),
:func:`prepare_task` (where the executor runs it), the writer — are separate, so
another executor can run the middle one.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import _series_fold, series_title, unify_series
from ..errors import PolicyTextError, StoreError
from .schema import MAX_ORIGINAL, check_writable, connect, database_error

__all__ = ["IngestReport", "Prepared", "Source", "ingest", "prepare", "prepare_source",
           "prepare_task", "load_source", "write",
           "collect_paths", "path_text", "spaced", "READABLE_SUFFIXES"]

READABLE_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx", ".ofd")


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did: paths added, replaced, unchanged and failed (with reasons)."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    items: int = 0
    seconds: float = 0.0
    #: The documents (added or replaced) with pages read by OCR.
    ocr: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        line = (f"{len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged, {len(self.failed)} failed; "
                f"{self.items} items in {self.seconds:.1f} s")
        if self.ocr:
            line += f"; {len(self.ocr)} read by OCR"
        return line


@dataclass(frozen=True)
class Prepared:
    """One document turned into rows, ready for :func:`write` (picklable)."""

    path: str
    sha256: str
    document: dict[str, Any]
    sections: list[tuple] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)
    sentences: list[tuple] = field(default_factory=list)
    search: list[tuple] = field(default_factory=list)
    requirements: list[tuple] = field(default_factory=list)
    themes: list[tuple] = field(default_factory=list)
    removals: list[tuple] = field(default_factory=list)
    original: bytes | None = None     # the file's bytes, when at most MAX_ORIGINAL


def path_text(path: str | Path) -> tuple[str, bytes | None]:
    """A path as storable text, and its exact bytes when the text cannot hold them.

    A name that is not UTF-8 reaches Python with each undecodable byte as a lone
    surrogate (PEP 383), which SQLite cannot store: such bytes become ``\\xNN`` and
    the exact bytes are returned too; for any other path the bytes are ``None``.
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(text)
        return raw.decode("utf-8", "backslashreplace"), raw
    return text, None


def _storable(text: str) -> str:
    """``text`` with lone surrogates (from an undecodable file name) as ``\\xNN``."""
    return path_text(text)[0]


def _resolved(path: Path) -> str:
    """The resolved path as stored; where it cannot be resolved (missing, a dangling
    link, a loop) the absolute path as given, which is what the user can look for."""
    try:
        return _storable(str(path.resolve(strict=True)))
    except (OSError, RuntimeError):
        return _storable(str(path.absolute()))


def collect_paths(paths: Iterable[str | Path],
                  errors: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files to ingest: each path given, and readable files under each folder (sorted).

    A folder that cannot be listed is appended to ``errors`` as ``(path, reason)``
    (when given) and skipped.
    """
    out: list[Path] = []

    def failed(exc: OSError) -> None:
        if errors is not None:
            errors.append((_storable(str(exc.filename or "")),
                           f"cannot list folder: {exc.strerror or exc}"))

    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p, onerror=failed):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower().endswith(READABLE_SUFFIXES):
                        out.append(Path(root) / name)
        else:
            out.append(p)
    seen: set[str] = set()
    unique = []
    for p in out:
        key = _resolved(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


#: Stands in for punctuation in the ``chars`` key.  FTS5's unicode61 tokenizer drops
#: punctuation, which made "创建“党建" index as 创 建 党 建 and match the phrase "建 党";
#: a private-use character is a token of its own (category Co) that no query holds.
PUNCT_TOKEN = "\ue000"


def spaced(text: str) -> str:
    """The characters of ``text`` separated by spaces (the ``chars`` search key).

    Letters and digits are tokens; every other visible character becomes
    :data:`PUNCT_TOKEN`, so a phrase never matches across punctuation.
    """
    return " ".join(c if c.isalnum() else PUNCT_TOKEN for c in text if not c.isspace())


def _open_regular(path: Path):
    """``path`` opened for reading if it is a regular file (a FIFO or device is refused:
    reading it could hang)."""
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    f = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        f.close()
        raise OSError(0, "not a regular file")
    return f


def _file_hash(path: Path) -> str:
    """The SHA-256 of a regular file."""
    h = hashlib.sha256()
    with _open_regular(path) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _revision_date(doc) -> str | None:
    """The date of a versioned text's latest revision (its 沿革), or ``None``."""
    dates = [str(r.get("date")) for r in doc.meta.get("revisions") or ()
             if isinstance(r, Mapping) and r.get("date")]  # the record's maps are frozen
    return max(dates) if dates else None


def _tagger():
    """The theme tagger and requirement extractor, or ``None`` where they are not installed."""
    try:
        from ..requirements import extract_requirements
        from ..themes import tag
    except ModuleNotFoundError as exc:
        if exc.name in ("policytext.themes", "policytext.requirements"):
            return None
        raise
    return tag, extract_requirements


def _tag_stored(tag: Any, doc: Any, taxonomy: Any) -> tuple[list, str, str]:
    """``tag(doc, taxonomy=taxonomy)``, the key of the taxonomy it resolved to and the
    tags as JSON (``documents.taxonomy`` and ``.tags``)."""
    from ..themes import document_taxonomy, tags_to_json, taxonomy_key

    tax = document_taxonomy(doc, taxonomy)
    tags = tag(doc, taxonomy=tax)  # (the same tags as with ``taxonomy`` itself)
    return tags, taxonomy_key(tax), tags_to_json(tags)


@dataclass(frozen=True)
class Source:
    """One file to prepare, as bytes: all a worker needs, with no shared disk.

    ``name`` is the path as given (the reader's hint: format, a title from the file
    name), ``path`` the path as stored (:func:`path_text` of the resolved path) and
    ``path_bytes`` its exact bytes when the text cannot hold them.
    """

    name: str
    path: str
    path_bytes: bytes | None
    data: bytes
    sidecar: bytes | None = None
    sidecar_name: str = ""
    #: The kind the folder's manifest gives the file (see :func:`policytext.corpus.manifest_kind`).
    kind: str | None = None


def load_source(path: str | Path, data: bytes | None = None) -> Source:
    """The file ``path`` (its bytes ``data`` when already read) and its sidecar, as a
    :class:`Source`; an unreadable file or sidecar is an
    :class:`~policytext.errors.InputError`."""
    from ..corpus import manifest_kind, sidecar_path
    from ..errors import InputError
    from ..read import read_file

    path = Path(path)
    if data is None:
        data = read_file(path)
    side = sidecar_path(path)
    sidecar = None
    if side is not None:
        try:
            sidecar = side.read_bytes()
        except OSError as exc:
            raise InputError(f"bad sidecar {side}: {exc}") from exc
    return Source(name=str(path), path=_resolved(path), path_bytes=path_text(path.resolve())[1],
                  data=data, sidecar=sidecar, sidecar_name=str(side or ""),
                  kind=manifest_kind(path))


def prepare(path: str | Path, *, tag: bool = True, taxonomy: Any = "auto",
            ocr: str = "auto", engine: str = "pdfium") -> Prepared:
    """Read, structure, tag and segment one file into rows (runs in a worker process).

    ``tag=False`` skips themes and requirements (``documents.tagged`` says so);
    ``taxonomy`` is the themes' taxonomy (``"auto"``: the shipped one that fits the document).
    """
    return prepare_source(load_source(path), tag=tag, taxonomy=taxonomy, ocr=ocr,
                          engine=engine)


def read_source(src: Source, *, ocr: str = "auto", engine: str = "pdfium") -> Any:
    """The first stage of :func:`prepare_source`: the file read, cleaned and structured
    (a :class:`~policytext.model.Document`), under the reading limits.  It needs neither
    the tokenizer nor the theme models, so it can run before they are loaded."""
    from ..pipeline import read_bytes

    return read_bytes(src.data, name=src.name, ocr=ocr, engine=engine)


def prepare_source(src: Source, *, tag: bool = True, taxonomy: Any = "auto",
                   ocr: str = "auto", engine: str = "pdfium", doc: Any = None) -> Prepared:
    """:func:`prepare` for a file already in memory (a task shipped to a Dask worker);
    ``doc``: the file already read by :func:`read_source`."""
    from ..corpus import merge_sidecar
    from ..model import PREAMBLE_PATH, Item, Section
    from ..patterns import fold, split_sentences, title_of
    from ..text import tokenize_for_search

    if doc is None:
        doc = read_source(src, ocr=ocr, engine=engine)
    if src.kind:  # what a person says the document is wins
        doc = dataclasses.replace(doc, kind=src.kind)
    if src.sidecar is not None:  # a synthetic file says so in its sidecar
        doc = merge_sidecar(doc, src.sidecar, src.sidecar_name)
    resolved, raw_path = src.path, src.path_bytes
    # The record names the resolved path (as stored), never the path as typed.
    doc = dataclasses.replace(doc, source=resolved)
    original = src.data if 0 < len(src.data) <= MAX_ORIGINAL else None

    sections: list[tuple] = []
    items: list[tuple] = []
    sentences: list[tuple] = []
    search: list[tuple] = []
    item_index: dict[str, int] = {}

    def add_item(it, section_ix: int, parent_ix: int | None, top_ix: int | None, depth: int):
        ix = len(items)
        top = ix if top_ix is None else top_ix
        pages = it.pages or (None, None)
        items.append((ix, section_ix, parent_ix, top, ix, depth, it.path, it.number, it.kind,
                      it.title, it.text, pages[0], pages[-1]))
        item_index.setdefault(it.path, ix)
        for k, s in enumerate(it.sentences):
            sentences.append((ix, k, s))
        folded = fold(it.text)
        words = " ".join(tokenize_for_search(folded))
        search.append((ix, words, folded, spaced(folded)))
        for child in it.children:
            add_item(child, section_ix, ix, top, depth + 1)

    def add_section(sec, parent_ix: int | None):
        ix = len(sections)
        sections.append((ix, parent_ix, ix, sec.path, sec.number, sec.kind, sec.title, sec.text))
        for it in sec.items:
            add_item(it, ix, None, None, 0)
        for sub in sec.sections:
            add_section(sub, ix)

    if doc.preamble and doc.preamble.strip():
        # The opening paragraph (a work plan's 总体要求) is searchable too: stored as
        # a section and an item of kind "preamble" with path "preamble".
        preamble = Item(PREAMBLE_PATH, None, None, PREAMBLE_PATH, title_of(doc.preamble),
                        doc.preamble, split_sentences(doc.preamble))
        add_section(Section(path=PREAMBLE_PATH, number=None, ordinal=None, kind=PREAMBLE_PATH,
                            title="", items=(preamble,)), None)
    for sec in doc.sections:
        add_section(sec, None)

    requirements: list[tuple] = []
    themes: list[tuple] = []
    tagged = 0
    taxonomy_used = stored_tags = None
    tools = _tagger() if tag else None
    if tools is not None:
        tag, extract_requirements = tools
        tagged = 1
        doc_tags, taxonomy_used, stored_tags = _tag_stored(tag, doc, taxonomy)
        for tags in doc_tags:
            ix = item_index.get(tags.path)
            if ix is None:
                continue
            for rank, ts in enumerate(tags.themes):
                themes.append((ix, ts.id, rank, int(ts.id == tags.primary), float(ts.score),
                               json.dumps(list(ts.evidence), ensure_ascii=False)))
        for k, req in enumerate(extract_requirements(doc)):
            requirements.append((item_index.get(req.path), k, req.path, req.actor,
                                 req.actor_source, req.action, req.frequency, req.quantity,
                                 req.deadline, req.strength, req.text, req.target))

    removals = [(k, r.kind, r.text, r.page, r.reason, r.replacement,
                 r.between[0] if r.between else None, r.between[1] if r.between else None)
                for k, r in enumerate(doc.removed)]
    version_date = _revision_date(doc)
    document = {
        "path": resolved,
        "path_bytes": raw_path,
        "name": _storable(Path(src.name).name),
        "sha256": doc.sha256,
        "format": doc.format,
        "title": doc.title,
        "kind": doc.kind,
        "year": doc.year,
        "series": series_title(doc.title),
        "issuer": doc.issuer,
        "doc_number": doc.doc_number,
        "signed_date": doc.signed_date,
        "status": doc.status,
        "synthetic": int(bool(doc.meta.get("synthetic"))),
        "versioned": int(version_date is not None),
        "version_date": version_date,
        "warnings": json.dumps(list(doc.warnings), ensure_ascii=False),
        "n_sections": len(sections),
        "n_items": len(items),
        "n_sentences": len(sentences),
        "n_requirements": len(requirements),
        "tagged": tagged,
        "json": _storable(doc.to_json(indent=None)),
        "taxonomy": taxonomy_used,
        "tags": _storable(stored_tags) if stored_tags is not None else None,
    }
    for key in ("title", "series", "issuer", "doc_number", "signed_date", "status"):
        if isinstance(document[key], str):
            document[key] = _storable(document[key])
    return Prepared(path=resolved, sha256=doc.sha256, document=document, sections=sections,
                    items=items, sentences=sentences, search=search,
                    requirements=requirements, themes=themes, removals=removals,
                    original=original)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _delete_document(conn: sqlite3.Connection, doc_id: int) -> None:
    # The FTS indexes are external-content: remove their entries (the trigger does,
    # from the old values) before the rows they index go.
    conn.execute("DELETE FROM item_search WHERE item_id IN "
                 "(SELECT id FROM items WHERE doc_id = ?)", (doc_id,))
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return (conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]) + 1


def _log(conn: sqlite3.Connection, path: str, action: str, *, sha256: str | None = None,
         message: str | None = None) -> None:
    conn.execute("INSERT INTO ingest_log(at, path, sha256, action, message) "
                 "VALUES (?, ?, ?, ?, ?)", (_now(), path, sha256, action, message))


def _in_transaction(conn: sqlite3.Connection, work: Callable[[], Any]) -> Any:
    """``work()`` inside one ``BEGIN IMMEDIATE`` transaction, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # after SQLITE_FULL SQLite may have rolled back already
            conn.execute("ROLLBACK")
        raise
    return result


def write(conn: sqlite3.Connection, prep: Prepared) -> str:
    """Store one prepared document in one transaction; returns added/replaced/unchanged."""
    def work() -> str:
        action = _write_in_tx(conn, prep)
        _log(conn, prep.path, action, sha256=prep.sha256)
        return action

    return _in_transaction(conn, work)


def _place_series(conn: sqlite3.Connection, prep: Prepared) -> tuple[str | None, set[str]]:
    """The new document's series, unified with the series of the documents stored from
    the same folder (one series under two titles, as :class:`policytext.Corpus` does);
    a stored series that the new title shows to be the same one is renamed.  Returns
    the series and the stored series names that were renamed away."""
    series = prep.document["series"]
    if series is None:
        return None, set()
    folder, issuer = str(Path(prep.path).parent), prep.document["issuer"]
    # the stored documents directly in folder/ (a range over the unique index: '0' follows
    # '/'; no '/' after the prefix) of the same issuer whose series can be unified with
    # this one: the same name folded (人民政府/政府), a name ending with it (an issuer
    # before it), a name it ends with — and the other names ending with that one, which
    # decide whether it has exactly one longer form.  The stored names are unified among
    # themselves already, so the rest cannot change; filtered in SQL, so a folder of
    # 10,000 files of 10,000 series costs index scans per document, not 10,000 names.
    prefix = folder.rstrip("/") + "/"
    where = ("path >= :lo AND path < :hi AND series IS NOT NULL AND issuer IS :issuer "
             "AND instr(substr(path, :start), '/') = 0")
    args = {"lo": prefix, "hi": folder.rstrip("/") + "0", "issuer": issuer,
            "start": len(prefix) + 1}
    key = "replace(series, '人民政府', '政府')"
    found: dict[str, tuple[str, int | None]] = {}  # path → (series, year)

    def fetch(cond: str, **more: str) -> None:
        for p, s, y in conn.execute(f"SELECT path, series, year FROM documents WHERE {where} "
                                    f"AND ({cond})", {**args, **more}):
            found[p] = (s, y)

    fold = _series_fold(series)
    fetch(f"{key} = :f OR substr({key}, -length(:f)) = :f OR substr(:f, -length({key})) = {key}",
          f=fold)
    for short in sorted({_series_fold(s) for s, _ in found.values()}):
        if short != fold and fold.endswith(short):
            fetch(f"substr({key}, -length(:x)) = :x", x=short)
    names: dict[str, list[int | None]] = {series: [prep.document["year"]]}
    for p in sorted(found):  # in path order, as the whole folder was read before
        s, y = found[p]
        names.setdefault(s, []).append(y)
    renamed = unify_series(names)
    if renamed:  # one statement: each row renamed from the name it had (no chains)
        olds = {f"o{k}": old for k, old in enumerate(renamed)}
        news = {f"n{k}": renamed[old] for k, old in enumerate(renamed)}
        cases = " ".join(f"WHEN :o{k} THEN :n{k}" for k in range(len(renamed)))
        conn.execute(f"UPDATE documents SET series = CASE series {cases} END "
                     f"WHERE {where} AND series IN ({', '.join(':' + k for k in olds)})",
                     {**args, **olds, **news})
    return renamed.get(series, series), {s for s in renamed if s != series}


def _mark_versions(conn: sqlite3.Connection, series: Iterable[str | None]) -> None:
    """Within each series, every versioned document but the latest is ``superseded``.

    The latest is the one with the latest revision date (then year, then the last
    stored); documents that are not versioned (annual work plans) never are.
    """
    for name in {s for s in series if s}:
        rows = conn.execute(
            "SELECT id FROM documents WHERE series = ? AND versioned = 1 "
            "ORDER BY version_date DESC, year DESC, id DESC", (name,)).fetchall()
        for k, (doc_id,) in enumerate(rows):
            conn.execute("UPDATE documents SET superseded = ? WHERE id = ? "
                         "AND superseded != ?", (int(k > 0), doc_id, int(k > 0)))


def _write_in_tx(conn: sqlite3.Connection, prep: Prepared) -> str:
    old = conn.execute("SELECT id, sha256, series FROM documents WHERE path = ?",
                       (prep.path,)).fetchone()
    if old is not None and old[1] == prep.sha256:
        return "unchanged"
    if old is not None:
        _delete_document(conn, old[0])
    series, renamed = _place_series(conn, prep)
    d = dict(prep.document, ingested_at=_now(), series=series)
    cols = ", ".join(d)
    marks = ", ".join("?" for _ in d)
    doc_id = conn.execute(f"INSERT INTO documents({cols}) VALUES ({marks})",
                          tuple(d.values())).lastrowid
    _mark_versions(conn, {series, *renamed, old[2] if old is not None else None})

    s0 = _next_id(conn, "sections")
    conn.executemany(
        "INSERT INTO sections(id, doc_id, parent_id, seq, path, number, kind, title, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(s0 + ix, doc_id, None if parent is None else s0 + parent, seq, *rest)
         for ix, parent, seq, *rest in prep.sections])
    i0 = _next_id(conn, "items")
    conn.executemany(
        "INSERT INTO items(id, doc_id, section_id, parent_id, top_id, seq, depth, path, number, "
        "kind, title, text, page_first, page_last) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i0 + ix, doc_id, s0 + sec, None if parent is None else i0 + parent, i0 + top, seq,
          *rest) for ix, sec, parent, top, seq, *rest in prep.items])
    conn.executemany("INSERT INTO sentences(item_id, seq, text) VALUES (?, ?, ?)",
                     [(i0 + ix, seq, text) for ix, seq, text in prep.sentences])
    conn.executemany("INSERT INTO item_search(item_id, words, folded, chars) VALUES (?, ?, ?, ?)",
                     [(i0 + ix, *rest) for ix, *rest in prep.search])
    conn.executemany("INSERT OR IGNORE INTO search_terms(term) VALUES (?)",
                     [(w,) for w in sorted({w for _, words, *_ in prep.search
                                            for w in words.split()})])
    conn.executemany(
        "INSERT INTO requirements(doc_id, item_id, seq, path, actor, actor_source, action, "
        "frequency, quantity, deadline, strength, text, target) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, None if ix is None else i0 + ix, *rest) for ix, *rest in prep.requirements])
    conn.executemany(
        "INSERT INTO item_themes(item_id, theme, rank, primary_, score, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(i0 + ix, *rest) for ix, *rest in prep.themes])
    conn.executemany(
        "INSERT INTO removals(doc_id, seq, kind, text, page, reason, replacement, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(doc_id, *r) for r in prep.removals])
    if prep.original is not None:
        conn.execute("INSERT INTO originals(doc_id, bytes) VALUES (?, ?)",
                     (doc_id, prep.original))
    return "replaced" if old is not None else "added"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _failure(exc: BaseException) -> str:
    """One line saying why a file could not be prepared."""
    if isinstance(exc, PolicyTextError):
        return _one_line(str(exc)) or type(exc).__name__
    if isinstance(exc, (OSError, RecursionError, MemoryError)):
        return (f"{type(exc).__name__}: "
                f"{_one_line(getattr(exc, 'strerror', None) or str(exc))}")
    return f"internal error ({type(exc).__name__}): {_one_line(str(exc))}"


def read_task(task: str | Source, ocr: str = "auto", engine: str = "pdfium") -> Any:
    """The first stage of :func:`prepare_task` (:func:`read_source`), which may run ahead
    of it in another process (:func:`policytext.store.workers.pool`)."""
    return read_source(task if isinstance(task, Source) else load_source(task), ocr=ocr,
                       engine=engine)


def prepare_task(task: str | Source, tag: bool = True, taxonomy: Any = "auto",
                 ocr: str = "auto", engine: str = "pdfium", *,
                 read: tuple[str, Any] | None = None) -> Prepared | tuple[str, str]:
    """:func:`prepare` (a path) or :func:`prepare_source` (a :class:`Source`), with a
    failure turned into ``(stored path, message)``: what a worker runs.  ``read``: the
    outcome of :func:`read_task` on ``task`` run already, ``("ok", document)`` or
    ``("error", exception)`` (raised here, so it fails the way it would have)."""
    try:
        if read is not None:
            outcome, value = read
            if outcome == "error":
                raise value
            src = task if isinstance(task, Source) else load_source(task)
            return prepare_source(src, tag=tag, taxonomy=taxonomy, ocr=ocr, engine=engine,
                                  doc=value)
        if isinstance(task, Source):
            return prepare_source(task, tag=tag, taxonomy=taxonomy, ocr=ocr, engine=engine)
        return prepare(task, tag=tag, taxonomy=taxonomy, ocr=ocr, engine=engine)
    except Exception as exc:  # a bug on one file must not end the batch
        message = _failure(exc)
    name = task.path if isinstance(task, Source) else _resolved(Path(task))
    return name, _storable(message)


@dataclass
class _Run:
    """What one run has done so far (turned into an :class:`IngestReport` at the end)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    items: int = 0
    ocr: list[str] = field(default_factory=list)

    def report(self, seconds: float) -> IngestReport:
        return IngestReport(added=tuple(self.added), replaced=tuple(self.replaced),
                            unchanged=tuple(self.unchanged), failed=tuple(self.failed),
                            items=self.items, seconds=seconds, ocr=tuple(self.ocr))


class _Writer:
    """The one writer: prepared documents and log rows, committed in batches.

    A batch is one ``BEGIN IMMEDIATE`` transaction of at most ``batch`` documents, each
    inside a savepoint: a document that cannot be stored (a problem of its own, not of the
    database) is rolled back alone and logged ``failed``; a killed run leaves every
    document whole or absent, as with one transaction per document, at a fraction of the
    cost (the FTS index is merged once per batch).  A batch is committed when it is full,
    when ``seconds`` have passed since it began, and whenever the writer would otherwise
    wait for the next document (:meth:`flush` from the executor's ``idle``), so
    progress and a killed run lose little.  ``step(path)`` is called for each file once
    its row is committed.
    """

    def __init__(self, conn: sqlite3.Connection, run: _Run, step: Callable[[str], None], *,
                 batch: int = 64, seconds: float = 2.0) -> None:
        self.conn, self.run, self.step = conn, run, step
        self.batch, self.seconds = batch, seconds
        self.pending: list[Prepared | tuple[str, str, dict[str, Any]]] = []
        self.docs = 0
        self.started = 0.0

    def log(self, path: str, action: str, **kw: Any) -> None:
        """Queue one ``ingest_log`` row for a file that writes nothing (unchanged, failed)."""
        if action == "failed":
            self.run.failed.append((path, kw.get("message") or ""))
        elif action == "unchanged":
            self.run.unchanged.append(path)
        self._queue((path, action, kw))

    def add(self, prep: Prepared) -> None:
        self.docs += 1
        self._queue(prep)

    def _queue(self, entry) -> None:
        if not self.pending:
            self.started = time.monotonic()
        self.pending.append(entry)
        if self.docs >= self.batch or time.monotonic() - self.started >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        entries, self.pending, self.docs = self.pending, [], 0
        done = _in_transaction(self.conn, lambda: [self._one(e) for e in entries])
        for entry, outcome in zip(entries, done, strict=True):
            if isinstance(entry, Prepared):
                if outcome in ("added", "replaced", "unchanged"):
                    getattr(self.run, outcome).append(entry.path)
                    if outcome != "unchanged":
                        self.run.items += len(entry.items)
                        if entry.document.get("status") == "ocr":
                            self.run.ocr.append(entry.path)
                else:
                    self.run.failed.append((entry.path, outcome))
                self.step(entry.path)
            else:
                self.step(entry[0])

    def _one(self, entry) -> str | None:
        conn = self.conn
        if not isinstance(entry, Prepared):
            path, action, kw = entry
            _log(conn, path, action, **kw)
            return None
        conn.execute("SAVEPOINT document")
        try:
            action = _write_in_tx(conn, entry)
            _log(conn, entry.path, action, sha256=entry.sha256)
        except (sqlite3.IntegrityError, sqlite3.InterfaceError, UnicodeError, ValueError) as exc:
            conn.execute("ROLLBACK TO document")
            conn.execute("RELEASE document")
            reason = f"cannot store: {_one_line(str(exc))}"
            _log(conn, entry.path, "failed", message=reason)
            return reason
        conn.execute("RELEASE document")
        return action


def _plan(conn: sqlite3.Connection, files: Iterable[Path], writer: _Writer, *,
          load: bool = False) -> Iterator[str | Source | tuple[str, str]]:
    """The files that need preparing, lazily: each is hashed, an unreadable one fails, one
    whose bytes are stored already is logged ``unchanged``.  With ``load`` each comes as a
    :class:`Source` (its bytes read once, for a worker without the disk); a file that
    cannot be loaded as ``(path, message)``."""
    for p in files:
        key = _resolved(p)
        try:
            if load:
                with _open_regular(p) as f:
                    data = f.read()
                digest = hashlib.sha256(data).hexdigest()
            else:
                digest = _file_hash(p)
        except OSError as exc:
            writer.log(key, "failed",
                       message=f"cannot read: {_one_line(exc.strerror or str(exc))}")
            continue
        row = conn.execute("SELECT sha256 FROM documents WHERE path = ?", (key,)).fetchone()
        if row is not None and row[0] == digest:
            writer.log(key, "unchanged", sha256=digest)
            continue
        if not load:
            yield str(p)
            continue
        try:
            yield load_source(p, data)
        except PolicyTextError as exc:
            yield key, _storable(_failure(exc))


def ingest(paths: Iterable[str | Path], *, db: str | Path, jobs: int = 1, tag: bool = True,
           taxonomy: Any = "auto", ocr: str = "auto", dask: Any = None,
           progress: Callable[[int, int, str], None] | None = None,
           engine: str = "pdfium") -> IngestReport:
    """Ingest files and folders into the database ``db``.

    ``jobs > 1`` prepares documents in that many worker processes, each initialised
    once; ``dask`` prepares them on a Dask cluster instead: ``"local"`` (a
    ``LocalCluster`` of ``jobs`` worker processes, at least 2), a scheduler address
    (``"tcp://host:8786"``) or a ``distributed.Client``; the files travel as bytes, so
    the workers need no shared disk.  Only this process writes, in input order and in
    batches, so the database does not depend on how it was prepared.  A rerun skips
    every file whose bytes are stored (by SHA-256), so a killed run resumes where it
    stopped.  ``tag=False`` stores documents without themes and requirements (faster);
    ``taxonomy`` names the themes (a shipped name, a TOML path, or ``"auto"``: per
    document, the shipped taxonomy that fits it).  ``ocr`` says which pages are read by
    OCR (``auto``: those with no or a garbled text layer; ``always``; ``never``),
    ``engine`` where a PDF's glyphs come from (``pdfium`` or ``pdfplumber``, the same output).
    ``progress`` is called as ``progress(done, total, path)`` after each file.  A damaged
    database is refused and a full disk ends the run, each with one
    :class:`~policytext.errors.StoreError`.
    """
    from . import workers

    if jobs < 1:
        raise StoreError(f"jobs must be at least 1, not {jobs}")
    if tag and taxonomy != "auto" and _tagger() is not None:
        from ..themes import load_taxonomy

        # a bad name or file is one error, before any work; workers get the taxonomy
        # itself, so a remote one needs no copy of the file
        taxonomy = load_taxonomy(taxonomy)
    start = time.perf_counter()
    run = _Run()
    listing: list[tuple[str, str]] = []
    files = collect_paths(paths, listing)
    conn = connect(db)
    total, done = len(files), 0

    def step(name: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, name)

    client = own_client = None
    writer = _Writer(conn, run, step)
    try:
        check_writable(conn, db)
        for folder, reason in listing:  # folders that could not be listed
            writer.log(folder, "failed", message=reason)
        task = functools.partial(prepare_task, tag=tag, taxonomy=taxonomy, ocr=ocr, engine=engine)
        if dask is not None:
            client = dask
            if isinstance(dask, str):
                client = own_client = workers.dask_client(dask, workers=max(jobs, 2))
            results = workers.on_dask(_plan(conn, files, writer, load=True), task,
                                      writer.flush, client=client, tag=tag, taxonomy=taxonomy)
        elif jobs == 1 or len(files) <= 1:
            results = workers.serial(_plan(conn, files, writer), task, writer.flush)
        else:
            results = workers.pool(_plan(conn, files, writer), task, writer.flush, jobs=jobs,
                                   tag=tag, taxonomy=taxonomy,
                                   name=lambda p: _resolved(Path(p)),
                                   read=functools.partial(read_task, ocr=ocr, engine=engine))
        for result in results:
            if isinstance(result, Prepared):
                writer.add(result)
            else:
                writer.log(result[0], "failed", message=result[1])
        writer.flush()
    except sqlite3.DatabaseError as exc:
        stored = len(run.added) + len(run.replaced)
        raise database_error(exc, db, f"writing ({stored} documents stored before this)") \
            from exc
    finally:
        conn.close()
        if own_client is not None:
            cluster = own_client.cluster
            own_client.close()
            if cluster is not None:
                cluster.close()
    return run.report(time.perf_counter() - start)

