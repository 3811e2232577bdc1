"""Corpus: folders, manifests, inferred series and years, bad files reported."""

from __future__ import annotations

import json

import pytest

from policytext.corpus import Corpus, read_document, series_title, unify_series
from policytext.errors import InputError

WP = ("{year}年测试协会工作要点\n\n{year}年，工作总体要求是：抓好落实。\n\n一、总体\n\n"
      "1．加强学习。深入学习。\n\n2．开展活动。组织活动。\n")


def _write(folder, name, year, title="测试协会工作要点"):
    text = WP.format(year=year).replace("测试协会工作要点", title)
    (folder / name).write_text(text, encoding="utf-8")


def test_series_and_years_inferred_and_ordered(tmp_path):
    _write(tmp_path, "b.txt", 2025)
    _write(tmp_path, "a.txt", 2023)
    _write(tmp_path, "c.txt", 2024)
    _write(tmp_path, "other.txt", 2024, title="另一协会工作要点")
    corpus = Corpus.load(tmp_path)
    assert corpus.errors == ()
    assert {k: [e.year for e in v] for k, v in corpus.series.items()} == {
        "另一协会工作要点": [2024], "测试协会工作要点": [2023, 2024, 2025]}
    assert [(a.year, b.year) for a, b in corpus.pairs()] == [(2023, 2024), (2024, 2025)]


def test_subfolders_keep_same_titles_apart(tmp_path):
    for prov in ("北京", "上海"):
        (tmp_path / prov).mkdir()
        _write(tmp_path / prov, "2025.txt", 2025, title="政府工作报告")
        _write(tmp_path / prov, "2026.txt", 2026, title="政府工作报告")
    assert sorted(Corpus.load(tmp_path).series) == ["上海 · 政府工作报告", "北京 · 政府工作报告"]


def test_one_series_under_two_titles_is_unified(tmp_path):
    # The national reports call themselves 国务院政府工作报告 in some years and
    # 政府工作报告 in others; Sichuan writes 四川省政府… one year, 四川省人民政府… the next.
    _write(tmp_path, "2014.txt", 2014, title="国务院政府工作报告")
    _write(tmp_path, "2017.txt", 2017, title="政府工作报告")
    _write(tmp_path, "2018.txt", 2018, title="国务院政府工作报告")
    (tmp_path / "川").mkdir()
    _write(tmp_path / "川", "2025.txt", 2025, title="四川省政府工作报告")
    _write(tmp_path / "川", "2026.txt", 2026, title="四川省人民政府工作报告")
    series = {k: [e.year for e in v] for k, v in Corpus.load(tmp_path).series.items()}
    assert series == {"国务院政府工作报告": [2014, 2017, 2018],
                      "川 · 四川省人民政府工作报告": [2025, 2026]}


@pytest.mark.parametrize(("title", "expected"), [
    ("2025年江苏省科技社团党的建设工作要点", "江苏省科技社团党的建设工作要点"),
    ("某市社会组织党的建设工作要点（合成样本）", "某市社会组织党的建设工作要点（合成样本）"),
    ("政府工作报告（2025年）", "政府工作报告"),
    ("2024年度 工作要点", "工作要点"),
    ("2026-政府工作报告.web", "政府工作报告"),
    ("2025年", None),
])
def test_series_title(title, expected):
    assert series_title(title) == expected


@pytest.mark.parametrize(("names", "expected"), [
    ({"政府工作报告": [2017], "国务院政府工作报告": [2014]},
     {"政府工作报告": "国务院政府工作报告"}),
    ({"立法法": [2023], "中华人民共和国立法法": [2015]}, {"立法法": "中华人民共和国立法法"}),
    ({"江苏省人民政府工作报告": [2026], "江苏省政府工作报告": [2024, 2025]},
     {"江苏省人民政府工作报告": "江苏省政府工作报告"}),
    # two candidates: which province's? Left apart.
    ({"政府工作报告": [2017], "上海市政府工作报告": [2016], "北京市政府工作报告": [2015]}, {}),
    # a shared year means two documents, not one series
    ({"政府工作报告": [2017], "国务院政府工作报告": [2017]}, {}),
    ({"江苏省人民政府工作报告": [2025], "江苏省政府工作报告": [2025]}, {}),
    # what comes before is not an issuer: another series
    ({"工作要点": [2017], "测试协会工作要点": [2014]}, {}),
    ({"党建工作要点": [2017], "科协党建工作要点": [2014]}, {}),
])
def test_unify_series(names, expected):
    assert unify_series(names) == expected


def test_national_reports_form_one_series(shared_corpora):
    corpus = Corpus.load(shared_corpora / "national-work-reports")
    assert {k: [e.year for e in v] for k, v in corpus.series.items()} == {
        "国务院政府工作报告": [2014, 2015, 2016, 2017, 2018, 2019, 2021, 2022]}
    corpus = Corpus.load(shared_corpora / "provincial-work-reports")
    assert [len(v) for v in corpus.series.values()] == [2] * 6


@pytest.mark.parametrize("kind", ["csv", "toml", "json"])
def test_manifest_overrides(tmp_path, kind):
    _write(tmp_path, "x.txt", 2025)
    _write(tmp_path, "y.txt", 2025)
    rows = [("x.txt", "我的系列", 2019, "某单位"), ("y.txt", "我的系列", 2020, "")]
    if kind == "csv":
        text = "file,series,year,issuer\n" + "".join(f"{f},{s},{y},{i}\n" for f, s, y, i in rows)
    elif kind == "toml":
        text = "".join(f'[[documents]]\nfile = "{f}"\nseries = "{s}"\nyear = {y}\n'
                       + (f'issuer = "{i}"\n' if i else "") for f, s, y, i in rows)
    else:
        text = json.dumps({"documents": [{"file": f, "series": s, "year": y, "issuer": i}
                                         for f, s, y, i in rows]}, ensure_ascii=False)
    (tmp_path / f"manifest.{kind}").write_text(text, encoding="utf-8")
    corpus = Corpus.load(tmp_path)
    assert [(e.path, e.series, e.year, e.issuer) for e in corpus] == [
        ("x.txt", "我的系列", 2019, "某单位"), ("y.txt", "我的系列", 2020, None)]


def test_bad_files_are_reported_not_fatal(tmp_path):
    _write(tmp_path, "good.txt", 2025)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "manifest.csv").write_text("file,year\nmissing.txt,2020\n", encoding="utf-8")
    corpus = Corpus.load(tmp_path)
    assert [e.path for e in corpus] == ["good.txt"]
    bad = dict(corpus.errors)
    assert set(bad) == {"empty.txt", "broken.pdf", "missing.txt"}
    assert "empty" in bad["empty.txt"]


def test_bad_manifest_and_folder(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,year\nx.txt,twenty\n", encoding="utf-8")
    with pytest.raises(InputError, match="year 'twenty' of x.txt is not a number"):
        Corpus.load(tmp_path)
    with pytest.raises(InputError, match="corpus folder not found"):
        Corpus.load(tmp_path / "nope")


def test_sidecar_marks_synthetic(seed_path):
    from synth import load

    doc = read_document(load().DEMO_OLD)
    assert doc.meta["synthetic"] is True and doc.year == 2024
    assert "edits" in doc.meta and "truth" not in doc.meta
    corpus = Corpus.load(seed_path.parent)
    ((series, entries),) = corpus.series.items()
    assert [e.year for e in entries] == [2024, 2025]
    assert [e.doc.meta.get("synthetic", False) for e in entries] == [True, False]


def test_corpus_is_a_public_name():
    import policytext

    assert policytext.Corpus is Corpus and "Corpus" in policytext.__all__


def test_manifest_and_sidecar_set_the_kind(tmp_path):
    _write(tmp_path, "x.txt", 2025)
    _write(tmp_path, "y.txt", 2025)
    (tmp_path / "manifest.csv").write_text("file,kind\nx.txt,notice\n", encoding="utf-8")
    (tmp_path / "y.txt.meta.json").write_text('{"kind": "law"}', encoding="utf-8")
    detected = read_document(tmp_path / "y.txt").kind  # a work plan, but the sidecar says law
    assert detected == "law"
    assert read_document(tmp_path / "x.txt").kind == "notice"
    corpus = Corpus.load(tmp_path)
    assert [(e.path, e.doc.kind) for e in corpus] == [("x.txt", "notice"), ("y.txt", "law")]
    (tmp_path / "manifest.csv").write_text("file,kind\nx.txt,memo\n", encoding="utf-8")
    with pytest.raises(InputError, match="kind 'memo' of x.txt is not one of work_plan"):
        Corpus.load(tmp_path)


def _unify_pairwise(names):
    """unify_series as first written (every pair of names compared): the reference the
    linear version must equal."""
    from policytext.corpus import _RE_ISSUER_PREFIX, _series_fold

    def rank(n):
        years = [y for y in names[n] if y is not None]
        return (len(names[n]), max(years, default=0), n)

    by_fold = {}
    for n in names:
        by_fold.setdefault(_series_fold(n), []).append(n)
    out, groups = {}, {}
    for fold, variants in by_fold.items():
        years = [y for v in variants for y in names[v]]
        if len(variants) > 1 and len(years) == len(set(years)):
            keep = max(variants, key=rank)
            out.update({v: keep for v in variants if v != keep})
        groups[fold] = {y for v in variants for y in names[v]}
    canonical = {_series_fold(n): n for n in sorted(names, key=rank)}
    for short, years in groups.items():
        longer = [f for f, ys in groups.items() if f != short and f.endswith(short)
                  and _RE_ISSUER_PREFIX.match(f[:-len(short)]) and not (ys & years)]
        if len(longer) == 1:
            target = canonical[longer[0]]
            for n in names:
                if _series_fold(out.get(n, n)) == short:
                    out[n] = target
    return {k: v for k, v in out.items() if k != v}


def test_unify_series_equals_the_pairwise_definition():
    import random

    rng = random.Random(20261202)
    issuers = ["", "国务院", "中华人民共和国", "江苏省", "江苏省人民", "上海市", "南京市",
               "某县", "测试协会", "科协", "广东省", "中共中央"]
    titles = ["政府工作报告", "人民政府工作报告", "工作要点", "党建工作要点", "立法法"]
    for _ in range(300):
        names = {}
        for _ in range(rng.randint(1, 9)):
            name = rng.choice(issuers) + rng.choice(titles)
            names[name] = rng.sample([2013, 2015, 2016, 2017, 2019, 2021, None], rng.randint(1, 3))
        assert unify_series(names) == _unify_pairwise(names), names
