"""In-text repairs: each a small pure function ``(text, page) -> (text, removals)``.

Mis-mapped glyphs inside the text (Kangxi radicals, compatibility ideographs,
„‟ for 〔〕 in a 发文字号), link stamps inside a sentence, invisible format
characters, and spaces an extractor put between Chinese and digits or Latin
letters.  Each returns the :class:`~policytext.model.Removal` records of what it
changed, so the audit trail is built where the change is made.  The document's
words are never changed: only characters that the extraction added or garbled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Removal
from ..patterns import (
    CJK,
    CJK_PUNCT,
    CLAUSE_PUNCT,
    GLYPH_MAP,
    RE_BARE_HOST,
    RE_DAMAGED_DOC_NUMBER,
    RE_LEADING_DIVISION,
    RE_LOOKALIKE,
    find_links,
)

__all__ = [
    "Repair",
    "clause_context",
    "remove_links",
    "repair_glyphs",
    "repair_doc_number",
    "remove_cjk_spaces",
    "remove_zero_width",
    "TEXT_REPAIRS",
    "TABLE_REPAIRS",
    "repair_text",
]

# A space an extractor inserted between Chinese and a digit/Latin run (either side),
# or between Chinese characters and full-width punctuation.
_CJKP = f"{CJK}{CJK_PUNCT}"
RE_CJK_SPACE = re.compile(
    rf"(?<=[{_CJKP}])[ \t\u00a0\u3000]+(?=[0-9A-Za-z%.．+＋\-])"
    rf"|(?<=[0-9A-Za-z%.．+＋])[ \t\u00a0\u3000]+(?=[{_CJKP}])"
    rf"|(?<=[{_CJKP}])[ \t\u00a0\u3000]+(?=[{_CJKP}])"
)


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
    m = RE_DAMAGED_DOC_NUMBER.match(text.strip())
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
