"""Page furniture, decided once for every format: page numbers, running headers and
footers, link stamps on lines of their own.

The rule needs only each line's text and page, so it runs before the lines'
paragraph evidence is set (:mod:`policytext.clean.layout` measures the text
block and the gaps between lines without the furniture); :func:`drop_furniture`
then removes and logs exactly what :func:`find_furniture` found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..model import Removal
from ..patterns import RE_URL, furniture_key, is_link_line, is_page_number
from ..records import Line
from .repairs import clause_context

__all__ = ["Verdict", "find_furniture", "drop_furniture"]

#: (kind, reason) of a furniture line, as it goes into the audit log.
Verdict = tuple[str, str]


def find_furniture(lines: Sequence[Line]) -> list[Verdict | None]:
    """What each line is: a page number, a running header or footer, a link stamp, or body.

    Page numbers and headers are only looked for among the first and last two
    lines of a page, where the furniture sits; a link stamp anywhere.  A line
    repeated at the edge of 3+ pages, and of at least half the pages or of more than
    half the pages between the first and the last it sits on, is a running header or
    footer, and so is a line of the same words anywhere on a page after the first.
    """
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.text.strip():
            pages.setdefault(line.page, []).append(i)
    n_pages = len(pages)
    edge: set[int] = set()
    for idx in pages.values():
        edge.update(idx[:2] + idx[-2:])

    counts = Counter(furniture_key(lines[i].text) for i in edge)
    # the pages from the first to the last a key is seen on: a header may run over the
    # body only (not on the cover, nor on pages of figures read by OCR)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for i in sorted(edge):
        k = furniture_key(lines[i].text)
        first.setdefault(k, lines[i].page)
        last[k] = lines[i].page
    span = {k: sum(1 for p in pages if first[k] <= p <= last[k]) for k in counts}
    repeated = {k for k, c in counts.items()
                if n_pages >= 3 and len(k) <= 60
                and c >= max(3, min(n_pages // 2, (span[k] + 1) // 2 + 1))}

    # a line printed with the same words at the same place at the edge of two pages or
    # more is furniture however few the pages (a magazine's section header on odd pages)
    placed = Counter((furniture_key(lines[i].text), round(lines[i].box.x0), round(lines[i].box.top))
                     for i in edge if lines[i].box is not None)
    repeated |= {k for (k, _x, _y), c in placed.items()
                 if c >= 2 and n_pages > 1 and 4 <= len(k) <= 60}

    # a producer may write the header mid-page in reading order: the same words on a line
    # of their own after the first page are the header too (the cover's own line stays)
    header_texts = {lines[i].text.strip() for i in edge
                    if furniture_key(lines[i].text) in repeated}

    verdicts: list[Verdict | None] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        verdict = None
        if not text:
            pass
        elif i in edge and n_pages > 1 and is_page_number(text):
            verdict = ("page_number", "page number")
        elif i in edge and furniture_key(text) in repeated \
                or line.page > 1 and text in header_texts and not is_page_number(text):
            verdict = ("header", "running header or footer")
        elif is_link_line(text):
            verdict = ("link", "link text stamped by a download site")
        verdicts.append(verdict)
    return verdicts


def drop_furniture(lines: Sequence[Line], verdicts: Sequence[Verdict | None] | None = None
                   ) -> tuple[list[Line], list[Removal]]:
    """Remove the furniture :func:`find_furniture` finds (or found: ``verdicts``), logging it.

    A link stamp's context skips the page number or header that may sit between
    it and the sentence's second half.
    """
    if verdicts is None:
        verdicts = find_furniture(lines)
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
