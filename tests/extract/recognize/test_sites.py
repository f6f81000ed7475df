"""Sites named after persons and places (kg.extract.recognize.sites)."""

from __future__ import annotations

import pytest

from kg.model import EntityType, PageMeta
from kg.extract.recognize import recognize_text

PER, LOC = EntityType.PER, EntityType.LOC


def _found(text: str) -> list[tuple[str, EntityType, str | None]]:
    (mentions,) = recognize_text([text], meta=PageMeta(source="-", paper="人民日报"), use_tagger=True)
    return [(m.text, m.type, m.code) for m in mentions]


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("游客参观蓬莱阁。", "蓬莱阁"),  # the tagger reads these landmarks as names
        ("游客在黄鹤楼前合影。", "黄鹤楼"),
        ("游客走进襄阳楼参观。", "襄阳楼"),  # a city's name, then 楼: the tower, not the city
    ],
)
def test_a_landmark_named_after_a_place_or_tagged_as_a_name_is_a_site(text: str, site: str) -> None:
    found = _found(text)
    assert (site, LOC, None) in found
    assert not any(kind is PER for _, kind, _ in found)
    assert not any(name == site[:2] for name, _, _ in found)  # no mention of the city in it


def test_a_head_inside_a_longer_word_and_a_person_s_name_stay_as_they_are() -> None:
    assert _found("武汉楼市回暖。") == [("武汉", LOC, "420100")]  # 楼市, the housing market
    assert ("宜昌", LOC, "420500") in _found("他来到宜昌楼前广场。")  # 楼前 is a word
    assert ("王小楼", PER, None) in _found("王小楼表示同意。")  # a name, no landmark of the dictionary
