"""A server's view of a build folder: snapshots that follow the builds, safely."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import errors
from kg.pipeline import BuildOptions, build_graph
from kg.serve import ServeOptions, make_server
from kg.snapshot import Snapshots
from kg.store import INCOMPLETE

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "pages" / "000_f016006cafbfff82.txt"
CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def _build(pages: list[Path], out: Path, minutes: int = 0) -> None:
    options = BuildOptions(use_tagger=False, workers=1, now=CLOCK + dt.timedelta(minutes=minutes))
    build_graph(pages, out=out, options=options)


def _page(folder: Path, name: str, city: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.txt"
    page.write_text(SAMPLE.read_text(encoding="utf-8").replace("荆州", city), encoding="utf-8")
    shutil.copy(SAMPLE.with_suffix(".json"), page.with_suffix(".json"))
    return page


def test_a_snapshot_follows_each_finished_build_and_keeps_two(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([_page(tmp_path / "in", "p1", "荆州")], out)
    snapshots = Snapshots(out)
    first = snapshots.current()
    before = len(first)
    assert before > 1000 and snapshots.current() is first  # no build since: the same one
    _build([_page(tmp_path / "in", "p2", "宜昌")], out, minutes=1)
    second = snapshots.current()
    assert second is not first and len(second) > before
    assert len(first) == before  # the old snapshot still answers, as it was
    (out / INCOMPLETE).write_bytes(b"")  # a build is running: keep serving what was finished
    (out / "report.json").touch()
    assert snapshots.current() is second
    (out / INCOMPLETE).unlink()
    _build([_page(tmp_path / "in", "p3", "襄阳")], out, minutes=2)
    assert len(snapshots.current()) > len(second)
    assert len(list(out.glob(".served-*"))) == 2
    snapshots.close()
    assert not list(out.glob(".served-*"))


def test_checkpoints_of_a_server_no_longer_running_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([SAMPLE], out)
    dead = out / ".served-999999999-abc"  # no such process
    (dead / "store").mkdir(parents=True)
    Snapshots(out).close()
    assert not dead.exists()
    with pytest.raises(errors.GraphNotFoundError):
        Snapshots(tmp_path / "nothing")


def test_a_running_server_answers_from_the_latest_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([_page(tmp_path / "in", "p1", "荆州")], out)
    snapshots = Snapshots(out)
    server = make_server(snapshots, options=ServeOptions(port=0))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    query = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"
    url = f"http://{host}:{port}/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"})

    def articles() -> int:
        with urllib.request.urlopen(url) as response:
            return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])

    try:
        one = articles()
        _build([_page(tmp_path / "in", "p2", "宜昌")], out, minutes=1)
        assert one >= 5 and articles() == 2 * one
        with urllib.request.urlopen(f"http://{host}:{port}/") as response:
            assert "宜昌" in response.read().decode("utf-8")  # the view is the new build's
    finally:
        server.shutdown()
        server.server_close()
        snapshots.close()
