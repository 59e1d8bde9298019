"""A read-only SPARQL 1.1 Protocol endpoint and the query templates over HTTP.

Starlette routes (``app``) served by uvicorn (here): a listen backlog of 1,024, a deadline
for each request head (``HEAD_TIMEOUT``), bounded headers and bodies, h11's HTTP/1.1
framing (chunked bodies read as bodies, a bad Content-Length refused with 400). Queries run
in killable worker processes (``worker``) after the checks in ``guard``; results are
written by pyoxigraph (``results``).
"""

from __future__ import annotations

import asyncio
import errno
import logging
import resource
import socket
import sys
import threading
from pathlib import Path

import uvicorn
from uvicorn.protocols.http import h11_impl
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import UsageError
from .app import make_app
from .results import choose_format
from .worker import Limits

__all__ = ["Limits", "choose_format", "make_app", "make_server", "serve"]

BACKLOG = 1024
HEAD_TIMEOUT = 10.0  # seconds from connecting (or the previous answer) to a complete request head
MAX_HEAD = 64 << 10  # bytes of request line and headers (a GET query travels in the line)
MAX_CONNECTIONS = 4096  # beyond this many open connections, new requests get 503
IDLE = h11_impl.h11.IDLE  # h11 comes with uvicorn: its connection state before a request head


class _Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for the request head: a client that connects
    and sends half a request is disconnected after HEAD_TIMEOUT instead of holding a slot."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not IDLE:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is IDLE:
            self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timed_out)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        if self.conn.their_state is IDLE and not self.transport.is_closing():
            self.transport.close()


def _config(app, *, quiet: bool) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http=_Protocol,
        backlog=BACKLOG,
        h11_max_incomplete_event_size=MAX_HEAD,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        server_header=False,
        lifespan="on",
    )


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, or a one-line UsageError (port in use, bad address)."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port} is not a TCP port (0–65535)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is already in use: pick another with --port") from None
        raise UsageError(f"cannot listen on {host}:{port} ({e.strerror or e})") from None
    sock.listen(BACKLOG)
    sock.setblocking(False)
    return sock


def _more_files() -> None:
    """Idle connections each hold a file descriptor: raise the soft limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))


class Server:
    """A bound endpoint: ``url`` is known before serving; ``serve_forever`` / ``shutdown``."""

    def __init__(self, app, sock: socket.socket, quiet: bool) -> None:
        self.app = app
        self.socket = sock
        self.server = uvicorn.Server(_config(app, quiet=quiet))
        self._stopped = threading.Event()

    @property
    def server_address(self) -> tuple:
        return self.socket.getsockname()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}" if ":" not in host else f"http://[{host}]:{port}"

    def serve_forever(self, poll_interval: float | None = None) -> None:
        try:
            asyncio.run(self.server.serve(sockets=[self.socket]))
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        self.server.should_exit = True
        self._stopped.wait(30)

    def server_close(self) -> None:
        self.socket.close()


def make_server(
    store,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    templates_dir: str | Path | None = None,
    quiet: bool = False,
    limits: Limits = Limits(),
) -> Server:
    """A server bound to ``host:port`` (port 0: a free one; see ``server.url``), not yet serving."""
    sock = _listen(host, port)
    return Server(make_app(store, templates_dir=templates_dir, limits=limits), sock, quiet)


def serve(
    store,
    host: str = "127.0.0.1",
    port: int = 7879,
    *,
    templates_dir: str | Path | None = None,
    quiet: bool = False,
    limits: Limits = Limits(),
) -> None:
    """Serve ``store`` until interrupted (Ctrl-C or SIGTERM)."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {host}: anyone who can reach this address can query the graph; "
              "put a proxy with authentication in front", file=sys.stderr)
    _more_files()
    server = make_server(store, host, port, templates_dir=templates_dir, quiet=quiet, limits=limits)
    logging.getLogger("lianghui.serve").setLevel(logging.INFO)
    print(f"explorer {server.url}/explore, SPARQL endpoint {server.url}/sparql, templates {server.url}/templates "
          f"(read-only; {limits.timeout:g} s and {limits.max_rows} rows per query; Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
