"""Benchmark: OCR seconds per page and character error rate on generated scans.

The gold document is rendered by tests/pdfgen.py and scanned by tests/scangen.py
(synthetic: ±1° skew, grey paper, speckle, JPEG damage; the official layout at
200 dpi and the 红头 layout with a seal at 150 dpi), then read with
``policytext.read`` in this process.  As the baseline, the same pages are
rendered and recognised by RapidOCR alone (``RapidOCR()(image)``, its default
settings, one page after another), so the ratio says what policytext's page
workers, box padding and line building cost or save.  It prints, per scan:

* seconds per page, policytext and the baseline, and their ratio;
* the mean character error rate of the 15 items against the gold (policytext),
  and of the baseline's raw text against the gold's full text;
* the items found and whether 文号 and title are exact.

    .venv/bin/python bench/bench_ocr.py [--pages N] [--scan official-200dpi]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _gold() -> dict:
    from conftest import GOLD

    if not GOLD.exists():
        sys.exit(f"the gold document is missing ({GOLD})")
    return json.loads(GOLD.read_text(encoding="utf-8"))


def baseline(data: bytes) -> tuple[float, str]:
    """RapidOCR alone on every page (rendered by PDFium as policytext does): seconds, text."""
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    from policytext.read.raster import render_pdf_page

    engine = RapidOCR()
    n = len(pdfium.PdfDocument(data))
    start = time.perf_counter()
    texts = []
    for i in range(n):
        rgb, _ = render_pdf_page(data, i, dpi=200)
        found, _ = engine(rgb)
        texts.extend(line[1] for line in found or [])
    return time.perf_counter() - start, "".join(texts)


def main(argv: list[str] | None = None) -> int:
    from scangen import GOLD_SCANS, edit_distance, gold_scan, item_cer

    import policytext

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=None, help="scan only the first N pages")
    ap.add_argument("--scan", choices=sorted(GOLD_SCANS), action="append",
                    help="which scan (default: both)")
    args = ap.parse_args(argv)
    from pdfgen import gold_blocks

    gold = _gold()
    # what the page shows, in reading order (the 印发 line's two parts joined)
    printed = "".join(b.text.replace("|", "") for b in gold_blocks(gold))
    for key in args.scan or sorted(GOLD_SCANS):
        data = gold_scan(gold, key, pages=args.pages)
        start = time.perf_counter()
        doc = policytext.read_bytes(data, name=f"{key}.pdf")
        ours = time.perf_counter() - start
        pages = doc.pages
        base_s, base_text = baseline(data)
        d = doc.to_dict()
        rates = item_cer(d, gold)
        items = sum(1 for s in d["sections"] for _ in s["items"])
        print(f"{key}: {pages} pages")
        print(f"  policytext  {ours / pages:6.2f} s/page   (RapidOCR alone "
              f"{base_s / pages:6.2f} s/page; ratio {ours / base_s:.2f})")
        number = "exact" if doc.doc_number == gold["doc_number"] else "WRONG"
        title = "exact" if doc.title == gold["title"] else "WRONG"
        print(f"  items {items}/15, 文号 {number}, title {title}, "
              f"mean item CER {sum(rates) / len(rates):.2%} (worst {max(rates):.2%})")
        if args.pages is None:
            clean = "".join(ch for ch in base_text if not ch.isspace())
            want = "".join(ch for ch in printed if not ch.isspace())
            raw_cer = edit_distance(want, clean) / len(want)
            print(f"  RapidOCR alone, all its text against the printed text: CER {raw_cer:.2%} "
                  f"(page numbers count against it)")
        print(f"  mean OCR confidence {doc.meta['ocr']['mean_confidence']:.3f}, "
              f"{len(doc.meta['ocr']['low_confidence'])} characters below "
              f"{doc.meta['ocr']['low_confidence_below']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
