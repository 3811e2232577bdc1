"""Paragraph evidence from the readers' positions, once page furniture is decided.

A reader hands on lines with positions (:class:`~policytext.records.Box` for a
PDF line, :class:`~policytext.records.TextPos` for a hard-wrapped text line);
here they become the flags :func:`~policytext.clean.join.join_lines` reads —
indented (a paragraph's first line), full (runs to the margin, so the paragraph
goes on), a gap above, centred, and the roles only geometry shows (the red
发文机关标志, a large centred title).  Lines :func:`~policytext.clean.furniture.find_furniture`
took for page furniture take no part in measuring the text block, nor in the gaps
between lines: a running header must not make a paragraph break.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..model import Removal
from ..patterns import (
    RE_DATE_LINE,
    RE_ENDS_FINAL,
    RE_SENTENCE_END,
    RE_TITLE_LINE,
    is_element_start,
    is_heading_paragraph,
    is_heading_start,
    is_link_line,
)
from ..records import Box, Line, TextPos
from .repairs import clause_context

__all__ = ["flag_boxes", "flag_wrapped_text", "join_inline_breaks", "KINSOKU_ROOM"]


# ---------------------------------------------------------------------------
# PDF lines: the text block's geometry

#: Punctuation that may not start a line (避头尾): typesetting sends the character before it
#: down too, so the line above ends up to this many ems short of the margin.
_RE_PUSHED = re.compile(r"^[^\s\W]{1,2}[、。，．；：？！”’）》」』】〕…—]")
KINSOKU_ROOM = 2.0


def _mode(values: Sequence[float]) -> float | None:
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return max(v for v, c in counts.items() if c == best)


def _block(boxes: Sequence[Box], body: float) -> tuple[float, float]:
    """Left and right edges of the text block: the leftmost start shared by several
    lines, and the commonest end among the longest lines."""
    n = len(boxes)
    x0s = Counter(round(b.x0) for b in boxes)
    need = max(2, 0.1 * n) if n >= 5 else 1
    left = float(min((x for x, c in x0s.items() if c >= need), default=min(x0s)))
    far = max(b.x1 for b in boxes)
    right = float(_mode([round(b.x1) for b in boxes if b.x1 >= far - 3 * body]) or far)
    if right - left < 4 * body:  # too narrow to tell; trust the widest line
        right = far
    return left, right


def flag_boxes(lines: Sequence[Line], furniture: Sequence[bool], body: float) -> list[Line]:
    """Indent, fullness, gaps, centring and roles of PDF lines from the text block's geometry.

    ``body`` is the body text's font size; every line must carry its ``box``.
    """
    if not lines:
        return []
    boxes = [_box(line) for line in lines]
    ref = [i for i, b in enumerate(boxes)
           if not furniture[i] and abs(b.size - body) <= 0.15 * body]
    ref = ref or list(range(len(lines)))
    left, right = _block([boxes[i] for i in ref], body)
    # The text block of each page with enough lines; the commonest is the reference.
    # Pages whose block sits elsewhere (mirrored margins: both edges move together)
    # are read shifted; a page too short to measure takes the shift of its parity.
    by_page: dict[int, list[Box]] = {}
    for i in ref:
        by_page.setdefault(lines[i].page, []).append(boxes[i])
    measured = {page: _block(page_boxes, body) for page, page_boxes in by_page.items()
                if len(page_boxes) >= 6}
    if measured:
        left = float(_mode([round(v[0]) for v in measured.values()]))  # type: ignore[arg-type]
        right = float(_mode([round(v[1]) for v in measured.values()  # type: ignore[arg-type]
                             if round(v[0]) == left]))
    shift: dict[int, float] = {}
    for page, (p_left, p_right) in measured.items():
        dx = p_left - left
        if abs(dx) > 0.5 * body and abs((p_right - right) - dx) <= 0.5 * body:
            shift[page] = dx
    for parity in (0, 1):
        same = [round(shift.get(p, 0.0)) for p in measured if p % 2 == parity]
        common = _mode(same)
        if common and same.count(common) * 2 > len(same):
            dx = _mode([shift[p] for p in measured if p % 2 == parity and p in shift
                        and round(shift[p]) == common])
            for page in {ln.page for ln in lines if ln.page % 2 == parity} - set(measured):
                shift[page] = float(dx or common)
    pitch = _mode([round(boxes[j].bottom - boxes[i].bottom) for i, j in
                   zip(ref, ref[1:], strict=False)
                   if lines[i].page == lines[j].page
                   and 0 < boxes[j].bottom - boxes[i].bottom < 3 * body])

    columns = _columns(lines, boxes, ref, left, right, body)
    beside = _run_around(lines, boxes, columns, body)
    first_marker = next((i for i, ln in enumerate(lines) if is_heading_start(ln.text)),
                        len(lines))
    flagged: list[Line] = []
    for i, (ln, b) in enumerate(zip(lines, boxes, strict=True)):
        dx = shift.get(ln.page, 0.0)
        x0, x1 = b.x0 - dx, b.x1 - dx
        if i in columns:  # a line of one column of a page set in columns
            (c_left, c_right), dx = columns[i], 0.0
            x0, x1 = b.x0, b.x1
            c_left = beside.get(i, c_left)
        else:
            c_left, c_right = left, right
        off = (x0 - c_left) / body
        centered = off >= 2.5 and abs((x0 + x1) / 2 - (c_left + c_right) / 2) <= body \
            and x1 <= c_right - 2.5 * body
        role = ln.role  # the reader's own mark (a table row) unless geometry says more
        if b.red and ln.page == 1 and b.top < 0.45 * b.page_height and b.size >= body:
            role = "org_mark"
        elif i < first_marker and ln.page <= 2 and b.size >= 1.2 * body and centered:
            role = "title"
        flagged.append(replace(
            ln, indent=(not centered and 1.5 <= off <= 2.6),
            full=x1 >= c_right - 0.6 * body, gap_before=False, centered=centered, role=role))

    _mark_bylines(flagged, boxes)

    # Gaps and the next line are measured between lines that stay.
    order = [i for i, f in enumerate(furniture) if not f]
    following = dict(zip(order, order[1:], strict=False))
    prev: int | None = None
    for i in order:
        line, b = flagged[i], boxes[i]
        gap = False
        if pitch and prev is not None and lines[prev].page == line.page:
            gap = (b.bottom - boxes[prev].bottom) > 1.35 * pitch
        if prev is not None and (b.size > 1.3 * body) != (boxes[prev].size > 1.3 * body) \
                and min(len(line.text.strip()), len(lines[prev].text.strip())) >= 4:
            # body text and a line set larger (a heading, a header) never run on; the size
            # of a line of two or three characters is not evidence (an OCR'd page sizes it
            # from its box: a paragraph's last line 质量。 came out a third larger)
            gap = True
        prev = i
        full = line.full
        nxt = following.get(i)
        dx = shift.get(line.page, 0.0)
        edge = right
        if i in columns:
            dx, edge = 0.0, columns[i][1]
        if not full and nxt is not None and boxes[nxt].lead and not line.centered \
                and b.x1 - dx + 0.25 * body + boxes[nxt].lead > edge:
            full = True  # ends short only because the next line's Latin word did not fit
        if not full and nxt is not None and not line.centered and not line.role \
                and _RE_PUSHED.match(lines[nxt].text) \
                and b.x1 - dx > edge - KINSOKU_ROOM * body:
            full = True  # 避头尾: a character went down with the 。 that may not start a line
        flagged[i] = replace(line, full=full, gap_before=gap)
    _narrow_measure(flagged, boxes, furniture, columns, left, right)
    _title_set_off(flagged, boxes, furniture, ref, right, body, first_marker)
    _join_local_blocks(flagged, boxes, furniture, set(ref))
    return flagged


def _narrow_measure(flagged: list[Line], boxes: Sequence[Box], furniture: Sequence[bool],
                    columns: dict[int, tuple[float, float]], left: float, right: float) -> None:
    """A paragraph set to a measure of its own (an editor's note, a block quote, narrower
    or set in from the text block): three or more lines in a row starting at one place
    and ending at one place are its running lines — full, not indented — and the line
    before them ending there too and starting two ems further in is its first line."""
    order = [i for i, f in enumerate(furniture) if not f]

    def same(i: int, j: int, edge: str) -> bool:
        a, b = boxes[i], boxes[j]
        return abs(getattr(a, edge) - getattr(b, edge)) <= 0.3 * min(a.size, b.size)

    k = 0
    while k < len(order):
        run = [order[k]]
        while k + 1 < len(order) and flagged[order[k + 1]].page == flagged[run[0]].page \
                and order[k + 1] not in columns and not flagged[order[k + 1]].role \
                and not flagged[order[k + 1]].centered \
                and same(run[-1], order[k + 1], "x0") and same(run[-1], order[k + 1], "x1"):
            k += 1
            run.append(order[k])
        start = k - len(run) + 1
        k += 1
        a = boxes[run[0]]
        if len(run) < 3 or run[0] in columns or flagged[run[0]].role or flagged[run[0]].centered \
                or (abs(a.x0 - left) <= 0.6 * a.size and a.x1 >= right - 0.6 * a.size):
            continue  # (a run on the text block's own edges is read by them already)
        for j in run:
            flagged[j] = replace(flagged[j], full=True, indent=False)
        if start > 0:
            i = order[start - 1]
            b = boxes[i]
            if flagged[i].page == flagged[run[0]].page and not flagged[i].role \
                    and same(i, run[0], "x1") and 1.5 <= (b.x0 - a.x0) / a.size <= 2.6:
                flagged[i] = replace(flagged[i], full=True, indent=True, centered=False)
        if k < len(order):
            j = order[k]
            if flagged[j].page == flagged[run[0]].page and same(j, run[0], "x0") \
                    and boxes[j].x1 < a.x1 - boxes[j].size:  # its last line
                flagged[j] = replace(flagged[j], indent=False, full=False)


_RE_CLAUSE_MARK = re.compile(r"[。；！？：:，,、]")


def _title_set_off(flagged: list[Line], boxes: Sequence[Box], furniture: Sequence[bool],
                   ref: Sequence[int], right: float, body: float, first_marker: int) -> None:
    """A title set in the body's own type, flush left: where no line is marked a title by
    its size and centring, the first line of the first page is one when it is short, has
    no clause punctuation and stands apart, the space under it clearly more than the
    body's leading.  A name line set off the same way right under it is its byline."""
    if any(ln.role == "title" for ln in flagged):
        return
    order = [i for i, f in enumerate(furniture) if not f]
    if len(order) < 4 or flagged[order[0]].page != 1:
        return
    leads = [round(boxes[j].top - boxes[i].bottom, 1) for i, j in zip(ref, ref[1:], strict=False)
             if flagged[i].page == flagged[j].page and 0 < boxes[j].top - boxes[i].bottom
             < body]
    lead = _mode(leads)
    if lead is None:
        return

    def apart(k: int) -> bool:
        i, j = order[k], order[k + 1]
        space = boxes[j].top - boxes[i].bottom
        return flagged[j].page == flagged[i].page and space >= max(1.5 * lead, 0.3 * body)

    i = order[0]
    text = flagged[i].text.strip()
    if i >= first_marker or flagged[i].role or not 2 <= len(text) <= 30 \
            or _RE_CLAUSE_MARK.search(text) or is_heading_start(text) \
            or is_element_start(text) or RE_DATE_LINE.match(text) \
            or boxes[i].size < 0.95 * body or boxes[i].x1 > right - 4 * body or not apart(0):
        return
    flagged[i] = replace(flagged[i], role="title", full=False)
    j = order[1]
    if _RE_BYLINE.match(flagged[j].text.strip()) and not flagged[j].role and apart(1):
        flagged[j] = replace(flagged[j], role="byline", full=False)


def _join_local_blocks(flagged: list[Line], boxes: Sequence[Box], furniture: Sequence[bool],
                       ref: set[int]) -> None:
    """Lines in another type than the body's (a certificate's wording, a panel) measured
    against their own block: a line that stops mid-sentence as the widest of a run of
    lines in its size, each right under the one before and starting no further in,
    runs on into the next line, as a body line reaching the margin does."""
    order = [i for i, f in enumerate(furniture) if not f]
    for i, j in zip(order, order[1:], strict=False):
        a, b, line, nxt = boxes[i], boxes[j], flagged[i], flagged[j]
        if i in ref or line.full or line.role or line.centered or nxt.role or nxt.centered \
                or nxt.indent or line.page != nxt.page or abs(a.size - b.size) > 0.1 * a.size:
            continue
        if not 0 <= b.top - a.bottom <= 0.8 * a.size or b.x0 > a.x0 + 0.5 * a.size:
            continue
        if RE_ENDS_FINAL.search(line.text.rstrip()) or is_heading_start(nxt.text) \
                or is_element_start(nxt.text) or len(line.text.strip()) < 10 \
                or not _RE_CLAUSE_MARK.search(line.text + nxt.text):
            continue  # (names stacked in a 署名, 机密 over 特急: lines of their own)
        if b.x1 <= a.x1 + 0.5 * a.size:  # this line is the wider: the block's right edge
            flagged[i] = replace(line, full=True)


def _columns(lines: Sequence[Line], boxes: Sequence[Box], ref: Sequence[int], left: float,
             right: float, body: float) -> dict[int, tuple[float, float]]:
    """The text block of its column for each line of a page set in columns (a magazine, a
    gazette): the body lines narrower than 0.6 of the page's block leave gutters no line
    crosses, and each column between two gutters has three or more lines that run from
    its left edge to its right."""
    out: dict[int, tuple[float, float]] = {}
    by_page: dict[int, list[int]] = {}
    for i in ref:
        if boxes[i].x1 - boxes[i].x0 < 0.6 * (right - left):
            by_page.setdefault(lines[i].page, []).append(i)
    for idx in by_page.values():
        spans = sorted((boxes[i].x0, boxes[i].x1) for i in idx)
        cuts, reach = [], spans[0][1]
        for x0, x1 in spans[1:]:
            if x0 > reach + body:  # a gutter wider than one character
                cuts.append((reach + x0) / 2)
            reach = max(reach, x1)
        if not cuts:
            continue
        bounds = [float("-inf"), *cuts, float("inf")]
        groups = [[i for i in idx if lo < boxes[i].x0 and boxes[i].x1 < hi]
                  for lo, hi in zip(bounds, bounds[1:], strict=False)]
        if len(groups) < 2 or any(len(g) < 3 for g in groups):
            continue
        blocks = [_block([boxes[i] for i in g], body) for g in groups]
        # a column of text: three or more of its lines run from its left edge to its right
        # (short lines and a signature off to the right are no columns)
        if not all(sum(1 for i in g if abs(boxes[i].x0 - lo) <= 0.6 * body
                       and abs(boxes[i].x1 - hi) <= 0.6 * body) >= 3
                   for g, (lo, hi) in zip(groups, blocks, strict=True)):
            continue
        for group, block in zip(groups, blocks, strict=True):
            for i in group:
                out[i] = block
    return out


def _run_around(lines: Sequence[Line], boxes: Sequence[Box],
                columns: dict[int, tuple[float, float]], body: float) -> dict[int, float]:
    """The left edge of lines of a column set beside a picture (the text runs around it):
    three or more lines in a row that start at one place right of the column's edge and
    run to its right edge are a narrower measure, not indented paragraphs; every line of
    the stretch that starts no further left is measured from there."""
    out: dict[int, float] = {}
    idx = sorted(columns)
    k = 0
    while k < len(idx):
        # a stretch of consecutive lines of one column, all right of its left edge
        i = idx[k]
        c_left, c_right = columns[i]
        if boxes[i].x0 < c_left + body:
            k += 1
            continue
        stretch = [i]
        while k + 1 < len(idx) and idx[k + 1] == stretch[-1] + 1 \
                and columns[idx[k + 1]] == columns[i] and lines[idx[k + 1]].page == lines[i].page \
                and boxes[idx[k + 1]].x0 >= c_left + body:
            k += 1
            stretch.append(idx[k])
        k += 1
        starts = Counter(round(boxes[j].x0) for j in stretch
                         if boxes[j].x1 >= c_right - 0.6 * body)
        if not starts:
            continue
        edge, count = max(starts.items(), key=lambda kv: (kv[1], -kv[0]))
        if count >= 3:
            for j in stretch:
                if boxes[j].x0 >= edge - 0.3 * body:
                    out[j] = float(min(edge, boxes[j].x0))
    return out


#: An author's line under a title: one to three personal names (鲁迅; 张三　李四), maybe
#: with 作者： before or 著/文/编/译 after.
_RE_BYLINE = re.compile(
    r"^(?:作者[：:]\s*)?[\u4e00-\u9fff·]{2,4}(?:[\s\u3000、，,]+[\u4e00-\u9fff·]{2,4}){0,2}"
    r"(?:\s*[著编译撰文])?$")


def _mark_bylines(flagged: list[Line], boxes: Sequence[Box]) -> None:
    """A byline: the short line of names right under a title, in a clearly smaller type
    than the title (a second title line is set in the title's size)."""
    for i in range(1, len(flagged)):
        prev, line = flagged[i - 1], flagged[i]
        if prev.role == "title" and not line.role and line.page == prev.page \
                and boxes[i].size <= 0.8 * boxes[i - 1].size \
                and _RE_BYLINE.match(line.text.strip()):
            flagged[i] = replace(line, role="byline")


def _box(line: Line) -> Box:
    if line.box is None:
        raise ValueError(f"a PDF line without its box: {line.text[:20]!r}")
    return line.box


# ---------------------------------------------------------------------------
# Hard-wrapped plain text (a PDF extraction saved as text)

#: A line with a run of blanks inside (≥ 1 em): two columns (a name and a right-aligned
#: date, as in the 版记), never a line of running text.
_RE_INNER_RUN = re.compile(r"\S(?: {2,}|\u3000{2,}|\t+)\S")
_RE_SIGNATURE = re.compile(r"^[\u2e80-\u9fff（）()·]{2,30}$")


def _signs(texts: Sequence[str], furniture: Sequence[bool], i: int) -> bool:
    """Line ``i`` is a 署名 (an organ's name alone) with the 成文日期 on the next line."""
    if not _RE_SIGNATURE.match(texts[i]):
        return False
    nxt = next((j for j in range(i + 1, len(texts)) if not furniture[j]), None)
    return nxt is not None and bool(RE_DATE_LINE.match(texts[nxt]))


def _pos(line: Line) -> TextPos:
    if line.pos is None:
        raise ValueError(f"a wrapped text line without its position: {line.text[:20]!r}")
    return line.pos


def _trailing_marks_ends(texts: Sequence[str], pos: Sequence[TextPos], wrap: float) -> bool:
    """True when a trailing space marks the end of a paragraph, and only that.

    Some extractors (the founding document's) end every paragraph's last line
    with a space and no other line.  Taken as evidence only when it holds: at
    least three lines that plainly end a paragraph (a sentence end well short of
    the margin) nearly all carry it, and lines that plainly run on (to the
    margin, no punctuation at the end) nearly never do.
    """
    ends = [p.spaced_end for t, p in zip(texts, pos, strict=True)
            if RE_SENTENCE_END.search(t) and p.width < wrap - 2]
    runs = [p.spaced_end for t, p in zip(texts, pos, strict=True)
            if p.width >= wrap - 1 and t[-1:].isalnum() and not is_link_line(t)]
    return len(ends) >= 3 and sum(ends) >= 0.9 * len(ends) and len(runs) >= 3 \
        and sum(runs) <= 0.05 * len(runs)


def flag_wrapped_text(lines: Sequence[Line], furniture: Sequence[bool], *, wrap: float,
                      alternating: bool) -> list[Line]:
    """Indent, gap and fullness of hard-wrapped text lines (every line carries its ``pos``).

    * ``indent``: two ems or more beyond the margin opens a paragraph.
    * ``gap_before``: a blank line where lines inside a paragraph touch, or a run
      of blank lines where every line is followed by one (``alternating``: the
      vertical space of a cover page); never across a page break or a line of
      furniture, whose own blank lines say nothing about paragraphs.
    * A line set in three ems or more is centred or right-aligned, and a line
      with a run of blanks inside is two columns: each a paragraph of its own.
      A title line (…工作要点, …的通知, no clause punctuation) before the first
      heading, a 署名 with the 成文日期 under it, and 抄送/附件/印发 lines after a
      sentence end stand alone too.
    * ``full``: the line runs to the width ``wrap`` (an indented first line
      counted with its indent; without a visible indent a paragraph's first line
      is allowed its two ems; a line that ends a sentence must reach nearer the
      margin); where the extractor marks paragraph ends with a trailing space
      (see :func:`_trailing_marks_ends`), that mark decides.
    """
    n = len(lines)
    texts = [ln.text for ln in lines]
    pos = [_pos(ln) for ln in lines]
    indent_w = [p.indent for p in pos]
    widths = [p.width for p in pos]
    indent = [w >= 1.5 for w in indent_w]
    trailing = _trailing_marks_ends(texts, pos, wrap)
    # Before the first outline heading, a line naming the kind of document (…工作要点,
    # …的通知) with no clause punctuation is a title: nothing runs on from it.
    front = next((i for i, t in enumerate(texts) if is_heading_start(t)), n)
    is_title = [bool(RE_TITLE_LINE.match(t)) for t in texts]
    # Paragraphs show their first-line indent: indented lines that, indent counted,
    # reach the margin (not centred headers or short lines set in a little).
    shown_indents = sum(1 for i, w in enumerate(indent_w) if 1.5 <= w < 3 and not furniture[i]
                        and widths[i] + w >= wrap - 1.5) >= 3

    out: list[Line] = []
    prev: int | None = None   # the previous line that is not furniture
    opens = True              # the current line opens a paragraph
    para = ""                 # the paragraph so far
    for i in range(n):
        text = texts[i]
        if furniture[i]:
            out.append(replace(lines[i], indent=None, full=False, gap_before=False))
            continue
        between = range(prev + 1, i) if prev is not None else range(0)
        clean_gap = prev is not None and not any(furniture[j] for j in between) \
            and not any(pos[j].page_start for j in range(prev + 1, i + 1))
        blanks = pos[i].blanks
        gap = clean_gap and (blanks >= 2 if alternating else blanks > 0)
        # A line set far in from the margin is centred or right-aligned (发文字号,
        # title, 署名, 成文日期): a paragraph of its own.
        aligned = indent_w[i] >= 3
        two_columns = bool(_RE_INNER_RUN.search(text)) or aligned
        ends_final = prev is not None and bool(RE_ENDS_FINAL.search(texts[prev]))
        if prev is not None:
            opens = opens or indent[i] or gap or two_columns \
                or (is_heading_start(text) and (ends_final or is_heading_paragraph(para))) \
                or (ends_final and (is_element_start(text) or _signs(texts, furniture, i)
                                    or bool(_RE_DASH_ITEM.match(text))))
            if opens:  # the line before ends its paragraph, however far it ran
                out[prev] = replace(out[prev], full=False)
        para = text if opens else para + text
        width = widths[i] + (indent_w[i] if indent[i] else 0.0)
        # A line cut by the wrap at a sentence end ran within an em or so of the
        # margin (the next character did not fit); one shorter than that ends its
        # paragraph.  Other lines may stop up to 2½ ems short (避头尾 pushes a
        # character or two down).
        slack = 1.5 if RE_SENTENCE_END.search(text) else 2.5
        if opens and not shown_indents:
            slack += 2.0
        full = width >= wrap - slack and not two_columns and not (i < front and is_title[i])
        if trailing:  # this extractor marks every paragraph's end with a space
            full = width >= wrap - 4.5 and not pos[i].spaced_end and not two_columns
        out.append(replace(lines[i], indent=indent[i], full=full, gap_before=gap))
        prev, opens = i, not full
    return out


_RE_DECIMAL = re.compile(r"^\d+[.．]\d")
#: A dash-led item (——经济运行稳中向好。…): after a sentence end it opens a paragraph.
_RE_DASH_ITEM = re.compile(r"^——\S")
#: A line opening with one of these goes on with a sentence: no paragraph of running text
#: starts with a clause mark, a closing quote or bracket, or with 是 or 的 as a word of
#: their own (是否…, 的确… may open a sentence, so they do not count).
_RE_CONTINUES = re.compile(r"^(?:[，,、：:；;。．！？!?）)”’》」』】]|是(?!否)|的(?!确))")
#: The longest line taken for an inline fragment (a subscript, a link) whatever follows it,
#: and the longest taken for one (a bold run: 主要预期目标) when the line after it goes on
#: with the sentence (是：…).
_FRAGMENT = 4
_BOLD_RUN = 12


def _stands_alone(text: str) -> bool:
    """A line that is a paragraph of its own however it ends: a heading with no sentence
    end (三、2026年工作安排), a title (政府工作报告), an element line (附件：…)."""
    return is_heading_paragraph(text) or bool(RE_TITLE_LINE.match(text)) \
        or is_element_start(text)


def _inline_breaks(texts: Sequence[str], furniture: Sequence[bool]) -> dict[int, str]:
    """The breaks a web page put inside a sentence: ``k`` → why, for the break before line ``k``.

    * A fragment: a short line (≤ :data:`_FRAGMENT` characters; ≤ :data:`_BOLD_RUN` when the
      line after it goes on with the sentence) with no space, no sentence end and no
      outline marker, after a text line that stops mid-sentence and is no heading or
      title, and before a line that is no heading: both breaks around it.
    * A continuation: a line that opens with a mark no paragraph starts with (``是：…``,
      ``，…``) after a line that stops mid-sentence and is no heading, title or element.
    """
    breaks: dict[int, str] = {}
    for i in range(1, len(texts)):
        prev, cur = texts[i - 1], texts[i]
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if any(furniture[i - 1: i + 1]):
            continue  # (a page number on its own line is furniture, not a fragment)
        if _RE_CONTINUES.match(cur) and prev and not RE_ENDS_FINAL.search(prev) \
                and not (is_heading_start(prev) and not _RE_DECIMAL.match(prev)) \
                and not _stands_alone(prev):
            breaks.setdefault(i, "a line that opens mid-sentence (a web page's inline "
                                 "element before it was set on a line of its own)")
        if not nxt or furniture[i + 1]:
            continue
        limit = _BOLD_RUN if _RE_CONTINUES.match(nxt) else _FRAGMENT
        if not (0 < len(cur) <= limit) or any(ch.isspace() for ch in cur) \
                or RE_ENDS_FINAL.search(cur) \
                or is_heading_start(cur) and not _RE_DECIMAL.match(cur):
            continue  # (2.5 of PM2.5 is a number, not the outline's 2.)
        if len(prev) <= 6 or RE_ENDS_FINAL.search(prev) or _stands_alone(prev) \
                or is_heading_start(nxt):
            continue
        why = (f"a web page's inline element ({cur}) set on a line of its own inside "
               "a sentence")
        breaks[i] = breaks[i + 1] = why
    return breaks


def join_inline_breaks(lines: Sequence[Line], furniture: Sequence[bool] | None = None
                       ) -> tuple[list[Line], list[Removal]]:
    """Rejoin a paragraph that a web page broke at an inline element.

    Saved pages put a line break around subscripts, bold runs and links inside a
    sentence (``…以PM`` / ``2.5`` / ``浓度持续下降…``; ``…发展的`` / ``主要预期目标`` /
    ``是：…``); see :func:`_inline_breaks` for the evidence.  A heading, a title or an
    element line is never run on.  Only layout changes (no character is added or
    removed); each break taken out is logged as a ``line_break`` repair, with the
    clause on either side, where it changes the paragraphs (a wrapped line that ran to
    the margin was joined anyway).
    """
    out = list(lines)
    texts = [ln.text.strip() for ln in out]
    removed: list[Removal] = []
    flags = furniture if furniture is not None else [False] * len(out)
    for k, why in sorted(_inline_breaks(texts, flags).items()):
        before, line = out[k - 1], out[k]
        if not before.full or line.indent or line.gap_before:
            removed.append(Removal("line_break", "\n", line.page, why,
                                   between=clause_context(texts[k - 1], texts[k])))
        out[k - 1] = replace(before, full=True)
        out[k] = replace(out[k], indent=False, gap_before=False)
    return out, removed
