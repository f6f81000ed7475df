"""``kg query``: SPARQL, a ``.rq`` file or a named query over a built graph."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import typer
from rich.text import Text
from rich.console import Console
from rich.table import Table

from kg import errors
from kg.cli.app import GRAPH_OPTION, app, err, reports_errors
from kg.atomic import write_atomic
from kg.graph.query import QueryResult, named_queries, prepare_query, run_query
from kg.graph.sparql_results import GRAPH_FORMATS, RESULT_FORMATS, display_rows, write_results
from kg.graph.store import GraphStore

FORMATS = ("auto", "table", *RESULT_FORMATS, *GRAPH_FORMATS)


@app.command()
@reports_errors
def query(
    query: str | None = typer.Argument(None, help="SPARQL text, the name of a named query (see --list), or - to read stdin."),
    file: str | None = typer.Option(None, "--file", "-f", help="Read the query from a .rq file (- for stdin)."),
    param: list[str] = typer.Option([], "--param", "-p", help="Bind a parameter: NAME=VALUE (repeatable)."),
    graph: Path = GRAPH_OPTION,
    fmt: str = typer.Option("auto", "--format", help=f"One of {', '.join(FORMATS)}; auto: a table on a terminal, TSV otherwise."),
    output: str = typer.Option("-", "--output", "-o", help="Write results to FILE; - is stdout."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Read at most N rows."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries and their parameters."),
) -> None:
    """Run a SPARQL query over the union of the graph's named graphs."""
    if list_queries:
        _list()
        return
    if fmt not in FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(FORMATS)}", param_hint="--format")
    text, source = _query_text(query, file)
    params = dict(_split_param(p) for p in param)
    sparql = prepare_query(text, params=params)
    result = run_query(GraphStore.open(graph, read_only=True), sparql, limit=limit, source=source)
    if fmt == "auto":
        fmt = "table" if output == "-" and sys.stdout.isatty() else ("turtle" if result.kind == "graph" else "tsv")
    if fmt == "table":
        _table(result, output)
    else:
        _write(result, fmt, output)
    if result.truncated:
        err.print(f"[yellow]note[/yellow] results cut at {limit} rows (--limit)")


def _query_text(query: str | None, file: str | None) -> tuple[str, str]:
    if file is not None:
        if file == "-":
            return sys.stdin.read(), "<stdin>"
        try:
            return Path(file).read_text(encoding="utf-8"), file
        except (OSError, UnicodeDecodeError) as exc:
            raise errors.QueryError(f"cannot read the query: {exc}", source=file) from None
    if query is None:
        raise typer.BadParameter("give a query, a named query or --file", param_hint="QUERY")
    if query == "-":
        return sys.stdin.read(), "<stdin>"
    return query, query if "\n" not in query and len(query) < 60 else "query"


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise typer.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    return name.strip(), value


def _list() -> None:
    out = Console(highlight=False)
    table = Table("name", "parameters", "answers", show_lines=True)
    for found in named_queries().values():
        params = "\n".join(
            f"{p.name} ({p.kind}{', required' if p.required else ''}): {p.help}" for p in found.params
        )
        table.add_row(found.name, params, found.summary)
    out.print(table)


def _table(result: QueryResult, output: str) -> None:
    headers, rows = display_rows(result)
    table = Table(show_lines=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(Text(str(cell)) for cell in row))
    if output == "-":
        Console(highlight=False).print(table)
        return
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    write_atomic(Path(output), console.export_text().encode("utf-8"))


def _write(result: QueryResult, fmt: str, output: str) -> None:
    if output == "-":
        write_results(result, sys.stdout.buffer, fmt=fmt)
        sys.stdout.buffer.flush()
        return
    buffer = io.BytesIO()
    write_results(result, buffer, fmt=fmt)
    write_atomic(Path(output), buffer.getvalue())
