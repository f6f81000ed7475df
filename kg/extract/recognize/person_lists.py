"""Persons in lists: names listed beside a person (甲、乙和丙) and names in contact tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from kg.extract.recognize.lexicon import Lexicon
from kg.extract.recognize.persons import _BOUNDARY, _LAST_SEPS, _LIST_SEP, _list_item, _mention, _name_like
from kg.lang.chars import HAN, HAN_RANGES
from kg.lang.person_names import starts_with_surname
from kg.model import EntityType, Mention, MentionSource

__all__ = ["find_listed_persons", "find_table_persons"]

_HAN = HAN
_PHONE = re.compile(r"^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})$")
_NAME_CELL = re.compile(rf"^[{HAN_RANGES}·]{{2,4}}$")


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
