"""The persistent store across builds: adding pages, rebuilding, replacing a changed page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, Quad, Store
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kg.graph.store
from kg import errors
from kg.graph.namespace import KG, RDF, SCHEMA, Minter
from kg.build.pipeline import BuildOptions, build_graph
from kg.graph.store import WRITTEN_FILE, GraphStore
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "pages" / "000_f016006cafbfff82"
CLOCK = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
ORG = Minter().organization("荆州市公安局")


def _options(minutes: int = 0) -> BuildOptions:
    return BuildOptions(use_tagger=False, views=False, workers=1, now=CLOCK + dt.timedelta(minutes=minutes))


def _page(folder: Path, name: str, *, edit: tuple[str, str] | None = None) -> Path:
    """A copy of the sample page (and its sidecar) under another name, maybe edited."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.with_suffix(".txt").read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    shutil.copy(SAMPLE.with_suffix(".json"), folder / f"{name}.json")
    return folder / f"{name}.txt"


def _quads(out: Path) -> list[Quad]:
    return list(GraphStore.open(out, read_only=True).quads())


def _graphs(quads: list[Quad]) -> dict[str, Graph]:
    """Each named graph as an rdflib graph, for isomorphism checks."""
    graphs: dict[str, Graph] = {}
    for q in quads:
        graph = graphs.setdefault(q.graph_name.value, Graph())
        graph.add(tuple(_term(t) for t in (q.subject, q.predicate, q.object)))
    return graphs


def _term(term):  # noqa: ANN001, ANN202
    if type(term).__name__ == "NamedNode":
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype.endswith("#string") else datatype)


def _union(quads: list[Quad]) -> Graph:
    union = Graph()
    for graph in _graphs(quads).values():
        union += graph
    return union


def _articles_of(quads: list[Quad], page_name: str) -> set[str]:
    return {q.graph_name.value for q in quads if q.predicate.value == KG.page and q.object.value.endswith("/" + page_name)}


def test_building_the_same_page_again_changes_nothing(tmp_path: Path) -> None:
    page = _page(tmp_path / "in", "p1")
    build_graph([page], out=tmp_path / "out", options=_options())
    before = _quads(tmp_path / "out")
    report = build_graph([page], out=tmp_path / "out", options=_options(minutes=5))
    after = _quads(tmp_path / "out")
    assert report.to_json()["totals"]["status"] == {"unchanged": 1}
    assert len(after) == len(before) > 1000
    assert set(_graphs(after)) == set(_graphs(before))
    for name, graph in _graphs(before).items():
        assert isomorphic(graph, _graphs(after)[name]), name


def test_new_pages_add_to_the_store_and_share_entities(tmp_path: Path) -> None:
    first = _page(tmp_path / "in", "p1")
    build_graph([first], out=tmp_path / "out", options=_options())
    before = _quads(tmp_path / "out")
    second = _page(tmp_path / "in", "p2")
    build_graph([first, second], out=tmp_path / "out", options=_options(minutes=5))
    after = _quads(tmp_path / "out")
    assert len(after) > len(before)
    old, new = _articles_of(after, "p1"), _articles_of(after, "p2")
    assert old == _articles_of(before, "p1") and len(new) == len(old) and not old & new
    graphs_before, graphs_after = _graphs(before), _graphs(after)
    for article in old:
        assert isomorphic(graphs_before[article], graphs_after[article])
    # One node for the organization both pages mention, with one name, its base class and its kind's.
    union = _union(after)
    org = URIRef(ORG)
    assert list(union.objects(org, URIRef(SCHEMA.name))) == [Literal("荆州市公安局")]
    assert sorted(union.objects(org, URIRef(RDF.type))) == [URIRef(SCHEMA.GovernmentOrganization), URIRef(SCHEMA.Organization)]
    mentioning = set(union.subjects(URIRef(SCHEMA.mentions), org))
    assert mentioning & {URIRef(a) for a in old} and mentioning & {URIRef(a) for a in new}
    assert len([s for s in union.subjects(URIRef(SCHEMA.name), Literal("荆州市公安局"))]) == 1
    # Two builds, each a PROV activity that used the pages it built.
    activities = [s for s in union.subjects(URIRef(RDF.type), URIRef("http://www.w3.org/ns/prov#Activity"))]
    assert len(activities) == 2


def test_a_changed_page_replaces_its_own_articles_only(tmp_path: Path) -> None:
    pages = [_page(tmp_path / "in", "p1"), _page(tmp_path / "in", "p2")]
    build_graph(pages, out=tmp_path / "out", options=_options())
    before = _quads(tmp_path / "out")
    edited = _page(tmp_path / "in", "p2", edit=("把平安答卷写在群众心中", "把平安答卷写在人民心中"))
    report = build_graph([pages[0], edited], out=tmp_path / "out", options=_options(minutes=5))
    after = _quads(tmp_path / "out")
    assert report.to_json()["totals"]["status"] == {"built": 1, "unchanged": 1}
    graphs_before, graphs_after = _graphs(before), _graphs(after)
    for article in _articles_of(before, "p1"):
        assert isomorphic(graphs_before[article], graphs_after[article])
    old, new = _articles_of(before, "p2"), _articles_of(after, "p2")
    assert len(old - new) == 1 and len(new - old) == 1  # the retitled article has a new IRI
    assert not (old - new) & set(graphs_after)  # and its old graph is gone
    [retitled] = new - old
    assert (URIRef(retitled), URIRef(SCHEMA.headline), Literal("把平安答卷写在人民心中")) in graphs_after[retitled]
    headlines = {str(o) for o in _union(after).objects(None, URIRef(SCHEMA.headline))}
    assert "把平安答卷写在群众心中" in headlines  # still, from p1


class _SpyStore:
    """Wraps a pyoxigraph store and counts the calls that write."""

    def __init__(self, store: Store):
        self._store = store
        self.calls: list[tuple[str, int]] = []

    def extend(self, quads) -> None:  # noqa: ANN001
        quads = list(quads)
        self.calls.append(("extend", len(quads)))
        self._store.extend(quads)

    def bulk_load(self, data: bytes, **kwargs) -> None:  # noqa: ANN003
        self.calls.append(("bulk_load", data.count(b"\n")))
        self._store.bulk_load(data, **kwargs)

    def bulk_extend(self, quads) -> None:  # noqa: ANN001
        quads = list(quads)
        self.calls.append(("bulk_extend", len(quads)))
        self._store.bulk_extend(quads)

    def add(self, quad) -> None:  # noqa: ANN001
        self.calls.append(("add", 1))
        self._store.add(quad)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._store, name)

    def __len__(self) -> int:
        return len(self._store)


@pytest.mark.parametrize(("batch", "loads"), [(50_000, 1), (1, 2)])
def test_pages_load_in_bulk_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, loads: int
) -> None:
    pages = [_page(tmp_path / "in", "p1"), _page(tmp_path / "in", "p2")]
    spy = _SpyStore(Store())
    monkeypatch.setattr(GraphStore, "open", classmethod(lambda cls, folder, read_only=False: cls(spy)))  # type: ignore[arg-type]
    monkeypatch.setattr(kg.graph.store, "BATCH_QUADS", batch)
    build_graph(pages, out=tmp_path / "out", options=_options())
    kinds = [kind for kind, _ in spy.calls]
    # The pages in bulk loads (both in one, or one each); the build's events and provenance
    # join the pages still waiting (a small build's), else one transaction; never a quad at a time.
    assert kinds == ["bulk_load"] * loads + ([] if loads == 1 else ["extend"])
    assert all(size > 100 * (3 - loads) for _, size in spy.calls[:loads])
    assert len(spy) == sum(size for _, size in spy.calls)  # the shared lines were written once


def _jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_records_of_one_printed_page_keep_each_other(tmp_path: Path) -> None:
    base = {"paper": "人民日报", "date": "1998-01-05", "page": "02"}
    records = [
        dict(base, headline="北京召开会议", text="国务院昨天在北京召开会议。"),
        dict(base, headline="图片", text="湖北省武汉市的江汉路步行街。"),
        dict(base, headline="图片", text="广东省广州市的北京路。"),
    ]
    source = _jsonl(tmp_path / "in" / "day.jsonl", records)
    build_graph([source], out=tmp_path / "out", options=_options())
    quads = _quads(tmp_path / "out")
    bodies = {str(o) for o in _union(quads).objects(None, URIRef(SCHEMA.articleBody))}
    assert {r["text"] for r in records} <= bodies
    again = build_graph([source], out=tmp_path / "out", options=_options(minutes=5))
    assert again.to_json()["totals"]["status"] == {"unchanged": 1} and len(_quads(tmp_path / "out")) == len(quads)
    records[2] = dict(records[2], text="广东省广州市的上下九步行街。")
    build_graph([_jsonl(source, records)], out=tmp_path / "out", options=_options(minutes=10))
    after = _quads(tmp_path / "out")
    bodies = {str(o) for o in _union(after).objects(None, URIRef(SCHEMA.articleBody))}
    assert bodies >= {r["text"] for r in records} and "广东省广州市的北京路。" not in bodies
    graphs_before, graphs_after = _graphs(quads), _graphs(after)
    kept = [g for g, graph in graphs_before.items() if (None, URIRef(SCHEMA.articleBody), Literal(records[0]["text"])) in graph]
    assert len(kept) == 1 and isomorphic(graphs_before[kept[0]], graphs_after[kept[0]])


@pytest.fixture
def compactions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The store's size at each compaction of the test's builds (``Store.optimize`` still runs)."""
    sizes: list[int] = []
    real = Store.optimize

    def optimize(self: Store) -> None:
        sizes.append(len(self))
        real(self)

    monkeypatch.setattr(Store, "optimize", optimize)
    return sizes


def test_compaction_waits_for_a_tenth_of_the_store_written_across_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compactions: list[int],
) -> None:
    monkeypatch.setattr(kg.graph.store, "COMPACT_MIN_QUADS", 0)  # two sample pages: a small store
    first = [_page(tmp_path / "in", "p1"), _page(tmp_path / "in", "p2")]
    build_graph(first, out=tmp_path / "out", options=_options())
    assert len(compactions) == 1  # everything was new
    counter = tmp_path / "out" / WRITTEN_FILE
    assert counter.read_text() == "0\n"
    # One more short page is a small share of the store: it is counted, not compacted.
    short = tmp_path / "in" / "p3.txt"
    short.write_text("荆州市召开会议\n\n本报讯 荆州市交通运输局召开春运工作会议。\n", encoding="utf-8")
    shutil.copy(SAMPLE.with_suffix(".json"), short.with_suffix(".json"))
    report = build_graph([*first, short], out=tmp_path / "out", options=_options())
    assert report.to_json()["totals"]["status"] == {"built": 1, "unchanged": 2}
    assert len(compactions) == 1
    written = int(counter.read_text())
    assert 0 < written < 0.1 * compactions[0]
    # Once the builds since the last compaction add up to a tenth of the store, it is due.
    counter.write_text(f"{compactions[0] // 10}\n")
    short.write_text("荆州市召开会议\n\n本报讯 荆州市文化和旅游局召开工作会议。\n", encoding="utf-8")
    build_graph([*first, short], out=tmp_path / "out", options=_options())
    assert len(compactions) == 2 and counter.read_text() == "0\n"
    # A build that writes nothing leaves the count alone.
    counter.write_text("123\n")
    build_graph([*first, short], out=tmp_path / "out", options=_options())
    assert len(compactions) == 2 and counter.read_text() == "123\n"


def test_a_small_store_is_not_compacted_but_what_was_written_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compactions: list[int],
) -> None:
    first = [_page(tmp_path / "in", "p1")]
    report = build_graph(first, out=tmp_path / "out", options=_options())
    quads = report.to_json()["totals"]["quads"]
    assert 0 < quads < kg.graph.store.COMPACT_MIN_QUADS and compactions == []
    assert int((tmp_path / "out" / WRITTEN_FILE).read_text()) >= quads
    # Once the store has grown past the floor, the count carried over makes it due.
    monkeypatch.setattr(kg.graph.store, "COMPACT_MIN_QUADS", quads + 1)
    build_graph([*first, _page(tmp_path / "in", "p2")], out=tmp_path / "out", options=_options())
    assert len(compactions) == 1 and compactions[0] > quads
    assert (tmp_path / "out" / WRITTEN_FILE).read_text() == "0\n"


def test_added_quads_join_the_waiting_pages_and_a_page_replaced_after_them_drops_theirs(tmp_path: Path) -> None:
    spy = _SpyStore(Store())
    store = GraphStore(spy)  # type: ignore[arg-type]
    page, other = NamedNode("https://e.org/page"), NamedNode("https://e.org/other")
    store.replace_page(page.value, b'<https://e.org/s> <https://e.org/p> "page" <https://e.org/page> .\n')
    late = Quad(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), OxLiteral("late"), page)
    kept = Quad(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), OxLiteral("kept"), other)
    store.add([late, kept])
    assert spy.calls == []  # waiting with the page
    store.flush()
    assert spy.calls == [("bulk_load", 3)] and len(store) == 3
    # In order: a page replaced after quads were added drops those in its graph.
    store.replace_page(page.value, b'<https://e.org/s> <https://e.org/p> "page" <https://e.org/page> .\n')
    store.add([late])
    store.replace_page(page.value, b'<https://e.org/s> <https://e.org/p> "new" <https://e.org/page> .\n')
    store.flush()
    assert {q.object.value for q in store.quads()} == {"new", "kept"}


def test_many_quads_added_with_no_page_waiting_load_in_bulk_few_in_a_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kg.graph.store, "BULK_ADD_QUADS", 3)
    spy = _SpyStore(Store())
    store = GraphStore(spy)  # type: ignore[arg-type]

    def quads(*values: str) -> list[Quad]:
        return [Quad(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), OxLiteral(v), NamedNode("https://e.org/g"))
                for v in values]

    store.add(quads("1", "2"))
    store.add(quads("2", "3", "4"))  # "2" again: stored once
    assert spy.calls == [("extend", 2), ("bulk_extend", 3)]
    assert len(store) == 4
    assert sorted(q.object.value for q in store.quads()) == ["1", "2", "3", "4"]


def test_a_closed_store_can_be_opened_again_while_still_referenced(tmp_path: Path) -> None:
    first = GraphStore.open(tmp_path)
    first.replace_page("https://e.org/page", b'<https://e.org/s> <https://e.org/p> "o" <https://e.org/page> .\n')
    first.flush()
    with pytest.raises(errors.OutputError):
        GraphStore.open(tmp_path)  # RocksDB: one writer a folder
    first.close()
    second = GraphStore.open(tmp_path)
    assert len(second) == 1
    with pytest.raises(errors.OutputError):
        len(first)  # not a silently empty store


def test_the_quad_count_follows_every_write(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path)
    assert len(store) == 0
    store.replace_page("https://e.org/p1", b'<https://e.org/s> <https://e.org/p> "1" <https://e.org/p1> .\n')
    assert len(store) == 1
    store.add([Quad(NamedNode("https://e.org/s"), NamedNode("https://e.org/p"), OxLiteral("2"), NamedNode("https://e.org/g"))])
    assert len(store) == 2
    store.replace_page("https://e.org/p1", b"")  # the page's graph is dropped
    assert len(store) == 1
    store.update('INSERT DATA { GRAPH <https://e.org/h> { <https://e.org/s> <https://e.org/p> "3" } }')
    assert len(store) == 2


def test_the_local_and_the_remote_store_share_one_protocol():
    from kg.graph.remote_store import RemoteStore
    from kg.graph.store import Store as KgStore

    local = GraphStore.open(None)
    try:
        assert isinstance(local, KgStore)
    finally:
        local.close()
    assert isinstance(RemoteStore("http://127.0.0.1:9"), KgStore)
    assert not isinstance(object(), KgStore)


def test_the_turtle_dump_types_nif_offsets_as_the_export_does(sample_graph_dir: Path) -> None:
    """graph.ttl (the store's dump) and `kg export` give one graph: offsets typed xsd:nonNegativeInteger."""
    import io

    import rdflib
    from rdflib.compare import isomorphic

    from kg.graph.export import export_graph
    from kg.graph.dump import nif_typed_turtle

    store = GraphStore.open(sample_graph_dir, read_only=True)
    try:
        dumped = rdflib.Graph().parse(data=store.dump_bytes(fmt="turtle"), format="turtle")
        exported = io.BytesIO()
        export_graph(store, exported, fmt="turtle")
    finally:
        store.close()
    assert isomorphic(dumped, rdflib.Graph().parse(data=exported.getvalue(), format="turtle"))
    begin = rdflib.URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")
    types = {o.datatype for o in dumped.objects(None, begin)}
    assert types == {rdflib.XSD.nonNegativeInteger} and len(list(dumped.objects(None, begin))) > 100
    # Only offsets are typed again: a literal that reads like one elsewhere is left alone.
    text = (b'<a> nif:beginIndex 12 ;\n\tnif:endIndex 14 .\n<b> schema:text "x> nif:beginIndex 3 ." ;\n'
            b'\tschema:text "\\tnif:endIndex 4 ." .\n')
    assert nif_typed_turtle(text) == (b'<a> nif:beginIndex "12"^^xsd:nonNegativeInteger ;\n\t'
                                      b'nif:endIndex "14"^^xsd:nonNegativeInteger .\n'
                                      b'<b> schema:text "x> nif:beginIndex 3 ." ;\n\tschema:text "\\tnif:endIndex 4 ." .\n')


def test_the_turtle_dump_is_the_same_on_one_thread_or_several(sample_graph_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """graph.ttl's process dumps on fewer threads beside graph.html: the bytes must not depend on it."""
    import io

    import kg.graph.dump

    monkeypatch.setattr(kg.graph.dump, "GRAPHS_PER_TASK", 3)  # many tasks, so that threads interleave
    dumps = []
    store = GraphStore.open(sample_graph_dir, read_only=True)
    try:
        for threads in (None, 1, 4):
            buffer = io.BytesIO()
            store.dump(buffer, fmt="turtle", threads=threads)
            dumps.append(buffer.getvalue())
    finally:
        store.close()
    assert dumps[0] == dumps[1] == dumps[2] and dumps[0].count(b"\n") > 1000
