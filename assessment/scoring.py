"""Staged assessment scoring (阶段考评计分): pure rules, no Flask, no database.

Every component score is normalized to 0–100 and kept as an unrounded ``Decimal``.

Rounding rule (the only one in the assessment package): a score is rounded with
``Decimal.quantize(Decimal("0.01"), ROUND_HALF_UP)`` — see :func:`present` — and only at a
presentation boundary: ``to_dict()`` snapshots, rank and tie comparisons ("two trainees shown
with the same score are tied") and threshold checks ("below 60" means the shown score is below
60). Intermediate sums, weights and averages are never rounded.

A component's status: ``scored``, ``pending`` (no result yet, deadline not passed),
``missing`` (no result after the deadline: 0 points) or ``excused`` (absence approved by a
manager). Stage and cumulative scores are in ``assessment.stage_scoring``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from core.domain import N_, DomainError

PRECISION = Decimal("0.01")
HUNDRED = Decimal(100)
KINDS = ("quiz", "case", "evaluation", "kpi", "simulator")
# Kinds whose points come from another area (through its results functions), out of max_points.
EXTERNAL_KINDS = ("quiz", "case", "simulator")
STATUSES = ("scored", "pending", "missing", "excused")
# What a reader sees for each (message ids, translated where shown: forms, set-up, the dossier).
KIND_LABELS = {
    "evaluation": N_("Manager evaluation"),
    "kpi": N_("KPI"),
    "quiz": N_("Quiz"),
    "case": N_("Case"),
    "simulator": N_("Simulator scenario"),
}
STATUS_LABELS = {
    "scored": N_("Scored"),
    "pending": N_("Pending"),
    "missing": N_("Missing (counts as 0)"),
    "excused": N_("Excused"),
}


class ScoringInputError(DomainError):
    """Inputs the scoring rules cannot accept: an English message id with parameters,
    translated where it is shown (set-up forms, the shell)."""

    status_code = 422


def present(value: Decimal | None) -> Decimal | None:
    """Round a score for display, snapshots and comparisons (0.01, ROUND_HALF_UP)."""
    if value is None:
        return None
    if value.__class__ is not Decimal:
        value = Decimal(value)
    return value.quantize(PRECISION, rounding=ROUND_HALF_UP)


def present_str(value: Decimal | None) -> str | None:
    """``present`` as a string, the JSON form of a score ("58.50")."""
    rounded = present(value)
    return None if rounded is None else str(rounded)


def to_decimal(value) -> Decimal:
    """Turn an int, str, float or Decimal into a Decimal (floats via str to avoid binary noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        raise ScoringInputError(N_("%(value)s cannot be read as a number"), value=repr(value))
    return Decimal(str(value))


def jsonable(value):
    """Convert raw inputs (Decimals, tuples, mappings, datetimes) to JSON-safe values, unrounded."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def _clamp(value: Decimal) -> Decimal:
    return max(Decimal(0), min(HUNDRED, value))


# --- rubrics (评分表) -------------------------------------------------------------------------


@dataclass(frozen=True)
class RubricLevel:
    id: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class RubricCriterion:
    id: str
    name: str
    weight: Decimal
    levels: tuple[RubricLevel, ...]

    def level_score(self, level_id: str) -> Decimal:
        """0–100 for the chosen level: its points over the best level's points."""
        best = max(level.points for level in self.levels)
        for level in self.levels:
            if level.id == level_id:
                return HUNDRED * level.points / best
        raise ScoringInputError(
            N_("The criterion “%(name)s” has no level “%(level)s”"), name=self.name, level=level_id
        )


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[RubricCriterion, ...]

    def __post_init__(self):
        if not self.criteria or sum(c.weight for c in self.criteria) <= 0:
            raise ScoringInputError(
                N_("The rubric needs at least one criterion with a positive weight")
            )
        for criterion in self.criteria:
            if not criterion.levels or max(lv.points for lv in criterion.levels) <= 0:
                raise ScoringInputError(
                    N_("The criterion “%(name)s” needs at least one level with positive points"),
                    name=criterion.name,
                )


def _one_evaluator(rubric: Rubric, levels: Mapping[str, str]) -> Decimal:
    total = Decimal(0)
    for criterion in rubric.criteria:
        if criterion.id not in levels:
            raise ScoringInputError(
                N_("Choose a level for the criterion “%(name)s”"), name=criterion.name
            )
        total += criterion.weight * criterion.level_score(levels[criterion.id])
    return total / sum(c.weight for c in rubric.criteria)


def evaluation_score(
    rubric: Rubric,
    levels_1: Mapping[str, str],
    levels_2: Mapping[str, str] | None = None,
) -> Decimal:
    """0–100 rubric score: weighted criteria per evaluator, then the plain mean of evaluators."""
    scores = [_one_evaluator(rubric, levels_1)]
    if levels_2 is not None:
        scores.append(_one_evaluator(rubric, levels_2))
    return sum(scores) / len(scores)


# --- KPI rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRule:
    """Maps a monthly KPI value to 0–100 points.

    ``linear``: 0 at ``worst``, 100 at ``best``, straight line between, clamped (so exceeding
    the target earns nothing extra). With ``lower_is_better`` (e.g. overdue rate) ``best`` must be
    below ``worst``. ``bands``: ``(threshold, points)`` pairs; the value earns the points of the
    best band it reaches (value ≥ threshold, or ≤ threshold when lower is better), else 0.
    """

    mode: str
    worst: Decimal | None = None
    best: Decimal | None = None
    bands: tuple[tuple[Decimal, Decimal], ...] = ()
    lower_is_better: bool = False

    def __post_init__(self):
        if self.mode == "linear":
            if self.worst is None or self.best is None or self.worst == self.best:
                raise ScoringInputError(N_("The worst value and the target value must differ"))
            if (self.best < self.worst) != self.lower_is_better:
                if self.lower_is_better:
                    raise ScoringInputError(
                        N_("Lower is better: the target value must be below the worst value")
                    )
                raise ScoringInputError(
                    N_("Higher is better: the target value must be above the worst value")
                )
        elif self.mode == "bands":
            if not self.bands or any(not 0 <= pts <= 100 for _, pts in self.bands):
                raise ScoringInputError(
                    N_(
                        "Give at least one band, each with points between 0 and 100 "
                        "(e.g. 0:0, 3:60, 5:100)"
                    )
                )
        else:
            raise ScoringInputError(N_("Choose how the KPI is scored"))

    def points(self, value) -> Decimal:
        value = to_decimal(value)
        if self.mode == "linear":
            return _clamp(HUNDRED * (value - self.worst) / (self.best - self.worst))
        if self.lower_is_better:
            reached = [pts for limit, pts in self.bands if value <= limit]
        else:
            reached = [pts for limit, pts in self.bands if value >= limit]
        return max(reached, default=Decimal(0))


def ramp_target(base, step, month: int) -> Decimal:
    """Target for month ``month`` (1-based) of the lending stage: base + step × (month − 1)."""
    if month < 1:
        raise ScoringInputError(N_("Months are counted from 1"))
    return to_decimal(base) + to_decimal(step) * (month - 1)


# --- components -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentSpec:
    """One scored part of a stage. ``max_points`` is needed for quiz and case only."""

    id: str
    kind: str
    weight: Decimal
    max_points: Decimal | None = None
    deadline: datetime | None = None
    kpi_rule: KpiRule | None = None
    rubric: Rubric | None = None
    hard_min: Decimal | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ScoringInputError(N_("Unknown component kind: %(kind)s"), kind=self.kind)
        if self.weight < 0:
            raise ScoringInputError(
                N_("The weight of component %(id)s cannot be negative"), id=self.id
            )
        if self.kind in EXTERNAL_KINDS and not (self.max_points and self.max_points > 0):
            raise ScoringInputError(
                N_("Component %(id)s needs positive maximum points"), id=self.id
            )
        if self.kind == "kpi" and self.kpi_rule is None:
            raise ScoringInputError(N_("KPI component %(id)s has no scoring rule"), id=self.id)
        if self.kind == "evaluation" and self.rubric is None:
            raise ScoringInputError(N_("Evaluation component %(id)s has no rubric"), id=self.id)


@dataclass(frozen=True, slots=True)
class ComponentResult:
    component_id: str
    status: str
    normalized: Decimal | None
    raw: object = None

    def to_dict(self) -> dict:
        return {
            "component_id": self.component_id,
            "status": self.status,
            "normalized": present_str(self.normalized),
            "raw": jsonable(self.raw),
        }


def normalize_component(
    spec: ComponentSpec, raw, now: datetime, *, excused: bool = False
) -> ComponentResult:
    """Turn raw work into a 0–100 result.

    ``raw`` is points earned (quiz, case), the KPI value (kpi), or one evaluator's
    ``{criterion_id: level_id}`` mapping or a sequence of one or two of them (evaluation).
    ``raw=None`` means no work: ``pending`` up to and including the deadline (or forever if
    there is no deadline), ``missing`` with 0 points after it, ``excused`` if a manager approved.
    """
    if raw is None:
        if excused:
            return ComponentResult(spec.id, "excused", None)
        if spec.deadline is None or now <= spec.deadline:
            return ComponentResult(spec.id, "pending", None)
        return ComponentResult(spec.id, "missing", Decimal(0))
    if spec.kind in EXTERNAL_KINDS:
        points = to_decimal(raw)
        if not 0 <= points <= spec.max_points:
            raise ScoringInputError(
                N_("The score %(points)s of component %(id)s is outside 0–%(maximum)s"),
                points=points,
                id=spec.id,
                maximum=spec.max_points,
            )
        return ComponentResult(spec.id, "scored", HUNDRED * points / spec.max_points, raw)
    if spec.kind == "kpi":
        return ComponentResult(spec.id, "scored", spec.kpi_rule.points(raw), raw)
    sheets = [raw] if isinstance(raw, Mapping) else list(raw)
    if not 1 <= len(sheets) <= 2:
        raise ScoringInputError(
            N_("Evaluation component %(id)s needs the sheets of one or two evaluators"), id=spec.id
        )
    return ComponentResult(spec.id, "scored", evaluation_score(spec.rubric, *sheets), raw)
