"""Paragraphs: re-joined column breaks, repeats once, tags, and where items start."""

from __future__ import annotations

from kg.model import Role
from kg.read.items import cut_items
from kg.read.paragraphs import read_paragraphs


def test_a_line_broken_inside_a_sentence_is_rejoined():
    # A short first line could be a headline; one with two clauses is body text cut short.
    [para] = read_paragraphs("全市公安机关坚持打防并举，持续推进平安建设，确保社会大局持续\n稳定。")
    assert para.text == "全市公安机关坚持打防并举，持续推进平安建设，确保社会大局持续稳定。" and para.line == 1


def test_a_repeated_paragraph_is_kept_once():
    text = "会议强调，要把工作落到实处。\n\n会议强调，要把工作落到实处。\n\n另一段正文在这里结束。"
    assert [p.text for p in read_paragraphs(text)] == ["会议强调，要把工作落到实处。", "另一段正文在这里结束。"]


def test_tags_and_item_starts():
    text = "某地启动新一轮行动\n\n记者 张三 通讯员 李四\n\n正文第一段写完了。\n\n（下转第2版）\n\n另一则消息的标题\n\n本报讯（记者 王五）正文。"
    paras = read_paragraphs(text)
    assert [p.tag for p in paras] == ["heading", "byline", "body", "marker", "heading", "lead"]
    items = list(cut_items(paras))
    assert [[p.text for p in item][0] for item in items] == ["某地启动新一轮行动", "另一则消息的标题"]


def test_byline_lines_carry_their_parsed_bylines():
    text = "某地启动新一轮行动\n\n□ 记者 张三 通讯员 李四\n\n正文第一段写完了。\n\n（记者 王五）\n\n记者 赵六 摄\n\n本报讯（记者 孙七）正文。"
    paras = read_paragraphs(text)
    assert [p.tag for p in paras] == ["heading", "byline", "body", "tailbyline", "caption", "lead"]
    assert [[(b.role, b.name) for b in p.bylines] for p in paras] == [
        [], [(Role.REPORTER, "张三"), (Role.CORRESPONDENT, "李四")], [], [(Role.REPORTER, "王五")],
        [(Role.PHOTOGRAPHER, "赵六")], [],
    ]  # a photo credit is a caption with its photographer, and a lead's byline is read by the segmenter


def test_page_furniture_is_tagged_apart_from_headings():
    furniture = [
        "某某晚报 2023年3月6日 星期一", "A05 城事", "第3版：要闻", "03版", "某某日报", "今日8版  第12345期",
        "2023年3月6日 星期一 农历二月十五", "● 城东片区改造启动  详见第2版", "来源：某某网", "发布时间：2023-03-06 10:20",
    ]
    headings = ["5G 新时代来了", "2个项目落地", "热议中国科技", "亚运健儿传喜报"]
    text = "\n".join(furniture + headings) + "\n"
    assert [(p.text, p.tag) for p in read_paragraphs(text)] == [(t, "furniture") for t in furniture] + [(t, "heading") for t in headings]


def test_a_news_site_s_information_line_gives_its_credits_and_a_fact_box_line_stays_text():
    [line] = read_paragraphs("来源：某某网  作者：王芳  发布时间：2023-03-06 10:20\n")
    assert line.tag == "byline" and [(b.role, b.name) for b in line.bylines] == [(Role.WRITER, "王芳")]
    assert [p.tag for p in read_paragraphs("时间：1月6日，美国东部时间21时28分。\n")] == ["body"]


def test_a_brief_s_title_and_lead_on_one_line_are_a_heading_and_a_lead():
    paras = read_paragraphs("新闻速递\n\n图书馆延长开放时间 本报讯 从3月6日起，图书馆周末开放至晚上9点。\n")
    assert [(p.text, p.tag, p.line) for p in paras] == [
        ("新闻速递", "heading", 1), ("图书馆延长开放时间", "heading", 3), ("本报讯 从3月6日起，图书馆周末开放至晚上9点。", "lead", 3),
    ]
    # an ordinary paragraph opening with a phrase and a space stays one body paragraph
    assert [p.tag for p in read_paragraphs("今年以来 全市新增就业岗位2万个，同比增长一成。\n")] == ["body"]


def test_a_wire_end_mark_and_an_app_s_lines_are_the_page_s():
    text = "卫星顺利进入预定轨道。（完）\n完\n点击阅读原文\n长按识别二维码关注我们\n"
    assert [(p.text, p.tag) for p in read_paragraphs(text)] == [
        ("卫星顺利进入预定轨道。", "body"), ("完", "furniture"), ("点击阅读原文", "furniture"),
        ("长按识别二维码关注我们", "furniture"),
    ]
    # 完 inside a sentence or a heading is text
    assert [p.tag for p in read_paragraphs("工程全部完工\n")] == ["heading"]


def test_a_photograph_s_text_over_its_credit_is_a_caption_and_a_story_s_last_paragraph_is_not():
    paras = read_paragraphs("图片新闻\n\n4月11日，市民在滨江公园赏花拍照。\n本报记者 邹航 摄\n")
    assert [(p.tag, [b.name for b in p.bylines]) for p in paras] == [("heading", []), ("caption", []), ("caption", ["邹航"])]
    paras = read_paragraphs("全市启动植树活动\n本报讯 3月5日，全市启动义务植树活动。\n当天植树一万余株。\n记者 邹航 摄\n")
    assert [p.tag for p in paras] == ["heading", "lead", "body", "caption"]


def test_a_brief_with_its_date_first_and_its_writer_last_is_split():
    paras = read_paragraphs("某某区举办春季招聘会 3月4日，某某区举办春季招聘会。（严军）\n")
    assert [(p.text, p.tag) for p in paras] == [("某某区举办春季招聘会", "heading"), ("3月4日，某某区举办春季招聘会。（严军）", "lead")]
    # without the writer's credit it is a paragraph like any other
    assert [p.tag for p in read_paragraphs("今年以来 3月4日，某某区举办春季招聘会。\n")] == ["body"]


def test_an_issue_date_alone_is_furniture_beside_furniture_and_a_heading_elsewhere():
    top = read_paragraphs("某某日报\n2023年3月6日\n标题\n\n本报讯 正文。\n")
    assert [p.tag for p in top][:3] == ["furniture", "furniture", "heading"]
    inside = read_paragraphs("标题\n\n本报讯 正文。\n\n2023年3月6日\n\n又一段正文，今天天气不错，大家都出门了。\n")
    assert [p.tag for p in inside][2] == "heading"
