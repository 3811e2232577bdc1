"""``policytext themes``: train a theme model, or show a taxonomy."""

from __future__ import annotations

import argparse

from . import add_ocr_option, ocr_kwargs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("themes", help="train a theme model or show a taxonomy",
                       description="Train a theme model on documents' weak labels (items under "
                                   "a heading that names a theme, items with strong keyword "
                                   "evidence), or list a taxonomy's themes.")
    cmds = p.add_subparsers(dest="themes_command", metavar="ACTION",
                            parser_class=type(p))
    t = cmds.add_parser("train", help="train a model on documents and save it")
    t.add_argument("files", nargs="+", metavar="FILE", help="documents to learn from")
    t.add_argument("--taxonomy", help="a shipped taxonomy (party, government) or a TOML file")
    t.add_argument("--include-default", action="store_true",
                   help="also learn from the taxonomy's shipped training set (party)")
    t.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file to write")
    add_ocr_option(t)
    t.set_defaults(func=run_train)
    s = cmds.add_parser("show", help="list a taxonomy's themes and keywords")
    s.add_argument("taxonomy", nargs="?", help="name or TOML file (default: party)")
    s.set_defaults(func=run_show)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def run_train(args: argparse.Namespace) -> int:
    import sys

    from .. import PolicyTextError, read
    from ..errors import ModelError
    from ..themes import ThemeModel, load_taxonomy, save_model, training_set, weak_labels
    from .tag import announce_cache

    announce_cache()
    tax = load_taxonomy(args.taxonomy)
    docs, failed = [], []
    for f in args.files:
        try:
            docs.append(read(f, **ocr_kwargs(args)))
        except PolicyTextError as exc:  # a batch goes on past a bad file
            failed.append(f"{f}: {' '.join(str(exc).split())}")
    if args.include_default:
        from ..themes import _TRAINING_SETS

        if tax.name not in _TRAINING_SETS:
            raise ModelError(f"taxonomy {tax.name!r} has no shipped training set")
        docs.extend(training_set(_TRAINING_SETS[tax.name]))
    texts, labels, keys = weak_labels(docs, tax, sentences=True)
    if not texts:
        raise ModelError("no item could be labelled: no heading names a theme and no item has "
                         "strong keyword evidence")
    model = ThemeModel(taxonomy=tax).fit(texts, labels)
    save_model(model, args.output)
    whole = [label for label, key in zip(labels, keys, strict=True) if key.count("#") == 1]
    counts = {i: whole.count(i) for i in tax.ids}
    print(f"trained on {len(whole)} items of {len(docs)} documents "
          f"({', '.join(f'{k} {v}' for k, v in counts.items())}; {len(texts)} examples "
          f"with their sentences); wrote {args.output}", file=sys.stderr)
    for line in failed:
        print(f"error: {line}", file=sys.stderr)
    return 1 if failed else 0


def run_show(args: argparse.Namespace) -> int:
    from ..themes import load_taxonomy

    tax = load_taxonomy(args.taxonomy)
    print(f"{tax.name}: {tax.description}")
    for t in tax.themes:
        print(f"  {t.id:<16} {t.label_zh} / {t.label_en}")
        print(f"  {'':<16} {'、'.join(t.keywords)}")
    return 0
