"""Events across a build: one :class:`~kg.model.Event` per real event, from every article's mentions.

Mentions with the same normalized name are one event when their dates overlap; the
work is linear in the number of mentions plus a sort within each name, and runs on
compact records (:func:`kg.build.pages.compact_event_record`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.extract.timex import PRECISION
from kg.model import Article, EntityKey, Event, EventKey, EventMention, EventType, Mention

@dataclass
class _Cluster:
    start: str | None
    end: str | None
    granularity: str | None
    mentions: list[tuple[EventMention, Sequence[Mention]]] = field(default_factory=list)


def resolve_events(
    results: Iterable[tuple[Article, Sequence[Mention], Sequence[EventMention]]],
) -> tuple[tuple[Event, ...], dict[tuple[str, int, int], EventKey]]:
    """Merge the event mentions of a whole build into one :class:`Event` per real event.

    Mentions with the same name are one event when their dates overlap; two dated
    mentions with disjoint dates are two events (春运 2023, 春运 2024). An undated
    mention joins the one dated event of its name, else the undated event of that name.
    The work is linear in the number of mentions plus a sort within each name.

    Returns:
        The events, ordered by key, and a map (article key, start, end) → event key.
    """
    by_name: dict[str, list[tuple[EventMention, Sequence[Mention]]]] = {}
    for _article, mentions, event_mentions in results:
        for em in event_mentions:
            by_name.setdefault(em.name, []).append((em, mentions))
    events: list[Event] = []
    keys: dict[tuple[str, int, int], EventKey] = {}
    for name, items in by_name.items():
        for cluster in _clusters(items):
            event = _event(name, cluster)
            events.append(event)
            for em, _ in cluster.mentions:
                keys[(em.article, em.start, em.end)] = event.key
    events.sort(key=lambda e: str(e.key))
    return tuple(events), keys




def _clusters(items: list[tuple[EventMention, Sequence[Mention]]]) -> list[_Cluster]:
    """Group the mentions of one name by overlapping dates; attach the undated ones."""
    dated = [it for it in items if it[0].time is not None]
    dated.sort(key=lambda it: (it[0].time.start, it[0].time.end))  # type: ignore[union-attr]
    clusters: list[_Cluster] = []
    for item in dated:
        span = item[0].time
        last = clusters[-1] if clusters else None
        if last is not None and span.start <= last.end:
            last.end = max(last.end, span.end)
        else:
            last = _Cluster(span.start, span.end, None)
            clusters.append(last)
        last.mentions.append(item)
    undated = [it for it in items if it[0].time is None]
    if undated:
        if len(clusters) == 1:
            clusters[0].mentions.extend(undated)
        else:
            clusters.append(_Cluster(None, None, None, undated))
    for cluster in clusters:
        _set_dates(cluster)
    return clusters


def _set_dates(cluster: _Cluster) -> None:
    """Date a cluster by its most precise mentions: 1月7日 says more than 今年."""
    spans = [em.time for em, _ in cluster.mentions if em.time is not None]
    if not spans:
        return
    finest = min(PRECISION.get(s.granularity, 3) for s in spans)
    best = [s for s in spans if PRECISION.get(s.granularity, 3) == finest]
    cluster.start = min(s.start for s in best)
    cluster.end = max(s.end for s in best)
    cluster.granularity = best[0].granularity


def _event(name: str, cluster: _Cluster) -> Event:
    types: Counter[EventType] = Counter()
    places: Counter[EntityKey] = Counter()
    organizers: dict[EntityKey, None] = {}
    participants: dict[tuple[EntityKey, str], None] = {}
    articles: dict[str, None] = {}
    for em, mentions in cluster.mentions:
        types[em.event_type] += 1
        articles[em.article] = None
        entities = [m.entity for m in mentions]  # resolution decided them
        if em.place is not None and 0 <= em.place < len(mentions) and entities[em.place]:
            places[entities[em.place]] += 1
        organizers.update((entities[i], None) for i in em.organizers if 0 <= i < len(mentions) and entities[i])
        for i, role in em.participants:
            if 0 <= i < len(mentions) and entities[i]:
                participants[(entities[i], role)] = None
    return Event(
        key=EventKey(name, cluster.start),
        name=name,
        event_type=types.most_common(1)[0][0],
        start=cluster.start,
        end=cluster.end,
        granularity=cluster.granularity,
        place=places.most_common(1)[0][0] if places else None,
        organizers=tuple(organizers),
        participants=tuple(participants),
        articles=tuple(articles),
    )


__all__ = ["resolve_events"]
