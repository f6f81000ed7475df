"""Who said what: an article's direct quotations and reported speech, with their speakers.

A direct quotation is a span in “…” or 「…」 that a speech verb introduces (X说：“…”),
that a speech verb follows in the same sentence (“…。”X说), or a quoted sentence that
stands alone (it ends with a full stop inside the marks and begins a sentence). Quoted
names of things (a campaign's “某某”, a slogan, a title) are told apart by form and
context: no sentence punctuation inside, no speech verb beside them, 的 after them.
Reported speech is a speech verb with a speaker and a clause for its object (X表示，
要……; X指出：……). Who spoke is :mod:`kg.extract.speakers`' part; the words are
``data/lexicons/speech.txt``'s.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.extract.speakers import (
    CLAUSE_STOPS,
    KNOWN,
    SENTENCE_STOPS,
    Speaker,
    Text,
    resolve,
    speaker_at,
    speaker_before,
)
from kg.lang.chars import CLAUSE_ENDS, FULL_STOPS, OPENING_BRACKETS, PAUSES, QUOTE_MARKS, SENTENCE_ENDS
from kg.lang.lexicons import regex_union, speech_words
from kg.model import Article, Mention, Quotation, Speech

_QUOTE = re.compile("|".join(f"{o}[^{o}{c}\n]*{c}" for o, c in QUOTE_MARKS.items()))
_TERMINAL = FULL_STOPS + "…"  # what ends a quoted sentence
_LOOKAHEAD = 60  # characters after a quotation in which a speech verb may follow it
_MIN_REPORTED = 4  # characters of a reported clause, at least


@dataclass(frozen=True)
class _Verb:
    """A speech verb and what follows it."""

    start: int
    end: int
    follow: str  # punct (a comma or colon), quote, modal or end
    after: int  # where what was said begins
    speaker: Speaker | None


@dataclass(frozen=True)
class _Said:
    start: int
    end: int
    speech: Speech
    speaker: Speaker | None
    alone: bool = False  # a quoted sentence standing alone, no verb beside it


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Speech verbs (with a second verb or whom they tell after them) and modals."""
    words = speech_words
    return {
        "verb": re.compile(
            f"(?:{regex_union(words('verbs'))})(?:{regex_union(words('suffixes'))})?"
            f"(?:{regex_union(words('objects'))})?"
        ),
        "modal": re.compile(regex_union(words("modals"))),
    }


def find_quotations(article: Article, mentions: Sequence[Mention]) -> tuple[Quotation, ...]:
    """The direct quotations and reported speech of ``article``, in text order.

    Args:
        mentions: the article's resolved mentions: a speaker is the entity of one.
    """
    scan = _Scan(article.text, mentions)
    said = _direct(scan)
    said += _reported(scan, said)
    said = _continued(scan.text, sorted(said, key=lambda s: (s.start, s.end)))
    out: list[Quotation] = []
    for item in said:
        entity, role = resolve(scan.index, item.speaker, out)
        speaker = item.speaker
        # An aside's bracket before the speaker ((某朝·某人)) is no part of the phrase.
        phrase = scan.text[speaker.start : speaker.end].lstrip(OPENING_BRACKETS).strip() if speaker else None
        text = scan.text[item.start : item.end]
        out.append(Quotation(article.key, item.start, item.end, text, item.speech, phrase or None, entity, role))
    return tuple(out)


class _Scan:
    """An article's text with its quotation marks and speech verbs found."""

    def __init__(self, text: str, mentions: Sequence[Mention]):
        self.text = text
        self.quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]  # with their marks
        # Quoted names (no sentence inside) do not end a clause: 在“某某”电台说.
        names = {e - 1: s for s, e in self.quotes if not _sentence_like(text[s + 1 : e - 1])}
        self.index = Text(text, mentions, names=names)
        self.verbs = list(self._verbs())
        self.verb_starts = [v.start for v in self.verbs]  # in text order: looked up by bisection
        self.intro = {v.after: v for v in self.verbs if v.follow == "quote"}

    def inside_quote(self, at: int) -> bool:
        i = bisect.bisect_right(self.quotes, (at, len(self.text) + 1)) - 1
        return i >= 0 and self.quotes[i][0] < at < self.quotes[i][1]

    def _verbs(self) -> Iterator[_Verb]:
        index = self.index
        for m in _patterns()["verb"].finditer(self.text):
            start, end = m.span()
            if self.inside_quote(start) or index.inside_mention(start) or index.bound(start, m.group()):
                continue
            if start > 0 and self.text[start - 1] == "的" and start not in index.ending:
                continue  # 受到……的称赞: a noun, no one speaking
            follow = _follow(self.text, end, m.group())
            if follow is not None:
                yield _Verb(start, end, follow[0], follow[1], speaker_before(index, start))


def _follow(text: str, end: int, verb: str) -> tuple[str, int] | None:
    """What follows a speech verb: (punct | quote | modal | end, where the words begin), or None."""
    ch = text[end] if end < len(text) else "\n"
    if ch in PAUSES:
        after = end + 1
        if after < len(text) and text[after] in QUOTE_MARKS:
            return "quote", after
        return "punct", after
    if ch in QUOTE_MARKS:
        return "quote", end
    if ch in SENTENCE_ENDS or ch == "\n":
        return "end", end
    if any(verb.startswith(v) for v in speech_words("modal_verbs")) and _patterns()["modal"].match(text, end):
        return "modal", end
    return None


# ------------------------------------------------------------------ what was said


def _sentence_like(inner: str) -> bool:
    """A quotation's form: it ends as a sentence or clause does, or holds clause punctuation."""
    return bool(inner) and (inner[-1] in _TERMINAL + CLAUSE_ENDS or any(ch in CLAUSE_ENDS for ch in inner))


def _direct(scan: _Scan) -> list[_Said]:
    """The quotations a verb introduces or follows, and quoted sentences standing alone."""
    text, out = scan.text, []
    for open_, close in scan.quotes:
        start, end = open_ + 1, close - 1
        inner, intro = text[start:end], scan.intro.get(open_)
        if text.startswith("的", close):  # “……”的要求: a name, whatever it holds
            continue
        if intro is not None and _introduced(text, intro, inner, close):
            out.append(_Said(start, end, Speech.DIRECT, intro.speaker))
        elif _sentence_like(inner):
            after = _verb_after(scan, close, far=inner[-1] in _TERMINAL)
            if after is not None:
                out.append(_Said(start, end, Speech.DIRECT, after.speaker))
            elif inner[-1] in _TERMINAL and _opens_sentence(text, open_):
                out.append(_Said(start, end, Speech.DIRECT, speaker_at(scan.index, close), alone=True))
    return [s for s in out if s.end > s.start]


def _introduced(text: str, intro: _Verb, inner: str, close: int) -> bool:
    """A verb's quotation, not a name it introduces (称：“某某”由……; 提出“某某”目标)."""
    if text[intro.end] in PAUSES:  # 说：“……”
        return close == len(text) or text[close] in CLAUSE_STOPS or _sentence_like(inner)
    return close == len(text) or text[close] in SENTENCE_STOPS or inner[-1:] in tuple(_TERMINAL)


def _continued(text: str, said: list[_Said]) -> list[_Said]:
    """A quoted sentence alone right after someone's reported speech goes on with their words.

    (张三说，……。“……。”) A quotation after a quotation (“……？”“……。”) may be a reply:
    it keeps no speaker.
    """
    out = list(said)
    for i in range(1, len(out)):
        here, before = out[i], out[i - 1]
        gap = text[before.end : here.start - 1]
        if here.alone and here.speaker is None and before.speech is Speech.REPORTED and before.speaker:
            if before.end < here.start and all(ch in SENTENCE_ENDS for ch in gap):
                out[i] = _Said(here.start, here.end, here.speech, before.speaker, alone=True)
    return out


def _opens_sentence(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] in SENTENCE_STOPS + "…" + "".join(QUOTE_MARKS.values())


def _verb_after(scan: _Scan, pos: int, *, far: bool) -> _Verb | None:
    """The first speech verb after a quotation: in the clause that follows it (“……，”X说),
    or, after a quoted sentence (``far``), anywhere in the sentence that follows it."""
    text, limit = scan.text, min(len(scan.text), pos + _LOOKAHEAD)
    stops = SENTENCE_STOPS if far else CLAUSE_STOPS
    begin = pos + 1 if not far and pos < len(text) and text[pos] in PAUSES else pos
    for i in range(begin, limit):
        if text[i] in stops or text[i] in QUOTE_MARKS:
            limit = i
            break
    for verb in scan.verbs[bisect.bisect_left(scan.verb_starts, pos) : bisect.bisect_left(scan.verb_starts, limit)]:
        # After a quoted sentence, X说：“……” opens X's own quotation: not the one before.
        if not (far and verb.follow == "quote" and text[verb.end] in "：:"):
            return verb
    return None


def _reported(scan: _Scan, direct: Sequence[_Said]) -> list[_Said]:
    """A known speaker's verb and the clause after it, up to the end of the sentence."""
    text, out = scan.text, []
    opens = sorted(s.start - 1 for s in direct)
    for verb in scan.verbs:
        if verb.follow not in ("punct", "modal") or verb.speaker is None or verb.speaker.kind not in KNOWN:
            continue
        end = verb.after
        while end < len(text) and text[end] not in SENTENCE_STOPS:
            end += 1
        i = bisect.bisect_left(opens, verb.after)
        if i < len(opens) and opens[i] < end:  # a direct quotation's words are its own
            end = opens[i]
        while end > verb.after and (text[end - 1] in CLAUSE_ENDS or text[end - 1].isspace()):
            end -= 1
        if end - verb.after >= _MIN_REPORTED:
            out.append(_Said(verb.after, end, Speech.REPORTED, verb.speaker))
    return out
