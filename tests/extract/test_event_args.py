"""The time, place and participants of happenings, from their clause, sentence and story."""

from __future__ import annotations

from kg.extract.deictic_days import deictic_times
from kg.extract.happening_events import detect_happenings
from kg.extract.timex import find_times
from kg.model import EntityType, EventMention, EventType, Mention

DATE = "2023-03-10"


def _mentions(text: str, names: list[tuple[str, EntityType]]) -> list[Mention]:
    out, at = [], 0
    for name, kind in names:
        start = text.index(name, at)
        out.append(Mention("a", start, start + len(name), name, kind))
        at = start + len(name)
    return out


def _happenings(text: str, names=(), *, dateline: str | None = None) -> tuple[list[Mention], list[EventMention]]:
    mentions = _mentions(text, list(names))
    anchor = dateline or DATE
    times = deictic_times(text, find_times(text, issue_date=anchor), anchor=anchor, dateline_date=dateline)
    return mentions, detect_happenings(text, mentions, times, key="a")


def _one(events: list[EventMention], kind: EventType) -> EventMention:
    found = [e for e in events if e.event_type is kind]
    assert found, [e.event_type for e in events]
    return found[0]


LOC, ORG, PER = EntityType.LOC, EntityType.ORG, EntityType.PER


def test_time_and_most_specific_place_of_the_clause():
    text = "3月8日晚，某省东山县青石镇一处民房发生火灾。"
    mentions, events = _happenings(text, [("东山县", LOC), ("青石镇", LOC)])
    fire = _one(events, EventType.FIRE)
    assert (fire.time.start, fire.time.granularity, fire.time.text) == ("2023-03-08", "day", "3月8日")
    assert mentions[fire.place].text == "青石镇"


def test_precision_is_kept_and_no_day_is_invented():
    _, events = _happenings("去年，该县发生多起洪涝。")
    flood = _one(events, EventType.FLOOD_STORM)
    assert (flood.time.start, flood.time.granularity) == ("2022-01-01", "year")
    _, events = _happenings("2022年5月，某地发生地震。")
    assert _one(events, EventType.EARTHQUAKE).time.granularity == "month"
    _, events = _happenings("某地一家工厂发生爆炸。")
    assert _one(events, EventType.EXPLOSION).time is None


def test_as_of_times_are_not_the_event_time():
    text = "5日凌晨，某镇发生山体滑坡，截至7日已救出10人。"
    _, events = _happenings(text)
    assert _one(events, EventType.FLOOD_STORM).time.start == "2023-03-05"


def test_local_time_outranks_beijing_time():
    text = "当地时间9日上午(北京时间10日凌晨)，该国南部发生强烈地震。"
    _, events = _happenings(text)
    assert _one(events, EventType.EARTHQUAKE).time.start == "2023-03-09"


def test_place_after_the_trigger_and_no_origin_or_destination():
    text = "一辆开往北岭市的客车昨天在南江县境内发生侧翻。"
    mentions, events = _happenings(text, [("北岭市", LOC), ("南江县", LOC)])
    crash = _one(events, EventType.TRAFFIC_ACCIDENT)
    assert mentions[crash.place].text == "南江县"
    text = "据报道，火灾发生在西城区一家商场。"
    mentions, events = _happenings(text, [("西城区", LOC)])
    assert mentions[_one(events, EventType.FIRE).place].text == "西城区"


def test_a_site_organization_is_a_place_a_body_is_not():
    text = "东风小学昨日发生食物中毒，市卫生局派员调查。"
    mentions, events = _happenings(text, [("东风小学", ORG), ("市卫生局", ORG)])
    assert mentions[_one(events, EventType.POISONING).place].text == "东风小学"


def test_the_same_fire_told_again_shares_its_time_and_place():
    text = "6日凌晨，城南镇一家仓库发生火灾。消防人员赶到后，大火被扑灭。"
    mentions, events = _happenings(text, [("城南镇", LOC)])
    first, second = [e for e in events if e.event_type is EventType.FIRE]
    assert mentions[first.place].text == "城南镇" and first.time.start == "2023-03-06"
    assert (second.time, second.place) == (first.time, first.place)


def test_a_time_nearer_another_happening_is_that_ones():
    text = "去年8月2日，村民家中被盗。今年1月5日，警方抓获2名嫌疑人，追回被盗财物。"
    _, events = _happenings(text)
    thefts = [e for e in events if e.event_type is EventType.THEFT]
    arrest = _one(events, EventType.ARREST)
    assert arrest.time.start == "2023-01-05"
    assert [t.time.start for t in thefts] == ["2022-08-02", "2022-08-02"]


def test_the_sentence_before_lends_time_and_place():
    text = "3月2日夜，河口镇一户村民家中遭撬门。“钱都没了。”被盗村民说。"
    mentions, events = _happenings(text, [("河口镇", LOC)])
    theft = _one(events, EventType.THEFT)
    assert theft.time.start == "2023-03-02" and mentions[theft.place].text == "河口镇"


def test_clause_marks_leave_out_those_inside_brackets():
    from kg.extract.event_args import ArticleText

    text = "某县（北纬35.6，东经(81.6，x)）发生地震，房屋倒塌：\n（未完，\n待续）。"
    marks = ArticleText(text, (), []).clause_marks
    assert [text[i] for i in marks] == ["，", "：", "\n", "\n", "。"]
    # an unclosed bracket holds its marks until the line ends; a stray closing one is no bracket
    assert ArticleText("甲）乙，丙（丁，戊\n己，", (), []).clause_marks == [3, 9, 11]


def test_a_short_name_is_a_site_only_after_a_verb_that_places_it() -> None:
    from kg.extract.event_args import is_site
    from kg.model import MentionSource

    def short(text: str, at: int) -> Mention:
        return Mention("a", at, at + 1, text[at], EntityType.LOC, MentionSource.SHORT_NAME)

    talks = "中美两国代表团举行会谈"
    assert not is_site(talks, short(talks, 0)) and not is_site(talks, short(talks, 1))
    visit = "代表团在华访问期间"
    assert is_site(visit, short(visit, 4))
    assert is_site("北京举行会谈", Mention("a", 0, 2, "北京", EntityType.LOC))
