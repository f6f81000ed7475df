"""``kg ner`` (FILE or stdin, stdout or ``-o FILE``) and ``kg evaluate`` (its warning on
training text, its JSON, its progress bar) as a user runs them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import kg.cli.recognize as recognize_cli
from kg.cli import app
from tests.conftest import ROOT

DEV = ROOT.parent / "shared" / "corpora" / "pfr1998" / "dev.txt"
LINES = "荆州市公安局召开春运工作会议。\n\n市委书记吴锦出席会议。\r\n"
# Hand-written PFR lines (tests/extract/test_evaluate.py's): no model was trained on them.
UNSEEN_GOLD = (
    "19980101-01-001-001/m  记者/n  王/nr  小明/nr  在/p  [上海市/ns  第一/m  人民/n  医院/n]nt  采访/v  。/w\n"
    "19980102-03-004-005/m  [中国/ns  人民/n  银行/n]nt  和/c  [黄河/ns  下游/f]ns  。/w\n"
)


def kg(*args: str, stdin: str | None = None):
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _rows(text: str) -> list[list[tuple[str, str]]]:
    return [[(m["text"], m["type"]) for m in json.loads(line)] for line in text.splitlines()]


def test_ner_reads_a_file_stdin_or_dash_alike(tmp_path: Path) -> None:
    path = tmp_path / "texts.txt"
    path.write_text(LINES, encoding="utf-8")
    from_file, from_stdin, from_dash = kg("ner", str(path)), kg("ner", stdin=LINES), kg("ner", "-", stdin=LINES)
    assert from_file.exit_code == from_stdin.exit_code == from_dash.exit_code == 0, from_file.output
    rows = _rows(from_file.stdout)
    assert rows == _rows(from_stdin.stdout) == _rows(from_dash.stdout)
    assert len(rows) == 3 and rows[1] == []  # a blank line is a text with no mention
    assert ("荆州市公安局", "ORG") in rows[0] and ("吴锦", "PER") in rows[2]


def test_ner_reads_gb18030_and_writes_a_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(LINES.encode("gb18030"))
    out = tmp_path / "mentions.jsonl"
    result = kg("ner", str(path), "-o", str(out), "--no-tagger")
    assert result.exit_code == 0 and result.stdout == ""
    rows = _rows(out.read_text(encoding="utf-8"))
    assert len(rows) == 3 and ("荆州市公安局", "ORG") in rows[0]
    assert not list(tmp_path.glob(".mentions.jsonl.*"))  # written whole, then renamed into place


def test_ner_names_a_missing_file_and_an_unwritable_output(tmp_path: Path) -> None:
    missing = kg("ner", str(tmp_path / "missing.txt"))
    assert missing.exit_code == 2 and "KG106" in missing.stderr and "missing.txt" in missing.stderr
    path = tmp_path / "texts.txt"
    path.write_text(LINES, encoding="utf-8")
    unwritable = kg("ner", str(path), "-o", str(tmp_path / "no" / "such" / "out.jsonl"), "--no-tagger")
    assert unwritable.exit_code == 2 and "KG200" in unwritable.stderr


def test_evaluate_on_text_outside_training_does_not_warn(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text(UNSEEN_GOLD, encoding="utf-8")
    result = kg("evaluate", str(gold), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["training"] == {"checked": True, "seen": 0, "sentences": 2, "warning": None}
    assert data["ALL"]["gold"] == 4 and "warning" not in result.stderr


@pytest.mark.skipif(not DEV.is_file(), reason="needs ../shared/corpora/pfr1998/dev.txt")
def test_evaluate_on_training_text_says_it_is_a_training_score(tmp_path: Path) -> None:
    lines = DEV.read_text(encoding="utf-8").splitlines()[:40]
    gold = tmp_path / "slice.txt"
    gold.write_text("\n".join(lines) + "\n" + UNSEEN_GOLD, encoding="utf-8")
    table = kg("evaluate", str(gold))
    assert table.exit_code == 0, table.output
    warning = "40 of 42 sentences were seen in training: this is a training score, not accuracy"
    assert warning in table.stderr and "ALL" in table.stdout
    data = json.loads(kg("evaluate", str(gold), "--json").stdout)
    assert data["training"] == {"checked": True, "seen": 40, "sentences": 42, "warning": warning}
    # Without the tagger the model plays no part: nothing to check.
    plain = kg("evaluate", str(gold), "--json", "--no-tagger")
    assert json.loads(plain.stdout)["training"]["checked"] is False and "warning" not in plain.stderr


def test_evaluate_shows_progress_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text(UNSEEN_GOLD * 40, encoding="utf-8")
    piped = kg("evaluate", str(gold), "--no-tagger")
    assert piped.exit_code == 0 and "evaluating" not in piped.stderr
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120)
    monkeypatch.setattr(recognize_cli, "err", terminal)
    shown = kg("evaluate", str(gold), "--no-tagger")
    assert shown.exit_code == 0, shown.output
    assert "evaluating" in screen.getvalue() and "80/80" in screen.getvalue()


# CLUENER2020 style (inclusive ends), hand-written; the second record is of the test split.
CLUENER_GOLD = (
    '{"text": "浙江商业职业技术学院的张伟老师在杭州市西湖区讲课。", "label": {"name": {"张伟": [[11, 12]]}, '
    '"organization": {"浙江商业职业技术学院": [[0, 9]]}, "address": {"杭州市西湖区": [[16, 21]]}, '
    '"position": {"老师": [[13, 14]]}}}\n'
    '{"text": "市委书记刘洋出席会议。"}\n'
)


def test_evaluate_cluener_guessed_from_extension_with_types(tmp_path: Path) -> None:
    gold = tmp_path / "dev.json"
    gold.write_text(CLUENER_GOLD, encoding="utf-8")
    result = kg("evaluate", str(gold), "--types", "PER,org", "--json", "--no-tagger")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"PER", "ORG", "ALL", "format", "training"}
    assert data["format"] == "cluener"
    assert (data["PER"]["gold"], data["ORG"]["gold"], data["ALL"]["gold"]) == (1, 1, 2)
    assert data["training"]["sentences"] == 2 and data["training"]["checked"] is False
    # The same file named .txt is read as PFR unless --format says otherwise.
    renamed = tmp_path / "dev.txt"
    renamed.write_text(CLUENER_GOLD, encoding="utf-8")
    assert kg("evaluate", str(renamed), "--no-tagger").exit_code == 2
    explicit = kg("evaluate", str(renamed), "--format", "cluener", "--json", "--no-tagger")
    assert explicit.exit_code == 0 and json.loads(explicit.stdout)["LOC"]["gold"] == 1


def test_evaluate_bmes_and_its_errors(tmp_path: Path) -> None:
    gold = tmp_path / "gold.bmes"
    gold.write_text("张 B-PER\n伟 E-PER\n到 O\n苏 S-LOC\n州 O\n", encoding="utf-8")
    table = kg("evaluate", str(gold), "--no-tagger")
    assert table.exit_code == 0, table.output
    assert [line.split("│")[2].strip() for line in table.stdout.splitlines() if "│ ALL" in line] == ["2"]
    bio = tmp_path / "bio.bmes"
    bio.write_text("张 B-PER\n伟 I-PER\n", encoding="utf-8")
    rejected = kg("evaluate", str(bio), "--no-tagger")
    assert rejected.exit_code == 2 and "KG108" in rejected.stderr and "bio.bmes:2" in rejected.stderr
    wrong_type = kg("evaluate", str(gold), "--types", "PER,MISC")
    assert wrong_type.exit_code == 2 and "MISC" in wrong_type.stderr
    assert "cluener" in kg("evaluate", "--help").stdout


def test_evaluate_json_is_the_library_s_report(tmp_path: Path) -> None:
    from kg.extract.evaluate import evaluate_file

    gold = tmp_path / "gold.bmes"
    gold.write_text("张 B-PER\n伟 E-PER\n到 O\n杭 B-LOC\n州 M-LOC\n市 E-LOC\n。 O\n\n"
                    "湘 B-ORG\n江 M-ORG\n报 M-ORG\n社 E-ORG\n刘 B-PER\n洋 E-PER\n。 O\n", encoding="utf-8")
    result = kg("evaluate", str(gold), "--json", "--no-tagger", "--types", "PER,ORG")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == evaluate_file(gold, use_tagger=False, types=["PER", "ORG"]).as_dict()
    assert (data["PER"]["gold"], data["ORG"]["gold"], data["format"]) == (2, 1, "bmes")


def test_evaluate_with_another_model(tmp_path: Path) -> None:
    from kg.extract.recognize.tagger import DEFAULT_MODEL

    gold = tmp_path / "gold.txt"
    gold.write_text(UNSEEN_GOLD, encoding="utf-8")
    missing = kg("evaluate", str(gold), "--model", str(tmp_path / "fold-9.crfsuite"))
    assert missing.exit_code == 2 and "KG600" in missing.stderr and "fold-9.crfsuite" in missing.stderr
    contradicting = kg("evaluate", str(gold), "--model", str(DEFAULT_MODEL), "--no-tagger")
    assert contradicting.exit_code == 2 and "--model" in contradicting.stderr
    fold = tmp_path / "fold" / "ner.crfsuite"  # a model without a manifest beside it
    fold.parent.mkdir()
    fold.write_bytes(DEFAULT_MODEL.read_bytes())
    scored = kg("evaluate", str(gold), "--model", str(fold), "--json")
    assert scored.exit_code == 0, scored.output
    data = json.loads(scored.stdout)
    assert data["training"]["checked"] is False and data["ALL"]["gold"] == 4
    assert "unknown" in scored.stderr and "warning" not in scored.stderr
    # The shipped model named by its path is checked against its manifest, as by default.
    shipped = json.loads(kg("evaluate", str(gold), "--model", str(DEFAULT_MODEL), "--json").stdout)
    assert shipped == json.loads(kg("evaluate", str(gold), "--json").stdout)
    assert shipped["training"]["checked"] is True
    assert "--model" in kg("evaluate", "--help").stdout


def test_ner_gives_the_finer_kind_where_one_is_known(tmp_path) -> None:
    """A hospital and a road carry their schema.org / kg class; a person carries none."""
    source = tmp_path / "in.txt"
    source.write_text("王建国在长沙市第一人民医院工作。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ner", str(source), "--no-tagger"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    kinds = {m["text"]: m.get("kind") for m in row}
    assert kinds.get("长沙市第一人民医院") == "Hospital"
