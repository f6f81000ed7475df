"""Items of a page: where stories, notices and photographs start among the tagged paragraphs."""

from __future__ import annotations

from kg.read.items import cut_items
from kg.read.paragraphs import read_paragraphs


def _items(text: str) -> list[list[str]]:
    return [[p.text for p in item] for item in cut_items(read_paragraphs(text))]


def test_items_start_over_bylines_after_credits_and_at_notices():
    text = (
        "老街改造完成\n本报记者 王五\n青禾区老街改造工程近日完工，街面焕然一新。\n"
        "大桥通车\n晨江大桥昨日正式通车，两岸居民出行时间缩短半小时。（记者 赵六）\n"
        "公园开放\n城东公园今日起免费开放，市民可凭身份证入园游览。\n"
        "讣告\n退休教师某某同志因病逝世，享年八十五岁。\n特此讣告。\n"
    )
    # 大桥通车 after a story's text, with no lead or byline under it, is that story's intertitle;
    # its closing credit then ends the story, and 公园开放 opens the next item
    assert [item[0] for item in _items(text)] == ["老街改造完成", "公园开放", "讣告"]


def test_an_intertitle_after_an_aside_opens_no_item():
    text = "小区加装电梯\n本报讯 今年全市将加装电梯两百部。（笑）\n电梯进小区\n居民上下楼更方便了。\n"
    assert len(_items(text)) == 1
