"""Benchmark ``policytext tables`` and ``graph`` on the national corpus against a baseline.

    .venv/bin/python bench/bench_tables.py [--baseline REV] [--repeat 3] [--commands tables,graph]

The baseline is this repository's code at ``REV`` (default ``390d187``: ``main`` as it was
before the scale work of issue 15), checked out into a temporary git worktree and run
with the same interpreter and packages (``PYTHONPATH`` puts it ahead of this checkout).
Each run is a fresh process with a fresh cache folder (``POLICYTEXT_CACHE_DIR``) that
holds jieba's prefix dictionary only, so no run is answered from alignments stored by an
earlier one; the two codes alternate ``--repeat`` times and the ratios of their median
wall and CPU times are printed (target for ``tables``: ≥ 5; on a machine loaded by other
work the CPU ratio is the one to trust).  A second line runs the current code
again with the alignments its first run stored (what a researcher's second ``tables`` of
the same corpus costs), and a third the current code's ``--db`` path: the same command
over a database ingested from the corpus before the timing (stored documents and tags;
a fresh cache, so no stored alignment), against the baseline's run on the folder.

The corpus is ../shared/corpora/national-work-reports (8 real reports, 2014–2022).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scale import load, shared_corpora  # bench/ is the script's folder, on sys.path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASELINE = "390d187"


def command(name: str, corpus: Path, out: Path, db: Path | None = None) -> list[str]:
    target = out / "tables" if name == "tables" else out / "graph.json"
    source = ["--db", str(db)] if db else [str(corpus)]
    return [sys.executable, "-m", "policytext", name, *source, "-o", str(target)]


def run(cmd: list[str], code: Path, cache: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of ``cmd`` with the package from ``code`` and the cache folder
    ``cache``; CPU is user + system time of the process, which a loaded machine does not
    stretch as it stretches wall time."""
    env = dict(os.environ, PYTHONPATH=str(code), POLICYTEXT_CACHE_DIR=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=code, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[3:5])} ({code}) failed:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def fresh_cache(tmp: Path, jieba_cache: Path, name: str) -> Path:
    """A cache folder with jieba's prefix dictionary and nothing else."""
    folder = tmp / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for f in jieba_cache.glob("jieba-*.marshal"):
        shutil.copy(f, folder / f.name)
    return folder


def baseline_tree(rev: str, tmp: Path) -> Path:
    tree = tmp / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), rev],
                   check=True)
    return tree


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="the git revision to beat")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--commands", default="tables,graph")
    args = ap.parse_args()
    corpus = shared_corpora() / "national-work-reports"
    if not corpus.is_dir():
        raise SystemExit(f"{corpus} is absent")
    tmp = Path(tempfile.mkdtemp(prefix="policytext-tables-"))
    tree = None
    try:
        tree = baseline_tree(args.baseline, tmp)
        jieba_cache = tmp / "jieba"
        jieba_cache.mkdir()
        out = tmp / "out"
        out.mkdir()
        # one run of each code builds jieba's prefix dictionary (the same file for both)
        run([sys.executable, "-m", "policytext", "tag", str(sorted(corpus.glob("*.txt"))[0])],
            ROOT, jieba_cache)
        db = tmp / "national.db"  # the --db path's store (ingested once, not timed)
        run([sys.executable, "-m", "policytext", "ingest", str(corpus), "--db", str(db)],
            ROOT, jieba_cache)
        print(f"national corpus: {len(list(corpus.glob('*.txt')))} reports; baseline "
              f"{args.baseline}; each run a fresh process and cache (no stored alignments)")
        for name in args.commands.split(","):
            cmd = command(name, corpus, out)
            times: dict[str, list[tuple[float, float]]] = {"baseline": [], "current": []}
            warm, stored = [], []
            for r in range(args.repeat):
                for label, code in (("baseline", tree), ("current", ROOT)):
                    cache = fresh_cache(tmp, jieba_cache, f"{label}-{r}")
                    times[label].append(run(cmd, code, cache))
                    if label == "current":
                        warm.append(run(cmd, code, cache))  # its alignments stored now
                        stored.append(run(command(name, corpus, out, db), code,
                                          fresh_cache(tmp, jieba_cache, f"db-{r}")))
                (bw, bc), (cw, cc) = times["baseline"][-1], times["current"][-1]
                print(f"  {name} run {r + 1}: baseline {bw:6.2f} s (CPU {bc:6.2f} s)   "
                      f"current {cw:6.2f} s (CPU {cc:6.2f} s)   ratio {bw / cw:5.2f} "
                      f"(CPU {bc / cc:5.2f})   {load()}")
            b, c = (statistics.median(w for w, _ in times[k]) for k in ("baseline", "current"))
            bc, cc = (statistics.median(u for _, u in times[k]) for k in ("baseline", "current"))
            target = " (target ≥ 5)" if name == "tables" else ""
            print(f"  {name}: median baseline {b:.2f} s, current {c:.2f} s: {b / c:.2f}× "
                  f"faster; CPU {bc:.2f} s against {cc:.2f} s: {bc / cc:.2f}×{target}")
            ww, wc = (statistics.median(x[i] for x in warm) for i in (0, 1))
            print(f"  {name} again on the alignments stored by the first run: {ww:.2f} s "
                  f"(CPU {wc:.2f} s): {b / ww:.2f}× ({bc / wc:.2f}× CPU) the baseline's "
                  "cold run")
            dw, dc = (statistics.median(x[i] for x in stored) for i in (0, 1))
            print(f"  {name} --db (stored documents and tags, no stored alignment): {dw:.2f} s "
                  f"(CPU {dc:.2f} s): {b / dw:.2f}× ({bc / dc:.2f}× CPU) the baseline's cold "
                  f"run on the folder{target}")
    finally:
        if tree is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
