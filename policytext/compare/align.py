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
3. Sections are mapped one-to-one by the links between their items and by their
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

from ..model import PREAMBLE_PATH, Document, Item
from ..patterns import fold

__all__ = [
    "CHANGE_TYPES",
    "Change",
    "Comparison",
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
    for splits and merges).
    """

    type: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    similarity: float
    inline: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "old": list(self.old), "new": list(self.new),
                "similarity": round(self.similarity, 4),
                "inline": [list(op) for op in self.inline]}


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
        """(old path, new path, type) for every old→new link (splits/merges fan out)."""
        return [(o, n, ch.type) for ch in self.changes for o in ch.old for n in ch.new]

    def to_dict(self) -> dict[str, Any]:
        return {"old": _doc_meta(self.old), "new": _doc_meta(self.new),
                "summary": self.summary,
                "sections": [list(p) for p in self.section_map],
                "preamble": self.preamble.to_dict() if self.preamble else None,
                "changes": [c.to_dict() for c in self.changes]}

    def to_frame(self):
        """One row per change (pandas imported here)."""
        import pandas as pd

        return pd.DataFrame([{"type": c.type, "old": " + ".join(c.old), "new": " + ".join(c.new),
                              "similarity": c.similarity} for c in self.changes])


# ---------------------------------------------------------------------------
# Similarity

def _key(text: str) -> str:
    """The matching key of an item: folded, without punctuation or spaces."""
    return _RE_NONWORD.sub("", fold(text))


def _identity(tokens):  # module-level so a fitted vectorizer pickles
    return tokens


def _cosine_blocks(old_docs: Sequence[Any], new_docs: Sequence[Any], **vec_kw):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, **vec_kw)
    try:
        matrix = vec.fit_transform(list(old_docs) + list(new_docs))
    except ValueError:  # empty vocabulary: nothing to compare
        import numpy as np

        return np.zeros((len(old_docs), len(new_docs)))
    a, b = matrix[: len(old_docs)], matrix[len(old_docs):]
    return (a @ b.T).toarray()


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
    words = _cosine_blocks([_features(t) for t in old_texts], [_features(t) for t in new_texts],
                           analyzer=_identity)
    chars = _cosine_blocks(old_keys, new_keys, analyzer="char", ngram_range=(2, 3))
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


def _contained(part: set[str], whole: set[str]) -> float:
    """Share of ``part``'s trigrams found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


# ---------------------------------------------------------------------------
# Inline word diff

_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_RE_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff＋+]")


@lru_cache(maxsize=8192)
def _words_cached(text: str) -> tuple[str, ...]:
    from ..text import tokenizer

    out, pos = [], 0
    # segment the half-width text (２０２５ → 2025), slice the original, one char for one
    for w in tokenizer(None).cut(text.translate(_HALFWIDTH), HMM=True):
        out.append(text[pos: pos + len(w)])
        pos += len(w)
    return tuple(out)


def _words(text: str) -> list[str]:
    """jieba words of the original text, punctuation and spaces kept (they join back).

    Cached by text: in a corpus every document is compared twice (as old and new).
    """
    return list(_words_cached(text))


def _features(text: str) -> list[str]:
    """Folded words without punctuation: the word features of similarity."""
    return [fold(w) for w in _words_cached(text) if _RE_WORDLIKE.search(w)]


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
    sm = difflib.SequenceMatcher(None, [fold(w) for w in a], [fold(w) for w in b],
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


def _units(doc: Document) -> list[_Unit]:
    units = []
    for section in doc.iter_sections():
        for item in section.items:
            units.append(_Unit(item.path, section.path, section.title, item.text, len(units),
                               item.title))
    if not units:  # a document with no sections: fall back to its items
        for item in doc.items:
            units.append(_Unit(item.path, "", "", item.text, len(units), item.title))
    return units


def _unit_similarity(ou: list[_Unit], nu: list[_Unit]):
    """Item similarity, raised where the titles agree more than the bodies.

    A long report item keeps its theme and its title's wording from year to year while
    its body is rewritten (稳定和完善宏观经济政策… → 保持宏观政策连续性…, body cosine
    0.2): the score is the larger of the body similarity and the mean of body and
    title similarity, so a shared title can lift a link over the threshold but a
    different title never lowers one.
    """
    import numpy as np

    sim = similarity_matrix([u.text for u in ou], [u.text for u in nu])
    if not ou or not nu:
        return sim
    titles = similarity_matrix([u.title or u.text for u in ou], [u.title or u.text for u in nu])
    return np.maximum(sim, (sim + titles) / 2.0)


def _load(doc: Document | str | Path) -> Document:
    if isinstance(doc, Document):
        return doc
    if isinstance(doc, (str, Path)):
        from ..pipeline import read

        return read(doc)
    raise TypeError(f"compare() takes Documents or paths, not {type(doc).__name__}")


def compare(old: Document | str | Path, new: Document | str | Path, *,
            threshold: float = 0.3, containment: float = 0.3,
            coverage: float = 0.15) -> Comparison:
    """Align the items of ``old`` with those of ``new`` and classify every change.

    ``threshold`` is the least similarity for a one-to-one link.  A leftover item
    joins a split or merge when at least ``containment`` of its character trigrams
    come from the whole and it covers at least ``coverage`` of the whole that its
    partners do not.  Documents may be given as paths (read with :func:`policytext.read`).
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    old, new = _load(old), _load(new)
    ou, nu = _units(old), _units(new)
    sim = _unit_similarity(ou, nu)

    pairs: dict[int, int] = {}
    if ou and nu:
        pos_o = np.array([u.index / max(len(ou) - 1, 1) for u in ou])
        pos_n = np.array([u.index / max(len(nu) - 1, 1) for u in nu])
        prior = 1e-3 * (1.0 - np.abs(pos_o[:, None] - pos_n[None, :]))
        gain = np.where(sim >= threshold, sim + prior, 0.0)
        rows, cols = linear_sum_assignment(-gain)
        pairs = {int(i): int(j) for i, j in zip(rows, cols, strict=False) if sim[i, j] >= threshold}

    # split: a leftover new item drawn from an old one, covering what its partner does not
    okeys, nkeys = [_key(u.text) for u in ou], [_key(u.text) for u in nu]
    ograms, ngrams = [_grams(k) for k in okeys], [_grams(k) for k in nkeys]
    splits = _groups(pairs, okeys, nkeys, ograms, ngrams, containment=containment,
                     coverage=coverage)
    # merge: the mirror image (several old items drawn into one new item)
    taken_new = {j for js in splits.values() for j in js}
    inv = {j: i for i, j in pairs.items() if i not in splits}
    merges = _groups(inv, nkeys, okeys, ngrams, ograms, containment=containment,
                     coverage=coverage,
                     skip_whole=taken_new, skip_part=set(splits))

    links: list[tuple[list[int], list[int]]] = []
    in_group_old = set(splits) | {i for is_ in merges.values() for i in is_}
    in_group_new = {j for js in splits.values() for j in js} | set(merges)
    for i, j in pairs.items():
        if i not in in_group_old and j not in in_group_new:
            links.append(([i], [j]))
    for i, js in splits.items():
        links.append(([i], js))
    for j, is_ in merges.items():
        links.append((is_, [j]))

    section_map = _map_sections(old, new, ou, nu, links)
    changes: list[tuple[float, Change]] = []
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    for is_, js in links:
        seen_old.update(is_)
        seen_new.update(js)
        otext = "\n".join(ou[i].text for i in is_)
        ntext = "\n".join(nu[j].text for j in js)
        if len(is_) == 1 and len(js) == 1:
            s = float(sim[is_[0], js[0]])
            same_section = (ou[is_[0]].section, nu[js[0]].section) in section_map
            if not same_section:
                kind = "moved"
            elif _key(otext) == _key(ntext):
                kind = "unchanged"
            else:
                kind = "modified"
        else:
            kind = "split" if len(js) > 1 else "merged"
            s = float(similarity_matrix([otext], [ntext])[0, 0])
        ch = Change(kind, tuple(ou[i].path for i in is_), tuple(nu[j].path for j in js),
                    round(s, 4), word_diff(otext, ntext))
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
    return Comparison(old, new, tuple(c for _, c in changes),
                      tuple(sorted(section_map)), _compare_preambles(old, new))


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
    return Change(kind, (PREAMBLE_PATH,), (PREAMBLE_PATH,), round(sim, 4), word_diff(a, b))


def _covered(whole: str, part: str, *, min_block: int = 4) -> set[int]:
    """Positions of ``whole`` (a key) that ``part`` matches in order (blocks of 4+ chars)."""
    import difflib

    sm = difflib.SequenceMatcher(None, whole, part, autojunk=False)
    return {i for a, _, size in sm.get_matching_blocks() if size >= min_block
            for i in range(a, a + size)}


def _groups(partner: dict[int, int], wholes: list[str], parts: list[str],
            whole_grams: list[set[str]], part_grams: list[set[str]],
            *, containment: float, coverage: float, skip_whole: set[int] = frozenset(),
            skip_part: set[int] = frozenset()) -> dict[int, list[int]]:
    """Wholes (old items for a split) → their parts (new items), two or more.

    ``partner`` is the one-to-one link of each whole.  A leftover part joins the
    whole it draws at least ``containment`` of its trigrams from and of which it
    covers the most characters (in order) not covered yet: at least ``coverage``
    of the whole, or 80% of the part itself (a paragraph of a long article that
    became an article of its own).  Positions, not trigram sets, so shared boilerplate phrasing
    does not count twice.
    """
    linked = set(partner.values())
    groups: dict[int, list[int]] = {w: [p] for w, p in partner.items() if w not in skip_whole}
    covered: dict[int, set[int]] = {}
    for p in range(len(parts)):
        if p in linked or p in skip_part or not part_grams[p]:
            continue
        best, best_gain, best_pos = None, 0, set()
        for w in range(len(wholes)):
            if w in skip_whole or not whole_grams[w]:
                continue
            shared = len(part_grams[p] & whole_grams[w])
            if shared < containment * len(part_grams[p]):
                continue
            # a matched block of n ≥ 4 characters holds n - 2 ≥ n / 2 shared trigrams, so
            # at most 2 × shared characters can be gained: skip the costly diff if too few
            need = coverage * len(wholes[w])
            if len(parts[p]) >= 20:
                need = min(need, 0.8 * len(parts[p]))
            if 2 * shared < max(need, best_gain + 1):
                continue
            if w not in covered:
                covered[w] = _covered(wholes[w], parts[partner[w]]) if w in partner else set()
            pos = _covered(wholes[w], parts[p])
            gain = len(pos - covered[w])
            # a sizeable share of the whole, or a part copied almost whole from a long whole
            enough = (gain >= coverage * len(wholes[w])
                      or (len(parts[p]) >= 20 and gain >= 0.8 * len(parts[p])))
            if enough and gain > best_gain:
                best, best_gain, best_pos = w, gain, pos
        if best is not None:
            groups.setdefault(best, []).append(p)
            covered[best] |= best_pos
    return {w: sorted(ps) for w, ps in groups.items() if len(ps) >= 2}


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
