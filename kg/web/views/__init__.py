"""Interactive network views of a built graph: one self-contained HTML file each.

The package reads the graph with SPARQL into networkx (:mod:`kg.graph.network`), picks
the nodes of a view (:mod:`kg.web.views.kinds`), lays them out (:mod:`kg.web.views.layout`),
hands them to a pyvis Network (:mod:`kg.web.views.vis`) and writes the page, with the
vis-network that pyvis ships, into kg's own template (:mod:`kg.web.views.page`).

Kinds of view:

- ``graph``: every article, credited person, person, organization, place and event;
- ``ego``: what lies within ``hops`` links of the entity named ``focus``;
- ``coverage``: credited persons → the places their articles mention, weighted by articles;
- ``comention``: entities linked by the articles that mention both;
- ``timeline``: dated events on a proportional time axis, a lane per event family; a
  month or a year is drawn as a span, not as its first day.

A person credited in a byline is shown, counted in the legend and filtered as their byline
role: reporter (记者), correspondent (通讯员), intern (实习生), photographer (摄影), writer
(撰文), each a type of its own (:mod:`kg.graph.network`). Events are coloured, counted
and filtered by family (disasters, crime and justice, politics …), their type in the
side panel. Organizations and places are coloured, counted and filtered by their finer
kind (医院 Hospital, 道路 Road …: :class:`kg.entity_kinds.EntityKind`), which the tooltip
and side panel name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from kg.concurrency import collection_paused
from kg.errors import ViewError
from kg.event_types import EventFamily
from kg.graph.event_classes import family_label
from kg.graph.network import EVENT, Corpus, load_corpus
from kg.web.views.kinds import (
    BUILDERS,
    VIEW_KINDS,
    check_date,
    nodes_in_range,
    truncate,
)
from kg.web.views.kinds import communities as louvain_communities
from kg.web.views.layout import Layout, graph_layout
from kg.web.views.timeline import timeline_layout

if TYPE_CHECKING:
    from kg.graph.store import GraphStore

DEFAULT_MAX_NODES = 1500
SEED = 42  # layout and Louvain: the same graph gives the same page


@dataclass
class View:
    """One view, ready to render: its graph (nodes are IRIs) and what the page says.

    Attributes:
        total: nodes before ``max_nodes`` applied; ``left_out`` of them are not shown.
        allowed: the corpus nodes in the date range (all of them without a range).
        communities: node → community number, when asked for.
    """

    kind: str
    title: str
    graph: nx.Graph
    corpus: Corpus
    total: int
    left_out: int
    max_nodes: int
    allowed: set[str]
    layout: Layout = field(default_factory=Layout)
    centers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    communities: dict[str, int] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class ViewOptions:
    """What a view shows; every field has the default ``kg view`` uses.

    Attributes:
        kind: one of :data:`VIEW_KINDS`.
        focus: the ego view's centre, a name or an alias.
        hops: how many links away from the focus the ego view goes.
        max_nodes: show at most this many nodes, the best connected.
        communities: colour nodes by community (Louvain, seeded).
        date_from, date_to: only articles published in this range (YYYY-MM-DD).
    """

    kind: str = "graph"
    focus: str | None = None
    hops: int = 1
    max_nodes: int = DEFAULT_MAX_NODES
    communities: bool = False
    date_from: str | None = None
    date_to: str | None = None


def build_view(store: GraphStore, *, options: ViewOptions = ViewOptions(), corpus: Corpus | None = None) -> View:
    """Select, truncate and lay out the nodes of one view of ``store``.

    Args:
        corpus: the store already read by :func:`kg.graph.network.load_corpus`, to
            build several views without reading it again.

    Raises:
        ViewError: an unknown kind, a bad option, or an ego focus not found.
    """
    kind, max_nodes = options.kind, options.max_nodes
    _check_options(options)
    date_from, date_to = _check_dates(options.date_from, options.date_to)
    corpus = corpus if corpus is not None else load_corpus(store)
    allowed = nodes_in_range(corpus, date_from, date_to)
    built = BUILDERS[kind](corpus, allowed, focus=options.focus, hops=options.hops, max_nodes=max_nodes)
    graph, _ = truncate(built.graph, max_nodes, keep=built.centers)
    total = built.total if built.total is not None else built.graph.number_of_nodes()
    view = View(
        kind=kind,
        title=built.title,
        graph=graph,
        corpus=corpus,
        total=total,
        left_out=total - graph.number_of_nodes(),
        max_nodes=max_nodes,
        allowed=allowed,
        centers=built.centers,
        notes=built.notes,
        date_from=date_from,
        date_to=date_to,
    )
    if options.communities:
        view.communities = louvain_communities(graph, seed=SEED)
    view.layout = _layout(view)
    return view


def render_view(store: GraphStore, *, options: ViewOptions = ViewOptions()) -> str:
    """Render one view of ``store`` as a self-contained HTML page.

    ``kg build`` writes the default view as ``graph.html``.

    Raises:
        ViewError: an unknown kind, a bad option, or an ego focus not found.
    """
    from kg.web.views.page import render_page

    # The corpus graph is millions of objects, which a full collection walks each time: six at
    # 3,000 articles, 0.2 of 3.8 CPU-s. Its cycles are collected afterwards.
    with collection_paused():
        return render_page(build_view(store, options=options))


def _check_options(options: ViewOptions) -> None:
    kind = options.kind
    if kind not in VIEW_KINDS:
        raise ViewError(f"unknown view kind {kind!r}; choose one of {', '.join(VIEW_KINDS)}")
    if options.focus and kind != "ego":
        raise ViewError(f"--focus applies to the ego view, not to {kind!r}")
    if options.hops < 0:
        raise ViewError("--hops must be 0 or more")
    if options.max_nodes < 1:
        raise ViewError("--max-nodes must be at least 1")


def _check_dates(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    date_from = check_date(date_from, option="--from")
    date_to = check_date(date_to, option="--to")
    if date_from and date_to and date_from > date_to:
        raise ViewError(f"--from {date_from} is after --to {date_to}")
    return date_from, date_to


def _layout(view: View) -> Layout:
    if view.kind != "timeline":
        return graph_layout(view.graph, seed=SEED)
    nodes = view.graph.nodes
    lanes = {n: family_label(nodes[n].get("family")) for n in view.graph if nodes[n]["type"] == EVENT}
    order = [family_label(f) for f in EventFamily] + [family_label(None)]
    return timeline_layout(view.graph, lane_of=lanes, lane_order=order)


__all__ = ["DEFAULT_MAX_NODES", "VIEW_KINDS", "View", "ViewOptions", "build_view", "render_view"]
