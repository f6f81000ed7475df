"""Precision guards: ordinary words the tagger or the grammar took for names are dropped."""

from __future__ import annotations

from kg.extract.recognize import recognize_text
from kg.extract.recognize.guards import ordinary
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource

PER, ORG, LOC = EntityType.PER, EntityType.ORG, EntityType.LOC


def _judged(text: str, surface: str, kind: EntityType, source: MentionSource = MentionSource.TAGGER) -> bool:
    start = text.index(surface)
    mention = Mention("t", start, start + len(surface), surface, kind, source)
    return ordinary(mention, text, WordIndex.of(text))


def test_floors_and_rooms_are_no_places() -> None:
    assert _judged("会议在四楼报告厅举行。", "四楼报告厅", ORG, MentionSource.GRAMMAR)
    assert _judged("会议在3层会议室举行。", "3层会议室", LOC)
    assert _judged("会议在会议室举行。", "会议室", LOC)
    assert not _judged("会议在某某大学报告厅举行。", "某某大学", ORG, MentionSource.GRAMMAR)


def test_food_is_no_name() -> None:
    assert _judged("他们吃了麻婆豆腐。", "麻婆豆腐", PER)
    assert _judged("店里卖老王火锅。", "老王火锅", ORG, MentionSource.GRAMMAR)
    assert not _judged("店主王某某说。", "王某某", PER)


def test_a_document_is_no_body_or_place() -> None:
    assert _judged("省政府印发了长江经济带发展规划纲要。", "长江经济带发展规划纲要", ORG)
    assert _judged("会议通过了某某市物业管理条例。", "某某市物业管理条例", LOC)
    assert not _judged("某某市规划局发布通知。", "某某市规划局", ORG)
    assert not _judged("某某规划纲要公布。", "某某", PER)


def test_a_transport_service_is_no_body_or_place() -> None:
    assert _judged("中欧班列今年开行一万列。", "中欧班列", ORG)
    assert _judged("东航新开通上海至布达佩斯航线。", "上海至布达佩斯航线", LOC)
    assert not _judged("中欧班列运营公司发布公告。", "中欧班列运营公司", ORG)


def test_a_scale_before_its_reading_is_a_unit() -> None:
    assert _judged("发生里氏6.2级地震。", "里氏", PER)
    assert _judged("气温达华氏九十度。", "华氏", PER)
    # 阮氏三雄: a family's name before a number that is no reading.
    assert not _judged("如何区分阮氏三雄？", "阮氏", PER)


def test_a_person_starts_with_a_surname_not_with_words() -> None:
    assert _judged("游客中毒入院。", "中毒入院", PER)  # two words, no surname
    assert _judged("他边报警边跑。", "边报警", PER)  # an adverb and a verb
    assert not _judged("傅某、曾因明、强某出席。", "曾因明", PER)  # 曾: a frequent surname


def test_a_frequent_word_is_no_person() -> None:
    assert _judged("要注意安全。", "安全", PER)
    assert not _judged("要注意安全。", "安全", PER, MentionSource.RULE)  # rules are not second-guessed


def test_guards_run_in_recognition() -> None:
    (mentions,) = recognize_text(["会议在四楼报告厅举行，陈建华表示满意。"])
    texts = [m.text for m in mentions]
    assert "四楼报告厅" not in texts
    assert "陈建华" in texts


def test_a_drawing_or_a_table_is_no_name() -> None:
    assert _judged("展示了新区的全景图。", "全景图", PER)
    assert _judged("他们绘制了示意图。", "示意图", LOC)
    assert _judged("填写统计表。", "统计表", ORG)
    assert not _judged("记者王图说。", "王图", PER)  # a surname and a given name: no word before 图


def test_a_road_of_a_figure_of_speech_is_no_street() -> None:
    assert _judged("他走上了成才之路。", "成才之路", LOC, MentionSource.RULE)
    assert _judged("分别由王之路、李文君主编。", "王之路", LOC, MentionSource.RULE)
    assert not _judged("他住在人民路。", "人民路", LOC, MentionSource.RULE)


def test_a_stage_genre_is_no_person() -> None:
    text = "著名花鼓戏演员登台。"
    start = text.index("花鼓戏")
    genre = Mention("t", start, start + 3, "花鼓戏", EntityType.PER, MentionSource.TAGGER)
    assert ordinary(genre, text, WordIndex.of(text))
    text = "钱小剧登台演出。"
    person = Mention("t", 0, 3, "钱小剧", EntityType.PER, MentionSource.TAGGER)
    assert not ordinary(person, text, WordIndex.of(text))


def test_a_surname_and_jia_start_a_given_name() -> None:
    from kg.extract.recognize.fusion import plausible

    assert plausible(Mention("t", 0, 3, "王家明", EntityType.PER, MentionSource.TAGGER))
    assert not plausible(Mention("t", 0, 3, "方向盘", EntityType.PER, MentionSource.TAGGER))


def test_a_phrase_with_a_plural_pronoun_is_no_name() -> None:
    assert _judged("校长致辞：“感谢你们的坚持。”", "感谢你们", PER)
    assert _judged("我们和大家一起努力。", "我们和大家", PER)
    assert not _judged("校长致辞：“感谢你们的坚持。”", "感谢你们", ORG)  # only persons are judged so


def test_a_transliteration_before_a_device_or_an_effect_is_no_person() -> None:
    assert _judged("新建的斯特拉托装置完成调试。", "斯特拉托", PER)
    assert _judged("实验验证了卡西米尔效应。", "卡西米尔", PER)
    assert not _judged("外援斯特拉托今天抵达。", "斯特拉托", PER)
    # A Chinese name before 装置 is left to the other rules: only transliterations are judged here.
    assert not _judged("技术员王建华装置完毕后离开。", "王建华", PER)
