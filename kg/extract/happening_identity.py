"""Happenings across a build: which mentions of a fire, an arrest, a visit are one happening.

A happening has no name to go by: two mentions are one when nothing tells them apart,
that is when their types agree (equal, or one a kind of the other), their times are
compatible (overlapping spans; an undated mention near its issue date), their places
are the same or one contains the other, or, where a place is missing, they share a
participant or a story (an article, wherever printed). A mention that fits two happenings joins neither. Mentions
are bucketed by the top of their type, looked up by month and place prefix, participant
and article, and taken finest time first: the work stays near linear.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from kg.event_types import EventRole, EventType
from kg.extract.timex import PRECISION
from kg.model import EntityKey, EntityType, EventMention, Mention

# An undated happening is reported near its issue date: it may join a dated one whose
# dates come this close to the issue, not a fire of another year.
WINDOW_DAYS = 31
# How many months a long span is looked up under (a rare happening of years).
MAX_MONTHS = 36


@dataclass(frozen=True)
class Item:
    """One event mention (a named event's or a happening's), with its place's and participants' keys looked up."""

    em: EventMention
    mentions: Sequence[Mention]
    issue: str | None  # the article's issue date
    story: str  # the article's key without its page: one story printed twice is one
    place: EntityKey | None
    path: tuple[str, ...]  # the place's administrative path: containment is a prefix
    parts: frozenset[EntityKey]  # participants, but the authority acting (a police bureau acts in many)

    @property
    def span(self) -> tuple[str, str] | None:
        time = self.em.time
        return (time.start, time.end) if time else None


@dataclass(eq=False)
class _Happening:
    """A happening while its mentions are gathered: the tightest time, the finest place and type."""

    items: list[Item] = field(default_factory=list)
    event_type: EventType | None = None
    span: tuple[str, str] | None = None  # the intersection of its mentions' spans
    path: tuple[str, ...] = ()
    articles: set[str] = field(default_factory=set)
    parts: set[EntityKey] = field(default_factory=set)

    def add(self, item: Item) -> None:
        self.items.append(item)
        self.articles.add(item.story)
        self.parts |= item.parts
        kind = item.em.event_type
        if self.event_type is None or len(kind.ancestors()) > len(self.event_type.ancestors()):
            self.event_type = kind
        span = item.span
        if span is not None:
            self.span = span if self.span is None else (max(self.span[0], span[0]), min(self.span[1], span[1]))
        if len(item.path) > len(self.path):
            self.path = item.path


def item_of(em: EventMention, mentions: Sequence[Mention], issue: str | None) -> Item:
    """The mention as resolution compares it; ``mentions`` are its article's, ``issue`` its issue date."""
    place = entity(mentions, em.place)
    parts = (entity(mentions, i) for i, role in em.participants if role != EventRole.AUTHORITY.value)
    path = _admin_path(place) if place else ()
    return Item(em, mentions, issue, story(em.article), place, path, frozenset(p for p in parts if p))


def story(article: str) -> str:
    """An article's key without its page (paper/date/headline digest, :func:`kg.read.segment.article_key`).

    The page id may name a file: without it, the same story printed on two pages, or read
    by ``kg.extract`` and by ``kg build``, is one story.
    """
    parts = article.split("/")
    return "/".join((*parts[:2], parts[-1])) if len(parts) > 3 else article


def entity(mentions: Sequence[Mention], index: int | None) -> EntityKey | None:
    """The key of the mention an event points at; None for a bad index or an unresolved mention."""
    return mentions[index].entity if index is not None and 0 <= index < len(mentions) else None


def root(kind: EventType) -> EventType:
    """The top of a type's chain (theft → crime): types that may merge share it."""
    chain = kind.ancestors()
    return chain[-1] if chain else kind


def _admin_path(key: EntityKey) -> tuple[str, ...]:
    """A place's path from its province down, so that containment is a prefix (421003 → 420000, 421000, 421003).

    A 6-digit code names its province (2 digits), its city (4) and itself; a township's
    key adds its name after its county's code. Other keys (organizations, places known by
    name only) contain only what lies inside them.
    """
    code, rest = (key.path[0], key.path[1:]) if key.path else ("", ())
    if key.type is not EntityType.LOC or not (len(code) == 6 and code.isdigit()):
        return (key.type.value, *key.path)
    levels = [code[:2] + "0000"]
    if code[2:4] != "00":
        levels.append(code[:4] + "00")
    if code[4:] != "00":
        levels.append(code)
    return (*levels, *rest)


def cluster_happenings(items: list[Item]) -> list[list[Item]]:
    """Cluster the happenings of one type family: day-precise first, in time order, then coarser, then undated.

    A precise mention settles a happening's time, so that a coarser one (一月, 今年, none)
    joins a happening only where one alone fits it.
    """
    index = _Index()
    found: list[_Happening] = []
    for item in sorted(items, key=_order):
        happening = _choose(item, index.candidates(item))
        if happening is None:
            happening = _Happening()
            found.append(happening)
        happening.add(item)
        index.add(happening, item)
    return [happening.items for happening in found]


def _order(item: Item) -> tuple[int, str, int, str, int]:
    time = item.em.time
    precision = PRECISION.get(time.granularity, 2) if time else len(PRECISION)
    return precision, time.start if time else "", -len(item.path), item.story, item.em.start


def _choose(item: Item, candidates: Iterable[_Happening]) -> _Happening | None:
    """The one happening the mention belongs to: the best evidence, held by one alone, else None."""
    scored = [(score, h) for h in candidates if (score := _evidence(item, h)) is not None]
    if not scored:
        return None
    best = max(score for score, _ in scored)
    top = [h for score, h in scored if score == best]
    return top[0] if len(top) == 1 else None


def _evidence(item: Item, happening: _Happening) -> tuple[bool, int, bool] | None:
    """How strongly a mention belongs to a happening (same story, same place, shared participant); None: it does not."""
    assert happening.event_type is not None
    if not _types_agree(item.em.event_type, happening.event_type) or not _times_agree(item, happening):
        return None
    same_article = item.story in happening.articles
    shared = not item.parts.isdisjoint(happening.parts)
    if item.path and happening.path:
        shorter, longer = sorted((item.path, happening.path), key=len)
        if longer[: len(shorter)] != shorter:
            return None  # two places, neither containing the other
        return same_article, 2 if item.path == happening.path else 1, shared
    # Unplaced, a shared story is evidence only where no one tells them apart: an article
    # may report two arrests of one day, each of its own suspect.
    if not (shared or (same_article and not (item.parts and happening.parts))):
        return None
    return same_article, 0, shared


def _types_agree(a: EventType, b: EventType) -> bool:
    return a is b or a in b.ancestors() or b in a.ancestors()


def _times_agree(item: Item, happening: _Happening) -> bool:
    span, other = item.span, happening.span
    if span is None and item.issue and other is not None:
        span = _window(item.issue)
    if span is None or other is None:
        return True
    return span[0] <= other[1] and other[0] <= span[1]


def _window(issue: str) -> tuple[str, str] | None:
    try:
        day = dt.date.fromisoformat(issue)
    except ValueError:
        return None
    delta = dt.timedelta(days=WINDOW_DAYS)
    return (day - delta).isoformat(), (day + delta).isoformat()


def _months(span: tuple[str, str] | None) -> Iterator[str | None]:
    """The months a span touches (2023-01, 2023-02 …), the index's time buckets; None for no span."""
    if span is None:
        yield None
        return
    year, month = int(span[0][:4]), int(span[0][5:7])
    for _ in range(MAX_MONTHS):
        key = f"{year:04d}-{month:02d}"
        if key > span[1][:7]:
            return
        yield key
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class _Index:
    """The happenings found so far, by month and place prefix, by participant and by article."""

    def __init__(self) -> None:
        self.within: dict[tuple[str | None, tuple[str, ...]], dict[int, _Happening]] = defaultdict(dict)
        self.exact: dict[tuple[str | None, tuple[str, ...]], dict[int, _Happening]] = defaultdict(dict)
        self.parts: dict[tuple[str | None, EntityKey], dict[int, _Happening]] = defaultdict(dict)
        self.articles: dict[str, dict[int, _Happening]] = defaultdict(dict)

    def add(self, happening: _Happening, item: Item) -> None:
        """Index a happening again after ``item`` joined it (its path may be longer, its span shorter)."""
        for month in _months(happening.span):
            self.exact[(month, happening.path)][id(happening)] = happening
            for n in range(1, len(happening.path) + 1):
                self.within[(month, happening.path[:n])][id(happening)] = happening
            for part in item.parts:
                self.parts[(month, part)][id(happening)] = happening
        self.articles[item.story][id(happening)] = happening

    def candidates(self, item: Item) -> Iterable[_Happening]:
        """The happenings that may hold the mention: at a place containing or inside its own,
        sharing a participant or its article, in the months its time (or its issue date) allows."""
        found: dict[int, _Happening] = dict(self.articles.get(item.story, {}))
        span = item.span or (_window(item.issue) if item.issue else None)
        months = {*_months(span), None} if item.span is None else set(_months(span))
        for month in months:
            if item.path:
                found.update(self.within.get((month, item.path), {}))
                for n in range(1, len(item.path)):
                    found.update(self.exact.get((month, item.path[:n]), {}))
            for part in item.parts:
                found.update(self.parts.get((month, part), {}))
        return found.values()


__all__ = ["Item", "cluster_happenings", "entity", "item_of", "root", "story"]
