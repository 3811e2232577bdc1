"""Helpers for the theme tests: the seed's section themes and the leave-one-item-out run."""

from __future__ import annotations

from collections import Counter

from policytext import themes

#: The seed's four sections and the party theme each one is about (issue 3).
SECTION_THEME = {"一": "political", "二": "grassroots", "三": "integration", "四": "responsibility"}


def leave_one_item_out(doc) -> tuple[int, Counter, list[tuple[str, str, str | None]]]:
    """Train without each item, tag its text alone; (correct, confusion, per-item results)."""
    docs = themes.training_set("party-seed")
    tax = themes.load_taxonomy("party")
    confusion: Counter = Counter()
    rows = []
    for item in doc.items:
        model = themes.train(docs, taxonomy=tax, exclude=[item.path])
        got = model.tag_texts([item.text])[0].primary
        want = SECTION_THEME[item.path.split("/")[0]]
        confusion[(want, got)] += 1
        rows.append((item.path, want, got))
    return sum(w == g for _, w, g in rows), confusion, rows


def confusion_table(confusion: Counter) -> str:
    ids = list(SECTION_THEME.values())
    lines = ["gold \\ tagged".ljust(16) + "".join(i[:8].rjust(10) for i in ids)]
    for want in ids:
        lines.append(want.ljust(16) + "".join(str(confusion[(want, g)]).rjust(10) for g in ids))
    return "\n".join(lines)
