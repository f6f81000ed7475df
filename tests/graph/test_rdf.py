"""Provenance in the built sample: mention offsets and text, the build's PROV-O activity,
and one named graph an article."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, NamedNode, Quad

from kg import __version__
from kg.model import Article, ArticleKind, ArticleResult, Created, Dateline, Entity, EntityKey, EntityType, Mention, PageMeta
from kg.graph.namespace import KG, NIF, PROV, RDF, SCHEMA, XSD, Minter
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
    relative = os.path.relpath(SAMPLE_PAGE)  # published relative to the working folder, never absolute
    expected = SAMPLE_PAGE.name if relative.startswith(os.pardir) else relative
    assert _values(quads, page, KG.sourceFile) == [expected]
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


def test_offsets_are_typed_as_nif_defines_them() -> None:
    """NIF 2.0 Core: nif:beginIndex and nif:endIndex range over xsd:nonNegativeInteger (issue 21),
    for mentions and quotations alike."""
    from kg.model import Quotation, Speech

    text = "在荆州市召开。“守护平安。”他说。"
    meta = PageMeta(source="t.txt", paper="测试报", date="2023-01-09", page_id="p1")
    article = Article(key="测试报/2023-01-09/p1/n", meta=meta, kind=ArticleKind.ARTICLE, headline="题", text=text)
    mention = Mention(article.key, 1, 4, "荆州市", EntityType.LOC, entity=EntityKey.of(EntityType.LOC, "421000"))
    quote = Quotation(article.key, 8, 13, text[8:13], Speech.DIRECT)
    graph = article_quads(ArticleResult(article, (mention,), quotes=(quote,)), context=Context())
    offsets = [q.object for q in graph if q.predicate.value in (NIF.beginIndex, NIF.endIndex)]
    assert sorted(o.value for o in offsets) == ["1", "13", "4", "8"]
    assert {o.datatype.value for o in offsets} == {XSD.nonNegativeInteger}


def test_an_event_s_name_and_a_happening_s_trigger_are_mentions_told_apart() -> None:
    """Issue 19: a happening is found by the word that reports it (火灾), a named event by its name."""
    from kg.model import EventMention, EventType

    text = "全市安全工作会议召开。昨日沙市区发生火灾。"
    meta = PageMeta(source="t.txt", paper="测试报", date="2023-01-09", page_id="p1")
    article = Article(key="测试报/2023-01-09/p1/n", meta=meta, kind=ArticleKind.ARTICLE, headline="题", text=text)
    fire = text.index("火灾")
    events = (
        EventMention(article.key, 0, 8, "全市安全工作会议", EventType.MEETING),
        EventMention(article.key, fire, fire + 2, "火灾", EventType.FIRE, named=False, main=True),
    )
    graph = article_quads(ArticleResult(article, events=events), context=Context())
    iri = Minter().article(article.key)
    found = {q.subject.value: q.object.value for q in graph if q.predicate.value == KG.recognizedBy}
    assert found == {f"{iri}#char=0,8": "event", f"{iri}#char={fire},{fire + 2}": "trigger"}
    anchors = {q.object.value for q in graph if q.predicate.value == NIF.anchorOf}
    assert anchors == {"全市安全工作会议", "火灾"}


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


# ------------------------------------------------------------------ the dateline as data


def _wire_result(created) -> ArticleResult:  # noqa: ANN001
    meta = PageMeta(source="t.txt", paper="测试报", date="2023-04-26", page_id="1")
    article = Article(key="测试报/2023-04-26/1/w", meta=meta, kind=ArticleKind.ARTICLE, headline="题", text="正文。",
                      dateline=Dateline("新华社杭州4月25日电", "新华社", "杭州", "4月25日"))
    return ArticleResult(article, created=created)


def _wire_created() -> Created:
    province = Entity(EntityKey.of(EntityType.LOC, "330000"), EntityType.LOC, "浙江省", code="330000")
    city = Entity(EntityKey.of(EntityType.LOC, "330100"), EntityType.LOC, "杭州市", code="330100", parent=province.key)
    agency = Entity(EntityKey.of(EntityType.ORG, "新华通讯社"), EntityType.ORG, "新华通讯社", aliases=("新华社",))
    return Created(place=city, date="2023-04-25", sources=(agency,), within=(province,))


def test_the_dateline_maps_to_location_date_and_source_created() -> None:
    minter = Minter()
    graph = article_quads(_wire_result(_wire_created()), context=Context())
    iri = minter.article("测试报/2023-04-26/1/w")
    found = {q.predicate.value: q.object for q in graph if q.subject.value == iri}
    assert found[SCHEMA.locationCreated] == NamedNode(minter.place("330100"))
    assert (found[SCHEMA.dateCreated].value, found[SCHEMA.dateCreated].datatype.value) == ("2023-04-25", XSD.date)
    assert found[SCHEMA.sourceOrganization] == NamedNode(minter.organization("新华通讯社"))
    assert found[KG.dateline].value == "新华社杭州4月25日电"  # the text, as before
    plain = article_quads(_wire_result(None), context=Context())
    assert not {SCHEMA.locationCreated, SCHEMA.dateCreated, SCHEMA.sourceOrganization} & {q.predicate.value for q in plain}


def test_the_datelines_nodes_reach_the_entities_graph() -> None:
    from pyoxigraph import RdfFormat, parse

    from kg.graph.rdf import page_graph
    from kg.model import PageRecord, PageResult

    result = _wire_result(_wire_created())
    page = PageResult(PageRecord(result.article.meta, "0" * 64, (result.article.key,)), (result,))
    shared = list(parse(b"".join(page_graph(page, (), context=Context()).shared), format=RdfFormat.N_QUADS))
    minter = Minter()
    city, province, agency = minter.place("330100"), minter.place("330000"), minter.organization("新华通讯社")
    assert {q.graph_name.value for q in shared if q.subject.value in (city, province, agency)} == {minter.graph("entities")}
    assert _values(shared, city, RDF.type) == [SCHEMA.Place]
    assert (_values(shared, city, SCHEMA.name), _values(shared, city, SCHEMA.identifier)) == (["杭州市"], ["330100"])
    assert _values(shared, city, SCHEMA.containedInPlace) == [province]
    assert _values(shared, province, RDF.type) == [SCHEMA.Place]
    assert _values(shared, agency, RDF.type) == [SCHEMA.Organization]
    assert (_values(shared, agency, SCHEMA.name), _values(shared, agency, SCHEMA.alternateName)) == (["新华通讯社"], ["新华社"])


def test_the_dateline_place_and_its_mention_are_one_node() -> None:
    import kg
    import rdflib

    page = "青岚读书会开幕\n\n新华社杭州4月25日电（记者 甄明远）杭州青岚读书会24日开幕。\n"
    graph = rdflib.Graph().parse(data=kg.extract(page, paper="测试报", date="2023-04-26", use_tagger=False).to_turtle(),
                                 format="turtle")
    schema, nif = rdflib.Namespace(SCHEMA.ns), rdflib.Namespace(NIF.ns)
    [created] = set(graph.objects(None, schema.locationCreated))
    [mention] = set(graph.subjects(nif.anchorOf, rdflib.Literal("杭州")))
    assert set(graph.objects(mention, rdflib.URIRef(KG.denotes))) == {created}
    assert created == rdflib.URIRef(Minter().place("330100"))
    assert set(graph.objects(created, schema.name)) == {rdflib.Literal("杭州市")}


# ------------------------------------------------------------------ quotations (issue 22)


def test_a_quotation_is_a_schema_quotation_on_its_nif_span() -> None:
    from kg.model import Quotation, Speech

    text = "“我们将全力守护平安。”某市公安局负责人表示，今年将加大巡逻力度。"
    meta = PageMeta(source="t.txt", paper="测试报", date="2023-01-09", page_id="p1")
    article = Article(key="测试报/2023-01-09/p1/q", meta=meta, kind=ArticleKind.ARTICLE, headline="题", text=text)
    police = EntityKey.of(EntityType.ORG, "某市公安局")
    direct = Quotation(article.key, 1, 11, text[1:11], Speech.DIRECT, "某市公安局负责人", police, "负责人")
    reported = Quotation(article.key, 23, 32, text[23:32], Speech.REPORTED)
    graph = article_quads(ArticleResult(article, quotes=(direct, reported)), context=Context())
    minter, iri = Minter(), Minter().article(article.key)
    node = f"{iri}#char=1,11"
    assert set(_values(graph, node, RDF.type)) == {SCHEMA.Quotation, NIF.String}
    assert _values(graph, node, SCHEMA.text) == _values(graph, node, NIF.anchorOf) == ["我们将全力守护平安。"]
    assert (_values(graph, node, NIF.beginIndex), _values(graph, node, NIF.endIndex)) == (["1"], ["11"])
    assert _values(graph, node, SCHEMA.isPartOf) == _values(graph, node, NIF.referenceContext) == [iri]
    assert _values(graph, node, SCHEMA.creator) == [minter.organization("某市公安局")]
    assert _values(graph, node, KG.speech) == ["direct"]
    assert (_values(graph, node, KG.speakerDescription), _values(graph, node, KG.speakerRole)) == (["某市公安局负责人"], ["负责人"])
    other = f"{iri}#char=23,32"
    assert _values(graph, other, SCHEMA.text) == ["今年将加大巡逻力度"] and _values(graph, other, KG.speech) == ["reported"]
    assert not _values(graph, other, SCHEMA.creator) and not _values(graph, other, KG.speakerDescription)
    assert all(q.graph_name == NamedNode(iri) for q in graph)


def test_the_sample_s_quotations_point_at_their_words_and_their_speakers(quads: list[Quad]) -> None:
    quotes = {q.subject.value for q in quads if q.predicate.value == RDF.type and q.object.value == SCHEMA.Quotation}
    speeches = [_values(quads, q, KG.speech)[0] for q in quotes]
    assert speeches.count("direct") >= 7 and speeches.count("reported") >= 4
    for quote in quotes:
        [text] = _values(quads, quote, SCHEMA.text)
        [article] = _values(quads, quote, SCHEMA.isPartOf)
        [body] = _values(quads, article, SCHEMA.articleBody)
        [begin], [end] = _values(quads, quote, NIF.beginIndex), _values(quads, quote, NIF.endIndex)
        assert body[int(begin) : int(end)] == text and quote == f"{article}#char={begin},{end}"
        for speaker in _values(quads, quote, SCHEMA.creator):
            # The speaker is the node the article's own mentions denote.
            denoted = {q.object.value for q in _by_graph(quads)[article] if q.predicate.value == KG.denotes}
            assert speaker in denoted
    named = [q for q in quotes if _values(quads, q, KG.speakerDescription) == ["教导员陈剑明"]]
    assert [_values(quads, q, SCHEMA.creator) for q in named] == [[Minter().person("陈剑明")]]


# ------------------------------------------------------------------ kinds (issue 17)


def test_an_entity_is_stated_its_kind_s_class_besides_its_base_class() -> None:
    from kg.entity_kinds import EntityKind
    from kg.graph.rdf import entity_quads

    hospital = Entity(EntityKey.of(EntityType.ORG, "某某市中心医院"), EntityType.ORG, "某某市中心医院", kind=EntityKind.HOSPITAL)
    road = Entity(EntityKey.of(EntityType.LOC, "420606", "某某路"), EntityType.LOC, "某某路", kind=EntityKind.ROAD)
    plain = Entity(EntityKey.of(EntityType.ORG, "某某研究所"), EntityType.ORG, "某某研究所")
    wrong = Entity(EntityKey.of(EntityType.ORG, "某某公司"), EntityType.ORG, "某某公司", kind=EntityKind.PARK)
    context = Context()
    quads = entity_quads([hospital, road, plain, wrong], context=context)
    types = {e.name: sorted(_values(quads, context.entity_iri(e.key), RDF.type)) for e in (hospital, road, plain, wrong)}
    assert types == {
        "某某市中心医院": sorted([SCHEMA.Hospital, SCHEMA.Organization]),
        "某某路": sorted([KG.Road, SCHEMA.Place]),
        "某某研究所": [SCHEMA.Organization],
        "某某公司": [SCHEMA.Organization],  # a place's kind on an organization is not stated
    }


def test_an_extracted_page_types_its_organizations_by_kind() -> None:
    import rdflib

    import kg

    page = "医院与学校结对\n\n本报讯 昨日，孝感市中心医院与孝感市第一中学签订健康共建协议。\n"
    graph = rdflib.Graph().parse(data=kg.extract(page, paper="测试报", date="2023-04-26", use_tagger=False).to_turtle(),
                                 format="turtle")
    schema = rdflib.Namespace(SCHEMA.ns)

    def types(name: str) -> set[rdflib.term.Node]:
        [node] = set(graph.subjects(schema.name, rdflib.Literal(name)))
        return set(graph.objects(node, rdflib.RDF.type))

    assert types("孝感市中心医院") == {schema.Organization, schema.Hospital}
    assert types("孝感市第一中学") == {schema.Organization, schema.EducationalOrganization}
    assert types("孝感市") == {schema.Place, schema.AdministrativeArea}


def test_entity_iris_are_kept_per_minter() -> None:
    """The IRIs kept for entities are those of each context's own base."""
    key = EntityKey.of(EntityType.PER, "张 三/李")
    first, second = Context(Minter("https://a.example/kg/")), Context(Minter("https://b.example/kg"))
    assert first.entity_iri(key) == "https://a.example/kg/person/张%20三%2F李"
    assert second.entity_iri(key) == first.entity_iri(key).replace("a.example", "b.example")
    assert first.entity_iri(EntityKey.of(EntityType.ORG, "某局")) == "https://a.example/kg/org/某局"
    assert first.entity_iri(EntityKey.of(EntityType.LOC, "421000", "某镇")) == "https://a.example/kg/place/421000/某镇"


def test_a_page_s_lines_are_what_serializing_its_quads_writes() -> None:
    """page_graph writes N-Quads lines without making Quads: the bytes of serialize all the same,
    quotes, backslashes, line breaks and control characters escaped as pyoxigraph escapes them."""
    from pyoxigraph import RdfFormat, serialize

    from kg.graph.rdf import ENTITIES, ISSUES, entity_quads, page_graph, page_quads
    from kg.model import PageRecord, PageResult, Quotation, Speech

    text = '他说"对\\不"\r\n\t\x00\x7f\u2028𠀀在温州市。'
    meta = PageMeta(source='a "b".txt', paper="测试报", date="2023-01", page_id="p 1")
    article = Article(key="测试报/2023-01/p 1/x", meta=meta, kind=ArticleKind.ARTICLE, headline='题"\n', text=text)
    mention = Mention(article.key, 17, 20, "温州市", EntityType.LOC, entity=EntityKey.of(EntityType.LOC, "330300"))
    entity = Entity(EntityKey.of(EntityType.LOC, "330300"), EntityType.LOC, "温州市", aliases=("温\\州",), code="330300")
    result = ArticleResult(article, (mention,), quotes=(Quotation(article.key, 2, 6, text[2:6], Speech.DIRECT),))
    page = PageResult(PageRecord(meta, "0" * 64, (article.key,)), (result,))
    context = Context(activity="https://example.org/build/1")
    made = page_graph(page, (entity,), context=context)
    quads = page_quads(page.record, context=context) + article_quads(result, context=context)
    quads += entity_quads((entity,), context=context)
    shared = {NamedNode(context.minter.graph(name)) for name in (ENTITIES, ISSUES)}
    assert made.own == serialize([q for q in quads if q.graph_name not in shared], format=RdfFormat.N_QUADS)
    written = serialize([q for q in quads if q.graph_name in shared], format=RdfFormat.N_QUADS)
    assert b"".join(made.shared) == written and len(made.shared) == written.count(b"\n")
    assert b'\\r\\n\\t\\u0000\\u007F' in made.own  # the body's control characters, escaped


def test_a_page_s_mentions_and_events_in_lines_are_what_serializing_their_quads_writes() -> None:
    """The lines of mentions and events, written in one format, are those of their quads."""
    from pyoxigraph import RdfFormat, serialize

    from kg.graph.rdf import page_graph, page_quads
    from kg.model import EventMention, EventType, PageRecord, PageResult

    text = '“温\\州”在温州市\n发生火灾。'
    meta = PageMeta(source="t.txt", paper="测试报", date="2023-01-09", page_id="p1")
    article = Article(key="测试报/2023-01-09/p1/m", meta=meta, kind=ArticleKind.ARTICLE, headline="题", text=text)
    key = EntityKey.of(EntityType.LOC, "330300")
    mentions = (Mention(article.key, 0, 5, text[0:5], EntityType.LOC, entity=key),
                Mention(article.key, 6, 10, text[6:10], EntityType.LOC, entity=key))
    events = (EventMention(article.key, 12, 14, "火灾", EventType.FIRE, named=False),)
    result = ArticleResult(article, mentions, events=events)
    context = Context()
    made = page_graph(PageResult(PageRecord(meta, "0" * 64, (article.key,)), (result,)), (), context=context)
    quads = page_quads(PageRecord(meta, "0" * 64, (article.key,)), context=context)
    own = {NamedNode(context.minter.page(meta.paper, meta.date, meta.page_id)), NamedNode(context.minter.article(article.key))}
    quads = [q for q in quads if q.graph_name in own] + article_quads(result, context=context)
    assert made.own == serialize(quads, format=RdfFormat.N_QUADS)
    assert made.own.count(KG.denotes.encode()) == 2 and made.own.count(SCHEMA.mentions.encode()) == 1
    assert '"温州市\\n"'.encode() in made.own and '"“温\\\\州”"'.encode() in made.own  # escaped as pyoxigraph does
