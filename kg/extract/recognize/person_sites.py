"""Sites named after a person by a bare name and a site's head (鲁迅故居, 岳飞墓): places, not persons."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg.extract.recognize.lexicon import Lexicon
from kg.extract.recognize.persons import _BOUNDARY, _all_han
from kg.extract.recognize.site_heads import person_site_heads
from kg.model import EntityType, Mention, MentionSource

__all__ = ["find_sites"]

# Of the heads after a person's name, those that make a site of a bare name-like run (鲁迅故居)
# with no person mention to go on: 陵, 庙, 寺, 塔 and 纪念碑 end given names (李陵) and place
# words too often for that.
_NOT_AFTER_BARE_NAMES = frozenset({"陵", "庙", "寺", "塔", "纪念碑"})


@functools.cache
def _site_pattern() -> re.Pattern[str]:
    heads = person_site_heads() - _NOT_AFTER_BARE_NAMES
    return re.compile("|".join(sorted(heads, key=lambda h: (-len(h), h))))  # 祠堂 before 祠


_BEFORE_SITE = set("和与及、的观览访到在往谒拜祭瞻")


def find_sites(key: str, text: str, lex: Lexicon) -> Iterator[Mention]:
    """鲁迅故居, 岳飞墓: a person's name and a site's head name a place, not the person."""
    for match in _site_pattern().finditer(text):
        end = match.start()
        for length in (3, 2):
            start = end - length
            if start < 0 or not _all_han(text, start, end) or text[start] not in lex.surnames:
                continue
            before = text[start - 1 : start]
            if not before or before in _BOUNDARY or before in _BEFORE_SITE:
                yield Mention(key, start, match.end(), text[start : match.end()], EntityType.LOC, MentionSource.RULE)
                break

