"""The vocabularies of kg.graph.namespace against the ontology and shapes files."""

from __future__ import annotations

import rdflib
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import NamedNode
from rdflib.collection import Collection

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
                assert KG.ns + word[3:].rstrip(".;,:") in KG.iris(), (path.name, word)  # a comment's "kg:x:" too


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


def test_every_byline_role_has_its_term_and_its_chinese_name() -> None:
    """One node type, one legend entry and one stats table a role (issue 21), named as kg.ttl names it."""
    from kg.graph.namespace import ROLE_TERMS
    from kg.graph.network import BYLINE_TYPES, TYPE_LABELS
    from kg.model import Role

    graph = _ontology()
    roles = {str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(KG.BylineRole))}
    assert set(ROLE_TERMS) == set(Role) and set(ROLE_TERMS.values()) == roles
    assert BYLINE_TYPES == tuple(role.value for role in Role)
    for role, iri in ROLE_TERMS.items():
        [label] = [str(o) for o in graph.objects(rdflib.URIRef(iri), rdflib.RDFS.label) if o.language == "zh"]
        assert TYPE_LABELS[role.value] == label, role


def test_nif_offsets_are_typed_as_nif_core_types_them() -> None:
    """NIF 2.0 Core gives nif:beginIndex and nif:endIndex the range xsd:nonNegativeInteger."""
    from kg.graph.namespace import NIF, NIF_DATATYPES, XSD

    assert NIF_DATATYPES == {NIF.beginIndex: XSD.nonNegativeInteger, NIF.endIndex: XSD.nonNegativeInteger}
    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"))
    offset = rdflib.URIRef("https://kg.example.org/shapes#Offset")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    [alternatives] = shapes.objects(offset, sh["or"])
    allowed = {str(d) for item in Collection(shapes, alternatives) for d in shapes.objects(item, sh.datatype)}
    assert allowed == {XSD.nonNegativeInteger, XSD.integer}  # as kg writes them, and as the store keeps them
    for path in (NIF.beginIndex, NIF.endIndex):
        used = [p for p in shapes.subjects(sh.path, rdflib.URIRef(path))]
        assert len(used) == 2 and all((p, sh.node, offset) in shapes and (p, sh.minInclusive, rdflib.Literal(0)) in shapes for p in used)


# ------------------------------------------------------------------ the event taxonomy (issue 19)

SCHEMA_EVENT = rdflib.URIRef("https://schema.org/Event")
# schema.org's Event and its subclasses (schema.org 26): what a class of the taxonomy may lie under.
_SCHEMA_EVENT_NAMES = """
    Event BusinessEvent ChildrensEvent ComedyEvent CourseInstance DanceEvent DeliveryEvent EducationEvent
    EventSeries ExhibitionEvent Festival FoodEvent Hackathon LiteraryEvent MusicEvent PublicationEvent
    SaleEvent ScreeningEvent SocialEvent SportsEvent TheaterEvent VisualArtsEvent
"""
SCHEMA_EVENTS = {rdflib.URIRef("https://schema.org/" + name) for name in _SCHEMA_EVENT_NAMES.split()}


def _event_classes() -> dict[str, str]:
    """Every class the code writes for an event type or family → the code's name for it."""
    from kg.graph.namespace import EVENT_CLASSES, FAMILY_CLASSES

    return {**{iri: t.value for t, iri in EVENT_CLASSES.items()}, **{iri: f.value for f, iri in FAMILY_CLASSES.items()}}


def test_every_event_type_and_family_is_a_class_with_labels_and_a_definition() -> None:
    from kg.graph.namespace import EVENT_CLASSES, FAMILY_CLASSES
    from kg.model import EventFamily, EventType

    assert set(EVENT_CLASSES) == set(EventType) - {EventType.EVENT} and set(FAMILY_CLASSES) == set(EventFamily)
    graph = _ontology()
    for iri in _event_classes():
        node = rdflib.URIRef(iri)
        assert (node, rdflib.RDF.type, rdflib.OWL.Class) in graph, iri
        labels = {label.language for label in graph.objects(node, rdflib.RDFS.label)}
        definitions = {c.language for c in graph.objects(node, rdflib.RDFS.comment)}
        assert {"zh", "en"} <= labels and "en" in definitions, iri


def test_each_event_class_sits_under_its_parent_or_family_and_its_schema_org_class() -> None:
    from kg.graph.namespace import EVENT_CLASSES, FAMILY_CLASSES, SCHEMA_EVENT_CLASSES

    graph = _ontology()
    for kind, iri in EVENT_CLASSES.items():
        above = EVENT_CLASSES[kind.parent] if kind.parent else FAMILY_CLASSES[kind.family]
        expected = {above, SCHEMA_EVENT_CLASSES.get(iri, str(SCHEMA_EVENT))}
        assert {str(o) for o in graph.objects(rdflib.URIRef(iri), rdflib.RDFS.subClassOf)} == expected, kind
    for family, iri in FAMILY_CLASSES.items():
        expected = {SCHEMA_EVENT_CLASSES.get(iri, str(SCHEMA_EVENT))}
        assert {str(o) for o in graph.objects(rdflib.URIRef(iri), rdflib.RDFS.subClassOf)} == expected, family


def test_the_ontology_has_no_event_class_the_code_lacks() -> None:
    graph = _ontology()
    below = {str(c) for top in SCHEMA_EVENTS for c in graph.transitive_subjects(rdflib.RDFS.subClassOf, top)}
    assert {c for c in below if c.startswith(KG.ns)} == set(_event_classes())


def test_the_event_shapes_list_the_code_s_classes_parents_and_roles() -> None:
    """shapes.ttl names the taxonomy in its targets and its SPARQL: kept equal to kg/event_types.py."""
    import re

    from kg.graph.namespace import EVENT_CLASSES, FAMILY_CLASSES
    from kg.model import EventRole, EventType

    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"))
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    kinds = rdflib.URIRef("https://kg.example.org/shapes#EventKindShape")
    assert {str(c) for c in shapes.objects(kinds, sh.targetClass)} == set(_event_classes())
    text = ontology_path("shapes.ttl").read_text(encoding="utf-8")
    local = {iri: "kg:" + iri.removeprefix(KG.ns) for iri in _event_classes()}
    parents = {f"({local[EVENT_CLASSES[t]]} {local[EVENT_CLASSES[t.parent]]})" for t in EventType if t.parent}
    for block in re.findall(r"VALUES \(\?kind \?\w+\) \{([^}]*)\}", text):
        assert set(re.findall(r"\(kg:\w+ kg:\w+\)", block)) == parents
    families = {local[iri] for iri in FAMILY_CLASSES.values()}
    for listed in re.findall(r"NOT IN \(([^)]*)\)", text) + re.findall(r"VALUES \?family \{([^}]*)\}", text):
        assert set(re.findall(r"kg:\w+", listed)) == families
    roles = next(o for s, o in shapes.subject_objects(sh["in"]) if (s, sh.path, rdflib.URIRef(KG.participantRole)) in shapes)
    assert [str(r) for r in Collection(shapes, roles)] == [r.value for r in EventRole]


# schema.org's own hierarchy for the classes kg's kinds use (each class's page, https://schema.org/<Class>,
# gives its parents in its "Thing > …" breadcrumbs). schema.org ships no machine-readable
# copy with kg, so the parents are written out here; each path ends at the base class.
_SCHEMA_PARENTS = {
    "GovernmentOrganization": ("Organization",),
    "Corporation": ("Organization",),
    "SportsTeam": ("SportsOrganization",),
    "SportsOrganization": ("Organization",),
    "Hospital": ("CivicStructure", "EmergencyService", "MedicalOrganization"),
    "EmergencyService": ("LocalBusiness",),
    "MedicalOrganization": ("Organization",),
    "LocalBusiness": ("Organization", "Place"),
    "EducationalOrganization": ("CivicStructure", "Organization"),
    "NGO": ("Organization",),
    "NewsMediaOrganization": ("Organization",),
    "Store": ("LocalBusiness",),
    "PoliticalParty": ("Organization",),
    "Country": ("AdministrativeArea",),
    "City": ("AdministrativeArea",),
    "AdministrativeArea": ("Place",),
    "Park": ("CivicStructure",),
    "CivicStructure": ("Place",),
    "LandmarksOrHistoricalBuildings": ("Place",),
    "TouristAttraction": ("Place",),
    "BodyOfWater": ("Landform",),
    "Mountain": ("Landform",),
    "Landform": ("Place",),
}


def _ancestors(iri: str, ontology: rdflib.Graph) -> set[str]:
    """Every superclass of a class: kg.ttl's rdfs:subClassOf, then schema.org's hierarchy above."""
    from kg.graph.namespace import SCHEMA

    found, pending = set(), [iri]
    while pending:
        current = pending.pop()
        parents = {str(o) for o in ontology.objects(rdflib.URIRef(current), rdflib.RDFS.subClassOf)}
        if current.startswith(SCHEMA.ns):
            parents |= {SCHEMA.ns + p for p in _SCHEMA_PARENTS.get(current.removeprefix(SCHEMA.ns), ())}
        pending += parents - found
        found |= parents
    return found


def test_every_kind_is_a_class_under_its_base_class() -> None:
    from kg.entity_kinds import EntityKind
    from kg.graph.namespace import KIND_CLASSES, SCHEMA
    from kg.model import EntityType

    base_classes = {EntityType.ORG: SCHEMA.Organization, EntityType.LOC: SCHEMA.Place}
    graph = _ontology()
    owl_classes = {str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class)}
    assert set(KIND_CLASSES) == set(EntityKind)
    for kind, iri in KIND_CLASSES.items():
        if kind.vocabulary == "kg":
            assert iri.startswith(KG.ns) and iri in owl_classes, kind
        else:
            assert iri == SCHEMA.ns + kind.value and kind.value in _SCHEMA_PARENTS, kind
        assert base_classes[kind.base] in _ancestors(iri, graph), kind


def test_the_kg_kinds_of_places_are_places_and_no_organizations() -> None:
    from kg.graph.namespace import SCHEMA

    graph = _ontology()
    for term in ("Road", "Highway", "Square", "Market"):
        ancestors = _ancestors(KG.ns + term, graph)
        assert SCHEMA.Place in ancestors and SCHEMA.Organization not in ancestors, term
    assert KG.Road in _ancestors(KG.Highway, graph)
