"""A country's armed services: the country's name and the service."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import load_gazetteer
from kg.extract.recognize import recognize_text
from kg.extract.recognize.armed_forces import find_armed_services, find_numbered_units


def _services(text: str) -> list[str]:
    return [m.text for m in find_armed_services("k", text, load_gazetteer().countries)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("泰国海军两艘护卫舰昨日抵港", ["泰国海军"]),
        ("据报道，菲律宾海岸警卫队与渔船对峙", ["菲律宾海岸警卫队"]),
        ("日本空军司令表示", ["日本空军"]),
        ("韩国陆军和美国陆军举行联合演习", ["韩国陆军", "美国陆军"]),
    ],
)
def test_a_country_and_its_service(text, names):
    assert _services(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "他晋升为空军少将",  # no country: any service
        "泰国海军少将出席",  # a rank
        "位于土耳其空军基地的雷达",  # a base
        "一件海军蓝的外套",  # a colour
        "泰国海警局发言人表示",  # a body whose head goes on
    ],
)
def test_no_service(text):
    assert _services(text) == []


def test_recognized_as_a_government_body():
    (mentions,) = recognize_text(["泰国海军两艘护卫舰昨日抵港。"], use_tagger=False)
    (org,) = [m for m in mentions if m.type.value == "ORG"]
    assert (org.text, org.kind) == ("泰国海军", EntityKind.GOVERNMENT)


def test_a_longer_unit_wins():
    (mentions,) = recognize_text(["一百多名日本海军陆战队士兵登岸。"], use_tagger=False)
    assert "日本海军" not in {m.text for m in mentions}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("他历任五纵七师十二团政委", ["五纵七师十二团"]),
        ("后任六八五团团长", ["六八五团"]),
        ("调任第二师第五旅政治部主任", ["第二师第五旅政治部"]),
        ("曾任红八军军部参谋", ["红八军军部"]),
    ],
)
def test_units_by_number(text, names):
    assert [m.text for m in find_numbered_units("k", text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "三军仪仗队接受检阅",  # the three services, no unit
        "推行一师一策",  # one school, one plan
        "他毕业于第一师范学院",  # a school
        "该军第三师",  # one echelon with a number
    ],
)
def test_no_unit(text):
    assert [m.text for m in find_numbered_units("k", text)] == []
