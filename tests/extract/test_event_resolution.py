"""Events across a build: one node per real event, happenings included (issue 19).

The inputs are built by hand (``EventMention(named=False, …)``), as detection gives them:
a trigger's span, a type, a time at its precision, a place and participants by mention index.
"""

from __future__ import annotations

import random
import re
import time

from kg.build.pages import compact_event_record
from kg.extract.event_resolution import resolve_events
from kg.model import (
    Article,
    ArticleKind,
    ArticleResult,
    EntityKey,
    EntityType,
    EventKey,
    EventMention,
    EventRole,
    EventType,
    Figure,
    FigureValue,
    Mention,
    PageMeta,
    StoredEvent,
    TimeSpan,
)

SHASHI, JINGZHOU, JINGZHOU_DISTRICT = "421002", "421000", "421003"
DAY = "day"


def _span(start: str, end: str | None = None, granularity: str = DAY) -> TimeSpan:
    return TimeSpan(start, end or start, granularity, start)


def _place(*path: str) -> EntityKey:
    return EntityKey.of(EntityType.LOC, *path)


def _record(
    key: str,
    issue: str | None,
    kind: EventType = EventType.FIRE,
    *,
    time: TimeSpan | None = None,
    place: EntityKey | None = None,
    people: tuple[tuple[EntityKey, str], ...] = (),
    figures: tuple[FigureValue, ...] = (),
    main: bool = False,
    name: str = "火灾",
) -> tuple[Article, tuple[Mention, ...], tuple[EventMention, ...]]:
    """One article reporting one happening: its trigger at 0-2, its place and people as mentions."""
    keys = ([place] if place else []) + [who for who, _ in people]
    mentions = tuple(Mention(key, 10 + 3 * i, 12 + 3 * i, "某地", k.type, entity=k) for i, k in enumerate(keys))
    first = 1 if place else 0
    event = EventMention(
        key, 0, 2, name, kind, time=time, place=0 if place else None,
        participants=tuple((first + i, role) for i, (_, role) in enumerate(people)),
        named=False, main=main, figures=figures,
    )
    return Article(key, PageMeta("p.txt", date=issue), ArticleKind.ARTICLE, None, ""), mentions, (event,)


def _deaths(n: float) -> FigureValue:
    return FigureValue(Figure.DEATHS, n, "人", 20, 24)


def test_one_fire_in_three_articles_is_one_event() -> None:
    first = _record("a", "2023-01-09", time=_span("2023-01-08"), place=_place(JINGZHOU_DISTRICT), figures=(_deaths(2),))
    city = _record("b", "2023-01-09", time=_span("2023-01-08"), place=_place(JINGZHOU), main=True)
    later = _record("c", "2023-01-10", place=_place(JINGZHOU_DISTRICT), figures=(_deaths(3),), main=True)
    events, keys = resolve_events([first, city, later])
    [fire] = events
    assert str(fire.key) == "fire/421003/2023-01-08" and not fire.named
    assert (fire.start, fire.end, fire.granularity, fire.place) == ("2023-01-08", "2023-01-08", DAY, _place(JINGZHOU_DISTRICT))
    assert set(fire.articles) == {"a", "b", "c"} and fire.main_of == ("b", "c")
    assert fire.figures == ((Figure.DEATHS, 3, "人"),)  # the latest toll, the largest
    assert set(keys) == {("a", 0, 2), ("b", 0, 2), ("c", 0, 2)} and set(keys.values()) == {fire.key}


def test_a_fire_the_next_week_is_another_event() -> None:
    records = [
        _record("a", "2023-01-09", time=_span("2023-01-08"), place=_place(JINGZHOU_DISTRICT)),
        _record("b", "2023-01-16", time=_span("2023-01-15"), place=_place(JINGZHOU_DISTRICT)),
    ]
    events, keys = resolve_events(records)
    assert [str(e.key) for e in events] == ["fire/421003/2023-01-08", "fire/421003/2023-01-15"]
    assert keys[("a", 0, 2)] != keys[("b", 0, 2)]


def test_contained_places_merge_and_neighbours_stay_apart() -> None:
    township = _place(JINGZHOU_DISTRICT, "某街道")
    records = [
        _record("a", "2023-01-09", time=_span("2023-01-08"), place=township),
        _record("b", "2023-01-09", time=_span("2023-01-08"), place=_place(JINGZHOU_DISTRICT)),
        _record("c", "2023-01-09", time=_span("2023-01-08"), place=_place("420000")),  # the province
        _record("d", "2023-01-09", time=_span("2023-01-08"), place=_place(SHASHI)),  # the district next door
    ]
    events, keys = resolve_events(records[:2] + records[3:])
    assert {str(e.key) for e in events} == {"fire/421003/某街道/2023-01-08", "fire/421002/2023-01-08"}
    assert keys[("a", 0, 2)] == keys[("b", 0, 2)]  # the finest place names the event
    events, keys = resolve_events(records[:3])
    assert [str(e.key) for e in events] == ["fire/421003/某街道/2023-01-08"]  # the province holds it


def test_a_place_that_fits_two_fires_joins_neither() -> None:
    records = [
        _record("a", "2023-01-09", time=_span("2023-01-08"), place=_place(JINGZHOU_DISTRICT)),
        _record("b", "2023-01-09", time=_span("2023-01-08"), place=_place(SHASHI)),
        _record("c", "2023-01-09", time=_span("2023-01-08"), place=_place(JINGZHOU)),  # the city holds both
    ]
    events, keys = resolve_events(records)
    assert {str(e.key) for e in events} == {"fire/421003/2023-01-08", "fire/421002/2023-01-08", "fire/421000/2023-01-08"}
    assert len(set(keys.values())) == 3


def test_a_kind_of_crime_merges_with_a_crime_not_with_another_kind() -> None:
    where, when = _place(JINGZHOU_DISTRICT), _span("2023-01-08")
    records = [
        _record("a", "2023-01-09", EventType.CRIME, time=when, place=where, name="案件"),
        _record("b", "2023-01-09", EventType.THEFT, time=when, place=where, name="盗窃"),
        _record("c", "2023-01-09", EventType.FRAUD, time=when, place=_place(SHASHI), name="诈骗"),
    ]
    events, keys = resolve_events(records)
    assert {str(e.key): e.event_type for e in events} == {
        "theft/421003/2023-01-08": EventType.THEFT,  # the finer type names the event
        "fraud/421002/2023-01-08": EventType.FRAUD,
    }
    assert keys[("a", 0, 2)] == keys[("b", 0, 2)] != keys[("c", 0, 2)]
    theft = _record("d", "2023-01-09", EventType.THEFT, time=when, place=where)
    fraud = _record("e", "2023-01-09", EventType.FRAUD, time=when, place=where)
    assert len(resolve_events([theft, fraud])[0]) == 2  # siblings under crime never merge


def test_unplaced_happenings_merge_by_a_shared_participant_and_keep_distinct_keys() -> None:
    suspect, police = EntityKey.of(EntityType.PER, "张某"), EntityKey.of(EntityType.ORG, "某市公安局")
    when = _span("2023-01-08")
    records = [
        _record("a", "2023-01-09", EventType.ARREST, time=when, people=((suspect, "agent"), (police, "authority"))),
        _record("b", "2023-01-10", EventType.ARREST, people=((suspect, "agent"),)),
        # The same police bureau, another arrest: the authority acting is no evidence.
        _record("c", "2023-01-09", EventType.ARREST, time=when, people=((police, EventRole.AUTHORITY.value),)),
    ]
    _, keys = resolve_events(records)
    assert keys[("a", 0, 2)] == keys[("b", 0, 2)] != keys[("c", 0, 2)]
    # Told apart by what each holds alone, whatever else the build holds: its suspect, or
    # a digest of its first mention.
    assert keys[("a", 0, 2)] == EventKey("arrest/unplaced/张某", "2023-01-08")
    assert re.fullmatch(r"arrest/unplaced/[0-9a-f]{8}/2023-01-08", str(keys[("c", 0, 2)]))
    assert resolve_events(records[2:])[1][("c", 0, 2)] == keys[("c", 0, 2)]


def test_one_story_printed_on_two_pages_reports_one_happening() -> None:
    """An article key is paper/date/page/headline digest: the page may name a file, the story does not."""
    on_one, on_two = "某报/2023-01-09/1/0123abcd", "某报/2023-01-09/7/0123abcd"
    records = [_record(key, "2023-01-09", EventType.ARREST, time=_span("2023-01-08")) for key in (on_one, on_two)]
    [arrest], keys = resolve_events(records)
    assert arrest.articles == (on_one, on_two) and keys[(on_one, 0, 2)] == keys[(on_two, 0, 2)]
    [alone], _ = resolve_events(records[1:])
    assert alone.key == arrest.key  # read from another file, the same IRI


def test_happenings_left_apart_with_one_key_are_numbered() -> None:
    where = _place(JINGZHOU_DISTRICT)
    records = [  # fires on two days, and two undated mentions that fit either: each left apart
        _record("a", "2023-01-09", time=_span("2023-01-08"), place=where),
        _record("b", "2023-01-10", time=_span("2023-01-09"), place=where),
        _record("c", "2023-01-10", place=where),
        _record("d", "2023-01-10", place=where),
    ]
    events, keys = resolve_events(records)
    assert sorted(str(e.key) for e in events) == [
        "fire/421003/2023-01-08", "fire/421003/2023-01-09", "fire/421003/undated", "fire/421003/undated~2",
    ]
    assert str(keys[("c", 0, 2)]) == "fire/421003/undated"  # the first mentioned keeps the plain key


def test_one_article_s_arrests_of_two_suspects_are_two_events() -> None:
    first, second = EntityKey.of(EntityType.PER, "张某"), EntityKey.of(EntityType.PER, "李某")
    article, _, _ = _record("a", "2023-01-09")
    mentions = tuple(Mention("a", 10 + 3 * i, 12 + 3 * i, "某人", EntityType.PER, entity=k) for i, k in enumerate((first, second)))
    when = _span("2023-01-08")
    arrests = tuple(
        EventMention("a", start, start + 2, "抓获", EventType.ARREST, time=when, participants=((i, "agent"),), named=False)
        for i, start in enumerate((20, 40))
    )
    undated = EventMention("a", 60, 62, "抓获", EventType.ARREST, named=False)  # fits either: joins neither
    events, keys = resolve_events([(article, mentions, (*arrests, undated))])
    assert {str(keys[("a", 20, 22)]), str(keys[("a", 40, 42)])} == {
        "arrest/unplaced/张某/2023-01-08", "arrest/unplaced/李某/2023-01-08",
    }
    assert len(events) == 3


def test_an_undated_mention_joins_only_where_nothing_disagrees() -> None:
    where = _place(JINGZHOU_DISTRICT)
    two_fires = [
        _record("a", "2023-01-09", time=_span("2023-01-08"), place=where),
        _record("b", "2023-01-10", time=_span("2023-01-09"), place=where),
    ]
    undated = _record("c", "2023-01-10", place=where)
    events, keys = resolve_events([*two_fires, undated])
    assert len(events) == 3 and str(keys[("c", 0, 2)]) == "fire/421003/undated"  # which fire? none
    a_year_on = _record("d", "2024-01-10", place=where)
    events, keys = resolve_events([two_fires[0], a_year_on])
    assert len(events) == 2  # the issue date disagrees


def test_a_coarser_time_joins_the_one_happening_it_fits() -> None:
    where = _place(JINGZHOU_DISTRICT)
    records = [
        _record("a", "2023-01-09", time=_span("2023-01-08"), place=where),
        _record("b", "2023-02-01", time=_span("2023-01-01", "2023-01-31", "month"), place=where),
        _record("c", "2023-05-01", time=_span("2023-04-01", "2023-04-30", "month"), place=where),
    ]
    events, keys = resolve_events(records)
    assert keys[("a", 0, 2)] == keys[("b", 0, 2)]
    assert [(str(e.key), e.granularity) for e in events] == [("fire/421003/2023-01-08", DAY), ("fire/421003/2023-04", "month")]


def test_a_named_event_keeps_the_precision_of_its_date() -> None:
    article = Article("a", PageMeta("p.txt", date="2022-03-01"), ArticleKind.ARTICLE, None, "")
    year = _span("2022-01-01", "2022-12-31", "year")
    em = EventMention("a", 0, 4, "雷火行动", EventType.CAMPAIGN, time=year, main=True, figures=(FigureValue(Figure.ARRESTS, 12, "人", 5, 9),))
    [event], _ = resolve_events([(article, (), (em,))])
    assert str(event.key) == "雷火行动/2022" and (event.start, event.granularity) == ("2022-01-01", "year")
    assert event.named and event.main_of == ("a",) and event.figures == ((Figure.ARRESTS, 12, "人"),)
    slashed = EventMention("a", 0, 4, "A/B行动", EventType.CAMPAIGN, time=year)
    [event], _ = resolve_events([(article, (), (slashed,))])
    assert event.name == "A/B行动" and event.key.name == "A／B行动"  # a slash separates a happening's key


def test_the_largest_figure_wins_whatever_its_unit() -> None:
    where, when = _place(JINGZHOU_DISTRICT), _span("2023-01-08")
    loss = (FigureValue(Figure.AMOUNT, 5000, "元", 0, 1), FigureValue(Figure.INJURIES, 4, "人", 0, 1))
    records = [
        _record("a", "2023-01-09", time=when, place=where, figures=loss),
        _record("b", "2023-01-09", time=when, place=where, figures=(FigureValue(Figure.AMOUNT, 2, "万元", 0, 1),)),
    ]
    [event], _ = resolve_events(records)
    assert event.figures == ((Figure.INJURIES, 4, "人"), (Figure.AMOUNT, 2, "万元"))


def test_the_order_of_the_inputs_does_not_change_the_events() -> None:
    records = _many(300, seed=7)
    events, keys = resolve_events(records)
    shuffled = list(records)
    random.Random(1).shuffle(shuffled)
    again, again_keys = resolve_events(shuffled)
    assert [e.key for e in again] == [e.key for e in events] and again_keys == keys
    assert len({e.key for e in events}) == len(events)


def test_resolution_stays_near_linear() -> None:
    """An archive grows by its years: four times the years, about four times the work."""
    small, large = _many(4_000, seed=3, years=2), _many(16_000, seed=3, years=8)
    started = time.perf_counter()
    resolve_events(small)
    middle = time.perf_counter()
    resolve_events(large)
    # A quadratic resolution would take 16 times as long.
    assert time.perf_counter() - middle < 9 * max(middle - started, 0.01)


def _many(n: int, *, seed: int, years: int = 1) -> list:
    rng = random.Random(seed)
    kinds = [EventType.FIRE, EventType.THEFT, EventType.CRIME, EventType.ARREST, EventType.INSPECTION]
    out = []
    for i in range(n):
        day = f"{2023 + rng.randrange(years)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        place = _place(f"42{rng.randint(1, 13):02d}{rng.randint(0, 9):02d}") if rng.random() < 0.8 else None
        when = _span(day) if rng.random() < 0.8 else None
        people = ((EntityKey.of(EntityType.PER, f"人{rng.randint(1, 500)}"), "agent"),) if rng.random() < 0.5 else ()
        out.append(_record(f"a{i:05d}", day, rng.choice(kinds), time=when, place=place, people=people))
    return out


def test_a_compact_record_keeps_what_happenings_need() -> None:
    article, mentions, (em,) = _record("a", "2023-01-09", time=_span("2023-01-08"), place=_place(JINGZHOU_DISTRICT),
                                       figures=(_deaths(2),), main=True)
    noise = Mention("a", 40, 42, "张三", EntityType.PER, entity=EntityKey.of(EntityType.PER, "张三"))
    light, kept, (compact,) = compact_event_record(ArticleResult(article, (*mentions, noise), (em,)))
    assert kept == mentions and light.meta.date == "2023-01-09"
    assert (compact.named, compact.main, compact.figures) == (False, True, (_deaths(2),))
    assert resolve_events([(light, kept, (compact,))]) == resolve_events([(article, mentions, (em,))])


def _named_report(key: str, day: str, name: str = "第五届数字经济博览会") -> tuple[Article, tuple, tuple[EventMention, ...]]:
    article = Article(key, PageMeta("p.txt", date=day), ArticleKind.ARTICLE, None, "")
    return article, (), (EventMention(key, 0, 4, name, EventType.MEETING, time=_span(day)),)


def test_a_named_event_reported_as_it_opens_goes_on_and_closes_is_one_event() -> None:
    reports = [_named_report("open", "2023-03-05"), _named_report("close", "2023-03-09"), _named_report("mid", "2023-03-07")]
    [event], links = resolve_events(reports)
    assert (str(event.key), event.start, event.end) == ("第五届数字经济博览会/2023-03-05", "2023-03-05", "2023-03-09")
    assert set(links.values()) == {event.key} and set(event.articles) == {"open", "mid", "close"}


def test_meetings_of_one_name_a_week_apart_are_two_events() -> None:
    weekly = [_named_report("a", "2023-03-01", "市政府常务会议"), _named_report("b", "2023-03-08", "市政府常务会议")]
    events, _ = resolve_events(weekly)
    assert [(e.start, e.end) for e in events] == [("2023-03-01", "2023-03-01"), ("2023-03-08", "2023-03-08")]


def test_a_report_of_an_event_an_earlier_build_holds_is_that_event() -> None:
    opened = StoredEvent(EventKey("第五届数字经济博览会", "2023-03-05"), "第五届数字经济博览会", "2023-03-05", "2023-03-05")
    [event], links = resolve_events([_named_report("close", "2023-03-07")], stored=[opened])
    assert event.key == opened.key and (event.start, event.end, event.granularity) == ("2023-03-05", "2023-03-07", "day")
    assert links == {("close", 0, 4): opened.key} and event.articles == ("close",)
    em = EventMention("u", 0, 4, "第五届数字经济博览会", EventType.MEETING)
    near = Article("u", PageMeta("p.txt", date="2023-03-20"), ArticleKind.ARTICLE, None, "")
    [event], _ = resolve_events([(near, (), (em,))], stored=[opened])  # its one dated event of the name, near
    assert event.key == opened.key and (event.start, event.end) == ("2023-03-05", "2023-03-05")
    for issue in ("2024-03-20", None):  # an undated report a year on, or of no issue date, is not placed there
        far = Article("u", PageMeta("p.txt", date=issue), ArticleKind.ARTICLE, None, "")
        [event], _ = resolve_events([(far, (), (em,))], stored=[opened])
        assert str(event.key) == "第五届数字经济博览会/undated"


def test_a_stored_event_of_the_name_far_off_or_of_another_name_is_left_alone() -> None:
    last_year = StoredEvent(EventKey("春季招聘会", "2022-03-05"), "春季招聘会", "2022-03-05", "2022-03-06")
    other = StoredEvent(EventKey("秋季招聘会", "2023-03-05"), "秋季招聘会", "2023-03-05", "2023-03-05")
    [event], _ = resolve_events([_named_report("a", "2023-03-06", "春季招聘会")], stored=[last_year, other])
    assert str(event.key) == "春季招聘会/2023-03-06" and (event.start, event.end) == ("2023-03-06", "2023-03-06")


def test_only_a_day_s_date_follows_another_within_days():
    # a report dated to February and one of 2 March: no overlap, and a month's end is no day to follow
    month = Article("m", PageMeta("p.txt", date="2023-02-28"), ArticleKind.ARTICLE, None, "")
    february = EventMention("m", 0, 4, "全市安全生产工作会议", EventType.MEETING, time=_span("2023-02-01", "2023-02-28", "month"))
    events, _ = resolve_events([(month, (), (february,)), _named_report("d", "2023-03-02", "全市安全生产工作会议")])
    assert [(e.start, e.granularity) for e in events] == [("2023-02-01", "month"), ("2023-03-02", "day")]
