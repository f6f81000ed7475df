"""A page's furniture and what its masthead says: the paper, the issue date, the printed page."""

from __future__ import annotations

import pytest

from kg.read.furniture import FURNITURE, LABEL_ALONE, Masthead, page_label, read_masthead


@pytest.mark.parametrize(("text", "expected"), [
    ("某某晚报 ２０２３年３月６日 星期一\nA05 城事\n\n标题\n", Masthead("某某晚报", "2023-03-06", "A05")),
    ("某某日报\n2023年3月6日 星期一 农历二月十五\n今日8版  第12345期\n", Masthead("某某日报", "2023-03-06", None)),
    ("第3版：要闻\n2023年1月9日 星期一\n", Masthead(None, "2023-01-09", "3")),
    # a headline with a date, and a date past the page's top, are no masthead
    ("2023年3月6日起实施新规\n\n正文。\n", Masthead()),
    ("一\n二\n三\n四\n五\n六\n某某日报 2023年3月6日 星期一\n", Masthead()),
    ("某某日报 2023年2月30日 星期一\n", Masthead("某某日报", None, None)),  # no such day
    # lines of the e-paper's frame among the furniture are passed over; a story's text ends the masthead
    ("本版责编：李娜\n第03版：要闻\n2023年3月6日 星期一\n标题\n本报讯（记者 王五）正文。\n", Masthead(None, "2023-03-06", "03")),
    ("返回目录\n某某日报\n2023年3月6日\n标题\n", Masthead("某某日报", "2023-03-06", None)),
    ("某某日报\n第12345期\n标题\n", Masthead("某某日报", None, None)),
    ("某某日报\n标题\n青禾区老街改造工程近日完工，街面焕然一新，市民纷纷前来游览。\n第02版：民生\n", Masthead()),
    # a date or a label under a headline is the story's (一九四九年的记忆 / 1949年10月1日) or another page's
    ("一九四九年的记忆\n1949年10月1日\n那一天，城里红旗招展。\n", Masthead()),
    ("我市召开会议\n部署春季工作\nB02\n本报讯 正文。\n", Masthead()),
])
def test_the_masthead_gives_the_paper_the_issue_date_and_the_page(text, expected):
    assert read_masthead(text) == expected


def test_furniture_is_the_page_s_not_a_headline_s():
    assert all(FURNITURE.fullmatch(line) for line in ("第3版：要闻", "第12345期", "某某发布 2023-03-06 08:00"))
    assert LABEL_ALONE.fullmatch("A05 城事") and not FURNITURE.fullmatch("A05 城事")  # furniture only among furniture
    headlines = ("热议中国科技", "2个项目落地", "亚运健儿传喜报", "G20 峰会开幕", "农历二月二龙抬头", "周日", "东山县人民政府 2023-03-05")
    assert not any(FURNITURE.fullmatch(line) or LABEL_ALONE.fullmatch(line) for line in headlines)


@pytest.mark.parametrize(("line", "page"), [
    ("第01版：要闻", "01"), ("Ａ０５ 城事", "A05"), ("第 3 版", "3"), ("  B12版｜体育  ", "B12"), ("05 城事", "05"),
    ("2023年3月6日 星期一", None), ("今日8版", None), ("3个项目落地", None), ("第01版：要闻 本报讯", None),
])
def test_a_page_label_alone_on_its_line_gives_its_page_number(line: str, page: str | None):
    assert page_label(line) == page
