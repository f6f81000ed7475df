"""The per-page stages: profile, segment, bylines, recognize, resolve, events."""

from __future__ import annotations

import json
from pathlib import Path

from kg.extract.page import extract_page, profiled
from kg.model import Page, PageMeta
from kg.read.ingest import read_pages

PAGE = "标题\n\n本报讯（记者 张三）我市今天召开会议。\n"


def _page(tmp_path: Path, paper: str) -> Page:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"paper": paper, "date": "2023-01-09"}), encoding="utf-8")
    (page,) = [p for p in read_pages([tmp_path / "a.txt"]) if isinstance(p, Page)]
    return page


def test_a_city_paper_is_profiled_with_its_city_and_province(tmp_path: Path):
    meta = profiled(_page(tmp_path, "荆州日报")).meta
    assert (meta.home_city, meta.province, meta.home_county) == ("荆州市", "湖北省", None)


def test_a_county_paper_s_pages_carry_its_county(tmp_path: Path):
    meta = profiled(_page(tmp_path, "宜都报")).meta
    assert (meta.home_city, meta.province, meta.home_county) == ("宜昌市", "湖北省", "宜都市")


def test_an_unknown_paper_has_no_home(tmp_path: Path):
    meta = profiled(_page(tmp_path, "某报")).meta
    assert (meta.home_city, meta.province, meta.home_county) == (None, None, None)


def test_homes_given_in_the_metadata_are_kept():
    page = Page(PageMeta("x.txt", paper="荆州日报", home_city="宜昌市", province="湖北省"), "正文")
    assert profiled(page) is page


def test_the_record_carries_the_profiled_metadata_and_the_hash(tmp_path: Path):
    result = extract_page(_page(tmp_path, "荆州日报"), use_tagger=False, content_hash="abc")
    assert result.record.content_hash == "abc"
    assert result.record.meta.home_city == "荆州市"
    assert [a.article.meta.home_city for a in result.articles] == ["荆州市"] * len(result.articles)
    assert result.articles and result.articles[0].article.bylines[0].name == "张三"
