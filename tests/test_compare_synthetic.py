"""Alignment against synthetic pairs with ground truth (scripts/make_synthetic.py).

Every pair has every change type, renumbering and re-sectioning; every link and
every type must be right, in the three numbering styles.
"""

from __future__ import annotations

import json

import pytest
from synth import change_set, load, truth_set

import policytext
from policytext.compare import CHANGE_TYPES, compare

SYN = load()


@pytest.fixture(scope="module")
def base():
    return SYN.seed_spec()


@pytest.mark.parametrize("style", SYN.STYLES)
@pytest.mark.parametrize("seed", range(8))
def test_every_link_and_type(style, seed):
    pair = SYN.make_pair(SYN.seed_spec(), seed=seed, style=style)
    old, new = policytext.read_text(pair["old_text"]), policytext.read_text(pair["new_text"])
    # the generator's paths are the reader's paths
    assert {p for t in pair["truth"] for p in t["old"]} == {it.path for it in old.items}
    assert {p for t in pair["truth"] for p in t["new"]} == {it.path for it in new.items}
    assert {t["type"] for t in pair["truth"]} == set(CHANGE_TYPES)
    cmp = compare(old, new)
    assert change_set(cmp) == truth_set(pair["truth"])


def test_renumbering_and_resectioning_happen():
    pair = SYN.make_pair(SYN.seed_spec(), seed=3, style="workpoints")
    unchanged = [t for t in pair["truth"] if t["type"] == "unchanged"]
    assert any(t["old"] != t["new"] for t in unchanged)          # renumbered
    assert any(t["old"][0].split("/")[0] != t["new"][0].split("/")[0] for t in unchanged)
    assert pair["section_order"] != sorted(pair["section_order"])


def test_demo_file_is_labelled_and_matches_its_truth(seed_path):
    old_path = SYN.DEMO_OLD
    meta = json.loads(old_path.with_name(old_path.name + ".meta.json").read_text("utf-8"))
    assert "synthetic" in old_path.name and meta["synthetic"] is True
    # the committed file is what the generator makes today
    pair = SYN.make_pair(SYN.spec_from_document(policytext.read(seed_path)),
                         seed=meta["seed"], style="workpoints")
    assert old_path.read_text("utf-8") == pair["old_text"] + "\n"
    cmp = compare(old_path, seed_path)
    assert change_set(cmp) == truth_set(meta["truth"])
    assert cmp.summary == {"unchanged": 8, "modified": 2, "moved": 1, "split": 1,
                           "merged": 1, "added": 1, "removed": 2}


def test_similarity_one_only_for_same_text():
    pair = SYN.make_pair(SYN.seed_spec(), seed=5, style="report")
    cmp = compare(policytext.read_text(pair["old_text"]), policytext.read_text(pair["new_text"]))
    for ch in cmp.changes:
        if ch.type == "unchanged":
            assert ch.similarity == 1.0
        elif ch.type == "modified":
            assert 0.3 <= ch.similarity < 1.0
        elif ch.type in ("added", "removed"):
            assert ch.similarity == 0.0


@pytest.mark.parametrize("style", SYN.STYLES)
def test_merged_and_split_sections_move_nothing(style):
    """Re-sectioning alone (two sections merged, one split in two) is not a move."""
    spec = SYN.seed_spec()
    (t1, u1), (t2, u2), (t3, u3), (t4, u4) = spec.sections
    old = SYN.Spec(spec.title, spec.preamble, [(t1, u1), (t2, u2), (t3, u3 + u4)])
    new = SYN.Spec(spec.title, spec.preamble, [(t1, u1[:2]), ("新的一节", u1[2:]), (t2, u2),
                                               (t3, u3), (t4, u4)])
    a = policytext.read_text(SYN.render(old, style)[0])
    b = policytext.read_text(SYN.render(new, style)[0])
    cmp = compare(a, b)
    assert cmp.summary["unchanged"] == 15 and len(cmp.changes) == 15


def test_flat_list_against_sections_moves_nothing():
    spec = SYN.seed_spec()
    flat = "\n\n".join(f"{k}．{u.text}" for k, u in
                       enumerate((u for _, us in spec.sections for u in us), start=1))
    a = policytext.read_text(flat)
    b = policytext.read_text(SYN.render(spec, "workpoints")[0])
    assert compare(a, b).summary["unchanged"] == 15
