"""Happenings as event mentions: found, typed, completed, with their figures."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.happening_events import detect_happenings
from kg.extract.timex import find_times
from kg.model import EntityType, EventMention, EventType, Figure, Mention


def _run(text: str, mentions=(), **options) -> list[EventMention]:
    return detect_happenings(text, list(mentions), find_times(text, issue_date="2023-03-10"), key="a", **options)


def test_happenings_are_unnamed_trigger_spans_with_labels():
    text = "8日凌晨，某县一处民房失火，消防员救出3人。"
    events = _run(text)
    assert [(text[e.start : e.end], e.name, e.event_type, e.named) for e in events] == [
        ("失火", "火灾", EventType.FIRE, False),
        ("救出", "救出", EventType.RESCUE, False),
    ]


def test_figures_go_to_the_happening_they_count():
    text = "昨日，某地发生里氏5.2级地震，一些房屋倒塌，造成2人死亡、15人受伤。警方随后抓获犯罪嫌疑人3名。"
    events = {e.event_type: e for e in _run(text)}
    quake = events[EventType.EARTHQUAKE]
    assert [(f.figure, f.value) for f in quake.figures] == [
        (Figure.MAGNITUDE, 5.2), (Figure.DEATHS, 2.0), (Figure.INJURIES, 15.0)]
    assert events[EventType.COLLAPSE].figures == ()
    assert [(f.figure, f.value) for f in events[EventType.ARREST].figures] == [(Figure.ARRESTS, 3.0)]
    for event in events.values():
        for figure in event.figures:
            assert str(int(figure.value)) in text[figure.start : figure.end].replace("5.2", "5")


def test_a_word_of_any_accident_refers_back():
    text = "一辆客车在山区公路侧翻。事故造成3人受伤，事发路段一度封闭。"
    events = _run(text)
    assert [(text[e.start : e.end], e.event_type) for e in events] == [
        ("侧翻", EventType.TRAFFIC_ACCIDENT), ("事故", EventType.TRAFFIC_ACCIDENT), ("事发", EventType.TRAFFIC_ACCIDENT)]
    # 案件 refers to a crime, never to the arrest of its suspects
    text = "警方抓获2名嫌疑人。案件正在审理中。"
    assert [e.event_type for e in _run(text)] == [EventType.ARREST]


def test_without_antecedent_an_accident_word_needs_the_headline():
    text = "这起事故造成道路拥堵。"
    assert _run(text) == []
    (event,) = _run(text, headline_type=EventType.TRAFFIC_ACCIDENT, headline_label="交通事故")
    assert (event.event_type, event.name) == (EventType.TRAFFIC_ACCIDENT, "交通事故")
    assert _run(text, headline_type=EventType.MEETING) == []  # 事故 is no meeting


def test_named_events_hold_no_trigger():
    text = "全国公安系统英雄模范立功集体表彰大会在京举行。"
    start = text.index("全国")
    named = EventMention("a", start, start + len("全国公安系统英雄模范立功集体表彰大会"), "x", EventType.MEETING)
    assert _run(text, named=[named]) == []


def test_trigger_inside_a_recognized_name_is_none():
    text = "张救援来到现场。"
    assert _run(text, [Mention("a", 0, 3, "张救援", EntityType.PER)]) == []


_WORDS = ["发生火灾", "警方抓获", "2名", "嫌疑人", "，", "。", "3日", "某县", "交通事故", "事故", "造成", "3人死亡",
          "王某", "在", "北京", "调研", "如果", "没有", "隐患", "被盗"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=16).map("".join))
def test_property_mentions_point_at_triggers_and_figures_at_numbers(text):
    mentions = [Mention("a", i, i + 2, text[i : i + 2], EntityType.PER) for i in range(len(text)) if text.startswith("王某", i)]
    mentions += [Mention("a", i, i + 2, "北京", EntityType.LOC) for i in range(len(text)) if text.startswith("北京", i)]
    mentions.sort(key=lambda m: m.start)
    for event in _run(text, mentions):
        assert text[event.start : event.end] and not event.named and event.name
        assert event.place is None or mentions[event.place].type is EntityType.LOC
        for index, role in event.participants:
            assert 0 <= index < len(mentions) and role
        for figure in event.figures:
            assert any(ch.isdigit() or ch in "一二两三四五六七八九十百千万" for ch in text[figure.start : figure.end])
        if event.time is not None:
            assert text[event.time.offset : event.time.offset + len(event.time.text)] == event.time.text
