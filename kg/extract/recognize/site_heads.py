"""The heads of local sites (``data/lexicons/site_heads.tsv``): each head's class and use,
and the head and class a site's name ends with (城南口袋公园 → 口袋公园, a Park)."""

from __future__ import annotations

import dataclasses
import functools
import re

import rjieba

from kg.entity_kinds import EntityKind
from kg.lang.lexicons import rows
from kg.lang.words import word_tag

__all__ = ["SiteHeads", "common_compound", "person_site_heads", "site_head", "site_heads", "site_kind", "venue_head"]

# jieba's frequency from which a common noun of two characters (铁路 11066, 电路 637, 山路
# 687) is a head of its own; road names' last two characters are no word or a rare one.
_COMPOUND = 500


@dataclasses.dataclass(frozen=True)
class SiteHeads:
    """Every head's class (None: the head says none) and use (road, highway, site …)."""

    def of_use(self, *wanted: str) -> frozenset[str]:
        """The heads of these uses."""
        return frozenset(h for h, use in self.uses.items() if use in wanted)

    kinds: dict[str, EntityKind | None]
    uses: dict[str, str]
    pattern: re.Pattern[str]  # the heads the finder reads, longest first


@functools.cache
def site_heads() -> SiteHeads:
    """The site heads of the lexicon, read once."""
    kinds, uses = {}, {}
    for head, kind, use in rows("site_heads.tsv", 3):
        kinds[head] = None if kind == "-" else EntityKind(kind)
        uses[head] = use
    scanned = sorted((h for h, use in uses.items() if use in ("road", "highway", "site", "memorial", "area")), key=len, reverse=True)
    return SiteHeads(kinds, uses, re.compile("|".join(map(re.escape, scanned))))


@functools.cache
def person_site_heads() -> frozenset[str]:
    """The heads after which a person's name names the site, not the person (鲁迅故居, 岳飞墓, 武侯祠)."""
    return site_heads().of_use("person", "memorial")


def site_head(name: str) -> str | None:
    """The longest site's head ``name`` ends with, the name being longer (口袋公园 of 城南口袋公园)."""
    kinds = site_heads().kinds
    return next((name[-n:] for n in range(min(len(name) - 1, 5), 0, -1) if name[-n:] in kinds), None)


def venue_head(name: str) -> str | None:
    """The building's head a body's name ends with, which makes the name a place's (某某美术馆 → 美术馆).

    Only heads of two characters or more that the lexicon gives as a venue's or a site's
    count, after a stem of two characters or more (美术馆 alone is a kind of building).
    """
    uses = site_heads().uses
    return next(
        (name[-n:] for n in range(min(len(name) - 2, 5), 1, -1) if uses.get(name[-n:]) in ("venue", "site", "memorial")),
        None,
    )


def site_kind(name: str) -> EntityKind | None:
    """The class a site's name says it is, by its longest head (湿地公园 → Park), else None.

    A one-character head that makes with the character before it a frequent common noun
    (兰新铁路: 铁路, a railway, not a road) says nothing, unless the name is a place's word
    of the dictionary (中山路 ns).
    """
    head = site_head(name)
    if head is None:
        return None
    if len(head) == 1 and common_compound(name[-2:]) and word_tag(name) != "ns":
        return None
    return site_heads().kinds[head]


def common_compound(word: str) -> bool:
    """A two-character frequent common noun of the dictionary (铁路 电路 山路): a head of its own."""
    return len(word) == 2 and word_tag(word) == "n" and rjieba.suggest_freq(word) >= _COMPOUND
