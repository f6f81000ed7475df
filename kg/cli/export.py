"""``kg export``: the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or GraphML."""

from __future__ import annotations

from pathlib import Path

import typer

from kg import errors
from kg.cli.app import GRAPH_OPTION, STDIO, STORE_OPTION, app, later_help, open_graph, reports_errors, write_output


def _format_help() -> str:
    from kg.graph.export import FORMATS  # pyoxigraph: not for `kg --help`

    return f"One of {', '.join(FORMATS)}; default: what the output file's extension names, else turtle."


@app.command()
@reports_errors
def export(
    fmt: str | None = typer.Option(
        None, "--format", metavar="FORMAT",
        help=later_help(_format_help),
    ),
    output: str = typer.Option(STDIO, "--output", "-o", metavar="FILE", help="Write to FILE (atomically); - is stdout."),
    graph: Path = GRAPH_OPTION,
    store: str | None = STORE_OPTION,
) -> None:
    """Export the graph: triple formats merge the named graphs, quad formats keep them."""
    from kg.graph.export import export_graph

    chosen = export_format(fmt, output)
    graph_store = open_graph(graph, store)
    write_output(output, lambda stream: export_graph(graph_store, stream, fmt=chosen))


def export_format(fmt: str | None, output: str) -> str:
    """The format asked for, else the one the file's extension names, else Turtle.

    Raises:
        OutputError: the format is unknown, or the extension names another one, or an unknown one.
    """
    from kg.graph.export import FORMATS, format_for

    if fmt is not None and fmt not in FORMATS:
        raise errors.OutputError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if output == STDIO or not Path(output).suffix:
        return fmt or "turtle"
    named = format_for(output)
    if named is None and fmt is None:
        raise errors.OutputError(
            f"the extension {Path(output).suffix!r} names no format kg export writes; give --format "
            f"({', '.join(FORMATS)})", source=output,
        )
    if named is not None and fmt is not None and named != fmt:
        raise errors.OutputError(f"--format {fmt} does not match the file's extension, which means {named}", source=output)
    return fmt or named  # type: ignore[return-value]
