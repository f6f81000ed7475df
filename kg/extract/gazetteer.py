"""The administrative-division gazetteer of China, from jionlp's dictionary.

Provinces, prefecture-level cities and counties carry their 6-digit administrative
codes; townships (镇 乡 街道) are known by name under their county, without codes.
Countries come from jionlp's world list. The data ships with jionlp
(``jionlp/dictionary/china_location.txt`` and ``world_location.txt``); its rows are compiled
once into kg's cache (:mod:`kg.lang.cache`: 0.03 s to read back, against 0.25 s to parse), and a
county's townships are made the first time a page asks for them.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ahocorasick_rs import AhoCorasick, MatchKind

from kg.errors import ModelError
from kg.lang.cache import cached
from kg.model import EntityKey, EntityType, PageMeta

TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "苏木")
_LEVELS = ("province", "city", "county", "town")
# Aliases that are also common words; they count as places only beside another place.
_RISKY_ALIAS_LEVELS = {"county"}
# Divisions whose official name is a common noun (山西 阳泉 城区, …): never matched.
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "新区", "市辖区", "开发区", "高新区", "市区"})


@dataclass(frozen=True)
class Place:
    """One administrative division."""

    name: str
    level: str  # province / city / county / town / country
    code: str | None = None
    parent: str | None = None  # code of the containing division (county for towns)
    province: str | None = None  # name of the province it lies in
    city: str | None = None  # name of the prefecture-level city it lies in
    alias: str | None = None


# Beyond this many key × character steps, building an automaton costs less than a search per key.
_FIND_ONCE_STEPS = 200_000


class KeyScanner:
    """Leftmost-longest scan of a text for a fixed set of keys (Aho-Corasick, in Rust)."""

    def __init__(self, keys: Iterable[str]):
        self.keys = tuple(sorted({k for k in keys if len(k) >= 2}))
        self._automaton = AhoCorasick(self.keys, matchkind=MatchKind.LeftmostLongest)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, key)`` of each match, non-overlapping, in order."""
        keys = self.keys
        return [(s, e, keys[i]) for i, s, e in self._automaton.find_matches_as_indexes(text)]

    @staticmethod
    def find_once(keys: Iterable[str], text: str) -> list[tuple[int, int, str]]:
        """What ``KeyScanner(keys).find(text)`` finds, without building an automaton for a few keys.

        An article's own names, found again where they recur, are a few keys for one short text:
        a search per key costs a tenth of the automaton's build there.
        """
        wanted = {k for k in keys if len(k) >= 2}
        if len(wanted) * len(text) > _FIND_ONCE_STEPS:
            return KeyScanner(wanted).find(text)
        hits = []  # every occurrence, overlapping ones too, longest first at a start
        for key in wanted:
            at = text.find(key)
            while at >= 0:
                hits.append((at, -len(key), key))
                at = text.find(key, at + 1)
        hits.sort()
        found, pos = [], 0
        for start, minus_len, key in hits:
            if start >= pos:  # leftmost, then longest; the next match starts past this one
                pos = start - minus_len
                found.append((start, pos, key))
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeyScanner) and other.keys == self.keys

    __hash__ = None  # type: ignore[assignment]  # equal by keys, and mutable in no way that matters


class Towns(Mapping[str, dict[str, Place]]):
    """Townships by their county's code: name (full or short) → township.

    A county's townships are made the first time they are asked for: the country has 43,000,
    and a page names those of a few counties.
    """

    def __init__(self, groups: dict[str, list[list[str | None]]] | None = None):
        self._groups = groups or {}  # as :func:`_compile` stores them
        self._made: dict[str, dict[str, Place]] = {}

    def __getitem__(self, code: str) -> dict[str, Place]:
        made = self._made.get(code)
        if made is None:
            made = self._made[code] = _county_towns(code, self._groups[code])
        return made

    def __contains__(self, code: object) -> bool:
        return code in self._groups

    def __iter__(self) -> Iterator[str]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)


@dataclass
class Gazetteer:
    """Lookup tables over the divisions; build it with :func:`load_gazetteer`."""

    by_code: dict[str, Place] = field(default_factory=dict)
    by_name: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    by_alias: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    towns: Towns = field(default_factory=Towns)
    countries: dict[str, Place] = field(default_factory=dict)
    scanner: KeyScanner = field(default_factory=lambda: KeyScanner(()))
    county_scanner: KeyScanner = field(default_factory=lambda: KeyScanner(()))
    county_aliases: dict[str, list[Place]] = field(default_factory=dict)
    children: dict[str, list[Place]] = field(default_factory=dict)  # parent's code → divisions under it

    def places(self, name: str) -> list[Place]:
        """All divisions whose full name is ``name``."""
        return self.by_name.get(name, [])

    def lookup_county(self, name: str) -> Place | None:
        """The unique county, district or county-level city called ``name`` (full or short)."""
        found = [p for p in self.by_name.get(name, []) + self.county_aliases.get(name, []) if p.level == "county"]
        return found[0] if len({p.code for p in found}) == 1 else None

    def lookup_city_or_province(self, name: str) -> Place | None:
        """The unique province or prefecture-level city called ``name`` (full or short)."""
        found = [p for p in self.by_name.get(name, []) + self.by_alias.get(name, []) if p.level in ("province", "city")]
        return found[0] if len({p.code for p in found}) == 1 else None

    def choose(self, candidates: list[Place], *, city: str | None = None, province: str | None = None) -> Place | None:
        """Pick one of several same-named divisions, preferring the paper's home.

        Returns None when the choice stays ambiguous.
        """
        unique = {p.code or p.name: p for p in candidates}
        if len(unique) == 1:
            return next(iter(unique.values()))
        for attr, want in (("city", city), ("province", province)):
            if want:
                local = [p for p in unique.values() if getattr(p, attr) == want or p.name == want]
                if len(local) == 1:
                    return local[0]
        return None

    def town(self, county_code: str, name: str) -> Place | None:
        """The township ``name`` (with or without its suffix) under a county."""
        return self.towns.get(county_code, {}).get(name)

    def parent_of(self, place: Place) -> Place | None:
        return self.by_code.get(place.parent) if place.parent else None

    def chain(self, place: Place) -> list[Place]:
        """The place and its ancestors up to the province."""
        out = [place]
        while (parent := self.parent_of(out[-1])) is not None:
            out.append(parent)
        return out

    def place_at(self, text: str, at: int) -> int:
        """The length of the longest country, or division by its full name or a short name above the
        county, starting at ``at`` (0: none)."""
        for size in (4, 3, 2):
            name = text[at : at + size]
            if len(name) == size and (name in self.by_name or name in self.countries or any(
                p.level not in _RISKY_ALIAS_LEVELS for p in self.by_alias.get(name, ())
            )):
                return size
        return 0

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Longest-match scan of ``text`` for full names and safe aliases."""
        return self.scanner.find(text)

    def _index(self) -> None:
        keys = set(self.by_name) | set(self.countries)
        keys |= {a for a, ps in self.by_alias.items() if any(p.level not in _RISKY_ALIAS_LEVELS for p in ps)}
        self.scanner = KeyScanner(keys)
        counties: dict[str, list[Place]] = defaultdict(list)
        for alias, places in self.by_alias.items():
            for place in places:
                if place.level == "county" and alias not in self.by_name:
                    counties[alias].append(place)
        self.county_aliases = dict(counties)
        self.county_scanner = KeyScanner(counties)
        children: dict[str, list[Place]] = defaultdict(list)
        for place in self.by_code.values():
            if place.parent:
                children[place.parent].append(place)
        self.children = dict(children)


def _jionlp_dictionary() -> Path:
    """jionlp's data folder, found without importing jionlp (slow, and noisy on stdout)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or spec.origin is None:
        raise ModelError("jionlp is not installed: its gazetteer is needed")
    return Path(spec.origin).parent / "dictionary"


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, once per process, from jionlp's dictionary files compiled once (:mod:`kg.lang.cache`).

    Raises:
        ModelError: jionlp or its dictionary files are missing.
    """
    china, world = _dictionary_source("china_location"), _dictionary_source("world_location")
    tables = cached("gazetteer", lambda: _compile(china, world), sources=(china, world, Path(__file__)))
    return _assemble(tables)


def _dictionary_source(name: str) -> Path:
    """One of jionlp's dictionary files: ``NAME.txt``, else the ``NAME.zip`` it ships.

    jionlp ships some of them zipped and unzips them into its own folder on first use; kg
    reads the zip itself rather than depend on that (or on being allowed to write there).
    """
    folder = _jionlp_dictionary()
    for path in (folder / f"{name}.txt", folder / f"{name}.zip"):
        if path.is_file():
            return path
    raise ModelError(f"jionlp's {name} dictionary is missing", source=str(folder))


@contextlib.contextmanager
def _open_source(path: Path) -> Iterator[TextIO]:
    """A dictionary file as text, from inside its zip when it is one."""
    if path.suffix != ".zip":
        with path.open(encoding="utf-8") as fh:
            yield fh
        return
    with zipfile.ZipFile(path) as zf, zf.open(f"{path.stem}.txt") as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8")


def _compile(china: Path, world: Path) -> dict[str, Any]:
    """The gazetteer's rows as builtins (what :func:`_assemble` takes), from the dictionary files.

    ``divisions``: the fields of each division, in file order; ``towns``: county code → groups of
    ``[province, city, names joined by line breaks]``; ``countries``: ``(short, full)`` names.
    """
    tables: dict[str, Any] = {"divisions": [], "towns": {}, "countries": []}
    with _open_source(china) as fh:
        _read_china(tables, fh)
    with _open_source(world) as fh:
        _read_world(tables, fh)
    return tables


def _assemble(tables: dict[str, Any]) -> Gazetteer:
    """The lookup tables over the compiled rows."""
    gaz = Gazetteer()
    for row in tables["divisions"]:
        place = Place(*row)
        gaz.by_code[place.code] = place
        gaz.by_name[place.name].append(place)
        if place.alias and place.alias != place.name and len(place.alias) >= 2:
            gaz.by_alias[place.alias].append(place)
    gaz.towns = Towns(tables["towns"])
    for short, full in tables["countries"]:
        country = Place(short, "country", alias=full if full != short else None)
        gaz.countries[short] = country
        if full and full != short:
            gaz.countries[full] = country
    gaz._index()
    return gaz


def _read_china(tables: dict[str, Any], fh: TextIO) -> None:
    stack: list[Place | None] = [None, None, None]
    for line in fh:
        if line.startswith("\t\t\t\t") or not line.strip():
            continue  # villages: too many to hold, and they carry no code
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.strip().split("\t")
        if depth == 3:
            _add_town(tables["towns"], stack[2], cells[0])
            continue
        place = _division(cells, depth, stack)
        stack[depth] = place
        for deeper in range(depth + 1, 3):
            stack[deeper] = None
        if place is not None and place.name not in GENERIC_NAMES:
            tables["divisions"].append(astuple(place))


def _division(cells: list[str], depth: int, stack: list[Place | None]) -> Place | None:
    if len(cells) < 2 or not re.fullmatch(r"\d{6}", cells[1]):
        return None
    name, code = cells[0], cells[1]
    alias = cells[2] if len(cells) > 2 else None
    province = stack[0].name if depth > 0 and stack[0] else None
    city = stack[1].name if depth > 1 and stack[1] else None
    parent = next((p.code for p in reversed(stack[:depth]) if p is not None), None)
    if any(p is not None and p.code == code for p in stack[:depth]):
        # Municipalities and special regions repeat themselves one level down
        # (北京市 > 北京市, 香港特别行政区 > 香港): keep one node.
        return None
    if name.endswith("直辖行政区划"):
        return None
    return Place(name, _LEVELS[depth], code, parent, province or (name if depth == 0 else None), city, alias)


def _add_town(towns: dict[str, list[list[str | None]]], county: Place | None, name: str) -> None:
    """Keep a township's name under its county's code, in a group of the county's province and city."""
    if county is None or county.code is None or not name:
        return
    if name.startswith(county.name) and len(name) - len(county.name) >= 3:
        name = name[len(county.name) :]  # 某县某某镇 in the source: news writes the county apart (某县|某某镇)
    groups = towns.setdefault(county.code, [])
    if groups and groups[-1][:2] == [county.province, county.city]:
        groups[-1][2] += "\n" + name
    else:
        groups.append([county.province, county.city, name])


def _county_towns(code: str, groups: list[list[str | None]]) -> dict[str, Place]:
    """One county's townships by name, full and short (五眼泉镇, 五眼泉); a full name wins over a short one."""
    entries: dict[str, Place] = {}
    for province, city, names in groups:
        for name in (names or "").split("\n"):
            town = Place(name, "town", None, code, province, city)
            entries[name] = town
            for short in _short_town_names(name):
                entries.setdefault(short, town)
    return entries


# China's 56 peoples, the longer names first (土家 before 土).
_PEOPLES = sorted(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
    "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split(), key=len, reverse=True,
)
# An ethnic township's name puts its peoples before the suffix (长潭河侗族乡,
# 三元彝族苗族白族乡, 三工河哈萨克民族乡); news writes the place's own name.
_ETHNIC_TOWN = re.compile(rf"(.{{2,}}?)(?:(?:{'|'.join(_PEOPLES)})民?族)+(?:少数民族|民族|自治)?(乡|镇)")
# Township-level management areas of farms and lakes (大沙湖管理区) go by their place name.
_AREA_SUFFIXES = ("管理区",)


def _short_town_names(name: str) -> list[str]:
    """The shorter forms news uses for a township's name.

    五眼泉 for 五眼泉镇, 长潭河乡 and 长潭河 for 长潭河侗族乡, 西湖 for 西湖管理区.
    """
    ethnic = _ETHNIC_TOWN.fullmatch(name)
    if ethnic:
        return [ethnic.group(1) + ethnic.group(2), ethnic.group(1)]
    for suffix in TOWN_SUFFIXES + _AREA_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return [name[: -len(suffix)]]
    return []


def _read_world(tables: dict[str, Any], fh: TextIO) -> None:
    for line in fh:
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 2 or cells[0].endswith(":"):
            continue
        tables["countries"].append((cells[0], cells[1]))


def place_key(place: Place) -> EntityKey:
    """The entity key of a gazetteer place (see :func:`kg.extract.resolve.entity_key`)."""
    if place.code:
        return EntityKey.of(EntityType.LOC, place.code)
    if place.parent:
        return EntityKey.of(EntityType.LOC, place.parent, place.name)
    return EntityKey.of(EntityType.LOC, place.name)


def home_division(name: str | None, gaz: Gazetteer, meta: PageMeta) -> Place | None:
    """The division called ``name``, the paper's own city's or province's where several are."""
    return gaz.choose(gaz.places(name), city=meta.home_city, province=meta.province) if name else None
