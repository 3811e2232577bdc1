"""The data model: Document → sections → items (→ sub-items) → sentences.

Records are frozen dataclasses that every stage passes on; they turn into
JSON (``to_dict``/``from_dict``, a JSON Schema ships as ``data/document.schema.json``)
and, at the edge, into pandas (``Document.to_frame``, pandas imported lazily).

Paths are built from the numbers as printed, joined with ``/``:
``二/6`` (work points numbered across sections), ``三/（二）/1``, ``第三章/第十二条``;
a flat document's items are just ``6``.  Every body paragraph is in some item:
unnumbered ones (a section's lead paragraphs, those after a run of numbered
items, every paragraph of a section that numbers nothing) are items of kind
``paragraph`` with ``¶N`` components (``三/¶2``, the Nth such paragraph of 三),
and a report's closing appeal is the section ``closing`` (``closing/¶1``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = [
    "FrozenMap",
    "freeze",
    "thaw",
    "Removal",
    "DocNumber",
    "Item",
    "Section",
    "Document",
    "SCHEMA_VERSION",
]

SCHEMA_VERSION = 1


def _short(text: str | None, n: int = 24) -> str:
    """A text cut to ``n`` characters for a repr (… when cut)."""
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def html_table(columns: list[str], rows: list[list[Any]], *, caption: str = "",
               more: int = 0) -> str:
    """A small HTML table for notebooks (``_repr_html_``), every cell escaped."""
    from html import escape

    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>"
                                    for v in row) + "</tr>" for row in rows)
    tail = f"<p>… and {more} more</p>" if more else ""
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{tail}"


class FrozenMap(Mapping[str, Any]):
    """A read-only, hashable mapping: what ``meta`` is once a stage hands it on.

    ``types.MappingProxyType`` is read-only too, but neither hashable nor picklable
    (readers return their records from a child process); this is both.  Build
    one with :func:`freeze`, which also freezes the values.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenMap is read-only")

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def freeze(value: Any) -> Any:
    """``value`` with every mapping a :class:`FrozenMap` and every list a tuple, deeply."""
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap((k, freeze(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """The inverse of :func:`freeze` for JSON: mappings to dicts, tuples to lists."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class Removal:
    """One removed or repaired span: the audit trail of cleaning.

    ``kind`` names the repair (``link``, ``page_number``, ``header``, ``watermark``,
    ``fake_bold``, ``glyph``, ``bracket``, ``space``, ``web_furniture``, ``line_break``
    — a break inside a sentence, ``text`` a newline …) or what was never the document's
    text (``invisible`` PDF text, Word's ``hidden``, ``deleted``, ``field_code``,
    ``comment``, ``control`` characters); ``text``
    is the original text; ``replacement`` what it became (empty for a removal);
    ``between`` the clause before and after a span removed from inside running text.
    """

    kind: str
    text: str
    page: int | None = None
    reason: str = ""
    replacement: str = ""
    between: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "text": self.text, "page": self.page,
                             "reason": self.reason}
        if self.replacement:
            d["replacement"] = self.replacement
        if self.between is not None:
            d["between"] = list(self.between)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Removal:
        between = d.get("between")
        return cls(kind=d["kind"], text=d["text"], page=d.get("page"),
                   reason=d.get("reason", ""), replacement=d.get("replacement", ""),
                   between=tuple(between) if between is not None else None)


@dataclass(frozen=True)
class DocNumber:
    """A 发文字号 (GB/T 9704-2012 §7.2.4): 机关代字 + 〔年份〕 + 发文顺序号 + 号."""

    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


#: The path of a document's preamble where it stands beside the items (diffs, the store).
PREAMBLE_PATH = "preamble"

@dataclass(frozen=True)
class Item:
    """A numbered item (or a paragraph standing in for one).

    ``number`` is the number as printed, without its trailing 、．. (``1``, ``（二）``,
    ``①``, ``第十二条``, ``一是``); ``ordinal`` its value (2 for ``（二）``);
    ``kind`` the numbering style; ``title`` the first sentence without its final 。.
    """

    path: str
    number: str | None
    ordinal: int | None
    kind: str
    title: str
    text: str
    sentences: tuple[str, ...] = ()
    pages: tuple[int, int] | None = None
    children: tuple[Item, ...] = ()

    def __repr__(self) -> str:
        return (f"Item(path={self.path!r}, title={_short(self.title)!r}, "
                f"chars={len(self.text)}, sentences={len(self.sentences)}, "
                f"children={len(self.children)})")

    def iter_items(self) -> Iterator[Item]:
        """This item and its sub-items, depth first."""
        yield self
        for child in self.children:
            yield from child.iter_items()

    def to_dict(self) -> dict[str, Any]:
        number: Any = self.number
        if number is not None and number.isascii() and number.isdigit():
            number = int(number)  # as in the gold: plain Arabic numbers are integers
        return {
            "path": self.path,
            "number": number,
            "ordinal": self.ordinal,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "sentences": list(self.sentences),
            "pages": list(self.pages) if self.pages else None,
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Item:
        number = d.get("number")
        pages = d.get("pages")
        return cls(
            path=d["path"],
            number=None if number is None else str(number),
            ordinal=d.get("ordinal"),
            kind=d.get("kind", ""),
            title=d.get("title", ""),
            text=d.get("text", ""),
            sentences=tuple(d.get("sentences", ())),
            pages=tuple(pages) if pages else None,  # type: ignore[arg-type]
            children=tuple(cls.from_dict(c) for c in d.get("children", ())),
        )


@dataclass(frozen=True)
class Section:
    """An outline division: 一、 heading, or 第X编/章/节 in a law.

    Its paragraphs are all in ``items`` (lead paragraphs as ``¶N`` items), so
    ``text`` is empty for sections the outline parser builds (kept for records
    written before); ``sections`` nests 节 under 章 (and 章 under 编).
    """

    path: str
    number: str | None
    ordinal: int | None
    kind: str
    title: str
    text: str = ""
    items: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()
    pages: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return (f"Section(path={self.path!r}, title={_short(self.title)!r}, "
                f"items={len(self.items)}, sections={len(self.sections)})")

    def iter_items(self) -> Iterator[Item]:
        """Top-level items of this section and its subsections, in document order."""
        yield from self.items
        for sub in self.sections:
            yield from sub.iter_items()

    def iter_sections(self) -> Iterator[Section]:
        yield self
        for sub in self.sections:
            yield from sub.iter_sections()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "number": self.number,
            "ordinal": self.ordinal,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "items": [i.to_dict() for i in self.items],
            "sections": [s.to_dict() for s in self.sections],
            "pages": list(self.pages) if self.pages else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Section:
        pages = d.get("pages")
        return cls(
            path=d.get("path", ""),
            number=d.get("number"),
            ordinal=d.get("ordinal"),
            kind=d.get("kind", ""),
            title=d.get("title", ""),
            text=d.get("text", ""),
            items=tuple(Item.from_dict(i) for i in d.get("items", ())),
            sections=tuple(cls.from_dict(s) for s in d.get("sections", ())),
            pages=tuple(pages) if pages else None,  # type: ignore[arg-type]
        )


_LIST_FIELDS = ("recipients", "cc", "attachments", "warnings")


@dataclass(frozen=True)
class Document:
    """A read and structured policy document.

    Metadata follows GB/T 9704-2012: 发文字号 (``doc_number``), 标题, 主送
    (``recipients``), 署名 (``issuer``), 成文日期 (``signed_date``, ISO), 抄送 (``cc``),
    印发机关 and 印发日期 (``printed_by``, ``printed_date``).  ``text`` is the whole
    cleaned text, one paragraph per line; ``removed`` is the audit log of cleaning.
    ``status`` is ``ok`` or ``degraded`` (see ``warnings``), never silent.
    ``kind`` is what the document is (``work_plan``, ``work_report``, ``law``,
    ``notice``, ``compilation``, ``standard`` or ``other``; see :mod:`policytext.kind`).
    """

    source: str = ""
    format: str = ""
    encoding: str | None = None
    sha256: str = ""
    pages: int = 0
    org_mark: str | None = None
    doc_number: str | None = None
    doc_number_parts: DocNumber | None = None
    title: str | None = None
    kind: str = "other"
    year: int | None = None
    issuer: str | None = None
    recipients: tuple[str, ...] = ()
    cover_letter: str | None = None
    signed_date: str | None = None
    cc: tuple[str, ...] = ()
    printed_by: str | None = None
    printed_date: str | None = None
    attachments: tuple[str, ...] = ()
    preamble: str = ""
    closing: str = ""
    sections: tuple[Section, ...] = ()
    text: str = ""
    removed: tuple[Removal, ...] = ()
    status: str = "ok"
    warnings: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        # Really frozen: ``meta`` cannot be changed through the document, and
        # ``hash(doc)`` works (every field is hashable).
        object.__setattr__(self, "meta", freeze(self.meta))

    def __repr__(self) -> str:
        """A short summary (the full record is ``to_json()``)."""
        name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        return (f"Document({_short(name, 40)!r}, title={_short(self.title, 40)!r}, "
                f"year={self.year}, sections={len(self.sections)}, items={len(self.items)}, "
                f"chars={len(self.text)}, status={self.status!r})")

    def _repr_html_(self) -> str:
        rows = [[it.path, _short(it.title, 40), len(it.text)] for it in self.items[:30]]
        return html_table(["path", "title", "chars"], rows, caption=repr(self),
                          more=max(len(self.items) - 30, 0))

    # -- navigation -------------------------------------------------------
    @property
    def items(self) -> tuple[Item, ...]:
        """Top-level items of every section, in document order."""
        return tuple(self.iter_items())

    def iter_items(self, *, deep: bool = False) -> Iterator[Item]:
        """Items in document order; ``deep=True`` also yields sub-items."""
        for section in self.sections:
            for item in section.iter_items():
                if deep:
                    yield from item.iter_items()
                else:
                    yield item

    def iter_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.iter_sections()

    def item(self, path: str) -> Item:
        """The item with this path (``KeyError`` if none)."""
        for it in self.iter_items(deep=True):
            if it.path == path:
                return it
        raise KeyError(path)

    def section_of(self, path: str) -> Section | None:
        """The innermost section holding the item with this path."""
        found = None
        for section in self.iter_sections():
            if any(it.path == path for it in section.items for it in it.iter_items()):
                found = section
        return found

    # -- JSON -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "doc_number_parts":
                value = asdict(value) if value else None
            elif f.name == "sections":
                value = [s.to_dict() for s in value]
            elif f.name == "removed":
                value = [r.to_dict() for r in value]
            elif f.name in _LIST_FIELDS:
                value = list(value)
            elif f.name == "meta":
                value = thaw(value)
            d[f.name] = value
        return d

    def to_json(self, *, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Document:
        from .errors import StructureError

        if not isinstance(d, Mapping):
            raise StructureError(f"a document record must be a JSON object, not {type(d).__name__}")
        kwargs: dict[str, Any] = {}
        names = {f.name for f in fields(cls)}
        for key, value in d.items():
            if key not in names:
                continue
            if key == "doc_number_parts":
                value = DocNumber(**value) if value else None
            elif key == "sections":
                value = tuple(Section.from_dict(s) for s in value)
            elif key == "removed":
                value = tuple(Removal.from_dict(r) for r in value)
            elif key in _LIST_FIELDS:
                value = tuple(value)
            elif key == "meta":
                value = value or {}
            kwargs[key] = value
        return cls(**kwargs)

    @classmethod
    def from_json(cls, text: str) -> Document:
        from .errors import StructureError

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StructureError(f"not a JSON document record: {exc}") from exc
        return cls.from_dict(data)

    # -- pandas -----------------------------------------------------------
    def to_frame(self, *, deep: bool = False):
        """One row per item: path, section, number, title, text, pages (pandas imported here)."""
        import pandas as pd

        rows = []
        for section in self.iter_sections():
            for top in section.items:
                for it in top.iter_items() if deep else (top,):
                    rows.append({
                        "source": self.source,
                        "title_doc": self.title,
                        "year": self.year,
                        "section": section.path,
                        "section_title": section.title,
                        "path": it.path,
                        "number": it.number,
                        "kind": it.kind,
                        "title": it.title,
                        "text": it.text,
                        "n_sentences": len(it.sentences),
                        "page_start": it.pages[0] if it.pages else None,
                        "page_end": it.pages[1] if it.pages else None,
                    })
        return pd.DataFrame(rows)
