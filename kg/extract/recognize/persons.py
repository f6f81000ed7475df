"""High-precision person rules: title + name, name + title, bare surnames before a title, sites named after persons."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

import rjieba

from kg.model import EntityType, Mention, MentionSource
from kg.lang.person_names import (
    NAME_TAGS, TRANSLITERATION, common_words, frequent_surnames, ordinary_word, transliterated,
)
from kg.extract.recognize.lexicon import Lexicon
from kg.lang.chars import CLAUSE_ENDS, HAN
from kg.lang.lexicons import honorifics, person_words, sections
from kg.lang.words import WordIndex, word_tag

_HAN = HAN
_BOUNDARY = set(CLAUSE_ENDS + "、“”‘’（）()《》〈〉【】 \t\n.\"'…—-·/+＋|｜「」『』")
# Characters that start the word after a name (在, 说, 表示, 主持, 出席 …).
_FOLLOWERS = set("在说表主出等和与的也是为指介强称同一对向从到带率作讲提认告希要将已曾还都又就则却并及以陪会参致发看了着过走来去等代讲透坦面深亲接先正现首再")
_LIST_SEP = "、"
_LAST_SEPS = "和及与"  # before a list's last item


# Words before a name that say who someone is for the story, not what their job is.
_NOT_JOBS = person_words("not_jobs")


def _mention(
    key: str, text: str, start: int, end: int, source: MentionSource = MentionSource.RULE, **attrs: str | None
) -> Mention:
    if attrs.get("job_title") in _NOT_JOBS:
        attrs["job_title"] = None
    return Mention(key, start, end, text[start:end], EntityType.PER, source, **attrs)


# Forms of address after a surname (赵先生, 李总): the two are no name.
_HONORIFICS = honorifics()


# Characters that are surnames but far more often words (和, 都, 时 …): a name after a
# title must not start with one.
_WEAK_SURNAMES = set("和都时来国全区曾应富荣白党卫项宣及同向成从相於由")
# Compound surnames that are far more often words (东方 east, 第五 fifth, 百里 a hundred li)
# or the end of a title and a surname (会长孙主席: jieba reads 会|长孙|主席).
_WORD_COMPOUNDS = {"东方", "第五", "百里", "西门", "南宫", "太史", "闻人", "长孙"}
# Words that end a clause right after a name (X说, X为, X等): the name stops before them.
STRONG_FOLLOWERS = set("说为等以在和与是的也曾将已都就又则")


def name_after(text: str, pos: int, lex: Lexicon, tokens: dict[int, tuple[int, str]]) -> int:
    """Length of a person's name starting at ``pos`` (0 when none starts there)."""
    if text[pos : pos + 1] in _WEAK_SURNAMES:
        return 0
    length = _name_after(text, pos, lex, tokens)
    if length == 3 and text[pos + 2] == "摄":
        length = 2  # 记者李刚摄: a photo credit
    if length and text[pos + length - 1] in _PARTICLES:
        return 0  # 干的是, 戴上了: a surname-like verb and a particle, no name
    tail = text[pos + (2 if text[pos : pos + 2] in lex.surnames else 1) : pos + length]
    if length and (tail in _HONORIFICS or tail in lex.titles_post or _facility(tail, lex)):
        return 0  # 赵先生, (县长)孙书记: a form of address or a title; 楼餐厅: a building's room
    return length


def _facility(tail: str, lex: Lexicon) -> bool:
    """餐厅, 公园, 大厅: a given name is no room or site (one character, 路 or 山, may be)."""
    return len(tail) >= 2 and (tail in _rooms() or tail in lex.facilities)


@functools.cache
def _rooms() -> frozenset[str]:
    return frozenset(sections("common_nouns.txt")["rooms"])


def _name_after(text: str, pos: int, lex: Lexicon, tokens: dict[int, tuple[int, str]]) -> int:
    word = tokens.get(pos)
    if word and word[1] in NAME_TAGS and 2 <= word[0] - pos <= 4 and text[pos] in lex.surnames:
        after = text[word[0] : word[0] + 1]
        # Only a name of the dictionary is trusted whole: jieba's guesses (吴锦在) are not.
        follows = after in _FOLLOWERS and not _stray_follower(text, word[0])  # 某某一|饰演: 一 starts no word
        if rjieba.has_word(text[pos : word[0]]) and (not after or after in _BOUNDARY or follows):
            return word[0] - pos
        if word[0] - pos == 3 and text[word[0] - 1] not in STRONG_FOLLOWERS and _word_at(text, word[0], tokens):
            return 3  # 某某某|饰演: a guess of three characters, a word of the dictionary after it
    elif word and word[0] - pos >= 2 and (_known_start(text, pos, word[0]) or text[pos + 1] in _LOCATIVES):
        return 0  # the surname starts a common word (信箱, 中心 …); a longer guess of the segmenter's may be a name
    surname = 2 if text[pos : pos + 2] in lex.surnames else 1 if text[pos : pos + 1] in lex.surnames else 0
    if not surname:
        return 0
    short, long = surname + 1, surname + 2
    after_short = text[pos + short : pos + short + 1]
    after_long = text[pos + long : pos + long + 1]
    if not _all_han(text, pos, pos + short):
        return 0
    if not after_short or after_short in _BOUNDARY or after_short in STRONG_FOLLOWERS or _home_at(text, pos + short):
        return short
    if text.startswith(_title_words(lex), pos + short) and not rjieba.has_word(text[pos + short - 1 : pos + short + 1]):
        return short  # 记者某某特约通讯员某某: a name ends where the next title begins
    long_ok = _all_han(text, pos, pos + long)
    if long_ok and (not after_long or after_long in _BOUNDARY):
        return long
    if long_ok and _predicate_at(text, pos + long, tokens) and not rjieba.has_word(text[pos + short : pos + short + 2]):
        return long  # 某某某饰演, 某某某连续: a word of the dictionary starts after three characters
    if after_short in _FOLLOWERS and not _stray_follower(text, pos + short) or _predicate_after(text, pos, short, tokens):
        return short
    if long_ok and after_long in _COMPLEMENTS and word_tag(text[pos + short]) == "v":
        return short  # 某某晒出, 某某走进: a verb and its complement follow a two-character name
    return long if long_ok and (after_long in _FOLLOWERS or _home_at(text, pos + long)) else 0


def _home_at(text: str, at: int) -> bool:
    """村民某某家的, 某某家里: a household after a name (家 is no word with what follows)."""
    return text[at : at + 1] == "家" and text[at + 1 : at + 2] in _AFTER_HOME


_AFTER_HOME = frozenset("的里中门住有养种")


# Locatives after a surname-like word (任上, 手中): a place word, no given name.
_LOCATIVES = frozenset("上下中里内外前后")
# Complements and aspect particles after a one-character verb (晒出, 走进, 拿来, 看过).
_COMPLEMENTS = set("出进来去过着了到")


def _predicate_at(text: str, at: int, tokens: dict[int, tuple[int, str]]) -> bool:
    """A verb, adverb or time word of the dictionary, two characters or more, starts at ``at``."""
    end, tag = tokens.get(at, (0, ""))
    return end - at >= 2 and tag in _PREDICATE_TAGS and rjieba.has_word(text[at:end])


_PREDICATE_TAGS = frozenset({"v", "vn", "t", "a", "d", "ad"})


@functools.cache
def _title_words(lex: Lexicon) -> tuple[str, ...]:
    """The titles of two characters or more, before or after a name."""
    return tuple(t for t in lex.titles_pre | lex.titles_post if len(t) >= 2)


def _word_at(text: str, at: int, tokens: dict[int, tuple[int, str]]) -> bool:
    """A word of the dictionary of two characters or more, no numeral, starts at ``at``."""
    end, tag = tokens.get(at, (0, ""))
    return end - at >= 2 and tag not in ("m", "x", "eng") and rjieba.has_word(text[at:end])


def _known_start(text: str, start: int, end: int) -> bool:
    """文明号, 回应: the word at ``start`` is the dictionary's, or its first two characters are."""
    return rjieba.has_word(text[start:end]) or rjieba.has_word(text[start : start + 2])


def _predicate_after(text: str, pos: int, length: int, tokens: dict[int, tuple[int, str]]) -> bool:
    """某某组织, 某某凌晨: a verb or a time word of the dictionary starts right after a surname and one character.

    The surname must be a frequent one or one the dictionary tags as a name (但 is a
    conjunction) and the two characters no word of their own (慕名 is one).
    """
    end, tag = tokens.get(pos + length, (0, ""))
    if end - (pos + length) < 2 or tag not in ("v", "vn", "t") or not rjieba.has_word(text[pos + length : end]):
        return False
    surname = text[pos] in frequent_surnames() or word_tag(text[pos]) in NAME_TAGS
    return surname and not rjieba.has_word(text[pos : pos + length])


def _stray_follower(text: str, pos: int) -> bool:
    """段某强报道: 强 starts no word here (强调 would), so it ends the name instead of following it."""
    return text[pos] in _BOUND_FOLLOWERS and not rjieba.has_word(text[pos : pos + 2])


# Followers that are the first character of a word (强调, 表示, 介绍), never a word alone.
_BOUND_FOLLOWERS = set("强表指介认告希坦透深亲参陪一")


def name_can_end(text: str, end: int) -> bool:
    """A name may end at ``end``: punctuation, the text's end or a word that follows names comes next."""
    after = text[end : end + 1]
    return not after or after in _BOUNDARY or after in _FOLLOWERS


def _all_han(text: str, start: int, end: int) -> bool:
    return end <= len(text) and all(_HAN.match(ch) for ch in text[start:end])


def name_before(text: str, end: int, lex: Lexicon, ends: dict[int, tuple[int, str]]) -> int:
    """Length of a person's name ending at ``end`` (0 when none ends there)."""
    word = ends.get(end)
    if word and word[1] in NAME_TAGS and 2 <= end - word[0] <= 4:
        # jieba tags 宣传部 as a name (nr): a body's short name is none (宣传部部长).
        return 0 if text[word[0] : end] in lex.abbreviations or _company_word(text, word[0], end, ends) else end - word[0]
    if word and end - word[0] >= 2:
        return 0  # a common word ends here (公安部部长 …)
    for length in (3, 2):
        start = end - length
        if start < 0 or not _all_han(text, start, end):
            continue
        surname = text[start : start + 2] in lex.surnames or text[start] in lex.surnames
        before = text[start - 1 : start]
        if surname and (not before or before in _BOUNDARY) and _name_like(text[start:end]) and not _phrase(text[start:end]):
            return length
    return 0


def _company_word(text: str, start: int, end: int, ends: dict[int, tuple[int, str]]) -> bool:
    """中国某飞(董事长), 出任某某(董事长), 农家乐(老板): before the title stands its body or a word, no name."""
    before = ends.get(start)
    if before and (before[1] == "ns" and end - start == 2 or text[before[0] : start] in _OFFICE_CUES):
        return True  # a place and two characters, or 出任 an office: the title's body, a company
    return end - start == 3 and text[start : start + 2] in common_words()


# 出任, 担任 …: what follows is an office (某公司董事长), never its holder.
_OFFICE_CUES = frozenset(person_words("office_cues"))


def _phrase(name: str) -> bool:
    """谈话中(总理), 纪委的(同志): a word and a particle or a locative, not a surname and a given name."""
    head = name[:2]
    if len(name) == 3 and name[-1] in _CLAUSE_WORDS + "前原现":
        return True  # 某某在(王子公园), 巴西前(总统): the name and a preposition, an adverb or a title's "former"
    return name[-1] in "的了们中里" and len(name) == 3 and rjieba.has_word(head) and word_tag(head) not in NAME_TAGS


# Particles that end no given name.
_PARTICLES = frozenset("的了着地得")
# Prepositions and adverbs that follow a subject and end no given name (为 and 以 may: 大为).
_CLAUSE_WORDS = "在和与是也曾将已都就又则说等"


def _name_like(name: str) -> bool:
    """卫生(部长), 项目(经理), 国防(部长): a weak surname or an ordinary word is no name."""
    return name[0] not in _WEAK_SURNAMES and not ordinary_word(name)


def find_surnames(
    key: str, text: str, lex: Lexicon, words: WordIndex, titles: Sequence[tuple[int, int, str]]
) -> Iterator[Mention]:
    """A surname alone before a title or a form of address (江主席, 崔老汉, 王老师, 李大娘, 刘某).

    Such a mention is a person's, but not a name: resolution links it to the person of
    that surname the article names in full, or drops it (a bare surname is no node).
    jieba must read the surname and the title as one word (江主席) or as two, the surname
    tagged as a name: 长江主席台, 由董事长 and 阿总理 (Albania's) have none.
    """
    forms = [(start, end, t) for start, end, t in titles if t in lex.titles_post]
    for start, end, title in sorted(forms + _addresses(text, lex)):
        if start < 1:
            continue
        title_alone = words.starts.get(start, (0, ""))[0] == end
        compound = text[start - 2 : start]
        # 欧阳书记, 司马主任: jieba reads the compound surname as one word (not 公司|马主任).
        if (
            compound in lex.surnames
            and compound not in _WORD_COMPOUNDS
            and words.starts.get(start - 2, (0, ""))[0] == start
            and title_alone
        ):
            yield Mention(key, start - 2, start, compound, EntityType.PER, MentionSource.SURNAME)
            continue
        pos = start - 1
        if text[pos] not in lex.surnames or text[pos] in _WEAK_SURNAMES or text[pos] == title[0]:
            continue  # 某某师师长, 某某局局长: the unit and its head's title, no surname
        word_end, tag = words.starts.get(pos, (0, ""))
        # jieba knows 江主席, 王老师 as words; else the surname is a name's word (nr) of its own.
        # 刘|某: jieba tags the surname before 某 as it likes (zg); 某 says it is one.
        named = tag in NAME_TAGS or title == "某"
        # 班主任 is a word, but 班 a rare surname: only a frequent one or a name's makes 江主席.
        whole = word_end == end and (tag in NAME_TAGS or text[pos] in frequent_surnames())
        if whole or word_end == start and named and title_alone:
            yield Mention(key, pos, start, text[pos], EntityType.PER, MentionSource.SURNAME)


def _addresses(text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """The forms of address of the honorifics that are no title (阿姨, 小姐), and 某 (刘某).

    An anonymized person (刘某) is written with the surname the news gives: the surname is
    the person's mention, as before a title. 某某 after a surname is left to the tagger,
    which reads such a name whole (陈某某).
    """
    return [
        (m.start(), m.end(), m.group()) for m in _address_pattern(lex).finditer(text)
        if m.group() != "某" or text[m.end() : m.end() + 1] not in _NOT_AFTER_MOU
    ]


@functools.cache
def _address_pattern(lex: Lexicon) -> re.Pattern[str]:
    forms = {f for f in _HONORIFICS if len(f) >= 2 and f not in lex.titles_post}
    return re.compile("|".join(sorted(forms, key=len, reverse=True)) + "|(?<!某)某(?!某)")


# 某 before these is "a certain" of a thing: 王某地, 某部, 某种.
_NOT_AFTER_MOU = set("地处部种个些年月日时市县省村单")


def find_titled_persons(
    key: str,
    text: str,
    lex: Lexicon,
    words: WordIndex,
    titles: Sequence[tuple[int, int, str]],
) -> Iterator[Mention]:
    """Names printed right after a title (院长X, 代表A、B、C) or right before one (X书记)."""
    for start, end, title in titles:
        length = name_before(text, start, lex, words.ends) if title in lex.titles_post else 0
        # 某某同志贺信: a title written both before and after names belongs to the name before it.
        if title in lex.titles_pre and not length and not _word_across(text, end, words):
            yield from _after_title(key, text, end, title, lex, words.starts)
        if length:
            yield _mention(key, text, start - length, start, job_title=title)


def _word_across(text: str, at: int, words: WordIndex) -> bool:
    """青年文明|号: a word of the dictionary runs across the title's end, which is no title there."""
    for start in range(max(0, at - 4), at):
        end = words.starts.get(start, (0, ""))[0]
        if end > at and rjieba.has_word(text[start:end]):
            return True
    return False


def _after_title(key: str, text: str, pos: int, title: str, lex: Lexicon, tokens: dict[int, tuple[int, str]]) -> Iterator[Mention]:
    length = name_after(text, pos, lex, tokens) or foreign_after(text, pos)
    if not length:
        return
    yield _mention(key, text, pos, pos + length, job_title=title)
    # 代表A、B、C等: every item of the list is a person too.
    cursor = pos + length
    while text[cursor : cursor + 1] == _LIST_SEP:
        item = _list_item(text, cursor + 1)
        if not item:
            break
        yield _mention(key, text, cursor + 1, cursor + 1 + item, job_title=title)
        cursor += 1 + item
    # 外援甲和乙双双破门: the title stands before both foreign names joined by 和 (a Chinese
    # name after 和 is left to the list rule, which wants a list of three).
    if text[cursor : cursor + 1] in _LAST_SEPS and transliterated(text[pos : pos + length]):
        item = foreign_after(text, cursor + 1, also=_BOTH)
        if item:
            yield _mention(key, text, cursor + 1, cursor + 1 + item, job_title=title)


# Adverbs after two names joined by 和 (甲和乙双双, 甲和乙分别): a name may end before them.
_BOTH = ("双双", "分别", "一起", "一同", "同时")


def foreign_after(text: str, pos: int, *, also: tuple[str, ...] = ()) -> int:
    """Length of a transliterated foreign name at ``pos`` (外长伊万诺夫说, 总统阿萨德表示).

    The run of transliteration characters must end where a name can: at punctuation or
    before a word that follows names (说, 在, 表示 …) or one of ``also``; 0 otherwise.
    """
    end = pos
    while end < len(text) and end - pos < _MAX_FOREIGN and (
        text[end] in TRANSLITERATION or text[end] == "·" and end > pos and text[end - 1] != "·"
    ):
        end += 1
    after = text[end : end + 1]
    ends = not after or after in _BOUNDARY or after in _FOLLOWERS or text.startswith(also, end)
    if end - pos < 2 or text[end - 1] == "·" or not ends:
        return 0
    return 0 if ordinary_word(text[pos:end]) else end - pos  # 教师基金: a word, not 基金 the name


_MAX_FOREIGN = 12


def _list_item(text: str, pos: int, *, last: bool = False) -> int:
    for length in (3, 2, 4):
        if _all_han(text, pos, pos + length):
            after = text[pos + length : pos + length + 1]
            if not after or after in _BOUNDARY and after != "·" or after in "等和及（":
                return length
    if last:  # the list's last item runs on into the sentence: 万国权、何鲁丽说
        for length in (3, 2):
            after = text[pos + length : pos + length + 1]
            if length == 3 and text[pos + 2 : pos + 3] in STRONG_FOLLOWERS and after in STRONG_FOLLOWERS:
                continue  # 某某都是, 某某也在: two followers in a row, the predicate starts at the first
            if _all_han(text, pos, pos + length) and after in STRONG_FOLLOWERS:
                return length
    return 0
