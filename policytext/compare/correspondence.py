"""新旧条文对照表: a comparison as a table of old article → new article.

The table legal researchers expect of a revision (as 北大法宝 prints one): one row per
link in the order of the new text (a removed article where it stood), with the old and
the new article, the change (修改, 未作修改, 新增, 删除, 拆分, 合并, 移动), whether the
article was renumbered, a note (格式调整 when only full/half width, 〇/○ or the commas of
an enumeration differ, which is no amendment), and both texts.

``policytext diff OLD NEW --format table`` prints it as CSV, or writes ``-o FILE`` as
``.csv``, ``.xlsx``, ``.md`` or ``.json``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from .align import Comparison

__all__ = ["COLUMNS", "HEADERS_ZH", "table_rows", "render_table", "TABLE_SUFFIXES"]

#: Row keys (JSON) and their Chinese headers (CSV, XLSX, Markdown).
COLUMNS = ("old", "new", "change", "change_zh", "renumbered", "note", "old_text", "new_text")
HEADERS_ZH = ("原条文", "新条文", "变化类型", "变化", "序号变化", "说明", "原条文内容",
              "新条文内容")
CHANGE_ZH = {"unchanged": "未作修改", "modified": "修改", "moved": "移动", "split": "拆分",
             "merged": "合并", "added": "新增", "removed": "删除", "partial": "部分内容移入"}
TABLE_SUFFIXES = (".csv", ".xlsx", ".md", ".json")


_NOTE_ZH = (("formatting only: ", "格式调整（未作修改）："), ("full/half width", "全角/半角"),
            ("punctuation (、/，)", "标点（、/，）"), ("spacing", "空格"),
            ("characters written alike", "字形"), (", ", "、"))


def _note_zh(note: str) -> str:
    for en, zh in _NOTE_ZH:
        note = note.replace(en, zh)
    return note


def _number(path: str) -> str:
    """The last part of a path: 第十三条 of 第二章/第一节/第十三条."""
    return path.rsplit("/", 1)[-1]


def _text(doc, path: str) -> str:
    try:
        return doc.item(path).text
    except KeyError:
        return ""


def table_rows(cmp: Comparison) -> list[dict[str, Any]]:
    """One row per old → new link (split and merged items give a row per part; added and
    removed articles a row with the other side empty; partial links a row of their own)."""
    rows = []
    for ch in cmp.changes:
        olds, news = ch.old or ("",), ch.new or ("",)
        for o in olds:
            for n in news:
                renumbered = bool(o and n and _number(o) != _number(n))
                note = _note_zh(ch.note)
                if ch.type == "split":
                    note = note or f"拆分为{len(ch.new)}条"
                elif ch.type == "merged":
                    note = note or f"{len(ch.old)}条合并"
                rows.append({"old": _number(o) if o else "", "new": _number(n) if n else "",
                             "change": ch.type, "change_zh": CHANGE_ZH[ch.type],
                             "renumbered": "是" if renumbered else ("否" if o and n else ""),
                             "note": note, "old_text": _text(cmp.old, o) if o else "",
                             "new_text": _text(cmp.new, n) if n else "",
                             "old_path": o, "new_path": n})
    for lk in cmp.partial_links:
        rows.append({"old": _number(lk.old), "new": _number(lk.new), "change": "partial",
                     "change_zh": CHANGE_ZH["partial"],
                     "renumbered": "是" if _number(lk.old) != _number(lk.new) else "否",
                     "note": "", "old_text": _text(cmp.old, lk.old),
                     "new_text": _text(cmp.new, lk.new), "old_path": lk.old, "new_path": lk.new})
    return rows


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render_table(cmp: Comparison, fmt: str = "csv") -> str | bytes:
    """The table as CSV (UTF-8 with BOM, for Excel), Markdown, JSON (text) or XLSX (bytes)."""
    rows = table_rows(cmp)
    if fmt == "json":
        from ..corpus import gap_note

        data = {"old": cmp.old.title, "new": cmp.new.title, "old_source": cmp.old.source,
                "new_source": cmp.new.source, "gap_years": cmp.gap_years,
                "gap": gap_note(cmp.gap_years), "summary": cmp.summary,
                "rows": [{k: r[k] for k in (*COLUMNS, "old_path", "new_path")} for r in rows]}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "md":
        from ..corpus import gap_note

        names = (cmp.old.title or cmp.old.source, cmp.new.title or cmp.new.source)
        lines = [f"# 新旧条文对照表：{names[0]} → {names[1]}", ""]
        if gap_note(cmp.gap_years):
            lines += [f"**{gap_note(cmp.gap_years)}**", ""]
        lines += ["| " + " | ".join(HEADERS_ZH) + " |", "|" + "---|" * len(HEADERS_ZH)]
        lines += ["| " + " | ".join(_md_cell(str(r[k])) for k in COLUMNS) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(HEADERS_ZH)
        w.writerows([[r[k] for k in COLUMNS] for r in rows])
        return "\ufeff" + buf.getvalue()
    if fmt == "xlsx":
        import pandas as pd

        buf = io.BytesIO()
        frame = pd.DataFrame([[r[k] for k in COLUMNS] for r in rows], columns=list(HEADERS_ZH))
        with pd.ExcelWriter(buf, engine="openpyxl") as xl:
            frame.to_excel(xl, sheet_name="新旧条文对照表", index=False)
        return buf.getvalue()
    raise InputError(f"unknown table format {fmt!r}: use csv, xlsx, md or json")


def table_format(output: str | None) -> str:
    """The table format a file name asks for (CSV on stdout)."""
    if not output:
        return "csv"
    suffix = Path(output).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(f"write the table to a {', '.join(TABLE_SUFFIXES)} file, "
                         f"not {Path(output).name}")
    return suffix[1:]
