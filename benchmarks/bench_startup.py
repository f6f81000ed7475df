"""What a fresh process pays before it extracts anything, and the one-page build, with and without kg's cache.

Each figure is measured in a new Python process, for several rounds: the loads of kg's big
tables (the gazetteer, jieba's dictionary lists, the time parser, the CRF tagger, the
recognizer's lexicons) timed inside the process, their modules imported first, outside the
clock (the time parser's load is its import of jionlp, and its first parse), and the whole build
of the sample page (``kg.build(page, out=tmp)``, default options, then without ``graph.html``,
then ``kg build PAGE --out DIR`` as the command runs it) timed from outside, as wall time of the
process, and as the CPU time of the process and its workers (a steadier figure on a machine
that others share; the wall time is the one the issue sets the bar for).

    .venv/bin/python benchmarks/bench_startup.py [--rounds 5] [--baseline-rev HEAD]

Three ways, alternating in each round, so that a busy spell hits each alike:

- ``cold``: this tree with an empty cache folder (``KG_CACHE_DIR``): the first process after an
  install or a change of a source file compiles the tables and stores them;
- ``warm``: this tree with the cache filled: every later process;
- ``before`` (with ``--baseline-rev``): kg as committed at that git revision (its ``kg/``,
  ``data/``, ``ontology/`` and ``pyproject.toml``, from ``git archive``). Other work between
  that revision and this tree counts in the whole build too; the loads are the start-up change's.

The ratios are warm over before, per round: min / median / max.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"

# name → code run in a fresh process after ``import kg``: it imports what it needs, then the
# seconds of ``load()`` alone are printed.
LOADS = {
    "gazetteer": "from kg.extract.gazetteer import load_gazetteer as load",
    "jieba lists": (
        "try:\n    from kg.lang.words import dictionary_lists as first\n"
        "except ImportError:\n    from kg.extract.recognize.features import _jieba_lexicon as first\n"
        "from kg.lang.person_names import common_words\n"
        "def load():\n    first(); common_words()"
    ),
    "time parser": "from kg.extract.timex import _jio\ndef load():\n    _jio('2023年五月', None)",
    "crf tagger": "from kg.extract.recognize.tagger import CrfTagger\ndef load():\n    CrfTagger.load()",
    "lexicons": "from kg.extract.recognize.lexicon import load_lexicon as load",
}
TIMED = "import time, kg\n{code}\nstarted = time.perf_counter()\nload()\nprint(time.perf_counter() - started)\n"
BUILD = "import sys, tempfile, kg\nwith tempfile.TemporaryDirectory() as out:\n    kg.build([sys.argv[1]], out=out{options})\n"
# `kg build PAGE --out DIR` as the console script runs it, into a fresh folder
COMMAND = (
    "import sys, tempfile\nfrom kg.cli import main\nwith tempfile.TemporaryDirectory() as out:\n"
    "    sys.argv = ['kg', 'build', sys.argv[1], '--out', out + '/out']\n"
    "    try:\n        main()\n    except SystemExit as done:\n        status = done.code\nsys.exit(status)\n"
)
BUILDS = {"one-page build (wall)": "", "  without graph.html": ", views=False"}  # default options; kg build --no-html


def baseline_tree(rev: str, into: Path) -> Path:
    """kg as committed at ``rev``: what ``git archive`` gives of its package, data and ontology."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", rev, "kg", "data", "ontology", "pyproject.toml"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run(code: str, *, tree: Path, cache: Path, args: tuple[str, ...] = ()) -> tuple[float, str, float]:
    """Wall seconds of a fresh process running ``code`` in ``tree``, the last line it printed, and
    the CPU seconds (user and system) of the process and its workers."""
    # Every tree runs from its .pyc files, as an install does: with PYTHONDONTWRITEBYTECODE set
    # (some shells and CI images set it) the baseline's temporary tree would compile its 100-odd
    # modules from source in each process, 0.15 s that no user pays.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(tree), KG_CACHE_DIR=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=tree, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"failed in {tree} (exit status {done.returncode}):\n{done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "", cpu


def spread(values: list[float]) -> str:
    return f"{min(values):6.3f} {statistics.median(values):6.3f} {max(values):6.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline-rev", help="git revision of kg for the 'before' column (HEAD: the last commit)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        trees = {"cold": ROOT, "warm": ROOT}
        if args.baseline_rev:
            trees = {"before": baseline_tree(args.baseline_rev, work / "before"), **trees}
        warm_cache = work / "warm-cache"
        build = BUILD.format(options="")
        run(build, tree=ROOT, cache=warm_cache, args=(str(PAGE),))  # fills it; compiles .pyc files too
        for name in trees:
            run(build, tree=trees[name], cache=work / "unused", args=(str(PAGE),))  # .pyc of the baseline
        builds = {**{name: BUILD.format(options=options) for name, options in BUILDS.items()}, "kg build (wall)": COMMAND}
        rows = [*LOADS, *(row for name in builds for row in (name, _cpu_row(name)))]
        measures: dict[str, dict[str, list[float]]] = {name: {way: [] for way in trees} for name in rows}
        for round_ in range(args.rounds):
            ways = list(trees) if round_ % 2 == 0 else list(reversed(trees))
            for way in ways:
                for name, code in LOADS.items():
                    cache = work / f"cold-{round_}-{name}" if way == "cold" else warm_cache
                    measures[name][way].append(float(run(TIMED.format(code=code), tree=trees[way], cache=cache)[1]))
                for number, (name, code) in enumerate(builds.items()):
                    cache = work / f"cold-{round_}-build-{number}" if way == "cold" else warm_cache
                    wall, _, cpu = run(code, tree=trees[way], cache=cache, args=(str(PAGE),))
                    measures[name][way].append(wall)
                    measures[_cpu_row(name)][way].append(cpu)
        report(measures, args.rounds)


def _cpu_row(name: str) -> str:
    return f"{name.split(' (')[0]} (cpu)"


def report(measures: dict[str, dict[str, list[float]]], rounds: int) -> None:
    ways = list(next(iter(measures.values())))
    print(f"seconds in a fresh process, min median max of {rounds} rounds")
    print(f"{'':24s}" + "".join(f"{way:>22s}" for way in ways) + ("   warm/before per round" if "before" in ways else ""))
    for name, by_way in measures.items():
        line = f"{name:24s}" + "".join(f"{spread(by_way[way]):>22s}" for way in ways)
        if "before" in by_way:
            ratios = [w / b for w, b in zip(by_way["warm"], by_way["before"])]
            line += f"   {spread(ratios)}"
        print(line)


if __name__ == "__main__":
    main()
