"""Edges of candidate names: speech verbs trimmed, adjacent names split, cut names grown."""

from __future__ import annotations

from kg.extract.recognize.boundaries import grow_to_words, split_pairs, trim_speech
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource

PER, ORG, LOC = EntityType.PER, EntityType.ORG, EntityType.LOC


def _tagged(text: str, surface: str, kind: EntityType, source: MentionSource = MentionSource.TAGGER) -> Mention:
    start = text.index(surface)
    return Mention("t", start, start + len(surface), surface, kind, source)


def _texts(mentions: list[Mention]) -> list[str]:
    return [m.text for m in mentions]


def test_speech_verbs_come_off_a_name() -> None:
    for text, guess, name in [
        ("陈某某表示，工作进展顺利。", "陈某某表示", "陈某某"),
        ("赵某指出，要加快进度。", "赵某指出", "赵某"),
        ("钱某某说：“很好。”", "钱某某说", "钱某某"),
        ("某某公司透露，订单增加。", "某某公司透露", "某某公司"),
    ]:
        kind = ORG if "公司" in guess else PER
        out = trim_speech([_tagged(text, guess, kind)], text, WordIndex.of(text))
        assert _texts(out) == [name]
        assert text[out[0].start : out[0].end] == name


def test_a_name_keeps_its_own_last_character() -> None:
    # 和 before a list's comma is the name's (孙某和、), not a conjunction.
    text = "孙用和、朱某某出席。"
    out = trim_speech([_tagged(text, "孙用和", PER)], text, WordIndex.of(text))
    assert _texts(out) == ["孙用和"]
    # Rules and tables print the whole name: their edges are not moved.
    text = "吴某某表示同意。"
    rule = _tagged(text, "吴某某表示", PER, MentionSource.RULE)
    assert _texts(trim_speech([rule], text, WordIndex.of(text))) == ["吴某某表示"]


def test_two_names_side_by_side_are_split() -> None:
    text = "（袁建章乔立民）"  # a credit of two photographers: six characters are no one name
    out = split_pairs([_tagged(text, "袁建章乔立民", PER)], text)
    assert [(m.text, m.start, m.end) for m in out] == [("袁建章", 1, 4), ("乔立民", 4, 7)]
    assert all(m.type is PER for m in out)


def test_four_characters_split_only_on_evidence() -> None:
    alone = "会上袁某乔某发言。"
    assert _texts(split_pairs([_tagged(alone, "袁某乔某", PER)], alone)) == ["袁某乔某"]
    named = "袁某乔某发言。袁某说，乔某也同意。"
    assert _texts(split_pairs([_tagged(named, "袁某乔某", PER)], named)) == ["袁某", "乔某"]


def test_a_compound_surname_is_no_pair() -> None:
    text = "欧阳某某发言。"
    assert _texts(split_pairs([_tagged(text, "欧阳某某", PER)], text)) == ["欧阳某某"]


def test_an_organization_cut_inside_a_word_grows_back() -> None:
    text = "在市电子商务协会举行。"
    out = grow_to_words([_tagged(text, "子商务协会", ORG)], text, WordIndex.of(text))
    assert _texts(out) == ["市电子商务协会"]


def test_a_name_the_segmenter_glued_to_a_word_does_not_grow() -> None:
    text = "褚某决定从华玉公司拿出资金。"
    out = grow_to_words([_tagged(text, "华玉公司", ORG)], text, WordIndex.of(text))
    assert _texts(out) == ["华玉公司"]


def test_a_place_grows_over_a_level_the_segmenter_left_alone() -> None:
    text = "粤港澳大湾区建设稳步推进。"  # jieba: 大湾|区
    assert _texts(grow_to_words([_tagged(text, "大湾", LOC)], text, WordIndex.of(text))) == ["大湾区"]
    text = "黎川县市山镇的脐橙熟了。"  # a county's name, then a town's: its level ends it already
    assert _texts(grow_to_words([_tagged(text, "黎川县", LOC)], text, WordIndex.of(text))) == ["黎川县"]


def test_a_place_grows_over_a_road_and_a_direction() -> None:
    text = "沿着湖滨东路前行。"
    assert _texts(grow_to_words([_tagged(text, "湖滨", LOC)], text, WordIndex.of(text))) == ["湖滨东路"]
    text = "建设西部科学城。"
    assert _texts(grow_to_words([_tagged(text, "科学城", LOC)], text, WordIndex.of(text))) == ["西部科学城"]
    # 路口 is a crossing, not the road's name.
    text = "车停在湖滨路口。"
    assert _texts(grow_to_words([_tagged(text, "湖滨", LOC)], text, WordIndex.of(text))) == ["湖滨"]


def test_a_name_after_a_title_takes_the_tagger_s_third_character() -> None:
    from kg.extract.recognize.boundaries import grow_titled

    # 深 and 及 both follow names: the title rule stops at 韩某; the tagger reads three.
    text = "村民和县长韩保深及县有关部门的领导"
    rule, tagged = _tagged(text, "韩保", PER, MentionSource.RULE), _tagged(text, "韩保深", PER)
    out = grow_titled([rule, tagged], text)
    assert _texts(out) == ["韩保深", "韩保深"] and text[out[0].start : out[0].end] == "韩保深"
    # A clause's end (说) stays out, whatever the tagger read.
    text = "县长韩保说，今年要修路。"
    out = grow_titled([_tagged(text, "韩保", PER, MentionSource.RULE), _tagged(text, "韩保说", PER)], text)
    assert _texts(out)[0] == "韩保"


def test_a_verb_or_a_post_after_a_bodys_head_comes_off() -> None:
    from kg.extract.recognize.boundaries import trim_body_tails

    for text, guess, name in [
        ("蓝天出版社组织专家编写了一套教材。", "蓝天出版社组织", "蓝天出版社"),
        ("绿洲合唱团牵头组织演出。", "绿洲合唱团牵头", "绿洲合唱团"),
    ]:
        out = trim_body_tails([_tagged(text, guess, ORG)], text, WordIndex.of(text))
        assert _texts(out) == [name]
    # A unit after the head is part of the name; rules' names are not moved.
    text = "蓝天出版社编辑部来信。"
    unit = trim_body_tails([_tagged(text, "蓝天出版社编辑部", ORG)], text, WordIndex.of(text))
    assert _texts(unit) == ["蓝天出版社编辑部"]
    text = "蓝天出版社组织专家编写了教材。"
    kept = trim_body_tails([_tagged(text, "蓝天出版社组织", ORG, MentionSource.GRAMMAR)], text, WordIndex.of(text))
    assert _texts(kept) == ["蓝天出版社组织"]


def test_a_bodys_unit_written_after_it_is_part_of_its_name() -> None:
    from kg.extract.recognize.boundaries import grow_units

    for text, body, unit in [
        ("湘潭大学化学系师生参加了活动。", "湘潭大学", "湘潭大学化学系"),
        ("省林业厅造林处发出通知。", "省林业厅", "省林业厅造林处"),
        ("市公安局治安大队民警赶到现场。", "市公安局", "市公安局治安大队"),
        ("县公安局刑警二大队接到报警。", "县公安局刑警", "县公安局刑警二大队"),
    ]:
        grown = grow_units([_tagged(text, body, ORG, MentionSource.GRAMMAR)], text)
        assert _texts(grown) == [unit]
        assert grown[0].canonical is None  # the unit is another body than the one it belongs to


def test_a_word_that_only_starts_like_a_unit_is_not_taken_in() -> None:
    from kg.extract.recognize.boundaries import grow_units

    for text, body in [
        ("省林业厅造林处理了三起案件。", "省林业厅"),  # 处理: "handle"
        ("湘潭大学本科毕业后他去了南方。", "湘潭大学"),
        ("国务院各部委负责人出席。", "国务院"),
    ]:
        assert _texts(grow_units([_tagged(text, body, ORG, MentionSource.GRAMMAR)], text)) == [body]


def test_an_adverb_before_a_speech_verb_comes_off_a_name() -> None:
    text = "教练卡尔森仍说，球队会赢。"
    out = trim_speech([_tagged(text, "卡尔森仍", PER)], text, WordIndex.of(text))
    assert _texts(out) == ["卡尔森"]
    # Two characters of name must remain, and a speech verb must follow the adverb.
    text = "卡尔森仍在场上。"
    out = trim_speech([_tagged(text, "卡尔森仍", PER)], text, WordIndex.of(text))
    assert _texts(out) == ["卡尔森仍"]


# ------------------------------------------------------------------ a body ends at its head


def test_a_hospitals_clinic_is_not_grown_as_a_unit() -> None:
    from kg.extract.recognize.boundaries import grow_units

    text = "东城区人民医院消化科医生说。"
    assert _texts(grow_units([_tagged(text, "东城区人民医院", ORG)], text)) == ["东城区人民医院"]


def test_a_count_of_things_or_a_side_in_a_war_is_no_tagger_body() -> None:
    from kg.extract.recognize.boundaries import fix_edges

    for text, guess in [
        ("东城区一所中学开学。", "东城区一所中学"),
        ("某镇一处厂房起火。", "某镇一处"),
        ("某国政府军宣布停火。", "某国政府军"),
        ("某国反对派武装撤出。", "某国反对派武装"),
    ]:
        assert fix_edges([_tagged(text, guess, ORG)], text, WordIndex.of(text)) == []
    text = "市第一所附属小学"  # a rank, not a count
    assert _texts(fix_edges([_tagged(text, "市第一所", ORG)], text, WordIndex.of(text))) == ["市第一所"]


def test_a_level_after_a_names_first_character_owns_no_body() -> None:
    # 市 + 电子商务协会: the city's association; 道|县 + 某镇卫生院: the level ends the county's name.
    text = "今天，市电子商务协会发布报告。"
    out = grow_to_words([_tagged(text, "电子商务协会", ORG, MentionSource.GRAMMAR)], text, WordIndex.of(text))
    assert _texts(out) == ["市电子商务协会"]
    text = "道县清塘镇卫生院新建中医馆。"
    out = grow_to_words([_tagged(text, "清塘镇卫生院", ORG, MentionSource.GRAMMAR)], text, WordIndex.of(text))
    assert _texts(out) == ["清塘镇卫生院"]


def test_a_speech_verb_comes_off_only_after_two_characters_of_name() -> None:
    from kg.extract.recognize.boundaries import _verb_ending

    assert _verb_ending("记者张三表示", 2, 6) == "表示"
    assert _verb_ending("王表示", 0, 3) == ""  # one character of name would be left
    assert _verb_ending("张三李四", 0, 4) == ""
