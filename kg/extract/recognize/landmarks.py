"""Well-known landmarks and sites by the names news gives them, most without a head (外滩, 红场, 兵马俑).

The names are those of ``data/lexicons/landmarks.tsv``, each with its kind (a Square, a Park, a
landmark …). A name that is an ordinary word or another thing's too (鸟巢, 断桥, 长城) counts only
with a travel or place word near it in its sentence (游览, 景区, 抵达, 在……举行).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import KeyScanner
from kg.extract.recognize.lexicon import foreign_context
from kg.extract.spans import SpanIndex
from kg.lang.chars import SENTENCE_ENDS
from kg.lang.lexicons import event_words, rows
from kg.lang.words import WordIndex, at_boundary
from kg.model import EntityType, Mention, MentionSource

__all__ = ["Landmark", "find_landmarks", "landmarks"]

_TABLE = "landmarks.tsv"
_CUE_KIND = "cue"  # a row of the table that is a cue word, not a name
# How far from a name a cue may stand: a clause's reach (来到了上海的外滩, 鸟巢内举行).
_CUE_REACH = 10
_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_ENDS)}]")


@dataclass(frozen=True)
class Landmark:
    """One name of the lexicon: its kind, its canonical name, whether it needs a cue."""

    kind: EntityKind
    canonical: str
    needs_cue: bool


@functools.cache
def landmarks() -> dict[str, Landmark]:
    """The landmarks of ``landmarks.tsv`` by name."""
    return {
        name: Landmark(EntityKind(kind), canonical or name, needs == "cue")
        for name, kind, canonical, needs in rows(_TABLE, 4)
        if kind != _CUE_KIND
    }


@functools.cache
def _cue_words() -> tuple[str, ...]:
    """The travel words of the table and the place and venue words of the other lexicons, longest first."""
    own = {name for name, kind in rows(_TABLE, 2) if kind == _CUE_KIND}
    others = foreign_context("place_before") | event_words("visits") | event_words("held_verbs")
    return tuple(sorted(own | others, key=len, reverse=True))


@functools.cache
def _scanner() -> KeyScanner:
    return KeyScanner(landmarks())


def _cued(text: str, start: int, end: int) -> bool:
    """A travel or place word stands near ``start:end`` in its sentence (游客来到鸟巢, 在鸟巢举行)."""
    before = _SENTENCE_END.split(text[max(0, start - _CUE_REACH) : start])[-1]
    after = _SENTENCE_END.split(text[end : end + _CUE_REACH])[0]
    window = f"{before}|{after}"  # the bar: no cue read across the name
    return any(word in window for word in _cue_words())


def find_landmarks(key: str, text: str, words: WordIndex, candidates: Sequence[Mention]) -> list[Mention]:
    """Places of the landmark lexicon in ``text``, each with its kind.

    A name counts where it starts and ends at word boundaries, outside every longer name
    already found (天安门广场 holds 天安门) and every organization's (故宫博物院, 长城汽车).

    Args:
        candidates: the mentions found so far.
    """
    hits = _scanner().find(text)
    if not hits:  # most texts name none: the indexes of the candidates below are not built for them
        return []
    held = SpanIndex((m.start, m.end) for m in candidates)
    org_spans = [(m.start, m.end) for m in candidates if m.type is EntityType.ORG]
    orgs, org_set = SpanIndex(org_spans), set(org_spans)
    names = landmarks()
    out = []
    for start, end, name in hits:
        if not (at_boundary(text, start, words) and at_boundary(text, end, words)):
            continue  # 鸟巢 in 鸟巢穴, 外滩 in a longer word of the segmenter's
        if held.holds_longer(start, end) or orgs.holds_longer(start, end) or (start, end) in org_set:
            continue
        mark = names[name]
        if mark.needs_cue and not _cued(text, start, end):
            continue
        out.append(Mention(
            key, start, end, name, EntityType.LOC, MentionSource.GAZETTEER, canonical=mark.canonical, kind=mark.kind,
        ))
    return out
