"""Score reuse edges against the truth of scripts/make_reuse_corpus.py (planted reuse).

A plant's spans are found where the pipeline put them: the planted text (and the
source text) is searched for in the passages of its document as read.  A reported
edge that is not boilerplate is **correct** when its target span overlaps a plant's
target span in the same passage by at least half of the edge, and its source span
overlaps that plant's source span; otherwise it is **wrong** (and counted apart when
it lies in planted boilerplate).  A plant is **found** when correct edges cover at least
half of its target span.  ``wrong_direction`` counts correct edges whose source is
the plant's target although the edge claims a direction.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


@dataclass(frozen=True)
class Located:
    doc: str
    path: str
    start: int
    end: int


_BY_DOC: dict[int, dict[str, list[tuple[str, str]]]] = {}


def locate(texts: dict[tuple[str, str], str], doc: str, text: str) -> Located | None:
    """Where ``text`` stands in the passages of ``doc`` (first occurrence)."""
    by_doc = _BY_DOC.get(id(texts))
    if by_doc is None:
        by_doc = {}
        for (d, path), passage in texts.items():
            by_doc.setdefault(d, []).append((path, passage))
        _BY_DOC.clear()
        _BY_DOC[id(texts)] = by_doc
    for path, passage in by_doc.get(doc, ()):
        at = passage.find(text)
        if at >= 0:
            return Located(doc, path, at, at + len(text))
    return None


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


@dataclass
class Score:
    plants: int = 0
    found: int = 0
    edges: int = 0
    correct: int = 0
    wrong: list = field(default_factory=list)
    in_boilerplate: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    wrong_direction: int = 0
    unlocated: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.edges if self.edges else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.plants if self.plants else 1.0


def score(result, truth: dict, *, max_edited: float = 0.15, min_chars: int = 20) -> Score:
    """Precision and recall of ``result`` (a ReuseResult) against ``truth``."""
    texts = result.passages
    plants = []
    sc = Score()
    for p in truth["plants"]:
        tgt = locate(texts, p["target_doc"], p["target_text"])
        src = locate(texts, p["source_doc"], p["source_text"])
        if tgt is None or src is None:
            sc.unlocated += 1
            continue
        plants.append((p, src, tgt))
    boiler = []
    for b in truth["boilerplate"]:
        for doc in b["docs"]:
            loc = locate(texts, doc, b["text"])
            if loc:
                boiler.append(loc)
    covered: dict[int, list[tuple[int, int]]] = {}
    by_target: dict[tuple[str, str], list[int]] = {}
    for k, (_, _src, tgt) in enumerate(plants):
        by_target.setdefault((tgt.doc, tgt.path), []).append(k)
    for e in result.edges:
        if e.boilerplate:
            continue
        sc.edges += 1
        match = None
        near = by_target.get((e.target.doc, e.target.path), []) + \
            by_target.get((e.source.doc, e.source.path), [])
        for k in near:
            _, src, tgt = plants[k]
            t, s = e.target, e.source
            # either side may match the plant's source; with a direction, only one is right
            for es, ps, et, pt in ((s, src, t, tgt), (t, src, s, tgt)):
                if (et.doc, et.path) == (pt.doc, pt.path) \
                        and (es.doc, es.path) == (ps.doc, ps.path) \
                        and _overlap(et.start, et.end, pt.start, pt.end) * 2 >= et.end - et.start \
                        and _overlap(es.start, es.end, ps.start, ps.end) > 0:
                    match = (k, et)
                    if es is t and e.directed:
                        sc.wrong_direction += 1
                    break
            if match:
                break
        if match is None:
            if any((e.target.doc, e.target.path) == (b.doc, b.path)
                   and _overlap(e.target.start, e.target.end, b.start, b.end) * 2
                   >= e.target.end - e.target.start for b in boiler):
                sc.in_boilerplate.append(e)
            sc.wrong.append(e)
            continue
        sc.correct += 1
        covered.setdefault(match[0], []).append((match[1].start, match[1].end))
    for k, (p, _, tgt) in enumerate(plants):
        if p["edited"] > max_edited or len(p["source_text"]) < min_chars:
            continue
        sc.plants += 1
        chars = set()
        for s0, s1 in covered.get(k, []):
            chars.update(range(max(s0, tgt.start), min(s1, tgt.end)))
        if len(chars) * 2 >= tgt.end - tgt.start:
            sc.found += 1
        else:
            sc.missed.append((p, len(chars) / (tgt.end - tgt.start)))
    return sc
