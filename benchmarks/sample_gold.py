"""The sample page's hand-made gold: ``tests/data/sample/gold.tsv`` → ``gold.bmes``.

The gold was written by reading the page (``data/pages/000_f016006cafbfff82.txt``), not
from kg's output; it measures the recognizer and is never a source of rules or lexicon
entries. Each TSV row is ``line`` (1-based line of the page), ``mention`` (its exact
text), ``type`` (PER, LOC or ORG) and ``nth`` (which occurrence of the text in that
line, from 1). The BMES file has one paragraph per non-blank page line, in page order,
one ``character tag`` line per character (a space or tab character keeps its own line,
which :func:`kg.extract.gold.read_gold` reads back) and a blank line between paragraphs.

Usage::

    python benchmarks/sample_gold.py           # (re)write tests/data/sample/gold.bmes
    python benchmarks/sample_gold.py --check   # exit 1 when gold.bmes is not up to date
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"
SAMPLE = ROOT / "tests" / "data" / "sample"
TSV = SAMPLE / "gold.tsv"
BMES = SAMPLE / "gold.bmes"
TYPES = ("PER", "LOC", "ORG")


@dataclass(frozen=True)
class GoldRow:
    """One hand-annotated mention: the page line, its text, its type, which occurrence."""

    line: int
    mention: str
    type: str
    nth: int


def read_rows(path: Path = TSV) -> list[GoldRow]:
    """The TSV's rows, in file order.

    Raises:
        ValueError: a row without four fields, an unknown type, or a count below 1.
    """
    rows: list[GoldRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if number == 1 or not fields:  # the header
                continue
            if len(fields) != 4 or fields[2] not in TYPES or int(fields[3]) < 1:
                raise ValueError(f"{path}:{number}: bad row {fields!r}")
            rows.append(GoldRow(int(fields[0]), fields[1], fields[2], int(fields[3])))
    return rows


def page_lines(path: Path = PAGE) -> dict[int, str]:
    """The page's non-blank lines by 1-based line number, each without its newline."""
    text = path.read_text(encoding="utf-8")
    return {number: line for number, line in enumerate(text.split("\n"), 1) if line.strip()}


def locate(line: str, mention: str, nth: int) -> int:
    """The offset of the ``nth`` occurrence of ``mention`` in ``line``.

    Raises:
        ValueError: the line holds fewer than ``nth`` occurrences.
    """
    start = -1
    for _ in range(nth):
        start = line.find(mention, start + 1)
        if start < 0:
            raise ValueError(f"occurrence {nth} of {mention!r} not in line {line[:30]!r}…")
    return start


def line_tags(line: str, rows: list[GoldRow]) -> list[str]:
    """One BMES tag per character of ``line`` for the rows that belong to it.

    Raises:
        ValueError: a mention not found, or two mentions overlapping.
    """
    tags = ["O"] * len(line)
    for row in rows:
        start = locate(line, row.mention, row.nth)
        end = start + len(row.mention)
        if any(tag != "O" for tag in tags[start:end]):
            raise ValueError(f"line {row.line}: {row.mention!r} overlaps another mention")
        if end - start == 1:
            tags[start] = f"S-{row.type}"
            continue
        tags[start:end] = [f"B-{row.type}"] + [f"M-{row.type}"] * (end - start - 2) + [f"E-{row.type}"]
    return tags


def to_bmes(lines: dict[int, str], rows: list[GoldRow]) -> str:
    """The BMES text of the page: one block per non-blank line, blocks parted by a blank line.

    Raises:
        ValueError: a row names a line that is blank or not in the page, or see :func:`line_tags`.
    """
    by_line: dict[int, list[GoldRow]] = {}
    for row in rows:
        if row.line not in lines:
            raise ValueError(f"line {row.line} is blank or not in the page ({row.mention!r})")
        by_line.setdefault(row.line, []).append(row)
    blocks = []
    for number, line in lines.items():
        tags = line_tags(line, by_line.get(number, []))
        blocks.append("".join(f"{char} {tag}\n" for char, tag in zip(line, tags)))
    return "\n".join(blocks)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) ``gold.bmes``; 1 when the check finds it stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = to_bmes(page_lines(), read_rows())
    if args.check:
        current = BMES.read_bytes() if BMES.exists() else b""
        if current != text.encode("utf-8"):
            print(f"{BMES} is not up to date: run benchmarks/sample_gold.py", file=sys.stderr)
            return 1
        return 0
    BMES.write_bytes(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
