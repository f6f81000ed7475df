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
                "kg.model", "numpy")
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


def test_a_build_coerces_its_options_without_pydantic(tmp_path: Path) -> None:
    # Typer's coercion imports Pydantic (0.1 s); kg's own gives the same values without it.
    done, modules = _kg("build", str(SAMPLE_PAGE), "--out", str(tmp_path / "out"), "--no-tagger", "--no-html",
                        "--workers", "1", "--max-page-size", "2000000", "--paper", "荆州日报")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["totals"]["items"] > 5
    assert _loaded(modules, ("pydantic",)) == []


def test_a_build_reads_no_metadata_and_draws_no_bar_nobody_sees(tmp_path: Path) -> None:
    # The version from the dist-info's METADATA (importlib.metadata: 20 ms); rich.progress (15 ms)
    # only for a terminal. graph.html's libraries read entry points: --no-html.
    done, modules = _kg("build", str(SAMPLE_PAGE), "--out", str(tmp_path / "out"), "--no-tagger", "--no-html", "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["kg_version"] == kg.__version__
    assert _loaded(modules, ("importlib.metadata", "rich.progress")) == []


def test_plain_coercion_gives_typer_s_values_and_errors(tmp_path: Path) -> None:
    import typer
    import typer.main
    from typer._coercion import build_runtime_param

    from kg.cli.app import KgTyper

    app = KgTyper()

    @app.command()
    def run(paths: list[Path] = typer.Argument(...), out: Path = typer.Option(Path("o")), name: str | None = None,
            n: int = typer.Option(0), at_least: int = typer.Option(3, min=1), flag: bool = False) -> None:
        """A command of every kind kg's commands take."""

    command = typer.main.get_command(app)
    ctx = command.make_context("run", [str(tmp_path)])
    params = {p.name: p for p in command.params}
    cases = [("paths", [str(tmp_path), "-"]), ("out", "a/b"), ("out", Path("o")), ("name", "荆州日报"),
             ("n", "0012"), ("n", " -3"), ("n", 0), ("at_least", 7), ("at_least", "+4")]
    for name, value in cases:  # the last three are Typer's to read
        param = params[name]
        assert type(param.get_runtime_param()).__name__ == "_PlainValues"
        typer_s = build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)
        plain = param.get_runtime_param().coerce(value, param=param, ctx=ctx)
        assert plain == typer_s and type(plain) is type(typer_s)
    for name, bad in (("n", "x"), ("at_least", "0"), ("at_least", 0)):
        param = params[name]
        with pytest.raises(typer.BadParameter) as typer_s:
            build_runtime_param(param.type_descriptor).coerce(bad, param=param, ctx=ctx)
        with pytest.raises(typer.BadParameter) as plain:
            param.get_runtime_param().coerce(bad, param=param, ctx=ctx)
        assert plain.value.message == typer_s.value.message
