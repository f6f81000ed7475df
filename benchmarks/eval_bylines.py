"""Score the byline and dateline grammar before and after a change, on three corpora.

1. The sample page: the seven bylined articles of ``tests/build/test_pipeline.py``
   (``EXPECTED_BYLINES``), authors and contributors exactly.
2. CEC dev (``../shared/corpora/cec/dev``, 168 emergency reports): each report's credits
   against the hand-checked gold ``tests/data/bylines/cec-dev.tsv``, exactly (every
   author and contributor with the right role, no more). A report is read as a JSON
   Lines record would be (the title as headline, the text of ``Content`` as body), and
   as a page (title and text cut into items by the segmenter, their credits pooled).
3. People's Daily, January 1998 (``raw-199801.txt``, the articles of
   ``reserved-articles.txt`` left out): how many articles get authors, and which get
   authors the old grammar did not give. A fixed random sample of 30 of those is written
   out for checking by hand; the verdicts, once written to
   ``tests/data/bylines/pfr-199801-sample.tsv``, give the precision.

"Before" is another checkout of kg (``git worktree add /tmp/kg-before HEAD``): each side
runs in its own process with its own ``kg`` first on the path. Usage::

    .venv/bin/python benchmarks/eval_bylines.py --before /tmp/kg-before

Writes ``benchmarks/results/bylines.json``; a few seconds on one core.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
CEC = SHARED / "cec" / "dev"
PFR = SHARED / "pfr1998" / "raw-199801.txt"
RESERVED = SHARED / "pfr1998" / "reserved-articles.txt"
GOLD = ROOT / "tests" / "data" / "bylines" / "cec-dev.tsv"
VERDICTS = ROOT / "tests" / "data" / "bylines" / "pfr-199801-sample.tsv"
SAMPLE = ROOT / "data" / "pages" / "000_f016006cafbfff82.txt"
RESULTS = ROOT / "benchmarks" / "results" / "bylines.json"
SEED, SAMPLE_SIZE = 18, 30

Credits = list[tuple[str, str]]  # (role value, name) in printed order


# ------------------------------------------------------------------ corpora


def cec_reports() -> list[tuple[str, str, str]]:
    """(file under cec/dev, title, text) of every report; the text keeps its paragraphs."""
    out = []
    for path in sorted(CEC.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        content = root.find("Content")
        # The XML indents its tags with newlines and tabs; a space inside a line is the text's.
        clean = lambda s: re.sub(r"\s*\n\s*", "", s or "").strip()  # noqa: E731
        parts = [clean(content.text)]
        for child in content:
            parts += ["".join(clean(t) for t in child.itertext()), clean(child.tail)]
        text = "\n\n".join(p for p in parts if p)
        out.append((str(path.relative_to(CEC)), root.findtext("Title", "").strip(), text))
    return out


def pfr_articles() -> dict[str, tuple[str, str]]:
    """Article id → (headline, text) of raw-199801, reserved articles left out."""
    reserved = set(RESERVED.read_text(encoding="utf-8").split())
    paragraphs: dict[str, list[str]] = defaultdict(list)
    for line in PFR.read_text(encoding="utf-8").splitlines():
        if len(line) > 19 and line[:15] not in reserved:
            paragraphs[line[:15]].append(line[19:].strip(" \u3000"))
    return {key: (paras[0], "\n\n".join(paras[1:])) for key, paras in paragraphs.items() if len(paras) > 1}


# ------------------------------------------------------------------ one side


def worker(tree: str) -> dict:
    """Run one checkout's reader over the corpora (in its own process)."""
    sys.path.insert(0, tree)
    import kg.read.segment as segment  # noqa: PLC0415
    from kg.model import Page, PageMeta  # noqa: PLC0415

    assert Path(segment.__file__).resolve().is_relative_to(Path(tree).resolve()), segment.__file__
    meta = PageMeta(source="-", paper=None, date=None, page_id="p")

    def credits(articles) -> Credits:
        return [(b.role.value, b.name) for a in articles for b in a.bylines]

    sample = segment.segment_page(Page(PageMeta(source=str(SAMPLE), page_id="s"), SAMPLE.read_text(encoding="utf-8")))
    out: dict = {"sample": {a.headline: credits([a]) for a in sample if a.headline}}
    out["cec_record"], out["cec_page"] = {}, {}
    for name, title, text in cec_reports():
        out["cec_record"][name] = credits(segment.segment_page(Page(meta, text, headline=title)))
        out["cec_page"][name] = credits(segment.segment_page(Page(meta, f"{title}\n\n{text}")))
    out["pfr"] = {
        key: credits(segment.segment_page(Page(meta, text, headline=headline)))
        for key, (headline, text) in pfr_articles().items()
    }
    return out


def run_side(tree: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", str(tree)], capture_output=True, text=True, check=True, cwd="/"
    )
    return json.loads(done.stdout)


# ------------------------------------------------------------------ scores

AUTHOR_ROLES = {"reporter", "writer"}


def sample_score(found: dict[str, Credits]) -> dict:
    tree = ast.parse((ROOT / "tests" / "build" / "test_pipeline.py").read_text(encoding="utf-8"))
    expected = next(
        ast.literal_eval(n.value) for n in tree.body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "EXPECTED_BYLINES"
    )  # fmt: skip
    exact = 0
    for headline, (authors, contributors) in expected.items():
        got = found.get(headline, [])
        exact += {n for r, n in got if r in AUTHOR_ROLES} == authors and {
            n for r, n in got if r not in AUTHOR_ROLES
        } == contributors
    bylined = sum(1 for got in found.values() if any(r in AUTHOR_ROLES for r, _ in got))
    return {"expected": len(expected), "exact": exact, "articles_with_authors": bylined}


def read_gold() -> dict[str, tuple[Credits | None, str]]:
    gold = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, credits, note = (line.split("\t") + ["", ""])[:3]
        parsed = None if credits == "?" else [tuple(c.split(":", 1)) for c in credits.split()]
        gold[name] = (parsed, note)
    return gold


def cec_score(found: dict[str, Credits], gold: dict) -> dict:
    with_byline = [n for n, (g, _) in gold.items() if g]
    without = [n for n, (g, _) in gold.items() if g == []]
    exact = [n for n in with_byline if set(map(tuple, found[n])) == set(gold[n][0])]
    false = [n for n in without if found[n]]
    wrong = {n: {"gold": gold[n][0], "found": found[n]} for n in with_byline if n not in exact}
    return {
        "reports": len(gold),
        "with_byline": len(with_byline),
        "exact": len(exact),
        "exact_rate": round(len(exact) / len(with_byline), 3),
        "without_byline": len(without),
        "false_bylines": len(false),
        "all_exact_rate": round((len(exact) + len(without) - len(false)) / (len(with_byline) + len(without)), 3),
        "not_exact": wrong,
        "false": {n: found[n] for n in false},
        "excluded": {n: {"note": gold[n][1], "found": found[n]} for n, (g, _) in gold.items() if g is None},
    }


def pfr_score(before: dict[str, Credits], after: dict[str, Credits]) -> dict:
    def authors(credits: Credits) -> set[str]:
        return {n for r, n in credits if r in AUTHOR_ROLES}

    added = sorted(k for k in after if authors(after[k]) - authors(before.get(k, [])))
    lost = sorted(k for k in after if authors(before.get(k, [])) - authors(after[k]))
    sample = sorted(random.Random(SEED).sample(added, min(SAMPLE_SIZE, len(added))))
    articles = pfr_articles()
    out = {
        "articles": len(after),
        "with_authors_before": sum(1 for k in after if authors(before.get(k, []))),
        "with_authors_after": sum(1 for k in after if authors(after[k])),
        "with_new_authors": len(added),
        "with_lost_authors": len(lost),
        "lost": {k: {"before": before[k], "after": after[k]} for k in lost},
        "sample": {
            k: {"before": before.get(k, []), "after": after[k], "text": articles[k][1][:160]} for k in sample
        },
    }
    if VERDICTS.exists():
        # A verdict holds for the credits it judged: once the grammar reads them otherwise, it lapses.
        rows = [line.split("\t") for line in VERDICTS.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
        verdicts = {row[0]: row[1] for row in rows if len(row) > 2 and row[2] == _credit_text(after.get(row[0], []))}
        judged = [verdicts[k] for k in sample if k in verdicts]
        out["sample_checked"] = len(judged)
        out["sample_real_bylines"] = sum(v == "yes" for v in judged)
        out["sample_artwork_credits"] = sum(v == "art" for v in judged)
        out["sample_precision"] = round(out["sample_real_bylines"] / len(judged), 3) if judged else None
    return out


def _credit_text(credits: Credits) -> str:
    return " ".join(f"{role}:{name}" for role, name in credits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="a checkout of kg before the change (git worktree)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        json.dump(worker(args.worker), sys.stdout, ensure_ascii=False)
        return
    sides = {"after": run_side(ROOT)}
    if args.before:
        sides["before"] = run_side(args.before)
    gold = read_gold()
    result: dict = {"seed": SEED}
    for side, found in sides.items():
        result[side] = {
            "sample": sample_score(found["sample"]),
            "cec_record": cec_score(found["cec_record"], gold),
            "cec_page": cec_score(found["cec_page"], gold),
        }
    if "before" in sides:
        result["pfr"] = pfr_score(sides["before"]["pfr"], sides["after"]["pfr"])
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for side in sides:
        s = result[side]
        print(side, "sample", s["sample"], "cec", {k: s["cec_record"][k] for k in ("exact", "with_byline", "false_bylines")})
    if "pfr" in result:
        print("pfr", {k: v for k, v in result["pfr"].items() if not isinstance(v, dict)})


if __name__ == "__main__":
    main()
