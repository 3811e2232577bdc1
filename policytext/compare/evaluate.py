"""Score an alignment against hand-labelled links (precision and recall of links).

A label file (``tests/data/links/*.json``, written by people who never saw this code;
the instructions they followed are in ``tests/data/links/README.md``) names the units
of two documents by *quotes* — exact substrings from the first sentence of each unit —
so the truth survives re-segmentation.  Every unit of the old year is labelled
(``continues``/``split``/``merged`` with up to three successor quotes, or ``none``);
``new_units_without_predecessor`` lists the new year's units that continue nothing.

Scoring is over links between the **units of the Document** (its top-level items and
the preamble, the units :func:`policytext.compare.compare` aligns):

1. Each quote is mapped to the unit that holds it (matched on folded text without
   punctuation; a quote that runs over a unit boundary goes to the unit holding most
   of it).  A quote that falls outside every unit (a heading, a section's lead text,
   the closing, where the reader does not make units of them) maps to nothing.
2. **Gold links** are the pairs (unit of the old quote, unit of a successor quote),
   deduplicated: two labelled units inside one unit of the document count once.
   A gold link with an end that maps to nothing can never be found; it counts
   against recall (``unreachable`` says how many).
3. A predicted link (a change's link or a partial link; sub-item links are lifted to
   their top-level items) is a **true positive** when it is a gold link. Otherwise it is
   **unjudged** when the labels say nothing about it — its old unit holds no labelled
   quote, or its new unit is neither a listed successor nor listed as continuing nothing
   (salutations, page furniture), or its old unit's label reached the cap of three
   successors (the labeller may have had to leave true successors out) and the new unit
   is not one the labeller said continues nothing. Every other predicted link is a
   **false positive**.
4. ``precision = tp / (tp + fp)``, ``recall = tp / gold``.  Totals add the counts of
   the pairs (micro-average).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import PREAMBLE_PATH, Document
from ..patterns import fold

__all__ = ["LinkLabels", "LinkScore", "load_labels", "label_files", "locate", "unit_links",
           "score_links", "judge", "evaluate", "find_corpora",
           "total", "CAP"]

#: The most successors a labeller could list for one unit.
CAP = 3

_RE_NONWORD = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return _RE_NONWORD.sub("", fold(text))


@dataclass(frozen=True)
class LabelledUnit:
    quote: str
    role: str
    relation: str
    successors: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class LinkLabels:
    """One labelled pair: the two documents (paths under the corpora folder) and the units."""

    name: str
    old: str
    new: str
    units: tuple[LabelledUnit, ...]
    new_without_predecessor: tuple[str, ...] = ()
    gap_years: int | None = None

    @property
    def group(self) -> str:
        """``national``, ``provincial`` or ``law``: where the pair's totals are added."""
        if self.old.startswith("national-"):
            return "national"
        if self.old.startswith("law-"):
            return "law"
        return "provincial"


def load_labels(path: str | Path) -> LinkLabels:
    """Read one label file (see the module docstring for its keys)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        units = tuple(LabelledUnit(u["old_quote"], u.get("role", ""), u["relation"],
                                   tuple(u.get("new_quotes", ())), u.get("reason", ""))
                      for u in data["units"])
        return LinkLabels(path.stem, data["old"], data["new"], units,
                          tuple(data.get("new_units_without_predecessor", ())),
                          data.get("gap_years"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"bad link labels {path}: {exc}") from exc


def _regions(doc: Document) -> list[tuple[str | None, str]]:
    """(unit path or None, text) in reading order: the units and the text between them."""
    out: list[tuple[str | None, str]] = [(PREAMBLE_PATH, doc.preamble)]

    def walk(section) -> None:
        out.append((None, section.title))
        out.append((None, section.text))
        for item in section.items:
            out.append((item.path, (item.number or "") + item.text))
        for sub in section.sections:
            walk(sub)

    for section in doc.sections:
        walk(section)
    out.append((None, doc.closing))
    return out


class _Locator:
    """Finds the unit holding a quote: one folded string of the document with spans."""

    def __init__(self, doc: Document):
        parts, spans, pos = [], [], 0
        for path, text in _regions(doc):
            k = _key(text)
            parts.append(k)
            spans.append((pos, pos + len(k), path))
            pos += len(k)
        self.text = "".join(parts)
        self.spans = spans

    def __call__(self, quote: str) -> str | None:
        q = _key(quote)
        if not q:
            return None
        best: tuple[int, int, str | None] | None = None
        start = self.text.find(q)
        while start >= 0:
            end = start + len(q)
            # the region holding most of this occurrence
            overlap = max(((min(e, end) - max(s, start), path) for s, e, path in self.spans
                           if s < end and e > start), key=lambda t: (t[0], t[1] is not None))
            # prefer an occurrence inside a unit over one in a heading or lead text
            rank = (overlap[1] is not None, overlap[0])
            if best is None or rank > best[:2]:
                best = (*rank, overlap[1])  # type: ignore[assignment]
            start = self.text.find(q, start + 1)
        return best[2] if best else None


def locate(doc: Document, quote: str) -> str | None:
    """The path of the unit of ``doc`` holding ``quote`` (None when no unit does)."""
    return _Locator(doc)(quote)


def _top_level(doc: Document) -> dict[str, str]:
    """Every item path (sub-items too) → the path of its top-level item."""
    out = {PREAMBLE_PATH: PREAMBLE_PATH}
    for item in doc.iter_items():
        for sub in item.iter_items():
            out[sub.path] = item.path
    return out


def unit_links(cmp) -> set[tuple[str, str]]:
    """The predicted links of a :class:`~policytext.compare.align.Comparison` between
    top-level units: the links of its changes (the preamble's included) and its partial
    links (part of an item carried on in another change's item: the tool says so in every
    output, so they are scored like any link); sub-item links lifted, deduplicated."""
    up_old, up_new = _top_level(cmp.old), _top_level(cmp.new)
    pairs = [(o, n) for ch in cmp.every_change for o in ch.old for n in ch.new]
    pairs += [(lk.old, lk.new) for lk in cmp.partial_links]
    return {(up_old.get(o, o), up_new.get(n, n)) for o, n in pairs}


@dataclass(frozen=True)
class LinkScore:
    """Counts of one pair (or a total) and the links behind them."""

    name: str
    tp: int
    fp: int
    gold: int
    unjudged: int = 0
    unreachable: int = 0
    false_positives: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    missed: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    def line(self) -> str:
        return (f"{self.name:28} P {self.precision:.3f}  R {self.recall:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, gold {self.gold}, unjudged {self.unjudged}, "
                f"unreachable {self.unreachable})")


@dataclass(frozen=True)
class Judge:
    """The gold links of one pair mapped onto two documents' units, and how to judge
    a predicted link (see the module docstring)."""

    gold: frozenset[tuple[str, str]]
    labelled_old: frozenset[str]
    capped_old: frozenset[str]
    listed_new: frozenset[str]
    orphan_new: frozenset[str]
    unreachable: int

    def verdict(self, link: tuple[str, str]) -> str:
        """``tp``, ``fp`` or ``unjudged``."""
        o, n = link
        if link in self.gold:
            return "tp"
        if o not in self.labelled_old or (n not in self.listed_new and n not in self.orphan_new):
            return "unjudged"
        if o in self.capped_old and n not in self.orphan_new:
            return "unjudged"
        return "fp"


def judge(labels: LinkLabels, old: Document, new: Document) -> Judge:
    """Map the labels' quotes onto ``old`` and ``new``."""
    find_old, find_new = _Locator(old), _Locator(new)
    gold: set[tuple[str, str]] = set()
    labelled, capped, listed = set(), set(), set()
    unreachable = 0
    for unit in labels.units:
        o = find_old(unit.quote)
        if o is not None:
            labelled.add(o)
            if len(unit.successors) >= CAP:
                capped.add(o)
        for quote in unit.successors:
            n = find_new(quote)
            if n is not None:
                listed.add(n)
            if o is None or n is None:
                unreachable += 1
                gold.add((o or f"?{unit.quote}", n or f"?{quote}"))
            else:
                gold.add((o, n))
    orphans = {find_new(q) for q in labels.new_without_predecessor} - {None}
    return Judge(frozenset(gold), frozenset(labelled), frozenset(capped), frozenset(listed),
                 frozenset(orphans), unreachable)  # type: ignore[arg-type]


def score_links(labels: LinkLabels, predicted: Iterable[tuple[str, str]], old: Document,
                new: Document, *, name: str | None = None,
                leave_out: Callable[[str, str], bool] | None = None) -> LinkScore:
    """Precision and recall of ``predicted`` (old unit, new unit) links against ``labels``.

    ``leave_out(old path, new path)`` names links scored neither way: taken out of the
    gold links and out of the predicted ones (a kind of link the labellers disagree on).
    """
    j = judge(labels, old, new)
    gold = set(j.gold)
    predicted = set(predicted)
    if leave_out is not None:
        gold = {g for g in gold if not leave_out(*g)}
        predicted = {p for p in predicted if not leave_out(*p)}
    verdicts = {link: j.verdict(link) for link in predicted}
    tp = sum(1 for v in verdicts.values() if v == "tp")
    fps = tuple(sorted(link for link, v in verdicts.items() if v == "fp"))
    return LinkScore(name or labels.name, tp, len(fps), len(gold),
                     sum(1 for v in verdicts.values() if v == "unjudged"),
                     sum(1 for o, n in gold if o.startswith("?") or n.startswith("?")),
                     fps, tuple(sorted(gold - predicted)))


def total(name: str, scores: Sequence[LinkScore]) -> LinkScore:
    """The micro-average of several pairs: their counts added."""
    return LinkScore(name, sum(s.tp for s in scores), sum(s.fp for s in scores),
                     sum(s.gold for s in scores), sum(s.unjudged for s in scores),
                     sum(s.unreachable for s in scores))


def find_corpora(start: str | Path) -> Path | None:
    """The shared real documents the labels name: ``$POLICYTEXT_SHARED/corpora``, else
    ``shared/corpora`` in a folder above ``start`` (None when there is none)."""
    import os

    env = os.environ.get("POLICYTEXT_SHARED")
    if env:
        return Path(env) / "corpora"
    for parent in Path(start).resolve().parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared" / "corpora"
    return None


def label_files(folder: str | Path) -> list[Path]:
    """The label files of a folder, in name order."""
    return sorted(Path(folder).glob("*.json"))


def evaluate(folder: str | Path, corpora: str | Path, *, read=None,
             compare_kw: Mapping[str, Any] | None = None,
             leave_out_roles: tuple[str, str] | None = None) -> dict[str, list[LinkScore]]:
    """Score :func:`~policytext.compare.compare` on every labelled pair of ``folder``.

    Returns ``{"pairs": [...], "totals": [national, provincial, law (those present)]}``.
    ``read`` reads a path into a Document (default :func:`policytext.read`).
    ``leave_out_roles`` (old role, new role), e.g. ``("review", "review5")``: links from
    a unit of the one role to a unit of the other are scored neither way (the labels of
    last year's review → the five years' review disagree between pairs: some call them
    continuations, some call the five-year review new; the README's alignment section).
    """
    from .align import compare

    if read is None:
        from ..pipeline import read
    scores, groups = [], {}
    for path in label_files(folder):
        labels = load_labels(path)
        old, new = read(Path(corpora) / labels.old), read(Path(corpora) / labels.new)
        cmp = compare(old, new, **dict(compare_kw or {}))
        leave_out = None
        if leave_out_roles is not None:
            ro, rn = dict(cmp.roles[0]), dict(cmp.roles[1])

            def leave_out(o: str, n: str, ro=ro, rn=rn) -> bool:
                return (ro.get(o), rn.get(n)) == leave_out_roles

        s = score_links(labels, unit_links(cmp), old, new, leave_out=leave_out)
        scores.append(s)
        groups.setdefault(labels.group, []).append(s)
    return {"pairs": scores, "totals": [total(g, groups[g]) for g in
                                        ("national", "provincial", "law") if g in groups]}
