"""One-character short names of places (中美关系, 访华, 中方): contexts, readings, fusion, resolution."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.short_names import find_short_names, short_names
from kg.extract.resolve import resolve_entities, resolve_mentions
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource, PageMeta


def _short(text: str, candidates: list[Mention] | None = None) -> list[tuple[str, str | None, str | None]]:
    """(character, canonical, code) of each short name found, in text order."""
    found = find_short_names("a", text, WordIndex.of(text), candidates or [])
    return sorted(
        ((m.start, m.text, m.canonical, m.code) for m in found if m.source is MentionSource.SHORT_NAME),
    )


def _chars(text: str) -> list[str]:
    return [char for _, char, _, _ in _short(text)]


def test_provinces_are_named_from_the_gazetteer_by_their_code() -> None:
    names = short_names()
    assert names.provinces["粤"].code == "440000" and names.provinces["粤"].canonical == "广东省"
    assert names.foreign["美"].canonical == "美国" and names.foreign["美"].kind is EntityKind.COUNTRY
    assert "苏" in names.provinces and "苏" in names.foreign  # 江苏省 and 苏联
    assert "来意" in names.ordinary


def test_a_run_of_short_names_before_a_word_of_relations_is_a_compound() -> None:
    assert _short("两国领导人讨论了中美关系的前景。") == [
        (8, "中", "中国", None), (9, "美", "美国", None)]
    assert _chars("中日韩三国外长举行会晤。") == ["中", "日", "韩"]
    assert [(c, code) for _, c, _, code in _short("推进京津冀协同发展。")] == [
        ("京", "110000"), ("津", "120000"), ("冀", "130000")]


def test_short_names_listed_one_character_an_item() -> None:
    assert _chars("中、美、俄、英、法五国代表出席。") == ["中", "美", "俄", "英", "法"]
    assert _chars("京、津两地加强合作。") == ["京", "津"]
    assert _chars("青、红、黑三种颜色。") == []  # colours: 红 is no short name


def test_a_shared_character_takes_the_reading_of_its_run() -> None:
    provinces = {c: (canonical, code) for _, c, canonical, code in _short("沪苏浙皖一体化加快推进。")}
    assert provinces["苏"] == ("江苏省", "320000")
    states = {c: canonical for _, c, canonical, _ in _short("中苏两国恢复了正常关系。")}
    assert states["苏"] == "苏联"
    macau = {c: canonical for _, c, canonical, _ in _short("粤港澳大湾区建设提速。")}
    assert macau == {"粤": "广东省", "港": "香港特别行政区", "澳": "澳门特别行政区"}


def test_a_verb_of_travel_or_stance_before_one_character() -> None:
    assert _short("总统将于下月访华。") == [(7, "华", "中国", None)]
    assert _chars("他赴美留学三年后回国。") == ["美"]
    assert _chars("代表团一行在沪考察。") == ["沪"]
    assert _chars("抗日战争胜利纪念日。") == ["日"]
    assert _chars("总理访澳期间签署协议。") == []  # 澳门 or 澳大利亚: one character cannot say


def test_a_party_after_one_character() -> None:
    assert _chars("中方对此表示欢迎。") == ["中"]
    assert _chars("美军舰艇驶离港口。") == ["美"]
    assert _chars("一批港资企业落户园区。") == ["港"]
    assert _chars("一位美籍华人教授。") == ["美"]


def test_short_names_at_the_edges_of_a_text() -> None:
    """The scans jump to where a short name may stand: a text's first and last characters count too."""
    assert _short("访华") == [(1, "华", "中国", None)]
    assert _chars("美军") == ["美"]
    assert _chars("双方都尊重中方") == ["中"]
    assert _chars("中美关系") == ["中", "美"]
    assert _chars("中美") == []  # no compound's word after the run


@pytest.mark.parametrize("text", [
    "中美洲国家的代表出席。",  # a continent's middle, one name
    "传统美德代代相传。",  # virtue
    "采取非法手段牟利。",  # unlawful
    "为了以方便群众为原则。",  # a preposition before 方便
    "该方案于5日方才出台。",  # a date's day
    "这种做法要加以合作推广。",  # 加以: a verb
    "此书蜀中小童也能背诵。",  # the middle of a province
    "他对美作出了自己的判断。",  # beauty: a stance verb needs a word of the dictionary
    "这件事他一直很在意。",  # 在意: minding
])
def test_ordinary_words_are_no_short_names(text: str) -> None:
    assert _short(text) == []


def test_a_name_of_the_dictionary_spelled_by_short_names_is_that_name() -> None:
    assert _chars("苏丹局势引发关注。") == []


def test_a_tagger_span_inside_a_run_gives_way_and_a_longer_one_stays() -> None:
    text = "中美两国元首会晤。"
    inside = Mention("a", 0, 2, "中美", EntityType.LOC, MentionSource.TAGGER)
    found = find_short_names("a", text, WordIndex.of(text), [inside])
    assert inside not in found and [m.text for m in found] == ["中", "美"]
    text = "中美洲国家的代表出席。"
    longer = Mention("a", 0, 3, "中美洲", EntityType.LOC, MentionSource.TAGGER)
    assert find_short_names("a", text, WordIndex.of(text), [longer]) == [longer]


def test_recognition_keeps_short_names_and_does_not_spread_them() -> None:
    text = "中美关系持续改善。会场中摆放着美丽的鲜花。"
    (mentions,) = recognize_text([text], use_tagger=False)
    shorts = [(m.start, m.text) for m in mentions if m.source is MentionSource.SHORT_NAME]
    assert shorts == [(0, "中"), (1, "美")]
    assert all(m.end - m.start >= 2 or m.source is MentionSource.SHORT_NAME for m in mentions if m.type is EntityType.LOC)
    assert not any(m.start >= 9 and m.text in ("中", "美") for m in mentions)


def test_a_short_name_joins_its_places_node() -> None:
    text = "美国国务卿表示，中美关系十分重要。"
    (mentions,) = recognize_text([text], use_tagger=False)
    resolved = resolve_mentions(mentions, meta=PageMeta(source="-"), text=text)
    entities = {e.name: e for e in resolve_entities(resolved)}
    assert "美" in entities["美国"].aliases and entities["美国"].mention_count == 2
    text = "京津冀协同发展，天津市率先行动。"
    (mentions,) = recognize_text([text], use_tagger=False)
    resolved = resolve_mentions(mentions, meta=PageMeta(source="-"), text=text)
    tianjin = [e for e in resolve_entities(resolved) if e.code == "120000"]
    assert len(tianjin) == 1 and "津" in tianjin[0].aliases and tianjin[0].mention_count == 2
