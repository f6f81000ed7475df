"""Word lists and character classes: each defined once, in kg.lang, and read from data/lexicons."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.lang import lexicons
from kg.lang.chars import CLAUSE_ENDS, FULL_STOPS, HAN, SENTENCE_ENDS, is_han
from kg.lang.person_names import surnames
from kg.extract.recognize.lexicon import load_lexicon

from tests.conftest import ROOT

PACKAGE = ROOT / "kg"
HOME = PACKAGE / "lang"  # the one home of the lists and classes
# Literals the scans allow outside kg/lang, each with its reason.
ALLOWED = {
    # A command-line option's help shows the user an example of what the paper resolves.
    ("kg/cli/recognize.py", "Paper whose home city resolves 我市 / 市X局."),
}
HONORIFIC_WORDS = {w for w in lexicons.honorifics() if len(w) > 1}  # one character (总, 某) is too common to scan


def _sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if HOME not in path.parents:
            yield path


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _strings() -> Iterator[tuple[str, int, str]]:
    """(path, line, value) of every string literal outside kg/lang, docstrings aside."""
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                rel = str(path.relative_to(ROOT))
                if (rel, node.value) not in ALLOWED:
                    yield rel, node.lineno, node.value


def _code_lines() -> Iterator[tuple[str, int, str]]:
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.lstrip().startswith("#"):
                yield str(path.relative_to(ROOT)), number, line


def test_the_han_range_is_written_only_in_kg_lang():
    escapes = re.compile(r"\\u4e00|\\u3400|\\u9fff|\\u4dbf|\\U00020000|一-鿿|㐀-")
    found = [f"{p}:{n}" for p, n, line in _code_lines() if escapes.search(line)]
    assert found == []


def test_sentence_ends_are_written_only_in_kg_lang():
    found = [f"{p}:{n} {s!r}" for p, n, s in _strings() if set(FULL_STOPS[:3]) <= set(s)]
    assert found == []


def test_deictics_and_honorifics_are_listed_only_in_data():
    listed = lexicons.deictics() | HONORIFIC_WORDS
    found = [f"{p}:{n} {s!r}" for p, n, s in _strings() if listed & {s, *s.split()}]
    assert found == []


def test_the_event_rules_hold_no_word_list():
    """The words of the event rules are data/lexicons/event_heads.tsv and event_words.txt."""
    path = PACKAGE / "extract" / "event_rules.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    han_words = re.compile(r"[\u4e00-\u9fff]+")
    lists = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in _docstrings(tree):
            spaced = [w for w in node.value.split() if han_words.fullmatch(w)]
            alternated = [w for w in node.value.split("|") if han_words.fullmatch(w.strip("(?:)"))]
            if len(spaced) >= 5 or len(alternated) >= 5:
                lists.append(f"{node.lineno}: {node.value[:40]}")
    assert lists == []
    assert not any(isinstance(node, ast.Dict) and len(node.keys) >= 5 for node in ast.walk(tree))


def test_one_table_of_deictics_gives_the_home_forms_and_the_never_alternate_names():
    home = lexicons.home_deictics()
    assert home["县"] == ("我县", "本县") and home["市"] == ("我市", "本市") and set(home) == {"省", "市", "县", "区"}
    assert {"我县", "本区", "全市", "全县"} <= lexicons.deictics()
    assert all(set(words) <= lexicons.deictics() for words in home.values())
    assert lexicons.whole_deictics() == {"全省", "全市", "全县", "全区"}


@pytest.mark.parametrize("ch", ["王", "㛃", "𠮷", "鿏"])
def test_han_characters_of_every_block_are_han(ch: str):
    assert is_han(ch) and HAN.fullmatch(ch)


@pytest.mark.parametrize("ch", ["a", "1", "。", "·", "ー", "䷀"])
def test_other_characters_are_not_han(ch: str):
    assert not is_han(ch)


def test_the_punctuation_sets_nest():
    assert set(FULL_STOPS) < set(SENTENCE_ENDS) < set(CLAUSE_ENDS)
    assert "；" in SENTENCE_ENDS and "；" not in FULL_STOPS and "，" in CLAUSE_ENDS and "，" not in SENTENCE_ENDS


def test_each_list_is_read_once_and_shared():
    assert lexicons.words("surnames.txt") is lexicons.words("surnames.txt")
    assert surnames() == load_lexicon().surnames == frozenset(lexicons.words("surnames.txt"))
    titles = lexicons.sections("titles.txt")
    lex = load_lexicon()
    assert set(titles["pre"]) <= lex.titles_pre and set(titles["post"]) <= lex.titles_post
    assert set(titles["both"]) <= lex.titles_pre & lex.titles_post


def test_the_honorifics_are_the_union_of_the_forms_of_address():
    assert {"先生", "女士", "小姐", "老师", "同志", "师傅", "大爷", "大妈", "阿姨", "老人", "老", "总", "某"} <= lexicons.honorifics()


def test_sections_and_rows_read_comments_and_blank_lines_as_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "x.txt").write_text("# a comment\n甲 乙\n[one]\n  # indented comment\n丙\n\n[two]\n丁 戊\n", encoding="utf-8")
    (tmp_path / "lexicons" / "x.tsv").write_text("# head\n甲\t乙\n丙\n", encoding="utf-8")
    monkeypatch.setattr(lexicons, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    for cached in (lexicons.sections, lexicons.rows):
        cached.cache_clear()
    try:
        assert lexicons.sections("x.txt") == {"": ("甲", "乙"), "one": ("丙",), "two": ("丁", "戊")}
        assert lexicons.rows("x.tsv", 3) == (("甲", "乙", ""), ("丙", "", ""))
    finally:
        for cached in (lexicons.sections, lexicons.rows):
            cached.cache_clear()
