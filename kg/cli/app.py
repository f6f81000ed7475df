"""The Typer application and what every command shares: errors, the console, words, outputs."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ParamSpec, TypeVar, get_args, get_origin

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from kg.atomic import write_atomic
from kg.errors import KgError

try:  # Typer's own coercion of values (Typer 0.2x): Pydantic's TypeAdapters
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # an older Typer converts values with click's types
    RuntimeParam = None  # type: ignore[assignment,misc]
else:  # private API: used only in the shape it was written against, else Typer's own way stays
    import dataclasses as _dataclasses
    import inspect as _inspect

    _SHAPE_KNOWN = {f.name for f in _dataclasses.fields(RuntimeParam)} >= {"parameter_info", "annotation"} and list(
        _inspect.signature(RuntimeParam._coerce_value).parameters
    )[:4] == ["self", "value", "param", "ctx"]
    if not _SHAPE_KNOWN:
        RuntimeParam = None  # type: ignore[assignment,misc]

P = ParamSpec("P")
R = TypeVar("R")

STDIO = "-"  # a file name that means standard input or standard output


class _Argument(TyperArgument):
    """An argument shown by its metavar alone: no ``{name}`` braces, no ``<list[Path]>`` type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar else super().display_type_rich(ctx)

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        if not self.metavar:
            return super().get_usage_pieces(ctx)
        return [self.metavar if self.required else f"[{self.metavar}]"]


def _plain_names(params: list[Any]) -> None:
    """Name each value as users write it (``DIR``, ``FILE``), never by its Python type (``<path>``)."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _Argument  # Typer builds its own; only the display differs
            if param.metavar is None:
                param.metavar = (param.name or "value").upper() + ("..." if param.nargs != 1 else "")
        elif isinstance(param, TyperOption) and param.metavar is None:
            # A flag takes no value; another option's value is named after it (--paper PAPER).
            param.metavar = "" if param.is_flag else (param.name or "value").upper()


class _Later:
    """An option's default that a heavy module holds, computed when its command runs or shows its help."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self.compute = compute

    def __call__(self) -> Any:  # a callable default: click computes it itself if asked before make_context
        return self.compute()


# The help texts that name what a heavy module holds: each option's token, and what computes its text.
_LATER_HELP: dict[str, Callable[[], str]] = {}


def later(compute: Callable[[], Any]) -> Any:
    """A default computed only when its command runs or shows its help, never for ``kg --help``."""
    return _Later(compute)


def later_help(compute: Callable[[], str]) -> str:
    """A help text computed only when its command runs or shows its help, never for ``kg --help``."""
    token = f"\x00later-help-{len(_LATER_HELP)}"  # click needs a str; this one no user writes
    _LATER_HELP[token] = compute
    return token


def _fill_in_later(params: list[Any]) -> None:
    """Replace the stand-ins of :func:`later` and :func:`later_help` by their values."""
    for param in params:
        if isinstance(param.default, _Later):
            param.default = param.default()
        if getattr(param, "help", None) in _LATER_HELP:
            param.help = _LATER_HELP[param.help]()


_UNSURE = object()


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _PlainValues(RuntimeParam):
        """Typer's coercion of text, paths and whole numbers, made without Pydantic.

        Typer makes a Pydantic TypeAdapter for every value, even an option left out: importing
        Pydantic and making the first costs every command 0.1 s. Text, paths and numbers already
        whole come out as Typer's own functions make them; anything else (a number typed by
        the user, an enum) goes to Typer's coercion, and its errors read as Typer's.
        """

        descriptor: Any = None

        @functools.cached_property
        def _typer(self) -> Any:
            return build_runtime_param(self.descriptor)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if get_origin(self.annotation) is list:
                (leaf,) = get_args(self.annotation)
                items = value if isinstance(value, (list, tuple)) else [value]
                found = [self._leaf(leaf, item, param, ctx) for item in items]
            else:
                found = self._leaf(self.annotation, value, param, ctx)
            if found is _UNSURE or (isinstance(found, list) and _UNSURE in found):
                return self._typer._coerce_value(value, param=param, ctx=ctx)
            return found

        def _leaf(self, annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
            info = self.parameter_info
            if annotation is str and isinstance(value, str):
                return str(value)
            if annotation is Path and isinstance(value, (str, Path)):
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            if annotation is int and not info.clamp:
                # Digits alone read alike everywhere; a sign, a space or an underscore is Pydantic's to read.
                number = int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value
                within = type(number) is int and (info.min is None or number >= info.min)
                if within and (info.max is None or number <= info.max):
                    return number
            return _UNSURE


def _plain_coercion(params: list[Any]) -> None:
    """Give each parameter of a kind :class:`_PlainValues` knows that coercion in place of Typer's."""
    if RuntimeParam is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", _UNSURE) is not None:
            continue
        info, annotation = descriptor.parameter_info, descriptor.annotation
        leaf = get_args(annotation)[0] if get_origin(annotation) is list else annotation
        plain = leaf in (str, int, bool) or (leaf is Path and info.path_type is None)
        if plain and descriptor.file_annotation is None and info.parser is None:
            param._runtime_param = _PlainValues(info, annotation, descriptor)


class KgCommand(TyperCommand):
    """A command whose help shows no internal tags (:func:`_plain_names`), its late values filled in (:func:`later`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_names(self.params)
        _plain_coercion(self.params)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        # Both running the command and its --help start here; `kg --help` never does, so
        # the heavy modules behind the values load only for the command that shows them.
        _fill_in_later(self.params)
        return super().make_context(*args, **kwargs)

    def get_help_option(self, ctx: Any) -> Any:
        found = super().get_help_option(ctx)
        _plain_names([found] if found is not None else [])
        _plain_coercion([found] if found is not None else [])
        return found


class KgGroup(TyperGroup):
    """The ``kg`` group, its help as plain as its commands'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_names(self.params)
        _plain_coercion(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        found = super().get_help_option(ctx)
        _plain_names([found] if found is not None else [])
        _plain_coercion([found] if found is not None else [])
        return found


class KgTyper(typer.Typer):
    """The application: every command, also those of other modules, is a :class:`KgCommand`."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", KgCommand)
        return super().command(*args, **kwargs)


app = KgTyper(
    name="kg",
    cls=KgGroup,
    help="Knowledge graphs of Chinese newspaper pages: build, query, export, view.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)


def _print_version(value: bool) -> None:
    if value:
        import kg  # the version is read from the installed metadata: only when asked

        typer.echo(f"kg {kg.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, metavar="", help="Print kg's version and exit."
    ),
) -> None:
    """Knowledge graphs of Chinese newspaper pages: build, query, export, view."""


# Every command that reads a graph takes the folder `kg build --out DIR` wrote, or a server.
GRAPH_OPTION = typer.Option(
    Path("outputs"), "--graph", "-g", metavar="DIR",
    help="The folder `kg build --out DIR` wrote.",
)
STORE_OPTION = typer.Option(
    None, "--store", metavar="URL",
    help="Read the graph from this SPARQL server (its root, e.g. http://localhost:7878) instead of DIR; "
    "default: the server DIR/store.url names, when DIR has no store/.",
)


def open_graph(graph: Path, store: str | None) -> Any:
    """The graph a command reads: the server ``--store`` names, else the folder's store."""
    from kg.graph.locate import open_graph as locate  # pyoxigraph: not for `kg --help`

    return locate(graph, url=store)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` agreeing in number: ``1 article``, ``2 articles``, ``3 entities``."""
    if n == 1:
        return f"{n:,} {word}"
    if many is None:
        many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{n:,} {many}"


# C0 controls but the line break and the tab, DEL, C1 controls (ESC and CSI start the
# terminal's control sequences), and the bidirectional overrides that reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``), safe on a terminal."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def warn(message: str) -> None:
    """A warning on stderr: the message is text, never markup, and shows no control characters."""
    err.print(f"[yellow]warning[/yellow] {escape(printable(message))}", soft_wrap=True)


class _LineEnd:
    """A binary stream that remembers whether what was written ends a line."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.ended = stream, True

    def write(self, data: bytes) -> int:
        if data:
            self.ended = bytes(data[-1:]) == b"\n"
        return self.stream.write(data) or len(data)

    def flush(self) -> None:
        self.stream.flush()


def write_output(output: str | Path, write: Callable[[BinaryIO], object]) -> None:
    """Run ``write`` on stdout (``-``) or on a file written atomically; the text ends with a newline."""

    def ended(stream: BinaryIO) -> None:
        tracked = _LineEnd(stream)
        write(tracked)  # type: ignore[arg-type]
        if not tracked.ended:
            stream.write(b"\n")

    if str(output) == STDIO:
        ended(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(output), ended)


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
