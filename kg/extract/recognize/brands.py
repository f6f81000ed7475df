"""Trade names: a place's name and an industry word (青岛啤酒), with the company heads after it;
businesses introduced by name (一家名为某某的公司)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer
from kg.extract.recognize.bodies import org_mention
from kg.extract.recognize.kinds import kind_of
from kg.extract.recognize.lexicon import Lexicon
from kg.lang.chars import CN_NUMERALS, HAN_RANGES
from kg.lang.words import WordIndex, at_boundary
from kg.model import Mention

__all__ = ["find_brands", "find_called"]


def find_brands(
    key: str, text: str, lex: Lexicon, gaz: Gazetteer, words: WordIndex, places: Sequence[Mention]
) -> Iterator[Mention]:
    """青岛啤酒: a place's name (a county's short name too) and an industry word.

    The industry word must end a word: 美国电信业 is the industry, not a company; the
    company heads after it (集团, 有限公司) belong to the name.
    """
    yield from find_called(key, text)
    spans = [(m.start, m.end) for m in places]
    spans += [(s, e) for s, e, _ in gaz.county_scanner.find(text)]
    for start, end in spans:
        for brand in lex.brands:
            after = end + len(brand)
            if (
                text.startswith(brand, end) and at_boundary(text, after, words)
                and text[after : after + 1] not in _EPITHETS and not _NETWORK_PART.match(text, after)
                and not _body_after(text, after, lex)
            ):
                yield org_mention(key, text, start, _company_end(text, end + len(brand), lex))
                break


def find_called(key: str, text: str) -> Iterator[Mention]:
    """一家名为“某某”的初创公司: a business introduced by its name and what it is.

    The name stands between 名为 (叫做, 名叫) and 的 + a word for a business; quotes
    around it are no part of it.
    """
    for match in _CALLED.finditer(text):
        yield org_mention(key, text, match.start(1), match.end(1))


# 名为X的公司, 名叫“X”的餐厅: the head after 的 says a business (a company, a shop, a brand) is named.
_CALLED = re.compile(
    r"(?:名为|名叫|叫做|叫作|取名为?)[“「\"]?([^\s，。、；：“”「」\"的]{2,12}?)[”」\"]?的"
    rf"[{HAN_RANGES}]{{0,4}}?(?:公司|企业|品牌|餐厅|饭店|餐馆|酒楼|超市|商店|工作室|合作社|连锁店|网店|门店)"
)


# 石化城, 汽车城, 瓷都: an industry word and 城 or 都 are a city's epithet, no trade name.
_EPITHETS = frozenset("城都")
# 某地地铁2号线, 某地公交站, 某地航空港: a line, a stop or a port of the network, which is a place.
_NETWORK_PART = re.compile(rf"(?:[0-9０-９{CN_NUMERALS}]+号?)?线|站|港|枢纽|口岸|业")


def _body_after(text: str, at: int, lex: Lexicon) -> bool:
    """某市地铁办, 某省电力局: a public body's head follows, whose name the grammar reads whole."""
    head = next((s for s in lex.org_suffixes if text.startswith(s, at)), None)
    return head is not None and kind_of(head) is not EntityKind.CORPORATION


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
