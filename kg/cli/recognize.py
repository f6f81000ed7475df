"""``kg ner`` and ``kg evaluate``: recognition on plain text, and its scores on gold files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kg.cli.app import app, reports_errors
from kg.extract.evaluate import FORMATS, evaluate_gold, read_gold
from kg.extract.papers import paper_profile
from kg.model import PageMeta


def _meta(paper: str | None) -> PageMeta:
    profile = paper_profile(paper)
    return PageMeta(source="-", paper=paper, **profile.homes())


@app.command()
@reports_errors
def ner(
    paper: str | None = typer.Option(None, help="Paper whose home city resolves 我市 / 市X局."),
    no_tagger: bool = typer.Option(False, "--no-tagger", help="Rules and gazetteer only."),
    batch: int = typer.Option(64, help="Lines tagged together."),
) -> None:
    """Read text lines on stdin; write, a line each, a JSON array of their mentions."""
    meta = _meta(paper)
    lines: list[str] = []
    for line in sys.stdin:
        lines.append(line.rstrip("\n"))
        if len(lines) >= batch:
            _emit(lines, meta, not no_tagger)
            lines = []
    _emit(lines, meta, not no_tagger)


def _emit(lines: list[str], meta: PageMeta, use_tagger: bool) -> None:
    from kg.extract.recognize import recognize_text

    for mentions in recognize_text(lines, meta=meta, use_tagger=use_tagger):
        row = [{"start": m.start, "end": m.end, "text": m.text, "type": m.type.value} for m in mentions]
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
@reports_errors
def evaluate(
    gold: Path = typer.Argument(..., help="Gold file."),
    fmt: str = typer.Option("pfr", "--format", help=f"Gold format: {' or '.join(FORMATS)}."),
    no_tagger: bool = typer.Option(False, "--no-tagger", help="Rules and gazetteer only."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Print mention-level precision, recall and F1 per type on a gold file."""
    from kg.extract.recognize import recognize_text  # loads the tagger's dictionaries: only when used

    meta = _meta(None)

    def recognize(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        found = recognize_text(texts, meta=meta, use_tagger=not no_tagger)
        return [[(m.start, m.end, m.type.value) for m in mentions] for mentions in found]

    score = evaluate_gold(read_gold(gold, fmt=fmt), recognize=recognize)
    if as_json:
        print(json.dumps(score.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table("type", "gold", "predicted", "correct", "precision", "recall", "F1")
    for row in (*score.by_type, score.overall):
        table.add_row(row.type, str(row.gold), str(row.predicted), str(row.correct),
                      f"{row.precision:.3f}", f"{row.recall:.3f}", f"{row.f1:.3f}")
    Console().print(table)
