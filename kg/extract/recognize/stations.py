"""Stations of subways and railways by their names (某某站): where a line, 地铁 or another station says so.

站 alone is too common a head (站在, 网站, 加油站, 服务站) to read a site from; a station's
name is read where the text says it is one: after a line's number (地铁2号线某某站), after
地铁 or 轨道交通, beside another station in a list or a ride (某某站至某某站, 某某站、某某站,
从某某站到某某站, 某某站等多座车站), or where passengers change lines there (在某某站换乘). The line is no part of the name, and
a city's railway station by direction (某市东站) is one name, the city's included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.entity_kinds import EntityKind
from kg.lang.chars import CN_NUMERALS, HAN_RANGES
from kg.model import EntityType, Mention, MentionSource

__all__ = ["find_stations"]

LINE_NUMBER = f"[0-9０-９{CN_NUMERALS}]{{1,3}}"  # a line's number (2号线, 十号线)
# What says the name after it is a station's: a line (2号线, 轨道交通3号线, 地铁S1线) or 地铁.
_LINE = re.compile(
    rf"(?:(?:地铁|轨道交通|轻轨|城轨)?(?:{LINE_NUMBER}|[A-Z]{{1,2}}[0-9]{{1,2}})号?线(?:支线|延长线)?|地铁|轨道交通)"
)
# A station's name: two to six characters and 站, not a line's or a kind's word.
_NAME = re.compile(rf"([{HAN_RANGES}]{{2,6}}?)站(?![台长点务])")
# Between two stations of a ride or a list.
_JOINS = ("至", "到", "、", "和", "与", "及", "—", "-", "～", "~")
# After a station's name: passengers change lines there.
_CHANGE = re.compile(rf"(?:与|和)?(?:地铁)?{LINE_NUMBER}号线(?:实现|可)?换乘|换乘")
# A ride from one station to another (从某某站到某某站), and a list of stations (某某站等多座车站).
_RIDE = re.compile(rf"从([{HAN_RANGES}]{{2,6}}?站)(?:到|至)")
_LISTED = re.compile(rf"等(?:[0-9０-９{CN_NUMERALS}多]+座)?(?:车站|站点)")
# Words that open a clause after a line or 地铁, not a station's name (地铁新增某某站, 2号线从某某站).
_LEADS = ("从", "在", "经", "由", "往", "到", "至", "新增", "开通", "途经", "直达", "抵达", "前往", "延伸至", "通往")
# A stem ending in these is no station's name but a kind of station (地铁站, 火车站 …).
_KIND_STEMS = ("地铁", "火车", "高铁", "汽车", "客运", "车", "加油", "服务", "派出所", "工作", "网", "电", "水")
# A city's railway stations by direction: 某市东站, 某某南站.
_DIRECTIONS = frozenset("东南西北")


def find_stations(key: str, text: str, divisions: Sequence[Mention]) -> list[Mention]:
    """The stations of ``text``, each a CivicStructure place.

    Args:
        divisions: the places of the gazetteer found in the text (a city before 东站).
    """
    if "站" not in text:  # every name read here ends in 站: most texts need none of the scans below
        return []
    found: dict[int, Mention] = {}
    for start, end in _after_lines(text):
        found.setdefault(start, _station(key, text, start, end))
    for start, end in _ridden_or_listed(text):
        found.setdefault(start, _station(key, text, start, end))
    for start, end in _by_direction(text, divisions):
        found.setdefault(start, _station(key, text, start, end))
    for start, end in list(_chained(text, found)):
        found.setdefault(start, _station(key, text, start, end))
    return sorted(found.values(), key=lambda m: m.start)


def _station(key: str, text: str, start: int, end: int) -> Mention:
    name = text[start:end]
    return Mention(
        key, start, end, name, EntityType.LOC, MentionSource.RULE, canonical=name, kind=EntityKind.CIVIC_STRUCTURE
    )


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    """The station's name that starts at ``pos``, or None."""
    match = _NAME.match(text, pos)
    if match is None or "线" in match.group(1) or match.group(1).endswith(_KIND_STEMS):
        return None
    return match.start(), match.end()


def _after_lines(text: str) -> Iterator[tuple[int, int]]:
    """地铁2号线某某站, 地铁某某站: a name right after a line or 地铁."""
    for line in _LINE.finditer(text):
        pos = line.end()
        lead = next((w for w in _LEADS if text.startswith(w, pos)), "")
        span = _name_at(text, pos + len(lead))
        if span is not None:
            yield span
    for change in _CHANGE.finditer(text):
        if text[change.start() - 1 : change.start()] == "站":
            span = _name_before(text, change.start())
            if span is not None:
                yield span


def _name_before(text: str, end: int) -> tuple[int, int] | None:
    """The station's name that ends at ``end`` after 在 or where a clause starts (在某某站换乘,
    ，某某站与2号线实现换乘), or None."""
    for begin in range(max(0, end - 7), end - 2):  # the longest name first
        span = _name_at(text, begin)
        opens = begin == 0 or text[begin - 1] == "在" or not re.match(rf"[{HAN_RANGES}]", text[begin - 1])
        if span is not None and span[1] == end and opens and not _JOIN_OR_CLAUSE.search(text, begin, end):
            return span
    return None


def _ridden_or_listed(text: str) -> Iterator[tuple[int, int]]:
    """从某某站到某某站: the first station of a ride (the second joins it); 某某站等多座车站: a listed one."""
    for ride in _RIDE.finditer(text):
        span = _name_at(text, ride.start(1))
        if span is not None:
            yield span
    for listed in _LISTED.finditer(text):
        if text[listed.start() - 1 : listed.start()] == "站":
            span = _name_before(text, listed.start()) or _after_verb(text, listed.start())
            if span is not None:
                yield span


def _after_verb(text: str, end: int) -> tuple[int, int] | None:
    """新增某某站等: the station's name after a verb of the line's news that ends at ``end``."""
    for lead in _LEADS:
        at = text.rfind(lead, max(0, end - 7 - len(lead)), end)
        if at >= 0 and (span := _name_at(text, at + len(lead))) is not None and span[1] == end:
            return span
    return None


def _chained(text: str, found: dict[int, Mention]) -> Iterator[tuple[int, int]]:
    """某某站至某某站, 某某站、某某站: a station beside a station found, after it or before it."""
    queue = sorted(found.values(), key=lambda m: m.start)
    taken = {i for m in queue for i in range(m.start, m.end)}
    while queue:
        station = queue.pop()
        for span in _neighbours(text, station.start, station.end):
            if taken.isdisjoint(range(*span)):
                taken.update(range(*span))
                queue.append(_station("", text, *span))
                yield span


def _neighbours(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    if text[end : end + 1] in _JOINS:
        span = _name_at(text, end + 1)
        if span is not None:
            yield span
    if text[start - 1 : start] in _JOINS:
        stop = start - 1
        for begin in range(max(0, stop - 7), stop - 2):  # the longest name first
            span = _name_at(text, begin)
            if span is not None and span[1] == stop and not _JOIN_OR_CLAUSE.search(text, begin, stop):
                yield span
                break


# Not inside a station's name read backwards: a join, a preposition, a particle, no Han.
_JOIN_OR_CLAUSE = re.compile(rf"[^{HAN_RANGES}]|[至到和与及在从的了是]")


def _by_direction(text: str, divisions: Sequence[Mention]) -> Iterator[tuple[int, int]]:
    """深圳北站, 杭州东站: a city's name, a direction and 站."""
    for place in divisions:
        if place.type is EntityType.LOC and text[place.end : place.end + 1] in _DIRECTIONS \
                and text[place.end + 1 : place.end + 2] == "站":
            yield place.start, place.end + 2
