"""``kg serve``: a SPARQL 1.1 Protocol endpoint and the HTML views, on 127.0.0.1."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from kg.cli.app import GRAPH_OPTION, app, err, later, reports_errors

if TYPE_CHECKING:
    from kg.web.serve import ServeOptions


def _default(name: str) -> Any:
    """The default of ServeOptions' field ``name``, read when `kg serve` runs or shows its help."""

    def compute() -> Any:
        from kg.web.serve import ServeOptions  # the server's modules: not for `kg --help`

        return getattr(ServeOptions(), name)

    return later(compute)


def serve_graph(folder: Path, *, options: ServeOptions) -> None:
    """Serve the graph folder: :func:`kg.web.serve.serve_graph`, loaded when called."""
    from kg.web.serve import serve_graph as serve

    serve(folder, options=options)


@app.command()
@reports_errors
def serve(
    graph: Path = GRAPH_OPTION,
    port: int = typer.Option(_default("port"), "--port", min=0, max=65535, help="TCP port; 0 picks a free one."),
    host: str = typer.Option(_default("host"), "--host", help="Address to bind; the default serves this machine only."),
    allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL Update (opens the store for writing)."),
    timeout: float = typer.Option(_default("timeout"), "--timeout", min=0.1, help="Seconds a query may run; then it is stopped (503)."),
    max_rows: int = typer.Option(_default("max_rows"), "--max-rows", min=1, help="Rows a result may have; longer ones are cut."),
    max_running: int = typer.Option(_default("max_running"), "--max-running", min=1, help="Queries running at once; more wait."),
    allow_service: bool = typer.Option(False, "--allow-service", help="Allow SERVICE and LOAD: they make the server fetch other URLs."),
    cors: list[str] = typer.Option(
        [], "--cors", metavar="ORIGIN",
        help="Let web pages of ORIGIN (https://host[:port], or * for any) read the answers; repeatable or comma-separated."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every request."),
) -> None:
    """Serve the graph at http://HOST:PORT/sparql, with the views at / and /view.

    Ctrl-C, SIGTERM and SIGHUP stop it alike: its snapshots are removed, and it exits with 0.
    """
    from kg.web.access import LOOPBACK
    from kg.web.serve import ServeOptions

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    if host not in LOOPBACK:
        err.print(f"[yellow]warning[/yellow] serving on {host}: other machines can query this graph")
    origins = tuple(o.strip() for value in cors for o in value.split(",") if o.strip())
    if "*" in origins:
        err.print("[yellow]warning[/yellow] --cors '*': any web page the user opens can read this graph")
    options = ServeOptions(
        host=host, port=port, allow_update=allow_update, timeout=timeout, max_rows=max_rows,
        max_running=max_running, allow_service=allow_service, cors=origins,
    )
    try:
        serve_graph(graph, options=options)
    except KeyboardInterrupt:
        err.print("stopped")
