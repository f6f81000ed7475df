"""Query results written out: SPARQL 1.1 JSON, XML, CSV or TSV, RDF, or rows for a terminal.

pyoxigraph writes every standard format. A :class:`~kg.graph.query.QueryResult` holds
its rows in memory (a row limit can cut it short, and a remote store's result looks
like a local one), but pyoxigraph makes its ``QuerySolutions`` only from a query or a
parsed document, never from Python terms. So the rows go back to pyoxigraph's results
parser as SPARQL TSV, whose cells are the terms as pyoxigraph itself prints them
(N-Triples syntax), and the solutions read are written in the format asked for.
Only the terminal table (:func:`display_rows`) is kg's own.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

from kg import errors
from kg.graph.namespace import DEFAULT_BASE, PREFIXES
from kg.graph.query import QueryResult

# The RDF syntaxes ``kg query --format`` offers for a CONSTRUCT or DESCRIBE result.
GRAPH_FORMATS = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES, "rdfxml": RdfFormat.RDF_XML}
# Every RDF syntax pyoxigraph writes, which the endpoint offers; triples go to the default graph of quad formats.
RDF_FORMATS = {
    **GRAPH_FORMATS, "jsonld": RdfFormat.JSON_LD, "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG, "n3": RdfFormat.N3,
}  # fmt: skip
RDF_TYPES = {name: syntax.media_type for name, syntax in RDF_FORMATS.items()}
RESULT_SYNTAXES = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
# Media types of the SPARQL 1.1 Protocol's results, by kg's format names. Not
# pyoxigraph's ``media_type``: for CSV and TSV it carries a charset, which the
# endpoint adds itself.
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
RESULT_FORMATS = tuple(RESULT_TYPES)


def write_results(result: QueryResult, output: BinaryIO, *, fmt: str) -> None:
    """Write a result as SPARQL 1.1 JSON, XML, CSV or TSV; graphs also as RDF.

    Triples of a CONSTRUCT or DESCRIBE written as results become rows
    ``subject predicate object``. Turtle uses kg's prefixes.

    Args:
        fmt: a name of :data:`RESULT_SYNTAXES` or :data:`RDF_FORMATS`.

    Raises:
        QueryError: ``fmt`` is unknown or does not fit the result.
    """
    if fmt in RDF_FORMATS:
        if result.kind != "graph":
            raise errors.QueryError(f"a {result.kind.upper()} result cannot be written as {fmt}")
        triples = (Triple(*row) for row in result.rows)
        serialize(triples, output, RDF_FORMATS[fmt], prefixes=dict(PREFIXES))
        return
    syntax = RESULT_SYNTAXES.get(fmt)
    if syntax is None:
        raise errors.QueryError(f"unknown result format {fmt!r}; expected one of {', '.join(RESULT_SYNTAXES)}")
    query_results(result).serialize(output, syntax)


def query_results(result: QueryResult) -> QuerySolutions | QueryBoolean:
    """The result as pyoxigraph's own query results, ready for its serializers.

    Raises:
        QueryError: pyoxigraph cannot read the rows back (a term it cannot print).
    """
    if result.kind == "ask":
        text = "true" if result.boolean else "false"
    else:
        header = "\t".join("?" + name for name in result.variables)
        text = "".join([header, "\n", *("\t".join(map(_tsv_cell, row)) + "\n" for row in result.rows)])
    try:
        return parse_query_results(text, QueryResultsFormat.TSV)
    except SyntaxError as exc:
        raise errors.QueryError(f"cannot write the result: {exc}") from None


def _tsv_cell(term: Any) -> str:
    """A term as a SPARQL TSV cell: empty when unbound, else as pyoxigraph prints it."""
    if term is None:
        return ""
    if isinstance(term, Triple):
        # str() of a triple is "s p o", a statement; a cell needs the triple term syntax.
        parts = (term.subject, term.predicate, term.object)
        return "<<( " + " ".join(map(_tsv_cell, parts)) + " )>>"
    return str(term)


def display_rows(result: QueryResult, *, base: str = DEFAULT_BASE) -> tuple[list[str], list[list[str]]]:
    """Headers and cells for a table: literals as text, IRIs with prefixes."""
    if result.kind == "ask":
        return ["result"], [["true" if result.boolean else "false"]]
    return list(result.variables), [[_display(t, base) for t in row] for row in result.rows]


def _display(term: Any, base: str) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        if term.value.startswith(base):
            return "<" + term.value[len(base) :] + ">"
        return f"<{term.value}>"
    return str(term)
