"""Rules that find named events in article text (used by :mod:`kg.extract.events`).

Four forms are found, in this order of trust:

* quoted names with an event head, inside or after the quote: “X行动”, “X”活动,
  “X”“Y”行动 (two events), “X”百日行动;
* ordinal party congresses and plenums: 党的二十大, 十九届六中全会;
* unquoted noun phrases ending in an event head (中央经济工作会议), whose left edge
  is found with rjieba's words and tags; a bare or generic head (会议, 此次评选,
  工作会议) is not a name;
* recurring public events of the lexicon ``data/lexicons/events.tsv`` (春节, 高考 …).

Spans of one form never overlap a span found by an earlier form. The module also
holds the cue phrases :mod:`kg.extract.events` reads attributes from (在 X 召开, 由 X 主办,
X 出席) and the phrases that refer back to a named event (此次评选, 会上).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import errors
from kg.extract.spans import SpanIndex
from kg.lang.chars import CLAUSE_ENDS, CN_DIGITS, CN_NUMERALS, CN_ZEROS, HAN_RANGES, SENTENCE_ENDS, is_han
from kg.lang.lexicons import deictics, event_words, regex_union, rows, sections
from kg.model import EventType
from kg.package_data import data_path

E = EventType.EVENT
# The word lists are data/lexicons/event_heads.tsv and event_words.txt.
_HEAD_ROWS = rows("event_heads.tsv", 4)  # head, type, bare, min


def _not_before(section: str) -> str:
    """A negative lookahead for the words of ``section``; a token a/b/c is a unless b or c follows."""
    parts = []
    for token in sorted(event_words(section)):
        word, *unless = token.split("/")
        parts.append(re.escape(word) + (f"(?!{regex_union(unless)})" if unless else ""))
    return f"(?!{'|'.join(parts)})"


def _typed(prefix: str) -> dict[str, str]:
    """Word → the name after ``prefix:`` of its section (role:spoke → spoke)."""
    lists = sections("event_words.txt")
    return {w: name.partition(":")[2] for name, ws in lists.items() if name.startswith(prefix + ":") for w in ws}


# head -> (type, also without quotes). Generic heads (活动, 工程 …) name an event only
# when a quoted name carries them.
_HEADS: dict[str, tuple[EventType, bool]] = {head: (EventType(kind), bare == "yes") for head, kind, bare, _ in _HEAD_ROWS}
_HEAD_ALT = regex_union(_HEADS)
# A head followed by these names an office, a document or a room, not an event.
_NOT_EVENT_AFTER = _not_before("not_after_head")
_HEAD_RE = re.compile(rf"(?:{_HEAD_ALT}){_NOT_EVENT_AFTER}")
_QUOTE = r"(?:“[^“”\n]{1,40}”|\"[^\"\n]{1,40}\"|「[^「」\n]{1,40}」|『[^『』\n]{1,40}』|‘[^‘’\n]{1,40}’)"
_FUNCTION_CHARS = "".join(sorted(event_words("function_chars")))
_INNER = rf"(?![{CN_NUMERALS}两几多][大项个种类批条])(?:(?![{_FUNCTION_CHARS}])[{HAN_RANGES}]){{0,4}}?"
_QUOTED_RE = re.compile(
    rf"(?P<chain>{_QUOTE}(?:[、和与及]?{_QUOTE})*)(?:(?P<inner>{_INNER})(?P<head>{_HEAD_ALT}){_NOT_EVENT_AFTER})?"
)
_ONE_QUOTE = re.compile(_QUOTE)
_PARTICLES = re.compile(f"[{''.join(sorted(event_words('particles')))}]")
# The characters a congress's name opens with, said up front: without them, each character of
# a text was tried against the three branches (0.11 s against 0.02 s a PFR month).
_CONGRESS_OPENS = rf"(?=[党中第{CN_NUMERALS}])"
_CONGRESS_RE = re.compile(
    rf"{_CONGRESS_OPENS}(?:(?:党的|中共)?(?:第?[{CN_NUMERALS}]{{1,3}}届[{CN_NUMERALS}]{{1,2}}中全会)"
    rf"|(?:党的|中共)(?:十[{CN_DIGITS}]|二十[{CN_DIGITS}]?)大(?![学队会小家])"
    rf"|(?<![第{CN_NUMERALS}])(?:十[五六七八九]|二十[{CN_DIGITS}]?)大"
    rf"(?={regex_union(event_words('congress_cues'))}))"
)
_PUNCT = re.compile(rf"[\s{CLAUSE_ENDS}、“”\"「」『』‘’《》〈〉（）()\[\]【】—…·/|]")
_SENTENCE_PUNCT = re.compile(f"[{SENTENCE_ENDS}]")
_SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}\n]")
# Verbs and words that introduce an event name rather than belong to it.
_GOVERNING = event_words("governing")
_NOUN_POS = frozenset("n nt nz ns ng j".split())
_STOP_POS = frozenset("p c u uj ul uz ug uv ud r d ad x w y e o f t".split())
# Modifier words too general to make a head into a name (此次会议, 工作会议, 专项行动).
_GENERIC = event_words("generic")
# Scope and time (全国, 今年), and the words pointing at a division (我市, 全县 …).
_SCOPE = event_words("scope") | deictics()
_NUMERIC = re.compile(rf"^[0-9０-９{CN_NUMERALS}百千万两{CN_ZEROS}第届次年期个]+$")
_MAX_LEFT = 30
# A date printed before a name (1998年, 十六日电, 11月) is not part of it.
_DATE_CUT = re.compile(
    rf"(?:[0-9０-９{CN_ZEROS}{CN_DIGITS}]{{4}}年度?|[0-9０-９{CN_NUMERALS}]{{1,3}}(?:月份|月|日|号))(?:电|讯)?"
)
# Ordinals and counts that do belong to names: 第三届, 一次, 三年, 百日.
_ORDINAL = re.compile(rf"^(?:第?[0-9０-９{CN_NUMERALS}百]+[届次期]|[{CN_NUMERALS}百千两]+[年日天月周])$")
# Verbs (as rjieba tags them) that occur inside event names: 扶贫攻坚战, 禁毒专项斗争.
_NAME_VERBS = event_words("name_verbs")
_STOP_WORDS = event_words("manner")
# Heads that are also common verbs or generic nouns need a longer real name.
_MIN_CONTENT = {head: int(least) for head, _, _, least in _HEAD_ROWS if least}


@dataclass
class Candidate:
    """One named event found in the text, with its attributes filled in later."""

    start: int
    end: int
    name: str
    type: EventType
    rule: str | None = None  # holiday date rule from the lexicon


@dataclass(frozen=True)
class _LexEntry:
    type: EventType
    canonical: str
    date: str | None


def find_candidates(text: str) -> list[Candidate]:
    """All named events of ``text``, in text order, with non-overlapping spans."""
    masked = _mask_titles(text)
    found: list[Candidate] = []
    taken = bytearray(len(text) + 1)  # characters a kept name holds: linear, however many names
    for finder in (_quoted, _congresses, _unquoted, _lexicon):
        for cand in sorted(finder(masked), key=lambda c: c.start - c.end):  # longest first
            if not any(taken[cand.start : cand.end]):
                found.append(cand)
                taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    return sorted(found, key=lambda c: c.start)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: cut at 。！？； and line ends."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


_WIDE = str.maketrans(",;:!?()", "，；：！？（）")


def normalize_name(name: str) -> str:
    """An event's name as it is compared: no spaces, Chinese punctuation widths."""
    return re.sub(r"\s+", "", name).translate(_WIDE)


def head_type(word: str) -> EventType | None:
    """The event type a head word (会议, 评选 …) names, if it is one."""
    entry = _HEADS.get(word)
    return entry[0] if entry else None


def _mask_titles(text: str) -> str:
    """Blank out 《…》 titles: a 行动方案 inside a document title is no event."""
    if "《" not in text:
        return text
    return re.sub(r"《[^《》\n]{0,60}》", lambda m: "《" + "　" * (len(m.group(0)) - 2) + "》", text)


# ------------------------------------------------------------------ quoted


def _quoted(text: str) -> list[Candidate]:
    if not any(q in text for q in "“\"「『‘"):
        return []
    out: list[Candidate] = []
    for match in _QUOTED_RE.finditer(text):
        quotes = list(_ONE_QUOTE.finditer(match.group("chain")))
        base = match.start("chain")
        if match.group("head"):
            out.extend(_quoted_with_head(match, quotes, base))
            continue
        last = quotes[-1]
        content = last.group(0)[1:-1].strip()
        head = _HEAD_RE.search(content)
        while head and head.end() != len(content):
            head = _HEAD_RE.search(content, head.start() + 1)
        if head and head.start() >= 2 and _good_content(content, whole=True):
            kind = _HEADS[head.group(0)][0]
            out.append(Candidate(base + last.start(), base + last.end(), normalize_name(content), kind))
    return out


def _quoted_with_head(match: re.Match[str], quotes: list[re.Match[str]], base: int) -> list[Candidate]:
    inner, head = match.group("inner") or "", match.group("head")
    kind = _HEADS[head][0]
    contents = [q.group(0)[1:-1].strip() for q in quotes]
    titled = [i for i, c in enumerate(contents[:-1]) if _PUNCT.search(c)]
    if titled:  # “A、B”和“C”“D”行动: a title with inner punctuation ends the list
        quotes, contents = quotes[titled[-1] + 1 :], contents[titled[-1] + 1 :]
    out = []
    for i, (quote, content) in enumerate(zip(quotes, contents)):
        if not _good_content(content):
            continue
        last = i == len(quotes) - 1
        start = base + quote.start()
        end = match.end() if last else base + quote.end()
        title = f"“{content}”" if _PUNCT.search(content) else content
        out.append(Candidate(start, end, normalize_name(f"{title}{inner}{head}"), kind))
    return out


def _good_content(content: str, *, whole: bool = False) -> bool:
    """A quoted name: 2+ word characters, no sentence end inside.

    A quote that is the whole name (“X行动”) must also read as a name, not as a
    phrase cited from speech: short, without inner punctuation or particles.
    """
    words = sum(1 for ch in content if ch.isalnum())
    if words < 2 or _SENTENCE_PUNCT.search(content):
        return False
    return not whole or (len(content) <= 16 and not _PUNCT.search(content) and not _PARTICLES.search(content))


# ------------------------------------------------------------------ congresses


def _congresses(text: str) -> list[Candidate]:
    if "大" not in text and "全会" not in text:
        return []
    out = []
    for match in _CONGRESS_RE.finditer(text):
        name = match.group(0)
        if name.endswith("中全会"):
            name = re.sub(r"^(?:党的|中共)", "", name)
        elif name.startswith("中共"):
            name = "党的" + name[2:]
        out.append(Candidate(match.start(), match.end(), name, EventType.MEETING))
    return out


# ------------------------------------------------------------------ unquoted


def _unquoted(text: str) -> list[Candidate]:
    out = []
    for match in _HEAD_RE.finditer(text):
        kind, bare_ok = _HEADS[match.group(0)]
        if not bare_ok or text[match.end() : match.end() + 1] in "“\"「":
            continue
        start = _left_edge(text, match.start(), match.group(0))
        if start is not None:
            out.append(Candidate(start, match.end(), normalize_name(text[start : match.end()]), kind))
    return out


def _left_edge(text: str, head_start: int, head: str) -> int | None:
    """Where the name ending at ``head_start`` begins, or None if it has no real name."""
    lo = max(0, head_start - _MAX_LEFT)
    truncated = lo > 0
    for cut in (*_PUNCT.finditer(text, lo, head_start), *_DATE_CUT.finditer(text, lo, head_start)):
        lo, truncated = max(lo, cut.end()), False
    if head_start - lo < 2:
        return None
    tokens = _tag(text[lo:head_start])[1 if truncated else 0 :]  # a word cut by the window is no word
    kept: list[tuple[str, str]] = []
    for word, pos in reversed(tokens):
        if _stops(word, pos):
            break
        kept.append((word, pos))
    while kept and len(kept[-1][0]) == 1 and kept[-1][1] not in _NOUN_POS:
        kept.pop()  # 打好X攻坚战: a lone character left of the name is the verb's tail
    words = [w for w, _ in kept]
    if not _has_content(words, _MIN_CONTENT.get(head, 2)):
        return None
    return head_start - sum(len(w) for w in words)


def _stops(word: str, pos: str) -> bool:
    """True when ``word`` cannot belong to an event name: it introduces or ends it."""
    if word in _GOVERNING or word in _STOP_WORDS or pos in _STOP_POS:
        return True
    if len(word) > 2 and word[-2:] in _GOVERNING and pos not in _NOUN_POS:  # 隆重召开
        return True
    if pos == "v" and word not in _NAME_VERBS:
        return True
    return pos in ("m", "q") and not _ORDINAL.match(word)


def _has_content(words: list[str], minimum: int) -> bool:
    content = [w for w in words if w not in _GENERIC and w not in _SCOPE and not _NUMERIC.match(w)]
    return sum(len(w) for w in content) >= minimum


@lru_cache(maxsize=8192)
def _tag(fragment: str) -> tuple[tuple[str, str], ...]:
    import rjieba  # deferred: the tagger loads its dictionary on first use

    return tuple(rjieba.tag(fragment))


# ------------------------------------------------------------------ lexicon


def _lexicon(text: str) -> list[Candidate]:
    lexicon, pattern = _load_lexicon()
    out = []
    for match in pattern.finditer(text):
        if _compound_before(text, match.start()):
            continue
        entry = lexicon[match.group(0)]
        out.append(Candidate(match.start(), match.end(), entry.canonical, entry.type, entry.date))
    return out


def _compound_before(text: str, start: int) -> bool:
    """True when a noun or adjective is glued before the match: 技能高考 is not 高考."""
    lo = max(0, start - 4)
    window = text[lo:start]
    if not window or not is_han(window[-1]):
        return False
    tokens = _tag(window)
    word, pos = tokens[-1]
    return pos in ("n", "nz", "vn", "a", "an", "ng", "ag") and word not in _SCOPE


@lru_cache(maxsize=1)
def _load_lexicon() -> tuple[dict[str, _LexEntry], re.Pattern[str]]:
    """Read ``data/lexicons/events.tsv``.

    Raises:
        ModelError: the file is missing or a row is malformed.
    """
    path = data_path("lexicons", "events.tsv")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise errors.ModelError(f"cannot read event lexicon: {exc}", source=str(path)) from None
    entries: dict[str, _LexEntry] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        cells = (line.split("\t") + ["", "", "", ""])[:5]
        name, kind, canonical, date = (c.strip() for c in cells[:4])
        try:
            entries[name] = _LexEntry(EventType(kind), canonical or name, date or None)
        except ValueError:
            raise errors.ModelError(f"unknown event type {kind!r}", source=str(path), line=number) from None
    pattern = re.compile(rf"(?:{regex_union(entries)}){_not_before('not_after_lexicon')}")
    return entries, pattern

# ------------------------------------------------------------------ attribute cues
# Phrases that refer back to a named event: 此次评选, 会议, 会上.
# The type of a referring word other than its head's: 会上 a meeting's, 仪式 an activity's.
_ANAPHOR_TYPE = {word: EventType(kind) for word, kind in _typed("anaphors").items()}
_ANAPHOR = re.compile(
    rf"(?P<det>{regex_union(event_words('anaphor_determiners'))})?"
    rf"(?P<word>{regex_union(event_words('anaphors') | _ANAPHOR_TYPE.keys())})"
)
HELD_AT = re.compile(
    rf"(?:在|于)(?P<where>[^{CLAUSE_ENDS}\n]{{1,30}}?)(?:{regex_union(event_words('held_manner'))})?"
    rf"(?:{regex_union(event_words('held_verbs'))})"
)
VISITS = re.compile(regex_union(event_words("visits")))
ORGANIZES = re.compile(rf"(?:{regex_union(event_words('jointly'))})?(?:{regex_union(event_words('organizes'))})")
# Verb → the role it gives its subject (出席 attended, 主持 chaired …).
ROLE = _typed("role")
TAKES_PART = re.compile(regex_union(ROLE))
# Where the subject of a clause ends: its first preposition, adverb or predicate.
SUBJECT_END = re.compile(regex_union(event_words("subject_end") | ROLE.keys()))
CITED = re.compile(regex_union(event_words("cited")))


def find_anaphors(text: str, cands: list[Candidate]) -> list[tuple[int, int, EventType, bool]]:
    """Phrases referring back to an event: (start, end, event type, has 此次/该 …)."""
    out = []
    names = SpanIndex((c.start, c.end) for c in cands)
    for match in _ANAPHOR.finditer(text):
        if not names.overlaps(match.start(), match.end()):
            word = match.group("word")
            kind = _ANAPHOR_TYPE.get(word) or head_type(word) or E
            out.append((match.start(), match.end(), kind, bool(match.group("det"))))
    return out


__all__ = ["Candidate", "find_anaphors", "find_candidates", "head_type", "normalize_name", "sentence_bounds"]
