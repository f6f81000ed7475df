"""High-precision person rules: title + name, name + title, name lists, contact tables."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

import rjieba

from kg.model import EntityType, Mention, MentionSource
from kg.lang.person_names import (
    NAME_TAGS, TRANSLITERATION, frequent_surnames, ordinary_word, starts_with_surname, transliterated,
)
from kg.extract.recognize.lexicon import NAME_SITE_HEADS, Lexicon
from kg.lang.chars import CLAUSE_ENDS, HAN, HAN_RANGES
from kg.lang.lexicons import honorifics, person_words, sections
from kg.lang.words import WordIndex, word_tag

_HAN = HAN
_BOUNDARY = set(CLAUSE_ENDS + "、“”‘’（）()《》〈〉【】 \t\n.\"'…—-·/+＋|｜「」『』")
# Characters that start the word after a name (在, 说, 表示, 主持, 出席 …).
_FOLLOWERS = set("在说表主出等和与的也是为指介强称同一对向从到带率作讲提认告希要将已曾还都又就则却并及以陪会参致发看了着过走来去等代讲透坦面深亲接先正现首再")
_PHONE = re.compile(r"^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})$")
_NAME_CELL = re.compile(rf"^[{HAN_RANGES}·]{{2,4}}$")
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
        if rjieba.has_word(text[pos : word[0]]) and (not after or after in _BOUNDARY or after in _FOLLOWERS):
            return word[0] - pos
    elif word and word[0] - pos >= 2:
        return 0  # the surname starts a common word (信箱, 中心 …)
    surname = 2 if text[pos : pos + 2] in lex.surnames else 1 if text[pos : pos + 1] in lex.surnames else 0
    if not surname:
        return 0
    short, long = surname + 1, surname + 2
    after_short = text[pos + short : pos + short + 1]
    after_long = text[pos + long : pos + long + 1]
    if not _all_han(text, pos, pos + short):
        return 0
    if not after_short or after_short in _BOUNDARY or after_short in STRONG_FOLLOWERS:
        return short
    long_ok = _all_han(text, pos, pos + long)
    if long_ok and (not after_long or after_long in _BOUNDARY):
        return long
    if after_short in _FOLLOWERS and not _stray_follower(text, pos + short) or _predicate_after(text, pos, short, tokens):
        return short
    return long if long_ok and after_long in _FOLLOWERS else 0


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
_BOUND_FOLLOWERS = set("强表指介认告希坦透深亲参陪")


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
        return 0 if text[word[0] : end] in lex.abbreviations else end - word[0]
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


def _phrase(name: str) -> bool:
    """谈话中(总理), 纪委的(同志): a word and a particle or a locative, not a surname and a given name."""
    head = name[:2]
    return name[-1] in "的了们中里" and len(name) == 3 and rjieba.has_word(head) and word_tag(head) not in NAME_TAGS


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
        if word_end == end or word_end == start and named and title_alone:
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
        if title in lex.titles_pre and not length:
            yield from _after_title(key, text, end, title, lex, words.starts)
        if length:
            yield _mention(key, text, start - length, start, job_title=title)


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


# A note after a name in a list: （女）, （维吾尔族）, （特邀）.
_NOTE = re.compile(rf"（[{HAN_RANGES}]{{1,6}}）")


def find_listed_persons(
    key: str, text: str, lex: Lexicon, seeds: Sequence[Mention], is_place: Callable[[str], bool]
) -> list[Mention]:
    """Names listed beside a person (万国权、何鲁丽、…): every item that looks like a name.

    Lists of members and attendees name one person an item; a name found in the list
    (by a rule or by the tagger) makes its neighbours persons too, item by item, as long
    as each is a whole item of two to four Han characters after a known surname.
    """
    found: list[Mention] = []
    todo = [(m.start, m.end) for m in seeds if m.type is EntityType.PER]
    seen = set(todo)
    while todo:
        start, end = todo.pop()
        for item in (_item_before(text, start), _item_after(text, start, end)):
            if item and item not in seen and _listed_name(text[item[0] : item[1]], lex, is_place):
                seen.add(item)
                todo.append(item)
                found.append(_mention(key, text, *item, source=MentionSource.LIST))
    return found


def _item_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The next item of the list: after 、, or after 和, 及 or 与 that end a list (甲、乙和丙)."""
    note = _NOTE.match(text, end)
    pos = note.end() if note else end
    sep = text[pos : pos + 1]
    if sep != _LIST_SEP and not (sep in _LAST_SEPS and text[start - 1 : start] == _LIST_SEP):
        return None
    length = _list_item(text, pos + 1, last=True)
    return (pos + 1, pos + 1 + length) if length else None


def _item_before(text: str, start: int) -> tuple[int, int] | None:
    if text[start - 1 : start] != _LIST_SEP:
        return None
    stop = start - 1
    if text[stop - 1 : stop] == "）":
        opening = text.rfind("（", max(0, stop - 9), stop)
        if opening < 0 or not _NOTE.fullmatch(text, opening, stop):
            return None
        stop = opening
    begin = stop
    while begin > 0 and _HAN.match(text[begin - 1]) and stop - begin < 5:
        begin -= 1
    before = text[begin - 1 : begin]
    if before and (before not in _BOUNDARY or before == "·"):
        return None
    return (begin, stop) if 2 <= stop - begin <= 4 else None


def _listed_name(name: str, lex: Lexicon, is_place: Callable[[str], bool]) -> bool:
    short = len(name) <= (4 if name[:2] in lex.surnames else 3)
    return starts_with_surname(name) and short and _name_like(name) and not is_place(name)


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


def find_table_persons(key: str, text: str, table_start: int) -> Iterator[Mention]:
    """Names in a contact table: a short all-Han cell beside a telephone number."""
    if table_start < 0:
        return
    offset = table_start
    for line in text[table_start:].split("\n"):
        cells, pos = [], offset
        for cell in line.split("\t"):
            cells.append((pos, cell))
            pos += len(cell) + 1
        for i, (start, cell) in enumerate(cells):
            stripped = cell.strip()
            if not _NAME_CELL.match(stripped):
                continue
            neighbours = [c.strip() for _, c in cells[max(0, i - 1) : i + 2]]
            if any(_PHONE.match(n) for n in neighbours):
                lead = len(cell) - len(cell.lstrip())
                yield _mention(key, text, start + lead, start + lead + len(stripped), MentionSource.TABLE)
        offset += len(line) + 1


_SITE = re.compile("|".join(sorted(NAME_SITE_HEADS, key=lambda h: (-len(h), h))))  # 祠堂 before 祠
_BEFORE_SITE = set("和与及、的观览访到在往谒拜祭瞻")


def find_sites(key: str, text: str, lex: Lexicon) -> Iterator[Mention]:
    """鲁迅故居, 岳飞墓: a person's name and a site's head name a place, not the person."""
    for match in _SITE.finditer(text):
        end = match.start()
        for length in (3, 2):
            start = end - length
            if start < 0 or not _all_han(text, start, end) or text[start] not in lex.surnames:
                continue
            before = text[start - 1 : start]
            if not before or before in _BOUNDARY or before in _BEFORE_SITE:
                yield Mention(key, start, match.end(), text[start : match.end()], EntityType.LOC, MentionSource.RULE)
                break

