"""A person's edges where the next clause or the title before runs into the name, and Tibetan names.

The tagger and the title rules take the first character of the next clause into a name
(某某在最后时刻, 某某则因, 某某同某国, 某某作报告, 某·某意外落选, 某某报道) or the last
character of a title before it (主帅 → 帅某某). Tibetan names (two elements such as 扎西 and
顿珠, no surname) are cut by the segmenter's reading of their first element as a word.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Sequence

import rjieba

from kg.lang.chars import CN_NUMERALS, HAN
from kg.lang.lexicons import person_words
from kg.lang.person_names import TRANSLITERATION
from kg.lang.words import word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = ["find_bracketed_aliases", "find_tibetan", "grow_dotted", "mend_edges", "trim_clause_openers", "trim_title_tail"]

# A preposition or conjunction that opens the clause after a subject and ends no Chinese given
# name (某某在, 某某则, 某某因伤); 因 ends transliterations (斯坦因), which are judged apart.
_CHINESE_OPENERS = frozenset("在则因")
# 作 opens an official's act: 作报告, 作政府工作报告, 作出部署, 作重要讲话.
_ACTS = ("报告", "讲话", "发言", "部署", "批示", "指示", "总结", "说明", "出", "为", "了", "政府工作", "重要", "专题")
# What 因 opens after a foreign name: 因在, 因为, 因伤, 因病, 因故, 因涉嫌, 因违反, 因犯.
_BECAUSE = frozenset("在为伤病故涉违犯")
# A reporter's credit closes a byline: 记者甲、乙报道.
_CREDITS = ("报道",)
# The parts of speech of a word that a foreign name's last character and the next one make
# (因在, 意外): a preposition, conjunction, adverb or adjective.
_FUNCTION_TAGS = frozenset({"p", "c", "d", "a", "ad"})


def trim_clause_openers(
    mentions: Sequence[Mention], text: str, surnames: frozenset[str]
) -> list[Mention]:
    """某某在, 某某则, 某某同(某国), 某某作(报告), 某·某意(外), 某某报道: the next clause's first character comes off."""
    starts = {m.start for m in mentions if m.type is not EntityType.PER}
    return [_trimmed(m, text, surnames, starts) if m.type is EntityType.PER else m for m in mentions]


def _trimmed(m: Mention, text: str, surnames: frozenset[str], starts: set[int]) -> Mention:
    if m.source not in (MentionSource.TAGGER, MentionSource.RULE):
        return m
    for credit in _CREDITS:
        if m.text.endswith(credit) and len(m.text) - len(credit) >= 2:
            return _cut(m, len(credit))
    if len(m.text) < 3 or not HAN.match(text[m.end : m.end + 1]):
        return m
    last, after = m.text[-1], text[m.end : m.end + 4]
    if "·" in m.text and last == "家" and m.text[-2] != "·":
        return _cut(m, 1)  # 某某·某某家的果园: no dotted name ends in 家
    if len(m.text) in (3, 4) and m.text[0] in surnames and "·" not in m.text and not _foreign(m.text):
        if (
            _opens_phrase(m.text, after)
            or last in _CHINESE_OPENERS
            or last == "同" and (m.end in starts or word_tag(text[m.end : m.end + 2]) == "ns")
            or last == "作" and after.startswith(_ACTS)
        ):
            return _cut(m, 1)
        return m
    pair = text[m.end - 1 : m.end + 1]
    if last == "因" and _foreign(m.text) and len(m.text) >= 4 and after[:1] in _BECAUSE:
        return _cut(m, 1)  # 某某某因|伤缺阵: a short name (斯坦因) keeps its 因
    if not (_foreign(m.text) and rjieba.has_word(pair)):
        return m
    # A transliteration's own last character (克林顿|时任) comes off only before a preposition
    # or conjunction it makes with the next one (某某因|在).
    tags = {"p", "c"} if last in TRANSLITERATION else _FUNCTION_TAGS
    return _cut(m, 1) if word_tag(pair) in tags else m


def _opens_phrase(name: str, after: str) -> bool:
    """某某第|一时间, 某某挨|家挨户: the name's last character opens an ordinal or a set phrase of four."""
    if name[-1] == "第":
        return after[:1] != "" and after[:1] in CN_NUMERALS  # 第 ends no given name before a numeral
    four = name[-1] + after[:3]
    return len(four) == 4 and rjieba.has_word(four) and word_tag(four) in ("i", "l") and not rjieba.has_word(name[-2:])




def _foreign(name: str) -> bool:
    return "·" in name or len(name) >= 4 and all(c in TRANSLITERATION or c == "·" for c in name[:-1])


def _cut(m: Mention, size: int) -> Mention:
    return dataclasses.replace(m, end=m.end - size, text=m.text[:-size])


def trim_title_tail(mentions: Sequence[Mention], text: str, title_ends: set[int]) -> list[Mention]:
    """帅某某 after 主: the tagger's person starts on a title's last character (主帅, 外援)."""
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER and m.start + 1 in title_ends and len(m.text) >= 3:
            m = dataclasses.replace(m, start=m.start + 1, text=m.text[1:])
        out.append(m)
    return out


@functools.cache
def _tibetan() -> re.Pattern[str]:
    # No lookbehind for the dot (·) before the name: a pattern that opens with one is tried
    # at every character, one that opens with its elements only where an element's first
    # character stands (25 times cheaper); find_tibetan checks the dot.
    parts = "|".join(sorted(person_words("tibetan"), key=len, reverse=True))
    return re.compile(f"(?:{parts})(?:{parts})")


def find_tibetan(key: str, text: str, mentions: Sequence[Mention]) -> Iterator[Mention]:
    """扎西顿珠, 格桑卓玛: two elements of Tibetan names, side by side, are one person's name.

    The name must not overlap an organization or a place found by another layer, nor
    follow a dot (某·扎西顿珠 is part of a dotted name).
    """
    taken = [(m.start, m.end) for m in mentions if m.type is not EntityType.PER]
    pos = 0
    while found := _tibetan().search(text, pos):
        s, e = found.span()
        if text[s - 1 : s] == "·":
            pos = s + 1  # as a lookbehind would: the next try starts one character on
            continue
        pos = e
        if not any(a < e and s < b for a, b in taken):
            yield Mention(key, s, e, text[s:e], EntityType.PER, MentionSource.RULE)


def grow_dotted(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """摊主某某·某某: a title rule's name stops at the dot where the tagger's person runs on past it."""
    tagged = {m.start: m.end for m in mentions if m.type is EntityType.PER and m.source == MentionSource.TAGGER}
    out = []
    for m in mentions:
        end = tagged.get(m.start, 0)
        if (
            m.type is EntityType.PER and m.source == MentionSource.RULE
            and text[m.end : m.end + 1] == "·" and end > m.end + 1
        ):
            m = dataclasses.replace(m, end=end, text=text[m.start : end])
        out.append(m)
    return out


# 某某（Uzi）, 某某(Andy Lau): a player's ID or a star's English name in brackets after the name.
_BRACKETED_LATIN = re.compile(r"[（(]([A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*){0,2})[）)]")


def find_bracketed_aliases(key: str, text: str, mentions: Sequence[Mention]) -> Iterator[Mention]:
    """某某（Uzi）: a Latin-script name in brackets right after a person's is the same person's."""
    for m in mentions:
        if m.type is EntityType.PER and (found := _BRACKETED_LATIN.match(text, m.end)):
            s, e = found.span(1)
            yield Mention(key, s, e, text[s:e], EntityType.PER, MentionSource.RULE)


def mend_edges(
    key: str, mentions: Sequence[Mention], text: str, surnames: frozenset[str], title_ends: set[int]
) -> list[Mention]:
    """The persons' edges mended (a title's tail, a dotted name's rest, the next clause's opener) and Tibetan names added."""
    mended = trim_clause_openers(grow_dotted(trim_title_tail(mentions, text, title_ends), text), text, surnames)
    tibetan = list(find_tibetan(key, text, mended))
    return mended + tibetan + list(dict.fromkeys(find_bracketed_aliases(key, text, mended + tibetan)))
