"""The HTML page: the view's data as JSON, inlined with vis-network and kg's own code.

The page is one self-contained file: nothing loads from the network (its
Content-Security-Policy forbids it), so it opens offline from disk. What vis-network
draws comes from the view's pyvis Network (:mod:`kg.web.views.vis`), and so does the
vis-network code (the build pyvis ships); the rest of the data (articles, names,
aliases, snippets: what the legend, search, tooltip and side panel show) is kg's own.
Names and headlines are untrusted text: they travel as JSON inside a ``<script
type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped,
and the page's code only ever puts them into the DOM with ``textContent``. Only the
two inlined scripts may run (CSP hashes), which also stops injected event handlers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
from importlib import resources
from string import Template
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.entity_kinds import EntityKind
from kg.errors import ViewError
from kg.graph.network import ARTICLE, EVENT
from kg.web.views.vis import (
    BIG_NODES,
    FAMILY_STYLE,
    KIND_STYLE,
    TYPE_STYLE,
    build_network,
    kind_key,
    vis_network_js,
)

if TYPE_CHECKING:
    from kg.web.views import View

SNIPPETS_PER_NODE = 12
QUOTES_PER_NODE = 20  # what a person or body said, newest last, in the side panel
QUOTE_CHARS = 140  # of each quotation, at most
# Inside a string of the JSON these are the same characters to JSON.parse, but the
# HTML parser can no longer see </script> or <!-- in them. Replaced one by one, not by
# str.translate, which looks every character up (70 ms for a 1.2 MB page's data, against 3).
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render_page(view: View) -> str:
    """The self-contained HTML page of ``view``."""
    scripts = {"vis_js": vis_network_js(), "view_js": _static("view.js")}
    for name, code in scripts.items():
        if "</script" in code.lower():  # would end the inline script early
            raise ViewError(f"script {name} cannot be inlined: it contains </script")
    hashes = " ".join(f"'sha256-{_sha256(code)}'" for code in scripts.values())
    values = {
        "title": html.escape(f"kg · {view.title}"),
        "summary": html.escape(summary(view)),
        "notes": html.escape("；".join(view.notes)),
        "version": html.escape(__version__),
        "css": _static("view.css"),
        "data": script_json(page_data(view)),
        "script_hashes": hashes,
        **scripts,
    }
    return Template(_static("template.html")).substitute(values)


def summary(view: View) -> str:
    """One line on what the page shows, including how many nodes were left out."""
    shown = view.graph.number_of_nodes()
    text = f"{shown} 个节点，{view.graph.number_of_edges()} 条边"
    if view.left_out:
        text += f"；另有 {view.left_out} 个节点未显示（共 {view.total} 个，--max-nodes {view.max_nodes}）"
    if view.date_from or view.date_to:
        text += f"；日期 {view.date_from or '…'} 至 {view.date_to or '…'}"
    return text


def script_json(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JSON_ESCAPES.items():  # no escape holds a character escaped after it
        text = text.replace(char, escaped)
    return text


def page_data(view: View) -> dict[str, Any]:
    """What the page's code reads: meta, articles, kg's node details, and ``vis``.

    ``vis`` holds the nodes, edges and options of the view's pyvis Network, for
    vis-network; ``nodes`` holds what kg shows of the same nodes, in the same order.
    """
    corpus, order = view.corpus, node_order(view)
    ids = {node: i for i, node in enumerate(order)}
    wanted = sorted(
        {a for n in order for a in corpus.articles[n] if a in view.allowed},
        key=lambda a: (corpus.graph.nodes[a]["date"], a),
    )
    index = {a: i for i, a in enumerate(wanted)}
    articles = [[corpus.graph.nodes[a]["headline"], corpus.graph.nodes[a]["date"], ids.get(a, -1)] for a in wanted]
    net = build_network(view, ids)
    dates = sorted(d for _, d, _ in articles if d)
    return {
        "meta": _meta(view, ids, dates),
        "articles": articles,
        "nodes": [_node(view, node, ids[node], index) for node in order],
        "vis": {"nodes": net.nodes, "edges": net.edges, "options": net.options},
    }


def node_order(view: View) -> list[str]:
    """The view's nodes in the order of the page, which numbers them from 0: by type, then label."""
    nodes, types = view.graph.nodes, list(TYPE_STYLE)
    return sorted(view.graph, key=lambda n: (types.index(nodes[n]["type"]), nodes[n]["label"], n))


def _meta(view: View, ids: dict[str, int], dates: list[str]) -> dict[str, Any]:
    n = view.graph.number_of_nodes()
    return {
        "kind": view.kind,
        "total": view.total,
        "shown": n,
        "leftOut": view.left_out,
        "maxNodes": view.max_nodes,
        "big": n > BIG_NODES,
        "communities": len(set(view.communities.values())) if view.communities else 0,
        "types": [[key, *style] for key, style in TYPE_STYLE.items()],
        "centers": sorted(ids[c] for c in view.centers if c in ids),
        "dateMin": dates[0][:10] if dates else "",
        "dateMax": dates[-1][:10] if dates else "",
        "families": [[family or "other", label, colour] for family, (label, colour) in FAMILY_STYLE.items()],
        # An organization's or place's kind (or none of its type): [key, label, colour, type].
        "kinds": [[key, *style] for key, style in KIND_STYLE.items()],
        "ticks": [list(tick) for tick in view.layout.ticks],
        "lanes": [[y, label] for y, label in view.layout.lanes],
        # A span's ends, from its node's x: the bar follows the node when it is dragged.
        "spans": [[ids[n], round(x0 - view.layout.positions[n][0], 2), round(x1 - view.layout.positions[n][0], 2)]
                  for n, (x0, x1) in view.layout.spans.items() if n in ids],
        "axis": {"origin": view.layout.axis[0], "pxPerDay": view.layout.axis[1]} if view.layout.axis else None,
    }


def _node(view: View, node: str, node_id: int, index: dict[str, int]) -> dict[str, Any]:
    """What the tooltip, side panel and search know of a node; vis-network has the rest."""
    attrs, corpus = view.graph.nodes[node], view.corpus
    mine = [a for a in corpus.articles[node] if a in index]
    item: dict[str, Any] = {
        "id": node_id,
        "full": attrs["label"] or "（无标题）",
        "type": attrs["type"],
        # An item's or an event's kind, a credited person's other roles (兼通讯员); a plain article none.
        "kind": "" if attrs.get("kind") in (None, "文章") else attrs["kind"],
        "mentions": attrs["mentions"],
        "aliases": list(attrs["aliases"]),
        "arts": [index[a] for a in mine],
        "snips": {index[a]: snip for a in mine[:SNIPPETS_PER_NODE] if (snip := corpus.snippet(node, a)) is not None},
    }
    said = [q for q in corpus.quotes.get(node, ()) if q.article in index]
    if said:
        # [article, "direct"/"reported", words, speaker as printed]; the count is all of them.
        item["quotes"] = [[index[q.article], q.speech, _cut(q.text), q.speaker] for q in said[-QUOTES_PER_NODE:]]
        item["quoted"] = len(said)
    if key := kind_key(attrs):  # an organization or place: coloured, counted and filtered by kind
        item["ekind"] = key
        if attrs.get("entity_kind"):
            item["kind"] = EntityKind(attrs["entity_kind"]).display  # 医院 Hospital
    if attrs["type"] == EVENT:
        item["family"] = attrs.get("family") or "other"
        item["when"] = when(attrs.get("start", ""), attrs.get("end", ""))
    if attrs["type"] == ARTICLE:
        item["byline"] = "、".join(
            f"{label} {corpus.graph.nodes[p]['label']}".strip() for p, label in corpus.bylines.get(node, [])
        )
    return item


def when(start: str, end: str = "") -> str:
    """An event's dates at their precision, in words: 2022年, 2023年1月, 2023年1月7日至2月15日."""
    if not start:
        return ""
    first = _date_words(start)
    if not end or end == start:
        return first
    last = _date_words(end)
    if end[:4] == start[:4] and len(end) > 4:  # the year once
        last = last[5:]
    return f"{first}至{last}"


def _date_words(date: str) -> str:
    parts = [int(p) for p in date[:10].split("-")]
    return "".join(f"{n}{unit}" for n, unit in zip(parts, "年月日"))


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


@functools.cache
def _static(name: str) -> str:
    return resources.files("kg.web.views").joinpath("static", name).read_text(encoding="utf-8")


def _sha256(code: str) -> str:
    return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
