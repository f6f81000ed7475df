"""Modern news gold written for kg: inline markup → BMES, and the recognizer's score on each set.

``benchmarks/data/modern/`` holds paragraphs of Chinese news written for this evaluation in
the styles of today's papers (city dailies, evening papers, portals, wire copy), each mention
marked inline as ``{text|TYPE}`` (TYPE: PER, LOC or ORG), one paragraph a line, ``#`` lines
being comments. ``README.md`` there says who wrote what, the conventions, and which files
are development halves (rules may be written against their errors) and which are test sets
(measured only). Each ``NAME.txt`` gives ``NAME.bmes`` (one ``character tag`` line a character,
a space too, as in "Sam Altman", and a blank line between paragraphs).

Usage::

    python benchmarks/modern_gold.py            # (re)write every .bmes from its .txt
    python benchmarks/modern_gold.py --check    # exit 1 when a .bmes is not up to date
    python benchmarks/modern_gold.py --score [--model M] [--out benchmarks/results/modern.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.extract.gold import GoldParagraph

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "benchmarks" / "data" / "modern"
TRAINING = ROOT / "benchmarks" / "data" / "modern-train"  # written for training the tagger, never scored
MARK = re.compile(r"\{([^{}|]+)\|(PER|LOC|ORG)\}")


def paragraph_tags(line: str) -> list[tuple[str, str]]:
    """The ``(character, BMES tag)`` pairs of one marked-up paragraph (a space keeps its own pair).

    Raises:
        ValueError: a brace or bar left outside a well-formed mark.
    """
    pairs: list[tuple[str, str]] = []
    position = 0
    for mark in MARK.finditer(line):
        pairs += [(ch, "O") for ch in line[position : mark.start()]]
        name, kind = mark.group(1), mark.group(2)
        if len(name) == 1:
            pairs.append((name, f"S-{kind}"))
        else:
            pairs += [(name[0], f"B-{kind}"), *((ch, f"M-{kind}") for ch in name[1:-1]), (name[-1], f"E-{kind}")]
        position = mark.end()
    pairs += [(ch, "O") for ch in line[position:]]
    if any(ch in "{}|" for ch, _ in pairs):
        raise ValueError(f"stray markup in {line[:40]!r}")
    return pairs


def to_bmes(markup: str) -> str:
    """The BMES text of a marked-up file's paragraphs (comments and blank lines skipped).

    Raises:
        ValueError: a line with stray markup (its line number is in the message).
    """
    blocks = []
    for number, line in enumerate(markup.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            blocks.append("".join(f"{ch} {tag}\n" for ch, tag in paragraph_tags(line)))
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from None
    return "\n".join(blocks) + ("\n" if blocks else "")


def marked_paragraphs(path: Path) -> list[GoldParagraph]:
    """The paragraphs of a marked-up file with their mentions, read as ``kg evaluate`` reads its BMES.

    Raises:
        ValueError: a line with stray markup (its file and line number are in the message).
    """
    from kg.extract.gold import read_gold

    try:
        bmes = to_bmes(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    with tempfile.TemporaryDirectory() as folder:
        converted = Path(folder) / f"{path.stem}.bmes"
        converted.write_text(bmes, encoding="utf-8")
        return list(read_gold(converted, fmt="bmes"))


def score(paths: list[Path], *, model: Path | None) -> dict[str, dict[str, dict[str, float | int]]]:
    """Each set's precision, recall and F1 by type, with kg's whole recognizer (no paper)."""
    from kg.extract.evaluate import evaluate_file

    results = {}
    for path in paths:
        results[path.stem] = evaluate_file(path, fmt="bmes", model=model).score.as_dict()
    return results


def main(argv: list[str] | None = None) -> int:
    """Write or check the BMES files, or score them; 1 when ``--check`` finds one stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--score", action="store_true", help="score kg on every set")
    parser.add_argument("--model", type=Path, default=None, help="CRF model (default: the shipped one)")
    parser.add_argument("--out", type=Path, default=None, help="write the scores as JSON here")
    args = parser.parse_args(argv)
    sources = sorted(SETS.glob("*.txt"))
    if args.score:
        results = score([p.with_suffix(".bmes") for p in sources], model=args.model)
        for name, types in results.items():  # PER, LOC, ORG, ALL
            cells = "  ".join(f"{kind} {row['f1']:.3f}" for kind, row in types.items())
            print(f"{name:16} {cells}")
        if args.out:
            args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return 0
    stale = 0
    for source in sources:
        text = to_bmes(source.read_text(encoding="utf-8")).encode("utf-8")
        target = source.with_suffix(".bmes")
        if args.check:
            if not target.exists() or target.read_bytes() != text:
                print(f"{target} is not up to date: run benchmarks/modern_gold.py", file=sys.stderr)
                stale = 1
        else:
            target.write_bytes(text)
    return stale


if __name__ == "__main__":
    sys.exit(main())
