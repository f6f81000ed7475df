"""A graph on an Oxigraph server, through the commands (issue #21): `kg build --store URL -o DIR`
leaves DIR/store.url, which `-g DIR` follows, and every reading command takes `--store URL`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from kg import errors
from kg.cli import app
from kg.graph.folder import REMOTE_STORE, STORE_DIR
from tests.conftest import SAMPLE_PAGE
from tests.graph.test_remote_store import OXIGRAPH, _free_port, _start, _stop
from tests.web.test_views import _page_data

pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (pip install oxigraph) is not installed")

PLACES = "SELECT ?name WHERE { ?p a schema:Place ; schema:name ?name } ORDER BY ?name"


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server holding the sample page, built by `kg build --store URL -o DIR`: (URL, DIR)."""
    root = tmp_path_factory.mktemp("remote-cli")
    process, url = _start("serve", "--location", str(root / "db"))
    try:
        out = root / "out"
        result = run("build", str(SAMPLE_PAGE), "--store", url, "-o", str(out), "--no-tagger", "--no-html", "--workers", "1")
        assert result.exit_code == 0, result.output
        yield url, out
    finally:
        _stop(process)


def test_a_store_url_build_leaves_a_folder_that_every_command_reads(built: tuple[str, Path], sample_graph_dir: Path) -> None:
    url, out = built
    assert not (out / STORE_DIR).exists() and (out / REMOTE_STORE).read_text(encoding="utf-8").strip() == url
    local = run("query", PLACES, "-g", str(sample_graph_dir)).stdout
    assert len(local.splitlines()) > 10 and "荆州市" in local.splitlines()
    assert run("query", PLACES, "-g", str(out)).stdout == local
    assert run("query", PLACES, "--store", url).stdout == local
    assert run("query", PLACES, "--store", url + "/store").stdout == local  # a service path: back to the root


def test_every_reading_command_takes_store(built: tuple[str, Path], tmp_path: Path) -> None:
    url, out = built
    nt = tmp_path / "g.nt"
    assert run("export", "--store", url, "-o", str(nt)).exit_code == 0
    assert len(rdflib.Graph().parse(nt, format="nt")) > 1000
    stats = run("stats", "--store", url, "--format", "json")
    assert stats.exit_code == 0 and json.loads(stats.stdout)["articles"] == 9
    valid = run("validate", "--store", url)
    assert valid.exit_code == 0, valid.output
    assert re.search(r"the graph \([\d,]+ triples\) conforms", valid.stdout)
    page = tmp_path / "v.html"
    assert run("view", "-g", str(out), "--kind", "timeline", "-o", str(page)).exit_code == 0
    data = _page_data(page.read_text(encoding="utf-8"))
    assert data["meta"]["kind"] == "timeline" and len(data["nodes"]) > 5


def test_a_store_that_does_not_answer_is_kg300(tmp_path: Path) -> None:
    silent = f"http://127.0.0.1:{_free_port()}"
    for command in (["query", PLACES], ["export"], ["stats"]):
        result = run(*command, "--store", silent)
        assert result.exit_code == 2 and errors.StoreError.code in result.output and "Traceback" not in result.output
    assert errors.StoreError.code in run("query", PLACES, "--store", "ftp://example.org").output
    (tmp_path / REMOTE_STORE).write_text(silent + "\n", encoding="utf-8")
    followed = run("query", PLACES, "-g", str(tmp_path))
    assert followed.exit_code == 2 and errors.StoreError.code in followed.output
    nothing = run("query", PLACES, "-g", str(tmp_path / "nowhere"))
    assert nothing.exit_code == 2 and errors.GraphNotFoundError.code in nothing.output
