"""Trade names: a place and an industry word (airlines, metros, department stores, TV channels),
and businesses introduced by their name (一家名为某某的公司)."""

from __future__ import annotations

from kg.extract.recognize import recognize_text
from kg.model import EntityType, PageMeta


def _orgs(text: str) -> list[str]:
    (mentions,) = recognize_text([text], meta=PageMeta(source="-"), use_tagger=False)
    return [m.text for m in mentions if m.type is EntityType.ORG]


def test_a_place_and_an_industry_word_name_a_company() -> None:
    assert _orgs("山东航空开通新航线。") == ["山东航空"]
    assert _orgs("南昌地铁发布运营公告。") == ["南昌地铁"]
    assert _orgs("广西卫视播出纪录片。") == ["广西卫视"]
    assert _orgs("成都百货推出促销活动。") == ["成都百货"]


def test_a_line_a_stop_or_a_public_bodys_head_after_it_is_no_company() -> None:
    assert "南昌地铁" not in _orgs("南昌地铁3号线今日开通。")
    assert "南昌地铁" not in _orgs("南昌地铁站人流密集。")
    assert _orgs("南昌地铁办发布通知。") != ["南昌地铁"]
    assert _orgs("美国航空航天局发射探测器。") != ["美国航空"]


def test_a_business_introduced_by_its_name() -> None:
    assert _orgs("一家名为蓝鲸数据的初创公司获得融资。") == ["蓝鲸数据"]
    assert _orgs("他开了一家名叫“老灶台”的餐馆。") == ["老灶台"]
    assert _orgs("一名名为王某的男子被抓获。") == []
