"""The byline grammar: a table of forms written from the grammar, and the lead splitter.

Every name here is invented. How often segmentation runs the grammar, and that its
bylines reach the articles, is tested in test_segment; datelines in test_datelines;
credits on a page (page credits, credits after a story, captions) in test_credits.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Byline, Role
from kg.read.bylines import dedupe, is_byline, page_credit, parse_byline, read_line, split_tail
from kg.read.datelines import opens_lead, split_lead

R, C, I, P, W, E = Role.REPORTER, Role.CORRESPONDENT, Role.INTERN, Role.PHOTOGRAPHER, Role.WRITER, Role.EDITOR

FORMS = [
    ("记者张三", [(R, "张三")]),
    # New media print a vertical bar where a slash would be: 文丨记者 X, 图 | Y, ASCII or full width.
    ("文丨记者 张三 图丨通讯员 李四", [(R, "张三"), (C, "李四")]),
    ("文 | 张三 图 | 李四", [(W, "张三"), (P, "李四")]),
    ("记者｜张三", [(R, "张三")]),
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
    # The roles of web and wire copy.
    ("融媒体记者 张三", [(R, "张三")]),
    ("本报首席记者 张三", [(R, "张三")]),
    ("见习记者 张三 通讯员 李四", [(R, "张三"), (C, "李四")]),
    ("特约记者 张三 摄影记者 李四", [(R, "张三"), (P, "李四")]),
    # The outlet before the role, one or several, with a note in brackets.
    ("某某晚报记者 张三", [(R, "张三")]),
    ("东湖新闻网记者 张三", [(R, "张三")]),
    ("江城日报/江城网(博客,微博)记者 张三", [(R, "张三")]),
    ("江城日报、江城网记者 张三", [(R, "张三")]),
    ("江城广播电视台记者 张三 李四", [(R, "张三"), (R, "李四")]),
    ("江城融媒体中心记者 张三", [(R, "张三")]),
    # Names run together, split by the name model.
    ("记者张三李四", [(R, "张三"), (R, "李四")]),
    ("记者孙晓梅周建伟通讯员吴思远", [(R, "孙晓梅"), (R, "周建伟"), (C, "吴思远")]),
    ("记者张三通讯员李四王五实习生赵六", [(R, "张三"), (C, "李四"), (C, "王五"), (I, "赵六")]),
    ("记者欧阳明远郑雨桐", [(R, "欧阳明远"), (R, "郑雨桐")]),
    # A name before the first role word is the correspondent's.
    ("张三 记者 李四", [(C, "张三"), (R, "李四")]),
    ("张三记者李四实习生王五", [(C, "张三"), (R, "李四"), (I, "王五")]),
    # Roles after the names.
    ("张三/文 李四/图", [(W, "张三"), (P, "李四")]),
    ("张三/摄", [(P, "张三")]),
    ("张三 摄", [(P, "张三")]),
    ("张三摄影报道", [(P, "张三")]),
    ("图/张三", [(P, "张三")]),
    ("文/张三", [(W, "张三")]),
    ("记者 张三 摄影报道", [(R, "张三")]),
    ("记者 张三 采写", [(R, "张三")]),
    ("记者 张三 发自北京", [(R, "张三")]),
    ("记者 张三 北京报道", [(R, "张三")]),  # the place the report comes from
    ("记者 张三 李四报道", [(R, "张三"), (R, "李四")]),  # a name, not a place
    ("江城报·江城网记者 张三", [(R, "张三")]),
    ("作者：张三", [(W, "张三")]),
    ("记者：张三", [(R, "张三")]),
    ("【记者 张三】", [(R, "张三")]),
    ("〔记者 张三〕", [(R, "张三")]),
]

NOT_BYLINES = [
    "把平安答卷写在群众心中",
    "记者从市文旅局获悉,元旦假期以来",
    "记者获悉",
    "记者张三表示",  # a speech verb is no given name
    "记者王刚李明表示",
    "张三",  # names alone are no byline where no one says what they are
    "张三 李四",
    "（张三）今天",
    "记者张伟高林峰",  # 张伟高/林峰 or 张伟/高林峰: refused, not guessed
    "记者 某某县张三李四",  # a place run into names
    "江城网",
    "本报记者",
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


@pytest.mark.parametrize(
    ("text", "bare", "expected"),
    [
        ("（张三）", W, [(W, "张三")]),
        ("（张三 李四）", W, [(W, "张三"), (W, "李四")]),
        ("（孙晓梅周建伟）", W, [(W, "孙晓梅"), (W, "周建伟")]),
        ("某某省某某县张三", W, [(W, "张三")]),  # a reader signs with the place first
        ("张三、李四", R, [(R, "张三"), (R, "李四")]),
        ("张三李四", R, [(R, "张三"), (R, "李四")]),
        ("（完）", W, None),
        ("（某某市防灾减灾局）", W, None),
        ("（新华社）", W, None),
        ("（张三摄于北京）", W, [(P, "张三")]),
    ],
)
def test_names_without_role_words_take_the_role_the_caller_gives(text, bare, expected):
    parsed = parse_byline(text, bare=bare)
    assert (None if parsed is None else [(b.role, b.name) for b in parsed]) == expected
    if expected and expected[0][0] is not P:
        assert parse_byline(text) is None  # nobody said what they are


def test_a_line_of_names_in_brackets_is_the_writers_credit_and_bare_names_are_not():
    assert [(b.role, b.name, b.label) for b in read_line("（张三）")] == [(W, "张三", "")]
    assert read_line("张三") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("责任编辑 张三", [(E, "张三")]),
        ("责任编辑：张三", [(E, "张三")]),
        ("编辑 张三 校对 李四", [(E, "张三"), (E, "李四")]),
        ("美编：张三", [(E, "张三")]),
        ("(实习编辑：张三 审核：李四)", [(E, "张三"), (E, "李四")]),
    ],
)
def test_page_credits_parse_to_editors(text, expected):
    parsed = parse_byline(text)
    assert [(b.role, b.name) for b in parsed] == expected
    assert all(page_credit(b) for b in parsed)


def test_a_name_before_a_page_credit_is_no_correspondent():
    assert parse_byline("某某责编：张三") is None


@pytest.mark.parametrize(
    ("paragraph", "last", "kept", "expected"),
    [
        ("全市完成了任务。（记者 张三）", False, "全市完成了任务。", [(R, "张三")]),
        ("全市完成了任务。(记者张三 通讯员李四)", False, "全市完成了任务。", [(R, "张三"), (C, "李四")]),
        ("全市完成了任务。（张三）", True, "全市完成了任务。", [(W, "张三")]),
        ("全市完成了任务。（张三 李四）", True, "全市完成了任务。", [(W, "张三"), (W, "李四")]),
        ("他说：“完成了。”（张三）", True, "他说：“完成了。”", [(W, "张三")]),
    ],
)
def test_a_credit_that_ends_a_paragraph_is_cut_off(paragraph, last, kept, expected):
    tail = split_tail(paragraph, last=last)
    assert tail.text == kept
    assert [(b.role, b.name) for b in tail.bylines] == expected


@pytest.mark.parametrize(
    ("paragraph", "last"),
    [
        ("全市完成了任务。（张三）", False),  # bare names only after the story's last sentence
        ("全市完成了任务。（完）", True),
        ("全市完成了任务（张三）", True),  # no sentence ends before the brackets
        ("图为新建的大桥。（张三摄）", True),  # a picture's credit stays with its caption
        ("图为新建的大桥。（张三绘）", True),
        ("全市完成了任务。（新华社北京1月8日电）", True),
    ],
)
def test_no_credit_is_cut_off_where_none_is_printed(paragraph, last):
    assert split_tail(paragraph, last=last) is None


def test_a_bulleted_line_of_names_is_the_writer_s_credit_and_a_bulleted_phrase_is_not():
    assert [(b.role, b.name) for b in read_line("□ 刘文")] == [(W, "刘文")]
    assert read_line("● 城东片区改造启动") is None and read_line("刘文") is None


@pytest.mark.parametrize(("text", "expected"), [
    # a name set apart from its role word is a name even where it is also a word
    ("本报记者 孙立 实习生 高远", [(R, "孙立"), (Role.INTERN, "高远")]),
    ("记者：方圆", [(R, "方圆")]),
    # the page's own credits (本版编辑) are page credits
    ("本版编辑：杜鹃  校对：沈航", [(Role.EDITOR, "杜鹃"), (Role.EDITOR, "沈航")]),
    # a reader signs a letter with the place written from
    ("某某市某某区 读者 唐文斌", [(Role.WRITER, "唐文斌")]),
])
def test_spaced_names_page_credits_and_a_reader_s_signature(text, expected):
    assert [(b.role, b.name) for b in read_line(text)] == expected


@pytest.mark.parametrize("text", ["记者高远", "记者 今天", "记者 调查", "某某市某某区 通讯员 唐文斌 李四"])
def test_a_word_run_into_its_role_or_no_name_at_all_is_no_byline(text):
    # run into 记者 the word still needs the name model; a place before a correspondent is no signature
    assert read_line(text) is None


def test_a_function_word_after_a_role_word_is_no_name():
    # set apart after a role word, a surname and a character is a name (记者 方圆), not a word of time or a conjunction
    assert [(b.role, b.name) for b in read_line("记者 方圆")] == [(R, "方圆")]
    assert read_line("记者 于是") is None and read_line("记者 周末") is None
