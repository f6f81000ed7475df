"""High-precision person rules: title + name, name + title, name lists, contact tables."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import rjieba

from kg.model import EntityType, Mention
from kg.recognize.lexicon import Lexicon
from kg.recognize.words import WordIndex

_HAN = re.compile(r"[\u4e00-\u9fff]")
_BOUNDARY = set("，。、；：！？“”‘’（）()《》〈〉【】 \t\n,.;:!?\"'…—-·/+＋|｜「」『』")
# Characters that start the word after a name (在, 说, 表示, 主持, 出席 …).
_FOLLOWERS = set("在说表主出等和与的也是为指介强称同一对向从到带率作讲提认告希要将已曾还都又就则却并及以陪会参致发看了着过走来去等代讲透坦面深亲接先正现首再")
_PHONE = re.compile(r"^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})$")
_NAME_CELL = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_LIST_SEP = "、"


# Words before a name that say who someone is for the story, not what their job is.
_NOT_JOBS = {"代表", "游客", "村民", "居民", "市民", "学生", "志愿者", "同志", "烈士", "选手", "队员", "工人", "农民", "群众", "先生", "女士", "老人", "一家"}


def _mention(key: str, text: str, start: int, end: int, source: str = "rule", **attrs: str | None) -> Mention:
    if attrs.get("job_title") in _NOT_JOBS:
        attrs["job_title"] = None
    return Mention(key, start, end, text[start:end], EntityType.PER, source, **attrs)


_HONORIFICS = ("先生", "女士", "老师", "同志", "师傅", "大爷", "大妈", "阿姨", "老人")
_NAME_TAGS = {"nr", "nrfg", "nrt"}


# Characters that are surnames but far more often words (和, 都, 时 …): a name after a
# title must not start with one.
_WEAK_SURNAMES = set("和都时来国全区曾应富荣白党卫项宣及同向成从相於")
# Words that end a clause right after a name (X说, X为, X等): the name stops before them.
_STRONG_FOLLOWERS = set("说为等以在和与是的也曾将已都就又")


def name_after(text: str, pos: int, lex: Lexicon, tokens: dict[int, tuple[int, str]]) -> int:
    """Length of a person's name starting at ``pos`` (0 when none starts there)."""
    if text[pos : pos + 1] in _WEAK_SURNAMES:
        return 0
    length = _name_after(text, pos, lex, tokens)
    if length == 3 and text[pos + 2] == "摄":
        length = 2  # 记者李刚摄: a photo credit
    if length and text[pos + 1 : pos + length] in _HONORIFICS:
        return 0  # 王先生: a form of address, not a name
    return length


def _name_after(text: str, pos: int, lex: Lexicon, tokens: dict[int, tuple[int, str]]) -> int:
    word = tokens.get(pos)
    if word and word[1] in _NAME_TAGS and 2 <= word[0] - pos <= 4 and text[pos] in lex.surnames:
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
    if not after_short or after_short in _BOUNDARY or after_short in _STRONG_FOLLOWERS:
        return short
    long_ok = _all_han(text, pos, pos + long)
    if long_ok and (not after_long or after_long in _BOUNDARY):
        return long
    if after_short in _FOLLOWERS:
        return short
    return long if long_ok and after_long in _FOLLOWERS else 0


def _all_han(text: str, start: int, end: int) -> bool:
    return end <= len(text) and all(_HAN.match(ch) for ch in text[start:end])


def name_before(text: str, end: int, lex: Lexicon, ends: dict[int, tuple[int, str]]) -> int:
    """Length of a person's name ending at ``end`` (0 when none ends there)."""
    word = ends.get(end)
    if word and word[1] in _NAME_TAGS and 2 <= end - word[0] <= 4:
        return end - word[0]
    if word and end - word[0] >= 2:
        return 0  # a common word ends here (公安部部长 …)
    for length in (3, 2):
        start = end - length
        if start < 0 or not _all_han(text, start, end):
            continue
        surname = text[start : start + 2] in lex.surnames or text[start] in lex.surnames
        before = text[start - 1 : start]
        if surname and (not before or before in _BOUNDARY):
            return length
    return 0


def find_titled_persons(
    key: str,
    text: str,
    lex: Lexicon,
    words: WordIndex,
    titles: Sequence[tuple[int, int, str]],
) -> Iterator[Mention]:
    """Names printed right after a title (院长X, 代表A、B、C) or right before one (X书记)."""
    for start, end, title in titles:
        if title in lex.titles_pre:
            yield from _after_title(key, text, end, title, lex, words.starts)
        if title in lex.titles_post:
            length = name_before(text, start, lex, words.ends)
            if length:
                yield _mention(key, text, start - length, start, job_title=title)


def _after_title(key: str, text: str, pos: int, title: str, lex: Lexicon, tokens: dict[int, tuple[int, str]]) -> Iterator[Mention]:
    length = name_after(text, pos, lex, tokens)
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


def _list_item(text: str, pos: int) -> int:
    for length in (3, 2, 4):
        if _all_han(text, pos, pos + length):
            after = text[pos + length : pos + length + 1]
            if not after or after in _BOUNDARY or after in "等和及":
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
                yield _mention(key, text, start + lead, start + lead + len(stripped), "table")
        offset += len(line) + 1


_SITE_HEADS = ("故居", "旧居", "祠堂", "祠", "陵园", "墓", "纪念馆", "纪念堂", "书院")
_SITE = re.compile("|".join(_SITE_HEADS))
_BEFORE_SITE = set("和与及、的观览访到在往谒拜祭瞻")


def find_sites(key: str, text: str, lex: Lexicon) -> Iterator[Mention]:
    """张居正故居, 关羽祠: a person's name and a site's head name a place, not the person."""
    for match in _SITE.finditer(text):
        end = match.start()
        for length in (3, 2):
            start = end - length
            if start < 0 or not _all_han(text, start, end) or text[start] not in lex.surnames:
                continue
            before = text[start - 1 : start]
            if not before or before in _BOUNDARY or before in _BEFORE_SITE:
                yield Mention(key, start, match.end(), text[start : match.end()], EntityType.LOC, "rule")
                break
