"""Person rules: title + name, a bare surname before a form of address or 某."""

from __future__ import annotations

from kg.extract.recognize import _title_scanner
from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.recognize.persons import find_surnames, find_titled_persons
from kg.lang.words import WordIndex
from kg.model import EntityType, MentionSource


def _found(finder, source: MentionSource, text: str) -> list[str]:  # noqa: ANN001 - a person rule
    lex = load_lexicon()
    found = list(finder("t", text, lex, WordIndex.of(text), _title_scanner(lex).find(text)))
    for m in found:
        assert text[m.start : m.end] == m.text and m.type is EntityType.PER and m.source is source
    return [m.text for m in found]


def _titled(text: str) -> list[str]:
    return _found(find_titled_persons, MentionSource.RULE, text)


def _surnames(text: str) -> list[str]:
    return _found(find_surnames, MentionSource.SURNAME, text)


def test_a_room_after_a_surname_like_character_is_no_name() -> None:
    # 学生 ends 留学生; 楼 is a surname, but 餐厅 is a room, no given name.
    assert _titled("他们在留学生楼餐厅吃饭。") == []
    assert _titled("学生楼大海说，考试不难。") == ["楼大海"]


def test_a_name_before_an_academician_is_a_person() -> None:
    assert _titled("同事们来到钱立群院士家。") == ["钱立群"]
    assert _titled("中国工程院院士说，项目很重要。") == []


def test_a_surname_before_a_form_of_address() -> None:
    assert _surnames("村里的李大娘说，日子好过了。") == ["李"]
    assert _surnames("王司长来了三个月。") == ["王"]


def test_the_surname_of_an_anonymized_person() -> None:
    assert _surnames("犯罪嫌疑人刘某被抓获。") == ["刘"]
    assert _surnames("刘某某被判处有期徒刑。") == []  # the tagger reads 刘某某 whole
    assert _surnames("陈某、李某等人到场。") == ["陈", "李"]
    assert _surnames("某地某部发生火灾。") == []


def test_a_follower_that_starts_no_word_ends_the_name() -> None:
    # 强 follows a name only as 强调; before 报道 it is the name's last character.
    assert _titled("记者孟小强报道：今年夏粮丰收。") == []
    assert _titled("记者孟刚强调说，夏粮丰收。") == ["孟刚"]


def test_a_word_and_a_particle_before_a_title_are_no_name() -> None:
    assert _titled("会上，谈话中总理问起收成。") == []
    assert _titled("会上，纪委的同志来了。") == []
    assert _titled("会上，由吴先生转交。") == []


def _familiar(text: str) -> list[str]:
    from kg.extract.recognize.familiar import find_familiar

    found = list(find_familiar("t", text, WordIndex.of(text)))
    assert all(m.source is MentionSource.SURNAME and m.type is EntityType.PER for m in found)
    return [m.text for m in found]


def test_old_or_young_and_a_surname_address_a_person() -> None:
    # PFR tags 老X and 小X (X a surname) as one person's name.
    assert _familiar("邻居老王说，那天他听到一声巨响。") == ["老王"]
    assert _familiar("老张和小刘一起去了县城。") == ["老张", "小刘"]
    assert _familiar("小李今年二十岁，在厂里当学徒。") == ["小李"]


def test_old_or_young_before_a_word_or_a_thing_is_no_address() -> None:
    assert _familiar("增幅小于5%。") == []  # a verb of the dictionary, no person's cue after it
    assert _familiar("墙上有一个小孔。") == []  # a measure before it
    assert _familiar("他爱吃小龙虾，也领了养老金。") == []  # a word runs across its edges
    assert _familiar("小王磊今年上初中。") == []  # 小 before a full name
    assert _familiar("挥舞着小白幡。") == []  # a one-character noun after it
    assert _familiar("袖子卷得老高老高。") == []  # repeated: an adverb of degree
    assert _familiar("小马说，他明天就走。") == ["小马"]  # a word only a person takes follows


def test_familiar_addresses_are_recognized() -> None:
    from kg.extract.recognize import recognize_text

    (mentions,) = recognize_text(["一见面，老胡激动地说，村里变了样。"], use_tagger=False)
    assert [(m.text, m.type) for m in mentions] == [("老胡", EntityType.PER)]
