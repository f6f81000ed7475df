"""What a changed page leaves in the shared entities graph, and how a build removes it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad
from rdflib.compare import isomorphic

from kg.graph.namespace import KG, NIF, PROV, RDF, SCHEMA, XSD, Minter
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.prune import prune_shared, restate_shared
from kg.graph.rdf import ENTITIES, EVENTS
from kg.graph.store import GraphStore
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "pages" / "000_f016006cafbfff82"
CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
MINTER = Minter()
ENTITY_GRAPH, EVENT_GRAPH = MINTER.graph(ENTITIES), MINTER.graph(EVENTS)


def _options(minutes: int = 0) -> BuildOptions:
    return BuildOptions(use_tagger=False, views=False, workers=1, now=CLOCK + dt.timedelta(minutes=minutes))


def _page(folder: Path, *, edit: tuple[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.with_suffix(".txt").read_text(encoding="utf-8")
    if edit:
        assert text.count(edit[0]) >= 3
        text = text.replace(*edit)
    (folder / "p1.txt").write_text(text, encoding="utf-8")
    shutil.copy(SAMPLE.with_suffix(".json"), folder / "p1.json")
    return folder / "p1.txt"


def _entities(out: Path, graph_iri: str = ENTITY_GRAPH):  # noqa: ANN202 - an rdflib graph
    from rdflib import Graph

    store = GraphStore.open(out, read_only=True)
    graph = Graph()
    nquads = b"".join(
        f"{q.subject} {q.predicate} {q.object} .\n".encode()
        for q in store.oxigraph.quads_for_pattern(None, None, None, NamedNode(graph_iri))
    )
    graph.parse(data=nquads, format="nt")
    store.close()
    return graph


def test_a_changed_page_leaves_the_shared_graphs_a_fresh_build_would_make(tmp_path: Path) -> None:
    build_graph([_page(tmp_path / "in")], out=tmp_path / "out", options=_options())
    before = _entities(tmp_path / "out")
    # Every 荆州 becomes 荆沙: places, aliases, organizations and an event's place change.
    build_graph([_page(tmp_path / "in", edit=("荆州", "荆沙"))], out=tmp_path / "out", options=_options(minutes=5))
    fresh = tmp_path / "fresh"
    build_graph([_page(tmp_path / "in2", edit=("荆州", "荆沙"))], out=fresh, options=_options())
    after, expected = _entities(tmp_path / "out"), _entities(fresh)
    assert "荆州市公安局" in {str(o) for o in before.objects(None, _ref(SCHEMA.name))}
    assert len(set(before) - set(expected)) > 20
    assert isomorphic(after, expected), sorted(set(map(str, after)) ^ set(map(str, expected)))[:6]
    events, expected_events = _entities(tmp_path / "out", EVENT_GRAPH), _entities(fresh, EVENT_GRAPH)
    assert len(expected_events) > 10 and isomorphic(events, expected_events)


def test_a_node_an_unchanged_page_still_names_keeps_what_that_page_said(tmp_path: Path) -> None:
    _page(tmp_path / "a")
    first, second = tmp_path / "a" / "p1.txt", _renamed(_page(tmp_path / "b"), "p2")
    build_graph([first, second], out=tmp_path / "out", options=_options())
    edited = _renamed(_page(tmp_path / "b", edit=("荆州", "荆沙")), "p2")
    build_graph([first, edited], out=tmp_path / "out", options=_options(minutes=5))
    fresh = tmp_path / "fresh"
    build_graph([first, edited], out=fresh, options=_options())
    after, expected = _entities(tmp_path / "out"), _entities(fresh)
    names = {str(o) for o in after.objects(None, _ref(SCHEMA.name))}
    assert {"荆州市公安局", "荆沙市公安局"} <= names  # p1 still names the first
    assert isomorphic(after, expected), sorted(set(map(str, after)) ^ set(map(str, expected)))[:6]


def test_two_builds_at_the_same_clock_keep_what_the_unchanged_page_says(tmp_path: Path) -> None:
    # A fixed clock (SOURCE_DATE_EPOCH) gives both builds the same time: the build id must
    # still tell the second build's articles from the first's.
    _page(tmp_path / "a")
    first, second = tmp_path / "a" / "p1.txt", _renamed(_page(tmp_path / "b"), "p2")
    build_graph([first, second], out=tmp_path / "out", options=_options())
    edited = _renamed(_page(tmp_path / "b", edit=("荆州", "荆沙")), "p2")
    build_graph([first, edited], out=tmp_path / "out", options=_options())
    fresh = tmp_path / "fresh"
    build_graph([first, edited], out=fresh, options=_options())
    after, expected = _entities(tmp_path / "out"), _entities(fresh)
    assert isomorphic(after, expected), sorted(set(map(str, expected)) - set(map(str, after)))[:6]
    events, fresh_events = _entities(tmp_path / "out", EVENT_GRAPH), _entities(fresh, EVENT_GRAPH)
    assert set(fresh_events) <= set(events)  # an event p1 still names keeps what p2 said too


def test_restating_keeps_what_an_older_article_supports_and_the_build_wrote(tmp_path: Path) -> None:
    g, event = NamedNode(EVENT_GRAPH), NamedNode(MINTER.event("某某会议", "2023-01-07"))
    part = NamedNode(f"{event.value}#participation-1")
    older, newer = NamedNode(MINTER.build("older")), NamedNode(MINTER.build("newer"))
    a, b = NamedNode("https://kg.example.org/article/a"), NamedNode("https://kg.example.org/article/b")
    x, y = NamedNode(MINTER.person("张三")), NamedNode(MINTER.person("李四"))
    store = GraphStore.open(tmp_path / "store")
    store.add([
        Quad(b, NamedNode(SCHEMA.mentions), event, b), Quad(b, NamedNode(PROV.wasGeneratedBy), newer, b),
        Quad(event, NamedNode(SCHEMA.attendee), x, g), Quad(event, NamedNode(KG.participation), part, g),
        Quad(part, NamedNode(KG.participant), x, g), Quad(part, NamedNode(KG.participantRole), Literal("主持"), g),
    ])
    written = {
        Quad(event, NamedNode(RDF.type), NamedNode(SCHEMA.Event), g), Quad(event, NamedNode(SCHEMA.attendee), y, g),
        # Written as "01", stored as "1": still the build's own fact.
        Quad(event, NamedNode(KG.participation), part, g), Quad(part, NamedNode(KG.participant), y, g),
        Quad(event, NamedNode("https://schema.org/duration"), Literal("01", datatype=NamedNode(XSD.integer)), g),
    }
    store.add(written)
    restate = dict(graph=EVENT_GRAPH, build=newer.value, shared_graphs=[EVENT_GRAPH, ENTITY_GRAPH])
    store.add([Quad(a, NamedNode(SCHEMA.mentions), event, a), Quad(a, NamedNode(PROV.wasGeneratedBy), older, a)])
    assert restate_shared(store, written=written, **restate) == 0  # article a, older, still names it
    store.update(f"DROP GRAPH <{a.value}>")
    assert restate_shared(store, written=written, **restate) == 3  # 张三, his participation and role
    left = {(q.subject, q.predicate, q.object) for q in store.quads() if q.graph_name == g}
    assert {(q.subject, q.predicate, q.object) for q in written} - {
        (event, NamedNode("https://schema.org/duration"), Literal("01", datatype=NamedNode(XSD.integer)))
    } <= left and len(left) == 5


def _renamed(page: Path, name: str) -> Path:
    target = page.with_name(f"{name}.txt")
    page.replace(target)
    page.with_suffix(".json").replace(target.with_suffix(".json"))
    return target


def test_aliases_without_a_mention_and_orphans_go_their_referenced_places_stay(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    g, a = NamedNode(ENTITY_GRAPH), NamedNode("https://kg.example.org/article/x")
    person, city, province = (NamedNode(MINTER.person("张三")), NamedNode(MINTER.place("420000", "420100")),
                              NamedNode(MINTER.place("420000")))
    lonely, mention = NamedNode(MINTER.person("李四")), NamedNode(f"{a.value}#char=0,2")
    e, event = NamedNode(EVENT_GRAPH), NamedNode(MINTER.event("某某会议", "2023-01-07"))
    part, lonely_place = NamedNode(f"{event.value}#participation-1"), NamedNode(MINTER.place("420000", "某村"))
    store.add([
        Quad(person, NamedNode(RDF.type), NamedNode(SCHEMA.Person), g),
        Quad(person, NamedNode(SCHEMA.name), Literal("张三"), g),
        Quad(person, NamedNode(SCHEMA.alternateName), Literal("张三同志"), g),  # read by a mention
        Quad(person, NamedNode(SCHEMA.alternateName), Literal("张叁"), g),  # read by none
        Quad(city, NamedNode(RDF.type), NamedNode(SCHEMA.Place), g),
        Quad(city, NamedNode(SCHEMA.containedInPlace), province, g),
        Quad(province, NamedNode(RDF.type), NamedNode(SCHEMA.Place), g),
        Quad(lonely, NamedNode(RDF.type), NamedNode(SCHEMA.Person), g),
        Quad(lonely, NamedNode(SCHEMA.name), Literal("李四"), g),
        Quad(a, NamedNode(SCHEMA.mentions), person, a),
        Quad(a, NamedNode(SCHEMA.mentions), city, a),
        Quad(mention, NamedNode(KG.denotes), person, a),
        Quad(mention, NamedNode(NIF.anchorOf), Literal("张三同志"), a),
        # An event no article mentions any more, held by its place and a participant.
        Quad(event, NamedNode(RDF.type), NamedNode(SCHEMA.Event), e),
        Quad(event, NamedNode(SCHEMA.location), lonely_place, e),
        Quad(event, NamedNode(KG.participation), part, e),
        Quad(part, NamedNode(KG.participant), lonely, e),
        Quad(lonely_place, NamedNode(RDF.type), NamedNode(SCHEMA.Place), g),
    ])
    # The event (4), then what only it held: the alias, 李四 (2) and the place (1).
    before = len(store)
    prune_shared(store, entities_graph=ENTITY_GRAPH, events_graph=EVENT_GRAPH)
    assert before - len(store) == 8
    assert not [q for q in store.quads() if q.graph_name == e]
    left = {(q.subject.value, q.predicate.value, q.object.value) for q in store.quads() if q.graph_name == g}
    assert (person.value, SCHEMA.alternateName, "张三同志") in left
    assert (person.value, SCHEMA.alternateName, "张叁") not in left
    assert not any(s == lonely.value for s, _, _ in left)
    assert (province.value, RDF.type, SCHEMA.Place) in left  # the city still lies in it
    # Once the article is gone, the city goes, then the province it was the only link to.
    store.update(f"DROP GRAPH <{a.value}>")
    before = len(store)
    prune_shared(store, entities_graph=ENTITY_GRAPH, events_graph=EVENT_GRAPH)
    assert before - len(store) == 6
    assert not [q for q in store.quads() if q.graph_name == g]


def test_a_build_that_replaces_no_page_prunes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("kg.graph.prune.prune_shared", lambda store, **kw: calls.append(kw["events_graph"]) or 0)
    page = _page(tmp_path / "in")
    build_graph([page], out=tmp_path / "out", options=_options())
    build_graph([page], out=tmp_path / "out", options=_options(minutes=5))
    assert calls == []
    _page(tmp_path / "in", edit=("荆州", "荆沙"))
    build_graph([page], out=tmp_path / "out", options=_options(minutes=10))
    assert calls == [EVENT_GRAPH]


def _ref(iri: str):  # noqa: ANN202
    from rdflib import URIRef

    return URIRef(iri)


def test_a_dateline_s_source_and_place_keep_their_short_forms_after_a_rebuild(tmp_path: Path) -> None:
    """新华社 and 北京 are printed in the dateline, not the text: pruning aliases must not drop them."""
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef

    pages = tmp_path / "in"
    pages.mkdir()
    story = "标题甲\n\n新华社北京1月8日电（记者 林照远）昨日，{}召开工作会议。\n"
    (pages / "w.txt").write_text(story.format("国家某局"), encoding="utf-8")
    (pages / "w.json").write_text('{"paper": "青岚日报", "date": "2023-01-09"}', encoding="utf-8")
    build_graph([pages], out=tmp_path / "out", options=_options())
    agency = URIRef(MINTER.organization("新华通讯社"))
    aliases = {(agency, URIRef(SCHEMA.alternateName), RdfLiteral("新华社")),
               (URIRef(MINTER.place("110000")), URIRef(SCHEMA.alternateName), RdfLiteral("北京"))}
    assert aliases <= set(_entities(tmp_path / "out"))
    (pages / "w.txt").write_text(story.format("国家另一局"), encoding="utf-8")  # the page changes: a rebuild prunes
    build_graph([pages], out=tmp_path / "out", options=_options(minutes=5))
    assert aliases <= set(_entities(tmp_path / "out"))
