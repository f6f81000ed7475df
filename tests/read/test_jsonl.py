"""JSON Lines records are named by what identifies them in the world, never by their line."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Page
from kg.read.ingest import read_pages
from kg.read.jsonl import record_id


def _ids(path: Path) -> dict[str, str]:
    """Headline → page id of every record of the file."""
    pages = [p for p in read_pages([path]) if isinstance(p, Page)]
    return {p.headline or "": p.meta.page_id for p in pages}


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_inserting_a_record_renames_no_other(tmp_path: Path):
    records = [{"headline": f"标题{i}", "text": f"正文{i}。", "page": "2"} for i in range(4)]
    before = _ids(_write(tmp_path / "a.jsonl", records))
    after = _ids(_write(tmp_path / "a.jsonl", [{"headline": "新的", "text": "新正文。"}, *records]))
    assert len(set(before.values())) == 4
    assert {h: after[h] for h in before} == before


def test_id_then_url_then_page_and_headline(tmp_path: Path):
    path = _write(tmp_path / "b.jsonl", [
        {"id": 1234, "url": "https://example.org/a", "headline": "甲", "text": "一。"},
        {"url": "https://example.org/a", "headline": "乙", "text": "二。"},
        {"headline": "丙", "text": "三。", "page": 5},
        {"text": "没有标题的正文。"},
    ])
    ids = _ids(path)
    assert ids["甲"] == record_id({"id": "1234"}) and ids["甲"].startswith("id-")
    assert ids["乙"] == record_id({"url": "https://example.org/a"}) and ids["乙"].startswith("url-")
    assert ids["丙"] == record_id({"page": "5", "headline": "丙"}) and ids["丙"].startswith("p5-")
    # Lacking a headline, the opening of the text names the record.
    assert ids[""] == record_id({"text": "没有标题的正文。"}) != record_id({"text": "另一篇正文。"})


def test_records_with_one_name_are_numbered_in_file_order(tmp_path: Path):
    path = _write(tmp_path / "c.jsonl", [{"headline": "同题", "text": f"正文{i}。"} for i in range(3)])
    pages = [p for p in read_pages([path]) if isinstance(p, Page)]
    first = pages[0].meta.page_id
    assert [p.meta.page_id for p in pages] == [first, f"{first}-2", f"{first}-3"]


def test_a_corrected_body_keeps_its_id(tmp_path: Path):
    one = _ids(_write(tmp_path / "d.jsonl", [{"headline": "标题", "text": "原来的正文。"}]))
    two = _ids(_write(tmp_path / "d.jsonl", [{"headline": "标题", "text": "改正后的正文。"}]))
    assert one == two


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(max_size=40))
def test_record_ids_are_safe_path_segments(headline: str, page: str):
    made = record_id({"headline": headline, "page": page})
    assert made == record_id({"headline": headline, "page": page})
    # The digest stands for the headline: no character of it reaches the IRI unescaped but the page's.
    assert made.endswith(record_id({"headline": headline})[2:])


def test_a_scraper_s_field_names_stand_in_for_kg_s(tmp_path: Path):
    records = [
        {"title": "标题一", "content": "正文一。", "author": ["张三", "李四"], "pub_date": "2023/3/6 10:20", "newspaper": "某某报"},
        {"headline": "标题二", "title": "别的", "text": "正文二。", "publish_time": "2023年3月7日", "source": "新华社"},
        {"title": "标题三", "content": "正文三。", "pub_date": "去年"},
        # a flag is no date, and a time with its zone is read in China's time (the paper's day)
        {"title": "标题四", "content": "正文四。", "published": True, "publish_time": "2023-03-07T16:30:00Z"},
    ]
    path = tmp_path / "scraped.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    items = list(read_pages([path], date="2024-01-01"))
    pages = [p for p in items if isinstance(p, Page)]
    got = [(p.headline, p.text, p.byline, p.meta.date, p.meta.paper) for p in pages]
    assert got == [
        ("标题一", "正文一。", "张三 李四", "2023-03-06", "某某报"),
        ("标题二", "正文二。", None, "2023-03-07", None),  # kg's own name wins; a source is no paper
        ("标题三", "正文三。", None, None, None),  # a date given but unreadable: none, not --date
        ("标题四", "正文四。", None, "2023-03-08", None),
    ]
    assert [p.code for p in items if not isinstance(p, Page)] == ["KG105"]


def test_an_empty_field_an_epoch_and_a_clock_time_are_read_as_archives_mean_them(tmp_path: Path):
    records = [
        {"title": "一", "text": "", "content": "正文一。", "date": "", "pub_date": "20230306"},
        {"title": "二", "content": "正文二。", "publish_time": 1678060800},  # 2023-03-06 08:00 in China
        {"title": "三", "content": "正文三。", "time": "10:20"},  # a clock, no date: --date stands
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    pages = [p for p in read_pages([path], date="2024-01-01") if isinstance(p, Page)]
    assert [(p.text, p.meta.date) for p in pages] == [("正文一。", "2023-03-06"), ("正文二。", "2023-03-06"), ("正文三。", "2024-01-01")]


def test_dates_given_as_numbers_blanks_and_stamps_are_read_to_their_day(tmp_path: Path):
    records = [
        {"title": "一", "content": "正文。", "pub_date": 20230306},
        {"title": "二", "content": "正文。", "date": "  ", "pub_date": "2023-03-07"},
        {"title": "三", "content": "正文。", "publish_time": "1678060800"},
        {"title": "四", "content": "正文。", "pub_date": "20230306102000"},
        {"title": "五", "content": "正文。", "pub_date": "2023030610"},  # YYYYMMDDHH, not a Unix time
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    pages = [p for p in read_pages([path]) if isinstance(p, Page)]
    assert [p.meta.date for p in pages] == ["2023-03-06", "2023-03-07", "2023-03-06", "2023-03-06", "2023-03-06"]
