"""Names side by side that the tagger read as one: divisions (an address) and bodies (a list).

The tagger reads 某某县某某镇 or a list of bodies printed without its separators as one span;
the gazetteer and the organization grammar know each part. Such a span yields to its parts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.recognize.orgs import BRANCHES
from kg.model import EntityType, Mention, MentionSource

__all__ = ["split_addresses"]

_DIVISIONS = {MentionSource.GAZETTEER, MentionSource.ALIAS}
_BODIES = {MentionSource.GRAMMAR, MentionSource.GAZETTEER}
_BRANCH_HEADS = tuple(BRANCHES)


def split_addresses(candidates: Sequence[Mention], text: str, place_at: Callable[[int], int]) -> list[Mention]:
    """Drop a tagger span that is divisions side by side (汉寿西湖, 宁晋大曹庄), or bodies side by side.

    The tagger reads such an address whole, as a place or even a person; the gazetteer
    knows each of its parts, with codes. A list of bodies printed without its separators
    (某市电视台某省某剧团某区卫生局) is read whole too; the grammar knows each body, and each after
    the first names its own place and what it is before its head, as a body's full name does.
    Three bodies at least: two so named may be a group and its subsidiary (某集团某地某公司). A
    unit named after its subject (某会中国委员会, 某院台湾研究所: a place and a head) and a
    branch (某银行某地分行) are named after their body and stay in it.

    Args:
        place_at: the length of the place's name starting at an offset of ``text`` (0: none).
    """
    ends: dict[int, int] = {}
    bodies: dict[int, int] = {}
    for m in candidates:
        if m.type is EntityType.LOC and m.source in _DIVISIONS:
            ends[m.start] = max(m.end, ends.get(m.start, 0))  # 田阳区, not its short name 田阳
        elif m.type is EntityType.ORG and m.source in _BODIES and not m.text.endswith(_BRANCH_HEADS):
            bodies[m.start] = max(m.end, bodies.get(m.start, 0))
    suffixes = load_lexicon().org_suffixes  # longest first

    # The first part need only end with a head: a group's short name before its company's name
    # (某车|某地机车有限公司) is no body of its own.
    def own_body(start: int, end: int, first: bool) -> bool:
        head = next((len(s) for s in suffixes if text.endswith(s, start, end)), 0)
        return head > 0 and (first or 0 < place_at(start) < end - start - head)

    return [
        m for m in candidates
        if m.source != MentionSource.TAGGER
        or not (_tiled(m.start, m.end, ends) or m.type is EntityType.ORG and _tiled(m.start, m.end, bodies, own_body, least=3))
    ]


def _tiled(
    start: int, end: int, ends: dict[int, int], alone: Callable[[int, int, bool], bool] | None = None, *, least: int = 2
) -> bool:
    """``start:end`` is ``least`` or more of the spans ``ends`` maps, end to end (each one that ``alone``
    accepts, told whether it is the first, when given)."""
    pos, pieces = start, 0
    while pos < end and pos in ends and (alone is None or alone(pos, ends[pos], not pieces)):
        pos, pieces = ends[pos], pieces + 1
    return pos == end and pieces >= least
