"""The founding document parses to the gold, through the library and the CLI."""

from __future__ import annotations

import json

from goldcheck import differences

import policytext
from policytext.cli import main
from policytext.pipeline import conservation


def test_seed_equals_gold(seed_doc, gold):
    assert differences(seed_doc.to_dict(), gold) == []


def test_seed_cli_json_equals_gold(seed_path, gold, capsys):
    assert main(["parse", str(seed_path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert differences(out, gold) == []
    assert [it["path"] for s in out["sections"] for it in s["items"]][:6] == [
        "一/1", "一/2", "一/3", "一/4", "一/5", "二/6"]


def test_seed_conserves_characters(seed_path, seed_doc):
    raw = seed_path.read_text(encoding="utf-8")
    chars_in, accounted = conservation(raw, seed_doc)
    assert chars_in == accounted


def test_seed_json_round_trip(seed_doc):
    again = policytext.Document.from_json(seed_doc.to_json())
    assert again == seed_doc


def test_seed_other_encodings(seed_path, gold, tmp_path):
    text = seed_path.read_text(encoding="utf-8")
    for enc in ("gb18030", "utf-16", "utf-16-le", "utf-8-sig"):
        path = tmp_path / f"seed-{enc}.txt"
        path.write_bytes(text.encode(enc))
        doc = policytext.read(path)
        assert differences(doc.to_dict(), gold) == [], enc


def test_seed_pages(seed_doc):
    assert seed_doc.pages == 10
    assert seed_doc.item("一/1").pages == (2, 3)
    assert seed_doc.item("四/15").pages == (9, 9)
