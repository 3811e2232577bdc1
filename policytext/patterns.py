"""The grammar every stage shares, compiled once: one place to read and to test.

* character classes and width folding (:func:`fold`, :func:`display_width`,
  look-alike radicals :data:`GLYPH_MAP`);
* sentence and clause marks, :func:`split_sentences` (quotes respected);
* numerals, Chinese and Arabic (:func:`cn_to_int`);
* outline markers (GB/T 9704-2012 §7.3.3: 一、 （一） 1． （1）, and ①, 第X编/章/节/条,
  一是): :func:`classify_marker`, :func:`is_heading_start`;
* dates (:func:`parse_date`), the 发文字号 (:func:`parse_doc_number`), the lines
  that open a GB/T 9704 element;
* what page furniture looks like: page numbers, link stamps.

Readers, cleaning, structure, requirements and themes import from here; nothing
here imports another policytext module but the data model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import DocNumber

__all__ = [
    "CJK", "CJK_PUNCT", "RE_CJK", "FINAL", "CLOSERS", "RE_ENDS_FINAL", "RE_SENTENCE_END",
    "CLAUSE_PUNCT", "GLYPH_MAP", "RE_LOOKALIKE", "display_width", "fold", "count_visible",
    "cn_to_int", "Marker", "MARKERS", "RANK", "SECTION_KINDS", "RE_LIST", "classify_marker",
    "is_heading_start", "is_heading_paragraph", "is_element_start", "RE_TITLE_LINE",
    "RE_DATE", "RE_DATE_LINE", "parse_date", "RE_DOC_NUMBER", "RE_DAMAGED_DOC_NUMBER",
    "parse_doc_number", "RE_URL", "RE_BARE_HOST", "find_links", "is_link_line",
    "RE_PAGE_NUMBER", "is_page_number", "furniture_key", "split_sentences", "title_of",
]

# ---------------------------------------------------------------------------
# Character classes

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
RE_CJK = re.compile(f"[{CJK}]")
#: Sentence-final marks (a paragraph may end after one of these, maybe plus a closing quote).
FINAL = "。！？；：…"
CLOSERS = "”’」』）)》〉】"
RE_ENDS_FINAL = re.compile(f"[{FINAL}][{CLOSERS}]*$|[!?][{CLOSERS}]*$")
#: A sentence end (not ；or ：, which also close clauses).
RE_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)》]*$")
#: Clause delimiters used to cut the context around a removed span.
CLAUSE_PUNCT = "，。；：、！？,;"

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


#: Look-alike radicals and compatibility ideographs → the unified ideograph (⼀ → 一).
GLYPH_MAP: dict[str, str] = _glyph_map()
RE_LOOKALIKE = re.compile("[" + "".join(re.escape(c) for c in sorted(GLYPH_MAP)) + "]")


def unify_glyphs(text: str) -> str:
    """``text`` with look-alike radicals mapped to unified ideographs (for matching only)."""
    return RE_LOOKALIKE.sub(lambda m: GLYPH_MAP[m.group()], text)


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


def fold(text: str) -> str:
    """A matching/search key: NFKC (full-width → half-width, compatibility forms),
    look-alike radicals to unified ideographs, lower case.  Never for display."""
    return unicodedata.normalize("NFKC", unify_glyphs(text)).lower()


def count_visible(text: str) -> int:
    """Non-whitespace characters: the unit of the conservation check."""
    return sum(1 for ch in text if not ch.isspace())


# ---------------------------------------------------------------------------
# Numerals

_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3,
           "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "〇零一二三四五六七八九十百千两"


def cn_to_int(text: str) -> int:
    """Chinese numerals to int: 十二 → 12, 二十一 → 21, 一百零三 → 103, 二〇二五 → 2025."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text and all(ch in _DIGITS for ch in text):  # digit by digit, as in years
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + digit


# ---------------------------------------------------------------------------
# Outline markers, in the fixed rank order of GB/T 9704 §7.3.3 and of laws.

_NUM = f"[{_CN}]+|\\d+"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^(第(?:{_NUM})编)[\s\u3000]*(.*)$", re.S)),
    ("chapter", re.compile(rf"^(第(?:{_NUM})章)[\s\u3000]*(.*)$", re.S)),
    ("division", re.compile(rf"^(第(?:{_NUM})节)[\s\u3000]*(.*)$", re.S)),
    # 第X条 then its text; the space after it may have been lost in extraction, but
    # a paragraph opening with a reference (第三条规定的…, 第二条第一款…) is no article.
    ("article", re.compile(rf"^(第(?:{_NUM})条)(?:[\s\u3000]+|$|(?![的之规第款项、，。；：]))"
                           rf"(.*)$", re.S)),
    ("cn", re.compile(rf"^([{_CN}]+)、\s*(.*)$", re.S)),
    ("paren_cn", re.compile(rf"^[（(]([{_CN}]+)[)）]\s*(.*)$", re.S)),
    ("arabic", re.compile(r"^(\d{1,3})(?:[．.](?!\d)|、)\s*(.*)$", re.S)),
    ("paren_arabic", re.compile(r"^[（(](\d{1,3})[)）]\s*(.*)$", re.S)),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*(.*)$", re.S)),
)
RANK = {kind: i for i, (kind, _) in enumerate(MARKERS)}
SECTION_KINDS = ("part", "chapter", "division")
#: 一是/二是…: a paragraph standing in for an item in a list of points.
RE_LIST = re.compile(r"^([一二三四五六七八九十]+是)(.*)$", re.S)


@dataclass(frozen=True)
class Marker:
    kind: str
    number: str    # as it goes into a path: 一, （二）, 1, （1）, ①, 第三章
    ordinal: int
    rest: str      # the paragraph after the marker


def classify_marker(text: str) -> Marker | None:
    """The outline marker that opens ``text``, if any."""
    for kind, pattern in MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        raw, rest = m.group(1), m.group(2)
        if kind in ("paren_cn", "paren_arabic"):
            number = f"（{raw}）"
        else:
            number = raw
        if kind == "circled":
            ordinal = ord(raw) - 0x2460 + 1
        elif kind in SECTION_KINDS or kind == "article":
            ordinal = cn_to_int(raw[1:-1])
        else:
            ordinal = cn_to_int(raw)
        return Marker(kind, number, ordinal, rest)
    return None


_CN_NUM = "一二三四五六七八九十百零〇"
#: Outline markers at the start of a line (GB/T 9704-2012 §7.3.3 and law style).
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
#: A heading paragraph: 一、…, （一）…, 第X章/编/节 … with no sentence end in it.
RE_HEADING_PARAGRAPH = re.compile(
    rf"^\s*(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}]+[)）]|第[{_CN_NUM}\d]+[编章节])[^。！？；]{{0,40}}$")
#: A paragraph-initial 第X编/章/节/条: the space after it is the document's own separator.
RE_LEADING_DIVISION = re.compile(rf"^\s*第[{_CN_NUM}\d]+[编章节条](?=[ \t\u00a0\u3000])")


def is_heading_start(text: str) -> bool:
    """True if ``text`` opens with an outline marker (一、 （一） 1． （1） ① 第X条 一是).

    A marker printed with a look-alike radical (``⼀、``, ``⼆、``) counts: the glyph
    repair runs on whole paragraphs, after lines are joined.
    """
    head = text[:12]
    if RE_LOOKALIKE.search(head):
        head = unify_glyphs(head)
    return bool(RE_HEADING_START.match(head))


def is_heading_paragraph(text: str) -> bool:
    """True for a section heading on its own (``一、突出政治引领，彰显政治底色的“亮度”``).

    A heading is never continued by a line that opens with an outline marker: that
    line is the first item under it, even when the heading ran to the margin.
    """
    head = unify_glyphs(text[:4]) + text[4:]
    return bool(RE_HEADING_PARAGRAPH.match(head))


# ---------------------------------------------------------------------------
# Elements of an official document (GB/T 9704-2012)

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


RE_DATE = re.compile(
    r"(?P<y>\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
#: A date alone on its line (a 成文日期).
RE_DATE_LINE = re.compile(rf"^{RE_DATE.pattern}$")


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD`` (Arabic or Chinese numerals)."""
    m = RE_DATE.search(text)
    if not m:
        return None
    try:
        y, mo, d = (cn_to_int(m.group(k)) for k in "ymd")
    except ValueError:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


#: A 发文字号 as printed: 机关代字〔2025〕8号 (GB/T 9704-2012 §7.2.4).
RE_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,20}?)〔(?P<year>\d{4})〕(?P<serial>\d{1,5})号$")
#: A 发文字号 as extraction may leave it: its 〔〕 mis-mapped („‟) or lost (blanks).
RE_DAMAGED_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,20}?)\s*"
    r"(?P<open>[〔［\[【(（„“\"‘'「〖]|\s+)?\s*(?P<year>(?:19|20)\d\d)\s*"
    r"(?P<close>[〕］\]】)）‟”\"’'」〗]|\s+)?\s*"
    r"(?P<serial>\d{1,5})\s*号$"
)


def parse_doc_number(text: str) -> DocNumber | None:
    m = RE_DOC_NUMBER.match(text.strip())
    if not m:
        return None
    return DocNumber(m.group("prefix"), int(m.group("year")), int(m.group("serial")))


# ---------------------------------------------------------------------------
# What page furniture looks like

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


def find_links(text: str) -> list[re.Match[str]]:
    """URL spans that look stamped in by a download site, not cited by the document."""
    found = []
    for m in RE_URL.finditer(text):
        if RE_URL_LABEL.search(text[: m.start()]):
            continue  # "网址：http://…" is the document's own reference
        found.append(m)
    return found


def is_link_line(text: str) -> bool:
    """A line that is nothing but link stamps."""
    return bool(find_links(text)) and not RE_URL.sub("", text).strip(" \t\u3000|·•-—")


def is_page_number(text: str) -> bool:
    return bool(RE_PAGE_NUMBER.match(text))


def furniture_key(text: str) -> str:
    """Running headers differ only in their page numbers: compare without digits."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


# ---------------------------------------------------------------------------
# Sentences

_OPENERS = "“‘《（(「『【〔["
_CLOSERS = "”’》）)」』】〕]"
_ENDS = "。！？；!?;"
_RE_SENTENCE_MARKS = re.compile("[" + re.escape(_OPENERS + _CLOSERS + _ENDS) + "]")


def split_sentences(text: str) -> tuple[str, ...]:
    """Split on 。！？； outside quotes and brackets; a closing quote stays with its sentence."""
    sentences: list[str] = []
    for para in text.split("\n"):
        depth, start, skip_to = 0, 0, 0
        for m in _RE_SENTENCE_MARKS.finditer(para):  # only the marks matter: jump between them
            i = m.start()
            if i < skip_to:
                continue
            ch = para[i]
            if ch in _OPENERS:
                depth += 1
            elif ch in _CLOSERS:
                depth = max(0, depth - 1)
            elif depth == 0:  # a sentence end outside quotes and brackets
                j = i + 1
                while j < len(para) and (para[j] in _ENDS or para[j] in "”’」』"):
                    j += 1
                sentences.append(para[start:j])
                start = skip_to = j
        if para[start:].strip():
            sentences.append(para[start:])
    return tuple(s.strip() for s in sentences if s.strip())


def title_of(text: str) -> str:
    """An item's title: its first sentence without the final 。."""
    sentences = split_sentences(text)
    if not sentences:
        return ""
    first = sentences[0]
    return first[:-1] if first.endswith("。") else first
