"""The organization grammar's edges: suffixes that end words, names that stop at verbs and
at words of kind, the Party's prefixes, and a body's sub-units read by the tagger."""

from __future__ import annotations

from kg.extract.recognize import fusion, recognize_text
from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.recognize.orgs import describes_kind
from kg.extract.spans import SpanIndex
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource, PageMeta

ORG, LOC = EntityType.ORG, EntityType.LOC
TAGGER, RULE, GRAMMAR = MentionSource.TAGGER, MentionSource.RULE, MentionSource.GRAMMAR


def _mentions(text: str, *, tagger: bool = False) -> list[Mention]:
    (mentions,) = recognize_text([text], meta=PageMeta(source="-"), use_tagger=tagger)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return list(mentions)


def _orgs(text: str, *, tagger: bool = False) -> list[str]:
    return [m.text for m in _mentions(text, tagger=tagger) if m.type is ORG]


def _at(text: str, surface: str, kind: EntityType, source: MentionSource, *, after: int = 0) -> Mention:
    start = text.index(surface, after)
    return Mention("a", start, start + len(surface), surface, kind, source)


# ------------------------------------------------------------------ a suffix ends a word


def test_a_suffix_inside_an_ordinary_word_is_no_head() -> None:
    # 大部 "most of", 政局 "the political situation", 无处 "nowhere": 部 局 处 end other words.
    assert not any(o.endswith("大部") for o in _orgs("入夜，东北大部降温，西北大部有雪。"))
    assert _orgs("这得益于国家政局的稳定。") == []
    assert _orgs("山乡无处不见新房。") == []


def test_a_body_stops_before_a_word_that_ends_like_a_suffix() -> None:
    orgs = _orgs("沈阳铁路分局地处东北腹地。")
    assert "沈阳铁路分局" in orgs
    assert not any(o.endswith("地处") for o in orgs)


def test_compounds_and_ranked_heads_keep_their_suffix() -> None:
    # 矿务|局, 财政|局: a word and the suffix; 总局: a body's rank.
    assert "沈阳矿务局" in _orgs("沈阳矿务局召开职工大会。")
    assert "长春市财政局" in _orgs("长春市财政局公布了预算。")
    assert "辽宁省物价局" in _orgs("辽宁省物价局公布新价格。")


# ------------------------------------------------------------------ a name stops at a verb


def test_a_phrase_the_segmenter_took_for_a_name_ends_the_name() -> None:
    # jieba lists 努力学习 as a name and guesses 上同 (上 + 同) to be a place.
    assert _orgs("同学们努力学习图书馆管理知识。") == []
    orgs = _orgs("各级组织要在思想上同党中央保持一致。")
    assert "党中央" in orgs and not any(o.endswith("上同党中央") for o in orgs)


def test_a_person_before_a_body_stays_part_of_its_name() -> None:
    assert "宋庆龄基金会" in _orgs("宋庆龄基金会向灾区捐款。")


# ------------------------------------------------------------------ words of kind, divisions


def test_a_word_of_kind_after_a_body_starts_a_new_phrase() -> None:
    orgs = _orgs("这是沈阳矿务局国有煤矿，现有职工三千人。")
    assert "沈阳矿务局" in orgs and not any("国有" in o for o in orgs)
    assert describes_kind("国有") and describes_kind("省属") and not describes_kind("矿务")


def test_a_word_of_kind_at_a_name_start_stays_when_no_body_precedes_it() -> None:
    assert "辽宁省国有资产管理局" in _orgs("辽宁省国有资产管理局发布通知。")


def test_a_city_holds_no_national_body_and_a_hall_is_no_body() -> None:
    orgs = _orgs("歌唱家们来到上海全国政协礼堂演出。")
    assert not any(o.startswith("上海") for o in orgs)
    assert "上海市政协" in _orgs("上海市政协召开常委会议。")  # a city's own body keeps its city


# ------------------------------------------------------------------ the Party's prefixes


def test_the_party_and_the_league_belong_to_their_committees() -> None:
    text = "中共沈阳市委和共青团大连市委联合发出通知。"
    found = {m.text: m for m in _mentions(text) if m.type is ORG}
    assert found["中共沈阳市委"].canonical == "中共沈阳市委员会"
    assert found["共青团大连市委"].canonical == "共青团大连市委员会"
    assert "沈阳市委" not in found and "大连市委" not in found


def test_a_committee_without_a_prefix_starts_at_its_place() -> None:
    found = {m.text: m for m in _mentions("沈阳市委召开全体会议。") if m.type is ORG}
    assert found["沈阳市委"].canonical == "中共沈阳市委员会"


# ------------------------------------------------------------------ sub-units (fusion)


def _chosen(text: str, candidates: list[Mention]) -> list[tuple[str, EntityType]]:
    return [(m.text, m.type) for m in fusion.select(fusion.prefer_longer_tagger(candidates))]


def test_the_taggers_sub_unit_wins_over_the_body_it_holds() -> None:
    text = "沈阳市和平区法院刑事审判庭开庭审理此案。"
    candidates = [
        _at(text, "沈阳市", LOC, MentionSource.GAZETTEER),
        _at(text, "和平区法院", ORG, RULE),
        _at(text, "沈阳市和平区法院", ORG, GRAMMAR),
        _at(text, "沈阳市和平区法院刑事审判庭", ORG, TAGGER),
    ]
    assert _chosen(text, candidates) == [("沈阳市和平区法院刑事审判庭", ORG)]


def test_a_rule_body_stays_when_the_tagger_runs_on_past_any_head() -> None:
    text = "沈阳市和平区法院门前车辆很多。"
    candidates = [_at(text, "和平区法院", ORG, RULE), _at(text, "沈阳市和平区法院门前", ORG, TAGGER)]
    assert _chosen(text, candidates) == [("和平区法院", ORG)]


def test_a_place_inside_a_body_is_no_mention() -> None:
    text = "沈阳市公安局破获一起案件。"
    candidates = [
        _at(text, "沈阳市", LOC, MentionSource.GAZETTEER),
        _at(text, "沈阳市公安局", ORG, RULE),
        _at(text, "沈阳市公安局", ORG, TAGGER),
    ]
    assert _chosen(text, candidates) == [("沈阳市公安局", ORG)]


def test_a_taggers_span_opening_with_a_word_of_kind_does_not_override() -> None:
    text = "是省属沈阳矿务局的骨干企业。"
    candidates = [_at(text, "沈阳矿务局", ORG, GRAMMAR), _at(text, "省属沈阳矿务局", ORG, TAGGER)]
    assert _chosen(text, candidates) == [("沈阳矿务局", ORG)]


def test_a_research_centre_of_a_university_is_a_body() -> None:
    lex, text = load_lexicon(), "南开大学数学研究中心成立。"
    words = WordIndex.of(text)
    unit = _at(text, "南开大学数学研究中心", ORG, TAGGER)
    assert fusion.in_context(unit, text, words, SpanIndex([]), lex)
    generic = "各地成立数学研究中心。"
    plain = _at(generic, "数学研究中心", ORG, TAGGER)
    assert not fusion.in_context(plain, generic, WordIndex.of(generic), SpanIndex([]), lex)


def test_a_hall_named_after_a_body_is_a_place_that_holds_it() -> None:
    text = "演出在全国政协礼堂举行。"
    candidates = [_at(text, "全国政协", ORG, RULE), _at(text, "全国政协礼堂", LOC, TAGGER)]
    assert _chosen(text, candidates) == [("全国政协礼堂", LOC)]
    # A place the tagger reads on past a body is no hall: the body stays.
    other = "全国政协委员来到会场。"
    candidates = [_at(other, "全国政协", ORG, RULE), _at(other, "全国政协委员", LOC, TAGGER)]
    assert _chosen(other, candidates) == [("全国政协", ORG)]


def test_a_court_or_government_is_no_other_bodys_unit() -> None:
    # 市人大 + 评议 + 法院: the congress reviews the court (评议 is a noun in jieba's dictionary).
    assert not any("人大" in o and o.endswith("法院") for o in _orgs("市人大评议法院工作取得成效。"))
    # An organ's own units still follow it.
    assert "沈阳市人民政府办公厅" in _orgs("沈阳市人民政府办公厅发出通知。")


# ------------------------------------------------------------------ ordinary phrases ending like a body


def test_a_verb_and_a_suffix_or_an_unnamed_body_is_no_name() -> None:
    # 来|厂 "come to the factory", 开|馆 "open the hall", 某厂 "a certain factory".
    assert _orgs("沈阳客商主动来厂洽谈。") == []
    assert _orgs("纪念馆今天在浙江宁波开馆。") == []
    assert _orgs("大连某厂生产出一批次品。") == []
    assert "长沙纺织厂" in _orgs("长沙纺织厂今年扩建。")


def test_a_post_is_no_body() -> None:
    assert not any(o.endswith("政委") for o in _orgs("他历任营长、沈阳独立团政委。"))


def test_levels_listed_before_a_kind_of_body_name_no_body() -> None:
    assert _orgs("省、市文化局联合发出通知。") == []
    assert _orgs("不少省、区、市党委召开了会议。") == []


def test_a_title_of_honour_in_quotes_is_no_body() -> None:
    assert _orgs("全县四所医院被评为“文明医院”。") == []


def test_countries_counted_or_pointed_at_own_no_body() -> None:
    assert _orgs("目前，外国保险公司在沈阳设立了代表处。") == []
    orgs = _orgs("出访东欧三国新华社北京5月2日电")
    assert "新华社" in orgs and not any(o.endswith("国新华社") for o in orgs)


def test_a_mission_is_named_by_its_owner_and_where_it_is_stationed() -> None:
    assert "中国驻法国大使馆" in _orgs("中国驻法国大使馆举行招待会。")
    assert "驻沈阳办事处" in _orgs("公司驻沈阳办事处负责销售。")


def test_a_research_office_is_a_body() -> None:
    assert "辽宁省社会科学院经济研究室" in _orgs("辽宁省社会科学院经济研究室发布报告。")


# ------------------------------------------------------------------ committees of other parties, divisions


def test_another_partys_committee_of_a_province_is_that_partys() -> None:
    found = {m.text: m for m in _mentions("九三学社湖南省委召开全体会议。") if m.type is ORG}
    assert found["九三学社湖南省委"].canonical == "九三学社湖南省委员会"
    assert "湖南省委" not in found


def test_a_province_before_a_countys_committee_is_part_of_its_name() -> None:
    found = {m.text: m for m in _mentions("河北省承德县委作出决定。") if m.type is ORG}
    assert found["河北省承德县委"].canonical == "中共承德县委员会"
    assert "海南省海口市委宣传部" in _orgs("海南省海口市委宣传部发出通知。")


# ------------------------------------------------------------------ the tagger's organizations


def test_the_taggers_kind_of_body_or_post_is_no_organization() -> None:
    lex = load_lexicon()
    for text, surface in (("村委会选举顺利结束。", "村委会"), ("沈阳市委常委出席会议。", "沈阳市委常委")):
        mention = _at(text, surface, ORG, TAGGER)
        assert not fusion.in_context(mention, text, WordIndex.of(text), SpanIndex([]), lex)


def test_the_taggers_unit_of_a_national_body_is_named() -> None:
    lex, text = load_lexicon(), "活动由公安部交通管理局主办。"
    unit = _at(text, "公安部交通管理局", ORG, TAGGER)
    assert fusion.in_context(unit, text, WordIndex.of(text), SpanIndex([]), lex)


def test_the_taggers_span_cut_across_a_titles_marks_is_no_organization() -> None:
    lex, text = load_lexicon(), "据英国《泰晤士报》报道，会谈已经结束。"
    cut = _at(text, "英国《泰晤士报", ORG, TAGGER)
    assert not fusion.in_context(cut, text, WordIndex.of(text), SpanIndex([]), lex)


def test_the_taggers_hotel_named_after_its_place_is_named() -> None:
    lex, text = load_lexicon(), "代表团下榻在北戴河海滨宾馆。"
    hotel = _at(text, "北戴河海滨宾馆", ORG, TAGGER)
    assert fusion.in_context(hotel, text, WordIndex.of(text), SpanIndex([]), lex)
    plain = "他们住进了一家宾馆。"
    assert not fusion.in_context(_at(plain, "一家宾馆", ORG, TAGGER), plain, WordIndex.of(plain), SpanIndex([]), lex)


# ------------------------------------------------------------------ issue 17: names on any paper


def _places(text: str) -> list[str]:
    return [m.text for m in _mentions(text) if m.type is LOC]


def test_a_short_name_after_the_division_that_holds_it_is_a_place() -> None:
    # 自贡 and 兴化 are ordinary words for the dictionary; after their province they are places.
    assert _places("四川自贡的灯会吸引了大批游客。") == ["四川", "自贡"]
    assert _places("江苏兴化的油菜花开了。") == ["江苏", "兴化"]
    assert "斗门" in _places("广东斗门的蚝田丰收了。")


def test_a_short_name_listed_with_places_or_after_a_verb_of_motion_is_a_place() -> None:
    assert _places("武威、金昌、酒泉三市联合举办展销会。") == ["武威", "金昌", "酒泉"]
    assert _places("今年的年会在攀枝花召开。") == ["攀枝花"]
    assert _places("代表团昨天抵达烟台，受到热烈欢迎。") == ["烟台"]


def test_a_short_name_used_as_an_ordinary_word_stays_a_word() -> None:
    assert _places("今天日照充足，气温回升。") == []
    assert _places("各位来宾请入座。") == []
    # Words of position are no counties even after 在 or in a list (湖里, 南部).
    assert _places("在湖里游泳的孩子上了岸。") == []
    assert _places("全国中部和南部将有降雨。") == []


def test_a_name_whose_last_character_opens_an_idiom_is_no_place() -> None:
    assert _places("这家小店近日也门庭若市。") == []


def test_a_citys_market_or_citizens_name_the_city_without_its_level() -> None:
    assert _places("外地客商纷纷涌入深圳市场。") == ["深圳"]
    text = "外地客商纷纷涌入深圳市场。"
    tagged = _at(text, "深圳市", LOC, TAGGER)
    assert not fusion.in_context(tagged, text, WordIndex.of(text), SpanIndex([]), load_lexicon())


def test_a_middle_school_by_its_number_or_as_a_girls_school() -> None:
    assert _orgs("当年他就读于黄冈一中。") == ["黄冈一中"]
    assert _orgs("她创办了南华女中和一所小学。") == ["南华女中"]
    assert _orgs("他在明德女中任教。") == ["明德女中"]


def test_a_plenum_a_squad_or_schoolgirls_are_no_school() -> None:
    assert _orgs("十五届三中全会召开后，女中学生代表发言。") == []
    assert _orgs("他曾在驻地一中队服役。") == []


def test_central_and_national_own_the_school_after_a_word_of_kind() -> None:
    # 中央 ends like a body (中央 is a suffix) but names the owner of 中央高级党校.
    assert _orgs("他被选送到中央高级党校学习。") == ["中央高级党校"]


def test_an_adverb_and_a_verb_end_an_organizations_name() -> None:
    # jieba lists 明确提出 as one noun: the grammar must not read the congress and the verb as a body.
    text = "会议明确提出由共产党领导。"
    assert not any("明确提出" in o for o in _orgs(text))
    tagged = _at(text, "会议明确提出由共产党", ORG, TAGGER)
    assert not fusion.in_context(tagged, text, WordIndex.of(text), SpanIndex([]), load_lexicon())


def test_a_datelines_agency_is_no_part_of_the_headline_before_it() -> None:
    text = "总理出访文莱新华社兰州5月3日电记者报道。"
    glued = _at(text, "文莱新华社", ORG, TAGGER)
    assert not fusion.in_context(glued, text, WordIndex.of(text), SpanIndex([]), load_lexicon())
    alone = _at(text, "新华社", ORG, TAGGER)
    assert fusion.in_context(alone, text, WordIndex.of(text), SpanIndex([]), load_lexicon())


def test_the_taggers_hidden_counted_or_ranked_bodies_and_city_centres_name_none() -> None:
    lex = load_lexicon()
    for text, surface in (
        ("他原是安阳市某公司的职工。", "安阳市某公司"),
        ("沿海三家远洋公司合并了。", "沿海三家远洋公司"),
        ("我队要缩小与第一集团的差距。", "第一集团"),
        ("大屏幕立在襄阳市中心的广场上。", "襄阳市中心"),
    ):
        mention = _at(text, surface, ORG, TAGGER)
        assert not fusion.in_context(mention, text, WordIndex.of(text), SpanIndex([]), lex), surface
    text = "他被送到襄阳市中心医院抢救。"
    hospital = _at(text, "襄阳市中心医院", ORG, TAGGER)
    assert fusion.in_context(hospital, text, WordIndex.of(text), SpanIndex([]), lex)


def test_a_name_in_quotes_before_a_bodys_head_is_the_bodys_name() -> None:
    assert _orgs("他是“春蕾工程”组委会副主任。") == ["“春蕾工程”组委会"]
    assert _orgs("『科技下乡』服务团由大学生组成。") == ["『科技下乡』服务团"]
    # A place before the quotes owns the body.
    assert _orgs("甘肃省“黄河之声”艺术团昨晚演出。") == ["甘肃省“黄河之声”艺术团"]


def test_a_quoted_honour_a_programme_or_a_meeting_is_no_body() -> None:
    assert _orgs("该村被评为“先进”党支部。") == []
    assert _orgs("当地加快“菜园子”基地建设。") == []
    assert _orgs("每年的“五一”大会都如期召开。") == []


def test_a_publisher_named_by_plain_nouns_is_a_body() -> None:
    assert _orgs("这本书由科学出版社出版。") == ["科学出版社"]
    assert _orgs("上周在京举行文艺报社主办的研讨会。") == ["文艺报社"]
    # Pointed at or counted, a publisher is named by no one.
    assert _orgs("这家出版社和一家报社合作。") == []


# ------------------------------------------------------------------ a body's term


def test_a_body_s_term_before_it_is_part_of_its_mention() -> None:
    # MSRA reads 第六届全国人大常委会 as one organization; the body itself stays the canonical name.
    text = "他主持第六届全国人大常委会的工作，是八届全国政协委员，经过六届人大常委会审议。"
    found = {m.text: m for m in _mentions(text) if m.type is ORG}
    assert set(found) == {"第六届全国人大常委会", "八届全国政协", "六届人大常委会"}
    assert found["第六届全国人大常委会"].canonical == "全国人民代表大会常务委员会"
    assert found["八届全国政协"].canonical == "中国人民政治协商会议全国委员会"
    assert found["六届人大常委会"].canonical == "人大常委会"


def test_a_term_not_given_by_its_number_stays_outside() -> None:
    # 新一届, 本届: which term is not said; 全国人大八届一次会议: the term after the body is the meeting's.
    assert _orgs("新一届全国政协将于三月开会。") == ["全国政协"]
    assert _orgs("本届全国人大代表名额已经确定。") == ["全国人大"]
    assert _orgs("全国人大八届一次会议审议通过。") == ["全国人大"]


def test_a_kind_of_body_in_a_law_s_title_is_no_organization() -> None:
    """《中华人民共和国村民委员会组织法》: a law on village committees; the country stays a place."""
    found = _mentions("各地认真实施《中华人民共和国村民委员会组织法》。")
    assert not any(m.type is ORG for m in found)
    assert ("中华人民共和国", EntityType.LOC) in [(m.text, m.type) for m in found]


def test_a_city_before_时间_is_a_time_zone() -> None:
    """北京时间: the clock, not the city; the city named elsewhere in the text is still found."""
    text = "北京时间6月6日19时，记者在北京采访。"
    places = [(m.start, m.text) for m in _mentions(text) if m.type is EntityType.LOC]
    assert places == [(text.index("在北京") + 1, "北京")]


def test_an_industry_city_s_epithet_is_no_trade_name() -> None:
    """某地啤酒 is a brand; 某地石化城 calls a city by its industry."""
    assert "青岛啤酒" in _orgs("他们喝着青岛啤酒聊天。")
    assert not any(name.endswith("石化") for name in _orgs("河南省的新兴石化城通过验收。"))


def test_a_match_report_names_two_teams_not_one():
    assert _orgs("湖人队主场战胜奇才队。") == ["湖人队", "奇才队"]
    assert _orgs("北京首钢队客场击败广东宏远队。") == ["北京首钢队", "广东宏远队"]


def test_one_bodys_two_fields_joined_by_和_are_one_name() -> None:
    assert _orgs("儋州市教育和科技局发布通知。") == ["儋州市教育和科技局"]
    # Two bodies, or a kind of body, joined by 和 stay apart.
    assert "宜昌市医院和第一中学" not in _orgs("宜昌市医院和第一中学结对。")


def test_a_field_ending_like_a_datelines_word_stays_in_the_name() -> None:
    assert _orgs("株洲市家电协会成立。") == ["株洲市家电协会"]
    assert _orgs("宜昌市核电办公室发布通知。") == ["宜昌市核电办公室"]


def test_a_national_body_the_segmenter_cut_in_two_takes_no_name_before_it() -> None:
    for text in ("女星朱迪以联合国难民署特使身份访问。", "影星艾玛以联合国难民署大使身份出席。"):
        assert _orgs(text) == ["联合国难民署"]


def test_national_teams_and_foreign_parties_by_their_short_forms() -> None:
    by_text = {m.text: m.canonical for m in _mentions("国乒包揽冠军，国足主场失利。执政的自民党选出新总裁。")}
    assert by_text["国乒"] == "中国国家乒乓球队"
    assert by_text["国足"] == "中国国家男子足球队"
    assert by_text["自民党"] == "日本自由民主党"
    assert "民主党派" not in by_text and _orgs("各民主党派负责人出席。") == []


def test_a_lone_club_cooperative_or_kindergarten_names_no_body() -> None:
    lex, text = load_lexicon(), "赛季结束后，俱乐部主席表示满意。"
    words = WordIndex.of(text)
    for kind in ("俱乐部", "合作社", "幼儿园", "法庭", "保洁公司", "物业公司"):
        start = text.find(kind) if kind in text else 0
        lone = Mention("t", start, start + len(kind), kind, EntityType.ORG, MentionSource.TAGGER)
        assert not fusion.in_context(lone, text, words, SpanIndex(()), lex)
    assert "皇家马德里俱乐部" in _orgs("皇家马德里俱乐部主席表示满意。", tagger=True)
    # A kind of service firm names none alone, but ends a named firm's name.
    assert _orgs("武汉星河物业公司表示将整改。") == ["武汉星河物业公司"]
