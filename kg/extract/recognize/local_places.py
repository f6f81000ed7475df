"""Sites below the county: roads, highways, parks, scenic areas, markets, squares, landmarks.

A site's name is a stem and a head (:mod:`kg.extract.recognize.site_heads`): 文化路, 建设东路,
沪昆高速某某段, 城南口袋公园, 某某农贸市场. The stem is whole words of jieba's segmentation,
two to six characters, that a name can be made of; a head used as a common noun (这条路,
走上街头, 出路, 来到公园) has no such stem. A stem that is an ordinary word (文化, 建设,
人民) names a road only where the text says it is one: a division just before it, a
direction or number after it (建设东路, 建设一路), a house number or a crossing. The
division written just before a site, else the paper's home county or city, contains it.
A word of kind after a name (某某景区, 某某商圈) is not the site's: the site is the name.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer, home_division, place_key
from kg.extract.spans import SpanIndex
from kg.lang.chars import HAN_RANGES
from kg.lang.words import WordIndex, at_boundary
from kg.model import EntityKey, EntityType, Mention, MentionSource, PageMeta
from kg.extract.recognize.stations import LINE_NUMBER, find_stations
from kg.extract.recognize.site_heads import site_head, site_heads, site_kind
from kg.extract.recognize.site_stems import (
    common_word, compound_head, division_named_in_full, ends_name, figurative, place_mention_key, plain, readings,
    pieces, said_to_be_site, stem_before,
)

__all__ = ["find_local_places", "site_head", "site_kind"]

# Tags of the one-character short names of a highway's ends (沪 j, 昆 ns).
_ABBREVIATION_TAGS = frozenset({"j", "ns", "n", "nr", "nz", ""})
_CROSSING = re.compile("交会|交汇|交叉|路口")  # where a road meets another
_DIVISION_SOURCES = frozenset({MentionSource.GAZETTEER, MentionSource.ALIAS})
_CODE = re.compile(r"[GSＧＳ][0-9０-９]{1,4}$")
# 国道、省道31公里: a number the distance after it claims is no road's number.
_NUMBERED_ROAD = re.compile(
    r"(?:[GSXＧＳＸ]?[0-9０-９]{1,4}(?:国道|省道)|(?:国道|省道)[GSXＧＳＸ]?[0-9０-９]{1,4}(?![0-9０-９]*[多余]?(?:公里|千米|米))线?)"
)
# Airports and stations are named after their city (某某国际机场, 某某火车站); a park, a
# square or a stadium has a name of its own after it (某市|人民公园, 某市|国家体育场).
_HUB_HEADS = frozenset({"机场", "车站", "火车站", "高铁站", "汽车站", "客运站", "码头", "口岸"})
# Stems that give a site no name of its own: the city's name before them is its name (某市国际赛车场).
_NO_NAME_STEMS = frozenset({"国际", "市民", "城市", "中心"})
_SECTION = re.compile(rf"[{HAN_RANGES}]{{2,6}}?段")


def find_local_places(
    key: str, text: str, meta: PageMeta, gaz: Gazetteer, words: WordIndex, candidates: Sequence[Mention]
) -> list[Mention]:
    """The candidates, with the sites of ``text`` added.

    A site inside an organization's name is no mention (人民路小学, 某某公园管理处): it
    yields to the organization candidate that holds it. An organization the grammar or
    the tagger reads as starting inside a site (东路交会处) is no organization.
    """
    candidates = _split_after_division(candidates)
    places = {m.end: m for m in candidates if m.type is EntityType.LOC and (m.code or m.located_in)}
    scan = _Scan(key, text, words, places, _home(meta, gaz))
    found = {(s.start, s.end): s for s in _sites(scan) if s is not None}
    divisions = [m for m in candidates if m.type is EntityType.LOC and m.source in _DIVISION_SOURCES]
    stations = find_stations(key, text, divisions)
    candidates = [
        m for m in candidates
        if not any(t.start > m.start and t.start < m.end < t.end for t in stations) and not _a_line(m)
    ]
    found = _with_stations(found, stations, scan.home)
    if not found:
        return list(candidates)
    sites = _share_containers(sorted((_grown(s, scan) for s in found.values()), key=lambda s: s.start), text, scan.home)
    sites = _outside_names(sites, candidates, divisions)
    return _not_past_sites(candidates, sites) + sites


def _with_stations(
    found: dict[tuple[int, int], Mention], stations: Sequence[Mention], home: EntityKey | None
) -> dict[tuple[int, int], Mention]:
    """The sites found by their span, with the stations in place of the sites that run into them."""
    for station in stations:  # 地铁2号线某某站: the station, not the road, nor a span cut inside it
        found = {k: s for k, s in found.items() if not station.start < s.end <= station.end}  # or runs into it
        found[(station.start, station.end)] = dataclasses.replace(station, located_in=home)
    return found


def _outside_names(sites: list[Mention], candidates: Sequence[Mention], divisions: Sequence[Mention]) -> list[Mention]:
    """The sites that are no part of an organization candidate's name nor of a division's."""
    orgs = _ByStart(m for m in candidates if m.type is EntityType.ORG)
    starting = _ByStart(divisions)
    return [
        s for s in sites
        if not any(_holds(o, s) for o in orgs.starting(s.end - orgs.longest, s.start + 1))
        and not any(s.end < d.end for d in starting.starting(s.start + 1, s.end))
    ]  # 人民路|小学 is a school's name; 某县古城|镇 a township's


def _not_past_sites(candidates: Sequence[Mention], sites: Sequence[Mention]) -> list[Mention]:
    """The candidates but the grammar's or the tagger's organizations that misread a site (东路交会处)."""
    index = SpanIndex((s.start, s.end) for s in sites)
    site_ends = {s.end for s in sites}
    return [
        m for m in candidates
        if not (m.type is EntityType.ORG and m.source in (MentionSource.GRAMMAR, MentionSource.TAGGER)
                and (any(_reads_past(m, s) for s in sites if index.overlaps(m.start, m.end))
                     or m.start in site_ends and _CROSSING.match(m.text)))
    ]  # 某某路|交汇处: where the road meets another, no body


# A line of a subway or a railway by its number (某市地铁2号线): a route, named by no place mention.
_LINE = re.compile(rf"{LINE_NUMBER}号线$")


def _a_line(m: Mention) -> bool:
    """The tagger's place that is a line by its number (地铁2号线, 某市地铁3号线), no place."""
    return m.type is EntityType.LOC and m.source is MentionSource.TAGGER and bool(_LINE.search(m.text))


def _split_after_division(candidates: Sequence[Mention]) -> list[Mention]:
    """The tagger's place that is a division and a site named after it (某市|某某公园, 某市|某某村):
    two places, the site's name its own (the division's name is no part of it).

    Only parks, squares, scenic areas and villages, whose own names are shorter than the
    tagger's reading by the division, and whose stem is two characters or more.
    """
    divisions: dict[int, int] = {}
    for m in candidates:
        if m.type is EntityType.LOC and m.source in _DIVISION_SOURCES:
            divisions[m.start] = max(m.end, divisions.get(m.start, 0))
    out = []
    for m in candidates:
        cut = divisions.get(m.start) if m.source is MentionSource.TAGGER and m.type is EntityType.LOC else None
        head = site_head(m.text[cut - m.start :]) if cut is not None and cut < m.end else None
        if head is not None and _named_apart(head) and m.end - cut - len(head) >= 2 \
                and not m.text[cut - m.start :].startswith(tuple(_NO_NAME_STEMS)):
            m = dataclasses.replace(m, start=cut, text=m.text[cut - m.start :])
        out.append(m)
    return out


def _grown(site: Mention, scan: _Scan) -> Mention:
    """A site or a subdistrict named after the site before it (某某公园|球场, 某某路|社区,
    某某街|街道): the longer one; not the street's sides (某某路街道两旁)."""
    heads = site_heads()
    for size in range(4, 1, -1):
        head = scan.text[site.end : site.end + size]
        named = head == "社区" or head == "街道" and scan.text[site.end + size : site.end + size + 1] not in _SIDES
        glued = head == "街道" and named  # 街道社区, 街道办 are words of jieba's across the name's end
        if (heads.uses.get(head) in ("site", "venue") or named) and (glued or at_boundary(
            scan.text, site.end + size, scan.words
        )):
            name = site.text + head
            return dataclasses.replace(site, end=site.end + size, text=name, canonical=name, kind=heads.kinds.get(head))
    return site


# A division written with its level, from the county up: a sight's head after it is a kind (某某县梯田).
_COUNTY_LEVELS = tuple("省市区县旗")  # not 州: 苏州, 杭州 are short names, not levels
# What follows 街道 where it is the street's sides or surface, not a subdistrict.
_SIDES = frozenset("两上边旁")


def _named_apart(head: str) -> bool:
    """Parks, squares, scenic areas and villages are named apart from their city (某市|人民公园);
    museums, malls and halls often with it (某国|近现代史博物馆 is one name)."""
    return head in ("村", "小区", "新村") or site_heads().kinds.get(head) in _NAMED_APART


_NAMED_APART = frozenset({EntityKind.PARK, EntityKind.SQUARE, EntityKind.TOURIST_ATTRACTION})


def _share_containers(sites: list[Mention], text: str, home: EntityKey | None) -> list[Mention]:
    """A site the text places nowhere lies where the text placed it before (某区文化路 … 文化路),
    or where the site it is joined to lies (某区文化路与建设东路)."""
    out: list[Mention] = []
    placed: dict[str, EntityKey | None] = {}
    for site in sites:
        prev = out[-1] if out else None
        if site.located_in == home and site.text in placed:
            site = dataclasses.replace(site, located_in=placed[site.text])
        elif (
            prev is not None and prev.kind is site.kind and site.located_in == home != prev.located_in
            and text[prev.end : site.start] in ("与", "和", "及", "、", "至")
        ):
            site = dataclasses.replace(site, located_in=prev.located_in)
        if site.located_in != home:
            placed.setdefault(site.text, site.located_in)
        out.append(site)
    return out


class _ByStart:
    """Mentions sorted by where they start, to find those starting in a range without reading all."""

    def __init__(self, mentions: Iterable[Mention]):
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.longest = max((m.end - m.start for m in self.mentions), default=0)

    def starting(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start at ``lo`` or after and before ``hi``."""
        return self.mentions[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]


def _reads_past(org: Mention, site: Mention) -> bool:
    """The organization starts inside the site (东路交会处), or is the site and the place
    where it meets another road (建设东路交会处): a misreading either way."""
    if site.start < org.start < site.end < org.end:
        return True
    return org.start == site.start and site.end < org.end and bool(_CROSSING.match(org.text, site.end - org.start))


def _holds(org: Mention, site: Mention) -> bool:
    """The organization's name holds the site's and goes on after it (人民路|小学), or, read by
    a rule, is it; the tagger's organization that ends with the site (某某区文化路) is the site."""
    if not (org.start <= site.start and site.end <= org.end):
        return False
    if _CROSSING.match(org.text, site.end - org.start):
        return False  # 建设东路|交会处: where the road meets another, no body's name
    return org.end > site.end or org.source != MentionSource.TAGGER


@dataclasses.dataclass(frozen=True)
class _Scan:
    """One text being scanned, with what the finder needs of it."""

    key: str
    text: str
    words: WordIndex
    places: dict[int, Mention]  # the divisions and townships mentioned, by where they end
    home: EntityKey | None  # where the sites the text places nowhere lie


def _sites(scan: _Scan) -> Iterator[Mention | None]:
    """Each head of the text read as a site's, or None where it names none."""
    heads = site_heads()
    for match in heads.pattern.finditer(scan.text):
        use = heads.uses[match.group(0)]
        if use == "highway":
            yield _highway(scan, match.start(), match.end())
        elif use == "area":
            yield _area(scan, match.start(), match.end())
        else:
            yield _site(scan, match.start(), match.end(), road=use == "road")
    if "国道" not in scan.text and "省道" not in scan.text:
        return  # no national or provincial road: the pattern, tried at every character, would find none
    for match in _NUMBERED_ROAD.finditer(scan.text):
        yield _with_section(scan, match.start(), match.end())


def _site(scan: _Scan, h_start: int, h_end: int, *, road: bool) -> Mention | None:
    """The site whose head is ``text[h_start:h_end]``, or None."""
    text, words, places = scan.text, scan.words, scan.places
    if not ends_name(text, h_end, words) or road and compound_head(text, h_start, h_end, words):
        return None
    if road and text[h_start - 1 : h_start] == "之":
        return None  # 成功之路, 某某之路: "the way of", a figure of speech or a person's name (某之路)
    glued = not at_boundary(text, h_end, words)  # 某某街上: only a name's street, not 回家路上
    for stem_end, bare in readings(text, h_start, h_end, road=road):
        stem = stem_before(text, stem_end, words, places, road=road)
        if stem is None or not stem.place_only and common_word(text[stem.start : h_end]):
            continue
        if glued and not (stem.place_only or stem.container):
            continue
        if road and stem.place_only and not bare and division_named_in_full(places[stem_end]):
            return _mention(scan, stem_end, h_end, stem.container)  # 某某区|西街: the district holds the street
        if not road and stem.place_only and places[stem_end].text.endswith(_COUNTY_LEVELS) \
                and site_heads().kinds.get(text[h_start:h_end]) is EntityKind.TOURIST_ATTRACTION:
            return None  # 某某县梯田, 某某县古镇: the county's terraces, a kind of sight, not one's name
        container = None if road and stem.place_only else stem.container
        if not stem.proper and not said_to_be_site(text, stem.start, h_end, container, road=road, bare=bare):
            continue
        if road and container is None and not stem.place_only and figurative(text, stem.start, h_end):
            continue
        start, place = stem.start, places.get(stem.start)
        if not road and not stem.proper and place is not None and place.text != place.canonical and plain(
            text[stem.start : h_start]
        ) and (text[h_start:h_end] in _HUB_HEADS or text[stem.start : h_start] in _NO_NAME_STEMS):
            start = place.start  # 某某国际机场: a city's short name before an ordinary word is the name's
        return _mention(scan, start, h_end, container or scan.home)
    return None


def _area(scan: _Scan, h_start: int, h_end: int) -> Mention | None:
    """The site a word of kind follows (某某景区, 某某商圈, 某某渔港): the name before it, not the word.

    News corpora mark the scenic area, the shopping district or the harbour by its own
    name (PFR 1998: 楠溪江/ns 景区/n); the word after it says what kind of place it is.
    """
    kind = site_heads().kinds[scan.text[h_start:h_end]]
    rank = _RANK.search(scan.text, max(0, h_start - 6), h_start)
    if rank is not None:
        h_start, h_end = rank.span()  # 某某山国家级自然保护区: the rank is no part of the name either
    site = _site(scan, h_start, h_end, road=False)
    place = scan.places.get(h_start)
    if site is None or h_start - site.start < 2 or place is not None and place.start == site.start:
        return None  # the area of a division (某某区景区) is the division's mention
    name = scan.text[site.start : h_start]
    if name in site_heads().kinds:
        return None  # 某某古镇景区: 古镇 says the kind of site; its own head's rule reads the name
    return dataclasses.replace(site, end=h_start, text=name, canonical=name, kind=kind)


# A rank between a site's name and its word of kind (国家级自然保护区, 国家5A级景区, 省级风景名胜区).
_RANK = re.compile(r"(?:国家|省|市|县)级$|国家[345]A级$|[345]A级$")


def _highway(scan: _Scan, h_start: int, h_end: int) -> Mention | None:
    """沪昆高速, G60沪昆高速, 沪昆高速某某段: a highway's stem is a name, never an ordinary word."""
    text = scan.text
    if not at_boundary(text, h_end, scan.words):
        return None  # 高速铁路, 高速增长
    start = _abbreviations(text, h_start, scan.words)
    if start == h_start and text[h_start - 2 : h_start] in _RING_STEMS:
        start = h_start - 2  # 绕城高速, 机场高速: a city's ring or airport expressway
        ends = _abbreviations(text, start, scan.words)  # 沪宁|沿江高铁: the ends' names before its course
        city = scan.places.get(start)
        if ends < start:
            start = ends
        elif city is not None and city.code:
            start = city.start  # 某市绕城高速: the city's ring road has no name but the city's
    code = _CODE.search(text, max(0, start - 5), start)
    if code is not None:
        start = code.start()
    if start == h_start:
        return None
    return _with_section(scan, start, h_end)


# The words that name a city's own expressways by their course (绕城高速, 机场高速).
_RING_STEMS = frozenset({"绕城", "环城", "机场", "外环", "内环", "沿江", "沿海"})


def _abbreviations(text: str, end: int, words: WordIndex) -> int:
    """Where a highway's name starts: its ends' one-character short names (沪|昆, 京|港澳),
    not a word of the dictionary (新建公路, 山村公路); ``end`` when it has none."""
    start = end
    for p_start, p_end, tag in pieces(text, end, words):
        size = p_end - p_start
        if tag not in (_ABBREVIATION_TAGS if size == 1 else ("j", "") if size == 2 else ("j",)) or end - p_start > 4:
            break
        start = p_start
    return start if end - start >= 2 else end


def _with_section(scan: _Scan, start: int, end: int) -> Mention:
    """The highway ``text[start:end]`` and the section after it (某某段), held by its place."""
    section = _SECTION.match(scan.text, end)
    within = None
    if section is not None:
        place = scan.places.get(section.end() - 1)
        place = place if place is not None and place.start == end else None
        stem = stem_before(scan.text, section.end() - 1, scan.words, {})
        if place is not None or (stem is not None and stem.start == end and stem.proper):
            within, end = place_mention_key(place), section.end()
    return _mention(scan, start, end, within)


def _home(meta: PageMeta, gaz: Gazetteer) -> EntityKey | None:
    """The paper's home county, else its city: where its unplaced local sites lie."""
    for name in (meta.home_county, meta.home_city):
        place = home_division(name, gaz, meta)
        if place is not None:
            return place_key(place)
    return None


def _mention(scan: _Scan, start: int, end: int, within: EntityKey | None) -> Mention:
    """The site ``text[start:end]``: its own canonical name, the class its head gives, its place."""
    name = scan.text[start:end]
    kind = site_kind(name)
    if kind is None and (name.endswith("段") or _NUMBERED_ROAD.search(name)):
        kind = EntityKind.HIGHWAY
    return Mention(
        scan.key, start, end, name, EntityType.LOC, MentionSource.RULE, canonical=name, located_in=within, kind=kind
    )
