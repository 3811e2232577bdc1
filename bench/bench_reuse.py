"""Benchmark text reuse on 10,000 generated documents: candidates checked against all pairs.

    .venv/bin/python bench/bench_reuse.py [--docs 10000] [--chars 1500]

1. A SYNTHETIC corpus (scripts/make_reuse_corpus.py ``scaled``): each document is
   text from a word-bigram chain over the real documents of ../shared/corpora, with
   real sentences planted across documents (small edits) and three boilerplate
   formulas in 55–85% of them; read with ``policytext.read_text``.
2. :func:`policytext.compare.reuse.find_reuse` over the whole corpus: its time, the
   passage pairs it aligned against all passage pairs of different documents, and
   precision/recall of the planted passages (tests/reusehelp.py).  Precision here is a
   lower bound: the chain copies stock phrases whole (中央八项规定及其实施细则精神) and
   some real sentences placed once are near copies of others, which is shared text the
   truth does not list.
3. Baseline, in the same process: the local alignment of whole passages, timed on a
   random sample of passage pairs and scaled to all pairs (what checking every pair
   would cost).
4. When datasketch is installed (it is not a dependency): MinHash-LSH over the
   sentences of the first 2,000 documents, the alternative candidate retrieval, with
   the pairs it proposes.

Timings depend on the machine and its load; the ratios are against baselines
measured in the same run.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))


def read_corpus(docs):
    import policytext
    from policytext.corpus import Corpus

    out = []
    for name, text, meta in docs:
        d = policytext.read_text(text, name=name)
        out.append(dataclasses.replace(d, meta={**d.meta, **meta}, issuer=meta["issuer"]))
    return Corpus.from_documents(out)


def baseline_all_pairs(result, sample: int, rng: random.Random) -> float:
    """Seconds to align every pair of passages of different documents, by sampling."""
    from policytext.compare.reuse import _aligner, _skeleton

    keys = list(result.passages)
    skel = {}
    aligner = _aligner()
    t0 = time.perf_counter()
    done = 0
    while done < sample:
        (da, pa), (db, pb) = rng.sample(keys, 2)
        if da == db:
            continue
        for k in ((da, pa), (db, pb)):
            if k not in skel:
                skel[k] = "".join(map(chr, _skeleton(result.passages[k])[0]))
        aligner.score(skel[(da, pa)], skel[(db, pb)])
        done += 1
    return (time.perf_counter() - t0) / sample * result.stats["all_passage_pairs"]


def minhash_lsh(corpus, n_docs: int) -> None:
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        print("minhash-lsh: datasketch is not installed; skipped")
        return
    import re

    from policytext.compare.reuse import _skeleton, find_reuse, iter_passages
    from policytext.corpus import Corpus

    sub = Corpus("", corpus.entries[:n_docs])
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    sents, hashes = [], []
    for e in sub:
        for _, text in iter_passages(e.doc):
            for s in re.findall(r"[^。！？；\n]+", text):
                sk = "".join(map(chr, _skeleton(s)[0]))
                if len(sk) < 8:
                    continue
                m = MinHash(num_perm=128, seed=1)
                m.update_batch([sk[k:k + 3].encode() for k in range(len(sk) - 2)])
                lsh.insert(len(sents), m)
                sents.append(e.path)
                hashes.append(m)
    pairs = sum(1 for i, m in enumerate(hashes) for j in lsh.query(m)
                if j > i and sents[j] != sents[i])
    t_lsh = time.perf_counter() - t0
    t0 = time.perf_counter()
    r = find_reuse(sub)
    t_idx = time.perf_counter() - t0
    print(f"first {n_docs} documents: minhash-lsh (3-grams, threshold 0.3) proposes "
          f"{pairs:,} sentence pairs in {t_lsh:.1f} s (retrieval only); the n-gram index "
          f"aligns {r.stats['candidate_windows']:,} windows in "
          f"{r.stats['candidate_passage_pairs']:,} passage pairs, all in {t_idx:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--chars", type=int, default=1500)
    ap.add_argument("--sample", type=int, default=2000, help="baseline passage pairs timed")
    args = ap.parse_args()

    from make_reuse_corpus import default_shared, scaled
    from reusehelp import score

    from policytext.compare.reuse import find_reuse

    shared = default_shared()
    if not shared.is_dir():
        print(f"skipped: {shared} is absent (the chain is built from its documents)")
        return
    t0 = time.perf_counter()
    docs, truth = scaled(args.docs, shared, chars=args.chars)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    corpus = read_corpus(docs)
    t_read = time.perf_counter() - t0
    chars = sum(len(t) for _, t, _ in docs)
    print(f"SYNTHETIC corpus: {len(corpus):,} documents, {chars:,} characters "
          f"(generated in {t_gen:.1f} s, read in {t_read:.1f} s)")

    t0 = time.perf_counter()
    result = find_reuse(corpus)
    t_reuse = time.perf_counter() - t0
    st = result.stats
    print(f"find_reuse: {t_reuse:.1f} s; {st['passages']:,} passages, "
          f"{st['seed_pairs']:,} seed pairs, {st['candidate_windows']:,} windows aligned")
    share = st["candidate_passage_pairs"] / st["all_passage_pairs"]
    print(f"candidate passage pairs checked: {st['candidate_passage_pairs']:,} of "
          f"{st['all_passage_pairs']:,} ({share:.2e} of all pairs); document pairs with "
          f"a candidate: {st['candidate_doc_pairs']:,} of {st['all_doc_pairs']:,}")
    print("seconds per stage: " + ", ".join(f"{k} {v:.1f}" for k, v in result.timings.items()))
    sc = score(result, truth)
    boiler = sum(e.boilerplate for e in result.edges)
    print(f"planted: precision {sc.precision:.3f} ({sc.correct}/{sc.edges}), recall "
          f"{sc.recall:.3f} ({sc.found}/{sc.plants}); boilerplate edges {boiler:,}, planted "
          f"boilerplate reported as reuse {len(sc.in_boilerplate)}")

    est = baseline_all_pairs(result, args.sample, random.Random(16))
    print(f"baseline (align all pairs, from {args.sample:,} timed): {est:,.0f} s "
          f"= {est / 86400:,.1f} days; ratio baseline/find_reuse = {est / t_reuse:,.0f}")
    minhash_lsh(corpus, min(2000, len(corpus)))


if __name__ == "__main__":
    main()
