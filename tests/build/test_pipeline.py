"""The whole build, end to end: the sample page's bylines, a golden graph, Turtle for others."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic

from kg.model import Page, PageMeta
from kg.build.pipeline import BuildOptions, build_graph
from kg.read.inputs import content_hash
from kg.extract.page import extract_page
from kg.graph.store import GraphStore

from tests.conftest import FIXED_CLOCK, SAMPLE_DIR, TEST_DATA

GOLDEN = TEST_DATA / "golden"
EXPECTED_BYLINES = {
    "把平安答卷写在群众心中": ({"张明金"}, {"刘园园"}),
    "我市旅游市场加速回暖": ({"伍丹"}, set()),
    "荆州经开区启动科技创新三年行动": ({"黄思明"}, {"刘青"}),
    "我市7座公园获评湖北“最美口袋公园”": ({"王子瑶"}, {"韩庆军"}),
    "春运首日,全市道路运输安全运送旅客5.19万人次": ({"肖潇"}, {"李新中", "丁军保"}),
    "荆州技工院校学生可直接报考本科": ({"王子瑶"}, {"彭传波"}),
    "市作协赠书活动走进南门社区": ({"柳红霞"}, set()),
}


def _people(store: GraphStore, headline: str, prop: str) -> set[str]:
    query = f"""SELECT ?name WHERE {{ ?a schema:headline {json.dumps(headline, ensure_ascii=False)} ;
                 schema:{prop} ?p . ?p a schema:Person ; schema:name ?name }}"""
    return {row["name"].value for row in store.query(query)}


def test_sample_articles_have_exactly_their_reporters_and_correspondents(sample_graph_dir: Path):
    store = GraphStore.open(sample_graph_dir, read_only=True)
    for headline, (authors, contributors) in EXPECTED_BYLINES.items():
        assert _people(store, headline, "author") == authors, headline
        assert _people(store, headline, "contributor") == contributors, headline
    bylined = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle ; schema:author ?p }"
    assert next(iter(store.query(bylined)))["n"].value == "7"


def test_reporters_are_shared_person_nodes(sample_graph_dir: Path):
    store = GraphStore.open(sample_graph_dir, read_only=True)
    query = """SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?a schema:author ?p . ?p schema:name "王子瑶" }"""
    assert next(iter(store.query(query)))["n"].value == "2"
    persons = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p schema:name \"王子瑶\" }"
    assert next(iter(store.query(persons)))["n"].value == "1"


def test_credited_persons_are_typed_once_in_the_entities_graph(sample_graph_dir: Path):
    # Restated in each article graph, a reporter's type multiplied union-graph joins.
    store = GraphStore.open(sample_graph_dir, read_only=True)
    query = """PREFIX schema: <https://schema.org/>
    SELECT ?name (COUNT(?g) AS ?n) (SAMPLE(?g) AS ?graph) WHERE {
        { SELECT DISTINCT ?p WHERE { GRAPH ?a { ?a schema:author|schema:contributor ?p } } }
        GRAPH ?g { ?p a schema:Person ; schema:name ?name } } GROUP BY ?name"""
    found = {row["name"].value: (int(row["n"].value), row["graph"].value) for row in store.oxigraph.query(query)}
    credited = set().union(*(a | c for a, c in EXPECTED_BYLINES.values()))
    assert set(found) == credited
    entities = "https://kg.example.org/graph/entities"
    assert {name: hit for name, hit in found.items() if hit[1] != entities or hit[0] != 1} == {}


def test_turtle_parses_in_rdflib_and_pyoxigraph_alike(sample_graph_dir: Path):
    data = (sample_graph_dir / "graph.ttl").read_bytes()
    assert data.startswith(b"@prefix")
    ours = rdflib.Graph().parse(data=data, format="turtle")
    theirs = rdflib.Graph()
    for triple in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE):
        theirs.add(_to_rdflib(triple))
    assert len(ours) > 1000
    assert isomorphic(ours, theirs)


def _to_rdflib(triple: pyoxigraph.Triple) -> tuple:
    def term(t):
        if isinstance(t, pyoxigraph.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, pyoxigraph.BlankNode):
            return rdflib.BNode(t.value)
        plain = t.language or t.datatype.value == str(rdflib.XSD.string)  # the same in RDF 1.1
        return rdflib.Literal(t.value, lang=t.language, datatype=None if plain else rdflib.URIRef(t.datatype.value))

    return term(triple.subject), term(triple.predicate), term(triple.object)


def test_report_lists_the_input_and_its_items(sample_graph_dir: Path):
    report = json.loads((sample_graph_dir / "report.json").read_text(encoding="utf-8"))
    (entry,) = report["inputs"]
    assert entry["status"] == "built" and entry["items"] == 9 and entry["bylined"] == 7
    assert entry["kinds"] == {"article": 8, "notice": 1}
    assert report["totals"]["quads"] > 1000


def test_extract_page_is_a_pure_function(sample_page: Page):
    first, second = extract_page(sample_page, use_tagger=False), extract_page(sample_page, use_tagger=False)
    assert first == second
    for item in first.articles:
        for m in item.mentions:
            assert item.article.text[m.start : m.end] == m.text


def test_content_hash_follows_text_and_metadata():
    meta = PageMeta(source="a.txt", paper="某报", date="2024-01-01", page_id="a")
    page = Page(meta, "正文")
    assert content_hash(page) == content_hash(Page(meta, "正文"))
    assert content_hash(page) != content_hash(Page(meta, "正文。"))
    assert content_hash(page) != content_hash(Page(PageMeta(source="a.txt", paper="某报", date="2024-01-02", page_id="a"), "正文"))


def _build_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> rdflib.Graph:
    shutil.copytree(GOLDEN, tmp_path / "golden", ignore=shutil.ignore_patterns("*.ttl"))
    monkeypatch.chdir(tmp_path)  # relative paths: the same IRIs and literals on every machine
    options = BuildOptions(use_tagger=False, views=False, workers=1, now=FIXED_CLOCK)
    build_graph(["golden"], out="out", options=options)
    return rdflib.Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")


def test_hand_written_page_gives_the_golden_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Regenerate after an intended change: KG_UPDATE_GOLDEN=1 pytest tests/build/test_pipeline.py."""
    built = _build_golden(tmp_path, monkeypatch)
    golden_file = GOLDEN / "graph.ttl"
    if os.environ.get("KG_UPDATE_GOLDEN") == "1":
        golden_file.write_bytes((tmp_path / "out" / "graph.ttl").read_bytes())
    expected = rdflib.Graph().parse(golden_file, format="turtle")
    if not isomorphic(built, expected):
        _, missing, extra = graph_diff(expected, built)
        lines = [f"- {t}" for t in sorted(missing)[:20]] + [f"+ {t}" for t in sorted(extra)[:20]]
        pytest.fail("graph differs from the golden file:\n" + "\n".join(lines))


def test_an_impossible_date_option_fails_before_anything_is_written(tmp_path: Path):
    from kg import errors

    out = tmp_path / "out"
    with pytest.raises(errors.MetadataError):
        build_graph([SAMPLE_DIR], out=out, options=BuildOptions(date="2023-02-30", views=False))
    assert not out.exists()


def test_input_status_follows_its_pages_and_problems():
    from kg.model import InputProblem
    from kg.build.report import InputStatus

    problem = InputProblem("a.jsonl", "KG105", "bad date", 3)
    assert InputStatus("a", built=1).status == "built"
    assert InputStatus("a", unchanged=2).status == "unchanged"
    assert InputStatus("a", built=1, unchanged=1).status == "built"  # a changed record among unchanged ones
    assert InputStatus("a", unchanged=1, problems=[problem]).status == "partial"
    assert InputStatus("a", problems=[problem]).status == "failed"


def test_a_build_may_leave_graph_ttl_and_graph_html_to_later(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "out"
    base = ["build", str(SAMPLE_DIR), "--out", str(out), "--workers", "1", "--no-tagger"]
    first = CliRunner().invoke(app, base)
    assert first.exit_code == 0, first.output
    assert (out / "graph.ttl").stat().st_size > 10_000 and (out / "graph.html").exists()
    pages = tmp_path / "pages"
    shutil.copytree(SAMPLE_DIR, pages)
    [page] = pages.glob("*.txt")
    page.write_text(page.read_text(encoding="utf-8").replace("荆州", "荆沙"), encoding="utf-8")
    second = CliRunner().invoke(app, [*base[:1], str(pages), *base[2:], "--no-ttl", "--no-html"])
    assert second.exit_code == 0, second.output
    # The old files no longer match the store, so they are gone; the store and report are new.
    assert not (out / "graph.ttl").exists() and not (out / "graph.html").exists()
    assert "graph.ttl" not in second.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["status"] == {"built": 1}
    store = GraphStore.open(out, read_only=True)
    assert any("荆沙" in q.object.value for q in store.quads() if isinstance(q.object, pyoxigraph.Literal))


def test_a_new_folders_store_opens_once_the_workers_are_forked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import multiprocessing

    opened_beside: list[int] = []  # worker processes alive as the store opened
    real = GraphStore.open.__func__

    def spy(cls: type[GraphStore], folder: Path, *, read_only: bool = False) -> GraphStore:
        opened_beside.append(len(multiprocessing.active_children()))
        return real(cls, folder, read_only=read_only)

    monkeypatch.setattr(GraphStore, "open", classmethod(spy))
    page = SAMPLE_DIR / "000_f016006cafbfff82.txt"
    options = BuildOptions(use_tagger=False, views=False, workers=2, now=FIXED_CLOCK)
    build_graph([page], out=tmp_path / "out", options=options)
    assert opened_beside == [2]  # the workers did not inherit it, nor waited for RocksDB's files
    # A folder with a store: its pages' hashes decide what is extracted, so it opens first.
    report = build_graph([page], out=tmp_path / "out", options=options)
    assert opened_beside == [2, 0] and report.to_json()["totals"]["status"] == {"unchanged": 1}


def test_a_new_folders_store_that_cannot_open_fails_the_build_and_leaves_no_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
):
    from kg import errors
    from kg.graph.folder import INCOMPLETE, STORE_DIR

    def refuse(cls: type[GraphStore], folder: Path, *, read_only: bool = False) -> GraphStore:
        raise errors.OutputError("cannot open the store: refused", source=str(folder))

    monkeypatch.setattr(GraphStore, "open", classmethod(refuse))
    options = BuildOptions(use_tagger=False, views=False, workers=1, now=FIXED_CLOCK)
    with pytest.raises(errors.OutputError, match="refused"):
        build_graph([SAMPLE_DIR / "000_f016006cafbfff82.txt"], out=tmp_path / "out", options=options)
    assert not (tmp_path / "out" / INCOMPLETE).exists() and not (tmp_path / "out" / STORE_DIR).exists()


def test_a_daily_build_s_report_of_an_event_the_graph_holds_joins_its_node(tmp_path: Path):
    # One build a day: the expo opens, then closes. As one build of both pages would, the graph
    # keeps one event, dated from its opening to its closing, that both articles name.
    opening = tmp_path / "opening.txt"
    opening.write_text("第五届滨江数字经济博览会开幕\n\n本报讯 3月5日，第五届滨江数字经济博览会在武汉开幕。\n", encoding="utf-8")
    closing = tmp_path / "closing.txt"
    closing.write_text("第五届滨江数字经济博览会闭幕\n\n本报讯 3月7日，第五届滨江数字经济博览会在武汉闭幕。\n", encoding="utf-8")
    out = tmp_path / "out"
    for page, day in ((opening, "2023-03-05"), (closing, "2023-03-08")):
        options = BuildOptions(use_tagger=False, views=False, workers=1, now=FIXED_CLOCK, paper="某报", date=day)
        build_graph([page], out=out, options=options)
    store = GraphStore.open(out, read_only=True)
    rows = list(store.query("""SELECT ?e ?start ?end (COUNT(DISTINCT ?a) AS ?articles) WHERE {
        ?e a schema:Event ; schema:name "第五届滨江数字经济博览会" ; schema:startDate ?start ; schema:endDate ?end .
        ?a a schema:NewsArticle ; schema:mentions ?e } GROUP BY ?e ?start ?end"""))
    assert [(r["start"].value, r["end"].value, r["articles"].value) for r in rows] == [("2023-03-05", "2023-03-07", "2")]
    assert rows[0]["e"].value.endswith("/event/第五届滨江数字经济博览会/2023-03-05")


def test_a_corrected_report_of_an_event_no_other_article_names_mints_its_own_node(tmp_path: Path):
    page = tmp_path / "expo.txt"
    out = tmp_path / "out"
    for day in ("7", "5"):  # the report's date corrected: 3月7日 → 3月5日
        page.write_text(f"博览会开幕\n\n本报讯 3月{day}日，第五届滨江数字经济博览会在武汉开幕。\n", encoding="utf-8")
        options = BuildOptions(use_tagger=False, views=False, workers=1, now=FIXED_CLOCK, paper="某报", date="2023-03-08")
        build_graph([page], out=out, options=options)
    store = GraphStore.open(out, read_only=True)
    rows = list(store.query("""SELECT ?e ?start ?end WHERE {
        ?e a schema:Event ; schema:name "第五届滨江数字经济博览会" ; schema:startDate ?start ; schema:endDate ?end }"""))
    assert [(r["e"].value.rsplit("/", 1)[-1], r["start"].value, r["end"].value) for r in rows] == [("2023-03-05", "2023-03-05", "2023-03-05")]
