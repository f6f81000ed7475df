"""kg export: RDF formats round-trip through rdflib and pyoxigraph; GraphML opens in networkx."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
import rdflib.graph
from pyoxigraph import DefaultGraph, RdfFormat, parse
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg import errors
from kg.cli import app
from kg.graph.export import export_graph
from kg.graph.store import GraphStore

DEFAULT = ""
PYOX_FORMATS = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "jsonld": RdfFormat.JSON_LD, "nquads": RdfFormat.N_QUADS}


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


def _term(term):  # noqa: ANN001, ANN202
    kind = type(term).__name__
    if kind == "NamedNode":
        return rdflib.URIRef(term.value)
    if kind == "BlankNode":
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype.endswith("#string") else datatype)


def _graphs_from_pyoxigraph(quads) -> dict[str, rdflib.Graph]:  # noqa: ANN001
    graphs: dict[str, rdflib.Graph] = {}
    for q in quads:
        name = DEFAULT if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, rdflib.Graph()).add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return graphs


def _graphs_from_rdflib(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = DEFAULT if g is None or g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(g)
        graphs.setdefault(name, rdflib.Graph()).add((s, p, o))
    return graphs


def _union(graphs: dict[str, rdflib.Graph]) -> rdflib.Graph:
    union = rdflib.Graph()
    for graph in graphs.values():
        union += graph
    return union


def _exported(store: GraphStore, fmt: str) -> bytes:
    buffer = io.BytesIO()
    export_graph(store, buffer, fmt=fmt)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def expected(store: GraphStore) -> dict[str, rdflib.Graph]:
    return _graphs_from_pyoxigraph(store.quads())


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_triple_formats_hold_the_union(store: GraphStore, expected: dict[str, rdflib.Graph], fmt: str) -> None:
    data = _exported(store, fmt)
    via_rdflib = rdflib.Graph().parse(data=data, format={"turtle": "turtle", "ntriples": "nt"}[fmt])
    assert len(via_rdflib) > 1000
    assert isomorphic(via_rdflib, _union(expected))
    if fmt == "turtle":
        via_oxigraph = _graphs_from_pyoxigraph(parse(data, PYOX_FORMATS[fmt]))
        assert set(via_oxigraph) == {DEFAULT}
        assert isomorphic(via_oxigraph[DEFAULT], _union(expected))


@pytest.mark.parametrize("fmt", ["trig", "jsonld", "nquads"])
def test_quad_formats_keep_every_named_graph(store: GraphStore, expected: dict[str, rdflib.Graph], fmt: str) -> None:
    data = _exported(store, fmt)
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format={"trig": "trig", "jsonld": "json-ld", "nquads": "nquads"}[fmt])
    for parsed in (_graphs_from_rdflib(dataset), _graphs_from_pyoxigraph(parse(data, PYOX_FORMATS[fmt]))):
        if not len(parsed.get(DEFAULT, ())):
            parsed.pop(DEFAULT, None)  # rdflib lists an empty default graph
        assert set(parsed) == set(expected)
        for name, graph in expected.items():
            assert isomorphic(parsed[name], graph), (fmt, name)


def test_graphml_opens_in_networkx_with_the_right_nodes(store: GraphStore, tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    export_graph(store, target, fmt="graphml")
    network = nx.read_graphml(target)
    counts = Counter(data["type"] for _, data in network.nodes(data=True))
    for kind, classes in {
        "Article": "schema:NewsArticle schema:Article",
        "Person": "schema:Person",
        "Organization": "schema:Organization",
        "Place": "schema:Place",
        "Event": "schema:Event",
    }.items():
        [row] = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?s a ?c }}")
        assert counts[kind] == int(row["n"].value) > 0, kind
    assert all(data.get("label") for _, data in network.nodes(data=True))
    relations = Counter(data["relation"] for *_, data in network.edges(data=True))
    assert {"author", "contributor", "mentions", "containedInPlace"} <= set(relations)
    article = next(n for n, d in network.nodes(data=True) if d["label"] == "把平安答卷写在群众心中")
    assert network.nodes[article]["type"] == "Article"
    authors = {network.nodes[o]["label"] for _, o, d in network.out_edges(article, data=True) if d["relation"] == "author"}
    assert authors == {"张明金"}
    city = next(n for n, d in network.nodes(data=True) if d["label"] == "荆州市" and d["type"] == "Place")
    assert network.nodes[city]["identifier"] == "421000"


def test_writing_a_file_is_atomic(store: GraphStore, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    export_graph(store, target, fmt="turtle")
    assert rdflib.Graph().parse(target, format="turtle")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
    with pytest.raises(errors.OutputError) as caught:
        export_graph(store, tmp_path / "missing" / "graph.ttl", fmt="turtle")
    assert caught.value.code == "KG200"
    with pytest.raises(errors.OutputError):
        export_graph(store, target, fmt="rdfa")


def test_cli_export_to_stdout_and_file(sample_graph_dir: Path, tmp_path: Path, expected: dict[str, rdflib.Graph]) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["export", "--format", "ntriples", "--graph", str(sample_graph_dir)])
    assert out.exit_code == 0
    assert isomorphic(rdflib.Graph().parse(data=out.stdout_bytes, format="nt"), _union(expected))
    target = tmp_path / "g.trig"
    assert runner.invoke(app, ["export", "--format", "trig", "-o", str(target), "--graph", str(sample_graph_dir)]).exit_code == 0
    assert target.stat().st_size > 1000
    bad = runner.invoke(app, ["export", "--graph", str(tmp_path / "none")])
    assert bad.exit_code == 2 and "KG303" in bad.output
