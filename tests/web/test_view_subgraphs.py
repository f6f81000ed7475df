"""The views' copies of parts of the corpus graph (``kinds.induced``): filled as networkx fills a graph."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.web.views.kinds import induced, induced_of_copy


def _networkx_induced(graph: nx.Graph, order: list[str]) -> nx.Graph:
    """``induced`` as networkx's own calls build it (what kg did before filling the dicts itself)."""
    keep, done, sub = set(order), set(), nx.Graph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in order)
    for u in order:
        sub.add_edges_from((u, v, data) for v, data in graph.adj[u].items() if v in keep and v not in done)
        done.add(u)
    return sub


@pytest.mark.parametrize("share", [0.3, 0.8])  # a small part is sorted; most of a graph keeps its order
def test_induced_fills_the_copy_as_networkx_would(share):
    rng = random.Random(7)
    graph = nx.Graph()
    names = [f"n{rng.randrange(10**6):06d}" for _ in range(60)]
    graph.add_nodes_from((n, {"label": n, "mentions": i}) for i, n in enumerate(names))
    for _ in range(150):
        u, v = rng.choice(names), rng.choice(names)  # a self-loop now and then
        graph.add_edge(u, v, rels={"mentions"}, weight=1)
    kept = [n for n in names if rng.random() < share]
    sub = induced(graph, kept)
    order = [n for n in graph if n in set(kept)] if 2 * len(set(kept)) >= len(graph) else sorted(set(kept))
    expected = _networkx_induced(graph, order)
    assert list(sub.nodes(data=True)) == list(expected.nodes(data=True))
    assert [list(sub.adj[n].items()) for n in sub] == [list(expected.adj[n].items()) for n in expected]
    assert list(sub.edges(data=True)) == list(expected.edges(data=True)) and sub.number_of_edges() > 5
    u, v, data = next(iter(sub.edges(data=True)))
    assert sub.adj[v][u] is data and graph.edges[u, v] is not data  # one dict for both ends, a copy
    sub.nodes[u]["label"] = "changed"
    assert graph.nodes[u]["label"] == u
    weighted = induced(graph, kept, edge_data=lambda d: {**d, "weight": 2})
    assert {w for _, _, w in weighted.edges(data="weight")} == {2} and list(weighted.edges) == list(sub.edges)


def _random_graph(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.Graph()
    names = [f"n{rng.randrange(10**6):06d}" for _ in range(rng.randrange(5, 80))]
    graph.add_nodes_from((n, {"label": n}) for n in names)
    for _ in range(rng.randrange(0, 300)):
        graph.add_edge(rng.choice(names), rng.choice(names), rels={"mentions"}, weight=1)  # self-loops too
    return graph


def _layout_of(graph: nx.Graph) -> tuple[list, list, list]:
    return list(graph.nodes(data=True)), [list(graph.adj[n].items()) for n in graph], list(graph.edges(data=True))


@pytest.mark.parametrize("seed", range(12))
def test_a_part_of_a_copy_is_the_part_taken_of_the_copy(seed):
    """What the whole-graph view keeps straight from the corpus graph, as truncating a copy of it did."""
    graph = _random_graph(seed)
    rng = random.Random(seed)
    share = rng.choice([0.1, 0.3, 0.6, 0.9, 1.0])
    kept = [n for n in graph if rng.random() < share]
    def double(data: dict) -> dict:
        return {**data, "weight": 2, "rels": set(data["rels"])}

    expected = induced(induced(graph, graph, edge_data=double), kept)
    found = induced_of_copy(graph, kept, edge_data=double)
    assert _layout_of(found) == _layout_of(expected)
    assert all(w == 2 for _, _, w in found.edges(data="weight"))
