"""Trade names: a place's name and an industry word (青岛啤酒), with the company heads after it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer
from kg.extract.recognize.bodies import org_mention
from kg.extract.recognize.kinds import kind_of
from kg.extract.recognize.lexicon import Lexicon
from kg.lang.words import WordIndex, at_boundary
from kg.model import Mention

__all__ = ["find_brands"]


def find_brands(
    key: str, text: str, lex: Lexicon, gaz: Gazetteer, words: WordIndex, places: Sequence[Mention]
) -> Iterator[Mention]:
    """青岛啤酒: a place's name (a county's short name too) and an industry word.

    The industry word must end a word: 美国电信业 is the industry, not a company; the
    company heads after it (集团, 有限公司) belong to the name.
    """
    spans = [(m.start, m.end) for m in places]
    spans += [(s, e) for s, e, _ in gaz.county_scanner.find(text)]
    for start, end in spans:
        for brand in lex.brands:
            after = end + len(brand)
            if text.startswith(brand, end) and at_boundary(text, after, words) and text[after : after + 1] not in _EPITHETS:
                yield org_mention(key, text, start, _company_end(text, end + len(brand), lex))
                break


# 石化城, 汽车城, 瓷都: an industry word and 城 or 都 are a city's epithet, no trade name.
_EPITHETS = frozenset("城都")


def _company_end(text: str, end: int, lex: Lexicon) -> int:
    """某某汽车集团有限公司: a trade name goes on over the company heads after it."""
    grown = True
    while grown:
        grown = False
        for suffix in lex.org_suffixes:  # longest first: 有限公司 before 公司
            if text.startswith(suffix, end) and kind_of(suffix) is EntityKind.CORPORATION:
                end, grown = end + len(suffix), True
                break
    return end
