"""The participants of happenings and their roles, from their clause and sentence."""

from __future__ import annotations

from kg.model import EventType
from tests.extract.test_event_args import LOC, ORG, PER, _happenings, _one


def test_inspector_and_inspected():
    text = "市长王明到河东区红星小学调研，察看了校舍安全。"
    mentions, events = _happenings(text, [("王明", PER), ("河东区", LOC), ("红星小学", ORG)])
    visit = _one(events, EventType.INSPECTION)
    roles = {(mentions[i].text, role) for i, role in visit.participants}
    assert roles == {("王明", "inspector"), ("红星小学", "inspected")}  # a place is no participant
    assert mentions[visit.place].text == "红星小学"


def test_authority_agent_and_victim():
    text = "市公安局于4日抓获犯罪嫌疑人李强，受害人张华的财物已追回。"
    names = [("市公安局", ORG), ("李强", PER), ("张华", PER)]
    mentions, events = _happenings(text, names)
    arrest = _one(events, EventType.ARREST)
    roles = {(mentions[i].text, role) for i, role in arrest.participants}
    assert {("市公安局", "authority"), ("李强", "agent"), ("张华", "victim")} <= roles
    assert arrest.time.start == "2023-03-04"


def test_winner_of_an_award():
    text = "青山村荣获全国文明村称号。"  # a place wins as a body does, but is no participant
    _, events = _happenings(text, [("青山村", LOC)])
    assert _one(events, EventType.AWARD).participants == ()
    text = "红星中学荣获全国文明校园称号。"
    _, events = _happenings(text, [("红星中学", ORG)])
    assert _one(events, EventType.AWARD).participants == ((0, "winner"),)


def test_a_trigger_needing_a_subject_without_one_is_dropped():
    assert _happenings("各地要深入基层调研。")[1] == []
