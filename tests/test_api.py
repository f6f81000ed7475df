"""The public Python API: kg.extract and kg.build, as the README shows them."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from kg import errors
from kg.graph.namespace import SCHEMA
from kg.model import EntityKey, EntityType
from tests.conftest import FIXED_CLOCK, SAMPLE_PAGE

SIDECAR = json.loads(SAMPLE_PAGE.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample() -> kg.Extraction:
    text = SAMPLE_PAGE.read_text(encoding="utf-8")
    return kg.extract(text, paper=SIDECAR["paper"], date=SIDECAR["date"], page=SIDECAR.get("page"), use_tagger=False)


def _by_article(source: str | Path) -> dict[str, set[tuple[str, str]]]:
    """Each predicate's (article, object) pairs, the article by the last segment of its IRI:
    the segment before it is the page id, which a string (``text``) and a file (its stem)
    name differently."""
    graph = rdflib.Graph()
    graph.parse(**({"source": source} if isinstance(source, Path) else {"data": source}), format="turtle")
    out: dict[str, set[tuple[str, str]]] = {}
    for name in ("headline", "mentions", "author", "contributor"):
        pairs = graph.subject_objects(rdflib.URIRef(getattr(SCHEMA, name)))
        out[name] = {(str(s).rsplit("/", 1)[1], str(o)) for s, o in pairs}
    return out


def test_extract_finds_as_many_items_as_the_build(sample: kg.Extraction, sample_graph_dir: Path):
    report = json.loads((sample_graph_dir / "report.json").read_text(encoding="utf-8"))
    assert len(sample.articles) == sum(report["totals"]["kinds"].values()) > 1


def test_the_extraction_s_graph_is_the_build_s(sample: kg.Extraction, sample_graph_dir: Path):
    """Same articles, headlines and mentions as ``kg build`` stores (a build adds provenance)."""
    mine, built = _by_article(sample.to_turtle()), _by_article(sample_graph_dir / "graph.ttl")
    assert mine == built and len(mine["mentions"]) > 20


def test_articles_carry_headline_bylines_mentions_and_events(sample: kg.Extraction):
    with_reporters = [a for a in sample.articles if a.authors]
    assert with_reporters and all(a.headline for a in with_reporters)
    assert any(a.contributors for a in sample.articles)
    mentions = [m for a in sample.articles for m in a.mentions]
    assert {m.type for m in mentions} == {EntityType.PER, EntityType.ORG, EntityType.LOC}
    assert all(isinstance(m.entity, EntityKey) and m.entity.type is m.type for m in mentions)
    assert any(a.events for a in sample.articles)
    for article in sample.articles:
        assert all(article.text[m.start : m.end] == m.text for m in article.mentions)


def test_the_paper_s_home_resolves_deictic_forms(sample: kg.Extraction):
    deictic = [m for a in sample.articles for m in a.mentions if m.text == "我市"]
    assert deictic and {str(m.entity) for m in deictic} == {"LOC:421000"}
    assert sample.meta.home_city == "荆州市"


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="张王李明华市县局会议在召开说，。记者通讯员（）\n 1月8日荆州武汉公安", max_size=120))
def test_any_text_extracts_with_valid_offsets(text: str):
    for article in kg.extract(text, use_tagger=False).articles:
        assert all(article.text[m.start : m.end] == m.text for m in article.mentions)
        assert all(0 <= e.start < e.end <= len(article.text) for e in article.events)


def test_a_bad_date_or_text_is_a_coded_error():
    with pytest.raises(errors.MetadataError) as bad_date:
        kg.extract("正文", date="2023-02-30")
    assert bad_date.value.code == "KG105"
    with pytest.raises(errors.InputError) as not_text:
        kg.extract(b"bytes")  # type: ignore[arg-type]
    assert not_text.value.code == "KG100"


def test_build_is_the_build_command(tmp_path: Path):
    seen: list[tuple[str, int]] = []
    report = kg.build([SAMPLE_PAGE], out=tmp_path, use_tagger=False, views=False, workers=1,
                      now=FIXED_CLOCK, progress=lambda source, articles: seen.append((source, articles)))
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report.built_anything and data["totals"]["quads"] > 1000 and (tmp_path / "graph.ttl").stat().st_size > 0
    built = report.to_json()
    assert seen == [(built["inputs"][0]["source"], built["totals"]["items"])] and seen[0][1] > 5
    with pytest.raises(TypeError, match="workerz"):
        kg.build([SAMPLE_PAGE], out=tmp_path, workerz=2)


def test_build_takes_one_path_as_one_input(tmp_path: Path):
    report = kg.build(str(SAMPLE_PAGE), out=tmp_path, use_tagger=False, views=False, workers=1, now=FIXED_CLOCK)
    sources = [entry["source"] for entry in report.to_json()["inputs"]]
    assert len(sources) == 1 and sources[0].endswith(SAMPLE_PAGE.name)


def test_build_freezes_the_collector_only_while_it_runs(tmp_path: Path):
    counts: list[int] = []
    kg.build([SAMPLE_PAGE], out=tmp_path / "a", use_tagger=False, views=False, workers=1, now=FIXED_CLOCK,
             progress=lambda *_: counts.append(gc.get_freeze_count()))
    assert counts and counts[0] > 1000  # the modules loaded before the page were frozen
    assert gc.get_freeze_count() == 0  # and given back to the collector afterwards
    gc.freeze()  # a caller's own freeze (a preforking server's) is left as it was
    try:
        frozen = gc.get_freeze_count()
        kg.build([SAMPLE_PAGE], out=tmp_path / "b", use_tagger=False, views=False, workers=1, now=FIXED_CLOCK)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_importing_the_stages_never_rebinds_the_api():
    import kg.build.pipeline  # noqa: F401
    import kg.extract.recognize  # noqa: F401

    assert callable(kg.extract) and kg.extract.__module__ == "kg.api"
    assert callable(kg.build) and kg.build.__module__ == "kg.api"


def test_the_extraction_s_graph_conforms_to_the_shapes(sample: kg.Extraction):
    from kg.graph.validate import validate_graph

    graph = rdflib.Graph().parse(data=sample.to_turtle(), format="turtle")
    assert not any(str(o).endswith("/build/_") for o in graph.objects())  # no build ran
    assert validate_graph(graph).conforms


def test_a_wire_dateline_is_data_in_the_api():
    text = "标题\n\n新华社杭州4月25日电（记者 林照远）昨日，杭州召开会议。\n"
    (article,) = kg.extract(text, paper="青岚日报", date="2023-04-26", use_tagger=False).articles
    assert article.authors == ("林照远",)
    assert article.created is not None and article.created.date == "2023-04-25"
    assert str(article.created.place.key) == "LOC:330100"
    assert [s.name for s in article.created.sources] == ["新华通讯社"]


def test_quotations_come_with_their_speakers():
    text = "标题\n\n本报讯（记者 林照远）青岚市交通局负责人说：“道路已经全部畅通，请市民放心出行。”\n"
    (article,) = kg.extract(text, paper="青岚日报", date="2023-04-26", use_tagger=False).articles
    (quote,) = [q for q in article.quotes if q.speech.value == "direct"]
    assert article.text[quote.start : quote.end] == quote.text and "道路已经全部畅通" in quote.text
    assert quote.entity is not None and quote.entity.type is EntityType.ORG and quote.role == "负责人"


def _distribution(folder: Path, name: str, metadata: str, version: str) -> Path:
    """A distribution's metadata folder of kg-news in ``folder`` (a dist-info's METADATA, an egg-info's PKG-INFO)."""
    (folder / name).mkdir(parents=True)
    (folder / name / metadata).write_text(f"Metadata-Version: 2.1\nName: kg-news\nVersion: {version}\n\nText.\n", encoding="utf-8")
    return folder


def test_the_version_is_the_one_importlib_metadata_finds_first(tmp_path: Path) -> None:
    wheel = _distribution(tmp_path / "site", "kg_news-9.1.dist-info", "METADATA", "9.1")
    checkout = _distribution(tmp_path / "checkout", "kg_news.egg-info", "PKG-INFO", "9.2.dev0")
    # A fresh interpreter: a test's plugins may have put importlib_metadata's finder in this one.
    probe = "import json, kg; from importlib.metadata import version; print(json.dumps([kg._metadata_version(), version('kg-news')]))"
    for first, second, expected in ((wheel, checkout, "9.1"), (checkout, wheel, "9.2.dev0")):
        paths = os.pathsep.join([str(first), str(second), str(Path(kg.__file__).parents[1])])
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": paths})
        assert json.loads(done.stdout) == [expected, expected]


def test_another_finder_of_distributions_leaves_the_version_to_importlib_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    class Finder:  # importlib.metadata asks it too, before or after the path's
        @staticmethod
        def find_distributions(*args: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    assert kg._metadata_version() is None

