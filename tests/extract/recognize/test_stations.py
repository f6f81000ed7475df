"""Stations of subways and railways by their names (kg.extract.recognize.stations)."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.stations import find_stations
from kg.model import EntityType, Mention, MentionSource


def _names(text: str, divisions: list[Mention] | None = None) -> list[str]:
    return [m.text for m in find_stations("k", text, divisions or [])]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("早高峰时，地铁5号线石榴园站一名乘客晕倒。", ["石榴园站"]),  # the line is no part of the name
        ("轨道交通3号线枫杨街站今起封闭施工。", ["枫杨街站"]),
        ("地铁S2线青岚湖站至柳浪桥站区间限速运行。", ["青岚湖站", "柳浪桥站"]),  # a ride from one to the next
        ("客流最大的地铁桂花东路站实行限流。", ["桂花东路站"]),  # a road's name, the station's whole
        ("乘客可在白沙洲站与4号线换乘。", ["白沙洲站"]),
        ("地铁7号线东塘站、南湖站、西岭站客流最大。", ["东塘站", "南湖站", "西岭站"]),
    ],
)
def test_a_station_is_named_where_a_line_or_the_subway_says_so(text: str, names: list[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "他站在路边等车，网站显示加油站已关闭。",
        "地铁站里有个孩子走丢了。",  # a kind of station, not one by name
        "3号线全线贯通后，服务站将增加。",
        "福田站、车公庙站客流大。",  # no line and no city says these are stations
        "地铁2号线与5号线在市中心换乘。",  # a line and a change of lines, but no 站
    ],
)
def test_no_station_without_a_line_or_where_zhan_is_no_station(text: str) -> None:
    assert _names(text) == []


def test_a_city_s_station_by_direction_is_one_name() -> None:
    text = "春运首日，长沙南站发送旅客12万人次。"
    city = Mention("k", 5, 7, "长沙", EntityType.LOC, MentionSource.ALIAS)
    assert _names(text, [city]) == ["长沙南站"]
    assert _names(text) == []  # 沙南 is no city


def test_the_recognizer_gives_the_station_not_the_line_or_the_road() -> None:
    (mentions,) = recognize_text(["昨天上午，地铁2号线建设东路站至石榴园站区间一度停运。"])
    places = [(m.text, m.kind) for m in mentions if m.type is EntityType.LOC]
    assert places == [("建设东路站", EntityKind.CIVIC_STRUCTURE), ("石榴园站", EntityKind.CIVIC_STRUCTURE)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("地铁3号线从小寨站出发，直达机场。", ["小寨站"]),  # 从 opens the clause after the line
        ("乘客从光谷广场站到街道口站只需十分钟。", ["光谷广场站", "街道口站"]),  # a ride
        ("地铁新增西湖广场站等三座车站。", ["西湖广场站"]),  # a list of stations
        ("地铁3号线开通，钟楼站与2号线实现换乘。", ["钟楼站"]),  # a change of lines, where a clause starts
    ],
)
def test_a_station_is_named_by_a_ride_a_list_or_a_change(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_a_ride_between_kinds_of_stations_names_none() -> None:
    assert _names("他从加油站到服务站走了半小时。") == []


def test_the_tagger_s_span_cut_inside_a_station_yields_to_it() -> None:
    (mentions,) = recognize_text(["南京地铁2号线油坊桥站今起限流。"])
    places = [m.text for m in mentions if m.type is EntityType.LOC]
    assert "油坊桥站" in places and not any("号线" in p for p in places)


@pytest.mark.parametrize("text", ["昆明地铁5号线全线贯通。", "长春地铁2号线二期东延开通。"])
def test_a_line_by_its_number_is_no_place(text: str) -> None:
    (mentions,) = recognize_text([text])
    assert not any(m.type is EntityType.LOC and m.text.endswith("号线") for m in mentions)
