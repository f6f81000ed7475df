"""Bylines: the grammar of the roles and names a newspaper prints with a story.

A credit is a run of ROLE NAMES groups: 记者 X 通讯员 Y Z, 本报驻京记者 X, 见习/特约/首席/
融媒体记者 X, 实习生 X, 摄影 X, 文/X 图/Y (文丨X: a vertical bar for the slash), X/摄, X 摄,
新华社记者 X and 某某日报/某某网记者 X (the outlet before the role, :data:`OUTLET`). Names are
split by spaces, 、 or ，, and a run of names printed without spaces (记者王五赵六) is split by the name model
(:func:`kg.lang.person_names.split_run`), never guessed: every name must be a plausible person's.

- A name before the first role word (Y 记者 X, as local papers print a correspondent
  with the reporter) is a correspondent, with an empty printed role.
- Names with no role word at all are a credit only where the caller says what they are:
  the reporters in a dateline's brackets (某网…电(X Y)), the writer in brackets after a
  story ((X)); anywhere else a bare name is not a byline.
- 编辑, 责任编辑, 校对, 美编 … credit the page, not the story: they parse to
  ``Role.EDITOR``, and :func:`page_credit` tells them apart so that no article gets them.

The words of the grammar are data (``data/lexicons/bylines.txt``, ``byline_roles.tsv``).
Each byline is parsed once, where it is found: :func:`read_line` parses a byline line when
:mod:`kg.read.paragraphs` tags it, :mod:`kg.read.datelines` the byline of a lead and
:func:`split_tail` a credit that ends a paragraph, when :mod:`kg.read.segment` meets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.lang.chars import (
    BULLETS, CLOSING_BRACKETS, DATE_DIGITS, HAN_RANGES, OPENING_BRACKETS, OUTLET_JOINERS, SENTENCE_ENDS, VERTICAL_BARS,
)
from kg.lang.lexicons import byline_roles, byline_words, page_furniture, regex_union
from kg.lang.person_names import MAX_RUN, plausible_name, split_run, starts_with_surname
from kg.lang.words import word_tag
from kg.model import Byline, Role

_HAN = HAN_RANGES
_NAME_CHARS = _HAN + r"·•"
_OPEN, _CLOSE = OPENING_BRACKETS, CLOSING_BRACKETS
_OPENS, _CLOSES = re.escape(_OPEN), re.escape(_CLOSE)  # for a character class
_DECOR = BULLETS + " \u3000\t"
_SEP = re.compile(r"[\s、，,;；/／]+")
# 文丨记者 X, 图 | Y: a vertical bar does what the slash of 文/记者 X does.
_BAR = re.compile(rf"\s*[{re.escape(VERTICAL_BARS)}]\s*")
_NAME = re.compile(rf"^[{_NAME_CHARS}]{{1,{MAX_RUN}}}$")
ASIDE = rf"[{_OPENS}][^{_OPENS}{_CLOSES}]{{1,12}}[{_CLOSES}]"  # 某某网(博客,微博): a note on the outlet


def _outlet(*, alone: bool = False) -> str:
    """One outlet's name: 本报, 央视, or a head of Han or Latin letters and a suffix (…日报, …网, …社).

    Args:
        alone: the head may not follow a letter, as before a role word, where a name runs
            into what follows it (记者张三本报记者李四: 本报, not 张三本报).
    """
    own, named = regex_union(byline_words("own")), regex_union(byline_words("outlet_names"))
    suffix = regex_union(byline_words("outlet_suffixes"))
    start = rf"(?<![{_HAN}A-Za-z])" if alone else ""
    # No role word inside the head: 记者张三本报记者 is no outlet's name.
    head = rf"(?:(?!{regex_union(word for word, _ in byline_roles())})[{_HAN}A-Za-z]){{1,10}}"
    # …本报 is 本报 itself, after a name (记者 张三本报记者 李四): no head before it.
    not_own = "".join(f"(?<!{re.escape(word)})" for word in byline_words("own"))
    return rf"(?:{own}|{named}|{start}{head}(?:{suffix}){not_own})"


def _outlets(*, alone: bool = False) -> str:
    one = rf"{_outlet(alone=alone)}(?:{ASIDE})?"
    return rf"{one}(?:[{OUTLET_JOINERS}]{one})*"


# Several outlets joined by 、 - /, each perhaps with a note in brackets.
OUTLET = _outlets()

# Role words, longest first; each maps to its role.
_ROLE_WORDS: list[tuple[str, Role]] = sorted(
    ((word, Role(role)) for word, role in byline_roles()), key=lambda wr: -len(wr[0])
)
_PREFIX = (
    rf"(?:{_outlets(alone=True)})?(?:驻(?P<post>[{_HAN}A-Za-z0-9]{{1,14}}?)(?:记者站)?)?"
    rf"(?:{regex_union(byline_words('role_modifiers'))})?"
)
_BOTH = regex_union(w for w, role in _ROLE_WORDS if role is Role.REPORTER and "图" in w)  # 文/图: both
# A role word with what may come before it: an outlet, 驻X, 首席 ….
ROLE_RE = re.compile(
    rf"(?:{_BOTH})\s*(?=\S*记者)"  # 文/图 before a reporter: the reporter did both
    rf"|{_PREFIX}(?:{regex_union(w for w, _ in _ROLE_WORDS)})"
)
_PLACED = regex_union([*byline_words("trail_place"), *byline_words("photo_trail_place")])
TRAIL = re.compile(rf"(?:{regex_union(byline_words('trail'))}|(?:{_PLACED})\S*)$")
_PHOTO = rf"{regex_union(byline_words('photo_trail'))}|(?:{regex_union(byline_words('photo_trail_place'))})\S*"
_PHOTO_TRAIL = re.compile(rf"(?:{_PHOTO})\s*$")
_PLACE_ENDS = "".join(byline_words("place_ends"))
# 记者 X 北京报道: the place written from, printed apart after the names.
_FROM_PLACE = re.compile(rf"[\s\u3000]+(?P<place>[{_HAN}]{{2,8}})(?:{regex_union(byline_words('reported_from'))})$")
_PLACE_TAG = "ns"  # jieba's tag of a place name
# A reader's signature: the place, then the name (某某省某某县 X).
_SIGNED_FROM = re.compile(rf"[{_HAN}]{{2,10}}[{_PLACE_ENDS}](?=[{_NAME_CHARS}\s]{{2,5}}$)")
_PLACE_HEAD = re.compile(rf"(?:[{_HAN}]{{1,10}}[{_PLACE_ENDS}][\s\u3000]*)+")
# X/文, X/摄, X 摄, X 摄影报道: a role printed after the names.
_POSTFIX = re.compile(
    rf"\s*(?P<names>[{_NAME_CHARS}][{_NAME_CHARS}\s、，,]*?)\s*"
    rf"(?:[/／]\s*(?P<slashed>{regex_union(byline_words('postfix'))})"
    rf"|(?P<plain>{regex_union(['摄影报道'])}|{_PHOTO}))(?=[\s、，,]|$)"
)
# A credit in brackets that ends a paragraph, after the end of its last sentence.
_TAIL = re.compile(
    rf"(?<=[{SENTENCE_ENDS}…”’」』])[ \u3000]*(?P<credit>[{_OPENS}][^{_OPENS}{_CLOSES}\n]{{1,40}}[{_CLOSES}])[ \u3000]*$"
)


def parse_byline(text: str, *, bare: Role | None = None) -> tuple[Byline, ...] | None:
    """Parse a byline such as ``记者 X 通讯员 Y Z`` into roles and names.

    Args:
        text: the byline, perhaps in brackets or after a decoration (□).
        bare: the role of names printed with no role word at all (a dateline's reporters,
            a story's writer); None when such names are no byline.

    Returns:
        The bylines in printed order, or None when ``text`` is not a byline at all
        (anything that is neither a role word nor a plausible name makes it not one).
    """
    body = _BAR.sub("/", text.strip(_DECOR).strip())
    if body[:1] in _OPEN and body[-1:] in _CLOSE:
        body = body[1:-1].strip()
    if not body:
        return None
    postfix = _postfix(body)  # 张三/文, 张三摄影报道: the role after the names, read first
    if postfix:
        return postfix
    matches = list(ROLE_RE.finditer(body))
    if matches:
        return _parse_roles(body, matches)
    return _bare(body, bare)


def _bare(body: str, role: Role | None) -> tuple[Byline, ...] | None:
    """Names with no role word, of the role the caller gives; a reader's place before them goes."""
    if role is None:
        return None
    place = _SIGNED_FROM.match(body)
    names = split_names(body[place.end() :] if place else body)
    return tuple(Byline(role, name, "") for name in names) if names else None


def _postfix(body: str) -> tuple[Byline, ...] | None:
    """``X/文 Y/图``, ``X/摄``, ``X 摄``: each group of names followed by its role."""
    out: list[Byline] = []
    pos = 0
    while pos < len(body.rstrip()):
        match = _POSTFIX.match(body, pos)
        names = split_names(match.group("names")) if match else None
        if not names:
            return None
        label = match.group("slashed") or match.group("plain")
        role = Role.WRITER if label == "文" else Role.PHOTOGRAPHER
        out.extend(Byline(role, name, label) for name in names)
        pos = match.end()
    return tuple(out) or None


def _parse_roles(body: str, matches: list[re.Match[str]]) -> tuple[Byline, ...] | None:
    out: list[Byline] = []
    head = body[: matches[0].start()].strip(" \u3000、，,")
    if head and _role_of(matches[0])[0] is Role.WRITER and _PLACE_HEAD.fullmatch(head):
        head = ""  # 某某市某某区 读者 X: a reader signs with the place written from
    if head:
        # Y 记者 X: a name printed before the reporter's, without a role, is the correspondent's.
        names = split_names(head)
        if not names or _role_of(matches[0])[0] is Role.EDITOR:
            return None
        out.extend(Byline(Role.CORRESPONDENT, name, "") for name in names)
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        chunk = body[match.end() : end]
        names = split_names(chunk, spaced=True)
        if names is None:
            return None
        if not names:
            continue  # 文/图 before 本报记者 X: X is named with the next role
        role, label = _role_of(match)
        if _PHOTO_TRAIL.search(chunk):
            # 记者 X 摄: the photograph's author, whatever the printed title.
            role = Role.PHOTOGRAPHER
        post = match.groupdict().get("post")
        out.extend(Byline(role, name, label, post) for name in names)
    return tuple(out) or None


def _role_of(match: re.Match[str]) -> tuple[Role, str]:
    label = match.group(0).strip()
    for word, role in _ROLE_WORDS:
        if label.endswith(word):
            return role, label
    return Role.REPORTER, label


def split_names(chunk: str, *, spaced: bool = False) -> list[str] | None:
    """Split a run of names; None when something in it is not a name.

    Names are split at spaces and 、 ， /; a token of several names run together is split
    by the name model. A name printed with a space inside (王 芳) is joined again.

    Args:
        chunk: the text after a role word, or the names of a credit without one.
        spaced: the chunk follows a role word; when the printer set it apart from that
            word (记者 高远, 记者：方圆), a surname and one or two characters is a name even
            where it is also a word, as names often are. Names run into the role word
            (记者高远) still need the name model.
    """
    set_apart = spaced and chunk[:1] in " \u3000:：、，,"
    chunk = strip_trail(_drop_place(chunk.strip(" \u3000:："))).strip()
    names: list[str] = []
    pending = ""
    for token in (t for t in _SEP.split(chunk) if t):
        token = strip_trail(token)
        if not token:
            continue
        if not _NAME.match(token):
            return None
        if len(token) == 1:
            if pending:
                names.append(pending + token)
                pending = ""
            else:
                pending = token
            continue
        if pending:
            token, pending = pending + token, ""
        found = split_run(token) or ((token,) if set_apart and _word_name(token) else None)
        if found is None or len(found) > 1 and any(n[-1] in _PLACE_ENDS for n in found):
            return None  # 某某县张三: a place run into a name is no list of names
        names.extend(found)
    if pending:
        return None
    return names


def _drop_place(chunk: str) -> str:
    """记者 X 北京报道: the place after the names goes, when jieba knows it as a place (李四报道 stays)."""
    place = _FROM_PLACE.search(chunk)
    if place and chunk[: place.start()].strip() and word_tag(place.group("place")) == _PLACE_TAG:
        return chunk[: place.start()]
    return chunk


def strip_trail(text: str) -> str:
    """记者 X 摄影报道, X 采写, X 发自北京: the words after the names go."""
    for _ in range(3):
        stripped = TRAIL.sub("", text).rstrip()
        if stripped == text:
            break
        text = stripped
    return text


def read_line(line: str) -> tuple[Byline, ...] | None:
    """Parse a whole line that is a byline (and nothing else).

    A line of names in brackets alone, （X）, or after a bullet, □ X, is the writer's credit.

    Returns:
        The bylines in printed order, or None when the line is not a byline.
    """
    stripped = line.strip(_DECOR)
    if not stripped or len(stripped) > 80 or "\t" in stripped:
        return None
    bracketed = stripped[:1] in _OPEN and stripped[-1:] in _CLOSE
    bulleted = line.lstrip(" \u3000")[:1] in BULLETS  # □ X under a commentary's headline: its writer
    return parse_byline(stripped, bare=Role.WRITER if bracketed or bulleted else None)


def is_byline(line: str) -> bool:
    """True when a whole line is a byline (and nothing else)."""
    return read_line(line) is not None


@dataclass(frozen=True)
class Tail:
    """A credit in brackets at the end of a paragraph: ``……送医救治。（记者 X）``."""

    text: str  # the paragraph without the credit
    byline_text: str
    bylines: tuple[Byline, ...]


def split_tail(paragraph: str, *, last: bool) -> Tail | None:
    """Find the credit in brackets that ends a paragraph, after its last sentence.

    Args:
        paragraph: a paragraph of the story's text.
        last: True for the story's last paragraph, where names alone in brackets
            (（X）) are the writer's credit; elsewhere a credit needs its role words.

    Returns:
        The paragraph cut before the credit, with the credit parsed, or None when the
        paragraph ends otherwise (a photograph's credit belongs to its caption).
    """
    match = _TAIL.search(paragraph, max(0, len(paragraph) - 60))
    if match is None:
        return None
    credit = match.group("credit")
    parsed = parse_byline(credit, bare=Role.WRITER if last else None)
    if parsed is None or all(b.role is Role.PHOTOGRAPHER for b in parsed):
        return None
    return Tail(paragraph[: match.start()].rstrip(), credit[1:-1].strip(), parsed)


# Parts of speech of words no name is: conjunctions, prepositions, time words,
# pronouns, particles, numerals and measure words (记者 于是, 记者 周末).
_FUNCTION_TAGS = frozenset({"c", "p", "t", "tg", "r", "u", "uj", "ul", "m", "q", "f", "y", "e", "o"})


def _word_name(token: str) -> bool:
    """A surname and one or two characters set apart after a role word (记者 方圆): a name, unless a function word."""
    if token in page_furniture("section_labels"):  # 记者 连线, 记者 调查: a column's label
        return False
    return len(token) <= 3 and starts_with_surname(token) and bool(_NAME.match(token)) and word_tag(token) not in _FUNCTION_TAGS


def photo_credit(caption: str) -> tuple[Byline, ...]:
    """The photographer's credit that ends a caption: ……赏花。（记者 X 摄）, ……施工。记者 X 摄.

    Returns:
        Its bylines, or () when the caption ends otherwise or credits more than the photograph.
    """
    tail = _TAIL.search(caption, max(0, len(caption) - 60))
    after = _AFTER_LAST_SENTENCE.search(caption, max(0, len(caption) - 40))
    credit = tail.group("credit") if tail else after.group() if after else None
    parsed = parse_byline(credit) if credit else None
    return parsed if parsed and all(b.role is Role.PHOTOGRAPHER for b in parsed) else ()


_AFTER_LAST_SENTENCE = re.compile(rf"(?<=[{SENTENCE_ENDS}])[^{SENTENCE_ENDS}]{{2,30}}$")


def credit_like(inside: str) -> bool:
    """A credit in brackets: a role word (记者 X), an outlet's (据新华社, 本报综合), names and a compiler's
    word (李华 整理) or names alone; not an aside (笑, 化名, 数据来源：某局, 详见本报3月1日报道)."""
    if ROLE_RE.search(inside) or OUTLET_CREDIT.fullmatch(inside):
        return True
    trail = TRAIL.search(inside)
    credited = inside[: trail.start()] if trail else inside
    if trail and (source := OUTLET_CREDIT.match(credited)):  # 据新华社 王海涛 整理: an outlet, then names
        credited = credited[source.end() :]
    names = [token for token in re.split(r"[\s、，,]+", credited) if token]
    return bool(names) and all(plausible_name(token) for token in names)


# An outlet's credit in full: 据《某某日报》, 摘自某某报海外版, 新华社发, 据新华社北京3月5日电, 据新华社等.
_ONE_OUTLET = rf"《?(?:{OUTLET})》?(?:[{HAN_RANGES}]{{1,3}}版)?"
OUTLET_CREDIT = re.compile(
    rf"(?:据|综合|摘自|转自|来自)?{_ONE_OUTLET}(?:[、和]{_ONE_OUTLET})*等?"
    rf"(?:[{HAN_RANGES}]{{0,8}}[0-9０-９{DATE_DIGITS}]{{1,2}}月[0-9０-９{DATE_DIGITS}]{{1,3}}日)?"
    rf"(?:综合报道|综合|消息|报道|供稿|微博|客户端|发|电)?"
)


def ends_with_credit(paragraph: str) -> bool:
    """True when a paragraph ends with a sentence and brackets after it (……救治。（X）).

    Only the shape is matched, so that tagging a paragraph does not parse the credit.
    """
    return _TAIL.search(paragraph, max(0, len(paragraph) - 60)) is not None


def page_credit(byline: Byline) -> bool:
    """True for a credit of the page (编辑, 校对, 美编 …), which no article gets."""
    return byline.role is Role.EDITOR


def dedupe(bylines: Iterable[Byline]) -> tuple[Byline, ...]:
    """The bylines in order, each role and name once (a story may credit a name twice)."""
    seen: set[tuple[Role, str]] = set()
    out = []
    for b in bylines:
        if (b.role, b.name) not in seen:
            seen.add((b.role, b.name))
            out.append(b)
    return tuple(out)


__all__ = [
    "ASIDE",
    "OUTLET",
    "ROLE_RE",
    "TRAIL",
    "Tail",
    "dedupe",
    "ends_with_credit",
    "credit_like",
    "is_byline",
    "page_credit",
    "parse_byline",
    "photo_credit",
    "read_line",
    "split_names",
    "split_tail",
    "strip_trail",
]
