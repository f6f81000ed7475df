"""Sites below the county: roads, highways, parks, markets … (kg.extract.recognize.local_places)."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer
from kg.extract.recognize import recognize_text
from kg.extract.recognize.local_places import find_local_places, site_kind
from kg.extract.resolve import resolve_entities, resolve_mentions
from kg.lang.words import WordIndex
from kg.model import EntityKey, EntityType, Mention, MentionSource, PageMeta

LOC, ORG = EntityType.LOC, EntityType.ORG
ROAD, HIGHWAY, PARK, MARKET = EntityKind.ROAD, EntityKind.HIGHWAY, EntityKind.PARK, EntityKind.MARKET
NATIONAL = PageMeta(source="-", paper="人民日报")
LOCAL = PageMeta(source="-", home_city="长沙市", province="湖南省")
YUELU, CHANGSHA, ZHUZHOU = (EntityKey.of(LOC, code) for code in ("430104", "430100", "430200"))


def _mentions(text: str, meta: PageMeta = NATIONAL) -> tuple[Mention, ...]:
    (mentions,) = recognize_text([text], meta=meta, use_tagger=True)
    for m in mentions:
        assert text[m.start : m.end] == m.text  # offsets into the text, whatever the rules did
    return mentions


def _sites(text: str, meta: PageMeta = NATIONAL) -> list[tuple[str, EntityKind | None, EntityKey | None]]:
    return [(m.text, m.kind, m.located_in) for m in _mentions(text, meta) if m.type is LOC and m.kind in _SITE_KINDS]


_SITE_KINDS = {ROAD, HIGHWAY, PARK, MARKET, EntityKind.SQUARE, EntityKind.CIVIC_STRUCTURE,
               EntityKind.TOURIST_ATTRACTION, EntityKind.LANDMARK}


def test_two_roads_after_a_district_are_roads_in_it() -> None:
    found = _sites("事故发生在长沙市岳麓区文化路与建设东路交会处。")
    assert found == [("文化路", ROAD, YUELU), ("建设东路", ROAD, YUELU)]  # the direction is the road's


def test_a_road_s_entity_is_keyed_by_its_district_and_contained_in_it() -> None:
    text = "岳麓区文化路今起封闭施工。"
    mentions = resolve_mentions(_mentions(text), meta=NATIONAL, text=text)
    road = next(m for m in mentions if m.text == "文化路")
    assert road.entity == YUELU.within("文化路")
    entities = {e.key: e for e in resolve_entities(mentions)}
    assert entities[YUELU.within("文化路")].parent == YUELU
    assert entities[YUELU].parent == CHANGSHA  # the district's own chain follows


def test_the_same_road_in_two_cities_is_two_places() -> None:
    keys = set()
    for text in ("岳麓区文化路今起封闭施工。", "株洲市文化路今起封闭施工。"):
        mentions = resolve_mentions(_mentions(text), meta=NATIONAL, text=text)
        keys |= {m.entity for m in mentions if m.text == "文化路"}
    assert keys == {YUELU.within("文化路"), ZHUZHOU.within("文化路")}


def test_a_highway_section_is_held_by_its_place() -> None:
    assert _sites("沪昆高速株洲段发生一起追尾事故。") == [("沪昆高速株洲段", HIGHWAY, ZHUZHOU)]
    assert _sites("车辆从G60沪昆高速驶入107国道。") == [("G60沪昆高速", HIGHWAY, None), ("107国道", HIGHWAY, None)]


@pytest.mark.parametrize(("text", "site", "kind"), [
    ("市民在城南口袋公园散步。", "城南口袋公园", PARK),
    ("洋湖湿地公园迎来大批游客。", "洋湖湿地公园", PARK),
    ("红星农贸市场今天开业。", "红星农贸市场", MARKET),
])
def test_sites_named_by_a_stem_and_a_head_have_the_head_s_kind(text: str, site: str, kind: EntityKind) -> None:
    assert _sites(text) == [(site, kind, None)]  # a national paper: no home to place them in
    assert _sites(text, LOCAL) == [(site, kind, CHANGSHA)]  # a local paper's sites lie in its city


@pytest.mark.parametrize("text", [
    "年轻人走上街头。", "这条路很长。", "一条路走到底。", "他找到了出路。", "理清了思路。", "道路宽阔。",
    "乡亲们走上致富路。", "人才市场化改革。", "经济高速发展。", "游客来到公园。", "在城市公园和步行街上。",
    "金价一路下跌。", "兰新铁路复线和集成电路。",
])
def test_a_head_used_as_a_common_word_names_no_site(text: str) -> None:
    assert _sites(text, LOCAL) == []


def test_a_market_supervision_bureau_is_a_government_body_not_a_market() -> None:
    mentions = _mentions("岳麓区市场监督管理局开展检查。")
    assert [(m.text, m.type) for m in mentions] == [("岳麓区市场监督管理局", ORG)]
    assert all(m.kind is not MARKET for m in mentions)


def test_a_site_inside_an_organization_s_name_is_no_mention() -> None:
    text = "人民路小学的学生参加活动。"
    school = Mention("k", 0, 5, "人民路小学", ORG, MentionSource.TAGGER)
    kept = find_local_places("k", text, LOCAL, _gazetteer(), WordIndex.of(text), [school])
    assert kept == [school]


def test_an_organization_read_from_inside_a_site_yields_to_it() -> None:
    """建设东路交会处: 交会处 ends like a body (处), but a body's name cannot start inside a road's."""
    text = "岳麓区建设东路交会处"
    crossing = Mention("k", 5, 10, "东路交会处", ORG, MentionSource.GRAMMAR)
    kept = find_local_places("k", text, NATIONAL, _gazetteer(), WordIndex.of(text), [crossing])
    assert [(m.text, m.kind) for m in kept] == [("建设东路", ROAD)]


def test_site_kind_reads_the_longest_head() -> None:
    assert site_kind("城南口袋公园") is PARK
    assert site_kind("某某批发市场") is MARKET
    assert site_kind("市场监督管理局") is None


def _gazetteer() -> Gazetteer:
    from kg.extract.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.mark.parametrize(("text", "site"), [("这里是（原孟塬车站）的旧址。", "孟塬车站"), ("新世纪公园今天开放。", "新世纪公园")])
def test_former_before_a_site_is_not_its_name(text: str, site: str) -> None:
    sites = [name for name, _, _ in _sites(text)]
    assert sites == [site]


@pytest.mark.parametrize("text", [
    "他们终于走上了康庄大道。", "这是一条阳光大道。", "改革为农民开辟了幸福大道。",
])
def test_a_road_one_sets_out_on_is_a_figure_of_speech(text: str) -> None:
    assert _sites(text, LOCAL) == []


def test_a_named_road_after_a_verb_of_going_is_still_a_road_where_a_road_s_context_follows() -> None:
    text = "车队驶向岳麓区幸福大道，走上幸福大道12号的院子。"
    assert [(name, kind) for name, kind, _ in _sites(text, LOCAL)] == [("幸福大道", ROAD), ("幸福大道", ROAD)]


@pytest.mark.parametrize("paper", ["人民日报", "光明日报", "新华社"])
def test_a_national_paper_s_unplaced_road_stays_uncontained(paper: str) -> None:
    from kg.extract.papers import text_meta

    meta = text_meta(paper)
    assert meta.home_city is None and meta.home_county is None  # no home city, not Beijing
    sites = _sites("记者在文化路与建设东路交会处看到，车流不断。", meta)
    assert [(name, within) for name, _, within in sites] == [("文化路", None), ("建设东路", None)]
    assert [within for _, _, within in _sites("记者在文化路与建设东路交会处看到。", LOCAL)] == [CHANGSHA, CHANGSHA]


@pytest.mark.parametrize("text", ["这是一条成功之路。", "他们走出了一条富民之路。"])
def test_the_way_of_something_is_no_road(text: str) -> None:
    """某某之路: "the way of", a figure of speech (or a person's name ending so), no road."""
    assert _sites(text, LOCAL) == []


def test_a_distance_after_a_road_class_is_no_road_number() -> None:
    """国道、省道31公里: 31 counts kilometres of road widened, it numbers no road."""
    assert not any(name.startswith("省道") for name, _, _ in _sites("年内实现国道、省道31公里拓宽改造。", LOCAL))
    assert ("省道S312线", HIGHWAY) in [(n, k) for n, k, _ in _sites("车辆沿省道S312线行驶。", LOCAL)]


def _names(text: str, meta: PageMeta = NATIONAL) -> list[tuple[str, EntityType]]:
    return [(m.text, m.type) for m in _mentions(text, meta)]


def test_a_scenic_area_is_named_without_its_word_of_kind() -> None:
    """某某风景区, 某某景区: the site is the name before the word of kind (PFR 1998: 楠溪江/ns 景区/n)."""
    found = _sites("国庆假期，云台山风景区接待游客5万人次。")
    assert found == [("云台山", EntityKind.TOURIST_ATTRACTION, None)]


def test_a_city_before_a_scenic_area_s_rare_name_stands_on_its_own() -> None:
    names = _names("上海豫园景区客流回升。")
    assert ("上海", LOC) in names and ("豫园", LOC) in names
    assert not any(name.endswith("景区") for name, _ in names)


@pytest.mark.parametrize("text", ["本市各景区开放，景区门票降价。", "商圈周边车位紧张。"])
def test_a_word_of_kind_alone_names_no_site(text: str) -> None:
    assert _sites(text, LOCAL) == []


def test_a_frequent_word_before_an_airport_keeps_the_city_s_short_name_in_it() -> None:
    assert ("长沙国际机场", EntityKind.CIVIC_STRUCTURE) in [(n, k) for n, k, _ in _sites("航班抵达长沙国际机场。")]


def test_a_street_after_a_district_s_full_name_is_the_district_s_street() -> None:
    """某某区北街: a road is not named after a district written in full; the district holds it."""
    text = "芗城区北街今起封闭施工。"
    names = _names(text)
    assert names[:2] == [("芗城区", LOC), ("北街", LOC)]
    street = next(m for m in _mentions(text) if m.text == "北街")
    district = next(m for m in _mentions(text) if m.text == "芗城区")
    assert street.kind is ROAD and street.located_in == EntityKey.of(LOC, district.code)


def test_a_road_named_after_a_province_s_short_name_keeps_it() -> None:
    assert [(n, k) for n, k, _ in _sites("岳麓区湖南路今起封闭施工。")] == [("湖南路", ROAD)]


def test_a_placed_road_glued_to_a_localizer_ends_before_it() -> None:
    """某某路边, 某某街上: jieba joins the head to the localizer; the road ends before it."""
    assert ("田安路", ROAD) in [(n, k) for n, k, _ in _sites("老人们在丰泽区田安路边下棋。")]


@pytest.mark.parametrize("text", ["他在回家路上摔倒了。", "母亲常年奔波在求医路上。", "孩子们走在放学路上。"])
def test_a_way_home_is_no_road(text: str) -> None:
    assert _sites(text, LOCAL) == []


def test_roads_named_after_a_date_are_roads_where_a_crossing_says_so() -> None:
    text = "八一路与中山路交会处发生事故。"
    assert [(n, k) for n, k, _ in _sites(text, LOCAL)] == [("八一路", ROAD), ("中山路", ROAD)]
    assert not any(m.type is ORG for m in _mentions(text, LOCAL))  # 交会处: where they meet, no body


@pytest.mark.parametrize("text", ["股价一路下跌。", "警方兵分两路展开搜索。", "他们三五成群，一路说笑。"])
def test_numbers_before_a_road_s_head_name_no_road(text: str) -> None:
    assert _sites(text, LOCAL) == []


@pytest.mark.parametrize(("text", "name"), [("外环高速今起限行。", "外环高速"), ("机场高速车流量大增。", "机场高速")])
def test_a_city_s_ring_or_airport_expressway_is_a_highway(text: str, name: str) -> None:
    assert (name, HIGHWAY) in [(n, k) for n, k, _ in _sites(text, LOCAL)]


def test_an_old_street_after_a_place_is_a_road() -> None:
    assert ("黄姚老街", ROAD) in [(n, k) for n, k, _ in _sites("昭平县黄姚老街游人如织。")]


def test_a_city_before_a_park_is_its_own_place_but_an_airport_takes_the_city_in() -> None:
    park = [(m.text, m.kind) for m in _mentions("长沙人民公园里游人如织。") if m.type is LOC]
    assert park == [("长沙", None), ("人民公园", PARK)]  # the park has a name of its own
    airport = [m.text for m in _mentions("他乘飞机抵达长沙国际机场。") if m.type is LOC]
    assert airport == ["长沙国际机场"]  # an airport has none but its city's


def test_a_city_s_ring_expressway_takes_the_city_in() -> None:
    assert [(t, k) for t, k, _ in _sites("长沙绕城高速发生追尾。")] == [("长沙绕城高速", HIGHWAY)]


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("岳麓区桃花小区的业主反映，电梯常坏。", "桃花小区"),  # a residential compound
        ("剧组在象山影视城拍摄新剧。", "象山影视城"),  # a film studio
        ("长沙绕城高速枫林立交附近发生追尾。", "枫林立交"),  # an interchange
    ],
)
def test_compounds_studios_and_interchanges_are_sites(text: str, site: str) -> None:
    assert site in [m.text for m in _mentions(text) if m.type is LOC]


def test_a_compound_used_as_a_common_noun_is_no_site() -> None:
    assert [m for m in _mentions("这个小区的居民反映，小区门口堵车。") if m.type is LOC] == []


def _rule_places(text: str) -> list[str]:
    (mentions,) = recognize_text([text], meta=NATIONAL, use_tagger=False)
    return [m.text for m in mentions if m.type is LOC]


def test_a_one_character_village_after_its_township_but_no_word_of_quantity() -> None:
    assert _rule_places("安化县梅城镇洞村的村民种上了西瓜。") == ["安化县", "梅城镇", "洞村"]
    assert _rule_places("安化县梅城镇各村都通了公交。") == ["安化县", "梅城镇"]


def test_a_district_glued_to_its_city_by_the_segmenter_is_still_found() -> None:
    assert _rule_places("昌都市卡若区的牧民搬进了新居。") == ["昌都市", "卡若区"]  # jieba: 昌都|市卡若区


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        ("长沙烈士公园的樱花开了。", "长沙烈士公园", "烈士公园"),  # a park: its own name
        ("长沙桃源村的村民。", "长沙桃源村", "桃源村"),  # a village
        ("长沙国际会展中心开幕。", "长沙国际会展中心", "长沙国际会展中心"),  # a hall: one name with its city
        ("长沙近代史博物馆开馆。", "长沙近代史博物馆", "长沙近代史博物馆"),
    ],
)
def test_the_tagger_s_city_and_park_are_two_places_but_a_hall_keeps_its_city(
    text: str, tagged: str, expected: str
) -> None:
    from kg.extract.gazetteer import load_gazetteer

    city = Mention("k", 0, 2, "长沙", LOC, MentionSource.ALIAS, canonical="长沙市", code="430100")
    whole = Mention("k", 0, len(tagged), tagged, LOC, MentionSource.TAGGER)
    out = find_local_places("k", text, NATIONAL, load_gazetteer(), WordIndex.of(text), [city, whole])
    assert expected in [m.text for m in out if m.source is MentionSource.TAGGER]


def test_a_township_of_a_county_named_earlier_is_found_alone() -> None:
    assert _rule_places("黑茶节在安化县开幕，梅城镇的茶农忙着采茶。") == ["安化县", "梅城镇"]
    assert _rule_places("梅城镇的茶农忙着采茶。") == []  # no county says which 梅城镇


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("比赛在滨江公园球场举行。", "滨江公园球场"),  # a pitch named after its park
        ("岳麓区枫林路社区把空地改造成停车场。", "枫林路社区"),  # a community named after its road
    ],
)
def test_a_site_named_after_a_site(text: str, site: str) -> None:
    assert site in [m.text for m in _mentions(text) if m.type is LOC]


def test_a_race_in_business_or_sport_is_no_site() -> None:
    assert [m for m in _mentions("新能源赛道竞争激烈，公园开放雪地越野赛道。") if m.type is LOC] == []


def test_a_stem_starts_after_the_place_a_word_of_the_segmenter_crosses() -> None:
    from kg.extract.recognize.site_stems import stem_before

    text = "资兴市钢城大道"
    cut = [(0, 2, "资兴", "ns"), (2, 5, "市钢城", "n"), (5, 7, "大道", "n")]  # a segmenter's 市钢城
    words = WordIndex(words=tuple((s, e, text[s:e], t) for s, e, _, t in cut),
                      starts={s: (e, t) for s, e, _, t in cut}, ends={e: (s, t) for s, e, _, t in cut})
    city = Mention("k", 0, 3, "资兴市", LOC, MentionSource.GAZETTEER, canonical="资兴市", code="431081")
    stem = stem_before(text, 5, words, {3: city})
    assert stem is not None and stem.start == 3  # 钢城, not 市钢城


def test_a_city_s_shi_before_its_township_is_the_city_s_not_a_mayor_s() -> None:
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.recognize.places import find_places

    def gazetteer_places(text: str) -> list[str]:
        return [m.text for m in find_places("k", text, NATIONAL, load_gazetteer(), WordIndex.of(text))]

    assert gazetteer_places("尚志市长寿乡的木耳丰收了。")[:2] == ["尚志市", "长寿乡"]
    assert gazetteer_places("尚志市长在会上讲话。") == ["尚志"]  # 市长: the mayor


def _places(text: str) -> list[str]:
    return [m.text for m in _mentions(text) if m.type is LOC]


@pytest.mark.parametrize(("text", "railway"), [
    ("京沪高铁今年客流创新高。", "京沪高铁"),  # the ends' one-character names
    ("宝成铁路部分路段因暴雨停运。", "宝成铁路"),
    ("沪渝沿江高铁开工建设。", "沪渝沿江高铁"),  # the ends' names, then the course
])
def test_a_railway_named_by_its_ends_is_a_place(text: str, railway: str) -> None:
    assert railway in _places(text)


@pytest.mark.parametrize("text", ["这条铁路穿过山区。", "高铁开通后出行更方便。", "乘坐高铁去上班。"])
def test_a_railway_with_no_name_is_no_place(text: str) -> None:
    assert not any(name.endswith(("铁路", "高铁")) for name in _places(text))


@pytest.mark.parametrize(("text", "site"), [
    ("卧龙自然保护区新发现一处大熊猫栖息地。", "卧龙"),  # the reserve is marked by its name
    ("九寨沟核心景区暂停开放。", "九寨沟"),
])
def test_a_word_of_kind_after_a_scenic_name_is_not_the_name_s(text: str, site: str) -> None:
    found = _places(text)
    assert site in found
    assert not any(name.startswith(site) and name != site for name in found)


def test_a_city_s_border_crossing_with_no_name_of_its_own_keeps_the_city() -> None:
    """某市公路口岸: the crossing's stem is an ordinary word, the city names it."""
    assert "深圳公路口岸" in _places("深圳公路口岸今年通关车辆增加。")


def test_a_city_short_name_ending_in_州_names_its_old_town() -> None:
    """州 ends city short names (苏州, 杭州), not only a level: 苏州古城 is one sight, not 苏州 + a kind."""
    suzhou = PageMeta(source="-", paper="苏州日报")
    assert ("苏州古城", EntityType.LOC) in _names("游客漫步苏州古城。", suzhou)
