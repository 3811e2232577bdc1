"""Benchmark: ``policytext`` parsing a PDF against pdfplumber's own ``extract_text()``.

Generates synthetic 50- and 500-page PDFs (the project's founding document,
parsed and rendered again and again in GB/T 9704 layout by tests/pdfgen.py, with
page numbers and a running header), then times, in this one process and over
the same files:

* baseline: ``pdfplumber.open(f)`` and ``page.extract_text()`` for every page;
* policytext: ``policytext.read(f)`` (reader in its child process, cleaning,
  structure), with the default engine (pdfium) and with ``engine="pdfplumber"``;
* the reader alone (``policytext.read.load``: glyphs to lines, no cleaning), with
  each engine, and with pdfium in this process (``Limits(isolate=False)``: what the
  child process's start, end and the pickling of its lines cost is the difference).

It prints the ratio parse / extract_text (target ≤ 1.3), the speed-up of the pdfium
engine over ``extract_text`` (issue 15: target ≥ 5×) for the reader and for the
whole parse, each by wall time and by CPU time (user + system of this process and of
the reader's child process, which a machine loaded by other work does not stretch as
it stretches wall time: on a shared machine the CPU figures are the ones to trust),
and the peak resident memory of a parse of the 500-page file, measured in a fresh
process (target < 500 MB).  ``--corpus`` adds the same figures for the real PDFs of
``../shared/corpora``.

    .venv/bin/python bench/bench_parse.py [--pages 50 500] [--repeat 3] [--corpus]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SEED = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"


def synthetic_record(pages: int) -> dict:
    """The seed's structure, its sections repeated until the rendering has ``pages`` pages."""
    import policytext

    base = policytext.read(SEED).to_dict()
    per_copy = 6  # a copy of the seed's body takes 6⅔ pages in official layout
    copies = pages // per_copy + 1  # more than enough; make_pdf keeps ``pages`` of them
    sections, n = [], 0
    for _ in range(copies):
        for s in base["sections"]:
            items = []
            for it in s["items"]:
                n += 1
                items.append(dict(it, number=n))
            sections.append(dict(s, items=items))
    base["sections"] = sections
    base["note"] = "synthetic: the seed repeated for benchmarking (bench/bench_parse.py)"
    return base


def make_pdf(pages: int, folder: Path) -> Path:
    from pdfgen import Layout, Variant, render

    record = synthetic_record(pages)
    data, _ = render(record, Variant(layout=Layout(title=False),
                                     damages=frozenset({"page_numbers", "header"})),
                     max_pages=pages)
    path = folder / f"synthetic-{pages}p.pdf"
    path.write_bytes(data)
    return path


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its finished children (the
    reader runs in a child process)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _wait_children() -> None:
    """Wait for every child process to end: the reader does not wait for its child's
    teardown (it reaps it on a later call), and a child's CPU time is counted in
    ``RUSAGE_CHILDREN`` only once it is reaped."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


class Clock:
    """Wall and CPU seconds of a ``with`` block (``.wall``, ``.cpu``): CPU with the
    child processes it started, waited for after the wall time is taken."""

    def __enter__(self) -> Clock:
        _wait_children()
        self._wall, self._cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        _wait_children()
        self.cpu = _cpu() - self._cpu


def time_extract_text(path: Path) -> tuple[float, float]:
    import pdfplumber

    with Clock() as c, pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
    return c.wall, c.cpu


def time_policytext(path: Path, engine: str = "pdfium", *, real: bool = False
                    ) -> tuple[float, float]:
    import policytext
    from policytext.read.limits import Limits

    # (the default 60 s deadline is per document; a 500-page one may need more on a
    # busy machine, as ``policytext parse --timeout`` allows)
    # (a real file's text layer only: its scanned pages would time OCR, not the engines)
    with Clock() as c:
        doc = policytext.read(path, limits=Limits(deadline=900), engine=engine,
                              ocr="never" if real else "auto")
    assert real or doc.status == "ok", doc.warnings
    return c.wall, c.cpu


def time_reader(path: Path, engine: str, *, isolate: bool = True) -> tuple[float, float]:
    """The reader alone: glyphs to lines (in its child process, or with ``isolate=False``
    in this one: without the child's start, end and the pickling of its lines), no
    cleaning."""
    from policytext.read import load
    from policytext.read.limits import Limits

    with Clock() as c:
        load(path, limits=Limits(deadline=900, isolate=isolate), engine=engine, ocr="never")
    return c.wall, c.cpu


def compare_engines(path: Path, pages: int, repeat: int, *, real: bool = False
                    ) -> tuple[float, float]:
    """Time extract_text and both engines on ``path`` (interleaved, best of ``repeat``,
    by wall and by CPU time); print the figures; return (parse / extract_text,
    extract_text / pdfium reader), by CPU time."""
    runs: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("base", "parse", "parse_pm", "reader", "reader_pm", "inproc")}
    for _ in range(repeat):
        runs["base"].append(time_extract_text(path))
        runs["parse"].append(time_policytext(path, real=real))
        runs["parse_pm"].append(time_policytext(path, "pdfplumber", real=real))
        runs["reader"].append(time_reader(path, "pdfium"))
        runs["reader_pm"].append(time_reader(path, "pdfplumber"))
        runs["inproc"].append(time_reader(path, "pdfium", isolate=False))
    t = {k: min(w for w, _ in v) for k, v in runs.items()}  # wall
    u = {k: min(c for _, c in v) for k, v in runs.items()}  # CPU
    b, bu = t["base"], u["base"]

    def line(label: str, key: str) -> str:
        return (f"  {label:34s} {t[key]:7.2f} s  ({t[key] / pages * 1000:.1f} ms/page)  "
                f"CPU {u[key]:7.2f} s  ({u[key] / pages * 1000:.1f} ms/page)")

    print(line("pdfplumber extract_text:", "base"))
    print(line("policytext parse (pdfium):", "parse"))
    print(line("policytext parse (pdfplumber):", "parse_pm"))
    print(line("reader only (pdfium):", "reader"))
    print(line("reader only (pdfplumber):", "reader_pm"))
    print(line("reader only (pdfium, in-process):", "inproc"))
    print(f"  ratio parse / extract_text: {t['parse'] / b:.2f} (CPU {u['parse'] / bu:.2f})  "
          "(target <= 1.3)")
    print(f"  pdfium speed-up over extract_text: reader {b / t['reader']:.1f}x "
          f"(CPU {bu / u['reader']:.1f}x), whole parse {b / t['parse']:.1f}x "
          f"(CPU {bu / u['parse']:.1f}x)  (target >= 5x); reader in-process "
          f"CPU {bu / u['inproc']:.1f}x", flush=True)
    return u["parse"] / bu, bu / u["reader"]


def peak_memory_mb(path: Path, what: str) -> float:
    """Peak RSS (MB) of reading ``path`` in a fresh interpreter, its children included."""
    code = (
        "import json, resource, sys\n"
        "path = sys.argv[1]\n"
        "if sys.argv[2] == 'policytext':\n"
        "    import policytext\n"
        "    from policytext.read.limits import Limits\n"
        "    policytext.read(path, limits=Limits(deadline=900))\n"
        "else:\n"
        "    import pdfplumber\n"
        "    with pdfplumber.open(path) as pdf:\n"
        "        for page in pdf.pages:\n"
        "            page.extract_text(); page.close()\n"
        "own = next(int(l.split()[1]) for l in open('/proc/self/status')\n"
        "           if l.startswith('VmHWM:'))\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([own, kids]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path), what], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    own, kids = json.loads(out)
    # KiB.  Own peak from VmHWM: ru_maxrss would keep the benchmark's own size across
    # exec.  policytext reads in a forked child, whose peak is RUSAGE_CHILDREN's.
    return max(own, kids) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", action="store_true",
                        help="also the real PDFs of ../shared/corpora")
    args = parser.parse_args(argv)

    import pdfplumber  # noqa: F401  (both sides start with it imported)

    import policytext  # noqa: F401

    worst, slowest = 0.0, float("inf")
    with tempfile.TemporaryDirectory(prefix="policytext-bench-") as tmp:
        for pages in args.pages:
            t0 = time.perf_counter()
            path = make_pdf(pages, Path(tmp))
            with pdfplumber.open(path) as pdf:
                real_pages = len(pdf.pages)
            print(f"{real_pages} pages ({path.stat().st_size / 1e6:.1f} MB) generated in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
            repeat = args.repeat if pages <= 100 else max(1, args.repeat - 1)
            ratio, speedup = compare_engines(path, real_pages, repeat)
            worst = max(worst, ratio)
            slowest = min(slowest, speedup)
            if pages == max(args.pages):
                mem_ours = peak_memory_mb(path, "policytext")
                mem_base = peak_memory_mb(path, "pdfplumber")
                print(f"  peak memory, {real_pages} pages: policytext {mem_ours:.0f} MB, "
                      f"pdfplumber extract_text {mem_base:.0f} MB  (target < 500 MB)")
    if args.corpus:
        corpora = next((d / "shared" / "corpora" for d in ROOT.parents
                        if (d / "shared" / "corpora").is_dir()), None)
        for path in sorted(corpora.rglob("*.pdf")) if corpora else []:
            with pdfplumber.open(path) as pdf:
                real_pages = len(pdf.pages)
            print(f"{path.name}: {real_pages} pages (real, ../shared/corpora)", flush=True)
            ratio, speedup = compare_engines(path, real_pages, args.repeat, real=True)
            slowest = min(slowest, speedup)
    print(f"worst ratio (CPU): {worst:.2f}")
    print(f"smallest pdfium reader speed-up over extract_text (CPU): {slowest:.1f}x")
    return 0 if worst <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
