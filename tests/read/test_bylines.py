"""The byline grammar: a table of forms written from the grammar, and the lead splitter.

How often segmentation runs the grammar, and that its bylines reach the articles, is
tested in test_segment.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Byline, Role
from kg.read.bylines import dedupe, is_byline, opens_lead, parse_byline, read_line, split_lead

R, C, I, P, W = Role.REPORTER, Role.CORRESPONDENT, Role.INTERN, Role.PHOTOGRAPHER, Role.WRITER

FORMS = [
    ("记者张三", [(R, "张三")]),
    ("记者 张三", [(R, "张三")]),
    ("□ 记者 张三 通讯员 李四", [(R, "张三"), (C, "李四")]),
    ("■记者 张三 通讯员 李四 王五", [(R, "张三"), (C, "李四"), (C, "王五")]),
    ("记者张三 通讯员李四 王五", [(R, "张三"), (C, "李四"), (C, "王五")]),
    ("本报记者 张三 李四", [(R, "张三"), (R, "李四")]),
    ("本报记者 张三、李四", [(R, "张三"), (R, "李四")]),
    ("记者 张三，李四", [(R, "张三"), (R, "李四")]),
    ("记者 张三,李四", [(R, "张三"), (R, "李四")]),
    ("记者 王 芳", [(R, "王芳")]),
    ("记者 王 芳 通讯员 李 强", [(R, "王芳"), (C, "李强")]),
    ("驻荆州记者站记者 张三", [(R, "张三")]),
    ("驻京记者 张三", [(R, "张三")]),
    ("见习记者 张三", [(R, "张三")]),
    ("特约记者 张三", [(R, "张三")]),
    ("首席记者 张三", [(R, "张三")]),
    ("全媒体记者 张三 通讯员 李四", [(R, "张三"), (C, "李四")]),
    ("实习生 张三", [(I, "张三")]),
    ("记者 张三 实习生 李四", [(R, "张三"), (I, "李四")]),
    ("特约通讯员 张三", [(C, "张三")]),
    ("通讯员 张三 记者 李四", [(C, "张三"), (R, "李四")]),
    ("摄影 张三", [(P, "张三")]),
    ("摄影记者 张三", [(P, "张三")]),
    ("张三 摄", [(P, "张三")]),
    ("记者 张三 摄", [(P, "张三")]),
    ("新华社记者 张三", [(R, "张三")]),
    ("新华社记者 张三 李四", [(R, "张三"), (R, "李四")]),
    ("文/张三 图/李四", [(W, "张三"), (P, "李四")]),
    ("文/图 本报记者 张三", [(R, "张三")]),
    ("(记者 张三)", [(R, "张三")]),
    ("（记者 张三 通讯员 李四）", [(R, "张三"), (C, "李四")]),
    ("本报评论员 张三", [(W, "张三")]),
    ("记者 欧阳修 司马光", [(R, "欧阳修"), (R, "司马光")]),
    ("记者 阿依古丽·买买提", [(R, "阿依古丽·买买提")]),
    ("本报记者 张三 本报通讯员 李四", [(R, "张三"), (C, "李四")]),
    ("融媒记者 张三", [(R, "张三")]),
    ("人民日报记者 张三", [(R, "张三")]),
    ("本报驻京记者 张三", [(R, "张三")]),
    ("实习记者 张三", [(I, "张三")]),
]

NOT_BYLINES = [
    "把平安答卷写在群众心中",
    "记者从市文旅局获悉,元旦假期以来",
    "记者获悉",
    "2023年征兵报名已经开启",
    "荆州地区征兵办公室通讯录",
    "",
    "□",
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_byline_forms(text, expected):
    parsed = parse_byline(text)
    assert parsed is not None, text
    assert [(b.role, b.name) for b in parsed] == expected
    assert is_byline(text)
    assert read_line(text) == parsed


@pytest.mark.parametrize("text", NOT_BYLINES)
def test_sentences_are_not_bylines(text):
    assert parse_byline(text) is None
    assert not is_byline(text)
    assert read_line(text) is None


def test_posted_reporter_label_and_post():
    (byline,) = parse_byline("驻荆州经开区记者黄某")
    assert (byline.role, byline.label, byline.post) == (R, "驻荆州经开区记者", "荆州经开区")


LEADS = [
    ("本报讯(记者张三)近日", "本报讯", "记者张三", "近日"),
    ("本报讯（记者 张三 通讯员 李四）近日", "本报讯", "记者 张三 通讯员 李四", "近日"),
    ("新华社北京1月8日电(记者张三、李四)会议", "新华社北京1月8日电", "记者张三、李四", "会议"),
    ("新华社北京1月8日电　会议", "新华社北京1月8日电", None, "会议"),
    ("本报北京１月８日讯  记者张三报道：今天", "本报北京１月８日讯", "记者张三", "今天"),
    ("本报讯 记者 张三 通讯员 李四 近日，", "本报讯", "记者 张三 通讯员 李四", "近日，"),
    ("荆州日报讯(记者 张三)近日", "荆州日报讯", "记者 张三", "近日"),
    ("本报讯 近日，市里召开", "本报讯", None, "近日，市里召开"),
]


@pytest.mark.parametrize(("paragraph", "dateline", "byline", "rest"), LEADS)
def test_leads(paragraph, dateline, byline, rest):
    lead = split_lead(paragraph)
    assert lead is not None
    assert lead.dateline.text == dateline
    assert lead.byline_text == byline
    assert paragraph[lead.end :].lstrip(" \u3000") == rest


def test_wire_dateline_parts():
    lead = split_lead("新华社北京1月8日电(记者张三)会议")
    assert (lead.dateline.agency, lead.dateline.place, lead.dateline.date_text) == ("新华社", "北京", "1月8日")


def test_no_lead_in_plain_paragraph():
    assert split_lead("中央政法工作会议7日至8日在北京召开。") is None


@pytest.mark.parametrize(("paragraph", "dateline", "byline", "rest"), LEADS)
def test_lead_carries_the_bylines_of_its_byline_text(paragraph, dateline, byline, rest):
    lead = split_lead(paragraph)
    assert opens_lead(paragraph)
    if byline is None:
        assert lead.bylines == ()
    else:
        assert lead.bylines == parse_byline(byline) and lead.bylines


def test_lead_bylines_are_those_of_the_kept_text():
    # The kept byline drops 摄: its roles must agree with what is kept.
    lead = split_lead("本报讯 记者 张三摄：今天")
    assert lead.byline_text == "记者 张三"
    assert [(b.role, b.name, b.label) for b in lead.bylines] == [(R, "张三", "记者")]


def test_read_line_refuses_long_or_tabbed_lines():
    assert read_line("□ 记者 张三 通讯员 李四") == parse_byline("记者 张三 通讯员 李四")
    assert read_line("记者 张三\t通讯员 李四") is None
    assert read_line("记者 " + " ".join(["张三"] * 40)) is None


def test_dedupe_keeps_the_first_of_each_role_and_name_in_order():
    bylines = [Byline(R, "张三", "记者"), Byline(C, "李四"), Byline(R, "张三", "本报记者"), Byline(C, "张三")]
    assert dedupe(bylines) == (Byline(R, "张三", "记者"), Byline(C, "李四"), Byline(C, "张三"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_parses_or_not_without_error(text):
    parsed = parse_byline(text)
    if parsed is not None:
        assert all(b.name and b.name in text.replace(" ", "") for b in parsed)
    lead = split_lead(text)
    assert opens_lead(text) == (lead is not None)
    if lead is not None:
        assert 0 <= lead.end <= len(text)
        if lead.byline_text is None:
            assert lead.bylines == ()
