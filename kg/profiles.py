"""Paper profiles: the home city and province a paper writes from."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from kg.resources import data_path

_MASTHEAD = re.compile(r"^(.{2,8}?)(?:日报|晚报|晨报|都市报|商报|时报|新闻|报)$")


@dataclass(frozen=True)
class PaperProfile:
    """Where a paper is published; either part may be unknown."""

    name: str | None = None
    home_city: str | None = None
    province: str | None = None


@functools.cache
def _profiles() -> dict[str, PaperProfile]:
    with data_path("papers.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    table: dict[str, PaperProfile] = {}
    for name, entry in raw.items():
        profile = PaperProfile(name, entry.get("home_city"), entry.get("province"))
        for key in [name, *entry.get("aliases", [])]:
            table[key] = profile
    return table


@functools.cache
def paper_profile(paper: str | None) -> PaperProfile:
    """Return the profile of ``paper``: from ``data/papers.toml``, else from its name.

    A name such as 宜昌日报 is profiled through the gazetteer: its prefix 宜昌 is a
    prefecture-level city of 湖北省. An unknown paper gets an empty profile.
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

    place = load_gazetteer().lookup_city_or_province(match.group(1))
    if place is None:
        return PaperProfile(paper)
    if place.level == "province":
        return PaperProfile(paper, None, place.name)
    return PaperProfile(paper, place.name, place.province)
