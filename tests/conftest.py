"""Shared fixtures. Append new fixtures at the end; name them for what they hold."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kg.extract.page import profiled
from kg.model import Article, Page
from kg.read.ingest import read_pages
from kg.read.segment import segment_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "pages"
SAMPLE_PAGE = SAMPLE_DIR / "000_f016006cafbfff82.txt"
TEST_DATA = Path(__file__).resolve().parent / "data"
FIXED_CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def sample_page() -> Page:
    """The real sample page of 荆州日报, 2023-01-09, with its sidecar metadata and its paper's homes."""
    pages = [p for p in read_pages([SAMPLE_PAGE]) if isinstance(p, Page)]
    assert len(pages) == 1
    return profiled(pages[0])


@pytest.fixture(scope="session")
def sample_articles(sample_page: Page) -> tuple[Article, ...]:
    """The sample page cut into items, bylines parsed."""
    return segment_page(sample_page)


@pytest.fixture(scope="session")
def sample_graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample page built once (no tagger, no views, fixed clock) into a folder.

    Read it only: open its store with ``GraphStore.open(dir, read_only=True)``.
    """
    from kg.build.pipeline import BuildOptions, build_graph

    out = tmp_path_factory.mktemp("sample-graph")
    options = BuildOptions(use_tagger=False, views=False, workers=1, now=FIXED_CLOCK)
    build_graph([SAMPLE_PAGE], out=out, options=options)
    return out


HOSTILE_HEADLINES = ("<img src=x onerror=alert(1)>荆州召开安全大会", "</script><script>alert(1)</script>石首")
HOSTILE_PAGE = f"""{HOSTILE_HEADLINES[0]}

□ 记者 王子瑶

本报讯 1月8日，荆州市召开安全生产工作会议。<img src=x onerror=alert(1)>市委书记吴锦在会上讲话。\
</script><script>alert(1)</script>公安县负责人参加会议。

{HOSTILE_HEADLINES[1]}

□ 记者 张明金

本报讯 1月8日，石首市</script><script>alert(1)</script>举行春运启动仪式。\
<img src=x onerror=alert(1)>公安县交通运输局参加。
"""


@pytest.fixture(scope="session")
def hostile_graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph built from a .txt page whose headlines and bodies hold HTML and script tags.

    The headlines are ``HOSTILE_HEADLINES``; both bodies hold ``<img src=x onerror=…>``
    and ``</script><script>alert(1)</script>``. Read only.
    """
    import json

    from kg.build.pipeline import BuildOptions, build_graph

    pages = tmp_path_factory.mktemp("hostile-pages")
    (pages / "evil.txt").write_text(HOSTILE_PAGE, encoding="utf-8")
    (pages / "evil.json").write_text(json.dumps({"paper": "荆州日报", "date": "2023-01-09"}), encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-graph")
    build_graph([pages], out=out, options=BuildOptions(use_tagger=False, views=False, workers=1, now=FIXED_CLOCK))
    return out


SCALE_RECORDS = (
    {"headline": "全国政协召开座谈会", "paper": "人民日报", "date": "1998-01-05", "page": "01",
     "text": "全国政协1月4日在北京召开迎新春座谈会。全国政协主席李瑞环出席座谈会并讲话。"},
    {"headline": "湖北省召开春运工作会议", "paper": "人民日报", "date": "1998-01-06", "page": "02",
     "text": "湖北省交通厅1月5日在武汉市召开春运工作会议。副省长王生铁出席春运工作会议。"},
    {"headline": "图片新闻", "paper": "人民日报", "date": "1998-01-06", "page": "02",
     "text": "荆州市公安局民警在沙市区街头执勤。"},
    {"headline": "图片新闻", "paper": "人民日报", "date": "1998-01-06", "page": "02",
     "text": "广东省广州市的北京路。"},
    {"headline": "上海举办科技节", "paper": "解放日报", "date": "1998-01-07", "page": "03",
     "text": "第三届上海科技节1月6日在上海市开幕。上海市科学技术委员会主办本届科技节。"},
    {"headline": "新闻简讯", "paper": "人民日报", "page": "04",
     "text": "国务院新闻办公室昨天举行记者招待会。外交部发言人唐国强回答记者提问。"},
)


@pytest.fixture(scope="session")
def scale_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Build inputs for the parallel and Dask tests: the sample page and a JSON Lines
    file of ``SCALE_RECORDS`` (six short articles, events in three, one undated)."""
    import json

    folder = tmp_path_factory.mktemp("scale-inputs")
    jsonl = folder / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in SCALE_RECORDS), encoding="utf-8")
    return [SAMPLE_PAGE, jsonl]


def _as_one_build(quads):  # noqa: ANN001, ANN202 - quads → comparable tuples
    """Quads as string tuples, with every build's IRI the same and the provenance graph left out.

    Two stores built from the same pages differ in which build made what when one of
    them rebuilt pages the other skipped (a rerun after a failure re-extracts every page).
    """
    import re

    from kg.graph.namespace import Minter
    from kg.graph.rdf import PROVENANCE

    builds = re.compile(re.escape(Minter().base) + r"build/[^/>]+")
    provenance = Minter().graph(PROVENANCE)
    return {
        tuple(builds.sub("BUILD", str(term)) for term in (q.subject, q.predicate, q.object, q.graph_name))
        for q in quads
        if q.graph_name.value != provenance
    }


@pytest.fixture(scope="session")
def as_one_build():  # noqa: ANN201
    """The function that makes stores comparable across builds (see ``_as_one_build``)."""
    return _as_one_build


def assert_lookahead_keeps_matches(pattern: re.Pattern[str], opens: str, text: str) -> None:
    """A pattern that starts with the lookahead ``opens`` (its first characters, said up front for
    speed) matches ``text`` where the same pattern without it does."""
    full = re.compile(pattern.pattern.removeprefix(opens))
    assert full.pattern != pattern.pattern
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in full.finditer(text)]
