"""The tagger's organization spans mended: run-ons cut, places' seats dropped, services and affiliates grown."""

from __future__ import annotations

import dataclasses

from kg.extract.recognize.brands import company_shops, grow_services, known_company
from kg.extract.recognize.org_spans import (
    cut_runons,
    grow_affiliates,
    grow_divisions,
    grow_registered,
    grow_subsidiaries,
    split_heads,
    trim_company_sites,
)
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource

PER, ORG, LOC = EntityType.PER, EntityType.ORG, EntityType.LOC


def _at(text: str, surface: str, kind: EntityType = ORG, source: MentionSource = MentionSource.TAGGER) -> Mention:
    start = text.index(surface)
    return Mention("t", start, start + len(surface), surface, kind, source)


def _cut(text: str, surface: str, *others: Mention) -> list[tuple[str, EntityType]]:
    out = cut_runons([_at(text, surface), *others], text, WordIndex.of(text))
    for m in out:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.type) for m in out if m.source in (MentionSource.TAGGER, MentionSource.RULE)]


def test_a_post_and_a_person_after_a_body_are_cut_off() -> None:
    assert _cut("江城人民医院眼科医生许明提醒市民注意用眼。", "江城人民医院眼科医生许明") == [("江城人民医院", ORG)]
    assert _cut("星河影业创始人周立接受采访。", "星河影业创始人周立") == [("星河影业", ORG)]
    # A person's name ending like a body (军, 团) is still a person's.
    assert _cut("星河兄弟创始人王建军接受采访。", "星河兄弟创始人王建军") == [("星河兄弟", ORG)]


def test_a_place_and_a_verb_before_a_post_are_no_name() -> None:
    # 某县某镇退休|干部: the part before the post ends inside a word; nothing is left of the span.
    assert _cut("青田县仁庄镇退休干部林海生捐资修路。", "青田县仁庄镇退休干部林海生捐资修路") == []


def test_a_body_whose_name_holds_a_post_is_whole() -> None:
    for text, name in [
        ("中国浦东干部学院举办培训班。", "中国浦东干部学院"),
        ("中国共产党第九次全国代表大会召开。", "中国共产党第九次全国代表大会"),
        ("北方抗日救亡同志会成立。", "北方抗日救亡同志会"),
    ]:
        assert _cut(text, name) == [(name, ORG)]


def test_de_ends_the_body_at_its_head() -> None:
    text = "江口镇中心卫生院的家庭医生团队进村巡诊。"
    assert _cut(text, "江口镇中心卫生院的家庭医生团队") == [("江口镇中心卫生院", ORG)]
    # A place, 的 and a kind of body: no name at all.
    text = "西安某小区的物业公司贴出通知。"
    assert _cut(text, "西安某小区的物业公司") == []


def test_two_companies_joined_by_yu_are_split() -> None:
    text = "蓝湾咖啡与贵州茅台推出联名款。"
    known = _at(text, "贵州茅台", source=MentionSource.GAZETTEER)
    assert _cut(text, "蓝湾咖啡与贵州茅台", known) == [("蓝湾咖啡", ORG), ("贵州茅台", ORG)]
    text = "谷歌母公司Alphabet公布财报。"
    assert _cut(text, "谷歌母公司Alphabet") == [("谷歌", ORG), ("Alphabet", ORG)]


def test_a_conjunction_inside_one_body_stays() -> None:
    for text, name in [
        ("市人力资源和社会保障局发布通知。", "市人力资源和社会保障局"),
        ("美国艺术与科学院公布新院士。", "美国艺术与科学院"),
        ("中华人民共和国外交部发表声明。", "中华人民共和国外交部"),
    ]:
        assert _cut(text, name) == [(name, ORG)]


def test_a_place_and_a_seat_are_no_body() -> None:
    assert _cut("董事长在上海总部会见客人。", "上海总部") == []
    assert _cut("网友向中国团队表示祝贺。", "中国团队") == []
    # A name before the seat's word keeps the span.
    assert _cut("长江存储武汉基地投产。", "长江存储武汉基地") == [("长江存储武汉基地", ORG)]


def test_an_event_after_a_body_is_cut_off() -> None:
    text = "他主持了北辰集团股东大会。"
    assert _cut(text, "北辰集团股东大会") == [("北辰集团", ORG)]
    # A city's summit: the city is a place, read by the place rules.
    text = "他在里斯本峰会上表示支持。"
    city = _at(text, "里斯本", LOC, MentionSource.GAZETTEER)
    assert _cut(text, "里斯本峰会", city) == []


def test_rules_spans_are_never_cut() -> None:
    text = "江城人民医院眼科医生许明提醒。"
    rule = _at(text, "江城人民医院眼科医生许明", source=MentionSource.RULE)
    assert cut_runons([rule], text, WordIndex.of(text)) == [rule]


def test_a_known_company_takes_its_service_in() -> None:
    assert known_company("新浪") and not known_company("苹果")  # 苹果 needs a cue
    for text, company, grown in [
        ("新浪财经消息，股市收涨。", "新浪", "新浪财经"),
        ("搜狐视频讯（记者王某）", "搜狐", "搜狐视频"),
        ("顺丰快递的分拣中心投用。", "顺丰", "顺丰快递"),
    ]:
        out = grow_services([_at(text, company, source=MentionSource.GAZETTEER)], text, WordIndex.of(text))
        assert [m.text for m in out] == [grown]


def test_a_service_word_that_runs_on_is_not_taken() -> None:
    # 新浪体育馆 is no service's name: 体育 does not end a word there.
    text = "新浪体育馆建成。"
    out = grow_services([_at(text, "新浪", source=MentionSource.GAZETTEER)], text, WordIndex.of(text))
    assert [m.text for m in out] == ["新浪"]
    # An unknown name is not grown.
    text = "星河视频上线。"
    out = grow_services([_at(text, "星河")], text, WordIndex.of(text))
    assert [m.text for m in out] == ["星河"]


def test_a_universitys_hospital_is_named_whole() -> None:
    text = "南方医科大学附属第三医院开设门诊。"
    out = grow_affiliates([_at(text, "南方医科大学", source=MentionSource.GRAMMAR)], text)
    assert [m.text for m in out] == ["南方医科大学附属第三医院"]
    text = "南方医科大学附近的医院很多。"
    out = grow_affiliates([_at(text, "南方医科大学", source=MentionSource.GRAMMAR)], text)
    assert [m.text for m in out] == ["南方医科大学"]


def test_a_known_companys_shop_is_the_company() -> None:
    text = "步行街的星巴克门店今天开业。"
    out = company_shops([_at(text, "星巴克门店", LOC)], text)
    assert [(m.text, m.type, m.source) for m in out] == [("星巴克", ORG, MentionSource.RULE)]
    # 苹果 needs a cue; the shop's word is one.
    text = "商场里的苹果直营店排起长队。"
    assert [m.text for m in company_shops([_at(text, "苹果直营店", LOC)], text)] == ["苹果"]
    # An unknown name's shop stays the tagger's reading.
    text = "街角的青禾门店关门了。"
    assert [m.text for m in company_shops([_at(text, "青禾门店", LOC)], text)] == ["青禾门店"]


def test_a_subsidiary_named_after_its_group_is_whole() -> None:
    text = "远洋控股集团海丰集团有限公司成立。"
    grown = grow_subsidiaries([_at(text, "远洋控股集团", source=MentionSource.GRAMMAR)], text, WordIndex.of(text))
    assert [m.text for m in grown] == ["远洋控股集团海丰集团有限公司"]
    text = "远洋控股集团旗下公司成立。"
    grown = grow_subsidiaries([_at(text, "远洋控股集团", source=MentionSource.GRAMMAR)], text, WordIndex.of(text))
    assert [m.text for m in grown] == ["远洋控股集团"]


def test_a_companys_site_after_its_full_name_is_cut_off() -> None:
    text = "镇上的丰源农业股份有限公司种植基地投产。"
    out = trim_company_sites([_at(text, "丰源农业股份有限公司种植基地", source=MentionSource.GRAMMAR)], text)
    assert [m.text for m in out] == ["丰源农业股份有限公司"]
    text = "酒泉卫星发射基地发射成功。"
    out = trim_company_sites([_at(text, "酒泉卫星发射基地", source=MentionSource.GRAMMAR)], text)
    assert [m.text for m in out] == ["酒泉卫星发射基地"]


def test_a_body_started_inside_a_county_name_leaves_the_county() -> None:
    text = "道县清塘镇卫生院新建中医馆。"
    county = _at(text, "道县", LOC, MentionSource.GAZETTEER)
    out = grow_divisions([county, _at(text, "县清塘镇卫生院")], text, WordIndex.of(text))
    assert [m.text for m in out] == ["道县", "清塘镇卫生院"]
    # The grammar's name started at a lone level takes in the place's word before it.
    text = "隆化县七家镇葡萄专业合作社成立。"
    county = _at(text, "隆化县", LOC, MentionSource.GAZETTEER)
    grammar = _at(text, "镇葡萄专业合作社", source=MentionSource.GRAMMAR)
    out = grow_divisions([county, grammar], text, WordIndex.of(text))
    assert [m.text for m in out] == ["隆化县", "隆化县七家镇葡萄专业合作社"]


def test_a_team_of_a_body_is_cut_back_to_the_body() -> None:
    assert _cut("江城人民医院心内科团队完成手术。", "江城人民医院心内科团队") == [("江城人民医院", ORG)]
    # A team of no named body is no name.
    assert _cut("基地接待中小学生研学团队五十批次。", "中小学生研学团队") == []
    # A team that is a body's name of its own (国家队, 某某车队) is not cut.
    assert _cut("长江车队获得冠军。", "长江车队") == [("长江车队", ORG)]


def test_a_registered_company_takes_the_divisions_before_it() -> None:
    text = "湖北秭归屈乡果业股份有限公司投产。"
    province = dataclasses.replace(_at(text, "湖北", LOC, MentionSource.GAZETTEER), code="42")
    county = dataclasses.replace(_at(text, "秭归", LOC, MentionSource.ALIAS), code="420527")
    company = _at(text, "屈乡果业股份有限公司")
    out = grow_registered([province, county, company], text)
    assert [m.text for m in out][-1] == "湖北秭归屈乡果业股份有限公司"
    # A short company name is not a registered one: the place stays apart.
    text = "湖北屈乡果业投产。"
    province = dataclasses.replace(_at(text, "湖北", LOC, MentionSource.GAZETTEER), code="42")
    out = grow_registered([province, _at(text, "屈乡果业")], text)
    assert [m.text for m in out] == ["湖北", "屈乡果业"]


def test_the_grammars_seat_of_a_place_is_dropped() -> None:
    text = "决赛中他们击败韩国战队。"
    grammar = _at(text, "韩国战队", source=MentionSource.GRAMMAR)
    assert cut_runons([grammar], text, WordIndex.of(text)) == []


def test_a_paper_in_title_marks_is_the_body() -> None:
    assert _cut("据意大利《米兰体育报》报道，转会已完成。", "意大利《米兰体育报》") == [("米兰体育报", ORG)]
    # A work's title is no part of a body's name.
    assert _cut("他主演的《风起长林》热播。", "他主演的《风起长林》") == []


def test_a_place_and_a_head_cut_into_words_make_a_body() -> None:
    text = "江岸区消防救援站组织演练。"
    district = _at(text, "江岸区", LOC, MentionSource.GAZETTEER)
    assert [m.text for m in split_heads([district], text, WordIndex.of(text))] == ["江岸区消防救援站"]
    # The district's short name, after the text named it whole.
    text = "武汉市江岸区一栋楼起火，江岸消防救援站赶到。"
    district = _at(text, "江岸区", LOC, MentionSource.GAZETTEER)
    assert [m.text for m in split_heads([district], text, WordIndex.of(text))] == ["江岸消防救援站"]
    # No place before the head: no body.
    text = "附近的消防救援站赶到。"
    other = _at(text, "附近", LOC, MentionSource.TAGGER)
    assert split_heads([other], text, WordIndex.of(text)) == []


def test_a_bodys_fans_are_cut_off() -> None:
    assert _cut("台下的星光乐队歌迷高喊。", "星光乐队歌迷") == [("星光乐队", ORG)]
    assert _cut("现场的飞鹰俱乐部球迷合唱。", "飞鹰俱乐部球迷") == [("飞鹰俱乐部", ORG)]
    assert _cut("粉丝团成立。", "粉丝团") == [("粉丝团", ORG)]  # the word at the start is no run-on


def test_a_place_and_a_plant_name_no_body() -> None:
    for text, span in (("他在浙江宁波生产基地接受采访。", "浙江宁波生产基地"), ("公司在德国建设第二座欧洲工厂。", "欧洲工厂")):
        assert _cut(text, span) == []
        grammar = _at(text, span, ORG, MentionSource.GRAMMAR)
        assert cut_runons([grammar], text, WordIndex.of(text)) == []
    text = "红星机械厂扩大生产。"  # a name before the plant's word: a body
    assert _cut(text, "红星机械厂") == [("红星机械厂", ORG)]
