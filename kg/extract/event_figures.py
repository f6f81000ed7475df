"""The figures a report states of an event: the dead, the injured, the arrested, the area burnt, the sum, the magnitude.

Figures are found by a few precompiled patterns over the whole text, each number read in
Arabic or Chinese numerals (3, ３, 6.2, 三, 两, 二十七, 一百多, 十余):

* a count and its word after it (3人死亡, 9名老人死亡, 6死10伤) or before it (死亡3人,
  死亡人数达27人, 抓获犯罪嫌疑人5名, 5名犯罪嫌疑人被抓获);
* an area or a sum after its word (过火面积约200亩, 涉案金额50万元), with its unit as printed;
* a magnitude (里氏6.2级, 6.2级地震).

Each figure goes to the happening it counts (:func:`attach_figures`): the first one before it in
its sentence whose type such a figure fits (deaths to a fire, arrests to an arrest: 发生地震，一些
建筑倒塌，造成51人死亡 counts the earthquake's dead), else the nearest after it there, else the
article's latest such happening before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from kg.extract.event_args import ArticleText, Happening
from kg.lang.chars import CN_DIGITS, CN_NUMERALS, CN_ZEROS, HAN_RANGES
from kg.lang.lexicons import event_words, regex_union
from kg.model import EventFamily, EventType, Figure, FigureValue

_NUM = rf"(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?|[{CN_ZEROS}{CN_NUMERALS}两百千万]+)(?P<more>余|多)?"
_APPROX = r"(?:至少|大约|约|近|逾|超过|超|共|多达|达|将近|已|为|计){0,2}"
_COUNTER = r"(?:名|人|位|个|具)"
_EARLIER = 20  # happenings before a figure's sentence that it may still count (the story's last few)
_COUNTS = (Figure.DEATHS, Figure.INJURIES, Figure.MISSING, Figure.TRAPPED, Figure.RESCUED)


# A pattern with the words that any of its matches holds: where none of them is in the text, the
# pattern is not run (most texts count no dead and no arrests; a pattern that opens with a number
# is tried at every character, a word search is a fast scan).
_Gated = tuple[Figure, re.Pattern[str], re.Pattern[str]]


def _gated(figure: Figure, pattern: str, words: str) -> _Gated:
    """``pattern`` compiled, with ``words``: a union of words that each of its matches holds."""
    return figure, re.compile(pattern), re.compile(words)


def _count_patterns() -> list[_Gated]:
    """Counts after their number first (3人死亡), then before it (死亡3人): 5人死亡18人受伤 is not 死亡18人."""
    after, before = [], []
    suspects = regex_union(event_words("suspects"))
    persons = regex_union(event_words("figure_persons"))
    for figure in (*_COUNTS, Figure.ARRESTS):
        words = regex_union(event_words(f"figure:{figure.value}"))
        noun = f"(?:{suspects})" if figure is Figure.ARRESTS else f"[{HAN_RANGES}]{{0,4}}?"
        # 两名被困群众: a word before the persons describes those another verb counts (救出两名被困群众)
        after.append(_gated(figure, rf"{_NUM}{_COUNTER}{noun}(?:已|均)?(?:被)?(?:警方)?(?:{words})(?!{persons})", words))
        before.append(_gated(figure, rf"(?:{words})(?:了)?(?:{suspects}|人数|者)?{_APPROX}{_NUM}{_COUNTER}", words))
        short = event_words(f"figure_short:{figure.value}") if figure in (Figure.DEATHS, Figure.INJURIES) else ()
        if short:
            after.append(_gated(figure, rf"{_NUM}人?(?:{regex_union(short)})(?![者亡伤因于去])", regex_union(short)))
    return after + before


def _measure_patterns() -> list[_Gated]:
    area, amount = regex_union(event_words("figure_area")), regex_union(event_words("figure_amount"))
    magnitude, quake_after = regex_union(event_words("figure_magnitude")), regex_union(event_words("magnitude_after"))
    return [
        _gated(Figure.AREA, rf"(?:{area}){_APPROX}{_NUM}(?P<unit>{regex_union(event_words('area_units'))})", area),
        _gated(Figure.AMOUNT, rf"(?:{amount})(?:金额)?{_APPROX}{_NUM}(?P<unit>{regex_union(event_words('money_units'))})", amount),
        _gated(Figure.MAGNITUDE, rf"(?:{magnitude}){_NUM}(?P<unit>级)", magnitude),
        _gated(Figure.MAGNITUDE, rf"(?<![0-9０-９.．]){_NUM}(?P<unit>级)(?:的)?(?=(?:{quake_after}))", quake_after),
    ]


_PATTERNS = _count_patterns() + _measure_patterns()


def find_figures(text: str) -> list[FigureValue]:
    """The figures of ``text`` in text order; two patterns reading the same number keep the first."""
    found: dict[tuple[int, int], FigureValue] = {}
    for figure, pattern, words in _PATTERNS:
        if words.search(text) is None:
            continue
        for match in pattern.finditer(text):
            value = chinese_number(match.group("num"))
            if value is None:
                continue
            unit = match.groupdict().get("unit") or _unit_of(match)
            key = (match.start("num"), match.end("num"))
            if key not in found:
                found[key] = FigureValue(figure, value, unit, match.start(), match.end())
    return sorted(found.values(), key=lambda f: f.start)


def _unit_of(match: re.Match[str]) -> str:
    counter = re.search(_COUNTER, match.group(0)[match.end("num") - match.start() :])
    return "人" if counter is None or counter.group(0) in ("人", "个") else counter.group(0)


_DIGITS = {ch: i for i, ch in enumerate("零" + CN_DIGITS)} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(numeral: str) -> float | None:
    """The value of a numeral: 27, ２７, 6.2, 二十七, 两, 一百零五, 三万 (None when it is not one)."""
    ascii_form = numeral.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        return float(ascii_form)
    except ValueError:
        pass
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    value = total + section + (digit or 0)
    return float(value) if value or numeral.strip("零〇") == "" else None


# ------------------------------------------------------------------ attachment

_DISASTER_AND_VIOLENCE = frozenset(
    t for t in EventType if t.family is EventFamily.DISASTER
) | {EventType.CRIME, EventType.ASSAULT, EventType.ATTACK, EventType.RESCUE}
_FITS: dict[Figure, frozenset[EventType]] = {
    **{figure: _DISASTER_AND_VIOLENCE for figure in _COUNTS},
    Figure.ARRESTS: frozenset({EventType.ARREST}),
    Figure.AREA: frozenset({EventType.FIRE, EventType.FLOOD_STORM, EventType.EARTHQUAKE}),
    Figure.AMOUNT: frozenset({EventType.CRIME, EventType.THEFT, EventType.FRAUD, EventType.DRUGS, EventType.INVESTMENT,
                              EventType.PROJECT_START, EventType.SIGNING, EventType.CONTRACT, EventType.FIRE}),
    Figure.MAGNITUDE: frozenset({EventType.EARTHQUAKE}),
}


def attach_figures(page: ArticleText, happenings: Sequence[Happening], figures: Sequence[FigureValue]) -> None:
    """Give each figure to the happening it counts (see the module's docstring)."""
    starts = [h.start for h in happenings]
    for figure in figures:
        fits = _FITS[figure.figure]
        lo, hi = page.sentence_of(figure.start)
        first, here, last = (bisect.bisect_left(starts, x) for x in (lo, figure.start, hi))
        # the sentence's first happening that such a figure fits: 发生地震，一些建筑倒塌，造成51人死亡
        target = next((h for h in happenings[first:here] if h.type in fits), None)
        target = target or next((h for h in happenings[here:last] if h.type in fits), None)
        earlier = happenings[max(0, first - _EARLIER) : first]
        target = target or next((h for h in reversed(earlier) if h.type in fits), None)
        if target is not None and not any(f.start == figure.start for f in target.figures):
            target.figures.append(figure)


__all__ = ["attach_figures", "chinese_number", "find_figures"]
