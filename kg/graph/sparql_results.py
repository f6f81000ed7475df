"""Query results written out: SPARQL 1.1 JSON, XML, CSV or TSV, RDF, or rows for a terminal."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import Literal, NamedNode, RdfFormat, serialize

from kg import errors
from kg.graph.namespace import DEFAULT_BASE, PREFIXES, XSD
from kg.graph.query import QueryResult

GRAPH_FORMATS = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES, "rdfxml": RdfFormat.RDF_XML}
# Media types of the SPARQL 1.1 Protocol's results, by kg's format names.
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
RESULT_FORMATS = tuple(RESULT_TYPES)
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}
_ALIASES = {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml",
    "text/plain": "ntriples", "application/x-turtle": "turtle",
}  # fmt: skip


def write_results(result: QueryResult, output: BinaryIO, *, fmt: str) -> None:
    """Write a result as SPARQL 1.1 JSON, XML, CSV or TSV; graphs also as RDF.

    Triples of a CONSTRUCT or DESCRIBE written as results become rows
    ``subject predicate object``.

    Raises:
        QueryError: ``fmt`` does not fit the result.
    """
    if fmt in GRAPH_FORMATS:
        if result.kind != "graph":
            raise errors.QueryError(f"a {result.kind.upper()} result cannot be written as {fmt}")
        from pyoxigraph import Triple

        triples = (Triple(*row) for row in result.rows)
        serialize(triples, output, GRAPH_FORMATS[fmt], prefixes=dict(PREFIXES))
        return
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}.get(fmt)
    if writer is None:
        raise errors.QueryError(f"unknown result format {fmt!r}")
    output.write(writer(result).encode("utf-8"))


def _json_term(term: Any) -> dict[str, Any]:
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Triple":
        parts = zip(("subject", "predicate", "object"), (term.subject, term.predicate, term.object))
        return {"type": "triple", "value": {k: _json_term(v) for k, v in parts}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD.string:
        out["datatype"] = term.datatype.value
    return out


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {var: _json_term(term) for var, term in zip(result.variables, row) if term is not None}
        for row in result.rows
    ]
    data = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, ensure_ascii=False)


def _xml_term(term: Any) -> str:
    kind = type(term).__name__
    if kind == "NamedNode":
        return f"<uri>{escape(term.value)}</uri>"
    if kind == "BlankNode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind == "Triple":
        parts = zip(("subject", "predicate", "object"), (term.subject, term.predicate, term.object))
        return "<triple>" + "".join(f"<{k}>{_xml_term(v)}</{k}>" for k, v in parts) + "</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD.string:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = (
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row)
                if t is not None
            )
            out.append("<result>" + "".join(cells) + "</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "".join(out)


def _csv(result: QueryResult) -> str:
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if type(t).__name__ == "BlankNode" else t.value) for t in row])
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


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


def negotiate_format(result: QueryResult, requested: str | None, accept: str | None) -> str:
    """The result format from ``?format=`` or else the ``Accept`` header.

    Raises:
        ValueError: the requested format does not fit the result.
    """
    table = GRAPH_TYPES if result.kind == "graph" else RESULT_TYPES
    default = "turtle" if result.kind == "graph" else "json"
    if requested:
        fmt = requested.strip().lower()
        fmt = next((k for k, v in table.items() if v == fmt), _ALIASES.get(fmt, fmt))
        if fmt not in table:
            raise ValueError(f"format {requested!r} does not fit a {result.kind} result; "
                             f"expected one of {', '.join(table)}")
        return fmt
    by_type = {v: k for k, v in table.items()}
    for media in _accepted(accept or ""):
        fmt = by_type.get(media) or _ALIASES.get(media)
        if fmt in table:
            return fmt
    return default


def _accepted(header: str) -> list[str]:
    """Media types of an Accept header, best first."""
    ranked = []
    for index, part in enumerate(header.split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        if media and q > 0:
            ranked.append((-q, index, media.strip().lower()))
    return [media for *_, media in sorted(ranked)]
