"""Precision guards: ordinary words that a dictionary or the tagger took for names.

Each guard is a rule of what no name looks like, not a list of mistakes:

- a person's name is not a frequent ordinary word of the dictionary;
- a name does not end with a food or a dish (某某豆腐, 某某火锅) nor is a room of a building;
- a person's name does not start inside a word or with an adverb or a preposition: 中毒入院
  is two words and no surname, 边报警 an adverb and a verb;
- a scale before a reading (里氏 + 6.2级, 华氏 + 90度) is a unit, not a person;
- a floor and a room (四楼报告厅, 3层会议室) are a place in a building, not a named place;
- an ordinary word and the head of a drawing or a table (全景图, 统计表) is a technical noun.
- a "road" ending in 之路 (成才之路, the road of) is a figure of speech, not a street;
- a word of the dictionary ending in 戏 or 剧 (花鼓戏) is a stage genre, not a person;
- a transliteration before a device's or an effect's head (某某装置, 某某效应) is no person.
"""

from __future__ import annotations

import functools
import re

import rjieba

from kg.extract.recognize.lexicon import load_lexicon
from kg.lang.chars import DATE_DIGITS
from kg.lang.lexicons import person_words, sections
from kg.lang.person_names import NAME_TAGS, common_words, frequent_surnames, transliterated
from kg.lang.words import WordIndex, word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = ["ordinary"]

# The guesses that the guards judge: the tagger's, and what was found again after them.
_GUARDED = {MentionSource.TAGGER, MentionSource.CONSISTENCY}
# One-character words that open a clause, never a name: adverbs, prepositions, conjunctions.
_FUNCTION_TAGS = frozenset({"d", "p", "c", "r", "u"})
# Plural pronouns, which no name holds.
_PRONOUNS = ("你们", "我们", "他们", "她们", "咱们", "大家")
_NUMERAL = f"[{DATE_DIGITS}百两几]"
# A floor (四楼, 3层, 十二楼): what follows it is a room, not a name.
_FLOOR = re.compile(f"{_NUMERAL}+(?:号楼|楼|层)")
# A scale's name before its reading: 里氏6.2级, 摄氏30度.
_SCALE_READING = re.compile(f"[0-9０-９.．]|{_NUMERAL}+[点.．]?{_NUMERAL}*[级度]")


# The heads of stage genres (某某戏, 某某剧): a word of the dictionary so ending names a genre.
_GENRES = ("戏", "剧")
# 之路 "the road of": news writes it of careers and policies (成才之路); no street is so named.
_FIGURATIVE_ROADS = ("之路",)


@functools.cache
def _common_nouns(section: str) -> tuple[str, ...]:
    return tuple(sorted(sections("common_nouns.txt")[section], key=len, reverse=True))


def ordinary(mention: Mention, text: str, words: WordIndex) -> bool:
    """True when a guessed name is an ordinary word or phrase, by the rules of this module.

    Args:
        mention: a candidate; the tagger's guesses (and their recurrences) are judged by
            every rule, the organization grammar's by the floor and food rules.
        text: the article's text, which the mention's offsets index.
        words: the article's segmentation.
    """
    name = mention.text
    if mention.type is EntityType.LOC and name.endswith(_FIGURATIVE_ROADS) and mention.code is None:
        return True  # 成功之路; 某某之路, which cuts a given name ending in 之 from 路: no street
    if mention.source in (MentionSource.GRAMMAR, MentionSource.RECURRENCE):  # 四楼报告厅: a suffix after words
        return bool(_FLOOR.match(name)) or name.endswith(_common_nouns("food"))
    if mention.source not in _GUARDED:
        return False
    if _ordinary_word(mention):
        return True
    if mention.type is EntityType.PER and any(p in name for p in _PRONOUNS):
        return True  # 感谢你们: a phrase with a pronoun, no name
    if name.endswith(_common_nouns("food")) or name in _common_nouns("rooms"):
        return True
    if mention.type is not EntityType.PER and name.endswith(_common_nouns("documents") + _common_nouns("services")):
        return True  # 某某发展规划纲要, 中欧班列: a document or a service, named after what it plans or where it runs
    if mention.type is EntityType.PER and name.endswith(_GENRES) and rjieba.has_word(name):
        return True  # 黄梅戏, 花鼓戏: a genre of the dictionary, though it opens with a surname
    if _FLOOR.match(name) or _drawing(name):
        return True
    if name.endswith("氏") and _SCALE_READING.match(text, mention.end):
        return True
    if mention.type is EntityType.PER and transliterated(name) and text.startswith(_technical_heads(), mention.end):
        return True  # 某某装置, 某某效应: a device or an effect, not its namesake
    return mention.type is EntityType.PER and _not_a_name_start(mention, text, words)


@functools.cache
def _technical_heads() -> tuple[str, ...]:
    return tuple(sorted(person_words("technical_heads"), key=len, reverse=True))


def _ordinary_word(mention: Mention) -> bool:
    """安全, 发展: a frequent ordinary word of the dictionary is no person's name.

    Only frequency is trusted: jieba's tags of names are unreliable (it tags names of
    persons and cities as nouns, adverbs or idioms), its frequencies of ordinary words are not.
    """
    return mention.type is EntityType.PER and mention.text in common_words()


def _drawing(name: str) -> bool:
    """全景图, 统计表: an ordinary word of the dictionary and the head of a drawing or a table."""
    stem = name[:-1]
    return name[-1:] in _common_nouns("drawings") and len(stem) >= 2 and bool(word_tag(stem)) and not transliterated(stem)


def _not_a_name_start(mention: Mention, text: str, words: WordIndex) -> bool:
    """中毒入院, 边报警: the segmenter reads no surname at the start of the "name".

    Either the span is two or more words of two characters or more, none a person's name,
    with no surname at its start (白滨一良 has one) and no transliteration; or it opens with a one-character adverb,
    preposition or conjunction followed by a word of the dictionary.
    """
    # Where the article's words run past the span's edges (他边|报警), the span's own reading.
    tiles = _tiles(words, text, mention.start, mention.end) or [tuple(t) for t in rjieba.tag(mention.text)]
    if len(tiles) < 2:
        return False
    if any(tag in NAME_TAGS for _, tag in tiles):  # jieba's nz and ns are no evidence: 中毒 is nz
        return False
    name = mention.text
    no_surname = name[0] not in load_lexicon().surnames and name[:2] not in load_lexicon().surnames
    if all(len(word) >= 2 for word, _ in tiles) and no_surname and not transliterated(name):
        return True
    first, tag = tiles[0]
    rest = text[mention.start + 1 : mention.end]
    # 曾, 于, 同: a frequent surname is read as an adverb or a preposition too often to judge.
    function_start = len(first) == 1 and tag in _FUNCTION_TAGS and first not in frequent_surnames()
    return function_start and len(tiles) == 2 and len(rest) >= 2 and bool(word_tag(rest))


def _tiles(words: WordIndex, text: str, start: int, end: int) -> list[tuple[str, str]]:
    """The words that tile ``text[start:end]`` exactly ([] when a word runs past its edges)."""
    out, stop = words.tiling(text, start, end)
    return out if stop == end else []
