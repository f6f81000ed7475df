"""The timeline's time axis: events placed by date in proportion, periods drawn as spans, one lane per family.

A date given to the day is a point, at the start of its day; one given to the month or
the year (2023-01, 2022) is the whole period, and an event with an end date runs to it:
both are drawn as a span, with the event's node at its middle, so an event of "2022"
never looks like one of 2022-01-01. Within a lane, events whose spans or labels would
overlap go on rows of their own. The axis has ticks of years, months, weeks and days;
the page draws the finest that the zoom leaves room for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from kg.web.views.layout import Layout

PX_PER_DATE = 220  # of axis for each distinct date or period shown, within the bounds below
MIN_WIDTH, MAX_WIDTH = 1200, 12000  # px of the whole axis
MAX_PX_PER_DAY = 96  # a week of events does not spread over a screen per day
ROW_STEP = 44  # px between the rows of a lane: a node and its label
LANE_GAP = 90  # px between the last row of a lane and the next lane, its name between
LABEL_HALF_PER_CHAR = 10  # px each side of a node per character of its label (labels are centred)
LABEL_CHARS = 14  # the longest label drawn (kg.web.views.vis)
ROW_MARGIN = 12  # px kept free between two events of one row
TICK_UNITS = ("year", "month", "week", "day")  # coarsest first; a week starts on Monday
MAX_TICKS = 4000  # of one unit: past this the finer units are left out (a decade of days)


@dataclass(frozen=True)
class Period:
    """What a start and end date cover: ``first`` day on, up to ``stop`` (exclusive; ``first`` for a day)."""

    first: dt.date
    stop: dt.date

    @property
    def is_span(self) -> bool:
        return self.stop > self.first


def period_of(start: str, end: str = "") -> Period | None:
    """The period of an event dated ``start`` (and ``end``) at their precision; None when not a date."""
    try:
        first = _first_day(start)
        stop = _after(end or start)
    except ValueError:
        return None
    return Period(first, max(first, stop))


def _first_day(date: str) -> dt.date:
    return dt.date.fromisoformat(date[:10] if len(date) >= 10 else date + "-01-01"[len(date) - 4 :])


def _after(date: str) -> dt.date:
    """The day after a month or a year (where its span stops); a day itself (a point)."""
    first = _first_day(date)
    if len(date) >= 10:
        return first
    if len(date) == 7:
        return _add_months(first, 1)
    return first.replace(year=first.year + 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Axis:
    """Days to pixels: x = (day − ``origin``) × ``px_per_day``."""

    origin: dt.date
    px_per_day: float

    def x(self, day: dt.date) -> float:
        return round((day - self.origin).days * self.px_per_day, 2)


def axis_for(periods: Sequence[Period]) -> Axis:
    """An axis from the first period's start, long enough to tell the distinct dates apart."""
    first = min(p.first for p in periods)
    days = max(1, (max(p.stop for p in periods) - first).days)
    width = min(MAX_WIDTH, max(MIN_WIDTH, PX_PER_DATE * len(set(periods))))
    return Axis(first, min(MAX_PX_PER_DAY, width / days))


def ticks(axis: Axis, stop: dt.date) -> list[tuple[float, str, str]]:
    """The axis's ticks from its origin to ``stop``: (x, label, unit) for each unit of :data:`TICK_UNITS`."""
    found = []
    for unit in TICK_UNITS:
        days = _tick_days(axis.origin, stop, unit)
        if len(days) > MAX_TICKS:
            break
        found += [(axis.x(day), day.isoformat()[: {"year": 4, "month": 7}.get(unit, 10)], unit) for day in days]
    return found


def _tick_days(origin: dt.date, stop: dt.date, unit: str) -> list[dt.date]:
    """The first days of the years, months, weeks or days from ``origin`` to ``stop``, both included."""
    if unit in ("week", "day"):
        step = 7 if unit == "week" else 1
        first = origin + dt.timedelta(days=(-origin.weekday()) % 7 if unit == "week" else 0)
        count = (stop - first).days // step + 1 if stop >= first else 0
        return [first + dt.timedelta(days=i * step) for i in range(min(count, MAX_TICKS + 1))]
    months = 12 if unit == "year" else 1
    day = dt.date(origin.year, 1 if unit == "year" else origin.month, 1)
    day = day if day >= origin else _add_months(day, months)
    found = []
    while day <= stop and len(found) <= MAX_TICKS:
        found.append(day)
        day = _add_months(day, months)
    return found


def timeline_layout(graph: nx.Graph, *, lane_of: Mapping[str, str], lane_order: Sequence[str]) -> Layout:
    """Events by date on a proportional axis, one lane per family (``lane_of``, in ``lane_order``).

    Returns:
        The node positions (a span's node at its middle), the ticks, the lanes, each
        span's ends, and the axis (its first day and pixels a day).
    """
    periods = {n: period_of(graph.nodes[n]["start"], graph.nodes[n].get("end", "")) for n in graph}
    dated = {n: p for n, p in periods.items() if p is not None}
    if not dated:
        return Layout()
    axis = axis_for(list(dated.values()))
    ends = {n: (axis.x(p.first), axis.x(p.stop)) for n, p in dated.items()}
    xs = {n: round((x0 + x1) / 2, 2) for n, (x0, x1) in ends.items()}
    # What each event takes of its row: its span, and its label centred below its node.
    half = {n: LABEL_HALF_PER_CHAR * min(len(graph.nodes[n]["label"]) or 1, LABEL_CHARS) for n in dated}
    extents = {n: (min(x0, xs[n] - half[n]), max(x1, xs[n] + half[n])) for n, (x0, x1) in ends.items()}
    found = {lane_of[n] for n in dated}
    positions, lanes, y = {}, [], 0.0
    for lane in (lane for lane in dict.fromkeys([*lane_order, *sorted(found)]) if lane in found):
        rows = _rows([n for n in dated if lane_of[n] == lane], extents)
        lanes.append((y, lane))
        positions.update({n: (xs[n], y + row * ROW_STEP) for n, row in rows.items()})
        y += ROW_STEP * (max(rows.values()) + 1) + LANE_GAP
    spans = {n: ends[n] for n, p in dated.items() if p.is_span}
    stop = max(p.stop for p in dated.values())
    return Layout(positions, ticks(axis, stop), lanes, spans, (axis.origin.isoformat(), axis.px_per_day))


def _rows(nodes: list[str], extents: Mapping[str, tuple[float, float]]) -> dict[str, int]:
    """Each node's row, leftmost first: the first row whose last event ends before it begins."""
    placed: dict[str, int] = {}
    row_ends: list[float] = []
    for node in sorted(nodes, key=lambda n: (extents[n], n)):
        left, right = extents[node]
        row = next((i for i, end in enumerate(row_ends) if end + ROW_MARGIN <= left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(right)
        row_ends[row] = right
        placed[node] = row
    return placed
