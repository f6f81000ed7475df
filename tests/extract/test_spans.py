"""The sorted-span indexes answer as the pair-by-pair scans they replace (issue 20)."""

from __future__ import annotations

import dataclasses
import pickle
import random

import pytest

from kg.entity_kinds import EntityKind
from kg.extract.spans import Antecedents, Edges, LatestMarked, SpanIndex, revised
from kg.model import EntityKey, EntityType, Mention, MentionSource


def _spans(rnd: random.Random, n: int) -> list[tuple[int, int]]:
    return [(s, s + rnd.randint(1, 6)) for s in (rnd.randint(0, 60) for _ in range(n))]


def test_span_index_answers_as_a_scan_does() -> None:
    rnd = random.Random(20)
    for _ in range(300):
        spans = _spans(rnd, rnd.randint(0, 12))
        index = SpanIndex(spans)
        for start, end in _spans(rnd, 10):
            assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)
            assert index.has_inside(start, end) == any(start <= s and e <= end for s, e in spans)
            assert index.holds_longer(start, end) == any(
                s <= start and end <= e and e - s > end - start for s, e in spans
            )
            assert index.covers(start) == any(s <= start < e for s, e in spans)


def test_edges_and_latest_marked() -> None:
    edges = Edges.of([(2, 4), (7, 9)])
    assert 4 in edges.ends and 7 in edges.starts and 2 not in edges.ends
    latest = LatestMarked(10)
    assert latest.below(10) == -1
    for number in (3, 7, 1):
        latest.mark(number)
    assert [latest.below(k) for k in (0, 2, 4, 7, 8, 10)] == [-1, 1, 3, 3, 7, 7]


def test_antecedents_answer_as_a_scan_does() -> None:
    rnd = random.Random(7)
    for _ in range(200):
        starts = sorted(rnd.sample(range(100), rnd.randint(0, 12)))
        kinds = [rnd.choice("ab") for _ in starts]
        marked: set[int] = set()
        index = Antecedents(starts, kinds)
        for _ in range(12):
            if starts and rnd.random() < 0.3:
                number = rnd.randrange(len(starts))
                marked.add(number)
                index.mark(number)
            pos, kind, any_kind = rnd.randint(0, 101), rnd.choice("ab"), rnd.random() < 0.5
            before = [i for i, s in enumerate(starts) if s < pos]
            same = [i for i in before if kinds[i] == kind] or (before if any_kind else [])
            held = [i for i in same if i in marked]
            assert index.latest(pos, kind, any_kind=any_kind) == ((held or same)[-1] if same else None)


def test_a_revised_mention_is_the_one_replace_makes() -> None:
    mention = Mention("a/1", 3, 6, "北京市", EntityType.LOC, MentionSource.GAZETTEER, canonical="北京市", code="110000")
    changes = [
        {"entity": EntityKey.of(EntityType.LOC, "110000")},
        {"start": 10, "end": 13, "source": MentionSource.RECURRENCE},
        {"kind": EntityKind.COUNTRY, "canonical": None},
        {},
    ]
    for change in changes:
        made, expected = revised(mention, **change), dataclasses.replace(mention, **change)
        assert made == expected and hash(made) == hash(expected) and type(made) is Mention
        assert pickle.dumps(made) == pickle.dumps(expected)  # the same fields, in the same order
        assert made is not mention and mention.start == 3 and mention.entity is None  # the original untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        revised(mention, code="x").code = "y"  # type: ignore[misc]
    with pytest.raises(TypeError, match="nickname"):
        revised(mention, nickname="京")


def test_mentions_have_no_post_init_for_revised_to_skip() -> None:
    assert not hasattr(Mention, "__post_init__") and not hasattr(Mention, "__slots__")
