"""Segmentation of pages into items, on the real sample page and on hand-made pages."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import ArticleKind, Page, PageMeta, Role
from kg.read import bylines as bl
from kg.read.segment import article_key, segment_page

EXPECTED = [
    # (kicker, headline, subheadline, [(role, name)])
    (None, "把平安答卷写在群众心中", "2022年荆州公安推进平安建设观察",
     [(Role.REPORTER, "张明金"), (Role.CORRESPONDENT, "刘园园")]),
    (None, "我市旅游市场加速回暖", "多个景区陆续迎来新年百人大团", [(Role.REPORTER, "伍丹")]),
    ("奋力跑出高质量发展“加速度”", "荆州经开区启动科技创新三年行动", None,
     [(Role.REPORTER, "黄思明"), (Role.CORRESPONDENT, "刘青")]),
    (None, None, None, []),
    (None, "我市7座公园获评湖北“最美口袋公园”", "上榜数量居全省市州第一",
     [(Role.REPORTER, "王子瑶"), (Role.CORRESPONDENT, "韩庆军")]),
    (None, "春运首日,全市道路运输安全运送旅客5.19万人次", "市运管局强化安全监管确保群众平安便捷出行",
     [(Role.REPORTER, "肖潇"), (Role.CORRESPONDENT, "李新中"), (Role.CORRESPONDENT, "丁军保")]),
    ("培育高技能人才“直通车”来了", "荆州技工院校学生可直接报考本科", None,
     [(Role.REPORTER, "王子瑶"), (Role.CORRESPONDENT, "彭传波")]),
    ("走基层 送文学 惠民生", "市作协赠书活动走进南门社区", "培育和践行社会主义核心价值观",
     [(Role.REPORTER, "柳红霞")]),
]


def test_sample_page_has_nine_items(sample_articles):
    kinds = [a.kind for a in sample_articles]
    assert len(sample_articles) == 9
    assert kinds == [ArticleKind.ARTICLE] * 8 + [ArticleKind.NOTICE]
    assert sum(1 for a in sample_articles if a.bylines) == 7


def test_sample_headlines_and_bylines(sample_articles):
    for article, (kicker, headline, sub, roles) in zip(sample_articles, EXPECTED):
        assert article.kicker == kicker
        assert article.headline == headline
        assert article.subheadline == sub
        assert [(b.role, b.name) for b in article.bylines] == roles


# What reading each article's byline text apart gave on the sample page before bylines
# were parsed where they are found: (role, name, label, post) per article.
_R, _C = Role.REPORTER, Role.CORRESPONDENT
SAMPLE_BYLINES = [
    [(_R, "张明金", "记者", None), (_C, "刘园园", "通讯员", None)],
    [(_R, "伍丹", "记者", None)],
    [(_R, "黄思明", "驻荆州经开区记者", "荆州经开区"), (_C, "刘青", "通讯员", None)],
    [],
    [(_R, "王子瑶", "记者", None), (_C, "韩庆军", "通讯员", None)],
    [(_R, "肖潇", "记者", None), (_C, "李新中", "通讯员", None), (_C, "丁军保", "通讯员", None)],
    [(_R, "王子瑶", "记者", None), (_C, "彭传波", "通讯员", None)],
    [(_R, "柳红霞", "记者", None)],
    [],
]


def test_segment_page_gives_the_sample_bylines_parsed(sample_page):
    articles = segment_page(sample_page)
    assert [[(b.role, b.name, b.label, b.post) for b in a.bylines] for a in articles] == SAMPLE_BYLINES
    assert articles[2].byline_text == "驻荆州经开区记者黄思明 通讯员刘青"


def test_sample_posted_reporter_keeps_bureau(sample_articles):
    reporter = sample_articles[2].bylines[0]
    assert reporter.label == "驻荆州经开区记者"
    assert reporter.post == "荆州经开区"


def test_continued_report_has_no_byline_and_records_marker(sample_articles):
    continued = sample_articles[3]
    assert continued.continued_from == "第1版"
    assert continued.bylines == ()
    assert continued.text.startswith("中央政法工作会议7日至8日在北京召开。")
    assert "上接" not in continued.text


def test_lines_broken_at_column_ends_are_joined(sample_articles):
    police = sample_articles[0].text
    assert "不能让清单成为一纸空文。" in police
    assert "队伍格外醒目。" in police
    assert "深耕武汉、宜昌、湖南等地的客源市场" in sample_articles[1].text
    assert "数量居全省市州第一。我市上榜" in sample_articles[4].text


def test_photo_caption_is_kept_apart(sample_articles):
    police = sample_articles[0]
    assert police.captions == ("荆州公安安全力维护社会大局稳定。",)
    assert "荆州公安安全力维护社会大局稳定" not in police.text


def test_repeated_paragraph_is_kept_once(sample_articles):
    police = sample_articles[0].text
    assert police.count("迎来企业发展的春水奔流") == 1
    assert police.count("组织开展缉枪治爆“清源行动”") == 1


def test_lead_is_not_part_of_body(sample_articles):
    tourism = sample_articles[1]
    assert tourism.dateline.text == "本报讯"
    assert tourism.text.startswith("记者从市文旅局获悉")


def test_notice_table_is_parsed_into_rows(sample_articles):
    notice = sample_articles[8]
    assert notice.kind is ArticleKind.NOTICE
    assert len(notice.table) == 7
    assert notice.table[0][:4] == ("荆州市", "刘毅", "18672870925", "荆州市荆州区拥军16号")
    assert notice.table[1][1] == "邹常玖"
    first_row = notice.text[notice.table_start:].split("\n", 1)[0]
    assert first_row.split("\t")[1] == "刘毅"
    # The notice is not merged into the article before it.
    assert "征兵" not in sample_articles[7].text


def test_keys_are_stable_and_distinct(sample_articles, sample_page):
    keys = [a.key for a in sample_articles]
    assert len(set(keys)) == len(keys)
    again = segment_page(sample_page)
    assert [a.key for a in again] == keys
    assert all(k.startswith("荆州日报/2023-01-09/000_f016006cafbfff82/") for k in keys)


def _page(text: str) -> Page:
    return Page(PageMeta(source="t.txt", paper="某报", date="2024-03-01", page_id="t"), text)


def test_wire_story_and_inline_continuation():
    text = (
        "全国春耕生产有序推进\n\n"
        "新华社北京3月1日电(记者张三、李四)记者从农业农村部获悉,全国春耕生产有序推进。\n\n"
        "各地加强农资供应。(下转第2版)\n"
    )
    (article,) = segment_page(_page(text))
    assert article.headline == "全国春耕生产有序推进"
    assert article.dateline.agency == "新华社" and article.dateline.place == "北京"
    assert article.byline_text == "记者张三、李四"
    assert article.continued_to == "第2版"
    assert article.text.endswith("各地加强农资供应。")


def test_byline_on_its_own_line_and_tail_byline():
    text = (
        "老街换新颜\n\n记者 王 芳 通讯员 李 强\n\n"
        "近日,老街改造完成,居民纷纷点赞,街坊邻里都说变化很大。\n\n"
        "小区加装电梯\n\n"
        "本报讯 今年以来,全区已为30个小区加装电梯,惠及居民上千户。\n\n"
        "(记者 赵六)\n"
    )
    first, second = segment_page(_page(text))
    assert first.headline == "老街换新颜" and first.byline_text == "记者 王 芳 通讯员 李 强"
    assert second.headline == "小区加装电梯" and second.byline_text == "记者 赵六"
    assert "赵六" not in second.text


def test_same_headline_twice_on_a_page_gets_two_keys():
    meta = PageMeta(source="t.txt", paper="某报", date="2024-03-01", page_id="t")
    taken: dict[str, int] = {}
    first = article_key(meta, "简讯", "甲", taken)
    second = article_key(meta, "简讯", "乙", taken)
    assert first != second and second.endswith("-2")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_segments_without_error(text):
    articles = segment_page(_page(text))
    assert len({a.key for a in articles}) == len(articles)
    for article in articles:
        assert isinstance(article.text, str)
        if article.table_start >= 0:
            assert 0 <= article.table_start < len(article.text)


@contextlib.contextmanager
def counted_parses() -> Iterator[tuple[Counter[str], Counter[str]]]:
    """Count the grammar's runs: every text it reads, and the texts that are bylines."""
    calls: Counter[str] = Counter()
    found: Counter[str] = Counter()
    real = bl.parse_byline

    def counting(text: str, **options):
        calls[text] += 1
        parsed = real(text, **options)
        found[text] += parsed is not None
        return parsed

    with mock.patch.object(bl, "parse_byline", counting):
        yield calls, found


def test_the_grammar_reads_each_byline_once():
    text = (
        "某地启动新一轮行动\n\n□ 记者 张三 通讯员 李四\n\n正文第一段写完了。\n\n"
        "另一则消息的标题\n\n本报讯（记者 王五 通讯员 赵六）全区已为三十个小区加装电梯。\n\n"
        "（记者 欧阳修）\n"
    )
    with counted_parses() as (calls, found):
        first, second = segment_page(_page(text))
    assert +found == Counter({"记者 张三 通讯员 李四": 1, "记者 王五 通讯员 赵六": 1, "（记者 欧阳修）": 1})
    assert max(calls.values()) == 1  # nor is any other paragraph read twice
    assert [(b.role, b.name) for b in first.bylines] == [(Role.REPORTER, "张三"), (Role.CORRESPONDENT, "李四")]
    assert [(b.role, b.name) for b in second.bylines] == [
        (Role.REPORTER, "王五"), (Role.CORRESPONDENT, "赵六"), (Role.REPORTER, "欧阳修"),
    ]
    assert second.byline_text == "记者 王五 通讯员 赵六\n记者 欧阳修"


def test_a_record_byline_merges_with_its_paragraphs_bylines():
    page = Page(_page("").meta, "正文写完了。\n\n（记者 李四）", headline="标题", byline="记者 张三\n记者 张三 通讯员 李四")
    (article,) = segment_page(page)
    assert [(b.role, b.name) for b in article.bylines] == [(Role.REPORTER, "张三"), (Role.CORRESPONDENT, "李四"),
                                                            (Role.REPORTER, "李四")]
    assert article.byline_text == "记者 张三\n记者 张三 通讯员 李四\n记者 李四"



def test_a_credit_decorated_outside_its_brackets_keeps_its_roles():
    # Tagging reads the line past the ▲; reading the kept text again used to lose the
    # credit's roles. The kept text is the credit without its brackets and bullets.
    (article,) = segment_page(_page("某地启动新一轮行动\n\n本报讯 正文第一段写完了。\n\n（记者 张三 李四）▲"))
    assert [(b.role, b.name) for b in article.bylines] == [(Role.REPORTER, "张三"), (Role.REPORTER, "李四")]
    assert article.byline_text == "记者 张三 李四"

_ROLE_WORD = st.sampled_from(
    [("记者", Role.REPORTER), ("通讯员", Role.CORRESPONDENT), ("实习生", Role.INTERN),
     ("特约通讯员", Role.CORRESPONDENT), ("见习记者", Role.REPORTER)]
)  # fmt: skip
_NAMES = st.lists(st.sampled_from(["张三", "李四", "王五", "赵六", "欧阳修", "司马光"]), min_size=1, max_size=3, unique=True)
_CREDITS = st.lists(st.tuples(_ROLE_WORD, _NAMES, st.sampled_from([" ", "、", "，"])), min_size=1, max_size=3)
_PLACES = {  # where a byline is printed: its own line, a lead's brackets, a credit after the story
    "line": "某地启动新一轮行动\n\n□ {}\n\n正文第一段写完了。",
    "lead": "某地启动新一轮行动\n\n本报讯（{}）正文第一段写完了。",
    "tail": "某地启动新一轮行动\n\n本报讯 正文第一段写完了。\n\n（{}）",
}


@settings(max_examples=150, deadline=None)
@given(_CREDITS, st.sampled_from(sorted(_PLACES)))
def test_any_byline_the_grammar_can_assemble_reads_back_once(credits, place):
    byline = " ".join(f"{word} {sep.join(names)}" for (word, _), names, sep in credits)
    expected = list(dict.fromkeys((role, name) for (_, role), names, _ in credits for name in names))
    with counted_parses() as (calls, found):
        (article,) = segment_page(_page(_PLACES[place].format(byline)))
    assert [(b.role, b.name) for b in article.bylines] == expected
    assert sum(found.values()) == 1 and max(calls.values()) == 1


def test_a_table_is_lines_of_two_cells_or_more() -> None:
    from kg.read.segment import table_of

    assert table_of("一行字\n没有表格") == ((), -1)
    rows, start = table_of("联系人如下\n张三\t13800000000\n李四\t\t13900000000")
    assert start == len("联系人如下\n") and rows == (("张三", "13800000000"), ("李四", "", "13900000000"))
    assert table_of("甲\t乙\n\t") == ((("甲", "乙"),), 0)  # a line of empty cells is no row


EVENING_PAGE = """2023年3月6日 星期一
A05 城事
责任编辑：王小明  美术编辑：李华

地铁5号线本月试运行
首批列车已完成调试

本报记者 张伟 通讯员 李明

本报讯 3月5日，记者从市轨道交通集团获悉，地铁5号线已完成全部车站装修，预计本月底开始试运行。

新闻速递

市图书馆延长开放时间 本报讯 从3月6日起，市图书馆周末开放时间延长至晚上9点。（记者 陈静）

春季招聘会本周六举行 本报讯 3月11日，市人才市场将举办春季招聘会。（通讯员 赵敏）
"""


def test_an_evening_paper_s_furniture_makes_no_article_and_its_briefs_are_their_own():
    articles = segment_page(Page(PageMeta(source="p.txt", paper="某晚报", date="2023-03-06"), EVENING_PAGE))
    got = [(a.kicker, a.headline, [(b.role, b.name) for b in a.bylines], a.text[:6]) for a in articles]
    assert got == [
        (None, "地铁5号线本月试运行", [(Role.REPORTER, "张伟"), (Role.CORRESPONDENT, "李明")], "3月5日，记"),
        ("新闻速递", "市图书馆延长开放时间", [(Role.REPORTER, "陈静")], "从3月6日起"),
        (None, "春季招聘会本周六举行", [(Role.CORRESPONDENT, "赵敏")], "3月11日，"),
    ]


FRONT_PAGE = """某某日报
2023年3月6日 星期一 农历二月十五
今日8版  第12345期

全市高质量发展大会召开
市委书记出席并讲话

本报讯（记者 张伟）3月5日，全市高质量发展大会召开。（下转第3版）

导读
● 城东片区改造启动  详见第2版

评论
以实干担当开新局
□ 刘文

新春伊始，全市上下干劲十足。
"""

WEB_PAGE = """多地出台措施支持新能源汽车消费
来源：某某网  作者：王芳  发布时间：2023-03-06 10:20
编辑：李明

某某网北京3月6日电 近日，多地出台措施支持新能源汽车消费。
"""


@pytest.mark.parametrize(("text", "expected"), [
    (FRONT_PAGE, [(None, "全市高质量发展大会召开", [(Role.REPORTER, "张伟")]), ("评论", "以实干担当开新局", [(Role.WRITER, "刘文")])]),
    (WEB_PAGE, [(None, "多地出台措施支持新能源汽车消费", [(Role.WRITER, "王芳")])]),
])
def test_a_front_page_and_a_web_page_give_their_stories_with_their_credits(text, expected):
    articles = segment_page(Page(PageMeta(source="p.txt", paper="某某日报", date="2023-03-06"), text))
    assert [(a.kicker, a.headline, [(b.role, b.name) for b in a.bylines]) for a in articles] == expected


# Pages of other papers, third round (invented names and places).
METRO_PAGE = """A03 都市新闻

步行街经济点亮城南
本报记者 孙立 实习生 高远

本报讯 入夜，城南步行街灯火通明，小吃摊前排起长队。

图片新闻

4月11日，市民在滨江公园赏花拍照。
本报记者 邹航 摄

4月10日，工人在新建的跨江大桥上施工。记者 邹航 摄
"""
COUNTY_PAGE = """春耕备耕正当时

3月20日，某某镇的田野里，农机轰鸣，村民们正忙着翻耕土地。

（通讯员 钱小雨 吴静）

乡村夜校开课了

近日，某某村的乡村夜校迎来第一批学员，四十多名村民走进课堂学习电商知识。

通讯员 罗晓 记者 冯涛
"""
WIRE_PAGE = """我国成功发射新一代气象卫星
新华社酒泉3月5日电（记者 许明 葛瑞）3月5日，一颗新一代气象卫星成功发射。
卫星顺利进入预定轨道，发射任务获得圆满成功。（完）
【编辑：谭一鸣】
"""
APP_PAGE = """这条路，终于通了！
文丨袁晓 编辑丨符佳 审核丨程亮
来源：某某发布

历时两年建设，滨河大道全线通车。
点击阅读原文
"""
LETTER_PAGE = """读者来信
小区门口的路灯该修了

编辑同志：
我家小区门口的三盏路灯坏了半个多月，希望有关部门尽快修复。
某某市某某区 读者 唐文斌
"""
NOTICE_PAGE = """讣告

原市政协副主席熊国华同志，因病医治无效，于2023年3月4日逝世。

熊国华同志治丧委员会
2023年3月5日

公告
市政务服务中心3月8日暂停办理业务一天。
市政务服务中心
"""
BRIEFS_PAGE = """简讯

市民政局开展养老机构安全检查 3月5日，市民政局对全市养老机构开展安全检查。（汪琪）
某某区举办春季招聘会 3月4日，某某区举办春季招聘会，提供岗位两千余个。（严军）

●全市启动植树活动
3月5日，全市启动义务植树活动。（柯岩）
"""
HEADER_AGAIN_PAGE = """第A05版：社会
2023年3月6日 星期一

暖心司机捡到钱包归还失主
本报记者 林涛
本报讯 3月5日，出租车司机在车上捡到一个钱包，
2023年3月6日 星期一
第A05版：社会
他立即联系了失主。

社区义诊进楼栋
本报记者 方圆
本报讯 3月5日，市中医院医生走进城北社区开展义诊。
"""
CONTINUED_PAGE = """（上接第1版）
会议要求，各地各部门要压实责任，确保各项任务落到实处。

本版编辑：杜鹃  校对：沈航
"""

_A, _C, _N = ArticleKind.ARTICLE, ArticleKind.CAPTION, ArticleKind.NOTICE


@pytest.mark.parametrize(("text", "expected"), [
    (METRO_PAGE, [  # a photograph's title over its credited captions is an item of its own, its photographer's
        (_A, None, "步行街经济点亮城南", [(Role.REPORTER, "孙立"), (Role.INTERN, "高远")], "入夜，城南步行街"),
        (_C, None, "图片新闻", [(Role.PHOTOGRAPHER, "邹航")], "4月11日，市民"),  # its text: its captions
    ]),
    (COUNTY_PAGE, [  # a credit under a story's last paragraph ends it, whatever follows
        (_A, None, "春耕备耕正当时", [(Role.CORRESPONDENT, "钱小雨"), (Role.CORRESPONDENT, "吴静")], "3月20日，某某"),
        (_A, None, "乡村夜校开课了", [(Role.CORRESPONDENT, "罗晓"), (Role.REPORTER, "冯涛")], "近日，某某村的乡"),
    ]),
    (WIRE_PAGE, [(_A, None, "我国成功发射新一代气象卫星", [(Role.REPORTER, "许明"), (Role.REPORTER, "葛瑞")], "3月5日，一颗新")]),
    (APP_PAGE, [(_A, None, "这条路，终于通了！", [(Role.WRITER, "袁晓")], "历时两年建设，滨")]),
    (LETTER_PAGE, [(_A, "读者来信", "小区门口的路灯该修了", [(Role.WRITER, "唐文斌")], "编辑同志：\n我家")]),
    (NOTICE_PAGE, [(_N, None, "讣告", [], "原市政协副主席熊"), (_N, None, "公告", [], "市政务服务中心3")]),
    (BRIEFS_PAGE, [
        (_A, "简讯", "市民政局开展养老机构安全检查", [(Role.WRITER, "汪琪")], "3月5日，市民政"),
        (_A, None, "某某区举办春季招聘会", [(Role.WRITER, "严军")], "3月4日，某某区"),
        (_A, None, "全市启动植树活动", [(Role.WRITER, "柯岩")], "3月5日，全市启"),
    ]),
    (HEADER_AGAIN_PAGE, [
        (_A, None, "暖心司机捡到钱包归还失主", [(Role.REPORTER, "林涛")], "3月5日，出租车"),
        (_A, None, "社区义诊进楼栋", [(Role.REPORTER, "方圆")], "3月5日，市中医"),
    ]),
    (CONTINUED_PAGE, [(_A, None, None, [], "会议要求，各地各")]),
])
def test_pages_of_other_styles_give_their_items_with_their_credits(text, expected):
    articles = segment_page(Page(PageMeta(source="p.txt", paper="某某日报", date="2023-03-06"), text))
    got = [(a.kind, a.kicker, a.headline, [(b.role, b.name) for b in a.bylines], a.text[:8]) for a in articles]
    assert got == expected
    body = "\n".join(a.text for a in articles if a.kind is not ArticleKind.CAPTION)  # a photograph's text is its captions
    # no end mark, app line, page header or page credit is left in any story's text
    for furniture in ("（完）", "点击阅读原文", "第A05版", "星期一", "本版编辑", "记者 邹航 摄"):
        assert furniture not in body


CREDITS_AFTER_PAGE = """城北新建三所幼儿园
本报讯（记者 包文）今年城北将新建三所幼儿园，新增学位一千个。
责任编辑：喻洁

公交新线开通
3月5日起，公交新开两条线路，方便城东居民出行。
（来源：某某日报）

春到江畔
3月5日，游客在江畔赏花。（记者 邹航 摄）
"""
APP_POST_PAGE = """重磅！全市这些路段将封闭施工
某某发布 2023-03-06 08:00

来源：某某交警
编辑：符佳

问：哪些路段封闭？
答：3月8日起，以下路段封闭施工。
- END -
分享
收藏
"""


@pytest.mark.parametrize(("text", "expected"), [
    (CREDITS_AFTER_PAGE, [  # page credits or a source under a story end it; a photograph's credit in brackets is its own
        (_A, "城北新建三所幼儿园", [(Role.REPORTER, "包文")], "今年城北将新建三所幼儿园，新增学位一千个。"),
        (_A, "公交新线开通", [], "3月5日起，公交新开两条线路，方便城东居民出行。"),
        (_C, "春到江畔", [(Role.PHOTOGRAPHER, "邹航")], "3月5日，游客在江畔赏花。（记者 邹航 摄）"),
    ]),
    (APP_POST_PAGE, [  # the account's posting line, END and the app's buttons are the page's; 问：… is a turn, no heading
        (_A, "重磅！全市这些路段将封闭施工", [], "问：哪些路段封闭？\n答：3月8日起，以下路段封闭施工。"),
    ]),
])
def test_what_follows_a_story_ends_it_and_stays_out_of_it(text, expected):
    articles = segment_page(Page(PageMeta(source="p.txt", paper="某某日报", date="2023-03-06"), text))
    assert [(a.kind, a.headline, [(b.role, b.name) for b in a.bylines], a.text) for a in articles] == expected
    assert articles[0].subheadline is None


# Ordinary story text that the rules for other papers' layouts must not misread (review of stop 24).
ORDINARY = [
    # an aside in brackets before the story's intertitle is no credit: one story
    ("一位老党员的坚守\n\n本报记者 韩立春\n\n在青石村，提起贺秋云，村民们都竖起大拇指。（文中部分人物为化名）\n\n"
     "四十年如一日\n\n贺秋云今年78岁，当了四十多年村干部。\n", ["一位老党员的坚守"], "四十年如一日"),
    # an inset photograph under an intertitle, with the story's text after it: one story, text kept
    ("樱花大道迎来赏花季\n\n本报记者 韩立春\n\n3月5日，樱花竞相开放，吸引大批市民前来观赏。\n\n花期预计持续两周\n\n"
     "图为市民在樱花树下拍照留念。记者 钱茂林 摄\n\n园林部门介绍，今年花期比往年提前了一周左右。\n",
     ["樱花大道迎来赏花季"], "园林部门介绍"),
    # an event's box (时间：…) is text; numbered intertitles are text; a headline like a label heads its story
    ("春季招聘会本周六举行\n\n本报讯 市人社局将于本周六举办春季招聘会。\n\n时间：3月11日 9:00—12:00\n\n地点：市会展中心1号馆\n",
     ["春季招聘会本周六举行"], "时间：3月11日 9:00—12:00"),
    ("G20 峰会开幕\n\n本报讯 二十国集团领导人峰会5日开幕。\n\n01 航线网络持续扩展\n\n今年以来，执飞航班累计超过500班次。\n",
     ["G20 峰会开幕"], "01 航线网络持续扩展"),
    ("农历二月二龙抬头\n\n本报讯 3月5日，东山县各村举办民俗活动。\n", ["农历二月二龙抬头"], "民俗活动"),
    ("关注我们身边的好人\n\n本报讯 城南街道表彰12名居民。\n\n扫描二维码即可观看表彰会直播回放。\n",
     ["关注我们身边的好人"], "扫描二维码即可观看表彰会直播回放。"),
    # an intertitle about a notice, and a headline reporting one, are a story's
    ("一场跨越千里的接力\n\n本报记者 韩立春\n\n3月2日，一名患儿突发疾病。\n\n一纸紧急通知\n\n接到求助后，急救中心立即联系交警。\n",
     ["一场跨越千里的接力"], "一纸紧急通知"),
    ("我市发布森林防火紧急通知\n\n连日来，我市气温偏高，森林火险等级持续偏高。\n", ["我市发布森林防火紧急通知"], "森林火险"),
    # a story that jumps to another page keeps its headline and credit; a column's label over a dashed line heads it
    ("春耕备耕有序推进\n\n本报记者 韩立春\n\n下转第3版\n", ["春耕备耕有序推进"], ""),
    ("对话\n\n——专访东山县县长贺秋云\n\n本报记者 韩立春\n\n3月5日，记者专访了贺秋云。\n", ["对话"], "记者专访"),
    # a line with no Chinese (a note's letters, a figure) is text, not an app's button
    ("新机制见成效\n\n本报讯 全县拍卖小型水利设施。\n\n（Ａ、Ｂ）\n\n对新建设施，谁建谁有。\n", ["新机制见成效"], "（Ａ、Ｂ）"),
]


@pytest.mark.parametrize(("text", "headlines", "kept"), ORDINARY)
def test_ordinary_story_text_is_not_read_as_another_layout_s(text, headlines, kept):
    articles = segment_page(Page(PageMeta(source="p.txt", paper="某报", date="2023-03-06"), text))
    assert [a.headline for a in articles] == headlines and all(a.kind is ArticleKind.ARTICLE for a in articles)
    assert kept in articles[0].text


@pytest.mark.parametrize("credit", ["（新华社）", "（据新华社）", "（本报综合）", "（李华 整理）", "（欧阳明 王华）"])
def test_an_agency_s_or_a_compiler_s_credit_ends_its_story(credit):
    text = f"大桥正式通车\n晨江大桥昨日正式通车，两岸居民出行时间缩短半小时。{credit}\n老街改造完成\n老街改造工程近日完工，市民纷纷前来游览。\n"
    articles = segment_page(Page(PageMeta(source="p.txt"), text))
    assert [a.headline for a in articles] == ["大桥正式通车", "老街改造完成"]


def test_a_page_s_label_above_its_first_story_leaves_the_story_its_headline():
    text = "A05 城事\n老街改造完成\n青禾区老街改造工程近日完工，街面焕然一新，市民纷纷前来游览。\n"
    [article] = segment_page(Page(PageMeta(source="p.txt"), text))
    assert article.headline == "老街改造完成" and article.text.startswith("青禾区")


def test_a_headline_reporting_a_formal_notice_is_a_story_s():
    from kg.read.paragraphs import NOTICE_TITLE

    assert NOTICE_TITLE.fullmatch("某县人民政府关于调整部分道路交通管理措施的通告")
    assert not NOTICE_TITLE.fullmatch("我市发布关于做好森林防火工作的通知")


@pytest.mark.parametrize("aside", ["（报名详情可登录市体育局官网查询）", "（详见本报3月1日报道）", "（据不完全统计）"])
def test_an_aside_that_names_a_source_or_a_report_is_no_credit_and_ends_nothing(aside):
    text = f"全民健身月活动启动\n本报讯 3月5日，全民健身月活动启动，市民可免费报名参加。{aside}\n多个场馆免费开放\n全市12个场馆免费开放。\n"
    assert [a.headline for a in segment_page(Page(PageMeta(source="p.txt"), text))] == ["全民健身月活动启动"]


def test_an_agency_s_credit_on_its_own_line_and_an_app_s_buttons_end_the_story_above():
    text = ("政协召开常委会议\n本报讯 会议听取了工作报告，委员们积极建言献策。\n（据某某日报）\n社区食堂开张\n本报讯 社区食堂开张。\n"
            "口袋公园扮靓街角\n本报讯 我市已建成口袋公园12座。\n分享\n点击阅读原文\n便民服务进社区\n昨天上午，医生们来到社区义诊。（记者 孙立新）\n")
    articles = segment_page(Page(PageMeta(source="p.txt"), text))
    assert [(a.headline, [b.name for b in a.bylines]) for a in articles] == [
        ("政协召开常委会议", []), ("社区食堂开张", []), ("口袋公园扮靓街角", []), ("便民服务进社区", ["孙立新"]),
    ]


@pytest.mark.parametrize("credit", ["（据《某某日报》）", "（据新华社北京3月5日电）", "（本报综合报道）", "（据新华社等）", "（据新华社 王海涛 整理）"])
def test_a_wire_s_credit_ends_its_brief(credit):
    text = f"新闻速递\n我国成功发射一颗新卫星\n卫星顺利进入预定轨道。{credit}\n全国春运收官\n全国累计发送旅客十五亿人次。\n"
    assert [a.headline for a in segment_page(Page(PageMeta(source="p.txt"), text))] == ["我国成功发射一颗新卫星", "全国春运收官"]


def test_an_app_s_prompt_inside_a_story_ends_nothing():
    text = ("春耕正当时\n本报讯（记者 周立新）农技人员深入田间开展技术指导。\n▼ 扫描二维码 ▼\n农资供应充足\n"
            "目前，全市化肥储备充足，价格总体平稳。\n")
    [article] = segment_page(Page(PageMeta(source="p.txt"), text))
    assert "农资供应充足" in article.text


def test_a_notice_after_a_story_is_its_own_and_keeps_its_signature():
    text = ("社区食堂开进老旧小区\n本报讯 近日，首批社区食堂开业。\n讣告\n退休教师赵文远同志因病逝世，享年八十五岁。\n特此讣告。\n"
            "某某中学\n2023年3月5日\n我市发布森林防火紧急通知\n本报讯 市森林防火指挥部发布紧急通知。\n")
    articles = segment_page(Page(PageMeta(source="p.txt"), text))
    assert [(a.kind, a.headline) for a in articles] == [
        (ArticleKind.ARTICLE, "社区食堂开进老旧小区"), (ArticleKind.NOTICE, "讣告"), (ArticleKind.ARTICLE, "我市发布森林防火紧急通知"),
    ]
    assert articles[1].text.endswith("某某中学\n2023年3月5日")
