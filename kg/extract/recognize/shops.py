"""Eateries named after their keeper: 老 or 小, a surname and what they serve (老某家面馆, 老某烧烤).

City news names a small eatery as its customers do, by its keeper's surname with 老 or 小
before it and 家 or nothing after, then its dish or a word for the place
(``data/lexicons/eateries.txt``; any dish of ``common_nouns.txt`` [food] with a place's word after it). The
whole is a shop, an organization; 老某 alone, a person, is :mod:`familiar`'s.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg.entity_kinds import EntityKind
from kg.lang.lexicons import sections
from kg.lang.person_names import surnames
from kg.lang.words import WordIndex, at_boundary
from kg.model import EntityType, Mention, MentionSource

__all__ = ["find_eateries"]


def _alternation(items: set[str]) -> str:
    return "|".join(map(re.escape, sorted(items, key=len, reverse=True)))


@functools.cache
def _pattern() -> re.Pattern[str]:
    eateries = sections("eateries.txt")
    alone = set(eateries["foods"])  # 老某烧烤: a dish that names a shop alone
    dishes = set(sections("common_nouns.txt")["food"]) | alone  # 老某包子铺: any dish, then the place's word
    single = {s for s in surnames() if len(s) == 1}
    places = set(eateries["places"])
    return re.compile(
        rf"[老小](?:{_alternation(single)})家?(?:"
        rf"(?:{_alternation(dishes)})(?:{_alternation(places)})"
        rf"|(?:{_alternation(alone)})"
        rf"|(?:{_alternation({p for p in places if len(p) > 1})}))"  # 老某家面馆; 老某家店 is no name
        r"(?![了着过])"  # 老某烧烤了一只羊: a person and a verb, no shop
    )


def find_eateries(key: str, text: str, words: WordIndex) -> Iterator[Mention]:
    """Yield 老某家面馆, 老某烧烤, 小某饺子馆 …: an eatery by its keeper's surname and its dish."""
    for found in _pattern().finditer(text):
        if not at_boundary(text, found.start(), words):
            continue  # 古老 + 张…: 老 ends a word
        yield Mention(
            key, found.start(), found.end(), found.group(), EntityType.ORG, MentionSource.RULE, kind=EntityKind.STORE,
        )
