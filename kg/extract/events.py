"""Events: named events of an article with their dates, places and participants.

:func:`detect_events` works on one article: it finds named events (see
:mod:`kg.extract.event_rules`), dates each from the time expression of its sentence (see
:mod:`kg.extract.timex`) and links the recognized mentions around it: the place where it is
held, its organizers and the persons or organizations that attend, chair or speak.
Clauses that refer back to an event (此次评选, 会议, 会上) carry their attributes to the
named event of the article they refer to; they are not events themselves.

:func:`resolve_events` works on the whole build: it merges the mentions of one real
event into one :class:`~kg.model.Event`.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.extract import event_rules as rules
from kg.extract.event_rules import Candidate, find_candidates, sentence_bounds
from kg.model import Article, EntityKey, EntityType, Event, EventKey, EventMention, EventType, Mention, TimeSpan
from kg.extract.timex import find_times, holiday_time
from kg.lang.chars import CLAUSE_ENDS

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


def detect_events(article: Article, mentions: Sequence[Mention]) -> tuple[EventMention, ...]:
    """Find the named events of one article with their attributes.

    Args:
        article: the article; its ``meta.date`` (may be None) anchors relative dates.
        mentions: persons, organizations and places recognized in ``article.text``.

    Returns:
        One :class:`EventMention` per named event in the text, in text order;
        ``place``, ``organizers`` and ``participants`` index into ``mentions``.
    """
    text = article.text
    cands = find_candidates(text)
    if not cands:
        return ()
    sentences = sentence_bounds(text)
    page = _Page(text, mentions, [_Found(c) for c in cands], sentences, [s for s, _ in sentences], [])
    page.anaphors = rules.find_anaphors(text, cands)
    _attach_times(page, find_times(text, issue_date=article.meta.date), article.meta.date)
    _attach_places(page)
    _attach_organizers(page)
    _attach_participants(page)
    return tuple(_freeze(f, article.key) for f in page.found)


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
    near = [f for f in page.found if lo <= f.cand.start < hi]
    if near:
        return min(near, key=lambda f: min(abs(f.cand.end - pos), abs(f.cand.start - pos)))
    for start, _end, kind, demonstrative in page.anaphors:
        if lo <= start < hi:
            return _antecedent(page, start, kind, demonstrative)
    return None


def _antecedent(page: _Page, pos: int, kind: EventType, demonstrative: bool) -> _Found | None:
    """The named event before ``pos`` that an anaphor of type ``kind`` refers to.

    The latest one of that type wins, except that an event reported as taking place
    (dated or placed) outranks one only cited (贯彻党的二十大精神). After 此次 / 该 /
    这次 an event of another type may be meant (此次活动 for a 评选).
    """
    before = [f for f in page.found if f.cand.start < pos]
    same = [f for f in before if f.cand.type is kind] or (before if demonstrative else [])
    held = [f for f in same if f.time is not None or f.place is not None]
    return (held or same)[-1] if same else None


# ------------------------------------------------------------------ time


def _attach_times(page: _Page, times: list[TimeSpan], issue_date: str | None) -> None:
    """Date each event from the time expressions of its sentence."""
    for found in page.found:
        cand = found.cand
        if rules.CITED.match(page.text, cand.end) and not cand.rule:
            continue  # 贯彻十五大精神: a cited event is not dated by the sentence citing it
        lo, hi = page.sentence_of(cand.start)
        before = [t for t in times if lo <= t.offset < cand.start]
        after = [t for t in times if cand.start <= t.offset < hi]
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
    finer = _PRECISION.get(inner.granularity, 3) < _PRECISION.get(outer.granularity, 3)
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


def _run_after(page: _Page, pos: int) -> int | None:
    """Index of the last mention of a run of adjacent places starting at ``pos``."""
    last = None
    for index, mention in sorted(enumerate(page.mentions), key=lambda im: im[1].start):
        if mention.type not in _PLACE_TYPES or mention.start < pos:
            continue
        end = page.mentions[last].end if last is not None else pos
        if mention.start - end > (1 if last is not None else 0):
            break
        last = index
    return last


# ------------------------------------------------------------------ organizers


def _attach_organizers(page: _Page) -> None:
    """由 X 组织 / 主办 / 承办, and a clause-initial X 承办 after it."""
    for match in rules.ORGANIZES.finditer(page.text):
        if any(m.start <= match.start() < m.end for m in page.mentions):
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
    ordered = sorted((m.end, i) for i, m in enumerate(page.mentions) if m.type in types and m.end <= pos)
    run: list[int] = []
    edge = pos
    for end, index in reversed(ordered):
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
        lo = _clause_start(page.text, match.start())
        hi = _clause_end(page.text, match.end())
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


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in _CLAUSE_PUNCT) + 1


def _clause_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(ch, pos) for ch in _CLAUSE_PUNCT) if i >= 0]
    return min(ends) if ends else len(text)


# ------------------------------------------------------------------ helpers


def _mentions_in(page: _Page, lo: int, hi: int, types: tuple[EntityType, ...]) -> list[tuple[int, Mention]]:
    inside = [(i, m) for i, m in enumerate(page.mentions) if m.type in types and lo <= m.start]
    return sorted(((i, m) for i, m in inside if m.end <= hi), key=lambda im: im[1].start)


def _overlaps(cand: Candidate, mention: Mention) -> bool:
    return cand.start < mention.end and mention.start < cand.end


# ------------------------------------------------------------------ identity


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


_PRECISION = {"day": 0, "month": 1, "year": 2}


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
    finest = min(_PRECISION.get(s.granularity, 3) for s in spans)
    best = [s for s in spans if _PRECISION.get(s.granularity, 3) == finest]
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


__all__ = ["detect_events", "resolve_events"]
