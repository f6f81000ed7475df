"""Recognition: rules, gazetteer, fusion and the traps of Chinese local news."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import EntityType, PageMeta
from kg.extract.papers import paper_profile
from kg.extract.recognize import recognize_mentions, recognize_text

PER, ORG, LOC = EntityType.PER, EntityType.ORG, EntityType.LOC


def _meta(paper: str = "荆州日报") -> PageMeta:
    profile = paper_profile(paper)
    return PageMeta(source="-", paper=paper, **profile.homes())


def _found(text: str, *, tagger: bool = False, paper: str = "荆州日报") -> list[tuple[str, EntityType]]:
    (mentions,) = recognize_text([text], meta=_meta(paper), use_tagger=tagger)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.type) for m in mentions]


@pytest.mark.parametrize("tagger", [False, True])
def test_county_named_gong_an_is_a_place_and_its_police_an_organization(tagger):
    found = _found("公安县公安局民警在公安县夹竹园镇开展巡逻。", tagger=tagger)
    assert ("公安县公安局", ORG) in found
    assert ("公安县", LOC) in found and ("夹竹园镇", LOC) in found
    # The county inside the bureau's name is not a mention of its own.
    assert found.count(("公安县", LOC)) == 1


@pytest.mark.parametrize("tagger", [False, True])
def test_police_is_not_a_place(tagger):
    found = _found("荆州公安坚持严打整治,全省公安机关全力维护稳定。", tagger=tagger)
    assert ("荆州公安", ORG) in found
    assert not any(text in ("公安", "荆州公安", "公安机关") and kind is LOC for text, kind in found)


@pytest.mark.parametrize("tagger", [False, True])
def test_district_and_company_of_the_same_name(tagger):
    found = _found("“活力28,沙市日化”这句广告语家喻户晓,沙市区居民记忆犹新。", tagger=tagger)
    assert ("沙市日化", ORG) in found
    assert ("沙市区", LOC) in found
    assert ("沙市", LOC) not in found


def test_place_inside_an_organization_counts_only_on_its_own():
    found = _found("荆州市公安局召开会议。会后,荆州市各地开展行动。")
    assert found.count(("荆州市", LOC)) == 1
    assert ("荆州市公安局", ORG) in found


@pytest.mark.parametrize("tagger", [False, True])
def test_sites_named_after_persons_are_places(tagger):
    found = _found("游客参观张居正故居和关羽祠。", tagger=tagger)
    assert ("张居正故居", LOC) in found and ("关羽祠", LOC) in found
    assert not any(kind is PER for _, kind in found)


def test_title_and_name_patterns():
    found = _found("最高人民法院院长周强、最高人民检察院检察长张军出席会议。教导员陈剑锋说道。")
    assert [t for t, k in found if k is PER] == ["周强", "张军", "陈剑锋"]
    found = _found("作家代表林一木、吴小雨、郑大山等向社区赠书。")
    assert [t for t, k in found if k is PER] == ["林一木", "吴小雨", "郑大山"]
    found = _found("习近平总书记作出重要指示。")
    assert ("习近平", PER) in found


def test_forms_of_address_and_words_are_not_names():
    found = _found("来自武汉的游客王先生说,游客齐聚古城,局长信箱开通。")
    # 王先生's 王 is a person's bare surname (resolution drops it: test_resolve), never 王先生.
    assert [text for text, kind in found if kind is PER] == ["王"]


@pytest.mark.parametrize(
    ("text", "surnames"),
    [
        ("江主席说，要抓好农业。", ["江"]),
        ("崔老汉热情地把我们迎进屋。", ["崔"]),
        ("王老师和刘老师讲了课。", ["王", "刘"]),
        ("长江主席台上坐满了人。", []),  # 江 is the end of 长江
        ("会议由董事长主持。", []),  # 由 is a preposition
        ("阿总理纳诺已签署命令。", ["纳诺"]),  # 阿 is Albania's abbreviation, 纳诺 a name after a title
        ("欧阳书记说，要抓好农业。", ["欧阳"]),  # a compound surname, not 阳
        ("司马主任表示同意。", ["司马"]),
        ("县长孙书记说，要抓好农业。", ["孙"]),  # 县长|孙书记: 长孙 is no word here
        ("市长欧阳书记说，要抓好农业。", ["欧阳"]),  # not 欧阳书记, the name after 市长
        ("会长孙主席说，要抓好农业。", []),  # jieba reads 会|长孙|主席: no compound surname here
        ("该公司马经理说，要抓好生产。", []),  # 公司|马: 司马 is no word here
    ],
)
def test_a_bare_surname_before_a_title_is_a_person(text, surnames):
    assert [t for t, kind in _found(text) if kind is PER] == surnames


def test_foreign_names_after_a_title():
    found = _found("俄罗斯外长伊万诺夫说，双方将继续合作。叙利亚总统阿萨德表示欢迎。")
    assert ("伊万诺夫", PER) in found and ("阿萨德", PER) in found
    # A word of transliteration characters is not a name: 教师基金.
    assert not any(kind is PER for _, kind in _found("青年教师基金资助了千人。"))


def test_title_words_are_not_names_before_a_title():
    found = _found("卫生部长说，项目经理和国防部长都到了。")
    assert not any(kind is PER for _, kind in found)


def test_names_listed_beside_a_person():
    text = "出席会议的有主席张立新、赵国华（女）、钱学文（回族）、孙明、周建设等。"
    persons = [t for t, kind in _found(text) if kind is PER]
    assert persons == ["张立新", "赵国华", "钱学文", "孙明", "周建设"]
    # The list goes on only over items that look like names: 北京、上海 stay places.
    found = _found("主席张立新、北京、上海的代表都来了。")
    assert ("北京", LOC) in found and ("上海", LOC) in found
    # 和, 及, 与 before a list's last item; not after a name alone, nor before a title.
    for sep in "和及与":
        assert [t for t, kind in _found(f"出席的有主席张立新、赵国华{sep}冉芊芊。") if kind is PER][-1] == "冉芊芊"
    assert [t for t, kind in _found("主席张立新、赵国华和县长一起。") if kind is PER] == ["张立新", "赵国华"]
    assert [t for t, kind in _found("主席张立新和冉芊芊。") if kind is PER] == ["张立新"]  # two names are no list


def test_contact_table_names():
    text = "报名点\n江陵县\t赵一鸣\t13800000000\t江陵县某路1号\t松滋市\t钱二多\t13900000000\t松滋市某街2号\n\t孙三\t0716-1234567\t\t\t\t\t"
    meta = _meta()
    from kg.model import Article, ArticleKind

    article = Article("k", meta, ArticleKind.NOTICE, "报名点", text, table_start=text.index("江陵县"))
    found = [(m.text, m.type) for m in recognize_mentions(article, use_tagger=False)]
    assert [t for t, k in found if k is PER] == ["赵一鸣", "钱二多", "孙三"]
    assert ("江陵县", LOC) in found and ("松滋市", LOC) in found


def test_a_table_row_given_as_text_is_read_as_in_a_page():
    from kg.extract.recognize import recognize_text

    rows = ["江陵县\t赵一鸣\t13800000000", "赵一鸣同志说，报名已经开始。", "江陵县 赵一鸣 13800000000"]
    found = [[(m.text, m.type, m.source.value) for m in ms] for ms in recognize_text(rows, use_tagger=False)]
    assert ("赵一鸣", PER, "table") in found[0]
    assert not any(source == "table" for row in found[1:] for _, _, source in row)  # no tabs: no table


def test_government_abbreviations_and_deictics():
    found = _found("记者从市文旅局获悉,省住建厅和市人社局联合发文,我市各地响应。")
    assert ("市文旅局", ORG) in found and ("省住建厅", ORG) in found and ("市人社局", ORG) in found
    assert ("我市", LOC) in found


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("两岸交流形成了新格局，对外部世界的了解更深。", []),  # words jieba lists as names (nt)
        ("他曾任北京军区副政委。", ["北京军区"]),  # 副政委 is a title, not part of the body
        ("全省共有爱国主义教育基地四十个。", []),  # a kind of body
        ("出席第十届全国委员会会议的代表", []),  # 全国委员会 alone is a kind of body
        ("民办学校和重点中学的学生都可报名。", []),  # kinds of schools
        ("宜昌市第一中学是重点中学。", ["宜昌市第一中学"]),
        ("美国电信业发展很快。", []),  # the industry, not a trade name (青岛啤酒)
        ("宁可政府多承担一些。", []),  # a government is a place's; jieba lists 宁可 as a name
        ("今天的联谊会气氛热烈。", []),  # a gathering
        ("宋庄镇政府组织村民。", ["宋庄镇政府"]),  # a town named like a person (宋庄) has a government
        ("中国国旅组织游客。", ["中国国旅"]),  # a company's short form after a country
        ("党中央国务院高度重视。", ["党中央", "国务院"]),  # two national bodies, side by side
        ("要严格遵守党中央的规定。", ["党中央"]),  # jieba tags 严格遵守 as a person's name
        ("伊拉克外交部发言人表示。", ["伊拉克外交部"]),  # a country's body, not China's 外交部
        ("国务院法制局负责人介绍。", ["国务院法制局"]),  # a body's part
        ("美国驻华大使馆发表声明。", ["美国驻华大使馆"]),
    ],
)
def test_organization_grammar_edges(text, orgs):
    assert [t for t, kind in _found(text) if kind is ORG] == orgs


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("据新华社长沙１月２０日电", ["新华社"]),  # 新华社|长沙, a dateline
        ("外交部长会见了来访的客人。", []),  # 外交部长 is a minister
        ("苏联大使馆的工作人员", ["苏联大使馆"]),  # 联大 is no word here
        ("菲卫生部宣布了新规定。", []),  # the Philippines' ministry, not China's 卫生部
        ("古巴国内贸易部部长表示。", []),  # Cuba's ministry, not China's former 国内贸易部
        ("该公司人事部经理说。", []),  # a company's department
        ("教育部财政部联合发文。", ["教育部", "财政部"]),
        ("北约东扩遭到反对。", ["北约"]),
    ],
)
def test_national_and_international_bodies(text, orgs):
    assert [t for t, kind in _found(text) if kind is ORG] == orgs


def test_document_consistency_finds_names_again():
    found = _found("教导员陈剑锋说道。陈剑锋口中的清单,就是问题清单。")
    assert found.count(("陈剑锋", PER)) == 2


def test_a_two_character_county_must_be_a_word_of_its_own():
    assert ("和县", LOC) in _found("和县位于安徽省东部。")
    assert all(kind is not LOC for _, kind in _found("村民和县长一起商量。"))  # 和|县长


def _place_codes(text: str, paper: str) -> list[tuple[str, str | None]]:
    (mentions,) = recognize_text([text], meta=_meta(paper), use_tagger=False)
    return [(m.text, m.code) for m in mentions if m.type is LOC]


def test_a_division_many_places_have_is_the_one_inside_the_place_before_it():
    # 朝阳区: Beijing's (110105) and Changchun's (220104); 鼓楼区: Nanjing's, Fuzhou's …
    assert ("朝阳区", "110105") in _place_codes("在北京市朝阳区，区教育局表示", "长春日报")  # not the home city's
    assert _place_codes("福州市鼓楼区和南京市鼓楼区", "荆州日报")[1::2] == [("鼓楼区", "350102"), ("鼓楼区", "320106")]
    (mentions,) = recognize_text(["在北京市朝阳区，区教育局表示"], meta=_meta("长春日报"), use_tagger=False)
    assert str({m.text: m.located_in for m in mentions}["区教育局"]) == "LOC:110105"  # the district the story names
    (mentions,) = recognize_text(["北京市朝阳区住建局发布通知"], meta=_meta("长春日报"), use_tagger=False)
    assert [str(m.located_in) for m in mentions if m.type is ORG] == ["LOC:110105"]  # the body of the district read


def test_a_division_many_places_have_alone_is_the_home_city_s_else_one_inside_a_place_named_earlier():
    assert ("朝阳区", "220104") in _place_codes("朝阳区的居民说", "长春日报")
    assert _place_codes("朝阳区的居民说", "荆州日报") == []  # which one, nothing says
    assert ("朝阳区", "220104") in _place_codes("记者来到长春市采访。朝阳区的居民说", "荆州日报")
    assert _place_codes("记者来到北京。朝阳区的居民说", "荆州日报")[1] == ("朝阳区", "110105")
    # A name no rule keeps (开封, a verb here) is no context: 鼓楼区 stays unresolved.
    assert _place_codes("包裹开封后，快递员又送到鼓楼区", "长春日报") == []


def test_a_county_paper_s_deictics():
    (mentions,) = recognize_text(["我县召开会议，我市代表出席。"], meta=_meta("和县报"), use_tagger=False)
    assert [(m.text, m.code) for m in mentions] == [("我县", "340523"), ("我市", "340500")]  # 和县, 马鞍山市
    for paper, code in (("广西日报", "450000"), ("宜都报", None)):  # an autonomous region's 我区; no district's
        (mentions,) = recognize_text(["我区经济持续增长。"], meta=_meta(paper), use_tagger=False)
        assert [m.code for m in mentions] == ([code] if code else []), paper


def test_a_place_name_that_begins_another_word_is_no_mention():
    assert _found("他擅长中国画，比赛采用瑞士制。") == []  # a painting style, a tournament system
    # Longer words are often bodies and brands built on the place, which other rules read.
    assert ("昆明制药", ORG) in _found("昆明制药发布公告。") and ("武汉", LOC) in _found("他考入武汉职业技术学院。")
    assert _found("美国人和中国籍船员。") == [("美国", LOC), ("中国", LOC)]  # a people, a nationality
    assert ("中国", LOC) in _found("这座大桥堪称中国之最。")


def test_townships_need_their_county_before_them():
    found = _found("活动先后走进石首桃花山、监利柘木乡、沙市区岑河镇。")
    for name in ("石首", "桃花山", "监利", "柘木乡", "沙市区", "岑河镇"):
        assert (name, LOC) in found
    assert ("桃花山", LOC) not in _found("桃花山上桃花开。")


def test_ethnic_townships_and_management_areas_by_their_short_names_after_their_county():
    codes = {m.text: (m.canonical, str(m.located_in)) for m in recognize_text(
        ["宣恩长潭河的村民和汉寿西湖管理区的职工"], meta=_meta("人民日报"), use_tagger=False)[0]}
    assert codes["长潭河"] == ("长潭河侗族乡", "LOC:422825")
    assert codes["西湖管理区"] == ("西湖管理区", "LOC:430722")
    assert "的村" not in codes  # 的村民 names no village


def test_a_span_the_tagger_reads_whole_gives_way_to_the_divisions_in_it():
    for text, county, town in (("来到汉寿西湖调研", "汉寿县", "西湖管理区"), ("来到宁晋大曹庄调研", "宁晋县", "大曹庄乡")):
        (mentions,) = recognize_text([text], meta=_meta("人民日报"), use_tagger=True)
        assert [(m.canonical, m.type) for m in mentions] == [(county, LOC), (town, LOC)], text


@pytest.mark.parametrize("tagger", [False, True])
def test_township_under_its_former_suffix_and_its_village(tagger):
    # The gazetteer says 林家屯镇; papers of the 1990s wrote 林家屯乡. Whatever the
    # tagger makes of the whole address, the divisions in it stay places.
    (mentions,) = recognize_text(["河北涿州市林家屯乡南史辛庄村村民赵文军来到北京。"], meta=_meta("人民日报"),
                                 use_tagger=tagger)
    found = {m.text: m for m in mentions}
    for name in ("河北", "涿州市", "林家屯乡", "南史辛庄村"):
        assert found[name].type is LOC, name
    assert found["林家屯乡"].canonical == "林家屯镇" and str(found["林家屯乡"].located_in) == "LOC:130681"
    assert str(found["南史辛庄村"].located_in) == "LOC:130681/林家屯镇"


def test_development_zone_and_streets():
    found = _found("记者从荆州经开区获悉,该区在沙市区江汉北路107号设立服务站。")
    assert ("荆州经开区", LOC) in found
    assert ("江汉北路", LOC) in found


def test_no_tabs_or_spaces_inside_mentions():
    for text, _ in _found("荆州市\t刘毅\t18672870925\t荆州市荆州区拥军16号", tagger=True):
        assert "\t" not in text and " " not in text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_valid_offsets(text):
    (mentions,) = recognize_text([text], meta=_meta(), use_tagger=True)
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # non-overlapping, in order
        last_end = m.end


def _tagged(text: str, *spans: tuple[str, EntityType]) -> list:
    from kg.model import Mention

    out = []
    for surface, kind in spans:
        start = text.index(surface)
        out.append(Mention("k", start, start + len(surface), surface, kind, "tagger"))
    return out


def _is_place(name: str) -> bool:
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.recognize import _is_place_name

    return _is_place_name(name, load_gazetteer())


def test_a_tagger_place_only_a_person_can_be_becomes_a_person():
    from kg.extract.recognize.person_spans import persons_by_context

    text = "墨西哥财政部长古里亚日前宣布，美国表示欢迎。他在钓鱼台国宾馆会见了科雷查恩。李昌镐九段执黑。"
    spans = _tagged(text, ("古里亚", LOC), ("美国", LOC), ("钓鱼台国宾馆", LOC), ("李昌镐", LOC))
    title_end = text.index("古里亚")
    kinds = {m.text: m.type for m in persons_by_context(spans, text, {title_end}, _is_place)}
    # after a title, before a player's rank: persons; a country that speaks, a place one meets in: places
    assert kinds == {"古里亚": PER, "美国": LOC, "钓鱼台国宾馆": LOC, "李昌镐": PER}


def test_a_place_the_tagger_took_into_a_name_comes_off():
    from kg.extract.recognize.person_spans import split_place_prefix
    from kg.extract.recognize.lexicon import load_lexicon

    text = "湖北陈淑兰（2202分）、欧阳明月"
    spans = _tagged(text, ("湖北陈淑兰", PER), ("欧阳明月", PER))
    out = split_place_prefix(spans, text, load_lexicon().surnames, _is_place)
    assert [m.text for m in out] == ["陈淑兰", "欧阳明月"]
    assert all(text[m.start : m.end] == m.text for m in out)


def test_dotted_names_and_names_known_elsewhere_in_the_article():
    from kg.model import Mention
    from kg.extract.recognize.person_spans import join_dotted, trim_to_known
    from kg.extract.recognize.lexicon import load_lexicon

    text = "兼外交部长乔治·韦拉、萨维说，萨维在会上。顾问贾塔到了，贾塔说。周恩来和恩来同志。"

    def at(surface: str, occurrence: int = 0) -> Mention:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(surface, start + 1)
        return Mention("k", start, start + len(surface), surface, PER, "tagger")

    spans = [at("乔治"), at("萨维说"), at("萨维", 1), at("顾问贾塔"), at("贾塔", 1), at("周恩来"), at("恩来", 1)]
    out = trim_to_known(join_dotted(spans, text), text, load_lexicon().surnames)
    # 周恩来 keeps its surname although 恩来 is named too
    assert [m.text for m in out] == ["乔治·韦拉", "萨维", "萨维", "贾塔", "贾塔", "周恩来", "恩来"]
    assert all(text[m.start : m.end] == m.text for m in out)


def test_a_city_s_shi_that_starts_a_word_is_left_out() -> None:
    assert ("上海", EntityType.LOC) in _found("他回到上海市区居住。")
    assert ("武汉", EntityType.LOC) in _found("武汉市民喜欢过早。")
    assert ("上海市", EntityType.LOC) in _found("上海市长宁区的居民。")


def test_a_foreign_name_joins_across_its_dot_around_a_rule_s_name() -> None:
    assert ("克拉克·约翰逊", EntityType.PER) in _found("首席执行官克拉克·约翰逊先生致辞。")
    assert ("乔治·布什", EntityType.PER) in _found("美国前总统乔治·布什一行抵达。")
