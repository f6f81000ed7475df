"""Provenance in the built sample: mention offsets and text, the build's PROV-O activity,
and one named graph an article."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Quad

from kg import __version__
from kg.model import Article, ArticleKind, ArticleResult, EntityKey, EntityType, Mention, PageMeta
from kg.graph.namespace import KG, NIF, PROV, RDF, SCHEMA, Minter
from kg.graph.rdf import Context, article_quads
from kg.graph.store import GraphStore
from tests.conftest import ROOT

ARTICLE_CLASSES = {SCHEMA.NewsArticle, SCHEMA.Article}
SAMPLE_PAGE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"
FIXED_CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)  # as in conftest


@pytest.fixture(scope="module")
def quads(sample_graph_dir: Path) -> list[Quad]:
    return list(GraphStore.open(sample_graph_dir, read_only=True).quads())


def _by_graph(quads: list[Quad]) -> dict[str, list[Quad]]:
    graphs: dict[str, list[Quad]] = defaultdict(list)
    for q in quads:
        graphs["" if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value].append(q)
    return graphs


def _values(quads: list[Quad], subject: str, predicate: str) -> list[str]:
    return [q.object.value for q in quads if q.subject.value == subject and q.predicate.value == predicate]


def _articles(quads: list[Quad]) -> set[str]:
    return {q.subject.value for q in quads if q.predicate.value == RDF.type and q.object.value in ARTICLE_CLASSES}


def test_every_mention_points_at_its_exact_text(quads: list[Quad]) -> None:
    mentions = {q.subject.value for q in quads if q.predicate.value == RDF.type and q.object.value == KG.Mention}
    assert len(mentions) > 100
    for mention in mentions:
        [begin] = _values(quads, mention, NIF.beginIndex)
        [end] = _values(quads, mention, NIF.endIndex)
        [anchor] = _values(quads, mention, NIF.anchorOf)
        [article] = _values(quads, mention, NIF.referenceContext)
        [body] = _values(quads, article, SCHEMA.articleBody)
        assert 0 <= int(begin) < int(end) <= len(body)
        assert body[int(begin) : int(end)] == anchor, mention
        assert mention == f"{article}#char={begin},{end}"
        assert _values(quads, mention, KG.denotes), mention


def test_a_build_is_one_prov_activity_with_version_time_and_inputs(quads: list[Quad]) -> None:
    minter = Minter()
    [activity] = {q.subject.value for q in quads if q.predicate.value == RDF.type and q.object.value == PROV.Activity}
    provenance = _by_graph(quads)[minter.graph("provenance")]
    assert {q.subject.value for q in provenance} >= {activity}
    assert _values(provenance, activity, PROV.startedAtTime) == [FIXED_CLOCK.isoformat().replace("+00:00", "Z")]
    assert len(_values(provenance, activity, PROV.endedAtTime)) == 1
    [agent] = _values(provenance, activity, PROV.wasAssociatedWith)
    assert _values(provenance, agent, SCHEMA.softwareVersion) == [__version__]
    [page] = _values(provenance, activity, PROV.used)
    assert _values(quads, page, KG.sourceFile) == [str(SAMPLE_PAGE)]
    for article in _articles(quads):
        assert _values(quads, article, PROV.wasGeneratedBy) == [activity]
        assert _values(quads, article, KG.page) == [page]


def test_each_article_has_its_own_named_graph(quads: list[Quad]) -> None:
    minter = Minter()
    graphs = _by_graph(quads)
    articles = _articles(quads)
    assert len(articles) >= 5 and "" not in graphs
    shared = {minter.graph(name) for name in ("entities", "events", "issues", "provenance")}
    pages = {q.subject.value for q in quads if q.predicate.value == RDF.type and q.object.value == KG.Page}
    assert set(graphs) == articles | shared | pages
    # An issue and its paper are stated once, in graph/issues, not in each page's graph.
    issues = {q.subject.value for q in quads if q.object.value == SCHEMA.PublicationIssue}
    assert issues and {q.graph_name.value for q in quads if q.subject.value in issues} == {minter.graph("issues")}
    for article in articles:
        own = graphs[article]
        assert _values(own, article, SCHEMA.articleBody) or _values(own, article, SCHEMA.headline)
        for graph, members in graphs.items():
            if graph != article:
                # Nothing about the article, its mentions or bylines lives elsewhere.
                assert not [q for q in members if q.subject.value.split("#")[0] == article], graph


def test_offsets_count_code_points_beyond_the_basic_plane() -> None:
    text = "𠀀𠀁在荆州市召开"
    meta = PageMeta(source="t.txt", paper="测试报", date="2023-01-09", page_id="p1")
    article = Article(key="测试报/2023-01-09/p1/x", meta=meta, kind=ArticleKind.ARTICLE, headline="题", text=text)
    mention = Mention(article.key, 3, 6, "荆州市", EntityType.LOC, canonical="荆州市", code="421000",
                      entity=EntityKey.of(EntityType.LOC, "421000"))
    graph = article_quads(ArticleResult(article, (mention,)), context=Context())
    iri = Minter().article(article.key)
    node = NamedNode(f"{iri}#char=3,6")
    found = {q.predicate.value: q.object.value for q in graph if q.subject == node}
    assert found[NIF.anchorOf] == text[3:6] == "荆州市"
    assert (found[NIF.beginIndex], found[NIF.endIndex]) == ("3", "6")
    assert all(q.graph_name == NamedNode(iri) for q in graph)


@pytest.mark.parametrize(
    ("paper", "homes"),
    [
        ("宜都报", {KG.homeCity: "420500", KG.homeProvince: "420000", KG.homeCounty: "420581"}),
        ("北京日报", {KG.homeCity: "110000", KG.homeProvince: "110000"}),  # a municipality is both
        ("人民日报", {}),
    ],
)
def test_a_paper_names_its_homes(paper: str, homes: dict[str, str]) -> None:
    from kg.extract.papers import paper_profile
    from kg.extract.resolve import home_places
    from kg.graph.rdf import page_quads
    from kg.model import PageRecord

    meta = PageMeta(source="p.txt", paper=paper, date="2023-01-09", page_id="1", **paper_profile(paper).homes())
    context = Context()
    quads = page_quads(PageRecord(meta, "0" * 64, homes=home_places(meta)), context=context)
    paper_iri = context.minter.newspaper(paper)
    found = {q.predicate.value: q.object.value for q in quads if q.subject.value == str(paper_iri)}
    place = Minter().base + "place/"
    home_props = {str(KG.homeCity), str(KG.homeProvince), str(KG.homeCounty)}
    assert {p: o.removeprefix(place) for p, o in found.items() if p in home_props} == {str(p): c for p, c in homes.items()}
