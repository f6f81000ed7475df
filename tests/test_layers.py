"""The house rules of the code: data flows one way, and the README names every module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "kg"
# The stages in the order data flows. A module may import from its own stage and from
# earlier ones, never from a later one: not at the top, not inside a function, not for
# type checking. ``web`` comes before ``build`` because a build renders the views into
# its folder, while the endpoint only reads a built folder; ``api`` is the public
# Python face over every stage, and the CLI calls it.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("kg.model", "kg.entity_kinds", "kg.event_types", "kg.roles", "kg.errors", "kg.atomic", "kg.concurrency", "kg.package_data", "kg.lang")),
    ("read", ("kg.read",)),
    ("extract", ("kg.extract",)),
    ("graph", ("kg.graph",)),
    ("web", ("kg.web",)),
    ("build", ("kg.build",)),
    ("api", ("kg.api",)),
    ("cli", ("kg.cli",)),
)
# What any module may take from the package root: its version.
ROOT_NAMES = {"__version__"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> int | None:
    for index, (_name, prefixes) in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def _imports(module: str, path: Path) -> list[tuple[str, int]]:
    """Every kg module ``module`` imports, with the line, resolving relative imports."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base == "kg":  # from kg import errors / __version__
                found += [(f"kg.{a.name}" if a.name not in ROOT_NAMES else "kg", node.lineno) for a in node.names]
            else:
                found.append((base, node.lineno))
    return [(name, line) for name, line in found if name == "kg" or name.startswith("kg.")]


def test_every_module_belongs_to_a_stage():
    orphans = [m for m in _modules() if m != "kg" and _stage(m) is None]
    assert orphans == []


def test_no_stage_imports_a_later_one():
    breaches = []
    for module, path in _modules().items():
        own = _stage(module)
        if own is None:  # the package root, the facade of the public API
            continue
        for imported, line in _imports(module, path):
            if imported == "kg":
                continue
            stage = _stage(imported)
            if stage is None or stage > own:
                breaches.append(f"{path.relative_to(ROOT)}:{line} ({STAGES[own][0]}) imports {imported}")
    assert breaches == []


def test_the_graph_and_the_views_take_records_and_call_no_extraction():
    """Entity keys and home places travel in the records (kg.model): the RDF mapping,
    the store and the views never call back into reading or extraction."""
    calls = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for module, path in _modules().items()
        if module.startswith(("kg.graph", "kg.web"))
        for imported, line in _imports(module, path)
        if imported.startswith(("kg.read", "kg.extract"))
    ]
    assert calls == []


def test_resolution_does_not_reach_into_the_recognizer():
    """Resolution reads mentions (kg.model) and the gazetteer, not how mentions were found."""
    path = PACKAGE / "extract" / "resolve.py"
    assert [name for name, _ in _imports("kg.extract.resolve", path) if name.startswith("kg.extract.recognize")] == []


def test_the_rule_catches_a_breach(tmp_path: Path):
    """The check itself reads lazy, relative and type-checking imports."""
    path = tmp_path / "kg" / "read" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from kg.graph.store import GraphStore\n"
        "def f():\n    from ..extract import page\n",
        encoding="utf-8",
    )
    imported = [name for name, _ in _imports("kg.read.x", path)]
    assert imported == ["kg.graph.store", "kg.extract"]
    assert [_stage(name) for name in imported] == [3, 2]


def _layout_rows() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n(.*?)(?=^## )", readme, re.S | re.M)
    assert match, "README.md has no Layout section"
    return match.group(1)


@pytest.mark.parametrize("doc", ["README.md", "docs/design.md"])
def test_the_docs_name_every_module(doc: str):
    text = _layout_rows() if doc == "README.md" else (ROOT / doc).read_text(encoding="utf-8")
    paths = [str(p.relative_to(ROOT)) for p in _modules().values()]
    missing = [p for p in paths if f"`{p}`" not in text]
    assert missing == []


def test_the_docs_name_no_module_that_is_gone():
    named = set(re.findall(r"`(kg/[\w/]+\.py)`", _layout_rows()))
    assert named and all((ROOT / p).is_file() for p in named), sorted(p for p in named if not (ROOT / p).is_file())
