"""``policytext tag FILE``: every item's themes, scores and evidence."""

from __future__ import annotations

import argparse

from . import add_ocr_option, ocr_kwargs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tag", help="tag every item of a document with themes, scores and evidence",
                       description="Score every top-level item against every theme of a "
                                   "taxonomy (keywords + a calibrated linear model) and show "
                                   "the words that drove each score.")
    p.add_argument("file", help="PDF, TXT, DOCX or Markdown file")
    p.add_argument("--taxonomy", default="auto",
                   help="a shipped taxonomy (party, government), a TOML file, or auto (the "
                        "default: the shipped taxonomy whose keywords fit the document best)")
    p.add_argument("--model", help="a model file from 'policytext themes train' (default: the "
                                   "taxonomy's default model)")
    p.add_argument("--format", choices=("json", "csv", "table"), default="json")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    add_ocr_option(p)
    p.set_defaults(func=run)


def announce_cache() -> None:
    """Say on stderr when the tokenizer or model cache is written (never silently)."""
    import logging
    import sys

    for name in ("policytext.text", "policytext.themes"):
        log = logging.getLogger(name)
        if not log.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("policytext: %(message)s"))
            log.addHandler(handler)
            log.setLevel(logging.INFO)


def run(args: argparse.Namespace) -> int:
    import json

    from .. import read
    from ..themes import AUTO, load_model, resolve_taxonomy, tag
    from . import write_output

    announce_cache()
    doc = read(args.file, **ocr_kwargs(args))
    model = load_model(args.model) if args.model else None
    if model is not None and args.taxonomy == AUTO:
        taxonomy = model.taxonomy_  # the model's own
    else:
        taxonomy = resolve_taxonomy(args.taxonomy, [i.text for i in doc.items])
    tags = tag(doc, taxonomy=taxonomy, model=model)
    if args.format == "json":
        out = json.dumps({"source": doc.source, "taxonomy": taxonomy.name,
                          "items": [t.to_dict() for t in tags]},
                         ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        out = _csv(tags, taxonomy)
    else:
        out = _table(tags, taxonomy)
    write_output(out, args.output)
    return 0


def _csv(tags, taxonomy) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["path", "primary", *taxonomy.ids, "evidence"])
    for t in tags:
        w.writerow([t.path, t.primary or "", *(f"{t.score(i):.4f}" for i in taxonomy.ids),
                    " | ".join(f"{s.id}: {'、'.join(s.evidence)}" for s in t.themes
                               if s.evidence)])
    return buf.getvalue()


def _table(tags, taxonomy) -> str:
    lines = []
    for t in tags:
        top = t.themes[0]
        label = taxonomy.theme(t.primary).label_zh if t.primary else "-"
        scores = "  ".join(f"{s.id} {s.score:.2f}" for s in t.themes)
        lines.append(f"{t.path:<10} {t.primary or '-':<15} {label}\n"
                     f"{'':<10} {scores}\n"
                     f"{'':<10} evidence: {'、'.join(top.evidence) or '-'}")
    return "\n".join(lines) + "\n"
