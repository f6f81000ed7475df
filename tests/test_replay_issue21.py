"""Issue #21, replayed: each numbered problem a new user met, done again as they did it.

One test per problem (``test_problem_N_…``); the modules' own tests cover each fix in
depth. The endpoint and remote-store problems run against real servers (``kg serve`` and
Oxigraph's), the browser-free parts through the CLI as a user types it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

import kg
from kg import errors
from kg.cli import app
from tests.conftest import ROOT, SAMPLE_PAGE

SHARED = ROOT.parent / "shared"
CI = os.environ.get("CI") == "true"
DATED = ["--paper", "荆州日报"]
QUICK = ["--no-tagger", "--no-html", "--workers", "1"]


def kg_cli(*args: str, input: str | None = None, ok: bool = True):  # noqa: A002 (click's name)
    result = CliRunner().invoke(app, list(args), input=input)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def rows(out: Path, sparql: str) -> list[list[str]]:
    """The rows of a query as `kg query` prints them to a pipe: plain tab-separated values."""
    printed = kg_cli("query", sparql, "-g", str(out)).stdout
    return [line.split("\t") for line in printed.splitlines()[1:]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("replay") / "out"
    kg_cli("build", str(SAMPLE_PAGE), "-o", str(out), "--no-tagger", "--workers", "1", "-q")
    return out


def test_problem_1_a_rebuild_never_duplicates_and_pages_can_be_removed(tmp_path: Path):
    page, out = tmp_path / "page.txt", tmp_path / "out"
    page.write_text(SAMPLE_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    by_date = "SELECT ?d (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d } GROUP BY ?d"
    kg_cli("build", str(page), "-o", str(out), *DATED, "--date", "2023-03-15", *QUICK, "-q")
    kg_cli("build", str(page), "-o", str(out), *DATED, "--date", "2023-03-16", *QUICK, "-q")
    assert rows(out, by_date) == [["2023-03-16", "8"]]
    feed = tmp_path / "news.jsonl"
    records = [{"headline": f"标题{i}", "text": f"本报讯 荆州市第{i}条消息。", "paper": "荆州日报", "date": "2023-01-09"}
               for i in range(3)]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    kg_cli("build", str(feed), "-o", str(out), *QUICK, "-q")
    new = {"headline": "插在最前", "text": "本报讯 新的消息。", "paper": "荆州日报", "date": "2023-01-09"}
    feed.write_text(json.dumps(new, ensure_ascii=False) + "\n" + feed.read_text(encoding="utf-8"), encoding="utf-8")
    kg_cli("build", str(feed), "-o", str(out), *QUICK, "-q")
    headlines = "SELECT ?h WHERE { ?a schema:headline ?h FILTER(STRSTARTS(?h, '标题') || ?h = '插在最前') }"
    assert sorted(r[0] for r in rows(out, headlines)) == ["插在最前", "标题0", "标题1", "标题2"]
    kg_cli("remove", str(feed), "-g", str(out))
    assert rows(out, headlines) == [] and rows(out, by_date) == [["2023-03-16", "8"]]


def test_problem_2_the_distribution_has_a_free_name_and_the_readme_installs_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "kg-news" and project["scripts"] == {"kg": "kg.cli:main"}
    from importlib.metadata import version

    assert version("kg-news") == kg.__version__
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install 'kg[" not in readme and "pip install '.[dask]'" in readme


def test_problem_3_sparqlwrapper_defaults_service_description_and_one_query(sample: Path, tmp_path: Path):
    import shutil

    from SPARQLWrapper import SPARQLWrapper

    from tests.web.test_hardening import kg_serve, request

    graph = tmp_path / "graph"
    shutil.copytree(sample, graph)
    construct = "CONSTRUCT { ?p <https://schema.org/name> ?n } WHERE { ?p a <https://schema.org/Place> ; <https://schema.org/name> ?n }"
    with kg_serve(graph) as (endpoint, _):
        for query in (construct, "DESCRIBE <https://kg.example.org/place/421000>"):
            client = SPARQLWrapper(endpoint + "/sparql")
            client.setQuery(query)
            result = client.queryAndConvert()
            assert isinstance(result, rdflib.Graph) and len(result) > 0
        url = endpoint + "/sparql?query=" + urllib.request.quote(construct)
        for accept, fmt in (("application/ld+json", "json-ld"), ("application/n-quads", "nquads")):
            status, headers, body = request(url, headers={"Accept": accept})
            assert status == 200 and headers["Content-Type"].startswith(accept)
            assert len(rdflib.Dataset().parse(data=body, format=fmt)) > 5
        status, headers, body = request(endpoint + "/sparql", headers={"Accept": "text/turtle"})
        description = rdflib.Graph().parse(data=body, format="turtle")
        sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
        assert status == 200 and (None, rdflib.RDF.type, sd.Service) in description
        assert request(url + "&query=ASK%7B%7D")[0] == 400


def test_problem_4_a_store_url_build_leaves_a_folder_every_command_reads(tmp_path: Path):
    from tests.graph.test_remote_store import _start, _stop

    process, url = _start("serve", "--location", str(tmp_path / "db"))
    try:
        out = tmp_path / "out"
        kg_cli("build", str(SAMPLE_PAGE), "-o", str(out), "--store", url, *QUICK, "-q")
        count = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }"
        assert rows(out, count) == [["8"]]
        assert kg_cli("query", count, "--store", url + "/store").stdout.splitlines()[1] == "8"
        for command in ("export", "stats", "validate", "view"):
            assert "--store" in kg_cli(command, "--help").stdout
    finally:
        _stop(process)
    assert "KG300" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_problem_5_a_failed_build_leaves_nothing_to_query(tmp_path: Path):
    empty, out = tmp_path / "empty.txt", tmp_path / "out"
    empty.write_text("", encoding="utf-8")
    failed = kg_cli("build", str(empty), "-o", str(out), *QUICK, ok=False)
    assert failed.exit_code == 2 and errors.NoInputError.code in failed.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == []
    query = kg_cli("query", "SELECT * WHERE { ?s ?p ?o }", "-g", str(out), ok=False)
    assert query.exit_code == 2 and errors.GraphNotFoundError.code in query.output


def test_problem_6_the_cli_keeps_the_conventions(sample: Path, tmp_path: Path):
    assert kg_cli("--version").stdout.strip() == f"kg {kg.__version__}"
    for command in ("build", "query", "export", "stats", "view", "remove"):
        assert not re.search(r"<bool>|<list\[|\{paths\}", kg_cli(command, "--help").stdout)
    assert kg_cli("stats", "-f", "json", "-g", str(sample), ok=False).exit_code == 2  # -f is --file only
    piped = kg_cli("build", "-", "-o", str(tmp_path / "stdin"), *QUICK, input=SAMPLE_PAGE.read_text(encoding="utf-8"))
    assert "1 input (" in piped.stderr and "8 articles" in piped.stderr and errors.MissingMetadataWarning.code in piped.stderr
    assert "undated" in piped.stderr  # built without paper and date: said, not silent
    nt = tmp_path / "x.nt"
    kg_cli("export", "-o", str(nt), "-g", str(sample))
    assert len(rdflib.Graph().parse(nt, format="nt")) > 1000 and not nt.read_text(encoding="utf-8").startswith("@prefix")
    counts = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }"
    assert kg_cli("query", counts, "-g", str(sample)).stdout == "n\n8\n"  # plain values when piped
    assert kg_cli("query", counts, "-g", str(sample), "--format", "json").stdout.endswith("}\n")
    late = kg_cli("view", "-g", str(sample), "--from", "2030-01-01", "-o", str(tmp_path / "v.html"))
    assert "warning" in late.stderr
    ner = tmp_path / "one.txt"
    ner.write_text("新华社北京1月8日电 国务院总理李强在北京会见来宾。", encoding="utf-8")
    assert "李强" in kg_cli("ner", str(ner), "--no-tagger").stdout
    seen: list[int] = []
    kg.build([SAMPLE_PAGE], out=tmp_path / "progress", use_tagger=False, views=False, workers=1,
              progress=lambda source, articles: seen.append(articles))
    assert seen == [9]  # progress counts the page's articles, not the file


def test_problem_7_reporters_and_correspondents_are_kept_apart(sample: Path):
    counts = json.loads(kg_cli("stats", "-g", str(sample), "--format", "json").stdout)["counts"]
    assert counts["reporter"] == 6 and counts["correspondent"] == 6
    from kg.graph.store import GraphStore
    from kg.web.views import ViewOptions, build_view
    from kg.web.views.page import page_data

    store = GraphStore.open(sample, read_only=True)
    try:
        data = page_data(build_view(store, options=ViewOptions(kind="graph")))
    finally:
        store.close()
    drawn = [node["type"] for node in data["nodes"]]
    assert drawn.count("reporter") == 6 and drawn.count("correspondent") == 6  # the legend counts these


def test_problem_8_json_ld_context_nif_types_and_a_cumulative_report(sample: Path, tmp_path: Path):
    jsonld = json.loads(kg_cli("export", "--format", "jsonld", "-g", str(sample)).stdout)
    assert "@context" in jsonld
    ttl = (sample / "graph.ttl").read_text(encoding="utf-8")
    assert re.search(r'nif:beginIndex "\d+"\^\^xsd:nonNegativeInteger', ttl) and not re.search(r"nif:beginIndex \d", ttl)
    report = json.loads((sample / "report.json").read_text(encoding="utf-8"))
    events = rows(sample, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event }")[0][0]
    assert report["totals"]["events"] == int(events)
    page = tmp_path / "other.txt"
    page.write_text("荆州召开会议\n\n本报讯 荆州市召开安全生产工作会议。\n", encoding="utf-8")
    kg_cli("build", str(page), "-o", str(sample), *DATED, "--date", "2023-01-10", "--no-tagger", "--workers", "1", "-q")
    again = json.loads((sample / "report.json").read_text(encoding="utf-8"))
    assert again["totals"]["inputs"] == 1 and again["totals"]["items"] == report["totals"]["items"] + 1
    kg_cli("remove", str(page), "-g", str(sample))


@pytest.mark.skipif(not (SHARED / "corpora").is_dir() and not CI, reason="../shared/corpora is not here")
def test_problem_9_evaluate_says_when_it_scores_training_text(tmp_path: Path):
    dev = (SHARED / "corpora" / "pfr1998" / "dev.txt").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(line for line in dev[:40] if line.strip()) + "\n", encoding="utf-8")
    result = kg_cli("evaluate", str(gold), "--json")
    training = json.loads(result.stdout)["training"]
    assert training["seen"] == training["sentences"] > 0 and "training score" in training["warning"]


def test_problem_10_sigterm_cleans_up_as_ctrl_c_does(sample: Path, tmp_path: Path):
    import shutil

    graph = tmp_path / "graph"
    shutil.copytree(sample, graph)
    process = subprocess.Popen([str(Path(sys.executable).with_name("kg")), "serve", "-g", str(graph), "--port", "0"],
                               stderr=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(graph.glob(".served-*")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list(graph.glob(".served-*"))
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert list(graph.glob(".served-*")) == []

