#!/usr/bin/env python3
"""Make SYNTHETIC earlier-year documents with recorded edits (ground truth for compare).

    python scripts/make_synthetic.py            # writes corpora/2024-…-synthetic.txt (+ .meta.json)

The real 2025 work points (corpora/2025-江苏省科技社团党的建设工作要点.txt) are the
*new* year.  An *old* year is made from them by applying edits in reverse, each
recorded as it reads from old to new:

- ``unchanged`` — same text, renumbered because other items moved around it;
- ``modified``  — a sentence dropped, added or reworded;
- ``moved``     — the item sits in another section in the old year (maybe also modified);
- ``split``     — one old item is two consecutive new items run together;
- ``merged``    — two old items are the halves of one new item;
- ``added``     — a new item absent from the old year;
- ``removed``   — an old item (from a bank of invented 2024-only work points) absent from the new;

and the sections are re-sectioned: reordered and one retitled, so every number changes.
Everything written is labelled synthetic: in the file name (``-synthetic``) and in
a sidecar ``<file>.meta.json`` with ``"synthetic": true`` and the edit list.

:func:`make_pair` is the generator the tests and the benchmark use: any seed, three
numbering styles (``workpoints`` 一、/1．, ``report`` 一、/（一）, ``law`` 第X章/第X条),
and the ground truth as (type, old paths, new paths).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"
DEMO_OLD = ROOT / "corpora" / "2024-江苏省科技社团党的建设工作要点-synthetic.txt"

STYLES = ("workpoints", "report", "law")

#: Invented work points for the old year only (they are what ``removed`` removes).
#: Written for this generator; they describe nothing that happened.
REMOVED_BANK = (
    "完成年度党建统计年报。按照统一口径采集党员数量、组织设置和换届情况等基础数据，"
    "逐项核对后于一月底前报送，数据差错率控制在千分之一以内。",
    "升级党务信息平台。对平台服务器、数据库和移动端进行迁移改造，开通电子台账在线填报，"
    "实现文件下发、报表汇总和档案归集全程网上办理。",
    "办好纪念建会周年系列活动。编印会史画册，征集老照片和实物资料，举办图片展览和座谈会，"
    "回顾各学会创办以来的发展历程。",
    "规范经费票据管理。清理往来账款和暂存资金，统一票据领用登记，按季度开展财务抽查，"
    "对超标准列支的费用限期整改。",
    "建设学会工作者之家。利用会员活动室设置阅览角、健身区和母婴室，配备图书报刊和休息设施，"
    "为会员提供交流休憩场所。",
    "做好档案数字化扫描。将历年会议纪要、换届材料和会员名册扫描建库，编制目录索引，"
    "纸质原件按年度装盒归档保存。",
)

#: Sentences the old year had and the new year dropped (for ``modified``).
EXTRA_SENTENCES = (
    "年内组织开展一次专项督查。",
    "有关情况于年底前书面报送。",
    "各学会要明确一名联络员具体负责。",
    "做到有计划、有检查、有总结。",
)

#: Rewordings old → new (applied in reverse to make the old text).
REWORDINGS = (
    ("持续", "深入"), ("加强", "强化"), ("推动", "推进"), ("完善", "健全"),
    ("认真", "扎实"), ("着力", "切实"), ("积极", "主动"),
)

_CN = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五 (as printed in outlines and article numbers)."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    rest = n % 100
    head = _CN[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _CN[rest]
    return head + (_CN[rest // 10] + "十" + (_CN[rest % 10] if rest % 10 else ""))


@dataclass
class Unit:
    """An item of the document being built: its text and which new items it comes from."""

    text: str
    new: tuple[str, ...] = ()   # ids of new items (``s.k``)
    edit: str = "unchanged"


@dataclass
class Spec:
    """A document as sections of item texts."""

    title: str
    preamble: str
    sections: list[tuple[str, list[Unit]]] = field(default_factory=list)


def render(spec: Spec, style: str) -> tuple[str, list[list[str]]]:
    """The document as text in a numbering style, and each unit's path (per section)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r} (one of {', '.join(STYLES)})")
    lines = [spec.title, "", spec.preamble, ""]
    paths: list[list[str]] = []
    n = 0
    for s, (title, units) in enumerate(spec.sections, start=1):
        sec = f"第{cn_numeral(s)}章" if style == "law" else cn_numeral(s)
        lines.append(f"{sec} {title}" if style == "law" else f"{sec}、{title}")
        lines.append("")
        these = []
        for k, unit in enumerate(units, start=1):
            n += 1
            if style == "workpoints":
                num, label = str(n), f"{n}．"
            elif style == "report":
                num = f"（{cn_numeral(k)}）"
                label = num
            else:
                num = f"第{cn_numeral(n)}条"
                label = num + " "
            lines.append(label + unit.text)
            lines.append("")
            these.append(f"{sec}/{num}")
        paths.append(these)
    return "\n".join(lines), paths


def _sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。！？]*[。！？]?", text) if s]


def _modify(text: str, rng: random.Random) -> str:
    """The old version of a modified item: one edit, reversed (old → new reads forwards)."""
    sents = _sentences(text)
    how = rng.choice(("extra", "reword", "drop"))
    if how == "drop" and len(sents) >= 3:
        # the new year added a sentence: the old text lacks one (never the first)
        k = rng.randrange(1, len(sents))
        return "".join(sents[:k] + sents[k + 1:])
    if how == "reword":
        hits = [(a, b) for a, b in REWORDINGS if b in text]
        if len(hits) >= 1:
            done = text
            for a, b in hits[:2]:
                done = done.replace(b, a, 1)
            return done
    # the new year dropped a sentence: the old text has one more, after a random sentence
    k = rng.randrange(1, len(sents) + 1)
    return "".join(sents[:k] + [rng.choice(EXTRA_SENTENCES)] + sents[k:])


def make_pair(new: Spec, *, seed: int = 0, style: str = "workpoints",
              old_year: int = 2024, new_year: int = 2025) -> dict:
    """Make an old year from ``new`` with one or more edits of every type.

    Returns ``{"old_text", "new_text", "truth", "edits"}``; ``truth`` lists
    ``{"type", "old": [paths], "new": [paths]}`` for every item of both years.
    """
    rng = random.Random(seed)
    ids = [(s, k) for s, (_, units) in enumerate(new.sections) for k in range(len(units))]
    for s, k in ids:
        new.sections[s][1][k].new = (f"{s}.{k}",)
    taken: set[tuple[int, int]] = set()

    def pick(cond=lambda s, k: True) -> tuple[int, int]:
        free = [i for i in ids if i not in taken and cond(*i)]
        if not free:
            raise ValueError("the document is too small for every kind of edit")
        choice = rng.choice(free)
        taken.add(choice)
        return choice

    sizes = [len(u) for _, u in new.sections]
    # split: two consecutive new items in one section were one old item
    pairs = [(s, k) for s, k in ids if k + 1 < sizes[s]]
    s_split, k_split = rng.choice(pairs)
    taken.update({(s_split, k_split), (s_split, k_split + 1)})
    # merged: a new item of at least two sentences was two old items
    merged = pick(lambda s, k: len(_sentences(new.sections[s][1][k].text)) >= 4)
    # moved: from a section of three or more, into another section in the old year
    moved = pick(lambda s, k: sizes[s] >= 3)
    added = pick()
    modified = [pick(), pick()]

    old_sections: list[tuple[str, list[Unit]]] = []
    for s, (title, units) in enumerate(new.sections):
        out: list[Unit] = []
        k = 0
        while k < len(units):
            u = units[k]
            key = (s, k)
            if key == (s_split, k_split):
                v = units[k + 1]
                out.append(Unit(u.text + v.text, u.new + v.new, "split"))
                k += 2
                continue
            if key == merged:
                sents = _sentences(u.text)
                half = len(sents) // 2
                out.append(Unit("".join(sents[:half]), u.new, "merged"))
                out.append(Unit("".join(sents[half:]), u.new, "merged"))
            elif key == added:
                pass
            elif key in modified:
                out.append(Unit(_modify(u.text, rng), u.new, "modified"))
            elif key != moved:
                out.append(Unit(u.text, u.new, "unchanged"))
            k += 1
        old_sections.append((title, out))
    # the moved item goes to another section of the old year (and may be reworded too)
    ms, mk = moved
    mu = new.sections[ms][1][mk]
    target = rng.choice([s for s in range(len(old_sections)) if s != ms])
    mtext = _modify(mu.text, rng) if rng.random() < 0.5 else mu.text
    pos = rng.randrange(len(old_sections[target][1]) + 1)
    old_sections[target][1].insert(pos, Unit(mtext, mu.new, "moved"))
    # removed: two invented items
    for text in rng.sample(REMOVED_BANK, 2):
        s = rng.randrange(len(old_sections))
        old_sections[s][1].insert(rng.randrange(len(old_sections[s][1]) + 1),
                                  Unit(text, (), "removed"))
    # re-sectioning: swap two sections, retitle one
    a, b = rng.sample(range(len(old_sections)), 2)
    order = list(range(len(old_sections)))
    order[a], order[b] = order[b], order[a]
    old_sections = [old_sections[i] for i in order]
    t = rng.randrange(len(old_sections))
    title, units = old_sections[t]
    old_sections[t] = ("持续" + title if not title.startswith("持续") else title[2:], units)

    old_spec = Spec(new.title.replace(str(new_year), str(old_year)),
                    new.preamble.replace(str(new_year), str(old_year)), old_sections)
    new_spec = Spec(new.title, new.preamble, new.sections)
    old_text, old_paths = render(old_spec, style)
    new_text, new_paths = render(new_spec, style)
    new_path_of = {f"{s}.{k}": new_paths[s][k] for s, k in ids}

    truth: list[dict] = []
    groups: dict[tuple[str, ...], list[str]] = {}
    for (_, units), paths in zip(old_sections, old_paths, strict=False):
        for unit, path in zip(units, paths, strict=False):
            if unit.edit == "merged":
                groups.setdefault(unit.new, []).append(path)
                continue
            truth.append({"type": unit.edit, "old": [path],
                          "new": [new_path_of[i] for i in unit.new]})
    for new_ids, olds in groups.items():
        truth.append({"type": "merged", "old": olds, "new": [new_path_of[i] for i in new_ids]})
    truth.append({"type": "added", "old": [], "new": [new_path_of[f"{added[0]}.{added[1]}"]]})
    edits = [{"type": t["type"], "old": t["old"], "new": t["new"]} for t in truth
             if t["type"] != "unchanged"]
    return {"old_text": old_text, "new_text": new_text, "truth": truth, "edits": edits,
            "style": style, "seed": seed, "section_order": order}


def spec_from_document(doc) -> Spec:
    """A :class:`Spec` of a read document's top-level items (section title + item texts)."""
    sections = [(s.title, [Unit(it.text) for it in s.items]) for s in doc.sections if s.items]
    return Spec(doc.title or "", doc.preamble, sections)


def seed_spec() -> Spec:
    import policytext

    return spec_from_document(policytext.read(SEED))


def random_spec(n_items: int, *, seed: int = 0, n_sections: int = 5, base: Spec | None = None,
                title: str = "2025年江苏省科技社团党的建设工作要点") -> Spec:
    """A bigger document made by recombining the seed's sentences (for benchmarks)."""
    rng = random.Random(seed)
    base = base or seed_spec()
    pool = [s for _, units in base.sections for u in units for s in _sentences(u.text)]
    titles = [t for t, _ in base.sections]
    sections: list[tuple[str, list[Unit]]] = [
        (titles[i % len(titles)] + ("" if i < len(titles) else cn_numeral(i)), [])
        for i in range(n_sections)]
    for i in range(n_items):
        text = "".join(rng.sample(pool, rng.randint(3, 5)))
        sections[i * n_sections // n_items][1].append(Unit(text))
    return Spec(title, base.preamble, sections)


def write_demo(out: Path = DEMO_OLD, *, seed: int = 2024) -> Path:
    """Write the synthetic 2024 work points and their sidecar (edits, provenance)."""
    import policytext

    new_doc = policytext.read(SEED)
    pair = make_pair(spec_from_document(new_doc), seed=seed, style="workpoints")
    # the new document's paths must be the real 2025 file's paths
    real = [it.path for it in new_doc.items]
    rendered = policytext.read_text(pair["new_text"])
    if [it.path for it in rendered.items] != real:
        raise SystemExit("rendered 2025 paths differ from the real file's")
    out.write_text(pair["old_text"] + "\n", encoding="utf-8")
    meta = {
        "synthetic": True,
        "generator": "scripts/make_synthetic.py",
        "seed": seed,
        "derived_from": SEED.name,
        "note": "SYNTHETIC: an invented earlier year made from the real 2025 work points by "
                "the recorded edits below; it is not a real 2024 document.",
        "title": pair["old_text"].splitlines()[0],
        "year": 2024,
        "issuer": new_doc.issuer,
        "edits": pair["edits"],
        "truth": pair["truth"],
    }
    sidecar = out.with_name(out.name + ".meta.json")
    sidecar.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", type=Path, default=DEMO_OLD)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args(argv)
    if "synthetic" not in args.output.name:
        print("error: a synthetic file's name must say 'synthetic'", file=sys.stderr)
        return 2
    path = write_demo(args.output, seed=args.seed)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
          f"(+ .meta.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
