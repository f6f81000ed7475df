"""Views: node and edge counts against SPARQL on the sample, truncation, ego hops,
coverage weights, dates, layout, escaping of hostile text, the page's size, and the
pyvis Network and vis-network build the page is made with."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ViewError
from kg.graph.event_classes import family_label
from kg.graph.network import load_corpus, sentence_around
from kg.graph.store import GraphStore
from kg.web.views import ViewOptions, build_view, render_view
from kg.web.views.kinds import period
from kg.web.views.layout import (
    CORE_NODES,
    PHYSICS_MAX_NODES,
    SMALL_CORE,
    graph_layout,
    spring_layout,
)
from kg.web.views.page import node_order, page_data, render_page, script_json
from kg.web.views.timeline import LABEL_HALF_PER_CHAR
from kg.web.views.vis import build_network, vis_network_js, vis_network_path

CLASSES = "schema:NewsArticle, schema:Article, schema:Person, schema:Organization, schema:Place, schema:Event"
TYPED = f"VALUES ?cls {{ {CLASSES.replace(',', '')} }}"
RELATIONS = "schema:location|schema:organizer|schema:attendee|schema:worksFor|schema:containedInPlace"
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


@pytest.fixture(scope="module")
def corpus(store: GraphStore):
    return load_corpus(store)


def _count(store: GraphStore, sparql: str) -> int:
    return int(next(iter(store.query(sparql)))[0].value)


def _rows(store: GraphStore, sparql: str) -> list[tuple[str, ...]]:
    return [tuple(t.value for t in row) for row in store.query(sparql)]


def _page_data(html: str) -> dict:
    return json.loads(DATA_BLOCK.search(html).group(1))


def _script_elements(html: str) -> int:
    """How many ``<script>`` elements an HTML parser finds (the text of a script is not
    markup: vis-network's own code holds the string "<script>")."""
    from html.parser import HTMLParser

    found = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.append(tag) if tag == "script" else None
    parser.feed(html)
    parser.close()
    return len(found)


# ------------------------------------------------------------------ counts against SPARQL


def test_whole_graph_has_every_typed_node_and_link(store, corpus):
    nodes = _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {TYPED} ?s a ?cls }}")
    pairs = _rows(
        store,
        f"""
        SELECT DISTINCT ?x ?y WHERE {{
          {{ ?s schema:mentions|schema:author|schema:contributor|{RELATIONS} ?o }}
          ?s a ?c1 . ?o a ?c2 .
          FILTER(?c1 IN ({CLASSES})) FILTER(?c2 IN ({CLASSES}))
          FILTER(?s != ?o)
          BIND(IF(STR(?s) < STR(?o), ?s, ?o) AS ?x) BIND(IF(STR(?s) < STR(?o), ?o, ?s) AS ?y)
        }}""",
    )
    view = build_view(store, corpus=corpus)
    assert nodes > 100 and view.graph.number_of_nodes() == nodes
    assert view.graph.number_of_edges() == len(pairs)
    assert {frozenset(e) for e in view.graph.edges()} == {frozenset(p) for p in pairs}
    assert view.left_out == 0 and view.total == nodes
    types = nx.get_node_attributes(view.graph, "type")
    for kind, role in (("reporter", "Reporter"), ("correspondent", "Correspondent")):
        credited = {v for (v,) in _rows(store, f"SELECT DISTINCT ?p WHERE {{ ?c prov:hadRole kg:{role} ; prov:agent ?p }}")}
        assert len(credited) == 6 and {n for n, t in types.items() if t == kind} == credited


def test_coverage_weights_are_articles_per_reporter_and_place(store, corpus):
    rows = _rows(
        store,
        """
        SELECT ?p ?place (COUNT(DISTINCT ?a) AS ?n) WHERE {
          ?a schema:author|schema:contributor ?p . ?a schema:mentions ?place . ?place a schema:Place
        } GROUP BY ?p ?place""",
    )
    view = build_view(store, options=ViewOptions(kind="coverage"), corpus=corpus)
    assert len(rows) > 10
    assert {frozenset((p, pl)): int(n) for p, pl, n in rows} == {
        frozenset((u, v)): w for u, v, w in view.graph.edges(data="weight")
    }
    assert view.graph.number_of_nodes() == len({p for p, _, _ in rows} | {pl for _, pl, _ in rows})
    assert max(w for *_, w in view.graph.edges(data="weight")) >= 2  # someone covered a place twice


def test_comention_is_the_projection_with_shared_article_weights(store, corpus):
    entities = _count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?a schema:mentions ?e }")
    rows = _rows(
        store,
        """
        SELECT ?e1 ?e2 (COUNT(DISTINCT ?a) AS ?n) WHERE {
          ?a schema:mentions ?e1, ?e2 . FILTER(STR(?e1) < STR(?e2))
        } GROUP BY ?e1 ?e2""",
    )
    view = build_view(store, options=ViewOptions(kind="comention"), corpus=corpus)
    assert view.graph.number_of_nodes() == entities
    assert {(u, v) if u < v else (v, u): w for u, v, w in view.graph.edges(data="weight")} == {
        (a, b): int(n) for a, b, n in rows
    }


def test_timeline_holds_the_dated_events_and_says_how_many_are_undated(store, corpus):
    dated = _count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event ; schema:startDate ?d }")
    events = _count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event }")
    view = build_view(store, options=ViewOptions(kind="timeline"), corpus=corpus)
    assert 0 < dated < events and view.graph.number_of_nodes() == dated
    assert view.notes == (f"{events - dated} 个事件没有日期，未列入时间线",)
    # x is the date in proportion: a day at its start, a month, a year or a run of days
    # at its middle, drawn as a span between its ends
    origin, per_day = view.layout.axis

    def day(date: str) -> float:
        return (dt.date.fromisoformat(date) - dt.date.fromisoformat(origin)).days * per_day

    for node in view.graph:
        start, end = view.graph.nodes[node]["start"], view.graph.nodes[node]["end"]
        first, last = period(start)[0], period(end or start)[1]
        x = view.layout.positions[node][0]
        if len(start) == 10 and end in ("", start):
            assert x == pytest.approx(day(first), abs=0.01) and node not in view.layout.spans
        else:
            stop = day(last) + (per_day if len(end or start) < 10 else 0)  # a month or a year runs to its last day's end
            assert view.layout.spans[node] == pytest.approx((day(first), stop), abs=0.01)
            assert x == pytest.approx((day(first) + stop) / 2, abs=0.01)
    years = [n for n in view.graph if len(view.graph.nodes[n]["start"]) == 4]
    assert years and all(view.layout.spans[n][1] - view.layout.spans[n][0] > 365 * per_day - 0.02 for n in years)


# ------------------------------------------------------------------ ego, truncation, dates


def test_ego_hops_grow_by_distance_and_aliases_find_the_same_node(store, corpus):
    center = "https://kg.example.org/place/421000"  # 荆州市, alias 荆州
    one = build_view(store, options=ViewOptions(kind="ego", focus="荆州市", hops=1), corpus=corpus)
    by_alias = build_view(store, options=ViewOptions(kind="ego", focus="荆州", hops=1), corpus=corpus)
    two = build_view(store, options=ViewOptions(kind="ego", focus="荆州市", hops=2), corpus=corpus)
    assert one.centers == (center,) and set(by_alias.graph) == set(one.graph)
    assert set(one.graph) == {center, *corpus.graph[center]}
    distances = nx.single_source_shortest_path_length(corpus.graph, center, cutoff=2)
    assert set(two.graph) == set(distances) and len(two.graph) > len(one.graph)
    articles = {a for (a,) in _rows(store, f"SELECT ?a WHERE {{ ?a schema:mentions <{center}> }}")}
    assert articles <= set(one.graph)


def test_ego_errors_are_view_errors(store, corpus):
    with pytest.raises(ViewError) as missing:
        build_view(store, options=ViewOptions(kind="ego", focus="不存在的地方"), corpus=corpus)
    assert missing.value.code == "KG500"
    with pytest.raises(ViewError, match="did you mean.*荆州市"):
        build_view(store, options=ViewOptions(kind="ego", focus="荆州市公"), corpus=corpus)
    with pytest.raises(ViewError, match="needs --focus"):
        build_view(store, options=ViewOptions(kind="ego"), corpus=corpus)
    with pytest.raises(ViewError, match="ego view"):
        build_view(store, options=ViewOptions(kind="coverage", focus="荆州市"), corpus=corpus)


def test_max_nodes_keeps_the_best_connected_and_says_how_many_were_left_out(store, corpus):
    full = build_view(store, corpus=corpus)
    view = build_view(store, options=ViewOptions(max_nodes=20), corpus=corpus)
    assert view.graph.number_of_nodes() == 20
    assert view.left_out == full.graph.number_of_nodes() - 20 and view.total == full.graph.number_of_nodes()
    kept_min = min(full.graph.degree(n) for n in view.graph)
    dropped_max = max(full.graph.degree(n) for n in full.graph if n not in view.graph)
    assert kept_min >= dropped_max
    html = render_page(view)
    assert f"另有 {view.left_out} 个节点未显示（共 {view.total} 个，--max-nodes 20）" in html
    assert _page_data(html)["meta"]["leftOut"] == view.left_out


def test_the_whole_graph_view_keeps_what_truncating_a_copy_of_the_corpus_graph_kept(corpus):
    from kg.web.views.kinds import truncate, whole_graph

    allowed = set(corpus.graph)
    built, copy = whole_graph(corpus, allowed, max_nodes=40), whole_graph(corpus, allowed)
    expected, left_out = truncate(copy.graph, 40)
    assert built.total == copy.graph.number_of_nodes() == len(corpus.graph) and copy.total is None
    assert left_out == built.total - 40 > 0
    assert list(built.graph.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(built.graph.edges(data=True)) == list(expected.edges(data=True))
    assert [list(built.graph.adj[n]) for n in built.graph] == [list(expected.adj[n]) for n in expected]
    assert all(w == 1 for _, _, w in built.graph.edges(data="weight"))


def test_ego_focus_survives_truncation(store, corpus):
    view = build_view(store, options=ViewOptions(kind="ego", focus="习近平", hops=2, max_nodes=3), corpus=corpus)
    assert view.centers[0] in view.graph and view.graph.number_of_nodes() == 3


def test_date_range_keeps_nodes_with_an_article_in_range(store, corpus):
    with_articles = {n for n, arts in corpus.articles.items() if arts}
    inside = build_view(store, options=ViewOptions(date_from="2023-01-09", date_to="2023-01-09"), corpus=corpus)
    assert set(inside.graph) == with_articles and len(with_articles) < corpus.graph.number_of_nodes()
    assert build_view(store, options=ViewOptions(date_from="2023-01-10"), corpus=corpus).graph.number_of_nodes() == 0
    assert build_view(store, options=ViewOptions(date_to="2023-01-08"), corpus=corpus).graph.number_of_nodes() == 0
    for bad in (
        {"date_from": "2023-13-01"},
        {"date_to": "9.1.2023"},
        {"date_from": "2023-02-01", "date_to": "2023-01-01"},
    ):
        with pytest.raises(ViewError):
            build_view(store, options=ViewOptions(**bad), corpus=corpus)


def test_other_bad_options(store, corpus):
    for bad in ({"kind": "pie"}, {"hops": -1}, {"max_nodes": 0}):
        with pytest.raises(ViewError):
            build_view(store, options=ViewOptions(**bad), corpus=corpus)


# ------------------------------------------------------------------ page content


def test_page_data_matches_the_view(store, corpus):
    view = build_view(store, options=ViewOptions(kind="graph"), corpus=corpus)
    data = page_data(view)
    assert len(data["nodes"]) == view.graph.number_of_nodes() == len(data["vis"]["nodes"])
    assert len(data["vis"]["edges"]) == view.graph.number_of_edges()
    by_label = {n["full"]: n for n in data["nodes"]}
    place = by_label["荆州市"]
    assert place["type"] == "place" and place["aliases"] == ["荆州"]
    assert place["mentions"] == _count(
        store, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m kg:denotes <https://kg.example.org/place/421000> }"
    )
    headlines = {data["articles"][i][0] for i in place["arts"]}
    assert "我市旅游市场加速回暖" in headlines
    anchors = {
        a
        for (a,) in _rows(
            store, "SELECT ?t WHERE { ?m kg:denotes <https://kg.example.org/place/421000> ; nif:anchorOf ?t }"
        )
    }
    assert {"荆州市", "我市"} <= anchors
    assert len(place["snips"]) == len(place["arts"])
    for before, mark, after in place["snips"].values():
        assert mark in anchors and len(before) <= 37 and len(after) <= 37
    reporter = by_label["张明金"]
    assert reporter["type"] == "reporter"
    assert list(reporter["snips"].values()) == [("署名：", "记者 张明金", "")]
    correspondent = by_label["刘园园"]
    assert correspondent["type"] == "correspondent" and correspondent["kind"] == ""
    assert list(correspondent["snips"].values()) == [("署名：", "通讯员 刘园园", "")]


def test_the_legend_counts_reporters_and_correspondents_apart(store, corpus):
    """Issue 21: the legend's "记者 (12)" counted 6 reporters and 6 correspondents."""
    credited = {
        role: {v for (v,) in _rows(store, f"SELECT ?n WHERE {{ ?c prov:hadRole kg:{role} ; prov:agent/schema:name ?n }}")}
        for role in ("Reporter", "Correspondent")
    }
    for kind in ("graph", "coverage"):
        data = page_data(build_view(store, options=ViewOptions(kind=kind), corpus=corpus))
        types = {t[0]: t[1:] for t in data["meta"]["types"]}
        assert types["reporter"][0] == "记者" and types["correspondent"][0] == "通讯员"
        assert {types[k][0] for k in ("intern", "photographer", "writer")} == {"实习生", "摄影", "撰文"}
        assert len({style[1] for style in types.values()}) == len(types)  # a colour each
        shown = {t: {n["full"] for n in data["nodes"] if n["type"] == t} for t in ("reporter", "correspondent")}
        assert shown["reporter"] <= credited["Reporter"] and shown["correspondent"] <= credited["Correspondent"]
        if kind == "graph":  # every credited person; the legend counts the page's nodes of each type
            assert Counter(n["type"] for n in data["nodes"])["reporter"] == len(shown["reporter"]) == 6
            assert shown == {"reporter": credited["Reporter"], "correspondent": credited["Correspondent"]}
        else:
            assert shown["reporter"] and shown["correspondent"]
        # The page numbers the nodes type by type, in the legend's order.
        order = [t[0] for t in data["meta"]["types"]]
        assert [n["type"] for n in data["nodes"]] == sorted((n["type"] for n in data["nodes"]), key=order.index)


def test_sentence_around_cuts_the_sentence_and_long_sides():
    text = "第一句。荆州市召开会议，部署工作！第三句"
    assert sentence_around(text, 4, 7) == ("", "荆州市", "召开会议，部署工作！")
    long = "甲" * 100 + "荆州" + "乙" * 100 + "。"
    before, mark, after = sentence_around(long, 100, 102, width=10)
    assert (before, mark, after) == ("…" + "甲" * 10, "荆州", "乙" * 10 + "…")


def test_sample_page_is_self_contained_and_small(store):
    html = render_view(store)
    assert len(html.encode("utf-8")) < 2_000_000
    assert "<link" not in html and not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    assert "vis-network" in html and "default-src 'none'" in html
    assert _script_elements(html) == 3


def test_hostile_text_is_escaped(hostile_graph_dir):
    from tests.conftest import HOSTILE_HEADLINES

    hostile = GraphStore.open(hostile_graph_dir, read_only=True)
    for kind in ("graph", "comention", "coverage"):
        html = render_view(hostile, options=ViewOptions(kind=kind))
        assert "<img" not in html and "alert(1)</script>" not in html
        assert _script_elements(html) == 3 and html.count("</script>") == 3
        assert html.count("<script") == 3 + vis_network_js().count("<script")  # none in the data
        data = _page_data(html)
        if kind == "graph":
            assert {a[0] for a in data["articles"]} == set(HOSTILE_HEADLINES)
            lead = [s for n in data["nodes"] if n["type"] == "article" for s in n["snips"].values()]
            assert any("<img src=x onerror=alert(1)>" in s[2] for s in lead)


def test_script_json_escapes_what_ends_a_script():
    value = {"t": "</script><!-- & \u2028\u2029 <img src=x>"}
    text = script_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


# ------------------------------------------------------------------ pyvis


def test_vis_data_is_the_pyvis_network(store, corpus):
    """Nodes, edges and options in the page are those of the view's pyvis Network."""
    from pyvis.network import Network

    view = build_view(store, options=ViewOptions(kind="ego", focus="荆州市", hops=2, communities=True), corpus=corpus)
    data, order = page_data(view), node_order(view)
    net = build_network(view, {node: i for i, node in enumerate(order)})
    assert isinstance(net, Network)
    assert data["vis"] == {"nodes": net.nodes, "edges": net.edges, "options": net.options}
    assert [n["id"] for n in data["vis"]["nodes"]] == [n["id"] for n in data["nodes"]] == list(range(len(order)))
    center = data["vis"]["nodes"][order.index(view.centers[0])]
    assert center["group"].endswith("/centre") and data["vis"]["options"]["groups"][center["group"]]["borderWidth"] == 4
    for item, node in zip(data["vis"]["nodes"], order):  # at the precomputed positions
        assert (item["x"], item["y"]) == view.layout.positions[node]
        assert item["group"].startswith(view.graph.nodes[node]["type"] + "/")  # coloured by community
    assert data["vis"]["options"]["physics"]["enabled"] == (len(order) <= 300)
    assert all(not e.get("arrows") for e in data["vis"]["edges"])  # vis-network draws no arrow


def test_page_embeds_the_vis_network_pyvis_ships(store):
    """The page's vis-network is the copy inside pyvis's package, the one pyvis inlines."""
    import pyvis

    templates = Path(pyvis.__file__).parent / "templates"
    path = Path(str(vis_network_path()))
    assert path.parent.parent == templates / "lib"
    assert f"lib/{path.parent.name}/vis-network.min.js" in (templates / "template.html").read_text(encoding="utf-8")
    in_page = re.search(r"<script>(.*?)</script>", render_view(store), re.S).group(1)
    assert in_page == path.read_text(encoding="utf-8") == vis_network_js()
    assert in_page.lstrip().startswith("/**\n * vis-network")  # its licence header stays
    # kg keeps no copy of its own
    package = Path(__file__).resolve().parents[2] / "kg"
    assert not list(package.rglob("vis-network*")) and not list(package.rglob("*LICENSE*"))


# ------------------------------------------------------------------ layout and communities


@pytest.mark.parametrize("size", [CORE_NODES * 2, PHYSICS_MAX_NODES - 20, SMALL_CORE // 2])
def test_layout_is_reproducible_and_covers_every_node(size):
    graph = nx.relabel_nodes(
        nx.disjoint_union_all([nx.barabasi_albert_graph(size, 2, seed=1), nx.path_graph(5), nx.empty_graph(7)]),
        str,
    )
    first, again = graph_layout(graph, seed=3), graph_layout(graph, seed=3)
    assert first.positions == again.positions and set(first.positions) == set(graph)
    points = list(first.positions.values())
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert len(set(points)) > 0.95 * len(points)  # nodes are spread, not piled on one spot


def test_plain_python_spring_layout_is_seeded_centred_and_draws_links_short():
    graph = nx.relabel_nodes(nx.path_graph(12), str)
    pos = spring_layout(graph, seed=5, scale=2.0)
    assert pos == spring_layout(graph, seed=5, scale=2.0) and set(pos) == set(graph)
    assert max(max(abs(x), abs(y)) for x, y in pos.values()) == pytest.approx(2.0)
    assert sum(x for x, _ in pos.values()) == pytest.approx(0.0, abs=1e-9)
    linked = [math.dist(pos[u], pos[v]) for u, v in graph.edges]
    assert max(linked) < math.dist(pos["0"], pos["11"])  # a path is drawn stretched out, not folded on itself
    assert spring_layout(nx.Graph([("a", "a")]), seed=1) == {"a": (0.0, 0.0)}


def test_communities_are_seeded(store, corpus):
    one = build_view(store, options=ViewOptions(communities=True), corpus=corpus)
    two = build_view(store, options=ViewOptions(communities=True), corpus=corpus)
    assert one.communities == two.communities and len(set(one.communities.values())) > 2
    assert set(one.communities) == set(one.graph)
    assert _page_data(render_page(one))["meta"]["communities"] == len(set(one.communities.values()))


# ------------------------------------------------------------------ CLI


def test_cli_view_writes_the_page(sample_graph_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "view",
            "--graph",
            str(sample_graph_dir),
            "--output",
            str(tmp_path / "v.html"),
            "--focus",
            "荆州",
            "--hops",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    data = _page_data((tmp_path / "v.html").read_text(encoding="utf-8"))
    assert data["meta"]["kind"] == "ego" and data["meta"]["centers"]
    out = runner.invoke(app, ["view", "--graph", str(sample_graph_dir), "--kind", "timeline", "-o", "-"])
    assert out.exit_code == 0 and _page_data(out.stdout)["meta"]["kind"] == "timeline"
    bad = runner.invoke(app, ["view", "--graph", str(sample_graph_dir), "--focus", "无此人"])
    assert bad.exit_code == 2 and "KG500" in bad.output


def test_build_writes_the_whole_graph_view(tmp_path):
    from kg.build.pipeline import BuildOptions, build_graph
    from tests.conftest import SAMPLE_PAGE

    build_graph([SAMPLE_PAGE], out=tmp_path, options=BuildOptions(use_tagger=False, workers=1))
    data = _page_data((tmp_path / "graph.html").read_text(encoding="utf-8"))
    store = GraphStore.open(tmp_path, read_only=True)
    assert len(data["nodes"]) == _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {TYPED} ?s a ?cls }}")
    assert data["meta"]["kind"] == "graph" and data["vis"]["options"]["physics"]["enabled"]


@pytest.mark.parametrize("enabled", [True, False])
def test_render_view_pauses_garbage_collection_and_leaves_it_as_it_was(store, monkeypatch, enabled):
    """The corpus's millions of objects are not walked by collections meanwhile; the caller's setting stays."""
    import gc

    from kg.web.views import page

    seen: list[bool] = []
    real = page.render_page
    monkeypatch.setattr(page, "render_page", lambda view: seen.append(gc.isenabled()) or real(view))
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert "<html" in render_view(store)
        assert seen == [False] and gc.isenabled() is enabled
        monkeypatch.setattr(page, "render_page", lambda view: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            render_view(store)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_view_does_not_depend_on_the_hash_seed(sample_graph_dir: Path, tmp_path: Path) -> None:
    """String sets change order with PYTHONHASHSEED; a truncated view and its layout must not."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from kg.graph.store import GraphStore; from kg.web.views import ViewOptions, render_view; "
        "store = GraphStore.open(sys.argv[1], read_only=True); "
        "sys.stdout.write(render_view(store, options=ViewOptions(max_nodes=25)))"
    )
    pages = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(sample_graph_dir)], env=env, capture_output=True, check=True)
        pages.append(done.stdout)
    assert len(pages[0]) > 10_000 and pages[0] == pages[1]


# ------------------------------------------------------------------ quotations (issue 22)


def test_a_speaker_s_quotations_reach_the_side_panel(store, corpus):
    view = build_view(store, options=ViewOptions(kind="graph"), corpus=corpus)
    data = page_data(view)
    by_label = {n["full"]: n for n in data["nodes"]}
    police = by_label["荆州市公安局"]
    assert police["quoted"] == len(police["quotes"]) == 5
    assert [q[1] for q in police["quotes"]].count("reported") == 2
    for article, speech, words, speaker in police["quotes"]:
        assert data["articles"][article][0] == "把平安答卷写在群众心中"
        assert speech in ("direct", "reported") and words and "荆州市公安局" in speaker
    [(_, speech, words, speaker)] = by_label["陈剑明"]["quotes"]
    assert (speech, speaker) == ("direct", "教导员陈剑明") and words.startswith("问题清单列出来了")
    assert "quotes" not in by_label["荆州市"]  # a place says nothing
    assert "quotesPanel" in render_page(view)  # the page's script shows them


# ------------------------------------------------------------------ events (issue 19)


@pytest.fixture(scope="module")
def events():
    """The hand-written graph of events of tests/events_graph.py."""
    from tests.events_graph import events_store

    return events_store()


def _by_label(view) -> dict[str, str]:
    return {view.graph.nodes[n]["label"]: n for n in view.graph}


def test_the_timeline_axis_is_proportional_to_time(events):
    view = build_view(events, options=ViewOptions(kind="timeline"))
    nodes, pos, spans = _by_label(view), view.layout.positions, view.layout.spans
    origin, day = view.layout.axis
    assert origin == "2022-01-01" and 0 < day <= 96
    x = {label: pos[node][0] for label, node in nodes.items()}
    # 元旦 2023-01-01, 抓获 2023-01-07, 火灾 2023-01-08: six days apart, then one
    assert x["抓获"] - x["元旦"] == pytest.approx(6 * day, abs=0.02)
    assert x["火灾"] - x["抓获"] == pytest.approx(day, abs=0.02) and x["元旦"] == pytest.approx(365 * day, abs=0.02)
    # a year runs from its first day to its last day's end, its node at the middle
    assert spans[nodes["雷火行动"]] == pytest.approx((0, 365 * day), abs=0.02)
    assert x["雷火行动"] == pytest.approx(182.5 * day, abs=0.02)
    assert spans[nodes["征兵"]] == pytest.approx((365 * day, 730 * day), abs=0.02)
    # 2022, 2023-01-01, 2023-01-07, 2023: no longer four evenly spaced columns
    order = sorted(("雷火行动", "元旦", "抓获", "征兵"), key=x.get)
    assert order == ["雷火行动", "元旦", "抓获", "征兵"]
    gaps = [x[b] - x[a] for a, b in itertools.pairwise(order)]
    assert gaps == pytest.approx([182.5 * day, 6 * day, 176.5 * day], abs=0.05)
    # a month and a run of days are spans too; a day is a point
    assert spans[nodes["交通事故"]] == pytest.approx((365 * day, 396 * day), abs=0.02)
    assert spans[nodes["春运"]] == pytest.approx((371 * day, 410 * day), abs=0.02)
    assert spans[nodes["最美口袋公园评选"]] == pytest.approx((334 * day, 365 * day), abs=0.02)
    assert not {nodes[n] for n in ("元旦", "抓获", "火灾", "盗窃", "中央政法工作会议")} & set(spans)


def test_the_timeline_has_a_lane_per_family_and_rows_that_do_not_overlap(events):
    view = build_view(events, options=ViewOptions(kind="timeline"))
    nodes, pos = _by_label(view), view.layout.positions
    lanes = view.layout.lanes
    assert [label for _, label in lanes] == ["灾害事故", "违法犯罪与司法", "政务", "社会", "文教体育"]
    tops = [y for y, _ in lanes] + [math.inf]
    for label, node in nodes.items():
        lane = [lane for _, lane in lanes].index(family_label(view.graph.nodes[node]["family"]))
        assert tops[lane] <= pos[node][1] < tops[lane + 1], label
    # 元旦 (a day) would sit on 春运's bar (from the 7th): a row of its own
    assert pos[nodes["元旦"]][1] != pos[nodes["春运"]][1]
    # On a row, no two events' spans or labels (centred under their nodes) overlap.
    def extent(node: str) -> tuple[float, float]:
        x, half = pos[node][0], LABEL_HALF_PER_CHAR * len(view.graph.nodes[node]["label"])
        x0, x1 = view.layout.spans.get(node, (x, x))
        return min(x0, x - half), max(x1, x + half)

    for row in {y for _, y in pos.values()}:
        on_row = sorted(extent(n) for n in view.graph if pos[n][1] == row)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(on_row)), on_row
    # ticks of years, months, weeks and days, each at its date
    origin, day = view.layout.axis
    units = Counter(unit for _, _, unit in view.layout.ticks)
    assert units["year"] == 3 and units["month"] == 25 and units["week"] == 105 and units["day"] == 731
    for x, label, unit in view.layout.ticks:
        first = dt.date.fromisoformat(label + "-01-01"[len(label) - 4 :] if len(label) < 10 else label)
        assert x == pytest.approx((first - dt.date.fromisoformat(origin)).days * day, abs=0.02), label
        assert unit != "week" or first.weekday() == 0


def test_events_are_coloured_and_labelled_by_family_and_type(events):
    from kg.web.views.vis import FAMILY_STYLE, TYPE_STYLE

    view = build_view(events, options=ViewOptions(kind="graph"))
    data = page_data(view)
    families = {f[0]: f[1:] for f in data["meta"]["families"]}
    assert list(families) == ["disaster", "crime_justice", "politics", "economy", "society", "culture", "other"]
    assert families["disaster"][0] == "灾害事故" and families["other"][0] == "其他事件"
    colours = [style[1] for style in families.values()]
    assert len(set(colours)) == len(colours) and not set(colours) & {style[1] for style in TYPE_STYLE.values()}
    by_label = {n["full"]: n for n in data["nodes"]}
    fire, theft, other = by_label["火灾"], by_label["盗窃"], by_label["学法比武"]
    assert (fire["family"], fire["kind"], fire["when"]) == ("disaster", "火灾", "2023年1月8日")
    assert (theft["family"], theft["kind"]) == ("crime_justice", "盗窃抢劫")  # its type, not crime
    assert (other["family"], other["kind"], other["when"]) == ("other", "", "")
    assert by_label["春运"]["when"] == "2023年1月7日至2月15日" and by_label["雷火行动"]["when"] == "2022年"
    assert "family" not in by_label["荆州市"]
    vis_fire = data["vis"]["nodes"][fire["id"]]
    assert vis_fire["group"] == "event/disaster" and vis_fire["shape"] == "hexagon"
    assert data["vis"]["options"]["groups"]["event/disaster"]["color"]["background"] == FAMILY_STYLE["disaster"][1]
    assert data["vis"]["nodes"][other["id"]]["group"] == "event/other"
    html = render_page(view)
    assert "kg-family" in html and "事件类别" in html  # the page's script builds the family filters
