"""Middle schools by their short forms: a place's or a name's two characters, a number or 女,
and 中 (洪山一中, 南洋女中)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.extract.recognize.bodies import org_mention
from kg.lang.chars import CN_NUMERALS, HAN
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import Mention, MentionSource

__all__ = ["find_numbered_schools"]

# 某某一中, 某某女中: a middle school's short form, a number or 女 and 中 (not 三中全会,
# 一中队, 女中学生: what follows makes 中 part of another word).
_SCHOOL = re.compile(rf"(?:[{CN_NUMERALS}]{{1,2}}|女)中(?![学文心央间期旬部国华外全午级队共秋豪])")
# Before a short name: where a clause or a list item starts.
_SCHOOL_OPENERS = frozenset("在到了的和与及、，。；：（“《")
# After a short name: a clause's or an item's end, or a word that follows a subject (以, 是, 为).
_SCHOOL_FOLLOWERS = _SCHOOL_OPENERS | frozenset("以是为）”》")
_NAME_WORD_TAGS_OR_NONE = frozenset({"", "nr", "nrt", "nrfg", "ns", "nz"})


def find_numbered_schools(key: str, text: str, words: WordIndex, places: Sequence[Mention]) -> Iterator[Mention]:
    """洪山一中, 南洋女中: a place's or a name's two characters, then a school's number or 女 and 中.

    The name is a division of the gazetteer, or two characters that are no ordinary word
    standing where a clause or a list item starts.
    """
    place_ends = {m.end: m.start for m in places}
    for found in _SCHOOL.finditer(text):
        at = found.start()
        start = place_ends.get(at)
        if start is None:
            name = text[at - 2 : at]
            opener = text[at - 3 : at - 2]
            if at < 2 or not all(HAN.match(c) for c in name) or word_tag(name) not in _NAME_WORD_TAGS_OR_NONE:
                continue
            if at > 2 and opener not in _SCHOOL_OPENERS:
                continue
            start = at - 2
        if at_boundary(text, found.end(), words) or text[found.end() : found.end() + 1] in _SCHOOL_FOLLOWERS:
            yield org_mention(key, text, start, found.end(), MentionSource.GRAMMAR)
