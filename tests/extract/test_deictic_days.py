"""Relative days of reports (今日, 昨晚, 前天, 当天), dated against the story's date."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.deictic_days import deictic_times
from kg.extract.timex import find_times


def _days(text: str, *, anchor: str | None = "2023-03-10", dateline: str | None = None) -> list[tuple[str, str]]:
    times = deictic_times(text, find_times(text, issue_date=anchor), anchor=anchor, dateline_date=dateline)
    return [(t.text, t.start) for t in times]


def test_today_yesterday_and_the_day_before():
    assert _days("今日上午，市区发生一起车祸。") == [("今日", "2023-03-10")]
    assert _days("昨晚8时许，一辆货车侧翻。") == [("昨晚", "2023-03-09")]
    assert _days("前天下午，村里发生火灾。") == [("前天", "2023-03-08")]
    assert _days("今天上午9时，会议开幕。") == [("今天", "2023-03-10")]


def test_bare_today_is_nowadays_not_a_date():
    assert _days("今天的城市，处处是高楼。") == []


def test_same_day_takes_the_last_date_printed_before():
    text = "官员5月27日表示，该省当天早些时候发生地震。"
    assert _days(text) == [("5月27日", "2023-05-27"), ("当天", "2023-05-27")]


def test_same_day_falls_back_on_the_dateline_only():
    assert _days("该国当天发生强烈地震。") == []
    assert _days("该国当天发生强烈地震。", dateline="2023-06-15") == [("当天", "2023-06-15")]


def test_no_anchor_no_date():
    assert _days("昨晚，一处仓库起火。", anchor=None) == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("今日天晚昨前当同上午8时发生火灾，。3月5日")), max_size=50))
def test_property_spans_point_into_text_in_order(text):
    times = deictic_times(text, find_times(text, issue_date="2023-03-10"), anchor="2023-03-10", dateline_date=None)
    assert [t.offset for t in times] == sorted(t.offset for t in times)
    for span in times:
        assert text[span.offset : span.offset + len(span.text)] == span.text
        assert span.granularity in ("day", "month", "year") and span.start <= span.end
