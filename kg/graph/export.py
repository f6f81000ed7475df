"""Export: write a built graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or GraphML.

Triple formats (Turtle, N-Triples) get the union of all named graphs; quad formats
(N-Quads, TriG, JSON-LD) keep one named graph per article. GraphML is a network for
Gephi: articles, persons, organizations, places and events as nodes with ``label`` and
``type``, and the links between them as edges with a ``relation``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg import errors
from kg.graph.namespace import KG, NIF, SCHEMA
from kg.atomic import write_atomic

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph.store import GraphStore

FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "graphml")
NODE_TYPES = {
    SCHEMA.NewsArticle: "Article",
    SCHEMA.Article: "Article",
    SCHEMA.Person: "Person",
    SCHEMA.Organization: "Organization",
    SCHEMA.Place: "Place",
    SCHEMA.Event: "Event",
}
RELATIONS = ("author", "contributor", "mentions", "containedInPlace", "worksFor", "location", "organizer", "attendee")


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
    else:
        store.dump(stream, fmt=fmt)


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
_MENTION_COUNTS = f"""
SELECT ?article ?entity (COUNT(DISTINCT ?mention) AS ?n) WHERE {{
  ?mention <{KG.denotes}> ?entity ; <{NIF.referenceContext}> ?article .
}} GROUP BY ?article ?entity"""


def network_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The graph as a network: one node a resource, one edge a link, keyed by relation.

    Nodes carry ``label``, ``type`` (Article, Person, Organization, Place, Event) and,
    where known, ``kind`` (the kg subclass), ``date`` and ``identifier``; edges carry
    ``relation`` and ``weight`` (for ``mentions``: how many times the article names it).
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
    for row in store.query(_EDGES):
        s, o = row["s"].value, row["o"].value
        relation = row["p"].value.removeprefix(SCHEMA.ns)
        if s in graph and o in graph:
            weight = weights.get((s, o), 1) if relation == "mentions" else 1
            graph.add_edge(s, o, key=relation, relation=relation, weight=weight)
    return graph
