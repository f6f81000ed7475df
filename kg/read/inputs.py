"""Input files as kg reads them: their printable names, their sizes and bytes, dates given with them.

Shared by :mod:`kg.read.ingest` (page exports and sidecars) and :mod:`kg.read.jsonl`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from pathlib import Path

from kg import __version__, errors
from kg.model import InputProblem, Page

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Real e-paper pages are tens of kilobytes; a file far larger is something else (a
# dump, a log, a mistake) and must not hold up the build or exhaust its memory.
MAX_PAGE_BYTES = 8 * 1024 * 1024


def source_name(path: Path) -> str:
    """The path as text that can be written anywhere (report, RDF, IRIs).

    A file name that is not UTF-8 (an archive from a GBK system, say) comes from the
    file system with lone surrogates in it, which no output can encode: such a name is
    read as GB18030, or else its bad bytes are replaced by U+FFFD.
    """
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(path)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def check_date(value: str, *, source: str) -> str:
    """Return ``value`` if it is a real ISO date (YYYY-MM-DD).

    Raises:
        MetadataError: the date is malformed or impossible (e.g. 2023-02-30).
    """
    match = _DATE.match(str(value).strip())
    if not match:
        raise errors.MetadataError(f"date {value!r} is not YYYY-MM-DD", source=source)
    try:
        dt.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise errors.MetadataError(f"impossible date {value!r}: {exc}", source=source) from None
    return match.group(0)


def iso_day(year: int | str, month: int | str, day: int | str) -> str | None:
    """The ISO date of a printed year, month and day; None when no such day exists (2023年2月30日)."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse, before reading it, a file that is not a regular file or is too large.

    Raises:
        UnreadableInputError: no such file, or a FIFO, device or the like (reading
            one could block the build for ever).
        PageTooLargeError: the file is over ``max_bytes``.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise errors.UnreadableInputError(
            f"cannot read file: {exc.strerror or exc}", source=source_name(path)
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise errors.UnreadableInputError("not a regular file", source=source_name(path))
    if info.st_size > max_bytes:
        raise errors.PageTooLargeError(
            f"file is {info.st_size:,} bytes, over the page-size limit of {max_bytes:,} bytes",
            source=source_name(path),
        )


def read_bytes(path: Path) -> bytes:
    """The whole file.

    Raises:
        UnreadableInputError: it cannot be read.
    """
    try:
        return path.read_bytes()
    except OSError as exc:
        raise errors.UnreadableInputError(
            f"cannot read file: {exc.strerror or exc}", source=source_name(path)
        )


def problem(exc: errors.KgError, source: str) -> InputProblem:
    """An error as a problem of the build report, naming the file (and line)."""
    return InputProblem(exc.source or source, exc.code, exc.message, exc.line)


def content_hash(page: Page) -> str:
    """SHA-256 of what a page's graph depends on: its text, metadata and kg's version.

    A build skips a page whose hash the store already holds.
    """
    meta = page.meta
    basis = json.dumps(
        [__version__, meta.paper, meta.date, meta.page, meta.url, page.headline, page.byline, page.text],
        ensure_ascii=False,
    )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()
