"""benchmarks/eval_events.py: the CEC reader, the date resolver and the scores, on a tiny synthetic report."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from kg.extract.gazetteer import load_gazetteer
from kg.model import EntityKey, EntityType
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from cec_events import gold_date, gold_main, gold_places, read_reports, report_date, resolve_time  # noqa: E402
from eval_events import SAMPLE_COLUMNS, contains, score_report, write_sample  # noqa: E402

# As CEC writes them: tags indented with line breaks and tabs, a dateline event, a negated emergency.
REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<Body>
\t<Title>永嘉路老式洋房突发火灾</Title>
\t<ReportTime type="absTime">2014-04-15 18:50</ReportTime>
\t<Content>
\t\t<Paragraph>
\t\t\t<Sentence>
\t\t\t\t<Event eid="e1">
\t\t\t\t\t<Participant sid="s1">新华社</Participant>
\t\t\t\t\t<Location lid="l1">上海</Location>
\t\t\t\t\t<Denoter did="d1" type="statement">电</Denoter>
\t\t\t\t</Event>
\t\t\t\t<Event eid="e2" polarity="negative">没有发生
\t\t\t\t\t<Denoter did="d2" type="emergency">爆炸</Denoter>
\t\t\t\t</Event>，
\t\t\t\t<Event eid="e3">
\t\t\t\t\t<Time tid="t3" type="relTime">昨天上午十点左右</Time>，位于
\t\t\t\t\t<Location lid="l3">徐汇区永嘉路一栋老式洋房</Location>发生一起
\t\t\t\t\t<Denoter did="d3" type="emergency">火灾</Denoter>
\t\t\t\t</Event>。
\t\t\t</Sentence>
\t\t</Paragraph>
\t\t<Paragraph>
\t\t\t<Sentence>
\t\t\t\t<Event eid="e4">
\t\t\t\t\t<Denoter did="d4" type="emergency">火灾</Denoter>发生
\t\t\t\t</Event>后，消防员赶到
\t\t\t\t<Event eid="e5">
\t\t\t\t\t<Location lid="l5">现场</Location>
\t\t\t\t\t<Denoter did="d5" type="operation">扑救</Denoter>
\t\t\t\t</Event>。
\t\t\t</Sentence>
\t\t</Paragraph>
\t</Content>
\t<eRelation relType="Follow" bevent_eid="e3" aevent_eid="e4"/>
</Body>
"""
PAGE_TEXT = "永嘉路老式洋房突发火灾\n\n新华社上海电没有发生爆炸，昨天上午十点左右，位于徐汇区永嘉路一栋老式洋房发生一起火灾。\n\n火灾发生后，消防员赶到现场扑救。"
# What kg makes of it: the title as headline, paragraphs joined by one line break.
ARTICLE_TEXT = PAGE_TEXT.split("\n\n", 1)[1].replace("\n\n", "\n")


@pytest.fixture
def report(tmp_path: Path):
    (tmp_path / "火灾").mkdir()
    (tmp_path / "火灾" / "永嘉路.xml").write_text(REPORT, encoding="utf-8")
    (only,) = read_reports(folder=tmp_path)
    return only


def test_a_report_reads_as_its_page_with_the_gold_where_it_lands(report) -> None:
    assert (report.name, report.category, report.report_date) == ("火灾/永嘉路.xml", "火灾", "2014-04-15")
    assert report.text == PAGE_TEXT
    assert all(report.text[e.trigger.start : e.trigger.end] == e.trigger.text for e in report.events)
    main = gold_main(report)  # the first emergency trigger of an event not marked negative
    assert main.trigger.text == "火灾" and main.trigger.start == PAGE_TEXT.index("一起火灾") + 2
    assert [e.trigger.text for e in report.events if e.negative] == ["爆炸"]
    assert gold_date(report) == "2014-04-14"
    assert [p.text for p in gold_places(report)] == ["徐汇区永嘉路一栋老式洋房"]


@pytest.mark.parametrize(
    ("expr", "anchor", "date"),
    [
        ("昨天下午1点多", "2008-04-05", "2008-04-04"),
        ("前日凌晨", "2007-08-13", "2007-08-11"),
        ("4月15日上午十点左右", "2014-04-15", "2014-04-15"),
        ("12月26日凌晨", "2014-01-02", "2013-12-26"),  # a month-day after the report: the year before
        ("17日下午", "2014-03-10", "2014-02-17"),  # a day after the report's: the month before
        ("二十九日晚", "2008-06-30", "2008-06-29"),
        ("八月三十日十六时三十分", "2008-08-30", "2008-08-30"),
        ("当地时间１４日２３时", "2014-04-16", "2014-04-14"),
        ("今（30）日上午", "2014-04-30", "2014-04-30"),
        ("北京时间2008年8月30日16时30分", None, "2008-08-30"),
        ("2008年5月", None, "2008-05"),
        ("去年", "2014-04-16", "2013"),
        ("当天上午", "2014-04-16", None),
        ("14时30分左右", "2014-04-16", None),
        ("昨天", None, None),
    ],
)
def test_gold_times_resolve_against_the_report_date(expr: str, anchor: str | None, date: str | None) -> None:
    assert resolve_time(expr, anchor=anchor) == date


@pytest.mark.parametrize(
    ("raw", "date"),
    [("2014-04-15 18:50", "2014-04-15"), ("2009年5月22日", "2009-05-22"), ("2008/04/08", "2008-04-08"),
     ("25/07/2009", "2009-07-25"), ("包头新闻网 发布时间： 2013年12月30日 10:30", "2013-12-30"), ("2012-07", None)],
)  # fmt: skip
def test_report_dates(raw: str, date: str | None) -> None:
    assert report_date(raw) == date


def _event(word: str, *, nth: int = 0, **fields: object) -> SimpleNamespace:
    """A kg event on the ``nth`` ``word`` (from 0) of the article, as kg.extract gives them."""
    starts = [i for i in range(len(ARTICLE_TEXT)) if ARTICLE_TEXT.startswith(word, i)]
    return SimpleNamespace(start=starts[nth], end=starts[nth] + len(word), name=word, **fields)


def _page(events: list[SimpleNamespace]) -> SimpleNamespace:
    place = ARTICLE_TEXT.index("徐汇区")
    mention = SimpleNamespace(start=place, end=place + 3, text="徐汇区", entity=None)
    return SimpleNamespace(articles=[SimpleNamespace(text=ARTICLE_TEXT, mentions=(mention,), events=tuple(events))])


def test_kg_events_score_against_the_gold(report) -> None:
    fire = SimpleNamespace(value="fire")
    when = SimpleNamespace(start="2014-04-14", end="2014-04-14", granularity="day")
    main = _event("火灾", event_type=fire, time=when, place=0, main=True)
    again = _event("火灾", nth=1, event_type=fire, time=None, place=None, main=False)
    counts, detail = score_report(report, _page([again, main]), gaz=load_gazetteer())
    measures = ("main_found", "main_right_type", "main_on_trigger", "date_right", "place_right")
    assert [counts[k] for k in measures] == [1, 1, 1, 1, 1]
    assert (counts["gold_triggers"], counts["triggers_found"], counts["negated_gold_triggers"]) == (2, 2, 1)
    assert detail["kg"] == {"main": "火灾", "type": "fire", "date": "2014-04-14", "place": "徐汇区"}


def test_without_a_main_mark_the_first_event_is_taken(report) -> None:
    meeting = _event("火灾", event_type=SimpleNamespace(value="meeting"), time=None, place=None)
    counts, _ = score_report(report, _page([meeting]), gaz=load_gazetteer())
    assert (counts["main_found"], counts["main_right_type"], counts["main_on_trigger"]) == (1, 0, 1)
    assert (counts["with_gold_date"], counts["date_right"], counts["place_right"]) == (1, 0, 0)
    empty, _ = score_report(report, _page([]), gaz=load_gazetteer())
    assert empty["main_found"] == empty["triggers_found"] == 0 and empty["gold_triggers"] == 2


def test_a_county_is_the_place_of_what_lies_inside_it() -> None:
    gaz = load_gazetteer()
    county = gaz.lookup_county("盈江县")
    key = EntityKey.of(EntityType.LOC, county.code)
    assert contains(key, "云南盈江", gaz=gaz)  # its short name
    assert contains(key, "盈江县平原镇一村寨", gaz=gaz)
    assert contains(key, "云南平原镇", gaz=gaz)  # one of its townships
    assert not contains(EntityKey.of(EntityType.LOC, county.parent), "云南盈江", gaz=gaz)  # a city is too coarse
    assert not contains(EntityKey.of(EntityType.LOC, gaz.lookup_county("徐汇区").code), "云南盈江", gaz=gaz)
    assert not contains(EntityKey.of(EntityType.ORG, "盈江县人民政府"), "云南盈江", gaz=gaz)


def test_the_sample_keeps_its_judgements(tmp_path: Path) -> None:
    rows = [{c: str(i) if c == "start" else c for c in SAMPLE_COLUMNS} | {"judgement": ""} for i in range(5)]
    path = tmp_path / "sample.tsv"
    first = write_sample([dict(r) for r in rows], size=3, seed=1, path=path)
    assert (first["drawn"], first["judged"], first["precision"]) == (3, 0, None)
    with path.open(encoding="utf-8", newline="") as fh:
        drawn = list(csv.DictReader(fh, delimiter="\t"))
    drawn[0]["judgement"], drawn[1]["judgement"] = "y", "n"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, SAMPLE_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(drawn)
    again = write_sample([dict(r) for r in rows], size=3, seed=1, path=path)
    assert (again["judged"], again["right"], again["precision"]) == (2, 1, 0.5)
