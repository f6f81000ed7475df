"""The vocabularies of kg.graph.namespace against the ontology and shapes files."""

from __future__ import annotations

import rdflib
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import NamedNode

from kg.graph.namespace import KG, PREFIXES, Minter, iri_segment
from kg.package_data import ontology_path


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("kg.ttl"))


def test_kg_terms_match_the_ontology() -> None:
    graph = _ontology()
    defined = {str(s) for s in graph.subjects(rdflib.RDF.type, None) if str(s).startswith(KG.ns)}
    assert defined == set(KG.iris())


def test_every_kg_term_has_labels_in_chinese_and_english() -> None:
    graph = _ontology()
    for iri in KG.iris():
        languages = {label.language for label in graph.objects(rdflib.URIRef(iri), rdflib.RDFS.label)}
        assert {"zh", "en"} <= languages, iri


def test_shapes_use_only_defined_kg_terms() -> None:
    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"))
    used = {str(t) for triple in shapes for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(KG.ns)}
    assert used and used <= set(KG.iris())


def test_named_queries_use_only_defined_kg_terms() -> None:
    for path in ontology_path("queries").glob("*.rq"):
        text = path.read_text(encoding="utf-8")
        for word in text.replace("(", " ").replace(")", " ").split():
            if word.startswith("kg:") and len(word) > 3:
                assert KG.ns + word[3:].rstrip(".;,") in KG.iris(), (path.name, word)


def test_prefixes_match_the_ontology() -> None:
    declared = dict(_ontology().namespaces())
    for prefix in ("kg", "schema", "prov", "nif"):
        assert str(declared[prefix]) == PREFIXES[prefix]


@given(st.text(min_size=1, max_size=30))
def test_minted_iris_are_valid_for_any_name(name: str) -> None:
    minter = Minter()
    for iri in (minter.person(name), minter.organization(name), minter.place("421000", name), minter.event(name, None)):
        assert NamedNode(iri).value == iri
    assert "/" not in iri_segment(name)
