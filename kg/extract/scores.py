"""The scores ``kg evaluate`` reports: counts, precision, recall and F1 by type, the short-name convention, the report.

:mod:`kg.extract.evaluate` computes them and re-exports these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.model import EntityType


@dataclass(frozen=True)
class TypeScore:
    """Counts and precision / recall / F1 for one entity type (or all of them)."""

    type: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        """Correct mentions over predicted mentions (0 when nothing was predicted)."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Correct mentions over gold mentions (0 when the gold has none)."""
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Score:
    """The result of :func:`kg.extract.evaluate.evaluate_gold`: one :class:`TypeScore` a type, and micro totals."""

    by_type: tuple[TypeScore, ...]
    overall: TypeScore
    paragraphs: int = 0
    chars: int = 0
    errors: tuple[tuple[str, str, str, str], ...] = field(default=(), repr=False)
    seen: int | None = None  # paragraphs the model was trained on (None: not checked)
    short_names_left_out: tuple[int, int] = (0, 0)  # one-character places not scored: (gold, predicted)

    def __getitem__(self, key: str | EntityType) -> TypeScore:
        """The score of one type (``"PER"``, ``EntityType.LOC``…) or ``"ALL"``."""
        name = key.value if isinstance(key, EntityType) else str(key).upper()
        if name == "ALL":
            return self.overall
        for row in self.by_type:
            if row.type == name:
                return row
        raise KeyError(key)

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        """Plain data, one entry a type plus ``ALL``, for JSON output."""
        return {
            row.type: {
                "gold": row.gold, "predicted": row.predicted, "correct": row.correct,
                "precision": round(row.precision, 4), "recall": round(row.recall, 4),
                "f1": round(row.f1, 4),
            }
            for row in (*self.by_type, self.overall)
        }

    def as_table(self) -> str:
        """A fixed-width text table of counts, precision, recall and F1."""
        lines = [f"{'type':<5} {'gold':>7} {'pred':>7} {'correct':>7} {'P':>7} {'R':>7} {'F1':>7}"]
        for row in (*self.by_type, self.overall):
            lines.append(
                f"{row.type:<5} {row.gold:>7} {row.predicted:>7} {row.correct:>7} "
                f"{row.precision:>7.4f} {row.recall:>7.4f} {row.f1:>7.4f}"
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class ShortNameScoring:
    """How one-character places (short names: 中美's 美) were scored, and why."""

    mode: str  # "count" or "skip"
    reason: str  # "asked", or what the gold annotates
    gold_left_out: int = 0
    predicted_left_out: int = 0

    @property
    def matters(self) -> bool:
        """One-character places were scored, or some were left out."""
        return self.mode == "count" or bool(self.gold_left_out or self.predicted_left_out)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``kg evaluate --json``."""
        return {"mode": self.mode, "reason": self.reason,
                "left_out": {"gold": self.gold_left_out, "predicted": self.predicted_left_out}}

    def describe(self) -> str:
        """One line for a reader: scored or left out, how many, why."""
        if self.mode == "count":
            return f"short names: one-character places scored ({self.reason})"
        return (f"short names: one-character places left out of the scoring, {self.gold_left_out} gold and "
                f"{self.predicted_left_out} predicted ({self.reason}); --short-names count scores them")


@dataclass(frozen=True)
class EvaluationReport:
    """What :func:`kg.extract.evaluate.evaluate_file` measured: the scores, the gold's format, the training overlap."""

    score: Score
    format: str
    training: dict[str, Any]  # kg.extract.training.overlap_report: checked, seen, sentences, warning
    note: str | None = None  # why the overlap is unknown although a model tagged the gold
    short_names: ShortNameScoring | None = None

    def as_dict(self) -> dict[str, Any]:
        """``kg evaluate --json``: one entry a type plus ``ALL``, ``format`` and ``training``.

        ``short_names`` too where the convention played a part: one-character places were
        scored, or some were left out.
        """
        out = {**self.score.as_dict(), "format": self.format, "training": self.training}
        if self.short_names is not None and self.short_names.matters:
            out["short_names"] = self.short_names.as_dict()
        return out


__all__ = ["EvaluationReport", "Score", "ShortNameScoring", "TypeScore"]
