"""Townships named alone, their county unsaid: the paper's city's, and those of counties the text names.

Local news names its townships alone once the county is known (某县开幕 … 某某乡的杨梅): only
full names count (with 镇, 乡 or 街道), only names no other township of the same scope has,
and not names that read as ordinary words first (老城镇, 城南街道).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.extract.gazetteer import (
    TOWN_SUFFIXES,
    Gazetteer,
    KeyScanner,
    Place,
    home_division,
    place_key,
)
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource, PageMeta

__all__ = ["home_towns", "lone_towns", "towns_of_named_counties"]

# A township's full names (None: two townships share it) and a scanner of them.
_Towns = tuple[dict[str, Place | None], KeyScanner]


def lone_towns(
    key: str, text: str, meta: PageMeta, gaz: Gazetteer, words: WordIndex, places: Iterable[Place]
) -> Iterator[Mention]:
    """The townships of the paper's city and of the counties the text names (``places``), named alone."""
    yield from home_towns(key, text, meta, gaz, words)
    yield from towns_of_named_counties(key, text, gaz, words, places)


def home_towns(key: str, text: str, meta: PageMeta, gaz: Gazetteer, words: WordIndex) -> Iterator[Mention]:
    """A township of the paper's own city by its full name (鸦鹊岭镇), its county unsaid.

    Only names one township of the city has: 襄阳's 城关镇 lies in two of its counties.
    """
    home = home_division(meta.home_city, gaz, meta)
    if home is not None and home.code:
        yield from _found(key, text, gaz, words, _towns_of(gaz, home.code, by_city=True))


def towns_of_named_counties(
    key: str, text: str, gaz: Gazetteer, words: WordIndex, places: Iterable[Place]
) -> Iterator[Mention]:
    """A township of a county the text names, anywhere in it (某县 … 某某乡的杨梅).

    Args:
        places: the divisions the text names; its counties' townships are looked for.
    """
    codes = dict.fromkeys(p.code for p in places if p.level == "county" and p.code)
    for code in codes:
        yield from _found(key, text, gaz, words, _towns_of(gaz, code, by_city=False))


def _found(key: str, text: str, gaz: Gazetteer, words: WordIndex, towns: _Towns) -> Iterator[Mention]:
    names, scanner = towns
    for start, end, name in scanner.find(text):
        town = names[name]
        if town is not None and at_boundary(text, start, words) and town_name(name):
            county = gaz.by_code.get(town.parent or "")
            yield Mention(
                key, start, end, name, EntityType.LOC, MentionSource.GAZETTEER, canonical=town.name, code=town.code,
                located_in=place_key(county) if county else None,
            )


def town_name(name: str) -> bool:
    """老城镇 (old town), 学院街道, 城南街道 (streets south of town) read as words first.

    A 镇 or 乡 must not be an ordinary word before its suffix; a 街道's name must be none
    the dictionary knows (小溪塔), since 街道 is "streets" too.
    """
    suffix = next(s for s in TOWN_SUFFIXES if name.endswith(s))
    tag = word_tag(name[: -len(suffix)])
    return not tag if suffix.startswith("街道") else tag not in _WORD_TAGS


_WORD_TAGS = {"n", "v", "vn", "a", "f", "s", "t"}


def _towns_of(gaz: Gazetteer, code: str, *, by_city: bool) -> _Towns:
    """The full names of the townships of a city's counties, or of one county."""
    cached = _TOWNS.get((id(gaz), code))
    if cached is None:
        counties = gaz.children.get(code, ()) if by_city else [gaz.by_code[code]]
        cached = _TOWNS[(id(gaz), code)] = _scan_towns(gaz, counties)
    return cached


# (gazetteer, city or county code) → its townships: the gazetteer is loaded once per process.
_TOWNS: dict[tuple[int, str], _Towns] = {}


def _scan_towns(gaz: Gazetteer, counties: Iterable[Place]) -> _Towns:
    towns: dict[str, Place | None] = {}
    for county in counties:
        for name, town in gaz.towns.get(county.code or "", {}).items():
            if name == town.name and name.endswith(TOWN_SUFFIXES):
                towns[name] = None if name in towns else town
    return towns, KeyScanner(towns)
