"""Benchmark: theme tagging throughput and the cold start of ``policytext tag``.

1. Items per second tagging 10,000 items (made deterministically from the
   sentences of the seed and, when present, ../shared/corpora's national
   reports), against lexicon-only scoring of the same items in the same run.
2. Wall time of ``policytext tag SEED`` in a fresh interpreter, against
   ``python -c "import jieba; jieba.initialize()"`` — each with a cold cache
   (first run in an empty cache folder) and a warm one (median of 3 runs).
3. ``policytext tag`` on a national work report (../shared/corpora, 2022) in a fresh
   interpreter against a cold ``jieba.lcut`` of the same text in its own process (each
   with its dictionary cache built; median of 3): wall and CPU time and their ratios
   (target ≤ 1.5; on a loaded machine the CPU ratio is the one to trust).

Run: ``.venv/bin/python bench/bench_tag.py``.  Caches and temp files go to a
temporary folder removed at the end.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"
N_ITEMS = 10_000


def sentences() -> list[str]:
    import policytext

    docs = [policytext.read(SEED)]
    for parent in ROOT.parents:
        reports = parent / "shared" / "corpora" / "national-work-reports"
        if reports.is_dir():
            docs += [policytext.read(p) for p in sorted(reports.glob("*.txt"))]
            break
    return [s for d in docs for i in d.items for s in i.sentences if len(s) >= 8]


def make_items(pool: list[str], n: int) -> list[str]:
    rng = random.Random(0)
    return ["".join(rng.sample(pool, rng.randint(2, 5))) for _ in range(n)]


def throughput() -> None:
    from policytext import themes

    pool = sentences()
    items = make_items(pool, N_ITEMS)
    tax = themes.load_taxonomy("party")
    model = themes.default_model(tax)
    model.tag_texts(items[:10])  # tokenizer and model built before timing

    t = time.perf_counter()
    for text in items:
        themes.lexicon_scores(text, tax)
    lexicon = time.perf_counter() - t

    from policytext.text import tokenize

    t = time.perf_counter()
    for text in items:
        tokenize(text, added=False)
    tokens = time.perf_counter() - t
    themes._tokens.cache_clear()  # the tagger must tokenise afresh

    t = time.perf_counter()
    tags = model.tag_texts(items)
    full = time.perf_counter() - t
    assert len(tags) == N_ITEMS
    chars = sum(map(len, items))
    print(f"items: {N_ITEMS} from {len(pool)} sentences, {chars / N_ITEMS:.0f} characters each")
    print(f"  lexicon only (baseline)  {N_ITEMS / lexicon:10.0f} items/s")
    print(f"  jieba tokenising only    {N_ITEMS / tokens:10.0f} items/s")
    print(f"  lexicon + model (tag)    {N_ITEMS / full:10.0f} items/s   "
          f"ratio {full / lexicon:.0f}x the lexicon's time, {full / tokens:.1f}x tokenising's")


def _run(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _run_cpu(cmd: list[str], env: dict) -> tuple[float, float]:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = _run(cmd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def national() -> None:
    name = "2022-国务院政府工作报告.txt"
    report = next((p / "shared" / "corpora" / "national-work-reports" / name
                   for p in ROOT.parents if (p / "shared" / "corpora").is_dir()), None)
    if report is None or not report.is_file():
        print("national report: ../shared/corpora absent; skipped")
        return
    tag = [sys.executable, "-m", "policytext", "tag", str(report)]
    lcut = [sys.executable, "-c", "import sys, jieba; "
            "jieba.lcut(open(sys.argv[1], encoding='utf-8').read())", str(report)]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TMPDIR=tmp, POLICYTEXT_CACHE_DIR=tmp)
        _run(tag, env), _run(lcut, env)  # both dictionary caches built
        runs = {name: [_run_cpu(cmd, env) for _ in range(3)]
                for name, cmd in (("lcut", lcut), ("tag", tag))}
    (lw, lc), (tw, tc) = ((statistics.median(w for w, _ in runs[k]),
                           statistics.median(c for _, c in runs[k])) for k in ("lcut", "tag"))
    print(f"national report {report.name} ({len(report.read_text(encoding='utf-8')):,} "
          "characters), fresh interpreter each, median of 3:")
    print(f"  jieba.lcut (baseline)   {lw:5.2f} s wall  {lc:5.2f} s CPU")
    print(f"  policytext tag          {tw:5.2f} s wall  {tc:5.2f} s CPU   ratio {tw / lw:.2f} "
          f"(wall), {tc / lc:.2f} (CPU); target ≤ 1.5")


def cold_start() -> None:
    tag = [sys.executable, "-m", "policytext", "tag", str(SEED)]
    bare = [sys.executable, "-c", "import jieba; jieba.initialize()"]
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for name, cmd in (("jieba.initialize (baseline)", bare), ("policytext tag SEED", tag)):
            folder = Path(tmp) / name.split()[0]
            folder.mkdir()
            env = dict(os.environ, TMPDIR=str(folder), POLICYTEXT_CACHE_DIR=str(folder))
            first = _run(cmd, env)  # builds jieba's cache (/tmp/jieba.cache or ours)
            warm = statistics.median(_run(cmd, env) for _ in range(3))
            results[name] = (first, warm)
        off = dict(os.environ, TMPDIR=tmp, POLICYTEXT_CACHE_DIR="off")
        no_cache = statistics.median(_run(tag, off) for _ in range(3))
    (b_first, b_warm), (t_first, t_warm) = results.values()
    print("cold start (fresh interpreter, wall time):")
    print(f"  jieba.initialize (baseline)  first {b_first:5.2f} s   warm cache {b_warm:5.2f} s")
    print(f"  policytext tag SEED          first {t_first:5.2f} s   warm cache {t_warm:5.2f} s"
          f"   ratio {t_warm / b_warm:.1f}x (warm), {t_first / b_first:.1f}x (first)")
    print(f"  policytext tag SEED, POLICYTEXT_CACHE_DIR=off           {no_cache:5.2f} s")


if __name__ == "__main__":
    national()
    throughput()
    cold_start()
