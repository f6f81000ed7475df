"""Sites named after a person or a place: 鲁迅故居, 武侯祠, 襄阳楼, 黄鹤楼.

A person's name before 故居, 祠, 纪念馆 … names a place, not the person. A place's name
before a landmark's head (楼 阁 塔 寺 …) that ends a word names the landmark, not the
place; and the tagger reads famous landmarks (岳阳楼, 滕王阁) as persons' names. Every
site, and every other place whose name ends in a site's head (长江, 某某机场), takes the
class the head names (:func:`kg.extract.recognize.local_places.site_kind`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from kg.extract.recognize.lexicon import LANDMARK_HEADS, SITE_HEADS, Lexicon
from kg.extract.recognize.local_places import site_head, site_kind
from kg.extract.recognize.site_heads import site_heads, venue_head
from kg.lang.person_names import transliterated
from kg.lang.words import WordIndex, at_boundary, word_tag
from kg.model import EntityType, Mention, MentionSource


def to_sites(mentions: Sequence[Mention], text: str, lex: Lexicon, words: WordIndex) -> list[Mention]:
    """The mentions, with those that start a site's name made the site, and sites typed."""
    return [_as_site(m, text, lex, words) or _venue(m) or _typed(m) for m in mentions]


def _venue(mention: Mention) -> Mention | None:
    """An organization's name that ends with a building's head (某某美术馆, 某某宾馆) as the place.

    News corpora (PFR 1998, MSRA) name museums, galleries, hotels and shopping centres as
    places; the organization grammar reads their heads as a body's.
    """
    head = venue_head(mention.text) if mention.type is EntityType.ORG else None
    if head is None:
        return None
    return dataclasses.replace(mention, type=EntityType.LOC, kind=site_heads().kinds[head])


def _typed(mention: Mention) -> Mention:
    """A place with no code whose name is a stem of two characters or more and a site's head
    takes the head's class (长江, 某某机场); a division (白山市, 浙江, a township 某某山) keeps none."""
    if mention.type is not EntityType.LOC or mention.kind is not None or mention.code or mention.source in _DIVISIONS:
        return mention
    head = site_head(mention.text)
    kind = site_kind(mention.text)
    if head is None or kind is None or len(mention.text) - len(head) < 2:
        return mention
    return dataclasses.replace(mention, kind=kind)


def _as_site(mention: Mention, text: str, lex: Lexicon, words: WordIndex) -> Mention | None:
    """The site ``mention`` starts or is (a person's or a place's), else None."""
    if mention.type is EntityType.PER:
        head = next((h for h in lex.facilities if text.startswith(h, mention.end)), None)
        if head in SITE_HEADS:
            return _site(mention, mention.end + len(head), text)
        if mention.source == MentionSource.TAGGER and len(mention.text) >= 3 and _landmark_word(mention.text):
            return _site(mention, mention.end, text)  # 岳阳楼, 黄鹤楼, tagged as names
    elif mention.type is EntityType.LOC and mention.source != MentionSource.RULE:
        end = mention.end + 1
        if text[mention.end : end] in LANDMARK_HEADS and at_boundary(text, end, words):
            return _site(mention, end, text)  # 襄阳|楼, not 武汉|楼市
    return None


# The gazetteer's places are divisions, with a code or (townships) without.
_DIVISIONS = frozenset({MentionSource.GAZETTEER, MentionSource.ALIAS})


def _landmark_word(name: str) -> bool:
    """A word of jieba's dictionary that ends in a landmark's head (滕王阁, 寒山寺).

    Not a foreign person's name that ends so (a transliteration ending with 塔).
    """
    tag = word_tag(name)
    return name.endswith(tuple(LANDMARK_HEADS)) and bool(tag) and tag != "nrt" and not transliterated(name)


def _site(mention: Mention, end: int, text: str) -> Mention:
    """The site ``mention.start:end``: a place of its own, with no code or parent."""
    return dataclasses.replace(
        mention, end=end, text=text[mention.start : end], type=EntityType.LOC, source=MentionSource.RULE,
        canonical=None, job_title=None, code=None, located_in=None, kind=site_kind(text[mention.start : end]),
    )
