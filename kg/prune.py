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

from typing import Protocol

from kg.namespace import KG, NIF, RDF, SCHEMA

# Removing one layer of orphans may orphan the divisions above it (village → township
# → county → city → province), so a few passes reach every level.
MAX_PASSES = 8


class Updatable(Protocol):
    def update(self, sparql: str) -> None: ...

    def __len__(self) -> int: ...


def prune_shared(store: Updatable, *, entities_graph: str, events_graph: str) -> int:
    """Remove orphan events, unsupported aliases and orphan entities from the shared graphs.

    Returns:
        The number of quads removed.
    """
    before = len(store)
    store.update(_EVENTS.replace("GRAPH_IRI", events_graph))
    store.update(_ALIASES.replace("GRAPH_IRI", entities_graph))
    count = len(store)
    for _ in range(MAX_PASSES):
        store.update(_ORPHANS.replace("GRAPH_IRI", entities_graph))
        count, last = len(store), count
        if count == last:
            break
    return before - count


_EVENTS = f"""
DELETE {{ GRAPH ?g {{ ?e ?p ?o . ?part ?pp ?po }} }}
WHERE {{
  VALUES ?g {{ <GRAPH_IRI> }}
  GRAPH ?g {{ ?e <{RDF.type}> <{SCHEMA.Event}> }}
  FILTER NOT EXISTS {{ GRAPH ?any {{ ?s ?q ?e }} FILTER (?s != ?e) }}
  GRAPH ?g {{ ?e ?p ?o }}
  OPTIONAL {{ GRAPH ?g {{ ?e <{KG.participation}> ?part . ?part ?pp ?po }} }}
}}"""

_ALIASES = f"""
DELETE {{ GRAPH ?g {{ ?e <{SCHEMA.alternateName}> ?alias }} }}
WHERE {{
  VALUES ?g {{ <GRAPH_IRI> }}
  GRAPH ?g {{ ?e <{SCHEMA.alternateName}> ?alias }}
  FILTER NOT EXISTS {{ GRAPH ?article {{ ?mention <{KG.denotes}> ?e ; <{NIF.anchorOf}> ?alias }} }}
}}"""

_ORPHANS = f"""
DELETE {{ GRAPH ?g {{ ?e ?p ?o }} }}
WHERE {{
  VALUES ?g {{ <GRAPH_IRI> }}
  VALUES ?class {{ <{SCHEMA.Person}> <{SCHEMA.Organization}> <{SCHEMA.Place}> }}
  GRAPH ?g {{ ?e <{RDF.type}> ?class }}
  FILTER NOT EXISTS {{ GRAPH ?any {{ ?s ?q ?e }} FILTER (?s != ?e) }}
  GRAPH ?g {{ ?e ?p ?o }}
}}"""
