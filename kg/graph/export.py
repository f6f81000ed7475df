"""Export: write a built graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or GraphML.

Triple formats (Turtle, N-Triples) get the union of all named graphs; quad formats
(N-Quads, TriG, JSON-LD) keep one named graph per article. JSON-LD is compacted with
kg's ``@context`` (:mod:`kg.graph.jsonld`). Every RDF format gives NIF's offsets the
datatype NIF defines, which the store does not keep (:func:`nif_typed`). GraphML is a
network for Gephi: articles, persons, organizations, places and events as nodes with
``label`` and ``type``, and the links between them as edges with a ``relation``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pyoxigraph import Literal, NamedNode, Quad

from kg import errors
from kg.atomic import write_atomic
from kg.graph.jsonld import write_jsonld
from kg.graph.namespace import KG, NIF, NIF_DATATYPES, PROV, ROLE_TERMS, SCHEMA, XSD
from kg.graph.dump import serialize_quads

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph.store import GraphStore

FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "graphml")
# A file's extension → the format it names. .xml, .rdf and .owl name RDF/XML, which
# the export does not write: format_for gives None for them, as for any other.
EXTENSIONS = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".xml": "rdfxml",
    ".owl": "rdfxml",
    ".graphml": "graphml",
}
NODE_TYPES = {
    SCHEMA.NewsArticle: "Article",
    SCHEMA.Article: "Article",
    SCHEMA.Person: "Person",
    SCHEMA.Organization: "Organization",
    SCHEMA.Place: "Place",
    SCHEMA.Event: "Event",
}
RELATIONS = ("author", "contributor", "mentions", "containedInPlace", "worksFor", "location", "organizer", "attendee")


def format_for(path: str) -> str | None:
    """The export format a file's extension names (``x.nt`` → ``ntriples``), any case.

    Returns:
        A name of :data:`FORMATS`, or None when the extension names none of them
        (no extension, an unknown one, or a format the export does not write).
    """
    found = EXTENSIONS.get(Path(path).suffix.lower())
    return found if found in FORMATS else None


def export_graph(store: GraphStore, output: str | os.PathLike[str] | BinaryIO, *, fmt: str = "turtle") -> None:
    """Write the graph of ``store`` to a file (atomically) or a binary stream.

    Args:
        output: a file path, or an open binary stream such as ``sys.stdout.buffer``.
        fmt: one of :data:`FORMATS`.

    Raises:
        OutputError: the format is unknown or the file cannot be written.
    """
    if fmt not in FORMATS:
        raise errors.OutputError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if isinstance(output, (str, os.PathLike)):
        write_atomic(Path(output), lambda stream: _write(store, stream, fmt))
    else:
        _write(store, output, fmt)


def _write(store: GraphStore, stream: BinaryIO, fmt: str) -> None:
    if fmt == "graphml":
        import networkx as nx

        nx.write_graphml(network_graph(store), stream, encoding="utf-8")
    elif fmt == "jsonld":
        write_jsonld(nif_typed(store.quads()), stream)
    else:
        # Quad by quad through Python, not the store's own dump, which is several
        # times faster but writes the offsets as the store keeps them (xsd:integer).
        serialize_quads(nif_typed(store.quads()), stream, fmt=fmt)


def nif_typed(quads: Iterable[Quad]) -> Iterator[Quad]:
    """The quads, with NIF's offsets typed as NIF 2.0 defines them (``xsd:nonNegativeInteger``).

    kg writes them so, but Oxigraph stores every integer literal as ``xsd:integer``
    (oxigraph issue 526), as most stores do. An offset that is not a non-negative
    integer is left as it is: typed so it would be ill-typed.
    """
    wanted = {NamedNode(p): NamedNode(t) for p, t in NIF_DATATYPES.items()}
    integer = NamedNode(XSD.integer)
    for quad in quads:
        datatype = wanted.get(quad.predicate)
        obj = quad.object
        if datatype is not None and isinstance(obj, Literal) and obj.datatype == integer and _digits(obj.value):
            quad = Quad(quad.subject, quad.predicate, Literal(obj.value, datatype=datatype), quad.graph_name)
        yield quad


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


_NODES = """
SELECT DISTINCT ?node ?class ?label ?kind ?date ?identifier WHERE {
  VALUES ?class { %s }
  ?node a ?class .
  OPTIONAL { ?node <%s> ?name }
  OPTIONAL { ?node <%s> ?headline }
  BIND (COALESCE(?name, ?headline, STR(?node)) AS ?label)
  OPTIONAL { ?node a ?sub FILTER (STRSTARTS(STR(?sub), "%s")) }
  BIND (STRAFTER(STR(?sub), "#") AS ?kind)
  OPTIONAL { ?node <%s>|<%s> ?date }
  OPTIONAL { ?node <%s> ?identifier }
}""" % (
    " ".join(f"<{c}>" for c in NODE_TYPES),
    SCHEMA.name,
    SCHEMA.headline,
    KG.ns,
    SCHEMA.datePublished,
    SCHEMA.startDate,
    SCHEMA.identifier,
)
_EDGES = """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { %s }
  ?s ?p ?o .
  FILTER (isIRI(?o))
}""" % " ".join(f"<{SCHEMA.ns}{r}>" for r in RELATIONS)
_ROLES = f"""
SELECT DISTINCT ?article ?person ?role WHERE {{
  ?article <{PROV.qualifiedAttribution}> ?credit . ?credit <{PROV.agent}> ?person ; <{PROV.hadRole}> ?role .
}}"""
_MENTION_COUNTS = f"""
SELECT ?article ?entity (COUNT(DISTINCT ?mention) AS ?n) WHERE {{
  ?mention <{KG.denotes}> ?entity ; <{NIF.referenceContext}> ?article .
}} GROUP BY ?article ?entity"""


def network_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The graph as a network: one node a resource, one edge a link, keyed by relation.

    Nodes carry ``label``, ``type`` (Article, Person, Organization, Place, Event) and,
    where known, ``kind`` (the kg subclass), ``date`` and ``identifier``; edges carry
    ``relation`` and ``weight`` (for ``mentions``: how many times the article names it),
    and a byline's ``author`` or ``contributor`` edge its ``role`` (``Reporter``,
    ``Correspondent`` …; space-separated in the rare credit of two roles of one kind).
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in store.query(_NODES):
        node = row["node"].value
        if node in graph:
            continue  # a node of two listed classes keeps its first
        attrs = {"label": row["label"].value, "type": NODE_TYPES[row["class"].value]}
        for key in ("kind", "date", "identifier"):
            if row[key] is not None and row[key].value:
                attrs[key] = row[key].value
        graph.add_node(node, **attrs)
    weights = {(r["article"].value, r["entity"].value): int(r["n"].value) for r in store.query(_MENTION_COUNTS)}
    roles = _byline_roles(store)
    for row in store.query(_EDGES):
        s, o = row["s"].value, row["o"].value
        relation = row["p"].value.removeprefix(SCHEMA.ns)
        if s in graph and o in graph:
            weight = weights.get((s, o), 1) if relation == "mentions" else 1
            extra = {"role": " ".join(sorted(roles[s, o, relation]))} if (s, o, relation) in roles else {}
            graph.add_edge(s, o, key=relation, relation=relation, weight=weight, **extra)
    return graph


def _byline_roles(store: GraphStore) -> dict[tuple[str, str, str], set[str]]:
    """(article, person, author or contributor) → the roles of those credits (Reporter …)."""
    of_term = {iri: role for role, iri in ROLE_TERMS.items()}
    found: dict[tuple[str, str, str], set[str]] = {}
    for row in store.query(_ROLES):
        role = of_term.get(row["role"].value)
        if role is not None:  # as kg.graph.rdf links them: a reporter or a writer is an author
            relation = "author" if role.is_author else "contributor"
            found.setdefault((row["article"].value, row["person"].value, relation), set()).add(row["role"].value.rpartition("#")[2])
    return found
