"""Probe 13 F2: pages never carry a control or bidi character raw — a name or a text that
holds one shows its visible escape.  The documents are SYNTHETIC (made here)."""

from __future__ import annotations

import re

from webhelp import wsgi

from policytext import store
from policytext.web import make_app

RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_pages_show_controls_as_visible_escapes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    body = ("{year}年测试社团工作要点（合成样本）\n一、加强政治建设\n"
            "1．深入学习贯彻党的二十大精神，推动党建工作与业务工作深度融合。\n"
            "2．严格落实三会一课制度，规范组织生活。\n")
    names = ["2024-ctl\x1b[2Jname\u202etxt.txt", "2025-ctl\r\x07bell.txt"]
    for year, name in zip((2024, 2025), names, strict=True):
        (folder / name).write_text(body.format(year=year), encoding="utf-8")
    db = tmp_path / "w.db"
    store.ingest([folder], db=db)
    app = make_app(db)
    pages = [("/", "q=党建"), ("/item/1", ""), ("/doc/1", ""), ("/diff", "old=1&new=2")]
    shown = ""
    for path, query in pages:
        status, _, page = wsgi(app, path, query)
        text = page.decode("utf-8")
        assert status == 200 and not RAW.findall(text), (path, RAW.findall(text))
        shown += text
    assert "\\u202e" in shown and "\\x1b[2Jname" in shown
