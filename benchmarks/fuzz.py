"""A long fuzzing run: the properties of the test suite with 10,000 examples each.

The tests run each property with a hundred-odd examples; this script runs the same
test bodies (``test.hypothesis.inner_test``) with many more, on the richer strategies below. Each property says: no exception, and every offset points at its text
(``text[start:end] == mention``). The page strategies are those of
``tests/extract/test_fuzz.py`` (arbitrary Unicode, with tables, tabs, brackets, bylines,
datelines and markers mixed in).

Usage::

    python benchmarks/fuzz.py [--examples 10000] [--only NAME ...] [--seed N]

Writes ``benchmarks/results/fuzz.json`` (examples, failures and time per property) and
exits 1 if any property failed.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg import __version__  # noqa: E402
from kg.read.decoding import clean_text  # noqa: E402
from kg.extract.events import detect_events, resolve_events  # noqa: E402
from kg.model import Article, ArticleKind, EntityType, Mention, PageMeta  # noqa: E402
from kg.extract.recognize import recognize_text  # noqa: E402
from tests.extract import test_fuzz, test_timex  # noqa: E402
from tests.extract.recognize import test_recognize  # noqa: E402
from tests.read import test_bylines, test_segment  # noqa: E402
from tests.extract.test_fuzz import FRAGMENTS, HEADING, PAGE_TEXT, check_extraction, page_of  # noqa: E402

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
    args = parser.parse_args()
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
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"total {summary['total_examples']} examples, {summary['total_failures']} failures, "
          f"{summary['total_seconds']} s → {RESULTS.relative_to(ROOT)}")
    return 1 if summary["total_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
