"""Listed companies by their securities names: market tables and business news.

- 某某股份12．34某某A9．87…: a run of short names, each with its price, is a market table;
  every name in it is a listed company (ST, XR before a name, A or B after it, are the
  exchange's marks).
- 某某化学公告, 某某玻璃董事长: a two-character trade name and an industry word
  (``data/lexicons/brands.txt`` and ``listed_tails.txt``) is a company's short name where a
  company's officer, filing or stake is named beside it; so is 中国 and two characters
  before its chairman or filing (中国某某董事长), a state group's short name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import KeyScanner
from kg.lang.chars import HAN, HAN_RANGES
from kg.lang.lexicons import sections, words
from kg.model import EntityType, Mention, MentionSource

__all__ = ["find_china_names", "find_listed_names", "find_market_tables"]

# A quoted price: digits with a decimal point (full or half width), a rank's digit glued after it.
_PRICE = r"[0-9０-９]+[．.][0-9０-９]+"
# The exchange's marks before a securities name (special treatment, ex-rights, ex-dividend).
_MARKS = r"\*?ST|XR|XD|DR"
# A securities name: the exchange's marks around two to five characters.
_SECURITY = rf"(?:{_MARKS})?[{HAN_RANGES}]{{2,5}}[AB]?"
_PAIR = re.compile(rf"({_SECURITY})(?=[0-9０-９])")
# Three priced names or more; the last price of a line may have lost its decimals.
_TABLE = re.compile(rf"(?:{_SECURITY}{_PRICE}[0-9０-９]?){{3,}}(?:{_SECURITY}[0-9０-９]+)?")
# What says a table is the market's and not, say, the weather's: the exchange's marks, a share's word.
_PRICED_NAME = re.compile(rf"[{HAN_RANGES}AB]{_PRICE}")
_MARKET_MARK = re.compile(rf"^(?:{_MARKS})|[AB]$|股份$")
_MARKET_WORDS = re.compile(r"股|涨|跌|收盘|成交|沪市|深市|板块")


def find_market_tables(key: str, text: str) -> Iterator[Mention]:
    """Yield the companies of a market table: names with their prices, three or more in a run.

    A run counts when one of its names bears an exchange's mark or the text speaks of shares.
    """
    if not _PRICED_NAME.search(text):
        return  # most texts quote no price after a name: one quick look spares the run's pattern
    for table in _TABLE.finditer(text):
        names = list(_PAIR.finditer(text, table.start(), table.end()))
        if not any(_MARKET_MARK.search(m.group(1)) for m in names) and not _MARKET_WORDS.search(text):
            continue
        # 收盘某某银行12.34…: prose runs into the first name, so where that name starts is unknown.
        opened = table.start() == 0 or not HAN.match(text, table.start() - 1)
        for name in names:
            if opened or name.start(1) != table.start():
                yield _company(key, text, name.start(1), name.end(1))


@functools.cache
def _tails() -> KeyScanner:
    """The industry words that end a short name (``brands.txt``, ``listed_tails.txt``)."""
    return KeyScanner(set(words("brands.txt")) | set(sections("listed_tails.txt")["tails"]))


@functools.cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words before and after a short name that make it a company's (an officer, a filing, a stake)."""
    lists = sections("listed_tails.txt")
    before = "|".join(map(re.escape, lists["before"]))
    after = "|".join(map(re.escape, lists["after"]))
    # 某某绿能等20多家企业, 某某信托等主要债权人: an item of a list of companies.
    listed = r"等[^，。、；]{0,6}?(?:企业|公司|债权人|股东|机构|投资者)"
    return re.compile(rf"(?:{before})$"), re.compile(rf"(?:{after}|{listed})")


@functools.cache
def _stops() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Characters that open no name, stems that are no name, and characters a name may follow."""
    lists = sections("listed_tails.txt")
    return frozenset(lists["not_openers"]), frozenset(lists["not_stems"]), frozenset(lists["openers"])


# After an industry word, these make the words before a description (某国锂业巨头某某, 某地化工企业).
_DESCRIBED = re.compile(r"巨头|企业|龙头|行业|产业|板块")
_STEM = re.compile(rf"[{HAN_RANGES}]{{2}}")


def find_listed_names(key: str, text: str) -> Iterator[Mention]:
    """Yield 某某化学, 某某玻璃 … where a company's officer, filing or stake stands beside it.

    The name is two characters and an industry word, after a cue word (收购, 旗下, 入股 …),
    or after no Han character (or a conjunction, 与某某重工) with a cue (董事长, 公告,
    控股权, 等…企业 …) after it.
    """
    before, after = _cues()
    not_openers, not_stems, openers = _stops()
    for tail_start, end, _ in _tails().find(text):
        start = tail_start - 2
        if start < 0 or not _STEM.fullmatch(text, start, tail_start):
            continue
        if text[start] in not_openers or text[start:tail_start] in not_stems or _DESCRIBED.match(text, end):
            continue
        free = start == 0 or not HAN.match(text, start - 1) or text[start - 1] in openers
        if before.search(text, max(0, start - 4), start) or (free and after.match(text, end)):
            yield _company(key, text, start, end)


# 中国 and two characters, a company's officer or filing after them: the securities names of
# state groups (中国某某董事长); a word for any company (中国企业, 中国民营: [not_stems]) is none.
_CHINA_NAME = re.compile(rf"(?<![{HAN_RANGES}])中国([{HAN_RANGES}]{{2}})(?=董事长|董事局|总裁|总经理|首席执行官|发布公告|公告)")


def find_china_names(key: str, text: str) -> Iterator[Mention]:
    """Yield 中国某某 where its chairman, president or filing follows: a state group's short name."""
    not_stems = _stops()[1]
    for found in _CHINA_NAME.finditer(text):
        if found.group(1) not in not_stems:
            yield _company(key, text, found.start(), found.end())


def _company(key: str, text: str, start: int, end: int) -> Mention:
    return Mention(
        key, start, end, text[start:end], EntityType.ORG, MentionSource.RULE, kind=EntityKind.CORPORATION,
    )
