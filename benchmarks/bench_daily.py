"""Benchmark the daily job: one new page built into a large existing store.

An archive grows by an issue a day, so the build users run most is a few pages into a
store that already holds years. This times ``kg build`` of one page (a variant of the
sample page, a new page each run, so that it is really built) into a copy of a large
store, with the whole-graph outputs (graph.ttl, graph.html) and without them
(``--no-ttl --no-html``), in fresh processes as a user runs it. A third mode rebuilds a
page the store holds, changed: the build then also restates and prunes the shared graphs.

Into a large store a build leaves graph.ttl and graph.html to a background writer
(``kg.build.outputs``): each run's time is until ``kg build`` returns, and ``current_s``
until the writer has switched the files in (the next run waits for it, so that runs do
not overlap).

The store comes from ``bench_store.py --work DIR --keep`` (``DIR/big``: 1.4 M quads).

Usage::

    python benchmarks/bench_daily.py --store /tmp/kgst/big [--runs 3]

Writes ``benchmarks/results/daily.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"
RESULTS = ROOT / "benchmarks" / "results" / "daily.json"
LEAN = ["--no-ttl", "--no-html"]
# label → (flags, whether the page replaces one the store holds)
MODES = {
    "new page, with graph.ttl and graph.html": ([], False),
    "new page, --no-ttl --no-html": (LEAN, False),
    "changed page, --no-ttl --no-html": (LEAN, True),
}


def new_page(folder: Path, n: int, *, page_id: str | None = None) -> Path:
    """The sample page, its city renamed and a line added (so it differs whatever its text), as page ``page_id``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8").replace("荆州", f"荆{n}州") + f"\n（第{n}稿）\n"
    page = folder / f"daily_{n:03d}.txt"
    page.write_text(text, encoding="utf-8")
    meta = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))
    # The page's IRI comes from paper, date and page number: a new number, a new page.
    meta["page"] = page_id or f"daily-{n}"
    page.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return page


def time_build(page: Path, out: Path, flags: list[str]) -> tuple[float, float]:
    """Seconds of one ``kg build`` in a fresh process (start-up and model loading included), and until its files are current."""
    from kg.build.outputs import PENDING

    command = [sys.executable, "-c", "from kg.cli import main; main()", "build", str(page), "--out", str(out), "-q", *flags]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    returned = time.perf_counter() - started
    while (out / PENDING).exists():
        time.sleep(0.05)
    return returned, time.perf_counter() - started


def spread(seconds: list[float]) -> dict:
    """min, median and max of ``seconds``, and the runs."""
    return {"min_s": round(min(seconds), 2), "median_s": round(statistics.median(seconds), 2),
            "max_s": round(max(seconds), 2), "runs_s": [round(s, 2) for s in seconds]}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a build folder (bench_store.py --keep: WORK/big)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    results: dict = {"store": str(args.store), "runs": args.runs, "modes": {}}
    with tempfile.TemporaryDirectory(prefix="kg-daily-") as tmp:
        work = Path(tmp)
        out = work / "out"
        shutil.copytree(args.store, out)
        from kg.graph.store import GraphStore

        results["quads_before"] = len(GraphStore.open(out, read_only=True))
        n = 0
        for label, (flags, changed) in MODES.items():
            seconds, current = [], []
            for _ in range(args.runs):
                n += 1
                page = new_page(work / f"in{n}", n, page_id="daily-1" if changed else None)
                returned, done = time_build(page, out, flags)
                seconds.append(returned)
                current.append(done)
            results["modes"][label] = {**spread(seconds), "current_s": spread(current)}
        results["quads_after"] = len(GraphStore.open(out, read_only=True))
        modes = list(results["modes"].values())
        results["ratio_default_to_lean"] = round(modes[0]["median_s"] / modes[1]["median_s"], 2)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"one new page into {results['quads_before']:,} quads ({args.runs} runs each):")
    for label, entry in results["modes"].items():
        print(f"  {label:40s} min/median/max {entry['min_s']:.2f}/{entry['median_s']:.2f}/{entry['max_s']:.2f} s"
              f"  files current after median {entry['current_s']['median_s']:.2f} s")
    print(f"  default / --no-ttl --no-html: {results['ratio_default_to_lean']:.2f}×")
    return results


if __name__ == "__main__":
    main()
