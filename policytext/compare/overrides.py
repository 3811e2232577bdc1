"""Links fixed by hand: a small file next to the documents that every comparison honours.

Where the alignment gets a link wrong, a user writes the right one into ``links.csv``
(or ``links.toml``) in the documents' folder; :func:`policytext.compare.compare`
reads it every time it compares two documents of that folder (``overrides="auto"``),
so ``diff``, ``history``, ``graph`` and ``tables`` all keep the fix.

``links.csv``::

    old_file,old,new_file,new
    立法法(2015-03-15).md,第二章/第一节/第十三条,立法法(2023-03-13).md,
    立法法(2015-03-15).md,第五章/第九十九条,立法法(2023-03-13).md,第五章/第一百一十一条

``links.toml``::

    [[link]]
    old_file = "立法法(2015-03-15).md"
    old = "第五章/第九十九条"
    new_file = "立法法(2023-03-13).md"
    new = "第五章/第一百一十一条"

A row links ``old`` (an item path of ``old_file``) to ``new`` (of ``new_file``); an
empty ``new`` says the old item has no successor, an empty ``old`` that the new item
is new.  An item named in any row keeps exactly the links its rows give it.  Files are
named as in the folder (the file name, or the path relative to the folder).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError
from ..model import Document

__all__ = ["OVERRIDE_NAMES", "read_overrides", "find_overrides", "override_files"]

OVERRIDE_NAMES = ("links.csv", "links.toml")
_COLUMNS = ("old_file", "old", "new_file", "new")


def read_overrides(path: str | Path) -> list[tuple[str, str | None, str, str | None]]:
    """The rows of an override file: (old_file, old path or None, new_file, new path or None)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read link overrides {path}: {exc.strerror or exc}") from exc
    try:
        if path.suffix == ".toml":
            try:
                import tomllib
            except ImportError as exc:  # Python 3.10
                raise InputError("TOML link overrides need Python 3.11+; use links.csv") from exc
            rows = tomllib.loads(text).get("link", [])
        elif path.suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(text)))
        else:
            raise InputError(f"link overrides {path} must be .csv or .toml")
    except (ValueError, csv.Error) as exc:
        raise InputError(f"bad link overrides {path}: {exc}") from exc
    out = []
    for k, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not row.get("old_file") or not row.get("new_file"):
            raise InputError(f"bad link overrides {path}: row {k} needs old_file and new_file "
                             f"(columns: {', '.join(_COLUMNS)})")
        old, new = (row.get("old") or "").strip() or None, (row.get("new") or "").strip() or None
        if old is None and new is None:
            raise InputError(f"bad link overrides {path}: row {k} names no item")
        out.append((str(row["old_file"]).strip(), old, str(row["new_file"]).strip(), new))
    return out


def override_files(*docs: Document) -> list[Path]:
    """The override files in the folders of these documents (each folder once)."""
    found: list[Path] = []
    for doc in docs:
        if not doc.source:
            continue
        folder = Path(doc.source).parent
        for name in OVERRIDE_NAMES:
            path = folder / name
            if path.is_file() and path not in found:
                found.append(path)
    return found


def _names(doc: Document, folder: Path) -> set[str]:
    src = Path(doc.source)
    names = {src.name, src.as_posix()}
    try:
        names.add(src.resolve().relative_to(folder.resolve()).as_posix())
    except ValueError:
        pass
    return names


def find_overrides(old: Document, new: Document) -> list[tuple[str | None, str | None]]:
    """The hand-fixed links between ``old`` and ``new`` from the files next to them."""
    links: list[tuple[str | None, str | None]] = []
    for path in override_files(old, new):
        old_names, new_names = _names(old, path.parent), _names(new, path.parent)
        for old_file, o, new_file, n in read_overrides(path):
            if old_file in old_names and new_file in new_names and (o, n) not in links:
                links.append((o, n))
    return links
