"""Resolve: canonical names, codes and affiliations, then one entity per real thing.

Resolution is keyed, not clustered: a mention's entity key is its type plus its
administrative code, else its canonical name (a township: its county's code and its
name). Canonical names come from the gazetteer (places), the abbreviation lexicon
(襄阳公安 → 襄阳市公安局, 市文旅局 → 襄阳市文化和旅游局) and the paper's home city.
Keys are therefore decided per article, and merging is a union over the build — linear
in the number of mentions, and the same whatever order the pages come in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from kg.entity_kinds import EntityKind
from kg.extract.gazetteer import Gazetteer, Place, home_division, load_gazetteer
from kg.extract.spans import revised
from kg.lang.chars import FAMILIAR_PREFIXES
from kg.lang.lexicons import deictics
from kg.model import Byline, Entity, EntityKey, EntityType, Mention, MentionSource, PageMeta


# Forms that point at a place without naming it (我市, 本县, 全省 …): never an alternate name.
DEICTIC = deictics()
_GOV_SUFFIXES = ("局", "厅", "委", "委员会", "政府", "法院", "检察院", "办公室", "分局", "支队", "大队")
# A body named by a bare level (市公安局, 区卫健局, 团市委), not a word that starts like one (市场, 市民).
_OWNERLESS = re.compile(r"团?[省市县区](?![场民域])")


def entity_key(mention: Mention) -> EntityKey:
    """The key of the entity a mention denotes.

    Places with a code are keyed by it; a township or village by its parent's key and
    its name; everything else by type and canonical name.
    """
    if mention.code:
        return EntityKey.of(mention.type, mention.code)
    name = mention.canonical or mention.text
    if mention.type is EntityType.LOC and mention.located_in:
        return mention.located_in.within(name)
    if mention.type is EntityType.ORG:
        return org_key(name, mention.article)
    return EntityKey.of(mention.type, name)


def org_key(name: str, article: str) -> EntityKey:
    """The key of the organization ``name`` mentioned in ``article``.

    A body named by a bare level whose city went unresolved (市公安局, 区卫健局) is every
    city's: it is keyed within its paper (``org/某某晚报/市公安局``), or, with no paper
    known, within its article, so that two cities' bodies never merge.
    """
    if not _OWNERLESS.match(name):
        return EntityKey.of(EntityType.ORG, name)
    parts = tuple(unquote(part) for part in article.split("/"))  # the article key's parts are escaped
    return EntityKey(EntityType.ORG, (*(parts[:1] if parts[0] != "unknown" else parts), name))


def resolve_mentions(mentions: Sequence[Mention], *, meta: PageMeta, text: str) -> tuple[Mention, ...]:
    """Give every mention of one article its canonical name, code and affiliation.

    Returns:
        New mentions, each with its entity key; the input is not modified.
    """
    gaz = load_gazetteer()
    out = [_canonical(m, meta, gaz) for m in mentions]
    return tuple(revised(m, entity=entity_key(m)) for m in _affiliate(_surnames_to_names(out), text))


def _surnames_to_names(mentions: list[Mention]) -> list[Mention]:
    """江主席's 江 is the one 江 the article names in full (江泽民); else it is dropped.

    A bare surname is no node of its own: with no full name of that surname in the
    article, or with two, nothing says who is meant. 老王 and 小李 are the surname's too.
    """
    names: dict[str, set[str]] = {}
    for m in mentions:
        if m.type is EntityType.PER and m.source != MentionSource.SURNAME and len(m.canonical or m.text) >= 2:
            name = m.canonical or m.text
            for surname in {name[:1], name[:2]}:  # 李 of 李明华; 欧阳 of 欧阳明
                names.setdefault(surname, set()).add(name)
    out = []
    for m in mentions:
        if m.source == MentionSource.SURNAME:
            full = names.get(_bare_surname(m.text), set())
            if len(full) != 1:
                continue
            m = revised(m, canonical=next(iter(full)))
        out.append(m)
    return out


def _bare_surname(text: str) -> str:
    """老王 → 王, 小欧阳 → 欧阳: the surname a familiar form of address is made of."""
    return text[1:] if len(text) >= 2 and text[0] in FAMILIAR_PREFIXES else text


# 老 and 小 before a surname address a person familiarly (neither is a surname of its own).


def _canonical(mention: Mention, meta: PageMeta, gaz: Gazetteer) -> Mention:
    if mention.canonical:
        return mention
    if mention.type is EntityType.PER:
        return revised(mention, canonical=mention.text)
    if mention.type is EntityType.LOC:
        place = _place(mention.text, meta, gaz)
        if place is None:
            return revised(mention, canonical=mention.text)
        parent = gaz.parent_of(place)
        return revised(
            mention,
            canonical=place.name,
            code=place.code,
            located_in=EntityKey.of(EntityType.LOC, parent.code) if parent and parent.code else None,
        )
    return revised(mention, canonical=_org_name(mention.text, meta, gaz))


def home_places(meta: PageMeta) -> tuple[tuple[str, Entity], ...]:
    """The paper's homes as place entities, by role: ``city``, ``province``, ``county``.

    A municipality (北京市) is both city and province: one entity in two roles.
    """
    gaz = load_gazetteer()
    out = []
    for role, name in (("city", meta.home_city), ("province", meta.province), ("county", meta.home_county)):
        place = home_division(name, gaz, meta)
        if place is not None and place.code:
            parent = gaz.parent_of(place)
            out.append((role, Entity(EntityKey.of(EntityType.LOC, place.code), EntityType.LOC, place.name,
                                     code=place.code, parent=_code_key(parent), kind=_DIVISION)))
    return tuple(out)


def _code_key(place: Place | None) -> EntityKey | None:
    return EntityKey.of(EntityType.LOC, place.code) if place is not None and place.code else None


def _place(name: str, meta: PageMeta, gaz: Gazetteer) -> Place | None:
    """The division a place name denotes; a county's short name only near home.

    新建 and 大方 are counties' short names somewhere in China, and ordinary words or
    local sites elsewhere: a county is taken by its short name only in the paper's
    own province (or when the paper's home is unknown and the full name is used).
    """
    if name in gaz.countries:
        return gaz.countries[name]
    candidates = gaz.places(name)
    if not candidates:
        candidates = [
            p for p in gaz.by_alias.get(name, [])
            if p.level != "county" or (meta.province is not None and p.province == meta.province)
        ]
    return gaz.choose(candidates, city=meta.home_city, province=meta.province)


def _org_name(name: str, meta: PageMeta, gaz: Gazetteer) -> str:
    """襄阳公安局 → 襄阳市公安局: a government body is named with its owner's full name."""
    if not name.endswith(_GOV_SUFFIXES):
        return name
    if any(gaz.places(name[:length]) for length in range(3, 8)):
        return name  # 长沙县检察院: a county's full name (not 长沙's, the city's short name)
    for length in (3, 2):
        owner = gaz.lookup_city_or_province(name[:length])
        if owner and name[:length] != owner.name and not name.startswith(owner.name):
            return owner.name + name[length:]
    return name


def _affiliate(mentions: list[Mention], text: str) -> list[Mention]:
    """院长X right after an organization: X works for it (某某法院院长张三)."""
    by_end = {m.end: m for m in mentions if m.type is EntityType.ORG}
    out = []
    for m in mentions:
        if m.type is EntityType.PER and m.job_title and not m.works_for:
            title_at = text.rfind(m.job_title, max(0, m.start - len(m.job_title) - 3), m.start)
            org = by_end.get(title_at) if title_at >= 0 else None
            if org is not None:
                m = revised(m, works_for=org.canonical or org.text)
        out.append(m)
    return out


@dataclass
class _Acc:
    type: EntityType
    name: str
    aliases: set[str] = field(default_factory=set)
    code: str | None = None
    parent: EntityKey | None = None
    job_titles: set[str] = field(default_factory=set)
    works_for: set[EntityKey] = field(default_factory=set)
    count: int = 0
    kinds: Counter[tuple[int, EntityKind]] = field(default_factory=Counter)  # (source's rank, kind) → mentions


def resolve_entities(mentions: Iterable[Mention], *, bylines: Iterable[Byline] = ()) -> tuple[Entity, ...]:
    """Merge mentions into entities: one per key, with every form seen as an alias.

    Places also bring their containing divisions up to the province, so that
    ``schema:containedInPlace`` always leads to a node. The persons credited in
    ``bylines`` are entities too, whether or not the text also names them.
    """
    acc: dict[EntityKey, _Acc] = {}
    for byline in bylines:
        acc.setdefault(EntityKey.of(EntityType.PER, byline.name), _Acc(EntityType.PER, byline.name))
    for m in mentions:
        key = m.entity or entity_key(m)
        entry = acc.get(key)
        if entry is None:
            entry = acc[key] = _Acc(m.type, m.canonical or m.text, code=m.code)
        entry.count += 1
        if m.text != entry.name and m.text not in DEICTIC and m.source != MentionSource.SURNAME:
            entry.aliases.add(m.text)
        entry.parent = entry.parent or m.located_in
        if m.job_title:
            entry.job_titles.add(m.job_title)
        if m.works_for:
            entry.works_for.add(org_key(m.works_for, m.article))
        if m.kind is not None and m.kind.base is entry.type:
            entry.kinds[(_SOURCE_RANK[m.source], m.kind)] += 1
    _add_ancestors(acc, load_gazetteer())
    return tuple(_entity(key, entry) for key, entry in sorted(acc.items()))


def _add_ancestors(acc: dict[EntityKey, _Acc], gaz: Gazetteer) -> None:
    pending = [e.parent for e in acc.values() if e.parent]
    while pending:
        key = pending.pop()
        if key in acc or key.type is not EntityType.LOC:
            continue
        code, *town = key.path
        if town:  # a township a village lies in, though the township went unnamed
            place = gaz.towns.get(code, {}).get(town[0]) if len(town) == 1 else None
            if place is not None:
                acc[key] = _Acc(EntityType.LOC, place.name, parent=EntityKey.of(EntityType.LOC, code))
                pending.append(EntityKey.of(EntityType.LOC, code))
            continue
        place = gaz.by_code.get(code)
        if place is None:
            continue
        entry = acc[key] = _Acc(EntityType.LOC, place.name, code=place.code)
        entry.parent = _code_key(gaz.parent_of(place))
        if entry.parent is not None:
            pending.append(entry.parent)


def _entity(key: EntityKey, entry: _Acc) -> Entity:
    located = entry.parent if entry.type is EntityType.ORG else None
    return Entity(
        key=key,
        type=entry.type,
        name=entry.name,
        aliases=tuple(sorted(entry.aliases)),
        code=entry.code,
        parent=entry.parent if entry.type is EntityType.LOC else None,
        job_titles=tuple(sorted(entry.job_titles)),
        works_for=tuple(sorted(entry.works_for)),
        located_in=located,
        mention_count=entry.count,
        kind=_kind(entry),
    )


# Sources in MentionSource's order, most reliable first: a rule's kind outweighs the tagger's.
_SOURCE_RANK = {source: rank for rank, source in enumerate(MentionSource)}
# A division of the gazetteer (it has a code); countries have none.
_DIVISION = EntityKind.ADMINISTRATIVE_AREA
# Kinds in EntityKind's order, which breaks a tie of votes (an enum's list is slow to make per entity).
_KIND_ORDER = {kind: index for index, kind in enumerate(EntityKind)}


def _kind(entry: _Acc) -> EntityKind | None:
    """The kind the most reliable source gives, the one most of its mentions give if they differ.

    A place with an administrative code that no mention gave a kind is a division.
    """
    if not entry.kinds:
        return _DIVISION if entry.type is EntityType.LOC and entry.code else None
    best = min(rank for rank, _ in entry.kinds)
    votes = [(-n, _KIND_ORDER[kind], kind) for (rank, kind), n in entry.kinds.items() if rank == best]
    return min(votes)[2]
