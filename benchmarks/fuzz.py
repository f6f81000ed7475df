"""A long fuzzing run: the properties of the test suite with 10,000 examples each.

The tests run each property with a hundred-odd examples; this script runs the same
test bodies (``test.hypothesis.inner_test``) with many more, on the richer strategies below. Each property says: no exception, and every offset points at its text
(``text[start:end] == mention``). The page strategies are those of
``tests/extract/test_fuzz.py`` (arbitrary Unicode, with tables, tabs, brackets, bylines,
datelines and markers mixed in).

Usage::

    python benchmarks/fuzz.py [--examples 10000] [--only NAME ...] [--seed N]
    python benchmarks/fuzz.py --sparql [--queries 10000] [--max-seconds 1800] [--seed N]
    python benchmarks/fuzz.py --probe

Writes ``benchmarks/results/fuzz.json`` (examples, failures and time per property) and
exits 1 if any property failed.

``--sparql`` fuzzes the endpoint instead (issue 20): generated queries of random depth
and shape (nested groups and subqueries, property paths, FILTER expressions, SERVICE and
LOAD in every spelling, escapes, Unicode, and mutants of them all, valid or not) go to
``kg serve`` running in a subprocess on 127.0.0.1, by GET and POST; LOAD and SERVICE
updates go to a second one started with ``--allow-update``. The servers must stay alive
throughout, answer every query with 200, 400, 403 or 503 (never 500, never a dead
worker), and never connect to the address SERVICE and LOAD name. The run stops after
``--queries`` or ``--max-seconds``, and writes its figures to the ``sparql`` section.

``--probe`` measures where pyoxigraph crashes, each query shape of growing size in a
subprocess of its own (doubling, then bisecting, up to 20 s a run), on the system's
8 MiB stack and on the stack kg gives the engine; it writes the ``engine_thresholds``
section. The other sections of the file are kept.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import http.client
import json
import math
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg import __version__  # noqa: E402
from kg.extract.event_resolution import resolve_events
from kg.extract.events import detect_events  # noqa: E402
from kg.extract.recognize import recognize_text  # noqa: E402
from kg.model import Article, ArticleKind, EntityType, Mention, PageMeta  # noqa: E402
from kg.read.decoding import clean_text  # noqa: E402
from tests.extract import test_fuzz, test_timex  # noqa: E402
from tests.extract.recognize import test_recognize  # noqa: E402
from tests.extract.test_fuzz import (  # noqa: E402
    FRAGMENTS,
    HEADING,
    PAGE_TEXT,
    check_extraction,
    page_of,
)
from tests.read import test_bylines, test_segment  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "fuzz.json"
META = PageMeta(source="fuzz", paper="荆州日报", date="2023-01-09", home_city="荆州市", province="湖北省")
SHORT = (st.text(max_size=200) | st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=30).map("".join)).map(clean_text)


def events(text: str) -> None:
    article = Article(key="a", meta=META, kind=ArticleKind.ARTICLE, headline=None, text=text)
    (found,) = recognize_text([text], meta=META, use_tagger=False)
    mentions = list(found) + [Mention("a", i, i + 2, text[i : i + 2], EntityType.LOC) for i in range(0, len(text) - 1, 7)]
    detected = detect_events(article, mentions)
    for e in detected:
        assert 0 <= e.start < e.end <= len(text) and e.name
        if e.time is not None and e.time.offset >= 0:
            assert text[e.time.offset : e.time.offset + len(e.time.text)] == e.time.text
        assert all(i is None or 0 <= i < len(mentions) for i in (e.place, *e.organizers, *(i for i, _ in e.participants)))
    resolve_events([(article, tuple(mentions), detected)])


def page_tagged(text: str) -> None:
    check_extraction(page_of(text), use_tagger=True)


@dataclass(frozen=True)
class Property:
    name: str
    check: Callable[..., None]
    strategies: tuple[Any, ...]


def _body(test: Any) -> Callable[..., None]:
    """The body of a Hypothesis test of the suite, to run with this script's strategies."""
    return test.hypothesis.inner_test


ISSUE_DATE = st.just("2023-01-09")
PROPERTIES = (
    Property("segment", _body(test_segment.test_any_text_segments_without_error), (PAGE_TEXT,)),
    Property("bylines", _body(test_bylines.test_any_text_parses_or_not_without_error), (SHORT,)),
    Property("recognize", _body(test_recognize.test_any_text_gives_valid_offsets), (SHORT,)),
    Property("events", events, (SHORT,)),
    Property("timex", _body(test_timex.test_property_spans_point_into_text), (SHORT, ISSUE_DATE)),
    Property("extract_page", _body(test_fuzz.test_any_page_extracts_with_valid_offsets_and_rdf), (PAGE_TEXT, ISSUE_DATE)),
    Property("extract_page_tagger", page_tagged, (PAGE_TEXT,)),
    Property("extract_record", _body(test_fuzz.test_any_json_lines_record_extracts_with_valid_offsets),
             (PAGE_TEXT.filter(str.strip), HEADING, HEADING)),
)


def run(prop: Property, *, examples: int, seed_value: int) -> dict[str, Any]:
    """Run one property; returns its examples, failures, time and the failure if any."""
    calls = 0

    def counted(args: tuple[Any, ...]) -> None:
        nonlocal calls
        calls += 1
        prop.check(*args)

    configured = settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    test = seed(seed_value)(configured(given(st.tuples(*prop.strategies))(counted)))
    started = time.perf_counter()
    failure = None
    try:
        test()
    except Exception:  # the falsifying example, shrunk, is in the traceback
        failure = traceback.format_exc(limit=3)
    elapsed = time.perf_counter() - started
    return {"property": prop.name, "examples": calls, "failures": int(failure is not None),
            "seconds": round(elapsed, 1), **({"failure": failure} if failure else {})}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples per property")
    parser.add_argument("--only", nargs="*", choices=[p.name for p in PROPERTIES], help="run only these properties")
    parser.add_argument("--seed", type=int, default=20240101, help="Hypothesis seed, for a reproducible run")
    parser.add_argument("--sparql", action="store_true", help="fuzz kg serve with generated SPARQL queries")
    parser.add_argument("--queries", type=int, default=10_000, help="queries of --sparql")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="the longest --sparql runs")
    parser.add_argument("--probe", action="store_true", help="measure where pyoxigraph crashes, in subprocesses")
    args = parser.parse_args()
    if args.probe:
        return probe_engine()
    if args.sparql:
        return fuzz_endpoint(queries=args.queries, max_seconds=args.max_seconds, seed_value=args.seed)
    rows = []
    for prop in PROPERTIES:
        if args.only and prop.name not in args.only:
            continue
        row = run(prop, examples=args.examples, seed_value=args.seed)
        rows.append(row)
        print(f"{row['property']:<22} {row['examples']:>7} examples  {row['failures']} failures  {row['seconds']:>7.1f} s",
              flush=True)
        if "failure" in row:
            print(row["failure"], file=sys.stderr)
    summary = {
        "kg_version": __version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.system()}",
        "examples_per_property": args.examples,
        "seed": args.seed,
        "properties": rows,
        "total_examples": sum(r["examples"] for r in rows),
        "total_failures": sum(r["failures"] for r in rows),
        "total_seconds": round(sum(r["seconds"] for r in rows), 1),
    }
    save(summary)
    print(f"total {summary['total_examples']} examples, {summary['total_failures']} failures, "
          f"{summary['total_seconds']} s → {RESULTS.relative_to(ROOT)}")
    return 1 if summary["total_failures"] else 0


def save(sections: dict[str, Any]) -> None:
    """Write ``sections`` into the results file, keeping the sections another mode wrote."""
    try:
        summary = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    summary.update(sections)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ the SPARQL endpoint (issue 20)

# Where SERVICE and LOAD point: a listener that no request may ever reach.
STATUSES_OK = {200, 204, 400, 403, 413, 503}
VARIABLES = ("?s", "?p", "?o", "?x", "?y", "?n", "?文章", "$z")
PREDICATES = ("schema:name", "schema:mentions", "schema:author", "a", "<https://schema.org/headline>",
              "kg:denotes", "schema:containedInPlace", "ex:a\\#", "ex:b\\'c", "ex:\\(x\\)", "?p")
LITERALS = ('"荆州市"', "'记者'", '"""多行\n文本"""', "'''它说'是'的'''", '"\\"quoted\\""', '"\\u0022"',
            '"tab\\there"@zh', '"2023-01-09"^^xsd:date', "42", "-1.5e3", "true", '"#not a comment"',
            '"{ ( [ not brackets"', '"SERVICE <http://e.org/>"')
FUNCTIONS = ("STR", "STRLEN", "UCASE", "LANG", "ABS", "isIRI", "BOUND", "CONCAT", "COALESCE", "CONTAINS",
             "REGEX", "SUBSTR", "IF", "STRAFTER", "ENCODE_FOR_URI", "xsd:integer")
KEYWORD_SPELLINGS = ("SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "ſERVICE", "SERVICE SILENT")
NOISE = "{}()[]<>\"'#\\\r\n.;,|^!?$@:~*+-/=&" + "荆州市\u202e\u200b\x00\x1b\x7f\x85\u3000\ufeff"
PREFIXES = "PREFIX ex: <http://e.org/> PREFIX schema: <https://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"


class QueryMaker:
    """Random SPARQL texts, valid or not, of every depth and shape, over the sample's vocabulary."""

    def __init__(self, rng: random.Random, target: str) -> None:
        self.rng = rng
        self.target = target  # the URL SERVICE and LOAD name: the fuzzer's listener

    def pick(self, items: Any) -> Any:
        return self.rng.choice(items)

    def size(self, largest: int) -> int:
        """A size from 0 to ``largest``, small ones far more often (log-uniform)."""
        return int(math.exp(self.rng.uniform(0, math.log(largest + 1)))) - 1

    def term(self) -> str:
        return self.pick(VARIABLES) if self.rng.random() < 0.6 else self.pick(LITERALS)

    def path(self, depth: int) -> str:
        roll = self.rng.random()
        if depth <= 0 or roll < 0.4:
            return self.pick(PREDICATES)
        if roll < 0.6:
            return self.pick("/|").join(self.path(depth - 1) for _ in range(1 + self.size(8)))
        if roll < 0.75:
            return "(" + self.path(depth - 1) + ")" + self.pick(("*", "+", "?", ""))
        if roll < 0.9:
            return "^" + self.pick(PREDICATES)
        return "!(" + "|".join(self.pick(PREDICATES[:5]) for _ in range(1 + self.size(5))) + ")"

    def expr(self, depth: int) -> str:
        roll = self.rng.random()
        if depth <= 0 or roll < 0.3:
            return self.term()
        if roll < 0.5:
            return f"({self.expr(depth - 1)} {self.pick(('+', '-', '*', '/', '&&', '||', '=', '!=', '<', '>='))} {self.expr(depth - 1)})"
        if roll < 0.6:
            return self.pick("!-+") * (1 + self.size(40)) + self.expr(depth - 1)
        if roll < 0.8:
            return f"{self.pick(FUNCTIONS)}({', '.join(self.expr(depth - 1) for _ in range(1 + self.size(3)))})"
        if roll < 0.9:
            return f"{self.term()} IN ({', '.join(self.term() for _ in range(self.size(10)))})"
        return f"EXISTS {{ {self.group(depth - 1)} }}"

    def triple(self, depth: int) -> str:
        objects = ", ".join(self.term() for _ in range(1 + self.size(3)))
        if self.rng.random() < 0.2:
            objects = f"[ {self.path(depth)} {objects} ]"
        return f"{self.pick(VARIABLES[:5])} {self.path(depth)} {objects}"

    def element(self, depth: int) -> str:
        kinds = ("triple", "triple", "filter", "bind", "optional", "union", "minus", "values", "subquery",
                 "group", "graph", "lateral")
        kind = self.pick(kinds) if depth > 0 else self.pick(("triple", "filter", "bind", "values"))
        inner = (lambda: self.group(depth - 1))
        return {
            "triple": lambda: self.triple(min(depth, 3)) + " .",
            "filter": lambda: f"FILTER ({self.expr(min(depth, 4))})",
            "bind": lambda: f"BIND ({self.expr(min(depth, 3))} AS ?b{self.rng.randrange(1000)})",
            "optional": lambda: f"OPTIONAL {{ {inner()} }}",
            "union": lambda: f"{{ {inner()} }} UNION {{ {inner()} }}",
            "minus": lambda: f"MINUS {{ {inner()} }}",
            "values": lambda: f"VALUES ?v {{ {' '.join(self.pick(LITERALS) for _ in range(self.size(20)))} }}",
            "subquery": lambda: f"{{ SELECT * WHERE {{ {inner()} }} LIMIT 3 }}",
            "group": lambda: f"{{ {inner()} }}",
            "graph": lambda: f"GRAPH ?g {{ {inner()} }}",
            "lateral": lambda: f"LATERAL {{ SELECT * WHERE {{ {inner()} }} LIMIT 2 }}",
        }[kind]()

    def group(self, depth: int) -> str:
        return " ".join(self.element(depth) for _ in range(1 + self.size(4)))

    def select(self) -> str:
        form = self.pick(("SELECT * WHERE", "SELECT DISTINCT ?s ?o WHERE", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE",
                          "SELECT (COUNT(*) AS ?c) WHERE"))
        body = self.group(self.size(6))
        tail = " LIMIT 5" if form.startswith(("SELECT *", "SELECT D")) else ""
        return f"{PREFIXES}{form} {{ {body} }}{tail}"

    def deep(self) -> str:
        """Nesting far past the limits, of one kind, as the attacks of issue 20."""
        n = self.pick((1, 10, 60, 64, 65, 100, 500, 2000, 3000, 5000, 10_000, 30_000))
        inner, outer = self.pick((
            ("{" * n + " ?s ?p ?o " + "}" * n, "SELECT * WHERE {}"),
            ("(" * n + "?o" + ")" * n, "SELECT * WHERE {{ ?s ?p ?o FILTER({}) }}"),
            ("!" * n + "true", "ASK {{ FILTER({}) }}"),
            ("+".join(["1"] * n), "SELECT * WHERE {{ BIND({} AS ?x) }}"),
            ("STR(" * n + "?o" + ")" * n, "SELECT * WHERE {{ ?s ?p ?o BIND({} AS ?x) }}"),
            ("{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n, "SELECT * WHERE {{ {} }}"),
            ("[ ?p " * n + "?o" + " ]" * n, "SELECT * WHERE {{ ?s ?p {} }}"),
            ("/".join(["schema:name"] * n), "SELECT * WHERE {{ ?s {} ?o }}"),
            (" ".join(f"BIND(1 AS ?b{i})" for i in range(n)), "SELECT * WHERE {{ {} }}"),
            (" . ".join(f"?s ?p ?o{i}" for i in range(min(n, 3000))), "SELECT * WHERE {{ {} }}"),
        ))
        hide = self.pick(("", "BIND(ex:a\\' AS ?h) ", "BIND(ex:a\\# AS ?h) ", "# comment\r", "FILTER(?a<'x>\"'||true) "))
        return PREFIXES + outer.format(inner).replace("WHERE {", "WHERE { " + hide, 1)

    def service(self) -> str:
        """A SERVICE clause to the listener, in one of its spellings, somewhere in a query."""
        keyword = self.pick(KEYWORD_SPELLINGS)
        endpoint = self.pick((f"<{self.target}>", "?where"))
        clause = f"{keyword} {endpoint} {{ ?a ?b ?c }}"
        if endpoint == "?where":
            clause += f" VALUES ?where {{ <{self.target}> }}"
        before = self.pick(("", "BIND(ex:a\\# AS ?h) ", "BIND(ex:a\\' AS ?h) ", "?s ?p ?o # x\r ", "FILTER(?o<'x>\"'||true) "))
        around = self.pick(("{}", "OPTIONAL {{ {} }}", "FILTER EXISTS {{ {} }}", "{{ SELECT * WHERE {{ {} }} }}",
                            "LATERAL {{ {} }}", "{{ ?s ?p ?o }} UNION {{ {} }}"))
        return f"{PREFIXES}SELECT * WHERE {{ {before}{around.format(clause)} }}"

    def load(self) -> str:
        return self.pick((
            f"LOAD <{self.target}>", f"load silent <{self.target}> INTO GRAPH <http://e.org/g>",
            f"{PREFIXES}INSERT {{ ?s ?p ?o }} WHERE {{ BIND(ex:a\\# AS ?h) SERVICE <{self.target}> {{ ?s ?p ?o }} }}",
            f"INSERT DATA {{ <http://e.org/a> <http://e.org/b> 'c' }} ; LOAD <{self.target}>",
            f"DELETE WHERE {{ ?s ?p ?o # x\r SERVICE <{self.target}> {{ ?s ?p ?o }} }}",
        ))

    def mutant(self, text: str) -> str:
        """``text`` with a few random edits: inserted noise, cuts, doubled slices."""
        chars = list(text)
        for _ in range(1 + self.size(8)):
            at = self.rng.randrange(len(chars) + 1)
            roll = self.rng.random()
            if roll < 0.5:
                chars.insert(at, self.pick(NOISE))
            elif roll < 0.75 and chars:
                del chars[min(at, len(chars) - 1)]
            else:
                chars[at:at] = chars[at : at + self.size(40)] * (1 + self.size(50))
        return "".join(chars)

    def make(self) -> tuple[str, str]:
        """(kind, text) of the next request: query, deep, service, load (an update) or mutant."""
        kind = self.rng.choices(("query", "deep", "service", "load", "mutant"), (45, 12, 13, 5, 25))[0]
        if kind == "mutant":
            return kind, self.mutant(self.pick((self.select, self.service, self.deep))())
        return kind, {"query": self.select, "deep": self.deep, "service": self.service, "load": self.load}[kind]()


def _ask(endpoint: str, kind: str, text: str, rng: random.Random) -> tuple[int, bytes]:
    """Send one request (GET or POST at random; updates to /update); (status, body), 0 when no answer."""
    parts = urllib.parse.urlsplit(endpoint)
    body = text.encode("utf-8", errors="surrogatepass")
    if kind == "load":
        method, path, headers = "POST", "/update", {"Content-Type": "application/sparql-update"}
    elif len(body) < 20_000 and rng.random() < 0.5:
        method, path, headers = "GET", "/sparql?" + urllib.parse.urlencode({"query": text}, errors="surrogatepass"), {}
        body = b""
    else:
        method, path, headers = "POST", "/sparql", {"Content-Type": "application/sparql-query"}
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        connection.close()


@contextlib.contextmanager
def _kg_serve(graph: Path, *args: str) -> Any:
    """``kg serve`` on 127.0.0.1 in a subprocess: (endpoint, process); stopped with Ctrl-C at the end."""
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--graph", str(graph),
                                "--port", "0", *args], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    port = None
    while port is None:
        line = process.stderr.readline()
        if not line:
            raise RuntimeError("kg serve ended before it served")
        found = re.search(r"http://\S+:(\d+)/sparql", line)
        port = found.group(1) if found else None
    threading.Thread(target=process.stderr.read, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def _sample_graph(folder: Path) -> Path:
    from kg.build.pipeline import BuildOptions, build_graph

    build_graph([ROOT / "data" / "pages"], out=folder, options=BuildOptions(use_tagger=False, views=False, workers=1))
    return folder


def fuzz_endpoint(*, queries: int, max_seconds: float, seed_value: int) -> int:
    """Send generated queries to ``kg serve`` until ``queries`` or ``max_seconds``; 1 on any failure."""
    rng = random.Random(seed_value)
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp, socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(0.0)
        maker = QueryMaker(rng, f"http://127.0.0.1:{listener.getsockname()[1]}/sparql")
        graph = _sample_graph(Path(tmp) / "graph")
        shutil.copytree(graph, Path(tmp) / "scratch")
        with _kg_serve(graph, "--timeout", "2") as (reader, read_process), \
                _kg_serve(Path(tmp) / "scratch", "--allow-update", "--timeout", "2") as (writer, write_process):
            tally = _fuzz(maker, rng, {"reader": (reader, read_process), "writer": (writer, write_process)},
                          listener, queries=queries, max_seconds=max_seconds)
    tally["seed"] = seed_value
    save({"sparql": tally})
    print(json.dumps({k: v for k, v in tally.items() if k != "failures"}, ensure_ascii=False))
    for failure in tally["failures"]:
        print(failure, file=sys.stderr)
    return 1 if tally["failures"] or not tally["server_alive"] or tally["fetches"] else 0


def _fuzz(maker: QueryMaker, rng: random.Random, servers: dict[str, Any], listener: socket.socket,
          *, queries: int, max_seconds: float) -> dict[str, Any]:
    """The loop of :func:`fuzz_endpoint`: its figures."""
    statuses: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    fetches = sent = 0
    started = time.perf_counter()
    while sent < queries and time.perf_counter() - started < max_seconds:
        kind, text = maker.make()
        endpoint, process = servers["writer" if kind == "load" else "reader"]
        status, body = _ask(endpoint, kind, text, rng)
        sent += 1
        kinds[kind] += 1
        statuses[str(status)] += 1
        fetches += _connections(listener)
        if status not in STATUSES_OK or process.poll() is not None:
            failures.append(f"{kind} → {status} {body[:200]!r} (server exit status {process.poll()}): {text[:300]!r}")
            if process.poll() is not None:
                break
        if sent % 1000 == 0:
            print(f"{sent} queries, {dict(statuses)}, {time.perf_counter() - started:.0f} s", flush=True)
    alive = all(p.poll() is None and _ask(e, "query", "ASK { ?s ?p ?o }", rng)[0] == 200 for e, p in servers.values())
    return {"queries": sent, "seconds": round(time.perf_counter() - started, 1), "by_kind": dict(kinds),
            "statuses": dict(sorted(statuses.items())), "crashes": len(failures), "server_alive": alive,
            "fetches": fetches, "failures": failures[:20]}


def _connections(listener: socket.socket) -> int:
    """Connections made to the listener since the last look (each a fetch the guard let through)."""
    count = 0
    while True:
        try:
            listener.accept()[0].close()
        except BlockingIOError:
            return count
        count += 1


# Query shapes whose size ``n`` drives the engine's recursion, for --probe.
PROBE_SHAPES: dict[str, Callable[[int], str]] = {
    "nested groups { }": lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "nested parentheses in FILTER": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "?o" + ")" * n + ") }",
    "nested subqueries": lambda n: "SELECT * WHERE { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n + " }",
    "nested blank nodes [ ]": lambda n: "SELECT * WHERE { ?s ?p " + "[ ?p " * n + "?o" + " ]" * n + " }",
    "nested OPTIONAL": lambda n: "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * n + "}" * n + " }",
    "nested FILTER EXISTS": lambda n: "SELECT * WHERE { ?s ?p ?o " + "FILTER EXISTS { ?s ?p ?o " * n + "}" * n + " }",
    "nested LATERAL": lambda n: "SELECT * WHERE { ?s ?p ?o " + "LATERAL { SELECT * WHERE { ?s ?p ?o " * n + "} }" * n + " }",
    "nested function calls STR(STR(…))": lambda n: "SELECT * WHERE { BIND(" + "STR(" * n + "1" + ")" * n + " AS ?x) }",
    "nested IF": lambda n: "SELECT * WHERE { BIND(" + "IF(true," * n + "1" + ",1)" * n + " AS ?x) }",
    "nested !( )": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "!(" * n + "?o" + ")" * n + ") }",
    "path in nested parentheses": lambda n: "SELECT * WHERE { ?s " + "(" * n + "<http://e/p>" + ")" * n + " ?o }",
    "nested triple terms <<( )>>": lambda n: "SELECT * WHERE { ?s ?p " + "<<( ?s ?p " * n + "?o" + " )>>" * n + " }",
    "negations !!!…": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
    "sums 1+1+…": lambda n: "SELECT * WHERE { BIND(" + "+".join(["1"] * n) + " AS ?x) }",
    "conjunctions &&": lambda n: "ASK { FILTER(" + " && ".join(["true"] * n) + ") }",
    "path alternatives |": lambda n: "SELECT * WHERE { ?s " + "|".join(["<http://e/p>"] * n) + " ?o }",
    "UNION chain": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "BIND chain": lambda n: "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?b{i})" for i in range(n)) + " }",
    "MINUS chain": lambda n: "SELECT * WHERE { ?s ?p ?o " + " MINUS { ?s ?p ?o }" * n + " }",
    "FILTER chain": lambda n: "SELECT * WHERE { ?s ?p ?o " + " FILTER(true)" * n + " }",
    "projected expressions": lambda n: "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(n)) + " WHERE { }",
}
_PROBE_CHILD = """
import sys, threading
from pyoxigraph import Store, QueryBoolean
text, stack = sys.stdin.read(), int(sys.argv[1])
def run():
    result = Store().query(text)
    if not isinstance(result, (bool, QueryBoolean)):
        for _ in result: pass
if stack:
    from kg.graph.query_limits import on_engine_stack
    on_engine_stack(run)
else:
    run()
"""


def _probe_run(text: str, stack: bool) -> str:
    """ok, crash (killed by a signal), error or slow: one query in a fresh interpreter."""
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE_CHILD, str(int(stack))], input=text, text=True,
                              check=False, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "slow"
    return "crash" if done.returncode < 0 else "ok" if done.returncode == 0 else "error"


def _threshold(shape: Callable[[int], str], *, stack: bool, start: int, cap: int) -> dict[str, Any]:
    """The largest size that runs and the smallest that crashes (to 5 %), or where it stopped."""
    ok, n = 0, start
    while n <= cap:
        outcome = _probe_run(shape(n), stack)
        if outcome == "crash":
            break
        if outcome != "ok":
            return {"runs_up_to": ok, "then": f"{outcome} at {n}"}
        ok, n = n, n * 2
    else:
        return {"runs_up_to": ok, "then": f"no crash up to {cap}"}
    bad = n
    while bad - ok > max(8, ok // 20):
        mid = (ok + bad) // 2
        ok, bad = (ok, mid) if _probe_run(shape(mid), stack) == "crash" else (mid, bad)
    return {"runs_up_to": ok, "crashes_at": bad}


def probe_engine() -> int:
    """Measure where pyoxigraph crashes, each shape on the system stack and on kg's engine stack."""
    from kg.graph.query_limits import ENGINE_STACK, LIMITS

    rows = {}
    for name, shape in PROBE_SHAPES.items():
        rows[name] = {"system stack": _threshold(shape, stack=False, start=64, cap=1 << 20),
                      "engine stack": _threshold(shape, stack=True, start=4096, cap=1 << 20)}
        print(f"{name:<36} {rows[name]}", flush=True)
    save({"engine_thresholds": {
        "how": "each size in a fresh subprocess over an empty store, 20 s at most; doubled, then bisected to 5 %",
        "system_stack": "the main thread's, 8 MiB here (ulimit -s)", "engine_stack_bytes": ENGINE_STACK,
        "limits": dataclasses.asdict(LIMITS), "shapes": rows}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
