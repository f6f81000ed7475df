"""Familiar forms of persons: stars' nicknames."""

from __future__ import annotations

from kg.extract.recognize.familiar import find_nicknames
from kg.model import EntityType


def test_nicknames_of_stars() -> None:
    found = list(find_nicknames("t", "J罗赛后说，球队踢得很好。"))
    assert [(m.text, m.start, m.type) for m in found] == [("J罗", 0, EntityType.PER)]
    assert [m.text for m in find_nicknames("t", "系统ABJ罗列了数据，小罗庄的村民。")] == []


def _called(text: str) -> list[str]:
    found = list(find_nicknames("t", text))
    for m in found:
        assert text[m.start : m.end] == m.text and m.type is EntityType.PER
    return [m.text for m in found]


def test_a_name_fans_call_someone_by_is_a_nickname() -> None:
    assert _called("球迷们亲切地称他为“小飞侠”。") == ["小飞侠"]
    assert _called("这位被粉丝称为“Rookie”的选手退役了。") == ["Rookie"]
    assert _called("歌迷都叫她“甜甜”。") == ["甜甜"]  # a doubled syllable, though a word too


def test_a_thing_s_name_or_a_form_of_address_in_quotes_is_no_nickname() -> None:
    assert _called("这里被称为“天下第一关”。") == []  # no caller, no pronoun: a place's epithet
    assert _called("孩子们都叫她“王奶奶”。") == []
    assert _called("学生们称他为“老师”。") == []


def test_a_surname_glued_to_the_verb_after_it_is_addressed_familiarly() -> None:
    from kg.extract.recognize.familiar import find_familiar
    from kg.lang.words import WordIndex

    def familiar(text: str) -> list[str]:
        return [m.text for m in find_familiar("t", text, WordIndex.of(text))]

    assert familiar("钓鱼爱好者老孟说，每天都来。") == ["老孟"]  # jieba reads 老孟说 as one word
    assert familiar("门卫老郑笑着说没事。") == ["老郑"]  # 老|郑笑|着
    assert familiar("他叫小王磊说的话。") == []  # 王磊 is a name of its own
