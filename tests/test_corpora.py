"""The shared real corpora: national and provincial work reports, law versions.

Expected counts were checked against the sources independently of the parser:
national reports by splitting each file into blank-line paragraphs with awk and
counting 一、 headings, （一） items and other paragraphs per section; provincial
files by scanning python-docx paragraphs / raw lines with a regex for 一、 and
（一） and counting the lines between headings; laws with ``grep -c`` on
``^第…条``, ``^## 第`` and ``^### 第``.  Where the parser joins lines that a
web page broke (``PM`` / ``2.5``), the raw count is higher by exactly those joins.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policytext
from policytext.clean import WEB_WIDGETS
from policytext.patterns import classify_marker, split_sentences

# (section path, number of items) per file: （一） items where printed, else the
# paragraphs of the section (each a ¶N item or part of a 一是 point); annexes
# last.  The closing appeal (the last 各位代表！ and what follows) is the
# document's ``closing``, a section of its own.
EXPECTED_SECTIONS = {
    "provincial-work-reports/上海/2025-政府工作报告.docx": [("一", 6), ("二", 9), ("三", 4)],
    "provincial-work-reports/上海/2026-政府工作报告.web.txt": [
        ("一", 5), ("二", 4), ("三", 10), ("四", 4)],
    "provincial-work-reports/北京/2025-政府工作报告.docx": [("一", 18), ("二", 11)],
    "provincial-work-reports/北京/2026-政府工作报告.web.txt": [("一", 13), ("二", 13), ("三", 10)],
    "provincial-work-reports/四川/2025-政府工作报告.docx": [
        ("§1", 6), ("§2", 9), ("§3", 4), ("名词解释", 50)],
    "provincial-work-reports/四川/2026-政府工作报告.web.txt": [
        ("一", 20), ("二", 7), ("三", 10), ("名词解释", 20)],
    "provincial-work-reports/广东/2025-政府工作报告.docx": [
        ("一", 19), ("二", 12), ("附件1", 10), ("附件2", 18)],
    "provincial-work-reports/广东/2026-政府工作报告.web.txt": [
        ("一", 31), ("二", 16), ("三", 14), ("附件1", 10), ("附件2", 13)],
    "provincial-work-reports/江苏/2025-政府工作报告.docx": [("一", 6), ("二", 6), ("三", 10)],
    "provincial-work-reports/江苏/2026-政府工作报告.web.txt": [("一", 6), ("二", 5), ("三", 10)],
    "provincial-work-reports/浙江/2025-政府工作报告.docx": [("一", 11), ("二", 11)],
    "provincial-work-reports/浙江/2026-政府工作报告.web.txt": [("一", 10), ("二", 6), ("三", 10)],
    "national-work-reports/2014-国务院政府工作报告.txt": [("一", 32), ("二", 9), ("三", 9)],
    "national-work-reports/2015-国务院政府工作报告.txt": [
        ("一", 28), ("二", 13), ("三", 16), ("四", 18), ("五", 10), ("六", 16)],
    "national-work-reports/2016-国务院政府工作报告.txt": [("一", 25), ("二", 11), ("三", 8)],
    "national-work-reports/2017-国务院政府工作报告.txt": [("一", 26), ("二", 8), ("三", 9)],
    "national-work-reports/2018-国务院政府工作报告.txt": [("一", 9), ("二", 8), ("三", 9)],
    "national-work-reports/2019-国务院政府工作报告.txt": [("一", 23), ("二", 10), ("三", 10)],
    "national-work-reports/2021-国务院政府工作报告.txt": [("一", 16), ("二", 12), ("三", 8)],
    "national-work-reports/2022-国务院政府工作报告.txt": [("一", 22), ("二", 8), ("三", 9)],
}

_CACHE: dict[str, policytext.Document] = {}


def _doc(root: Path, rel: str) -> policytext.Document:
    if rel not in _CACHE:
        _CACHE[rel] = policytext.read(root / rel)
    return _CACHE[rel]


def _count(section) -> int:
    """（一） items where the section numbers them, else its paragraphs."""
    numbered = [it for it in section.items if it.kind not in ("paragraph", "list")]
    if numbered:
        return len(numbered)
    return sum(len(it.text.splitlines()) for it in section.items)


@pytest.mark.parametrize("rel", sorted(EXPECTED_SECTIONS))
def test_sections_and_items(shared_corpora, rel):
    doc = _doc(shared_corpora, rel)
    assert [(s.path, _count(s)) for s in doc.sections if s.kind != "closing"] \
        == EXPECTED_SECTIONS[rel]
    assert doc.sections[-1].kind == "closing" or any(s.kind == "annex" for s in doc.sections)
    # （一） items are numbered 1..n in every section that has them
    for s in doc.sections:
        numbered = [it.ordinal for it in s.items if it.kind == "paren_cn"]
        if numbered:
            assert numbered == list(range(1, len(numbered) + 1)), s.path
    expected_warnings = (("no numbered 一、 headings: 3 unnumbered headings taken as sections "
                          "§1–§3",) if "四川/2025" in rel else ())
    assert doc.warnings == expected_warnings
    assert doc.status == "ok"


def test_section_titles(shared_corpora):
    doc = _doc(shared_corpora, "national-work-reports/2015-国务院政府工作报告.txt")
    assert [s.title for s in doc.sections if s.kind != "closing"] == [
        "2014年工作回顾", "2015年工作总体部署", "把改革开放扎实推向纵深",
        "协调推动经济稳定增长和结构优化", "持续推进民生改善和社会建设", "切实加强政府自身建设"]
    # 2015 prints no （一）: paragraphs stand in for items, 一是/二是 keep their numbers
    assert doc.item("三/¶2").kind == "paragraph"
    assert doc.item("一/一是").kind == "list"
    # a point runs on over its paragraphs up to the next one (二是 and its three topics)
    assert [it.path for it in doc.sections[0].items][:5] == ["一/¶1", "一/¶2", "一/¶3", "一/一是",
                                                              "一/二是"]
    assert [ln[:6] for ln in doc.item("一/二是").text.splitlines()] == [
        "二是深化改革", "扎实推动重点", "继续把简政放", "以开放促改革"]
    sichuan = _doc(shared_corpora, "provincial-work-reports/四川/2025-政府工作报告.docx")
    assert [s.title for s in sichuan.sections if s.kind != "closing"] == [
        "2024年工作回顾", "2025年工作安排建议", "加强政府自身建设", "名词解释"]
    assert sichuan.item("§2/（三）").title == "分类推进区域协调发展，加快构建“五区共兴”格局"
    assert sichuan.item("名词解释/8").text.startswith("6个重大科技专项")


def test_provincial_docx_header_lines_are_metadata(shared_corpora):
    doc = _doc(shared_corpora, "provincial-work-reports/北京/2025-政府工作报告.docx")
    assert doc.title == "2025年北京市政府工作报告" and doc.year == 2025
    assert doc.meta["source_name"] == "北京日报"
    assert [(r.kind, r.text) for r in doc.removed if r.kind == "header"] == [
        ("header", "来源：北京日报")]
    assert "来源" not in doc.text.splitlines()[0]
    # the subtitle is metadata: delivered date, meeting and speaker; the preamble is the opening
    assert (doc.meta["delivered"], doc.meta["event"], doc.meta["speaker"]) == (
        "2025-01-14", "北京市第十六届人民代表大会第三次会议", "北京市市长殷勇")
    assert doc.preamble.startswith("现在，我代表北京市人民政府")
    assert doc.issuer == "北京市人民政府" and doc.kind == "work_report"


WEB_FILES = sorted(k for k in EXPECTED_SECTIONS if k.endswith(".web.txt"))


@pytest.mark.parametrize("rel", WEB_FILES)
def test_web_furniture_gone_and_logged(shared_corpora, rel):
    doc = _doc(shared_corpora, rel)
    raw_lines = [ln.strip() for ln in (shared_corpora / rel).read_text("utf-8").splitlines()]
    kept = doc.text.splitlines()
    for line in kept:
        assert line not in WEB_WIDGETS
        assert not line.startswith(("【字号", "【字体", "来源：", "时间：", "相关报道", "责任编辑"))
        assert not line.endswith("摄")
    removed = [r.text for r in doc.removed if r.kind == "web_furniture"]
    assert all(r.reason for r in doc.removed)
    # every raw line is either kept (inside some paragraph) or logged, never lost
    body = "\n".join(kept)
    for line in raw_lines:
        if line:
            assert line in removed or line.replace(" ", "") in body.replace(" ", ""), line


def test_web_furniture_exact_for_beijing(shared_corpora):
    doc = _doc(shared_corpora, "provincial-work-reports/北京/2026-政府工作报告.web.txt")
    assert [(r.text, r.reason) for r in doc.removed if r.kind == "web_furniture"] == [
        ("下载", "web page control"), ("打印", "web page control"),
        ("全屏", "web page control"), ("收藏", "web page control"),
        ("【字号：", "font-size control of the web page"),
        ("加大", "font-size control of the web page"),
        ("还原", "font-size control of the web page"),
        ("减小", "font-size control of the web page"),
        ("】", "font-size control of the web page"),
        ("来源：北京日报", "来源 line of the web page"),
        ("时间：2026-02-02", "时间 line of the web page"),
        ("殷勇同志作政府工作报告。本报记者 戴冰摄", "photo caption"),
        ("相关报道：", "page trailer after the article (related links, editor, share)"),
    ]
    assert doc.meta["source_name"] == "北京日报" and doc.meta["published"] == "2026-02-02"
    assert doc.title == "2026年北京市政府工作报告"


def test_web_inline_breaks_rejoined(shared_corpora):
    doc = _doc(shared_corpora, "provincial-work-reports/广东/2026-政府工作报告.web.txt")
    assert "“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右" in doc.text
    assert "持续改善空气质量，以PM2.5浓度持续下降为主线" in doc.text
    sichuan = _doc(shared_corpora, "provincial-work-reports/四川/2026-政府工作报告.web.txt")
    assert "“双向揭榜挂帅”的简称" in sichuan.item("名词解释/7").text


def test_web_bold_run_rejoined(shared_corpora):
    # lines 61–63 of the page's text: …今年经济社会发展的 / 主要预期目标 / 是：地区生产总值…
    # (the bold run on a line of its own); one paragraph, one unit, the breaks logged
    doc = _doc(shared_corpora, "provincial-work-reports/广东/2026-政府工作报告.web.txt")
    units = [it for it in doc.iter_items() if "主要预期目标" in it.text]
    assert [it.path for it in units] == ["三/¶1"]
    assert units[0].text.startswith("2026年是“十五五”第一年，开好局起好步十分重要。今年经济社会"
                                    "发展的主要预期目标是：地区生产总值增长4.5%—5%，")
    assert [r.between for r in doc.removed if r.kind == "line_break"
            and "主要预期目标" in "".join(r.between)] == [
        ("今年经济社会发展的", "主要预期目标"), ("主要预期目标", "是：")]
    # the headings around it, and the title lines, stay lines of their own
    assert [s.title for s in doc.sections[:3]] == [
        "2025年和“十四五”时期工作回顾", "“十五五”时期的主要目标和重点任务", "2026年工作安排"]
    logged = [r.between for r in doc.removed if r.kind == "line_break"]
    assert not any("人民代表大会" in b or "省长" in b for pair in logged for b in pair)


def test_wikisource_licence_is_furniture(shared_corpora):
    doc = _doc(shared_corpora, "national-work-reports/2022-国务院政府工作报告.txt")
    logged = [r for r in doc.removed if r.kind == "web_furniture"]
    assert logged[0].text == "本作品是中华人民共和国的"
    assert {r.reason for r in logged} == {"licence notice of the site the text was saved from"}
    assert "Public domain" not in doc.text and "公有领域" not in doc.text
    assert doc.text.rstrip().endswith("的中国梦不懈奋斗！")


# ---------------------------------------------------------------------------
# Laws

_RE_ARTICLE_LINE = re.compile(r"^(第[一二三四五六七八九十百零]+条)", re.M)


def _law_files(root: Path) -> list[Path]:
    return sorted((root / "law-versions").glob("*/*.md"))


def test_all_twelve_law_versions_present(shared_corpora):
    assert len(_law_files(shared_corpora)) == 12


@pytest.mark.parametrize("index", range(12))
def test_law_every_article_once_in_order(shared_corpora, index):
    path = _law_files(shared_corpora)[index]
    raw = path.read_text(encoding="utf-8")
    doc = policytext.read(path)
    want = _RE_ARTICLE_LINE.findall(raw)
    articles = [it for it in doc.iter_items() if it.kind == "article"]
    assert [it.number for it in articles] == want
    assert [it.ordinal for it in articles] == list(range(1, len(want) + 1))
    assert len({it.path for it in articles}) == len(articles)
    # 章 (and 节) sections as in the Markdown headings
    chapters = re.findall(r"^## (第[一二三四五六七八九十]+章)", raw, re.M)
    divisions = re.findall(r"^### (第[一二三四五六七八九十]+节)", raw, re.M)
    assert [s.number for s in doc.sections] == chapters
    assert [s.number for s in doc.iter_sections() if s.kind == "division"] == divisions
    assert doc.title == re.search(r"^# (.+)$", raw, re.M).group(1).strip()
    # front matter: revision history in the preamble and in meta; the comment is logged markup
    revisions = [ln for ln in raw.split("<!-- INFO END -->")[0].splitlines()
                 if re.search(r"(通过|修正|修订)[)）]?\s*$", ln.strip())]
    assert len(doc.meta["revisions"]) == len(revisions) >= 1
    assert doc.meta["revisions"][0]["event"] == "通过"
    assert ("markup", "<!-- INFO END -->") in [(r.kind, r.text) for r in doc.removed]
    assert "INFO END" not in doc.text and "#" not in doc.text
    assert doc.warnings == ()


def test_law_counts(shared_corpora):
    """Articles per version (grep -c '^第…条')."""
    counts = {p.name: sum(1 for it in policytext.read(p).iter_items() if it.kind == "article")
              for p in _law_files(shared_corpora)}
    assert counts == {
        "体育法(2016-11-07).md": 54, "体育法(2022-06-24).md": 122,
        "反间谍法(2014-11-01).md": 40, "反间谍法(2023-04-26).md": 71,
        "监察法(2018-03-20).md": 69, "监察法(2024-12-25).md": 78,
        "科学技术普及法(2002-06-29).md": 34, "科学技术普及法(2024-12-25).md": 60,
        "突发事件应对法(2007-08-30).md": 70, "突发事件应对法(2024-06-28).md": 106,
        "立法法(2015-03-15).md": 105, "立法法(2023-03-13).md": 120,
    }


def test_law_article_with_clauses_and_items(shared_corpora):
    doc = policytext.read(shared_corpora / "law-versions/立法法/立法法(2023-03-13).md")
    art = doc.item("第二章/第一节/第十一条")
    assert art.title.startswith("下列事项只能制定法律")
    assert [c.number for c in art.children][:3] == ["（一）", "（二）", "（三）"]
    assert doc.item("第四章/第一节/第八十六条").text.startswith("规定本行政区域特别重大事项")
    assert doc.meta["revisions"][-1]["date"] == "2023-03-13"


# ---------------------------------------------------------------------------
# Nothing the cleaning kept is lost by the structure


def _structure_blob(doc: policytext.Document) -> str:
    parts = [doc.title or "", doc.preamble, doc.closing, doc.cover_letter or "", doc.issuer or "",
             doc.org_mark or "", doc.doc_number or "", "、".join(doc.recipients) + "：",
             "、".join(doc.cc), doc.printed_by or "", "、".join(doc.attachments),
             doc.meta.get("subtitle", ""), doc.meta.get("speaker", "")]
    parts += [rev["text"] for rev in doc.meta.get("revisions") or ()]
    for s in doc.iter_sections():
        parts += [s.number or "", s.title, s.text]
        parts += [it.text for it in s.items]
    return re.sub(r"\s+", "", "\n".join(parts))


def _all_corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".docx", ".md")
                  and p.name != "README.md")


def test_structure_keeps_every_paragraph(shared_corpora):
    files = _all_corpus_files(shared_corpora)
    assert len(files) == 32
    for path in files:
        doc = policytext.read(path)
        blob = _structure_blob(doc)
        for para in doc.text.splitlines():
            m = classify_marker(para)
            rest = m.rest if m else para
            if m is None and re.match(r"^\d{1,3}[．.]\d", para):  # 8.6个… read as item 8
                rest = re.sub(r"^\d{1,3}[．.]", "", para)
            for sentence in split_sentences(rest) or (rest,):
                piece = re.sub(r"\s+", "", sentence).rstrip("。")
                assert piece in blob, (path.name, sentence)


def test_delivered_dates(shared_corpora):
    """The 在…会议上 subtitle date, as printed in each file's first lines."""
    got = {rel.split("/")[1] + "/" + rel.split("/")[2][:4]: _doc(shared_corpora, rel).meta.get(
        "delivered") for rel in EXPECTED_SECTIONS if rel.startswith("provincial")}
    assert got == {
        "上海/2025": "2025-01-15", "上海/2026": "2026-02-03", "北京/2025": "2025-01-14",
        "北京/2026": "2026-01-25", "四川/2025": "2025-01-20", "四川/2026": "2026-02-03",
        "广东/2025": "2025-01-15", "广东/2026": "2026-01-26", "江苏/2025": "2025-01-19",
        "江苏/2026": "2026-02-03", "浙江/2025": "2025-01-14", "浙江/2026": "2026-01-14",
    }


def test_closing_appeal(shared_corpora):
    """Every report ends with 各位代表！… : it is the closing, the last item stays clean."""
    for rel in EXPECTED_SECTIONS:
        doc = _doc(shared_corpora, rel)
        assert doc.closing.startswith("各位代表"), rel
        assert "让我们" in doc.closing or "我们要" in doc.closing, rel
        last = [it for s in doc.sections if s.kind not in ("annex", "closing")
                for it in s.items][-1]
        assert doc.closing.splitlines()[-1] not in last.text, rel
    doc = _doc(shared_corpora, "national-work-reports/2015-国务院政府工作报告.txt")
    assert doc.closing.splitlines()[0] == "各位代表！"
    # the earlier 各位代表！ paragraphs open topics (民族, 国防, 港澳台, 外交) and stay items
    body = [s for s in doc.sections if s.kind != "closing"]
    assert [it.text for it in body[-1].items].count("各位代表！") == 4
    assert [it.text for it in doc.sections[-1].items] == doc.closing.splitlines()


def test_founding_sample_matches_shared_copy():
    """tests/data and corpora/ hold copies of ../shared's seed and gold: they must not drift."""
    from conftest import GOLD, SEED, SHARED, need_shared

    shared_gold = need_shared(SHARED / "gold" / "seed-2025.json")
    shared_seed = need_shared(SHARED / "seed" / "000_959617dea5a7a9d8.txt")
    assert GOLD.read_bytes() == shared_gold.read_bytes()
    assert SEED.read_bytes() == shared_seed.read_bytes()
