"""Spans of a text sorted once, so that overlap and containment are bisections, not scans.

Recognition and event rules ask, for each of thousands of mentions, whether another set
of spans overlaps, holds or lies inside it. Asked by scanning, a mention-dense page of a
few megabytes took hours (every mention against every other); a :class:`SpanIndex`
answers each question in O(log n) after an O(n log n) sort. Also :func:`revised`: a mention
with some fields changed, made without ``dataclasses.replace``'s overhead.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from kg.model import EntityType, Mention

_MENTION_FIELDS = frozenset(f.name for f in dataclasses.fields(Mention))


def revised(mention: Mention, **changes: Any) -> Mention:
    """``dataclasses.replace(mention, **changes)``, made without ``__init__``.

    Mentions are revised some 130,000 times in a PFR month (a canonical name, an entity, a kind,
    a recurrence's offsets); ``replace`` reads the fields and calls ``__init__`` each time: 3.0 µs
    a mention, 0.5 µs so (resolve_mentions took 0.25 s of the month, not 0.44 s). A Mention has
    no ``__post_init__``: the copy is the one ``replace`` makes.

    Raises:
        TypeError: a change names no field of Mention.
    """
    if not changes.keys() <= _MENTION_FIELDS:
        raise TypeError(f"Mention has no field {sorted(changes.keys() - _MENTION_FIELDS)}")
    copy = object.__new__(Mention)
    copy.__dict__.update(mention.__dict__, **changes)
    return copy


class SpanIndex:
    """Half-open ``(start, end)`` spans, sorted by start, with running maxima and minima of their ends.

    Args:
        spans: the spans, in any order; repeats are fine.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        ends = [end for _, end in ordered]
        # max_end[k]: the largest end of the first k spans; min_end[k]: the smallest end from span k on.
        self._max_end = list(itertools.accumulate(ends, max, initial=-1))
        self._min_end = list(itertools.accumulate(reversed(ends), min, initial=float("inf")))[::-1]

    def __len__(self) -> int:
        return len(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares a character with ``start:end`` (``s < end and start < e``)."""
        return self._max_end[bisect.bisect_left(self.starts, end)] > start

    def covers(self, pos: int) -> bool:
        """Some span holds offset ``pos`` (``s <= pos < e``)."""
        return self._max_end[bisect.bisect_right(self.starts, pos)] > pos

    def holds_longer(self, start: int, end: int) -> bool:
        """Some span holds ``start:end`` and is longer than it."""
        # Longer and holding it: starting before it and ending at or after its end, or
        # starting with it and ending after it.
        before = self._max_end[bisect.bisect_left(self.starts, start)]
        at_or_before = self._max_end[bisect.bisect_right(self.starts, start)]
        return before >= end or at_or_before > end

    def has_inside(self, start: int, end: int) -> bool:
        """Some span lies within ``start:end`` (``start <= s and e <= end``)."""
        return self._min_end[bisect.bisect_left(self.starts, start)] <= end


class Edges(NamedTuple):
    """Where spans start and where they end, for "does a span end right here" in O(1)."""

    starts: frozenset[int] = frozenset()
    ends: frozenset[int] = frozenset()

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]]) -> Edges:
        spans = list(spans)
        return cls(frozenset(s for s, _ in spans), frozenset(e for _, e in spans))


class MentionOrder:
    """The mentions of some types, numbered as given, sorted by start (ties in their order) and by end.

    Args:
        mentions: the article's mentions; their positions in it are their numbers.
        types: the types kept.
    """

    def __init__(self, mentions: Sequence[Mention], types: Collection[EntityType]):
        kept = [(i, m) for i, m in enumerate(mentions) if m.type in types]
        self.by_start = sorted(kept, key=lambda im: im[1].start)
        self._starts = [m.start for _, m in self.by_start]
        self.by_end = sorted((m.end, i) for i, m in kept)
        self._ends = [end for end, _ in self.by_end]

    def starting_from(self, pos: int) -> Iterator[tuple[int, Mention]]:
        """``(number, mention)`` of those starting at ``pos`` or later, by start."""
        for k in range(bisect.bisect_left(self._starts, pos), len(self.by_start)):
            yield self.by_start[k]

    def within(self, lo: int, hi: int) -> list[tuple[int, Mention]]:
        """``(number, mention)`` of those inside ``lo:hi``, by start."""
        first, stop = bisect.bisect_left(self._starts, lo), bisect.bisect_right(self._starts, hi)
        return [(i, m) for i, m in self.by_start[first:stop] if m.end <= hi]

    def ending_by(self, pos: int) -> Iterator[tuple[int, int]]:
        """``(end, number)`` of those ending at ``pos`` or before, the last ending first."""
        for k in range(bisect.bisect_right(self._ends, pos) - 1, -1, -1):
            yield self.by_end[k]


class LatestMarked:
    """The numbers 0 … n-1, some marked as you go: the largest marked one below a bound.

    A Fenwick tree of maxima: marking and asking are O(log n).
    """

    def __init__(self, size: int):
        self._tree = [-1] * (size + 1)

    def mark(self, number: int) -> None:
        k = number + 1
        while k < len(self._tree):
            if self._tree[k] < number:
                self._tree[k] = number
            k += k & -k

    def below(self, bound: int) -> int:
        """The largest marked number below ``bound``; -1 if none is."""
        best, k = -1, bound
        while k > 0:
            best = max(best, self._tree[k])
            k -= k & -k
        return best


class Antecedents:
    """Items in text order, each of a kind, some marked (a mark stays): the latest before a point.

    Args:
        starts: where each item starts, in ascending order.
        kinds: each item's kind.
    """

    def __init__(self, starts: Sequence[int], kinds: Sequence[Hashable]):
        self.starts = starts
        self.kinds = kinds
        self._of_kind: dict[Hashable, list[int]] = {}
        for number, kind in enumerate(kinds):
            self._of_kind.setdefault(kind, []).append(number)
        self._marked = {kind: LatestMarked(len(starts)) for kind in self._of_kind}
        self._any = LatestMarked(len(starts))

    def mark(self, number: int) -> None:
        self._marked[self.kinds[number]].mark(number)
        self._any.mark(number)

    def latest(self, pos: int, kind: Hashable, *, any_kind: bool = False) -> int | None:
        """The number of the last item of ``kind`` starting before ``pos``, a marked one first.

        With ``any_kind``, items of every kind count when none of ``kind`` starts before ``pos``.
        """
        before = bisect.bisect_left(self.starts, pos)
        same = self._of_kind.get(kind, [])
        last = bisect.bisect_left(same, before)
        if last:
            marked = self._marked[kind].below(before)
            return marked if marked >= 0 else same[last - 1]
        if any_kind and before:
            marked = self._any.below(before)
            return marked if marked >= 0 else before - 1
        return None
