"""Lineage speed against the code this work started from (issue 11's starting point).

The starting code (commit ``START``) is taken from git into a temporary folder as the
package ``policytext_start`` and run in the same process beside today's code:

1. ``graph`` of a 30-document SYNTHETIC series (scripts/make_synthetic.py): the
   starting code aligns every pair on every call; today's code aligns once and then
   answers from the alignment cache (both figures printed: first call and again).
2. ``history`` of one item: the starting code reads the folder and aligns every pair;
   today's ``history --db`` reads the stored documents and the stored alignments.
   Real national work reports from ../shared/corpora when present, else the series of 1.

    .venv/bin/python bench/bench_lineage.py
"""

from __future__ import annotations

import importlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = "6ffc644"  # main when issue 11 began
TMP = Path(tempfile.mkdtemp(prefix="bench-lineage-"))
os.environ["POLICYTEXT_CACHE_DIR"] = str(TMP / "cache")  # a cache of this run only
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def start_package():
    """The starting commit's policytext, importable as ``policytext_start``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", START, "policytext"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(TMP / "start", filter="data")
    pkg = TMP / "start" / "policytext_start"
    (TMP / "start" / "policytext").rename(pkg)
    for path in pkg.rglob("*.py"):  # the few absolute module names (importlib, resources)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"policytext.', '"policytext_start.'), encoding="utf-8")
    sys.path.insert(0, str(TMP / "start"))
    return importlib.import_module("policytext_start")


def synthetic_series(policytext, n: int = 30):
    from bench_compare import _synth

    syn = _synth()
    docs, year = [], 2025
    text = syn.render(syn.random_spec(30, seed=2, n_sections=5), "workpoints")[0]
    folder = TMP / "series"
    folder.mkdir()
    for k in range(n):
        body = text.replace("2025年", f"{year}年", 1)
        (folder / f"{year}-synthetic.txt").write_text(body, encoding="utf-8")
        doc = policytext.read_text(body, name=f"{year}-synthetic.txt")
        docs.append(doc)
        pair = syn.make_pair(syn.spec_from_document(doc), seed=100 + k, style="workpoints",
                             old_year=year - 1, new_year=year)
        text, year = pair["old_text"], year - 1
    return folder


def main() -> int:
    from bench_compare import timed

    start_package()
    import policytext
    from policytext.compare import cache
    from policytext.compare.graph import history, lineage_graph
    from policytext.corpus import Corpus
    from policytext.store import ingest as ingest_store
    from policytext.store.browse import stored_corpus

    start_corpus = importlib.import_module("policytext_start.corpus")
    start_graph = importlib.import_module("policytext_start.compare.graph")

    # 1. graph of 30 documents
    folder = synthetic_series(policytext)
    ours_c, base_c = Corpus.load(folder), start_corpus.Corpus.load(folder)
    lineage_graph(ours_c)  # warm up both: jieba, scikit-learn, the themes model
    start_graph.lineage_graph(base_c)
    n_items = sum(len(e.doc.items) for e in ours_c)
    base = timed(lambda: start_graph.lineage_graph(base_c), repeat=2)
    shutil.rmtree(TMP / "cache", ignore_errors=True)
    cache.clear_memory()
    t = time.perf_counter()
    lineage_graph(ours_c)
    first = time.perf_counter() - t
    cache.clear_memory()  # a new process: only the cache file helps
    again = timed(lambda: (cache.clear_memory(), lineage_graph(ours_c)), repeat=2)
    print(f"graph of {len(ours_c)} documents ({n_items} items): starting code {base:.2f} s; "
          f"today first call {first:.2f} s (ratio {first / base:.2f}), "
          f"again from stored alignments {again:.2f} s (ratio {again / base:.2f})")

    # 2. history of one item
    shared = ROOT.parent / "shared" / "corpora" / "national-work-reports"
    for parent in ROOT.parents:
        if (parent / "shared" / "corpora" / "national-work-reports").is_dir():
            shared = parent / "shared" / "corpora" / "national-work-reports"
            break
    hist_folder = shared if shared.is_dir() else folder
    corpus = Corpus.load(hist_folder)
    last = corpus.entries[-1]
    ref = f"{last.year}#{last.doc.items[0].path}"
    db = TMP / "store.db"
    ingest_store([hist_folder], db=db)
    history(stored_corpus(db), ref)  # the first call stores the alignments
    base = timed(lambda: start_graph.history(start_corpus.Corpus.load(hist_folder), ref),
                 repeat=3)
    ours = timed(lambda: (cache.clear_memory(), history(stored_corpus(db), ref)), repeat=5)
    cli = timed(lambda: subprocess.run([sys.executable, "-m", "policytext", "history", ref,
                                        "--db", str(db)], check=True, capture_output=True,
                                       cwd=ROOT), repeat=3)
    print(f"history {ref} over {len(corpus)} documents ({hist_folder.name}): starting code "
          f"(read folder, align every pair) {base:.2f} s; today from the store {ours:.3f} s "
          f"(ratio {ours / base:.3f}); the whole command in a new process {cli:.2f} s")
    shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
