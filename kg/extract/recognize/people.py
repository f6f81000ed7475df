"""Well-known persons named bare (王菲, 梅西) and by the nicknames the press prints for them (华仔).

The names are those of ``data/lexicons/people.tsv``, each with the canonical name its entity takes
(华仔 → 刘德华, 梅西 → 利昂内尔·梅西), so that a nickname and a full name in two articles are one
person; the figures of history go by their courtesy and literary names too (苏东坡 → 苏轼). A name
that is an ordinary word, a place's, a company's or an era's too (黎明, 李宁, 汪洋, 康熙) counts only
with a person's cue beside it: a title before it (歌手黎明), a title, a speech verb or a word only a
person takes after it (黎明说, 李宁表示). A thing named after a person is no mention of the person:
a site (屈原村), a craft or a prize (墨子号, 茅盾文学奖), a book (《庄子》).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.gazetteer import KeyScanner
from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.spans import SpanIndex
from kg.lang.chars import HAN
from kg.lang.lexicons import person_words, rows, speech_words
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = ["Person", "find_people", "people"]

_TABLE = "people.tsv"
# Jieba's tag of a character it could not place: a name's own character cut off (李娜|娜).
_STRAY = "x"
# How far past a name's end the segmenter may glue on a verb in a word of its own guessing (华仔来, 王菲说道).
_GLUE_REACH = 2
_DOTS = ("·", "•")


@dataclass(frozen=True)
class Person:
    """One name of the lexicon: the canonical name of its person, whether it needs a cue."""

    canonical: str
    needs_cue: bool


@functools.cache
def people() -> dict[str, Person]:
    """The persons of ``people.tsv`` by the names news prints for them."""
    return {name: Person(canonical or name, needs == "cue") for name, canonical, needs in rows(_TABLE, 3)}


@functools.cache
def _scanner() -> KeyScanner:
    # Names with Latin letters (C罗, 大S) are left to familiar.py, which guards their Latin edges.
    return KeyScanner(name for name in people() if not any(ch.isascii() for ch in name))


@functools.cache
def _cues_before() -> tuple[str, ...]:
    return tuple(sorted(load_lexicon().titles_pre, key=len, reverse=True))


@functools.cache
def _cues_after() -> tuple[str, ...]:
    words = load_lexicon().titles_post | person_words("cues") | person_words("office_cues") | speech_words("verbs")
    return tuple(sorted(words, key=len, reverse=True))


def _cued(text: str, start: int, end: int) -> bool:
    """A person's title stands right before ``start:end`` or a person's word right after it (歌手黎明, 黎明说)."""
    return text.endswith(_cues_before(), 0, start) or text.startswith(_cues_after(), end)


def _edge(text: str, at: int, words: WordIndex, *, start: int) -> bool:
    """No dictionary word runs across offset ``at``; at the name's end, the segmenter's own guess may (华仔来).

    Args:
        start: where the name starts; a guessed word across its end must start with it.
    """
    if at_boundary(text, at, words):
        return True
    if at == start:
        return False
    word = words.starts.get(start)
    return word is not None and at < word[0] <= at + _GLUE_REACH and not word_tag(text[start : word[0]])


def _stray(text: str, start: int, end: int, words: WordIndex) -> bool:
    """A character the segmenter could not place stands against the name (李娜|娜): it is a longer name's."""
    before, after = words.ends.get(start), words.starts.get(end)
    return (before is not None and start - before[0] == 1 and before[1] == _STRAY and bool(HAN.match(text[start - 1]))) or (
        after is not None and after[0] - end == 1 and after[1] == _STRAY and bool(HAN.match(text[end]))
    )


def _guessed_longer(text: str, start: int, end: int, guesses: list[tuple[int, int]]) -> bool:
    """The tagger reads a longer person here, and not by gluing a word to the name (梅西则, 对王菲).

    Args:
        guesses: the tagger's person spans, sorted; they do not overlap.
    """
    at = bisect.bisect_right(guesses, (start, len(text) + 1)) - 1
    if at < 0 or guesses[at][1] < end or guesses[at] == (start, end):
        return False
    pieces = [piece for piece in (text[guesses[at][0] : start], text[end : guesses[at][1]]) if piece]
    return not all(word_tag(piece)[:1] in _GLUE_TAGS for piece in pieces)


# Tags of the words the tagger glues to a name (则 c, 对 p, 在 p, 说 v, 下 f in 某某下西洋): no part of it.
_GLUE_TAGS = frozenset("cdfpuvr")


def _site_after(text: str, end: int, words: WordIndex) -> bool:
    """A site's head follows the name (屈原村, 鲁迅公园): the name is the site's, named after the person.

    A one-character head counts unless the segmenter reads it into a verb (刘德华路过).
    """
    heads = load_lexicon().facilities
    if not text.startswith(heads, end):
        return False
    after = words.starts.get(end)
    return not (after is not None and after[0] - end > 1 and after[1][:1] in _VERB_TAGS and text[end : after[0]] not in heads)


# Tags of the words a one-character site head may open without being one (路过 v, 山高 a).
_VERB_TAGS = frozenset("vad")


# A craft named after a person takes 号 (墨子号, 郑和号); a prize or an award ends with these (茅盾文学奖).
_CRAFT = "号"
_PRIZES = ("奖", "奖章", "奖学金")


def _named_after(text: str, end: int, words: WordIndex) -> bool:
    """A craft's or a prize's name follows the name (墨子号卫星, 南丁格尔奖章): the thing is named after the person.

    The word after the name must be a noun, or a noun before one (文学 奖), so that 获奖 stays a verb.
    """
    after = words.starts.get(end)
    if after is None:
        return False
    word = text[end : after[0]]
    if word == _CRAFT or (word.endswith(_PRIZES) and after[1][:1] == "n"):
        return True
    second = words.starts.get(after[0])
    return (
        second is not None and after[1][:1] == "n" and second[1][:1] == "n"
        and text[after[0] : second[0]].endswith(_PRIZES)
    )


def _a_title(text: str, start: int, end: int) -> bool:
    """The name is all of a work's title (《孟子》, 《韩非子》): the book, not its author."""
    return text.endswith("《", 0, start) and text.startswith("》", end)


def _part_of_more(text: str, start: int, end: int, words: WordIndex) -> bool:
    """The name is part of a longer one: a name cut by the segmenter (李娜|娜), a dotted foreign
    name (里奥·梅西), a site's, a craft's or a prize's named after the person (屈原村, 墨子号),
    a work's title (《庄子》)."""
    return (
        _stray(text, start, end, words)
        or text.endswith(_DOTS, 0, start) or text.startswith(_DOTS, end)
        or _site_after(text, end, words)
        or _named_after(text, end, words)
        or _a_title(text, start, end)
    )


def find_people(key: str, text: str, words: WordIndex, candidates: Sequence[Mention]) -> list[Mention]:
    """Persons of the people lexicon in ``text``, each with its canonical name.

    A name counts where it starts and ends at word boundaries, outside every longer name
    already found (a person's, an organization's such as 某某基金会, a place's such as 某某故居)
    and outside a longer dotted foreign name (里奥·梅西 holds 梅西). The tagger's place or
    organization on the very span stops only a name that needs a cue (李宁 the company); one
    that is a person's only (苏东坡) outranks the tagger's guess.

    Args:
        candidates: the mentions found so far.
    """
    hits = _scanner().find(text)
    if not hits:  # most texts name none: the indexes of the candidates below are not built for them
        return []
    guesses = sorted((m.start, m.end) for m in candidates if m.type is EntityType.PER and m.source is MentionSource.TAGGER)
    held = SpanIndex((m.start, m.end) for m in candidates if not (m.type is EntityType.PER and m.source is MentionSource.TAGGER))
    others = [m for m in candidates if m.type is not EntityType.PER]
    fixed = {(m.start, m.end) for m in others if m.source is not MentionSource.TAGGER}
    tagged = {(m.start, m.end) for m in others if m.source is MentionSource.TAGGER}
    names = people()
    out = []
    for start, end, name in hits:
        if not (_edge(text, start, words, start=start) and _edge(text, end, words, start=start)):
            continue
        person = names[name]
        if (start, end) in fixed or (person.needs_cue and (start, end) in tagged):
            continue
        if held.holds_longer(start, end) or _guessed_longer(text, start, end, guesses):
            continue
        if _part_of_more(text, start, end, words):
            continue
        if person.needs_cue and not _cued(text, start, end):
            continue
        out.append(Mention(key, start, end, name, EntityType.PER, MentionSource.RULE, canonical=person.canonical))
    return out
