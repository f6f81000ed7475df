"""The HTML views in real headless Chromium: offline load, no console errors, node
counts, clicking a node, filters, search, and hostile text that must stay text.

Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
KINDS = {
    "graph": {},
    "ego": {"kind": "ego", "focus": "荆州市", "hops": 2},
    "coverage": {"kind": "coverage"},
    "comention": {"kind": "comention"},
    "timeline": {"kind": "timeline"},
}

# Under CI (CI=true, as .ci/run sets) a missing tool fails this module instead of skipping it.
CI = os.environ.get("CI", "").lower() not in {"", "0", "false"}
if CI and not CHROMIUM.exists():
    pytest.fail(f"CI is set and {CHROMIUM} is missing: the browser tests cannot run (apt-get install chromium)", pytrace=False)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]
if CI:
    import playwright.sync_api as sync_api  # missing: a collection error, not a skip
else:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package (test extra)")

from kg.graph.store import GraphStore  # noqa: E402
from kg.web.views import View, ViewOptions, build_view  # noqa: E402
from kg.graph.network import load_corpus  # noqa: E402
from kg.web.views.page import render_page  # noqa: E402


@dataclass
class Opened:
    """A view open in a browser page, with what it tried and what it said."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def views(sample_graph_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, View]]:
    """Each kind of view of the sample, written to a file."""
    store = GraphStore.open(sample_graph_dir, read_only=True)
    corpus = load_corpus(store)
    folder = tmp_path_factory.mktemp("views")
    written = {}
    for name, options in KINDS.items():
        view = build_view(store, options=ViewOptions(**options), corpus=corpus)
        path = folder / f"{name}.html"
        path.write_text(render_page(view), encoding="utf-8")
        written[name] = (path, view)
    return written


def open_view(browser, path: Path) -> Iterator[Opened]:
    """Open ``path`` from disk with every http(s) request recorded and refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    opened = Opened(page)

    def refuse(route) -> None:
        opened.requests.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(https?|wss?)://"), refuse)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.kgView && window.kgView.ready", timeout=20_000)
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def opener(browser):
    """``opener(path)`` opens a view; contexts close at the end of the test."""
    stack = []

    def _open(path: Path) -> Opened:
        gen = open_view(browser, path)
        stack.append(gen)
        return next(gen)

    yield _open
    for gen in stack:
        gen.close()


def click_node(page, node_id: int) -> None:
    """Click a node where the network draws it, zoomed in so that it stands alone."""
    page.evaluate("id => kgView.network.focus(id, {scale: 2, animation: false})", node_id)
    x, y = page.evaluate(
        """id => { const n = kgView.network, p = n.canvasToDOM(n.getPositions([id])[id]);
                   const r = document.getElementById('kg-network').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )
    page.mouse.click(x, y)


def _busiest(view: View) -> str:
    """The non-article node with the most articles: its panel has the most to show."""
    nodes = [n for n in view.graph if view.graph.nodes[n]["type"] != "article"]
    return max(nodes, key=lambda n: (len(view.corpus.articles[n]), n))


@pytest.mark.parametrize("name", list(KINDS))
def test_view_loads_offline_and_a_click_lists_the_articles(name, views, opener):
    path, view = views[name]
    opened = opener(path)
    page = opened.page
    assert page.evaluate("kgView.nodeCount()") == view.graph.number_of_nodes() > 0
    assert page.evaluate("kgView.edgeCount()") == view.graph.number_of_edges()
    node = _busiest(view)
    label = view.graph.nodes[node]["label"]
    node_id = page.evaluate("name => kgView.find(name)", label)
    click_node(page, node_id)
    page.wait_for_selector("#kg-panel:not([hidden])", timeout=5_000)
    assert page.text_content("#kg-panel-title") == label
    shown = page.eval_on_selector_all("#kg-panel ol.articles li .headline", "els => els.map(e => e.textContent)")
    expected = [view.corpus.graph.nodes[a]["headline"] or "（无标题）" for a in view.corpus.articles[node]]
    assert shown == expected[:60] and shown
    assert page.locator("#kg-panel ol.articles mark").count() >= 1  # the mention, highlighted in its sentence
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"view-{name}.png"))
    assert opened.requests == [] and opened.errors == [] and opened.dialogs == []


def test_the_legend_counts_and_filters_each_byline_role(views, opener):
    """Issue 21: reporters and correspondents were one legend entry, "记者 (12)"."""
    path, view = views["graph"]
    page = opener(path).page
    counts = {kind: sum(1 for _, t in view.graph.nodes(data="type") if t == kind) for kind in ("reporter", "correspondent")}
    assert counts == {"reporter": 6, "correspondent": 6}
    legend = page.eval_on_selector_all("#kg-legend label", "els => els.map(e => e.textContent)")
    assert "★记者 (6)" in legend and "▼通讯员 (6)" in legend
    total = view.graph.number_of_nodes()
    page.uncheck("input.kg-type[value=correspondent]")
    assert page.evaluate("kgView.visibleCount()") == total - 6
    page.uncheck("input.kg-type[value=reporter]")
    assert page.evaluate("kgView.visibleCount()") == total - 12
    page.check("input.kg-type[value=correspondent]")
    assert page.evaluate("kgView.visibleCount()") == total - 6
    page.fill("#kg-search", "刘园园")  # a correspondent
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-panel-meta").startswith("通讯员")


def test_filters_search_and_tooltip(views, opener):
    path, view = views["graph"]
    page = opener(path).page
    total = view.graph.number_of_nodes()
    places = sum(1 for _, t in view.graph.nodes(data="type") if t == "place")
    page.uncheck("input.kg-type[value=place]")
    assert page.evaluate("kgView.visibleCount()") == total - places
    page.check("input.kg-type[value=place]")
    page.fill("#kg-from", "2023-01-10")
    page.dispatch_event("#kg-from", "change")
    assert page.evaluate("kgView.visibleCount()") == 0
    page.click("#kg-reset")
    assert page.evaluate("kgView.visibleCount()") == total
    page.fill("#kg-search", "荆州")  # an alias of 荆州市
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-panel-title") == "荆州市"
    assert "别名：荆州" in page.text_content("#kg-panel-meta")
    node_id = page.evaluate("kgView.find('荆州市')")
    assert page.evaluate("kgView.network.getSelectedNodes()") == [node_id]
    page.fill("#kg-search", "没有这个名字")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-search-message") == "未找到"
    click_node(page, node_id)
    page.mouse.move(0, 0)
    page.evaluate("id => kgView.network.focus(id, {scale: 2, animation: false})", node_id)
    # A point of the node that no neighbour covers: one drawn over its centre would take the hover.
    box = page.evaluate(
        """id => { const n = kgView.network, b = n.getBoundingBox(id);
                   const r = document.getElementById('kg-network').getBoundingClientRect();
                   for (let i = 1; i < 8; i++) for (let j = 1; j < 8; j++) {
                     const c = {x: b.left + (b.right - b.left) * i / 8, y: b.top + (b.bottom - b.top) * j / 8};
                     const d = n.canvasToDOM(c);
                     if (n.getNodeAt(d) === id) return [r.left + d.x, r.top + d.y];
                   }
                   return null; }""",
        node_id,
    )
    assert box is not None
    page.mouse.move(*box)
    page.wait_for_selector("#kg-tooltip:not([hidden])", timeout=5_000)
    tip = page.text_content("#kg-tooltip")
    assert tip.startswith("荆州市地点") and "别名：荆州" in tip and "篇文章" in tip


def test_hostile_text_shows_literally_and_runs_nothing(hostile_graph_dir, opener, tmp_path):
    from tests.conftest import HOSTILE_HEADLINES

    store = GraphStore.open(hostile_graph_dir, read_only=True)
    path = tmp_path / "hostile.html"
    path.write_text(render_page(build_view(store)), encoding="utf-8")
    opened = opener(path)
    page = opened.page
    page.wait_for_timeout(300)  # give an injected handler time to fire, if one got in
    for headline in HOSTILE_HEADLINES:
        page.evaluate("h => kgView.focusNode(kgView.find(h))", headline)
        assert page.text_content("#kg-panel-title") == headline
        assert page.eval_on_selector("#kg-panel .headline", "e => e.textContent") == headline
    lead = page.text_content("#kg-panel .snippet")
    assert "<img src=x onerror=alert(1)>" in lead or "</script><script>alert(1)</script>" in lead
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-hostile.png"))
    assert opened.dialogs == [] and opened.errors == [] and opened.requests == []


def _synthetic_corpus(*, articles: int, entities: int, seed: int = 5):
    """A corpus graph of random mentions, big enough for the no-physics path."""
    import random

    from kg.graph.network import Corpus

    rng = random.Random(seed)
    corpus = Corpus()
    types = ("person", "organization", "place", "event")
    names = [f"实体{i}" for i in range(entities)]
    for i, name in enumerate(names):
        corpus.graph.add_node(name, type=types[i % 4], label=name, aliases=(), mentions=0, start="", kind="")
    for a in range(articles):
        key = f"文章{a}"
        corpus.graph.add_node(
            key,
            type="article",
            label=f"标题{a}",
            headline=f"标题{a}",
            date=f"1998-01-{1 + a % 28:02d}",
            kind="文章",
            aliases=(),
            mentions=0,
        )
        for name in rng.sample(names[: max(8, entities * (1 + a % 4) // 4)], 4):
            corpus.graph.add_edge(key, name, rels={"mentions"}, weight=1)
            corpus.graph.nodes[name]["mentions"] += 1
            corpus.graph.nodes[key]["mentions"] += 1
            corpus.snippets[(name, key)] = ("前文", name, "后文")
    for node, kind in corpus.graph.nodes(data="type"):
        linked = [node] if kind == "article" else sorted(corpus.graph[node])
        corpus.articles[node] = linked
    return corpus


def test_big_view_draws_at_once_and_labels_what_is_zoomed_in(opener, tmp_path):
    corpus = _synthetic_corpus(articles=900, entities=900)
    view = build_view(None, corpus=corpus)  # the store is not read when a corpus is given
    assert view.graph.number_of_nodes() == 1500 and view.left_out == 300
    path = tmp_path / "big.html"
    path.write_text(render_page(view), encoding="utf-8")
    opened = opener(path)
    page = opened.page
    assert page.evaluate("[kgView.settledBy, kgView.nodeCount()]") == ["preset", 1500]
    labelled = page.evaluate("kgView.nodes.get().filter(n => n.label).length")
    assert 0 < labelled < 1500  # only the most mentioned at first
    quiet = page.evaluate("kgView.nodes.get().filter(n => !n.label).map(n => n.id)[0]")
    page.evaluate("id => kgView.focusNode(id)", quiet)
    assert page.evaluate("id => kgView.nodes.get(id).label", quiet)
    assert page.evaluate("kgView.nodes.get().filter(n => n.label).length") > labelled
    assert opened.errors == [] and opened.requests == []


PAYLOADS = {
    # class of the named thing → what its name is prefixed with
    "Organization": "<img src=x onerror=alert(1)>",
    "Place": "</script><script>alert(2)</script>",
    "Person": "<svg onload=alert(3)>",
    "Event": '"><script>alert(4)</script>',
}


@pytest.fixture(scope="module")
def hostile_names_store(hostile_graph_dir: Path) -> GraphStore:
    """The hostile graph with a payload before every name: organizations, places,
    persons (reporters too) and events. Recognition seldom lets markup into a name, but
    a graph loaded from elsewhere, or the tagger, can."""
    from pyoxigraph import Store

    store = GraphStore(Store())
    store.add(GraphStore.open(hostile_graph_dir, read_only=True).quads())
    values = " ".join(f'(schema:{cls} "{payload.replace(chr(34), chr(92) + chr(34))}")' for cls, payload in PAYLOADS.items())
    store.oxigraph.update(
        "PREFIX schema: <https://schema.org/>\n"
        "DELETE { GRAPH ?g { ?e ?p ?n } } INSERT { GRAPH ?g { ?e ?p ?new } } WHERE {"
        "  GRAPH ?g { ?e ?p ?n } VALUES ?p { schema:name schema:alternateName }"
        "  GRAPH ?h { ?e a ?c } VALUES (?c ?payload) { " + values + " }"
        "  BIND (CONCAT(?payload, ?n) AS ?new) }"
    )
    return store


@pytest.mark.parametrize("name", list(KINDS))
def test_hostile_names_show_literally_in_every_view(name, hostile_names_store, opener, tmp_path):
    from tests.conftest import HOSTILE_HEADLINES

    options = dict(KINDS[name])
    if name == "ego":
        options["focus"] = PAYLOADS["Place"] + "荆州市"
    view = build_view(hostile_names_store, options=ViewOptions(**options))
    labels = [view.graph.nodes[n]["label"] for n in view.graph]
    hostile = [label for label in labels if any(label.startswith(p) for p in PAYLOADS.values())]
    assert hostile, labels  # the view really shows hostile names
    path = tmp_path / f"{name}.html"
    path.write_text(render_page(view), encoding="utf-8")
    opened = opener(path)
    page = opened.page
    page.wait_for_timeout(200)  # give an injected handler time to fire, if one got in
    for label in hostile + [h for h in HOSTILE_HEADLINES if h in labels]:
        page.evaluate("label => kgView.focusNode(kgView.find(label))", label)
        assert page.text_content("#kg-panel-title") == label
    page.fill("#kg-search", hostile[0])
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-panel-title") == hostile[0]
    assert page.evaluate("document.querySelectorAll('img, svg:not(#kg-network svg)').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert opened.dialogs == [] and opened.errors == [] and opened.requests == []


# ------------------------------------------------------------------ events (issue 19)


@pytest.fixture(scope="module")
def event_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, View]]:
    """The graph and timeline views of the hand-written events of tests/events_graph.py."""
    from tests.events_graph import events_store

    store, folder, written = events_store(), tmp_path_factory.mktemp("event-views"), {}
    for kind in ("graph", "timeline"):
        view = build_view(store, options=ViewOptions(kind=kind))
        path = folder / f"events-{kind}.html"
        path.write_text(render_page(view), encoding="utf-8")
        written[kind] = (path, view)
    return written


def _pixel(page, x: float, y: float) -> list[int]:
    """The colour the network's canvas shows at canvas point (x, y)."""
    return page.evaluate(
        """([x, y]) => { const n = kgView.network, p = n.canvasToDOM({x, y}), r = window.devicePixelRatio;
                         const c = document.querySelector('#kg-network canvas').getContext('2d');
                         return Array.from(c.getImageData(Math.round(p.x * r), Math.round(p.y * r), 1, 1).data); }""",
        [x, y],
    )


def test_the_timeline_places_events_by_date_and_draws_periods_as_spans(event_views, opener):
    path, view = event_views["timeline"]
    opened = opener(path)
    page = opened.page
    origin, day = view.layout.axis
    at = page.evaluate("""names => { const p = kgView.network.getPositions();
                          return Object.fromEntries(names.map(n => [n, p[kgView.find(n)]])); }""",
                       ["雷火行动", "征兵", "元旦", "抓获", "火灾", "交通事故"])
    x = {name: p["x"] for name, p in at.items()}
    assert origin == "2022-01-01"
    # On the axis's scale (vis-network gives positions to the pixel): 2022-01-01 is 0, a
    # day-dated event sits on its day, a year or a month at its middle; 2023-01-01 and
    # 2023-01-07 are six days apart, not two columns.
    assert x["元旦"] == pytest.approx(365 * day, abs=0.5) and x["抓获"] - x["元旦"] == pytest.approx(6 * day, abs=1)
    assert x["火灾"] - x["抓获"] == pytest.approx(day, abs=1)
    assert x["雷火行动"] == pytest.approx(182.5 * day, abs=0.5) and x["征兵"] == pytest.approx(547.5 * day, abs=0.5)
    assert x["交通事故"] == pytest.approx((365 + 15.5) * day, abs=0.5)
    assert [name for name, _ in sorted(x.items(), key=lambda item: item[1])] == [
        "雷火行动", "元旦", "抓获", "火灾", "交通事故", "征兵"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-timeline-events.png"))
    # Ticks follow the zoom: months when the whole axis is on screen, weeks and days closer in.
    assert page.evaluate("kgView.ticksAt()")[:2] == ["2022-01", "2022-02"]
    # The year is drawn as a bar in its family's colour from its first day: a tinted
    # pixel a quarter-year before its node, and none above the bar.
    page.evaluate("id => kgView.network.focus(id, {scale: 1, animation: false})", page.evaluate("kgView.find('雷火行动')"))
    page.wait_for_timeout(100)
    year = at["雷火行动"]
    bar, above = _pixel(page, year["x"] - 91 * day, year["y"]), _pixel(page, year["x"] - 91 * day, year["y"] - 30)
    assert max(bar[:3]) - min(bar[:3]) > 20 and max(above[:3]) - min(above[:3]) < 8, (bar, above)
    assert page.evaluate("kgView.ticksAt()")[:2] == ["2022-01-03", "2022-01-10"]  # Mondays
    page.evaluate("id => kgView.network.focus(id, {scale: 8, animation: false})", page.evaluate("kgView.find('抓获')"))
    labels = page.evaluate("kgView.ticksAt()")
    assert "2023-01-07" in labels and len(labels) > 700  # every day
    assert opened.requests == [] and opened.errors == [] and opened.dialogs == []


def test_the_legend_filters_events_by_family_and_the_panel_gives_their_type(event_views, opener):
    path, view = event_views["graph"]
    opened = opener(path)
    page = opened.page
    legend = page.eval_on_selector_all("#kg-legend .kg-families label", "els => els.map(e => e.textContent)")
    assert legend == ["⬢灾害事故 (2)", "⬢违法犯罪与司法 (2)", "⬢政务 (2)", "⬢社会 (2)", "⬢文教体育 (2)", "⬢其他事件 (1)"]
    colours = page.eval_on_selector_all("#kg-legend .kg-families .glyph", "els => els.map(e => e.style.color)")
    assert len(set(colours)) == 6
    total = view.graph.number_of_nodes()
    page.uncheck("input.kg-family[value=disaster]")
    assert page.evaluate("kgView.visibleCount()") == total - 2
    page.uncheck("input.kg-family[value=other]")
    assert page.evaluate("kgView.visibleCount()") == total - 3
    page.fill("#kg-search", "火灾")  # a hidden event, shown on request with its family
    page.press("#kg-search", "Enter")
    assert page.is_checked("input.kg-family[value=disaster]") and page.evaluate("kgView.visibleCount()") == total - 1
    assert page.text_content("#kg-panel-meta") == "事件 · 灾害事故 · 火灾 · 2023年1月8日"
    page.evaluate("kgView.focusNode(kgView.find('盗窃'))")
    assert page.text_content("#kg-panel-meta") == "事件 · 违法犯罪与司法 · 盗窃抢劫 · 2023年1月5日"
    page.evaluate("kgView.focusNode(kgView.find('春运'))")
    assert page.text_content("#kg-panel-meta") == "事件 · 文教体育 · 节假日 · 2023年1月7日至2月15日"
    page.click("#kg-reset")
    assert page.evaluate("kgView.visibleCount()") == total
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-events-legend.png"))
    assert opened.requests == [] and opened.errors == [] and opened.dialogs == []


def test_the_legend_filters_organizations_and_places_by_kind_and_the_panel_names_it(opener, tmp_path):
    from tests.web.kinds_graph import kinds_store

    view = build_view(kinds_store())
    path = tmp_path / "kinds.html"
    path.write_text(render_page(view), encoding="utf-8")
    opened = opener(path)
    page = opened.page
    orgs = page.eval_on_selector_all("#kg-legend .kg-kinds-organization label", "els => els.map(e => e.textContent)")
    assert orgs == ["◆政府机构 Government organization (1)", "◆企业 Corporation (1)", "◆医院 Hospital (1)", "◆其他 Other (1)"]
    places = page.eval_on_selector_all("#kg-legend .kg-kinds-place label", "els => els.map(e => e.textContent)")
    assert places == ["▲行政区划 Administrative area (1)", "▲道路 Road (1)", "▲其他 Other (1)"]
    colours = page.eval_on_selector_all("#kg-legend .kg-kinds .glyph", "els => els.map(e => e.style.color)")
    assert len(set(colours)) == 7
    total = view.graph.number_of_nodes()
    page.uncheck("input.kg-kind[value=Hospital]")
    assert page.evaluate("kgView.visibleCount()") == total - 1
    page.uncheck("input.kg-kind[value=Road]")
    assert page.evaluate("kgView.visibleCount()") == total - 2
    page.uncheck("input.kg-kind[value=other-place]")
    assert page.evaluate("kgView.visibleCount()") == total - 3
    page.fill("#kg-search", "青禾县人民医院")  # hidden: shown on request with its kind
    page.press("#kg-search", "Enter")
    assert page.is_checked("input.kg-kind[value=Hospital]") and page.evaluate("kgView.visibleCount()") == total - 2
    assert page.text_content("#kg-panel-meta") == "机构 · 医院 Hospital"
    page.evaluate("kgView.setKinds(['Road'])")  # only roads among the organizations and places
    assert page.evaluate("kgView.visibleCount()") == total - 6
    page.evaluate("kgView.focusNode(kgView.find('枫林路'))")
    assert page.text_content("#kg-panel-meta") == "地点 · 道路 Road"
    page.click("#kg-reset")
    assert page.evaluate("kgView.visibleCount()") == total
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-kinds-legend.png"))
    assert opened.requests == [] and opened.errors == [] and opened.dialogs == []
