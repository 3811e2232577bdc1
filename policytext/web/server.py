"""The HTTP server for the local page: waitress, bounded, with timeouts, on 127.0.0.1 only.

The standard library's ``wsgiref`` server is a development server: a listen
backlog of 5 (under 200 concurrent requests 15–39 % timed out), a thread per
connection with no timeout (idle and slowloris connections were held forever)
and a ``Server: WSGIServer/0.2 CPython/…`` banner.  waitress is a well-kept
production WSGI server; here it is configured as follows:

* a bounded pool of ``threads`` workers; a listen backlog of ``BACKLOG``;
  at most ``CONNECTION_LIMIT`` open connections (more wait in the backlog);
* an idle connection is closed after ``IDLE_TIMEOUT`` seconds, and a request
  whose head and body have not arrived ``HEADER_TIMEOUT`` seconds after its
  first byte (slowloris) is closed too; the server looks every ``CHECK_EVERY``
  seconds;
* request heads over ``MAX_HEADER`` bytes and bodies over ``MAX_BODY`` bytes are
  refused by the HTTP layer;
* no ``Server`` banner; the HTTP layer's own error responses (400, 413, 431 …)
  carry the same security headers as the application's.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

__all__ = ["LocalServer", "make_server", "BACKLOG", "IDLE_TIMEOUT", "HEADER_TIMEOUT",
           "MAX_HEADER", "MAX_BODY"]

BACKLOG = 1024
CONNECTION_LIMIT = 500
IDLE_TIMEOUT = 20
HEADER_TIMEOUT = 20
CHECK_EVERY = 5
MAX_HEADER = 32 * 1024
MAX_BODY = 64 * 1024
THREADS = 8


def _classes(security_headers: list[tuple[str, str]]):
    """waitress's server, channel and error task with this module's policies."""
    from waitress.channel import HTTPChannel
    from waitress.server import TcpWSGIServer
    from waitress.task import ErrorTask

    class SecureErrorTask(ErrorTask):
        """An HTTP-layer error (bad request, too large) with the security headers."""

        def execute(self):
            status, headers, body = self.request.error.to_response("policytext")
            self.status = status
            self.response_headers.extend(headers)
            self.response_headers.extend(security_headers)
            self.response_headers.append(("Cache-Control", "no-store"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class Channel(HTTPChannel):
        """Remembers when the request being read began (to close a slowloris)."""

        error_task_class = SecureErrorTask
        request_began: float | None = None

        def received(self, data):
            if self.request is None:
                self.request_began = time.monotonic()
            result = super().received(data)
            if self.request is None:
                self.request_began = None
            return result

    class Server(TcpWSGIServer):
        channel_class = Channel

        def maintenance(self, now):
            super().maintenance(now)  # idle channels
            late = time.monotonic() - HEADER_TIMEOUT
            for channel in list(self.active_channels.values()):
                began = getattr(channel, "request_began", None)
                if began is not None and began < late and not channel.requests:
                    channel.will_close = True

    return Server


class LocalServer:
    """A waitress server with the ``wsgiref``-like API the CLI and tests use.

    ``serve_forever()`` runs until ``shutdown()`` is called from another thread;
    ``server_address`` is ``(host, port)`` (port 0 asks for any free port).
    """

    def __init__(self, app, *, port: int = 8765, threads: int = THREADS,
                 security_headers: list[tuple[str, str]] | None = None):
        from waitress.adjustments import Adjustments
        from waitress.task import ThreadedTaskDispatcher

        self.adj = Adjustments(host="127.0.0.1", port=port, threads=threads, backlog=BACKLOG,
                               connection_limit=CONNECTION_LIMIT, channel_timeout=IDLE_TIMEOUT,
                               cleanup_interval=CHECK_EVERY, max_request_header_size=MAX_HEADER,
                               max_request_body_size=MAX_BODY, ident="",
                               expose_tracebacks=False, asyncore_use_poll=True,
                               clear_untrusted_proxy_headers=True)
        self._map: dict = {}
        self._dispatcher = ThreadedTaskDispatcher()
        self._dispatcher.set_thread_count(threads)
        server_class = _classes(security_headers or [])
        self._server = server_class(app, self._map, dispatcher=self._dispatcher, adj=self.adj,
                                    sockinfo=self.adj.listen[0])
        self.server_address = (self._server.effective_host, int(self._server.effective_port))
        self._stop = False
        self._closed = False

    def serve_forever(self) -> None:
        from waitress import wasyncore

        try:
            while not self._stop:
                wasyncore.loop(timeout=0.2, use_poll=True, map=self._map, count=1)
        finally:
            self._close()

    def shutdown(self) -> None:
        self._stop = True

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for dispatcher in list(self._map.values()):
            try:
                dispatcher.close()
            except OSError:
                pass
        self._dispatcher.shutdown(cancel_pending=True, timeout=5)

    def server_close(self) -> None:
        """Stop, and release the port at once when ``serve_forever`` never ran."""
        self._stop = True
        time.sleep(0.3)  # a running loop notices within one 0.2 s turn and closes itself
        self._close()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()


def make_server(db: str | Path, *, port: int = 8765, threads: int = THREADS) -> LocalServer:
    """The server for ``db`` bound to 127.0.0.1 (port 0: any free port).

    Call ``serve_forever()`` on it, and ``shutdown()`` from another thread to stop.
    """
    from . import SECURITY_HEADERS, make_app

    return LocalServer(make_app(db), port=port, threads=threads,
                       security_headers=SECURITY_HEADERS)
