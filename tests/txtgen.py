"""Render the gold document as raw PDF-to-text extractions, for the TXT layout tests.

Synthetic fixtures, generated here so anyone can see how each was made.  The gold
record (``../shared/gold/seed-2025.json``) is laid out as GB/T 9704 pages (the
cover page with 发文字号, 主送, the cover notice, 署名 and 成文日期; the attached
text from page 2; the 版记 with 抄送 and 印发 at the end), hard-wrapped at a
width in ems the way a word processor breaks Chinese lines, and then written out
the way PDF-to-text tools leave such pages:

* line width: CJK characters take 1 em, digits, Latin and ``+`` half an em; the
  Chinese line-breaking rule (避头尾, kinsoku) is kept by pushing a character down,
  so a line never starts with ，。、；：？！”）》 (and never ends with “《（) and some
  lines are one or two characters short, or (as in the founding document) by
  squeezing the mark onto the line, which then runs a character over;
* a paragraph's first line is indented by two characters on the page; the text
  shows that indent as two full-width spaces, four ASCII spaces, or not at all;
* a blank line after every line (as the founding document), no blank lines, or
  blank lines only between paragraphs (and around page furniture);
* LF, CRLF or CR line ends;
* pages of a fixed number of body lines, the break showing as a form feed, as a
  leading space on the page's first line that touches the line before (as the
  founding document), as a page-number line (``— 3 —``, ``-3-``, ``第3页 共8页``,
  ``3/8``, a bare ``3``) and/or as a running header at the top of each page;
* damage: a download site's link stamp on its own line at a page break and at a
  line inside a page, spaces around digits and ``+``, ``„‟`` or blanks for the
  〔〕 of the 发文字号, Kangxi radicals (``⼀`` for 一) sprinkled in;
* trailing spaces on paragraph-final lines (as the founding document) or none;
* as ``pdftotext -layout`` writes: a left margin of spaces before every line,
  centred lines (发文字号, title, header, page number) and right-aligned ones
  (署名, 成文日期) placed with spaces.

Everything is deterministic for a given ``seed``.  :func:`render` returns the
text and the removals a reader must log (``kind``/``text``/``between``, in the
shape of the gold's ``removed``).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from pdfgen import HEADER, KANGXI, LINK, gold_blocks

#: Characters a line may not start with, or end with (GB/T 15834 / JIS X 4051 practice).
NO_LINE_START = set("，。、；：？！”’）》」』】〕…%")
NO_LINE_END = set("“‘（《「『【〔")
#: Clause marks: what the reader's audit log cuts a stamp's context at.
CLAUSE_PUNCT = "，。；：、！？,;"

PAGE_NUMBER_STYLES = {
    "dash": lambda p, n: f"— {p} —",
    "hyphen": lambda p, n: f"-{p}-",
    "of": lambda p, n: f"第{p}页 共{n}页",
    "slash": lambda p, n: f"{p}/{n}",
    "bare": lambda p, n: f"{p}",
}
DAMAGES = ("link_page_break", "link_in_page", "digit_spaces", "bracket_quotes",
           "bracket_blanks", "kangxi")
INDENTS = {"none": "", "fullwidth": "\u3000\u3000", "ascii": "    "}


@dataclass(frozen=True)
class TxtLayout:
    """How the extraction looks (defaults: the founding document's own layout)."""

    width: int = 28                   # ems per line
    indent: str = "none"              # first-line indent as extracted: none, fullwidth, ascii
    blanks: str = "every"             # blank lines: every (after each line), none, paragraph,
                                      # double (after each line, two between paragraphs)
    newline: str = "\n"               # "\n", "\r\n" or "\r"
    page_lines: int = 22              # body lines per page
    formfeed: bool = False            # a form feed between pages
    leading_space: bool = True        # a page's first line starts with a space, touching
    page_number: str = ""             # "", or a key of PAGE_NUMBER_STYLES
    header: bool = False              # a running header at the top of every page
    trailing: bool = True             # paragraph-final lines end with a space
    title: bool = False               # the title repeated above the attached text
    kinsoku: str = "push"             # 避头尾 by pushing characters down, or "squeeze"
    margin: int = 0                   # ASCII spaces before every line (pdftotext -layout)
    align: bool = False               # centred/right-aligned lines keep their position


@dataclass(frozen=True)
class TxtVariant:
    layout: TxtLayout = field(default_factory=TxtLayout)
    damages: frozenset[str] = frozenset()
    seed: int = 0


def char_width(ch: str) -> float:
    """The advance of a character on the page, in ems."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" or ch in "“”‘’—…" else 0.5


def text_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


def break_lines(text: str, width: float, first_indent: float = 2.0, *,
                kinsoku: str = "push") -> list[str]:
    """Greedy line breaking with 避头尾.

    ``push``: characters are pushed down to the next line (the line comes out a
    character or two short); ``squeeze``: a closing mark is pulled up onto the
    line, which is then set tighter (it comes out a character over the width).
    """
    lines: list[str] = []
    i, avail = 0, width - first_indent
    while i < len(text):
        j, used = i, 0.0
        while j < len(text) and used + char_width(text[j]) <= avail + 1e-9:
            used += char_width(text[j])
            j += 1
        if j < len(text) and kinsoku == "squeeze" and text[j] in NO_LINE_START:
            j += 1
        elif j < len(text):
            k = j
            while k - 1 > i and (text[k] in NO_LINE_START or text[k - 1] in NO_LINE_END):
                k -= 1
            j = k
        lines.append(text[i:j])
        i, avail = j, width
    return lines


# ---------------------------------------------------------------------------
# Physical lines


@dataclass
class PLine:
    text: str                   # as extracted (damage applied), without layout whitespace
    clean: str = ""             # the same line before damage
    kind: str = "body"          # body, cover, cc, printed, title, header, page_number, link
    first: bool = False         # the first line of a paragraph (indented on the page)
    last: bool = False          # the last line of a paragraph
    gap: int = 0                # extra blank lines above (vertical space on the page)
    para: int = -1              # paragraph index (body lines)
    prefix: str = ""            # leading spaces the extractor wrote (the 版记's indent)
    align: str = ""             # center or right: where the line sits on the page

    @property
    def furniture(self) -> bool:
        return self.kind in ("header", "page_number", "link")


def _date_cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


_RE_HALF_EDGE = re.compile(r"(?<=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”])(?=[0-9A-Za-z+])"
                           r"|(?<=[0-9A-Za-z+])(?=[\u2e80-\u9fff“”])")


def _damage(text: str, kind: str, damages: frozenset[str], rng: random.Random) -> str:
    if kind == "doc_number":
        if "bracket_quotes" in damages:
            text = text.replace("〔", "„").replace("〕", "‟")
        elif "bracket_blanks" in damages:
            text = text.replace("〔", " ").replace("〕", " ")
    if "kangxi" in damages and kind in ("body", "cover"):
        text = "".join(KANGXI[ch] if ch in KANGXI and rng.random() < 0.3 else ch for ch in text)
    if "digit_spaces" in damages and kind not in ("link",):
        text = _RE_HALF_EDGE.sub(" ", text)
    return text


def _layout_lines(gold: dict, lay: TxtLayout) -> tuple[list[PLine], list[PLine]]:
    """The cover page's lines and the attached text's lines (undamaged)."""
    cover: list[PLine] = []
    body: list[PLine] = []
    target = cover
    para = 0
    for block in gold_blocks(gold, title=lay.title):
        kind, text = block.kind, block.text
        if kind == "page_break":
            target = body
            continue
        if kind == "center":
            target.append(PLine(text, kind="doc_number", first=True, last=True, align="center"))
        elif kind == "flush":
            target.append(PLine(text, kind="cover", first=True, last=True, gap=2))
        elif kind == "signature":
            target.append(PLine(text, kind="cover", first=True, last=True, gap=3, align="right"))
        elif kind == "date":
            target.append(PLine(text, kind="cover", first=True, last=True, align="right"))
        elif kind == "title":
            target.append(PLine(text, kind="title", first=True, last=True, align="center"))
        elif kind == "cc":
            target.append(PLine(text, kind="cc", first=True, last=True, gap=1, prefix="   "))
        elif kind == "printed":
            by, date = text.split("|")
            room = lay.width - 1 - text_width(by) - text_width(date)
            target.append(PLine(by + " " * max(2, int(2 * room)) + date, kind="printed",
                                first=True, last=True))
        else:  # para, heading
            lines = break_lines(text, lay.width, kinsoku=lay.kinsoku)
            after_title = bool(target) and target[-1].kind == "title"
            for k, line in enumerate(lines):
                target.append(PLine(line, kind="body" if target is body else "cover",
                                    first=k == 0, last=k == len(lines) - 1,
                                    gap=1 if k == 0 and after_title else 0, para=para))
            para += 1
    for line in cover + body:
        line.clean = line.text
    return cover, body


# ---------------------------------------------------------------------------
# Pages and furniture


def _clause_context(before: str, after: str) -> tuple[str, str]:
    """The clause fragment before and after a stamp, as the reader's audit log cuts it."""
    before, after = before.rstrip(), after.lstrip()
    cut = max(before.rfind(p) for p in CLAUSE_PUNCT)
    head = before[cut + 1:] if cut >= 0 else before[-20:]
    ends = [after.find(p) for p in CLAUSE_PUNCT if after.find(p) >= 0]
    tail = after[: min(ends) + 1] if ends else after[:20]
    return head[-40:], tail[:40]


def _link_spot_ok(prev: PLine, nxt: PLine, *, marks: bool = True) -> bool:
    """A stamp between two lines of one sentence, the context undamaged (and, with
    ``marks``, cut at clause marks on both sides)."""
    if prev.para != nxt.para or prev.para < 0 or prev.last:
        return False
    head, tail = _clause_context(prev.text, nxt.text)
    clean = _clause_context(prev.clean, nxt.clean)
    return (head, tail) == clean and bool(head) and bool(tail) and (not marks or (
        any(p in prev.text for p in CLAUSE_PUNCT) and any(p in nxt.text for p in CLAUSE_PUNCT)))


def page_count(gold: dict, layout: TxtLayout) -> int:
    """How many pages :func:`render` lays ``gold`` out on."""
    return len(_paginate(*_layout_lines(gold, layout), layout))


def _paginate(cover: list[PLine], body: list[PLine], lay: TxtLayout) -> list[list[PLine]]:
    pages = [cover]
    for k in range(0, len(body), lay.page_lines):
        pages.append(body[k: k + lay.page_lines])
    return pages


def render(gold: dict, variant: TxtVariant = TxtVariant()) -> tuple[str, list[dict]]:
    """The extracted text of ``gold`` in ``variant`` and the removals a reader must log.

    (:func:`page_count` gives the number of pages the text was cut into.)
    """
    lay, damages = variant.layout, variant.damages
    rng = random.Random(variant.seed)
    cover, body = _layout_lines(gold, lay)
    for line in cover + body:
        line.text = _damage(line.text, line.kind, damages, rng)
    pages = _paginate(cover, body, lay)
    expected: list[dict] = []
    if "bracket_quotes" in damages:
        expected += [{"kind": "bracket", "text": "„"}, {"kind": "bracket", "text": "‟"}]
    if "kangxi" in damages:
        seen = sorted({ch for line in cover + body for ch in line.text
                       if "\u2e80" <= ch <= "\u2fdf"})
        expected += [{"kind": "glyph", "text": ch} for ch in seen]

    link_at: dict[tuple[int, int], PLine] = {}  # (page, index after which) -> link line
    if "link_page_break" in damages:
        spots = [p for p in range(2, len(pages) - 1)
                 if pages[p] and pages[p + 1] and _link_spot_ok(pages[p][-1], pages[p + 1][0])]
        if not spots:  # long pages: any break inside a sentence, its context undamaged
            spots = [p for p in range(1, len(pages) - 1) if pages[p] and pages[p + 1]
                     and _link_spot_ok(pages[p][-1], pages[p + 1][0], marks=False)]
        assert spots, "no page break falls inside a sentence"
        p = spots[len(spots) // 2]
        link_at[(p, len(pages[p]) - 1)] = PLine(LINK, kind="link")
        expected.append({"kind": "link", "text": LINK,
                         "between": list(_clause_context(pages[p][-1].text, pages[p + 1][0].text))})
    if "link_in_page" in damages:
        spots = [(p, k) for p in range(1, len(pages)) for k in range(2, len(pages[p]) - 3)
                 if _link_spot_ok(pages[p][k], pages[p][k + 1]) and (p, k) not in link_at]
        p, k = rng.choice(spots)
        link_at[(p, k)] = PLine(LINK, kind="link")
        expected.append({"kind": "link", "text": LINK,
                         "between": list(_clause_context(pages[p][k].text, pages[p][k + 1].text))})

    n = len(pages)
    out_pages: list[list[PLine]] = []
    for p, lines in enumerate(pages, 1):
        page: list[PLine] = []
        if lay.header:
            page.append(PLine(HEADER, kind="header", align="center"))
            expected.append({"kind": "header", "text": HEADER})
        for k, line in enumerate(lines):
            page.append(line)
            if (p - 1, k) in link_at:
                page.append(link_at[(p - 1, k)])
        if lay.page_number:
            number = PAGE_NUMBER_STYLES[lay.page_number](p, n)
            page.append(PLine(number, kind="page_number", align="center"))
            expected.append({"kind": "page_number", "text": number})
        out_pages.append(page)
    return _write(out_pages, lay), expected


def _write(pages: list[list[PLine]], lay: TxtLayout) -> str:
    indent = INDENTS[lay.indent]
    out: list[str] = []

    def separator(prev: PLine | None, line: PLine) -> str:
        if prev is None:
            return ""
        if lay.blanks == "none":
            return "\n"
        gap = "\n \n" * line.gap if lay.blanks != "none" else ""
        if lay.blanks == "every":
            return "\n\n" + gap
        if lay.blanks == "double":
            return "\n\n" + gap + ("\n" if prev.last or line.first else "")
        # paragraph: blank lines between paragraphs and around furniture
        if prev.last or prev.furniture or line.furniture or line.first:
            return "\n\n" + gap
        return "\n"

    prev: PLine | None = None
    for p, page in enumerate(pages):
        for k, line in enumerate(page):
            sep = separator(prev, line)
            if k == 0 and p > 0:
                if lay.leading_space:
                    sep = "\n"
                if lay.formfeed:
                    sep += "\f"
            text = " " * lay.margin + line.prefix
            if line.first and line.kind in ("body", "cover") and line.para >= 0:
                text += indent
            if lay.align and line.align:
                room = lay.width - text_width(line.text)
                text += " " * int(room if line.align == "center" else 2 * room - 4)
            text += line.text
            if lay.trailing and line.last and not line.furniture:
                text += " "
            if k == 0 and lay.leading_space:
                text = " " + text
            out.append(sep + text)
            prev = line
    text = "".join(out) + ("\n\f" if lay.formfeed else "\n")
    return text.replace("\n", lay.newline) if lay.newline != "\n" else text
