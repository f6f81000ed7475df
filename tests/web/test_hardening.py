"""Issue 20, the endpoint half, as an attacker and a careless user tried it: one request must
not kill ``kg serve`` (nor ``kg query``), no spelling gets SERVICE or LOAD past the guard,
no web page reads the graph unless ``--cors`` names it, HEAD works, a client that hangs
up is no error, and a file name cannot send the terminal control sequences.

Each test here failed on the code before the fix (the build half of the issue has its
tests in ``tests/build/test_hardening.py`` and ``tests/read/test_hardening.py``).
"""

from __future__ import annotations

import logging
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pyoxigraph import Store

from kg.graph.store import GraphStore
from kg.web.serve import ServeOptions
from tests.web.test_serve import _serve

KG = [sys.executable, "-c", "from kg.cli import main; main()"]
# Queries that crashed pyoxigraph (SIGSEGV) with the stack of a thread or a main thread.
CRASHERS = {
    "3,000 nested groups": "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "5,000 nested parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "?o" + ")" * 5000 + ") }",
    "10,000 negations": "SELECT * WHERE { BIND(" + "!" * 10_000 + "true AS ?x) }",
    "3,000 nested subqueries": "SELECT * WHERE { " + "{ SELECT * WHERE " * 3000 + "{ ?s ?p ?o }" + " }" * 3000 + " }",
    "nesting behind an escaped quote": "PREFIX ex: <http://e.org/> SELECT * WHERE { BIND(ex:a\\' AS ?x) "
                                      + "{" * 3000 + " ?s ?p ?o " + "}" * 3000 + " }",
    "nesting after a comment ended by a carriage return": "SELECT * WHERE { # a comment\r"
                                      + "{" * 3000 + " ?s ?p ?o " + "}" * 3000 + " }",
    "nesting after a less-than that looks like an IRI": "SELECT * WHERE { ?a ?b ?c FILTER(?a<'x>\"' || EXISTS "
                                      + "{" * 3000 + " ?s ?p ?o " + "}" * 3000 + ") }",
}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours: a cartesian product


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


@pytest.fixture(scope="module")
def graph_copy(sample_graph_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample graph for ``kg serve`` subprocesses, which take snapshots inside it."""
    folder = tmp_path_factory.mktemp("served") / "graph"
    shutil.copytree(sample_graph_dir, folder, ignore=shutil.ignore_patterns(".served-*"))
    return folder


@contextmanager
def serving(store: GraphStore, **options: object) -> Iterator[str]:
    """The endpoint over ``store`` on a free port, as the serve tests run it."""
    yield from _serve(store, ServeOptions(port=0, **options))  # type: ignore[arg-type]


@contextmanager
def kg_serve(graph: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``kg serve`` in a subprocess of its own (a crash must not take pytest down)."""
    process = subprocess.Popen([*KG, "serve", "--graph", str(graph), "--port", "0", *args],
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        port = None
        while port is None:
            line = process.stderr.readline()
            assert line, "kg serve ended before it served"
            match = re.search(r"http://\S+:(\d+)/sparql", line)
            port = match.group(1) if match else None
        threading.Thread(target=process.stderr.read, daemon=True).start()  # drain the log
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(url: str, *, method: str | None = None, data: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a request."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def query(endpoint: str, text: str, **kwargs: object) -> tuple[int, dict[str, str], bytes]:
    return request(endpoint + "/sparql?" + urllib.parse.urlencode({"query": text}), **kwargs)  # type: ignore[arg-type]


def post_query(endpoint: str, text: str) -> tuple[int, bytes]:
    status, _, body = request(endpoint + "/sparql", data=text.encode("utf-8"),
                              headers={"Content-Type": "application/sparql-query"})
    return status, body


@contextmanager
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A TCP port on loopback that records whether anything connects (the server fetching)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.5)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", sock
    finally:
        sock.close()


def nothing_connects(sock: socket.socket) -> bool:
    try:
        sock.accept()[0].close()
    except TimeoutError:
        return True
    return False


# ------------------------------------------------------------ 1. limits before the engine


def test_queries_that_crashed_the_engine_get_400_and_the_server_lives(graph_copy: Path) -> None:
    with kg_serve(graph_copy) as (endpoint, process):
        for name, text in CRASHERS.items():
            status, body = post_query(endpoint, text)
            assert status == 400 and b"KG301" in body, name
            assert process.poll() is None, name
        status, _, body = query(endpoint, "ASK { ?s ?p ?o }", headers={"Accept": "text/csv"})
        assert (status, body.strip()) == (200, b"true")


def test_kg_query_refuses_them_with_kg301(sample_graph_dir: Path, tmp_path: Path) -> None:
    for name, text in CRASHERS.items():
        path = tmp_path / "deep.rq"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([*KG, "query", "--graph", str(sample_graph_dir), "-f", str(path)],
                              check=False, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "KG301" in done.stderr, (name, done.returncode, done.stderr[-300:])


def test_kg_query_runs_the_engine_on_a_stack_the_limits_fit(sample_graph_dir: Path, tmp_path: Path) -> None:
    """9,980 negations are within the limits and crash an 8 MiB stack (9,300 do)."""
    path = tmp_path / "negations.rq"
    path.write_text("ASK { FILTER(" + "!" * 9980 + "true) }", encoding="utf-8")
    done = subprocess.run([*KG, "query", "--graph", str(sample_graph_dir), "-f", str(path), "--format", "csv"],
                          check=False, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "true"), done.stderr[-300:]


def test_a_timed_out_query_is_stopped_and_frees_its_slot(store: GraphStore) -> None:
    with serving(store, timeout=2.0, max_running=1) as endpoint:
        status, _, body = query(endpoint, SLOW)
        assert status == 503 and b"timed out" in body
        started = time.monotonic()
        status, _, body = query(endpoint, "ASK { ?s ?p ?o }")
        assert status == 200, body  # not "too many queries running": the runaway was stopped
        assert time.monotonic() - started < 2.0


def test_a_worker_that_dies_takes_only_its_own_query(sample_graph_dir: Path) -> None:
    import os

    from kg.web.workers import Failure, Job, WorkerPool

    pool = WorkerPool(1)
    pool.start(1)
    try:
        [worker] = pool._idle
        outcome: list[object] = []
        job = Job(SLOW, 10, folder=str(sample_graph_dir))
        runner = threading.Thread(target=lambda: outcome.append(_run_or_failure(pool, job)))
        runner.start()
        time.sleep(1.0)
        os.kill(worker.process.pid, signal.SIGSEGV)  # as a crash of the engine would
        runner.join(30)
        assert isinstance(outcome[0], Failure) and outcome[0].status == 500
        answer = pool.run(Job("ASK { ?s ?p ?o }", 10, accept="text/csv", folder=str(sample_graph_dir)), timeout=30)
        assert (answer.status, answer.body.strip()) == (200, b"true")
    finally:
        pool.close()


def _run_or_failure(pool: object, job: object) -> object:
    from kg.web.workers import Failure

    try:
        return pool.run(job, timeout=30)  # type: ignore[attr-defined]
    except Failure as failure:
        return failure


# ------------------------------------------------------------ 2. SERVICE, LOAD, CORS


SPELLINGS = (
    "PREFIX ex: <http://ex/> SELECT * WHERE {{ BIND(ex:a\\# AS ?h) SERVICE <{url}> {{ ?x ?y ?z }} }}",
    "PREFIX ex: <http://ex/> SELECT * WHERE {{ BIND(ex:a\\' AS ?h) SERVICE <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ ?s ?p ?o # a comment\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>\"'|| true) sErViCe SILENT <{url}> {{ ?a ?b ?c }} }}",
)


def test_no_spelling_gets_service_past_the_guard(store: GraphStore) -> None:
    with serving(store, timeout=5.0) as endpoint, listener() as (target, sock):
        for spelling in SPELLINGS:
            status, _, body = query(endpoint, spelling.format(url=target))
            assert status == 403 and b"SERVICE" in body, spelling
        assert nothing_connects(sock)


def test_load_and_service_in_updates_are_refused_without_allow_service() -> None:
    scratch = GraphStore(Store())
    with serving(scratch, allow_update=True, timeout=5.0) as endpoint, listener() as (target, sock):
        for update in (f"LOAD <{target}>", f"LOAD SILENT <{target}> INTO GRAPH <https://e.org/g>",
                       f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                       f"PREFIX ex: <http://ex/> INSERT {{ ?s ?p ex:a\\# }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"):
            status, _, _ = request(endpoint + "/update", data=update.encode(),
                                   headers={"Content-Type": "application/sparql-update"})
            assert status == 403, update
        assert nothing_connects(sock) and len(scratch) == 0


def test_no_web_page_reads_the_graph_unless_cors_names_its_origin(store: GraphStore) -> None:
    ask = "ASK { ?s ?p ?o }"
    with serving(store) as endpoint:
        _, headers, _ = query(endpoint, ask, headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers
    with serving(store, cors=("https://app.example",)) as endpoint:
        _, headers, _ = query(endpoint, ask, headers={"Origin": "https://app.example"})
        assert headers["Access-Control-Allow-Origin"] == "https://app.example" and "Origin" in headers["Vary"]
        _, headers, _ = query(endpoint, ask, headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers
        status, headers, _ = request(endpoint + "/sparql", method="OPTIONS", headers={"Origin": "https://app.example"})
        assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


# ------------------------------------------------------------ 3. HEAD, hang-ups, control characters


def test_head_answers_every_get_route_with_its_headers_and_no_body(store: GraphStore) -> None:
    ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    with serving(store) as endpoint:
        for path in ("/", "/view", "/sparql", ask, "/nothing"):
            get_status, get_headers, get_body = request(endpoint + path)
            status, headers, body = request(endpoint + path, method="HEAD")
            assert (status, body) == (get_status, b""), path
            assert headers["Content-Type"] == get_headers["Content-Type"], path
            assert headers["Content-Length"] == str(len(get_body)), path


def test_a_client_that_hangs_up_is_no_error(store: GraphStore, caplog: pytest.LogCaptureFixture) -> None:
    big = "/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"})
    with caplog.at_level(logging.DEBUG, logger="kg.web.serve"), serving(store) as endpoint:
        parts = urllib.parse.urlsplit(endpoint)
        for _ in range(5):
            client = socket.create_connection((parts.hostname, parts.port))
            client.sendall(f"GET {big} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()  # a reset, before the answer
        time.sleep(1.0)
        assert query(endpoint, "ASK { ?s ?p ?o }")[0] == 200
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_control_characters_in_a_file_name_are_escaped(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    evil = tmp_path / "q\x1b]0;pwned\x07\x1b[2J.rq"
    result = CliRunner().invoke(app, ["query", "--graph", str(tmp_path), "-f", str(evil)])
    assert result.exit_code == 2
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "KG301" in output and "\x1b" not in output and "\x07" not in output
    assert "\\x1b" in output
