"""The Typer application and what every command shares: errors and the console."""

from __future__ import annotations

import functools
import re
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


# C0 controls but the line break and the tab, DEL, C1 controls (ESC and CSI start the
# terminal's control sequences), and the bidirectional overrides that reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``), safe on a terminal."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a project error into a one-line message and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KgError as exc:
            # The message names files and quotes input: never read it as markup, and
            # never send the terminal a control sequence a file name holds.
            err.print(f"[red]error[/red] {escape(printable(str(exc)))}", markup=True, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper
