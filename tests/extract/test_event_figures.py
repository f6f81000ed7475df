"""Figures of events: counts, areas, sums and magnitudes, in Arabic and Chinese numerals."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.event_figures import chinese_number, find_figures
from kg.model import Figure


def _figures(text: str) -> list[tuple[Figure, float, str, str]]:
    return [(f.figure, f.value, f.unit, text[f.start : f.end]) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("事故造成3人死亡、12人受伤。", [(Figure.DEATHS, 3.0), (Figure.INJURIES, 12.0)]),
        ("车祸致2死5伤。", [(Figure.DEATHS, 2.0), (Figure.INJURIES, 5.0)]),
        ("共有两名工人遇难，一人失踪。", [(Figure.DEATHS, 2.0), (Figure.MISSING, 1.0)]),
        ("死亡人数已达二十七人。", [(Figure.DEATHS, 27.0)]),
        ("十余名村民被困。", [(Figure.TRAPPED, 10.0)]),
        ("消防员救出5名被困群众。", [(Figure.RESCUED, 5.0)]),
        ("警方抓获犯罪嫌疑人6名。", [(Figure.ARRESTS, 6.0)]),
        ("3名犯罪嫌疑人被抓获。", [(Figure.ARRESTS, 3.0)]),
        ("山火过火面积约300亩。", [(Figure.AREA, 300.0)]),
        ("涉案金额达120万元。", [(Figure.AMOUNT, 120.0)]),
        ("当地发生里氏６．２级地震。", [(Figure.MAGNITUDE, 6.2)]),
        ("发生4.8级地震。", [(Figure.MAGNITUDE, 4.8)]),
    ],
)
def test_figures_found(text, expected):
    assert [(f, v) for f, v, _, _ in _figures(text)] == expected


def test_units_as_printed():
    units = [(f, u) for f, _, u, _ in _figures("过火面积约2.5公顷，直接经济损失30万元，4名伤者送医。")]
    assert units == [(Figure.AREA, "公顷"), (Figure.AMOUNT, "万元")]
    assert _figures("9名乘客死亡。")[0][2] == "名"


def test_a_count_goes_to_the_word_after_it():
    # 5人死亡18人受伤: 18 is the injured, not 死亡18人
    assert [(f, v) for f, v, _, _ in _figures("5人死亡18人受伤")] == [(Figure.DEATHS, 5.0), (Figure.INJURIES, 18.0)]


def test_no_figure_without_its_word():
    assert _figures("全市共有3人参加比赛，投票率90%。") == []
    assert _figures("两车相撞，3人伤亡。") == []  # 伤亡 counts both: no figure is guessed


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("3", 3), ("３", 3), ("6.2", 6.2), ("６．２", 6.2), ("两", 2), ("十", 10), ("十二", 12), ("二十七", 27),
     ("一百零五", 105), ("三万", 30000), ("一千二百", 1200), ("零", 0)],
)
def test_chinese_numbers(numeral, value):
    assert chinese_number(numeral) == value


def test_not_a_number():
    assert chinese_number("多") is None and chinese_number("万万x") is None


_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """A plain Chinese numeral for 0 <= n < 100000 (test oracle)."""
    if n == 0:
        return "零"
    out, zero = "", False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=99999))
def test_property_chinese_numerals_read_back(n):
    assert chinese_number(_to_chinese(n)) == n
    assert chinese_number(str(n)) == n


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["造成", "3人", "死亡", "受伤", "两名", "遇难", "过火面积", "约", "200亩", "，", "。", "抓获", "5名",
                         "犯罪嫌疑人", "里氏", "6.1级", "地震", "涉案金额", "50万元", "十余人", "被困"]),
        max_size=12,
    ).map("".join)
)
def test_property_figure_spans_hold_their_numbers(text):
    for figure in find_figures(text):
        span = text[figure.start : figure.end]
        assert 0 <= figure.start < figure.end <= len(text)
        assert re.search(r"[0-9０-９零〇一二两三四五六七八九十百千万]", span)
        assert figure.value >= 0 and figure.unit


_FIGURE_WORDS = st.lists(
    st.sampled_from(["造成", "3人", "死亡", "受伤", "两名", "遇难", "过火面积", "约", "200亩", "，", "抓获", "5名", "犯罪嫌疑人",
                     "里氏", "6.1级", "的", "地震", "涉案金额", "50万元", "十余人", "被困", "失踪", "获救", "3死", "2伤", "被"]),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_FIGURE_WORDS)
def test_property_a_pattern_is_skipped_only_where_it_cannot_match(text):
    """A pattern runs only where its words are in the text: each of its matches holds one of them."""
    from kg.extract.event_figures import _PATTERNS

    for _figure, pattern, words in _PATTERNS:
        for match in pattern.finditer(text):
            # a lookahead's words (6.1级地震) follow the match: look from its start to the text's end
            assert words.search(text, match.start()) is not None, (pattern.pattern[:40], text)


def test_every_kind_of_figure_is_found_past_its_gate():
    text = "大火造成3人死亡、2人受伤，过火面积约200亩；警方抓获犯罪嫌疑人5名，涉案金额50万元。里氏6.1级地震。"
    assert [f.figure for f in find_figures(text)] == [
        Figure.DEATHS, Figure.INJURIES, Figure.AREA, Figure.ARRESTS, Figure.AMOUNT, Figure.MAGNITUDE,
    ]
