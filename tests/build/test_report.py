"""report.json is cumulative: the whole graph's counts, as the store holds them, beside this run's inputs.

A rebuild that touches one input of several keeps the graph's totals right, and the event
count is the graph's event nodes (not the event mentions of the run's pages).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.build.pipeline import BuildOptions, build_graph
from kg.build.report import BuildReport, GraphCounts, count_graph
from kg.graph.store import GraphStore
from tests.conftest import FIXED_CLOCK, SAMPLE_DIR, SAMPLE_PAGE

OPTIONS = BuildOptions(use_tagger=False, views=False, ttl=False, workers=1, now=FIXED_CLOCK)
RECORDS = [
    {"headline": "武汉市召开春运工作会议", "date": "2023-01-09", "paper": "长江日报", "page": "1",
     "text": "本报讯（记者张明金）1月8日，武汉市交通运输局召开春运工作会议。副市长李红出席会议并讲话。"
             "她说：“要保障旅客平安出行。”"},
    {"headline": "宜昌市举办迎春灯会", "date": "2023-01-09", "paper": "长江日报", "page": "2",
     "text": "1月8日，宜昌市文化和旅游局在滨江公园举办迎春灯会，市民王小红带着孩子前来观看。"},
]
PREFIXES = "PREFIX schema: <https://schema.org/>\nPREFIX kg: <https://kg.example.org/ontology#>\n"


def _build(paths: list[Path], out: Path) -> dict:
    report = build_graph(paths, out=out, options=OPTIONS)
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert on_disk == report.to_json()
    return on_disk


def _count(out: Path, sparql: str) -> int:
    store = GraphStore.open(out, read_only=True)
    try:
        (row,) = list(store.query(PREFIXES + sparql))
        return int(row[0].value)
    finally:
        store.close()


@pytest.fixture
def two_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the sample page (with its sidecar) and a JSON Lines file of two articles."""
    pages = tmp_path / "pages"
    shutil.copytree(SAMPLE_DIR, pages)
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return pages / SAMPLE_PAGE.name, records


def test_the_event_count_is_the_graph_s_event_nodes(tmp_path: Path) -> None:
    """Why 23 and 30 differed: 30 event mentions on the page, 23 events once resolved."""
    report = _build([SAMPLE_PAGE], tmp_path)
    nodes = _count(tmp_path, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event }")
    named = _count(tmp_path, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m kg:denotes ?e . ?e a schema:Event }")
    assert report["totals"]["events"] == report["graph"]["events"] == nodes > 0
    (entry,) = report["inputs"]
    assert entry["event_mentions"] == report["graph"]["event_mentions"] == named > nodes
    assert "events" not in entry  # an input's events were mentions: now named so
    assert report["graph"]["kinds"] == {"article": 8, "notice": 1} and report["graph"]["bylined"] == 7
    assert report["graph"]["mentions"] == entry["mentions"] and report["graph"]["quotations"] > 0
    assert report["graph"]["quads"] == report["totals"]["quads"] == len(GraphStore.open(tmp_path, read_only=True))


def test_a_rebuild_of_one_input_keeps_the_whole_graph_s_totals(two_inputs: tuple[Path, Path], tmp_path: Path) -> None:
    page, records = two_inputs
    first = _build([page, records], tmp_path / "out")
    assert first["graph"]["items"] == first["run"]["items"] == 9 + len(RECORDS)
    page.write_text(page.read_text(encoding="utf-8").replace("荆州", "荆沙"), encoding="utf-8")
    again = _build([page], tmp_path / "out")  # the records are not given again: they stay in the graph
    assert again["run"]["status"] == {"built": 1} and [Path(e["source"]).name for e in again["inputs"]] == [page.name]
    assert again["run"]["items"] == 9 and again["graph"]["items"] == 9 + len(RECORDS)
    assert again["graph"]["pages"] == 1 + len(RECORDS)
    # The graph's counts are those of a fresh build of the same two inputs.
    fresh = _build([page, records], tmp_path / "fresh")
    keys = ("pages", "items", "kinds", "bylined", "mentions", "event_mentions", "entities", "quotations")
    assert {k: again["graph"][k] for k in keys} == {k: fresh["graph"][k] for k in keys}
    assert again["totals"]["items"] == again["graph"]["items"] and again["totals"]["inputs"] == 1
    events = _count(tmp_path / "out", "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event }")
    assert again["graph"]["events"] == again["totals"]["events"] == events > 0


def test_an_unchanged_rebuild_reports_the_same_graph(tmp_path: Path) -> None:
    first = _build([SAMPLE_PAGE], tmp_path)
    again = _build([SAMPLE_PAGE], tmp_path)
    assert again["run"]["status"] == {"unchanged": 1} and again["run"]["pages"] == {"built": 0, "unchanged": 1, "retracted": 0}
    assert again["run"]["items"] == 0 and again["run"]["event_mentions"] == 0
    assert again["graph"] == first["graph"] and again["totals"] == {**first["totals"], "status": {"unchanged": 1}}


def test_count_graph_on_an_empty_store_and_a_report_not_yet_counted() -> None:
    store = GraphStore.open(None)
    assert count_graph(store) == GraphCounts()
    report = BuildReport(version="0", started="2024-01-01T00:00:00+00:00", out="x")
    report.finish(ended="2024-01-01T00:00:01+00:00", events=4, quads=99)
    data = report.to_json()
    assert data["graph"] is None and data["totals"]["events"] == data["run"]["events"] == 4
    assert data["totals"]["quads"] == 99
    report.count_graph(store)
    assert report.to_json()["graph"]["quads"] == report.to_json()["totals"]["quads"] == 0
