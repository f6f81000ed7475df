"""``kg stats``: top entities per type by mentions, degree and betweenness."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.network import NODE_TYPES, load_corpus
from kg.graph.stats import MEASURES, graph_stats
from kg.graph.store import GraphStore

JINGZHOU = "https://kg.example.org/place/421000"


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


def test_rankings_hold_the_measures_of_the_corpus_graph(store):
    corpus = load_corpus(store)
    stats = graph_stats(store, top=5, corpus=corpus)
    assert set(stats.top) == {"reporter", "correspondent", "person", "organization", "place", "event"}
    assert stats.nodes == corpus.graph.number_of_nodes() and stats.articles == 9
    assert stats.betweenness_samples is None  # small graph: exact
    between = nx.betweenness_centrality(corpus.graph)
    for kind, by in stats.top.items():
        assert set(by) == set(MEASURES)
        for measure, ranked in by.items():
            assert 0 < len(ranked) <= 5 and all(r.type == kind for r in ranked)
            values = [getattr(r, measure) for r in ranked]
            assert values == sorted(values, reverse=True)
            for r in ranked:
                assert r.degree == corpus.graph.degree(r.iri)
                assert r.betweenness == pytest.approx(between[r.iri], abs=1e-6)
    top_place = stats.top["place"]["mentions"][0]
    denotes = store.query(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m kg:denotes <{JINGZHOU}> }}")
    assert (top_place.name, top_place.mentions) == ("荆州市", int(next(iter(denotes))[0].value))
    assert stats.top["place"]["betweenness"][0].iri == JINGZHOU  # the place every story passes through


def test_reporters_count_their_bylines(store):
    stats = graph_stats(store, top=20)
    reporters = {r.name: r for r in stats.top["reporter"]["mentions"]}
    assert reporters["王子瑶"].mentions == 2 and reporters["王子瑶"].degree == 2  # two bylined articles
    assert "张明金" in reporters


def _credited(store, role: str) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?name WHERE {{ ?c prov:hadRole kg:{role} ; prov:agent/schema:name ?name }}")
    return {row["name"].value for row in rows}


def test_reporters_and_correspondents_are_ranked_apart(store):
    """Issue 21: `kg stats` listed a correspondent among the reporters."""
    stats = graph_stats(store, top=50)
    reporters, correspondents = _credited(store, "Reporter"), _credited(store, "Correspondent")
    assert len(reporters) == len(correspondents) == 6 and not reporters & correspondents
    for kind, names in (("reporter", reporters), ("correspondent", correspondents)):
        for measure in MEASURES:
            assert {r.name for r in stats.top[kind][measure]} == names, (kind, measure)
    assert "刘园园" in correspondents and "刘园园" not in {r.name for r in stats.top["reporter"]["mentions"]}
    assert stats.counts["reporter"] == stats.counts["correspondent"] == 6
    assert stats.counts["article"] == stats.articles == 9
    assert list(stats.counts) == [k for k in NODE_TYPES if k in stats.counts]  # in the legend's order
    assert stats.to_json()["counts"]["correspondent"] == 6


def test_cli_stats_table_and_json(sample_graph_dir):
    runner = CliRunner()
    table = runner.invoke(app, ["stats", "--graph", str(sample_graph_dir), "--top", "3"], env={"COLUMNS": "160"})
    assert table.exit_code == 0, table.output
    assert "地点 (place)" in table.stdout and "荆州市" in table.stdout and "by betweenness" in table.stdout
    assert "记者 (reporter)" in table.stdout and "通讯员 (correspondent)" in table.stdout
    assert "nodes by type" in table.stdout
    out = runner.invoke(app, ["stats", "--graph", str(sample_graph_dir), "--top", "2", "--format", "json"])
    data = json.loads(out.stdout)
    assert data["betweenness"] == "exact" and data["articles"] == 9
    assert [r["name"] for r in data["top"]["place"]["mentions"]][0] == "荆州市"
    assert all(len(v) <= 2 for by in data["top"].values() for v in by.values())
    missing = runner.invoke(app, ["stats", "--graph", str(sample_graph_dir / "nowhere")])
    assert missing.exit_code == 2 and "KG303" in missing.output


def test_the_most_quoted_persons_and_bodies(store):
    stats = graph_stats(store, top=5)
    assert set(stats.quoted) == {"person", "organization"}
    body = stats.quoted["organization"][0]
    assert (body.name, body.quotes, body.direct, body.reported, body.articles) == ("荆州市公安局", 5, 3, 2, 1)
    assert {q.name for q in stats.quoted["person"]} == {"陈剑明", "陈文清"}
    counts = [q.quotes for ranked in stats.quoted.values() for q in ranked]
    assert all(q.quotes == q.direct + q.reported for ranked in stats.quoted.values() for q in ranked) and min(counts) >= 1
    data = stats.to_json()["quoted"]
    assert data["organization"][0]["name"] == "荆州市公安局" and data["organization"][0]["quotes"] == 5


def test_cli_stats_lists_the_most_quoted(sample_graph_dir):
    out = CliRunner().invoke(app, ["stats", "--graph", str(sample_graph_dir), "--top", "3"], env={"COLUMNS": "160"})
    assert out.exit_code == 0, out.output
    assert "most quoted" in out.stdout and "荆州市公安局" in out.stdout and "5 (3+2)" in out.stdout


def _credits_store(credits: list[tuple[str, list[tuple[str, str]]]]) -> GraphStore:
    """Articles with only bylines: (headline, [(role, name)]) each; every person a node."""
    from kg.graph.namespace import Minter
    from kg.graph.rdf import Context, article_quads, entity_quads
    from kg.model import (
        Article,
        ArticleKind,
        ArticleResult,
        Byline,
        Entity,
        EntityKey,
        EntityType,
        PageMeta,
        Role,
    )

    context, quads, names = Context(Minter(), None), [], set()
    meta = PageMeta(source="x.txt", paper="某报", date="2024-01-01", page_id="1")
    for n, (headline, bylines) in enumerate(credits):
        article = Article(f"某报/2024-01-01/1/{n}", meta, ArticleKind.ARTICLE, headline, "正文。",
                          bylines=tuple(Byline(Role(role), name, label=role) for role, name in bylines))
        quads += article_quads(ArticleResult(article, ()), context=context)
        names |= {name for _, name in bylines}
    people = [Entity(EntityKey.of(EntityType.PER, name), EntityType.PER, name) for name in sorted(names)]
    store = GraphStore.open(None)
    store.add(quads + entity_quads(people, context=context))
    return store


def test_a_person_credited_in_two_roles_counts_under_the_more_frequent():
    store = _credits_store([
        ("甲", [("correspondent", "张三"), ("reporter", "李四")]),
        ("乙", [("correspondent", "张三")]),
        ("丙", [("reporter", "张三"), ("photographer", "王五"), ("intern", "赵六")]),
    ])
    corpus = load_corpus(store)
    stats = graph_stats(store, corpus=corpus)
    ranked = {kind: {r.name for r in by["mentions"]} for kind, by in stats.top.items()}
    assert ranked == {"reporter": {"李四"}, "correspondent": {"张三"}, "photographer": {"王五"}, "intern": {"赵六"}}
    zhang = next(n for n, d in corpus.graph.nodes(data=True) if d["label"] == "张三")
    attrs = corpus.graph.nodes[zhang]
    assert (attrs["type"], attrs["roles"], attrs["kind"], attrs["mentions"]) == ("correspondent", ("correspondent", "reporter"), "兼记者", 3)
    # The links keep the RDF's relation: a reporter is an author, a correspondent a contributor.
    rels = {corpus.graph.nodes[a]["label"]: r for a, r in corpus.graph.adj[zhang].items()}
    assert {k: v["rels"] for k, v in rels.items()} == {"甲": {"contributor"}, "乙": {"contributor"}, "丙": {"author"}}
    assert stats.counts == {"article": 3, "reporter": 1, "correspondent": 1, "intern": 1, "photographer": 1}


# ------------------------------------------------------------------ events by type (issue 19)


def test_events_are_counted_by_type_within_their_family():
    from rich.console import Console

    from kg.graph.stats import stats_tables
    from tests.events_graph import events_store

    stats = graph_stats(events_store())
    tally = [(t.family, t.type, t.label, t.events) for t in stats.event_types]
    assert tally == [
        ("disaster", "fire", "火灾", 1), ("disaster", "traffic_accident", "交通事故", 1),
        ("crime_justice", "arrest", "抓获", 1), ("crime_justice", "theft", "盗窃抢劫", 1),  # a theft is no second crime
        ("politics", "campaign", "行动", 1), ("politics", "meeting", "会议", 1),
        ("society", "recruitment", "招生考试", 1), ("society", "selection", "评选", 1),
        ("culture", "holiday", "节假日", 2), (None, "event", "其他事件", 1),
    ]
    assert sum(t.events for t in stats.event_types) == stats.counts["event"] == 11
    data = stats.to_json()
    assert data["events_by_family"][0] == {"family": "disaster", "label": "灾害事故", "events": 2}
    assert data["events_by_family"][-1] == {"family": None, "label": "其他事件", "events": 1}
    assert data["events_by_type"][-2] == {"type": "holiday", "label": "节假日", "family": "culture",
                                          "family_label": "文教体育", "events": 2}
    console = Console(width=120, record=True, file=None)
    with console.capture() as captured:
        for table in stats_tables(stats):
            console.print(table)
    text = captured.get()
    assert "events by type and family" in text and "灾害事故 (disaster)" in text and "盗窃抢劫 (theft)" in text
    lines = [line for line in text.splitlines() if "(culture)" in line or "(holiday)" in line]
    assert [line.split("│")[-2].strip() for line in lines] == ["2", "2"]


def test_cli_stats_counts_the_sample_s_events_by_type(sample_graph_dir):
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["stats", "--graph", str(sample_graph_dir), "--format", "json"]).stdout)
    by_type = data["events_by_type"]
    assert sum(t["events"] for t in by_type) == sum(f["events"] for f in data["events_by_family"]) == data["counts"]["event"]
    assert {"type": "meeting", "label": "会议", "family": "politics"}.items() <= next(
        t for t in by_type if t["type"] == "meeting").items()
    table = runner.invoke(app, ["stats", "--graph", str(sample_graph_dir)], env={"COLUMNS": "160"})
    assert "events by type and family" in table.stdout and "会议 (meeting)" in table.stdout and "政务 (politics)" in table.stdout


# ------------------------------------------------------------------ organizations and places by kind


def _kinds_store() -> GraphStore:
    """Entities alone, some of a finer kind: two hospitals, a company, a plain body; a road, a highway, a country, a plain place."""
    from kg.entity_kinds import EntityKind as K
    from kg.graph.namespace import Minter
    from kg.graph.rdf import Context, entity_quads
    from kg.model import Entity, EntityKey, EntityType

    org, loc = EntityType.ORG, EntityType.LOC
    rows = [
        (org, "甲县人民医院", K.HOSPITAL), (org, "乙镇卫生院", K.HOSPITAL), (org, "丙有限公司", K.CORPORATION),
        (org, "某某委员会办公室", None), (loc, "文化路", K.ROAD), (loc, "某某高速", K.HIGHWAY),
        (loc, "法国", K.COUNTRY), (loc, "某某村口", None), (EntityType.PER, "张三", None),
    ]
    entities = [Entity(EntityKey.of(t, name), t, name, kind=kind) for t, name, kind in rows]
    store = GraphStore.open(None)
    store.add(entity_quads(entities, context=Context(Minter(), None)))
    return store


def test_organizations_and_places_are_counted_by_kind():
    from rich.console import Console

    from kg.graph.stats import stats_tables

    stats = graph_stats(_kinds_store())
    assert [(t.type, t.kind, t.label, t.nodes) for t in stats.kinds] == [
        ("organization", "Hospital", "医院", 2), ("organization", "Corporation", "企业", 1), ("organization", "other", "其他", 1),
        ("place", "Country", "国家", 1), ("place", "Road", "道路", 1), ("place", "Highway", "公路", 1), ("place", "other", "其他", 1),
    ]
    assert stats.counts["organization"] == 4 and stats.counts["place"] == 4
    assert stats.to_json()["kinds"] == {
        "organization": [{"kind": "Hospital", "label": "医院", "nodes": 2}, {"kind": "Corporation", "label": "企业", "nodes": 1},
                         {"kind": "other", "label": "其他", "nodes": 1}],
        "place": [{"kind": "Country", "label": "国家", "nodes": 1}, {"kind": "Road", "label": "道路", "nodes": 1},
                  {"kind": "Highway", "label": "公路", "nodes": 1}, {"kind": "other", "label": "其他", "nodes": 1}],
    }
    console = Console(width=120, record=True, file=None)
    with console.capture() as captured:
        for table in stats_tables(stats):
            console.print(table)
    rows = {line.split("│")[2].strip() or line.split("│")[1].strip(): line.split("│")[-2].strip()
            for line in captured.get().splitlines() if line.count("│") == 4}
    assert "organizations and places by kind" in captured.get()
    assert {k: rows[k] for k in ("机构 (organization)", "医院 (Hospital)", "企业 (Corporation)", "地点 (place)", "道路 (Road)",
                                 "公路 (Highway)", "国家 (Country)", "其他 (other)")} == {
        "机构 (organization)": "4", "医院 (Hospital)": "2", "企业 (Corporation)": "1", "地点 (place)": "4", "道路 (Road)": "1",
        "公路 (Highway)": "1", "国家 (Country)": "1", "其他 (other)": "1",
    }


def test_cli_stats_counts_the_sample_s_organizations_and_places_by_kind(sample_graph_dir, store):
    from kg.graph.namespace import KIND_CLASSES

    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["stats", "--graph", str(sample_graph_dir), "--format", "json"]).stdout)
    kinds = data["kinds"]
    for base in ("organization", "place"):
        assert sum(k["nodes"] for k in kinds[base]) == data["counts"][base]
    # Each kind's count is the number of nodes the store types with its class.
    for base, cls in (("organization", "schema:Organization"), ("place", "schema:Place")):
        for row in kinds[base]:
            if row["kind"] != "other":
                iri = next(c for k, c in KIND_CLASSES.items() if k.value == row["kind"])
                n = store.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a {cls} , <{iri}> }}")
                assert row["nodes"] == int(next(iter(n))[0].value), row
    assert any(k["kind"] == "GovernmentOrganization" for k in kinds["organization"])
    assert any(k["kind"] == "AdministrativeArea" for k in kinds["place"])
    table = runner.invoke(app, ["stats", "--graph", str(sample_graph_dir)], env={"COLUMNS": "160"})
    assert "organizations and places by kind" in table.stdout
    assert "GovernmentOrganization" in table.stdout and "AdministrativeArea" in table.stdout
