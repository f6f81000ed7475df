"""Time expressions: find dates in article text and normalize them against the issue date.

Candidates are found with precompiled regexes and only those strings are handed to
jionlp's parser (``jionlp.parse_time``, loaded without the rest of jionlp by
:mod:`kg.extract.jionlp_time`; the plainest dates are read without it), whose results are
cached per (expression, base). Expressions keep their precision: a day stays a day, a
month a month, a year a year. A relative expression
(去年, 今年, 7日, 1月5日, 昨日 …) needs an anchor date: the date the story was written, its
dateline's when one is printed, else the issue date (:mod:`kg.extract.datelines`); without
it the expression is left out rather than guessed. Deictic words (近日, 日前, 当天 …) are
never resolved: their date is not in the text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections.abc import Iterator
from functools import lru_cache

from kg.extract.jionlp_time import time_parser
from kg.model import TimeSpan
from kg.lang.chars import CN_DIGITS, CN_NUMERALS, CN_ZEROS

# Granularities from the finest: a day-precise date says more than a month or a year.
PRECISION = {"day": 0, "month": 1, "year": 2}

# Replaced one character at a time: ``str.translate`` looks up every character of a Chinese
# text in its dict (0.10 s against 0.007 s a PFR month).
_FULLWIDTH = tuple(zip("０１２３４５６７８９－～", "0123456789-~"))
_SEP = r"(?:至|到|—{1,2}|－|-|~|～)"
_ANUM = r"(?:3[01]|[12][0-9]|0?[1-9])"  # day number 1..31
_MNUM = rf"(?:1[0-2]|0?[1-9]|十[一二]?|[{CN_DIGITS}])"
_CDAY = rf"(?:三十一?|二十[{CN_DIGITS}]?|十[{CN_DIGITS}]?|[{CN_DIGITS}])"
_YEAR = rf"(?:(?<![0-9])[12][0-9]{{3}}|[{CN_ZEROS}{CN_DIGITS}]{{4}})年(?!代|级|龄|纪)"
_RELYEAR = r"(?<![以之多两几数近])(?:去|今|明|前|当|同)年(?![轻级龄纪代])"
# 昨日 and 昨天: the day before the anchor date. 今天 and 明天 are left out: "nowadays" and
# "the future" as often as dates (今天的城市, 美好的明天).
_RELDAY = r"昨[日天](?!黄花)"
_Y = rf"(?:{_YEAR}|{_RELYEAR})"
_M = rf"(?:{_MNUM})月份?"
_D = rf"(?:(?:{_ANUM})[日号]|(?:{_CDAY})日)"
_BARE_D = rf"(?<![0-9.%\-第前近后每数多余个连几])(?:{_ANUM})日"
_NOT_AFTER = r"(?![0-9]|内|以内|之内|后|以后|之后|游|制|均)"
_ISO_DATE = r"(?<![0-9])[12][0-9]{3}-(?:1[0-2]|0?[1-9])-(?:3[01]|[12][0-9]|0?[1-9])(?![0-9-])"
_UNIT_LEFT = rf"(?:{_Y}(?:{_M}{_D}?)?|{_M}{_D}?|{_BARE_D})"
# 7-8日, 1-3月, 2023-2025年, 2023年5月20-21日: the left number takes the right's unit.
_BARE_LEFT = rf"(?:{_Y}{_M}|{_Y}|{_M})?(?<![0-9.])(?:{_ANUM}|[12][0-9]{{3}})"
_RIGHT = rf"(?:{_Y}?{_M}{_D}?|{_Y}|{_M}|{_D}|[0-9]{{1,2}}日)"
# What a candidate opens with: a digit, a Chinese numeral, 十 (a month), 去今明前当同 (a year), 昨.
# Said up front, it lets the regex engine pass over every other character at once instead of
# trying each alternative there: ten times faster over a month of articles, the same matches.
_OPENS = rf"(?=[0-9{CN_ZEROS}{CN_NUMERALS}去今明前当同昨])"
_CANDIDATE = re.compile(
    rf"{_OPENS}(?:{_ISO_DATE}|{_RELDAY}|{_BARE_LEFT}{_SEP}{_RIGHT}|{_UNIT_LEFT}(?:{_SEP}{_RIGHT})?){_NOT_AFTER}"
)
_ISO = re.compile(r"([12][0-9]{3})-([0-9]{1,2})-([0-9]{1,2})")
_SPLIT = re.compile(_SEP)
_ABS_YEAR = re.compile(rf"[0-9]{{4}}|[{CN_ZEROS}{CN_DIGITS}]{{4}}")
_REL_YEAR = re.compile(r"^(?:去|今|明|前)年")
_CONTEXT_YEAR = re.compile(r"^(?:当|同)年")
_REL_DAY = re.compile(_RELDAY)
_NEAR_DAYS = 183  # a month-day without year is the occurrence nearest the issue date


def find_times(text: str, *, issue_date: str | None) -> list[TimeSpan]:
    """Find and normalize the time expressions of ``text``.

    Args:
        text: article text; offsets of the spans refer to it.
        issue_date: the ISO date (YYYY-MM-DD) relative expressions count from: the
            issue's, or the dateline's when the story was written on another day;
            None leaves relative expressions out.

    Returns:
        The resolved expressions in text order, each with its precision (day, month
        or year), the expression as printed and its offset.
    """
    norm = _halfwidth(text)  # same length: offsets stay valid
    issue = _to_date(issue_date)
    spans: list[TimeSpan] = []
    for match in _iter_candidates(norm):
        context_year = int(spans[-1].start[:4]) if spans else None
        span = _resolve(match.group(0), issue=issue, context_year=context_year)
        if span is not None:
            start, end, granularity = span
            spans.append(TimeSpan(start, end, granularity, text[match.start() : match.end()], match.start()))
    return spans


def _halfwidth(text: str) -> str:
    """``text`` with full-width digits, hyphen and tilde made ASCII."""
    for wide, narrow in _FULLWIDTH:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


def holiday_time(
    name: str, *, offset: int, issue_date: str | None, rule: str, year: int | None = None
) -> TimeSpan | None:
    """The date of a holiday named in the text (元旦, 春节 …), from its calendar rule.

    Args:
        name: the holiday as printed; it is the span's text.
        offset: where ``name`` starts in the text.
        issue_date: ISO issue date; picks the occurrence nearest to it.
        rule: ``MM-DD`` for a fixed day, or a festival name jionlp knows (春节 …).
        year: the year the text gives for it (2023年春节), if any.

    Returns:
        A one-day span, or None when neither a year nor an issue date is known.
    """
    issue = _to_date(issue_date)
    if year is None and issue is None:
        return None
    years = [year] if year is not None else [issue.year - 1, issue.year, issue.year + 1]
    days = [d for d in (_holiday_day(rule, y) for y in years) if d is not None]
    if not days:
        return None
    best = days[0] if issue is None else min(days, key=lambda d: abs((d - issue).days))
    return TimeSpan(best.isoformat(), best.isoformat(), "day", name, offset)


# ------------------------------------------------------------------ candidates


def _iter_candidates(norm: str) -> Iterator[re.Match[str]]:
    """Regex matches of time expressions, ISO dates (2023-01-09) included."""
    if any(ch in norm for ch in "年月日号-昨"):
        yield from _CANDIDATE.finditer(norm)


def _resolve(expr: str, *, issue: dt.date | None, context_year: int | None) -> tuple[str, str, str] | None:
    """Normalize one candidate to (start, end, granularity), or None."""
    iso = _ISO.fullmatch(expr)
    if iso:
        expr = f"{iso.group(1)}年{int(iso.group(2))}月{int(iso.group(3))}日"
    granularity = _granularity(expr)
    qualified = _qualify(expr, issue=issue, context_year=context_year)
    if qualified is None:
        return None
    string, base, shift = qualified
    parsed = _parse_range(string, base) if _SPLIT.search(string) else _parse(string, base)
    if parsed is None:
        return None
    start, end = parsed
    if shift and issue is not None:
        start, end = _nearest_year(start, end, issue)
    if end < start:
        return None
    return start.isoformat(), end.isoformat(), granularity


def _granularity(expr: str) -> str:
    if "日" in expr or "号" in expr or "天" in expr or expr.count("-") == 2:
        return "day"
    return "month" if "月" in expr else "year"


def _qualify(
    expr: str, *, issue: dt.date | None, context_year: int | None
) -> tuple[str, str | None, bool] | None:
    """Make ``expr`` parseable: (string for jionlp, base date or None, shift to nearest year).

    Relative parts are anchored here: 当年 takes the year of the previous expression, a
    bare day takes the month nearest the issue date, a month-day without a year is
    parsed in the issue year and later moved to the nearest occurrence.
    """
    head = _SPLIT.split(expr, maxsplit=1)[0]
    if head[-1:].isdigit():  # 1-3月, 7-8日: the left number has the right side's unit
        head += re.sub(r"[^年月日号]", "", expr)[:1]
    if _ABS_YEAR.match(head):
        return expr, None, False
    if _CONTEXT_YEAR.match(head):
        return (None if context_year is None else (f"{context_year}年{expr[2:]}", None, False))
    if issue is None:
        return None
    if _REL_YEAR.match(head) or _REL_DAY.match(head):
        return expr, issue.isoformat(), False
    if "月" not in head:
        month = _bare_day_month(head, issue)
        return (None if month is None else (f"{month.year}年{month.month}月{expr}", None, False))
    return f"{issue.year}年{expr}", None, True


def _bare_day_month(head: str, issue: dt.date) -> dt.date | None:
    """The month (as its first day) of the valid date with day ``head`` nearest the issue."""
    digits = re.match(r"[0-9]+", head)
    if not digits:
        return None
    day = int(digits.group(0))
    best: dt.date | None = None
    for delta in (0, -1, 1):
        y, m = divmod(issue.year * 12 + issue.month - 1 + delta, 12)
        try:
            candidate = dt.date(y, m + 1, day)
        except ValueError:
            continue
        if best is None or abs((candidate - issue).days) < abs((best - issue).days):
            best = candidate
    return None if best is None else best.replace(day=1)


def _nearest_year(start: dt.date, end: dt.date, issue: dt.date) -> tuple[dt.date, dt.date]:
    """Move a span parsed in the issue year to the neighbouring year when that is nearer."""
    if (start - issue).days > _NEAR_DAYS:
        return _add_years(start, -1), _add_years(end, -1)
    if (issue - end).days > _NEAR_DAYS:
        return _add_years(start, 1), _add_years(end, 1)
    return start, end


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# ------------------------------------------------------------------ jionlp


def _parse_range(string: str, base: str | None) -> tuple[dt.date, dt.date] | None:
    """Parse a range by its two ends; the right end inherits the units it leaves out.

    jionlp reads ``7日至8日`` as a duration and ``2023年1月至3月`` as January alone,
    so ranges are not given to it whole.
    """
    left, right = _SPLIT.split(string, maxsplit=1)
    right_units = re.sub(r"[^年月日号]", "", right)
    if not right_units:
        return None
    if left[-1:].isdigit():
        left += right_units[0]  # 7-8日: the left number has the right's first unit
    prefix = _prefix_for(left, right_units[0])
    if prefix is None:
        return None
    first, second = _parse(left, base), _parse(prefix + right, base)
    if first is None or second is None:
        return None
    return first[0], second[1]


def _prefix_for(left: str, unit: str) -> str | None:
    """The part of ``left`` above ``unit`` (2023年1月 for a right side in 日)."""
    if unit == "年":
        return ""
    cut = left.find("年") + 1 if unit == "月" else left.find("月") + 1
    if unit in "日号" and cut == 0:
        return None
    return left[:cut]


def _parse(string: str, base: str | None) -> tuple[dt.date, dt.date] | None:
    """Dates of a point or span expression, via jionlp; None when it cannot say."""
    result = _jio(string, base)
    if result is None:
        return None
    return dt.date.fromisoformat(result[0]), dt.date.fromisoformat(result[1])


@lru_cache(maxsize=65536)
def _jio(string: str, base: str | None) -> tuple[str, str] | None:
    """Call ``jionlp.parse_time`` once per (string, base); keep only accurate dates.

    jionlp raises ValueError (and sometimes other errors) on strings it cannot parse
    (近日 …), and returns a ``time_delta`` for bare day spans; both mean "no date".
    The plainest dates, most of a page's, are read without it (:func:`_plain_date`).
    """
    plain = _plain_date(string, base)
    if plain is not None:
        return plain
    parse_time = time_parser()
    base_time = time.mktime(time.strptime(base or "2000-01-01", "%Y-%m-%d"))
    try:
        result = parse_time(string, time_base=base_time)
    except Exception:  # noqa: BLE001 - jionlp signals "cannot parse" with assorted errors
        return None
    if result.get("type") not in ("time_point", "time_span") or result.get("definition") != "accurate":
        return None
    times = result.get("time")
    if not isinstance(times, list) or len(times) != 2 or not all(isinstance(t, str) for t in times):
        return None
    return times[0][:10], times[1][:10]


# 2023年, 2023年1月, 2023年1月9日, 去年 …, 昨日: what _qualify hands the parser most of the time.
_PLAIN = re.compile(r"(?:([12][0-9]{3})|([去今明前]))年(?:([0-9]{1,2})月(?:([0-9]{1,2})日)?)?|(昨)[日天]")
_YEAR_SHIFT = {"去": -1, "今": 0, "明": 1, "前": -2}


def _plain_date(string: str, base: str | None) -> tuple[str, str] | None:
    """The dates jionlp gives a plain, valid date (a year, a month or a day), without jionlp.

    Relative years and 昨日 count from ``base`` (2000-01-01 without one, as jionlp is called).
    None for anything else, a month or day out of range included: jionlp reads those its own
    way (2023年13月 is the year), so they go to it. A test holds the two to the same dates.
    """
    match = _PLAIN.fullmatch(string)
    if match is None:
        return None
    year, shift, month, day, yesterday = match.groups()
    anchor = dt.date.fromisoformat(base or "2000-01-01")
    if yesterday:
        before = (anchor - dt.timedelta(days=1)).isoformat()
        return before, before
    y = int(year) if year else anchor.year + _YEAR_SHIFT[shift]
    try:
        if day:
            return (point := dt.date(y, int(month), int(day)).isoformat()), point
        if month:
            first = dt.date(y, int(month), 1)
            return first.isoformat(), (_add_months(first, 1) - dt.timedelta(days=1)).isoformat()
        return dt.date(y, 1, 1).isoformat(), dt.date(y, 12, 31).isoformat()
    except ValueError:  # a month or day out of range
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return day.replace(year=y, month=m + 1)


@functools.lru_cache(maxsize=1024)  # a pure function of a few holidays and years, asked for at every one found
def _holiday_day(rule: str, year: int) -> dt.date | None:
    fixed = re.fullmatch(r"(\d{2})-(\d{2})", rule)
    if fixed:
        try:
            return dt.date(year, int(fixed.group(1)), int(fixed.group(2)))
        except ValueError:
            return None
    parsed = _parse(f"{year}年{rule}", None)
    return None if parsed is None else parsed[0]


def _to_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


__all__ = ["find_times", "holiday_time"]
