"""The Turtle dump's retyping of NIF offsets (``nif_typed_turtle``), against the plain reading of its rule."""

from __future__ import annotations

import re

from kg.graph.dump import nif_typed_turtle

# The rule as first written: a statement of nif:beginIndex or nif:endIndex that starts a line.
_PLAIN = re.compile(rb'^(\t|<[^\s>"]*> )(nif:(?:beginIndex|endIndex) )(\d+)(?= [;.]$)', re.MULTILINE)


def test_offsets_are_typed_where_a_statement_starts_a_line_and_nowhere_else():
    turtle = (
        b'<a#char=0,2> nif:beginIndex 0 ;\n'  # the very first line: no line break before it
        b'\tnif:endIndex 2 ;\n'
        b'\tschema:text "x\\n\\tnif:endIndex 4 ." ;\n'  # escaped in a literal: not a statement
        b'\tkg:other 5 .\n'
        b'\n'
        b'<b> nif:endIndex 12 .\n'
        b'<c d> nif:beginIndex 3 .\n'  # not an IRI subject
        b' \tnif:beginIndex 7 ;\n'  # does not start the line
        b'\tnif:beginIndex 8'  # no end of statement
    )
    typed = nif_typed_turtle(turtle)
    assert typed == _PLAIN.sub(rb'\1\2"\3"^^xsd:nonNegativeInteger', turtle)
    assert typed.count(b'^^xsd:nonNegativeInteger') == 3
    assert typed.startswith(b'<a#char=0,2> nif:beginIndex "0"^^xsd:nonNegativeInteger ;\n')
    assert b'<b> nif:endIndex "12"^^xsd:nonNegativeInteger .\n' in typed
    assert nif_typed_turtle(b"") == b"" and nif_typed_turtle(b"\n") == b"\n"
