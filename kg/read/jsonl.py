"""JSON Lines input: one page per record (``id``, ``headline``, ``text``, ``byline``, ``date``, ``paper``, ``page``, ``url``).

The file is read a line at a time, so it may be of any size; a bad line is reported with
its number and the other records are kept. A record is named by what identifies it in
the world (its ``id``, else its ``url``, else its page and headline), never by its line:
inserting a record must not rename the ones after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg import errors
from kg.model import InputProblem, Page, PageMeta
from kg.read.decoding import BINARY_PROBE, decode_bytes, looks_binary, text_fields
from kg.read.inputs import check_date, check_size, iso_day, problem, source_name

_RECORD_FIELDS = ("id", "headline", "text", "byline", "date", "paper", "page", "url")
# The names scrapers and archives give the same fields, read where kg's own name is absent
# (kg's name wins when a record has both): title, content, author, pub_date, source …
FIELD_ALIASES = {
    "headline": ("title",),
    "text": ("content", "body", "article"),
    "byline": ("author", "authors", "reporter"),
    "date": ("pub_date", "publish_date", "published", "pubdate", "publish_time"),  # not "time": a clock's
    "paper": ("newspaper", "media"),  # not "source": in scraped records the copy's origin (新华社)
    "page": ("page_no", "page_num"),
    "url": ("link",),
}
# Dates as archives print them (2023/03/06, 2023.3.6, 2023年3月6日, 2023-03-06 10:20): the day of each.
_DAY = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|\s*(\d{4})(\d{2})(\d{2})(?:\d{6})?(?!\d)")


def read_jsonl(
    path: Path, *, paper: str | None, date: str | None, max_bytes: int
) -> Iterator[Page | InputProblem]:
    """One page per record, read a line at a time: the file may be of any size.

    Lines end at ``\\n`` only: U+2028 and NEL may stand unescaped inside a JSON string.
    A bad line (too long, undecodable, broken JSON) is reported with its number and
    the other records are kept.
    """
    source = source_name(path)
    number, records = 0, 0
    taken: dict[str, int] = {}
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
                line, warning = _decode_line(raw, source=source, number=number)
                if warning:
                    yield warning
                if line is not None:
                    for item in _jsonl_record(line, source=source, number=number, paper=paper, date=date):
                        yield _numbered(item, taken) if isinstance(item, Page) else item
    except errors.KgError as exc:
        yield problem(exc, source)
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
    check_size(path, max_bytes=1 << 62)  # a regular file, of any size
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


def _jsonl_record(
    line: str, *, source: str, number: int, paper: str | None, date: str | None
) -> Iterator[Page | InputProblem]:
    """The page of one JSON Lines record, after the problems of its fields.

    A field of the wrong type is reported (KG105) and left out; a record whose text is
    missing (KG104) or not text (KG105) gives no page; a bad date is reported and the
    record built without one.
    """
    record = _parsed(line)
    if isinstance(record, str):
        yield InputProblem(source, errors.RecordError.code, record, number)
        return
    record = _aliased(record)
    fields, problems = text_fields(record, _RECORD_FIELDS, source=source, line=number)
    yield from problems
    body = fields.get("text")
    if not body or not body.strip():
        if record.get("text") is None or isinstance(record.get("text"), str):  # else reported above
            yield InputProblem(source, errors.RecordError.code, "record has no 'text'", number)
        return
    rec_date, problem = _record_date(fields.get("date"), source=source, number=number)
    yield from (problem,) if problem is not None else ()
    # A date the record gives but that is unusable is not replaced by --date: the record's
    # own date is unknown, and kg never guesses one.
    dropped = record.get("date") not in (None, "") and rec_date is None
    meta = PageMeta(
        source,
        paper=fields.get("paper") or paper,
        date=rec_date or (None if dropped else date),
        page=fields.get("page") or None,
        url=fields.get("url") or None,
        page_id=record_id(fields),
    )
    yield Page(
        meta=meta,
        text=body,
        headline=(fields.get("headline") or "").strip() or None,
        byline=(fields.get("byline") or "").strip() or None,
        line=number,
    )


def _record_date(printed: str | None, *, source: str, number: int) -> tuple[str | None, InputProblem | None]:
    """A record's date as an ISO day, or the problem (KG105) that it is none."""
    if not printed:
        return None, None
    try:
        return check_date(_day(printed), source=source), None
    except errors.MetadataError as exc:
        return None, InputProblem(source, exc.code, f"{exc.message}; the record is built without a date", number)


def _parsed(line: str) -> dict | str:
    """A line's record, or why it is none: broken JSON, unreadable JSON, or no object."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"broken JSON: {exc.msg}"
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, arrays nested 10⁵ deep
        return f"unreadable JSON: {exc}"
    return record if isinstance(record, dict) else "record is not a JSON object"


def record_id(fields: dict[str, str | None]) -> str:
    """A record's page id, from what names it in the world: its ``id``, its ``url``, or its page and headline.

    Lacking both ``id`` and ``url``, the printed page and the headline (or the opening of
    the text) name it: a corrected body keeps its id, and the build replaces it.
    """
    if fields.get("id"):
        return "id-" + _digest(fields["id"] or "")
    if fields.get("url"):
        return "url-" + _digest(fields["url"] or "")
    basis = (fields.get("headline") or "").strip() or (fields.get("text") or "").strip()[:200]
    return f"p{fields.get('page') or ''}-{_digest(basis)}"


def _numbered(page: Page, taken: dict[str, int]) -> Page:
    """The second record of a file with the same id is ``-2``, in file order: records never replace each other."""
    key = page.meta.page_id
    taken[key] = count = taken.get(key, 0) + 1
    if count == 1:
        return page
    return dataclasses.replace(page, meta=dataclasses.replace(page.meta, page_id=f"{key}-{count}"))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def _aliased(record: dict) -> dict:
    """The record with kg's field names: an alias stands in for a field the record lacks.

    A list of names as the author (["张三", "李四"]) is one byline of those names.
    """
    out = dict(record)
    for field, aliases in FIELD_ALIASES.items():
        own = out.get(field)
        if own is None or isinstance(own, str) and not own.strip():  # "date": "" beside "pub_date": "…" is no date
            # the first alias that holds text ("published": true beside "publish_time": "…" is no date)
            alias = next((v for a in aliases if _text_like(v := record.get(a), names=field == "byline")), None)
            own = (" ".join(alias) if isinstance(alias, list) else alias) if alias is not None else own
        if field == "date" and isinstance(own, int) and not isinstance(own, bool):
            own = _int_day(own) or own  # 1678060800 (a Unix time), 20230306; else reported as a number
        if own is not None:
            out[field] = own
    return out


def _int_day(stamp: int) -> str | None:
    """The day of a date given as a number: 20230306, or a Unix time in seconds or milliseconds (China's time)."""
    if 19000101 <= stamp <= 21001231:
        return iso_day(stamp // 10000, stamp // 100 % 100, stamp % 100)
    return _epoch_day(stamp)


def _epoch_day(stamp: int) -> str | None:
    """The day in China's time of a Unix time in seconds or milliseconds; None when it is neither."""
    seconds = stamp / 1000 if stamp > 10**11 else stamp
    if not 946_684_800 <= seconds <= dt.datetime.now().timestamp() + 366 * 86_400:  # 2000 to a year ahead
        return None
    return dt.datetime.fromtimestamp(seconds, _CHINA).date().isoformat()


def _text_like(value: object, *, names: bool) -> bool:
    """Text (or a number, as a page may be), or, for a byline, a list of names."""
    if isinstance(value, list):
        return names and bool(value) and all(isinstance(v, str) for v in value)
    return isinstance(value, str) and bool(value.strip()) or isinstance(value, int) and not isinstance(value, bool)


def _day(printed: str) -> str:
    """The issue day, in China's time, of a date as archives print it; else the text as it is.

    2023/3/6, 2023年3月6日 and 2023-03-06 10:20 are that day; a time with its zone
    (2023-03-05T16:30:00Z) and a feed's date (Mon, 06 Mar 2023 08:00:00 GMT) are read in
    China's time (UTC+8), the day the paper dates the story.
    """
    printed = printed.strip()
    if printed.isdigit():  # 20230306[HH[MM[SS]]] first, else a Unix time as text
        return _int_day(int(printed[:8])) if len(printed) in (8, 10, 12, 14) and _int_day(int(printed[:8])) else (
            _epoch_day(int(printed)) or printed)
    zoned = _zoned(printed)
    if zoned is not None:
        return zoned.astimezone(_CHINA).date().isoformat()
    found = _DAY.match(printed)
    if found is None:
        return printed[:10]
    year, month, day = found.groups()[:3] if found[1] else found.groups()[3:]  # 2023-3-6, 2023年3月6日, 20230306
    return iso_day(year, month, day) or printed[:10]  # an impossible day: check_date reports it


_CHINA = dt.timezone(dt.timedelta(hours=8))


def _zoned(printed: str) -> dt.datetime | None:
    """A time with its zone, ISO 8601 or RFC 822; None for any other text."""
    from email.utils import parsedate_to_datetime

    try:
        moment = dt.datetime.fromisoformat(printed)
    except ValueError:
        try:
            moment = parsedate_to_datetime(printed)
        except (TypeError, ValueError, IndexError):
            return None
    return moment if moment.tzinfo is not None else None

