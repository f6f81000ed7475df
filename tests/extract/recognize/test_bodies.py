"""Bodies by their short forms when the paper's home is unknown, and how resolution keeps them apart."""

from __future__ import annotations

from kg.extract.recognize import recognize_text
from kg.extract.resolve import entity_key, resolve_entities, resolve_mentions
from kg.model import EntityType, Mention, PageMeta

ORG = EntityType.ORG


def _orgs(text: str, meta: PageMeta | None = None) -> list[Mention]:
    (mentions,) = recognize_text([text], meta=meta or PageMeta(source="-"), use_tagger=False)
    return [m for m in mentions if m.type is ORG]


def test_a_levels_short_form_is_a_body_with_no_home_known() -> None:
    text = "区教育局和市交通运输局联合检查，县残联、市委宣传部、团市委参加。"
    found = {m.text: m for m in _orgs(text)}
    assert {"区教育局", "市交通运输局", "县残联", "市委宣传部", "团市委"} <= set(found)
    # No owner known: no full name made up for them.
    assert all(found[name].canonical is None for name in ("区教育局", "市交通运输局", "县残联"))


def test_with_a_home_the_short_form_takes_its_owners_name() -> None:
    meta = PageMeta(source="-", paper="宜昌日报", home_city="宜昌市", province="湖北省")
    found = {m.text: m.canonical for m in _orgs("市交通运输局发布通知。", meta)}
    assert found == {"市交通运输局": "宜昌市交通运输局"}


def test_a_bare_government_or_listed_levels_name_no_body_without_an_owner() -> None:
    assert [m.text for m in _orgs("市政府召开会议，市、区党校开班。")] == []


def test_two_bodies_joined_by_a_verb_stay_two() -> None:
    found = [m.text for m in _orgs("县教育局携手县卫健局开展体检，市总工会联合区税务局宣讲。")]
    assert found == ["县教育局", "县卫健局", "市总工会", "区税务局"]


def _resolved(article: str, text: str) -> Mention:
    (m,) = [m for m in _orgs(text) if m.text == "市公安局"]
    m = Mention(article, m.start, m.end, m.text, m.type, m.source, canonical=m.canonical)
    (out,) = resolve_mentions([m], meta=PageMeta(source="-"), text=text)
    return out


def test_an_ownerless_body_is_kept_to_its_paper_or_else_its_article() -> None:
    one = _resolved("甲晚报/2020-01-01/p1/aaa", "市公安局发布通报。")
    same_paper = _resolved("甲晚报/2020-02-01/p3/bbb", "市公安局提醒市民。")
    other_paper = _resolved("乙日报/2020-01-01/p1/ccc", "市公安局发布通报。")
    unknown_a = _resolved("unknown/undated/a/ddd", "市公安局发布通报。")
    unknown_b = _resolved("unknown/undated/b/eee", "市公安局发布通报。")
    assert one.entity == same_paper.entity != other_paper.entity
    assert unknown_a.entity != unknown_b.entity != one.entity
    assert entity_key(one).path == ("甲晚报", "市公安局")  # org/甲晚报/市公安局
    assert entity_key(unknown_a).path == ("unknown", "undated", "a", "ddd", "市公安局")
    (entity,) = resolve_entities([unknown_a])
    assert entity.name == "市公安局"


def test_a_named_body_is_one_entity_across_papers() -> None:
    a = Mention("甲晚报/d/p/a", 0, 6, "宜昌市公安局", ORG)
    b = Mention("乙日报/d/p/b", 0, 6, "宜昌市公安局", ORG)
    market = Mention("乙日报/d/p/b", 0, 6, "市场监管总局", ORG)
    assert entity_key(a) == entity_key(b)
    assert entity_key(market).path == ("市场监管总局",)


def test_consumer_bodies_short_forms() -> None:
    # 消协, 消保委: the consumers' association and council, a level's body like 妇联.
    assert [m.text for m in _orgs("经市消保委调解，商家同意退款。")] == ["市消保委"]
    assert [m.text for m in _orgs("省消协发布消费提示。")] == ["省消协"]


def test_the_exchanges_by_their_short_forms() -> None:
    orgs = _orgs("这家公司先在深交所创业板挂牌，后又登陆港交所。")
    assert [(m.text, m.canonical) for m in orgs] == [
        ("深交所", "深圳证券交易所"), ("港交所", "香港交易及结算所有限公司"),
    ]


def test_a_levels_public_institutions_are_bodies() -> None:
    assert [m.text for m in _orgs("县档案馆与市科技馆联合举办展览，区农技推广中心派员参加。")] == [
        "县档案馆", "市科技馆", "区农技推广中心",
    ]
