"""Structure: official-document elements and the outline, from cleaned paragraphs.

Elements follow GB/T 9704-2012 (党政机关公文格式): the 版头 (发文机关标志,
发文字号), the 主体 (标题, 主送机关, 正文, 附件说明, 署名, 成文日期) and the 版记
(抄送机关, 印发机关和印发日期).  A work-point document is often sent with a cover
notice (现将《…》印发给你们), whose 《…》 then gives the title.

The outline grammar is that of §7.3.3 (一、 → （一） → 1． → （1）) plus ① and
the 第X编/章/节/条 of laws and regulations.  Levels are ranked in that fixed
order; the levels present in a document decide which are sections and which
are items, so the same code reads work points (一、/1．), reports (一、/（一）),
laws (章/条) and bare numbered lists.  Every element is optional.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .model import DocNumber, Item, Section
from .patterns import (
    MARKERS,
    RANK,
    RE_DATE,
    RE_DATE_LINE,
    RE_DOC_NUMBER,
    SECTION_KINDS,
    Marker,
    classify_marker,
    int_to_cn,
    list_marker,
    parse_date,
    parse_doc_number,
    split_sentences,
    title_of,
)
from .records import Paragraph

__all__ = [
    "Elements",
    "parse_elements",
    "parse_outline",
    "split_annexes",
    "split_closing",
    "outline_warnings",
    "delivered_date",
    "Part",
    "split_documents",
    "annex_section",
    "part_section",
]

# ---------------------------------------------------------------------------
# Official-document elements

_RE_DOC_NUMBER_LINE = RE_DOC_NUMBER
_RE_DATE_LINE = RE_DATE_LINE
_RE_PRINTED = re.compile(rf"^(?P<by>.+?)\s*(?P<date>{RE_DATE.pattern})\s*印发$")
_RE_CC = re.compile(r"^抄\s*送[：:]\s*(?P<list>.*?)[。.]?$")
_RE_ATTACHMENT = re.compile(r"^附\s*件\s*[：:]?\s*(?P<rest>.*)$")
_RE_RECIPIENTS = re.compile(r"^(?P<list>[^。；！？]{2,120})[：:]$")
_RE_COVER_TITLE = re.compile(r"(?:现将|把|将)《(?P<title>[^》]+)》.*?(?:印发|转发|发)给")
#: A 发文机关标志 printed without its red (a black-and-white copy, a plain DOCX): the
#: issuer's name and 文件, alone on the first line (中共江苏省科技社团委员会文件).
_RE_ORG_MARK = re.compile(r"^(?!关于)[\u4e00-\u9fff（）()]{2,40}文件$")
_RE_TITLE_TAIL = re.compile(
    r"(通知|要点|报告|意见|办法|规定|条例|方案|决定|规划|纲要|细则|批复|函|通报|决议|公报|法|计划|"
    r"安排|指引|指南|守则|章程|准则|制度|手册|汇编|选编)$")
_RE_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()·]{2,40}$")
_RE_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")


def _split_list(text: str) -> tuple[str, ...]:
    parts = re.split(r"[、，,；;]\s*", text.strip().rstrip("。.：:"))
    return tuple(p.strip() for p in parts if p.strip())


@dataclass(frozen=True)
class Elements:
    """What :func:`parse_elements` found, and where the body lies."""

    org_mark: str | None = None
    doc_number: str | None = None
    doc_number_parts: DocNumber | None = None
    title: str | None = None
    recipients: tuple[str, ...] = ()
    cover_letter: str | None = None
    issuer: str | None = None
    signed_date: str | None = None
    cc: tuple[str, ...] = ()
    printed_by: str | None = None
    printed_date: str | None = None
    attachments: tuple[str, ...] = ()
    #: The byline under the title of an essay or article (its author's name).
    author: str | None = None
    #: A report's subtitle: ``{"date", "event", "speaker"}`` (——…在…会议上 + 省长 ×××).
    delivered: dict[str, str] | None = None
    #: (start, end) of an attached document printed after the 署名 (its title line first).
    annex: tuple[int, int] | None = None
    body_start: int = 0
    body_end: int = 0

    @property
    def year(self) -> int | None:
        if self.title:
            m = _RE_YEAR_IN_TITLE.search(self.title)
            if m:
                return int(m.group(1))
        if self.doc_number_parts:
            return self.doc_number_parts.year
        for date in (self.signed_date, self.printed_date):
            if date:
                return int(date[:4])
        return None


#: 附：… / 附件：… before the 署名 (GB/T 9704 §7.3.4): the name of the attached document.
_RE_ANNEX_NOTE = re.compile(r"^附(?:\s*件\s*\d{0,2})?\s*[：:]\s*(?P<name>[^。；]{2,60})$")
_RE_DATED_SIGNATURE = re.compile(
    rf"^(?P<sig>[\u4e00-\u9fff（）()·]{{2,40}}?)\s*(?P<date>{RE_DATE.pattern})$")


def _signed_before_annex(paras: Sequence[Paragraph], el: Elements, end: int
                         ) -> tuple[Elements, int]:
    """附：名单, the 署名 (one or more issuers, the last maybe with its date on its line) and
    the 成文日期, then the attached document itself (its title first): the body ends at 附."""
    for a in range(end - 3, max(0, end - 400), -1):
        m = _RE_ANNEX_NOTE.match(paras[a].text.strip())
        if not m:
            continue
        if not any(classify_marker(p.text) for p in paras[:a]):
            break  # a cover letter's 附件 line: read with the cover notice
        orgs: list[str] = []
        for j in range(a + 1, min(a + 7, end)):
            text = paras[j].text.strip()
            dated = _RE_DATED_SIGNATURE.match(text)
            if _RE_DATE_LINE.match(text) or dated:
                if dated:
                    orgs.append(dated.group("sig"))
                if not orgs or j + 1 >= end:
                    break
                name = _strip_spaces(m.group("name"))
                if _strip_spaces(paras[j + 1].text) != name:
                    break
                el = replace(el, attachments=(m.group("name").strip(), *el.attachments),
                             issuer="、".join(orgs), signed_date=parse_date(text),
                             annex=(j + 1, end))
                return el, a
            if not _RE_SIGNATURE.match(text) or classify_marker(text) is not None:
                break
            orgs.append(text)
        break
    return el, end


def _is_signature_pair(paras: Sequence[Paragraph], i: int) -> bool:
    """An issuer line directly followed by a date-only line (署名 + 成文日期)."""
    return (i + 1 < len(paras) and bool(_RE_SIGNATURE.match(paras[i].text))
            and classify_marker(paras[i].text) is None
            and bool(_RE_DATE_LINE.match(paras[i + 1].text)))


def parse_elements(paras: Sequence[Paragraph]) -> Elements:
    """Find the GB/T 9704 elements around the body of a document."""
    el = Elements(body_end=len(paras))
    n = len(paras)

    # 版记 at the end: 抄送, 印发机关和印发日期 (read backwards; they follow the body).
    end = n
    while end > 0:
        text = paras[end - 1].text
        m_printed = _RE_PRINTED.match(text)
        m_cc = _RE_CC.match(text)
        if m_printed and el.printed_date is None:
            el = replace(el, printed_by=m_printed.group("by").strip(),
                         printed_date=parse_date(m_printed.group("date")))
        elif m_cc and not el.cc:
            el = replace(el, cc=_split_list(m_cc.group("list")))
        else:
            break
        end -= 1
    # 署名 and 成文日期 after the body (a notice without cover letter).
    if end >= 2 and _is_signature_pair(paras, end - 2):
        el = replace(el, issuer=paras[end - 2].text,
                     signed_date=parse_date(paras[end - 1].text))
        end -= 2
    elif end >= 1 and _RE_DATE_LINE.match(paras[end - 1].text):
        el = replace(el, signed_date=parse_date(paras[end - 1].text))
        end -= 1
    # 附件 lines just before the signature.
    while end > 0 and _RE_ATTACHMENT.match(paras[end - 1].text) \
            and len(paras[end - 1].text) < 120:
        first = _RE_ATTACHMENT.match(paras[end - 1].text).group("rest")  # type: ignore[union-attr]
        el = replace(el, attachments=(first, *el.attachments))
        end -= 1
    if el.issuer is None and el.signed_date is None:
        el, end = _signed_before_annex(paras, el, end)
    el = replace(el, body_end=end)

    # 版头 and the cover notice at the start.
    i = 0
    front_limit = min(end, 40)
    while i < front_limit:
        p = paras[i]
        text = p.text
        if p.role == "org_mark" or (i == 0 and el.org_mark is None and _RE_ORG_MARK.match(text)):
            el = replace(el, org_mark=(el.org_mark + text) if el.org_mark else text)
        elif el.doc_number is None and _RE_DOC_NUMBER_LINE.match(text):
            el = replace(el, doc_number=text,
                         doc_number_parts=parse_doc_number(text))
        elif el.delivered is None and not el.recipients and _subtitle(paras, i):
            delivered, used = _subtitle(paras, i)  # type: ignore[misc]
            el = replace(el, delivered=delivered)
            i += used - 1
        elif el.delivered is not None and not el.delivered.get("speaker") \
                and not el.recipients and _RE_SPEAKER.match(text):
            el = replace(el, delivered={**el.delivered, "speaker": text})
        elif p.role == "byline" and el.title is not None and el.author is None:
            el = replace(el, author=text)
        elif el.title is None and not el.recipients and _looks_like_title(p, paras, i):
            title = text
            # A title printed over two or three lines (GB/T 9704 §7.3.1).
            while i + 1 < front_limit and _continues_title(paras[i + 1], paras, i + 1):
                i += 1
                title += paras[i].text
            el = replace(el, title=title)
        elif not el.recipients and _RE_RECIPIENTS.match(text) \
                and classify_marker(text) is None and len(text) <= 120 \
                and _strip_spaces(text).rstrip("：:") not in _NOT_RECIPIENTS \
                and not (i + 1 < n and paras[i + 1].role == "title"):
            # (a 主送 comes after the title, never right above it: 报告： over a title is a label)
            el = replace(el, recipients=_split_list(_RE_RECIPIENTS.match(text).group("list")))
        else:
            break
        i += 1
    el = replace(el, body_start=i)

    # A cover notice: 现将《…》印发给你们 … then 署名 and 成文日期, then the attached text.
    cover_end = None
    for j in range(i, min(i + 8, end)):
        if _is_signature_pair(paras, j):
            cover_end = j
            break
    if cover_end is not None and cover_end > i and any(
            _RE_COVER_TITLE.search(paras[k].text) or "印发" in paras[k].text
            for k in range(i, cover_end)):
        letter = [paras[k].text for k in range(i, cover_end)]
        # 附件：… lines of the cover letter (GB/T 9704 §7.3.4 附件说明) are its attachments
        attachments = el.attachments
        while letter and _RE_ATTACHMENT.match(letter[-1]) and len(letter) > 1:
            name = _RE_ATTACHMENT.match(letter.pop()).group("rest")  # type: ignore[union-attr]
            attachments = (*_split_numbered(name), *attachments)
        el = replace(el, cover_letter="\n".join(letter), attachments=attachments,
                     issuer=paras[cover_end].text,
                     signed_date=parse_date(paras[cover_end + 1].text))
        m = _RE_COVER_TITLE.search(el.cover_letter)
        if m and el.title is None:
            el = replace(el, title=m.group("title"))
        start = cover_end + 2
        # The attached text may repeat its title (and its issuer) on its first page, or
        # print the attachment's title (示例大学学生奖学金评审办法) over it.
        names = {_strip_spaces(t) for t in (el.title, *el.attachments) if t}
        if m and m.group("title"):
            names.add(_strip_spaces(m.group("title")))
        if start < end and _strip_spaces(paras[start].text) in names:
            start += 1
        el = replace(el, body_start=start)
    return el


#: A report's subtitle (GB/T 9704 has none; every 政府工作报告 prints one):
#: ——2017年3月5日在第十二届全国人民代表大会第五次会议上, also with the speaker
#: before 在 (龚正市长在…会议的政府工作报告) or after 上 (…会议上省长许昆林作政府工作报告。).
_RE_SUBTITLE = re.compile(
    rf"^[-—－\s]*(?P<date>{RE_DATE.pattern})\s*(?P<before>[^在，。；]{{0,12}}?)在"
    r"(?P<event>[^，。；]{2,60}(?:会议|大会))(?:上|的政府工作报告|$)(?P<after>[^。；]{0,40})。?$")
#: The speaker under the subtitle: 国务院总理 李克强, 四川省人民政府省长施小琳, 省长 刘小涛.
_RE_SPEAKER = re.compile(
    r"^[\u4e00-\u9fff]{0,16}?(?:总理|副总理|省长|市长|主席|区长|州长|县长|书记|主任|部长)"
    r"[\s\u3000]*[\u4e00-\u9fff·][\s\u3000]*[\u4e00-\u9fff·]{1,3}$")
_RE_SPEECH_TAIL = re.compile(r"(?:同志)?作(?:政府)?工作报告$|(?:同志)$")
#: Words of a web page's controls that end with a colon: never a 主送.
_NOT_RECIPIENTS = frozenset({"分享", "分享到", "打印", "关闭", "来源", "作者", "发布时间",
                             "附件下载", "相关附件", "相关链接", "扫一扫"})


def _subtitle(paras: Sequence[Paragraph], i: int) -> tuple[dict[str, str], int] | None:
    """A report's subtitle at ``paras[i]`` (maybe wrapped onto the next line): its date,
    the meeting and the speaker if it names one, and how many lines it took."""
    for used in (1, 2):
        if i + used > len(paras):
            return None
        text = "".join(p.text.strip() for p in paras[i: i + used])
        m = _RE_SUBTITLE.match(text)
        if m and parse_date(m.group("date")):
            speaker = (m.group("before") or _RE_SPEECH_TAIL.sub("", m.group("after"))).strip()
            return ({"date": parse_date(m.group("date")) or "", "event": m.group("event"),
                     "speaker": speaker, "line": text}, used)
    return None


def _split_numbered(text: str) -> tuple[str, ...]:
    """附件：1．甲 2．乙 (or one name): the names without their numbers."""
    parts = re.split(r"\s*\d{1,2}[．.、]\s*", text.strip())
    return tuple(p.strip() for p in parts if p.strip()) or ((text.strip(),) if text.strip() else ())


def _strip_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _looks_like_title(p: Paragraph, paras: Sequence[Paragraph], i: int) -> bool:
    text = p.text
    if re.sub(r"\s+", "", text) in ("前言", "序言", "引言", "目录", "目次", "说明", "编者按"):
        return False  # the first page of a handbook, not its title
    if p.role == "title":
        return True
    if classify_marker(text) is not None or len(text) > 60 or len(text) < 4:
        return False
    if re.search(r"[。；！？：:]", text):
        return False
    if _RE_DOC_NUMBER_LINE.match(text) or _RE_DATE_LINE.match(text):
        return False
    if p.centered:
        return True
    return bool(_RE_TITLE_TAIL.search(text))


def _continues_title(p: Paragraph, paras: Sequence[Paragraph], i: int) -> bool:
    """A second title line: same role or centred, no sentence punctuation."""
    if classify_marker(p.text) is not None or re.search(r"[。；！？：:，]", p.text):
        return False
    if p.role in ("org_mark", "byline") or _RE_DOC_NUMBER_LINE.match(p.text):
        return False
    if p.role == "title":
        return True
    return bool(p.centered) and len(p.text) <= 40 and not _RE_DATE_LINE.match(p.text) \
        and not _RE_TITLE_TAIL.search(paras[i - 1].text)


# ---------------------------------------------------------------------------
# Outline


@dataclass
class _Node:
    marker: Marker | None
    path: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    is_section: bool = False
    heading: str = ""
    #: The 款 a restarted run of 项 sits in (第二款), once the numbering of an article restarts.
    clause: str = ""


def _levels(markers: Sequence[Marker | None]) -> tuple[list[str], str | None]:
    """Which marker kinds make sections and which one makes items."""
    present = sorted({m.kind for m in markers if m is not None}, key=RANK.__getitem__)
    sections = [k for k in present if k in SECTION_KINDS]
    rest = [k for k in present if k not in SECTION_KINDS]
    if "cn" in rest and len(rest) > 1 and rest[0] == "cn":
        sections.append("cn")
        rest = rest[1:]
    elif rest == ["cn"] and sections:
        pass  # 一、 under 章: items
    elif rest == ["cn"]:
        sections.append("cn")
        rest = []
    return sections, (rest[0] if rest else None)


def _unique(path: str, seen: set[str]) -> str:
    if path not in seen:
        seen.add(path)
        return path
    k = 2
    while f"{path}~{k}" in seen:
        k += 1
    seen.add(f"{path}~{k}")
    return f"{path}~{k}"


def _clause_index(article: _Node) -> int:
    """Which 款 of an article the next paragraph is in: one per paragraph so far that is
    not a 项 of its own (the article's first paragraph, and paragraphs after its items)."""
    return 1 + (len(article.paragraphs) - 1) + sum(len(c.paragraphs) - 1
                                                   for c in article.children)


def _heading_key(heading: str) -> str:
    """A heading as a path component: its first clause, without spaces or slashes."""
    first = re.split(r"[。；！？，：:]", heading.strip(), maxsplit=1)[0]
    return re.sub(r"[\s/]+", "", first)[:24]


def _join(prefix: str, number: str) -> str:
    return f"{prefix}/{number}" if prefix else number


def _pages(paras: Sequence[Paragraph]) -> tuple[int, int] | None:
    if not paras:
        return None
    return (min(p.page_start for p in paras), max(p.page_end for p in paras))


def _build_item(node: _Node, kind: str | None = None) -> Item:
    """An item from a node: its own paragraphs plus, as printed, those of its sub-items."""
    children = tuple(_build_item(c) for c in node.children)
    own = [p.text for p in node.paragraphs]
    if node.marker is not None:
        own[0] = node.marker.rest
    text = "\n".join([t for t in own if t] + [_printed(c) for c in node.children])
    all_paras = list(node.paragraphs) + [p for c in node.children for p in _all_paras(c)]
    return Item(
        path=node.path,
        number=node.marker.number if node.marker else None,
        ordinal=node.marker.ordinal if node.marker else None,
        kind=kind or (node.marker.kind if node.marker else "paragraph"),
        title=title_of(text),
        text=text,
        sentences=split_sentences(text),
        pages=_pages(all_paras),
        children=children,
    )


def _all_paras(node: _Node) -> list[Paragraph]:
    return list(node.paragraphs) + [p for c in node.children for p in _all_paras(c)]


def _printed(node: _Node) -> str:
    """A sub-item's text as printed, marker included."""
    return "\n".join([p.text for p in node.paragraphs] + [_printed(c) for c in node.children])


#: A paragraph that turns to the audience (各位代表！): in a report it opens a new
#: topic (民族宗教, 国防, 港澳台, 外交 …), so the numbered item before it has ended.
_RE_ADDRESS = re.compile(r"^(?:各位代表|各位委员|同志们)[！!]")


def _paragraph_item(prefix: str, k: int, p: Paragraph, seen: set[str],
                    body: Paragraph | None = None) -> Item:
    """An unnumbered paragraph as an item of its own: path ``一/¶k``, kind ``paragraph``
    (with ``body``, the paragraph a lead line ``p`` heads: one item, the lead its title)."""
    paras = [p] if body is None else [p, body]
    text = "\n".join(q.text for q in paras)
    return Item(path=_unique(_join(prefix, f"¶{k}"), seen), number=None, ordinal=k,
                kind="paragraph", title=title_of(text), text=text,
                sentences=split_sentences(text), pages=_pages(paras))


# A lead line: a paragraph of one short sentence that heads the paragraph after it, as a
# web copy prints a bold lead on a line of its own (这是经济实力持续提升的五年。 and then
# the five years' figures) — the same shape as a 一是 point whose first sentence is its
# title.  Not a line that announces what follows (要把握好以下三点。, …如下：) nor an
# address (各位代表！), which opens a new topic.
_LEAD_CHARS = 30
_RE_LEAD = re.compile(r"^[^。！？!?；;：:\n]+。$")
_RE_ANNOUNCES = re.compile(r"以下|如下|下列")
_RE_NONWORD = re.compile(r"[\W_]+")


def _is_lead_line(p: Paragraph, body: Paragraph) -> bool:
    """Whether ``p`` is a lead line heading the paragraph ``body`` (see :data:`_LEAD_CHARS`)."""
    text = p.text.strip()
    if not _RE_LEAD.match(text) or _RE_ANNOUNCES.search(text) or _RE_ADDRESS.match(body.text):
        return False
    n = len(_RE_NONWORD.sub("", text))
    return n <= _LEAD_CHARS and len(_RE_NONWORD.sub("", body.text)) > 2 * n


def _tail_node(node: _Node) -> _Node:
    while node.children:
        node = node.children[-1]
    return node


def _split_tail(run: Sequence[_Node]) -> list[Paragraph]:
    """Cut off the end of a run of numbered items what is not part of its last item.

    The last item of a run runs on until the next unit begins; what follows it
    in the same section belongs to it unless (1) a paragraph turns to the
    audience (各位代表！), which opens a new topic, or (2) most other items of the
    run are one paragraph each (as 一是…六是 points are): then a paragraph after
    the last one is a new topic too.  A law's article keeps its 款.  The cut
    paragraphs are returned (and taken out of the node), to become items of their own.
    """
    if not run:
        return []
    last = run[-1]
    tail = _tail_node(last)
    rest = tail.paragraphs[1:]
    cut = next((i for i, p in enumerate(rest) if _RE_ADDRESS.match(p.text)), None)
    others = run[:-1]
    # An article's later paragraphs are its 款: never a new topic.
    if tail is last and len(others) >= 2 and last.marker is not None \
            and last.marker.kind != "article" and not any(n.children for n in others):
        lengths = sorted(len(n.paragraphs) - 1 for n in others)
        if lengths[(len(lengths) - 1) // 2] == 0:
            cut = 0
    if cut is None:
        return []
    tail.paragraphs = tail.paragraphs[: 1 + cut]
    return list(rest[cut:])


def _units(prefix: str, lead: Sequence[Paragraph], nodes: Sequence[_Node], seen: set[str],
           *, build=None) -> list[Item]:
    """A section's items in document order: its lead paragraphs, then each run of
    numbered items followed by the paragraphs that are not part of them.

    Every paragraph of the section ends up in exactly one item, so every body
    sentence is addressable (searched, diffed, tagged) by a path.
    """
    build = build or _build_item
    k = 0
    items: list[Item] = []

    def paragraphs(paras: Sequence[Paragraph]) -> None:
        nonlocal k
        i = 0
        while i < len(paras):
            k += 1
            body = paras[i + 1] if i + 1 < len(paras) else None
            if body is not None and _is_lead_line(paras[i], body):
                items.append(_paragraph_item(prefix, k, paras[i], seen, body))
                i += 2
            else:
                items.append(_paragraph_item(prefix, k, paras[i], seen))
                i += 1

    paragraphs(lead)
    runs: list[list[_Node]] = []
    for node in nodes:
        restart = node.marker is not None and runs and runs[-1][-1].marker is not None \
            and node.marker.kind == "list" and node.marker.ordinal <= runs[-1][-1].marker.ordinal
        if not runs or restart:
            runs.append([])
        runs[-1].append(node)
    for run in runs:
        after = _split_tail(run)
        items.extend(build(node) for node in run)
        paragraphs(after)
    return items


def _list_nodes(prefix: str, paras: Sequence[Paragraph], seen: set[str]
                ) -> tuple[list[Paragraph], list[_Node]]:
    """一是/二是… paragraphs of a section that has no numbered items, as item nodes.

    A paragraph opening with 一是/二是… keeps that as its number (path ``一/二是``);
    the paragraphs after it up to the next one are its own, as for any numbered
    item.  Returns the lead paragraphs before the first and the nodes.
    """
    lead: list[Paragraph] = []
    nodes: list[_Node] = []
    for p in paras:
        m = list_marker(p.text)
        if m:
            nodes.append(_Node(m, _unique(_join(prefix, m.number), seen), [p]))
        elif nodes:
            nodes[-1].paragraphs.append(p)
        else:
            lead.append(p)
    return lead, nodes


def _build_list_item(node: _Node) -> Item:
    """A 一是 point: its text keeps 一是, which is part of the sentence."""
    text = "\n".join(p.text for p in node.paragraphs)
    return Item(path=node.path, number=node.marker.number, ordinal=node.marker.ordinal,
                kind="list", title=title_of(text), text=text, sentences=split_sentences(text),
                pages=_pages(node.paragraphs))


def _paragraph_items(prefix: str, paras: Sequence[Paragraph], seen: set[str]) -> tuple[Item, ...]:
    """The items of a section without numbered items: 一是… points and paragraphs."""
    lead, nodes = _list_nodes(prefix, paras, seen)
    return tuple(_units(prefix, lead, nodes, seen, build=_build_list_item))


def parse_outline(paras: Sequence[Paragraph]) -> tuple[str, tuple[Section, ...], str]:
    """Parse body paragraphs into (preamble, sections, closing).

    The preamble is the text before the first outline marker.  A document with no
    section level gets one implicit section (path ``""``) holding its items.
    Annexes after the body (附件1 …, 名词解释) become sections of kind ``annex``
    (paths ``附件1/一``, ``名词解释/3``).  A report whose 一、 headings are not
    numbered but whose （一） items restart gets its unnumbered headings as
    sections ``§1``, ``§2`` … (see :func:`outline_warnings` for what is flagged).
    """
    body, annexes = split_annexes(paras)
    body, closing = split_closing(body)
    preamble, sections = _parse_outline(body)
    if closing:
        sections += (_closing_section(closing),)
    annex_sections = tuple(_annex_section(label, title, part) for label, title, part in annexes)
    return preamble, sections + annex_sections, "\n".join(p.text for p in closing)


#: The path of the section holding a report's closing appeal (its paragraphs ``closing/¶1`` …).
CLOSING_PATH = "closing"


def _closing_section(paras: Sequence[Paragraph]) -> Section:
    """The closing appeal as a section of its own, one paragraph item per paragraph."""
    seen: set[str] = set()
    items = tuple(_paragraph_item(CLOSING_PATH, k, p, seen) for k, p in enumerate(paras, 1))
    return Section(path=CLOSING_PATH, number=None, ordinal=None, kind="closing", title="",
                   items=items, pages=_pages(paras))


#: The closing appeal of a report: 各位代表！… (the salutation 各位代表： opens it instead).
_RE_CLOSING = re.compile(r"^各位代表[！!，,]")


def split_closing(paras: Sequence[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """Split a report's closing appeal off the end of the body.

    The closing starts at the *last* 各位代表！ after the last outline marker and
    runs to the end (at most three paragraphs); earlier 各位代表！ paragraphs
    introduce topics (民族宗教, 国防, 外交 …) and stay in the body.
    """
    markers = [i for i, p in enumerate(paras) if classify_marker(p.text) is not None]
    if not markers:
        return list(paras), []
    starts = [i for i in range(markers[-1] + 1, len(paras)) if _RE_CLOSING.match(paras[i].text)]
    if not starts or len(paras) - starts[-1] > 3:
        return list(paras), []
    return list(paras[: starts[-1]]), list(paras[starts[-1]:])


def _parse_outline(paras: Sequence[Paragraph], *, cn_items: bool = False
                   ) -> tuple[str, tuple[Section, ...]]:
    markers: list[Marker | None] = [classify_marker(p.text) for p in paras]
    _fill_decimal_lookalikes(paras, markers)
    for i, k in _unnumbered_headings(paras, markers):
        markers[i] = Marker("heading", f"§{k}", k, paras[i].text)
    section_kinds, item_kind = _levels([m for m in markers if m is None or m.kind != "heading"])
    if section_kinds == ["cn"] and item_kind is None and (cn_items or _is_bare_list(markers, "cn")):
        section_kinds, item_kind = [], "cn"  # 一、…。二、…。: a bare list of items
    if any(m is not None and m.kind == "heading" for m in markers):
        section_kinds.insert(0, "heading")
    rank_of = {k: i for i, k in enumerate(section_kinds)}
    if item_kind is not None:
        below = [k for k in (kind for kind, _ in MARKERS) if RANK[k] > RANK[item_kind]
                 and k not in section_kinds]
        for off, k in enumerate([item_kind] + below):
            rank_of[k] = len(section_kinds) + off

    preamble: list[str] = []
    root = _Node(None, "", is_section=True)
    stack: list[_Node] = [root]
    seen: set[str] = set()
    for p, m in zip(paras, markers, strict=True):
        if m is not None and m.kind in rank_of:
            level = rank_of[m.kind]
            # pop to this node's parent: the deepest open node of a lower rank
            while len(stack) > 1 and rank_of[stack[-1].marker.kind] >= level:  # type: ignore[union-attr]
                stack.pop()
            parent = stack[-1]
            is_section = m.kind in section_kinds
            path = _join(parent.path, m.number)
            if is_section and path in seen:
                # a heading number printed again (一、 after 九、): the heading names the part
                path = _join(parent.path, _heading_key(m.rest) or m.number)
            elif parent.marker is not None and parent.marker.kind == "article" and (
                    path in seen or parent.clause):
                # 项 numbered again in a later 款 of the article: 第二十三条/第二款/（一）
                if m.ordinal == 1 or not parent.clause:
                    parent.clause = f"第{int_to_cn(_clause_index(parent))}款"
                path = _join(_join(parent.path, parent.clause), m.number)
            node = _Node(m, _unique(path, seen), [p], is_section=is_section)
            if is_section:
                node.heading = m.rest
            parent.children.append(node)
            stack.append(node)
        elif len(stack) == 1:
            preamble.append(p.text)
        else:
            stack[-1].paragraphs.append(p)

    sections: list[Section] = []
    loose = [child for child in root.children if not child.is_section]
    for child in root.children:
        if child.is_section:
            sections.append(_build_section(child, seen))
    if loose:
        # Items outside any section: a flat document (or items before the first section).
        implicit = Section(path="", number=None, ordinal=None, kind="implicit", title="",
                           items=tuple(_units("", [], loose, seen)),
                           pages=_pages([p for n in loose for p in _all_paras(n)]))
        sections.insert(0, implicit)
    return "\n".join(preamble), tuple(sections)


_RE_DECIMAL_START = re.compile(r"^(\d{1,3})[．.](?=\d)(.*)$", re.S)


def _fill_decimal_lookalikes(paras: Sequence[Paragraph], markers: list[Marker | None]) -> None:
    """``8.6个重大科技专项`` right after item 7 is item 8, not the decimal 8.6."""
    last: int | None = None
    for i, (p, m) in enumerate(zip(paras, markers, strict=True)):
        if m is not None and m.kind == "arabic":
            last = m.ordinal
        elif m is None and last is not None:
            d = _RE_DECIMAL_START.match(p.text)
            if d and int(d.group(1)) == last + 1:
                markers[i] = Marker("arabic", d.group(1), last + 1, d.group(2))
                last += 1


def _is_bare_list(markers: Sequence[Marker | None], kind: str) -> bool:
    """Every ``kind`` marker is followed directly by the next one: items, not headings."""
    idx = [i for i, m in enumerate(markers) if m is not None and m.kind == kind]
    return len(idx) >= 2 and all(b == a + 1 for a, b in zip(idx, idx[1:], strict=False))


# Unnumbered section headings: a short line with no sentence punctuation (two short phrases
# may stand apart by one comma: 三大趋势，迎来机遇).
_PHRASE = r"[^。，；：！？,;:!?]"
_RE_HEADING_LIKE = re.compile(rf"^(?:{_PHRASE}{{2,25}}|{_PHRASE}{{2,8}}，{_PHRASE}{{2,8}})$")


def _unnumbered_headings(paras: Sequence[Paragraph], markers: Sequence[Marker | None]
                         ) -> list[tuple[int, int]]:
    """(index, k) of unnumbered headings when （一） (or 1., if no （一）) restarts with no
    一、 above it.

    Some reports print their 一、 headings without the number (四川 2025:
    ``2024年工作回顾`` … ``（一）…``).  Only when *every* run of （一）… items has
    such a line before it (after the previous run) are they taken as headings.
    """
    kinds = {m.kind for m in markers if m is not None}
    if kinds & {"cn", "part", "chapter", "division", "article"}:
        return []
    # the top numbering present: （一） in a report, 1. in an article's parts
    top = next((k for k in ("paren_cn", "arabic") if k in kinds), None)
    if top is None:
        return []
    starts = [i for i, m in enumerate(markers)
              if m is not None and m.kind == top and m.ordinal == 1]
    if len(starts) < 2:
        return []
    found, low = [], 0
    for start in starts:
        cand = [j for j in range(low, start) if markers[j] is None
                and _RE_HEADING_LIKE.match(paras[j].text.strip())]
        if not cand:
            return []
        found.append(cand[-1])
        low = start + 1
    return [(i, k) for k, i in enumerate(found, 1)]


# ---------------------------------------------------------------------------
# Annexes after the body

_RE_ANNEX = re.compile(
    r"^(?:附\s*件\s*(?P<n>\d{1,2})(?:\s*(?P<title>[^\d\s。，；：！？][^。，；：！？]{0,29}))?"
    r"|附\s*件(?:\s+(?P<title2>[^。，；：！？]{1,30}))?"
    r"|(?P<gloss>附[：:]\s*名词解释|名词解释|附录))$")


def split_annexes(paras: Sequence[Paragraph]
                  ) -> tuple[list[Paragraph], list[tuple[str, str, list[Paragraph]]]]:
    """Split 附件1/附件2/名词解释 parts off the end of the body.

    An annex header is a bare ``附件1`` (or ``附件2 名词解释``, ``名词解释``) line
    after the outline has begun; a short title line right after it is its title.
    """
    first_marker = next((i for i, p in enumerate(paras) if classify_marker(p.text)), None)
    if first_marker is None:
        return list(paras), []
    heads = [i for i in range(first_marker + 1, len(paras))
             if _RE_ANNEX.match(paras[i].text.strip())]
    if not heads:
        return list(paras), []
    # 附件2 on one line and 名词解释 on the next are one header
    heads = [h for k, h in enumerate(heads)
             if not (k and heads[k - 1] == h - 1
                     and _RE_ANNEX.match(paras[h].text.strip()).group("gloss")  # type: ignore[union-attr]
                     and not _RE_ANNEX.match(paras[h - 1].text.strip()).group("gloss"))]  # type: ignore[union-attr]
    annexes = []
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(paras)
        text = paras[start].text.strip()
        m = _RE_ANNEX.match(text)
        assert m is not None
        label = re.sub(r"\s+", "", text)
        title = ""
        for group in ("title", "title2"):
            if m.group(group):
                title = m.group(group).strip()
                label = re.sub(r"\s+", "", text[: m.start(group)])
        if m.group("gloss"):
            label, title = "名词解释", "名词解释"
        part = list(paras[start + 1: end])
        if not title and part and _RE_ANNEX.match(part[0].text.strip()):
            title = part[0].text.strip()  # 附件2 / 名词解释
            part = part[1:]
        if not title and part and classify_marker(part[0].text) is None \
                and _RE_HEADING_LIKE.match(part[0].text.strip()):
            title = part[0].text.strip()
            part = part[1:]
        annexes.append((label, title, part))
    return list(paras[: heads[0]]), annexes


def annex_section(label: str, title: str, paras: Sequence[Paragraph]) -> Section:
    """An attached document as a section of kind ``annex`` (paths ``附件1/一``)."""
    return _annex_section(label, title, paras)


def _annex_section(label: str, title: str, paras: Sequence[Paragraph]) -> Section:
    # An annex is a list (十件民生实事 一、…十、; 名词解释 1.…): its 一、 are items.
    intro, sections = _parse_outline(paras, cn_items=True)
    items: list[Item] = []
    subsections: list[Section] = []
    for sec in sections:
        if sec.kind == "implicit":
            items.extend(_prefix_item(it, label) for it in sec.items)
        else:
            subsections.append(_prefix_section(sec, label))
    if not items and not subsections and intro:
        items = list(_paragraph_items(label, paras, set()))
    elif intro:  # paragraphs before the annex's first numbered item: items too
        n_intro = len(intro.splitlines())
        seen = {it.path for it in items}
        items = list(_paragraph_items(label, paras[:n_intro], seen)) + items
    return Section(path=label, number=label, ordinal=None, kind="annex", title=title,
                   items=tuple(items), sections=tuple(subsections), pages=_pages(paras))


def _prefix_item(item: Item, prefix: str) -> Item:
    return replace(item, path=_join(prefix, item.path),
                   children=tuple(_prefix_item(c, prefix) for c in item.children))


def _prefix_section(section: Section, prefix: str) -> Section:
    return replace(section, path=_join(prefix, section.path) if section.path else prefix,
                   items=tuple(_prefix_item(i, prefix) for i in section.items),
                   sections=tuple(_prefix_section(s, prefix) for s in section.sections))


# ---------------------------------------------------------------------------
# What the outline says about itself


def outline_warnings(sections: Sequence[Section], *, title: str | None = None) -> list[str]:
    """Gaps and restarts in the printed numbering, and missing 一、 headings.

    The outline is never repaired by guessing: a heading the source lost stays
    lost, and the document says so here (e.g. web pages that dropped 二、).
    """
    warnings: list[str] = []
    if any(s.kind == "document" for s in sections):  # a compilation: each document alone
        for part in sections:
            own = list(part.sections)
            if part.items:
                own.insert(0, Section(path="", number=None, ordinal=None, kind="implicit",
                                      title="", items=part.items))
            warnings += [f"{part.title}: {w}" for w in outline_warnings(own)]
        return warnings
    body = [s for s in sections if s.kind != "annex"]
    numbered = [s for s in body if s.kind in ("cn", "chapter", "part")]
    for kind in ("cn", "chapter", "part"):
        seq = [s for s in body if s.kind == kind]
        warnings += _gaps([s.ordinal for s in seq], [s.number or "" for s in seq],
                          f"{_KIND_LABEL[kind]} headings")
    articles = [it for s in body for it in _all_items(s) if it.kind == "article"]
    warnings += _gaps([it.ordinal for it in articles], [it.number or "" for it in articles],
                      "articles (条)")
    # Items numbered straight through the sections (（一）…（二十八）, 1．…15．) are a
    # style of their own: one sequence over the body, checked as one.
    through = {kind for kind in ("paren_cn", "arabic", "paren_arabic", "circled")
               if _numbered_through(body, kind)}
    for kind in sorted(through):
        seq = [it for s in body for x in s.iter_sections() for it in x.items if it.kind == kind]
        warnings += _gaps([it.ordinal for it in seq], [it.number or "" for it in seq],
                          "items numbered through the sections")
    for s in (x for sec in sections for x in sec.iter_sections()):
        for kind in ("paren_cn", "arabic", "paren_arabic", "circled"):
            if kind in through and s.kind != "annex":
                continue
            seq = [it for it in s.items if it.kind == kind]
            if seq:
                warnings += _gaps([it.ordinal for it in seq], [it.number or "" for it in seq],
                                  f"items in {s.path or 'the body'}", continued=kind == "arabic")
    if any(s.kind == "heading" for s in body):
        n = sum(1 for s in body if s.kind == "heading")
        warnings.append(f"no numbered 一、 headings: {n} unnumbered headings taken as sections "
                        f"§1–§{n}")
    elif not numbered and (any(it.kind == "paren_cn" for s in body for it in s.items)
                           or (title and "报告" in title)):
        warnings.append("no 一、 section headings found (the source may have lost them)")
    return warnings


_KIND_LABEL = {"cn": "一、", "chapter": "第X章", "part": "第X编"}


def _numbered_through(body: Sequence[Section], kind: str) -> bool:
    """Whether ``kind`` items run on from one section to the next (二 starts where 一 ended)
    rather than starting again at 1 in each section."""
    runs = [[it.ordinal for it in x.items if it.kind == kind]
            for s in body for x in s.iter_sections()]
    runs = [r for r in runs if r]
    if len(runs) < 2:
        return False
    return all(r[0] == prev[-1] + 1 for prev, r in zip(runs, runs[1:], strict=False)
               if prev[-1] is not None and r[0] is not None)


def _all_items(section: Section) -> list[Item]:
    return [it for s in section.iter_sections() for it in s.items]


def _gaps(ordinals: Sequence[int | None], numbers: Sequence[str], what: str,
          *, continued: bool = False) -> list[str]:
    """Where a printed sequence skips or repeats a number."""
    out = []
    prev: int | None = None
    for k, (o, number) in enumerate(zip(ordinals, numbers, strict=True)):
        if o is None:
            continue
        if prev is None:
            if o != 1 and not continued:
                out.append(f"numbering of {what} starts at {number}")
        elif o != prev + 1:
            kind = "repeats" if o <= prev else "skips"
            out.append(f"numbering of {what} {kind}: {numbers[k - 1]} → {number}")
        prev = o
    return out


def _build_section(node: _Node, seen: set[str]) -> Section:
    heading = node.marker.rest if node.marker else ""
    # The heading paragraph: its first sentence is the title, the rest is a lead paragraph.
    sentences = split_sentences(heading)
    lead: list[Paragraph] = []
    if len(sentences) > 1:
        title = sentences[0][:-1] if sentences[0].endswith("。") else sentences[0]
        first = node.paragraphs[0]
        lead.append(replace(first, text=heading[len(sentences[0]):].strip()))
    else:
        title = heading.strip()
    lead += node.paragraphs[1:]
    item_nodes = [c for c in node.children if not c.is_section]
    subsections = [_build_section(c, seen) for c in node.children if c.is_section]
    if item_nodes or subsections:
        items = _units(node.path, lead, item_nodes, seen)
    else:
        items = list(_paragraph_items(node.path, lead, seen))
    return Section(
        path=node.path,
        number=node.marker.number if node.marker and node.marker.kind != "heading" else None,
        ordinal=node.marker.ordinal if node.marker else None,
        kind=node.marker.kind if node.marker else "implicit",
        title=title.rstrip("。"),
        items=tuple(items),
        sections=tuple(subsections),
        pages=_pages(_all_paras(node)),
    )


_RE_DELIVERED = re.compile(
    rf"^[-—－\s]*(?P<date>{RE_DATE.pattern})\s*[^，。；]{{0,12}}?在[^，。；]{{2,60}}(?:会议|大会|届)")


def delivered_date(preamble: str) -> str | None:
    """The date a report was delivered, from its subtitle (——2025年1月14日在…会议上)."""
    for line in preamble.splitlines()[:5]:
        m = _RE_DELIVERED.match(line.strip())
        if m:
            return parse_date(m.group("date"))
    return None


# ---------------------------------------------------------------------------
# Compilations: several documents in one file (汇编, 手册, 选编)

#: Where a compiled document may start: a title naming a regulation, plan or notice.
_RE_PART_TITLE = re.compile(
    r"^[^，。；：！？,;:!?]{4,40}(?:办法|规定|条例|细则|章程|规则|准则|守则|制度|规程|要点|方案|"
    r"计划|通知|意见|决定|法)(?:[（(][^（）()]{1,12}[)）])?$")
#: Lines a compiled document may print between its title and its outline.
_RE_PART_NOTE = re.compile(rf"^[（(].{{0,80}}[)）]$|{RE_DOC_NUMBER.pattern}")


@dataclass
class Part:
    """One document of a compilation: its title, 文号 and paragraphs (head lines taken off)."""

    title: str
    doc_number: str | None
    paragraphs: list[Paragraph]
    notes: list[str] = field(default_factory=list)


def split_documents(paras: Sequence[Paragraph]) -> tuple[list[Paragraph], list[Part]]:
    """Split a compilation into its documents: (front matter, parts), or (paras, []).

    A document starts at a title line (…办法, …规定, …条例 …) that is followed, within
    three lines (its 文号, its 题注 in brackets), by the first article or chapter of
    an outline that starts again at 第一条 / 第一章.  Two or more such starts make a
    compilation; fewer leave the text as one document.
    """
    starts = []
    for i, p in enumerate(paras):
        m = classify_marker(p.text)
        if m is None or m.kind not in ("article", "chapter") or m.ordinal != 1:
            continue
        if m.kind == "article" and i and (prev := classify_marker(paras[i - 1].text)) \
                and prev.kind in ("chapter", "division"):
            continue  # 第一章 总则 / 第一条: the start is the chapter's
        for j in range(i - 1, max(-1, i - 4), -1):
            text = paras[j].text.strip()
            if _RE_PART_TITLE.match(text) and classify_marker(text) is None:
                starts.append(j)
                break
            if not _RE_PART_NOTE.match(text):
                break
    if len(starts) < 2:
        return list(paras), []
    parts = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(paras)
        title = paras[start].text.strip()
        body = list(paras[start + 1: end])
        number, notes = None, []
        while body and _RE_PART_NOTE.match(body[0].text.strip()) \
                and classify_marker(body[0].text) is None:
            line = body.pop(0).text.strip()
            if RE_DOC_NUMBER.match(line):
                number = line
            else:
                notes.append(line)
        parts.append(Part(title, number, body, notes))
    return list(paras[: starts[0]]), parts


def part_section(part: Part) -> Section:
    """A compiled document as a section of kind ``document``: its own outline, every path
    prefixed by its title (``学生奖学金评审办法/第四条``)."""
    prefix = re.sub(r"[\s/]+", "", part.title)
    preamble, sections, closing = parse_outline(part.paragraphs)
    items: list[Item] = []
    subsections: list[Section] = []
    if preamble:
        items += [_prefix_item(it, prefix)
                  for it in _paragraph_items("", [Paragraph(t) for t in preamble.splitlines()],
                                             set())]
    for sec in sections:
        if sec.kind == "implicit":
            items.extend(_prefix_item(it, prefix) for it in sec.items)
        else:
            subsections.append(_prefix_section(sec, prefix))
    return Section(path=prefix, number=part.doc_number, ordinal=None, kind="document",
                   title=part.title, text="\n".join(part.notes), items=tuple(items),
                   sections=tuple(subsections), pages=_pages(part.paragraphs))
