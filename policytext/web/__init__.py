"""A local web page over the corpus database: search, items, documents, diffs.

``make_app(db)`` returns a WSGI application; ``serve(db, port=…)`` runs it on
waitress (``policytext.web.server``: bounded workers, a real backlog, idle and
slowloris timeouts, request size limits), bound to 127.0.0.1 only.  Pages are
rendered on the server from Jinja2 templates with autoescaping on (a plain
``Environment()`` does not escape), and work offline: one local stylesheet, no
scripts, no CDN.

The search page shows how many items match, exports them (``/export.csv``,
``/export.xlsx``), links each hit to its document and item (the item page
highlights the query and leads back to the same results), names the source file
and pages and offers the original file the store kept (``/original/ID``), or
its path relative to the corpus when the store did not keep it.

Defences, each tested (tests/test_web.py):

* a ``Host`` header other than 127.0.0.1/localhost/[::1] gets 403, so a page on
  another site cannot reach the server through DNS rebinding;
* any method but GET/HEAD gets 403 when it comes from another origin (``Origin``
  or ``Sec-Fetch-Site``), 405 otherwise: there is nothing to write;
* a GET from another site (``Sec-Fetch-Site: cross-site``, or an ``Origin`` that is
  not this server) gets 403 on every page that does work — all but the empty
  search page and the static files — so another site cannot make this machine
  search, compare or export with an ``<img>``; a comparison is cached by the
  content hashes of its two documents, so even a repeated one costs nothing;
* ``..``, backslashes and NULs in the path, even percent-encoded (once or
  twice), get 400; static files come from a fixed list;
* a damaged database is a 503 page that says so and how to rebuild; any other
  exception becomes a bare 500 page (no traceback, no message);
* every response — also the HTTP layer's own 4xx — carries a strict
  Content-Security-Policy (no scripts at all), ``X-Content-Type-Options: nosniff``,
  ``X-Frame-Options: DENY`` and ``Referrer-Policy: no-referrer``; no ``Server``
  banner; pages name source files, never their absolute paths.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["make_app", "make_server", "serve", "CSP", "ALLOWED_HOSTS", "SECURITY_HEADERS"]

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
            405: "Method Not Allowed", 500: "Internal Server Error",
            503: "Service Unavailable"}
#: Pages that may be asked for from another site: they do no work.
_HARMLESS = {"static"}
EXPORT_LIMIT = 5000
DIFF_CACHE = 32


class Response:
    """A non-HTML response of a route: status, content type, body, extra headers."""

    def __init__(self, body: bytes, ctype: str, *, headers: list[tuple[str, str]] = (),
                 status: int = 200):
        self.body, self.ctype, self.headers, self.status = body, ctype, list(headers), status


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("policytext.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    from ..store.search import display_path

    env.filters["display"] = display_path  # 一/5~2 → 一/5（第2个）: no internal paths shown
    return env


class App:
    """The WSGI application (one read-only connection per request)."""

    def __init__(self, db: str | Path):
        from ..store.schema import connect

        self.db = Path(db)
        connect(self.db, readonly=True).close()  # fail now, with a StoreError, if unusable
        self.env = _environment()
        self.routes: dict[str, Callable[..., str | Response]] = {
            "": self.page_search,
            "item": self.page_item,
            "doc": self.page_document,
            "diff": self.page_diff,
            "reuse": self.page_reuse,
            "export.csv": self.export_csv,
            "export.xlsx": self.export_xlsx,
            "original": self.original,
        }
        self._diffs: OrderedDict[tuple[str, str], tuple[Any, Any]] = OrderedDict()
        self._diff_lock = threading.Lock()

    # -- WSGI ---------------------------------------------------------------
    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        from ..errors import StoreError

        extra: list[tuple[str, str]] = []
        try:
            status, ctype, body, extra = self.handle(environ)
        except HTTPError as exc:
            status, ctype = exc.status, "text/html; charset=utf-8"
            body = self._error_page(exc.status, exc.title)
        except StoreError as exc:  # a damaged or missing database: say so, plainly
            status, ctype = 503, "text/html; charset=utf-8"
            body = self._error_page(503, _without_paths(str(exc), self.db))
        except Exception:  # never a traceback to the client; log a line locally
            print(f"policytext serve: internal error on {environ.get('PATH_INFO', '')!r}: "
                  f"{sys.exc_info()[0].__name__}", file=sys.stderr)
            if os.environ.get("POLICYTEXT_DEBUG"):  # the server's own terminal only
                traceback.print_exc(file=sys.stderr)
            status, ctype = 500, "text/html; charset=utf-8"
            body = self._error_page(500, "Internal error")
        if isinstance(body, str) and ctype.startswith("text/html"):
            from ..visible import visible_markup

            body = visible_markup(body)  # no raw control or bidi character on any page
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        headers = [("Content-Type", ctype), ("Content-Length", str(len(data))),
                   ("Cache-Control", "no-store"), *SECURITY_HEADERS, *extra]
        start_response(f"{status} {_REASONS.get(status, '')}", headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else data]

    def _error_page(self, status: int, title: str) -> str:
        try:
            return self.env.get_template("error.html").render(status=status, title=title)
        except Exception:
            return f"<!doctype html><title>{status}</title><h1>{status}</h1>"

    def handle(self, environ: dict) -> tuple[int, str, str | bytes, list[tuple[str, str]]]:
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
        first = parts[0] if parts else ""
        if _cross_site(environ) and first not in _HARMLESS and (first or query):
            raise HTTPError(403, "Cross-site request refused")
        if first == "static":
            if len(parts) != 2 or parts[1] not in STATIC:
                raise HTTPError(404, "Not found")
            data = resources.files("policytext.web").joinpath("static", parts[1]).read_bytes()
            return 200, STATIC[parts[1]], data, []
        route = self.routes.get(first)
        if route is None:
            raise HTTPError(404, "Not found")
        from ..store.schema import reading

        with reading(self.db):  # a value damaged in the store: a StoreError, a clear page
            result = route(parts[1:], query)
        if isinstance(result, Response):
            return result.status, result.ctype, result.body, result.headers
        return 200, "text/html; charset=utf-8", result, []

    def _connect(self):
        from ..store.schema import connect

        return connect(self.db, readonly=True)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    # -- pages --------------------------------------------------------------
    def _search(self, conn, q: dict[str, str], *, limit: int, offset: int):
        """The search the page's state asks for: (state, results or None, error)."""
        from ..errors import StoreError
        from ..store.search import search

        state = _state(q)
        if not state["q"].strip():
            return state, None, None
        try:
            return state, search(conn, state["q"], theme=state["theme"] or None,
                                 year=state["year"] or None, series=state["series"] or None,
                                 requirements=state["requirements"] == "1",
                                 all_versions=state["all_versions"] == "1", limit=limit,
                                 offset=offset), None
        except StoreError as exc:
            if "damaged" in str(exc) or "malformed" in str(exc):
                raise
            return state, None, str(exc)  # e.g. a malformed year

    def page_search(self, rest: list[str], q: dict[str, str]) -> str:
        from ..store.browse import facets, source_labels

        if rest:
            raise HTTPError(404, "Not found")
        page = _int(q.get("page", "1"), default=1, lo=1, hi=1000)
        conn = self._connect()
        try:
            state, hits, error = self._search(conn, q, limit=PAGE_SIZE + 1,
                                              offset=(page - 1) * PAGE_SIZE)
            shown = list(hits or [])[:PAGE_SIZE]
            return self.render("search.html", q=state["q"], state=state, hits=shown,
                               results=hits, more=bool(hits) and len(hits) > PAGE_SIZE,
                               page=page, first=(page - 1) * PAGE_SIZE + 1,
                               facets=facets(conn), theme_groups=_theme_groups(conn),
                               error=error, labels=_theme_labels(),
                               sources=source_labels(conn, {h.doc_id for h in shown}),
                               kept=_kept(conn, {h.doc_id for h in shown}),
                               link=lambda base, **kw: _link(base, state, **kw))
        finally:
            conn.close()

    def _export_rows(self, q: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
        from ..store.browse import source_labels
        from ..store.search import display_path

        conn = self._connect()
        try:
            state, hits, error = self._search(conn, q, limit=EXPORT_LIMIT, offset=0)
            if error:
                raise HTTPError(400, error)
            hits = hits or []
            sources = source_labels(conn, {h.doc_id for h in hits})
        finally:
            conn.close()
        labels = _theme_labels()
        header = ["year", "series", "document", "path", "title", "text", "primary theme",
                  "themes", "score", "file", "source", "pages", "item"]
        rows = []
        for h in hits:
            pages = "" if not h.pages else (str(h.pages[0]) if h.pages[0] == h.pages[1]
                                            else f"{h.pages[0]}-{h.pages[1]}")
            rows.append([h.year, h.series or "", h.doc_title or "", display_path(h.path),
                         h.title, h.text, labels.get(h.primary, h.primary or ""),
                         " ".join(h.themes), round(h.score, 4), h.name or "",
                         sources.get(h.doc_id, h.name or ""), pages,
                         f"/item/{h.item_id}"])
        return header, rows

    def export_csv(self, rest: list[str], q: dict[str, str]) -> Response:
        import csv
        import io

        if rest:
            raise HTTPError(404, "Not found")
        header, rows = self._export_rows(q)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        # UTF-8 with a BOM: Excel opens it as UTF-8, pandas and csv read it with utf-8-sig
        return Response(("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8",
                        headers=[_attachment(_export_name(q, "csv"))])

    def export_xlsx(self, rest: list[str], q: dict[str, str]) -> Response:
        import io

        from openpyxl import Workbook

        if rest:
            raise HTTPError(404, "Not found")
        header, rows = self._export_rows(q)
        book = Workbook(write_only=True)
        sheet = book.create_sheet("results")
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(v) if isinstance(v, str) else v for v in row])
        out = io.BytesIO()
        book.save(out)
        return Response(out.getvalue(), "application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet", headers=[_attachment(_export_name(q, "xlsx"))])

    def original(self, rest: list[str], q: dict[str, str]) -> Response:
        if len(rest) != 1:
            raise HTTPError(404, "Not found")
        doc_id = _int(rest[0], default=None, lo=1, hi=2**62)
        conn = self._connect()
        try:
            row = conn.execute("SELECT d.name, o.bytes FROM originals o JOIN documents d "
                               "ON d.id = o.doc_id WHERE o.doc_id = ?", (doc_id,)).fetchone() \
                if doc_id else None
        finally:
            conn.close()
        if row is None:
            raise HTTPError(404, "The store did not keep this file")
        # octet-stream + attachment + nosniff: the browser saves it, never renders it
        return Response(bytes(row[1]), "application/octet-stream",
                        headers=[_attachment(row[0])])

    def page_item(self, rest: list[str], q: dict[str, str]) -> str:
        from ..store.browse import compare_available, get_item, lineage, source_labels, versions
        from ..store.search import parse_query

        if len(rest) != 1:
            raise HTTPError(404, "Not found")
        item_id = _int(rest[0], default=None, lo=1, hi=2**62)
        conn = self._connect()
        try:
            item = get_item(conn, item_id) if item_id else None
            if item is None:
                raise HTTPError(404, "No such item")
            with self._diff_lock:
                steps = lineage(conn, item_id)
            state = _state(q)
            terms = list(parse_query(state["q"])) + [w for w in q.get("words", "").split()
                                                     if w][:16]
            doc = item["document"]
            return self.render("item.html", item=item, lineage=steps,
                               compare=compare_available(), labels=_theme_labels(),
                               marked=[_marked(s, terms) for s in item["sentences"]]
                               or [_marked(item["text"], terms)],
                               state=state, back=_link("/", state) if state["q"] else None,
                               source=source_labels(conn, {doc["id"]}).get(doc["id"]),
                               kept=bool(_kept(conn, {doc["id"]})),
                               versions=versions(conn, item_id))
        finally:
            conn.close()

    def page_document(self, rest: list[str], q: dict[str, str]) -> str:
        from ..store.browse import get_document, series_documents, source_labels

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
                               labels=_theme_labels(),
                               source=source_labels(conn, {doc_id}).get(doc_id),
                               kept=bool(_kept(conn, {doc_id})))
        finally:
            conn.close()

    def _comparison(self, conn, old: dict, new: dict):
        """compare() of two stored documents and its HTML, cached by their content hashes."""
        from ..compare import compare
        from ..compare.diff import to_html
        from ..store.browse import load_document, source_labels

        key = (old["sha256"], new["sha256"])
        with self._diff_lock:  # one comparison at a time: a burst cannot fill every core
            if key in self._diffs:
                self._diffs.move_to_end(key)
                return self._diffs[key]
            labels = source_labels(conn, {old["id"], new["id"]})  # no absolute paths shown
            docs = [dataclasses.replace(load_document(conn, d["id"]), source=labels[d["id"]])
                    for d in (old, new)]
            comparison = compare(*docs)
            value = (comparison.summary, _body_of(to_html(comparison)))
            self._diffs[key] = value
            while len(self._diffs) > DIFF_CACHE:
                self._diffs.popitem(last=False)
            return value

    def page_diff(self, rest: list[str], q: dict[str, str]) -> str:
        from ..store.browse import compare_available, diffable_series

        if rest:
            raise HTTPError(404, "Not found")
        conn = self._connect()
        try:
            groups = diffable_series(conn)
            by_id = {str(d["id"]): d for docs in groups.values() for d in docs}
            old, new = by_id.get(q.get("old", "")), by_id.get(q.get("new", ""))
            series = q.get("series", "")
            error = None
            if old is None and new is None and series in groups:
                old, new = groups[series][-2], groups[series][-1]
            elif (old is None) != (new is None):
                error = "选择两个年份 Choose two years."
            if old and new:
                if old["series"] != new["series"]:
                    error = "两个年份须属同一系列 Choose two years of one series."
                elif old["id"] == new["id"]:
                    error = "选择两个不同的年份 Choose two different years."
                elif old["year"] and new["year"] and old["year"] > new["year"]:
                    old, new = new, old
            diff_html = summary = None
            if old and new and not error and compare_available():
                summary, diff_html = self._comparison(conn, old, new)
                series = old["series"]
            return self.render("diff.html", series=series, groups=groups, old=old, new=new,
                               diff_html=diff_html, summary=summary, error=error,
                               compare=compare_available())
        finally:
            conn.close()


    def page_reuse(self, rest: list[str], q: dict[str, str]) -> str:
        from .reuse import page

        return page(self, rest, q)


#: The search page's state: what a link back to the same results must carry.
_STATE_KEYS = ("q", "theme", "year", "series", "requirements", "all_versions", "page")


def _state(q: dict[str, str]) -> dict[str, str]:
    state = {k: q.get(k, "") for k in _STATE_KEYS}
    state["q"] = state["q"][:200]
    return state


def _link(base: str, state: dict[str, str], **changes: Any) -> str:
    """``base`` with the search state (and changes) as a query string, empty values left out."""
    from urllib.parse import urlencode

    values = dict(state, **{k: ("" if v is None else str(v)) for k, v in changes.items()})
    values = {k: v for k, v in values.items() if v not in ("", None)}
    return base + ("?" + urlencode(values) if values else "")


def _marked(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """The whole text as ``(segment, is_match)`` pairs (no window)."""
    from ..store.search import highlight

    return list(highlight(text, terms, width=max(80, len(text) + 1)))


def _cell(value: Any) -> Any:
    """A spreadsheet cell: text that Excel would run as a formula is prefixed with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _attachment(name: str) -> tuple[str, str]:
    from urllib.parse import quote

    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "download"
    return ("Content-Disposition",
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}")


def _export_name(q: dict[str, str], ext: str) -> str:
    words = re.sub(r"[\\/:*?\"<>|\s]+", "_", q.get("q", "").strip())[:40] or "results"
    return f"policytext-{words}.{ext}"


def _kept(conn, doc_ids: set) -> set:
    """The documents whose original file the store kept."""
    ids = [i for i in doc_ids if i]
    if not ids:
        return set()
    marks = ",".join("?" for _ in ids)
    return {r[0] for r in conn.execute(f"SELECT doc_id FROM originals WHERE doc_id IN ({marks})",
                                       ids)}


def _without_paths(message: str, db: Path) -> str:
    """An error for the page: the database named by its file name only."""
    return message.replace(str(db.resolve()), db.name).replace(str(db), db.name)


def _theme_groups(conn) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """The primary themes in the store, grouped by taxonomy: ``[(taxonomy label,
    [(id, label, items), …]), …]`` (themes of no shipped taxonomy under "other")."""
    from ..store.browse import facets

    known = _taxonomies()
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for theme, n in facets(conn)["themes"]:
        where = next((name for name, (_, ids) in known.items() if theme in ids), "")
        label = next((labels[theme] for _, (labels, _) in known.items() if theme in labels),
                     theme)
        groups.setdefault(where, []).append((theme, label, n))
    names = {"party": "党建 party", "government": "政府 government", "": "其他 other"}
    order = [*known, ""]
    return [(names.get(k, k), groups[k]) for k in order if k in groups]


def _taxonomies() -> dict[str, tuple[dict[str, str], set[str]]]:
    """Shipped taxonomies: name → (theme id → Chinese label, theme ids)."""
    try:
        from ..themes import load_taxonomy
    except ModuleNotFoundError:
        return {}
    out = {}
    for name in ("party", "government"):
        try:
            tax = load_taxonomy(name)
        except Exception:  # a missing taxonomy only loses its group
            continue
        out[name] = ({t.id: t.label_zh for t in tax.themes}, {t.id for t in tax.themes})
    return out


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
    labels: dict[str, str] = {}
    for theme_labels, _ in _taxonomies().values():
        for k, v in theme_labels.items():
            labels.setdefault(k, v)
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


def _cross_site(environ: dict) -> bool:
    """A request made by another site's page (a GET there can still make us work)."""
    if environ.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return True
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return False
    return urlsplit(origin).hostname not in ("127.0.0.1", "localhost", "::1")


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
    """The waitress server for ``db`` bound to 127.0.0.1 (port 0: any free port); see
    :mod:`policytext.web.server`.  Call ``serve_forever()`` on it, and ``shutdown()``
    from another thread to stop."""
    from .server import make_server as _make_server

    return _make_server(db, port=port)


def serve(db: str | Path, *, port: int = 8765) -> None:
    """Serve ``db`` on http://127.0.0.1:PORT/ until interrupted."""
    httpd = make_server(db, port=port)
    print(f"serving {db} on http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C to stop)",
          file=sys.stderr)
    try:
        httpd.serve_forever()
    finally:
        httpd.shutdown()
