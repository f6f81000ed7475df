"""Familiar forms of persons: stars' nicknames."""

from __future__ import annotations

from kg.extract.recognize.familiar import find_nicknames
from kg.model import EntityType


def test_nicknames_of_stars() -> None:
    found = list(find_nicknames("t", "J罗赛后说，球队踢得很好。"))
    assert [(m.text, m.start, m.type) for m in found] == [("J罗", 0, EntityType.PER)]
    assert [m.text for m in find_nicknames("t", "系统ABJ罗列了数据，小罗庄的村民。")] == []
