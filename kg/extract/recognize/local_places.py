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
from collections.abc import Iterator, Sequence

import rjieba

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer, home_division, place_key
from kg.extract.spans import SpanIndex
from kg.lang.chars import CN_NUMERALS, HAN_RANGES
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityKey, EntityType, Mention, MentionSource, PageMeta
from kg.extract.recognize.site_heads import common_compound, site_head, site_heads, site_kind

__all__ = ["find_local_places", "site_head", "site_kind"]

# Tags of words a name's stem is made of. A verb is one only right before the head
# (解放路, 建设东路); function words, pronouns, numerals and measures never (这条路, 一条路).
_STEM_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nz", "nt", "j", "s", "a", "an", "b", "vn", "z", "ng", "l", ""})
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nz", "nt", "j", ""})
# The first letters of the tags of function words: pronouns, numerals, measures, particles …
_FUNCTION = frozenset("mqrpcudfteoyxw")
_MAX_STEM = 6
# Tags of the one-character short names of a highway's ends (沪 j, 昆 ns).
_ABBREVIATION_TAGS = frozenset({"j", "ns", "n", "nr", "nz", ""})
# Modifiers and places relative to something (大型 b, 美丽 a, 楼前 s) make no name of a park or
# a market; roads are named so (幸福路, 城北路).
_MODIFIER_TAGS = frozenset({"a", "an", "b", "z", "s"})
# jieba's frequency from which a word tagged as a name is an ordinary word (城市 25084;
# the names of places and sites stay far below: 中山 1118, 东湖 1867).
_FREQUENT = 5000
_DIRECTIONS = "东西南北中"
# What says an ordinary word before a road's head names a road: a house number, a
# section, a crossing of two roads, a side of the road (文化路与建设路交会处, 文化路东侧).
_ROAD_AFTER = re.compile(
    rf"[0-9０-９]+号|[东西南北中]?段|交会|交汇|交叉|路口|口|沿线|两侧|一带|附近|[东西南北]侧"
    rf"|[与和及、至][{HAN_RANGES}]{{1,6}}?[东西南北中]?(?:路|街|大街|大道|巷)"
)
_CROSSING = re.compile("交会|交汇|交叉|路口")  # where a road meets another
_DIVISION_SOURCES = frozenset({MentionSource.GAZETTEER, MentionSource.ALIAS})
_CODE = re.compile(r"[GSＧＳ][0-9０-９]{1,4}$")
# 国道、省道31公里: a number the distance after it claims is no road's number.
_NUMBERED_ROAD = re.compile(
    r"(?:[GSXＧＳＸ]?[0-9０-９]{1,4}(?:国道|省道)|(?:国道|省道)[GSXＧＳＸ]?[0-9０-９]{1,4}(?![0-9０-９]*[多余]?(?:公里|千米|米))线?)"
)
_SECTION = re.compile(rf"[{HAN_RANGES}]{{2,6}}?段")


def find_local_places(
    key: str, text: str, meta: PageMeta, gaz: Gazetteer, words: WordIndex, candidates: Sequence[Mention]
) -> list[Mention]:
    """The candidates, with the sites of ``text`` added.

    A site inside an organization's name is no mention (人民路小学, 某某公园管理处): it
    yields to the organization candidate that holds it. An organization the grammar or
    the tagger reads as starting inside a site (东路交会处) is no organization.
    """
    places = {m.end: m for m in candidates if m.type is EntityType.LOC and (m.code or m.located_in)}
    scan = _Scan(key, text, words, places, _home(meta, gaz))
    found = {(s.start, s.end): s for s in _sites(scan) if s is not None}
    if not found:
        return list(candidates)
    sites = _share_containers(sorted(found.values(), key=lambda s: s.start), text, scan.home)
    orgs = [m for m in candidates if m.type is EntityType.ORG]
    divisions = [m for m in candidates if m.type is EntityType.LOC and m.source in _DIVISION_SOURCES]
    sites = [
        s for s in sites
        if not any(_holds(o, s) for o in orgs) and not any(s.start < d.start < s.end < d.end for d in divisions)
    ]  # 人民路|小学 is a school's name; 某县古城|镇 a township's
    index = SpanIndex((s.start, s.end) for s in sites)
    site_ends = {s.end for s in sites}
    kept = [
        m for m in candidates
        if not (m.type is EntityType.ORG and m.source in (MentionSource.GRAMMAR, MentionSource.TAGGER)
                and (any(_reads_past(m, s) for s in sites if index.overlaps(m.start, m.end))
                     or m.start in site_ends and _CROSSING.match(m.text)))
    ]  # 某某路|交汇处: where the road meets another, no body
    return kept + sites


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
    for match in _NUMBERED_ROAD.finditer(scan.text):
        yield _with_section(scan, match.start(), match.end())


def _site(scan: _Scan, h_start: int, h_end: int, *, road: bool) -> Mention | None:
    """The site whose head is ``text[h_start:h_end]``, or None."""
    text, words, places = scan.text, scan.words, scan.places
    if not _ends_name(text, h_end, words) or road and _compound_head(text, h_start, h_end, words):
        return None
    if road and text[h_start - 1 : h_start] == "之":
        return None  # 成功之路, 某某之路: "the way of", a figure of speech or a person's name (某之路)
    glued = not at_boundary(text, h_end, words)  # 某某街上: only a name's street, not 回家路上
    for stem_end, bare in _readings(text, h_start, h_end, road=road):
        stem = _stem(text, stem_end, words, places, road=road)
        if stem is None or not stem.place_only and _common_word(text[stem.start : h_end]):
            continue
        if glued and not (stem.place_only or stem.container):
            continue
        if road and stem.place_only and not bare and _division_named_in_full(places[stem_end]):
            return _mention(scan, stem_end, h_end, stem.container)  # 某某区|西街: the district holds the street
        container = None if road and stem.place_only else stem.container
        if not stem.proper and not _said_to_be_site(text, stem.start, h_end, container, road=road, bare=bare):
            continue
        if road and container is None and not stem.place_only and _figurative(text, stem.start, h_end):
            continue
        start, place = stem.start, places.get(stem.start)
        if not road and not stem.proper and place is not None and place.text != place.canonical and _plain(
            text[stem.start : h_start]
        ):
            start = place.start  # 某某国际机场: a city's short name before an ordinary word is the name's
        return _mention(scan, start, h_end, container or scan.home)
    return None


def _area(scan: _Scan, h_start: int, h_end: int) -> Mention | None:
    """The site a word of kind follows (某某景区, 某某商圈, 某某渔港): the name before it, not the word.

    News corpora mark the scenic area, the shopping district or the harbour by its own
    name (PFR 1998: 楠溪江/ns 景区/n); the word after it says what kind of place it is.
    """
    site = _site(scan, h_start, h_end, road=False)
    place = scan.places.get(h_start)
    if site is None or h_start - site.start < 2 or place is not None and place.start == site.start:
        return None  # the area of a division (某某区景区) is the division's mention
    name = scan.text[site.start : h_start]
    return dataclasses.replace(
        site, end=h_start, text=name, canonical=name, kind=site_heads().kinds[scan.text[h_start:h_end]]
    )


# A division's full name ends with its level; a road is not named after one (某某区西街 is
# the district's 西街), while a short name names roads (北京路, 湖北路).
_LEVELS = tuple("省市区县旗镇乡")


def _division_named_in_full(place: Mention) -> bool:
    return place.source is MentionSource.GAZETTEER and place.text.endswith(_LEVELS)


# Places relative to a site that jieba joins to its head (街上, 路边, 桥段): the site ends before them.
_LOCALIZERS = frozenset("上边旁段")


def _ends_name(text: str, end: int, words: WordIndex) -> bool:
    """A site's name may end at ``end``: a word ends there, or one of a head and a localizer
    runs across it (某某街上, 某某路边)."""
    if at_boundary(text, end, words):
        return True
    return text[end : end + 1] in _LOCALIZERS and at_boundary(text, end + 1, words)


def _readings(text: str, h_start: int, h_end: int, *, road: bool) -> list[tuple[int, bool]]:
    """Where the stem may end, each with whether the head stands bare: 建设东路 and 建设一路
    keep their direction or number with the road, unless the stem needs it (湖北路)."""
    before = text[h_start - 1 : h_start]
    if not road or not before:
        return [(h_start, True)]
    if before in _DIRECTIONS:
        return [(h_start - 1, False), (h_start, True)]
    if before in CN_NUMERALS and text[h_start:h_end] in ("路", "街"):
        return [(h_start - 1, True), (h_start, True)]  # a number says less: 一路下跌, 兵分四路
    return [(h_start, True)]


@dataclasses.dataclass(frozen=True)
class _Stem:
    start: int
    proper: bool  # a word of it is a name: a place, a person's, a word jieba lacks
    container: EntityKey | None  # the place mentioned just before it
    place_only: bool = False  # the stem is a place's name (北京路, 某某火车站)


def _stem(text: str, end: int, words: WordIndex, places: dict[int, Mention], *, road: bool = True) -> _Stem | None:
    """The stem that ends at ``end``: the fewest words of two characters or more, or None.

    A verb is a stem only whole and right before the head (解放路; not 到 of 某某到机场).
    """
    if end in places:
        place = places[end]
        return _Stem(place.start, True, _key(place), place_only=True)
    start, size, proper = end, 0, False
    for i, (p_start, p_end, tag) in enumerate(_pieces(text, end, words)):
        verb = tag == "v" and i == 0 and p_end - p_start >= 2
        if tag not in _STEM_TAGS and not verb or not road and tag in _MODIFIER_TAGS or size + p_end - p_start > _MAX_STEM:
            break
        start, size, proper = p_start, size + p_end - p_start, proper or tag in _NAME_TAGS
        if size >= 2 or start in places:
            break
    if size < 2:
        return None
    first = text[start : words.starts.get(start, (start + 1, ""))[0]]
    if size >= 3 and first[0] in _QUALIFIERS and (len(first) == 1 or not rjieba.has_word(first)):
        start += 1  # （原某某车站）: "former", not the name's; 新华, 新世纪 are words of the dictionary
    return _Stem(start, proper, _key(places.get(start)))


# Words of time or state before a site's name (原 former, 前 former, 老 old, 新 new, 旧 old,
# 现 present): they are the name's only where they make a word with what follows (新华, 老街).
_QUALIFIERS = frozenset("原前老新旧现")


def _pieces(text: str, end: int, words: WordIndex) -> list[tuple[int, int, str]]:
    """The words before ``end``, nearest first, with their tags as a stem sees them (:func:`_tag`).

    A word the head ends is cut at the head; one of jieba's dictionary that is no name
    (出路 道路 城市公园 n, 大街小巷 i, 迷了路 l) is the kind of place or a phrase: nothing
    comes before it. A place's name of the dictionary (长江路 ns) is a name whatever its stem.
    """
    pieces: list[tuple[int, int, str]] = []
    if end not in words.ends:
        i = bisect.bisect_right(words.words, end, key=lambda w: w[0]) - 1
        w_start, _, word, w_tag = words.words[max(i, 0)]
        prefix = text[w_start:end]
        if len(prefix) == 2 and all(c in CN_NUMERALS for c in prefix):
            return [(w_start, end, "n")]  # 五一路, 八一路: named after a date, a road where the text says so
        if i < 0 or len(prefix) < 2 or word_tag(word) and w_tag not in _NAME_TAGS:
            return []
        pieces.append((w_start, end, "ns" if w_tag == "ns" and word_tag(word) else _tag(prefix, word_tag(prefix))))
        end = w_start
    while end in words.ends and len(pieces) < _MAX_STEM:
        w_start, tag = words.ends[end]
        if not re.fullmatch(rf"[{HAN_RANGES}]+", text[w_start:end]):
            break
        pieces.append((w_start, end, _tag(text[w_start:end], tag)))
        end = w_start
    return pieces


def _plain(stem: str) -> bool:
    """国际, 体育: a frequent word, which names no site alone (某某国际机场); a rare one names
    it (夫子庙, a temple), and the city's short name before it stands on its own."""
    return rjieba.suggest_freq(stem) >= _FREQUENT


def _common_word(name: str) -> bool:
    """万人空巷, 大街小巷, 步行街: the whole name is a word of the dictionary that names nothing."""
    tag = word_tag(name)
    return bool(tag) and tag not in _NAME_TAGS and tag != "m"  # 五一路 m: a road named after a date


def _tag(word: str, tag: str) -> str:
    """The word's tag as a stem sees it: "" for a word jieba lacks that it guesses to be a
    noun (a name more often than not); "n" for a frequent word jieba tags as a name (城市 ns),
    which names a kind of place, not one place."""
    if not word_tag(word):
        return "" if tag[:1] in ("n", "j", "") else tag
    return "n" if tag in _NAME_TAGS and rjieba.suggest_freq(word) >= _FREQUENT else tag


def _compound_head(text: str, h_start: int, h_end: int, words: WordIndex) -> bool:
    """兰新铁路, 集成电路: the character before a one-character head makes with it a frequent
    common noun of the dictionary (铁路 电路 山路), which is the real head, unless a place's
    name of the dictionary holds both (中山路 ns)."""
    if h_end - h_start != 1 or not common_compound(text[h_start - 1 : h_end]):
        return False
    i = bisect.bisect_right(words.words, h_start - 1, key=lambda w: w[0]) - 1
    return not (i >= 0 and words.words[i][0] < h_start - 1 and word_tag(words.words[i][2]) == "ns")


def _said_to_be_site(text: str, start: int, end: int, container: EntityKey | None, *, road: bool, bare: bool) -> bool:
    """An ordinary word before a head names a site where the text says so (see the module)."""
    if container is not None:
        return True
    if not road:
        return False
    return not bare or bool(_ROAD_AFTER.match(text, end)) or _after_a_road(text, start)


# A way one sets out on or that leads somewhere (走上, 迈向, 通往), or one of a kind (一条):
# 走上康庄大道, 一条阳光大道 are figures of speech, not roads.
_FIGURE_BEFORE = re.compile("(?:走上|走向|踏上|迈上|迈向|奔向|步入|通往|通向|铺就|铺平|开辟|条)了?$")


def _figurative(text: str, start: int, end: int) -> bool:
    """A road no place is written with, after a verb of setting out or a measure, and with
    nothing after it that only a road has (a house number, a crossing): a figure of speech."""
    return bool(_FIGURE_BEFORE.search(text, max(0, start - 3), start)) and not _ROAD_AFTER.match(text, end)


def _after_a_road(text: str, start: int) -> bool:
    """文化路与建设路: the second of two roads joined by 与, 和 or 、."""
    if text[start - 1 : start] not in ("与", "和", "、"):
        return False
    return text[max(0, start - 3) : start - 1].endswith(("路", "街", "大道", "巷"))


def _highway(scan: _Scan, h_start: int, h_end: int) -> Mention | None:
    """沪昆高速, G60沪昆高速, 沪昆高速某某段: a highway's stem is a name, never an ordinary word."""
    text = scan.text
    if not at_boundary(text, h_end, scan.words):
        return None  # 高速铁路, 高速增长
    start = _abbreviations(text, h_start, scan.words)
    if start == h_start and text[h_start - 2 : h_start] in _RING_STEMS:
        start = h_start - 2  # 绕城高速, 机场高速: a city's ring or airport expressway
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
    for p_start, p_end, tag in _pieces(text, end, words):
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
        stem = _stem(scan.text, section.end() - 1, scan.words, {})
        if place is not None or (stem is not None and stem.start == end and stem.proper):
            within, end = _key(place), section.end()
    return _mention(scan, start, end, within)


def _home(meta: PageMeta, gaz: Gazetteer) -> EntityKey | None:
    """The paper's home county, else its city: where its unplaced local sites lie."""
    for name in (meta.home_county, meta.home_city):
        place = home_division(name, gaz, meta)
        if place is not None:
            return place_key(place)
    return None


def _key(place: Mention | None) -> EntityKey | None:
    """The entity key of a place mention (as :func:`kg.extract.resolve.entity_key` makes it)."""
    if place is None:
        return None
    if place.code:
        return EntityKey.of(EntityType.LOC, place.code)
    return place.located_in.within(place.canonical or place.text) if place.located_in else None


def _mention(scan: _Scan, start: int, end: int, within: EntityKey | None) -> Mention:
    """The site ``text[start:end]``: its own canonical name, the class its head gives, its place."""
    name = scan.text[start:end]
    kind = site_kind(name)
    if kind is None and (name.endswith("段") or _NUMBERED_ROAD.search(name)):
        kind = EntityKind.HIGHWAY
    return Mention(
        scan.key, start, end, name, EntityType.LOC, MentionSource.RULE, canonical=name, located_in=within, kind=kind
    )
