"""What vis-network draws, assembled with pyvis: nodes, edges, options, and its code.

:func:`build_network` fills a :class:`pyvis.network.Network` with a view's nodes (at their
precomputed positions), edges, groups and options; the page takes them from there
(``net.nodes``, ``net.edges``, ``net.options``). :func:`vis_network_js` is the
vis-network build that pyvis ships in its package, inlined by the page as is. pyvis's
own HTML (``Network.show``, ``write_html``) is not used: its template loads from CDNs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

from pyvis.network import Network

from kg.entity_kinds import EntityKind
from kg.errors import ViewError
from kg.event_types import EventFamily
from kg.graph.event_classes import family_label
from kg.graph.network import (
    ARTICLE,
    EVENT,
    KIND_NODE_TYPES,
    NODE_TYPES,
    ORGANIZATION,
    PERSON,
    PLACE,
    TYPE_LABELS,
)
from kg.model import Role
from kg.web.views.layout import PHYSICS_MAX_NODES

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from kg.web.views import View

# type → (colour, vis-network shape, legend glyph). Byline roles are stars of their own
# colour, except correspondents, the most frequent after reporters, drawn ▼ to tell them
# apart when nodes are coloured by community.
_LOOK = {
    ARTICLE: ("#8c8c8c", "square", "■"),
    Role.REPORTER.value: ("#d62728", "star", "★"),
    Role.CORRESPONDENT.value: ("#e377c2", "triangleDown", "▼"),
    Role.INTERN.value: ("#bcbd22", "star", "★"),
    Role.PHOTOGRAPHER.value: ("#17becf", "star", "★"),
    Role.WRITER.value: ("#8c564b", "star", "★"),
    Role.EDITOR.value: ("#7f7f7f", "star", "★"),
    PERSON: ("#ff7f0e", "dot", "●"),
    ORGANIZATION: ("#1f77b4", "diamond", "◆"),
    PLACE: ("#2ca02c", "triangle", "▲"),
    EVENT: ("#9467bd", "hexagon", "⬢"),
}
# type → (label, colour, vis-network shape, legend glyph), in the order of the legend.
TYPE_STYLE = {kind: (TYPE_LABELS[kind], *_LOOK[kind]) for kind in NODE_TYPES}
# An event's colour is its family's (its shape stays the event's hexagon); "" is an event
# of no type.
_FAMILY_COLOURS = {
    EventFamily.DISASTER.value: "#a50f15",
    EventFamily.CRIME_JUSTICE.value: "#3f3f9f",
    EventFamily.POLITICS.value: "#6a51a3",
    EventFamily.ECONOMY.value: "#d4a000",
    EventFamily.SOCIETY.value: "#00897b",
    EventFamily.CULTURE.value: "#c2185b",
    "": "#b8a9d9",
}
# family code → (label, colour), in the order of the legend.
FAMILY_STYLE = {family: (family_label(family), colour) for family, colour in _FAMILY_COLOURS.items()}
# An organization's or place's colour is its kind's (its shape stays its type's); the
# commonest kind of each keeps the type's colour, one of no kind a pale one.
_KIND_COLOURS = {
    EntityKind.GOVERNMENT: "#1f77b4",
    EntityKind.CORPORATION: "#e6ab02",
    EntityKind.SPORTS_TEAM: "#66a61e",
    EntityKind.HOSPITAL: "#e7298a",
    EntityKind.SCHOOL: "#7570b3",
    EntityKind.NGO: "#1b9e77",
    EntityKind.NEWS_MEDIA: "#a6761d",
    EntityKind.STORE: "#d95f02",
    EntityKind.POLITICAL_PARTY: "#c62828",
    EntityKind.COUNTRY: "#00441b",
    EntityKind.ADMINISTRATIVE_AREA: "#2ca02c",
    EntityKind.CITY: "#74c476",
    EntityKind.ROAD: "#8c6d31",
    EntityKind.HIGHWAY: "#636363",
    EntityKind.PARK: "#b5cf6b",
    EntityKind.SQUARE: "#e7969c",
    EntityKind.MARKET: "#fd8d3c",
    EntityKind.CIVIC_STRUCTURE: "#6baed6",
    EntityKind.LANDMARK: "#843c39",
    EntityKind.TOURIST_ATTRACTION: "#d6616b",
    EntityKind.BODY_OF_WATER: "#3182bd",
    EntityKind.MOUNTAIN: "#7b4173",
}
OTHER_KINDS = {ORGANIZATION: "other-organization", PLACE: "other-place"}  # the legend key of no kind
_OTHER_COLOURS = {ORGANIZATION: "#9ecae1", PLACE: "#c7e9c0"}
# kind key → (label, colour, node type), in the order of the legend: each type's kinds, then its none.
KIND_STYLE = {
    key: style
    for base in OTHER_KINDS
    for key, style in (
        *((k.value, (k.display, c, base)) for k, c in _KIND_COLOURS.items() if KIND_NODE_TYPES[k.base] == base),
        (OTHER_KINDS[base], ("其他 Other", _OTHER_COLOURS[base], base)),
    )
}
PALETTE = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#86bcb6",
    "#d4a6c8",
]
# Edge colours by _rel_code: mention (the default), byline, other relation; the last one
# is the default of weighted views, whose edges differ in width instead.
EDGE_COLOURS = ("#c9c9c9", "#e8a0a0", "#9fb8d8", "#b9b9b9")
BIG_NODES = 1000  # above this the page labels only some nodes at first, and draws straight edges
STABILIZATION_ITERATIONS = 120  # the Python layout is close already: a short polish
LABEL_CHARS = 14
FONT = "system-ui, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"
WEIGHTED_KINDS = ("coverage", "comention", "timeline")
_REL_CODE = {"mentions": 0, "author": 1, "contributor": 1}  # 2: other relations
# pyvis's in-line template includes the vis-network it ships; the folder names its version.
_PYVIS_INCLUDE = re.compile(r"""include\s+['"]lib/(vis-[^/'"]+)/vis-network\.min\.js['"]""")


class _Network(Network):
    """pyvis's Network, with the node look-up of ``add_edge`` in constant time."""

    def get_nodes(self) -> Any:
        """The node ids, as a view of pyvis's own id → node map.

        pyvis returns its list of ids, which ``add_edge`` scans for both ends of every
        edge: 5,000 nodes and 18,000 edges took 1.5 s. The map has the same ids.
        """
        return self.node_map.keys()


def build_network(view: View, ids: Mapping[str, int]) -> Network:
    """The pyvis Network of ``view``: its nodes numbered by ``ids``, in that order."""
    # Directed only to pyvis: an undirected Network checks every earlier edge for a
    # duplicate (quadratic), which the networkx graph cannot have. No arrows are drawn.
    net = _Network(directed=True)
    groups = _add_nodes(net, view, ids)
    _add_edges(net, view, ids)
    # Assigned, not net.set_options(json): set_options strips every space from the
    # JSON, font names included. A dict is what set_options leaves there too.
    net.options = options(nodes=len(ids), kind=view.kind, groups=groups)
    return net


def _add_nodes(net: Network, view: View, ids: Mapping[str, int]) -> dict[str, dict]:
    """Add the nodes at their precomputed positions; the style of each group they use.

    Style goes through groups (one per type, community and centre): options given node
    by node make vis-network several times slower to build a big network.
    """
    groups: dict[str, dict] = {}
    for node, node_id in ids.items():
        attrs = view.graph.nodes[node]
        group, style = _group(view, node)
        groups.setdefault(group, style)
        x, y = view.layout.positions.get(node, (0.0, 0.0))
        net.add_node(
            node_id,
            label=_short(attrs["label"] or "（无标题）"),
            shape=TYPE_STYLE[attrs["type"]][2],  # else pyvis's default, "dot"
            group=group,
            value=max(1, attrs.get("size") or attrs["mentions"]),
            x=x,
            y=y,
        )
    return groups


def _add_edges(net: Network, view: View, ids: Mapping[str, int]) -> None:
    """Add the edges: width by weight in weighted views, else colour by relation."""
    weighted = view.kind in WEIGHTED_KINDS
    ends = sorted(
        ((*sorted((ids[u], ids[v])), data) for u, v, data in view.graph.edges(data=True)), key=lambda e: e[:2]
    )
    for first, second, data in ends:
        edge: dict[str, Any] = {}
        if weighted:
            edge["value"] = data.get("weight", 1)
        elif code := _rel_code(data.get("rels", ())):  # 0 (a mention) takes the default colour
            edge.update(color={"color": EDGE_COLOURS[code]}, dashes=code == 2)
        net.add_edge(first, second, arrows="", **edge)  # "": no arrows, where pyvis would put "to"


def options(*, nodes: int, kind: str, groups: dict[str, dict]) -> dict[str, Any]:
    """vis-network's options for a view of ``kind`` with ``nodes`` nodes and these groups."""
    big, weighted = nodes > BIG_NODES, kind in WEIGHTED_KINDS
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": physics(nodes=nodes, kind=kind),
        "interaction": {
            "hover": True,
            "tooltipDelay": 100,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "keyboard": False,
        },
        "nodes": {
            "font": {"face": FONT, "size": 14, "color": "#222", "strokeWidth": 3, "strokeColor": "#ffffff"},
            # On the timeline a node stays within its row (kg.web.views.timeline.ROW_STEP).
            "scaling": {"min": 8, "max": 16 if kind == "timeline" else 34,
                        "label": {"enabled": True, "min": 12, "max": 16 if kind == "timeline" else 22, "drawThreshold": 7}},
        },
        "groups": groups,
        "edges": {
            "smooth": False if big else {"type": "continuous"},
            "scaling": {"min": 1, "max": 9 if weighted else 1},
            "color": {
                "color": EDGE_COLOURS[3 if weighted else 0],
                "highlight": "#444",
                "hover": "#777",
                "inherit": False,
            },
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
        },
    }


def physics(*, nodes: int, kind: str) -> dict[str, Any]:
    """A short settling of small networks; none for big ones or the timeline (its x is the date)."""
    if kind == "timeline" or not 0 < nodes <= PHYSICS_MAX_NODES:
        return {"enabled": False}
    return {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -2500,
            "springLength": 110,
            "springConstant": 0.03,
            "damping": 0.5,
            "avoidOverlap": 0.2,
        },
        "stabilization": {"enabled": True, "iterations": STABILIZATION_ITERATIONS, "updateInterval": 50, "fit": True},
    }


def vis_network_path() -> Traversable:
    """The vis-network build that pyvis inlines in its own pages, inside pyvis's package.

    Raises:
        ViewError: pyvis's template no longer names one, or the file is missing.
    """
    templates = resources.files("pyvis").joinpath("templates")
    found = _PYVIS_INCLUDE.search(templates.joinpath("template.html").read_text(encoding="utf-8"))
    path = templates.joinpath("lib", found.group(1), "vis-network.min.js") if found else None
    if path is None or not path.is_file():
        raise ViewError("cannot find the vis-network that pyvis ships (pyvis/templates/lib/vis-*/)")
    return path


@functools.cache
def vis_network_js() -> str:
    """The text of :func:`vis_network_path`."""
    return vis_network_path().read_text(encoding="utf-8")


def _group(view: View, node: str) -> tuple[str, dict[str, Any]]:
    """The node's group name and its style: type, community colour, centre border."""
    kind = view.graph.nodes[node]["type"]
    name, colour = kind, TYPE_STYLE[kind][1]
    if kind == EVENT:
        family = view.graph.nodes[node].get("family") or ""
        name, colour = f"{kind}/{family or 'other'}", FAMILY_STYLE[family][1]
    elif kind in OTHER_KINDS:
        key = kind_key(view.graph.nodes[node])
        name, colour = f"{kind}/{key}", KIND_STYLE[key][1]
    if view.communities:
        community = view.communities.get(node, 0) % len(PALETTE)
        name, colour = f"{kind}/{community}", PALETTE[community]
    style: dict[str, Any] = {  # no shape: pyvis gives each node one, which would beat the group's
        "borderWidth": 1,
        "borderWidthSelected": 4,
        "color": {
            "background": colour,
            "border": "#555",
            "highlight": {"background": colour, "border": "#000"},
            "hover": {"background": colour, "border": "#000"},
        },
    }
    if node in view.centers:
        name += "/centre"
        style["borderWidth"], style["color"]["border"] = 4, "#000"
    return name, style


def kind_key(attrs: Mapping[str, Any]) -> str:
    """An organization's or place's key in :data:`KIND_STYLE` (its kind, or none of its type); "" for other nodes."""
    return attrs.get("entity_kind") or OTHER_KINDS.get(attrs["type"], "")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _rel_code(rels: set[str] | tuple) -> int:
    codes = {_REL_CODE.get(r, 2) for r in rels}
    return min(codes) if codes else 0
