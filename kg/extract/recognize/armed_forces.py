"""Armed forces: a country's services (某国空军, 某国海警) and units by their numbers (二纵四师十一团).

Alone, 空军 or 海军 is any country's service, or a rank's word (海军少将), and no name; after a
country's name it names that country's service, an organization. A longer unit that goes on
after it (某国海军陆战队) is the organization grammar's and wins by its length.

A unit is named by its number and its echelon (师, 旅, 团 …), as in officers' careers
(历任某师某团团长): a chain of two echelons or more, a number of three digits
(三五八旅), or a Red Army's corps (红四军), with a headquarters' department after it
(军部, 政治处, 后勤部).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

from kg.entity_kinds import EntityKind
from kg.lang.chars import CN_NUMERALS, CN_ZEROS
from kg.model import EntityType, Mention, MentionSource

__all__ = ["SERVICES", "find_armed_services", "find_numbered_units"]

# The services a country's name opens (general knowledge of how Chinese news names them).
SERVICES = ("空军", "海军", "陆军", "海警", "海岸警卫队", "火箭军", "国防军", "武装部队", "自卫队", "宪兵")
# After the service, these make the words one thing of another kind: a rank (海军少将), a
# base or an academy (空军基地, 海军学院 are sites or bodies of their own), a body or unit
# whose head goes on (海警局, 海军部队, 海军司令部, 海军舰艇编队), a colour.
_NOT_AFTER = re.compile(r"上将|中将|少将|大校|上校|中校|少校|基地|机场|学院|大学|医院|局|部|队|舰|蓝|服|一号")


_SERVICE = re.compile("|".join(sorted(SERVICES, key=len, reverse=True)))


def find_armed_services(key: str, text: str, countries: Mapping[str, object]) -> Iterator[Mention]:
    """Yield 某国空军, 某国海警 …: a country's name of the gazetteer and an armed service.

    Args:
        countries: the gazetteer's countries by name (short and full).
    """
    services = [found for found in _SERVICE.finditer(text) if not _NOT_AFTER.match(text, found.end())]
    if not services:
        return  # most texts name no service: the countries' longest name is not looked up for them
    longest = _longest(frozenset(countries))
    for found in services:
        # The longest country's name (of two characters or more) that ends where the service starts.
        size = next(
            (n for n in range(min(longest, found.start()), 1, -1) if text[found.start() - n : found.start()] in countries),
            0,
        )
        if size:
            start = found.start() - size
            yield Mention(
                key, start, found.end(), text[start : found.end()], EntityType.ORG, MentionSource.RULE,
                kind=EntityKind.GOVERNMENT,
            )


@functools.cache
def _longest(countries: frozenset[str]) -> int:
    return max(map(len, countries), default=0)


_NUMBER = rf"第?[{CN_NUMERALS}{CN_ZEROS}○0-9０-９]+"
_ECHELON = r"(?:纵队|纵|野|军团|军|师|旅|团)"
_DEPARTMENT = r"(?:直属队政治处|军部|师部|旅部|团部|司令部|政治部|后勤部|参谋部|政治处|参谋处|供给部|卫生部|作战科)?"
_UNIT = re.compile(
    rf"(?:(?:{_NUMBER}{_ECHELON}){{2,}}"  # 二纵四师十一团
    rf"|[{CN_NUMERALS}{CN_ZEROS}○]{{3,}}(?:师|旅|团)"  # 三五八旅: a number of three digits
    rf"|红{_NUMBER}(?:军团|军))"  # 红四军
    rf"(?:{_NUMBER}{_ECHELON})*{_DEPARTMENT}"
)


def find_numbered_units(key: str, text: str) -> Iterator[Mention]:
    """Yield army units named by number and echelon: 二纵四师十一团, 三五八旅政治处, 红四军军部."""
    for found in _UNIT.finditer(text):
        yield Mention(
            key, found.start(), found.end(), found.group(), EntityType.ORG, MentionSource.RULE,
            kind=EntityKind.GOVERNMENT,
        )
