"""kg query: named queries on the sample, safe parameters, errors and result formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import (
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
)
from typer.testing import CliRunner

from kg import errors
from kg.cli import app
from kg.graph.namespace import KG
from kg.graph.query import (
    Param,
    bind_params,
    named_queries,
    prepare_query,
    run_query,
    sparql_string,
)
from kg.graph.store import GraphStore

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

NAMES = {
    "articles-by-reporter", "reporters-by-place", "who-mentions", "co-mentions",
    "event-timeline", "place-hierarchy", "mention-context", "quotes-by", "quotes-search",
    "events", "place-timeline", "involved",
}  # fmt: skip
PARAM_KINDS = ("string", "iri", "integer", "date", "role", "event_type", "event_role")


@pytest.fixture(scope="module")
def store(sample_graph_dir: Path) -> GraphStore:
    return GraphStore.open(sample_graph_dir, read_only=True)


def _rows(store: GraphStore, query: str, /, **params: str) -> list[dict[str, str]]:
    result = run_query(store, prepare_query(query, params=params))
    return [{v: (t.value if t is not None else None) for v, t in zip(result.variables, row)} for row in result.rows]


def test_named_queries_are_documented() -> None:
    found = named_queries()
    assert NAMES <= set(found)
    for query in found.values():
        assert query.summary and query.text.startswith("#")
        for param in query.params:
            assert param.help and param.kind in PARAM_KINDS


def _credited(store: GraphStore, role: str) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?n WHERE {{ ?c prov:hadRole kg:{role} ; prov:agent/schema:name ?n }}")
    return {row["n"].value for row in rows}


def test_articles_by_reporter(store: GraphStore) -> None:
    rows = _rows(store, "articles-by-reporter", name="张明金")
    assert [(r["headline"], r["credited"], r["printed"]) for r in rows] == [("把平安答卷写在群众心中", "Reporter", "记者")]
    assert rows[0]["date"] == "2023-01-09" and "/荆州日报/" in rows[0]["article"]
    reporters, correspondents = _credited(store, "Reporter"), _credited(store, "Correspondent")
    assert "刘园园" in correspondents and len(reporters) == len(correspondents) == 6
    # Issue 21: a reporters query must not list correspondents.
    everyone = _rows(store, "articles-by-reporter")
    assert {r["name"] for r in everyone} == reporters and {r["credited"] for r in everyone} == {"Reporter"}
    assert _rows(store, "articles-by-reporter", name="刘园园") == []
    [row] = _rows(store, "articles-by-reporter", name="刘园园", role="correspondent")
    assert (row["credited"], row["printed"]) == ("Correspondent", "通讯员")
    assert {r["name"] for r in _rows(store, "articles-by-reporter", role="Correspondent")} == correspondents
    every_role = _rows(store, "articles-by-reporter", role="any")
    assert {r["name"] for r in every_role} == reporters | correspondents
    assert {(r["name"], r["credited"]) for r in every_role} >= {("张明金", "Reporter"), ("刘园园", "Correspondent")}
    assert _rows(store, "articles-by-reporter", role="photographer") == []  # the sample credits no photographer


def test_reporters_by_place(store: GraphStore) -> None:
    rows = _rows(store, "reporters-by-place", reporter="张明金")
    places = {r["place"]: int(r["articles"]) for r in rows}
    assert places.get("荆州市") == 1 and "公安县" in places
    by_place = _rows(store, "reporters-by-place", place="荆州市")
    assert "张明金" in {r["reporter"] for r in by_place}
    assert all(r["place"] == "荆州市" and r["code"] == "421000" for r in by_place)


def test_reporters_by_place_keeps_the_roles_apart(store: GraphStore) -> None:
    reporters, correspondents = _credited(store, "Reporter"), _credited(store, "Correspondent")
    listed = {r["reporter"] for r in _rows(store, "reporters-by-place")}
    assert listed and listed <= reporters
    assert _rows(store, "reporters-by-place", reporter="刘园园") == []
    theirs = {r["reporter"] for r in _rows(store, "reporters-by-place", role="correspondent")}
    assert "刘园园" in theirs and theirs <= correspondents
    assert {r["reporter"] for r in _rows(store, "reporters-by-place", role="any")} == listed | theirs
    on_place = {r["reporter"] for r in _rows(store, "reporters-by-place", place="荆州市", role="any")}
    assert on_place & reporters and on_place & correspondents


def test_a_role_parameter_takes_a_byline_role_or_any() -> None:
    declared = (Param("role", "role", False),)
    for value, term in (("reporter", NamedNode(KG.Reporter)), ("Correspondent", NamedNode(KG.Correspondent)),
                        (" INTERN ", NamedNode(KG.Intern)), ("any", Literal("any"))):
        [row] = list(Store().query(bind_params("SELECT * WHERE { }", {"role": value}, declared=declared)))
        assert row["role"] == term, value
    for bad in ("reporters", "记者", "kg:Reporter", ""):
        with pytest.raises(errors.QueryError, match="expected one of reporter, correspondent"):
            bind_params("SELECT * WHERE { }", {"role": bad}, declared=declared)


def test_who_mentions_by_alternate_name(store: GraphStore) -> None:
    rows = _rows(store, "who-mentions", name="荆州公安")
    assert {r["canonical"] for r in rows} == {"荆州市公安局"}
    assert "把平安答卷写在群众心中" in {r["headline"] for r in rows}
    assert all(int(r["mentions"]) >= 1 for r in rows)


def test_co_mentions(store: GraphStore) -> None:
    rows = _rows(store, "co-mentions", name="荆州市公安局")
    assert rows and {r["entity"] for r in rows} == {"荆州市公安局"}
    assert "陈剑明" in {r["other"] for r in rows}
    assert {r["otherType"] for r in rows} <= {"Person", "Organization", "Place"}


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("co-mentions", {"name": "荆州市公安局"}),
        ("co-mentions", {"name": "荆州市"}),
        ("reporters-by-place", {}),
        ("reporters-by-place", {"place": "荆州市"}),
        ("reporters-by-place", {"role": "any"}),
        ("reporters-by-place", {"role": "correspondent"}),
        ("mention-context", {"name": "荆州市"}),
        ("quotes-by", {"name": "荆州公安"}),
        ("quotes-search", {"word": ","}),
    ],
)
def test_the_plain_sparql_11_form_gives_the_same_rows(store: GraphStore, query: str, params: dict) -> None:
    named = named_queries()[query]
    assert named.portable != named.text and "LATERAL" not in named.portable
    tuned = run_query(store, bind_params(named.text, params, declared=named.params))
    portable = run_query(store, bind_params(named.portable, params, declared=named.params))
    assert tuned.variables == portable.variables and len(tuned.rows) > 3
    assert sorted(map(str, tuned.rows)) == sorted(map(str, portable.rows))


def test_mention_context_orders_by_date_article_and_offset_in_both_forms(store: GraphStore) -> None:
    named = named_queries()["mention-context"]
    assert named.portable.count("ORDER BY") == 1 and "?articleKey" not in named.portable
    tuned = run_query(store, bind_params(named.text, {"name": "荆州市"}, declared=named.params))
    portable = run_query(store, bind_params(named.portable, {"name": "荆州市"}, declared=named.params))
    assert len(tuned.rows) > 3 and list(map(str, tuned.rows)) == list(map(str, portable.rows))
    at = tuned.variables.index
    articles = [str(r[at("mention")]).split("#")[0] for r in tuned.rows]
    keys = [(str(r[at("date")]), a, int(r[at("begin")].value)) for r, a in zip(tuned.rows, articles)]
    # Newest first; within a date, article by article; within an article, by offset.
    expected = sorted(sorted(keys, key=lambda k: (k[1], k[2])), key=lambda k: k[0], reverse=True)
    assert keys == expected


def test_event_timeline_orders_by_date_of_any_precision_undated_last_then_name(tmp_path: Path) -> None:
    schema, g = "https://schema.org/", NamedNode("https://kg.example.org/graph/events")
    starts = {"乙会": "2023-01-05", "甲会": "2023-01-05", "丙会": "2023-01", "丁会": "2023", "戊会": None,
              "己会": "2022-12-31", "庚会": None, "辛会 ~": "2023-01"}
    from pyoxigraph import Quad

    quads = []
    for n, (name, start) in enumerate(starts.items()):
        event, article = NamedNode(f"https://kg.example.org/event/{n}"), NamedNode(f"https://kg.example.org/article/{n}")
        quads += [Quad(event, NamedNode(RDF_TYPE), NamedNode(schema + "Event"), g),
                  Quad(event, NamedNode(schema + "name"), Literal(name), g),
                  Quad(article, NamedNode(schema + "mentions"), event, article)]
        if start:
            kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(start)]
            quads.append(Quad(event, NamedNode(schema + "startDate"), Literal(start, datatype=NamedNode(XSD + kind)), g))
    store = GraphStore.open(tmp_path / "store")
    store.add(quads)
    order = [row["event"] for row in _rows(store, "event-timeline")]
    assert order == ["己会", "丁会", "丙会", "辛会 ~", "乙会", "甲会", "庚会", "戊会"]


def test_a_plain_query_is_its_own_portable_form() -> None:
    assert named_queries()["who-mentions"].portable == named_queries()["who-mentions"].text


def test_event_timeline_is_in_date_order(store: GraphStore) -> None:
    rows = _rows(store, "event-timeline")
    dated = [r["start"] for r in rows if r["start"]]
    assert len(dated) >= 3 and dated == sorted(dated)
    assert all(r["start"] for r in rows[: len(dated)])  # undated ones last
    meeting = next(r for r in rows if r["event"] == "中央政法工作会议")
    assert meeting["place"] == "北京市" and meeting["kind"] == "Meeting"
    january = _rows(store, "event-timeline", **{"from": "2023-01-05", "to": "2023-01-31"})
    assert "中央政法工作会议" in {r["event"] for r in january}
    assert all(r["start"] and r["start"] <= "2023-01-31" and r["end"] >= "2023-01-05"[: len(r["end"])] for r in january)
    assert len(january) < len(rows)


def test_place_hierarchy(store: GraphStore) -> None:
    [row] = _rows(store, "place-hierarchy", name="南门社区")
    assert row["chain"].startswith("东城街道 < 荆州区 (421003) < 荆州市 (421000) < 湖北省 (420000)")
    [city] = _rows(store, "place-hierarchy", code="421000")
    assert city["place"] == "荆州市" and city["chain"] == "湖北省 (420000)"
    everything = _rows(store, "place-hierarchy")
    tops = [r for r in everything if r["depth"] == "0"]
    assert tops and all(r["chain"] == "" for r in tops) and "湖北省" in {r["place"] for r in tops}
    assert [int(r["depth"]) for r in everything] == sorted(int(r["depth"]) for r in everything)


def test_mention_context_traces_back_to_the_text(store: GraphStore) -> None:
    rows = _rows(store, "mention-context", name="陈剑明")
    assert len(rows) >= 2
    for row in rows:
        assert row["anchor"] == "陈剑明" and "【陈剑明】" in row["context"]
        assert row["mention"].endswith(f"#char={row['begin']},{row['end']}")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_string_parameter_is_bound_as_one_literal(value: str) -> None:
    store = Store()
    sparql = bind_params("SELECT ?name WHERE { }", {"name": value}, declared=(Param("name", "string", True),))
    [row] = list(store.query(sparql))
    assert row["name"] == Literal(value)
    assert sparql_string(value).startswith('"')


def test_injection_stays_a_value(store: GraphStore) -> None:
    hostile = '伍丹" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("'
    assert _rows(store, "articles-by-reporter", name=hostile) == []


def test_binding_skips_braces_in_comments_strings_and_iris() -> None:
    text = '# a { in a comment\nPREFIX x: <http://e.org/a#>\nSELECT ("{" AS ?b) ?name WHERE { }'
    sparql = bind_params(text, {"name": "x"}, declared=(Param("name", "string", True),))
    [row] = list(Store().query(sparql))
    assert (row["b"].value, row["name"].value) == ("{", "x")


def test_values_marks_bind_inside_subqueries() -> None:
    text = (
        "# @values in the header is prose, not a mark\n"
        "SELECT ?n ?m WHERE {\n  { SELECT ?n WHERE {\n    # @values: here\n"
        "    VALUES ?n { 1 2 3 } FILTER (!BOUND(?max) || ?n <= ?max)\n  } }\n"
        "  { SELECT ?m WHERE {\n    #@values and here\n"
        "    VALUES ?m { 1 2 3 } FILTER (!BOUND(?max) || ?m <= ?max)\n  } }\n}"
    )
    declared = (Param("max", "integer", False),)
    sparql = bind_params(text, {"max": "2"}, declared=declared)
    assert sparql.count("\n") == text.count("\n") and sparql.count("VALUES (?max)") == 2
    assert sparql.startswith("# @values in the header")
    rows = {(int(row["n"].value), int(row["m"].value)) for row in Store().query(sparql)}
    assert rows == {(1, 1), (1, 2), (2, 1), (2, 2)}
    # At the outermost group the subqueries would not see ?max, and nothing is filtered.
    outer = bind_params(text.replace("@values", "note"), {"max": "2"}, declared=declared)
    assert len(list(Store().query(outer))) == 9


def test_typed_parameters() -> None:
    declared = (Param("iri", "iri", False), Param("n", "integer", False), Param("d", "date", False))
    sparql = bind_params("SELECT * WHERE { }", {"iri": "https://e.org/a", "n": "3", "d": "2023-01-09"}, declared=declared)
    [row] = list(Store().query(sparql))
    assert row["iri"] == NamedNode("https://e.org/a") and row["n"].value == "3" and row["d"].value == "2023-01-09"
    for bad in ({"iri": "not an iri>"}, {"n": "3.5"}, {"d": "2023-1-9"}):
        with pytest.raises(errors.QueryError):
            bind_params("SELECT * WHERE { }", bad, declared=declared)


def test_parameter_errors() -> None:
    with pytest.raises(errors.QueryError) as missing:
        prepare_query("who-mentions")
    assert missing.value.code == "KG301"
    with pytest.raises(errors.QueryError) as unknown:
        prepare_query("who-mentions", params={"name": "x", "nom": "y"})
    assert unknown.value.code == "KG301"
    with pytest.raises(errors.UnknownQueryError) as nope:
        prepare_query("no-such-query")
    assert nope.value.code == "KG302"


def test_a_malformed_query_says_where(store: GraphStore) -> None:
    with pytest.raises(errors.QueryError) as caught:
        run_query(store, "SELECT ?s\nWHERE { ?s ?p }")
    assert caught.value.code == "KG301"
    assert caught.value.line == 2 and caught.value.column >= 14  # type: ignore[attr-defined]


def test_a_query_that_fails_at_run_time_is_not_called_malformed(store: GraphStore) -> None:
    with pytest.raises(errors.QueryError) as caught:
        run_query(store, "ASK { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert caught.value.code == "KG301" and "malformed" not in caught.value.message
    assert getattr(caught.value, "line", None) is None


def test_limit_marks_truncation(store: GraphStore) -> None:
    result = run_query(store, "SELECT ?s WHERE { ?s a schema:Place }", limit=3)
    assert len(result.rows) == 3 and result.truncated


def test_cli_named_query_formats(sample_graph_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["query", "who-mentions", "--param", "name=荆州公安", "--graph", str(sample_graph_dir)]
    out = runner.invoke(app, [*base, "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0].startswith("entity,canonical") and "荆州市公安局" in out.stdout
    data = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    assert data["results"]["bindings"][0]["canonical"]["value"] == "荆州市公安局"
    target = tmp_path / "out.tsv"
    assert runner.invoke(app, [*base, "--format", "sparql-tsv", "--output", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("?entity\t")
    table = runner.invoke(app, [*base, "--format", "table"])
    assert table.exit_code == 0 and "canonical" in table.stdout and "荆州" in table.stdout


def test_cli_ask_and_construct_formats(sample_graph_dir: Path) -> None:
    runner = CliRunner()
    graph = ["--graph", str(sample_graph_dir)]
    ask = runner.invoke(app, ["query", "ASK { ?s a schema:Person }", *graph, "--format", "json"])
    assert ask.exit_code == 0 and json.loads(ask.stdout) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Place ; schema:name ?n }"
    turtle = runner.invoke(app, ["query", construct, *graph])  # auto, not a terminal: Turtle
    assert turtle.exit_code == 0 and "@prefix schema: <https://schema.org/> ." in turtle.stdout
    triples = {q.triple for q in parse(turtle.stdout.encode("utf-8"), RdfFormat.TURTLE)}
    rows = runner.invoke(app, ["query", construct, *graph, "--format", "sparql-tsv"])  # triples as rows
    solutions = parse_query_results(rows.stdout, QueryResultsFormat.TSV)
    assert [v.value for v in solutions.variables] == ["subject", "predicate", "object"]
    assert {Triple(*row) for row in solutions} == triples and triples
    wrong = runner.invoke(app, ["query", "ASK { ?s ?p ?o }", *graph, "--format", "turtle"])
    assert wrong.exit_code == 2 and "KG301" in wrong.output


def test_cli_query_from_file_and_stdin(sample_graph_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Place }", encoding="utf-8")
    from_file = runner.invoke(app, ["query", "-f", str(rq), "--graph", str(sample_graph_dir), "--format", "csv"])
    from_stdin = runner.invoke(app, ["query", "-", "--graph", str(sample_graph_dir), "--format", "csv"], input=rq.read_text())
    assert from_file.exit_code == 0 and from_file.stdout == from_stdin.stdout
    assert int(from_file.stdout.split()[1]) >= 10


def test_cli_errors_have_codes(sample_graph_dir: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p }", "--graph", str(sample_graph_dir)])
    assert bad.exit_code == 2 and "KG301" in bad.output and "line 1, column" in bad.output
    assert "Traceback" not in bad.output
    unknown = runner.invoke(app, ["query", "nope", "--graph", str(sample_graph_dir)])
    assert unknown.exit_code == 2 and "KG302" in unknown.output


def test_cli_list(sample_graph_dir: Path) -> None:
    out = CliRunner().invoke(app, ["query", "--list"])
    assert out.exit_code == 0
    for name in NAMES:
        assert name in out.stdout


# ------------------------------------------------------------------ quotations (issue 22)


def test_quotes_by_a_body_through_any_of_its_names(store: GraphStore) -> None:
    rows = _rows(store, "quotes-by", name="荆州公安")
    assert {r["speaker"] for r in rows} == {"荆州市公安局"} and len(rows) == 5
    assert [r["speech"] for r in rows].count("direct") == 3
    assert {r["role"] for r in rows} == {"负责人", "有关负责人"}
    assert all(r["quotation"].startswith(r["article"] + "#char=") for r in rows)
    assert [int(r["begin"]) for r in rows] == sorted(int(r["begin"]) for r in rows)  # one article: in text order
    [person] = _rows(store, "quotes-by", name="陈剑明")
    assert (person["speech"], person["speakerAs"], person["date"]) == ("direct", "教导员陈剑明", "2023-01-09")
    assert person["quote"].startswith("问题清单列出来了")


def test_quote_search_finds_words_with_or_without_a_speaker(store: GraphStore) -> None:
    rows = _rows(store, "quotes-search", word="查深查透")
    assert [(r["speaker"], r["speakerAs"], r["speech"]) for r in rows] == [(None, None, "direct")]
    villager = _rows(store, "quotes-search", word="保险柜")
    assert [(r["speaker"], r["speakerAs"]) for r in villager] == [(None, "被盗村民")]
    assert _rows(store, "quotes-search", word="没有人说过的话") == []
    with pytest.raises(errors.QueryError):
        prepare_query("quotes-search")


# ------------------------------------------------------------------ query limits (issue 20)


@pytest.mark.parametrize(
    ("measure_name", "text"),
    [
        ("depth", "SELECT * WHERE " + "{" * 65 + " ?s ?p ?o " + "}" * 65),
        ("depth", "SELECT * WHERE { ?s ?p ?o FILTER(" + "STR(" * 70 + "?o" + ")" * 70 + ") }"),
        ("tokens", "SELECT * WHERE { BIND(" + "+".join(["1"] * 5001) + " AS ?x) }"),
        ("tokens", "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?b{i})" for i in range(1700)) + " }"),
        ("patterns", "SELECT * WHERE { " + " . ".join(f"?s ?p ?o{i}" for i in range(201)) + " }"),
        ("patterns", "SELECT * WHERE { ?s ?p (" + " 1" * 101 + " ) }"),
        ("patterns", "SELECT * WHERE { ?s " + "/".join(["<http://e.org/p>"] * 201) + " ?o }"),
        ("length", "SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_000),
        ("brackets", 'SELECT * WHERE { ?s ?p "' + "(" * 5001 + '" }'),
    ],
)
def test_a_query_past_a_limit_is_refused_before_the_engine(store: GraphStore, measure_name: str, text: str) -> None:
    from kg.graph.query_limits import LIMITS, measure

    assert getattr(measure(text), measure_name) > getattr(LIMITS, measure_name)
    with pytest.raises(errors.QueryError) as caught:
        run_query(store, text)
    assert caught.value.code == "KG301"


def test_the_named_queries_are_far_within_the_limits() -> None:
    from kg.graph.query_limits import LIMITS, measure

    for found in named_queries().values():
        shape = measure(found.text)
        assert shape.depth * 4 <= LIMITS.depth and shape.tokens * 10 <= LIMITS.tokens, found.name
        assert shape.patterns * 4 <= LIMITS.patterns and shape.brackets * 10 <= LIMITS.brackets, found.name


@pytest.mark.parametrize(
    "before",
    [
        "BIND(ex:a\\' AS ?x)",  # an escaped quote in a local name starts no string
        "BIND(ex:a\\# AS ?x)",  # nor an escaped hash a comment
        "# a comment ended by a carriage return\r",
        "?s ?p <http://e.org/a#b> .",
        'BIND("\\"" AS ?x) BIND(\'\\\'\' AS ?y)',
    ],
)
def test_the_scanner_reads_nesting_where_the_engine_reads_it(before: str) -> None:
    from kg.graph.query_limits import measure

    deep = "{" * 100 + " ?s ?p ?o " + "}" * 100
    assert measure(f"PREFIX ex: <http://e.org/> SELECT * WHERE {{ {before} {deep} }}").depth >= 100


@pytest.mark.parametrize("before", ["FILTER(?a<'x>\"' || true)", "FILTER(?a<'x>'''' || true)"])
def test_a_less_than_that_looks_like_an_iri_cannot_hide_nesting(store: GraphStore, before: str) -> None:
    """Read as an IRI, ``<'x>`` leaves the rest in a string; read as a less-than, the rest is
    code. The engine gets the quote escaped, which it refuses as code: it never reads on."""
    deep = "{" * 100 + " ?s ?p ?o " + "}" * 100
    with pytest.raises(errors.QueryError) as caught:
        run_query(store, f"SELECT * WHERE {{ ?a ?b ?c {before} {deep} }}")
    assert caught.value.code == "KG301" and "malformed" in caught.value.message


def test_iris_rewritten_for_the_engine_are_the_same_iris(store: GraphStore) -> None:
    from kg.graph.query_limits import scan

    text = "SELECT ?i WHERE { BIND(<http://e.org/a#b'c> AS ?i) FILTER(?i != <http://e.org/(x)>) }"
    assert "\\u0023" in scan(text).engine_text
    [(iri,)] = run_query(store, text).rows
    assert iri == NamedNode("http://e.org/a#b'c")


def test_values_and_data_blocks_count_as_data_not_as_tokens(store: GraphStore) -> None:
    from kg.graph.query_limits import LIMITS, measure

    iris = " ".join(f"<https://kg.example.org/x/{i}>" for i in range(3000))
    values = f"SELECT ?x WHERE {{ VALUES ?x {{ {iris} }} }}"
    assert measure(values).tokens < 20 and len(run_query(store, values).rows) == 3000
    rows = " ".join(f"({i} 'a{i}')" for i in range(3000))
    assert measure(f"SELECT * WHERE {{ VALUES (?a ?b) {{ {rows} }} }}").tokens < 30
    data = "INSERT DATA { " + " ".join(f"<https://e.org/{i}> <https://e.org/p> {i} ." for i in range(3000)) + " }"
    assert measure(data).tokens < 20 and measure(data).patterns == 0
    assert measure("SELECT * WHERE { VALUES ?x { 1 } " + "?s ?p ?o . " * 10 + "}").patterns == 10
    assert measure(values).tokens < LIMITS.tokens


@pytest.mark.parametrize(("query", "params"), [("mention-context", {"name": "荆州市"}), ("quotes-by", {"name": "荆州公安"}),
                                               ("quotes-search", {"word": ","})])
def test_offsets_compare_alike_in_the_export_where_nif_types_them(store: GraphStore, query: str, params: dict) -> None:
    """The export types NIF offsets xsd:nonNegativeInteger (the store keeps xsd:integer): the
    plain SPARQL 1.1 forms, run by rdflib on the exported Turtle, compare and cut with them
    as the tuned forms do on the store."""
    import io

    import rdflib

    from kg.graph.export import export_graph

    buffer = io.BytesIO()
    export_graph(store, buffer, fmt="turtle")
    graph = rdflib.Graph().parse(data=buffer.getvalue(), format="turtle")
    offsets = {o.datatype for p in ("beginIndex", "endIndex") for o in graph.objects(None, rdflib.URIRef(NIF + p))}
    assert offsets == {rdflib.URIRef(XSD + "nonNegativeInteger")}
    named = named_queries()[query]
    elsewhere = sorted(tuple("" if t is None else str(t) for t in row)
                       for row in graph.query(bind_params(named.portable, params, declared=named.params)))
    tuned = run_query(store, bind_params(named.text, params, declared=named.params))
    assert len(tuned.rows) > 2
    assert elsewhere == sorted(tuple("" if t is None else t.value for t in row) for row in tuned.rows)
