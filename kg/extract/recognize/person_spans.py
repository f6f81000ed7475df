"""Person spans the tagger got almost right, corrected from the text around them.

The tagger reads an unknown name as a place (财政部长古里亚), stops at a foreign name's
middle dot (乔治·韦拉), takes a following word in (徐虎为) or the place before the name
(浙江陈淑兰), or reads a capital (首府某某), a venue (某某·某某体育场) or shops listed
before 等商场 as persons. Each function here takes the candidates and gives them back with
such spans mended; :mod:`kg.extract.recognize.fusion` then chooses among them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence

import rjieba

from kg.extract.recognize.lexicon import foreign_context
from kg.extract.recognize.persons import STRONG_FOLLOWERS
from kg.extract.recognize.site_heads import venue_head
from kg.lang.chars import CN_DIGITS, HAN
from kg.lang.lexicons import person_words
from kg.lang.person_names import TRANSLITERATION, transliterated
from kg.lang.words import WordIndex, word_tag
from kg.model import EntityType, Mention, MentionSource

_HAN = HAN

# Words after a name that only a person takes: speech and meeting verbs, forms of
# address, a player's rank (李昌镐九段). Countries speak too (美国表示), but those are
# gazetteer places, which keep their type.
_PERSON_CUES = tuple(sorted(person_words("cues")))
_RANK = re.compile(f"[{CN_DIGITS}]段")
# 在人民大会堂会见, 前往华盛顿会晤: after these, the "place" is one.
_BEFORE_PLACE = set("在于赴到抵往从自至")
_OFFICE_CUES = tuple(sorted(person_words("office_cues"), key=len, reverse=True))
_PLACE_TITLES = tuple(foreign_context("place_title"))


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
    persons = (
        {m.start for m in mentions if m.type is EntityType.PER},
        {m.end for m in mentions if m.type is EntityType.PER},
    )
    out = []
    for m in map(functools.partial(_idiom_cut, text=text), mentions):
        if (
            m.type is EntityType.LOC and m.source == MentionSource.TAGGER
            and text[m.start - 1 : m.start] not in _BEFORE_PLACE
            and not is_place(m.text)
            and _only_a_person(m, text, title_ends, persons)
        ):
            m = dataclasses.replace(m, type=EntityType.PER)
        out.append(m)
    return out


def _idiom_cut(m: Mention, text: str) -> Mention:
    """萨某|梅开二度: the tagger took the first character of an idiom after a foreign name."""
    if m.source != MentionSource.TAGGER or len(m.text) < 3 or not transliterated(m.text):
        return m
    idiom = text[m.end - 1 : m.end + 3]
    if len(idiom) == 4 and rjieba.has_word(idiom) and not transliterated(idiom) and word_tag(idiom) != "ns":
        return dataclasses.replace(m, end=m.end - 1, text=m.text[:-1])
    return m


def _only_a_person(m: Mention, text: str, title_ends: set[int], persons: tuple[set[int], set[int]]) -> bool:
    """After a title, before an office's verb (出任) or between persons in a list; before 说 unless a dictionary's place."""
    starts, ends = persons
    # Only a transliteration: the tagger's Chinese "persons" in a list of places (某环、某环)
    # would make the places persons.
    listed = transliterated(m.text) and (
        text[m.start - 1 : m.start] == "、" and m.start - 1 in ends
        or text[m.end : m.end + 1] == "、" and m.end + 1 in starts
    )
    if m.start in title_ends or listed or text.startswith(_OFFICE_CUES, m.end):
        return True
    cue = text.startswith(_PERSON_CUES, m.end) or bool(_RANK.match(text, m.end))
    # 与某某举行会谈: a partner of talks is a person, though the dictionary knows the name as a place's.
    return cue and (not _place_word(m.text) or text[m.start - 1 : m.start] in _PARTNER_BEFORE)


_PARTNER_BEFORE = ("与", "同", "跟")


def places_by_context(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """首都某某, 甲、乙口岸: a word that says what place follows, or a place listed beside it, makes the tagger's "person" a place."""
    known = [m for m in mentions if m.type is EntityType.LOC and m.source != MentionSource.TAGGER]  # the tagger's may be persons
    places = {(m.start, "s") for m in known if _list_item_place(m, text)} | {(m.end, "e") for m in known}
    # 甲、乙、丙等: a person listed beside it makes the list one of persons.
    persons = {at for m in mentions if m.type is EntityType.PER for at in ((m.start, "s"), (m.end, "e"))}
    return [
        dataclasses.replace(m, type=EntityType.LOC, source=MentionSource.RULE)
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER
        and (text.endswith(_PLACE_TITLES, 0, m.start) or _listed_with(m, text, places) and not _listed_with(m, text, persons))
        else m
        for m in mentions
    ]


def _list_item_place(m: Mention, text: str) -> bool:
    """甲、乙口岸, 甲、乙等地: a place that is a list's item whole, not the owner of what follows it (乙某公司的某某)."""
    return m.text.endswith(_LISTED_HEADS) or text.startswith(("、", "，", "。", "等", "两地", "三地", *_LISTED_HEADS), m.end)


# Heads that places listed together share (甲、乙口岸).
_LISTED_HEADS = ("口岸", "等地")


def _listed_with(m: Mention, text: str, spans: set[tuple[int, str]]) -> bool:
    """A name of ``spans`` stands beside the "person" across 、: an item of their list."""
    return text[m.end : m.end + 1] == "、" and (m.end + 1, "s") in spans or (
        text[m.start - 1 : m.start] == "、" and (m.start - 1, "e") in spans
    )


def venues_after_names(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某某·某某体育场, 某某-某某购物中心: a foreign name before a venue's head names the venue, a place.

    Only dotted or hyphenated names are read so: a Chinese name before 广场 or 车站 is
    more often a person standing there than the site's name.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source != MentionSource.SURNAME:
            stop = _venue_end(m, text)
            if stop:
                m = dataclasses.replace(m, end=stop, text=text[m.start : stop], type=EntityType.LOC, source=MentionSource.RULE)
        out.append(m)
    return out


def _venue_end(m: Mention, text: str) -> int:
    """Where the venue named by ``m`` ends, 0 when no venue's head follows it."""
    hyphen = text[m.end : m.end + 1] in ("-", "－", "·")
    if "·" not in m.text and not hyphen:
        return 0
    for stop in range(m.end + 2, min(len(text), m.end + 9) + 1):
        if not _HAN.match(text[stop - 1]):
            return 0
        head = venue_head(text[m.start : stop])
        if head and (stop - len(head) == m.end or hyphen and stop - len(head) > m.end + 1):
            return stop
    return 0


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
                # 某某·伯格宣布: a word of the dictionary may start after the name, as a follower may.
                verb = stop - end >= 3 and rjieba.has_word(text[stop : stop + 2])
                if stop - end < 2 or after and _HAN.match(after) and after not in _NAME_FOLLOWERS and not verb:
                    break
                end = stop
            end = _last_syllable(text, m.start, end)
            if end != m.end:
                m = dataclasses.replace(m, end=end, text=text[m.start : end])
        out.append(m)
    return _joined_parts(out, text)


# A monarch's or pope's ordinal after the name (某某二世, 某某十六世).
_REGNAL = re.compile(f"[{CN_DIGITS}十]{{1,2}}世")
_HYPHENS = ("-", "－")


def join_fragments(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """卡托尔|滕贝里, 古斯塔|夫五世, 某·某某-某某: a foreign name cut in two (by the tagger, or as two Chinese names) is one.

    Two person spans side by side, or on either side of a hyphen (a double surname), are
    joined when together they read as one transliteration, a regnal ordinal (二世) with them;
    a short name grows by one transliteration character before a name's follower.
    """
    persons = [m for m in mentions if m.type is EntityType.PER and m.source is not MentionSource.SURNAME]
    by_start = {m.start: m for m in persons}
    seconds: dict[int, Mention] = {}  # the first part's id -> the second part
    for m in persons:
        nxt = by_start.get(m.end + (1 if text[m.end : m.end + 1] in _HYPHENS else 0))
        if nxt is not None and min(len(m.text), len(nxt.text)) >= 2 and _one_foreign_name(text[m.start : nxt.end], hyphen=nxt.start > m.end):
            seconds[id(m)] = nxt
    taken = {id(n) for n in seconds.values()}
    out = []
    for m in mentions:
        if id(m) in taken:
            continue  # the second part, now inside the first's span
        if m.type is EntityType.PER and m.source is not MentionSource.SURNAME:
            second = seconds.get(id(m))
            if second is not None:
                m = dataclasses.replace(m, end=second.end, text=text[m.start : second.end])
            m = _grown(m, text)
        out.append(m)
    return out


def _one_foreign_name(name: str, *, hyphen: bool) -> bool:
    """At most one character of the name (its ordinal aside) is no transliteration's."""
    core = _REGNAL.sub("", name.replace("·", "").replace("-", "").replace("－", ""))
    foreign = sum(ch in TRANSLITERATION for ch in core)
    regnal = len(core) < len(name.replace("·", "")) - hyphen
    return len(core) >= 3 and foreign >= len(core) - (2 if regnal else 1) and (not hyphen or "·" in name or foreign == len(core))


def _grown(m: Mention, text: str) -> Mention:
    """卡拉米|特在: one more transliteration character before a name's follower."""
    if m.source is not MentionSource.TAGGER or not transliterated(m.text):
        return m
    end = m.end + 1
    ch, after = text[m.end : end], text[end : end + 1]
    grows = ch in TRANSLITERATION and ch not in _NAME_FOLLOWERS and "·" not in m.text
    if grows and (not after or not _HAN.match(after) or after in _NAME_FOLLOWERS):
        return dataclasses.replace(m, end=end, text=text[m.start : end])
    return m


def _last_syllable(text: str, start: int, end: int) -> int:
    """玛丽·科斯|盖获得: a dotted name's last part goes on by one transliteration character before a name's follower."""
    ch, after = text[end : end + 1], text[end + 1 : end + 2]
    if "·" in text[start:end] and ch and ch in TRANSLITERATION and ch not in _NAME_FOLLOWERS:
        if not after or not _HAN.match(after) or after in _NAME_FOLLOWERS:
            return end + 1
    return end


def _joined_parts(mentions: list[Mention], text: str) -> list[Mention]:
    """艾某·吾某: two persons on either side of a middle dot are the two parts of one name."""
    ends: dict[int, int] = {}
    for m in mentions:
        if m.type is EntityType.PER:
            ends[m.start] = max(ends.get(m.start, m.end), m.end)
    joined = {m.end + 1 for m in mentions if m.type is EntityType.PER and text[m.end : m.end + 1] == "·" and m.end + 1 in ends}
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.start in joined:
            continue  # the second part, now inside the first's span
        if m.type is EntityType.PER and m.end + 1 in joined and text[m.end : m.end + 1] == "·":
            stop = ends[m.end + 1]
            m = dataclasses.replace(m, end=stop, text=text[m.start : stop])
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
    """浙江陈淑兰, 江苏张国凤: the tagger took the place before a name into the name."""
    return [_place_cut(m, surnames, is_place, place_first=True) for m in mentions]


def split_place_suffix(
    mentions: Sequence[Mention], text: str, surnames: frozenset[str], is_place: Callable[[str], bool]
) -> list[Mention]:
    """记者某某江夏区…: the tagger ran a name on into the place after it (a byline without a stop)."""
    return [_place_cut(m, surnames, is_place, place_first=False) for m in mentions]


def _place_cut(m: Mention, surnames: frozenset[str], is_place: Callable[[str], bool], *, place_first: bool) -> Mention:
    """The tagger's person without the place of two or three characters it ran into, on the side asked."""
    if m.type is not EntityType.PER or m.source != MentionSource.TAGGER or len(m.text) < 4:
        return m
    for cut in (2, 3):
        head, rest = m.text[:cut], m.text[cut:]
        if place_first and 2 <= len(rest) <= 3 and rest[0] in surnames and is_place(head):
            return dataclasses.replace(m, start=m.start + cut, text=rest)
        if not place_first and len(rest) >= 2 and head[0] in surnames and is_place(rest):
            return dataclasses.replace(m, end=m.start + cut, text=head)
    return m


# Prepositions that open the clause after a subject (某某以两个6比3, 某某被授予) and
# end no given name.
_GLUED_PREPOSITIONS = set("以被把从将于")


def trim_glued(mentions: Sequence[Mention], text: str, words: WordIndex, surnames: frozenset[str]) -> list[Mention]:
    """某某以, 某某凌(晨): a three-character "name" whose last character opens the next word.

    The last character comes off when it is a preposition before more text, or when the
    article's segmentation reads it as the start of a time word (凌晨, 今天) running past
    the span: a surname and one character remain.
    """
    out = []
    for m in mentions:
        if (
            m.type is EntityType.PER and m.source == MentionSource.TAGGER and len(m.text) == 3
            and m.text[0] in surnames and "·" not in m.text
            and (
                m.text[-1] in _GLUED_PREPOSITIONS and _HAN.match(text[m.end : m.end + 1])
                or _time_word_across(words, m.end - 1, m.end)
            )
        ):
            m = dataclasses.replace(m, end=m.end - 1, text=m.text[:-1])
        out.append(m)
    return out


def _time_word_across(words: WordIndex, start: int, end: int) -> bool:
    stop, tag = words.starts.get(start, (0, ""))
    return stop > end and tag == "t"


def bodies_in_lists(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """甲、乙等商场: the items of a list that 等 and a kind of body close are organizations."""
    by_start = {m.start: m for m in mentions}
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source == MentionSource.TAGGER and _list_of_bodies(m, text, by_start):
            m = dataclasses.replace(m, type=EntityType.ORG, source=MentionSource.RULE)
        out.append(m)
    return out


def _list_of_bodies(m: Mention, text: str, by_start: dict[int, Mention]) -> bool:
    pos = m.end
    while text[pos : pos + 1] == "、" and pos + 1 in by_start:
        pos = by_start[pos + 1].end
    return text[pos : pos + 1] == "等" and text.startswith(_BODIES_AFTER_LIST, pos + 1)


_BODIES_AFTER_LIST = tuple(sorted(foreign_context("bodies_after_list"), key=len, reverse=True))


def by_neighbours(
    mentions: Sequence[Mention], text: str, words: WordIndex, surnames: frozenset[str], is_place: Callable[[str], bool]
) -> list[Mention]:
    """The edges and types that the words beside a span decide, after the dotted names are whole.

    A place run into a name and a word glued to it come off; 首都某某 is a place, 某某·某某体育场
    a venue, 甲、乙等商场 organizations.
    """
    mentions = trim_glued(split_place_suffix(mentions, text, surnames, is_place), text, words, surnames)
    return bodies_in_lists(venues_after_names(places_by_context(mentions, text), text), text)
