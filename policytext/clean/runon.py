"""Text that lost its line breaks: one run of thousands of characters, split back into lines.

Datasets often keep a document as one line (its breaks deleted, sometimes its
spaces too): 红头, 发文字号, 主送, the cover letter, the attached work points and
the 版记 all glued, ``…落实落细、见行见效。2．…``, ``…准确三、不断推进…``.  Here
such a run is cut where a line must have begun:

* the head of a notice (GB/T 9704-2012 §7.2–7.3): after the 发文字号, after the
  主送 (…：), the cover letter (现将《…》印发给你们…。) then its 署名 and 成文日期;
* the outline: 一、 二、 … , （一） （二） …, 1． 2． … found *in order* (the next
  number of a level, or 1 again right after a higher level), after a sentence end,
  a closing quote or a blank, or glued to a heading that has no final mark;
* the 版记: 抄送：… and …印发.

Only whitespace is dropped at a cut; no character of the document is changed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from ..patterns import RE_DATE, cn_to_int

__all__ = ["is_run_on", "split_run_on"]

#: A paragraph at least this long, in a text of few paragraphs, lost its breaks.
RUN_ON_CHARS = 1500
_CN = "一二三四五六七八九十"
_RE_CN = re.compile(rf"([{_CN}]{{1,3}})、")
_RE_PAREN = re.compile(rf"[（(]([{_CN}]{{1,3}})[)）]")
_RE_ARABIC = re.compile(r"(?<![\d.．])(\d{1,2})[．.](?![\d])")
_LAW_CN = "一二三四五六七八九十百零〇"
#: A law's chapters and articles (第X章 …, 第X条 …): articles run on across chapters.
_RE_ZHANG = re.compile(rf"第([{_LAW_CN}]{{1,5}})章")
#: What stands before a 第X章/节/条 that cites it (本法第二章第三节, 依照第十条).
_RE_REFERENCE_BEFORE = re.compile(rf"(?:本法|依照|根据|按照|第[{_LAW_CN}]{{1,5}}[章节条])$")
_RE_JIE = re.compile(rf"第([{_LAW_CN}]{{1,5}})节")
_RE_TIAO = re.compile(rf"第([{_LAW_CN}]{{1,5}})条")
#: A law's 题注 glued to its title: each revision record opens with its date
#: (…体育法1995年8月29日第八届…通过2009年8月27日…修正).
_RE_LAW_HEAD = re.compile(
    r"^\s*[\u4e00-\u9fff]{2,40}?(?:法|条例)(?=[(（]?\s*\d{4}年\d{1,2}月\d{1,2}日)")
_RE_REVISION_RECORD = re.compile(r"[(（]?\s*\d{4}年\d{1,2}月\d{1,2}日[^。]{0,120}?"
                                 r"(?:通过|修正|修订|公布)[)）]?")
#: What may stand right before a marker that opens a line.
_SEPARATOR = set("。！？；：:!?;”’」』）)》 \t\u3000")
_RE_DOC_NUMBER = re.compile(
    r"^\s*[\u4e00-\u9fff]{1,20}?\s*[〔［\[【(（„“\"‘'「〖]\s*(?:19|20)\d\d\s*[〕］\]】)）‟”\"’'」〗]"
    r"\s*\d{1,5}\s*号")
_RE_RECIPIENTS = re.compile(r"^\s*[^。；！？：:《》]{2,60}[：:]")
_RE_COVER = re.compile(
    r"^\s*(?:现将|现把|将)《[^》]+》[^。]*?(?:印发|转发|发)给[^。]*。(?:[^。]{0,80}。)?")
_RE_SIGNED = re.compile(
    rf"^\s*(?P<sig>[\u4e00-\u9fff（）()]{{2,40}}?)\s*(?P<date>{RE_DATE.pattern})")
_RE_CC = re.compile(r"抄\s*送\s*[：:]")
_RE_PRINTED = re.compile(rf"[\u4e00-\u9fff]{{2,30}}\s*{RE_DATE.pattern}\s*印\s*发\s*$")


def is_run_on(text: str, n_paragraphs: int) -> bool:
    """A paragraph that is a whole document's worth of text in a text of few paragraphs."""
    return len(text) >= RUN_ON_CHARS and n_paragraphs <= 5


def split_run_on(text: str) -> list[str]:
    """``text`` cut into the lines it lost (see the module docstring)."""
    pieces: list[str] = []
    rest = text
    # a law's title and the records of its revisions
    m = _RE_LAW_HEAD.match(rest)
    if m:
        pieces.append(rest[: m.end()])
        rest = rest[m.end():]
        while (r := _RE_REVISION_RECORD.match(rest)) is not None:
            pieces.append(rest[: r.end()])
            rest = rest[r.end():]
    # 版头 and cover notice
    m = _RE_DOC_NUMBER.match(rest)
    if m:
        pieces.append(rest[: m.end()])
        rest = rest[m.end():]
    m = _RE_RECIPIENTS.match(rest)
    if m and _RE_COVER.match(rest[m.end():]):
        pieces.append(rest[: m.end()])
        rest = rest[m.end():]
    m = _RE_COVER.match(rest)
    if m:
        pieces.append(rest[: m.end()])
        rest = rest[m.end():]
        s = _RE_SIGNED.match(rest)
        if s:
            pieces += [rest[: s.start("date")], rest[s.start("date"): s.end()]]
            rest = rest[s.end():]
    # 版记 at the end
    tail: list[str] = []
    printed = _RE_PRINTED.search(rest)
    if printed:
        tail.append(rest[printed.start():])
        rest = rest[: printed.start()]
    cc = list(_RE_CC.finditer(rest))
    if cc and len(rest) - cc[-1].start() < 200:
        tail.insert(0, rest[cc[-1].start():])
        rest = rest[: cc[-1].start()]
    cuts = list(_outline_cuts(rest))
    bounds = [0, *cuts, len(rest)]
    pieces += [rest[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return [p.strip() for p in pieces + tail if p.strip()]


def _candidates(text: str) -> dict[tuple[str, int], list[int]]:
    """Positions of every marker-looking span, by (level, ordinal), in order."""
    found: dict[tuple[str, int], list[int]] = {}
    for level, pattern in (("cn", _RE_CN), ("paren", _RE_PAREN), ("arabic", _RE_ARABIC),
                           ("zhang", _RE_ZHANG), ("jie", _RE_JIE), ("tiao", _RE_TIAO)):
        for m in pattern.finditer(text):
            after = text[m.end(): m.end() + 1]
            law = level in ("zhang", "jie", "tiao")
            if not after or not re.match(r"[\u4e00-\u9fff“《（(]", after) \
                    and not (law and after in " \u3000"):
                continue  # a marker opens words, not a number or a mark
            if law and (re.match(r"(?:的)?规定|、|和|至|中|所", text[m.end(): m.end() + 2])
                        or _RE_REFERENCE_BEFORE.search(text[max(0, m.start() - 8): m.start()])):
                continue  # 本法第二章第三节规定的…: a reference, not a heading
            try:
                ordinal = cn_to_int(m.group(1))
            except ValueError:
                continue
            found.setdefault((level, ordinal), []).append(m.start())
    return found


def _outline_cuts(text: str) -> Iterator[int]:
    """Where each outline marker of ``text`` opens its line, found in order."""
    marks = _candidates(text)
    expect = {"cn": 1, "paren": 1, "arabic": 1, "zhang": 1, "jie": 1, "tiao": 1}
    deeper = {"cn": ("paren", "arabic"), "paren": ("arabic",), "arabic": (),
              "zhang": ("jie", "cn", "paren", "arabic"), "jie": ("cn", "paren", "arabic"),
              "tiao": ("cn", "paren", "arabic")}
    pos = 0
    while True:
        best = None
        for level, ordinal in expect.items():
            hit = _next(text, marks, pos, level, ordinal)
            if hit is not None and (best is None or hit < best[0]):
                best = (hit, level, ordinal)
        if best is None:
            return
        at, level, ordinal = best
        if at > 0:
            yield at
        pos = at + 1
        expect[level] = ordinal + 1
        for low in deeper[level]:
            # under a new heading a lower level restarts at 1, or runs on (1．…15．)
            expect[low] = _restart_or_continue(text, marks, pos, low, expect[low])


def _restart_or_continue(text: str, marks, pos: int, level: str, current: int) -> int:
    one = _next(text, marks, pos, level, 1)
    on = _next(text, marks, pos, level, current) if current > 1 else None
    if one is not None and (on is None or one < on):
        return 1
    return current


def _next(text: str, marks, pos: int, level: str, ordinal: int) -> int | None:
    """The first acceptable marker of ``level`` and ``ordinal`` at or after ``pos``: after a
    separator, else glued (the line before it was a heading without a final mark) if no
    marker of the next number comes first."""
    glued = None
    places = marks.get((level, ordinal), [])
    for at in places[bisect_left(places, pos):]:
        before = text[at - 1] if at else " "
        if before in _SEPARATOR:
            if glued is not None:
                return glued
            return at
        if glued is None and re.match(r"[\u4e00-\u9fff]", before) \
                and not (level == "cn" and ordinal == 1) \
                and not (level == "tiao" and before in "本法前款"):  # 统一、 is no heading
            glued = at
    return glued
