"""Happenings: the triggers of what news reports as having happened (a fire, a crash, an arrest, a visit).

The triggers of ``data/lexicons/event_triggers.tsv`` are found in one pass of an Aho-Corasick
automaton over the text (linear in its length, however many triggers), then each hit is kept
only when it reads as a happening:

* it starts a word of the segmenter's (调研, not the 调研 of 协调研究) and ends one, or what
  follows inside its word is an accident's or a case's word (火灾事故, 中毒事件), or what
  precedes inside its word only introduces it (发生爆炸, 重大事故);
* it is no part of a recognized name (交通事故处理中心), a named event (表彰大会) or a
  document's title (《…》), nor of a long quotation (speech, not report);
* no word after it makes it a modifier, a body or a statistic (火灾隐患, 地震局, 事故数), and
  none right before it (自我检查, 防火灾);
* its clause neither negates it (没有发生火灾, 零被盗) nor makes it hypothetical or general
  (如果发生火灾, 防止, 预防, 演练, 极易发生交通事故), nor counts such events (命案发案数,
  故意伤害等警情同比下降);
* a trigger that needs an object has one (检查X, 印发《X》; 被抓获 is passive and counts).

Whether a trigger that needs a subject has one is decided with the participants
(:mod:`kg.extract.event_args`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick, MatchKind

from kg import errors
from kg.extract.event_rules import sentence_bounds
from kg.extract.spans import SpanIndex
from kg.lang.chars import CLAUSE_ENDS, CN_NUMERALS, QUOTE_MARKS
from kg.lang.lexicons import event_words, rows
from kg.lang.words import WordIndex
from kg.model import EventFamily, EventRole, EventType

_CLAUSE_PUNCT = CLAUSE_ENDS + "\n"
_NEGATION_REACH = 4  # characters between a negation and its trigger: 没有发生火灾, 未发生重大事故
_HYPOTHESIS_REACH = 10  # 如果在家中发生火灾
_STATISTIC_REACH = 10  # 故意伤害等警情, 斗殴、扒窃、伤害警情: a statistic's word comes soon after the trigger
_CONDITION_REACH = 80  # 如果进展顺利，将安排两人会谈: a condition opens the sentence
_LONG_QUOTE = 12  # a quotation longer than this is speech: what it tells is not reported as news
_QUOTE_MAX = 400  # a quotation mark without its closing one within this many characters quotes nothing
_PASSIVE = "被"


@dataclass(frozen=True)
class Trigger:
    """One row of the trigger lexicon."""

    word: str
    type: EventType
    label: str
    subject: bool  # needs a person or organization before it
    object: bool  # needs words after it
    generic: bool  # 事故, 案件: typed by the headline, only as the main event
    subject_role: EventRole | None
    object_role: EventRole | None


@dataclass(frozen=True)
class Hit:
    """A trigger found in a text: where, and which."""

    start: int
    end: int
    trigger: Trigger


@dataclass(frozen=True)
class _Lexicon:
    triggers: tuple[Trigger, ...]
    automaton: AhoCorasick


def find_triggers(
    text: str, *, blocked: Sequence[tuple[int, int]] = (), headline: bool = False
) -> list[Hit]:
    """The triggers of ``text`` that report happenings, in text order, not overlapping.

    Args:
        text: an article's text (or its headline).
        blocked: spans no trigger may touch: recognized names, named events.
        headline: ``text`` is a headline, telegraphic: the need for an object is not checked.

    Returns:
        The kept hits; a longer trigger wins over one it overlaps (森林火灾 over 火灾).
    """
    lex = _lexicon()
    masked = _mask_titles(text)
    names = SpanIndex(blocked)
    quotes = SpanIndex(_long_quotes(text))
    words = _Words(masked)
    kept: list[Hit] = []
    for number, start, end in lex.automaton.find_matches_as_indexes(masked, overlapping=True):
        hit = Hit(start, end, lex.triggers[number])
        if names.overlaps(start, end) or quotes.overlaps(start, end):
            continue
        if _reads_as_happening(masked, hit, words, headline=headline):
            kept.append(hit)
    return _longest_first(kept)


def _longest_first(hits: list[Hit]) -> list[Hit]:
    taken = bytearray(max((h.end for h in hits), default=0) + 1)
    out = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if not any(taken[hit.start : hit.end]):
            out.append(hit)
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    return sorted(out, key=lambda h: h.start)


def _reads_as_happening(text: str, hit: Hit, words: _Words, *, headline: bool) -> bool:
    start, end = hit.start, hit.end
    if _NOT_BEFORE.match(text, end) or any(text.endswith(w, 0, start) for w in _NOT_AFTER):
        return False
    if not words.aligned(start, end, headed=not hit.trigger.generic):  # 突发事件 is a term, 突发火灾 a fire
        return False
    clause = _clause_start(text, start)
    if _counted(text, end):
        return False
    before = words.between(clause, start)
    if _negated(text, before, start) or any(w in _HYPOTHETICAL for w, _ in before[-6:]):
        return False
    sentence = max(words.sentence_start(start), start - _CONDITION_REACH)
    if any(w in _CONDITIONAL for w, _ in words.between(sentence, start)):
        return False
    return headline or not hit.trigger.object or _has_object(text, end, before)


def _negated(text: str, before: list[tuple[str, int]], start: int) -> bool:
    """A negation word ends a few characters before the trigger (没有发生火灾, 没有一起偷盗事件)."""
    for word, at in before:
        if word in _NEGATION:
            gap = text[at + len(word) : start]
            counted = gap.startswith(_NEGATED_COUNT)  # 没有一起治安、偷盗事件
            if len(gap) <= (_NEGATION_REACH * 2 if counted else _NEGATION_REACH):
                return True
    return False


def _has_object(text: str, end: int, before: list[tuple[str, int]]) -> bool:
    """Words follow the trigger in its clause (检查X), or it is passive (被抓获)."""
    rest = text[end : end + 2].lstrip("了过")
    if rest and rest[0] not in _CLAUSE_PUNCT and rest[0] not in "的时中后":
        return True
    return any(word == _PASSIVE for word, _ in before)


def _clause_start(text: str, pos: int) -> int:
    lo = max(0, pos - _HYPOTHESIS_REACH - 8)
    for k in range(pos - 1, lo - 1, -1):
        if text[k] in _CLAUSE_PUNCT:
            return k + 1
    return lo


def _counted(text: str, end: int) -> bool:
    """A statistic of such events follows the trigger in its clause (命案发案数, 立案138件), before any effect it had."""
    if _COUNT_AFTER.match(text, end):
        return True
    stop = min(_clause_end(text, end), end + _STATISTIC_REACH)
    cause = _CAUSES.search(text, end, stop)
    return _STATISTICS.search(text, end, cause.start() if cause else stop) is not None


def _clause_end(text: str, pos: int) -> int:
    """The next clause mark (or space: headings joined) after ``pos``, as far as a statistic's word may be."""
    match = _CLAUSE_END.search(text, pos, pos + _STATISTIC_REACH)
    return match.start() if match else min(len(text), pos + _STATISTIC_REACH)


class _Words:
    """The segmenter's words of the sentences that hold hits, each sentence tagged once."""

    def __init__(self, text: str):
        self.text = text
        self.bounds = sentence_bounds(text)
        self.starts = [lo for lo, _ in self.bounds]
        self._indexes: dict[int, WordIndex] = {}

    def _index(self, pos: int) -> tuple[int, WordIndex]:
        lo, hi = self.bounds[max(0, bisect.bisect_right(self.starts, pos) - 1)]
        index = self._indexes.get(lo)
        if index is None:
            index = self._indexes[lo] = WordIndex.of(self.text[lo:hi])
        return lo, index

    def sentence_start(self, pos: int) -> int:
        return self.bounds[max(0, bisect.bisect_right(self.starts, pos) - 1)][0]

    def aligned(self, start: int, end: int, *, headed: bool = True) -> bool:
        """The trigger starts a word and ends one, give or take an introducing head (发生爆炸, 重大事故)
        or an accident's word after it (火灾事故, 中毒事件) inside the segmenter's word."""
        base, index = self._index(start)
        if start - base not in index.starts and not (headed and self._headed(base, index, start)):
            return False
        if end - base in index.ends:
            return True
        k = bisect.bisect_right(index.words, (end - base, len(self.text))) - 1
        w_start, w_end = index.words[k][0] + base, index.words[k][1] + base
        return w_start < end < w_end and self.text[end:w_end] in _TAILS

    def _headed(self, base: int, index: WordIndex, start: int) -> bool:
        """The trigger starts inside a word whose head only introduces it (发生爆炸, 依法逮捕)."""
        k = bisect.bisect_right(index.words, (start - base, len(self.text))) - 1
        return k >= 0 and self.text[index.words[k][0] + base : start] in _HEADS

    def between(self, lo: int, hi: int) -> list[tuple[str, int]]:
        """``(word, start)`` of the words inside ``lo:hi`` (both in one sentence)."""
        base, index = self._index(max(lo, hi - 1))
        words = index.words
        out = []
        for k in range(bisect.bisect_left(words, (lo - base,)), len(words)):
            s, e, w, _ = words[k]
            if e + base > hi:
                break
            out.append((w, s + base))
        return out


def _long_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of quotations long enough to be speech."""
    out = []
    for opening, closing in QUOTE_MARKS.items():
        for match in re.finditer(f"{opening}[^{opening}{closing}]{{{_LONG_QUOTE},{_QUOTE_MAX}}}?{closing}", text):
            out.append((match.start(), match.end()))
    return out


def _mask_titles(text: str) -> str:
    """Blank out 《…》 titles (same length): a 火灾 in a book's title is no fire."""
    if "《" not in text:
        return text
    return re.sub(r"《[^《》\n]{0,60}》", lambda m: "《" + "　" * (len(m.group(0)) - 2) + "》", text)


# ------------------------------------------------------------------ lexicon

_NOT_BEFORE = re.compile(
    "|".join(
        re.escape(w) + (f"(?!{'|'.join(map(re.escape, unless))})" if unless else "")
        for token in sorted(event_words("trigger_not_before"), key=len, reverse=True)
        for w, *unless in [token.split("/")]
    )
)
_NOT_AFTER = tuple(sorted(event_words("trigger_not_after"), key=len, reverse=True))
_TAILS = event_words("trigger_word_tails")
_HEADS = event_words("trigger_word_heads")
_NEGATION = event_words("negation")
_ACCIDENT_WORDS = event_words("accident_words")
_NEGATED_COUNT = tuple(event_words("negated_count"))
_STATISTICS = re.compile("|".join(map(re.escape, sorted(event_words("statistics"), key=len, reverse=True))))
_CAUSES = re.compile("|".join(map(re.escape, sorted(event_words("causes"), key=len, reverse=True))))
# 立案138件, 火灾3起, 发射超过100次: a count of such events right after the trigger makes it a statistic
_COUNT_AFTER = re.compile(rf"(?:了|超过|达|共|近|逾)?[0-9０-９{CN_NUMERALS}百千万两余多]+(?:件|宗|起|次)")
_CLAUSE_END = re.compile(f"[{re.escape(_CLAUSE_PUNCT)}\\s]")
_HYPOTHETICAL = event_words("hypothetical")
_CONDITIONAL = event_words("conditional")


def generic_family(trigger: Trigger) -> EventFamily | None:
    """What a word of any accident or case stands for: 事故 a disaster, 案件 a crime (None: any, or not generic)."""
    if not trigger.generic:
        return None
    if trigger.word in _ACCIDENT_WORDS:
        return EventFamily.DISASTER
    return trigger.type.family


def trigger_types() -> dict[str, EventType]:
    """Each trigger word → its event type."""
    return {t.word: t.type for t in _lexicon().triggers}


@functools.cache
def _lexicon() -> _Lexicon:
    """Read ``data/lexicons/event_triggers.tsv``.

    Raises:
        ModelError: a row names an unknown type, need or role.
    """
    triggers = []
    for word, kind, label, needs, subject, obj in rows("event_triggers.tsv", 6):
        flags = {n.strip() for n in needs.split(",") if n.strip()}
        try:
            trigger = Trigger(
                word, EventType(kind), label or word, "subject" in flags, "object" in flags, "generic" in flags,
                EventRole(subject) if subject else None, EventRole(obj) if obj else None,
            )
        except ValueError:
            raise errors.ModelError(f"bad trigger row {word!r}", source="event_triggers.tsv") from None
        if flags - {"subject", "object", "generic"}:
            raise errors.ModelError(f"unknown need in {word!r}: {needs}", source="event_triggers.tsv")
        triggers.append(trigger)
    automaton = AhoCorasick([t.word for t in triggers], matchkind=MatchKind.Standard)
    return _Lexicon(tuple(triggers), automaton)


__all__ = ["Hit", "Trigger", "find_triggers", "generic_family", "trigger_types"]
