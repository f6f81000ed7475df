"""``kg view`` and ``kg stats``: interactive network views and network analysis."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from kg.cli.app import GRAPH_OPTION, app, err, reports_errors
from kg.atomic import write_atomic
from kg.graph.store import GraphStore
from kg.web.views import DEFAULT_MAX_NODES, ViewOptions, render_view


class ViewKind(str, enum.Enum):
    graph = "graph"
    ego = "ego"
    coverage = "coverage"
    comention = "comention"
    timeline = "timeline"


class StatsFormat(str, enum.Enum):
    table = "table"
    json = "json"


@app.command()
@reports_errors
def view(
    graph: Path = GRAPH_OPTION,
    kind: ViewKind | None = typer.Option(
        None,
        "--kind",
        "-k",
        help="graph (everything), ego (around --focus), coverage (reporters → places), "
        "comention (entities named together), timeline (events by date). Default: ego with --focus, else graph.",
    ),
    focus: str | None = typer.Option(None, help="The entity at the centre of the ego view: its name or an alias."),
    hops: int = typer.Option(1, help="Ego view: how many links away from the focus to go."),
    max_nodes: int = typer.Option(
        DEFAULT_MAX_NODES, "--max-nodes", help="Show at most this many nodes, the best connected."
    ),
    communities: bool = typer.Option(False, "--communities", help="Colour nodes by community (Louvain, seeded)."),
    date_from: str | None = typer.Option(None, "--from", help="Only articles published on or after YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="Only articles published on or before YYYY-MM-DD."),
    output: str | None = typer.Option(
        None, "--output", "-o", help="HTML file to write, or - for stdout. Default: DIR/view.html."
    ),
) -> None:
    """Write an interactive network view of the graph as one self-contained HTML file."""
    chosen = kind.value if kind else ("ego" if focus else "graph")
    store = GraphStore.open(graph, read_only=True)
    options = ViewOptions(
        kind=chosen, focus=focus, hops=hops, max_nodes=max_nodes,
        communities=communities, date_from=date_from, date_to=date_to,
    )
    page = render_view(store, options=options)
    if output == "-":
        sys.stdout.write(page)
        return
    path = Path(output) if output else graph / "view.html"
    write_atomic(path, page.encode("utf-8"))
    err.print(f"wrote {escape(str(path))}", soft_wrap=True)


@app.command()
@reports_errors
def stats(
    graph: Path = GRAPH_OPTION,
    top: int = typer.Option(10, "--top", "-n", min=1, help="How many entities per type and measure."),
    fmt: StatsFormat = typer.Option(StatsFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """Top reporters, persons, organizations, places and events by mentions, degree and betweenness; the most quoted persons and bodies."""
    from kg.graph.stats import graph_stats, stats_tables

    result = graph_stats(GraphStore.open(graph, read_only=True), top=top)
    if fmt is StatsFormat.json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(highlight=False)
    sampled = (
        "" if result.betweenness_samples is None else f", betweenness from {result.betweenness_samples} sampled sources"
    )
    out.print(f"{result.nodes} nodes ({result.articles} articles), {result.edges} links{sampled}")
    for table in stats_tables(result):
        out.print(table)
