"""Text reuse across the documents of a corpus: which passages one issuer took from another.

The method is the one text-reuse studies use at scale (passim; the Legislative
Influence Detector; Wilkerson, Smith & Stramp 2015): retrieve candidates cheaply,
then align only those.

1. **Passages.**  Each document gives its preamble (path ``preamble``), the text of
   each section before its first item (the section's path) and its top-level items
   (their paths).  Matching runs on a *skeleton* of each passage: folded
   (:func:`policytext.patterns.fold`), letters, digits and ideographs only, each
   skeleton character remembering its offset in the passage as written.
2. **Candidates: an inverted index of rare character n-grams** (``ngram``, 5).  An
   n-gram found in at most ``max_df`` sources (and in at least two) is a *seed*; two
   passages of different documents that share seeds on nearly the same diagonal,
   close together, are a candidate.  All-pairs comparison is never done: the work is
   the number of seed pairs, which the document-frequency cap bounds.  MinHash-LSH
   (datasketch) over sentences was measured against it.  On the planted corpus it
   finds the plants as well (150/150, 3-gram shingles, threshold 0.3), but its
   candidates are every pair of sentences sharing a formula: quadratic in the
   formula's document frequency.  On the first 2,000 documents of the benchmark it
   proposed 2,847,351 sentence pairs in 153 s (retrieval alone), where the index,
   which never seeds on an n-gram above the cap, aligned 16,544 windows and finished
   in 33 s (bench/bench_reuse.py).
3. **Local alignment** (Smith–Waterman with affine gaps, Biopython's
   ``PairwiseAligner`` in local mode) of each candidate's window gives the reused span
   in both passages (character offsets as written), the similarity
   (2·matches / (length in source + length in target), on skeletons) and the share of
   the target passage it covers.  ``level="sentence"`` cuts each passage at the
   target's sentence ends.
4. **Boilerplate** is learned from document frequency: a run of ``BOILERPLATE_GRAM``
   (10) skeleton characters found in at least ``max(3, boilerplate × sources)``
   sources (series: one issuer's years count once) is boilerplate.  Its n-grams are
   never seeds, and an aligned span is cut where boilerplate begins and ends; the
   boilerplate pieces are kept with ``boilerplate=True`` (never counted as reuse), or
   dropped with ``include_boilerplate=False``.
5. **Direction and lag.**  The earlier document (signing date, else year) is the
   source; ``lag_years`` is the difference of years; ``directed`` is False when the
   order is unknown or the two are of the same date (same year and no dates).
   **Vertical or horizontal**: from issuer levels (central → provincial → municipal →
   county), read from the issuer, else from the place at the head of the title
   (2025年广东省政府工作报告), else from ``meta["issuer_level"]``; ``None`` when a level
   is unknown.

Pairs of documents of the same series (one issuer's years) are left to the
lineage graph and the diff unless ``within_series=True``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import InputError
from ..patterns import unify_glyphs

__all__ = ["Span", "Reuse", "ReuseResult", "Passage", "find_reuse", "iter_passages",
           "issuer_level", "LEVELS", "BOILERPLATE_GRAM"]

#: Issuer levels, from the centre down.
LEVELS = ("central", "provincial", "municipal", "county")
#: Length of the runs whose document frequency makes a span boilerplate.
BOILERPLATE_GRAM = 10

_SENTENCE_END = "。！？；!?;"


@dataclass(frozen=True)
class Span:
    """A reused span: ``text`` is ``passage[start:end]`` as the document writes it."""

    doc: str       # the document's path in the corpus (its file name when at the root)
    path: str      # the passage: an item path (二/6), ``preamble``, or a section path
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "path": self.path, "start": self.start, "end": self.end,
                "text": self.text}


@dataclass(frozen=True)
class Reuse:
    """One passage of ``target`` that repeats one of ``source``.

    ``source`` is the earlier document when ``directed``; ``lag_years`` is the
    target's year minus the source's (None when a year is unknown); ``relation`` is
    ``vertical``/``horizontal`` when both issuer levels are known; ``share`` is the
    part of the target passage (skeleton characters) this span covers.
    """

    source: Span
    target: Span
    chars: int
    similarity: float
    boilerplate: bool
    lag_years: int | None
    directed: bool = True
    share: float = 0.0
    relation: str | None = None
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source.to_dict(), "target": self.target.to_dict(),
                "chars": self.chars, "similarity": round(self.similarity, 4),
                "boilerplate": self.boilerplate, "lag_years": self.lag_years,
                "directed": self.directed, "share": round(self.share, 4),
                "relation": self.relation}


@dataclass(frozen=True)
class Passage:
    doc: str
    path: str
    text: str


@dataclass(frozen=True)
class DocInfo:
    """What the reuse tables say about a document."""

    doc: str
    title: str
    series: str
    year: int | None
    date: str | None
    issuer: str | None
    level: str | None
    chars: int
    synthetic: bool = False


@dataclass(frozen=True)
class ReuseResult:
    """The reuse edges of a corpus, with its documents, passages and what the search cost.

    ``stats``: ``documents``, ``passages``, ``all_doc_pairs``, ``all_passage_pairs``
    (pairs of passages of different documents that could be compared),
    ``seed_pairs``, ``candidate_passage_pairs`` (aligned), ``candidate_doc_pairs``,
    ``candidate_windows``, ``boilerplate_min_sources``.
    """

    edges: tuple[Reuse, ...]
    documents: tuple[DocInfo, ...]
    passages: dict[tuple[str, str], str] = field(repr=False)
    stats: dict[str, int] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    #: Seconds spent in each stage (passages, index, seeds, align, edges): for benchmarks.
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.edges]

    def document(self, doc: str) -> DocInfo:
        for d in self.documents:
            if d.doc == doc:
                return d
        raise KeyError(doc)

    def to_frame(self):
        """One row per edge (pandas imported here)."""
        import pandas as pd

        return pd.DataFrame([_flat(e) for e in self.edges])


def _flat(e: Reuse) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for side in ("source", "target"):
        for k, v in getattr(e, side).to_dict().items():
            row[f"{side}_{k}"] = v
    for k, v in e.to_dict().items():
        if k not in ("source", "target"):
            row[k] = v
    return row


# ---------------------------------------------------------------------------
# Passages and skeletons

def iter_passages(doc) -> Iterable[tuple[str, str]]:
    """(path, text) of a document's preamble, section texts and top-level items."""
    found = False
    if doc.preamble.strip():
        found = True
        yield "preamble", doc.preamble
    for section in doc.iter_sections():
        if section.text.strip():
            found = True
            yield section.path, section.text
        for item in section.items:
            if item.text.strip():
                found = True
                yield item.path, item.text
    if not found and doc.text.strip():
        yield "text", doc.text


_RE_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def _folded(text: str) -> str:
    """:func:`policytext.patterns.fold` with one character for each of ``text``.

    NFKC and lower case run only on the runs between unified ideographs (those are
    stable and compose with nothing, so nothing changes; NFKC over Chinese text costs
    a microsecond a character); a run they lengthen (… → ..., ㈠ → (一)) is folded
    character by character, each keeping the first character it became.
    """
    import unicodedata

    def fold_run(m: re.Match) -> str:
        run = m.group()
        out = unicodedata.normalize("NFKC", run).lower()
        if len(out) != len(run):
            out = "".join((unicodedata.normalize("NFKC", c).lower() or " ")[0] for c in run)
        return out

    return _RE_NOT_HAN.sub(fold_run, unify_glyphs(text))


def _keep(cp):
    """Which codepoints take part in matching: ideographs, digits, letters."""
    return ((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF)) \
        | ((cp >= 0x20000) & (cp <= 0x3134F)) | ((cp >= 0xF900) & (cp <= 0xFAFF)) \
        | ((cp >= 0x30) & (cp <= 0x39)) | ((cp >= 0x61) & (cp <= 0x7A)) \
        | ((cp >= 0xC0) & (cp <= 0x24F) & (cp != 0xD7) & (cp != 0xF7))


def _skeleton(text: str):
    """Codepoints of the matching characters of ``text`` and their offsets in it."""
    import numpy as np

    cp = np.frombuffer(_folded(text).encode("utf-32-le"), dtype=np.uint32)
    offsets = np.nonzero(_keep(cp))[0].astype(np.int64)
    return cp[offsets], offsets


def _skeletons(texts: Sequence[str]):
    """:func:`_skeleton` of many texts at once (one fold and one pass of numpy)."""
    import numpy as np

    folded = _folded("\x00".join(texts))  # NUL: no matching character, kept by NFKC
    cp = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    pos = np.nonzero(_keep(cp))[0].astype(np.int64)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts])
    cut = np.searchsorted(pos, starts)
    return [(cp[pos[cut[k]:cut[k + 1]]], pos[cut[k]:cut[k + 1]] - starts[k])
            for k in range(len(texts))]


_MULT = 0x100000001B3  # the FNV-1 64-bit prime: a deterministic rolling polynomial hash


def _gram_hashes(cp, n: int):
    """A 64-bit hash of every n-gram of ``cp`` (wrapping uint64 arithmetic)."""
    import numpy as np

    m = len(cp) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    mult = np.uint64(_MULT)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * mult + cp[k:k + m].astype(np.uint64) + np.uint64(1)
    return h


def _source_frequency(h, valid, source_of_pos):
    """For each valid position: in how many sources its n-gram occurs."""
    import numpy as np

    pos = np.nonzero(valid)[0]
    hv, sv = h[pos], source_of_pos[pos]
    order = np.lexsort((sv, hv))
    hs, ss = hv[order], sv[order]
    new_hash = np.r_[True, hs[1:] != hs[:-1]] if len(hs) else np.zeros(0, bool)
    new_pair = np.r_[True, (hs[1:] != hs[:-1]) | (ss[1:] != ss[:-1])] if len(hs) else new_hash
    group = np.cumsum(new_hash) - 1
    df_group = np.bincount(group, weights=new_pair).astype(np.int64) if len(hs) else group
    out = np.zeros(len(h), dtype=np.int64)
    out[pos[order]] = df_group[group]
    return out, pos[order], group


# ---------------------------------------------------------------------------
# Issuer levels and dates

_RE_YEAR_HEAD = re.compile(r"^\s*(?:19|20)\d\d\s*年(?:度)?")
_RE_CENTRAL = re.compile(r"^(?:中共中央|中央|国务院|全国|国家|中华人民共和国|最高人民)")
_RE_PROVINCIAL = re.compile(r"^(?:中共)?(?:(?:北京|天津|上海|重庆)市|[\u4e00-\u9fff]{2,3}省"
                            r"|[\u4e00-\u9fff]{2,7}?自治区|香港|澳门)")
_RE_MUNICIPAL = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,8}?(?:市|自治州|地区|盟)")
_RE_COUNTY = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,8}?(?:县|旗|区)")


def issuer_level(name: str | None) -> str | None:
    """``central``/``provincial``/``municipal``/``county`` from an issuer's (or title's)
    opening words, or None: 国务院 → central, 中共江苏省委 → provincial,
    苏州市人民政府 → municipal, 昆山… 县/区/旗 → county."""
    if not name:
        return None
    name = _RE_YEAR_HEAD.sub("", name.strip())
    if _RE_CENTRAL.match(name):
        return "central"
    if _RE_PROVINCIAL.match(name):
        return "provincial"
    if _RE_MUNICIPAL.match(name):
        return "municipal"
    if _RE_COUNTY.match(name):
        return "county"
    return None


def _level_of(entry) -> str | None:
    given = entry.doc.meta.get("issuer_level")
    if given in LEVELS:
        return given
    return issuer_level(entry.issuer) or issuer_level(entry.doc.title)


def _date_of(doc) -> str | None:
    return doc.signed_date or doc.printed_date or None


def _order(a: DocInfo, b: DocInfo) -> tuple[bool, bool]:
    """(a comes first, the order is known)."""
    if a.date and b.date and a.date != b.date:
        return a.date < b.date, True
    if a.year is not None and b.year is not None and a.year != b.year:
        return a.year < b.year, True
    return True, False


# ---------------------------------------------------------------------------
# The search

@dataclass
class _Aln:
    """A local alignment of skeleton ranges [a0, a1) of passage ua with [b0, b1) of ub.

    ``blocks`` are the aligned blocks ``(a_start, a_end, b_start, b_end)``; the bounds
    may reach past them to the sentence boundary an edit near the edge hid.
    """

    ua: int
    ub: int
    blocks: list[tuple[int, int, int, int]]
    score: float
    a0: int = -1
    a1: int = -1
    b0: int = -1
    b1: int = -1

    def __post_init__(self) -> None:
        if self.a0 < 0:
            self.a0, self.a1 = self.blocks[0][0], self.blocks[-1][1]
            self.b0, self.b1 = self.blocks[0][2], self.blocks[-1][3]

    def swapped(self) -> _Aln:
        return _Aln(self.ub, self.ua, [(sb, eb, sa, ea) for sa, ea, sb, eb in self.blocks],
                    self.score, self.b0, self.b1, self.a0, self.a1)


def _aligner():
    from Bio.Align import PairwiseAligner

    al = PairwiseAligner(mode="local")
    al.match_score = 2.0
    al.mismatch_score = -3.0
    al.open_gap_score = -5.0
    al.extend_gap_score = -1.0
    return al


def _align(aligner, a: str, b: str, a_off: int, b_off: int, ua: int, ub: int,
           least: float = 0.0):
    """The best local alignment of two windows, if it scores ``least`` (scoring alone is
    3.6 times faster than aligning: most windows of a large corpus stop there)."""
    if aligner.score(a, b) < least:
        return None
    try:
        alignment = next(iter(aligner.align(a, b)))
    except StopIteration:
        return None
    if alignment.score <= 0:
        return None
    blocks_a, blocks_b = alignment.aligned
    blocks = [(int(sa) + a_off, int(ea) + a_off, int(sb) + b_off, int(eb) + b_off)
              for (sa, ea), (sb, eb) in zip(blocks_a, blocks_b, strict=True)]
    if not blocks:
        return None
    return _Aln(ua, ub, blocks, float(alignment.score))


def _matches(aln: _Aln, cps, lo: int, hi: int) -> int:
    """Identical characters of the alignment within target range [lo, hi)."""
    ca, cb = cps[aln.ua], cps[aln.ub]
    n = 0
    for sa, _ea, sb, eb in aln.blocks:
        s, e = max(sb, lo), min(eb, hi)
        if s < e:
            n += int((ca[sa + (s - sb):sa + (e - sb)] == cb[s:e]).sum())
    return n


def _cut(aln: _Aln, lo: int, hi: int, cps) -> _Aln | None:
    """The part of an alignment whose target characters lie in [lo, hi)."""
    out = []
    for sa, _ea, sb, eb in aln.blocks:
        s, e = max(sb, lo), min(eb, hi)
        if s < e:
            out.append((sa + (s - sb), sa + (e - sb), s, e))
    out = _trim(out, cps[aln.ua], cps[aln.ub], head=lo > aln.b0, tail=hi < aln.b1)
    if not out:
        return None
    part = _Aln(aln.ua, aln.ub, out, aln.score)
    if lo <= aln.b0:
        part.a0, part.b0 = aln.a0, aln.b0
    if hi >= aln.b1:
        part.a1, part.b1 = aln.a1, aln.b1
    return part


def _trim(blocks, ca, cb, *, head: bool, tail: bool):
    """Blocks without the mismatched characters a cut left at its head or tail (an
    alignment's blocks hold substitutions; a piece should start and end on a match)."""
    blocks = list(blocks)
    while head and blocks:
        sa, ea, sb, eb = blocks[0]
        if sa < ea and ca[sa] != cb[sb]:
            blocks[0] = (sa + 1, ea, sb + 1, eb)
        if blocks[0][0] >= blocks[0][1]:
            blocks.pop(0)
            continue
        if ca[blocks[0][0]] == cb[blocks[0][2]]:
            break
    while tail and blocks:
        sa, ea, sb, eb = blocks[-1]
        if sa < ea and ca[ea - 1] != cb[eb - 1]:
            blocks[-1] = (sa, ea - 1, sb, eb - 1)
        if blocks[-1][0] >= blocks[-1][1]:
            blocks.pop()
            continue
        if ca[blocks[-1][1] - 1] == cb[blocks[-1][3] - 1]:
            break
    return blocks


#: An alignment that stops this close (skeleton characters) to a sentence boundary in
#: both passages is taken to it: an edit in a sentence's first or last words ends a
#: local alignment early (实施→开展 文艺精品战略…).
_SNAP = 4
#: ... when what is taken in differs by at most this much between the two: an edit
#: (实施 → 开展, 2 against 2), not one side's words the other lacks (精神，区域发展。
#: against 精神。).
_SNAP_SKEW = 2


def _bounds(text: str, off) -> tuple[list[int], list[int]]:
    """Skeleton positions where sentences start and end (paragraph breaks included)."""
    import numpy as np

    marks = [i + 1 for i, ch in enumerate(text) if ch in _SENTENCE_END or ch == "\n"]
    cuts = sorted({0, len(off), *(int(x) for x in np.searchsorted(off, marks))})
    return cuts, cuts


def _snap(aln: _Aln, bounds_a: list[int], bounds_b: list[int]) -> _Aln:
    import bisect

    def before(bounds, x):
        k = bisect.bisect_right(bounds, x) - 1
        return bounds[k] if k >= 0 else x

    def after(bounds, x):
        k = bisect.bisect_left(bounds, x)
        return bounds[k] if k < len(bounds) else x

    sa, sb = before(bounds_a, aln.a0), before(bounds_b, aln.b0)
    na, nb = after(bounds_a, aln.a0 + 1), after(bounds_b, aln.b0 + 1)
    if aln.a0 - sa <= _SNAP and aln.b0 - sb <= _SNAP \
            and abs((aln.a0 - sa) - (aln.b0 - sb)) <= _SNAP_SKEW:
        aln.a0, aln.b0 = sa, sb
    elif 0 < na - aln.a0 <= _SNAP and 0 < nb - aln.b0 <= _SNAP and na < aln.a1 and nb < aln.b1:
        # the tail of the sentence before (制度。完善残疾人…): start at the sentence
        aln = _clip(aln, na, aln.a1, nb, aln.b1)
    ea, eb = after(bounds_a, aln.a1), after(bounds_b, aln.b1)
    pa, pb = before(bounds_a, aln.a1 - 1), before(bounds_b, aln.b1 - 1)
    if ea - aln.a1 <= _SNAP and eb - aln.b1 <= _SNAP \
            and abs((ea - aln.a1) - (eb - aln.b1)) <= _SNAP_SKEW:
        aln.a1, aln.b1 = ea, eb
    elif 0 < aln.a1 - pa <= _SNAP and 0 < aln.b1 - pb <= _SNAP and pa > aln.a0 and pb > aln.b0:
        # the head of the sentence after: end where the sentence ends
        aln = _clip(aln, aln.a0, pa, aln.b0, pb)
    return aln


def _clip(aln: _Aln, a0: int, a1: int, b0: int, b1: int) -> _Aln:
    """The alignment within source [a0, a1) and target [b0, b1)."""
    blocks = []
    for sa, ea, sb, _eb in aln.blocks:
        lo = max(a0 - sa, b0 - sb, 0)
        hi = min(a1 - sa, b1 - sb, ea - sa)
        if lo < hi:
            blocks.append((sa + lo, sa + hi, sb + lo, sb + hi))
    if not blocks:
        return aln
    return _Aln(aln.ua, aln.ub, blocks, aln.score, a0, a1, b0, b1)


def _runs(mask, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """Maximal runs [s, e) of equal mask values in [lo, hi)."""
    runs = []
    s = lo
    for i in range(lo + 1, hi + 1):
        if i == hi or bool(mask[i]) != bool(mask[s]):
            runs.append((s, i, bool(mask[s])))
            s = i
    return runs


def find_reuse(corpus, *, min_chars: int = 20, min_similarity: float = 0.75,
               boilerplate: float = 0.2, ngram: int = 5, max_df: int = 100,
               level: str = "passage", within_series: bool = False,
               include_boilerplate: bool = True) -> ReuseResult:
    """Every passage of at least ``min_chars`` characters that two documents share.

    ``corpus`` is a :class:`~policytext.corpus.Corpus` (or anything iterable over its
    entries).  ``boilerplate`` is the share of sources (series) from which a
    10-character run is boilerplate (never fewer than 3 sources); ``max_df`` the most
    sources an n-gram may be in to seed a candidate; ``level`` ``passage`` (whole
    aligned spans) or ``sentence`` (cut at the target's sentence ends).
    """
    import numpy as np

    if level not in ("passage", "sentence"):
        raise InputError(f"level must be 'passage' or 'sentence', not {level!r}")
    if min_chars < 1:
        raise InputError(f"min_chars must be at least 1, not {min_chars}")
    if not 0.0 < boilerplate <= 1.0:
        raise InputError(f"boilerplate must be a share of sources in (0, 1], not {boilerplate}")
    if not 0.0 <= min_similarity <= 1.0:
        raise InputError(f"min_similarity must be in [0, 1], not {min_similarity}")
    if not 2 <= ngram <= 12:
        raise InputError(f"ngram must be 2..12 characters, not {ngram}")

    import time

    clock = [time.perf_counter()]
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 3)
        clock[0] = now

    entries = list(corpus)
    series_ix: dict[str, int] = {}
    docs: list[DocInfo] = []
    passages: list[Passage] = []
    p_doc: list[int] = []
    texts: dict[tuple[str, str], str] = {}
    for di, e in enumerate(entries):
        chars = 0
        for path, text in iter_passages(e.doc):
            passages.append(Passage(e.path, path, text))
            p_doc.append(di)
            texts[(e.path, path)] = text
            chars += len(text)
        series_ix.setdefault(e.series, len(series_ix))
        docs.append(DocInfo(e.path, e.doc.title or e.path, e.series, e.year, _date_of(e.doc),
                            e.issuer, _level_of(e), chars,
                            bool(e.doc.meta.get("synthetic", False))))
    # sources: a series counts once (one issuer repeating itself is not reuse), unless
    # pairs within a series are asked for
    doc_series = np.array([series_ix[e.series] for e in entries], dtype=np.int64) \
        if not within_series else np.arange(len(entries), dtype=np.int64)
    if within_series:
        series_ix = {e.path: k for k, e in enumerate(entries)}
    n_sources = len(series_ix)
    min_sources = max(3, math.ceil(boilerplate * n_sources))
    seed_df = max(1, min(max_df, min_sources - 1))

    skel = _skeletons([p.text for p in passages])
    lap("passages")
    cps = [s[0] for s in skel]
    offs = [s[1] for s in skel]
    lens = np.array([len(c) for c in cps], dtype=np.int64)
    starts = np.r_[0, np.cumsum(lens)[:-1]] if len(lens) else np.zeros(0, np.int64)
    cp_all = np.concatenate(cps) if cps else np.zeros(0, np.uint32)
    pid = np.repeat(np.arange(len(passages)), lens)
    p_doc_arr = np.array(p_doc, dtype=np.int64)
    doc_of_pos = p_doc_arr[pid] if len(pid) else np.zeros(0, np.int64)
    src_of_pos = doc_series[doc_of_pos] if len(pid) else np.zeros(0, np.int64)

    stats: dict[str, int] = {"documents": len(entries), "passages": len(passages),
                             "sources": n_sources, "boilerplate_min_sources": min_sources}
    docs_passages = np.bincount(p_doc_arr, minlength=len(entries)) if len(entries) else p_doc_arr
    stats["all_doc_pairs"] = len(entries) * (len(entries) - 1) // 2
    stats["all_passage_pairs"] = int((docs_passages.sum() ** 2 - (docs_passages ** 2).sum()) // 2)

    # boilerplate: characters covered by a BOILERPLATE_GRAM-run in min_sources sources
    is_boiler = np.zeros(len(cp_all), dtype=bool)
    nb = BOILERPLATE_GRAM
    hb = _gram_hashes(cp_all, nb)
    if len(hb):
        valid_b = pid[:len(hb)] == pid[nb - 1:]
        dfb, _, _ = _source_frequency(hb, valid_b, src_of_pos)
        start_b = valid_b & (dfb >= min_sources)
        cs = np.r_[0, np.cumsum(start_b)]
        idx = np.arange(len(cp_all))
        lo = np.maximum(idx - nb + 1, 0)
        hi = np.minimum(idx + 1, len(start_b))
        is_boiler = cs[hi] - cs[np.minimum(lo, hi)] > 0

    lap("boilerplate")
    # seeds: occurrences of rare n-grams, paired across documents
    h = _gram_hashes(cp_all, ngram)
    seeds = np.zeros((0, 2), dtype=np.int64)
    if len(h):
        valid = pid[:len(h)] == pid[ngram - 1:]
        df, ordered_pos, group = _source_frequency(h, valid, src_of_pos)
        rare = (df[ordered_pos] >= 2) & (df[ordered_pos] <= seed_df)
        occ = ordered_pos[rare]           # positions, grouped by hash, sorted by source
        grp = group[rare]
        seeds = _pair_seeds(occ, grp, doc_of_pos, src_of_pos, within_series)
    stats["seed_pairs"] = len(seeds)
    lap("seeds")

    aligner = _aligner()
    alns = _candidates(seeds, pid, starts, lens, ngram, cps, p_doc_arr, aligner, stats,
                       min_chars)
    lap("align")
    edges = _edges(alns, passages, p_doc, docs, cps, offs, starts, is_boiler,
                   min_chars=min_chars, min_similarity=min_similarity, level=level,
                   include_boilerplate=include_boilerplate)
    edges.sort(key=lambda e: (-e.chars, e.source.doc, e.source.path, e.source.start,
                              e.target.doc, e.target.path, e.target.start))
    params = {"min_chars": min_chars, "min_similarity": min_similarity,
              "boilerplate": boilerplate, "ngram": ngram, "max_df": max_df, "level": level,
              "within_series": within_series}
    lap("edges")
    return ReuseResult(tuple(edges), tuple(docs), texts, stats, params, timings)


def _pair_seeds(occ, grp, doc_of_pos, src_of_pos, within_series: bool):
    """(passage-position A, position B) for each pair of occurrences of one n-gram in two
    documents (A in the document listed first); work and output grow with the pairs."""
    import numpy as np

    if not len(occ):
        return np.zeros((0, 2), dtype=np.int64)
    first = np.r_[True, grp[1:] != grp[:-1]]
    gstart = np.nonzero(first)[0]
    run = np.cumsum(first) - 1
    size = np.diff(np.r_[gstart, len(grp)])[run]
    rank = np.arange(len(grp)) - gstart[run]
    remaining = size - rank - 1
    out_a, out_b = [], []
    active = np.nonzero(remaining > 0)[0]
    o = 1
    while len(active):
        i, j = active, active + o
        pa, pb = occ[i], occ[j]
        da, db = doc_of_pos[pa], doc_of_pos[pb]
        keep = da != db
        if not within_series:
            keep &= src_of_pos[pa] != src_of_pos[pb]
        pa, pb, da, db = pa[keep], pb[keep], da[keep], db[keep]
        swap = da > db
        out_a.append(np.where(swap, pb, pa))
        out_b.append(np.where(swap, pa, pb))
        o += 1
        active = active[remaining[active] >= o]
    dtype = np.int32 if len(doc_of_pos) < 1 << 31 else np.int64
    return np.stack([np.concatenate(out_a).astype(dtype),
                     np.concatenate(out_b).astype(dtype)], axis=1)


#: Seeds further apart than this (skeleton characters) start a new candidate window;
#: diagonals that drift more than this (insertions, deletions) too.
_MAX_GAP = 30
_DIAG_TOL = 12
_PAD = 25
#: Seeds a window needs (3: a shared run of n + 2 characters, or seeds either side of
#: an edit); the alignment decides.  On the planted corpora 3 kept every plant 2 found
#: and aligned 2.5 times fewer windows.
_MIN_SEEDS = 3
_MIN_REACH = 0.5
#: Least local-alignment score, per character of min_chars, worth taking apart: a
#: passage of min_chars with 15% edited scores above 1 a character (2 a match,
#: -3 a mismatch, -5 and -1 a gap), a shared 7-character phrase 0.7.
_LEAST_SCORE = 0.8


def _candidates(seeds, pid, starts, lens, n: int, cps, p_doc, aligner, stats, min_chars):
    """Cluster seeds by passage pair, diagonal and position; align each cluster's window."""
    import numpy as np

    if not len(seeds):
        stats["candidate_passage_pairs"] = stats["candidate_windows"] = 0
        stats["candidate_doc_pairs"] = 0
        return []
    # int32 positions and one int64 sort key per sort: tens of millions of seeds fit
    ua, ub = pid[seeds[:, 0]], pid[seeds[:, 1]]
    xa = (seeds[:, 0] - starts[ua]).astype(np.int32)
    xb = (seeds[:, 1] - starts[ub]).astype(np.int32)
    del seeds
    key = ua.astype(np.int64) * (len(lens) + 1) + ub
    diag = xb - xa
    wide = int(lens.max()) >= 1 << 23
    order = np.lexsort((diag, key)) if wide else \
        np.argsort((key << 24) + (diag.astype(np.int64) + (1 << 23)), kind="stable")
    key, diag, xa, xb = (v[order] for v in (key, diag, xa, xb))
    brk = np.r_[True, (key[1:] != key[:-1]) | (diag[1:] - diag[:-1] > _DIAG_TOL)]
    del diag
    dcl = np.cumsum(brk)
    order = np.lexsort((xa, dcl)) if wide else \
        np.argsort((dcl.astype(np.int64) << 24) + xa, kind="stable")
    dcl, xa, xb, key = (v[order] for v in (dcl, xa, xb, key))
    del order
    ua, ub = key // (len(lens) + 1), key % (len(lens) + 1)
    brk = np.r_[True, (dcl[1:] != dcl[:-1]) | (xa[1:] - xa[:-1] > _MAX_GAP)]
    cl_start = np.nonzero(brk)[0]
    a_min = np.minimum.reduceat(xa, cl_start)
    a_max = np.maximum.reduceat(xa, cl_start)
    b_min = np.minimum.reduceat(xb, cl_start)
    b_max = np.maximum.reduceat(xb, cl_start)
    count = np.diff(np.r_[cl_start, len(xa)])
    reach = np.minimum(a_max - a_min, b_max - b_min) + n
    cl = np.nonzero((count >= _MIN_SEEDS) & (reach >= _MIN_REACH * min_chars))[0]
    stats["candidate_windows"] = int(len(cl))
    stats["candidate_passage_pairs"] = int(len(np.unique(key[cl_start[cl]])))
    da, db = p_doc[ua[cl_start[cl]]], p_doc[ub[cl_start[cl]]]
    stats["candidate_doc_pairs"] = int(len(np.unique(da * (int(p_doc.max()) + 1) + db)))
    alns = []
    for c in cl:
        u, v = int(ua[cl_start[c]]), int(ub[cl_start[c]])
        a0 = max(0, int(a_min[c]) - _PAD)
        a1 = min(int(lens[u]), int(a_max[c]) + n + _PAD)
        b0 = max(0, int(b_min[c]) - _PAD)
        b1 = min(int(lens[v]), int(b_max[c]) + n + _PAD)
        sa = "".join(map(chr, cps[u][a0:a1]))
        sb = "".join(map(chr, cps[v][b0:b1]))
        aln = _align(aligner, sa, sb, a0, b0, u, v, least=_LEAST_SCORE * min_chars)
        if aln is not None:
            alns.append(aln)
    return alns


def _overlap(s0: int, s1: int, t0: int, t1: int) -> int:
    return max(0, min(s1, t1) - max(s0, t0))


def _distinct(alns: list[_Aln]) -> list[_Aln]:
    """Per passage pair, the best alignments that do not overlap (windows of one passage
    pair often find the same span twice)."""
    by_pair: dict[tuple[int, int], list[_Aln]] = {}
    for a in alns:
        by_pair.setdefault((a.ua, a.ub), []).append(a)
    out = []
    for group in by_pair.values():
        kept: list[_Aln] = []
        for a in sorted(group, key=lambda x: (-x.score, x.a0, x.b0)):
            if all(_overlap(a.a0, a.a1, k.a0, k.a1) == 0 and _overlap(a.b0, a.b1, k.b0, k.b1) == 0
                   for k in kept):
                kept.append(a)
        out.extend(kept)
    return out


def _sentence_cuts(text: str, off) -> list[int]:
    """Skeleton positions where a new sentence of the passage begins."""
    import numpy as np

    ends = [i + 1 for i, ch in enumerate(text) if ch in _SENTENCE_END]
    return sorted(set(int(x) for x in np.searchsorted(off, ends)))


def _edges(alns, passages: Sequence[Passage], p_doc, docs: Sequence[DocInfo], cps, offs,
           starts, is_boiler, *, min_chars, min_similarity, level, include_boilerplate):
    edges: list[Reuse] = []
    bounds: dict[int, list[int]] = {}

    def bounds_of(u: int) -> list[int]:
        if u not in bounds:
            bounds[u] = _bounds(passages[u].text, offs[u])[0]
        return bounds[u]

    for aln in _distinct(alns):
        aln = _snap(aln, bounds_of(aln.ua), bounds_of(aln.ub))
        da, db = docs[p_doc[aln.ua]], docs[p_doc[aln.ub]]
        a_first, directed = _order(da, db)
        if not a_first:  # make the alignment's "a" the source
            aln = aln.swapped()
            da, db = db, da
        tgt = aln.ub
        mask = is_boiler[starts[tgt]:starts[tgt] + len(cps[tgt])]
        pieces = _runs(mask, aln.b0, aln.b1)
        if level == "sentence":
            cuts = _sentence_cuts(passages[tgt].text, offs[tgt])
            pieces = [(s, e, flag) for s0, e0, flag in pieces
                      for s, e in _split(s0, e0, cuts)]
        for lo, hi, boiler in pieces:
            if boiler and not include_boilerplate:
                continue
            part = _cut(aln, lo, hi, cps)
            if part is None:
                continue
            edge = _edge(part, passages, da, db, directed, cps, offs)
            # a passage of min_chars in either document (a deletion may shorten the copy)
            longest = max(edge.chars, edge.source.end - edge.source.start)
            if longest < min_chars or edge.similarity < min_similarity:
                continue
            edges.append(replace(edge, boilerplate=boiler))
    return edges


def _split(lo: int, hi: int, cuts: list[int]) -> list[tuple[int, int]]:
    inner = [c for c in cuts if lo < c < hi]
    bounds = [lo, *inner, hi]
    return list(zip(bounds, bounds[1:], strict=False))


def _offsets(text: str, off, s0: int, s1: int) -> tuple[int, int]:
    """Offsets in ``text`` of skeleton range [s0, s1): a sentence's opening bracket
    (（一）) and its closing mark (。；) are part of it when the range reaches them."""
    start, end = int(off[s0]), int(off[s1 - 1]) + 1
    while start > 0 and text[start - 1] in "（(“「《":
        start -= 1
    while end < len(text) and text[end] in _SENTENCE_END + "）)”」":
        end += 1
        if text[end - 1] in _SENTENCE_END:
            break
    return start, end


def _relation(a: DocInfo, b: DocInfo) -> str | None:
    if a.level is None or b.level is None:
        return None
    return "horizontal" if a.level == b.level else "vertical"


def _edge(aln: _Aln, passages, da: DocInfo, db: DocInfo, directed: bool, cps, offs) -> Reuse:
    pa, pb = passages[aln.ua], passages[aln.ub]
    s_start, s_end = _offsets(pa.text, offs[aln.ua], aln.a0, aln.a1)
    t_start, t_end = _offsets(pb.text, offs[aln.ub], aln.b0, aln.b1)
    matches = _matches(aln, cps, aln.b0, aln.b1)
    la, lb = aln.a1 - aln.a0, aln.b1 - aln.b0
    similarity = 2.0 * matches / (la + lb) if la + lb else 0.0
    lag = db.year - da.year if da.year is not None and db.year is not None else None
    return Reuse(
        source=Span(da.doc, pa.path, s_start, s_end, pa.text[s_start:s_end]),
        target=Span(db.doc, pb.path, t_start, t_end, pb.text[t_start:t_end]),
        chars=t_end - t_start, similarity=similarity, boilerplate=False, lag_years=lag,
        directed=directed, share=lb / max(1, len(cps[aln.ub])), relation=_relation(da, db),
        score=aln.score)
