"""Benchmark the store: build ≥ 1M triples from People's Daily 1998-01, time the named
queries on Oxigraph, compare with rdflib's in-memory graph at ~100k triples, check that
rebuilding the sample is idempotent, and time SHACL validation.

The corpus (``raw-199801.txt``: ``YYYYMMDD-PP-AAA-NNN`` then the paragraph) becomes JSON
Lines, one article a record: paragraph 001 is the headline, the rest the body. When one
month gives too few triples, the month is replicated with the year shifted (1999-01,
2000-01 …): new article IRIs and issues, the same persons, organizations and places.
Each copy is a build of its own into the same store, as a user adds issues over years.

Usage::

    python benchmarks/bench_store.py [--target 1000000] [--runs 5] [--workers 0]
        [--tagger] [--work DIR] [--small 100000] [--keep]
    python benchmarks/bench_store.py --queries-only DIR [--runs 9]

Writes ``benchmarks/results/store.json`` and prints a table. ``--queries-only`` times the
named queries again on the big store a ``--work DIR --keep`` run left (the first timing
follows three builds closely) and writes ``benchmarks/results/store-queries.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import __version__  # noqa: E402
from kg.build.pipeline import BuildOptions, build_graph  # noqa: E402
from kg.graph.query import bind_params, named_queries, prepare_query, run_query  # noqa: E402
from pfr_corpus import read_articles, write_jsonl  # noqa: E402
from kg.graph.store import GraphStore  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998" / "raw-199801.txt"
SAMPLE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"
RESULTS = ROOT / "benchmarks" / "results" / "store.json"


# ------------------------------------------------------------------ corpus


def write_copy(articles: list[dict[str, str]], folder: Path, copy: int, *, limit: int | None = None) -> Path:
    """One JSON Lines file of the month, its year shifted by ``copy``."""
    return write_jsonl(articles, folder / f"pfr-{1998 + copy}01.jsonl", year_shift=copy, limit=limit)


# ------------------------------------------------------------------ timing


def p50(fn: Callable[[], Any], runs: int, *, budget: float = 120.0) -> tuple[float, int, Any]:
    """Median seconds of ``runs`` calls (fewer when one call exceeds ``budget``)."""
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
        if times[-1] > budget:
            break
    return statistics.median(times), len(times), value


def bench_queries(store: Any, runs: int) -> dict[str, dict[str, Any]]:
    """Each named query (with typical parameters) on a GraphStore."""
    out = {}
    for label, name, params in QUERIES:
        sparql = prepare_query(name, params=params)
        seconds, n, result = p50(lambda: run_query(store, sparql), runs)
        out[label] = {"query": name, "params": params, "p50_s": round(seconds, 4), "runs": n, "rows": len(result.rows)}
    return out


def bench_rdflib(graph: Any, runs: int) -> dict[str, dict[str, Any]]:
    """The same queries on an rdflib in-memory graph."""
    out = {}
    named = named_queries()
    for label, name, params in QUERIES:
        # rdflib runs each query's plain SPARQL 1.1 form: it has no LATERAL (SPARQL 1.2
        # draft) and runs out of memory on the nested groups written for Oxigraph.
        query = named[name]
        sparql = bind_params(query.portable, params, declared=query.params)
        seconds, n, rows = p50(lambda: list(graph.query(sparql)), runs, budget=60.0)
        out[label] = {"query": name, "params": params, "p50_s": round(seconds, 4), "runs": n, "rows": len(rows),
                      "sparql_1_1_form": query.portable != query.text}
    return out


QUERIES: list[tuple[str, str, dict[str, str]]] = []  # filled by choose_parameters


def choose_parameters(store: GraphStore) -> None:
    """Typical parameters, taken from the data: the busiest reporter, a big place …"""
    top = next(iter(run_query(store, _TOP_REPORTER).rows), None)
    reporter = top[0].value if top else "何加正"
    QUERIES[:] = [
        ("articles-by-reporter", "articles-by-reporter", {"name": reporter}),
        ("reporters-by-place", "reporters-by-place", {"place": "北京市"}),
        ("reporters-by-place (all)", "reporters-by-place", {}),
        ("who-mentions", "who-mentions", {"name": "江泽民"}),
        ("co-mentions", "co-mentions", {"name": "江泽民"}),
        ("event-timeline (January 1998)", "event-timeline", {"from": "1998-01-01", "to": "1998-01-31"}),
        ("event-timeline (all)", "event-timeline", {}),
        ("place-hierarchy", "place-hierarchy", {}),
        ("mention-context", "mention-context", {"name": "江泽民"}),
    ]


_DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
_TOP_REPORTER = """
SELECT ?name (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a schema:author/schema:name ?name }
GROUP BY ?name ORDER BY DESC(?n) LIMIT 1"""


# ------------------------------------------------------------------ stages


def build_big(work: Path, articles: list[dict[str, str]], *, target: int, options: BuildOptions) -> dict[str, Any]:
    """Build copies of the month into one store until it holds ``target`` quads."""
    out, builds, copy, quads = work / "big", [], 0, 0
    while quads < target:
        source = write_copy(articles, work, copy)
        started = time.perf_counter()
        report = build_graph([source], out=out, options=options)
        seconds = time.perf_counter() - started
        quads = report.quads
        builds.append({"copy": copy, "articles": len(articles), "seconds": round(seconds, 1), "quads_after": quads})
        print(f"  build {copy}: {len(articles)} articles in {seconds:.0f} s → {quads:,} quads", flush=True)
        copy += 1
    return {"builds": builds, "quads": quads, "out": str(out)}


def build_small(work: Path, articles: list[dict[str, str]], *, target: int, options: BuildOptions) -> Path:
    """A store of about ``target`` quads from the first articles of the month."""
    per_article = 1 + target // 120  # a first guess, then one correction
    out = work / "small"
    for _ in range(2):
        shutil.rmtree(out, ignore_errors=True)
        source = write_copy(articles, work, 0, limit=per_article)
        quads = build_graph([source], out=out, options=options).quads
        if abs(quads - target) < target * 0.1:
            break
        per_article = int(per_article * target / quads)
    return out


def load_rdflib(store: GraphStore) -> Any:
    """The union of the store's graphs as an rdflib in-memory graph."""
    import rdflib

    return rdflib.Graph().parse(data=store.dump_bytes(fmt="ntriples"), format="nt")


def idempotent_rebuild(out: Path, options: BuildOptions) -> dict[str, int]:
    before = len(GraphStore.open(out, read_only=True))
    build_graph([SAMPLE], out=out, options=options)
    middle = len(GraphStore.open(out, read_only=True))
    build_graph([SAMPLE], out=out, options=options)
    after = len(GraphStore.open(out, read_only=True))
    print(f"  sample into the big store: {before:,} → first build {middle:,} → rebuild {after:,} quads")
    return {"before": before, "after_first_build": middle, "after_rebuild": after, "idempotent": middle == after}


def bench_validation(store: GraphStore) -> dict[str, Any]:
    from kg.graph.validate import validate_graph

    out = {}
    for inference in (False, True):
        started = time.perf_counter()
        result = validate_graph(store, inference=inference)
        out["rdfs_inference" if inference else "plain"] = {
            "seconds": round(time.perf_counter() - started, 1),
            "triples": result.triples,
            "violations": len(result.violations),
            "warnings": len(result.warnings),
        }
    return out


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--target", type=int, default=1_000_000, help="quads of the big store")
    parser.add_argument("--small", type=int, default=100_000, help="quads of the store rdflib is compared on")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--tagger", action="store_true", help="use the statistical tagger (slower)")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-validate", action="store_true", help="skip the SHACL timing")
    parser.add_argument("--queries-only", type=Path, default=None, metavar="DIR",
                        help="only time the named queries on the big store an earlier run kept in DIR")
    args = parser.parse_args(argv)
    if args.queries_only:
        return time_kept_store(args.queries_only / "big", args.runs)

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    options = BuildOptions(use_tagger=args.tagger, views=False, workers=args.workers)
    articles = read_articles(args.corpus)
    print(f"{len(articles)} articles in {args.corpus.name}; work folder {work}")
    results: dict[str, Any] = {
        "kg_version": __version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "command": "python benchmarks/bench_store.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "tagger": args.tagger,
    }
    try:
        print("building the big store …")
        results["big"] = build_big(work, articles, target=args.target, options=options)
        big = GraphStore.open(results["big"]["out"], read_only=True)
        [row] = big.query(_DISTINCT_TRIPLES)
        results["big"]["distinct_triples"] = int(row["n"].value)
        choose_parameters(big)
        print("timing the named queries on Oxigraph …")
        results["big"]["oxigraph"] = bench_queries(big, args.runs)
        del big
        results["idempotency"] = idempotent_rebuild(Path(results["big"]["out"]), options)

        print("building the small store …")
        small = GraphStore.open(build_small(work, articles, target=args.small, options=options), read_only=True)
        started = time.perf_counter()
        graph = load_rdflib(small)
        results["small"] = {"quads": len(small), "rdflib_triples": len(graph),
                            "rdflib_load_s": round(time.perf_counter() - started, 1)}
        print(f"timing at {len(small):,} quads: Oxigraph, then rdflib ({len(graph):,} triples) …")
        results["small"]["oxigraph"] = bench_queries(small, args.runs)
        results["small"]["rdflib"] = bench_rdflib(graph, args.runs)
        if not args.no_validate:
            print("timing SHACL validation at the small size …")
            results["small"]["validation"] = bench_validation(small)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    return results


def time_kept_store(out: Path, runs: int) -> dict[str, Any]:
    """The named queries again, on a kept store: a second reading on a quieter machine."""
    store = GraphStore.open(out, read_only=True)
    choose_parameters(store)
    timings = bench_queries(store, runs)
    for label, entry in timings.items():
        print(f"{label:32s} {entry['p50_s']:.3f} s ({entry['rows']} rows)")
    path = RESULTS.with_name("store-queries.json")
    path.write_text(json.dumps({"store": str(out), "quads": len(store), "runs": runs, "oxigraph": timings},
                               ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return timings


def print_table(results: dict[str, Any]) -> None:
    big, small = results["big"], results["small"]
    triples = big.get("distinct_triples", 0)
    print(f"\nnamed queries, p50 seconds (rows) — {big['quads']:,} quads ({triples:,} distinct triples); "
          f"{small['quads']:,} quads")
    print(f"{'query':32} {'oxigraph 1M':>16} {'oxigraph 100k':>16} {'rdflib 100k':>16} {'rdflib/oxigraph':>16}")
    for label in big["oxigraph"]:
        b, s, r = big["oxigraph"][label], small["oxigraph"][label], small["rdflib"][label]
        ratio = r["p50_s"] / s["p50_s"] if s["p50_s"] else float("inf")
        print(f"{label:32} {_cell(b):>16} {_cell(s):>16} {_cell(r):>16} {ratio:>15.0f}×")
    total = sum(b["seconds"] for b in big["builds"])
    print(f"\nbuild: {len(big['builds'])} builds, {total:.0f} s, {big['quads'] / total:,.0f} quads/s")
    print(f"idempotent rebuild of the sample: {results['idempotency']}")
    if "validation" in small:
        print(f"SHACL validation at {small['quads']:,} quads: {small['validation']}")


def _cell(entry: dict[str, Any]) -> str:
    return f"{entry['p50_s']:.3f} ({entry['rows']})"


if __name__ == "__main__":
    main()
