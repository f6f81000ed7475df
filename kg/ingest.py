"""Ingest: find input files, decode them and attach page metadata.

A plain-text page export (``.txt``) becomes one :class:`~kg.model.Page`; a JSON Lines
file (``.jsonl``) becomes one page per record, each already cut to one article.
Bad input never raises out of :func:`read_pages`: it is yielded as an
:class:`~kg.model.InputProblem` naming the file (and line), and the other inputs go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import errors
from kg.model import InputProblem, Page, PageMeta
from kg.profiles import paper_profile

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def read_pages(
    paths: Iterable[str | os.PathLike[str]],
    *,
    paper: str | None = None,
    date: str | None = None,
) -> Iterator[Page | InputProblem]:
    """Yield the pages of every input file under ``paths``, in a stable order.

    Args:
        paths: files or folders; folders are searched recursively for ``.txt`` and
            ``.jsonl`` files (sidecar ``.json`` files are metadata, not inputs).
        paper: the paper's name, used where no sidecar gives one.
        date: the issue date (YYYY-MM-DD), used where no sidecar gives one.

    Yields:
        A :class:`Page` per page export or JSON Lines record, and an
        :class:`InputProblem` per file, record or sidecar that could not be used.
    """
    default_date = None
    if date is not None:
        default_date = check_date(date, source="--date")
    for path, explicit in iter_input_files(paths):
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, paper=paper, date=default_date)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            yield from _read_text_page(path, paper=paper, date=default_date)
        elif explicit:
            yield InputProblem(
                str(path), errors.InputError.code, f"unsupported file type {path.suffix!r}"
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


def clean_text(text: str) -> str:
    """Normalize line ends and drop control characters other than tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def decode_bytes(data: bytes, *, source: str) -> tuple[str, InputProblem | None]:
    """Decode a page export: UTF-8 (with or without BOM), else GB18030/GBK.

    A file that is UTF-8 except for a few bad bytes is decoded with replacement
    characters, and the first bad line is reported as a warning.

    Returns:
        The text and an optional warning.

    Raises:
        EmptyInputError, BinaryInputError, EncodingError.
    """
    if not data.strip():
        raise errors.EmptyInputError("file is empty", source=source)
    if _looks_binary(data):
        raise errors.BinaryInputError("file looks binary, not text", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        line = data.count(b"\n", 0, utf8_error.start) + 1
        warning = InputProblem(
            source,
            errors.EncodingError.code,
            "invalid UTF-8 bytes replaced by U+FFFD",
            line=line,
        )
        return data.decode("utf-8", errors="replace"), warning
    try:
        return data.decode("gb18030"), None
    except UnicodeDecodeError:
        pass
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise errors.EncodingError(
        "text is neither UTF-8 nor GB18030/GBK", source=source, line=line
    )


def _looks_binary(data: bytes) -> bool:
    head = data[:65536]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls > max(8, len(head) * 0.05)


def _mostly_utf8(data: bytes) -> bool:
    """True when almost every non-ASCII byte belongs to a valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return non_ascii > 0 and bad <= max(2, non_ascii // 100)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise errors.UnreadableInputError(f"cannot read file: {exc.strerror}", source=str(path))
    except OSError as exc:
        raise errors.UnreadableInputError(
            f"cannot read file: {exc.strerror or exc}", source=str(path)
        )


def _problem(exc: errors.KgError, source: str) -> InputProblem:
    return InputProblem(exc.source or source, exc.code, exc.message, exc.line)


def _read_text_page(path: Path, *, paper: str | None, date: str | None) -> Iterator[Page | InputProblem]:
    source = str(path)
    try:
        text, warning = decode_bytes(_read_bytes(path), source=source)
    except errors.KgError as exc:
        yield _problem(exc, source)
        return
    if warning:
        yield warning
    side, problem = _read_sidecar(path)
    if problem:
        yield problem
    meta = _page_meta(
        source,
        paper=side.get("paper") or paper,
        date=side.get("date") or (None if "date" in side else date),
        page=side.get("page"),
        url=side.get("url"),
        page_id=side.get("page") or path.stem,
    )
    yield Page(meta=meta, text=clean_text(text))


def _read_sidecar(path: Path) -> tuple[dict[str, str | None], InputProblem | None]:
    """Read ``NAME.json`` beside a page; an impossible date is reported and dropped."""
    side_path = path.with_suffix(".json")
    if not side_path.is_file():
        return {}, None
    source = str(side_path)
    try:
        data = json.loads(_read_bytes(side_path).decode("utf-8-sig"))
        if not isinstance(data, dict):
            raise errors.MetadataError("sidecar is not a JSON object", source=source)
    except (errors.KgError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        err = exc if isinstance(exc, errors.KgError) else errors.MetadataError(
            f"sidecar is not valid JSON: {exc}", source=source
        )
        return {}, _problem(err, source)
    side = {k: (None if v is None else str(v)) for k, v in data.items()}
    if side.get("date"):
        try:
            side["date"] = check_date(side["date"], source=source)
        except errors.MetadataError as exc:
            side["date"] = None
            return side, _problem(exc, source)
    return side, None


def _page_meta(
    source: str,
    *,
    paper: str | None,
    date: str | None,
    page: str | None,
    url: str | None,
    page_id: str,
) -> PageMeta:
    profile = paper_profile(paper)
    return PageMeta(
        source=source,
        paper=paper,
        date=date,
        page=page,
        page_id=page_id,
        home_city=profile.home_city,
        province=profile.province,
        url=url,
    )


def _read_jsonl(path: Path, *, paper: str | None, date: str | None) -> Iterator[Page | InputProblem]:
    source = str(path)
    try:
        data = _read_bytes(path)
        if not data.strip():
            raise errors.EmptyInputError("file is empty", source=source)
        text = data.decode("utf-8-sig")
    except errors.KgError as exc:
        yield _problem(exc, source)
        return
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        yield InputProblem(source, errors.EncodingError.code, "JSON Lines must be UTF-8", line)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield _jsonl_record(line, source=source, number=number, paper=paper, date=date)


def _jsonl_record(line: str, *, source: str, number: int, paper: str | None, date: str | None) -> Page | InputProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputProblem(source, errors.RecordError.code, f"broken JSON: {exc.msg}", number)
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
    meta = _page_meta(
        source,
        paper=_str_or_none(record.get("paper")) or paper,
        date=rec_date or date,
        page=_str_or_none(record.get("page")),
        url=_str_or_none(record.get("url")),
        page_id=_record_id(source, number, record.get("url")),
    )
    return Page(
        meta=meta,
        text=clean_text(body),
        headline=clean_text(str(record.get("headline") or "")).strip() or None,
        byline=clean_text(str(record.get("byline") or "")).strip() or None,
        line=number,
    )


def _record_id(source: str, number: int, url: object) -> str:
    """A record is its own unit of rebuilding: named by its URL, else its file and line.

    Records of one printed page must not share an id, or each would replace the others.
    """
    if url:
        return "url-" + hashlib.sha1(str(url).encode("utf-8")).hexdigest()[:12]
    return f"{Path(source).stem}-{number}"


def _str_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
