"""Measure the HTML views: a 5,000-node page of a month of 人民日报 in headless Chromium.

1. Turn ``raw-199801.txt`` (one paragraph a line: a 19-character id
   ``YYYYMMDD-PP-AAA-NNN``, then the text) into JSON Lines, one article per record:
   paragraphs grouped by the first 15 characters of the id, paragraph 001 the headline.
   Records carry no ``page``: kg identifies a JSONL page by paper, date and page, so
   the articles of one printed page would replace each other; without it each record
   is a page of its own.
2. Build it (``BuildOptions(views=False)``: the full pipeline, tagger included), render the whole-graph
   view with ``max_nodes`` 5,000, and time it in Python.
3. Open the page from disk in headless Chromium (network refused) and read
   ``kgView.readyMs``: milliseconds from navigation start until the first frame is
   drawn with its final positions (the page's "ready"). Target: under 3 s.
4. Render the sample page's view: its size (target: under 2 MB) and a screenshot,
   saved as ``docs/screenshot.png``.

Usage::

    python benchmarks/bench_view.py [--corpus PATH] [--nodes 5000] [--runs 3] [--work DIR]
                                    [--results PATH] [--screenshot PATH]

``--work`` keeps the built corpus graph there and reuses it on the next run.
Writes ``benchmarks/results/view.json`` and ``docs/screenshot.png`` unless told otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.atomic import write_atomic  # noqa: E402
from kg.build.pipeline import BuildOptions, build_graph  # noqa: E402
from pfr_corpus import read_articles, write_jsonl  # noqa: E402
from kg.graph.store import GraphStore  # noqa: E402
from kg.web.views import ViewOptions, build_view  # noqa: E402
from kg.web.views.page import render_page  # noqa: E402
from tests.web.test_browser import ARGS, CHROMIUM  # noqa: E402  (the browser the tests use, set up alike)

CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998" / "raw-199801.txt"
SAMPLE = ROOT / "data" / "pages"
RESULTS = ROOT / "benchmarks" / "results" / "view.json"
SCREENSHOT = ROOT / "docs" / "screenshot.png"


def build_corpus(corpus: Path, work: Path) -> dict:
    """Build the corpus graph under ``work/graph`` unless it is there already."""
    graph = work / "graph"
    if (graph / "store").is_dir() and not (graph / ".build-incomplete").exists():
        return {"build_s": None, "reused": str(graph)}
    jsonl = work / "raw-199801.jsonl"
    articles = read_articles(corpus)
    write_jsonl(articles, jsonl)
    start = time.perf_counter()
    build_graph([jsonl], out=graph, options=BuildOptions(views=False))
    return {"build_s": round(time.perf_counter() - start, 1), "articles_in": len(articles)}


def render(store: GraphStore, out: Path, **options) -> dict:
    """Render one view to ``out``; its size, counts and Python times."""
    start = time.perf_counter()
    view = build_view(store, options=ViewOptions(**options))
    built = time.perf_counter()
    html = render_page(view)
    out.write_text(html, encoding="utf-8")
    return {
        "nodes": view.graph.number_of_nodes(),
        "edges": view.graph.number_of_edges(),
        "left_out": view.left_out,
        "html_bytes": len(html.encode("utf-8")),
        "python_view_s": round(built - start, 2),
        "python_page_s": round(time.perf_counter() - built, 2),
    }


def open_page(browser, path: Path, *, screenshot: Path | None = None) -> dict:
    """Load ``path`` offline; the page's ready time, and a screenshot if asked."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    refused: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            (refused.append(route.request.url), route.abort())
            if route.request.url.startswith(("http:", "https:"))
            else route.continue_()
        ),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.kgView && window.kgView.ready", timeout=120_000, polling=20)
    wall = time.perf_counter() - start
    ready = page.evaluate("[kgView.readyMs, kgView.settledBy, kgView.nodeCount()]")
    if screenshot is not None:
        _showcase(page)
        page.screenshot(path=str(screenshot))
    context.close()
    return {
        "ready_ms": round(ready[0]),
        "settled_by": ready[1],
        "nodes_in_page": ready[2],
        "wall_s": round(wall, 2),
        "refused_requests": refused,
        "errors": errors,
    }


def _showcase(page) -> None:
    """Open the side panel of the most mentioned place, then fit the drawing beside it."""
    page.evaluate(
        """() => { const id = kgView.find('荆州市'); kgView.openPanel(id);
                   kgView.network.selectNodes([id]); }"""
    )
    page.wait_for_timeout(200)  # the panel narrows the canvas: let vis resize
    page.evaluate("kgView.network.fit({animation: false})")
    page.wait_for_timeout(100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="keep the built corpus graph here")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the figures go")
    parser.add_argument("--screenshot", type=Path, default=SCREENSHOT, help="where the sample's screenshot goes")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result: dict = {
            "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()}
        }
        result["corpus"] = {"path": str(args.corpus), **build_corpus(args.corpus, work)}
        big_page = Path(tmp) / "corpus-view.html"
        result["corpus_view"] = render(GraphStore.open(work / "graph", read_only=True), big_page, max_nodes=args.nodes)
        build_graph([SAMPLE], out=Path(tmp) / "sample", options=BuildOptions(views=False, workers=1))
        sample_page = Path(tmp) / "sample-view.html"
        result["sample_view"] = render(GraphStore.open(Path(tmp) / "sample", read_only=True), sample_page)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            result["browser"] = browser.version
            runs = [open_page(browser, big_page) for _ in range(args.runs)]
            result["corpus_view"]["runs"] = runs
            result["corpus_view"]["ready_ms_median"] = statistics.median(r["ready_ms"] for r in runs)
            result["sample_view"]["run"] = open_page(browser, sample_page, screenshot=args.screenshot)
            browser.close()
    # Other work on the machine slows the page: say how busy it was.
    result["machine"]["load_average_1min"] = round(os.getloadavg()[0], 2)
    result["targets"] = {
        "corpus_view_ready_under_3s": max(r["ready_ms"] for r in runs) < 3000,
        "sample_html_under_2MB": result["sample_view"]["html_bytes"] < 2_000_000,
    }
    write_atomic(args.results, (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
