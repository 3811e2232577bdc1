"""The local web page's reuse route: an item shows where else its passages appear."""

from __future__ import annotations

import sqlite3

from test_reuse import EDITED, FILLERS, SHARED
from test_web import wsgi_get
from webhelp import Inventory

from policytext import store
from policytext.web import make_app

HOSTILE = "<img src=x onerror=alert(1)>"


def _write(folder, year, issuer, k, extra):
    a, b = FILLERS[k]
    (folder / f"{year}-{k}.txt").write_text(
        f"{year}年{issuer}工作要点\n今年工作的总体安排如下。\n一、重点任务\n"
        f"1．{a}{extra}\n2．{b}\n", encoding="utf-8")


def test_item_page_links_to_where_its_passage_also_appears(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, 2020, "河北省人民政府", 0, SHARED + HOSTILE + "完善社区养老服务网络。")
    _write(folder, 2022, "石家庄市人民政府", 1, EDITED + HOSTILE + "完善社区养老服务网络。")
    db = tmp_path / "r.db"
    store.ingest([folder], db=db)
    conn = sqlite3.connect(db)
    ids = {(name, path): i for i, name, path in conn.execute(
        "SELECT items.id, documents.name, items.path FROM items JOIN documents "
        "ON documents.id = items.doc_id")}
    conn.close()
    app = make_app(db)
    target, source = ids[("2022-1.txt", "一/1")], ids[("2020-0.txt", "一/1")]
    status, _, item_page = wsgi_get(app, f"/item/{target}")
    assert status == 200 and f'href="/reuse/{target}"' in item_page
    status, _, body = wsgi_get(app, f"/reuse/{target}")
    assert status == 200
    inv = Inventory(body)
    assert ("img", ("onerror", "src")) not in inv.tags  # the document's markup is text
    assert f'<a href="/item/{source}">2020年河北省人民政府工作要点 一/1</a>' in body
    assert "那里更早 earlier there (2 年) · vertical" in body
    marked = body.split("<mark>")[1].split("</mark>")[0]
    assert marked == (EDITED + HOSTILE + "完善社区养老服务网络。").replace(
        "<", "&lt;").replace(">", "&gt;")
    status, _, body = wsgi_get(app, f"/reuse/{source}")
    assert "这里更早 earlier here (2 年)" in body
    lonely = ids[("2020-0.txt", "一/2")]
    assert "No other stored document shares a passage" in wsgi_get(app, f"/reuse/{lonely}")[2]
    assert wsgi_get(app, "/reuse/999999")[0] == 404
    assert wsgi_get(app, "/reuse/x")[0] == 404
