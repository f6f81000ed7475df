"""Quotations on the People's Daily month: a random sample of what kg finds, to judge by hand.

Reads ``raw-199801.txt`` without the held-out articles of ``reserved-articles.txt`` (never
read, never tuned on), runs the per-article stages (segment, recognize, resolve,
quotations) on every other article, and draws ``--sample`` quotations at random (seeded).
Each is printed with its sentence and speaker. The judgments are kept by hand in
``benchmarks/results/quotes.json``, under ``sample``: ``real`` (a quotation or reported
speech indeed) and ``speaker_right`` (the speaker phrase and the node it links to are
right, or there is rightly none). A run keeps the judgments of the items it draws again
and computes the totals from them; new items come unjudged (``null``). Samples judged
before the rules last changed stay under ``earlier_rounds``. Usage::

    .venv/bin/python benchmarks/eval_quotes.py [--sample 30] [--seed 25] [--show]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.page import profiled  # noqa: E402
from kg.extract.quotes import find_quotations  # noqa: E402
from kg.extract.recognize import recognize_mentions  # noqa: E402
from kg.extract.resolve import resolve_mentions  # noqa: E402
from kg.model import Page, Quotation  # noqa: E402
from kg.read.ingest import read_pages  # noqa: E402
from kg.read.segment import segment_page  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "pfr1998"
RESULTS = ROOT / "benchmarks" / "results" / "quotes.json"
CONTEXT = 30  # characters shown on each side of a quotation


def held_out(folder: Path = CORPUS) -> set[str]:
    """The article ids (``YYYYMMDD-PP-AAA``) kept out of every measurement and tuning."""
    return {line.strip() for line in (folder / "reserved-articles.txt").read_text(encoding="utf-8").split() if line}


def articles(folder: Path = CORPUS) -> dict[str, dict[str, str]]:
    """The month's articles but the held-out ones, by id, as JSON Lines records."""
    reserved, groups = held_out(folder), defaultdict(list)
    for line in (folder / "raw-199801.txt").read_text(encoding="utf-8").splitlines():
        if len(line) > 19 and line[8] == "-" and line[:15] not in reserved:
            groups[line[:15]].append((line[16:19], line[19:].strip()))
    out = {}
    for key, paragraphs in groups.items():
        paragraphs.sort()
        headline = paragraphs[0][1] if paragraphs[0][0] == "001" else ""
        rest = [text for number, text in paragraphs if number != "001" and text] or [headline]
        date = f"{key[:4]}-{key[4:6]}-{key[6:8]}"
        out[key] = {"headline": headline, "text": "\n".join(rest), "date": date, "paper": "人民日报", "url": key}
    return out


def quotations(records: dict[str, dict[str, str]]) -> tuple[list[tuple[str, str, Quotation]], float]:
    """(article id, article text, quotation) for every quotation found, and characters a second."""
    found, chars, elapsed = [], 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "month.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values()), encoding="utf-8")
        for page in read_pages([path]):
            if not isinstance(page, Page):
                continue
            for article in segment_page(profiled(page)):
                mentions = resolve_mentions(recognize_mentions(article), meta=article.meta, text=article.text)
                started = time.perf_counter()
                quotes = find_quotations(article, mentions)
                elapsed += time.perf_counter() - started
                chars += len(article.text)
                found += [(page.meta.url or "", article.text, q) for q in quotes]
    return found, chars / elapsed if elapsed else 0.0


def describe(key: str, text: str, q: Quotation) -> dict[str, object]:
    """One quotation as the results file keeps it: where, what, who, and the text around."""
    before = text[max(0, q.start - CONTEXT) : q.start].replace("\n", "⏎")
    after = text[q.end : q.end + CONTEXT].replace("\n", "⏎")
    return {
        "id": f"{key}#{q.start},{q.end}",
        "speech": q.speech.value,
        "text": q.text,
        "speaker": q.speaker,
        "entity": str(q.entity) if q.entity else None,
        "role": q.role,
        "context": f"{before}【{q.text}】{after}",
        "real": None,
        "speaker_right": None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--show", action="store_true", help="print every quotation found, not only the sample")
    args = parser.parse_args()
    records = articles()
    found, speed = quotations(records)
    if args.show:
        for key, text, q in found:
            print(json.dumps(describe(key, text, q), ensure_ascii=False))
    drawn = random.Random(args.seed).sample(found, min(args.sample, len(found)))
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    judged = {item["id"]: item for item in previous.get("sample", [])}
    sample = []
    for key, text, q in drawn:
        item = describe(key, text, q)
        old = judged.get(item["id"])
        if old and old["text"] == item["text"] and old["speaker"] == item["speaker"]:
            item.update(real=old["real"], speaker_right=old["speaker_right"], note=old.get("note", ""))
        sample.append(item)
        print(json.dumps(item, ensure_ascii=False))
    result = _totals(records, found, sample, speed, args)
    result["note"] = previous.get("note", "")  # how the sample was judged, kept by hand
    result["earlier_rounds"] = previous.get("earlier_rounds", [])  # samples judged before the rules last changed
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "sample"}, ensure_ascii=False, indent=2))


def _totals(records: dict, found: list, sample: list[dict], speed: float, args: argparse.Namespace) -> dict:
    judged = [s for s in sample if s["real"] is not None]
    real = [s for s in judged if s["real"]]
    kinds = Counter(q.speech.value for _, _, q in found)
    return {
        "corpus": "raw-199801.txt without reserved-articles.txt",
        "articles": len(records),
        "found": dict(kinds),
        "with_entity": sum(1 for _, _, q in found if q.entity),
        "quotes_chars_per_second": round(speed),
        "seed": args.seed,
        "judged": len(judged),
        "real": len(real),
        "precision": round(len(real) / len(judged), 3) if judged else None,
        "speakers_right": sum(1 for s in real if s["speaker_right"]),
        "speaker_accuracy": round(sum(1 for s in real if s["speaker_right"]) / len(real), 3) if real else None,
        "command": ".venv/bin/python benchmarks/eval_quotes.py --sample 30 --seed 25",
        "sample": sample,
    }


if __name__ == "__main__":
    main()
