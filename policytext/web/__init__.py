"""A local web page over the corpus database: search, items, documents, diffs.

``make_app(db)`` returns a WSGI application; ``serve(db, port=…)`` runs it on
the standard library's ``wsgiref`` server, bound to 127.0.0.1 only.  Pages are
rendered on the server from Jinja2 templates with autoescaping on (a plain
``Environment()`` does not escape), and work offline: one local stylesheet, no
scripts, no CDN.

Defences, each tested (tests/test_web.py):

* a ``Host`` header other than 127.0.0.1/localhost/[::1] gets 403, so a page on
  another site cannot reach the server through DNS rebinding;
* any method but GET/HEAD gets 403 when it comes from another origin (``Origin``
  or ``Sec-Fetch-Site``), 405 otherwise: there is nothing to write;
* ``..``, backslashes and NULs in the path, even percent-encoded (once or
  twice), get 400; static files come from a fixed list;
* an exception becomes a bare 500 page (no traceback, no message);
* every response carries a strict Content-Security-Policy (no scripts at all),
  ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` and
  ``Referrer-Policy: no-referrer``.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["make_app", "make_server", "serve", "CSP", "ALLOWED_HOSTS"]

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
ALLOWED_HOSTS = ("127.0.0.1", "localhost", "[::1]")
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
]
STATIC = {"style.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml"}
PAGE_SIZE = 20
_RE_HOST = re.compile(r"^(?P<host>\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(?P<port>\d{1,5}))?$")

StartResponse = Callable[..., Any]


class HTTPError(Exception):
    def __init__(self, status: int, title: str):
        super().__init__(title)
        self.status = status
        self.title = title


_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 500: "Internal Server Error"}


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("policytext.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


class App:
    """The WSGI application (one read-only connection per request)."""

    def __init__(self, db: str | Path):
        from ..store.schema import connect

        self.db = Path(db)
        connect(self.db, readonly=True).close()  # fail now, with a StoreError, if unusable
        self.env = _environment()
        self.routes: dict[str, Callable[..., str]] = {
            "": self.page_search,
            "item": self.page_item,
            "doc": self.page_document,
            "diff": self.page_diff,
            "reuse": self.page_reuse,
        }

    # -- WSGI ---------------------------------------------------------------
    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, ctype, body = self.handle(environ)
        except HTTPError as exc:
            status, ctype = exc.status, "text/html; charset=utf-8"
            body = self._error_page(exc.status, exc.title)
        except Exception:  # never a traceback to the client; log a line locally
            print(f"policytext serve: internal error on {environ.get('PATH_INFO', '')!r}: "
                  f"{sys.exc_info()[0].__name__}", file=sys.stderr)
            if os.environ.get("POLICYTEXT_DEBUG"):  # the server's own terminal only
                traceback.print_exc(file=sys.stderr)
            status, ctype = 500, "text/html; charset=utf-8"
            body = self._error_page(500, "Internal error")
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        headers = [("Content-Type", ctype), ("Content-Length", str(len(data))),
                   ("Cache-Control", "no-store"), *SECURITY_HEADERS]
        start_response(f"{status} {_REASONS.get(status, '')}", headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else data]

    def _error_page(self, status: int, title: str) -> str:
        try:
            return self.env.get_template("error.html").render(status=status, title=title)
        except Exception:
            return f"<!doctype html><title>{status}</title><h1>{status}</h1>"

    def handle(self, environ: dict) -> tuple[int, str, str | bytes]:
        _check_host(environ)
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if method not in ("GET", "HEAD"):
            if _cross_origin(environ):
                raise HTTPError(403, "Cross-origin request refused")
            raise HTTPError(405, "Only GET is served")
        path = _safe_path(_wsgi_str(environ.get("PATH_INFO", "/")))
        parts = [p for p in path.split("/") if p]
        query = {k: v[-1] for k, v in parse_qs(_wsgi_str(environ.get("QUERY_STRING", "")),
                                               keep_blank_values=True).items()}
        if parts and parts[0] == "static":
            if len(parts) != 2 or parts[1] not in STATIC:
                raise HTTPError(404, "Not found")
            data = resources.files("policytext.web").joinpath("static", parts[1]).read_bytes()
            return 200, STATIC[parts[1]], data
        route = self.routes.get(parts[0] if parts else "")
        if route is None:
            raise HTTPError(404, "Not found")
        return 200, "text/html; charset=utf-8", route(parts[1:], query)

    def _connect(self):
        from ..store.schema import connect

        return connect(self.db, readonly=True)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    # -- pages --------------------------------------------------------------
    def page_search(self, rest: list[str], q: dict[str, str]) -> str:
        from ..errors import StoreError
        from ..store.browse import facets
        from ..store.search import search

        if rest:
            raise HTTPError(404, "Not found")
        text = q.get("q", "")[:200]
        page = _int(q.get("page", "1"), default=1, lo=1, hi=1000)
        filters = {"theme": q.get("theme") or None, "year": q.get("year") or None,
                   "series": q.get("series") or None,
                   "requirements": q.get("requirements") == "1"}
        conn = self._connect()
        try:
            error = None
            hits = []
            if text.strip():
                try:
                    hits = search(conn, text, limit=PAGE_SIZE + 1,
                                  offset=(page - 1) * PAGE_SIZE, **filters)
                except StoreError as exc:  # e.g. a malformed year
                    error = str(exc)
            return self.render("search.html", q=text, filters=filters, hits=hits[:PAGE_SIZE],
                               more=len(hits) > PAGE_SIZE, page=page, facets=facets(conn),
                               error=error, labels=_theme_labels())
        finally:
            conn.close()

    def page_item(self, rest: list[str], q: dict[str, str]) -> str:
        from ..store.browse import compare_available, get_item, lineage

        if len(rest) != 1:
            raise HTTPError(404, "Not found")
        item_id = _int(rest[0], default=None, lo=1, hi=2**62)
        conn = self._connect()
        try:
            item = get_item(conn, item_id) if item_id else None
            if item is None:
                raise HTTPError(404, "No such item")
            steps = lineage(conn, item_id)
            return self.render("item.html", item=item, lineage=steps,
                               compare=compare_available(), labels=_theme_labels())
        finally:
            conn.close()

    def page_document(self, rest: list[str], q: dict[str, str]) -> str:
        from ..store.browse import get_document, series_documents

        if len(rest) != 1:
            raise HTTPError(404, "Not found")
        doc_id = _int(rest[0], default=None, lo=1, hi=2**62)
        conn = self._connect()
        try:
            doc = get_document(conn, doc_id) if doc_id else None
            if doc is None:
                raise HTTPError(404, "No such document")
            others = series_documents(conn, doc["series"]) if doc["series"] else []
            return self.render("document.html", doc=doc, others=others,
                               labels=_theme_labels())
        finally:
            conn.close()

    def page_diff(self, rest: list[str], q: dict[str, str]) -> str:
        from ..store.browse import compare_available, facets, load_document, series_documents

        if rest:
            raise HTTPError(404, "Not found")
        series = q.get("series", "")
        conn = self._connect()
        try:
            docs = series_documents(conn, series) if series else []
            by_id = {str(d["id"]): d for d in docs}
            old, new = by_id.get(q.get("old", "")), by_id.get(q.get("new", ""))
            if len(docs) >= 2 and (old is None or new is None):
                old, new = docs[-2], docs[-1]
            diff_html = summary = None
            if old and new and compare_available():
                from ..compare import compare
                from ..compare.diff import to_html

                comparison = compare(load_document(conn, old["id"]),
                                     load_document(conn, new["id"]))
                diff_html = _body_of(to_html(comparison))
                summary = comparison.summary
            return self.render("diff.html", series=series, docs=docs, old=old, new=new,
                               facets=facets(conn), diff_html=diff_html, summary=summary,
                               compare=compare_available())
        finally:
            conn.close()


    def page_reuse(self, rest: list[str], q: dict[str, str]) -> str:
        from .reuse import page

        return page(self, rest, q)


def _body_of(html: str):
    """The inside of a self-contained page's <body> (its inline <style> would break the CSP).

    The comparison's renderer escapes every document string; its markup is
    trusted as markup (``Markup``), never document text.
    """
    from markupsafe import Markup

    m = re.search(r"<body[^>]*>(.*)</body>", html, re.S | re.I)
    inner = m.group(1) if m else html
    inner = re.sub(r"<style\b.*?</style>", "", inner, flags=re.S | re.I)
    return Markup(inner)


def _theme_labels() -> dict[str, str]:
    """Theme id → Chinese label, from the taxonomy when the tagger is installed."""
    try:
        from ..themes import load_taxonomy
    except ModuleNotFoundError:
        return {}
    labels: dict[str, str] = {}
    for name in ("party", "government"):
        try:
            for theme in load_taxonomy(name).themes:
                labels.setdefault(theme.id, theme.label_zh)
        except Exception:  # a missing taxonomy only loses labels
            continue
    return labels


def _int(value: str, *, default, lo: int, hi: int):
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        if default is None:
            return None
        raise HTTPError(400, "Bad number")
    return min(max(int(value), lo), hi)


def _check_host(environ: dict) -> None:
    host = environ.get("HTTP_HOST", "")
    m = _RE_HOST.match(host.strip())
    if not m or m.group("host").lower() not in ALLOWED_HOSTS:
        raise HTTPError(403, "Forbidden host")
    port = m.group("port")
    if port is not None and port != str(environ.get("SERVER_PORT", port)):
        raise HTTPError(403, "Forbidden host")


def _cross_origin(environ: dict) -> bool:
    if environ.get("HTTP_SEC_FETCH_SITE", "same-origin") not in ("same-origin", "none"):
        return True
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return False
    parts = urlsplit(origin)
    return parts.hostname not in ("127.0.0.1", "localhost", "::1") or (
        parts.port is not None and str(parts.port) != str(environ.get("SERVER_PORT")))


def _wsgi_str(value: str) -> str:
    """WSGI hands over bytes as latin-1 text (PEP 3333); recover the UTF-8 string."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        raise HTTPError(400, "Bad encoding") from None


def _safe_path(path: str) -> str:
    """The request path, refused (400) when it tries to climb out or hide."""
    seen = path
    for _ in range(3):  # wsgiref decoded once already; catch double encoding too
        if ".." in re.split(r"[/\\]", seen) or "\\" in seen or "\x00" in seen:
            raise HTTPError(400, "Bad path")
        decoded = unquote(seen)
        if decoded == seen:
            break
        seen = decoded
    return path


def make_app(db: str | Path) -> App:
    """The WSGI application serving ``db`` (read-only)."""
    return App(db)


def make_server(db: str | Path, *, port: int = 8765):
    """A threaded ``wsgiref`` server for ``db`` bound to 127.0.0.1 (port 0: any free port).

    Call ``serve_forever()`` on it, and ``shutdown()`` from another thread to stop.
    """
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
    from wsgiref.simple_server import make_server as _make_server

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return _make_server("127.0.0.1", port, make_app(db), server_class=Server,
                        handler_class=Quiet)


def serve(db: str | Path, *, port: int = 8765) -> None:
    """Serve ``db`` on http://127.0.0.1:PORT/ until interrupted."""
    with make_server(db, port=port) as httpd:
        print(f"serving {db} on http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C to stop)",
              file=sys.stderr)
        httpd.serve_forever()
