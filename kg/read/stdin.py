"""Standard input as an input file: a page export, or JSON Lines when it starts with ``{``.

The reading stage reads files (their names give page ids, their suffixes their kind),
so ``kg build -`` copies standard input into a file first and builds that. The copy is
named after its content (``stdin-<digest>.txt``): two pages piped on the same paper and
day are two pages, not one replacing the other, and piping one page twice builds it once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

from kg.read.ingest import JSONL_SUFFIXES, TEXT_SUFFIXES

STDIN = "-"
STDIN_STEM = "stdin"  # with the content's digest, the page id of a page read from standard input
DIGEST_CHARS = 12
# The temporary folder standard input is copied into: no file a later build can read again.
SPOOL_PREFIX = "kg-stdin-"
_PROBE = 4096
_BOM = b"\xef\xbb\xbf"


def spool_stdin(stream: BinaryIO, folder: str | Path) -> Path:
    """Copy ``stream`` into ``folder/stdin-<digest>.jsonl`` (it starts with ``{``) or ``….txt``."""
    head = stream.read(_PROBE)
    jsonl = head.removeprefix(_BOM).lstrip().startswith(b"{")
    suffix = min(JSONL_SUFFIXES if jsonl else TEXT_SUFFIXES)
    digest = hashlib.sha256()
    partial = Path(folder) / f"{STDIN_STEM}.part"
    with partial.open("wb") as out:
        chunk = head
        while chunk:
            digest.update(chunk)
            out.write(chunk)
            chunk = stream.read(1 << 20)
    return partial.rename(Path(folder) / f"{STDIN_STEM}-{digest.hexdigest()[:DIGEST_CHARS]}{suffix}")


def is_spooled(path: str | Path) -> bool:
    """The path is standard input's copy (:func:`spool_stdin` into a ``SPOOL_PREFIX`` folder)."""
    return Path(path).parent.name.startswith(SPOOL_PREFIX)
