"""``kg remove``: take input files' pages out of a built graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from kg.cli.app import app, err, plural, printable, reports_errors


@app.command()
@reports_errors
def remove(
    paths: list[Path] = typer.Argument(None, metavar="PATH...", help="Input files or folders whose pages to take out, as they were built."),
    out: Path = typer.Option(Path("outputs"), "--graph", "-g", metavar="DIR", help="The folder `kg build --out DIR` wrote."),
    prune_missing: bool = typer.Option(False, "--prune-missing", help="Also take out the pages of every input file gone from disk."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Take the pages of PATHS (and, with --prune-missing, of deleted files) out of the graph."""
    from kg.api import remove as remove_pages

    if not paths and not prune_missing:
        raise typer.BadParameter("give the input files or folders to remove, or --prune-missing", param_hint="PATH...")
    removed = remove_pages(paths or [], out=out, prune_missing=prune_missing)
    if not removed.sources:
        err.print("[yellow]warning[/yellow] no page of the graph was built from these paths", soft_wrap=True)
    elif not quiet:
        err.print(escape(printable(
            f"removed {plural(len(removed.pages), 'page')} of {plural(len(removed.sources), 'file')}; "
            f"{plural(removed.quads, 'quad')} left"
        )), soft_wrap=True)
