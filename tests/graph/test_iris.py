"""Valid RDF for others: any name gives a valid IRI, and a graph built from hostile
names reads the same in rdflib and pyoxigraph, in every format.

The round trips of the sample graph (Turtle and N-Triples as the union; TriG, JSON-LD
and N-Quads graph by graph, through both libraries) are in ``tests/graph/test_export.py``;
here the same round trips run on a graph whose newspaper, page, organization and
mention IRIs come from names with spaces, quotes, brackets, slashes, ``<>`` and ``#``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import NamedNode, RdfFormat, parse
from rdflib.compare import isomorphic

from kg.graph.export import export_graph, nif_typed
from kg.graph.namespace import Minter, iri_segment
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.store import GraphStore
from tests.conftest import FIXED_CLOCK
from tests.graph.test_export import _graphs_from_pyoxigraph, _graphs_from_rdflib, _union

HOSTILE_NAMES = (
    "荆州(武汉)离岸科创中心", "A/B", "\"引号\"", "<尖括号>", "#1", "a b\tc", "50%", "x?y=1&z", "a\\b", "{|}^`",
    "荆州市\u3000公安局", "控制\x07字符", "😀表情", "e\u0301", "", " ", "..", "%2F", "line\nbreak", "[方括号]",
)  # fmt: skip
# RFC 3987 ipchar, without the sub-delims kg never leaves unencoded: letters and digits of
# any script, the unreserved marks, and percent-encoded octets.
_SEGMENT = re.compile(r"^(?:[\w\-.~]|%[0-9A-F]{2})+$")


def _nt_line(iri: str) -> str:
    return f"<{iri}> <https://schema.org/name> \"x\" .\n"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_give_iris_both_libraries_accept(name: str) -> None:
    segment = iri_segment(name)
    assert _SEGMENT.match(segment) and not set("/#?<>\" {}|\\^`") & set(segment), segment
    minter = Minter()
    iris = (minter.organization(name), minter.person(name), minter.place("421000", name), minter.event(name, None),
            minter.page(name, "2023-01-09", name), minter.newspaper(name))
    for iri in iris:
        assert NamedNode(iri).value == iri
        ((subject, *_),) = parse(_nt_line(iri).encode(), RdfFormat.N_TRIPLES)
        assert subject.value == iri
        (triple,) = rdflib.Graph().parse(data=_nt_line(iri), format="nt")
        assert str(triple[0]) == iri
    assert len(set(iris)) == len(iris)


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_different_names_give_different_segments(a: str, b: str) -> None:
    """Percent-encoding is injective up to Unicode normalization: two names, two IRIs."""
    import unicodedata

    if unicodedata.normalize("NFC", a) != unicodedata.normalize("NFC", b):
        assert iri_segment(a) != iri_segment(b)


PAGE = """荆州(武汉)离岸科创中心揭牌

□ 记者 王子瑶

本报讯 1月8日，荆州(武汉)离岸科创中心在武汉市揭牌。荆州市科学技术局、荆州市交通运输局负责人出席。
"""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page and two JSON Lines records whose paper, page and url hold hostile text."""
    pages = tmp_path_factory.mktemp("iri-pages")
    (pages / "page.txt").write_text(PAGE, encoding="utf-8")
    (pages / "page.json").write_text(json.dumps({"paper": "A/B <报> #1", "date": "2023-01-09", "page": "1/2 \"A\""}),
                                     encoding="utf-8")
    records = [
        {"paper": "荆州日报 (电子版)", "page": "{01}", "url": "https://e.org/a b?c=<d>#e", "headline": "标题 <b>",
         "text": "荆州(武汉)离岸科创中心与A/B公司签约。荆州市人民政府出席。"},
        {"paper": "\"引号\"报", "headline": "#井号", "text": "荆州市公安局民警在沙市区执勤。"},
    ]
    (pages / "records.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    out = tmp_path_factory.mktemp("iri-graph")
    options = BuildOptions(use_tagger=False, views=False, workers=1, now=FIXED_CLOCK)
    report = build_graph([pages], out=out, options=options)
    # The second record has no date on purpose: built, with a warning that its IRIs say undated.
    assert {p.code for p in report.problems} <= {"KG111"} and report.to_json()["totals"]["status"] == {"built": 2}
    return out


def test_a_built_graph_with_hostile_names_parses_in_both_libraries(hostile_build: Path) -> None:
    store = GraphStore.open(hostile_build, read_only=True)
    data = (hostile_build / "graph.ttl").read_bytes()
    via_rdflib = rdflib.Graph().parse(data=data, format="turtle")
    via_oxigraph = _graphs_from_pyoxigraph(parse(data, RdfFormat.TURTLE))[""]
    expected = _union(_graphs_from_pyoxigraph(nif_typed(store.quads())))  # graph.ttl types offsets as NIF does
    assert isomorphic(via_rdflib, expected) and isomorphic(via_oxigraph, expected)
    subjects = {str(s) for s in via_rdflib.subjects()}
    minter = Minter()
    assert minter.newspaper("A/B <报> #1") in subjects and minter.newspaper("\"引号\"报") in subjects
    assert minter.newspaper("荆州日报 (电子版)") in subjects
    assert minter.page("A/B <报> #1", "2023-01-09", "1/2 \"A\"") in subjects
    names = {str(o) for o in via_rdflib.objects(None, rdflib.URIRef("https://schema.org/name"))}
    assert {"A/B <报> #1", "\"引号\"报", "荆州日报 (电子版)"} <= names
    headlines = {str(o) for o in via_rdflib.objects(None, rdflib.URIRef("https://schema.org/headline"))}
    assert {"标题 <b>", "#井号", "荆州(武汉)离岸科创中心揭牌"} <= headlines
    for iri in subjects:
        assert NamedNode(iri).value == iri and not set(" <>\"{}|\\^`") & set(iri), iri


def test_entities_with_hostile_names_map_to_trig_both_libraries_read() -> None:
    """The recognizer seldom yields such names (荆州(武汉)离岸科创中心 comes out as 荆州 and
    武汉), so the mapping is fed them directly: one article mentioning each as an
    organization, a person and a place."""
    from kg.model import Article, ArticleKind, ArticleResult, EntityType, Mention, PageMeta
    from kg.graph.rdf import Context, article_quads, entity_quads
    from kg.extract.resolve import entity_key, resolve_entities

    names = [n for n in HOSTILE_NAMES if n.strip()]
    text = "、".join(names)
    mentions, at = [], 0
    for name in names:
        for kind in (EntityType.ORG, EntityType.PER, EntityType.LOC):
            mention = Mention("k", at, at + len(name), name, kind)
            mentions.append(dataclasses.replace(mention, entity=entity_key(mention)))
        at += len(name) + 1
    meta = PageMeta(source="x.txt", paper="荆州日报", date="2023-01-09", page_id="1")
    article = Article("荆州日报/2023-01-09/1/abc", meta, ArticleKind.ARTICLE, "<标题>", text)
    context = Context(Minter(), Minter().build("test"))
    quads = article_quads(ArticleResult(article, tuple(mentions)), context=context)
    quads += entity_quads(resolve_entities(mentions), context=context)
    from pyoxigraph import serialize

    data = serialize(quads, format=RdfFormat.TRIG)
    expected = _graphs_from_pyoxigraph(quads)
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="trig")
    for graphs in (_graphs_from_rdflib(dataset), _graphs_from_pyoxigraph(parse(data, RdfFormat.TRIG))):
        graphs.pop("", None)
        assert set(graphs) == set(expected)
        assert all(isomorphic(graphs[g], expected[g]) for g in expected)
    organizations = {q.subject.value for q in quads if q.object.value == "https://schema.org/Organization"}
    assert organizations == {Minter().organization(n) for n in names}


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_hostile_graph_round_trips_in_every_format(hostile_build: Path, fmt: str) -> None:
    store = GraphStore.open(hostile_build, read_only=True)
    expected = _graphs_from_pyoxigraph(nif_typed(store.quads()))  # the store's graph, offsets typed as NIF's
    buffer = io.BytesIO()
    export_graph(store, buffer, fmt=fmt)
    data = buffer.getvalue()
    pyox = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "jsonld": RdfFormat.JSON_LD}[fmt]
    if fmt == "turtle":
        parsed = [{"": rdflib.Graph().parse(data=data, format="turtle")}, _graphs_from_pyoxigraph(parse(data, pyox))]
        expected = {"": _union(expected)}
    else:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format={"trig": "trig", "jsonld": "json-ld"}[fmt])
        parsed = [_graphs_from_rdflib(dataset), _graphs_from_pyoxigraph(parse(data, pyox))]
    for graphs in parsed:
        if fmt != "turtle" and not len(graphs.get("", ())):
            graphs.pop("", None)  # rdflib lists an empty default graph
        assert set(graphs) == set(expected)
        for name, graph in expected.items():
            assert isomorphic(graphs[name], graph), (fmt, name)
