"""The local web page: pages, escaping of hostile documents, Host/origin/path defences."""

from __future__ import annotations

import http.client
import socket
import threading
from urllib.parse import quote, urlencode

import pytest
from webhelp import BENIGN, BENIGN_NAME, HOSTILE, HOSTILE_NAME, Inventory, document, wsgi

from policytext import store
from policytext.cli import main
from policytext.web import CSP, make_app, make_server


@pytest.fixture(scope="module")
def dbs(tmp_path_factory, seed_path):
    root = tmp_path_factory.mktemp("web")
    out = {}
    for kind, words, name in (("hostile", HOSTILE, HOSTILE_NAME), ("benign", BENIGN, BENIGN_NAME)):
        folder = root / kind
        folder.mkdir()
        (folder / name).write_text(document(words, 2024), encoding="utf-8")
        (folder / ("2025-" + name)).write_text(document(words, 2025), encoding="utf-8")
        db = root / f"{kind}.db"
        report = store.ingest([folder, seed_path], db=db)
        assert len(report.added) == 3, report
        out[kind] = db
    return out


@pytest.fixture(scope="module")
def server(dbs):
    httpd = make_server(dbs["hostile"], port=0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def request(server, path, *, method="GET", host=None, headers=None, raw_path=False):
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest(method, path if raw_path else quote(path, safe="/?=&%"), skip_host=True)
    if host is not False:
        conn.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def wsgi_get(app, path, query=""):
    status, headers, body = wsgi(app, path, query)
    return status, headers, body.decode("utf-8")


def test_listens_on_loopback_only(server):
    assert server.server_address[0] == "127.0.0.1"


def test_search_page_finds_and_highlights(server):
    status, headers, body = request(server, "/?q=三会一课")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "<mark>三会一课</mark>" in body
    assert 'href="/item/' in body and "一/5 严明政治纪律和政治规矩" in body


def test_facets_list_years_and_series(server):
    _, _, body = request(server, "/")
    inv = Inventory(body)
    assert "2024 (1)" in inv.all_text and "2025 (2)" in inv.all_text
    assert "江苏省科技社团党的建设工作要点 (1)" in inv.all_text


def test_year_filter_and_bad_year(server):
    _, _, body = request(server, "/?q=测试条目&year=2024")
    # three items and the preamble (总体要求是：做好测试条目工作)
    assert body.count('class="hit"') == 4 and "2025</span>" not in body
    status, _, body = request(server, "/?q=测试条目&year=soon")
    assert status == 200 and "year must be YYYY or YYYY-YYYY" in body


@pytest.mark.parametrize("page", ["/", "/?q=测试条目", "/doc/1", "/item/1", "/diff",
                                  "/static/style.css", "/nope", "/item/99999"])
def test_every_response_has_the_security_headers(server, page):
    _, headers, _ = request(server, page)
    assert headers["content-security-policy"] == CSP
    assert "script-src" not in CSP and "default-src 'none'" in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example",
                                  "localhost.evil.example", "127.0.0.1:1", "", "[::2]"])
def test_foreign_host_is_refused(server, host):
    status, _, body = request(server, "/", host=host)
    assert status == 403 and "<form" not in body


def test_missing_host_is_refused_and_local_names_pass(server):
    assert request(server, "/", host=False)[0] == 403
    port = server.server_address[1]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost", f"[::1]:{port}"):
        assert request(server, "/", host=host)[0] == 200, host


@pytest.mark.parametrize("headers, status", [
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "null"}, 403),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Origin": "http://127.0.0.1:1"}, 403),
    ({}, 405),
])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_writes_are_refused(server, method, headers, status):
    assert request(server, "/", method=method, headers=headers)[0] == status


@pytest.mark.parametrize("path", [
    "/../pyproject.toml", "/static/../../pyproject.toml", "/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e/__init__.py", "/static/..%5c..%5cpyproject.toml", "/static/..\\__init__.py",
    "/static/%252e%252e/%252e%252e/etc/passwd", "/static/templates/base.html",
    "/static/style.css%00.py", "/..%2f..%2fetc/passwd", "/static//etc/passwd",
])
def test_path_traversal_is_refused(server, path):
    status, _, body = request(server, path, raw_path=True)
    assert status in (400, 404)
    assert "[project]" not in body and "root:" not in body and "import" not in body


def test_static_stylesheet_is_served(server):
    status, headers, body = request(server, "/static/style.css")
    assert status == 200 and headers["content-type"] == "text/css; charset=utf-8"
    assert "mark {" in body


def test_an_exception_is_a_bare_500(dbs, monkeypatch):
    app = make_app(dbs["hostile"])

    def boom(*_):
        raise RuntimeError("secret detail /etc/shadow")

    monkeypatch.setitem(app.routes, "item", boom)
    status, headers, body = wsgi_get(app, "/item/1")
    assert status == 500
    assert "Traceback" not in body and "secret" not in body and "RuntimeError" not in body
    assert headers["Content-Security-Policy"] == CSP


def _series(db):
    import sqlite3

    return sqlite3.connect(db).execute(
        "SELECT series FROM documents WHERE year = 2024").fetchone()[0]


def _pages(db):
    """The pages to check, for a database: search hits, an item, the documents, a diff."""
    import sqlite3

    app = make_app(db)
    pages = {}
    pre, *ids = [r[0] for r in sqlite3.connect(db).execute(
        "SELECT id FROM items WHERE doc_id = 1 ORDER BY seq LIMIT 4")]  # the preamble first
    for name, path, query in (("search", "/", "q=测试条目"), ("req", "/", "q=测试&requirements=1"),
                              ("doc1", "/doc/1", ""), ("doc2", "/doc/2", ""),
                              ("preamble", f"/item/{pre}", ""),
                              ("item1", f"/item/{ids[0]}", ""), ("item2", f"/item/{ids[1]}", ""),
                              ("item3", f"/item/{ids[2]}", ""), ("diff", "/diff", ""),
                              ("diff2", "/diff", urlencode({"series": _series(db)})),
                              ("missing", "/item/999", "")):
        status, _, body = wsgi_get(app, path, query)
        pages[name] = (status, body)
    return pages


def test_hostile_document_shows_as_plain_text(dbs):
    hostile, benign = _pages(dbs["hostile"]), _pages(dbs["benign"])
    for name, (status, body) in hostile.items():
        assert status == benign[name][0], name
        inv, twin = Inventory(body), Inventory(benign[name][1])
        # no element or attribute that the template did not put there
        assert inv.tags <= twin.tags, (name, inv.tags - twin.tags)
        assert not [v for v in inv.values if v.strip().lower().startswith("javascript:")]
        assert not [t for t in inv.tags for a in t[1] if a.startswith("on")]
        assert "<script" not in body.lower()
    # …and the hostile strings are there, as text
    shown = Inventory(hostile["doc2"][1]).all_text + Inventory(hostile["item1"][1]).all_text
    assert HOSTILE["title"] in shown and HOSTILE["text"] in shown
    assert HOSTILE_NAME in Inventory(hostile["doc1"][1]).all_text
    assert HOSTILE["attr"] in Inventory(hostile["item2"][1]).all_text
    assert HOSTILE["link"] in Inventory(hostile["item3"][1]).all_text
    assert HOSTILE["link"] in Inventory(hostile["preamble"][1]).all_text
    # …also in the HTML diff of the two years (policytext.compare's renderer, inside our page)
    diff = Inventory(hostile["diff2"][1])
    assert {("del", ()), ("ins", ())} & diff.tags  # the diff is really there
    for value in HOSTILE.values():
        assert value in diff.all_text


@pytest.fixture()
def two_years(tmp_path, seed_path):
    """The bundled series (synthetic 2024, real 2025) ingested: (db, older, newer)."""
    older = seed_path.parent / "2024-江苏省科技社团党的建设工作要点-synthetic.txt"
    db = tmp_path / "two.db"
    store.ingest([older, seed_path], db=db)
    return db, older, seed_path


def test_diff_page_shows_the_comparison(two_years):
    """Two years of the bundled series: the page's counts are compare()'s summary."""
    from policytext import read
    from policytext.compare import compare

    db, older, seed_path = two_years
    status, _, body = wsgi_get(make_app(db), "/diff",
                               urlencode({"series": "江苏省科技社团党的建设工作要点"}))
    assert status == 200
    summary = compare(read(older), read(seed_path)).summary
    shown = Inventory(body).all_text
    for kind, n in summary.items():
        assert f"{kind}: {n}" in shown
    assert "2024 → 2025" in shown


def test_item_page_follows_the_item_across_years(two_years):
    from policytext import read
    from policytext.compare import compare

    db, older, seed_path = two_years
    comparison = compare(read(older), read(seed_path))
    import sqlite3

    conn = sqlite3.connect(db)
    app = make_app(db)
    checked = 0
    for change in comparison.changes:
        if not change.new or change.type == "unchanged":
            continue
        new_path = change.new[0]
        item_id = conn.execute("SELECT id FROM items WHERE doc_id = 2 AND path = ?",
                               (new_path,)).fetchone()[0]
        status, _, body = wsgi_get(app, f"/item/{item_id}")
        assert status == 200
        rows = body.split('<table class="lineage">')[1].split("</table>")[0]
        row_2025 = [r for r in rows.split("<tr") if "<td>2025</td>" in r][0]
        assert f"<td>{change.type}" in row_2025
        if change.old:
            row_2024 = [r for r in rows.split("<tr") if "<td>2024</td>" in r][0]
            assert all(f"{p} " in row_2024 for p in change.old)
        checked += 1
    assert checked >= 3


def test_hostile_query_is_escaped(server):
    q = '<script>alert(9)</script>" onerror="x'
    status, _, body = request(server, "/?q=" + quote(q), raw_path=True)
    assert status == 200
    inv = Inventory(body)
    assert q in inv.values  # the search box holds it, as an attribute value
    assert "<script" not in body.lower()


def test_serve_reports_a_busy_port(dbs, capsys):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    try:
        code = main(["serve", "--db", str(dbs["hostile"]), "--port", str(sock.getsockname()[1])])
    finally:
        sock.close()
    assert code == 2
    assert capsys.readouterr().err.startswith("error: cannot listen on 127.0.0.1:")


def test_serve_without_a_database_is_one_line(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "none.db"), "--port", "0"]) == 2
    assert capsys.readouterr().err == (f"error: no database at {tmp_path / 'none.db'} "
                                       "(run 'policytext ingest' first)\n")
