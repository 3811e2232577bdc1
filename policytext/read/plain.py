"""Plain text: detect the encoding, then recover lines with text-only layout evidence.

A raw PDF extraction such as the founding document keeps no geometry, but its
text still shows the layout: every line followed by a blank line, a page break
where two lines touch (often with a leading space), hard-wrapped lines of one
width.  From that each :class:`~policytext.records.Line` gets its page number
and, in hard-wrapped text, its :class:`~policytext.records.TextPos` (indent,
width, blank lines above); paragraph-per-line text is flagged here, where no
furniture can change the answer.  Furniture, fullness of wrapped lines, web-page
furniture and joining are decided in :mod:`policytext.clean`.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..errors import EncodingError
from ..model import Removal
from ..patterns import (
    RE_ENDS_FINAL,
    display_width,
    furniture_key,
    is_heading_start,
    is_page_number,
    parse_date,
)
from ..records import Line, RawDocument, TextPos

__all__ = ["Decoded", "decode", "text_lines", "read_txt", "read_md", "markdown_front_matter"]

# Frequent characters of simplified and of traditional Chinese text.  A GBK byte
# string decoded as Big5 (or the reverse) yields rare characters, so the share of
# frequent ones tells the two apart once there is enough text.
_FREQUENT_SIMPLIFIED = set(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只"
    "从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向"
    "头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声"
    "提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建"
    "务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即"
    "像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带"
    "导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具"
    "罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越"
    "器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另"
    "周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够"
    "章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀"
    "攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假"
    "久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢"
    "雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵"
    "协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右"
)
_FREQUENT_TRADITIONAL = set(
    "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後"
    "作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只"
    "從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向"
    "頭文體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲"
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _score(text: str, frequent: set[str]) -> float:
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in frequent for ch in cjk) / len(cjk)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: ``(text, encoding)`` if one byte order reads as text.

    Both orders are decoded strictly and the one that reads as text is taken:
    no control characters but line ends, tabs and form feeds, no private-use
    characters, and Chinese characters that are mostly common ones (the other
    byte order turns ``A`` into U+4100 and 的 into U+8476: rare characters).
    The NUL bytes of ASCII are no evidence of their own: 一 (U+4E00) has one too.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    found = []
    for enc in ("utf-16-le", "utf-16-be"):
        text = _strict(data, enc)
        if text is None or _implausible(text, strict=True):
            continue
        found.append((max(_score(text, _FREQUENT_SIMPLIFIED),
                          _score(text, _FREQUENT_TRADITIONAL)), enc, text))
    if not found:
        return None
    _, enc, text = max(found)
    return text, enc


def _implausible(text: str, *, strict: bool = False) -> str | None:
    """Why a successful decoding is still not text (random bytes often decode).

    ``strict`` (for a guessed UTF-16 byte order) allows no control character but
    line ends, tabs and form feeds, and needs mostly common characters from 16
    Chinese characters on rather than 64.
    """
    n = len(text)
    if not n:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > (0 if strict else 0.01 * n):
        return f"{controls} control characters"
    private = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
    if private > 0.02 * n:
        return f"{private} private-use characters"
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk >= (16 if strict else 64) and max(_score(text, _FREQUENT_SIMPLIFIED),
                                             _score(text, _FREQUENT_TRADITIONAL)) < 0.15:
        return "almost no common Chinese characters"
    if strict and cjk < 16 and sum(1 for ch in text if ch.isprintable() or ch.isspace()) < n:
        return "unprintable characters"
    return None


def decode(data: bytes, *, source: str = "") -> Decoded:
    """Decode bytes of Chinese text: UTF-8 (±BOM), UTF-16 (±BOM), GB18030/GBK, Big5.

    Never decodes with ``errors="ignore"``.  Raises :class:`EncodingError` when no
    encoding fits; a short text that decodes as both GB and Big5 is returned with
    a warning instead of a silent guess.
    """
    where = f" in {source}" if source else ""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = _strict(data, enc)
            if text is None:
                raise EncodingError(f"text starts with a {enc} byte-order mark but does not "
                                    f"decode as {enc}{where}")
            return Decoded(text, enc)
    if b"\x00" in data:
        found = _utf16(data)
        if found is None:
            raise EncodingError(f"binary data, not text (NUL bytes){where}")
        return Decoded(*found)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    gb, big5 = _strict(data, "gb18030"), _strict(data, "big5")
    why = {enc: _implausible(t) for enc, t in (("GB18030", gb), ("Big5", big5)) if t is not None}
    if not why or all(why.values()):
        # Chinese UTF-16 with no ASCII and no U+xx00 character has no NUL byte at all.
        found = _utf16(data)
        if found is not None:
            return Decoded(*found)
    if why and all(why.values()):
        reasons = "; ".join(f"as {enc}: {r}" for enc, r in why.items())
        raise EncodingError(f"bytes decode but are not text ({reasons}){where}")
    if gb is not None and why.get("GB18030"):
        gb = None
    if big5 is not None and why.get("Big5"):
        big5 = None
    if gb is None and big5 is None:
        raise EncodingError(f"text is not UTF-8, UTF-16, GB18030 or Big5{where}")
    if gb is not None and big5 is not None:
        s_gb, s_big5 = _score(gb, _FREQUENT_SIMPLIFIED), _score(big5, _FREQUENT_TRADITIONAL)
        n_cjk = max(sum("\u4e00" <= ch <= "\u9fff" for ch in text) for text in (gb, big5))
        if n_cjk <= 16:
            best = "gb18030" if s_gb >= s_big5 else "big5"
            return Decoded(gb if best == "gb18030" else big5, best,
                           (f"ambiguous encoding: {n_cjk} Chinese characters decode as both "
                            f"GB18030 and Big5; read as {best}",))
        if s_big5 > s_gb:
            return Decoded(big5, "big5")
        return Decoded(gb, "gb18030")
    if gb is not None:
        return Decoded(gb, "gb18030")
    return Decoded(big5, "big5")  # type: ignore[arg-type]


_RE_NEWLINE = re.compile(r"\r\n|\r|\n")


def _wrap_width(widths: list[float]) -> float | None:
    """The width of hard-wrapped lines, or ``None`` if lines are whole paragraphs.

    Wrapped text has one dominant maximum width: many lines end within a couple
    of ems of it (one em short where the line-breaking rule pushed a character
    down, half an em where a half-width digit left room; a paragraph's first line
    two ems short of it, its indent not counted).  Paragraph-per-line text has no
    such cluster.
    """
    return _wrap_cluster(widths)[0]


def _wrap_cluster(widths: list[float]) -> tuple[float | None, int]:
    """:func:`_wrap_width` and how many lines end within its cluster (0 if none)."""
    if len(widths) < 6:
        return None, 0
    best_w, best_n = None, 0
    for w in sorted(set(widths)):
        if w < 16:  # a narrower "wrap" is just a list of short lines
            continue
        n = sum(1 for x in widths if w - 2.5 <= x <= w)
        if n >= best_n:
            best_w, best_n = w, n
    longer = sum(1 for x in widths if best_w is not None and x > best_w + 1)
    if best_w is None or best_n < 0.35 * len(widths) or longer > 0.1 * len(widths) \
            or best_w > 80:
        return None, 0
    # Lines squeezed a character over (punctuation kept on the line, 避头尾 the
    # other way) widen the cluster: the width most lines have is the margin.
    mode = Counter(x for x in widths if best_w - 2.5 <= x <= best_w).most_common(1)[0][0]
    return (mode if mode >= 16 else best_w), best_n


def _char_count(raw: str) -> float:
    """A line's length in characters, whatever their width (leading blanks as display)."""
    body = raw.lstrip()
    return _lead(raw) + len(body.rstrip())


@dataclass(frozen=True)
class _Record:
    """A non-blank physical line and what surrounds it."""

    raw: str
    chunk: int          # the form-feed page it sits on (1-based)
    blanks: int         # blank lines right above it (0: it touches the line above)
    chunk_start: bool   # the first line after a form feed (or of the text)


def _records(text: str) -> list[_Record]:
    records: list[_Record] = []
    for page, chunk in enumerate(text.split("\f"), 1):
        blanks, first = 0, True
        for raw in _RE_NEWLINE.split(chunk):
            if raw.strip():
                records.append(_Record(raw, page, blanks, first))
                blanks, first = 0, False
            else:
                blanks += 1
    return records


def _lead(raw: str) -> float:
    """Leading whitespace in ems (an ASCII space is half an em, a tab two)."""
    width = 0.0
    for ch in raw:
        if ch == " ":
            width += 0.5
        elif ch == "\t":
            width += 2.0
        elif ch.isspace():
            width += 1.0
        else:
            break
    return width


_RE_PAGE_NUMBER_VALUE = re.compile(r"\d{1,4}")


def _page_number_starts(texts: list[str]) -> list[int]:
    """Lines after page-number lines, when the numbers run in sequence (3, 4, 5 …).

    A page-number line ends its page.  A lone number line is not enough: the
    numbers must rise one by one, three of them for a bare number (``3``).
    """
    cands = [(i, int(_RE_PAGE_NUMBER_VALUE.search(t).group()))  # type: ignore[union-attr]
             for i, t in enumerate(texts) if is_page_number(t)]
    if len(cands) < 2:
        return []
    steps = [b[1] - a[1] == 1 and b[0] - a[0] >= 3 for a, b in zip(cands, cands[1:], strict=False)]
    if sum(steps) < 0.8 * len(steps):
        return []
    if all(re.fullmatch(r"\d{1,4}", t.strip()) for t in (texts[i] for i, _ in cands)) \
            and len(cands) < 3:
        return []
    return [i + 1 for i, _ in cands if i + 1 < len(texts)]


def _repeated(texts: list[str]) -> dict[str, list[int]]:
    """Lines that recur verbatim (but for numbers) three times or more: header
    candidates.  Not a sentence end or a page number, 4 to 40 characters."""
    where: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        k = furniture_key(t)
        if 4 <= len(k) <= 40 and not RE_ENDS_FINAL.search(t) and not is_page_number(t):
            where.setdefault(k, []).append(i)
    return {k: v for k, v in where.items() if len(v) >= 3}


def _header_starts(texts: list[str]) -> list[int]:
    """Lines repeated on every page (running headers) in text with no other page
    evidence: each starts a page (a footer then opens the next one, still at an edge)."""
    for idx in _repeated(texts).values():
        if all(b - a >= 3 for a, b in zip(idx, idx[1:], strict=False)):
            return [i for i in idx if i > 0]
    return []


def _page_starts(records: list[_Record], rel: list[float], texts: list[str],
                 wrap: float, alternating: bool) -> tuple[set[int], set[int]]:
    """Where pages start, from text-only evidence, strongest first.

    Form feeds; in text with a blank line after every line, two lines that touch
    (the extractor joined pages there); a line whose leading space is half an em
    more than the margin (the extractor's mark of a page's first line, also before
    an indent); then page-number lines in sequence and a running header repeated
    on every page, where no break was found next to them.  Returns the page
    starts and the lines whose leading space is such a page mark.
    """
    starts = {i for i, r in enumerate(records) if r.chunk_start and i > 0}
    if alternating:
        starts |= {i for i, r in enumerate(records) if i > 0 and not r.blanks
                   and not r.chunk_start}
    spaced = {i for i, x in enumerate(rel) if x in (0.5, 2.5)}
    if spaced and (alternating or len(spaced) >= 2):
        starts |= {i for i in spaced if i > 0}
    else:
        spaced = set()
    # Page numbers and headers mark pages the other signs missed (a page whose
    # first line is indented, text with no other sign), not a second break
    # next to one already found.
    for extra in (_page_number_starts(texts), _header_starts(texts)):
        found = sorted(starts)
        for i in extra:
            if not any(abs(i - j) <= 2 for j in found):
                starts.add(i)
    return starts, spaced


def _wrapped_lines(records: list[_Record], widths: list[float], wrap: float,
                   alternating: bool) -> tuple[list[Line], int]:
    """Lines of hard-wrapped text (a PDF extraction) with their page and position.

    The margin is the commonest leading whitespace of long lines; each line's
    :class:`~policytext.records.TextPos` gives its indent beyond it (an extractor's
    half-em page mark taken off), its width, the blank lines above it, whether it
    ends with a space and whether a page starts at it (see :func:`_page_starts`).
    Indent, gaps and fullness follow in the cleaning stage, which first decides
    which lines are page furniture (:func:`policytext.clean.layout.flag_wrapped_text`).
    """
    n = len(records)
    texts = [r.raw.strip() for r in records]
    lead = [_lead(r.raw) for r in records]
    margins = Counter(lead[i] for i in range(n) if widths[i] >= wrap - 2.5)
    base = margins.most_common(1)[0][0] if margins else 0.0
    rel = [max(0.0, x - base) for x in lead]
    starts, spaced = _page_starts(records, rel, texts, wrap, alternating)
    lines, page = [], 1
    for i, r in enumerate(records):
        if i in starts:
            page += 1
        pos = TextPos(indent=rel[i] - (0.5 if i in spaced else 0.0), width=widths[i],
                      blanks=r.blanks, spaced_end=r.raw != r.raw.rstrip(),
                      page_start=i in starts)
        lines.append(Line(texts[i], page, pos=pos))
    return lines, page


def text_lines(text: str) -> tuple[list[Line], dict[str, object]]:
    """Split decoded text into :class:`Line` records with page and fullness evidence.

    Returns the lines and a small dict describing the layout that was recognised
    (``wrap_width``, ``alternating``, ``blank_separated``, ``pages``).
    """
    recs = _records(text)
    records = [(r.raw, r.chunk, r.blanks > 0 or r.chunk_start) for r in recs]

    nonblank = len(records)
    touching = sum(1 for _, _, blank in records if not blank)
    # "Alternating": a blank line after every line, as PDF-to-text tools leave them.
    alternating = nonblank >= 6 and touching <= 0.25 * nonblank
    # "Blank-separated": paragraphs between blank lines, but lines inside them touch.
    blank_separated = not alternating and nonblank >= 6 and \
        (nonblank - touching) >= 0.2 * nonblank and touching > 0
    widths = [display_width(r[0]) for r in records]
    wrap, _ = _wrap_cluster(widths)
    # A tool that wraps after so many characters (not so much width) leaves lines with
    # half-width digits and Latin short of the margin in ems: measured in characters,
    # its lines end together.  The measure under which more lines end at the wrap wins.
    counts = [_char_count(r[0]) for r in records]
    by_count, _ = _wrap_cluster(counts)
    if by_count is not None:
        # judged on the lines the two measures tell apart (Chinese alone measures the
        # same both ways): under the tool's measure they reach the wrap
        mixed = [k for k in range(len(counts)) if abs(counts[k] - widths[k]) >= 1]
        at_count = sum(1 for k in mixed if abs(counts[k] - by_count) <= 0.5)
        at_width = sum(1 for k in mixed if wrap is not None and abs(widths[k] - wrap) <= 1)
        if at_count >= 3 and at_count > 2 * at_width:
            widths, wrap = counts, by_count

    if wrap is not None:
        lines, pages = _wrapped_lines(recs, widths, wrap, alternating)
        return lines, {"wrap_width": wrap, "alternating": alternating,
                       "blank_separated": blank_separated, "pages": pages}

    lines: list[Line] = []
    page_shift = 0
    for i, (raw, pg, blank_before) in enumerate(records):
        if alternating and not blank_before and i > 0:
            # Two lines touching in blank-separated text: the extractor joined pages here.
            page_shift += 1
        lines.append(Line(text=raw.strip(), page=pg + page_shift,
                          gap_before=(not alternating) and blank_before and i > 0))

    if alternating:
        # Paragraph-per-line text with blank lines between paragraphs: a line that
        # touches the next one was broken inside its paragraph (e.g. "PM\n2.5\n）").
        out = []
        for i, ln in enumerate(lines):
            nxt_touches = i + 1 < len(records) and not records[i + 1][2] \
                and records[i + 1][1] == records[i][1]
            out.append(Line(ln.text, records[i][1], full=nxt_touches, gap_before=False))
        lines = out
    elif blank_separated:
        # Paragraphs separated by blank lines, some broken inside by the page source
        # (links and inline elements on their own lines): touching lines are one paragraph.
        out = []
        for i, ln in enumerate(lines):
            nxt = records[i + 1] if i + 1 < len(records) else None
            touches = nxt is not None and not nxt[2] and nxt[1] == records[i][1] \
                and not is_heading_start(nxt[0].strip())
            out.append(Line(ln.text, ln.page, full=touches, gap_before=ln.gap_before))
        lines = out
    else:
        lines = [Line(ln.text, ln.page, full=False, gap_before=ln.gap_before) for ln in lines]
    layout = {"wrap_width": wrap, "alternating": alternating,
              "blank_separated": blank_separated,
              "pages": max((ln.page for ln in lines), default=0)}
    return lines, layout


def _from_text(text: str, *, fmt: str, encoding: str, warnings: tuple[str, ...],
               removed: list | None = None) -> RawDocument:
    if "\ufffd" in text:
        warnings = (*warnings, f"{text.count(chr(0xFFFD))} replacement characters (U+FFFD) "
                    "in the text: it was damaged before it reached us")
    lines, layout = text_lines(text)
    return RawDocument(lines=lines, format=fmt, encoding=encoding, pages=int(layout["pages"]),
                       removed=tuple(removed or ()), warnings=warnings,
                       meta={"layout": layout})


def read_txt(data: bytes, *, name: str = "") -> RawDocument:
    """A plain-text file in any common Chinese encoding.

    Text saved from a web page keeps its page furniture here: the cleaning stage
    removes it (:mod:`policytext.clean.web`).
    """
    decoded = decode(data, source=name)
    return _from_text(decoded.text, fmt="txt", encoding=decoded.encoding,
                      warnings=decoded.warnings)


_RE_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$", re.M)
_RE_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_RE_MD_INLINE_HEADING = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])(#{2,6})[ \t]+")
#: A revision-history line of a law: 2015年3月15日 第十二届…会议…第一次修正.
_RE_REVISION = re.compile(
    r"^[(（]?\s*(?P<date>\d{4}年\d{1,2}月\d{1,2}日).*?(?P<event>通过|修正|修订|公布|施行)\s*[)）]?\s*$")


def markdown_front_matter(text: str) -> dict[str, object]:
    """A law's revision history (the lines before its first ``##`` heading) as records."""
    head = re.split(r"^#{2,6}[ \t]", text, maxsplit=1, flags=re.M)[0]
    revisions = []
    for line in head.splitlines():
        m = _RE_REVISION.match(line.strip())
        if m:
            revisions.append({"date": parse_date(m.group("date")), "event": m.group("event"),
                              "text": line.strip()})
    return {"revisions": revisions} if revisions else {}


def read_md(data: bytes, *, name: str = "") -> RawDocument:
    """Markdown (as the law versions come): markup is logged and dropped.

    Heading hashes and HTML comments (``<!-- INFO END -->``) are markup, not
    words; the ``# `` heading is the title; the revision history above the first
    ``##`` heading stays in the preamble and is also parsed into ``meta``.
    """
    decoded = decode(data, source=name)
    text = decoded.text
    removed = [Removal("markup", m.group(), None, "HTML comment in Markdown")
               for m in _RE_MD_COMMENT.finditer(text)]
    text = _RE_MD_COMMENT.sub("", text)
    removed += [Removal("markup", m.group(1), None, "Markdown heading mark")
                for m in _RE_MD_HEADING.finditer(text)]
    # a copy whose line breaks were deleted keeps its heading marks inside the run
    # (…第二次修正## 第一章 总则第一条…): after Chinese text they are markup too
    removed += [Removal("markup", m.group(1), None, "Markdown heading mark inside a line")
                for m in _RE_MD_INLINE_HEADING.finditer(text)]
    text = _RE_MD_INLINE_HEADING.sub("", text)
    titles = [m.group(2).strip() for m in _RE_MD_HEADING.finditer(text) if len(m.group(1)) == 1]
    meta = markdown_front_matter(text)
    text = _RE_MD_HEADING.sub(r"\2", text)
    raw = _from_text(text, fmt="md", encoding=decoded.encoding, warnings=decoded.warnings,
                     removed=removed)
    lines = list(raw.lines)
    if titles:
        first = next((i for i, ln in enumerate(lines) if ln.text == titles[0]), None)
        if first is not None:
            lines[first] = replace(lines[first], role="title", full=False)
            # the title is its own paragraph; what follows starts a new one
            if first + 1 < len(lines):
                lines[first + 1] = replace(lines[first + 1], role="")
    return replace(raw, lines=lines, meta={**raw.meta, **meta})
