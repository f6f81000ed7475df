"""Reading inputs: encodings, sidecars, JSON Lines, and every kind of bad file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg import errors
from kg.read.ingest import check_date, count_pages, decode_bytes, iter_input_files, read_pages
from kg.model import InputProblem, Page

PAGE = "春运首日客流平稳\n\n本报讯(记者张三)1月7日,全市道路运输安全运送旅客5万人次。\n"


def _read(*paths, **options) -> tuple[list[Page], list[InputProblem]]:
    items = list(read_pages(paths, **options))
    return [i for i in items if isinstance(i, Page)], [i for i in items if isinstance(i, InputProblem)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_are_detected(tmp_path: Path, encoding: str):
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.encode(encoding))
    pages, problems = _read(path)
    assert problems == []
    assert pages[0].text == PAGE


def test_control_characters_inside_text(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_bytes("标题\r\n\r\n正文\x07第一段。\x1b\r\n".encode())
    (page,), problems = _read(path)
    assert page.text == "标题\n\n正文第一段。\n"
    assert problems == []


def test_empty_binary_and_undecodable_files_are_named(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "latin.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    pages, problems = _read(tmp_path)
    assert [Path(p.meta.source).name for p in pages] == ["good.txt"]
    codes = {Path(p.source).name: p.code for p in problems}
    assert codes["empty.txt"] == errors.EmptyInputError.code
    assert codes["binary.txt"] == errors.BinaryInputError.code
    assert codes["latin.txt"] == errors.EncodingError.code


def test_invalid_utf8_in_the_middle_is_replaced_and_reported(tmp_path: Path):
    good = PAGE * 20
    data = good.encode() + b"\xff\xfe bad \xc3" + good.encode()
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    (page,), (problem,) = _read(path)
    assert problem.code == errors.EncodingError.code
    assert problem.line == good.count("\n") + 1
    assert "\ufffd" in page.text and page.text.startswith(good)


def test_decode_reports_line_of_first_bad_byte():
    with pytest.raises(errors.EncodingError) as info:
        decode_bytes(b"ok\nok\n" + bytes(range(0x80, 0x100)) * 4, source="x.txt")
    assert info.value.line == 3


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "secret.txt"
    path.write_text(PAGE, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(PAGE, encoding="utf-8")
    if os.geteuid() == 0:  # root reads any file: make the read itself fail
        real = Path.read_bytes

        def deny(self: Path) -> bytes:
            if self.name == "secret.txt":
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", deny)
    else:
        path.chmod(0)
    pages, (problem,) = _read(tmp_path)
    assert problem.code == errors.UnreadableInputError.code and problem.source.endswith("secret.txt")
    assert [Path(p.meta.source).name for p in pages] == ["fine.txt"]


def test_missing_file_is_reported(tmp_path: Path):
    _, (problem,) = _read(tmp_path / "nope.txt")
    assert problem.code == errors.UnreadableInputError.code


def test_sidecar_gives_metadata_and_options_are_fallback(tmp_path: Path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"paper": "荆州日报", "date": "2023-01-09", "page": "3"}), encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")
    pages, problems = _read(tmp_path, paper="某报", date="2024-05-06")
    metas = {Path(p.meta.source).name: p.meta for p in pages}
    assert problems == []
    assert (metas["a.txt"].paper, metas["a.txt"].date, metas["a.txt"].page_id) == ("荆州日报", "2023-01-09", "3")
    assert (metas["b.txt"].paper, metas["b.txt"].date, metas["b.txt"].page_id) == ("某报", "2024-05-06", "b")


def test_reading_knows_no_geography(tmp_path: Path):
    """A paper's homes are extraction's business (kg.extract.page.profiled), not reading's."""
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"paper": "荆州日报", "date": "2023-01-09"}), encoding="utf-8")
    (page,), _ = _read(tmp_path)
    assert (page.meta.home_city, page.meta.province, page.meta.home_county) == (None, None, None)


def test_no_date_is_never_guessed(tmp_path: Path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (page,), _ = _read(tmp_path)
    assert page.meta.date is None


def test_impossible_sidecar_date_is_reported_and_dropped(tmp_path: Path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"paper": "某报", "date": "2023-02-30"}', encoding="utf-8")
    (page,), (problem,) = _read(tmp_path, date="2024-01-01")
    assert problem.code == errors.MetadataError.code and problem.source.endswith("a.json")
    assert page.meta.date is None and page.meta.paper == "某报"


def test_check_date():
    assert check_date("2023-01-09", source="x") == "2023-01-09"
    for bad in ("2023-13-01", "2023-02-30", "20230109", "yesterday"):
        with pytest.raises(errors.MetadataError):
            check_date(bad, source="x")


def test_jsonl_keeps_good_records_and_reports_the_bad_one(tmp_path: Path):
    lines = [
        json.dumps({"headline": "甲", "text": "正文一。", "byline": "记者 张三", "date": "2023-01-09", "paper": "某报", "page": "1"}, ensure_ascii=False),
        '{"headline": "乙", "text": ',
        "",
        json.dumps({"headline": "丙", "text": "正文三。", "url": "https://example.org/3"}, ensure_ascii=False),
        json.dumps({"headline": "丁"}, ensure_ascii=False),
        json.dumps({"headline": "戊", "text": "正文五。", "date": "2023-02-31"}, ensure_ascii=False),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages, problems = _read(path, paper="默认报")
    # An impossible date costs the record its date, not the record (戊 is built undated).
    assert [(p.headline, p.line, p.meta.date) for p in pages] == [("甲", 1, "2023-01-09"), ("丙", 4, None), ("戊", 6, None)]
    assert pages[0].byline == "记者 张三" and pages[0].meta.page == "1"
    # Each record is its own unit: records of one printed page never replace each other.
    assert pages[0].meta.page_id.startswith("p1-") and pages[2].meta.page_id.startswith("p-")
    assert pages[1].meta.page_id.startswith("url-")
    assert pages[1].meta.paper == "默认报" and pages[1].meta.url == "https://example.org/3"
    assert [(p.line, p.code) for p in problems] == [
        (2, errors.RecordError.code),
        (5, errors.RecordError.code),
        (6, errors.MetadataError.code),
    ]


def test_folders_are_searched_recursively_in_a_stable_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p, _ in iter_input_files([tmp_path, tmp_path / "a.txt"])]
    assert found == ["a.txt", "b/z.txt"]


def test_unsupported_file_named_explicitly(tmp_path: Path):
    path = tmp_path / "page.pdf"
    path.write_bytes(b"%PDF-1.4")
    _, (problem,) = _read(path)
    assert problem.code == errors.InputError.code


def test_a_page_s_masthead_or_file_name_dates_it_when_no_option_or_sidecar_does(tmp_path: Path):
    (tmp_path / "a.txt").write_text("某某晚报 2023年3月6日 星期一\nA05 城事\n\n标题\n\n本报讯 正文。\n", encoding="utf-8")
    (tmp_path / "2023-03-07_b.txt").write_text("标题\n\n本报讯 正文。\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("某某晚报 2023年3月6日 星期一\n\n标题\n", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"date": None}), encoding="utf-8")  # the date is unknown: said so
    pages = {p.meta.page_id: p.meta for p in read_pages([tmp_path]) if isinstance(p, Page)}
    assert (pages["a"].paper, pages["a"].date, pages["a"].page) == ("某某晚报", "2023-03-06", "A05")
    assert (pages["2023-03-07_b"].paper, pages["2023-03-07_b"].date) == (None, "2023-03-07")
    assert (pages["c"].paper, pages["c"].date) == ("某某晚报", None)
    given = {p.meta.page_id: p.meta for p in read_pages([tmp_path], paper="某报", date="2024-01-01") if isinstance(p, Page)}
    assert (given["a"].paper, given["a"].date) == ("某报", "2024-01-01")  # the user's options come first


def test_a_page_given_as_text_takes_what_its_masthead_prints():
    from kg.read.ingest import page_from_text

    meta = page_from_text("某某晚报 2023年3月6日 星期一\nA05 城事\n\n标题\n").meta
    assert (meta.paper, meta.date, meta.page, meta.page_id) == ("某某晚报", "2023-03-06", "A05", "text")
    assert page_from_text("某某晚报 2023年3月6日 星期一\n", paper="某报").meta.paper == "某报"


ISSUE = """某某日报 2023年3月6日 星期一

第01版：要闻

全市春耕生产全面铺开

本报讯 3月5日,全市各地抢抓农时,春耕生产全面铺开,已完成春播面积十二万亩。

第01版：要闻

城区新增三座口袋公园

本报讯 记者从市园林局获悉,城区今年新建的三座口袋公园已于近日开放。

某某日报 2023年3月6日 星期一

第02版：民生

社区食堂开进老小区

本报讯 3月4日,全市第十家社区食堂在东门社区开业,老人就餐可享优惠。

某某日报 2023年3月6日 星期一

第03版：城事

老街换新颜

本报讯 经过一年改造,东门老街于近日完工,沿街商铺陆续开业。

01 老街新生

改造保留了老街原有的青砖黛瓦,新增了排水和照明设施。

02 居民回迁

首批居民已于上周回迁,街坊们说老街的烟火气又回来了。
"""


def _headlines(page: Page) -> list[str | None]:
    from kg.read.segment import segment_page

    return [article.headline for article in segment_page(page)]


def test_a_file_of_several_pages_is_read_as_its_pages(tmp_path: Path):
    (tmp_path / "2023-03-06.txt").write_text(ISSUE, encoding="utf-8")
    pages, problems = _read(tmp_path)
    assert problems == []
    assert [(p.meta.page_id, p.meta.page) for p in pages] == [
        ("2023-03-06-01", "01"), ("2023-03-06-02", "02"), ("2023-03-06-03", "03")
    ]
    assert {(p.meta.paper, p.meta.date) for p in pages} == {("某某日报", "2023-03-06")}
    # A label printed again heads no page; a feature's numbered subheads (01 老街新生) neither.
    assert [_headlines(p) for p in pages] == [
        ["全市春耕生产全面铺开", "城区新增三座口袋公园"], ["社区食堂开进老小区"], ["老街换新颜"]
    ]
    # Each later page opens with the issue line printed above its label; no line is lost.
    assert pages[1].text.startswith("某某日报 2023年3月6日 星期一\n\n第02版：民生\n")
    assert "02 居民回迁" in pages[2].text
    assert "\n".join(p.text for p in pages) == ISSUE
    assert count_pages([tmp_path]) == 3


def test_an_export_that_breaks_its_lines_short_is_cut_too(tmp_path: Path):
    lines = "本报讯 3月5日,全市各地\n抢抓农时,春耕生产全面\n铺开。\n"
    (tmp_path / "a.txt").write_text(f"第1版\n标题\n{lines}\n第2版\n标题二\n{lines}", encoding="utf-8")
    pages, _ = _read(tmp_path)
    assert [(p.meta.page_id, _headlines(p)) for p in pages] == [("a-1", ["标题"]), ("a-2", ["标题二"])]


def test_letter_labels_and_a_contents_list_above_the_pages(tmp_path: Path):
    text = (f"A01 要闻\nA08 体育\nB01 城事\n\nA01 要闻\n\n标题一\n\n{BODY}\n\n"
            f"A08 体育\n\n标题二\n\n{BODY}\n\nB01 城事\n\n标题三\n\n{BODY}\n")
    (tmp_path / "issue.txt").write_text(text, encoding="utf-8")
    pages, _ = _read(tmp_path)
    assert [(p.meta.page_id, p.meta.page) for p in pages] == [("issue-A01", "A01"), ("issue-A08", "A08"), ("issue-B01", "B01")]
    assert pages[0].text.startswith("A01 要闻\nA08 体育\nB01 城事\n")  # the contents stay on the first page
    assert [_headlines(p) for p in pages] == [["标题一"], ["标题二"], ["标题三"]]


BODY = "本报讯 3月5日,全市各地抢抓农时,春耕生产全面铺开。"


@pytest.mark.parametrize("text", [
    f"第01版：要闻\n\n标题\n\n{BODY}\n",  # one label: the page's own
    f"第01版：要闻\n\n标题\n\n{BODY}\n\n第01版：要闻\n\n标题二\n\n{BODY}\n",  # printed again
    f"标题\n\n{BODY}\n\n第01版\n\n标题二\n\n{BODY}\n\n第02版\n\n标题三\n\n{BODY}\n",  # no label opens it
    f"A05 城事\n\n标题\n\n01 老街新生\n\n{BODY}\n\n02 居民回迁\n\n{BODY}\n",  # subheads of another form
    f"05 城事\n\n标题\n\n01 老街新生\n\n{BODY}\n\n02 居民回迁\n\n{BODY}\n",  # earlier pages' numbers
    f"第01版\n第02版\n第03版\n\n标题\n\n{BODY}\n",  # a contents list: only the last heads text
    f"第01版：要闻\n\n导读\n第02版：民生\n社区食堂开进老小区\n第03版：城事\n老街换新颜\n\n标题\n\n{BODY}\n",  # a guide
])
def test_a_file_of_one_page_stays_one_page_with_its_id(tmp_path: Path, text: str):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (page,), _ = _read(tmp_path)
    assert (page.meta.page_id, page.text) == ("a", text)
    assert count_pages([tmp_path]) == 1


def test_a_sidecar_s_page_keeps_a_file_of_several_one_page(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ISSUE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"page": "7"}), encoding="utf-8")
    (tmp_path / "b.txt").write_text(ISSUE, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"paper": "另一日报", "date": "2023-03-07"}), encoding="utf-8")
    pages, _ = _read(tmp_path)
    assert [(p.meta.page_id, p.meta.page, p.meta.paper) for p in pages] == [
        ("7", "7", "某某日报"),
        ("b-01", "01", "另一日报"), ("b-02", "02", "另一日报"), ("b-03", "03", "另一日报"),
    ]
    assert {p.meta.date for p in pages[1:]} == {"2023-03-07"}


def test_a_text_of_several_pages_given_as_a_string_is_one_page():
    from kg.read.ingest import page_from_text

    page = page_from_text(ISSUE)
    assert (page.meta.page, page.meta.page_id, page.text) == ("01", "text", ISSUE)


def test_issue_pages_follow_their_section_letters_and_a_guide_s_bare_labels_start_none():
    from kg.read.issue import split_pages

    body = "青禾区老街改造工程近日完工，街面焕然一新，市民纷纷前来游览。"
    letters = f"A01 要闻\n标题一\n{body}\nG20 峰会开幕\n{body}\nA02 城事\n标题二\n{body}\n"
    assert [p.page for p in split_pages(letters)] == ["A01", "A02"]  # G20 is a headline, no page
    guide = (f"第01版：要闻\n标题一\n{body}\n导读\n第02版\n全市春耕生产全面展开，各区县抓紧落实惠农政策。\n"
             f"第02版：民生\n标题二\n{body}\n")
    assert [(p.page, p.text.split("\n")[0]) for p in split_pages(guide)] == [("01", "第01版：要闻"), ("02", "第02版：民生")]


def test_a_date_in_the_folder_s_name_dates_its_pages(tmp_path: Path):
    for day in ("2023-03-06", "2023-03-07"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "A05.txt").write_text("标题\n\n本报讯 正文。\n", encoding="utf-8")
    dates = sorted(p.meta.date for p in read_pages([tmp_path]) if isinstance(p, Page))
    assert dates == ["2023-03-06", "2023-03-07"]


@pytest.mark.parametrize("labels", [
    ["第01版：要闻", "第02版：综合", "第03版：健康专版", "第04版：文体"],  # a section named …版
    ["第01版", "第02版：综合", "第03版：文体"],  # a front page printed without its section
    ["A01 要闻", "A02 综合", "C01 体育", "C02 文娱"],  # a section missing from the export
])
def test_issue_files_of_other_label_shapes_are_cut_at_every_page(labels):
    from kg.read.issue import split_pages

    body = "青禾区老街改造工程近日完工，街面焕然一新，市民纷纷前来游览。"
    text = "".join(f"{label}\n标题\n{body}\n" for label in labels)
    assert len(split_pages(text)) == len(labels)


def test_a_folder_named_for_a_range_of_days_dates_nothing(tmp_path: Path):
    (tmp_path / "20230301-20230331").mkdir()
    (tmp_path / "20230301-20230331" / "A05.txt").write_text("标题\n\n本报讯 正文。\n", encoding="utf-8")
    [page] = [p for p in read_pages([tmp_path]) if isinstance(p, Page)]
    assert page.meta.date is None


def test_an_issue_s_subheads_and_a_front_page_guide_start_no_page():
    from kg.read.issue import split_pages

    body = "青禾区老街改造工程近日完工，街面焕然一新，市民纷纷前来游览。"
    subheads = f"A04 城事\n标题\n{body}\nG1 京哈高速\n{body}\nG2 京沪高速\n{body}\nA05 城事\n标题\n{body}\n"
    assert [p.page for p in split_pages(subheads)] == ["A04", "A05"]
    guide = (f"第01版\n标题\n{body}\n今日导读\n第02版：民生\n我市春季招聘会提供岗位一万余个，八千余名求职者入场。\n"
             f"第03版：文体\n全市运动会开幕，三千名运动员参加比赛项目。\n第02版\n标题二\n{body}\n第03版\n标题三\n{body}\n")
    assert [(p.page, p.text.split("\n")[0]) for p in split_pages(guide)] == [("01", "第01版"), ("02", "第02版"), ("03", "第03版")]


def test_a_file_name_with_an_issue_date_and_another_takes_the_first_and_a_range_none():
    from kg.read.ingest import date_in_name

    assert date_in_name("rmrb_20230306_v2_20230310") == "2023-03-06"
    assert date_in_name("2023-03-01至2023-03-31") is None and date_in_name("20230301-20230331") is None
