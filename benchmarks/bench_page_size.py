"""Benchmark: build time against page size, for one mention-dense page of 0.1 to 8 MiB.

Issue 20: a page of dense news text took 6.8 s at 128 KB, 50 s at 512 KB and did not end
at 5 MB, because recognition and event rules compared every mention with every other.
The target: a page four times as long takes at most five times as long to build.

The pages are made of clauses of People's Daily news (``raw-199801.txt``, without the
articles of ``reserved-articles.txt``), the third of them densest in names of places,
bodies and persons, shuffled into sentences (so that no sentence repeats: the segmenter
drops repeated sentences) and paragraphs. No paragraph opens with a dateline, so each page
is one article: the worst case, since recognition and event rules work article by
article.

Each build is the real ``kg build PAGE --out DIR`` with the default options (tagger on,
graph.ttl and graph.html written, every core), in a fresh subprocess and a fresh folder,
timed by wall clock; the benchmark first waits until other processes are quiet. Peak
memory is the summed RSS of the build's process tree.

Usage::

    python benchmarks/bench_page_size.py [--sizes 0.1 1 4 8] [--runs 5 3 3 1] [--work DIR] [--max-busy 0.3]

Writes ``benchmarks/results/page_size.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998"
RESULTS = ROOT / "benchmarks" / "results" / "page_size.json"
MIB = 2**20
# Words that mark a clause dense in names: levels of divisions, bodies, titles, lists.
_DENSE = re.compile(r"省|市|县|区|镇|村|局|委|部|院|会|公司|大学|主席|书记|部长|总理|记者|总统|代表|、")
# A paragraph opening with a dateline (新华社…电, 本报讯) would start a new article.
_LEAD = re.compile(r"电|讯|报道|记者|^[（(【]")

from build_probes import TreeSampler, wait_quiet  # noqa: E402


def dense_clauses(corpus: Path = CORPUS) -> list[str]:
    """Clauses of the month's unreserved articles, the densest third in names first."""
    reserved = set((corpus / "reserved-articles.txt").read_text(encoding="utf-8").split())
    scored = []
    for line in (corpus / "raw-199801.txt").read_text(encoding="utf-8").splitlines():
        # A paragraph id YYYYMMDD-PP-AAA-NNN; paragraph 001 is a headline.
        if len(line) <= 19 or line[8] != "-" or line[:15] in reserved or line[16:19] == "001":
            continue
        for clause in re.split(r"[，；。！？]", line[19:]):
            if 6 <= len(clause) <= 60:
                scored.append((len(_DENSE.findall(clause)) / len(clause), clause))
    scored.sort(reverse=True)
    return [clause for _, clause in scored[: len(scored) // 3]]


def make_page(size: int, clauses: list[str], *, seed: int = 0) -> str:
    """Paragraphs of shuffled sentences, up to ``size`` bytes of UTF-8."""
    rnd = random.Random(seed)

    def sentence() -> str:
        return "，".join(rnd.choice(clauses) for _ in range(rnd.randint(2, 4))) + "。"

    parts, used = [], 0
    while True:
        first = sentence()
        while _LEAD.search(first[:30]):
            first = sentence()
        paragraph = first + "".join(sentence() for _ in range(rnd.randint(2, 5))) + "\n"
        used += len(paragraph.encode("utf-8"))
        if used > size:
            return "".join(parts)
        parts.append(paragraph)


def run_build(page: Path, out: Path) -> dict[str, Any]:
    """One ``kg build`` of ``page`` into a fresh ``out``, in a subprocess."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", "from kg.cli import main; main()", "build", str(page), "--out", str(out),
               "--paper", "人民日报", "--date", "1998-01-05", "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    totals = json.loads((out / "report.json").read_text(encoding="utf-8"))["totals"]
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(sampler.peak / MIB), "totals": totals}


def summarize(size: float, page: Path, runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = [r["seconds"] for r in runs]
    totals = runs[0]["totals"]
    return {
        "mib": size,
        "bytes": page.stat().st_size,
        "characters": len(page.read_text(encoding="utf-8")),
        "articles": totals["items"],
        "mentions": sum(totals["mentions"].values()),
        "events": totals["events"],
        "quads": totals["quads"],
        "runs": len(runs),
        "seconds": seconds,
        "min": min(seconds),
        "median": round(statistics.median(seconds), 2),
        "max": max(seconds),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each size against the one before: how much longer the page, how much longer the build."""
    out = []
    for small, large in zip(rows, rows[1:]):
        size_ratio = large["characters"] / small["characters"]
        time_ratio = large["median"] / small["median"]
        out.append({
            "from_mib": small["mib"], "to_mib": large["mib"],
            "size_ratio": round(size_ratio, 2), "time_ratio": round(time_ratio, 2),
            # t ∝ size^k: k = 1 is linear; a 4× page within 5× time is k ≤ log 5 / log 4 = 1.16.
            "exponent": round(math.log(time_ratio) / math.log(size_ratio), 2),
        })
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1, 4, 8], help="page sizes in MiB")
    parser.add_argument("--runs", type=int, nargs="+", default=[5, 3, 3, 1], help="builds of each size")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--max-busy", type=float, default=0.3, help="wait until others use fewer cores")
    parser.add_argument("--patience", type=float, default=600, help="seconds to wait for quiet at most")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-page-size-"))
    work.mkdir(parents=True, exist_ok=True)
    clauses = dense_clauses()
    rows = []
    for size, count in zip(args.sizes, args.runs):
        page = work / f"page-{size:g}mib.txt"
        page.write_text(make_page(int(size * MIB), clauses, seed=1), encoding="utf-8")
        runs = []
        for run in range(count):
            quiet = wait_quiet(args.max_busy, args.patience)
            result = run_build(page, work / f"out-{size:g}")
            runs.append({**result, "machine": quiet})
            print(f"{size:g} MiB run {run + 1}/{count}: {result['seconds']} s, {result['peak_rss_mb']} MB", flush=True)
        rows.append({**summarize(size, page, runs), "quiet": [r["machine"] for r in runs]})
    ratios = growth(rows)
    four = [g for g in ratios if round(g["size_ratio"]) == 4]
    result = {
        "benchmark": "bench_page_size",
        "date": dt.date.today().isoformat(),
        "machine": {"python": platform.python_version(), "cores": os.cpu_count(), "platform": platform.platform()},
        "command": "python benchmarks/bench_page_size.py " + " ".join(sys.argv[1:]),
        "options": "kg build PAGE --out DIR --paper 人民日报 --date 1998-01-05 --quiet (defaults: tagger, graph.ttl, graph.html, every core)",
        "target": "a page 4 times as long builds in at most 5 times the time",
        "sizes": rows,
        "growth": ratios,
        "target_met": bool(four) and all(g["time_ratio"] <= 5 for g in four),
        "notes": [f"{row['mib']:g} MiB: {row['runs']} run(s) only, not min/median/max of three"
                  for row in rows if row["runs"] < 3],
    }
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{'MiB':>5} {'chars':>9} {'mentions':>9} {'runs':>4} {'min':>7} {'median':>7} {'max':>7} {'RSS MB':>7}")
    for row in rows:
        print(f"{row['mib']:>5g} {row['characters']:>9,} {row['mentions']:>9,} {row['runs']:>4} "
              f"{row['min']:>7.1f} {row['median']:>7.1f} {row['max']:>7.1f} {row['peak_rss_mb']:>7}")
    for g in ratios:
        print(f"{g['from_mib']:g} → {g['to_mib']:g} MiB: {g['size_ratio']}× the text, {g['time_ratio']}× the time "
              f"(exponent {g['exponent']})")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
