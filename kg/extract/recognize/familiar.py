"""Persons addressed familiarly: 老 or 小 and a surname (老王, 小李), a surname's mention; stars' nicknames (C罗)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.recognize.people import people
from kg.lang.chars import FAMILIAR_PREFIXES, HAN_RANGES
from kg.lang.lexicons import honorifics, person_words
from kg.lang.person_names import NAME_TAGS, frequent_surnames, ordinary_word
from kg.lang.words import WordIndex, word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = ["NICKNAMES", "find_familiar", "find_nicknames"]


def find_familiar(key: str, text: str, words: WordIndex) -> Iterator[Mention]:
    """老王, 小李: 老 or 小 before a frequent surname addresses a person (PFR tags the pair as a name).

    The pair stands alone: the segmenter reads it as one word or as 老|王, no word running
    across its edges (小王磊 names 王磊, 小龙虾 is food, 养老金 money), and no numeral or
    measure before it (一个小孔, 一匹小马). Where jieba's dictionary knows the pair as other
    than a name (小于 a verb, 小钱 a noun; 老 + a surname only as nouns, 老张 n), a word
    only a person takes must follow (小马说). Like 江 of 江主席, the mention is a surname's.
    """
    surnames = frequent_surnames()
    for match in _FAMILIAR.finditer(text):
        start, end = match.start(), match.start() + 2
        if text[start + 1 : end] not in surnames or words.tiling(text, start, end)[1] != end and not _verb_glued(text, end, words):
            continue
        before, after = words.ends.get(start), words.starts.get(end, (0, ""))
        if before is not None and before[1][:1] in ("m", "q") or _bound_noun(text, end, after):
            continue
        tag = word_tag(text[start:end])
        named = not tag or tag in NAME_TAGS or text[start] == "老" and tag in ("n", "t", "r")
        if named or text.startswith(_CUES, end):
            yield Mention(key, start, end, text[start:end], EntityType.PER, MentionSource.SURNAME)


_FAMILIAR = re.compile(f"[{FAMILIAR_PREFIXES}]")


def _verb_glued(text: str, end: int, words: WordIndex) -> bool:
    """老|孟说, 老孟说, 老|赵笑着: the segmenter glued the pair or its surname to the verb after it (说, or a verb and 着 了 过)."""
    if end + 1 not in (words.starts.get(end - 1, (0, ""))[0], words.starts.get(end - 2, (0, ""))[0]):
        return False
    verb = text[end : end + 1]
    return text.startswith(_CUES, end) or word_tag(verb) == "v" and text[end + 1 : end + 2] in ("着", "了", "过")


def _bound_noun(text: str, end: int, after: tuple[int, str]) -> bool:
    """小白|幡, 小杨|屯: a one-character noun after the pair makes it a thing's or a place's
    name; 老高老高 (very high) repeats itself."""
    pair = text[end - 2 : end]
    if after[1][:1] == "n" and text[after[0] - 1 : after[0]] in _SETTLEMENT_HEADS and after[0] - end <= 2:
        return True  # 小杨|屯村, 老王|庄: the pair opens a village's name
    return after[0] == end + 1 and after[1][:1] == "n" or pair in (text[end : end + 2], text[end - 4 : end - 2])


# The heads of villages' and hamlets' names, which a family's name often opens.
_SETTLEMENT_HEADS = frozenset("村屯庄寨堡营镇")


# Words only a person takes after the pair (说, 告诉 …), longest first.
_CUES = tuple(sorted(person_words("cues"), key=len, reverse=True))


# Every name of the people lexicon: a person's, though it has no Chinese name's shape (C罗, 德约科维奇).
NICKNAMES = frozenset(people())
# Those with Latin letters are read here, where their Latin edges are guarded; people.py reads the rest.
_NICKNAME = re.compile("|".join(sorted((n for n in NICKNAMES if any(ch.isascii() for ch in n)), key=len, reverse=True)))


def find_nicknames(key: str, text: str) -> Iterator[Mention]:
    """C罗, J罗: the nicknames with a Latin letter that news prints for stars' names, not inside a longer Latin word or name.

    A name in quotes that fans or a pronoun call someone by (粉丝称她为“某某”) is one too.
    """
    for match in _NICKNAME.finditer(text):
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        if before.isascii() and before.isalnum() or after in _NICKNAME_NOT_AFTER:
            continue
        canonical = people()[match.group()].canonical
        yield Mention(key, match.start(), match.end(), match.group(), EntityType.PER, MentionSource.RULE, canonical=canonical)
    for match in _CALLED.finditer(text):
        name = match.group("name")
        doubled = len(name) == 2 and name[0] == name[1]  # 甜甜: a doubled syllable, as pet names are
        if (doubled or not ordinary_word(name)) and not name.endswith(_FAMILIAR_FORMS):
            yield Mention(key, match.start("name"), match.end("name"), name, EntityType.PER, MentionSource.RULE)


# Who calls a person by a nickname (fans, netizens, the audience), and how (称她为, 被球迷叫作).
_CALLERS = "粉丝|网友|观众|球迷|歌迷|影迷|乐迷|书迷|戏迷|媒体|大家|队友"
_CALLED = re.compile(
    rf"(?:(?:{_CALLERS})们?(?:都|也)?(?:亲切地|亲昵地|戏|昵)?(?:称|叫|喊|唤)(?:他|她|其)?(?:为|作|做)?"
    r"|(?:称|叫|喊|唤)(?:他|她)(?:为|作|做)?)"
    rf"“(?P<name>[A-Za-z]{{2,12}}|[{HAN_RANGES}]{{2,4}})”"
)
# Forms of address and kinship words that a person is called by without a nickname (老师, 李奶奶).
_FAMILIAR_FORMS = tuple(sorted(honorifics() | person_words("kinship")))


# After 小罗 or 大罗 these make a place or a word (大罗山, 小罗庄): no nickname.
_NICKNAME_NOT_AFTER = set("山村庄镇乡湾河湖岛街路马")
