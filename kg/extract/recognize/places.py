"""Places from the administrative gazetteer: divisions, townships, villages, 我市.

A county's short name (大方, 新建, 通道 …) is often a common word too; it counts as a
place only where a township of that county follows it (大方六龙镇, 宜都五眼泉镇).
Townships and villages are recognized where a county or township comes before them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kg.extract.gazetteer import TOWN_SUFFIXES, Gazetteer, Place, home_division, place_key
from kg.extract.recognize.townships import lone_towns
from kg.model import EntityKey, EntityType, Mention, MentionSource, PageMeta
from kg.lang.chars import CLAUSE_ENDS, HAN_RANGES, LIST_JOINS
from kg.lang.lexicons import home_deictics
from kg.lang.words import WordIndex, at_boundary, word_tag

# A village or community after its township: a name of two to five characters, not
# starting with a function word (长潭河的村民 names no village "的村") nor holding one
# (某某镇畔的某村: the village is named after the particle, not with it).
# One character names a village too (某镇余村), not a word of quantity (各村, 全村).
_VILLAGE = re.compile(
    rf"(?![和各每全该本此多几两])(?:(?![的在与及是等])[{HAN_RANGES}]){{1,5}}?(?:村委会|居委会|社区|村(?![民里]))"
)


def _mention(
    key: str, start: int, end: int, text: str, place: Place, source: MentionSource, parent: EntityKey | None = None
) -> Mention:
    return Mention(
        article=key,
        start=start,
        end=end,
        text=text[start:end],
        type=EntityType.LOC,
        source=source,
        canonical=place.name,
        code=place.code,
        located_in=parent,
    )


def find_places(key: str, text: str, meta: PageMeta, gaz: Gazetteer, words: WordIndex) -> Iterator[Mention]:
    """Yield the place mentions the gazetteer supports, with codes and parents.

    A match must start where a word starts (寿县 is not inside 长寿县), a two-character
    county end where a word ends too (和县 is not in 书记和县长), and a short name must be a
    place name for the dictionary too (来宾 and 日照 are ordinary words).
    """
    named: dict[int, Place] = {}  # the places found so far, by where they end
    latest: dict[str, tuple[int, Place]] = {}  # code → (order found, place) of the places found so far
    found = gaz.find(text)
    edges = _PlaceEdges.of(found)
    for start, end, name in found:
        outer = named.get(start)
        place = _resolve(gaz, name, meta, outer, latest)
        if place is None or not at_boundary(text, start, words) and not (outer and _inside(gaz, [place], outer)):
            continue  # 林芝市|巴宜区: a division right after the one that holds it starts a name
        if end - start == 2 and place.level == "county" and not at_boundary(text, end, words):
            continue
        if _starts_a_word(text, start, end, words) or _ends_in_idiom(start, end, words):
            continue
        if time_zone(text, end) and place.level != "county":
            continue  # 北京时间19时: a time zone, not the city
        source = MentionSource.GAZETTEER if name in (place.name, place.alias) and name == place.name else MentionSource.ALIAS
        if source == MentionSource.ALIAS and place.level != "country" and word_tag(name) not in ("ns", "s"):
            within = outer is not None and bool(_inside(gaz, [place], outer))
            if not within and not _placed_by_context(text, start, end, words, edges):
                continue  # 日照 (sunshine), 来宾 (guests): ordinary words unless the sentence places them
        named[end] = place
        if place.code:
            latest[place.code] = (len(named), place)
        if _city_word_after(text, start, end, gaz) and not _town_after(text, end, place, gaz, words):
            end -= 1  # 上海市区, 北京市民: 市 opens the word after the city's name
        yield _mention(key, start, end, text, place, source, _parent_key(gaz, place))
        if place.level == "county":
            yield from _below(key, text, end, place, gaz)
    yield from _county_aliases(key, text, meta, gaz, words, named, edges)
    yield from lone_towns(key, text, meta, gaz, words, named.values())  # 某县 … 某某乡, the home city's 某某镇
    yield from _deictic(key, text, meta, gaz)
    yield from _zones(key, text, meta, gaz)
    yield from _streets(key, text, meta, gaz, words)


def _starts_a_word(text: str, start: int, end: int, words: WordIndex) -> bool:
    """中国画, 瑞士制: the name and one character more are a dictionary word naming no place.

    One character only: longer words are often bodies or brands built on the place
    (昆明制药, 上海石化, 武汉职业技术学院), which other rules read from the place.
    """
    w_end, _ = words.starts.get(start, (end, ""))
    if w_end != end + 1:
        return False
    word = text[start:w_end]
    if "之" in word[end - start :] or word.endswith(_PEOPLE_ENDS):
        return False
    return word_tag(word) not in ("", "ns", "nt", "nz", "s")


def _ends_in_idiom(start: int, end: int, words: WordIndex) -> bool:
    """也门庭若市: the name's last character opens a longer word (an idiom), its first ends another."""
    crossing = words.starts.get(end - 1)
    return end - start == 2 and crossing is not None and crossing[0] - (end - 1) >= 3


def _city_word_after(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """上海市区, 北京市民, 北京市长: the city's 市 starts a word (市区, 市民, 市长, 市郊, 市场) instead.

    Not where a place of the gazetteer starts at the next character (上海市长宁区).
    """
    if end - start < 3 or text[end - 1] != "市" or text[end : end + 1] not in CITY_WORD_ENDS:
        return False
    return not any(s == 0 for s, _, _ in gaz.find(text[end : end + 6]))


def _town_after(text: str, end: int, place: Place, gaz: Gazetteer, words: WordIndex) -> bool:
    """五常市|民乐乡, 如皋市|长江镇: a township of the city follows its 市, which is the city's.

    The gazetteer lists townships by county: a city without counties (东莞市|长安镇) has
    none, and the segmenter's place word with a township's suffix says so instead.
    """
    if any(text.startswith(name, end) for name in gaz.towns.get(place.code or "", {})):
        return True
    w_end, tag = words.starts.get(end, (end, ""))
    if tag != "ns":
        return False
    return w_end - end >= 3 and text[end:w_end].endswith(TOWN_SUFFIXES) or text.startswith(TOWN_SUFFIXES, w_end)


def time_zone(text: str, end: int) -> bool:
    """北京时间, 东京时间: the place's name ending at ``end`` names its clock, a time zone."""
    return text.startswith("时间", end)


# After a city's 市: the second character of 市区, 市民, 市长, 市郊, 市场.
CITY_WORD_ENDS = frozenset("区民长郊场")


# 美国人, 中国籍, 日方: words of the place's people or side still name the place, as do
# phrases with 之 (中国之最).
_PEOPLE_ENDS = ("人", "籍", "方", "队", "军", "族")


def _resolve(
    gaz: Gazetteer, name: str, meta: PageMeta, outer: Place | None = None,
    named: Mapping[str, tuple[int, Place]] | None = None,
) -> Place | None:
    """The division a name stands for, of those that bear it.

    One inside the place written just before it comes first (北京市朝阳区 is Beijing's),
    then one of the paper's city or province, then one inside a place the text named
    earlier, the latest first.

    Args:
        named: the places named earlier, by code, with the order they were found in.
    """
    if name in gaz.countries:
        return gaz.countries[name]
    candidates = gaz.places(name) or [p for p in gaz.by_alias.get(name, []) if p.level != "county"]
    if outer is not None:
        candidates = _inside(gaz, candidates, outer) or candidates
    chosen = gaz.choose(candidates, city=meta.home_city, province=meta.province)
    if chosen is None and len(candidates) > 1 and named:
        for earlier in _named_around(gaz, candidates, named):
            if (inside := _inside(gaz, candidates, earlier)) and (chosen := gaz.choose(inside)):
                break
    return chosen


def _named_around(gaz: Gazetteer, candidates: list[Place], named: Mapping[str, tuple[int, Place]]) -> list[Place]:
    """The places named earlier that hold a candidate, the latest first.

    Only those can hold one, and a place named twice answers alike each time: looking up
    the candidates' ancestors keeps this from scanning every place named so far.
    """
    codes = {p.code for c in candidates for p in gaz.chain(c)[1:] if p.code in named}
    return [named[code][1] for code in sorted(codes, key=lambda code: named[code][0], reverse=True)]


def _inside(gaz: Gazetteer, candidates: list[Place], outer: Place) -> list[Place]:
    """The candidates that lie inside ``outer``."""
    if outer.code is None:
        return []
    return [c for c in candidates if any(p.code == outer.code for p in gaz.chain(c)[1:])]


def _parent_key(gaz: Gazetteer, place: Place) -> str | None:
    parent = gaz.parent_of(place)
    return place_key(parent) if parent else None


def _below(key: str, text: str, pos: int, county: Place, gaz: Gazetteer) -> Iterator[Mention]:
    """A township right after its county, and a village or community after that."""
    towns = gaz.towns.get(county.code or "", {})
    for length in range(min(9, len(text) - pos), 1, -1):
        town = towns.get(text[pos : pos + length])
        if town is None:
            continue
        town_end = pos + length
        if not text[pos:town_end].endswith(TOWN_SUFFIXES):
            # 林家屯乡 where the gazetteer has 林家屯镇 since: the old suffix is part of the name.
            town_end += next((len(s) for s in TOWN_SUFFIXES if text.startswith(s, town_end)), 0)
        yield _mention(key, pos, town_end, text, town, MentionSource.GAZETTEER, place_key(county))
        village = _VILLAGE.match(text, town_end)
        if village:
            vplace = Place(village.group(0), "village", None, None)
            yield _mention(key, town_end, village.end(), text, vplace, MentionSource.RULE, place_key(town))
        return


def _county_aliases(
    key: str, text: str, meta: PageMeta, gaz: Gazetteer, words: WordIndex, named: Mapping[int, Place], edges: _PlaceEdges
) -> Iterator[Mention]:
    """Short county names, kept where one of the county's townships follows, or where the
    sentence places them: after a division that holds the county (江苏|兴化), beside other
    places in a list (顺德、斗门), after 在 or 抵达 (see :func:`_placed_by_context`).

    Args:
        named: the places of the gazetteer's scan, by where they end.
    """
    for start, end, alias in gaz.county_scanner.find(text):
        counties = gaz.county_aliases[alias]
        for county in counties:
            below = list(_below(key, text, end, county, gaz))
            if below:
                yield _mention(key, start, end, text, county, MentionSource.ALIAS, _parent_key(gaz, county))
                yield from below
                break
        else:
            county = _placed_county(text, start, end, counties, meta, gaz, words, named, edges)
            if county is not None:
                yield _mention(key, start, end, text, county, MentionSource.ALIAS, _parent_key(gaz, county))


def _placed_county(
    text: str, start: int, end: int, counties: list[Place], meta: PageMeta, gaz: Gazetteer, words: WordIndex,
    named: Mapping[int, Place], edges: _PlaceEdges,
) -> Place | None:
    """The county a short name stands for where no township follows it, if the sentence places it."""
    if not at_boundary(text, start, words) or not at_boundary(text, end, words):
        return None
    outer = named.get(start)
    if outer is not None and (inside := _inside(gaz, counties, outer)):
        return gaz.choose(inside)
    if _placed_by_context(text, start, end, words, edges):
        return gaz.choose(counties, city=meta.home_city, province=meta.province)
    return None


@dataclass(frozen=True)
class _PlaceEdges:
    """Where the gazetteer's matches in the text start and end."""

    starts: frozenset[int]
    ends: frozenset[int]

    @classmethod
    def of(cls, found: list[tuple[int, int, str]]) -> _PlaceEdges:
        return cls(frozenset(s for s, _, _ in found), frozenset(e for _, e, _ in found))


def _placed_by_context(text: str, start: int, end: int, words: WordIndex, edges: _PlaceEdges) -> bool:
    """The sentence says a short name is a place, though it is an ordinary word too.

    - listed with other places: 武威、金昌、酒泉 (a neighbour the gazetteer knows), 某地和某地等地;
    - after 在, 赴, 抵达 … and before a verb or the clause's end: 在某地举行, 抵达某地。
    """
    if word_tag(text[start:end]) in _POSITION_TAGS:
        return False  # 中部和南部, 在湖里: directions and positions, not the counties 南部, 湖里
    before, after = text[start - 1 : start], text[end : end + 1]
    if before in _LISTING and start - 1 in edges.ends or after in _LISTING and end + 1 in edges.starts:
        return True
    if text.startswith("等地", end) and before in _LISTING:
        return True
    prev = words.ends.get(start)
    if prev is None or text[prev[0] : start] not in _TO_A_PLACE:
        return False
    nxt = words.starts.get(end)
    return after in _CLAUSE_END or nxt is not None and nxt[1].startswith("v")


# jieba's tags of words of direction and position (南部 f, 湖里 s).
_POSITION_TAGS = frozenset({"f", "s"})
# Between the items of a list of places.
_LISTING = frozenset(LIST_JOINS)
# Prepositions and verbs of motion whose object is a place (在某地举行, 抵达某地).
_TO_A_PLACE = frozenset(
    ("在", "到", "赴", "抵", "抵达", "飞抵", "前往", "回到", "来到", "返回", "撤回", "途经", "离开", "访问", "落户")
)
_CLAUSE_END = frozenset(CLAUSE_ENDS + "、")  # or a list goes on


def _deictic(key: str, text: str, meta: PageMeta, gaz: Gazetteer) -> Iterator[Mention]:
    """我市, 我省, 我县 and 本市 …: the paper's own city, province or county (:meth:`PageMeta.home`)."""
    for level, words in home_deictics().items():
        home = meta.home(level)
        if level == "区" and not home and meta.province and meta.province.endswith("自治区"):
            home = meta.province  # 广西日报's 我区 is the region
        place = home_division(home, gaz, meta)
        if place is None:
            continue
        for word in words:
            start = text.find(word)
            while start >= 0:
                yield _mention(key, start, start + len(word), text, place, MentionSource.RULE, _parent_key(gaz, place))
                start = text.find(word, start + len(word))


_ZONE = re.compile(r"经济技术开发区|经开区|高新技术产业开发区|高新区")
_ZONE_NAMES = {"经开区": "经济技术开发区", "高新区": "高新技术产业开发区"}


def _zones(key: str, text: str, meta: PageMeta, gaz: Gazetteer) -> Iterator[Mention]:
    """Development zones (襄阳高新区, 高新区 of the home city): county-level, with codes."""
    for match in _ZONE.finditer(text):
        kind = _ZONE_NAMES.get(match.group(0), match.group(0))
        start, owner = match.start(), None
        for length in (4, 3, 2):
            owner = gaz.lookup_city_or_province(text[max(0, match.start() - length) : match.start()])
            if owner is not None and match.start() >= length:
                start = match.start() - length
                break
        if owner is None:
            owner = home_division(meta.home_city, gaz, meta)
        if owner is None or owner.code is None:
            continue
        zones = [p for p in gaz.children.get(owner.code, ()) if p.name.endswith(kind)]
        if len(zones) == 1:
            yield _mention(key, start, match.end(), text, zones[0], MentionSource.RULE, place_key(owner))


_STREET = re.compile(
    rf"[{HAN_RANGES}]{{2,10}}?(?:大道|大街|路|街|巷)(?=[东西南北中]?段?[0-9０-９]+号)"
)


_HOUSE_NUMBER = re.compile("[0-9０-９]号")
_NOT_IN_STREET = {"p", "v", "d", "c", "u", "uj", "ul", "r", "x", "f", "vn", "ad"}


def _streets(key: str, text: str, meta: PageMeta, gaz: Gazetteer, words: WordIndex) -> Iterator[Mention]:
    """A street of an address (中山北路107号), inside the division named before it."""
    if not _HOUSE_NUMBER.search(text):
        return  # no address: the street's pattern, tried at every character, would find none
    for match in _STREET.finditer(text):
        start, parent = _street_start(match, words), None
        for p_start, p_end, name in gaz.find(text[match.start() : match.end()]):
            if match.start() + p_end <= match.end() - 2:
                parent = _resolve(gaz, name, meta)
                start = max(start, match.start() + p_end)
        if match.end() - start < 3:
            continue
        street = Place(text[start : match.end()], "street", None, None)
        yield _mention(key, start, match.end(), text, street, MentionSource.RULE, place_key(parent) if parent else None)


def _street_start(match: re.Match[str], words: WordIndex) -> int:
    """Walk back over the words of the name; stop at a verb, a preposition (设在, 位于) …"""
    start = match.end()
    index = bisect.bisect_right(words.words, match.end(), key=lambda w: w[1])
    for w_start, w_end, _, tag in reversed(words.words[max(0, index - 12) : index]):
        if w_start < match.start() or (tag in _NOT_IN_STREET and w_end < match.end()):
            break
        start = w_start
    return max(start, match.start())
