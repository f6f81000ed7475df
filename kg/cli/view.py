"""``kg view`` and ``kg stats``: interactive network views and network analysis."""

from __future__ import annotations

import enum
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from kg.cli.app import (
    GRAPH_OPTION, STDIO, STORE_OPTION, app, err, later, open_graph, plural, printable, reports_errors, warn, write_output,
)

if TYPE_CHECKING:
    from kg.web.views import View


def _default_max_nodes() -> int:
    from kg.web.views import DEFAULT_MAX_NODES  # networkx: not for `kg --help`

    return DEFAULT_MAX_NODES


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
    store: str | None = STORE_OPTION,
    kind: ViewKind | None = typer.Option(
        None,
        "--kind",
        "-k",
        help="graph (everything), ego (around --focus), coverage (reporters → places), "
        "comention (entities named together), timeline (events by date). Default: ego with --focus, else graph.",
    ),
    focus: str | None = typer.Option(None, metavar="NAME", help="The entity at the centre of the ego view: its name or an alias."),
    hops: int = typer.Option(1, metavar="N", help="Ego view: how many links away from the focus to go."),
    max_nodes: int = typer.Option(
        later(_default_max_nodes), "--max-nodes", metavar="N", help="Show at most this many nodes, the best connected."
    ),
    communities: bool = typer.Option(False, "--communities", help="Colour nodes by community (Louvain, seeded)."),
    date_from: str | None = typer.Option(None, "--from", metavar="YYYY-MM-DD", help="Only articles published on or after this date."),
    date_to: str | None = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="Only articles published on or before this date."),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="HTML file to write, or - for stdout. Default: DIR/view.html."
    ),
) -> None:
    """Write an interactive network view of the graph as one self-contained HTML file."""
    from kg.web.views import ViewOptions, build_view  # networkx: only when drawing
    from kg.web.views.page import render_page  # vis-network and the template: only when drawing

    chosen = kind.value if kind else ("ego" if focus else "graph")
    options = ViewOptions(
        kind=chosen, focus=focus, hops=hops, max_nodes=max_nodes,
        communities=communities, date_from=date_from, date_to=date_to,
    )
    drawn = build_view(open_graph(graph, store), options=options)
    if not drawn.graph.number_of_nodes():
        warn(f"nothing matched: the view is empty; {_why_empty(drawn)}")
    page = render_page(drawn)
    target = output or str(graph / "view.html")
    write_output(target, lambda stream: stream.write(page.encode("utf-8")))
    if target != STDIO:
        err.print(f"wrote {escape(printable(target))}", soft_wrap=True)


def _why_empty(drawn: View) -> str:
    """Why a view has no node: the dates asked for, against those of the graph's articles."""
    from kg.graph.network import ARTICLE

    nodes = drawn.corpus.graph.nodes
    dates = sorted(d for n, d in nodes(data="date") if nodes[n].get("type") == ARTICLE and d)
    if not (drawn.date_from or drawn.date_to):
        return "the graph holds nothing this kind of view shows"
    asked = f"from {drawn.date_from or 'the start'} to {drawn.date_to or 'the end'}"
    held = f"its articles run from {dates[0]} to {dates[-1]}" if dates else "it holds no dated article"
    return f"no article of the graph was published {asked} ({held})"


@app.command()
@reports_errors
def stats(
    graph: Path = GRAPH_OPTION,
    store: str | None = STORE_OPTION,
    top: int = typer.Option(10, "--top", "-n", min=1, metavar="N", help="How many entities per type and measure."),
    fmt: StatsFormat = typer.Option(StatsFormat.table, "--format", metavar="FORMAT", help="table or json."),
    output: str = typer.Option(STDIO, "--output", "-o", metavar="FILE", help="Write to FILE; - is stdout."),
) -> None:
    """Top reporters, persons, organizations, places and events by mentions, degree and betweenness; the most quoted persons and bodies; organizations and places by kind."""
    from kg.graph.stats import graph_stats, stats_tables

    result = graph_stats(open_graph(graph, store), top=top)
    if not result.articles:
        warn("the graph holds no article: nothing to rank")
    if fmt is StatsFormat.json:
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        write_output(output, lambda stream: stream.write(text.encode("utf-8")))
        return
    out = Console(highlight=False, file=io.StringIO(), record=True, width=160) if output != STDIO else Console(highlight=False)
    sampled = (
        "" if result.betweenness_samples is None
        else f", betweenness from {plural(result.betweenness_samples, 'sampled source')}"
    )
    out.print(f"{plural(result.nodes, 'node')} ({plural(result.articles, 'article')}), {plural(result.edges, 'link')}{sampled}")
    for table in stats_tables(result):
        out.print(table)
    if output != STDIO:
        write_output(output, lambda stream: stream.write(out.export_text().encode("utf-8")))
