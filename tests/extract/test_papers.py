"""Paper profiles: the home a paper writes from (kg.extract.papers)."""

from __future__ import annotations

import pytest

from kg.extract.papers import paper_profile


@pytest.mark.parametrize(
    ("paper", "home"),
    [
        ("荆州日报", ("荆州市", "湖北省", None)),  # data/papers.toml
        ("三峡日报", ("宜昌市", "湖北省", None)),
        ("绍兴日报", ("绍兴市", "浙江省", None)),  # a city's name before 日报
        ("湖北日报", (None, "湖北省", None)),
        ("宜都报", ("宜昌市", "湖北省", "宜都市")),  # a county-level city's paper
        ("和县报", ("马鞍山市", "安徽省", "和县")),  # a county's
        ("今日宜都", ("宜昌市", "湖北省", "宜都市")),
        ("萧山日报", ("杭州市", "浙江省", "萧山区")),  # jieba has some counties' names as ordinary words
        ("麻城日报", ("黄冈市", "湖北省", "麻城市")),
        ("潜江日报", (None, "湖北省", "潜江市")),  # a city under its province, no prefecture
        ("海淀报", ("北京市", "北京市", "海淀区")),  # a municipality's district
        ("北京商报", ("北京市", "北京市", None)),  # a municipality is its own city
        ("平安时报", (None, None, None)),  # a police paper, not 平安区's
        ("东方早报", (None, None, None)),  # Shanghai's, not 东方市's
        ("朝阳区报", (None, None, None)),  # Beijing's or Changchun's: unknown
        ("今日头条", (None, None, None)),
        ("人民日报", (None, None, None)),
    ],
)
def test_a_paper_s_home_from_the_table_or_its_name(paper: str, home: tuple[str | None, ...]) -> None:
    profile = paper_profile(paper)
    assert (profile.home_city, profile.province, profile.home_county) == home


def test_every_home_the_table_names_is_a_division_of_the_gazetteer() -> None:
    import tomllib

    from kg.extract.gazetteer import load_gazetteer
    from kg.package_data import data_path

    gaz = load_gazetteer()
    with data_path("papers.toml").open("rb") as fh:
        table = tomllib.load(fh)
    assert len(table) > 50
    for paper, entry in table.items():
        for field in ("home_city", "province", "home_county"):
            assert entry.get(field) is None or gaz.places(entry[field]), (paper, field)
        if entry.get("home_county"):  # a county lies in its home city
            (county,) = gaz.places(entry["home_county"])
            assert county.city == entry["home_city"], paper
