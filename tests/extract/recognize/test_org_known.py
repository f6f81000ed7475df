"""Known organizations' spans: lexicon names over their fragments, companies' sites, groups' branches,
courts' tribunals, names in capitals with a body's cue, and the newer bureaus' short forms."""

from __future__ import annotations

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.org_known import (
    acronym_org,
    cut_descriptions,
    find_acronym_orgs,
    grow_group_prefix,
    grow_listed,
    grow_tribunals,
    known_whole,
    trim_known_sites,
)
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource, PageMeta

ORG, LOC = EntityType.ORG, EntityType.LOC
GAZ, RULE, TAGGER, GRAMMAR = MentionSource.GAZETTEER, MentionSource.RULE, MentionSource.TAGGER, MentionSource.GRAMMAR


def _at(text: str, surface: str, type_: EntityType, source: MentionSource, kind: EntityKind | None = None) -> Mention:
    start = text.index(surface)
    return Mention("t", start, start + len(surface), surface, type_, source, kind=kind)


def test_a_known_club_holds_the_city_read_inside_it() -> None:
    text = "金州勇士客场击败对手。"
    club = _at(text, "金州勇士", ORG, GAZ, EntityKind.SPORTS_TEAM)
    city = _at(text, "金州", LOC, RULE, EntityKind.CITY)
    assert known_whole([club, city]) == [club]
    # The gazetteer's own place stays for fusion to weigh, and a place beside the club is untouched.
    gaz_city = _at(text, "金州", LOC, GAZ)
    assert known_whole([club, gaz_city]) == [club, gaz_city]
    text = "纽约尼克斯主场迎战对手。"
    city = _at(text, "纽约", LOC, RULE)
    assert known_whole([city]) == [city]


def test_whole_club_names_win_in_recognition() -> None:
    (mentions,) = recognize_text(["据报道，纽约尼克斯与金州勇士今晚交手。"])
    orgs = {m.text for m in mentions if m.type is ORG}
    assert {"纽约尼克斯", "金州勇士"} <= orgs
    assert not [m for m in mentions if m.type is LOC and m.text in ("纽约", "金州")]


def _trim(text: str, surface: str, source: MentionSource = TAGGER) -> str:
    (m,) = trim_known_sites([_at(text, surface, ORG, source)], text, WordIndex.of(text))
    return m.text


def test_a_known_companys_site_is_the_company() -> None:
    assert _trim("宁德时代总部位于福建。", "宁德时代总部") == "宁德时代"
    assert _trim("华为松山湖研发中心投入使用。", "华为松山湖研发中心") == "华为"
    assert _trim("格力电器智能制造基地二期开工。", "格力电器智能制造基地二期", GRAMMAR) == "格力电器"


def test_an_unknown_name_or_a_site_of_no_company_is_kept() -> None:
    assert _trim("星河科技总部落户本市。", "星河科技总部") == "星河科技总部"
    assert _trim("华为技术有限公司发布新品。", "华为技术有限公司") == "华为技术有限公司"
    # A gazetteer's or a rule's name is no guess to cut.
    assert _trim("宁德时代总部位于福建。", "宁德时代总部", GAZ) == "宁德时代总部"


def test_a_groups_short_name_opens_its_provincial_company() -> None:
    text = "国网江西省电力有限公司组织抢修。"
    (m,) = grow_group_prefix([_at(text, "江西省电力有限公司", ORG, GRAMMAR)], text)
    assert m.text == "国网江西省电力有限公司"
    text = "中国移动浙江分公司推出套餐。"
    (m,) = grow_group_prefix([_at(text, "浙江分公司", ORG, TAGGER)], text)
    assert m.text == "浙江分公司"  # 浙江 has no level: no branch named from a division
    text = "国网新疆电力有限公司发布消息。"
    (m,) = grow_group_prefix([_at(text, "新疆电力有限公司", ORG, GRAMMAR)], text)
    assert m.text == "国网新疆电力有限公司"
    text = "记者从江西省电力有限公司获悉。"
    (m,) = grow_group_prefix([_at(text, "江西省电力有限公司", ORG, GRAMMAR)], text)
    assert m.text == "江西省电力有限公司"


def test_a_courts_tribunal_is_named_with_the_court() -> None:
    text = "最高人民法院第一巡回法庭公开宣判。"
    (m,) = grow_tribunals([_at(text, "最高人民法院", ORG, GAZ)], text)
    assert m.text == "最高人民法院第一巡回法庭"
    text = "县人民法院城关法庭受理此案。"
    (m,) = grow_tribunals([_at(text, "县人民法院", ORG, RULE)], text)
    assert m.text == "县人民法院城关法庭"
    text = "区人民法院开庭审理此案。"
    (m,) = grow_tribunals([_at(text, "区人民法院", ORG, RULE)], text)
    assert m.text == "区人民法院"


def _acronyms(text: str) -> list[str]:
    return [m.text for m in find_acronym_orgs("t", text)]


def test_capitals_with_a_bodys_cue_are_an_organization() -> None:
    assert _acronyms("CBA官方昨日公布赛程。") == ["CBA"]
    assert _acronyms("韩国男团BTS将于明年复出。") == ["BTS"]
    assert _acronyms("SNH48成员在发布会上亮相。") == ["SNH48"]
    assert _acronyms("决赛中WBG以3比1击败来自韩国的GEN，首次夺冠。") == ["WBG", "GEN"]


def test_capitals_without_a_cue_or_that_are_words_are_none() -> None:
    assert _acronyms("今年GDP同比增长5%。") == []
    assert _acronyms("该公司CEO表示将继续投入。") == []
    assert _acronyms("MVP成员名单公布。") == []  # an award, not a body
    assert _acronyms("他用iPhone拍摄了ABC。") == []
    assert _acronyms("ABC战胜了困难。") == []  # a match verb needs capitals on its other side


def test_acronym_bodies_pass_fusion_and_others_do_not() -> None:
    (mentions,) = recognize_text(["CBA官方昨日公布赛程，GDP增速放缓。"], use_tagger=False)
    assert [m.text for m in mentions if m.type is ORG] == ["CBA"]
    assert acronym_org(Mention("t", 0, 3, "CBA", ORG, RULE))
    assert not acronym_org(Mention("t", 0, 3, "CBA", ORG, TAGGER))


def test_the_newer_bureaus_short_forms() -> None:
    (mentions,) = recognize_text(["省林草局、市河长办和区乡村振兴局联合开展巡查。"], meta=PageMeta(source="-"), use_tagger=False)
    assert {"省林草局", "市河长办", "区乡村振兴局"} <= {m.text for m in mentions if m.type is ORG}


def test_a_short_name_with_konggu_or_gufen_is_a_securities_name() -> None:
    for text, short, whole in (("美的控股公布年报。", "美的", "美的控股"), ("比亚迪股份发布公告。", "比亚迪", "比亚迪股份")):
        grown = grow_listed([_at(text, short, ORG, GAZ)], text)
        assert [(m.text, m.kind) for m in grown] == [(whole, EntityKind.CORPORATION)]


def test_konggu_and_gufen_as_a_verb_or_a_stake_stay_outside() -> None:
    for text in ("由美的控股的公司。", "他持有美的股份。", "美的控股股东减持。", "美的股份有限公司成立。"):
        assert [m.text for m in grow_listed([_at(text, "美的", ORG, GAZ)], text)] == ["美的"]


def test_a_place_and_field_described_before_a_company_are_cut_off() -> None:
    text = "日本电子企业东芝发布财报，法国能源集团道达尔宣布减产。"
    words = WordIndex.of(text)
    spans = [_at(text, "日本电子企业东芝", ORG, TAGGER), _at(text, "法国能源集团道达尔", ORG, TAGGER)]
    assert [m.text for m in cut_descriptions(spans, text, words)] == ["东芝", "道达尔"]


def test_a_description_alone_before_the_name_is_dropped() -> None:
    text = "日本电子巨头东芝发布财报。"
    spans = [_at(text, "日本电子", ORG, GRAMMAR), _at(text, "东芝", ORG, TAGGER)]
    assert [m.text for m in cut_descriptions(spans, text, WordIndex.of(text))] == ["东芝"]
    text = "华为企业业务增长。"  # a company's own name before 企业: no description
    assert [m.text for m in cut_descriptions([_at(text, "华为", ORG, GAZ)], text, WordIndex.of(text))] == ["华为"]


def test_a_groups_own_names_are_not_descriptions() -> None:
    for name in ("北京汽车集团越野车公司", "中国石油天然气集团公司", "上海汽车集团股份有限公司"):
        text = f"{name}发布公告。"
        kept = cut_descriptions([_at(text, name, ORG, TAGGER)], text, WordIndex.of(text))
        assert [m.text for m in kept] == [name]


def test_a_company_before_its_staff_stays_named() -> None:
    text = "昆明市的工厂里，昆明市蓝天食品有限公司员工正在加班。"
    (mentions,) = recognize_text([text], meta=PageMeta(source="t"))
    assert "昆明市蓝天食品有限公司" in [m.text for m in mentions if m.type is ORG]


def test_a_company_before_a_person_keeps_its_place() -> None:
    text = "珠海蓝海公司王强经理说。"  # a person, not a company, after the name: nothing is described
    spans = [_at(text, "珠海蓝海公司", ORG, GRAMMAR), _at(text, "王强", EntityType.PER, TAGGER)]
    assert [m.text for m in cut_descriptions(spans, text, WordIndex.of(text))] == ["珠海蓝海公司", "王强"]


def test_a_known_companys_new_plant_is_the_company() -> None:
    text = "比亚迪合肥新厂投产。"
    trimmed = trim_known_sites([_at(text, "比亚迪合肥新厂", ORG, TAGGER)], text, WordIndex.of(text))
    assert [m.text for m in trimmed] == ["比亚迪"]
