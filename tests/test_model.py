"""The data model: JSON Schema, round trips, navigation, the exported names."""

from __future__ import annotations

import json
from importlib import resources

import pytest

import policytext
from policytext.model import Document


def _schema() -> dict:
    return json.loads(resources.files("policytext.data").joinpath("document.schema.json")
                      .read_text("utf-8"))


def test_seed_validates_against_schema(seed_doc):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(json.loads(seed_doc.to_json()), _schema())


def test_schema_rejects_a_broken_record(seed_doc):
    jsonschema = pytest.importorskip("jsonschema")
    record = json.loads(seed_doc.to_json())
    record["sections"][0]["items"][0]["path"] = 7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, _schema())


def test_from_json_rejects_non_objects():
    with pytest.raises(policytext.StructureError, match="JSON object"):
        Document.from_json("[1, 2]")
    with pytest.raises(policytext.StructureError, match="not a JSON document record"):
        Document.from_json("{not json")


def test_navigation(seed_doc):
    assert [it.path for it in seed_doc.items] == [
        "一/1", "一/2", "一/3", "一/4", "一/5", "二/6", "二/7", "二/8", "二/9",
        "三/10", "三/11", "三/12", "四/13", "四/14", "四/15"]
    assert seed_doc.section_of("二/7").title == "突出基层建设，增强战斗堡垒的“硬度”"
    with pytest.raises(KeyError):
        seed_doc.item("五/16")


def test_sentences_respect_quotes(seed_doc):
    item = seed_doc.item("二/7")
    assert item.sentences[0] == "深化“四强”党支部建设。"
    assert "".join(item.sentences) == item.text


def test_to_frame(seed_doc):
    frame = seed_doc.to_frame()
    assert list(frame["path"])[:2] == ["一/1", "一/2"]
    assert frame.shape[0] == 15
    assert set(frame["year"]) == {2025}


def test_exported_members():
    for name in policytext.__all__:
        assert hasattr(policytext, name), name


def test_documents_and_their_meta_are_really_frozen(seed_doc):
    import dataclasses
    import pickle

    doc = dataclasses.replace(seed_doc, meta={"revisions": [{"date": "2023-03-13"}], "n": 1})
    assert hash(doc) == hash(Document.from_json(doc.to_json()))
    assert doc == Document.from_json(doc.to_json())
    with pytest.raises(TypeError):
        doc.meta["n"] = 2  # type: ignore[index]
    with pytest.raises(TypeError):
        doc.meta["revisions"][0]["date"] = "x"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.meta = {}  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(doc)) == doc
    # JSON as before: plain objects and arrays
    assert doc.to_dict()["meta"] == {"revisions": [{"date": "2023-03-13"}], "n": 1}
    assert json.loads(doc.to_json())["meta"] == {"revisions": [{"date": "2023-03-13"}], "n": 1}


def test_raw_documents_are_frozen():
    import dataclasses

    from policytext.records import Line, RawDocument

    raw = RawDocument(lines=[Line("正文。")], format="txt", removed=[], meta={"layout": {}})
    assert isinstance(raw.lines, tuple) and hash(raw) == hash(dataclasses.replace(raw))
    with pytest.raises(dataclasses.FrozenInstanceError):
        raw.lines = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        raw.meta["layout"]["x"] = 1  # type: ignore[index]
