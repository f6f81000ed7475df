"""Heads of local sites from data/lexicons/site_heads.tsv: zones, terraces and villages of
sights, a head that is only a kind of sight, a subdistrict named after its street."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.model import EntityType

LOC = EntityType.LOC


def _names(text: str) -> list[tuple[str, EntityType]]:
    (mentions,) = recognize_text([text], use_tagger=True)
    return [(m.text, m.type) for m in mentions]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("工厂落户天津经济技术开发区。", "天津经济技术开发区"),
        ("一批项目落户集美台商投资区。", "集美台商投资区"),
        ("宁波保税区进口额增长两成。", "宁波保税区"),
    ],
)
def test_a_development_or_bonded_zone_is_one_place_with_its_place_s_name(text: str, zone: str) -> None:
    assert (zone, LOC) in _names(text)


def test_a_zone_s_administrative_committee_is_a_body_not_the_zone() -> None:
    assert _names("北京经济技术开发区管委会发布通知。") == [("北京经济技术开发区管委会", EntityType.ORG)]


def test_a_part_of_a_free_trade_zone_is_named_without_the_word_of_kind() -> None:
    names = _names("项目落地洋山片区。")
    assert ("洋山", LOC) in names and not any(name.endswith("片区") for name, _ in names)


def test_an_industrial_park_of_a_product_is_no_named_site() -> None:
    assert _names("当地的苹果产业园内，果农正在采摘。") == []


@pytest.mark.parametrize(
    ("text", "sight"),
    [("游客来到郎德苗寨。", "郎德苗寨"), ("红河县撒玛坝梯田景区迎来游客。", "撒玛坝梯田")],
)
def test_terraces_and_miao_villages_are_sights(text: str, sight: str) -> None:
    (mentions,) = recognize_text([text], use_tagger=True)
    assert any(m.text == sight and m.kind is EntityKind.TOURIST_ATTRACTION for m in mentions)


def test_a_sight_s_head_before_a_scenic_area_is_no_name_alone() -> None:
    """某某古镇景区: 古镇 says the kind of sight; the name is the town's, not 古镇 alone."""
    names = _names("游客涌入西塘古镇景区。")
    assert ("西塘古镇", LOC) in names and ("古镇", LOC) not in names


def test_a_county_s_terraces_are_no_named_sight() -> None:
    assert _names("新化县梯田面积达到两万亩。") == [("新化县", LOC)]


def test_a_subdistrict_named_after_its_street_is_one_place() -> None:
    assert ("云南路街道", LOC) in _names("鼓楼区云南路街道社区工作者上门登记。")


def test_the_sides_of_a_street_are_no_subdistrict() -> None:
    assert not any(name.endswith("街道") for name, _ in _names("青年路街道两旁种满了树。"))


@pytest.mark.parametrize(
    ("text", "site"),
    [("县里检查白沙水库大坝安全。", "白沙水库"), ("游客乘坐峨眉山索道上山。", "峨眉山索道")],
)
def test_a_reservoir_and_a_ropeway_are_named_by_their_stems(text: str, site: str) -> None:
    assert (site, LOC) in _names(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [("牧民在那拉提草原放牧。", "那拉提"), ("丹霞山省级风景名胜区内游人如织。", "丹霞山")],
)
def test_a_grassland_and_a_ranked_scenic_area_are_named_without_their_words_of_kind(text: str, name: str) -> None:
    """某某草原, 某某省级风景名胜区: the name before the word of kind and its rank (PFR 1998: 谷露/ns 草原/n)."""
    names = _names(text)
    assert (name, LOC) in names and not any(n.endswith(("草原", "名胜区")) for n, _ in names)


def test_grassland_alone_is_no_place() -> None:
    assert _names("孩子们在草原上奔跑。") == []
