"""Generate a SYNTHETIC corpus of 工作要点-like documents (labelled synthetic in names and titles).

Every file is built from the sentences of the founding sample (corpora/), shuffled
and recombined with a seeded random generator, so the same arguments always
give the same files.  Nothing here is a real document: file names start with
``synthetic-`` and each title ends with ``（合成样本）``.  Used by the kill -9
test (tests/test_crash.py) and the store benchmark (bench/bench_store.py).

    python scripts/make_synthetic_corpus.py OUT_DIR --docs 200 --items 12
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"
NUMERALS = "一二三四五六七八九十"
ORGS = ("江苏省科技社团", "某市社会组织", "某省学会", "某区两新组织", "某县机关", "某高校院系",
        "某国有企业", "某街道社区")
LABEL = "（合成样本）"


def _pool() -> tuple[list[str], list[str]]:
    """Sentences and section headings of the seed (read with policytext itself)."""
    import policytext

    doc = policytext.read(SEED)
    sentences = [s for it in doc.iter_items(deep=True) for s in it.sentences]
    headings = [sec.title for sec in doc.sections]
    return sentences, headings


def make_document(rng: random.Random, *, year: int, org: str, n_items: int,
                  sentences: list[str], headings: list[str], serial: int) -> str:
    """One synthetic document as plain text in the layout of the seed."""
    title = f"{year}年{org}党的建设工作要点{LABEL}"
    lines = ["各基层党组织：", f"现将《{title}》印发给你们，请结合实际认真贯彻落实。",
             f"中共{org}委员会", f"{year}年4月{1 + serial % 28}日",
             f"{year}年，{org}党的建设工作总体要求是：{rng.choice(sentences)}"]
    per_section = max(1, n_items // 4)
    n = 0
    for s in range(4):
        if n >= n_items:
            break
        heading = re.sub(r"^[一二三四五六七八九十]+、", "", headings[s % len(headings)])
        lines.append(f"{NUMERALS[s]}、{heading}")
        count = per_section if s < 3 else n_items - n
        for _ in range(count):
            n += 1
            body = "".join(rng.sample(sentences, k=min(len(sentences), rng.randint(2, 5))))
            head = rng.choice(sentences).rstrip("。；")[:24]
            lines.append(f"{n}．{head}。{body}")
    return "\n".join(lines) + "\n"


def generate(out: str | Path, *, docs: int = 200, items: int = 12, seed: int = 2025,
             years: tuple[int, int] = (2016, 2025)) -> list[Path]:
    """Write ``docs`` synthetic documents into ``out``; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sentences, headings = _pool()
    paths = []
    for k in range(docs):
        span = years[1] - years[0] + 1
        org = ORGS[(k // span) % len(ORGS)]   # one series per organisation, year after year
        year = years[0] + k % span
        text = make_document(rng, year=year, org=org, n_items=items, sentences=sentences,
                             headings=headings, serial=k)
        path = out / f"synthetic-{k:05d}-{year}-{org}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--items", type=int, default=12)
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args()
    paths = generate(args.out, docs=args.docs, items=args.items, seed=args.seed)
    print(f"wrote {len(paths)} synthetic documents to {args.out}")


if __name__ == "__main__":
    main()
