"""Scoring the reader against hand-written structure labels (issue 10's ground truth).

``tests/data/structure/files.json`` was written by a helper who never saw the
code: for every file of ``../shared/corpora`` (OFD files aside) the document's
kind, title, issuer, 文号, 主送, date, delivery (a report's 在…会议上 subtitle),
attachments, first-level headings, the first and last words of the body, page
furniture seen, and a quote of the paragraph stating the year's 预期目标.
``units-*.json`` list every unit of three documents in order (a numbered item or
an unnumbered paragraph), each by the first characters it prints.

The same functions serve the tests (``test_structure_truth.py``) and a report
printed by ``python -m tests.structure_truth`` (the figures issue 10 asks for).
Everything is compared with whitespace removed, as printed text carries
spacing the source did not mean (``第一章 总 则``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import policytext
from policytext.model import Document, Item
from policytext.patterns import classify_marker, parse_date, split_sentences

DATA = Path(__file__).resolve().parent / "data" / "structure"

#: The fields of a label record scored one by one (``kind`` is scored apart).
FIELDS = ("title", "issuer", "doc_number", "recipients", "date", "delivered", "attachments",
          "top_level", "first_body_quote", "last_body_quote", "furniture", "targets_quote")


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def load_files() -> list[dict]:
    return json.loads((DATA / "files.json").read_text(encoding="utf-8"))


def load_units(name: str) -> list[dict]:
    return json.loads((DATA / f"units-{name}.json").read_text(encoding="utf-8"))


#: The three documents with full unit lists, by the short name of their label file.
UNIT_FILES = {
    "national-2016": "national-work-reports/2016-国务院政府工作报告.txt",
    "四川-2026": "provincial-work-reports/四川/2026-政府工作报告.web.txt",
    "科学技术普及法-2024": "law-versions/科学技术普及法/科学技术普及法(2024-12-25).md",
}


# ---------------------------------------------------------------------------
# What the document says, in the labels' terms


def printed(item: Item) -> str:
    """An item's text as printed: a 第X条 or 一、 number is part of what the page shows."""
    if item.kind in ("paragraph", "list") or not item.number:
        return item.text
    number = item.number
    if item.kind == "cn":
        number += "、"
    elif item.kind == "arabic":
        number += "．"
    return number + item.text


def body_units(doc: Document) -> list[str]:
    """The printed text of each body unit in order: the preamble, then every top-level
    item outside the annexes (the closing's paragraphs included, where they are items)."""
    units = [doc.preamble] if doc.preamble else []
    for section in doc.sections:
        if section.kind == "annex":
            continue
        units += [printed(it) for it in section.iter_items()]
    if doc.closing and not any(s.kind == "closing" for s in doc.sections):
        units += doc.closing.splitlines()
    return [u for u in units if u.strip()]


def top_level(doc: Document) -> list[str]:
    out = []
    for s in doc.sections:
        if s.kind in ("annex", "implicit", "closing", "document"):
            continue
        if s.kind == "cn":
            out.append(f"{s.number}、{s.title}")
        elif s.kind == "heading":
            out.append(s.title)
        else:
            out.append(f"{s.number}{s.title}")
    return out


def our_date(doc: Document) -> str | None:
    if doc.signed_date:
        return doc.signed_date
    delivered = doc.meta.get("delivered")
    if isinstance(delivered, str):
        return delivered
    if delivered:
        return delivered.get("date")
    revisions = doc.meta.get("revisions") or ()
    dated = [r.get("date") for r in revisions if r.get("date")]
    return dated[-1] if dated else None


def _iso(text: str | None) -> str | None:
    if not text:
        return None
    if re.match(r"^\d{4}-\d\d-\d\d$", text):
        return text
    return parse_date(text)


def delivered_of(doc: Document) -> dict | None:
    got = doc.meta.get("delivered")
    if not got:
        return None
    if isinstance(got, str):
        return {"date": got, "event": doc.meta.get("event"), "speaker": doc.meta.get("speaker")}
    return dict(got)


def field_right(name: str, want, doc: Document) -> bool:
    """Whether the document gets one labelled field right."""
    if name == "title":
        if want is None:  # the file prints none: a name from the file is fine, with no suffix
            return doc.title is None or (doc.meta.get("title_source") == "filename"
                                         and "." not in doc.title)
        return squeeze(doc.title) == squeeze(want)
    if name == "issuer":
        return squeeze(doc.issuer) == squeeze(want)
    if name == "doc_number":
        return squeeze(doc.doc_number) == squeeze(want)
    if name == "recipients":
        return squeeze("、".join(doc.recipients)) == squeeze(want)
    if name == "date":
        return _iso(our_date(doc)) == _iso(want)
    if name == "delivered":
        got = delivered_of(doc)
        if want is None:
            return got is None
        return bool(got) and _iso(got.get("date")) == _iso(want["date"]) \
            and squeeze(got.get("speaker")) == squeeze(want["speaker"]) \
            and squeeze(got.get("event")) == squeeze(want["event"])
    if name == "attachments":
        return [squeeze(a) for a in doc.attachments] == [squeeze(a) for a in want]
    if name == "top_level":  # a title is printed without its final 。
        return [squeeze(t).rstrip("。") for t in top_level(doc)] == [
            squeeze(t).rstrip("。") for t in want]
    if name == "first_body_quote":
        units = body_units(doc)
        return bool(units) and squeeze(units[0]).startswith(squeeze(want))
    if name == "last_body_quote":
        units = body_units(doc)
        return bool(units) and squeeze(units[-1]).endswith(squeeze(want))
    if name == "furniture":
        logged = [squeeze(r.text) for r in doc.removed]
        lines = {squeeze(x) for x in doc.text.splitlines()}
        return all((any(squeeze(w) == t or (len(squeeze(w)) > 3 and squeeze(w) in t)
                        for t in logged) or not squeeze(w)) and squeeze(w) not in lines
                   for w in want)
    if name == "targets_quote":
        if want is None:
            return True
        units = [doc.preamble] + [it.text for it in doc.iter_items(deep=True)]
        return any(squeeze(want) in squeeze(u) for u in units)
    raise KeyError(name)


# ---------------------------------------------------------------------------
# Units


@dataclass
class UnitScore:
    labelled: int
    ours: int
    matched: int
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.ours if self.ours else 1.0


def unit_score(doc: Document, labels: Sequence[dict]) -> UnitScore:
    """How many labelled unit starts are the start of one of our units, and the reverse.

    Units are matched in order (a labelled quote may repeat: 各位代表！).
    """
    ours = [squeeze(u) for u in body_units(doc)]
    # the preamble may hold several paragraphs: each is a unit start of its own
    if doc.preamble:
        ours = [squeeze(p) for p in doc.preamble.splitlines() if p.strip()] + ours[1:]
    want = [squeeze(u["quote"]) for u in labels]
    matched, j = 0, 0
    used: set[int] = set()
    missed = []
    for q in want:
        k = next((k for k in range(j, len(ours)) if ours[k].startswith(q)), None)
        if k is None:
            missed.append(q)
            continue
        matched += 1
        used.add(k)
        j = k + 1
    extra = [ours[k][:16] for k in range(len(ours)) if k not in used]
    return UnitScore(len(want), len(ours), matched, missed, extra)


# ---------------------------------------------------------------------------
# Coverage: every body sentence inside some item or the preamble


def _metadata_lines(doc: Document) -> set[str]:
    lines = {doc.title, doc.org_mark, doc.doc_number, doc.issuer, doc.printed_by,
             "、".join(doc.recipients) + "：", "、".join(doc.recipients) + ":"}
    lines |= set(doc.cover_letter.splitlines()) if doc.cover_letter else set()
    lines |= set(doc.attachments)
    lines |= set((doc.issuer or "").split("、"))  # a 署名 of several issuers, one a line
    for key in ("subtitle", "speaker"):
        if doc.meta.get(key):
            lines.add(doc.meta[key])
    lines |= {rev.get("text", "") for rev in doc.meta.get("revisions") or ()}
    return {squeeze(x) for x in lines if x}


def _is_metadata(para: str, doc: Document, meta_lines: set[str]) -> bool:
    s = squeeze(para)
    if s in meta_lines or s.strip("（）()") in meta_lines:
        return True
    if doc.meta.get("subtitle") and s in squeeze(doc.meta["subtitle"]):
        return True  # a subtitle wrapped over two lines
    if re.match(r"^(抄送|附件|主送|附)[：:]", s) or re.match(r"^附件\d*", s) and len(s) < 40:
        return True
    date = re.search(r"\d{4}年\d{1,2}月\d{1,2}日$", s)
    if date and s[: date.start()] in meta_lines:  # an issuer with its 成文日期 on its line
        return True
    if parse_date(s) and re.fullmatch(r"[\d〇零一二三四五六七八九十○年月日]+", s):
        return True
    if s.endswith("印发") and parse_date(s):
        return True
    return False


def body_sentences(doc: Document) -> Iterator[str]:
    """The sentences of the cleaned text (outline labels removed), minus headings and
    metadata lines."""
    heads = {squeeze(s.title) for s in doc.iter_sections()}
    meta_lines = _metadata_lines(doc)
    for para in doc.text.splitlines():
        if not para.strip() or _is_metadata(para, doc, meta_lines):
            continue
        m = classify_marker(para)
        rest = m.rest if m else para
        if squeeze(rest) in heads or squeeze(para) in heads:
            continue
        for sentence in split_sentences(rest):
            piece = squeeze(sentence)
            if piece and piece.rstrip("。") not in heads:
                yield piece


def coverage(doc: Document) -> tuple[float, list[str]]:
    """(share of body sentences found inside an item or the preamble, those that are not)."""
    covered = set()
    for text in [doc.preamble] + [it.text for it in doc.iter_items(deep=True)]:
        for para in text.splitlines():
            m = classify_marker(para)
            for sentence in split_sentences(m.rest if m else para) + split_sentences(para):
                covered.add(squeeze(sentence))
    blob = squeeze(doc.preamble + "".join(it.text for it in doc.iter_items()))
    sentences = list(body_sentences(doc))
    # 8.6个重大科技专项 right after item 7 is item 8: its number is an outline label
    lost = [s for s in sentences if s not in covered and s not in blob
            and re.sub(r"^\d{1,3}[．.]", "", s) not in blob]
    share = 1 - len(lost) / len(sentences) if sentences else 1.0
    return share, lost


# ---------------------------------------------------------------------------
# The report


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "README.md"
                  and p.suffix.lower() != ".ofd")


def score(root: Path) -> dict:
    labels = {r["file"]: r for r in load_files()}
    docs = {rel: policytext.read(root / rel) for rel in labels}
    kinds = sum(getattr(docs[rel], "kind", None) == r["kind"] for rel, r in labels.items())
    per_field = {name: sum(field_right(name, r[name], docs[rel]) for rel, r in labels.items())
                 for name in FIELDS}
    units = {name: unit_score(docs[rel], load_units(name)) for name, rel in UNIT_FILES.items()}
    cover = {rel: coverage(d)[0] for rel, d in docs.items()}
    return {"n": len(labels), "kinds": kinds, "fields": per_field, "units": units,
            "coverage": cover, "docs": docs, "labels": labels}


def main() -> None:  # pragma: no cover - a report for people
    import sys

    from tests.conftest import SHARED_CORPORA

    result = score(SHARED_CORPORA)
    n = result["n"]
    print(f"kinds right: {result['kinds']}/{n}")
    total = sum(result["fields"].values())
    print(f"metadata fields right: {total}/{n * len(FIELDS)}")
    for name, right in result["fields"].items():
        print(f"  {name:18} {right}/{n}")
    for name, u in result["units"].items():
        print(f"units {name}: recall {u.matched}/{u.labelled} = {u.recall:.2f}, "
              f"precision {u.matched}/{u.ours} = {u.precision:.2f}")
    short = {rel: c for rel, c in result["coverage"].items() if c < 1}
    print(f"coverage 1.0 in {n - len(short)}/{n} files")
    for rel, c in sorted(short.items()):
        print(f"  {c:.3f} {rel}")
    if "-v" in sys.argv:
        for rel, r in result["labels"].items():
            wrong = [f for f in FIELDS if not field_right(f, r[f], result["docs"][rel])]
            if wrong:
                print(rel, wrong)


if __name__ == "__main__":  # pragma: no cover
    main()
