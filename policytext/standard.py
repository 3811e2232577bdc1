"""A standard (GB/T 1.1-2009, 标准化工作导则): its cover and its numbered clauses.

A national or trade standard is no 公文: its cover (封面) prints the ICS and CCS
codes, 中华人民共和国国家标准, the code (GB/T 9704—2012) and the code it replaces
(代替…), the title in Chinese and in English, the 发布 and 实施 dates and the
bodies that issue it; then come 目次 (a table of contents, dropped in cleaning),
前言 and 引言, and the clauses: chapters ``1 范围``, ``2 规范性引用文件`` … and
subclauses ``5.1``, ``5.2.1`` (the space after the number is often lost in
extraction: ``5.2.1页边与版心尺寸``), then figures (图N and their 注).

Chapters are sections (path ``5``), subclauses their items (``5/5.2.1``), the
paragraphs before a chapter's first subclause items of kind ``paragraph``; an
annex (附录A（规范性附录）) a section of kind ``annex`` (path ``附录A``, clauses
``附录A/A.1``), 参考文献 a heading; a page of a figure (its caption 图N, or its note
注：…, and no clause on it) a section of kind ``figure`` (path ``图2``) outside the
body's running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .model import Item, Section
from .patterns import split_sentences, title_of
from .records import Paragraph
from .structure import Elements

__all__ = ["parse_standard_head", "parse_standard_outline"]

#: 中华人民共和国国家标准 / 行业标准 / 地方标准, 团体标准 …
_RE_MARK = re.compile(r"^(?:中华人民共和国)?[\u4e00-\u9fff]{0,12}(?:国家|行业|地方|团体|企业)标准$")
#: GB/T 9704—2012, GB 3100-1993, JR/T 0068—2012, DB11/T 1234—2015.
_RE_CODE = re.compile(
    r"^(?:GB|GB/T|GB/Z|[A-Z]{2}\d{0,2}(?:/T)?)\s*\d{1,6}(?:\.\d+)?\s*[—–\-－]\s*\d{4}$")
_RE_REPLACES = re.compile(r"^代替\s*\S+")
_RE_ICS = re.compile(r"^ICS\s+\d")
#: 2012-06-29发布 2012-07-01实施 (on one line or two).
_RE_ISSUED = re.compile(r"(\d{4}-\d\d-\d\d)\s*发布")
_RE_EFFECTIVE = re.compile(r"(\d{4}-\d\d-\d\d)\s*实施")
_RE_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'’()\-–:;/&]+$")
_RE_ORG = re.compile(r"^[\u4e00-\u9fff（）()]{4,40}$")
_FRONT = ("前言", "引言")
#: 附录A（规范性附录） 标题 / 附录 B (资料性附录), maybe with the title on the next line.
_RE_ANNEX = re.compile(
    r"^附\s*录\s*(?P<letter>[A-Z])(?:\s*[（(](?:规范性|资料性)附录[)）])?\s*(?P<title>[^。；]{0,40})$")
#: A clause of an annex: A.1, B.2.3.
_RE_ANNEX_CLAUSE = re.compile(
    r"^(?P<number>[A-Z](?:\s*\.\s*\d{1,2}){1,4})(?![\d.．])\s*(?P<title>.*)$")
#: A chapter (1 范围) or a subclause (5.2.1 页边与版心尺寸, or 3.1 alone on its line).
_RE_CLAUSE = re.compile(
    r"^(?P<number>\d{1,2}(?:\s*\.\s*\d{1,2}){0,4})(?![\d.．])\s*(?P<title>[^\s\d.．。，；：].{0,40})?$")
#: A figure's caption (图2公文首页版式, 图 2 …) or its note (注：版心实线框仅为示意 …).
_RE_CAPTION = re.compile(r"^图\s*(?P<n>\d{1,3})\s*(?P<title>[^\d\s。，；][^。；]{1,40})$")
_RE_NOTE = re.compile(r"^注\s*\d?\s*[：:，,]")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parse_standard_head(paras: Sequence[Paragraph]) -> tuple[Elements, dict[str, Any]] | None:
    """The cover of a standard: its elements (the mark, code, title, issuers and 发布
    date) and what else it prints (``meta``: ics, replaces, english_title, effective,
    and the cover's lines), if ``paras`` opens with one."""
    head = [p.text.strip() for p in paras[:12]]
    if not any(_RE_MARK.match(t) or _RE_CODE.match(t) or _RE_ICS.match(t) for t in head):
        return None
    end = next((i for i, p in enumerate(paras[:60]) if _squeeze(p.text) in _FRONT
                or _clause(p.text, 1)), None)
    if end is None:
        return None
    mark = code = title = issued = None
    issuers: list[str] = []
    meta: dict[str, Any] = {}
    for p in paras[:end]:
        text = p.text.strip()
        if _RE_ICS.match(text):
            meta["ics"] = text
        elif mark is None and _RE_MARK.match(text):
            mark = text
        elif code is None and _RE_CODE.match(text):
            code = text
        elif _RE_REPLACES.match(text):
            meta["replaces"] = text[2:].strip()
        elif _RE_ISSUED.search(text) or _RE_EFFECTIVE.search(text):
            m = _RE_ISSUED.search(text)
            issued = issued or (m.group(1) if m else None)
            m = _RE_EFFECTIVE.search(text)
            if m:
                meta["effective"] = m.group(1)
        elif _RE_LATIN.match(text):
            meta["english_title"] = text
        elif text == "发布":
            continue
        elif _RE_ORG.match(text) and title is not None:
            issuers.append(text)
        elif title is None and _RE_ORG.match(text):
            title = text
    meta["cover"] = tuple(p.text for p in paras[:end])
    el = Elements(org_mark=mark, doc_number=code, title=title, issuer="、".join(issuers) or None,
                  signed_date=issued, body_start=end,
                  body_end=len(paras))
    return el, meta


def _clause(text: str, chapter: int | None = None) -> tuple[str, str] | None:
    """``(number, title)`` of a clause heading (``5.2.1``, ``页边与版心尺寸``); a chapter's
    number must be ``chapter`` when given."""
    m = _RE_CLAUSE.match(text.strip())
    if not m:
        return None
    number = re.sub(r"\s+", "", m.group("number"))
    title = (m.group("title") or "").strip()
    if re.search(r"[。；，：！？]", title):
        return None
    if "." not in number and (not title or chapter is not None and int(number) != chapter):
        return None
    return number, title


def _item(path: str, number: str | None, ordinal: int, kind: str, title: str,
          paras: Sequence[Paragraph]) -> Item:
    text = "\n".join(p.text for p in paras)
    if not title and kind == "clause" and len(paras) > 1:
        title = title_of(paras[1].text)  # 3.1 alone on its line, the term (字 word) below
    # a clause's text keeps its heading line: its number is part of what names it
    return Item(path=path, number=number, ordinal=ordinal, kind=kind, title=title or title_of(text),
                text=text, sentences=split_sentences(text),
                pages=(paras[0].page_start, paras[-1].page_end) if paras else None)


def _pages(paras: Sequence[Paragraph]) -> tuple[int, int] | None:
    return (paras[0].page_start, paras[-1].page_end) if paras else None


def _section(path: str, number: str | None, ordinal: int | None, kind: str, title: str,
             paras: Sequence[Paragraph], heading: Paragraph | None = None) -> Section:
    """A chapter: the paragraphs before its first subclause, then each subclause."""
    items: list[Item] = []
    lead: list[Paragraph] = []
    current: tuple[str, str, list[Paragraph]] | None = None
    chapter = number or ""

    def close() -> None:
        if current is not None:
            num, head, body = current
            items.append(_item(f"{path}/{num}", num, len(items) + 1, "clause", head, body))

    for p in paras:
        c = _clause(p.text)
        a = _RE_ANNEX_CLAUSE.match(p.text.strip())
        if a and chapter.isalpha() and a.group("number")[0] == chapter:
            c = (re.sub(r"\s+", "", a.group("number")), a.group("title").strip())
        if c and "." in c[0] and c[0].split(".")[0] == chapter:
            close()
            current = (c[0], c[1], [p])
        elif current is not None:
            current[2].append(p)
        else:
            lead.append(p)
    close()
    leads = [_item(f"{path}/¶{k}", None, k, "paragraph", "", [p])
             for k, p in enumerate(lead, 1)]
    every = ([heading] if heading else []) + list(paras)
    return Section(path=path, number=number, ordinal=ordinal, kind=kind, title=title,
                   items=tuple(leads + items), pages=_pages(every))


def _figure_pages(paras: Sequence[Paragraph]) -> set[int]:
    """Pages that hold a figure and nothing else: a caption or a note, and no clause."""
    by_page: dict[int, list[str]] = {}
    for p in paras:
        by_page.setdefault(p.page_start, []).append(p.text.strip())
    return {page for page, texts in by_page.items()
            if any(_RE_CAPTION.match(t) or _RE_NOTE.match(t) for t in texts)
            and not any(_clause(t) for t in texts)}


def _figures(paras: Sequence[Paragraph]) -> list[Section]:
    """Figure sections: each figure's lines up to its caption, and the notes after it."""
    out: list[Section] = []
    seen: set[str] = set()
    block: list[Paragraph] = []
    caption: re.Match[str] | None = None

    def close() -> None:
        nonlocal block, caption
        if not block:
            return
        number = f"图{caption.group('n')}" if caption else None
        path = number if number and number not in seen else f"图@{block[0].page_start}"
        seen.add(path)
        items = tuple(_item(f"{path}/¶{k}", None, k, "paragraph", "", [p])
                      for k, p in enumerate(block, 1))
        out.append(Section(path=path, number=number, ordinal=None, kind="figure",
                           title=caption.group("title").strip() if caption else "",
                           items=items, pages=_pages(block)))
        block, caption = [], None

    for p in paras:
        text = p.text.strip()
        if block and (caption is not None or _RE_NOTE.match(block[-1].text.strip())) \
                and not _RE_NOTE.match(text) or block and p.page_start != block[-1].page_end:
            close()
        block.append(p)
        m = _RE_CAPTION.match(text)
        if m:
            caption = m
    close()
    return out


def parse_standard_outline(paras: Sequence[Paragraph], *, title: str | None = None
                           ) -> tuple[str, tuple[Section, ...], str]:
    """``(preamble, sections, closing)`` of a standard's body (after its cover); the title
    the first page of the clauses repeats (``title``) is no paragraph of 前言."""
    figure_pages = _figure_pages(paras)
    body = [p for p in paras if p.page_start not in figure_pages
            and not (title and _squeeze(p.text) == _squeeze(title))]
    figures = [p for p in paras if p.page_start in figure_pages]
    heads: list[tuple[int, str | None, str]] = []  # (index, chapter number, title)
    chapter = 1
    for i, p in enumerate(body):
        if _squeeze(p.text) in _FRONT and not heads or \
                heads and heads[-1][1] is None and _squeeze(p.text) in _FRONT:
            heads.append((i, None, _squeeze(p.text)))
            continue
        a = _RE_ANNEX.match(p.text.strip())
        if a:
            title = a.group("title").strip()
            # 附录A / （规范性附录） / its title, a line each: the title names the section
            for q in body[i + 1: i + 3]:
                text = q.text.strip()
                if title or not re.fullmatch(r"[^。；，：]{2,40}", text) or _clause(text):
                    break
                if not re.fullmatch(r"[（(](?:规范性|资料性)附录[)）]", text):
                    title = text
            heads.append((i, a.group("letter"), title))
            continue
        if _squeeze(p.text) == "参考文献" and heads:
            heads.append((i, None, "参考文献"))
            continue
        c = _clause(p.text, chapter)
        if c and "." not in c[0] and not any(h[1] and h[1].isalpha() for h in heads):
            heads.append((i, c[0], c[1]))
            chapter += 1
    if not heads:
        return "\n".join(p.text for p in paras), (), ""
    preamble = "\n".join(p.text for p in body[: heads[0][0]])
    sections = []
    for k, (i, number, title) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else len(body)
        if number is None:
            sections.append(_section(title, None, None, "heading", title, body[i + 1: stop],
                                     body[i]))
        elif number.isalpha():  # 附录A: the annex of a standard, its clauses A.1 …
            sections.append(_section(f"附录{number}", number, None, "annex", title,
                                     body[i + 1: stop], body[i]))
        else:
            sections.append(_section(number, number, int(number), "clause", title,
                                     body[i + 1: stop], body[i]))
    return preamble, tuple(sections + _figures(figures)), ""
