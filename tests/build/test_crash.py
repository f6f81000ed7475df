"""Crash safety: ``kg build`` killed with SIGKILL in mid-run loses nothing.

A previous build's outputs stay readable, the store stays consistent (a page whose
content hash is stored has all its article graphs, exactly), and a rerun completes
with the result an uninterrupted build gives.

The build under test is the real ``kg build`` in a subprocess. So that the kill lands
at a known point rather than at a lucky one, a small hook (``HOOK``) wraps one
function of kg to write a marker file and then wait; the test kills the process as
soon as the marker appears. The build itself runs unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import NamedNode, Quad

from kg.graph.namespace import KG, Minter
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.folder import INCOMPLETE
from kg.graph.store import GraphStore
from tests.conftest import FIXED_CLOCK, SAMPLE_PAGE, _as_one_build

ROOT = Path(__file__).resolve().parents[2]
PAGES = 40
NAMES = ("王子瑶", "张明金", "刘园园", "陈剑明", "李晓峰", "周文静", "吴海涛", "郑雅琴")
OPTIONS = BuildOptions(use_tagger=False, workers=1, now=FIXED_CLOCK)
ARGS = ("--no-tagger", "--workers", "1", "--quiet")
HOOK = """
import os, sys, threading
import kg.build.outputs, kg.graph.store

marker, where, after = os.environ["KG_MARKER"], os.environ["KG_KILL_AT"], int(os.environ["KG_AFTER"])
calls = 0

def signal_and_wait(text=""):
    # Written aside, then renamed: the test kills as soon as the marker exists, so it
    # must never see the file before its text is in it.
    with open(marker + ".part", "w") as out:
        out.write(text)
    os.replace(marker + ".part", marker)
    threading.Event().wait()  # until the test kills this process

if where == "page":  # after the batch that brings the pages written to AFTER or more
    kg.graph.store.BATCH_QUADS = 1000  # several batches, of a few pages each
    real_write = kg.graph.store.GraphStore._write_batch

    def write_batch(self):
        global calls
        pages = len(self._batch)
        real_write(self)
        calls += pages
        if calls >= after:
            signal_and_wait(str(calls))

    kg.graph.store.GraphStore._write_batch = write_batch
else:  # half-way through writing graph.ttl
    real_dump = kg.graph.store.GraphStore.dump

    def dump(self, output, **kwargs):
        import io
        buffer = io.BytesIO()
        real_dump(self, buffer, **kwargs)
        data = buffer.getvalue()
        output.write(data[: len(data) // 2])
        output.flush()
        signal_and_wait()

    kg.graph.store.GraphStore.dump = dump

from kg.cli import main
sys.argv = ["kg", *sys.argv[1:]]
main()
"""


def _write_pages(folder: Path) -> None:
    """``PAGES`` pages of sample paragraphs, each with its own headline, byline and date."""
    paras = [p for p in SAMPLE_PAGE.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    for i in range(PAGES):
        body = "\n\n".join(paras[(i + k) % len(paras)] for k in range(3))
        day = i % 28 + 1
        (folder / f"gen-{i:03d}.txt").write_text(
            f"荆州市第{i + 1}次春运工作会议召开\n\n□ 记者 {NAMES[i % 8]} 通讯员 {NAMES[(i + 3) % 8]}\n\n"
            f"本报讯 1月{day}日，荆州市交通运输局召开第{i + 1}次春运工作会议。\n\n{body}\n",
            encoding="utf-8",
        )
        meta = {"paper": "荆州日报", "date": f"2023-01-{day:02d}", "page": f"{i:03d}"}
        (folder / f"gen-{i:03d}.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The folders every test starts from.

    ``pages``: the sample page, then ``PAGES`` generated ones added beside it;
    ``previous``: the build of the sample page alone (the outputs a crash must spare);
    ``expected``: ``previous`` then a build of every page, uninterrupted;
    ``clean``: every page built at once into an empty folder.
    """
    root = tmp_path_factory.mktemp("crash")
    pages = root / "pages"
    pages.mkdir()
    shutil.copy(SAMPLE_PAGE, pages)
    shutil.copy(SAMPLE_PAGE.with_suffix(".json"), pages)
    build_graph([pages], out=root / "previous", options=OPTIONS)
    _write_pages(pages)
    shutil.copytree(root / "previous", root / "expected")
    build_graph([pages], out=root / "expected", options=OPTIONS)
    build_graph([pages], out=root / "clean", options=OPTIONS)
    return {"pages": pages, "previous": root / "previous", "expected": root / "expected", "clean": root / "clean"}


def _kill_build_at(pages: Path, out: Path, *, where: str, after: int = 1) -> str:
    """Run ``kg build`` on a copy of the previous outputs and SIGKILL it at ``where``.

    Returns:
        What the hook wrote at the kill point (the pages written, for ``page``).
    """
    marker = out.parent / f"{out.name}.marker"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(FIXED_CLOCK.timestamp())),
           "KG_MARKER": str(marker), "KG_KILL_AT": where, "KG_AFTER": str(after)}
    process = subprocess.Popen(
        [sys.executable, "-c", HOOK, "build", str(pages), "--out", str(out), *ARGS],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, process.communicate()[1].decode()
            assert time.monotonic() < deadline, "the build never reached the kill point"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    return marker.read_text()


def _rerun(pages: Path, out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(FIXED_CLOCK.timestamp()))}
    done = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(pages), "--out", str(out), *ARGS],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()


def _by_graph(folder: Path) -> dict[str, set[Quad]]:
    graphs: dict[str, set[Quad]] = defaultdict(set)
    for quad in GraphStore.open(folder, read_only=True).quads():
        graphs[quad.graph_name.value].add(quad)
    return dict(graphs)


def _one_build(graphs: dict[str, set[Quad]]) -> dict[str, set[tuple[str, ...]]]:
    """The graphs with every build's IRI the same, and the provenance graph left out."""
    return {name: kept for name, quads in graphs.items() if (kept := _as_one_build(quads))}


def _but_activities(graph: rdflib.Graph) -> int:
    """The number of triples not about a build."""
    return sum(1 for s, _, _ in graph if "/build/" not in str(s))


def _assert_previous_outputs_intact(out: Path, previous: Path) -> None:
    for name in ("graph.ttl", "graph.html", "report.json"):
        assert (out / name).read_bytes() == (previous / name).read_bytes(), name
    assert len(rdflib.Graph().parse(out / "graph.ttl", format="turtle")) > 1000
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["totals"]["inputs"] == 1


def _assert_store_consistent(out: Path, clean: Path) -> int:
    """Every page the store marks as built holds exactly the graphs a clean build gives it.

    Pages the interrupted build found unchanged name the build that made them, not this
    one: builds are compared as one (:func:`_one_build`). The one exception: links from
    mentions to events, which the build adds at its end,
    once events are resolved across pages; the ``.build-incomplete`` marker makes the
    next build extract every page again, and so add them.

    Returns:
        The number of pages marked as built.
    """
    store = GraphStore.open(out, read_only=True)
    graphs, expected = _one_build(_by_graph(out)), _one_build(_by_graph(clean))
    events = Minter().base + "event/"
    hashed = [q.graph_name.value for q in store.oxigraph.quads_for_pattern(None, NamedNode(KG.contentHash), None)]
    for page in hashed:
        assert graphs[page] == expected[page], page
        articles = {a.value for a in store.page_articles(page)}
        assert articles == {a.value for a in GraphStore.open(clean, read_only=True).page_articles(page)} != set()
        for article in articles:
            assert graphs[article] <= expected[article], article
            missing = expected[article] - graphs[article]
            assert all(o.startswith("<" + events) for _, _, o, _ in missing), article
    [row] = store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    assert int(row["n"].value) >= len(hashed)  # SPARQL works on the store as the crash left it
    return len(hashed)


def _assert_full_result(out: Path, scene: dict[str, Path]) -> None:
    """The rerun gives what the uninterrupted build gave; its pages are a clean build's.

    But for which build made what: a rerun extracts every page again, so the pages the
    uninterrupted build found unchanged name the rerun as their maker.
    """
    assert not (out / INCOMPLETE).exists()
    graphs, expected, clean = _by_graph(out), _by_graph(scene["expected"]), _by_graph(scene["clean"])
    assert _one_build(graphs) == _one_build(expected)
    entities = Minter().graph("entities")
    graphs, clean = _one_build(graphs), _one_build(clean)
    for name, quads in clean.items():
        if name == entities:
            assert quads <= graphs[name]  # the graph of entities only grows
        elif "/graph/" not in name:  # pages and articles: exactly a clean build's
            assert graphs[name] == quads, name
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["inputs"] == PAGES + 1 and report["totals"]["status"] == {"built": PAGES + 1}
    # The rerun's activity used every page, the sample page too: one prov:used more.
    written, uninterrupted = (rdflib.Graph().parse(f / "graph.ttl", format="turtle") for f in (out, scene["expected"]))
    assert _but_activities(written) == _but_activities(uninterrupted) > 1000


def test_killed_while_storing_pages(scene: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(scene["previous"], out)
    written = int(_kill_build_at(scene["pages"], out, where="page", after=10))
    assert 10 <= written < PAGES  # killed mid-build, between two batches
    assert (out / INCOMPLETE).exists()
    _assert_previous_outputs_intact(out, scene["previous"])
    assert _assert_store_consistent(out, scene["clean"]) == 1 + written  # the sample, then the new pages
    _rerun(scene["pages"], out)
    _assert_full_result(out, scene)


def test_killed_while_writing_graph_ttl(scene: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(scene["previous"], out)
    _kill_build_at(scene["pages"], out, where="outputs")
    _assert_previous_outputs_intact(out, scene["previous"])
    (partial,) = out.glob(".graph.ttl.*.tmp")  # half a file, never under the real name
    assert 0 < partial.stat().st_size < (scene["expected"] / "graph.ttl").stat().st_size
    assert _assert_store_consistent(out, scene["clean"]) == PAGES + 1
    _rerun(scene["pages"], out)
    assert not list(out.glob(".*.tmp"))
    _assert_full_result(out, scene)
