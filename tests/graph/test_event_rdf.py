"""The RDF of events (issue 19): classes materialized, dates at their precision, figures, main events."""

from __future__ import annotations

import dataclasses

import pytest
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, serialize
from rdflib.compare import graph_diff, isomorphic

from kg.graph.event_rdf import (
    about_quads,
    event_link_quads,
    event_quads,
    stated_classes,
)
from kg.graph.namespace import EVENT_CLASSES, FAMILY_CLASSES, KG, PROV, SCHEMA, Minter
from kg.graph.prune import prune_shared, restate_shared
from kg.graph.rdf import EVENTS, Context
from kg.graph.store import GraphStore
from kg.model import EntityKey, EntityType, Event, EventKey, EventType, Figure

ARTICLE = "测试报/2023-01-09/1/abc"
PLACE = EntityKey.of(EntityType.LOC, "421003")
BRIGADE = EntityKey.of(EntityType.ORG, "荆州区消防救援大队")
FIRE = Event(
    key=EventKey("fire/421003", "2023-01-08"),
    name="火灾",
    event_type=EventType.FIRE,
    start="2023-01-08",
    end="2023-01-08",
    granularity="day",
    place=PLACE,
    participants=((BRIGADE, "authority"),),
    articles=(ARTICLE,),
    named=False,
    figures=((Figure.DEATHS, 2.0, "人"), (Figure.AREA, 200.0, "平方米")),
    main_of=(ARTICLE,),
)
PREFIXES = """
@prefix schema: <https://schema.org/> .
@prefix kg: <https://kg.example.org/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _graph(quads: list[Quad]) -> rdflib.Graph:
    """The quads' triples as an rdflib graph, the named graphs dropped."""
    return rdflib.Graph().parse(data=serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES), format="nt")


def _same(quads: list[Quad], turtle: str) -> None:
    built, expected = _graph(quads), rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle")
    _, missing, extra = graph_diff(expected, built)
    assert isomorphic(built, expected), (sorted(map(str, missing))[:5], sorted(map(str, extra))[:5])


def test_a_happening_maps_to_its_classes_place_roles_figures_and_main_article() -> None:
    context = Context()
    quads = event_quads([FIRE], context=context) + list(about_quads([FIRE], context=context))
    _same(quads, """
    <https://kg.example.org/event/fire/421003/2023-01-08> a schema:Event , kg:Fire , kg:DisasterEvent ;
        schema:name "火灾" ;
        schema:startDate "2023-01-08"^^xsd:date ; schema:endDate "2023-01-08"^^xsd:date ;
        schema:location <https://kg.example.org/place/421003> ;
        kg:participation <https://kg.example.org/event/fire/421003/2023-01-08#participation-1> ;
        kg:deaths 2 ;
        kg:area <https://kg.example.org/event/fire/421003/2023-01-08#figure-area> .
    <https://kg.example.org/event/fire/421003/2023-01-08#participation-1> a kg:Participation ;
        kg:participant <https://kg.example.org/org/荆州区消防救援大队> ; kg:participantRole "authority" .
    <https://kg.example.org/event/fire/421003/2023-01-08#figure-area> a schema:QuantitativeValue ;
        schema:value 200.0 ; schema:unitText "平方米" .
    <https://kg.example.org/article/测试报/2023-01-09/1/abc> schema:about <https://kg.example.org/event/fire/421003/2023-01-08> .
    """)
    about = [q for q in quads if q.predicate.value == SCHEMA.about]
    assert [q.graph_name.value for q in about] == [Minter().article(ARTICLE)]  # in the article's graph
    assert {q.graph_name.value for q in quads} - {Minter().article(ARTICLE)} == {Minter().graph(EVENTS)}


def test_a_year_stays_a_year_in_the_iri_and_the_date() -> None:
    campaign = Event(EventKey("雷火行动", "2022"), "雷火行动", EventType.CAMPAIGN, "2022-01-01", "2022-12-31", "year")
    quads = event_quads([campaign], context=Context())
    _same(quads, """
    <https://kg.example.org/event/雷火行动/2022> a schema:Event , kg:Campaign , kg:PoliticsEvent ;
        schema:name "雷火行动" ; schema:startDate "2022"^^xsd:gYear ; schema:endDate "2022"^^xsd:gYear .
    """)
    assert {q.subject.value for q in quads} == {"https://kg.example.org/event/雷火行动/2022"}


@pytest.mark.parametrize(
    ("kind", "classes"),
    [
        (EventType.THEFT, {SCHEMA.Event, KG.Theft, KG.Crime, KG.CrimeJusticeEvent}),
        (EventType.SELECTION, {SCHEMA.Event, KG.Selection, KG.Award, KG.SocietyEvent}),
        (EventType.OPENING, {SCHEMA.Event, KG.Opening, KG.EconomyEvent, SCHEMA.BusinessEvent}),
        (EventType.ACTIVITY, {SCHEMA.Event, KG.PublicActivity, KG.SocietyEvent, SCHEMA.SocialEvent}),
        (EventType.COMPETITION, {SCHEMA.Event, KG.Competition, KG.CultureEvent, SCHEMA.SportsEvent}),
        (EventType.EVENT, {SCHEMA.Event}),
    ],
)
def test_an_event_is_stated_in_its_type_the_types_above_and_its_family(kind: EventType, classes: set[str]) -> None:
    assert set(stated_classes(kind)) == classes and stated_classes(kind)[0] == SCHEMA.Event


def test_every_type_has_one_class_and_one_family() -> None:
    for kind in EventType:
        kinds = set(stated_classes(kind)) & (set(EVENT_CLASSES.values()) | set(FAMILY_CLASSES.values()))
        assert len(kinds & set(FAMILY_CLASSES.values())) == (kind is not EventType.EVENT), kind
        assert len(kinds) == len(kind.ancestors()) + 2 * (kind is not EventType.EVENT), kind


def test_happening_iris_by_type_place_and_date_at_precision() -> None:
    context = Context()
    assert context.event_iri(EventKey("arrest/unplaced", "2023-01")) == "https://kg.example.org/event/arrest/unplaced/2023-01"
    assert context.event_iri(EventKey("fire/421022/某镇", None)) == "https://kg.example.org/event/fire/421022/某镇/undated"
    assert context.event_iri(EventKey("arrest/unplaced", "2023-01-08~2")).endswith("/arrest/unplaced/2023-01-08~2")
    assert context.event_iri(EventKey("春运", "2023-01-07")) == "https://kg.example.org/event/春运/2023-01-07"


def test_an_event_mention_denotes_its_event_and_a_victim_is_no_attendee() -> None:
    context = Context()
    links = list(event_link_quads([(ARTICLE, 0, 2, FIRE.key)], context=context))
    article = Minter().article(ARTICLE)
    event = context.event_iri(FIRE.key)
    assert {(q.subject.value, q.predicate.value, q.object.value) for q in links} == {
        (f"{article}#char=0,2", KG.denotes, event), (article, SCHEMA.mentions, event),
    }
    victim = EntityKey.of(EntityType.PER, "李某")
    crash = Event(EventKey("traffic_accident/unplaced", None), "车祸", EventType.TRAFFIC_ACCIDENT,
                  participants=((victim, "victim"), (BRIGADE, "attended")), named=False)
    attendees = [q.object.value for q in event_quads([crash], context=context) if q.predicate.value == SCHEMA.attendee]
    assert attendees == [context.entity_iri(BRIGADE)]


def test_an_orphan_event_goes_with_its_figures_and_participations(tmp_path) -> None:
    context = Context()
    store = GraphStore.open(tmp_path / "store")
    store.add(event_quads([FIRE], context=context))
    event = NamedNode(context.event_iri(FIRE.key))
    graph = Minter().graph(EVENTS)
    assert any(q.subject.value.endswith("#figure-area") for q in store.quads())
    prune_shared(store, entities_graph=Minter().graph("entities"), events_graph=graph)
    assert list(store.quads()) == []  # no article mentions it: nothing of it is left
    store.add(event_quads([FIRE], context=context))
    article = NamedNode(Minter().article(ARTICLE))
    build = Minter().build("x")
    store.add([Quad(article, NamedNode(SCHEMA.mentions), event, article),
               Quad(article, NamedNode(PROV.wasGeneratedBy), NamedNode(build), article)])
    # Rebuilt with a new area only: the old figure's value goes, as an old place would.
    smaller = dataclasses.replace(FIRE, figures=((Figure.AREA, 150.0, "平方米"),))
    written = set(event_quads([smaller], context=context))
    store.add(written)
    restate_shared(store, graph=graph, written=written, build=build, shared_graphs=[graph])
    values = {q.object.value for q in store.quads() if q.predicate.value in (SCHEMA.value, KG.deaths)}
    assert values in ({"150"}, {"150.0"})  # the deaths and the old area are gone


def test_stored_events_reads_named_events_an_article_names_back_by_day_and_old_dates_give_way():
    from kg.graph.event_rdf import forget_old_dates, stored_events
    from kg.model import StoredEvent

    context = Context(Minter())
    expo = dataclasses.replace(FIRE, key=EventKey("第五届数字经济博览会", "2023-03-05"), name="第五届数字经济博览会",
                               start="2023-03-05", end="2023-03-07", named=True, event_type=EventType.MEETING)
    monthly = dataclasses.replace(expo, key=EventKey("第五届数字经济博览会", "2023-05"), granularity="month",
                                  start="2023-05-01", end="2023-05-31")
    unnamed = dataclasses.replace(expo, key=EventKey("第五届数字经济博览会", "2023-09-01"), start="2023-09-01", end="2023-09-01")
    fire_named_alike = dataclasses.replace(FIRE, name="第五届数字经济博览会")  # a happening's node: never joined
    store = GraphStore.open(None)
    store.add(event_quads([expo, monthly, unnamed, fire_named_alike], context=context))
    links = [(ARTICLE, 0, 4, event.key) for event in (expo, monthly, fire_named_alike)]  # no article names `unnamed`
    store.add(event_link_quads(links, context=context))
    found = stored_events(store, ["第五届数字经济博览会", "别的会议"], context=context)
    assert found == [StoredEvent(expo.key, expo.name, "2023-03-05", "2023-03-07")]  # a month's says too little
    widened = dataclasses.replace(expo, end="2023-03-09")
    stated = event_quads([widened], context=context)
    store.add(stated)  # old and new dates side by side, until the old give way
    forget_old_dates(store, stated, [expo.key], context=context)
    assert stored_events(store, [expo.name], context=context) == [StoredEvent(expo.key, expo.name, "2023-03-05", "2023-03-09")]
    left = {q.predicate for q in store.quads() if q.subject == NamedNode(context.event_iri(monthly.key))}
    assert NamedNode(str(SCHEMA.startDate)) in left  # another event's dates stay


def test_minter_reads_a_named_event_s_name_and_date_back_from_its_iri() -> None:
    minter = Minter()
    assert minter.event_name_and_date(minter.event("A／B 行动", "2022")) == ("A／B 行动", "2022")
    assert minter.event_name_and_date(minter.event("雷火行动", None)) == ("雷火行动", None)
    assert minter.event_name_and_date(minter.happening("fire", ["421003"], "2023-01-08")) is None
    assert minter.event_name_and_date(minter.page("某报", "2023-01-09", "1")) is None
