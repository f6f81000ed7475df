"""Query limits: a SPARQL text measured before the engine sees it, and refused past the limits.

pyoxigraph's parser and evaluator recurse once per level of nesting and once per operator
of a chain. Past a few thousand levels the recursion overflows the stack and the process
dies of SIGSEGV, which no ``except`` can catch: 3,000 nested ``{ }`` or 5,000 nested
parentheses killed ``kg serve`` and ``kg query`` alike. So every query and update is
measured first by a scanner that splits the text the way Oxigraph's parser does
(strings, IRIs, comments, escaped local names such as ``ex:a\\#``), and refused with
KG301 past :data:`LIMITS`; and the engine runs on a thread of its own with
:data:`ENGINE_STACK` bytes of stack instead of the system's 8 MiB, so that the limits
stay far below what crashes it (:mod:`kg.graph.engine_stack`, whose names this module
re-exports). ``benchmarks/fuzz.py --probe`` measures the thresholds (in subprocesses);
the README gives them.

Where a ``<`` may open an IRI or be a less-than (``?a<'x'&&?b>0``), Oxigraph decides by
the grammar and the scanner cannot. Both readings go on alike after the ``>`` unless the
less-than reading opens a string or a comment inside that does not end there
(``<http://e.org/a#b>``). The engine therefore gets the text with the ``'`` and ``#`` of
every such IRI written ``\\u0027`` and ``\\u0023``: the same IRI to Oxigraph, and no
string or comment in either reading (:func:`scan`). Everything the other reading could
find inside an IRI, brackets and chained operators, is counted too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from kg import errors
from kg.graph.engine_stack import (
    ENGINE_STACK,
    ENGINE_THREAD,
    engine_future,
    engine_thread,
    on_engine_stack,
)


@dataclass(frozen=True)
class QueryLimits:
    """What a query or update may hold; every field is a maximum."""

    length: int = 100_000  # characters
    depth: int = 64  # nesting of ( [ { << {|
    tokens: int = 10_000  # keywords, terms, operators, punctuation; VALUES and DATA blocks aside
    patterns: int = 200  # triple patterns (objects, path steps, list items), estimated
    brackets: int = 5_000  # ( [ { anywhere, strings and comments included


LIMITS = QueryLimits()


@dataclass(frozen=True)
class QueryShape:
    """A query's measures, in the units of :class:`QueryLimits`, and its keywords."""

    length: int
    depth: int
    tokens: int
    patterns: int
    brackets: int
    keywords: frozenset[str]  # bare words of the query's code, case-folded (service, load …)


# ------------------------------------------------------------------ the scanner

# Name characters: a superset of the grammar's PN_CHARS (a name read longer than Oxigraph
# reads it leaves Oxigraph nothing it could take for a string or a comment).
_NAME_CHARS = (
    r"\w\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D"
    r"\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
_NAME_START = rf"(?:(?![\d\-\u00B7\u0300-\u036F\u203F\u2040])[{_NAME_CHARS}])"
_PATTERNS = (
    ("ws", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("iri", r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>"),
    ("string", (r"'''(?:[^'\\]|\\[\s\S]|'(?!''))*+(?:'''|\Z)"
               r'|"""(?:[^"\\]|\\[\s\S]|"(?!""))*+(?:"""|\Z)'
               r"|'(?:[^'\\\r\n]|\\[^\r\n])*+(?:'|(?=[\r\n])|\Z)"
               r'|"(?:[^"\\\r\n]|\\[^\r\n])*+(?:"|(?=[\r\n])|\Z)')),
    ("var", rf"[?$][{_NAME_CHARS}]++"),
    ("number", r"\d+\.\d*[eE][+-]?\d+|\.?\d+[eE][+-]?\d+|\d*\.\d+|\d+"),
    # A prefixed name; a backslash escapes any character of a local name (ex:a\#, ex:a\').
    ("pname", (rf"(?:{_NAME_START}(?:[{_NAME_CHARS}.]*[{_NAME_CHARS}])?)?:"
              rf"(?:[{_NAME_CHARS}:%]|\\[\s\S]|\.(?=[{_NAME_CHARS}:%\\]))*+")),
    ("word", rf"{_NAME_START}[{_NAME_CHARS}]*+"),
    ("lang", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    ("punct", r"<<|>>|\{\||\|\}|\^\^|&&|\|\||!=|<=|>="),  # <<( is << and (
    ("other", r"[\s\S]"),
)
_TOKEN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS))
_OPENERS = {"(": ")", "[": "]", "{": "}", "<<": ">>", "{|": "|}"}
_CLOSERS = frozenset(_OPENERS.values())
# Characters that, read as code, chain operators: an IRI that Oxigraph reads as a
# less-than followed by code costs one token each (``<1+1+1…>``).
_CHAINING = re.compile(r"[+\-*/!=&,(\[]")
_BRACKET = re.compile(r"[(\[{]")
_TERMS = frozenset({"iri", "string", "var", "number", "pname"})
_TERM_WORDS = frozenset({"a", "true", "false", "undef"})


@dataclass(frozen=True)
class Scan:
    """A query measured, and the text the engine may be given (IRIs made unambiguous)."""

    shape: QueryShape
    engine_text: str


def scan(text: str) -> Scan:
    """Measure a SPARQL query or update, and give the text to run.

    The text to run differs from ``text`` only inside IRIs that the less-than reading
    would take for the start of a string or a comment: their ``'`` and ``#`` are written
    as ``\\u`` escapes there (the same IRIs to the engine).
    """
    meter = _Meter()
    pieces: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if kind == "iri" and _ambiguous(value[1:-1]):
            pieces += [text[last : match.start()], value.replace("'", "\\u0027").replace("#", "\\u0023")]
            last = match.end()
        meter.feed(kind, value)
    pieces.append(text[last:])
    shape = QueryShape(len(text), meter.depth, meter.tokens, meter.patterns,
                       len(_BRACKET.findall(text)), frozenset(meter.keywords))
    return Scan(shape, "".join(pieces))


def _ambiguous(inner: str) -> bool:
    """Whether an IRI, read as a less-than and code, would leave a string or a comment open past its ``>``."""
    for match in _TOKEN.finditer(inner):
        if match.lastgroup == "comment":
            return True
        if match.lastgroup == "string":
            value = match.group()
            quote = value[:3] if value[:3] in ("'''", '"""') else value[0]
            if len(value) < 2 * len(quote) or not value.endswith(quote):
                return True
    return False


def measure(text: str) -> QueryShape:
    """The measures of a SPARQL query or update (see :class:`QueryLimits`)."""
    return scan(text).shape


def checked(text: str, *, limits: QueryLimits = LIMITS, source: str = "query") -> str:
    """The text the engine may run, once ``text`` is measured within ``limits``.

    Raises:
        QueryError: a measure is over its limit (KG301), named with both figures.
    """
    if len(text) > limits.length:  # before scanning: the scan's time grows with the text
        raise _over("length", len(text), limits.length, source)
    result = scan(text)
    for field in fields(QueryLimits):
        value = getattr(result.shape, field.name)
        if value > getattr(limits, field.name):
            raise _over(field.name, value, getattr(limits, field.name), source)
    return result.engine_text


_WORDING = {
    "length": "characters",
    "depth": "levels of nested brackets",
    "tokens": "tokens (terms, keywords and operators)",
    "patterns": "triple patterns",
    "brackets": "brackets",
}


def _over(name: str, value: int, limit: int, source: str) -> errors.QueryError:
    return errors.QueryError(
        f"query too large: {value:,} {_WORDING[name]}, over the limit of {limit:,} "
        "(a query past it could crash the SPARQL engine)", source=source)


# ------------------------------------------------------------------ the meter


@dataclass
class _Context:
    kind: str  # group, bnode, list, path, expr, data, top
    closer: str
    # In a group or a property list: S subject, P verb, V object, D object done,
    # K a keyword's arguments (GRAPH ?g, FILTER …), T a datatype after ^^, R a reifier after ~.
    state: str = "S"
    soft: bool = False  # a bracket that the other reading of the text may not open (<<, in an IRI)


class _Meter:
    """Depth, tokens, triple patterns and keywords, fed one token at a time."""

    def __init__(self) -> None:
        self.stack = [_Context("top", "", "K")]
        self.depth = self.tokens = self.patterns = 0
        self.keywords: set[str] = set()
        self._data_next = False  # after VALUES or DATA: the next { opens data
        self._last = ""  # the token before

    def feed(self, kind: str, value: str) -> None:
        if not (self.stack[-1].kind == "data" and (kind in _DATA_KINDS or value.casefold() in _DATA_WORDS)):
            self.tokens += 1
        self._feed(kind, value)
        self._last = value

    def _feed(self, kind: str, value: str) -> None:
        if kind == "iri":
            self._iri(value)
        elif value in _OPENERS:
            self._open(value)
        elif value in _CLOSERS and self._close(value):
            return
        elif kind == "word" and value.casefold() not in _TERM_WORDS:
            self._keyword(value.casefold())
        else:
            self._token(kind, value)

    def _iri(self, value: str) -> None:
        """An IRI, or to the other reading a less-than and code: its brackets and chains count."""
        inner = value[1:-1]
        if self.stack[-1].kind != "data":
            self.tokens += len(_CHAINING.findall(inner))
        pending: list[str] = []  # brackets the IRI opens and does not close
        for char in inner:
            if char in "([":
                pending.append(char)
                self.depth = max(self.depth, len(self.stack) - 1 + len(pending))
            elif char in ")]" and pending and _OPENERS[pending[-1]] == char:
                pending.pop()
        self._token("iri", value)
        self.stack += [_Context("expr", _OPENERS[opener], soft=True) for opener in pending]
        self.depth = max(self.depth, len(self.stack) - 1)

    def _open(self, value: str) -> None:
        parent = self.stack[-1]
        kind = self._child_kind(parent, value)
        if parent.kind in ("group", "bnode") and parent.state == "V" and kind not in ("group", "data"):
            self.patterns += 1  # a blank node, a list or a triple term as an object
        elif parent.kind == "list" and kind != "data":
            self.patterns += 2
        self._data_next = self._data_next and value == "("  # VALUES (?a ?b) {
        self.stack.append(_Context(kind, _OPENERS[value], "P" if kind == "bnode" else "S", soft=value == "<<"))
        self.depth = max(self.depth, len(self.stack) - 1)

    def _child_kind(self, parent: _Context, value: str) -> str:
        if value == "{":
            kind = "data" if self._data_next or parent.kind == "data" else "group"
            self._data_next = False
            return kind
        if parent.kind in ("data", "list", "path") or value == "<<":
            return parent.kind if parent.kind in ("data", "list", "path") else "expr"
        if value in ("[", "{|"):
            return "bnode" if parent.kind in ("group", "bnode") else "expr"
        if parent.kind in ("group", "bnode"):
            if parent.state == "P" and self._last == "!":
                return "expr"  # a negated property set, !(a|b): one pattern
            return {"P": "path", "S": "list", "V": "list"}.get(parent.state, "expr")
        return "expr"

    def _close(self, value: str) -> bool:
        """Close the innermost bracket ``value`` closes; False when it closes none.

        Soft brackets it does not close are dropped on the way (the engine read them as
        operators). A closer that closes nothing is a mismatch the engine refuses, or
        ``>>`` as two operators.
        """
        index = len(self.stack) - 1
        while index > 0 and self.stack[index].closer != value and self.stack[index].soft:
            index -= 1
        if index == 0 or self.stack[index].closer != value:
            return False
        child = self.stack[index]
        del self.stack[index:]
        _after_child(self.stack[-1], child.kind)
        return True

    def _keyword(self, word: str) -> None:
        self.keywords.add(word)
        self._data_next = word in ("values", "data")
        if self.stack[-1].kind in ("group", "bnode"):
            self.stack[-1].state = "K"

    def _token(self, kind: str, value: str) -> None:
        top = self.stack[-1]
        if kind != "var":
            self._data_next = False
        if top.kind == "path" and value in ("/", "|"):
            self.patterns += 1
        elif top.kind == "list" and (kind in _TERMS or value.casefold() in _TERM_WORDS):
            self.patterns += 2
        elif top.kind in ("group", "bnode"):
            before, top.state = top.state, _next_state(top.state, kind, value)
            if before in ("V", "R") and top.state in ("D", "P"):  # an object, a reifier or a path step
                self.patterns += 1


_DATA_KINDS = frozenset({"iri", "string", "var", "number", "pname", "lang"})
_DATA_WORDS = frozenset({"undef", "true", "false", "a", "graph", "(", ")", "[", "]", ".", ";", ",", "^^"})


def _after_child(parent: _Context, child: str) -> None:
    """The place in a triple once a bracket closes inside a group or a property list."""
    if parent.kind not in ("group", "bnode"):
        return
    if child in ("group", "data") or parent.state == "K":
        parent.state = "S"
    elif parent.state == "S":
        parent.state = "P"  # a subject: [ … ], ( … ) or << … >>
    elif parent.state == "P":
        parent.state = "V"  # a path in parentheses
    elif parent.state == "V":
        parent.state = "D"  # an object, counted when it opened


def _next_state(state: str, kind: str, value: str) -> str:
    """The place in a triple after a token, in a group or a property list."""
    term = kind in _TERMS or value.casefold() in _TERM_WORDS
    if value in _SEPARATORS:
        return _SEPARATORS[value]
    if value == "^^" and state == "D":
        return "T"
    if value == "~" and state == "D":
        return "R"  # a reifier: one more pattern
    if state == "V" and value in ("/", "|"):
        return "P"
    if term and state in _AFTER_TERM:
        return _AFTER_TERM[state]
    return state


_SEPARATORS = {".": "S", ";": "P", ",": "V"}
_AFTER_TERM = {"S": "P", "P": "V", "V": "D", "T": "D", "R": "D"}


__all__ = [
    "ENGINE_STACK",
    "ENGINE_THREAD",
    "LIMITS",
    "QueryLimits",
    "QueryShape",
    "Scan",
    "checked",
    "engine_future",
    "engine_thread",
    "measure",
    "on_engine_stack",
    "scan",
]
