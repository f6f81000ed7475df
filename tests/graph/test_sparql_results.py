"""Query results written out: SPARQL 1.1 JSON, XML, CSV and TSV round-trip through a parser."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pyoxigraph import QueryResultsFormat, parse_query_results

from kg.graph.query import prepare_query, run_query
from kg.graph.sparql_results import write_results
from kg.graph.store import GraphStore


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


def test_result_formats_round_trip(store: GraphStore) -> None:
    result = run_query(store, prepare_query("who-mentions", params={"name": "荆州公安"}))
    expected = [tuple(row) for row in result.rows]
    for fmt, parsed_as in (("json", QueryResultsFormat.JSON), ("xml", QueryResultsFormat.XML), ("tsv", QueryResultsFormat.TSV)):
        buffer = io.BytesIO()
        write_results(result, buffer, fmt=fmt)
        parsed = parse_query_results(buffer.getvalue(), parsed_as)
        assert [v.value for v in parsed.variables] == list(result.variables)
        assert [tuple(row) for row in parsed] == expected, fmt
    buffer = io.BytesIO()
    write_results(result, buffer, fmt="csv")
    table = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8"))))
    assert table[0] == list(result.variables) and table[1][1] == "荆州市公安局"
    data = json.loads(_written(run_query(store, "ASK { ?s a schema:Person }"), "json"))
    assert data == {"head": {}, "boolean": True}


def _written(result, fmt: str) -> bytes:  # noqa: ANN001
    buffer = io.BytesIO()
    write_results(result, buffer, fmt=fmt)
    return buffer.getvalue()
