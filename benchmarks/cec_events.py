"""The CEC emergency reports as gold for kg's events: each report's page text and its events' offsets.

CEC (Shanghai University, ``../shared/corpora/cec/dev``: 168 reports in five folders, 交通事故
地震 恐怖袭击 火灾 食物中毒) marks every event of each sentence: its trigger (``Denoter``, typed
``emergency``, ``action`` …), ``Time``, ``Location``, ``Participant``, ``Object``; an ``Event``
may be ``polarity="negative"`` (所幸没有生命危险). A report is read as a user's page would be:
the ``Title`` as the headline line, a blank line, then the paragraphs of ``Content`` with blank
lines between them, as ``benchmarks/eval_bylines.py`` reads them; where each trigger, time and
place lands in that text is recorded. ``gold_main``, ``gold_date`` and ``gold_places`` pick
the main event and what it is compared on (their choices are argued in
``benchmarks/eval_events.py``, which scores kg against them); ``Aligned`` carries the offsets
into the texts of kg's articles.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPORTING = ("statement", "perception")  # trigger types of the reporter's own events: 电, 讯, 报道, 了解
CEC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "cec" / "dev"


@dataclass(frozen=True)
class Span:
    """An annotated element: offsets into the report's page text, and its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class GoldEvent:
    """One annotated ``Event``: its trigger, the trigger's type, and its times and places."""

    trigger: Span
    kind: str  # the Denoter's type: emergency, action, stateChange …
    negative: bool
    sentence: int
    times: tuple[Span, ...]
    locations: tuple[Span, ...]


@dataclass(frozen=True)
class Report:
    """One CEC report as a page: its text, its date and the events annotated in it."""

    name: str  # the file under cec/dev
    category: str
    report_date: str | None  # YYYY-MM-DD
    text: str
    events: tuple[GoldEvent, ...]


# ------------------------------------------------------------------ reading


def _clean(text: str | None) -> str:
    # The XML indents its tags with newlines and tabs; a space inside a line is the text's.
    return re.sub(r"\s*\n\s*", "", text or "").strip()


_KEPT = ("Denoter", "Time", "Location")


class _Page:
    """The page text as it is built, and where each element of the XML lands in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.sentences = 0
        self.elements: list[tuple[str, dict[str, str], Span, str | None, int]] = []  # tag, attrs, span, event, sentence

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def walk(self, el: ET.Element, *, event: str | None = None, sentence: int = -1) -> None:
        """Append the text of ``el`` and record its span, the event and the sentence it lies in."""
        start = self.length
        if el.tag == "Sentence":
            sentence, self.sentences = self.sentences, self.sentences + 1
        event = el.get("eid", event) if el.tag == "Event" else event
        self.add(_clean(el.text))
        for child in el:
            self.walk(child, event=event, sentence=sentence)
            self.add(_clean(child.tail))
        text = "".join(self.parts)[start:] if el.tag in _KEPT else ""  # the others' text is not needed
        self.elements.append((el.tag, dict(el.attrib), Span(start, self.length, text), event, sentence))


def read_report(path: Path, *, name: str, category: str) -> Report:
    """Parse one CEC file into its page text and its events, with offsets into that text."""
    root = ET.parse(path).getroot()
    page = _Page()
    page.add(_clean(root.findtext("Title")))
    for paragraph in root.iterfind("Content/Paragraph"):
        page.add("\n\n")
        page.walk(paragraph)
    parts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for tag, attrs, span, event, sentence in page.elements:
        if event is not None:
            parts[event][tag].append((attrs, span, sentence))
    events = []
    for tags in parts.values():
        if not tags["Denoter"] or not tags["Event"]:
            continue
        (attrs, trigger, sentence), event_attrs = tags["Denoter"][0], tags["Event"][-1][0]
        negative = "negative" in (attrs.get("polarity"), event_attrs.get("polarity"))
        times = tuple(sorted((s for _, s, _ in tags["Time"]), key=lambda s: s.start))
        places = tuple(sorted((s for _, s, _ in tags["Location"]), key=lambda s: s.start))
        events.append(GoldEvent(trigger, attrs.get("type", ""), negative, sentence, times, places))
    events.sort(key=lambda e: e.trigger.start)
    date = report_date(root.findtext("ReportTime") or "")
    return Report(name, category, date, "".join(page.parts), tuple(events))


def read_reports(*, folder: Path = CEC, category: str | None = None, limit: int | None = None) -> list[Report]:
    """The reports of ``folder``, in file order; ``category`` keeps one folder's."""
    paths = sorted(p for p in folder.glob("*/*.xml") if category in (None, p.parent.name))
    paths = paths[:limit] if limit is not None else paths
    return [read_report(p, name=str(p.relative_to(folder)), category=p.parent.name) for p in paths]


def report_date(raw: str) -> str | None:
    """The date of a ``ReportTime`` (2014-04-15 18:50, 2009年5月22日, 2008/04/08, 25/07/2009)."""
    found = re.search(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})", raw)
    if found:
        year, month, day = found.groups()
    elif found := re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw):  # day first: the one such file has 25/07
        day, month, year = found.groups()
    else:
        return None  # 2012-07: a month is no anchor for 昨天
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_DATE = re.compile(rf"(?:(?P<y>[0-9]{{4}}|[〇零一二三四五六七八九]{{4}})年)?(?:(?P<m>{_NUM})月份?)?(?:(?P<d>{_NUM})[日号])?")
_DAYS_BACK = (("前天", -2), ("前日", -2), ("前晚", -2), ("昨", -1), ("今天", 0), ("今日", 0), ("今晨", 0),
              ("今早", 0), ("今晚", 0))  # fmt: skip
_YEARS_BACK = (("去年", -1), ("前年", -2), ("今年", 0))


def _number(text: str) -> int:
    """2, 12, 十二, 二十三, 二〇〇八 as numbers."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
    return int("".join(str(_DIGITS[c]) for c in text))


def resolve_time(expr: str, *, anchor: str | None) -> str | None:
    """The date a gold ``Time`` names, at its precision (``2014-04-15``, ``2014-04``, ``2014``).

    Args:
        expr: the annotated text (4月15日上午十点左右, 昨天下午1点多, 17日凌晨 …).
        anchor: the report's date; a month-day or a day without a year is its latest
            occurrence on or before it (a report tells of what has happened).
    """
    expr = expr.translate(_FULLWIDTH).replace("（", "").replace("）", "")  # ２日; 今（30）日
    found = next((m for m in _DATE.finditer(expr) if m.group(0)), None)  # 北京时间5月12日: the date inside
    year, month, day = (_number(found.group(k)) if found and found.group(k) else None for k in "ymd")
    if year is not None:
        return _absolute(year, month, day)
    if anchor is None:
        return None
    base = dt.date.fromisoformat(anchor)
    if month or day:
        return _latest(base, month=month, day=day)
    for word, back in _DAYS_BACK:
        if word in expr:
            return (base + dt.timedelta(days=back)).isoformat()
    for word, back in _YEARS_BACK:
        if word in expr:
            return str(base.year + back)
    return None


def _absolute(year: int, month: int | None, day: int | None) -> str | None:
    """``2008``, ``2008-05`` or ``2008-05-12``; a day without its month is the year."""
    if month is None:
        return str(year)
    if day is None:
        return f"{year}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _latest(base: dt.date, *, month: int | None, day: int | None) -> str | None:
    """The latest month-day (or month, or day) on or before ``base``, as ISO at its precision."""
    for back in range(25):  # months back: enough for any day but 31 to come round
        y, m = divmod(base.year * 12 + base.month - 1 - back, 12)
        if month is not None and m + 1 != month:
            continue
        if day is None:
            return f"{y}-{m + 1:02d}"
        try:
            when = dt.date(y, m + 1, day)
        except ValueError:
            continue
        if when <= base:
            return when.isoformat()
    return None


def gold_main(report: Report) -> GoldEvent | None:
    """The report's main event: its first ``emergency`` trigger of an event not marked negative."""
    return next((e for e in report.events if e.kind == "emergency" and not e.negative), None)


def gold_date(report: Report) -> str | None:
    """The date of the main event's first ``Time`` that resolves, at its precision."""
    main = gold_main(report)
    # Not the sentence's other times: the first is often the dateline's (新华社昆明12月26日电), another event's.
    dates = (resolve_time(t.text, anchor=report.report_date) for t in (main.times if main else ()))
    return next((d for d in dates if d), None)


def gold_places(report: Report) -> list[Span]:
    """The main event's ``Location``s; without one, those its sentence gives before the trigger.

    Only places before the trigger (在X发生火灾): what follows it is mostly the response (事发后，
    领导赶往现场). Reporting events (``statement``, ``perception``: 电, 讯, 了解) are left out:
    their place is the dateline's (新华社昆明电), where the story was filed.
    """
    main = gold_main(report)
    if main is None or main.locations:
        return list(main.locations) if main else []
    return [place for e in report.events if e.sentence == main.sentence and e.kind not in REPORTING
            for place in e.locations if place.end <= main.trigger.start]  # fmt: skip


# ------------------------------------------------------------------ the gold in kg's articles


class Aligned:
    """Page offsets carried into kg's articles, by aligning their texts with the page text."""

    def __init__(self, text: str, articles: Sequence[Any]) -> None:
        self.starts, joined = [], ""
        for article in articles:
            self.starts.append(len(joined))
            joined += article.text + "\0"  # no character of the page: no match runs across articles
        self.where: list[int | None] = [None] * len(text)
        for i, j, size in difflib.SequenceMatcher(None, text, joined, autojunk=False).get_matching_blocks():
            self.where[i : i + size] = range(j, j + size)

    def span(self, span: Span) -> tuple[int, int, int] | None:
        """(article index, start, end) of a page span in kg's articles; None when kg left it out."""
        hits = [w for w in self.where[span.start : span.end] if w is not None]
        if not hits:
            return None
        article = bisect.bisect_right(self.starts, hits[0]) - 1
        hits = [h for h in hits if bisect.bisect_right(self.starts, h) - 1 == article]
        return article, hits[0] - self.starts[article], hits[-1] + 1 - self.starts[article]
