"""Benchmark the store: ingest rate, search latency over 10⁵–10⁶ items, cold search command.

    .venv/bin/python bench/bench_store.py [--items 100000] [--docs 60] [--keep DIR]

1. Ingest: a SYNTHETIC corpus (scripts/make_synthetic_corpus.py) through the
   whole pipeline (read → structure → tag → store) with ``jobs=1`` and ``jobs=2``;
   baseline: ``policytext.read`` alone on the same files.
2. Search: a SYNTHETIC database of ``--items`` items (default 100,000) built from
   the sentences of the founding sample (and the national work reports in
   ../shared when present), segmented once per sentence (jieba cuts at 。，
   so an item's words are its sentences' words), written by the store's bulk
   load (``policytext.store.bulk``: the ingest's rows, in large transactions, FTS
   merging deferred to one 'optimize'; every document marked ``synthetic``).
   ``--items 1000000 --keep /work/bigdb`` is issue 15's database (target p95 < 30 ms).
   Queries: 1-, 2-, 3-4-character substrings of stored items, two-term
   queries, and queries with a year filter.  Baseline: a plain ``LIKE`` scan on
   the same table (the obvious alternative to full-text search).
3. Cold start: ``policytext search`` as a new process; baselines ``python -c pass``
   and ``python -c "import policytext"``.

   Beside the wall times, each query's CPU time (on a shared machine the wall time is
   mostly waiting for a core), and the issue-5 classes once more with the word counts
   of BM25 counted afresh for every query (a process keeps them: see store/rank.py).

   Issue 13 added a total count to every search (up to 1,000), the fallback to a
   query's words when nothing matches exactly (class "fallback": two 2-character
   substrings of different items, run together) and page 5 of a common query.

Targets: search p95 under 20 ms over 10⁵ items (issue 5), under 30 ms over 10⁶
(issue 15); a cold command under 1 s.
Timings depend on the machine and its load; ratios are against baselines
measured in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
SHARED_REPORTS = next((p / "shared" / "corpora" / "national-work-reports"
                       for p in ROOT.parents if (p / "shared" / "corpora").is_dir()),
                      ROOT.parent / "shared" / "corpora" / "national-work-reports")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def bench_ingest(tmp: Path, docs: int) -> None:
    from make_synthetic_corpus import generate

    import policytext
    from policytext import store
    from policytext.store.ingest import _warm

    paths = generate(tmp / "ingest", docs=docs, items=12, seed=11)
    _warm(True)  # the tokenizer and the theme model are built once per process: not timed
    t = time.perf_counter()
    n_items = sum(len(policytext.read(p).items) for p in paths)
    t_read = time.perf_counter() - t
    print(f"ingest: {docs} synthetic documents, {n_items} items")
    print(f"  baseline read() only      {docs / t_read:8.1f} docs/s "
          f"{n_items / t_read:8.1f} items/s")
    for jobs, tag in ((1, True), (2, True), (1, False), (2, False)):
        db = tmp / f"ingest-{jobs}-{tag}.db"
        t = time.perf_counter()
        report = store.ingest(paths, db=db, jobs=jobs, tag=tag)
        dt = time.perf_counter() - t
        assert len(report.added) == docs and not report.failed
        name = f"--jobs {jobs}{'' if tag else ' --no-tag'}"
        print(f"  ingest {name:19} {docs / dt:8.1f} docs/s {report.items / dt:8.1f} "
              f"items/s  ({t_read / dt:.2f}× the read-only rate)")


def sentence_pool() -> list[str]:
    import policytext

    sources = [ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"]
    if SHARED_REPORTS.is_dir():
        sources += sorted(SHARED_REPORTS.glob("*.txt"))
    pool = []
    for path in sources:
        doc = policytext.read(path)
        pool += [s for it in doc.iter_items(deep=True) for s in it.sentences if len(s) >= 6]
    return sorted(set(pool))


def build_search_db(db: Path, n_items: int, *, sample: int = 20) -> tuple[int, list[str]]:
    """A SYNTHETIC database of ``n_items`` items from recombined real sentences, written
    by :func:`policytext.store.bulk.bulk_load` (the ingest's rows, in large transactions;
    every document is marked ``synthetic``).  Returns the documents written and every
    ``sample``-th item's text (the queries are drawn from them)."""
    from policytext.patterns import fold
    from policytext.store.bulk import bulk_load
    from policytext.store.ingest import Prepared, spaced
    from policytext.text import tokenize_for_search

    pool = sentence_pool()
    words = {s: " ".join(tokenize_for_search(fold(s))) for s in pool}
    rng = random.Random(5)
    per_doc = 12
    n_docs = (n_items + per_doc - 1) // per_doc
    texts: list[str] = []

    def documents():
        n = 0
        for d in range(n_docs):
            year = 2010 + d % 16
            org = f"合成机构{d % 97:02d}"
            items, sentences, search = [], [], []
            for k in range(min(per_doc, n_items - d * per_doc)):
                chosen = rng.sample(pool, rng.randint(1, 3))
                text = "".join(chosen)
                if n % sample == 0:
                    texts.append(text)
                n += 1
                items.append((k, 0, None, k, k, 0, str(k + 1), str(k + 1), "arabic",
                              chosen[0].rstrip("。"), text, 1, 1))
                sentences += [(k, j, s) for j, s in enumerate(chosen)]
                search.append((k, " ".join(words[s] for s in chosen), fold(text),
                               spaced(fold(text))))
            title = f"{year}年{org}工作要点（合成样本）"
            # a folder per issuer and year, as a real collection is filed (the writer
            # unifies series within a folder, so one folder of 80,000 files would be
            # quadratic work that no real corpus asks for)
            path = f"synthetic-bench/{org}/{year}/{d:06d}.txt"
            document = {"path": path, "name": f"{d:06d}.txt",
                        "sha256": hashlib.sha256(f"{d}".encode()).hexdigest(),
                        "format": "txt", "title": title, "year": year,
                        "series": f"{org}工作要点（合成样本）", "issuer": org,
                        "doc_number": None, "signed_date": None, "status": "ok",
                        "warnings": "[]", "n_sections": 1, "n_items": len(items),
                        "n_sentences": len(sentences), "n_requirements": 0, "tagged": 0,
                        "synthetic": 1, "json": "{}"}
            yield Prepared(path=path, sha256=document["sha256"], document=document,
                           sections=[(0, None, 0, "一", "一", "chinese", "合成", "")],
                           items=items, sentences=sentences, search=search)

    last = [time.perf_counter()]

    def progress(docs: int, items: int) -> None:
        if time.perf_counter() - last[0] > 60:
            last[0] = time.perf_counter()
            print(f"  … {items} items written", flush=True)

    bulk_load(documents(), db=db, batch=2000, progress=progress)
    return n_docs, texts


def queries(texts: list[str], n: int = 60) -> dict[str, list[tuple[str, dict]]]:
    rng = random.Random(17)

    def substring(k: int) -> str:
        while True:
            t = rng.choice(texts)
            i = rng.randrange(0, max(1, len(t) - k))
            s = t[i:i + k]
            if len(s) == k and all("\u4e00" <= c <= "\u9fff" for c in s):
                return s

    out: dict[str, list[tuple[str, dict]]] = {
        "1 char": [(substring(1), {}) for _ in range(n)],
        "2 chars": [(substring(2), {}) for _ in range(n)],
        "3-4 chars": [(substring(rng.choice((3, 4))), {}) for _ in range(n)],
        "two terms": [(f"{substring(2)} {substring(3)}", {}) for _ in range(n)],
        "+ year range": [(substring(rng.choice((2, 3, 4))), {"year": "2015-2017"})
                         for _ in range(n)],
    }
    # issue 13: the fallback (two words never adjacent: no exact match), deep pages
    out["fallback"] = [(substring(2) + substring(2), {}) for _ in range(n)]
    out["page 5"] = [(substring(2), {"offset": 80}) for _ in range(n)]
    return out


#: The query classes of issue 5 (the target was set on them); the others came later.
ISSUE5 = ("1 char", "2 chars", "3-4 chars", "two terms", "+ year range")


def bench_search(tmp: Path, n_items: int, keep: Path | None) -> Path:
    from policytext.store import connect, search

    db = (keep or tmp) / f"search-{n_items}.db"
    texts: list[str]
    if keep and db.exists():
        texts = [r[0] for r in connect(db, readonly=True).execute(
            "SELECT text FROM items WHERE id % 20 = 1")]
        print(f"search: reusing {db}")
    else:
        t, c = time.perf_counter(), time.process_time()
        n_docs, texts = build_search_db(db, n_items)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        print(f"search: built {n_items} synthetic items in {n_docs} documents from "
              f"{len(sentence_pool())} distinct sentences "
              f"in {wall:.0f} s wall, {cpu:.0f} s CPU ({db.stat().st_size / 1e6:.0f} MB; "
              f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})", flush=True)
    conn = connect(db, readonly=True)
    count = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    assert count >= n_items, count
    qs = queries(texts)
    search(conn, "党建", limit=20)  # warm the page cache
    all_times = []
    print(f"  {count} items; latency of search(limit=20) in ms:")
    print(f"  {'queries':14} {'n':>4} {'p50':>7} {'p95':>7} {'max':>7} {'hits p50':>9} "
          f"{'total p50':>9} {'fallback':>8} {'CPU p95':>8}")
    later, cpu, cpu5 = [], [], []
    for name, batch in qs.items():
        times, nhits, totals, fallbacks, ccpu = [], [], [], 0, []
        for q, kw in batch:
            t, c = time.perf_counter(), time.thread_time()
            hits = search(conn, q, limit=20, **kw)  # with its total count, as the page asks
            times.append((time.perf_counter() - t) * 1000)
            ccpu.append((time.thread_time() - c) * 1000)
            nhits.append(len(hits))
            totals.append(hits.total)
            fallbacks += hits.mode == "words"
        (all_times if name in ISSUE5 else later).extend(times)
        (cpu5 if name in ISSUE5 else cpu).extend(ccpu)
        print(f"  {name:14} {len(batch):4d} {pct(times, 50):7.1f} {pct(times, 95):7.1f} "
              f"{max(times):7.1f} {pct(nhits, 50):9.0f} {pct(totals, 50):9.0f} {fallbacks:8d} "
              f"{pct(ccpu, 95):8.1f}")
    p50, p95 = pct(all_times, 50), pct(all_times, 95)
    every = all_times + later
    print(f"  every class    {len(every):4d} {pct(every, 50):7.1f} {pct(every, 95):7.1f} "
          f"{max(every):7.1f}")
    # Baseline: the obvious way without full-text search, on the same rows.
    like = []
    for q, _ in [b for batch in qs.values() for b in batch[:8]]:
        t = time.perf_counter()
        conn.execute("SELECT item_id FROM item_search WHERE " +
                     " AND ".join("folded LIKE ?" for _ in q.split()) + " LIMIT 20",
                     [f"%{w}%" for w in q.split()]).fetchall()
        like.append((time.perf_counter() - t) * 1000)
    lp50 = pct(like, 50)
    print(f"  issue-5 classes {len(all_times):3d} {p50:7.1f} {p95:7.1f} {max(all_times):7.1f}")
    print(f"  baseline LIKE scan (limit 20, unranked) p50 {lp50:.1f} ms p95 {pct(like, 95):.1f} "
          f"ms; search p50 is {lp50 / p50:.1f}× faster")
    target = 30 if count >= 1_000_000 else 20  # issue 15 (10⁶ items) / issue 5 (10⁵)
    print(f"  target p95 < {target} ms (issue-5 classes): {'met' if p95 < target else 'NOT met'} "
          f"({p95:.1f} ms); every class incl. fallback and page 5: {pct(every, 95):.1f} ms")
    # On a shared machine the wall times above include waiting for a core; the CPU time a
    # query takes does not (SQLite runs in this thread), so it is printed beside them.
    cpu += cpu5
    print(f"  CPU time per query: issue-5 classes p50 {pct(cpu5, 50):.1f} ms p95 "
          f"{pct(cpu5, 95):.1f} ms; every class p50 {pct(cpu, 50):.1f} ms p95 {pct(cpu, 95):.1f} "
          f"ms (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    # The document count of each word (its IDF) is kept per index state by the process
    # (policytext.store.rank), so the pass above counts a common word once.  A query
    # whose words are all new pays for counting them: the same queries again, with
    # those counts dropped before each one.
    from policytext.store import rank

    cold = []
    for name in ISSUE5:
        for q, kw in qs[name]:
            rank._HITS.clear()
            c = time.thread_time()
            search(conn, q, limit=20, **kw)
            cold.append((time.thread_time() - c) * 1000)
    print(f"  issue-5 classes again, each query counting its words afresh: CPU p50 "
          f"{pct(cold, 50):.1f} ms p95 {pct(cold, 95):.1f} ms "
          f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    conn.close()
    return db


def bench_cold(db: Path) -> None:
    def run(args: list[str]) -> float:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    base = run([sys.executable, "-c", "pass"])
    imp = run([sys.executable, "-c", "import policytext"])
    cold = run([sys.executable, "-m", "policytext", "search", "三会一课", "--db", str(db)])
    print("cold start (median of 5):")
    print(f"  python -c pass             {base * 1000:6.0f} ms")
    print(f"  python -c 'import policytext' {imp * 1000:6.0f} ms")
    print(f"  policytext search 三会一课   {cold * 1000:6.0f} ms  "
          f"({cold / base:.1f}× python -c pass; target < 1 s: {'met' if cold < 1 else 'NOT met'})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--docs", type=int, default=60, help="documents for the ingest benchmark")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the search database here")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="policytext-bench-"))
    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        if not args.skip_ingest:
            bench_ingest(tmp, args.docs)
        db = bench_search(tmp, args.items, args.keep)
        bench_cold(db)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
