"""Named events: detection on the sample page, attributes, and identity across a build."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.event_resolution import resolve_events
from kg.extract.events import detect_events
from kg.extract.resolve import entity_key
from kg.model import (
    Article,
    ArticleKind,
    EntityType,
    EventKey,
    EventType,
    Mention,
    PageMeta,
)
from kg.read.ingest import read_pages
from kg.read.segment import segment_page
from tests.conftest import ROOT, assert_lookahead_keeps_matches

PAGE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"


@pytest.fixture(scope="module")
def articles() -> tuple[Article, ...]:
    pages = [p for p in read_pages([PAGE]) if not hasattr(p, "code")]
    assert len(pages) == 1 and pages[0].meta.date == "2023-01-09"
    return segment_page(pages[0])


def _article(articles, snippet: str) -> Article:
    found = [a for a in articles if snippet in a.text]
    assert found, snippet
    return found[0]


def _mention(article: Article, surface: str, kind: EntityType) -> Mention:
    start = article.text.find(surface)
    assert start >= 0, surface
    mention = Mention(article.key, start, start + len(surface), surface, kind)
    return dataclasses.replace(mention, entity=entity_key(mention))  # as resolution leaves it


def _by_name(events, name):
    found = [e for e in events if e.name == name]
    assert found, (name, [e.name for e in events])
    return found[0]


def _make(text: str, *, date: str | None = "2023-01-09", key: str = "a") -> Article:
    meta = PageMeta(source="test", paper="测试报", date=date)
    return Article(key=key, meta=meta, kind=ArticleKind.ARTICLE, headline=None, text=text)


# ------------------------------------------------------------------ sample page


def test_central_meeting_date_place_and_participants(articles):
    article = _article(articles, "中央政法工作会议7日至8日")
    names = ["北京", "陈文清", "中央政法委", "王小洪", "最高人民法院", "周强", "最高人民检察院", "张军"]
    loc, per, org = EntityType.LOC, EntityType.PER, EntityType.ORG
    kinds = [loc, per, org, per, org, per, org, per]
    mentions = [_mention(article, n, k) for n, k in zip(names, kinds)]
    meeting = _by_name(detect_events(article, mentions), "中央政法工作会议")
    assert meeting.event_type is EventType.MEETING
    assert (meeting.time.start, meeting.time.end, meeting.time.text) == ("2023-01-07", "2023-01-08", "7日至8日")
    assert mentions[meeting.place].text == "北京"
    roles = {(mentions[i].text, role) for i, role in meeting.participants}
    assert {("王小洪", "chaired"), ("周强", "attended"), ("张军", "attended"), ("陈文清", "spoke")} <= roles
    assert not any(mentions[i].type is EntityType.ORG for i, _ in meeting.participants)
    cited = _by_name(detect_events(article, mentions), "党的二十大")  # 贯彻党的二十大精神
    assert cited.time is None and cited.participants == ()


def test_spring_travel_season_first_day(articles):
    article = _article(articles, "春运首日")
    events = [e for e in detect_events(article, ()) if e.name == "春运"]
    assert events[0].event_type is EventType.HOLIDAY
    assert (events[0].time.start, events[0].time.granularity) == ("2023-01-07", "day")
    assert all(e.time is None for e in events[1:])  # later sentences print no date


def test_book_donation_activity_at_community(articles):
    article = _article(articles, "赠书活动走进")
    mentions = [_mention(article, n, EntityType.LOC) for n in ("荆州区", "东城街道", "南门社区")]
    event = detect_events(article, mentions)[0]
    assert event.name.endswith("”赠书活动") and event.name.startswith("“走基层")
    assert event.event_type is EventType.ACTIVITY
    assert article.text[event.start : event.end].endswith("赠书活动")
    assert event.time.start == "2023-01-07"
    assert mentions[event.place].text == "南门社区"


def test_selection_organizer_resolved_through_anaphor(articles):
    article = _article(articles, "此次评选活动由省住建厅组织")
    mentions = [_mention(article, "省住建厅", EntityType.ORG), _mention(article, "省风景园林学会", EntityType.ORG)]
    events = detect_events(article, mentions)
    assert [e.name for e in events] == ["最美口袋公园评选"]  # 此次评选 is no event of its own
    assert events[0].event_type is EventType.SELECTION
    assert 0 in events[0].organizers


def test_police_report_names_eight_campaigns(articles):
    article = _article(articles, "缉枪治爆")
    events = detect_events(article, ())
    campaigns = {e.name for e in events if e.event_type is EventType.CAMPAIGN}
    expected = {
        "雷火行动", "找堵防行动", "严打整治百日行动", "百日攻坚行动", "清源行动",
        "雷火-剥茧集中会战", "酒色财气专项治理", "赛马工程",
    }
    assert expected <= campaigns
    assert "千警进千企活动" in {e.name for e in events if e.event_type is EventType.ACTIVITY}
    for event in events:
        surface = article.text[event.start : event.end]
        assert surface.strip("“”\"「」") and "“" not in event.name.replace("“走", "")


def test_sample_page_has_many_named_events(articles):
    names = {e.name for a in articles for e in detect_events(a, ())}
    assert len(names) >= 13
    assert {"中央政法工作会议", "科技创新三年行动", "春运", "元旦", "全国公安系统英雄模范立功集体表彰大会"} <= names
    # the 行动方案 inside the document title 《…》 is no event, the 三年行动 launched is
    tech = _article(articles, "科技创新三年行动方案")
    (event,) = detect_events(tech, ())
    assert event.time.granularity == "year" and event.time.start == "2023-01-01"


def test_no_date_when_the_clause_has_none(articles):
    article = _article(articles, "缉枪治爆")
    events = {e.name: e for e in detect_events(article, ())}
    assert events["清源行动"].time is None
    assert events["百日攻坚行动"].time is None
    assert events["雷火行动"].time.start == "2022-01-01"  # 2022年, earlier in the same sentence


def _recognized(article: Article):
    from kg.extract.recognize import recognize_mentions
    from kg.extract.resolve import resolve_mentions

    return resolve_mentions(recognize_mentions(article, use_tagger=True), meta=article.meta, text=article.text)


def test_sample_page_crime_and_the_arrest_that_followed(articles):
    article = _article(articles, "被撬开的保险柜")
    mentions = _recognized(article)
    events = detect_events(article, mentions)
    thefts = [e for e in events if e.event_type is EventType.THEFT]
    arrests = [e for e in events if e.event_type is EventType.ARREST]
    assert thefts and arrests and not any(e.named for e in thefts + arrests)
    theft = thefts[0]  # told in the sentence after its date and place
    assert (theft.time.start, theft.time.granularity) == ("2022-11-30", "day")
    assert mentions[theft.place].text == "夹竹园镇"
    arrest = arrests[0]
    assert (arrest.time.start, arrest.time.granularity) == ("2022-12-04", "day")
    assert [(f.figure.value, f.value) for f in arrest.figures] == [("arrests", 2.0)]
    assert ("公安县公安局", "authority") in {(mentions[i].text, role) for i, role in arrest.participants}
    assert EventType.TRAFFIC_ACCIDENT not in {e.event_type for e in events}  # 亡人交通事故数 is a statistic


def test_sample_page_commendations_and_visits(articles):
    police = _article(articles, "立功受奖")
    awards = [e for e in detect_events(police, _recognized(police)) if e.event_type is EventType.AWARD]
    assert {police.text[e.start : e.end] for e in awards} >= {"立功受奖", "受到表彰"}
    assert all(e.time.start == "2022-01-01" and e.time.granularity == "year" for e in awards)
    tourism = _article(articles, "参观江汉明珠")
    visits = [e for e in detect_events(tourism, _recognized(tourism)) if e.event_type is EventType.ACTIVITY]
    assert visits and visits[0].time.start == "2023-01-05"


def test_sample_page_main_events(articles):
    mains = {a.headline: [e for e in detect_events(a, _recognized(a)) if e.main] for a in articles}
    assert all(len(found) <= 1 for found in mains.values())
    assert mains["荆州经开区启动科技创新三年行动"][0].name == "科技创新三年行动"
    assert mains["市作协赠书活动走进南门社区"][0].event_type is EventType.ACTIVITY
    assert mains[None][0].name == "中央政法工作会议"  # no headline: the lead's first event
    assert mains["我市7座公园获评湖北“最美口袋公园”"][0].event_type in (EventType.AWARD, EventType.SELECTION)


# ------------------------------------------------------------------ synthetic text


@pytest.mark.parametrize(
    "text",
    [
        "会议要求，各地要认真抓好落实。",
        "此次评选活动吸引了众多市民参与。",
        "该活动由市文联主办。这次会议十分重要。",
        "工作会议开得很好，大家要行动起来。",
        "我们要以实际行动践行初心，开展专项行动。",
        "记者参加了考试，也参加了评选。",
        "《全市科技创新三年行动方案》印发。",
    ],
)
def test_generic_nouns_are_not_events(text):
    assert detect_events(_make(text), ()) == ()


def test_coordinated_quotes_share_the_head():
    events = detect_events(_make("全市以“春风”“护苗”行动为抓手，开展“平安校园”创建活动。"), ())
    assert [(e.name, e.event_type) for e in events] == [
        ("春风行动", EventType.CAMPAIGN),
        ("护苗行动", EventType.CAMPAIGN),
        ("平安校园创建活动", EventType.ACTIVITY),
    ]


def test_no_issue_date_leaves_relative_dates_unresolved():
    text = "全省教育工作会议7日至8日在武汉召开。“春风行动”将于2023年5月20-21日举行。元旦假期以来游客增多。"
    events = {e.name: e for e in detect_events(_make(text, date=None), ())}
    assert events["全省教育工作会议"].time is None
    assert events["元旦"].time is None
    assert (events["春风行动"].time.start, events["春风行动"].time.end) == ("2023-05-20", "2023-05-21")


def test_place_organizer_and_participants_from_cues():
    text = "1月5日，在武汉召开的全省教育工作会议由省教育厅主办。省长李明出席会议并讲话，张华主持。"
    article = _make(text)
    names = [("武汉", EntityType.LOC), ("省教育厅", EntityType.ORG), ("李明", EntityType.PER), ("张华", EntityType.PER)]
    mentions = [_mention(article, n, k) for n, k in names]
    (event,) = detect_events(article, mentions)
    assert (event.name, event.time.start) == ("全省教育工作会议", "2023-01-05")
    assert event.place == 0 and event.organizers == (1,)
    assert set(event.participants) == {(2, "attended"), (2, "spoke"), (3, "chaired")}


def test_holiday_in_a_given_year():
    (event,) = detect_events(_make("1998年春节期间，全市供应充足。", date=None), ())
    assert (event.name, event.time.start) == ("春节", "1998-01-28")


# ------------------------------------------------------------------ identity


def _result(text: str, date: str, key: str, places: tuple[str, ...] = ()):
    article = _make(text, date=date, key=key)
    mentions = [_mention(article, p, EntityType.LOC) for p in places]
    return article, mentions, detect_events(article, mentions)


def test_identity_across_articles_and_issues():
    first = _result("1月7日春运首日，全市运送旅客5万人次。", "2023-01-09", "p1")
    second = _result("春运期间，市运管局加强安全监管。", "2023-01-12", "p2")
    meeting = _result("全省教育工作会议7日至8日在武汉召开。", "2023-01-09", "p1b", ("武汉",))
    again = _result("全省教育工作会议在武汉闭幕。", "2023-01-10", "p4", ("武汉",))
    events, keys = resolve_events([first, second, meeting, again])
    by_key = {str(e.key): e for e in events}
    assert set(by_key) == {"春运/2023-01-07", "全省教育工作会议/2023-01-07"}
    assert by_key["春运/2023-01-07"].articles == ("p1", "p2")  # the undated one joins the only dated
    held = by_key["全省教育工作会议/2023-01-07"]
    assert (held.start, held.end, held.granularity) == ("2023-01-07", "2023-01-08", "day")
    assert held.place == meeting[1][0].entity and str(held.place) == "LOC:武汉"
    assert held.articles == ("p1b", "p4")
    for article, _, ems in (first, second, meeting, again):
        for em in ems:
            assert str(keys[(article.key, em.start, em.end)]) in by_key


def test_disjoint_dates_are_two_events_and_undated_stays_apart():
    a = _result("1月26日，2024年春运首日。", "2024-01-27", "a")
    b = _result("1月7日春运首日。", "2023-01-09", "b")
    c = _result("春运期间道路畅通。", None, "c")
    events, keys = resolve_events([a, b, c])
    assert {str(e.key) for e in events} == {"春运/2024-01-26", "春运/2023-01-07", "春运/undated"}
    assert keys[("c", 0, 2)] == EventKey("春运") and str(keys[("c", 0, 2)]) == "春运/undated"
    assert [e.articles for e in events] == [("b",), ("a",), ("c",)]


def test_overlapping_precision_merges():
    a = _result("今年，全市启动科技创新三年行动。", "2023-01-09", "a")
    b = _result("3月5日，科技创新三年行动推进。", "2023-03-06", "b")
    events, _ = resolve_events([a, b])
    assert [(str(e.key), e.granularity) for e in events] == [("科技创新三年行动/2023-03-05", "day")]


# ------------------------------------------------------------------ property


_EVENTISH = list("“”\"「」《》会议大会行动活动评选工程考试招生春运元旦在于由主办出席讲话走进北京7日至8日年月，。、")


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(_EVENTISH), max_size=60) | st.text(max_size=80),
    st.sampled_from([None, "2023-01-09"]),
)
def test_property_event_mentions_point_into_text(text, date):
    article = _make(text, date=date)
    starts = range(0, max(0, len(text) - 1), 5)
    mentions = [Mention("a", i, i + 2, text[i : i + 2], EntityType.LOC) for i in starts]
    for event in detect_events(article, mentions):
        assert 0 <= event.start < event.end <= len(text)
        assert text[event.start : event.end]
        assert event.name
        if event.time is not None:
            span = event.time
            assert text[span.offset : span.offset + len(span.text)] == span.text
        for index in (event.place, *event.organizers, *(i for i, _ in event.participants)):
            assert index is None or 0 <= index < len(mentions)
    resolve_events([(article, mentions, detect_events(article, mentions))])


def test_event_mentions_are_frozen(articles):
    event = detect_events(_article(articles, "春运首日"), ())[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.name = "x"  # type: ignore[misc]


_CONGRESS_PARTS = st.lists(
    st.sampled_from(["党的", "中共", "第", "十", "二十", "五", "三", "届", "中全会", "大", "大学", "召开", "精神", "以来", "，", "在"]),
    max_size=10,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_CONGRESS_PARTS)
def test_property_a_congress_s_opening_characters_admit_every_name(text: str) -> None:
    """The characters said up front for speed leave out no congress the full pattern finds."""
    from kg.extract import event_rules

    assert_lookahead_keeps_matches(event_rules._CONGRESS_RE, event_rules._CONGRESS_OPENS, text)


def test_congresses_by_plenum_and_by_number() -> None:
    from kg.extract.event_rules import _congresses

    found = _congresses("中共十五届三中全会和党的十五大召开以来，十五大精神")
    assert [(c.name, c.start) for c in found] == [("十五届三中全会", 0), ("党的十五大", 10), ("十五大", 20)]


@pytest.mark.parametrize(("text", "names"), [
    ("3月11日，2023滨江马拉松鸣枪开跑。", ["滨江马拉松"]),
    ("3月11日，第十届江城灯会开幕，交响音乐会同日上演。", ["第十届江城灯会", "交响音乐会"]),
    ("3月11日，大型人才招聘会在市体育馆举行。", ["大型人才招聘会"]),
    # a head after a word of time or a pointing word names no event
    ("市气象台预报今晚会有大风降温天气。", []),
    ("这场演唱会门票已售罄。", []),
])
def test_fairs_shows_and_races_are_named_events_and_pointers_are_not(text, names):
    from kg.extract.event_rules import find_candidates

    assert [c.name for c in find_candidates(text)] == names
