"""Generate a SYNTHETIC corpus with planted text reuse and planted boilerplate, and its truth.

Two generators, both seeded (the same arguments always give the same files), both
labelled synthetic (file names ``synthetic-reuse-…``, titles opening ``合成样本NNN``,
sidecars ``"synthetic": true``):

``planted(out, shared)`` — for the evaluation (tests/test_reuse_planted.py).  Real
documents of ``../shared/corpora`` (six provincial 2025 reports, three national
reports, one version of each law, the founding 2025 work points) are cut into
chunks of consecutive sentences, one synthetic document per chunk.  Sentences that
share an 8-character run with another chunk are dropped first, so that the only
reuse left between documents is what this script plants (the truth is complete).
Then:

* real sentences (or runs of two or three, for passage-level reuse) of one document
  are planted into a later document, with small edits recorded one by one:
  insertions, deletions, synonym swaps, reordering of two clauses;
* three real boilerplate formulas are planted into 55–85% of the documents.

``truth.json`` lists every plant (source document and text, target document and the
text as planted, the edits and the edited share) and every boilerplate plant.

``scaled(n)`` — for the benchmark (bench/bench_reuse.py): ``n`` documents of text
from a word-bigram chain over the same real documents (Chinese-looking, not real),
with real sentences planted across documents and boilerplate in half of them.

    python scripts/make_reuse_corpus.py OUT_DIR [--shared ../shared/corpora]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DOC = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"
LABEL = "（合成样本）"
NUMERALS = "一二三四五六七八九十"

#: Real formulas that government and party documents of 2023–2025 repeat verbatim.
BOILERPLATE = (
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届二中、三中全会精神。",
    "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，扎实推动高质量发展。",
    "在思想上政治上行动上同以习近平同志为核心的党中央保持高度一致。",
)

#: Synonym swaps as a drafting office makes them (each way).
SYNONYMS = (("推进", "推动"), ("加强", "强化"), ("提升", "提高"), ("完善", "健全"),
            ("深化", "深入"), ("加快", "加速"), ("支持", "扶持"), ("落实", "贯彻"),
            ("促进", "推动"), ("建设", "打造"), ("开展", "实施"), ("重点", "重要"),
            ("积极", "主动"), ("全面", "全力"), ("持续", "不断"), ("构建", "建立"))
INSERTS = ("进一步", "切实", "持续", "大力", "全面", "着力", "积极", "扎实")

_RE_SENT = re.compile(r"[^。！？；]*[。！？；]")
_RE_WORD = re.compile(r"[\u4e00-\u9fff0-9a-zA-Z]")


def _skeleton(text: str) -> str:
    return "".join(_RE_WORD.findall(text))


@dataclass
class Host:
    """One synthetic document in the making: sentences in paragraphs (items)."""

    family: str
    issuer: str
    level: str
    year: int
    items: list[list[str]] = field(default_factory=list)
    name: str = ""


def _real_documents(shared: Path) -> list[tuple[str, str, str, object]]:
    """(family, issuer, level, Document) of the real documents the hosts come from."""
    import policytext

    out = []
    for d in sorted((shared / "provincial-work-reports").iterdir()):
        f = d / "2025-政府工作报告.docx"
        if f.exists():
            issuer = f"{d.name}市人民政府" if d.name in ("北京", "上海") else f"{d.name}省人民政府"
            out.append((f"province-{d.name}", issuer, "provincial", policytext.read(f)))
    for year in (2015, 2019, 2022):
        f = shared / "national-work-reports" / f"{year}-国务院政府工作报告.txt"
        if f.exists():
            out.append(("national", "国务院", "central", policytext.read(f)))
    for d in sorted((shared / "law-versions").iterdir()):
        versions = sorted(d.glob("*.md"))
        if versions:
            out.append((f"law-{d.name}", "全国人民代表大会常务委员会", "central",
                        policytext.read(versions[-1])))
    out.append(("seed", "中共江苏省科技社团委员会", "provincial", policytext.read(SEED_DOC)))
    return out


_RE_ENUM = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]"
                      r"|[一二三四五六七八九十]+、|\d+[．.、])")


def _sentences(doc) -> list[str]:
    """The document's sentences, without the enumerators a list puts before some
    (（四）…: at the head of a line it would become an item number)."""
    from policytext.compare.reuse import iter_passages

    out = []
    for _, text in iter_passages(doc):
        for para in text.split("\n"):
            sents = (_RE_ENUM.sub("", s) for s in _RE_SENT.findall(para.strip()))
            out.extend(s for s in sents if len(_skeleton(s)) >= 8)
    return out


def _dedupe(chunks: list[list[str]], n: int = 8) -> list[list[str]]:
    """Drop sentences sharing an n-character run with a sentence of another chunk."""
    owners: dict[str, set[int]] = {}
    for ci, sents in enumerate(chunks):
        for s in sents:
            sk = _skeleton(s)
            for i in range(len(sk) - n + 1):
                owners.setdefault(sk[i:i + n], set()).add(ci)
    out = []
    for ci, sents in enumerate(chunks):
        keep = []
        for s in sents:
            sk = _skeleton(s)
            if all(owners[sk[i:i + n]] == {ci} for i in range(len(sk) - n + 1)):
                keep.append(s)
        out.append(keep)
    return out


# ---------------------------------------------------------------------------
# Edits

def _edit(text: str, rng: random.Random, budget: float) -> tuple[str, list[dict]]:
    """Apply small edits until ``budget`` (share of characters) would be passed."""
    length = len(_skeleton(text))
    spent = 0
    edits: list[dict] = []
    kinds = ["synonym", "insert", "delete", "reorder"]
    for _ in range(12):
        if spent >= budget * length:
            break
        kind = rng.choice(kinds)
        new, cost = text, 0
        if kind == "synonym":
            pairs = [(a, b) for x, y in SYNONYMS for a, b in ((x, y), (y, x)) if a in text]
            if pairs:
                a, b = rng.choice(pairs)
                new, cost = text.replace(a, b, 1), len(a)
        elif kind == "insert":
            word = rng.choice(INSERTS)
            marks = [m.end() for m in re.finditer(r"[，、；：]", text)
                     if m.end() < len(text) - 1] or [0]
            at = rng.choice(marks)
            new, cost = text[:at] + word + text[at:], len(word)
        elif kind == "delete":
            words = [w for w in INSERTS if w in text]
            if words:
                w = rng.choice(words)
                new, cost = text.replace(w, "", 1), len(w)
            else:
                sk_positions = [i for i, ch in enumerate(text) if _RE_WORD.match(ch)]
                if len(sk_positions) > 8:
                    at = rng.choice(sk_positions[2:-4])
                    n = rng.choice((1, 2))
                    if all(_RE_WORD.match(c) for c in text[at:at + n]):
                        new, cost = text[:at] + text[at + n:], n
        elif kind == "reorder":
            body, end = (text[:-1], text[-1]) if text[-1] in "。；！？" else (text, "")
            clauses = body.split("，")
            if len(clauses) >= 3:
                k = rng.randrange(len(clauses) - 1)
                cost = min(len(_skeleton(clauses[k])), len(_skeleton(clauses[k + 1])))
                clauses[k], clauses[k + 1] = clauses[k + 1], clauses[k]
                new = "，".join(clauses) + end
        if cost == 0 or new == text or spent + cost > budget * length:
            continue
        edits.append({"kind": kind, "chars": cost})
        spent += cost
        text = new
    return text, edits


# ---------------------------------------------------------------------------
# Writing documents

def _render(host: Host, k: int) -> str:
    title = f"{LABEL[1:-1]}{k:03d} {host.year}年{host.issuer}工作要点"
    lines = [title]
    items = host.items
    if items:
        lines.append("".join(items[0]))          # the preamble
    body = items[1:]
    per = max(1, (len(body) + 2) // 3)
    n = 0
    for s in range(0, len(body), per):
        lines.append(f"{NUMERALS[s // per]}、第{NUMERALS[s // per]}部分工作")
        for item in body[s:s + per]:
            n += 1
            lines.append(f"{n}．" + "".join(item))
    return "\n".join(lines) + "\n"


def _write(out: Path, hosts: list[Host], truth: dict, seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, host in enumerate(hosts):
        path = out / host.name
        path.write_text(_render(host, k), encoding="utf-8")
        meta = {"synthetic": True, "generator": "scripts/make_reuse_corpus.py", "seed": seed,
                "issuer": host.issuer, "issuer_level": host.level, "family": host.family}
        path.with_name(path.name + ".meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    return paths


def _plant_boilerplate(hosts: list[Host], rng: random.Random) -> list[dict]:
    out = []
    for text in BOILERPLATE:
        share = rng.uniform(0.55, 0.85)
        chosen = rng.sample(range(len(hosts)), k=max(1, round(share * len(hosts))))
        for h in chosen:
            item = rng.choice(hosts[h].items)
            item.insert(rng.randint(0, len(item)), text)
        out.append({"text": text, "docs": sorted(hosts[h].name for h in chosen)})
    return out


def _plant(hosts: list[Host], rng: random.Random, n: int, *, max_edit: float = 0.15,
           frozen: set | None = None) -> list[dict]:
    """Plant ``n`` real sentences (or 2–3-sentence passages) into later documents.

    An item gives at most one plant and receives at most one, never both (so a source
    run is never split by a later insertion, and a plant is never copied on)."""
    frozen = frozen if frozen is not None else set()
    plants = []
    tries = 0
    while len(plants) < n and tries < n * 50:
        tries += 1
        a, b = rng.sample(range(len(hosts)), k=2)
        if hosts[a].year > hosts[b].year:
            a, b = b, a
        src, dst = hosts[a], hosts[b]
        if src.year == dst.year or src.family == dst.family:
            continue
        ii, jj = rng.randrange(len(src.items)), rng.randrange(len(dst.items))
        if (a, ii) in frozen or (b, jj) in frozen:
            continue
        item = src.items[ii]
        run = 1 if rng.random() < 0.75 else rng.choice((2, 3))
        if len(item) < run:
            continue
        si = rng.randrange(len(item) - run + 1)
        original = "".join(item[si:si + run])
        if not 20 <= len(original) <= 220 or any(t in original for t in BOILERPLATE):
            continue
        budget = rng.choice((0.0, 0.05, 0.10, 0.15)) if max_edit <= 0.15 else max_edit
        planted_text, edits = _edit(original, rng, budget) if run == 1 else \
            _edit_passage(item[si:si + run], rng, budget)
        frozen.update({(a, ii), (b, jj)})
        target = dst.items[jj]
        target.insert(rng.randint(0, len(target)), planted_text)
        length = len(_skeleton(original))
        plants.append({"source_doc": src.name, "source_text": original,
                       "target_doc": dst.name, "target_text": planted_text,
                       "sentences": run, "edits": edits,
                       "edited": round(sum(e["chars"] for e in edits) / max(1, length), 4)})
    return plants


def _edit_passage(sents: list[str], rng: random.Random, budget: float):
    out, edits = [], []
    for s in sents:
        t, e = _edit(s, rng, budget)
        out.append(t)
        edits.extend(e)
    return "".join(out), edits


def planted(out: str | Path, shared: str | Path, *, seed: int = 16, per_chunk: int = 36,
            chunks_per_doc: int = 4, plants: int = 150) -> dict:
    """Write the planted evaluation corpus into ``out``; returns the truth."""
    rng = random.Random(seed)
    real = _real_documents(Path(shared))
    hosts: list[Host] = []
    chunks: list[list[str]] = []
    for family, issuer, level, doc in real:
        sents = _sentences(doc)
        for c in range(min(chunks_per_doc, max(1, len(sents) // per_chunk))):
            chunks.append(sents[c * per_chunk:(c + 1) * per_chunk])
            hosts.append(Host(family, issuer, level, 0))
    for host, sents in zip(hosts, _dedupe(chunks), strict=True):
        host.items = [sents[i:i + 3] for i in range(0, len(sents), 3)] or [[]]
    years = list(range(2012, 2026))
    cities = iter(f"合成{c}市人民政府" for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉")
    for k, host in enumerate(hosts):
        host.year = rng.choice(years)
        if host.level == "provincial" and host.family.startswith("province") and k % 2:
            host.issuer, host.level = next(cities), "municipal"  # a city's copy of its province
        host.name = f"synthetic-reuse-{k:03d}.txt"
    hosts = [h for h in hosts if sum(len(i) for i in h.items) >= 6]
    for k, host in enumerate(hosts):
        host.name = f"synthetic-reuse-{k:03d}.txt"
    truth = {"synthetic": True, "seed": seed, "documents": len(hosts)}
    truth["boilerplate"] = _plant_boilerplate(hosts, rng)
    truth["plants"] = _plant(hosts, rng, plants)
    _write(Path(out), hosts, truth, seed)
    return truth


# ---------------------------------------------------------------------------
# The benchmark's corpus

def _chain(shared: Path):
    """A word-bigram chain over the real documents (jieba words of policytext's tokenizer).

    Returns sentence-opening words, each word's successors, every word as seen (the
    unigram distribution) and the real sentences."""
    from policytext.text import tokenizer

    tok = tokenizer()
    succ: dict[str, list[str]] = {}
    starts: list[str] = []
    real = [s for *_, doc in _real_documents(shared) for s in _sentences(doc)]
    for s in real:
        words = [w for w in tok.lcut(s) if w.strip()]
        if not words:
            continue
        starts.append(words[0])
        for x, y in zip(words, words[1:], strict=False):
            succ.setdefault(x, []).append(y)
    words = [w for ws in succ.values() for w in ws]
    return starts, succ, words, real


#: How often the chain jumps to any word instead of a successor: a pure bigram chain
#: over a small corpus copies its runs of words verbatim (every generated document
#: would share 6–10-character runs with hundreds of others).
_JUMP = 0.5


def _babble(rng: random.Random, starts, succ, vocabulary, chars: int) -> list[str]:
    out, total = [], 0
    while total < chars:
        w = rng.choice(starts)
        words = [w]
        while not w.endswith(("。", "；", "！", "？")) and len(words) < 40:
            nxt = succ.get(w)
            if not nxt:
                break
            w = rng.choice(vocabulary if rng.random() < _JUMP else nxt)
            words.append(w)
        s = "".join(words)
        if not s.endswith(("。", "；", "！", "？")):
            s += "。"
        out.append(s)
        total += len(s)
    return out


def scaled(n: int, shared: str | Path, *, seed: int = 16, chars: int = 1500,
           plants: int | None = None) -> tuple[list[tuple[str, str, dict]], dict]:
    """``n`` synthetic documents (name, text, meta) from the word chain, with plants."""
    rng = random.Random(seed)
    starts, succ, vocabulary, real_sentences = _chain(Path(shared))
    hosts = []
    for k in range(n):
        sents = _babble(rng, starts, succ, vocabulary, chars)
        host = Host(f"chain-{k}", f"合成{k:05d}市人民政府", "municipal",
                    rng.randint(2012, 2025), name=f"synthetic-reuse-{k:05d}.txt")
        host.items = [sents[i:i + 3] for i in range(0, len(sents), 3)]
        hosts.append(host)
    # real sentences, each into one document, then copied with edits into a later one
    # (sentences sharing an 8-character run with another are left out: the truth stays
    # complete)
    pool = [c[0] for c in _dedupe([[s] for s in dict.fromkeys(real_sentences)]) if c
            and 20 <= len(c[0]) <= 150]
    rng.shuffle(pool)
    for s, h in zip(pool[:n], rng.sample(range(n), k=min(n, len(pool))), strict=False):
        rng.choice(hosts[h].items).append(s)
    truth = {"synthetic": True, "seed": seed, "documents": n,
             "boilerplate": _plant_boilerplate(hosts, rng)}
    truth["plants"] = _plant(hosts, rng, plants if plants is not None else n // 10)
    docs = [(h.name, _render(h, k), {"synthetic": True, "issuer": h.issuer,
                                     "issuer_level": h.level})
            for k, h in enumerate(hosts)]
    return docs, truth


def default_shared() -> Path:
    """``../shared/corpora`` next to the checkout (or further up, for git worktrees)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared" / "corpora"
    return ROOT.parent / "shared" / "corpora"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--shared", default=str(default_shared()))
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    truth = planted(args.out, args.shared, seed=args.seed)
    print(f"wrote {truth['documents']} synthetic documents, {len(truth['plants'])} plants, "
          f"{len(truth['boilerplate'])} boilerplate formulas to {args.out}")


if __name__ == "__main__":
    main()
