"""``kg build``: the main job."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg import errors
from kg.cli.app import app, err, printable, reports_errors
from kg.read.ingest import MAX_PAGE_BYTES, iter_input_files
from kg.graph.namespace import DEFAULT_BASE
from kg.graph.folder import TTL


@app.command()
@reports_errors
def build(
    paths: list[Path] = typer.Argument(..., help="Page exports (.txt), JSON Lines (.jsonl), or folders of them."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Output folder: store/, graph.ttl, graph.html, report.json."),
    paper: str | None = typer.Option(None, help="The paper's name, where no sidecar NAME.json gives it."),
    date: str | None = typer.Option(None, help="Issue date YYYY-MM-DD, where no sidecar gives it."),
    workers: int = typer.Option(0, help="Worker processes; 0 uses every core."),
    scheduler: str | None = typer.Option(None, help="Dask scheduler address (tcp://host:port) to run extraction on a cluster."),
    store: str | None = typer.Option(None, "--store", help="Write to an external SPARQL 1.1 Graph Store endpoint instead of DIR/store."),
    base: str = typer.Option(DEFAULT_BASE, help="Base IRI of the graph's resources."),
    no_tagger: bool = typer.Option(False, "--no-tagger", help="Rules and gazetteer only: skip the statistical tagger."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
    strict: bool = typer.Option(False, help="Exit non-zero when any input had a problem."),
    max_page_size: int = typer.Option(MAX_PAGE_BYTES, "--max-page-size", min=1, help="Refuse pages larger than this many bytes (KG109)."),
    ttl: bool = typer.Option(True, "--ttl/--no-ttl", help="Write DIR/graph.ttl, the whole graph (else remove the old one; `kg export -o FILE` writes it when wanted)."),
    html: bool = typer.Option(True, "--html/--no-html", help="Write DIR/graph.html, the whole-graph view (else remove the old one; `kg view -o FILE` draws it when wanted)."),
    record_paths: bool = typer.Option(False, "--record-paths", help="Publish each input's path as given (kg:sourceFile), not relative to the working folder."),
) -> None:
    """Build (or update) the knowledge graph of the pages under PATHS."""
    from kg.api import build as build_graph  # jieba and the models: not for `kg --help`

    options = dict(
        paper=paper,
        date=date,
        workers=workers,
        scheduler=scheduler,
        store_url=store,
        base=base,
        use_tagger=not no_tagger,
        max_page_bytes=max_page_size,
        views=html,
        ttl=ttl,
        record_paths=record_paths,
    )
    total = sum(1 for _ in iter_input_files(paths))
    show = not quiet and err.is_terminal
    with Progress(
        TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, disable=not show, transient=True,
    ) as bar:
        task = bar.add_task("", total=total)
        sources: set[str] = set()

        def advance(source: str) -> None:
            if source not in sources:
                sources.add(source)
                bar.update(task, advance=1, description=escape(printable(Path(source).name)))

        report = build_graph(paths, out=out, progress=advance, **options)
    for problem in report.problems:
        where = f"{problem.source}:{problem.line}" if problem.line else problem.source
        err.print(f"[yellow]warning[/yellow] {escape(printable(f'{where}: {problem.message} [{problem.code}]'))}", soft_wrap=True)
    if not quiet:
        _summary(report.to_json(), out / TTL if ttl else out)
    if not report.built_anything:
        raise errors.NoInputError("nothing could be built from the inputs given")
    if strict and report.problems:
        raise typer.Exit(1)


def _summary(data: dict, target: Path) -> None:
    totals = data["totals"]
    kinds = ", ".join(f"{n} {k}" for k, n in totals["kinds"].items()) or "no items"
    mentions = ", ".join(f"{n} {k}" for k, n in totals["mentions"].items()) or "no mentions"
    err.print(
        f"{totals['inputs']} inputs ({', '.join(f'{n} {s}' for s, n in totals['status'].items())}); "
        f"{kinds}; {mentions}; {totals['events']} events; {totals['quads']} quads → {escape(printable(str(target)))}",
        soft_wrap=True,
    )
