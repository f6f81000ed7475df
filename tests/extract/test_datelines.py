"""The dateline as data: its place, its date and its source, from the records the reading stage gives."""

from __future__ import annotations

import pytest

import kg
from kg.extract.datelines import dateline_created, dateline_date, is_own_outlet
from kg.model import Dateline, EntityKey, EntityType, PageMeta

LOC, ORG = EntityType.LOC, EntityType.ORG


def _meta(date: str | None = "2023-04-26", paper: str | None = "测试报", **homes: str) -> PageMeta:
    return PageMeta(source="t.txt", paper=paper, date=date, page_id="1", **homes)


def _dateline(text: str, agency: str | None, place: str | None = None, date: str | None = None) -> Dateline:
    return Dateline(text=text, agency=agency, place=place, date_text=date)


def test_a_wire_dateline_gives_place_date_and_agency() -> None:
    created = dateline_created(_dateline("新华社杭州4月25日电", "新华社", "杭州", "4月25日"), meta=_meta())
    assert created is not None and created.place is not None
    assert created.place.key == EntityKey.of(LOC, "330100")
    assert (created.place.name, created.place.code, created.place.aliases) == ("杭州市", "330100", ("杭州",))
    assert created.place.parent == EntityKey.of(LOC, "330000")
    assert [e.name for e in created.within] == ["浙江省"]  # containedInPlace leads to a node
    assert created.date == "2023-04-25"
    [agency] = created.sources
    assert agency.key == EntityKey.of(ORG, "新华通讯社")
    assert (agency.type, agency.name, agency.aliases) == (ORG, "新华通讯社", ("新华社",))


@pytest.mark.parametrize(
    ("outlet", "name", "aliases"),
    [
        ("中新社", "中国新闻社", ("中新社",)),  # the national-bodies lexicon knows it
        ("人民网", "人民网", ()),  # else the outlet as printed
        ("青岚晚报", "青岚晚报", ()),  # another paper's copy
    ],
)
def test_another_outlet_is_the_source(outlet: str, name: str, aliases: tuple[str, ...]) -> None:
    created = dateline_created(_dateline(f"{outlet}讯", outlet), meta=_meta())
    assert created is not None and (created.place, created.date) == (None, None)
    assert [(s.key, s.name, s.aliases) for s in created.sources] == [(EntityKey.of(ORG, name), name, aliases)]


@pytest.mark.parametrize("outlet", ["本报", "本台", "本网", "测试报"])
def test_the_papers_own_copy_has_no_source(outlet: str) -> None:
    assert is_own_outlet(outlet, paper="测试报")
    assert dateline_created(_dateline(f"{outlet}讯", outlet), meta=_meta(paper="测试报")) is None


def test_own_copy_with_a_place_has_the_place_only() -> None:
    created = dateline_created(_dateline("本报北京讯", "本报", "北京"), meta=_meta())
    assert created is not None
    assert created.place is not None and created.place.key == EntityKey.of(LOC, "110000")
    assert (created.date, created.sources) == (None, ())


def test_a_foreign_city_and_an_unknown_place_are_kept_by_name() -> None:
    for place in ("华盛顿", "青岚湾"):
        created = dateline_created(_dateline(f"新华社{place}4月24日电", "新华社", place, "4月24日"), meta=_meta())
        assert created is not None and created.place is not None
        assert created.place.key == EntityKey.of(LOC, place)
        assert (created.place.name, created.place.code, created.within) == (place, None, ())
        assert created.date == "2023-04-24"


def test_a_township_of_the_home_city_is_keyed_under_its_county() -> None:
    meta = _meta(paper="襄阳日报", home_city="襄阳市", province="湖北省")
    created = dateline_created(_dateline("本报后坪讯", "本报", "后坪"), meta=meta)
    assert created is not None and created.place is not None
    assert created.place.key == EntityKey.of(LOC, "420626", "后坪镇")  # 保康县's
    assert {e.name for e in created.within} == {"保康县", "襄阳市", "湖北省"}


@pytest.mark.parametrize(
    ("text", "issue", "expected"),
    [
        ("4月25日", "2023-04-26", "2023-04-25"),
        ("12月31日", "2024-01-02", "2023-12-31"),  # across the year boundary
        ("31日", "2024-01-02", "2023-12-31"),  # a bare day: the month before
        ("1月5日", "2024-01-02", "2023-01-05"),  # never after the issue: copy is written first
        ("四月二十五日", "2023-04-26", "2023-04-25"),
        ("2月29日", "2025-02-27", None),  # no such day in the year before
        ("4月25日", None, None),  # no issue date: kg never guesses the year
        ("2022年4月25日", None, "2022-04-25"),
    ],
)
def test_the_date_is_normalized_against_the_issue_date(text: str, issue: str | None, expected: str | None) -> None:
    assert dateline_date(text, issue_date=issue) == expected


def test_relative_dates_count_from_the_datelines_date() -> None:
    page = "青岚区召开经济工作会议\n\n新华社武汉1月7日电（记者 甄明远）昨天，青岚区召开经济工作会议。\n"
    [article] = kg.extract(page, paper="测试报", date="2023-01-09", use_tagger=False).result.articles
    assert article.created is not None and article.created.date == "2023-01-07"
    [event] = [e for e in article.events if e.name == "经济工作会议"]
    assert event.time is not None and event.time.start == "2023-01-06"  # not 2023-01-08, the issue's 昨天
    own = page.replace("新华社武汉1月7日电", "本报讯")
    [article] = kg.extract(own, paper="测试报", date="2023-01-09", use_tagger=False).result.articles
    assert article.created is None
    assert [e.time.start for e in article.events if e.time] == ["2023-01-08"]


def test_the_dateline_place_and_a_mention_of_it_are_one_entity() -> None:
    page = "青岚读书会开幕\n\n新华社杭州4月25日电（记者 甄明远）杭州青岚读书会24日开幕，杭州市民踊跃参加。\n"
    [article] = kg.extract(page, paper="测试报", date="2023-04-26", use_tagger=False).result.articles
    assert article.created is not None and article.created.place is not None
    mentioned = {m.entity for m in article.mentions if m.type is LOC}
    assert article.created.place.key in mentioned


def test_yesterday_is_the_day_before_the_anchor_date() -> None:
    from kg.extract.timex import find_times

    found = find_times("昨天，青岚区召开会议；昨日黄花不是日期。", issue_date="2023-01-07")
    assert [(t.text, t.start, t.granularity) for t in found] == [("昨天", "2023-01-06", "day")]
    assert find_times("昨日，青岚区召开会议。", issue_date=None) == []  # no anchor: never guessed


def test_every_word_an_outlet_uses_for_itself_is_the_paper_s_own_copy():
    """本站讯 is the site's own story, as 本报讯 is the paper's: no source organization."""
    from kg.extract.datelines import is_own_outlet
    from kg.lang.lexicons import byline_words

    assert "本站" in byline_words("own")
    assert all(is_own_outlet(word, paper="青岚日报") for word in byline_words("own"))
    assert not is_own_outlet("新华社", paper="青岚日报") and is_own_outlet("青岚日报", paper="青岚日报")
