"""Render a :class:`~policytext.model.Document` for people: Markdown and plain text."""

from __future__ import annotations

from .model import Document, Item, Removal, Section

__all__ = ["to_markdown", "to_text", "removed_lines"]

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


def _meta_rows(doc: Document) -> list[tuple[str, str]]:
    rows = []
    for label, name in _META:
        value = getattr(doc, name)
        if value in (None, "", ()):
            continue
        if isinstance(value, tuple):
            value = "、".join(value)
        rows.append((label, str(value)))
    return rows


def removed_lines(removed: tuple[Removal, ...]) -> list[str]:
    out = []
    for r in removed:
        what = repr(r.text) if not r.replacement else f"{r.text!r} → {r.replacement!r}"
        where = f" p.{r.page}" if r.page else ""
        ctx = f" between {r.between[0]!r} and {r.between[1]!r}" if r.between else ""
        out.append(f"{r.kind}{where}: {what}{ctx} ({r.reason})")
    return out


def _md_item(item: Item, depth: int) -> list[str]:
    pad = "  " * depth
    first = item.text.splitlines()[0] if item.text else ""
    lines = [f"{pad}- **{item.number or item.path}** {first}"]
    for extra in item.text.splitlines()[1:]:
        lines.append(f"{pad}  {extra}")
    return lines


def _md_section(section: Section, level: int) -> list[str]:
    lines: list[str] = []
    if section.number:
        lines += [f"{'#' * min(level, 6)} {section.number} {section.title}".rstrip(), ""]
    if section.text:
        lines += [section.text, ""]
    for item in section.items:
        lines += _md_item(item, 0)
    if section.items:
        lines.append("")
    for sub in section.sections:
        lines += _md_section(sub, level + 1)
    return lines


def to_markdown(doc: Document, *, show_removed: bool = False) -> str:
    lines = [f"# {doc.title or doc.source or '(untitled)'}", ""]
    rows = _meta_rows(doc)
    if rows:
        lines += ["| 要素 | 内容 |", "|---|---|"]
        lines += [f"| {k} | {v.replace('|', '｜')} |" for k, v in rows]
        lines.append("")
    if doc.cover_letter:
        lines += ["> " + doc.cover_letter.replace("\n", "\n> "), ""]
    if doc.preamble:
        lines += [doc.preamble, ""]
    for section in doc.sections:
        lines += _md_section(section, 2)
    if doc.warnings:
        lines += ["## Warnings", ""] + [f"- {w}" for w in doc.warnings] + [""]
    if show_removed:
        lines += ["## Removed and repaired", ""]
        lines += [f"- {line}" for line in removed_lines(doc.removed)] + [""]
    return "\n".join(lines).rstrip() + "\n"


def to_text(doc: Document, *, show_removed: bool = False) -> str:
    lines = [doc.title or doc.source or "(untitled)"]
    lines += [f"  {k}: {v}" for k, v in _meta_rows(doc) if k != "标题"]
    lines.append("")
    if doc.preamble:
        lines += [doc.preamble, ""]
    for section in doc.iter_sections():
        if section.number:
            lines.append(f"{section.path}  {section.title}")
        for item in section.items:
            for it in item.iter_items():
                lines.append(f"  [{it.path}] {it.title}")
    if doc.warnings:
        lines += ["", "warnings:"] + [f"  {w}" for w in doc.warnings]
    if show_removed:
        lines += ["", f"removed and repaired ({len(doc.removed)}):"]
        lines += [f"  {line}" for line in removed_lines(doc.removed)]
    return "\n".join(lines) + "\n"
