"""``kg stats``: top entities per type by mentions, degree and betweenness."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.stats import MEASURES, graph_stats
from kg.graph.store import GraphStore
from kg.graph.network import load_corpus

JINGZHOU = "https://kg.example.org/place/421000"


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


def test_rankings_hold_the_measures_of_the_corpus_graph(store):
    corpus = load_corpus(store)
    stats = graph_stats(store, top=5, corpus=corpus)
    assert set(stats.top) == {"reporter", "person", "organization", "place", "event"}
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


def test_cli_stats_table_and_json(sample_graph_dir):
    runner = CliRunner()
    table = runner.invoke(app, ["stats", "--graph", str(sample_graph_dir), "--top", "3"])
    assert table.exit_code == 0, table.output
    assert "地点 (place)" in table.stdout and "荆州市" in table.stdout and "by betweenness" in table.stdout
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
