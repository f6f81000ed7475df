"""The time and place of each happening, from its clause and sentence; what the happening rules share.

A happening's clause is the text between the clause marks around its trigger; its sentence,
between sentence ends. The rules, in order of trust:

* time: the time expression of its sentence nearest before the trigger (after it when none is
  before); not a time the report is only as of (截至11日); a finer one inside the chosen one wins;
* place: the last place of its clause before the trigger (in 某县某镇 the town); else the place
  after 发生在 / 位于 after it; else the last place of an earlier clause of its sentence that is not
  a source's (据某地媒体); a place is a recognized place, or an organization that is a site
  (a school, a market, a station) or stands after 在/于; never an origin or destination
  (来自X的, 开往X的) nor a demonym (X籍, X人);

What the sentence leaves open is filled by :func:`fill_from_context`: an earlier happening of
the same type lends its time and place (the same fire told again), else the sentence before, in
the same paragraph, when it reports no happening of its own (去年某日，某镇一民房…。被盗村民…).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract.event_rules import HELD_AT
from kg.extract.happenings import Hit
from kg.extract.recognize.short_names import PLACING_VERBS
from kg.extract.spans import MentionOrder
from kg.extract.timex import PRECISION
from kg.lang.chars import CLAUSE_ENDS, FULL_STOPS
from kg.lang.lexicons import event_words
from kg.model import EntityType, EventType, FigureValue, Mention, MentionSource, TimeSpan

_CLAUSE_PUNCT = CLAUSE_ENDS + "\n"
_CLAUSE_SCAN = re.compile(f"[{re.escape(_CLAUSE_PUNCT)}()（）]")
_SENTENCE_END = re.compile(f"[{FULL_STOPS}\n]")
_PLACES = (EntityType.LOC, EntityType.ORG)
ACTORS = (EntityType.PER, EntityType.ORG)  # who takes part in events: persons and organizations
# How far the rules look from a trigger: a sentence's or a clause's characters beyond are not read.
_SENTENCE_REACH = 200
_CLAUSE_REACH = 80
_CLAUSES_BACK = 6
_SENTENCES_BACK = 3  # sentences before a happening that may lend it their time and place


@dataclass
class Happening:
    """A trigger while its attributes are collected."""

    hit: Hit
    type: EventType
    time: TimeSpan | None = None
    place: int | None = None
    participants: list[tuple[int, str]] = field(default_factory=list)
    figures: list[FigureValue] = field(default_factory=list)
    has_subject: bool = False

    @property
    def start(self) -> int:
        return self.hit.start


@dataclass
class ArticleText:
    """What the attribute rules of one article share: its text, mentions and times, indexed once."""

    text: str
    mentions: Sequence[Mention]
    times: list[TimeSpan]
    memo: dict[str, object] = field(default_factory=dict)  # what other rules compute once per article

    @functools.cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Cut at full stops and line ends: the clauses of a semicolon share their time (2022年，X立功；Y受表彰)."""
        bounds, lo = [], 0
        for match in _SENTENCE_END.finditer(self.text):
            bounds.append((lo, match.end()))
            lo = match.end()
        bounds.append((lo, len(self.text)))
        return bounds

    @functools.cached_property
    def sentence_starts(self) -> list[int]:
        return [lo for lo, _ in self.sentences]

    @functools.cached_property
    def clause_marks(self) -> list[int]:
        """Offsets of the clause marks, those inside brackets left out (某县(北纬35.6，东经81.6)发生地震)."""
        marks, depth = [], 0
        for match in _CLAUSE_SCAN.finditer(self.text):  # Python sees only brackets and marks
            i, ch = match.start(), match.group()
            if ch in "(（":
                depth += 1
            elif ch in ")）":
                depth = max(0, depth - 1)
            elif ch == "\n" or (ch in _CLAUSE_PUNCT and not depth):
                marks.append(i)
                depth = 0 if ch == "\n" else depth
        return marks

    @functools.cached_property
    def time_offsets(self) -> list[int]:
        return [t.offset for t in self.times]

    @functools.cached_property
    def places(self) -> MentionOrder:
        return MentionOrder(self.mentions, _PLACES)

    @functools.cached_property
    def actors(self) -> MentionOrder:
        return MentionOrder(self.mentions, ACTORS)

    @functools.cached_property
    def winners(self) -> MentionOrder:
        return MentionOrder(self.mentions, (*ACTORS, EntityType.LOC))

    def sentence_index(self, pos: int) -> int:
        """The number of the sentence holding ``pos``."""
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``pos``, at most a few hundred characters around it.

        Scans stay local, so that text without punctuation (a table, a run of OCR) stays linear.
        """
        lo, hi = self.sentences[self.sentence_index(pos)]
        return max(lo, pos - _SENTENCE_REACH), min(hi, pos + _SENTENCE_REACH)

    def clause_of(self, pos: int) -> tuple[int, int]:
        """(start, end) of the clause holding ``pos`` (between the clause marks around it), kept local too."""
        k = bisect.bisect_left(self.clause_marks, pos)
        lo = self.clause_marks[k - 1] + 1 if k else 0
        hi = self.clause_marks[k] if k < len(self.clause_marks) else len(self.text)
        return max(lo, pos - _CLAUSE_REACH), min(hi, pos + _CLAUSE_REACH)

    def clauses_before(self, pos: int) -> list[tuple[int, int]]:
        """The earlier clauses of ``pos``'s sentence, the nearest first (a few at most)."""
        s_lo, _ = self.sentence_of(pos)
        lo, _ = self.clause_of(pos)
        out: list[tuple[int, int]] = []
        while lo > s_lo and len(out) < _CLAUSES_BACK:
            prev_lo, prev_hi = self.clause_of(lo - 1)
            out.append((max(prev_lo, s_lo), prev_hi))
            lo = prev_lo
        return out

    def paragraph_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1


def attach(page: ArticleText, happening: Happening) -> None:
    """Fill one happening's time and place from its own sentence."""
    happening.time = own_time(page, happening.start)
    happening.place = own_place(page, happening.hit)


# ------------------------------------------------------------------ time


def own_time(page: ArticleText, pos: int) -> TimeSpan | None:
    """The time of the happening at ``pos`` that its sentence gives."""
    lo, hi = page.sentence_of(pos)
    offsets = page.time_offsets
    first, middle, last = (bisect.bisect_left(offsets, x) for x in (lo, pos, hi))
    clause = page.clause_of(pos)
    before = [t for t in page.times[first:middle] if not _as_of(page.text, t) and not _reported_at(page, t, clause)]
    after = [t for t in page.times[middle:last] if not _as_of(page.text, t)]
    local = [t for t in before + after if page.text.endswith(_LOCAL_TIME, 0, t.offset)]
    chosen = local[0] if local else before[-1] if before else (after[0] if after else None)
    if chosen is None or chosen.granularity == "day":
        return chosen
    finer = [t for t in before + after if _within(t, chosen)]
    return min(finer, key=lambda t: abs(t.offset - pos)) if finer else chosen


def _as_of(text: str, time: TimeSpan) -> bool:
    """A time the report is as of, or since which (截至11日, 1985年以来): not the event's."""
    end = time.offset + len(time.text)
    return text.endswith(_TIME_NOT_AFTER, 0, time.offset) or text.startswith(_TIME_NOT_BEFORE, end)


def _reported_at(page: ArticleText, time: TimeSpan, clause: tuple[int, int]) -> bool:
    """A time in another clause that tells who reported (记者今日从某局了解到): when it was told."""
    if clause[0] <= time.offset < clause[1]:
        return False
    lo, hi = page.clause_of(time.offset)
    return is_source(page.text[lo:hi])


def _within(inner: TimeSpan, outer: TimeSpan) -> bool:
    finer = PRECISION.get(inner.granularity, 3) < PRECISION.get(outer.granularity, 3)
    return finer and outer.start <= inner.start and inner.end <= outer.end


# ------------------------------------------------------------------ place


def own_place(page: ArticleText, hit: Hit) -> int | None:
    """The place its sentence gives the happening of ``hit`` (an index into the mentions)."""
    lo, hi = page.clause_of(hit.start)
    found = last_place(page, _after_source(page.text, lo, hit.start), hit.start)
    if found is not None:
        return found
    after = _place_after(page, hit.end, hi)
    if after is not None:
        return after
    for c_lo, c_hi in page.clauses_before(hit.start):
        if not is_source(page.text[c_lo:c_hi]):
            found = last_place(page, c_lo, c_hi)
            if found is not None:
                return found
    return None


def last_place(page: ArticleText, lo: int, hi: int) -> int | None:
    """The last mention in ``lo:hi`` that can be where something happened."""
    inside = page.places.within(lo, hi)
    run_starts = []
    for k, (_, mention) in enumerate(inside):  # runs of adjacent places: 湖南张家界
        adjacent = k and inside[k - 1][1].end == mention.start
        run_starts.append(run_starts[-1] if adjacent else mention.start)
    for k in range(len(inside) - 1, -1, -1):
        if is_site(page.text, inside[k][1], run_starts[k]):
            return inside[k][0]
    return None


def _place_after(page: ArticleText, end: int, hi: int) -> int | None:
    """发生在X / 位于X after the trigger, in its clause or the next one: X's last place."""
    stop = page.clause_of(hi + 1)[1] if hi < len(page.text) else hi
    window = page.text[end:stop]
    held = HELD_AT.search(page.text, end, hi)  # 揭牌仪式今天在济南举行
    cues = [window.find(w) for w in _PLACE_AFTER if w in window] + ([held.start("where") - end] if held else [])
    for cue in sorted(cues):
        c_lo = end + cue
        found = last_place(page, c_lo, page.clause_of(c_lo)[1])
        if found is not None:
            return found
    return None


def _after_source(text: str, lo: int, hi: int) -> int:
    """Where ``lo:hi`` goes on after its last source's words (美国某机构称这次地震…: after 称)."""
    cut = max((text.rfind(w, lo, hi) + len(w) for w in _SOURCE_CUES if text.find(w, lo, hi) >= 0), default=lo)
    return max(lo, cut)


def is_site(text: str, mention: Mention, run_start: int | None = None) -> bool:
    """A place, or an organization that is a site or stands after 在/于; no origin, destination or demonym.

    ``run_start`` is where the run of places the mention ends begins (湖南张家界 of 开往湖南张家界):
    what stands before the run tells an origin or a destination.
    """
    if text.endswith(_PLACE_NOT_AFTER, 0, mention.start if run_start is None else run_start):
        return False
    if any(text.startswith(w, mention.end) for w in _PLACE_NOT_BEFORE):
        return False
    if mention.source is MentionSource.SHORT_NAME:
        # 中美会谈: the two countries are its parties, not where it was held; 在华, 访京 say where.
        return text[mention.start - 1 : mention.start] in _SHORT_NAME_SITE
    if mention.type is EntityType.LOC or mention.text.endswith(_SITE_HEADS):
        return True
    return text[mention.start - 1 : mention.start] in ("在", "于") or text.startswith(_SITE_BEFORE, mention.end)


def is_source(clause: str) -> bool:
    """The clause tells who reported (据, 获悉, 记者 …), not what happened."""
    return any(w in clause for w in _SOURCE_CUES)


# ------------------------------------------------------------------ context


def fill_from_context(page: ArticleText, happenings: list[Happening]) -> None:
    """Give each happening the time and place its sentence left open, from the story around it.

    An earlier happening of the same type (the same fire told again) outranks a time or place
    of the sentence that another happening stands nearer to (于12月4日抓获嫌疑人，追回被盗财物:
    12月4日 is the arrest's, not the theft's); the sentences before, in its paragraph, come last.
    """
    latest: dict[EventType, Happening] = {}
    told = {page.sentence_index(h.start) for h in happenings}
    starts = [h.start for h in happenings]
    for happening in happenings:
        earlier = latest.get(happening.type)
        if earlier is not None:
            time_at = happening.time.offset if happening.time is not None else None
            place_at = page.mentions[happening.place].start if happening.place is not None else None
            if earlier.time is not None and _claimed(starts, time_at, happening.start):
                happening.time = earlier.time
            if earlier.place is not None and _claimed(starts, place_at, happening.start):
                happening.place = earlier.place
        if happening.time is None or happening.place is None:
            _from_sentences_before(page, happening, told)
        latest[happening.type] = happening


def _claimed(starts: list[int], at: int | None, pos: int) -> bool:
    """Nothing at ``at``, or another happening stands between ``at`` and the trigger at ``pos``."""
    if at is None:
        return True
    lo, hi = min(at, pos), max(at, pos)
    return bisect.bisect_left(starts, hi) - bisect.bisect_right(starts, lo) > 0


def _from_sentences_before(page: ArticleText, happening: Happening, told: set[int]) -> None:
    """The time and place of the sentences before, in the paragraph, back to one that tells a happening."""
    number = page.sentence_index(happening.start)
    first = page.paragraph_start(happening.start)
    for prev in range(number - 1, max(-1, number - 1 - _SENTENCES_BACK), -1):
        lo, hi = page.sentences[prev]
        if hi <= first or prev in told:
            return  # another paragraph, or a sentence reporting a happening of its own: its time is that one's
        lo = max(lo, hi - _SENTENCE_REACH)
        if happening.time is None:
            offsets = page.time_offsets
            inside = page.times[bisect.bisect_left(offsets, lo) : bisect.bisect_left(offsets, hi)]
            happening.time = next((t for t in reversed(inside) if not _as_of(page.text, t)), None)
        if happening.place is None:
            happening.place = last_place(page, lo, hi)
        if happening.time is not None and happening.place is not None:
            return


_TIME_NOT_AFTER = tuple(event_words("time_not_after"))
_TIME_NOT_BEFORE = tuple(event_words("time_not_before"))
_LOCAL_TIME = tuple(event_words("local_time"))
# The one characters before a short name that make it where something happens (在华, 驻京, 访美, 于沪).
_SHORT_NAME_SITE = PLACING_VERBS | {"于"}
_SITE_BEFORE = tuple(event_words("site_before"))
_PLACE_AFTER = tuple(event_words("place_after_trigger"))
_PLACE_NOT_AFTER = tuple(event_words("place_not_after"))
_PLACE_NOT_BEFORE = tuple(event_words("place_not_before"))
_SITE_HEADS = tuple(event_words("site_heads"))
_SOURCE_CUES = tuple(event_words("source_cues"))

__all__ = ["ArticleText", "Happening", "attach", "fill_from_context", "is_site", "is_source", "last_place", "own_place", "own_time"]
