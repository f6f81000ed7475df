"""Sites named after a person or a place: 鲁迅故居, 武侯祠, 襄阳楼, 黄鹤楼.

A person's name before 故居, 祠, 纪念馆 … names a place, not the person. A place's name
before a landmark's head (楼 阁 塔 寺 …) that ends a word names the landmark, not the
place; and the tagger reads famous landmarks (岳阳楼, 滕王阁) as persons' names. Every
site, and every other place whose name ends in a site's head (长江, 某某机场), takes the
class the head names (:func:`kg.extract.recognize.local_places.site_kind`). The divisions and
cities read together with a site's own name (某市|某某公园) are mentions on their own.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

import rjieba

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import GENERIC_NAMES, load_gazetteer
from kg.extract.recognize.lexicon import LANDMARK_HEADS, Lexicon
from kg.extract.recognize.local_places import site_head, site_kind
from kg.extract.recognize.site_heads import person_site_heads, site_heads, venue_head
from kg.lang.person_names import transliterated
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource


def to_sites(mentions: Sequence[Mention], text: str, lex: Lexicon, words: WordIndex) -> list[Mention]:
    """The mentions, with those that start a site's name made the site, and sites typed."""
    kept = [_without_area(m) for m in mentions if not _generic(m)]
    return split_divisions([_as_site(m, text, lex, words) or _venue(m) or _typed(m) for m in kept], text)


def _without_area(m: Mention) -> Mention:
    """A tagger's place read with the word of kind after its name (某某自然保护区) is the name alone."""
    head = site_head(m.text) if m.type is EntityType.LOC and m.source is MentionSource.TAGGER else None
    if head is None or site_heads().uses[head] != "area" or len(m.text) - len(head) < 2:
        return m
    if m.text[: -len(head)].endswith("级"):
        return m  # 某某国家级自然保护区: a full official name with its rank is read whole
    return dataclasses.replace(m, end=m.end - len(head), text=m.text[: -len(head)])


def _generic(m: Mention) -> bool:
    """A kind of place the tagger reads alone as a name (广场, 新区 standing for one named before)."""
    return m.type is EntityType.LOC and m.source is MentionSource.TAGGER and (
        m.text in GENERIC_NAMES or m.text in site_heads().uses
    )


def split_divisions(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """A span read whole across the places before a site (北京|钓鱼台国宾馆, 首尔|青瓦台) is the site.

    The divisions and cities written before a site's own name are mentions on their own, as
    divisions written in a row are; the tagger and the organization grammar read the whole
    as one place or body. A site with no name of its own (某市|火车站, 某市|国际机场) keeps
    its place, which names it.
    """
    mentions = list(mentions) + _leading_cities(mentions, text)
    starts = {m.start: m for m in sorted(mentions, key=lambda m: m.end) if _is_division(m)}  # the longest
    if not starts:
        return list(mentions)
    out = []
    for m in mentions:
        ats = _past_divisions(m, starts) if m.start in starts else []
        if not ats:  # most mentions open with no place
            out.append(m)
            continue
        if site_heads().uses.get(text[ats[-1] : m.end]) == "area":
            continue  # 某市某区某街道|商圈: the places and a word of kind
        # The furthest place first; a name may open like a place (莫斯科|尼会展中心).
        at = next((a for a in reversed(ats) if _named_site(text[a : m.end], body=m.type is EntityType.ORG)), None)
        if at is not None and at in starts and starts[at].end >= m.end:
            continue  # the "site" is a division, or the tagger cut one short (某县|某管理区): the divisions stand
        if at is not None:
            head = site_head(m.text)
            end = m.end - len(head) if head and site_heads().uses[head] == "area" else m.end  # 某某|商圈
            m = _site(dataclasses.replace(m, start=at), end, text)
        out.append(m)
    return out


_SPLIT_SOURCES = frozenset({MentionSource.TAGGER, MentionSource.GRAMMAR, MentionSource.RULE})


def _leading_cities(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """The cities the tagger reads into a site's span (某市某某岛) where no rule found them.

    The gazetteer's scan skips a city's short name that jieba joins to the next word
    (唐山曹…); before a site's own name it is the city all the same.
    """
    gaz, found = load_gazetteer(), []
    division_starts = {m.start for m in mentions if _is_division(m)}
    for m in mentions:
        if m.type is not EntityType.LOC or m.source is not MentionSource.TAGGER or m.start in division_starts:
            continue
        match = next(((s, e, n) for s, e, n in gaz.find(m.text) if s == 0), None)
        place = match and gaz.lookup_city_or_province(match[2])
        if place is None or not _named_site(m.text[match[1] :], body=False):
            continue
        end = m.start + match[1]
        found.append(Mention(
            m.article, m.start, end, text[m.start : end], EntityType.LOC, MentionSource.ALIAS,
            canonical=place.name, code=place.code,
        ))
        division_starts.add(m.start)
    return found


def _is_division(m: Mention) -> bool:
    """A division of the gazetteer, or a country or city of the lexicons."""
    return m.type is EntityType.LOC and (m.source in _DIVISIONS or m.kind in (EntityKind.COUNTRY, EntityKind.CITY))


def _past_divisions(m: Mention, starts: dict[int, Mention]) -> list[int]:
    """Where each of the places ``m`` opens with ends, ``m`` going on past them.

    A country alone before a name opens a national one (中国|某某博物馆), not a site's place.
    """
    if m.type not in (EntityType.LOC, EntityType.ORG) or m.source not in _SPLIT_SOURCES or _is_division(m):
        return []
    at, ats = m.start, []
    while at in starts and starts[at].end < m.end:
        last, at = starts[at], starts[at].end
        if last.kind is not EntityKind.COUNTRY and last.text not in load_gazetteer().countries:
            ats.append(at)
    return ats


def _named_site(rest: str, *, body: bool) -> bool:
    """The rest of a span names a site of its own: a site's head after a name of two characters
    or more that opens with no frequent word (白云机场; not 国际机场, 体育中心), or, for a place
    (not a body, which a building's name may stand for), a place's word of the dictionary (新街口 ns)."""
    if len(rest) < 2:
        return False
    if not body and word_tag(rest) == "ns" and not rest.endswith(_LEVELS) and (len(rest) >= 3 or _short_site(rest)):
        return True  # not 海峡 of 台湾海峡; a division the gazetteer lacks (某某地区) is no site
    head = site_head(rest) or venue_head(rest)
    if head is None or site_heads().uses.get(head) not in _SITE_USES:
        return False
    stem = rest[: -len(head)]
    return len(stem) >= 2 and not (word_tag(stem[:2]) and rjieba.suggest_freq(stem[:2]) >= _FREQUENT)


def _short_site(rest: str) -> bool:
    """A place's word of two characters names a lake, a mountain or an island of its own
    (某市|东湖, 某市|西山); other short words name a part of the city (古城, 商城, 江北) or a
    road named after it (北京|西路 is 北京西路, of another city)."""
    return rest[-1] in _NATURAL_HEADS and rest not in site_heads().uses


_NATURAL_HEADS = frozenset("湖海山岛湾江河溪泉峰岭洲屿潭池")


_LEVELS = ("地区", "省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "村")
_SITE_USES = frozenset({"road", "site", "memorial", "venue", "area", "person"})
# jieba's frequency from which a word is an ordinary one (国际 24601, 体育 6977; 白云 389).
_FREQUENT = 5000


def _venue(mention: Mention) -> Mention | None:
    """An organization's name that ends with a building's head (某某美术馆, 某某宾馆) as the place.

    News corpora (PFR 1998, MSRA) name museums, galleries, hotels and shopping centres as
    places; the organization grammar reads their heads as a body's.
    """
    head = venue_head(mention.text) if mention.type is EntityType.ORG else None
    if head is None:
        return None
    return dataclasses.replace(mention, type=EntityType.LOC, kind=site_heads().kinds[head])


def _typed(mention: Mention) -> Mention:
    """A place with no code whose name is a stem of two characters or more and a site's head
    takes the head's class (长江, 某某机场); a division (白山市, 浙江, a township 某某山) keeps none."""
    if mention.type is not EntityType.LOC or mention.kind is not None or mention.code or mention.source in _DIVISIONS:
        return mention
    head = site_head(mention.text)
    kind = site_kind(mention.text)
    if head is None or kind is None or len(mention.text) - len(head) < 2:
        return mention
    return dataclasses.replace(mention, kind=kind)


@functools.cache
def _facility_heads(lex: Lexicon) -> re.Pattern[str]:
    """The lexicon's site heads, longest first (its order), as one pattern: read once, not a head at a time."""
    return re.compile("|".join(map(re.escape, lex.facilities)))


def _as_site(mention: Mention, text: str, lex: Lexicon, words: WordIndex) -> Mention | None:
    """The site ``mention`` starts or is (a person's or a place's), else None."""
    if mention.type is EntityType.PER:
        found = _facility_heads(lex).match(text, mention.end)
        head = found.group() if found else None
        if head in person_site_heads():
            return _site(mention, mention.end + len(head), text)
        if mention.source == MentionSource.TAGGER and len(mention.text) >= 3 and _landmark_word(mention.text):
            return _site(mention, mention.end, text)  # 岳阳楼, 黄鹤楼, tagged as names
    elif mention.type is EntityType.LOC and mention.source != MentionSource.RULE:
        end = mention.end + 1
        if text[mention.end : end] in LANDMARK_HEADS and at_boundary(text, end, words):
            return _site(mention, end, text)  # 襄阳|楼, not 武汉|楼市
    return None


# The gazetteer's places are divisions, with a code or (townships) without.
_DIVISIONS = frozenset({MentionSource.GAZETTEER, MentionSource.ALIAS})


def _landmark_word(name: str) -> bool:
    """A word of jieba's dictionary that ends in a landmark's head (滕王阁, 寒山寺).

    Not a foreign person's name that ends so (a transliteration ending with 塔).
    """
    tag = word_tag(name)
    return name.endswith(tuple(LANDMARK_HEADS)) and bool(tag) and tag != "nrt" and not transliterated(name)


def _site(mention: Mention, end: int, text: str) -> Mention:
    """The site ``mention.start:end``: a place of its own, with no code or parent."""
    return dataclasses.replace(
        mention, end=end, text=text[mention.start : end], type=EntityType.LOC, source=MentionSource.RULE,
        canonical=None, job_title=None, code=None, located_in=None, kind=site_kind(text[mention.start : end]),
    )
