"""RDF of events: the shared event nodes, their figures, and the links from articles to them.

An event node is a ``schema:Event`` and, materialized, an instance of its type's class,
of every type above it, of its family and of the schema.org classes above those (so
``?e a kg:Crime`` finds thefts and ``?e a kg:DisasterEvent`` fires, with no inference).
Its dates are typed by their precision (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``):
a year stays a year. Event nodes go to ``graph/events``; an article's mentions of them and
its ``schema:about`` (its main event) go to the article's own graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from string import Template

from pyoxigraph import Literal, Quad

from kg.graph.namespace import (
    EVENT_CLASSES,
    FAMILY_CLASSES,
    FIGURE_TERMS,
    KG,
    RDF,
    SCHEMA,
    SCHEMA_EVENT_CLASSES,
    XSD,
)
from kg.graph.prune import Updatable
from kg.graph.query import Queryable
from kg.graph.rdf import EVENTS, Context, _date
from kg.graph.statements import QuadGraph, lit, named_node
from kg.model import EntityType, Event, EventKey, EventRole, EventType, Figure, StoredEvent

# Figures with a unit are a schema:QuantitativeValue node; the others count persons.
QUANTITIES = frozenset({Figure.AREA, Figure.AMOUNT, Figure.MAGNITUDE})
# The roles of those present at an event, its schema:attendee too; a suspect, a victim,
# the authority acting and the body inspected take part without attending.
ATTENDING = frozenset(r.value for r in (
    EventRole.ATTENDED, EventRole.PARTICIPATED, EventRole.CHAIRED, EventRole.SPOKE,
    EventRole.INSPECTOR, EventRole.WINNER, EventRole.PARTY,
))


def stated_classes(event_type: EventType) -> tuple[str, ...]:
    """The classes an event of this type is stated in: schema:Event, its type's and those above, its family's."""
    kinds = [EVENT_CLASSES[t] for t in (event_type, *event_type.ancestors()) if t in EVENT_CLASSES]
    if event_type.family is not None:
        kinds.append(FAMILY_CLASSES[event_type.family])
    above = [SCHEMA_EVENT_CLASSES[k] for k in kinds if k in SCHEMA_EVENT_CLASSES]
    return tuple(dict.fromkeys((SCHEMA.Event, *kinds, *above)))


def event_quads(events: Iterable[Event], *, context: Context) -> list[Quad]:
    """Shared event nodes: classes, name, dates, place, organizers, participations, figures."""
    g = QuadGraph(named_node(context.minter.graph(EVENTS)))
    for event in events:
        iri = context.event_iri(event.key)
        for cls in stated_classes(event.event_type):
            g.add(iri, RDF.type, cls)
        g.text(iri, SCHEMA.name, event.name)
        if event.start:
            g.add(iri, SCHEMA.startDate, _date(at_precision(event.start, event.granularity)))
        if event.end:
            g.add(iri, SCHEMA.endDate, _date(at_precision(event.end, event.granularity)))
        if event.place and event.place.type is EntityType.LOC:
            # A venue recognized as an organization (在全国政协礼堂) is not a schema:Place.
            g.add(iri, SCHEMA.location, context.entity_iri(event.place))
        for org in event.organizers:
            g.add(iri, SCHEMA.organizer, context.entity_iri(org))
        for index, (who, role) in enumerate(sorted(set(event.participants))):
            _participation(g, iri, context.entity_iri(who), role, index)
        _figures(g, iri, event.figures)
    return g.quads


def at_precision(day: str, granularity: str | None) -> str:
    """2022-07-01 at month precision is 2022-07: a month stays a month, and a year a year."""
    return {"year": day[:4], "month": day[:7]}.get(granularity or "day", day)


def _participation(g: QuadGraph, event: str, who: str, role: str, index: int) -> None:
    node = f"{event}#participation-{index + 1}"
    if role in ATTENDING:
        g.add(event, SCHEMA.attendee, who)
    g.add(event, KG.participation, node)
    g.add(node, RDF.type, KG.Participation)
    g.add(node, KG.participant, who)
    g.text(node, KG.participantRole, role)


def _figures(g: QuadGraph, event: str, figures: Iterable[tuple[Figure, float, str]]) -> None:
    """Counts of persons as integers on the event; an area, an amount, a magnitude as a value with its unit."""
    for figure, value, unit in figures:
        if figure not in QUANTITIES:
            g.add(event, FIGURE_TERMS[figure], lit(round(value)))
            continue
        node = f"{event}#figure-{figure.value}"
        g.add(event, FIGURE_TERMS[figure], node)
        g.add(node, RDF.type, SCHEMA.QuantitativeValue)
        g.add(node, SCHEMA.value, lit(format(Decimal(repr(float(value))), "f"), XSD.decimal))
        g.text(node, SCHEMA.unitText, unit)


def event_link_quads(links: Iterable[tuple[str, int, int, EventKey]], *, context: Context) -> Iterator[Quad]:
    """Links from event mentions to their resolved events, in each article's graph.

    Args:
        links: ``(article key, start, end, event key)`` for each event mention.
    """
    for key, start, end, event_key in links:
        iri = context.minter.article(key)
        g = QuadGraph(named_node(iri))
        event = context.event_iri(event_key)
        g.add(context.minter.mention(iri, start, end), KG.denotes, event)
        g.add(iri, SCHEMA.mentions, event)
        yield from g.quads


def about_quads(events: Iterable[Event], *, context: Context) -> Iterator[Quad]:
    """``schema:about`` from each article to its main event (the one its headline and lead report), in its graph."""
    for event in events:
        target = context.event_iri(event.key)
        for key in event.main_of:
            iri = context.minter.article(key)
            yield Quad(named_node(iri), named_node(SCHEMA.about), named_node(target), named_node(iri))


# ------------------------------------------------------------------ events of earlier builds

# Names a look-up names at once in its VALUES clause.
_CHUNK = 500
# An event an article still names: the articles a build replaces carry no links to events until
# its end, so an event only they reported is not joined (a corrected date mints its own key).
_STORED = Template(f"""
SELECT ?e ?name ?start ?end WHERE {{
  VALUES ?name {{ $names }}
  GRAPH <$graph> {{
    ?e <{SCHEMA.name}> ?name .
    OPTIONAL {{ ?e <{SCHEMA.startDate}> ?start }}
    OPTIONAL {{ ?e <{SCHEMA.endDate}> ?end }}
  }}
  FILTER EXISTS {{ GRAPH ?article {{ ?m <{KG.denotes}> ?e }} }}
}}""")
_OLD_DATES = Template(f"""
DELETE {{ GRAPH <$graph> {{ ?e ?p ?d }} }}
WHERE {{ VALUES (?e ?p ?keep) {{ $kept }} GRAPH <$graph> {{ ?e ?p ?d }} FILTER (?d != ?keep) }}""")


def stored_events(store: Queryable, names: Iterable[str], *, context: Context) -> list[StoredEvent]:
    """The named events of these names the store holds, by day or undated (one dated coarser says too little to join)."""
    found: dict[str, tuple[str, list[str], list[str]]] = {}
    wanted = sorted(set(names))
    graph = context.minter.graph(EVENTS)
    for i in range(0, len(wanted), _CHUNK):
        values = " ".join(str(Literal(name)) for name in wanted[i : i + _CHUNK])
        for row in store.query(_STORED.substitute(graph=graph, names=values)):
            iri, name, start, end = (term.value if term is not None else None for term in row)
            if context.minter.event_name_and_date(iri) is None:
                continue  # a happening's node
            _, starts, ends = found.setdefault(iri, (name, [], []))
            starts += [start] if start else []
            ends += [end] if end else []
    out = []
    for iri, (name, starts, ends) in sorted(found.items()):
        if any(len(day) != 10 for day in starts + ends):
            continue
        key = EventKey(*context.minter.event_name_and_date(iri))  # type: ignore[misc]
        out.append(StoredEvent(key, name, min(starts, default=None), max(ends, default=None)))
    return out


def forget_old_dates(store: Updatable, stated: Iterable[Quad], events: Iterable[EventKey], *, context: Context) -> None:
    """Keep only the dates just ``stated`` of these events (earlier builds' events this build widened).

    Run after the new statements are stored: a build that dies in between leaves both dates, never none.
    """
    iris = {context.event_iri(key) for key in events}
    dates = (SCHEMA.startDate, SCHEMA.endDate)
    kept = sorted(f"(<{q.subject.value}> <{q.predicate.value}> {q.object})" for q in stated
                  if q.subject.value in iris and q.predicate.value in dates)
    graph = context.minter.graph(EVENTS)
    for i in range(0, len(kept), _CHUNK):
        store.update(_OLD_DATES.substitute(graph=graph, kept=" ".join(kept[i : i + _CHUNK])))
