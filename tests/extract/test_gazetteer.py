"""The administrative gazetteer read from jionlp's dictionary files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import gazetteer
from kg.extract.gazetteer import KeyScanner, load_gazetteer


def test_divisions_have_codes_and_parents():
    gaz = load_gazetteer()
    (county,) = gaz.places("公安县")
    assert (county.code, county.level, county.city, county.province) == ("421022", "county", "荆州市", "湖北省")
    assert [p.name for p in gaz.chain(county)] == ["公安县", "荆州市", "湖北省"]
    assert gaz.by_code["420000"].parent is None


def test_each_division_is_listed_under_its_parent():
    gaz = load_gazetteer()
    listed = [(code, child.code) for code, kids in gaz.children.items() for child in kids]
    assert sorted(listed) == sorted((p.parent, p.code) for p in gaz.by_code.values() if p.parent)
    assert "421022" in {p.code for p in gaz.children["421000"]} and len(gaz.children["420000"]) >= 13


def test_no_division_contains_itself_and_municipalities_are_one_node():
    gaz = load_gazetteer()
    assert all(p.parent != p.code for p in gaz.by_code.values())
    assert [p.code for p in gaz.places("北京市")] == ["110000"]
    assert gaz.parent_of(gaz.places("朝阳区")[0]).name in ("北京市", "长春市")


def test_townships_are_known_under_their_county_with_and_without_suffix():
    gaz = load_gazetteer()
    assert gaz.town("421022", "夹竹园镇").name == "夹竹园镇"
    assert gaz.town("421022", "章庄铺").name == "章庄铺镇"
    assert gaz.town("421022", "岑河镇") is None  # a township of another county


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("长潭河侗族乡", ["长潭河乡", "长潭河"]),
        ("三元彝族苗族白族乡", ["三元乡", "三元"]),  # several peoples
        ("三工河哈萨克民族乡", ["三工河乡", "三工河"]),
        ("清水土家族自治乡", ["清水乡", "清水"]),
        ("三江口瑶族镇", ["三江口镇", "三江口"]),  # 口瑶 is no people
        ("西湖管理区", ["西湖"]),
        ("林家屯镇", ["林家屯"]),
        ("新堤街道", ["新堤"]),
    ],
)
def test_townships_short_forms(name: str, short: list[str]):
    assert gazetteer._short_town_names(name) == short


def test_ambiguous_names_prefer_the_papers_home():
    gaz = load_gazetteer()
    both = gaz.places("朝阳区")
    assert len(both) == 2
    assert gaz.choose(both) is None
    assert gaz.choose(both, province="北京市").code == "110105"


def test_key_scanner_takes_the_longest_leftmost_match():
    scanner = KeyScanner(["荆州", "荆州市", "州市", "市公安局"])
    assert scanner.find("荆州市公安局和荆州") == [(0, 3, "荆州市"), (7, 9, "荆州")]
    assert KeyScanner([]).find("任何文字") == []


def test_find_once_finds_what_a_scanner_finds() -> None:
    """Leftmost, then longest, no overlaps: a key overlapping itself (aa in aaa) or another (abc, bcd)."""
    keys = ["ab", "abc", "bcd", "cd", "aa", "a", "cde"]
    text = "aaab abcde xbcdab aaa"
    found = KeyScanner.find_once(keys, text)
    # The lone a at the end is no match: keys of one character are dropped, as the scanner drops them.
    assert found == [(0, 2, "aa"), (2, 4, "ab"), (5, 8, "abc"), (12, 15, "bcd"), (15, 17, "ab"), (18, 20, "aa")]
    assert found == KeyScanner(keys).find(text)
    assert KeyScanner.find_once(["ab"], "a" * 300_000 + "ab") == [(300_000, 300_002, "ab")]  # the automaton's path
    assert KeyScanner.find_once(["公安局", "公安"], "县公安局与公安") == [(1, 4, "公安局"), (5, 7, "公安")]
    assert KeyScanner.find_once([], "任何文字") == []


def test_zipped_dictionary_is_read_in_place(monkeypatch: pytest.MonkeyPatch):
    """A fresh jionlp install ships china_location zipped: kg reads the zip itself."""
    real = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda self: False if self.name == "china_location.txt" else real(self))
    gazetteer.load_gazetteer.cache_clear()
    try:
        gaz = gazetteer.load_gazetteer()
        assert gaz.places("公安县")[0].code == "421022"
        assert gaz.town("421022", "夹竹园镇") is not None
    finally:
        gazetteer.load_gazetteer.cache_clear()


def test_the_gazetteer_from_the_cache_is_the_one_compiled_cold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """kg.lang.cache keeps the compiled rows: read back, they make the very same tables."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    china, world = gazetteer._dictionary_source("china_location"), gazetteer._dictionary_source("world_location")
    cold = gazetteer._assemble(gazetteer._compile(china, world))
    stored = gazetteer.load_gazetteer.__wrapped__()  # compiled, then written
    read = gazetteer.load_gazetteer.__wrapped__()  # read back
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["gazetteer"]
    assert cold == stored == read  # every table: divisions, aliases, children, townships, countries, scanners
    assert read.towns["421022"] == cold.towns["421022"] and read.town("421022", "章庄铺").name == "章庄铺镇"
    assert len(read.towns) == len(cold.towns) > 2800 and sum(len(t) for t in read.towns.values()) > 80000


def test_townships_are_made_when_their_county_is_asked_for():
    towns = gazetteer.Towns({"421022": [["湖北省", "荆州市", "夹竹园镇\n章庄铺镇"]]})
    assert "421022" in towns and "421023" not in towns and len(towns) == 1
    assert towns.get("421023") is None and towns._made == {}
    made = towns["421022"]
    assert made["章庄铺"] is made["章庄铺镇"] and made["夹竹园"].city == "荆州市"
    assert towns["421022"] is made


def test_gazetteer_place_at_gives_the_longest_place_opening_at_an_offset() -> None:
    gaz = load_gazetteer()
    assert gaz.place_at("在天津市青年宫", 1) == 3
    assert gaz.place_at("在日本研究所", 1) == 2
    assert gaz.place_at("在青年宫", 1) == 0
