"""Query results written out: SPARQL 1.1 JSON, XML, CSV and TSV round-trip through a parser."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    Triple,
    parse,
    parse_query_results,
)

from kg import errors
from kg.graph.query import QueryResult, prepare_query, run_query
from kg.graph.sparql_results import (
    RDF_FORMATS,
    RDF_TYPES,
    RESULT_SYNTAXES,
    query_results,
    write_results,
)
from kg.graph.store import GraphStore

SR = "{http://www.w3.org/2005/sparql-results#}"
XSD = "http://www.w3.org/2001/XMLSchema#"
ODD_IRI = "https://e.org/荆州?a=1&b='2'"  # text XML must escape
PARSED_AS = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML, "tsv": QueryResultsFormat.TSV}
# Terms a result may hold: language tags, datatypes, blank nodes, unbound cells, text
# that TSV, CSV, JSON and XML each must escape, and an RDF 1.2 triple term.
TRICKY = QueryResult(
    "select",
    ("s", "o", "x"),
    (
        (NamedNode(ODD_IRI), Literal("公安局", language="zh"), None),
        (BlankNode("b0"), Literal("42", datatype=NamedNode(XSD + "integer")), Literal("x,y")),
        (None, Literal('tab\there "q" \\ <a>&amp;\nline'), Literal("2023-01-08", datatype=NamedNode(XSD + "date"))),
        (NamedNode("https://e.org/s"), Literal("v", datatype=NamedNode("https://e.org/dt")),
         Triple(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), Literal("o", language="en"))),
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


def _written(result: QueryResult, fmt: str) -> bytes:
    buffer = io.BytesIO()
    write_results(result, buffer, fmt=fmt)
    return buffer.getvalue()


def _parsed(result: QueryResult, fmt: str) -> tuple[list[str], list[tuple]]:
    solutions = parse_query_results(_written(result, fmt), PARSED_AS[fmt])
    assert isinstance(solutions, QuerySolutions)
    return [v.value for v in solutions.variables], [tuple(row) for row in solutions]


def test_result_formats_round_trip(store: GraphStore) -> None:
    result = run_query(store, prepare_query("who-mentions", params={"name": "荆州公安"}))
    expected = [tuple(row) for row in result.rows]
    assert expected
    for fmt in PARSED_AS:
        assert _parsed(result, fmt) == (list(result.variables), expected), fmt
    table = list(csv.reader(io.StringIO(_written(result, "csv").decode("utf-8"))))
    assert table[0] == list(result.variables) and table[1][1] == "荆州市公安局"
    data = json.loads(_written(run_query(store, "ASK { ?s a schema:Person }"), "json"))
    assert data == {"head": {}, "boolean": True}


def test_tricky_terms_round_trip_in_every_parseable_format() -> None:
    for fmt in PARSED_AS:
        assert _parsed(TRICKY, fmt) == (list(TRICKY.variables), list(TRICKY.rows)), fmt


def test_json_says_each_term_s_kind() -> None:
    data = json.loads(_written(TRICKY, "json"))
    first, second, third, fourth = data["results"]["bindings"]
    assert first["o"] == {"type": "literal", "value": "公安局", "xml:lang": "zh"} and "x" not in first
    assert second["s"] == {"type": "bnode", "value": "b0"}
    assert second["o"] == {"type": "literal", "value": "42", "datatype": XSD + "integer"}
    assert third["o"] == {"type": "literal", "value": 'tab\there "q" \\ <a>&amp;\nline'} and "s" not in third
    assert fourth["x"]["type"] == "triple" and fourth["x"]["value"]["object"]["xml:lang"] == "en"


def test_xml_is_sparql_results_xml() -> None:
    root = ET.fromstring(_written(TRICKY, "xml"))
    assert root.tag == SR + "sparql"
    assert [v.get("name") for v in root.iter(SR + "variable")] == ["s", "o", "x"]
    results = root.findall(f"{SR}results/{SR}result")
    assert len(results) == 4
    cells = {b.get("name"): b[0] for b in results[0]}
    assert set(cells) == {"s", "o"}  # the unbound ?x has no binding element
    assert cells["s"].tag == SR + "uri" and cells["s"].text == ODD_IRI
    assert cells["o"].get("{http://www.w3.org/XML/1998/namespace}lang") == "zh" and cells["o"].text == "公安局"
    typed = {b.get("name"): b[0] for b in results[1]}
    assert typed["s"].tag == SR + "bnode" and typed["o"].get("datatype") == XSD + "integer"
    assert {b.get("name"): b[0] for b in results[2]}["o"].text == 'tab\there "q" \\ <a>&amp;\nline'


def test_csv_and_tsv_rows() -> None:
    table = list(csv.reader(io.StringIO(_written(TRICKY, "csv").decode("utf-8"), newline="")))
    assert table[0] == ["s", "o", "x"]
    assert table[1] == [ODD_IRI, "公安局", ""]
    assert table[2] == ["_:b0", "42", "x,y"]
    assert table[3] == ["", 'tab\there "q" \\ <a>&amp;\nline', "2023-01-08"]
    lines = _written(TRICKY, "tsv").decode("utf-8").split("\n")
    assert lines[0] == "?s\t?o\t?x"
    assert lines[1] == f'<{ODD_IRI}>\t"公安局"@zh\t'
    assert lines[2] == '_:b0\t42\t"x,y"'  # pyoxigraph writes numbers bare, as Turtle does
    assert lines[3] == f'\t"tab\\there \\"q\\" \\\\ <a>&amp;\\nline"\t"2023-01-08"^^<{XSD}date>'


def test_booleans_in_every_format() -> None:
    for value in (True, False):
        result = QueryResult("ask", boolean=value)
        word = "true" if value else "false"
        for fmt in PARSED_AS:
            parsed = parse_query_results(_written(result, fmt), PARSED_AS[fmt])
            assert isinstance(parsed, QueryBoolean) and bool(parsed) is value, fmt
        assert _written(result, "csv").strip() == word.encode()
        assert ET.fromstring(_written(result, "xml")).find(SR + "boolean").text == word


def test_empty_results_keep_their_variables() -> None:
    empty = QueryResult("select", ("a", "b"), ())
    for fmt in PARSED_AS:
        assert _parsed(empty, fmt) == (["a", "b"], []), fmt
    assert _written(empty, "csv") == b"a,b\r\n"
    assert json.loads(_written(empty, "json")) == {"head": {"vars": ["a", "b"]}, "results": {"bindings": []}}
    nothing = QueryResult("select", (), ((), ()))  # SELECT * WHERE {}: solutions with no variables
    assert len(list(query_results(nothing))) == 2


def test_graph_results(store: GraphStore) -> None:
    result = run_query(store, "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Place ; schema:name ?n }")
    triples = {Triple(*row) for row in result.rows}
    assert triples
    turtle = _written(result, "turtle").decode("utf-8")
    assert "@prefix schema: <https://schema.org/> ." in turtle and "schema:name" in turtle
    for fmt, syntax in RDF_FORMATS.items():  # Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG, N3
        assert {q.triple for q in parse(_written(result, fmt), syntax)} == triples, fmt
    assert len(RDF_FORMATS) == 7 and RDF_TYPES["jsonld"] == "application/ld+json"
    assert RDF_TYPES["nquads"] == "application/n-quads" and RDF_TYPES["n3"] == "text/n3"
    variables, rows = _parsed(result, "tsv")  # rows of subject predicate object
    assert variables == ["subject", "predicate", "object"] and {Triple(*row) for row in rows} == triples


def test_a_format_that_does_not_fit_is_a_query_error() -> None:
    for result, fmt in ((TRICKY, "turtle"), (QueryResult("ask", boolean=True), "ntriples"), (TRICKY, "yaml")):
        with pytest.raises(errors.QueryError) as caught:
            _written(result, fmt)
        assert caught.value.code == "KG301"


def test_truncated_results_write_only_the_rows_read(store: GraphStore) -> None:
    result = run_query(store, "SELECT ?s WHERE { ?s ?p ?o }", limit=4)
    assert result.truncated
    assert len(json.loads(_written(result, "json"))["results"]["bindings"]) == 4
    assert len(_written(result, "tsv").decode("utf-8").splitlines()) == 5


def test_results_of_a_remote_store_are_written_alike(store: GraphStore) -> None:
    class Remote:  # what RemoteStore.query returns: the server's JSON, parsed by pyoxigraph
        def query(self, sparql: str) -> object:
            sent = store.query(sparql).serialize(format=QueryResultsFormat.JSON)
            return parse_query_results(sent, QueryResultsFormat.JSON)

    sparql = prepare_query("who-mentions", params={"name": "荆州公安"})
    local, remote = run_query(store, sparql), run_query(Remote(), sparql)
    for fmt in RESULT_SYNTAXES:
        assert _written(remote, fmt) == _written(local, fmt), fmt
    assert _written(run_query(Remote(), "ASK { ?s a schema:Person }"), "json") == b'{"head":{},"boolean":true}'
