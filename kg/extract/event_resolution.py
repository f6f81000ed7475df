"""Events across a build: one :class:`~kg.model.Event` per real event, from every article's mentions.

Named events are one event when their normalized names are equal and their dates
overlap. Happenings (a fire, an arrest, a visit: ``named=False``) have no name to go by;
:mod:`kg.extract.happening_identity` decides which of their mentions are one. Each event gets its
key (the IRI the graph layer makes of it), dates at their precision, the finest place,
its people, the largest figures stated and the articles whose main event it is.

The work runs on compact records (:func:`kg.build.pages.compact_event_record`) and stays
near linear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from kg.event_types import EventType, Figure
from kg.extract.happening_identity import (
    Item,
    cluster_happenings,
    entity,
    item_of,
    root,
)
from kg.extract.timex import PRECISION
from kg.model import (
    Article,
    EntityKey,
    Event,
    EventKey,
    EventMention,
    FigureValue,
    Mention,
    StoredEvent,
)

Record = tuple[Article, Sequence[Mention], Sequence[EventMention]]
Link = tuple[str, int, int]  # (article key, start, end) of an event mention

# Units a figure is stated in, as multiples of one base unit, so that the largest
# figure wins whatever its unit (2万元 > 5000元); an unknown unit counts as given.
_SCALE = {
    "平方米": 1, "万平方米": 1e4, "公顷": 1e4, "亩": 666.67, "万亩": 6.67e6, "平方公里": 1e6, "平方千米": 1e6,
    "元": 1, "千元": 1e3, "万元": 1e4, "亿元": 1e8, "万": 1e4, "亿": 1e8,
    "人": 1, "名": 1, "万人": 1e4,
}


def resolve_events(
    results: Iterable[Record], *, stored: Sequence[StoredEvent] = ()
) -> tuple[tuple[Event, ...], dict[Link, EventKey]]:
    """Merge the event mentions of a whole build into one :class:`Event` per real event.

    Named events: mentions with the same name are one event when their dates overlap;
    two dated mentions with disjoint dates are two events (春运 2023, 春运 2024). An
    undated mention joins the one dated event of its name, else the undated event of
    that name. Happenings: see :mod:`kg.extract.happening_identity`.

    A key's ``start`` is the date at its precision (2022, 2022-07, 2022-07-01). A named
    event's key ``name`` is its name; a happening's is its type and its place's key,
    ``fire/421003``, or, unplaced, what tells it apart (``arrest/unplaced/张某``); the graph
    layer makes it the IRI. Events that would still share a key (a place that fitted two
    happenings, left apart) get ``~2``, ``~3`` … after the date, in order of first mention.

    Args:
        stored: named events the graph holds from earlier builds. A build's mentions of the
            same name that join one (by the same rules, its days standing for its mentions)
            are that event: they take its key, and its days widen the event's.

    Returns:
        The events, ordered by key, and a map (article key, start, end) → event key.
    """
    named: dict[str, list[Item]] = defaultdict(list)
    happenings: dict[EventType, list[Item]] = defaultdict(list)
    for article, mentions, event_mentions in results:
        for em in event_mentions:
            item = item_of(em, mentions, article.meta.date)
            if em.named:
                named[em.name].append(item)
            else:
                happenings[root(em.event_type)].append(item)
    earlier = _by_name(stored)
    events = [_event(group, old) for name, items in named.items() for group, old in _named_clusters(items, earlier[name])]
    events += [_event(group) for items in happenings.values() for group in cluster_happenings(items)]
    events = _distinct_keys(events)
    keys = {(it.em.article, it.em.start, it.em.end): event.key for event, group in events for it in group}
    return tuple(sorted((event for event, _ in events), key=lambda e: str(e.key))), keys


def _by_name(stored: Sequence[StoredEvent]) -> dict[str, list[StoredEvent]]:
    """Earlier builds' events by name, in one pass."""
    earlier: dict[str, list[StoredEvent]] = defaultdict(list)
    for event in stored:
        earlier[event.name].append(event)
    return earlier


# ------------------------------------------------------------------ named events


def _named_clusters(items: list[Item], stored: Sequence[StoredEvent] = ()) -> list[tuple[list[Item], StoredEvent | None]]:
    """Group the mentions of one name by dates that overlap or follow within days; attach the undated ones.

    An earlier build's event of the name takes part by its days: a group it joins is that event
    (the first, should a group bridge two). A group of none of this build's mentions is dropped.
    Only a day's date follows another within days: a month's or a year's must overlap.
    """
    entries = [(it.span, 1, n, it) for n, it in enumerate(items) if it.span]
    entries += [((old.start, old.end or old.start), 0, n, old) for n, old in enumerate(stored) if old.start]
    clusters: list[tuple[list[Item], list[StoredEvent]]] = []
    end, end_daily = "", False
    for span, _, _, entry in sorted(entries, key=lambda e: e[:3]):  # type: ignore[arg-type, return-value]
        daily = not isinstance(entry, Item) or entry.em.time is not None and entry.em.time.granularity == "day"
        if not clusters or span[0] > _days_after(end, NAMED_GAP_DAYS if daily and end_daily else 0):
            clusters.append(([], []))
            end = ""
        if span[1] >= end:
            end, end_daily = span[1], daily
        clusters[-1][0 if isinstance(entry, Item) else 1].append(entry)  # type: ignore[arg-type]
    undated = [it for it in items if it.span is None]
    if undated:
        _attach_undated(undated, clusters, stored)
    return [(group, olds[0] if olds else None) for group, olds in clusters if group]


def _attach_undated(
    undated: list[Item], clusters: list[tuple[list[Item], list[StoredEvent]]], stored: Sequence[StoredEvent]
) -> None:
    """Undated mentions join this build's one dated event of their name; else an earlier build's one
    near their issue dates (an edition of years ago is another event); else they are one of their own."""
    mine = [c for c in clusters if c[0]]
    near = [c for c in clusters if not c[0] and all(_near(c[1][0], it.issue) for it in undated)]
    if len(mine) == 1 or not mine and len(near) == 1:
        (mine or near)[0][0].extend(undated)
    else:
        clusters.append((undated, [old for old in stored if not old.start][:1]))


def _near(event: StoredEvent, issue: str | None) -> bool:
    """An issue date within :data:`UNDATED_NEAR_DAYS` of an earlier build's event's days."""
    if not issue or not event.start:
        return False
    return _days_after(event.start, -UNDATED_NEAR_DAYS) <= issue <= _days_after(event.end or event.start, UNDATED_NEAR_DAYS)


# A named event of several days is reported on the days it opens, goes on and closes (3月5日开幕 …
# 3月7日闭幕), each report dated by its own day: reports of one name whose dates follow within
# this many days of each other are one event. Meetings of one name a week apart (a weekly
# standing meeting) stay apart, and a yearly event's editions are a year apart.
NAMED_GAP_DAYS = 3
# An undated report joins an earlier build's event of its name only when printed this near its days.
UNDATED_NEAR_DAYS = 30


def _days_after(date: str, days: int) -> str:
    """The ISO date ``days`` after ``date``; a date that is not a day's (a month's, a year's) as it is."""
    try:
        return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return date


# ------------------------------------------------------------------ events


def _event(items: list[Item], stored: StoredEvent | None = None) -> tuple[Event, list[Item]]:
    """The event of a group of mentions (an earlier build's, when ``stored``): its key, dates, place, people …"""
    ems = [it.em for it in items]
    named = ems[0].named
    start, end, granularity = _dates(ems)
    if stored is not None and stored.start:  # an earlier build's days: a coarser date says less
        days = (stored.start, stored.end or stored.start)
        start, end = (min(start, days[0]), max(end or start, days[1])) if start and granularity == "day" else days
        granularity = "day"
    if named:
        kind = Counter(em.event_type for em in ems).most_common(1)[0][0]
        place = _most_common(it.place for it in items)
        key = stored.key if stored is not None else EventKey(_segment(ems[0].name), _at_precision(start, granularity))
    else:
        kind = max((em.event_type for em in ems), key=lambda t: len(t.ancestors()))
        finest = max((it for it in items if it.place), key=lambda it: len(it.path), default=None)
        place = finest.place if finest else None
        where = "/".join(_segment(p) for p in place.path) if place else f"unplaced/{_unplaced(items)}"
        key = EventKey(f"{kind.value}/{where}", _at_precision(start, granularity))
    return Event(
        key=key,
        name=ems[0].name if named else Counter(em.name for em in ems).most_common(1)[0][0],
        event_type=kind,
        start=start,
        end=end,
        granularity=granularity,
        place=place,
        organizers=tuple(dict.fromkeys(k for it in items for i in it.em.organizers if (k := entity(it.mentions, i)))),
        participants=tuple(dict.fromkeys(_participants(items))),
        articles=tuple(dict.fromkeys(em.article for em in ems)),
        named=named,
        figures=_figures(fv for em in ems for fv in em.figures),
        main_of=tuple(dict.fromkeys(em.article for em in ems if em.main)),
    ), items


def _unplaced(items: list[Item]) -> str:
    """What tells an unplaced happening from others of its type and date, taken from it alone.

    The participant its mentions name most (the suspect of an arrest), else a digest of
    its first mention's story and offset: never a number that would depend on what else a
    build holds, nor on the file a page came from.
    """
    counts = Counter(part for it in items for part in it.parts)
    if counts:
        return _segment(min(counts, key=lambda k: (-counts[k], k)).path[-1])
    first, start = min((it.story, it.em.start) for it in items)
    return hashlib.sha1(f"{first}#{start}".encode()).hexdigest()[:8]


def _participants(items: list[Item]) -> Iterator[tuple[EntityKey, str]]:
    for it in items:
        for i, role in it.em.participants:
            if (key := entity(it.mentions, i)) is not None:
                yield key, role


def _most_common(keys: Iterable[EntityKey | None]) -> EntityKey | None:
    counts = Counter(k for k in keys if k is not None)
    return counts.most_common(1)[0][0] if counts else None


def _dates(ems: list[EventMention]) -> tuple[str | None, str | None, str | None]:
    """Date an event by its most precise mentions: 1月7日 says more than 今年."""
    spans = [em.time for em in ems if em.time is not None]
    if not spans:
        return None, None, None
    finest = min(PRECISION.get(s.granularity, 2) for s in spans)
    best = [s for s in spans if PRECISION.get(s.granularity, 2) == finest]
    return min(s.start for s in best), max(s.end for s in best), best[0].granularity


def _at_precision(day: str | None, granularity: str | None) -> str | None:
    """2022-07-01 at month precision is 2022-07: the key never holds a day the text did not give."""
    return day and {"year": day[:4], "month": day[:7]}.get(granularity or "day", day)


def _segment(name: str) -> str:
    """A part of a key: a slash separates a happening's type and place, so a name's own is full width."""
    return name.replace("/", "／")


def _figures(values: Iterable[FigureValue]) -> tuple[tuple[Figure, float, str], ...]:
    """The largest value stated of each figure: reports update a toll or a loss upward."""
    best: dict[Figure, FigureValue] = {}
    for value in values:  # most events state none
        held = best.get(value.figure)
        if held is None or value.value * _SCALE.get(value.unit, 1) > held.value * _SCALE.get(held.unit, 1):
            best[value.figure] = value
    return tuple((f, best[f].value, best[f].unit) for f in Figure if f in best) if best else ()


def _distinct_keys(events: list[tuple[Event, list[Item]]]) -> list[tuple[Event, list[Item]]]:
    """Events that would share a key (two unplaced arrests of one day) get ~2, ~3 … in order of first mention."""
    by_key: dict[EventKey, list[int]] = defaultdict(list)
    for index, (event, _) in enumerate(events):
        by_key[event.key].append(index)
    out = list(events)
    for key, indexes in by_key.items():
        indexes.sort(key=lambda i: min((it.em.article, it.em.start) for it in events[i][1]))
        for n, index in enumerate(indexes[1:], start=2):
            event, group = events[index]
            out[index] = (replace(event, key=EventKey(key.name, f"{key.start or 'undated'}~{n}")), group)
    return out


__all__ = ["resolve_events"]
