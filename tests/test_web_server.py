"""The local server under load and from other sites: waitress's limits and timeouts, cross-site
GETs, headers on every response, caching of /diff, exports, no absolute paths (issue 13)."""

from __future__ import annotations

import http.client
import io
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode

import pytest
from storehelp import synthetic_corpus
from webhelp import wsgi

from policytext import store
from policytext.web import CSP, make_app, make_server


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_path):
    root = tmp_path_factory.mktemp("served")
    older = seed_path.parent / "2024-江苏省科技社团党的建设工作要点-synthetic.txt"
    paths = [older, seed_path, *synthetic_corpus(root / "syn", docs=6, items=6, seed=5)]
    db = root / "s.db"
    report = store.ingest(paths, db=db)
    assert not report.failed
    httpd = make_server(db, port=0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, db, root
    httpd.shutdown()
    thread.join(10)


def get(site, path, headers=None, *, timeout=30):
    httpd = site[0]
    port = httpd.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", quote(path, safe="/?=&%"), headers={"Host": f"127.0.0.1:{port}",
                                                             **(headers or {})})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


SERIES = "江苏省科技社团党的建设工作要点"
WORK = ["/?q=党建", "/diff?" + urlencode({"series": SERIES}), "/item/3", "/doc/1",
        "/export.csv?q=党建", "/export.xlsx?q=党建", "/original/1", "/?q=党建&page=2"]


@pytest.mark.parametrize("path", WORK)
@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "http://evil.example"},
                                     {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"}])
def test_a_cross_site_get_of_a_page_that_works_is_refused(site, path, headers):
    status, got, body = get(site, path, headers)
    assert status == 403 and b"Cross-site request refused" in body
    assert got["content-security-policy"] == CSP
    assert get(site, path, {"Sec-Fetch-Site": "same-origin"})[0] == 200
    assert get(site, path)[0] == 200  # typed into the address bar: no Sec-Fetch-Site


def test_harmless_pages_stay_reachable_from_anywhere(site):
    for path in ("/", "/static/style.css", "/static/favicon.svg"):
        assert get(site, path, {"Sec-Fetch-Site": "cross-site"})[0] == 200


def _raw(site, data: bytes) -> bytes:
    port = site[0].server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(data)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except ConnectionResetError:  # it answered and closed before reading all we sent
            pass
    return out


@pytest.mark.parametrize("request_bytes, status", [
    (b"GARBAGE\r\n\r\n", b"400"),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n", b"431"),
    (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n",
     b"413"),
])
def test_http_layer_errors_carry_the_security_headers(site, request_bytes, status):
    reply = _raw(site, request_bytes)
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    assert head.split(" ", 1)[0] in ("http/1.0", "http/1.1")
    assert head.split(" ")[1] == status.decode()
    assert f"content-security-policy: {CSP}".lower() in head
    assert "x-content-type-options: nosniff" in head and "x-frame-options: deny" in head
    assert "\nserver:" not in head and b"waitress" not in reply.lower()


def test_no_version_banner_and_no_absolute_paths(site):
    _, db, root = site
    for path in ("/", "/?q=党建", "/item/3", "/doc/1", "/doc/3", "/diff?series=" + SERIES,
                 "/export.csv?q=党建", "/nope"):
        status, headers, body = get(site, path)
        assert "server" not in headers, path
        assert b"CPython" not in body and b"WSGIServer" not in body
        assert str(root).encode() not in body and b"/work/" not in body, path
        assert str(db.parent.parent).encode() not in body, path


def test_diff_is_cached_by_content_hash(site, monkeypatch):
    import policytext.compare as compare_module

    calls = []
    real = compare_module.compare
    monkeypatch.setattr(compare_module, "compare", lambda *a, **k: calls.append(1) or real(*a,
                                                                                           **k))
    app = make_app(site[1])
    first = wsgi(app, "/diff", urlencode({"series": SERIES}))
    second = wsgi(app, "/diff", urlencode({"old": 1, "new": 2}))
    assert first[0] == second[0] == 200 and len(calls) == 1
    assert first[2] == second[2]


def test_exports_hold_the_results(site):
    import pandas as pd
    from openpyxl import load_workbook

    app = make_app(site[1])
    hits = store.search(site[1], "党建", limit=5000)
    status, headers, body = wsgi(app, "/export.csv", "q=党建")
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert headers["Content-Disposition"].startswith("attachment;")
    frame = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame["item"]) == [f"/item/{h.item_id}" for h in hits]
    assert list(frame["text"]) == [h.text for h in hits]
    assert len(frame) == hits.total
    status, headers, body = wsgi(app, "/export.xlsx", "q=党建")
    assert status == 200
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns)
    assert [r[-1] for r in rows[1:]] == list(frame["item"])


def test_a_damaged_database_is_a_clear_page(tmp_path, seed_path):
    db = tmp_path / "d.db"
    store.ingest([seed_path], db=db, tag=False)
    import sqlite3

    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * 4096)
        f.write(b"\xff" * 16)
    status, headers, body = wsgi(make_app(db), "/", "q=党建")
    text = body.decode()
    assert status == 503 and headers["Content-Security-Policy"] == CSP
    assert "d.db is damaged" in text and "rebuild it" in text and str(tmp_path) not in text


# -- load, bounded and on loopback only ---------------------------------------------------

@pytest.mark.slow
def test_two_hundred_concurrent_searches_are_all_answered_within_ten_seconds(site):
    queries = ["党建", "党支部", "三会一课", "工作", "党", "每半年", "科技社团", "建设"]

    def one(k: int) -> tuple[int, float]:
        t = time.monotonic()
        status = get(site, "/?q=" + queries[k % len(queries)], timeout=10)[0]
        return status, time.monotonic() - t

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=200) as pool:
        results = list(pool.map(one, range(200)))
    wall = time.monotonic() - start
    assert [s for s, _ in results] == [200] * 200
    slowest = max(t for _, t in results)
    print(f"200 concurrent searches: all 200 answered, slowest {slowest:.2f} s, "
          f"wall {wall:.2f} s")
    assert slowest < 10


def _closed_by_server(sockets: list[socket.socket], deadline: float) -> list[float]:
    """Seconds after which the server closed each socket (EOF), waiting until deadline."""
    start = time.monotonic()
    closed: dict[int, float] = {}
    for s in sockets:
        s.setblocking(False)
    while len(closed) < len(sockets) and time.monotonic() - start < deadline:
        for k, s in enumerate(sockets):
            if k in closed:
                continue
            try:
                if s.recv(1) == b"":
                    closed[k] = time.monotonic() - start
            except BlockingIOError:
                pass
            except OSError:
                closed[k] = time.monotonic() - start
        time.sleep(0.2)
    return sorted(closed.values())


@pytest.mark.slow
def test_idle_and_slow_connections_are_closed(site):
    port = site[0].server_address[1]
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(100)]
    slow = []
    for _ in range(5):  # slowloris: a header line, then a byte now and then
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(s)
    stop = threading.Event()

    def trickle():
        while not stop.is_set():
            for s in slow:
                try:
                    s.sendall(b"X")
                except OSError:
                    pass
            stop.wait(2)

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    try:
        # the server still answers while holding them
        assert get(site, "/?q=党建", timeout=10)[0] == 200
        times = _closed_by_server(idle + slow, deadline=60)
    finally:
        stop.set()
        for s in idle + slow:
            s.close()
    print(f"105 held connections: {len(times)} closed by the server, the last after "
          f"{times[-1] if times else float('nan'):.1f} s")
    assert len(times) == 105 and times[-1] < 60
