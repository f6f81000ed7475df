"""Paper profiles: the home city and province a paper writes from."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from kg.resources import data_path

_MASTHEAD = re.compile(r"^(?:今日(?P<today>.{2,8})|(?P<place>.{2,8}?)(?:日报|晚报|晨报|都市报|商报|时报|新闻|报))$")


@dataclass(frozen=True)
class PaperProfile:
    """Where a paper is published; either part may be unknown."""

    name: str | None = None
    home_city: str | None = None
    province: str | None = None
    home_county: str | None = None  # a county paper's county (宜都市), inside home_city

    def homes(self) -> dict[str, str | None]:
        """The page metadata's fields of the paper's home: ``PageMeta(..., **profile.homes())``."""
        return {"home_city": self.home_city, "province": self.province, "home_county": self.home_county}


@functools.cache
def _profiles() -> dict[str, PaperProfile]:
    with data_path("papers.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    table: dict[str, PaperProfile] = {}
    for name, entry in raw.items():
        profile = PaperProfile(name, entry.get("home_city"), entry.get("province"), entry.get("home_county"))
        for key in [name, *entry.get("aliases", [])]:
            table[key] = profile
    return table


@functools.cache
def paper_profile(paper: str | None) -> PaperProfile:
    """Return the profile of ``paper``: from ``data/papers.toml``, else from its name.

    A name such as 宜昌日报 is profiled through the gazetteer: its prefix 宜昌 is a
    prefecture-level city of 湖北省. A county's paper (宜都报, 今日监利) has its county
    too. An unknown paper gets an empty profile.
    """
    if not paper:
        return PaperProfile()
    known = _profiles().get(paper)
    if known:
        return known
    match = _MASTHEAD.match(paper)
    if not match:
        return PaperProfile(paper)
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    prefix = match.group("today") or match.group("place")
    place = gaz.lookup_city_or_province(prefix)
    if place is None:
        county = gaz.lookup_county(prefix)
        if county is None or county.city is None:
            return PaperProfile(paper)
        return PaperProfile(paper, county.city, county.province, county.name)
    if place.level == "province":
        return PaperProfile(paper, None, place.name)
    return PaperProfile(paper, place.name, place.province)
