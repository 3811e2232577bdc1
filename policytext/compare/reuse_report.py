"""Render a :class:`~policytext.compare.reuse.ReuseResult`: JSON, CSV, Markdown, HTML, text,
and the per-document table.

- ``to_json``: a list of ``{"source": {"doc", "path", "start", "end", "text"}, "target":
  {…}, "chars", "similarity", "boilerplate", "lag_years", "directed", "share",
  "relation"}``;
- ``to_csv``: the same, one flat row per edge;
- ``document_table``: per document, the share of its text reused from earlier
  documents (boilerplate not counted), the share shared with documents of the same
  date, its boilerplate share and its top sources;
- ``to_markdown`` and ``to_text``: the table, then the edges;
- ``to_html``: one self-contained page (inline CSS, no scripts; the template is
  ``data/reuse.html``): the table, then each edge side by side, the reused span
  highlighted in its passage, with the words the target changed; Jinja2 with
  autoescape, so every document string is escaped.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

from .reuse import Reuse, ReuseResult, _flat

__all__ = ["to_json", "to_csv", "to_markdown", "to_text", "to_html", "document_table",
           "TABLE_COLUMNS"]

TABLE_COLUMNS = ("doc", "title", "year", "issuer", "level", "chars", "reused_chars",
                 "reused_share", "same_date_chars", "same_date_share", "boilerplate_chars",
                 "boilerplate_share", "top_sources")
_CONTEXT = 60


def _union(spans: list[tuple[str, int, int]]) -> int:
    """Characters covered by (passage, start, end) spans."""
    by_path: dict[str, list[tuple[int, int]]] = {}
    for path, s, e in spans:
        by_path.setdefault(path, []).append((s, e))
    total = 0
    for ranges in by_path.values():
        end = -1
        for s, e in sorted(ranges):
            if e <= end:
                continue
            total += e - max(s, end)
            end = e
    return total


def document_table(result: ReuseResult, *, top: int = 3) -> list[dict[str, Any]]:
    """One row per document (see :data:`TABLE_COLUMNS`); ``top_sources`` is a list of
    ``[doc, chars]`` (characters of this document reused from that one)."""
    rows = []
    for d in result.documents:
        reused, same, boiler = [], [], []
        by_source: dict[str, list[tuple[str, int, int]]] = {}
        for e in result.edges:
            if e.target.doc == d.doc:
                span = (e.target.path, e.target.start, e.target.end)
                if e.boilerplate:
                    boiler.append(span)
                elif e.directed:
                    reused.append(span)
                    by_source.setdefault(e.source.doc, []).append(span)
                else:
                    same.append(span)
            elif not e.directed and not e.boilerplate and e.source.doc == d.doc:
                same.append((e.source.path, e.source.start, e.source.end))
        sources = sorted(((doc, _union(s)) for doc, s in by_source.items()),
                         key=lambda x: (-x[1], x[0]))[:top]
        chars = max(1, d.chars)
        r, s, b = _union(reused), _union(same), _union(boiler)
        rows.append({"doc": d.doc, "title": d.title, "year": d.year, "issuer": d.issuer,
                     "level": d.level, "chars": d.chars, "reused_chars": r,
                     "reused_share": round(r / chars, 4), "same_date_chars": s,
                     "same_date_share": round(s / chars, 4), "boilerplate_chars": b,
                     "boilerplate_share": round(b / chars, 4),
                     "top_sources": [list(x) for x in sources]})
    return rows


def to_json(result: ReuseResult, *, documents: bool = False, indent: int | None = 1) -> str:
    data: Any = document_table(result) if documents else result.to_dicts()
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def to_csv(result: ReuseResult, *, documents: bool = False) -> str:
    buf = io.StringIO()
    if documents:
        w = csv.DictWriter(buf, fieldnames=TABLE_COLUMNS, lineterminator="\n")
        w.writeheader()
        for row in document_table(result):
            w.writerow({**row, "top_sources": "; ".join(f"{d} ({n})"
                                                        for d, n in row["top_sources"])})
        return buf.getvalue()
    rows = [_flat(e) for e in result.edges]
    fields = list(rows[0]) if rows else list(_flat(_EMPTY))
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _empty_edge() -> Reuse:
    from .reuse import Span

    span = Span("", "", 0, 0, "")
    return Reuse(span, span, 0, 0.0, False, None)


_EMPTY = _empty_edge()


def _summary(result: ReuseResult) -> str:
    st = result.stats
    n_boiler = sum(e.boilerplate for e in result.edges)
    return (f"{st['documents']} documents, {st['passages']} passages; "
            f"{st['candidate_windows']} candidate windows aligned in "
            f"{st['candidate_passage_pairs']} of {st['all_passage_pairs']} passage pairs; "
            f"{len(result.edges) - n_boiler} reuse edges, {n_boiler} boilerplate "
            f"(boilerplate: a run in ≥ {st['boilerplate_min_sources']} of "
            f"{st['sources']} sources)")


def _lag(e: Reuse) -> str:
    if e.lag_years is None:
        return "lag ?"
    return f"lag {e.lag_years}y" if e.directed else "same date"


def _edge_head(e: Reuse) -> str:
    kind = "boilerplate" if e.boilerplate else (e.relation or "reuse")
    return (f"{e.source.doc}#{e.source.path}[{e.source.start}:{e.source.end}] → "
            f"{e.target.doc}#{e.target.path}[{e.target.start}:{e.target.end}]  "
            f"{e.chars} chars, similarity {e.similarity:.2f}, {_lag(e)}, {kind}")


def to_text(result: ReuseResult, *, documents: bool = False) -> str:
    lines = [_summary(result), ""]
    if documents:
        for row in document_table(result):
            src = ", ".join(f"{d} ({n})" for d, n in row["top_sources"]) or "—"
            lines.append(f"{row['doc']}  {row['year'] or '?'}  reused {row['reused_share']:.1%}"
                         f"  same date {row['same_date_share']:.1%}"
                         f"  boilerplate {row['boilerplate_share']:.1%}  from: {src}")
        return _lines(lines)
    for e in result.edges:
        lines.append(_edge_head(e))
        lines.append(f"    {e.source.text}")
        if e.target.text != e.source.text:
            lines.append(f"    {e.target.text}")
        lines.append("")
    return _lines(lines).rstrip("\n") + "\n"


def _lines(lines: list[str]) -> str:
    """One report line per entry: a control character or newline inside one (a file name
    that holds them) is shown as its escape, so no entry forges or hides a line."""
    from ..visible import escape_controls

    return "\n".join(escape_controls(line) for line in lines) + "\n"


def _md(text: str) -> str:
    from .diff import _md as escape

    return escape(text).replace("\n", " ")


def to_markdown(result: ReuseResult) -> str:
    from .align import word_diff

    out = ["# Text reuse", "", _md(_summary(result)), "",
           "| document | year | level | reused | same date | boilerplate | top sources |",
           "|---|---|---|---|---|---|---|"]
    for row in document_table(result):
        src = "; ".join(f"{_md(d)} ({n})" for d, n in row["top_sources"]) or "—"
        out.append(f"| {_md(row['doc'])} | {row['year'] or ''} | {row['level'] or ''} | "
                   f"{row['reused_share']:.1%} | {row['same_date_share']:.1%} | "
                   f"{row['boilerplate_share']:.1%} | {src} |")
    out.append("")
    for e in result.edges:
        out.append(f"## {_md(_edge_head(e))}")
        out.append("")
        parts = []
        for op, text in word_diff(e.source.text, e.target.text):
            t = _md(text)
            if not t:
                continue
            parts.append(t if op == "equal" else f"~~{t}~~" if op == "delete" else f"**{t}**")
        out.append("".join(parts))
        out.append("")
    return "\n".join(out)




def _context(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - _CONTEXT):start]
    after = text[end:end + _CONTEXT]
    return ("…" + before if start > _CONTEXT else before,
            after + "…" if end + _CONTEXT < len(text) else after)


def to_html(result: ReuseResult, *, limit: int | None = 500) -> str:
    """One self-contained page; every document string is escaped by Jinja2."""
    from jinja2 import Environment

    from .align import word_diff

    shown = result.edges if limit is None else result.edges[:limit]
    edges = []
    for e in shown:
        ops = word_diff(e.source.text, e.target.text)
        sb, sa = _context(result.passages.get((e.source.doc, e.source.path), ""),
                          e.source.start, e.source.end)
        tb, ta = _context(result.passages.get((e.target.doc, e.target.path), ""),
                          e.target.start, e.target.end)
        edges.append({
            "source": e.source, "target": e.target, "chars": e.chars,
            "similarity": e.similarity, "boilerplate": e.boilerplate,
            "kind": "boilerplate 套话" if e.boilerplate else (e.relation or "reuse"),
            "lag": _lag(e), "source_before": sb, "source_after": sa,
            "target_before": tb, "target_after": ta,
            "source_parts": [(op, t) for op, t in ops if op in ("equal", "delete")],
            "target_parts": [(op, t) for op, t in ops if op in ("equal", "insert")]})
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    template = resources.files("policytext.data").joinpath("reuse.html").read_text("utf-8")
    from ..visible import visible_markup

    return visible_markup(env.from_string(template).render(
        summary=_summary(result), table=document_table(result), edges=edges,
        more=len(result.edges) - len(shown),
        synthetic=any(d.synthetic for d in result.documents)))
