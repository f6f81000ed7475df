"""A small hand-written graph of events in the RDF shape of issue 19, for the queries, stats and views.

Places: 湖北省 ⊃ 荆州市 (alias 荆州) ⊃ 荆州区, 沙市区; 湖北省 ⊃ 宜昌市; 北京市. Events, each
typed with its class, every class above it and its family, dated at its precision:

- a fire in 沙市区 on 2023-01-08 (2 dead, 3 injured, 200 亩 burnt), reported by two articles;
- a traffic accident in 宜昌市 in 2023-01 (month), 1 dead;
- a theft in 荆州区 on 2023-01-05 (张三 the agent, 50 万元), and the arrest that followed
  in 荆州市 on 2023-01-07 (2 arrested; 荆州市公安局 the authority);
- 中央政法工作会议 in 北京市 on 2023-01-07 (organized by 中央政法委, 王小洪 chaired, 张三 attended);
- 雷火行动 in 荆州市 in 2022 (year; organized by 荆州市公安局); 征兵 in 2023 (year);
- 元旦 on 2023-01-01; 春运 from 2023-01-07 to 2023-02-15;
- 最美口袋公园评选, a selection (a kind of award) of 2022-12 in 荆州市;
- 学法比武 in 荆州区, undated and of no type.
"""

from __future__ import annotations

from pyoxigraph import RdfFormat, parse

from kg.graph.store import GraphStore

BASE = "https://kg.example.org/"
FIRE = BASE + "event/fire/421002/2023-01-08"
ARTICLES = ("a1", "a2", "a3", "a4", "a5")

_ENTITIES = """
<place/420000> a schema:Place ; schema:name "湖北省" ; schema:identifier "420000" .
<place/421000> a schema:Place ; schema:name "荆州市" ; schema:alternateName "荆州" ; schema:identifier "421000" ;
    schema:containedInPlace <place/420000> .
<place/421003> a schema:Place ; schema:name "荆州区" ; schema:identifier "421003" ; schema:containedInPlace <place/421000> .
<place/421002> a schema:Place ; schema:name "沙市区" ; schema:identifier "421002" ; schema:containedInPlace <place/421000> .
<place/420500> a schema:Place ; schema:name "宜昌市" ; schema:identifier "420500" ; schema:containedInPlace <place/420000> .
<place/110000> a schema:Place ; schema:name "北京市" ; schema:identifier "110000" .
<person/张三> a schema:Person ; schema:name "张三" .
<person/王小洪> a schema:Person ; schema:name "王小洪" .
<org/荆州市公安局> a schema:Organization ; schema:name "荆州市公安局" ; schema:alternateName "荆州公安" .
<org/中央政法委> a schema:Organization ; schema:name "中央政法委" .
"""

_EVENTS = """
<event/fire/421002/2023-01-08> a schema:Event , kg:Fire , kg:DisasterEvent ; schema:name "火灾" ;
    schema:startDate "2023-01-08"^^xsd:date ; schema:location <place/421002> ; kg:deaths 2 ; kg:injuries 3 ;
    kg:area <event/fire/421002/2023-01-08#figure-area> .
<event/fire/421002/2023-01-08#figure-area> a schema:QuantitativeValue ; schema:value 200.0 ; schema:unitText "亩" .
<event/traffic_accident/420500/2023-01> a schema:Event , kg:TrafficAccident , kg:DisasterEvent ;
    schema:name "交通事故" ; schema:startDate "2023-01"^^xsd:gYearMonth ; schema:location <place/420500> ; kg:deaths 1 .
<event/theft/421003/2023-01-05> a schema:Event , kg:Theft , kg:Crime , kg:CrimeJusticeEvent ; schema:name "盗窃" ;
    schema:startDate "2023-01-05"^^xsd:date ; schema:location <place/421003> ;
    kg:amount <event/theft/421003/2023-01-05#figure-amount> ;
    schema:attendee <person/张三> ; kg:participation <event/theft/421003/2023-01-05#participation-1> .
<event/theft/421003/2023-01-05#figure-amount> a schema:QuantitativeValue ; schema:value 50.0 ; schema:unitText "万元" .
<event/theft/421003/2023-01-05#participation-1> a kg:Participation ; kg:participant <person/张三> ; kg:participantRole "agent" .
<event/arrest/421000/2023-01-07> a schema:Event , kg:Arrest , kg:CrimeJusticeEvent ; schema:name "抓获" ;
    schema:startDate "2023-01-07"^^xsd:date ; schema:location <place/421000> ; kg:arrests 2 ;
    schema:attendee <org/荆州市公安局> ; kg:participation <event/arrest/421000/2023-01-07#participation-1> .
<event/arrest/421000/2023-01-07#participation-1> a kg:Participation ; kg:participant <org/荆州市公安局> ;
    kg:participantRole "authority" .
<event/中央政法工作会议/2023-01-07> a schema:Event , kg:Meeting , kg:PoliticsEvent ; schema:name "中央政法工作会议" ;
    schema:startDate "2023-01-07"^^xsd:date ; schema:location <place/110000> ; schema:organizer <org/中央政法委> ;
    schema:attendee <person/王小洪> , <person/张三> ;
    kg:participation <event/中央政法工作会议/2023-01-07#participation-1> , <event/中央政法工作会议/2023-01-07#participation-2> .
<event/中央政法工作会议/2023-01-07#participation-1> a kg:Participation ; kg:participant <person/王小洪> ;
    kg:participantRole "chaired" .
<event/中央政法工作会议/2023-01-07#participation-2> a kg:Participation ; kg:participant <person/张三> ;
    kg:participantRole "attended" .
<event/雷火行动/2022> a schema:Event , kg:Campaign , kg:PoliticsEvent ; schema:name "雷火行动" ;
    schema:startDate "2022"^^xsd:gYear ; schema:location <place/421000> ; schema:organizer <org/荆州市公安局> .
<event/征兵/2023> a schema:Event , kg:Recruitment , kg:SocietyEvent ; schema:name "征兵" ; schema:startDate "2023"^^xsd:gYear .
<event/元旦/2023-01-01> a schema:Event , kg:Holiday , kg:CultureEvent ; schema:name "元旦" ;
    schema:startDate "2023-01-01"^^xsd:date .
<event/春运/2023-01-07> a schema:Event , kg:Holiday , kg:CultureEvent ; schema:name "春运" ;
    schema:startDate "2023-01-07"^^xsd:date ; schema:endDate "2023-02-15"^^xsd:date .
<event/最美口袋公园评选/2022-12> a schema:Event , kg:Selection , kg:Award , kg:SocietyEvent , schema:SocialEvent ;
    schema:name "最美口袋公园评选" ; schema:startDate "2022-12"^^xsd:gYearMonth ; schema:location <place/421000> .
<event/学法比武/undated> a schema:Event ; schema:name "学法比武" ; schema:location <place/421003> .
"""

# article → (headline, date, body, [(mentioned IRI, anchor text)])
_ARTICLES = {
    "a1": ("沙市区一居民楼起火", "2023-01-09", "8日，沙市区一居民楼发生火灾，造成2人死亡、3人受伤，过火面积200亩。",
           [("event/fire/421002/2023-01-08", "火灾"), ("place/421002", "沙市区")]),
    "a2": ("火灾原因正在调查", "2023-01-10", "8日沙市区火灾的原因正在调查。元旦以来，宜昌市也发生一起交通事故。",
           [("event/fire/421002/2023-01-08", "火灾"), ("event/元旦/2023-01-01", "元旦"),
            ("event/traffic_accident/420500/2023-01", "交通事故")]),
    "a3": ("荆州警方破获盗窃案", "2023-01-09", "5日荆州区发生盗窃，7日荆州市公安局抓获2名嫌疑人张三等。雷火行动持续推进。",
           [("event/theft/421003/2023-01-05", "盗窃"), ("event/arrest/421000/2023-01-07", "抓获"),
            ("org/荆州市公安局", "荆州市公安局"), ("person/张三", "张三"), ("event/雷火行动/2022", "雷火行动")]),
    "a4": ("中央政法工作会议召开", "2023-01-09", "中央政法工作会议7日在北京召开，王小洪主持。春运7日开始。征兵工作启动。",
           [("event/中央政法工作会议/2023-01-07", "中央政法工作会议"), ("person/王小洪", "王小洪"),
            ("event/春运/2023-01-07", "春运"), ("event/征兵/2023", "征兵")]),
    "a5": ("口袋公园评选揭晓", "2023-01-09", "最美口袋公园评选揭晓。荆州区开展学法比武。",
           [("event/最美口袋公园评选/2022-12", "最美口袋公园评选"), ("event/学法比武/undated", "学法比武")]),
}

PREFIXES = """
@prefix schema: <https://schema.org/> .
@prefix kg: <https://kg.example.org/ontology#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://kg.example.org/> .
"""


def article_iri(key: str) -> str:
    """The IRI of one of the graph's articles, ``a1`` … ``a5``."""
    return f"{BASE}article/荆州日报/{_ARTICLES[key][1]}/1/{key}"


def _article_graph(key: str) -> str:
    headline, date, body, mentioned = _ARTICLES[key]
    iri = f"<{article_iri(key)}>"
    lines = [f'{iri} a schema:NewsArticle , nif:Context ; schema:headline "{headline}" ;',
             f'    schema:datePublished "{date}"^^xsd:date ; schema:articleBody "{body}" .']
    for target, anchor in mentioned:
        begin = body.index(anchor)
        mention = f"<{article_iri(key)}#char={begin},{begin + len(anchor)}>"
        lines += [f"{iri} schema:mentions <{target}> .",
                  f"{mention} a kg:Mention ; kg:denotes <{target}> ; nif:referenceContext {iri} ;",
                  f'    nif:beginIndex {begin} ; nif:endIndex {begin + len(anchor)} ; nif:anchorOf "{anchor}" .']
    if key == "a1":
        lines.append(f"{iri} schema:about <event/fire/421002/2023-01-08> .")
    return f"GRAPH {iri} {{\n" + "\n".join(lines) + "\n}\n"


def events_trig() -> str:
    """The whole graph as TriG: entities, events and each article in its named graph."""
    parts = [PREFIXES, f"GRAPH <graph/entities> {{{_ENTITIES}}}\n", f"GRAPH <graph/events> {{{_EVENTS}}}\n"]
    return "".join(parts + [_article_graph(key) for key in _ARTICLES])


def events_store() -> GraphStore:
    """The graph in an in-memory store."""
    store = GraphStore.open(None)
    store.add(parse(events_trig().encode("utf-8"), RdfFormat.TRIG))
    return store
