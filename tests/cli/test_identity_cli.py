"""Identity that survives correction, through the CLI: a rebuild replaces, `kg remove` takes out.

Each test replays a case of issue #21's first problem: a corrected --date, a record
inserted at the top of a JSON Lines file, a page or a file removed, a failed first build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import errors
from kg.cli import app
from kg.graph.folder import SOURCES, STORE_DIR, TTL
from kg.graph.store import GraphStore
from kg.graph.validate import validate_graph

PAGE = """荆州召开安全生产工作会议

□ 记者 王子瑶

本报讯 1月8日，荆州市召开安全生产工作会议。市委书记吴锦在会上讲话，公安县负责人参加会议。

石首举行春运启动仪式

□ 记者 张明金

本报讯 1月8日，石首市举行春运启动仪式，石首市交通运输局参加。
"""


def _kg(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _build(out: Path, *inputs: Path, **options: str) -> None:
    flags = [x for name, value in options.items() for x in (f"--{name}", value)]
    _kg("build", *map(str, inputs), "--out", str(out), "--no-tagger", "--no-html", "--workers", "1", "-q", *flags)


def _rows(out: Path, sparql: str) -> list[tuple[str, ...]]:
    store = GraphStore.open(out, read_only=True)
    try:
        return sorted(tuple(term.value for term in row) for row in store.query(sparql))
    finally:
        store.close()


ARTICLES_BY_DATE = """SELECT ?date (COUNT(?a) AS ?n) WHERE {
  ?a a <https://schema.org/NewsArticle> ; <https://schema.org/datePublished> ?date } GROUP BY ?date"""
ISSUES = "SELECT ?i WHERE { ?i a <https://schema.org/PublicationIssue> }"
HEADLINES = "SELECT ?a ?h WHERE { ?a <https://schema.org/headline> ?h }"


def test_a_corrected_date_replaces_the_old_articles(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    _build(out, page, paper="荆州日报", date="2023-03-15")
    assert _rows(out, ARTICLES_BY_DATE) == [("2023-03-15", "2")]
    _build(out, page, paper="荆州日报", date="2023-03-16")
    assert _rows(out, ARTICLES_BY_DATE) == [("2023-03-16", "2")]
    # The old issue went with its pages; graph.ttl follows the store.
    assert [i[0].rsplit("/", 1)[1] for i in _rows(out, ISSUES)] == ["2023-03-16"]
    # The build that took the old page out says so (prov:invalidated); no other fact names it.
    old = "<https://kg.example.org/page/荆州日报/2023-03-15/page>"
    assert _rows(out, f"SELECT ?p WHERE {{ ?b ?p {old} }}") == [("http://www.w3.org/ns/prov#invalidated",)]
    assert _rows(out, f"SELECT ?p WHERE {{ {old} ?p ?o }}") == []
    ttl = (out / TTL).read_text(encoding="utf-8")
    assert ttl.count("2023-03-15") == 1 and ttl.count("2023-03-16") > 5
    store = GraphStore.open(out, read_only=True)
    try:
        assert validate_graph(store).conforms
    finally:
        store.close()


def _jsonl(path: Path, headlines: list[str]) -> None:
    records = [{"headline": h, "text": f"本报讯 荆州市{h}。", "paper": "荆州日报", "date": "2023-01-09", "page": "3"}
               for h in headlines]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_a_record_inserted_at_the_top_duplicates_nothing(tmp_path: Path):
    feed, out = tmp_path / "feed.jsonl", tmp_path / "out"
    _jsonl(feed, ["召开会议", "举行仪式", "开展检查"])
    _build(out, feed)
    before = _rows(out, HEADLINES)
    _jsonl(feed, ["发布通知", "召开会议", "举行仪式", "开展检查"])
    _build(out, feed)
    after = _rows(out, HEADLINES)
    assert len(after) == 4 and set(before) < set(after)


def test_a_record_dropped_from_its_file_is_retracted(tmp_path: Path):
    feed, out = tmp_path / "feed.jsonl", tmp_path / "out"
    _jsonl(feed, ["召开会议", "举行仪式"])
    _build(out, feed)
    _jsonl(feed, ["举行仪式"])
    _build(out, feed)
    assert [h for _, h in _rows(out, HEADLINES)] == ["举行仪式"]


def test_a_file_with_a_broken_record_keeps_its_old_pages(tmp_path: Path):
    feed, out = tmp_path / "feed.jsonl", tmp_path / "out"
    _jsonl(feed, ["召开会议", "举行仪式"])
    _build(out, feed)
    good = feed.read_text(encoding="utf-8").splitlines()[1]
    feed.write_text('{"headline": "召开会议", "text": \n' + good + "\n", encoding="utf-8")
    CliRunner().invoke(app, ["build", str(feed), "--out", str(out), "--no-tagger", "--no-html", "--workers", "1", "-q"])
    # The record that broke may be the one lost: it stays until the file reads clean.
    assert sorted(h for _, h in _rows(out, HEADLINES)) == ["举行仪式", "召开会议"]


def test_kg_remove_takes_a_file_out_and_cleans_the_shared_graphs(tmp_path: Path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(PAGE, encoding="utf-8")
    (pages / "b.txt").write_text(PAGE.replace("张明金", "李明华").replace("公安县", "洪湖市"), encoding="utf-8")
    out = tmp_path / "out"
    _build(out, pages, paper="荆州日报", date="2023-01-09")
    assert len(_rows(out, HEADLINES)) == 4
    _kg("remove", str(pages / "b.txt"), "-g", str(out))
    assert len(_rows(out, HEADLINES)) == 2
    # A person and a place only the removed page named are gone; those the other names stay.
    names = {n for (n,) in _rows(out, "SELECT ?n WHERE { ?p a ?c ; <https://schema.org/name> ?n "
                                      "VALUES ?c { <https://schema.org/Person> <https://schema.org/Place> } }")}
    assert {"张明金", "公安县"} <= names and not names & {"李明华", "洪湖市"}
    index = json.loads((out / SOURCES).read_text(encoding="utf-8"))["sources"]
    assert [Path(s).name for s in index] == ["a.txt"]


def test_kg_remove_prune_missing_and_a_folder(tmp_path: Path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a", "b", "c"):
        (pages / f"{name}.txt").write_text(PAGE.replace("石首", f"石首{name}"), encoding="utf-8")
    out = tmp_path / "out"
    _build(out, pages, paper="荆州日报", date="2023-01-09")
    (pages / "c.txt").unlink()
    _kg("remove", "--prune-missing", "-g", str(out))
    assert len(_rows(out, HEADLINES)) == 4
    _kg("remove", str(pages), "-g", str(out))
    assert _rows(out, HEADLINES) == [] and _rows(out, ISSUES) == []
    store = GraphStore.open(out, read_only=True)
    try:
        assert validate_graph(store).conforms  # the removals are recorded, and name no page left
    finally:
        store.close()


def test_kg_remove_without_a_graph_is_kg303(tmp_path: Path):
    result = CliRunner().invoke(app, ["remove", str(tmp_path / "x.txt"), "-g", str(tmp_path)])
    assert result.exit_code == 2 and errors.GraphNotFoundError.code in result.output


def test_a_failed_first_build_leaves_no_graph(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(empty), "--out", str(out), "--no-tagger", "--workers", "1"])
    assert result.exit_code == 2 and errors.NoInputError.code in result.output
    assert not (out / STORE_DIR).exists() and not (out / TTL).exists() and not (out / "graph.html").exists()
    query = CliRunner().invoke(app, ["query", "-g", str(out), "SELECT * WHERE { ?s ?p ?o }"])
    assert query.exit_code == 2 and errors.GraphNotFoundError.code in query.output


def test_a_failed_rebuild_leaves_the_graph_as_it_was(tmp_path: Path):
    page, out = tmp_path / "page.txt", tmp_path / "out"
    page.write_text(PAGE, encoding="utf-8")
    _build(out, page, paper="荆州日报", date="2023-01-09")
    before = (out / TTL).read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(empty), "--out", str(out), "--no-tagger", "--workers", "1"])
    assert result.exit_code == 2
    assert (out / TTL).read_bytes() == before and len(_rows(out, HEADLINES)) == 2


@pytest.mark.parametrize("given", [{}, {"paper": "荆州日报"}])
def test_missing_metadata_is_a_warning_not_silence(tmp_path: Path, given: dict[str, str]):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    flags = [x for name, value in given.items() for x in (f"--{name}", value)]
    result = CliRunner().invoke(app, ["build", str(page), "--out", str(tmp_path / "out"), "--no-tagger",
                                      "--no-html", "--workers", "1", *flags])
    assert result.exit_code == 0
    assert errors.MissingMetadataWarning.code in result.output and "issue date" in result.output
    lacking = result.output.split("built without")[1].split(":")[0]
    assert ("paper" in lacking) == ("paper" not in given)
