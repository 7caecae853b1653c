"""Staged assessment scoring (阶段考评计分): pure rules, no Flask, no database.

Every component score is normalized to 0–100 and kept as an unrounded ``Decimal``.

Rounding rule (the only one in the assessment package): a score is rounded with
``Decimal.quantize(Decimal("0.01"), ROUND_HALF_UP)`` — see :func:`present` — and only at a
presentation boundary: ``to_dict()`` snapshots, rank and tie comparisons ("two trainees shown
with the same score are tied") and threshold checks ("below 60" means the shown score is below
60). Intermediate sums, weights and averages are never rounded.

Stage score = Σ(weight × normalized) ÷ Σ(weight of counted components), so weights need not sum
to 1. Counted components are those ``scored`` or ``missing`` (missing counts as 0 once its
deadline has passed). ``pending`` components (no result yet, deadline not passed) are left out
of the denominator and make the stage score *provisional*. ``excused`` components (absence
approved by a manager) are also left out, but do not make the score provisional.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter, itemgetter, mul

PRECISION = Decimal("0.01")
HUNDRED = Decimal(100)
KINDS = ("quiz", "case", "evaluation", "kpi", "simulator")
# Kinds whose points come from another area (through its results functions), out of max_points.
EXTERNAL_KINDS = ("quiz", "case", "simulator")
STATUSES = ("scored", "pending", "missing", "excused")
_status = attrgetter("status")
_normalized = attrgetter("normalized")


class ScoringInputError(ValueError):
    """Raised for inputs the scoring rules cannot accept; the message is user-facing."""


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
        raise ScoringInputError(f"无法作为数值:{value!r}")
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
        raise ScoringInputError(f"评分项“{self.name}”没有等级“{level_id}”")


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[RubricCriterion, ...]

    def __post_init__(self):
        if not self.criteria or sum(c.weight for c in self.criteria) <= 0:
            raise ScoringInputError("评分表至少需要一个权重为正的评分项")
        for criterion in self.criteria:
            if not criterion.levels or max(lv.points for lv in criterion.levels) <= 0:
                raise ScoringInputError(f"评分项“{criterion.name}”需要至少一个得分为正的等级")


def _one_evaluator(rubric: Rubric, levels: Mapping[str, str]) -> Decimal:
    total = Decimal(0)
    for criterion in rubric.criteria:
        if criterion.id not in levels:
            raise ScoringInputError(f"评分项“{criterion.name}”尚未选择等级")
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
                raise ScoringInputError("线性 KPI 规则需要两个不同的 worst 与 best 值")
            if (self.best < self.worst) != self.lower_is_better:
                raise ScoringInputError("KPI 规则方向不一致:越低越好时 best 应小于 worst")
        elif self.mode == "bands":
            if not self.bands or any(not 0 <= pts <= 100 for _, pts in self.bands):
                raise ScoringInputError("分档 KPI 规则需要至少一档,且每档分数在0–100之间")
        else:
            raise ScoringInputError(f"未知的 KPI 规则类型:{self.mode}")

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
        raise ScoringInputError("月份从1开始")
    return to_decimal(base) + to_decimal(step) * (month - 1)


# --- components and stages --------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentSpec:
    """One scored part of a stage. ``max_points`` is needed for quiz, case and simulator only."""

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
            raise ScoringInputError(f"未知的考评组件类型:{self.kind}")
        if self.weight < 0:
            raise ScoringInputError(f"组件“{self.id}”的权重不能为负")
        if self.kind in EXTERNAL_KINDS and not (self.max_points and self.max_points > 0):
            raise ScoringInputError(f"组件“{self.id}”需要正的满分值 max_points")
        if self.kind == "kpi" and self.kpi_rule is None:
            raise ScoringInputError(f"KPI 组件“{self.id}”缺少计分规则")
        if self.kind == "evaluation" and self.rubric is None:
            raise ScoringInputError(f"评估组件“{self.id}”缺少评分表")


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
            raise ScoringInputError(f"组件“{spec.id}”的得分 {points} 超出 0–{spec.max_points}")
        return ComponentResult(spec.id, "scored", HUNDRED * points / spec.max_points, raw)
    if spec.kind == "kpi":
        return ComponentResult(spec.id, "scored", spec.kpi_rule.points(raw), raw)
    sheets = [raw] if isinstance(raw, Mapping) else list(raw)
    if not 1 <= len(sheets) <= 2:
        raise ScoringInputError(f"评估组件“{spec.id}”需要一到两位评估人的评分")
    return ComponentResult(spec.id, "scored", evaluation_score(spec.rubric, *sheets), raw)


@dataclass(frozen=True, slots=True)
class StageScore:
    """``score`` is unrounded and ``None`` while no component counts yet."""

    score: Decimal | None
    provisional: bool
    results: tuple[ComponentResult, ...]
    effective_weights: Mapping[str, Decimal] = field(default_factory=dict)
    pending: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    excused: tuple[str, ...] = ()
    hard_min_failed: tuple[str, ...] = ()

    def passed(self, pass_mark) -> bool:
        """Shown score ≥ pass mark and every hard minimum met (may change while provisional)."""
        if self.score is None or self.hard_min_failed:
            return False
        return present(self.score) >= to_decimal(pass_mark)

    def to_dict(self) -> dict:
        return {
            "score": present_str(self.score),
            "provisional": self.provisional,
            "components": [r.to_dict() for r in self.results],
            "effective_weights": {k: str(v) for k, v in self.effective_weights.items()},
            "pending": list(self.pending),
            "missing": list(self.missing),
            "excused": list(self.excused),
            "hard_min_failed": list(self.hard_min_failed),
        }


def stage_score(
    components: Sequence[ComponentSpec], results: Mapping[str, ComponentResult]
) -> StageScore:
    """Weighted stage score; see the module docstring for pending/missing/excused handling."""
    ordered = []
    for spec in components:
        if spec.id not in results:
            raise ScoringInputError(f"组件“{spec.id}”没有结果")
        ordered.append(results[spec.id])
    return StagePlan(components).score(tuple(ordered))


class StagePlan:
    """``stage_score`` for many trainees of one stage (the scoreboard's hot loop).

    What depends only on which components are scored, missing, pending or excused — the
    effective weights, the status lists — is worked out once per pattern of statuses and
    shared (read-only) by every StageScore with that pattern. Per trainee only the weighted
    sum remains, the same Decimal operations in the same order as always, so the numbers
    are identical to the ones a single ``stage_score`` call gives.
    """

    def __init__(self, components: Sequence[ComponentSpec]):
        self.components = tuple(components)
        self._patterns: dict[tuple[str, ...], tuple] = {}

    def _pattern(self, statuses: tuple[str, ...]) -> tuple:
        by_status = {status: [] for status in STATUSES}
        for index, status in enumerate(statuses):
            by_status[status].append(index)
        counted = by_status["scored"] + by_status["missing"]
        specs = self.components
        total_weight = sum((specs[i].weight for i in counted), Decimal(0))
        weights = {}
        if total_weight > 0:
            weights = {specs[i].id: specs[i].weight / total_weight for i in counted}
        else:
            counted = []
        ids = {s: tuple(specs[i].id for i in by_status[s]) for s in STATUSES}
        pairs = None
        if counted:
            pairs = (itemgetter(*counted), tuple(weights[specs[i].id] for i in counted))
        minima = tuple(
            (i, specs[i].id, specs[i].hard_min)
            for i in by_status["scored"] + by_status["missing"]
            if specs[i].hard_min is not None
        )
        return pairs, weights, ids["pending"], ids["missing"], ids["excused"], minima

    def score(self, results: tuple[ComponentResult, ...]) -> StageScore:
        """The StageScore of one trainee; ``results`` in the order of the components."""
        statuses = tuple(map(_status, results))
        pattern = self._patterns.get(statuses)
        if pattern is None:
            if len(statuses) != len(self.components):
                raise ScoringInputError("阶段组件与结果的数量不一致")
            pattern = self._patterns[statuses] = self._pattern(statuses)
        pairs, weights, pending, missing, excused, minima = pattern
        score = None
        if pairs:
            chosen, factors = pairs
            chosen = chosen(results) if len(factors) > 1 else (chosen(results),)
            # sum(weight × normalized), scored then missing, as stage_score always did.
            score = sum(map(mul, factors, map(_normalized, chosen)))
        failed = ()
        if minima:
            failed = tuple(cid for i, cid, low in minima if present(results[i].normalized) < low)
        return StageScore(
            score=score,
            provisional=bool(pending),
            results=results,
            effective_weights=weights,
            pending=pending,
            missing=missing,
            excused=excused,
            hard_min_failed=failed,
        )


def monthly_stage_score(month_scores: Sequence[Decimal | None], last_n: int | None = None):
    """Lending-stage score: mean of the months that have a score (optionally the last n only)."""
    scored = [to_decimal(s) for s in month_scores if s is not None]
    if last_n is not None:
        scored = scored[-last_n:] if last_n > 0 else []
    return sum(scored) / len(scored) if scored else None


def overall_score(
    stage_scores: Sequence[StageScore | Decimal | None], stage_weights: Sequence
) -> Decimal | None:
    """Cumulative score (累计分): stages that have a score, weights renormalized over them.

    ``stage_scores`` are in stage order, aligned with ``stage_weights``; a stage whose score is
    ``None`` (not started) is carried with weight 0. Returns ``None`` while no stage has a score.
    """
    if len(stage_scores) != len(stage_weights):
        raise ScoringInputError("阶段分数与阶段权重的数量不一致")
    pairs = []
    for stage, weight in zip(stage_scores, stage_weights, strict=True):
        value = stage.score if isinstance(stage, StageScore) else stage
        if value is not None:
            pairs.append((to_decimal(value), to_decimal(weight)))
    total_weight = sum((w for _, w in pairs), Decimal(0))
    if total_weight <= 0:
        return None
    return sum(v * w for v, w in pairs) / total_weight
