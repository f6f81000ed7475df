"""Fusion: choose one reading where rules, gazetteer and tagger disagree.

Candidates are ranked by the reliability of their source, then by length; a chosen
span blocks every span overlapping it. An organization's name therefore hides the
place inside it (公安县公安局 is not also a mention of 公安县). A name found once is
then found wherever it recurs in the article (document-level consistency).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence

import rjieba

from kg.gazetteer import KeyScanner
from kg.model import EntityType, Mention
from kg.recognize.lexicon import Lexicon
from kg.recognize.words import WordIndex

PRIORITY = {"table": 5, "rule": 4, "gazetteer": 3, "tagger": 2, "alias": 2, "consistency": 1}
_HAN_NAME = re.compile(r"^[\u3400-\u9fff·•]+$")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s")


def select(candidates: Iterable[Mention]) -> list[Mention]:
    """Keep the best non-overlapping candidates, in text order."""
    ranked = sorted(
        candidates,
        key=lambda m: (-PRIORITY.get(m.source, 0), -(m.end - m.start), m.start, m.type.value),
    )
    taken = bytearray()
    chosen: list[Mention] = []
    for mention in ranked:
        if mention.end > len(taken):
            taken.extend(b"\0" * (mention.end - len(taken)))
        if any(taken[mention.start : mention.end]):
            continue
        taken[mention.start : mention.end] = b"\1" * (mention.end - mention.start)
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def plausible(mention: Mention) -> bool:
    """Reject spans no name can have: whitespace inside, one character, a non-Han person."""
    if mention.end - mention.start < 2 or _SPACE.search(mention.text):
        return False
    if mention.type is EntityType.PER:
        length = len(mention.text)
        return bool(_HAN_NAME.match(mention.text)) and (length <= 4 or "·" in mention.text)
    return bool(_HAN.search(mention.text))


def to_sites(mentions: Sequence[Mention], text: str, lex: Lexicon) -> list[Mention]:
    """A name followed by 故居, 祠, 纪念馆 … names a site: a place, not the person."""
    out = []
    for mention in mentions:
        head = next((h for h in lex.facilities if text.startswith(h, mention.end)), None)
        if head and mention.type is EntityType.PER and head in _SITE_HEADS:
            out.append(
                dataclasses.replace(
                    mention,
                    end=mention.end + len(head),
                    text=mention.text + head,
                    type=EntityType.LOC,
                    source="rule",
                    canonical=None,
                    job_title=None,
                )
            )
        else:
            out.append(mention)
    return out


_SITE_HEADS = {"故居", "旧居", "祠", "祠堂", "墓", "陵", "陵园", "纪念馆", "纪念碑", "纪念堂", "庙", "寺", "塔", "书院"}


@functools.lru_cache(maxsize=4096)
def _word_tag(word: str) -> str:
    tags = rjieba.tag(word)
    return tags[0][1] if len(tags) == 1 else ""


def ambiguous_alias(mention: Mention, county_aliases: dict[str, object]) -> bool:
    """A county's short name that is a common word (公安 the police, 监利 …) on its own."""
    return (
        mention.type is EntityType.LOC
        and mention.source in ("tagger", "consistency")
        and mention.text in county_aliases
        and _word_tag(mention.text) != "ns"
    )


def spread(mentions: list[Mention], text: str, words: WordIndex) -> list[Mention]:
    """Find again, wherever it recurs, every name recognized once in the article."""
    if not mentions:
        return mentions
    taken = bytearray(len(text))
    for m in mentions:
        taken[m.start : m.end] = b"\1" * (m.end - m.start)
    first: dict[str, Mention] = {}
    for m in mentions:
        first.setdefault(m.text, m)
    extra = []
    for start, end, surface in KeyScanner(first).find(text):
        if not any(taken[start:end]) and _aligned(text, start, end, words):
            extra.append(dataclasses.replace(first[surface], start=start, end=end, source="consistency"))
    return sorted(mentions + extra, key=lambda m: m.start)


def _aligned(text: str, start: int, end: int, words: WordIndex) -> bool:
    """The span does not cut a word in two (or sits between non-Han characters)."""
    left = start == 0 or not _HAN.match(text[start - 1]) or start in words.starts or start in words.ends
    right = end == len(text) or not _HAN.match(text[end]) or end in words.ends or end in words.starts
    return left and right
