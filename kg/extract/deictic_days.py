"""Days named relative to the report (今日, 今晨, 昨晚, 前天, 当天), dated as news uses them.

:mod:`kg.extract.timex` dates the printed dates and 昨日/昨天 and leaves these words out.
Emergency reports lean on them (今日上午八时许, 昨晚8时, 前日下午), so they are dated here,
and only where the day is certain:

* 今日, 今晨, 今晚 … are the day the story was written (the dateline's date, else the issue's);
  a bare 今天 only before a part of the day or an hour (今天上午, 今天8时), since 今天 alone is
  as often "nowadays";
* 昨晚, 昨夜, 昨晨 the day before it, 前天, 前日, 前晚 two days before;
* 当天, 当日, 当晚 the day of the last day-precise date printed before them, else the
  dateline's date (新华社某地5日电 … 该国当天发生地震); without either, nothing.

Two kinds of date timex leaves out are read here by handing them to timex in a form it reads
(:func:`find_times`), so that they are normalized exactly as timex normalizes dates: a date
printed right before an hour (26日20时, 2008年8月30日16时30分: timex takes a digit after 日 for
a longer number), and a day in Chinese numerals without its month (二十九日晚 as 29日).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from kg.extract.timex import find_times
from kg.model import TimeSpan
from kg.lang.chars import CN_DIGITS, CN_NUMERALS, CN_ZEROS

_PART_OF_DAY = rf"(?=凌晨|清晨|早晨|早上|上午|中午|午间|下午|傍晚|晚上|晚间|夜间|深夜|[0-9０-９{CN_NUMERALS}两]{{1,3}}[时点])"
_DEICTIC = re.compile(
    r"(?P<today>今日|今晨|今早|今晚|今夜|今天" + _PART_OF_DAY + r")"
    r"|(?P<yesterday>昨晚|昨夜|昨晨|昨早)"
    r"|(?P<before>前天|前日|前晚|前夜)(?!里)"
    r"|(?P<same>当天|当日|当晚|当夜|同日)"
)
_SHIFT = {"today": 0, "yesterday": -1, "before": -2}
_BEFORE_CLOCK = re.compile(r"[日号](?=[0-9０-９]{1,2}[时点:：])")
# A day in Chinese numerals printed without its month (二十九日晚): timex reads Arabic ones only.
_CHINESE_DAY = re.compile(
    rf"(?<![月0-9０-９{CN_ZEROS}{CN_NUMERALS}第前近后每数多余个连几])(三十一?|二十[{CN_DIGITS}]?|十[{CN_DIGITS}]?|[{CN_DIGITS}])日"
)
_CHINESE_DIGITS = {ch: n for n, ch in enumerate("〇" + CN_DIGITS)}
_DATE_REACH = 14  # characters of a date before its 日: 2008年12月30日


def deictic_times(
    text: str, times: list[TimeSpan], *, anchor: str | None, dateline_date: str | None
) -> list[TimeSpan]:
    """``times`` (timex's, in text order) with the relative days of ``text`` added, in text order.

    Args:
        text: the article's text; the spans' offsets refer to it.
        times: the time expressions timex found in it.
        anchor: the date the story was written (its dateline's, else the issue's), ISO.
        dateline_date: the dateline's own date, which 当天 falls back on.

    Returns:
        A new list; each added span has day precision and the word as printed.
    """
    found = [*_dates_before_clocks(text, times, anchor), *_chinese_days(text, times, anchor)]
    merged = sorted([*times, *found], key=lambda t: t.offset)
    if not any(ch in text for ch in "今昨前当同"):
        return merged
    taken = {t.offset for t in merged}
    offsets = [t.offset for t in merged]
    added = []
    for match in _DEICTIC.finditer(text):
        if match.start() in taken or _inside(merged, offsets, match.start()):
            continue
        day = _day_of(match, merged, offsets, anchor=anchor, dateline_date=dateline_date)
        if day is not None:
            added.append(TimeSpan(day, day, "day", match.group(0), match.start()))
    return sorted(merged + added, key=lambda t: t.offset)


def _dates_before_clocks(text: str, times: list[TimeSpan], anchor: str | None) -> list[TimeSpan]:
    """The dates right before an hour that timex left out, read by timex alone (26日 of 26日20时)."""
    ends = {t.offset + len(t.text) for t in times}
    out = []
    for match in _BEFORE_CLOCK.finditer(text):
        end = match.end()
        if end in ends:
            continue
        lo = max(0, end - _DATE_REACH)
        window = text[lo:end]
        found = [t for t in find_times(window, issue_date=anchor) if t.offset + len(t.text) == len(window)]
        if found:
            span = found[-1]
            out.append(TimeSpan(span.start, span.end, span.granularity, span.text, lo + span.offset))
    return out


def _chinese_days(text: str, times: list[TimeSpan], anchor: str | None) -> list[TimeSpan]:
    """Days in Chinese numerals without their month (二十九日), read by timex as the same day in digits."""
    starts = {t.offset for t in times}
    out = []
    for match in _CHINESE_DAY.finditer(text):
        if match.start() in starts:
            continue
        found = find_times(f"{_day_number(match.group(1))}日", issue_date=anchor)
        if found:
            out.append(TimeSpan(found[0].start, found[0].end, "day", match.group(0), match.start()))
    return out


def _day_number(numeral: str) -> int:
    """二十九 → 29, 十 → 10, 三十一 → 31."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _CHINESE_DIGITS[numeral]
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def _day_of(
    match: re.Match[str], times: list[TimeSpan], offsets: list[int], *, anchor: str | None, dateline_date: str | None
) -> str | None:
    kind = match.lastgroup or ""
    if kind in _SHIFT:
        return _shift(anchor, _SHIFT[kind])
    earlier = times[: bisect.bisect_left(offsets, match.start())]
    days = [t for t in earlier if t.granularity == "day" and t.start == t.end]
    if days:
        return days[-1].start
    return dateline_date


def _shift(anchor: str | None, days: int) -> str | None:
    if not anchor:
        return None
    try:
        return (dt.date.fromisoformat(anchor[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _inside(times: list[TimeSpan], offsets: list[int], pos: int) -> bool:
    """``pos`` falls inside a time timex found (the 当 of 当年12月 is its)."""
    last = bisect.bisect_right(offsets, pos) - 1
    return last >= 0 and pos < times[last].offset + len(times[last].text)


__all__ = ["deictic_times"]
