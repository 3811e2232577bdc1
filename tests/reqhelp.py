"""Helpers for the requirement tests: the hand-written data and actor precision/recall."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def load_json(name: str):
    return json.loads((DATA / name).read_text("utf-8"))


def actor_scores(gold_items, got_items) -> tuple[int, int, int]:
    """(correct, predicted, expected) stated actors over aligned clauses.

    A clause counts when gold and output give it the same text; an actor is correct when it
    is the same words.  Precision = correct/predicted, recall = correct/expected.
    """
    correct = predicted = expected = 0
    for g_item, o_item in zip(gold_items, got_items, strict=True):
        got = {c["text"]: c["actor"] for c in o_item["clauses"]}
        gold = {c["text"]: c["actor"] for c in g_item["clauses"]}
        predicted += sum(1 for a in got.values() if a)
        expected += sum(1 for a in gold.values() if a)
        correct += sum(1 for t, a in gold.items() if a and got.get(t) == a)
    return correct, predicted, expected
