"""Joining hard-wrapped lines into paragraphs, also across page breaks.

What decides a break is the lines' paragraph evidence (indent, fullness, a gap
above, a role) as :mod:`policytext.clean.layout` or the reader set it, plus the
outline grammar of :mod:`policytext.patterns`: a line opening with an outline
marker after a sentence end, or after a heading, starts a paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..patterns import RE_ENDS_FINAL, is_element_start, is_heading_paragraph, is_heading_start
from ..records import Line, Paragraph

__all__ = ["join_lines"]


def _starts_new_paragraph(prev: Line, line: Line, para_text: str = "") -> bool:
    if line.role != prev.role or line.role == "table":
        return True  # a table row is a paragraph of its own
    if line.gap_before or line.indent:
        return True
    if prev.full is False or prev.full is None and RE_ENDS_FINAL.search(prev.text.rstrip()):
        return True
    if is_element_start(line.text) and RE_ENDS_FINAL.search(prev.text.rstrip()):
        return True
    if not is_heading_start(line.text):
        return False
    return bool(RE_ENDS_FINAL.search(prev.text.rstrip())) or is_heading_paragraph(para_text)


def _glue(left: str, right: str) -> str:
    """Join a wrapped line: nothing between Chinese, one space between two Latin words."""
    left, right = left.rstrip(), right.lstrip()
    if left and right and left[-1].isascii() and left[-1].isalpha() \
            and right[0].isascii() and right[0].isalpha():
        return left + " " + right
    return left + right


def join_lines(lines: Iterable[Line]) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs, also across page breaks.

    A line starts a new paragraph when it is indented, sits after a gap, follows
    a line that stops short of the margin, opens with an outline marker after a
    sentence end or after a heading (``一、…`` with no sentence end), or opens a
    抄送/附件/印发 element after a sentence end; otherwise it continues the
    paragraph before.
    """
    paragraphs: list[Paragraph] = []
    prev: Line | None = None
    for line in lines:
        if not line.text.strip():
            continue
        if prev is None or _starts_new_paragraph(prev, line, paragraphs[-1].text):
            paragraphs.append(Paragraph(line.text.strip(), line.page, line.page, line.role,
                                        line.centered))
        else:
            last = paragraphs[-1]
            paragraphs[-1] = replace(last, text=_glue(last.text, line.text), page_end=line.page)
        prev = line
    return paragraphs
