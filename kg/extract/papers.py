"""Paper profiles: the home city and province a paper writes from."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.model import PageMeta
from kg.package_data import data_path

if TYPE_CHECKING:
    from kg.extract.gazetteer import Gazetteer

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


def text_meta(paper: str | None, *, source: str = "-") -> PageMeta:
    """The metadata of plain text from ``paper`` (``kg ner``, ``kg evaluate``): its homes, no date."""
    return PageMeta(source=source, paper=paper, **paper_profile(paper).homes())


@functools.cache
def paper_profile(paper: str | None) -> PaperProfile:
    """Return the profile of ``paper``: from ``data/papers.toml``, else from its name.

    A name such as 温州日报 is profiled through the gazetteer: its prefix 温州 is a
    prefecture-level city of 浙江省. A county's paper (宜都报, 海淀报) has its county too,
    unless the county's short name is also a word of mastheads (东方早报, 平安时报: no
    profile). An unknown paper gets an empty profile.
    """
    if not paper:
        return PaperProfile()
    known = _profiles().get(paper)
    if known:
        return known
    match = _MASTHEAD.match(paper)
    if not match:
        return PaperProfile(paper)
    from kg.extract.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    prefix = match.group("today") or match.group("place")
    place = gaz.lookup_city_or_province(prefix)
    if place is None:
        county = gaz.lookup_county(prefix) if _place_word(prefix, gaz) else None
        if county is None:
            return PaperProfile(paper)
        return PaperProfile(paper, county.city or _municipality(county.province), county.province, county.name)
    if place.level == "province":
        return PaperProfile(paper, _municipality(place.name), place.name)
    return PaperProfile(paper, place.name, place.province)


def _place_word(prefix: str, gaz: Gazetteer) -> bool:
    """A county's full name, or a short one that is not also a word mastheads use (东方, 平安)."""
    return bool(gaz.places(prefix)) or prefix not in _MASTHEAD_WORDS


# Words of newspapers' names that are also counties' short names: 东方早报 is Shanghai's,
# not 东方市's; 平安时报 and 人民公安报 are police papers; 前进报 and 解放日报 the army's and
# the Party's.
_MASTHEAD_WORDS = frozenset("平安 光明 解放 红旗 清新 前进 东方 新民 友谊 公安 振兴 太平".split())


def _municipality(province: str | None) -> str | None:
    """北京市, 重庆市: a municipality is its own city (its districts and counties lie in it)."""
    return province if province and province.endswith("市") else None
