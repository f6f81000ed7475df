"""The finer class of an organization from its name's head: 某某市中心医院 is a Hospital.

The heads and their classes are ``data/lexicons/org_kinds.tsv``; the longest ending of a
name that the table knows decides, so 市场监督管理局 is a government body (局), not a
market, and 足球俱乐部 a sports team where 俱乐部 alone is no class kg knows.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator

from kg.entity_kinds import EntityKind
from kg.extract.spans import revised
from kg.lang.lexicons import rows
from kg.model import EntityType, Mention

__all__ = ["kind_of", "with_kinds"]

_NONE = "-"  # a head of no class: stops a shorter ending from deciding


@dataclasses.dataclass(frozen=True)
class _Table:
    endings: dict[str, EntityKind | None]
    starts: tuple[tuple[str, EntityKind], ...]  # longest first
    longest: int


@functools.cache
def _table() -> _Table:
    endings: dict[str, EntityKind | None] = {}
    starts: list[tuple[str, EntityKind]] = []
    for affix, kind, at in rows("org_kinds.tsv", 3):
        value = None if kind == _NONE else EntityKind(kind)
        if at == "start":
            if value is None:
                raise ValueError(f"org_kinds.tsv: a start affix needs a kind: {affix}")
            starts.append((affix, value))
        else:
            endings[affix] = value
    starts.sort(key=lambda item: len(item[0]), reverse=True)
    return _Table(endings, tuple(starts), max(map(len, endings), default=0))


def kind_of(name: str) -> EntityKind | None:
    """The class an organization's name says it is, or None when its head tells none.

    Args:
        name: the organization's name, its full form where known (中共某某市委宣传部
            rather than 市委宣传部).
    """
    table = _table()
    kind = None
    for length in range(min(len(name), table.longest), 0, -1):
        if name[-length:] in table.endings:
            kind = table.endings[name[-length:]]
            break
    if kind is None or kind is EntityKind.GOVERNMENT:
        # 中共某某市委宣传部: a department of the Party's, though 部 ends a ministry's name too.
        for affix, start_kind in table.starts:
            if name.startswith(affix):
                return start_kind
    return kind


def with_kinds(mentions: Iterable[Mention]) -> Iterator[Mention]:
    """The mentions, each organization without a kind given the one its name says."""
    for m in mentions:
        if m.type is EntityType.ORG and m.kind is None:
            kind = (m.canonical and kind_of(m.canonical)) or kind_of(m.text)
            if kind is not None:
                m = revised(m, kind=kind)
        yield m
