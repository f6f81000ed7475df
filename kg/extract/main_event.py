"""The article's main event (``schema:about``): the event its headline and lead report.

The headline names what it reports by its triggers and named events (:func:`headline_events`),
in headline order. The main event is the lead paragraph's event that answers the first of them
it can: by name, else by a trigger holding the headline's (恐怖爆炸 for 爆炸), else by type, else
by a type above or below it (a theft for a crime), else by family (事故 of the headline: a
disaster); failing the lead, the article's first such event. A headline that reports none leaves the lead:
its first event. At most one event is main.

A main event whose sentence gave no place takes the one the headline names (云南大理森林火灾:
the text's 大理), else the one the same happening is told with again a little further on
(某地大火已扑灭。…2日18时，某村发生火灾), else the dateline's when the text names it. Its time
is its own, else the one it is told with again; no day is guessed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.event_args import is_site
from kg.extract.event_rules import find_candidates
from kg.extract.happenings import find_triggers, generic_family
from kg.lang.words import dictionary_lists
from kg.model import Created, EntityType, EventFamily, EventMention, EventType, Mention

_LEVELS = "省市县区州盟旗镇乡"
_NAME_TAGS = ("ns", "nr", "nz", "")  # a place's name, or a word jieba does not know  # the level a headline leaves out of a division's name (瑞丽市 → 瑞丽)
_PARAGRAPHS_AGAIN = 3  # the main event's paragraph and the next two may tell it again
_LEAD_MIN = 20  # characters a paragraph needs to be the lead (not a line of credits or a kicker)


@dataclass(frozen=True)
class HeadlineEvent:
    """What a headline reports: a type (or only a family: 事故 a disaster), the trigger or name as printed."""

    type: EventType | None
    label: str
    word: str
    name: str | None = None
    family: EventFamily | None = None


def headline_events(headline: str | None) -> tuple[HeadlineEvent, ...]:
    """The events a headline reports, in headline order: its named events and triggers.

    A word of any accident or case (事故车辆超载…司机被刑拘) tells only the family of what it
    reports: a disaster, a crime.
    """
    if not headline:
        return ()
    cands = find_candidates(headline)
    found = [(c.start, HeadlineEvent(c.type, c.name, headline[c.start : c.end], c.name)) for c in cands]
    blocked = [(c.start, c.end) for c in cands]
    for hit in find_triggers(headline, blocked=blocked, headline=True):
        trigger, family = hit.trigger, generic_family(hit.trigger)
        if not trigger.generic:
            found.append((hit.start, HeadlineEvent(trigger.type, trigger.label, trigger.word)))
        elif family is not None:
            found.append((hit.start, HeadlineEvent(None, trigger.label, trigger.word, family=family)))
    return tuple(event for _, event in sorted(found, key=lambda f: f[0]))


def mark_main(
    text: str,
    events: Sequence[EventMention],
    mentions: Sequence[Mention],
    *,
    headline: str | None,
    reported: Sequence[HeadlineEvent] = (),
    created: Created | None = None,
) -> tuple[EventMention, ...]:
    """``events`` (in text order) with the main one marked, its place completed when it had none.

    Args:
        text: the article's text.
        events: its named events and happenings, in text order.
        mentions: its recognized mentions (places index into them).
        headline: the article's headline.
        reported: what the headline reports (:func:`headline_events`).
        created: the dateline as data: its place is the last resort for the main event's.
    """
    number = _main_number(text, events, reported)
    if number is None:
        return tuple(events)
    main = events[number]
    place = main.place
    if place is None and main.event_type is not EventType.HOLIDAY:  # a holiday is kept everywhere, not somewhere
        place = _headline_place(text, mentions, headline)
    again = _told_again(text, events, number)  # 某地大火已扑灭。…2日18时，某村发生火灾
    if place is None and main.event_type is not EventType.HOLIDAY:
        place = next((e.place for e in again if e.place is not None), None)
    time = main.time or next((e.time for e in again if e.time is not None), None)
    if place is None and main.event_type is not EventType.HOLIDAY:
        place = _dateline_place(mentions, created)
    out = list(events)
    out[number] = dataclasses.replace(main, main=True, place=place, time=time)
    return tuple(out)


def _main_number(text: str, events: Sequence[EventMention], reported: Sequence[HeadlineEvent]) -> int | None:
    lo, hi = _lead(text)
    lead = [n for n, e in enumerate(events) if lo <= e.start < hi]
    for pool in (lead, range(len(events))):
        for report, test in ((r, t) for r in reported for t in _TESTS):  # the headline's first report first
            number = next((n for n in pool if test(text, events[n], report)), None)
            if number is not None:
                return number
    return lead[0] if lead else None


def _related(kind: EventType, other: EventType | None) -> bool:
    return other is not None and (kind in other.ancestors() or other in kind.ancestors())


# How an event of the text answers what the headline reports, the strongest first.
_TESTS = (
    lambda text, e, r: r.name is not None and e.named and e.name == r.name,
    lambda text, e, r: r.name is None and not e.named and r.word in text[e.start : e.end],
    lambda text, e, r: e.event_type is r.type,
    lambda text, e, r: _related(e.event_type, r.type),
    lambda text, e, r: r.family is not None and e.event_type.family is r.family,
)


def _told_again(text: str, events: Sequence[EventMention], number: int) -> list[EventMention]:
    """The later happenings of the main event's type in its paragraph and the next two: the same one told again."""
    main = events[number]
    if main.named:
        return []
    stop = main.end
    for _ in range(_PARAGRAPHS_AGAIN):
        stop = text.find("\n", stop + 1)
        if stop < 0:
            stop = len(text)
            break
    return [e for e in events[number + 1 :] if e.start < stop and not e.named and e.event_type is main.event_type]


def _lead(text: str) -> tuple[int, int]:
    """The lead paragraph: the first of at least a few characters."""
    lo = 0
    while lo < len(text):
        hi = text.find("\n", lo)
        hi = len(text) if hi < 0 else hi
        if len(text[lo:hi].strip()) >= _LEAD_MIN:
            return lo, hi
        lo = hi + 1
    return 0, len(text)


def _headline_place(text: str, mentions: Sequence[Mention], headline: str | None) -> int | None:
    """The text's mention of the place the headline names last (the most specific: 云南大理 → 大理)."""
    if not headline:
        return None
    best: tuple[tuple[int, int], int] | None = None
    for index, mention in enumerate(mentions):
        if mention.type is not EntityType.LOC or not is_site(text, mention):
            continue
        at, size = max((headline.rfind(mention.text), len(mention.text)), _short_form_at(headline, mention.text))
        if at < 0:
            continue
        rank = (at + size, size)  # the one ending last, the longest of those (上海浦东新区 over 浦东新区)
        if best is None or rank > best[0]:
            best = (rank, index)
    return best[1] if best else None


def _short_form_at(headline: str, name: str) -> tuple[int, int]:
    """Where the headline prints a division without its level (瑞丽 for 瑞丽市), and its length; -1 if not.

    A short form that is an ordinary word (东方 of 东方市: the east) is none.
    """
    short = name[:-1]
    if len(name) > 2 and name[-1] in _LEVELS and short not in dictionary_lists().common:
        return headline.rfind(short), len(short)
    return -1, 0


def _dateline_place(mentions: Sequence[Mention], created: Created | None) -> int | None:
    if created is None or created.place is None:
        return None
    key = created.place.key
    return next((i for i, m in enumerate(mentions) if m.entity == key), None)


__all__ = ["HeadlineEvent", "headline_events", "mark_main"]
