"""Node positions, computed in Python so that the browser has (almost) nothing to settle.

With physics on, a 2,000-node page took minutes to settle in headless Chromium without
a GPU; a page whose positions are given draws at once. Large graphs get networkx's
spring layout for their best-connected core only, since its dense solver is quadratic
and its sparse one needs SciPy; the rest are placed around the nodes they link to, in
waves outward from the core. Graphs the browser settles with its own physics get the same
scheme with a small core and a spring layout in plain Python: a rough start is enough
there, and networkx's needs NumPy, whose import cost a one-page build a tenth of a second.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx

from kg.web.views.kinds import induced

CORE_NODES = 400  # largest graph laid out by nx.spring_layout (its dense solver)
PHYSICS_MAX_NODES = 300  # up to this the browser settles the network with its physics
SMALL_CORE = 40  # core of a graph the browser settles: plain Python is quadratic too
SPRING_ITERATIONS = 100  # as kg asked of networkx
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass
class Layout:
    """Pixel positions, plus the axis, lanes and spans a timeline draws behind its nodes."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    ticks: list[tuple[float, str, str]] = field(default_factory=list)  # (x, date, unit: year, month …)
    lanes: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)  # node → (x of its start, x of its end)
    axis: tuple[str, float] | None = None  # the timeline's first day and pixels a day


def graph_layout(graph: nx.Graph, *, seed: int = 42) -> Layout:
    """Positions for a network view, in pixels, reproducible for a given ``seed``."""
    if graph.number_of_nodes() == 0:
        return Layout()
    if graph.number_of_nodes() <= PHYSICS_MAX_NODES:
        unit = _anchored_layout(graph, seed=seed, core_size=SMALL_CORE, spring=spring_layout)
    elif graph.number_of_nodes() <= CORE_NODES:
        unit = nx.spring_layout(graph, seed=seed, iterations=100)
    else:
        unit = _anchored_layout(graph, seed=seed, core_size=CORE_NODES, spring=_nx_spring)
    return Layout(_to_pixels(unit, graph.number_of_nodes()))


Spring = Callable[..., dict]  # (graph, *, seed, scale) → node → (x, y), centred, within ±scale


def _nx_spring(graph: nx.Graph, *, seed: int, scale: float = 1.0) -> dict:
    return nx.spring_layout(graph, seed=seed, scale=scale)


def spring_layout(
    graph: nx.Graph, *, seed: int, scale: float = 1.0, iterations: int = SPRING_ITERATIONS
) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold in plain Python, as ``nx.spring_layout`` computes it, for small graphs.

    Repulsion between every pair, attraction along edges by their ``weight``; the result is
    centred and scaled so that the farthest coordinate is ``scale``.
    """
    nodes = list(graph)
    n = len(nodes)
    if n <= 1:
        return dict.fromkeys(nodes, (0.0, 0.0))
    rng = random.Random(seed)
    xs, ys = [rng.random() for _ in nodes], [rng.random() for _ in nodes]
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v], float(w)) for u, v, w in graph.edges(data="weight", default=1) if u != v]
    k = 1.0 / math.sqrt(n)
    k2, temperature = k * k, 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx, dy = _repulsion(xs, ys, k2=k2)
        _attract(xs, ys, dx, dy, edges, k=k)
        for i in range(n):
            length = max(math.hypot(dx[i], dy[i]), 0.01)
            xs[i] += dx[i] * temperature / length
            ys[i] += dy[i] * temperature / length
        temperature -= cooling
    cx, cy = sum(xs) / n, sum(ys) / n
    reach = max(max(abs(x - cx) for x in xs), max(abs(y - cy) for y in ys)) or 1.0
    return {node: ((xs[i] - cx) / reach * scale, (ys[i] - cy) / reach * scale) for i, node in enumerate(nodes)}


def _repulsion(xs: list[float], ys: list[float], *, k2: float) -> tuple[list[float], list[float]]:
    """The displacement of each node away from every other (:func:`spring_layout`), each pair once."""
    n = len(xs)
    dx, dy = [0.0] * n, [0.0] * n
    for i in range(n):
        xi, yi = xs[i], ys[i]
        fx = fy = 0.0
        for j in range(i + 1, n):
            ddx, ddy = xi - xs[j], yi - ys[j]
            f = k2 / max(ddx * ddx + ddy * ddy, 1e-4)  # as networkx clips the distance at 0.01
            fx, fy = fx + ddx * f, fy + ddy * f
            dx[j] -= ddx * f
            dy[j] -= ddy * f
        dx[i] += fx
        dy[i] += fy
    return dx, dy


def _attract(
    xs: list[float], ys: list[float], dx: list[float], dy: list[float], edges: list[tuple[int, int, float]], *, k: float
) -> None:
    """Add to ``dx``, ``dy`` the pull of each edge ``(i, j, weight)`` on its two ends (:func:`spring_layout`)."""
    for i, j, w in edges:
        ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
        f = w * max(math.sqrt(ddx * ddx + ddy * ddy), 0.01) / k
        dx[i] -= ddx * f
        dy[i] -= ddy * f
        dx[j] += ddx * f
        dy[j] += ddy * f


def _anchored_layout(graph: nx.Graph, *, seed: int, core_size: int, spring: Spring) -> dict[str, tuple[float, float]]:
    """Spring layout of the core, then waves of neighbours, then the other components."""
    rng = random.Random(seed)
    core = _connected_core(graph, size=core_size)
    pos = {n: (float(x), float(y)) for n, (x, y) in spring(induced(graph, core), seed=seed).items()}
    step = 1.0 / math.sqrt(len(core))
    _place_waves(graph, pos, step=step, rng=rng)
    rest = sorted(
        nx.connected_components(induced(graph, (n for n in graph if n not in pos))), key=lambda c: (-len(c), min(c))
    )
    singles = {n for part in rest if len(part) == 1 for n in part}  # packed together as one grid
    parts = [p for p in rest if len(p) > 1] + ([singles] if singles else [])
    _pack_components(graph, pos, parts, step=step, seed=seed, core_size=core_size, spring=spring)
    return pos


def _connected_core(graph: nx.Graph, *, size: int) -> list[str]:
    """Grow a connected set from the best-connected node, always taking the
    best-connected neighbour next. (The top nodes by degree alone are not connected,
    and the spring layout flings the unconnected ones far out.)"""
    start = min(graph, key=lambda n: (-graph.degree(n), n))
    core, seen = [], {start}
    frontier = [(-graph.degree(start), start)]
    while frontier and len(core) < size:
        _, node = heapq.heappop(frontier)
        core.append(node)
        for m in graph[node]:
            if m not in seen:
                seen.add(m)
                heapq.heappush(frontier, (-graph.degree(m), m))
    return core


def _place_waves(graph: nx.Graph, pos: dict, *, step: float, rng: random.Random) -> None:
    """Place each node near its placed neighbours: leaves spiral around their anchor."""
    children: dict[str, int] = defaultdict(int)
    wave = sorted({m for n in pos for m in graph[n] if m not in pos})
    while wave:
        placed: dict[str, tuple[float, float]] = {}
        for node in wave:
            anchors = [m for m in graph[node] if m in pos]
            if len(anchors) == 1:
                # Sunflower spiral around the one anchor: many leaves, no pile-up.
                anchor = anchors[0]
                children[anchor] += 1
                k = children[anchor]
                r, a = 0.35 * step * math.sqrt(k + 1), k * GOLDEN_ANGLE
                placed[node] = (pos[anchor][0] + r * math.cos(a), pos[anchor][1] + r * math.sin(a))
            else:
                cx = sum(pos[m][0] for m in anchors) / len(anchors)
                cy = sum(pos[m][1] for m in anchors) / len(anchors)
                a, r = rng.uniform(0, 2 * math.pi), rng.uniform(0.2, 0.6) * step
                placed[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
        pos.update(placed)
        wave = sorted({m for n in placed for m in graph[n] if m not in pos})


def _pack_components(
    graph: nx.Graph, pos: dict, parts: list[set], *, step: float, seed: int, core_size: int, spring: Spring
) -> None:
    """Lay out the components the core does not reach in rows below the main cloud."""
    if not parts:
        return
    xs, ys = [p[0] for p in pos.values()] or [0.0], [p[1] for p in pos.values()] or [0.0]
    left, right, y = min(xs), max(xs), max(ys) + 4 * step
    x, row_height = left, 0.0
    for part in parts:
        size = max(1.0, math.sqrt(len(part))) * 2 * step
        local = _component_layout(
            induced(graph, part), size=size, step=step, seed=seed, core_size=core_size, spring=spring
        )
        if x + size > right and x > left:
            x, y, row_height = left, y + row_height + 2 * step, 0.0
        for node, (px, py) in local.items():
            pos[node] = (x + size / 2 + float(px), y + size / 2 + float(py))
        x, row_height = x + size + 2 * step, max(row_height, size)


def _component_layout(
    sub: nx.Graph, *, size: float, step: float, seed: int, core_size: int, spring: Spring
) -> dict:
    """A component on its own, ``size`` across (a grid when it has no edges)."""
    if sub.number_of_edges() == 0:
        return _grid(sorted(sub), spacing=step)
    if len(sub) <= core_size:
        return spring(sub, seed=seed, scale=size / 2)
    unit = _anchored_layout(sub, seed=seed, core_size=core_size, spring=spring)
    xs, ys = [p[0] for p in unit.values()], [p[1] for p in unit.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {
        n: ((x - min(xs)) / span * size - size / 2, (y - min(ys)) / span * size - size / 2)
        for n, (x, y) in unit.items()
    }


def _grid(nodes: list[str], *, spacing: float) -> dict[str, tuple[float, float]]:
    side = max(1, math.ceil(math.sqrt(len(nodes))))
    return {n: ((i % side) * spacing, (i // side) * spacing) for i, n in enumerate(nodes)}


def _to_pixels(unit: dict, n: int) -> dict[str, tuple[float, float]]:
    """Scale so that the drawing spans about 70·√n pixels, about 100 px per neighbour."""
    xs = [float(p[0]) for p in unit.values()]
    ys = [float(p[1]) for p in unit.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = (140 + 70 * math.sqrt(n)) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        node: (round((float(x) - cx) * scale, 1), round((float(y) - cy) * scale, 1)) for node, (x, y) in unit.items()
    }
