"""A small hand-written graph of organizations and places with finer kinds, for the views.

Made-up names. Organizations: 青禾县人民医院 (schema:Hospital), 青禾县卫生健康局
(schema:GovernmentOrganization), 鹤鸣医药 (stated schema:Hospital and schema:Corporation, as
two builds that disagreed would: Corporation comes first in ``EntityKind``), 青禾县义工联合会
(no kind). Places: 青禾县 (schema:AdministrativeArea), 枫林路 (kg:Road), 白鹭湾 (stated
schema:Hospital, a kind of organization: no kind of place). One person, two articles.
"""

from __future__ import annotations

from pyoxigraph import RdfFormat, parse

from kg.graph.store import GraphStore

BASE = "https://kg.example.org/"
HOSPITAL, ROAD = BASE + "org/青禾县人民医院", BASE + "place/枫林路"
BUREAU, TRADER, VOLUNTEERS = BASE + "org/青禾县卫生健康局", BASE + "org/鹤鸣医药", BASE + "org/青禾县义工联合会"
COUNTY, BAY, PERSON = BASE + "place/青禾县", BASE + "place/白鹭湾", BASE + "person/王晓枫"

_ENTITIES = f"""
<{COUNTY}> a schema:Place , schema:AdministrativeArea ; schema:name "青禾县" .
<{ROAD}> a schema:Place , kg:Road ; schema:name "枫林路" ; schema:containedInPlace <{COUNTY}> .
<{BAY}> a schema:Place , schema:Hospital ; schema:name "白鹭湾" .
<{HOSPITAL}> a schema:Organization , schema:Hospital ; schema:name "青禾县人民医院" ; schema:location <{ROAD}> .
<{BUREAU}> a schema:Organization , schema:GovernmentOrganization ; schema:name "青禾县卫生健康局" .
<{TRADER}> a schema:Organization , schema:Hospital , schema:Corporation ; schema:name "鹤鸣医药" .
<{VOLUNTEERS}> a schema:Organization ; schema:name "青禾县义工联合会" .
<{PERSON}> a schema:Person ; schema:name "王晓枫" ; schema:worksFor <{HOSPITAL}> .
"""
# article → (headline, date, body, mentioned IRIs: each by its name in the body)
_ARTICLES = {
    "k1": ("枫林路上开义诊", "2024-03-02", "青禾县人民医院在枫林路开展义诊，青禾县卫生健康局到场，医生王晓枫参加。",
           (HOSPITAL, ROAD, BUREAU, PERSON)),
    "k2": ("白鹭湾志愿服务", "2024-03-05", "青禾县义工联合会在白鹭湾服务，鹤鸣医药捐赠药品，青禾县各界参与。",
           (VOLUNTEERS, BAY, TRADER, COUNTY)),
}
_NAMES = {HOSPITAL: "青禾县人民医院", ROAD: "枫林路", BUREAU: "青禾县卫生健康局", PERSON: "王晓枫",
          VOLUNTEERS: "青禾县义工联合会", BAY: "白鹭湾", TRADER: "鹤鸣医药", COUNTY: "青禾县"}
PREFIXES = """
@prefix schema: <https://schema.org/> .
@prefix kg: <https://kg.example.org/ontology#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _article_graph(key: str) -> str:
    headline, date, body, mentioned = _ARTICLES[key]
    iri = f"<{BASE}article/青禾报/{date}/1/{key}>"
    lines = [f'{iri} a schema:NewsArticle , nif:Context ; schema:headline "{headline}" ;',
             f'    schema:datePublished "{date}"^^xsd:date ; schema:articleBody "{body}" .']
    for target in mentioned:
        begin, end = body.index(_NAMES[target]), body.index(_NAMES[target]) + len(_NAMES[target])
        lines += [f"{iri} schema:mentions <{target}> .",
                  f"<{iri[1:-1]}#char={begin},{end}> a kg:Mention ; kg:denotes <{target}> ; nif:referenceContext {iri} ;",
                  f"    nif:beginIndex {begin} ; nif:endIndex {end} ."]
    return f"GRAPH {iri} {{\n" + "\n".join(lines) + "\n}\n"


def kinds_store() -> GraphStore:
    """The graph in an in-memory store."""
    trig = PREFIXES + f"GRAPH <{BASE}graph/entities> {{{_ENTITIES}}}\n" + "".join(map(_article_graph, _ARTICLES))
    store = GraphStore.open(None)
    store.add(parse(trig.encode("utf-8"), RdfFormat.TRIG))
    return store
