"""``kg ner`` and ``kg evaluate``: recognition on plain text, and its scores on gold files."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from kg.atomic import write_atomic
from kg.cli.app import app, err, later_help, printable, reports_errors

if TYPE_CHECKING:
    from rich.table import Table

    from kg.extract.scores import EvaluationReport
    from kg.model import EntityType, PageMeta


@app.command()
@reports_errors
def ner(
    source: str = typer.Argument("-", metavar="FILE", help="Text, one text a line (UTF-8, UTF-16, GB18030 or Big5); - or none: stdin."),
    output: str = typer.Option("-", "--output", "-o", help="Write the JSON lines to this file (complete, or not at all); -: stdout."),
    paper: str | None = typer.Option(None, help="Paper whose home city resolves 我市 / 市X局."),
    no_tagger: bool = typer.Option(False, "--no-tagger", help="Rules and gazetteer only."),
    batch: int = typer.Option(64, min=1, help="Lines tagged together."),
) -> None:
    """Recognize the mentions of each line of FILE (or stdin): a JSON array of them a line."""
    from kg.extract.papers import text_meta

    lines = _input_lines(source)
    meta, use_tagger = text_meta(paper), not no_tagger
    if output == "-":
        _tag_lines(lines, sys.stdout.write, meta=meta, use_tagger=use_tagger, batch=batch, flush=sys.stdout.flush)
    else:
        write_atomic(Path(output), lambda fh: _tag_lines(
            lines, lambda s: fh.write(s.encode("utf-8")), meta=meta, use_tagger=use_tagger, batch=batch))


def _input_lines(source: str) -> Iterator[str]:
    """The lines of a file (decoded as a page is), or of stdin as they come, without line ends.

    Raises:
        UnreadableInputError: the file cannot be read; EncodingError, BinaryInputError:
            it is not text.
    """
    if source == "-":
        return (line.rstrip("\r\n") for line in sys.stdin)
    from kg.read.decoding import decode_bytes
    from kg.read.inputs import read_bytes

    data = read_bytes(Path(source))
    if data.strip():
        text, warning = decode_bytes(data, source=source)
        if warning is not None:
            err.print(f"[yellow]warning[/yellow] {escape(printable(f'{source}:{warning.line}: {warning.message}'))}")
    else:  # blank lines are texts too: each gets its (empty) array, as on stdin
        text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return (line.rstrip("\r") for line in lines)


def _tag_lines(
    lines: Iterable[str], write: Callable[[str], object], *, meta: PageMeta, use_tagger: bool, batch: int,
    flush: Callable[[], object] | None = None,
) -> None:
    """Write one JSON array of mentions a line, ``batch`` lines tagged at a time (flushed after each)."""
    from kg.extract.recognize import recognize_text  # loads the tagger's dictionaries: only when used

    pending: list[str] = []
    for line in _with_end(iter(lines)):
        if line is not None:
            pending.append(line)
        if pending and (line is None or len(pending) >= batch):
            for mentions in recognize_text(pending, meta=meta, use_tagger=use_tagger):
                row = [{"start": m.start, "end": m.end, "text": m.text, "type": m.type.value}
                       | ({"kind": m.kind.value} if m.kind else {}) for m in mentions]
                write(json.dumps(row, ensure_ascii=False) + "\n")
            pending = []
            if flush is not None:  # a pipe's reader sees each batch as soon as it is tagged
                flush()


def _with_end(lines: Iterator[str]) -> Iterator[str | None]:
    """The lines, then None: the end, where the last batch is tagged."""
    yield from lines
    yield None


def _gold_formats() -> str:
    """``--format``'s help, from the gold readers: computed when ``kg evaluate`` runs or shows its help."""
    from kg.extract.gold import FORMATS

    return (f"Gold format: {', '.join(FORMATS)} (CLUENER2020 JSON Lines). "
            "Default: from the extension (.bmes, .bio, .json/.jsonl), else pfr.")


@app.command()
@reports_errors
def evaluate(
    gold: Path = typer.Argument(..., help="Gold file."),
    fmt: str | None = typer.Option(None, "--format", help=later_help(_gold_formats), show_default=False),
    types: str | None = typer.Option(None, "--types", metavar="PER,LOC,ORG", help="Score only these types (comma-separated)."),
    no_tagger: bool = typer.Option(False, "--no-tagger", help="Rules and gazetteer only."),
    model: Path | None = typer.Option(None, "--model", metavar="PATH", help="Score with this CRF model file (a fold's…) instead of the shipped one."),
    paper: str | None = typer.Option(None, help="Paper the gold text comes from: its home city and county, as for kg ner --paper."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    short_names: str = typer.Option(
        "auto", "--short-names", metavar="auto|count|skip",
        help="Score one-character places (中美's 美): auto as the gold annotates them (MSRA does, kg's and PFR's gold do not), count, or skip.",
    ),
) -> None:
    """Print mention-level precision, recall and F1 per type on a gold file.

    Warns when the model was trained on some of the gold sentences: a score on them is a
    training score, not accuracy.
    """
    from kg.api import evaluate as evaluate_file

    chosen = _checked_options(types=types, model=model, no_tagger=no_tagger, short_names=short_names)
    with _progress() as advance:
        report = evaluate_file(gold, fmt=fmt, types=chosen, use_tagger=not no_tagger, model=model, paper=paper,
                               progress=advance, short_names=short_names)
    _print_notes(report)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        Console().print(_score_table(report))


def _checked_options(*, types: str | None, model: Path | None, no_tagger: bool, short_names: str) -> tuple[EntityType, ...]:
    """The types to score, once ``kg evaluate``'s options are known to go together.

    Raises:
        typer.BadParameter: an unknown type or short-name mode, or ``--model`` with ``--no-tagger``.
    """
    from kg.extract.evaluate import SHORT_NAME_MODES, score_types

    try:
        chosen = score_types(types.split(",") if types else None)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--types") from None
    if model is not None and no_tagger:
        raise typer.BadParameter("--model needs the tagger: leave out --no-tagger", param_hint="--model")
    if short_names not in SHORT_NAME_MODES:
        raise typer.BadParameter(f"expected one of {', '.join(SHORT_NAME_MODES)}", param_hint="--short-names")
    return chosen


def _print_notes(report: EvaluationReport) -> None:
    """On stderr: the training-overlap warning (or why the overlap is unknown), the short-name convention."""
    if report.training["warning"]:
        err.print(f"[yellow]warning[/yellow] {report.training['warning']}", soft_wrap=True)
    elif report.note:
        err.print(f"note: {escape(printable(report.note))}", soft_wrap=True)
    if report.short_names is not None:
        err.print(escape(report.short_names.describe()), soft_wrap=True)


def _score_table(report: EvaluationReport) -> Table:
    """The scores as a table: a row a type, then ``ALL``."""
    from rich.table import Table

    table = Table("type", "gold", "predicted", "correct", "precision", "recall", "F1")
    for row in (*report.score.by_type, report.score.overall):
        table.add_row(row.type, str(row.gold), str(row.predicted), str(row.correct),
                      f"{row.precision:.3f}", f"{row.recall:.3f}", f"{row.f1:.3f}")
    return table


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None]]:
    """A bar on stderr, on a terminal only: sentences done of their total, their rate and the time left."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class _Rate(ProgressColumn):
        """Sentences a second, once rich has measured some."""

        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:,.0f} sentences/s" if task.speed else "", style="progress.data.speed")

    with Progress(
        TextColumn("[bold]evaluating"), BarColumn(), MofNCompleteColumn(), _Rate(), TimeRemainingColumn(),
        console=err, disable=not err.is_terminal, transient=True,
    ) as bar:
        task = bar.add_task("", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
