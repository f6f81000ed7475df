"""SHACL validation: the sample conforms, and broken graphs do not."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, Store
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.namespace import KG, NIF, RDF, SCHEMA, XSD, Minter
from kg.graph.store import GraphStore
from kg.graph.validate import validate_graph

ORG = Minter().organization("荆州市公安局")


@pytest.fixture(scope="module")
def sample_quads(sample_graph_dir: Path) -> list[Quad]:
    return list(GraphStore.open(sample_graph_dir, read_only=True).quads())


def _copy(quads: list[Quad]) -> GraphStore:
    store = GraphStore(Store())
    store.add(quads)
    return store


def _mention(quads: list[Quad]) -> Quad:
    """The begin offset of a mention of 荆州市公安局."""
    node = next(q.subject for q in quads if q.predicate.value == NIF.anchorOf and q.object.value == "荆州市公安局")
    return next(q for q in quads if q.subject == node and q.predicate.value == NIF.beginIndex)


def _components(result) -> set[str]:  # noqa: ANN001
    return {f.component for f in result.violations}


def test_the_sample_conforms(sample_graph_dir: Path) -> None:
    result = validate_graph(GraphStore.open(sample_graph_dir, read_only=True))
    assert result.conforms, [f for f in result.violations][:5]
    assert result.triples > 1000


def test_the_sample_conforms_with_rdfs_inference(sample_quads: list[Quad]) -> None:
    assert validate_graph(_copy(sample_quads), inference=True).conforms


def test_shifted_offsets_fail(sample_quads: list[Quad]) -> None:
    begin = _mention(sample_quads)
    moved = Quad(begin.subject, begin.predicate, Literal(str(int(begin.object.value) + 1), datatype=NamedNode(XSD.integer)), begin.graph_name)
    store = _copy([q for q in sample_quads if q != begin] + [moved])
    result = validate_graph(store)
    assert not result.conforms
    assert [f.focus for f in result.violations] == [begin.subject.value]
    assert _components(result) == {"SPARQLConstraintComponent"}


def test_begin_after_end_fails(sample_quads: list[Quad]) -> None:
    begin = _mention(sample_quads)
    late = Quad(begin.subject, begin.predicate, Literal("100000", datatype=NamedNode(XSD.integer)), begin.graph_name)
    result = validate_graph(_copy([q for q in sample_quads if q != begin] + [late]))
    assert {f.message for f in result.violations} >= {"a mention must begin before it ends"}


def test_negative_offsets_fail(sample_quads: list[Quad]) -> None:
    begin = _mention(sample_quads)
    negative = Quad(begin.subject, begin.predicate, Literal("-1", datatype=NamedNode(XSD.integer)), begin.graph_name)
    result = validate_graph(_copy([q for q in sample_quads if q != begin] + [negative]))
    assert "MinInclusiveConstraintComponent" in _components(result)


def test_an_entity_without_its_type_fails(sample_quads: list[Quad]) -> None:
    kept = [q for q in sample_quads if not (q.subject.value == ORG and q.predicate.value == RDF.type)]
    result = validate_graph(_copy(kept))
    assert not result.conforms
    assert {f.value for f in result.violations} == {ORG}
    assert {f.path for f in result.violations} >= {SCHEMA.mentions, "https://kg.example.org/ontology#denotes"}


def test_a_second_name_fails(sample_quads: list[Quad]) -> None:
    graph = NamedNode(Minter().graph("entities"))
    extra = Quad(NamedNode(ORG), NamedNode(SCHEMA.name), Literal("另一个名字"), graph)
    result = validate_graph(_copy([*sample_quads, extra]))
    assert [(f.focus, f.component) for f in result.violations] == [(ORG, "MaxCountConstraintComponent")]


def test_bad_place_code_and_event_dates_fail(sample_quads: list[Quad]) -> None:
    entities = NamedNode(Minter().graph("entities"))
    place = NamedNode(Minter().place("421000"))
    event = next(q.subject for q in sample_quads if q.predicate.value == SCHEMA.startDate)
    kept = [q for q in sample_quads if not (q.subject == place and q.predicate.value == SCHEMA.identifier)]
    # Its end goes too: against a start that is no date, it would seem to come first.
    kept = [q for q in kept if not (q.subject == event and q.predicate.value in (SCHEMA.startDate, SCHEMA.endDate))]
    bad = [
        Quad(place, NamedNode(SCHEMA.identifier), Literal("42100"), entities),
        Quad(event, NamedNode(SCHEMA.startDate), Literal("2023年1月"), entities),
    ]
    result = validate_graph(_copy(kept + bad))
    assert {(f.focus, f.path) for f in result.violations} == {
        (place.value, SCHEMA.identifier),
        (event.value, SCHEMA.startDate),
    }


def test_an_event_ending_before_it_starts_fails(sample_quads: list[Quad]) -> None:
    start = next(q for q in sample_quads if q.predicate.value == SCHEMA.startDate)
    end = [q for q in sample_quads if q.subject == start.subject and q.predicate.value == SCHEMA.endDate]
    early = Quad(start.subject, NamedNode(SCHEMA.endDate), Literal("1999-01-01", datatype=NamedNode(XSD.date)), start.graph_name)
    result = validate_graph(_copy([q for q in sample_quads if q not in end] + [early]))
    assert [f.message for f in result.violations] == ["an event ends before it starts"]


def _one_article(body: str, begin: int, end: int, anchor: str, *, datatype: str = XSD.integer) -> rdflib.Graph:
    base = "https://kg.example.org/"
    article = rdflib.URIRef(base + "article/t/1")
    mention = rdflib.URIRef(f"{article}#char={begin},{end}")
    place = rdflib.URIRef(base + "place/421000")
    schema, nif = rdflib.Namespace(SCHEMA.ns), rdflib.Namespace(NIF.ns)
    kg = rdflib.Namespace("https://kg.example.org/ontology#")
    graph = rdflib.Graph()
    for triple in [
        (article, rdflib.RDF.type, schema.NewsArticle),
        (article, rdflib.RDF.type, nif.Context),
        (article, schema.articleBody, rdflib.Literal(body)),
        (article, schema.mentions, place),
        (place, rdflib.RDF.type, schema.Place),
        (place, schema.name, rdflib.Literal("荆州市")),
        (mention, rdflib.RDF.type, kg.Mention),
        (mention, nif.beginIndex, rdflib.Literal(str(begin), datatype=datatype)),
        (mention, nif.endIndex, rdflib.Literal(str(end), datatype=datatype)),
        (mention, nif.anchorOf, rdflib.Literal(anchor)),
        (mention, nif.referenceContext, article),
        (mention, kg.denotes, place),
    ]:
        graph.add(triple)
    return graph


@pytest.mark.parametrize("datatype", [XSD.nonNegativeInteger, XSD.integer])
def test_offsets_are_code_points_in_rdflib_graphs_too(datatype: str) -> None:
    body = "𠀀𠀁在荆州市召开"
    assert validate_graph(_one_article(body, 3, 6, "荆州市", datatype=datatype)).conforms
    # UTF-16 offsets (each astral character counted twice) are wrong.
    result = validate_graph(_one_article(body, 5, 8, "荆州市", datatype=datatype))
    assert _components(result) == {"SPARQLConstraintComponent"}


def test_offsets_of_another_datatype_fail() -> None:
    """NIF's offsets are xsd:nonNegativeInteger, or xsd:integer as stores keep them: not text."""
    result = validate_graph(_one_article("在荆州市召开", 1, 4, "荆州市", datatype="http://www.w3.org/2001/XMLSchema#string"))
    assert {(f.path, f.component) for f in result.violations} >= {
        (NIF.beginIndex, "NodeConstraintComponent"), (NIF.endIndex, "NodeConstraintComponent"),
    }


def test_the_export_conforms_with_its_offsets_typed_as_nif_types_them(sample_graph_dir: Path) -> None:
    import io

    from kg.graph.export import export_graph

    buffer = io.BytesIO()
    export_graph(GraphStore.open(sample_graph_dir, read_only=True), buffer, fmt="turtle")
    graph = rdflib.Graph().parse(data=buffer.getvalue(), format="turtle")
    offsets = {o.datatype for o in graph.objects(None, rdflib.URIRef(NIF.beginIndex))}
    assert offsets == {rdflib.URIRef(XSD.nonNegativeInteger)}
    result = validate_graph(graph)
    assert result.conforms, result.violations[:5]


def test_a_mention_without_a_link_is_a_warning_only() -> None:
    graph = _one_article("在荆州市召开", 1, 4, "荆州市")
    graph.remove((None, rdflib.URIRef("https://kg.example.org/ontology#denotes"), None))
    result = validate_graph(graph)
    assert result.conforms and len(result.warnings) == 1


def test_cli_exit_status(sample_graph_dir: Path, sample_quads: list[Quad], tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", "--graph", str(sample_graph_dir)])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    broken = GraphStore.open(tmp_path)
    broken.add(q for q in sample_quads if not (q.subject.value == ORG and q.predicate.value == RDF.type))
    broken.flush()
    del broken  # releases the store's lock
    bad = runner.invoke(app, ["validate", "--graph", str(tmp_path)])
    assert bad.exit_code == 1
    assert "Violation" in bad.output and "荆州市公安局" in bad.output
    missing = runner.invoke(app, ["validate", "--graph", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "KG303" in missing.output


# ------------------------------------------------------------------ the dateline as data

WIRE_PAGE = "青岚读书会开幕\n\n新华社杭州4月25日电（记者 甄明远）杭州青岚读书会24日开幕。\n"


@pytest.fixture(scope="module")
def wire_quads(tmp_path_factory: pytest.TempPathFactory) -> list[Quad]:
    """A built page whose article is wire copy: a dateline with place, date and agency."""
    import datetime as dt
    import json

    from kg.build.pipeline import BuildOptions, build_graph

    folder = tmp_path_factory.mktemp("wire")
    (folder / "wire.txt").write_text(WIRE_PAGE, encoding="utf-8")
    (folder / "wire.json").write_text(json.dumps({"paper": "测试报", "date": "2023-04-26", "page": "3"}), encoding="utf-8")
    options = BuildOptions(use_tagger=False, views=False, ttl=False, workers=1,
                           now=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    build_graph([folder / "wire.txt"], out=folder / "out", options=options)
    return list(GraphStore.open(folder / "out", read_only=True).quads())


def test_a_wire_dateline_conforms(wire_quads: list[Quad]) -> None:
    stated = {q.predicate.value for q in wire_quads}
    assert {SCHEMA.locationCreated, SCHEMA.dateCreated, SCHEMA.sourceOrganization} <= stated
    assert validate_graph(_copy(wire_quads)).conforms


def test_a_dateline_pointing_at_the_wrong_kind_of_node_fails(wire_quads: list[Quad]) -> None:
    def swapped(q: Quad) -> Quad:
        if q.predicate.value == SCHEMA.locationCreated:  # a place that is an organization
            return Quad(q.subject, q.predicate, NamedNode(Minter().organization("新华通讯社")), q.graph_name)
        if q.predicate.value == SCHEMA.dateCreated:  # a date as printed, not an xsd:date
            return Quad(q.subject, q.predicate, Literal("4月25日"), q.graph_name)
        if q.predicate.value == SCHEMA.sourceOrganization:
            return Quad(q.subject, q.predicate, NamedNode(Minter().place("330100")), q.graph_name)
        return q

    result = validate_graph(_copy([swapped(q) for q in wire_quads]))
    assert {(f.path, f.component) for f in result.violations} == {
        (SCHEMA.locationCreated, "ClassConstraintComponent"),
        (SCHEMA.dateCreated, "DatatypeConstraintComponent"),
        (SCHEMA.sourceOrganization, "ClassConstraintComponent"),
    }


# ------------------------------------------------------------------ quotations (issue 22)


def _quote_begin(quads: list[Quad]) -> Quad:
    node = next(q.subject for q in quads if q.predicate.value == RDF.type and q.object.value == SCHEMA.Quotation)
    return next(q for q in quads if q.subject == node and q.predicate.value == NIF.beginIndex)


def test_a_quotation_off_its_words_fails(sample_quads: list[Quad]) -> None:
    begin = _quote_begin(sample_quads)
    moved = Quad(begin.subject, begin.predicate, Literal(str(int(begin.object.value) + 1), datatype=NamedNode(XSD.integer)), begin.graph_name)
    result = validate_graph(_copy([q for q in sample_quads if q != begin] + [moved]))
    assert [f.focus for f in result.violations] == [begin.subject.value]
    assert {f.message for f in result.violations} == {"the quotation's text is not the span [begin, end) of the article it is part of"}


def test_a_quotation_needs_its_words_and_a_kind_of_speech(sample_quads: list[Quad]) -> None:
    begin = _quote_begin(sample_quads)
    speech = "https://kg.example.org/ontology#speech"
    dropped = [q for q in sample_quads if not (q.subject == begin.subject and q.predicate.value in (SCHEMA.text, speech))]
    result = validate_graph(_copy(dropped))
    assert {f.path for f in result.violations} >= {SCHEMA.text, speech}
    odd = Quad(begin.subject, NamedNode(speech), Literal("sung"), begin.graph_name)
    result = validate_graph(_copy(sample_quads + [odd]))
    assert "InConstraintComponent" in _components(result)


# ------------------------------------------------------------------ events (issue 19)

FIRE_TEXT = "1月8日，荆州区某小区发生火灾，造成2人死亡，过火面积200平方米。荆州区消防救援大队赶到现场。"


@pytest.fixture(scope="module")
def event_quads() -> list[Quad]:
    """A page whose one article reports a fire: a happening with its place, time, roles and figures."""
    from kg.build.pages import page_store
    from kg.model import (
        Article,
        ArticleKind,
        ArticleResult,
        EntityKey,
        EntityType,
        EventMention,
        EventType,
        Figure,
        FigureValue,
        Mention,
        PageMeta,
        PageRecord,
        PageResult,
        TimeSpan,
    )

    meta = PageMeta("fire.txt", paper="测试报", date="2023-01-09", page="1", page_id="1")
    key = "测试报/2023-01-09/1/fire"
    place = EntityKey.of(EntityType.LOC, "421003")
    brigade = EntityKey.of(EntityType.ORG, "荆州区消防救援大队")
    at, brigade_at, trigger = FIRE_TEXT.index("荆州区"), FIRE_TEXT.rindex("荆州区"), FIRE_TEXT.index("火灾")
    mentions = (
        Mention(key, at, at + 3, "荆州区", EntityType.LOC, canonical="荆州区", code="421003", entity=place),
        Mention(key, brigade_at, brigade_at + 9, "荆州区消防救援大队", EntityType.ORG, canonical="荆州区消防救援大队",
                entity=brigade),
    )
    fire = EventMention(
        key, trigger, trigger + 2, "火灾", EventType.FIRE, time=TimeSpan("2023-01-08", "2023-01-08", "day", "1月8日", 0),
        place=0, participants=((1, "authority"),), named=False, main=True,
        figures=(FigureValue(Figure.DEATHS, 2, "人", 18, 22), FigureValue(Figure.AREA, 200, "平方米", 23, 34)),
    )
    article = Article(key, meta, ArticleKind.ARTICLE, "荆州区一小区发生火灾", FIRE_TEXT)
    result = PageResult(PageRecord(meta, "0" * 64, (key,)), (ArticleResult(article, mentions, (fire,)),))
    return list(page_store(result).quads())


def _event_node(quads: list[Quad]) -> NamedNode:
    return next(q.subject for q in quads if q.predicate.value == RDF.type and q.object.value == KG.Fire)


def test_a_graph_with_a_happening_conforms(event_quads: list[Quad]) -> None:
    event = _event_node(event_quads)
    assert event.value == "https://kg.example.org/event/fire/421003/2023-01-08"
    stated = {q.predicate.value for q in event_quads}
    assert {SCHEMA.about, KG.deaths, KG.area, KG.participation} <= stated
    result = validate_graph(_copy(event_quads))
    assert result.conforms, result.violations[:5]
    assert validate_graph(_copy(event_quads), inference=True).conforms


def test_negative_figures_and_values_without_a_number_fail(event_quads: list[Quad]) -> None:
    def broken(q: Quad) -> Quad:
        if q.predicate.value == KG.deaths:
            return Quad(q.subject, q.predicate, Literal("-2", datatype=NamedNode(XSD.integer)), q.graph_name)
        if q.predicate.value == SCHEMA.value:
            return Quad(q.subject, q.predicate, Literal("两百"), q.graph_name)
        return q

    result = validate_graph(_copy([broken(q) for q in event_quads]))
    assert {(f.path, f.component) for f in result.violations} == {
        (KG.deaths, "MinInclusiveConstraintComponent"), (KG.area, "NodeConstraintComponent"),
    }


def test_an_event_of_two_types_or_without_its_family_fails(event_quads: list[Quad]) -> None:
    event = _event_node(event_quads)
    graph = next(q.graph_name for q in event_quads if q.subject == event)
    typed = [Quad(event, NamedNode(RDF.type), NamedNode(cls), graph) for cls in (KG.Theft, KG.Crime, KG.CrimeJusticeEvent)]
    result = validate_graph(_copy(event_quads + typed))
    assert {f.message for f in result.violations} == {
        "an event is of two types, neither a kind of the other", "an event of a kg type is of exactly one family",
    }
    no_family = [q for q in event_quads if not (q.subject == event and q.object.value == KG.DisasterEvent)]
    result = validate_graph(_copy([*no_family, typed[0]]))
    assert {f.message for f in result.violations} == {
        "an event is of two types, neither a kind of the other", "an event of a kg type is of exactly one family",
        "an event of a kind of type is not stated of the type above it",
    }


def test_an_event_class_without_schema_event_and_a_second_main_event_fail(event_quads: list[Quad]) -> None:
    event = _event_node(event_quads)
    bare = [q for q in event_quads if not (q.subject == event and q.object.value == SCHEMA.Event)]
    result = validate_graph(_copy(bare))
    assert ("ClassConstraintComponent", event.value) in {(f.component, f.focus) for f in result.violations}
    about = next(q for q in event_quads if q.predicate.value == SCHEMA.about)
    other = NamedNode(Minter().happening("fire", ("421002",), "2023-01-08"))
    second = [Quad(about.subject, about.predicate, other, about.graph_name),
              Quad(other, NamedNode(RDF.type), NamedNode(SCHEMA.Event), about.graph_name),
              Quad(other, NamedNode(SCHEMA.name), Literal("火灾"), about.graph_name)]
    result = validate_graph(_copy(event_quads + second))
    assert [(f.path, f.component) for f in result.violations] == [(SCHEMA.about, "MaxCountConstraintComponent")]


def test_a_participant_role_outside_the_taxonomy_fails(event_quads: list[Quad]) -> None:
    role = next(q for q in event_quads if q.predicate.value == KG.participantRole)
    odd = Quad(role.subject, role.predicate, Literal("主持"), role.graph_name)
    result = validate_graph(_copy([q for q in event_quads if q != role] + [odd]))
    assert [(f.path, f.component) for f in result.violations] == [(KG.participantRole, "InConstraintComponent")]


# ------------------------------------------------------------------ kinds (issue 17)


def _kind_quads() -> list[Quad]:
    from kg.entity_kinds import EntityKind
    from kg.graph.rdf import Context, entity_quads
    from kg.model import Entity, EntityKey, EntityType

    county = Entity(EntityKey.of(EntityType.LOC, "420606"), EntityType.LOC, "樊城区", code="420606",
                    kind=EntityKind.ADMINISTRATIVE_AREA)
    road = Entity(EntityKey.of(EntityType.LOC, "420606", "某某路"), EntityType.LOC, "某某路", parent=county.key,
                  kind=EntityKind.ROAD)
    market = Entity(EntityKey.of(EntityType.LOC, "420606", "某某农贸市场"), EntityType.LOC, "某某农贸市场",
                    parent=county.key, kind=EntityKind.MARKET)
    hospital = Entity(EntityKey.of(EntityType.ORG, "某某医院"), EntityType.ORG, "某某医院", located_in=county.key,
                      kind=EntityKind.HOSPITAL)
    return entity_quads([county, road, market, hospital], context=Context())


def test_a_graph_of_kinds_conforms() -> None:
    quads = _kind_quads()
    assert {q.object.value for q in quads if q.predicate.value == RDF.type} >= {KG.Road, KG.Market, SCHEMA.Hospital}
    result = validate_graph(_copy(quads))
    assert result.conforms, result.violations
    assert validate_graph(_copy(quads), inference=True).conforms


def test_a_kind_without_its_base_class_fails() -> None:
    road = Minter().place("420606", "某某路")
    hospital = Minter().organization("某某医院")
    bases = {(road, SCHEMA.Place), (hospital, SCHEMA.Organization)}
    quads = [q for q in _kind_quads() if (q.subject.value, q.object.value) not in bases]
    result = validate_graph(_copy(quads))
    assert {(f.focus, f.component) for f in result.violations} == {
        (road, "ClassConstraintComponent"), (hospital, "ClassConstraintComponent"),
    }
