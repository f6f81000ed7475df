"""Ingest: find input files, decode them and attach page metadata.

A plain-text page export (``.txt``) becomes one :class:`~kg.model.Page`, or one per page
when it holds several, each opening with its label (:mod:`kg.read.issue`); a JSON Lines
file (``.jsonl``) becomes one page per record, each already cut to one article.
Bad input never raises out of :func:`read_pages`: it is yielded as an
:class:`~kg.model.InputProblem` naming the file (and line), and the other inputs go on.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import errors
from kg.read.decoding import clean_text, decode_bytes, text_fields
from kg.read.furniture import Masthead, read_masthead
from kg.read.inputs import MAX_PAGE_BYTES, check_date, check_size, iso_day, problem, read_bytes, source_name
from kg.read.issue import split_pages
from kg.read.jsonl import read_jsonl
from kg.model import InputProblem, Page, PageMeta

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl"}


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
    for item in _input_files(paths):
        if isinstance(item, InputProblem):
            yield item
            continue
        path, explicit = item
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path, paper=paper, date=default_date, max_bytes=max_bytes)
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
    """Yield ``(file, named_explicitly)`` for every input under ``paths``, sorted.

    Paths that cannot be resolved (symbolic link loops) are left out; :func:`read_pages`
    reports them.
    """
    for item in _input_files(paths):
        if not isinstance(item, InputProblem):
            yield item


def count_pages(paths: Iterable[str | os.PathLike[str]]) -> int:
    """The pages under ``paths``, counted cheaply: a page export its labelled pages, a JSON Lines file its non-blank lines."""
    total = 0
    for path, _ in iter_input_files(paths):
        if path.suffix.lower() not in JSONL_SUFFIXES:
            total += _text_pages(path) if path.suffix.lower() in TEXT_SUFFIXES else 1
            continue
        try:
            with path.open("rb") as fh:
                total += max(1, sum(1 for line in fh if line.strip()))  # an empty file: one problem
        except OSError:
            total += 1  # read_pages reports it: one step of the progress
    return total


def _text_pages(path: Path) -> int:
    """The pages a page export holds; 1 when it cannot be read (:func:`read_pages` reports it)."""
    try:
        check_size(path, MAX_PAGE_BYTES)
        text, _ = decode_bytes(read_bytes(path), source=str(path))
    except (errors.KgError, OSError):
        return 1
    return max(1, len(split_pages(clean_text(text))))


def _input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, bool] | InputProblem]:
    """:func:`iter_input_files`, with a problem (KG106) for each path that cannot be resolved."""
    seen: set[Path] = set()
    looped: set[str] = set()
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
            try:
                key = p.resolve()
            except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
                if os.path.abspath(p) not in looped:
                    looped.add(os.path.abspath(p))
                    yield InputProblem(source_name(p), errors.UnreadableInputError.code, _unresolvable(exc))
                continue
            if key not in seen:
                seen.add(key)
                yield p, explicit


def _unresolvable(exc: OSError | RuntimeError) -> str:
    if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
        return "a symbolic link that leads back to itself (a loop): nothing to read"
    return f"cannot resolve the path: {exc.strerror or exc}"


def page_from_text(
    text: str, *, source: str = "<text>", paper: str | None = None, date: str | None = None, page: str | None = None
) -> Page:
    """A page from a string, read as a page export's text is (line ends, control characters).

    What is not given is taken from the page's masthead when it prints one (:func:`read_masthead`).
    The text is one page even when it holds several, each opening with its label: its page
    is the label in its first lines (:func:`read_pages` cuts a file of several into its pages).

    Raises:
        MetadataError: ``date`` is not a real YYYY-MM-DD date.
    """
    if not isinstance(text, str):
        raise errors.InputError(f"the text must be a string, not {type(text).__name__}", source=source)
    checked = check_date(date, source=source) if date is not None else None
    text = clean_text(text)
    printed = read_masthead(text) if not (paper and checked and page) else Masthead()
    meta = PageMeta(
        source, paper=paper or printed.paper, date=checked or printed.date, page=page or printed.page, page_id=page or "text"
    )
    return Page(meta=meta, text=text)


def _read_text_page(
    path: Path, *, paper: str | None, date: str | None, max_bytes: int
) -> Iterator[Page | InputProblem]:
    source = source_name(path)
    try:
        check_size(path, max_bytes)
        text, warning = decode_bytes(read_bytes(path), source=source)
    except errors.KgError as exc:
        yield problem(exc, source)
        return
    if warning:
        yield warning
    side, problems = _read_sidecar(path, max_bytes=max_bytes)
    yield from problems
    text = clean_text(text)
    paper, date = side.get("paper") or paper, side.get("date") or (None if "date" in side else date)
    printed = read_masthead(text) if not (paper and date and side.get("page")) else Masthead()
    meta = PageMeta(
        source,
        paper=paper or printed.paper,
        # A sidecar's "date": null says the date is unknown: nothing printed overrides it.
        date=date or (None if "date" in side else printed.date or date_in_name(path.stem) or date_in_name(path.parent.name)),
        page=side.get("page") or printed.page,
        url=side.get("url"),
        page_id=side.get("page") or Path(source).stem,  # not the printed page: files of one page stay apart
    )
    # A sidecar's page says the file is that one page: it is not cut at the labels it prints.
    printed_pages = [] if side.get("page") else split_pages(text)
    if not printed_pages:
        yield Page(meta=meta, text=text)
    for part in printed_pages:
        own = dataclasses.replace(meta, page=part.page, page_id=f"{meta.page_id}-{part.page}")
        yield Page(meta=own, text=part.text)


# A range of days in a name (…_20230331 right after the first date): no one issue's.
_RANGE = re.compile(r"\s*[-_~至到]\s*(?:19|20)\d\d[-_.]?[01]\d[-_.]?[0-3]\d(?!\d)")
# A date in a file's name, as e-paper exports name their pages (2023-01-09_A05, 20230109-03).
_NAMED_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(stem: str) -> str | None:
    """The issue date a file's or folder's name holds (ISO); None when it holds none, an impossible one,
    or two (20230301-20230331: a range, an archive of many days)."""
    found = _NAMED_DATE.search(stem)
    if found is None or _RANGE.match(stem, found.end()):  # 20230301-20230331, 2023-03-01至2023-03-31
        return None
    return iso_day(*found.groups())


def _read_sidecar(path: Path, *, max_bytes: int) -> tuple[dict[str, str | None], list[InputProblem]]:
    """Read ``NAME.json`` beside a page; an impossible date or a field that is not text is reported and dropped."""
    side_path = path.with_suffix(".json")
    if not side_path.is_file():
        return {}, []
    source = source_name(side_path)
    try:
        check_size(side_path, max_bytes)
        data = json.loads(read_bytes(side_path).decode("utf-8-sig"))
        if not isinstance(data, dict):
            raise errors.MetadataError("sidecar is not a JSON object", source=source)
    except (errors.KgError, ValueError, RecursionError) as exc:  # ValueError: bad UTF-8 or JSON
        err = exc if isinstance(exc, errors.KgError) else errors.MetadataError(
            f"sidecar is not valid JSON: {exc}", source=source
        )
        return {}, [problem(err, source)]
    side, problems = text_fields(data, ("paper", "date", "page", "url"), source=source)
    if side.get("date"):
        try:
            side["date"] = check_date(side["date"], source=source)
        except errors.MetadataError as exc:
            side["date"] = None
            problems.append(problem(exc, source))
    return side, problems


__all__ = [
    "JSONL_SUFFIXES",
    "MAX_PAGE_BYTES",
    "TEXT_SUFFIXES",
    "check_date",
    "clean_text",  # from kg.read.decoding
    "count_pages",
    "decode_bytes",  # from kg.read.decoding
    "iter_input_files",
    "page_from_text",
    "read_pages",
    "source_name",
]
