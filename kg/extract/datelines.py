"""The dateline as data: where and when a story was written, and whose copy it is.

新华社北京1月8日电 says that the story was written in Beijing on 8 January by Xinhua, and
printed by the paper that reprints it. :func:`dateline_created` turns the dateline the
reading stage parsed (:class:`~kg.model.Dateline`) into a :class:`~kg.model.Created`:

- the place resolves as a mention of the same name would (:mod:`kg.extract.resolve`): the
  same key, so one node (杭州 → 杭州市 with its code; 华盛顿, which the gazetteer lacks,
  by its name);
- the date is normalized against the issue date and is never later than it: copy is
  written before it is printed (12月31日 in an issue of 2 January is the year before);
- an outlet other than the paper itself (新华社, 中新社, 人民网, another paper) is the
  story's source, by the full name the national-bodies lexicon gives it (新华社 →
  新华通讯社), else as printed. 本报, 本台 … and the paper's own name are the paper's own
  copy: no source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kg.extract.gazetteer import load_gazetteer, place_key
from kg.extract.recognize.lexicon import load_lexicon
from kg.extract.resolve import resolve_entities, resolve_mentions
from kg.extract.timex import find_times
from kg.lang.lexicons import byline_words
from kg.model import Created, Dateline, Entity, EntityKey, EntityType, Mention, MentionSource, PageMeta



def dateline_created(dateline: Dateline | None, *, meta: PageMeta, key: str = "") -> Created | None:
    """What an article's dateline states as data.

    Args:
        dateline: the dateline as the reading stage parsed it, if the article has one.
        meta: the page's metadata: the issue date anchors the dateline's date, the
            paper's name and homes decide its own copy and ambiguous places.
        key: the article's key (kept on the place's provisional mention).

    Returns:
        The place, date and sources, or None when the dateline states none of them
        (本报讯).
    """
    if dateline is None or not dateline.text:
        return None
    place, within = dateline_place(dateline.place, meta=meta, key=key) if dateline.place else (None, ())
    date = dateline_date(dateline.date_text, issue_date=meta.date) if dateline.date_text else None
    sources = tuple(
        source_organization(outlet) for outlet in _outlets(dateline) if not is_own_outlet(outlet, paper=meta.paper)
    )
    if place is None and date is None and not sources:
        return None
    return Created(place, date, tuple(dict.fromkeys(sources)), within)


def _outlets(dateline: Dateline) -> tuple[str, ...]:
    """The outlets a dateline names: several where they are joined (沈阳晚报、沈阳网讯)."""
    outlets = getattr(dateline, "outlets", ())  # the grammar may give them one by one
    return tuple(outlets) or ((dateline.agency,) if dateline.agency else ())


def is_own_outlet(outlet: str, *, paper: str | None) -> bool:
    """本报, 本台 … or the paper's own name: the paper's own copy, not another outlet's."""
    outlet = outlet.strip()
    # The outlet's word for itself (bylines.txt [own]: 本报, 本台 …) names the paper printing it.
    return outlet.startswith(byline_words("own")) or (paper is not None and outlet == paper.strip())


def source_organization(outlet: str) -> Entity:
    """The organization an outlet as printed stands for: 新华社 → 新华通讯社, else itself.

    The printed short form is the node's alternate name, as a mention of it would make it.
    """
    outlet = outlet.strip()
    name = load_lexicon().national.get(outlet, outlet)
    aliases = (outlet,) if outlet != name else ()
    return Entity(EntityKey.of(EntityType.ORG, name), EntityType.ORG, name, aliases=aliases)


def dateline_place(name: str, *, meta: PageMeta, key: str = "") -> tuple[Entity | None, tuple[Entity, ...]]:
    """The place a dateline names, and the divisions containing it up to the province.

    The name is resolved as a place mention of it would be, so that both are one node;
    a township of the paper's own city is found by its name too (鸦鹊岭, 鸦鹊岭镇).

    Returns:
        The place (None for an empty name) and its containing divisions.
    """
    name = name.strip()
    if not name:
        return None, ()
    mention = Mention(key, 0, len(name), name, EntityType.LOC, MentionSource.GAZETTEER)
    (resolved,) = resolve_mentions([_home_town(mention, meta) or mention], meta=meta, text=name)
    # The short form printed (北京 of 北京市) is an alternate name, as a mention's would be;
    # pruning keeps the forms a dateline prints (kg.graph.prune). No mention is counted.
    entities = [dataclasses.replace(e, mention_count=0) for e in resolve_entities([resolved])]
    place = next(e for e in entities if e.key == resolved.entity)
    return place, tuple(e for e in entities if e.key != resolved.entity)


def _home_town(mention: Mention, meta: PageMeta) -> Mention | None:
    """The mention as a township of the paper's home city, when exactly one bears its name."""
    gaz = load_gazetteer()
    city = next((p for p in gaz.places(meta.home_city or "") if p.code), None)
    if city is None or gaz.places(mention.text) or mention.text in gaz.by_alias or mention.text in gaz.countries:
        return None  # a division's name is the division's, as for a mention
    towns = {
        town for county in gaz.children.get(city.code or "", ())
        if (town := gaz.town(county.code or "", mention.text)) is not None
    }
    if len(towns) != 1:
        return None
    town = towns.pop()
    county = gaz.by_code.get(town.parent or "")
    located = place_key(county) if county is not None else None
    return dataclasses.replace(mention, canonical=town.name, located_in=located)


def dateline_date(text: str, *, issue_date: str | None) -> str | None:
    """A dateline's date (1月8日, 8日) as an ISO date, never after the issue date.

    Args:
        text: the date as printed.
        issue_date: the issue's ISO date; without it only a date with its year resolves.

    Returns:
        The day, or None when the text gives no day that can be placed.
    """
    days = [t for t in find_times(text, issue_date=issue_date) if t.granularity == "day"]
    if not days:
        return None
    day = dt.date.fromisoformat(days[0].start)
    issue = _iso_date(issue_date)
    if issue is None or day <= issue or "年" in text:
        return day.isoformat()
    earlier = _earlier(day, by_month="月" not in text)
    return earlier.isoformat() if earlier is not None else None


def _earlier(day: dt.date, *, by_month: bool) -> dt.date | None:
    """The same day a year earlier (12月31日), or a month earlier for a bare day (31日)."""
    for back in (1, 2) if by_month else (12,):
        year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
        try:
            return dt.date(year, month + 1, day.day)
        except ValueError:  # 31日 after a 30-day month, 2月29日 of a common year
            continue
    return None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


__all__ = ["dateline_created", "dateline_date", "dateline_place", "is_own_outlet", "source_organization"]
