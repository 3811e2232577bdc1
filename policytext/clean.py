"""Cleaning: repair extraction damage and log every removal and repair.

Readers hand over :class:`Line` records (text plus whatever layout evidence the
format gives: page, indentation, fullness, a gap above).  This module

* removes page furniture line by line (page numbers, repeated running headers
  and footers, stray link text, web-page chrome), see :func:`drop_furniture`;
* joins hard-wrapped lines into paragraphs, also across page breaks, see
  :func:`join_lines`;
* repairs mis-mapped glyphs inside the text (Kangxi radicals, compatibility
  ideographs, „‟ for 〔〕 in a 发文字号) and removes spaces an extractor put
  between Chinese and digits or Latin letters, see :func:`repair_text`.

Each repair is a small pure function that returns the new text *and* the
:class:`~policytext.model.Removal` records describing what it changed, so the
audit trail is built where the change is made.  The document's words are never
changed: only characters that the extraction added or garbled.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from .model import Removal

__all__ = [
    "Line",
    "Paragraph",
    "display_width",
    "is_heading_start",
    "is_heading_paragraph",
    "is_element_start",
    "clause_context",
    "find_links",
    "remove_links",
    "repair_glyphs",
    "repair_doc_number",
    "remove_cjk_spaces",
    "remove_zero_width",
    "repair_text",
    "is_page_number",
    "drop_furniture",
    "looks_like_web_page",
    "drop_web_furniture",
    "web_page_meta",
    "join_lines",
    "count_visible",
    "fold",
]


@dataclass(frozen=True)
class Line:
    """One physical line as a reader saw it.

    ``indent``/``full`` are layout evidence (``None`` when the format cannot
    tell): a paragraph's first line is indented, a wrapped line runs to the right
    margin.  ``gap_before`` marks more space above than between wrapped lines.
    ``role`` is a reader's hint (``org_mark`` for the red 发文机关标志,
    ``title`` for a large centred title, ``table`` for a row of cells joined by tabs).
    """

    text: str
    page: int = 1
    indent: bool | None = None
    full: bool | None = None
    gap_before: bool = False
    role: str = ""
    centered: bool | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    page_start: int = 1
    page_end: int = 1
    role: str = ""
    centered: bool | None = None


# ---------------------------------------------------------------------------
# Character classes and patterns, compiled once.

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
RE_CJK = re.compile(f"[{_CJK}]")
#: Sentence-final marks (a paragraph may end after one of these, maybe plus a closing quote).
FINAL = "。！？；：…"
CLOSERS = "”’」』）)》〉】"
RE_ENDS_FINAL = re.compile(f"[{FINAL}][{CLOSERS}]*$|[!?][{CLOSERS}]*$")
#: Clause delimiters used to cut the context around a removed span.
CLAUSE_PUNCT = "，。；：、！？,;"

_CN_NUM = "一二三四五六七八九十百零〇"
#: Outline markers at the start of a paragraph (GB/T 9704-2012 §7.3.3 and law style).
RE_HEADING_START = re.compile(
    rf"^\s*(?:"
    rf"[{_CN_NUM}]+、"
    rf"|[（(][{_CN_NUM}]+[)）]"
    rf"|\d{{1,3}}[．.、](?!\d)"
    rf"|[（(]\d{{1,3}}[)）]"
    rf"|[\u2460-\u2473]"
    rf"|第[{_CN_NUM}\d]+[编章节条]"
    rf"|[{_CN_NUM}]+是"
    rf")"
)

RE_URL = re.compile(
    r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+",
    re.IGNORECASE,
)
#: A label that introduces a URL the document itself cites (kept, not a stamp).
RE_URL_LABEL = re.compile(
    r"(网址|网站|链接|地址|邮箱|官网|平台|登录|访问|详见|见)[：:]?\s*[（(“「]?\s*$")
#: A bare host name (``www.example.cn``) without scheme or path: in running text the
#: document cites it; a download site's stamp carries a scheme or a path.
RE_BARE_HOST = re.compile(r"^www\.[A-Za-z0-9\-.]+\.[A-Za-z]{2,}/?$", re.IGNORECASE)

RE_PAGE_NUMBER = re.compile(
    r"^\s*(?:"
    r"[—–\-－~～·•][—–\-－~～·•\s]*\d{1,4}[—–\-－~～·•\s]*[—–\-－~～·•]"  # — 3 —, -3-, –– - 3 - ––
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"  # 第3页 共8页
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"                              # 3/8
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4}"                                                # a bare 3
    r")\s*$"
)

# The 发文字号: 机关代字〔2025〕8号, with its brackets mis-mapped („‟) or lost (blanks).
RE_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,20}?)\s*"
    r"(?P<open>[〔［\[【(（„“\"‘'「〖]|\s+)?\s*(?P<year>(?:19|20)\d\d)\s*"
    r"(?P<close>[〕］\]】)）‟”\"’'」〗]|\s+)?\s*"
    r"(?P<serial>\d{1,5})\s*号$"
)

# Kangxi radicals (U+2F00–U+2FDF) and CJK compatibility ideographs (U+F900–U+FAFF)
# decompose under NFKC; the CJK Radicals Supplement (U+2E80–U+2EFF) mostly does
# not, so its look-alikes are listed here (after Unicode's EquivalentUnifiedIdeograph).
_RADICAL_SUPPLEMENT = dict(zip(
    "⺁⺇⺊⺌⺍⺎⺏⺐⺑⺒⺓⺔⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰⺱⺲⺳⺴⺵⺶⺷⺸⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "厂几卜小小尢尣尢尣巳幺彐忄心扌攵旡日月歺母民氵氺灬爫爫丬牛犭王疋目示礻竹糸纟罒罒罓罒罒羊羊羊耂肀聿肉臼艹艹艹虎衤覀西见角角讠贝足车辶辶辶阝钅長镸长门阝阝雨青韦页风飞食食食饣首马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟",
    strict=True,
))


def _glyph_map() -> dict[str, str]:
    table = dict(_RADICAL_SUPPLEMENT)
    for cp in list(range(0x2F00, 0x2FE0)) + list(range(0xF900, 0xFB00)):
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and len(folded) == 1:
            table[ch] = folded
    return table


GLYPH_MAP: dict[str, str] = _glyph_map()
RE_LOOKALIKE = re.compile("[" + "".join(re.escape(c) for c in sorted(GLYPH_MAP)) + "]")

# A space an extractor inserted between Chinese and a digit/Latin run (either side),
# or between Chinese characters and full-width punctuation.
_CJKP = f"{_CJK}{_CJK_PUNCT}"
RE_CJK_SPACE = re.compile(
    rf"(?<=[{_CJKP}])[ \t\u00a0\u3000]+(?=[0-9A-Za-z%.．+＋\-])"
    rf"|(?<=[0-9A-Za-z%.．+＋])[ \t\u00a0\u3000]+(?=[{_CJKP}])"
    rf"|(?<=[{_CJKP}])[ \t\u00a0\u3000]+(?=[{_CJKP}])"
)


# ---------------------------------------------------------------------------
# Small helpers

def display_width(text: str) -> float:
    """Width in ems: CJK and full-width characters 1, ASCII ½, whitespace 0.

    Whitespace counts nothing because extractors insert it where the page had
    none (around digits); half-width digits and letters take half an em.
    """
    width = 0.0
    for ch in text:
        if ch.isspace():
            continue
        width += 1.0 if unicodedata.east_asian_width(ch) in "WF" or ch in "“”‘’…—" else 0.5
    return width


def is_heading_start(text: str) -> bool:
    """True if ``text`` opens with an outline marker (一、 （一） 1． （1） ① 第X条 一是).

    A marker printed with a look-alike radical (``⼀、``, ``⼆、``) counts: the glyph
    repair runs on whole paragraphs, after lines are joined.
    """
    head = text[:12]
    if RE_LOOKALIKE.search(head):
        head = RE_LOOKALIKE.sub(lambda m: GLYPH_MAP[m.group()], head)
    return bool(RE_HEADING_START.match(head))


#: A heading paragraph: 一、…, （一）…, 第X章/编/节 … with no sentence end in it.
RE_HEADING_PARAGRAPH = re.compile(
    rf"^\s*(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}]+[)）]|第[{_CN_NUM}\d]+[编章节])[^。！？；]{{0,40}}$")


#: A line that opens a GB/T 9704 element of its own: 抄送：/主送：/附件：, or the
#: 印发 line of the 版记 (江苏省科协办公室 2025年4月16日印发).
RE_ELEMENT_START = re.compile(
    r"^\s*(?:抄\s*送|主\s*送|附\s*件)\s*[：:]"
    r"|^\s*\S.{0,40}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$")
#: A title line: no clause punctuation, ending with what kind of document it is.
RE_TITLE_LINE = re.compile(
    r"^[^，。、；：！？,;:!?]{4,60}(?:通知|要点|报告|意见|办法|规定|条例|方案|决定|规划|纲要|细则|"
    r"批复|通报|决议|公报|计划|指引|指南|守则|章程|准则)[）)]?$")


def is_element_start(text: str) -> bool:
    """True if ``text`` opens a 抄送/主送/附件 line or is the 版记's 印发 line."""
    return bool(RE_ELEMENT_START.match(text))


def is_heading_paragraph(text: str) -> bool:
    """True for a section heading on its own (``一、突出政治引领，彰显政治底色的“亮度”``).

    A heading is never continued by a line that opens with an outline marker: that
    line is the first item under it, even when the heading ran to the margin.
    """
    head = RE_LOOKALIKE.sub(lambda m: GLYPH_MAP[m.group()], text[:4]) + text[4:]
    return bool(RE_HEADING_PARAGRAPH.match(head))


def count_visible(text: str) -> int:
    """Non-whitespace characters: the unit of the conservation check."""
    return sum(1 for ch in text if not ch.isspace())


def fold(text: str) -> str:
    """A matching/search key: NFKC (full-width → half-width, compatibility forms),
    look-alike radicals to unified ideographs, lower case.  Never for display."""
    text = RE_LOOKALIKE.sub(lambda m: GLYPH_MAP[m.group()], text)
    return unicodedata.normalize("NFKC", text).lower()


def clause_context(before: str, after: str) -> tuple[str, str]:
    """The clause fragment before and after a removed span (for the audit log).

    ``before`` keeps what follows the last clause mark; ``after`` runs up to and
    including the next one, e.g. ``("全面提升政", "治功能和组织功能。")``.
    """
    before = before.rstrip()
    cut = max(before.rfind(p) for p in CLAUSE_PUNCT)
    head = before[cut + 1:] if cut >= 0 else before[-20:]
    after = after.lstrip()
    positions = [after.find(p) for p in CLAUSE_PUNCT if after.find(p) >= 0]
    tail = after[: min(positions) + 1] if positions else after[:20]
    return head[-40:], tail[:40]


# ---------------------------------------------------------------------------
# Text repairs: str -> (str, removals)

Repair = Callable[[str, int | None], tuple[str, list[Removal]]]


def find_links(text: str) -> list[re.Match[str]]:
    """URL spans that look stamped in by a download site, not cited by the document."""
    found = []
    for m in RE_URL.finditer(text):
        if RE_URL_LABEL.search(text[: m.start()]):
            continue  # "网址：http://…" is the document's own reference
        found.append(m)
    return found


def remove_links(text: str, page: int | None = None) -> tuple[str, list[Removal]]:
    """Remove link stamps, also from between the two halves of a sentence."""
    out, removed, last = [], [], 0
    for m in find_links(text):
        if RE_BARE_HOST.match(m.group()):
            continue  # a host named in the sentence is the document's own reference
        out.append(text[last: m.start()])
        removed.append(Removal("link", m.group(), page, "link text stamped by a download site",
                               between=clause_context(text[: m.start()], text[m.end():])))
        last = m.end()
    out.append(text[last:])
    return "".join(out), removed


def repair_glyphs(text: str, page: int | None = None) -> tuple[str, list[Removal]]:
    """Map Kangxi radicals and compatibility look-alikes (⼀ for 一) to unified ideographs."""
    if not RE_LOOKALIKE.search(text):
        return text, []
    removed = [
        Removal("glyph", m.group(), page, "look-alike radical or compatibility ideograph",
                replacement=GLYPH_MAP[m.group()])
        for m in RE_LOOKALIKE.finditer(text)
    ]
    return RE_LOOKALIKE.sub(lambda m: GLYPH_MAP[m.group()], text), removed


def repair_doc_number(text: str, page: int | None = None) -> tuple[str, list[Removal]]:
    """Normalise a 发文字号 whose 〔〕 came out as „‟, other brackets or blanks."""
    m = RE_DOC_NUMBER.match(text.strip())
    if not m or not re.search(r"[发字函办令]$", m.group("prefix")):
        return text, []
    fixed = f"{m.group('prefix')}〔{m.group('year')}〕{m.group('serial')}号"
    removed = []
    for group, right in (("open", "〔"), ("close", "〕")):
        got = m.group(group)
        if got is None:
            removed.append(Removal("bracket", "", page, f"missing {right} in a 发文字号",
                                   replacement=right))
        elif got.strip() != right:
            removed.append(Removal("bracket", got, page,
                                   f"mis-mapped {right} in a 发文字号", replacement=right))
    return fixed, removed


#: A paragraph-initial 第X编/章/节/条: the space after it is the document's own separator.
RE_LEADING_DIVISION = re.compile(rf"^\s*第[{_CN_NUM}\d]+[编章节条](?=[ \t\u00a0\u3000])")


def remove_cjk_spaces(text: str, page: int | None = None) -> tuple[str, list[Removal]]:
    """Remove spaces an extractor put between Chinese and digits, Latin letters or Chinese.

    The separator after a leading 第X条/第X章 is kept: laws print it (``第一条　为了…``)
    and it tells an article from a paragraph that cites one (``第一条规定的…``).
    """
    lead = RE_LEADING_DIVISION.match(text)
    keep_at = lead.end() if lead else -1
    removed, out, last = [], [], 0
    for m in RE_CJK_SPACE.finditer(text):
        if m.start() == keep_at:
            continue
        removed.append(Removal("space", m.group(), page, "space inserted by extraction",
                               between=clause_context(text[: m.start()], text[m.end():])))
        out.append(text[last: m.start()])
        last = m.end()
    out.append(text[last:])
    return "".join(out), removed


#: Invisible format characters web pages leave in text (zero-width space/joiners, word
#: joiner, a stray BOM, soft hyphen): they break matching and sentence splitting.
RE_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def remove_zero_width(text: str, page: int | None = None) -> tuple[str, list[Removal]]:
    """Remove zero-width and other invisible format characters, logging each."""
    removed = [Removal("zero_width", m.group(), page,
                       f"invisible U+{ord(m.group()):04X} left by the source",
                       between=clause_context(text[: m.start()], text[m.end():]))
               for m in RE_ZERO_WIDTH.finditer(text)]
    return (RE_ZERO_WIDTH.sub("", text), removed) if removed else (text, [])


#: The in-text repairs, in order.  Links go first so their removal can join words.
TEXT_REPAIRS: tuple[Repair, ...] = (remove_links, remove_zero_width, repair_glyphs,
                                    repair_doc_number, remove_cjk_spaces)


#: A table row's cells are joined by tabs, which are no extraction damage.
TABLE_REPAIRS: tuple[Repair, ...] = tuple(r for r in TEXT_REPAIRS if r is not remove_cjk_spaces)


def repair_text(text: str, page: int | None = None,
                repairs: Sequence[Repair] = TEXT_REPAIRS) -> tuple[str, list[Removal]]:
    """Run every in-text repair over a paragraph; return the text and the log."""
    log: list[Removal] = []
    for repair in repairs:
        text, removed = repair(text, page)
        log.extend(removed)
    return text.strip(), log


# ---------------------------------------------------------------------------
# Line-level furniture

def is_page_number(text: str) -> bool:
    return bool(RE_PAGE_NUMBER.match(text))


def _furniture_key(text: str) -> str:
    """Running headers differ only in their page numbers: compare without digits."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_furniture(lines: Sequence[Line]) -> tuple[list[Line], list[Removal]]:
    """Remove page numbers, repeated running headers/footers and link-only lines.

    Page numbers and headers are only looked for among the first and last two
    lines of a page, where the furniture sits; a link stamp anywhere.
    """
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.text.strip():
            pages.setdefault(line.page, []).append(i)
    n_pages = len(pages)
    edge: set[int] = set()
    for idx in pages.values():
        edge.update(idx[:2] + idx[-2:])

    # A line repeated at the edge of at least half the pages (and of 3+ pages) is furniture.
    counts = Counter(_furniture_key(lines[i].text) for i in edge)
    repeated = {k for k, c in counts.items()
                if n_pages >= 3 and c >= max(3, n_pages // 2) and len(k) <= 60}

    # First decide what each line is, then log: a link stamp's context must skip the
    # page number or header that may sit between it and the sentence's second half.
    verdicts: list[tuple[str, str] | None] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        verdict = None
        if not text:
            pass
        elif i in edge and n_pages > 1 and is_page_number(text):
            verdict = ("page_number", "page number")
        elif i in edge and _furniture_key(text) in repeated:
            verdict = ("header", "running header or footer")
        elif find_links(text) and not RE_URL.sub("", text).strip(" \t\u3000|·•-—"):
            verdict = ("link", "link text stamped by a download site")
        verdicts.append(verdict)

    kept, removed = [], []
    for i, line in enumerate(lines):
        verdict = verdicts[i]
        if verdict is None:
            kept.append(line)
            continue
        kind, reason = verdict
        text = line.text.strip()
        between = None
        if kind == "link":
            prev = next((k.text for k in reversed(kept) if k.text.strip()), "")
            nxt = next((lines[j].text for j in range(i + 1, len(lines))
                        if verdicts[j] is None and lines[j].text.strip()), "")
            between = clause_context(RE_URL.sub("", prev), RE_URL.sub("", nxt))
        removed.append(Removal(kind, text, line.page, reason, between=between)
                       if between else Removal(kind, text, line.page, reason))
    return kept, removed


# ---------------------------------------------------------------------------
# Joining wrapped lines

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


# ---------------------------------------------------------------------------
# Web-page furniture (text saved from a news or government site)

#: Lines that are a page's own controls, never a document's words.
WEB_WIDGETS = frozenset({
    "下载", "打印", "全屏", "收藏", "分享", "分享：", "分享到：", "打印本页", "关闭窗口",
    "【打印】", "【关闭】", "【关闭窗口】", "【打印本页】", "【大】", "【中】", "【小】",
    "扫一扫在手机打开当前页", "扫一扫在手机上查看当前页面", "返回顶部", "TOP", "Public domain",
})
#: The font-size control: 【字号： 加大 还原 减小 】 or 【字体： 大 中 小 】, one per line.
_RE_FONT_OPEN = re.compile(r"^【?\s*(字号|字体)\s*[：:]?\s*$")
_FONT_PARTS = frozenset({"加大", "还原", "减小", "大", "中", "小", "默认", "】", "|"})
#: 来源：北京日报, 时间：2026-02-02, 责任编辑：李莎莎 (the value may sit on the next line).
RE_WEB_LABEL = re.compile(
    r"^(?P<label>来\s*源|时\s*间|发布时间|发布日期|日\s*期|作\s*者|编\s*辑|责任编辑|浏览次数|"
    r"点击数|阅读次数)\s*[：:]\s*(?P<value>.{0,40})$")
#: A publication timestamp with a time of day (a bare date may be a 成文日期: kept).
RE_WEB_TIMESTAMP = re.compile(
    r"^\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})\s*"
    r"\d{1,2}\s*(?:[:：]|时)\s*\d{1,2}(?:\s*分|\s*[:：]\s*\d{1,2})?\s*$")
#: A photo caption: …本报记者 戴冰摄, 新华社记者 张三 摄, （摄影：…）.
RE_WEB_CAPTION = re.compile(
    r"(?:记者|摄影|通讯员|图片来源)[^。；！？]{0,20}?\s*摄\s*[)）]?\s*$|^[(（]?\s*摄影\s*[：:]")
#: Where an article page's own text ends and its trailer (related links, editor,
#: share widgets, a licence notice) begins.
RE_WEB_TRAILER = re.compile(
    r"^(?:相关报道|相关链接|相关附件|相关阅读|相关新闻|延伸阅读|责任编辑|扫一扫|打印本页|关闭窗口|"
    r"【打印】|【关闭】|分享到)\s*[：:>》]*"
    r"|^本作品(?:是|在|来自)")
#: A licence trailer must say it is one (Wikisource's 本作品…属于公有领域 / Public domain).
_RE_LICENCE_WORDS = re.compile(r"公有领域|著作权|版权|[Pp]ublic [Dd]omain|[Ll]icen[cs]e")
_WEB_TRAILER_MAX_LINES = 40
_WEB_TRAILER_MAX_CHARS = 1500


def looks_like_web_page(lines: Sequence[Line]) -> bool:
    """True when the text carries a web page's controls or trailer (at least two signs)."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    window = [texts[i] for i in sorted(set(range(min(40, len(texts))))
                                       | set(range(max(0, len(texts) - 40), len(texts))))]
    signs = sum(1 for t in window if t in WEB_WIDGETS or _RE_FONT_OPEN.match(t)
                or RE_WEB_TRAILER.match(t))
    signs += sum(1 for t in texts[:30] if RE_WEB_LABEL.match(t) or RE_WEB_TIMESTAMP.match(t))
    return signs >= 2


def _web_trailer_start(texts: Sequence[str]) -> int | None:
    """Index of the first line of the page trailer, if the tail after it is short."""
    n = len(texts)
    for i in range(max(0, n - _WEB_TRAILER_MAX_LINES), n):
        if RE_WEB_TRAILER.match(texts[i]):
            rest = texts[i:]
            if texts[i].startswith("本作品") and not _RE_LICENCE_WORDS.search("".join(rest)):
                continue
            if sum(count_visible(t) for t in rest) <= _WEB_TRAILER_MAX_CHARS and not any(
                    is_heading_start(t) for t in rest[1:]):
                return i
            return None
    return None


def drop_web_furniture(lines: Sequence[Line]) -> tuple[list[Line], list[Removal]]:
    """Remove a saved web page's furniture, logging each line as ``web_furniture``.

    Removed: page controls (下载/打印/全屏/收藏, the 【字号：加大/还原/减小】 block,
    share and print links), label lines in the head (来源：…, 时间：…, 责任编辑：…,
    also with the value on the next line), publication timestamps with a time of
    day, photo captions (…记者 某某摄), and the trailer after the article
    (相关报道/相关链接 and what follows, a site's licence notice) when it is short
    and holds no outline heading.  Conservative by design: a line is only removed
    if it is furniture *as a whole*; body paragraphs are never touched.
    """
    texts = [ln.text.strip() for ln in lines]
    trailer = _web_trailer_start(texts)
    head_end = next((i for i, t in enumerate(texts) if is_heading_start(t)), len(texts))
    head_end = min(head_end, 30)
    reasons: dict[int, str] = {}
    i = 0
    while i < len(texts):
        t = texts[i]
        if not t:
            i += 1
            continue
        if trailer is not None and i >= trailer:
            reasons[i] = ("licence notice of the site the text was saved from"
                          if texts[trailer].startswith("本作品")
                          else "page trailer after the article (related links, editor, share)")
        elif t in WEB_WIDGETS:
            reasons[i] = "web page control"
        elif _RE_FONT_OPEN.match(t):
            reasons[i] = "font-size control of the web page"
            j = i + 1
            while j < len(texts) and j <= i + 8 and texts[j] in _FONT_PARTS:
                reasons[j] = "font-size control of the web page"
                closed = texts[j] == "】"
                j += 1
                if closed:
                    break
            i = j
            continue
        elif i < head_end and RE_WEB_LABEL.match(t):
            m = RE_WEB_LABEL.match(t)
            label = re.sub(r"\s+", "", m.group("label"))  # type: ignore[union-attr]
            reasons[i] = f"{label} line of the web page"
            if not m.group("value").strip() and i + 1 < len(texts) \
                    and 0 < count_visible(texts[i + 1]) <= 20 \
                    and not is_heading_start(texts[i + 1]) \
                    and not RE_ENDS_FINAL.search(texts[i + 1]):
                reasons[i + 1] = f"value of the {label} line of the web page"
                i += 1
        elif i < head_end and RE_WEB_TIMESTAMP.match(t):
            reasons[i] = "publication time of the web page"
        elif len(t) <= 80 and RE_WEB_CAPTION.search(t) and not is_heading_start(t):
            reasons[i] = "photo caption"
        i += 1
    kept, removed = [], []
    for k, line in enumerate(lines):
        if k in reasons:
            removed.append(Removal("web_furniture", texts[k], line.page, reasons[k]))
        else:
            kept.append(line)
    return kept, removed


def web_page_meta(removed: Iterable[Removal]) -> dict[str, str]:
    """``source_name`` and ``published`` from the label lines :func:`drop_web_furniture` took."""
    meta: dict[str, str] = {}
    pending: str | None = None
    for r in removed:
        if r.kind != "web_furniture":
            continue
        if pending and r.reason.startswith("value of"):
            meta.setdefault(pending, r.text)
            pending = None
            continue
        pending = None
        m = RE_WEB_LABEL.match(r.text)
        if m:
            label = re.sub(r"\s+", "", m.group("label"))
            key = {"来源": "source_name", "时间": "published", "发布时间": "published",
                   "发布日期": "published", "日期": "published"}.get(label)
            if key:
                if m.group("value").strip():
                    meta.setdefault(key, m.group("value").strip())
                else:
                    pending = key
        elif r.reason.startswith("publication time"):
            meta.setdefault("published", r.text)
    return meta
