"""``kg ner`` and ``kg evaluate``: recognition on plain text, and its scores on gold files."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from kg.atomic import write_atomic
from kg.cli.app import app, err, later_help, printable, reports_errors
from kg.model import PageMeta


def _meta(paper: str | None) -> PageMeta:
    from kg.extract.papers import paper_profile

    profile = paper_profile(paper)
    return PageMeta(source="-", paper=paper, **profile.homes())


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
    lines = _input_lines(source)
    meta, use_tagger = _meta(paper), not no_tagger
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
                row = [{"start": m.start, "end": m.end, "text": m.text, "type": m.type.value} for m in mentions]
                write(json.dumps(row, ensure_ascii=False) + "\n")
            pending = []
            if flush is not None:  # a pipe's reader sees each batch as soon as it is tagged
                flush()


def _with_end(lines: Iterator[str]) -> Iterator[str | None]:
    yield from lines
    yield None


def _gold_formats() -> str:
    from kg.extract.evaluate import FORMATS

    return f"Gold format: {' or '.join(FORMATS)}."


@app.command()
@reports_errors
def evaluate(
    gold: Path = typer.Argument(..., help="Gold file."),
    fmt: str = typer.Option("pfr", "--format", help=later_help(_gold_formats)),
    no_tagger: bool = typer.Option(False, "--no-tagger", help="Rules and gazetteer only."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Print mention-level precision, recall and F1 per type on a gold file.

    Warns when the shipped model was trained on some of the gold sentences: a score on
    them is a training score, not accuracy.
    """
    from rich.table import Table

    from kg.extract.evaluate import evaluate_gold, read_gold
    from kg.extract.recognize import recognize_text  # loads the tagger's dictionaries: only when used
    from kg.extract.training import overlap_report, shipped_manifest

    meta = _meta(None)

    def recognize(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        found = recognize_text(texts, meta=meta, use_tagger=not no_tagger)
        return [[(m.start, m.end, m.type.value) for m in mentions] for mentions in found]

    paragraphs = list(read_gold(gold, fmt=fmt))
    manifest = None if no_tagger else shipped_manifest()
    with _progress(len(paragraphs)) as advance:
        score = evaluate_gold(paragraphs, recognize=recognize, batch_size=32, progress=advance,
                              seen_in_training=manifest.seen if manifest is not None else None)
    training = overlap_report(score.seen, score.paragraphs)
    if training["warning"]:
        err.print(f"[yellow]warning[/yellow] {training['warning']}", soft_wrap=True)
    elif not no_tagger and manifest is None:
        err.print("note: the model has no training manifest that matches it: whether it saw these sentences is unknown")
    if as_json:
        print(json.dumps({**score.as_dict(), "training": training}, ensure_ascii=False, indent=2))
        return
    table = Table("type", "gold", "predicted", "correct", "precision", "recall", "F1")
    for row in (*score.by_type, score.overall):
        table.add_row(row.type, str(row.gold), str(row.predicted), str(row.correct),
                      f"{row.precision:.3f}", f"{row.recall:.3f}", f"{row.f1:.3f}")
    Console().print(table)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A bar on stderr, on a terminal only: sentences done, their rate and the time left."""
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
        task = bar.add_task("", total=total)
        yield lambda done: bar.update(task, completed=done)
