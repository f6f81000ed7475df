"""Load test ``kg serve`` on loopback: many concurrent clients run the named queries.

The sample page is built (with the tagger), ``kg serve`` starts on it as a subprocess
with its default options (read-only, 127.0.0.1, at most eight queries running at once),
and ``--clients`` clients (threads, spread over ``--processes`` processes so that the
clients' own Python does not set the pace) send the named queries of
``ontology/queries`` with sensible parameters, each over its own keep-alive
connection, for ``--duration`` seconds. Every answer must be a 200 with the rows the
query gives when run directly.

Usage::

    python benchmarks/bench_serve.py [--clients 50] [--duration 30] [--processes 2]
        [--graph DIR] [--max-running 8]

Writes ``benchmarks/results/serve.json`` (requests/s, latency percentiles overall and
per query, errors) and exits 1 on any error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import __version__  # noqa: E402
from kg.build.pipeline import BuildOptions, build_graph  # noqa: E402
from kg.graph.query import prepare_query, run_query  # noqa: E402
from kg.graph.store import GraphStore  # noqa: E402

SAMPLE = ROOT / "data" / "pages"
RESULTS = ROOT / "benchmarks" / "results" / "serve.json"
# (named query, parameters): one call with a typical argument each, and the listings of
# the queries whose parameters are optional.
REQUESTS = (
    ("articles-by-reporter", {"name": "张明金"}),
    ("articles-by-reporter", {}),
    ("co-mentions", {"name": "荆州市公安局"}),  # (every pair, 2,400 rows and 500 kB, is no query to repeat)
    ("event-timeline", {"from": "2023-01-01", "to": "2023-01-31"}),
    ("event-timeline", {}),
    ("mention-context", {"name": "荆州公安"}),
    ("place-hierarchy", {"name": "夹竹园镇"}),
    ("place-hierarchy", {"code": "421000"}),
    ("reporters-by-place", {"place": "荆州市"}),
    ("reporters-by-place", {}),
    ("who-mentions", {"name": "荆州公安"}),
)


def label(name: str, params: dict[str, str]) -> str:
    return name + ("(" + ",".join(f"{k}={v}" for k, v in params.items()) + ")" if params else "")


def prepare(graph: Path) -> list[tuple[str, str, int]]:
    """(label, request path, expected rows) of each request, run once directly."""
    store = GraphStore.open(graph, read_only=True)
    prepared = []
    for name, params in REQUESTS:
        sparql = prepare_query(name, params=params)
        rows = len(run_query(store, sparql).rows)
        assert rows > 0, f"{label(name, params)} finds nothing in the sample: pick another parameter"
        prepared.append((label(name, params), "/sparql?" + urllib.parse.urlencode({"query": sparql}), rows))
    del store
    return prepared


def start_server(graph: Path, *, max_running: int) -> tuple[subprocess.Popen, int]:
    """``kg serve`` on a free loopback port, once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = (
        "import sys; from kg.web.serve import ServeOptions, serve_graph; "
        f"serve_graph(sys.argv[1], options=ServeOptions(port={port}, max_running={max_running}))"
    )
    server = subprocess.Popen([sys.executable, "-c", code, str(graph)], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/sparql?query=ASK%7B%7D")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("kg serve did not start")


def client_process(args: tuple[int, int, float, list[tuple[str, str, int]], int]) -> list[tuple[int, float, int, str]]:
    """Run ``threads`` clients until ``stop_at``; returns (request, latency, status, error)."""
    port, threads, stop_at, requests, offset = args
    results: list[tuple[int, float, int, str]] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        mine: list[tuple[int, float, int, str]] = []
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        index = number
        while time.time() < stop_at:
            which = index % len(requests)
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", requests[which][1], headers={"Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                body = response.read()
                status, error = response.status, ""
                if status == 200 and len(json.loads(body)["results"]["bindings"]) != requests[which][2]:
                    error = "wrong number of rows"
            except (OSError, http.client.HTTPException, ValueError) as exc:
                status, error = 0, f"{type(exc).__name__}: {exc}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((which, time.perf_counter() - started, status, error))
        connection.close()
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=client, args=(offset + i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")


def summarize(results: list[tuple[int, float, int, str]], requests: list[tuple[str, str, int]], elapsed: float) -> dict[str, Any]:
    latencies = [r[1] * 1000 for r in results]
    errors = [r for r in results if r[2] != 200 or r[3]]
    per_query = {}
    for index, (name, _, rows) in enumerate(requests):
        mine = [r[1] * 1000 for r in results if r[0] == index]
        per_query[name] = {"requests": len(mine), "rows": rows, "p50_ms": round(percentile(mine, 50), 1),
                           "p99_ms": round(percentile(mine, 99), 1)}
    return {
        "requests": len(results),
        "errors": len(errors),
        "error_samples": sorted({f"{r[2]} {r[3]}".strip() for r in errors})[:5],
        "requests_per_second": round(len(results) / elapsed, 1),
        "latency_ms": {"p50": round(percentile(latencies, 50), 1), "p90": round(percentile(latencies, 90), 1),
                       "p99": round(percentile(latencies, 99), 1), "max": round(max(latencies), 1),
                       "mean": round(statistics.fmean(latencies), 1)},
        "per_query": per_query,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--processes", type=int, default=2, help="client processes the clients are spread over")
    parser.add_argument("--graph", type=Path, help="a built graph folder (default: build the sample page)")
    parser.add_argument("--max-running", type=int, default=8, help="the server's limit of queries running at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-serve-") as scratch:
        graph = args.graph or Path(scratch) / "graph"
        if args.graph is None:
            build_graph([SAMPLE], out=graph, options=BuildOptions(views=False))
        requests = prepare(graph)
        server, port = start_server(graph, max_running=args.max_running)
        try:
            share = [args.clients // args.processes + (i < args.clients % args.processes) for i in range(args.processes)]
            started = time.time()
            stop_at = started + args.duration
            jobs = [(port, n, stop_at, requests, sum(share[:i])) for i, n in enumerate(share)]
            with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
                results = [r for part in pool.map(client_process, jobs) for r in part]
            elapsed = time.time() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
    summary = {
        "kg_version": __version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "command": " ".join(["python benchmarks/bench_serve.py", *sys.argv[1:]]),
        "graph": "the sample page (data/pages), built with the tagger" if args.graph is None else str(args.graph),
        "clients": args.clients,
        "client_processes": args.processes,
        "duration_s": round(elapsed, 1),
        "server": {"host": "127.0.0.1", "max_running": args.max_running, "read_only": True},
        **summarize(results, requests, elapsed),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lat = summary["latency_ms"]
    print(f"{summary['requests']} requests in {summary['duration_s']} s from {args.clients} clients: "
          f"{summary['requests_per_second']} req/s, p50 {lat['p50']} ms, p99 {lat['p99']} ms, "
          f"{summary['errors']} errors → {RESULTS.relative_to(ROOT)}")
    for name, row in summary["per_query"].items():
        print(f"  {name:<45} {row['requests']:>6}  p50 {row['p50_ms']:>7} ms  p99 {row['p99_ms']:>7} ms")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
