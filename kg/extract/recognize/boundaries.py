"""The edges of candidate names: a speech verb cut off, two names split, a cut name grown back.

The tagger reads character by character and errs at a name's edges: it takes in the verb
after a name (某甲说), reads two names printed side by side as one (袁某乔某某), or stops
inside a word of a longer organization or place (子商务协会 in 市电子商务协会). These
steps correct the candidates' edges before fusion chooses among them.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Sequence

from kg.extract.recognize.lexicon import Lexicon, load_lexicon
from kg.extract.recognize.org_heads import CLINICS, no_body_name, trim_departments, trim_kind_words
from kg.extract.recognize.org_known import mend_known
from kg.extract.recognize.org_spans import mend_org_spans
from kg.extract.recognize.persons import STRONG_FOLLOWERS, name_can_end
from kg.lang.chars import CN_NUMERALS, DIVISION_LEVELS, HAN, HAN_RANGES, LIST_JOINS
from kg.lang.lexicons import speech_words
from kg.lang.person_names import plausible_name, split_run, starts_with_surname, surnames, transliterated
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource

__all__ = [
    "fix_edges", "grow_titled", "grow_to_words", "grow_units", "split_pairs", "trim_body_tails", "trim_speech",
    "trim_titles",
]

# Sources whose edges the rules below may move: the tagger's guesses and the organization
# grammar's (which starts where a place or an owner word ends). Tables, title rules and the
# gazetteer print or know the whole name.
_MOVABLE = {MentionSource.TAGGER, MentionSource.GRAMMAR}
# What ends an item of a list or a note: after it, a name's last character is no verb.
_ITEM_ENDS = tuple("、）)（(")
# What stands beside the items of a list of names.
_LIST_MARKS = LIST_JOINS


@functools.cache
def _speech_verbs() -> tuple[tuple[str, ...], frozenset[str]]:
    """Speech verbs of two characters or more (longest first), and the one-character enders."""
    verbs = speech_words("verbs")
    long = tuple(sorted((v for v in verbs if len(v) >= 2), key=len, reverse=True))
    short = frozenset(v for v in verbs if len(v) == 1) | STRONG_FOLLOWERS
    return long, short


def fix_edges(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """All the edge corrections of this module, in order (trim, split, grow)."""
    mentions = mend_known([m for m in mentions if not no_body_name(m)], text, words)  # 皇家马德里, 某公司总部
    mentions = mend_org_spans(mentions, text, words)
    mentions = split_pairs(trim_titles(trim_speech(mentions, text, words)), text)
    mentions = trim_body_tails(trim_kind_words(mentions, text), text, words)
    mentions = trim_departments(grow_units(mentions, text), text)
    return grow_titled(grow_to_words(mentions, text, words), text)


def grow_units(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """某某大学 + 物理系, 某某厅 + 救灾处, 某某局 + 治安大队: a body's unit is part of its name.

    A unit is a plain noun of two or four characters (or a number) and a unit's head
    (系 处 科 部 总队 大队 支队 中队) that ends a word. The grown name is the unit's, not the
    body's: its canonical name and code are dropped.
    """
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source is not MentionSource.CONSISTENCY:
            unit = _UNIT.match(text, m.end)
            if unit and m.text.endswith(CLINICS) and unit.group(2) == "科":
                unit = None  # 某某医院|消化科: a hospital's clinic, no unit of its administration
            if unit and _unit_stem(unit.group(1)) and _unit_ends(text, unit.end()) and not _a_body(unit.group(0)):
                m = dataclasses.replace(m, end=unit.end(), text=text[m.start : unit.end()], canonical=None, code=None)
        out.append(m)
    return out


def _unit_stem(stem: str) -> bool:
    """物理, 救灾, 农村调查, 二: what a unit is named by (a noun, a field of work, a number)."""
    if stem.isdigit() or all(c in CN_NUMERALS for c in stem):
        return True
    halves = (stem,) if len(stem) == 2 else (stem, stem[:2], stem[2:])
    tags = [word_tag(h) for h in halves]
    return tags[0] in _STEM_TAGS or len(stem) == 4 and all(t in _STEM_TAGS for t in tags[1:])


def _a_body(name: str) -> bool:
    """财政部 after 教育部: a body of its own (a national body, a dictionary's organization) is listed, not a unit."""
    return name in load_lexicon().national or word_tag(name) == "nt"


def _unit_ends(text: str, end: int) -> bool:
    """The unit's head ends a word: not 处理, 部分, 科学, 系统 (a title after it, 处长, is fine)."""
    pair = text[end - 1 : end + 1]
    return len(pair) < 2 or pair[1] in "长主" or not word_tag(pair)


_UNIT = re.compile(rf"([{CN_NUMERALS}0-9]{{1,2}}|[{HAN_RANGES}]{{2}}|[{HAN_RANGES}]{{4}})(系|处|科|部|总队|大队|支队|中队)")
_STEM_TAGS = frozenset({"n", "vn", "j", "nz", "l", "b", "ns"})  # 治安 is ns for jieba


def trim_body_tails(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """某某出版社组织 → 某某出版社, 某某协会主席 → 某某协会: a body's name ends at its head.

    The tagger reads on past an organization's head into the verb of its clause (组织,
    牵头, 举办) or a post in it; the word after the head is cut off when it is one word
    of the segmenter, a verb or a title.
    """
    lex = load_lexicon()
    out = []
    for m in mentions:
        if m.type is EntityType.ORG and m.source is MentionSource.TAGGER and m.end - m.start >= 5:
            last = words.ends.get(m.end)
            if last is not None and last[0] - m.start >= 3 and _tail_word(text[last[0] : m.end], last[1], lex):
                head_end = last[0]
                if text[m.start : head_end].endswith(lex.org_suffixes):
                    m = dataclasses.replace(m, end=head_end, text=text[m.start : head_end])
        out.append(m)
    return out


def _tail_word(word: str, tag: str, lex: Lexicon) -> bool:
    """A verb (组织, 牵头) or a post (主席, 会长): no organization's name ends with it."""
    return len(word) >= 2 and (tag == "v" or word in lex.titles_post or word in lex.titles_pre)


def grow_titled(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """县长韩某深及: a name after a title takes the third character the tagger reads in.

    The title rule reads two or three characters by what follows, and a given name's last
    character is often a word that follows names too (深, 及, 先 …): where the tagger reads
    the name one character longer, to a full name's length and to where a name can end,
    its reading wins. A character that ends a clause (说, 为, 等) stays outside.
    """
    tagged = {m.start: m.end for m in mentions if m.type is EntityType.PER and m.source is MentionSource.TAGGER}
    out = []
    for m in mentions:
        end = tagged.get(m.start, 0)
        if (
            m.type is EntityType.PER and m.source is MentionSource.RULE and end == m.end + 1
            and _full_length(text[m.start : end]) and text[m.end] not in STRONG_FOLLOWERS
            and name_can_end(text, end)
        ):
            m = dataclasses.replace(m, end=end, text=text[m.start : end])
        out.append(m)
    return out


def _full_length(name: str) -> bool:
    """A surname and a given name of two characters (韩保深, 欧阳文杰)."""
    given = len(name) - (2 if name[:2] in surnames() else 1)
    return given == 2 and starts_with_surname(name) and _han(name, 0, len(name))


def trim_speech(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """某甲表示 → 某甲, 某乙说 → 某乙, 某国表示 → 某国: a speech verb never ends a name.

    A verb of two characters or more comes off whenever two characters of name remain; a
    one-character verb or follower (说, 称, 为, 则 …) only where the segmenter reads it as
    a word of its own, so a name whose last character it is (a given name ending in 为)
    keeps it.
    """
    long, short = _speech_verbs()
    speech = frozenset(v for v in speech_words("verbs") if len(v) == 1)
    out = []
    for m in mentions:
        if m.source in _MOVABLE and m.end - m.start >= 3:
            cut = _speech_cut(m, text, words, long, short, speech)
            if cut != m.end:
                m = dataclasses.replace(m, end=cut, text=text[m.start : cut])
        out.append(m)
    return out


def _speech_cut(
    m: Mention, text: str, words: WordIndex, long: tuple[str, ...], short: frozenset[str], speech: frozenset[str]
) -> int:
    end = m.end
    while end - m.start >= 3:
        verb = _verb_ending(text, m.start, end)
        if verb:
            end -= len(verb)
            continue
        last = end - 1
        own_word = words.starts.get(last, (0, ""))[0] == end and words.ends.get(last) is not None
        # 孙某和、: before a list's comma the character is the name's own, not a conjunction.
        clause_goes_on = text[last] in speech or not text.startswith(_ITEM_ENDS, end) and end < len(text)
        if text[last] in short and own_word and clause_goes_on and (
            m.type is not EntityType.PER or plausible_name(text[m.start : last])
        ):
            end = last
            continue
        if _adverb_before_speech(text, last, end, long, speech) and plausible_name(text[m.start : last]):
            end = last
        break
    return end


def _verb_ending(text: str, start: int, end: int) -> str:
    """The longest speech verb of two characters or more that ends at ``end``, two characters of name before it."""
    verbs, lengths = _long_verbs()
    return next((text[end - n : end] for n in lengths if end - n - start >= 2 and text[end - n : end] in verbs), "")


@functools.cache
def _long_verbs() -> tuple[frozenset[str], tuple[int, ...]]:
    """The speech verbs of two characters or more, and their lengths longest first: a tail looked up, not every verb tried."""
    long, _ = _speech_verbs()
    return frozenset(long), tuple(sorted({len(v) for v in long}, reverse=True))


# Adverbs that stand between a speaker and the speech verb (某某仍说, 某某亦称) and end no
# given name before one.
_SPEECH_ADVERBS = frozenset("仍还却亦便均皆再也又")


def _adverb_before_speech(text: str, last: int, end: int, long: tuple[str, ...], speech: frozenset[str]) -> bool:
    """某某仍说: the tagger took the adverb before the speech verb into the name."""
    return text[last] in _SPEECH_ADVERBS and (text[end : end + 1] in speech or text.startswith(long, end))


def trim_titles(mentions: Sequence[Mention]) -> list[Mention]:
    """查尔斯王子 → 查尔斯, 某某总统 → 某某: a title after a name is not part of it.

    The title goes where two characters or more of name remain that look like a name (a
    surname and a given name, or a transliteration).
    """
    titles = _titles_after()
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.source is MentionSource.TAGGER and len(m.text) >= 4:
            title = next((t for t in titles if m.text.endswith(t) and len(m.text) - len(t) >= 2), "")
            name = m.text[: len(m.text) - len(title)]
            if title and plausible_name(name):
                m = dataclasses.replace(m, end=m.end - len(title), text=name)
        out.append(m)
    return out


@functools.cache
def _titles_after() -> tuple[str, ...]:
    """The titles after a name of two characters or more, longest first."""
    return tuple(sorted((t for t in load_lexicon().titles_post if len(t) >= 2), key=len, reverse=True))


def split_pairs(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """袁某乔某某 → 袁某, 乔某某: two full names printed side by side, read as one person.

    The name model (:func:`kg.lang.person_names.split_run`) must cut the span into two or
    more names, each after a known surname; and something must say it is no one name: it is
    too long for one (five or six characters, no compound surname, not transliterated), it
    stands in a list (、 和 及 与 beside a span of five characters), or each part is written
    elsewhere in the article (a four-character span needs this: 江巴吉才 is one name).
    """
    out: list[Mention] = []
    for m in mentions:
        parts = _pair_parts(m, text)
        if not parts:
            out.append(m)
            continue
        pos = m.start
        for part in parts:
            out.append(dataclasses.replace(m, start=pos, end=pos + len(part), text=part))
            pos += len(part)
    return out


def _pair_parts(m: Mention, text: str) -> tuple[str, ...] | None:
    if m.type is not EntityType.PER or m.source is not MentionSource.TAGGER or not 4 <= len(m.text) <= 6:
        return None
    if "·" in m.text or transliterated(m.text) or not all(HAN.match(ch) for ch in m.text):
        return None
    parts = split_run(m.text)
    if not parts or len(parts) < 2 or not all(starts_with_surname(p) for p in parts):
        return None
    if _too_long(m.text) or len(m.text) >= 5 and _listed(text, m.start, m.end):
        return parts
    # Each part written again outside this span: the article names both persons.
    return parts if all(_elsewhere(text, p, m.start, m.end) for p in parts) else None


def _too_long(name: str) -> bool:
    """No one Chinese name has five characters without a compound surname."""
    return len(name) == 6 or len(name) == 5 and name[:2] not in surnames()


def _listed(text: str, start: int, end: int) -> bool:
    return text[start - 1 : start] in _LIST_MARKS and start > 0 or text[end : end + 1] in _LIST_MARKS


def _elsewhere(text: str, part: str, start: int, end: int) -> bool:
    return part in text[:start] or part in text[end:]


# --------------------------------------------------------------------------- growing

# A road's name after the name it is called by (某某 + 东路, 某某 + 大街).
_ROAD = re.compile(r"[东西南北中]?(?:大道|大街|路|街|巷)(?![口段面边头况道])")
# Direction words before an area's name (西部 + 某某城): part of the name.
_DIRECTION = re.compile(r"[东西南北中]部")
_AREA_HEADS = ("城", "新区", "园区", "开发区", "科技园", "产业园")
# One-character owners a body is named after (市 + 某某协会: the city's association).
_OWNERS = frozenset(DIVISION_LEVELS)
_NAME_PART_TAGS = {"q", "m", "ns", "nr", "nrt", "nz", "n", "j", "nt", "ng", "eng"}
_MAX_GROWTH = 4


def grow_to_words(mentions: Sequence[Mention], text: str, words: WordIndex) -> list[Mention]:
    """子商务协会 → 市电子商务协会, 湖滨 → 湖滨东路: a name cut inside a word grows back.

    An organization's or a place's edge that falls inside a word of the dictionary moves to
    the word's edge: at the start when the word ends inside the name, at the end only when
    the name did not end as one of its kind does (an organization's head, a place's last
    character) and the grown name does.
    A place grows over a road's suffix after it (东路, 大街), over a division's level the
    segmenter left as a word of its own (大湾 + 区), and over a direction word before
    an area's name (西部 + 科学城); a body over the one-character owner before it (市).
    """
    starts = [w[0] for w in words.words]
    out = []
    for m in mentions:
        if m.source in _MOVABLE and m.type in (EntityType.ORG, EntityType.LOC):
            start, end = _grown(m, text, words, starts)
            if (start, end) != (m.start, m.end):
                m = dataclasses.replace(m, start=start, end=end, text=text[start:end])
        out.append(m)
    return out


def _grown(m: Mention, text: str, words: WordIndex, starts: list[int]) -> tuple[int, int]:
    start, end = m.start, m.end
    around = _word_across(words, starts, start)
    # Only a word of the dictionary that the span cut (电子商务 in 子商务协会), not one that
    # the segmenter glued to the name (从华玉, 八届全国政协): it ends inside the span.
    if around and around[1] <= end - 1 and around[1] - start >= 2 and _dictionary_word(text, *around):
        start = around[0]
    around = _word_across(words, starts, end)
    if around and around[0] >= start + 1 and _dictionary_word(text, *around):
        if not _kind_suffix(m.type, text[start:end]) and _kind_suffix(m.type, text[start : around[1]]):
            end = around[1]
    if m.type is EntityType.LOC:
        # 大湾 + 区: a division's level the segmenter left as a word of its own is the name's (not 某县 + 市山镇).
        level = words.starts.get(end)
        if level and level[0] == end + 1 and text[end] in _OWNERS and text[end - 1] not in _OWNERS:
            end += 1 if at_boundary(text, start, words) else 0
        road = _ROAD.match(text, end)
        if road and at_boundary(text, road.end(), words) and at_boundary(text, end, words):
            end = road.end()
        before = words.ends.get(start)
        if before and _DIRECTION.fullmatch(text, before[0], start) and text[start:end].endswith(_AREA_HEADS):
            start = before[0]
    # 道|县 + 某镇卫生院: a level after a name's first character ends a place, owning nothing.
    elif (
        text[start - 1 : start] in _OWNERS and words.ends.get(start, (-1, ""))[0] == start - 1
        and words.ends.get(start - 1, (-1, ""))[1] not in _NAME_PART_TAGS
    ):
        start -= 1
    return start, end


def _dictionary_word(text: str, start: int, end: int) -> bool:
    return end - start <= _MAX_GROWTH + 2 and _han(text, start, end) and bool(word_tag(text[start:end]))


def _kind_suffix(kind: EntityType, name: str) -> bool:
    """The name ends as one of its kind does: an organization's head, a place's last character."""
    if kind is EntityType.ORG:
        return name.endswith(load_lexicon().org_suffixes)
    return name.endswith(_PLACE_SUFFIXES)


# The last characters of places' names (divisions, roads, waters, mountains, areas).
_PLACE_SUFFIXES = tuple("省市县区乡镇村州盟旗路街道巷河江湖海山岛湾港城园")


def _word_across(words: WordIndex, starts: list[int], at: int) -> tuple[int, int] | None:
    """The word of the segmenter that runs across offset ``at`` (starts before it, ends after)."""
    i = bisect.bisect_right(starts, at) - 1
    if i < 0:
        return None
    s, e = words.words[i][:2]
    return (s, e) if s < at < e else None


def _han(text: str, start: int, end: int) -> bool:
    return all(HAN.match(ch) for ch in text[start:end])

