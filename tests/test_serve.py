"""kg serve: a SPARQL 1.1 Protocol endpoint queried with a real client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Store
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.serve import ServeOptions, make_server
from kg.store import GraphStore

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
