"""Listed companies by their securities names: market tables and short names beside a cue."""

from __future__ import annotations

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.recognize import recognize_text
from kg.extract.recognize.stocks import (
    find_china_names,
    find_listed_names,
    find_market_tables,
)


def _tables(text: str) -> list[str]:
    return [m.text for m in find_market_tables("k", text)]


def _listed(text: str) -> list[str]:
    return [m.text for m in find_listed_names("k", text)]


def test_a_market_table_names_every_company_with_its_marks():
    text = "昨日涨幅居前的个股：青山股份12．361ST华宇8．052河谷A6．743金桥电器15"
    assert _tables(text) == ["青山股份", "ST华宇", "河谷A", "金桥电器"]


def test_a_table_without_a_mark_counts_when_the_text_speaks_of_shares():
    assert _tables("沪市收盘：青山电机12．36华宇纺织8．05河谷机械6．74") == ["青山电机", "华宇纺织", "河谷机械"]


def test_a_table_that_prose_runs_into_leaves_its_first_name_out():
    # where 收盘 ends and the first name starts, the characters cannot say
    assert _tables("沪市收盘青山电机12．36华宇纺织8．05河谷机械6．74") == ["华宇纺织", "河谷机械"]
    assert _tables("青山电机12．36华宇纺织8．05河谷机械6．74股") == ["青山电机", "华宇纺织", "河谷机械"]


@pytest.mark.parametrize(
    "text",
    [
        "各地气温：青山12．3河谷8．0金桥6．7",  # the weather's table: no mark, no share's word
        "从1992年到1996年产量达到120．5万吨",  # figures in prose
        "青山股份12．36华宇纺织8．05",  # two priced names are no table
    ],
)
def test_no_table(text):
    assert _tables(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("青禾化学董事长在会上表示", ["青禾化学"]),
        ("昨日，岭川重工发布公告称", ["岭川重工"]),
        ("某集团拟收购瑞峰乳业控股权", ["瑞峰乳业"]),
        ("该集团旗下远帆啤酒斥资扩产", ["远帆啤酒"]),
        ("中东资本拟入股恒岳石化两成股份", ["恒岳石化"]),
    ],
)
def test_short_names_beside_a_cue(text, names):
    assert _listed(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "青禾化学工业的发展前景广阔",  # no officer, filing or stake beside it
        "该集团董事长表示",  # a pointing word is no trade name
        "吸引外商投资股权转让",  # glued to the word before, and no cue before it
        "国有控股公司董事长",  # 国有: no trade name
        "拟收购南洋锂业巨头的股权",  # a country's industry described, the company named after it
    ],
)
def test_no_short_name(text):
    assert _listed(text) == []


def test_recognized_as_corporations():
    (mentions,) = recognize_text(["青禾化学董事长出席签约仪式。"], use_tagger=False)
    org = next(m for m in mentions if m.text == "青禾化学")
    assert org.kind is EntityKind.CORPORATION


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("中国远洋董事长在会上表示", ["中国远洋"]),
        ("昨日中国华信发布公告称", []),  # glued to the word before: 日 opens no name
        ("昨日，中国华信发布公告称", ["中国华信"]),
        ("中国企业董事长代表团", []),  # any company
        ("中国足协主席表示", []),  # no company's officer
    ],
)
def test_china_and_a_short_name(text, names):
    assert [m.text for m in find_china_names("k", text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("湖南大学与岭川重工签约共建研究院", ["岭川重工"]),
        ("园区已有瑞峰绿能等30多家企业落户", ["瑞峰绿能"]),
        ("公司正与恒岳信托等主要债权人协商", ["恒岳信托"]),
    ],
)
def test_after_a_conjunction_or_in_a_list_of_companies(text, names):
    assert _listed(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "与外商投资股权相关的规定",  # any foreign investment
        "加快发展精细化学等产业",  # glued to the word before; 产业 no company
    ],
)
def test_no_short_name_after_a_conjunction(text):
    assert _listed(text) == []
