"""Score kg's events on the CEC emergency reports: the main event, its type, date and place, and triggers.

Each report of ``../shared/corpora/cec/dev`` (168, in five folders) is read as a user's page
(``cec_events.py``: the title, a blank line, the paragraphs; every annotated trigger, time and
place recorded where it lands) and given to ``kg.extract(text, date=ReportTime's date)``. Gold
offsets are carried into kg's articles by aligning each article's text with the page text
(``difflib``: kg takes the title out as headline, joins paragraphs with one line break and
drops bylines and datelines). Measures, by folder and overall:

1. **main event**, over all reports (each folder is one kind of emergency, every report is
   about one). kg's main event is the first event marked ``.main``, or the page's first event
   while events carry no such attribute. *found*: kg names one; *right type*: its type code is
   the folder's (火灾 fire, 交通事故 traffic_accident, 地震 earthquake, 食物中毒 poisoning,
   恐怖袭击 attack, or explosion when the gold trigger holds 爆炸). *On trigger*, over the
   reports with a gold main event: kg's main event's span overlaps its trigger. The gold main
   event is the first ``emergency`` trigger of an event not marked negative (``gold_main``):
   in 134 of the 150 reports that have one it lies in the first two sentences; the other 16
   are back references (事发后, 此次事故) because the annotators typed the lead's 相撞 or 侧翻
   as ``action``, and 18 reports have no ``emergency`` trigger at all for the same reason. The
   title is not annotated (it has no span, time or place to compare); it holds the gold
   trigger's word in 91 of the 150.
2. **date**, over the reports whose gold main event has a ``Time`` that ``resolve_time``
   dates against the report's date (2008年5月12日, 4月15日, 17日, 昨天, 前日, 今晨, 去年 …;
   当天, 近日 and clock times are not dates): right when kg's main event's ``time.start``
   agrees with it to the gold's precision (day, month or year). The main event's own
   ``Time`` only: the sentence's first is often the dateline's (新华社昆明12月26日电).
3. **place**, over the reports with a gold place (``gold_places``: the main event's
   ``Location``s; without one, those of its sentence's other events before the trigger,
   reporting events left out). kg's place (``.place``, a mention of the article) is right when
   its span overlaps a gold place's, when either text holds the other (徐汇区 in
   徐汇区永嘉路), or when it is a county or a township (a city is too coarse) that contains a
   division the gold text names: by the gazetteer's names and short names (盈江县 for 云南盈江)
   or the county's townships by full name (盈江县 for 平原镇).
4. **trigger recall**: the share of the gold ``emergency`` triggers (events not marked
   negative) whose span overlaps the span (``.start``/``.end``) of one of kg's events in the
   same article. The negated ones are counted apart, with how many kg marks ``.negated``.
   Beside it, the share of kg's events that lie on a gold trigger of any type (CEC marks
   every happening, so an event on none is likely no event, or a named one such as 冬奥会).
5. **precision sample**: ``--sample`` of kg's events drawn at random (``--seed``), printed
   with their sentence (the span in 【】), type, time and place, and written to
   ``benchmarks/results/events-sample.tsv`` with an empty ``judgement`` column to fill by hand
   (``y`` right, ``n`` wrong); a later run keeps the judgements of the events it draws again
   and gives the precision of those judged.

Usage::

    .venv/bin/python benchmarks/eval_events.py [--limit N] [--category 火灾] [--sample 40] [--seed 19]

Writes ``benchmarks/results/events.json`` (the counts and rates, and what was compared in
each report) and ``events-sample.tsv``; a few seconds on one core.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from cec_events import CEC, Aligned, Report, Span, gold_date, gold_main, gold_places, read_reports  # noqa: E402
from kg.extract.gazetteer import TOWN_SUFFIXES, Gazetteer, load_gazetteer  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "events.json"
SAMPLE_TSV = ROOT / "benchmarks" / "results" / "events-sample.tsv"
# The kg type codes right for a report's main event, by CEC folder.
CATEGORY_TYPES = {
    "交通事故": {"traffic_accident"},
    "地震": {"earthquake"},
    "恐怖袭击": {"attack"},
    "火灾": {"fire"},
    "食物中毒": {"poisoning"},
}
SAMPLE_COLUMNS = ("report", "article", "start", "end", "name", "type", "main", "named", "negated", "time", "place",
                  "figures", "sentence", "judgement")  # fmt: skip


# ------------------------------------------------------------------ kg's side

Found = tuple[int, Any]  # (article index, event) of kg's extraction


def kg_events(page: Any) -> list[Found]:
    """Every event kg found on the page, in page order."""
    return [(i, e) for i, article in enumerate(page.articles) for e in article.events]


def kg_main(events: list[Found]) -> Found | None:
    """kg's main event: the one marked ``.main``; the page's first while events carry no such mark."""
    if any(hasattr(e, "main") for _, e in events):
        return next(((i, e) for i, e in events if getattr(e, "main", False)), None)
    return events[0] if events else None


def type_code(event: Any) -> str | None:
    """The event's type code (``fire``, ``meeting`` …)."""
    kind = getattr(event, "event_type", None)
    return getattr(kind, "value", kind)


def _on(found: Found | None, mapped: tuple[int, int, int] | None) -> bool:
    """Whether a kg event's span overlaps a gold span carried into kg's articles."""
    if found is None or mapped is None:
        return False
    (article, event), (gold_article, start, end) = found, mapped
    return article == gold_article and getattr(event, "start", -1) < end and start < getattr(event, "end", -1)


def right_types(report: Report) -> set[str]:
    """The type codes right for the report's main event."""
    main = gold_main(report)
    extra = {"explosion"} if report.category == "恐怖袭击" and main and "爆炸" in main.trigger.text else set()
    return CATEGORY_TYPES[report.category] | extra


# ------------------------------------------------------------------ scores


def score_report(report: Report, page: Any, *, gaz: Gazetteer) -> tuple[Counter[str], dict[str, Any]]:
    """The counts of one report under each measure, and what was compared, for the results file."""
    events, aligned = kg_events(page), Aligned(report.text, page.articles)
    main, gold = kg_main(events), gold_main(report)
    counts: Counter[str] = Counter(reports=1, kg_events=len(events))
    counts["main_found"] = main is not None
    counts["main_right_type"] = main is not None and type_code(main[1]) in right_types(report)
    if gold is not None:
        counts["with_gold_trigger"] = 1
        counts["main_on_trigger"] = _on(main, aligned.span(gold.trigger))
    date, kg_date = gold_date(report), _kg_date(main)
    if date is not None:
        counts["with_gold_date"] = 1
        counts["date_right"] = kg_date is not None and kg_date[: len(date)] == date
    places, mention = gold_places(report), _kg_place(page, main)
    if places:
        counts["with_gold_place"] = 1
        counts["place_right"] = mention is not None and any(
            place_matches(mention, main[0], p, aligned.span(p), gaz=gaz) for p in places
        )
    counts.update(_triggers(report, events, aligned))
    detail = {
        "gold": {"trigger": gold and gold.trigger.text, "at": gold and gold.trigger.start, "date": date,
                 "places": [p.text for p in places]},
        "kg": {"main": main and getattr(main[1], "name", None), "type": main and type_code(main[1]),
               "date": kg_date, "place": mention and mention.text},
        "right": {k: bool(counts[k]) for k in ("main_right_type", "main_on_trigger", "date_right", "place_right")},
    }  # fmt: skip
    return counts, detail


def _kg_date(main: Found | None) -> str | None:
    return getattr(getattr(main[1], "time", None), "start", None) if main else None


def _kg_place(page: Any, main: Found | None) -> Any:
    """The mention kg gives as its main event's place, or None."""
    index = getattr(main[1], "place", None) if main else None
    mentions = page.articles[main[0]].mentions if main else ()
    return mentions[index] if isinstance(index, int) and 0 <= index < len(mentions) else None


def place_matches(
    mention: Any, article: int, gold: Span, mapped: tuple[int, int, int] | None, *, gaz: Gazetteer
) -> bool:
    """Whether kg's place mention is the gold ``Location`` (see the module's docstring, measure 3)."""
    if mapped is not None and mapped[0] == article and mention.start < mapped[2] and mapped[1] < mention.end:
        return True
    if mention.text in gold.text or gold.text in mention.text:
        return True
    return contains(getattr(mention, "entity", None), gold.text, gaz=gaz)


def contains(key: Any, text: str, *, gaz: Gazetteer) -> bool:
    """Whether the county or township ``key`` (an EntityKey) holds a division ``text`` names."""
    path = getattr(key, "path", ())
    if not path or not path[0].isdigit():
        return False  # a country, an organization, or no entity
    if len(path) > 1:
        return path[-1] in text  # a township under its county (LOC:421022/某镇)
    place = gaz.by_code.get(path[0])
    if place is None or place.level != "county":
        return False  # a city or a province is too coarse to count as the place
    named = [p for _, _, name in gaz.find(text) + gaz.county_scanner.find(text)
             for p in gaz.places(name) + gaz.by_alias.get(name, []) + gaz.county_aliases.get(name, [])]  # fmt: skip
    if any(place.code in {c.code for c in gaz.chain(p)} for p in named):
        return True
    towns = gaz.towns.get(place.code, {})
    return any(name.endswith(TOWN_SUFFIXES) and name in text for name in towns)  # 平原 alone is too common a word


def _triggers(report: Report, events: list[Found], aligned: Aligned) -> Counter[str]:
    """Recall of the gold emergency triggers, and how many of kg's events lie on a gold trigger."""
    counts: Counter[str] = Counter()
    mapped = [(e, aligned.span(e.trigger)) for e in report.events]
    for gold, where in mapped:
        if gold.kind != "emergency":
            continue
        hits = [f for f in events if _on(f, where)]
        prefix = "negated_" if gold.negative else ""
        counts[prefix + "gold_triggers"] += 1
        counts[prefix + "triggers_found"] += bool(hits)
        counts[prefix + "triggers_marked_negated"] += any(getattr(e, "negated", False) for _, e in hits)
        counts["gold_triggers_outside_articles"] += where is None
    for found in events:
        counts["kg_on_gold_trigger"] += any(_on(found, where) for _, where in mapped)
        counts["kg_on_gold_emergency"] += any(_on(found, where) for g, where in mapped if g.kind == "emergency")
    return counts


RATES = {  # rate: (numerator, denominator)
    "main_found": ("main_found", "reports"),
    "main_right_type": ("main_right_type", "reports"),
    "main_on_trigger": ("main_on_trigger", "with_gold_trigger"),
    "date_right": ("date_right", "with_gold_date"),
    "place_right": ("place_right", "with_gold_place"),
    "trigger_recall": ("triggers_found", "gold_triggers"),
    "kg_events_on_gold_trigger": ("kg_on_gold_trigger", "kg_events"),
}


def summarize(counts: Counter[str]) -> dict[str, Any]:
    """The counts with their rates (None where nothing was measured)."""
    out: dict[str, Any] = {k: counts.get(k, 0) for pair in RATES.values() for k in pair} | dict(counts)
    out = dict(sorted(out.items()))
    for rate, (num, den) in RATES.items():
        out[rate + "_rate"] = round(counts[num] / counts[den], 3) if counts[den] else None
    return out


# ------------------------------------------------------------------ the precision sample


def sample_row(report: Report, page: Any, found: Found, *, main: bool) -> dict[str, str]:
    """One kg event as a line of the sample file: where, what, when, where, and its sentence."""
    index, event = found
    article = page.articles[index]
    start, end = getattr(event, "start", 0), getattr(event, "end", 0)
    when = getattr(event, "time", None)
    precision = getattr(when, "granularity", None) or getattr(when, "precision", "")
    place = _kg_place(page, found)
    row = {
        "report": report.name, "article": str(index), "start": str(start), "end": str(end),
        "name": getattr(event, "name", ""), "type": type_code(event) or "", "main": "y" if main else "",
        "named": {True: "y", False: "n"}.get(getattr(event, "named", None), ""),
        "negated": "y" if getattr(event, "negated", False) else "",
        "time": f"{when.start}..{when.end} {precision}" if when else "",
        "place": f"{place.text} {getattr(place, 'entity', None) or ''}".strip() if place else "",
        "figures": " ".join(_figure(f) for f in getattr(event, "figures", ())),
        "sentence": _sentence(article.text, start, end), "judgement": "",
    }  # fmt: skip
    return {k: " ".join(str(v).split()) for k, v in row.items()}  # a tab or a line break would break the TSV


def _figure(figure: Any) -> str:
    """死亡=3人: what a figure counts, its value and unit."""
    what = getattr(figure, "figure", "")
    return f"{getattr(what, 'value', what)}={getattr(figure, 'value', '')}{getattr(figure, 'unit', '')}"


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, the span in 【】."""
    left = max(text.rfind(mark, 0, start) for mark in "。！？!?\n") + 1
    ends = [i for i in (text.find(mark, end) for mark in "。！？!?\n") if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    return f"{text[left:start]}【{text[start:end]}】{text[end:right]}"


def write_sample(rows: list[dict[str, str]], *, size: int, seed: int, path: Path = SAMPLE_TSV) -> dict[str, Any]:
    """Draw the sample, keep the judgements a previous run's file gives the same events, write it.

    Returns:
        How many were drawn, judged, and judged right (``y``), with the precision of the judged.
    """
    key = lambda row: tuple(row[c] for c in ("report", "article", "start", "end", "name", "type"))  # noqa: E731
    judged = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            judged = {key(r): r["judgement"] for r in csv.DictReader(fh, delimiter="\t") if r.get("judgement")}
    drawn = sorted(random.Random(seed).sample(rows, min(size, len(rows))), key=key)
    for row in drawn:
        row["judgement"] = judged.get(key(row), "")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, SAMPLE_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(drawn)
    verdicts = [r["judgement"][:1].lower() for r in drawn if r["judgement"]]
    right = verdicts.count("y")
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return {"file": str(where), "drawn": len(drawn), "of": len(rows), "seed": seed,
            "judged": len(verdicts), "right": right,
            "precision": round(right / len(verdicts), 3) if verdicts else None, "rows": drawn}  # fmt: skip


# ------------------------------------------------------------------ the run


def evaluate(reports: list[Report]) -> tuple[dict[str, Counter[str]], dict[str, Any], list[dict[str, str]]]:
    """Run kg on every report and score it.

    Returns:
        The counts by category, the details by report, and every kg event as a sample row.
    """
    gaz = load_gazetteer()
    counts: dict[str, Counter[str]] = {}
    details, rows = {}, []
    for report in reports:
        try:
            page, error = kg.extract(report.text, date=report.report_date), None
        except Exception as exc:  # noqa: BLE001  # one report's crash must not hide the others' figures
            page, error = SimpleNamespace(articles=()), f"{type(exc).__name__}: {exc}"
            print(f"{report.name}: kg.extract failed: {error}", file=sys.stderr)
        counted, details[report.name] = score_report(report, page, gaz=gaz)
        if error:
            counted["kg_errors"], details[report.name]["error"] = 1, error
        counts.setdefault(report.category, Counter()).update(counted)
        events = kg_events(page)
        main = kg_main(events)
        rows += [sample_row(report, page, f, main=main is not None and f[1] is main[1]) for f in events]
    return counts, details, rows


COLUMNS = (  # heading, rate (see RATES)
    ("main found", "main_found"), ("right type", "main_right_type"), ("on trigger", "main_on_trigger"),
    ("date", "date_right"), ("place", "place_right"), ("trigger recall", "trigger_recall"),
    ("kg events on a trigger", "kg_events_on_gold_trigger"),
)  # fmt: skip


def print_table(summary: dict[str, dict[str, Any]]) -> None:
    """The scores by category and overall, as counts and rates."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="kg's events on CEC dev")
    table.add_column("category")
    table.add_column("reports", justify="right")
    for heading, _ in COLUMNS:
        table.add_column(heading, justify="right")
    for category, s in summary.items():
        if category == "overall":
            table.add_section()
        cells = []
        for _, rate in COLUMNS:
            num, den = RATES[rate]
            cells.append(f"{s.get(num, 0)}/{s.get(den, 0)}" + (f" {s[rate + '_rate']:.0%}" if s.get(den) else ""))
        table.add_row(category, str(s["reports"]), *cells)
    Console(width=max(Console().width, 130)).print(table)  # piped output: no 80-column wrap


def _version() -> dict[str, str]:
    """kg's version and the checkout it ran from (``-dirty``: with changes not committed)."""
    command = ["git", "describe", "--always", "--dirty"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return {"kg_version": kg.__version__, "checkout": done.stdout.strip() or "unknown"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="score only the first N reports (in file order)")
    parser.add_argument("--category", choices=sorted(CATEGORY_TYPES), help="score only one folder's reports")
    parser.add_argument("--sample", type=int, default=40, help="kg events drawn for judging by hand")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    started = time.perf_counter()
    reports = read_reports(category=args.category, limit=args.limit)
    counts, details, rows = evaluate(reports)
    total: Counter[str] = Counter()
    for counted in counts.values():
        total.update(counted)  # not sum(): a Counter's + drops the zeros, which the results must show
    summary = {c: summarize(counts[c]) for c in sorted(counts)} | {"overall": summarize(total)}
    sample = write_sample(rows, size=args.sample, seed=args.seed)
    print("\t".join(SAMPLE_COLUMNS[:-1]))
    for row in sample.pop("rows"):
        print("\t".join(row[c] for c in SAMPLE_COLUMNS[:-1]))  # all but the judgement, to fill in the file
    print_table(summary)
    if summary["overall"].get("kg_errors"):
        print(f"kg.extract failed on {summary['overall']['kg_errors']} reports: scored as finding nothing", file=sys.stderr)
    result = {
        "command": shlex.join([".venv/bin/python", "benchmarks/eval_events.py", *sys.argv[1:]]),
        **_version(),
        "date": dt.date.today().isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
        "corpus": str(CEC.relative_to(ROOT.parent)),
        "reports": len(reports),
        "overall": summary["overall"],
        "by_category": {c: s for c, s in summary.items() if c != "overall"},
        "sample": sample,
        "by_report": details,
    }
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
