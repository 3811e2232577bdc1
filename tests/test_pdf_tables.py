"""Table rows in a PDF: cells placed apart stay apart (tabs), rows stay rows.

A work plan's attachment is often a 任务分工表.  Its cells are drawn at their own x
positions with no space between them; read glyph by glyph they ran together
(``…组织部2025年6月底前2召开…``).  Wide gaps with no typed space now separate cells
and make the line a table row of its own; typed spacing (``第一条　为了``) and
letter-spaced words (``通　　知``, ``— 5 —``) are not cells.
"""

from __future__ import annotations

import io

from pdfgen import song_canvas

import policytext
from policytext.pipeline import conservation
from policytext.read import load_bytes

ROWS = [("序号", "工作任务", "牵头单位", "完成时间"),
        ("1", "开展主题党日活动", "组织部", "2025年6月底前"),
        ("2", "召开专题会议", "办公室", "每半年1次")]
COLUMNS = (90, 140, 330, 430)


def _pdf() -> bytes:
    buf = io.BytesIO()
    c = song_canvas(buf)
    y = 760.0

    def line(text: str, x: float = 90) -> None:
        c.drawString(x, y, text)

    for k, ch in enumerate("通知"):  # letter-spaced by position: one word
        c.drawString(250 + k * 48, y, ch)
    y -= 30
    line("第一条　为了做好工作，制定本办法。")  # typed spacing after 第一条
    y -= 24
    line("附件：重点任务分工表")
    y -= 24
    for row in ROWS:
        for x, cell in zip(COLUMNS, row, strict=True):
            c.drawString(x, y, cell)
        y -= 24
    line("以上任务按期完成。")
    c.save()
    return buf.getvalue()


def test_table_rows_keep_their_cells_and_rows():
    data = _pdf()
    doc = policytext.read_bytes(data, name="table.pdf")
    assert doc.text.split("\n") == [
        "通知",
        "第一条为了做好工作，制定本办法。",  # a typed space is whitespace: not kept
        "附件：重点任务分工表",
        *("\t".join(row) for row in ROWS),
        "以上任务按期完成。",
    ]
    raw = load_bytes(data, name="table.pdf")
    assert [ln.role for ln in raw.lines if "\t" in ln.text] == ["table"] * len(ROWS)
    assert conservation(raw.chars_in, doc) == (2 + 16 + 10 + 14 + 21 + 15 + 9,) * 2
