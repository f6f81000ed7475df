"""Who is speaking: the speaker phrase of a speech verb or a quotation, and what it denotes.

A speaker is read in the clause before the verb (张三说, 某局负责人表示, 一位市民告诉记者),
past what may stand between them (adverbs, dates, 在……时, 对记者); else it is the subject
of the sentence the verb's clause continues (张三在会上讲话，表示……). It is a person the
article names (the mention's entity), an organization and the role that spoke for it
(某局负责人 → the organization, role 负责人), a pointer back to one (该局负责人,
该负责人), a pronoun (他, 她: the one person that opens a clause just before, or the last
person quoted), a described person (一位市民, 游客张先生), or a short phrase kept as
printed. Words come from ``data/lexicons/speech.txt``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from kg.lang.chars import CLAUSE_ENDS, DATE_DIGITS, FULL_STOPS, PAUSES, QUOTE_MARKS
from kg.lang.lexicons import honorifics, regex_union, speech_words, title_words
from kg.lang.person_names import surnames
from kg.model import EntityKey, EntityType, Mention, Quotation

_MARKS = "".join(QUOTE_MARKS) + "".join(QUOTE_MARKS.values())
CLAUSE_STOPS = CLAUSE_ENDS + _MARKS + "\n"  # where a speaker's clause begins
SENTENCE_STOPS = FULL_STOPS + "\n"  # where a sentence, and what was reported, ends
_MAX_PRINTED = 10  # characters of a speaker phrase nothing else recognized
_MAX_MODIFIER = 6  # characters before a described person's head kept with it (某机构负责人)
_NAME_REACH = 14  # characters from a clause's start to a name that may still be its subject
_LOOK_BACK = 2  # sentences a pronoun looks further back, past sentences that name no one
# Speakers of a reported clause: all but a phrase that only its place before a verb makes one.
KNOWN = frozenset({"named", "body", "place", "pointer", "pronoun", "group", "described"})
_OPENERS = KNOWN - {"place", "group"}  # what may be a clause's subject far from its verb
_RANK = {"named": 0, "body": 1, "place": 2, "pointer": 3, "pronoun": 4, "group": 5, "described": 6}


@dataclass(frozen=True)
class Speaker:
    """A speaker phrase, before pointers and pronouns are followed back."""

    start: int  # of the phrase as printed (titles before a name included)
    end: int
    kind: str  # named, body, place, pointer, pronoun, group, described, printed
    head: int  # where the speaker itself begins (the name, the organization, the pronoun)
    entity: EntityKey | None = None
    role: str | None = None
    pointer: str = ""  # what a pointer names (局 of 该局负责人)


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The compiled patterns of the speech lexicon that find speakers."""
    words = speech_words
    stops = "".join(re.escape(ch) for ch in CLAUSE_STOPS)
    inner = "".join(re.escape(ch) for ch in CLAUSE_ENDS + "\n")  # a quoted name may sit in an adverbial
    date = f"(?:[{DATE_DIGITS}]+(?:{regex_union(words('time_units'))}))+"  # 三月五日, ９月份
    # Adverbs, dates, manner (…地, …着), place or time (在…), addressee (对…) and interview.
    adverb = (
        f"(?:{regex_union(words('adverbs'))}|{date}|[^{stops}]{{2,4}}?地|[^{stops}]{{1,2}}着|在[^{inner}]{{1,24}}"
        f"|(?:{regex_union(words('addressees'))})[^{inner}]{{1,16}}|接受[^{inner}]{{0,12}}采访时)"
    )
    roles = regex_union(words("roles") | title_words())
    quantifiers = regex_union(words("quantifiers"))
    return {
        "adverbs": re.compile(f"{adverb}*"),
        "date": re.compile(date),
        "role": re.compile(roles),
        # 某队一位年过七旬的队员: someone of the body, with what they are to it.
        "member": re.compile(f"(?:{quantifiers})[^{stops}]{{0,8}}?({roles}|{regex_union(words('described'))})"),
        "pointer": re.compile(f"(?:{regex_union(words('pointers'))})([^{stops}]{{0,3}}?)({roles})"),
        "pronoun": re.compile(regex_union(words("plural_pronouns") | words("pronouns"))),
        "described": re.compile(regex_union(words("described"))),
        "named_form": re.compile(f"(?:{regex_union(surnames())})(?:{regex_union(honorifics())})"),
        "modifier": re.compile(
            f"(?:{regex_union(words('quantifiers'))})?(?:[^{stops}]{{0,9}}的)?[^{stops}的]{{0,3}}"
        ),
    }


@functools.cache
def _bound() -> dict[str, tuple[tuple[str, int], ...]]:
    """Character → (word, offset) of each bound word holding it (说 → (小说, 1) …)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for word in speech_words("bound"):
        for i, ch in enumerate(word):
            found.setdefault(ch, []).append((word, i))
    return {ch: tuple(v) for ch, v in found.items()}


class Text:
    """An article's text with its resolved mentions, indexed for the speaker rules.

    Args:
        names: the closing mark → the opening mark of each quoted name (“某某”, no
            sentence inside), which a clause runs through (在“某某”电台说).
    """

    def __init__(self, text: str, mentions: Sequence[Mention], *, names: Mapping[int, int]):
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        self.ending = {m.end: m for m in self.mentions}
        self.names = names

    def inside_mention(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return any(m.start < at < m.end for m in self.mentions[max(0, i - 2) : i + 1])

    def mentions_in(self, lo: int, hi: int) -> Iterator[Mention]:
        # Indexes, not a slice: a slice would copy the rest of the list at every call.
        for index in range(bisect.bisect_left(self.starts, lo), len(self.mentions)):
            m = self.mentions[index]
            if m.start >= hi:
                return
            if m.end <= hi:
                yield m

    def bound(self, start: int, word: str) -> bool:
        """True when the character at ``start`` is part of a bound word (小说, 其他)."""
        if start in self.ending:  # a name ends right before: 张小 + 说 is no 小说
            return False
        return any(start >= i and self.text.startswith(whole, start - i) for whole, i in _bound().get(word[0], ()))


def clause_start(scan: Text, at: int, floor: int = 0) -> int:
    """Where the clause holding offset ``at`` begins (after the last clause stop)."""
    i, text = at - 1, scan.text
    while i >= floor and (text[i] not in CLAUSE_STOPS or i in scan.names):
        i = scan.names.get(i, i) - 1
    return max(i + 1, floor)


def sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset ``at`` begins (after the last sentence stop)."""
    stops = _sentence_stops(text)
    i = bisect.bisect_left(stops, at) - 1
    return stops[i] + 1 if i >= 0 else 0


@functools.lru_cache(maxsize=8)  # one article's text at a time: its hash is kept by the string
def _sentence_stops(text: str) -> list[int]:
    """Offsets of the sentence stops of ``text``, found once instead of searched back each time."""
    return [i for i, ch in enumerate(text) if ch in SENTENCE_STOPS]


def _subject_rank(s: Speaker) -> tuple[int, int, int]:
    """A sentence's subject among the phrases that open it: a person before a body, the longest."""
    return _RANK[s.kind], s.head, -s.end


def _adverbial(text: str, start: int, end: int) -> bool:
    return _patterns()["adverbs"].fullmatch(text, start, end) is not None


def speaker_before(scan: Text, verb: int) -> Speaker | None:
    """The speaker of a verb: in its clause, else the subject of its sentence, else as printed."""
    lo = clause_start(scan, verb)
    if scan.text[lo : lo + 1] in speech_words("sources"):  # 据X介绍: X is the speaker
        lo += 1
    found = [s for s in _candidates(scan, lo, verb) if s.end <= verb]
    near = [s for s in found if _adverbial(scan.text, s.end, verb)]
    # Else the clause's subject: 张三拿出一张照片说 (a name that opens the clause).
    opening = [s for s in found if s.kind in _OPENERS and _phrase_start(scan, lo, s.head) == lo]
    if any(_listed(scan, s.end, verb) for s in found):
        opening = []  # one of a list of subjects (某局、某厅等单位提出) is not who spoke
    if near or opening:
        return min(near, key=lambda s: (s.head, _RANK[s.kind])) if near else min(opening, key=_subject_rank)
    if _adverbial(scan.text, lo, verb):  # 张三来到社区，高兴地说: the sentence's subject
        return _subject(scan, lo - 1) if lo > 0 and scan.text[lo - 1] in PAUSES else None
    return _printed(scan, lo, verb)


def _listed(scan: Text, end: int, verb: int) -> bool:
    """True when a list of subjects goes on at ``end`` and closes before the verb (、某某等)."""
    text = scan.text
    return text[end : end + 1] in speech_words("joiners") and any(w in text[end:verb] for w in speech_words("list_ends"))


def _candidates(scan: Text, lo: int, hi: int) -> Iterator[Speaker]:
    """Every speaker phrase that ends in ``[lo, hi]``: what follows it is left to the caller."""
    text, p = scan.text, _patterns()
    prepositions = speech_words("prepositions")
    for m in scan.mentions_in(lo, hi):
        start = _phrase_start(scan, lo, m.start)
        if any(at > lo and text[at - 1] in prepositions for at in (m.start, start)):
            continue  # 在某地宣布, 对馆长某某说: a place or an addressee
        if m.type is EntityType.PER:
            yield Speaker(start, m.end, "named", m.start, m.entity)
            title = p["role"].match(text, m.end, hi)  # 张三同志, 李四主席
            if title:
                yield Speaker(start, title.end(), "named", m.start, m.entity)
            continue
        kind, entity = ("body", m.entity) if m.type is EntityType.ORG else ("place", None)
        yield Speaker(start, m.end, kind, m.start, entity)
        role = p["role"].match(text, m.end, hi) or p["member"].match(text, m.end, hi)
        if role:
            yield Speaker(start, role.end(), kind, m.start, entity, role.group(role.lastindex or 0))
    for m in p["pointer"].finditer(text, lo, hi):
        yield Speaker(m.start(), m.end(), "pointer", m.start(), role=m.group(2), pointer=m.group(1))
    for m in p["pronoun"].finditer(text, lo, hi):
        plural = m.group() not in speech_words("pronouns")
        if plural or not scan.bound(m.start(), m.group()):
            yield Speaker(m.start(), m.end(), "group" if plural else "pronoun", m.start())
    addressees = speech_words("addressees")
    for m in p["described"].finditer(text, lo, hi):
        # 对记者说: whom a speaker addresses is no speaker.
        if not scan.inside_mention(m.start()) and not (m.start() > lo and text[m.start() - 1] in addressees):
            yield _described(scan, lo, m.start(), m.end())


def _described(scan: Text, lo: int, head: int, end: int) -> Speaker:
    """A described person: modifiers, the head (村民), and a surname with a form of address."""
    p = _patterns()
    named = p["named_form"].match(scan.text, end)
    if named:
        end = named.end()
    short = head - lo <= _MAX_MODIFIER
    start = lo if short or p["modifier"].fullmatch(scan.text, lo, head) else head
    return Speaker(start, end, "described", head)


@functools.cache
def _title_sizes() -> tuple[int, ...]:
    """The sizes of the titles, longest first."""
    return tuple(sorted({len(w) for w in title_words()}, reverse=True))


def _phrase_start(scan: Text, lo: int, head: int) -> int:
    """Where a speaker's phrase begins: before the titles and bodies printed with the name."""
    pos, text, titles = head, scan.text, title_words()
    while pos > lo:
        ending = [m for m in scan.mentions_in(lo, pos) if m.end == pos and m.type is not EntityType.PER]
        if ending:
            pos = ending[0].start
        elif text[pos - 1] in "、的":
            pos -= 1
        else:  # the longest title that ends here, looked up by its size (not every title tried)
            size = next((n for n in _title_sizes() if n <= pos - lo and text[pos - n : pos] in titles), 0)
            if not size:
                break
            pos -= size
    while pos < head and text[pos] in "、的":  # 负责此事的张三: the phrase is 张三
        pos += 1
    return pos


def _subject(scan: Text, comma: int) -> Speaker | None:
    """The subject of the sentence a clause continues (张三在会上讲话，表示……).

    The clauses before are read back to the sentence's start; the nearest that opens
    with a speaker (after its titles, or a name a little into it: 从某厂下岗的张三) gives
    it, a person before an organization.
    """
    text = scan.text
    sentence = sentence_start(text, comma)
    end = comma
    while end > sentence:
        start = clause_start(scan, end, sentence)
        found = [s for s in _candidates(scan, start, end) if s.kind in KNOWN]
        found = [s for s in found if _phrase_start(scan, start, s.head) == start] or [
            s for s in found if _described_name(scan, start, s)
        ]
        if found:
            s = min(found, key=_subject_rank)
            return Speaker(start, s.end, s.kind, s.head, s.entity, s.role, s.pointer)
        end = start - 1
    return None


def _described_name(scan: Text, start: int, s: Speaker) -> bool:
    """A name a little into a clause that still opens it: after a title (某大学某系教授张三)
    or a description (从某厂下岗的张三), not after a verb (看到了张三)."""
    if s.kind != "named" or s.head - start > _NAME_REACH:
        return False
    return _phrase_start(scan, start, s.head) < s.head or "的" in scan.text[start : s.head]


def _printed(scan: Text, lo: int, verb: int) -> Speaker | None:
    """A short phrase before a verb that nothing recognized (an unknown name): kept as printed.

    A clause that opens with an adverb (又拿起电话说) has no subject of its own; a date
    before it is no part of it (三月五日某某表示).
    """
    date = _patterns()["date"].match(scan.text, lo, verb)
    lo = date.end() if date else lo
    opening = _patterns()["adverbs"].match(scan.text, lo, verb)
    if opening is not None and opening.end() > lo:
        return None
    for cut in range(lo + 1, min(verb, lo + _MAX_PRINTED) + 1):
        if _adverbial(scan.text, cut, verb):
            return Speaker(lo, cut, "printed", lo)
    return None


def speaker_at(scan: Text, pos: int) -> Speaker | None:
    """A speaker that opens the clause at ``pos`` (“……。”被问及的村民笑了), a person first.

    A name a little into the clause (某大学某系教授张三) still opens it; a phrase that
    goes on with 的 (村民的) only qualifies what follows.
    """
    text, end = scan.text, pos
    while end < len(text) and text[end] not in CLAUSE_STOPS:
        end += 1
    for s in sorted(_candidates(scan, pos, end), key=lambda s: (_RANK[s.kind], s.head)):
        opens = s.start == pos or _described_name(scan, pos, s)
        if opens and s.kind in KNOWN and not text.startswith("的", s.end):
            return Speaker(pos, s.end, s.kind, s.head, s.entity, s.role, s.pointer)
    return None


# ------------------------------------------------------------------ resolution


def resolve(scan: Text, speaker: Speaker | None, before: Sequence[Quotation]) -> tuple[EntityKey | None, str | None]:
    """The entity and role of a speaker, pointers and pronouns followed back.

    Args:
        before: the article's quotations before this one, their speakers resolved.
    """
    if speaker is None:
        return None, None
    if speaker.kind == "pointer":
        return _pointed(scan, speaker, before)
    if speaker.kind == "pronoun":
        return _antecedent(scan, speaker.head, before), None
    return speaker.entity, speaker.role


def _pointed(scan: Text, speaker: Speaker, before: Sequence[Quotation]) -> tuple[EntityKey | None, str | None]:
    """该局负责人: the last organization named …局; 该负责人: the last organization quoted."""
    if speaker.pointer:
        for m in reversed(list(scan.mentions_in(0, speaker.head))):
            if m.type is EntityType.ORG and (m.canonical or m.text).endswith(speaker.pointer):
                return m.entity, speaker.role
        return None, speaker.role
    for quote in reversed(before):
        if quote.entity is not None and quote.entity.type is EntityType.ORG and quote.role:
            return quote.entity, speaker.role
    return None, speaker.role


def _antecedent(scan: Text, at: int, before: Sequence[Quotation]) -> EntityKey | None:
    """The person 他 or 她 refers to, where one is clear.

    The one person that opens a clause (after its titles) in this sentence before the
    pronoun and the sentence before it, or the nearest before that names a person; else
    the last person quoted, when no other person has been named since.
    """
    text, joiners = scan.text, speech_words("joiners")
    lo = sentence_start(text, max(sentence_start(text, at) - 1, 0))
    for _ in range(_LOOK_BACK):
        if lo == 0 or any(m.type is EntityType.PER for m in scan.mentions_in(lo, at)):
            break
        lo = sentence_start(text, lo - 1)
    openers, reach = set(), -1  # reach: where the subject so far ends (张三和李四: both open)
    for m in (m for m in scan.mentions_in(lo, at) if m.type is EntityType.PER and m.entity):
        clause = clause_start(scan, m.start, lo)
        joined = 0 <= reach < m.start and text[reach] in joiners and _phrase_start(scan, reach + 1, m.start) == reach + 1
        if joined or _phrase_start(scan, clause, m.start) == clause:
            openers.add(m.entity)
            reach = m.end
    if len(openers) == 1:
        return openers.pop()
    quoted = next((q for q in reversed(before) if q.entity and q.entity.type is EntityType.PER), None)
    if quoted is None:
        return None
    since = {m.entity for m in scan.mentions_in(quoted.end, at) if m.type is EntityType.PER}
    return quoted.entity if since <= {quoted.entity} else None
