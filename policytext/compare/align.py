"""Alignment: which item of one year became which item of the next.

Items are compared on folded text (:func:`policytext.clean.fold`) without their
numbers, so renumbering is invisible; the original text is what the diff shows.
Similarity is the mean of two TF-IDF cosines fitted on both documents' items:
one over jieba words (the project's :func:`policytext.text.tokenizer`), one over character
2–3-grams (robust to segmentation and small rewordings).  Where two items' titles agree
more than their bodies (a report's long item rewritten under a similar title), the
mean of body and title similarity counts instead.

1. An optimal one-to-one assignment (``scipy.optimize.linear_sum_assignment``)
   links items whose similarity reaches ``threshold``; a tiny position prior only
   breaks ties between identical texts (e.g. repeated boilerplate articles).
2. A new item left over whose character trigrams are mostly contained in one old
   item, and that covers a part of it its partner does not, makes a **split**
   (one old item → several new ones); the mirror image makes a **merge**.
3. A third decision, fitted on the labelled pairs too, adds a linked item's further
   successors (predecessors): a candidate that carries on what the item's links so far
   leave uncovered — sentences its partners match less well, rarer words they lack —
   joins a one-to-one change as a split (a merge), or becomes a partial link between
   two changes.
4. Sections are mapped one-to-one by the links between their items and by their
   titles, so a renumbered or retitled section still corresponds (a section left
   over after merging or splitting sections corresponds to where most of its items
   went); a linked item whose sections do not correspond is **moved** (possibly
   also modified).

Types: ``unchanged`` (same folded text, perhaps renumbered), ``modified``,
``moved``, ``split``, ``merged``, ``added``, ``removed``.  Every change carries a
similarity (1.0 for identical text; 0.0 for added/removed) and a word-level
inline diff at jieba word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import PREAMBLE_PATH, Document, Item
from ..patterns import fold

__all__ = [
    "CHANGE_TYPES",
    "Change",
    "Comparison",
    "Link",
    "compare",
    "similarity_matrix",
    "word_diff",
]

CHANGE_TYPES = ("unchanged", "modified", "moved", "split", "merged", "added", "removed")

_RE_NONWORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Change:
    """One aligned unit: ``old`` and ``new`` are item paths (``二/6``) in document order.

    ``inline`` is the word-level diff as ``(op, text)`` pairs, op one of
    ``equal``, ``delete``, ``insert``; joined, the ``equal``+``delete`` texts give
    the old text and the ``equal``+``insert`` texts the new (parts joined by a newline
    for splits and merges).  ``similarity`` is the texts' similarity (1.0 for the same
    folded text); ``confidence`` the link model's probability of the change's weakest
    link (None for added and removed items).
    """

    type: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    similarity: float
    inline: tuple[tuple[str, str], ...] = ()
    confidence: float | None = None
    #: Said of an unchanged item whose text differs only in formatting (全角/半角, 〇/○,
    #: 、/，): ``formatting only: …``; else empty.
    note: str = ""
    #: The sub-items' changes, aligned under this change's items (a law article's 款/项,
    #: a report item's numbered points).
    parts: tuple[Change, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "old": list(self.old), "new": list(self.new),
                "similarity": round(self.similarity, 4), "confidence": self.confidence,
                "note": self.note, "inline": [list(op) for op in self.inline],
                "parts": [p.to_dict() for p in self.parts]}


@dataclass(frozen=True)
class Link:
    """A link between two items that are in different changes (``partial``): part of the
    old item went into the new one besides the change each is in."""

    old: str
    new: str
    similarity: float
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "similarity": self.similarity,
                "confidence": self.confidence}


def _doc_meta(doc: Document) -> dict[str, Any]:
    return {"source": doc.source, "title": doc.title, "year": doc.year, "issuer": doc.issuer,
            "doc_number": doc.doc_number, "signed_date": doc.signed_date,
            "sha256": doc.sha256, "items": len(doc.items),
            "synthetic": bool(doc.meta.get("synthetic", False))}


@dataclass(frozen=True)
class Comparison:
    """The alignment of two documents: ``changes`` in reading order of the new document
    (removed items at the place they held in the old one)."""

    old: Document
    new: Document
    changes: tuple[Change, ...]
    section_map: tuple[tuple[str, str], ...] = field(default=())
    #: The opening paragraph before the first heading (a work plan's 总体要求) compared
    #: as one more unit with path ``preamble``; not counted in ``summary`` (which is
    #: about items).  ``None`` when neither document has one.
    preamble: Change | None = None
    #: Links between items of different changes (a many-to-many regrouping).
    partial_links: tuple[Link, ...] = ()
    #: Years between the two documents: 1 for consecutive years, more for a gap,
    #: None when a year is unknown.
    gap_years: int | None = None
    #: (path, role) of the old and the new document's items (:mod:`.roles`).
    roles: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = ((), ())

    @property
    def is_gap(self) -> bool:
        """Whether the two are not consecutive years (a gap of more than one year)."""
        return bool(self.gap_years and self.gap_years > 1)

    @property
    def summary(self) -> dict[str, int]:
        """How many changes of each type (every type present, zeros included)."""
        counts = dict.fromkeys(CHANGE_TYPES, 0)
        for ch in self.changes:
            counts[ch.type] += 1
        return counts

    @property
    def every_change(self) -> tuple[Change, ...]:
        """The preamble's change (when there is one), then the items' changes."""
        return ((self.preamble,) if self.preamble else ()) + self.changes

    @property
    def links(self) -> list[tuple[str, str, str]]:
        """(old path, new path, type) for every old→new link (splits/merges fan out;
        links between changes have type ``partial``)."""
        return ([(o, n, ch.type) for ch in self.changes for o in ch.old for n in ch.new]
                + [(lk.old, lk.new, "partial") for lk in self.partial_links])

    def to_dict(self) -> dict[str, Any]:
        return {"old": _doc_meta(self.old), "new": _doc_meta(self.new),
                "gap_years": self.gap_years, "gap": self.is_gap,
                "summary": self.summary,
                "sections": [list(p) for p in self.section_map],
                "preamble": self.preamble.to_dict() if self.preamble else None,
                "changes": [c.to_dict() for c in self.changes],
                "partial_links": [lk.to_dict() for lk in self.partial_links]}

    def to_frame(self):
        """One row per change (pandas imported here)."""
        import pandas as pd

        return pd.DataFrame([{"type": c.type, "old": " + ".join(c.old), "new": " + ".join(c.new),
                              "similarity": c.similarity, "confidence": c.confidence,
                              "gap_years": self.gap_years} for c in self.changes])


# ---------------------------------------------------------------------------
# Similarity

# 〇 (U+3007, the numeral zero of 二〇二五) is typed as ○ or ◯ (circles) in many copies
_ZERO = str.maketrans({"○": "〇", "◯": "〇"})


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    """The matching key of an item: folded (full/half width alike), 〇/○ alike, without
    punctuation or spaces — what stays when only formatting differs."""
    return _RE_NONWORD.sub("", fold(text).translate(_ZERO))


def formatting_note(old: str, new: str) -> str:
    """What differs between two texts with the same key: ``formatting only: full/half
    width, 〇/○, punctuation (、/，), spacing`` (empty when the texts are the same)."""
    import unicodedata

    if old == new:
        return ""

    def nfkc(x: str) -> str:
        return unicodedata.normalize("NFKC", x)

    def words(x: str) -> str:
        return _RE_NONWORD.sub("", x)

    def marks(x: str) -> list[str]:
        return [c for c in x if _RE_NONWORD.fullmatch(c) and not c.isspace()]

    a, b = old.translate(_ZERO), new.translate(_ZERO)
    kinds = []
    if words(a) != words(b):
        kinds.append("full/half width")
    if words(nfkc(old)) != words(nfkc(new)):
        kinds.append("〇/○")
    if marks(nfkc(a)) != marks(nfkc(b)):
        kinds.append("punctuation (、/，)")
    if [c for c in old if c.isspace()] != [c for c in new if c.isspace()]:
        kinds.append("spacing")
    return "formatting only: " + ", ".join(kinds or ["characters written alike"])


def _identity(tokens):  # module-level so a fitted vectorizer pickles
    return tokens


def _cosine_blocks(old_feats: Sequence[Sequence[str]], new_feats: Sequence[Sequence[str]]):
    """Cosine of every old row to every new one: TF-IDF (sublinear tf, smoothed idf, l2
    rows; scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``) over the features of
    both sides, fit on them together.

    Written out in numpy and scipy because a corpus aligns hundreds of section blocks:
    the vectorizer's general machinery (sorting and pruning a vocabulary per block, its
    import) was most of the alignment's time.
    """
    from collections import Counter

    import numpy as np
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    for r, feats in enumerate([*old_feats, *new_feats]):
        for f, c in Counter(feats).items():
            rows.append(r)
            cols.append(vocab.setdefault(f, len(vocab)))
            counts.append(c)
    n_old, n = len(old_feats), len(old_feats) + len(new_feats)
    if not vocab:  # nothing to compare
        return np.zeros((n_old, n - n_old))
    col = np.asarray(cols)
    df = np.bincount(col, minlength=len(vocab)).astype(np.float64)
    idf = np.log((n + 1) / (df + 1.0)) + 1.0
    data = (np.log(np.asarray(counts, dtype=np.float64)) + 1.0) * idf[col]
    row = np.asarray(rows)
    norms = np.sqrt(np.bincount(row, weights=data * data, minlength=n))
    data /= norms[row]  # a row with features has a norm above 0
    m = sparse.csr_matrix((data, (row, col)), shape=(n, len(vocab)))
    return (m[:n_old] @ m[n_old:].T).toarray()


_RE_SPACES = re.compile(r"\s\s+")


def _char_grams(key: str) -> list[str]:
    """Character 2- and 3-grams of a key, runs of white space as one (as scikit-learn's
    ``analyzer="char"`` cuts them)."""
    key = _RE_SPACES.sub(" ", key.lower())
    return [key[i: i + n] for n in (2, 3) for i in range(len(key) - n + 1)]


def similarity_matrix(old_texts: Sequence[str], new_texts: Sequence[str]):
    """Similarity of every old text to every new one (numpy array, values in [0, 1]).

    Mean of TF-IDF cosines over jieba words and over character 2–3-grams of folded
    text; identical folded texts score exactly 1.
    """
    import numpy as np

    if not old_texts or not new_texts:
        return np.zeros((len(old_texts), len(new_texts)))
    old_keys = [_key(t) for t in old_texts]
    new_keys = [_key(t) for t in new_texts]
    words = _cosine_blocks([_features(t) for t in old_texts], [_features(t) for t in new_texts])
    chars = _cosine_blocks([_char_grams(k) for k in old_keys], [_char_grams(k) for k in new_keys])
    sim = np.clip((words + chars) / 2.0, 0.0, 1.0)
    for i, ok in enumerate(old_keys):
        for j, nk in enumerate(new_keys):
            if ok == nk and ok:
                sim[i, j] = 1.0
    return sim


def _grams(key: str, n: int = 3) -> set[str]:
    if len(key) < n:
        return {key} if key else set()
    return {key[i: i + n] for i in range(len(key) - n + 1)}


# ---------------------------------------------------------------------------
# Inline word diff

_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_RE_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff＋+]")


@lru_cache(maxsize=8192)
def _words_cached(text: str) -> tuple[str, ...]:
    from ..text import cut

    out, pos = [], 0
    # segment the half-width text (２０２５ → 2025), slice the original, one char for one
    for w in cut(text.translate(_HALFWIDTH)):
        out.append(text[pos: pos + len(w)])
        pos += len(w)
    return tuple(out)


def _words(text: str) -> list[str]:
    """jieba words of the original text, punctuation and spaces kept (they join back).

    Cached by text: in a corpus every document is compared twice (as old and new).
    """
    return list(_words_cached(text))


#: ``fold`` of one word, kept: a corpus's items share most of their words, and each item
#: is compared as the old and as the new side.
_fold_word = lru_cache(maxsize=1 << 16)(fold)


def _features(text: str) -> list[str]:
    """Folded words without punctuation: the word features of similarity."""
    return [_fold_word(w) for w in _words_cached(text) if _RE_WORDLIKE.search(w)]


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """A word-level diff of two texts at jieba word boundaries.

    Words are matched on their folded form and shown as written.  Short runs of
    equal text (a word of one or two characters) between two edits are folded
    into the edits, so the result reads as whole phrases replaced, not
    scattered characters.
    """
    import difflib

    if old == new:
        return (("equal", old),) if old else ()
    a, b = _words(old), _words(new)
    sm = difflib.SequenceMatcher(None, [_fold_word(w) for w in a], [_fold_word(w) for w in b],
                                 autojunk=False)
    # segments: (op, old_text, new_text)
    segs: list[list[str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            segs.append([tag, "".join(a[i1:i2]), "".join(b[j1:j2])])
            continue
        # equal once folded; runs of words written differently (：/:) become edits
        for k in range(i2 - i1):
            wa, wb = a[i1 + k], b[j1 + k]
            kind = "equal" if wa == wb else "replace"
            if segs and segs[-1][0] == kind:
                segs[-1][1] += wa
                segs[-1][2] += wb
            else:
                segs.append([kind, wa, wb])
    # fold short equal islands between edits into the edits around them
    changed = True
    while changed:
        changed = False
        for k in range(1, len(segs) - 1):
            tag, ot, _ = segs[k]
            if (tag == "equal" and len(_key(ot)) <= 2 and segs[k - 1][0] != "equal"
                    and segs[k + 1][0] != "equal"):
                left, right = segs[k - 1], segs[k + 1]
                merged = ["replace", left[1] + ot + right[1], left[2] + ot + right[2]]
                segs[k - 1: k + 2] = [merged]
                changed = True
                break
    out: list[tuple[str, str]] = []

    def emit(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, ot, nt in segs:
        if tag == "equal":
            emit("equal", ot)
        else:
            # keep deletions before insertions inside a run of edits
            if out and out[-1][0] == "insert" and ot:
                ins = out.pop()
                emit("delete", ot)
                out.append(ins)
                emit("insert", nt)
            else:
                emit("delete", ot)
                emit("insert", nt)
    return tuple(out)


# ---------------------------------------------------------------------------
# Alignment

@dataclass(frozen=True)
class _Unit:
    path: str
    section: str
    section_title: str
    text: str
    index: int
    title: str = ""
    role: str = ""
    children: tuple[Item, ...] = ()
    kind: str = ""  # the item's numbering style (``article`` for a law's 第X条)


def _child_units(items: Sequence[Item]) -> list[_Unit]:
    return [_Unit(it.path, "", "", it.text, k, it.title, "", it.children, it.kind)
            for k, it in enumerate(items)]


def _units(doc: Document) -> list[_Unit]:
    from .roles import unit_roles

    roles = unit_roles(doc)
    units = []
    for section in doc.iter_sections():
        for item in section.items:
            units.append(_Unit(item.path, section.path, section.title, item.text, len(units),
                               item.title, roles.get(item.path, ""), item.children, item.kind))
    if not units:  # a document with no sections: fall back to its items
        for item in doc.items:
            units.append(_Unit(item.path, "", "", item.text, len(units), item.title, "",
                               item.children, item.kind))
    return units


def _load(doc: Document | str | Path) -> Document:
    if isinstance(doc, Document):
        return doc
    if isinstance(doc, (str, Path)):
        from ..pipeline import read

        return read(doc)
    raise TypeError(f"compare() takes Documents or paths, not {type(doc).__name__}")


def pair_features(ou: Sequence[_Unit], nu: Sequence[_Unit]):
    """(similarity, features) of every old unit × new unit: the text similarity lifted by
    agreeing titles, and the link model's features (:func:`.linking.link_features`)."""
    import numpy as np

    from .linking import FEATURES, link_features

    if not ou or not nu:
        return np.zeros((len(ou), len(nu))), np.zeros((len(ou), len(nu), len(FEATURES)))
    sim = similarity_matrix([u.text for u in ou], [u.text for u in nu])
    feats = link_features(_link_units(ou), _link_units(nu), sim=sim)
    titles = feats[:, :, 1]
    return np.maximum(sim, (sim + titles) / 2.0), feats


def _apply_overrides(prob, ou: Sequence[_Unit], nu: Sequence[_Unit],
                     overrides: Sequence[tuple[str | None, str | None]]) -> set[tuple[int, int]]:
    """Links fixed by hand: a listed old item links to exactly its listed new items (none
    for ``(old, None)``) and a listed new item comes from exactly its listed old items."""
    oi = {u.path: k for k, u in enumerate(ou)}
    ni = {u.path: k for k, u in enumerate(nu)}
    fixed_old: dict[int, set[int]] = {}
    fixed_new: dict[int, set[int]] = {}
    for o, n in overrides:
        if o is not None and o not in oi:
            raise InputError(f"link override names {o!r}, which the old document does not "
                             f"have (its items: {', '.join(list(oi)[:5])} …)")
        if n is not None and n not in ni:
            raise InputError(f"link override names {n!r}, which the new document does not "
                             f"have (its items: {', '.join(list(ni)[:5])} …)")
        if o is not None:
            fixed_old.setdefault(oi[o], set()).update({ni[n]} if n is not None else set())
        if n is not None:
            fixed_new.setdefault(ni[n], set()).update({oi[o]} if o is not None else set())
    for i, js in fixed_old.items():
        prob[i, :] = 0.0
        for j in js:
            prob[i, j] = 1.0
    for j, is_ in fixed_new.items():
        prob[:, j] = 0.0
        for i in is_:
            prob[i, j] = 1.0
    return ({(i, j) for i, js in fixed_old.items() for j in js}, set(fixed_old),
            set(fixed_new))


def _extend(ext, prob, threshold: float, groups, cross, *, frozen_old=(), frozen_new=(),
            least: float = 0.5):
    """Further links of the third decision (``ext``: their probabilities), most probable
    first: a new item no change holds joins the change of its old item when that change
    has one old item (a split); an old item no change holds joins the change of its new
    item when that change has one new item (a merge); two items of other changes get a
    partial link; two items no change holds stay apart (whether they continue each other
    at all is the first decision's).  Pairs the link
    decision already judged (``prob`` at ``threshold`` or above) and items fixed by hand
    are left as they are; ``least`` is the least probability of a further link."""
    import numpy as np

    groups = [(list(o), list(nw)) for o, nw in groups]
    of_old = {i: g for g, (o, _) in enumerate(groups) for i in o}
    of_new = {j: g for g, (_, nw) in enumerate(groups) for j in nw}
    cross = list(cross)
    done = set(cross)
    rows, cols = np.nonzero((ext >= least) & (prob < threshold))
    for _, i, j in sorted(((-float(ext[i, j]), int(i), int(j))
                           for i, j in zip(rows, cols, strict=True))):
        if i in frozen_old or j in frozen_new or (i, j) in done:
            continue
        gi, gj = of_old.get(i), of_new.get(j)
        if gi is None and gj is None:  # not a further link of either: the first decision's
            continue
        if gj is None:
            if len(groups[gi][0]) > 1:
                continue
            groups[gi][1].append(j)
            of_new[j] = gi
        elif gi is None:
            if len(groups[gj][1]) > 1:
                continue
            groups[gj][0].append(i)
            of_old[i] = gj
        elif gi != gj:
            cross.append((i, j))
        done.add((i, j))
    return [(sorted(o), sorted(nw)) for o, nw in groups], cross


def _link_units(units: Sequence[_Unit]):
    from .linking import LinkUnit

    return [LinkUnit(u.path, u.text, u.title, u.role, u.index, u.section_title, u.kind)
            for u in units]


def extension_inputs(ou: Sequence[_Unit], nu: Sequence[_Unit], feats, prob, groups, cross):
    """The third decision's features of every pair, given the links made so far."""
    from .linking import extend_features

    links = {(i, j) for o, nw in groups for i in o for j in nw} | set(cross)
    return extend_features(_link_units(ou), _link_units(nu), feats, prob, links)


def _decode(prob, threshold: float, ou: Sequence[_Unit], nu: Sequence[_Unit]):
    """Changes (as [old indices, new indices]) and cross links from the link probabilities.

    Links are taken most probable first (ties: the closer in position).  A link joins
    its ends into one change while the change stays one-to-one, one-to-many (a split)
    or many-to-one (a merge); a link between two changes is a cross link (part of one
    item went into another change's item).  An item whose only links lead into a
    split (or merge) of others takes its most probable partner out of that group, so
    that every linked item is in a change of its own.
    """
    import numpy as np

    m, n = prob.shape
    pos_o = np.array([u.index for u in ou], dtype=float) / max(m - 1, 1)
    pos_n = np.array([u.index for u in nu], dtype=float) / max(n - 1, 1)
    rows, cols = np.nonzero(prob >= threshold)
    cand = sorted(((float(prob[i, j]), int(i), int(j)) for i, j in zip(rows, cols, strict=True)),
                  key=lambda t: (-t[0], abs(pos_o[t[1]] - pos_n[t[2]]), t[1], t[2]))
    groups: list[tuple[list[int], list[int]]] = []
    of_old: dict[int, int] = {}
    of_new: dict[int, int] = {}
    pending: list[tuple[int, int]] = []
    cross: list[tuple[int, int]] = []
    for _, i, j in cand:
        gi, gj = of_old.get(i), of_new.get(j)
        if gi is None and gj is None:
            of_old[i] = of_new[j] = len(groups)
            groups.append(([i], [j]))
        elif gj is None:
            if len(groups[gi][0]) == 1:
                groups[gi][1].append(j)
                of_new[j] = gi
            else:
                pending.append((i, j))
        elif gi is None:
            if len(groups[gj][1]) == 1:
                groups[gj][0].append(i)
                of_old[i] = gj
            else:
                pending.append((i, j))
        elif gi != gj:
            cross.append((i, j))
    for i, j in pending:
        gi, gj = of_old.get(i), of_new.get(j)
        if gi is not None and gj is not None:
            if gi != gj:
                cross.append((i, j))
            continue
        if gi is None:  # j sits in a split of another old item: take it out
            olds, news = groups[gj]
            news.remove(j)
            cross.append((olds[0], j))
        else:           # i sits in a merge into another new item
            olds, news = groups[gi]
            olds.remove(i)
            cross.append((i, news[0]))
        of_old[i] = of_new[j] = len(groups)
        groups.append(([i], [j]))
    # cross links whose ends ended up in one change are links of that change
    cross = [(i, j) for i, j in dict.fromkeys(cross) if of_old[i] != of_new[j]]
    return [(sorted(o), sorted(nw)) for o, nw in groups if o and nw], cross


def decide(ou: Sequence[_Unit], nu: Sequence[_Unit], feats, prob, *, model, threshold: float,
           fixed=(set(), set(), set()), extend: bool = True):
    """The changes (as [old indices, new indices]) and partial links of two lists of
    units from their link probabilities: the one-to-one, split and merged links
    (:func:`_decode`), the second decision on links between other changes, then the third
    on further successors and predecessors (``extend``; when the model has one)."""
    import numpy as np

    links, frozen_old, frozen_new = fixed
    groups, cross = _decode(prob, threshold, ou, nu)
    if cross:  # the second decision, on links between items of other changes
        keep = model.predict_cross_proba(np.array([feats[i, j] for i, j in cross]))
        # a pair each of whose units is the other's most probable partner stays linked:
        # it becomes partial only when its old unit is taken out of a merge (or its new
        # unit out of a split) for a weaker partner of its own (_decode)
        best = _mutual_best(prob, threshold)
        cross = [c for c, k in zip(cross, keep, strict=True)
                 if k >= 0.5 or c in links or c in best]
    if extend and getattr(model, "extend_coef_", None) is not None and prob.size:
        inputs = extension_inputs(ou, nu, feats, prob, groups, cross)
        groups, cross = _extend(model.predict_extend_proba(inputs), prob, threshold, groups,
                                cross, frozen_old=frozen_old, frozen_new=frozen_new)
        if getattr(model, "free_coef_", None) is not None:
            # the features of a pair of units linked to nothing do not depend on the
            # links made so far (they have no partners), so the inputs above serve
            # a glossary entry (annex) carries on only as the same term, which the
            # first decision finds by its words: two leftover entries are two terms
            groups = _pair_free(model.predict_free_proba(inputs), groups, cross,
                                frozen_old={*frozen_old, *_annex(ou)},
                                frozen_new={*frozen_new, *_annex(nu)})
        if getattr(model, "review5_", None) is not None:  # the fifth: .review5
            from .review5 import add_links

            groups, cross = add_links(ou, nu, feats, prob, groups, cross, decision=model.review5_,
                                      frozen_old=frozen_old, frozen_new=frozen_new)
    return groups, cross


def _mutual_best(prob, threshold: float) -> set[tuple[int, int]]:
    """The (old, new) pairs at ``threshold`` or above that are each other's most
    probable partner (the first of ties)."""
    if not prob.size:
        return set()
    best_row, best_col = prob.argmax(1), prob.argmax(0)
    return {(int(i), int(j)) for i, j in enumerate(best_row)
            if prob[i, j] >= threshold and best_col[j] == i}


def _annex(units: Sequence[_Unit]) -> set[int]:
    return {k for k, u in enumerate(units) if u.role == "annex"}


def free_pairs(m: int, n: int, groups, cross):
    """The (old, new) index pairs of units that no change or partial link holds."""
    import numpy as np

    old_free = np.ones(m, dtype=bool)
    new_free = np.ones(n, dtype=bool)
    for o, nw in groups:
        old_free[list(o)] = False
        new_free[list(nw)] = False
    for i, j in cross:
        old_free[i] = new_free[j] = False
    return old_free[:, None] & new_free[None, :]


def _pair_free(pfree, groups, cross, *, frozen_old=(), frozen_new=(), least: float = 0.5):
    """One-to-one links of the fourth decision (``pfree``: their probabilities) between
    units that no change or partial link holds: each such pair is taken only when each
    unit is the other's most probable free partner (so a removed task and an added one
    that merely share a topic with others are not paired off), most probable first."""
    import numpy as np

    mask = free_pairs(*pfree.shape, groups, cross)
    for i in frozen_old:
        mask[i, :] = False
    for j in frozen_new:
        mask[:, j] = False
    p = np.where(mask, pfree, -1.0)
    if not p.size:
        return groups
    best_row, best_col = p.argmax(1), p.argmax(0)
    groups = [(list(o), list(nw)) for o, nw in groups]
    for i, j in zip(*np.nonzero(p >= least), strict=True):
        if best_row[i] == j and best_col[j] == i:
            groups.append(([int(i)], [int(j)]))
    return [(sorted(o), sorted(nw)) for o, nw in groups]


def _align(ou: Sequence[_Unit], nu: Sequence[_Unit], *, model, threshold: float,
           overrides: Sequence[tuple[str | None, str | None]] = (), sections=None,
           extend: bool = True):
    """Changes (in reading order of the new units), partial links and the section map of
    two lists of units; ``sections`` maps the links to corresponding sections (None:
    one section on either side, nothing can move).  Sub-items are aligned under every
    linked change whose items have them (without the third decision: a sub-item's
    regrouping is told by its parent)."""
    import numpy as np

    sim, feats = pair_features(ou, nu)
    prob = model.predict_proba(feats) if sim.size else np.zeros(sim.shape)
    fixed = _apply_overrides(prob, ou, nu, overrides) if overrides else (set(), set(), set())
    groups, cross = decide(ou, nu, feats, prob, model=model, threshold=threshold, fixed=fixed,
                           extend=extend)

    links = [(is_, js) for is_, js in groups]
    section_map = sections(links) if sections else set()
    changes: list[tuple[float, Change]] = []
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    for is_, js in links:
        seen_old.update(is_)
        seen_new.update(js)
        otext = "\n".join(ou[i].text for i in is_)
        ntext = "\n".join(nu[j].text for j in js)
        confidence = min(float(prob[i, j]) for i in is_ for j in js)
        if len(is_) == 1 and len(js) == 1:
            s = float(sim[is_[0], js[0]])
            same_section = (sections is None
                            or (ou[is_[0]].section, nu[js[0]].section) in section_map)
            if _key(otext) == _key(ntext):
                kind = "unchanged" if same_section else "moved"
                s = 1.0
            else:
                kind = "modified" if same_section else "moved"
        else:
            kind = "split" if len(js) > 1 else "merged"
            s = float(similarity_matrix([otext], [ntext])[0, 0])
        note = formatting_note(otext, ntext) if s == 1.0 and len(is_) == len(js) == 1 else ""
        parts = _align_parts([c for i in is_ for c in ou[i].children],
                             [c for j in js for c in nu[j].children], model=model,
                             threshold=threshold)
        ch = Change(kind, tuple(ou[i].path for i in is_), tuple(nu[j].path for j in js),
                    round(s, 4), word_diff(otext, ntext), round(confidence, 4), note, parts)
        changes.append((min(js) + 0.0, ch))
    for j, u in enumerate(nu):
        if j not in seen_new:
            changes.append((j + 0.0, Change("added", (), (u.path,), 0.0,
                                            (("insert", u.text),) if u.text else ())))
    # removed items go after the new item that follows their old predecessor's partner
    new_of_old = {}
    for is_, js in links:
        for i in is_:
            new_of_old[i] = min(js)
    for i, u in enumerate(ou):
        if i in seen_old:
            continue
        prev = max((new_of_old[k] for k in range(i) if k in new_of_old), default=-1)
        changes.append((prev + 0.5 + i * 1e-6, Change("removed", (u.path,), (), 0.0,
                                                      (("delete", u.text),) if u.text else ())))
    changes.sort(key=lambda t: t[0])
    partial = tuple(Link(ou[i].path, nu[j].path, round(float(sim[i, j]), 4),
                         round(float(prob[i, j]), 4)) for i, j in sorted(cross))
    return tuple(c for _, c in changes), partial, section_map


def _align_parts(old: Sequence[Item], new: Sequence[Item], *, model,
                 threshold: float) -> tuple[Change, ...]:
    """The changes of sub-items under one aligned change (their partial links dropped:
    a sub-item's regrouping is told by its parent)."""
    if not old and not new:
        return ()
    if [(c.path, _key(c.text)) for c in old] == [(c.path, _key(c.text)) for c in new]:
        # the same sub-items (the usual case of an unchanged article): no need to align
        return tuple(Change("unchanged", (a.path,), (b.path,), 1.0,
                            (("equal", a.text),) if a.text == b.text else word_diff(a.text, b.text),
                            1.0, formatting_note(a.text, b.text),
                            _align_parts(a.children, b.children, model=model,
                                         threshold=threshold))
                     for a, b in zip(old, new, strict=True))
    changes, _, _ = _align(_child_units(old), _child_units(new), model=model,
                           threshold=threshold, extend=False)
    return changes


def compare(old: Document | str | Path, new: Document | str | Path, *,
            threshold: float | None = None, model=None,
            overrides: Sequence[tuple[str | None, str | None]] | str | None = "auto",
            gap_years: int | None = None) -> Comparison:
    """Align the items of ``old`` with those of ``new`` and classify every change.

    Every pair of items gets a link probability from the link model
    (:mod:`policytext.compare.linking`, fitted on hand-labelled pairs); a link is made
    where it reaches ``threshold`` (default: the model's, 0.5 — for experts only).
    ``overrides`` are (old path, new path) links fixed by hand (None for "no
    successor" / "no predecessor"); ``"auto"`` reads them from a ``links.csv`` or
    ``links.toml`` next to the documents (:func:`policytext.compare.overrides.find_overrides`).
    ``gap_years`` says how many years lie between the two (1 for consecutive years;
    None: from the documents' years).  Documents may be given as paths.
    """

    from .linking import default_model

    old, new = _load(old), _load(new)
    model = model or default_model()
    if threshold is None:
        threshold = model.threshold
    if overrides == "auto":
        from .overrides import find_overrides

        overrides = find_overrides(old, new)
    ou, nu = _units(old), _units(new)
    model = model.for_units(ou, nu)  # a law's revision has a decision of its own
    changes, partial, section_map = _align(
        ou, nu, model=model, threshold=threshold, overrides=overrides or (),
        sections=lambda links: _map_sections(old, new, ou, nu, links))
    if gap_years is None:
        from ..corpus import gap_between

        gap_years = gap_between(old.year, new.year)
    return Comparison(old, new, changes,
                      tuple(sorted(section_map)), _compare_preambles(old, new),
                      partial_links=partial, gap_years=gap_years,
                      roles=(tuple((u.path, u.role) for u in ou),
                             tuple((u.path, u.role) for u in nu)))


def _compare_preambles(old: Document, new: Document) -> Change | None:
    """The two preambles as one change (they are each other's only candidate)."""
    a, b = (old.preamble or "").strip(), (new.preamble or "").strip()
    if not a and not b:
        return None
    if not a:
        return Change("added", (), (PREAMBLE_PATH,), 0.0, (("insert", b),))
    if not b:
        return Change("removed", (PREAMBLE_PATH,), (), 0.0, (("delete", a),))
    kind = "unchanged" if _key(a) == _key(b) else "modified"
    sim = 1.0 if kind == "unchanged" else float(similarity_matrix([a], [b])[0, 0])
    return Change(kind, (PREAMBLE_PATH,), (PREAMBLE_PATH,), round(sim, 4), word_diff(a, b),
                  None, formatting_note(a, b) if kind == "unchanged" else "")


def _title_sim(a: str, b: str) -> float:
    ga, gb = _grams(_key(a), 2), _grams(_key(b), 2)
    return len(ga & gb) / len(ga | gb) if ga | gb else 0.0


def _map_sections(old: Document, new: Document, ou: list[_Unit], nu: list[_Unit],
                  links: list[tuple[list[int], list[int]]]) -> set[tuple[str, str]]:
    """Corresponding (old section, new section) paths.

    One-to-one first, by shared items and titles (so renumbered, reordered and
    retitled sections still correspond); then a section left over on either side
    (two sections merged into one, one split in two) corresponds to the section
    most of its items went to or came from.  With one section on either side
    (a flat list) every pair corresponds: nothing can have moved.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    osecs = list(dict.fromkeys(u.section for u in ou))
    nsecs = list(dict.fromkeys(u.section for u in nu))
    if not osecs or not nsecs:
        return set()
    if len(osecs) == 1 or len(nsecs) == 1:
        return {(s, t) for s in osecs for t in nsecs}
    otitle = {u.section: u.section_title for u in ou}
    ntitle = {u.section: u.section_title for u in nu}
    osize = {s: sum(1 for u in ou if u.section == s) for s in osecs}
    counts = np.zeros((len(osecs), len(nsecs)))
    score = np.zeros((len(osecs), len(nsecs)))
    for is_, js in links:
        for i in is_:
            for j in js:
                a, b = osecs.index(ou[i].section), nsecs.index(nu[j].section)
                counts[a, b] += 1.0 / (len(is_) * len(js))
                score[a, b] += 1.0 / (len(is_) * len(js)) / osize[ou[i].section]
    for a, s in enumerate(osecs):
        for b, t in enumerate(nsecs):
            score[a, b] += 0.5 * _title_sim(otitle[s], ntitle[t])
    rows, cols = linear_sum_assignment(-score)
    pairs = {(a, b) for a, b in zip(rows, cols, strict=True) if score[a, b] > 0}
    mapped_old = {a for a, _ in pairs}
    mapped_new = {b for _, b in pairs}
    for a in range(len(osecs)):
        if a not in mapped_old and counts[a].max() > 0:
            pairs.add((a, int(counts[a].argmax())))
    for b in range(len(nsecs)):
        if b not in mapped_new and counts[:, b].max() > 0:
            pairs.add((int(counts[:, b].argmax()), b))
    return {(osecs[a], nsecs[b]) for a, b in pairs}


def item_text(doc: Document, path: str) -> str:
    """The text of the item at ``path`` (empty if the path is unknown)."""
    try:
        item: Item = doc.item(path)
    except KeyError:
        return ""
    return item.text
