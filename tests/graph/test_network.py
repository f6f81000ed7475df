"""The corpus graph the views read: each organization's and place's finer kind, and the kinds' names;
a link stated twice."""

from __future__ import annotations

from collections import Counter

import pytest
from pyoxigraph import NamedNode, Quad

from kg.entity_kinds import EntityKind
from kg.graph.event_classes import class_labels
from kg.graph.namespace import KIND_CLASSES
from kg.graph.network import ORGANIZATION, PLACE, load_corpus
from tests.web.kinds_graph import (
    BASE,
    BAY,
    BUREAU,
    COUNTY,
    HOSPITAL,
    PERSON,
    ROAD,
    TRADER,
    VOLUNTEERS,
    kinds_store,
)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(kinds_store())


def test_each_organization_and_place_carries_its_kind_and_its_chinese_name(corpus):
    nodes = corpus.graph.nodes
    found = {iri: (nodes[iri]["type"], nodes[iri]["entity_kind"], nodes[iri]["kind"])
             for iri in (HOSPITAL, BUREAU, ROAD, COUNTY, VOLUNTEERS, PERSON)}
    assert found == {
        HOSPITAL: (ORGANIZATION, "Hospital", "医院"),
        BUREAU: (ORGANIZATION, "GovernmentOrganization", "政府机构"),
        ROAD: (PLACE, "Road", "道路"),
        COUNTY: (PLACE, "AdministrativeArea", "行政区划"),
        VOLUNTEERS: (ORGANIZATION, "", ""),  # stated no kind
        PERSON: ("person", "", ""),
    }


def test_two_kinds_stated_the_first_of_entity_kind_wins_and_a_kind_of_another_base_is_ignored(corpus):
    nodes = corpus.graph.nodes
    assert (nodes[TRADER]["entity_kind"], nodes[TRADER]["kind"]) == ("Corporation", "企业")  # Hospital too
    assert (nodes[BAY]["type"], nodes[BAY]["entity_kind"]) == (PLACE, "")  # a place stated schema:Hospital


def test_the_sample_graph_kinds_are_the_classes_the_store_states(sample_graph_dir):
    from kg.graph.store import GraphStore

    store = GraphStore.open(sample_graph_dir, read_only=True)
    corpus = load_corpus(store)
    classes = " ".join(f"<{iri}>" for iri in KIND_CLASSES.values())
    stated = Counter(
        row[1].value for row in store.query(f"SELECT DISTINCT ?e ?c WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c }}")
    )
    found = Counter(
        KIND_CLASSES[EntityKind(kind)] for _, kind in corpus.graph.nodes(data="entity_kind") if kind
    )
    assert found == stated and stated[KIND_CLASSES[EntityKind.ROAD]] >= 2 and len(stated) >= 5


def test_every_kind_has_two_names_and_kg_classes_keep_the_ontology_label():
    labels = class_labels()
    assert len({kind.label for kind in EntityKind}) == len(EntityKind)
    assert all(kind.label and kind.label_en and kind.display == f"{kind.label} {kind.label_en}" for kind in EntityKind)
    assert EntityKind.HOSPITAL.display == "医院 Hospital" and EntityKind.ROAD.display == "道路 Road"
    for kind in (k for k in EntityKind if k.vocabulary == "kg"):
        assert kind.label == labels[KIND_CLASSES[kind]]


def _graph_of(corpus) -> tuple[list, list, list]:
    g = corpus.graph
    return list(g.nodes(data=True)), list(g.edges(data=True)), [list(g.adj[n]) for n in g]


def test_a_mention_link_stated_in_two_graphs_links_once(corpus, monkeypatch):
    """schema:mentions read without DISTINCT: a link stated again elsewhere gives the same corpus graph."""
    from kg.graph import network

    store = kinds_store()
    article = next(iter(corpus.articles[HOSPITAL]))
    mentions = NamedNode("https://schema.org/mentions")
    store.add([Quad(NamedNode(article), mentions, NamedNode(HOSPITAL), NamedNode(BASE + "graph/other"))])
    again = load_corpus(store)
    monkeypatch.setattr(network, "_Q_LINKS", network._Q_LINKS.replace("SELECT ", "SELECT DISTINCT "))
    assert _graph_of(again) == _graph_of(load_corpus(store))
    assert again.graph.edges[article, HOSPITAL]["rels"] == {"mentions"}
    assert again.articles[HOSPITAL] == corpus.articles[HOSPITAL] == [article]
    assert again.graph.nodes[HOSPITAL]["mentions"] == corpus.graph.nodes[HOSPITAL]["mentions"] == 1


def test_an_entity_is_labelled_by_its_least_name_and_an_event_spans_its_first_start_to_its_last_end():
    from pyoxigraph import Literal

    store = kinds_store()
    schema = "https://schema.org/"
    graph, event = NamedNode(BASE + "graph/entities"), BASE + "event/青禾义诊"
    unnamed = BASE + "place/%E6%B2%B3%E5%8F%A3"  # 河口, percent-encoded
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    date = NamedNode("http://www.w3.org/2001/XMLSchema#date")
    store.add([
        Quad(NamedNode(HOSPITAL), NamedNode(schema + "name"), Literal("县医院"), graph),  # sorts after 青
        Quad(NamedNode(HOSPITAL), NamedNode(schema + "name"), Literal("一院"), NamedNode(BASE + "graph/other")),
        Quad(NamedNode(event), rdf_type, NamedNode(schema + "Event"), graph),
        *(Quad(NamedNode(event), NamedNode(schema + p), Literal(d, datatype=date), graph)
          for p, d in (("startDate", "2024-03-02"), ("startDate", "2024-02-28"), ("endDate", "2024-03-01"),
                       ("endDate", "2024-03-05"))),
        Quad(NamedNode(unnamed), rdf_type, NamedNode(schema + "Place"), graph),
    ])
    nodes = load_corpus(store).graph.nodes
    assert nodes[HOSPITAL]["label"] == "一院" and set(nodes[HOSPITAL]["aliases"]) == set()
    assert (nodes[event]["start"], nodes[event]["end"], nodes[event]["type"]) == ("2024-02-28", "2024-03-05", "event")
    assert (nodes[unnamed]["label"], nodes[unnamed]["start"], nodes[unnamed]["end"]) == ("河口", "", "")
    assert (nodes[PERSON]["label"], nodes[PERSON]["start"]) == ("王晓枫", "")
