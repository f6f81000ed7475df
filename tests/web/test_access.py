"""What the endpoint refuses before running anything (kg/web/access.py): SERVICE and LOAD in
any spelling, foreign hosts and origins, and which origins may read its answers."""

from __future__ import annotations

import pytest

from kg.web.access import allowed_origin, fetches, hostname, names_loopback, same_origin

URL = "<http://127.0.0.1:9999/sparql>"


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * WHERE {{ SERVICE {URL} {{ ?s ?p ?o }} }}",
        f"select * where {{ ?x ?y ?z . service silent {URL} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ FILTER(?a<?b) SERVICE {URL} {{ ?s ?p ?o }} }}",  # no IRI from < to >
        f"SELECT * WHERE {{ \\u0053ERVICE {URL} {{ ?s ?p ?o }} }}",  # refused, though Oxigraph would not parse it
        f"PREFIX ex: <http://ex/> SELECT * WHERE {{ BIND(ex:a\\# AS ?h) SERVICE {URL} {{ ?x ?y ?z }} }}",
        f"PREFIX ex: <http://ex/> SELECT * WHERE {{ BIND(ex:a\\' AS ?h) SERVICE {URL} {{ ?x ?y ?z }} }}",
        # rdflib's parser reads the comment on to the line feed; Oxigraph ends it at the carriage return
        f"SELECT * WHERE {{ ?s ?p ?o # a comment\r SERVICE {URL} {{ ?a ?b ?c }} \n }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>\"' || true) SERVICE {URL} {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE ?where {{ ?a ?b ?c }} }} }} VALUES ?where {{ {URL} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE {URL} {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ LATERAL {{ SERVICE {URL} {{ ?a ?b ?c }} }} }}",  # SPARQL 1.2, which rdflib cannot parse
        f"SELECT * WHERE {{ \u017fERVICE {URL} {{ ?a ?b ?c }} }}",  # ſ, whose upper case is S
    ],
)
def test_every_spelling_of_service_is_found(query: str) -> None:
    assert fetches(query)


@pytest.mark.parametrize(
    "query",
    [
        'PREFIX ex: <https://e.org/> ASK { ?s ex:SERVICE "SERVICE" } # SERVICE <http://e.org/>',
        "SELECT ?service WHERE { ?service a <https://e.org/Service> }",
        'SELECT * WHERE { ?s ?p """ SERVICE <http://e.org/> { ?a ?b ?c } """ }',
        "PREFIX service: <https://e.org/> SELECT * WHERE { ?s service:load ?o }",
        "SELECT * WHERE { ?s ?p ?o } # no federation here",
    ],
)
def test_the_word_alone_is_no_federated_query(query: str) -> None:
    assert not fetches(query)


@pytest.mark.parametrize(
    "update",
    [
        f"LOAD {URL}",
        f"load silent {URL} into graph <https://e.org/g>",
        f"PREFIX ex: <http://ex/> INSERT DATA {{ ex:a ex:b ex:c\\# }} ; LOAD {URL}",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE {URL} {{ ?s ?p ?o }} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o # x\r SERVICE {URL} {{ ?s ?p ?o }} }}",
    ],
)
def test_load_and_service_in_updates_are_found(update: str) -> None:
    assert fetches(update, update=True)


def test_updates_that_fetch_nothing() -> None:
    assert not fetches("INSERT DATA { <https://e.org/a> <https://e.org/load> 'LOAD <http://e.org/>' }", update=True)
    assert not fetches("DELETE WHERE { ?s <https://e.org/service> ?o }", update=True)


def test_cors_answers_only_the_origins_given() -> None:
    assert allowed_origin("https://app.example", ()) is None
    assert allowed_origin(None, ("https://app.example",)) is None
    assert allowed_origin("https://app.example", ("https://app.example/",)) == "https://app.example"
    assert allowed_origin("https://APP.example", ("https://app.example",)) == "https://APP.example"
    assert allowed_origin("https://evil.example", ("https://app.example",)) is None
    assert allowed_origin("https://evil.example", ("*",)) == "*"


def test_updates_come_from_no_page_the_same_origin_or_a_trusted_one() -> None:
    assert same_origin(None, "127.0.0.1:7879")
    assert same_origin("http://127.0.0.1:7879", "127.0.0.1:7879")
    assert not same_origin("https://evil.example", "127.0.0.1:7879")
    assert same_origin("https://app.example", "127.0.0.1:7879", trusted=("https://app.example",))
    assert not same_origin("https://evil.example", "127.0.0.1:7879", trusted=("*",))  # * reads, never writes


def test_loopback_host_names() -> None:
    assert hostname("[::1]:7879") == "::1" and hostname("localhost:80") == "localhost"
    assert names_loopback(None) and names_loopback("127.0.0.1:7879")
    assert not names_loopback("evil.example:7879")


def test_a_query_is_scanned_once_for_its_limits_and_its_keywords(monkeypatch: pytest.MonkeyPatch) -> None:
    from http import HTTPStatus

    from kg import errors
    from kg.web import access
    from kg.web.protocol import Failure

    scans: list[str] = []
    real_scan = access.scan
    monkeypatch.setattr(access, "scan", lambda text: scans.append(text) or real_scan(text))
    with pytest.raises(Failure) as caught:
        access.screened(f"SELECT * WHERE {{ SERVICE {URL} {{ ?s ?p ?o }} }}")
    assert caught.value.status == HTTPStatus.FORBIDDEN and "SERVICE" in caught.value.message
    assert len(scans) == 1
    scans.clear()
    text = 'PREFIX ex: <http://e.org/a#b> ASK { ?s ex:service "SERVICE" }'  # the word, no federated query
    assert access.screened(text) == text.replace("#", "\\u0023") and len(scans) == 1
    assert access.screened(f"SELECT * WHERE {{ SERVICE {URL} {{ ?s ?p ?o }} }}", allow_service=True)
    with pytest.raises(Failure) as caught:
        access.screened(f"LOAD {URL}", update=True)
    assert caught.value.status == HTTPStatus.FORBIDDEN and "LOAD" in caught.value.message
    for deep in ("ASK {" + "{" * 100 + "}" * 100 + "}", "ASK { " + "?s ?p ?o . " * 5_000 + "}", "#" * 100_001):
        with pytest.raises(errors.QueryError) as refused:
            access.screened(deep)
        assert refused.value.code == "KG301" and "over the limit" in str(refused.value)
