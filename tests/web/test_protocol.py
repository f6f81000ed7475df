"""Issue 21: the SPARQL 1.1 Protocol as real clients speak it. SPARQLWrapper's SELECT, ASK,
CONSTRUCT and DESCRIBE in every return format it offers, rdflib's SPARQLStore, and plain
HTTP with every media type of the Protocol and the Service Description; q-values, 406,
the service description at ``GET /sparql``, repeated parameters and HEAD.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import (
    QueryResultsFormat,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
)
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

from kg.graph.store import GraphStore
from kg.web.protocol import (
    Failure,
    check_acceptable,
    negotiate,
    operation,
    requested_formats,
)
from kg.web.serve import ServeOptions
from tests.web.test_serve import _serve

SCHEMA = "https://schema.org/"
PREFIX = f"PREFIX schema: <{SCHEMA}>\n"
PLACES = "SELECT ?name ?code WHERE { ?p a schema:Place ; schema:name ?name ; schema:identifier ?code } ORDER BY ?code"
ASK_PERSON = "ASK { ?s a schema:Person }"
ASK_NOTHING = "ASK { ?s a schema:Nothing }"
CONSTRUCT = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Place ; schema:name ?n }"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = rdflib.Namespace("http://www.w3.org/ns/formats/")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
               "application/n-quads", "application/trig", "text/n3")
# What SPARQLWrapper warns when the endpoint answers in another format than the one asked.
WRONG_FORMAT = "Format requested was"
ROW_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
             "text/tab-separated-values")


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


@pytest.fixture(scope="module")
def endpoint(store: GraphStore) -> Iterator[str]:
    yield from _serve(store, ServeOptions(port=0, max_rows=5000, timeout=20))


@pytest.fixture(scope="module")
def city(store: GraphStore) -> str:
    """The IRI of 荆州市, to DESCRIBE."""
    [row] = list(store.query('SELECT ?p WHERE { ?p a schema:Place ; schema:name "荆州市" }'))
    return row["p"].value


def _triples(store: GraphStore, query: str) -> set[Triple]:
    triples = set(store.query(PREFIX + query))
    assert triples
    return triples


def _from_rdflib(graph: rdflib.Graph) -> set[Triple]:
    """An rdflib graph's triples as pyoxigraph's, to compare with the store's."""
    return {q.triple for q in parse(graph.serialize(format="nt", encoding="utf-8"), RdfFormat.N_TRIPLES)}


def _wrapper(endpoint: str, query: str, fmt: str | None = None, *, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(PREFIX + query)
    client.setMethod(method)
    if fmt is not None:
        client.setReturnFormat(fmt)
    return client


def _get(url: str, *, accept: str | None = None, method: str | None = None,
         data: bytes | None = None, ctype: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": accept} if accept is not None else {}
    if ctype is not None:
        headers["Content-Type"] = ctype
    request = urllib.request.Request(url, headers=headers, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _url(endpoint: str, query: str | None = None, *pairs: tuple[str, str]) -> str:
    fields = ([("query", PREFIX + query)] if query is not None else []) + list(pairs)
    return endpoint + "/sparql?" + urllib.parse.urlencode(fields)


def _media(headers: dict[str, str]) -> str:
    return headers["Content-Type"].split(";")[0]


# ------------------------------------------------------------ negotiation, as a function


def test_accept_is_read_with_q_values_wildcards_and_specificity() -> None:
    assert negotiate("rows") == "json" and negotiate("graph") == "turtle"
    assert negotiate("rows", accept="text/csv;q=0.5, text/tab-separated-values") == "tsv"
    assert negotiate("rows", accept="text/turtle, application/xml;q=0.2") == "xml"
    assert negotiate("graph", accept="text/turtle;q=0.2, application/ld+json;q=0.9") == "jsonld"
    assert negotiate("graph", accept="application/rdf+xml;q=0, */*;q=0.1") == "turtle"
    assert negotiate("graph", accept="application/*;q=0.5, text/turtle;q=0.4") == "ntriples"  # first application/ type
    assert negotiate("graph", accept="application/*, application/n-triples;q=0") == "rdfxml"  # the exact range wins
    assert negotiate("rows", accept="text/*") == "csv"
    assert negotiate("rows", accept="*/*, application/sparql-results+xml") == "xml"  # specific before the wildcard
    assert negotiate("graph", accept="application/n-quads, application/trig") == "nquads"  # the client's order
    assert negotiate("graph", accept="application/json") == "jsonld"  # the generic types fit a graph too
    assert negotiate("graph", accept="text/xml") == "rdfxml"
    assert negotiate("rows", accept="not a type, ;q=1") == "json"  # nothing that parses: as if absent
    assert negotiate("description", accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == "html"
    assert negotiate("description", accept="*/*") == "turtle"


def test_nothing_acceptable_is_a_406_naming_what_is_offered() -> None:
    for kind, accept in (("rows", "text/turtle"), ("graph", "text/csv"), ("rows", "*/*;q=0"),
                         ("graph", "application/sparql-results+json"), ("description", "text/csv")):
        with pytest.raises(Failure) as caught:
            negotiate(kind, accept=accept)
        assert caught.value.status == HTTPStatus.NOT_ACCEPTABLE, (kind, accept)
        assert accept in caught.value.message
    with pytest.raises(Failure) as caught:
        check_acceptable(requested=(), accept="text/html")
    assert caught.value.status == 406 and "text/turtle" in caught.value.message and "text/csv" in caught.value.message
    check_acceptable(requested=(), accept="text/turtle")  # a CONSTRUCT could give it: run the query


def test_format_wins_over_accept_and_maps_to_the_graph_counterpart() -> None:
    assert negotiate("rows", requested=("csv",), accept="application/sparql-results+json") == "csv"
    assert negotiate("graph", requested=("xml",), accept="application/rdf+xml") == "rdfxml"  # SPARQLWrapper's default
    assert negotiate("graph", requested=("json",)) == "jsonld"
    assert negotiate("graph", requested=("rdf+xml", "application/rdf+xml")) == "rdfxml"  # SPARQLWrapper repeats it
    assert negotiate("graph", requested=("json-ld", "application/ld+json")) == "jsonld"
    assert negotiate("rows", requested=("tsv", "text/tab-separated-values")) == "tsv"
    assert negotiate("graph", requested=("N3",)) == "n3" and negotiate("graph", requested=("nt",)) == "ntriples"
    assert negotiate("graph", requested=("application/sparql-results+xml",)) == "rdfxml"
    assert negotiate("rows", requested=("whatever", "csv")) == "csv"  # the first one kg knows
    with pytest.raises(Failure) as caught:
        negotiate("rows", requested=("turtle",), accept="*/*")
    assert caught.value.status == 406 and "json, xml, csv, tsv" in caught.value.message
    with pytest.raises(Failure) as caught:
        negotiate("rows", requested=("yaml",))
    assert caught.value.status == 400 and "unknown format 'yaml'" in caught.value.message
    assert requested_formats({"format": ["", "tsv"], "output": ["csv"], "results": ["xml"]}) == ("tsv", "csv")


def test_one_query_one_update() -> None:
    assert operation({"query": ["ASK {}"], "format": ["json"]}) == ("query", "ASK {}")
    assert operation({"update": ["CLEAR ALL"]}) == ("update", "CLEAR ALL")
    assert operation({"format": ["json"]}) == (None, "")
    for args, word in (({"query": ["ASK {}", "ASK {}"]}, "2 'query' parameters"),
                       ({"update": ["CLEAR ALL", "DROP ALL"]}, "2 'update' parameters"),
                       ({"query": ["ASK {}"], "update": ["CLEAR ALL"]}, "both a query and an update")):
        with pytest.raises(Failure) as caught:
            operation(args)
        assert caught.value.status == 400 and word in caught.value.message


# ------------------------------------------------------------ SPARQLWrapper


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_and_ask_in_every_format(endpoint: str, store: GraphStore, fmt: str, method: str) -> None:
    expected = [(r["name"].value, r["code"].value) for r in store.query(PREFIX + PLACES)]
    assert ("荆州市", "421000") in expected
    with warnings.catch_warnings():
        warnings.filterwarnings("error", WRONG_FORMAT, RuntimeWarning)
        rows = _rows(_wrapper(endpoint, PLACES, fmt, method=method).queryAndConvert(), fmt)
        assert rows == expected, fmt
        assert _boolean(_wrapper(endpoint, ASK_PERSON, fmt, method=method).queryAndConvert(), fmt) is True
        assert _boolean(_wrapper(endpoint, ASK_NOTHING, fmt, method=method).queryAndConvert(), fmt) is False


def _rows(converted: object, fmt: str) -> list[tuple[str, str]]:
    if fmt == JSON:
        return [(b["name"]["value"], b["code"]["value"]) for b in converted["results"]["bindings"]]  # type: ignore[index]
    if fmt == XML:
        ns = "http://www.w3.org/2005/sparql-results#"
        return [tuple(b.getElementsByTagNameNS(ns, "literal")[0].firstChild.data  # type: ignore[misc]
                      for b in result.getElementsByTagNameNS(ns, "binding"))
                for result in converted.getElementsByTagNameNS(ns, "result")]  # type: ignore[attr-defined]
    text = converted.decode("utf-8")  # type: ignore[attr-defined]
    if fmt == CSV:
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == ["name", "code"]
        return [tuple(row) for row in table[1:]]  # type: ignore[misc]
    solutions = parse_query_results(text.encode("utf-8"), QueryResultsFormat.TSV)
    return [(row["name"].value, row["code"].value) for row in solutions]


def _boolean(converted: object, fmt: str) -> bool:
    if fmt == JSON:
        return converted["boolean"]  # type: ignore[index]
    if fmt == XML:
        return converted.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[attr-defined]
    return {"true": True, "false": False}[converted.decode("utf-8").strip()]  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", [None, XML, RDFXML, RDF, TURTLE, N3, JSONLD, JSON])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_sparqlwrapper_graph_results_in_every_format(endpoint: str, store: GraphStore, city: str,
                                                     fmt: str | None, form: str) -> None:
    """SPARQLWrapper's default (XML) asks ``format=xml`` and RDF/XML: it gets RDF/XML, not a 400."""
    query = CONSTRUCT if form == "CONSTRUCT" else f"DESCRIBE <{city}>"
    expected = _triples(store, query)
    with warnings.catch_warnings():  # (for RDF and JSON, SPARQLWrapper warns that it sends Accept: */*)
        warnings.filterwarnings("error", WRONG_FORMAT, RuntimeWarning)
        converted = _wrapper(endpoint, query, fmt).queryAndConvert()
    if isinstance(converted, bytes):  # Turtle and N3 come back as text
        converted = rdflib.Graph().parse(data=converted.decode("utf-8"), format="n3" if fmt == N3 else "turtle")
    assert isinstance(converted, rdflib.Graph), fmt
    assert _from_rdflib(converted) == expected, (form, fmt)
    assert (None, None, rdflib.Literal("荆州市")) in converted


def test_sparqlwrapper_construct_with_its_defaults_against_kg_serve(sample_graph_dir: Path, store: GraphStore,
                                                                    tmp_path: Path) -> None:
    """The issue's target: ``kg serve`` itself, a SPARQLWrapper left to its defaults."""
    import shutil

    from tests.web.test_hardening import kg_serve

    graph = tmp_path / "graph"
    shutil.copytree(sample_graph_dir, graph, ignore=shutil.ignore_patterns(".served-*"))
    with kg_serve(graph) as (endpoint, _):
        client = SPARQLWrapper(endpoint + "/sparql")
        client.setQuery(PREFIX + CONSTRUCT)
        result = client.queryAndConvert()
    assert isinstance(result, rdflib.Graph)
    assert (None, rdflib.URIRef(SCHEMA + "name"), rdflib.Literal("荆州市")) in result
    assert _from_rdflib(result) == _triples(store, CONSTRUCT)


@pytest.mark.parametrize("fmt", [None, RDFXML, TURTLE, N3, JSONLD])
def test_sparqlwrapper_by_accept_alone(endpoint: str, store: GraphStore, fmt: str | None) -> None:
    """``onlyConneg``: no ``format=``, the ``Accept`` header SPARQLWrapper makes decides."""
    client = _wrapper(endpoint, CONSTRUCT, fmt)
    client.setOnlyConneg(True)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", WRONG_FORMAT, RuntimeWarning)
        converted = client.queryAndConvert()
        if isinstance(converted, bytes):
            converted = rdflib.Graph().parse(data=converted.decode("utf-8"), format="turtle")
        assert _from_rdflib(converted) == _triples(store, CONSTRUCT), fmt
        for select_format in (JSON, XML, CSV, TSV):
            client = _wrapper(endpoint, PLACES, select_format)
            client.setOnlyConneg(True)
            assert ("荆州市", "421000") in _rows(client.queryAndConvert(), select_format), select_format


def test_sparqlwrapper_answers_name_the_format_given(endpoint: str) -> None:
    for fmt, media in ((None, "application/rdf+xml"), (XML, "application/rdf+xml"), (N3, "text/n3"),
                       (JSONLD, "application/ld+json"), (JSON, "application/ld+json"), (TURTLE, "text/turtle")):
        response = _wrapper(endpoint, CONSTRUCT, fmt).query()
        assert response.info()["content-type"].split(";")[0] == media, fmt
    response = _wrapper(endpoint, PLACES).query()  # the default for a SELECT: SPARQL XML
    assert response.info()["content-type"].startswith("application/sparql-results+xml")


# ------------------------------------------------------------ rdflib's SPARQLStore


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json"])
def test_rdflib_sparql_store_select_ask_construct(endpoint: str, store: GraphStore, method: str,
                                                 return_format: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = rdflib.Graph(store=SPARQLStore(endpoint + "/sparql", method=method, returnFormat=return_format))
    rows = [(str(r[0]), str(r[1])) for r in remote.query(PREFIX + PLACES)]
    assert rows == [(r["name"].value, r["code"].value) for r in store.query(PREFIX + PLACES)]
    assert remote.query(PREFIX + ASK_PERSON).askAnswer is True
    assert remote.query(PREFIX + ASK_NOTHING).askAnswer is False
    if return_format == "xml":  # JSON is the results syntax only: rdflib asks no graph format then
        graph = remote.query(PREFIX + CONSTRUCT).graph
        assert _from_rdflib(graph) == _triples(store, CONSTRUCT)


# ------------------------------------------------------------ plain HTTP: every media type


@pytest.mark.parametrize("accept", [*GRAPH_TYPES, "application/x-turtle", "text/plain", "application/json"])
def test_every_graph_media_type(endpoint: str, store: GraphStore, accept: str) -> None:
    expected = _triples(store, CONSTRUCT)
    status, headers, body = _get(_url(endpoint, CONSTRUCT), accept=accept)
    media = {"application/x-turtle": "text/turtle", "text/plain": "application/n-triples",
             "application/json": "application/ld+json"}.get(accept, accept)
    assert (status, _media(headers), headers["Vary"]) == (200, media, "Accept"), accept
    assert {q.triple for q in parse(body, RdfFormat.from_media_type(media))} == expected, accept
    head_status, head_headers, head_body = _get(_url(endpoint, CONSTRUCT), accept=accept, method="HEAD")
    assert (head_status, head_body, head_headers["Content-Length"]) == (200, b"", str(len(body)))


@pytest.mark.parametrize("accept", [*ROW_TYPES, "application/json", "application/xml"])
def test_every_results_media_type(endpoint: str, store: GraphStore, accept: str) -> None:
    expected = [tuple(row) for row in store.query(PREFIX + PLACES)]
    status, headers, body = _get(_url(endpoint, PLACES), accept=accept)
    media = {"application/json": ROW_TYPES[0], "application/xml": ROW_TYPES[1]}.get(accept, accept)
    assert (status, _media(headers)) == (200, media), accept
    if media == "text/csv":  # CSV keeps no term kinds: compare the text
        table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert table[1:] == [[term.value for term in row] for row in expected]
    else:
        solutions = parse_query_results(body, QueryResultsFormat.from_media_type(media))
        assert [tuple(row) for row in solutions] == expected
    status, headers, body = _get(_url(endpoint, ASK_PERSON), accept=accept)
    assert (status, _media(headers)) == (200, media)
    if media == "text/csv":
        assert body.strip() == b"true"
    else:
        assert bool(parse_query_results(body, QueryResultsFormat.from_media_type(media))) is True


def test_q_values_choose_over_http(endpoint: str) -> None:
    for query, accept, media in (
        (CONSTRUCT, "text/turtle;q=0.2, application/ld+json;q=0.9", "application/ld+json"),
        (CONSTRUCT, "application/rdf+xml;q=0, */*;q=0.1", "text/turtle"),
        (CONSTRUCT, "application/n-quads;q=0.5, application/trig;q=0.6", "application/trig"),
        (PLACES, "application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.8", "text/tab-separated-values"),
        (PLACES, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ROW_TYPES[1]),  # a browser
        (ASK_PERSON, "text/*", "text/csv"),
    ):
        status, headers, _ = _get(_url(endpoint, query), accept=accept)
        assert (status, _media(headers)) == (200, media), accept


def test_nothing_acceptable_gets_406_over_http(endpoint: str) -> None:
    for query, accept in ((PLACES, "application/ld+json"), (CONSTRUCT, "text/csv"), (ASK_PERSON, "text/turtle"),
                          (PLACES, "text/html"), (CONSTRUCT, "*/*;q=0")):
        status, _, body = _get(_url(endpoint, query), accept=accept)
        assert status == 406 and accept in body.decode("utf-8"), (query, accept)
        assert "text/turtle" in body.decode("utf-8") or "text/csv" in body.decode("utf-8")  # what it offers
        head_status, _, head_body = _get(_url(endpoint, query), accept=accept, method="HEAD")
        assert (head_status, head_body) == (406, b"")


def test_format_parameter_over_http(endpoint: str, store: GraphStore) -> None:
    expected = _triples(store, CONSTRUCT)
    for pairs, accept, media in (
        ((("format", "xml"),), "application/rdf+xml", "application/rdf+xml"),
        ((("format", "json"),), None, "application/ld+json"),
        ((("format", "json-ld"), ("format", "application/ld+json")), "application/ld+json", "application/ld+json"),
        ((("output", "nt"),), "text/turtle", "application/n-triples"),  # format= (and output=) win over Accept
        ((("format", "trig"),), None, "application/trig"),
    ):
        status, headers, body = _get(_url(endpoint, CONSTRUCT, *pairs), accept=accept)
        assert (status, _media(headers)) == (200, media), pairs
        assert {q.triple for q in parse(body, RdfFormat.from_media_type(media))} == expected, pairs
    status, headers, body = _get(_url(endpoint, PLACES, ("format", "csv")), accept="application/sparql-results+json")
    assert (status, _media(headers)) == (200, "text/csv") and "荆州市,421000" in body.decode("utf-8")
    status, _, body = _get(_url(endpoint, PLACES, ("format", "turtle")))
    assert status == 406 and b"does not fit a SELECT or ASK result" in body
    status, _, body = _get(_url(endpoint, PLACES, ("format", "yaml")))
    assert status == 400 and b"unknown format 'yaml'" in body


# ------------------------------------------------------------ the service description


def _description(endpoint: str, accept: str | None = None, *pairs: tuple[str, str]) -> tuple[dict[str, str], rdflib.Graph]:
    status, headers, body = _get(_url(endpoint, None, *pairs), accept=accept)
    assert status == 200, body[:300]
    syntax = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
              "application/n-triples": "nt", "application/n-quads": "nquads", "application/trig": "trig",
              "text/n3": "n3"}[_media(headers)]
    return headers, rdflib.Graph().parse(data=body, format=syntax)


def _service(graph: rdflib.Graph) -> rdflib.term.Node:
    [service] = list(graph.subjects(rdflib.RDF.type, SD.Service))
    return service


def test_the_service_description(endpoint: str) -> None:
    headers, graph = _description(endpoint)
    assert _media(headers) == "text/turtle" and headers["Vary"] == "Accept"
    service = _service(graph)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(endpoint + "/sparql")
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(graph.objects(service, SD.feature)) == {SD.UnionDefaultGraph}  # no SERVICE, no update
    assert set(graph.objects(service, SD.resultFormat)) == {FORMATS_NS[name] for name in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
        "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG", "N3")}
    dataset = graph.value(service, SD.defaultDataset)
    assert (dataset, rdflib.RDF.type, SD.Dataset) in graph
    assert (graph.value(dataset, SD.defaultGraph), rdflib.RDF.type, SD.Graph) in graph
    assert "read-only" in str(graph.value(service, rdflib.RDFS.comment))
    for accept in GRAPH_TYPES:  # the same description in every RDF syntax
        headers, other = _description(endpoint, accept)
        assert _media(headers) == accept and len(other) == len(graph), accept
        assert other.value(_service(other), SD.endpoint) == rdflib.URIRef(endpoint + "/sparql")
    headers, other = _description(endpoint, None, ("format", "json"))
    assert _media(headers) == "application/ld+json" and len(other) == len(graph)


def test_the_service_description_says_what_the_options_allow() -> None:
    for url in _serve(GraphStore(Store()), ServeOptions(port=0, allow_update=True, allow_service=True)):
        _, graph = _description(url, "text/turtle")
        service = _service(graph)
        assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}
        assert set(graph.objects(service, SD.feature)) == {SD.UnionDefaultGraph, SD.BasicFederatedQuery}


def test_a_browser_gets_a_useful_page_and_other_types_a_406(endpoint: str) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = _get(endpoint + "/sparql", accept=browser)
    page = body.decode("utf-8")
    assert (status, _media(headers)) == (200, "text/html")
    assert "not available" not in page and f"<code>{endpoint}/sparql</code>" in page
    assert '<form action="/sparql"' in page and '<textarea name="query"' in page
    assert "application/ld+json" in page and "text/tab-separated-values" in page
    assert "/sparql?format=turtle" in page and "read-only" in page
    status, _, body = _get(endpoint + "/sparql", accept="text/csv")
    assert status == 406 and b"service description" in body
    status, headers, body = _get(endpoint + "/sparql", method="HEAD", accept=browser)
    assert (status, body, headers["Content-Length"]) == (200, b"", str(len(page.encode("utf-8"))))


def test_the_endpoint_names_itself_by_the_host_the_client_used(endpoint: str) -> None:
    port = urllib.parse.urlsplit(endpoint).port
    for host in (f"localhost:{port}", f"[::1]:{port}"):
        request = urllib.request.Request(endpoint + "/sparql", headers={"Host": host, "Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=10) as response:
            graph = rdflib.Graph().parse(data=response.read(), format="turtle")
        assert graph.value(_service(graph), SD.endpoint) == rdflib.URIRef(f"http://{host}/sparql")


# ------------------------------------------------------------ one query, one update


def test_repeated_query_and_update_parameters_are_400(endpoint: str) -> None:
    ask = PREFIX + ASK_PERSON
    form = "application/x-www-form-urlencoded"
    for url, data, ctype, words in (
        (endpoint + "/sparql?" + urllib.parse.urlencode([("query", ask), ("query", "ASK {}")]), None, None,
         b"2 'query' parameters"),
        (endpoint + "/sparql", urllib.parse.urlencode([("query", ask), ("query", ask)]).encode(), form,
         b"2 'query' parameters"),
        (endpoint + "/sparql?" + urllib.parse.urlencode({"query": ask}), urllib.parse.urlencode({"query": ask}).encode(),
         form, b"2 'query' parameters"),
        (endpoint + "/sparql?" + urllib.parse.urlencode({"query": ask}), ask.encode(), "application/sparql-query",
         b"the URL must not give another 'query'"),
        (endpoint + "/sparql?" + urllib.parse.urlencode([("update", "CLEAR ALL"), ("update", "DROP ALL")]), None, None,
         b"2 'update' parameters"),
        (endpoint + "/sparql", urllib.parse.urlencode([("update", "CLEAR ALL"), ("update", "DROP ALL")]).encode(), form,
         b"2 'update' parameters"),
        (endpoint + "/sparql", urllib.parse.urlencode([("query", ask), ("update", "CLEAR ALL")]).encode(), form,
         b"both a query and an update"),
    ):
        status, _, body = _get(url, data=data, ctype=ctype)
        assert status == 400 and words in body, (url, data)
    status, _, body = _get(_url(endpoint, ASK_PERSON), accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True  # one query is fine
