"""A table of contents (目录, 目次) is the document's furniture, not its outline.

Printed after the title of a law, a standard or a handbook, its entries repeat
the headings that follow (第一章 总则 … 第七章 附则), often with page numbers
(第一章 总则……1); parsed as text they became empty chapters and every real
path got a ``~2``.  Here the block is found and removed, each line logged as a
``toc`` removal, before the structure stage sees it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..model import Removal
from ..patterns import is_heading_start
from ..records import Paragraph

__all__ = ["drop_table_of_contents"]

_RE_TOC_HEAD = re.compile(r"^\s*(?:目\s*录|目\s*次|目\s*錄)\s*$")
_RE_TOC_TAIL = re.compile(r"(?<=[）)。])\s*(?:目\s*录|目\s*次)\s*$")
#: An entry's page number: ……12, ··· 3, a trailing 12 after a space or a leader.
_RE_PAGE = re.compile(r"(?:[.…·．\-—\s]{2,}|\s)\(?\d{1,4}\)?\s*$|[.…·．]{2,}\s*\d{1,4}\s*$")
#: An entry's heading: 第X章/节/编, 一、, 1 范围, 5.2.1 版面 (a standard's clauses), 附录A.
_RE_ENTRY = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[编章节部分]"
                       r"|[一二三四五六七八九十]+、"
                       r"|\d{1,2}(?:\.\d{1,2}){0,3}\s*[^\d.\s]|附\s*录|附\s*件|前\s*言|序\s*言|引\s*言)")
_MAX_ENTRY = 60


def _key(text: str) -> str:
    return re.sub(r"\s+", "", _RE_PAGE.sub("", text))


def _is_entry(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > _MAX_ENTRY or re.search(r"[。；！？]", t):
        return False
    return bool(_RE_ENTRY.match(t) or _RE_PAGE.search(t))


def drop_table_of_contents(paragraphs: Sequence[Paragraph]
                           ) -> tuple[list[Paragraph], list[Removal]]:
    """Remove a 目录/目次 block and log it.

    The block starts at a line ``目录`` (or ``目次``) and runs over its entries — short
    lines that are headings or end in a page number — until the first entry comes
    again as a real heading, or a line that is no entry.  Without a ``目录`` line, a
    run of three or more headings repeated right after in the same order is one too.
    """
    paras = list(paragraphs)
    for start in range(min(len(paras), 80)):
        tail = _RE_TOC_TAIL.search(paras[start].text)
        if tail and start + 1 < len(paras) and _is_entry(paras[start + 1].text):
            # 目录 run into the line above it (a 题注 that filled its line)
            end = _entries_end(paras, start + 1)
            if end - start - 1 >= 2:
                p = paras[start]
                kept = replace(p, text=p.text[: tail.start()])
                removed = [Removal("toc", tail.group(), p.page_start,
                                   "table of contents (目录)")]
                rest, more = _cut(paras, start + 1, end, "table of contents (目录)")
                return rest[:start] + [kept] + rest[start + 1:], removed + more
        if _RE_TOC_HEAD.match(paras[start].text):
            end = _entries_end(paras, start + 1)
            if end - start - 1 >= 2:
                return _cut(paras, start, end, "table of contents (目录)")
    start, end = _repeated_run(paras)
    if start is not None:
        return _cut(paras, start, end, "table of contents: headings repeated by the text")
    return paras, []


def _entries_end(paras: Sequence[Paragraph], i: int) -> int:
    first = None
    j = i
    while j < len(paras) and _is_entry(paras[j].text):
        key = _key(paras[j].text)
        if first is None:
            first = key
        elif key == first and j > i:
            return j  # the first entry again: the text itself starts here
        j += 1
    return j


def _repeated_run(paras: Sequence[Paragraph]) -> tuple[int | None, int]:
    """A run of 3+ heading lines (no body between) that the text then repeats in order."""
    n = min(len(paras), 120)
    i = 0
    while i < n:
        if not (is_heading_start(paras[i].text) and _is_entry(paras[i].text)):
            i += 1
            continue
        j = i + 1
        while j < n and is_heading_start(paras[j].text) and _is_entry(paras[j].text) \
                and _key(paras[j].text) != _key(paras[i].text):
            j += 1
        run = [_key(p.text) for p in paras[i:j]]
        if len(run) >= 3 and j < len(paras) and _key(paras[j].text) == run[0]:
            later = [_key(p.text) for p in paras[j:] if is_heading_start(p.text)]
            if later[: len(run)] == run or all(k in later for k in run):
                return i, j
        i = j
    return None, 0


def _cut(paras: list[Paragraph], start: int, end: int, reason: str
         ) -> tuple[list[Paragraph], list[Removal]]:
    removed = [Removal("toc", p.text, p.page_start, reason) for p in paras[start:end]]
    return paras[:start] + paras[end:], removed
