"""Ingest: find input files, decode them and attach page metadata.

A plain-text page export (``.txt``) becomes one :class:`~kg.model.Page`; a JSON Lines
file (``.jsonl``) becomes one page per record, each already cut to one article.
Bad input never raises out of :func:`read_pages`: it is yielded as an
:class:`~kg.model.InputProblem` naming the file (and line), and the other inputs go on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg import errors
from kg.read.decoding import BINARY_PROBE, clean_text, decode_bytes, looks_binary
from kg.model import InputProblem, Page, PageMeta

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl"}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Real e-paper pages are tens of kilobytes; a file far larger is something else (a
# dump, a log, a mistake) and must not hold up the build or exhaust its memory.
MAX_PAGE_BYTES = 8 * 1024 * 1024


def read_pages(
    paths: Iterable[str | os.PathLike[str]],
    *,
    paper: str | None = None,
    date: str | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Iterator[Page | InputProblem]:
    """Yield the pages of every input file under ``paths``, in a stable order.

    Args:
        paths: files or folders; folders are searched recursively for ``.txt`` and
            ``.jsonl`` files (sidecar ``.json`` files are metadata, not inputs).
        paper: the paper's name, used where no sidecar gives one.
        date: the issue date (YYYY-MM-DD), used where no sidecar gives one.
        max_bytes: the size limit of a page export, a sidecar and a JSON Lines
            record; a larger one is reported (:class:`~kg.errors.PageTooLargeError`)
            without being read. JSON Lines files themselves may be of any size.

    Yields:
        A :class:`Page` per page export or JSON Lines record, and an
        :class:`InputProblem` per file, record or sidecar that could not be used.
    """
    default_date = None
    if date is not None:
        default_date = check_date(date, source="--date")
    for path, explicit in iter_input_files(paths):
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, paper=paper, date=default_date, max_bytes=max_bytes)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            yield from _read_text_page(path, paper=paper, date=default_date, max_bytes=max_bytes)
        elif explicit and not path.exists():  # a mistyped name: say so, not "unsupported"
            yield InputProblem(source_name(path), errors.UnreadableInputError.code, "no such file or folder")
        elif explicit:
            yield InputProblem(
                source_name(path), errors.InputError.code, f"unsupported file type {path.suffix!r}"
            )


def iter_input_files(
    paths: Iterable[str | os.PathLike[str]],
) -> Iterator[tuple[Path, bool]]:
    """Yield ``(file, named_explicitly)`` for every input under ``paths``, sorted."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES and not p.is_dir()
            )
            candidates = [(p, False) for p in found]
        else:
            candidates = [(path, True)]
        for p, explicit in candidates:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p, explicit


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


def _check_size(path: Path, max_bytes: int) -> None:
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


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise errors.UnreadableInputError(
            f"cannot read file: {exc.strerror or exc}", source=source_name(path)
        )


def page_from_text(
    text: str, *, source: str = "<text>", paper: str | None = None, date: str | None = None, page: str | None = None
) -> Page:
    """A page from a string, read as a page export's text is (line ends, control characters).

    Raises:
        MetadataError: ``date`` is not a real YYYY-MM-DD date.
    """
    if not isinstance(text, str):
        raise errors.InputError(f"the text must be a string, not {type(text).__name__}", source=source)
    checked = check_date(date, source=source) if date is not None else None
    meta = PageMeta(source, paper=paper, date=checked, page=page, page_id=page or "text")
    return Page(meta=meta, text=clean_text(text))


def _problem(exc: errors.KgError, source: str) -> InputProblem:
    return InputProblem(exc.source or source, exc.code, exc.message, exc.line)


def _read_text_page(
    path: Path, *, paper: str | None, date: str | None, max_bytes: int
) -> Iterator[Page | InputProblem]:
    source = source_name(path)
    try:
        _check_size(path, max_bytes)
        text, warning = decode_bytes(_read_bytes(path), source=source)
    except errors.KgError as exc:
        yield _problem(exc, source)
        return
    if warning:
        yield warning
    side, problem = _read_sidecar(path, max_bytes=max_bytes)
    if problem:
        yield problem
    meta = PageMeta(
        source,
        paper=side.get("paper") or paper,
        date=side.get("date") or (None if "date" in side else date),
        page=side.get("page"),
        url=side.get("url"),
        page_id=side.get("page") or Path(source).stem,
    )
    yield Page(meta=meta, text=clean_text(text))


def _read_sidecar(path: Path, *, max_bytes: int) -> tuple[dict[str, str | None], InputProblem | None]:
    """Read ``NAME.json`` beside a page; an impossible date is reported and dropped."""
    side_path = path.with_suffix(".json")
    if not side_path.is_file():
        return {}, None
    source = source_name(side_path)
    try:
        _check_size(side_path, max_bytes)
        data = json.loads(_read_bytes(side_path).decode("utf-8-sig"))
        if not isinstance(data, dict):
            raise errors.MetadataError("sidecar is not a JSON object", source=source)
    except (errors.KgError, ValueError, RecursionError) as exc:  # ValueError: bad UTF-8 or JSON
        err = exc if isinstance(exc, errors.KgError) else errors.MetadataError(
            f"sidecar is not valid JSON: {exc}", source=source
        )
        return {}, _problem(err, source)
    side = {k: (None if v is None else clean_text(str(v))) for k, v in data.items()}
    if side.get("date"):
        try:
            side["date"] = check_date(side["date"], source=source)
        except errors.MetadataError as exc:
            side["date"] = None
            return side, _problem(exc, source)
    return side, None


def _read_jsonl(
    path: Path, *, paper: str | None, date: str | None, max_bytes: int
) -> Iterator[Page | InputProblem]:
    """One page per record, read a line at a time: the file may be of any size.

    Lines end at ``\\n`` only: U+2028 and NEL may stand unescaped inside a JSON string.
    A bad line (too long, undecodable, broken JSON) is reported with its number and
    the other records are kept.
    """
    source = source_name(path)
    number, records = 0, 0
    try:
        with _open_jsonl(path) as fh:
            for number, raw in _lines(fh, max_bytes):
                if raw is None:
                    records += 1
                    yield InputProblem(source, errors.PageTooLargeError.code,
                                       f"record over the page-size limit of {max_bytes:,} bytes", number)
                    continue
                if not raw.strip():
                    continue
                records += 1
                line, problem = _decode_line(raw, source=source, number=number)
                if problem:
                    yield problem
                if line is not None:
                    yield _jsonl_record(line, source=source, number=number, paper=paper, date=date)
    except errors.KgError as exc:
        yield _problem(exc, source)
        return
    except OSError as exc:  # the disk failed in the middle of the file
        yield InputProblem(source, errors.UnreadableInputError.code,
                           f"cannot read file: {exc.strerror or exc}", number + 1)
        return
    if not records:
        yield InputProblem(source, errors.EmptyInputError.code, "file is empty")


def _open_jsonl(path: Path) -> BinaryIO:
    """Open a JSON Lines file for reading, at its start.

    Raises:
        UnreadableInputError, BinaryInputError.
    """
    _check_size(path, max_bytes=1 << 62)  # a regular file, of any size
    try:
        fh = path.open("rb")
        binary = looks_binary(fh.read(BINARY_PROBE))
        fh.seek(0)
    except OSError as exc:
        raise errors.UnreadableInputError(
            f"cannot read file: {exc.strerror or exc}", source=source_name(path)
        ) from None
    if binary:
        fh.close()
        raise errors.BinaryInputError("file looks binary, not text", source=source_name(path))
    return fh


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, bytes)`` of each line; None for a line over ``max_bytes``,
    which is skipped without being held in memory."""
    number = 0
    while raw := fh.readline(max_bytes + 1):
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield number, None
        else:
            yield number, raw


def _decode_line(raw: bytes, *, source: str, number: int) -> tuple[str | None, InputProblem | None]:
    """A record's text, and a problem if it was not clean UTF-8.

    JSON Lines should be UTF-8; a GBK line is decoded as such, as a ``.txt`` page would be.
    """
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text, warning = decode_bytes(raw, source=source)
    except errors.KgError as exc:
        return None, InputProblem(source, exc.code, exc.message, number)
    return text, (dataclasses.replace(warning, line=number) if warning else None)


def _jsonl_record(line: str, *, source: str, number: int, paper: str | None, date: str | None) -> Page | InputProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(source, errors.RecordError.code, f"broken JSON: {exc.msg}", number)
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, arrays nested 10⁵ deep
        return InputProblem(source, errors.RecordError.code, f"unreadable JSON: {exc}", number)
    if not isinstance(record, dict):
        return InputProblem(source, errors.RecordError.code, "record is not a JSON object", number)
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return InputProblem(source, errors.RecordError.code, "record has no 'text'", number)
    rec_date = record.get("date")
    if rec_date:
        try:
            rec_date = check_date(str(rec_date)[:10], source=source)
        except errors.MetadataError as exc:
            return InputProblem(source, exc.code, exc.message, number)
    url = _str_or_none(record.get("url"))
    meta = PageMeta(
        source,
        paper=_str_or_none(record.get("paper")) or paper,
        date=rec_date or date,
        page=_str_or_none(record.get("page")),
        url=url,
        page_id=_record_id(source, number, url),
    )
    return Page(
        meta=meta,
        text=clean_text(body),
        headline=clean_text(str(record.get("headline") or "")).strip() or None,
        byline=clean_text(str(record.get("byline") or "")).strip() or None,
        line=number,
    )


def _record_id(source: str, number: int, url: str | None) -> str:
    """A record is its own unit of rebuilding: named by its URL, else its file and line.

    Records of one printed page must not share an id, or each would replace the others.
    """
    if url:
        return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    return f"{Path(source).stem}-{number}"


def _str_or_none(value: object) -> str | None:
    return None if value is None or value == "" else clean_text(str(value))


__all__ = [
    "JSONL_SUFFIXES",
    "MAX_PAGE_BYTES",
    "TEXT_SUFFIXES",
    "check_date",
    "clean_text",  # from kg.read.decoding
    "decode_bytes",  # from kg.read.decoding
    "iter_input_files",
    "page_from_text",
    "read_pages",
    "source_name",
]
