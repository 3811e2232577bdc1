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
    # characters and widths
    "CJK", "CJK_PUNCT", "RE_CJK", "GLYPH_MAP", "RE_LOOKALIKE", "unify_glyphs",
    "display_width", "fold", "count_visible",
    # sentences
    "FINAL", "CLOSERS", "RE_ENDS_FINAL", "RE_SENTENCE_END", "CLAUSE_PUNCT",
    "split_sentences", "title_of",
    # numerals
    "CN_DIGIT_VALUES", "CN_UNIT_VALUES", "CN_DIGITS", "CN_SMALL_UNITS", "CN_BIG_UNITS",
    "CN_NUMERAL", "CN_YEAR", "cn_to_int", "int_to_cn",
    # outline markers
    "Marker", "MARKERS", "RANK", "SECTION_KINDS", "RE_LIST", "classify_marker", "list_marker",
    "RE_HEADING_START", "RE_HEADING_PARAGRAPH", "RE_LEADING_DIVISION",
    "is_heading_start", "is_heading_paragraph",
    # elements, dates, 发文字号
    "RE_DATE", "DATE", "MONTH", "RE_DATE_LINE", "parse_date", "RE_TITLE_LINE",
    "RE_ELEMENT_START", "is_element_start", "RE_DOC_NUMBER", "RE_DAMAGED_DOC_NUMBER",
    "parse_doc_number",
    # page furniture
    "RE_URL", "RE_URL_LABEL", "RE_BARE_HOST", "find_links", "is_link_line",
    "RE_PAGE_NUMBER", "is_page_number", "furniture_key",
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
# Numerals: one table for every stage

#: Chinese digits as printed: 〇/零 for 0 (○ and Ｏ, even a Latin O, in typed years), 两 for 2.
CN_DIGIT_VALUES: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNIT_VALUES: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 10**8}
#: The digits of a number (without the year-only look-alikes ○ Ｏ O).
CN_DIGITS = "〇零一二两三四五六七八九"
#: The units inside a group of four digits, and those that scale a whole group.
CN_SMALL_UNITS = "十百千"
CN_BIG_UNITS = "万亿"
#: Every character of a Chinese number: 第一千零一条, 两万, 三十.
CN_NUMERAL = CN_DIGITS + CN_SMALL_UNITS + CN_BIG_UNITS
#: A year in Chinese digits, one per digit (二〇二五).
CN_YEAR = "[〇零○ＯO一二三四五六七八九]{4}"


def cn_to_int(text: str) -> int:
    """Chinese (or Arabic) numerals to int.

    十二 → 12, 二十一 → 21, 一百零三 → 103, 一千零一 → 1001, 两万三千 → 23000,
    and digit by digit where there is no unit, as in years: 二〇二五 → 2025.
    Raises ``ValueError`` for anything else.
    """
    text = text.strip()
    if not text:
        raise ValueError("not a Chinese numeral: ''")
    if text.isdecimal():  # Arabic digits, also full-width ones
        return int(text)
    if text and all(ch in CN_DIGIT_VALUES for ch in text):
        return int("".join(str(CN_DIGIT_VALUES[ch]) for ch in text))
    yi = wan = group = digit = 0  # the 亿 part, the 万 part, the group below 万, its last digit
    prev = ""
    for ch in text:
        if ch in CN_DIGIT_VALUES:
            if prev in CN_DIGIT_VALUES and CN_DIGIT_VALUES[prev]:
                raise ValueError(f"not a Chinese numeral: {text!r}")  # 十四五: two digits, no unit
            digit = CN_DIGIT_VALUES[ch]
        elif ch in CN_SMALL_UNITS:
            group += (digit or 1) * CN_UNIT_VALUES[ch]
            digit = 0
        elif ch == "万":
            wan += (group + digit or 1) * 10_000
            group = digit = 0
        elif ch == "亿":
            yi += (wan + group + digit or 1) * 10**8
            wan = group = digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        prev = ch
    return yi + wan + group + digit


def int_to_cn(n: int, *, digits: str = "零一二三四五六七八九", units: str = "十百千") -> str:
    """A positive int below 10 000 as counted in Chinese (Word's chineseCounting).

    1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五, 1001 → 一千零一;
    ``digits``/``units`` give other sets (壹贰…, 拾佰仟).  Other values come back in
    Arabic digits.
    """
    if not 0 < n < 10_000:
        return str(n)
    ten, hundred, thousand = units
    out, zero = "", False
    for value, unit in ((1000, thousand), (100, hundred), (10, ten), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += digits[0]
            out += ("" if (value == 10 and d == 1 and n < 20) else digits[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


# ---------------------------------------------------------------------------
# Outline markers, in the fixed rank order of GB/T 9704 §7.3.3 and of laws.

_NUM = f"[{CN_NUMERAL}]+|\\d+"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^(第(?:{_NUM})编)[\s\u3000]*(.*)$", re.S)),
    ("chapter", re.compile(rf"^(第(?:{_NUM})章)[\s\u3000]*(.*)$", re.S)),
    ("division", re.compile(rf"^(第(?:{_NUM})节)[\s\u3000]*(.*)$", re.S)),
    # 第X条 then its text; the space after it may have been lost in extraction, but
    # a paragraph opening with a reference (第三条规定的…, 第二条第一款…) is no article.
    ("article", re.compile(rf"^(第(?:{_NUM})条)(?:[\s\u3000]+|$|(?![的之规第款项、，。；：]))"
                           rf"(.*)$", re.S)),
    ("cn", re.compile(rf"^([{CN_NUMERAL}]+)、\s*(.*)$", re.S)),
    ("paren_cn", re.compile(rf"^[（(]([{CN_NUMERAL}]+)[)）]\s*(.*)$", re.S)),
    ("arabic", re.compile(r"^(\d{1,3})(?:[．.](?!\d)|、)\s*(.*)$", re.S)),
    ("paren_arabic", re.compile(r"^[（(](\d{1,3})[)）]\s*(.*)$", re.S)),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*(.*)$", re.S)),
)
RANK = {kind: i for i, (kind, _) in enumerate(MARKERS)}
SECTION_KINDS = ("part", "chapter", "division")
#: 一是/二是…: a paragraph standing in for an item in a list of points.
RE_LIST = re.compile(rf"^([{CN_NUMERAL}]+是)(.*)$", re.S)


@dataclass(frozen=True)
class Marker:
    kind: str
    number: str    # as it goes into a path: 一, （二）, 1, （1）, ①, 第三章
    ordinal: int
    rest: str      # the paragraph after the marker


def classify_marker(text: str) -> Marker | None:
    """The outline marker that opens ``text``, if any.

    A run of numerals that is no number (``十四五、``) is no marker.
    """
    for kind, pattern in MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        raw, rest = m.group(1), m.group(2)
        if kind in ("paren_cn", "paren_arabic"):
            number = f"（{raw}）"
        else:
            number = raw
        try:
            if kind == "circled":
                ordinal = ord(raw) - 0x2460 + 1
            elif kind in SECTION_KINDS or kind == "article":
                ordinal = cn_to_int(raw[1:-1])
            else:
                ordinal = cn_to_int(raw)
        except ValueError:
            return None
        return Marker(kind, number, ordinal, rest)
    return None


def list_marker(text: str) -> Marker | None:
    """The 一是/二是… that opens a point of a list, as a marker of kind ``list``."""
    m = RE_LIST.match(text)
    if not m:
        return None
    try:
        ordinal = cn_to_int(m.group(1)[:-1])
    except ValueError:
        return None
    return Marker("list", m.group(1), ordinal, m.group(2))


_CN_NUM = CN_NUMERAL
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
# Elements of an official document (GB/T 9704-2012): dates, title lines, element lines

_CN_MONTH = "[一二三四五六七八九十]{1,2}"
_CN_DAY = "[一二三四五六七八九十]{1,3}"
#: A date, Arabic or Chinese numerals: 2025年4月15日, 二〇二五年四月十五日.
RE_DATE = re.compile(
    rf"(?P<y>\d{{4}}|{CN_YEAR})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|{_CN_MONTH})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|{_CN_DAY})\s*日"
)
#: The same without groups, to build other patterns from.
DATE = re.sub(r"\(\?P<\w>", "(?:", RE_DATE.pattern)
#: A month as printed in a deadline (6月, 六月, 十二月).
MONTH = rf"(?:\d{{1,2}}|{_CN_MONTH})月"
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


#: A title line: no clause punctuation, ending with what kind of document it is.
RE_TITLE_LINE = re.compile(
    r"^[^，。、；：！？,;:!?]{4,60}(?:通知|要点|报告|意见|办法|规定|条例|方案|决定|规划|纲要|细则|"
    r"批复|通报|决议|公报|计划|指引|指南|守则|章程|准则)[）)]?$")
#: A line that opens a GB/T 9704 element of its own: 抄送：/主送：/附件：, or the
#: 印发 line of the 版记 (江苏省科协办公室 2025年4月16日印发).
RE_ELEMENT_START = re.compile(
    r"^\s*(?:抄\s*送|主\s*送|附\s*件)\s*[：:]"
    rf"|^\s*\S.{{0,40}}?{DATE}\s*印\s*发\s*$")


def is_element_start(text: str) -> bool:
    """True if ``text`` opens a 抄送/主送/附件 line or is the 版记's 印发 line."""
    return bool(RE_ELEMENT_START.match(text))


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
    # a periodical's folio: the page number beside the issue (30  2019·3; 3·2019  31)
    r"|(?:\d{1,4}\s+)?(?:(?:19|20)\d\d\s*·\s*\d{1,2}|\d{1,2}\s*·\s*(?:19|20)\d\d"
    r"|(?:19|20)\d\d\s*年\s*第\s*\d{1,2}\s*期)(?:\s+\d{1,4})?"
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
