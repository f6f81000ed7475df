"""Events: named events and happenings of an article with their dates, places and participants.

:func:`detect_events` works on one article: it finds named events (see
:mod:`kg.extract.event_rules`), dates each from the time expression of its sentence (see
:mod:`kg.extract.timex` and :mod:`kg.extract.deictic_days`) and links the recognized mentions
around it: the place where it is held, its organizers and the persons or organizations that
attend, chair or speak. Clauses that refer back to an event (此次评选, 会议, 会上) carry their
attributes to the named event of the article they refer to; they are not events themselves.
Happenings (a fire, an arrest, a visit) are :mod:`kg.extract.happening_events`'s, and the
main event, the one the headline and lead report, :mod:`kg.extract.main_event`'s.

Merging the mentions of one real event across a build is :mod:`kg.extract.event_resolution`'s.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract import event_rules as rules
from kg.extract.deictic_days import deictic_times
from kg.extract.event_rules import Candidate, find_candidates, sentence_bounds
from kg.extract.happening_events import detect_happenings
from kg.extract.main_event import headline_events, mark_main
from kg.extract.spans import Antecedents, MentionOrder, SpanIndex
from kg.extract.timex import PRECISION, find_times, holiday_time
from kg.lang.chars import CLAUSE_ENDS
from kg.model import (
    Article,
    Created,
    EntityType,
    EventMention,
    EventType,
    Mention,
    TimeSpan,
)

_CLAUSE_PUNCT = CLAUSE_ENDS + "\n"
_JOINERS = "、和与及 "
_PLACE_TYPES = (EntityType.LOC, EntityType.ORG)


@dataclass
class _Found:
    """A candidate event while its attributes are collected."""

    cand: Candidate
    time: TimeSpan | None = None
    place: int | None = None
    organizers: list[int] = field(default_factory=list)
    participants: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Page:
    """What the attribute rules of one article share."""

    text: str
    mentions: Sequence[Mention]
    found: list[_Found]
    sentences: list[tuple[int, int]]
    starts: list[int]
    anaphors: list[tuple[int, int, EventType, bool]]  # start, end, type, demonstrative

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding offset ``pos``."""
        return self.sentences[max(0, bisect.bisect_right(self.starts, pos) - 1)]

    # Sorted views, made once: rules that scanned every mention or event for each match
    # were quadratic (hours on a mention-dense page of megabytes).
    def order(self, types: tuple[EntityType, ...]) -> MentionOrder:
        """The mentions of ``types`` sorted by start and by end."""
        return self.orders.get(types) or self.orders.setdefault(types, MentionOrder(self.mentions, types))

    @functools.cached_property
    def orders(self) -> dict[tuple[EntityType, ...], MentionOrder]:
        return {}

    @functools.cached_property
    def spans(self) -> SpanIndex:
        return SpanIndex((m.start, m.end) for m in self.mentions)

    @functools.cached_property
    def clause_marks(self) -> list[int]:
        return [i for i, ch in enumerate(self.text) if ch in _CLAUSE_PUNCT]

    @functools.cached_property
    def found_starts(self) -> list[int]:
        return [f.cand.start for f in self.found]  # find_candidates and find_anaphors give text order

    @functools.cached_property
    def antecedents(self) -> Antecedents:
        """The named events by type, those dated or placed marked (first asked once times are attached)."""
        index = Antecedents(self.found_starts, [f.cand.type for f in self.found])
        for number, found in enumerate(self.found):
            if found.time is not None or found.place is not None:
                index.mark(number)
        return index


def detect_events(
    article: Article,
    mentions: Sequence[Mention],
    *,
    anchor_date: str | None = None,
    created: Created | None = None,
) -> tuple[EventMention, ...]:
    """Find the events of one article, named ones and happenings, with their attributes.

    Args:
        article: the article; its ``meta.date`` (may be None) anchors relative dates.
        mentions: persons, organizations and places recognized in ``article.text``.
        anchor_date: the date the story was written when its dateline gives one
            (:mod:`kg.extract.datelines`): relative dates (昨日, 7日) count from it
            rather than from the issue date.
        created: the dateline as data; its place is the main event's last resort.

    Returns:
        One :class:`EventMention` per named event and per happening in the text, in text
        order, the main one marked; ``place``, ``organizers`` and ``participants`` index
        into ``mentions``.
    """
    text = article.text
    anchor = anchor_date or article.meta.date
    times = deictic_times(text, find_times(text, issue_date=anchor), anchor=anchor, dateline_date=anchor_date)
    named = _named_events(article, mentions, times, anchor)
    # 引题, 主题, 副题 in reading order: a report's first heading may be its kicker (某地大火13人遇难 | 老板被拘)
    headings = " ".join(h for h in (article.kicker, article.headline, article.subheadline) if h)
    reported = headline_events(headings)
    typed = next((r for r in reported if r.type is not None), None)
    happenings = detect_happenings(
        text, mentions, times, key=article.key, named=named,
        headline_type=typed and typed.type, headline_label=typed and typed.label,
    )
    events = sorted((*named, *happenings), key=lambda e: e.start)
    return mark_main(text, events, mentions, headline=headings, reported=reported, created=created)


def _named_events(
    article: Article, mentions: Sequence[Mention], times: list[TimeSpan], anchor: str | None
) -> list[EventMention]:
    """The named events of the article (see :mod:`kg.extract.event_rules`) with their attributes."""
    text = article.text
    cands = find_candidates(text)
    if not cands:
        return []
    sentences = sentence_bounds(text)
    page = _Page(text, mentions, [_Found(c) for c in cands], sentences, [s for s, _ in sentences], [])
    page.anaphors = rules.find_anaphors(text, cands)
    _attach_times(page, times, anchor)
    _attach_places(page)
    _attach_organizers(page)
    _attach_participants(page)
    return [_freeze(f, article.key) for f in page.found]


def _freeze(found: _Found, key: str) -> EventMention:
    cand = found.cand
    return EventMention(
        article=key,
        start=cand.start,
        end=cand.end,
        name=cand.name,
        event_type=cand.type,
        time=found.time,
        place=found.place,
        organizers=tuple(dict.fromkeys(found.organizers)),
        participants=tuple(dict.fromkeys(found.participants)),
    )


# ------------------------------------------------------------------ targets


def _target(page: _Page, pos: int, *, lo: int | None = None, hi: int | None = None) -> _Found | None:
    """The event a phrase at ``pos`` is about: a named event near it, else the one an anaphor names.

    ``lo``/``hi`` narrow the search to a clause; by default it is ``pos``'s sentence.
    """
    s_lo, s_hi = page.sentence_of(pos)
    lo, hi = (s_lo if lo is None else lo), (s_hi if hi is None else hi)
    near = page.found[bisect.bisect_left(page.found_starts, lo) : bisect.bisect_left(page.found_starts, hi)]
    if near:
        return min(near, key=lambda f: min(abs(f.cand.end - pos), abs(f.cand.start - pos)))
    first = bisect.bisect_left(page.anaphors, (lo,))
    if first < len(page.anaphors) and page.anaphors[first][0] < hi:
        start, _end, kind, demonstrative = page.anaphors[first]
        return _antecedent(page, start, kind, demonstrative)
    return None


def _antecedent(page: _Page, pos: int, kind: EventType, demonstrative: bool) -> _Found | None:
    """The named event before ``pos`` that an anaphor of type ``kind`` refers to.

    The latest one of that type wins, except that an event reported as taking place
    (dated or placed) outranks one only cited (贯彻党的二十大精神). After 此次 / 该 /
    这次 an event of another type may be meant (此次活动 for a 评选).
    """
    number = page.antecedents.latest(pos, kind, any_kind=demonstrative)
    return page.found[number] if number is not None else None


# ------------------------------------------------------------------ time


def _attach_times(page: _Page, times: list[TimeSpan], issue_date: str | None) -> None:
    """Date each event from the time expressions of its sentence."""
    times = sorted(times, key=lambda t: t.offset)  # find_times gives them in text order already
    offsets = [t.offset for t in times]
    for found in page.found:
        cand = found.cand
        if rules.CITED.match(page.text, cand.end) and not cand.rule:
            continue  # 贯彻十五大精神: a cited event is not dated by the sentence citing it
        lo, hi = page.sentence_of(cand.start)
        first, middle = bisect.bisect_left(offsets, lo), bisect.bisect_left(offsets, cand.start)
        before, after = times[first:middle], times[middle : bisect.bisect_left(offsets, hi)]
        if cand.rule:
            found.time = _holiday_date(page, cand, before, issue_date)
        else:
            found.time = _nearest_time(cand, before, after)


def _nearest_time(cand: Candidate, before: list[TimeSpan], after: list[TimeSpan]) -> TimeSpan | None:
    """The time nearest the event, preferring one before it.

    A finer time inside the chosen one wins: 1月26日，2024年春运首日 is dated 1月26日.
    """
    chosen = before[-1] if before else (after[0] if after else None)
    if chosen is None or chosen.granularity == "day":
        return chosen
    finer = [t for t in before + after if _within(t, chosen)]
    return min(finer, key=lambda t: abs(t.offset - cand.start)) if finer else chosen


def _within(inner: TimeSpan, outer: TimeSpan) -> bool:
    finer = PRECISION.get(inner.granularity, 3) < PRECISION.get(outer.granularity, 3)
    return finer and outer.start <= inner.start and inner.end <= outer.end


def _holiday_date(
    page: _Page, cand: Candidate, before: list[TimeSpan], issue_date: str | None
) -> TimeSpan | None:
    """A holiday's own date, in the year printed right before it (2023年春节) if any."""
    year = None
    last = before[-1] if before else None
    if last is not None and last.granularity == "year" and last.offset + len(last.text) >= cand.start - 2:
        year = int(last.start[:4])
    name = page.text[cand.start : cand.end]
    return holiday_time(name, offset=cand.start, issue_date=issue_date, rule=cand.rule or "", year=year)


# ------------------------------------------------------------------ place


def _attach_places(page: _Page) -> None:
    """在/于 X 召开 (举行 …) and 走进 X: X's last (most specific) place or organization."""
    for match in rules.HELD_AT.finditer(page.text):
        inside = _mentions_in(page, match.start("where"), match.end("where"), _PLACE_TYPES)
        if not inside or inside[0][1].start - match.start("where") > 2:
            continue
        if match.end("where") - inside[-1][1].end > 4:  # 在北京人民大会堂隆重召开: at most a few words after
            continue
        _set_place(page, _target(page, match.start()), inside[-1][0])
    for match in rules.VISITS.finditer(page.text):
        run = _run_after(page, match.end())
        if run is not None:
            _set_place(page, _target(page, match.start()), run)


def _set_place(page: _Page, target: _Found | None, index: int) -> None:
    mention = page.mentions[index]
    if target is not None and target.place is None and not _overlaps(target.cand, mention):
        target.place = index
        # Placed, it now outranks a cited event (the events are in text order, ties rare).
        page.antecedents.mark(_number(page, target))


def _number(page: _Page, found: _Found) -> int:
    """Where ``found`` is in ``page.found``: named events do not overlap, so each starts elsewhere."""
    number = bisect.bisect_left(page.found_starts, found.cand.start)
    return number if page.found[number] is found else page.found.index(found)


def _run_after(page: _Page, pos: int) -> int | None:
    """Index of the last mention of a run of adjacent places starting at ``pos``."""
    last = None
    for index, mention in page.order(_PLACE_TYPES).starting_from(pos):
        end = page.mentions[last].end if last is not None else pos
        if mention.start - end > (1 if last is not None else 0):
            break
        last = index
    return last


# ------------------------------------------------------------------ organizers


def _attach_organizers(page: _Page) -> None:
    """由 X 组织 / 主办 / 承办, and a clause-initial X 承办 after it."""
    for match in rules.ORGANIZES.finditer(page.text):
        if page.spans.covers(match.start()):
            continue  # 组织 inside a name such as 世界卫生组织
        run = _run_before(page, match.start(), (EntityType.ORG, EntityType.PER))
        if not run:
            continue
        before = page.text[page.mentions[run[0]].start - 1 : page.mentions[run[0]].start]
        if before != "由" and before not in _CLAUSE_PUNCT + "、" and page.mentions[run[0]].start > 0:
            continue
        target = _target(page, match.start())
        if target is not None:
            target.organizers.extend(i for i in run if not _overlaps(target.cand, page.mentions[i]))


def _run_before(page: _Page, pos: int, types: tuple[EntityType, ...]) -> list[int]:
    """Indexes of a run of mentions joined by 、和与及 that ends right before ``pos``."""
    run: list[int] = []
    edge = pos
    for end, index in page.order(types).ending_by(pos):
        gap = page.text[end:edge]
        if end > edge or len(gap) > 1 or any(ch not in _JOINERS for ch in gap):
            break
        run.insert(0, index)
        edge = page.mentions[index].start
    return run


# ------------------------------------------------------------------ participants


def _attach_participants(page: _Page) -> None:
    """Persons (else organizations) that are the subject of 出席 / 主持 / 讲话 / 参加."""
    for match in rules.TAKES_PART.finditer(page.text):
        lo = _clause_start(page, match.start())
        hi = _clause_end(page, match.end())
        subject_end = rules.SUBJECT_END.search(page.text, lo, match.start() + 1)
        end = subject_end.start() if subject_end else match.start()
        subjects = _mentions_in(page, lo, end, (EntityType.PER,))
        subjects = subjects or _mentions_in(page, lo, end, (EntityType.ORG,))
        if not subjects:
            continue
        target = _target(page, match.start(), lo=lo, hi=hi) or _target(page, match.start())
        if target is not None:
            role = rules.ROLE[match.group(0)]
            target.participants.extend((i, role) for i, m in subjects if not _overlaps(target.cand, m))


def _clause_start(page: _Page, pos: int) -> int:
    """Just after the last clause mark before ``pos`` (0 if none)."""
    before = bisect.bisect_left(page.clause_marks, pos)
    return page.clause_marks[before - 1] + 1 if before else 0


def _clause_end(page: _Page, pos: int) -> int:
    """The first clause mark at ``pos`` or after it (the text's end if none)."""
    after = bisect.bisect_left(page.clause_marks, pos)
    return page.clause_marks[after] if after < len(page.clause_marks) else len(page.text)


# ------------------------------------------------------------------ helpers


def _mentions_in(page: _Page, lo: int, hi: int, types: tuple[EntityType, ...]) -> list[tuple[int, Mention]]:
    return page.order(types).within(lo, hi)


def _overlaps(cand: Candidate, mention: Mention) -> bool:
    return cand.start < mention.end and mention.start < cand.end


__all__ = ["detect_events"]
