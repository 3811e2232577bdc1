"""Generate a SYNTHETIC corpus of work-report-like documents from real sentences, for scale.

The sentences are those of the real documents of ``../shared/corpora`` (the national and
provincial government work reports) and of the founding sample in ``corpora/``; a seeded
random generator recombines them into documents with a title, an opening paragraph,
一、 sections and （一） items, so the same arguments always give the same files.  Nothing
here is a real document: file names start with ``synthetic-``, each title ends with
``（合成样本）`` and each file has a sidecar ``<file>.meta.json`` saying
``"synthetic": true`` (stored in ``documents.synthetic``).  Used by bench/bench_scale.py.

    python scripts/make_scale_corpus.py OUT_DIR --docs 10000 [--items 6] [--seed 15]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DOC = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"
NUMERALS = "一二三四五六七八九十"
PLACES = ("某省", "某市", "某自治区", "某县", "某区", "某州", "某盟", "某特区")
LABEL = "（合成样本）"


def default_shared() -> Path:
    """``../shared/corpora`` next to the checkout (or further up, for git worktrees)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared" / "corpora"
    return ROOT.parent / "shared" / "corpora"


def sentence_pool(shared: Path | None = None) -> list[str]:
    """Distinct sentences (8–120 characters) of the real documents, read with policytext."""
    import policytext

    shared = shared or default_shared()
    sources = [SEED_DOC, *sorted((shared / "national-work-reports").glob("*.txt")),
               *sorted((shared / "provincial-work-reports").glob("*/*"))]
    pool: set[str] = set()
    for path in sources:
        if not path.is_file():
            continue
        doc = policytext.read(path)
        for item in doc.iter_items(deep=True):
            pool.update(s for s in item.sentences if 8 <= len(s) <= 120 and "\n" not in s)
    return sorted(pool)


def make_document(rng: random.Random, pool: list[str], *, year: int, place: str,
                  items: int) -> str:
    """One synthetic report as plain text: title, opening, sections of numbered items."""
    lines = [f"{year}年{place}政府工作报告{LABEL}", "", "".join(rng.sample(pool, 2)), ""]
    sections = max(1, min(len(NUMERALS), (items + 2) // 3))
    per = [items // sections + (k < items % sections) for k in range(sections)]
    n = 0
    for k, count in enumerate(per):
        lines += [f"{NUMERALS[k]}、{rng.choice(pool).rstrip('。；')}", ""]
        for _ in range(count):
            title = rng.choice(pool).rstrip("。；！")
            body = "".join(rng.sample(pool, rng.randint(1, 3)))
            lines += [f"（{NUMERALS[n % 10]}）{title}。{body}", ""]
            n += 1
    return "\n".join(lines)


def generate(out: Path, *, docs: int, items: int = 6, seed: int = 15,
             shared: Path | None = None) -> list[Path]:
    """Write ``docs`` synthetic documents (and their sidecars) into ``out``; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool(shared)
    rng = random.Random(seed)
    paths = []
    for d in range(docs):
        year = 2000 + d % 26
        place = f"{rng.choice(PLACES)}{d % 1000:03d}"
        path = out / f"synthetic-{d:06d}-{year}-{place}.txt"
        path.write_text(make_document(rng, pool, year=year, place=place, items=items),
                        encoding="utf-8")
        path.with_name(path.name + ".meta.json").write_text(json.dumps(
            {"synthetic": True, "made_by": "scripts/make_scale_corpus.py", "seed": seed,
             "sentences_from": "../shared/corpora work reports and corpora/"},
            ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--items", type=int, default=6)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--shared", type=Path, default=None)
    args = ap.parse_args()
    made = generate(args.out, docs=args.docs, items=args.items, seed=args.seed,
                    shared=args.shared)
    print(f"wrote {len(made)} synthetic documents to {args.out}")
