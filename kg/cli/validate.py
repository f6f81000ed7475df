"""``kg validate``: check the graph against the SHACL shapes; exit 1 on violations."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import typer
from rich.markup import escape
from rich.console import Console

from kg.cli.app import GRAPH_OPTION, STDIO, STORE_OPTION, app, open_graph, plural, reports_errors


@app.command()
@reports_errors
def validate(
    graph: Path = GRAPH_OPTION,
    store: str | None = STORE_OPTION,
    shapes: str | None = typer.Option(
        None, "--shapes", metavar="FILE", help="A Turtle file of SHACL shapes (- for stdin); default ontology/shapes.ttl."
    ),
    inference: bool = typer.Option(False, "--inference", help="Mix in ontology/kg.ttl and run RDFS inference first (slower)."),
    show: int = typer.Option(20, "--show", min=0, metavar="N", help="Print at most N findings of each shape."),
) -> None:
    """Validate the graph with SHACL: exit status 1 when any shape is violated."""
    from kg.graph.validate import validate_graph  # rdflib and pyshacl: only when validating

    graph_store = open_graph(graph, store)
    with tempfile.TemporaryDirectory(prefix="kg-shapes-") as folder:
        if shapes == STDIO:  # pyshacl's parser reads a file: standard input goes into one
            shapes = str(Path(folder) / "shapes.ttl")
            Path(shapes).write_bytes(sys.stdin.buffer.read())
        result = validate_graph(graph_store, shapes=shapes, inference=inference)
    out = Console(highlight=False, soft_wrap=True)
    shown: Counter = Counter()
    for finding in result.findings:
        key = (finding.shape, finding.message)
        shown[key] += 1
        if shown[key] <= show:
            colour = "red" if finding.severity == "Violation" else "yellow"
            where = f" {finding.path.rpartition('/')[2].rpartition('#')[2]}" if finding.path else ""
            value = f" = {finding.value}" if finding.value is not None else ""
            detail = escape(f"<{finding.focus}>{where}{value}: {finding.message}")
            out.print(f"[{colour}]{finding.severity}[/{colour}] {detail}", markup=True)
    hidden = sum(max(0, n - show) for n in shown.values())
    if hidden:
        out.print(f"… and {hidden:,} more like these")
    verdict = "conforms" if result.conforms else "does not conform"
    out.print(
        f"the graph ({plural(result.triples, 'triple')}) {verdict}: {plural(len(result.violations), 'violation')}, "
        f"{plural(len(result.warnings), 'warning')} ({result.seconds:.2f} s)"
    )
    if not result.conforms:
        raise typer.Exit(1)
