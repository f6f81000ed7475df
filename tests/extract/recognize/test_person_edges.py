"""A person's edges where the next clause or a title runs into the name, and Tibetan names."""

from __future__ import annotations

from kg.extract.recognize import person_edges
from kg.extract.recognize.lexicon import load_lexicon
from kg.model import EntityType, Mention, MentionSource

_TAGGER = MentionSource.TAGGER
_RULE = MentionSource.RULE


def _at(text: str, name: str, type_: EntityType = EntityType.PER, source: MentionSource = _TAGGER) -> Mention:
    start = text.index(name)
    return Mention("t", start, start + len(name), name, type_, source)


def _trim(text: str, *mentions: Mention) -> list[str]:
    found = person_edges.trim_clause_openers(list(mentions), text, load_lexicon().surnames)
    for m in found:
        assert text[m.start : m.end] == m.text
    return [m.text for m in found if m.type is EntityType.PER]


def test_a_clause_opener_comes_off_a_chinese_name() -> None:
    assert _trim("孙立峰在第三节连得八分。", _at("孙立峰在第三节连得八分。", "孙立峰在")) == ["孙立峰"]
    assert _trim("邓可欣则因伤缺席。", _at("邓可欣则因伤缺席。", "邓可欣则")) == ["邓可欣"]
    assert _trim("吕晨因伤退出集训。", _at("吕晨因伤退出集训。", "吕晨因")) == ["吕晨"]


def test_a_name_that_ends_otherwise_keeps_its_last_character() -> None:
    assert _trim("孙立峰昨天抵达。", _at("孙立峰昨天抵达。", "孙立峰")) == ["孙立峰"]
    # Two characters are left whole: a surname and 在 would be no name.
    assert _trim("吕在队中担任队长。", _at("吕在队中担任队长。", "吕在")) == ["吕在"]
    # At a text's end nothing follows, so nothing opens a clause.
    assert _trim("主讲人邓可则", _at("主讲人邓可则", "邓可则")) == ["邓可则"]


def test_tong_comes_off_before_a_place_or_a_body_only() -> None:
    text = "韩立同法国外长举行会谈。"
    place = _at(text, "法国", EntityType.LOC, MentionSource.GAZETTEER)
    assert _trim(text, _at(text, "韩立同"), place) == ["韩立"]
    # 同 ends the given name when no name or place follows (韩大同表示).
    assert _trim("韩大同表示支持。", _at("韩大同表示支持。", "韩大同")) == ["韩大同"]


def test_zuo_comes_off_before_an_official_act_only() -> None:
    assert _trim("区长钱昊作工作报告。", _at("区长钱昊作工作报告。", "钱昊作", source=_RULE)) == ["钱昊作"]
    assert _trim("区长钱昊作报告。", _at("区长钱昊作报告。", "钱昊作", source=_RULE)) == ["钱昊"]
    assert _trim("区长钱昊作出部署。", _at("区长钱昊作出部署。", "钱昊作", source=_RULE)) == ["钱昊"]


def test_a_byline_credit_comes_off() -> None:
    text = "记者周青、杜明远报道："
    assert _trim(text, _at(text, "杜明远报道", source=_RULE)) == ["杜明远"]


def test_a_foreign_name_loses_a_character_that_opens_a_word_after_it() -> None:
    text = "前锋费利佩·维纳意外受伤。"
    assert _trim(text, _at(text, "费利佩·维纳意")) == ["费利佩·维纳"]
    text = "外援巴罗萨因在比赛中冲撞裁判被罚。"
    assert _trim(text, _at(text, "巴罗萨因", source=_RULE)) == ["巴罗萨"]


def test_a_foreign_name_keeps_its_own_last_character() -> None:
    # 顿时 is a word, but 顿 ends transliterations: no preposition or conjunction follows.
    text = "门将阿尔顿时常出现失误。"
    assert _trim(text, _at(text, "阿尔顿")) == ["阿尔顿"]
    # A short name ending in 因 keeps it (威因在 reads as the name and 在).
    text = "教练威因在场边指挥。"
    assert _trim(text, _at(text, "威因")) == ["威因"]


def test_a_title_tail_comes_off_the_tagger_s_name() -> None:
    text = "球队主帅帕雷拉今天公布名单。"
    start = text.index("主帅")
    found = person_edges.trim_title_tail([_at(text, "帅帕雷拉")], text, {start + 2})
    assert [m.text for m in found] == ["帕雷拉"]
    # A title ending two characters in leaves the tagger's span: only a stray character comes off.
    found = person_edges.trim_title_tail([_at(text, "主帅帕雷拉")], text, {start + 2})
    assert [m.text for m in found] == ["主帅帕雷拉"]


def test_a_title_rule_s_name_runs_on_past_a_dot_where_the_tagger_s_does() -> None:
    text = "店主帕尔哈提·努尔兰说，生意不错。"
    found = person_edges.grow_dotted([_at(text, "帕尔哈提", source=_RULE), _at(text, "帕尔哈提·努尔兰")], text)
    assert [m.text for m in found] == ["帕尔哈提·努尔兰", "帕尔哈提·努尔兰"]
    # Without the tagger's longer span the rule's name stays as it is.
    found = person_edges.grow_dotted([_at(text, "帕尔哈提", source=_RULE)], text)
    assert [m.text for m in found] == ["帕尔哈提"]


def test_two_elements_of_tibetan_names_are_a_person() -> None:
    text = "护林员扎西顿珠每天巡山，妻子格桑卓玛在家放牧。"
    found = list(person_edges.find_tibetan("t", text, []))
    assert [(m.text, m.type) for m in found] == [("扎西顿珠", EntityType.PER), ("格桑卓玛", EntityType.PER)]


def test_one_element_alone_or_inside_a_place_is_no_tibetan_name() -> None:
    assert list(person_edges.find_tibetan("t", "扎西在山上放牧。", [])) == []
    text = "格桑卓玛村今年通了公路。"
    village = _at(text, "格桑卓玛村", EntityType.LOC, MentionSource.GAZETTEER)
    assert list(person_edges.find_tibetan("t", text, [village])) == []


def test_elements_after_a_dot_are_part_of_a_dotted_name() -> None:
    text = "阿依·扎西顿珠和格桑卓玛"
    assert [m.text for m in person_edges.find_tibetan("t", text, [])] == ["格桑卓玛"]
    # Only the dotted start is refused: the search goes on one character later (拉巴|桑珠 after the
    # dot, then 桑珠德吉), as a lookbehind's would.
    assert [m.text for m in person_edges.find_tibetan("t", "某·拉巴桑珠德吉", [])] == ["桑珠德吉"]


def test_a_latin_name_in_brackets_after_a_person_is_the_same_person() -> None:
    text = "决赛中邓子昂（Kevin）当选最有价值选手，何婕(Lina Ho)到场助阵。"
    persons = [_at(text, "邓子昂"), _at(text, "何婕", source=_RULE)]
    found = list(person_edges.find_bracketed_aliases("t", text, persons))
    assert [(m.text, m.type) for m in found] == [("Kevin", EntityType.PER), ("Lina Ho", EntityType.PER)]


def test_brackets_after_a_body_or_with_other_text_hold_no_alias() -> None:
    text = "星河科技（Nova）发布新品，邓子昂（前锋）首发。"
    mentions = [_at(text, "星河科技", EntityType.ORG), _at(text, "邓子昂")]
    assert list(person_edges.find_bracketed_aliases("t", text, mentions)) == []


def test_an_ordinal_or_a_set_phrase_after_a_name_comes_off() -> None:
    text = "市民韩佳第一时间赶到现场。"
    assert _trim(text, _at(text, "韩佳第")) == ["韩佳"]
    text = "网格员葛丽挨家挨户送去通知。"
    assert _trim(text, _at(text, "葛丽挨")) == ["葛丽"]
    # 第 before no numeral, and a name whose last two characters are a word, stay whole.
    text = "葛志第说，事情办好了。"
    assert _trim(text, _at(text, "葛志第")) == ["葛志第"]


def test_a_household_comes_off_a_dotted_name() -> None:
    text = "村民买买提·艾力家的葡萄熟了。"
    assert _trim(text, _at(text, "买买提·艾力家")) == ["买买提·艾力"]
