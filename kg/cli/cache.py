"""``kg cache``: what kg's cache folder holds; clear it, or prune it now."""

from __future__ import annotations

import typer
from rich.markup import escape

from kg.cli.app import app, err, plural, printable, reports_errors


def size_text(size: int) -> str:
    """A number of bytes as people read it: ``512 B``, ``4.2 MB``, ``1.3 GB`` (powers of 1000)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


@app.command("cache")
@reports_errors
def cache(
    clear: bool = typer.Option(False, "--clear", help="Remove every entry kg wrote there (other files stay)."),
    prune: bool = typer.Option(False, "--prune", help="Remove the entries no process will read again, now."),
) -> None:
    """Show kg's cache folder (compiled tables kept between processes): its entries by name and their sizes."""
    # kg.lang.cache reads kg's version from its metadata: not for `kg --help`
    from kg.lang.cache_prune import cache_info, clear_cache, prune_cache

    if clear and prune:
        raise typer.BadParameter("give --clear or --prune, not both", param_hint="--clear")
    if clear or prune:
        removed = clear_cache() if clear else prune_cache()
        err.print(escape(printable(
            f"{'cleared' if clear else 'pruned'} {removed.folder}: removed {plural(removed.files, 'file')}, "
            f"{size_text(removed.size)} freed"
        )), soft_wrap=True)
        return
    info = cache_info()
    typer.echo(printable(f"{info.folder}: {plural(info.entries, 'entry')}, {size_text(info.size)}"))
    width = max((len(group.name) for group in info.groups), default=0)
    for group in info.groups:
        typer.echo(printable(f"  {group.name:<{width}}  {group.entries:>6,}  {size_text(group.size):>9}"))
    if info.temporaries:
        typer.echo(f"  ({plural(info.temporaries, 'temporary file')}, {size_text(info.temporaries_size)}, left by writers)")
