"""Resolution: canonical names, codes, hierarchy, affiliations, one entity per thing."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.model import Byline, EntityKey, EntityType, Mention, MentionSource, Page, PageMeta, Role
from kg.extract.page import extract_page
from kg.extract.papers import paper_profile
from kg.extract.recognize import recognize_text
from kg.extract.resolve import entity_key, resolve_entities, resolve_mentions

PER, ORG, LOC = EntityType.PER, EntityType.ORG, EntityType.LOC


def _meta(paper: str = "荆州日报") -> PageMeta:
    profile = paper_profile(paper)
    return PageMeta(source="-", paper=paper, **profile.homes())


def _resolved(*texts: str, paper: str = "荆州日报") -> list[Mention]:
    meta = _meta(paper)
    out: list[Mention] = []
    for text, found in zip(texts, recognize_text(list(texts), meta=meta, use_tagger=False)):
        out.extend(resolve_mentions(found, meta=meta, text=text))
    return out


def _entities(*texts: str, paper: str = "荆州日报"):
    return {e.name: e for e in resolve_entities(_resolved(*texts, paper=paper))}


def test_aliases_of_one_body_are_one_entity():
    entities = _entities("荆州公安深化改革。", "荆州市公安局负责人表示。", "市公安局开展行动。")
    police = entities["荆州市公安局"]
    assert police.type is ORG
    assert set(police.aliases) == {"荆州公安", "市公安局"}
    assert police.mention_count == 3
    assert police.located_in == EntityKey.of(LOC, "421000")


def test_abbreviations_expand_with_the_home_city_and_province():
    entities = _entities("记者从市文旅局获悉。", "省住建厅组织评选。", "市作协赠书。荆州作协走基层。")
    assert "荆州市文化和旅游局" in entities
    assert "湖北省住房和城乡建设厅" in entities
    assert set(entities["荆州市作家协会"].aliases) == {"市作协", "荆州作协"}
    # Another paper's home city gives another body.
    other = _entities("记者从市文旅局获悉。", paper="三峡日报")
    assert "宜昌市文化和旅游局" in other


@pytest.mark.parametrize(
    ("paper", "text", "names"),
    [
        # A county-level city's paper: 市 is that city, not the prefecture it lies in.
        ("宜都报", "我市召开会议，市委书记出席，市教育局、团市委负责人参加。",
         {"宜都市", "中共宜都市委员会", "宜都市教育局", "共青团宜都市委员会"}),
        ("和县报", "我县召开会议，县委书记出席，县教育局负责人参加。", {"和县", "中共和县委员会", "和县教育局"}),
    ],
)
def test_a_county_paper_s_levels_and_deictics_are_its_county(paper: str, text: str, names: set[str]):
    entities = _entities(text, paper=paper)
    assert names <= set(entities)
    assert not any(e.type is ORG and ("宜昌市" in name or "马鞍山市" in name) for name, e in entities.items())


def test_a_body_only_a_prefecture_has_is_the_city_s_in_a_county_paper():
    assert "宜昌市中级人民法院" in _entities("市中院审结一起案件。", paper="宜都报")
    assert "北京市中级人民法院" not in _entities("市中院审结一起案件。", paper="海淀报")  # Beijing's are numbered


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("市委宣传部发文。", "中共荆州市委宣传部"),
        ("省委组织部公布名单。", "中共湖北省委组织部"),
        ("荆州市委统战部举办活动。", "中共荆州市委统一战线工作部"),
        ("市政法委召开会议。", "中共荆州市委政法委员会"),
        ("市纪委通报三起案件。", "中共荆州市纪律检查委员会"),
        ("市政协召开常委会。", "中国人民政治协商会议荆州市委员会"),
        ("团市委组织志愿活动。", "共青团荆州市委员会"),
        ("中央组织部负责人介绍。", "中共中央组织部"),
        ("市委党校举办培训班。", "中共荆州市委党校"),
        ("市中院审结一起案件。", "荆州市中级人民法院"),
        ("荆州区检察院提起公诉。", "荆州区人民检察院"),  # not 荆州市 + 区检察院
        ("市交警支队发布出行提示。", "荆州市公安局交通警察支队"),
        ("市委常委、宣传部部长王建国出席。", "中共荆州市委宣传部"),  # the committee's own department
        ("记者来到沙市区，区教育局负责人介绍。", "沙市区教育局"),  # the one district the story names
    ],
)
def test_party_and_local_bodies_take_their_official_names(text, name):
    assert name in _entities(text)


def test_local_bodies_of_another_papers_city():
    entities = _entities(
        "宜昌市第一人民医院（市一医院）的医护人员走进社区。中国银行宜昌分行参加。",
        "龙泉镇政府、鸦鹊岭镇人民政府有关负责人表示，将推广经验。",
        paper="三峡日报",
    )
    assert set(entities["宜昌市第一人民医院"].aliases) == {"市一医院"}
    assert entities["中国银行宜昌分行"].type is ORG  # a branch keeps its body's name
    assert entities["龙泉镇人民政府"].aliases == ("龙泉镇政府",)
    assert "鸦鹊岭镇人民政府" in entities


def test_a_township_of_the_home_city_by_its_full_name():
    town = _entities("记者来到鸦鹊岭镇走访。", paper="三峡日报")["鸦鹊岭镇"]
    assert town.type is LOC and str(town.parent) == "LOC:420506"  # 夷陵区
    # 襄阳 has a 城关镇 in two of its counties: no one place
    assert "城关镇" not in _entities("记者来到城关镇走访。", paper="襄阳日报")
    assert "板桥镇" not in _entities("记者来到板桥镇走访。", paper="襄阳日报")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("市政府办理人大代表建议。", "荆州市人民政府"),  # 办理, not 政府办
        ("省委办公厅、省政府办公厅印发通知。", "中共湖北省委办公厅"),  # a province's offices are 办公厅
        ("省委办公厅、省政府办公厅印发通知。", "湖北省人民政府办公厅"),
        ("省检察院提起公诉。", "湖北省人民检察院"),
        ("石首市法院审结此案。", "石首市人民法院"),  # a county-level city has a county's court
        ("荆州区畜牧兽医局开展检查。", "荆州区畜牧兽医局"),  # not 荆州市 + 区畜牧兽医局
        ("宜昌市第二中学的学生参加。", "宜昌市第二中学"),  # a rank inside the name
        ("市委宣传部长期坚持这一做法。", "中共荆州市委宣传部"),  # 部长期, no 部长
        ("共青团市委发出倡议。", "共青团荆州市委员会"),
        ("本次比赛由省住建厅主办。", "湖北省住房和城乡建设厅"),  # the segmenter reads 由省 as one word
    ],
)
def test_local_bodies_edge_cases(text, name):
    assert name in _entities(text, paper="三峡日报" if "宜昌" in text else "荆州日报")


@pytest.mark.parametrize(
    "text",
    [
        "走在城市中院落里。",  # 城市|中院落: no 市中院
        "全市一医院一特色。",  # 全市|一医院
        "山西大同市三医院的医生。",  # 大同市, not the paper's city
        "记者在沙市区采访，开发区教育局介绍。",  # 开发区|教育局: no 区教育局
        "代表团市委书记发言。",  # 代表团|市委
        "宣传部部长李明出席。",  # jieba tags 宣传部 as a name
    ],
)
def test_no_body_of_the_papers_city_here(text):
    entities = _entities(text)
    assert not any(("荆州市" in name or "沙市区" in name) and e.type is ORG for name, e in entities.items()), entities
    assert "宣传部" not in entities


def test_written_out_names_are_the_short_forms_bodies():
    entities = _entities(
        "中共荆州市纪律检查委员会通报。", "荆州市纪律检查委员会通报。", "市纪委通报。",
        "中国人民政治协商会议荆州市委员会召开会议。", "市政协召开会议。",
        "共青团荆州市委员会发文。", "团市委发文。",
        "荆州市委政法委员会召开会议。", "市政法委召开会议。",
    )
    assert entities["中共荆州市纪律检查委员会"].mention_count == 3
    assert entities["中国人民政治协商会议荆州市委员会"].mention_count == 2
    assert entities["共青团荆州市委员会"].mention_count == 2
    assert entities["中共荆州市委政法委员会"].mention_count == 2


def test_townships_that_read_as_words_first():
    for text in ("推进老城镇改造。", "漫步在城南街道上。"):
        assert not [n for n, e in _entities(text).items() if e.type is LOC and e.mention_count], text
    assert not [n for n, e in _entities("学院街道两旁绿树成荫。", paper="三峡日报").items() if e.mention_count]


def test_a_bare_level_is_no_district_when_the_story_names_two():
    entities = _entities("沙市区和荆州区联合行动，区教育局参加。")
    assert "区教育局" not in {a for e in entities.values() for a in e.aliases}
    assert not any(name.endswith("区教育局") and len(name) > 5 for name in entities)


def test_departments_in_general_and_titles_are_no_bodies():
    for text in ("市委宣传部门要结合实际。", "市委常委、组织部长李明出席。"):
        assert not any("部" in name for name in _entities(text)), text


def test_a_department_before_its_head_is_no_person():
    entities = _entities("市委常委、宣传部部长王建国出席。")
    assert entities["王建国"].type is PER and "宣传部" not in entities


def test_national_bodies_resolve_to_their_full_names():
    entities = _entities("欧盟轮值主席国今年由英国担任。", "欧洲联盟委员会发表声明。", "中宣部和国家教委联合发文。")
    assert entities["欧洲联盟"].type is ORG and "欧盟" in entities["欧洲联盟"].aliases
    assert "中共中央宣传部" in entities and "国家教育委员会" in entities
    assert "欧洲联盟委员会" in entities  # a body of the union is a body of its own
    assert "全国人民代表大会" in _entities("他是全国人大代表。")  # 人大代表 is one word to jieba
    assert _entities("中国国旅组织游客。")["中国国际旅行社"].type is ORG
    both = _entities("全国政协委员出席。", "中国人民政治协商会议全国委员会召开会议。", "中纪委和中央纪委发文。")
    assert both["中国人民政治协商会议全国委员会"].mention_count == 2  # the abbreviation rule's name too
    assert set(both["中国共产党中央纪律检查委员会"].aliases) == {"中纪委", "中央纪委"}
    assert "外交部" in _entities("中国外交部发言人说。外交部表示。") and "中国外交部" not in _entities("中国外交部发言人说。")
    foreign = _entities("美国政府和中国政府都表示欢迎。")
    assert {"美国政府", "中国政府"} <= set(foreign)  # no 美国人民政府: a local government's full name
    writers = _entities("全国文联和中国作协联合举办。", "中国文联、全国作协负责人出席。")
    assert set(writers["中国文学艺术界联合会"].aliases) == {"全国文联", "中国文联"}  # under either prefix
    assert set(writers["中国作家协会"].aliases) == {"全国作协", "中国作协"}


def test_places_get_codes_and_hierarchy_up_to_the_province():
    entities = _entities("公安县夹竹园镇一民房后院。")
    county, town = entities["公安县"], entities["夹竹园镇"]
    assert (county.code, str(county.parent)) == ("421022", "LOC:421000")
    assert town.code is None and str(town.parent) == "LOC:421022"
    assert entities["荆州市"].code == "421000" and str(entities["荆州市"].parent) == "LOC:420000"
    assert entities["湖北省"].code == "420000" and entities["湖北省"].parent is None


def test_a_village_brings_its_township_even_when_the_township_is_not_a_mention():
    town_key = EntityKey.of(LOC, "130681", "林家屯镇")
    village = Mention("a", 0, 5, "南史辛庄村", LOC, MentionSource.RULE, canonical="南史辛庄村", located_in=town_key)
    entities = {str(e.key): e for e in resolve_entities([village])}
    assert entities["LOC:130681/林家屯镇"].name == "林家屯镇"
    assert entities["LOC:130681/林家屯镇"].parent == EntityKey.of(LOC, "130681")
    assert entities["LOC:130681"].name == "涿州市" and entities["LOC:130000"].name == "河北省"


def test_credited_persons_are_entities_though_the_text_does_not_name_them():
    byline = Byline(Role.REPORTER, "甲乙丙", "记者")
    entities = {str(e.key): e for e in resolve_entities([], bylines=[byline, byline])}
    assert list(entities) == ["PER:甲乙丙"] and entities["PER:甲乙丙"].type is PER


def test_deictic_forms_resolve_to_the_home_city_but_are_not_names():
    entities = _entities("我市旅游市场回暖,荆州古城游客盈门。本市各景区开放。")
    city = entities["荆州市"]
    assert "我市" not in city.aliases and "本市" not in city.aliases
    assert city.mention_count >= 2


def test_affiliations_from_titles():
    mentions = _resolved("最高人民法院院长周强、最高人民检察院检察长张军出席会议。")
    people = {m.text: m for m in mentions if m.type is PER}
    assert (people["周强"].job_title, people["周强"].works_for) == ("院长", "最高人民法院")
    assert (people["张军"].job_title, people["张军"].works_for) == ("检察长", "最高人民检察院")
    entities = resolve_entities(mentions)
    zhou = next(e for e in entities if e.name == "周强")
    assert zhou.job_titles == ("院长",) and zhou.works_for == (EntityKey.of(ORG, "最高人民法院"),)


def test_entity_keys():
    assert entity_key(Mention("a", 0, 3, "公安县", LOC, canonical="公安县", code="421022")) == EntityKey(LOC, ("421022",))
    town = Mention("a", 0, 4, "某某镇", LOC, canonical="某某镇", located_in=EntityKey.of(LOC, "421022"))
    assert entity_key(town) == EntityKey(LOC, ("421022", "某某镇")) and str(entity_key(town)) == "LOC:421022/某某镇"
    assert str(entity_key(Mention("a", 0, 2, "张三", PER))) == "PER:张三"


def test_resolution_gives_every_mention_its_entity_key():
    mentions = _resolved("荆州公安深化改革,公安县公安局破案。我市召开会议。")
    assert mentions and all(m.entity == entity_key(m) for m in mentions)
    assert {str(m.entity) for m in mentions if m.text in ("荆州公安", "我市")} == {"ORG:荆州市公安局", "LOC:421000"}


def test_resolution_does_not_depend_on_order():
    texts = ["荆州公安深化改革,公安县公安局破案。", "荆州市公安局负责人表示。", "沙市区中山派出所开展执法。"]
    forward = resolve_entities(_resolved(*texts))
    backward = resolve_entities(list(reversed(_resolved(*texts))))
    assert forward == backward


def test_resolve_mentions_does_not_mutate():
    meta = _meta()
    text = "荆州公安深化改革。"
    (found,) = recognize_text([text], meta=meta, use_tagger=False)
    before = tuple(found)
    resolve_mentions(found, meta=meta, text=text)
    assert tuple(found) == before


def test_a_bare_surname_is_the_one_person_of_that_surname_the_article_names():
    (linked,) = [m for m in _resolved("主席李明华出席会议。李主席说，要抓落实。") if m.text == "李"]
    assert linked.canonical == "李明华" and str(linked.entity) == "PER:李明华"
    entity = _entities("主席李明华出席会议。李主席说，要抓落实。")["李明华"]
    assert entity.mention_count == 2 and "李" not in entity.aliases  # a surname is no alternate name


def test_a_bare_compound_surname_is_the_person_of_that_surname():
    text = "主任欧阳明华出席会议。欧阳主任说，要抓落实。"
    (linked,) = [m for m in _resolved(text) if m.text == "欧阳"]
    assert linked.canonical == "欧阳明华" and _entities(text)["欧阳明华"].mention_count == 2


def test_a_bare_surname_with_no_name_or_two_names_is_dropped():
    # none: 王先生 says nothing of who he is; two: 李明华 or 李小红?
    for text in ("来自武汉的游客王先生说，很满意。", "主席李明华和主任李小红出席。李主席说。"):
        resolved = _resolved(text)
        assert all(len(m.text) >= 2 for m in resolved if m.type is PER)
        assert not any(e.name in ("王", "李") for e in resolve_entities(resolved))


def test_a_county_paper_s_deictics_are_its_county_but_never_its_alternate_names():
    """和县报: 我县 and 本县 are 和县, the paper's county, and neither is a name of it."""
    text = "县里动态\n\n我县召开会议，部署春耕工作。和县各乡镇负责人参加。本县农户踊跃参与。\n"
    page = Page(PageMeta(source="hexian.txt", paper="和县报", date="2024-03-01", page_id="01"), text)
    mentions = [m for article in extract_page(page, use_tagger=False).articles for m in article.mentions]
    assert {m.canonical for m in mentions if m.text in ("我县", "本县")} == {"和县"}
    (county,) = [e for e in resolve_entities(mentions) if e.name == "和县"]
    assert county.mention_count == 3 and county.aliases == ()


# ------------------------------------------------------------------ kinds (issue 17)


def _kinded(text: str, source: MentionSource, kind: EntityKind | None, type: EntityType = ORG, **attrs: object) -> Mention:
    return Mention("a", 0, len(text), text, type, source, kind=kind, **attrs)


def test_an_entity_takes_the_kind_of_its_most_reliable_source_then_of_most_mentions():
    name = "某某市第一医院"
    mentions = [
        _kinded(name, MentionSource.TAGGER, EntityKind.SCHOOL),
        _kinded(name, MentionSource.TAGGER, EntityKind.SCHOOL),
        _kinded(name, MentionSource.GRAMMAR, EntityKind.HOSPITAL),
        _kinded(name, MentionSource.GRAMMAR, EntityKind.CORPORATION),
        _kinded(name, MentionSource.GRAMMAR, EntityKind.HOSPITAL),
        _kinded(name, MentionSource.RECURRENCE, None),
    ]
    [entity] = resolve_entities(mentions)
    assert (entity.kind, entity.mention_count) == (EntityKind.HOSPITAL, 6)
    # The kind is no part of the key: the mentions that disagree are still one node.
    [tagged] = resolve_entities(mentions[:2])
    assert (tagged.key, tagged.kind) == (entity.key, EntityKind.SCHOOL)


def test_a_kind_of_the_other_base_type_is_ignored_and_a_division_is_an_administrative_area():
    [org] = resolve_entities([_kinded("某某公司", MentionSource.TAGGER, EntityKind.ROAD)])
    assert org.kind is None
    village = _kinded("某某村", MentionSource.GAZETTEER, None, LOC, located_in=EntityKey.of(LOC, "420606"))
    entities = {e.name: e for e in resolve_entities([village])}
    assert entities["某某村"].kind is None  # no code: no division kg can vouch for
    assert entities["樊城区"].kind is EntityKind.ADMINISTRATIVE_AREA  # brought in as the village's parent
    assert entities["湖北省"].kind is EntityKind.ADMINISTRATIVE_AREA


def test_recognized_organizations_reach_their_entities_with_their_kinds():
    entities = _entities("孝感市中心医院与孝感市华达建筑工程有限公司签约。", "市中心医院的医生到场。", paper="孝感日报")
    assert entities["孝感市中心医院"].kind is EntityKind.HOSPITAL
    assert entities["孝感市华达建筑工程有限公司"].kind is EntityKind.CORPORATION
    assert entities["孝感市"].kind is EntityKind.ADMINISTRATIVE_AREA


def test_home_places_are_divisions():
    from kg.entity_kinds import EntityKind
    from kg.extract.resolve import home_places

    homes = home_places(PageMeta(source="-", home_city="襄阳市", province="湖北省"))
    assert {role for role, _ in homes} == {"city", "province"}
    assert {e.kind for _, e in homes} == {EntityKind.ADMINISTRATIVE_AREA}


def test_a_body_with_its_term_is_the_body_with_the_termed_form_an_alternate_name():
    entities = _entities("第六届全国人大常委会举行会议。", "全国人大常委会通过决定。")
    body = entities["全国人民代表大会常务委员会"]
    assert "第六届全国人大常委会" in body.aliases
    assert body.mention_count == 2
    assert not any("届" in name for name in entities)


def test_lao_or_xiao_and_a_surname_is_the_one_person_of_that_surname():
    text = "主任王明华出席会议。老王说，要抓落实。"
    (linked,) = [m for m in _resolved(text) if m.source is MentionSource.SURNAME]
    assert linked.text == "老王" and linked.canonical == "王明华" and str(linked.entity) == "PER:王明华"
    entity = _entities(text)["王明华"]
    assert entity.mention_count == 2 and "老王" not in entity.aliases


def test_lao_or_xiao_and_a_surname_with_no_name_or_two_names_is_dropped():
    for text in ("大家都叫他老王。老王说，这是应该的。", "主任王明华和主席王小红出席。老王说，要抓落实。"):
        resolved = _resolved(text)
        assert not any(m.text == "老王" for m in resolved)
        assert not any(e.name in ("王", "老王") for e in resolve_entities(resolved))


def test_a_familiar_surname_mention_is_looked_up_without_lao_or_xiao():
    RULE, SURNAME = MentionSource.RULE, MentionSource.SURNAME
    text = "主任李明华讲话。小李汇报。主席欧阳红和老欧阳到场。"
    mentions = [
        Mention("a", text.index(name), text.index(name) + len(name), name, PER, source)
        for name, source in (("李明华", RULE), ("小李", SURNAME), ("欧阳红", RULE), ("老欧阳", SURNAME))
    ]
    resolved = resolve_mentions(mentions, meta=_meta(), text=text)
    assert [m.canonical for m in resolved] == ["李明华", "李明华", "欧阳红", "欧阳红"]
