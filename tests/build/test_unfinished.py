"""Word of a build that died: what its marker says, once the report shows it did not finish."""

from __future__ import annotations

import json
from pathlib import Path

from kg.build import outputs, unfinished
from kg.build.unfinished import dead_build
from kg.graph.folder import INCOMPLETE, REPORT


def test_no_marker_no_dead_build(tmp_path: Path) -> None:
    assert dead_build(tmp_path) is None


def test_a_marker_of_a_build_that_died_names_it(tmp_path: Path) -> None:
    (tmp_path / INCOMPLETE).write_text(json.dumps({"build": "b2", "started": "2024-01-02T00:00:00+00:00"}), encoding="utf-8")
    (tmp_path / REPORT).write_text(json.dumps({"build": "b1"}), encoding="utf-8")
    assert dead_build(tmp_path) == {"build": "b2", "started": "2024-01-02T00:00:00+00:00"}


def test_a_build_whose_outputs_were_switched_in_did_finish(tmp_path: Path) -> None:
    (tmp_path / INCOMPLETE).write_text(json.dumps({"build": "b2", "started": "2024-01-02T00:00:00+00:00"}), encoding="utf-8")
    (tmp_path / REPORT).write_text(json.dumps({"build": "b2"}), encoding="utf-8")
    assert dead_build(tmp_path) == {}


def test_an_old_or_broken_marker_names_no_build(tmp_path: Path) -> None:
    for text in ("", "not json", '["b2"]', '{"started": "2024-01-02"}'):
        (tmp_path / INCOMPLETE).write_text(text, encoding="utf-8")
        assert dead_build(tmp_path) == {}, text


def test_outputs_re_exports_them() -> None:
    """The build imports them from kg.build.outputs, where they were first."""
    assert outputs.dead_build is unfinished.dead_build
    assert outputs.mark_unfinished is unfinished.mark_unfinished
