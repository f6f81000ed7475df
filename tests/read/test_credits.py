"""Credits on a page: where each lands, and where none is made (every name invented)."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.model import ArticleKind, Page, PageMeta, Role
from kg.read.paragraphs import read_paragraphs
from kg.read.segment import segment_page

from tests.read.test_segment import counted_parses

R, C, I, P, W = Role.REPORTER, Role.CORRESPONDENT, Role.INTERN, Role.PHOTOGRAPHER, Role.WRITER


def _page(text: str, **record) -> Page:
    return Page(PageMeta(source="t.txt", paper="某报", date="2024-03-01", page_id="t"), text, **record)


def _credits(article) -> list[tuple[Role, str]]:
    return [(b.role, b.name) for b in article.bylines]


@pytest.mark.parametrize(
    ("text", "credits", "body"),
    [
        # The byline at the very start of the text.
        ("（记者张三、李四 通讯员王五）：近日，全市开展了活动。", [(R, "张三"), (R, "李四"), (C, "王五")], "近日，全市开展了活动。"),
        ("东湖网记者张三报道：近日，全市开展了活动。", [(R, "张三")], "近日，全市开展了活动。"),
        # The writer's credit at the end: names alone, or with their role.
        ("本报讯 近日，全市开展了活动。\n\n活动持续了一周。（张三）", [(W, "张三")], "近日，全市开展了活动。\n活动持续了一周。"),
        ("本报讯 近日，全市开展了活动。\n\n活动持续了一周。（记者 张三）", [(R, "张三")], "近日，全市开展了活动。\n活动持续了一周。"),
        ("本报讯 近日，全市开展了活动。\n\n（张三 李四）", [(W, "张三"), (W, "李四")], "近日，全市开展了活动。"),
        ("本报讯 近日，全市开展了活动。\n\n文/张三 图/李四", [(W, "张三"), (P, "李四")], "近日，全市开展了活动。"),
        ("本报讯 近日，全市开展了活动。\n\n摄影 张三", [], "近日，全市开展了活动。"),
    ],
)
def test_credits_at_the_start_and_at_the_end(text, credits, body):
    (article,) = segment_page(_page("某地开展新一轮活动\n\n" + text))
    assert _credits(article) == credits
    assert article.text == body


def test_a_photo_credit_stays_with_its_caption():
    (article,) = segment_page(_page("某地开展新一轮活动\n\n本报讯 近日，全市开展了活动。\n\n图为活动现场。张三/摄"))
    assert article.captions == ("图为活动现场。张三/摄",) and article.bylines == ()


@pytest.mark.parametrize(
    "credit",
    ["责任编辑 张三", "责任编辑：张三", "编辑 张三 校对 李四", "美编：张三", "(实习编辑：张三 审核：李四)"],
)
def test_page_credits_credit_no_article_and_open_no_item(credit):
    text = f"某地开展新一轮活动\n\n本报讯（记者 王五）近日，全市开展了活动。\n\n{credit}"
    articles = segment_page(_page(text))
    assert [_credits(a) for a in articles] == [[(R, "王五")]]
    assert [p.tag for p in read_paragraphs(text)][-1] == "credit"
    assert "张三" not in articles[0].text


def test_an_editor_printed_among_the_story_credits_is_set_apart():
    (article,) = segment_page(_page("某地开展新一轮活动\n\n□ 记者 张三 编辑 李四\n\n近日，全市开展了活动。"))
    assert _credits(article) == [(R, "张三")]


def test_the_caption_before_a_lead_keeps_its_credit_and_the_lead_opens_the_next_story():
    text = (
        "第一篇的标题\n\n本报讯（记者 张三）近日，全市开展了活动。\n\n图为活动现场的市民。王五/摄\n\n"
        "江城报12月2日讯（记者李四 赵六）近日，全区开展了另一项活动。"
    )
    first, second = segment_page(_page(text))
    assert _credits(first) == [(R, "张三")] and first.captions == ("图为活动现场的市民。王五/摄",)
    assert _credits(second) == [(R, "李四"), (R, "赵六")]
    assert second.dateline.agency == "江城报" and second.dateline.date_text == "12月2日"


@pytest.mark.parametrize(
    "text",
    [
        # A person only mentioned.
        "某地开展新一轮活动\n\n本报讯 记者从市文旅局获悉，张三介绍了活动情况。\n\n李四表示，活动持续一周。",
        "某地开展新一轮活动\n\n记者张三在现场看到，市民排起了长队。\n\n活动持续一周。",
        "某地开展新一轮活动\n\n据新华社报道，张三出席了活动。",
        "某地开展新一轮活动\n\n本报讯 近日，全市开展了活动。（王五摄）",
        "某地开展新一轮活动\n\n本报讯 近日，全市开展了活动。\n\n张三",
        "某地开展新一轮活动\n\n本报讯 近日，全市开展了活动。\n\n会上，张三讲了话（李四主持）。",
    ],
)
def test_no_credit_where_none_is_printed(text):
    assert [a.bylines for a in segment_page(_page(text))] == [()]


def test_a_name_in_the_next_story_is_not_an_author_of_the_one_before():
    text = (
        "第一篇的标题\n\n本报讯 近日，全市开展了活动。\n\n"
        "第二篇的标题\n\n本报讯（记者 张三）近日，全区开展了活动。\n\n（李四）"
    )
    first, second = segment_page(_page(text))
    assert first.bylines == () and _credits(second) == [(R, "张三"), (W, "李四")]


def test_a_roundup_credits_the_reporters_of_each_of_its_reports():
    text = (
        "新华社北京3月5日电（记者 张三）全国开展了活动。\n\n各地积极响应。\n\n"
        "本报江城3月5日电记者李四报道：全市开展了活动。"
    )
    (article,) = segment_page(_page(text, headline="各地开展活动"))
    assert _credits(article) == [(R, "张三"), (R, "李四")]
    assert article.dateline.text == "新华社北京3月5日电"
    assert "李四" not in article.text


def test_a_record_byline_field_of_bare_names_names_its_reporters():
    (article,) = segment_page(_page("正文写完了。", headline="标题", byline="张三 李四"))
    assert _credits(article) == [(R, "张三"), (R, "李四")] and article.kind is ArticleKind.ARTICLE


def test_credits_found_in_leads_and_paragraph_ends_are_read_once():
    text = (
        "某地开展新一轮活动\n\n（记者 张三 通讯员 李四）：近日，全市开展了活动。\n\n活动持续一周。（王五）\n\n"
        "另一则消息的标题\n\n江城网讯(记者赵六)全区开展了活动。"
    )
    with counted_parses() as (calls, found):
        first, second = segment_page(_page(text))
    assert +found == Counter({"记者 张三 通讯员 李四": 1, "（王五）": 1, "记者赵六": 1})
    assert max(calls.values()) == 1
    assert _credits(first) == [(R, "张三"), (C, "李四"), (W, "王五")] and _credits(second) == [(R, "赵六")]
