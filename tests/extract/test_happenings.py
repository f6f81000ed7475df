"""Triggers of happenings: what is found, and the uses that are no happening."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.happenings import find_triggers, generic_family, trigger_types
from kg.model import EventFamily, EventType


def _found(text: str, **options) -> list[tuple[str, EventType]]:
    return [(text[h.start : h.end], h.trigger.type) for h in find_triggers(text, **options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昨日凌晨，某市一家仓库发生火灾。", [("火灾", EventType.FIRE)]),
        ("两辆货车在高速公路上追尾。", [("追尾", EventType.TRAFFIC_ACCIDENT)]),
        ("当地发生里氏5.1级地震。", [("地震", EventType.EARTHQUAKE)]),
        ("一片山林发生森林火灾。", [("森林火灾", EventType.FIRE)]),  # the longer trigger wins
        ("警方于3日抓获2名犯罪嫌疑人。", [("抓获", EventType.ARREST)]),
        ("涉案的两名男子已被抓获。", [("抓获", EventType.ARREST)]),  # passive: no object needed
        ("一座居民楼倒塌，多人被困。", [("倒塌", EventType.COLLAPSE)]),
        ("数十名学生出现食物中毒症状。", [("食物中毒", EventType.POISONING)]),
        ("该村一户人家被盗。", [("被盗", EventType.THEFT)]),
        ("受强降雨影响，山区发生山洪，转移群众1200余人。", [("山洪", EventType.FLOOD_STORM)]),
        ("暴雨导致城区多处内涝。", [("暴雨", EventType.FLOOD_STORM), ("内涝", EventType.FLOOD_STORM)]),
    ],
)
def test_triggers_found(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "各单位要排查火灾隐患，落实消防安全责任。",  # a hazard and fire safety: no fire
        "冬季防火工作不能放松。",
        "民警开展了一次消防安全检查。",  # 检查 inside 安全检查 needs a subject anyway; 消防 is no fire
        "全体党员开展自我检查。",
        "他在市交通事故处理中心工作。",  # a body's name
        "全市亡人交通事故数同比下降。",  # a statistic of accidents
        "今年没有发生火灾。",  # negated
        "如果发生火灾，要立即拨打119。",  # hypothetical
        "此次演练模拟化工厂发生爆炸。",  # a drill
        "要防止发生交通事故。",
        "命案发案数创新低。",
        "全年立案138件。",
        "地震局的专家介绍了地震知识。",
    ],
)
def test_non_event_uses_are_left_out(text):
    assert _found(text) == []


def test_blocked_spans_and_titles_hold_no_trigger():
    text = "他阅读了《火灾》一书。张火灾是一名教师。"
    name = text.index("张火灾")
    assert _found(text, blocked=[(name, name + 3)]) == []


def test_long_quotation_is_speech_not_report():
    text = "他说：“要是发生火灾，后果不堪设想，我们必须提高警惕。”当晚一处民房起火。"
    assert _found(text) == [("起火", EventType.FIRE)]


def test_object_needed_unless_headline():
    assert _found("纪委正在检查。") == []
    assert _found("检查组检查了三家企业。") == [("检查", EventType.INSPECTION)]
    assert _found("两部门联合检查", headline=True) == [("检查", EventType.INSPECTION)]


def test_generic_words_and_their_families():
    hits = find_triggers("这起事故发生后，警方介入。")
    assert [(h.trigger.word, h.trigger.generic) for h in hits] == [("事故", True)]
    assert generic_family(hits[0].trigger) is EventFamily.DISASTER
    assert generic_family(find_triggers("案件正在审理中。")[0].trigger) is EventFamily.CRIME_JUSTICE


def test_lexicon_types_are_taxonomy_codes():
    types = trigger_types()
    assert types["火灾"] is EventType.FIRE and types["抓获"] is EventType.ARREST and types["调研"] is EventType.INSPECTION
    assert len(types) > 200


_ALPHABET = list("发生火灾地震抓获调研检查隐患如果没有防止被盗事故，。、“”《》在某市一昨天3日0123") + [" "]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=80) | st.text(max_size=60), st.booleans())
def test_property_hits_are_trigger_words_in_order_without_overlap(text, headline):
    hits = find_triggers(text, headline=headline)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.trigger.word
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))
