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


SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "pages" / "000_f016006cafbfff82.txt"
OTHER = "外商投资\n\n本报讯（记者 李明）温州市政府昨日与德国西门子公司签约，市长王建国出席仪式。\n"


def _pages() -> list[Page]:
    return [
        Page(PageMeta("sample.txt", paper="荆州日报", date="2023-01-09"), SAMPLE.read_text(encoding="utf-8")),
        Page(PageMeta("other.txt", paper="温州日报", date="2023-02-01"), OTHER),
        Page(PageMeta("empty.txt", paper="温州日报", date="2023-02-01"), ""),
    ]


def test_pages_extracted_together_are_each_extracted_alone():
    from kg.extract.page import extract_pages

    together = extract_pages(_pages())
    assert together == [extract_page(page) for page in _pages()]
    assert sum(len(r.articles) for r in together[:1]) >= 5  # the sample page's articles, all tagged at once
    assert {m.text for a in together[1].articles for m in a.mentions} >= {"温州市政府", "德国西门子公司", "王建国"}


def test_a_page_whose_stages_fail_is_its_error_alone(monkeypatch):
    from kg.extract import page as stages

    real = stages.detect_events

    def events(article, mentions, **kwargs):  # noqa: ANN001, ANN202
        if "西门子" in article.text:
            raise RuntimeError("only this page")
        return real(article, mentions, **kwargs)

    monkeypatch.setattr(stages, "detect_events", events)
    results = stages.extract_pages(_pages())
    assert isinstance(results[1], RuntimeError) and str(results[1]) == "only this page"
    assert results[0] == extract_page(_pages()[0]) and results[2] == extract_page(_pages()[2])


def test_a_tagging_failure_is_retried_page_by_page(monkeypatch):
    from kg.extract import page as stages

    real = stages.tag_articles

    def tag(articles):  # noqa: ANN001, ANN202 - fails on the other page's articles, wherever they are
        if any("西门子" in a.text for a in articles):
            raise MemoryError("too much at once")
        return real(articles)

    monkeypatch.setattr(stages, "tag_articles", tag)
    results = stages.extract_pages(_pages())
    assert isinstance(results[1], MemoryError)
    assert results[0] == extract_page(_pages()[0])  # tagged again on its own
