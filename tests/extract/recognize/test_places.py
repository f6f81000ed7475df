"""Places of the gazetteer (kg.extract.recognize.places): a city's 市 before its township,
villages after a township, townships the source writes with their county."""

from __future__ import annotations

from kg.extract.recognize import recognize_text
from kg.model import EntityType

LOC = EntityType.LOC


def _names(text: str) -> list[tuple[str, EntityType]]:
    (mentions,) = recognize_text([text], use_tagger=True)
    return [(m.text, m.type) for m in mentions]


def test_a_city_s_shi_before_a_township_is_the_city_s_not_a_mayor() -> None:
    """某市长江镇 (an invented township): 市长 is no mayor where a township's name follows."""
    names = _names("中山市长江镇的工厂复工。")
    assert ("中山市", LOC) in names and ("长江镇", LOC) in names


def test_a_city_s_mayor_stays_a_title() -> None:
    assert _names("东莞市长说，全市经济回暖。") == [("东莞", LOC)]


def test_a_village_name_holds_no_particle() -> None:
    """某县某镇畔的某村: the village is named after 的, not with it."""
    names = _names("建德市新安江畔的梅坪村建起了民宿。")
    assert ("建德市", LOC) in names and not any("的" in name for name, _ in names)


def test_a_township_the_source_writes_with_its_county_is_named_apart() -> None:
    assert _names("化德县长顺镇的牧民") == [("化德县", LOC), ("长顺镇", LOC)]


def test_china_europe_before_freight_trains_is_no_region() -> None:
    """中欧班列: 中 and 欧 are China and Europe; 中欧 is central Europe only where a place's cue says so."""
    assert _names("中欧班列今年开行一万列。") == []
    assert ("中欧", LOC) in _names("波兰位于中欧。")
