"""Serve: a SPARQL 1.1 Protocol endpoint over a built graph, and its HTML views.

``/sparql`` answers GET (and HEAD) ``?query=``, POST form-encoded and POST
``application/sparql-query``; results are SPARQL JSON, XML, CSV or TSV (CONSTRUCT and
DESCRIBE: Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG or N3), chosen by
``?format=`` or else ``Accept`` (:mod:`kg.web.protocol`, 406 when nothing acceptable
fits); without a query, ``GET /sparql`` is the service description. The default graph
is the union of all named graphs. Updates (``/update``, or ``update=`` or
``application/sparql-update`` to ``/sparql``) are refused with 403 unless the server
was started with ``allow_update``.

Every query is measured before the engine sees it and refused with 400 past the limits
of :mod:`kg.graph.query_limits` (a deeper one could crash the engine). Queries run in
worker processes (:mod:`kg.web.workers`), at most ``max_running`` at once; a query that
outlives ``timeout`` seconds gets 503 and its worker is killed, which frees its slot at
once (Oxigraph cannot interrupt a query otherwise), and a request that finds no free
slot within ``timeout`` gets 503 too. Where no worker can read the store (in memory,
or held open for writing with ``allow_update``), queries run in threads of the server,
and a runaway query keeps its thread (and a core) until it ends. Results longer than
``max_rows`` are cut, and the response says so in the ``X-KG-Truncated`` and
``X-KG-Row-Limit`` headers.

Nothing runs that the client did not ask of this graph: federated queries (``SERVICE``)
and an update's ``LOAD`` would make the server send HTTP requests wherever the text
says, and are refused with 403 unless ``allow_service`` (:func:`kg.web.access.fetches`
decides on the parsed query). With updates allowed, an update sent by a web page of
another origin (a cross-site form post) is refused. On a loopback address, requests
must name a loopback host, which defeats DNS rebinding. Answers carry no CORS header
unless the request's origin is one of ``cors``: a web page the user opens cannot read
the graph. Idle connections are closed after ``IDLE_TIMEOUT`` seconds. SIGTERM and SIGHUP
stop :func:`serve_graph` as Ctrl-C does, snapshots removed (:mod:`kg.web.stopping`).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.graph.folder import HTML
from kg.graph.locate import require_local
from kg.graph.store import GraphStore
from kg.web import protocol
from kg.web.access import LOOPBACK, allowed_origin, names_loopback, same_origin, screened
from kg.web.snapshot import Snapshots
from kg.web.stopping import stop_on_signals
from kg.web.workers import Answer, Failure, Job, WorkerPool, answer, in_thread

log = logging.getLogger("kg.web.serve")

_UPDATE = re.compile(
    r"^\s*(?:(?:#[^\n]*\n|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
MAX_BODY = 10 * 1024 * 1024
IDLE_TIMEOUT = 30.0  # seconds a connection may wait for a client that sends nothing


@dataclass(frozen=True)
class ServeOptions:
    """How to serve; the defaults are what ``kg serve`` uses."""

    host: str = "127.0.0.1"
    port: int = 7879
    allow_update: bool = False
    timeout: float = 30.0  # seconds a query may run (then its worker is killed), or wait for a slot
    max_rows: int = 100_000  # rows (or triples) of a result
    max_running: int = 8  # queries running at once, runaway ones included
    allow_service: bool = False  # federated queries: SERVICE <url> makes the server fetch url
    cors: tuple[str, ...] = ()  # origins whose web pages may read the answers ("*": any)
    workers: bool = True  # queries in worker processes, killed at the timeout, where they can read the store


_Failure = Failure  # a request answered with an error status (kg.web.workers raises it too)
# Workers started with the server, so that the first queries need not wait for one.
PRESTART = 2


def make_server(store: GraphStore | Snapshots, *, options: ServeOptions = ServeOptions()) -> ThreadingHTTPServer:
    """A server bound to ``options.host:port`` (port 0: any free port), not yet serving.

    Queries run in worker processes when the store is on disk and updates are refused
    (and ``options.workers``), else in the server's threads. Call ``serve_forever()`` on
    it, ``shutdown()`` from another thread to stop, then ``server_close()``, which stops
    the workers.
    """
    server = _Server((options.host, options.port), _Handler)
    server.kg_store = store  # type: ignore[attr-defined]
    server.kg_options = options  # type: ignore[attr-defined]
    server.kg_view = _ViewCache(use_built=not options.allow_update)  # type: ignore[attr-defined]
    current = store.current() if isinstance(store, Snapshots) else store
    if options.workers and not options.allow_update and current.path is not None and os.name == "posix":
        server.kg_pool = WorkerPool(options.max_running)
        server.kg_pool.start(min(PRESTART, options.max_running))
    # One count of the queries running: the pool's, else one for the server's threads.
    slots = server.kg_pool.slots if server.kg_pool is not None else threading.BoundedSemaphore(options.max_running)
    server.kg_slots = slots  # type: ignore[attr-defined]
    return server


def serve_graph(folder: str | os.PathLike[str], *, options: ServeOptions = ServeOptions()) -> None:
    """Serve the graph built in ``folder`` until Ctrl-C, SIGTERM or SIGHUP.

    Read-only, it serves snapshots of the store, the next one after each build into
    ``folder``; with updates allowed, the store itself (no build can run meanwhile).
    Stopping removes the snapshots, whichever of the three signals stops it.

    Raises:
        GraphNotFoundError: no graph in ``folder``.
        KeyboardInterrupt: stopped (a :class:`kg.web.stopping.Stopped` for any of the signals).
    """
    require_local(folder)
    with stop_on_signals() as stopper:
        store = GraphStore.open(folder) if options.allow_update else Snapshots(folder)
        try:
            server = make_server(store, options=options)
            try:
                host, port = server.server_address[:2]
                log.warning("SPARQL endpoint at http://%s:%s/sparql", host, port)
                stopper.arm()
                server.serve_forever()
            finally:
                stopper.disarm()
                server.server_close()
        finally:
            stopper.disarm()
            store.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 makes a burst of clients wait for SYN retries
    # (1 s, then 3 s); the kernel caps the value at net.core.somaxconn anyway.
    request_queue_size = 128

    kg_pool: WorkerPool | None = None

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up early is no error of ours: no traceback for it."""
        if isinstance(sys.exc_info()[1], HANG_UPS):
            log.debug("%s closed the connection", client_address[0])
        else:
            log.exception("request from %s failed", client_address[0])

    def server_close(self) -> None:
        super().server_close()
        if self.kg_pool is not None:
            self.kg_pool.close()


# What a client that hangs up (or stops reading) makes a socket raise.
HANG_UPS = (ConnectionError, TimeoutError)


class _ViewCache:
    """The HTML view of the store served, made once per store (a snapshot is a new one).

    The view is the build's own ``graph.html`` beside the store when there is one (a
    large graph's view takes seconds to render), else rendered. An update makes the
    build's view stale for good.
    """

    def __init__(self, *, use_built: bool = True) -> None:
        self._lock = threading.Lock()
        self._html: str | None = None
        self._store: GraphStore | None = None
        self._use_built = use_built

    def get(self, store: GraphStore) -> str:
        from kg.web.views import render_view

        with self._lock:
            if store is not self._store:
                self._html, self._store = None, store
            built = store.path.parent / HTML if self._use_built and store.path is not None else None
            if self._html is None and built is not None and built.is_file():
                self._html = built.read_text(encoding="utf-8")
            if self._html is None:
                self._html = render_view(store)
            return self._html

    def clear(self) -> None:
        with self._lock:
            self._html, self._use_built = None, False


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT  # set on the socket: a silent client cannot hold a thread for ever

    # ---------------------------------------------------------------- routing

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._dispatch(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(self._get)  # the GET's status and headers; _send leaves the body out

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(self._post)

    def do_OPTIONS(self) -> None:  # noqa: N802
        """A CORS preflight: it passes only for the origins ``--cors`` names."""
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if allowed_origin(self.headers.get("Origin"), self._options.cors) is not None:
            headers |= {"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                        "Access-Control-Allow-Headers": "Content-Type, Accept"}
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", headers)

    def _dispatch(self, method: Any) -> None:
        try:
            try:
                self._check_host()
                method(urlsplit(self.path))
            except _Failure as failure:
                self.close_connection = True  # the request's body may be left unread
                self._send(failure.status, (failure.message + "\n").encode("utf-8"), "text/plain")
        except HANG_UPS as exc:  # the client went away: nobody to answer, nothing to report
            log.debug("%s hung up: %s", self.address_string(), exc)
            self.close_connection = True
        except Exception as exc:  # a bug must not leave the client hanging
            log.exception("request failed")
            self.close_connection = True
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {exc}\n".encode(), "text/plain")

    def _get(self, url: Any) -> None:
        if url.path in ("/", "/view"):
            page = self.server.kg_view.get(self._store())  # type: ignore[attr-defined]
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html")
            return
        if url.path != "/sparql":
            raise _Failure(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}; the endpoint is /sparql")
        args = parse_qs(url.query, keep_blank_values=True)
        kind, text = protocol.operation(args)
        if kind == "query":
            self._query(text, args)
        elif kind == "update":
            if not self._options.allow_update:
                self._update(text)  # refuses it
            raise _Failure(HTTPStatus.METHOD_NOT_ALLOWED, "send updates by POST")
        else:
            self._describe(args)

    def _post(self, url: Any) -> None:
        if url.path not in ("/sparql", "/update"):
            raise _Failure(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}; the endpoint is /sparql")
        args = parse_qs(url.query, keep_blank_values=True)
        kind, text = self._read_body(args)
        if url.path == "/update" or kind == "update":
            self._update(text)
        else:
            self._query(text, args)

    def _read_body(self, args: dict[str, list[str]]) -> tuple[str, str]:
        """(query or update, its text) of a POST request; a form's fields join ``args``."""
        raw_length = (self.headers.get("Content-Length") or "0").strip()
        if not raw_length.isdigit():  # a negative length would read until the client hangs up
            raise _Failure(HTTPStatus.BAD_REQUEST, f"bad Content-Length {raw_length[:40]!r}")
        length = int(raw_length)
        if length > MAX_BODY:
            raise _Failure(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype in ("application/sparql-query", "application/sparql-update"):
            kind = ctype.rpartition("-")[2]
            if kind in args:
                raise _Failure(HTTPStatus.BAD_REQUEST, f"the {kind} is the request's body; the URL must not "
                               f"give another '{kind}' parameter")
            return kind, body
        if ctype in ("application/x-www-form-urlencoded", ""):
            for name, values in parse_qs(body, keep_blank_values=True).items():
                args.setdefault(name, []).extend(values)
            kind, text = protocol.operation(args)
            if kind is not None:
                return kind, text
        raise _Failure(HTTPStatus.BAD_REQUEST, "expected a query or update (form-encoded, or application/sparql-query)")

    def _describe(self, args: dict[str, list[str]]) -> None:
        """The service description, in the format the client asks for."""
        requested, accept = protocol.requested_formats(args), self.headers.get("Accept")
        fmt = protocol.negotiate("description", requested=requested, accept=accept)
        options = self._options
        endpoint = protocol.endpoint_url(self.headers.get("Host"), bound=self.server.server_address)
        body = protocol.service_description(fmt, endpoint=endpoint, update=options.allow_update,
                                            federated=options.allow_service, notes=_notes(options))
        self._send(HTTPStatus.OK, body, protocol.MEDIA_TYPES[fmt], {"Vary": "Accept"})

    # ---------------------------------------------------------------- work

    @property
    def _options(self) -> ServeOptions:
        return self.server.kg_options  # type: ignore[attr-defined]

    def _store(self) -> GraphStore:
        """The store to read: the latest snapshot, or the one store served."""
        source = self.server.kg_store  # type: ignore[attr-defined]
        return source.current() if isinstance(source, Snapshots) else source

    def _query(self, text: str, args: dict[str, list[str]]) -> None:
        if "default-graph-uri" in args or "named-graph-uri" in args:
            raise _Failure(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are not supported: "
                           "the default graph is the union of all graphs")
        if _UPDATE.match(text):
            self._update(text)
            return
        requested, accept = protocol.requested_formats(args), self.headers.get("Accept")
        protocol.check_acceptable(requested=requested, accept=accept)  # before the query runs, not after
        options = self._options
        store = self._store()
        job = Job(text, options.max_rows, requested=requested, accept=accept, allow_service=options.allow_service,
                  folder=str(store.path.parent) if store.path is not None else None)
        pool = self.server.kg_pool  # type: ignore[attr-defined]
        if pool is not None:
            result = pool.run(job, timeout=options.timeout)
        else:
            result = self._in_thread(lambda: answer(store, job))
        self._send_answer(result)

    def _update(self, text: str) -> None:
        if not self._options.allow_update:
            raise _Failure(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused "
                           "(start `kg serve --allow-update` to allow it)")
        self._check_origin()
        store = self._store()
        allow_service = self._options.allow_service

        def run() -> None:
            store.update(screened(text, update=True, allow_service=allow_service))
            store.flush()

        self._in_thread(run)
        self.server.kg_view.clear()  # type: ignore[attr-defined]
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

    def _send_answer(self, result: Answer) -> None:
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers["X-KG-Truncated"] = "true"
            headers["X-KG-Row-Limit"] = str(self._options.max_rows)
        if result.status != HTTPStatus.OK:
            self.close_connection = True
        self._send(HTTPStatus(result.status), result.body, result.ctype, headers)

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        origin = allowed_origin(self.headers.get("Origin"), self._options.cors)
        if origin is not None:  # else a web page of another site cannot read the answer
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        self.send_header("X-Content-Type-Options", "nosniff")  # error text is never run as HTML
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _in_thread(self, work: Any) -> Any:
        return in_thread(work, timeout=self._options.timeout, slots=self.server.kg_slots)  # type: ignore[attr-defined]

    def _check_host(self) -> None:
        """On loopback, refuse a Host naming another machine: a DNS-rebinding page."""
        if self._options.host in LOOPBACK and not names_loopback(self.headers.get("Host")):
            raise _Failure(HTTPStatus.FORBIDDEN, "this endpoint serves this machine only: unexpected Host header")

    def _check_origin(self) -> None:
        """Refuse an update a web page of another origin sends (a cross-site form post)."""
        origin = self.headers.get("Origin")
        if not same_origin(origin, self.headers.get("Host"), trusted=self._options.cors):
            raise _Failure(HTTPStatus.FORBIDDEN, f"updates from a page of another origin ({origin[:80]}) are refused")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        log.info("%s %s", self.address_string(), format % args)


def _notes(options: ServeOptions) -> str:
    """What a client should know of this endpoint's limits, for the service description."""
    return "; ".join([
        "SPARQL Update accepted" if options.allow_update else "read-only: SPARQL Update is refused",
        f"results are cut at {options.max_rows:,} rows (the X-KG-Truncated header says so)",
        f"a query is stopped after {options.timeout:g} s (503), at most {options.max_running} run at once",
        "SERVICE is allowed" if options.allow_service else "federated queries (SERVICE) are refused",
    ]) + "."
