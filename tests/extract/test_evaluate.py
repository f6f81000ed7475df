"""The mention-level scorer, and :func:`evaluate_file` (what ``kg evaluate`` does) on gold files."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from kg.extract.evaluate import evaluate_gold, normalize_spans, score_types
from kg.extract.gold import parse_pfr_line, read_gold
from kg.model import EntityType
from tests.extract.test_gold import PFR, _write

PER, LOC, ORG = EntityType.PER, EntityType.LOC, EntityType.ORG


def test_scorer_counts_exact_span_and_type(tmp_path: Path) -> None:
    paragraphs = list(read_gold(_write(tmp_path, PFR), fmt="pfr"))
    predictions = {
        # 王小明 right; the hospital cut to its place: one FP LOC, one FN ORG.
        paragraphs[0].text: [(2, 5, "PER"), (6, 9, "LOC")],
        # 长江 right (as EntityType), 三峡 missed, 李 right, 宜昌市 typed ORG, junk span dropped.
        paragraphs[1].text: [(0, 2, LOC), (15, 16, "PER"), (20, 23, "ORG"), (5, 99, "LOC"), (3, 4, "MISC")],
        # both right, given twice.
        paragraphs[2].text: [(0, 6, "ORG"), (7, 11, "LOC"), (7, 11, LOC)],
    }
    score = evaluate_gold(paragraphs, recognize=lambda texts: [predictions[t] for t in texts],
                          batch_size=2, keep_errors=True)
    assert (score["PER"].gold, score["PER"].predicted, score["PER"].correct) == (2, 2, 2)
    assert (score["LOC"].gold, score["LOC"].predicted, score["LOC"].correct) == (4, 3, 2)
    assert (score["ORG"].gold, score["ORG"].predicted, score["ORG"].correct) == (2, 2, 1)
    assert (score["ALL"].gold, score["ALL"].predicted, score["ALL"].correct) == (8, 7, 5)
    assert score[EntityType.LOC].precision == pytest.approx(2 / 3)
    assert score["LOC"].recall == pytest.approx(2 / 4)
    assert score["ALL"].f1 == pytest.approx(2 * (5 / 7) * (5 / 8) / (5 / 7 + 5 / 8))
    assert score.paragraphs == 3
    assert ("19980101-01-001-001", "FN", "ORG", "上海市第一人民医院") in score.errors
    assert ("19980101-01-002-001", "FP", "ORG", "宜昌市") in score.errors
    table = score.as_table()
    assert table.splitlines()[0].split() == ["type", "gold", "pred", "correct", "P", "R", "F1"]
    assert table.splitlines()[-1].split()[:4] == ["ALL", "8", "7", "5"]
    assert score.as_dict()["PER"]["f1"] == 1.0


def test_scorer_empty_and_wrong_length() -> None:
    score = evaluate_gold([], recognize=lambda texts: [])
    assert score["ALL"].f1 == 0.0 and score["ALL"].precision == 0.0
    paragraph = parse_pfr_line("北京/ns")
    with pytest.raises(ValueError):
        evaluate_gold([paragraph], recognize=lambda texts: [])


def test_normalize_spans() -> None:
    assert normalize_spans([(0, 2, "per"), (2, 2, "LOC"), (-1, 1, "ORG"), (1, 3, "ORG")], 2) == {(0, 2, PER)}


def test_scorer_reports_progress_and_counts_texts_seen_in_training(tmp_path: Path) -> None:
    paragraphs = list(read_gold(_write(tmp_path, PFR), fmt="pfr"))
    done: list[int] = []
    trained_on = {paragraphs[1].text}
    score = evaluate_gold(paragraphs, recognize=lambda texts: [[] for _ in texts], batch_size=2,
                          progress=done.append, seen_in_training=trained_on.__contains__)
    assert done == [2, 3] and score.paragraphs == 3
    assert score.seen == 1
    unchecked = evaluate_gold(paragraphs, recognize=lambda texts: [[] for _ in texts])
    assert unchecked.seen is None and unchecked["ALL"].gold == 8


def test_scorer_scores_only_the_types_asked(tmp_path: Path) -> None:
    paragraphs = list(read_gold(_write(tmp_path, PFR), fmt="pfr"))
    predictions = {p.text: [(s, e, k) for s, e, k in p.spans] + [(0, 1, "ORG")] for p in paragraphs}
    score = evaluate_gold(paragraphs, recognize=lambda texts: [predictions[t] for t in texts],
                          types=["per"], keep_errors=True)
    assert [row.type for row in score.by_type] == ["PER"]
    assert (score["ALL"].gold, score["ALL"].predicted, score["ALL"].correct) == (2, 2, 2)
    assert score.errors == () and set(score.as_dict()) == {"PER", "ALL"}
    with pytest.raises(KeyError):
        score["ORG"]
    both = evaluate_gold(paragraphs, recognize=lambda texts: [predictions[t] for t in texts], types=[ORG, "LOC"])
    assert [row.type for row in both.by_type] == ["LOC", "ORG"]
    assert (both["ORG"].gold, both["ORG"].predicted, both["ORG"].correct) == (2, 5, 2)
    assert both["ALL"].gold == 6


def test_score_types() -> None:
    assert score_types(None) == score_types([]) == (PER, LOC, ORG)
    assert score_types(["org", " person ", "PER"]) == (PER, ORG)
    with pytest.raises(ValueError, match="MISC"):
        score_types(["MISC"])


# Hand-written BMES: two sentences, 2 PER, 2 LOC, 1 ORG in the gold.
BMES = (
    "张 B-PER\n伟 E-PER\n到 O\n杭 B-LOC\n州 M-LOC\n市 E-LOC\n。 O\n\n"
    "湘 B-ORG\n江 M-ORG\n报 M-ORG\n社 E-ORG\n刘 B-PER\n洋 E-PER\n去 O\n苏 S-LOC\n。 O\n"
)


def _fake_recognizer(monkeypatch: pytest.MonkeyPatch, found: dict[str, list[tuple[int, int, EntityType]]]) -> list:
    """Replace the recognizer evaluate_file calls; returns the ``use_tagger``/``model`` of each call."""
    from kg.model import Mention, MentionSource

    recognize = importlib.import_module("kg.extract.recognize")  # kg.extract is also kg's function

    calls: list = []

    def recognize_text(texts, *, meta=None, use_tagger=True, model=None):
        calls.append((use_tagger, model))
        return [tuple(Mention("t", s, e, t[s:e], k, MentionSource.RULE) for s, e, k in found.get(t, ())) for t in texts]

    monkeypatch.setattr(recognize, "recognize_text", recognize_text)
    return calls


def test_evaluate_file_counts_a_bmes_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.extract.evaluate import evaluate_file

    # 张伟 right, 杭州市 cut to 杭州 (FP + FN), 湘江报社 right, 刘洋 typed LOC, 苏 missed.
    calls = _fake_recognizer(monkeypatch, {
        "张伟到杭州市。": [(0, 2, PER), (3, 5, LOC)],
        "湘江报社刘洋去苏。": [(0, 4, ORG), (4, 6, LOC)],
    })
    seen: list[tuple[int, int]] = []
    report = evaluate_file(_write(tmp_path, BMES, "gold.bmes"), use_tagger=False, progress=lambda *a: seen.append(a))
    score = report.score
    assert report.format == "bmes" and score.paragraphs == 2 and seen == [(2, 2)]
    assert [(r.type, r.gold, r.predicted, r.correct) for r in (*score.by_type, score.overall)] == [
        ("PER", 2, 1, 1), ("LOC", 2, 2, 0), ("ORG", 1, 1, 1), ("ALL", 5, 4, 2)]
    # Without the tagger no model tagged the gold: nothing to check, nothing to note.
    assert report.training == {"checked": False, "seen": None, "sentences": 2, "warning": None}
    assert report.note is None and calls == [(False, None)]
    assert report.as_dict() == {**score.as_dict(), "format": "bmes", "training": report.training,
                                "short_names": report.short_names.as_dict()}
    only_org = evaluate_file(_write(tmp_path, BMES, "gold.txt"), fmt="bmes", types=["org"], use_tagger=False)
    assert set(only_org.as_dict()) == {"ORG", "ALL", "format", "training", "short_names"}
    assert only_org.score["ALL"].gold == 1


def test_evaluate_file_with_another_model_checks_its_own_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.extract.evaluate import evaluate_file
    from kg.extract.recognize.tagger import DEFAULT_MODEL

    calls = _fake_recognizer(monkeypatch, {})
    gold = _write(tmp_path, BMES, "gold.bmes")
    fold = tmp_path / "fold" / "ner.crfsuite"
    fold.parent.mkdir()
    fold.write_bytes(DEFAULT_MODEL.read_bytes())
    alone = evaluate_file(gold, model=fold)
    assert calls == [(True, fold)]
    assert alone.training["checked"] is False and "unknown" in (alone.note or "") and str(fold) in alone.note
    # A manifest that matches the model, beside it: the overlap is checked (none of these sentences).
    beside = tmp_path / "beside" / "ner.crfsuite"
    beside.parent.mkdir()
    beside.write_bytes(DEFAULT_MODEL.read_bytes())
    (beside.parent / "ner.training.json.gz").write_bytes((DEFAULT_MODEL.parent / "ner.training.json.gz").read_bytes())
    checked = evaluate_file(gold, model=str(beside))
    assert checked.training == {"checked": True, "seen": 0, "sentences": 2, "warning": None} and checked.note is None


def test_evaluate_file_missing_model_and_model_without_tagger(tmp_path: Path) -> None:
    import kg
    from kg.errors import ModelError
    from kg.extract.evaluate import evaluate_file

    gold = _write(tmp_path, BMES, "gold.bmes")
    with pytest.raises(ModelError) as caught:
        evaluate_file(gold, model=tmp_path / "missing.crfsuite")
    assert caught.value.code == "KG600" and caught.value.source == str(tmp_path / "missing.crfsuite")
    with pytest.raises(ValueError, match="use_tagger"):
        evaluate_file(gold, model=tmp_path / "missing.crfsuite", use_tagger=False)
    with pytest.raises(ValueError, match="MISC"):
        evaluate_file(gold, types=["MISC"], use_tagger=False)
    # The public API runs the same function.
    assert kg.evaluate(gold, use_tagger=False) == evaluate_file(gold, use_tagger=False)


# Hand-written BMES for the short-name convention: 中 and 美 of 中美 one-character places in
# the first gold, none in the second (kg's and PFR's convention).
SHORT_GOLD = "中 S-LOC\n美 S-LOC\n关 O\n系 O\n在 O\n杭 B-LOC\n州 E-LOC\n。 O\n"
PLAIN_GOLD = "中 O\n美 O\n关 O\n系 O\n在 O\n杭 B-LOC\n州 E-LOC\n。 O\n"
SHORT_TEXT = "中美关系在杭州。"


def _short_names_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gold: str, mode: str):
    from kg.extract.evaluate import evaluate_file

    # The recognizer finds 中 and 美 and 杭州.
    _fake_recognizer(monkeypatch, {SHORT_TEXT: [(0, 1, LOC), (1, 2, LOC), (5, 7, LOC)]})
    return evaluate_file(_write(tmp_path, gold, "gold.bmes"), use_tagger=False, short_names=mode)


def test_short_names_auto_follows_the_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _short_names_run(tmp_path, monkeypatch, SHORT_GOLD, "auto")
    assert counted.short_names.mode == "count" and "2 one-character places" in counted.short_names.reason
    assert (counted.score["LOC"].gold, counted.score["LOC"].predicted, counted.score["LOC"].correct) == (3, 3, 3)
    skipped = _short_names_run(tmp_path, monkeypatch, PLAIN_GOLD, "auto")
    assert skipped.short_names.mode == "skip" and "no one-character place" in skipped.short_names.reason
    # Left out on both sides: 杭州 alone is scored, and the report says how many were left out.
    assert (skipped.score["LOC"].gold, skipped.score["LOC"].predicted, skipped.score["LOC"].correct) == (1, 1, 1)
    assert (skipped.short_names.gold_left_out, skipped.short_names.predicted_left_out) == (0, 2)
    assert skipped.as_dict()["short_names"]["left_out"] == {"gold": 0, "predicted": 2}
    assert "left out" in skipped.short_names.describe() and "2 predicted" in skipped.short_names.describe()


def test_short_names_count_and_skip_are_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _short_names_run(tmp_path, monkeypatch, PLAIN_GOLD, "count")
    assert counted.short_names.mode == "count" and counted.short_names.reason == "asked"
    assert (counted.score["LOC"].gold, counted.score["LOC"].predicted, counted.score["LOC"].correct) == (1, 3, 1)
    skipped = _short_names_run(tmp_path, monkeypatch, SHORT_GOLD, "skip")
    assert (skipped.score["LOC"].gold, skipped.score["LOC"].predicted) == (1, 1)
    assert (skipped.short_names.gold_left_out, skipped.short_names.predicted_left_out) == (2, 2)
    with pytest.raises(ValueError, match="short-name"):
        _short_names_run(tmp_path, monkeypatch, SHORT_GOLD, "sometimes")


def test_the_score_records_are_importable_from_the_scorer() -> None:
    """kg.extract.scores holds them; callers import them from kg.extract.evaluate, where they were first."""
    from kg.extract import evaluate, scores

    for name in scores.__all__:
        assert getattr(evaluate, name) is getattr(scores, name)
    row = scores.TypeScore("PER", gold=4, predicted=2, correct=2)
    assert (row.precision, row.recall, round(row.f1, 4)) == (1.0, 0.5, 0.6667)
