"""Time expressions: finding them, and normalizing them against the issue date."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import jionlp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import timex
from kg.extract.timex import find_times, holiday_time
from tests.conftest import ROOT, assert_lookahead_keeps_matches

ISSUE = "2023-01-09"


def _one(text: str, issue_date: str | None = ISSUE):
    spans = find_times(text, issue_date=issue_date)
    assert len(spans) == 1, spans
    return spans[0]


def _base(date: str) -> float:
    return time.mktime(time.strptime(date, "%Y-%m-%d"))


def test_last_year_day():
    span = _one("去年11月30日凌晨，公安县一民房后院的菜园里")
    assert (span.start, span.end, span.granularity, span.text, span.offset) == (
        "2022-11-30", "2022-11-30", "day", "去年11月30日", 0,
    )


def test_bare_day_span_is_a_span_not_a_duration():
    # The jionlp quirk find_times works around: a bare day span is read as a duration.
    assert jionlp.parse_time("7日至8日", time_base=_base(ISSUE))["type"] == "time_delta"
    span = _one("中央政法工作会议7日至8日在北京召开。")
    assert (span.start, span.end, span.granularity, span.text, span.offset) == (
        "2023-01-07", "2023-01-08", "day", "7日至8日", 8,
    )


@pytest.mark.parametrize("text", ["1月7日至8日", "7-8日", "7日-8日", "7至8日"])
def test_day_span_forms(text):
    span = _one(text)
    assert (span.start, span.end, span.granularity, span.text) == ("2023-01-07", "2023-01-08", "day", text)


def test_deictic_words_are_not_resolved():
    with pytest.raises(ValueError):
        jionlp.parse_time("近日", time_base=_base(ISSUE))
    assert find_times("近日，湖北省评选结果出炉。日前，当天，近期", issue_date=ISSUE) == []


def test_month_keeps_month_precision():
    span = _one("去年7月，荆州市公安局开通“局长信箱”")
    assert (span.start, span.end, span.granularity) == ("2022-07-01", "2022-07-31", "month")


def test_year_keeps_year_precision():
    span = _one("2022年，共有49个集体立功受奖")
    assert (span.start, span.end, span.granularity) == ("2022-01-01", "2022-12-31", "year")


def test_month_range_is_parsed_by_its_ends():
    # jionlp reads 2023年1月至3月 as January alone; the range must cover three months.
    span = _one("2023年1月至3月")
    assert (span.start, span.end, span.granularity) == ("2023-01-01", "2023-03-31", "month")
    span = _one("2023-2025年")
    assert (span.start, span.end, span.granularity) == ("2023-01-01", "2025-12-31", "year")


def test_without_issue_date_only_absolute_expressions_resolve():
    text = "去年11月30日，今年，7日至8日，近日，1月5日，考试时间为2023年5月20-21日。"
    spans = find_times(text, issue_date=None)
    assert [(s.text, s.start, s.end) for s in spans] == [("2023年5月20-21日", "2023-05-20", "2023-05-21")]


def test_same_year_refers_to_previous_expression():
    spans = find_times("去年11月30日凌晨被盗，于当年12月4日抓获2名犯罪嫌疑人。", issue_date=ISSUE)
    assert [(s.text, s.start) for s in spans] == [("去年11月30日", "2022-11-30"), ("当年12月4日", "2022-12-04")]


def test_month_day_without_year_takes_the_nearest_occurrence():
    assert _one("12月31日", issue_date="1998-01-01").start == "1997-12-31"
    assert _one("1月5日", issue_date="2023-12-20").start == "2024-01-05"
    assert _one("1月5日").start == "2023-01-05"
    assert _one("30日", issue_date="2023-02-02").start == "2023-01-30"


def test_fullwidth_and_chinese_numerals():
    span = _one("新华社北京１２月３１日电")
    assert (span.start, span.text, span.offset) == ("2022-12-31", "１２月３１日", 5)
    assert _one("一九九八年一月五日", issue_date=None).start == "1998-01-05"


def test_fullwidth_hyphen_and_tilde_read_as_ascii():
    """A full-width ISO date and range keep their printed text and offset."""
    span = _one("于２０２２－１２－３０发布")
    assert (span.start, span.text, span.offset) == ("2022-12-30", "２０２２－１２－３０", 1)
    span = _one("１２月３０日～３１日")
    assert (span.start, span.end, span.text) == ("2022-12-30", "2022-12-31", "１２月３０日～３１日")


@pytest.mark.parametrize("text", ["30日内办结", "近3日", "荆州区拥军16号", "3日游", "前4年平均上升", "8年连降", "1990年代"])
def test_durations_and_numbers_are_not_dates(text):
    assert find_times(text, issue_date=ISSUE) == []


def test_holiday_time():
    assert holiday_time("元旦", offset=3, issue_date=ISSUE, rule="01-01").start == "2023-01-01"
    assert holiday_time("春节", offset=0, issue_date=ISSUE, rule="春节").start == "2023-01-22"
    assert holiday_time("春节", offset=0, issue_date=None, rule="春节", year=1998).start == "1998-01-28"
    assert holiday_time("春节", offset=0, issue_date=None, rule="春节") is None


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789０１年月日号至到-—~去今明当近前后第一二十〇元旦春节，。 ")) , max_size=40)
    | st.text(max_size=60),
    st.sampled_from([None, "2023-01-09", "1998-12-31", "2024-02-29"]),
)
def test_property_spans_point_into_text(text, issue_date):
    for span in find_times(text, issue_date=issue_date):
        assert text[span.offset : span.offset + len(span.text)] == span.text
        assert span.start <= span.end
        assert span.granularity in ("day", "month", "year")


def _jionlp_dates(string: str, base: str | None) -> tuple[str, str] | None:
    """What kg keeps of ``jionlp.parse_time``'s reading (see timex._jio)."""
    try:
        result = jionlp.parse_time(string, time_base=_base(base or "2000-01-01"))
    except Exception:  # noqa: BLE001 - jionlp's way of saying "no date"
        return None
    if result["type"] not in ("time_point", "time_span") or result["definition"] != "accurate":
        return None
    return result["time"][0][:10], result["time"][1][:10]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1000", "1582", "1900", "1999", "2000", "2023", "2024", "2100", "2999", "去", "今", "明", "前"]),
    st.sampled_from(["", "0", "1", "01", "2", "02", "9", "12", "13"]),
    st.sampled_from(["", "0", "1", "09", "28", "29", "30", "31", "32"]),
    st.sampled_from([None, "2023-01-09", "2024-02-29", "2023-03-31", "2000-12-31"]),
)
def test_plain_dates_are_read_as_jionlp_reads_them(year: str, month: str, day: str, base: str | None):
    """The dates kg reads without jionlp (2023年, 去年7月, 2023年1月9日, 昨日) are jionlp's to the day."""
    string = f"{year}年" + (f"{month}月" + (f"{day}日" if day else "") if month else "")
    plain = timex._plain_date(string, base)
    if plain is not None:
        assert plain == _jionlp_dates(string, base)
    if month in ("1", "01", "12") and day in ("", "1", "09", "28"):
        assert plain is not None  # the common forms never need jionlp
    assert timex._plain_date("昨日", base) == _jionlp_dates("昨日", base)


def test_the_time_parser_loads_without_the_rest_of_jionlp():
    """Parsing a time imports jionlp's time parser alone: not numpy, requests, jiojio or their banners."""
    code = (
        "import json, sys\n"
        "from kg.extract.timex import holiday_time, find_times\n"
        "spans = find_times('2023年5月20-21日，春节前后，五月中旬', issue_date='2023-01-09')\n"
        "spring = holiday_time('春节', offset=0, issue_date='2023-01-09', rule='春节')\n"
        "heavy = ('requests', 'numpy', 'jiojio', 'urllib3', 'jionlp', 'jionlp.gadget', 'jionlp.textaug')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "import jionlp  # the whole package still imports after the part\n"
        "whole = jionlp.parse_time('2023年春节', time_base=0)['time'][0][:10]\n"
        "print(json.dumps([loaded, [s.start for s in spans], spring.start, whole]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded, starts, spring, whole = json.loads(done.stdout.splitlines()[-1])
    assert loaded == []
    assert starts == ["2023-05-20", "2023-05-01"] and spring == whole == "2023-01-22"  # 五月: by jionlp


_DATE_PARTS = st.lists(
    st.sampled_from(["2023", "1998", "年", "5", "12", "3", "31", "月", "份", "日", "号", "-", "—", "至", "到", "~", "去", "今", "明",
                     "前", "当", "同", "昨", "天", "一", "二", "十", "〇", "九", "零", "第", "每", "以内", "后", "的", "，", "会议"]),
    max_size=10,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_DATE_PARTS)
def test_property_the_opening_characters_admit_every_candidate(text: str) -> None:
    """The candidates' opening characters, said up front for speed, leave out no match of the full pattern."""
    assert_lookahead_keeps_matches(timex._CANDIDATE, timex._OPENS, text)
