"""Alignment on real documents from ../shared/corpora (skipped when absent).

Every consecutive national report, each provincial 2025 → 2026 pair and each law's
two versions must align sanely; two laws were checked by hand article by article
(tests/data/law_links.json, with what was checked in its notes).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import policytext
from policytext.compare import CHANGE_TYPES, compare

DATA = Path(__file__).parent / "data"
LAWS = ("体育法", "反间谍法", "监察法", "科学技术普及法", "突发事件应对法", "立法法")


def assert_partition(cmp):
    """Every item of both documents is in exactly one change; types and scores are sane."""
    olds = Counter(p for ch in cmp.changes for p in ch.old)
    news = Counter(p for ch in cmp.changes for p in ch.new)
    assert olds == Counter(it.path for it in cmp.old.items)
    assert news == Counter(it.path for it in cmp.new.items)
    for ch in cmp.changes:
        assert ch.type in CHANGE_TYPES
        assert (ch.type == "added") == (not ch.old)
        assert (ch.type == "removed") == (not ch.new)
        assert (len(ch.new) > 1) == (ch.type == "split")
        assert (len(ch.old) > 1) == (ch.type == "merged")
        if ch.old and ch.new:
            assert 0.0 < ch.similarity <= 1.0
            old_text = "".join(t for op, t in ch.inline if op != "insert")
            new_text = "".join(t for op, t in ch.inline if op != "delete")
            assert old_text == "\n".join(cmp.old.item(p).text for p in ch.old)
            assert new_text == "\n".join(cmp.new.item(p).text for p in ch.new)


def order_kept(cmp) -> float:
    """Share of pairs of one-to-one links whose order is the same in both documents."""
    oi = {it.path: k for k, it in enumerate(cmp.old.items)}
    ni = {it.path: k for k, it in enumerate(cmp.new.items)}
    pts = sorted((oi[ch.old[0]], ni[ch.new[0]]) for ch in cmp.changes
                 if len(ch.old) == 1 and len(ch.new) == 1)
    total = len(pts) * (len(pts) - 1) // 2
    kept = sum(1 for a in range(len(pts)) for b in range(a + 1, len(pts))
               if pts[b][1] > pts[a][1])
    return kept / total if total else 1.0


@pytest.fixture(scope="module")
def read_cached():
    cache: dict[Path, policytext.Document] = {}

    def read(path: Path) -> policytext.Document:
        if path not in cache:
            cache[path] = policytext.read(path)
        return cache[path]

    return read


@pytest.mark.parametrize("law", LAWS)
def test_law_versions_align(shared_corpora, read_cached, law):
    old_path, new_path = sorted((shared_corpora / "law-versions" / law).glob("*.md"))
    cmp = compare(read_cached(old_path), read_cached(new_path))
    assert_partition(cmp)
    assert all(p.rsplit("/", 1)[-1].endswith("条") for p, _, _ in cmp.links)
    linked_old = {p for p, _, _ in cmp.links}
    assert len(linked_old) >= 0.5 * len(cmp.old.items)
    # 反间谍法 2023 reordered its chapters (old 第三章 is new 第二章): 0.77
    assert order_kept(cmp) >= 0.7


def _hand_checked():
    return json.loads((DATA / "law_links.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("law", ["监察法", "立法法"])
def test_hand_checked_article_links(shared_corpora, read_cached, law):
    spec = _hand_checked()[law]
    cmp = compare(read_cached(shared_corpora / spec["old"]),
                  read_cached(shared_corpora / spec["new"]))
    got = {(o, n) for o, n, _ in cmp.links}
    want = {tuple(link) for link in spec["links"]}
    precision = len(got & want) / len(got)
    recall = len(got & want) / len(want)
    print(law, "extra:", sorted(got - want), "missed:", sorted(want - got))
    assert precision >= 0.98 and recall >= 0.98
    if law == "监察法":  # the third paragraph of 43 (now 49, p 0.48) is the one link missed
        assert got - want == set() and want - got <= {("第五章/第四十三条", "第五章/第四十九条")}
    else:  # 立法法: 13 → 79 (shared wording of a new provision) and 99 → 111 (a paragraph
        # that became an article of its own) are the hard cases the links may get wrong
        assert got - want <= {("第二章/第一节/第十三条", "第三章/第七十九条")}
        assert want - got <= {("第五章/第九十九条", "第五章/第一百一十一条")}


def test_articles_renumbered_after_insertions_map_to_old_numbers(shared_corpora, read_cached):
    base = shared_corpora / "law-versions" / "监察法"
    cmp = compare(read_cached(base / "监察法(2018-03-20).md"),
                  read_cached(base / "监察法(2024-12-25).md"))
    by_old = {ch.old: ch for ch in cmp.changes if ch.old}
    # 第二十一条 (询问证人) became 第二十二条 after 强制到案 was inserted as 第二十一条
    ch = by_old[("第四章/第二十一条",)]
    assert (ch.type, ch.new) == ("unchanged", ("第四章/第二十二条",))
    # 第六十九条 (施行) is last again, renumbered 第七十八条 after nine insertions
    assert by_old[("第九章/第六十九条",)].new == ("第九章/第七十八条",)
    # 第四十三条's three paragraphs became 第四十七、四十八、四十九条 (49, whose text grew a
    # paragraph of its own, stays just under the link decision: see the test above)
    ch = by_old[("第五章/第四十三条",)]
    assert ch.type == "split" and {"第五章/第四十七条", "第五章/第四十八条"} <= set(ch.new)


def test_national_reports_consecutive_years(shared_corpora, read_cached):
    files = sorted((shared_corpora / "national-work-reports").glob("*.txt"))
    assert len(files) >= 2
    for old_path, new_path in zip(files, files[1:], strict=False):
        cmp = compare(read_cached(old_path), read_cached(new_path))
        assert_partition(cmp)
        assert sum(1 for ch in cmp.changes if ch.old and ch.new) >= 5, old_path.name
        assert order_kept(cmp) >= 0.8, old_path.name


def test_provincial_2025_2026_pairs(shared_corpora, read_cached):
    folders = sorted(p for p in (shared_corpora / "provincial-work-reports").iterdir()
                     if p.is_dir())
    for folder in folders:
        cmp = compare(read_cached(folder / "2025-政府工作报告.docx"),
                      read_cached(folder / "2026-政府工作报告.web.txt"))
        assert_partition(cmp)
        assert sum(1 for ch in cmp.changes if ch.old and ch.new) >= 1, folder.name
