"""Fusion: names found once are found again where they recur."""

from __future__ import annotations

from kg.extract.recognize import fusion
from kg.lang.words import WordIndex
from kg.model import EntityType, Mention, MentionSource

_TEXT = "星海公司今年扩产，星海公司的工人王建国说，王建国的家在星海公司对面。美方表示美"


def _at(name: str, type_: EntityType, source: MentionSource) -> Mention:
    start = _TEXT.index(name)
    return Mention("t", start, start + len(name), name, type_, source)


_MENTIONS = [
    _at("星海公司", EntityType.ORG, MentionSource.RULE),
    _at("王建国", EntityType.PER, MentionSource.TAGGER),
    _at("美", EntityType.LOC, MentionSource.SHORT_NAME),
]


def test_a_trusted_name_recurs_as_candidates_and_a_tagger_s_does_not() -> None:
    found = fusion.recurrences(_MENTIONS, _TEXT, WordIndex.of(_TEXT))
    assert [(m.text, m.start, m.source) for m in found] == [
        ("星海公司", 0, MentionSource.RECURRENCE),
        ("星海公司", 9, MentionSource.RECURRENCE),
        ("星海公司", 27, MentionSource.RECURRENCE),
    ]
    assert all(m.type is EntityType.ORG for m in found)


def test_every_chosen_name_spreads_to_its_free_recurrences_but_a_short_name_does_not() -> None:
    found = fusion.spread(_MENTIONS, _TEXT, WordIndex.of(_TEXT))
    assert [(m.text, m.start, m.source) for m in found] == [
        ("星海公司", 0, MentionSource.RULE),
        ("星海公司", 9, MentionSource.CONSISTENCY),
        ("王建国", 16, MentionSource.TAGGER),
        ("王建国", 21, MentionSource.CONSISTENCY),
        ("星海公司", 27, MentionSource.CONSISTENCY),
        ("美", 34, MentionSource.SHORT_NAME),  # 美 of 美方 and the last 美: no spreading
    ]
    assert fusion.spread([], _TEXT, WordIndex.of(_TEXT)) == []

