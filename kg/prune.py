"""Shared facts a changed page leaves behind: aliases no mention supports, orphan entities.

Entity nodes live in one shared graph (``…/graph/entities``), written once by whichever
page names them first; a page's own named graphs are replaced when the page changes,
but the facts it added to the shared graph stay. After a build that replaced pages,
:func:`prune_shared` removes

- an ``alternateName`` that no mention of the entity reads any more (a corrected
  misspelling, say): aliases are the forms mentions printed (:mod:`kg.resolve`);
- an event no article mentions any more, with its participation nodes (events are
  resolved across each build and stored in their own shared graph);
- an entity nothing refers to any more: no article mentions it, no byline credits it,
  no other node (a place inside it, an event, another entity) points at it. Removing
  one may orphan the place that contained it, so this repeats until nothing changes.

Job titles and employers are not traced back to their mentions: a changed page may
leave one behind (see the closing notes). Both updates are plain SPARQL 1.1, so they run
on the embedded store and on a Graph Store endpoint alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from kg.namespace import KG, NIF, PROV, RDF, SCHEMA

# Removing one layer of orphans may orphan the divisions above it (village → township
# → county → city → province), so a few passes reach every level.
MAX_PASSES = 8


# Nodes a look-up names at once in its VALUES clause.
CHUNK = 500


class Updatable(Protocol):
    def query(self, sparql: str) -> Any: ...

    def update(self, sparql: str) -> None: ...

    def __len__(self) -> int: ...


def restate_shared(
    store: Updatable,
    *,
    graph: str,
    nodes: Iterable[str],
    written: set[Quad],
    build: str,
    shared_graphs: Sequence[str],
) -> int:
    """Drop the old facts of the nodes only this build's articles refer to.

    A shared node's facts are the union of what every page that names it said. When
    every article that refers to a node was written by ``build``, this build's
    statement of it (``written``) is complete, and any other fact of it in ``graph``
    (an event's old place, a person's old job title) came from a page since changed.
    A node an older article still refers to keeps all its facts.

    Args:
        shared_graphs: graphs whose references do not count (facts about other nodes).

    Returns:
        The number of quads removed.
    """
    stale: list[Quad] = []
    nodes = sorted(set(nodes))
    for i in range(0, len(nodes), CHUNK):
        sparql = _RESTATE.format(
            nodes=" ".join(f"<{n}>" for n in nodes[i : i + CHUNK]),
            graph=graph,
            shared=", ".join(f"<{g}>" for g in shared_graphs),
            build=build,
        )
        for row in store.query(sparql):
            quad = Quad(row[0], row[1], row[2], NamedNode(graph))
            if quad not in written:
                stale.append(quad)
    for i in range(0, len(stale), CHUNK):
        data = serialize([q.triple for q in stale[i : i + CHUNK]], format=RdfFormat.N_TRIPLES).decode("utf-8")
        store.update(f"DELETE DATA {{ GRAPH <{graph}> {{ {data} }} }}")
    return len(stale)


def prune_shared(store: Updatable, *, entities_graph: str, events_graph: str) -> int:
    """Remove orphan events, unsupported aliases and orphan entities from the shared graphs.

    Returns:
        The number of quads removed.
    """
    before = len(store)
    store.update(_EVENTS.replace("GRAPH_IRI", events_graph))
    store.update(_ALIASES.replace("GRAPH_IRI", entities_graph))
    # Asking stops at the first orphan; counting the store would read all of it.
    ask = "ASK" + _ORPHAN_ENTITIES.replace("GRAPH_IRI", entities_graph).split("WHERE", 1)[1]
    for _ in range(MAX_PASSES):
        if not bool(store.query(ask)):
            break
        store.update(_ORPHANS.replace("GRAPH_IRI", entities_graph))
    return before - len(store)


_RESTATE = f"""
SELECT ?s ?p ?o WHERE {{{{
  VALUES ?n {{{{ {{nodes}} }}}}
  {{{{ GRAPH <{{graph}}> {{{{ ?n ?p ?o }}}} BIND (?n AS ?s) }}}}
  UNION {{{{ GRAPH <{{graph}}> {{{{ ?n <{KG.participation}> ?s . ?s ?p ?o }}}} }}}}
  FILTER NOT EXISTS {{{{
    GRAPH ?a {{{{ ?x ?r ?n }}}}
    FILTER (?a NOT IN ({{shared}}))
    FILTER NOT EXISTS {{{{ GRAPH ?a {{{{ ?a <{PROV.wasGeneratedBy}> <{{build}}> }}}} }}}}
  }}}}
}}}}"""

# The orphans are found first, in a subquery: a group-wide FILTER would test each of an
# event's facts, crossed with each of its participations' (0.4 s against 0.03 s).
_UNREFERENCED = "FILTER NOT EXISTS { GRAPH ?any { ?s ?q ?e } FILTER (?s != ?e) }"

_EVENTS = f"""
DELETE {{ GRAPH <GRAPH_IRI> {{ ?e ?p ?o . ?part ?pp ?po }} }}
WHERE {{
  {{ SELECT ?e WHERE {{ GRAPH <GRAPH_IRI> {{ ?e <{RDF.type}> <{SCHEMA.Event}> }} {_UNREFERENCED} }} }}
  GRAPH <GRAPH_IRI> {{ ?e ?p ?o }}
  OPTIONAL {{ GRAPH <GRAPH_IRI> {{ ?e <{KG.participation}> ?part . ?part ?pp ?po }} }}
}}"""

_ALIASES = f"""
DELETE {{ GRAPH <GRAPH_IRI> {{ ?e <{SCHEMA.alternateName}> ?alias }} }}
WHERE {{
  GRAPH <GRAPH_IRI> {{ ?e <{SCHEMA.alternateName}> ?alias }}
  FILTER NOT EXISTS {{ GRAPH ?article {{ ?mention <{KG.denotes}> ?e ; <{NIF.anchorOf}> ?alias }} }}
}}"""

_ORPHAN_ENTITIES = f"""
SELECT ?e WHERE {{
  VALUES ?class {{ <{SCHEMA.Person}> <{SCHEMA.Organization}> <{SCHEMA.Place}> }}
  GRAPH <GRAPH_IRI> {{ ?e <{RDF.type}> ?class }}
  {_UNREFERENCED}
}}"""

_ORPHANS = f"""
DELETE {{ GRAPH <GRAPH_IRI> {{ ?e ?p ?o }} }}
WHERE {{ {{ {_ORPHAN_ENTITIES} }} GRAPH <GRAPH_IRI> {{ ?e ?p ?o }} }}"""
