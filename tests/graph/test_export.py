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
from kg.graph.export import FORMATS, export_graph, format_for, nif_typed
from kg.graph.namespace import NIF, SCHEMA, XSD
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
    """The store's graph as every RDF export gives it: NIF's offsets typed as NIF defines them."""
    return _graphs_from_pyoxigraph(nif_typed(store.quads()))


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


# ------------------------------------------------------------------ issue 21


def test_format_for_reads_the_extension() -> None:
    assert {ext: format_for(f"out/graph{ext}") for ext in (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".json", ".graphml")} == {
        ".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig",
        ".jsonld": "jsonld", ".json": "jsonld", ".graphml": "graphml",
    }  # fmt: skip
    assert format_for("GRAPH.TTL") == "turtle" and format_for("a.b/graph.NQ") == "nquads"
    # RDF/XML is not a format the export writes; nor are these.
    for path in ("graph.rdf", "graph.xml", "graph.owl", "graph", "graph.txt", "-", "graph.ttl/inner"):
        assert format_for(path) is None, path
    assert all(format_for(f"x.{ext}") in FORMATS for ext in ("ttl", "nt", "nq", "trig", "jsonld", "graphml"))


def test_jsonld_has_a_context_of_schema_org_and_kg_terms(store: GraphStore) -> None:
    import json

    document = json.loads(_exported(store, "jsonld"))
    context = document["@context"]
    assert context["@vocab"] == SCHEMA.ns and context["schema"] == SCHEMA.ns
    assert (context["kg"], context["nif"], context["xsd"]) == ("https://kg.example.org/ontology#", NIF.ns, XSD.ns)
    assert context["prov"] == "http://www.w3.org/ns/prov#"
    nodes = [node for graph in document["@graph"] for node in graph.get("@graph", [graph])]
    keys = {key for node in nodes for key in node}
    assert {"headline", "articleBody", "mentions", "name", "nif:beginIndex", "kg:denotes", "prov:hadRole"} <= keys
    assert not [k for k in keys if k.startswith("http")]  # every term kg uses is compact
    article = next(n for n in nodes if n.get("headline") == "把平安答卷写在群众心中")
    assert sorted(article["@type"]) == ["NewsArticle", "nif:Context"] and article["datePublished"] == {"@value": "2023-01-09", "@type": "xsd:date"}
    mention = next(n for n in nodes if n.get("nif:anchorOf") == "荆州市公安局")
    assert mention["@type"] == "kg:Mention"
    assert mention["nif:beginIndex"]["@type"] == mention["nif:endIndex"]["@type"] == "xsd:nonNegativeInteger"
    credit = next(n for n in nodes if n.get("kg:printedRole") == "通讯员")
    assert credit["@type"] == "prov:Attribution" and credit["prov:hadRole"] == {"@id": "kg:Correspondent"}


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld"])
def test_offsets_are_typed_as_nif_defines_them(store: GraphStore, fmt: str) -> None:
    """NIF 2.0 Core: nif:beginIndex and nif:endIndex range over xsd:nonNegativeInteger; the
    store keeps them as xsd:integer, and every export types them back."""
    data = _exported(store, fmt)
    offsets = [q.object for q in parse(data, {**PYOX_FORMATS, "ntriples": RdfFormat.N_TRIPLES}[fmt])
               if q.predicate.value in (NIF.beginIndex, NIF.endIndex)]
    [row] = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s nif:beginIndex|nif:endIndex ?o } }")
    assert len(offsets) == int(row["n"].value) > 200
    assert {o.datatype.value for o in offsets} == {XSD.nonNegativeInteger}


def test_nif_typed_retypes_the_offsets_and_nothing_else(store: GraphStore) -> None:
    from pyoxigraph import Literal, NamedNode, Quad

    quads = list(store.quads())
    typed = list(nif_typed(quads))
    changed = [(a, b) for a, b in zip(quads, typed) if a != b]
    assert len(typed) == len(quads) and changed
    for before, after in changed:
        assert before.predicate.value in (NIF.beginIndex, NIF.endIndex)
        assert (before.object.datatype.value, after.object.datatype.value) == (XSD.integer, XSD.nonNegativeInteger)
        assert (before.subject, before.object.value, before.graph_name) == (after.subject, after.object.value, after.graph_name)
    assert len(changed) == sum(1 for q in quads if q.predicate.value in (NIF.beginIndex, NIF.endIndex))
    # A negative offset would be ill-typed as xsd:nonNegativeInteger: it stays as it is, for validation to report.
    negative = Quad(quads[0].subject, NamedNode(NIF.beginIndex), Literal("-1", datatype=NamedNode(XSD.integer)))
    assert list(nif_typed([negative])) == [negative]
