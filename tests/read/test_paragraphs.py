"""Paragraphs: re-joined column breaks, repeats once, tags, and where items start."""

from __future__ import annotations

from kg.model import Role
from kg.read.paragraphs import cut_items, read_paragraphs


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
        [], [(Role.REPORTER, "张三"), (Role.CORRESPONDENT, "李四")], [], [(Role.REPORTER, "王五")], [], [],
    ]  # a photo credit is a caption, and a lead's byline is read by the segmenter
