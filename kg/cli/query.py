"""``kg query``: SPARQL, a ``.rq`` file or a named query over a built graph."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import typer
from rich.console import Console

from kg import errors
from kg.cli.app import GRAPH_OPTION, STDIO, STORE_OPTION, app, err, open_graph, plural, reports_errors, warn, write_output

if TYPE_CHECKING:
    from kg.graph.query import QueryResult

# Plain values, as the table shows them: for spreadsheets and shell tools.
PLAIN = {"tsv": "\t", "csv": ","}
# The W3C SPARQL 1.1 results formats, terms in RDF syntax; json and xml say the same.
SPARQL = {"sparql-json": "json", "sparql-xml": "xml", "sparql-csv": "csv", "sparql-tsv": "tsv", "json": "json", "xml": "xml"}
# The format an output file's extension names, when --format is auto.
SUFFIXES = {
    ".tsv": "tsv", ".csv": "csv", ".json": "json", ".srj": "json", ".xml": "xml", ".srx": "xml",
    ".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml",
}  # fmt: skip
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@app.command()
@reports_errors
def query(
    query: str | None = typer.Argument(None, metavar="QUERY", help="SPARQL text, the name of a named query (see --list), or - to read stdin."),
    file: str | None = typer.Option(None, "--file", "-f", metavar="FILE", help="Read the query from a .rq file (- for stdin)."),
    param: list[str] = typer.Option([], "--param", "-p", metavar="NAME=VALUE", help="Bind a parameter (repeatable)."),
    graph: Path = GRAPH_OPTION,
    store: str | None = STORE_OPTION,
    fmt: str = typer.Option(
        "auto", "--format", metavar="FORMAT",
        help="auto, table, tsv or csv (plain values), sparql-json (json), sparql-xml (xml), sparql-csv, sparql-tsv "
        "(W3C SPARQL results), turtle, ntriples, rdfxml (CONSTRUCT). auto: a table on a terminal, else the output "
        "file's extension, else TSV (Turtle for CONSTRUCT).",
    ),
    output: str = typer.Option(STDIO, "--output", "-o", metavar="FILE", help="Write results to FILE; - is stdout."),
    limit: int | None = typer.Option(None, "--limit", min=1, metavar="N", help="Read at most N rows."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries and their parameters."),
) -> None:
    """Run a SPARQL query over the union of the graph's named graphs."""
    # pyoxigraph and the query machinery: loaded here, not for `kg --help`.
    from kg.graph.query import prepare_query, run_query

    if list_queries:
        _list()
        return
    formats = _formats()
    if fmt not in formats:
        raise typer.BadParameter(f"expected one of {', '.join(formats)}", param_hint="--format")
    text, source = _query_text(query, file)
    params = dict(_split_param(p) for p in param)
    sparql = prepare_query(text, params=params)
    result = run_query(open_graph(graph, store), sparql, limit=limit, source=source)
    fmt = _chosen(fmt, result, output)
    if fmt == "table":
        _table(result, output)
    else:
        write_output(output, lambda stream: _write(result, stream, fmt))
    if result.kind != "ask" and not result.rows:
        warn(f"no {'triples' if result.kind == 'graph' else 'rows'}: nothing in the graph matches the query")
    if result.truncated:
        err.print(f"[yellow]note[/yellow] results cut at {plural(limit or 0, 'row')} (--limit)")


def _formats() -> tuple[str, ...]:
    """The formats ``--format`` takes."""
    from kg.graph.sparql_results import GRAPH_FORMATS

    return ("auto", "table", *PLAIN, *SPARQL, *GRAPH_FORMATS)


def _chosen(fmt: str, result: QueryResult, output: str) -> str:
    """The format ``auto`` stands for: a table on a terminal, else what the file's name says, else plain TSV."""
    from kg.graph.sparql_results import GRAPH_FORMATS

    if fmt != "auto":
        return fmt
    if output == STDIO and sys.stdout.isatty():
        return "table"
    named = SUFFIXES.get(Path(output).suffix.lower()) if output != STDIO else None
    if named in GRAPH_FORMATS and result.kind != "graph":
        named = None
    return named or ("turtle" if result.kind == "graph" else "tsv")


def _write(result: QueryResult, stream: BinaryIO, fmt: str) -> None:
    from kg.graph.sparql_results import write_results

    if fmt in PLAIN:
        write_plain(result, stream, separator=PLAIN[fmt])
    else:
        write_results(result, stream, fmt=SPARQL.get(fmt, fmt))


def write_plain(result: QueryResult, stream: BinaryIO, *, separator: str) -> None:
    """The table's values, no RDF syntax: CSV quoted as RFC 4180, TSV with ``\\t \\n \\\\`` escaped.

    An ASK gives ``true`` or ``false`` alone, as the SPARQL formats do: a shell can test it.
    """
    if result.kind == "ask":
        stream.write(b"true\n" if result.boolean else b"false\n")
        return
    from kg.graph.sparql_results import display_rows

    headers, rows = display_rows(result)
    text = io.StringIO()
    if separator == ",":
        csv.writer(text, lineterminator="\n").writerows([headers, *rows])
    else:
        for row in (headers, *rows):
            text.write("\t".join(cell.translate(_TSV_ESCAPES) for cell in row) + "\n")
    stream.write(text.getvalue().encode("utf-8"))


def _query_text(query: str | None, file: str | None) -> tuple[str, str]:
    if file is not None:
        if file == STDIO:
            return sys.stdin.read(), "<stdin>"
        try:
            return Path(file).read_text(encoding="utf-8"), file
        except (OSError, UnicodeDecodeError) as exc:
            raise errors.QueryError(f"cannot read the query: {exc}", source=file) from None
    if query is None:
        raise typer.BadParameter("give a query, a named query or --file", param_hint="QUERY")
    if query == STDIO:
        return sys.stdin.read(), "<stdin>"
    return query, query if "\n" not in query and len(query) < 60 else "query"


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise typer.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    return name.strip(), value


def _list() -> None:
    from rich.table import Table

    from kg.graph.query import named_queries

    out = Console(highlight=False)
    table = Table("name", "parameters", "answers", show_lines=True)
    for found in named_queries().values():
        params = "\n".join(
            f"{p.name} ({p.kind}{', required' if p.required else ''}): {p.help}" for p in found.params
        )
        table.add_row(found.name, params, found.summary)
    out.print(table)


def _table(result: QueryResult, output: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from kg.graph.sparql_results import display_rows

    headers, rows = display_rows(result)
    table = Table(show_lines=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(Text(str(cell)) for cell in row))
    if output == STDIO:
        Console(highlight=False).print(table)
        return
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    write_output(output, lambda stream: stream.write(console.export_text().encode("utf-8")))
