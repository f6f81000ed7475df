"""What `kg --help` and `kg query` import (issue #23): nothing heavy they do not use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from tests.conftest import SAMPLE_PAGE

# Runs `kg ARGS` (argv[1], JSON), then names on stderr every module it loaded, even on exit.
_PROBE = """
import json, sys
from kg.cli import main
sys.argv = ["kg", *json.loads(sys.argv[1])]
try:
    main()
finally:
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""

# The graph libraries, the tagger, the RDF and SHACL stack and the server.
# importlib.metadata: the version is read only for `kg --version` (20 ms); kg.model's 30-odd
# dataclasses take 14 ms to make.
NOT_FOR_HELP = ("networkx", "pyvis", "pyoxigraph", "jieba", "rjieba", "rdflib", "pyshacl", "kg.web.serve", "importlib.metadata",
                "kg.model")
NOT_FOR_QUERY = ("networkx", "pyvis", "jieba", "pyshacl")


def _kg(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``kg ARGS`` in a fresh interpreter: its result and the modules it imported."""
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)],
                          check=False, capture_output=True, text=True, encoding="utf-8", timeout=120)
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return done, set(json.loads(line.removeprefix("MODULES ")))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if any(m == name or m.startswith(name + ".") for m in modules))


@pytest.fixture(scope="module")
def tiny_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("startup") / "out"
    kg.build([SAMPLE_PAGE], out=out, paper="荆州日报", date="2023-01-09", workers=1, use_tagger=False, views=False)
    return out


def test_help_imports_nothing_heavy() -> None:
    done, modules = _kg("--help")
    assert done.returncode == 0 and "Usage: kg" in done.stdout, done.stderr
    assert _loaded(modules, NOT_FOR_HELP) == []


def test_a_commands_help_loads_only_what_it_shows() -> None:
    done, modules = _kg("export", "--help")  # its --format help names the formats kg.graph.export holds
    assert done.returncode == 0 and "One of turtle, ntriples" in " ".join(done.stdout.split()), done.stderr
    assert _loaded(modules, ("networkx", "pyvis", "jieba", "rdflib", "pyshacl", "kg.web.serve")) == []


def test_query_imports_no_graph_library_tagger_or_shacl(tiny_graph: Path) -> None:
    done, modules = _kg("query", "SELECT ?name WHERE { ?p a schema:Place ; schema:name ?name }",
                        "-g", str(tiny_graph), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert "荆州市" in done.stdout.splitlines()
    assert _loaded(modules, NOT_FOR_QUERY) == []
