"""Person spans the tagger got almost right, corrected from the text around them.

The tagger reads an unknown name as a place (财政部长古里亚), stops at a foreign name's
middle dot (乔治·韦拉), takes a following word in (徐虎为) or the place before the name
(湖北陈淑兰). Each function here takes the candidates and gives them back with such
spans mended; :mod:`kg.extract.recognize.fusion` then chooses among them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

import rjieba

from kg.extract.recognize.persons import STRONG_FOLLOWERS
from kg.lang.chars import CN_DIGITS, HAN
from kg.lang.lexicons import person_words
from kg.lang.person_names import TRANSLITERATION
from kg.lang.words import word_tag
from kg.model import EntityType, Mention, MentionSource

_HAN = HAN

# Words after a name that only a person takes: speech and meeting verbs, forms of
# address, a player's rank (李昌镐九段). Countries speak too (美国表示), but those are
# gazetteer places, which keep their type.
_PERSON_CUES = tuple(sorted(person_words("cues")))
_RANK = re.compile(f"[{CN_DIGITS}]段")
# 在人民大会堂会见, 前往华盛顿会晤: after these, the "place" is one.
_BEFORE_PLACE = set("在于赴到抵往从自至")


def _place_word(name: str) -> bool:
    """人民大会堂 (nt), 中南海 (ns): a place or a body of jieba's dictionary, which 会见 may follow."""
    return rjieba.has_word(name) and word_tag(name) in ("ns", "nt")


def persons_by_context(
    mentions: Sequence[Mention], text: str, title_ends: set[int], is_place: Callable[[str], bool]
) -> list[Mention]:
    """The tagger's "place" that only a person can be: after a title, or before 说, 夫人 ….

    财政部长古里亚, 邱娥国在派出所门前 …: the tagger takes unknown names for places; a
    place of the gazetteer keeps its type.
    """
    out = []
    for m in mentions:
        if (
            m.type is EntityType.LOC and m.source == MentionSource.TAGGER
            and (m.start in title_ends or text.startswith(_PERSON_CUES, m.end) or _RANK.match(text, m.end))
            and text[m.start - 1 : m.start] not in _BEFORE_PLACE
            and not is_place(m.text)
            and (m.start in title_ends or not _place_word(m.text))
        ):
            m = dataclasses.replace(m, type=EntityType.PER)
        out.append(m)
    return out


def join_dotted(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """乔治·韦拉, 皮埃尔·奥绍: a foreign name goes on across its middle dot.

    The tagger's names and the rules' (总统乔治|·布什, 克拉克·|约翰逊先生) both go on
    forwards, and a part before the dot is taken in too.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source in (MentionSource.TAGGER, MentionSource.RULE):
            m = _dotted_start(m, text)
            end = m.end
            while text[end : end + 1] == "·":
                stop = end + 1
                while stop < len(text) and text[stop] in TRANSLITERATION and stop - end <= 8:
                    stop += 1
                after = text[stop : stop + 1]
                if stop - end < 2 or after and _HAN.match(after) and after not in _NAME_FOLLOWERS:
                    break
                end = stop
            if end != m.end:
                m = dataclasses.replace(m, end=end, text=text[m.start : end])
        out.append(m)
    return out


def _dotted_start(m: Mention, text: str) -> Mention:
    """克拉克·约翰逊: the transliterated parts before a name's middle dot belong to it."""
    start = m.start
    while text[start - 1 : start] == "·":
        begin = start - 1
        while begin > 0 and text[begin - 1] in TRANSLITERATION and start - begin <= 8:
            begin -= 1
        if start - 1 - begin < 2:
            break
        start = begin
    return m if start == m.start else dataclasses.replace(m, start=start, text=text[start : m.end])


# Characters that follow a name: the tagger sometimes takes one in (萨维说, 徐虎为).
_NAME_FOLLOWERS = STRONG_FOLLOWERS | set("连能获喜绘所同向对于及夫先一")


def trim_to_known(mentions: Sequence[Mention], text: str, surnames: frozenset[str]) -> list[Mention]:
    """徐虎为 where 徐虎 is named elsewhere: the tagger's span holds a known name and a word.

    Document-level consistency: a person found elsewhere in the article (by any layer)
    wins over a longer tagger span that adds one following character (萨维说, 列希曾) or
    a few leading ones (顾问贾塔, 而常昊).
    """
    known = {m.text for m in mentions if m.type is EntityType.PER and m.end - m.start >= 2}
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER and m.end - m.start >= 3:
            if m.text[:-1] in known and m.text[-1] in _NAME_FOLLOWERS:
                m = dataclasses.replace(m, end=m.end - 1, text=m.text[:-1])
            else:
                lead = next((k for k in range(1, min(4, len(m.text) - 1)) if m.text[k:] in known), 0)
                # 周恩来 stays whole although 恩来 is named too: only a word or a
                # character that is no surname comes off (顾问, 而; not 周, 欧阳).
                head = m.text[:lead]
                if lead and "·" not in m.text and head not in surnames and (lead == 1 or word_tag(head)):
                    m = dataclasses.replace(m, start=m.start + lead, text=m.text[lead:])
        out.append(m)
    return out


def split_place_prefix(
    mentions: Sequence[Mention], text: str, surnames: frozenset[str], is_place: Callable[[str], bool]
) -> list[Mention]:
    """湖北陈淑兰, 江苏张国凤: the tagger took the place before a name into the name."""
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER and len(m.text) >= 4:
            for cut in (2, 3):
                rest = m.text[cut:]
                if 2 <= len(rest) <= 3 and rest[0] in surnames and is_place(m.text[:cut]):
                    m = dataclasses.replace(m, start=m.start + cut, text=rest)
                    break
        out.append(m)
    return out
