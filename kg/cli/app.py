"""The Typer application and what every command shares: errors and the console."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from kg.errors import KgError

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="kg",
    help="Knowledge graphs of Chinese newspaper pages: build, query, export, view.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
# Every command that reads a graph takes the folder `kg build --out DIR` wrote.
GRAPH_OPTION = typer.Option(Path("outputs"), "--graph", "-g", help="The folder `kg build --out DIR` wrote.")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a project error into a one-line message and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KgError as exc:
            # The message names files and quotes input: never read it as markup.
            err.print(f"[red]error[/red] {escape(str(exc))}", markup=True, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper
