"""Foreign names: lexicon clubs, cities and companies, transliterations typed by context, Latin names."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.foreign import latin_name
from kg.extract.recognize.lexicon import foreign_names
from kg.model import EntityType, Mention, MentionSource


def _found(text: str) -> dict[str, tuple[EntityType, EntityKind | None]]:
    (mentions,) = recognize_text([text])
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return {m.text: (m.type, m.kind) for m in mentions}


def test_clubs_in_a_match_are_teams() -> None:
    found = _found("昨晚切尔西主场战胜阿森纳。")
    assert found["切尔西"] == (EntityType.ORG, EntityKind.SPORTS_TEAM)
    assert found["阿森纳"] == (EntityType.ORG, EntityKind.SPORTS_TEAM)


def test_a_city_and_a_club_by_context() -> None:
    assert _found("代表团昨天抵达利物浦。")["利物浦"] == (EntityType.LOC, EntityKind.CITY)
    assert _found("曼联客场1比2负于利物浦。")["利物浦"] == (EntityType.ORG, EntityKind.SPORTS_TEAM)


def test_a_transliterated_name_before_a_title_is_a_person() -> None:
    assert _found("吉拉尼总理说，两国关系良好。")["吉拉尼"][0] is EntityType.PER


@pytest.mark.parametrize(("text", "name"), [("代表团抵达伏尔加格勒市。", "伏尔加格勒市"), ("他们抵达罗斯托夫后参观了工厂。", "罗斯托夫")])
def test_foreign_cities_are_places(text: str, name: str) -> None:
    assert _found(text)[name][0] is EntityType.LOC


def test_a_platform_is_a_corporation() -> None:
    assert _found("京东旗下的物流公司今年扩大了规模。")["京东"] == (EntityType.ORG, EntityKind.CORPORATION)


def test_a_word_that_is_a_brand_needs_a_cue() -> None:
    assert _found("苹果公司发布了新产品。")["苹果公司"] == (EntityType.ORG, EntityKind.CORPORATION)
    assert "苹果" not in _found("他买了两斤苹果。")


def test_latin_names() -> None:
    found = _found("Steven Johns表示，这项研究很重要。")
    assert found["Steven Johns"] == (EntityType.PER, None)
    assert _found("他在Google工作。")["Google"] == (EntityType.ORG, EntityKind.CORPORATION)
    assert latin_name("McDonald") and latin_name("Steven Johns") and not latin_name("steven")


def test_a_latin_word_without_a_person_context_is_no_person() -> None:
    assert "Hello" not in _found("他在屏幕上写下Hello几个字。")


def test_a_country_of_the_gazetteer_gets_its_kind() -> None:
    assert _found("他去年访问了美国。")["美国"] == (EntityType.LOC, EntityKind.COUNTRY)


def test_a_chinese_name_is_unaffected() -> None:
    assert _found("张伟说，今年收成不错。")["张伟"] == (EntityType.PER, None)


def test_foreign_lexicons_do_not_repeat_the_gazetteer_countries() -> None:
    from kg.extract.gazetteer import load_gazetteer

    countries = load_gazetteer().countries
    names = foreign_names()
    repeated = [n for n, rs in names.items() if n in countries and any(r.kind is EntityKind.COUNTRY for r in rs)]
    assert repeated == []
    assert names["利物浦"][0].kind is EntityKind.CITY and names["利物浦"][1].needs_cue


def test_a_chinese_looking_name_after_a_place_verb_stays_a_person() -> None:
    from kg.extract.recognize.foreign import retype
    from kg.extract.recognize.lexicon import load_lexicon
    from kg.model import Mention, MentionSource

    def typed(text: str, name: str) -> tuple[EntityType, str]:
        start = text.index(name)
        guess = Mention("t", start, start + len(name), name, EntityType.PER, MentionSource.TAGGER)
        (m,) = retype([guess], text, load_lexicon(), set())
        assert text[m.start : m.end] == m.text
        return m.type, m.text

    # 来到 + a surname and two characters + a title: a person visited at home.
    assert typed("他来到汤立松院士家。", "汤立松") == (EntityType.PER, "汤立松")
    assert typed("他们来到汤立松家中。", "汤立松") == (EntityType.PER, "汤立松")
    # A transliteration of no Chinese shape after 抵达 is a place.
    assert typed("代表团抵达罗斯托夫。", "罗斯托夫") == (EntityType.LOC, "罗斯托夫")


def test_a_club_whose_name_is_an_ordinary_word_needs_a_team_s_cue():
    assert _found("他是一个难得的奇才，也是改革的开拓者，到市场中掘金。") == {}
    found = _found("奇才队主场击败快船。")
    assert found["奇才队"][1] is EntityKind.SPORTS_TEAM and found["快船"][1] is EntityKind.SPORTS_TEAM


def test_a_name_before_a_teams_player_is_the_team() -> None:
    # 外援 and 主帅 are titles before a name, but after one they are a team's people.
    assert _found("赛后，阿尔梅拉外援表示球队踢得不错。")["阿尔梅拉"] == (EntityType.ORG, EntityKind.SPORTS_TEAM)
    assert _found("阿尔梅拉主帅表示满意。")["阿尔梅拉"] == (EntityType.ORG, EntityKind.SPORTS_TEAM)


def test_a_title_inside_the_tagger_s_organization_ends_it() -> None:
    from kg.extract.recognize.foreign import retype
    from kg.extract.recognize.lexicon import load_lexicon
    from kg.model import Mention, MentionSource

    def typed(text: str, span: str, title: str) -> tuple[EntityType, str]:
        start = text.index(span)
        guess = Mention("t", start, start + len(span), span, EntityType.ORG, MentionSource.TAGGER)
        (m,) = retype([guess], text, load_lexicon(), {text.index(title) + len(title)})
        assert text[m.start : m.end] == m.text
        return m.type, m.text

    assert typed("某战队中单Knight拿下MVP。", "某战队中单Knight", "中单") == (EntityType.PER, "Knight")
    assert typed("市一医院医生陈晓梅提醒市民。", "市一医院医生陈晓梅", "医生") == (EntityType.PER, "陈晓梅")
    # 市长|江镇: a division's head ends the rest, which is a place's name.
    assert typed("如东县长沙镇的农民。", "如东县长沙镇", "县长") == (EntityType.ORG, "如东县长沙镇")


def test_a_latin_name_after_a_player_s_role_is_a_person() -> None:
    assert _found("战队的上单Bin赛后接受采访。").get("Bin") == (EntityType.PER, None)
    assert _found("乐队成员Karina在台上致谢。").get("Karina") == (EntityType.PER, None)


def test_a_title_inside_the_tagger_s_place_ends_it() -> None:
    from kg.extract.recognize.foreign import retype
    from kg.extract.recognize.lexicon import load_lexicon
    from kg.model import Mention, MentionSource

    text = "石门镇菜农万建东创办了合作社。"
    span = "石门镇菜农万建东"
    guess = Mention("t", 0, len(span), span, EntityType.LOC, MentionSource.TAGGER)
    (m,) = retype([guess], text, load_lexicon(), {text.index("菜农") + 2})
    assert (m.text, m.type) == ("万建东", EntityType.PER)
    text = "留学生楼餐厅里很热闹。"  # 楼 and a room: no name after 学生
    guess = Mention("t", 0, 6, text[:6], EntityType.LOC, MentionSource.TAGGER)
    (m,) = retype([guess], text, load_lexicon(), {text.index("学生") + 2})
    assert (m.text, m.type) == ("留学生楼餐厅", EntityType.LOC)


def test_a_transliteration_between_an_office_cue_and_a_title_is_the_office_s_company() -> None:
    found = _found("董事局主席韩立群出任卡萨芬董事长。")
    assert found["卡萨芬"][0] is EntityType.ORG
    found = _found("会见结束后，卡萨芬出任外长。")
    assert found["卡萨芬"][0] is EntityType.PER  # no title after the cue: the office's holder


def test_a_place_s_suffix_after_a_transliteration_is_taken_in_where_it_ends_a_word() -> None:
    from kg.extract.recognize.foreign import retype
    from kg.extract.recognize.lexicon import load_lexicon

    found = {}
    for suffix in ("地区", "市", "区域"):
        text = f"考察队抵达卡萨芬{suffix}后开始工作。"
        guess = Mention("t", 5, 8, "卡萨芬", EntityType.PER, MentionSource.TAGGER)
        (m,) = retype([guess], text, load_lexicon(), set())
        found[suffix] = (m.text, m.type, m.kind)
    assert found["地区"] == ("卡萨芬地区", EntityType.LOC, None)
    assert found["市"] == ("卡萨芬市", EntityType.LOC, EntityKind.CITY)
    assert found["区域"] == ("卡萨芬", EntityType.LOC, None)  # 区域 is a word: its 区 is no suffix


def test_a_latin_name_listed_beside_persons_is_one_and_text_without_latin_has_none() -> None:
    from kg.extract.recognize.foreign import find_foreign
    from kg.extract.recognize.lexicon import load_lexicon
    from kg.lang.words import WordIndex

    text = "出席的有张伟、Steven Johns和李强。"
    persons = [
        Mention("t", text.index(n), text.index(n) + 2, n, EntityType.PER, MentionSource.TAGGER) for n in ("张伟", "李强")
    ]
    found = find_foreign("t", text, WordIndex.of(text), load_lexicon(), set(), persons)
    assert [(m.text, m.type, m.source) for m in found] == [("Steven Johns", EntityType.PER, MentionSource.RULE)]
    assert find_foreign("t", text, WordIndex.of(text), load_lexicon(), set(), []) == []  # listed beside no one
    text = "出席的有张伟、李强和王芳。"
    assert find_foreign("t", text, WordIndex.of(text), load_lexicon(), set(), persons) == []
