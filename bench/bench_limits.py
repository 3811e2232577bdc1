"""Benchmark: limits on a text file, as on any format (issue 9, acceptance 3).

Generates SYNTHETIC plain-text work points (the founding document's sentences
shuffled into numbered items under 一、 headings, blank lines between
paragraphs) of 20 MB and 200 MB, then measures, each through the command line
in a fresh process as a user runs it:

* ``policytext parse 20MB.txt --timeout 5``: must end (here: stopped at the
  deadline) within 10 s — printed as elapsed / deadline (target ≤ 2);
* ``policytext parse 200MB.txt``: must be refused as too large within 30 s —
  printed against the command's own start-up (``policytext --version``);
* the peak memory of a full parse of the 20 MB file (its own deadline raised),
  the reading child included (target < 1 GB), against the file's size.

    .venv/bin/python bench/bench_limits.py [--small 20] [--large 200]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "2025-江苏省科技社团党的建设工作要点.txt"
MB = 1024 * 1024

_CN = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """1 … 99 in Chinese numerals (一, 十一, 九十九)."""
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens]) + "十" if tens else "") + (_CN[units] if units
                                                                       else "")


def synthetic_text(megabytes: float, seed: int = 1) -> str:
    """Work points of about ``megabytes`` MB of UTF-8, built from the seed's sentences."""
    flat = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))
    sentences = [s + "。" for s in flat.split("。") if 8 < len(s) < 200]
    rng = random.Random(seed)
    out = ["SYNTHETIC 长文档工作要点（bench/bench_limits.py 生成）", ""]
    size, section = 0, 0
    while size < megabytes * MB:
        section += 1
        out += [f"{_cn(section % 99 + 1)}、第{section}部分工作安排", ""]
        for i in range(1, 9):
            para = f"{i}．" + "".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
            out += [para, ""]
            size += len(para.encode("utf-8")) + 2
    return "\n".join(out)


def run_cli(*args: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "policytext", *args], capture_output=True,
                          text=True, cwd=ROOT)
    return time.perf_counter() - start, proc.returncode, proc.stderr.strip()


def peak_memory_mb(path: Path) -> tuple[float, float]:
    """Peak RSS (MB) of a full parse of ``path`` in a fresh interpreter (parent, child)."""
    code = (
        "import json, resource, sys\n"
        "import policytext\n"
        "from policytext.read.limits import Limits\n"
        "policytext.read(sys.argv[1], limits=Limits(deadline=600))\n"
        "import os\n"
        "try:\n"  # the reader child, left to exit on its own, is reaped for its figures
        "    while True: os.wait()\n"
        "except ChildProcessError: pass\n"
        "own = next(int(l.split()[1]) for l in open('/proc/self/status')\n"
        "           if l.startswith('VmHWM:'))\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([own, kids]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    own, kids = json.loads(out)
    return own / 1024, kids / 1024  # KiB → MiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=float, default=20, help="MB of the deadline file")
    parser.add_argument("--large", type=float, default=200, help="MB of the refused file")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="policytext-bench-") as tmp:
        small = Path(tmp) / f"synthetic-{args.small:g}MB.txt"
        large = Path(tmp) / f"synthetic-{args.large:g}MB.txt"
        t0 = time.perf_counter()
        text = synthetic_text(args.small)
        small.write_text(text, encoding="utf-8")
        large.write_text(text * max(1, round(args.large / args.small)), encoding="utf-8")
        del text
        print(f"generated {small.stat().st_size / MB:.1f} MB and {large.stat().st_size / MB:.1f}"
              f" MB of synthetic text in {time.perf_counter() - t0:.1f} s", flush=True)

        elapsed, code, err = run_cli("parse", str(small), "--timeout", "5", "-o", "/dev/null")
        print(f"parse {small.name} --timeout 5: {elapsed:.1f} s, exit {code}: {err or 'read'}")
        print(f"  ratio elapsed / deadline: {elapsed / 5:.2f}  (target <= 2, i.e. <= 10 s)",
              flush=True)
        ok &= elapsed <= 10 and (code == 0 or "deadline" in err)

        baseline, _, _ = run_cli("--version")
        elapsed, code, err = run_cli("parse", str(large), "-o", "/dev/null")
        print(f"parse {large.name}: {elapsed:.1f} s, exit {code}: {err}")
        print(f"  ratio to the command's start-up (policytext --version, {baseline:.2f} s): "
              f"{elapsed / baseline:.1f}  (target: refused as too large within 30 s)",
              flush=True)
        ok &= elapsed <= 30 and code == 2 and "too large" in err

        t0 = time.perf_counter()
        own, child = peak_memory_mb(small)
        size = small.stat().st_size / MB
        peak = max(own, child)
        print(f"peak memory of a full parse of {small.name} ({time.perf_counter() - t0:.1f} s): "
              f"{peak:.0f} MB (parent {own:.0f} MB, reading child {child:.0f} MB), "
              f"{peak / size:.1f}x the file  (target < 1024 MB)")
        ok &= peak < 1024
    print("all within target" if ok else "OUT OF TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
