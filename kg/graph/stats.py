"""Who and what a paper covers most: the top entities of each type, three ways.

The measures are taken on the corpus graph of :mod:`kg.graph.network`, where articles,
reporters, persons, organizations, places and events are nodes and a link is a
mention, a byline or an entity relation:

- mentions: how often the texts name the entity (for a person credited in bylines,
  plus the credits);
- degree: how many distinct articles and entities it is linked to;
- betweenness: how often it lies on shortest paths between other nodes, that is how
  much it bridges otherwise separate stories (normalized; estimated from a seeded
  sample of source nodes past ``EXACT_BETWEENNESS_MAX`` nodes).

Byline roles are ranked apart (reporters, correspondents, interns, photographers,
writers): a person is ranked under the role of most credits (:mod:`kg.graph.network`).

Apart from these, the most quoted persons and bodies: who the papers let speak, by the
quotations and reported speech the graph gives them (``schema:creator``); how many
events of each type and family the graph holds (a theft counts as a theft, not again as
a crime); and how many organizations and places of each finer kind (schema:Hospital,
kg:Road …, :mod:`kg.entity_kinds`), those of none finer counted as ``other``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
from rich.markup import escape
from rich.table import Table

from kg.entity_kinds import EntityKind
from kg.event_types import EventFamily, EventType
from kg.graph.event_classes import family_label, type_label
from kg.graph.network import (
    ARTICLE,
    BYLINE_TYPES,
    ENTITY_TYPES,
    EVENT,
    NODE_TYPES,
    ORGANIZATION,
    PERSON,
    PLACE,
    TYPE_LABELS,
    Corpus,
    load_corpus,
)

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

MEASURES = ("mentions", "degree", "betweenness")
EXACT_BETWEENNESS_MAX = 1000  # nodes; past this, betweenness is estimated
BETWEENNESS_SAMPLES = 200
OTHER_KIND = "other"  # an organization or place of no finer kind
OTHER_KIND_LABEL = "其他"


@dataclass(frozen=True)
class Ranked:
    """One entity with its three measures."""

    iri: str
    name: str
    type: str
    mentions: int
    degree: int
    betweenness: float


@dataclass(frozen=True)
class Quoted:
    """A person or body with what the graph quotes of them."""

    iri: str
    name: str
    type: str  # person (a reporter or another credited person quoted counts as one) or organization
    quotes: int
    direct: int
    reported: int
    articles: int


@dataclass(frozen=True)
class EventTally:
    """How many events the graph holds of one type."""

    type: str  # its code: fire, theft … event (no type more specific)
    label: str  # the type's Chinese label
    family: str | None  # the family's code; None for an event of no type
    family_label: str
    events: int


@dataclass(frozen=True)
class KindTally:
    """How many organizations or places the graph holds of one finer kind."""

    type: str  # organization or place
    kind: str  # the class's local name (Hospital, Road …); other: no finer kind
    label: str  # its rdfs:label@zh in ontology/kg.ttl (道路); empty for schema.org's classes
    nodes: int

    @property
    def title(self) -> str:
        """As the table shows it: ``道路 (Road)``, or the local name alone where there is no label."""
        return f"{self.label} ({self.kind})" if self.label else self.kind


@dataclass(frozen=True)
class GraphStats:
    """The top entities per type and measure, and the size of the graph measured."""

    nodes: int
    edges: int
    articles: int
    betweenness_samples: int | None  # None: exact
    top: dict[str, dict[str, list[Ranked]]] = field(default_factory=dict)
    quoted: dict[str, list[Quoted]] = field(default_factory=dict)  # person / organization → most quoted
    counts: dict[str, int] = field(default_factory=dict)  # node type → nodes, in NODE_TYPES order
    event_types: list[EventTally] = field(default_factory=list)  # by family, then most events first
    kinds: list[KindTally] = field(default_factory=list)  # organizations then places; most nodes first, other last

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``kg stats --format json``."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "articles": self.articles,
            "betweenness": "exact"
            if self.betweenness_samples is None
            else f"sampled ({self.betweenness_samples} sources)",
            "top": {t: {m: [asdict(r) for r in ranked] for m, ranked in by.items()} for t, by in self.top.items()},
            "quoted": {t: [asdict(q) for q in ranked] for t, ranked in self.quoted.items()},
            "counts": self.counts,
            "events_by_type": [asdict(t) for t in self.event_types],
            "events_by_family": [
                {"family": family, "label": label, "events": n} for (family, label), n in self.by_family().items()
            ],
            "kinds": {
                base: [{"kind": t.kind, "label": t.label, "nodes": t.nodes} for t in self.kinds if t.type == base]
                for base in (ORGANIZATION, PLACE)
                if any(t.type == base for t in self.kinds)
            },
        }

    def by_family(self) -> dict[tuple[str | None, str], int]:
        """Events per family: (code, label) → events, in the order of ``event_types``."""
        totals: dict[tuple[str | None, str], int] = {}
        for tally in self.event_types:
            key = (tally.family, tally.family_label)
            totals[key] = totals.get(key, 0) + tally.events
        return totals


def graph_stats(store: GraphStore, *, top: int = 10, seed: int = 42, corpus: Corpus | None = None) -> GraphStats:
    """Rank the entities of each type of ``store`` by mentions, degree and betweenness.

    Args:
        top: how many entities to keep per type and measure.
        seed: for the betweenness sample of large graphs; the same seed, the same ranks.
        corpus: the store already read by :func:`kg.graph.network.load_corpus`.
    """
    corpus = corpus if corpus is not None else load_corpus(store)
    graph = corpus.graph
    samples = None if graph.number_of_nodes() <= EXACT_BETWEENNESS_MAX else BETWEENNESS_SAMPLES
    between = nx.betweenness_centrality(graph, k=samples, seed=seed) if graph.number_of_nodes() else {}
    rows = [
        Ranked(node, d["label"], d["type"], d["mentions"], graph.degree(node), round(between.get(node, 0.0), 6))
        for node, d in graph.nodes(data=True)
        if d["type"] in ENTITY_TYPES
    ]
    ranking: dict[str, dict[str, list[Ranked]]] = {}
    for kind in ENTITY_TYPES:
        mine = [r for r in rows if r.type == kind]
        if mine:
            ranking[kind] = {m: _top(mine, m, top) for m in MEASURES}
    found = Counter(t for _, t in graph.nodes(data="type"))
    counts = {kind: found[kind] for kind in NODE_TYPES if found[kind]}
    return GraphStats(
        graph.number_of_nodes(), graph.number_of_edges(), found[ARTICLE], samples, ranking,
        most_quoted(corpus, top=top), counts, event_tally(corpus), kind_tally(corpus),
    )


def event_tally(corpus: Corpus) -> list[EventTally]:
    """The events of each type: families in the taxonomy's order (none last), most events first within."""
    found = Counter(
        (d.get("event_type") or EventType.EVENT.value, d.get("family") or "")
        for _, d in corpus.graph.nodes(data=True)
        if d["type"] == EVENT
    )
    order = [f.value for f in EventFamily] + [""]
    ranked = sorted(found.items(), key=lambda item: (order.index(item[0][1]), -item[1], item[0][0]))
    return [EventTally(kind, type_label(kind), family or None, family_label(family), n) for (kind, family), n in ranked]


def kind_tally(corpus: Corpus) -> list[KindTally]:
    """The organizations and places of ``corpus`` by finer kind (each node's ``entity_kind``).

    :func:`kg.graph.network.load_corpus` gives a node the kinds its store states under its own
    base type, the first in :class:`EntityKind`'s order where builds disagreed.
    """
    order = {kind: i for i, kind in enumerate(EntityKind)}
    tallies: list[KindTally] = []
    for base in (ORGANIZATION, PLACE):
        found: Counter[EntityKind | None] = Counter(
            EntityKind(code) if (code := corpus.graph.nodes[node].get("entity_kind")) else None
            for node in corpus.of_type(base)
        )
        ranked = sorted(found.items(), key=lambda item: (item[0] is None, -item[1], order.get(item[0], 0)))
        tallies += [
            KindTally(base, kind.value, kind.label, n) if kind else KindTally(base, OTHER_KIND, OTHER_KIND_LABEL, n)
            for kind, n in ranked
        ]
    return tallies


def most_quoted(corpus: Corpus, *, top: int = 10) -> dict[str, list[Quoted]]:
    """The persons and the bodies the graph quotes most, by quotations, then by articles."""
    found: dict[str, list[Quoted]] = {}
    for node, said in corpus.quotes.items():
        attrs = corpus.graph.nodes[node]
        kind = PERSON if attrs["type"] in (PERSON, *BYLINE_TYPES) else attrs["type"]
        direct = sum(1 for q in said if q.speech == "direct")
        articles = len({q.article for q in said})
        found.setdefault(kind, []).append(Quoted(node, attrs["label"], kind, len(said), direct, len(said) - direct, articles))
    return {
        kind: sorted(found[kind], key=lambda q: (-q.quotes, -q.articles, q.name, q.iri))[:top]
        for kind in (PERSON, ORGANIZATION)
        if kind in found
    }


def _top(rows: list[Ranked], measure: str, n: int) -> list[Ranked]:
    """The first ``n`` by ``measure``; ties by the other measures, then by name."""
    others = [m for m in MEASURES if m != measure]
    return sorted(
        rows, key=lambda r: (-getattr(r, measure), -getattr(r, others[0]), -getattr(r, others[1]), r.name, r.iri)
    )[:n]


def stats_tables(stats: GraphStats) -> list[Table]:
    """The nodes of each type and of each kind, then one rich table per entity type: rank, then the top names by each measure."""
    tables = [_counts_table(stats.counts)] if stats.counts else []
    if stats.kinds:
        tables.append(_kinds_table(stats.kinds))
    tables += [
        _side_by_side(f"{TYPE_LABELS[kind]} ({kind})", {f"by {m}": [_cells(r, m) for r in by[m]] for m in MEASURES})
        for kind, by in stats.top.items()
    ]
    if stats.event_types:
        tables.append(_events_table(stats))
    if stats.quoted:
        tables.append(_side_by_side(
            "被引用最多 (most quoted: quotations, direct+reported)",
            {f"{TYPE_LABELS[kind]} ({kind})": [[escape(q.name), f"{q.quotes} ({q.direct}+{q.reported})"] for q in ranked]
             for kind, ranked in stats.quoted.items()},
        ))
    return tables


def _counts_table(counts: dict[str, int]) -> Table:
    """How many nodes of each type: reporters, correspondents … each a row of its own."""
    table = Table(title="节点 (nodes by type)", title_justify="left")
    table.add_column("type")
    table.add_column("nodes", justify="right")
    for kind, n in counts.items():
        table.add_row(f"{TYPE_LABELS[kind]} ({kind})", str(n))
    return table


def _kinds_table(kinds: list[KindTally]) -> Table:
    """Organizations and places by finer kind, each type's total on its own row, then its kinds."""
    table = Table(title="类别 (organizations and places by kind)", title_justify="left")
    table.add_column("type")
    table.add_column("kind")
    table.add_column("nodes", justify="right")
    for base in dict.fromkeys(t.type for t in kinds):
        mine = [t for t in kinds if t.type == base]
        table.add_row(f"{TYPE_LABELS[base]} ({base})", "", str(sum(t.nodes for t in mine)), style="bold")
        for tally in mine:
            table.add_row("", tally.title, str(tally.nodes))
    return table


def _events_table(stats: GraphStats) -> Table:
    """Events by family, each family's total on its own row, then its types."""
    table = Table(title="事件 (events by type and family)", title_justify="left")
    table.add_column("family")
    table.add_column("type")
    table.add_column("events", justify="right")
    totals = stats.by_family()
    for (family, label), total in totals.items():
        table.add_row(f"{label} ({family or 'none'})", "", str(total), style="bold")
        for tally in (t for t in stats.event_types if t.family == family):
            table.add_row("", f"{tally.label} ({tally.type})", str(tally.events))
    return table


def _side_by_side(title: str, columns: dict[str, list[list[str]]]) -> Table:
    """A rank column, then a name and a value column for each ranking, padded to the longest."""
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right", style="dim")
    for heading in columns:
        table.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=18)
        table.add_column("", justify="right", style="dim", no_wrap=True)
    for i in range(max((len(v) for v in columns.values()), default=0)):
        cells: list[str] = []
        for ranked in columns.values():
            cells += ranked[i] if i < len(ranked) else ["", ""]
        table.add_row(str(i + 1), *cells)
    return table


def _cells(row: Ranked, measure: str) -> list[str]:
    value = getattr(row, measure)
    return [escape(row.name), f"{value:.4f}" if isinstance(value, float) else str(value)]  # names are data, not markup
