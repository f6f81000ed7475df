"""benchmarks/build_probes.py: the step timer wraps functions the build really calls."""

from __future__ import annotations

import importlib
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from build_probes import StepTimer  # noqa: E402


def test_every_step_names_a_function_where_the_build_looks_it_up():
    """Each step is a function of the module that calls it (a moved function would fail the benchmark)."""
    for module_name, path, _ in StepTimer.STEPS:
        owner = importlib.import_module(module_name)
        for part in path.split("."):
            owner = getattr(owner, part)
        assert callable(owner), (module_name, path)
    callers = {"extract_pages": "kg.build.pages", "page_output": "kg.build.pages", "read_pages": "kg.build.pipeline"}
    for module_name, path, _ in StepTimer.STEPS:
        if path in callers:
            assert module_name == callers[path]


def test_a_wrapped_step_adds_its_time_under_its_label(monkeypatch):
    """install() puts a timing wrapper in the step's place; calls through it are timed."""
    pages = importlib.import_module("kg.build.pages")
    monkeypatch.setattr(StepTimer, "STEPS", (("kg.build.pages", "build_context", "context"),))
    monkeypatch.setattr(pages, "build_context", pages.build_context)  # restored after the test
    timer = StepTimer()
    timer.install()
    context = pages.build_context("https://example.org/", "b1")
    assert context.minter.base == "https://example.org/"
    assert timer.seconds["context"] > 0
