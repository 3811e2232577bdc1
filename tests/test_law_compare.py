"""Law comparison as legal researchers expect it: the 新旧条文对照表, formatting-only
differences as no amendment, hand-fixed links honoured, an article's line across versions.

Real revisions come from ../shared/corpora/law-versions (skipped when absent); the
formatting-only and three-version fixtures are made here from them, in tmp.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

import policytext
from policytext.cli import main
from policytext.compare import compare
from policytext.compare.correspondence import COLUMNS, HEADERS_ZH, render_table, table_rows
from policytext.compare.diff import to_text
from policytext.errors import InputError

LAWS = "law-versions"


@pytest.fixture(scope="module")
def lifa(shared_corpora):
    base = shared_corpora / LAWS / "立法法"
    return compare(policytext.read(base / "立法法(2015-03-15).md"),
                   policytext.read(base / "立法法(2023-03-13).md"))


def test_correspondence_table_of_lifafa(lifa):
    rows = table_rows(lifa)
    by_old = {}
    for r in rows:
        by_old.setdefault(r["old"], []).append(r)
    # old 3 split into new 3 + 4 (the hand-checked links, tests/data/law_links.json)
    assert [(r["new"], r["change_zh"], r["renumbered"], r["note"]) for r in by_old["第三条"]] == \
        [("第三条", "拆分", "否", "拆分为2条"), ("第四条", "拆分", "是", "拆分为2条")]
    # an article renumbered after the insertions
    r = by_old["第十三条"][0]
    assert r["new"] == "第十六条" and r["renumbered"] == "是"
    assert r["old_text"] == lifa.old.item(r["old_path"]).text
    # new provisions: no old article
    added = {r["new"] for r in rows if r["change"] == "added"}
    assert {"第八条", "第九条"} <= added
    assert all(not r["old"] for r in rows if r["change"] == "added")
    # every link of the comparison is one row
    assert len(rows) == len(lifa.links) + sum(1 for c in lifa.changes if not c.old or not c.new)


def test_correspondence_table_formats_agree(lifa, tmp_path):
    rows = table_rows(lifa)
    text = render_table(lifa, "csv")
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(parsed[0]) == HEADERS_ZH
    assert parsed[1:] == [[str(r[k]) for k in COLUMNS] for r in rows]
    data = json.loads(render_table(lifa, "json"))
    assert [[r[k] for k in COLUMNS] for r in data["rows"]] == parsed[1:]
    assert data["summary"] == lifa.summary
    md = render_table(lifa, "md").splitlines()
    assert md[0] == "# 新旧条文对照表：中华人民共和国立法法 → 中华人民共和国立法法"
    assert "| " + " | ".join(HEADERS_ZH) + " |" in md
    assert sum(1 for line in md if line.startswith("| 第") or line.startswith("|  |")) == len(rows)
    pd = pytest.importorskip("pandas")
    path = tmp_path / "t.xlsx"
    path.write_bytes(render_table(lifa, "xlsx"))
    frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(HEADERS_ZH)
    assert frame.values.tolist() == parsed[1:]


def test_diff_format_table_cli(shared_corpora, tmp_path, capsys):
    base = shared_corpora / LAWS / "立法法"
    old, new = str(base / "立法法(2015-03-15).md"), str(base / "立法法(2023-03-13).md")
    assert main(["diff", old, new, "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "\ufeff" + ",".join(HEADERS_ZH)
    target = tmp_path / "对照表.md"
    assert main(["diff", old, new, "--format", "table", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# 新旧条文对照表")
    capsys.readouterr()
    assert main(["diff", old, new, "--format", "table", "-o", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err.startswith("error: write the table to a .csv")


def _reformat(text: str) -> str:
    """Only formatting: full-width digits, 〇 as ○, the 、 of enumerations as ，."""
    out = []
    for line in text.splitlines():
        if re.match(r"^第[一二三四五六七八九十百]+条", line):
            line = line.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)})
            line = line.replace("〇", "○").replace("、", "，")
        out.append(line)
    return "\n".join(out)


def test_a_version_differing_only_in_formatting_is_all_unchanged(shared_corpora, tmp_path):
    src = shared_corpora / LAWS / "体育法" / "体育法(2022-06-24).md"
    text = src.read_text(encoding="utf-8")
    copy = tmp_path / "体育法(2022-06-24)-formatting-synthetic.md"
    copy.write_text(_reformat(text), encoding="utf-8")
    cmp = compare(policytext.read(src), policytext.read(copy))
    assert cmp.summary["unchanged"] == len(cmp.old.items) == len(cmp.new.items)
    noted = [c for c in cmp.changes if c.note]
    assert noted and all(c.note.startswith("formatting only: ") for c in noted)
    assert {c.note for c in noted} >= {"formatting only: punctuation (、/，)"}
    assert any("full/half width" in c.note for c in noted)
    table = table_rows(cmp)
    assert {r["change_zh"] for r in table} == {"未作修改"}
    assert "(formatting only: punctuation (、/，))" in to_text(cmp)


def test_zero_and_width_are_formatting():
    old = policytext.read_text("第一条 本法自二〇二五年１月１日起施行。\n"
                               "第二条 法律、行政法规、地方性法规适用本法。\n", name="old.md")
    new = policytext.read_text("第一条 本法自二○二五年1月1日起施行。\n"
                               "第二条 法律，行政法规，地方性法规适用本法。\n", name="new.md")
    cmp = compare(old, new)
    assert [(c.type, c.note) for c in cmp.changes] == [
        ("unchanged", "formatting only: full/half width, 〇/○"),
        ("unchanged", "formatting only: punctuation (、/，)")]


def _law_folder(shared_corpora, tmp_path, law: str):
    """A copy of one law's versions in a folder of the test's own."""
    base = shared_corpora / LAWS / law
    folder = tmp_path / law
    folder.mkdir()
    for f in base.glob("*.md"):
        shutil.copy(f, folder / f.name)
    return base, folder


def test_hand_fixed_links_are_kept_by_every_later_run(shared_corpora, tmp_path, capsys):
    _, folder = _law_folder(shared_corpora, tmp_path, "立法法")
    old, new = folder / "立法法(2015-03-15).md", folder / "立法法(2023-03-13).md"
    before = {(o, n) for o, n, _ in compare(old, new).links}
    # the researcher's reading: the new article on authorised pilots (第七十九条) carries
    # on part of the old 第十三条 as well, which the tool calls added
    assert ("第二章/第一节/第十三条", "第二章/第一节/第十六条") in before
    assert not any(n == "第三章/第七十九条" for _, n in before)
    (folder / "links.csv").write_text(
        "old_file,old,new_file,new\n"
        "立法法(2015-03-15).md,第二章/第一节/第十三条,立法法(2023-03-13).md,"
        "第二章/第一节/第十六条\n"
        "立法法(2015-03-15).md,第二章/第一节/第十三条,立法法(2023-03-13).md,"
        "第三章/第七十九条\n", encoding="utf-8")
    after = {(o, n) for o, n, _ in compare(old, new).links}
    assert after == before | {("第二章/第一节/第十三条", "第三章/第七十九条")}
    # the graph and the history of the folder keep the fix
    from policytext.compare.graph import history, lineage_graph
    from policytext.corpus import Corpus

    corpus = Corpus.load(folder)
    g = lineage_graph(corpus, terms=False, themes=False)
    assert g.nodes[f"item:{new.name}#第三章/第七十九条"].get("origin") != "added"
    steps = history(corpus, f"{new.name}#第三章/第七十九条")
    # a split now: the old article's line runs on into both new ones
    assert [s.paths for s in steps] == [("第二章/第一节/第十三条",),
                                        ("第二章/第一节/第十六条", "第三章/第七十九条")]
    # a link to an item the document does not have is an error, not a silent no-op
    (folder / "links.csv").write_text("old_file,old,new_file,new\n"
                                      "立法法(2015-03-15).md,第九百条,立法法(2023-03-13).md,\n",
                                      encoding="utf-8")
    with pytest.raises(InputError, match="第九百条"):
        compare(old, new)
    assert main(["diff", str(old), str(new), "--summary"]) == 2
    assert capsys.readouterr().err.startswith("error: link override names '第九百条'")


def test_toml_overrides(tmp_path):
    pytest.importorskip("tomllib")
    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / "a(2020-01-01).md").write_text("第一条 甲乙丙丁。\n第二条 戊己庚辛。\n", "utf-8")
    (folder / "a(2021-01-01).md").write_text("第一条 甲乙丙丁。\n第二条 戊己庚辛。\n", "utf-8")
    (folder / "links.toml").write_text(
        '[[link]]\nold_file = "a(2020-01-01).md"\nold = "第一条"\n'
        'new_file = "a(2021-01-01).md"\nnew = "第二条"\n', encoding="utf-8")
    cmp = compare(folder / "a(2020-01-01).md", folder / "a(2021-01-01).md")
    assert {(o, n) for o, n, _ in cmp.links} == {("第一条", "第二条")}
    assert cmp.summary["removed"] == 1 and cmp.summary["added"] == 1


def test_article_timeline_across_three_versions(shared_corpora, tmp_path, capsys):
    base, folder = _law_folder(shared_corpora, tmp_path, "监察法")
    # a third version, SYNTHETIC: 第七十七条 amended, 第七十八条 (施行) dropped
    text = (base / "监察法(2024-12-25).md").read_text(encoding="utf-8")
    text = text.replace("由中央军事委员会根据本法制定具体规定。",
                        "由中央军事委员会根据本法制定具体规定，报全国人民代表大会常务委员会备案。")
    text = text[: text.index("第七十八条")].rstrip() + "\n"
    (folder / "监察法(2026-01-01)-synthetic.md").write_text(
        text.replace("2024年12月25日", "2026年1月1日"), encoding="utf-8")
    assert main(["history", str(folder), "--timeline", "-o", str(tmp_path / "t.csv")]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "t.csv").read_text("utf-8")[1:])))
    assert rows[0] == ["2018", "2024 (gap 6 years)", "2026 (gap 2 years)"]
    body = {r[0]: r[1:] for r in rows[1:] if r[0]}
    assert body["第九章/第六十九条"] == ["第九章/第七十八条 (unchanged)", ""]
    assert body["第九章/第六十八条"] == ["第九章/第七十七条 (unchanged)",
                                        "第九章/第七十七条 (modified)"]
    assert body["第四章/第二十一条"] == ["第四章/第二十二条 (unchanged)",
                                        "第四章/第二十二条 (unchanged)"]
    new_only = [r for r in rows[1:] if not r[0]]
    assert ["", "第四章/第二十一条 (added)", "第四章/第二十一条 (unchanged)"] in new_only
    assert main(["history", str(folder), "--timeline"]) == 0
    md = capsys.readouterr().out.splitlines()
    assert md[0] == "| 2018 | 2024 (gap 6 years) | 2026 (gap 2 years) |"
    assert len(md) == len(rows) + 1


def test_sub_items_are_aligned_under_their_article():
    old = policytext.read_text(
        "第一条 下列事项只能制定法律：\n（一）国家主权的事项；\n（二）犯罪和刑罚；\n"
        "（三）民事基本制度；\n第二条 本法自公布之日起施行。\n", name="old.md")
    new = policytext.read_text(
        "第一条 下列事项只能制定法律：\n（一）国家主权的事项；\n（二）民族区域自治制度；\n"
        "（三）犯罪和刑罚；\n（四）民事基本制度和基本经济制度；\n第二条 本法自公布之日起施行。\n",
        name="new.md")
    cmp = compare(old, new)
    first = next(c for c in cmp.changes if c.old == ("第一条",))
    assert first.type == "modified"
    assert [(p.type, p.old, p.new) for p in first.parts] == [
        ("unchanged", ("第一条/（一）",), ("第一条/（一）",)),
        ("added", (), ("第一条/（二）",)),
        ("unchanged", ("第一条/（二）",), ("第一条/（三）",)),
        ("modified", ("第一条/（三）",), ("第一条/（四）",))]
    last = next(c for c in cmp.changes if c.old == ("第二条",))
    assert last.type == "unchanged" and last.parts == ()
    assert json.loads(json.dumps(cmp.to_dict()))["changes"][0]["parts"][1]["type"] == "added"
