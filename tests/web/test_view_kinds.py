"""Kinds of organization and place in the views: named in the node's data (医院 Hospital),
coloured by kind through vis-network groups, and counted in the legend (filtering it in a
browser: tests/web/test_browser.py)."""

from __future__ import annotations

import json
import re

import pytest

from kg.graph.network import load_corpus
from kg.graph.store import GraphStore
from kg.web.views import ViewOptions, build_view
from kg.web.views.page import node_order, render_page
from tests.web.kinds_graph import (
    BAY,
    BUREAU,
    HOSPITAL,
    ROAD,
    TRADER,
    VOLUNTEERS,
    kinds_store,
)

DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.DOTALL)


def _rendered(store: GraphStore, kind: str = "graph") -> tuple[dict, dict[str, dict]]:
    """The page's data, and its kg node records by IRI."""
    view = build_view(store, options=ViewOptions(kind=kind))
    data = json.loads(DATA_BLOCK.search(render_page(view)).group(1))
    return data, dict(zip(node_order(view), data["nodes"]))


@pytest.fixture(scope="module")
def rendered() -> tuple[dict, dict[str, dict]]:
    return _rendered(kinds_store())


def test_a_hospital_and_a_road_carry_their_kind_in_the_page(rendered):
    _, nodes = rendered
    assert (nodes[HOSPITAL]["type"], nodes[HOSPITAL]["ekind"], nodes[HOSPITAL]["kind"]) == (
        "organization", "Hospital", "医院 Hospital")
    assert (nodes[ROAD]["type"], nodes[ROAD]["ekind"], nodes[ROAD]["kind"]) == ("place", "Road", "道路 Road")
    assert (nodes[BUREAU]["ekind"], nodes[BUREAU]["kind"]) == ("GovernmentOrganization", "政府机构 Government organization")
    assert (nodes[TRADER]["ekind"], nodes[TRADER]["kind"]) == ("Corporation", "企业 Corporation")
    # None stated: counted and filtered as its type's "other", no kind in the tooltip.
    assert (nodes[VOLUNTEERS]["ekind"], nodes[VOLUNTEERS]["kind"]) == ("other-organization", "")
    assert (nodes[BAY]["ekind"], nodes[BAY]["kind"]) == ("other-place", "")
    assert all("ekind" not in n for n in nodes.values() if n["type"] not in ("organization", "place"))


def test_each_kind_has_a_legend_entry_and_a_colour_its_nodes_are_drawn_in(rendered):
    data, nodes = rendered
    kinds = {key: (label, colour, base) for key, label, colour, base in data["meta"]["kinds"]}
    assert kinds["Hospital"][::2] == ("医院 Hospital", "organization") and kinds["Road"][::2] == ("道路 Road", "place")
    assert kinds["other-place"][::2] == ("其他 Other", "place")
    assert len({colour for _, colour, _ in kinds.values()}) == len(kinds)
    groups, vis_nodes = data["vis"]["options"]["groups"], data["vis"]["nodes"]
    for iri, key in ((HOSPITAL, "Hospital"), (BUREAU, "GovernmentOrganization"), (ROAD, "Road"), (BAY, "other-place")):
        group = vis_nodes[nodes[iri]["id"]]["group"]
        assert group.endswith("/" + key) and groups[group]["color"]["background"] == kinds[key][1]
    # The shape stays the type's: a hospital is a diamond like any organization, a road a triangle.
    assert vis_nodes[nodes[HOSPITAL]["id"]]["shape"] == "diamond" and vis_nodes[nodes[ROAD]["id"]]["shape"] == "triangle"


def test_community_colours_still_win_over_kinds():
    view = build_view(kinds_store(), options=ViewOptions(communities=True))
    data = json.loads(DATA_BLOCK.search(render_page(view)).group(1))
    assert all("/other-" not in g and "/Hospital" not in g for g in data["vis"]["options"]["groups"])


def test_every_view_of_the_sample_names_the_kind_the_store_states(sample_graph_dir):
    store = GraphStore.open(sample_graph_dir, read_only=True)
    corpus = load_corpus(store)
    roads = {row[0].value for row in store.query("SELECT DISTINCT ?e WHERE { ?e a kg:Road }")}
    assert len(roads) >= 2
    for kind in ("graph", "comention", "coverage"):
        view = build_view(store, options=ViewOptions(kind=kind), corpus=corpus)
        data = json.loads(DATA_BLOCK.search(render_page(view)).group(1))
        shown = {iri: n for iri, n in zip(node_order(view), data["nodes"]) if n["type"] == "place"}
        assert shown and {iri for iri, n in shown.items() if n["ekind"] == "Road"} == roads & set(shown)
        assert all(n["kind"] == "道路 Road" for iri, n in shown.items() if iri in roads)

