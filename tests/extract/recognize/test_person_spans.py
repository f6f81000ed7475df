"""The tagger's person spans mended from the words around them."""

from __future__ import annotations

from kg.extract.recognize import person_spans
from kg.extract.recognize.lexicon import load_lexicon
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource

_TAGGER = MentionSource.TAGGER


def _at(text: str, name: str, type_: EntityType = EntityType.PER, source: MentionSource = _TAGGER) -> Mention:
    start = text.index(name)
    return Mention("t", start, start + len(name), name, type_, source)


def _spans(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.text, m.type.value) for m in mentions]


def _places(names: set[str]):  # noqa: ANN202 - a predicate
    return lambda name: name in names


def _neighbours(text: str, *mentions: Mention, places: set[str] = frozenset()) -> list[tuple[str, str]]:
    found = person_spans.by_neighbours(list(mentions), text, WordIndex.of(text), load_lexicon().surnames, _places(places))
    for m in found:
        assert text[m.start : m.end] == m.text
    return _spans(found)


def test_a_word_for_a_capital_makes_the_name_a_place() -> None:
    text = "该国首都卡拉瓦一度停电。"
    assert _neighbours(text, _at(text, "卡拉瓦")) == [("卡拉瓦", "LOC")]
    text = "卡拉瓦首都机场一度关闭。"
    assert _neighbours(text, _at(text, "卡拉瓦")) == [("卡拉瓦", "PER")]


def test_a_foreign_name_before_a_venue_names_the_venue() -> None:
    text = "决赛在约翰·马丁体育场举行。"
    assert _neighbours(text, _at(text, "约翰·马丁")) == [("约翰·马丁体育场", "LOC")]
    text = "演出在阿迪-达斯购物中心举行。"
    assert _neighbours(text, _at(text, "阿迪")) == [("阿迪-达斯购物中心", "LOC")]


def test_a_person_before_a_venue_stays_a_person() -> None:
    # A Chinese name before a venue is a person standing there; a name before 在 is no venue's.
    text = "钱明体育场外接受采访。"
    assert _neighbours(text, _at(text, "钱明")) == [("钱明", "PER")]
    text = "约翰·马丁在体育场热身。"
    assert _neighbours(text, _at(text, "约翰·马丁")) == [("约翰·马丁", "PER")]


def test_a_preposition_or_a_time_word_comes_off_a_name() -> None:
    text = "赵琳以三比一获胜。"
    assert _neighbours(text, _at(text, "赵琳以")) == [("赵琳", "PER")]
    text = "钱伟凌晨出门跑步。"
    assert _neighbours(text, _at(text, "钱伟凌")) == [("钱伟", "PER")]


def test_a_name_ending_before_punctuation_keeps_its_last_character() -> None:
    text = "获胜的是赵琳以。"
    assert _neighbours(text, _at(text, "赵琳以")) == [("赵琳以", "PER")]
    text = "赵琳娜获胜。"
    assert _neighbours(text, _at(text, "赵琳娜")) == [("赵琳娜", "PER")]


def test_a_place_run_into_a_name_comes_off() -> None:
    text = "记者孙悦武昌区报道"
    assert _neighbours(text, _at(text, "孙悦武昌区"), places={"武昌区"}) == [("孙悦", "PER")]
    assert _neighbours(text, _at(text, "孙悦武昌区")) == [("孙悦武昌区", "PER")]


def test_a_list_closed_by_a_kind_of_body_names_bodies() -> None:
    text = "银河、星光等超市客流大增。"
    found = _neighbours(text, _at(text, "银河"), _at(text, "星光"))
    assert found == [("银河", "ORG"), ("星光", "ORG")]
    text = "钱斌、孙悦等同志出席。"
    assert _neighbours(text, _at(text, "钱斌"), _at(text, "孙悦")) == [("钱斌", "PER"), ("孙悦", "PER")]


def test_persons_on_both_sides_of_a_dot_are_one_name() -> None:
    text = "老艺人阿卜杜·热合曼一家"
    found = person_spans.join_dotted([_at(text, "阿卜杜", source=MentionSource.RULE), _at(text, "热合曼")], text)
    assert _spans(found) == [("阿卜杜·热合曼", "PER")]


def test_a_dotted_name_takes_its_last_syllable_before_a_follower() -> None:
    text = "冠军被苏珊·卡特琳获得。"
    assert _spans(person_spans.join_dotted([_at(text, "苏珊·卡特")], text)) == [("苏珊·卡特琳", "PER")]
    text = "冠军被苏珊·卡特琳达获得。"  # two characters more: the tagger's edge stands
    assert _spans(person_spans.join_dotted([_at(text, "苏珊·卡特")], text)) == [("苏珊·卡特", "PER")]


def _by_context(text: str, *mentions: Mention, places: set[str] = frozenset()) -> list[tuple[str, str]]:
    return _spans(person_spans.persons_by_context(list(mentions), text, set(), _places(places)))


def test_a_place_that_takes_an_office_is_a_person() -> None:
    text = "议会提名普拉托出任总理。"
    assert _by_context(text, _at(text, "普拉托", EntityType.LOC)) == [("普拉托", "PER")]
    # A place of the gazetteer keeps its type.
    assert _by_context(text, _at(text, "普拉托", EntityType.LOC), places={"普拉托"}) == [("普拉托", "LOC")]


def test_a_place_listed_between_persons_is_a_person() -> None:
    text = "他与马塞洛、普拉托组成锋线。"
    found = _by_context(text, _at(text, "马塞洛"), _at(text, "普拉托", EntityType.LOC))
    assert found == [("马塞洛", "PER"), ("普拉托", "PER")]
    text = "他到过马尼拉、普拉托等地。"
    assert _by_context(text, _at(text, "马尼拉", EntityType.LOC), _at(text, "普拉托", EntityType.LOC)) == [
        ("马尼拉", "LOC"), ("普拉托", "LOC"),
    ]


def test_a_chinese_place_listed_beside_a_person_stays_a_place() -> None:
    # The tagger's "person" in a list of roads would make the roads persons.
    text = "他在西二环、南三环等路段巡查。"
    found = _by_context(text, _at(text, "西二环", EntityType.LOC), _at(text, "南三环"))
    assert found == [("西二环", "LOC"), ("南三环", "PER")]


def _fragments(text: str, *mentions: Mention) -> list[tuple[str, str]]:
    found = person_spans.join_fragments(list(mentions), text)
    for m in found:
        assert text[m.start : m.end] == m.text
    return _spans(found)


def test_a_foreign_name_cut_in_two_is_one() -> None:
    text = "外长卡托尔滕贝里表示支持。"
    assert _fragments(text, _at(text, "卡托尔"), _at(text, "滕贝里")) == [("卡托尔滕贝里", "PER")]
    text = "国王古斯塔夫五世出席典礼。"  # a regnal ordinal goes with the name
    assert _fragments(text, _at(text, "古斯塔"), _at(text, "夫五世")) == [("古斯塔夫五世", "PER")]
    text = "记者张伟李强报道。"  # two Chinese names side by side stay two
    assert _fragments(text, _at(text, "张伟"), _at(text, "李强")) == [("张伟", "PER"), ("李强", "PER")]
    text = "法老王彼得一世"  # a one-character "name" joins nothing
    assert _fragments(text, _at(text, "王"), _at(text, "彼得")) == [("王", "PER"), ("彼得", "PER")]


def test_a_double_surname_after_a_hyphen_belongs_to_the_dotted_name() -> None:
    text = "总干事玛丽亚·费尔南达-桑托斯表示。"
    found = _fragments(text, _at(text, "玛丽亚·费尔南达"), _at(text, "桑托斯"))
    assert found == [("玛丽亚·费尔南达-桑托斯", "PER")]
    text = "比分是张伟-李强。"
    assert _fragments(text, _at(text, "张伟"), _at(text, "李强")) == [("张伟", "PER"), ("李强", "PER")]


def test_a_short_foreign_name_grows_by_one_syllable_before_a_follower() -> None:
    text = "卡拉米特在决赛中进球。"
    assert _fragments(text, _at(text, "卡拉米")) == [("卡拉米特", "PER")]
    text = "叶利钦会见来访的总理。"  # 会 is no transliteration character
    assert _fragments(text, _at(text, "叶利钦")) == [("叶利钦", "PER")]


def test_a_dotted_name_goes_on_before_a_word_of_the_dictionary() -> None:
    text = "总裁约翰·伯格宣布裁员。"  # 宣布 follows the name as 说 would
    found = person_spans.join_dotted([_at(text, "约翰", source=MentionSource.RULE)], text)
    assert _spans(found) == [("约翰·伯格", "PER")]
    text = "总裁约翰·伯格一览表"  # 一览 is a word, but 一 is a follower and no transliteration: 伯格 ends
    found = person_spans.join_dotted([_at(text, "约翰", source=MentionSource.RULE)], text)
    assert _spans(found) == [("约翰·伯格", "PER")]
    text = "总裁约翰·伯雄心勃勃"  # 伯 alone is no part of a name, and 雄心 starts after it
    found = person_spans.join_dotted([_at(text, "约翰", source=MentionSource.RULE)], text)
    assert _spans(found) == [("约翰", "PER")]


def test_a_word_for_a_town_makes_the_name_a_place() -> None:
    text = "海岸名镇萨卡米几乎被大火吞没。"
    assert _neighbours(text, _at(text, "萨卡米")) == [("萨卡米", "LOC")]


def test_a_scorer_before_an_idiom_of_the_game_is_a_person() -> None:
    text = "比赛中萨鲁卡梅开二度。"  # the tagger took 梅 of 梅开二度 into a "place"
    assert _by_context(text, _at(text, "萨鲁卡梅", EntityType.LOC)) == [("萨鲁卡", "PER")]


def test_a_partner_of_talks_is_a_person() -> None:
    text = "总统在首都与纳尔卡举行会谈。"
    assert _by_context(text, _at(text, "纳尔卡", EntityType.LOC)) == [("纳尔卡", "PER")]
    text = "代表团在纳尔卡举行会谈。"  # after 在: the place of the talks
    assert _by_context(text, _at(text, "纳尔卡", EntityType.LOC)) == [("纳尔卡", "LOC")]


def test_a_place_listed_beside_the_tagger_s_person_makes_it_a_place() -> None:
    text = "卡拉瓦、东兴口岸通关量上升。"
    found = _neighbours(text, _at(text, "卡拉瓦"), _at(text, "东兴口岸", EntityType.LOC, MentionSource.GAZETTEER))
    assert ("卡拉瓦", "LOC") in found
    # A person listed beside persons stays one.
    text = "卡拉瓦、韩立新出席。"
    found = _neighbours(text, _at(text, "卡拉瓦"), _at(text, "韩立新"))
    assert ("卡拉瓦", "PER") in found


def test_a_list_with_a_person_in_it_stays_a_list_of_persons() -> None:
    text = "出席的还有韩立新、卡拉瓦、东兴口岸等。"
    found = _neighbours(
        text, _at(text, "韩立新"), _at(text, "卡拉瓦"), _at(text, "东兴口岸", EntityType.LOC, MentionSource.GAZETTEER)
    )
    assert ("卡拉瓦", "PER") in found
