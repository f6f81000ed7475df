"""What the tests of kg.lang share: a cache folder of their own, and a source file to compile."""

from __future__ import annotations

from pathlib import Path

import pytest


class Compiler:
    """Compiles a source file into (its text, a count of compilations), counting the calls."""

    def __init__(self, source: Path):
        self.source = source
        self.calls = 0

    def __call__(self) -> dict[str, object]:
        self.calls += 1
        return {"text": self.source.read_text(encoding="utf-8"), "lines": tuple(self.source.read_text().splitlines())}


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    path = tmp_path / "words.txt"
    path.write_text("安全\n智能\n", encoding="utf-8")
    return path
