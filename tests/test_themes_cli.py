"""The tag, requirements and themes commands, driven in-process through main(argv)."""

from __future__ import annotations

import csv
import io
import json

from policytext.cli import main


def test_tag_json(seed_path, capsys):
    assert main(["tag", str(seed_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["taxonomy"] == "party"
    assert [i["path"] for i in out["items"]][:3] == ["一/1", "一/2", "一/3"]
    for item in out["items"]:
        scores = [t["score"] for t in item["themes"]]
        assert scores == sorted(scores, reverse=True) and len(scores) == 4
        assert item["primary"] == item["themes"][0]["id"]
        assert set(item["themes"][0]) == {"id", "score", "evidence"}
    assert out["items"][0]["primary"] == "political"
    assert "第一议题" in out["items"][0]["themes"][0]["evidence"]


def test_tag_csv_and_table(seed_path, capsys):
    assert main(["tag", str(seed_path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 15 and rows[0]["primary"] == "political"
    assert set(rows[0]) == {"path", "primary", "political", "grassroots", "integration",
                            "responsibility", "evidence"}
    assert main(["tag", str(seed_path), "--format", "table"]) == 0
    assert "四/13" in capsys.readouterr().out


def test_tag_with_a_user_taxonomy_and_model(seed_path, tmp_path, capsys):
    model = tmp_path / "m.pkl"
    assert main(["themes", "train", str(seed_path), "-o", str(model)]) == 0
    assert "trained on 15 items" in capsys.readouterr().err
    assert main(["tag", str(seed_path), "--model", str(model)]) == 0
    assert len(json.loads(capsys.readouterr().out)["items"]) == 15
    assert main(["tag", str(seed_path), "--taxonomy", "government", "--model", str(model)]) == 2
    assert capsys.readouterr().err.startswith("error: the model was trained on taxonomy 'party'")


def test_tag_errors_are_one_line(seed_path, tmp_path, capsys):
    assert main(["tag", str(seed_path), "--taxonomy", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no taxonomy 'nope'") and err.count("\n") == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [", encoding="utf-8")
    assert main(["tag", str(seed_path), "--taxonomy", str(bad)]) == 2
    assert "is not valid TOML" in capsys.readouterr().err
    assert main(["tag", str(tmp_path / "missing.txt")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_requirements_json(seed_path, capsys):
    assert main(["requirements", str(seed_path), "--with-frequency"]) == 0
    out = json.loads(capsys.readouterr().out)
    issuer = "中共江苏省科技社团党委"  # the implied actor of a clause that names none
    assert [(r["path"], r["actor"], r["actor_source"], r["frequency"])
            for r in out if r["frequency"]] == [
        ("四/13", "党委书记", "carried", "每半年至少1次"),
        ("四/13", "省级学会党建工作领导小组", "carried", "每年至少1次"),
        ("四/13", issuer, "implied", "年度"), ("四/15", issuer, "implied", "定期")]
    assert set(out[0]) >= {"path", "actor", "action", "frequency", "strength", "text",
                           "actor_source", "kind"}
    assert main(["requirements", str(seed_path), "--with-frequency", "--no-implied"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["actor"] for r in out if r["frequency"]] == [
        "党委书记", "省级学会党建工作领导小组", None, None]


def test_requirements_theme_and_formats(seed_path, capsys):
    assert main(["requirements", str(seed_path), "--theme", "responsibility", "--format",
                 "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["path"] for r in rows} <= {"四/13", "四/14", "四/15", "一/5"}
    assert main(["requirements", str(seed_path), "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert "党委书记 (carried) | 主持召开党委会" in table
    assert "四/13     should     党委书记 | 切实履行" not in table  # 切实: must
    assert "四/13     must       党委书记 | 切实履行" in table
    assert main(["requirements", str(seed_path), "--theme", "nope"]) == 2
    assert "no theme 'nope'" in capsys.readouterr().err


def test_themes_train_goes_on_past_a_bad_file(seed_path, tmp_path, capsys):
    bad = tmp_path / "bad.xyz"
    bad.write_bytes(b"\x00\x01")
    model = tmp_path / "m.pkl"
    assert main(["themes", "train", str(bad), str(seed_path), "-o", str(model)]) == 1
    err = capsys.readouterr().err
    assert "trained on 15 items" in err and f"error: {bad}" in err
    assert model.is_file()


def test_themes_show(capsys):
    assert main(["themes", "show", "government"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("government:") and "reform_opening" in out
