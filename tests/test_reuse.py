"""Text reuse on small documents written here: exact spans, boilerplate, direction, levels,
the JSON shape, the CLI, and the reuse edges of the lineage graph."""

from __future__ import annotations

import json

import pytest

import policytext
from policytext.cli import main
from policytext.compare.reuse import find_reuse, issuer_level
from policytext.compare.reuse_report import document_table, to_csv, to_html, to_markdown
from policytext.corpus import Corpus
from policytext.errors import InputError

SHARED = "统筹推进城市更新和老旧小区改造，完善社区嵌入式服务设施配套建设。"
EDITED = "统筹推动城市更新和老旧小区改造，完善社区嵌入式服务设施配套建设。"   # 推进 → 推动
FORMULA = "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"

PROVINCES = ("河北省人民政府", "山西省人民政府", "辽宁省人民政府", "吉林省人民政府",
             "江西省人民政府")
FILLERS = [
    ("开展春季植树造林活动，新增绿地面积三百公顷。", "修缮古籍善本书库，举办地方戏曲展演季。"),
    ("建成跨江大桥北引线，打通断头路十二条。", "扩大校外托管服务覆盖，增设学位八千个。"),
    ("推行河湖长巡查日志电子化，整治黑臭水体五处。", "引进航空维修企业，培育临空经济产业园。"),
    ("完成农村电网升级改造，户均配变容量提高一倍。", "设立中小微企业应急转贷资金池。"),
    ("开通夜间公交专线六条，延长地铁末班车时间。", "建设标准化菜市场，推广净菜进社区。"),
]


def _doc(year: int, issuer: str, k: int, *, extra: str = "", preamble_extra: str = ""):
    a, b = FILLERS[k]
    text = (f"{year}年{issuer}工作要点\n"
            f"{preamble_extra}今年工作的总体安排如下。\n"
            f"一、重点任务\n"
            f"1．{a}{extra}\n"
            f"2．{b}\n")
    return policytext.read_text(text, name=f"{year}-{k}.txt")


def _corpus(*docs):
    return Corpus.from_documents(docs)


def test_one_reused_sentence_exact_spans_and_json_shape():
    a = _doc(2020, "河北省人民政府", 0, extra=SHARED)
    b = _doc(2022, "石家庄市人民政府", 1, extra=EDITED)
    result = find_reuse(_corpus(b, a))
    item_a, item_b = a.item("一/1").text, b.item("一/1").text
    sa, sb = item_a.index(SHARED), item_b.index(EDITED)
    # 30 skeleton characters each side, 29 identical (推进/推动 differ in one character)
    assert [e.to_dict() for e in result.edges] == [{
        "source": {"doc": "2020-0.txt", "path": "一/1", "start": sa, "end": sa + len(SHARED),
                   "text": SHARED},
        "target": {"doc": "2022-1.txt", "path": "一/1", "start": sb, "end": sb + len(EDITED),
                   "text": EDITED},
        "chars": len(EDITED), "similarity": round(2 * 29 / 60, 4), "boilerplate": False,
        "lag_years": 2, "directed": True, "share": round(30 / 47, 4),
        "relation": "vertical"}]
    assert len(item_b.replace("，", "").replace("。", "")) == 47


def test_boilerplate_is_marked_never_counted_as_reuse():
    docs = [_doc(2020 + k, PROVINCES[k], k, preamble_extra=FORMULA)
            for k in range(5)]
    result = find_reuse(_corpus(*docs))
    assert result.stats["boilerplate_min_sources"] == 3
    assert [e for e in result.edges if not e.boilerplate] == []
    # shared only as boilerplate: no candidate was ever seeded, nothing to report
    assert result.edges == ()
    assert all(row["reused_chars"] == 0 for row in document_table(result))


def test_boilerplate_next_to_reuse_is_cut_off_and_marked():
    docs = [_doc(2020 + k, PROVINCES[k], k,
                 extra=FORMULA + SHARED if k in (1, 3) else FORMULA) for k in range(5)]
    result = find_reuse(_corpus(*docs))
    got = sorted((e.boilerplate, e.source.text, e.target.text, e.source.doc, e.target.doc)
                 for e in result.edges)
    assert got == [(False, SHARED, SHARED, "2021-1.txt", "2023-3.txt"),
                   (True, FORMULA, FORMULA, "2021-1.txt", "2023-3.txt")]
    rows = {r["doc"]: r for r in document_table(result)}
    assert rows["2023-3.txt"]["reused_chars"] == len(SHARED)
    assert rows["2023-3.txt"]["boilerplate_chars"] == len(FORMULA)
    assert rows["2023-3.txt"]["top_sources"] == [["2021-1.txt", len(SHARED)]]
    assert rows["2021-1.txt"]["reused_chars"] == 0
    without = find_reuse(_corpus(*docs), include_boilerplate=False)
    assert [(e.boilerplate, e.target.text) for e in without.edges] == [(False, SHARED)]


def test_same_year_has_no_direction_and_dates_decide_within_a_year():
    a = _doc(2022, "河北省人民政府", 0, extra=SHARED)
    b = _doc(2022, "山西省人民政府", 1, extra=SHARED)
    (e,) = find_reuse(_corpus(a, b)).edges
    assert (e.directed, e.lag_years, e.relation) == (False, 0, "horizontal")
    import dataclasses

    a2 = dataclasses.replace(a, signed_date="2022-09-01")
    b2 = dataclasses.replace(b, signed_date="2022-03-01")
    (e,) = find_reuse(_corpus(a2, b2)).edges
    assert (e.source.doc, e.target.doc, e.directed, e.lag_years) == \
        ("2022-1.txt", "2022-0.txt", True, 0)


def test_one_series_is_left_to_the_lineage_graph_unless_asked():
    a = _doc(2020, "河北省人民政府", 0, extra=SHARED)
    b = _doc(2021, "河北省人民政府", 1, extra=SHARED)
    corpus = _corpus(a, b)
    assert len(corpus.series) == 1
    assert find_reuse(corpus).edges == ()
    (e,) = find_reuse(corpus, within_series=True).edges
    assert (e.source.doc, e.target.doc, e.lag_years) == ("2020-0.txt", "2021-1.txt", 1)


def test_sentence_level_cuts_a_passage_at_the_target_sentences():
    two = SHARED + "建立健全城市体检评估机制，定期发布体检报告并限期整改。"
    a = _doc(2020, "河北省人民政府", 0, extra=two)
    b = _doc(2021, "山西省人民政府", 1, extra=two)
    passage = find_reuse(_corpus(a, b)).edges
    sentence = find_reuse(_corpus(a, b), level="sentence").edges
    assert [e.target.text for e in passage] == [two]
    assert sorted(e.target.text for e in sentence) == sorted(
        [SHARED, "建立健全城市体检评估机制，定期发布体检报告并限期整改。"])


def test_min_chars_leaves_short_shared_phrases_out():
    short = "实施社区嵌入式服务设施工程。"
    a = _doc(2020, "河北省人民政府", 0, extra=short)
    b = _doc(2021, "山西省人民政府", 1, extra=short)
    assert find_reuse(_corpus(a, b)).edges == ()
    assert sorted(e.target.text for e in find_reuse(_corpus(a, b), min_chars=10).edges) == \
        sorted([short, "今年工作的总体安排如下。"])


@pytest.mark.parametrize("name, level", [
    ("国务院", "central"),
    ("国务院办公厅", "central"),
    ("中共中央办公厅", "central"),
    ("国家发展改革委", "central"),
    ("2025年国务院政府工作报告", "central"),
    ("广东省人民政府", "provincial"),
    ("2025年广东省政府工作报告", "provincial"),
    ("中共江苏省委", "provincial"),
    ("北京市人民政府", "provincial"),
    ("新疆维吾尔自治区人民政府", "provincial"),
    ("苏州市人民政府", "municipal"),
    ("延边朝鲜族自治州人民政府", "municipal"),
    ("昆山市人民政府", "municipal"),
    ("海淀区人民政府", "county"),
    ("政府工作报告", None),
    ("中国科协", None),
    ("", None),
])
def test_issuer_level(name, level):
    assert issuer_level(name) == level


@pytest.mark.parametrize("kw, message", [
    ({"level": "item"}, "level must be 'passage' or 'sentence'"),
    ({"min_chars": 0}, "min_chars must be at least 1"),
    ({"boilerplate": 1.5}, "boilerplate must be a share of sources"),
    ({"boilerplate": 0}, "boilerplate must be a share of sources"),
    ({"min_similarity": 2}, "min_similarity must be in"),
    ({"ngram": 1}, "ngram must be 2..12"),
])
def test_bad_parameters(kw, message):
    with pytest.raises(InputError, match=message):
        find_reuse(_corpus(_doc(2020, "河北省人民政府", 0)), **kw)


def _write_corpus(tmp_path, docs):
    root = tmp_path / "corpus"
    root.mkdir()
    for year, issuer, k, extra in docs:
        a, b = FILLERS[k]
        (root / f"{year}-{k}.txt").write_text(
            f"{year}年{issuer}工作要点\n今年工作的总体安排如下。\n一、重点任务\n"
            f"1．{a}{extra}\n2．{b}\n", encoding="utf-8")
    return root


def test_cli_json_is_the_documented_shape(tmp_path, capsys):
    root = _write_corpus(tmp_path, [(2020, "河北省人民政府", 0, SHARED),
                                    (2022, "石家庄市人民政府", 1, EDITED)])
    assert main(["reuse", str(root), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    (edge,) = json.loads(out)
    assert list(edge) == ["source", "target", "chars", "similarity", "boilerplate",
                          "lag_years", "directed", "share", "relation"]
    assert list(edge["source"]) == list(edge["target"]) == ["doc", "path", "start", "end",
                                                             "text"]
    assert (edge["source"]["doc"], edge["target"]["doc"], edge["target"]["text"]) == \
        ("2020-0.txt", "2022-1.txt", EDITED)
    assert err == "1 edges; 2 of 9 passage pairs aligned\n"  # the item and the preamble


def test_cli_documents_table_and_formats(tmp_path, capsys):
    root = _write_corpus(tmp_path, [(2020, "河北省人民政府", 0, SHARED),
                                    (2022, "石家庄市人民政府", 1, EDITED)])
    assert main(["reuse", str(root), "--documents", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "doc,title,year,issuer,level,chars,reused_chars,reused_share,same_date_chars,"
        "same_date_share,boilerplate_chars,boilerplate_share,top_sources")
    import csv
    import io

    rows = {r["doc"]: r for r in csv.DictReader(io.StringIO(out))}
    doc = policytext.read(root / "2022-1.txt")
    chars = len(doc.preamble) + sum(len(it.text) for it in doc.items)
    assert rows["2022-1.txt"] == {
        "doc": "2022-1.txt", "title": "2022年石家庄市人民政府工作要点", "year": "2022",
        "issuer": "", "level": "municipal", "chars": str(chars),
        "reused_chars": str(len(EDITED)), "reused_share": str(round(len(EDITED) / chars, 4)),
        "same_date_chars": "0", "same_date_share": "0.0", "boilerplate_chars": "0",
        "boilerplate_share": "0.0", "top_sources": f"2020-0.txt ({len(EDITED)})"}
    assert rows["2020-0.txt"]["reused_chars"] == "0"
    for fmt in ("md", "html", "text", "csv"):
        assert main(["reuse", str(root), "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")]) == 0
    assert "~~统筹推进~~**统筹推动**" in (tmp_path / "r.md").read_text("utf-8")
    assert "<del>统筹推进</del>" in (tmp_path / "r.html").read_text("utf-8")


def test_cli_bad_input_is_one_error_line(tmp_path, capsys):
    assert main(["reuse", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err == f"error: corpus folder not found: {tmp_path / 'missing'}\n"
    assert main(["reuse", str(tmp_path), "--boilerplate", "3"]) == 2
    assert capsys.readouterr().err.startswith("error: boilerplate must be a share of sources")


def test_renderers_escape_document_text():
    evil = "<script>alert(1)</script>统筹推进城市更新和老旧小区改造工作，完善社区服务设施。"
    a = _doc(2020, "河北省人民政府", 0, extra=evil)
    b = _doc(2021, "山西省人民政府", 1, extra=evil)
    result = find_reuse(_corpus(a, b))
    html = to_html(result)
    assert "<script" not in html and "alert(1)&lt;/script&gt;" in html
    assert "alert(1)\\</script\\>" in to_markdown(result)
    assert "alert(1)</script>" in to_csv(result)  # CSV carries the text as written


def test_lineage_graph_gets_reuse_edges():
    from policytext.compare.graph import item_node, lineage_graph

    a = _doc(2020, "河北省人民政府", 0, extra=SHARED)
    b = _doc(2022, "石家庄市人民政府", 1, extra=EDITED)
    g = lineage_graph(_corpus(a, b), terms=False, themes=False, reuse=True)
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if d["kind"] == "reuse"]
    assert [(u, v) for u, v, _ in edges] == [(item_node("2020-0.txt", "一/1"),
                                              item_node("2022-1.txt", "一/1"))]
    assert edges[0][2] == {"kind": "reuse", "chars": len(EDITED), "passages": 1,
                           "similarity": round(2 * 29 / 60, 4), "lag_years": 2,
                           "directed": True, "relation": "vertical"}
    plain = lineage_graph(_corpus(a, b), terms=False, themes=False)
    assert not any(d["kind"] == "reuse" for *_, d in plain.edges(data=True))


def test_graph_command_adds_reuse_links(tmp_path, capsys):
    root = _write_corpus(tmp_path, [(2020, "河北省人民政府", 0, SHARED),
                                    (2022, "石家庄市人民政府", 1, EDITED)])
    out = tmp_path / "g.json"
    assert main(["graph", str(root), "-o", str(out), "--reuse"]) == 0
    assert ", 1 reuse links; themes" in capsys.readouterr().err
    links = json.loads(out.read_text("utf-8"))["links"]
    assert [(x["source"], x["target"]) for x in links if x["kind"] == "reuse"] == \
        [("item:2020-0.txt#一/1", "item:2022-1.txt#一/1")]
