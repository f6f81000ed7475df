"""How a local site's name reads before its head (:mod:`kg.extract.recognize.local_places`).

The stem is whole words of jieba's segmentation, two to six characters, that a name can be
made of; a stem that is an ordinary word names a site only where the text says it is one
(a division before it, a direction, number or crossing after it). Here: where a stem ends
and starts, its words' tags as a stem sees them, and what makes a head a common noun or a
road a figure of speech.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

import rjieba

from kg.extract.recognize.site_heads import common_compound
from kg.lang.chars import CN_NUMERALS, HAN_RANGES
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityKey, EntityType, Mention, MentionSource

# Tags of words a name's stem is made of. A verb is one only right before the head
# (解放路, 建设东路); function words, pronouns, numerals and measures never (这条路, 一条路).
_STEM_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nz", "nt", "j", "s", "a", "an", "b", "vn", "z", "ng", "l", ""})
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nz", "nt", "j", ""})
_MAX_STEM = 6
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


# A division's full name ends with its level; a road is not named after one (某某区西街 is
# the district's 西街), while a short name names roads (北京路, 浙江路).
_LEVELS = tuple("省市区县旗镇乡")


def division_named_in_full(place: Mention) -> bool:
    """The gazetteer's division written with its level (某某区), which names no road (某某区|西街)."""
    return place.source is MentionSource.GAZETTEER and place.text.endswith(_LEVELS)


# Places relative to a site that jieba joins to its head (街上, 路边, 桥段): the site ends before them.
_LOCALIZERS = frozenset("上边旁段")


def ends_name(text: str, end: int, words: WordIndex) -> bool:
    """A site's name may end at ``end``: a word ends there, or one of a head and a localizer
    runs across it (某某街上, 某某路边)."""
    if at_boundary(text, end, words):
        return True
    return text[end : end + 1] in _LOCALIZERS and at_boundary(text, end + 1, words)


def readings(text: str, h_start: int, h_end: int, *, road: bool) -> list[tuple[int, bool]]:
    """Where the stem may end, each with whether the head stands bare: 建设东路 and 建设一路
    keep their direction or number with the road, unless the stem needs it (浙江路)."""
    before = text[h_start - 1 : h_start]
    if not road or not before:
        return [(h_start, True)]
    if before in _DIRECTIONS:
        return [(h_start - 1, False), (h_start, True)]
    if before in CN_NUMERALS and text[h_start:h_end] in ("路", "街"):
        return [(h_start - 1, True), (h_start, True)]  # a number says less: 一路下跌, 兵分四路
    return [(h_start, True)]


@dataclasses.dataclass(frozen=True)
class Stem:
    start: int
    proper: bool  # a word of it is a name: a place, a person's, a word jieba lacks
    container: EntityKey | None  # the place mentioned just before it
    place_only: bool = False  # the stem is a place's name (北京路, 某某火车站)


def stem_before(text: str, end: int, words: WordIndex, places: dict[int, Mention], *, road: bool = True) -> Stem | None:
    """The stem that ends at ``end``: the fewest words of two characters or more, or None.

    A verb is a stem only whole and right before the head (解放路; not 到 of 某某到机场).
    """
    if end in places:
        place = places[end]
        return Stem(place.start, True, place_mention_key(place), place_only=True)
    start, size, proper = end, 0, False
    for i, (p_start, p_end, tag) in enumerate(pieces(text, end, words)):
        verb = tag == "v" and i == 0 and p_end - p_start >= 2
        if tag not in _STEM_TAGS and not verb or not road and tag in _MODIFIER_TAGS or size + p_end - p_start > _MAX_STEM:
            break
        start, size, proper = p_start, size + p_end - p_start, proper or tag in _NAME_TAGS
        if size >= 2 or start in places:
            break
    if size < 2:
        return None
    inner = max((e for e in places if start < e <= end - 2), default=None)
    if inner is not None:
        start = inner  # 某某市|某某大道: a word of jieba's (市某某) crosses the place's end
    first = text[start : words.starts.get(start, (start + 1, ""))[0]]
    if size >= 3 and first[0] in _QUALIFIERS and (len(first) == 1 or not rjieba.has_word(first)):
        start += 1  # （原某某车站）: "former", not the name's; 新华, 新世纪 are words of the dictionary
    return Stem(start, proper, place_mention_key(places.get(start)))


# Words of time or state before a site's name (原 former, 前 former, 老 old, 新 new, 旧 old,
# 现 present): they are the name's only where they make a word with what follows (新华, 老街).
_QUALIFIERS = frozenset("原前老新旧现")


def pieces(text: str, end: int, words: WordIndex) -> list[tuple[int, int, str]]:
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


def plain(stem: str) -> bool:
    """国际, 体育: a frequent word, which names no site alone (某某国际机场); a rare one names
    it (夫子庙, a temple), and the city's short name before it stands on its own."""
    return rjieba.suggest_freq(stem) >= _FREQUENT


def common_word(name: str) -> bool:
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


def compound_head(text: str, h_start: int, h_end: int, words: WordIndex) -> bool:
    """兰新铁路, 集成电路: the character before a one-character head makes with it a frequent
    common noun of the dictionary (铁路 电路 山路), which is the real head, unless a place's
    name of the dictionary holds both (中山路 ns)."""
    if h_end - h_start != 1 or not common_compound(text[h_start - 1 : h_end]):
        return False
    i = bisect.bisect_right(words.words, h_start - 1, key=lambda w: w[0]) - 1
    return not (i >= 0 and words.words[i][0] < h_start - 1 and word_tag(words.words[i][2]) == "ns")


def said_to_be_site(text: str, start: int, end: int, container: EntityKey | None, *, road: bool, bare: bool) -> bool:
    """An ordinary word before a head names a site where the text says so (see the module)."""
    if container is not None:
        return True
    if not road:
        return False
    return not bare or bool(_ROAD_AFTER.match(text, end)) or _after_a_road(text, start)


# A way one sets out on or that leads somewhere (走上, 迈向, 通往), or one of a kind (一条):
# 走上康庄大道, 一条阳光大道 are figures of speech, not roads.
_FIGURE_BEFORE = re.compile("(?:走上|走向|踏上|迈上|迈向|奔向|步入|通往|通向|铺就|铺平|开辟|条)了?$")


def figurative(text: str, start: int, end: int) -> bool:
    """A road no place is written with, after a verb of setting out or a measure, and with
    nothing after it that only a road has (a house number, a crossing): a figure of speech."""
    return bool(_FIGURE_BEFORE.search(text, max(0, start - 3), start)) and not _ROAD_AFTER.match(text, end)


def _after_a_road(text: str, start: int) -> bool:
    """文化路与建设路: the second of two roads joined by 与, 和 or 、."""
    if text[start - 1 : start] not in ("与", "和", "、"):
        return False
    return text[max(0, start - 3) : start - 1].endswith(("路", "街", "大道", "巷"))


def place_mention_key(place: Mention | None) -> EntityKey | None:
    """The entity key of a place mention (as :func:`kg.extract.resolve.entity_key` makes it)."""
    if place is None:
        return None
    if place.code:
        return EntityKey.of(EntityType.LOC, place.code)
    return place.located_in.within(place.canonical or place.text) if place.located_in else None
