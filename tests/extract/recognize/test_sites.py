"""Sites named after persons and places (kg.extract.recognize.sites)."""

from __future__ import annotations

import dataclasses

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.recognize.sites import split_divisions, to_sites
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource, PageMeta

PER, LOC = EntityType.PER, EntityType.LOC


def _found(text: str) -> list[tuple[str, EntityType, str | None]]:
    (mentions,) = recognize_text([text], meta=PageMeta(source="-", paper="人民日报"), use_tagger=True)
    return [(m.text, m.type, m.code) for m in mentions]


def test_a_landmark_named_after_a_place_is_a_site() -> None:
    found = _found("游客走进襄阳楼参观。")  # a city's name, then 楼: the tower, not the city
    assert ("襄阳楼", LOC, None) in found
    assert not any(kind is PER for _, kind, _ in found)
    assert not any(name == "襄阳" for name, _, _ in found)


@pytest.mark.parametrize(("text", "site"), [("游客参观蓬莱阁。", "蓬莱阁"), ("游客在黄鹤楼前合影。", "黄鹤楼")])
def test_a_landmark_the_tagger_reads_as_a_name_is_a_site(text: str, site: str) -> None:
    """A tagger's "person" that is a dictionary word ending in a landmark's head is the landmark.

    Built from the tagger's reading itself, so that the rule is tested whatever a
    retrained model makes of these words.
    """
    start = text.index(site)
    guess = Mention("k", start, start + len(site), site, PER, MentionSource.TAGGER)
    (site_mention,) = to_sites([guess], text, load_lexicon(), WordIndex.of(text))
    assert (site_mention.text, site_mention.type, site_mention.source) == (site, LOC, MentionSource.RULE)
    assert to_sites([dataclasses.replace(guess, source=MentionSource.RULE)], text, load_lexicon(),
                    WordIndex.of(text)) == [dataclasses.replace(guess, source=MentionSource.RULE)]


def test_a_head_inside_a_longer_word_and_a_person_s_name_stay_as_they_are() -> None:
    assert _found("武汉楼市回暖。") == [("武汉", LOC, "420100")]  # 楼市, the housing market
    assert ("宜昌", LOC, "420500") in _found("他来到宜昌楼前广场。")  # 楼前 is a word
    assert ("王小楼", PER, None) in _found("王小楼表示同意。")  # a name, no landmark of the dictionary


def test_sites_and_places_named_by_a_site_s_head_take_its_kind() -> None:
    text = "鲁迅故居和某某机场"
    lex, words = load_lexicon(), WordIndex.of(text)
    person = Mention("k", 0, 2, "鲁迅", PER, MentionSource.TAGGER)
    airport = Mention("k", 5, 9, "某某机场", LOC, MentionSource.TAGGER)
    residence, typed = to_sites([person, airport], text, lex, words)
    assert (residence.text, residence.kind) == ("鲁迅故居", EntityKind.LANDMARK)
    assert typed == dataclasses.replace(airport, kind=EntityKind.CIVIC_STRUCTURE)


@pytest.mark.parametrize(("name", "code"), [("香港", None), ("白山", "220600")])
def test_a_short_name_or_a_division_ending_like_a_head_takes_no_site_kind(name: str, code: str | None) -> None:
    """香港 (港, a port's head) keeps one character before it; 白山 is a division with a code."""
    place = Mention("k", 0, len(name), name, LOC, MentionSource.TAGGER, code=code)
    assert to_sites([place], name, load_lexicon(), WordIndex.of(name)) == [place]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("书画展日前在湖南省美术馆开幕。", "湖南省美术馆", EntityKind.CIVIC_STRUCTURE),
        ("新建的长沙科技馆向市民开放。", "长沙科技馆", EntityKind.CIVIC_STRUCTURE),
        ("顾客在武汉广场购物中心选购家电。", "武汉广场购物中心", EntityKind.MARKET),
    ],
)
def test_a_body_named_after_its_building_is_a_place(text: str, name: str, kind: EntityKind) -> None:
    """The grammar reads 美术馆, 购物中心 as a body's head; news corpora name the building, a place."""
    guess = Mention("k", text.index(name), text.index(name) + len(name), name, EntityType.ORG, MentionSource.GRAMMAR)
    (venue,) = to_sites([guess], text, load_lexicon(), WordIndex.of(text))
    assert (venue.text, venue.type, venue.kind) == (name, LOC, kind)


def test_a_hotel_stays_a_body() -> None:
    """PFR and MSRA disagree on hotels: the grammar's reading (a body) stands."""
    text = "代表团下榻在长江宾馆。"
    guess = Mention("k", 6, 10, "长江宾馆", EntityType.ORG, MentionSource.GRAMMAR)
    assert to_sites([guess], text, load_lexicon(), WordIndex.of(text))[0].type is EntityType.ORG


def test_a_foreign_name_ending_like_a_tower_is_no_landmark() -> None:
    """科斯塔 is a transliterated name that ends with 塔, not a tower."""
    text = "主教练科斯塔赛后说。"
    guess = Mention("k", 3, 6, "科斯塔", PER, MentionSource.TAGGER)
    (kept,) = to_sites([guess], text, load_lexicon(), WordIndex.of(text))
    assert kept.type is PER


def _division(text: str, name: str, code: str | None = None) -> Mention:
    start = text.index(name)
    return Mention("k", start, start + len(name), name, LOC, MentionSource.GAZETTEER, canonical=name, code=code)


def _read_whole(text: str, name: str, type_: EntityType = LOC, source: MentionSource = MentionSource.TAGGER) -> Mention:
    start = text.index(name)
    return Mention("k", start, start + len(name), name, type_, source)


def _split(text: str, mentions: list[Mention]) -> list[tuple[str, EntityType]]:
    return sorted(((m.text, m.type) for m in split_divisions(mentions, text)), key=lambda x: text.index(x[0]))


@pytest.mark.parametrize(
    ("text", "whole", "type_", "site"),
    [
        ("游客在杭州西溪湿地公园观鸟。", "杭州西溪湿地公园", LOC, "西溪湿地公园"),
        ("航班降落在成都双流机场。", "成都双流机场", LOC, "双流机场"),
        ("展会在杭州白马湖会展中心举行。", "杭州白马湖会展中心", EntityType.ORG, "白马湖会展中心"),
    ],
)
def test_a_site_read_whole_with_the_city_before_it_is_the_city_and_the_site(
    text: str, whole: str, type_: EntityType, site: str
) -> None:
    city = whole[:2]
    found = _split(text, [_division(text, city), _read_whole(text, whole, type_)])
    assert found == [(city, LOC), (site, LOC)]


def test_divisions_in_a_row_before_a_site_stand_each_on_its_own() -> None:
    text = "上海市黄浦区豫园商城人头攒动。"
    mentions = [_division(text, "上海市"), _division(text, "黄浦区"), _read_whole(text, "上海市黄浦区豫园商城", EntityType.ORG)]
    assert _split(text, mentions) == [("上海市", LOC), ("黄浦区", LOC), ("豫园商城", LOC)]


def test_divisions_and_a_word_of_kind_are_no_site() -> None:
    """某市某区某街道 + 商圈: the places stand; the word of kind after them names nothing more."""
    text = "上海市黄浦区外滩商圈人头攒动。"
    mentions = [_division(text, "上海市"), _division(text, "黄浦区"), _division(text, "外滩"),
                _read_whole(text, "上海市黄浦区外滩商圈", EntityType.ORG)]
    assert _split(text, mentions) == [("上海市", LOC), ("黄浦区", LOC), ("外滩", LOC)]


@pytest.mark.parametrize(
    ("text", "whole", "prefix"),
    [
        ("比赛在武汉体育中心举行。", "武汉体育中心", "武汉"),  # a frequent word: the city names the venue
        ("旅客在成都火车站候车。", "成都火车站", "成都"),  # a head alone: the city is the name
        ("文物在中国国家博物馆展出。", "中国国家博物馆", "中国"),  # a country alone opens a national name
    ],
)
def test_a_site_with_no_name_of_its_own_keeps_its_place(text: str, whole: str, prefix: str) -> None:
    found = _split(text, [_division(text, prefix), _read_whole(text, whole)])
    assert (whole, LOC) in found


def test_a_body_with_no_site_s_head_stays_whole() -> None:
    """A building's name may stand for the body in it: the split needs a site's head after a body."""
    text = "会谈在北京中南海举行。"
    found = _split(text, [_division(text, "北京"), _read_whole(text, "北京中南海", EntityType.ORG)])
    assert ("北京中南海", EntityType.ORG) in found


def test_a_site_s_name_that_opens_like_a_place_keeps_it() -> None:
    """西安 + 曲江国际会展中心: 国际会展中心 alone has no name of its own, so 曲江 is the site's."""
    text = "活动在西安曲江国际会展中心举行。"
    mentions = [_division(text, "西安"), _division(text, "曲江"), _read_whole(text, "西安曲江国际会展中心", EntityType.ORG)]
    assert ("曲江国际会展中心", LOC) in _split(text, mentions)
    assert not any(name.startswith("西安曲江") for name, _ in _split(text, mentions))


@pytest.mark.parametrize(("text", "site"), [("代表团来到王国维故里参观。", "王国维故里"), ("新赛季首战在江湾球场打响。", "江湾球场")])
def test_a_home_village_and_a_ball_ground_are_places(text: str, site: str) -> None:
    found = _found(text)
    assert any(name == site and kind is LOC for name, kind, _ in found), found
    assert not any(kind is PER for _, kind, _ in found)


@pytest.mark.parametrize(
    ("text", "whole", "city", "site"),
    [
        ("周末不少市民登上福州鼓山看日出。", "福州鼓山", "福州", "鼓山"),  # a mountain's name of two characters
        ("环湖步道绕着宁波东钱湖延伸。", "宁波东钱湖", "宁波", "东钱湖"),
    ],
)
def test_a_city_the_tagger_reads_into_a_lake_or_mountain_stands_on_its_own(
    text: str, whole: str, city: str, site: str
) -> None:
    """No rule found the city (jieba joins it to the next word): the gazetteer names it all the same."""
    assert _split(text, [_read_whole(text, whole)]) == [(city, LOC), (site, LOC)]


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("他在上海北京西路开了一家书店。", "北京西路"),  # a road named after a city, in another city
        ("成都新城的楼盘开盘。", "成都新城"),  # a part of the city, not a site of its own
    ],
)
def test_a_city_before_a_short_word_that_names_no_site_keeps_it(text: str, whole: str) -> None:
    assert (whole, LOC) in _split(text, [_read_whole(text, whole)])


@pytest.mark.parametrize("word", ["广场", "新区", "公园"])
def test_a_kind_of_place_the_tagger_reads_alone_is_no_name(word: str) -> None:
    text = f"市民晚上常到{word}散步。"
    found = to_sites([_read_whole(text, word)], text, load_lexicon(), WordIndex.of(text))
    assert found == []


def test_a_kind_of_place_found_by_a_rule_stays() -> None:
    text = "市民晚上常到新区散步。"
    found = to_sites([_read_whole(text, "新区", source=MentionSource.GAZETTEER)], text, load_lexicon(), WordIndex.of(text))
    assert [m.text for m in found] == ["新区"]


@pytest.mark.parametrize(
    ("text", "whole", "last"),
    [
        ("来到汉寿西湖调研。", "汉寿西湖", "西湖"),  # two divisions read as one place
        ("他在汉寿西湖管理区工作。", "汉寿西湖", "西湖管理区"),  # the tagger cut the second one short
    ],
)
def test_divisions_read_whole_are_no_site(text: str, whole: str, last: str) -> None:
    """A county and a township read as one place: the "site" after the county is the township,
    which the gazetteer knows with its code; the divisions stand, not a site without one."""
    mentions = [_division(text, "汉寿"), _division(text, last, code="430722"), _read_whole(text, whole)]
    assert _split(text, mentions) == [("汉寿", LOC), (last, LOC)]
