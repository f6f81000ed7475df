"""The main event of an article: what its headline and lead report."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.events import detect_events
from kg.extract.main_event import headline_events
from kg.extract.resolve import entity_key
from kg.model import (
    Article,
    ArticleKind,
    Created,
    Entity,
    EntityType,
    EventFamily,
    EventType,
    Mention,
    PageMeta,
)


def _article(text: str, headline: str | None = None, *, kicker: str | None = None) -> Article:
    meta = PageMeta(source="test", paper="测试报", date="2023-03-10")
    return Article(key="a", meta=meta, kind=ArticleKind.ARTICLE, headline=headline, text=text, kicker=kicker)


def _mention(text: str, name: str, kind: EntityType = EntityType.LOC) -> Mention:
    start = text.index(name)
    mention = Mention("a", start, start + len(name), name, kind)
    return dataclasses.replace(mention, entity=entity_key(mention))


def _main(article: Article, mentions=(), **options):
    events = detect_events(article, mentions, **options)
    mains = [e for e in events if e.main]
    assert len(mains) <= 1
    return mains[0] if mains else None


def test_headline_events_in_headline_order():
    reported = headline_events("仓库爆炸起火 两人被拘留")
    assert [(r.type, r.word) for r in reported] == [(EventType.EXPLOSION, "爆炸"), (EventType.FIRE, "起火"),
                                                     (EventType.ARREST, "拘留")]
    (accident,) = headline_events("事故车辆严重超载")
    assert accident.type is None and accident.family is EventFamily.DISASTER
    (named,) = headline_events("全省教育工作会议召开")
    assert named.name == "全省教育工作会议" and named.type is EventType.MEETING
    assert headline_events(None) == () and headline_events("春风十里") == ()


def test_the_headline_trigger_picks_the_main_event_of_the_lead():
    text = "3日晚，某县一家商场发生火灾，过火面积200平方米。店主李某已被警方拘留。"
    main = _main(_article(text, "商场火灾 店主被拘"))
    assert (main.event_type, text[main.start : main.end]) == (EventType.FIRE, "火灾")
    assert main.time.start == "2023-03-03"


def test_the_lead_event_the_headline_answers_first():
    # the headline reports an explosion and a fire: the lead tells only the fire
    text = "昨日上午，某镇一家化工厂发生火灾，火势迅速蔓延。\n目击者称，一个储罐随后爆炸。"
    assert _main(_article(text, "储罐爆炸起火")).event_type is EventType.FIRE
    # the lead tells both: the headline's first report wins
    text = "昨日上午，某镇一家化工厂发生火灾，随后储罐爆炸。\n消防人员赶到现场。"
    assert _main(_article(text, "储罐爆炸起火")).event_type is EventType.EXPLOSION


def test_a_trigger_holding_the_headlines_word_answers_it():
    text = "5日夜，某市发生连环恐怖爆炸，造成30人死亡。警方称，爆炸系人为。"
    main = _main(_article(text, "某市连环爆炸30人丧生"))
    assert (main.event_type, text[main.start : main.end]) == (EventType.ATTACK, "恐怖爆炸")


def test_an_accident_word_of_the_headline_takes_the_leads_disaster():
    text = "该县7日发生的客车与货车相撞事故中，两名司机已被刑事拘留。"
    main = _main(_article(text, "事故客车超载 两名司机被刑拘"))
    assert main.event_type is EventType.TRAFFIC_ACCIDENT


def test_the_kicker_is_read_first():
    text = "昨日上午，某村一处作坊发生火灾，3人死亡。作坊老板已被拘留。"
    main = _main(_article(text, "作坊老板已被拘留", kicker="某村作坊大火3人死亡"))
    assert main.event_type is EventType.FIRE


def test_a_word_of_any_accident_stands_for_the_headlines_happening():
    text = "据了解，这起事故造成高速公路拥堵两个小时。"
    main = _main(_article(text, "高速公路发生交通事故"))
    assert (main.event_type, main.name, text[main.start : main.end]) == (EventType.TRAFFIC_ACCIDENT, "交通事故", "事故")


def test_without_a_headline_event_the_leads_first_event():
    text = "1月5日，全省教育工作会议在武汉召开。会后，代表们参观了一所学校。"
    main = _main(_article(text, "开局之年话发展"))
    assert main.named and main.name == "全省教育工作会议"


def test_no_main_without_events():
    assert _main(_article("今天天气很好。", "好天气")) is None


def test_place_from_the_headline_then_the_dateline():
    text = "大火于今日凌晨被扑灭，无人员伤亡。"
    mentions = [_mention(text + "东山县", "东山县")]
    article = _article(text + "东山县", "东山县山火扑灭")
    main = _main(article, mentions)
    assert main.place == 0
    place = Entity(mentions[0].entity, EntityType.LOC, "东山县")
    main = _main(_article(text + "东山县", "山火扑灭"), mentions, created=Created(place=place))
    assert main.place == 0


def test_the_same_happening_told_again_lends_its_time():
    text = "记者从有关部门获悉，某镇山火目前已基本扑灭，善后工作正在进行。\n2日18时许，该镇一处山坡发生火灾，过火面积30亩。"
    main = _main(_article(text, "某镇山火基本扑灭"))
    assert text[main.start : main.end] == "山火" and main.time.start == "2023-03-02"


_WORDS = ["发生火灾", "警方抓获", "嫌疑人", "会议召开", "，", "。", "\n", "3日", "某县", "交通事故", "事故", "调研"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14).map("".join), st.sampled_from(["", "火灾", "事故", "抓获 调研"]))
def test_property_at_most_one_main_and_it_is_an_event_of_the_text(text, headline):
    events = detect_events(_article(text, headline or None), ())
    assert sum(e.main for e in events) <= 1
    lead_end = next((k for k, p in enumerate(text.split("\n")) if len(p.strip()) >= 20), None)
    if lead_end is None or len(text.split("\n")) == 1:  # the whole text is the lead
        assert not events or any(e.main for e in events)
