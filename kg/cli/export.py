"""``kg export``: the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or GraphML."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli.app import GRAPH_OPTION, app, reports_errors
from kg.graph.export import FORMATS, export_graph
from kg.graph.store import GraphStore


@app.command()
@reports_errors
def export(
    fmt: str = typer.Option("turtle", "--format", help=f"One of {', '.join(FORMATS)}."),
    output: str = typer.Option("-", "--output", "-o", help="Write to FILE (atomically); - is stdout."),
    graph: Path = GRAPH_OPTION,
) -> None:
    """Export the graph: triple formats merge the named graphs, quad formats keep them."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(FORMATS)}", param_hint="--format")
    store = GraphStore.open(graph, read_only=True)
    if output == "-":
        export_graph(store, sys.stdout.buffer, fmt=fmt)
        sys.stdout.buffer.flush()
    else:
        export_graph(store, output, fmt=fmt)
