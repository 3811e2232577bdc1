"""Policy instruments: the codebook, the coder, its figures on the blind hand-labelled sets,
and the corpus tables (counts per document and year, instrument × theme)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from instrumentseval import score

import policytext
from policytext import instruments
from policytext.errors import ModelError

DATA = Path(__file__).parent / "data"


def test_codebook_has_the_labelled_ids():
    book = instruments.load_codebook()
    assert [t.id for t in book.types] == ["supply", "environment", "demand"]
    assert {s.type for s in book.subtypes} == {"supply", "environment", "demand"}
    labelled = set()
    for name in ("dev", "test", "test3", "test3-coder2", "dev2", "dev3", "test5", "test6"):
        data = json.loads((DATA / f"instruments-{name}.json").read_text(encoding="utf-8"))
        labelled |= {e["subtype"] for e in data["sentences"] if e["type"] != "none"}
        for e in data["sentences"]:
            assert e["type"] == "none" or book.subtype(e["subtype"]).type == e["type"]
    assert labelled <= set(book.ids)
    assert all(s.definition and s.label_zh for s in book.subtypes)


@pytest.mark.parametrize(("text", "kwargs", "want"), [
    ("落实好减税降费政策，降低企业社保费率。", {}, ("environment", "tax")),
    ("加大对小微企业的信贷支持，拓宽融资渠道。", {}, ("environment", "finance")),
    ("实施政府购买服务，推广政府和社会资本合作模式。", {}, ("demand", "outsourcing")),
    ("开展以旧换新，促进汽车和家电消费。", {}, ("demand", "consumption")),
    ("加强高技能人才培养。", {}, ("supply", "talent")),
    # the first clause leads: the ways to it come after
    ("促进信息消费，建设宽带网络。", {}, ("demand", "consumption")),
    ("建设宽带网络，促进信息消费。", {}, ("supply", "infrastructure")),
    # a number with a target's qualifier is a target, except in a review
    ("国内生产总值增长6%左右。", {}, ("environment", "planning")),
    ("国内生产总值增长6%左右。", {"review": True}, ("none", None)),
    # a review reports: the measures taken last year are no instrument either
    ("创新宏观调控方式。", {"review": True}, ("none", None)),
    ("五年来，行政审批事项削减44%。", {}, ("none", None)),
    # a round rate is a target, a rate to the tenth with no qualifier a measured result
    ("财政扶贫资金增长8%。", {}, ("environment", "planning")),
    ("财政扶贫资金增长43.4%。", {}, ("supply", "funding")),
    ("（七）切实保障改善民生。", {"heading": True}, ("none", None)),
    ("二、2017年工作总体部署", {}, ("none", None)),  # a numbered line with no sentence end
    ("推进国防动员和后备力量建设。", {}, ("none", None)),
    ("全年新增就业1300万人，完成了年度目标。", {}, ("none", None)),  # past tense: a statement
    ("各位代表！", {}, ("none", None)),
    # the reform of a tool is that tool's measure (the blind coders' reading)
    ("深化利率市场化改革。", {}, ("environment", "finance")),
    ("深化企业用人制度改革。", {}, ("environment", "strategic")),
    # a programme named after a tool is that tool's measure
    ("继续实施农村和贫困地区专项招生计划。", {}, ("supply", "talent")),
    # a verb phrase (扩大开放) is no noun head: 深化改革 before it is not its modifier
    ("突出深化改革扩大开放，着力增强发展动力活力。", {}, ("environment", "strategic")),
    # a judgement of worth (…是…之要) and a foreign-policy assurance are no measure
    ("民生是为政之要，必须时刻放在心头。", {}, ("none", None)),
    ("城镇化是现代化的必由之路。", {}, ("none", None)),
    ("坚持发展是第一要务，必须全面落实新发展理念。", {}, ("environment", "strategic")),  # upholds
    ("中国愿与世界各国扩大相互开放，实现互利共赢。", {}, ("none", None)),
    ("依法履职尽责。", {}, ("none", None)),  # the officials' conduct
    # a glossary's gloss, an assessment of the times, Taiwan: none
    ("指建好、管好、护好、运营好农村公路。", {}, ("none", None)),
    ("我国发展仍然处于重要战略机遇期，但机遇和挑战都有新的发展变化。", {}, ("none", None)),
    ("今年是“十五五”开局之年，做好各项工作意义重大。", {}, ("none", None)),
    ("从国内看，长期积累的矛盾和风险进一步显现，经济下行压力加大。", {}, ("none", None)),
    ("现在，我代表北京市人民政府，向大会报告政府工作，请予审议，并请市政协委员提出意见。", {},
     ("none", None)),  # 市政协 holds 市政: no municipal facility
    ("坚决反对和遏制“台独”分裂活动，绝不允许任何人把台湾从祖国分裂出去。", {}, ("none", None)),
    # a directive verb after two adverbs (要继续…, 因地制宜有序…) still directs
    ("要继续打好三大攻坚战。", {}, ("environment", "strategic")),
    ("因地制宜有序推进盐穴综合利用。", {}, ("environment", "strategic")),
    ("制定全国国土空间规划纲要的实施方案。", {}, ("environment", "planning")),
    # 高标准 is an adjective, not a standard; 发展如… is no directive
    ("加快高标准建设国家公园。", {}, ("supply", "infrastructure")),  # not regulation
    ("发展如逆水行舟，不进则退。", {}, ("none", None)),
    # 战略性 is an adjective, not a strategy
    ("加快发展战略性新兴产业。", {}, ("environment", "strategic")),
    # a first clause that frames (依托…) is not the lead
    ("依托龙头企业，开展智能制造试点示范。", {}, ("demand", "demonstration")),
    # weak words do not add up: three of them are no more than one
    ("推动和支持优化产业布局。", {}, ("environment", "planning")),
    # the head of a noun phrase comes last (经贸|规则) ...
    ("完善经贸规则。", {}, ("environment", "regulation")),
    # ... unless it is only a weak word: a mechanism names the instrument it is for
    ("完善政府采购机制。", {}, ("demand", "procurement")),
    # changing the way a thing is done is strategic whatever the thing
    ("创新养老服务方式。", {}, ("environment", "strategic")),
    # an assessment, a rationale, a closing call, a definition: none
    ("当前就业形势总体稳定，但结构性矛盾突出。", {}, ("none", None)),
    ("这既有利于稳就业，也有利于促消费。", {}, ("none", None)),
    ("让我们携手奋进，推动消费持续回升。", {}, ("none", None)),
    ("扩大内需的关键是提振消费。", {}, ("none", None)),
    ("扩大内需的关键是要提振消费。", {}, ("demand", "consumption")),
    # a directive naming no instrument is the general measure
    ("扎实做好秋冬季各项工作。", {}, ("environment", "strategic")),
    ("团结奋斗创造未来。", {}, ("none", None)),
    # ... and a directive naming a field but no tool: the field is where, not how
    ("抓好就业这个民生头等大事。", {}, ("environment", "strategic")),
    ("深入推进制造业智能化发展。", {}, ("environment", "strategic")),
    ("加强职业技能培训，促进就业。", {}, ("supply", "talent")),  # a tool leads
    # the guiding ideology, an assurance, the officials' conduct, a list's lead-in: none
    ("全面贯彻习近平新时代中国特色社会主义思想，全面建成社会主义现代化强国。", {},
     ("none", None)),
    ("投资环境一定会越来越好。", {}, ("none", None)),
    ("政府要勇于自我革命，为公平竞争搭好舞台。", {}, ("none", None)),
    ("做好今年政府工作，要把握好以下几点。", {}, ("none", None)),
])
def test_code_sentence(text, kwargs, want):
    c = instruments.code_sentence(text, **kwargs)
    assert (c.type, c.subtype) == want
    assert (c.type == "none") == (c.reason != "")
    assert all(w in text for w in c.evidence if not w[0].isdigit())


def test_split_sentences_keeps_the_words():
    text = "一是稳就业；二是保民生。\n（三）扩大开放\n深化合作！好"
    parts = instruments.split_sentences(text)
    assert parts == ["一是稳就业；", "二是保民生。", "（三）扩大开放", "深化合作！", "好"]
    assert "".join(parts) == text.replace("\n", "")


def test_document_sentences_in_order_with_headings(seed_doc):
    codes = instruments.code(seed_doc)
    assert [c.path for c in codes if c.path != "preamble"][:1] == [seed_doc.items[0].path]
    firsts = {c.path: c for c in codes if c.n == 1 and c.path != "preamble"}
    # the seed's numbered titles run into their text (1．深入学习…精神。旗帜鲜明…): run-in
    # titles, coded by what they say; only a title on a line of its own is a heading
    items = [i for s in seed_doc.iter_sections() for i in s.items if i.path.count("/") == 1]
    assert items and all(i.text.split("\n")[0].strip() != i.title.strip() for i in items)
    assert not any(firsts[i.path].reason == "heading" for i in items)
    assert sum(firsts[i.path].type != "none" for i in items) >= len(items) - 3
    frame = instruments.to_frame(codes)
    assert len(frame) == len(codes) and list(frame.columns)[:4] == ["path", "n", "type",
                                                                   "subtype"]
    assert policytext.instruments(seed_doc) == codes  # the top-level verb


def test_headings_stand_on_their_own_line(tmp_path):
    # the codebook's convention (tests/data/instruments-labels.md): a heading is a line of
    # its own; a numbered title the text goes on after on its line is coded by what it says
    path = tmp_path / "report.txt"
    path.write_text("政府工作报告\n\n各位代表：\n\n"
                    "加快建设综合交通网络。（二）扩大高水平对外开放。深化国际合作。\n"
                    "（三）加强社会建设。\n建设宽带网络。\n", encoding="utf-8")
    codes = instruments.code(policytext.read(path))
    assert [(c.text, c.type, c.reason) for c in codes] == [
        ("加快建设综合交通网络。", "supply", ""),
        ("（二）扩大高水平对外开放。", "demand", ""),
        ("深化国际合作。", "demand", ""),
        ("加强社会建设。", "none", "heading"),  # the structure keeps the number apart
        ("建设宽带网络。", "supply", "")]


def test_a_title_line_touching_its_paragraph_is_a_heading(tmp_path):
    # a web copy with blank lines between paragraphs: the reader joins the touching body to
    # the title line, which still stands on a line of its own in the file
    path = tmp_path / "report.txt"
    paras = [f"（{n}）加快发展第{n}项事业。\n" + "推进重点工作，扩大信息消费" * k + "。"
             for k, n in enumerate("一二三", 1)]
    paras += ["深化合作" * k + "，加强监管。" for k in range(2, 6)]
    path.write_text("政府工作报告\n\n各位代表：\n\n一、今年重点工作\n\n" + "\n\n".join(paras)
                    + "\n\n（四）深化改革。深化国资国企改革。\n", encoding="utf-8")
    doc = policytext.read(path)
    assert "（一）加快发展第一项事业。推进重点工作" in doc.text  # joined by the reader
    codes = instruments.code(doc)
    assert [(c.text, c.reason) for c in codes if c.type == "none"] == [
        (f"加快发展第{n}项事业。", "heading") for n in "一二三"]
    assert ("深化改革。", "strategic") in [(c.text, c.subtype) for c in codes]  # run-in


def test_review_sections_are_none_until_they_turn_ahead(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("政府工作报告\n\n一、2024年工作回顾\n\n"
                    "过去一年，我们加大研发投入，建设宽带网络。新的一年，要加强高技能人才培养。\n"
                    "二、2025年重点工作\n\n建设宽带网络。\n", encoding="utf-8")
    codes = instruments.code(policytext.read(path))
    assert [(c.text, c.type, c.reason) for c in codes] == [
        ("过去一年，我们加大研发投入，建设宽带网络。", "none", "review"),
        ("新的一年，要加强高技能人才培养。", "supply", ""),
        ("建设宽带网络。", "supply", "")]


def test_entries_of_a_list_of_targets_are_targets(tmp_path):
    # the list of the year's targets is cut by ；: each entry is a target, whatever it names
    path = tmp_path / "report.txt"
    path.write_text("政府工作报告\n\n一、2025年工作总体要求\n\n"
                    "今年发展主要预期目标是：国内生产总值增长5%左右；进出口稳中提质，国际收支基本"
                    "平衡；居民收入稳步增长。扩大进出口。\n", encoding="utf-8")
    codes = instruments.code(policytext.read(path))
    assert [(c.type, c.subtype) for c in codes] == [
        ("environment", "planning"), ("environment", "planning"), ("environment", "planning"),
        ("demand", "trade")]
    assert codes[1].also[:1] == ("trade",) and codes[1].evidence == ()


def test_bad_codebook(tmp_path):
    with pytest.raises(ModelError, match="not a readable file"):
        instruments.load_codebook(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[types]]\nid = "supply"\n[[subtypes]]\nid = "x"\ntype = "other"\n'
                   'keywords = ["a"]\n', encoding="utf-8")
    with pytest.raises(ModelError, match="type 'other'"):
        instruments.load_codebook(bad)
    good = '[[types]]\nid = "supply"\n[[subtypes]]\nid = "x"\ntype = "supply"\nkeywords = ["a"]\n'
    bad.write_text(good + '[neutral]\npatterns = ["(unclosed"]\n', encoding="utf-8")
    with pytest.raises(ModelError, match=r"bad \[neutral\] pattern"):
        instruments.load_codebook(bad)
    bad.write_text(good + '[directive]\nsubtype = "y"\npatterns = ["^加快"]\n', encoding="utf-8")
    with pytest.raises(ModelError, match=r"\[directive\] subtype 'y' is not one of x"):
        instruments.load_codebook(bad)
    bad.write_text(good + '[directive]\nsubtype = "x"\npatterns = ["^加快"]\n', encoding="utf-8")
    assert instruments.code_sentence("加快建设。", codebook=bad).subtype == "x"


# -- the blind hand-labelled sets (see tests/data/instruments-labels.md) ----------------

#: (set, type, sub-type) correct with the shipped coder, asserted exactly: a change that
#: moves them must say so here.  First run, before any fix: dev 47 and 38 of 80, test 45
#: and 37 of 70; after fixes made on dev only: dev 70 and 65, test 46 and 38; after the
#: second round (dev and test): dev 75 and 70, test 56 and 49, and test3 — new, blind, two
#: coders — 38 and 31.  Third round (dev, test and test3, to the codebook's conventions;
#: six dev/test labels re-coded to it, see tests/data/instruments-labels.md): dev 74 and 67,
#: test 57 and 51, test3 54 and 46 (coder 2: 56 and 48).  Fourth round: the figures below
#: (vocabulary from the codebook's definitions, not from the labelled sentences; 战略性 is
#: not a strategy; more directive verbs; culture services, 有效投资, 垃圾分类, seen in dev's
#: and dev2's errors; the reform of a tool is that tool's measure, and so is a programme
#: named after a tool: 农村供水…三年行动).  test3-coder2 is the
#: second blind coder's labels of the same 70; dev2 is coded by the developer (not blind):
#: the third round's coder gives it 54 and 43.  dev3 (developer-coded too) was kept out of
#: tuning to measure the round: third-round coder 49 and 44, this round's 51 and 47; then
#: three fixes seen in its errors (高标准 is not a standard, 发展如… is no directive, 外交 is
#: exchange abroad), so its figure below is in-sample.  test5 (blind, the integrator's held-out
#: set of the fourth round, committed after scoring) writes none's sub-type "none": the
#: scorer reads it as None (before, its sub-type figure counted 14 right nones as wrong).
#: Fifth round (test5 used for development; main's coder on it: 55 and 47): the figures
#: below, all in-sample (tests/data/instruments-labels.md lists each change and its gain).
MEASURED = {"dev": (80, 75, 70), "test": (70, 61, 53), "test3": (70, 59, 52),
            "test3-coder2": (70, 60, 54), "dev2": (70, 64, 55), "dev3": (70, 59, 55),
            "test5": (70, 64, 57),
            # test6: the fifth round's blind held-out set (helper-written, seed 20261206),
            # scored once on the fifth round's coder and committed after: not in-sample
            # for that round, in-sample for any later one
            "test6": (70, 56, 52)}


@pytest.mark.parametrize("name", list(MEASURED))
def test_labelled_set_accuracy(name, shared_corpora, capsys):
    n, want_type, want_sub = MEASURED[name]
    r = score(DATA / f"instruments-{name}.json", shared_corpora)
    with capsys.disabled():
        print(f"\ninstruments {name}: type {r['type']}/{r['n']}, sub-type {r['subtype']}/{r['n']}")
    assert (r["n"], r["type"], r["subtype"]) == (n, want_type, want_sub)
    assert r["type"] / r["n"] >= 0.75


# -- corpus tables ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def national(shared_corpora):
    from policytext.corpus import Corpus

    return Corpus.load(shared_corpora / "national-work-reports")


def test_counts_per_document_and_year(national):
    from policytext.compare.tables import instrument_counts

    df = instrument_counts(national)
    assert sorted(set(df["year"])) == [2014, 2015, 2016, 2017, 2018, 2019, 2021, 2022]
    book = instruments.load_codebook()
    for entry in national:
        part = df[df["year"] == entry.year].set_index("subtype")
        codes = instruments.code(entry.doc)
        assert int(part["sentences"].sum()) == len(codes)
        for sid in (*book.ids, "none"):
            assert part.loc[sid, "sentences"] == sum((c.subtype or "none") == sid for c in codes)
        assert part.drop(index="none")["share"].sum() == pytest.approx(1.0)
        # every report uses all three types
        assert set(part[part["sentences"] > 0]["type"]) == {"supply", "environment", "demand",
                                                            "none"}


def test_instrument_by_theme_table(national):
    import dataclasses

    from policytext.compare.tables import instrument_themes
    from policytext.themes import tag

    # two years: the government taxonomy trains its model on the documents being tagged
    two = dataclasses.replace(national, entries=national.entries[-2:])
    table = instrument_themes(two)
    assert list(table.index) == ["supply", "environment", "demand"]
    want: dict = {}
    for entry in two:
        primary = {t.path: t.primary or "(none)" for t in tag(entry.doc, taxonomy="government")}
        for c in instruments.code(entry.doc):
            if c.type != "none" and c.path in primary:
                key = (c.type, primary[c.path])
                want[key] = want.get(key, 0) + 1
    got = {(i, t): int(table.loc[i, t]) for i in table.index for t in table.columns
           if table.loc[i, t]}
    assert got == want


def test_instrument_by_theme_table_of_subtypes():
    from conftest import CORPORA

    from policytext.compare.tables import instrument_themes
    from policytext.corpus import Corpus
    from policytext.errors import InputError

    corpus = Corpus.load(CORPORA)  # party work points: the shipped model, fast
    sub = instrument_themes(corpus, level="subtype")
    by_type = instrument_themes(corpus)
    book = instruments.load_codebook()
    assert set(sub.index) <= set(book.ids) and list(sub.columns) == list(by_type.columns)
    for kind in by_type.index:
        rows = [s.id for s in book.subtypes if s.type == kind and s.id in sub.index]
        assert list(sub.loc[rows].sum()) == list(by_type.loc[kind])
    with pytest.raises(InputError, match="level must be"):
        instrument_themes(corpus, level="item")


def test_instruments_command(seed_path, seed_doc, tmp_path, capsys):
    from collections import Counter

    from policytext.cli import main

    codes = instruments.code(seed_doc)
    assert main(["instruments", str(seed_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {t: Counter(c.type for c in codes)[t] for t in
                              ("supply", "environment", "demand", "none")}
    assert [s["text"] for s in data["sentences"]] == [c.text for c in codes if c.type != "none"]
    assert main(["instruments", str(seed_path), "--all", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "path,n,type,subtype,evidence,also,reason,text"
    assert len(lines) == len(codes) + 1
    assert main(["instruments", str(seed_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(" sentences")
    assert main(["instruments", str(tmp_path / "missing.txt")]) == 2
    assert capsys.readouterr().err.startswith("error: ")
