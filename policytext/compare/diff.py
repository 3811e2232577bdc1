"""Render a :class:`~policytext.compare.align.Comparison`: text, Markdown, HTML, JSON.

- ``to_text``: for a terminal; ANSI colours only when asked (the CLI asks when
  stdout is a tty and ``NO_COLOR`` is unset), else ``[-deleted-]{+inserted+}``.
- ``to_markdown``: a summary table, then each change with ~~deletions~~ and **insertions**.
- ``to_html``: one self-contained page (inline CSS, no scripts, no CDN): the summary
  on top, then every aligned item side by side with word-level deletions and
  insertions; moves, splits and merges are marked.  Jinja2 with autoescape: every
  string from a document (titles, file names, text) is escaped.
- ``to_json``: ``{"old", "new", "summary", "sections", "preamble", "changes": [{"type",
  "old", "new", "similarity", "inline"}]}``.

Every format shows the preamble (the opening paragraph, a work plan's 总体要求) first,
as a change with path ``preamble``; the summary counts items only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .align import CHANGE_TYPES, Change, Comparison

__all__ = ["to_text", "to_markdown", "to_html", "to_json", "LABELS_ZH"]

LABELS_ZH = {"unchanged": "未变", "modified": "修改", "moved": "移动", "split": "拆分",
             "merged": "合并", "added": "新增", "removed": "删除"}

_ANSI = {"delete": "\x1b[31;9m", "insert": "\x1b[32;1m", "head": "\x1b[1m",
         "dim": "\x1b[2m", "reset": "\x1b[0m"}
_TYPE_COLOUR = {"unchanged": "\x1b[2m", "modified": "\x1b[33m", "moved": "\x1b[35m",
                "split": "\x1b[36m", "merged": "\x1b[36m", "added": "\x1b[32m",
                "removed": "\x1b[31m"}


def _name(meta_doc) -> str:
    """A document's name for a report heading: one line, controls shown as escapes."""
    from ..visible import escape_controls

    label = escape_controls(meta_doc.title or meta_doc.source or "?")
    return f"{label} ({meta_doc.year})" if meta_doc.year else label


def _arrow(ch: Change) -> str:
    old = " + ".join(ch.old) or "∅"
    new = " + ".join(ch.new) or "∅"
    return f"{old} → {new}"


def _section_label(doc, path: str) -> str:
    """The section holding an item, as printed: 一「2016年工作回顾」."""
    section = doc.section_of(path)
    if section is None:
        return "—"
    number = section.path or section.number or ""
    return f"{number}「{section.title}」" if section.title else number or "—"


def _note(ch: Change, cmp: Comparison) -> str:
    """What a reader should notice about a change besides its text."""
    if ch.type == "moved":
        old, new = _section_label(cmp.old, ch.old[0]), _section_label(cmp.new, ch.new[0])
        note = f"moved from section {old} to {new}"
        section = cmp.old.section_of(ch.old[0])
        counterpart = [b for a, b in cmp.section_map if section and a == section.path]
        if counterpart and old.split("「")[0] == new.split("「")[0]:
            # same number, other section: say which section the old one became
            note += f"; old {old.split('「')[0]} corresponds to new {', '.join(counterpart)}"
        return note
    partial = _partial_note(ch, cmp)
    if ch.type == "split":
        return f"split into {len(ch.new)} items" + partial
    if ch.type == "merged":
        return f"{len(ch.old)} items merged" + partial
    notes = []
    if ch.type == "unchanged" and ch.old != ch.new:
        notes.append("renumbered")
    if ch.note:
        notes.append(ch.note)
    return ("; ".join(notes) + partial).lstrip("; ")


def _partial_note(ch: Change, cmp: Comparison) -> str:
    """Links of this change's items into other changes (a many-to-many regrouping)."""
    out = [f"{lk.old} also continues in {lk.new}" for lk in cmp.partial_links
           if lk.old in ch.old]
    out += [f"{lk.new} also continues {lk.old}" for lk in cmp.partial_links
            if lk.new in ch.new and lk.old not in ch.old]
    return "; " + "; ".join(out) if out else ""


def _gap_line(cmp: Comparison) -> str:
    from ..corpus import gap_note

    return gap_note(cmp.gap_years)


def _summary_line(cmp: Comparison) -> str:
    return ", ".join(f"{k} {v}" for k, v in cmp.summary.items())


def to_text(cmp: Comparison, *, color: bool = False, show_unchanged: bool = False,
            brief: bool = False) -> str:
    """Plain or coloured text; unchanged items are listed as one line each unless
    ``show_unchanged`` asks for their text; ``brief`` gives one line per change.

    A control or bidi character of a name or a text shows as its escape (a name's newline
    too), so the colours are the only escape sequences in the result."""
    from ..visible import escape_controls as esc

    def c(key: str, s: str) -> str:
        return f"{key}{s}{_ANSI['reset']}" if color and s else s

    lines = [c(_ANSI["head"], esc(f"{_name(cmp.old)}  →  {_name(cmp.new)}"))]
    if _gap_line(cmp):
        lines.append(esc(_gap_line(cmp)))
    lines += [_summary_line(cmp), ""]
    for ch in cmp.every_change:
        head = f"[{ch.type} {ch.similarity:.2f}] {_arrow(ch)}"
        note = _note(ch, cmp)
        lines.append(c(_TYPE_COLOUR[ch.type], esc(head + (f"  ({note})" if note else ""))))
        if brief or (ch.type == "unchanged" and not show_unchanged):
            continue
        body = []
        for op, text in ch.inline:
            text = esc(text, keep="\n")
            if op == "equal":
                body.append(text)
            elif color:
                body.append(c(_ANSI[op], text))
            else:
                body.append(f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
        lines.extend("    " + ln for ln in "".join(body).split("\n"))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_RE_MD = re.compile(r"([\\`*_~\[\]<>#|])")


def _md(text: str) -> str:
    return _RE_MD.sub(r"\\\1", text)


def to_markdown(cmp: Comparison) -> str:
    """Markdown: summary table, then one block per change (unchanged items in one list)."""
    out = [f"# {_md(_name(cmp.old))} → {_md(_name(cmp.new))}", ""]
    if _gap_line(cmp):
        out += [f"**{_md(_gap_line(cmp))}**", ""]
    out += ["| " + " | ".join(CHANGE_TYPES) + " |",
            "|" + "---|" * len(CHANGE_TYPES),
            "| " + " | ".join(str(v) for v in cmp.summary.values()) + " |", ""]
    unchanged = [ch for ch in cmp.every_change if ch.type == "unchanged"]
    for ch in cmp.every_change:
        if ch.type == "unchanged":
            continue
        note = _note(ch, cmp)
        out.append(f"## {ch.type} · {_md(_arrow(ch))} · {ch.similarity:.2f}"
                   + (f" · {note}" if note else ""))
        out.append("")
        parts = []
        for op, text in ch.inline:
            for k, piece in enumerate(text.split("\n")):
                if k:
                    parts.append("\n\n")
                if not piece:
                    continue
                if op == "equal":
                    parts.append(_md(piece))
                elif op == "delete":
                    parts.append(f"~~{_md(piece)}~~")
                else:
                    parts.append(f"**{_md(piece)}**")
        out.append("".join(parts))
        out.append("")
    if unchanged:
        out.append("## unchanged")
        out.append("")
        out.extend(f"- {_md(_arrow(ch))}" + (" (renumbered)" if ch.old != ch.new else "")
                   for ch in unchanged)
        out.append("")
    return "\n".join(out)


def to_json(cmp: Comparison, *, indent: int | None = 1) -> str:
    return json.dumps(cmp.to_dict(), ensure_ascii=False, indent=indent) + "\n"


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{ old_name }} → {{ new_name }}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
       "PingFang SC", "Microsoft YaHei", "Noto Serif CJK SC", sans-serif;
       margin: 1.5rem; color: #1d1d1f; line-height: 1.7; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
.files { color: #555; font-size: .85rem; margin-bottom: .8rem; }
.gap { background: #fde2e1; border: 1px solid #e8a09a; padding: .2rem .5rem;
       margin-bottom: .8rem; display: inline-block; }
.synthetic { background: #fff3cd; border: 1px solid #e0c36a; padding: .1rem .4rem; }
table.summary { border-collapse: collapse; margin-bottom: 1.2rem; }
table.summary td, table.summary th { border: 1px solid #ccc; padding: .2rem .7rem;
                                     text-align: center; }
.change { border: 1px solid #ddd; border-radius: 4px; margin: .8rem 0; }
.change > header { background: #f5f5f7; padding: .3rem .6rem; font-size: .9rem; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 3px; color: #fff;
         margin-right: .4rem; }
.t-unchanged { background: #8e8e93; } .t-modified { background: #b36b00; }
.t-moved { background: #8e44ad; } .t-split, .t-merged { background: #1a7f8e; }
.t-added { background: #2e7d32; } .t-removed { background: #c62828; }
.note { color: #8e44ad; margin-left: .5rem; }
.sim { color: #666; float: right; }
.sides { display: grid; grid-template-columns: 1fr 1fr; }
.side { padding: .5rem .7rem; white-space: pre-wrap; }
.side + .side { border-left: 1px solid #eee; }
.path { display: block; color: #666; font-size: .8rem; }
del { background: #ffd7d5; color: #82071e; text-decoration: line-through; }
ins { background: #ccffd8; color: #055d20; text-decoration: none; }
details.unchanged summary { cursor: pointer; color: #555; }
</style>
</head>
<body>
<h1>{{ old_name }} → {{ new_name }}</h1>
<div class="files">{{ old_source }} → {{ new_source }}
{% if synthetic %}<span class="synthetic">含合成数据 (synthetic data)</span>{% endif %}</div>
{% if gap %}<div class="gap">非连续年份 · {{ gap }}</div>{% endif %}
<table class="summary">
<tr>{% for t, n in summary %}
<th><span class="badge t-{{ t }}">{{ labels[t] }}</span>{{ t }}</th>
{% endfor %}</tr>
<tr>{% for t, n in summary %}<td>{{ n }}</td>{% endfor %}</tr>
</table>
{% for ch in changes %}
<section class="change c-{{ ch.type }}" id="c{{ loop.index }}">
<header><span class="badge t-{{ ch.type }}">{{ labels[ch.type] }} {{ ch.type }}</span>{{ ch.arrow }}
{% if ch.note %}<span class="note">{{ ch.note }}</span>{% endif %}
<span class="sim">相似度 {{ "%.2f"|format(ch.similarity) }}</span></header>
{% if ch.type == "unchanged" %}<details class="unchanged"><summary>原文未变</summary>{% endif %}
<div class="sides">
<div class="side old"><span class="path">{{ ch.old_paths }}</span>
{%- for op, text in ch.old_parts %}
{%- if op == "delete" %}<del>{{ text }}</del>{% else %}{{ text }}{% endif %}
{%- endfor %}</div>
<div class="side new"><span class="path">{{ ch.new_paths }}</span>
{%- for op, text in ch.new_parts %}
{%- if op == "insert" %}<ins>{{ text }}</ins>{% else %}{{ text }}{% endif %}
{%- endfor %}</div>
</div>
{% if ch.type == "unchanged" %}</details>{% endif %}
</section>
{% endfor %}
</body>
</html>
"""


def _html_env():
    from jinja2 import Environment

    return Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def to_html(cmp: Comparison) -> str:
    """One self-contained HTML page; every document string is escaped by Jinja2, and a
    control or bidi character shows as its escape (:func:`~policytext.visible.visible_markup`)."""
    from ..visible import visible_markup

    changes: list[dict[str, Any]] = []
    for ch in cmp.every_change:
        changes.append({
            "type": ch.type, "similarity": ch.similarity, "arrow": _arrow(ch),
            "note": _note(ch, cmp),
            "old_paths": " + ".join(ch.old) or "—", "new_paths": " + ".join(ch.new) or "—",
            "old_parts": [(op, t) for op, t in ch.inline if op in ("equal", "delete")],
            "new_parts": [(op, t) for op, t in ch.inline if op in ("equal", "insert")],
        })
    synthetic = bool(cmp.old.meta.get("synthetic") or cmp.new.meta.get("synthetic"))
    return visible_markup(_html_env().from_string(_TEMPLATE).render(
        old_name=_name(cmp.old), new_name=_name(cmp.new), gap=_gap_line(cmp),
        old_source=cmp.old.source, new_source=cmp.new.source, synthetic=synthetic,
        summary=list(cmp.summary.items()), labels=LABELS_ZH, changes=changes))
