"""The MSRA NER training set, split into training text and a held-out slice.

The last :data:`HELD_OUT` sentences of ``../shared/corpora/msra/train.bmes`` are set
aside: kg never trains or tunes on them, and they score the recognizer on news of other
sources than People's Daily. Everything before them may be trained on.

Usage::

    python benchmarks/msra_corpus.py held-out OUT.bmes   # write the slice (BMES, as read)
    python benchmarks/msra_corpus.py stats               # counts of both parts
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.gold import GoldParagraph, read_gold  # noqa: E402
from kg.model import EntityType  # noqa: E402

MSRA = ROOT.parent / "shared" / "corpora" / "msra" / "train.bmes"
HELD_OUT = 2000


def sentences(path: Path = MSRA) -> list[GoldParagraph]:
    """Every sentence of the corpus, in file order."""
    return list(read_gold(path, fmt="bmes"))


def split(path: Path = MSRA) -> tuple[list[GoldParagraph], list[GoldParagraph]]:
    """(training sentences, held-out sentences): the held-out ones are the last :data:`HELD_OUT`."""
    every = sentences(path)
    return every[:-HELD_OUT], every[-HELD_OUT:]


# MSRA's conventions that are not the project's (and not PFR's), measured by comparing the
# two corpora's tags of the same strings:
_CONGRESS = re.compile(r"^[一二三四五六七八九十]+大$")  # 十五大: a congress, an event; PFR leaves it untagged
_MILITARY_REGION = ("军区", "警备区")  # MSRA: places; PFR and kg: organizations
_GENERIC_ORG = frozenset("公司 集团 中心 委员会 医院 法院 学院 学校 协会 政府 党委".split())


def project_conventions(paragraph: GoldParagraph) -> GoldParagraph:
    """One MSRA sentence with its tags mapped to the project's conventions.

    - one-character places and organizations (中美 → 中 美, 韩) are abbreviations, not names;
    - a country or place followed by 政府 is the government (PFR's [中国 政府]nt);
    - 北京军区 is an organization; 十五大 (a congress) and 中华 (of 中华民族) are not mentions;
    - a bare generic head (公司, 医院) is not a name.
    """
    spans: list[tuple[int, int, EntityType]] = []
    text = paragraph.text
    for start, end, kind in paragraph.spans:
        name = text[start:end]
        if end - start == 1 and kind is not EntityType.PER:
            continue
        if kind is EntityType.ORG and (_CONGRESS.match(name) or name in _GENERIC_ORG):
            continue
        if kind is EntityType.LOC and name == "中华":
            continue
        if kind is EntityType.LOC and name.endswith(_MILITARY_REGION):
            kind = EntityType.ORG
        elif kind is EntityType.LOC and text.startswith("政府", end):
            start_end = (start, end + 2)
            if not any(s < start_end[1] and e > start_end[0] for s, e, _ in paragraph.spans if (s, e) != (start, end)):
                start, end, kind = start, end + 2, EntityType.ORG
        spans.append((start, end, kind))
    return dataclasses.replace(paragraph, spans=tuple(spans))


def training_sentences(path: Path = MSRA) -> list[GoldParagraph]:
    """The sentences kg may train on, in the project's conventions."""
    return [project_conventions(p) for p in split(path)[0]]


def write_bmes(paragraphs: list[GoldParagraph], out: Path) -> None:
    """Write sentences back as one character and its BMES tag a line."""
    lines: list[str] = []
    for p in paragraphs:
        tags = ["O"] * len(p.text)
        for start, end, kind in p.spans:
            if end - start == 1:
                tags[start] = f"S-{kind.value}"
                continue
            tags[start] = f"B-{kind.value}"
            tags[start + 1 : end - 1] = [f"M-{kind.value}"] * (end - start - 2)
            tags[end - 1] = f"E-{kind.value}"
        lines += [f"{c} {t}" for c, t in zip(p.text, tags)] + [""]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("held-out", "stats"))
    parser.add_argument("out", nargs="?", type=Path, help="where held-out writes the slice")
    args = parser.parse_args(argv)
    train, held = split()
    if args.action == "held-out":
        if args.out is None:
            parser.error("held-out needs OUT")
        write_bmes(held, args.out)
        print(f"{len(held)} sentences, {sum(len(p.spans) for p in held)} mentions -> {args.out}")
        return 0
    for name, part in (("train", train), ("held-out", held)):
        kinds = Counter(k.value for p in part for *_, k in p.spans)
        print(f"{name:9} {len(part):6} sentences {sum(len(p.text) for p in part):9} chars {dict(kinds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
