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


def test_a_short_trade_name_and_its_business() -> None:
    assert _orgs("据青禾传媒介绍，新片将于暑期上映。") == ["青禾传媒"]
    assert _orgs("在北辰影业的发布会上，导演透露了细节。") == ["北辰影业"]
    assert _orgs("所属公司KX娱乐尚未回应。") == ["KX娱乐"]
    assert _orgs("业主与恒泰物业协商未果。") == ["恒泰物业"]


def test_a_kind_of_business_or_a_thing_of_it_is_no_trade_name() -> None:
    assert _orgs("该公司是一家文化传媒企业。") == []
    assert _orgs("小区物业费每平方米上调。") == []
    assert _orgs("他早年进入娱乐圈。") == []
    assert _orgs("不少网络传媒报道了此事。") == []


def test_a_quoted_shop_with_a_shops_word_beside_it() -> None:
    assert _orgs("巷口的“周记米粉”门口排起长队。") == ["周记米粉"]
    assert _orgs("装修公司“安居家装”起初推诿。") == ["安居家装"]
    assert _orgs("东街的“王家饺子”已有三十多年历史。") == ["王家饺子"]


def test_quotes_without_a_shops_word_name_no_shop() -> None:
    assert _orgs("两家企业联名推出的“桂花拿铁”上市。") == []
    assert _orgs("活动主题是“快乐成长”，吸引了许多家庭。") == []


def test_a_cooperative_is_named_from_its_place_product_and_work() -> None:
    text = "兰考县蜜瓜种植专业合作社理事长说，大王庄村肉牛养殖专业合作社也加入了。"
    assert _orgs(text) == ["兰考县蜜瓜种植专业合作社", "大王庄村肉牛养殖专业合作社"]


def test_a_trade_association_takes_its_place_before_a_post() -> None:
    assert "库尔勒市香梨产业协会" in _orgs("库尔勒市香梨产业协会会长介绍了今年的收成。")


def test_a_clause_before_a_cooperative_is_no_name() -> None:
    for text in ("兰考县有专业合作社20家。", "兰考县新成立专业合作社三家。", "兰考县的专业合作社。"):
        assert not any("合作社" in name for name in _orgs(text))
    assert "兰考县政治协商会" not in _orgs("兰考县政治协商会议召开。")


def test_companies_that_need_a_cue_are_found_at_every_start() -> None:
    from kg.extract.recognize.brands import _cued_scan

    text = "他买了小鹏汽车，又去看小米和大众。"
    found = _cued_scan(text)
    assert ("小鹏", 3) in found and ("小米", 11) in found and ("大众", 14) in found
    assert all(text[i : i + len(name)] == name for name, i in found)
    assert _cued_scan("今天天气很好。") == []
