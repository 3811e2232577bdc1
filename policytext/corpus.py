"""A corpus: a folder of documents grouped into series and ordered by year.

A *series* is one document issued year after year (the 工作要点 of one issuer,
one government's work report, one law's versions).  With a manifest
(``manifest.csv``, ``manifest.toml`` or ``manifest.json`` in the folder, or a
path given) each file's ``series``, ``year``, ``issuer`` and ``kind`` can be set; what a
manifest leaves out is inferred from the document: the series from its title
without the year, plus its issuer (and the subfolder it sits in, so that two
provinces' identically titled reports stay apart); the year from the title, the
document number, the signing date or the file name (``Document.year``).

A sidecar ``<file>.meta.json`` next to a document is merged into its ``meta``
(this is how synthetic documents carry ``"synthetic": true``).  Files that cannot
be read are listed in ``Corpus.errors`` and skipped, never fatal.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, PolicyTextError
from .kind import KINDS
from .model import Document

__all__ = ["Corpus", "CorpusEntry", "folder_entries", "read_document", "merge_sidecar",
           "sidecar_path", "manifest_kind", "infer_series", "series_title", "unify_series",
           "find_corpus",
           "gap_between", "gap_note", "MANIFEST_NAMES", "CORPUS_ENV"]

#: The environment variable that names a corpus folder for notebooks and scripts.
CORPUS_ENV = "POLICYTEXT_CORPUS"

MANIFEST_NAMES = ("manifest.csv", "manifest.toml", "manifest.json")
DOC_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".pdf", ".docx", ".ofd")
SIDECAR = ".meta.json"

_RE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)\s*年?(?:度)?")
_RE_EXT_TAIL = re.compile(r"\.[A-Za-z]+$")
_RE_EDGE = re.compile(r"^[\s\-_·.—]+|[\s\-_·.—]+$")
_RE_EMPTY_BRACKETS = re.compile(r"[（(]\s*[）)]")  # 工作报告（2025年） without its year


def find_corpus(*, env: str = CORPUS_ENV, start: str | Path | None = None) -> Path:
    """The corpus folder a notebook or script should read.

    ``$POLICYTEXT_CORPUS`` when it is set (it must be a folder holding documents); else a
    ``corpora/`` folder in ``start`` (default: the current folder) or its parent — a
    notebook in this repository's ``notebooks/`` finds the bundled corpus.  Otherwise an
    :class:`~policytext.errors.InputError` saying what to set, so that nothing runs on
    with empty tables (in Jupyter it shows as one line).
    """
    import os

    value = os.environ.get(env)
    if value:
        folder = Path(value).expanduser()
        if not folder.is_dir():
            raise InputError(f"{env}={value} is not a folder: set it to a folder of documents")
        if not any(p.suffix.lower() in DOC_SUFFIXES for p in folder.rglob("*")):
            raise InputError(f"{env}={value} holds no document (.txt, .md, .pdf, .docx)")
        return folder
    here = Path(start) if start is not None else Path.cwd()
    for folder in (here / "corpora", here.parent / "corpora"):
        if folder.is_dir():
            return folder
    raise InputError(f"no corpus found: set {env} to a folder of documents (for example "
                     "the corpora/ folder of a policytext checkout)")


def read_document(path: str | Path, **read_kw: Any) -> Document:
    """:func:`policytext.read` plus the sidecar ``<file>.meta.json`` merged into ``meta``.

    A sidecar may also give ``title``, ``year`` and ``issuer`` when the document has none,
    and ``kind``; a manifest next to the file (``manifest.csv`` …, column ``kind``) sets
    the kind too (see :mod:`policytext.kind`): what a person says the document is wins.
    """
    from .pipeline import read

    path = Path(path)
    doc = read(path, **read_kw)
    kind = manifest_kind(path)
    if kind:
        doc = dataclasses.replace(doc, kind=kind)
    sidecar = sidecar_path(path)
    if sidecar is None:
        return doc
    try:
        raw = sidecar.read_bytes()
    except OSError as exc:
        raise InputError(f"bad sidecar {sidecar}: {exc}") from exc
    return merge_sidecar(doc, raw, sidecar)


def merge_sidecar(doc: Document, raw: bytes, name: str | Path = SIDECAR) -> Document:
    """``doc`` with a sidecar's JSON (its bytes ``raw``, from the file ``name``) merged in:
    what :func:`read_document` does, for a document read from bytes."""
    try:
        extra = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise InputError(f"bad sidecar {name}: {exc}") from exc
    if not isinstance(extra, Mapping):
        raise InputError(f"bad sidecar {name}: not a JSON object")
    meta = {**doc.meta, **{k: v for k, v in extra.items() if k not in ("truth",)}}
    kind = extra.get("kind")
    if kind is not None and kind not in KINDS:
        raise InputError(f"bad sidecar {name}: kind {kind!r} is not one of "
                         f"{', '.join(KINDS)}")
    return dataclasses.replace(doc, meta=meta, kind=kind or doc.kind,
                               title=doc.title or extra.get("title"),
                               year=doc.year or extra.get("year"),
                               issuer=doc.issuer or extra.get("issuer"))


def sidecar_path(path: str | Path) -> Path | None:
    """The sidecar ``<file>.meta.json`` of ``path`` when there is one."""
    path = Path(path)
    sidecar = path.with_name(path.name + SIDECAR)
    return sidecar if _is_file(sidecar) else None


def manifest_kind(path: str | Path) -> str | None:
    """The kind the manifest in ``path``'s own folder gives it, if any."""
    return _manifest_next_to(Path(path)).get("kind") or None


def _manifest_next_to(path: Path) -> dict[str, Any]:
    """The manifest entry of ``path`` in its own folder's manifest, if there is one."""
    manifest = next((path.parent / n for n in MANIFEST_NAMES if (path.parent / n).is_file()),
                    None)
    if manifest is None:
        return {}
    listed = _load_manifest(manifest)
    return listed.get(path.name) or {}


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False where the name cannot exist (a 250-byte file name has no
    room for ``.meta.json`` in a 255-byte file system: ENAMETOOLONG, not an error)."""
    try:
        return path.is_file()
    except OSError:
        return False


def series_title(title: str | None) -> str | None:
    """A title without its year: ``2025年…工作要点`` → ``…工作要点`` (None if nothing is left)."""
    if not title:
        return None
    title = _RE_EXT_TAIL.sub("", title)  # 政府工作报告.web (a title taken from a file name)
    title = _RE_EMPTY_BRACKETS.sub("", _RE_YEAR.sub("", title).replace("-synthetic", ""))
    return _RE_EDGE.sub("", title) or None


def infer_series(doc: Document, *, folder: str = "", title: str | None = None) -> str:
    """The series key of a document: its title without the year (or ``title``), plus
    issuer and folder."""
    parts = [folder] if folder else []
    name = title or series_title(doc.title or Path(doc.source).stem) or "untitled"
    parts.append(name)
    issuer = _series_issuer(doc)
    # an issuer the title already names (四川省人民政府 in 四川省政府工作报告) adds nothing
    if issuer and re.sub(r"人民政府$|政府$", "", issuer) not in name:
        parts.append(issuer)
    return " · ".join(parts)


def _series_issuer(doc: Document) -> str | None:
    """The issuer that tells series apart: none for a law, whose versions are adopted by one
    body and amended by another (全国人民代表大会, then its 常务委员会) and are still one law."""
    return None if doc.kind == "law" else doc.issuer


def _infer_all(found: list[tuple[Document, str, int | None]]) -> list[str]:
    """Series keys of (document, folder, year) triples, one series under two titles unified
    within each folder and issuer (see :func:`unify_series`)."""
    titles = [series_title(d.title or Path(d.source).stem) or "untitled" for d, _, _ in found]
    scopes: dict[tuple[str, str | None], dict[str, list[int | None]]] = {}
    for (doc, folder, year), title in zip(found, titles, strict=True):
        scopes.setdefault((folder, _series_issuer(doc)), {}).setdefault(title, []).append(year)
    renamed = {scope: unify_series(names) for scope, names in scopes.items()}
    return [infer_series(doc, folder=folder,
                         title=renamed[(folder, _series_issuer(doc))].get(title, title))
            for (doc, folder, _), title in zip(found, titles, strict=True)]


# What one year's title may put before the title the other years share: the issuer
# (国务院政府工作报告 / 政府工作报告, 广东省政府工作报告 / 政府工作报告,
# 中华人民共和国立法法 / 立法法).
_RE_ISSUER_PREFIX = re.compile(
    r"^(?:中华人民共和国|国务院|中共中央|[\u4e00-\u9fff]{1,10}?"
    r"(?:省|市|自治区|特别行政区|自治州|地区|州|盟|县|区|旗))$")


def _series_fold(name: str) -> str:
    return name.replace("人民政府", "政府")


def unify_series(names: Mapping[str, Collection[int | None]]) -> dict[str, str]:
    """Series names of one folder that are the same series under two titles → one name.

    ``names`` maps each inferred series name to the years of its documents.  Two
    names are one series when their documents share no year and they differ only
    by 人民政府/政府, or when one is the other with an issuer before it
    (``政府工作报告`` → ``国务院政府工作报告``, and only if exactly one longer name
    fits).  Returns old name → new name for the names that change; the new name is
    the longer title, or for variants the one with more (then later) documents.
    """
    def rank(n: str) -> tuple:
        years = [y for y in names[n] if y is not None]
        return (len(names[n]), max(years, default=0), n)

    by_fold: dict[str, list[str]] = {}
    for n in names:
        by_fold.setdefault(_series_fold(n), []).append(n)
    out: dict[str, str] = {}
    groups: dict[str, set[int | None]] = {}
    for fold, variants in by_fold.items():
        years = [y for v in variants for y in names[v]]
        if len(variants) > 1 and len(years) == len(set(years)):
            keep = max(variants, key=rank)
            out.update({v: keep for v in variants if v != keep})
        groups[fold] = {y for v in variants for y in names[v]}
    canonical = {_series_fold(n): n for n in sorted(names, key=rank)}  # the best name wins
    # each name's longer forms: a name is another with an issuer before it, so look up
    # every proper suffix of each name (linear in the names; a folder of 10,000 annual
    # files has thousands of series, and comparing every pair was quadratic)
    longer_of: dict[str, list[str]] = {}
    for f, ys in groups.items():
        for k in range(1, len(f)):
            short = f[k:]
            if short in groups and not (ys & groups[short]) and _RE_ISSUER_PREFIX.match(f[:k]):
                longer_of.setdefault(short, []).append(f)
    for short in groups:
        longer = longer_of.get(short, [])
        if len(longer) == 1:
            target = canonical[longer[0]]
            for n in names:
                if _series_fold(out.get(n, n)) == short:
                    out[n] = target
    return {k: v for k, v in out.items() if k != v}


def gap_between(old_year: int | None, new_year: int | None) -> int | None:
    """Years from one document of a series to the next: 1 for consecutive years, more for
    a gap (2019 → 2021: 2), None when a year is unknown.  The one place that says what a
    gap is: comparisons, diffs, graphs and tables all ask here."""
    if old_year is None or new_year is None:
        return None
    return new_year - old_year


def gap_note(gap_years: int | None) -> str:
    """What a reader is told about a pair of years: '' for consecutive years, else e.g.
    'gap: 10 years between the documents (not consecutive years)'."""
    if not gap_years or gap_years <= 1:
        return ""
    return f"gap: {gap_years} years between the documents (not consecutive years)"


def _year_of(doc: Document) -> int | None:
    if doc.year:
        return doc.year
    if doc.doc_number_parts:
        return doc.doc_number_parts.year
    for date in (doc.signed_date, doc.printed_date):
        if date:
            return int(date[:4])
    return None


@dataclass(frozen=True)
class CorpusEntry:
    """One document of a corpus with its series, year and issuer."""

    path: str
    series: str
    year: int | None
    issuer: str | None
    doc: Document

    @property
    def label(self) -> str:
        return f"{self.series} {self.year or '?'}"

    def __repr__(self) -> str:
        from .model import _short

        return (f"CorpusEntry({_short(self.path, 40)!r}, series={_short(self.series, 40)!r}, "
                f"year={self.year}, items={len(self.doc.items)})")


def _load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """file name → {series, year, issuer} from a CSV, TOML or JSON manifest."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    rows: list[Mapping[str, Any]]
    try:
        if path.suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(text)))
        elif path.suffix == ".toml":
            try:
                import tomllib
            except ImportError as exc:  # Python 3.10
                raise InputError("TOML manifests need Python 3.11+; use CSV or JSON") from exc

            data = tomllib.loads(text)
            rows = data.get("documents") or data.get("document") or []
        elif path.suffix == ".json":
            data = json.loads(text)
            rows = data.get("documents", []) if isinstance(data, Mapping) else data
        else:
            raise InputError(f"manifest {path} must be .csv, .toml or .json")
    except (ValueError, csv.Error) as exc:
        raise InputError(f"bad manifest {path}: {exc}") from exc
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if not isinstance(row, Mapping) or not row.get("file"):
            raise InputError(f"bad manifest {path}: every entry needs a 'file'")
        entry: dict[str, Any] = {}
        for key in ("series", "issuer"):
            if row.get(key):
                entry[key] = str(row[key])
        if row.get("kind"):
            if row["kind"] not in KINDS:
                raise InputError(f"bad manifest {path}: kind {row['kind']!r} of {row['file']} "
                                 f"is not one of {', '.join(KINDS)}")
            entry["kind"] = str(row["kind"])
        if row.get("year") not in (None, ""):
            try:
                entry["year"] = int(row["year"])
            except (TypeError, ValueError) as exc:
                raise InputError(f"bad manifest {path}: year {row['year']!r} of "
                                 f"{row['file']} is not a number") from exc
        out[str(row["file"])] = entry
    return out


def folder_entries(read: list[tuple[str, Document, Mapping[str, Any]]]) -> list[CorpusEntry]:
    """The entries of a corpus folder from its documents: (path in the folder, document,
    what the manifest gives for it), as :meth:`Corpus.load` makes them — series and
    years inferred where the manifest gives none, in corpus order."""
    entries: list[CorpusEntry] = []
    found: list[tuple[Document, str, Mapping[str, Any]]] = []
    for rel, doc, given in read:
        if given.get("kind"):
            doc = dataclasses.replace(doc, kind=given["kind"])
        folder = Path(rel).parent.as_posix()
        found.append((doc, "" if folder == "." else folder, given))
        entries.append(CorpusEntry(rel, given.get("series", ""),
                                   given.get("year") or _year_of(doc),
                                   given.get("issuer") or doc.issuer, doc))
    inferred = iter(_infer_all([(doc, folder, e.year) for (doc, folder, given), e
                                in zip(found, entries, strict=True)
                                if not given.get("series")]))
    entries = [e if e.series else dataclasses.replace(e, series=next(inferred))
               for e in entries]
    entries.sort(key=lambda e: (e.series, e.year if e.year is not None else 10**6, e.path))
    return entries


@dataclass(frozen=True)
class Corpus:
    """Documents grouped by series and ordered by year (then file name) within each."""

    root: str
    entries: tuple[CorpusEntry, ...]
    errors: tuple[tuple[str, str], ...] = ()
    #: Theme tags stored with the documents in a database (entry path → the
    #: ``policytext.themes.taxonomy_key`` they were made under and their JSON,
    #: ``tags_to_json``): the tables and the graph use them where they tag a document
    #: with the same taxonomy, instead of tagging it again.
    tags: Mapping[str, tuple[str, str]] = dataclasses.field(default_factory=dict, repr=False,
                                                            compare=False)

    @classmethod
    def load(cls, root: str | Path, *, manifest: str | Path | None = None,
             recursive: bool = True, **read_kw: Any) -> Corpus:
        """Read every document under ``root`` (bad files go to ``errors``)."""
        root = Path(root)
        if not root.is_dir():
            raise InputError(f"corpus folder not found: {root}")
        if manifest is None:
            manifest = next((root / n for n in MANIFEST_NAMES if (root / n).is_file()), None)
        listed = _load_manifest(Path(manifest)) if manifest else {}
        files = sorted(p for p in (root.rglob("*") if recursive else root.iterdir())
                       if p.is_file() and p.suffix.lower() in DOC_SUFFIXES
                       and not p.name.startswith(".") and not p.name.endswith(SIDECAR)
                       and not any(part.startswith(".") for part in p.relative_to(root).parts))
        read: list[tuple[str, Document, Mapping[str, Any]]] = []
        errors: list[tuple[str, str]] = []
        for path in files:
            rel = path.relative_to(root).as_posix()
            try:
                doc = read_document(path, **read_kw)
            except PolicyTextError as exc:
                errors.append((rel, " ".join(str(exc).split())))
                continue
            except Exception as exc:  # a batch goes on past anything one file does
                errors.append((rel, f"{type(exc).__name__}: {' '.join(str(exc).split())}"))
                continue
            read.append((rel, doc, listed.get(rel) or listed.get(path.name) or {}))
        entries = folder_entries(read)
        for name in listed:
            if not (root / name).exists() and not any(e.path.endswith(name) for e in entries):
                errors.append((name, "listed in the manifest but not found"))
        return cls(str(root), tuple(entries), tuple(errors))

    @classmethod
    def from_documents(cls, docs, *, series: str | None = None) -> Corpus:
        """A corpus of documents already read (one series if ``series`` is given)."""
        docs = list(docs)
        names = [series] * len(docs) if series else _infer_all([(d, "", _year_of(d))
                                                                 for d in docs])
        entries = [CorpusEntry(d.source, name, _year_of(d), d.issuer, d)
                   for d, name in zip(docs, names, strict=True)]
        entries.sort(key=lambda e: (e.series, e.year if e.year is not None else 10**6, e.path))
        return cls("", tuple(entries))

    def __repr__(self) -> str:
        from .model import _short

        years = sorted({e.year for e in self.entries if e.year is not None})
        span = f"{years[0]}–{years[-1]}" if years else "none"
        return (f"Corpus({_short(self.root, 60)!r}, documents={len(self.entries)}, "
                f"series={len(self.series)}, years={span}, errors={len(self.errors)})")

    def _repr_html_(self) -> str:
        from .model import _short, html_table

        rows = [[_short(e.series, 40), e.year, e.path, len(e.doc.items)]
                for e in self.entries[:50]]
        return html_table(["series", "year", "document", "items"], rows, caption=repr(self),
                          more=max(len(self.entries) - 50, 0))

    def __iter__(self) -> Iterator[CorpusEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(e.doc for e in self.entries)

    @property
    def series(self) -> dict[str, tuple[CorpusEntry, ...]]:
        """Series name → its entries, ordered by year."""
        out: dict[str, list[CorpusEntry]] = {}
        for e in self.entries:
            out.setdefault(e.series, []).append(e)
        return {k: tuple(v) for k, v in out.items()}

    def pairs(self) -> Iterator[tuple[CorpusEntry, CorpusEntry]]:
        """Consecutive documents of each series (the years to compare; a missing year
        makes a gap, :func:`gap_between`)."""
        for entries in self.series.values():
            yield from zip(entries, entries[1:], strict=False)

    # -- frames (pandas; see policytext.frames) ------------------------------
    def items_frame(self, *, taxonomy: Any = "auto"):
        """One row per top-level item: document, series, year, kind, path, title, text,
        length, primary theme and theme scores (:func:`policytext.frames.items_frame`)."""
        from .frames import items_frame

        return items_frame(self, taxonomy=taxonomy)

    def requirements_frame(self, *, taxonomy: Any = "auto", statements: bool = False):
        """One row per requirement clause (:func:`policytext.frames.requirements_frame`)."""
        from .frames import requirements_frame

        return requirements_frame(self, taxonomy=taxonomy, statements=statements)

    def changes_frame(self):
        """One row per change between consecutive years of a series
        (:func:`policytext.frames.changes_frame`)."""
        from .frames import changes_frame

        return changes_frame(self)

    def find(self, ref: str) -> CorpusEntry:
        """The entry whose path, file name or ``series year`` label is ``ref``."""
        for e in self.entries:
            if ref in (e.path, Path(e.path).name, e.label):
                return e
        raise InputError(f"no document {ref!r} in corpus {self.root}")
