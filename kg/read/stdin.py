"""Standard input as an input file: a page export, or JSON Lines when it starts with ``{``.

The reading stage reads files (their names give page ids, their suffixes their kind),
so ``kg build -`` copies standard input into a file first and builds that.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import BinaryIO

from kg.read.ingest import JSONL_SUFFIXES, TEXT_SUFFIXES

STDIN = "-"
STDIN_STEM = "stdin"  # the page id of a page read from standard input
# The temporary folder standard input is copied into: no file a later build can read again.
SPOOL_PREFIX = "kg-stdin-"
_PROBE = 4096
_BOM = b"\xef\xbb\xbf"


def spool_stdin(stream: BinaryIO, folder: str | Path) -> Path:
    """Copy ``stream`` into ``folder/stdin.jsonl`` (it starts with ``{``) or ``folder/stdin.txt``."""
    head = stream.read(_PROBE)
    jsonl = head.removeprefix(_BOM).lstrip().startswith(b"{")
    suffix = min(JSONL_SUFFIXES if jsonl else TEXT_SUFFIXES)
    path = Path(folder) / f"{STDIN_STEM}{suffix}"
    with path.open("wb") as out:
        out.write(head)
        shutil.copyfileobj(stream, out)
    return path


def is_spooled(path: str | Path) -> bool:
    """The path is standard input's copy (:func:`spool_stdin` into a ``SPOOL_PREFIX`` folder)."""
    return Path(path).parent.name.startswith(SPOOL_PREFIX)
