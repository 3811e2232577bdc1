"""Diff renderers and the ``policytext diff`` command."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from synth import load

import policytext
from policytext.cli import main
from policytext.compare import CHANGE_TYPES, Change, compare, word_diff
from policytext.compare.diff import to_html, to_json, to_markdown, to_text

SYN = load()
OLD = SYN.DEMO_OLD
NEW = SYN.SEED


@pytest.fixture(scope="module")
def demo():
    from policytext.corpus import read_document

    return compare(read_document(OLD), read_document(NEW))


@pytest.mark.parametrize("old, new, ops", [
    ("加强党的建设。", "加强党的建设。", [("equal", "加强党的建设。")]),
    # whole words replaced, not characters
    ("持续推进科技社团党建工作。", "深入推进科技社团党建工作。",
     [("delete", "持续"), ("insert", "深入"), ("equal", "推进科技社团党建工作。")]),
    # a one-character island between two edits is folded into them
    ("每年召开会议。", "每半年组织会议。",
     [("delete", "每年召开"), ("insert", "每半年组织"), ("equal", "会议。")]),
    # equal once folded (full-width colon): shown as written on both sides
    ("职责:履行", "职责：履行",
     [("equal", "职责"), ("delete", ":"), ("insert", "："), ("equal", "履行")]),
])
def test_word_diff(old, new, ops):
    assert list(word_diff(old, new)) == ops


def test_json_shape(demo):
    data = json.loads(to_json(demo))
    assert set(data) >= {"old", "new", "summary", "changes"}
    assert data["old"]["year"] == 2024 and data["old"]["synthetic"] is True
    assert data["new"]["year"] == 2025 and data["new"]["synthetic"] is False
    assert list(data["summary"]) == list(CHANGE_TYPES)
    assert sum(data["summary"].values()) == len(data["changes"])
    split = next(c for c in data["changes"] if c["type"] == "split")
    assert split == {**split, "old": ["二/8"], "new": ["三/10", "三/11"], "similarity": 1.0}
    for c in data["changes"]:
        assert set(c) == {"type", "old", "new", "similarity", "confidence", "note",
                          "inline", "parts"}
        assert (c["confidence"] is None) == (c["type"] in ("added", "removed"))
        assert all(op in ("equal", "insert", "delete") and isinstance(t, str)
                   for op, t in c["inline"])


def test_preambles_are_compared_apart_from_the_items(demo, tmp_path):
    # the synthetic year's 总体要求 differs from the seed's in its year only
    pre = demo.preamble
    rest = policytext.read(NEW).preamble[len("2025"):]
    assert (pre.type, pre.old, pre.new) == ("modified", ("preamble",), ("preamble",))
    assert pre.inline == (("delete", "2024"), ("insert", "2025"), ("equal", rest))
    assert sum(demo.summary.values()) == len(demo.changes)  # items only
    assert json.loads(to_json(demo))["preamble"] == pre.to_dict()
    assert to_text(demo).split("\n")[3] == f"[modified {pre.similarity:.2f}] preamble → preamble"
    assert f"## modified · preamble → preamble · {pre.similarity:.2f}" in to_markdown(demo)
    assert "<del>2024</del>" in to_html(demo) and "<ins>2025</ins>" in to_html(demo)
    # one side only: added or removed; neither: None
    body = "一、总体\n\n1．加强学习。深入学习。\n"
    bare, opened = tmp_path / "bare.txt", tmp_path / "opened.txt"
    bare.write_text(body, encoding="utf-8")
    opened.write_text("今年工作的总体要求是：抓好落实。\n\n" + body, encoding="utf-8")
    assert compare(bare, opened).preamble == Change(
        "added", (), ("preamble",), 0.0, (("insert", "今年工作的总体要求是：抓好落实。"),))
    assert compare(opened, bare).preamble.type == "removed"
    assert compare(bare, bare).preamble is None
    assert compare(opened, opened).preamble.type == "unchanged"


def test_text_plain_and_coloured(demo):
    plain = to_text(demo)
    assert "\x1b[" not in plain
    assert "[split 1.00] 二/8 → 三/10 + 三/11  (split into 2 items)" in plain
    moved = next(ch for ch in demo.changes if ch.type == "moved")
    assert (f"[moved {moved.similarity:.2f}] 二/9 → 四/15  (moved from section "
            "二「突出服务大局，强化党建业务融合的“黏度”」 "
            "to 四「突出责任落实，提升护航发展的“高度”」)") in plain
    assert "[unchanged 1.00] 三/12 → 二/7  (renumbered)" in plain
    coloured = to_text(demo, color=True)
    assert "\x1b[32;1m" in coloured and "\x1b[31;9m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).count("\n") <= plain.count("\n")


def test_markdown(demo):
    md = to_markdown(demo)
    assert "| 8 | 2 | 1 | 1 | 1 | 1 | 2 |" in md
    assert "## removed · 二/7 → ∅ · 0.00" in md
    assert "~~建设学会工作者之家。" in md


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, tuple]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data):
        self.text.append(data)


EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'


def _evil_pair(tmp_path):
    name = "2024-<img src=x onerror=alert(4)>.txt"
    old = tmp_path / name
    old.write_text(f"2024年{EVIL}工作要点\n\n一、总体\n\n1．加强学习{EVIL}。深入学习。\n\n"
                   "2．另一条工作。开展活动。\n", encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text(f"2025年{EVIL}工作要点\n\n一、总体\n\n1．加强学习。深入学习{EVIL}。\n\n"
                   "2．另一条工作。开展活动。\n", encoding="utf-8")
    return old, new


def test_html_escapes_every_document_string(tmp_path):
    old, new = _evil_pair(tmp_path)
    html = to_html(compare(old, new))
    parser = _Collect()
    parser.feed(html)
    tags = {t for t, _ in parser.tags}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "div", "span",
                    "table", "tr", "th", "td", "section", "header", "details", "summary",
                    "del", "ins"}
    for _, attrs in parser.tags:
        for key, value in attrs:
            assert not key.startswith("on")
            assert "javascript:" not in (value or "")
            assert key in ("lang", "charset", "name", "content", "http-equiv", "class", "id")
    # the text is all there, as text
    assert "<script>alert(1)</script>" in "".join(parser.text)
    assert "onerror=alert(4)" in "".join(parser.text)


def test_html_is_self_contained(demo):
    html = to_html(demo)
    assert not re.search(r"""(src|href)\s*=|@import|url\(|https?://""", html)
    assert html.count('<section class="change') == len(demo.changes) + 1  # + the preamble
    assert "含合成数据" in html


def test_cli_diff_formats(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = tmp_path / "d.html"
    assert main(["diff", str(OLD), str(NEW), "--format", "html", "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "split 1" in capsys.readouterr().err
    assert main(["diff", str(OLD), str(NEW), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["merged"] == 1
    assert main(["diff", str(OLD), str(NEW), "--summary"]) == 0
    text = capsys.readouterr().out
    assert "\x1b[" not in text  # not a tty
    assert text.splitlines()[1] == ("unchanged 8, modified 2, moved 1, split 1, merged 1, "
                                    "added 1, removed 2")
    assert main(["diff", str(OLD), str(NEW), "--summary", "--color", "always"]) == 0
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    from policytext.cli.diff import use_color

    assert use_color("auto", None) is False


def test_cli_diff_bad_input(tmp_path, capsys):
    assert main(["diff", str(tmp_path / "nope.txt"), str(NEW)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_compare_rejects_non_documents():
    with pytest.raises(TypeError, match="Documents or paths"):
        compare(42, policytext.read_text("1．一条。"))
