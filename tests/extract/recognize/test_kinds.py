"""Kinds of organizations: the class a name's head gives it, on every ORG mention."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.kinds import kind_of, with_kinds
from kg.lang.lexicons import rows, words
from kg.model import EntityType, Mention, MentionSource, PageMeta

ORG, LOC = EntityType.ORG, EntityType.LOC
META = PageMeta(source="-", home_city="襄阳市", province="湖北省")


def _orgs(text: str, *, tagger: bool = False) -> dict[str, EntityKind | None]:
    (mentions,) = recognize_text([text], meta=META, use_tagger=tagger)
    return {m.text: m.kind for m in mentions if m.type is ORG}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("襄阳市中心医院", EntityKind.HOSPITAL),
        ("某某县人民医院", EntityKind.HOSPITAL),
        ("某某镇卫生院", EntityKind.HOSPITAL),
        ("某某科技有限公司", EntityKind.CORPORATION),
        ("某某汽车股份有限公司", EntityKind.CORPORATION),
        ("中国某某银行某某支行", EntityKind.CORPORATION),
        ("某某大学", EntityKind.SCHOOL),
        ("某某职业技术学院", EntityKind.SCHOOL),
        ("某某市实验幼儿园", EntityKind.SCHOOL),
        ("市场监督管理局", EntityKind.GOVERNMENT),  # 局, not 市场: no market
        ("某某市公安局", EntityKind.GOVERNMENT),
        ("某某县人民法院", EntityKind.GOVERNMENT),
        ("外交部", EntityKind.GOVERNMENT),
        ("中共某某市委宣传部", EntityKind.POLITICAL_PARTY),  # 部 after 中共 is the Party's
        ("某某县委", EntityKind.POLITICAL_PARTY),
        ("中共某某市委党校", EntityKind.SCHOOL),  # a school, though 中共 opens it
        ("某某市慈善总会", EntityKind.NGO),
        ("某某省企业家协会", EntityKind.NGO),
        ("某某广播电视台", EntityKind.NEWS_MEDIA),
        ("某某日报社", EntityKind.NEWS_MEDIA),
        ("某某足球俱乐部", EntityKind.SPORTS_TEAM),
        ("某某超市", EntityKind.STORE),
        ("某某专卖店", EntityKind.STORE),
        ("某某酒店", EntityKind.CORPORATION),  # 店 is a store's, 酒店 a company's
    ],
)
def test_a_name_s_head_gives_its_kind(name: str, kind: EntityKind) -> None:
    assert kind_of(name) is kind


@pytest.mark.parametrize("name", ["某某老年俱乐部", "某某研究所", "某某博物馆", "联合国", "某某中心"])
def test_a_head_of_no_known_class_gives_none(name: str) -> None:
    """俱乐部 stops 部 (a ministry's head) from deciding: a club of any kind is no government body."""
    assert kind_of(name) is None


def test_the_table_holds_organization_kinds_only_and_each_suffix_once() -> None:
    table = rows("org_kinds.tsv", 3)
    affixes = [affix for affix, _, _ in table]
    assert len(affixes) == len(set(affixes))
    for affix, kind, at in table:
        assert at in ("", "start"), affix
        assert kind == "-" or EntityKind(kind).base is ORG, affix
    assert "市场" not in affixes and "农贸市场" not in affixes  # markets are places (kind Market)


def test_every_head_that_names_a_service_has_a_kind() -> None:
    """The suffixes of hospitals, schools, companies, shops, media and associations all say their class."""
    heads = set(words("org_suffixes.txt"))
    for head in ("医院", "卫生院", "大学", "中学", "小学", "幼儿园", "有限公司", "集团", "银行", "超市",
                 "专卖店", "报社", "电视台", "协会", "商会", "基金会", "联合会"):
        assert head in heads, head
        assert kind_of(head) is not None, head


@pytest.mark.parametrize("tagger", [False, True])
def test_sentences_give_their_organizations_kinds(tagger: bool) -> None:
    found = _orgs("昨日，襄阳市中心医院的专家与华中农业大学的师生到某镇开展义诊。", tagger=tagger)
    assert found["襄阳市中心医院"] is EntityKind.HOSPITAL
    assert found["华中农业大学"] is EntityKind.SCHOOL
    found = _orgs("孝感市华达建筑工程有限公司承建的项目通过了孝感市市场监督管理局的验收。", tagger=tagger)
    assert found["孝感市华达建筑工程有限公司"] is EntityKind.CORPORATION
    assert found["孝感市市场监督管理局"] is EntityKind.GOVERNMENT


def test_the_bureau_of_markets_is_one_government_body_and_no_market() -> None:
    text = "孝感市市场监督管理局执法人员对辖区商户开展检查。"
    (mentions,) = recognize_text([text], meta=META, use_tagger=True)
    [bureau] = [m for m in mentions if m.end > text.index("市场")]
    assert (bureau.text, bureau.type, bureau.kind) == ("孝感市市场监督管理局", ORG, EntityKind.GOVERNMENT)


def test_hospitals_joined_by_and_are_two_names() -> None:
    """保健|院和市|第一人民医院: the segmenter's word across 和 ends one name, it does not join two."""
    found = _orgs("市妇幼保健院和市第一人民医院派出医疗队。")
    assert found == {"市妇幼保健院": EntityKind.HOSPITAL, "市第一人民医院": EntityKind.HOSPITAL}


def test_shops_and_a_trade_name_with_its_company_heads() -> None:
    found = _orgs("李宁专卖店和十堰化工集团有限公司联合举办活动。")
    assert found == {"李宁专卖店": EntityKind.STORE, "十堰化工集团有限公司": EntityKind.CORPORATION}


def test_with_kinds_types_tagger_organizations_and_leaves_the_rest() -> None:
    def mention(text: str, type: EntityType, kind: EntityKind | None = None) -> Mention:
        return Mention("k", 0, len(text), text, type, MentionSource.TAGGER, kind=kind)

    tagged = mention("某某区人民医院", ORG)
    full = Mention("k", 0, 5, "市委宣传部", ORG, MentionSource.RULE, canonical="中共某某市委宣传部")
    given = mention("某某公司", ORG, EntityKind.STORE)
    place = mention("某某路", LOC)
    out = list(with_kinds([tagged, full, given, place, mention("某某研究所", ORG)]))
    assert [m.kind for m in out] == [EntityKind.HOSPITAL, EntityKind.POLITICAL_PARTY, EntityKind.STORE, None, None]
    assert out[3] is place
