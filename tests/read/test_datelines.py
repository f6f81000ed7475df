"""The dateline grammar: outlet + place + date + 讯/电/消息, and the byline after it.

Every outlet, place and name here is invented or generic; the forms are those of print,
wire and web copy. A property test assembles datelines and bylines from the grammar's
parts and reads them back.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.lang.lexicons import byline_words
from kg.model import Role
from kg.read.bylines import parse_byline
from kg.read.datelines import opens_lead, split_lead

R, C, I, P = Role.REPORTER, Role.CORRESPONDENT, Role.INTERN, Role.PHOTOGRAPHER
BODY = "近日，全市开展了活动。"

# (lead as printed, dateline text, agency, outlets, place, date, credits)
LEADS = [
    # OUTLET + 讯, with a place, a date, both, in either order.
    ("东湖在线讯（记者 张三）", "东湖在线讯", "东湖在线", None, None, [(R, "张三")]),
    ("东湖在线江城讯（记者 张三）", "东湖在线江城讯", "东湖在线", "江城", None, [(R, "张三")]),
    ("东湖在线4月5日讯（记者 张三）", "东湖在线4月5日讯", "东湖在线", None, "4月5日", [(R, "张三")]),
    ("东湖在线江城4月5日讯（记者张三 通讯员 李四）", "东湖在线江城4月5日讯", "东湖在线", "江城", "4月5日",
     [(R, "张三"), (C, "李四")]),
    ("云岭体育1月4日江城讯(记者张三)", "云岭体育1月4日江城讯", "云岭体育", "江城", "1月4日", [(R, "张三")]),
    # The outlet's suffixes: a grammar, not a list of papers.
    ("某某都市网讯(记者张三通讯员李四王五)", "某某都市网讯", "某某都市网", None, None,
     [(R, "张三"), (C, "李四"), (C, "王五")]),
    ("某某日报讯（记者 张三）", "某某日报讯", "某某日报", None, None, [(R, "张三")]),
    ("某某客户端讯（记者 张三）", "某某客户端讯", "某某客户端", None, None, [(R, "张三")]),
    ("某某新闻APP讯（记者 张三）", "某某新闻APP讯", "某某新闻APP", None, None, [(R, "张三")]),
    ("某某频道消息（记者 张三）", "某某频道消息", "某某频道", None, None, [(R, "张三")]),
    ("某某广播电视台讯（记者 张三）", "某某广播电视台讯", "某某广播电视台", None, None, [(R, "张三")]),
    ("某某融媒体中心讯（记者 张三）", "某某融媒体中心讯", "某某融媒体中心", None, None, [(R, "张三")]),
    ("江城报12月2日讯（记者孙晓梅 周建伟）", "江城报12月2日讯", "江城报", None, "12月2日",
     [(R, "孙晓梅"), (R, "周建伟")]),
    ("晚报讯（记者 张三 实习生 李四）", "晚报讯", "晚报", None, None, [(R, "张三"), (I, "李四")]),
    ("本报江城讯（张三 记者 李四）", "本报江城讯", "本报", "江城", None, [(C, "张三"), (R, "李四")]),
    # 消息 / 信息 / 报道 before a colon or brackets.
    ("江城网9月7日信息：(记者张三 李四)", "江城网9月7日信息", "江城网", None, "9月7日", [(R, "张三"), (R, "李四")]),
    ("江城网江城11月2日消息(记者张三 通讯员李四)", "江城网江城11月2日消息", "江城网", "江城", "11月2日",
     [(R, "张三"), (C, "李四")]),
    ("某某财经3月2日北京报道（记者张三）", "某某财经3月2日北京报道", "某某财经", "北京", "3月2日", [(R, "张三")]),
    ("东湖在线报道（记者 张三）：", "东湖在线报道", "东湖在线", None, None, [(R, "张三")]),
    # Wire copy, with the names bare in the brackets or roled.
    ("新华社北京3月5日电（记者 张三）", "新华社北京3月5日电", "新华社", "北京", "3月5日", [(R, "张三")]),
    ("中新社江城十二月四日电(张三 李四)", "中新社江城十二月四日电", "中新社", "江城", "十二月四日", [(R, "张三"), (R, "李四")]),
    ("中新网江城3月1日电(张三李四)", "中新网江城3月1日电", "中新网", "江城", "3月1日", [(R, "张三"), (R, "李四")]),
    ("人民网江城2023年5月12日电（记者张三）", "人民网江城2023年5月12日电", "人民网", "江城", "2023年5月12日", [(R, "张三")]),
    ("央视网消息（记者 张三）：", "央视网消息", "央视网", None, None, [(R, "张三")]),
    ("新华社江城４日电（记者张三）", "新华社江城４日电", "新华社", "江城", "４日", [(R, "张三")]),
    ("新华社电（记者 张三）", "新华社电", "新华社", None, None, [(R, "张三")]),
    ("据新华社江城8月2日电（记者张三李四）", "据新华社江城8月2日电", "新华社", "江城", "8月2日", [(R, "张三"), (R, "李四")]),
    ("本报江城电记者张三报道：", "本报江城电", "本报", "江城", None, [(R, "张三")]),
    ("本报江城一月十七日电记者张三报道：", "本报江城一月十七日电", "本报", "江城", "一月十七日", [(R, "张三")]),
    # Brackets: full or half width, a space or a colon before, a colon after; an outlet inside.
    ("江城网8月1日讯 （记者 张三）", "江城网8月1日讯", "江城网", None, "8月1日", [(R, "张三")]),
    ("江城网讯：（记者 张三）：", "江城网讯", "江城网", None, None, [(R, "张三")]),
    ("本报讯 （江城日报/江城网(博客,微博)记者 张三）", "本报讯", "本报", None, None, [(R, "张三")]),
    ("本报讯【记者 张三】", "本报讯", "本报", None, None, [(R, "张三")]),
    ("本报讯〔记者 张三〕", "本报讯", "本报", None, None, [(R, "张三")]),
]


@pytest.mark.parametrize(("lead", "text", "agency", "place", "date", "credits"), LEADS)
def test_dateline_forms(lead, text, agency, place, date, credits):
    parsed = split_lead(lead + BODY)
    assert opens_lead(lead + BODY)
    assert (parsed.dateline.text, parsed.dateline.agency, parsed.dateline.place, parsed.dateline.date_text) == (
        text, agency, place, date,
    )  # fmt: skip
    assert [(b.role, b.name) for b in parsed.bylines] == credits
    assert (lead + BODY)[parsed.end :] == BODY


@pytest.mark.parametrize(
    ("lead", "outlets"),
    [
        ("江城晚报、江城网讯（记者 张三）", ("江城晚报", "江城网")),
        ("江城网-江城日报讯(记者 张三)", ("江城网", "江城日报")),
        ("江城日报/江城网讯（记者 张三）", ("江城日报", "江城网")),
        ("江城网讯（记者 张三）", ("江城网",)),
    ],
)
def test_several_outlets_joined(lead, outlets):
    dateline = split_lead(lead + BODY).dateline
    assert dateline.outlets == outlets and dateline.agency == outlets[0]


@pytest.mark.parametrize(
    ("paragraph", "byline", "credits", "rest"),
    [
        ("（记者张三、李四 通讯员王五）：" + BODY, "记者张三、李四 通讯员王五", [(R, "张三"), (R, "李四"), (C, "王五")], BODY),
        ("(记者 张三)" + BODY, "记者 张三", [(R, "张三")], BODY),
        ("东湖网记者张三报道：" + BODY, "东湖网记者张三", [(R, "张三")], BODY),
        ("本报记者 张三 李四 报道：" + BODY, "本报记者 张三 李四", [(R, "张三"), (R, "李四")], BODY),
    ],
)
def test_a_story_may_open_with_its_byline_alone(paragraph, byline, credits, rest):
    lead = split_lead(paragraph)
    assert opens_lead(paragraph) and lead.dateline is None
    assert lead.byline_text == byline
    assert [(b.role, b.name) for b in lead.bylines] == credits
    assert paragraph[lead.end :] == rest


@pytest.mark.parametrize(
    "paragraph",
    [
        "据新华社报道，近日全市开展了活动。",  # a report cited, no dateline
        "据新华社电，近日全市开展了活动。",
        "据江城网4月18日报道，近日全市开展了活动。",
        "某某日报5日报道，近日全市开展了活动。",  # a sentence about what an outlet reported
        "举报电话：12345678。",
        "该报社电话是12345678。",
        "记者从市文旅局获悉，元旦假期以来游客增多。",
        "记者张三在现场看到，车辆排起了长队。",
        "记者了解到，活动将持续一周，报道：无。",
        "（记者手记）今天",
        "（作者系某某大学教授）",
        "张三说，今天的活动很成功。",
        "江城网消息称，今天的活动很成功。",
    ],
)
def test_no_dateline_where_none_is_printed(paragraph):
    lead = split_lead(paragraph)
    assert lead is None or (lead.dateline is None and not lead.bylines)
    assert opens_lead(paragraph) == (lead is not None)


def test_a_dateline_without_a_byline_keeps_the_story():
    lead = split_lead("新华社北京3月5日电 会议今天召开。")
    assert lead.dateline.text == "新华社北京3月5日电" and lead.bylines == () and lead.byline_text is None


# ------------------------------------------------------------------ property

_NAMES = ["张三", "李四", "王五", "赵六", "孙晓梅", "周建伟", "吴思远", "郑雨桐", "钱一鸣", "冯子涵", "陈可欣", "欧阳明远"]
_HEADS = ["江城", "东湖", "云岭", "某某", "青山"]
_PLACES = ["北京", "江城", "长沙", "西宁"]
_DATES = ["4月25日", "１２月３日", "十二月四日", "2023年3月5日", "5日"]
# The role words a bracketed byline prints, with their roles (the slash forms have tests of their own).
_ROLES = [("记者", R), ("本报记者", R), ("首席记者", R), ("特约记者", R), ("见习记者", R), ("融媒体记者", R),
          ("通讯员", C), ("特约通讯员", C), ("实习生", I), ("实习记者", I), ("摄影记者", P)]  # fmt: skip
_OUTLET_SUFFIXES = [s for s in byline_words("outlet_suffixes") if s not in ("社",)]


@st.composite
def _datelines(draw) -> tuple[str, tuple[str, ...], str | None, str | None]:
    outlets = tuple(
        draw(st.sampled_from(_HEADS)) + draw(st.sampled_from(_OUTLET_SUFFIXES))
        for _ in range(draw(st.integers(1, 2)))
    )
    joined = draw(st.sampled_from(["、", "-", "/"])).join(outlets)
    place = draw(st.none() | st.sampled_from(_PLACES))
    date = draw(st.none() | st.sampled_from(_DATES))
    order = draw(st.booleans())
    middle = f"{place or ''}{date or ''}" if order else f"{date or ''}{place or ''}"
    end = draw(st.sampled_from([*byline_words("lead_ends"), *byline_words("lead_ends_weak")]))
    return joined + middle + end, outlets, place, date


@st.composite
def _bylines(draw) -> tuple[str, list[tuple[Role, str]]]:
    names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=5, unique=True))
    cuts = sorted(draw(st.sets(st.integers(1, len(names) - 1), max_size=2))) if len(names) > 1 else []
    groups = [names[a:b] for a, b in zip([0, *cuts], [*cuts, len(names)])]
    parts, expected = [], []
    for group in groups:
        word, role = draw(st.sampled_from(_ROLES))
        sep = draw(st.sampled_from(["", " ", "、", "，", "\u3000"]))  # "": run together
        parts.append(word + draw(st.sampled_from(["", " ", "："])) + sep.join(group))
        expected += [(role, name) for name in group]
    return draw(st.sampled_from([" ", ""])).join(parts), expected


@settings(max_examples=200, deadline=None)
@given(_datelines(), _bylines(), st.sampled_from(["（{}）", "({})", "【{}】"]), st.sampled_from(["", " ", "：", "\u3000"]))
def test_any_dateline_and_byline_assembled_from_the_grammar_read_back(dateline, byline, brackets, before):
    lead_text, outlets, place, date = dateline
    text, expected = byline
    paragraph = lead_text + before + brackets.format(text) + BODY
    lead = split_lead(paragraph)
    assert lead is not None and lead.dateline is not None, paragraph
    assert (lead.dateline.outlets, lead.dateline.place, lead.dateline.date_text) == (outlets, place, date), paragraph
    assert [(b.role, b.name) for b in lead.bylines] == expected, paragraph
    assert paragraph[lead.end :] == BODY
    assert [(b.role, b.name) for b in parse_byline(text)] == expected
