"""The words around an organization's head that are no part of its name: a hospital's clinic,
a school's course of study, the kind of company said before its name."""

from __future__ import annotations

from kg.extract.recognize.org_heads import (
    no_body_name,
    trim_departments,
    trim_kind_words,
)
from kg.model import EntityType, Mention, MentionSource

ORG = EntityType.ORG


def _tagged(text: str, surface: str, kind: EntityType, source: MentionSource = MentionSource.TAGGER) -> Mention:
    start = text.index(surface)
    return Mention("t", start, start + len(surface), surface, kind, source)


def _texts(mentions: list[Mention]) -> list[str]:
    return [m.text for m in mentions]


def test_a_hospitals_clinic_or_a_schools_course_is_no_part_of_its_name() -> None:
    for text, guess, name in [
        ("东城区人民医院眼科门诊人满为患。", "东城区人民医院眼科门诊", "东城区人民医院"),
        ("省中医院骨科主任介绍。", "省中医院骨科", "省中医院"),
        ("某县妇幼保健院产科病区扩建。", "某县妇幼保健院产科病区", "某县妇幼保健院"),
        ("农林大学茶学专业学生", "农林大学茶学", "农林大学"),
    ]:
        assert _texts(trim_departments([_tagged(text, guess, ORG)], text)) == [name]


def test_a_bodys_own_units_and_a_hospital_school_stay_whole() -> None:
    for text, name in [
        ("北方大学物理系教授说。", "北方大学物理系"),
        ("医学院附属医院开诊。", "医学院附属医院"),
        ("某县公安局治安科民警", "某县公安局治安科"),
    ]:
        assert _texts(trim_departments([_tagged(text, name, ORG)], text)) == [name]


def test_the_kind_of_company_said_before_its_name_is_cut_off() -> None:
    text = "民营企业远航智能装备有限公司获得订单。"
    out = trim_kind_words([_tagged(text, "民营企业远航智能装备有限公司", ORG)], text)
    assert _texts(out) == ["远航智能装备有限公司"]
    # What is left must be a company's name: an institute named after its field keeps it.
    text = "国有企业改革研究院发布报告。"
    out = trim_kind_words([_tagged(text, "国有企业改革研究院", ORG)], text)
    assert _texts(out) == ["国有企业改革研究院"]


def test_a_new_or_styled_thing_of_a_kind_is_no_name() -> None:
    for text in ("新建体育馆", "在建医院", "法式餐厅", "川式火锅店"):
        assert no_body_name(Mention("t", 0, len(text), text, EntityType.ORG, MentionSource.GRAMMAR))
    # A village or district called 新建 is a place's name; a name with a proper noun is no kind.
    for text in ("新建村委会", "新建区政府", "南山法式餐厅"):
        assert not no_body_name(Mention("t", 0, len(text), text, EntityType.ORG, MentionSource.GRAMMAR))



def test_a_word_ends_with_a_suffix_only_when_its_last_character_ends_one() -> None:
    from kg.extract.recognize.lexicon import load_lexicon
    from kg.extract.recognize.org_heads import suffix_last_chars

    suffixes = load_lexicon().org_suffixes
    last = suffix_last_chars(suffixes)
    assert {"局", "院", "司", "会"} <= last and "说" not in last
    assert all(s[-1] in last for s in suffixes)


def test_a_named_head_is_one_word_that_names_one_body() -> None:
    from kg.extract.recognize.lexicon import load_lexicon
    from kg.extract.recognize.org_heads import GENERIC_HEADS, head_word, is_named_head

    lex = load_lexicon()
    assert is_named_head("国务院", "nt", lex.org_suffixes)
    assert not is_named_head("国务院", "n", lex.org_suffixes)  # the dictionary must say it names
    assert "医院" in GENERIC_HEADS and not is_named_head("检察院", "nt", lex.org_suffixes)  # a kind of body
    # The suffix a word ends with is its longest: 公安局 is a head of its own, 政局 an ordinary word.
    assert head_word("公安局", lex) and head_word("矿务局", lex) and not head_word("新格局", lex)
