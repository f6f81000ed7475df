"""Landmarks by their names (外滩, 红场, 鸟巢): kinds, cues, longer names and organizations around them."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import load_gazetteer
from kg.extract.recognize import recognize_text
from kg.extract.recognize.landmarks import find_landmarks, landmarks
from kg.extract.recognize.lexicon import foreign_names
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource


def _found(text: str) -> dict[str, Mention]:
    (mentions,) = recognize_text([text], use_tagger=False)
    return {m.text: m for m in mentions}


def _landmarks(text: str, candidates: list[Mention] | None = None) -> dict[str, Mention]:
    return {m.text: m for m in find_landmarks("a", text, WordIndex.of(text), candidates or [])}


def test_a_bare_name_is_a_place_with_its_kind() -> None:
    found = _found("夜幕降临，外滩的灯光秀吸引了大批市民。")
    assert (found["外滩"].type, found["外滩"].kind) == (EntityType.LOC, EntityKind.TOURIST_ATTRACTION)
    square = _found("俄罗斯总统在红场出席阅兵式。")["红场"]
    assert (square.type, square.kind) == (EntityType.LOC, EntityKind.SQUARE)


def test_a_short_name_takes_its_canonical_name() -> None:
    found = _found("代表团参观了兵马俑和大雁塔。")
    assert found["兵马俑"].canonical == "秦始皇兵马俑"
    assert found["大雁塔"].kind is EntityKind.LANDMARK


@pytest.mark.parametrize("text", ["北京冬奥会开幕式在鸟巢举行。", "不少游客专程来鸟巢打卡。"])
def test_an_ambiguous_name_with_a_cue_is_the_place(text: str) -> None:
    nest = _found(text)["鸟巢"]
    assert (nest.type, nest.kind, nest.canonical) == (EntityType.LOC, EntityKind.CIVIC_STRUCTURE, "国家体育场")


@pytest.mark.parametrize("text", ["树上有一个鸟巢，里面有三只小鸟。", "这座断桥已有百年历史。"])
def test_an_ambiguous_name_without_a_cue_is_the_ordinary_word(text: str) -> None:
    assert not _landmarks(text)
    assert not _found(text)


def test_the_cue_must_be_in_the_same_sentence() -> None:
    assert not _landmarks("游客很多。树上有一个鸟巢。")
    assert "断桥" in _landmarks("游客在断桥边拍照留影。")


def test_the_longest_name_of_the_lexicon_wins() -> None:
    found = _landmarks("数万人聚集在天安门广场。")
    assert list(found) == ["天安门广场"]
    assert found["天安门广场"].kind is EntityKind.SQUARE


def test_never_inside_a_longer_name_already_found() -> None:
    text = "游客走过天安门城楼前。"
    longer = Mention("a", 4, 10, "天安门城楼前", EntityType.LOC, MentionSource.TAGGER)
    assert "天安门城楼" in _landmarks(text)
    assert not _landmarks(text, [longer])


def test_never_inside_an_organization() -> None:
    text = "外滩美术馆昨天开幕。"
    museum = Mention("a", 0, 5, "外滩美术馆", EntityType.ORG, MentionSource.TAGGER)
    assert "外滩" in _landmarks(text)
    assert not _landmarks(text, [museum])
    # The same span read as an organization (a company of the name) is no landmark either.
    company = Mention("a", 0, 2, "外滩", EntityType.ORG, MentionSource.TAGGER)
    assert not _landmarks(text, [company])


def test_only_at_word_boundaries() -> None:
    assert "个园" not in _landmarks("整个园区对游客开放。")  # 整个|园区
    assert "个园" in _landmarks("游客来到扬州个园赏竹。")
    assert "冬宫" not in _landmarks("越冬宫灯已在景区挂起。")  # 越冬|宫灯


def test_the_lexicon_keeps_to_its_own_names() -> None:
    names = landmarks()
    assert 300 <= len(names) <= 600
    gaz = load_gazetteer()
    assert not [n for n in names if gaz.places(n) or n in gaz.by_alias or n in gaz.countries]  # 黄山, 西湖: divisions
    assert not [n for n in names if n in foreign_names() and n != "长城"]  # one home; 长城 the company is apart
    assert names["长城"].needs_cue and names["鸟巢"].needs_cue and not names["故宫"].needs_cue
