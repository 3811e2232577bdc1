"""Issuers of a document and the co-issuing (联合发文) network of a corpus.

A document issued jointly names several 发文机关: in its 红头 (the 发文机关标志,
``Document.org_mark``: 国家发展改革委 财政部文件), before 关于 in its title (国家发展改革委
财政部关于…的通知) and in its 署名 (``Document.issuer``, or a ``signature`` field where a
reader provides one).  :func:`issuers` reads those fields — it does not parse the
document again — and returns the agencies in order of first mention, each under its
canonical name from the alias table (``data/agencies.toml``: 国家发展改革委, 发改委 →
国家发展和改革委员会).  Names printed together without a space (an extracted 红头 often
runs them together) are split by matching the table's names longest first; a stretch
the table does not know stays one name, as printed.

:func:`issuer_graph` makes the agency network of a corpus: an undirected
``networkx.Graph`` whose nodes are agencies (``documents``: how many documents each
issued or co-issued) and whose edges join agencies that issued a document together
(``weight``: how many such joint documents).  ``policytext graph CORPUS --issuers -o
FILE.graphml`` writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

from .data import loads_toml, read_text
from .errors import InputError

__all__ = ["AliasTable", "load_aliases", "split_names", "issuers", "issuer_graph"]

#: Separators between names printed on one line (spaces of any width, 、，,；).
_RE_SEPARATOR = re.compile(r"[\s\u3000、，,；;/]+")
#: What follows the names in a 红头 (…文件, …文件标志) or a title (…关于).
_RE_ORG_TAIL = re.compile(r"(?:联合)?(?:文件|文件标志|公文)$")
_RE_TITLE_HEAD = re.compile(r"^(?P<names>.+?)(?:联合)?(?:关于|印发|转发)")
_RE_CJK = re.compile(r"[\u4e00-\u9fff]")
#: A place name just before a known name makes it a local agency (江苏省 + 财政厅).
_RE_PLACE_END = re.compile(r"(?:省|市|自治区|特别行政区|自治州|州|地区|盟|县|区|旗)$")


@dataclass(frozen=True, eq=False)  # hashed by identity: one matcher per table
class AliasTable:
    """Every known name (canonical or alias) → its canonical name."""

    canonical: Mapping[str, str]
    source: str = ""

    def resolve(self, name: str) -> str:
        return self.canonical.get(name, name)


def load_aliases(path: str | Path | AliasTable | None = None) -> AliasTable:
    """The shipped alias table, or a TOML file of the same form (``[agencies]``, canonical
    name = [aliases]).  A bad file is an :class:`~policytext.errors.InputError`."""
    if isinstance(path, AliasTable):
        return path
    if path is None:
        return _builtin_aliases()
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the alias table {path}: {exc}") from exc
    return _parse_aliases(raw, str(path))


@lru_cache(maxsize=1)
def _builtin_aliases() -> AliasTable:
    raw = read_text("agencies.toml")
    return _parse_aliases(raw, "agencies (built in)")


def _parse_aliases(raw: str, source: str) -> AliasTable:
    try:
        table = loads_toml(raw).get("agencies")
    except ValueError as exc:
        raise InputError(f"alias table {source} is not valid TOML: {exc}") from exc
    if not isinstance(table, dict):
        raise InputError(f"alias table {source}: needs an [agencies] table of "
                         "canonical name = [aliases]")
    canonical: dict[str, str] = {}
    for name, aliases in table.items():
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(f"alias table {source}: {name!r} must map to a list of names")
        canonical[name] = name
        for alias in aliases:
            canonical.setdefault(alias, name)
    return AliasTable(canonical, source)


@lru_cache(maxsize=4)
def _name_pattern(table: AliasTable) -> re.Pattern[str]:
    names = sorted(table.canonical, key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in names))


def split_names(text: str | None, *, aliases: str | Path | AliasTable | None = None
                ) -> list[str]:
    """The agency names in ``text`` (one line of a 红头, a title's head or a 署名), canonical,
    in order, without repeats."""
    if not text:
        return []
    table = load_aliases(aliases)
    pattern = _name_pattern(table)
    out: list[str] = []
    for part in _RE_SEPARATOR.split(_RE_ORG_TAIL.sub("", text.strip())):
        part = _RE_ORG_TAIL.sub("", part)
        pos = 0
        for m in pattern.finditer(part):
            before = part[pos:m.start()]
            if _RE_PLACE_END.search(before):
                # 江苏省发展改革委 is the province's, not the national 发展改革委: as printed
                _keep_unknown(before + m.group(), out)
            else:
                _keep_unknown(before, out)
                out.append(table.resolve(m.group()))
            pos = m.end()
        _keep_unknown(part[pos:], out)
    return list(dict.fromkeys(out))


def _keep_unknown(stretch: str, out: list[str]) -> None:
    stretch = stretch.strip("（）()·")
    if len(_RE_CJK.findall(stretch)) >= 2:
        out.append(stretch)


def issuers(doc: Any, *, aliases: str | Path | AliasTable | None = None) -> tuple[str, ...]:
    """The agencies that issued ``doc``: its 红头 (``org_mark``), its title's head when every
    name there is a known agency, and its 署名 (``issuer``, ``signature``), canonical names
    in order of first mention."""
    table = load_aliases(aliases)
    found = split_names(getattr(doc, "org_mark", None), aliases=table)
    title = getattr(doc, "title", None) or ""
    m = _RE_TITLE_HEAD.match(title)
    if m:
        head = split_names(m.group("names"), aliases=table)
        if head and all(n in table.canonical.values() for n in head):
            found += head
    for field in ("issuer", "signature"):
        found += split_names(getattr(doc, field, None), aliases=table)
    return tuple(dict.fromkeys(found))


def issuer_graph(corpus: Iterable[Any], *, aliases: str | Path | AliasTable | None = None):
    """The co-issuing network of the documents of ``corpus`` (a Corpus, its entries, or
    documents): nodes are agencies with ``documents`` (issued or co-issued) and ``joint``
    (co-issued); an edge joins two agencies for every document they issued together,
    ``weight`` counting those documents.  ``graph["documents"]`` is how many documents
    were read, ``graph["joint"]`` how many had two issuers or more."""
    import networkx as nx

    table = load_aliases(aliases)
    g = nx.Graph(kind="issuers", aliases=table.source)
    n_docs = n_joint = 0
    for unit in corpus:
        doc = getattr(unit, "doc", unit)
        names = issuers(doc, aliases=table)
        n_docs += 1
        for name in names:
            if name not in g:
                g.add_node(name, documents=0, joint=0)
            g.nodes[name]["documents"] += 1
            if len(names) > 1:
                g.nodes[name]["joint"] += 1
        if len(names) > 1:
            n_joint += 1
            for a, b in combinations(sorted(names), 2):
                if g.has_edge(a, b):
                    g[a][b]["weight"] += 1
                else:
                    g.add_edge(a, b, weight=1)
    g.graph["documents"] = n_docs
    g.graph["joint"] = n_joint
    return g
