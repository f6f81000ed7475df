"""The source index: which pages a file built, and what a build of it retracts."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg import errors
from kg.build.sources import SourceIndex, SourceTracker, source_key


def _index(tmp_path: Path, sources: dict[str, list[str]]) -> SourceIndex:
    return SourceIndex(tmp_path / ".sources.json", {source_key(k) or k: v for k, v in sources.items()})


def test_a_file_read_whole_retracts_what_it_no_longer_gives(tmp_path: Path):
    index = _index(tmp_path, {"a.txt": ["page/old", "page/kept"], "b.txt": ["page/b"]})
    seen = SourceTracker()
    seen.page("a.txt", "page/kept")
    seen.page("a.txt", "page/new")
    assert seen.settle(index) == ["page/old"]
    assert index.sources[source_key("a.txt")] == ["page/kept", "page/new"]
    assert index.sources[source_key("b.txt")] == ["page/b"]


def test_a_file_with_a_problem_keeps_its_old_pages(tmp_path: Path):
    index = _index(tmp_path, {"a.jsonl": ["page/1", "page/2"]})
    seen = SourceTracker()
    seen.page("a.jsonl", "page/2")
    seen.problem("a.jsonl", errors.RecordError.code)
    assert seen.settle(index) == []
    assert index.sources[source_key("a.jsonl")] == ["page/1", "page/2"]


def test_harmless_warnings_do_not_hold_back_retraction(tmp_path: Path):
    index = _index(tmp_path, {"a.txt": ["page/old"]})
    seen = SourceTracker()
    seen.page("a.txt", "page/new")
    seen.problem("a.txt", errors.MissingMetadataWarning.code)
    assert seen.settle(index) == ["page/old"]


def test_a_page_another_file_now_builds_moves_to_it(tmp_path: Path):
    index = _index(tmp_path, {"old-name.txt": ["page/p"]})
    seen = SourceTracker()
    seen.page("new-name.txt", "page/p")
    assert seen.settle(index) == []
    assert index.sources[source_key("old-name.txt")] == [] and index.sources[source_key("new-name.txt")] == ["page/p"]


def test_under_a_folder_and_missing_files(tmp_path: Path):
    (tmp_path / "pages").mkdir()
    here = tmp_path / "pages" / "a.txt"
    here.write_text("x", encoding="utf-8")
    index = SourceIndex(tmp_path / ".sources.json", {
        str(here): ["p/a"], str(tmp_path / "pages" / "gone.txt"): ["p/g"], str(tmp_path / "pages2.txt"): ["p/2"],
    })
    # A folder names the files under it, not a file whose name merely starts the same.
    assert index.under([str(tmp_path / "pages")]) == sorted([str(here), str(tmp_path / "pages" / "gone.txt")])
    assert index.missing() == sorted([str(tmp_path / "pages" / "gone.txt"), str(tmp_path / "pages2.txt")])
    assert index.forget(index.missing()) == ["p/2", "p/g"] and list(index.sources) == [str(here)]


def test_the_index_round_trips_and_survives_a_broken_file(tmp_path: Path):
    index = _index(tmp_path, {"报纸/一版.txt": ["https://kg.example.org/page/某报/2023-01-09/1"]})
    index.save()
    assert SourceIndex.load(tmp_path).sources == index.sources
    (tmp_path / ".sources.json").write_text("{not json", encoding="utf-8")
    assert SourceIndex.load(tmp_path).sources == {}


def test_standard_input_is_never_indexed(tmp_path: Path):
    from kg.read.stdin import SPOOL_PREFIX

    seen = SourceTracker()
    seen.page("<stdin>", "page/x")
    seen.page(str(tmp_path / f"{SPOOL_PREFIX}abc" / "stdin.txt"), "page/y")  # gone when the build ends
    assert source_key("-") is None and seen.pages == {}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["p1", "p2", "p3", "p4"]), max_size=4),
       st.lists(st.sampled_from(["p1", "p2", "p3", "p4"]), min_size=1, max_size=4))
def test_retracted_and_kept_partition_the_old_pages(old: list[str], new: list[str]):
    index = SourceIndex(Path(os.devnull), {source_key("f.txt") or "": sorted(set(old))})
    seen = SourceTracker()
    for page in new:
        seen.page("f.txt", page)
    stale = seen.settle(index)
    kept = index.sources.get(source_key("f.txt") or "", sorted(set(old)))
    # (A file that gave no page at all read with a problem, and is never settled.)
    assert set(stale) == set(old) - set(new) and not set(stale) & set(kept) and set(kept) == set(new)


ISSUE_PAGES = {
    "01": "某某日报 2023年3月6日 星期一\n\n第01版：要闻\n\n全市春耕生产全面铺开\n\n本报讯 3月5日,全市各地抢抓农时,春耕生产全面铺开。\n",
    "02": "某某日报 2023年3月6日 星期一\n\n第02版：民生\n\n社区食堂开进老小区\n\n本报讯 3月4日,全市第十家社区食堂开业。\n",
    "03": "某某日报 2023年3月6日 星期一\n\n第03版：城事\n\n东门老街完成改造\n\n本报讯 经过一年改造,东门老街于近日完工。\n",
}


def _build_issue(issue: Path, out: Path, pages: list[str]) -> tuple[list[str], list[str]]:
    """Build the issue file with these pages; the file's indexed page IRIs and the store's headlines."""
    from kg.build.pipeline import BuildOptions, build_graph
    from kg.graph.store import GraphStore

    from tests.conftest import FIXED_CLOCK

    issue.write_text("\n".join(ISSUE_PAGES[p] for p in pages), encoding="utf-8")
    build_graph([issue], out=out, options=BuildOptions(use_tagger=False, views=False, ttl=False, workers=1, now=FIXED_CLOCK))
    store = GraphStore.open(out, read_only=True)
    headlines = sorted(row["h"].value for row in store.query("SELECT ?h WHERE { ?a schema:headline ?h }"))
    return SourceIndex.load(out).sources[source_key(str(issue)) or ""], headlines


def test_a_file_of_several_pages_records_each_and_retracts_one_it_no_longer_holds(tmp_path: Path):
    issue, out = tmp_path / "issue.txt", tmp_path / "out"
    iris, headlines = _build_issue(issue, out, ["01", "02", "03"])
    assert [iri.rsplit("/", 1)[1] for iri in iris] == ["issue-01", "issue-02", "issue-03"]
    assert all("/某某日报/2023-03-06/" in iri for iri in iris)
    assert headlines == ["东门老街完成改造", "全市春耕生产全面铺开", "社区食堂开进老小区"]
    kept, headlines = _build_issue(issue, out, ["01", "03"])
    assert kept == [iris[0], iris[2]]
    assert headlines == ["东门老街完成改造", "全市春耕生产全面铺开"]


def test_two_files_giving_one_page_iri_are_warned_of(tmp_path: Path):
    from kg.build.pipeline import BuildOptions, build_graph

    for folder, text in (("x", "老街改造完成\n\n本报讯 老街改造工程近日完工。\n"), ("y", "大桥通车\n\n本报讯 大桥昨日正式通车。\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "A05.txt").write_text(text, encoding="utf-8")
    options = BuildOptions(use_tagger=False, views=False, workers=1, paper="某报", date="2023-03-06")
    report = build_graph([tmp_path / "x", tmp_path / "y"], out=tmp_path / "out", options=options)
    assert [(p.source.rsplit("/", 2)[-2], p.code) for p in report.problems] == [("y", "KG112")]
