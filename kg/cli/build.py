"""``kg build``: the main job."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from kg import errors
from kg.cli.app import STDIO, app, err, later, plural, printable, reports_errors, warn
from kg.graph.folder import TTL
from kg.graph.namespace import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.build.report import BuildReport


def _max_page_bytes() -> int:
    """``--max-page-size``'s default, computed when ``kg build`` runs or shows its help (:func:`later`)."""
    from kg.read.inputs import MAX_PAGE_BYTES  # hashlib and the page model: not for `kg --help`

    return MAX_PAGE_BYTES


@app.command()
@reports_errors
def build(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH...", help="Page exports (.txt), JSON Lines (.jsonl), folders of them, or - for stdin."
    ),
    out: Path = typer.Option(Path("outputs"), "--out", "--output", "-o", metavar="DIR", help="Output folder: store/, graph.ttl, graph.html, report.json."),
    paper: str | None = typer.Option(None, metavar="NAME", help="The paper's name, where no sidecar NAME.json gives it."),
    date: str | None = typer.Option(None, metavar="YYYY-MM-DD", help="Issue date, where no sidecar gives it."),
    workers: int = typer.Option(0, metavar="N", help="Worker processes; 0 uses every core."),
    scheduler: str | None = typer.Option(None, metavar="ADDRESS", help="Dask scheduler address (tcp://host:port) to run extraction on a cluster."),
    store: str | None = typer.Option(
        None, "--store", metavar="URL",
        help="Write to a SPARQL server (its root, e.g. http://localhost:7878) instead of DIR/store; DIR/store.url names it.",
    ),
    base: str = typer.Option(DEFAULT_BASE, metavar="IRI", help="Base IRI of the graph's resources."),
    no_tagger: bool = typer.Option(False, "--no-tagger", help="Rules and gazetteer only: skip the statistical tagger."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero when any input had a problem."),
    max_page_size: int = typer.Option(later(_max_page_bytes), "--max-page-size", min=1, metavar="BYTES", help="Refuse pages larger than this (KG109)."),
    ttl: bool = typer.Option(True, "--ttl/--no-ttl", help="Write DIR/graph.ttl, the whole graph (else remove the old one; `kg export -o FILE` writes it when wanted)."),
    html: bool = typer.Option(True, "--html/--no-html", help="Write DIR/graph.html, the whole-graph view (else remove the old one; `kg view -o FILE` draws it when wanted)."),
    record_paths: bool = typer.Option(False, "--record-paths", help="Publish each input's path as given (kg:sourceFile), not relative to the working folder."),
    wait: bool = typer.Option(False, "--wait", help="Write graph.ttl and graph.html before returning, even into a large store (else they follow in the background)."),
) -> None:
    """Build (or update) the knowledge graph of the pages under PATH..."""
    from kg.api import build as build_graph  # jieba and the models: not for `kg --help`
    from kg.read.ingest import count_pages

    options = dict(
        paper=paper, date=date, workers=workers, scheduler=scheduler, store_url=store, base=base,
        use_tagger=not no_tagger, max_page_bytes=max_page_size, views=html, ttl=ttl, record_paths=record_paths,
        outputs="foreground" if wait else "auto",
    )
    show = not quiet and err.is_terminal
    # Counting reads every JSON Lines file through once more: only for a bar that is shown.
    with _inputs(paths) as inputs, _progress(count_pages(inputs) if show else 0, show=show) as progress:
        report = build_graph(inputs, out=out, progress=progress, **options)
    _finish(report, target=out / TTL if ttl else out, quiet=quiet, strict=strict)


def _finish(report: BuildReport, *, target: Path, quiet: bool, strict: bool) -> None:
    """Warn of each input's problem, then print the summary.

    Raises:
        NoInputError: nothing could be built.
        typer.Exit: ``strict`` and some input had a problem.
    """
    for problem in report.problems:
        where = f"{problem.source}:{problem.line}" if problem.line else problem.source
        warn(f"{where}: {problem.message} [{problem.code}]")
    if not report.built_anything:
        raise errors.NoInputError("nothing could be built from the inputs given")
    if not quiet:
        _summary(report.to_json(), target)
    if strict and report.problems:
        raise typer.Exit(1)


@contextlib.contextmanager
def _inputs(paths: list[Path]) -> Iterator[list[Path]]:
    """The paths, with ``-`` replaced by a file holding standard input while the build runs."""
    if Path(STDIO) not in paths:
        yield paths
        return
    from kg.read.stdin import SPOOL_PREFIX, spool_stdin

    with tempfile.TemporaryDirectory(prefix=SPOOL_PREFIX) as folder:
        spooled = spool_stdin(sys.stdin.buffer, folder)
        yield [spooled if p == Path(STDIO) else p for p in paths]


@contextlib.contextmanager
def _progress(pages: int, *, show: bool) -> Iterator[Callable[[str, int], None]]:
    """A progress bar by page on stderr, naming the articles built and their rate, with an ETA."""
    if not show:  # rich.progress takes 15 ms to import
        yield lambda source, articles: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (
        TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.description}"),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("", total=max(pages, 1))
        started, built = time.monotonic(), 0

        def advance(source: str, articles: int) -> None:
            nonlocal built
            built += articles
            rate = built / max(time.monotonic() - started, 1e-3)
            done = bar.tasks[0].completed + 1
            # A page with a warning reports twice: the bar grows rather than overflow.
            bar.update(task, completed=done, total=max(bar.tasks[0].total or 0, done),
                       description=f"{plural(built, 'article')}, {rate:,.1f}/s  {escape(printable(Path(source).name))}")

        yield advance


def _summary(data: dict, target: Path) -> None:
    """One line on stderr: inputs by status, the graph's items, mentions, events and quads, where it went."""
    totals = data["totals"]
    kinds = ", ".join(plural(n, k) for k, n in totals["kinds"].items()) or "no items"
    mentions = ", ".join(plural(n, f"{k} mention") for k, n in totals["mentions"].items()) or "no mentions"
    status = ", ".join(f"{n:,} {s}" for s, n in totals["status"].items())
    err.print(
        f"{plural(totals['inputs'], 'input')} ({status}); the graph: {kinds}; {mentions}; "
        f"{plural(totals['events'], 'event')}; {plural(totals['quads'], 'quad')} → {escape(printable(str(target)))}",
        soft_wrap=True,
    )
