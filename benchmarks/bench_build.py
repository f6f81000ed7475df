"""Benchmark the build: throughput, memory and scaling, against the tokenizer floor.

The corpus (``raw-199801.txt``: a 19-character paragraph id ``YYYYMMDD-PP-AAA-NNN``, then
the paragraph) becomes JSON Lines outside the timed part, one article a record: paragraph
001 is the headline and the other paragraphs, joined by newlines, the text; an article of
a single paragraph (350 short news items) has no headline and that paragraph as its text.
The big corpus is the month replicated ten times with the year shifted (1998-01, 1999-01
…): distinct article IRIs, issues and event dates, the same persons and places.

Each build runs in a fresh subprocess (a real full build: tagger, rules, events,
resolution, RDF, store, graph.ttl and report.json; graph.html only with ``--views``; into a
big store the build leaves graph.ttl and graph.html to a detached writer, and the time runs
until it is done, ``command_seconds`` until the command returned),
while this process samples the RSS of the whole process tree (main + workers). With one
worker the child also times each step by wrapping the pipeline's functions. With ``--views``
the child then does the detached writer's work again (graph.html's corpus, selection and
layout, page; graph.ttl's dump) and records the CPU seconds of each part.

The floor is ``jieba.posseg`` alone over the same text (headline + text of every record),
measured in the same run after ``jieba.initialize()`` and a warm-up, and again after each
build: a build's ratio is to the mean of posseg's rate just before and just after it. Before each build the
benchmark waits until other processes (other developers' benchmarks) use less than
``--max-busy`` cores, and records what they used. The probes are in ``build_probes.py``.

Usage::

    python benchmarks/bench_build.py [--copies 10] [--workers 1 2] [--small-only]
        [--views] [--work DIR] [--keep] [--max-busy 0.3] [--merge]
    python benchmarks/bench_build.py --profile OUT.txt [--limit N]

Writes ``benchmarks/results/build.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998" / "raw-199801.txt"
RESULTS = ROOT / "benchmarks" / "results" / "build.json"
FIXED_CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

from build_probes import StepTimer, TreeSampler, profile_build, wait_quiet  # noqa: E402
from pfr_corpus import read_articles  # noqa: E402


# ------------------------------------------------------------------ corpus


def write_corpus(articles: list[dict[str, str]], folder: Path, copies: int) -> list[Path]:
    """``copies`` JSON Lines files of the month, copy k with its year shifted by k."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for copy in range(copies):
        path = folder / f"pfr-{1998 + copy}01.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in articles:
                shifted = dict(record, date=str(int(record["date"][:4]) + copy) + record["date"][4:])
                out.write(json.dumps(shifted, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def corpus_chars(articles: list[dict[str, str]]) -> int:
    return sum(len(a["headline"]) + len(a["text"]) for a in articles)


# ------------------------------------------------------------------ the floor


def floor(articles: list[dict[str, str]]) -> dict[str, Any]:
    """Characters a second of the tokenizers and of the CRF tagger alone, over the same text."""
    import jieba
    import jieba.posseg
    import rjieba

    from kg.extract.recognize.tagger import CrfTagger

    texts = [a["headline"] + "\n" + a["text"] for a in articles]
    chars = sum(map(len, texts))
    jieba.setLogLevel(60)
    jieba.initialize()
    jieba.posseg.lcut(texts[0])  # warm-up: the POS model and the HMM tables
    tagger = CrfTagger.load()
    tagger.tag_text(texts[0])
    out = {"chars": chars}
    for label, fn in (("jieba_posseg", jieba.posseg.lcut), ("rjieba_tag", rjieba.tag),
                      ("crf_tagger", tagger.tag_text)):
        started = time.perf_counter()
        for text in texts:
            fn(text)
        seconds = time.perf_counter() - started
        out[label] = {"seconds": round(seconds, 2), "chars_per_s": round(chars / seconds)}
        print(f"  {label}: {chars / seconds:,.0f} chars/s", flush=True)
    return out


def posseg_rate(articles: list[dict[str, str]]) -> int:
    """jieba.posseg's characters a second over the articles, now (the floor again, between builds)."""
    import jieba.posseg

    texts = [a["headline"] + "\n" + a["text"] for a in articles]
    started = time.perf_counter()
    for text in texts:
        jieba.posseg.lcut(text)
    return round(sum(map(len, texts)) / (time.perf_counter() - started))


# ------------------------------------------------------------------ one build, in a child


def run_build(inputs: list[Path], out: Path, *, workers: int, views: bool) -> dict[str, Any]:
    """Run one build in a fresh subprocess; sample the RSS of its process tree meanwhile."""
    shutil.rmtree(out, ignore_errors=True)
    spec = {"inputs": [str(p) for p in inputs], "out": str(out), "workers": workers, "views": views}
    result_path = out.with_suffix(".result.json")
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec), str(result_path)]
    proc = subprocess.Popen(command)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    if proc.wait() != 0:
        raise SystemExit(f"build failed: {command}")
    sampler.stop()
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result.update(peak_tree_rss_mb=round(sampler.peak / 2**20, 1), peak_processes=sampler.processes,
                  load_after=round(os.getloadavg()[0], 2))
    return result


def child(spec: dict[str, Any], result_path: Path) -> None:
    """The build itself (in the subprocess): time it, and its steps where they run here."""
    import resource

    from kg.build.outputs import PENDING
    from kg.build.pipeline import BuildOptions, build_graph

    timer = StepTimer()
    timer.install()
    last_page = _watch_last_page()
    options = BuildOptions(workers=spec["workers"], views=spec["views"], now=FIXED_CLOCK)
    started = time.perf_counter()
    report = build_graph(spec["inputs"], out=spec["out"], options=options)
    command_seconds = time.perf_counter() - started
    out = Path(spec["out"])
    # Into a big store the build leaves graph.ttl and graph.html to a detached writer
    # (kg.build.outputs): the throughput counts the work until they are written too.
    while (out / PENDING).exists():
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    totals = report.to_json()["totals"]
    # The workers have exited (and been waited for): their CPU time and peak are in CHILDREN.
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "workers": spec["workers"], "views": spec["views"], "seconds": round(seconds, 2),
        "command_seconds": round(command_seconds, 2),
        "items": totals["items"], "mentions": totals["mentions"], "events": totals["events"],
        "quads": totals["quads"], "problems": totals["problems"],
        "graph_ttl_mb": round((out / "graph.ttl").stat().st_size / 2**20, 1),
        "steps_s": timer.report(seconds, in_process=spec["workers"] == 1),
        # The serial tail: what the main process and the detached writer do after the last page.
        "tail_s": {
            "last page to return (finish, report, hand-over)": round(started + command_seconds - last_page[0], 2),
            "return to graph files written (detached writer)": round(seconds - command_seconds, 2),
        },
        "event_records": timer.event_records,
        "writer_parts_cpu_s": _writer_parts(out) if spec["views"] else {},
        "cpu_main_s": round(me.ru_utime + me.ru_stime, 1),
        "cpu_workers_s": round(workers.ru_utime + workers.ru_stime, 1),
        "main_maxrss_mb": round(me.ru_maxrss / 1024, 1),
        "workers_maxrss_mb": round(workers.ru_maxrss / 1024, 1),
    }
    result_path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def _writer_parts(out: Path) -> dict[str, float]:
    """The detached writer's work done again here, once the build is over: CPU seconds of each part.

    graph.html's parts run one after the other on one thread, graph.ttl's dump beside them
    in a process of its own (one thread): the longer of the two is the tail's.
    """
    import gc
    import io

    from kg.graph.network import load_corpus
    from kg.graph.store import GraphStore
    from kg.web.views import build_view
    from kg.web.views.page import render_page

    parts: dict[str, float] = {}
    clock = time.process_time()

    def lap(part: str) -> None:
        nonlocal clock
        now = time.process_time()
        parts[part], clock = round(now - clock, 2), now

    store = GraphStore.open(out, read_only=True)
    gc.disable()  # graph.html's parts as render_view runs them: no cyclic collection meanwhile
    try:
        corpus = load_corpus(store)
        lap("graph.html: load_corpus")
        view = build_view(store, corpus=corpus)
        lap("graph.html: select, lay out")
        render_page(view)
        lap("graph.html: render")
        gc.enable()
        store.dump(io.BytesIO(), fmt="turtle", threads=1)
        lap("graph.ttl: dump")
    finally:
        gc.enable()
        store.close()
    return parts


def _watch_last_page() -> list[float]:
    """Note when the build's last page came back from the workers (``perf_counter``), in the list returned."""
    from kg.build import pipeline

    seen = [0.0]
    pages = pipeline.ordered_map

    def watched(*args: Any, **kwargs: Any) -> Any:
        for result in pages(*args, **kwargs):
            seen[0] = time.perf_counter()
            yield result

    pipeline.ordered_map = watched
    return seen


# ------------------------------------------------------------------ main


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    articles = read_articles(args.corpus)[: args.limit]
    sizes = {"3k": write_corpus(articles, work / "in-3k", 1)}
    if not args.small_only:
        sizes["30k"] = write_corpus(articles, work / "in-30k", args.copies)
    chars = corpus_chars(articles)
    results: dict[str, Any] = {"floor": {}, "builds": {}}
    print(f"{len(articles)} articles, {chars:,} characters a copy; work folder {work}", flush=True)
    quiet = wait_quiet(args.max_busy, args.patience)
    results["floor"] = dict(floor(articles), machine=quiet)
    # The machine's speed drifts (a shared host: posseg's rate moved 64-83k chars/s from run to
    # run): each build is compared with posseg measured just before it and just after it.
    before = results["floor"]["jieba_posseg"]["chars_per_s"]
    for size, inputs in sizes.items():
        copies = len(inputs)
        for workers in args.workers:
            quiet = wait_quiet(args.max_busy, args.patience)
            print(f"building {size} ({copies * len(articles)} articles) with {workers} worker(s); {quiet} …", flush=True)
            run = run_build(inputs, work / f"out-{size}-w{workers}", workers=workers, views=args.views)
            run.update(machine_before=quiet, articles=copies * len(articles), chars=copies * chars,
                       articles_per_s=round(copies * len(articles) / run["seconds"], 1),
                       chars_per_s=round(copies * chars / run["seconds"]))
            after = posseg_rate(articles)
            floor_rate = round((before + after) / 2)
            run.update(jieba_posseg_before=before, jieba_posseg_after=after, jieba_posseg_same_run=floor_rate,
                       vs_jieba_posseg=round(run["chars_per_s"] / floor_rate, 2))
            before = after
            results["builds"][f"{size}-w{workers}"] = run
            print(f"  {run['seconds']:.0f} s, {run['chars_per_s']:,} chars/s, peak tree RSS {run['peak_tree_rss_mb']} MB; "
                  f"posseg before and after it {run['jieba_posseg_before']:,} and {after:,} chars/s", flush=True)
    return results


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--copies", type=int, default=10, help="copies of the month in the big corpus")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--small-only", action="store_true", help="only the 3k-article corpus")
    parser.add_argument("--views", action="store_true", help="also write graph.html (off: throughput only)")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--max-busy", type=float, default=0.3, help="wait while other processes use more cores than this")
    parser.add_argument("--patience", type=float, default=900.0, help="seconds to wait for it, at most")
    parser.add_argument("--profile", type=Path, default=None, help="profile the 3k build (one worker) to this file")
    parser.add_argument("--limit", type=int, default=None, help="articles of the month to use (default: all; for quick checks)")
    parser.add_argument("--merge", action="store_true", help="add these builds to the existing build.json")
    parser.add_argument("--child", nargs=2, metavar=("SPEC", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child[0]), Path(args.child[1]))
        return {}
    if args.profile:
        profile_build(read_articles(args.corpus)[: args.limit], args.profile, fixed_clock=FIXED_CLOCK)
        return {}
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = {
            "kg_version": _version(), "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "command": "python benchmarks/bench_build.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "views": args.views, "tagger": True, **measure(args, work),
        }
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.merge and RESULTS.exists():
        merged = json.loads(RESULTS.read_text(encoding="utf-8"))
        merged["builds"].update(results["builds"])
        merged.setdefault("runs", [merged.get("command")]).append(results["command"])
        results = dict(merged, floor=results["floor"], floor_runs=[*merged.get("floor_runs", [merged["floor"]]), results["floor"]])
    results["speedups"] = speedups(results["builds"], cores=len(os.sched_getaffinity(0)))  # the cores it may use
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    return results


def speedups(builds: dict[str, Any], *, cores: int) -> dict[str, Any]:
    """Two workers against one, and the most this machine allows for it.

    One worker already keeps more than one core busy (the store's writer thread runs
    beside extraction). Two workers cannot finish before their CPU time spread over
    every core, so the best ratio is ``cores × one's seconds ÷ two's CPU seconds``.
    """
    out = {}
    for size in ("3k", "30k"):
        one, two = builds.get(f"{size}-w1"), builds.get(f"{size}-w2")
        if not (one and two):
            continue
        cpu_one = one["cpu_main_s"] + one["cpu_workers_s"]
        cpu_two = two["cpu_main_s"] + two["cpu_workers_s"]
        out[size] = {
            "two_over_one": round(one["seconds"] / two["seconds"], 2),
            "one_worker_cores_busy": round(cpu_one / one["seconds"], 2),
            "two_workers_cores_busy": round(cpu_two / two["seconds"], 2),
            "best_possible_on_this_machine": round(cores * one["seconds"] / cpu_two, 2),
        }
    return out


def _version() -> str:
    from kg import __version__

    return __version__


def print_table(results: dict[str, Any]) -> None:
    fl = results["floor"]
    print(f"\nfloor: jieba.posseg {fl['jieba_posseg']['chars_per_s']:,} chars/s; rjieba.tag "
          f"{fl['rjieba_tag']['chars_per_s']:,}; CRF tagger alone {fl['crf_tagger']['chars_per_s']:,}")
    print("×posseg: against posseg's rate measured just before and just after the build (their mean)")
    print(f"{'build':10} {'articles':>9} {'seconds':>8} {'art/s':>7} {'chars/s':>9} {'×posseg':>8} "
          f"{'CPU s main+wk':>14} {'peak RSS MB':>12} {'others':>6}")
    for label, run in results["builds"].items():
        print(f"{label:10} {run['articles']:>9,} {run['seconds']:>8.1f} {run['articles_per_s']:>7.1f} "
              f"{run['chars_per_s']:>9,} {run['vs_jieba_posseg']:>8.2f} "
              f"{run['cpu_main_s']:>7.0f}+{run['cpu_workers_s']:<6.0f} {run['peak_tree_rss_mb']:>12.0f} "
              f"{run['machine_before']['others_cores']:>6.2f}")
    builds = results["builds"]
    for size, s in results.get("speedups", {}).items():
        print(f"{size}: two workers / one = {s['two_over_one']:.2f}× (cores busy: {s['one_worker_cores_busy']:.2f} "
              f"with one, {s['two_workers_cores_busy']:.2f} with two; at best {s['best_possible_on_this_machine']:.2f}× "
              f"on this machine, given the CPU time two workers need)")
    for label, run in builds.items():
        if "tail_s" in run:
            print(f"{label} tail: " + "; ".join(f"{part} {s:.1f} s" for part, s in run["tail_s"].items()))
        if run.get("writer_parts_cpu_s"):
            print(f"{label} detached writer's parts, CPU s: "
                  + "; ".join(f"{part} {s:.1f}" for part, s in run["writer_parts_cpu_s"].items()))
    small, big = builds.get("3k-w1"), builds.get("30k-w1")
    if small and big:
        scale = big["articles"] / small["articles"]
        print(f"\nsteps, one worker (seconds; 30k ÷ 3k ÷ {scale:.0f}: 1.0 is linear)")
        for step, seconds in small["steps_s"].items():
            other = big["steps_s"].get(step, 0.0)
            ratio = other / seconds / scale if seconds > 0.05 else float("nan")
            print(f"  {step:28} {seconds:>8.1f} {other:>8.1f} {ratio:>6.2f}")


if __name__ == "__main__":
    main()
