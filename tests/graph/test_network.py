"""The corpus graph the views read: each organization's and place's finer kind, and the kinds' names."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.entity_kinds import EntityKind
from kg.graph.event_classes import class_labels
from kg.graph.namespace import KIND_CLASSES
from kg.graph.network import ORGANIZATION, PLACE, load_corpus
from tests.web.kinds_graph import (
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
