"""The untagged People's Daily month (``raw-199801.txt``) as kg's JSON Lines input.

Each line of the raw file is a 19-character paragraph id ``YYYYMMDD-PP-AAA-NNN`` followed
by the paragraph; paragraph 001 of an article is its headline. The benchmarks build the
month (or copies of it) from the JSON Lines these functions write.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "pfr1998" / "raw-199801.txt"


def read_articles(path: Path = CORPUS) -> list[dict[str, str]]:
    """Every article of the raw file (3,148 for January 1998), as JSON Lines records.

    A one-paragraph item has no headline: its paragraph is its text.
    """
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if len(line) > 19 and line[8] == "-":
            groups[line[:15]].append((line[16:19], line[19:].strip()))
    articles = []
    for key, paragraphs in groups.items():
        paragraphs.sort()
        rest = [text for number, text in paragraphs if number != "001" and text]
        headline = paragraphs[0][1] if paragraphs[0][0] == "001" else ""
        if not rest:
            headline, rest = "", [headline]
        date = f"{key[:4]}-{key[4:6]}-{key[6:8]}"
        articles.append({"headline": headline, "text": "\n".join(rest), "date": date,
                         "paper": "人民日报", "page": key[9:11]})
    return articles


def write_jsonl(articles: list[dict[str, str]], path: Path, *, year_shift: int = 0, limit: int | None = None) -> Path:
    """Write the records (their years shifted, for distinct copies of the month)."""
    with path.open("w", encoding="utf-8") as out:
        for record in articles[:limit]:
            if year_shift:
                record = dict(record, date=str(int(record["date"][:4]) + year_shift) + record["date"][4:])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
