"""Render a :class:`~policytext.model.Document` for people: Markdown and plain text.

Both forms print numbers as the document prints them (``一、``, ``（一）``, ``1．``,
``第三条``), so a law reads as 章/节/条 and a report as 一、/（一）.  Markdown
gives the whole text; plain text gives the outline (one line per item, its
title).  Neither is meant to be parsed back: use JSON for that.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Document, Item, Removal, Section

__all__ = ["to_markdown", "to_text", "removed_lines", "printed_number"]

_META = (
    ("发文机关标志", "org_mark"),
    ("发文字号", "doc_number"),
    ("标题", "title"),
    ("年度", "year"),
    ("主送", "recipients"),
    ("署名", "issuer"),
    ("成文日期", "signed_date"),
    ("抄送", "cc"),
    ("印发机关", "printed_by"),
    ("印发日期", "printed_date"),
    ("附件", "attachments"),
)
_META_EXTRA = (("报告日期", "delivered"), ("会议", "event"), ("报告人", "speaker"),
               ("来源", "source_name"), ("发布时间", "published"))
#: What each kind of document is called in the outline's head.
_KIND_LABEL = {"work_plan": "工作要点/计划", "work_report": "工作报告", "law": "法律法规",
               "notice": "通知/批复/函", "compilation": "汇编", "standard": "标准"}


def _meta_rows(doc: Document) -> list[tuple[str, str]]:
    rows = []
    if doc.kind in _KIND_LABEL:
        rows.append(("文种", f"{_KIND_LABEL[doc.kind]} ({doc.kind})"))
    for label, name in _META:
        value = getattr(doc, name)
        if value in (None, "", ()):
            continue
        if isinstance(value, tuple):
            value = "、".join(value)
        rows.append((label, str(value)))
    for label, key in _META_EXTRA:
        if doc.meta.get(key):
            rows.append((label, str(doc.meta[key])))
    revisions = doc.meta.get("revisions") or ()
    if revisions:
        rows.append(("沿革", "；".join(f"{r.get('date') or '?'} {r.get('event', '')}"
                                      for r in revisions)))
    return rows


def removed_lines(removed: Iterable[Removal]) -> list[str]:
    out = []
    for r in removed:
        what = repr(r.text) if not r.replacement else f"{r.text!r} → {r.replacement!r}"
        where = f" p.{r.page}" if r.page else ""
        ctx = f" between {r.between[0]!r} and {r.between[1]!r}" if r.between else ""
        out.append(f"{r.kind}{where}: {what}{ctx} ({r.reason})")
    return out


def printed_number(number: str | None, kind: str) -> str:
    """A number with the punctuation it is printed with: 一 → 一、, 1 → 1．, 第三条 → 第三条."""
    if not number or kind in ("paragraph", "list", "implicit", "heading"):
        return ""
    if kind == "cn":
        return f"{number}、"
    if kind == "arabic":
        return f"{number}．"
    if kind in ("part", "chapter", "division", "article", "annex"):
        return f"{number} "
    return number  # （一） （1） ① already carry their brackets


def _heading(section: Section) -> str:
    return f"{printed_number(section.number, section.kind)}{section.title}".strip()


def _depth_of(path: str, base: int) -> int:
    return max(0, path.count("/") - base)


# ---------------------------------------------------------------------------
# Markdown


def _md_escape(line: str) -> str:
    """Keep a line of document text from turning into Markdown structure."""
    if line[:1] in "#>-+*|" or line[:1].isdigit() and "." in line[:4]:
        return "\\" + line
    return line


def _md_item(item: Item, depth: int) -> list[str]:
    pad = "  " * depth
    text_lines = item.text.splitlines() or [""]
    if item.kind == "paragraph":
        return [f"{pad}{_md_escape(text_lines[0])}" if depth else _md_escape(text_lines[0])] + \
            [f"{pad}{_md_escape(x)}" for x in text_lines[1:]]
    if item.kind == "list" and item.number and text_lines[0].startswith(item.number):
        first = f"**{item.number}**{text_lines[0][len(item.number):]}"
    else:
        label = printed_number(item.number, item.kind) or item.path
        first = f"**{label.strip()}**{' ' if label.endswith(' ') else ''}{text_lines[0]}"
    # further paragraphs (款, sub-items as printed) as paragraphs of the same list item
    out = [f"{pad}- {first}"]
    for x in text_lines[1:]:
        out += ["", f"{pad}  {x}"]
    return out


def _md_section(section: Section, level: int) -> list[str]:
    lines: list[str] = []
    if section.path:
        lines += [f"{'#' * min(level, 6)} {_heading(section)}".rstrip(), ""]
    if section.text:
        lines += [_md_escape(x) for x in section.text.splitlines()] + [""]
    for item in section.items:
        if lines and lines[-1] != "" and (item.kind == "paragraph" or "\n" in item.text
                                          or lines[-1].startswith("  ")):
            lines.append("")  # keep paragraphs and multi-paragraph items apart
        lines += _md_item(item, 0)
        if item.kind == "paragraph":
            lines.append("")
    if section.items and lines[-1] != "":
        lines.append("")
    for sub in section.sections:
        lines += _md_section(sub, level + 1)
    return lines


def to_markdown(doc: Document, *, show_removed: bool = False) -> str:
    """The whole document as Markdown: a metadata table, then the outline with its text."""
    lines = [f"# {doc.title or doc.source or '(untitled)'}", ""]
    rows = _meta_rows(doc)
    if rows:
        lines += ["| 要素 | 内容 |", "|---|---|"]
        lines += [f"| {k} | {v.replace('|', '｜')} |" for k, v in rows]
        lines.append("")
    if doc.cover_letter:
        lines += ["> " + doc.cover_letter.replace("\n", "\n> "), ""]
    if doc.preamble:
        lines += [_md_escape(x) for x in doc.preamble.splitlines()] + [""]
    # the closing's paragraphs are a section of items too: printed as the closing
    for section in (s for s in doc.sections if s.kind not in ("annex", "closing")):
        lines += _md_section(section, 2)
    if doc.closing:
        lines += [_md_escape(x) for x in doc.closing.splitlines()] + [""]
    for section in (s for s in doc.sections if s.kind == "annex"):
        lines += _md_section(section, 2)
    if doc.warnings:
        lines += ["## Warnings", ""] + [f"- {w}" for w in doc.warnings] + [""]
    if show_removed:
        lines += [f"## Removed and repaired ({len(doc.removed)})", ""]
        lines += [f"- {line}" for line in removed_lines(doc.removed)] + [""]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------
# Plain text: the outline

_TITLE_WIDTH = 60


def _short(text: str, width: int = _TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _text_item(item: Item, indent: int) -> list[str]:
    pad = "  " * indent
    if item.kind == "paragraph":
        line = f"{pad}{item.path.rsplit('/', 1)[-1]} {_short(item.title)}"
    elif item.kind == "list":
        line = f"{pad}{_short(item.title)}"
    else:
        line = f"{pad}{printed_number(item.number, item.kind)}{_short(item.title)}"
    out = [line]
    for child in item.children:
        out += _text_item(child, indent + 1)
    return out


def to_text(doc: Document, *, show_removed: bool = False) -> str:
    """The outline: metadata, then one line per section and per item (its title)."""
    lines = [doc.title or doc.source or "(untitled)"]
    lines += [f"  {k}: {v}" for k, v in _meta_rows(doc) if k != "标题"]
    if doc.cover_letter:  # the 印发 notice's own words
        first, *rest = doc.cover_letter.splitlines()
        lines += [f"  印发说明: {first}"] + [f"            {x}" for x in rest]
    lines.append("")
    if doc.preamble:
        lines += [_short(x, 80) for x in doc.preamble.splitlines()] + [""]
    closing_done = False
    for section in doc.iter_sections():
        if section.kind == "closing":
            continue  # printed as the closing, below
        if section.kind == "annex" and not closing_done and doc.closing:
            lines += [_short(x, 80) for x in doc.closing.splitlines()]
            closing_done = True
        depth = section.path.count("/") if section.path else 0
        if section.path:
            lines.append("  " * depth + _heading(section))
        for item in section.items:
            lines += _text_item(item, depth + 1 if section.path else 0)
    if doc.closing and not closing_done:
        lines += [_short(x, 80) for x in doc.closing.splitlines()]
    if doc.warnings:
        lines += ["", "warnings:"] + [f"  {w}" for w in doc.warnings]
    if show_removed:
        lines += ["", f"removed and repaired ({len(doc.removed)}):"]
        lines += [f"  {line}" for line in removed_lines(doc.removed)]
    return "\n".join(lines) + "\n"
