"""kg serve: a SPARQL 1.1 Protocol endpoint queried with a real client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse, parse_query_results
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.web.serve import ServeOptions, make_server
from kg.graph.store import GraphStore

PLACES = "SELECT DISTINCT ?name ?code WHERE { ?p a schema:Place ; schema:name ?name ; schema:identifier ?code } ORDER BY ?code"


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


def _serve(store: GraphStore, options: ServeOptions) -> Iterator[str]:
    server = make_server(store, options=options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def endpoint(store: GraphStore) -> Iterator[str]:
    yield from _serve(store, ServeOptions(port=0, max_rows=1000, timeout=10))


def _client(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery("PREFIX schema: <https://schema.org/>\n" + query)
    client.setReturnFormat(fmt)
    return client


def _expected(store: GraphStore) -> list[tuple[str, str]]:
    return [(row["name"].value, row["code"].value) for row in store.query(PLACES)]


def test_binds_loopback_by_default(endpoint: str) -> None:
    assert ServeOptions().host == "127.0.0.1"
    assert urllib.parse.urlsplit(endpoint).hostname == "127.0.0.1"


def test_select_as_json(endpoint: str, store: GraphStore) -> None:
    data = _client(endpoint, PLACES, JSON).queryAndConvert()
    assert data["head"]["vars"] == ["name", "code"]
    rows = [(b["name"]["value"], b["code"]["value"]) for b in data["results"]["bindings"]]
    assert rows == _expected(store) and ("荆州市", "421000") in rows


def test_select_as_xml(endpoint: str, store: GraphStore) -> None:
    document = _client(endpoint, PLACES, XML).queryAndConvert()
    ns = "http://www.w3.org/2005/sparql-results#"
    rows = []
    for result in document.getElementsByTagNameNS(ns, "result"):
        cells = {b.getAttribute("name"): b.getElementsByTagNameNS(ns, "literal")[0].firstChild.data
                 for b in result.getElementsByTagNameNS(ns, "binding")}
        rows.append((cells["name"], cells["code"]))
    assert rows == _expected(store)


def test_select_as_csv_by_post(endpoint: str, store: GraphStore) -> None:
    client = _client(endpoint, PLACES, CSV)
    client.setMethod(POST)
    text = client.queryAndConvert().decode("utf-8")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["name", "code"]
    assert [tuple(r) for r in table[1:]] == _expected(store)


def test_construct_as_turtle(endpoint: str) -> None:
    query = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Place ; schema:name ?n }"
    data = _client(endpoint, query, TURTLE).queryAndConvert()
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert (None, None, rdflib.Literal("荆州市")) in graph


def test_rdflib_sparql_store_as_client(endpoint: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = rdflib.Graph(store=SPARQLStore(endpoint + "/sparql"))
    names = {str(r[0]) for r in remote.query("SELECT ?n WHERE { ?p a <https://schema.org/Place> ; <https://schema.org/name> ?n }")}
    assert "荆州市" in names


def test_format_parameter_and_post_sparql_query(endpoint: str) -> None:
    request = urllib.request.Request(
        endpoint + "/sparql?format=tsv",
        data=b"ASK { ?s a <https://schema.org/Person> }",
        headers={"Content-Type": "application/sparql-query"},
    )
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/tab-separated-values")
        assert response.read().strip() == b"true"


def _fetch(url: str, *, accept: str | None = None) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of a GET."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def _query_url(endpoint: str, query: str, **params: str) -> str:
    fields = {"query": "PREFIX schema: <https://schema.org/>\n" + query, **params}
    return endpoint + "/sparql?" + urllib.parse.urlencode(fields)


def test_every_result_format_has_its_media_type_and_parses_back(endpoint: str, store: GraphStore) -> None:
    expected = [tuple(row) for row in store.query(PLACES)]
    for fmt, ctype, syntax in (
        ("json", "application/sparql-results+json", QueryResultsFormat.JSON),
        ("xml", "application/sparql-results+xml", QueryResultsFormat.XML),
        ("tsv", "text/tab-separated-values", QueryResultsFormat.TSV),
    ):
        status, got, body = _fetch(_query_url(endpoint, PLACES, format=fmt))
        assert status == 200 and got == f"{ctype}; charset=utf-8", fmt
        solutions = parse_query_results(body, syntax)
        assert [v.value for v in solutions.variables] == ["name", "code"]
        assert [tuple(row) for row in solutions] == expected, fmt
    status, got, body = _fetch(_query_url(endpoint, PLACES), accept="text/csv")
    assert got == "text/csv; charset=utf-8"
    table = [tuple(r) for r in csv.reader(io.StringIO(body.decode("utf-8")))]
    assert table[0] == ("name", "code") and table[1:] == [(n.value, c.value) for n, c in expected]


def test_ask_empty_and_graph_results_over_http(endpoint: str) -> None:
    xml = "application/sparql-results+xml"
    status, ctype, body = _fetch(_query_url(endpoint, "ASK { ?s a schema:Nothing }"), accept=xml)
    assert ctype == f"{xml}; charset=utf-8" and not bool(parse_query_results(body, QueryResultsFormat.XML))
    status, ctype, body = _fetch(_query_url(endpoint, "SELECT ?s WHERE { ?s a schema:Nothing }"))
    assert ctype.startswith("application/sparql-results+json")
    assert json.loads(body) == {"head": {"vars": ["s"]}, "results": {"bindings": []}}
    construct = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Place ; schema:name ?n }"
    status, ctype, body = _fetch(_query_url(endpoint, construct), accept="application/n-triples")
    assert ctype.startswith("application/n-triples")
    assert '<https://schema.org/name> "荆州市" .' in body.decode("utf-8")


def test_a_format_that_does_not_fit_is_a_406_and_an_unknown_one_a_400(endpoint: str) -> None:
    status, _, body = _fetch(_query_url(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", format="turtle"))
    assert status == 406 and b"does not fit a SELECT or ASK result" in body
    status, _, body = _fetch(_query_url(endpoint, "ASK { ?s ?p ?o }", format="yaml"))
    assert status == 400 and b"unknown format 'yaml'" in body
    # A SPARQL results format asked of a graph is its RDF counterpart (issue 21), not a 400.
    status, ctype, body = _fetch(_query_url(endpoint, "CONSTRUCT WHERE { ?s a schema:Place }", format="xml"))
    assert status == 200 and ctype == "application/rdf+xml; charset=utf-8"
    assert len(list(parse(body, RdfFormat.RDF_XML))) > 0


def test_the_server_keeps_one_count_of_the_queries_running(store: GraphStore) -> None:
    server = make_server(store, options=ServeOptions(port=0, max_running=3))
    try:
        assert server.kg_pool is not None and server.kg_slots is server.kg_pool.slots  # type: ignore[attr-defined]
    finally:
        server.server_close()
    server = make_server(store, options=ServeOptions(port=0, max_running=3, workers=False))
    try:
        assert server.kg_pool is None and server.kg_slots._initial_value == 3  # type: ignore[attr-defined]
    finally:
        server.server_close()


def test_a_malformed_query_is_a_400_with_the_parser_message(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed) as caught:
        _client(endpoint, "SELECT * WHERE { ?s ?p }", JSON).queryAndConvert()
    assert "line 2, column" in str(caught.value)


def _status(url: str, data: bytes | None = None, ctype: str = "application/x-www-form-urlencoded") -> int:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_updates_are_refused(endpoint: str, store: GraphStore) -> None:
    before = len(store)
    update = "INSERT DATA { <https://e.org/a> <https://e.org/b> <https://e.org/c> }"
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(update)
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    assert caught.value.code == 403
    assert _status(endpoint + "/update", update.encode(), "application/sparql-update") == 403
    assert _status(endpoint + "/sparql", urllib.parse.urlencode({"query": update}).encode()) == 403
    assert _status(endpoint + "/sparql?" + urllib.parse.urlencode({"update": update})) == 403
    assert len(store) == before


def test_updates_when_allowed(store: GraphStore) -> None:
    scratch = GraphStore(Store())
    scratch.add(store.quads())
    for url in _serve(scratch, ServeOptions(port=0, allow_update=True)):
        update = "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/a> <https://e.org/b> 'c' } }"
        assert _status(url + "/update", update.encode(), "application/sparql-update") == 204
        assert len(scratch) == len(store) + 1


def test_long_results_are_cut_and_say_so(store: GraphStore) -> None:
    for url in _serve(store, ServeOptions(port=0, max_rows=5)):
        query = urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o }", "format": "csv"})
        with urllib.request.urlopen(f"{url}/sparql?{query}") as response:
            assert response.headers["X-KG-Truncated"] == "true"
            assert response.headers["X-KG-Row-Limit"] == "5"
            assert len(response.read().decode().splitlines()) == 6
        query = urllib.parse.urlencode({"query": "SELECT ?s ?o WHERE { ?s ?p ?o }", "format": "json"})
        with urllib.request.urlopen(f"{url}/sparql?{query}") as response:
            assert response.headers["X-KG-Truncated"] == "true"
            assert len(json.loads(response.read())["results"]["bindings"]) == 5
        query = urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"})
        with urllib.request.urlopen(f"{url}/sparql?{query}") as response:
            assert response.headers["X-KG-Truncated"] == "true"
            assert len(list(parse(response.read(), RdfFormat.N_TRIPLES))) == 5
        query = urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s a <https://schema.org/Nothing> }"})
        with urllib.request.urlopen(f"{url}/sparql?{query}") as response:
            assert response.headers["X-KG-Truncated"] is None


def test_slow_queries_time_out(store: GraphStore) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?f FILTER (STR(?c) < STR(?f)) }"
    for url in _serve(store, ServeOptions(port=0, timeout=0.05)):
        assert _status(f"{url}/sparql?" + urllib.parse.urlencode({"query": slow})) == 503


def test_views_and_unknown_paths(endpoint: str) -> None:
    for path in ("/", "/view"):
        with urllib.request.urlopen(endpoint + path) as response:
            assert response.headers["Content-Type"].startswith("text/html")
            assert b"<html" in response.read().lower()
    assert _status(endpoint + "/nothing") == 404


def test_the_build_s_own_view_is_served_and_an_update_makes_it_stale(tmp_path: Path, sample_graph_dir: Path) -> None:
    from kg.web.serve import _ViewCache

    shutil.copytree(sample_graph_dir, tmp_path / "out")
    (tmp_path / "out" / "graph.html").write_text("<html>the build's view</html>", encoding="utf-8")
    store = GraphStore.open(tmp_path / "out", read_only=True)
    cache = _ViewCache()
    assert cache.get(store) == "<html>the build's view</html>"  # not rendered again
    cache.clear()
    assert "<html" in cache.get(store).lower() and "the build's view" not in cache.get(store)
    assert "the build's view" not in _ViewCache(use_built=False).get(store)  # kg serve --allow-update


# ------------------------------------------------------------ what the endpoint refuses


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_federated_queries_are_refused_and_fetch_nothing(endpoint: str) -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"select * where {{ ?x ?y ?z . service silent <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ FILTER(?a<?b) SERVICE <{target}> {{ ?s ?p ?o }} }}",  # no IRI from < to >
            f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        ):
            status, body = _request(endpoint + "/sparql?" + urllib.parse.urlencode({"query": query}))
            assert status == 403 and "SERVICE" in body, query
        with pytest.raises(TimeoutError):
            listener.accept()  # the server never called out
    finally:
        listener.close()
    # The word alone, in a string, a comment or a prefixed name, is no federated query.
    query = 'PREFIX ex: <https://e.org/> ASK { ?s ex:SERVICE "SERVICE" } # SERVICE <http://e.org/>'
    assert _request(endpoint + "/sparql?" + urllib.parse.urlencode({"query": query}))[0] == 200


def test_a_foreign_host_header_is_refused_on_loopback(endpoint: str) -> None:
    """A page of evil.example whose name was re-pointed at 127.0.0.1 (DNS rebinding)."""
    url = endpoint + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    port = urllib.parse.urlsplit(endpoint).port
    assert _request(url, headers={"Host": f"evil.example:{port}"})[0] == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        assert _request(url, headers={"Host": host})[0] == 200, host


def test_cross_site_updates_are_refused_even_when_allowed(store: GraphStore) -> None:
    scratch = GraphStore(Store())
    for url in _serve(scratch, ServeOptions(port=0, allow_update=True)):
        host = urllib.parse.urlsplit(url).netloc
        form = urllib.parse.urlencode({"update": "INSERT DATA { <https://e.org/a> <https://e.org/b> 'c' }"}).encode()
        status, body = _request(url + "/update", data=form, headers={"Origin": "https://evil.example"})
        assert status == 403 and "origin" in body
        assert len(scratch) == 0
        assert _request(url + "/update", data=form, headers={"Origin": f"http://{host}"})[0] == 204
        assert len(scratch) == 1


def test_malformed_and_oversized_bodies(endpoint: str) -> None:
    import http.client

    parts = urllib.parse.urlsplit(endpoint)
    for length, status in (("-5", 400), ("abc", 400), (str(20 * 1024 * 1024), 413)):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        connection.putrequest("POST", "/sparql")
        connection.putheader("Content-Type", "application/sparql-query")
        connection.putheader("Content-Length", length)
        connection.endheaders()  # and no body: the answer must not wait for one
        response = connection.getresponse()
        assert response.status == status, length
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        connection.close()


def test_a_silent_client_is_disconnected(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from kg.web import serve

    monkeypatch.setattr(serve._Handler, "timeout", 0.3)
    for url in _serve(store, ServeOptions(port=0)):
        parts = urllib.parse.urlsplit(url)
        with socket.create_connection((parts.hostname, parts.port), timeout=5) as client:
            client.sendall(b"GET /sparql?query=ASK")  # and never the end of the request
            assert client.recv(100) == b""  # closed by the server, not by our 5 s timeout


def test_runaway_queries_cannot_pile_up_in_threads(store: GraphStore) -> None:
    """Where queries run in the server's threads (an in-memory store, or --allow-update),
    a runaway query keeps its slot until it ends; in worker processes it is stopped
    (tests/web/test_hardening.py)."""
    import time

    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?f FILTER (STR(?c) < STR(?f)) }"
    fast = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    for url in _serve(store, ServeOptions(port=0, timeout=0.2, max_running=1, workers=False)):
        status, body = _request(f"{url}/sparql?" + urllib.parse.urlencode({"query": slow}))
        assert status == 503 and "timed out" in body
        status, body = _request(f"{url}/sparql?{fast}")  # the runaway still holds the one slot
        assert status == 503 and "too many queries" in body
        deadline = time.monotonic() + 30
        while (status := _request(f"{url}/sparql?{fast}")[0]) != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status == 200  # the slot comes back when the runaway query ends


def test_cors_origins_are_repeatable_and_comma_separated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.cli import serve as serve_command

    seen: list[ServeOptions] = []
    monkeypatch.setattr(serve_command, "serve_graph", lambda folder, *, options: seen.append(options))
    result = CliRunner().invoke(app, ["serve", "--graph", str(tmp_path), "--cors", "https://a.example, https://b.example",
                                      "--cors", "http://localhost:3000"])
    assert result.exit_code == 0, result.output
    assert seen[0].cors == ("https://a.example", "https://b.example", "http://localhost:3000")
    assert ServeOptions().cors == ()
